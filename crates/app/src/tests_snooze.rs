//! Snoozes the consoles wake (Zendesk, RT): `:snooze` keeps the wake time on the ticket, a
//! console looks every few minutes for the ones that are due and reopens them at once (no
//! undo window, no version check), once, and a new status ends a snooze's tags.

use super::tests_actions::{console, press, typed};
use super::*;
use frontline_backend::Snoozing;
use frontline_config::KeyCode;
use frontline_model::{Status, TicketId, snooze};

const NOW: i64 = super::tests::NOW;

fn zendesk_like() -> Model {
    let mut m = console(5);
    m.settings.snoozing = Snoozing::ByConsoles;
    m
}

fn wants_due(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::LoadDueSnoozes { .. }))
}

/// A ticket of the queue as the helpdesk answers it once snoozed until `at`.
fn snoozed(m: &Model, id: u64, at: i64) -> frontline_model::Ticket {
    let mut t = m.queue.get(TicketId(id)).expect("in the queue").clone();
    t.status = Status::OnHold;
    t.tags = snooze::tags_for(at);
    t.tags.push("vip".into());
    t.snoozed_until = Some(at);
    t
}

#[test]
fn snooze_keeps_the_wake_time_and_a_console_wakes_it_when_due_once() {
    let mut m = zendesk_like();
    let id = m.selected().unwrap().id;
    press(&mut m, KeyCode::Char(':'));
    typed(&mut m, "snooze 30m");
    let fx = press(&mut m, KeyCode::Enter);
    let queued = fx.iter().any(|e| {
        matches!(e, Effect::Outbox(OutboxOp::Put(list)) if list.iter().any(|o| o.ticket == id
            && o.change.status == Some(Status::OnHold) && o.change.until == Some(NOW + 1800)))
    });
    assert!(queued, "the snooze goes with its wake time: {fx:?}");
    // the first tick after the first page looks (and sends the snooze: its answer does not
    // matter here); the next look waits WAKE_EVERY
    let fx = update(&mut m, Msg::Tick(NOW + 6));
    assert!(wants_due(&fx), "{fx:?}");
    m.writes.outbox.clear();
    m.writes.in_flight.clear();
    assert!(!wants_due(&update(&mut m, Msg::Tick(NOW + 70))));
    assert!(wants_due(&update(&mut m, Msg::Tick(NOW + 6 + super::snooze::WAKE_EVERY))));

    // not yet due: nothing; due: reopened at once without a version, its snooze tags removed
    update(&mut m, Msg::Tick(NOW + 1900));
    let early = snoozed(&m, 2, NOW + 4000);
    let due = snoozed(&m, id.0, NOW + 1800);
    let fx = update(&mut m, Msg::DueSnoozes(Ok(vec![early, due.clone()])));
    let writes: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Write { ticket, change, expected_version, .. } => Some((*ticket, change, expected_version)),
            _ => None,
        })
        .collect();
    assert_eq!(writes.len(), 1, "only the due one, at once (no undo window): {fx:?}");
    let (ticket, change, version) = &writes[0];
    assert_eq!(*ticket, id);
    assert_eq!(change.status, Some(Status::Open));
    assert_eq!(change.remove_tags, snooze::tags_for(NOW + 1800), "the wake time goes; vip stays");
    assert_eq!(change.time_spent, None, "the agent's time is not the console's write");
    assert_eq!(version.as_deref(), Some(due.version.as_str()), "a teammate's change since the search wins");
    assert!(m.notice.as_ref().is_some_and(|n| n.text == format!("#{} is back from snooze", id.0)), "{:?}", m.notice);
    // and when it does (someone changed the ticket first), the wake is dropped without a dialog
    let job = fx.iter().find_map(|e| if let Effect::Write { job, .. } = e { Some(*job) } else { None }).unwrap();
    let fx = update(
        &mut m,
        Msg::Written {
            job,
            ticket: id,
            result: Err(super::deliver::DeliveryError::Helpdesk(frontline_backend::BackendError::Conflict)),
        },
    );
    assert_eq!(m.mode, Mode::Normal, "no conflict dialog for a write nobody made");
    assert!(m.writes.outbox.is_empty(), "dropped");
    assert!(fx.iter().any(|e| matches!(e, Effect::Outbox(OutboxOp::Discard(_)))), "{fx:?}");
    // a search that answers from before the wake does not wake it twice
    m.writes.outbox.clear();
    m.writes.in_flight.clear();
    let fx = update(&mut m, Msg::DueSnoozes(Ok(vec![due])));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Write { .. })), "{fx:?}");
}

#[test]
fn no_look_in_a_read_only_console_or_where_the_helpdesk_wakes_its_own() {
    let mut m = zendesk_like();
    m.settings.read_only = true;
    assert!(!wants_due(&update(&mut m, Msg::Tick(NOW + 10))));
    let mut m = console(5);
    m.settings.snoozing = Snoozing::ByHelpdesk;
    assert!(!wants_due(&update(&mut m, Msg::Tick(NOW + 10))));
}

#[test]
fn a_ticket_with_a_write_of_the_agents_own_on_the_way_is_left_to_it() {
    let mut m = zendesk_like();
    let id = m.selected().unwrap().id;
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "Back to you now.");
    update(
        &mut m,
        Msg::Key(frontline_config::KeyEvent::new(KeyCode::Char('s'), frontline_config::KeyModifiers::CONTROL)),
    );
    let due = snoozed(&m, id.0, NOW - 60);
    let fx = update(&mut m, Msg::DueSnoozes(Ok(vec![due])));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Outbox(_) | Effect::Write { .. })), "{fx:?}");
}

#[test]
fn a_new_status_ends_a_snooze_and_a_new_snooze_replaces_the_old_time() {
    let mut m = zendesk_like();
    let id = m.selected().unwrap().id;
    let old = snoozed(&m, id.0, NOW + 600);
    m.merge_page(vec![old], false, false);
    // solved: both snooze tags go (the wake would otherwise reopen it later)
    press(&mut m, KeyCode::Char(':'));
    typed(&mut m, "snooze 2h");
    let fx = press(&mut m, KeyCode::Enter);
    let put = fx.iter().find_map(|e| match e {
        Effect::Outbox(OutboxOp::Put(list)) => list.first().cloned(),
        _ => None,
    });
    let change = put.expect("queued").change;
    assert_eq!(change.until, Some(NOW + 7200));
    assert_eq!(change.remove_tags, vec![snooze::tags_for(NOW + 600)[1].clone()], "the old time only: {change:?}");
    let mut c = frontline_model::TicketChange { status: Some(Status::Solved), ..Default::default() };
    super::rules::ends_snooze(&mut c, &snooze::tags_for(NOW + 600));
    assert_eq!(c.remove_tags, snooze::tags_for(NOW + 600));
}
