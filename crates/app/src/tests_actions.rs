//! Pure tests of agent actions: keys in, changes and write effects out, no IO (writes on
//! their way, conflicts and undo are in `tests_writes.rs`).

use super::tests::{NOW, ticket};
use super::*;
use frontline_backend::TicketPage;
use frontline_config::{EscalationConfig, EscalationLevel, LocalMacro};
use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
use frontline_model::{
    Macro, MacroSource, NewComment, Priority, Role, Status, TicketChange, TicketId, User, UserId, View, ViewId,
};

pub(crate) fn press(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub(crate) fn chord(m: &mut Model, c: char, mods: KeyModifiers) -> Vec<Effect> {
    update(m, Msg::Key(KeyEvent::new(KeyCode::Char(c), mods)))
}

pub(crate) fn typed(m: &mut Model, s: &str) {
    for c in s.chars() {
        press(m, KeyCode::Char(c));
    }
}

pub(crate) fn me() -> User {
    User { email: Some("priya@northwind.example".into()), ..User::new(7, "Priya Natarajan", Role::Agent) }
}

/// A console with 5 tickets (#1–#5 in group 201 "Tier 1"), signed in, undo window `undo`.
pub(crate) fn console(undo: i64) -> Model {
    let settings = Settings {
        undo_secs: undo,
        escalation: EscalationConfig {
            note: "To {{level}}: {{reason}} (#{{ticket.id}}, {{current_user.name}})".into(),
            levels: vec![
                EscalationLevel {
                    name: "Tier 2".into(),
                    group: "Tier 2 escalations".into(),
                    priority: Some("high".into()),
                    tags: vec!["escalated".into()],
                },
                EscalationLevel {
                    name: "Engineering".into(),
                    group: "Engineering".into(),
                    priority: Some("urgent".into()),
                    tags: vec!["eng".into()],
                },
            ],
        },
        local_macros: vec![LocalMacro {
            title: "Local: thanks".into(),
            body: Some("Thanks {{ticket.requester.first_name}}! {{ticket.order_ref}}".into()),
            public: true,
            status: Some("solved".into()),
            priority: None,
            tags: vec!["thanked".into()],
            group: None,
            assignee: Some("me".into()),
            shop: vec![],
        }],
        ..Settings::default()
    };
    let mut m = Model::new(settings, Keymap::default(), "default-dark".into(), vec![], NOW);
    m.size = (200, 60);
    update(&mut m, Msg::Me(Ok(me())));
    m.groups = [(201, "Tier 1"), (202, "Tier 2 escalations"), (203, "Engineering")]
        .into_iter()
        .map(|(i, n)| (i, n.to_string()))
        .collect();
    update(&mut m, Msg::Restored(Box::default()));
    update(&mut m, Msg::Views(Ok(vec![View::new(ViewId(1), "All")])));
    let tickets: Vec<_> = (1..=5)
        .map(|i| {
            let mut t = ticket(i, &format!("Order {i}"), 100 + i);
            t.group = Some(201);
            t.version = format!("2026-01-01T00:00:0{i}Z");
            t
        })
        .collect();
    let customers = (1..=5).map(|i| User::new(100 + i, &format!("Ana{i} Lima"), Role::Customer)).collect();
    let req = m.sync.queue_req;
    update(
        &mut m,
        Msg::QueuePage { req, first: true, result: Ok(TicketPage { tickets, users: customers, next: None }) },
    );
    update(
        &mut m,
        Msg::Macros(Ok(vec![Macro {
            source: MacroSource::Helpdesk(501),
            title: "Tracking sent".into(),
            change: TicketChange {
                status: Some(Status::Pending),
                comment: Some(NewComment {
                    body: "Hi {{ticket.requester.first_name}}, about #{{ticket.id}}".into(),
                    public: true,
                }),
                ..Default::default()
            },
            shop: vec![],
        }])),
    );
    m
}

/// The job id of the first write among `fx`.
pub(crate) fn first_job(fx: &[Effect]) -> u64 {
    fx.iter().find_map(|e| if let Effect::Write { job, .. } = e { Some(*job) } else { None }).expect("a write")
}

pub(crate) fn writes(fx: &[Effect]) -> Vec<(TicketId, TicketChange, Option<String>)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Write { ticket, change, expected_version, .. } => {
                Some((*ticket, change.clone(), expected_version.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn take_assigns_to_me_with_the_ticket_version() {
    let mut m = console(0);
    let fx = press(&mut m, KeyCode::Char('a'));
    let w = writes(&fx);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].0, TicketId(1));
    assert_eq!(w[0].1.assignee, Some(Some(UserId(7))));
    assert_eq!(w[0].2.as_deref(), Some("2026-01-01T00:00:01Z"), "the version goes with the write");
}

#[test]
fn reply_composer_sends_keeps_drafts_and_refuses_empty_text() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char('r'));
    assert_eq!(m.mode, Mode::Compose);
    typed(&mut m, "   ");
    let fx = chord(&mut m, 's', KeyModifiers::CONTROL);
    assert!(fx.is_empty() && m.notice.as_ref().unwrap().text.contains("empty"), "whitespace-only is refused");
    typed(&mut m, "Your parcel ships today.");
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.mode, Mode::Normal);
    assert!(m.drafting.drafts[&TicketId(1)].text.contains("Your parcel ships today."), "Esc keeps the draft");
    press(&mut m, KeyCode::Char('r'));
    assert!(m.drafting.composer.as_ref().unwrap().text().contains("Your parcel ships today."), "the draft comes back");
    let fx = chord(&mut m, 'p', KeyModifiers::ALT);
    let w = writes(&fx);
    assert_eq!(w[0].1.status, Some(Status::Pending), "send as pending");
    let c = w[0].1.comment.as_ref().unwrap();
    assert!(c.public && c.body.ends_with("Your parcel ships today."));
    assert!(!m.drafting.drafts.contains_key(&TicketId(1)), "the text moved from the draft to the outbox");
    assert!(fx.contains(&Effect::SaveDraft { ticket: TicketId(1), draft: None }));
    match &fx[0] {
        Effect::Outbox(OutboxOp::Put(e)) => {
            assert_eq!(e[0].change, w[0].1.clone(), "committed before it is sent");
            // who it is for and who wrote it ride along, checked again at delivery
            assert_eq!(e[0].requester, m.queue.get(TicketId(1)).unwrap().requester);
            assert!(e[0].requester.is_some());
            assert_eq!(e[0].author, m.me.as_ref().map(|u| u.id));
        }
        other => panic!("the outbox first, got {other:?}"),
    }
    assert_eq!(m.writes.outbox.len(), 1);
    let job = first_job(&fx);
    update(
        &mut m,
        Msg::Written {
            job,
            ticket: TicketId(1),
            result: Ok(TicketPage { tickets: vec![ticket(1, "Order 1", 101)], users: vec![], next: None }),
        },
    );
    assert!(m.writes.outbox.is_empty(), "delivered: the outbox entry goes");
    assert!(m.notice.as_ref().unwrap().text.starts_with('✓'));
}

