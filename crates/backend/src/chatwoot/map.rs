//! Chatwoot's records as the console's: a conversation (by display id) is a ticket, a contact
//! the customer, labels tags, a team the group, the inbox's channel type the channel. Agents,
//! contacts and bots are separate tables in Chatwoot, so contacts and bots get ids of their
//! own range here (`CONTACT`, `BOT`) and never collide with an agent of the same number.

use super::wire::{self, unix};
use frontline_model::text::{references, sanitize_line, truncate};
use frontline_model::{
    Channel, Macro, MacroSource, Message, MessageKind, NewComment, Priority, Role, Satisfaction, Status, StatusNames,
    Ticket, TicketChange, TicketId, User, UserId, body_fingerprint,
};

/// Contacts' user ids start here (contact 7 is user `CONTACT + 7`).
pub const CONTACT: u64 = 1 << 40;
/// Agent bots' user ids start here.
pub const BOT: u64 = 2 << 40;

pub fn status_names() -> StatusNames {
    StatusNames::new(
        &[
            (Status::Open, "open"),
            (Status::Pending, "pending"),
            (Status::OnHold, "snoozed"),
            (Status::Solved, "resolved"),
        ],
        &[],
        ("Pending", "Pend"),
    )
}

pub fn status(s: &str) -> Status {
    match s {
        "open" => Status::Open,
        "pending" => Status::Pending,
        "snoozed" => Status::OnHold,
        "resolved" => Status::Solved,
        other => Status::Other(sanitize_line(other)),
    }
}

/// Chatwoot's word for a status the agent sets; `None` for one it does not have.
pub fn status_wire(s: &Status) -> Option<&'static str> {
    match s {
        Status::Open => Some("open"),
        Status::Pending => Some("pending"),
        Status::OnHold => Some("snoozed"),
        Status::Solved => Some("resolved"),
        Status::New | Status::Closed | Status::Other(_) => None,
    }
}

pub fn priority(p: Option<&str>) -> Option<Priority> {
    match p? {
        "low" => Some(Priority::Low),
        "medium" => Some(Priority::Normal),
        "high" => Some(Priority::High),
        "urgent" => Some(Priority::Urgent),
        _ => None,
    }
}

pub fn priority_wire(p: Priority) -> &'static str {
    match p {
        Priority::Low => "low",
        Priority::Normal => "medium",
        Priority::High => "high",
        Priority::Urgent => "urgent",
    }
}

/// The inbox's channel class (`Channel::Whatsapp`…) as the queue's channel column.
pub fn channel(class: Option<&str>) -> Channel {
    match class.unwrap_or("").trim_start_matches("Channel::") {
        "Whatsapp" => Channel::WhatsApp,
        "Email" => Channel::Email,
        "WebWidget" => Channel::Chat,
        "FacebookPage" | "Instagram" | "TwitterProfile" | "Tiktok" | "Telegram" | "Line" => Channel::Social,
        "Sms" | "TwilioSms" => Channel::Phone,
        "Api" => Channel::Api,
        _ => Channel::Other,
    }
}

pub fn contact_id(id: u64) -> UserId {
    UserId(CONTACT + id)
}

pub fn contact(c: &wire::Contact) -> User {
    let name = c.name.as_deref().map(sanitize_line).filter(|n| !n.trim().is_empty());
    let name = name
        .or_else(|| c.email.as_deref().map(sanitize_line))
        .or_else(|| c.phone_number.as_deref().map(sanitize_line))
        .unwrap_or_else(|| format!("contact {}", c.id));
    let mut u = User::new(CONTACT + c.id, &name, Role::Customer);
    u.email = c.email.as_deref().map(sanitize_line).filter(|e| !e.is_empty());
    u.phone = c.phone_number.as_deref().map(sanitize_line).filter(|p| !p.is_empty());
    u.organization = c.additional_attributes.get("company_name").and_then(|v| v.as_str()).map(sanitize_line);
    if c.blocked {
        u.tags.push("blocked".into());
    }
    u
}

/// An agent, bot or contact as a user, by the `type` it carries (agents' partial has none).
pub fn person(p: &wire::Person, bot_hint: bool) -> User {
    let name = p.available_name.as_deref().or(p.name.as_deref()).map(sanitize_line).unwrap_or_default();
    let name = p.name.as_deref().map(sanitize_line).filter(|n| !n.is_empty()).unwrap_or(name);
    match p.kind.as_deref() {
        Some("contact") => {
            let mut u = User::new(CONTACT + p.id, &name, Role::Customer);
            u.email = p.email.as_deref().map(sanitize_line);
            u.phone = p.phone_number.as_deref().map(sanitize_line);
            u
        }
        Some("agent_bot" | "captain_assistant") => User::new(BOT + p.id, &format!("{name} (bot)"), Role::Agent),
        _ if bot_hint => User::new(BOT + p.id, &format!("{name} (bot)"), Role::Agent),
        _ => {
            let role = if p.role.as_deref() == Some("administrator") { Role::Admin } else { Role::Agent };
            let mut u = User::new(p.id, &name, role);
            u.email = p.email.as_deref().map(sanitize_line);
            u.availability = p.availability_status.as_deref().map(sanitize_line).filter(|a| !a.is_empty());
            u
        }
    }
}

