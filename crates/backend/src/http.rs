//! The HTTP layer every adapter shares: one client with timeouts, retries with backoff for
//! idempotent requests on 5xx and network errors, 429 honoured with `Retry-After`, redirects
//! refused (a login page is not an API), JSON checked, errors in words without secrets, and
//! every request counted with the budget the helpdesk reports (`rate`).

use super::BackendError;
use reqwest::{Method, StatusCode, header};
use serde_json::Value;
use std::time::Duration;

/// How requests authenticate. `Debug` never shows the secret.
#[derive(Clone)]
pub enum Auth {
    /// `Authorization: Basic base64(user:secret)`.
    Basic { user: String, secret: String },
    /// `Authorization: Bearer …`.
    Bearer(String),
    /// `Authorization: <scheme> …` (RT's `token …`).
    Scheme { scheme: String, secret: String },
    /// A header of its own (Chatwoot's `api_access_token: …`).
    Header { name: &'static str, secret: String },
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::Basic { user, .. } => write!(f, "Basic({user}, <secret>)"),
            Auth::Bearer(_) => write!(f, "Bearer(<secret>)"),
            Auth::Scheme { scheme, .. } => write!(f, "{scheme}(<secret>)"),
            Auth::Header { name, .. } => write!(f, "{name}(<secret>)"),
        }
    }
}

/// However many tries, the client waits at most this long between two of them by itself.
const LONGEST_RETRY_WAIT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub base_delay: Duration,
    /// The longest `Retry-After` the client waits out by itself before reporting it.
    pub max_retry_after: Duration,
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_delay: Duration::from_millis(250),
            max_retry_after: Duration::from_secs(20),
            timeout: Duration::from_secs(20),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    base: url::Url,
    auth: Auth,
    /// Who the token acts as, for error messages.
    pub who: String,
    pub retry: RetryPolicy,
    /// Requests sent and the account's budget as last reported.
    pub meter: std::sync::Arc<super::rate::Meter>,
}

