//! The Zendesk Support API v2 adapter: views and their tickets with sideloads (users, SLA
//! state, reply metrics), comments, customers and their tickets, groups, agents, and the
//! `search/count` queries behind the KPI bar. Only what an ordinary agent's token may read.

mod conditions;
mod jobs;
mod map;
mod search;
mod time;
mod wire;
pub mod write;

use super::http::{Auth, Http, RetryPolicy};
use super::{BackendError, Conversation, CustomerProfile, Helpdesk, Result, TicketCount, TicketPage};
use async_trait::async_trait;
use frontline_model::{Group, Macro, Ticket, TicketChange, TicketId, Timestamp, User, UserId, View, ViewId};
use serde_json::Value;
use std::collections::HashMap;

pub use map::status_wire;

/// Pages the adapter follows at most for one list, so a huge helpdesk cannot run away with
/// memory; the queue loads further pages on demand.
const MAX_PAGES: usize = 50;

pub struct Zendesk {
    http: Http,
    /// The signed-in agent, learned from `me()`, for macros that assign to the current user.
    me: std::sync::Mutex<Option<UserId>>,
    /// Whether that agent is an admin: admins may use the incremental export for changes.
    admin: std::sync::atomic::AtomicBool,
    /// The account's Time Tracking fields (`time.rs`): set from the profile or found once.
    time_fields: tokio::sync::OnceCell<Option<frontline_model::TimeFields>>,
    /// Those fields came from the profile (checked against the account by `time_tracking`).
    time_fields_named: bool,
}

/// How to sign in: an API token for an agent's e-mail, or an OAuth access token.
pub enum Credentials {
    ApiToken { email: String, token: String },
    OAuth { token: String },
}

impl Zendesk {
    pub fn new(url: &str, creds: Credentials, retry: RetryPolicy) -> Result<Zendesk> {
        let (auth, who) = match creds {
            Credentials::ApiToken { email, token } => {
                (Auth::Basic { user: format!("{email}/token"), secret: token }, email)
            }
            Credentials::OAuth { token } => (Auth::Bearer(token), "the OAuth token".to_string()),
        };
        Ok(Zendesk {
            http: Http::new(url, auth, &who, retry)?,
            me: std::sync::Mutex::new(None),
            admin: Default::default(),
            time_fields: tokio::sync::OnceCell::new(),
            time_fields_named: false,
        })
    }

    /// One ticket update, marked with the outbox key when there is one, read back after.
    async fn send_update(
        &self,
        id: TicketId,
        change: &TicketChange,
        expected_version: Option<&str>,
        key: Option<&str>,
    ) -> Result<TicketPage> {
        let mut ticket = write::ticket_body(change, expected_version);
        if let Some(seconds) = change.time_spent.filter(|s| *s > 0)
            && let Some(fields) = self.time_body(id, seconds).await?
        {
            ticket["custom_fields"] = fields;
        }
        if let Some(key) = key {
            ticket = write::with_key(ticket, key);
        }
        let body = serde_json::json!({ "ticket": ticket });
        let put = self.http.put(&format!("/api/v2/tickets/{}.json", id.0), &body).await?;
        // read it back with the SLA and metric sideloads the queue shows
        let mut page = self.ticket(id).await?;
        // the version this write made is the update's own answer: a colleague's change between
        // the update and the read-back must still be a conflict for the agent's next write
        if let Some(made) = put.pointer("/ticket/updated_at").and_then(Value::as_str)
            && let Some(t) = page.tickets.iter_mut().find(|t| t.id == id)
        {
            t.version = made.to_string();
        }
        Ok(page)
    }

    /// The Time Tracking fields by id (`[profiles.NAME] time_fields`), so they are not looked up.
    pub fn with_time_fields(self, fields: Option<frontline_model::TimeFields>) -> Zendesk {
        match fields {
            Some(f) => {
                Zendesk { time_fields: tokio::sync::OnceCell::new_with(Some(Some(f))), time_fields_named: true, ..self }
            }
            None => self,
        }
    }

    async fn page(&self, target: &str) -> Result<wire::ListPage> {
        let v = self.http.get(target).await?;
        if !v.is_object() {
            return Err(BackendError::Decode {
                what: target.split('?').next().unwrap_or(target).into(),
                detail: "expected a JSON object".into(),
            });
        }
        Ok(wire::ListPage::read(v))
    }

