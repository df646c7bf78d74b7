//! The cache: what the console last showed (one view's tickets in order, the people they
//! mention, views, groups, macros, counts) so the next start paints at once, and the drafts.
//! Tickets are upserted as they change; the view's order is rewritten only when it changed.

use frontline_model::TicketCount;
use frontline_model::{Group, Macro, ShopOrder, Ticket, TicketId, Timestamp, User, View, ViewId};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What the cache gives back at start.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// When the cache was last written.
    pub saved_at: Option<Timestamp>,
    pub view: Option<ViewId>,
    /// The view's tickets in the helpdesk's order.
    pub tickets: Vec<Ticket>,
    pub users: Vec<User>,
    pub me: Option<User>,
    pub views: Vec<View>,
    pub groups: Vec<Group>,
    /// The helpdesk's macros (the config's are added by the console).
    pub macros: Vec<Macro>,
    pub counts: Vec<(TicketCount, u64)>,
    /// Customers' orders from the shop: (e-mail, when fetched, orders), newest first.
    pub orders: Vec<(String, Timestamp, Vec<ShopOrder>)>,
}

/// Customers whose orders the cache keeps; the least recently fetched go first.
pub const ORDERS_KEPT: usize = 200;

/// A small value kept by name.
#[derive(Debug, Clone, PartialEq)]
pub enum Meta {
    Me(User),
    Views(Vec<View>),
    Groups(Vec<Group>),
    Macros(Vec<Macro>),
    Count(TicketCount, u64),
}

fn to_json<T: Serialize>(v: &T) -> rusqlite::Result<String> {
    serde_json::to_string(v).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
}

fn from_json<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_str(s).map_err(|e| tracing::warn!("cache: skipping an unreadable entry: {e}")).ok()
}

fn set(conn: &Connection, key: &str, value: String) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()
}

pub fn save_meta(conn: &Connection, m: &Meta, now: Timestamp) -> rusqlite::Result<()> {
    match m {
        Meta::Me(u) => set(conn, "me", to_json(u)?)?,
        Meta::Views(v) => set(conn, "views", to_json(v)?)?,
        Meta::Groups(g) => set(conn, "groups", to_json(g)?)?,
        Meta::Macros(l) => set(conn, "macros", to_json(l)?)?,
        Meta::Count(what, n) => set(conn, &format!("count:{}", to_json(what)?), n.to_string())?,
    }
    set(conn, "saved_at", now.to_string())
}

/// Upserts tickets and the people they mention; with `order`, the view's tickets become
/// exactly those, in that order (tickets no longer in any view are dropped).
pub fn save_tickets(
    conn: &mut Connection,
    view: ViewId,
    tickets: &[Ticket],
    users: &[User],
    order: Option<&[TicketId]>,
    now: Timestamp,
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut t = tx.prepare(
            "INSERT INTO tickets (id, updated_at, data) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data",
        )?;
        for x in tickets {
            t.execute(params![x.id.0 as i64, x.updated_at, to_json(x)?])?;
        }
        let mut u = tx.prepare(
            "INSERT INTO users (id, data) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
        )?;
        for x in users {
            u.execute(params![x.id.0 as i64, to_json(x)?])?;
        }
    }
    if let Some(order) = order {
        tx.execute("DELETE FROM view_tickets", [])?;
        {
            let mut o = tx.prepare("INSERT INTO view_tickets (view, position, ticket) VALUES (?1, ?2, ?3)")?;
            for (i, id) in order.iter().enumerate() {
                o.execute(params![view.0 as i64, i as i64, id.0 as i64])?;
            }
        }
        tx.execute("DELETE FROM tickets WHERE id NOT IN (SELECT ticket FROM view_tickets)", [])?;
        set(&tx, "view", view.0.to_string())?;
    }
    set(&tx, "saved_at", now.to_string())?;
    tx.commit()
}

/// Everything the cache holds. Entries that no longer read (an older format) are skipped.
pub fn load(conn: &Connection) -> rusqlite::Result<Snapshot> {
    let parse = |k: &str| -> rusqlite::Result<Option<String>> { get(conn, k) };
    let mut s = Snapshot {
        saved_at: parse("saved_at")?.and_then(|v| v.parse().ok()),
        view: parse("view")?.and_then(|v| v.parse().ok()).map(ViewId),
        me: parse("me")?.and_then(|v| from_json(&v)),
        views: parse("views")?.and_then(|v| from_json(&v)).unwrap_or_default(),
        groups: parse("groups")?.and_then(|v| from_json(&v)).unwrap_or_default(),
        macros: parse("macros")?.and_then(|v| from_json(&v)).unwrap_or_default(),
        ..Snapshot::default()
    };
    for what in TicketCount::ALL {
        if let Some(n) = parse(&format!("count:{}", to_json(&what)?))?.and_then(|v| v.parse().ok()) {
            s.counts.push((what, n));
        }
    }
    if let Some(view) = s.view {
        let mut q = conn.prepare(
            "SELECT t.data FROM view_tickets v JOIN tickets t ON t.id = v.ticket WHERE v.view = ?1 ORDER BY v.position",
        )?;
        let rows = q.query_map([view.0 as i64], |r| r.get::<_, String>(0))?;
        for r in rows {
            if let Some(t) = from_json(&r?) {
                s.tickets.push(t);
            }
        }
    }
    let mut q = conn.prepare("SELECT data FROM users")?;
    for r in q.query_map([], |r| r.get::<_, String>(0))? {
        if let Some(u) = from_json(&r?) {
            s.users.push(u);
        }
    }
    let mut q = conn.prepare("SELECT email, fetched_at, data FROM orders ORDER BY fetched_at DESC")?;
    for r in q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))? {
        let (email, at, data) = r?;
        if let Some(o) = from_json(&data) {
            s.orders.push((email, at, o));
        }
    }
    Ok(s)
}

