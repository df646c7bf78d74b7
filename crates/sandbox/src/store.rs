//! Rows of the sandbox database and the reads the API needs, as plain structs.

use rusqlite::{Connection, OptionalExtension, Row, params_from_iter, types::Value};

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub phone: Option<String>,
    pub organization_id: Option<i64>,
    pub tags: String,
    pub notes: Option<String>,
    pub locale: String,
    pub time_zone: String,
    pub default_group_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl UserRow {
    pub fn is_agent(&self) -> bool {
        self.role == "agent" || self.role == "admin"
    }
}

const USER_COLS: &str = "id, name, email, role, phone, organization_id, tags, notes, locale, \
    time_zone, default_group_id, created_at, updated_at";

fn user_row(r: &Row) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        role: r.get(3)?,
        phone: r.get(4)?,
        organization_id: r.get(5)?,
        tags: r.get(6)?,
        notes: r.get(7)?,
        locale: r.get(8)?,
        time_zone: r.get(9)?,
        default_group_id: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

#[derive(Debug, Clone)]
pub struct TicketRow {
    pub id: i64,
    pub subject: String,
    pub description: String,
    pub status: String,
    pub priority: Option<String>,
    pub kind: Option<String>,
    pub channel: String,
    pub via_rel: Option<String>,
    pub via_from: Option<String>,
    pub requester_id: i64,
    pub submitter_id: i64,
    pub assignee_id: Option<i64>,
    pub group_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub tags: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub generated_ts: i64,
    pub first_reply_at: Option<i64>,
    pub solved_at: Option<i64>,
    pub assigned_at: Option<i64>,
    pub initially_assigned_at: Option<i64>,
    pub status_updated_at: i64,
    pub latest_comment_at: i64,
    pub awaiting_since: Option<i64>,
    pub replies: i64,
    pub reopens: i64,
    pub sat_score: String,
    pub sat_comment: Option<String>,
    pub sat_at: Option<i64>,
    pub sat_id: Option<i64>,
    /// The "Order number" custom field: the order the ticket is about, where it names one.
    pub order_ref: Option<String>,
    /// The Time Tracking fields: "Total time spent (sec)" and "Time spent last update (sec)".
    pub time_total: Option<i64>,
    pub time_last: Option<i64>,
}

impl TicketRow {
    pub fn tag_list(&self) -> Vec<String> {
        serde_json::from_str(&self.tags).unwrap_or_default()
    }
}

pub const TICKET_COLS: &str = "id, subject, description, status, priority, type, channel, via_rel, \
    via_from, requester_id, submitter_id, assignee_id, group_id, organization_id, tags, created_at, \
    updated_at, generated_ts, first_reply_at, solved_at, assigned_at, initially_assigned_at, \
    status_updated_at, latest_comment_at, awaiting_since, replies, reopens, sat_score, sat_comment, \
    sat_at, sat_id, order_ref, time_total, time_last";

pub fn ticket_row(r: &Row) -> rusqlite::Result<TicketRow> {
    Ok(TicketRow {
        id: r.get(0)?,
        subject: r.get(1)?,
        description: r.get(2)?,
        status: r.get(3)?,
        priority: r.get(4)?,
        kind: r.get(5)?,
        channel: r.get(6)?,
        via_rel: r.get(7)?,
        via_from: r.get(8)?,
        requester_id: r.get(9)?,
        submitter_id: r.get(10)?,
        assignee_id: r.get(11)?,
        group_id: r.get(12)?,
        organization_id: r.get(13)?,
        tags: r.get(14)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
        generated_ts: r.get(17)?,
        first_reply_at: r.get(18)?,
        solved_at: r.get(19)?,
        assigned_at: r.get(20)?,
        initially_assigned_at: r.get(21)?,
        status_updated_at: r.get(22)?,
        latest_comment_at: r.get(23)?,
        awaiting_since: r.get(24)?,
        replies: r.get(25)?,
        reopens: r.get(26)?,
        sat_score: r.get(27)?,
        sat_comment: r.get(28)?,
        sat_at: r.get(29)?,
        sat_id: r.get(30)?,
        order_ref: r.get(31)?,
        time_total: r.get(32)?,
        time_last: r.get(33)?,
    })
}

