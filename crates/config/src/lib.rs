//! The config file and its profiles: where it is looked up, what every key means (see
//! config.example.toml), and errors that name the file, the line and the fix.

mod action;
mod actions;
mod keys;
mod notify;
mod profile;
mod shop;
mod span;
mod theme;
mod time_tracking;
mod token;

pub use action::{Action, TABLE};
pub use actions::{EscalationConfig, EscalationLevel, LocalMacro};
pub use frontline_model::{PriorityBands, TimeFields};
pub use keys::{KeyBinding, KeyCode, KeyEvent, KeyModifiers, parse_key};
pub use notify::{NotifyConfig, NotifyOn, NotifyRule};
pub use profile::{Profile, ProfileView, TokenCommand};
pub use shop::ShopConfig;
pub use theme::{Theme, ThemeRole, ThemeSet};
pub use time_tracking::TimeTrackingConfig;
pub use token::{TokenError, resolve_token};

use serde::Deserialize;
use span::Problem;
use span::Step::{self, Index, Key};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn default_true() -> bool {
    true
}

fn default_undo() -> u64 {
    5
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub default_profile: Option<String>,
    pub theme: Option<String>,
    #[serde(default)]
    pub kpi: KpiConfig,
    /// Action name → keys, replacing that action's default keys.
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
    /// Seconds after a send during which `u` takes it back (0 = send at once).
    #[serde(default = "default_undo")]
    pub undo_seconds: u64,
    /// No writes from any profile.
    #[serde(default)]
    pub read_only: bool,
    /// Solving a ticket nobody is assigned to assigns it to the agent who solves it, as
    /// Zendesk's agent workspace does (so the solve counts for someone).
    #[serde(default = "default_true")]
    pub assign_on_solve: bool,
    /// Where the selection goes after the agent sends on a ticket.
    #[serde(default)]
    pub after_send: AfterSend,
    #[serde(default)]
    pub escalation: EscalationConfig,
    /// Local macros, offered next to the helpdesk's.
    #[serde(default)]
    pub macros: Vec<LocalMacro>,
    #[serde(default)]
    pub notifications: NotifyConfig,
    #[serde(default)]
    pub sla: SlaConfig,
    #[serde(default)]
    pub time_tracking: TimeTrackingConfig,
    /// Where the file was read from (not a key in the file).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            default_profile: None,
            theme: None,
            kpi: KpiConfig::default(),
            keys: BTreeMap::new(),
            profiles: BTreeMap::new(),
            undo_seconds: default_undo(),
            read_only: false,
            assign_on_solve: true,
            after_send: AfterSend::default(),
            escalation: EscalationConfig::default(),
            macros: Vec::new(),
            notifications: NotifyConfig::default(),
            sla: SlaConfig::default(),
            time_tracking: TimeTrackingConfig::default(),
            path: None,
        }
    }
}

/// After a reply, a note, a macro or a merge: `next` gives the queue the keys and selects the
/// next ticket in the order the agent was working (`'` goes back); `stay` keeps the ticket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AfterSend {
    #[default]
    Next,
    Stay,
}

/// How SLA countdowns look in the queue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SlaConfig {
    /// Countdowns turn the warn colour this many minutes before a breach…
    pub warn_minutes: i64,
    /// …and the critical colour this many minutes before.
    pub critical_minutes: i64,
    /// Within this many minutes of a breach countdowns show seconds (and the screen updates
    /// every second); otherwise minutes, so a quiet screen writes almost nothing.
    pub seconds_within_minutes: i64,
}

impl Default for SlaConfig {
    fn default() -> Self {
        SlaConfig { warn_minutes: 30, critical_minutes: 10, seconds_within_minutes: 5 }
    }
}

/// Thresholds for the KPI bar's warn and critical colours.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KpiConfig {
    /// A ticket is "at risk" when its SLA breaches within this many minutes.
    pub at_risk_minutes: i64,
    pub unassigned_warn: u64,
    pub unassigned_critical: u64,
    pub urgent_warn: u64,
    pub urgent_critical: u64,
    pub breached_warn: u64,
    pub breached_critical: u64,
    pub first_reply_warn_minutes: i64,
    pub first_reply_critical_minutes: i64,
    pub csat_warn_below: u8,
    pub csat_critical_below: u8,
    /// A first reply within this many minutes counts as within target (the KPI page's
    /// "1st reply in target", per channel).
    pub first_reply_target_minutes: i64,
}

impl Default for KpiConfig {
    fn default() -> Self {
        KpiConfig {
            at_risk_minutes: 30,
            unassigned_warn: 10,
            unassigned_critical: 25,
            urgent_warn: 1,
            urgent_critical: 5,
            breached_warn: 1,
            breached_critical: 5,
            first_reply_warn_minutes: 60,
            first_reply_critical_minutes: 240,
            csat_warn_below: 85,
            csat_critical_below: 70,
            first_reply_target_minutes: 60,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{0}")]
    Other(String),
}

/// The platform config folder: `~/.config/frontline` on Linux.
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "frontline").map(|d| d.config_dir().to_path_buf())
}

