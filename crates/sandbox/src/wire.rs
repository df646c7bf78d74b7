//! Database rows turned into the JSON shapes of the Zendesk Support API v2.

use super::iso;
use super::sla;
use super::store::{CommentRow, GroupRow, MacroRow, OrgRow, TicketRow, UserRow, ViewRow};
use serde_json::{Value, json};

fn opt_iso(ts: Option<i64>) -> Value {
    ts.map_or(Value::Null, |t| Value::String(iso(t)))
}

fn json_list(raw: &str) -> Value {
    serde_json::from_str(raw).unwrap_or_else(|_| json!([]))
}

pub fn ticket(base: &str, t: &TicketRow) -> Value {
    let source_from = match (&t.via_from, t.channel.as_str()) {
        (Some(from), "email") => json!({"address": from, "name": Value::Null}),
        (Some(from), _) => json!({"name": from}),
        (None, _) => json!({}),
    };
    let satisfaction = match t.sat_score.as_str() {
        "good" | "bad" => json!({
            "id": t.sat_id, "score": t.sat_score, "comment": t.sat_comment,
        }),
        other => json!({"score": other}),
    };
    json!({
        "url": format!("{base}/api/v2/tickets/{}.json", t.id),
        "id": t.id,
        "external_id": Value::Null,
        "via": {"channel": t.channel, "source": {"from": source_from, "to": {}, "rel": t.via_rel}},
        "created_at": iso(t.created_at),
        "updated_at": iso(t.updated_at),
        "type": t.kind,
        "subject": t.subject,
        "raw_subject": t.subject,
        "description": t.description,
        "priority": t.priority,
        "status": t.status,
        "recipient": "support@northwind.example",
        "requester_id": t.requester_id,
        "submitter_id": t.submitter_id,
        "assignee_id": t.assignee_id,
        "organization_id": t.organization_id,
        "group_id": t.group_id,
        "collaborator_ids": [], "follower_ids": [], "email_cc_ids": [],
        "forum_topic_id": Value::Null, "problem_id": Value::Null, "has_incidents": false,
        "is_public": true, "due_at": Value::Null,
        "tags": json_list(&t.tags),
        "custom_fields": crate::fields::custom_fields(t),
        "fields": crate::fields::custom_fields(t),
        "ticket_form_id": 1,
        "satisfaction_rating": satisfaction,
        "sharing_agreement_ids": [], "followup_ids": [],
        "brand_id": 1, "allow_channelback": false, "allow_attachments": true,
        "from_messaging_channel": matches!(t.channel.as_str(), "native_messaging" | "chat"),
    })
}

/// The `slas` object Zendesk adds to a ticket for `include=slas`.
pub fn slas(t: &TicketRow, now: i64) -> Value {
    let metrics: Vec<Value> = sla::metrics(t)
        .into_iter()
        .map(|m| {
            let minutes = m.breach_at.map(|b| (b - now).div_euclid(60));
            json!({
                "metric": m.metric, "stage": m.stage, "breach_at": opt_iso(m.breach_at),
                "days": Value::Null, "hours": Value::Null, "minutes": minutes,
            })
        })
        .collect();
    json!({ "policy_metrics": metrics })
}

pub fn metric_set(base: &str, t: &TicketRow) -> Value {
    let minutes = |a: Option<i64>| a.map(|x| (x - t.created_at).max(0) / 60);
    let reply = minutes(t.first_reply_at);
    let resolution = minutes(t.solved_at);
    json!({
        "url": format!("{base}/api/v2/ticket_metrics/{}.json", t.id),
        "id": t.id,
        "ticket_id": t.id,
        "created_at": iso(t.created_at),
        "updated_at": iso(t.updated_at),
        "replies": t.replies,
        "reopens": t.reopens,
        "assignee_updated_at": opt_iso(t.assigned_at),
        "requester_updated_at": iso(t.created_at),
        "status_updated_at": iso(t.status_updated_at),
        "initially_assigned_at": opt_iso(t.initially_assigned_at),
        "assigned_at": opt_iso(t.assigned_at),
        "solved_at": opt_iso(t.solved_at),
        "latest_comment_added_at": iso(t.latest_comment_at),
        "reply_time_in_minutes": {"calendar": reply, "business": reply},
        "reply_time_in_seconds": {"calendar": t.first_reply_at.map(|x| (x - t.created_at).max(0))},
        "first_resolution_time_in_minutes": {"calendar": resolution, "business": resolution},
        "full_resolution_time_in_minutes": {"calendar": resolution, "business": resolution},
        "agent_wait_time_in_minutes": {"calendar": Value::Null, "business": Value::Null},
        "requester_wait_time_in_minutes": {"calendar": Value::Null, "business": Value::Null},
        "on_hold_time_in_minutes": {"calendar": 0, "business": 0},
    })
}

