//! The Chatwoot adapter (Application API v1, reports v2): conversations by display id as
//! tickets, Chatwoot's own lists and the profile's filters as views, writes field by field
//! with the message last (no idempotency key, so the outbox's check-before-resend decides),
//! counts from `conversations/meta`, and a live feed over ActionCable (`live.rs`).
//! Shapes follow Chatwoot's views, not its OpenAPI file (`shared/reference/chatwoot-api.md`).

mod live;
pub mod map;
mod read;
mod requests;
pub mod views;
pub mod wire;
pub mod write;

#[cfg(test)]
mod tests;

pub use live::{Room, cable_url, events};

use super::http::{Auth, Http, RetryPolicy};
use super::live::{LiveFeed, Report};
use super::{BackendError, Conversation, CustomerProfile, Helpdesk, Outcomes, Result, TicketCount, TicketPage};
use async_trait::async_trait;
use frontline_model::{Group, Macro, StatusNames, TicketChange, TicketId, Timestamp, User, UserId, View, ViewId};
use requests::load_profile;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Mutex;
use views::{Query, Views};

/// Conversations per page of a list (Chatwoot's `CONVERSATION_RESULTS_PER_PAGE` default).
pub const PER_PAGE: usize = 25;
/// Pages followed at most for one list.
const MAX_PAGES: u64 = 40;
/// Requests in flight at once for a bulk change.
const PARALLEL: usize = 4;
/// `conversations/meta` answers are reused this long: the KPI bar asks for five counts at
/// once, and Chatwoot allows 30 meta calls a minute per agent.
const META_FRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// How a profile talks to its Chatwoot.
#[derive(Debug, Clone, Default)]
pub struct ChatwootOptions {
    /// The account to work in; `None`: the profile's first account.
    pub account_id: Option<u64>,
    /// The profile's filters: name and `conversations/filter` payload.
    pub filters: Vec<(String, Value)>,
    /// The ActionCable address when it is not `<url>/cable`.
    pub cable_url: Option<String>,
}

pub struct Chatwoot {
    http: Http,
    opts: ChatwootOptions,
    profile: std::sync::Arc<tokio::sync::OnceCell<wire::Profile>>,
    /// Held while a count is asked, so counts asked together share one `meta` answer.
    counting: tokio::sync::Mutex<()>,
    views: Mutex<Views>,
    teams: Mutex<Option<Vec<Group>>>,
    metas: Mutex<HashMap<String, (std::time::Instant, wire::Counts)>>,
    /// The agent's account role, `administrator` or `agent`, once the profile is read.
    role: Mutex<Option<String>>,
    /// The console's one clock (the system's unless `with_clock` says otherwise).
    clock: frontline_clock::SharedClock,
}

impl Chatwoot {
    /// `url` is Chatwoot's address (`https://app.chatwoot.com`); `token` the agent's
    /// `api_access_token` (Profile settings → Access token).
    /// The same adapter reading `clock` (the console's one clock) for "now".
    pub fn with_clock(mut self, clock: frontline_clock::SharedClock) -> Chatwoot {
        self.clock = clock;
        self
    }

    pub fn new(url: &str, token: String, opts: ChatwootOptions, retry: RetryPolicy) -> Result<Chatwoot> {
        let base = format!("{}/", url.trim_end_matches('/'));
        let auth = Auth::Header { name: "api_access_token", secret: token };
        let who = match opts.account_id {
            Some(a) => format!("Chatwoot account {a}"),
            None => "Chatwoot".to_string(),
        };
        Ok(Chatwoot {
            http: Http::new(&base, auth, &who, retry)?,
            views: Mutex::new(Views::new(&views::Parts { filters: opts.filters.clone(), ..Default::default() })),
            opts,
            profile: Default::default(),
            counting: tokio::sync::Mutex::new(()),
            teams: Mutex::new(None),
            metas: Mutex::new(HashMap::new()),
            role: Mutex::new(None),
            clock: frontline_clock::system(),
        })
    }

    async fn profile(&self) -> Result<&wire::Profile> {
        load_profile(&self.http, &self.profile, self.opts.account_id).await
    }
}

/// A typed answer from JSON, or an error naming the request and what did not fit.
pub fn decode<T: serde::de::DeserializeOwned>(v: Value, what: &str) -> Result<T> {
    serde_json::from_value(v).map_err(|e| BackendError::Decode { what: what.into(), detail: e.to_string() })
}

#[async_trait]
impl Helpdesk for Chatwoot {
    fn describe(&self) -> String {
        let host = self.http.base().host_str().unwrap_or("?").to_string();
        match self.opts.account_id.or_else(|| self.profile.get().and_then(|p| p.accounts.first().map(|a| a.id))) {
            Some(a) => format!("Chatwoot {host} account {a}"),
            None => format!("Chatwoot {host}"),
        }
    }

