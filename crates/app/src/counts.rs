//! The account's ticket counts in the KPI bar: a count's answer as a figure, reading and
//! setting one, asking again, and changes seen moving them (through `count_book`).

use super::model::Model;
use super::msg::Effect;
use frontline_backend::{BackendError, TicketCount};
use frontline_model::{Figure, Ticket};

pub fn figure(r: &Result<u64, BackendError>) -> Figure<u64> {
    match r {
        Ok(n) => Figure::Value(*n),
        Err(BackendError::Forbidden { .. }) => Figure::NoAccess,
        Err(_) => Figure::Unavailable,
    }
}

pub fn count_figure(m: &Model, what: TicketCount) -> Figure<u64> {
    let c = &m.stats.kpis.counts;
    match what {
        TicketCount::Open => c.open.clone(),
        TicketCount::New => c.new.clone(),
        TicketCount::Unassigned => c.unassigned.clone(),
        TicketCount::Urgent => c.urgent.clone(),
        TicketCount::Pending => c.pending.clone(),
    }
}

pub fn set_count(m: &mut Model, what: TicketCount, f: Figure<u64>) {
    let c = &mut m.stats.kpis.counts;
    match what {
        TicketCount::Open => c.open = f,
        TicketCount::New => c.new = f,
        TicketCount::Unassigned => c.unassigned = f,
        TicketCount::Urgent => c.urgent = f,
        TicketCount::Pending => c.pending = f,
    }
}

/// A view's count as the wallboard and the views picker show it: the KPI count holding the
/// same tickets where one does (so the Unassigned tile and the Unassigned view never differ),
/// else the view's own count as last asked.
pub fn of_view(m: &Model, v: &frontline_model::View) -> Option<u64> {
    if let Some(c) = v.filter.as_ref().and_then(frontline_model::ViewFilter::same_as_count)
        && let Figure::Value(n) = count_figure(m, c)
    {
        return Some(n);
    }
    m.board.view_counts.get(&v.id).copied()
}

/// Asks the helpdesk for all five counts again.
pub fn recount(m: &mut Model) -> Effect {
    m.stats.book.asking(m.now);
    Effect::LoadCounts
}

/// Tickets as the helpdesk has them now (a poll's changes, a page, the agent's own confirmed
/// write): each certain change moves the counts at once (a take is one fewer unassigned), so
/// polls need not count again; the book says when they must.
pub fn observe(m: &mut Model, tickets: &[Ticket]) {
    for t in tickets {
        let Some(moves) = m.stats.book.observe(t) else { continue };
        for (what, step) in TicketCount::ALL.into_iter().zip(moves) {
            if let (Figure::Value(n), true) = (count_figure(m, what), step != 0) {
                let n = if step > 0 { n + 1 } else { n.saturating_sub(1) };
                set_count(m, what, Figure::Value(n));
            }
        }
    }
}
