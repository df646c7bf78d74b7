//! Ticket endpoints: list, show, show_many, create, update (with `safe_update`), update_many
//! with job statuses, comments and audits; and the sideloads every ticket list accepts.

use super::paging::{self, Sort, SortKey};
use super::{Actor, ApiError, Params, S, json_response};
use crate::query::Condition;
use crate::store::{self, TicketRow};
use crate::writes::{self, Update};
use crate::{Shared, iso, wire};
use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, types::Value as Sql};
use serde_json::{Map, Value, json};

/// A ticket as JSON, with `slas` when asked for.
pub fn ticket_json(s: &Shared, t: &TicketRow, p: &Params) -> Value {
    let mut v = wire::ticket(&s.base_url, t);
    if p.includes("slas") {
        v["slas"] = wire::slas(t, s.now());
    }
    v
}

/// `{key: [...tickets], users: [...], groups: [...], ...}` with the sideloads of `include=`.
pub fn ticket_list_body(
    conn: &Connection,
    s: &Shared,
    rows: &[TicketRow],
    env: Map<String, Value>,
    p: &Params,
    key: &str,
) -> Result<Value, ApiError> {
    let mut body = env;
    body.insert(key.into(), Value::Array(rows.iter().map(|t| ticket_json(s, t, p)).collect()));
    add_sideloads(conn, s, rows, p, &mut body)?;
    Ok(Value::Object(body))
}

pub fn add_sideloads(
    conn: &Connection,
    s: &Shared,
    rows: &[TicketRow],
    p: &Params,
    body: &mut Map<String, Value>,
) -> Result<(), ApiError> {
    if p.includes("users") {
        let mut ids: Vec<i64> =
            rows.iter().flat_map(|t| [Some(t.requester_id), Some(t.submitter_id), t.assignee_id]).flatten().collect();
        ids.sort_unstable();
        ids.dedup();
        let users = store::users_by_ids(conn, &ids)?;
        body.insert("users".into(), users.iter().map(|u| wire::user(&s.base_url, u)).collect());
    }
    if p.includes("groups") {
        let groups = store::groups(conn)?;
        body.insert(
            "groups".into(),
            groups
                .iter()
                .filter(|g| rows.iter().any(|t| t.group_id == Some(g.id)))
                .map(|g| wire::group(&s.base_url, g))
                .collect(),
        );
    }
    if p.includes("organizations") {
        let orgs = store::organizations(conn)?;
        body.insert(
            "organizations".into(),
            orgs.iter()
                .filter(|o| rows.iter().any(|t| t.organization_id == Some(o.id)))
                .map(|o| wire::organization(&s.base_url, o))
                .collect(),
        );
    }
    if p.includes("metric_sets") {
        body.insert("metric_sets".into(), rows.iter().map(|t| wire::metric_set(&s.base_url, t)).collect());
    }
    Ok(())
}

pub async fn list(State(s): S, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let sort = Sort::from_params(&p, Sort { key: SortKey::Id, desc: false })?;
    let conn = s.db.lock()?;
    let (rows, env) = paging::tickets(&conn, Condition::default(), sort, &p, &s.base_url, "/api/v2/tickets")?;
    Ok(json_response(ticket_list_body(&conn, &s, &rows, env, &p, "tickets")?))
}

pub async fn show(State(s): S, Path(id): Path<i64>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let conn = s.db.lock()?;
    let t = store::ticket(&conn, id)?.ok_or_else(ApiError::not_found)?;
    let mut body = Map::new();
    body.insert("ticket".into(), ticket_json(&s, &t, &p));
    add_sideloads(&conn, &s, std::slice::from_ref(&t), &p, &mut body)?;
    Ok(json_response(Value::Object(body)))
}

pub async fn show_many(State(s): S, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let ids = p.ids("ids").map_err(|e| ApiError::bad_request("InvalidParameter", &e.to_string()))?;
    if ids.len() > 100 {
        return Err(ApiError::bad_request("InvalidParameter", "show_many takes at most 100 ids"));
    }
    let conn = s.db.lock()?;
    let args: Vec<Sql> = ids.iter().map(|i| Sql::Integer(*i)).collect();
    let cond = format!("id IN ({})", store::placeholders(ids.len().max(1)));
    let args = if args.is_empty() { vec![Sql::Integer(-1)] } else { args };
    let rows = store::tickets_where(&conn, &cond, &args, "id", 100, 0)?;
    Ok(json_response(ticket_list_body(&conn, &s, &rows, Map::new(), &p, "tickets")?))
}

fn ticket_payload(body: &Value) -> Result<&Value, ApiError> {
    body.get("ticket")
        .filter(|t| t.is_object())
        .ok_or_else(|| ApiError::bad_request("InvalidParameter", "the body must be a JSON object {\"ticket\": {...}}"))
}

