//! Settings from the config and the profile that `update` needs (a leaf: it imports no other
//! module of the app).

use frontline_config::KpiConfig;

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
    /// Solving an unassigned ticket assigns it to the agent.
    pub assign_on_solve: bool,
    /// The helpdesk lives in this process and ends with it (`frontline demo`): writes left
    /// in the outbox at quit are lost, not sent at the next start.
    pub demo: bool,
    /// Where the selection goes after the agent's own send (`after_send`).
    pub after_send: frontline_config::AfterSend,
    /// The helpdesk merges tickets from here (Zendesk).
    pub can_merge: bool,
    /// Colleagues see the agent typing (the helpdesk shows it: Chatwoot).
    pub shows_typing: bool,
    /// Who wakes a snoozed ticket (`:snooze`): Chatwoot itself, the consoles on Zendesk and RT.
    pub snoozing: frontline_backend::Snoozing,
    pub escalation: frontline_config::EscalationConfig,
    pub local_macros: Vec<frontline_config::LocalMacro>,
    pub notify: frontline_config::NotifyConfig,
    /// SLA countdowns turn warn within this many seconds of a breach…
    pub sla_warn_secs: i64,
    /// …and critical within this many.
    pub sla_critical_secs: i64,
    /// The helpdesk's words for statuses, and which an agent may set.
    pub status_names: frontline_model::StatusNames,
    /// Which helpdesk this console talks to, in words (never the token).
    pub helpdesk: String,
    /// The shortest and longest wait between polls (`poll_min_secs`, `poll_max_secs`);
    /// `None` polls every `poll_secs` whatever the view does.
    pub poll_range: Option<(i64, i64)>,
    /// Up to this share of the interval is added to each wait at random (0.1 = 10 %).
    pub poll_jitter: f64,
    /// Where this console's jitter sequence starts (differs between consoles).
    pub poll_seed: u64,
    /// `[time_tracking]` on: seconds without a key that still count as working.
    pub time_tracking: Option<i64>,
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
            assign_on_solve: true,
            after_send: frontline_config::AfterSend::Next,
            demo: false,
            can_merge: false,
            shows_typing: false,
            snoozing: frontline_backend::Snoozing::No,
            escalation: Default::default(),
            local_macros: Vec::new(),
            notify: Default::default(),
            sla_warn_secs: 30 * 60,
            sla_critical_secs: 10 * 60,
            status_names: Default::default(),
            helpdesk: "the helpdesk".into(),
            poll_range: None,
            poll_jitter: 0.0,
            poll_seed: 1,
            time_tracking: None,
        }
    }
}
