//! Zendesk's JSON, read leniently: every field optional, nulls and unknown fields accepted,
//! so one odd record never fails a whole page.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Via {
    pub channel: Option<String>,
    pub source: Option<ViaSource>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ViaSource {
    pub rel: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct SlaMetric {
    pub metric: Option<String>,
    pub stage: Option<String>,
    pub breach_at: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Slas {
    pub policy_metrics: Option<Vec<SlaMetric>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Ticket {
    pub id: u64,
    pub subject: Option<String>,
    pub raw_subject: Option<String>,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub via: Option<Via>,
    pub requester_id: Option<u64>,
    pub assignee_id: Option<u64>,
    pub group_id: Option<u64>,
    pub tags: Option<Vec<String>>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub satisfaction_rating: Option<Value>,
    pub slas: Option<Slas>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct User {
    pub id: u64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Option<String>,
    pub organization_id: Option<u64>,
    pub tags: Option<Vec<String>>,
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Organization {
    pub id: u64,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Attachment {
    pub file_name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Comment {
    pub id: u64,
    pub author_id: Option<u64>,
    pub body: Option<String>,
    pub html_body: Option<String>,
    pub plain_body: Option<String>,
    pub public: Option<bool>,
    pub created_at: Option<String>,
    pub attachments: Option<Vec<Attachment>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Minutes {
    pub calendar: Option<i64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct MetricSet {
    pub ticket_id: u64,
    pub reply_time_in_minutes: Option<Minutes>,
    pub solved_at: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct View {
    pub id: u64,
    pub title: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Group {
    pub id: u64,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Meta {
    pub has_more: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Links {
    pub next: Option<String>,
}

/// Any list answer: the list under its key, sideloads and both pagination envelopes.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListPage {
    pub tickets: Option<Vec<Value>>,
    pub results: Option<Vec<Value>>,
    pub users: Option<Vec<Value>>,
    pub organizations: Option<Vec<Value>>,
    pub metric_sets: Option<Vec<Value>>,
    pub comments: Option<Vec<Value>>,
    pub meta: Option<Meta>,
    pub links: Option<Links>,
    pub next_page: Option<String>,
    pub count: Option<u64>,
}

impl ListPage {
    /// The next page's URL from either envelope.
    pub fn next(&self) -> Option<String> {
        if let Some(meta) = &self.meta {
            if meta.has_more == Some(true) {
                return self.links.as_ref().and_then(|l| l.next.clone());
            }
            return None;
        }
        self.next_page.clone()
    }
}

/// Reads each element on its own: a record that does not fit is skipped and logged.
pub fn each<T: serde::de::DeserializeOwned>(items: &Option<Vec<Value>>, what: &str) -> Vec<T> {
    items
        .iter()
        .flatten()
        .filter_map(|v| match serde_json::from_value::<T>(v.clone()) {
            Ok(t) => Some(t),
            Err(e) => {
                tracing::warn!("skipped a {what} the console cannot read: {e}");
                None
            }
        })
        .collect()
}
