//! Pure tests of writes on their way: a failed send keeps the text, a write the helpdesk asks
//! to wait for, the undo window, conflicts and the agent's own successive writes.

use super::tests::{NOW, ticket};
use super::tests_actions::{chord, console, first_job, press, typed, writes};
use super::*;
use frontline_backend::{BackendError, TicketPage};
use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
use frontline_model::{NewComment, OutState, TicketChange, TicketId, UserId};

#[test]
fn a_failed_send_keeps_the_text_and_says_why() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "hello");
    let fx = chord(&mut m, 's', KeyModifiers::CONTROL);
    let job = first_job(&fx);
    update(
        &mut m,
        Msg::Written {
            job,
            ticket: TicketId(1),
            result: Err(BackendError::Network { host: "h".into(), detail: "connection refused".into() }.into()),
        },
    );
    let n = m.notice.as_ref().unwrap();
    assert!(n.error && n.text.contains("connection refused") && n.text.contains("outbox"), "{}", n.text);
    assert_eq!(m.writes.outbox[0].change.comment.as_ref().unwrap().body, "hello", "the text waits in the outbox");
    assert_eq!(m.writes.outbox[0].state, OutState::Queued);
    assert!(!m.drafting.drafts.contains_key(&TicketId(1)), "not also a draft: it must not be sent twice");
    // retried after the backoff, not before
    assert!(writes(&update(&mut m, Msg::Tick(NOW + 3))).is_empty());
    let w = writes(&update(&mut m, Msg::Tick(NOW + 11)));
    assert_eq!(w.len(), 1, "sent again once the backoff has passed");
    // a refusal for good waits for the agent in :outbox
    let job = m.writes.next_job - 1;
    update(
        &mut m,
        Msg::Written {
            job,
            ticket: TicketId(1),
            result: Err(BackendError::Invalid("comment is too long".into()).into()),
        },
    );
    assert_eq!(m.writes.outbox[0].state, OutState::Failed);
    assert!(writes(&update(&mut m, Msg::Tick(NOW + 500))).is_empty(), "failed entries wait for the agent");
    update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Char(':'), KeyModifiers::NONE)));
    typed(&mut m, "outbox");
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.mode, Mode::Outbox(0));
    let fx = press(&mut m, KeyCode::Char('r'));
    assert!(matches!(&fx[..], [Effect::Outbox(OutboxOp::Retry { version: None, .. })]));
    assert_eq!(writes(&update(&mut m, Msg::Tick(NOW + 501))).len(), 1, "retried by hand");
    let job = m.writes.next_job - 1;
    update(
        &mut m,
        Msg::Written { job, ticket: TicketId(1), result: Err(BackendError::Invalid("still".into()).into()) },
    );
    let fx = press(&mut m, KeyCode::Char('d'));
    assert!(m.writes.outbox.is_empty());
    assert!(matches!(&fx[0], Effect::Outbox(OutboxOp::Discard(_))));
    assert_eq!(m.drafting.drafts[&TicketId(1)].text, "hello", "discarding gives the text back as a draft");
}

#[test]
fn a_write_the_helpdesk_asks_to_wait_for_waits_its_turn_without_an_error() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "on its way");
    let job = first_job(&chord(&mut m, 's', KeyModifiers::CONTROL));
    let result = Err(BackendError::RateLimited { retry_after: 30, asked: 30 }.into());
    update(&mut m, Msg::Written { job, ticket: TicketId(1), result });
    let n = m.notice.as_ref().unwrap();
    assert!(!n.error && n.text.contains("waits its turn") && n.text.contains(":outbox"), "{}", n.text);
    assert_eq!(m.writes.outbox[0].state, OutState::Queued);
    assert!(writes(&update(&mut m, Msg::Tick(NOW + 20))).is_empty(), "not before the helpdesk's 30 s");
    assert_eq!(writes(&update(&mut m, Msg::Tick(NOW + 31))).len(), 1, "then sent");
}

#[test]
fn undo_window_holds_the_write_and_u_takes_it_back() {
    let mut m = console(5);
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "oops, wrong ticket");
    let fx = chord(&mut m, 's', KeyModifiers::CONTROL);
    assert!(writes(&fx).is_empty(), "nothing sent during the undo window");
    assert!(matches!(&fx[0], Effect::Outbox(OutboxOp::Put(_))), "but already safe in the outbox");
    assert_eq!(m.writes.pending.len(), 1);
    assert!(writes(&update(&mut m, Msg::Tick(NOW + 2))).is_empty());
    let fx = press(&mut m, KeyCode::Char('u'));
    assert!(m.writes.pending.is_empty() && m.writes.outbox.is_empty());
    assert!(matches!(&fx[..], [Effect::Outbox(OutboxOp::Discard(_))]), "undone: out of the outbox too");
    assert_eq!(m.mode, Mode::Compose, "the undone reply is back in the editor");
    assert!(m.drafting.composer.as_ref().unwrap().text().contains("oops, wrong ticket"));
    typed(&mut m, "!");
    chord(&mut m, 's', KeyModifiers::CONTROL);
    let w = writes(&update(&mut m, Msg::Tick(NOW + 10)));
    assert_eq!(w.len(), 1, "sent once the window has passed");
}

