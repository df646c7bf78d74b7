//! The JSON the scripting commands print. These shapes are documented in the README and kept
//! stable: fields are added, never renamed or removed.

use frontline_model::{Figure, Message, MessageKind, Ticket, Timestamp, User};
use serde_json::{Value, json};
use std::collections::HashMap;

pub fn time(ts: Timestamp) -> Value {
    frontline_model::text::rfc3339(ts).map_or(Value::Null, Value::String)
}

fn person(u: Option<&User>, id: Option<u64>) -> Value {
    match (u, id) {
        (Some(u), _) => json!({"id": u.id.0, "name": u.name, "email": u.email}),
        (None, Some(id)) => json!({"id": id, "name": null, "email": null}),
        (None, None) => Value::Null,
    }
}

pub fn ticket(t: &Ticket, users: &HashMap<u64, User>, groups: &HashMap<u64, String>, now: Timestamp) -> Value {
    let user = |id: Option<frontline_model::UserId>| person(id.and_then(|i| users.get(&i.0)), id.map(|i| i.0));
    json!({
        "id": t.id.0,
        "subject": t.subject,
        "status": t.status.label(),
        "priority": t.priority.map(frontline_model::Priority::label),
        "channel": t.channel.label(),
        "requester": user(t.requester),
        "assignee": user(t.assignee),
        "group": t.group.and_then(|g| groups.get(&g).cloned()),
        "tags": t.tags,
        "created_at": time(t.created_at),
        "updated_at": time(t.updated_at),
        "sla": t.sla.as_ref().map(|s| json!({
            "metric": s.metric,
            "breach_at": s.breach_at.map(time),
            "remaining_seconds": s.breach_at.map(|b| b - now),
        })),
    })
}

pub fn message(m: &Message, users: &HashMap<u64, User>) -> Value {
    let author = users.get(&m.author.0);
    json!({
        "id": m.id,
        "author": {"id": m.author.0, "name": author.map(|u| u.name.clone()), "role": author.map(|u| if u.role.is_staff() { "agent" } else { "customer" })},
        "public": m.kind == MessageKind::Public,
        "created_at": time(m.created_at),
        "body": m.body,
        "attachments": m.attachments,
    })
}

/// A KPI figure: `{"value": 3}`, or `{"value": null, "state": "no_access"}`.
pub fn figure<T: serde::Serialize>(f: &Figure<T>) -> Value {
    match f {
        Figure::Value(v) => json!({"value": v}),
        Figure::NoAccess => json!({"value": null, "state": "no_access"}),
        Figure::Unavailable => json!({"value": null, "state": "unavailable"}),
        Figure::Loading => json!({"value": null, "state": "unavailable"}),
    }
}
