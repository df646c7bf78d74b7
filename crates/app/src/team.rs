//! `:team`: the team board for the lead on call — one row per agent with their open and
//! pending tickets, solved today, median first reply and CSAT today, the oldest ticket
//! waiting on them and SLA breaches — sortable, `Enter` opening that agent's tickets as the
//! queue. Built from today's changes the console already holds, plus one request per agent
//! (their unsolved tickets) at most every five minutes, and only while the board is open.

pub mod state;
pub use state::*;

use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use frontline_backend::{BackendError, TicketPage};
use frontline_config::{KeyCode, KeyEvent};
use frontline_model::{Status, Ticket, Timestamp, User, UserId, csat_percent, day_start, median, ratings};
use std::collections::HashMap;

/// An agent's unsolved tickets are asked again after this long.
pub const REFRESH_SECS: i64 = 300;

/// The rows, sorted as the board says.
pub fn rows(m: &Model) -> Vec<TeamRow> {
    let agents: Vec<User> = m.users.values().filter(|u| u.role.is_staff()).cloned().collect();
    let loads: HashMap<UserId, &TicketPage> =
        m.team.loads.iter().filter_map(|(id, (_, r))| r.as_ref().ok().map(|p| (*id, p))).collect();
    rows_from(&agents, &m.stats.today, &loads, m.now, m.team.sort)
}

/// The board's rows from the agents, today's changed tickets and each agent's unsolved
/// tickets where read (`frontline kpi --by agent` builds the same rows).
pub fn rows_from(
    agents: &[User],
    today: &[Ticket],
    loads: &HashMap<UserId, &TicketPage>,
    now: Timestamp,
    sort: TeamSort,
) -> Vec<TeamRow> {
    let start = day_start(now);
    let mut agents: Vec<&User> = agents.iter().filter(|u| u.role.is_staff() && u.id != UserId::HELPDESK).collect();
    agents.sort_by(|a, b| a.name.cmp(&b.name));
    agents.dedup_by_key(|u| u.id);
    let mut seen = std::collections::HashSet::new();
    let today: Vec<&Ticket> = today.iter().filter(|t| seen.insert(t.id)).collect();
    let mut out: Vec<TeamRow> = agents
        .into_iter()
        .map(|u| {
            let theirs = || today.iter().filter(|t| t.assignee == Some(u.id));
            let solved = || {
                theirs().filter(|t| {
                    t.solved_at.is_some_and(|s| s >= start) && !t.tags.iter().any(|x| x == frontline_model::MERGED_TAG)
                })
            };
            let solved_today = solved().count() as u64;
            let mut handled: Vec<i64> = solved()
                .filter_map(|t| t.metrics.handle_seconds.filter(|s| *s > 0))
                .map(|s| i64::try_from(s).unwrap_or(i64::MAX))
                .collect();
            let mut replies: Vec<i64> =
                theirs().filter_map(|t| t.first_reply_minutes.filter(|m| t.created_at + m * 60 >= start)).collect();
            let (good, bad) = ratings(theirs().copied(), start..Timestamp::MAX);
            let load = loads.get(&u.id).copied();
            let mine = |s: &[Status]| load.map(|p| p.tickets.iter().filter(|t| s.contains(&t.status)).count() as u64);
            TeamRow {
                agent: u.id,
                name: u.name.clone(),
                open: mine(&[Status::New, Status::Open]),
                pending: mine(&[Status::Pending, Status::OnHold]),
                more: load.is_some_and(|p| p.next.is_some()),
                solved_today,
                first_reply_median: median(&mut replies),
                csat: csat_percent(good, bad),
                oldest_waiting: load.and_then(|p| {
                    p.tickets
                        .iter()
                        .filter(|t| matches!(t.status, Status::New | Status::Open))
                        .min_by_key(|t| t.created_at)
                        .map(|t| (t.id, t.created_at))
                }),
                breaching: load
                    .map(|p| p.tickets.iter().filter(|t| t.sla_remaining(now).is_some_and(|r| r < 0)).count() as u64),
                handle_median: median(&mut handled),
            }
        })
        .collect();
    let key = |r: &TeamRow| -> i64 {
        match sort {
            TeamSort::Open => -(r.open.unwrap_or(0) as i64),
            TeamSort::SolvedToday => -(r.solved_today as i64),
            TeamSort::FirstReply => -r.first_reply_median.unwrap_or(-1),
            TeamSort::Breaching => -(r.breaching.unwrap_or(0) as i64),
            TeamSort::Handle => -r.handle_median.unwrap_or(-1),
            TeamSort::Name => 0,
        }
    };
    out.sort_by_key(|r| key(r));
    out
}

