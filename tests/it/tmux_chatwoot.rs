//! The real binary in tmux on a Chatwoot profile, against the fixture server
//! (`scripts/chatwoot-fixture-server`, Chatwoot's answer shapes) behind a recorder: the
//! queue, a conversation with a private note, the contact pane, the live feed's state, and a
//! reply and a note landing as the right requests. At 120x40 and at 80x24.

use crate::support;

use serde_json::json;
use support::chatwoot::{FixtureServer, Recorder, Say, Seen, fake_cable};
use support::tmux::{Session, until, write_config};

fn console(name: &str, w: u16, h: u16) -> (tokio::runtime::Runtime, FixtureServer, Recorder, Session) {
    console_with(name, w, h, "")
}

/// The console on the fixture server, with `extra` lines in its profile.
fn console_with(
    name: &str,
    w: u16,
    h: u16,
    extra: &str,
) -> (tokio::runtime::Runtime, FixtureServer, Recorder, Session) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fixtures = FixtureServer::start();
    let recorder = rt.block_on(Recorder::start(&fixtures.url));
    let home = tempfile::tempdir().unwrap().keep();
    let config = format!(
        "undo_seconds = 0\n[profiles.cw]\nbackend = \"chatwoot\"\nurl = \"{}\"\ntoken_command = [\"echo\", \"good-token\"]\n{extra}",
        recorder.url
    );
    write_config(&home, &config);
    let s = Session::start(name, w, h, &home, "", "--profile cw");
    (rt, fixtures, recorder, s)
}

fn posted(recorder: &Recorder, route: &str) -> Vec<Seen> {
    recorder.seen().into_iter().filter(|s| s.method == "POST" && s.target.ends_with(route)).collect()
}

#[test]
#[ignore = "needs tmux and python3: apt-get install tmux python3, then cargo test -- --ignored"]
fn a_chatwoot_conversation_a_reply_and_a_note() {
    let (_rt, _fixtures, recorder, s) = console("frontline-chatwoot", 120, 40);
    let screen = s.wait_for("Checked Stripe: double charge");
    assert!(screen.contains("Mine ("), "Chatwoot's own views:\n{screen}");
    assert!(screen.contains("My invoice is wrong") && screen.contains("wapp"), "the queue:\n{screen}");
    assert!(screen.contains("internal note"), "the private note is marked:\n{screen}");
    assert!(screen.contains("Chatwoot activity"), "activity lines are the helpdesk's:\n{screen}");
    assert!(screen.contains("attached: photo.jpg · image/jpeg"), "an attachment-only message:\n{screen}");
    assert!(screen.contains("+351910000000") && screen.contains("Tickets (2)"), "the contact pane:\n{screen}");
    s.wait_for("live feed down");

    s.keys(&["r"]);
    s.wait_for("Reply by WhatsApp");
    s.keys(&["Your refund is on its way."]);
    until("the console told Chatwoot the agent is typing", 30, || {
        !posted(&recorder, "/toggle_typing_status").is_empty()
    });
    s.send("C-s");
    until("the reply reached Chatwoot", 30, || !posted(&recorder, "/messages").is_empty());
    // the send moved on to the next conversation: ' is back on #42
    s.keys(&["'", "n"]);
    s.wait_for("Internal note on #42");
    s.keys(&["Checked: refund id re_42."]);
    s.send("C-s");
    until("the note reached Chatwoot", 30, || posted(&recorder, "/messages").len() >= 2);
    let bodies: Vec<_> = posted(&recorder, "/conversations/42/messages").into_iter().map(|m| m.body.unwrap()).collect();
    assert_eq!(
        bodies,
        [
            json!({"content": "Your refund is on its way.", "message_type": "outgoing", "private": false}),
            json!({"content": "Checked: refund id re_42.", "message_type": "outgoing", "private": true}),
        ]
    );
    let typing = posted(&recorder, "/conversations/42/toggle_typing_status");
    assert_eq!(typing[0].body, Some(json!({"typing_status": "on", "is_private": false})));
    assert!(typing.iter().any(|t| t.body == Some(json!({"typing_status": "off", "is_private": false}))), "{typing:?}");
    s.keys(&["q"]);
    s.wait_for("FRONTLINE-EXITED 0");
}

#[test]
#[ignore = "needs tmux and python3: apt-get install tmux python3, then cargo test -- --ignored"]
fn a_chatwoot_profile_at_80x24() {
    let (_rt, _fixtures, _recorder, s) = console("frontline-chatwoot-small", 80, 24);
    let screen = s.wait_for("My invoice is wrong");
    assert!(screen.lines().next().unwrap().contains("Open"), "the KPI bar on top:\n{screen}");
    assert!(screen.contains("Mine ("), "{screen}");
    s.keys(&["q"]);
    s.wait_for("FRONTLINE-EXITED 0");
}

#[test]
#[ignore = "needs tmux and python3: apt-get install tmux python3, then cargo test -- --ignored"]
fn live_messages_and_a_colleague_typing_show_without_a_poll() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (cable, say, _subscribed) = rt.block_on(fake_cable(false));
    let (_rt, _fixtures, recorder, s) =
        console_with("frontline-chatwoot-live", 120, 40, &format!("cable_url = \"{cable}\"\npoll_max_secs = 600\n"));
    s.wait_for("Checked Stripe: double charge");
    s.wait_for(" live ");
    let reads_before = recorder.seen().len();
    say.send(Say::Frame(json!({"event": "conversation.typing_on", "data": {
        "conversation": {"id": 42}, "user": {"id": 5, "name": "Rui Costa", "type": "user"}, "is_private": false}})))
        .unwrap();
    s.wait_for("Rui Costa is typing a reply");
    let mut message = serde_json::from_str::<serde_json::Value>(
        &std::fs::read_to_string(format!("{}/tests/fixtures/chatwoot/message_create.json", env!("CARGO_MANIFEST_DIR")))
            .unwrap(),
    )
    .unwrap();
    message["id"] = json!(900);
    message["conversation_id"] = json!(42);
    message["message_type"] = json!(0);
    message["content"] = json!("Any news on my refund?");
    message["sender"] = json!({"id": 7, "name": "Maria Souza", "type": "contact"});
    say.send(Say::Frame(json!({"event": "message.created", "data": message}))).unwrap();
    s.wait_for("Any news on my refund?");
    // the message came by the feed; the ticket was read again, not the view polled
    let polled = recorder.seen()[reads_before..].iter().any(|r| r.target.contains("updated_within"));
    assert!(!polled, "{:?}", recorder.seen()[reads_before..].to_vec());
    say.send(Say::Drop).unwrap();
    s.wait_for("polling · live feed down");
    s.wait_for(" live ");
}
