//! `frontline sandbox` as a process: the banner's first line, serving, and a clean shutdown on
//! SIGTERM with nothing lost from the database.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn banner_then_clean_shutdown_on_sigterm_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["sandbox", "--listen", "127.0.0.1:0", "--tickets", "25", "--token", "t0k", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let url =
        first.trim().strip_prefix("sandbox listening on ").unwrap_or_else(|| panic!("first line: {first}")).to_string();
    assert!(url.starts_with("http://127.0.0.1:"));
    let mut rest = String::new();
    for _ in 0..3 {
        out.read_line(&mut rest).unwrap();
    }
    assert!(rest.contains("token:  t0k") && rest.contains("agents: ") && rest.contains("admin:"), "{rest}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new()
            .put(format!("{url}/api/v2/tickets/3.json"))
            .basic_auth("priya@northwind.example/token", Some("t0k"))
            .json(&serde_json::json!({"ticket": {"comment": {"body": "kept across a SIGTERM", "public": false}}}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success() || r.status() == 422, "{}", r.status());
    });
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert!(status.success(), "clean exit on SIGTERM: {status}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 25);
    let kept: i64 =
        conn.query_row("SELECT COUNT(*) FROM comments WHERE body = 'kept across a SIGTERM'", [], |r| r.get(0)).unwrap();
    let closed: i64 =
        conn.query_row("SELECT COUNT(*) FROM tickets WHERE id = 3 AND status = 'closed'", [], |r| r.get(0)).unwrap();
    assert_eq!(kept + closed, 1, "the change made before SIGTERM is in the file");
}

#[test]
fn a_reader_that_goes_away_does_not_kill_the_sandbox() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["sandbox", "--listen", "127.0.0.1:0", "--tickets", "10", "--token", "t"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let url = {
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        first.trim().strip_prefix("sandbox listening on ").unwrap().to_string()
        // the pipe closes here, before the rest of the banner may have been written
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let status = rt.block_on(async {
        reqwest::Client::new()
            .get(format!("{url}/api/v2/users/me.json"))
            .basic_auth("priya@northwind.example/token", Some("t"))
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    assert_eq!(status.ok(), Some(200), "still serving");
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(child.wait().unwrap().success());
}