#[test]
fn internal_note_is_not_public() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char('n'));
    typed(&mut m, "checked the carrier");
    let w = writes(&chord(&mut m, 's', KeyModifiers::CONTROL));
    assert!(!w[0].1.comment.as_ref().unwrap().public);
    assert_eq!(w[0].1.status, None, "plain send keeps the status");
}

#[test]
fn status_picker_and_priority_steps() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char('s'));
    assert!(matches!(m.mode, Mode::Pick(_)));
    typed(&mut m, "solv");
    let w = writes(&press(&mut m, KeyCode::Enter));
    settle_writes(&mut m);
    assert_eq!(w[0].1.status, Some(Status::Solved));
    let w = writes(&chord(&mut m, '+', KeyModifiers::SHIFT));
    settle_writes(&mut m);
    assert_eq!(w[0].1.priority, Some(Some(Priority::High)), "normal → high");
    let w = writes(&press(&mut m, KeyCode::Char('-')));
    settle_writes(&mut m);
    assert_eq!(w[0].1.priority, Some(Some(Priority::Low)), "normal → low");
}

#[test]
fn assign_picker_offers_agents_groups_and_unassign() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char('A'));
    let Mode::Pick(p) = &m.mode else { panic!("picker") };
    assert!(p.items.iter().any(|(l, _)| l.contains("Priya")));
    assert!(p.items.iter().any(|(l, _)| l == "group: Engineering"));
    typed(&mut m, "unassign");
    let w = writes(&press(&mut m, KeyCode::Enter));
    settle_writes(&mut m);
    assert_eq!(w[0].1.assignee, Some(None));
    press(&mut m, KeyCode::Char('A'));
    typed(&mut m, "group: tier 2");
    let w = writes(&press(&mut m, KeyCode::Enter));
    settle_writes(&mut m);
    assert_eq!(w[0].1.group, Some(Some(202)));
}

