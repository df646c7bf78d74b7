//! The real console in a real terminal (tmux) against a sandbox, killed the hard way: SIGKILL
//! while a reply is on its way leaves it in the outbox, and the next start delivers it exactly
//! once; SIGTERM while typing keeps the draft. Skips, saying how to run it, without tmux.

// Tests stop loudly: unwrap, expect and panic are how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};
use support::tmux::Session;

/// The profile's store: `shop-<identity>.db` once the console has opened it.
fn store_path(home: &Path) -> PathBuf {
    let dir = home.join("frontline").join("store");
    std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("shop-") && n.ends_with(".db")))
        .unwrap_or_else(|| dir.join("shop-not-yet.db"))
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

use support::tmux::until as wait_until;

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn sigkill_mid_send_then_restart_delivers_once_and_sigterm_keeps_the_draft() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sb = rt
        .block_on(frontline_sandbox::start(frontline_sandbox::SandboxOptions {
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
    let api = |path: &str| rt.block_on(support::api(&sb, path));
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

    let s = Session::start("frontline-kill", 160, 40, home.path(), "", "--profile shop");
    s.wait_for("Unassigned (");
    // the helpdesk slows down: the reply is committed and on its way when the console dies
    sb.set_faults(frontline_sandbox::Faults::parse("latency=4s").unwrap());
    s.keys(&[":", &format!("ticket {id}"), "Enter"]);
    // `r` waits for the ticket: its conversation's title shows once it has loaded
    // (not just " #ID ": the customer pane may list the same ticket before it is open)
    s.wait_for(&format!("┌ #{id} "));
    s.keys(&["r"]);
    s.keys(&[text, "C-s"]);
    wait_until("the reply claimed for sending", 10, || outbox_rows(home.path()).iter().any(|(s, _)| s == "sending"));
    s.signal("-KILL");
    s.wait_for("FRONTLINE-EXITED 137");
    sb.set_faults(frontline_sandbox::Faults::default());
    drop(s);
    // the killed request may or may not have reached the helpdesk: either way, once in the end
    wait_until("the killed console's request ended at the helpdesk", 10, || sb.serving() == 0);
    assert!(copies() <= 1);
    assert_eq!(outbox_rows(home.path()).len(), 1, "still in the outbox after the kill");

    let s = Session::start("frontline-restart", 160, 40, home.path(), "", "--profile shop");
    s.wait_for("Unassigned (");
    wait_until("the outbox emptied", 20, || outbox_rows(home.path()).is_empty());
    assert_eq!(copies(), 1, "delivered exactly once");

    // SIGTERM while typing: the draft is flushed on the way out
    s.keys(&[":", &format!("ticket {id}"), "Enter"]);
    s.wait_for(&format!("┌ #{id} "));
    s.keys(&["r", "Half a thought about the refund"]);
    s.wait_for("Half a thought about the refund");
    s.signal("-TERM");
    let after = s.wait_for("FRONTLINE-EXITED 0");
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
