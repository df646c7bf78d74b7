//! Live data in `update`: KPIs, filter haystacks and loaded conversations following what polls
//! change, bring and take away, and the poll's overlap with the newest change.

use super::tests::{NOW, code, key, loaded, ticket};
use super::*;
use frontline_backend::TicketPage;
use frontline_config::KeyCode;
use frontline_model::{SlaClock, Status, TicketId};

#[test]
fn kpis_follow_tickets_that_change_arrive_and_leave_through_polls() {
    let mut m = loaded(4);
    let before = m.stats.kpis.sla.breached;
    // ticket 2 breaches, a new breached ticket 9 arrives
    let mut two = m.queue.get(TicketId(2)).unwrap().clone();
    two.sla = Some(SlaClock { metric: "x".into(), breach_at: Some(NOW - 60) });
    two.updated_at += 10;
    let mut nine = ticket(9, "new one", 200);
    nine.sla = Some(SlaClock { metric: "x".into(), breach_at: Some(NOW - 5) });
    let req = m.sync.queue_req;
    let page = TicketPage { tickets: vec![two.clone(), nine.clone()], users: vec![], next: None };
    update(&mut m, Msg::Polled { req, view: Ok(page), changed: Ok(vec![two.clone(), nine]) });
    assert_eq!(m.stats.kpis.sla.breached, before + 2);
    // ticket 2 is solved and leaves the view
    two.status = Status::Solved;
    two.updated_at += 10;
    let req = m.sync.queue_req;
    let empty = TicketPage::default();
    update(&mut m, Msg::Polled { req, view: Ok(empty), changed: Ok(vec![two]) });
    assert_eq!(m.stats.kpis.sla.breached, before + 1, "solved: no longer counted as breached");
    let full = frontline_model::sla_summary(m.queue.tickets.iter(), NOW, m.settings.kpi.at_risk_minutes * 60);
    assert_eq!(m.stats.kpis.sla, full, "the index agrees with a full pass");
}

#[test]
fn the_filter_sees_tickets_a_poll_changed_or_brought() {
    let mut m = loaded(6);
    update(&mut m, key('/'));
    for c in "late".chars() {
        update(&mut m, key(c));
    }
    assert_eq!(m.queue.visible.len(), 6);
    let mut three = m.queue.get(TicketId(3)).unwrap().clone();
    three.subject = "Zebra print jacket".into();
    three.updated_at += 10;
    let mut new = ticket(40, "Zebra socks", 300);
    new.updated_at = NOW + 20;
    let mut gone = m.queue.get(TicketId(5)).unwrap().clone();
    gone.updated_at += 10;
    let req = m.sync.queue_req;
    let page = TicketPage { tickets: vec![three.clone(), new.clone()], users: vec![], next: None };
    update(&mut m, Msg::Polled { req, view: Ok(page), changed: Ok(vec![three, new, gone]) });
    update(&mut m, code(KeyCode::Esc));
    update(&mut m, key('/'));
    for c in "zebra".chars() {
        update(&mut m, key(c));
    }
    let shown: Vec<u64> = m.queue.visible.iter().map(|&i| m.queue.tickets[i].id.0).collect();
    assert_eq!(shown, vec![40, 3], "the changed and the new ticket, by their new subjects");
    assert_eq!(m.filter.haystacks.len(), m.queue.tickets.len(), "kept row for row, ticket 5 gone");
}

#[test]
fn loaded_conversations_are_kept_within_a_bound_and_the_selected_one_stays() {
    let mut m = loaded(260);
    let selected = m.selected().unwrap().id;
    for id in std::iter::once(selected).chain((1..=260).map(TicketId)) {
        let result = Some(Ok(frontline_backend::Conversation::default()));
        update(&mut m, Msg::Conversation { ticket: id, result });
    }
    assert_eq!(m.details.conversations.len(), super::parts::DETAILS_KEPT);
    assert!(m.details.conversations.contains_key(&selected), "the ticket on screen keeps its conversation");
    assert!(m.details.conversations.contains_key(&TicketId(260)), "the newest stay");
    assert!(!m.details.conversations.contains_key(&TicketId(30)), "the oldest went");
}

#[test]
fn a_poll_overlaps_a_second_only_while_the_newest_change_is_recent() {
    let mut m = loaded(3);
    m.queue.tickets[0].updated_at = NOW;
    let every = m.settings.poll_secs;
    let poll_at = |m: &mut Model, at: i64| match &update(m, Msg::Tick(at))[..] {
        [Effect::Poll { since, .. }] => *since,
        other => panic!("a poll: {other:?}"),
    };
    assert_eq!(poll_at(&mut m, NOW + every + 1), NOW - 1, "a change later in that second is not missed");
    assert_eq!(poll_at(&mut m, NOW + 2 * every + 62), NOW, "a minute on: nothing fetched twice");
}