#[test]
fn tags_prompt_adds_and_removes() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char('t'));
    typed(&mut m, "+vip -spam refund");
    let w = writes(&press(&mut m, KeyCode::Enter));
    assert_eq!(w[0].1.add_tags, vec!["vip", "refund"]);
    assert_eq!(w[0].1.remove_tags, vec!["spam"]);
}

#[test]
fn escalation_applies_the_policy_as_one_update() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char('e'));
    press(&mut m, KeyCode::Enter);
    assert!(m.notice.as_ref().unwrap().text.contains("reason"), "a reason is required");
    press(&mut m, KeyCode::Char('e'));
    typed(&mut m, "charged twice");
    let w = writes(&press(&mut m, KeyCode::Enter));
    settle_writes(&mut m);
    assert_eq!(w.len(), 1);
    let c = &w[0].1;
    assert_eq!(c.group, Some(Some(202)), "Tier 1 → Tier 2");
    assert_eq!(c.priority, Some(Some(Priority::High)));
    assert_eq!(c.add_tags, vec!["escalated"]);
    let note = c.comment.as_ref().unwrap();
    assert!(!note.public);
    assert_eq!(note.body, "To Tier 2: charged twice (#1, Priya Natarajan)");
    // a ticket already at Tier 2 goes to the next level
    m.queue.tickets[0].group = Some(202);
    press(&mut m, KeyCode::Char('e'));
    typed(&mut m, "bug");
    let w = writes(&press(&mut m, KeyCode::Enter));
    settle_writes(&mut m);
    assert_eq!(w[0].1.group, Some(Some(203)));
    assert_eq!(w[0].1.priority, Some(Some(Priority::Urgent)));
    // and at the top there is nowhere to go
    m.queue.tickets[0].group = Some(203);
    press(&mut m, KeyCode::Char('e'));
    typed(&mut m, "more");
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(m.notice.as_ref().unwrap().text.contains("top escalation level"));
}

#[test]
fn macros_preview_before_anything_is_sent_and_unknown_placeholders_show() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char('m'));
    let Mode::Pick(p) = &m.mode else { panic!("picker") };
    assert!(p.items.iter().any(|(l, _)| l == "Tracking sent"));
    assert!(p.items.iter().any(|(l, _)| l.contains("Local: thanks") && l.contains("(local)")));
    typed(&mut m, "local");
    let fx = press(&mut m, KeyCode::Enter);
    assert!(fx.is_empty(), "preview first");
    let Mode::Preview(p) = &m.mode else { panic!("preview: {:?}", m.mode) };
    let c = &p.changes[0].1;
    assert_eq!(c.comment.as_ref().unwrap().body, "Thanks Ana1! {{ticket.order_ref}}");
    assert_eq!(p.unknown, vec!["ticket.order_ref"]);
    assert_eq!(c.status, Some(Status::Solved));
    assert_eq!(c.assignee, Some(Some(UserId(7))));
    // a public reply with a placeholder left in braces is not sent
    assert!(press(&mut m, KeyCode::Enter).is_empty(), "nothing queued");
    assert!(matches!(m.mode, Mode::Preview(_)), "the preview stays");
    assert!(
        m.notice.as_ref().unwrap().text.contains("{{ticket.order_ref}} would reach the customer"),
        "{:?}",
        m.notice
    );
    // e edits the text, keeping the field changes
    press(&mut m, KeyCode::Char('e'));
    assert_eq!(m.mode, Mode::Compose);
    typed(&mut m, " See you!");
    let w = writes(&chord(&mut m, 's', KeyModifiers::CONTROL));
    assert!(w[0].1.comment.as_ref().unwrap().body.ends_with("See you!"));
    assert_eq!(w[0].1.status, Some(Status::Solved));
    assert_eq!(w[0].1.add_tags, vec!["thanked"]);
}

