//! The console's whole state. `update` changes it, `ui::draw` reads it; nothing else does.

use super::keymap::Keymap;
pub use super::parts::{Board, Connection, Details, Filter, Loadable, Stats, Sync, Writes};
pub use super::settings::Settings;
use frontline_model::{Figure, Kpis, Ticket, TicketId, Timestamp, User, UserId, View, ViewId, today_figures};
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
    /// `:kpi`: every figure with its definition.
    Kpi,
    /// `:team`: the team board; the highlighted row.
    Team(usize),
    /// Choosing a view; the highlighted row.
    Views(usize),
    /// Writing a reply or note (`model.drafting.composer`).
    Compose,
    /// Choosing from a list (status, assignee, macro).
    Pick(super::dialogs::state::Picker),
    /// Typing one line (escalation reason, tags).
    Prompt(super::dialogs::state::Prompt),
    /// Filling in named fields (an order's shipping address).
    Form(Box<super::dialogs::state::Form>),
    /// Yes or no before a write to several tickets.
    Confirm(super::dialogs::state::Confirm),
    /// A macro's rendered text and field changes, before anything is sent.
    Preview(Box<super::dialogs::state::Preview>),
    /// The ticket changed under a write: re-apply or drop.
    Conflict(Box<super::dialogs::state::Conflict>),
    /// `:outbox`: the unsent writes; the highlighted row.
    Outbox(usize),
    /// Merging the selected ticket into another, before the agent's yes.
    Merge(Box<super::merge::state::MergeAsk>),
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

/// A queue that is not a view: the helpdesk's answer to `:search`, or an agent's unsolved
/// tickets opened from the team board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Temporary {
    Search(String),
    Agent(UserId),
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
    /// The selected ticket after it left the view (the agent's own take, a colleague's
    /// change): kept on its row, marked, until the agent moves off it, so the ticket under
    /// their hands never turns into another one.
    pub held: Option<TicketId>,
    /// The queue shows the helpdesk's answer to `:search WORDS`, not a view: not polled, not
    /// cached; `v` or `:view` goes back to a view.
    pub search: Option<String>,
    /// What that temporary queue asks, so `Ctrl-r` and a bulk write's read-back ask it again.
    pub temporary: Option<Temporary>,
    /// The ticket the agent last sent on before the selection moved to the next (`'`).
    pub back_to: Option<TicketId>,
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

pub struct Model {
    pub settings: Settings,
    pub keymap: Keymap,
    pub now: Timestamp,
    pub size: (u16, u16),
    pub theme: String,
    pub themes: Vec<String>,
    pub quit: bool,
    /// Something on screen changed since the last draw.
    pub dirty: bool,
    /// The agent, and the account's people, groups, views and macros (helpdesk's, then the config's).
    pub me: Option<User>,
    pub users: HashMap<UserId, User>,
    pub groups: HashMap<u64, String>,
    /// The agents as the helpdesk listed them, with their groups and availability (a ticket
    /// page's people, in `users`, do not carry those).
    pub staff: HashMap<UserId, User>,
    pub views: Vec<View>,
    pub macros: Vec<frontline_model::Macro>,
    /// The view on screen, its tickets, how they are sorted, and the filter over them.
    pub view: Option<ViewId>,
    pub queue: Queue,
    pub sort: SortKey,
    pub filter: Filter,
    /// Tickets marked for bulk actions.
    pub marked: std::collections::BTreeSet<TicketId>,
    /// Tickets new (true) or updated (false) since the agent last looked at them.
    pub unseen: HashMap<TicketId, bool>,
    /// The selected ticket's conversation and customer, loaded lazily and kept within a bound.
    pub details: Details,
    pub focus: Pane,
    pub mode: Mode,
    pub notice: Option<Notice>,
    /// Being in step with the helpdesk: connection, polls, the cache painted at start.
    pub sync: Sync,
    /// The reply being written and the drafts of other tickets.
    pub drafting: super::compose::state::Drafting,
    /// Writes in the outbox, in the undo window and on their way.
    pub writes: Writes,
    /// KPI figures and what they are computed from.
    pub stats: Stats,
    pub notify: super::notify::state::NotifyState,
    /// The wallboard layout (read-only, KPIs large) and its view counts.
    pub board: Board,
    /// The customer's orders from the shop, when the profile has one.
    pub orders: super::orders::state::Orders,
    /// The helpdesk's live feed and who is typing where.
    pub live: super::live_feed::state::Live,
    /// The team board's per-agent data.
    pub team: super::team::state::Team,
    /// Time worked per ticket, not yet written (`[time_tracking]`).
    pub timer: super::handle_time::state::HandleTimer,
}

