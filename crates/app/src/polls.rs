//! The view kept in step with the helpdesk: the periodic poll, the back-off after a failed
//! one, what start-up asks once the first page is in, and a failed request said in the status
//! line. Shared by the slices that handle answers; it imports no slice but writes and counts.

use super::model::{Connection, Model, Notice};
use super::msg::Effect;
use super::navigate::refresh;
use frontline_backend::BackendError;
use frontline_model::day_start;

/// The helpdesk answers again: the connection is fine and the old trouble is no news.
pub fn back_online(m: &mut Model) {
    if matches!(m.sync.connection, Connection::Trouble(_)) && m.notice.as_ref().is_some_and(|n| n.error) {
        m.notice = Some(Notice { text: "connected again".into(), error: false });
    }
    m.sync.connection = Connection::Online;
    super::writes::reconnected(m);
}

/// After a failed poll: wait twice as long each time (up to 5 minutes), or what the helpdesk
/// asked for with Retry-After.
pub fn back_off(m: &mut Model, e: &BackendError) {
    m.sync.poll_failures += 1;
    let first = std::time::Duration::from_secs(m.sync.pace.interval.saturating_mul(2).max(1) as u64);
    let backoff =
        frontline_clock::Backoff::new(first, std::time::Duration::from_secs(300)).with_jitter(m.settings.poll_jitter);
    let unit = m.sync.pace.next_unit();
    let doubled = backoff.wait_secs(m.sync.poll_failures, unit);
    let wait = match e {
        BackendError::RateLimited { retry_after, .. } => (*retry_after as i64).max(doubled),
        _ => doubled,
    };
    m.sync.next_poll = m.now + wait;
}

/// The periodic poll: only what changed since the newest ticket the console holds (two
/// requests when nothing did). Before the first full load it is a full refresh.
pub fn poll(m: &mut Model) -> Vec<Effect> {
    // a search's results are not a view: they stay as found until the agent goes back
    if m.queue.search.is_some() {
        m.sync.last_poll = m.now;
        return vec![];
    }
    // the views (or who the agent is) never came at start: those first, not counts without a view
    if !m.sync.views_loaded {
        m.sync.last_poll = m.now;
        let mut fx = vec![Effect::LoadViews];
        if m.me.is_none() {
            fx.push(Effect::LoadMe);
        }
        return fx;
    }
    let newest = m.queue.tickets.iter().chain(m.stats.today.iter()).map(|t| t.updated_at).max();
    match (m.view, newest, m.queue.loading) {
        (Some(view), Some(newest), false) => {
            m.sync.last_poll = m.now;
            m.sync.queue_req += 1;
            // A change in the same second as the newest, made after the poll that saw it, would
            // be missed without a second of overlap. Once the newest is a minute old, the polls
            // since have overlapped that second already; overlapping still would only fetch its
            // tickets again (hundreds after a bulk update), so the poll goes from it, exclusive.
            let since = if m.now - newest > 60 { newest } else { newest - 1 };
            let local = m.views.iter().any(|v| v.id == view && v.filter.is_some());
            let mut fx = vec![Effect::Poll { view, since, req: m.sync.queue_req, local }];
            if m.me.is_none() && m.sync.me_failed {
                fx.push(Effect::LoadMe); // who the agent is never came: asked again with the poll
            }
            fx
        }
        (_, _, true) => vec![],
        _ => refresh(m),
    }
}

/// Once the agent's view is on screen: the counts, today's changes, agents, groups and
/// macros, asked once. Nothing of it ever delays the first rows.
///
/// When the account's budget is running low, they wait (a tick asks them once it is not):
/// a room full of consoles starting together does not spend the account's minute at once.
pub fn after_first_page(m: &mut Model) -> Vec<Effect> {
    m.sync.first_page = true;
    if m.sync.rest_asked || m.now < m.sync.rest_after {
        return vec![];
    }
    if m.sync.pace.budget.is_some_and(|b| b.share() < super::pacing::REST_BELOW) {
        // the account is spending fast: look again in a while, each console after its own
        m.sync.rest_after = m.now + super::pacing::spread(m, 5, 60);
        return vec![];
    }
    m.sync.rest_asked = true;
    vec![
        super::counts::recount(m),
        Effect::LoadToday { since: day_start(m.now) },
        Effect::LoadAgents,
        Effect::LoadGroups,
        Effect::LoadMacros,
    ]
}

/// Records a failed request in the status line; the rest of the console keeps working.
pub fn report(m: &mut Model, what: &str, e: &BackendError) {
    if let BackendError::RateLimited { retry_after, asked } = e {
        // back-pressure, not a fault: the console waits as asked and the status line says so
        tracing::info!("{what}: {e}");
        if asked > retry_after {
            // an absurd Retry-After is cut, and the agent hears why nothing moves for a while
            m.notice = Some(Notice { text: format!("{what}: {e}"), error: false });
        }
        super::polls::back_online(m); // it answered
        m.sync.pace.asked_to_wait = true;
        m.dirty = true;
        return;
    }
    tracing::warn!("{what}: {e}");
    if matches!(
        e,
        BackendError::Network { .. }
            | BackendError::Refused { .. }
            | BackendError::Timeout { .. }
            | BackendError::Auth { .. }
    ) || e.is_transient()
    {
        m.sync.connection = Connection::Trouble(e.to_string());
    }
    m.notice = Some(Notice { text: format!("{what}: {e}"), error: true });
    m.dirty = true;
}
