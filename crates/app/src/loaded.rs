//! The account's own data as it comes back: the agent, views, groups, agents, macros and the
//! wallboard's counts per view, and opening the start view once views and store are in. A
//! failure is said in the status line.

use super::model::Model;
use super::msg::Effect;
use super::polls::back_online;
use super::polls::report;
use super::restore::meta;
use frontline_backend::BackendError;
use frontline_store::cache::Meta;

/// Who the agent is.
pub fn me(m: &mut Model, result: Result<frontline_model::User, BackendError>) -> Vec<Effect> {
    match result {
        Ok(u) => {
            back_online(m);
            m.users.insert(u.id, u.clone());
            m.me = Some(u.clone());
            vec![meta(Meta::Me(u))]
        }
        Err(e) => {
            m.sync.me_failed = true;
            report(m, "signing in", &e);
            vec![]
        }
    }
}

/// The account's views: the start view opens once the local store is read too.
pub fn views(m: &mut Model, result: Result<Vec<frontline_model::View>, BackendError>) -> Vec<Effect> {
    match result {
        Ok(views) => {
            m.views = views;
            m.sync.views_loaded = true;
            let mut fx = vec![meta(Meta::Views(m.views.clone()))];
            // with the local store read, open the view; else the restore does, knowing the cache
            if m.sync.restored {
                fx.extend(super::restore::open_start_view(m));
            }
            fx
        }
        Err(e) => {
            // asked again at the next poll, after the wait the helpdesk asked for
            super::polls::back_off(m, &e);
            report(m, "loading views", &e);
            vec![]
        }
    }
}

pub fn groups(m: &mut Model, result: Result<Vec<frontline_model::Group>, BackendError>) -> Vec<Effect> {
    match result {
        Ok(groups) => {
            m.groups = groups.iter().map(|g| (g.id, g.name.clone())).collect();
            vec![meta(Meta::Groups(groups))]
        }
        Err(e) => {
            tracing::warn!("loading groups: {e}");
            vec![]
        }
    }
}

pub fn agents(m: &mut Model, result: Result<Vec<frontline_model::User>, BackendError>) -> Vec<Effect> {
    match result {
        Ok(agents) => {
            m.staff = agents.iter().map(|a| (a.id, a.clone())).collect();
            for a in agents {
                m.users.insert(a.id, a);
            }
        }
        Err(e) => tracing::warn!("loading agents: {e}"),
    }
    vec![]
}

/// The wallboard's counts per view.
pub fn view_counts(m: &mut Model, result: Result<Vec<(frontline_model::ViewId, u64)>, BackendError>) -> Vec<Effect> {
    match result {
        Ok(counts) => m.board.view_counts = counts.into_iter().collect(),
        Err(e) => tracing::warn!("view counts: {e}"),
    }
    vec![]
}

/// The helpdesk's macros (the config's follow them).
pub fn macros(m: &mut Model, result: Result<Vec<frontline_model::Macro>, BackendError>) -> Vec<Effect> {
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
        p.items = super::macros::macro_items(&m.macros);
    }
    fx
}

/// The cache write for a fresh count.
pub fn meta_count(what: frontline_backend::TicketCount, n: u64) -> Effect {
    meta(Meta::Count(what, n))
}
