//! The flow between tickets, as `update` sees it: after a send the queue has the keys and the
//! next ticket is selected (`'` goes back), `after_send = "stay"` keeps the ticket, and a send
//! that did not go moves nothing.

use super::tests_actions::{chord, console, press, typed};
use super::*;
use frontline_config::{AfterSend, KeyCode, KeyModifiers};
use frontline_model::TicketId;

fn selected(m: &Model) -> TicketId {
    m.selected().expect("a ticket selected").id
}

/// `r`, text, Ctrl-s on the selected ticket.
fn reply(m: &mut Model, text: &str) -> Vec<Effect> {
    press(m, KeyCode::Char('r'));
    typed(m, text);
    chord(m, 's', KeyModifiers::CONTROL)
}

#[test]
fn after_a_send_the_queue_has_the_keys_on_the_next_ticket_and_quote_goes_back() {
    let mut m = console(5);
    let first = selected(&m);
    press(&mut m, KeyCode::Enter); // into the conversation, as an agent reads it
    assert_eq!(m.focus, Pane::Conversation);
    let fx = reply(&mut m, "On its way.");
    assert!(fx.iter().any(|e| matches!(e, Effect::Outbox(OutboxOp::Put(_)))), "queued");
    assert_eq!(m.focus, Pane::Queue, "j moves the queue, not the conversation");
    let next = selected(&m);
    assert_ne!(next, first, "the next ticket");
    assert_eq!(m.queue.visible.iter().position(|&i| m.queue.tickets[i].id == next), Some(1), "the row below");
    // ' goes back, and ' again returns
    press(&mut m, KeyCode::Char('\''));
    assert_eq!(selected(&m), first);
    press(&mut m, KeyCode::Char('\''));
    assert_eq!(selected(&m), next);
    // j moves on from there
    press(&mut m, KeyCode::Char('j'));
    assert_eq!(m.queue.selected, 2);
}

#[test]
fn the_last_row_goes_up_stay_keeps_the_ticket_and_a_refused_send_moves_nothing() {
    let mut m = console(5);
    press(&mut m, KeyCode::Char('G'));
    let last = selected(&m);
    reply(&mut m, "Thanks!");
    assert_eq!(m.queue.selected, m.queue.visible.len() - 2, "the row above the last");
    assert_ne!(selected(&m), last);

    let mut m = console(5);
    m.settings.after_send = AfterSend::Stay;
    let first = selected(&m);
    reply(&mut m, "Thanks!");
    assert_eq!((selected(&m), m.focus), (first, Pane::Queue), "stay: the same ticket, the queue's keys");

    // an empty reply is not sent: the editor stays open on the ticket
    let mut m = console(5);
    let first = selected(&m);
    press(&mut m, KeyCode::Char('r'));
    chord(&mut m, 's', KeyModifiers::CONTROL);
    assert_eq!((selected(&m), m.mode.clone()), (first, Mode::Compose));
    assert!(m.queue.back_to.is_none());
}

