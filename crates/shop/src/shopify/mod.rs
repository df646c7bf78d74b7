//! Shopify's GraphQL Admin API: `POST {url}/admin/api/{version}/graphql.json` with
//! `X-Shopify-Access-Token`. Problems come back as HTTP 200 with an `errors` list
//! (THROTTLED, ACCESS_DENIED) or as 401/4xx/5xx with `errors` as a string; both are turned
//! into `ShopError`s in words. Every answer's `extensions.cost` is remembered: a call that
//! would not fit in what the bucket holds now waits until it does (when that is short) instead
//! of being sent to be refused, so browsing never spends requests on THROTTLED answers. A
//! THROTTLED call (the bucket shared with other apps) is tried once more after the wait its
//! `throttleStatus` implies, when that wait is short.

mod account;
mod discount;
mod edit;
mod replace;
mod returns;
mod wire;
mod write;

pub use wire::orders_query;

/// The console's own query and mutation texts for the support actions, by operation name, so
/// a test can have Shopify's own client send exactly these (not copies that drift).
pub fn console_queries() -> Vec<(&'static str, String)> {
    [
        ("FrontlineOrders", orders_query()),
        ("FrontlineOrderDetails", replace::DETAILS.into()),
        ("FrontlineReplacementFind", replace::FIND.into()),
        ("FrontlineReplacementDraft", replace::DRAFT.into()),
        ("FrontlineReplacementCreate", replace::CREATE.into()),
        ("FrontlineReplacementComplete", replace::COMPLETE.into()),
        ("FrontlineOrderUpdate", edit::UPDATE.into()),
        ("FrontlineTagsAdd", edit::TAGS_ADD.into()),
        ("FrontlineTagsRemove", edit::TAGS_REMOVE.into()),
        ("FrontlineInvite", account::INVITE.into()),
        ("FrontlineAccount", account::STATE.into()),
        ("FrontlineActivation", account::ACTIVATION.into()),
        ("FrontlineReturnable", returns::RETURNABLE.into()),
        ("FrontlineReturnCreate", returns::CREATE.into()),
        ("FrontlineReturns", returns::FIND.into()),
        ("FrontlineReturnStatus", returns::STATUS.into()),
        ("FrontlineReturnApprove", returns::APPROVE.into()),
        ("FrontlineReturnDecline", returns::DECLINE.into()),
    ]
    .into_iter()
    .collect()
}

use crate::{CancelAsk, ORDERS_SHOWN, RefundQuote, Replacement, Shop, ShopError};
use async_trait::async_trait;
use frontline_model::text::sanitize_line;
use frontline_model::{
    DiscountAsk, DiscountFacts, Money, OrderDetails, OrderEdit, RefundAsk, ReplacementAsk, ReturnAsk, ReturnableLine,
    ShopCustomer, ShopOrder, Timestamp,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use wire::{Answer, Cost, Errors};

/// The API version asked for unless the profile says otherwise.
pub const DEFAULT_VERSION: &str = "2026-01";
/// The longest THROTTLED wait the client sits out by itself before reporting it.
const MAX_THROTTLE_WAIT: Duration = Duration::from_secs(10);

pub struct Shopify {
    client: reqwest::Client,
    endpoint: url::Url,
    token: String,
    requests: AtomicU64,
    budget: std::sync::Mutex<Budget>,
}

/// What the last answer said of the bucket, and what each query asked before.
#[derive(Debug, Default)]
struct Budget {
    /// Points available, the restore rate per second and when that was read.
    status: Option<(f64, f64, std::time::Instant)>,
    /// The bucket's size, as last said.
    maximum: Option<f64>,
    /// The cost each query (by its first line) was charged last time.
    cost: std::collections::HashMap<String, f64>,
}

impl Budget {
    /// How long to wait before sending `query` so that it fits, by what is known.
    fn wait_for(&self, query: &str) -> Duration {
        let (Some((available, rate, at)), Some(cost)) = (self.status, self.cost.get(first_line(query))) else {
            return Duration::ZERO;
        };
        let now = available + at.elapsed().as_secs_f64() * rate;
        // every number here is the server's: NaN, infinite or absurd ones give a capped wait
        if now >= *cost || rate <= 0.0 { Duration::ZERO } else { frontline_clock::wait_from_secs((cost - now) / rate) }
    }

    fn learn(&mut self, query: &str, cost: &Cost) {
        let bucket = &cost.throttle_status;
        if let (Some(available), Some(rate)) = (bucket.currently_available, bucket.restore_rate) {
            self.status = Some((available, rate, frontline_clock::monotonic()));
        }
        self.maximum = bucket.maximum_available.or(self.maximum);
        if let Some(asked) = cost.requested_query_cost {
            self.cost.insert(first_line(query).to_string(), asked);
        }
    }
}

fn first_line(query: &str) -> &str {
    query.lines().next().unwrap_or(query)
}

impl std::fmt::Debug for Shopify {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shopify({}, <token>)", self.endpoint)
    }
}

