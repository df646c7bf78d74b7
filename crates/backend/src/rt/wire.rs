//! Reading Request Tracker's REST2 JSON into typed, lenient records, as Zendesk's are read:
//! RT sends ids and numbers as numbers or strings depending on the endpoint (both read), a
//! field of the wrong type reads as absent, a list skips the records it cannot read (and logs
//! them), and "unset" dates come as 1970-01-01 (read as none). Every list request names the
//! fields it reads, so one request brings a ticket's queue, owner and requestors inline.

use crate::lenient::LogSkipped;
use frontline_model::Timestamp;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_with::{DefaultOnError, DisplayFromStr, PickFirst, VecSkipError, serde_as};

/// The ticket fields every list asks for, with the nested records' fields.
pub const TICKET_FIELDS: &str = "fields=Subject,Status,Queue,Owner,Priority,Requestor,Created,LastUpdated,Due,Starts,Resolved,Told,TimeWorked\
&fields%5BQueue%5D=id,Name&fields%5BOwner%5D=id,Name,RealName,EmailAddress\
&fields%5BRequestor%5D=id,Name,RealName,EmailAddress";

/// A transaction's fields for the conversation, first-reply times, replies and reopens.
pub const HISTORY_FIELDS: &str =
    "fields=Type,Creator,Created,Field,OldValue,NewValue&fields%5BCreator%5D=id,Name,RealName,EmailAddress";

/// One page of a list: its records and where it is in the whole.
#[serde_as]
#[derive(Debug, Deserialize)]
#[serde(default, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    /// `None`: the answer is not a list at all.
    #[serde_as(deserialize_as = "DefaultOnError<Option<VecSkipError<_, LogSkipped>>>")]
    pub items: Option<Vec<T>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub page: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub pages: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub total: Option<u64>,
    /// How many items RT sent on this page, the ones the console could not read among them.
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub count: Option<u64>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page { items: None, page: None, pages: None, total: None, count: None }
    }
}

impl<T> Page<T> {
    pub fn items(&self) -> &[T] {
        self.items.as_deref().unwrap_or(&[])
    }

    /// The page after this one, if the answer says there is one. RT leaves `pages` empty on
    /// some lists; then a full page means there may be more — full by RT's own `count`, so a
    /// record the console skipped does not end the paging early.
    pub fn has_next(&self, per_page: usize) -> bool {
        match self.pages {
            Some(pages) => self.page.unwrap_or(1) < pages,
            None => self.count.map_or(self.items().len(), |c| usize::try_from(c).unwrap_or(usize::MAX)) >= per_page,
        }
    }
}

/// A person: a ticket's owner or requestor, a transaction's creator, a user record.
#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default, rename_all = "PascalCase")]
pub struct Person {
    #[serde(rename = "id")]
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub id: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub real_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub email_address: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub mobile_phone: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub work_phone: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub organization: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub comments: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub privileged: Option<u64>,
    /// Another user's record, read by an agent, has its numeric id only in its self link.
    #[serde(rename = "_hyperlinks")]
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub links: Vec<Link>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct Link {
    #[serde(rename = "ref")]
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub kind: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub id: Option<u64>,
}

/// A queue, as a ticket names it or the queue list gives it.
#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct Queue {
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub id: Option<u64>,
    #[serde(rename = "Name")]
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub name: Option<String>,
}

/// A custom field's values (`CustomFields: [{name, values: [...]}]`).
#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct CustomField {
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub values: Vec<String>,
}

/// A ticket of a search answer, or one read alone.
#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default, rename_all = "PascalCase")]
pub struct Ticket {
    #[serde(rename = "id")]
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub id: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub subject: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub queue: Option<Queue>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub owner: Option<Person>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub priority: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub requestor: Vec<Person>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub created: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub last_updated: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub due: Option<String>,
    /// When a stalled ticket wakes: the console's snooze (`rt::write`).
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub starts: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub resolved: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub told: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub time_worked: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub custom_fields: Vec<CustomField>,
}

/// A transaction of a ticket's history.
#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default, rename_all = "PascalCase")]
pub struct Txn {
    #[serde(rename = "id")]
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub id: Option<u64>,
    #[serde(rename = "Type")]
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub kind: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub creator: Option<Person>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub created: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub old_value: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub new_value: Option<String>,
}

/// An attachment: a message's text part, or a file.
#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default, rename_all = "PascalCase")]
pub struct Attachment {
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub id: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub transaction_id: Option<u64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub content: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub content_type: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub filename: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<PickFirst<(_, DisplayFromStr)>>>")]
    pub content_length: Option<u64>,
}

/// A text field that says something: RT sends empty strings for unset ones.
pub fn said(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// A date, or `None` for RT's "not set" (the epoch) and anything unreadable.
pub fn time(s: &Option<String>) -> Option<Timestamp> {
    let t = chrono::DateTime::parse_from_rfc3339(said(s)?).ok()?.timestamp();
    (t > 0).then_some(t)
}

/// An answer read as `T`. The records are lenient, so only an answer of another shape
/// altogether (a list where a record belongs) fails, naming `what` was read.
pub fn read<T: DeserializeOwned>(v: serde_json::Value, what: &str) -> crate::Result<T> {
    serde_json::from_value(v).map_err(|e| crate::BackendError::Decode {
        what: what.to_string(),
        detail: format!("Request Tracker sent {e}"),
    })
}

/// Percent-encodes a query-string value (TicketSQL).
pub fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_and_dates_come_in_either_form_and_odd_fields_read_as_absent() {
        let t: Ticket = read(
            json!({"id": "12", "Priority": "-5", "TimeWorked": 7, "Subject": 3,
                   "Due": "1970-01-01T00:00:00Z", "Created": "2026-11-22T18:04:10Z", "Told": "",
                   "Owner": {"id": "Nobody"}, "Requestor": [{"id": 43}, "not a person"]}),
            "a ticket",
        )
        .unwrap();
        assert_eq!((t.id, t.priority, t.time_worked), (Some(12), Some(-5), Some(7)));
        assert_eq!(t.subject, None, "a number where text belongs reads as absent");
        assert_eq!((time(&t.due), time(&t.told), time(&t.created)), (None, None, Some(1_795_370_650)));
        assert_eq!(t.owner.unwrap().id, None);
        assert_eq!(t.requestor.len(), 1, "a requestor that is not a record is skipped");
        assert!(read::<Ticket>(json!("Permission denied"), "a ticket").unwrap_err().to_string().contains("a ticket"));
    }

    #[test]
    fn paging_follows_pages_or_a_full_page() {
        let page = |v| read::<Page<Ticket>>(v, "a page").unwrap();
        assert!(page(json!({"page": 1, "pages": 3, "items": []})).has_next(100));
        assert!(!page(json!({"page": 3, "pages": 3, "items": [{"id": 1}]})).has_next(1));
        assert!(page(json!({"page": "1", "pages": null, "items": [{"id": 1}, {"id": 2}]})).has_next(2));
        assert!(!page(json!({"page": 1, "pages": null, "items": [{"id": 1}]})).has_next(2));
        assert!(page(json!({"message": "no"})).items.is_none(), "an answer that is no list says so");
        let skipped = page(json!({"page": 1, "pages": null, "count": 2, "items": [{"id": 1}, "unreadable"]}));
        assert_eq!(skipped.items().len(), 1);
        assert!(skipped.has_next(2), "a full page by RT's count, one record skipped: there may be more");
    }
}
