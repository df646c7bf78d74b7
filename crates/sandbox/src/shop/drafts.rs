//! Draft orders, as support uses them for a replacement: items of the catalogue at a discount
//! (100 % for a parcel that arrived broken or never came), a shipping line, the order's
//! address, tags and a note; completing one makes a real order (`DraftOrder.order`). Shopify
//! publishes no literal texts for `draftOrderCreate`'s refusals, so the words here are the
//! sandbox's own; the fields they name are Shopify's input fields.

use super::actions::Refusal;
use super::orders::{self, Address, LineItem, Order};
use super::search::{self, Cmp, Searchable};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

pub const TABLES: &str = "CREATE TABLE IF NOT EXISTS shop_drafts(id INTEGER PRIMARY KEY, data TEXT NOT NULL);";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftLine {
    pub variant_id: i64,
    pub title: String,
    pub variant: Option<String>,
    pub sku: String,
    pub quantity: i64,
    pub unit_cents: i64,
    /// Taken off this line by its applied discount, in cents.
    pub discount_cents: i64,
    /// The discount's title (`Replacement`), if it has one.
    pub discount_title: Option<String>,
}

/// A discount as `DraftOrderAppliedDiscountInput` gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Off {
    /// 0–100.
    Percent(f64),
    Cents(i64),
}

impl Off {
    /// What it takes off `cents`, never more than that.
    pub fn of(self, cents: i64) -> i64 {
        let off = match self {
            #[expect(clippy::cast_possible_truncation, reason = "a share of an amount in cents, rounded")]
            Off::Percent(p) => ((cents as f64) * p / 100.0).round() as i64,
            Off::Cents(c) => c,
        };
        off.clamp(0, cents.max(0))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: i64,
    /// `#D12` is number 12.
    pub number: i64,
    pub customer_id: Option<i64>,
    pub email: Option<String>,
    pub lines: Vec<DraftLine>,
    pub shipping_title: Option<String>,
    pub shipping_cents: i64,
    pub address: Option<Address>,
    /// Served as `note2`: `DraftOrder` has no `note` field.
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// `DraftOrderStatus`: OPEN, INVOICE_SENT, COMPLETED.
    pub status: String,
    /// The order completing it made.
    pub order_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub completed_at: Option<i64>,
}

impl Draft {
    pub fn name(&self) -> String {
        format!("#D{}", self.number)
    }

    pub fn subtotal_cents(&self) -> i64 {
        self.lines.iter().map(|l| l.unit_cents * l.quantity - l.discount_cents).sum()
    }

    pub fn discount_cents(&self) -> i64 {
        self.lines.iter().map(|l| l.discount_cents).sum()
    }

    pub fn total_cents(&self) -> i64 {
        self.subtotal_cents() + self.shipping_cents
    }
}

/// A line asked for: a variant of the catalogue, how many, and what comes off it.
#[derive(Debug, Clone, PartialEq)]
pub struct LineAsk {
    pub variant_id: Option<i64>,
    pub quantity: i64,
    pub off: Option<(Off, Option<String>)>,
}

/// A draft asked for, as `DraftOrderInput` carries it (ids already read).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DraftAsk {
    pub customer_id: Option<i64>,
    pub email: Option<String>,
    pub lines: Vec<LineAsk>,
    pub shipping: Option<(String, i64)>,
    pub address: Option<Address>,
    pub note: Option<String>,
    pub tags: Vec<String>,
}

fn refused(field: &[&str], message: impl Into<String>) -> Refusal {
    Refusal { field: field.iter().map(|f| (*f).to_string()).collect(), message: message.into(), code: None }
}

fn from_json(data: String) -> rusqlite::Result<Draft> {
    serde_json::from_str(&data)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))
}

pub fn save(conn: &Connection, d: &Draft) -> rusqlite::Result<()> {
    let data = serde_json::to_string(d).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
    conn.execute(
        "INSERT INTO shop_drafts(id, data) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET data = excluded.data",
        params![d.id, data],
    )?;
    Ok(())
}

pub fn by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<Draft>> {
    conn.query_row("SELECT data FROM shop_drafts WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .map(from_json)
        .transpose()
}

/// Every draft, newest first.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Draft>> {
    let mut q = conn.prepare("SELECT data FROM shop_drafts ORDER BY id DESC")?;
    let rows = q.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|r| r.and_then(from_json)).collect()
}

