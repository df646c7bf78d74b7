//! A notification and what the Model remembers of the ones already sent.

use frontline_config::NotifyOn;
use frontline_model::{TicketId, Timestamp};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub kind: NotifyOn,
    pub ticket: TicketId,
    pub title: String,
    pub body: String,
    pub at: Timestamp,
}

impl Notification {
    /// What a notification command gets on stdin.
    pub fn json(&self) -> serde_json::Value {
        let kind = serde_json::to_value(self.kind).unwrap_or_default();
        serde_json::json!({"event": kind, "ticket": self.ticket.0, "title": self.title, "body": self.body, "at": frontline_model::text::rfc3339(self.at)})
    }
}

#[derive(Debug, Default)]
pub struct NotifyState {
    pub(super) fired: HashSet<(NotifyOn, TicketId, i64)>,
    /// (minute, sent in it)
    pub(super) window: (i64, u32),
    pub(super) held_back: u32,
    /// My tickets that changed: watch their conversation for a customer's reply after this time.
    pub watch_replies: HashMap<TicketId, Timestamp>,
}
