//! Search and counts, ticket metrics, satisfaction ratings (admin only), SLA policies and the
//! incremental export (admin only), as Zendesk restricts them; and attached files.

use super::paging::{self, Sort, SortKey};
use super::tickets::{add_sideloads, ticket_json, ticket_list_body};
use super::{Actor, ApiError, Params, S, json_response};
use crate::query::{Condition, ticket_condition};
use crate::{store, wire};
use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rusqlite::types::Value as Sql;
use serde_json::{Map, Value, json};

fn search_condition(p: &Params, me: i64, now: i64) -> Result<Condition, ApiError> {
    let q = p.get("query").ok_or_else(|| ApiError::bad_request("InvalidParameter", "query is required"))?;
    ticket_condition(q, me, now).map_err(|e| ApiError::bad_request("InvalidQuery", &e.0))
}

pub async fn search(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let cond = search_condition(&p, actor.id, s.now())?;
    if paging::is_cursor(&p) {
        return Err(ApiError::bad_request(
            "InvalidPaginationParameter",
            "search uses offset pagination (page, per_page); use search/export for cursors",
        ));
    }
    let sort = Sort::from_params(&p, Sort { key: SortKey::UpdatedAt, desc: true })?;
    let conn = s.db.lock()?;
    let (rows, env) = paging::tickets(&conn, cond, sort, &p, &s.base_url, "/api/v2/search")?;
    let mut body = env;
    body.insert(
        "results".into(),
        rows.iter()
            .map(|t| {
                let mut v = ticket_json(&s, t, &p);
                v["result_type"] = json!("ticket");
                v
            })
            .collect(),
    );
    add_sideloads(&conn, &s, &rows, &p, &mut body)?;
    Ok(json_response(Value::Object(body)))
}

pub async fn search_count(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let cond = search_condition(&p, actor.id, s.now())?;
    let conn = s.db.lock()?;
    let n = store::count_tickets(&conn, cond.or_true(), &cond.args)?;
    Ok(json_response(json!({"count": n})))
}

pub async fn ticket_metric(State(s): S, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let t = store::ticket(&conn, id)?.ok_or_else(ApiError::not_found)?;
    Ok(json_response(json!({"ticket_metric": wire::metric_set(&s.base_url, &t)})))
}

pub async fn ticket_metrics(State(s): S, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let conn = s.db.lock()?;
    let (rows, mut env) = paging::tickets(
        &conn,
        Condition::default(),
        Sort { key: SortKey::Id, desc: false },
        &p,
        &s.base_url,
        "/api/v2/ticket_metrics",
    )?;
    env.insert("ticket_metrics".into(), rows.iter().map(|t| wire::metric_set(&s.base_url, t)).collect());
    Ok(json_response(Value::Object(env)))
}

pub async fn satisfaction_ratings(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    if actor.role != "admin" {
        return Err(ApiError::forbidden());
    }
    let p = Params::parse(q.as_deref());
    let mut cond = Condition::default().and("sat_score IN ('good','bad')", []);
    match p.get("score") {
        Some("good" | "bad") => {
            cond = cond.and("sat_score = ?", [Sql::Text(p.get("score").unwrap_or_default().into())]);
        }
        Some("received") | None => {}
        Some(other) => {
            return Err(ApiError::bad_request(
                "InvalidParameter",
                &format!("score {other} is not supported by the sandbox (good, bad, received)"),
            ));
        }
    }
    if let Some(t) = p.number("start_time") {
        cond = cond.and("sat_at >= ?", [Sql::Integer(t)]);
    }
    if let Some(t) = p.number("end_time") {
        cond = cond.and("sat_at < ?", [Sql::Integer(t)]);
    }
    let conn = s.db.lock()?;
    let (rows, mut env) = paging::tickets(
        &conn,
        cond,
        Sort { key: SortKey::UpdatedAt, desc: true },
        &p,
        &s.base_url,
        "/api/v2/satisfaction_ratings",
    )?;
    env.insert("satisfaction_ratings".into(), rows.iter().map(|t| wire::satisfaction_rating(&s.base_url, t)).collect());
    Ok(json_response(Value::Object(env)))
}

pub async fn sla_policies(State(s): S) -> Response {
    json_response(wire::sla_policies(&s.base_url))
}

/// `GET /incremental/tickets/cursor?start_time=` then `?cursor=`, ordered by the time a
/// ticket last changed. Admins only, as on Zendesk.
pub async fn incremental(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    if actor.role != "admin" {
        return Err(ApiError::forbidden());
    }
    let p = Params::parse(q.as_deref());
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let (ts, id) = match (p.get("cursor"), p.number("start_time")) {
        (Some(c), _) => b64
            .decode(c)
            .ok()
            .and_then(|r| String::from_utf8(r).ok())
            .and_then(|s| s.split_once(':').and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?))))
            .ok_or_else(|| ApiError::bad_request("InvalidCursor", "cursor is not one this server gave out"))?,
        (None, Some(t)) => (t, 0),
        (None, None) => {
            return Err(ApiError::bad_request("InvalidParameter", "start_time or cursor is required"));
        }
    };
    let per_page = p.number("per_page").unwrap_or(1000).clamp(1, 1000);
    let conn = s.db.lock()?;
    let mut rows = store::tickets_where(
        &conn,
        "(generated_ts, id) > (?, ?)",
        &[Sql::Integer(ts), Sql::Integer(if p.get("cursor").is_some() { id } else { -1 })],
        "generated_ts, id",
        per_page + 1,
        0,
    )?;
    let more = rows.len() as i64 > per_page;
    rows.truncate(per_page as usize);
    let (last_ts, last_id) = rows.last().map_or((ts, id), |t| (t.generated_ts, t.id));
    let cursor = b64.encode(format!("{last_ts}:{last_id}"));
    let mut body = Map::new();
    body.insert("after_cursor".into(), json!(cursor));
    body.insert(
        "after_url".into(),
        json!(format!("{}/api/v2/incremental/tickets/cursor.json?cursor={cursor}", s.base_url)),
    );
    body.insert("before_cursor".into(), Value::Null);
    body.insert("before_url".into(), Value::Null);
    body.insert("end_of_stream".into(), json!(!more));
    body.insert("end_time".into(), json!(last_ts));
    let mut out = ticket_list_body(&conn, &s, &rows, body, &p, "tickets")?;
    if let Some(list) = out.get_mut("tickets").and_then(Value::as_array_mut) {
        for (v, t) in list.iter_mut().zip(&rows) {
            v["generated_timestamp"] = json!(t.generated_ts);
        }
    }
    Ok(json_response(out))
}

/// `GET /attachments/token/{token}/?name=…`: a file's bytes, with the API's auth (the guard
/// every route passes), its type as stored and a download name without path or quotes.
pub async fn attachment(State(s): S, Path(token): Path<String>) -> Result<Response, ApiError> {
    let conn = s.db.lock()?;
    let found: Option<(String, String, Vec<u8>)> = conn
        .query_row("SELECT file_name, content_type, bytes FROM files WHERE token = ?1", [&token], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .ok();
    let (name, kind, bytes) = found.ok_or_else(ApiError::not_found)?;
    let safe: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).collect();
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, kind),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{safe}\"")),
        ],
        bytes,
    )
        .into_response())
}