impl Http {
    pub fn new(base: &str, auth: Auth, who: &str, retry: RetryPolicy) -> Result<Http, BackendError> {
        let base = url::Url::parse(base).map_err(|e| {
            BackendError::Config(format!("url `{base}` is not a URL ({e}): write it like https://acme.zendesk.com"))
        })?;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(retry.timeout)
            .user_agent(concat!("frontline/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| BackendError::Config(format!("cannot set up HTTP: {e}")))?;
        Ok(Http { client, base, auth, who: who.to_string(), retry, meter: Default::default() })
    }

    pub fn base(&self) -> &url::Url {
        &self.base
    }

    /// Resolves a path (`/api/v2/…`) or an absolute URL on the same host. Links to other
    /// hosts are refused so that credentials never leave for a place the profile did not name.
    fn resolve(&self, target: &str) -> Result<url::Url, BackendError> {
        let url =
            self.base.join(target).map_err(|e| BackendError::Decode { what: target.into(), detail: e.to_string() })?;
        if url.origin() != self.base.origin() {
            return Err(BackendError::Decode {
                what: "a pagination link".into(),
                detail: format!("it points to another host ({})", url.host_str().unwrap_or("?")),
            });
        }
        Ok(url)
    }

    pub async fn get(&self, target: &str) -> Result<Value, BackendError> {
        Ok(self.send(Method::GET, target, None, true, None).await?.0)
    }

    /// A GET that also returns the answer's `ETag`, for a later `put_if_match`.
    pub async fn get_etag(&self, target: &str) -> Result<(Value, Option<String>), BackendError> {
        self.send(Method::GET, target, None, true, None).await
    }

    pub async fn put(&self, target: &str, body: &Value) -> Result<Value, BackendError> {
        Ok(self.send(Method::PUT, target, Some(body), false, None).await?.0)
    }

    /// A PUT the server refuses (`BackendError::Conflict`) if the record's ETag is no longer `etag`.
    pub async fn put_if_match(&self, target: &str, body: &Value, etag: &str) -> Result<Value, BackendError> {
        Ok(self.send(Method::PUT, target, Some(body), false, Some(etag)).await?.0)
    }

    /// A POST that only reads (a search with a JSON query), so it is retried like a GET.
    pub async fn query(&self, target: &str, body: &Value) -> Result<Value, BackendError> {
        Ok(self.send(Method::POST, target, Some(body), true, None).await?.0)
    }

    pub async fn post(&self, target: &str, body: &Value) -> Result<Value, BackendError> {
        Ok(self.send(Method::POST, target, Some(body), false, None).await?.0)
    }

    /// Sends with retries. Non-idempotent requests are retried only when the server surely
    /// did not act on them: 429, and connections that never opened.
    async fn send(
        &self,
        method: Method,
        target: &str,
        body: Option<&Value>,
        idempotent: bool,
        if_match: Option<&str>,
    ) -> Result<(Value, Option<String>), BackendError> {
        let url = self.resolve(target)?;
        let what = format!("{method} {}", url.path());
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= self.retry.attempts;
            let mut req = self.client.request(method.clone(), url.clone()).header(header::ACCEPT, "application/json");
            req = match &self.auth {
                Auth::Basic { user, secret } => req.basic_auth(user, Some(secret)),
                Auth::Bearer(t) => req.bearer_auth(t),
                Auth::Scheme { scheme, secret } => req.header(header::AUTHORIZATION, format!("{scheme} {secret}")),
                Auth::Header { name, secret } => req.header(*name, secret.as_str()),
            };
            if let Some(b) = body {
                req = req.json(b);
            }
            if let Some(tag) = if_match {
                req = req.header(header::IF_MATCH, tag);
            }
            self.meter.count_one();
            let outcome = match req.send().await {
                Ok(resp) => self.read(resp, &what).await,
                Err(e) => Err(self.transport_error(&e, &what)),
            };
            let err = match outcome {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            let retry_after = match &err {
                BackendError::RateLimited { retry_after, .. } => Some(Duration::from_secs(*retry_after)),
                _ => None,
            };
            let may_retry = match &err {
                BackendError::RateLimited { .. } => retry_after.is_some_and(|d| d <= self.retry.max_retry_after),
                // refused: the request never left, so even a write may go again
                BackendError::Refused { .. } => true,
                e => idempotent && e.is_transient(),
            };
            if last || !may_retry {
                return Err(err);
            }
            let delay = retry_after.unwrap_or_else(|| {
                frontline_clock::Backoff::new(self.retry.base_delay, LONGEST_RETRY_WAIT).wait(attempt, rand::random())
            });
            tracing::debug!("{what}: {err}; retry {attempt} in {delay:?}");
            tokio::time::sleep(delay).await;
        }
    }

    fn transport_error(&self, e: &reqwest::Error, what: &str) -> BackendError {
        let host = self.base.host_str().unwrap_or("?").to_string();
        if e.is_timeout() {
            return BackendError::Timeout { what: what.to_string(), secs: self.retry.timeout.as_secs() };
        }
        let mut detail = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            detail = s.to_string();
            src = s.source();
        }
        if e.is_connect() && refused(e) {
            return BackendError::Refused { host };
        }
        BackendError::Network { host, detail: frontline_model::text::sanitize_line(&detail) }
    }

    async fn read(&self, resp: reqwest::Response, what: &str) -> Result<(Value, Option<String>), BackendError> {
        let status = resp.status();
        let headers = resp.headers().clone();
        self.meter.heard(&headers);
        let etag = headers.get(header::ETAG).and_then(|v| v.to_str().ok()).map(String::from);
        let is_json =
            headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|c| c.contains("json"));
        let text = resp.text().await.map_err(|e| self.transport_error(&e, what))?;
        let detail = || error_detail(&text, is_json);
        match status {
            s if s.is_success() => {
                if text.trim().is_empty() {
                    return Ok((Value::Null, etag));
                }
                if !is_json && !text.trim_start().starts_with(['{', '[']) {
                    return Err(BackendError::Decode {
                        what: what.into(),
                        detail: "expected JSON but got a web page (a proxy or login page in the way? check the url)"
                            .into(),
                    });
                }
                serde_json::from_str(&text)
                    .map(|v| (v, etag))
                    .map_err(|e| BackendError::Decode { what: what.into(), detail: format!("malformed JSON ({e})") })
            }
            s if s.is_redirection() => {
                let to = headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("?");
                Err(BackendError::Decode {
                    what: what.into(),
                    detail: format!(
                        "redirected to {} (a login page? check the url)",
                        frontline_model::text::sanitize_line(to)
                    ),
                })
            }
            // Chatwoot answers a permission denial 401 too, with its words: not the token's fault
            StatusCode::UNAUTHORIZED => match detail() {
                Some(d) if d.contains("not authorized to do this action") => {
                    Err(BackendError::Forbidden { what: what.into() })
                }
                Some(d) if d.contains("not authorized to access this account") => Err(BackendError::Forbidden {
                    what: format!("{what} (this user is not a member of the account: check account_id)"),
                }),
                _ => Err(BackendError::Auth { who: self.who.clone() }),
            },
            StatusCode::FORBIDDEN => Err(BackendError::Forbidden { what: what.into() }),
            StatusCode::NOT_FOUND => Err(BackendError::NotFound { what: what.into() }),
            StatusCode::CONFLICT | StatusCode::PRECONDITION_FAILED => Err(BackendError::Conflict),
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => {
                Err(BackendError::Invalid(detail().unwrap_or_else(|| format!("{status} for {what}"))))
            }
            StatusCode::TOO_MANY_REQUESTS => {
                let secs = headers
                    .get(header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(60);
                // a server's number: 9223372036854775807 must not overflow a time or park polls for years
                Err(BackendError::RateLimited { retry_after: frontline_clock::capped_secs(secs), asked: secs })
            }
            s => Err(BackendError::Server { status: s.as_u16(), what: what.into(), detail: detail() }),
        }
    }
}

/// Whether a connection failed because nobody listens there (ECONNREFUSED), read from the
/// error's own kind, not from its words.
fn refused(e: &reqwest::Error) -> bool {
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::ConnectionRefused;
        }
        src = s.source();
    }
    false
}

