//! The field changes of a ticket update, checked as Zendesk checks them: status, priority,
//! assignee, group, subject, tags and the custom fields, each change recorded as an audit event and each
//! refusal as a field error.

use super::query::{PRIORITIES, STATUSES};
use super::store::{self, TicketRow};
use super::writes::{Update, WriteError};
use rusqlite::Connection;
use serde_json::{Value, json};

/// What an update did (the audit's events) and what it could not do (Zendesk's field errors).
#[derive(Default)]
pub struct Edit {
    pub events: Vec<Value>,
    pub bad: Vec<(String, String)>,
}

impl Edit {
    pub fn change(&mut self, field: &str, prev: Value, value: Value) {
        if prev != value {
            self.events.push(json!({"type": "Change", "field_name": field, "previous_value": prev, "value": value}));
        }
    }
    pub fn bad(&mut self, field: &str, why: String) {
        self.bad.push((field.into(), why));
    }
}

/// Status, priority, assignee, group and subject, each checked as Zendesk checks it.
pub fn apply_fields(tx: &Connection, t: &mut TicketRow, u: &Update, now: i64, e: &mut Edit) -> Result<(), WriteError> {
    if let Some(s) = &u.status {
        if STATUSES.contains(&s.as_str()) {
            t.status = s.clone();
        } else {
            e.bad("status", format!("Status: {s} is not valid"));
        }
    }
    if let Some(p) = &u.priority {
        match p {
            Some(p) if !PRIORITIES.contains(&p.as_str()) => e.bad("priority", format!("Priority: {p} is not valid")),
            p => {
                e.change("priority", json!(t.priority), json!(p));
                t.priority = p.clone();
            }
        }
    }
    let mut assignee = u.assignee_id;
    if let Some(email) = &u.assignee_email {
        match store::user_by_email(tx, email)? {
            Some(a) => assignee = Some(Some(a.id)),
            None => e.bad("assignee", format!("Assignee: {email} is not an agent")),
        }
    }
    if let Some(a) = assignee {
        if let Some(aid) = a {
            match store::user(tx, aid)? {
                Some(user) if user.is_agent() => {}
                _ => e.bad("assignee", format!("Assignee: {aid} is not an agent")),
            }
        }
        if a != t.assignee_id {
            e.change("assignee_id", json!(t.assignee_id), json!(a));
            t.assignee_id = a;
            if a.is_some() {
                t.assigned_at = Some(now);
                t.initially_assigned_at = t.initially_assigned_at.or(Some(now));
            }
        }
    }
    if let Some(g) = u.group_id {
        if let Some(gid) = g {
            let exists: i64 = tx.query_row("SELECT COUNT(*) FROM groups WHERE id = ?1", [gid], |r| r.get(0))?;
            if exists == 0 {
                e.bad("group", format!("Group: {gid} does not exist"));
            }
        }
        e.change("group_id", json!(t.group_id), json!(g));
        t.group_id = g;
    }
    if let Some(s) = &u.subject {
        e.change("subject", json!(t.subject), json!(s));
        t.subject = s.clone();
    }
    if let Some(order) = &u.order_ref
        && *order != t.order_ref
    {
        e.change(&crate::fields::ORDER_FIELD_ID.to_string(), json!(t.order_ref), json!(order));
        t.order_ref = order.clone();
    }
    // the Time Tracking fields, audited as Zendesk audits custom fields (by field id)
    for (id, set, slot) in [
        (crate::fields::TIME_TOTAL_FIELD_ID, u.time_total, &mut t.time_total),
        (crate::fields::TIME_LAST_FIELD_ID, u.time_last, &mut t.time_last),
    ] {
        if let Some(v) = set {
            // Zendesk records an update's fields even when a value repeats (two equal stretches)
            let text = |v: Option<i64>| v.map(|n| n.to_string());
            e.events.push(
                json!({"type": "Change", "field_name": id.to_string(), "previous_value": text(*slot), "value": text(v)}),
            );
            *slot = v;
        }
    }
    Ok(())
}

/// `tags` replaces the list, `additional_tags` and `remove_tags` edit it.
pub fn apply_tags(t: &mut TicketRow, u: &Update, e: &mut Edit) {
    let mut tags = t.tag_list();
    let before_tags = tags.clone();
    if let Some(new) = &u.tags {
        tags = new.clone();
    }
    for tag in &u.additional_tags {
        if !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    tags.retain(|x| !u.remove_tags.contains(x));
    if tags != before_tags {
        e.change("tags", json!(before_tags), json!(tags));
    }
    t.tags = serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into());
}