#[test]
fn bulk_actions_confirm_the_count_and_use_the_bulk_endpoint() {
    let mut m = console(0);
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Char(' '));
    assert_eq!(m.marked.len(), 2);
    press(&mut m, KeyCode::Char('s'));
    typed(&mut m, "pending");
    let fx = press(&mut m, KeyCode::Enter);
    assert!(fx.is_empty());
    let Mode::Confirm(c) = &m.mode else { panic!("confirm") };
    assert!(c.question.contains("2 marked tickets"));
    let fx = press(&mut m, KeyCode::Char('y'));
    match &fx[..] {
        [Effect::Outbox(OutboxOp::Put(e)), Effect::WriteMany { tickets, change, keys, .. }] => {
            assert_eq!(e.iter().map(|e| &e.key).collect::<Vec<_>>(), keys.iter().collect::<Vec<_>>());
            assert_eq!(tickets, &vec![TicketId(1), TicketId(2)]);
            assert_eq!(change.status, Some(Status::Pending));
        }
        other => panic!("bulk endpoint expected: {other:?}"),
    }
    assert!(m.marked.is_empty(), "marks clear once a bulk action is sent");
    settle_writes(&mut m);
    // mark all visible, then a macro: one rendered write per ticket
    press(&mut m, KeyCode::Char('*'));
    assert_eq!(m.marked.len(), 5);
    press(&mut m, KeyCode::Char('m'));
    typed(&mut m, "tracking");
    press(&mut m, KeyCode::Enter);
    let fx = press(&mut m, KeyCode::Enter);
    let w = writes(&fx);
    settle_writes(&mut m);
    assert_eq!(w.len(), 5);
    assert!(
        w[3].1.comment.as_ref().unwrap().body.contains("Ana4") && w[3].1.comment.as_ref().unwrap().body.contains("#4")
    );
    press(&mut m, KeyCode::Char('X'));
    assert!(m.marked.is_empty());
    // n cancels
    press(&mut m, KeyCode::Char('*'));
    press(&mut m, KeyCode::Char('a'));
    assert!(press(&mut m, KeyCode::Char('n')).is_empty());
}

#[test]
fn read_only_refuses_every_write_and_says_so() {
    let mut m = console(0);
    m.settings.read_only = true;
    for c in ['a', 'A', 'r', 'n', 's', '+', 'e', 'm', 't'] {
        let fx = press(&mut m, KeyCode::Char(c));
        assert!(writes(&fx).is_empty(), "{c} wrote in read-only mode");
        assert_eq!(m.mode, Mode::Normal, "{c} opened a dialog in read-only mode");
        assert!(m.notice.as_ref().unwrap().text.contains("read-only"));
    }
}

#[test]
fn actions_wait_for_a_ticket_still_opening_instead_of_hitting_the_selected_one() {
    // found in review: `:ticket 3` then `r` before #3 loaded replied to the ticket selected before
    let mut m = console(0);
    let before = m.selected().unwrap().id;
    let fx = run_command(&mut m, "ticket 77");
    assert_eq!(fx, vec![Effect::LoadTicket(TicketId(77))]);
    assert!(press(&mut m, KeyCode::Char('r')).is_empty());
    assert_ne!(m.mode, Mode::Compose, "no editor for the old ticket");
    assert!(press(&mut m, KeyCode::Char('a')).is_empty(), "no take either");
    let notice = m.notice.clone().unwrap().text;
    assert!(notice.contains("#77 is still opening") && notice.contains(&format!("not #{}", before.0)), "{notice}");
    let mut t = ticket(77, "Wrong size", 101);
    t.version = "v77".into();
    update(&mut m, Msg::Ticket { id: TicketId(77), result: Ok(TicketPage { tickets: vec![t], ..Default::default() }) });
    assert_eq!(m.selected().unwrap().id, TicketId(77));
    press(&mut m, KeyCode::Char('r'));
    assert_eq!(m.mode, Mode::Compose);
    assert_eq!(m.drafting.composer.as_ref().unwrap().ticket, TicketId(77), "the editor names the ticket it targets");
}

/// Answers every write in flight as the helpdesk would (taken), so the next write to the same
/// ticket is not held behind it.
pub(crate) fn settle_writes(m: &mut Model) {
    let jobs: Vec<(u64, Vec<TicketId>)> =
        m.writes.in_flight.iter().map(|(id, j)| (*id, j.changes.iter().map(|(t, _)| *t).collect())).collect();
    for (job, tickets) in jobs {
        if tickets.len() > 1 {
            let each = tickets.iter().map(|t| (*t, Ok(()))).collect();
            update(m, Msg::WrittenMany { job, result: Ok(each) });
        } else {
            let page =
                TicketPage { tickets: m.queue.get(tickets[0]).cloned().into_iter().collect(), ..Default::default() };
            update(m, Msg::Written { job, ticket: tickets[0], result: Ok(page) });
        }
    }
}