impl Searchable for Draft {
    fn matches(&self, field: &str, cmp: Cmp, value: &str) -> bool {
        match field {
            "tag" => self.tags.iter().any(|t| t.eq_ignore_ascii_case(value)),
            "tag_not" => !self.tags.iter().any(|t| t.eq_ignore_ascii_case(value)),
            "status" => self.status.eq_ignore_ascii_case(value),
            "customer_id" => {
                value.parse().is_ok_and(|v: i64| self.customer_id.is_some_and(|c| search::compare(c, cmp, v)))
            }
            "id" => value.parse().is_ok_and(|v: i64| search::compare(self.id, cmp, v)),
            "name" => self.name().trim_start_matches('#').eq_ignore_ascii_case(value.trim_start_matches('#')),
            "default" => {
                let v = value.to_ascii_lowercase();
                self.name().to_ascii_lowercase().contains(&v) || self.tags.iter().any(|t| t.eq_ignore_ascii_case(&v))
            }
            // Shopify ignores filters it does not know
            _ => true,
        }
    }
}

/// The drafts matching Shopify's search syntax (`tag:replacement status:open`), newest first.
pub fn search(conn: &Connection, query: Option<&str>) -> rusqlite::Result<Vec<Draft>> {
    let mut found = all(conn)?;
    if let Some(q) = query.map(search::parse) {
        found.retain(|d| q.matches(d));
    }
    Ok(found)
}

