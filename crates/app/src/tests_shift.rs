//! Pure tests of a shift's rules and helpers: solving assigns, closed tickets refuse, merge
//! where the helpdesk cannot, a colleague on the ticket, macro text in the editor, the paper
//! cuts, and the agent's own changes in the counts.

use super::tests::NOW;
use super::tests_actions::{chord, console, first_job, me, press, typed, writes};
use super::*;
use frontline_backend::{BackendError, TicketCount, TicketPage};
use frontline_config::{KeyCode, KeyModifiers};
use frontline_model::{Macro, Priority, Role, Status, TicketId, User};

#[test]
fn solving_a_ticket_nobody_has_assigns_it_to_the_agent_unless_turned_off() {
    // found in a shift: #221 and #101 were solved and stayed unassigned, counted for nobody
    let mut m = console(0);
    assert!(m.selected().unwrap().assignee.is_none());
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "Refund issued.");
    let fx = chord(&mut m, 's', KeyModifiers::ALT);
    let w = writes(&fx);
    assert_eq!(w[0].1.status, Some(Status::Solved));
    assert_eq!(w[0].1.assignee, Some(Some(me().id)), "assigned to the agent who solved it");
    // turned off, or already someone's: left as it is
    let mut m = console(0);
    m.settings.assign_on_solve = false;
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "Refund issued.");
    let w = writes(&chord(&mut m, 's', KeyModifiers::ALT));
    assert_eq!(w[0].1.assignee, None);
}

#[test]
fn a_closed_ticket_refuses_a_reply_before_the_undo_window_and_says_the_way_forward() {
    // found in a shift: `r` on a closed ticket was accepted and failed after the undo window
    let mut m = console(5);
    let id = m.selected().unwrap().id;
    let i = m.queue.index[&id];
    m.queue.tickets[i].status = Status::Closed;
    assert!(press(&mut m, KeyCode::Char('r')).is_empty());
    assert_ne!(m.mode, Mode::Compose, "no editor for a closed ticket");
    let said = m.notice.clone().unwrap();
    assert!(said.error && said.text.contains("is closed") && said.text.contains("follow-up"), "{said:?}");
    // closed while the agent typed: nothing queued, the text stays in the editor
    m.queue.tickets[i].status = Status::Open;
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "Here is your label.");
    m.queue.tickets[i].status = Status::Closed;
    let fx = chord(&mut m, 's', KeyModifiers::CONTROL);
    assert!(writes(&fx).is_empty() && m.writes.outbox.is_empty(), "{fx:?}");
    assert_eq!(m.mode, Mode::Compose);
    assert!(m.drafting.composer.as_ref().unwrap().text().contains("Here is your label."));
    // a take on it too is refused at once
    press(&mut m, KeyCode::Esc);
    press(&mut m, KeyCode::Char('h'));
    assert!(writes(&press(&mut m, KeyCode::Char('a'))).is_empty());
    assert!(m.notice.as_ref().unwrap().text.contains("is closed"));
}

#[test]
fn merge_where_the_helpdesk_cannot_says_so_and_asks_nothing() {
    let mut m = console(5);
    m.settings.helpdesk = "Request Tracker at rt.example.com".into();
    let fx = run_command(&mut m, "merge 3");
    assert!(fx.is_empty() && m.mode == Mode::Normal);
    let said = m.notice.clone().unwrap();
    assert!(said.error && said.text.contains("not offered on Request Tracker"), "{said:?}");
    // where it can: the target is read for the confirmation, unless the queue has it
    m.settings.can_merge = true;
    assert!(run_command(&mut m, "merge 3").is_empty(), "#3 is in the queue");
    assert!(matches!(&m.mode, Mode::Merge(a) if a.target_ticket.as_ref().map(|t| t.id) == Some(TicketId(3))));
    press(&mut m, KeyCode::Esc);
    assert_eq!(run_command(&mut m, "merge 999"), vec![Effect::LoadMergeTarget(TicketId(999))]);
    update(
        &mut m,
        Msg::MergeTarget { target: TicketId(999), result: Err(BackendError::NotFound { what: "ticket #999".into() }) },
    );
    assert_eq!(m.mode, Mode::Normal);
    assert!(m.notice.as_ref().unwrap().text.contains("#999 not found: nothing merged"));
    assert!(run_command(&mut m, "merge").is_empty() && m.notice.as_ref().unwrap().error);
}