    /// Tickets of a list answer with their sideloaded users and metrics mapped in.
    fn tickets_of(page: wire::ListPage, key_results: bool, time: Option<frontline_model::TimeFields>) -> TicketPage {
        let next = page.next();
        let orgs = orgs_of(&page);
        let metrics: HashMap<u64, wire::MetricSet> =
            page.metric_sets.into_iter().flatten().map(|m| (m.ticket_id, m)).collect();
        let list = if key_results { page.results } else { page.tickets };
        TicketPage {
            tickets: list.into_iter().flatten().map(|t| map::ticket(t, &metrics, time)).collect(),
            users: page.users.into_iter().flatten().map(|u| map::user(u, &orgs)).collect(),
            next,
        }
    }

    fn query(&self, q: &str) -> String {
        url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
    }
}

/// Any Zendesk list answer (view tickets, search results, requested tickets) as a page.
/// Never fails: records that cannot be read are skipped. Public so it can be fuzzed.
pub fn decode_page(v: Value) -> TicketPage {
    let results = v.get("results").is_some();
    Zendesk::tickets_of(wire::ListPage::read(v), results, None)
}

/// The ids of a ticket list, read one by one: a ticket that would not decode whole still
/// exists, so it must not read as deleted. An answer without the list is an error.
fn ids_of(v: &Value, what: &str) -> Result<Vec<TicketId>> {
    let list = v
        .get("tickets")
        .and_then(Value::as_array)
        .ok_or_else(|| BackendError::Decode { what: what.into(), detail: "the answer has no tickets list".into() })?;
    Ok(list.iter().filter_map(|t| t.get("id").and_then(Value::as_u64)).map(TicketId).collect())
}

/// A comments answer as messages. Never fails; public so it can be fuzzed.
pub fn decode_comments(v: Value) -> Conversation {
    let page = wire::ListPage::read(v);
    Conversation {
        messages: page.comments.into_iter().flatten().map(map::message).collect(),
        users: page.users.into_iter().flatten().map(|u| map::user(u, &HashMap::new())).collect(),
        older_left_out: false,
    }
}

fn orgs_of(page: &wire::ListPage) -> HashMap<u64, String> {
    page.organizations
        .iter()
        .flatten()
        .filter_map(|o| Some((o.id, frontline_model::text::sanitize_line(o.name.as_deref()?))))
        .collect()
}

fn decode<T: serde::de::DeserializeOwned>(v: Option<&Value>, what: &str) -> Result<T> {
    let v =
        v.ok_or_else(|| BackendError::Decode { what: what.into(), detail: "the answer has no such field".into() })?;
    serde_json::from_value(v.clone()).map_err(|e| BackendError::Decode { what: what.into(), detail: e.to_string() })
}

pub fn count_query(what: TicketCount) -> &'static str {
    match what {
        TicketCount::Open => "type:ticket status<solved",
        TicketCount::New => "type:ticket status:new",
        TicketCount::Unassigned => "type:ticket status<solved assignee:none",
        TicketCount::Urgent => "type:ticket status<solved priority:urgent",
        TicketCount::Pending => "type:ticket status:pending",
    }
}

const TICKET_SIDELOADS: &str = "include=users,slas,metric_sets";

#[async_trait]
impl Helpdesk for Zendesk {
    fn describe(&self) -> String {
        format!("Zendesk {} as {}", self.http.base().host_str().unwrap_or("?"), self.http.who)
    }

    async fn me(&self) -> Result<User> {
        let v = self.http.get("/api/v2/users/me.json").await?;
        let me = map::user(decode(v.get("user"), "users/me")?, &HashMap::new());
        if let Ok(mut slot) = self.me.lock() {
            *slot = Some(me.id);
        }
        self.admin.store(me.role == frontline_model::Role::Admin, std::sync::atomic::Ordering::Relaxed);
        Ok(me)
    }

    fn signed_in(&self) -> Option<UserId> {
        self.me.lock().ok().and_then(|m| *m)
    }

    fn rate(&self) -> Option<crate::RateBudget> {
        self.http.meter.budget()
    }

    fn requests_sent(&self) -> u64 {
        self.http.meter.sent()
    }