/// `:team`: the board, asking for the agents' tickets not read in the last five minutes.
pub fn open(m: &mut Model) -> Vec<Effect> {
    m.mode = Mode::Team(0);
    if m.users.values().all(|u| !u.role.is_staff()) {
        m.notice = Some(Notice {
            text: "the agents are not loaded yet: the board fills in as they arrive".into(),
            error: false,
        });
        return vec![Effect::LoadAgents];
    }
    refresh(m)
}

/// Asks for each agent whose tickets are older than `REFRESH_SECS` (while the board is open).
pub fn refresh(m: &mut Model) -> Vec<Effect> {
    if !matches!(m.mode, Mode::Team(_)) && !m.board.on {
        return vec![];
    }
    let now = m.now;
    let stale: Vec<UserId> = m
        .users
        .values()
        .filter(|u| u.role.is_staff() && u.id != UserId::HELPDESK)
        .map(|u| u.id)
        .filter(|id| m.team.asked.get(id).is_none_or(|at| now - at >= REFRESH_SECS))
        .collect();
    stale
        .into_iter()
        .map(|agent| {
            m.team.asked.insert(agent, now);
            Effect::LoadAssigned(agent)
        })
        .collect()
}

/// An agent's unsolved tickets came back.
pub fn loaded(m: &mut Model, agent: UserId, result: Result<TicketPage, BackendError>) -> Vec<Effect> {
    if let Ok(page) = &result {
        for u in &page.users {
            m.users.entry(u.id).or_insert_with(|| u.clone());
        }
    }
    // the agent's tickets on screen as the queue (Ctrl-r, a bulk write read back) take the answer
    let shown = m.queue.temporary == Some(super::model::Temporary::Agent(agent));
    let fx = match (&result, shown) {
        (Ok(page), true) => {
            m.queue.loading = false;
            m.merge_page(page.tickets.clone(), true, true);
            m.recompute_kpis();
            if m.notice.as_ref().is_some_and(|n| n.text == "refreshing…") {
                m.notice = None;
            }
            super::navigate::load_selected(m)
        }
        (Err(e), true) => {
            m.queue.loading = false;
            super::polls::report(m, "reading the agent's tickets", e);
            vec![]
        }
        _ => vec![],
    };
    m.team.loads.insert(agent, (m.now, result));
    m.dirty = true;
    fx
}

/// A write of this console landed that may move tickets between agents (an assignment, a
/// new status): the agents it touched are read again the next time the board looks, at once
/// when the board or the wallboard is open.
pub fn touched(m: &mut Model, agents: &[Option<UserId>]) {
    for a in agents.iter().flatten() {
        m.team.asked.remove(a);
    }
}

/// Keys on the board: j/k move, s sorts, Enter opens the agent's tickets, Esc or q closes.
pub fn key(m: &mut Model, k: KeyEvent, sel: usize) -> Vec<Effect> {
    let n = rows(m).len();
    match k.code {
        KeyCode::Char('j') | KeyCode::Down => m.mode = Mode::Team((sel + 1).min(n.saturating_sub(1))),
        KeyCode::Char('k') | KeyCode::Up => m.mode = Mode::Team(sel.saturating_sub(1)),
        KeyCode::Char('s') => {
            m.team.sort = m.team.sort.next();
            m.mode = Mode::Team(0);
        }
        KeyCode::Enter => return open_queue(m, sel),
        KeyCode::Esc | KeyCode::Char('q') => m.mode = Mode::Normal,
        _ => {}
    }
    vec![]
}

/// The agent's unsolved tickets as the queue: a temporary view, like a search's answer.
fn open_queue(m: &mut Model, sel: usize) -> Vec<Effect> {
    let Some(row) = rows(m).into_iter().nth(sel) else { return vec![] };
    m.mode = Mode::Normal;
    let Some((_, Ok(page))) = m.team.loads.get(&row.agent).cloned() else {
        m.notice = Some(Notice { text: format!("{}'s tickets are not loaded yet", row.name), error: true });
        return vec![];
    };
    m.set_view_aside();
    m.view = None;
    m.queue = Default::default();
    m.queue.search = Some(format!("{}'s unsolved tickets", row.name));
    m.queue.temporary = Some(super::model::Temporary::Agent(row.agent));
    m.reindex_kpis();
    m.filter.haystacks.clear();
    m.sync.queue_req += 1;
    m.merge_page(page.tickets, true, true);
    m.recompute_kpis();
    m.notice =
        Some(Notice { text: format!("{}'s unsolved tickets — v goes back to a view", row.name), error: false });
    super::navigate::load_selected(m)
}
