//! Answers that bring the queue in step with the helpdesk: a page of the view, one ticket
//! opened by id, and a poll's changes.

use super::model::{Model, Notice};
use super::msg::Effect;
use super::navigate::load_selected;
use super::polls::back_online;
use super::polls::report;
use frontline_backend::{BackendError, TicketPage};
use frontline_model::{Ticket, TicketId, Timestamp, ViewId};
use std::collections::HashMap;

/// A page of the view being loaded (`req` tells a stale load from the current one).
pub fn queue_page(m: &mut Model, req: u64, first: bool, result: Result<TicketPage, BackendError>) -> Vec<Effect> {
    if req != m.sync.queue_req {
        return vec![]; // a newer load replaced this one
    }
    match result {
        Ok(page) => {
            back_online(m);
            for u in page.users {
                m.users.insert(u.id, u);
            }
            let had_selection = m.selected().is_some();
            let more = page.next.is_some() && m.queue.tickets.len() + page.tickets.len() < m.settings.max_tickets;
            super::counts::observe(m, &page.tickets);
            m.merge_page(page.tickets, first, !more);
            m.recompute_kpis();
            let mut fx = Vec::new();
            if more {
                if let Some(view) = m.view {
                    fx.push(Effect::LoadQueue { view, page: page.next, req, first: false });
                }
            } else {
                m.queue.loading = false;
                m.sync.last_sync = Some(m.now);
                m.sync.cached_at = None;
                fx.extend(super::restore::cache_view(m));
                fx.extend(super::polls::after_first_page(m));
                if matches!(&m.notice, Some(n) if !n.error) {
                    m.notice = None;
                }
            }
            if !had_selection || first {
                fx.extend(load_selected(m));
            }
            fx
        }
        Err(e) => {
            m.queue.loading = false;
            report(m, &format!("loading {}", m.view_title()), &e);
            vec![]
        }
    }
}

/// One ticket, opened by id (`:ticket`, the customer pane).
pub fn ticket(m: &mut Model, id: TicketId, result: Result<TicketPage, BackendError>) -> Vec<Effect> {
    if m.sync.opening == Some(id) {
        m.sync.opening = None;
    }
    match result {
        Ok(page) => {
            for u in page.users {
                m.users.insert(u.id, u);
            }
            if page.tickets.is_empty() {
                m.notice = Some(Notice { text: format!("#{} not found", id.0), error: true });
                return vec![];
            }
            m.notice = None;
            super::counts::observe(m, &page.tickets);
            // a ticket of another view is shown, not added to this one: held until the agent moves
            let foreign = m.queue.get(id).is_none();
            m.refresh_customer_tickets(&page.tickets);
            m.merge_page(page.tickets, false, false);
            if foreign && m.queue.get(id).is_some() {
                m.hold(id);
            }
            super::navigate::go_to_ticket(m, id)
        }
        Err(e) => {
            report(m, &format!("opening #{}", id.0), &e);
            vec![]
        }
    }
}

/// A poll that asked only what changed anywhere: the view's share is picked out here by the
/// view's own conditions. A ticket they cannot place (a custom status, "mine" before the
/// agent is known) sends the poll to the view itself, as for a view without conditions.
pub fn polled_changes(
    m: &mut Model,
    req: u64,
    view: ViewId,
    since: Timestamp,
    changed: Result<TicketPage, BackendError>,
) -> Vec<Effect> {
    if req != m.sync.queue_req {
        return vec![];
    }
    let changed = match changed {
        Ok(c) => c,
        Err(e) => return polled(m, req, Err(e), Ok(vec![])),
    };
    let filter = m.views.iter().find(|v| v.id == view).and_then(|v| v.filter.clone());
    let me = m.me.as_ref().map(|u| u.id);
    let placed: Option<Vec<bool>> =
        filter.and_then(|f| changed.tickets.iter().map(|t| f.matches(t, me)).collect::<Option<Vec<bool>>>());
    let Some(placed) = placed else {
        m.sync.queue_req += 1;
        return vec![Effect::Poll { view, since, req: m.sync.queue_req, local: false }];
    };
    let mut in_view: Vec<Ticket> =
        changed.tickets.iter().zip(placed).filter(|(_, inside)| *inside).map(|(t, _)| t.clone()).collect();
    // newest first, as the view itself answers
    in_view.sort_by_key(|t| std::cmp::Reverse(t.updated_at));
    let page = TicketPage { tickets: in_view, users: changed.users, next: None };
    polled(m, req, Ok(page), Ok(changed.tickets))
}