    async fn me(&self) -> Result<User> {
        let p = self.profile().await?;
        let account = self.account().await?;
        let role = p.accounts.iter().find(|a| a.id == account).and_then(|a| a.role.clone());
        let mut me = User::new(p.id, &frontline_model::text::sanitize_line(&p.name), frontline_model::Role::Agent);
        if role.as_deref() == Some("administrator") {
            me.role = frontline_model::Role::Admin;
        }
        me.email = p.email.clone();
        if let Ok(mut r) = self.role.lock() {
            *r = role;
        }
        Ok(me)
    }

    fn signed_in(&self) -> Option<UserId> {
        self.profile.get().map(|p| UserId(p.id))
    }

    fn requests_sent(&self) -> u64 {
        self.http.meter.sent()
    }

    async fn views(&self) -> Result<Vec<View>> {
        let (inboxes, teams, labels) = futures::try_join!(self.inboxes(), self.teams(), self.labels())?;
        if let Ok(mut t) = self.teams.lock() {
            *t = Some(teams.iter().map(|(id, name)| Group { id: *id, name: name.clone() }).collect());
        }
        let v = Views::new(&views::Parts { inboxes, teams, labels, filters: self.opts.filters.clone() });
        let list = v.list();
        if let Ok(mut slot) = self.views.lock() {
            *slot = v;
        }
        Ok(list)
    }

    async fn queue_page(&self, view: ViewId, page: Option<String>) -> Result<TicketPage> {
        let n: u64 = page.and_then(|p| p.parse().ok()).unwrap_or(1);
        let list = match self.view_query(view)? {
            Query::List(q) => self.list_page(&q, n).await?.data.payload,
            Query::Filter(payload) => self.filter_page(&payload, n).await?.payload,
        };
        let mut out = Self::page_of(&list);
        out.next = (list.len() >= PER_PAGE && n < MAX_PAGES).then(|| (n + 1).to_string());
        Ok(out)
    }

    async fn ticket(&self, id: TicketId) -> Result<TicketPage> {
        let v = self.get(&format!("conversations/{}", id.0)).await.map_err(|e| match e {
            BackendError::NotFound { .. } => BackendError::NotFound { what: format!("conversation #{}", id.0) },
            e => e,
        })?;
        let c: wire::Conversation = decode(v, "GET conversations/:id")?;
        Ok(Self::page_of(std::slice::from_ref(&c)))
    }

    async fn search(&self, words: &str) -> Result<TicketPage> {
        let words = words.trim();
        if words.is_empty() {
            return Ok(TicketPage::default());
        }
        // `q` looks at the contact and the conversation's number, whatever the status; a phone
        // number goes as Chatwoot keeps it (`+447700900123`: q matches a part of it as written)
        let words = match crate::body::phone(words) {
            Some(n) => {
                let digits: String = n.chars().filter(char::is_ascii_digit).collect();
                if n.starts_with('+') { format!("+{digits}") } else { digits }
            }
            None => words.to_string(),
        };
        let list = self.list_page(&format!("q={}", views::enc(&words)), 1).await?;
        Ok(Self::page_of(&list.data.payload))
    }

    async fn assigned_to(&self, agent: UserId) -> Result<TicketPage> {
        let payload = json!([
            {"attribute_key": "assignee_id", "filter_operator": "equal_to", "values": [agent.0.to_string()], "query_operator": "AND"},
            {"attribute_key": "status", "filter_operator": "equal_to", "values": ["open", "pending", "snoozed"], "query_operator": null}
        ]);
        let list = self.filter_page(&payload, 1).await?;
        let mut page = Self::page_of(&list.payload);
        page.next = (list.payload.len() >= PER_PAGE).then(|| "2".into());
        Ok(page)
    }