#[derive(Debug, Clone)]
pub struct CommentRow {
    pub id: i64,
    pub author_id: i64,
    pub body: String,
    pub html_body: Option<String>,
    pub public: bool,
    pub channel: String,
    pub attachments: String,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct ViewRow {
    pub id: i64,
    pub title: String,
    pub query: String,
    pub sort_by: String,
    pub sort_order: String,
    pub position: i64,
    pub active: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct MacroRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub actions: String,
    pub active: bool,
    pub position: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct OrgRow {
    pub id: i64,
    pub name: String,
    pub domain: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
}

pub fn user(conn: &Connection, id: i64) -> rusqlite::Result<Option<UserRow>> {
    conn.query_row(&format!("SELECT {USER_COLS} FROM users WHERE id = ?1"), [id], user_row).optional()
}

pub fn user_by_email(conn: &Connection, email: &str) -> rusqlite::Result<Option<UserRow>> {
    conn.query_row(&format!("SELECT {USER_COLS} FROM users WHERE email = ?1 COLLATE NOCASE"), [email], user_row)
        .optional()
}

pub fn users_where(conn: &Connection, cond: &str, args: &[Value]) -> rusqlite::Result<Vec<UserRow>> {
    let mut st = conn.prepare(&format!("SELECT {USER_COLS} FROM users WHERE {cond} ORDER BY id"))?;
    let rows = st.query_map(params_from_iter(args.iter()), user_row)?;
    rows.collect()
}

pub fn users_by_ids(conn: &Connection, ids: &[i64]) -> rusqlite::Result<Vec<UserRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let args: Vec<Value> = ids.iter().map(|i| Value::Integer(*i)).collect();
    users_where(conn, &format!("id IN ({})", placeholders(ids.len())), &args)
}

pub fn ticket(conn: &Connection, id: i64) -> rusqlite::Result<Option<TicketRow>> {
    conn.query_row(&format!("SELECT {TICKET_COLS} FROM tickets WHERE id = ?1"), [id], ticket_row).optional()
}

/// Tickets matching `cond` in the given order, at most `limit` from `offset`.
pub fn tickets_where(
    conn: &Connection,
    cond: &str,
    args: &[Value],
    order: &str,
    limit: i64,
    offset: i64,
) -> rusqlite::Result<Vec<TicketRow>> {
    let sql = format!("SELECT {TICKET_COLS} FROM tickets WHERE {cond} ORDER BY {order} LIMIT {limit} OFFSET {offset}");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params_from_iter(args.iter()), ticket_row)?;
    rows.collect()
}

pub fn count_tickets(conn: &Connection, cond: &str, args: &[Value]) -> rusqlite::Result<i64> {
    conn.query_row(&format!("SELECT COUNT(*) FROM tickets WHERE {cond}"), params_from_iter(args.iter()), |r| r.get(0))
}

pub fn comments(conn: &Connection, ticket_id: i64) -> rusqlite::Result<Vec<CommentRow>> {
    let mut st = conn.prepare_cached(
        "SELECT id, author_id, body, html_body, public, channel, attachments, created_at \
         FROM comments WHERE ticket_id = ?1 ORDER BY created_at, id",
    )?;
    let rows = st.query_map([ticket_id], |r| {
        Ok(CommentRow {
            id: r.get(0)?,
            author_id: r.get(1)?,
            body: r.get(2)?,
            html_body: r.get(3)?,
            public: r.get::<_, i64>(4)? != 0,
            channel: r.get(5)?,
            attachments: r.get(6)?,
            created_at: r.get(7)?,
        })
    })?;
    rows.collect()
}

pub fn groups(conn: &Connection) -> rusqlite::Result<Vec<GroupRow>> {
    let mut st = conn.prepare("SELECT id, name, description, created_at FROM groups ORDER BY id")?;
    let rows = st.query_map([], |r| {
        Ok(GroupRow { id: r.get(0)?, name: r.get(1)?, description: r.get(2)?, created_at: r.get(3)? })
    })?;
    rows.collect()
}

pub fn organizations(conn: &Connection) -> rusqlite::Result<Vec<OrgRow>> {
    let mut st = conn.prepare("SELECT id, name, domain, notes, created_at FROM organizations ORDER BY id")?;
    let rows = st.query_map([], |r| {
        Ok(OrgRow { id: r.get(0)?, name: r.get(1)?, domain: r.get(2)?, notes: r.get(3)?, created_at: r.get(4)? })
    })?;
    rows.collect()
}

pub fn views(conn: &Connection) -> rusqlite::Result<Vec<ViewRow>> {
    let mut st = conn.prepare(
        "SELECT id, title, query, sort_by, sort_order, position, active, created_at FROM views \
         ORDER BY position, id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(ViewRow {
            id: r.get(0)?,
            title: r.get(1)?,
            query: r.get(2)?,
            sort_by: r.get(3)?,
            sort_order: r.get(4)?,
            position: r.get(5)?,
            active: r.get::<_, i64>(6)? != 0,
            created_at: r.get(7)?,
        })
    })?;
    rows.collect()
}

pub fn macros(conn: &Connection) -> rusqlite::Result<Vec<MacroRow>> {
    let mut st = conn.prepare(
        "SELECT id, title, description, actions, active, position, created_at, updated_at \
         FROM macros ORDER BY position, id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(MacroRow {
            id: r.get(0)?,
            title: r.get(1)?,
            description: r.get(2)?,
            actions: r.get(3)?,
            active: r.get::<_, i64>(4)? != 0,
            position: r.get(5)?,
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
        })
    })?;
    rows.collect()
}

pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(",")
}
