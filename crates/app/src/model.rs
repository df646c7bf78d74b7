//! The console's whole state. `update` changes it, `ui::draw` reads it; nothing else does.

use super::keymap::Keymap;
use frontline_backend::CustomerProfile;
use frontline_config::KpiConfig;
use frontline_model::{Figure, Kpis, Message, Ticket, TicketId, Timestamp, User, UserId, View, ViewId, today_figures};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Queue,
    Conversation,
    Customer,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    /// Typing a filter (`/`).
    Filter,
    /// Typing a command (`:`).
    Command(String),
    Help,
    /// Choosing a view; the highlighted row.
    Views(usize),
    /// Writing a reply or note (`model.composer`).
    Compose,
    /// Choosing from a list (status, assignee, macro).
    Pick(super::dialogs::Picker),
    /// Typing one line (escalation reason, tags).
    Prompt(super::dialogs::Prompt),
    /// Yes or no before a write to several tickets.
    Confirm(super::dialogs::Confirm),
    /// A macro's rendered text and field changes, before anything is sent.
    Preview(Box<super::dialogs::Preview>),
    /// The ticket changed under a write: re-apply or drop.
    Conflict(Box<super::dialogs::Conflict>),
    /// `:outbox`: the unsent writes; the highlighted row.
    Outbox(usize),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// As the helpdesk's view orders them.
    View,
    /// Soonest SLA breach first (breached first of all), no SLA last.
    Sla,
    Priority,
    Updated,
}

impl SortKey {
    pub fn label(self) -> &'static str {
        match self {
            SortKey::View => "view order",
            SortKey::Sla => "SLA",
            SortKey::Priority => "priority",
            SortKey::Updated => "updated",
        }
    }
    pub fn next(self) -> SortKey {
        match self {
            SortKey::View => SortKey::Sla,
            SortKey::Sla => SortKey::Priority,
            SortKey::Priority => SortKey::Updated,
            SortKey::Updated => SortKey::View,
        }
    }
}

/// The loaded tickets of the current view and what is shown of them.
#[derive(Debug, Default)]
pub struct Queue {
    /// In the order the helpdesk gave them.
    pub tickets: Vec<Ticket>,
    pub index: HashMap<TicketId, usize>,
    /// Indices into `tickets`, filtered and sorted: the rows on screen.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    pub loading: bool,
    /// Pages of the load under way, in the helpdesk's order.
    pub cycle: Vec<Ticket>,
    /// Bumped whenever `tickets` change, so derived data knows to rebuild.
    pub version: u64,
}

impl Queue {
    pub fn selected_ticket(&self) -> Option<&Ticket> {
        self.visible.get(self.selected).and_then(|i| self.tickets.get(*i))
    }
    pub fn get(&self, id: TicketId) -> Option<&Ticket> {
        self.index.get(&id).and_then(|i| self.tickets.get(*i))
    }
    pub fn reindex(&mut self) {
        self.index = self.tickets.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        self.version += 1;
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// Settings from the config and profile that `update` needs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub kpi: KpiConfig,
    pub poll_secs: i64,
    /// The view to open first (by title); else the first view.
    pub start_view: Option<String>,
    /// SLA countdowns show seconds within this many seconds of a breach.
    pub seconds_window: i64,
    /// Most tickets of one view kept in memory.
    pub max_tickets: usize,
    /// Seconds east of UTC for showing times (0 in tests).
    pub utc_offset: i64,
    /// Seconds a send can be taken back with `u` (0 = at once).
    pub undo_secs: i64,
    /// Every write refused (on-call watchers).
    pub read_only: bool,
    pub escalation: frontline_config::EscalationConfig,
    pub local_macros: Vec<frontline_config::LocalMacro>,
    pub notify: frontline_config::NotifyConfig,
    /// SLA countdowns turn warn within this many seconds of a breach…
    pub sla_warn_secs: i64,
    /// …and critical within this many.
    pub sla_critical_secs: i64,
    /// The helpdesk's words for statuses, and which an agent may set.
    pub status_names: frontline_model::StatusNames,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            kpi: KpiConfig::default(),
            poll_secs: 15,
            start_view: None,
            seconds_window: 300,
            max_tickets: 100_000,
            utc_offset: 0,
            undo_secs: 5,
            read_only: false,
            escalation: Default::default(),
            local_macros: Vec::new(),
            notify: Default::default(),
            sla_warn_secs: 30 * 60,
            sla_critical_secs: 10 * 60,
            status_names: Default::default(),
        }
    }
}