#[test]
fn a_macro_on_one_ticket_moves_on_and_a_bulk_one_does_not() {
    let mut m = console(5);
    let first = selected(&m);
    press(&mut m, KeyCode::Char('m'));
    press(&mut m, KeyCode::Enter); // the first macro
    assert!(matches!(m.mode, Mode::Preview(_)), "{:?} {:?}", m.mode, m.notice);
    press(&mut m, KeyCode::Enter);
    assert_ne!(selected(&m), first, "the next ticket after the macro");
    assert_eq!(m.queue.back_to, Some(first));

    let mut m = console(5);
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Char('k')); // on a marked ticket
    let at = m.queue.selected;
    press(&mut m, KeyCode::Char('m'));
    press(&mut m, KeyCode::Enter);
    let fx = press(&mut m, KeyCode::Enter);
    let queued: usize = fx
        .iter()
        .map(|e| match e {
            Effect::Outbox(OutboxOp::Put(entries)) => entries.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(queued, 2, "the macro went to both marked tickets");
    assert_eq!(m.queue.selected, at, "a bulk macro leaves the selection where it was");
}

#[test]
fn a_reply_after_the_consoles_own_shop_note_is_checked_against_the_version_that_note_made() {
    let mut m = super::tests_orders::shop_console();
    press(&mut m, KeyCode::Char('j'));
    super::tests_orders::answer(&mut m, "ana2@mail.example", super::tests_orders::three_orders());
    let before = m.queue.get(TicketId(2)).unwrap().version.clone();
    // a discount code with its note, then (inside the note's undo window) a reply
    run_command(&mut m, "discount 15% 30d");
    press(&mut m, KeyCode::Char('y'));
    m.settings.after_send = AfterSend::Stay;
    reply(&mut m, "Here is your code.");
    let waiting: Vec<_> = m.writes.outbox.iter().map(|e| (e.key.clone(), e.expected_version.clone())).collect();
    assert_eq!(waiting.len(), 2);
    assert!(waiting.iter().all(|(_, v)| v.as_deref() == Some(before.as_str())), "{waiting:?}");
    // the note lands and makes a new version: the reply now expects that one, not a conflict
    let later = m.now + 10;
    let fx = update(&mut m, Msg::Tick(later));
    let job = fx
        .iter()
        .find_map(|e| match e {
            Effect::Write { job, key, .. } if *key == waiting[0].0 => Some(*job),
            _ => None,
        })
        .expect("the note goes first");
    let mut made = m.queue.get(TicketId(2)).unwrap().clone();
    made.version = "v-after-the-note".into();
    let page = frontline_backend::TicketPage { tickets: vec![made], users: vec![], next: None };
    update(&mut m, Msg::Written { job, ticket: TicketId(2), result: Ok(page) });
    let reply = m.writes.outbox.iter().find(|e| e.key == waiting[1].0).expect("the reply waits");
    assert_eq!(reply.expected_version.as_deref(), Some("v-after-the-note"), "moved past the agent's own note");
}

#[test]
fn a_note_right_after_assigning_to_a_colleague_is_not_asked_about_that_colleague() {
    use frontline_model::{Role, TicketChange, User, UserId};
    let mut m = console(5);
    m.settings.after_send = AfterSend::Stay;
    m.users.insert(UserId(8), User::new(8, "Aisha Rahman", Role::Agent));
    let id = selected(&m);
    let to_aisha = TicketChange { assignee: Some(Some(UserId(8))), ..Default::default() };
    crate::writes::queue(&mut m, "assign #1 to Aisha".into(), vec![(id, to_aisha)]);
    // the row shows it once it has landed
    let i = m.queue.index[&id];
    m.queue.tickets[i].assignee = Some(UserId(8));
    press(&mut m, KeyCode::Char('n'));
    typed(&mut m, "Handing over: customer prefers e-mail.");
    let fx = chord(&mut m, 's', KeyModifiers::CONTROL);
    assert!(fx.iter().any(|e| matches!(e, Effect::Outbox(OutboxOp::Put(_)))), "sent at once: {:?}", m.notice);
    // a colleague's own assignment is still said
    let other = m.queue.tickets[m.queue.index[&TicketId(2)]].id;
    let j = m.queue.index[&other];
    m.queue.tickets[j].assignee = Some(UserId(8));
    assert_eq!(crate::colleague::on_it(&m, other).as_deref(), Some("assigned to Aisha Rahman"));
}

#[test]
fn a_filter_selects_its_first_match_and_esc_keeps_the_selected_ticket() {
    let mut m = console(5);
    press(&mut m, KeyCode::Char('G'));
    let before = selected(&m);
    m.notice = Some(Notice { text: "filter cleared".into(), error: false });
    press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "order");
    assert_eq!((m.queue.selected, m.queue.offset), (0, 0), "the first match, not the row the agent was on");
    assert!(m.notice.is_none(), "no word from before contradicts the filter: {:?}", m.notice);
    press(&mut m, KeyCode::Enter);
    assert_eq!(selected(&m), m.queue.tickets[m.queue.visible[0]].id);
    assert_ne!(selected(&m), before);
    // Esc while typing: every ticket again, the selected one kept
    let kept = selected(&m);
    press(&mut m, KeyCode::Char('/'));
    press(&mut m, KeyCode::Esc);
    assert!(m.filter.text.is_empty() && m.queue.visible.len() == 5);
    assert_eq!(selected(&m), kept);
}

