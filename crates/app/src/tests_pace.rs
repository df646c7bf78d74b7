//! When polls go: faster while the view changes, slower while it is quiet, back at a key, a
//! view with conditions polled by one request, and the account's budget stretching the wait.

use super::tests::{NOW, loaded, ticket};
use super::*;
use frontline_backend::{RateBudget, TicketPage};
use frontline_config::KeyCode;
use frontline_model::{Cmp, Cond, Status, Ticket, TicketId, ViewFilter};

/// Ticks until the console polls; returns the poll's request id and when it went.
fn next_poll(m: &mut Model, from: i64) -> (u64, i64, bool) {
    for t in from..from + 1000 {
        let fx = update(m, Msg::Tick(t));
        if let Some((req, local)) =
            fx.iter().find_map(|e| if let Effect::Poll { req, local, .. } = e { Some((*req, *local)) } else { None })
        {
            return (req, t, local);
        }
    }
    panic!("no poll within 1000 s");
}

fn answer(m: &mut Model, req: u64, changed: Vec<Ticket>) {
    let page = TicketPage { tickets: changed.clone(), users: vec![], next: None };
    update(m, Msg::Polled { req, view: Ok(page), changed: Ok(changed) });
}

fn paced(n: u64, min: i64, max: i64) -> Model {
    let mut m = loaded(n);
    m.settings.poll_range = Some((min, max));
    m
}

#[test]
fn a_quiet_view_slows_polls_down_to_the_maximum_and_a_change_or_a_key_brings_them_back() {
    let mut m = paced(3, 5, 60);
    let mut at = NOW;
    let mut gaps = Vec::new();
    for _ in 0..7 {
        let (req, t, _) = next_poll(&mut m, at + 1);
        gaps.push(t - at);
        at = t;
        answer(&mut m, req, vec![]);
    }
    assert_eq!(gaps[..2], [15, 15], "at the interval at first: {gaps:?}");
    assert!(gaps.windows(2).all(|w| w[1] >= w[0]) && *gaps.last().unwrap() == 60, "{gaps:?}");
    // the view changes: back under the interval, towards the minimum
    let (req, t, _) = next_poll(&mut m, at + 1);
    let mut changed = m.queue.tickets[0].clone();
    changed.updated_at = t;
    answer(&mut m, req, vec![changed.clone()]);
    assert_eq!(m.sync.next_poll - t, 11, "15 × 3/4");
    for i in 0..4 {
        let (req, t, _) = next_poll(&mut m, t + 1);
        changed.updated_at = t + i;
        answer(&mut m, req, vec![changed.clone()]);
    }
    assert_eq!(m.sync.pace.interval, 5, "down to poll_min_secs");
    // quiet again for a while, then the agent presses a key: the next poll is at most 15 s away
    let mut at = m.sync.next_poll;
    for _ in 0..6 {
        let (req, t, _) = next_poll(&mut m, at);
        answer(&mut m, req, vec![]);
        at = t + 1;
    }
    assert!(m.sync.next_poll - m.now > 15, "slowed: {}", m.sync.next_poll - m.now);
    update(&mut m, Msg::Key(frontline_config::KeyEvent::from(KeyCode::Char('j'))));
    assert!(m.sync.next_poll - m.sync.last_poll <= 15);
}

#[test]
fn without_a_range_polls_keep_the_interval() {
    let mut m = loaded(3);
    let mut at = NOW;
    for _ in 0..6 {
        let (req, t, _) = next_poll(&mut m, at + 1);
        assert_eq!(t - at, 15);
        at = t;
        answer(&mut m, req, vec![]);
    }
}

#[test]
fn a_low_account_budget_stretches_polls_and_says_so() {
    let mut m = loaded(3);
    let (req, t, _) = next_poll(&mut m, NOW + 1);
    // a quarter of the budget left with the whole minute to go
    update(&mut m, Msg::Rate(RateBudget { limit: 400, remaining: 60, reset_secs: Some(60) }));
    answer(&mut m, req, vec![]);
    assert!(m.sync.pace.stretch > 1.0);
    let wait = m.sync.next_poll - t;
    assert!(wait > 15 && wait <= 60, "{wait}");
    // none left: four times as long; plenty left at the end of the minute: no stretch
    update(&mut m, Msg::Rate(RateBudget { limit: 400, remaining: 0, reset_secs: Some(60) }));
    assert_eq!(m.sync.pace.stretch, pacing::MAX_STRETCH);
    update(&mut m, Msg::Rate(RateBudget { limit: 400, remaining: 60, reset_secs: Some(6) }));
    assert_eq!(m.sync.pace.stretch, 1.0);
}

#[test]
fn consoles_started_together_drift_apart() {
    let mut times = Vec::new();
    for seed in [7, 8, 9] {
        let mut m = paced(2, 15, 60);
        m.settings.poll_jitter = 0.1;
        m.settings.poll_seed = seed;
        m.sync.pace = pacing::Pace::new(&m.settings);
        let mut at = NOW;
        let mut mine = Vec::new();
        for _ in 0..5 {
            let (req, t, _) = next_poll(&mut m, at + 1);
            let mut c = m.queue.tickets[0].clone();
            c.updated_at = t;
            answer(&mut m, req, vec![c]);
            mine.push(m.sync.next_poll - t);
            at = t;
        }
        assert!(mine.iter().all(|w| (15..=17).contains(w)), "at most 10 % later: {mine:?}");
        times.push(mine);
    }
    assert!(times[0] != times[1] || times[1] != times[2], "{times:?}");
}

#[test]
fn a_view_with_conditions_is_polled_with_one_request_and_sorted_here() {
    let mut m = loaded(3);
    let open = ViewFilter { all: vec![Cond::Status(Cmp::Less, Status::Solved)], any: vec![] };
    m.views[0].filter = Some(open);
    let (req, t, local) = next_poll(&mut m, NOW + 1);
    assert!(local, "one request: what changed anywhere");
    let mut arrived = ticket(50, "new parcel question", 300);
    arrived.updated_at = t;
    let mut solved = m.queue.tickets[1].clone();
    solved.status = Status::Solved;
    solved.updated_at = t;
    let gone = solved.id;
    let changed = TicketPage { tickets: vec![arrived, solved], users: vec![], next: None };
    let view = m.view.unwrap();
    let fx = update(&mut m, Msg::PolledChanges { req, view, since: t - 20, changed: Ok(changed) });
    assert!(!fx.iter().any(|e| matches!(e, Effect::Poll { .. })), "no second request: {fx:?}");
    assert_eq!(m.queue.tickets[0].id, TicketId(50), "the new ticket is in the view, first");
    assert!(m.queue.get(gone).is_none(), "the solved one left it");
    // a custom status the view's conditions cannot place: that poll asks the view itself
    let (req, t, _) = next_poll(&mut m, t + 1);
    let mut odd = m.queue.tickets[0].clone();
    odd.status = Status::Other("waiting on warehouse".into());
    odd.updated_at = t;
    let changed = TicketPage { tickets: vec![odd], users: vec![], next: None };
    let fx = update(&mut m, Msg::PolledChanges { req, view, since: t - 20, changed: Ok(changed) });
    assert!(matches!(&fx[..], [Effect::Poll { local: false, .. }]), "{fx:?}");
}