pub fn user(base: &str, u: &UserRow) -> Value {
    json!({
        "url": format!("{base}/api/v2/users/{}.json", u.id),
        "id": u.id,
        "name": u.name,
        "email": u.email,
        "role": u.role,
        "phone": u.phone,
        "organization_id": u.organization_id,
        "tags": json_list(&u.tags),
        "notes": u.notes,
        "details": Value::Null,
        "locale": u.locale,
        "time_zone": u.time_zone,
        "default_group_id": u.default_group_id,
        "active": true, "verified": true, "suspended": false, "shared": false,
        "photo": Value::Null,
        "user_fields": {},
        "created_at": iso(u.created_at),
        "updated_at": iso(u.updated_at),
    })
}

/// A comment; its attachments' addresses are stored relative and get `base` in front.
pub fn comment(base: &str, c: &CommentRow) -> Value {
    let plain = c.body.clone();
    let mut attachments = json_list(&c.attachments);
    for a in attachments.as_array_mut().into_iter().flatten() {
        for key in ["url", "content_url", "mapped_content_url"] {
            if let Some(Value::String(u)) = a.get_mut(key)
                && u.starts_with('/')
            {
                *u = format!("{base}{u}");
            }
        }
    }
    json!({
        "id": c.id,
        "type": if c.channel == "voice" { "VoiceComment" } else { "Comment" },
        "body": c.body,
        "html_body": c.html_body.clone().unwrap_or_else(|| format!("<p>{}</p>", html_escape(&c.body))),
        "plain_body": plain,
        "public": c.public,
        "author_id": c.author_id,
        "attachments": attachments,
        "audit_id": c.id,
        "via": {"channel": c.channel, "source": {"from": {}, "to": {}, "rel": Value::Null}},
        "metadata": {},
        "created_at": iso(c.created_at),
    })
}

pub fn group(base: &str, g: &GroupRow) -> Value {
    json!({
        "url": format!("{base}/api/v2/groups/{}.json", g.id),
        "id": g.id, "name": g.name, "description": g.description,
        "default": false, "deleted": false, "is_public": true,
        "created_at": iso(g.created_at), "updated_at": iso(g.created_at),
    })
}

pub fn organization(base: &str, o: &OrgRow) -> Value {
    json!({
        "url": format!("{base}/api/v2/organizations/{}.json", o.id),
        "id": o.id, "name": o.name,
        "domain_names": o.domain.iter().collect::<Vec<_>>(),
        "notes": o.notes, "details": Value::Null, "tags": [],
        "created_at": iso(o.created_at), "updated_at": iso(o.created_at),
    })
}

pub fn view(base: &str, v: &ViewRow, conditions: Value) -> Value {
    json!({
        "url": format!("{base}/api/v2/views/{}.json", v.id),
        "id": v.id, "title": v.title, "active": v.active, "position": v.position,
        "description": format!("Tickets matching: {}", v.query),
        "restriction": Value::Null,
        "default": false,
        "conditions": conditions,
        "execution": {
            "sort_by": v.sort_by, "sort_order": v.sort_order, "group_by": Value::Null,
            "columns": [
                {"id": "subject", "title": "Subject"}, {"id": "requester", "title": "Requester"},
                {"id": "updated", "title": "Updated"}, {"id": "priority", "title": "Priority"},
            ],
        },
        "created_at": iso(v.created_at), "updated_at": iso(v.created_at),
    })
}

pub fn macro_(base: &str, m: &MacroRow) -> Value {
    json!({
        "url": format!("{base}/api/v2/macros/{}.json", m.id),
        "id": m.id, "title": m.title, "description": m.description, "active": m.active,
        "position": m.position, "restriction": Value::Null, "default": false,
        "actions": json_list(&m.actions),
        "created_at": iso(m.created_at), "updated_at": iso(m.updated_at),
    })
}

pub fn sla_policies(base: &str) -> Value {
    let list: Vec<Value> = sla::POLICIES
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "url": format!("{base}/api/v2/slas/policies/{}.json", p.id),
                "id": p.id, "title": p.title, "description": format!("Targets for {} tickets", p.priority),
                "position": i + 1,
                "filter": {"all": [{"field": "priority", "operator": "is", "value": p.priority}], "any": []},
                "policy_metrics": [
                    {"priority": p.priority, "metric": "first_reply_time", "target": p.first_reply, "business_hours": false},
                    {"priority": p.priority, "metric": "next_reply_time", "target": p.next_reply, "business_hours": false},
                ],
                "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
            })
        })
        .collect();
    json!({ "sla_policies": list, "next_page": Value::Null, "previous_page": Value::Null, "count": list.len() })
}

pub fn satisfaction_rating(base: &str, t: &TicketRow) -> Value {
    json!({
        "url": format!("{base}/api/v2/satisfaction_ratings/{}.json", t.sat_id.unwrap_or(0)),
        "id": t.sat_id, "assignee_id": t.assignee_id, "group_id": t.group_id,
        "requester_id": t.requester_id, "ticket_id": t.id, "score": t.sat_score,
        "comment": t.sat_comment, "reason": Value::Null,
        "created_at": opt_iso(t.sat_at), "updated_at": opt_iso(t.sat_at),
    })
}

pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\n', "<br>")
}