/// Makes an OPEN draft, or says what in the input is wrong.
pub fn create(conn: &Connection, ask: DraftAsk, now: i64) -> rusqlite::Result<Result<Draft, Vec<Refusal>>> {
    let mut errors = Vec::new();
    if ask.lines.is_empty() {
        errors.push(refused(&["input", "lineItems"], "Add at least 1 line item"));
    }
    if let Some(c) = ask.customer_id
        && orders::customer(conn, c)?.is_none()
    {
        errors.push(refused(&["input", "purchasingEntity", "customerId"], format!("Customer {c} does not exist")));
    }
    let mut lines = Vec::new();
    for (i, l) in ask.lines.iter().enumerate() {
        let at = i.to_string();
        let field = |f: &'static str| vec!["input", "lineItems", at.as_str(), f];
        if l.quantity < 1 {
            errors.push(refused(&field("quantity"), "Quantity must be greater than or equal to 1"));
            continue;
        }
        let Some(v) = l.variant_id.and_then(super::products::variant) else {
            errors.push(refused(&field("variantId"), "Product variant does not exist"));
            continue;
        };
        if let Some((Off::Percent(p), _)) = l.off
            && !(0.0..=100.0).contains(&p)
        {
            errors.push(refused(&field("appliedDiscount"), "Percentage must be between 0 and 100"));
            continue;
        }
        let full = v.price_cents * l.quantity;
        lines.push(DraftLine {
            variant_id: v.id,
            title: v.product_title,
            variant: v.title,
            sku: v.sku,
            quantity: l.quantity,
            unit_cents: v.price_cents,
            discount_cents: l.off.as_ref().map_or(0, |(o, _)| o.of(full)),
            discount_title: l.off.as_ref().and_then(|(_, t)| t.clone()),
        });
    }
    if ask.shipping.as_ref().is_some_and(|(_, c)| *c < 0) {
        errors.push(refused(&["input", "shippingLine", "priceWithCurrency"], "Shipping price must not be negative"));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let (id, number): (i64, i64) =
        conn.query_row("SELECT COALESCE(MAX(id), 1069920500) + 1, COUNT(*) + 1 FROM shop_drafts", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let email = match (ask.email, ask.customer_id) {
        (Some(e), _) => Some(e),
        (None, Some(c)) => orders::customer(conn, c)?.map(|c| c.email),
        (None, None) => None,
    };
    let (shipping_title, shipping_cents) = ask.shipping.map_or((None, 0), |(t, c)| (Some(t), c));
    let d = Draft {
        id,
        number,
        customer_id: ask.customer_id,
        email,
        lines,
        shipping_title,
        shipping_cents,
        address: ask.address,
        note: ask.note,
        tags: ask.tags.into_iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
        status: "OPEN".into(),
        order_id: None,
        created_at: now,
        updated_at: now,
        completed_at: None,
    };
    save(conn, &d)?;
    Ok(Ok(d))
}

/// Completes the draft into an order marked paid (a 100 % replacement costs nothing), or says
/// why not.
pub fn complete(conn: &Connection, id: i64, now: i64) -> rusqlite::Result<Result<Draft, Refusal>> {
    let Some(mut d) = by_id(conn, id)? else {
        return Ok(Err(refused(&["id"], "Draft order does not exist")));
    };
    if d.status == "COMPLETED" {
        return Ok(Err(refused(&["id"], "This draft order has already been completed")));
    }
    let Some(customer_id) = d.customer_id else {
        return Ok(Err(refused(&["id"], "Add a customer before completing this draft order")));
    };
    let Some(address) = d.address.clone() else {
        return Ok(Err(refused(&["id"], "Add a shipping address before completing this draft order")));
    };
    let (order_id, number): (i64, i64) = conn.query_row(
        "SELECT COALESCE(MAX(id), 5000000000) + 1, COALESCE(MAX(number), 100000) + 1 FROM shop_orders",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let order = Order {
        id: order_id,
        number,
        customer_id,
        email: d.email.clone().unwrap_or_default(),
        created_at: now,
        updated_at: now,
        cancelled_at: None,
        cancel_reason: None,
        staff_note: None,
        shipping_cents: d.shipping_cents,
        lines: d
            .lines
            .iter()
            .zip(1..)
            .map(|(l, i)| LineItem {
                id: order_id * 10 + i,
                title: l.title.clone(),
                variant: l.variant.clone(),
                sku: l.sku.clone(),
                quantity: l.quantity,
                refunded: 0,
                unit_cents: l.unit_cents,
            })
            .collect(),
        fulfillments: vec![],
        transactions: vec![],
        refunds: vec![],
        address,
        tags: d.tags.clone(),
        note: d.note.clone(),
        discount_cents: d.discount_cents(),
        returns: vec![],
    };
    orders::save(conn, &order)?;
    d.status = "COMPLETED".into();
    d.order_id = Some(order_id);
    d.completed_at = Some(now);
    d.updated_at = now;
    save(conn, &d)?;
    Ok(Ok(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop::products;

    fn shop() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("s.db")).unwrap();
        conn.execute_batch(&format!("{}{TABLES}", orders::TABLES)).unwrap();
        (dir, conn)
    }

    fn address() -> Address {
        Address {
            name: "Jane Doe".into(),
            address1: "Hauptstr. 1".into(),
            city: "Berlin".into(),
            zip: "10115".into(),
            country: "Germany".into(),
            country_code: "DE".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_free_replacement_completes_into_an_order_of_nothing_to_pay() {
        let (_d, conn) = shop();
        let customer = orders::customer_for(&conn, "jane@example.com", "Jane Doe", 0).unwrap();
        let jacket = products::variant_for("Rain jacket", Some("M")).unwrap();
        let ask = DraftAsk {
            customer_id: Some(customer),
            lines: vec![LineAsk {
                variant_id: Some(jacket.id),
                quantity: 1,
                off: Some((Off::Percent(100.0), Some("Replacement".into()))),
            }],
            shipping: Some(("Replacement shipping".into(), 0)),
            address: Some(address()),
            note: Some("Replacement for #NW100001".into()),
            tags: vec!["replacement".into(), " ticket-12 ".into()],
            ..Default::default()
        };
        let d = create(&conn, ask, 100).unwrap().unwrap();
        assert_eq!((d.status.as_str(), d.total_cents(), d.email.as_deref()), ("OPEN", 0, Some("jane@example.com")));
        assert_eq!(d.tags, vec!["replacement", "ticket-12"]);
        assert_eq!(search(&conn, Some("tag:ticket-12")).unwrap().len(), 1);
        assert_eq!(search(&conn, Some("tag:ticket-13")).unwrap().len(), 0);
        let done = complete(&conn, d.id, 200).unwrap().unwrap();
        let o = orders::order(&conn, done.order_id.unwrap()).unwrap().unwrap();
        assert_eq!((o.total_cents(), o.financial_status(), o.fulfillment_status()), (0, "PAID", "UNFULFILLED"));
        assert_eq!(o.lines[0].title, "Rain jacket");
        assert_eq!(o.lines[0].variant.as_deref(), Some("M"));
        assert_eq!(o.address, address());
        // a second completion is refused and makes no second order
        assert!(complete(&conn, d.id, 300).unwrap().is_err());
        assert_eq!(orders::of_customer(&conn, customer).unwrap().len(), 1);
    }

    #[test]
    fn what_shopify_would_refuse_is_refused_with_the_field_named() {
        let (_d, conn) = shop();
        let none = create(&conn, DraftAsk::default(), 0).unwrap().unwrap_err();
        assert_eq!(none[0].field, vec!["input", "lineItems"]);
        let bad = DraftAsk {
            customer_id: Some(999),
            lines: vec![
                LineAsk { variant_id: Some(1), quantity: 1, off: None },
                LineAsk { variant_id: products::variant_for("Yoga mat", None).map(|v| v.id), quantity: 0, off: None },
            ],
            ..Default::default()
        };
        let errors = create(&conn, bad, 0).unwrap().unwrap_err();
        let fields: Vec<String> = errors.iter().map(|e| e.field.join(".")).collect();
        assert_eq!(
            fields,
            vec!["input.purchasingEntity.customerId", "input.lineItems.0.variantId", "input.lineItems.1.quantity"]
        );
        assert!(all(&conn).unwrap().is_empty());
        assert_eq!(Off::Percent(100.0).of(4990), 4990);
        assert_eq!(Off::Cents(9999).of(4990), 4990);
        assert_eq!(Off::Percent(15.0).of(1000), 150);
    }
}
