//! The account's ticket counts in the KPI bar: a count's answer as a figure, reading and
//! setting one, and the agent's own confirmed change counted at once.

use super::model::Model;
use frontline_backend::{BackendError, TicketCount};
use frontline_model::Figure;

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

/// The agent's own confirmed change moves the account's counts at once (a take is one fewer
/// unassigned), instead of waiting for the next count; the next count corrects any drift.
pub fn count_own_change(m: &mut Model, before: &frontline_model::Ticket, after: &frontline_model::Ticket) {
    for what in TicketCount::ALL {
        let (was, is) = (what.counts(before), what.counts(after));
        if let (Figure::Value(n), true) = (count_figure(m, what), was != is) {
            let n = if is { n + 1 } else { n.saturating_sub(1) };
            set_count(m, what, Figure::Value(n));
        }
    }
}
