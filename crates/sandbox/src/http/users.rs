//! Users, organisations, groups and memberships, and the ticket fields.

use super::paging::{self, Sort, SortKey};
use super::tickets::ticket_list_body;
use super::{Actor, ApiError, Params, S, json_response};
use crate::query::Condition;
use crate::{store, wire};
use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use rusqlite::types::Value as Sql;
use serde_json::{Value, json};

pub async fn me(State(s): S, Extension(Actor(actor)): Extension<Actor>) -> Response {
    json_response(json!({"user": wire::user(&s.base_url, &actor)}))
}

pub async fn show(State(s): S, Path(id): Path<i64>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let conn = s.db.lock()?;
    let u = store::user(&conn, id)?.ok_or_else(ApiError::not_found)?;
    let mut body = json!({"user": wire::user(&s.base_url, &u)});
    if p.includes("organizations") {
        let orgs: Vec<Value> = store::organizations(&conn)?
            .iter()
            .filter(|o| Some(o.id) == u.organization_id)
            .map(|o| wire::organization(&s.base_url, o))
            .collect();
        body["organizations"] = Value::Array(orgs);
    }
    Ok(json_response(body))
}

pub async fn show_many(State(s): S, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let ids = p.ids("ids").map_err(|e| ApiError::bad_request("InvalidParameter", &e.to_string()))?;
    let conn = s.db.lock()?;
    let mut users = store::users_by_ids(&conn, &ids)?;
    for email in p.all("emails") {
        users.extend(store::user_by_email(&conn, &email)?);
    }
    Ok(json_response(json!({"users": users.iter().map(|u| wire::user(&s.base_url, u)).collect::<Vec<_>>()})))
}

/// `GET /users/search?query=…`: people by e-mail, name or phone number (the number's digits,
/// however it is written), as Zendesk's users search finds them.
pub async fn search(State(s): S, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let query = p.get("query").unwrap_or_default().trim().to_string();
    if query.is_empty() {
        return Err(ApiError::bad_request("InvalidParameter", "query: a search needs words"));
    }
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    let conn = s.db.lock()?;
    let users = store::users_where(&conn, "1=1", &[])?;
    let found: Vec<Value> = users
        .iter()
        .filter(|u| {
            let phone = u.phone.as_deref().map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>());
            u.email.eq_ignore_ascii_case(&query)
                || u.name.to_lowercase().contains(&query.to_lowercase())
                || (digits.len() >= 7
                    && phone.is_some_and(|p| p.len() >= 7 && (p.ends_with(&digits) || digits.ends_with(&p))))
        })
        .take(100)
        .map(|u| wire::user(&s.base_url, u))
        .collect();
    let count = found.len();
    Ok(json_response(json!({"users": found, "count": count, "next_page": null, "previous_page": null})))
}

/// `GET /users?role[]=agent&role[]=admin` (or `role=agent`).
pub async fn list(State(s): S, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let roles = p.all("role");
    let conn = s.db.lock()?;
    let users = if roles.is_empty() {
        store::users_where(&conn, "1=1", &[])?
    } else {
        let args: Vec<Sql> = roles.iter().map(|r| Sql::Text(r.clone())).collect();
        store::users_where(&conn, &format!("role IN ({})", store::placeholders(args.len())), &args)?
    };
    let (page, mut env) = paging::slice(&users, &p, &s.base_url, "/api/v2/users");
    env.insert("users".into(), page.iter().map(|u| wire::user(&s.base_url, u)).collect());
    Ok(json_response(Value::Object(env)))
}

pub async fn related(State(s): S, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    store::user(&conn, id)?.ok_or_else(ApiError::not_found)?;
    let requested = store::count_tickets(&conn, "requester_id = ?", &[Sql::Integer(id)])?;
    let assigned = store::count_tickets(&conn, "assignee_id = ?", &[Sql::Integer(id)])?;
    Ok(json_response(
        json!({"user_related": {"requested_tickets": requested, "assigned_tickets": assigned, "ccd_tickets": 0, "organization_subscriptions": 0}}),
    ))
}

pub async fn requested(State(s): S, Path(id): Path<i64>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let sort = Sort::from_params(&p, Sort { key: SortKey::Id, desc: false })?;
    let conn = s.db.lock()?;
    store::user(&conn, id)?.ok_or_else(ApiError::not_found)?;
    let cond = Condition::default().and("requester_id = ?", [Sql::Integer(id)]);
    let path = format!("/api/v2/users/{id}/tickets/requested");
    let (rows, env) = paging::tickets(&conn, cond, sort, &p, &s.base_url, &path)?;
    Ok(json_response(ticket_list_body(&conn, &s, &rows, env, &p, "tickets")?))
}

pub async fn organizations(State(s): S, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let conn = s.db.lock()?;
    let orgs = store::organizations(&conn)?;
    let (page, mut env) = paging::slice(&orgs, &p, &s.base_url, "/api/v2/organizations");
    env.insert("organizations".into(), page.iter().map(|o| wire::organization(&s.base_url, o)).collect());
    Ok(json_response(Value::Object(env)))
}

pub async fn organization(State(s): S, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let o = store::organizations(&conn)?.into_iter().find(|o| o.id == id).ok_or_else(ApiError::not_found)?;
    Ok(json_response(json!({"organization": wire::organization(&s.base_url, &o)})))
}

pub async fn groups(State(s): S, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let conn = s.db.lock()?;
    let all = store::groups(&conn)?;
    let (page, mut env) = paging::slice(&all, &p, &s.base_url, "/api/v2/groups");
    env.insert("groups".into(), page.iter().map(|g| wire::group(&s.base_url, g)).collect());
    Ok(json_response(Value::Object(env)))
}

pub async fn group(State(s): S, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let g = store::groups(&conn)?.into_iter().find(|g| g.id == id).ok_or_else(ApiError::not_found)?;
    Ok(json_response(json!({"group": wire::group(&s.base_url, &g)})))
}

pub async fn memberships(State(s): S) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let mut st = conn.prepare("SELECT id, user_id, group_id, is_default FROM group_memberships ORDER BY id")?;
    let list: Vec<Value> = st
        .query_map([], |r| Ok(json!({"id": r.get::<_, i64>(0)?, "user_id": r.get::<_, i64>(1)?, "group_id": r.get::<_, i64>(2)?, "default": r.get::<_, i64>(3)? != 0})))?
        .collect::<Result<_, _>>()?;
    Ok(json_response(json!({"group_memberships": list, "next_page": null, "previous_page": null, "count": list.len()})))
}

/// `GET /api/v2/ticket_fields`: the system fields and the custom "Order number".
pub async fn ticket_fields(State(s): S) -> Result<Response, ApiError> {
    let fields = crate::fields::ticket_fields(&s.base_url);
    Ok(json_response(json!({"ticket_fields": fields, "next_page": null, "previous_page": null, "count": fields.len()})))
}

pub async fn ticket_field(State(s): S, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let field = crate::fields::ticket_fields(&s.base_url).into_iter().find(|f| f["id"] == id);
    Ok(json_response(json!({"ticket_field": field.ok_or_else(ApiError::not_found)?})))
}
