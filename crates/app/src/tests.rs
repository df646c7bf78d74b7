//! Pure tests of `update`: keys and answers in, model and effects out. No IO, no clock.

use super::*;
use frontline_backend::{BackendError, Conversation, TicketCount, TicketPage};
use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
use frontline_model::{
    Channel, Figure, Message, MessageKind, Priority, Role, Satisfaction, SlaClock, Status, Ticket, TicketId, User,
    UserId, View, ViewId,
};

pub const NOW: i64 = 1_790_000_000;

pub fn ticket(id: u64, subject: &str, requester: u64) -> Ticket {
    Ticket {
        id: TicketId(id),
        subject: subject.into(),
        status: Status::Open,
        priority: Some(Priority::Normal),
        channel: Channel::Email,
        requester: Some(UserId(requester)),
        assignee: None,
        group: None,
        tags: vec![],
        created_at: NOW - 3600,
        updated_at: NOW - 600,
        sla: Some(SlaClock { metric: "first_reply_time".into(), breach_at: Some(NOW + id as i64 * 60) }),
        satisfaction: Satisfaction::None,
        first_reply_minutes: None,
        solved_at: None,
        version: String::new(),
        refs: vec![],
        metrics: Default::default(),
        snoozed_until: None,
    }
}

fn user(id: u64, name: &str) -> User {
    User::new(id, name, Role::Customer)
}

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// The effects without the cache writes that go with every answer.
pub fn no_cache(fx: Vec<Effect>) -> Vec<Effect> {
    fx.into_iter().filter(|e| !matches!(e, Effect::Cache(_))).collect()
}

pub fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// A model with two views and the first one loaded with `n` tickets.
pub fn loaded(n: u64) -> Model {
    let mut m = Model::new(
        Settings::default(),
        Keymap::default(),
        "default-dark".into(),
        vec!["default-dark".into(), "light".into()],
        NOW,
    );
    m.size = (200, 60);
    let fx = init(&mut m);
    assert_eq!(
        fx,
        vec![Effect::Restore, Effect::LoadMe, Effect::LoadViews, Effect::Listen],
        "the view's first page goes next"
    );
    update(&mut m, Msg::Restored(Box::default()));
    let fx = update(&mut m, Msg::Views(Ok(vec![View::new(ViewId(1), "All open"), View::new(ViewId(2), "Unassigned")])));
    let req = match &no_cache(fx)[..] {
        [Effect::LoadQueue { view: ViewId(1), page: None, req, first: true }] => *req,
        other => panic!("expected the first view's first page, got {other:?}"),
    };
    let tickets = (1..=n).map(|i| ticket(i, &format!("Order {i} late"), 100 + i)).collect();
    let users = (1..=n).map(|i| user(100 + i, &format!("Customer {i}"))).collect();
    update(&mut m, Msg::QueuePage { req, first: true, result: Ok(TicketPage { tickets, users, next: None }) });
    m
}

#[test]
fn first_page_selects_and_loads_details() {
    let mut m = Model::new(Settings::default(), Keymap::default(), "x".into(), vec![], NOW);
    init(&mut m);
    update(&mut m, Msg::Restored(Box::default()));
    update(&mut m, Msg::Views(Ok(vec![View::new(ViewId(7), "Mine")])));
    let req = m.sync.queue_req;
    let fx = update(
        &mut m,
        Msg::QueuePage {
            req,
            first: true,
            result: Ok(TicketPage { tickets: vec![ticket(5, "a", 50)], users: vec![], next: Some("p2".into()) }),
        },
    );
    assert!(fx.contains(&Effect::LoadQueue {
        view: ViewId(7),
        page: Some("p2".into()),
        req: m.sync.queue_req,
        first: false
    }));
    assert!(fx.contains(&Effect::LoadConversation(TicketId(5))));
    assert!(fx.contains(&Effect::LoadCustomer(UserId(50))));
    assert!(m.queue.loading);
}

#[test]
fn navigation_moves_selection_and_loads_the_new_ticket() {
    let mut m = loaded(30);
    assert_eq!(m.selected().unwrap().id, TicketId(1));
    let fx = update(&mut m, key('j'));
    assert_eq!(m.selected().unwrap().id, TicketId(2));
    assert!(fx.contains(&Effect::LoadConversation(TicketId(2))));
    update(&mut m, key('G'));
    assert_eq!(m.selected().unwrap().id, TicketId(30));
    update(&mut m, key('j'));
    assert_eq!(m.selected().unwrap().id, TicketId(30), "stops at the end");
    update(&mut m, key('g'));
    assert_eq!(m.selected().unwrap().id, TicketId(1));
    update(&mut m, code(KeyCode::PageDown));
    assert!(m.selected().unwrap().id.0 > 10);
    update(&mut m, code(KeyCode::Up));
    update(&mut m, key('k'));
    assert!(m.queue.offset <= m.queue.selected);
}

