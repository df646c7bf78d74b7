//! Discount codes as the console answers "WELCOME15 says invalid": what the shop says of a
//! code (its dates, uses, minimum, who it is for) read into one plain sentence, and the
//! single-use code an agent makes for a customer. Shop-neutral.

use crate::{Money, Timestamp};
use serde::{Deserialize, Serialize};

/// What a code takes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiscountValue {
    /// Per cent off the whole order, 1–100.
    Percent(u32),
    /// An amount off the order.
    Amount(Money),
}

impl DiscountValue {
    /// `15% off`, `€10.00 off`.
    pub fn words(&self) -> String {
        match self {
            DiscountValue::Percent(p) => format!("{p}% off"),
            DiscountValue::Amount(m) => format!("{} off", m.show()),
        }
    }
}

/// A code as the shop knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscountFacts {
    pub code: String,
    pub title: String,
    /// The shop's word: `ACTIVE`, `EXPIRED`, `SCHEDULED`; `UNKNOWN` for a kind of code (free
    /// shipping, buy X get Y, an app's) whose facts the console does not read.
    pub status: String,
    /// The shop's own one-line summary (`15% off entire order • Minimum purchase of €50.00`).
    pub summary: String,
    pub starts_at: Option<Timestamp>,
    pub ends_at: Option<Timestamp>,
    /// Uses allowed in all; `None` is no limit.
    pub usage_limit: Option<i64>,
    pub used: i64,
    pub once_per_customer: bool,
    pub minimum: Option<Money>,
    /// The customers it is for (the shop's ids); `None` is everyone.
    pub customers: Option<Vec<String>>,
}

fn day(at: Timestamp) -> String {
    chrono::DateTime::from_timestamp(at, 0).map(|d| d.format("%-d %b %Y").to_string()).unwrap_or_default()
}

impl DiscountFacts {
    /// Why the code is refused at checkout, or that it works, in one sentence — for
    /// `customer` (the shop's id of the ticket's requester), when known.
    pub fn verdict(&self, now: Timestamp, customer: Option<&str>) -> String {
        // the verdict first: a narrow status line keeps it and cuts the summary
        let code = &self.code;
        let what = format!("({})", self.summary);
        if self.status == "UNKNOWN" {
            return format!(
                "{code} is a kind of code the console does not read {what}: look it up in the shop's admin"
            );
        }
        let expired = self.status == "EXPIRED" || self.ends_at.is_some_and(|e| e <= now);
        if expired {
            let when = self.ends_at.map(|e| format!(" on {}", day(e))).unwrap_or_default();
            return format!("{code} expired{when}: the shop refuses it {what}");
        }
        if self.status == "SCHEDULED" || self.starts_at.is_some_and(|s| s > now) {
            let when = self.starts_at.map(|s| format!(" on {}", day(s))).unwrap_or_default();
            return format!("{code} has not started: it works from{when} {what}");
        }
        if let Some(limit) = self.usage_limit
            && self.used >= limit
        {
            return format!("{code} is used up: {} of {limit} uses {what}", self.used);
        }
        if let Some(list) = &self.customers {
            let who = if list.len() == 1 {
                "one named customer".to_string()
            } else {
                format!("{} named customers", list.len())
            };
            match customer {
                Some(c) if list.iter().any(|x| x == c) => {}
                Some(_) => return format!("{code} is not for this customer: it is for {who} {what}"),
                None => return format!("{code} is only for {who} {what}"),
            }
        }
        let mut also = Vec::new();
        if let Some(m) = self.minimum {
            also.push(format!("only for a basket of {} or more", m.show()));
        }
        if self.once_per_customer {
            also.push("once per customer".to_string());
        }
        let also = if also.is_empty() { String::new() } else { format!(": {}", also.join(", ")) };
        format!("{code} works{also} {what}")
    }
}

