//! Zendesk records turned into the console's model. Every string is sanitised here, at the
//! boundary, so nothing from the wire reaches the screen raw.

use super::wire;
use frontline_model::TimeFields;
use frontline_model::body_fingerprint;
use frontline_model::text::{sanitize, sanitize_line};
use frontline_model::{
    self as model, Channel, Message, MessageKind, Priority, Role, Satisfaction, SlaClock, Status, TicketId, UserId,
};
use std::collections::HashMap;

pub fn time(s: &Option<String>) -> model::Timestamp {
    s.as_deref().and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok()).map_or(0, |d| d.timestamp())
}

pub fn status(s: Option<&str>) -> Status {
    match s.unwrap_or("open") {
        "new" => Status::New,
        "open" => Status::Open,
        "pending" => Status::Pending,
        "hold" => Status::OnHold,
        "solved" => Status::Solved,
        "closed" => Status::Closed,
        other => Status::Other(sanitize_line(other)),
    }
}

pub fn status_wire(s: &Status) -> &str {
    match s {
        Status::OnHold => "hold",
        other => other.label(),
    }
}

pub fn priority(s: Option<&str>) -> Option<Priority> {
    match s? {
        "low" => Some(Priority::Low),
        "normal" => Some(Priority::Normal),
        "high" => Some(Priority::High),
        "urgent" => Some(Priority::Urgent),
        _ => None,
    }
}

pub fn channel(via: &Option<wire::Via>) -> Channel {
    let Some(via) = via else { return Channel::Other };
    let rel = via.source.as_ref().and_then(|s| s.rel.as_deref()).unwrap_or("");
    match via.channel.as_deref().unwrap_or("") {
        "email" | "mail" => Channel::Email,
        "web" | "web_form" | "web_widget" | "helpcenter" | "mobile" | "mobile_sdk" => Channel::Web,
        "whatsapp" => Channel::WhatsApp,
        "native_messaging" | "sunshine_conversations_api" if rel.contains("whatsapp") => Channel::WhatsApp,
        "chat" | "chat_transcript" | "native_messaging" | "sms" => Channel::Chat,
        "twitter" | "twitter_dm" | "facebook" | "facebook_post" | "facebook_message" | "instagram_dm"
        | "any_channel" => Channel::Social,
        "voice"
        | "phone_call_inbound"
        | "phone_call_outbound"
        | "voicemail"
        | "api_phone_call_inbound"
        | "api_voicemail" => Channel::Phone,
        "api" | "web_service" => Channel::Api,
        _ => Channel::Other,
    }
}

fn satisfaction(v: &Option<serde_json::Value>) -> Satisfaction {
    match v.as_ref().and_then(|v| v.get("score")).and_then(|s| s.as_str()).unwrap_or("") {
        s if s.starts_with("good") => Satisfaction::Good,
        s if s.starts_with("bad") => Satisfaction::Bad,
        "offered" => Satisfaction::Offered,
        _ => Satisfaction::None,
    }
}

fn sla(s: &Option<wire::Slas>) -> Option<SlaClock> {
    let metrics = s.as_ref()?.policy_metrics.as_ref()?;
    // The clock that matters is the running one with the earliest breach.
    let running = metrics.iter().filter(|m| m.stage.as_deref() != Some("achieved"));
    let best = running.min_by_key(|m| m.breach_at.as_ref().map_or(i64::MAX, |_| time(&m.breach_at)))?;
    Some(SlaClock {
        metric: sanitize_line(best.metric.as_deref().unwrap_or("sla")),
        breach_at: if best.stage.as_deref() == Some("paused") {
            None
        } else {
            best.breach_at.as_ref().map(|_| time(&best.breach_at))
        },
    })
}