impl Model {
    pub fn new(settings: Settings, keymap: Keymap, theme: String, themes: Vec<String>, now: Timestamp) -> Model {
        let pace = super::pacing::state::Pace::new(&settings);
        let timer = super::handle_time::state::HandleTimer::new(settings.time_tracking);
        Model {
            settings,
            keymap,
            now,
            size: (80, 24),
            theme,
            themes,
            quit: false,
            dirty: true,
            me: None,
            users: HashMap::new(),
            groups: HashMap::new(),
            staff: HashMap::new(),
            views: Vec::new(),
            macros: Vec::new(),
            view: None,
            queue: Queue::default(),
            sort: SortKey::View,
            filter: Filter::default(),
            marked: Default::default(),
            unseen: HashMap::new(),
            details: Details::default(),
            focus: Pane::Queue,
            mode: Mode::Normal,
            notice: None,
            sync: Sync::new(now, pace),
            drafting: Default::default(),
            writes: Writes::new(now),
            stats: Stats::default(),
            notify: Default::default(),
            board: Board::default(),
            orders: Default::default(),
            live: Default::default(),
            team: Default::default(),
            timer,
        }
    }

    /// The composer on screen: the conversation focused, the queue scrolled so the selected
    /// row stays visible (a small terminal's queue shrinks to it while the editor is open).
    pub fn open_composer(&mut self, composer: super::compose::state::Composer) {
        self.drafting.composer = Some(composer);
        self.mode = Mode::Compose;
        self.focus = Pane::Conversation;
        self.scroll_into_view();
        self.dirty = true;
    }

    pub fn selected(&self) -> Option<&Ticket> {
        self.queue.selected_ticket()
    }

    pub fn user_name(&self, id: Option<UserId>) -> Option<&str> {
        id.and_then(|i| self.users.get(&i)).map(|u| u.name.as_str())
    }

    pub fn view_title(&self) -> &str {
        if let Some(words) = &self.queue.search {
            return words;
        }
        self.view.and_then(|v| self.views.iter().find(|x| x.id == v)).map_or("Queue", |v| v.title.as_str())
    }

    /// A conversation was loaded: remember it, within the bound on details kept.
    pub fn remember_details(&mut self, ticket: TicketId) {
        let requester = self.queue.get(ticket).and_then(|t| t.requester);
        let selected = self.selected().map(|t| (t.id, t.requester));
        self.details.remember(ticket, requester, selected);
    }

    /// The ticket that counts for the KPIs under `id`: the queue's copy, else today's.
    fn counted(&self, id: TicketId) -> Option<&Ticket> {
        self.queue.get(id).or_else(|| self.stats.today.iter().find(|t| t.id == id))
    }

    /// After tickets changed, arrived or left: their KPI inputs follow (a few operations each).
    pub fn kpi_touch(&mut self, ids: impl IntoIterator<Item = TicketId>) {
        for id in ids {
            let t = self.counted(id).cloned();
            self.stats.index.set(id, t.as_ref());
            // the view's tickets kept aside during a search follow what the answer shows of them
            if let (Some(view), Some(t)) = (self.stats.view_index.as_mut(), t.as_ref())
                && view.contains(id)
            {
                view.set(id, Some(t));
            }
        }
    }

