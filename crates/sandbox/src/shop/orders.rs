//! The shop's orders as the sandbox keeps them: one row per order with its details as JSON,
//! and the customers by e-mail. Money is in cents of the shop's one currency (EUR).

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// The shop's currency.
pub const CURRENCY: &str = "EUR";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    pub id: i64,
    pub title: String,
    pub variant: Option<String>,
    pub sku: String,
    pub quantity: i64,
    /// Units refunded or removed since.
    pub refunded: i64,
    pub unit_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fulfillment {
    pub id: i64,
    /// Shopify's `FulfillmentDisplayStatus`: IN_TRANSIT, DELIVERED, DELAYED, …
    pub display_status: String,
    pub company: String,
    pub number: String,
    pub url: String,
    pub created_at: i64,
    pub in_transit_at: Option<i64>,
    pub estimated_delivery_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    pub id: i64,
    /// SALE, REFUND, …
    pub kind: String,
    pub status: String,
    pub gateway: String,
    pub cents: i64,
    pub created_at: i64,
    /// `OrderTransactionErrorCode` of a failed payment (`CARD_DECLINED`).
    #[serde(default)]
    pub error_code: Option<String>,
    /// The payment a refund gives money back from (a SALE or CAPTURE).
    #[serde(default)]
    pub parent_id: Option<i64>,
    /// When the gateway processed it; `None` while a refund is PENDING.
    #[serde(default)]
    pub processed_at: Option<i64>,
}

