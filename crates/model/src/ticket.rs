//! Tickets, their messages, and the enums a console sorts and colours by.

use super::{Timestamp, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct TicketId(pub u64);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    New,
    Open,
    Pending,
    OnHold,
    Solved,
    Closed,
    /// A status the console does not know (custom statuses), shown as the helpdesk names it.
    Other(String),
}

impl Status {
    pub fn label(&self) -> &str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Pending => "pending",
            Status::OnHold => "on-hold",
            Status::Solved => "solved",
            Status::Closed => "closed",
            Status::Other(s) => s,
        }
    }
    /// A status by the name agents and configs use (`on-hold` and `hold` both work).
    pub fn parse(name: &str) -> Status {
        match name {
            "new" => Status::New,
            "open" => Status::Open,
            "pending" => Status::Pending,
            "on-hold" | "hold" => Status::OnHold,
            "solved" => Status::Solved,
            "closed" => Status::Closed,
            other => Status::Other(other.to_string()),
        }
    }

    pub fn is_unsolved(&self) -> bool {
        matches!(self, Status::New | Status::Open | Status::Pending | Status::OnHold | Status::Other(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub fn parse(name: &str) -> Option<Priority> {
        match name {
            "low" => Some(Priority::Low),
            "normal" => Some(Priority::Normal),
            "high" => Some(Priority::High),
            "urgent" => Some(Priority::Urgent),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }
}

/// Where a conversation came in. One inbox for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Channel {
    Email,
    Web,
    Chat,
    WhatsApp,
    Social,
    Phone,
    Api,
    Other,
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Web => "web",
            Channel::Chat => "chat",
            Channel::WhatsApp => "whatsapp",
            Channel::Social => "social",
            Channel::Phone => "phone",
            Channel::Api => "api",
            Channel::Other => "other",
        }
    }
    /// How a public reply reaches the customer, for the editor's title: messaging channels
    /// answer where the customer wrote, the rest by e-mail.
    pub fn reply_by(self) -> &'static str {
        match self {
            Channel::WhatsApp => "by WhatsApp",
            Channel::Chat => "in the chat",
            Channel::Social => "on social media",
            Channel::Email | Channel::Web | Channel::Phone | Channel::Api | Channel::Other => "by e-mail",
        }
    }
    /// A short fixed-width tag for the queue column.
    pub fn short(self) -> &'static str {
        match self {
            Channel::Email => "mail",
            Channel::Web => "web",
            Channel::Chat => "chat",
            Channel::WhatsApp => "wapp",
            Channel::Social => "soc",
            Channel::Phone => "tel",
            Channel::Api => "api",
            Channel::Other => "?",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Satisfaction {
    None,
    Offered,
    Good,
    Bad,
}

/// The SLA clock running on a ticket: which target, and when it breaches.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SlaClock {
    pub metric: String,
    /// `None` while paused (pending, on-hold).
    pub breach_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    pub subject: String,
    pub status: Status,
    pub priority: Option<Priority>,
    pub channel: Channel,
    pub requester: Option<UserId>,
    pub assignee: Option<UserId>,
    pub group: Option<u64>,
    pub tags: Vec<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub sla: Option<SlaClock>,
    pub satisfaction: Satisfaction,
    /// Minutes from creation to the first public agent reply, when known.
    pub first_reply_minutes: Option<i64>,
    pub solved_at: Option<Timestamp>,
    /// The helpdesk's version of the ticket, sent back with updates to detect conflicts.
    pub version: String,
    /// Order, tracking and RMA numbers its first message names, and its custom fields'
    /// values: what the queue's filter finds it by besides the subject.
    #[serde(default)]
    pub refs: Vec<String>,
    /// What the helpdesk measured on the ticket, where it does (Zendesk's ticket metrics).
    #[serde(default)]
    pub metrics: TicketMetrics,
    /// When a snoozed ticket wakes: Chatwoot's `snoozed_until`, RT's Starts on a stalled
    /// ticket, the wake tag on Zendesk (`snooze`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snoozed_until: Option<Timestamp>,
}