/// A poll's answer: the view's changes and what changed anywhere.
pub fn polled(
    m: &mut Model,
    req: u64,
    view: Result<TicketPage, BackendError>,
    changed: Result<Vec<Ticket>, BackendError>,
) -> Vec<Effect> {
    if req != m.sync.queue_req {
        return vec![];
    }
    match (view, changed) {
        (Ok(view), Ok(changed)) => {
            back_online(m);
            m.sync.poll_failures = 0;
            m.sync.last_sync = Some(m.now);
            m.sync.cached_at = None;
            let quiet = changed.is_empty() && view.tickets.is_empty();
            let (touched, mut fx) = fold(m, view, changed);
            super::pacing::after_poll(m, touched);
            fx.extend(super::polls::after_first_page(m));
            if m.stats.book.due(quiet, m.now) {
                fx.push(super::counts::recount(m));
            }
            fx
        }
        (Err(e), _) | (_, Err(e)) => {
            super::polls::back_off(m, &e);
            report(m, "refreshing", &e);
            vec![]
        }
    }
}

/// Changed tickets into the queue, from a poll or the live feed: `view` the view's share of
/// them, `changed` every one (a held ticket changed but not in the view has left it). The
/// KPIs, the cache, notifications and the open conversation follow. Whether the view changed.
pub fn fold(m: &mut Model, view: TicketPage, changed: Vec<Ticket>) -> (bool, Vec<Effect>) {
    let members_before = m.queue.tickets.len();
    for u in view.users {
        m.users.insert(u.id, u);
    }
    let before: HashMap<_, _> = view
        .tickets
        .iter()
        .chain(changed.iter())
        .filter_map(|t| m.queue.get(t.id).map(|held| (t.id, held.updated_at)))
        .collect();
    m.refresh_customer_tickets(&changed);
    m.refresh_customer_tickets(&view.tickets);
    super::counts::observe(m, &changed);
    super::counts::observe(m, &view.tickets);
    let touched = m.apply_delta(view.tickets, changed);
    let fresh: Vec<_> =
        touched.iter().copied().filter(|id| !before.contains_key(id) && m.queue.get(*id).is_some()).collect();
    let looking = m.selected().map(|t| t.id);
    for id in &touched {
        if m.queue.get(*id).is_some() && Some(*id) != looking {
            let new = fresh.contains(id);
            m.unseen.entry(*id).and_modify(|n| *n |= new).or_insert(new);
        }
    }
    let mut fx = super::notify::after_poll(m, &fresh, &touched, &before);
    if !touched.is_empty()
        && let Some(v) = m.view
    {
        let held: Vec<_> = touched.iter().filter_map(|id| m.queue.get(*id).cloned()).collect();
        let members_changed = !fresh.is_empty() || m.queue.tickets.len() != members_before;
        let order = members_changed.then(|| m.queue.tickets.iter().map(|t| t.id).collect());
        fx.push(super::restore::cache_tickets(m, v, held, order));
    }
    if !touched.is_empty() {
        m.recompute_kpis();
        // the open conversation follows a customer's reply
        if let Some(sel) = m.selected().map(|t| t.id)
            && touched.contains(&sel)
        {
            m.details.conversations.remove(&sel);
            fx.extend(load_selected(m));
        }
        for id in &touched {
            if Some(*id) != m.selected().map(|t| t.id) {
                m.details.conversations.remove(id);
            }
        }
    }
    (!touched.is_empty(), fx)
}

/// `:search WORDS`: the queue becomes the helpdesk's answer, a temporary view.
pub fn search(m: &mut Model, words: &str) -> Vec<Effect> {
    let words = words.trim();
    if words.is_empty() {
        m.notice = Some(Notice { text: ":search needs words to look for (`:search NW415145`)".into(), error: true });
        return vec![];
    }
    m.set_view_aside();
    m.view = None;
    m.queue = Default::default();
    // the view's `/` filter is not the search's: the answer shows whole
    m.filter.text.clear();
    m.queue.search = Some(format!("Search “{words}”"));
    m.queue.temporary = Some(super::model::Temporary::Search(words.to_string()));
    m.queue.loading = true;
    m.reindex_kpis();
    m.filter.haystacks.clear();
    m.sync.queue_req += 1;
    m.dirty = true;
    m.notice = Some(Notice {
        text: format!("searching the helpdesk for “{words}”… (v goes back to a view)"),
        error: false,
    });
    vec![Effect::Search { words: words.to_string(), req: m.sync.queue_req }]
}

/// The search's answer, as the queue's rows.
pub fn searched(m: &mut Model, req: u64, result: Result<TicketPage, BackendError>) -> Vec<Effect> {
    if req != m.sync.queue_req || m.queue.search.is_none() {
        return vec![];
    }
    m.queue.loading = false;
    match result {
        Ok(page) => {
            back_online(m);
            for u in page.users {
                m.users.insert(u.id, u);
            }
            let n = page.tickets.len();
            m.merge_page(page.tickets, true, true);
            m.recompute_kpis();
            let more = if n >= 100 { " (the first 100: add words to narrow it)" } else { "" };
            let tickets = if n == 1 { "ticket" } else { "tickets" };
            m.notice =
                Some(Notice { text: format!("{n} {tickets} found{more} — v goes back to a view"), error: false });
            load_selected(m)
        }
        Err(e) => {
            report(m, "searching", &e);
            vec![]
        }
    }
}