#[test]
fn quitting_with_writes_in_the_undo_window_asks_send_now_or_leave_them() {
    let mut m = console(5);
    m.settings.after_send = AfterSend::Stay;
    reply(&mut m, "Done.");
    press(&mut m, KeyCode::Char('q'));
    assert!(!m.quit, "not at once");
    let Mode::Pick(p) = &m.mode else { panic!("a question: {:?}", m.mode) };
    assert_eq!(p.items[0].0, "send 1 now, then quit");
    assert_eq!(p.items[1].0, "quit and keep them in the outbox: they go at the next start");
    // send now: it goes at once, and the console quits when it is answered
    let fx = press(&mut m, KeyCode::Enter);
    let job = fx
        .iter()
        .find_map(|e| match e {
            Effect::Write { job, .. } => Some(*job),
            _ => None,
        })
        .expect("sent without waiting out the window");
    assert!(!m.quit, "waiting for the answer");
    let page = frontline_backend::TicketPage { tickets: vec![], users: vec![], next: None };
    let ticket = selected(&m);
    update(&mut m, Msg::Written { job, ticket, result: Ok(page) });
    assert!(m.quit, "answered: the console quits");

    // the demo's helpdesk ends with the console: said plainly
    let mut m = console(5);
    m.settings.demo = true;
    reply(&mut m, "Done.");
    press(&mut m, KeyCode::Char('q'));
    let Mode::Pick(p) = &m.mode else { panic!("a question: {:?}", m.mode) };
    assert_eq!(p.items[1].0, "quit and lose them: the demo's helpdesk ends with the console");
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Enter);
    assert!(m.quit);
    // with nothing waiting q quits at once
    let mut m = console(5);
    press(&mut m, KeyCode::Char('q'));
    assert!(m.quit);
}

#[test]
fn merge_offers_the_same_customers_open_tickets_and_those_naming_the_same_order_first() {
    use frontline_model::{Role, Status, User};
    let mut m = console(5);
    m.settings.can_merge = true;
    let first = selected(&m);
    let requester = m.selected().unwrap().requester.unwrap();
    let mut again = super::tests::ticket(9, "Order 1, wrong colour", requester.0);
    again.status = Status::Open;
    let mut done = super::tests::ticket(8, "Old question", requester.0);
    done.status = Status::Solved;
    let user = User::new(requester.0, "Ana1 Lima", Role::Customer);
    let profile = frontline_backend::CustomerProfile { user, tickets: vec![again, done] };
    m.details.customers.insert(requester, Loadable::Ready(profile));
    for id in [first, TicketId(4)] {
        let i = m.queue.index[&id];
        m.queue.tickets[i].refs = vec!["NW111111".into()];
    }
    press(&mut m, KeyCode::Char('M'));
    let Mode::Pick(p) = &m.mode else { panic!("suggestions: {:?}", m.mode) };
    let labels: Vec<&str> = p.items.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["#9 Order 1, wrong colour — same customer", "#4 Order 4 — names NW111111", "another ticket: type its number"],
        "a solved ticket is not offered"
    );
    let fx = press(&mut m, KeyCode::Enter);
    assert!(
        fx.contains(&Effect::LoadMergeTarget(TicketId(9))) || matches!(m.mode, Mode::Merge(_)),
        "the merge of #1 into #9 is asked: {fx:?} {:?}",
        m.mode
    );
    // a number typed as before still merges into that ticket
    let mut m2 = console(5);
    m2.settings.can_merge = true;
    for id in [TicketId(1), TicketId(4)] {
        let i = m2.queue.index[&id];
        m2.queue.tickets[i].refs = vec!["NW111111".into()];
    }
    press(&mut m2, KeyCode::Char('M'));
    assert!(matches!(m2.mode, Mode::Pick(_)));
    typed(&mut m2, "77");
    let fx = press(&mut m2, KeyCode::Enter);
    assert!(fx.contains(&Effect::LoadMergeTarget(TicketId(77))), "{fx:?} {:?}", m2.mode);
    // nothing to suggest: the number is asked for
    let mut m = console(5);
    m.settings.can_merge = true;
    press(&mut m, KeyCode::Char('M'));
    assert!(matches!(m.mode, Mode::Prompt(_)), "{:?}", m.mode);
}