/// A short, safe description from an error body: Zendesk's `description`/`error`, RT's `message`.
fn error_detail(text: &str, is_json: bool) -> Option<String> {
    let raw = if is_json || text.trim_start().starts_with('{') {
        let v: Value = serde_json::from_str(text).ok()?;
        let main = ["description", "message", "error"]
            .iter()
            .find_map(|k| v.get(*k).and_then(Value::as_str).map(String::from))?;
        let details = v.get("details").map(field_errors).unwrap_or_default();
        if details.is_empty() { main } else { format!("{main}: {}", details.join("; ")) }
    } else {
        return None;
    };
    Some(frontline_model::text::truncate(&frontline_model::text::sanitize_line(&raw), 200))
}

/// Zendesk's validation errors in words: `{"status": [{"description": "Status: closed
/// prevents ticket update"}]}` gives each description, never the JSON itself.
fn field_errors(details: &Value) -> Vec<String> {
    let Some(fields) = details.as_object() else { return Vec::new() };
    fields
        .iter()
        .flat_map(|(field, v)| {
            let items = v.as_array().cloned().unwrap_or_else(|| vec![v.clone()]);
            items.into_iter().filter_map(move |item| match item {
                Value::String(s) => Some(format!("{field}: {s}")),
                other => other.get("description").and_then(Value::as_str).map(String::from),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::error_detail;

    #[test]
    fn validation_errors_read_as_words_not_json() {
        // found in a shift: `r` on a closed ticket failed with
        // `Record validation errors {"status":[{"description":"Status: closed preve…`
        let body = r#"{"error":"RecordInvalid","description":"Record validation errors",
            "details":{"status":[{"description":"Status: closed prevents ticket update","error":"InvalidValue"}]}}"#;
        assert_eq!(
            error_detail(body, true).as_deref(),
            Some("Record validation errors: Status: closed prevents ticket update")
        );
        let rt = r#"{"message":"Permission Denied"}"#;
        assert_eq!(error_detail(rt, true).as_deref(), Some("Permission Denied"));
        let odd = r#"{"error":"Invalid","details":{"base":["Requester is suspended"]}}"#;
        assert_eq!(error_detail(odd, true).as_deref(), Some("Invalid: base: Requester is suspended"));
    }
}
