//! A console change as Request Tracker writes: owner, priority and queue by `PUT /ticket`,
//! a reply or note by `/correspond` or `/comment` carrying the new status with it (a reply
//! on a resolved ticket would reopen it if the status were set first). A stall sets Starts,
//! when the console's snooze wakes the ticket (or clears it). RT has no tags, so
//! tag changes are left out and logged. Time worked (`[time_tracking]`) goes in whole
//! minutes, RT's unit: as the message's `TimeTaken` (RT adds it to the ticket's
//! `TimeWorked`), or without a message as `TimeWorked` itself, the ticket's plus this stretch.

use super::map::{priority_wire, status_wire};
use crate::BackendError;
use frontline_model::PriorityBands;
use frontline_model::{Status, TicketChange};
use serde_json::{Map, Value, json};

/// RT's "not set" for a date, in UTC as RT keeps dates.
const NEVER: &str = "1970-01-01 00:00:00";

/// The requests one change takes, in order.
#[derive(Debug, PartialEq)]
pub struct Plan {
    /// The `PUT /ticket/:id` body, if any field changes.
    pub fields: Option<Value>,
    /// `correspond` or `comment`, and its body.
    pub comment: Option<(&'static str, Value)>,
}

/// Seconds as RT's minutes, to the nearest minute.
pub fn minutes(seconds: u32) -> u64 {
    (u64::from(seconds) + 30) / 60
}

/// The requests for `c`; `worked` is the ticket's `TimeWorked` now, in minutes.
pub fn plan(c: &TicketChange, bands: &PriorityBands, worked: u64) -> Result<Plan, BackendError> {
    let mut fields = Map::new();
    let taken = c.time_spent.map(minutes).filter(|m| *m > 0);
    if let Some(owner) = c.assignee {
        fields.insert("Owner".into(), json!(owner.map_or_else(|| "Nobody".into(), |u| u.0.to_string())));
    }
    if let Some(p) = c.priority {
        fields.insert("Priority".into(), json!(priority_wire(p, bands).to_string()));
    }
    match c.group {
        Some(Some(queue)) => {
            fields.insert("Queue".into(), json!(queue.to_string()));
        }
        Some(None) => {
            return Err(BackendError::Invalid(
                "a Request Tracker ticket always has a queue: move it to another queue instead".into(),
            ));
        }
        None => {}
    }
    if !c.add_tags.is_empty() || !c.remove_tags.is_empty() {
        tracing::info!("Request Tracker has no tags: left out {:?} / {:?}", c.add_tags, c.remove_tags);
    }
    // a stall keeps its wake time in Starts (the console's snooze); one without a time
    // clears it, so an old Starts does not wake the ticket at once
    if matches!(c.status, Some(Status::Pending | Status::OnHold)) {
        let starts = c.until.and_then(|at| chrono::DateTime::from_timestamp(at, 0));
        let starts = starts.map_or_else(|| NEVER.to_string(), |at| at.format("%Y-%m-%d %H:%M:%S").to_string());
        fields.insert("Starts".into(), json!(starts));
    } else if c.status.is_some() && c.until == Some(frontline_model::snooze::CLEAR) {
        // a wake: the ticket leaves its stall, and its wake time with it
        fields.insert("Starts".into(), json!(NEVER));
    }
    let status = c.status.as_ref().map(|s| status_wire(s).to_string());
    let comment = c.comment.as_ref().map(|n| {
        let mut body = json!({"Content": n.body, "ContentType": "text/plain"});
        if let Some(s) = &status {
            body["Status"] = json!(s);
        }
        if let Some(m) = taken {
            body["TimeTaken"] = json!(m);
        }
        (if n.public { "correspond" } else { "comment" }, body)
    });
    if comment.is_none()
        && let Some(s) = status
    {
        fields.insert("Status".into(), json!(s));
    }
    if comment.is_none()
        && let Some(m) = taken
    {
        fields.insert("TimeWorked".into(), json!((worked + m).to_string()));
    }
    Ok(Plan { fields: (!fields.is_empty()).then_some(Value::Object(fields)), comment })
}

/// RT answers each write with its messages; they explain a field that did not change.
pub fn messages(answers: &[Value]) -> String {
    let list: Vec<String> = answers
        .iter()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_str)
        .map(|m| frontline_model::text::truncate(&frontline_model::text::sanitize_line(m), 200))
        .collect();
    if list.is_empty() { "Request Tracker did not say why".into() } else { list.join("; ") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontline_model::{NewComment, Priority, UserId};

    #[test]
    fn a_reply_carries_the_status_and_fields_go_by_put() {
        let c = TicketChange {
            status: Some(Status::Solved),
            priority: Some(Some(Priority::Urgent)),
            assignee: Some(Some(UserId(39))),
            group: Some(Some(4)),
            add_tags: vec!["escalated".into()],
            comment: Some(NewComment { body: "Done.".into(), public: true }),
            ..Default::default()
        };
        let p = plan(&c, &PriorityBands::default(), 0).unwrap();
        assert_eq!(p.fields, Some(json!({"Owner": "39", "Priority": "200", "Queue": "4"})));
        assert_eq!(
            p.comment,
            Some(("correspond", json!({"Content": "Done.", "ContentType": "text/plain", "Status": "resolved"})))
        );
    }

    #[test]
    fn without_a_comment_the_status_is_a_field() {
        let c = TicketChange { status: Some(Status::Pending), assignee: Some(None), ..Default::default() };
        let p = plan(&c, &PriorityBands::default(), 0).unwrap();
        assert_eq!(
            p.fields,
            Some(json!({"Owner": "Nobody", "Status": "stalled", "Starts": NEVER})),
            "a stall without a time clears an old wake time"
        );
        assert_eq!(p.comment, None);
        // the console's snooze: stalled until Starts (UTC, as RT keeps dates)
        let snooze = TicketChange { status: Some(Status::OnHold), until: Some(1_795_510_800), ..Default::default() };
        let p = plan(&snooze, &PriorityBands::default(), 0).unwrap();
        assert_eq!(p.fields, Some(json!({"Status": "stalled", "Starts": "2026-11-24 09:00:00"})));
        // the wake: open, and the wake time cleared so a later stall elsewhere does not wake
        let wake = TicketChange {
            status: Some(Status::Open),
            until: Some(frontline_model::snooze::CLEAR),
            ..Default::default()
        };
        let p = plan(&wake, &PriorityBands::default(), 0).unwrap();
        assert_eq!(p.fields, Some(json!({"Status": "open", "Starts": NEVER})));
        let note = TicketChange { comment: Some(NewComment { body: "n".into(), public: false }), ..Default::default() };
        assert_eq!(plan(&note, &PriorityBands::default(), 0).unwrap().comment.unwrap().0, "comment");
        let no_queue = TicketChange { group: Some(None), ..Default::default() };
        assert!(matches!(plan(&no_queue, &PriorityBands::default(), 0), Err(BackendError::Invalid(_))));
    }

    #[test]
    fn time_worked_goes_in_minutes_with_the_message_or_as_the_field() {
        let reply = TicketChange {
            comment: Some(NewComment { body: "Sent.".into(), public: true }),
            time_spent: Some(150),
            ..Default::default()
        };
        let p = plan(&reply, &PriorityBands::default(), 7).unwrap();
        assert_eq!(p.comment.unwrap().1["TimeTaken"], json!(3), "150 s is 2.5 minutes: rounded to 3");
        assert_eq!(p.fields, None, "RT adds the message's TimeTaken to TimeWorked itself");
        let status = TicketChange { status: Some(Status::Solved), time_spent: Some(600), ..Default::default() };
        let p = plan(&status, &PriorityBands::default(), 7).unwrap();
        assert_eq!(p.fields, Some(json!({"Status": "resolved", "TimeWorked": "17"})));
        let short = TicketChange { status: Some(Status::Solved), time_spent: Some(20), ..Default::default() };
        assert_eq!(plan(&short, &PriorityBands::default(), 7).unwrap().fields, Some(json!({"Status": "resolved"})));
    }

    #[test]
    fn messages_are_sanitised_words() {
        let answers = [json!(["Ticket 2: Permission Denied\u{1b}[2J"]), json!(["Correspondence added"])];
        assert_eq!(messages(&answers), "Ticket 2: Permission Denied; Correspondence added");
        assert_eq!(messages(&[Value::Null]), "Request Tracker did not say why");
    }
}