    /// A temporary queue (a search answer, an agent's tickets) replaces the view's: the view's
    /// KPI inputs are kept aside for the SLA figure, once (a search from a search keeps them).
    pub fn set_view_aside(&mut self) {
        if self.queue.temporary.is_none() && self.view.is_some() {
            self.stats.view_index = Some(std::mem::take(&mut self.stats.index));
        }
    }

    /// After the queue or today's changes were replaced whole: the KPI inputs from scratch.
    pub fn reindex_kpis(&mut self) {
        let index = &self.queue.index;
        let all = self.queue.tickets.iter().chain(self.stats.today.iter().filter(|t| !index.contains_key(&t.id)));
        self.stats.index = frontline_model::KpiIndex::build(all);
    }

    /// Recomputes the KPI figures from the counts and the index of the tickets the console
    /// holds: binary searches and counters, not a pass over every ticket.
    pub fn recompute_kpis(&mut self) {
        let sla = self.stats.view_index.as_ref().unwrap_or(&self.stats.index);
        let sla = sla.sla(self.now, self.settings.kpi.at_risk_minutes * 60);
        let trends = (self.stats.index.channel_counts(), self.stats.index.arrivals_per_hour(self.now, 12));
        if trends != self.stats.trends {
            self.stats.trends = trends;
            self.dirty = true;
        }
        let (frt, csat, solved) = if self.stats.today_loaded {
            today_figures(&self.stats.today, self.now)
        } else {
            (Figure::Loading, Figure::Loading, Figure::Loading)
        };
        let (frt, csat, solved, resolution) = with_report(self.stats.report.as_ref(), (frt, csat, solved));
        // the day's team figures and their hours are the KPI page's alone: worked out while it
        // is open (and when it opens), not at every change (the backlog is a pass over the view)
        if self.stats.today_loaded && self.mode == Mode::Kpi {
            let target = self.settings.kpi.first_reply_target_minutes;
            let day = frontline_model::day_figures(&self.stats.today, &self.queue.tickets, self.now, target);
            let solved_per_hour = frontline_model::solved_per_hour(&self.stats.today, self.now, 12);
            let hourly = frontline_model::hourly(&self.stats.today, self.now, 12, target);
            if day != self.stats.day || solved_per_hour != self.stats.solved_per_hour || hourly != self.stats.hourly {
                self.stats.day = day;
                self.stats.solved_per_hour = solved_per_hour;
                self.stats.hourly = hourly;
                self.dirty = true;
            }
        }
        let kpis = Kpis {
            counts: self.stats.kpis.counts.clone(),
            sla,
            first_reply_median: frt,
            csat,
            solved_today: solved,
            resolution_avg: resolution,
        };
        if kpis != self.stats.kpis {
            self.stats.kpis = kpis;
            self.dirty = true;
        }
    }
}

/// The day's figures with the helpdesk's own report where it has one: its averages and
/// resolutions replace what the console works out from the tickets it can see, and a token
/// that may not read the report shows `no access` rather than a partial figure.
fn with_report(
    report: Option<&Figure<frontline_backend::Report>>,
    (frt, csat, solved): (Figure<i64>, Figure<u8>, Figure<u64>),
) -> (Figure<i64>, Figure<u8>, Figure<u64>, Figure<i64>) {
    let minutes = |s: Option<f64>| s.map_or(Figure::Unavailable, |s| Figure::Value((s / 60.0).round() as i64));
    match report {
        None => (frt, csat, solved, Figure::Unavailable),
        Some(Figure::Value(r)) => {
            let csat = match r.csat {
                Some((good, bad)) => {
                    frontline_model::csat_percent(good, bad).map_or(Figure::Unavailable, Figure::Value)
                }
                None => csat,
            };
            let solved = r.resolved.map_or(Figure::Unavailable, Figure::Value);
            (minutes(r.first_reply_avg_secs), csat, solved, minutes(r.resolution_avg_secs))
        }
        Some(Figure::NoAccess) => (Figure::NoAccess, csat, Figure::NoAccess, Figure::NoAccess),
        Some(_) => (Figure::Unavailable, csat, Figure::Unavailable, Figure::Unavailable),
    }
}