#[test]
fn conflicts_offer_reapply_or_drop_and_never_lose_the_text() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "we refunded you");
    let fx = chord(&mut m, 's', KeyModifiers::CONTROL);
    let job = first_job(&fx);
    let fx = update(&mut m, Msg::Written { job, ticket: TicketId(1), result: Err(BackendError::Conflict.into()) });
    assert!(matches!(m.mode, Mode::Conflict(_)));
    assert!(fx.contains(&Effect::LoadTicket(TicketId(1))), "the new version is fetched");
    assert_eq!(m.writes.outbox[0].state, OutState::Failed, "kept in the outbox while the agent decides");
    // the fresh ticket arrives, assigned to someone else meanwhile
    let mut fresh = ticket(1, "Order 1", 101);
    fresh.assignee = Some(UserId(99));
    fresh.version = "2026-01-01T09:00:00Z".into();
    update(
        &mut m,
        Msg::Ticket { id: TicketId(1), result: Ok(TicketPage { tickets: vec![fresh], users: vec![], next: None }) },
    );
    assert!(matches!(m.mode, Mode::Conflict(_)), "the choice stays on screen");
    let fx = press(&mut m, KeyCode::Char('r'));
    let w = writes(&fx);
    assert_eq!(w[0].2.as_deref(), Some("2026-01-01T09:00:00Z"), "re-applied on the new version");
    assert!(
        fx.contains(&Effect::Outbox(OutboxOp::Retry {
            key: m.writes.outbox[0].key.clone(),
            version: Some("2026-01-01T09:00:00Z".into())
        })),
        "the same entry, so it cannot go twice"
    );
    assert_eq!(m.writes.outbox.len(), 1);
    assert_eq!(w[0].1.comment.as_ref().unwrap().body, "we refunded you");
    // dropping keeps the draft
    let job = m.writes.next_job - 1;
    update(&mut m, Msg::Written { job, ticket: TicketId(1), result: Err(BackendError::Conflict.into()) });
    press(&mut m, KeyCode::Char('d'));
    assert_eq!(m.mode, Mode::Normal);
    assert!(m.writes.outbox.is_empty());
    assert_eq!(m.drafting.drafts[&TicketId(1)].text, "we refunded you", "dropped: the text is a draft again");
}

#[test]
fn the_agents_second_write_is_checked_against_their_first_not_taken_for_a_conflict() {
    // take, then reply, both inside the undo window: the reply waits for the take's answer
    // and is then checked against the version the take made
    let mut m = console(5);
    press(&mut m, KeyCode::Char('a'));
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "Looking into it now.");
    chord(&mut m, 's', KeyModifiers::CONTROL);
    let fx = update(&mut m, Msg::Tick(NOW + 10));
    let sent = writes(&fx);
    assert_eq!(sent.len(), 1, "the take goes first; the reply to the same ticket waits: {sent:?}");
    assert_eq!(sent[0].1.assignee, Some(Some(UserId(7))));
    assert_eq!(m.writes.pending.len(), 1, "the reply is held, not dropped");
    assert!(writes(&update(&mut m, Msg::Tick(NOW + 11))).is_empty(), "still held while the take is unanswered");
    let mut after = m.queue.get(TicketId(1)).cloned().unwrap();
    after.assignee = Some(UserId(7));
    after.version = "2026-01-01T00:05:00Z".into();
    let job = first_job(&fx);
    let fx = update(
        &mut m,
        Msg::Written {
            job,
            ticket: TicketId(1),
            result: Ok(TicketPage { tickets: vec![after], ..Default::default() }),
        },
    );
    // the store's copy was moved by the delivery itself (outbox::move_forward, tested in
    // resilience); the console's copy moves here, and nothing resets another sender's claim
    assert!(!fx.iter().any(|e| matches!(e, Effect::Outbox(OutboxOp::Retry { .. }))), "{fx:?}");
    let reply = m.writes.outbox.iter().find(|e| e.change.comment.is_some()).unwrap();
    assert_eq!(reply.expected_version.as_deref(), Some("2026-01-01T00:05:00Z"), "the reply expects the new version");
    let sent = writes(&update(&mut m, Msg::Tick(NOW + 12)));
    assert_eq!(sent.len(), 1);
    assert!(sent[0].1.comment.is_some());
    assert_eq!(sent[0].2.as_deref(), Some("2026-01-01T00:05:00Z"), "checked against the take's version");
}

#[test]
fn a_write_that_expected_another_version_is_not_moved_forward() {
    // the agent's first write landed, but the second had been read from an older version:
    // whatever changed in between is still someone else's change, so it stays a conflict
    let mut m = console(5);
    press(&mut m, KeyCode::Char('a'));
    let fx = update(&mut m, Msg::Tick(NOW + 10));
    let job = first_job(&fx);
    m.writes.outbox.push(frontline_model::Outgoing {
        key: "older".into(),
        ticket: TicketId(1),
        label: "reply".into(),
        change: TicketChange { comment: Some(NewComment { body: "x".into(), public: true }), ..Default::default() },
        expected_version: Some("2025-12-31T00:00:00Z".into()),
        state: OutState::Queued,
        attempts: 0,
        error: None,
        created_at: NOW,
        due: NOW + 100,
        requester: None,
        author: None,
        shop: None,
        shop_done: false,
    });
    let mut after = m.queue.get(TicketId(1)).cloned().unwrap();
    after.version = "2026-01-01T00:05:00Z".into();
    let fx = update(
        &mut m,
        Msg::Written {
            job,
            ticket: TicketId(1),
            result: Ok(TicketPage { tickets: vec![after], ..Default::default() }),
        },
    );
    assert!(!fx.iter().any(|e| matches!(e, Effect::Outbox(OutboxOp::Retry { .. }))));
    let older = m.writes.outbox.iter().find(|e| e.key == "older").unwrap();
    assert_eq!(older.expected_version.as_deref(), Some("2025-12-31T00:00:00Z"));
}