/// A customer's orders as the shop last gave them; beyond `ORDERS_KEPT` customers the least
/// recently fetched are dropped.
pub fn save_orders(conn: &Connection, email: &str, orders: &[ShopOrder], now: Timestamp) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO orders(email, fetched_at, data) VALUES (?1, ?2, ?3)
         ON CONFLICT(email) DO UPDATE SET fetched_at = excluded.fetched_at, data = excluded.data",
        params![email, now, to_json(&orders)?],
    )?;
    tx.execute(
        "DELETE FROM orders WHERE email NOT IN (SELECT email FROM orders ORDER BY fetched_at DESC, email LIMIT ?1)",
        [ORDERS_KEPT as i64],
    )?;
    tx.commit()
}

/// A draft: `None` removes it (sent, or emptied).
pub fn save_draft(
    conn: &Connection,
    ticket: TicketId,
    draft: Option<(&str, bool)>,
    now: Timestamp,
) -> rusqlite::Result<()> {
    match draft {
        Some((body, public)) => conn.execute(
            "INSERT INTO drafts (ticket, body, public, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (ticket) DO UPDATE SET body = excluded.body, public = excluded.public,
                                               updated_at = excluded.updated_at",
            params![ticket.0 as i64, body, public, now],
        )?,
        None => conn.execute("DELETE FROM drafts WHERE ticket = ?1", [ticket.0 as i64])?,
    };
    Ok(())
}

pub fn drafts(conn: &Connection) -> rusqlite::Result<Vec<(TicketId, String, bool)>> {
    let mut q = conn.prepare("SELECT ticket, body, public FROM drafts ORDER BY updated_at")?;
    q.query_map([], |r| Ok((TicketId(r.get::<_, i64>(0)? as u64), r.get(1)?, r.get(2)?)))?.collect()
}

/// A ticket the helpdesk no longer has: out of every cached view and the ticket table.
pub fn forget(conn: &Connection, id: TicketId) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM view_tickets WHERE ticket = ?1", [id.0 as i64])?;
    conn.execute("DELETE FROM tickets WHERE id = ?1", [id.0 as i64])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontline_model::Role;
    use frontline_model::testkit::ticket;

    #[test]
    fn the_cache_gives_back_the_view_in_order_with_its_people() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = super::super::schema::open(&dir.path().join("s.db"), 1).unwrap().conn;
        let ts: Vec<Ticket> = (1..=3).map(|i| ticket(i, 100_000)).collect();
        let order = [TicketId(1003), TicketId(1001), TicketId(1002)];
        let ana = User::new(20001, "Ana", Role::Customer);
        save_tickets(&mut c, ViewId(405), &ts, std::slice::from_ref(&ana), Some(&order), 50).unwrap();
        save_meta(&c, &Meta::Count(TicketCount::Open, 77), 60).unwrap();
        save_meta(&c, &Meta::Views(vec![View::new(ViewId(405), "All open")]), 60).unwrap();
        // a change to one ticket, and one ticket leaving the view
        let mut changed = ts[0].clone();
        changed.subject = "Parcel (found)".into();
        save_tickets(&mut c, ViewId(405), &[changed], &[], Some(&[TicketId(1003), TicketId(1001)]), 70).unwrap();
        let s = load(&c).unwrap();
        assert_eq!(s.saved_at, Some(70));
        assert_eq!(s.view, Some(ViewId(405)));
        assert_eq!(s.tickets.iter().map(|t| t.id.0).collect::<Vec<_>>(), vec![1003, 1001]);
        assert_eq!(s.tickets[1].subject, "Parcel (found)");
        assert_eq!((s.users, s.counts), (vec![ana], vec![(TicketCount::Open, 77)]));
        assert_eq!(s.views[0].title, "All open");
    }

    #[test]
    fn orders_are_kept_per_customer_within_a_bound() {
        let dir = tempfile::tempdir().unwrap();
        let c = super::super::schema::open(&dir.path().join("s.db"), 1).unwrap().conn;
        let o = frontline_model::testkit::order("#NW804813");
        save_orders(&c, "ana@x.example", std::slice::from_ref(&o), 10).unwrap();
        save_orders(&c, "ana@x.example", &[o.clone(), o.clone()], 20).unwrap();
        for i in 0..ORDERS_KEPT {
            save_orders(&c, &format!("c{i}@x.example"), &[], 30 + i as i64).unwrap();
        }
        let s = load(&c).unwrap();
        assert_eq!(s.orders.len(), ORDERS_KEPT, "the least recently fetched went");
        assert!(!s.orders.iter().any(|(e, _, _)| e == "ana@x.example"));
        save_orders(&c, "ana@x.example", std::slice::from_ref(&o), 10_000).unwrap();
        let s = load(&c).unwrap();
        assert_eq!((s.orders[0].0.as_str(), s.orders[0].1, s.orders[0].2.clone()), ("ana@x.example", 10_000, vec![o]));
    }

    #[test]
    fn drafts_are_kept_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let c = super::super::schema::open(&dir.path().join("s.db"), 1).unwrap().conn;
        save_draft(&c, TicketId(5), Some(("half a repl", true)), 1).unwrap();
        save_draft(&c, TicketId(5), Some(("half a reply", false)), 2).unwrap();
        save_draft(&c, TicketId(6), Some(("x", true)), 3).unwrap();
        save_draft(&c, TicketId(6), None, 4).unwrap();
        assert_eq!(drafts(&c).unwrap(), vec![(TicketId(5), "half a reply".to_string(), false)]);
    }
}
