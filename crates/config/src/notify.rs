//! Notification rules and how they are delivered.

use crate::span::{Problem, Step};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum NotifyOn {
    /// A new unsolved ticket with urgent priority appears.
    NewUrgent,
    /// A ticket's SLA breaches.
    SlaBreach,
    /// A ticket's SLA comes within `minutes` of breaching.
    SlaWithin,
    /// A new ticket appears in the view named `view`.
    NewInView,
    /// A customer replies on a ticket assigned to me.
    CustomerReplyMine,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NotifyRule {
    pub on: NotifyOn,
    /// For `sla_within`.
    pub minutes: Option<i64>,
    /// For `new_in_view`: the view's title.
    pub view: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct NotifyConfig {
    /// Ring the terminal bell.
    pub bell: bool,
    /// Desktop notification escapes (OSC 9 and OSC 777, passed through tmux).
    pub desktop: bool,
    /// A program run with the event as JSON on stdin (to page someone, post to chat).
    pub command: Option<Vec<String>>,
    /// Most notifications a minute; more are counted and held back, never a storm.
    pub max_per_minute: u32,
    pub rules: Vec<NotifyRule>,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        NotifyConfig { bell: true, desktop: true, command: None, max_per_minute: 6, rules: Vec::new() }
    }
}

impl NotifyConfig {
    pub fn check(&self) -> Result<(), Problem> {
        for (i, r) in self.rules.iter().enumerate() {
            let rule = |p: Problem| p.at(Step::Index(i)).field("rules");
            match r.on {
                NotifyOn::SlaWithin if r.minutes.is_none_or(|m| m <= 0) => {
                    return Err(rule(
                        Problem::new("[[notifications.rules]] on = \"sla_within\" needs minutes = N (more than 0)")
                            .field("on"),
                    ));
                }
                NotifyOn::NewInView if r.view.is_none() => {
                    return Err(rule(
                        Problem::new("[[notifications.rules]] on = \"new_in_view\" needs view = \"NAME\"").field("on"),
                    ));
                }
                _ => {}
            }
        }
        if self.command.as_ref().is_some_and(std::vec::Vec::is_empty) {
            return Err(Problem::new("[notifications] command is an empty list: give the program and its arguments")
                .field("command"));
        }
        Ok(())
    }
}