#[test]
fn selection_stays_in_view_on_a_small_terminal() {
    let mut m = loaded(50);
    update(&mut m, Msg::Resize(80, 24));
    let rows = m.queue_rows();
    assert!(rows > 0 && rows < 20);
    for _ in 0..30 {
        update(&mut m, key('j'));
        assert!(m.queue.selected >= m.queue.offset && m.queue.selected < m.queue.offset + rows);
    }
}

#[test]
fn tab_cycles_panes_and_j_scrolls_the_conversation() {
    let mut m = loaded(3);
    update(&mut m, code(KeyCode::Tab));
    assert_eq!(m.focus, Pane::Conversation);
    update(&mut m, key('k'));
    assert_eq!(m.details.scroll, 1, "up scrolls back in time");
    update(&mut m, key('j'));
    assert_eq!(m.details.scroll, 0);
    update(&mut m, code(KeyCode::Tab));
    assert_eq!(m.focus, Pane::Customer);
    update(&mut m, code(KeyCode::BackTab));
    assert_eq!(m.focus, Pane::Conversation);
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(m.focus, Pane::Queue);
}

#[test]
fn filter_as_you_type_is_fuzzy_and_esc_clears() {
    let mut m = loaded(30);
    m.queue.tickets[11].subject = "Refund for wrong size".into();
    m.queue.tickets[11].tags = vec!["refund".into()];
    m.refresh_visible(None);
    update(&mut m, key('/'));
    assert_eq!(m.mode, Mode::Filter);
    for c in "rfnd".chars() {
        update(&mut m, key(c));
    }
    assert_eq!(m.queue.visible.len(), 1);
    assert_eq!(m.selected().unwrap().id, TicketId(12));
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(m.mode, Mode::Normal);
    assert_eq!(m.filter.text, "rfnd", "Enter keeps the filter");
    update(&mut m, code(KeyCode::Esc));
    assert!(m.filter.text.is_empty());
    assert_eq!(m.queue.visible.len(), 30);
    assert_eq!(m.selected().unwrap().id, TicketId(12), "selection survives the filter");
    // requester names and ids match too
    update(&mut m, key('/'));
    for c in "Customer 7".chars() {
        update(&mut m, key(c));
    }
    assert!(m.queue.visible.iter().any(|&i| m.queue.tickets[i].id == TicketId(7)));
}

#[test]
fn views_picker_and_view_command_switch_views() {
    let mut m = loaded(5);
    update(&mut m, key('v'));
    assert_eq!(m.mode, Mode::Views(0));
    update(&mut m, key('j'));
    let fx = update(&mut m, code(KeyCode::Enter));
    assert_eq!(m.view, Some(ViewId(2)));
    assert!(matches!(&fx[..], [Effect::LoadQueue { view: ViewId(2), first: true, .. }]));
    assert!(m.queue.tickets.is_empty(), "a new view starts empty");
    let fx = run_command(&mut m, "view all open");
    assert_eq!(m.view, Some(ViewId(1)));
    assert_eq!(fx.len(), 1);
    run_command(&mut m, "view nope");
    assert!(m.notice.as_ref().unwrap().text.contains("have: All open, Unassigned"));
}

#[test]
fn stale_pages_are_dropped() {
    let mut m = loaded(3);
    let old = m.sync.queue_req;
    update(&mut m, key('v'));
    update(&mut m, key('j'));
    update(&mut m, code(KeyCode::Enter));
    update(
        &mut m,
        Msg::QueuePage {
            req: old,
            first: true,
            result: Ok(TicketPage { tickets: vec![ticket(99, "stale", 1)], users: vec![], next: None }),
        },
    );
    assert!(m.queue.get(TicketId(99)).is_none());
}

