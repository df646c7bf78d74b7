//! The seconds worked per ticket, as the Model keeps them until a write carries them.

use frontline_model::{TicketId, Timestamp};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct HandleTimer {
    /// Seconds without a key that still count; `None`: time tracking is off.
    pub idle_secs: Option<i64>,
    /// Where the helpdesk records time, once it said; an error turns the timer off.
    pub records_to: Option<Result<String, frontline_backend::BackendError>>,
    /// The terminal has focus (assumed until it reports otherwise).
    pub unfocused: bool,
    last_key: Option<Timestamp>,
    last_tick: Option<Timestamp>,
    /// The agent is (or was, since the last tick) in the external editor.
    editing: bool,
    /// Seconds worked per ticket, not yet written.
    spent: HashMap<TicketId, u64>,
}

impl HandleTimer {
    pub fn new(idle_secs: Option<i64>) -> HandleTimer {
        HandleTimer { idle_secs, ..Default::default() }
    }

    /// Measuring: on in the config and the helpdesk has a place for it (or has not said yet).
    pub fn on(&self) -> bool {
        self.idle_secs.is_some() && !matches!(self.records_to, Some(Err(_)))
    }

    /// Seconds on `t` not yet written.
    pub fn unwritten(&self, t: TicketId) -> u64 {
        self.spent.get(&t).copied().unwrap_or(0)
    }

    /// A key at `now` (the last tick's time).
    pub fn key(&mut self, now: Timestamp) {
        self.last_key = Some(now);
    }

    /// The external editor opened: its whole stretch counts, up to the tick after it closes.
    pub fn editor(&mut self) {
        self.editing = true;
    }

    /// Counts the stretch since the last tick for `selected`; true when the shown time changed.
    pub fn tick(&mut self, now: Timestamp, selected: Option<TicketId>) -> bool {
        let from = self.last_tick.replace(now).unwrap_or(now);
        let editing = std::mem::take(&mut self.editing);
        let (Some(idle), Some(t), true) = (self.idle_secs, selected, self.on()) else { return false };
        let until = match self.last_key {
            _ if editing => now,
            Some(k) if !self.unfocused => now.min(k + idle),
            _ => return false,
        };
        let add = (until - from).max(0) as u64;
        if add > 0 {
            *self.spent.entry(t).or_default() += add;
        }
        add > 0
    }

    /// The seconds to send with a write on `t`; the ticket starts again from zero.
    pub fn take(&mut self, t: TicketId) -> Option<u32> {
        let s = self.spent.remove(&t).filter(|s| *s > 0)?;
        Some(u32::try_from(s).unwrap_or(u32::MAX))
    }

    /// A write taken back (undo) gives its seconds back to the ticket.
    pub fn give_back(&mut self, t: TicketId, seconds: Option<u32>) {
        if let Some(s) = seconds.filter(|s| *s > 0) {
            *self.spent.entry(t).or_default() += u64::from(s);
        }
    }
}