impl Transaction {
    /// A payment that moved money to the shop.
    pub fn took_money(&self) -> bool {
        self.status == "SUCCESS" && matches!(self.kind.as_str(), "SALE" | "CAPTURE")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refund {
    pub id: i64,
    pub created_at: i64,
    pub note: Option<String>,
    pub cents: i64,
    /// (line item id, quantity)
    pub lines: Vec<(i64, i64)>,
    /// The part of `cents` that was shipping.
    #[serde(default)]
    pub shipping_cents: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub name: String,
    pub address1: String,
    pub city: String,
    pub zip: String,
    pub country: String,
    pub country_code: String,
    /// As given (`orderUpdate`, a draft); seeded addresses have only `name`.
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub address2: Option<String>,
    #[serde(default)]
    pub province_code: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// One order, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub id: i64,
    /// The number in the order's name: `NW481516` is number 481516.
    pub number: i64,
    pub customer_id: i64,
    pub email: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub cancelled_at: Option<i64>,
    pub cancel_reason: Option<String>,
    /// The staff note given with a cancellation (never shown to the customer).
    #[serde(default)]
    pub staff_note: Option<String>,
    pub shipping_cents: i64,
    pub lines: Vec<LineItem>,
    pub fulfillments: Vec<Fulfillment>,
    pub transactions: Vec<Transaction>,
    pub refunds: Vec<Refund>,
    pub address: Address,
    pub tags: Vec<String>,
    pub note: Option<String>,
    /// Taken off the order by discounts (a replacement's 100 %), in cents.
    #[serde(default)]
    pub discount_cents: i64,
    /// Returns of its fulfilled items, oldest first.
    #[serde(default)]
    pub returns: Vec<super::returns::Return>,
}

impl Order {
    /// What the admin and the customer see, e.g. `#NW481516`.
    pub fn name(&self) -> String {
        format!("#NW{:06}", self.number)
    }

    pub fn subtotal_cents(&self) -> i64 {
        self.lines.iter().map(|l| l.unit_cents * l.quantity).sum()
    }

    pub fn total_cents(&self) -> i64 {
        self.subtotal_cents() - self.discount_cents + self.shipping_cents
    }

    pub fn refunded_cents(&self) -> i64 {
        self.refunds.iter().map(|r| r.cents).sum()
    }

    /// Money taken: successful sales and captures.
    pub fn paid_cents(&self) -> i64 {
        self.transactions.iter().filter(|t| t.took_money()).map(|t| t.cents).sum()
    }

    /// Shopify's `OrderDisplayFinancialStatus`.
    pub fn financial_status(&self) -> &'static str {
        let (paid, refunded) = (self.paid_cents(), self.refunded_cents());
        match () {
            // nothing to pay (a free replacement) is paid
            () if paid == 0 && self.total_cents() <= 0 => "PAID",
            () if paid == 0 => "PENDING",
            () if refunded >= paid => "REFUNDED",
            () if refunded > 0 => "PARTIALLY_REFUNDED",
            () if paid < self.total_cents() => "PARTIALLY_PAID",
            () => "PAID",
        }
    }

    /// Shopify's `OrderDisplayFulfillmentStatus`.
    pub fn fulfillment_status(&self) -> &'static str {
        let ordered: i64 = self.lines.iter().map(|l| l.quantity).sum();
        let shipped: i64 = self.fulfillments.iter().map(|f| f.quantity).sum();
        match () {
            () if shipped == 0 => "UNFULFILLED",
            () if shipped < ordered => "PARTIALLY_FULFILLED",
            () => "FULFILLED",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub created_at: i64,
}

impl Customer {
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

pub const TABLES: &str = r#"
CREATE TABLE IF NOT EXISTS shop_customers(
  id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS shop_orders(
  id INTEGER PRIMARY KEY, number INTEGER NOT NULL UNIQUE, customer_id INTEGER NOT NULL, email TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS shop_orders_customer ON shop_orders(customer_id, created_at);
CREATE INDEX IF NOT EXISTS shop_orders_email ON shop_orders(email COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS shop_idempotency(
  key TEXT PRIMARY KEY, request TEXT NOT NULL, response TEXT NOT NULL);
"#;

fn from_json(data: String) -> rusqlite::Result<Order> {
    serde_json::from_str(&data)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))
}

pub fn save(conn: &Connection, o: &Order) -> rusqlite::Result<()> {
    let data = serde_json::to_string(o).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
    conn.execute(
        "INSERT INTO shop_orders(id, number, customer_id, email, created_at, updated_at, data) VALUES (?1,?2,?3,?4,?5,?6,?7)
         ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data",
        params![o.id, o.number, o.customer_id, o.email, o.created_at, o.updated_at, data],
    )?;
    Ok(())
}

pub fn order(conn: &Connection, id: i64) -> rusqlite::Result<Option<Order>> {
    conn.query_row("SELECT data FROM shop_orders WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .map(from_json)
        .transpose()
}

/// Every order, newest first (the shop is small enough to filter in memory).
pub fn all_orders(conn: &Connection) -> rusqlite::Result<Vec<Order>> {
    let mut q = conn.prepare("SELECT data FROM shop_orders ORDER BY created_at DESC, id DESC")?;
    let rows = q.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|r| r.and_then(from_json)).collect()
}

fn orders_where(conn: &Connection, clause: &str, value: &dyn rusqlite::ToSql) -> rusqlite::Result<Vec<Order>> {
    let mut q =
        conn.prepare(&format!("SELECT data FROM shop_orders WHERE {clause} ORDER BY created_at DESC, id DESC"))?;
    let rows = q.query_map([value], |r| r.get::<_, String>(0))?;
    rows.map(|r| r.and_then(from_json)).collect()
}

/// The orders placed with this e-mail (any case), newest first.
pub fn by_email(conn: &Connection, email: &str) -> rusqlite::Result<Vec<Order>> {
    orders_where(conn, "email = ?1 COLLATE NOCASE", &email)
}

/// A customer's orders, newest first.
pub fn of_customer(conn: &Connection, customer: i64) -> rusqlite::Result<Vec<Order>> {
    orders_where(conn, "customer_id = ?1", &customer)
}

/// The order with this number (`NW481516` is 481516).
pub fn by_number(conn: &Connection, number: i64) -> rusqlite::Result<Option<Order>> {
    Ok(orders_where(conn, "number = ?1", &number)?.into_iter().next())
}

fn customer_row(r: &rusqlite::Row) -> rusqlite::Result<Customer> {
    Ok(Customer { id: r.get(0)?, email: r.get(1)?, first_name: r.get(2)?, last_name: r.get(3)?, created_at: r.get(4)? })
}

pub fn customer(conn: &Connection, id: i64) -> rusqlite::Result<Option<Customer>> {
    conn.query_row(
        "SELECT id, email, first_name, last_name, created_at FROM shop_customers WHERE id = ?1",
        [id],
        customer_row,
    )
    .optional()
}

pub fn all_customers(conn: &Connection) -> rusqlite::Result<Vec<Customer>> {
    let mut q = conn.prepare("SELECT id, email, first_name, last_name, created_at FROM shop_customers ORDER BY id")?;
    q.query_map([], customer_row)?.collect()
}

/// The customer with this e-mail, made if the shop does not know them yet.
pub fn customer_for(conn: &Connection, email: &str, name: &str, at: i64) -> rusqlite::Result<i64> {
    if let Some(id) =
        conn.query_row("SELECT id FROM shop_customers WHERE email = ?1", [email], |r| r.get(0)).optional()?
    {
        return Ok(id);
    }
    let (first, last) = name.split_once(' ').unwrap_or((name, ""));
    conn.execute(
        "INSERT INTO shop_customers(email, first_name, last_name, created_at) VALUES (?1,?2,?3,?4)",
        params![email, first, last, at],
    )?;
    Ok(conn.last_insert_rowid())
}
