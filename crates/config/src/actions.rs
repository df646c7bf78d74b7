//! Config for agent actions: the escalation policy, local macros, the undo window and
//! read-only mode.

use crate::span::{Problem, Step};
use serde::Deserialize;

/// One step of the escalation ladder (e.g. Tier 1 → Tier 2 → Engineering).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EscalationLevel {
    /// Shown to the agent and available to the note as `{{level}}`.
    pub name: String,
    /// The helpdesk group the ticket moves to, by name.
    pub group: String,
    /// Raise the priority to at least this (low, normal, high, urgent).
    pub priority: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct EscalationConfig {
    /// The internal note posted with an escalation: `{{level}}`, `{{reason}}` and the
    /// macro placeholders (`{{current_user.name}}`, `{{ticket.id}}`, …).
    pub note: String,
    pub levels: Vec<EscalationLevel>,
}

impl Default for EscalationConfig {
    fn default() -> Self {
        EscalationConfig {
            note: "Escalated to {{level}} by {{current_user.name}}.\nReason: {{reason}}".into(),
            levels: vec![EscalationLevel {
                name: "Tier 2".into(),
                group: "Tier 2 escalations".into(),
                priority: Some("high".into()),
                tags: vec!["escalated".into()],
            }],
        }
    }
}

impl EscalationConfig {
    /// The level a ticket in `group` escalates to: the one after the level it is at, or the
    /// first when it is at none. `None` at the top of the ladder.
    pub fn next_level(&self, group: Option<&str>) -> Option<&EscalationLevel> {
        match group.and_then(|g| self.levels.iter().position(|l| l.group.eq_ignore_ascii_case(g))) {
            Some(i) => self.levels.get(i + 1),
            None => self.levels.first(),
        }
    }
}

/// A macro kept in the config (`[[macros]]`), next to the helpdesk's own.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LocalMacro {
    pub title: String,
    /// Comment text with placeholders such as `{{ticket.requester.first_name}}`.
    pub body: Option<String>,
    /// Public reply (default) or internal note.
    #[serde(default = "yes")]
    pub public: bool,
    pub status: Option<String>,
    pub priority: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Group name.
    pub group: Option<String>,
    /// `me`, or an agent's e-mail.
    pub assignee: Option<String>,
    /// What it does in the shop before its text goes out: `discount 15% 30d`, `return
    /// [REASON] [exchange]`, `refund`, `replace`, `invite`.
    #[serde(default)]
    pub shop: Vec<String>,
}

fn yes() -> bool {
    true
}

pub const STATUS_NAMES: [&str; 6] = ["new", "open", "pending", "on-hold", "hold", "solved"];
pub const PRIORITY_NAMES: [&str; 4] = ["low", "normal", "high", "urgent"];

/// A status or priority name the console does not know.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UnknownName {
    #[error("status `{0}` is not one of open, pending, on-hold, solved")]
    Status(String),
    #[error("priority `{0}` is not one of low, normal, high, urgent")]
    Priority(String),
}

pub fn check_status(s: &str) -> Result<(), UnknownName> {
    if STATUS_NAMES.contains(&s) { Ok(()) } else { Err(UnknownName::Status(s.to_string())) }
}

pub fn check_priority(p: &str) -> Result<(), UnknownName> {
    if PRIORITY_NAMES.contains(&p) { Ok(()) } else { Err(UnknownName::Priority(p.to_string())) }
}

impl LocalMacro {
    pub fn check(&self) -> Result<(), Problem> {
        let at = |e: String| Problem::new(format!("[[macros]] `{}`: {e}", self.title));
        if let Some(s) = &self.status {
            check_status(s).map_err(|e| at(e.to_string()).field("status"))?;
        }
        if let Some(p) = &self.priority {
            check_priority(p).map_err(|e| at(e.to_string()).field("priority"))?;
        }
        for (i, line) in self.shop.iter().enumerate() {
            if let frontline_model::MacroStep::Unknown(s) = frontline_model::MacroStep::parse(line) {
                return Err(at(format!(
                    "shop step `{s}` is not one the console knows ({})",
                    frontline_model::STEP_WORDS
                ))
                .at(Step::Index(i))
                .field("shop"));
            }
        }
        if self.body.is_none()
            && self.shop.is_empty()
            && self.status.is_none()
            && self.priority.is_none()
            && self.tags.is_empty()
            && self.group.is_none()
            && self.assignee.is_none()
        {
            return Err(at("it changes nothing: give it a body or a field to set".into()));
        }
        Ok(())
    }
}

impl EscalationConfig {
    pub fn check(&self) -> Result<(), Problem> {
        for (i, l) in self.levels.iter().enumerate() {
            if let Some(p) = &l.priority {
                check_priority(p).map_err(|e| {
                    Problem::new(format!("[[escalation.levels]] `{}`: {e}", l.name))
                        .field("priority")
                        .at(Step::Index(i))
                        .field("levels")
                })?;
            }
        }
        Ok(())
    }
}
