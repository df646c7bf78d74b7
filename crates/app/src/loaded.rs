//! What `update` does when a request comes back: each answer goes to the handler of the
//! part it belongs to (`synced` for the queue, `fetched` for details and figures, `writes`,
//! `restore`); the account's own data (the agent, views, groups, agents, macros) is folded
//! in here. A failure is said in the status line.

use super::model::{Connection, Model, Notice};
use super::msg::{Effect, Msg};
use super::restore::meta;
use super::update::{open_view, report};
use frontline_backend::BackendError;
use frontline_store::cache::Meta;

/// The helpdesk answers again: the connection is fine and the old trouble is no news.
pub fn back_online(m: &mut Model) {
    if matches!(m.sync.connection, Connection::Trouble(_)) && m.notice.as_ref().is_some_and(|n| n.error) {
        m.notice = Some(Notice { text: "connected again".into(), error: false });
    }
    m.sync.connection = Connection::Online;
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
        // no first page to wait for: the KPIs come now
        return super::update::after_first_page(m);
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
            m.sync.me_failed = true;
            report(m, "signing in", &e);
            vec![]
        }
        Msg::Views(Ok(views)) => {
            m.views = views;
            m.sync.views_loaded = true;
            let mut fx = vec![meta(Meta::Views(m.views.clone()))];
            // with the local store read, open the view; else the restore does, knowing the cache
            if m.sync.restored {
                fx.extend(open_start_view(m));
            }
            fx
        }
        Msg::Views(Err(e)) => {
            // asked again at the next poll, after the wait the helpdesk asked for
            super::update::back_off(m, &e);
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
        Msg::QueuePage { req, first, result } => super::synced::queue_page(m, req, first, result),
        Msg::Ticket { id, result } => super::synced::ticket(m, id, result),
        Msg::Conversation { ticket, result } => super::fetched::conversation(m, ticket, result),
        Msg::Customer { user, result } => super::fetched::customer(m, user, result),
        Msg::Orders { email, result } => super::orders::loaded(m, email, result),
        Msg::RefundQuoted { ticket, order, ask, result } => {
            super::order_actions::quoted(m, ticket, *order, ask, result)
        }
        Msg::Count { what, result } => super::fetched::count(m, what, result),
        Msg::Today { result } => super::fetched::today(m, result),
        Msg::Macros(result) => macros(m, result),
        Msg::Polled { req, view, changed } => super::synced::polled(m, req, view, changed),
        Msg::PolledChanges { req, view, since, changed } => super::synced::polled_changes(m, req, view, since, changed),
        Msg::Searched { req, result } => super::synced::searched(m, req, result),
        Msg::MergeTarget { target, result } => super::merge::target_read(m, target, result),
        Msg::Merged { source, target, result } => super::merge::merged(m, source, target, result),
        Msg::Existing { view, asked, result } => super::restore::existing(m, view, asked, result),
        Msg::Written { job, ticket, result } => super::written::written(m, job, ticket, result),
        Msg::WrittenMany { job, result } => super::written::written_many(m, job, result),
        Msg::Edited(result) => {
            super::compose::edited(m, result);
            vec![]
        }
        Msg::Live(ev) => super::live_feed::event(m, ev),
        Msg::Assigned { agent, result } => super::team::loaded(m, agent, result),
        Msg::Report(result) => super::fetched::report_answer(m, result),
        Msg::ViewCounts(result) => {
            match result {
                Ok(counts) => m.board.view_counts = counts.into_iter().collect(),
                Err(e) => tracing::warn!("view counts: {e}"),
            }
            vec![]
        }
        Msg::Stored { keys, result: Err(e) } => super::writes::not_stored(m, &keys, &e),
        Msg::Stored { result: Ok(()), .. } => vec![],
        Msg::TextSaved(Ok(path)) => {
            m.notice =
                Some(Notice { text: format!("saved to {} (the text stays here too)", path.display()), error: false });
            vec![]
        }
        Msg::TextSaved(Err(why)) => {
            m.notice = Some(Notice { text: format!("{why} — the text is still in the editor"), error: true });
            vec![]
        }
        Msg::NotifyFailed(why) => {
            tracing::warn!("notification command: {why}");
            m.notice = Some(Notice { text: format!("notification command failed: {why}"), error: true });
            vec![]
        }
        Msg::DraftSaved { ticket, result } => {
            super::compose::saved(m, ticket, result);
            vec![]
        }
        Msg::Crashed(why) => {
            m.notice = Some(Notice {
                text: format!("internal error, the console goes on ({why}); please report it with the log"),
                error: true,
            });
            vec![]
        }
        Msg::Restored(r) => super::restore::restored(m, *r),
        Msg::Key(_) | Msg::Resize(..) | Msg::Tick(_) | Msg::Rate(_) | Msg::Focus(_) | Msg::TimeTracking(_) => vec![],
    }
}

/// The helpdesk's macros (the config's follow them).
fn macros(m: &mut Model, result: Result<Vec<frontline_model::Macro>, BackendError>) -> Vec<Effect> {
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
    list.extend(super::macros::local_macros(m));
    m.macros = list;
    if let super::model::Mode::Pick(p) = &mut m.mode
        && p.title == "Macros"
    {
        p.items = super::dialogs::macro_items(&m.macros);
    }
    fx
}

/// The cache write for a fresh count.
pub fn meta_count(what: frontline_backend::TicketCount, n: u64) -> Effect {
    meta(Meta::Count(what, n))
}