impl Shopify {
    /// A client for the shop at `url` (`https://acme.myshopify.com`, or the sandbox's
    /// `http://127.0.0.1:PORT`).
    pub fn new(url: &str, token: &str, version: Option<&str>) -> Result<Shopify, ShopError> {
        let base = url::Url::parse(url).map_err(|e| {
            ShopError::Config(format!("shop url `{url}` is not a URL ({e}): write it like https://acme.myshopify.com"))
        })?;
        let version = version.unwrap_or(DEFAULT_VERSION);
        if !(version == "unstable" || version.len() == 7 && version.as_bytes()[4] == b'-') {
            return Err(ShopError::Config(format!(
                "shop api_version `{version}` is not a version: write it like 2026-01"
            )));
        }
        let endpoint = base
            .join(&format!("/admin/api/{version}/graphql.json"))
            .map_err(|e| ShopError::Config(format!("shop url `{url}`: {e}")))?;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(20))
            .user_agent(concat!("frontline/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ShopError::Config(format!("cannot set up HTTP: {e}")))?;
        Ok(Shopify {
            client,
            endpoint,
            token: token.to_string(),
            requests: AtomicU64::new(0),
            budget: Default::default(),
        })
    }

    fn host(&self) -> String {
        let port = self.endpoint.port().map(|p| format!(":{p}")).unwrap_or_default();
        format!("{}{port}", self.endpoint.host_str().unwrap_or("?"))
    }

    /// One GraphQL call: its `data` read as `T` (lenient: a field of the wrong type reads as
    /// absent), or the error in words. Retries once after a short THROTTLED wait.
    pub async fn call<T: DeserializeOwned>(&self, query: &str, variables: Value) -> Result<T, ShopError> {
        let data = match self.call_once(query, &variables).await {
            Err(ShopError::Throttled { retry_after }) if Duration::from_secs(retry_after) <= MAX_THROTTLE_WAIT => {
                tokio::time::sleep(Duration::from_secs(retry_after)).await;
                self.call_once(query, &variables).await
            }
            other => other,
        }?;
        serde_json::from_value(data)
            .map_err(|e| ShopError::Decode(format!("{}: {}", first_line(query), sanitize_line(&e.to_string()))))
    }

    async fn call_once(&self, query: &str, variables: &Value) -> Result<Value, ShopError> {
        // a call the bucket cannot hold now waits for it, or is not sent at all
        let wait = self.budget.lock().map(|b| b.wait_for(query)).unwrap_or_default();
        if wait > MAX_THROTTLE_WAIT {
            // refused here, unsent: forget what the bucket said, so the next call goes out and
            // learns it afresh (numbers that were absurd would otherwise refuse every call)
            if let Ok(mut b) = self.budget.lock() {
                b.status = None;
            }
            return Err(ShopError::Throttled { retry_after: frontline_clock::capped_secs(wait.as_secs() + 1) });
        }
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        let sent = self
            .client
            .post(self.endpoint.clone())
            .header("X-Shopify-Access-Token", &self.token)
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    ShopError::Timeout { secs: 20 }
                } else {
                    ShopError::Network { host: self.host(), detail: without_url(&e) }
                }
            })?;
        let status = sent.status().as_u16();
        let text = sent.text().await.map_err(|e| ShopError::Network { host: self.host(), detail: without_url(&e) })?;
        let body: Option<Answer> = serde_json::from_str(&text).ok();
        match status {
            401 => return Err(ShopError::Auth { shop: self.host() }),
            403 => return Err(ShopError::AccessDenied { detail: flat_errors(body.as_ref()) }),
            200 => {}
            _ => {
                return Err(ShopError::Server {
                    status,
                    detail: Some(flat_errors(body.as_ref())).filter(|d| !d.is_empty()),
                });
            }
        }
        let body = body.ok_or_else(|| {
            ShopError::Decode(format!("not JSON: {}", sanitize_line(&text.chars().take(80).collect::<String>())))
        })?;
        let cost = body.extensions.cost.clone().unwrap_or_default();
        if let Ok(mut b) = self.budget.lock() {
            b.learn(query, &cost);
        }
        if let Some(Errors::List(errors)) = &body.errors
            && let Some(first) = errors.first()
        {
            let code = first.extensions.code.as_deref().unwrap_or("");
            let message = sanitize_line(first.message.as_deref().unwrap_or(""));
            return Err(match code {
                "THROTTLED" => ShopError::Throttled { retry_after: throttle_wait(&cost) },
                "ACCESS_DENIED" => ShopError::AccessDenied { detail: message },
                _ => ShopError::Refused(format!("{code} {message}").trim().to_string()),
            });
        }
        body.data.ok_or_else(|| ShopError::Decode("an answer without data".into()))
    }
}

