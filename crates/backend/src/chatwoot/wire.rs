//! Chatwoot's JSON as its jbuilder views write it (v4.16.2; `shared/reference/chatwoot-api.md`
//! §3), not as its OpenAPI file says: `snoozed_until` an ISO string, `updated_at` a float,
//! `content` null on attachment-only messages, `meta.assignee` absent when unassigned, 0 for
//! "never" in times. Unknown keys are ignored; keys the console relies on are required, so a
//! changed shape is an error that names it rather than an empty screen.

use serde::Deserialize;
use serde_json::Value;

/// `GET /conversations`: `{data: {meta, payload}}`.
#[derive(Debug, Deserialize)]
pub struct ConversationList {
    pub data: ListData,
}

#[derive(Debug, Deserialize)]
pub struct ListData {
    pub meta: Counts,
    pub payload: Vec<Conversation>,
}

/// `POST /conversations/filter`: `{meta, payload}` with no `data` wrapper (the spec is wrong).
#[derive(Debug, Deserialize)]
pub struct FilterList {
    pub meta: Counts,
    pub payload: Vec<Conversation>,
}

/// The counts of a list or of `conversations/meta` (`assigned_count` is not in a filter's).
#[derive(Debug, Default, Clone, Copy, Deserialize)]
pub struct Counts {
    #[serde(default)]
    pub mine_count: u64,
    #[serde(default)]
    pub assigned_count: u64,
    #[serde(default)]
    pub unassigned_count: u64,
    #[serde(default)]
    pub all_count: u64,
}

/// `GET /conversations/meta`: `{meta: {…}}`.
#[derive(Debug, Deserialize)]
pub struct MetaOnly {
    pub meta: Counts,
}

/// `{payload: [...]}` answers (contact conversations, labels, inboxes).
#[derive(Debug, Deserialize)]
pub struct Payload<T> {
    pub payload: T,
}

/// The conversation partial (REST) and `EventDataPresenter#push_data` (live): the keys both have.
#[derive(Debug, Clone, Deserialize)]
pub struct Conversation {
    pub id: u64,
    pub meta: ConversationMeta,
    pub inbox_id: u64,
    pub status: String,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub additional_attributes: Value,
    #[serde(default)]
    pub custom_attributes: Value,
    pub created_at: Value,
    #[serde(default)]
    pub updated_at: Option<Value>,
    #[serde(default)]
    pub last_activity_at: Option<Value>,
    #[serde(default)]
    pub first_reply_created_at: Option<Value>,
    #[serde(default)]
    pub snoozed_until: Option<Value>,
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub last_non_activity_message: Option<Message>,
    #[serde(default)]
    pub can_reply: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ConversationMeta {
    pub sender: Contact,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub assignee: Option<Person>,
    #[serde(default)]
    pub assignee_type: Option<String>,
    #[serde(default)]
    pub team: Option<Team>,
}

/// A contact (partial or push_event_data).
#[derive(Debug, Clone, Deserialize)]
pub struct Contact {
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default)]
    pub identifier: Option<String>,
    #[serde(default)]
    pub additional_attributes: Value,
    #[serde(default)]
    pub custom_attributes: Value,
    #[serde(default)]
    pub blocked: bool,
}

/// An agent (partial), a user or agent bot (push_event_data) or a contact, told apart by
/// `type` where it is given (`user`, `agent_bot`, `contact`, `captain_assistant`).
#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub available_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub availability_status: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Team {
    pub id: u64,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Inbox {
    pub id: u64,
    pub name: String,
    pub channel_type: String,
}

/// A message: the `_message` partial (REST) or push_event_data (conversation's last message,
/// live events). `sender_type` is only in the second; `sender` is absent for activity messages.
#[derive(Debug, Clone, Deserialize)]
pub struct Message {
    pub id: u64,
    #[serde(default)]
    pub content: Option<String>,
    pub message_type: Value,
    pub created_at: Value,
    #[serde(default)]
    pub private: bool,
    #[serde(default)]
    pub conversation_id: Option<u64>,
    #[serde(default)]
    pub sender: Option<Person>,
    #[serde(default)]
    pub sender_type: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Attachment {
    #[serde(default)]
    pub file_type: Option<String>,
    #[serde(default)]
    pub data_url: Option<String>,
    #[serde(default)]
    pub extension: Option<String>,
    #[serde(default)]
    pub content_type: Option<String>,
    /// Bytes; read leniently (a string or a float is not a reason to lose the message).
    #[serde(default)]
    pub file_size: Option<serde_json::Value>,
}

/// `GET /conversations/{id}/messages`.
#[derive(Debug, Deserialize)]
pub struct Messages {
    pub payload: Vec<Message>,
}

/// `GET /api/v1/profile`.
#[derive(Debug, Clone, Deserialize)]
pub struct Profile {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub pubsub_token: Option<String>,
    #[serde(default)]
    pub account_id: Option<u64>,
    #[serde(default)]
    pub accounts: Vec<ProfileAccount>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProfileAccount {
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
}

/// A canned response (model `as_json`, a bare array).
#[derive(Debug, Deserialize)]
pub struct Canned {
    pub id: u64,
    pub short_code: String,
    #[serde(default)]
    pub content: Option<String>,
}

/// `GET /api/v2/accounts/{id}/reports/summary`: averages are float seconds or null.
#[derive(Debug, Deserialize)]
pub struct Summary {
    #[serde(default)]
    pub conversations_count: Option<f64>,
    #[serde(default)]
    pub avg_first_response_time: Option<Value>,
    #[serde(default)]
    pub avg_resolution_time: Option<Value>,
    #[serde(default)]
    pub resolutions_count: Option<f64>,
}

/// A whole number of seconds from an int, a float or an ISO-8601 string; `None` for null,
/// 0 ("never" in Chatwoot) and anything else.
pub fn unix(v: Option<&Value>) -> Option<i64> {
    let n = match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?,
        Value::String(s) => chrono::DateTime::parse_from_rfc3339(s).ok()?.timestamp(),
        _ => return None,
    };
    (n > 0).then_some(n)
}

/// Seconds as float from a number or a numeric string (old servers sent averages as strings).
pub fn seconds(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A message type as an int (REST and live) or a string (webhooks).
pub fn message_type(v: &Value) -> Option<u8> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| u8::try_from(n).ok()),
        Value::String(s) => {
            ["incoming", "outgoing", "activity", "template"].iter().position(|x| x == s).map(|i| i as u8)
        }
        _ => None,
    }
}