/// The platform data folder (logs, cache): `~/.local/share/frontline` on Linux.
pub fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "frontline")
        .map_or_else(|| std::env::temp_dir().join("frontline"), |d| d.data_dir().to_path_buf())
}

/// `--config`, then `$FRONTLINE_CONFIG`, then the platform config folder.
pub fn locate(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("FRONTLINE_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    config_dir().map(|d| d.join("config.toml")).filter(|p| p.exists())
}

impl Config {
    /// Parses a config file's text; `path` is only for messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let mut cfg: Config = toml::from_str(text)
            .map_err(|e| ConfigError::Invalid { path: path.display().to_string(), message: toml_message(&e, text) })?;
        cfg.path = Some(path.to_path_buf());
        cfg.check(text)?;
        Ok(cfg)
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Read { path: path.display().to_string(), source })?;
        Config::parse(&text, path)
    }

    /// The error for the key at `path`, named by its line and column in the file.
    fn invalid(&self, text: &str, path: &[Step], message: String) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
            message: format!("{}{message}", span::at(text, path)),
        }
    }

    /// A check's problem inside the table at `table`, named by the line of the key at fault.
    fn problem(&self, text: &str, table: &[Step], p: Problem) -> ConfigError {
        let path: Vec<Step> = table.iter().copied().chain(p.at.iter().copied()).collect();
        self.invalid(text, &path, p.message)
    }

    fn check(&self, text: &str) -> Result<(), ConfigError> {
        if let Some(d) = &self.default_profile
            && !self.profiles.contains_key(d)
        {
            let have: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
            return Err(self.invalid(
                text,
                &[Key("default_profile")],
                format!("default_profile `{d}` is not a profile (have: {})", list_or_none(&have)),
            ));
        }
        for (name, p) in &self.profiles {
            p.check(name).map_err(|e| self.problem(text, &[Key("profiles"), Key(name)], e))?;
        }
        self.escalation.check().map_err(|e| self.problem(text, &[Key("escalation")], e))?;
        self.notifications.check().map_err(|e| self.problem(text, &[Key("notifications")], e))?;
        self.time_tracking
            .check()
            .map_err(|e| self.invalid(text, &[Key("time_tracking"), Key("idle_minutes")], e.to_string()))?;
        for (i, mac) in self.macros.iter().enumerate() {
            mac.check().map_err(|e| self.problem(text, &[Key("macros"), Index(i)], e))?;
        }
        for (action, keys) in &self.keys {
            if Action::from_name(action).is_none() {
                return Err(self.invalid(
                    text,
                    &[Key("keys"), Key(action)],
                    format!("[keys] `{action}` is not an action (have: {})", Action::names().join(", ")),
                ));
            }
            for (i, k) in keys.iter().enumerate() {
                parse_key(k).map_err(|m| {
                    let m = m.to_string();
                    self.invalid(text, &[Key("keys"), Key(action), Index(i)], format!("[keys] {action}: {m}"))
                })?;
            }
        }
        Ok(())
    }

    /// The profile to use: `--profile`, else `default_profile`, else the only one.
    pub fn profile(&self, name: Option<&str>) -> Result<(String, Profile), ConfigError> {
        let where_ = self.path.as_ref().map_or_else(|| "the config".into(), |p| p.display().to_string());
        let have: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
        let chosen = match name.or(self.default_profile.as_deref()) {
            Some(n) => n.to_string(),
            None if self.profiles.len() == 1 => have[0].to_string(),
            None if self.profiles.is_empty() => {
                return Err(ConfigError::Other(format!(
                    "{where_} has no [profiles.NAME] section: add one (see config.example.toml), or try `frontline demo`"
                )));
            }
            None => {
                return Err(ConfigError::Other(format!(
                    "{where_} has several profiles ({}): pass --profile NAME or set default_profile",
                    have.join(", ")
                )));
            }
        };
        self.profiles.get(&chosen).cloned().map(|p| (chosen.clone(), p)).ok_or_else(|| {
            ConfigError::Other(format!("{where_}: no profile `{chosen}` (have: {})", list_or_none(&have)))
        })
    }
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() { "none".into() } else { items.join(", ") }
}

/// toml's message, with the line number first.
/// toml's own error with the line and column of its span.
fn toml_message(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message().trim().to_string();
    match e.span().map(|s| span::line_col(text, s.start)) {
        Some((l, c)) => format!("line {l}, column {c}: {msg}"),
        None => msg,
    }
}

#[cfg(test)]
mod tests;
