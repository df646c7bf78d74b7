//! Reading from Request Tracker: TicketSQL searches with inline fields, every page of a
//! list, ticket histories, user records, and first-reply times with bounded parallelism.

use super::{MAX_HISTORIES, MAX_PAGES, PARALLEL, Rt, map, wire};
use crate::{BackendError, Result, TicketPage};
use frontline_model::{Role, Ticket, Timestamp, User, UserId, ViewId};
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;
use wire::{TICKET_FIELDS, enc, items, num};

impl Rt {
    /// One page of a TicketSQL search with the inline fields.
    pub(super) async fn run_search(&self, query: &str, order: &str, page: u64, per_page: usize) -> Result<Value> {
        let target = format!("tickets?query={}&{order}&page={page}&per_page={per_page}&{TICKET_FIELDS}", enc(query));
        let v = self.http.get(&target).await?;
        if v.get("items").is_none() {
            return Err(BackendError::Decode {
                what: "a ticket search".into(),
                detail: "the answer has no items".into(),
            });
        }
        Ok(v)
    }

    /// The tickets of a search answer, with their people once each.
    pub(super) fn page_of(&self, v: &Value) -> TicketPage {
        let known = self.first_replies.lock().ok();
        let mut out = TicketPage::default();
        for item in items(v) {
            let first = num(item.get("id")).and_then(|id| known.as_ref()?.get(&id).copied());
            if let Some((t, people)) = map::ticket(item, &self.opts.bands, first) {
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
    ) -> Result<(TicketPage, Vec<Value>)> {
        let mut out = TicketPage::default();
        let mut raw = Vec::new();
        for page in 1..=pages {
            let v = self.run_search(query, "orderby=LastUpdated&order=DESC", page, per_page).await?;
            let got = self.page_of(&v);
            let n = got.tickets.len();
            let newer: Vec<Ticket> = got.tickets.into_iter().take_while(|t| t.updated_at > since).collect();
            let reached_older = newer.len() < n;
            raw.extend(items(&v).iter().take(newer.len()).cloned());
            out.tickets.extend(newer);
            out.users.extend(got.users);
            if reached_older || !wire::has_next(&v, per_page) {
                break;
            }
        }
        Ok((out, raw))
    }

    /// Every page of a list at `target` (which has no `page` yet).
    pub(super) async fn all_pages(&self, target: &str, body: Option<&Value>) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        for page in 1..=MAX_PAGES {
            let url = format!("{target}&page={page}&per_page={}", self.per_page);
            let v = match body {
                Some(b) => self.http.query(&url, b).await?,
                None => self.http.get(&url).await?,
            };
            out.extend(items(&v).iter().cloned());
            if !wire::has_next(&v, self.per_page) {
                break;
            }
        }
        Ok(out)
    }

    pub(super) async fn history(&self, id: u64) -> Result<Vec<Value>> {
        self.all_pages(&format!("ticket/{id}/history?{}", wire::HISTORY_FIELDS), None).await
    }

    pub(super) async fn user_record(&self, key: &str) -> Result<User> {
        let v = self.http.get(&format!("user/{}", enc(key))).await?;
        let role = if num(v.get("Privileged")) == Some(1) { Role::Agent } else { Role::Customer };
        map::user(&v, role).ok_or_else(|| BackendError::Decode {
            what: format!("RT user {key}"),
            detail: "no id in the answer".into(),
        })
    }

    /// Fills in first-reply times of tickets that have had a reply, from their histories.
    pub(super) async fn first_replies(&self, raw: &[Value], tickets: &mut [Ticket]) -> Result<()> {
        let wanted: Vec<(usize, u64, i64, Vec<UserId>)> = tickets
            .iter()
            .enumerate()
            .filter(|(_, t)| t.first_reply_minutes.is_none())
            .filter(|(i, _)| raw.get(*i).is_some_and(|r| wire::time(r, "Told").is_some()))
            .map(|(i, t)| (i, t.id.0, t.created_at, t.requester.into_iter().collect()))
            .take(MAX_HISTORIES)
            .collect();
        let found: Vec<(usize, u64, Option<i64>)> = futures::stream::iter(wanted)
            .map(|(i, id, created, requestors)| async move {
                let h = self.history(id).await?;
                Ok::<_, BackendError>((i, id, map::first_reply_minutes(&h, created, &requestors)))
            })
            .buffer_unordered(PARALLEL)
            .try_collect()
            .await?;
        let mut known = self.first_replies.lock().map_err(|_| BackendError::Config("a lock was poisoned".into()))?;
        for (i, id, minutes) in found {
            if let Some(m) = minutes {
                known.insert(id, m);
                tickets[i].first_reply_minutes = Some(m);
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
        num(v.get("total")).ok_or_else(|| BackendError::Decode {
            what: "a ticket count".into(),
            detail: "RT did not give a total".into(),
        })
    }
}
