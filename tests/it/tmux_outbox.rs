//! The real console in a real terminal (tmux) against a sandbox, killed the hard way: SIGKILL
//! while a reply is on its way leaves it in the outbox, and the next start delivers it exactly
//! once; SIGTERM while typing keeps the draft. And a profile pointed at another helpdesk never
//! paints the old one's queue nor sends its waiting reply there. Ignored by a plain `cargo
//! test`; `cargo test -- --ignored` runs them, and fails without tmux saying how to install it.

use crate::support;

use support::tmux::Session;

use support::tmux::until as wait_until;
use support::tmux::{outbox_rows, store_path};

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn sigkill_mid_send_then_restart_delivers_once_and_sigterm_keeps_the_draft() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sb = support::tmux::sandbox(&rt, 40, 1);
    let home = tempfile::tempdir().unwrap();
    support::tmux::write_config(home.path(), &support::tmux::shop_profile(&sb, ""));
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
    s.keys(&[text]);
    s.send("C-s");
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

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn a_profile_pointed_at_another_helpdesk_never_shows_the_old_queue_nor_sends_its_reply_there() {
    // found in review: after repointing a profile the old helpdesk's cached queue stayed on
    // screen, and its queued reply went out onto the new helpdesk's ticket of the same number
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (old, new) = (support::tmux::sandbox(&rt, 40, 1), support::tmux::sandbox(&rt, 40, 2));
    let subjects = |sb: &frontline_sandbox::SandboxHandle| -> Vec<(u64, String)> {
        let mut all = Vec::new();
        for view in rt.block_on(support::api(sb, "/api/v2/views/active.json"))["views"].as_array().unwrap() {
            let path = format!("/api/v2/views/{}/tickets.json", view["id"]);
            for t in rt.block_on(support::api(sb, &path))["tickets"].as_array().unwrap() {
                all.push((t["id"].as_u64().unwrap(), t["subject"].as_str().unwrap().to_string()));
            }
        }
        all
    };
    let (old_tickets, new_tickets) = (subjects(&old), subjects(&new));
    let short = |t: &str| t.chars().take(20).collect::<String>();
    let only_old: Vec<String> = old_tickets
        .iter()
        .map(|(_, s)| short(s))
        .filter(|s| !new_tickets.iter().any(|(_, n)| short(n) == *s))
        .collect();
    // a ticket number both helpdesks have: the reply is written to the old one's
    let open: Vec<u64> = rt.block_on(support::api(&old, "/api/v2/views/405/tickets.json"))["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_u64().unwrap())
        .collect();
    let id = open.into_iter().find(|i| new_tickets.iter().any(|(n, _)| n == i)).unwrap();
    let home = tempfile::tempdir().unwrap();
    support::tmux::write_config(home.path(), &support::tmux::shop_profile(&old, ""));

    // on the old helpdesk, a reply that cannot go yet (it answers 503) waits in the outbox
    let s = Session::start("frontline-old", 160, 40, home.path(), "", "--profile shop");
    let screen = s.wait_for("Unassigned (");
    // what the old helpdesk shows, and the new one has nowhere: it must never appear again
    let shown_old: Vec<&String> = only_old.iter().filter(|o| screen.contains(o.as_str())).collect();
    assert!(!shown_old.is_empty(), "the old queue shows tickets of its own:\n{screen}");
    s.keys(&[":", &format!("ticket {id}"), "Enter"]);
    s.wait_for(&format!("┌ #{id} "));
    old.set_faults(frontline_sandbox::Faults::parse("5xx=100%").unwrap());
    let text = "Your refund for order NW1 is on its way.";
    s.keys(&["r", text]);
    s.send("C-s");
    wait_until("the reply waiting after a failed try", 30, || {
        outbox_rows(home.path()).iter().any(|(state, attempts)| state == "queued" && *attempts >= 1)
    });
    s.signal("-TERM");
    s.wait_for("FRONTLINE-EXITED 0");
    drop(s);

    // the same profile, pointed at another helpdesk
    support::tmux::write_config(home.path(), &support::tmux::shop_profile(&new, ""));
    let s = Session::start("frontline-new", 160, 40, home.path(), "", "--profile shop");
    wait_until("the new helpdesk's queue on screen", 30, || {
        let screen = s.screen();
        for o in &shown_old {
            assert!(!screen.contains(o.as_str()), "the old helpdesk's ticket `{o}` was painted:\n{screen}");
        }
        screen.contains("Unassigned (") && new_tickets.iter().any(|(_, n)| screen.contains(&short(n)))
    });
    // its queued reply is not this store's to send: listed as orphaned, never sent here
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["--profile", "shop", "outbox", "--json"])
        .env("XDG_DATA_HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains("\"orphaned\"") && listed.contains(text), "{listed}");
    // the console says so too, and :outbox shows where they belong and what can be done
    s.wait_for("for another helpdesk · :outbox");
    s.keys(&[":", "outbox", "Enter"]);
    s.wait_for("never sent from here");
    let screen = s.screen();
    assert!(screen.contains("reply to #") && screen.contains("frontline outbox export"), "{screen}");
    s.keys(&["Escape"]);
    let comments = rt.block_on(support::api(&new, &format!("/api/v2/tickets/{id}/comments.json")));
    assert!(!comments.to_string().contains(text), "the old helpdesk's reply reached the new one");
    assert!(!new.requests().iter().any(|r| r.method == "PUT"), "no write at all reached the new helpdesk");
    s.signal("-TERM");
    s.wait_for("FRONTLINE-EXITED 0");
    drop(s);
    rt.block_on(old.stop());
    rt.block_on(new.stop());
}

#[test]
#[ignore = "needs tmux and root (to mount a small tmpfs): cargo test -- --ignored as root"]
fn on_a_full_disk_a_draft_is_never_called_kept_q_asks_and_the_text_is_printed_on_exit() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sb = support::tmux::sandbox(&rt, 30, 2);
    let home = tempfile::tempdir().unwrap();
    let mounted =
        std::process::Command::new("mount").args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"]).arg(home.path()).status();
    assert!(mounted.is_ok_and(|s| s.success()), "mount a tmpfs (this test runs as root: .ci/run does)");
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(home.path().to_path_buf());
    support::tmux::write_config(home.path(), &support::tmux::shop_profile(&sb, ""));
    let s = Session::start("frontline-full", 120, 32, home.path(), "", "--profile shop");
    s.wait_for("Unassigned (");
    s.keys(&["r"]);
    s.wait_for("Esc keep draft");
    // the disk fills up while the agent writes
    {
        use std::io::Write;
        let mut f = std::fs::File::create(home.path().join("fill")).unwrap();
        let block = vec![0u8; 65536];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
    }
    let text = "Sorry about the crack, a replacement is on its way.";
    s.keys(&[text, "Escape"]);
    let screen = s.wait_for("could not be saved");
    assert!(!screen.contains("draft kept"), "{screen}");
    s.keys(&["q"]);
    s.wait_for("q again quits");
    s.keys(&["q"]);
    let screen = s.wait_for("FRONTLINE-EXITED 0");
    assert!(screen.contains(text), "the text is printed on the way out:\n{screen}");
    drop(s);
    rt.block_on(sb.stop());
}
