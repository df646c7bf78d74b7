//! Writes to Zendesk: a `TicketChange` as a ticket update body (with `safe_update` and
//! `updated_stamp` for conflict detection), the bulk endpoint with its job status, and
//! Zendesk macros read into backend-neutral `Macro`s.

use super::map;
use frontline_model::{Macro, MacroSource, NewComment, TicketChange, UserId};
use serde_json::{Map, Value, json};

/// Where an update's outbox key sits in its audit: Zendesk keeps what an update sends as
/// `ticket.metadata` under the audit's `metadata.custom`, so a resend can ask whether this very
/// write landed.
pub const KEY_POINTER: &str = "/metadata/custom/frontline_key";

/// `body` (the inside of `{"ticket": …}`) marked with the outbox entry's key.
pub fn with_key(mut body: Value, key: &str) -> Value {
    body["metadata"] = json!({"frontline_key": key});
    body
}

/// The inside of `{"ticket": …}` for a change.
pub fn ticket_body(change: &TicketChange, expected_version: Option<&str>) -> Value {
    let mut t = Map::new();
    if let Some(s) = &change.status {
        t.insert("status".into(), json!(map::status_wire(s)));
    }
    if let Some(p) = &change.priority {
        t.insert("priority".into(), json!(p.map(frontline_model::Priority::label)));
    }
    if let Some(a) = &change.assignee {
        t.insert("assignee_id".into(), json!(a.map(|u| u.0)));
    }
    if let Some(g) = &change.group {
        t.insert("group_id".into(), json!(g));
    }
    let mut add = change.add_tags.clone();
    // Zendesk has no snooze: the wake time goes in tags the team's consoles read (`snooze`)
    if let (Some(frontline_model::Status::OnHold), Some(at)) = (&change.status, change.until) {
        add.extend(frontline_model::snooze::tags_for(at));
    }
    if !add.is_empty() {
        t.insert("additional_tags".into(), json!(add));
    }
    if !change.remove_tags.is_empty() {
        t.insert("remove_tags".into(), json!(change.remove_tags));
    }
    if let Some(c) = &change.comment {
        t.insert("comment".into(), json!({"body": c.body, "public": c.public}));
    }
    if let Some(v) = expected_version.filter(|v| !v.is_empty()) {
        t.insert("safe_update".into(), json!(true));
        t.insert("updated_stamp".into(), json!(v));
    }
    Value::Object(t)
}

/// A Zendesk macro's actions as a change. Actions the console does not know are skipped
/// (and logged), never guessed at.
pub fn macro_from(v: &Value, me: Option<UserId>) -> Option<Macro> {
    let id = v.get("id")?.as_u64()?;
    let title =
        frontline_model::text::sanitize_line(v.get("title").and_then(Value::as_str).unwrap_or("(untitled macro)"));
    let mut change = TicketChange::default();
    let mut body: Option<String> = None;
    let mut public = true;
    for a in v.get("actions").and_then(Value::as_array).into_iter().flatten() {
        let field = a.get("field").and_then(Value::as_str).unwrap_or("");
        let value = match a.get("value") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(parts)) => parts.last().and_then(Value::as_str).unwrap_or("").to_string(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let words = || value.split_whitespace().map(String::from).collect::<Vec<_>>();
        match field {
            "comment_value" | "comment_value_html" => body = Some(frontline_model::text::sanitize(&value)),
            "comment_mode_is_public" => public = value != "false",
            "status" => change.status = Some(map::status(Some(&value))),
            "priority" => change.priority = Some(map::priority(Some(&value))),
            "group_id" => change.group = Some(value.parse().ok()),
            "assignee_id" if value == "current_user" => change.assignee = me.map(Some),
            "assignee_id" => change.assignee = Some(value.parse().ok().map(UserId)),
            "current_tags" => change.add_tags.extend(words()),
            "remove_tags" => change.remove_tags.extend(words()),
            other => tracing::debug!("macro {id}: action `{other}` is not applied by the console"),
        }
    }
    change.comment = body.map(|b| NewComment { body: b, public });
    // Zendesk has no action for the shop: `shop:` lines in the description name its steps
    let shop = frontline_model::MacroStep::in_description(v.get("description").and_then(Value::as_str).unwrap_or(""));
    Some(Macro { source: MacroSource::Helpdesk(id), title, change, shop })
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontline_model::Status;

    #[test]
    fn a_snooze_keeps_its_wake_time_in_tags_and_a_plain_hold_does_not() {
        let snooze = TicketChange { status: Some(Status::OnHold), until: Some(1_795_510_800), ..Default::default() };
        assert_eq!(
            ticket_body(&snooze, None),
            json!({"status": "hold", "additional_tags": ["snoozed", "snoozed_until_20261124t0900z"]})
        );
        let hold = TicketChange { status: Some(Status::OnHold), ..Default::default() };
        assert_eq!(ticket_body(&hold, None), json!({"status": "hold"}));
    }
}