    async fn views(&self) -> Result<Vec<View>> {
        let page = self.http.get("/api/v2/views/active.json").await?;
        let views = wire::ListPage::read(page).views.unwrap_or_default();
        Ok(views
            .into_iter()
            .filter(|v| v.active != Some(false))
            .map(|v| View {
                id: ViewId(v.id),
                title: frontline_model::text::sanitize_line(v.title.as_deref().unwrap_or("(untitled)")),
                filter: v.conditions.as_ref().and_then(conditions::view_filter),
            })
            .collect())
    }

    async fn queue_page(&self, view: ViewId, page: Option<String>) -> Result<TicketPage> {
        let target =
            page.unwrap_or_else(|| format!("/api/v2/views/{}/tickets.json?page[size]=100&{TICKET_SIDELOADS}", view.0));
        Ok(Self::tickets_of(self.page(&target).await?, false, self.time_ids().await))
    }

    async fn ticket(&self, id: TicketId) -> Result<TicketPage> {
        let v = self.http.get(&format!("/api/v2/tickets/{}.json?{TICKET_SIDELOADS}", id.0)).await?;
        let ticket = v.get("ticket").cloned().and_then(|t| serde_json::from_value::<wire::Ticket>(t).ok());
        let mut page = wire::ListPage::read(v);
        page.tickets = ticket.map(|t| vec![t]);
        Ok(Self::tickets_of(page, false, self.time_ids().await))
    }

    async fn assigned_to(&self, agent: UserId) -> Result<TicketPage> {
        let q = self.query(&format!("type:ticket status<solved assignee:{}", agent.0));
        let page = self
            .page(&format!("/api/v2/search.json?query={q}&per_page=100&include=tickets(users,slas,metric_sets)"))
            .await?;
        Ok(Self::tickets_of(page, true, self.time_ids().await))
    }

    async fn search(&self, words: &str) -> Result<TicketPage> {
        self.find(words).await
    }

    fn snoozing(&self) -> crate::Snoozing {
        crate::Snoozing::ByConsoles
    }

    async fn due_snoozes(&self, now: Timestamp) -> Result<Vec<Ticket>> {
        self.snoozed_due(now).await
    }

