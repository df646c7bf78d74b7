//! Time tracking: what counts as working on a ticket (focus, keys within the idle limit, the
//! external editor), and that the seconds travel once, with the agent's own write.

use super::testkit::model;
use super::writes;
use super::*;
use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
use frontline_model::TicketChange;

const NOW: i64 = 1_780_000_000;

fn tracking(idle: i64) -> Model {
    let mut m = model(5, 120, 40);
    m.settings.undo_secs = 0;
    m.timer = handle_time::HandleTimer::new(Some(idle));
    update(&mut m, Msg::Tick(NOW));
    m
}

fn key(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Ticks every second from the model's time to `until`.
fn tick_to(m: &mut Model, until: i64) {
    while m.now < until {
        let next = m.now + 1;
        update(m, Msg::Tick(next));
    }
}

fn selected(m: &Model) -> frontline_model::TicketId {
    m.selected().unwrap().id
}

#[test]
fn keys_within_the_idle_limit_count_and_an_idle_stretch_counts_only_up_to_it() {
    let mut m = tracking(60);
    let t = selected(&m);
    key(&mut m, KeyCode::Char('x')); // activity at NOW
    tick_to(&mut m, NOW + 40);
    assert_eq!(m.timer.unwritten(t), 40);
    // no key for five minutes: only the first minute after the last key counts
    tick_to(&mut m, NOW + 340);
    assert_eq!(m.timer.unwritten(t), 60);
    assert_eq!(handle_time::shown(&m).as_deref(), Some("⏱ 1m00s"));
    // idle: the ticks change nothing on screen
    m.dirty = false;
    tick_to(&mut m, NOW + 345);
    assert!(!m.dirty, "an idle console does not redraw for the timer");
    key(&mut m, KeyCode::Char('x'));
    tick_to(&mut m, NOW + 355);
    assert_eq!(m.timer.unwritten(t), 70);
}

#[test]
fn an_unfocused_terminal_does_not_count_and_the_editor_counts_whole() {
    let mut m = tracking(60);
    let t = selected(&m);
    key(&mut m, KeyCode::Char('x'));
    tick_to(&mut m, NOW + 10);
    update(&mut m, Msg::Focus(false));
    tick_to(&mut m, NOW + 30);
    assert_eq!(m.timer.unwritten(t), 10, "away from the terminal: not counted");
    update(&mut m, Msg::Focus(true));
    tick_to(&mut m, NOW + 35);
    assert_eq!(m.timer.unwritten(t), 15);
    // ten minutes in $EDITOR: no keys reach the console, all of it is work
    update(&mut m, Msg::Edited(Ok("text".into())));
    update(&mut m, Msg::Tick(NOW + 635));
    assert_eq!(m.timer.unwritten(t), 615);
    // the team board covers the ticket: looking at it is not work on the ticket
    m.mode = Mode::Team(0);
    key(&mut m, KeyCode::Char('j'));
    tick_to(&mut m, NOW + 645);
    assert_eq!(m.timer.unwritten(t), 615);
    m.mode = Mode::Normal;
    key(&mut m, KeyCode::Char('x'));
    tick_to(&mut m, NOW + 650);
    assert_eq!(m.timer.unwritten(t), 620);
}

#[test]
fn the_seconds_go_with_the_agents_write_once_and_an_undo_gives_them_back() {
    let mut m = tracking(300);
    let t = selected(&m);
    key(&mut m, KeyCode::Char('x'));
    tick_to(&mut m, NOW + 95);
    let fx = writes::queue(
        &mut m,
        "note".into(),
        vec![(t, TicketChange { status: Some(frontline_model::Status::Pending), ..Default::default() })],
    );
    let sent: Vec<&TicketChange> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Outbox(OutboxOp::Put(entries)) => entries.first().map(|e| &e.change),
            _ => None,
        })
        .collect();
    assert_eq!(sent[0].time_spent, Some(95), "stored in the outbox entry with the write");
    assert_eq!(m.timer.unwritten(t), 0, "the ticket starts again from zero");
    // the next write carries only what came after
    tick_to(&mut m, NOW + 100);
    m.settings.undo_secs = 5;
    writes::queue(
        &mut m,
        "again".into(),
        vec![(t, TicketChange { status: Some(frontline_model::Status::Open), ..Default::default() })],
    );
    assert_eq!(m.writes.pending[0].changes[0].1.time_spent, Some(5));
    writes::undo(&mut m);
    assert_eq!(m.timer.unwritten(t), 5, "a write taken back gives its time back");
    // bulk writes carry none
    let other = m.queue.tickets[1].id;
    writes::queue(&mut m, "bulk".into(), vec![(t, TicketChange::default()), (other, TicketChange::default())]);
    assert!(m.writes.pending[0].changes.iter().all(|(_, c)| c.time_spent.is_none()));
}

#[test]
fn off_by_default_and_off_when_the_helpdesk_has_nowhere_to_record() {
    let mut m = model(5, 120, 40);
    assert!(!init(&mut m).iter().any(|e| matches!(e, Effect::AskTimeTracking)));
    assert_eq!(handle_time::shown(&m), None);
    let mut m = tracking(60);
    assert!(init(&mut m).iter().any(|e| matches!(e, Effect::AskTimeTracking)));
    update(&mut m, Msg::TimeTracking(Err(frontline_backend::BackendError::Config("no Time Tracking fields".into()))));
    assert!(m.notice.as_ref().unwrap().text.contains("time tracking off: no Time Tracking fields"));
    key(&mut m, KeyCode::Char('x'));
    tick_to(&mut m, NOW + 20);
    assert_eq!(m.timer.unwritten(selected(&m)), 0);
    assert_eq!(handle_time::shown(&m), None);
}