fn parse_body(bytes: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request("InvalidJSON", &format!("the body is not valid JSON: {e}")))
}

pub async fn update(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body = parse_body(&body)?;
    let u = Update::from_json(ticket_payload(&body)?)?;
    let mut conn = s.db.lock()?;
    let (t, audit) = writes::update_ticket(&mut conn, &actor, id, &u, s.now())?;
    Ok(json_response(json!({"ticket": wire::ticket(&s.base_url, &t), "audit": audit})))
}

pub async fn create(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body = parse_body(&body)?;
    let t = ticket_payload(&body)?;
    let subject = t.get("subject").and_then(Value::as_str).unwrap_or("(no subject)");
    let text = t.pointer("/comment/body").and_then(Value::as_str).unwrap_or("");
    if text.trim().is_empty() {
        return Err(ApiError::invalid(&[("description".into(), "Description: cannot be blank".into())]));
    }
    let mut conn = s.db.lock()?;
    let requester =
        match (t.get("requester_id").and_then(Value::as_i64), t.pointer("/requester/email").and_then(Value::as_str)) {
            (Some(id), _) => store::user(&conn, id)?
                .ok_or_else(|| ApiError::invalid(&[("requester".into(), format!("Requester: {id} does not exist"))]))?,
            (None, Some(email)) => match store::user_by_email(&conn, email)? {
                Some(u) => u,
                None => {
                    let name = t.pointer("/requester/name").and_then(Value::as_str).unwrap_or(email);
                    let at = s.now();
                    conn.execute(
                        "INSERT INTO users(name, email, role, created_at, updated_at) VALUES (?1,?2,'end-user',?3,?3)",
                        rusqlite::params![name, email, at],
                    )?;
                    store::user_by_email(&conn, email)?.ok_or_else(ApiError::not_found)?
                }
            },
            (None, None) => actor.clone(),
        };
    let tags: Vec<String> = t
        .get("tags")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let n = writes::NewTicket {
        subject,
        body: text,
        html_body: None,
        channel: "api",
        via_rel: None,
        via_from: None,
        requester: &requester,
        priority: t.get("priority").and_then(Value::as_str),
        group_id: t.get("group_id").and_then(Value::as_i64),
        tags: &tags,
    };
    let row = writes::create_ticket(&mut conn, &n, s.now())?;
    Ok((StatusCode::CREATED, axum::Json(json!({"ticket": wire::ticket(&s.base_url, &row)}))).into_response())
}

/// `PUT /tickets/update_many?ids=1,2` with `{"ticket": {...}}`, or `{"tickets": [{"id": 1, ...}]}`.
/// Applied at once; the answer is a job status that is already completed.
pub async fn update_many(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    RawQuery(q): RawQuery,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let body = parse_body(&body)?;
    let mut work: Vec<(i64, Update)> = Vec::new();
    if let Some(list) = body.get("tickets").and_then(Value::as_array) {
        for item in list {
            let id = item
                .get("id")
                .and_then(Value::as_i64)
                .ok_or_else(|| ApiError::bad_request("InvalidParameter", "every entry of tickets needs an id"))?;
            work.push((id, Update::from_json(item)?));
        }
    } else {
        let ids = p.ids("ids").map_err(|e| ApiError::bad_request("InvalidParameter", &e.to_string()))?;
        let u = Update::from_json(ticket_payload(&body)?)?;
        work = ids.into_iter().map(|id| (id, u.clone())).collect();
    }
    if work.is_empty() || work.len() > 100 {
        return Err(ApiError::bad_request("InvalidParameter", "update_many takes between 1 and 100 tickets"));
    }
    let mut results = Vec::new();
    {
        let mut conn = s.db.lock()?;
        for (id, u) in &work {
            match writes::update_ticket(&mut conn, &actor, *id, u, s.now()) {
                Ok(_) => results.push(json!({"id": id, "action": "update", "success": true, "status": "Updated"})),
                Err(e) => {
                    let err = ApiError::from(e);
                    results.push(json!({"id": id, "action": "update", "success": false, "status": "Failed", "error": err.body["error"], "details": err.body["description"]}));
                }
            }
        }
    }
    let job_id = format!("{:x}{:04x}", s.now(), s.jobs.lock()?.len());
    let job = json!({
        "id": job_id, "url": format!("{}/api/v2/job_statuses/{job_id}.json", s.base_url),
        "status": "completed", "job_type": "Bulk Update", "total": work.len(), "progress": work.len(),
        "message": format!("Completed at {}", iso(s.now())), "results": results,
    });
    s.jobs.lock()?.insert(job_id, job.clone());
    Ok(json_response(json!({"job_status": job})))
}

