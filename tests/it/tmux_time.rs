//! Time tracking in the real console (tmux) against a sandbox: open a ticket, type, look away
//! longer than the idle limit, type again, send — the Zendesk Time Tracking fields hold the
//! time the test spent working (the idle stretch beyond the limit left out), and a console
//! killed with SIGKILL while the reply is on its way counts it once after the restart.
//! Ignored by a plain `cargo test`; `cargo test -- --ignored` runs it.

use crate::support;

use serde_json::Value;
use std::time::Duration;
use support::tmux::{Session, outbox_rows, shown_secs, until};

const TOTAL: u64 = 360_000_100_002;
const LAST: u64 = 360_000_100_003;
/// `idle_minutes = 0.1`: six seconds without a key still count, no more.
const IDLE_SECS: f64 = 6.0;

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn time_worked_lands_in_the_zendesk_fields_once_without_the_idle_stretch() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sb = support::tmux::sandbox(&rt, 40, 3);
    let home = tempfile::tempdir().unwrap();
    let config =
        format!("{}\n[time_tracking]\nenabled = true\nidle_minutes = 0.1\n", support::tmux::shop_profile(&sb, ""));
    support::tmux::write_config(home.path(), &config);
    let api = |path: &str| rt.block_on(support::api(&sb, path));
    let field = |id: u64, fid: u64| -> u64 {
        let t = api(&format!("/api/v2/tickets/{id}.json"));
        let list = t["ticket"]["custom_fields"].as_array().unwrap().clone();
        list.iter().find(|f| f["id"] == fid).and_then(|f| f["value"].as_u64()).unwrap_or(0)
    };
    let id = api("/api/v2/views/405/tickets.json")["tickets"][2]["id"].as_u64().unwrap();
    let before = field(id, TOTAL);
    let text = "Checking with the carrier now, and I will write back to you today with what they say.";
    let copies = || {
        let c = api(&format!("/api/v2/tickets/{id}/comments.json"));
        c["comments"].as_array().unwrap().iter().filter(|c| c["body"] == text).count()
    };

    let s = Session::start("frontline-time", 160, 40, home.path(), "", "--profile shop");
    s.wait_for("Unassigned (");
    s.keys(&[":", &format!("ticket {id}"), "Enter"]);
    s.wait_for(&format!("┌ #{id} "));
    let opened = frontline_clock::monotonic();
    // the agent types a word each time the timer moves on, for five seconds or more
    s.keys(&["r"]);
    let mut words = text.split_inclusive(' ');
    let mut counted = 0;
    while counted < 5 {
        s.keys(&[words.next().unwrap()]);
        until("the timer counting on the ticket", 15, || match shown_secs(&s.screen()) {
            Some(v) if v > counted => {
                counted = v;
                true
            }
            _ => false,
        });
    }
    let typed = frontline_clock::monotonic();
    // the agent looks away for twice the idle limit: the simulated agent's pause, not a wait
    // for the program (nothing happens in the console that a test could wait for)
    #[expect(clippy::disallowed_methods, reason = "real time must pass: that time is what is not counted")]
    std::thread::sleep(Duration::from_millis((IDLE_SECS * 2000.0) as u64));
    let paused = shown_secs(&s.screen()).unwrap();
    let resumed = frontline_clock::monotonic();
    let rest: String = words.collect();
    s.keys(&[&rest]);
    until("the timer counting again", 15, || shown_secs(&s.screen()).is_some_and(|v| v >= paused + 3));
    let away = resumed.duration_since(typed).as_secs_f64();
    assert!(away > IDLE_SECS + 3.0, "the pause was longer than the idle limit");

    // sent while the helpdesk is slow, and the console killed on the way
    sb.set_faults(frontline_sandbox::Faults::parse("latency=3s").unwrap());
    s.send("C-s");
    let sent = frontline_clock::monotonic();
    let spent = typed.duration_since(opened).as_secs_f64() + IDLE_SECS + sent.duration_since(resumed).as_secs_f64();
    until("the reply claimed for sending", 10, || outbox_rows(home.path()).iter().any(|(s, _)| s == "sending"));
    s.signal("-KILL");
    s.wait_for("FRONTLINE-EXITED 137");
    sb.set_faults(frontline_sandbox::Faults::default());
    drop(s);
    until("the killed console's requests ended at the helpdesk", 10, || sb.serving() == 0);

    let s = Session::start("frontline-time-again", 160, 40, home.path(), "", "--profile shop");
    s.wait_for("Unassigned (");
    until("the outbox emptied", 30, || outbox_rows(home.path()).is_empty());
    assert_eq!(copies(), 1, "the reply delivered once");
    let (total, last) = (field(id, TOTAL), field(id, LAST));
    assert_eq!(total - before, last, "the total grew by this update's time, once");
    let recorded = last as f64;
    assert!(
        (recorded - spent).abs() <= 3.0,
        "recorded {recorded} s for {spent:.1} s of work (typing, {IDLE_SECS} s of the {away:.1} s pause, typing)"
    );
    let audits = api(&format!("/api/v2/tickets/{id}/audits.json"));
    let last_field = LAST.to_string();
    let timed: Vec<&Value> = audits["audits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["events"].as_array().unwrap())
        .filter(|e| e["field_name"] == last_field.as_str())
        .collect();
    assert_eq!(timed.len(), 1, "one audited update of the time fields: {timed:?}");
    drop(s);
    rt.block_on(sb.stop());
}
