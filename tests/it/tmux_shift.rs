//! A shift's sharp edges in the real binary (tmux) against a sandbox: the ticket an agent has
//! just taken leaves "Unassigned" on the next poll, and `r` still answers that ticket, not the
//! one that slid into its row; after the send the next ticket is open and `j` moves the
//! queue. Ignored by a plain `cargo test`; `cargo test -- --ignored` runs
//! it, and fails without tmux saying how to install it.

use crate::support;

use support::tmux::Session;

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn a_take_in_unassigned_then_r_replies_to_the_taken_ticket() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sb = support::tmux::sandbox(&rt, 60, 1);
    let home = tempfile::tempdir().unwrap();
    support::tmux::write_config(home.path(), &support::tmux::shop_profile(&sb, "poll_interval_secs = 2\n"));
    // 80x24, where a row sliding up is easiest to miss
    let s = Session::start("frontline-take", 80, 24, home.path(), "", "--profile shop");
    s.keys(&[":", "view Unassigned", "Enter"]);
    s.wait_for("Unassigned (");
    s.keys(&["j", "j", "Enter"]);
    let screen = s.wait_for("┌ #");
    let taken: u64 = screen
        .split("┌ #")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no ticket open:\n{screen}"));
    s.keys(&["h", "a"]);
    // the next poll sees it assigned: it left the view, and stays under the agent's hands
    let screen = s.wait_for("(not in this view)");
    assert!(screen.contains(&format!("#{taken} (not in this view)")), "the taken ticket stays open:\n{screen}");
    let text = "Thanks for waiting — I have your order in front of me now.";
    s.keys(&["r"]);
    let screen = s.wait_for(&format!("· #{taken}"));
    assert!(screen.contains("Reply by"), "{screen}");
    s.keys(&[text]);
    s.send("C-s");
    let landed = || {
        let c = rt.block_on(support::api(&sb, &format!("/api/v2/tickets/{taken}/comments.json")));
        c["comments"].as_array().unwrap().iter().any(|c| c["body"] == text)
    };
    support::tmux::until("the reply on the taken ticket", 20, landed);
    let assigned = rt.block_on(support::api(&sb, &format!("/api/v2/tickets/{taken}.json")));
    assert!(assigned["ticket"]["assignee_id"].is_u64(), "and it was taken: {assigned}");
    // the send moved on: the next ticket is open and j moves the queue, no Esc needed
    let open_now = |screen: &str| -> Option<u64> {
        screen.split("┌ #").nth(1).and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())?.parse().ok()
    };
    let mut screen = String::new();
    support::tmux::until("the next ticket open after the send", 20, || {
        screen = s.screen();
        open_now(&screen).is_some_and(|n| n != taken) && screen.contains("j move")
    });
    let next = open_now(&screen).unwrap();
    s.keys(&["j"]);
    support::tmux::until("j moved the queue on", 20, || open_now(&s.screen()).is_some_and(|n| n != next));
    s.keys(&["q"]);
    s.wait_for("FRONTLINE-EXITED 0");
    rt.block_on(sb.stop());
}