    async fn existing(&self, ids: &[TicketId]) -> Result<Vec<TicketId>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(100) {
            let list: Vec<String> = chunk.iter().map(|i| i.0.to_string()).collect();
            let v = self.http.get(&format!("/api/v2/tickets/show_many.json?ids={}", list.join(","))).await?;
            out.extend(ids_of(&v, "tickets/show_many")?);
        }
        Ok(out)
    }

    async fn conversation(&self, id: TicketId) -> Result<Conversation> {
        // newest first: past MAX_PAGES pages it is the oldest that are left out, not the newest
        let mut target = format!("/api/v2/tickets/{}/comments.json?include=users&page[size]=100&sort_order=desc", id.0);
        let mut out = Conversation::default();
        for page_no in 1..=MAX_PAGES {
            let page = self.page(&target).await?;
            let next = page.next();
            out.messages.extend(page.comments.into_iter().flatten().map(map::message));
            out.users.extend(page.users.into_iter().flatten().map(|u| map::user(u, &HashMap::new())));
            match next {
                Some(n) if page_no == MAX_PAGES => {
                    tracing::info!(
                        "#{}: more than {} messages; the oldest are not read ({n})",
                        id.0,
                        out.messages.len()
                    );
                    out.older_left_out = true;
                }
                Some(n) => target = n,
                None => break,
            }
        }
        out.messages.sort_by_key(|m| (m.created_at, m.id));
        Ok(out)
    }

    async fn customer(&self, id: UserId) -> Result<CustomerProfile> {
        let v = self.http.get(&format!("/api/v2/users/{}.json?include=organizations", id.0)).await?;
        let user: wire::User = decode(v.get("user"), "user")?;
        let user = map::user(user, &orgs_of(&wire::ListPage::read(v)));
        let list = self
            .page(&format!(
                "/api/v2/users/{}/tickets/requested.json?sort_by=created_at&sort_order=desc&per_page=50",
                id.0
            ))
            .await?;
        Ok(CustomerProfile { user, tickets: Self::tickets_of(list, false, self.time_ids().await).tickets })
    }

    async fn groups(&self) -> Result<Vec<Group>> {
        let v = self.http.get("/api/v2/groups.json").await?;
        let groups = wire::ListPage::read(v).groups.unwrap_or_default();
        Ok(groups
            .into_iter()
            .map(|g| Group { id: g.id, name: frontline_model::text::sanitize_line(g.name.as_deref().unwrap_or("?")) })
            .collect())
    }

    async fn agents(&self) -> Result<Vec<User>> {
        let mut target = "/api/v2/users.json?role[]=agent&role[]=admin&per_page=100".to_string();
        let mut out = Vec::new();
        for _ in 0..MAX_PAGES {
            let page = self.page(&target).await?;
            let next = page.next();
            out.extend(page.users.into_iter().flatten().map(|u| map::user(u, &HashMap::new())));
            match next {
                Some(n) => target = n,
                None => break,
            }
        }
        // each agent's groups, for the assign picker: one more request (a page per 100);
        // an account that will not say leaves them unknown, not the agents unloaded
        let mut target = "/api/v2/group_memberships.json?per_page=100".to_string();
        let mut groups: HashMap<u64, Vec<u64>> = HashMap::new();
        for _ in 0..MAX_PAGES {
            let Ok(v) = self.http.get(&target).await else { break };
            for g in v.get("group_memberships").and_then(Value::as_array).into_iter().flatten() {
                if let (Some(u), Some(gid)) =
                    (g.get("user_id").and_then(Value::as_u64), g.get("group_id").and_then(Value::as_u64))
                {
                    groups.entry(u).or_default().push(gid);
                }
            }
            match v.get("next_page").and_then(Value::as_str) {
                Some(n) => target = n.to_string(),
                None => break,
            }
        }
        for u in &mut out {
            u.groups = groups.remove(&u.id.0).unwrap_or_default();
        }
        Ok(out)
    }

    async fn count(&self, what: TicketCount) -> Result<u64> {
        let v = self.http.get(&format!("/api/v2/search/count.json?query={}", self.query(count_query(what)))).await?;
        v.get("count").and_then(Value::as_u64).ok_or_else(|| BackendError::Decode {
            what: "search/count".into(),
            detail: "no count in the answer".into(),
        })
    }

    async fn view_changes(&self, view: ViewId, since: Timestamp) -> Result<TicketPage> {
        let mut target = format!(
            "/api/v2/views/{}/tickets.json?sort_by=updated_at&sort_order=desc&page[size]=100&{TICKET_SIDELOADS}",
            view.0
        );
        let mut out = TicketPage::default();
        for _ in 0..MAX_PAGES {
            let page = Self::tickets_of(self.page(&target).await?, false, self.time_ids().await);
            out.users.extend(page.users);
            let n = page.tickets.len();
            let newer: Vec<Ticket> = page.tickets.into_iter().take_while(|t| t.updated_at > since).collect();
            // stop at the first page that reaches tickets older than `since`
            let reached_older = newer.len() < n;
            out.tickets.extend(newer);
            if reached_older || n == 0 {
                break;
            }
            match page.next {
                Some(n) => target = n,
                None => break,
            }
        }
        Ok(out)
    }

    async fn changed_since(&self, since: Timestamp) -> Result<TicketPage> {
        // Admins get Zendesk's incremental export (made for this); agents, whose tokens may not
        // use it, get search. Both with the requesters and SLA clocks, as a poll may take the
        // view's changes from this answer alone.
        let mut out = TicketPage::default();
        if self.admin.load(std::sync::atomic::Ordering::Relaxed) {
            let mut target =
                format!("/api/v2/incremental/tickets/cursor.json?start_time={}&{TICKET_SIDELOADS}", since.max(-1) + 1);
            for _ in 0..10 {
                let v = self.http.get(&target).await?;
                let end = v.get("end_of_stream").and_then(Value::as_bool).unwrap_or(true);
                let next = v.get("after_url").and_then(Value::as_str).map(String::from);
                let page: wire::ListPage = serde_json::from_value(v).unwrap_or_default();
                let page = Self::tickets_of(page, false, self.time_ids().await);
                out.tickets.extend(page.tickets.into_iter().filter(|t| t.updated_at >= since));
                out.users.extend(page.users);
                match next {
                    Some(n) if !end => target = n,
                    _ => break,
                }
            }
            return Ok(out);
        }
        self.search_changed(since).await
    }

    async fn poll_changes(&self, since: Timestamp) -> Result<TicketPage> {
        self.search_changed(since).await
    }

    async fn update(&self, id: TicketId, change: &TicketChange, expected_version: Option<&str>) -> Result<TicketPage> {
        self.send_update(id, change, expected_version, None).await
    }

    async fn update_keyed(
        &self,
        id: TicketId,
        change: &TicketChange,
        expected_version: Option<&str>,
        key: &str,
    ) -> Result<TicketPage> {
        self.send_update(id, change, expected_version, Some(key)).await
    }

    async fn landed_by_key(&self, id: TicketId, key: &str, since: Timestamp) -> Result<Option<bool>> {
        // newest first, page by page, until the key or audits older than the write's first try
        let mut target = format!("/api/v2/tickets/{}/audits.json?sort_order=desc", id.0);
        for _ in 0..MAX_PAGES {
            let v = self.http.get(&target).await?;
            let audits = v.get("audits").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            if audits.iter().any(|a| a.pointer(write::KEY_POINTER).and_then(Value::as_str) == Some(key)) {
                return Ok(Some(true));
            }
            let older = audits
                .iter()
                .filter_map(|a| a.get("created_at").and_then(Value::as_str))
                .filter_map(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .any(|t| t.timestamp() < since);
            match wire::ListPage::read(v).next() {
                Some(next) if !older => target = next,
                _ => break,
            }
        }
        Ok(Some(false))
    }

    async fn update_many(&self, ids: &[TicketId], change: &TicketChange) -> Result<super::Outcomes> {
        let mut out = Vec::new();
        // Zendesk takes at most 100 tickets per bulk update
        for chunk in ids.chunks(100) {
            let list: Vec<String> = chunk.iter().map(|i| i.0.to_string()).collect();
            let body = serde_json::json!({"ticket": write::ticket_body(change, None)});
            let v = self.http.put(&format!("/api/v2/tickets/update_many.json?ids={}", list.join(",")), &body).await?;
            let job = self.finished_job(&v).await?;
            let results = job.get("results").and_then(Value::as_array).cloned().unwrap_or_default();
            for id in chunk {
                let r = results.iter().find(|r| r.get("id").and_then(Value::as_u64) == Some(id.0));
                let outcome = match r {
                    Some(r)
                        if r.get("success").and_then(Value::as_bool) == Some(false)
                            || r.get("status").and_then(Value::as_str) == Some("Failed") =>
                    {
                        Err(BackendError::Invalid(frontline_model::text::sanitize_line(
                            r.get("details").or(r.get("error")).and_then(Value::as_str).unwrap_or("failed"),
                        )))
                    }
                    Some(_) => Ok(()),
                    None if job.get("status").and_then(Value::as_str) == Some("completed") => Ok(()),
                    None => Err(BackendError::Decode {
                        what: format!("the bulk update of #{}", id.0),
                        detail: "the helpdesk did not report this ticket's outcome".into(),
                    }),
                };
                out.push((*id, outcome));
            }
        }
        Ok(out)
    }

    fn can_merge(&self) -> bool {
        true
    }

    async fn time_tracking(&self) -> Result<String> {
        self.time_where().await
    }

    async fn merge(&self, source: TicketId, target: TicketId, note: Option<&str>) -> Result<()> {
        self.merge_tickets(source, target, note).await
    }

    async fn view_counts(&self, views: &[ViewId]) -> Result<Vec<(ViewId, u64)>> {
        let mut out = Vec::new();
        for chunk in views.chunks(20) {
            let ids: Vec<String> = chunk.iter().map(|v| v.0.to_string()).collect();
            let v = self.http.get(&format!("/api/v2/views/count_many.json?ids={}", ids.join(","))).await?;
            for c in v.get("view_counts").and_then(Value::as_array).into_iter().flatten() {
                // a count Zendesk is still computing comes back as null: left out, not 0
                if let (Some(id), Some(n)) =
                    (c.get("view_id").and_then(Value::as_u64), c.get("value").and_then(Value::as_u64))
                {
                    out.push((ViewId(id), n));
                }
            }
        }
        Ok(out)
    }

    async fn macros(&self) -> Result<Vec<Macro>> {
        let me = self.me.lock().ok().and_then(|m| *m);
        let mut target = "/api/v2/macros/active.json?per_page=100".to_string();
        let mut out = Vec::new();
        for _ in 0..MAX_PAGES {
            let v = self.http.get(&target).await?;
            out.extend(
                v.get("macros")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|m| write::macro_from(m, me)),
            );
            match v.get("next_page").and_then(Value::as_str) {
                Some(n) => target = n.to_string(),
                None => break,
            }
        }
        Ok(out)
    }
}
