//! The Request Tracker 5 adapter (REST2): TicketSQL views with each ticket's queue, owner
//! and requestors inline, conversations from the history and its text attachments, writes
//! guarded by `If-Match`, counts by TicketSQL, and first-reply times, replies and reopens
//! from the history.

mod map;
mod read;
mod views;
mod wire;
pub mod write;

pub use map::status_names;

use super::http::{Auth, Http, RetryPolicy};
use super::{BackendError, Conversation, CustomerProfile, Helpdesk, Outcomes, Result, TicketCount, TicketPage};
use async_trait::async_trait;
use frontline_model::PriorityBands;
use frontline_model::{Group, Macro, Role, StatusNames, TicketChange, TicketId, Timestamp, User, UserId, View, ViewId};
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Mutex;
use views::Views;

/// Pages followed at most for one list.
const MAX_PAGES: u64 = 50;
/// Requests in flight at once when one answer needs several (first replies, agents).
const PARALLEL: usize = 4;
/// Histories read at most per call for first-reply times (the most recently changed first),
/// so a busy day does not start with a thousand requests; known times are kept.
const MAX_HISTORIES: usize = 200;
/// Records per page unless `with_page_size` says otherwise.
const PER_PAGE: usize = 100;

/// How a profile talks to its RT.
#[derive(Debug, Clone)]
pub struct RtOptions {
    /// The RT user the token acts as.
    pub user: String,
    /// The secret is `user`'s password (HTTP Basic), not an auth token.
    pub basic_auth: bool,
    /// The profile's views: name and TicketSQL.
    pub views: Vec<(String, String)>,
    pub bands: PriorityBands,
    /// User names offered when assigning; empty = owners of active tickets.
    pub agents: Vec<String>,
}

pub struct Rt {
    http: Http,
    opts: RtOptions,
    views: Mutex<Views>,
    /// Minutes to first reply by ticket: once known it never changes.
    first_replies: Mutex<HashMap<u64, i64>>,
    /// Public replies and reopens of solved tickets, by ticket, with the version (LastUpdated)
    /// they were counted at: counted again once the ticket changes.
    solved_counts: Mutex<HashMap<u64, (String, u32, u32)>>,
    /// The signed-in user, learned from `me()`.
    me: Mutex<Option<UserId>>,
    /// The signed-in user's record and the queues, as last read: the start-up asks each once
    /// (`views` reads the queues, `groups` reuses them; `agents` reuses `me`).
    me_user: Mutex<Option<User>>,
    queues: Mutex<Option<Vec<Group>>>,
    per_page: usize,
}

impl Rt {
    async fn read_queues(&self) -> Result<Vec<Group>> {
        let list: Vec<wire::Queue> = self.all_pages("queues/all?fields=id,Name", None, "the queues").await?;
        Ok(list
            .iter()
            .filter_map(|q| Some(Group { id: q.id?, name: frontline_model::text::sanitize_line(wire::said(&q.name)?) }))
            .collect())
    }

    /// `url` is RT's web address (`https://rt.example.com` or `https://example.com/rt`).
    pub fn new(url: &str, secret: String, opts: RtOptions, retry: RetryPolicy) -> Result<Rt> {
        let base = format!("{}/REST/2.0/", url.trim_end_matches('/'));
        let auth = if opts.basic_auth {
            Auth::Basic { user: opts.user.clone(), secret }
        } else {
            Auth::Scheme { scheme: "token".into(), secret }
        };
        let who = format!("RT user {}", opts.user);
        Ok(Rt {
            http: Http::new(&base, auth, &who, retry)?,
            views: Mutex::new(Views::new(&opts.views, &[])),
            opts,
            first_replies: Mutex::new(HashMap::new()),
            solved_counts: Mutex::new(HashMap::new()),
            me: Mutex::new(None),
            me_user: Mutex::new(None),
            queues: Mutex::new(None),
            per_page: PER_PAGE,
        })
    }

    /// Smaller pages, so tests can see paging to the end without hundreds of tickets.
    pub fn with_page_size(mut self, n: usize) -> Rt {
        self.per_page = n.clamp(1, 100);
        self
    }
}

