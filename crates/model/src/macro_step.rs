//! What a macro does in the shop beside its text: `discount 15% 30d`, `return [REASON]
//! [exchange]`, `refund`, `replace`, `invite` — read from a helpdesk macro's description (lines that
//! start `shop:`) or a config macro's `shop = [...]`. A step the console does not know is
//! kept as written, so using the macro says so instead of sending its text without the act.

use crate::{RETURN_REASONS, ShopAction};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MacroStep {
    /// A single-use code for the ticket's customer: what it takes off (`15%`, `10€`) and for
    /// how many days (`30d`; a month when not said).
    Discount { value: String, days: Option<String> },
    /// A return on the highlighted order: Shopify's reason when the macro says it (else the
    /// agent picks), and whether another size must go out instead.
    Return { reason: Option<String>, exchange: bool },
    /// Money back for what the agent picks (as `R`).
    Refund,
    /// The items sent again at no cost (as `P`).
    Replace,
    /// The shop's account invite to a customer whose account is not active (as `:invite`).
    Invite,
    /// A step the console does not know, as written.
    Unknown(String),
}

/// What the steps do, in words for error messages.
pub const STEP_WORDS: &str = "discount 15% 30d, return [REASON] [exchange], refund, replace, invite";

impl MacroStep {
    /// One step as written: `discount 15% 30d`.
    pub fn parse(line: &str) -> MacroStep {
        let words: Vec<&str> = line.split_whitespace().collect();
        let unknown = || MacroStep::Unknown(line.trim().to_string());
        match words.as_slice() {
            ["discount", value] => MacroStep::Discount { value: (*value).to_string(), days: None },
            ["discount", value, days] if days.ends_with('d') => {
                MacroStep::Discount { value: (*value).to_string(), days: Some((*days).to_string()) }
            }
            ["return", rest @ ..] if rest.len() <= 2 => {
                let exchange = rest.contains(&"exchange");
                let others: Vec<&&str> = rest.iter().filter(|w| **w != "exchange").collect();
                match others.as_slice() {
                    [] => MacroStep::Return { reason: None, exchange },
                    [r] => match return_reason(r) {
                        Some(code) => MacroStep::Return { reason: Some(code.to_string()), exchange },
                        None => unknown(),
                    },
                    _ => unknown(),
                }
            }
            ["refund"] => MacroStep::Refund,
            ["replace"] => MacroStep::Replace,
            ["invite"] => MacroStep::Invite,
            _ => unknown(),
        }
    }

    /// The `shop:` lines of a helpdesk macro's description, as steps.
    pub fn in_description(description: &str) -> Vec<MacroStep> {
        description
            .lines()
            .filter_map(|l| l.trim().strip_prefix("shop:"))
            // the helpdesk's text: a step as written may reach the screen in a refusal
            .map(|l| MacroStep::parse(&crate::text::sanitize_line(l)))
            .filter(|s| *s != MacroStep::Unknown(String::new()))
            .collect()
    }

    /// Whether `action` is what this step makes (a return for a return step…).
    pub fn fits(&self, action: &ShopAction) -> bool {
        matches!(
            (self, action),
            (MacroStep::Discount { .. }, ShopAction::Discount(_))
                | (MacroStep::Return { .. }, ShopAction::Return(_))
                | (MacroStep::Refund, ShopAction::Refund { .. })
                | (MacroStep::Replace, ShopAction::Replace(_))
                | (MacroStep::Invite, ShopAction::Invite { .. })
        )
    }

    /// `return (size too small) with an exchange`, for notices.
    pub fn words(&self) -> String {
        match self {
            MacroStep::Discount { value, days } => {
                format!("discount code of {value}{}", days.as_ref().map(|d| format!(" for {d}")).unwrap_or_default())
            }
            MacroStep::Return { reason, exchange } => format!(
                "return{}{}",
                reason.as_deref().map(|r| format!(" ({})", crate::reason_words(r))).unwrap_or_default(),
                if *exchange { " with an exchange" } else { "" }
            ),
            MacroStep::Refund => "refund".into(),
            MacroStep::Replace => "replacement".into(),
            MacroStep::Invite => "account invite".into(),
            MacroStep::Unknown(s) => format!("`{s}`"),
        }
    }
}

/// `size-too-small`, `SIZE_TOO_SMALL`, `size_too_small` → Shopify's code.
fn return_reason(word: &str) -> Option<&'static str> {
    let w = word.to_ascii_uppercase().replace('-', "_");
    RETURN_REASONS.iter().map(|(c, _)| *c).find(|c| *c == w)
}

/// One step of a macro's shop part as the outbox keeps it: done once the shop has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub action: ShopAction,
    pub done: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_as_macros_write_them() {
        assert_eq!(
            MacroStep::parse("discount 15% 30d"),
            MacroStep::Discount { value: "15%".into(), days: Some("30d".into()) }
        );
        assert_eq!(MacroStep::parse("discount 10€"), MacroStep::Discount { value: "10€".into(), days: None });
        assert_eq!(MacroStep::parse(" return exchange "), MacroStep::Return { reason: None, exchange: true });
        assert_eq!(
            MacroStep::parse("return size-too-small exchange"),
            MacroStep::Return { reason: Some("SIZE_TOO_SMALL".into()), exchange: true }
        );
        assert_eq!(
            MacroStep::parse("return DEFECTIVE"),
            MacroStep::Return { reason: Some("DEFECTIVE".into()), exchange: false }
        );
        assert_eq!(MacroStep::parse("refund"), MacroStep::Refund);
        assert_eq!(MacroStep::parse("replace"), MacroStep::Replace);
        assert_eq!(MacroStep::parse("invite"), MacroStep::Invite);
        assert_eq!(MacroStep::parse("return because"), MacroStep::Unknown("return because".into()));
        assert_eq!(MacroStep::parse("discount lots of"), MacroStep::Unknown("discount lots of".into()));
        assert_eq!(MacroStep::parse("launch rockets"), MacroStep::Unknown("launch rockets".into()));
    }

    #[test]
    fn only_shop_lines_of_a_description_are_steps() {
        let d = "Set up a size exchange\nshop: return exchange\n  shop: discount 10% 14d\nshop:\nnot shop: refund";
        assert_eq!(
            MacroStep::in_description(d),
            vec![
                MacroStep::Return { reason: None, exchange: true },
                MacroStep::Discount { value: "10%".into(), days: Some("14d".into()) }
            ]
        );
        assert!(MacroStep::in_description("Send a working one-time code").is_empty());
    }
}