#[test]
fn undo_after_moving_on_reopens_the_text_under_its_own_ticket() {
    let mut m = console(5);
    let first = selected(&m);
    reply(&mut m, "Sorry for the wait.");
    assert_ne!(selected(&m), first, "moved on");
    press(&mut m, KeyCode::Char('u'));
    assert_eq!(m.mode, Mode::Compose);
    assert_eq!(selected(&m), first, "the editor is under the conversation it answers");
    assert_eq!(m.drafting.composer.as_ref().map(|c| c.ticket), Some(first));
}

#[test]
fn sending_before_quitting_does_not_quit_over_a_refused_write() {
    let mut m = console(5);
    m.settings.after_send = AfterSend::Stay;
    reply(&mut m, "Done.");
    press(&mut m, KeyCode::Char('q'));
    let fx = press(&mut m, KeyCode::Enter); // send now, then quit
    let job = fx
        .iter()
        .find_map(|e| match e {
            Effect::Write { job, .. } => Some(*job),
            _ => None,
        })
        .expect("sent");
    let ticket = selected(&m);
    let refused = frontline_backend::BackendError::Invalid("comment is too long".into());
    update(&mut m, Msg::Written { job, ticket, result: Err(refused.into()) });
    assert!(!m.quit, "the agent sees why first");
    assert!(m.notice.as_ref().unwrap().text.starts_with("not quitting: a write was refused"), "{:?}", m.notice);
    assert_eq!(m.writes.quitting, None, "q asks again");
}

#[test]
fn a_bulk_tag_change_names_its_tags_and_the_views_picker_asks_for_counts() {
    let mut m = console(5);
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Char('t'));
    typed(&mut m, "+vip -spam");
    press(&mut m, KeyCode::Enter);
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert_eq!(c.question, "tags +vip -spam on 2 marked tickets?");
    press(&mut m, KeyCode::Esc);
    // v asks the helpdesk for each view's count once, not again within five minutes
    let fx = press(&mut m, KeyCode::Char('v'));
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadViewCounts(_))), "{fx:?}");
    press(&mut m, KeyCode::Esc);
    let fx = press(&mut m, KeyCode::Char('v'));
    assert!(!fx.iter().any(|e| matches!(e, Effect::LoadViewCounts(_))), "{fx:?}");
}

#[test]
fn ctrl_r_on_a_search_asks_the_helpdesk_again_and_keeps_the_selection() {
    let mut m = console(5);
    press(&mut m, KeyCode::Char(':'));
    typed(&mut m, "search refund");
    let fx = press(&mut m, KeyCode::Enter);
    let Some(Effect::Search { req, .. }) = fx.iter().find(|e| matches!(e, Effect::Search { .. })).cloned() else {
        panic!("{fx:?}")
    };
    let found: Vec<_> = (1..=3).map(|i| super::tests::ticket(i, "refund", 100 + i)).collect();
    let page = frontline_backend::TicketPage { tickets: found.clone(), users: vec![], next: None };
    update(&mut m, Msg::Searched { req, result: Ok(page.clone()) });
    press(&mut m, KeyCode::Char('j'));
    let on = selected(&m);
    // it was "refreshing…" for good: nothing asked the answer again
    let fx = chord(&mut m, 'r', KeyModifiers::CONTROL);
    let Some(Effect::Search { words, req }) = fx.iter().find(|e| matches!(e, Effect::Search { .. })).cloned() else {
        panic!("{fx:?}")
    };
    assert_eq!(words, "refund");
    update(&mut m, Msg::Searched { req, result: Ok(page) });
    assert_eq!(selected(&m), on, "the same ticket under the agent's hands");
    assert!(m.notice.as_ref().is_some_and(|n| n.text.starts_with("3 tickets found")), "{:?}", m.notice);
}

