//! What `update` does when a request comes back: fold the answer into the model, or say in
//! the status line what went wrong.

use super::model::{Connection, Loadable, Model, Notice};
use super::msg::{Effect, Msg};
use super::restore::meta;
use super::update::{figure, load_selected, open_view, report, set_count};
use frontline_model::Figure;
use frontline_store::cache::Meta;

/// The helpdesk answers again: the connection is fine and the old trouble is no news.
fn back_online(m: &mut Model) {
    if matches!(m.connection, Connection::Trouble(_)) && m.notice.as_ref().is_some_and(|n| n.error) {
        m.notice = Some(Notice { text: "connected again".into(), error: false });
    }
    m.connection = Connection::Online;
    super::writes::reconnected(m);
}

/// The helpdesk's views and the local store are both in: sync the cached view by delta, or
/// open the start view.
pub fn open_start_view(m: &mut Model) -> Vec<Effect> {
    if let Some(sync) = super::restore::sync_cached_view(m) {
        return sync;
    }
    let start = m.settings.start_view.as_ref().map(|s| s.to_lowercase());
    let idx = start.and_then(|s| m.views.iter().position(|v| v.title.to_lowercase() == s)).unwrap_or(0);
    if m.view.is_none_or(|v| !m.views.iter().any(|x| x.id == v)) && !m.views.is_empty() {
        return open_view(m, idx);
    }
    if m.views.is_empty() {
        m.notice =
            Some(Notice { text: "this account has no active views: create one in the helpdesk".into(), error: true });
    }
    vec![]
}