pub async fn job_status(State(s): S, Path(id): Path<String>) -> Result<Response, ApiError> {
    let job = s.jobs.lock()?.get(&id).cloned().ok_or_else(ApiError::not_found)?;
    Ok(json_response(json!({"job_status": job})))
}

pub async fn comments(State(s): S, Path(id): Path<i64>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let conn = s.db.lock()?;
    store::ticket(&conn, id)?.ok_or_else(ApiError::not_found)?;
    let mut all = store::comments(&conn, id)?;
    if matches!(p.get("sort_order"), Some("desc")) || p.get("sort") == Some("-created_at") {
        all.reverse();
    }
    let path = format!("/api/v2/tickets/{id}/comments");
    let (page, env) = paging::slice(&all, &p, &s.base_url, &path);
    let mut body = env;
    body.insert("comments".into(), page.iter().map(|c| wire::comment(&s.base_url, c)).collect());
    if p.includes("users") {
        let mut ids: Vec<i64> = page.iter().map(|c| c.author_id).collect();
        ids.sort_unstable();
        ids.dedup();
        body.insert(
            "users".into(),
            store::users_by_ids(&conn, &ids)?.iter().map(|u| wire::user(&s.base_url, u)).collect(),
        );
    }
    Ok(json_response(Value::Object(body)))
}

pub async fn audits(State(s): S, Path(id): Path<i64>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let conn = s.db.lock()?;
    store::ticket(&conn, id)?.ok_or_else(ApiError::not_found)?;
    let mut st = conn
        .prepare("SELECT id, author_id, created_at, events, metadata FROM audits WHERE ticket_id = ?1 ORDER BY id")?;
    let all: Vec<Value> = st
        .query_map([id], |r| {
            let events: String = r.get(3)?;
            let metadata = r.get::<_, Option<String>>(4)?.and_then(|m| serde_json::from_str::<Value>(&m).ok());
            Ok(json!({"id": r.get::<_, i64>(0)?, "ticket_id": id, "author_id": r.get::<_, i64>(1)?, "created_at": iso(r.get(2)?),
                      "events": serde_json::from_str::<Value>(&events).unwrap_or(json!([])),
                      "metadata": metadata.unwrap_or_else(|| crate::writes::audit_metadata(None))}))
        })?
        .collect::<Result<_, _>>()?;
    // Zendesk lists a ticket's audits oldest first, or newest first with sort_order=desc
    let mut all = all;
    if p.get("sort_order") == Some("desc") {
        all.reverse();
    }
    let (page, mut env) = paging::slice(&all, &p, &s.base_url, &format!("/api/v2/tickets/{id}/audits"));
    env.insert("audits".into(), Value::Array(page));
    Ok(json_response(Value::Object(env)))
}

/// `DELETE /api/v2/tickets/{id}`: as Zendesk, the ticket is gone from every list, search and
/// view, and `GET` answers 404; `deleted_tickets` lists it. Agents only. 204 No Content.
pub async fn delete(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    if !actor.is_agent() {
        return Err(ApiError::forbidden());
    }
    let mut conn = s.db.lock()?;
    let t = store::ticket(&conn, id)?.ok_or_else(ApiError::not_found)?;
    let tx = conn.transaction().map_err(ApiError::internal)?;
    for table in ["comments", "audits"] {
        tx.execute(&format!("DELETE FROM {table} WHERE ticket_id = ?1"), [id]).map_err(ApiError::internal)?;
    }
    tx.execute("DELETE FROM tickets WHERE id = ?1", [id]).map_err(ApiError::internal)?;
    tx.execute(
        "INSERT OR REPLACE INTO deleted_tickets(id, subject, actor_id, deleted_at) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![id, t.subject, actor.id, s.now()],
    )
    .map_err(ApiError::internal)?;
    tx.commit().map_err(ApiError::internal)?;
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v2/deleted_tickets`: the deleted tickets, newest first.
pub async fn deleted(State(s): S) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let mut q = conn
        .prepare("SELECT id, subject, actor_id, deleted_at FROM deleted_tickets ORDER BY deleted_at DESC, id DESC")
        .map_err(ApiError::internal)?;
    let rows: Vec<Value> = q
        .query_map([], |r| {
            Ok(json!({"id": r.get::<_, i64>(0)?, "subject": r.get::<_, String>(1)?,
                      "actor": {"id": r.get::<_, i64>(2)?}, "deleted_at": crate::iso(r.get::<_, i64>(3)?)}))
        })
        .map_err(ApiError::internal)?
        .collect::<Result<_, _>>()
        .map_err(ApiError::internal)?;
    Ok(json_response(json!({"count": rows.len(), "deleted_tickets": rows, "next_page": null, "previous_page": null})))
}
