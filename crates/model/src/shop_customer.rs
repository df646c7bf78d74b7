//! The customer as the shop knows them, shown beside the ticket: how many orders and how much
//! spent, since when, where they live, what staff noted, whether they take marketing e-mail,
//! and whether their shop account can log in — what "I can't log in" is answered from.

use crate::{Address, Money, Timestamp};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShopCustomer {
    /// The shop's id (`gid://shopify/Customer/…`).
    pub id: String,
    pub orders: Option<u64>,
    pub spent: Option<Money>,
    pub since: Option<Timestamp>,
    pub address: Option<Address>,
    pub tags: Vec<String>,
    pub note: Option<String>,
    /// The shop's word for e-mail marketing: `SUBSCRIBED`, `NOT_SUBSCRIBED`, …
    pub marketing: Option<String>,
    /// The account: `ENABLED`, `DISABLED` (never activated), `INVITED`, `DECLINED`.
    pub account: Option<String>,
}

impl ShopCustomer {
    /// `12 orders · €1,234.50 spent · since Mar 2024`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.orders {
            parts.push(if n == 1 { "1 order".to_string() } else { format!("{n} orders") });
        }
        if let Some(m) = self.spent {
            parts.push(format!("{} spent", m.show()));
        }
        if let Some(at) = self.since.and_then(|t| chrono::DateTime::from_timestamp(t, 0)) {
            parts.push(format!("since {}", at.format("%b %Y")));
        }
        parts.join(" · ")
    }

    /// What the account means for logging in, in words.
    pub fn account_words(&self) -> Option<&'static str> {
        Some(match self.account.as_deref()? {
            "ENABLED" => "account active: they reset the password from the shop's login page",
            "DISABLED" => "account never activated: :invite sends the shop's invite",
            "INVITED" => "invited, not yet activated: :invite sends it again",
            "DECLINED" => "declined the account invite",
            _ => return None,
        })
    }

    /// `subscribed to e-mail`, `no marketing e-mail`.
    pub fn marketing_words(&self) -> Option<String> {
        Some(match self.marketing.as_deref()? {
            "SUBSCRIBED" => "subscribed to marketing e-mail".to_string(),
            "NOT_SUBSCRIBED" => "no marketing e-mail".to_string(),
            "UNSUBSCRIBED" => "unsubscribed from marketing e-mail".to_string(),
            other => format!("marketing e-mail: {}", crate::order::words(other)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_in_words() {
        let c = ShopCustomer {
            orders: Some(12),
            spent: Some(Money::new(123_450, "EUR")),
            since: Some(1_710_000_000),
            account: Some("DISABLED".into()),
            marketing: Some("SUBSCRIBED".into()),
            ..Default::default()
        };
        assert_eq!(c.summary(), "12 orders · €1234.50 spent · since Mar 2024");
        assert!(c.account_words().unwrap().starts_with("account never activated"));
        assert_eq!(c.marketing_words().as_deref(), Some("subscribed to marketing e-mail"));
        assert_eq!(ShopCustomer::default().summary(), "");
    }
}
