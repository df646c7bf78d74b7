//! Zendesk's JSON, read leniently: every field optional, nulls and unknown fields accepted,
//! so one odd record never fails a whole page.

use serde::{Deserialize, Deserializer, de::DeserializeOwned};
use serde_json::Value;

/// A field of the wrong type reads as absent instead of failing its whole record.
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(serde_json::from_value(v).ok())
}

/// A list of strings, skipping elements that are not strings.
fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Via {
    #[serde(deserialize_with = "lenient")]
    pub channel: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub source: Option<ViaSource>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ViaSource {
    #[serde(deserialize_with = "lenient")]
    pub rel: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct SlaMetric {
    #[serde(deserialize_with = "lenient")]
    pub metric: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub stage: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub breach_at: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Slas {
    #[serde(deserialize_with = "lenient")]
    pub policy_metrics: Option<Vec<SlaMetric>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Ticket {
    pub id: u64,
    #[serde(deserialize_with = "lenient")]
    pub subject: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub raw_subject: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub status: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub priority: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub via: Option<Via>,
    #[serde(deserialize_with = "lenient")]
    pub requester_id: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    pub assignee_id: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    pub group_id: Option<u64>,
    #[serde(deserialize_with = "strings")]
    pub tags: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient")]
    pub created_at: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub updated_at: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub satisfaction_rating: Option<Value>,
    #[serde(deserialize_with = "lenient")]
    pub slas: Option<Slas>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct User {
    pub id: u64,
    #[serde(deserialize_with = "lenient")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub email: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub phone: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub role: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub organization_id: Option<u64>,
    #[serde(deserialize_with = "strings")]
    pub tags: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient")]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Organization {
    pub id: u64,
    #[serde(deserialize_with = "lenient")]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Attachment {
    #[serde(deserialize_with = "lenient")]
    pub file_name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Comment {
    pub id: u64,
    #[serde(deserialize_with = "lenient")]
    pub author_id: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    pub body: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub html_body: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub plain_body: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub public: Option<bool>,
    #[serde(deserialize_with = "lenient")]
    pub created_at: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub attachments: Option<Vec<Attachment>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Minutes {
    #[serde(deserialize_with = "lenient")]
    pub calendar: Option<i64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct MetricSet {
    pub ticket_id: u64,
    #[serde(deserialize_with = "lenient")]
    pub reply_time_in_minutes: Option<Minutes>,
    #[serde(deserialize_with = "lenient")]
    pub solved_at: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct View {
    pub id: u64,
    #[serde(deserialize_with = "lenient")]
    pub title: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub active: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Group {
    pub id: u64,
    #[serde(deserialize_with = "lenient")]
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
