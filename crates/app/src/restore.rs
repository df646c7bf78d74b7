//! The local store seen from `update`: painting from the cache before the helpdesk answers,
//! restoring drafts and unsent writes at start, and what to write back to the cache as
//! answers arrive. A cache younger than `TRUST_SECS` is brought up to date by delta.

use super::model::{Model, Notice};
use super::msg::{CacheOp, Effect, Restored};
use frontline_model::{OutState, Ticket, TicketId, User, ViewId};
use frontline_store::cache::Meta;

/// A cache younger than this is synced by delta (two requests); an older one is shown while
/// the view reloads in full.
pub const TRUST_SECS: i64 = 12 * 3600;

pub fn restored(m: &mut Model, r: Restored) -> Vec<Effect> {
    m.dirty = true;
    if let Some(problem) = r.problem {
        m.notice = Some(Notice { text: problem, error: true });
    }
    if !r.orphans.is_empty() && m.notice.is_none() {
        let n: usize = r.orphans.iter().map(|o| o.entries.len()).sum();
        m.notice = Some(Notice {
            text: format!(
                "{n} unsent write(s) were made for another helpdesk or agent ({}): never sent here — :outbox shows them",
                r.orphans[0].belongs_to
            ),
            error: true,
        });
    }
    m.writes.orphans = r.orphans;
    for (ticket, text, public) in r.drafts {
        m.drafting.drafts.entry(ticket).or_insert(super::compose::state::Draft { text, public });
    }
    for mut e in r.outbox {
        if m.writes.outbox.iter().any(|x| x.key == e.key) {
            continue;
        }
        // a send an earlier session started and never finished: sent again (checked first)
        if e.state == OutState::Sending {
            e.state = OutState::Queued;
        }
        e.due = e.due.min(m.now);
        m.writes.outbox.push(e);
    }
    if !m.writes.outbox.is_empty() {
        m.writes.retry_at = m.now;
        let waiting = m.writes.outbox.iter().filter(|e| e.state != OutState::Failed).count();
        if waiting > 0 {
            m.notice = Some(Notice { text: format!("{waiting} unsent writes from last time: sending"), error: false });
        }
    }
    let mut c = r.cache;
    m.orders.restore(std::mem::take(&mut c.orders));
    if m.views.is_empty() {
        m.views = c.views.clone();
    }
    if m.groups.is_empty() {
        m.groups = c.groups.iter().map(|g| (g.id, g.name.clone())).collect();
    }
    for u in c.users {
        m.users.entry(u.id).or_insert(u);
    }
    if m.me.is_none()
        && let Some(me) = c.me
    {
        m.users.entry(me.id).or_insert_with(|| me.clone());
        m.me = Some(me);
    }
    if m.macros.is_empty() && !c.macros.is_empty() {
        let local = super::macros::local_macros(m);
        m.macros = c.macros;
        m.macros.extend(local);
    }
    for (what, n) in c.counts {
        if super::counts::count_figure(m, what) == frontline_model::Figure::Loading {
            super::counts::set_count(m, what, frontline_model::Figure::Value(n));
        }
    }
    let mut fx = Vec::new();
    if let Some(view) = c.view
        && m.queue.tickets.is_empty()
        && m.view.is_none_or(|v| v == view)
        && starts_here(m, &c.views, view)
    {
        m.view = Some(view);
        m.queue.tickets = c.tickets;
        m.queue.reindex();
        m.reindex_kpis();
        m.filter.haystacks.clear();
        m.refresh_visible(None);
        m.sync.cached_at = c.saved_at;
        fx.extend(super::navigate::load_selected(m));
    }
    m.recompute_kpis();
    m.sync.restored = true;
    if m.sync.views_loaded {
        fx.extend(open_start_view(m));
    }
    fx
}

/// Whether the cached view is the one this console opens on (the configured start view).
fn starts_here(m: &Model, views: &[frontline_model::View], view: ViewId) -> bool {
    match &m.settings.start_view {
        None => true,
        Some(s) => views.iter().any(|v| v.id == view && v.title.eq_ignore_ascii_case(s)),
    }
}

