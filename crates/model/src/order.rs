//! A customer's order from the shop, as the console shows it beside a ticket: what was bought,
//! what it cost, where the parcel is, what went back. Shop-neutral (the Shopify adapter maps
//! onto it) and free of wire types.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

/// An amount in minor units (cents) of a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Money {
    pub cents: i64,
    /// ISO 4217 code, e.g. `*b"EUR"`.
    pub currency: [u8; 3],
}

impl Money {
    pub fn new(cents: i64, currency: &str) -> Money {
        let mut code = *b"XXX";
        for (slot, b) in code.iter_mut().zip(currency.bytes()) {
            *slot = b.to_ascii_uppercase();
        }
        Money { cents, currency: code }
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.currency).unwrap_or("XXX")
    }

    /// `€49.90`, `$5.00`, `£12.34`, or `49.90 CHF` for the rest.
    pub fn show(&self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.abs();
        let amount = format!("{}.{:02}", abs / 100, abs % 100);
        match self.code() {
            "EUR" => format!("{sign}€{amount}"),
            "USD" => format!("{sign}${amount}"),
            "GBP" => format!("{sign}£{amount}"),
            code => format!("{sign}{amount} {code}"),
        }
    }

    /// Parses a shop's decimal string (`"49.9"`) in `currency`.
    pub fn parse(amount: &str, currency: &str) -> Option<Money> {
        let amount = amount.trim();
        let (neg, amount) = match amount.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, amount),
        };
        let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
        let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
        let frac: String = frac.chars().chain(std::iter::repeat('0')).take(2).collect();
        let cents = whole.checked_mul(100)?.checked_add(frac.parse::<i64>().ok()?)?;
        Some(Money::new(if neg { -cents } else { cents }, currency))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    /// The shop's id for the line (for refunds).
    pub id: String,
    pub title: String,
    pub variant: Option<String>,
    pub quantity: i64,
    /// Units that can still be refunded.
    pub refundable: i64,
    pub unit_price: Money,
}

/// One parcel: its carrier, tracking and where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shipment {
    /// The shop's word for where it is: `IN_TRANSIT`, `DELIVERED`, `DELAYED`, …
    pub status: Option<String>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub tracking_url: Option<String>,
    pub estimated_delivery: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopOrder {
    /// The shop's id (a Shopify gid).
    pub id: String,
    /// What the customer sees: `#NW804813`.
    pub name: String,
    pub created_at: Timestamp,
    pub cancelled_at: Option<Timestamp>,
    /// `PAID`, `REFUNDED`, `PARTIALLY_REFUNDED`, `PENDING`, …
    pub financial_status: String,
    /// `FULFILLED`, `UNFULFILLED`, `PARTIALLY_FULFILLED`, …
    pub fulfillment_status: String,
    pub total: Money,
    pub refunded: Money,
    pub items: Vec<OrderItem>,
    pub shipments: Vec<Shipment>,
}

/// A shop word (`PARTIALLY_REFUNDED`) as people write it: `partially refunded`.
pub fn words(status: &str) -> String {
    status.to_ascii_lowercase().replace('_', " ")
}

impl ShopOrder {
    /// Whether `reference` (from a ticket's field, subject or body) names this order:
    /// `NW804813`, `#NW804813` and `nw804813` all do.
    pub fn is_named_by(&self, reference: &str) -> bool {
        let want = reference.trim().trim_start_matches('#');
        !want.is_empty() && self.name.trim_start_matches('#').eq_ignore_ascii_case(want)
    }

    /// The parcel that tells most: the latest not yet delivered, else the latest.
    pub fn shipment(&self) -> Option<&Shipment> {
        self.shipments.iter().rev().find(|s| s.delivered_at.is_none()).or_else(|| self.shipments.last())
    }

    /// One line on where the order is, for a status column: `cancelled`, `delivered`,
    /// `in transit`, `delayed`, `unfulfilled`.
    pub fn status(&self) -> String {
        if self.cancelled_at.is_some() {
            return "cancelled".into();
        }
        match self.shipment().and_then(|s| s.status.as_deref()) {
            Some(s) => words(s),
            None => words(&self.fulfillment_status),
        }
    }

    /// `2 × Rain jacket (M), 1 × Wool socks`.
    pub fn items_line(&self) -> String {
        self.items
            .iter()
            .map(|i| match &i.variant {
                Some(v) => format!("{} × {} ({v})", i.quantity, i.title),
                None => format!("{} × {}", i.quantity, i.title),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The sentence a reply gives for tracking: `DHL tracking number DH0123456789:
    /// https://…`; `None` before the order ships.
    pub fn tracking_line(&self) -> Option<String> {
        let s = self.shipment()?;
        let number = s.tracking_number.as_deref()?;
        let carrier = s.carrier.as_deref().map(|c| format!("{c} ")).unwrap_or_default();
        Some(match s.tracking_url.as_deref() {
            Some(url) => format!("{carrier}tracking number {number}: {url}"),
            None => format!("{carrier}tracking number {number}"),
        })
    }
}

/// Which of `orders` a ticket names: the first of its references (custom field first, then
/// numbers from the subject and body) that is one of them.
pub fn named_order<'a>(orders: &'a [ShopOrder], references: &[String], subject: &str) -> Option<&'a ShopOrder> {
    let from_subject = crate::text::references(subject);
    references.iter().chain(from_subject.iter()).find_map(|r| orders.iter().find(|o| o.is_named_by(r)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::order;

    #[test]
    fn money_shows_and_parses() {
        assert_eq!(Money::new(4990, "eur").show(), "€49.90");
        assert_eq!(Money::new(-5, "USD").show(), "-$0.05");
        assert_eq!(Money::new(1234, "CHF").show(), "12.34 CHF");
        assert_eq!(Money::parse("49.9", "EUR"), Some(Money::new(4990, "EUR")));
        assert_eq!(Money::parse("5", "EUR"), Some(Money::new(500, "EUR")));
        assert_eq!(Money::parse("-1.25", "EUR"), Some(Money::new(-125, "EUR")));
        assert_eq!(Money::parse("abc", "EUR"), None);
    }

    #[test]
    fn a_ticket_names_its_order_by_field_or_subject() {
        let orders = vec![order("#NW111111"), order("#NW804813")];
        assert_eq!(named_order(&orders, &["nw804813".into()], "").map(|o| o.name.as_str()), Some("#NW804813"));
        assert_eq!(named_order(&orders, &[], "Where is order NW111111?").map(|o| o.name.as_str()), Some("#NW111111"));
        assert_eq!(named_order(&orders, &["RMA-99999".into()], "hello"), None);
    }

    #[test]
    fn status_items_and_tracking_in_words() {
        let mut o = order("#NW804813");
        assert_eq!(o.status(), "in transit");
        assert_eq!(o.items_line(), "1 × Rain jacket (M)");
        assert_eq!(
            o.tracking_line().unwrap(),
            "DHL tracking number DH0123456789: https://www.dhl.com/track?n=DH0123456789"
        );
        o.cancelled_at = Some(1);
        assert_eq!(o.status(), "cancelled");
        o.shipments.clear();
        assert_eq!(o.tracking_line(), None);
    }
}
