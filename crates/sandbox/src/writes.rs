//! Changes to tickets, as Zendesk makes them: field updates with validation and conflict
//! checks, comments with authorship, first-reply metrics, audits, and new tickets.

use super::edit::{Edit, apply_fields, apply_tags};
use super::iso;
use super::store::{self, TicketRow, UserRow};
use rusqlite::{Connection, params};
use serde_json::{Value, json};

#[derive(Debug)]
pub enum WriteError {
    NotFound,
    /// `safe_update` with a stale `updated_stamp`.
    Conflict,
    /// Field → what is wrong with it.
    Invalid(Vec<(String, String)>),
    Db(rusqlite::Error),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Db(e)
    }
}

#[derive(Debug, Default, Clone)]
pub struct NewComment {
    pub body: String,
    pub html_body: Option<String>,
    pub public: bool,
    pub author_id: Option<i64>,
}

/// A ticket update as sent in `{"ticket": {...}}`. `Some(None)` clears a field.
#[derive(Debug, Default, Clone)]
pub struct Update {
    pub status: Option<String>,
    pub priority: Option<Option<String>>,
    pub assignee_id: Option<Option<i64>>,
    pub assignee_email: Option<String>,
    pub group_id: Option<Option<i64>>,
    pub tags: Option<Vec<String>>,
    pub additional_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub subject: Option<String>,
    pub comment: Option<NewComment>,
    pub safe_update: bool,
    pub updated_stamp: Option<String>,
    /// The "Order number" custom field: `Some(None)` clears it.
    pub order_ref: Option<Option<String>>,
    /// The Time Tracking fields (seconds): `Some(None)` clears one.
    pub time_total: Option<Option<i64>>,
    pub time_last: Option<Option<i64>>,
    /// `metadata` as sent: Zendesk keeps it on the update's audit as `metadata.custom`.
    pub custom_metadata: Option<Value>,
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    v.and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
}

fn opt_id(v: &Value) -> Result<Option<i64>, ()> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n.as_i64().map(Some).ok_or(()),
        Value::String(s) => s.parse().map(Some).map_err(|_| ()),
        _ => Err(()),
    }
}