#[test]
fn the_view_opens_only_once_the_local_store_is_read_whichever_answers_first() {
    use frontline_model::{View, ViewId};
    let views = || vec![View::new(ViewId(405), "All open")];
    let cached = || {
        let mut r = super::msg::Restored::default();
        r.cache.view = Some(ViewId(405));
        r.cache.views = views();
        r.cache.saved_at = Some(NOW - 60);
        r.cache.tickets = (1..=3).map(|i| ticket(i, "cached", 100 + i)).collect();
        Box::new(r)
    };
    let new = || {
        let settings = Settings { start_view: Some("All open".into()), ..Settings::default() };
        Model::new(settings, Keymap::default(), "x".into(), vec![], NOW)
    };
    let full_load = |fx: &[Effect]| fx.iter().any(|e| matches!(e, Effect::LoadQueue { .. }));
    let delta = |fx: &[Effect]| fx.iter().any(|e| matches!(e, Effect::Poll { .. }));
    // the helpdesk answers first: nothing is opened until the cache is known, then a delta
    let mut m = new();
    let fx = update(&mut m, Msg::Views(Ok(views())));
    assert!(!full_load(&fx) && !delta(&fx), "{fx:?}");
    let fx = update(&mut m, Msg::Restored(cached()));
    assert!(delta(&fx) && !full_load(&fx), "{fx:?}");
    // the store answers first: the cache shows, and the views bring the delta
    let mut m = new();
    update(&mut m, Msg::Restored(cached()));
    assert_eq!(m.queue.tickets.len(), 3);
    let fx = update(&mut m, Msg::Views(Ok(views())));
    assert!(delta(&fx) && !full_load(&fx), "{fx:?}");
    // no cache: the start view loads in full
    let mut m = new();
    update(&mut m, Msg::Views(Ok(views())));
    let fx = update(&mut m, Msg::Restored(Box::default()));
    assert!(full_load(&fx), "{fx:?}");
}

#[test]
fn a_cache_started_from_is_checked_for_deleted_tickets_and_a_full_load_replaces_the_rest() {
    use frontline_model::{View, ViewId};
    let views = vec![View::new(ViewId(405), "All open")];
    let mut r = super::msg::Restored::default();
    r.cache.view = Some(ViewId(405));
    r.cache.views = views.clone();
    r.cache.saved_at = Some(NOW - 60);
    r.cache.tickets = (1..=4).map(|i| ticket(i, "cached", 100 + i)).collect();
    let settings = Settings { start_view: Some("All open".into()), ..Settings::default() };
    let mut m = Model::new(settings, Keymap::default(), "x".into(), vec![], NOW);
    update(&mut m, Msg::Restored(Box::new(r)));
    let fx = update(&mut m, Msg::Views(Ok(views)));
    let asked: Vec<TicketId> = fx
        .iter()
        .find_map(|e| match e {
            Effect::CheckExisting { view: ViewId(405), ids } => Some(ids.clone()),
            _ => None,
        })
        .expect("the cached tickets are checked");
    assert_eq!(asked.len(), 4);
    // a check that fails removes nothing
    let down = Err(frontline_backend::BackendError::Network { host: "x".into(), detail: "refused".into() });
    assert!(update(&mut m, Msg::Existing { view: ViewId(405), asked: asked.clone(), result: down }).is_empty());
    assert_eq!(m.queue.tickets.len(), 4);
    // #2 was deleted: out of the queue and the cache
    let still = vec![TicketId(1), TicketId(3), TicketId(4)];
    let fx = update(&mut m, Msg::Existing { view: ViewId(405), asked, result: Ok(still) });
    assert!(m.queue.get(TicketId(2)).is_none());
    assert!(fx.contains(&Effect::Cache(CacheOp::Forget(TicketId(2)))), "{fx:?}");
    assert!(m.notice.as_ref().unwrap().text.contains("#2 was deleted"), "{:?}", m.notice);
    // a full load is the view's whole membership: #4 left it, the queue and the cache follow
    let req = m.sync.queue_req + 1;
    m.sync.queue_req = req;
    let page = TicketPage { tickets: vec![ticket(1, "a", 101), ticket(3, "b", 103)], ..Default::default() };
    let fx = update(&mut m, Msg::QueuePage { req, first: true, result: Ok(page) });
    let ids: Vec<u64> = m.queue.tickets.iter().map(|t| t.id.0).collect();
    assert_eq!(ids, vec![1, 3]);
    let order = fx.iter().find_map(|e| match e {
        Effect::Cache(CacheOp::Tickets { order: Some(o), .. }) => Some(o.clone()),
        _ => None,
    });
    assert_eq!(order, Some(vec![TicketId(1), TicketId(3)]), "the cache's membership is replaced too");
}

