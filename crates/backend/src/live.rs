//! What a helpdesk with a live feed (Chatwoot's ActionCable) pushes to the console, in the
//! console's terms. The adapter owns the connection and its reconnects; the console folds
//! the events in as it folds in a poll, and polls as before while the feed is down.

use crate::TicketPage;
use frontline_model::{Message, TicketId, User};

#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// The feed is up: changes arrive as they happen.
    Up,
    /// The feed is down (refused, dropped, never reached): why, in words ("dropped: …"); it
    /// is tried again.
    Down(String),
    /// Tickets as the helpdesk pushed them (created, status, assignee, team changed).
    Changed(TicketPage),
    /// A new or edited message on a ticket, and its author.
    Message { ticket: TicketId, message: Message, author: Option<User> },
    /// Someone started (`on`) or stopped typing on a ticket; `private` for a note.
    Typing { ticket: TicketId, who: User, on: bool, private: bool },
}

/// Where the events go: the console's executor reads the other end.
pub type LiveFeed = tokio::sync::mpsc::UnboundedReceiver<LiveEvent>;

/// A helpdesk's own figures for a period (Chatwoot's reports summary), for administrators.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Report {
    /// Average seconds to the first reply, over conversations first answered in the period.
    pub first_reply_avg_secs: Option<f64>,
    /// Average seconds from creation to resolution, over conversations resolved in the period.
    pub resolution_avg_secs: Option<f64>,
    /// Conversations resolved in the period.
    pub resolved: Option<u64>,
    /// Conversations created in the period.
    pub created: Option<u64>,
    /// Satisfaction ratings in the period: good (4 or 5 of 5) and the rest.
    pub csat: Option<(u64, u64)>,
}