#[test]
fn refresh_keeps_the_selected_ticket_even_if_rows_move() {
    let mut m = loaded(10);
    update(&mut m, key('j'));
    update(&mut m, key('j'));
    assert_eq!(m.selected().unwrap().id, TicketId(3));
    let fx = update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)));
    assert!(fx.contains(&Effect::LoadCounts));
    let mut fresh: Vec<Ticket> = (1..=10).rev().map(|i| ticket(i, "x", 100 + i)).collect();
    fresh.insert(0, ticket(11, "new one", 111));
    let req = m.sync.queue_req;
    update(
        &mut m,
        Msg::QueuePage { req, first: true, result: Ok(TicketPage { tickets: fresh, users: vec![], next: None }) },
    );
    assert_eq!(m.selected().unwrap().id, TicketId(3));
    assert_eq!(m.queue.tickets[0].id, TicketId(11), "the helpdesk's order once the load is complete");
}

#[test]
fn ticket_command_selects_or_loads() {
    let mut m = loaded(10);
    let fx = run_command(&mut m, "ticket 7");
    assert_eq!(m.selected().unwrap().id, TicketId(7));
    assert!(fx.contains(&Effect::LoadConversation(TicketId(7))));
    let fx = run_command(&mut m, "ticket #4242");
    assert_eq!(fx, vec![Effect::LoadTicket(TicketId(4242))]);
    update(
        &mut m,
        Msg::Ticket {
            id: TicketId(4242),
            result: Ok(TicketPage { tickets: vec![ticket(4242, "elsewhere", 5)], users: vec![], next: None }),
        },
    );
    assert_eq!(m.selected().unwrap().id, TicketId(4242));
    run_command(&mut m, "ticket abc");
    assert!(m.notice.as_ref().unwrap().error);
}

#[test]
fn theme_and_quit_commands() {
    let mut m = loaded(1);
    run_command(&mut m, "theme light");
    assert_eq!(m.theme, "light");
    run_command(&mut m, "theme neon");
    assert_eq!(m.theme, "light");
    assert!(m.notice.as_ref().unwrap().text.contains("have: default-dark, light"));
    update(&mut m, key(':'));
    update(&mut m, key('q'));
    update(&mut m, code(KeyCode::Enter));
    assert!(m.quit);
}

#[test]
fn sort_by_sla_puts_the_soonest_breach_first() {
    let mut m = loaded(5);
    m.queue.tickets[3].sla = Some(SlaClock { metric: "x".into(), breach_at: Some(NOW - 100) });
    update(&mut m, key('o'));
    assert_eq!(m.sort, SortKey::Sla);
    assert_eq!(m.queue.tickets[m.queue.visible[0]].id, TicketId(4));
}

#[test]
fn kpis_from_counts_and_tickets() {
    let mut m = loaded(4);
    m.queue.tickets[0].sla = Some(SlaClock { metric: "x".into(), breach_at: Some(NOW - 5) });
    m.kpi_touch([m.queue.tickets[0].id]);
    update(&mut m, Msg::Count { what: TicketCount::Open, result: Ok(42) });
    update(
        &mut m,
        Msg::Count { what: TicketCount::Urgent, result: Err(BackendError::Forbidden { what: "search".into() }) },
    );
    assert_eq!(m.stats.kpis.counts.open, Figure::Value(42));
    assert_eq!(m.stats.kpis.counts.urgent, Figure::NoAccess, "no access is said, never a wrong 0");
    assert_eq!(m.stats.kpis.sla.breached, 1);
    assert_eq!(m.stats.kpis.sla.at_risk, 3, "tickets 2-4 breach within 30 minutes");
    let mut solved = ticket(50, "done", 1);
    solved.status = Status::Solved;
    solved.satisfaction = Satisfaction::Good;
    solved.updated_at = NOW - 60;
    solved.solved_at = Some(NOW - 60);
    solved.first_reply_minutes = Some(12);
    update(&mut m, Msg::Today { result: Ok(vec![solved]) });
    assert_eq!(m.stats.kpis.csat, Figure::Value(100));
    assert_eq!(m.stats.kpis.first_reply_median, Figure::Value(12));
    assert_eq!(m.stats.kpis.solved_today, Figure::Value(1));
}

#[test]
fn a_new_utc_offset_redraws_the_times_and_the_same_one_does_not() {
    let mut m = loaded(2);
    m.dirty = false;
    // summer time begins: an hour further east
    update(&mut m, Msg::UtcOffset(3600));
    assert_eq!(m.settings.utc_offset, 3600);
    assert!(m.dirty);
    m.dirty = false;
    update(&mut m, Msg::UtcOffset(3600));
    assert!(!m.dirty, "idle means no redraws: the same offset changes nothing");
}