#[async_trait]
impl Helpdesk for Rt {
    fn describe(&self) -> String {
        format!("Request Tracker {} as {}", self.http.base().host_str().unwrap_or("?"), self.opts.user)
    }

    async fn me(&self) -> Result<User> {
        let mut me = self.user_record(&self.opts.user).await?;
        me.role = Role::Agent;
        if let Ok(mut slot) = self.me.lock() {
            *slot = Some(me.id);
        }
        if let Ok(mut slot) = self.me_user.lock() {
            *slot = Some(me.clone());
        }
        Ok(me)
    }

    fn requests_sent(&self) -> u64 {
        self.http.meter.sent()
    }

    fn signed_in(&self) -> Option<UserId> {
        self.me.lock().ok().and_then(|m| *m)
    }

    async fn views(&self) -> Result<Vec<View>> {
        let groups = self.read_queues().await?;
        if let Ok(mut slot) = self.queues.lock() {
            *slot = Some(groups.clone());
        }
        let queues: Vec<(u64, String)> = groups.into_iter().map(|g| (g.id, g.name)).collect();
        let v = Views::new(&self.opts.views, &queues);
        let list = v.list();
        if let Ok(mut slot) = self.views.lock() {
            *slot = v;
        }
        Ok(list)
    }

    async fn queue_page(&self, view: ViewId, page: Option<String>) -> Result<TicketPage> {
        let query = self.view_query(view)?;
        let n: u64 = page.and_then(|p| p.parse().ok()).unwrap_or(1);
        let v = self.run_search(&query, "orderby=id&order=ASC", n, self.per_page).await?;
        let mut out = self.page_of(&v);
        out.next = v.has_next(self.per_page).then(|| (n + 1).to_string());
        Ok(out)
    }

    async fn ticket(&self, id: TicketId) -> Result<TicketPage> {
        let v = self.run_search(&views::by_id(id.0), "orderby=id", 1, 1).await?;
        let page = self.page_of(&v);
        if page.tickets.is_empty() {
            return Err(BackendError::NotFound { what: format!("ticket #{}", id.0) });
        }
        Ok(page)
    }

    async fn search(&self, words: &str) -> Result<TicketPage> {
        // every word in the subject or the messages; quotes and backslashes cannot end the string
        let clean = |w: &str| w.chars().filter(|c| !matches!(c, '\'' | '"' | '\\')).collect::<String>();
        // a phone number alone is the requester's, in any of RT's phone fields
        if let Some(number) = crate::body::phone(words) {
            let n = clean(number);
            let query = format!(
                "Requestor.MobilePhone LIKE '{n}' OR Requestor.WorkPhone LIKE '{n}' OR Requestor.HomePhone LIKE '{n}'"
            );
            let v = self.run_search(&query, "orderby=LastUpdated&order=DESC", 1, 100).await?;
            let found = self.page_of(&v);
            // nobody with that number: the words, as any search (a tracking number in groups)
            if !found.tickets.is_empty() {
                return Ok(found);
            }
        }
        let terms: Vec<String> = words
            .split_whitespace()
            .map(clean)
            .filter(|w| !w.is_empty())
            .map(|w| {
                // an e-mail address is the requester's
                if crate::body::is_email(&w) {
                    format!("Requestor.EmailAddress = '{w}'")
                } else {
                    format!("(Subject LIKE '{w}' OR Content LIKE '{w}')")
                }
            })
            .collect();
        if terms.is_empty() {
            return Ok(TicketPage::default());
        }
        let v = self.run_search(&terms.join(" AND "), "orderby=LastUpdated&order=DESC", 1, 100).await?;
        Ok(self.page_of(&v))
    }

    fn snoozing(&self) -> crate::Snoozing {
        crate::Snoozing::ByConsoles
    }

