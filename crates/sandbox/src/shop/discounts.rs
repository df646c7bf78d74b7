//! The shop's discount codes: stored by code (any case finds it), with Shopify's rules for a
//! basic code — active, scheduled or expired by its dates, used up at its limit, a minimum
//! subtotal, only for some customers — and `discountCodeBasicCreate`'s refusals in Shopify's
//! words and codes. Seeded with codes the tickets mention (WELCOME15, expired).

use super::actions::Refusal;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

pub const TABLES: &str = "CREATE TABLE IF NOT EXISTS shop_discounts(
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE COLLATE NOCASE, data TEXT NOT NULL);";

/// What a code takes off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// A share of the basket, 0.0–1.0 (0.15 = 15 %).
    Percentage(f64),
    /// An amount off the order, in cents.
    Amount(i64),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discount {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: Option<i64>,
    /// Uses allowed in all; `None` is unlimited.
    pub usage_limit: Option<i64>,
    pub used: i64,
    pub once_per_customer: bool,
    /// The subtotal the basket must reach, in cents.
    pub minimum_cents: Option<i64>,
    pub value: Value,
    /// The customers it is for; `None` is everyone.
    pub customers: Option<Vec<i64>>,
    pub created_at: i64,
}

impl Discount {
    /// Shopify's `DiscountStatus` at `now`.
    pub fn status(&self, now: i64) -> &'static str {
        match () {
            () if self.starts_at > now => "SCHEDULED",
            () if self.ends_at.is_some_and(|e| e <= now) => "EXPIRED",
            () => "ACTIVE",
        }
    }

    /// `15% off entire order • Minimum purchase of €50.00`, as the admin writes a summary.
    pub fn summary(&self) -> String {
        let off = match self.value {
            Value::Percentage(p) => format!("{}% off entire order", (p * 100.0).round()),
            Value::Amount(c) => format!("€{}.{:02} off entire order", c / 100, c % 100),
        };
        match self.minimum_cents {
            Some(m) => format!("{off} • Minimum purchase of €{}.{:02}", m / 100, m % 100),
            None => off,
        }
    }
}

fn from_json(data: String) -> rusqlite::Result<Discount> {
    serde_json::from_str(&data)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))
}

/// The code `code` (any case).
pub fn by_code(conn: &Connection, code: &str) -> rusqlite::Result<Option<Discount>> {
    conn.query_row("SELECT data FROM shop_discounts WHERE code = ?1 COLLATE NOCASE", [code.trim()], |r| r.get(0))
        .optional()?
        .map(from_json)
        .transpose()
}