/// A ticket's measurements as the helpdesk keeps them; `None` where it does not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TicketMetrics {
    /// Public replies by agents.
    pub public_replies: Option<u32>,
    /// Times the ticket was reopened after being solved.
    pub reopens: Option<u32>,
    /// Minutes from creation to the last solve.
    pub full_resolution_minutes: Option<i64>,
    /// Seconds agents recorded working on it: Zendesk's Time Tracking total, RT's TimeWorked.
    #[serde(default)]
    pub handle_seconds: Option<u64>,
}

impl Ticket {
    /// A ticket with nothing set: new, no people, no clock (to reason about conditions).
    pub fn blank() -> Ticket {
        Ticket {
            id: TicketId(0),
            subject: String::new(),
            status: Status::New,
            priority: None,
            channel: Channel::Other,
            requester: None,
            assignee: None,
            group: None,
            tags: vec![],
            created_at: 0,
            updated_at: 0,
            sla: None,
            satisfaction: Satisfaction::None,
            first_reply_minutes: None,
            solved_at: None,
            version: String::new(),
            refs: vec![],
            metrics: TicketMetrics::default(),
            snoozed_until: None,
        }
    }

    /// Seconds until the SLA breaches (negative once breached), if a clock is running.
    pub fn sla_remaining(&self, now: Timestamp) -> Option<i64> {
        self.sla.as_ref().and_then(|s| s.breach_at).map(|b| b - now)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// Seen by the customer.
    Public,
    /// Internal note, agents only.
    Internal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: u64,
    pub author: UserId,
    pub kind: MessageKind,
    /// Already sanitised plain text (HTML converted).
    pub body: String,
    pub created_at: Timestamp,
    pub attachments: Vec<super::Attachment>,
    /// `body_fingerprint` of the text as the helpdesk stored it, before any display processing:
    /// how a write's own text is recognised in the conversation ("did it already arrive?").
    pub fingerprint: u64,
}

/// A fingerprint of a message text that ignores only line endings and whitespace at the ends
/// of lines and of the text — never characters the display sanitiser removes (zero-width
/// joiners in Persian, bidi marks), so two texts that differ in those stay different.
pub fn body_fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let normal: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches(['\r', ' ', '\t'])).collect();
    let first = normal.iter().position(|l| !l.is_empty()).unwrap_or(normal.len());
    let last = normal.iter().rposition(|l| !l.is_empty()).map_or(first, |i| i + 1);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    normal[first..last].hash(&mut h);
    h.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct ViewId(pub u64);

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct View {
    pub id: ViewId,
    pub title: String,
    /// The view's conditions where the console can check them itself (see `ViewFilter`).
    #[serde(default)]
    pub filter: Option<crate::ViewFilter>,
}

impl View {
    /// A view the console can only learn about by asking the helpdesk.
    pub fn new(id: ViewId, title: impl Into<String>) -> View {
        View { id, title: title.into(), filter: None }
    }
}

/// The counts the KPI bar asks the helpdesk for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TicketCount {
    /// Every unsolved ticket (new, open, pending, on-hold).
    Open,
    New,
    /// Unsolved and nobody assigned.
    Unassigned,
    /// Unsolved with urgent priority.
    Urgent,
    Pending,
}

impl TicketCount {
    pub const ALL: [TicketCount; 5] =
        [TicketCount::Open, TicketCount::New, TicketCount::Unassigned, TicketCount::Urgent, TicketCount::Pending];

    /// Whether ticket `t` is one of those this count counts.
    pub fn counts(self, t: &Ticket) -> bool {
        match self {
            TicketCount::Open => t.status.is_unsolved(),
            TicketCount::New => t.status == Status::New,
            TicketCount::Unassigned => t.status.is_unsolved() && t.assignee.is_none(),
            TicketCount::Urgent => t.status.is_unsolved() && t.priority == Some(Priority::Urgent),
            TicketCount::Pending => t.status == Status::Pending,
        }
    }
}