    async fn existing(&self, ids: &[TicketId]) -> Result<Vec<TicketId>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(PER_PAGE) {
            // filter values are strings (Chatwoot casts them; its OpenAPI file says so)
            let values: Vec<String> = chunk.iter().map(|t| t.0.to_string()).collect();
            let payload = json!([{"attribute_key": "display_id", "filter_operator": "equal_to", "values": values, "query_operator": null}]);
            let list = self.filter_page(&payload, 1).await?;
            out.extend(list.payload.iter().map(|c| TicketId(c.id)));
        }
        Ok(out)
    }

    async fn conversation(&self, id: TicketId) -> Result<Conversation> {
        self.read_conversation(id).await
    }

    async fn customer(&self, id: UserId) -> Result<CustomerProfile> {
        self.read_customer(id).await
    }

    async fn groups(&self) -> Result<Vec<Group>> {
        if let Some(known) = self.teams.lock().ok().and_then(|mut t| t.take()) {
            return Ok(known);
        }
        Ok(self.teams().await?.into_iter().map(|(id, name)| Group { id, name }).collect())
    }

    async fn agents(&self) -> Result<Vec<User>> {
        let v = self.get("agents").await?;
        let list: Vec<wire::Person> = decode(v, "GET agents")?;
        Ok(list.iter().map(|p| map::person(p, false)).collect())
    }

    async fn count(&self, what: TicketCount) -> Result<u64> {
        const UNSOLVED: [&str; 3] = ["open", "pending", "snoozed"];
        match what {
            TicketCount::Open | TicketCount::Unassigned => {
                let mut n = 0;
                for s in UNSOLVED {
                    let c = self.counts(s).await?;
                    n += if what == TicketCount::Open { c.all_count } else { c.unassigned_count };
                }
                Ok(n)
            }
            TicketCount::Pending => Ok(self.counts("pending").await?.all_count),
            TicketCount::Urgent => {
                let payload = json!([
                    {"attribute_key": "status", "filter_operator": "equal_to", "values": UNSOLVED, "query_operator": "AND"},
                    {"attribute_key": "priority", "filter_operator": "equal_to", "values": ["urgent"], "query_operator": null}
                ]);
                Ok(self.filter_page(&payload, 1).await?.meta.all_count)
            }
            TicketCount::New => Err(BackendError::NotOffered("Chatwoot has no \"new\" status to count".into())),
        }
    }

    async fn view_changes(&self, view: ViewId, since: Timestamp) -> Result<TicketPage> {
        let list = match self.view_query(view)? {
            // `updated_within` answers every match at once, without pages
            Query::List(q) => {
                self.list_page(&format!("{q}&updated_within={}", self.within(since)), 1).await?.data.payload
            }
            Query::Filter(payload) => self.filter_page(&payload, 1).await?.payload,
        };
        let mut page = Self::page_of(&list);
        page.tickets.retain(|t| t.updated_at >= since);
        page.tickets.sort_by_key(|t| std::cmp::Reverse(t.updated_at));
        Ok(page)
    }

    async fn changed_since(&self, since: Timestamp) -> Result<TicketPage> {
        let q = format!("status=all&assignee_type=all&updated_within={}", self.within(since));
        let list = self.list_page(&q, 1).await?;
        let mut page = Self::page_of(&list.data.payload);
        page.tickets.retain(|t| t.updated_at >= since);
        Ok(page)
    }

    async fn update(&self, id: TicketId, change: &TicketChange, expected_version: Option<&str>) -> Result<TicketPage> {
        self.write(id, change, expected_version).await
    }

    async fn update_many(&self, ids: &[TicketId], change: &TicketChange) -> Result<Outcomes> {
        super::one_by_one(ids, PARALLEL, |id| self.write(id, change, None)).await
    }

    async fn view_counts(&self, list: &[ViewId]) -> Result<Vec<(ViewId, u64)>> {
        let mut out = Vec::new();
        for v in list {
            let n = match self.view_query(*v) {
                Ok(Query::List(q)) => {
                    let mine = q.contains("assignee_type=me");
                    let nobody = q.contains("assignee_type=unassigned");
                    let params: Vec<&str> = q.split('&').filter(|p| !p.starts_with("assignee_type=")).collect();
                    let v = self.get(&format!("conversations/meta?{}", params.join("&"))).await?;
                    let c = decode::<wire::MetaOnly>(v, "GET conversations/meta")?.meta;
                    if mine {
                        c.mine_count
                    } else if nobody {
                        c.unassigned_count
                    } else {
                        c.all_count
                    }
                }
                Ok(Query::Filter(payload)) => self.filter_page(&payload, 1).await?.meta.all_count,
                Err(_) => continue,
            };
            out.push((*v, n));
        }
        Ok(out)
    }

    async fn macros(&self) -> Result<Vec<Macro>> {
        let v = self.get("canned_responses").await?;
        let list: Vec<wire::Canned> = decode(v, "GET canned_responses")?;
        Ok(list.iter().map(map::canned).collect())
    }

    fn status_names(&self) -> StatusNames {
        map::status_names()
    }

    fn live(&self) -> Option<LiveFeed> {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let http = self.http.clone();
        let account = self.opts.account_id;
        let cable = self.opts.cable_url.clone().unwrap_or_else(|| cable_url(self.http.base()));
        let cell = self.profile.clone();
        tokio::spawn(async move {
            let profile = match load_profile(&http, &cell, account).await {
                Ok(p) => p.clone(),
                Err(e) => {
                    let _ = tx.send(super::LiveEvent::Down(format!("not started: {e}")));
                    return;
                }
            };
            let Some(pubsub_token) = profile.pubsub_token.clone().filter(|t| !t.is_empty()) else {
                let _ = tx.send(super::LiveEvent::Down("not started: the profile has no pubsub token".into()));
                return;
            };
            let account_id = account.or_else(|| profile.accounts.first().map(|a| a.id)).unwrap_or(1);
            live::run(Room { url: cable, pubsub_token, account_id, user_id: profile.id }, tx).await;
        });
        Some(rx)
    }

    fn shows_typing(&self) -> bool {
        true
    }

    fn snoozing(&self) -> crate::Snoozing {
        crate::Snoozing::ByHelpdesk
    }

    async fn typing(&self, id: TicketId, on: bool, private: bool) -> Result<()> {
        let body = json!({"typing_status": if on { "on" } else { "off" }, "is_private": private});
        self.post(&format!("conversations/{}/toggle_typing_status", id.0), &body).await.map(|_| ())
    }

    async fn report(&self, since: Timestamp, until: Timestamp) -> Result<Option<Report>> {
        self.read_report(since, until).await.map(Some)
    }
}
