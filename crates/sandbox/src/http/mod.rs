//! The sandbox's HTTP surface: routes, and the guard every request passes — request log,
//! per-minute rate limit with Zendesk's headers, and Zendesk's two ways to authenticate.

mod errors;
mod macros;
mod merge;
mod misc;
mod paging;
mod params;
mod tickets;
mod users;
mod views;

pub use errors::ApiError;
pub use params::Params;

use super::faults::{self, Faults, Verdict};
use super::{LoggedRequest, Shared, store};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use std::sync::Arc;
use tower::Layer;

pub type S = State<Arc<Shared>>;

/// The agent (or admin) a request acts as.
#[derive(Clone)]
pub struct Actor(pub store::UserRow);

pub fn app(shared: Arc<Shared>) -> tower::util::MapRequest<Router, fn(Request) -> Request> {
    let api = Router::new()
        .route("/api/v2/users/me", get(users::me))
        .route("/api/v2/users/show_many", get(users::show_many))
        .route("/api/v2/users/search", get(users::search))
        .route("/attachments/token/{token}/", get(misc::attachment))
        .route("/attachments/token/{token}", get(misc::attachment))
        .route("/api/v2/users", get(users::list))
        .route("/api/v2/users/{id}", get(users::show))
        .route("/api/v2/users/{id}/related", get(users::related))
        .route("/api/v2/users/{id}/tickets/requested", get(users::requested))
        .route("/api/v2/organizations", get(users::organizations))
        .route("/api/v2/organizations/{id}", get(users::organization))
        .route("/api/v2/groups", get(users::groups))
        .route("/api/v2/groups/assignable", get(users::groups))
        .route("/api/v2/groups/{id}", get(users::group))
        .route("/api/v2/group_memberships", get(users::memberships))
        .route("/api/v2/ticket_fields", get(users::ticket_fields))
        .route("/api/v2/ticket_fields/{id}", get(users::ticket_field))
        .route("/api/v2/tickets", get(tickets::list).post(tickets::create))
        .route("/api/v2/tickets/show_many", get(tickets::show_many))
        .route("/api/v2/tickets/update_many", axum::routing::put(tickets::update_many))
        .route("/api/v2/tickets/{id}", get(tickets::show).put(tickets::update).delete(tickets::delete))
        .route("/api/v2/deleted_tickets", get(tickets::deleted))
        .route("/api/v2/tickets/{id}/merge", axum::routing::post(merge::merge))
        .route("/api/v2/tickets/{id}/comments", get(tickets::comments))
        .route("/api/v2/tickets/{id}/audits", get(tickets::audits))
        .route("/api/v2/tickets/{id}/metrics", get(misc::ticket_metric))
        .route("/api/v2/tickets/{id}/macros/{mid}/apply", get(macros::apply_to_ticket))
        .route("/api/v2/job_statuses/{id}", get(tickets::job_status))
        .route("/api/v2/ticket_metrics", get(misc::ticket_metrics))
        .route("/api/v2/views", get(views::list))
        .route("/api/v2/views/active", get(views::active))
        .route("/api/v2/views/count_many", get(views::count_many))
        .route("/api/v2/views/{id}", get(views::show))
        .route("/api/v2/views/{id}/tickets", get(views::tickets))
        .route("/api/v2/views/{id}/count", get(views::count))
        .route("/api/v2/macros", get(macros::list))
        .route("/api/v2/macros/active", get(macros::active))
        .route("/api/v2/macros/{id}", get(macros::show))
        .route("/api/v2/macros/{id}/apply", get(macros::apply))
        .route("/api/v2/satisfaction_ratings", get(misc::satisfaction_ratings))
        .route("/api/v2/slas/policies", get(misc::sla_policies))
        .route("/api/v2/search", get(misc::search))
        .route("/api/v2/search/count", get(misc::search_count))
        .route("/api/v2/incremental/tickets/cursor", get(misc::incremental))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "InvalidEndpoint", "Not found") })
        .with_state(shared.clone());
    // The shop on the same listener: `.json` is stripped before routing, as for the helpdesk.
    let shop = crate::shop::api::Shop { shared: shared.clone(), schema: crate::shop::gql::schema(shared.clone()) };
    let shop = Router::new()
        .route("/admin/api/{version}/graphql", axum::routing::post(crate::shop::api::graphql))
        .with_state(shop);
    let api = api.merge(shop).layer(middleware::from_fn_with_state(shared, guard));
    let strip: fn(Request) -> Request = strip_json_suffix;
    tower::util::MapRequestLayer::new(strip).layer(api)
}

/// Zendesk accepts every path with and without `.json`.
fn strip_json_suffix(mut req: Request) -> Request {
    if let Some(path) = req.uri().path().strip_suffix(".json") {
        let pq = match req.uri().query() {
            Some(q) => format!("{path}?{q}"),
            None => path.to_string(),
        };
        if let Ok(uri) = pq.parse::<Uri>() {
            *req.uri_mut() = uri;
        }
    }
    req
}

/// Counts a request as being served until it is dropped: answered, or abandoned by a client
/// that went away.
struct Serving(Arc<Shared>, bool);