/// Seconds until the bucket holds what the call asked: (asked − available) / restore rate.
fn throttle_wait(cost: &Cost) -> u64 {
    let bucket = &cost.throttle_status;
    match (cost.requested_query_cost, bucket.currently_available, bucket.restore_rate) {
        (Some(asked), Some(have), Some(rate)) if rate > 0.0 => {
            frontline_clock::wait_from_secs((asked - have) / rate).as_secs().max(1)
        }
        _ => 2,
    }
}

/// `errors` as Shopify sends them outside 200: a string, an object or a list — made safe to
/// show (a server's words may carry terminal control sequences).
fn flat_errors(body: Option<&Answer>) -> String {
    sanitize_line(&match body.and_then(|b| b.errors.as_ref()) {
        Some(Errors::Text(s)) => s.clone(),
        Some(Errors::List(a)) => a.iter().filter_map(|e| e.message.as_deref()).collect::<Vec<_>>().join("; "),
        Some(Errors::Fields(o)) => {
            o.iter().map(|(k, v)| format!("{k}: {}", v.as_str().unwrap_or(""))).collect::<Vec<_>>().join("; ")
        }
        None => String::new(),
    })
}

/// reqwest's error text without the URL it carries (a query string could hold anything),
/// with the innermost cause (`connection refused`), which says what to do.
fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(i) = text.find(" for url (") {
        text.truncate(i);
    }
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(e);
    let mut last = None;
    while let Some(c) = cause {
        last = Some(c.to_string());
        cause = c.source();
    }
    match last {
        Some(l) if !text.contains(&l) => format!("{text}: {l}"),
        _ => text,
    }
}

#[async_trait]
impl Shop for Shopify {
    fn describe(&self) -> String {
        format!("Shopify at {}", self.host())
    }

    async fn orders(&self, email: &str, named: Option<&str>) -> Result<Vec<ShopOrder>, ShopError> {
        Ok(self.orders_and_customer(email, named).await?.0)
    }

    async fn orders_and_customer(
        &self,
        email: &str,
        named: Option<&str>,
    ) -> Result<(Vec<ShopOrder>, Option<ShopCustomer>), ShopError> {
        let named = named.map(|n| format!("name:'#{}'", n.trim().trim_start_matches('#').replace(['\'', '\\'], "")));
        let by_email = format!("email:\"{}\"", email.replace(['"', '\\'], ""));
        let vars = json!({
            "q": by_email,
            "first": ORDERS_SHOWN,
            "named": named.clone().unwrap_or_default(),
            "withNamed": named.is_some(),
            "cq": by_email,
            "withCustomer": true,
        });
        let mut data: wire::OrdersData = self.call(&wire::orders_query(), vars).await?;
        let customer = std::mem::take(&mut data.customer.nodes).into_iter().find_map(wire::customer);
        Ok((wire::orders(data)?, customer))
    }

