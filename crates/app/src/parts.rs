//! The parts of `Model` that are state of one job each: the selected ticket's details, being
//! in step with the helpdesk, the filter, the KPI figures, the wallboard and the writes under
//! way. The drafts have theirs beside their handlers (`compose::Drafting`).

use frontline_backend::CustomerProfile;
use frontline_model::{Channel, KpiIndex, Kpis, Message, Ticket, TicketId, Timestamp, UserId, ViewId};
use std::collections::{HashMap, VecDeque};

/// Most conversations (and their customers) kept loaded; the oldest loaded go first.
pub const DETAILS_KEPT: usize = 200;

/// Conversations and customers, loaded lazily for the ticket the agent settles on.
#[derive(Debug, Default)]
pub struct Details {
    pub conversations: HashMap<TicketId, Loadable<Vec<Message>>>,
    /// Tickets whose conversation was too long to read whole: only the newest messages are
    /// held, and the pane says so.
    pub older_left_out: std::collections::HashSet<TicketId>,
    /// Lines scrolled up from the end of the conversation.
    pub scroll: usize,
    pub customers: HashMap<UserId, Loadable<CustomerProfile>>,
    /// The highlighted row of the customer pane.
    pub customer_selected: usize,
    /// Conversations and their requesters in the order they were loaded, for the bound.
    pub order: VecDeque<(TicketId, Option<UserId>)>,
}

impl Details {
    /// `ticket`'s conversation (from `requester`) was loaded: remember it, and forget the
    /// oldest loaded beyond `DETAILS_KEPT` — never the `selected` ticket's or its customer —
    /// so browsing all day stays in bounded memory.
    pub fn remember(
        &mut self,
        ticket: TicketId,
        requester: Option<UserId>,
        selected: Option<(TicketId, Option<UserId>)>,
    ) {
        self.order.retain(|(t, _)| *t != ticket);
        self.order.push_back((ticket, requester));
        while self.order.len() > DETAILS_KEPT {
            let Some((old, who)) = self.order.pop_front() else { break };
            if Some(old) == selected.map(|s| s.0) {
                self.order.push_back((old, who));
                continue;
            }
            self.conversations.remove(&old);
            self.older_left_out.remove(&old);
            if let Some(w) = who
                && selected.and_then(|s| s.1) != Some(w)
                && !self.order.iter().any(|(_, x)| *x == Some(w))
            {
                self.customers.remove(&w);
            }
        }
    }
}

/// Being in step with the helpdesk: the connection, polls and their backoff, the queue load
/// under way, and the cache painted at start.
#[derive(Debug)]
pub struct Sync {
    pub connection: Connection,
    pub last_sync: Option<Timestamp>,
    pub last_poll: Timestamp,
    /// Polls that failed in a row; the next poll waits longer after each.
    pub poll_failures: u32,
    /// When the next poll is due.
    pub next_poll: Timestamp,
    /// The id of the queue load under way: an answer with another id is stale.
    pub queue_req: u64,
    /// The queue on screen came from the local cache written at this time, not yet synced.
    pub cached_at: Option<Timestamp>,
    /// The local store has been read (`Msg::Restored`): a view can be opened knowing the cache.
    pub restored: bool,
    /// The helpdesk's views have arrived.
    pub views_loaded: bool,
    /// When the console started talking to the helpdesk (for "no answer for 20 s").
    pub started: Timestamp,
    /// A ticket asked for by number (`:ticket`, the customer pane) and not yet loaded: actions
    /// wait for it rather than act on the ticket still selected.
    pub opening: Option<TicketId>,
    /// How long polls wait: the view's pace and the account's budget.
    pub pace: crate::pacing::state::Pace,
    /// Asking who the agent is failed: polls ask again until it works.
    pub me_failed: bool,
    /// The counts, today's changes, agents, groups and macros have been asked (after the
    /// view's first page).
    pub rest_asked: bool,
    /// The view's first page (or its cached copy's first sync) has arrived.
    pub first_page: bool,
    /// Not before this time (the account was spending fast when the first page came).
    pub rest_after: Timestamp,
    /// When the console next looks for snoozed tickets due to wake (`snooze::tick`).
    pub wake_check: Timestamp,
    /// Tickets this console woke, and when: a search answering from before the wake does
    /// not wake them twice.
    pub woken: std::collections::HashMap<TicketId, Timestamp>,
}

impl Sync {
    pub fn new(now: Timestamp, pace: crate::pacing::state::Pace) -> Sync {
        Sync {
            connection: Connection::Connecting,
            last_sync: None,
            last_poll: now,
            poll_failures: 0,
            next_poll: now,
            queue_req: 0,
            cached_at: None,
            restored: false,
            views_loaded: false,
            started: now,
            opening: None,
            pace,
            me_failed: false,
            rest_asked: false,
            first_page: false,
            rest_after: now,
            wake_check: now,
            woken: Default::default(),
        }
    }
}