impl Drop for Serving {
    fn drop(&mut self) {
        self.0.serving.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        if self.1 {
            self.0.serving_writes.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

async fn guard(State(s): S, mut req: Request, next: Next) -> Response {
    s.serving.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let write =
        matches!(*req.method(), axum::http::Method::PUT | axum::http::Method::POST | axum::http::Method::DELETE);
    if write {
        s.serving_writes.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    let _serving = Serving(s.clone(), write);
    let method = req.method().to_string();
    let path = req.uri().path_and_query().map(std::string::ToString::to_string).unwrap_or_default();
    // `after=N`: the first N requests the faults would hit are served as they are
    let faults = match s.faults.lock() {
        Ok(mut f) if f.after > 0 && !f.is_empty() && f.hits(&method) => {
            f.after -= 1;
            Faults::default()
        }
        Ok(f) => f.clone(),
        Err(_) => Faults::default(),
    };
    let (verdict, delay) = match s.fault_rng.lock() {
        Ok(mut rng) if !faults.is_empty() && faults.hits(&method) => {
            (faults.verdict(&mut *rng, s.started.elapsed()), faults.delay(&mut *rng))
        }
        _ => (Verdict::Serve, None),
    };
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    let t_ms = s.clock.now_ms();
    let t = t_ms.div_euclid(1000);
    // The shop counts its own cost (a leaky bucket per token) and checks its own token.
    let shop = path.starts_with("/admin/");
    let (limit, remaining, retry_after) = if shop { (0, 0, None) } else { rate_window(&s, t) };
    let mut resp = if let Some(wait) = retry_after {
        let mut r =
            (StatusCode::TOO_MANY_REQUESTS, "Number of allowed API requests per minute exceeded").into_response();
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait));
        r
    } else if let Some(r) = faults::early_answer(verdict) {
        r
    } else if shop {
        next.run(req).await
    } else {
        match authenticate(&s, req.headers().get(header::AUTHORIZATION)) {
            Some(actor) => {
                req.extensions_mut().insert(Actor(actor));
                next.run(req).await
            }
            None => ApiError::json(StatusCode::UNAUTHORIZED, serde_json::json!({"error": "Couldn't authenticate you"}))
                .into_response(),
        }
    };
    if !shop {
        let h = resp.headers_mut();
        h.insert("x-rate-limit", HeaderValue::from(limit));
        h.insert("x-rate-limit-remaining", HeaderValue::from(remaining));
        // as Zendesk's ticket lists also say: the same budget, and when its minute starts again
        h.insert("ratelimit-limit", HeaderValue::from(limit));
        h.insert("ratelimit-remaining", HeaderValue::from(remaining));
        h.insert("ratelimit-reset", HeaderValue::from((60 - t.rem_euclid(60)) as u32));
    }
    let status = if verdict == Verdict::Drop { 0 } else { resp.status().as_u16() };
    if let Ok(mut log) = s.log.lock() {
        if log.len() >= 100_000 {
            log.drain(..50_000);
        }
        let retry_after =
            resp.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
        log.push(LoggedRequest { method, path, at: t, at_ms: t_ms, status, retry_after });
    }
    match verdict {
        Verdict::Drop | Verdict::Malformed | Verdict::Slow(_) => faults::spoil(verdict, resp).await,
        _ => resp,
    }
}

/// Counts the request in the current minute. Returns (limit, remaining, Some(retry-after) if over).
fn rate_window(s: &Shared, t: i64) -> (u32, u32, Option<u32>) {
    let limit = s.rate_limit.unwrap_or(700);
    let Ok(mut w) = s.window.lock() else {
        return (limit, limit, None);
    };
    let minute = t / 60;
    if w.0 != minute {
        *w = (minute, 0);
    }
    w.1 += 1;
    match s.rate_limit {
        Some(max) if w.1 > max => (max, 0, Some((60 - (t % 60)).max(1) as u32)),
        Some(max) => (max, max - w.1, None),
        // Unlimited: still send the headers clients expect, counting down from a high plan's 700.
        None => (limit, limit.saturating_sub(w.1), None),
    }
}

/// `Basic base64(email/token:TOKEN)` acts as that agent; `Bearer TOKEN` acts as the admin.
fn authenticate(s: &Shared, value: Option<&HeaderValue>) -> Option<store::UserRow> {
    let value = value?.to_str().ok()?;
    let conn = s.db.lock().ok()?;
    if let Some(b) = value.strip_prefix("Bearer ") {
        if b.trim() != s.token {
            return None;
        }
        return store::users_where(&conn, "role = 'admin'", &[]).ok()?.into_iter().next();
    }
    let raw = base64::engine::general_purpose::STANDARD.decode(value.strip_prefix("Basic ")?.trim()).ok()?;
    let raw = String::from_utf8(raw).ok()?;
    let (user, secret) = raw.split_once(':')?;
    let email = user.strip_suffix("/token")?;
    if secret != s.token {
        return None;
    }
    store::user_by_email(&conn, email).ok()?.filter(super::store::UserRow::is_agent)
}

pub fn json_response(v: serde_json::Value) -> Response {
    axum::Json(v).into_response()
}