pub struct Model {
    pub settings: Settings,
    /// Tickets marked for bulk actions.
    pub marked: std::collections::BTreeSet<TicketId>,
    pub composer: Option<super::compose::Composer>,
    /// Unsent text per ticket, saved to the local store as it is typed; dropped once sent.
    pub drafts: HashMap<TicketId, super::compose::Draft>,
    /// The composer's text changed since it was last saved (saved on the next tick).
    pub draft_unsaved: bool,
    /// Writes committed to the outbox and not yet confirmed by the helpdesk, oldest first.
    pub outbox: Vec<frontline_model::Outgoing>,
    /// Failed sends in a row: the next retry waits longer after each.
    pub outbox_failures: u32,
    /// When queued outbox entries are next tried.
    pub outbox_retry_at: Timestamp,
    /// Prefix of this session's outbox keys (process and start time), so keys never repeat.
    pub session: String,
    /// The queue on screen came from the local cache written at this time, not yet synced.
    pub cached_at: Option<Timestamp>,
    /// The local store has been read (`Msg::Restored`): a view can be opened knowing the cache.
    pub restored: bool,
    /// The helpdesk's views have arrived.
    pub views_loaded: bool,
    /// Writes waiting out the undo window.
    pub pending: Vec<super::writes::WriteJob>,
    /// Writes sent and not yet answered, by job id.
    pub in_flight: HashMap<u64, super::writes::WriteJob>,
    pub next_job: u64,
    /// Helpdesk macros followed by the config's.
    pub macros: Vec<frontline_model::Macro>,
    pub notify: super::notify::NotifyState,
    /// Tickets new (true) or updated (false) since the agent last looked at them.
    pub unseen: HashMap<TicketId, bool>,
    /// Polls that failed in a row; the next poll waits longer after each.
    pub poll_failures: u32,
    /// When the next poll is due.
    pub next_poll: Timestamp,
    /// The open count each time it was fetched, newest last (for the backlog trend).
    pub backlog: Vec<u64>,
    /// The wallboard layout (read-only, KPIs large).
    pub wallboard: bool,
    pub view_counts: HashMap<ViewId, u64>,
    pub view_counts_at: Option<Timestamp>,
    pub keymap: Keymap,
    pub now: Timestamp,
    pub size: (u16, u16),
    pub me: Option<User>,
    pub views: Vec<View>,
    pub view: Option<ViewId>,
    pub queue: Queue,
    pub filter: String,
    pub sort: SortKey,
    pub users: HashMap<UserId, User>,
    pub groups: HashMap<u64, String>,
    pub conversations: HashMap<TicketId, Loadable<Vec<Message>>>,
    /// Lines scrolled up from the end of the conversation.
    pub conv_scroll: usize,
    pub customers: HashMap<UserId, Loadable<CustomerProfile>>,
    pub customer_selected: usize,
    pub focus: Pane,
    pub mode: Mode,
    pub today: Vec<Ticket>,
    /// `today` has been loaded at least once.
    pub today_loaded: bool,
    pub kpis: Kpis,
    pub connection: Connection,
    pub last_sync: Option<Timestamp>,
    pub last_poll: Timestamp,
    pub notice: Option<Notice>,
    pub queue_req: u64,
    pub theme: String,
    pub themes: Vec<String>,
    pub quit: bool,
    /// Something on screen changed since the last draw.
    pub dirty: bool,
    pub matcher: nucleo_matcher::Matcher,
    /// What the filter matches, one per queue row, kept in step with every change of the queue
    /// (never rebuilt on a keystroke), and the queue version the last filter ran on.
    pub haystacks: Vec<nucleo_matcher::Utf32String>,
    pub haystacks_version: u64,
    /// The last filter and what it matched: a longer filter only looks among those.
    pub last_filter: (String, Vec<usize>),
    /// Unsolved tickets per channel and arrivals per hour, kept with the KPIs (not per frame).
    pub trends: (Vec<(frontline_model::Channel, u64)>, Vec<u64>),
    /// The KPI inputs of every ticket held, kept up to date per changed ticket.
    pub kpi_index: frontline_model::KpiIndex,
    /// Conversations and customers in the order they were loaded, for the cache bound.
    pub detail_order: std::collections::VecDeque<(TicketId, Option<UserId>)>,
}

/// Most conversations (and their customers) kept loaded; the oldest loaded go first.
pub const DETAILS_KEPT: usize = 200;

