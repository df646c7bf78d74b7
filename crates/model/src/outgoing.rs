//! A write on its way to the helpdesk: committed to the outbox before it is sent, marked done
//! once the helpdesk confirms it. Its key identifies it across restarts.

use super::{TicketChange, TicketId, Timestamp, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutState {
    /// Waiting to be sent (first time, or again after a failure worth retrying).
    Queued,
    /// Handed to the helpdesk; the answer is not in yet (or the sender died waiting).
    Sending,
    /// The helpdesk refused it for good; retry or discard by hand (`:outbox`).
    Failed,
}

impl OutState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutState::Queued => "queued",
            OutState::Sending => "sending",
            OutState::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Option<OutState> {
        match s {
            "queued" => Some(OutState::Queued),
            "sending" => Some(OutState::Sending),
            "failed" => Some(OutState::Failed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// Unique across sessions: the same key is never sent twice.
    pub key: String,
    pub ticket: TicketId,
    /// What it is, in words: "reply to #12".
    pub label: String,
    pub change: TicketChange,
    /// The ticket's version when the agent acted; the helpdesk refuses if it changed since.
    pub expected_version: Option<String>,
    pub state: OutState,
    /// Times a send was started; above 0, the next send first checks it did not land already.
    pub attempts: u32,
    /// Why the last attempt failed.
    pub error: Option<String>,
    pub created_at: Timestamp,
    /// Not sent before this (the undo window).
    pub due: Timestamp,
    /// The ticket's requester when the agent wrote it: delivery refuses a ticket that now
    /// belongs to someone else, so a reply never reaches another customer.
    pub requester: Option<UserId>,
    /// The helpdesk user who wrote it: delivery refuses when the profile now signs in as
    /// another agent, so nobody's words go out under someone else's name.
    pub author: Option<UserId>,
    /// An action for the shop (a refund, a replacement, a return…), done before `change` (the
    /// note recording it) is sent.
    pub shop: Option<crate::ShopAction>,
    /// The shop has done `shop`: a resend only sends the note.
    pub shop_done: bool,
}
