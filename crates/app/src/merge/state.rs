//! A merge waiting for the agent's yes.

use frontline_model::{Ticket, TicketId};

/// A merge waiting for the agent's yes: the target as the helpdesk has it, once read.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeAsk {
    pub source: TicketId,
    pub target: TicketId,
    pub target_ticket: Option<Ticket>,
}
