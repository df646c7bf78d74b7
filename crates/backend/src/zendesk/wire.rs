//! Zendesk's JSON, read leniently with serde_with: every field optional, a field of the wrong
//! type reads as absent (`DefaultOnError`), a list skips the elements it cannot read and logs
//! them (`VecSkipError` with `LogSkipped`), so one odd record never fails a whole page. A
//! record without its `id` is one the console cannot use: it is skipped, never the page.

pub use crate::lenient::LogSkipped;
use serde::Deserialize;
use serde_json::Value;
use serde_with::{DefaultOnError, VecSkipError, serde_as};

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Via {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub channel: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub source: Option<ViaSource>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ViaSource {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub rel: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct SlaMetric {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub metric: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub stage: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub breach_at: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Slas {
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub policy_metrics: Option<Vec<SlaMetric>>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Ticket {
    pub id: u64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub subject: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub raw_subject: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub priority: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub via: Option<Via>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub requester_id: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub assignee_id: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub group_id: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_>>>")]
    pub tags: Option<Vec<String>>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub created_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub updated_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub satisfaction_rating: Option<Value>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub slas: Option<Slas>,
    /// The first comment's text, as Zendesk keeps it on the ticket.
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub description: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_>>>")]
    pub custom_fields: Option<Vec<CustomField>>,
}

/// One custom field's value on a ticket (text, number, drop-down tag or null).
#[derive(Debug, Clone, Deserialize)]
pub struct CustomField {
    #[serde(default)]
    pub id: Option<u64>,
    #[serde(default)]
    pub value: Option<Value>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct User {
    pub id: u64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub email: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub phone: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub role: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub organization_id: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_>>>")]
    pub tags: Option<Vec<String>>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub notes: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Organization {
    pub id: u64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub name: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Attachment {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub file_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub content_type: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub size: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub content_url: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Comment {
    pub id: u64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub author_id: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub body: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub html_body: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub plain_body: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub public: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub created_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub attachments: Option<Vec<Attachment>>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Minutes {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub calendar: Option<i64>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct MetricSet {
    pub ticket_id: u64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub reply_time_in_minutes: Option<Minutes>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub solved_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub replies: Option<u32>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub reopens: Option<u32>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub full_resolution_time_in_minutes: Option<Minutes>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct View {
    pub id: u64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub title: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub active: Option<bool>,
    /// `{"all": [...], "any": [...]}`, read by `conditions::view_filter`.
    pub conditions: Option<serde_json::Value>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Group {
    pub id: u64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub name: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Meta {
    pub has_more: Option<bool>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Links {
    pub next: Option<String>,
}

/// Any list answer: the list under its key, sideloads and both pagination envelopes. Each
/// list is read record by record.
#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListPage {
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub tickets: Option<Vec<Ticket>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub results: Option<Vec<Ticket>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub users: Option<Vec<User>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub organizations: Option<Vec<Organization>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub metric_sets: Option<Vec<MetricSet>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub comments: Option<Vec<Comment>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub views: Option<Vec<View>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub groups: Option<Vec<Group>>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub meta: Option<Meta>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub links: Option<Links>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub next_page: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
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

impl ListPage {
    /// Reads any answer as a page; an answer that is not an object reads as an empty page.
    pub fn read(v: Value) -> ListPage {
        let mut page: ListPage = serde_json::from_value(v).unwrap_or_default();
        // Zendesk never gives id 0: a record that read as 0 had no id
        for list in [&mut page.tickets, &mut page.results].into_iter().flatten() {
            list.retain(|t| t.id != 0);
        }
        if let Some(users) = &mut page.users {
            users.retain(|u| u.id != 0);
        }
        page
    }
}

#[cfg(test)]
mod tests {
    use super::ListPage;
    use serde_json::json;

    #[test]
    fn one_bad_record_is_skipped_never_the_page() {
        let page = ListPage::read(json!({
            "tickets": [
                {"id": 1, "subject": "Where is my order?", "tags": ["vip", 7, "wismo"], "via": "not an object"},
                {"id": "two", "subject": "an id that is not a number"},
                {"subject": "no id at all"},
                {"id": 3, "subject": 42, "priority": ["urgent"], "slas": {"policy_metrics": [{"metric": 1}, {"metric": "first_reply_time", "breach_at": "2026-09-21T15:00:00Z"}]}}
            ],
            "users": "not a list",
            "next_page": 17
        }));
        let tickets = page.tickets.unwrap_or_default();
        assert_eq!(
            tickets.iter().map(|t| t.id).collect::<Vec<_>>(),
            vec![1, 3],
            "records without a usable id are skipped"
        );
        assert_eq!(
            tickets[0].tags.as_deref(),
            Some(&["vip".to_string(), "wismo".to_string()][..]),
            "non-strings dropped"
        );
        assert!(tickets[0].via.is_none(), "a field of the wrong type reads as absent");
        assert_eq!((tickets[1].subject.as_deref(), tickets[1].priority.as_deref()), (None, None));
        let metrics = tickets[1].slas.as_ref().and_then(|s| s.policy_metrics.as_ref()).unwrap();
        assert_eq!(metrics.len(), 2, "an odd metric keeps its place with what could be read");
        assert_eq!(metrics[1].metric.as_deref(), Some("first_reply_time"));
        assert!(page.users.is_none() && page.next_page.is_none());
    }
}