/// The views arrived while the queue shows the cache: sync by delta, or reload a stale cache.
pub fn sync_cached_view(m: &mut Model) -> Option<Vec<Effect>> {
    let (view, at) = (m.view?, m.sync.cached_at?);
    if !m.views.iter().any(|v| v.id == view) {
        return None;
    }
    if m.now - at < TRUST_SECS && !m.queue.tickets.is_empty() {
        // a delta never reports a deletion: the cached tickets are checked once, beside it
        let ids = m.queue.tickets.iter().map(|t| t.id).collect();
        let mut fx = vec![Effect::CheckExisting { view, ids }];
        fx.extend(super::polls::poll(m));
        Some(fx)
    } else {
        Some(super::navigate::refresh(m))
    }
}

/// The check of a cache started from: tickets the helpdesk no longer has leave the queue and
/// the cache. A check that failed leaves the queue as it is (the polls go on; a ticket opened
/// and found gone leaves then).
pub fn existing(
    m: &mut Model,
    view: ViewId,
    asked: Vec<TicketId>,
    result: Result<Vec<TicketId>, frontline_backend::BackendError>,
) -> Vec<Effect> {
    let still = match result {
        Ok(ids) => ids.into_iter().collect::<std::collections::HashSet<_>>(),
        Err(e) => {
            tracing::warn!("checking the cached tickets still exist: {e}");
            return vec![];
        }
    };
    if m.view != Some(view) {
        return vec![];
    }
    let gone: Vec<TicketId> = asked.into_iter().filter(|id| !still.contains(id) && m.forget_ticket(*id)).collect();
    if gone.is_empty() {
        return vec![];
    }
    if m.notice.as_ref().is_none_or(|n| !n.error) {
        let n = gone.len();
        let what = if n == 1 { format!("#{} was", gone[0].0) } else { format!("{n} tickets were") };
        m.notice = Some(Notice {
            text: format!("{what} deleted in the helpdesk since last time: gone from the queue"),
            error: false,
        });
    }
    let mut fx: Vec<Effect> = gone.into_iter().map(|id| Effect::Cache(CacheOp::Forget(id))).collect();
    fx.extend(super::navigate::load_selected(m));
    fx
}

/// Tickets to upsert into the cache with the people they mention.
pub fn cache_tickets(m: &Model, view: ViewId, tickets: Vec<Ticket>, order: Option<Vec<TicketId>>) -> Effect {
    let mut ids: Vec<_> = tickets.iter().flat_map(|t| [t.requester, t.assignee]).flatten().collect();
    ids.sort();
    ids.dedup();
    let users: Vec<User> = ids.iter().filter_map(|id| m.users.get(id).cloned()).collect();
    Effect::Cache(CacheOp::Tickets { view, tickets, users, order })
}

/// The whole view: after a full load.
pub fn cache_view(m: &Model) -> Option<Effect> {
    let view = m.view?;
    let order = m.queue.tickets.iter().map(|t| t.id).collect();
    Some(cache_tickets(m, view, m.queue.tickets.clone(), Some(order)))
}

pub fn meta(x: Meta) -> Effect {
    Effect::Cache(CacheOp::Meta(x))
}

/// The helpdesk's views and the local store are both in: sync the cached view by delta, or
/// open the start view.
pub fn open_start_view(m: &mut Model) -> Vec<Effect> {
    if let Some(sync) = sync_cached_view(m) {
        return sync;
    }
    let start = m.settings.start_view.as_ref().map(|s| s.to_lowercase());
    let idx = start.and_then(|s| m.views.iter().position(|v| v.title.to_lowercase() == s)).unwrap_or(0);
    if m.view.is_none_or(|v| !m.views.iter().any(|x| x.id == v)) && !m.views.is_empty() {
        return super::navigate::open_view(m, idx);
    }
    if m.views.is_empty() {
        m.notice =
            Some(Notice { text: "this account has no active views: create one in the helpdesk".into(), error: true });
        // no first page to wait for: the KPIs come now
        return super::polls::after_first_page(m);
    }
    vec![]
}
