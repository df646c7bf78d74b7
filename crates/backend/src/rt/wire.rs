//! Reading Request Tracker's REST2 JSON. RT sends ids as numbers or strings depending on
//! the endpoint, and "unset" dates as 1970-01-01: these helpers take either, and every list
//! request names the fields it reads, so one request brings a ticket's queue, owner and
//! requestors inline.

use frontline_model::Timestamp;
use serde_json::Value;

/// The ticket fields every list asks for, with the nested records' fields.
pub const TICKET_FIELDS: &str = "fields=Subject,Status,Queue,Owner,Priority,Requestor,Created,LastUpdated,Due,Resolved,Told,TimeWorked\
&fields%5BQueue%5D=id,Name&fields%5BOwner%5D=id,Name,RealName,EmailAddress\
&fields%5BRequestor%5D=id,Name,RealName,EmailAddress";

/// A transaction's fields for the conversation, first-reply times, replies and reopens.
pub const HISTORY_FIELDS: &str =
    "fields=Type,Creator,Created,Field,OldValue,NewValue&fields%5BCreator%5D=id,Name,RealName,EmailAddress";

/// A number sent as a number or a string.
pub fn num(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A signed number sent as a number or a string (RT priorities).
pub fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A date, or `None` for RT's "not set" (the epoch) and anything unreadable.
pub fn time(v: &Value, key: &str) -> Option<Timestamp> {
    let t = chrono::DateTime::parse_from_rfc3339(text(v, key)?).ok()?.timestamp();
    (t > 0).then_some(t)
}

/// The items of a list answer.
pub fn items(v: &Value) -> &[Value] {
    v.get("items").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// The page after this one, if the answer says there is one. RT leaves `pages` empty on
/// some lists; then a full page means there may be more.
pub fn has_next(v: &Value, per_page: usize) -> bool {
    let page = num(v.get("page")).unwrap_or(1);
    match num(v.get("pages")) {
        Some(pages) => page < pages,
        None => items(v).len() >= per_page,
    }
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
    fn ids_and_dates_come_in_either_form() {
        assert_eq!(num(Some(&json!("12"))), Some(12));
        assert_eq!(num(Some(&json!(12))), Some(12));
        assert_eq!(num(Some(&json!("Nobody"))), None);
        assert_eq!(int(Some(&json!("-5"))), Some(-5));
        let v = json!({"Due": "1970-01-01T00:00:00Z", "Created": "2026-11-22T18:04:10Z", "Told": ""});
        assert_eq!(time(&v, "Due"), None);
        assert_eq!(time(&v, "Told"), None);
        assert_eq!(time(&v, "Created"), Some(1_795_370_650));
    }

    #[test]
    fn paging_follows_pages_or_a_full_page() {
        assert!(has_next(&json!({"page": 1, "pages": 3, "items": []}), 100));
        assert!(!has_next(&json!({"page": 3, "pages": 3, "items": [1]}), 1));
        assert!(has_next(&json!({"page": "1", "pages": null, "items": [1, 2]}), 2));
        assert!(!has_next(&json!({"page": 1, "pages": null, "items": [1]}), 2));
    }
}
