//! Reading from Request Tracker: TicketSQL searches with inline fields, every page of a
//! list, ticket histories, user records, and what only a history tells (first-reply times,
//! a solved ticket's replies and reopens) with bounded parallelism.

use super::{MAX_HISTORIES, MAX_PAGES, PARALLEL, Rt, map, wire};
use crate::{BackendError, Result, TicketPage};
use frontline_model::{Role, Ticket, Timestamp, User, UserId, ViewId};
use futures::{StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;
use wire::{Page, TICKET_FIELDS, enc};

impl Rt {
    /// One page of a TicketSQL search with the inline fields.
    pub(super) async fn run_search(
        &self,
        query: &str,
        order: &str,
        page: u64,
        per_page: usize,
    ) -> Result<Page<wire::Ticket>> {
        let target = format!("tickets?query={}&{order}&page={page}&per_page={per_page}&{TICKET_FIELDS}", enc(query));
        let v: Page<wire::Ticket> = wire::read(self.http.get(&target).await?, "a ticket search")?;
        if v.items.is_none() {
            return Err(BackendError::Decode {
                what: "a ticket search".into(),
                detail: "the answer has no items".into(),
            });
        }
        Ok(v)
    }

    /// The tickets of a search answer, with their people once each.
    pub(super) fn page_of(&self, v: &Page<wire::Ticket>) -> TicketPage {
        let known = self.first_replies.lock().ok();
        let counted = self.solved_counts.lock().ok();
        let mut out = TicketPage::default();
        for item in v.items() {
            let first = item.id.and_then(|id| known.as_ref()?.get(&id).copied());
            if let Some((mut t, people)) = map::ticket(item, &self.opts.bands, first) {
                // a solved ticket's counts, when taken at this version
                if let Some((at, replies, reopens)) = counted.as_ref().and_then(|c| c.get(&t.id.0))
                    && t.solved_at.is_some()
                    && *at == t.version
                {
                    t.metrics.public_replies = Some(*replies);
                    t.metrics.reopens = Some(*reopens);
                }
                out.tickets.push(t);
                for p in people {
                    if !out.users.iter().any(|u| u.id == p.id) {
                        out.users.push(p);
                    }
                }
            }
        }
        out
    }

    /// Tickets of `query` newest change first, down to the first one not changed after `since`.
    pub(super) async fn changed(
        &self,
        query: &str,
        since: Timestamp,
        per_page: usize,
        pages: u64,
    ) -> Result<(TicketPage, Vec<wire::Ticket>)> {
        let mut out = TicketPage::default();
        let mut raw = Vec::new();
        for page in 1..=pages {
            let v = self.run_search(query, "orderby=LastUpdated&order=DESC", page, per_page).await?;
            let got = self.page_of(&v);
            let n = got.tickets.len();
            let newer: Vec<Ticket> = got.tickets.into_iter().take_while(|t| t.updated_at > since).collect();
            let reached_older = newer.len() < n;
            raw.extend(v.items().iter().take(newer.len()).cloned());
            out.tickets.extend(newer);
            out.users.extend(got.users);
            if reached_older || !v.has_next(per_page) {
                break;
            }
        }
        Ok((out, raw))
    }

    /// Every page of a list at `target` (which has no `page` yet).
    pub(super) async fn all_pages<T: DeserializeOwned>(
        &self,
        target: &str,
        body: Option<&Value>,
        what: &str,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for page in 1..=MAX_PAGES {
            let url = format!("{target}&page={page}&per_page={}", self.per_page);
            let v = match body {
                Some(b) => self.http.query(&url, b).await?,
                None => self.http.get(&url).await?,
            };
            let mut v: Page<T> = wire::read(v, what)?;
            let more = v.has_next(self.per_page);
            out.extend(v.items.take().unwrap_or_default());
            if !more {
                break;
            }
        }
        Ok(out)
    }

    pub(super) async fn history(&self, id: u64) -> Result<Vec<wire::Txn>> {
        self.all_pages(&format!("ticket/{id}/history?{}", wire::HISTORY_FIELDS), None, "a ticket's history").await
    }

    pub(super) async fn user_record(&self, key: &str) -> Result<User> {
        let v: wire::Person = wire::read(self.http.get(&format!("user/{}", enc(key))).await?, "a user record")?;
        let role = if v.privileged == Some(1) { Role::Agent } else { Role::Customer };
        map::user(&v, role).ok_or_else(|| BackendError::Decode {
            what: format!("RT user {key}"),
            detail: "no id in the answer".into(),
        })
    }

    /// Fills in what only a ticket's history tells, one history read per ticket: the
    /// first-reply time of a ticket that has had a reply (it never changes once known), and a
    /// solved ticket's public replies and reopens (counted again when the ticket changed).
    pub(super) async fn read_histories(&self, raw: &[wire::Ticket], tickets: &mut [Ticket]) -> Result<()> {
        let wanted: Vec<(usize, u64, i64, Vec<UserId>, bool)> = tickets
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let reply =
                    t.first_reply_minutes.is_none() && raw.get(i).is_some_and(|r| wire::time(&r.told).is_some());
                let counts = t.solved_at.is_some() && t.metrics.public_replies.is_none();
                (reply || counts).then(|| (i, t.id.0, t.created_at, t.requester.into_iter().collect(), counts))
            })
            .take(MAX_HISTORIES)
            .collect();
        type Found = (usize, u64, Option<i64>, Option<(u32, u32)>);
        let found: Vec<Found> = futures::stream::iter(wanted)
            .map(|(i, id, created, requestors, counts)| async move {
                let h = self.history(id).await?;
                let first = map::first_reply_minutes(&h, created, &requestors);
                Ok::<_, BackendError>((i, id, first, counts.then(|| map::replies_and_reopens(&h, &requestors))))
            })
            .buffer_unordered(PARALLEL)
            .try_collect()
            .await?;
        let poisoned = || BackendError::Config("a lock was poisoned".into());
        let mut known = self.first_replies.lock().map_err(|_| poisoned())?;
        let mut counted = self.solved_counts.lock().map_err(|_| poisoned())?;
        for (i, id, minutes, counts) in found {
            if let Some(m) = minutes {
                known.insert(id, m);
                tickets[i].first_reply_minutes = Some(m);
            }
            if let Some((replies, reopens)) = counts {
                counted.insert(id, (tickets[i].version.clone(), replies, reopens));
                tickets[i].metrics.public_replies = Some(replies);
                tickets[i].metrics.reopens = Some(reopens);
            }
        }
        Ok(())
    }

    pub(super) fn view_query(&self, view: ViewId) -> Result<String> {
        let views = self.views.lock().map_err(|_| BackendError::Config("a lock was poisoned".into()))?;
        views.query(view).map(String::from).ok_or_else(|| BackendError::NotFound { what: format!("view {}", view.0) })
    }

    pub(super) async fn total(&self, query: &str) -> Result<u64> {
        let v = self.http.get(&format!("tickets?query={}&per_page=1&fields=id", enc(query))).await?;
        let v: Page<wire::Ticket> = wire::read(v, "a ticket count")?;
        v.total.ok_or_else(|| BackendError::Decode {
            what: "a ticket count".into(),
            detail: "RT did not give a total".into(),
        })
    }
}