pub fn loaded(m: &mut Model, msg: Msg) -> Vec<Effect> {
    m.dirty = true;
    match msg {
        Msg::Me(Ok(u)) => {
            back_online(m);
            m.users.insert(u.id, u.clone());
            m.me = Some(u.clone());
            vec![meta(Meta::Me(u))]
        }
        Msg::Me(Err(e)) => {
            report(m, "signing in", &e);
            vec![]
        }
        Msg::Views(Ok(views)) => {
            m.views = views;
            m.views_loaded = true;
            let mut fx = vec![meta(Meta::Views(m.views.clone()))];
            // with the local store read, open the view; else the restore does, knowing the cache
            if m.restored {
                fx.extend(open_start_view(m));
            }
            fx
        }
        Msg::Views(Err(e)) => {
            report(m, "loading views", &e);
            vec![]
        }
        Msg::Groups(Ok(groups)) => {
            m.groups = groups.iter().map(|g| (g.id, g.name.clone())).collect();
            vec![meta(Meta::Groups(groups))]
        }
        Msg::Agents(Ok(agents)) => {
            for a in agents {
                m.users.insert(a.id, a);
            }
            vec![]
        }
        Msg::Groups(Err(e)) | Msg::Agents(Err(e)) => {
            tracing::warn!("loading agents and groups: {e}");
            vec![]
        }
        Msg::QueuePage { req, first, result } => {
            if req != m.queue_req {
                return vec![]; // a newer load replaced this one
            }
            match result {
                Ok(page) => {
                    back_online(m);
                    for u in page.users {
                        m.users.insert(u.id, u);
                    }
                    let had_selection = m.selected().is_some();
                    let more =
                        page.next.is_some() && m.queue.tickets.len() + page.tickets.len() < m.settings.max_tickets;
                    m.merge_page(page.tickets, first, !more);
                    m.recompute_kpis();
                    let mut fx = Vec::new();
                    if more {
                        if let Some(view) = m.view {
                            fx.push(Effect::LoadQueue { view, page: page.next, req, first: false });
                        }
                    } else {
                        m.queue.loading = false;
                        m.last_sync = Some(m.now);
                        m.cached_at = None;
                        fx.extend(super::restore::cache_view(m));
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
        Msg::Ticket { id, result } => match result {
            Ok(page) => {
                for u in page.users {
                    m.users.insert(u.id, u);
                }
                if page.tickets.is_empty() {
                    m.notice = Some(Notice { text: format!("#{} not found", id.0), error: true });
                    return vec![];
                }
                m.notice = None;
                m.merge_page(page.tickets, false, false);
                super::update::go_to_ticket(m, id)
            }
            Err(e) => {
                report(m, &format!("opening #{}", id.0), &e);
                vec![]
            }
        },
        Msg::Conversation { ticket, result } => {
            match result {
                None => {
                    m.conversations.remove(&ticket);
                }
                Some(Ok(c)) => {
                    for u in c.users {
                        m.users.entry(u.id).or_insert(u);
                    }
                    m.conversations.insert(ticket, Loadable::Ready(c.messages));
                    m.remember_details(ticket);
                    return super::notify::after_conversation(m, ticket);
                }
                Some(Err(e)) => {
                    m.conversations.insert(ticket, Loadable::Failed(e.to_string()));
                }
            }
            vec![]
        }
        Msg::Customer { user, result } => {
            match result {
                None => {
                    m.customers.remove(&user);
                }
                Some(Ok(p)) => {
                    m.users.insert(p.user.id, p.user.clone());
                    m.customers.insert(user, Loadable::Ready(p));
                }
                Some(Err(e)) => {
                    m.customers.insert(user, Loadable::Failed(e.to_string()));
                }
            }
            vec![]
        }
        Msg::Count { what, result } => {
            if let Err(e) = &result
                && !matches!(e, frontline_backend::BackendError::Forbidden { .. })
            {
                report(m, "counting tickets", e);
                // offline: the last known count (from the cache or earlier) stays on screen
                if e.is_transient() && matches!(super::update::count_figure(m, what), Figure::Value(_)) {
                    return vec![];
                }
            }
            if let (frontline_backend::TicketCount::Open, Ok(n)) = (what, &result) {
                m.backlog.push(*n);
                if m.backlog.len() > 48 {
                    m.backlog.remove(0);
                }
            }
            set_count(m, what, figure(&result));
            m.recompute_kpis();
            match result {
                Ok(n) => vec![meta(Meta::Count(what, n))],
                Err(_) => vec![],
            }
        }
        Msg::Today { result } => {
            match result {
                Ok(t) => {
                    m.today = t;
                    m.today_loaded = true;
                    m.reindex_kpis();
                }
                Err(frontline_backend::BackendError::Forbidden { .. }) => {
                    m.today_loaded = true;
                    m.kpis.first_reply_median = Figure::NoAccess;
                }
                Err(e) => report(m, "loading today's changes", &e),
            }
            m.recompute_kpis();
            vec![]
        }
        Msg::Macros(result) => {
            let mut fx = Vec::new();
            let mut list = match result {
                Ok(l) => {
                    fx.push(meta(Meta::Macros(l.clone())));
                    l
                }
                Err(e) => {
                    tracing::warn!("loading macros: {e}");
                    Vec::new()
                }
            };
            list.extend(super::actions::local_macros(m));
            m.macros = list;
            if let super::model::Mode::Pick(p) = &mut m.mode
                && p.title == "Macros"
            {
                p.items = super::dialogs::macro_items(&m.macros);
            }
            fx
        }
        Msg::Polled { req, view, changed } => {
            if req != m.queue_req {
                return vec![];
            }
            match (view, changed) {
                (Ok(view), Ok(changed)) => {
                    back_online(m);
                    m.poll_failures = 0;
                    m.next_poll = m.now + m.settings.poll_secs;
                    m.last_sync = Some(m.now);
                    m.cached_at = None;
                    let members_before = m.queue.tickets.len();
                    for u in view.users {
                        m.users.insert(u.id, u);
                    }
                    let before: std::collections::HashMap<_, _> = view
                        .tickets
                        .iter()
                        .chain(changed.iter())
                        .filter_map(|t| m.queue.get(t.id).map(|held| (t.id, held.updated_at)))
                        .collect();
                    let touched = m.apply_delta(view.tickets, changed);
                    let fresh: Vec<_> = touched
                        .iter()
                        .copied()
                        .filter(|id| !before.contains_key(id) && m.queue.get(*id).is_some())
                        .collect();
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
                        fx.push(Effect::LoadCounts);
                        m.recompute_kpis();
                        // the open conversation follows a customer's reply
                        if let Some(sel) = m.selected().map(|t| t.id)
                            && touched.contains(&sel)
                        {
                            m.conversations.remove(&sel);
                            fx.extend(load_selected(m));
                        }
                        for id in touched {
                            if Some(id) != m.selected().map(|t| t.id) {
                                m.conversations.remove(&id);
                            }
                        }
                    }
                    fx
                }
                (Err(e), _) | (_, Err(e)) => {
                    super::update::back_off(m, &e);
                    report(m, "refreshing", &e);
                    vec![]
                }
            }
        }
        Msg::Written { job, ticket, result } => super::writes::written(m, job, ticket, result),
        Msg::WrittenMany { job, result } => super::writes::written_many(m, job, result),
        Msg::Edited(result) => {
            super::compose::edited(m, result);
            vec![]
        }
        Msg::ViewCounts(result) => {
            match result {
                Ok(counts) => m.view_counts = counts.into_iter().collect(),
                Err(e) => tracing::warn!("view counts: {e}"),
            }
            vec![]
        }
        Msg::NotifyFailed(why) => {
            tracing::warn!("notification command: {why}");
            m.notice = Some(Notice { text: format!("notification command failed: {why}"), error: true });
            vec![]
        }
        Msg::Restored(r) => super::restore::restored(m, *r),
        Msg::Key(_) | Msg::Resize(..) | Msg::Tick(_) => vec![],
    }
}
