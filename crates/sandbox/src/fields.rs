//! Ticket fields as Zendesk lists them (`GET /api/v2/ticket_fields`): the system fields; the
//! shop's custom field "Order number", filled where a ticket names its order; and the two
//! integer fields Zendesk's Time Tracking app keeps, "Total time spent (sec)" and "Time spent
//! last update (sec)". All are set through `custom_fields` on a ticket update.

use serde_json::{Value, json};

/// The "Order number" custom field's id.
pub const ORDER_FIELD_ID: i64 = 360_000_100_001;
/// "Total time spent (sec)", as the Time Tracking app names it.
pub const TIME_TOTAL_FIELD_ID: i64 = 360_000_100_002;
/// "Time spent last update (sec)".
pub const TIME_LAST_FIELD_ID: i64 = 360_000_100_003;

/// The first order number (`NW` and six digits) in `text`, as the shop names its orders.
pub fn order_named(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(7)).find_map(|i| {
        let word = &chars[i..i + 8];
        let before_ok = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        let after_ok = chars.get(i + 8).is_none_or(|c| !c.is_ascii_alphanumeric());
        (word[0] == 'N' && word[1] == 'W' && word[2..].iter().all(char::is_ascii_digit) && before_ok && after_ok)
            .then(|| word.iter().collect())
    })
}

/// The fields of every ticket: Zendesk's system fields and the custom "Order number".
pub fn ticket_fields(base: &str) -> Vec<Value> {
    let system = [
        (360_000_000_001_i64, "subject", "Subject"),
        (360_000_000_002, "description", "Description"),
        (360_000_000_003, "status", "Status"),
        (360_000_000_004, "tickettype", "Type"),
        (360_000_000_005, "priority", "Priority"),
        (360_000_000_006, "group", "Group"),
        (360_000_000_007, "assignee", "Assignee"),
    ];
    let field = |id: i64, kind: &str, title: &str, removable: bool| {
        json!({
            "url": format!("{base}/api/v2/ticket_fields/{id}.json"), "id": id, "type": kind,
            "title": title, "raw_title": title, "description": "", "position": id % 1000,
            "active": true, "required": false, "visible_in_portal": true, "editable_in_portal": false,
            "removable": removable, "agent_description": Value::Null,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
        })
    };
    let mut out: Vec<Value> = system.iter().map(|(id, kind, title)| field(*id, kind, title, false)).collect();
    let mut order = field(ORDER_FIELD_ID, "text", "Order number", true);
    order["description"] = json!("The shop order the ticket is about (NW and six digits)");
    order["regexp_for_validation"] = json!("^NW[0-9]{6}$");
    out.push(order);
    for (id, title) in
        [(TIME_TOTAL_FIELD_ID, "Total time spent (sec)"), (TIME_LAST_FIELD_ID, "Time spent last update (sec)")]
    {
        let mut f = field(id, "integer", title, true);
        f["description"] = json!("Kept by the Time Tracking app");
        f["visible_in_portal"] = json!(false);
        out.push(f);
    }
    out
}

/// A ticket's `custom_fields` (and `fields`): the order number and the two times, or nulls.
pub fn custom_fields(t: &crate::store::TicketRow) -> Value {
    json!([
        {"id": ORDER_FIELD_ID, "value": t.order_ref},
        {"id": TIME_TOTAL_FIELD_ID, "value": t.time_total},
        {"id": TIME_LAST_FIELD_ID, "value": t.time_last},
    ])
}

/// What a ticket update's `custom_fields` (or `fields`) sets; `Some(None)` clears a field.
#[derive(Debug, Default, PartialEq)]
pub struct FieldUpdate {
    pub order: Option<Option<String>>,
    pub time_total: Option<Option<i64>>,
    pub time_last: Option<Option<i64>>,
}

