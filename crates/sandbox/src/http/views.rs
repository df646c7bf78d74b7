//! Views: saved ticket queries ("Unassigned", "My open tickets", …), their tickets and counts.

use super::paging::{self, Sort, SortKey};
use super::tickets::ticket_list_body;
use super::{Actor, ApiError, Params, S, json_response};
use crate::query::ticket_condition;
use crate::store::{self, ViewRow};
use crate::{Shared, wire};
use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use rusqlite::Connection;
use serde_json::{Value, json};

/// A view's query as Zendesk's `conditions`, the shape a real account's views have. A term
/// without a plain condition (free text) is sent as a `search` condition, which no client
/// knows: such a view is then one a client must poll through the view itself.
pub fn conditions(conn: &Connection, query: &str) -> Value {
    let cond =
        |field: &str, operator: &str, value: Value| json!({"field": field, "operator": operator, "value": value});
    let mut all = Vec::new();
    for term in query.split_whitespace() {
        let c = match term.split_once([':', '<', '>']) {
            Some(("status", v)) if term.starts_with("status<") => cond("status", "less_than", json!(v)),
            Some(("status", v)) if term.starts_with("status>") => cond("status", "greater_than", json!(v)),
            Some(("status", v)) => cond("status", "is", json!(v)),
            Some(("priority", v)) if term.contains(':') => cond("priority", "is", json!(v)),
            Some(("assignee", "none")) => cond("assignee_id", "is", json!("")),
            Some(("assignee", "me")) => cond("assignee_id", "is", json!("current_user")),
            Some(("group", name)) => {
                let id: Option<i64> = conn
                    .query_row(
                        "SELECT id FROM groups WHERE name LIKE ?1 ORDER BY id LIMIT 1",
                        [format!("{name}%")],
                        |r| r.get(0),
                    )
                    .ok();
                match id {
                    Some(id) => cond("group_id", "is", json!(id.to_string())),
                    None => cond("search", "is", json!(term)),
                }
            }
            _ => cond("search", "is", json!(term)),
        };
        all.push(c);
    }
    json!({"all": all, "any": []})
}

fn find(conn: &Connection, id: i64) -> Result<ViewRow, ApiError> {
    store::views(conn)?.into_iter().find(|v| v.id == id).ok_or_else(ApiError::not_found)
}

pub async fn list(State(s): S) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let all = store::views(&conn)?;
    Ok(json_response(
        json!({"views": all.iter().map(|v| wire::view(&s.base_url, v, conditions(&conn, &v.query))).collect::<Vec<_>>(), "next_page": null, "previous_page": null, "count": all.len()}),
    ))
}

pub async fn active(State(s): S) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let all: Vec<ViewRow> = store::views(&conn)?.into_iter().filter(|v| v.active).collect();
    Ok(json_response(
        json!({"views": all.iter().map(|v| wire::view(&s.base_url, v, conditions(&conn, &v.query))).collect::<Vec<_>>(), "next_page": null, "previous_page": null, "count": all.len()}),
    ))
}

pub async fn show(State(s): S, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let v = find(&conn, id)?;
    Ok(json_response(json!({"view": wire::view(&s.base_url, &v, conditions(&conn, &v.query))})))
}

pub async fn tickets(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    Path(id): Path<i64>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let conn = s.db.lock()?;
    let v = find(&conn, id)?;
    let cond = ticket_condition(&v.query, actor.id, s.now()).map_err(ApiError::internal)?;
    let default_key = match v.sort_by.as_str() {
        "created_at" => SortKey::CreatedAt,
        "priority" => SortKey::Priority,
        "status" => SortKey::Status,
        "id" => SortKey::Id,
        _ => SortKey::UpdatedAt,
    };
    let sort = Sort::from_params(&p, Sort { key: default_key, desc: v.sort_order == "desc" })?;
    let (rows, env) = paging::tickets(&conn, cond, sort, &p, &s.base_url, &format!("/api/v2/views/{id}/tickets"))?;
    Ok(json_response(ticket_list_body(&conn, &s, &rows, env, &p, "tickets")?))
}

fn view_count(conn: &Connection, s: &Shared, v: &ViewRow, me: i64) -> Result<Value, ApiError> {
    let cond = ticket_condition(&v.query, me, s.now()).map_err(ApiError::internal)?;
    let n = store::count_tickets(conn, cond.or_true(), &cond.args)?;
    let pretty = if n >= 100_000 { "~100k".to_string() } else { n.to_string() };
    Ok(
        json!({"view_id": v.id, "url": format!("{}/api/v2/views/{}/count.json", s.base_url, v.id), "value": n, "pretty": pretty, "fresh": true}),
    )
}

pub async fn count(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let v = find(&conn, id)?;
    Ok(json_response(json!({"view_count": view_count(&conn, &s, &v, actor.id)?})))
}

pub async fn count_many(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let ids = p.ids("ids").map_err(|e| ApiError::bad_request("InvalidParameter", &e.to_string()))?;
    if ids.is_empty() || ids.len() > 20 {
        return Err(ApiError::bad_request("InvalidParameter", "count_many takes between 1 and 20 view ids"));
    }
    let conn = s.db.lock()?;
    let all = store::views(&conn)?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(v) = all.iter().find(|v| v.id == id) {
            out.push(view_count(&conn, &s, v, actor.id)?);
        }
    }
    Ok(json_response(json!({"view_counts": out})))
}