#[test]
fn the_sla_figure_keeps_the_views_scope_while_a_search_is_on_screen() {
    let mut m = console(5);
    // three of the view's tickets have breached
    for t in m.queue.tickets.iter_mut().take(3) {
        t.sla = Some(frontline_model::SlaClock { metric: "first_reply_time".into(), breach_at: Some(m.now - 60) });
    }
    m.reindex_kpis();
    m.recompute_kpis();
    assert_eq!(m.stats.kpis.sla.breached, 3);
    press(&mut m, KeyCode::Char(':'));
    typed(&mut m, "search refund");
    let fx = press(&mut m, KeyCode::Enter);
    let Some(Effect::Search { req, .. }) = fx.iter().find(|e| matches!(e, Effect::Search { .. })).cloned() else {
        panic!("{fx:?}")
    };
    let found = vec![super::tests::ticket(90, "refund", 190)];
    let page = frontline_backend::TicketPage { tickets: found, users: vec![], next: None };
    update(&mut m, Msg::Searched { req, result: Ok(page) });
    assert_eq!(m.stats.kpis.sla.breached, 3, "the view's, not the answer's");
    // a view's ticket in the answer, solved from there: the view's figure follows
    let mut first = super::tests::ticket(1, "Order 1", 101);
    first.status = frontline_model::Status::Solved;
    first.sla = None;
    m.merge_page(vec![first], false, false);
    m.recompute_kpis();
    assert_eq!(m.stats.kpis.sla.breached, 2, "solved from the answer: one fewer breach in the view");
    // back to a view: its own figure again
    press(&mut m, KeyCode::Char('v'));
    press(&mut m, KeyCode::Enter);
    assert!(m.stats.view_index.is_none());
}

#[test]
fn tags_complete_with_tab_from_the_tags_the_console_holds() {
    let mut m = console(5);
    for (i, t) in m.queue.tickets.iter_mut().enumerate() {
        t.tags = match i {
            0 => vec!["vip".into(), "refund_requested".into()],
            1 | 2 => vec!["refund_requested".into()],
            _ => vec!["refund_done".into(), "return".into()],
        };
    }
    m.queue.selected = 0;
    press(&mut m, KeyCode::Char('t'));
    typed(&mut m, "+ref");
    let Mode::Prompt(p) = &m.mode else { panic!("{:?}", m.mode) };
    assert_eq!(p.suggestions(), ["refund_requested", "refund_done"], "most used first");
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "-r");
    let Mode::Prompt(p) = &m.mode else { panic!("{:?}", m.mode) };
    assert_eq!(p.text, "+refund_requested -r");
    assert_eq!(p.suggestions(), ["refund_requested"], "a - word: the ticket's own tags only, not refund_done");
    press(&mut m, KeyCode::Backspace);
    typed(&mut m, "v");
    press(&mut m, KeyCode::Tab);
    let fx = press(&mut m, KeyCode::Enter);
    let put = fx.iter().find_map(|e| match e {
        Effect::Outbox(OutboxOp::Put(list)) => list.first().cloned(),
        _ => None,
    });
    let change = put.expect("queued").change;
    assert_eq!((change.add_tags, change.remove_tags), (vec!["refund_requested".to_string()], vec!["vip".to_string()]));
}