pub fn by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<Discount>> {
    conn.query_row("SELECT data FROM shop_discounts WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .map(from_json)
        .transpose()
}

pub fn save(conn: &Connection, d: &Discount) -> rusqlite::Result<()> {
    let data = serde_json::to_string(d).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
    conn.execute(
        "INSERT INTO shop_discounts(id, code, data) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET data = excluded.data",
        params![d.id, d.code, data],
    )?;
    Ok(())
}

fn refused(field: &str, message: impl Into<String>, code: &'static str) -> Refusal {
    Refusal { field: vec!["basicCodeDiscount".into(), field.into()], message: message.into(), code: Some(code) }
}

/// A new code as `discountCodeBasicCreate` makes it, or Shopify's refusals.
pub fn create(conn: &Connection, mut d: Discount) -> rusqlite::Result<Result<Discount, Vec<Refusal>>> {
    let mut errors = Vec::new();
    if d.title.trim().is_empty() {
        errors.push(refused("title", "Title can't be blank", "BLANK"));
    }
    if d.code.trim().is_empty() {
        errors.push(refused("code", "Code can't be blank", "BLANK"));
    } else if d.code.chars().count() > 255 {
        errors.push(refused("code", "Code is too long (maximum is 255 characters)", "TOO_LONG"));
    } else if d.code.contains(['\n', '\r']) {
        errors.push(refused("code", "Code cannot contain newline characters.", "INVALID"));
    } else if by_code(conn, &d.code)?.is_some() {
        errors.push(refused("code", "Code must be unique. Please try a different code.", "TAKEN"));
    }
    if let Value::Percentage(p) = d.value
        && !(0.0..=1.0).contains(&p)
    {
        errors.push(Refusal {
            field: vec!["basicCodeDiscount".into(), "customerGets".into(), "value".into(), "percentage".into()],
            message: "Value must be between 0.00 - 1.00".into(),
            code: Some("VALUE_OUTSIDE_RANGE"),
        });
    }
    if d.ends_at.is_some_and(|e| e < d.starts_at) {
        errors.push(refused("endsAt", "Ends at needs to be after starts_at", "END_DATE_BEFORE_START_DATE"));
    }
    if d.usage_limit.is_some_and(|u| u < 1) {
        errors.push(refused("usageLimit", "Usage limit must be greater than 0", "GREATER_THAN"));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    d.id = conn.query_row("SELECT COALESCE(MAX(id), 1057856600) + 1 FROM shop_discounts", [], |r| r.get(0))?;
    d.code = d.code.trim().to_string();
    save(conn, &d)?;
    Ok(Ok(d))
}

/// The codes the seeded tickets and a demo need: WELCOME15 from the newsletter (expired), a
/// summer code used up, one for a few customers, and one anyone may use.
pub fn seed(conn: &Connection, now: i64) -> rusqlite::Result<()> {
    const DAY: i64 = 86_400;
    let code = |id, code: &str, title: &str, value| Discount {
        id,
        code: code.into(),
        title: title.into(),
        starts_at: now - 120 * DAY,
        ends_at: None,
        usage_limit: None,
        used: 0,
        once_per_customer: false,
        minimum_cents: None,
        value,
        customers: None,
        created_at: now - 121 * DAY,
    };
    let welcome = Discount {
        ends_at: Some(now - 9 * DAY),
        minimum_cents: Some(5000),
        once_per_customer: true,
        used: 412,
        ..code(1_057_856_601, "WELCOME15", "Newsletter welcome 15%", Value::Percentage(0.15))
    };
    let summer = Discount {
        usage_limit: Some(500),
        used: 500,
        ..code(1_057_856_602, "SUMMER10", "Summer sale 10%", Value::Percentage(0.10))
    };
    let vip = Discount {
        customers: Some(vec![1, 2, 3]),
        ..code(1_057_856_603, "VIP20", "VIP customers 20%", Value::Percentage(0.20))
    };
    let thanks = Discount { used: 37, ..code(1_057_856_604, "THANKYOU10", "Thank-you €10", Value::Amount(1000)) };
    for d in [welcome, summer, vip, thanks] {
        save(conn, &d)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(TABLES).unwrap();
        seed(&conn, 1_800_000_000).unwrap();
        conn
    }

    #[test]
    fn codes_are_found_in_any_case_with_their_state() {
        let conn = db();
        let now = 1_800_000_000;
        let welcome = by_code(&conn, "welcome15").unwrap().unwrap();
        assert_eq!(
            (welcome.status(now), welcome.summary().as_str()),
            ("EXPIRED", "15% off entire order • Minimum purchase of €50.00")
        );
        let summer = by_code(&conn, "SUMMER10").unwrap().unwrap();
        assert_eq!((summer.status(now), summer.used), ("ACTIVE", 500));
        assert!(by_code(&conn, "NOPE").unwrap().is_none());
    }

    #[test]
    fn a_new_code_is_refused_as_shopify_refuses_it() {
        let conn = db();
        let new = |code: &str, value| Discount {
            id: 0,
            code: code.into(),
            title: "Goodwill".into(),
            starts_at: 10,
            ends_at: Some(5),
            usage_limit: Some(1),
            used: 0,
            once_per_customer: true,
            minimum_cents: None,
            value,
            customers: Some(vec![7]),
            created_at: 10,
        };
        let errors = create(&conn, new("welcome15", Value::Percentage(15.0))).unwrap().unwrap_err();
        let codes: Vec<_> = errors.iter().filter_map(|e| e.code).collect();
        assert_eq!(codes, ["TAKEN", "VALUE_OUTSIDE_RANGE", "END_DATE_BEFORE_START_DATE"]);
        let made = create(&conn, Discount { ends_at: None, ..new(" SORRY-12-AB ", Value::Percentage(0.15)) })
            .unwrap()
            .unwrap();
        assert_eq!(by_code(&conn, "sorry-12-ab").unwrap().unwrap().id, made.id);
    }
}
