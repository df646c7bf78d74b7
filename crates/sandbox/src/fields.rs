//! Ticket fields as Zendesk lists them (`GET /api/v2/ticket_fields`): the system fields, and
//! the shop's one custom field, "Order number", filled where a ticket names its order and set
//! through `custom_fields` on a ticket update.

use serde_json::{Value, json};

/// The "Order number" custom field's id.
pub const ORDER_FIELD_ID: i64 = 360_000_100_001;

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
    out
}

/// A ticket's `custom_fields` (and `fields`): the order number, or null.
pub fn custom_fields(order_ref: Option<&str>) -> Value {
    json!([{"id": ORDER_FIELD_ID, "value": order_ref}])
}

/// The order number a ticket update's `custom_fields` (or `fields`) sets: `Some(None)` clears
/// it; another field id, or a value that is not an order number, is refused in words.
pub fn order_from_update(t: &Value) -> Result<Option<Option<String>>, String> {
    let Some(list) = t.get("custom_fields").or_else(|| t.get("fields")) else { return Ok(None) };
    let mut out = None;
    for f in list.as_array().ok_or("custom_fields: must be a list of {id, value}")? {
        let id = f.get("id").and_then(Value::as_i64).ok_or("custom_fields: every entry needs a numeric id")?;
        if id != ORDER_FIELD_ID {
            return Err(format!("custom_fields: {id} is not a ticket field here (the custom one is {ORDER_FIELD_ID})"));
        }
        out = Some(match f.get("value") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) if order_named(s.trim()).as_deref() == Some(s.trim()) => Some(s.trim().to_string()),
            Some(v) => return Err(format!("Order number: {v} is not an order number (NW and six digits)")),
        });
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
        let set = json!({"custom_fields": [{"id": ORDER_FIELD_ID, "value": "NW111222"}]});
        assert_eq!(order_from_update(&set), Ok(Some(Some("NW111222".into()))));
        let clear = json!({"fields": [{"id": ORDER_FIELD_ID, "value": null}]});
        assert_eq!(order_from_update(&clear), Ok(Some(None)));
        assert_eq!(order_from_update(&json!({"status": "open"})), Ok(None));
        let other = json!({"custom_fields": [{"id": 1, "value": "x"}]});
        assert!(order_from_update(&other).unwrap_err().contains("not a ticket field"));
        let bad = json!({"custom_fields": [{"id": ORDER_FIELD_ID, "value": "12"}]});
        assert!(order_from_update(&bad).unwrap_err().contains("not an order number"));
    }
}