#[test]
fn a_colleague_on_the_ticket_is_said_and_sending_asks_once() {
    // found in a shift: #230 was already being answered by another agent, with no sign of it
    let mut m = console(0);
    let id = m.selected().unwrap().id;
    let lucia = User { email: Some("lucia@northwind.example".into()), ..User::new(31, "Lucía Gómez", Role::Agent) };
    m.users.insert(lucia.id, lucia.clone());
    let reply = frontline_model::Message {
        id: 9,
        author: lucia.id,
        kind: frontline_model::MessageKind::Public,
        body: "On it.".into(),
        created_at: NOW - 120,
        attachments: vec![],
        fingerprint: 0,
    };
    m.details.conversations.insert(id, Loadable::Ready(vec![reply]));
    assert_eq!(colleague::on_it(&m, id).as_deref(), Some("Lucía Gómez replied 2m ago"));
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "Your refund is on its way.");
    let fx = chord(&mut m, 's', KeyModifiers::CONTROL);
    assert!(writes(&fx).is_empty() && m.writes.outbox.is_empty(), "asked first: {fx:?}");
    let said = m.notice.clone().unwrap().text;
    assert!(said.contains("Lucía Gómez replied 2m ago") && said.contains("again to send anyway"), "{said}");
    assert_eq!(m.mode, Mode::Compose, "the text stays");
    let fx = chord(&mut m, 's', KeyModifiers::CONTROL);
    assert_eq!(writes(&fx).len(), 1, "the second send goes");
    // an old message is not someone being on it; another assignee is
    m.now = NOW + colleague::RECENT_SECS + 1;
    assert_eq!(colleague::on_it(&m, id), None);
    let i = m.queue.index[&id];
    m.queue.tickets[i].assignee = Some(lucia.id);
    assert_eq!(colleague::on_it(&m, id).as_deref(), Some("assigned to Lucía Gómez"));
    m.queue.tickets[i].assignee = Some(me().id);
    assert_eq!(colleague::on_it(&m, id), None, "the agent's own ticket");
}

#[test]
fn a_macros_text_goes_into_the_reply_at_the_cursor_without_its_field_changes() {
    // found in a shift: a macro could not be inserted into a reply being written
    let mut m = console(5);
    m.macros = local_macros_of(&mut m);
    press(&mut m, KeyCode::Char('r'));
    typed(&mut m, "Hello! ");
    chord(&mut m, 'm', KeyModifiers::ALT);
    assert!(matches!(&m.mode, Mode::Pick(p) if p.items.iter().any(|(t, _)| t == "Local: thanks")), "{:?}", m.mode);
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.mode, Mode::Compose, "Esc goes back to the editor");
    chord(&mut m, 'm', KeyModifiers::ALT);
    typed(&mut m, "thanks");
    let fx = press(&mut m, KeyCode::Enter);
    assert!(fx.is_empty(), "nothing sent, no field changed: {fx:?}");
    assert_eq!(m.mode, Mode::Compose);
    let text = m.drafting.composer.as_ref().unwrap().text();
    assert!(text.starts_with("Hello! Thanks Ana1! {{ticket.order_ref}}"), "{text}");
    assert!(m.notice.as_ref().unwrap().text.contains("ticket.order_ref"), "an unknown placeholder is said");
    assert!(m.writes.pending.is_empty() && m.writes.outbox.is_empty());
}

fn local_macros_of(m: &mut Model) -> Vec<Macro> {
    super::macros::local_macros(m)
}