impl Model {
    pub fn new(settings: Settings, keymap: Keymap, theme: String, themes: Vec<String>, now: Timestamp) -> Model {
        Model {
            settings,
            marked: Default::default(),
            composer: None,
            drafts: HashMap::new(),
            draft_unsaved: false,
            outbox: Vec::new(),
            outbox_failures: 0,
            outbox_retry_at: now,
            session: format!("{now:x}"),
            cached_at: None,
            restored: false,
            views_loaded: false,
            pending: Vec::new(),
            in_flight: HashMap::new(),
            next_job: 1,
            macros: Vec::new(),
            notify: Default::default(),
            unseen: HashMap::new(),
            poll_failures: 0,
            next_poll: now,
            backlog: Vec::new(),
            wallboard: false,
            view_counts: HashMap::new(),
            view_counts_at: None,
            keymap,
            now,
            size: (80, 24),
            me: None,
            views: Vec::new(),
            view: None,
            queue: Queue::default(),
            filter: String::new(),
            sort: SortKey::View,
            users: HashMap::new(),
            groups: HashMap::new(),
            conversations: HashMap::new(),
            conv_scroll: 0,
            customers: HashMap::new(),
            customer_selected: 0,
            focus: Pane::Queue,
            mode: Mode::Normal,
            today: Vec::new(),
            today_loaded: false,
            kpis: Kpis::default(),
            connection: Connection::Connecting,
            last_sync: None,
            last_poll: now,
            notice: None,
            queue_req: 0,
            theme,
            themes,
            quit: false,
            dirty: true,
            matcher: nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT),
            haystacks: Vec::new(),
            haystacks_version: u64::MAX,
            last_filter: (String::new(), Vec::new()),
            trends: (Vec::new(), Vec::new()),
            kpi_index: Default::default(),
            detail_order: Default::default(),
        }
    }

    pub fn selected(&self) -> Option<&Ticket> {
        self.queue.selected_ticket()
    }

    pub fn user_name(&self, id: Option<UserId>) -> Option<&str> {
        id.and_then(|i| self.users.get(&i)).map(|u| u.name.as_str())
    }

    pub fn view_title(&self) -> &str {
        self.view.and_then(|v| self.views.iter().find(|x| x.id == v)).map(|v| v.title.as_str()).unwrap_or("Queue")
    }

    /// A conversation was loaded: remember it, and forget the oldest loaded beyond
    /// `DETAILS_KEPT` (never the selected ticket's) so browsing all day stays in bounded memory.
    pub fn remember_details(&mut self, ticket: TicketId) {
        let requester = self.queue.get(ticket).and_then(|t| t.requester);
        self.detail_order.retain(|(t, _)| *t != ticket);
        self.detail_order.push_back((ticket, requester));
        let selected = self.selected().map(|t| (t.id, t.requester));
        while self.detail_order.len() > DETAILS_KEPT {
            let Some((old, who)) = self.detail_order.pop_front() else { break };
            if Some(old) == selected.map(|s| s.0) {
                self.detail_order.push_back((old, who));
                continue;
            }
            self.conversations.remove(&old);
            if let Some(w) = who
                && selected.and_then(|s| s.1) != Some(w)
                && !self.detail_order.iter().any(|(_, x)| *x == Some(w))
            {
                self.customers.remove(&w);
            }
        }
    }

    /// The ticket that counts for the KPIs under `id`: the queue's copy, else today's.
    fn counted(&self, id: TicketId) -> Option<&Ticket> {
        self.queue.get(id).or_else(|| self.today.iter().find(|t| t.id == id))
    }

    /// After tickets changed, arrived or left: their KPI inputs follow (a few operations each).
    pub fn kpi_touch(&mut self, ids: impl IntoIterator<Item = TicketId>) {
        for id in ids {
            let t = self.counted(id).cloned();
            self.kpi_index.set(id, t.as_ref());
        }
    }

    /// After the queue or today's changes were replaced whole: the KPI inputs from scratch.
    pub fn reindex_kpis(&mut self) {
        let index = &self.queue.index;
        let all = self.queue.tickets.iter().chain(self.today.iter().filter(|t| !index.contains_key(&t.id)));
        self.kpi_index = frontline_model::KpiIndex::build(all);
    }

    /// Recomputes the KPI figures from the counts and the index of the tickets the console
    /// holds: binary searches and counters, not a pass over every ticket.
    pub fn recompute_kpis(&mut self) {
        let sla = self.kpi_index.sla(self.now, self.settings.kpi.at_risk_minutes * 60);
        let trends = (self.kpi_index.channel_counts(), self.kpi_index.arrivals_per_hour(self.now, 12));
        if trends != self.trends {
            self.trends = trends;
            self.dirty = true;
        }
        let (frt, csat, solved) = if self.today_loaded {
            today_figures(&self.today, self.now)
        } else {
            (Figure::Loading, Figure::Loading, Figure::Loading)
        };
        let kpis = Kpis { counts: self.kpis.counts.clone(), sla, first_reply_median: frt, csat, solved_today: solved };
        if kpis != self.kpis {
            self.kpis = kpis;
            self.dirty = true;
        }
    }
}