#[test]
fn errors_go_to_the_status_line_and_the_console_keeps_working() {
    let mut m = loaded(3);
    update(
        &mut m,
        Msg::Count {
            what: TicketCount::Open,
            result: Err(BackendError::Network { host: "h".into(), detail: "connection refused".into() }),
        },
    );
    assert!(matches!(m.sync.connection, Connection::Trouble(_)));
    assert!(m.notice.as_ref().unwrap().error);
    update(&mut m, key('j'));
    assert_eq!(m.selected().unwrap().id, TicketId(2));
    // the helpdesk answers again: online, and the old error is no longer shown
    let req = m.sync.queue_req;
    update(&mut m, Msg::Polled { req, view: Ok(TicketPage::default()), changed: Ok(vec![]) });
    assert_eq!(m.sync.connection, Connection::Online);
    assert!(!m.notice.as_ref().unwrap().error);
}

#[test]
fn conversation_answers_fill_the_cache_and_skips_reset_it() {
    let mut m = loaded(2);
    let msg = Message {
        id: 1,
        author: UserId(101),
        kind: MessageKind::Public,
        body: "hi".into(),
        created_at: NOW,
        attachments: vec![],
        fingerprint: frontline_model::body_fingerprint("hi"),
    };
    update(
        &mut m,
        Msg::Conversation {
            ticket: TicketId(1),
            result: Some(Ok(Conversation { messages: vec![msg], users: vec![], older_left_out: false })),
        },
    );
    assert!(matches!(m.details.conversations.get(&TicketId(1)), Some(Loadable::Ready(v)) if v.len() == 1));
    update(&mut m, Msg::Conversation { ticket: TicketId(2), result: None });
    assert!(!m.details.conversations.contains_key(&TicketId(2)));
    let fx = update(&mut m, key('j'));
    assert!(fx.contains(&Effect::LoadConversation(TicketId(2))), "a skipped load is asked again");
}

#[test]
fn idle_ticks_do_not_redraw_until_the_minute_turns() {
    let mut m = loaded(1);
    m.queue.tickets[0].sla = Some(SlaClock { metric: "x".into(), breach_at: Some(NOW + 3 * 3600) });
    let t0 = NOW - NOW % 60;
    update(&mut m, Msg::Tick(t0));
    m.dirty = false;
    update(&mut m, Msg::Tick(t0 + 1));
    assert!(!m.dirty, "nothing on screen changed");
    update(&mut m, Msg::Tick(t0 + 60));
    assert!(m.dirty, "countdowns moved a minute");
    // near a breach, countdowns show seconds and redraw every second
    m.queue.tickets[0].sla = Some(SlaClock { metric: "x".into(), breach_at: Some(t0 + 120) });
    m.dirty = false;
    update(&mut m, Msg::Tick(t0 + 61));
    assert!(m.dirty);
}

#[test]
fn poll_interval_triggers_a_cheap_poll_and_ctrl_r_a_full_reload() {
    let mut m = loaded(1);
    let later = NOW + m.settings.poll_secs;
    let fx = update(&mut m, Msg::Tick(later));
    assert!(matches!(&fx[..], [Effect::Poll { .. }]), "{fx:?}");
    let fx = update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)));
    assert!(fx.contains(&Effect::LoadCounts));
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadQueue { first: true, .. })));
}

#[test]
fn customer_pane_enter_opens_their_other_ticket() {
    let mut m = loaded(5);
    let profile = frontline_backend::CustomerProfile {
        user: user(101, "Customer 1"),
        tickets: vec![ticket(1, "a", 101), ticket(4, "b", 101)],
    };
    update(&mut m, Msg::Customer { user: UserId(101), result: Some(Ok(profile)) });
    update(&mut m, code(KeyCode::Tab));
    update(&mut m, code(KeyCode::Tab));
    update(&mut m, key('j'));
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(m.selected().unwrap().id, TicketId(4));
}