#[test]
fn paper_cuts_of_a_shift() {
    // the escalate prompt says where the ticket goes before the agent writes why
    let mut m = console(5);
    press(&mut m, KeyCode::Char('e'));
    assert!(
        matches!(&m.mode, Mode::Prompt(p) if p.label == "Escalation reason (→ Tier 2, group Tier 2 escalations)"),
        "{:?}",
        m.mode
    );
    press(&mut m, KeyCode::Esc);
    // after a bulk macro the marks are cleared, as after every bulk action
    m.macros = local_macros_of(&mut m);
    // (without the placeholder it cannot fill: that is refused, see tests_actions)
    for mac in &mut m.macros {
        if let Some(c) = mac.change.comment.as_mut() {
            c.body = c.body.replace(" {{ticket.order_ref}}", "");
        }
    }
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Char(' '));
    assert_eq!(m.marked.len(), 2);
    press(&mut m, KeyCode::Char('m'));
    typed(&mut m, "thanks");
    press(&mut m, KeyCode::Enter);
    assert!(matches!(m.mode, Mode::Preview(_)), "{:?}", m.mode);
    press(&mut m, KeyCode::Enter);
    assert!(m.marked.is_empty(), "a later `a` does not ask about 2 marked tickets");
    // the first Esc in the conversation goes back to the queue and keeps the filter
    press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "Order");
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Esc);
    assert_eq!((m.focus, m.filter.text.as_str()), (Pane::Queue, "Order"));
    press(&mut m, KeyCode::Esc);
    assert!(m.filter.text.is_empty() && m.notice.as_ref().unwrap().text == "filter cleared");
    // sorting puts the cursor on the first row; tickets without a clock sort by priority
    press(&mut m, KeyCode::Char('j'));
    press(&mut m, KeyCode::Char('j'));
    for t in &mut m.queue.tickets {
        t.sla = None;
    }
    let last = m.queue.tickets.len() - 1;
    m.queue.tickets[last].priority = Some(Priority::Urgent);
    let urgent = m.queue.tickets[last].id;
    super::input::run_command(&mut m, "sort sla");
    assert_eq!(m.queue.selected, 0);
    assert_eq!(m.selected().unwrap().id, urgent, "urgent first among tickets without a clock");
    // Esc and q leave the wallboard; Ctrl-C still quits
    super::input::run_command(&mut m, "wallboard");
    assert!(m.board.on);
    press(&mut m, KeyCode::Esc);
    assert!(!m.board.on);
    super::input::run_command(&mut m, "wallboard");
    press(&mut m, KeyCode::Char('q'));
    assert!(!m.board.on && !m.quit);
    super::input::run_command(&mut m, "wallboard");
    chord(&mut m, 'c', KeyModifiers::CONTROL);
    // the shift's last writes are still in their undo window: asked where they go, then quit
    assert!(!m.board.on && matches!(m.mode, Mode::Pick(_)), "{:?}", m.mode);
    press(&mut m, KeyCode::Enter);
    assert!(m.writes.pending.is_empty() && !m.writes.in_flight.is_empty() && !m.quit, "sent; quits once answered");
}

#[test]
fn the_agents_own_confirmed_change_moves_the_counts_at_once() {
    // found in a shift: "Pending 26" beside a Pending view of 27 after the agent's own change;
    // "✓ take" while the counts still had the ticket unassigned
    let mut m = console(0);
    super::counts::recount(&mut m);
    for (what, n) in [(TicketCount::Open, 80), (TicketCount::New, 4), (TicketCount::Urgent, 2)] {
        update(&mut m, Msg::Count { what, result: Ok(n) });
    }
    update(&mut m, Msg::Count { what: TicketCount::Unassigned, result: Ok(13) });
    update(&mut m, Msg::Count { what: TicketCount::Pending, result: Ok(26) });
    let before = m.selected().unwrap().clone();
    let fx = press(&mut m, KeyCode::Char('a'));
    let job = first_job(&fx);
    let mut after = before.clone();
    after.assignee = Some(me().id);
    after.status = Status::Pending;
    after.updated_at = m.now + 5;
    update(
        &mut m,
        Msg::Written {
            job,
            ticket: before.id,
            result: Ok(TicketPage { tickets: vec![after], users: vec![], next: None }),
        },
    );
    assert_eq!(m.stats.kpis.counts.unassigned, frontline_model::Figure::Value(12));
    assert_eq!(m.stats.kpis.counts.pending, frontline_model::Figure::Value(27));
}