/// A poll answer: `view` is what the view holds now, `changed` what changed anywhere.
fn poll_answer(m: &mut Model, view: Vec<frontline_model::Ticket>, changed: Vec<frontline_model::Ticket>) {
    let at = m.now + m.settings.poll_secs + 1;
    let fx = update(m, Msg::Tick(at));
    let req = fx.iter().find_map(|e| if let Effect::Poll { req, .. } = e { Some(*req) } else { None }).unwrap();
    update(m, Msg::Polled { req, view: Ok(TicketPage { tickets: view, ..Default::default() }), changed: Ok(changed) });
}

#[test]
fn the_ticket_under_the_agents_hands_stays_put_when_it_leaves_the_view() {
    // found in a shift: 5 s after `a` on #99 in "Unassigned" the ticket left the view and the
    // detail pane switched to the next one; `r` there would have answered the wrong customer
    let mut m = loaded(6);
    update(&mut m, key('j'));
    update(&mut m, key('j'));
    assert_eq!(m.selected().unwrap().id, TicketId(3));
    let mut taken = ticket(3, "Order 3 late", 103);
    taken.updated_at = m.now + 5;
    taken.assignee = Some(frontline_model::UserId(1));
    let mut newer = ticket(40, "Brand new", 140);
    newer.updated_at = m.now + 5;
    poll_answer(&mut m, vec![newer], vec![taken]);
    assert_eq!(m.selected().unwrap().id, TicketId(3), "still the taken ticket, not the next row");
    assert_eq!(m.queue.held, Some(TicketId(3)), "marked as having left the view");
    assert_eq!(m.selected().unwrap().assignee, Some(frontline_model::UserId(1)), "with the helpdesk's new data");
    update(&mut m, key('r'));
    assert_eq!(m.drafting.composer.as_ref().unwrap().ticket, TicketId(3), "r answers the ticket on screen");
    update(&mut m, code(KeyCode::Esc));
    update(&mut m, key('h'));
    assert_eq!(m.queue.held, Some(TicketId(3)), "changing panes is not moving on");
    // the agent moves on: the held ticket goes, the selection lands on the row below it
    update(&mut m, key('j'));
    assert_eq!(m.selected().unwrap().id, TicketId(4));
    assert!(m.queue.get(TicketId(3)).is_none() && m.queue.held.is_none());
    let ids: Vec<u64> = m.queue.visible.iter().map(|&i| m.queue.tickets[i].id.0).collect();
    assert_eq!(ids, vec![40, 1, 2, 4, 5, 6]);
}

#[test]
fn a_full_reload_without_the_selected_ticket_holds_it_too() {
    let mut m = loaded(5);
    update(&mut m, key('j'));
    update(&mut m, key('j'));
    update(&mut m, key('j'));
    assert_eq!(m.selected().unwrap().id, TicketId(4));
    update(
        &mut m,
        Msg::Key(frontline_config::KeyEvent::new(KeyCode::Char('r'), frontline_config::KeyModifiers::CONTROL)),
    );
    let req = m.sync.queue_req;
    let rest = [1, 2, 3, 5].iter().map(|&i| ticket(i, "x", 100 + i)).collect();
    update(&mut m, Msg::QueuePage { req, first: true, result: Ok(TicketPage { tickets: rest, ..Default::default() }) });
    assert_eq!(m.selected().unwrap().id, TicketId(4), "not #5, which took its row");
    assert_eq!(m.queue.held, Some(TicketId(4)));
    update(&mut m, key('k'));
    assert_eq!(m.selected().unwrap().id, TicketId(3));
    assert!(m.queue.get(TicketId(4)).is_none());
}

#[test]
fn moving_away_and_back_never_strands_loading_and_ctrl_r_retries_a_failed_conversation() {
    // found in a shift: "loading conversation…" for over 40 s on #14 until j k
    let mut m = loaded(5);
    assert!(matches!(m.details.conversations.get(&TicketId(1)), Some(Loadable::Loading)));
    update(&mut m, key('j'));
    update(&mut m, key('k'));
    // the executor drops #1's first load (the agent had moved on): it is asked for again
    let fx = update(&mut m, Msg::Conversation { ticket: TicketId(1), result: None });
    assert!(fx.contains(&Effect::LoadConversation(TicketId(1))), "{fx:?}");
    // a load that failed says so and Ctrl-r asks again
    let down = frontline_backend::BackendError::Timeout { what: "comments".into(), secs: 20 };
    let fx = update(&mut m, Msg::Conversation { ticket: TicketId(1), result: Some(Err(down)) });
    assert!(!fx.contains(&Effect::LoadConversation(TicketId(1))), "no retry storm: {fx:?}");
    assert!(matches!(m.details.conversations.get(&TicketId(1)), Some(Loadable::Failed(_))));
    let ctrl_r = frontline_config::KeyEvent::new(KeyCode::Char('r'), frontline_config::KeyModifiers::CONTROL);
    let fx = update(&mut m, Msg::Key(ctrl_r));
    assert!(fx.contains(&Effect::LoadConversation(TicketId(1))), "{fx:?}");
    // an answer that came for a ticket no longer on screen leaves what is shown alone
    update(&mut m, Msg::Conversation { ticket: TicketId(1), result: Some(Ok(Default::default())) });
    update(&mut m, Msg::Conversation { ticket: TicketId(1), result: None });
    assert!(matches!(m.details.conversations.get(&TicketId(1)), Some(Loadable::Ready(_))));
}

