//! Answers for the panes around the queue: the selected ticket's conversation and customer,
//! the KPI counts and today's changes.

use super::counts::{figure, set_count};
use super::loaded::meta_count;
use super::model::{Loadable, Model};
use super::msg::{CacheOp, Effect};
use super::polls::report;
use frontline_backend::{BackendError, Conversation, CustomerProfile, TicketCount};
use frontline_model::{Figure, Ticket, TicketId, UserId};

/// A conversation: `None` when the agent had moved on before it was asked for.
pub fn conversation(
    m: &mut Model,
    ticket: TicketId,
    result: Option<Result<Conversation, BackendError>>,
) -> Vec<Effect> {
    match result {
        // superseded: a load still marked as under way is forgotten (the selected ticket's is
        // asked again by `update`); what is already on screen stays
        None => {
            if matches!(m.details.conversations.get(&ticket), Some(Loadable::Loading)) {
                m.details.conversations.remove(&ticket);
            }
        }
        Some(Ok(c)) => {
            for u in c.users {
                m.users.entry(u.id).or_insert(u);
            }
            if c.older_left_out {
                m.details.older_left_out.insert(ticket);
            } else {
                m.details.older_left_out.remove(&ticket);
            }
            m.details.conversations.insert(ticket, Loadable::Ready(c.messages));
            m.remember_details(ticket);
            return super::notify::after_conversation(m, ticket);
        }
        Some(Err(BackendError::NotFound { .. })) if m.forget_ticket(ticket) => {
            m.notice = Some(super::model::Notice {
                text: format!("#{} was deleted in the helpdesk: it has left the queue", ticket.0),
                error: false,
            });
            let mut fx = vec![Effect::Cache(CacheOp::Forget(ticket))];
            fx.extend(super::navigate::load_selected(m));
            return fx;
        }
        Some(Err(e)) => {
            m.details.conversations.insert(ticket, Loadable::Failed(e.to_string()));
        }
    }
    vec![]
}

/// A customer and their other tickets: `None` when the agent had moved on.
pub fn customer(m: &mut Model, user: UserId, result: Option<Result<CustomerProfile, BackendError>>) -> Vec<Effect> {
    match result {
        None => {
            if matches!(m.details.customers.get(&user), Some(Loadable::Loading)) {
                m.details.customers.remove(&user);
            }
        }
        Some(Ok(p)) => {
            m.users.insert(p.user.id, p.user.clone());
            m.details.customers.insert(user, Loadable::Ready(p));
        }
        Some(Err(e)) => {
            m.details.customers.insert(user, Loadable::Failed(e.to_string()));
        }
    }
    vec![]
}

/// One of the KPI bar's counts.
pub fn count(m: &mut Model, what: TicketCount, result: Result<u64, BackendError>) -> Vec<Effect> {
    let quiet = |e: &BackendError| matches!(e, BackendError::Forbidden { .. } | BackendError::NotOffered(_));
    let counted = !matches!(&result, Err(e) if !quiet(e));
    m.stats.book.answered(counted, m.now);
    if let Err(e) = &result
        && !quiet(e)
    {
        report(m, "counting tickets", e);
        // offline: the last known count (from the cache or earlier) stays on screen
        if e.is_transient() && matches!(super::counts::count_figure(m, what), Figure::Value(_)) {
            return vec![];
        }
    }
    if let (TicketCount::Open, Ok(n)) = (what, &result) {
        m.stats.backlog.push(*n);
        if m.stats.backlog.len() > 48 {
            m.stats.backlog.remove(0);
        }
    }
    set_count(m, what, figure(&result));
    m.recompute_kpis();
    match result {
        Ok(n) => vec![meta_count(what, n)],
        Err(_) => vec![],
    }
}

/// The helpdesk's own figures for today: they replace the first-reply and solved figures
/// worked out from today's tickets; a token without the rights shows `no access`.
pub fn report_answer(m: &mut Model, result: Result<Option<frontline_backend::Report>, BackendError>) -> Vec<Effect> {
    m.stats.report = match result {
        Ok(None) => None,
        Ok(Some(r)) => Some(Figure::Value(r)),
        Err(BackendError::Forbidden { .. }) => Some(Figure::NoAccess),
        Err(e) => {
            tracing::info!("the helpdesk's report for today: {e}");
            Some(Figure::Unavailable)
        }
    };
    m.recompute_kpis();
    vec![]
}

/// Today's changes, for the day's figures.
pub fn today(m: &mut Model, result: Result<Vec<Ticket>, BackendError>) -> Vec<Effect> {
    match result {
        Ok(t) => {
            super::counts::observe(m, &t);
            m.stats.today = t;
            m.stats.today_loaded = true;
            m.reindex_kpis();
        }
        Err(BackendError::Forbidden { .. }) => {
            m.stats.today_loaded = true;
            m.stats.kpis.first_reply_median = Figure::NoAccess;
        }
        Err(e) => report(m, "loading today's changes", &e),
    }
    m.recompute_kpis();
    vec![]
}
