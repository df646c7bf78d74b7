//! The Chatwoot adapter's requests: the profile (read once, shared with the live feed), the
//! account's paths, lists and filters by page, `conversations/meta` counts shared for a few
//! seconds, and `updated_within` for "changed since".

use super::views::{Query, Views};
use super::{Chatwoot, META_FRESH, decode, map, wire};
use crate::http::Http;
use crate::{BackendError, Result, TicketPage};
use frontline_model::{Timestamp, ViewId};
use serde_json::{Value, json};

/// The agent's profile, read once and shared (the live feed needs it too).
pub(super) async fn load_profile<'a>(
    http: &Http,
    cell: &'a tokio::sync::OnceCell<wire::Profile>,
    account_id: Option<u64>,
) -> Result<&'a wire::Profile> {
    {
        cell
            .get_or_try_init(|| async {
                let v = http.get("api/v1/profile").await?;
                let p: wire::Profile = decode(v, "GET /api/v1/profile")?;
                if let Some(want) = account_id
                    && !p.accounts.iter().any(|a| a.id == want)
                {
                    let have: Vec<String> = p
                        .accounts
                        .iter()
                        .map(|a| format!("{} {}", a.id, a.name.as_deref().unwrap_or("")).trim().to_string())
                        .collect();
                    return Err(BackendError::Config(format!(
                        "account_id = {want} is not one of this agent's Chatwoot accounts (have: {}); fix account_id in the profile",
                        if have.is_empty() { "none".into() } else { have.join(", ") }
                    )));
                }
                Ok(p)
            })
            .await
    }
}

impl Chatwoot {
    /// The account the profile works in.
    pub(super) async fn account(&self) -> Result<u64> {
        if let Some(a) = self.opts.account_id {
            return Ok(a);
        }
        let p = self.profile().await?;
        p.accounts.first().map(|a| a.id).or(p.account_id).ok_or_else(|| {
            BackendError::Config("this Chatwoot user belongs to no account: ask an administrator to add you".into())
        })
    }

    /// A path under the account (`conversations/42` → `api/v1/accounts/1/conversations/42`).
    pub(super) async fn at(&self, rest: &str) -> Result<String> {
        Ok(format!("api/v1/accounts/{}/{rest}", self.account().await?))
    }

    pub(super) async fn get(&self, rest: &str) -> Result<Value> {
        let path = self.at(rest).await?;
        self.http.get(&path).await
    }

    pub(super) async fn post(&self, rest: &str, body: &Value) -> Result<Value> {
        let path = self.at(rest).await?;
        self.http.post(&path, body).await
    }

    /// A read-only POST (a filter), retried like a GET.
    pub(super) async fn query(&self, rest: &str, body: &Value) -> Result<Value> {
        let path = self.at(rest).await?;
        self.http.query(&path, body).await
    }

    pub(super) fn view_query(&self, id: ViewId) -> Result<Query> {
        let known = self.views.lock().ok().and_then(|v| v.query(id).cloned());
        known.or_else(|| Views::builtin(id)).ok_or_else(|| BackendError::NotFound { what: format!("view {}", id.0) })
    }

    /// A whole answer list: conversations and the people they name.
    pub(super) fn page_of(list: &[wire::Conversation]) -> TicketPage {
        let mut page = TicketPage::default();
        for c in list {
            let (t, users) = map::ticket(c);
            page.tickets.push(t);
            page.users.extend(users);
        }
        page
    }

    /// Seconds for `updated_within` to reach back to `since`, with a minute's margin for clocks.
    pub(super) fn within(&self, since: Timestamp) -> i64 {
        let now = self.clock.now();
        (now - since + 60).max(60)
    }

    pub(super) async fn counts(&self, status: &str) -> Result<wire::Counts> {
        let _one_at_a_time = self.counting.lock().await;
        if let Some((at, c)) = self.metas.lock().ok().and_then(|m| m.get(status).copied())
            && at.elapsed() < META_FRESH
        {
            return Ok(c);
        }
        let v = self.get(&format!("conversations/meta?status={status}")).await?;
        let c = decode::<wire::MetaOnly>(v, "GET conversations/meta")?.meta;
        if let Ok(mut m) = self.metas.lock() {
            m.insert(status.to_string(), (frontline_clock::monotonic(), c));
        }
        Ok(c)
    }

    pub(super) async fn filter_page(&self, payload: &Value, page: u64) -> Result<wire::FilterList> {
        let v = self.query(&format!("conversations/filter?page={page}"), &json!({ "payload": payload })).await?;
        decode(v, "POST conversations/filter")
    }

    pub(super) async fn list_page(&self, params: &str, page: u64) -> Result<wire::ConversationList> {
        let v = self.get(&format!("conversations?{params}&page={page}")).await?;
        decode(v, "GET conversations")
    }

    pub(super) fn role_is_admin(&self) -> bool {
        self.role.lock().ok().and_then(|r| r.clone()).is_some_and(|r| r == "administrator")
    }
}
