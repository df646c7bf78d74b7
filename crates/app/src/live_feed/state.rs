//! The live feed as the Model keeps it: whether it is up and who is typing where.

use frontline_model::{TicketId, Timestamp, UserId};
use std::collections::HashMap;

/// Where the helpdesk's live feed is.
#[derive(Debug, Clone, PartialEq)]
pub enum Feed {
    Up,
    /// Down, the console polling meanwhile: why, as the feed said.
    Down(String),
}

/// The live feed's state, where the helpdesk has one.
#[derive(Debug, Clone, Default)]
pub struct Live {
    /// `None`: no feed (polls only).
    pub feed: Option<Feed>,
    /// Who is typing on which ticket: who, their name, a note (not a reply), until when it counts.
    pub typing: HashMap<TicketId, (UserId, String, bool, Timestamp)>,
    /// The agent's typing as announced: ticket, note or reply, when.
    pub announced: Option<(TicketId, bool, Timestamp)>,
    /// The agent's last keystroke in the editor.
    pub last_key: Timestamp,
}

impl Live {
    pub fn is_up(&self) -> bool {
        self.feed == Some(Feed::Up)
    }
}
