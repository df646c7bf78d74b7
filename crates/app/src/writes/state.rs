//! One sending of agent actions, as the Model follows it from the undo window to the answers.

use frontline_model::{TicketChange, TicketId};

/// One sending of agent actions: a change per ticket, each with its outbox key, sent when `due` comes.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteJob {
    pub id: u64,
    /// Said in the status line: "reply to #12", "status pending on 5 tickets".
    pub label: String,
    pub changes: Vec<(TicketId, TicketChange)>,
    /// The outbox key of each change, in the same order.
    pub keys: Vec<String>,
    pub due: i64,
    /// Tickets still to answer.
    pub waiting: usize,
    /// Tickets whose write failed, with the reason.
    pub failed: Vec<(TicketId, String)>,
    /// Some tickets could not be reached and wait in the outbox.
    pub deferred: usize,
    /// Of those, put off because the helpdesk asked to slow down (429): not a fault.
    pub waited: usize,
    /// The console's own write (waking a snooze): a conflict means someone got there first,
    /// and it is dropped without a word.
    pub quiet: bool,
}

impl WriteJob {
    /// Job `id` (from `Writes::number_job`), nothing answered yet.
    pub(super) fn new(
        id: u64,
        label: String,
        changes: Vec<(TicketId, TicketChange)>,
        keys: Vec<String>,
        due: i64,
    ) -> Self {
        WriteJob {
            id,
            label,
            waiting: changes.len(),
            changes,
            keys,
            due,
            failed: vec![],
            deferred: 0,
            waited: 0,
            quiet: false,
        }
    }
}
