//! Customers' shop accounts (Shopify's classic customer accounts): whether a customer can log
//! in (`CustomerState`), the invites sent, the one activation link that works, and what staff
//! keep on a customer (tags, a note, e-mail marketing consent). Seeded so the customers who
//! wrote "I can't log in" have an account that was never activated.

use rusqlite::{Connection, OptionalExtension, params};

pub const TABLES: &str = "CREATE TABLE IF NOT EXISTS shop_accounts(
  customer_id INTEGER PRIMARY KEY, state TEXT NOT NULL, invites INTEGER NOT NULL DEFAULT 0,
  token TEXT, tags TEXT NOT NULL DEFAULT '[]', note TEXT, marketing TEXT NOT NULL DEFAULT 'NOT_SUBSCRIBED');";

#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// `CustomerState`: ENABLED, DISABLED, INVITED, DECLINED.
    pub state: String,
    pub invites: i64,
    /// The last activation link's token (only the newest works).
    pub token: Option<String>,
    pub tags: Vec<String>,
    pub note: Option<String>,
    /// `CustomerEmailMarketingState`: SUBSCRIBED, NOT_SUBSCRIBED, UNSUBSCRIBED, …
    pub marketing: String,
}

impl Default for Account {
    fn default() -> Self {
        Account {
            state: "ENABLED".into(),
            invites: 0,
            token: None,
            tags: vec![],
            note: None,
            marketing: "NOT_SUBSCRIBED".into(),
        }
    }
}

/// A customer's account; one never written is an enabled account with nothing kept.
pub fn of(conn: &Connection, customer: i64) -> rusqlite::Result<Account> {
    let row = conn
        .query_row(
            "SELECT state, invites, token, tags, note, marketing FROM shop_accounts WHERE customer_id = ?1",
            [customer],
            |r| {
                let tags: String = r.get(3)?;
                Ok(Account {
                    state: r.get(0)?,
                    invites: r.get(1)?,
                    token: r.get(2)?,
                    tags: serde_json::from_str(&tags).unwrap_or_default(),
                    note: r.get(4)?,
                    marketing: r.get(5)?,
                })
            },
        )
        .optional()?;
    Ok(row.unwrap_or_default())
}

pub fn save(conn: &Connection, customer: i64, a: &Account) -> rusqlite::Result<()> {
    let tags = serde_json::to_string(&a.tags).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO shop_accounts(customer_id, state, invites, token, tags, note, marketing) VALUES (?1,?2,?3,?4,?5,?6,?7)
         ON CONFLICT(customer_id) DO UPDATE SET state = excluded.state, invites = excluded.invites, token = excluded.token,
           tags = excluded.tags, note = excluded.note, marketing = excluded.marketing",
        params![customer, a.state, a.invites, a.token, tags, a.note, a.marketing],
    )?;
    Ok(())
}

/// Why an account action is refused, in the sandbox's words (Shopify publishes none).
pub fn invite_refusal(a: &Account) -> Option<&'static str> {
    (a.state == "ENABLED")
        .then_some("The customer's account is already enabled: they can log in or reset their password from the store")
}

/// Sends the invite: the account is INVITED (an invite e-mail in Shopify; none here).
pub fn invite(conn: &Connection, customer: i64) -> rusqlite::Result<Result<Account, &'static str>> {
    let mut a = of(conn, customer)?;
    if let Some(why) = invite_refusal(&a) {
        return Ok(Err(why));
    }
    a.state = "INVITED".into();
    a.invites += 1;
    save(conn, customer, &a)?;
    Ok(Ok(a))
}

/// A fresh one-time activation link (the older ones stop working), for a DISABLED or
/// INVITED account.
pub fn activation_url(conn: &Connection, customer: i64, now: i64) -> rusqlite::Result<Result<String, &'static str>> {
    let mut a = of(conn, customer)?;
    if !matches!(a.state.as_str(), "DISABLED" | "INVITED") {
        return Ok(Err("Account activation URLs can only be generated for disabled or invited accounts"));
    }
    let token = format!("{:x}{:x}", now, customer.wrapping_mul(2_654_435_761) ^ (a.invites + 1));
    a.token = Some(token.clone());
    save(conn, customer, &a)?;
    Ok(Ok(format!("https://shop.northwind.example/account/activate/{customer}/{token}")))
}

/// Customers who wrote "I can't log in" get an account never activated (made in the shop if
/// they had no order); every other customer's account is enabled, and every third one is
/// subscribed to e-mail marketing.
pub fn seed(conn: &Connection) -> rusqlite::Result<()> {
    let mut q = conn.prepare(
        "SELECT u.email, u.name, t.created_at FROM tickets t JOIN users u ON u.id = t.requester_id
         WHERE t.tags LIKE '%\"account_login\"%' ORDER BY t.id",
    )?;
    let rows: Vec<(String, String, i64)> =
        q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    for (email, name, at) in rows {
        let id = super::orders::customer_for(conn, &email, &name, at - 200 * 86_400)?;
        save(conn, id, &Account { state: "DISABLED".into(), ..Account::default() })?;
    }
    for c in super::orders::all_customers(conn)? {
        let mut a = of(conn, c.id)?;
        if c.id % 3 == 0 {
            a.marketing = "SUBSCRIBED".into();
            save(conn, c.id, &a)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_and_a_link_for_an_account_not_yet_activated_and_neither_for_an_enabled_one() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("s.db")).unwrap();
        conn.execute_batch(&format!("{}{TABLES}", super::super::orders::TABLES)).unwrap();
        let c = super::super::orders::customer_for(&conn, "a@b.c", "A B", 0).unwrap();
        assert_eq!(of(&conn, c).unwrap().state, "ENABLED");
        assert!(invite(&conn, c).unwrap().is_err());
        assert!(activation_url(&conn, c, 1).unwrap().is_err());
        save(&conn, c, &Account { state: "DISABLED".into(), ..Account::default() }).unwrap();
        let first = activation_url(&conn, c, 1).unwrap().unwrap();
        let a = invite(&conn, c).unwrap().unwrap();
        assert_eq!((a.state.as_str(), a.invites), ("INVITED", 1));
        let second = activation_url(&conn, c, 2).unwrap().unwrap();
        assert_ne!(first, second, "a new link replaces the old");
        assert_eq!(of(&conn, c).unwrap().token.as_deref(), second.rsplit('/').next());
    }
}