    async fn due_snoozes(&self, now: Timestamp) -> Result<Vec<frontline_model::Ticket>> {
        // stalled with a Starts (the console's snooze), soonest first; which are due is read
        // here, not in RT's own time zone
        let query = "Status = 'stalled' AND Starts > '1970-01-02'";
        let v = self.run_search(query, "orderby=Starts&order=ASC", 1, 100).await?;
        let found = self.page_of(&v);
        Ok(found
            .tickets
            .into_iter()
            .filter(|t| t.snoozed_until.is_some_and(|at| frontline_model::snooze::due(at, now)))
            .collect())
    }

    async fn assigned_to(&self, agent: UserId) -> Result<TicketPage> {
        let query = format!("Owner = '{}' AND Status = '__Active__'", agent.0);
        let v = self.run_search(&query, "orderby=Created&order=ASC", 1, 100).await?;
        let mut page = self.page_of(&v);
        page.next = v.has_next(100).then(|| "2".into());
        Ok(page)
    }

    async fn existing(&self, ids: &[TicketId]) -> Result<Vec<TicketId>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(100) {
            // a search by id finds deleted tickets too: they are left out by name
            let query: Vec<String> = chunk.iter().map(|i| views::by_id(i.0)).collect();
            let query = format!("({}) AND Status != 'deleted'", query.join(" OR "));
            let target = format!("tickets?query={}&per_page=100&fields=id", wire::enc(&query));
            let v: wire::Page<wire::Ticket> = wire::read(self.http.get(&target).await?, "a ticket search")?;
            if v.items.is_none() {
                return Err(BackendError::Decode {
                    what: "a ticket search".into(),
                    detail: "the answer has no items".into(),
                });
            }
            out.extend(v.items().iter().filter_map(|t| t.id).map(TicketId));
        }
        Ok(out)
    }

    async fn conversation(&self, id: TicketId) -> Result<Conversation> {
        let texts_q = json!([{"field": "ContentType", "operator": "LIKE", "value": "text/%"}]);
        let files_q = json!([{"field": "Filename", "operator": "!=", "value": ""}]);
        let texts_at =
            format!("ticket/{}/attachments?fields=TransactionId,Content,ContentType,Filename,ContentLength", id.0);
        let files_at = format!("ticket/{}/attachments?fields=TransactionId,Filename,ContentType,ContentLength", id.0);
        let (history, texts, files, ticket) = futures::try_join!(
            self.history(id.0),
            self.all_pages::<wire::Attachment>(&texts_at, Some(&texts_q), "a ticket's messages"),
            self.all_pages::<wire::Attachment>(&files_at, Some(&files_q), "a ticket's files"),
            self.ticket(id),
        )?;
        let requestors: Vec<UserId> = ticket.users.iter().filter(|u| u.role == Role::Customer).map(|u| u.id).collect();
        let (mut messages, mut users) = map::conversation(&history, &texts, &files, &requestors);
        // the files' addresses whole, as REST2 serves them (asked with the token)
        for a in messages.iter_mut().flat_map(|m| m.attachments.iter_mut()) {
            if let Some(u) = a.url.as_mut() {
                *u = self.http.base().join(u).map_or_else(|_| u.clone(), |full| full.to_string());
            }
        }
        users.retain(|u| !requestors.contains(&u.id));
        users.extend(ticket.users.into_iter().filter(|u| u.role == Role::Customer));
        Ok(Conversation { messages, users, older_left_out: false })
    }

    async fn customer(&self, id: UserId) -> Result<CustomerProfile> {
        let user = self.user_record(&id.0.to_string()).await?;
        let v = self
            .run_search(&views::requested_by(id.0), "orderby=Created&orderby=id&order=DESC&order=DESC", 1, 50)
            .await?;
        Ok(CustomerProfile { user, tickets: self.page_of(&v).tickets })
    }

    async fn groups(&self) -> Result<Vec<Group>> {
        // the queues `views` just read, taken once; asked again only when there were none
        if let Some(known) = self.queues.lock().ok().and_then(|mut q| q.take()) {
            return Ok(known);
        }
        self.read_queues().await
    }

    async fn agents(&self) -> Result<Vec<User>> {
        let mut out: Vec<User> = if self.opts.agents.is_empty() {
            let mut owners = Vec::new();
            for page in 1..=5 {
                let v = self.run_search(&views::owned_active(), "orderby=id", page, self.per_page).await?;
                owners.extend(self.page_of(&v).users.into_iter().filter(|u| u.role == Role::Agent));
                if !v.has_next(self.per_page) {
                    break;
                }
            }
            let me = self.me_user.lock().ok().and_then(|m| m.clone());
            owners.push(match me {
                Some(me) => me,
                None => self.me().await?,
            });
            owners
        } else {
            futures::stream::iter(self.opts.agents.clone())
                .map(|name| async move { self.user_record(&name).await })
                .buffered(PARALLEL)
                .try_collect()
                .await?
        };
        let mut seen = std::collections::HashSet::new();
        out.retain(|u| seen.insert(u.id));
        for u in &mut out {
            u.role = Role::Agent;
        }
        Ok(out)
    }

    async fn count(&self, what: TicketCount) -> Result<u64> {
        self.total(&views::count_query(what, &self.opts.bands)).await
    }

    async fn view_changes(&self, view: ViewId, since: Timestamp) -> Result<TicketPage> {
        let query = self.view_query(view)?;
        Ok(self.changed(&query, since, 50, MAX_PAGES).await?.0)
    }

    async fn changed_since(&self, since: Timestamp) -> Result<TicketPage> {
        let (mut page, raw) = self.changed("id > 0", since, self.per_page, 10).await?;
        self.read_histories(&raw, &mut page.tickets).await?;
        page.next = None;
        Ok(page)
    }

    async fn update(&self, id: TicketId, change: &TicketChange, expected_version: Option<&str>) -> Result<TicketPage> {
        let target = format!("ticket/{}", id.0);
        let (current, etag) = self.http.get_etag(&target).await?;
        let current: wire::Ticket = wire::read(current, "the ticket")?;
        let plan = write::plan(change, &self.opts.bands, current.time_worked.unwrap_or(0))?;
        if let Some(want) = expected_version
            && wire::said(&current.last_updated) != Some(want)
        {
            return Err(BackendError::Conflict);
        }
        let mut said = Vec::new();
        if let Some(fields) = &plan.fields {
            // If-Match: RT refuses with 412 if the ticket changed since the read above
            said.push(match &etag {
                Some(tag) => self.http.put_if_match(&target, fields, tag).await?,
                None => self.http.put(&target, fields).await?,
            });
        }
        if let Some((kind, body)) = &plan.comment {
            said.push(self.http.post(&format!("{target}/{kind}"), body).await?);
        }
        let page = self.ticket(id).await?;
        let after = page.tickets.first();
        let landed = after.is_some_and(|t| {
            let status = change.status.as_ref().is_none_or(|s| map::status_wire(s) == map::status_wire(&t.status));
            let mut fields = change.clone();
            fields.status = None;
            fields.add_tags.clear();
            fields.remove_tags.clear();
            status && fields.is_set_on(t)
        });
        if !landed {
            return Err(BackendError::Invalid(write::messages(&said)));
        }
        Ok(page)
    }

    async fn update_many(&self, ids: &[TicketId], change: &TicketChange) -> Result<Outcomes> {
        super::one_by_one(ids, PARALLEL, |id| self.update(id, change, None)).await
    }

    async fn time_tracking(&self) -> Result<String> {
        Ok("Request Tracker's TimeTaken and TimeWorked (in whole minutes)".into())
    }

    async fn view_counts(&self, list: &[ViewId]) -> Result<Vec<(ViewId, u64)>> {
        let mut out = Vec::new();
        for v in list {
            if let Ok(q) = self.view_query(*v) {
                out.push((*v, self.total(&q).await?));
            }
        }
        Ok(out)
    }

    async fn macros(&self) -> Result<Vec<Macro>> {
        // RT has no macro API: the console offers the config's local macros
        Ok(vec![])
    }

    fn status_names(&self) -> StatusNames {
        map::status_names()
    }
}