pub fn ticket(t: wire::Ticket, metrics: &HashMap<u64, wire::MetricSet>, timing: Option<TimeFields>) -> model::Ticket {
    let m = metrics.get(&t.id);
    let refs = refs(&t, timing);
    let handle_seconds = timing.and_then(|f| field_seconds(&t, f.total));
    let tags: Vec<String> = t.tags.unwrap_or_default().iter().map(|x| sanitize_line(x)).collect();
    let status = status(t.status.as_deref());
    // the wake time the team's consoles keep in a tag (Zendesk has no snooze of its own)
    let snoozed_until = (status == Status::OnHold).then(|| frontline_model::snooze::wake_in(&tags)).flatten();
    model::Ticket {
        id: TicketId(t.id),
        subject: sanitize_line(t.subject.as_deref().or(t.raw_subject.as_deref()).unwrap_or("(no subject)")),
        status,
        priority: priority(t.priority.as_deref()),
        channel: channel(&t.via),
        requester: t.requester_id.map(UserId),
        assignee: t.assignee_id.map(UserId),
        group: t.group_id,
        tags,
        created_at: time(&t.created_at),
        updated_at: time(&t.updated_at),
        sla: sla(&t.slas),
        satisfaction: satisfaction(&t.satisfaction_rating),
        first_reply_minutes: m.and_then(|m| m.reply_time_in_minutes.as_ref()).and_then(|r| r.calendar),
        solved_at: m.and_then(|m| m.solved_at.as_ref()).map(|_| time(&m.and_then(|m| m.solved_at.clone()))),
        refs,
        version: t.updated_at.unwrap_or_default(),
        metrics: model::TicketMetrics {
            public_replies: m.and_then(|m| m.replies),
            reopens: m.and_then(|m| m.reopens),
            full_resolution_minutes: m
                .and_then(|m| m.full_resolution_time_in_minutes.as_ref())
                .and_then(|r| r.calendar),
            handle_seconds,
        },
        snoozed_until,
    }
}

/// A number field's value in whole seconds (Zendesk sends integer fields as numbers, and
/// some apps write them as numeric strings); absent, empty or not a number is `None`.
pub fn field_seconds(t: &wire::Ticket, id: u64) -> Option<u64> {
    let f = t.custom_fields.iter().flatten().find(|f| f.id == Some(id))?;
    match f.value.as_ref()? {
        serde_json::Value::Number(n) => n.as_u64().or_else(|| n.as_f64().filter(|v| *v >= 0.0).map(|v| v as u64)),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The references the ticket's first message names and its custom fields' values (the time
/// tracking fields' seconds are not references).
fn refs(t: &wire::Ticket, time: Option<TimeFields>) -> Vec<String> {
    let mut out = frontline_model::text::references(t.description.as_deref().unwrap_or(""));
    let timing = |id: Option<u64>| time.is_some_and(|f| id == Some(f.total) || id == Some(f.last_update));
    for f in t.custom_fields.iter().flatten().filter(|f| !timing(f.id)) {
        let value = match &f.value {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => continue,
        };
        let value = sanitize_line(&value);
        if !value.trim().is_empty() && !out.contains(&value) && out.len() < 24 {
            out.push(value);
        }
    }
    out
}

pub fn user(u: wire::User, orgs: &HashMap<u64, String>) -> model::User {
    model::User {
        id: UserId(u.id),
        name: sanitize_line(u.name.as_deref().unwrap_or("(no name)")),
        email: u.email.as_deref().map(sanitize_line),
        phone: u.phone.as_deref().map(sanitize_line),
        role: match u.role.as_deref() {
            Some("admin") => Role::Admin,
            Some("agent") => Role::Agent,
            _ => Role::Customer,
        },
        organization: u.organization_id.and_then(|o| orgs.get(&o).cloned()),
        organization_id: u.organization_id,
        tags: u.tags.unwrap_or_default().iter().map(|x| sanitize_line(x)).collect(),
        notes: u.notes.as_deref().map(sanitize).filter(|n| !n.trim().is_empty()),
        groups: vec![],
        availability: None,
    }
}

pub fn message(c: wire::Comment) -> Message {
    let original = c.html_body.as_deref().map_or(0, str::len).max(c.body.as_deref().map_or(0, str::len));
    let plain = [c.plain_body.as_deref(), c.body.as_deref()].into_iter().flatten().find(|b| !b.trim().is_empty());
    let body = crate::body::message_body(c.html_body.as_deref(), plain, original);
    // the text as written: Zendesk keeps a comment's own text in `body`
    let fingerprint = body_fingerprint(c.body.as_deref().or(plain).unwrap_or(""));
    Message {
        fingerprint,
        id: c.id,
        author: UserId(c.author_id.unwrap_or(0)),
        kind: if c.public.unwrap_or(true) { MessageKind::Public } else { MessageKind::Internal },
        body,
        created_at: time(&c.created_at),
        attachments: c
            .attachments
            .unwrap_or_default()
            .into_iter()
            .filter_map(|a| {
                let name = a.file_name.as_deref()?;
                Some(model::Attachment::listed(name, a.content_type.as_deref(), a.size, a.content_url.as_deref()))
            })
            .collect(),
    }
}
