//! The team board in `update`: rows from today's changes and each agent's unsolved tickets,
//! one request per agent per five minutes while it is open, sorting, and Enter opening an
//! agent's tickets as the queue.

use super::tests::{NOW, code, key, loaded, ticket};
use super::*;
use frontline_backend::TicketPage;
use frontline_config::KeyCode;
use frontline_model::{Role, Satisfaction, SlaClock, Status, TicketId, User, UserId};

fn with_agents() -> Model {
    let mut m = loaded(3);
    for (id, name) in [(7, "Ana Lima"), (8, "Rui Costa"), (9, "Zoe Park")] {
        m.users.insert(UserId(id), User::new(id, name, Role::Agent));
    }
    let day = frontline_model::day_start(NOW);
    let mut today = Vec::new();
    for (id, agent, solved, frt, sat) in [
        (20, 7, true, Some(10), Satisfaction::Good),
        (21, 7, true, Some(30), Satisfaction::Bad),
        (22, 7, false, Some(50), Satisfaction::Good),
        (23, 8, true, None, Satisfaction::None),
    ] {
        let mut t = ticket(id, "x", 100);
        t.assignee = Some(UserId(agent));
        t.created_at = day + 60;
        t.updated_at = NOW - 10;
        t.first_reply_minutes = frt;
        t.satisfaction = sat;
        if solved {
            t.status = Status::Solved;
            t.solved_at = Some(NOW - 100);
        }
        // recorded time: Ana's two solves 300 s and 500 s, Rui's 900 s, the unsolved one's none counted
        t.metrics.handle_seconds = Some(match id {
            20 => 300,
            21 => 500,
            22 => 4000,
            _ => 900,
        });
        today.push(t);
    }
    m.stats.today = today;
    m.stats.today_loaded = true;
    m
}

fn command(m: &mut Model, line: &str) -> Vec<Effect> {
    update(m, key(':'));
    for c in line.chars() {
        update(m, key(c));
    }
    update(m, code(KeyCode::Enter))
}

#[test]
fn the_board_asks_each_agent_once_in_five_minutes_and_fills_its_rows() {
    let mut m = with_agents();
    let fx = command(&mut m, "team");
    assert!(matches!(m.mode, Mode::Team(0)));
    let asked: Vec<_> =
        fx.iter().filter_map(|e| if let Effect::LoadAssigned(a) = e { Some(a.0) } else { None }).collect();
    assert_eq!(asked.len(), 3, "{fx:?}");
    assert!(update(&mut m, Msg::Tick(NOW + 60)).iter().all(|e| !matches!(e, Effect::LoadAssigned(_))), "not again yet");
    // Ana holds three unsolved tickets: two open (one breaching), one pending
    let mut old = ticket(30, "old", 100);
    old.created_at = NOW - 86_400;
    old.sla = Some(SlaClock { metric: "first_reply_time".into(), breach_at: Some(NOW - 5) });
    let fresh = ticket(31, "fresh", 100);
    let mut waiting = ticket(32, "waiting", 100);
    waiting.status = Status::Pending;
    let page = TicketPage { tickets: vec![old, fresh, waiting], users: vec![], next: None };
    update(&mut m, Msg::Assigned { agent: UserId(7), result: Ok(page) });
    let rows = team::rows(&m);
    let ana = rows.iter().find(|r| r.name == "Ana Lima").unwrap();
    assert_eq!((ana.open, ana.pending, ana.breaching), (Some(2), Some(1), Some(1)));
    assert_eq!(ana.solved_today, 2);
    assert_eq!(ana.first_reply_median, Some(30));
    assert_eq!(ana.csat, Some(67));
    assert_eq!(ana.oldest_waiting, Some((TicketId(30), NOW - 86_400)));
    assert_eq!(ana.handle_median, Some(300), "the lower middle of her solved tickets' 300 and 500 s");
    let rui = rows.iter().find(|r| r.name == "Rui Costa").unwrap();
    assert_eq!((rui.open, rui.solved_today, rui.first_reply_median), (None, 1, None), "not read yet: unknown, not 0");
    assert_eq!(rows[0].name, "Ana Lima", "most open first");
    let fx = update(&mut m, Msg::Tick(NOW + team::REFRESH_SECS));
    assert_eq!(fx.iter().filter(|e| matches!(e, Effect::LoadAssigned(_))).count(), 3, "after five minutes, again");
}

