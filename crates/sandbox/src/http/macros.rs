//! Macros and their preview: what a macro would change and the comment it would post, with
//! `{{placeholders}}` filled from the ticket. Like Zendesk, applying changes nothing: the
//! client sends the result with a ticket update.

use super::{Actor, ApiError, Params, S, json_response};
use crate::store::{self, MacroRow, TicketRow, UserRow};
use crate::wire;
use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use rusqlite::Connection;
use serde_json::{Map, Value, json};

pub async fn list(State(s): S) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let all = store::macros(&conn)?;
    Ok(json_response(
        json!({"macros": all.iter().map(|m| wire::macro_(&s.base_url, m)).collect::<Vec<_>>(), "next_page": null, "previous_page": null, "count": all.len()}),
    ))
}

pub async fn active(State(s): S) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let all: Vec<MacroRow> = store::macros(&conn)?.into_iter().filter(|m| m.active).collect();
    Ok(json_response(
        json!({"macros": all.iter().map(|m| wire::macro_(&s.base_url, m)).collect::<Vec<_>>(), "next_page": null, "previous_page": null, "count": all.len()}),
    ))
}

fn find(conn: &Connection, id: i64) -> Result<MacroRow, ApiError> {
    store::macros(conn)?.into_iter().find(|m| m.id == id).ok_or_else(ApiError::not_found)
}

pub async fn show(State(s): S, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    Ok(json_response(json!({"macro": wire::macro_(&s.base_url, &find(&conn, id)?)})))
}

struct Effect {
    fields: Map<String, Value>,
    comment: Option<String>,
    public: bool,
    add_tags: Vec<String>,
    set_tags: Option<Vec<String>>,
    remove_tags: Vec<String>,
}

fn action_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        // ["channel:all", "text"] form of comment_value
        Value::Array(a) => a.last().and_then(Value::as_str).unwrap_or_default().to_string(),
        other => other.to_string(),
    }
}

fn effect(m: &MacroRow, actor: &UserRow) -> Effect {
    let actions: Vec<Value> = serde_json::from_str(&m.actions).unwrap_or_default();
    let mut e = Effect {
        fields: Map::new(),
        comment: None,
        public: true,
        add_tags: vec![],
        set_tags: None,
        remove_tags: vec![],
    };
    for a in actions {
        let field = a.get("field").and_then(Value::as_str).unwrap_or_default();
        let value = action_value(a.get("value").unwrap_or(&Value::Null));
        let words = || value.split_whitespace().map(String::from).collect::<Vec<_>>();
        match field {
            "comment_value" | "comment_value_html" => e.comment = Some(value),
            "comment_mode_is_public" => e.public = value != "false",
            "current_tags" => e.add_tags.extend(words()),
            "set_tags" => e.set_tags = Some(words()),
            "remove_tags" => e.remove_tags.extend(words()),
            "assignee_id" if value == "current_user" => {
                e.fields.insert("assignee_id".into(), json!(actor.id));
            }
            "assignee_id" | "group_id" => {
                e.fields.insert(field.into(), value.parse::<i64>().map_or(Value::Null, Value::from));
            }
            "status" | "priority" | "type" | "subject" => {
                e.fields.insert(field.into(), json!(value));
            }
            _ => {}
        }
    }
    e
}

/// Fills `{{ticket.…}}` and `{{current_user.…}}`; unknown placeholders stay as written.
pub fn render(
    text: &str,
    t: &TicketRow,
    requester: Option<&UserRow>,
    actor: &UserRow,
    assignee: Option<&UserRow>,
) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find("}}") else {
            rest = &rest[start..];
            break;
        };
        let key = rest[start + 2..start + len].trim();
        let first = |n: &str| n.split_whitespace().next().unwrap_or(n).to_string();
        let value = match key {
            "ticket.id" => Some(t.id.to_string()),
            "ticket.subject" | "ticket.title" => Some(t.subject.clone()),
            "ticket.status" => Some(t.status.clone()),
            "ticket.priority" => Some(t.priority.clone().unwrap_or_default()),
            "ticket.requester.name" => requester.map(|u| u.name.clone()),
            "ticket.requester.first_name" => requester.map(|u| first(&u.name)),
            "ticket.requester.email" => requester.map(|u| u.email.clone()),
            "ticket.assignee.name" => assignee.map(|u| u.name.clone()),
            "current_user.name" => Some(actor.name.clone()),
            "current_user.first_name" => Some(first(&actor.name)),
            "current_user.email" => Some(actor.email.clone()),
            _ => None,
        };
        match value {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[start..start + len + 2]),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// `GET /macros/{id}/apply`: the changes, without a ticket.
pub async fn apply(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let e = effect(&find(&conn, id)?, &actor);
    let mut ticket = e.fields.clone();
    if let Some(tags) = &e.set_tags {
        ticket.insert("tags".into(), json!(tags));
    } else if !e.add_tags.is_empty() {
        ticket.insert("additional_tags".into(), json!(e.add_tags));
    }
    let mut result = json!({"ticket": ticket});
    if let Some(body) = e.comment {
        result["comment"] = json!({"body": body, "html_body": format!("<p>{}</p>", wire::html_escape(&body)), "scoped_body": [["channel:all", body]], "public": e.public});
    }
    Ok(json_response(json!({"result": result})))
}

/// `GET /tickets/{id}/macros/{mid}/apply`: the ticket as it would be, and the rendered comment.
pub async fn apply_to_ticket(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    Path((tid, mid)): Path<(i64, i64)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let _ = Params::parse(q.as_deref());
    let conn = s.db.lock()?;
    let t = store::ticket(&conn, tid)?.ok_or_else(ApiError::not_found)?;
    let e = effect(&find(&conn, mid)?, &actor);
    let requester = store::user(&conn, t.requester_id)?;
    let assignee = match t.assignee_id {
        Some(a) => store::user(&conn, a)?,
        None => None,
    };
    let mut after = wire::ticket(&s.base_url, &t);
    for (k, v) in &e.fields {
        after[k] = v.clone();
    }
    let mut tags = e.set_tags.clone().unwrap_or_else(|| t.tag_list());
    for tag in &e.add_tags {
        if !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    tags.retain(|x| !e.remove_tags.contains(x));
    after["tags"] = json!(tags);
    let mut result = json!({"ticket": after});
    if let Some(body) = e.comment {
        let body = render(&body, &t, requester.as_ref(), &actor, assignee.as_ref());
        result["comment"] =
            json!({"body": body, "html_body": format!("<p>{}</p>", wire::html_escape(&body)), "public": e.public});
    }
    Ok(json_response(json!({"result": result})))
}