#[test]
fn a_poll_merges_changes_without_moving_the_selection() {
    let mut m = loaded(10);
    update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)));
    update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)));
    assert_eq!(m.selected().unwrap().id, TicketId(3));
    let at = NOW + m.settings.poll_secs + 1;
    let fx = update(&mut m, Msg::Tick(at));
    let req = match &fx[..] {
        [Effect::Poll { view: ViewId(1), since, req, local: false }] => {
            assert_eq!(*since, NOW - 600, "after the newest ticket held: ten minutes old, no overlap needed");
            *req
        }
        other => panic!("a delta poll, not a full reload: {other:?}"),
    };
    // nothing changed: the same versions come back
    let same = vec![ticket(5, "Order 5 late", 105)];
    let fx = update(
        &mut m,
        Msg::Polled {
            req,
            view: Ok(TicketPage { tickets: same.clone(), users: vec![], next: None }),
            changed: Ok(same),
        },
    );
    assert!(fx.is_empty(), "no change, no further request: {fx:?}");
    // a new ticket, an update to the selected one, and one that left the view
    let mut newer = ticket(99, "Brand new", 199);
    newer.updated_at = NOW;
    let mut updated = ticket(3, "Order 3 late", 103);
    updated.updated_at = NOW;
    updated.status = Status::Pending;
    let mut solved = ticket(7, "Order 7 late", 107);
    solved.updated_at = NOW;
    solved.status = Status::Solved;
    let fx = update(
        &mut m,
        Msg::Polled {
            req,
            view: Ok(TicketPage { tickets: vec![newer, updated.clone()], users: vec![], next: None }),
            changed: Ok(vec![updated, solved]),
        },
    );
    assert_eq!(m.selected().unwrap().id, TicketId(3), "the selection stays on its ticket");
    assert_eq!(m.selected().unwrap().status, Status::Pending);
    assert!(m.queue.get(TicketId(99)).is_some());
    assert_eq!(m.queue.tickets[0].id, TicketId(99), "new tickets come first");
    assert!(m.queue.get(TicketId(7)).is_none(), "a ticket that left the view goes");
    // one this console moved out itself: the held version is already the changed one
    let mut taken = m.queue.get(TicketId(5)).unwrap().clone();
    taken.updated_at = NOW;
    let i = m.queue.index[&TicketId(5)];
    m.queue.tickets[i] = taken.clone();
    update(
        &mut m,
        Msg::Polled {
            req,
            view: Ok(TicketPage { tickets: vec![], users: vec![], next: None }),
            changed: Ok(vec![taken]),
        },
    );
    assert!(m.queue.get(TicketId(5)).is_none(), "a ticket our own write moved out goes too");
    assert!(!fx.contains(&Effect::LoadCounts), "a busy poll moves the counts itself, it does not ask them");
    assert!(fx.contains(&Effect::LoadConversation(TicketId(3))), "the open conversation reloads");
}

#[test]
fn new_and_updated_tickets_are_marked_until_looked_at() {
    let mut m = loaded(5);
    let at = NOW + m.settings.poll_secs + 1;
    let fx = update(&mut m, Msg::Tick(at));
    let req = fx.iter().find_map(|e| if let Effect::Poll { req, .. } = e { Some(*req) } else { None }).unwrap();
    let mut fresh = ticket(40, "new", 140);
    fresh.updated_at = at;
    let mut changed = ticket(4, "Order 4 late", 104);
    changed.updated_at = at;
    update(
        &mut m,
        Msg::Polled {
            req,
            view: Ok(TicketPage { tickets: vec![fresh, changed], users: vec![], next: None }),
            changed: Ok(vec![]),
        },
    );
    assert_eq!(m.unseen.get(&TicketId(40)), Some(&true), "new");
    assert_eq!(m.unseen.get(&TicketId(4)), Some(&false), "updated");
    assert_eq!(m.selected().unwrap().id, TicketId(1));
    run_command(&mut m, "ticket 4");
    assert!(!m.unseen.contains_key(&TicketId(4)), "seen once selected");
    assert!(m.unseen.contains_key(&TicketId(40)));
}

