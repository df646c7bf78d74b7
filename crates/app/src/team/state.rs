//! The team board's data as the Model keeps it: the sort, the per-agent tickets, a row.

use frontline_backend::{BackendError, TicketPage};
use frontline_model::{TicketId, Timestamp, UserId};
use std::collections::HashMap;

/// How the rows are ordered (`s` cycles).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TeamSort {
    /// Most open tickets first.
    #[default]
    Open,
    SolvedToday,
    /// Slowest median first reply first.
    FirstReply,
    /// Most SLA breaches first.
    Breaching,
    /// Longest median handle time first.
    Handle,
    Name,
}

impl TeamSort {
    pub fn label(self) -> &'static str {
        match self {
            TeamSort::Open => "open",
            TeamSort::SolvedToday => "solved today",
            TeamSort::FirstReply => "1st reply",
            TeamSort::Breaching => "breaching",
            TeamSort::Handle => "handle time",
            TeamSort::Name => "name",
        }
    }
    pub(super) fn next(self) -> TeamSort {
        match self {
            TeamSort::Open => TeamSort::SolvedToday,
            TeamSort::SolvedToday => TeamSort::FirstReply,
            TeamSort::FirstReply => TeamSort::Breaching,
            TeamSort::Breaching => TeamSort::Handle,
            TeamSort::Handle => TeamSort::Name,
            TeamSort::Name => TeamSort::Open,
        }
    }
}

/// The board's state: each agent's unsolved tickets as last read, and when.
#[derive(Debug, Clone, Default)]
pub struct Team {
    pub loads: HashMap<UserId, (Timestamp, Result<TicketPage, BackendError>)>,
    pub asked: HashMap<UserId, Timestamp>,
    pub sort: TeamSort,
}

/// One agent's row. `None`: not known yet (or the helpdesk would not say).
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRow {
    pub agent: UserId,
    pub name: String,
    pub open: Option<u64>,
    pub pending: Option<u64>,
    /// More unsolved tickets than one answer holds (100): the counts are at least these.
    pub more: bool,
    pub solved_today: u64,
    pub first_reply_median: Option<i64>,
    pub csat: Option<u8>,
    /// The oldest ticket waiting on the agent (new or open), and since when.
    pub oldest_waiting: Option<(TicketId, Timestamp)>,
    pub breaching: Option<u64>,
    /// Median seconds recorded on the agent's tickets solved today (where time is recorded).
    pub handle_median: Option<i64>,
}