    async fn order_named(&self, name: &str) -> Result<Option<ShopOrder>, ShopError> {
        let wanted = format!("#{}", name.trim().trim_start_matches('#'));
        let vars = json!({
            "q": format!("name:'{}'", wanted.replace(['\'', '\\'], "")),
            "first": 1,
            "named": "",
            "withNamed": false,
            "cq": "",
            "withCustomer": false,
        });
        let data = self.call(&wire::orders_query(), vars).await?;
        Ok(wire::orders(data)?.into_iter().find(|o| o.is_named_by(&wanted)))
    }

    async fn check(&self) -> Result<String, ShopError> {
        let _: Value = self.call("query FrontlineCheck { orders(first: 1) { nodes { id } } }", json!({})).await?;
        let b = self.budget.lock().map_err(|_| ShopError::Decode("budget unreadable".into()))?;
        Ok(match (b.status, b.maximum) {
            (Some((available, rate, _)), Some(max)) => {
                format!("{available:.0} of {max:.0} points, restoring {rate:.0} a second")
            }
            _ => "no query cost reported".to_string(),
        })
    }

    async fn quote_refund(&self, order_id: &str, ask: &RefundAsk) -> Result<RefundQuote, ShopError> {
        self.quote(order_id, ask).await
    }

    async fn refund(&self, order_id: &str, ask: &RefundAsk, note: &str, key: &str) -> Result<Money, ShopError> {
        self.refund_once(order_id, ask, note, key).await
    }

    async fn cancel(&self, order_id: &str, how: &CancelAsk) -> Result<(), ShopError> {
        self.cancel_order(order_id, how).await
    }

    async fn cancelled(&self, order_id: &str) -> Result<bool, ShopError> {
        self.is_cancelled(order_id).await
    }

    async fn discount(&self, code: &str) -> Result<Option<DiscountFacts>, ShopError> {
        self.lookup_discount(code).await
    }

    async fn create_discount(&self, ask: &DiscountAsk) -> Result<(), ShopError> {
        self.make_discount(ask).await
    }

    async fn order_details(&self, order_id: &str) -> Result<OrderDetails, ShopError> {
        self.details(order_id).await
    }

    async fn find_replacement(&self, tag: &str) -> Result<Option<Replacement>, ShopError> {
        self.lookup_replacement(tag).await
    }

    async fn replacement_draft(&self, draft_id: &str) -> Result<Option<Replacement>, ShopError> {
        self.read_draft(draft_id).await
    }

    async fn create_replacement(&self, ask: &ReplacementAsk, tag: &str) -> Result<Replacement, ShopError> {
        self.make_replacement(ask, tag).await
    }

    async fn complete_replacement(&self, draft_id: &str) -> Result<String, ShopError> {
        self.complete_draft(draft_id).await
    }

    async fn update_order(&self, edit: &OrderEdit) -> Result<(), ShopError> {
        self.edit_order(edit).await
    }

    async fn returnable(&self, order_id: &str) -> Result<Vec<ReturnableLine>, ShopError> {
        self.returnable_lines(order_id).await
    }

    async fn find_return(&self, ask: &ReturnAsk, since: Timestamp) -> Result<Option<String>, ShopError> {
        self.made_return(ask, since).await
    }

    async fn create_return(&self, ask: &ReturnAsk) -> Result<String, ShopError> {
        self.open_return(ask).await
    }

    async fn return_status(&self, return_id: &str) -> Result<Option<String>, ShopError> {
        self.return_state(return_id).await
    }

    async fn decide_return(
        &self,
        return_id: &str,
        approve: bool,
        reason: Option<&str>,
        note: Option<&str>,
    ) -> Result<(), ShopError> {
        self.decide(return_id, approve, reason, note).await
    }

    async fn send_invite(&self, customer_id: &str) -> Result<(), ShopError> {
        self.invite(customer_id).await
    }

    async fn account_state(&self, customer_id: &str) -> Result<Option<String>, ShopError> {
        self.state_of(customer_id).await
    }

    async fn activation_url(&self, customer_id: &str) -> Result<String, ShopError> {
        self.activation(customer_id).await
    }

    fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests;