impl Update {
    /// Reads the inside of `{"ticket": …}`; wrong types are reported per field.
    pub fn from_json(t: &Value) -> Result<Update, WriteError> {
        let mut bad = Vec::new();
        let mut u = Update {
            status: t.get("status").and_then(Value::as_str).map(str::to_owned),
            subject: t.get("subject").and_then(Value::as_str).map(str::to_owned),
            tags: strings(t.get("tags")),
            additional_tags: strings(t.get("additional_tags")).unwrap_or_default(),
            remove_tags: strings(t.get("remove_tags")).unwrap_or_default(),
            assignee_email: t.get("assignee_email").and_then(Value::as_str).map(str::to_owned),
            safe_update: t.get("safe_update").and_then(Value::as_bool).unwrap_or(false),
            updated_stamp: t.get("updated_stamp").and_then(Value::as_str).map(str::to_owned),
            custom_metadata: t.get("metadata").filter(|c| c.is_object()).cloned(),
            ..Default::default()
        };
        if let Some(p) = t.get("priority") {
            u.priority = Some(p.as_str().map(str::to_owned));
        }
        for (key, slot) in [("assignee_id", &mut u.assignee_id), ("group_id", &mut u.group_id)] {
            if let Some(v) = t.get(key) {
                match opt_id(v) {
                    Ok(id) => *slot = Some(id),
                    Err(()) => bad.push((key.to_string(), format!("{key}: is not a number"))),
                }
            }
        }
        if let Some(c) = t.get("comment") {
            let body = c.get("body").and_then(Value::as_str).map(str::to_owned);
            let html = c.get("html_body").and_then(Value::as_str).map(str::to_owned);
            let text = body.clone().or_else(|| html.as_deref().map(strip_tags)).unwrap_or_default();
            if text.trim().is_empty() {
                bad.push(("comment".into(), "Comment: body cannot be blank".into()));
            }
            u.comment = Some(NewComment {
                body: text,
                html_body: html,
                public: c.get("public").and_then(Value::as_bool).unwrap_or(true),
                author_id: c.get("author_id").and_then(|v| opt_id(v).ok().flatten()),
            });
        }
        match crate::fields::from_update(t) {
            Ok(f) => (u.order_ref, u.time_total, u.time_last) = (f.order, f.time_total, f.time_last),
            Err(why) => bad.push(("custom_fields".into(), why.to_string())),
        }
        if bad.is_empty() { Ok(u) } else { Err(WriteError::Invalid(bad)) }
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Applies `u` to ticket `id` as `actor` at time `now`, in one transaction.
/// Returns the ticket after the change and the audit that records it.
pub fn update_ticket(
    conn: &mut Connection,
    actor: &UserRow,
    id: i64,
    u: &Update,
    now: i64,
) -> Result<(TicketRow, Value), WriteError> {
    let tx = conn.transaction()?;
    let mut t = store::ticket(&tx, id)?.ok_or(WriteError::NotFound)?;
    if u.safe_update
        && let Some(stamp) = &u.updated_stamp
    {
        let stamp_ts = chrono::DateTime::parse_from_rfc3339(stamp).map(|d| d.timestamp()).ok();
        if stamp_ts != Some(t.updated_at) {
            return Err(WriteError::Conflict);
        }
    }
    let mut e = Edit::default();
    if t.status == "closed" {
        e.bad("status", "Status: closed prevents ticket update".into());
    }
    let prev_status = t.status.clone();
    apply_fields(&tx, &mut t, u, now, &mut e)?;
    apply_tags(&mut t, u, &mut e);
    let author = comment_author(&tx, actor, u)?;
    // An agent's update moves a new ticket to open, as Zendesk does; a customer's reply reopens it.
    if u.status.is_none() {
        if t.status == "new" && (actor.is_agent() && (u.comment.is_some() || t.assignee_id.is_some())) {
            t.status = "open".into();
        }
        if !author.is_agent() && u.comment.is_some() && matches!(t.status.as_str(), "pending" | "solved" | "hold") {
            t.status = "open".into();
        }
    }
    if !e.bad.is_empty() {
        return Err(WriteError::Invalid(e.bad));
    }
    if t.status != prev_status {
        e.change("status", json!(prev_status), json!(t.status));
        t.status_updated_at = now;
        if t.status == "solved" {
            t.solved_at = Some(now);
        }
        if matches!(prev_status.as_str(), "solved") && t.status != "closed" {
            t.reopens += 1;
        }
    }
    let stamp = now.max(t.updated_at + 1);
    if let Some(c) = &u.comment {
        record_comment(&tx, &mut t, &author, c, stamp, &mut e)?;
    }
    t.updated_at = stamp;
    t.generated_ts = stamp;
    save(&tx, &t)?;
    let metadata = audit_metadata(u.custom_metadata.as_ref());
    tx.execute(
        "INSERT INTO audits(ticket_id, author_id, created_at, events, metadata) VALUES (?1,?2,?3,?4,?5)",
        params![t.id, actor.id, stamp, Value::Array(e.events.clone()).to_string(), metadata.to_string()],
    )?;
    let audit_id = tx.last_insert_rowid();
    tx.commit()?;
    let audit = json!({"id": audit_id, "ticket_id": t.id, "created_at": iso(stamp), "author_id": actor.id,
                       "events": e.events, "metadata": metadata});
    Ok((t, audit))
}

/// An audit's `metadata` as Zendesk shows it: the system's part and the `custom` part the
/// update carried (an integration's own marks, such as the console's outbox key).
pub fn audit_metadata(custom: Option<&Value>) -> Value {
    json!({"system": {"client": "sandbox"}, "custom": custom.cloned().unwrap_or_else(|| json!({}))})
}

/// Who a comment is by: the actor, or the `author_id` an agent names.
fn comment_author(tx: &Connection, actor: &UserRow, u: &Update) -> Result<UserRow, WriteError> {
    Ok(match &u.comment {
        Some(c) => match c.author_id {
            Some(aid) if actor.is_agent() => store::user(tx, aid)?
                .ok_or(WriteError::Invalid(vec![("author".into(), format!("Author: {aid} does not exist"))]))?,
            _ => actor.clone(),
        },
        None => actor.clone(),
    })
}

/// Adds the comment and moves the reply metrics it affects.
fn record_comment(
    tx: &Connection,
    t: &mut TicketRow,
    author: &UserRow,
    c: &NewComment,
    stamp: i64,
    e: &mut Edit,
) -> Result<(), WriteError> {
    let channel = if author.is_agent() { "web".to_string() } else { t.channel.clone() };
    tx.execute(
        "INSERT INTO comments(ticket_id, author_id, body, html_body, public, channel, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7)",
        params![t.id, author.id, c.body, c.html_body, i64::from(c.public), channel, stamp],
    )?;
    let cid = tx.last_insert_rowid();
    e.events.push(json!({"type": "Comment", "id": cid, "body": c.body, "public": c.public, "author_id": author.id}));
    t.latest_comment_at = stamp;
    if author.is_agent() && c.public {
        t.replies += 1;
        t.first_reply_at = t.first_reply_at.or(Some(stamp));
        t.awaiting_since = None;
    } else if !author.is_agent() {
        t.awaiting_since = t.awaiting_since.or(Some(stamp));
    }
    Ok(())
}

fn save(conn: &Connection, t: &TicketRow) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tickets SET subject=?2, status=?3, priority=?4, assignee_id=?5, group_id=?6, tags=?7, \
         updated_at=?8, generated_ts=?9, first_reply_at=?10, solved_at=?11, assigned_at=?12, \
         initially_assigned_at=?13, status_updated_at=?14, latest_comment_at=?15, awaiting_since=?16, \
         replies=?17, reopens=?18, sat_score=?19, sat_comment=?20, sat_at=?21, sat_id=?22, order_ref=?23, \
         time_total=?24, time_last=?25 WHERE id=?1",
        params![
            t.id,
            t.subject,
            t.status,
            t.priority,
            t.assignee_id,
            t.group_id,
            t.tags,
            t.updated_at,
            t.generated_ts,
            t.first_reply_at,
            t.solved_at,
            t.assigned_at,
            t.initially_assigned_at,
            t.status_updated_at,
            t.latest_comment_at,
            t.awaiting_since,
            t.replies,
            t.reopens,
            t.sat_score,
            t.sat_comment,
            t.sat_at,
            t.sat_id,
            t.order_ref,
            t.time_total,
            t.time_last
        ],
    )?;
    Ok(())
}

