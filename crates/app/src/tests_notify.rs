//! Notifications fire once per event, only on crossings, within the minute's budget.

use super::tests::{NOW, ticket};
use super::*;
use frontline_backend::{Conversation, TicketPage};
use frontline_config::{NotifyConfig, NotifyOn, NotifyRule};
use frontline_model::{Message, MessageKind, Priority, Role, SlaClock, TicketId, User, UserId, View, ViewId};

fn rule(on: NotifyOn) -> NotifyRule {
    NotifyRule {
        on,
        minutes: (on == NotifyOn::SlaWithin).then_some(10),
        view: (on == NotifyOn::NewInView).then(|| "All".to_string()),
    }
}

fn console(rules: Vec<NotifyRule>, max: u32) -> Model {
    let settings = Settings {
        notify: NotifyConfig { rules, max_per_minute: max, command: Some(vec!["true".into()]), ..Default::default() },
        ..Settings::default()
    };
    let mut m = Model::new(settings, Keymap::default(), "x".into(), vec![], NOW);
    m.me = Some(User::new(7, "Me", Role::Agent));
    update(&mut m, Msg::Restored(Box::default()));
    update(&mut m, Msg::Views(Ok(vec![View::new(ViewId(1), "All")])));
    let req = m.sync.queue_req;
    let tickets = (1..=3).map(|i| ticket(i, "x", 100 + i)).collect();
    update(&mut m, Msg::QueuePage { req, first: true, result: Ok(TicketPage { tickets, users: vec![], next: None }) });
    m
}

fn notes(fx: &[Effect]) -> Vec<(NotifyOn, TicketId)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Notify { note, .. } => Some((note.kind, note.ticket)),
            _ => None,
        })
        .collect()
}

fn poll(m: &mut Model, view: Vec<frontline_model::Ticket>) -> Vec<Effect> {
    let at = m.now + m.settings.poll_secs + 1;
    let fx = update(m, Msg::Tick(at));
    let req = fx
        .iter()
        .find_map(|e| match e {
            Effect::Poll { req, .. } => Some(*req),
            _ => None,
        })
        .expect("a poll");
    update(
        m,
        Msg::Polled {
            req,
            view: Ok(TicketPage { tickets: view.clone(), users: vec![], next: None }),
            changed: Ok(view),
        },
    )
}

#[test]
fn a_new_urgent_ticket_notifies_once() {
    let mut m = console(vec![rule(NotifyOn::NewUrgent), rule(NotifyOn::NewInView)], 10);
    let mut t = ticket(50, "Charged twice", 150);
    t.priority = Some(Priority::Urgent);
    t.updated_at = NOW + 5;
    let fx = poll(&mut m, vec![t.clone()]);
    assert_eq!(notes(&fx), vec![(NotifyOn::NewUrgent, TicketId(50)), (NotifyOn::NewInView, TicketId(50))]);
    let fx = poll(&mut m, vec![t]);
    assert!(notes(&fx).is_empty(), "the same event does not fire twice");
}

#[test]
fn sla_lines_fire_when_crossed_not_for_what_was_already_late() {
    let mut m = console(vec![rule(NotifyOn::SlaBreach), rule(NotifyOn::SlaWithin)], 10);
    m.queue.tickets[0].sla = Some(SlaClock { metric: "x".into(), breach_at: Some(NOW - 3600) }); // late before we started
    m.queue.tickets[1].sla = Some(SlaClock { metric: "x".into(), breach_at: Some(NOW + 10 * 60 + 30) });
    m.queue.tickets[2].sla = Some(SlaClock { metric: "x".into(), breach_at: Some(NOW + 45) });
    assert!(notes(&update(&mut m, Msg::Tick(NOW + 1))).is_empty());
    let fx = update(&mut m, Msg::Tick(NOW + 40));
    assert_eq!(notes(&fx), vec![(NotifyOn::SlaWithin, TicketId(2))], "ticket 2 came within 10 minutes");
    let fx = update(&mut m, Msg::Tick(NOW + 50));
    assert_eq!(notes(&fx), vec![(NotifyOn::SlaBreach, TicketId(3))]);
    assert!(notes(&update(&mut m, Msg::Tick(NOW + 60))).is_empty());
}

#[test]
fn a_storm_is_held_back_and_counted() {
    let mut m = console(vec![rule(NotifyOn::NewUrgent)], 2);
    let urgent: Vec<_> = (60..65)
        .map(|i| {
            let mut t = ticket(i, "urgent", 100);
            t.priority = Some(Priority::Urgent);
            t.updated_at = NOW + 5;
            t
        })
        .collect();
    let fx = poll(&mut m, urgent);
    assert_eq!(notes(&fx).len(), 2, "two a minute");
    update(&mut m, Msg::Tick(NOW + 120));
    assert!(m.notice.as_ref().unwrap().text.contains("3 notifications were held back"), "{:?}", m.notice);
}

#[test]
fn a_customer_reply_on_my_ticket_notifies_after_reading_who_wrote() {
    let mut m = console(vec![rule(NotifyOn::CustomerReplyMine)], 10);
    m.queue.tickets[1].assignee = Some(UserId(7));
    let mut changed = m.queue.tickets[1].clone();
    changed.updated_at = NOW + 30;
    let fx = poll(&mut m, vec![changed]);
    assert!(fx.contains(&Effect::LoadConversation(TicketId(2))), "my changed ticket's conversation is read");
    let customer = Message {
        id: 9,
        author: UserId(102),
        kind: MessageKind::Public,
        body: "Still waiting!".into(),
        created_at: NOW + 30,
        attachments: vec![],
        fingerprint: frontline_model::body_fingerprint("Still waiting!"),
    };
    let fx = update(
        &mut m,
        Msg::Conversation {
            ticket: TicketId(2),
            result: Some(Ok(Conversation { messages: vec![customer], users: vec![], older_left_out: false })),
        },
    );
    assert_eq!(notes(&fx), vec![(NotifyOn::CustomerReplyMine, TicketId(2))]);
    match &fx[0] {
        Effect::Notify { note, command, .. } => {
            assert!(note.body.contains("Still waiting!"));
            assert_eq!(note.json()["event"], "customer_reply_mine");
            assert_eq!(command.as_deref(), Some(&["true".to_string()][..]));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_rules_no_notifications() {
    let mut m = console(vec![], 10);
    let mut t = ticket(70, "urgent", 100);
    t.priority = Some(Priority::Urgent);
    t.updated_at = NOW + 5;
    assert!(notes(&poll(&mut m, vec![t])).is_empty());
}

#[test]
fn a_failing_command_is_shown_and_the_console_carries_on() {
    let mut m = console(vec![rule(NotifyOn::NewUrgent)], 10);
    let failed = crate::errors::NotifyError::Failed { program: "pager-duty".into(), status: "exit status: 1".into() };
    update(&mut m, Msg::NotifyFailed(failed));
    let n = m.notice.as_ref().unwrap();
    assert!(n.error && n.text.contains("notification command failed") && n.text.contains("pager-duty"));
}
