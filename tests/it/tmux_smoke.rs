//! The real binary in a real terminal (tmux): `frontline demo` opens with every pane, answers
//! keys, shows no colour under NO_COLOR, and gives the terminal back on quit and on SIGTERM.
//! Ignored by a plain `cargo test`; `cargo test -- --ignored` runs it where tmux is installed,
//! as `.ci/run` does.

use crate::support;

use std::process::Command;
use support::tmux::{Session, tmux};

/// The binary with config and data in a fresh folder of its own.
fn start(name: &str, w: u16, h: u16, env: &str, args: &str) -> Session {
    Session::start(name, w, h, &tempfile::tempdir().unwrap().keep(), env, args)
}

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn demo_opens_answers_keys_and_restores_the_terminal() {
    let s = start("frontline-smoke", 200, 60, "", "demo --tickets 80 --traffic 0");
    let screen = s.wait_for("Tickets (");
    assert!(screen.lines().next().unwrap().contains("Open"), "KPI bar on top:\n{screen}");
    assert!(screen.contains("All open"), "{screen}");
    assert!(screen.contains("Customer"), "{screen}");
    s.keys(&["?"]);
    s.wait_for("this help");
    s.keys(&["Escape", ":", "view Unassigned", "Enter"]);
    s.wait_for("Unassigned (");
    s.keys(&["q"]);
    let after = s.wait_for("FRONTLINE-EXITED 0");
    assert!(!after.contains("All open"), "the alternate screen is gone after quitting:\n{after}");
}

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn small_terminal_and_no_color() {
    let s = start("frontline-nocolor", 80, 24, "NO_COLOR=1", "demo --tickets 40 --traffic 0");
    s.wait_for("Unas");
    s.wait_for("● online");
    // the first page may land after the status line says online: wait for the selected row
    let styled = || tmux(&["capture-pane", "-p", "-e", "-t", &s.0]);
    support::tmux::until("the selected row in reverse video (selection still visible)", 20, || {
        let screen = styled();
        screen.contains("[7m") || screen.contains(";7m")
    });
    let styled = styled();
    for colour in ["[38;", "[48;", "[31m", "[32m", "[33m", "[34m", "[91m"] {
        assert!(!styled.contains(colour), "NO_COLOR screen has colour {colour:?}");
    }
}

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn sigterm_restores_the_terminal() {
    let s = start("frontline-term", 100, 30, "", "demo --tickets 30 --traffic 0");
    s.wait_for("All open");
    s.signal("-TERM");
    let after = s.wait_for("FRONTLINE-EXITED 0");
    assert!(!after.contains("All open"), "terminal restored after SIGTERM:\n{after}");
}

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn ctrl_e_edits_the_reply_in_the_external_editor() {
    let dir = tempfile::tempdir().unwrap().keep();
    let editor = dir.join("fake-editor");
    std::fs::write(&editor, "#!/bin/sh\necho 'written in the external editor' >> \"$1\"\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let s =
        start("frontline-editor", 120, 36, &format!("VISUAL={}", editor.display()), "demo --tickets 30 --traffic 0");
    // the first tickets in (not only the view's title): `r` needs a selected ticket
    s.wait_for(" synced ");
    s.keys(&["r"]);
    s.wait_for("Reply by ");
    s.keys(&["first line", "C-e"]);
    let screen = s.wait_for("written in the external editor");
    assert!(screen.contains("first line"), "the draft went to the editor and came back:\n{screen}");
    assert!(screen.contains("Reply by "), "back in the console's editor");
}

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn an_osc52_clipboard_write_in_a_message_stays_inert() {
    let s = start("frontline-osc52", 160, 40, "", "demo --tickets 100 --traffic 0");
    s.wait_for("All open");
    // the sandbox seeds ticket 97 with an OSC 52 payload (base64 of `rm -rf ~`) and a bidi override
    s.keys(&[":", "ticket 97", "Enter"]);
    let screen = s.wait_for("Copy my tracking code:");
    assert!(screen.contains("NW-TRACK-"), "{screen}");
    assert!(!screen.contains("52;c;") && !screen.contains("cm0gLXJmIH4K"), "the payload is not shown:\n{screen}");
    let buffers = tmux(&["list-buffers"]);
    assert!(!buffers.contains("rm -rf"), "the terminal's clipboard was not written: {buffers}");
    let shown = tmux(&["show-buffer"]);
    assert!(!shown.contains("rm -rf"));
}

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn tokens_never_reach_logs_or_the_screen() {
    use std::io::{BufRead, BufReader};
    let token = "s3cr3t-T0KEN-for-the-log-test";
    let mut sandbox = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["sandbox", "--listen", "127.0.0.1:0", "--tickets", "30", "--token", token])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(sandbox.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("sandbox listening on ").unwrap().to_string();
    let dir = tempfile::tempdir().unwrap().keep();
    let config = dir.join("config.toml");
    std::fs::write(&config, format!("[profiles.sb]\nbackend = \"zendesk\"\nurl = \"{url}\"\nemail = \"priya@northwind.example\"\ntoken_env = \"FL_TEST_TOKEN\"\n")).unwrap();
    let data = dir.join("data");
    let run = |name: &str, secret: &str| {
        let env = format!("XDG_DATA_HOME={} FRONTLINE_LOG=trace FL_TEST_TOKEN={secret}", data.display());
        start(name, 140, 36, &env, &format!("--config {}", config.display()))
    };
    {
        let s = run("frontline-token-ok", token);
        s.wait_for("Unassigned (");
        s.keys(&["j", "r", "hello", "Escape"]);
        s.wait_for("draft kept for #");
        assert!(!s.screen().contains(token));
        s.keys(&["q"]);
        s.wait_for("FRONTLINE-EXITED 0");
    }
    {
        let s = run("frontline-token-bad", "wrong-token-value");
        let screen = s.wait_for("token rejected for priya@northwind.example");
        assert!(!screen.contains("wrong-token-value"), "{screen}");
        s.keys(&["q"]);
        s.wait_for("FRONTLINE-EXITED 0");
    }
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    let log = std::fs::read_to_string(data.join("frontline/frontline.log")).expect("a log file in the data folder");
    assert!(log.contains("console on Zendesk"), "the log has content at trace level");
    use base64::Engine;
    for secret in [
        token.to_string(),
        "wrong-token-value".to_string(),
        base64::engine::general_purpose::STANDARD.encode(format!("priya@northwind.example/token:{token}")),
    ] {
        assert!(!log.contains(&secret), "the log holds a secret: {secret}");
    }
}

#[test]
#[ignore = "needs tmux: apt-get install tmux, then cargo test -- --ignored"]
fn the_team_board_and_the_kpi_page_at_200x60_and_80x24() {
    for (w, h) in [(200, 60), (80, 24)] {
        let s = start(&format!("frontline-team-{w}"), w, h, "", "demo --tickets 200 --traffic 0");
        s.wait_for("Unas");
        s.keys(&[":", "team", "Enter"]);
        let screen = s.wait_for("Team (9)");
        assert!(screen.contains("solved") && screen.contains("Aisha Rahman"), "{screen}");
        // the agents' unsolved tickets arrive: counts instead of …
        let screen = s.wait_for("sorted by open");
        if w == 200 {
            assert!(screen.contains("handle"), "the handle time column where it fits: {screen}");
        }
        s.keys(&["s"]);
        s.wait_for("sorted by solved today");
        s.keys(&["Escape", ":", "kpi", "Enter"]);
        let screen = s.wait_for("Resolution rate");
        assert!(screen.contains("One-touch") && screen.contains("Reopened"), "{screen}");
        // the seeded Time Tracking fields give the day a handle time, not n/a
        let handle = screen.lines().find_map(|l| l.split("Handle time").nth(1)).unwrap_or_default();
        let value = handle.split_whitespace().next().unwrap_or_default();
        assert!(value.starts_with(|c: char| c.is_ascii_digit()) && value.ends_with('s'), "{value}: {screen}");
        s.keys(&["x"]);
        s.keys(&["q"]);
        s.wait_for("FRONTLINE-EXITED 0");
    }
}