#[test]
fn failed_polls_back_off_and_honour_retry_after() {
    let mut m = loaded(2);
    let at = NOW + m.settings.poll_secs + 1;
    let fx = update(&mut m, Msg::Tick(at));
    let req = fx.iter().find_map(|e| if let Effect::Poll { req, .. } = e { Some(*req) } else { None }).unwrap();
    let down = BackendError::Network { host: "h".into(), detail: "connection refused".into() };
    update(&mut m, Msg::Polled { req, view: Err(down.clone()), changed: Ok(vec![]) });
    assert_eq!(m.sync.next_poll, at + 2 * m.settings.poll_secs, "twice the interval after one failure");
    let p = m.settings.poll_secs;
    assert!(update(&mut m, Msg::Tick(at + p + 1)).iter().all(|e| !matches!(e, Effect::Poll { .. })), "not before");
    let fx = update(&mut m, Msg::Tick(at + 2 * p));
    let req = fx
        .iter()
        .find_map(|e| if let Effect::Poll { req, .. } = e { Some(*req) } else { None })
        .expect("polls when due");
    let now = m.now;
    update(
        &mut m,
        Msg::Polled { req, view: Err(BackendError::RateLimited { retry_after: 200, asked: 200 }), changed: Ok(vec![]) },
    );
    assert_eq!(m.sync.next_poll, now + 200, "Retry-After wins when longer");
    assert!(m.sync.pace.asked_to_wait, "the status line shows the wait, not an error (ui tests)");
    assert!(m.notice.as_ref().is_none_or(|n| !n.error), "back-pressure is not an error: {:?}", m.notice);
    // an absurd Retry-After (cut to 15 minutes by the adapter) waits 15 minutes, said on screen
    let at = m.sync.next_poll;
    let fx = update(&mut m, Msg::Tick(at));
    let req = fx.iter().find_map(|e| if let Effect::Poll { req, .. } = e { Some(*req) } else { None }).unwrap();
    let absurd = BackendError::RateLimited { retry_after: 900, asked: 9_223_372_036_854_775_807 };
    update(&mut m, Msg::Polled { req, view: Err(absurd), changed: Ok(vec![]) });
    assert_eq!(m.sync.next_poll, at + 900);
    assert!(m.notice.as_ref().is_some_and(|n| n.text.contains("at most 15 minutes")), "{:?}", m.notice);
}

#[test]
fn the_wallboard_toggles_asks_for_view_counts_and_refuses_actions() {
    let mut m = loaded(5);
    let fx = run_command(&mut m, "wallboard");
    assert!(m.board.on);
    assert_eq!(fx, vec![Effect::LoadViewCounts(vec![ViewId(1), ViewId(2)])]);
    let before = m.selected().unwrap().id;
    for c in ['j', 'a', 'r', 's', 'e'] {
        assert!(update(&mut m, key(c)).is_empty());
    }
    assert_eq!(m.selected().unwrap().id, before);
    assert!(m.notice.as_ref().unwrap().text.contains(":wallboard"));
    // a write through the command line meets the same rule as --wallboard: nothing is queued
    m.settings.snoozing = frontline_backend::Snoozing::ByHelpdesk;
    let fx = run_command(&mut m, "snooze 4h");
    assert!(!fx.iter().any(|e| matches!(e, Effect::Outbox(_) | Effect::Write { .. })), "{fx:?}");
    assert!(m.writes.outbox.is_empty() && m.writes.pending.is_empty());
    assert!(m.notice.as_ref().unwrap().text.contains("the wallboard only shows"), "{:?}", m.notice);
    // counts come again only every five minutes (Zendesk's limit on count_many)
    let now = m.now;
    assert!(!update(&mut m, Msg::Tick(now + 60)).iter().any(|e| matches!(e, Effect::LoadViewCounts(_))));
    assert!(update(&mut m, Msg::Tick(now + 301)).iter().any(|e| matches!(e, Effect::LoadViewCounts(_))));
    update(&mut m, Msg::ViewCounts(Ok(vec![(ViewId(1), 12)])));
    assert_eq!(m.board.view_counts.get(&ViewId(1)), Some(&12));
    run_command(&mut m, "wallboard");
    assert!(!m.board.on);
}

#[test]
fn narrowing_the_filter_gives_what_a_fresh_search_gives() {
    let mut m = loaded(60);
    for (i, t) in m.queue.tickets.iter_mut().enumerate() {
        t.subject = ["refund late", "wrong size", "refunded twice", "order lost"][i % 4].to_string();
    }
    m.queue.version += 1;
    let typed: Vec<&str> =
        vec!["r", "re", "ref", "refu", "refund", "refunde", "refund", "refund !late", "refund !lat", "o", "or"];
    for f in typed {
        m.filter.text = f.to_string();
        m.refresh_visible(None);
        let narrowed = m.queue.visible.clone();
        m.filter.last = (String::new(), Vec::new(), false);
        m.refresh_visible(None);
        assert_eq!(narrowed, m.queue.visible, "filter {f:?}");
    }
}

#[test]
fn a_helpdesk_that_never_answers_keeps_the_status_line_counting() {
    let mut m = Model::new(Settings::default(), Keymap::default(), "x".into(), vec![], NOW);
    m.dirty = false;
    update(&mut m, Msg::Tick(NOW + 5));
    assert!(!m.dirty, "no redraw for the first seconds of connecting");
    update(&mut m, Msg::Tick(NOW + super::NO_ANSWER_SECS + 1));
    assert!(m.dirty, "after 20 s each second redraws the 'no answer for N s' line");
}
