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
    /// `currency` must be three letters (ISO 4217); anything else — a server's control bytes
    /// among them — is `XXX`, "no currency".
    pub fn new(cents: i64, currency: &str) -> Money {
        let mut code = *b"XXX";
        let b = currency.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_alphabetic) {
            for (slot, c) in code.iter_mut().zip(b) {
                *slot = c.to_ascii_uppercase();
            }
        }
        Money { cents, currency: code }
    }

    /// `12.50`, `-0.05`: the amount as a shop's decimal input.
    pub fn decimal(&self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.currency).unwrap_or("XXX")
    }

    /// `€49.90`, `$5.00`, `£12.34`, or `49.90 CHF` for the rest.
    pub fn show(&self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
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

/// A payment or refund on an order (Shopify's `OrderTransaction`): what the card statement and
/// the bank see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    /// The shop's id (a refund names it as its parent).
    pub id: String,
    /// `SALE`, `CAPTURE`, `AUTHORIZATION`, `REFUND`, `VOID`, …
    pub kind: String,
    /// `SUCCESS`, `PENDING`, `FAILURE`, `ERROR`, …
    pub status: String,
    /// The gateway as people read it (`shopify payments`); its machine name is `gateway`.
    pub gateway: Option<String>,
    /// The gateway's machine name, which a refund of this payment must give back.
    #[serde(default)]
    pub gateway_id: Option<String>,
    pub amount: Money,
    pub created_at: Timestamp,
    /// When the gateway processed it; `None` while a refund is pending.
    pub processed_at: Option<Timestamp>,
    /// Why it failed, the shop's code (`CARD_DECLINED`).
    pub error: Option<String>,
    /// The payment a refund went back to, or the authorization a capture took.
    pub parent: Option<String>,
}

impl Payment {
    /// Money that reached the shop: a successful sale or capture.
    pub fn took_money(&self) -> bool {
        self.status == "SUCCESS" && matches!(self.kind.as_str(), "SALE" | "CAPTURE")
    }

    pub fn is_refund(&self) -> bool {
        self.kind == "REFUND" && matches!(self.status.as_str(), "SUCCESS" | "PENDING")
    }

    /// `sale ✓`, `sale ✗ card declined`, `refund … pending` — the kind and how it went.
    pub fn outcome(&self) -> String {
        let kind = words(&self.kind);
        match self.status.as_str() {
            "SUCCESS" => format!("{kind} ✓"),
            "FAILURE" | "ERROR" => match &self.error {
                Some(code) => format!("{kind} ✗ {}", words(code)),
                None => format!("{kind} ✗ failed"),
            },
            other => format!("{kind} {}", words(other)),
        }
    }
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
    /// Payments and refunds, oldest first (orders cached before they were asked for have none).
    #[serde(default)]
    pub payments: Vec<Payment>,
    /// The shop's id of the customer who placed it (a discount code is made for them).
    #[serde(default)]
    pub customer_id: Option<String>,
    /// The shop's tags: a replacement made from a ticket carries `replacement` and `ticket-12`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Its returns, the customer's requests among them.
    #[serde(default)]
    pub returns: Vec<crate::OrderReturn>,
    /// The currency the customer paid in (Shopify's presentment currency) when it is not the
    /// one the shop counts in; the amounts above are the shop's.
    #[serde(default)]
    pub paid_in: Option<String>,
    /// What the order came to when it was placed; `total` is what it comes to now, after
    /// items and shipping went back (a wholly refunded order's is nothing).
    #[serde(default)]
    pub placed_total: Option<Money>,
}

/// A shop word (`PARTIALLY_REFUNDED`) as people write it: `partially refunded`.
pub fn words(status: &str) -> String {
    status.to_ascii_lowercase().replace('_', " ")
}

impl ShopOrder {
    /// What it came to when placed (what it comes to now when the shop did not say): a
    /// cancelled €49 order reads €49.00 refunded, not €0.00.
    pub fn placed(&self) -> Money {
        self.placed_total.unwrap_or(self.total)
    }

    /// Why the console does not refund this order itself, if it does not: paid in another
    /// currency than the shop's, its refund must name that currency and amounts in it, which
    /// the console (reading the shop's amounts) does not have.
    pub fn refund_refusal(&self) -> Option<String> {
        let paid = self.paid_in.as_deref().filter(|c| *c != self.total.code())?;
        Some(format!(
            "{} was paid in {paid} while the shop counts in {}: refund it in the shop's admin, which converts it",
            self.name,
            self.total.code()
        ))
    }

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

    /// Money already given back from `payment` (refunds done or pending against it).
    pub fn refunded_from(&self, payment: &Payment) -> Money {
        let cents = self
            .payments
            .iter()
            .filter(|p| p.is_refund() && p.parent.as_ref() == Some(&payment.id))
            .fold(0i64, |sum, p| sum.saturating_add(p.amount.cents));
        Money { cents, currency: payment.amount.currency }
    }

    /// Money the shop holds for the order: successful charges less every refund, done or
    /// pending, whichever payment it went back to.
    pub fn net_paid(&self) -> i64 {
        self.payments.iter().fold(0i64, |sum, p| match () {
            () if p.took_money() => sum.saturating_add(p.amount.cents),
            () if p.is_refund() => sum.saturating_sub(p.amount.cents),
            () => sum,
        })
    }

