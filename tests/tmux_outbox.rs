//! The real console in a real terminal (tmux) against a sandbox, killed the hard way: SIGKILL
//! while a reply is on its way leaves it in the outbox, and the next start delivers it exactly
//! once; SIGTERM while typing keeps the draft. Skips, saying how to run it, without tmux.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn have_tmux() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    eprintln!("skipped: tmux is not installed (apt-get install tmux, then cargo test --test tmux_outbox)");
    false
}

struct Session(String);

impl Session {
    /// The console on profile `shop`, with config and data under `home`.
    fn start(name: &str, home: &Path) -> Session {
        let bin = env!("CARGO_BIN_EXE_frontline");
        let cmd = format!(
            "env XDG_DATA_HOME={0} XDG_CONFIG_HOME={0} {bin} --profile shop; echo FRONTLINE-EXITED $?; sleep 30",
            home.display()
        );
        let name = format!("{name}-{}", std::process::id());
        tmux(&["new-session", "-d", "-s", &name, "-x", "160", "-y", "40", &cmd]);
        Session(name)
    }

    fn screen(&self) -> String {
        tmux(&["capture-pane", "-p", "-t", &self.0])
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "`{needle}` never appeared; screen:\n{s}");
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            tmux(&["send-keys", "-t", &self.0, k]);
            std::thread::sleep(Duration::from_millis(120));
        }
    }

    fn signal(&self, sig: &str) {
        let pid = tmux(&["list-panes", "-t", &self.0, "-F", "#{pane_pid}"]);
        let ok = Command::new("pkill").args([sig, "-P", pid.trim(), "frontline"]).status();
        assert!(ok.is_ok_and(|s| s.success()), "no frontline process to signal");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        tmux(&["kill-session", "-t", &self.0]);
    }
}

fn store_path(home: &Path) -> PathBuf {
    home.join("frontline").join("store").join("shop.db")
}

/// Rows of the store's outbox not yet done: (state, attempts).
fn outbox_rows(home: &Path) -> Vec<(String, i64)> {
    let Ok(c) = rusqlite::Connection::open_with_flags(store_path(home), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return vec![];
    };
    let Ok(mut q) = c.prepare("SELECT state, attempts FROM outbox WHERE done_at IS NULL") else { return vec![] };
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map(|rows| rows.filter_map(Result::ok).collect())
        .unwrap_or_default()
}

fn wait_until(what: &str, secs: u64, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < Duration::from_secs(secs), "{what}: not within {secs}s");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn sigkill_mid_send_then_restart_delivers_once_and_sigterm_keeps_the_draft() {
    if !have_tmux() {
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sb = rt
        .block_on(frontline::sandbox::start(frontline::sandbox::SandboxOptions {
            tickets: 40,
            token: Some("tmux-token".into()),
            ..Default::default()
        }))
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("frontline")).unwrap();
    std::fs::write(
        home.path().join("frontline").join("config.toml"),
        format!(
            "undo_seconds = 0\n[profiles.shop]\nbackend = \"zendesk\"\nurl = \"{}\"\nemail = \"{}\"\ntoken_command = [\"echo\", \"tmux-token\"]\n",
            sb.url, sb.agent_emails[0]
        ),
    )
    .unwrap();
    let api = |path: &str| -> serde_json::Value {
        rt.block_on(async {
            reqwest::Client::new()
                .get(format!("{}{path}", sb.url))
                .basic_auth(format!("{}/token", sb.agent_emails[0]), Some("tmux-token"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        })
    };
    let id = api("/api/v2/views/405/tickets.json")["tickets"][0]["id"].as_u64().unwrap();
    let text = "Your replacement ships tomorrow morning.";
    let copies = || {
        api(&format!("/api/v2/tickets/{id}/comments.json"))["comments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["body"] == text)
            .count()
    };

    let s = Session::start("frontline-kill", home.path());
    s.wait_for("Unassigned (");
    // the helpdesk slows down: the reply is committed and on its way when the console dies
    sb.set_faults(frontline::sandbox::Faults::parse("latency=4s").unwrap());
    s.keys(&[":", &format!("ticket {id}"), "Enter"]);
    std::thread::sleep(Duration::from_millis(4_500));
    s.keys(&["r"]);
    s.keys(&[text, "C-s"]);
    wait_until("the reply claimed for sending", 10, || outbox_rows(home.path()).iter().any(|(s, _)| s == "sending"));
    s.signal("-KILL");
    s.wait_for("FRONTLINE-EXITED");
    sb.set_faults(frontline::sandbox::Faults::default());
    drop(s);
    // the killed request may or may not have reached the helpdesk: either way, once in the end
    std::thread::sleep(Duration::from_secs(5));
    assert!(copies() <= 1);
    assert_eq!(outbox_rows(home.path()).len(), 1, "still in the outbox after the kill");

    let s = Session::start("frontline-restart", home.path());
    s.wait_for("Unassigned (");
    wait_until("the outbox emptied", 20, || outbox_rows(home.path()).is_empty());
    assert_eq!(copies(), 1, "delivered exactly once");

    // SIGTERM while typing: the draft is flushed on the way out
    s.keys(&[":", &format!("ticket {id}"), "Enter", "r", "Half a thought about the refund"]);
    s.signal("-TERM");
    let after = s.wait_for("FRONTLINE-EXITED");
    assert!(!after.contains("Unassigned ("), "terminal restored:\n{after}");
    let drafts: Vec<String> = {
        let c = rusqlite::Connection::open(store_path(home.path())).unwrap();
        let mut q = c.prepare("SELECT body FROM drafts").unwrap();
        q.query_map([], |r| r.get(0)).unwrap().filter_map(Result::ok).collect()
    };
    assert_eq!(drafts, vec!["Half a thought about the refund".to_string()]);
    assert_eq!(copies(), 1, "and nothing sent twice");
    rt.block_on(sb.stop());
}