#[test]
fn sorting_and_enter_opens_the_agents_tickets() {
    let mut m = with_agents();
    command(&mut m, "team");
    let page = TicketPage { tickets: vec![ticket(40, "Rui's", 100)], users: vec![], next: None };
    update(&mut m, Msg::Assigned { agent: UserId(8), result: Ok(page) });
    update(&mut m, key('s'));
    assert_eq!(m.team.sort, team::TeamSort::SolvedToday);
    assert_eq!(team::rows(&m)[0].name, "Ana Lima", "two solved today");
    update(&mut m, key('s'));
    update(&mut m, key('s'));
    update(&mut m, key('s'));
    assert_eq!(m.team.sort, team::TeamSort::Handle);
    assert_eq!(team::rows(&m)[0].name, "Rui Costa", "the longest handle time first");
    update(&mut m, key('s'));
    assert_eq!(m.team.sort, team::TeamSort::Name);
    update(&mut m, key('j'));
    let rui = team::rows(&m).iter().position(|r| r.name == "Rui Costa").unwrap();
    assert_eq!(m.mode, Mode::Team(rui));
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(m.mode, Mode::Normal);
    assert_eq!(m.queue.search.as_deref(), Some("Rui Costa's unsolved tickets"));
    assert_eq!(m.queue.tickets.iter().map(|t| t.id.0).collect::<Vec<_>>(), [40]);
    // a helpdesk that cannot list an agent's tickets leaves the counts unknown
    command(&mut m, "team");
    update(
        &mut m,
        Msg::Assigned { agent: UserId(9), result: Err(frontline_backend::BackendError::NotOffered("no".into())) },
    );
    assert_eq!(team::rows(&m).iter().find(|r| r.name == "Zoe Park").unwrap().open, None);
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(m.mode, Mode::Normal);
}

#[test]
fn the_kpi_pages_hours_are_worked_out_while_it_is_open() {
    let mut m = crate::testkit::model(3, 120, 40);
    let mut t = m.queue.tickets[0].clone();
    t.status = Status::Solved;
    t.solved_at = Some(m.now - 600);
    t.metrics.public_replies = Some(1);
    m.stats.today = vec![t];
    m.stats.today_loaded = true;
    m.recompute_kpis();
    assert!(m.stats.hourly.is_empty() && m.stats.day == Default::default(), "nothing while the page is closed");
    crate::run_command(&mut m, "kpi");
    let one_touch = m.stats.hourly.iter().find(|(k, _)| *k == "one_touch_percent").unwrap();
    assert_eq!(one_touch.1.last(), Some(&Some(100)), "this hour's one-touch");
    // closed, the figures are left as they were (nothing draws them) and not worked out again
    m.mode = Mode::Normal;
    m.stats.today[0].metrics.public_replies = Some(2);
    m.recompute_kpis();
    assert_eq!(m.stats.day.one_touch, frontline_model::Figure::Value(100));
    crate::run_command(&mut m, "kpi");
    assert_eq!(m.stats.day.one_touch, frontline_model::Figure::Value(0), "worked out again as it opens");
}

#[test]
fn a_write_that_moves_a_ticket_reads_both_agents_again_and_ctrl_r_asks_the_agents_queue() {
    let mut m = with_agents();
    m.settings.undo_secs = 0;
    m.me = Some(User::new(7, "Ana Lima", Role::Agent));
    command(&mut m, "team");
    let mut theirs = ticket(40, "Rui's", 100);
    theirs.assignee = Some(UserId(8));
    let page = TicketPage { tickets: vec![theirs.clone()], users: vec![], next: None };
    update(&mut m, Msg::Assigned { agent: UserId(8), result: Ok(page) });
    let rui = team::rows(&m).iter().position(|r| r.name == "Rui Costa").unwrap();
    m.mode = Mode::Team(rui);
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(m.queue.temporary, Some(super::model::Temporary::Agent(UserId(8))));

    // Ctrl-r on the agent's queue asks their tickets again and the answer replaces the rows
    let fx = update(
        &mut m,
        Msg::Key(frontline_config::KeyEvent::new(KeyCode::Char('r'), frontline_config::KeyModifiers::CONTROL)),
    );
    assert!(fx.contains(&Effect::LoadAssigned(UserId(8))), "{fx:?}");
    let mut two = ticket(41, "Rui's second", 100);
    two.assignee = Some(UserId(8));
    let page = TicketPage { tickets: vec![theirs.clone(), two], users: vec![], next: None };
    update(&mut m, Msg::Assigned { agent: UserId(8), result: Ok(page) });
    assert_eq!(m.queue.tickets.len(), 2);
    assert!(m.notice.as_ref().is_none_or(|n| n.text != "refreshing…"), "{:?}", m.notice);

    // the agent takes #40: when it lands, Rui (who had it) and the agent are read again at once
    let fx = update(&mut m, key('a'));
    let job = fx
        .iter()
        .find_map(|e| if let Effect::Write { job, .. } = e { Some(*job) } else { None })
        .unwrap_or_else(|| panic!("sent at once: {fx:?} {:?} {:?}", m.notice, m.mode));
    let me = UserId(7);
    let mut taken = theirs;
    taken.assignee = Some(me);
    taken.version = "v2".into();
    update(
        &mut m,
        Msg::Written {
            job,
            ticket: TicketId(40),
            result: Ok(TicketPage { tickets: vec![taken], users: vec![], next: None }),
        },
    );
    assert_eq!(m.queue.get(TicketId(40)).unwrap().assignee, Some(me), "the row says who has it now");
    let fx = command(&mut m, "team");
    let asked: Vec<UserId> =
        fx.iter().filter_map(|e| if let Effect::LoadAssigned(a) = e { Some(*a) } else { None }).collect();
    assert!(asked.contains(&UserId(8)) && asked.contains(&me), "who had it and who has it: {asked:?}");
    assert!(!asked.contains(&UserId(9)), "an agent it did not touch waits its five minutes: {asked:?}");
}
