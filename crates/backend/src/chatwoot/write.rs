//! A console change as Chatwoot writes: each field by its own endpoint (assignments for the
//! agent and the team, `toggle_priority`, `labels`, `toggle_status`), then the reply or note
//! last. Chatwoot has no idempotency key or version, so the field writes are ones that can
//! be repeated safely and go first; the message, the one write that must not go twice, goes
//! last — a resend after a lost answer finds it in the conversation (`deliver::landed`).

use super::map::{priority_wire, status_wire};
use crate::BackendError;
use frontline_model::{Status, TicketChange};
use serde_json::{Value, json};

/// One request: the path under the account and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub path: String,
    pub body: Value,
}

/// The requests a change takes, in order. Labels need the conversation's current set
/// (`labels` replaces it), so they are a separate step the adapter fills in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub fields: Vec<Step>,
    pub labels: bool,
    pub message: Option<Step>,
}

pub fn plan(id: u64, c: &TicketChange, snooze_until: Option<i64>) -> Result<Plan, BackendError> {
    let conv = format!("conversations/{id}");
    let mut fields = Vec::new();
    // nobody is id 0: Chatwoot looks the id up in the account (`find_by(id:)`), finds none and
    // unassigns, as for `null`; 0 is also what its OpenAPI file allows (a number)
    if let Some(a) = c.assignee {
        fields.push(Step { path: format!("{conv}/assignments"), body: json!({ "assignee_id": a.map_or(0, |u| u.0) }) });
    }
    if let Some(team) = c.group {
        fields.push(Step { path: format!("{conv}/assignments"), body: json!({ "team_id": team.unwrap_or(0) }) });
    }
    if let Some(p) = c.priority {
        // clearing is `null`: Chatwoot has no "none" priority (the OpenAPI file is wrong there)
        fields
            .push(Step { path: format!("{conv}/toggle_priority"), body: json!({ "priority": p.map(priority_wire) }) });
    }
    if let Some(s) = &c.status {
        let Some(word) = status_wire(s) else {
            let why = match s {
                Status::Closed => "Chatwoot has no closed status: resolve it instead".to_string(),
                Status::New => "Chatwoot has no new status: set it open".to_string(),
                other => format!("Chatwoot has no status `{}`", other.label()),
            };
            return Err(BackendError::Invalid(why));
        };
        let mut body = json!({ "status": word });
        if let (Status::OnHold, Some(until)) = (s, snooze_until) {
            body["snoozed_until"] = json!(until);
        }
        fields.push(Step { path: format!("{conv}/toggle_status"), body });
    }
    let message = c.comment.as_ref().map(|n| Step {
        path: format!("{conv}/messages"),
        body: json!({ "content": n.body, "message_type": "outgoing", "private": !n.public }),
    });
    Ok(Plan { fields, labels: !c.add_tags.is_empty() || !c.remove_tags.is_empty(), message })
}

/// The conversation's labels after the change: the current ones, less the removed, plus the added.
pub fn labels(current: &[String], c: &TicketChange) -> Vec<String> {
    let mut out: Vec<String> = current.iter().filter(|l| !c.remove_tags.contains(l)).cloned().collect();
    for t in &c.add_tags {
        if !out.contains(t) {
            out.push(t.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontline_model::{NewComment, Priority, UserId};

    #[test]
    fn fields_first_then_the_message() {
        let c = TicketChange {
            status: Some(Status::Solved),
            priority: Some(Some(Priority::Normal)),
            assignee: Some(Some(UserId(3))),
            group: Some(Some(2)),
            add_tags: vec!["vip".into()],
            comment: Some(NewComment { body: "Refunded.".into(), public: true }),
            ..Default::default()
        };
        let p = plan(42, &c, None).unwrap();
        let paths: Vec<&str> = p.fields.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "conversations/42/assignments",
                "conversations/42/assignments",
                "conversations/42/toggle_priority",
                "conversations/42/toggle_status"
            ]
        );
        assert_eq!(p.fields[0].body, json!({"assignee_id": 3}));
        assert_eq!(p.fields[1].body, json!({"team_id": 2}));
        assert_eq!(p.fields[2].body, json!({"priority": "medium"}));
        assert_eq!(p.fields[3].body, json!({"status": "resolved"}));
        assert!(p.labels);
        assert_eq!(
            p.message.unwrap().body,
            json!({"content": "Refunded.", "message_type": "outgoing", "private": false})
        );
    }

    #[test]
    fn clearing_snoozing_and_statuses_chatwoot_lacks() {
        let c = TicketChange { priority: Some(None), assignee: Some(None), group: Some(None), ..Default::default() };
        let p = plan(7, &c, None).unwrap();
        assert_eq!(p.fields[0].body, json!({"assignee_id": 0}));
        assert_eq!(p.fields[1].body, json!({"team_id": 0}));
        assert_eq!(p.fields[2].body, json!({"priority": null}));
        let snooze = TicketChange { status: Some(Status::OnHold), ..Default::default() };
        assert_eq!(
            plan(7, &snooze, Some(1_900_000_000)).unwrap().fields[0].body,
            json!({"status": "snoozed", "snoozed_until": 1_900_000_000})
        );
        assert_eq!(plan(7, &snooze, None).unwrap().fields[0].body, json!({"status": "snoozed"}));
        let note = TicketChange { comment: Some(NewComment { body: "n".into(), public: false }), ..Default::default() };
        assert_eq!(plan(7, &note, None).unwrap().message.unwrap().body["private"], json!(true));
        for s in [Status::Closed, Status::New] {
            let c = TicketChange { status: Some(s), ..Default::default() };
            assert!(matches!(plan(7, &c, None), Err(BackendError::Invalid(w)) if w.contains("Chatwoot has no")));
        }
    }

    #[test]
    fn labels_replace_the_whole_set() {
        let c = TicketChange {
            add_tags: vec!["vip".into(), "billing".into()],
            remove_tags: vec!["spam".into()],
            ..Default::default()
        };
        assert_eq!(labels(&["billing".into(), "spam".into()], &c), ["billing", "vip"]);
    }
}