/// The filter typed with `/` and what it needs to stay fast at 100,000 tickets.
pub struct Filter {
    pub text: String,
    pub matcher: nucleo_matcher::Matcher,
    /// What the filter matches, one per queue row, kept in step with every change of the queue
    /// (never rebuilt on a keystroke), and the queue version the last filter ran on.
    pub haystacks: Vec<nucleo_matcher::Utf32String>,
    pub haystacks_version: u64,
    /// The last filter and what it matched: a longer filter only looks among those.
    pub last: (String, Vec<usize>, bool),
    /// No row holds every word as typed, so the rows shown are fuzzy matches (said in the
    /// queue's title: a bulk action on them deserves a second look).
    pub fuzzy: bool,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            text: String::new(),
            matcher: nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT),
            haystacks: Vec::new(),
            haystacks_version: u64::MAX,
            last: (String::new(), Vec::new(), false),
            fuzzy: false,
        }
    }
}

/// The KPI figures and what they are computed from.
#[derive(Debug, Default)]
pub struct Stats {
    pub kpis: Kpis,
    /// The KPI inputs of every ticket held, kept up to date per changed ticket.
    pub index: KpiIndex,
    /// The view's KPI inputs, kept while a search answer or an agent's tickets are on screen:
    /// the KPI bar's SLA figure keeps the view's scope (views are not polled meanwhile).
    pub view_index: Option<KpiIndex>,
    /// Unsolved tickets per channel and arrivals per hour, kept with the KPIs (not per frame).
    pub trends: (Vec<(Channel, u64)>, Vec<u64>),
    /// Tickets changed today, for the day's figures.
    pub today: Vec<Ticket>,
    /// `today` has been loaded at least once.
    pub today_loaded: bool,
    /// The open count each time it was fetched, newest last (for the backlog trend).
    pub backlog: Vec<u64>,
    /// What keeps the five counts in step between recounts.
    pub book: crate::count_book::CountBook,
    /// The day's team figures (resolution rate, one-touch, …) for the KPI page.
    pub day: frontline_model::DayFigures,
    /// Tickets solved in each of the last 12 hours, oldest first.
    pub solved_per_hour: Vec<u64>,
    /// The figures hour by hour over the last 12 hours, for the KPI page's sparklines (worked
    /// out, as `day` and `solved_per_hour` are, only while the page is open).
    pub hourly: frontline_model::Hourly,
    /// The helpdesk's own report for today, where it has one (Chatwoot's summary).
    pub report: Option<frontline_model::Figure<frontline_backend::Report>>,
}

/// The wallboard: a read-only layout with the KPIs large and a count per view.
#[derive(Debug, Default)]
pub struct Board {
    pub on: bool,
    pub view_counts: HashMap<ViewId, u64>,
    pub view_counts_at: Option<Timestamp>,
}

/// The writes of this console: committed to the outbox and not yet confirmed, waiting out
/// the undo window, or sent and not yet answered.
#[derive(Debug)]
pub struct Writes {
    /// Committed to the outbox and not yet confirmed by the helpdesk, oldest first.
    pub outbox: Vec<frontline_model::Outgoing>,
    /// Failed sends in a row: the next retry waits longer after each.
    pub failures: u32,
    /// When queued outbox entries are next tried.
    pub retry_at: Timestamp,
    /// Waiting out the undo window.
    pub pending: Vec<super::writes::state::WriteJob>,
    /// Sent and not yet answered, by job id.
    pub in_flight: HashMap<u64, super::writes::state::WriteJob>,
    pub next_job: u64,
    /// Prefix of this session's outbox keys: a random id set at start, so keys never repeat.
    pub session: String,
    /// Unsent writes this profile made for another helpdesk or agent: shown in `:outbox` and
    /// the status line, never sent from here.
    pub orphans: Vec<frontline_store::Orphaned>,
    /// Who the agent assigned each ticket to in this session: their own assignment is not
    /// "someone else on it" when they then write on the ticket.
    pub assigned: HashMap<TicketId, Option<frontline_model::UserId>>,
    /// The agent quit with writes waiting: the console quits once they are answered (`Some(true)`:
    /// they were sent at once) or has said where they go (`Some(false)`).
    pub quitting: Option<bool>,
}

impl Writes {
    /// The next write job's number.
    pub fn number_job(&mut self) -> u64 {
        self.next_job += 1;
        self.next_job - 1
    }

    pub fn new(now: Timestamp) -> Writes {
        Writes {
            outbox: Vec::new(),
            failures: 0,
            retry_at: now,
            pending: Vec::new(),
            in_flight: Default::default(),
            next_job: 1,
            session: format!("{now:x}"),
            orphans: Vec::new(),
            assigned: HashMap::new(),
            quitting: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Ready(T),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Connection {
    Connecting,
    Online,
    /// The last request failed; the words say why.
    Trouble(String),
}