#[test]
fn the_filter_finds_words_as_typed_order_numbers_and_emails_and_falls_back_to_fuzzy() {
    // found in a shift: `/log in` matched 15 of 51 tickets, "Item arrived damaged" among
    // them; `/NW415145` and `/kenji.patel` found nothing though the tickets were in the view
    use frontline_model::{Role, User};
    let mut m = loaded(0);
    let mut order = ticket(3, "Where is my parcel?", 103);
    order.refs = vec!["NW415145".into()];
    let tickets = vec![
        ticket(1, "Can't log in to my account", 101),
        ticket(2, "Item arrived damaged", 102),
        order,
        ticket(4, "Still waiting for my refund", 104),
    ];
    let kenji = User { email: Some("kenji.patel@example.com".into()), ..User::new(104, "Kenji Patel", Role::Customer) };
    let req = m.sync.queue_req;
    let page = TicketPage { tickets, users: vec![kenji], next: None };
    update(&mut m, Msg::QueuePage { req, first: true, result: Ok(page) });
    let shown = |m: &mut Model, filter: &str| -> (Vec<u64>, bool) {
        update(m, key('/'));
        for c in filter.chars() {
            update(m, key(c));
        }
        let rows = m.queue.visible.iter().map(|&i| m.queue.tickets[i].id.0).collect();
        let fuzzy = m.filter.fuzzy;
        update(m, code(KeyCode::Esc));
        (rows, fuzzy)
    };
    assert_eq!(shown(&mut m, "log in"), (vec![1], false));
    assert_eq!(shown(&mut m, "NW415145"), (vec![3], false), "by the order number its message names");
    assert_eq!(shown(&mut m, "kenji.patel"), (vec![4], false), "by the requester's e-mail");
    assert_eq!(shown(&mut m, "#2"), (vec![2], false));
    // no ticket has the word as typed: fuzzy matches, said so
    assert_eq!(shown(&mut m, "dmgd"), (vec![2], true));
}

#[test]
fn a_ticket_opened_by_number_is_shown_not_added_to_the_view() {
    // found in a shift: `:ticket 230` put a colleague's ticket into "My open tickets"
    let mut m = loaded(5);
    let fx = super::input::run_command(&mut m, "ticket 230");
    assert_eq!(fx, vec![Effect::LoadTicket(TicketId(230))]);
    let page = TicketPage { tickets: vec![ticket(230, "Someone else's", 330)], ..Default::default() };
    update(&mut m, Msg::Ticket { id: TicketId(230), result: Ok(page) });
    assert_eq!(m.selected().unwrap().id, TicketId(230));
    assert_eq!(m.queue.held, Some(TicketId(230)), "shown as not in this view");
    // opening another one by number lets the first go
    update(
        &mut m,
        Msg::Ticket {
            id: TicketId(231),
            result: Ok(TicketPage { tickets: vec![ticket(231, "x", 331)], ..Default::default() }),
        },
    );
    assert!(m.queue.get(TicketId(230)).is_none() && m.queue.held == Some(TicketId(231)));
    update(&mut m, code(KeyCode::Esc));
    update(&mut m, key('k'));
    assert!(m.queue.get(TicketId(231)).is_none(), "and moving on lets it go");
    assert_eq!(m.queue.tickets.len(), 5);
}

#[test]
fn the_customer_pane_follows_the_agents_own_changes() {
    // found in a shift: the customer pane kept "#101 open" after it was solved
    let mut m = loaded(3);
    let requester = m.selected().unwrap().requester.unwrap();
    let mine = m.selected().unwrap().clone();
    let user = frontline_model::User::new(requester.0, "Customer 1", frontline_model::Role::Customer);
    let profile = frontline_backend::CustomerProfile { user, tickets: vec![mine.clone()] };
    m.details.customers.insert(requester, Loadable::Ready(profile));
    let mut solved = mine.clone();
    solved.status = Status::Solved;
    solved.updated_at += 10;
    m.refresh_customer_tickets(&[solved]);
    match m.details.customers.get(&requester) {
        Some(Loadable::Ready(p)) => assert_eq!(p.tickets[0].status, Status::Solved),
        other => panic!("{other:?}"),
    }
}