#[test]
fn the_assign_picker_says_each_agents_groups_load_and_availability_group_first() {
    use frontline_model::{Role, User, UserId};
    let mut m = console(5);
    // the selected ticket is Tier 1's (201)
    let mut zoe = User::new(31, "Zoe Adams", Role::Agent);
    zoe.groups = vec![203];
    zoe.availability = Some("offline".into());
    let mut yan = User::new(32, "Yan Wu", Role::Agent);
    yan.groups = vec![201, 202];
    yan.availability = Some("online".into());
    update(&mut m, Msg::Agents(Ok(vec![zoe, yan])));
    // a ticket page's people do not carry groups: what the agents list said stays
    let page = frontline_backend::TicketPage {
        tickets: vec![],
        users: vec![User::new(32, "Yan Wu", Role::Agent)],
        next: None,
    };
    update(&mut m, Msg::Assigned { agent: UserId(32), result: Ok(page) });
    let mut two = super::tests::ticket(70, "x", 100);
    two.assignee = Some(UserId(32));
    let load = frontline_backend::TicketPage {
        tickets: vec![two.clone(), {
            let mut t = two;
            t.id = frontline_model::TicketId(71);
            t
        }],
        users: vec![],
        next: None,
    };
    m.team.loads.insert(UserId(32), (m.now, Ok(load)));
    press(&mut m, KeyCode::Char('A'));
    let Mode::Pick(p) = &m.mode else { panic!("{:?}", m.mode) };
    let lines: Vec<&str> = p.items.iter().map(|(l, _)| l.as_str()).collect();
    let yan = lines.iter().position(|l| l.starts_with("Yan Wu")).unwrap();
    let zoe = lines.iter().position(|l| l.starts_with("Zoe Adams")).unwrap();
    assert!(yan < zoe, "the ticket's group's agent first: {lines:?}");
    assert!(lines[yan].contains("Tier 1, Tier 2 escalations · 2 open · online"), "{}", lines[yan]);
    assert!(lines[zoe].contains("Engineering · offline"), "{}", lines[zoe]);
}

#[test]
fn a_merge_note_holds_the_messages_newest_kept_and_never_too_long() {
    use frontline_model::{Message, MessageKind, UserId};
    let mut m = console(5);
    let id = selected(&m);
    let msg = |i: u64, body: String| Message {
        id: i,
        author: UserId(101),
        kind: MessageKind::Public,
        body,
        created_at: super::tests::NOW - 1000 + i as i64,
        attachments: vec![],
        fingerprint: 0,
    };
    let said = vec![msg(1, "Order NW415145 is late.".into()), msg(2, "Any news?".into())];
    m.details.conversations.insert(id, Loadable::Ready(said));
    let note = super::merge::target_note(&m, id).unwrap();
    assert!(note.contains("Order NW415145 is late.") && note.contains("Any news?"), "{note}");
    assert!(note.find("NW415145").unwrap() < note.find("Any news?").unwrap(), "oldest first");
    // many long ones: the newest kept, the count of the rest said, under the limit
    let many: Vec<_> = (1..=40).map(|i| msg(i, format!("message {i} {}", "x".repeat(2000)))).collect();
    m.details.conversations.insert(id, Loadable::Ready(many));
    let note = super::merge::target_note(&m, id).unwrap();
    assert!(
        note.chars().count() <= 30_000 && note.contains("message 40 ") && !note.contains("message 1 "),
        "newest kept"
    );
    assert!(note.contains("earlier messages left out"));
    // one message longer than the note: its beginning, said to be cut
    m.details.conversations.insert(id, Loadable::Ready(vec![msg(1, "y".repeat(50_000))]));
    let note = super::merge::target_note(&m, id).unwrap();
    assert!(note.chars().count() <= 30_000 && note.contains("(cut: the whole message is on #"), "{}", note.len());
    // only the newest loaded: the helpdesk's own note
    m.details.older_left_out.insert(id);
    assert_eq!(super::merge::target_note(&m, id), None);
}