/// Why an update's custom fields are refused, in Zendesk's manner of words.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FieldError {
    #[error("custom_fields: must be a list of {{id, value}}")]
    NotAList,
    #[error("custom_fields: every entry needs a numeric id")]
    NoId,
    #[error("Order number: {0} is not an order number (NW and six digits)")]
    NotAnOrderNumber(String),
    #[error("{id}: {value} is not a whole number of seconds")]
    NotSeconds { id: i64, value: String },
    #[error(
        "custom_fields: {0} is not a ticket field here (the custom ones are {ORDER_FIELD_ID}, {TIME_TOTAL_FIELD_ID} and {TIME_LAST_FIELD_ID})"
    )]
    Unknown(i64),
}

/// Reads an update's custom fields; an unknown field id, an order number that is not one or a
/// time that is not a whole number of seconds is refused in words.
pub fn from_update(t: &Value) -> Result<FieldUpdate, FieldError> {
    let mut out = FieldUpdate::default();
    let Some(list) = t.get("custom_fields").or_else(|| t.get("fields")) else { return Ok(out) };
    for f in list.as_array().ok_or(FieldError::NotAList)? {
        let id = f.get("id").and_then(Value::as_i64).ok_or(FieldError::NoId)?;
        let value = f.get("value").filter(|v| !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty()));
        match id {
            ORDER_FIELD_ID => {
                out.order = Some(match value {
                    None => None,
                    Some(Value::String(s)) if order_named(s.trim()).as_deref() == Some(s.trim()) => {
                        Some(s.trim().to_string())
                    }
                    Some(v) => return Err(FieldError::NotAnOrderNumber(v.to_string())),
                });
            }
            TIME_TOTAL_FIELD_ID | TIME_LAST_FIELD_ID => {
                let seconds = match value {
                    None => None,
                    Some(v) => Some(
                        v.as_i64()
                            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                            .filter(|n| *n >= 0)
                            .ok_or_else(|| FieldError::NotSeconds { id, value: v.to_string() })?,
                    ),
                };
                *(if id == TIME_TOTAL_FIELD_ID { &mut out.time_total } else { &mut out.time_last }) = Some(seconds);
            }
            _ => return Err(FieldError::Unknown(id)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_are_found_only_whole() {
        assert_eq!(order_named("Where is my order #NW481516?").as_deref(), Some("NW481516"));
        assert_eq!(order_named("NW123456").as_deref(), Some("NW123456"));
        assert_eq!(order_named("ref XNW1234567 or NW12345"), None);
        assert_eq!(order_named("注文NW100200のサイズ").as_deref(), Some("NW100200"));
    }

    #[test]
    fn an_update_sets_clears_or_is_refused_in_words() {
        let order = |u: &Value| from_update(u).map(|f| f.order);
        let set = json!({"custom_fields": [{"id": ORDER_FIELD_ID, "value": "NW111222"}]});
        assert_eq!(order(&set), Ok(Some(Some("NW111222".into()))));
        let clear = json!({"fields": [{"id": ORDER_FIELD_ID, "value": null}]});
        assert_eq!(order(&clear), Ok(Some(None)));
        assert_eq!(order(&json!({"status": "open"})), Ok(None));
        let other = json!({"custom_fields": [{"id": 1, "value": "x"}]});
        assert!(from_update(&other).unwrap_err().to_string().contains("not a ticket field"));
        let bad = json!({"custom_fields": [{"id": ORDER_FIELD_ID, "value": "12"}]});
        assert!(from_update(&bad).unwrap_err().to_string().contains("not an order number"));
        let times = json!({"custom_fields": [{"id": TIME_TOTAL_FIELD_ID, "value": 300}, {"id": TIME_LAST_FIELD_ID, "value": "45"}]});
        let f = from_update(&times).unwrap();
        assert_eq!((f.time_total, f.time_last), (Some(Some(300)), Some(Some(45))));
        let negative = json!({"custom_fields": [{"id": TIME_LAST_FIELD_ID, "value": -5}]});
        assert!(from_update(&negative).unwrap_err().to_string().contains("whole number of seconds"));
    }
}