/// A conversation as a ticket, with the contact and the assignee it names.
pub fn ticket(c: &wire::Conversation) -> (Ticket, Vec<User>) {
    let customer = contact(&c.meta.sender);
    let bot = c.meta.assignee_type.as_deref() == Some("AgentBot");
    let assignee = c.meta.assignee.as_ref().map(|a| person(a, bot));
    let created_at = unix(Some(&c.created_at)).unwrap_or(0);
    let last = unix(c.last_activity_at.as_ref()).unwrap_or(created_at);
    let changed = unix(c.updated_at.as_ref()).unwrap_or(0).max(last);
    let status = status(&c.status);
    let text = c.last_non_activity_message.as_ref().or(c.messages.first()).and_then(|m| m.content.clone());
    let subject = c
        .additional_attributes
        .get("mail_subject")
        .and_then(|v| v.as_str())
        .filter(|s| !s.trim().is_empty())
        .map(String::from)
        .or_else(|| text.as_deref().and_then(|t| t.lines().find(|l| !l.trim().is_empty())).map(String::from))
        .map_or_else(|| format!("Conversation with {}", customer.name), |s| truncate(&sanitize_line(&s), 100));
    let first_reply = unix(c.first_reply_created_at.as_ref()).map(|at| ((at - created_at).max(0)) / 60);
    let mut refs = text.as_deref().map(references).unwrap_or_default();
    if let Some(obj) = c.custom_attributes.as_object() {
        refs.extend(obj.values().filter_map(|v| v.as_str()).map(sanitize_line).filter(|s| !s.is_empty()));
    }
    let snoozed_until = if status == Status::OnHold { unix(c.snoozed_until.as_ref()) } else { None };
    let t = Ticket {
        id: TicketId(c.id),
        subject,
        priority: priority(c.priority.as_deref()),
        channel: channel(c.meta.channel.as_deref()),
        requester: Some(customer.id),
        assignee: assignee.as_ref().map(|a| a.id),
        group: c.meta.team.as_ref().map(|t| t.id),
        tags: c.labels.iter().map(|l| sanitize_line(l)).collect(),
        created_at,
        updated_at: changed,
        sla: None,
        satisfaction: Satisfaction::None,
        first_reply_minutes: first_reply,
        // Chatwoot keeps no resolution time on the conversation: its last change is the best known
        solved_at: (status == Status::Solved).then_some(changed),
        status,
        version: c.updated_at.as_ref().map(std::string::ToString::to_string).unwrap_or_default(),
        refs,
        metrics: Default::default(),
        snoozed_until,
    };
    let mut users = vec![customer];
    users.extend(assignee);
    (t, users)
}

/// A message and its author: activity lines (status changes, assignments) are notes by the
/// helpdesk itself.
pub fn message(m: &wire::Message) -> (Message, Option<User>) {
    let kind = wire::message_type(&m.message_type).unwrap_or(0);
    let sender = m.sender.as_ref().map(|s| person(s, m.sender_type.as_deref() == Some("AgentBot")));
    let sender = match (sender, kind) {
        (_, 2) | (None, _) => User::new(UserId::HELPDESK.0, "Chatwoot activity", Role::Agent),
        (Some(u), _) => u,
    };
    let author = sender.id;
    let raw = m.content.as_deref().unwrap_or("");
    let public = kind != 2 && !m.private;
    let attachments = m
        .attachments
        .iter()
        .map(|a| {
            let from_url = a.data_url.as_deref().and_then(|u| u.rsplit('/').next()).filter(|n| !n.is_empty());
            let name = from_url.map_or_else(
                || {
                    let kind = a.file_type.as_deref().unwrap_or("file");
                    a.extension.as_deref().map_or_else(|| kind.to_string(), |e| format!("{kind}.{e}"))
                },
                String::from,
            );
            let kind = a.content_type.as_deref().or(a.file_type.as_deref());
            let size = a.file_size.as_ref().and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()));
            frontline_model::Attachment::listed(&name, kind, size, a.data_url.as_deref())
        })
        .collect();
    let msg = Message {
        id: m.id,
        author,
        kind: if public { MessageKind::Public } else { MessageKind::Internal },
        body: crate::body::message_body(None, Some(raw), raw.len()),
        created_at: unix(Some(&m.created_at)).unwrap_or(0),
        attachments,
        fingerprint: body_fingerprint(raw),
    };
    (msg, Some(sender))
}

/// Chatwoot's canned-response variables as the console's placeholders; others stay as written.
pub fn placeholders(text: &str) -> String {
    [
        ("{{contact.name}}", "{{ticket.requester.name}}"),
        ("{{contact.first_name}}", "{{ticket.requester.first_name}}"),
        ("{{contact.email}}", "{{ticket.requester.email}}"),
        ("{{agent.name}}", "{{current_user.name}}"),
        ("{{agent.first_name}}", "{{current_user.first_name}}"),
        ("{{agent.email}}", "{{current_user.email}}"),
        ("{{conversation.id}}", "{{ticket.id}}"),
    ]
    .iter()
    .fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

/// A canned response as a macro: a public reply, titled by its short code.
pub fn canned(c: &wire::Canned) -> Macro {
    Macro {
        source: MacroSource::Helpdesk(c.id),
        title: sanitize_line(&c.short_code),
        change: TicketChange {
            comment: Some(NewComment { body: placeholders(c.content.as_deref().unwrap_or("")), public: true }),
            ..Default::default()
        },
        shop: vec![],
    }
}
