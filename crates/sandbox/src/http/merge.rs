//! `POST /api/v2/tickets/{id}/merge`, as Zendesk answers it: the tickets in `ids` are closed
//! with a private note saying where they went, the target gets a private note with each
//! source's last comment, and a completed job status comes back. Closed tickets cannot be
//! merged either way; at most five sources at once.

use super::{Actor, ApiError, S, json_response};
use crate::iso;
use crate::store;
use crate::writes::{self, NewComment, Update};
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Value, json};

pub async fn merge(
    State(s): S,
    Extension(Actor(actor)): Extension<Actor>,
    Path(target): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    if !actor.is_agent() {
        return Err(ApiError::forbidden());
    }
    let body: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request("InvalidJSON", &format!("the body is not valid JSON: {e}")))?;
    let ids: Vec<i64> =
        body.get("ids").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_i64).collect();
    if ids.is_empty() || ids.len() > 5 || ids.contains(&target) {
        return Err(ApiError::bad_request("InvalidParameter", "ids: 1 to 5 tickets to merge, not the target itself"));
    }
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    let public = |key: &str| body.get(key).and_then(Value::as_bool).unwrap_or(false);
    let mut conn = s.db.lock()?;
    let into = store::ticket(&conn, target)?.ok_or_else(ApiError::not_found)?;
    let mut sources = Vec::new();
    for id in &ids {
        let t = store::ticket(&conn, *id)?.ok_or_else(ApiError::not_found)?;
        if let Some(closed) = [&t, &into].into_iter().find(|x| x.status == "closed") {
            let why = format!("Ticket #{} is closed and cannot be merged", closed.id);
            return Err(ApiError::invalid(&[("ids".into(), why)]));
        }
        sources.push(t);
    }
    let note = |body: String, public: bool| NewComment { body, html_body: None, public, author_id: None };
    let mut target_note = Vec::new();
    for t in &sources {
        let last = store::comments(&conn, t.id)?.last().map(|c| c.body.clone()).unwrap_or_default();
        let said = text("source_comment").unwrap_or_else(|| {
            format!("This request was closed and merged into request #{target} \"{}\".", into.subject)
        });
        let close = Update {
            status: Some("closed".into()),
            comment: Some(note(said, public("source_comment_is_public"))),
            ..Default::default()
        };
        writes::update_ticket(&mut conn, &actor, t.id, &close, s.now()).map_err(ApiError::from)?;
        target_note.push(format!(
            "Request #{} \"{}\" was closed and merged into this request. Last comment in request #{}:\n\n{last}",
            t.id, t.subject, t.id
        ));
    }
    let said = text("target_comment").unwrap_or_else(|| target_note.join("\n\n"));
    let keep = Update { comment: Some(note(said, public("target_comment_is_public"))), ..Default::default() };
    writes::update_ticket(&mut conn, &actor, target, &keep, s.now()).map_err(ApiError::from)?;
    drop(conn);
    let job_id = format!("{:x}{:04x}", s.now(), s.jobs.lock()?.len());
    let job = json!({
        "id": job_id, "url": format!("{}/api/v2/job_statuses/{job_id}.json", s.base_url),
        "status": "completed", "job_type": "Merge Tickets", "total": ids.len(), "progress": ids.len(),
        "message": format!("Completed at {}", iso(s.now())), "results": [],
    });
    s.jobs.lock()?.insert(job_id, job.clone());
    Ok(json_response(json!({"job_status": job})))
}