    /// A charge taken twice: a second successful payment for the same amount as an earlier
    /// one while the shop holds more than the order costs (after every refund, to whichever
    /// payment). Captures under one authorization that only add up to the total are not
    /// duplicates, nor is a charge once the extra money went back.
    pub fn duplicate_charge(&self) -> Option<&Payment> {
        if self.net_paid() <= self.total.cents {
            return None;
        }
        let took: Vec<&Payment> = self.payments.iter().filter(|p| p.took_money()).collect();
        took.iter()
            .enumerate()
            .skip(1)
            .find(|(i, p)| {
                took[..*i].iter().any(|e| e.amount == p.amount) && self.refunded_from(p).cents < p.amount.cents
            })
            .map(|(_, p)| *p)
    }

    /// What the shop holds beyond what the order costs.
    pub fn overpaid(&self) -> i64 {
        self.net_paid().saturating_sub(self.total.cents).max(0)
    }

    /// A replacement order made for `ticket` (tagged `replacement` and `ticket-N`).
    pub fn is_replacement_for(&self, ticket: u64) -> bool {
        let has = |t: &str| self.tags.iter().any(|have| have.eq_ignore_ascii_case(t));
        has(crate::REPLACEMENT_TAG) && has(&crate::ticket_tag(ticket))
    }

    /// The latest refund's payment: what "my refund never came" is answered from.
    pub fn last_refund(&self) -> Option<&Payment> {
        self.payments.iter().filter(|p| p.is_refund()).max_by_key(|p| p.created_at)
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
        assert_eq!(Money::new(5, "\u{1b}[2").code(), "XXX", "a currency is three letters or none");
        assert_eq!(
            (Money::new(1250, "EUR").decimal(), Money::new(-5, "EUR").decimal()),
            ("12.50".into(), "-0.05".into())
        );
    }

    #[test]
    fn a_ticket_names_its_order_by_field_or_subject() {
        let orders = vec![order("#NW111111"), order("#NW804813")];
        assert_eq!(named_order(&orders, &["nw804813".into()], "").map(|o| o.name.as_str()), Some("#NW804813"));
        assert_eq!(named_order(&orders, &[], "Where is order NW111111?").map(|o| o.name.as_str()), Some("#NW111111"));
        assert_eq!(named_order(&orders, &["RMA-99999".into()], "hello"), None);
    }

    fn paid(id: &str, kind: &str, status: &str, cents: i64, at: i64) -> Payment {
        Payment {
            id: id.into(),
            kind: kind.into(),
            status: status.into(),
            gateway: Some("shopify payments".into()),
            gateway_id: Some("shopify_payments".into()),
            amount: Money::new(cents, "EUR"),
            created_at: at,
            processed_at: Some(at),
            error: None,
            parent: None,
        }
    }

    #[test]
    fn a_second_charge_for_the_same_amount_is_the_duplicate_until_refunded() {
        let mut o = order("#NW804813");
        let total = o.total.cents;
        o.payments = vec![
            Payment { error: Some("CARD_DECLINED".into()), ..paid("t1", "SALE", "FAILURE", total, 1) },
            paid("t2", "SALE", "SUCCESS", total, 2),
        ];
        assert_eq!(o.duplicate_charge(), None, "a declined try and one charge: paid once");
        assert_eq!(o.payments[0].outcome(), "sale ✗ card declined");
        o.payments.push(paid("t3", "SALE", "SUCCESS", total, 3));
        assert_eq!(o.duplicate_charge().map(|p| p.id.as_str()), Some("t3"));
        let back =
            Payment { parent: Some("t3".into()), processed_at: None, ..paid("t4", "REFUND", "PENDING", total, 4) };
        assert_eq!(back.outcome(), "refund pending");
        o.payments.push(back);
        assert_eq!(o.duplicate_charge(), None, "refunded (even pending): nothing left to give back");
        // given back against the first charge instead (from the shop's admin): no duplicate either
        let mut admin = o.clone();
        admin.payments.last_mut().unwrap().parent = Some("t2".into());
        assert_eq!(admin.duplicate_charge(), None, "the shop holds what the order costs");
        // two equal captures that made the total, then a €5 line went back
        let mut halves = order("#NW2");
        let half = halves.total.cents / 2;
        halves.payments = vec![paid("h1", "CAPTURE", "SUCCESS", half, 1), paid("h2", "CAPTURE", "SUCCESS", half, 2)];
        halves.total.cents = half * 2 - 500;
        halves.payments.push(Payment { parent: Some("h1".into()), ..paid("h3", "REFUND", "SUCCESS", 500, 3) });
        assert_eq!(halves.duplicate_charge(), None, "a line refund is no double charge");
        assert_eq!(o.last_refund().map(|p| p.id.as_str()), Some("t4"));
        // two captures that together make the total are partial captures, not a double charge
        let mut split = order("#NW1");
        let half = split.total.cents / 2;
        split.payments = vec![
            paid("c1", "CAPTURE", "SUCCESS", half, 1),
            paid("c2", "CAPTURE", "SUCCESS", split.total.cents - half, 2),
        ];
        assert_eq!(split.duplicate_charge(), None);
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