/// A single-use code made for one customer, as the outbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountAsk {
    /// The code the customer types (`SORRY-12-K3F9`): chosen before it is sent, so a resend
    /// can ask the shop whether it exists already.
    pub code: String,
    pub title: String,
    pub value: DiscountValue,
    /// When it starts working: when the agent made it.
    pub starts_at: Timestamp,
    pub ends_at: Option<Timestamp>,
    /// The shop's id of the customer it is for.
    pub customer_id: String,
    /// Who that is, in words (their e-mail).
    pub customer: String,
}

impl DiscountAsk {
    /// A code for ticket `ticket` made at `now`: `SORRY-<ticket>-<four letters from the time>`.
    pub fn code_for(ticket: u64, now: Timestamp) -> String {
        const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let mut n = now.unsigned_abs();
        let tail: String = (0..4)
            .map(|_| {
                let c = LETTERS[(n % 32) as usize] as char;
                n /= 32;
                c
            })
            .collect();
        format!("SORRY-{ticket}-{tail}")
    }

    /// `15% off, single use, until 6 Jan 2027`.
    pub fn describe(&self) -> String {
        let until = self.ends_at.map(|e| format!(", until {}", day(e))).unwrap_or_default();
        format!("{}, single use{until}", self.value.words())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> DiscountFacts {
        DiscountFacts {
            code: "WELCOME15".into(),
            title: "Newsletter welcome 15%".into(),
            status: "ACTIVE".into(),
            summary: "15% off entire order • Minimum purchase of €50.00".into(),
            starts_at: Some(1_700_000_000),
            ends_at: None,
            usage_limit: None,
            used: 3,
            once_per_customer: true,
            minimum: Some(Money::new(5000, "EUR")),
            customers: None,
        }
    }

    #[test]
    fn each_reason_a_code_is_refused_is_said_plainly() {
        let now = 1_800_000_000;
        let f = facts();
        assert_eq!(
            f.verdict(now, None),
            "WELCOME15 works: only for a basket of €50.00 or more, once per customer (15% off entire order • Minimum purchase of €50.00)"
        );
        let expired = DiscountFacts { status: "EXPIRED".into(), ends_at: Some(1_799_000_000), ..f.clone() };
        let said = expired.verdict(now, None);
        assert!(said.starts_with("WELCOME15 expired on 3 Jan 2027: the shop refuses it (15% off"), "{said}");
        let used = DiscountFacts { usage_limit: Some(500), used: 500, ..f.clone() };
        assert!(used.verdict(now, None).starts_with("WELCOME15 is used up: 500 of 500 uses ("));
        let vip = DiscountFacts { customers: Some(vec!["gid://shopify/Customer/1".into()]), ..f.clone() };
        let other = vip.verdict(now, Some("gid://shopify/Customer/9"));
        assert!(other.starts_with("WELCOME15 is not for this customer: it is for one named customer ("), "{other}");
        assert!(vip.verdict(now, Some("gid://shopify/Customer/1")).contains(" works"));
        let later = DiscountFacts { status: "SCHEDULED".into(), starts_at: Some(1_900_000_000), ..f.clone() };
        assert!(later.verdict(now, None).contains("has not started"));
        let other = DiscountFacts { status: "UNKNOWN".into(), summary: "DiscountCodeFreeShipping".into(), ..f };
        assert!(
            other
                .verdict(now, None)
                .ends_with("does not read (DiscountCodeFreeShipping): look it up in the shop's admin")
        );
    }

    #[test]
    fn a_code_is_named_after_its_ticket_and_described() {
        let code = DiscountAsk::code_for(812, 1_800_000_123);
        assert!(code.starts_with("SORRY-812-") && code.len() == "SORRY-812-".len() + 4, "{code}");
        assert_ne!(code, DiscountAsk::code_for(812, 1_800_000_124));
        let ask = DiscountAsk {
            code,
            title: "t".into(),
            value: DiscountValue::Percent(15),
            starts_at: 1_799_000_000,
            ends_at: Some(1_800_000_000),
            customer_id: "c".into(),
            customer: "ana@mail.example".into(),
        };
        assert_eq!(ask.describe(), "15% off, single use, until 15 Jan 2027");
    }
}