/// A customer's satisfaction rating on a solved ticket.
pub fn rate(conn: &Connection, ticket: &TicketRow, score: &str, comment: &str, now: i64) -> rusqlite::Result<()> {
    let stamp = now.max(ticket.updated_at + 1);
    conn.execute(
        "UPDATE tickets SET sat_score=?2, sat_comment=?3, sat_at=?4, sat_id=?1 + 700000, updated_at=?4, generated_ts=?4 WHERE id=?1",
        params![ticket.id, score, if comment.is_empty() { None } else { Some(comment) }, stamp],
    )?;
    Ok(())
}

/// Everything a new ticket needs; the first comment is the description.
pub struct NewTicket<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    pub html_body: Option<&'a str>,
    pub channel: &'a str,
    pub via_rel: Option<&'a str>,
    pub via_from: Option<&'a str>,
    pub requester: &'a UserRow,
    pub priority: Option<&'a str>,
    pub group_id: Option<i64>,
    pub tags: &'a [String],
}

pub fn create_ticket(conn: &mut Connection, n: &NewTicket, now: i64) -> rusqlite::Result<TicketRow> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO tickets(subject, description, status, priority, type, channel, via_rel, via_from, \
         requester_id, submitter_id, group_id, organization_id, tags, created_at, updated_at, generated_ts, \
         status_updated_at, latest_comment_at, awaiting_since, order_ref) \
         VALUES (?1,?2,'new',?3,'question',?4,?5,?6,?7,?7,?8,?9,?10,?11,?11,?11,?11,?11,?11,?12)",
        params![
            n.subject,
            n.body,
            n.priority,
            n.channel,
            n.via_rel,
            n.via_from,
            n.requester.id,
            n.group_id,
            n.requester.organization_id,
            serde_json::to_string(n.tags).unwrap_or_else(|_| "[]".into()),
            now,
            crate::fields::order_named(&format!("{} {}", n.subject, n.body))
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO comments(ticket_id, author_id, body, html_body, public, channel, created_at) VALUES (?1,?2,?3,?4,1,?5,?6)",
        params![id, n.requester.id, n.body, n.html_body, n.channel, now],
    )?;
    tx.commit()?;
    store::ticket(conn, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
}
