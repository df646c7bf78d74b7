//! What Zendesk is asked through its search: the tickets changed since a time (the poll of an
//! agent's token), an agent's `:search` (a phone number or an e-mail address alone is the
//! requester's), and the snoozed tickets due to wake. Each asks the tickets with the same
//! sideloads a view's have, so the answers carry SLA clocks and metrics.

use super::Zendesk;
use crate::{Result, TicketPage};
use frontline_model::{Ticket, Timestamp};
use serde_json::Value;

/// Search answers at most 1,000 results: ten pages of 100.
const MAX_SEARCH_PAGES: usize = 10;

impl Zendesk {
    /// The first page of a ticket search for `q` (Zendesk's syntax), with users, SLA clocks
    /// and metrics sideloaded.
    fn search_target(&self, q: &str, extra: &str) -> String {
        let q = self.query(&format!("type:ticket {q}"));
        format!("/api/v2/search.json?query={q}&per_page=100&include=tickets(users,slas,metric_sets){extra}")
    }

    /// Every page of the search for `q`, at most `MAX_SEARCH_PAGES`.
    async fn search_all(&self, q: &str, extra: &str) -> Result<TicketPage> {
        let mut out = TicketPage::default();
        let mut target = self.search_target(q, extra);
        for _ in 0..MAX_SEARCH_PAGES {
            let page = self.page(&target).await?;
            let found = Self::tickets_of(page, true, self.time_ids().await);
            out.tickets.extend(found.tickets);
            out.users.extend(found.users);
            match found.next {
                Some(n) => target = n,
                None => break,
            }
        }
        Ok(out)
    }

    /// The first page only (a `:search` shows at most 100).
    async fn search_first(&self, q: &str) -> Result<TicketPage> {
        let page = self.page(&self.search_target(q, "")).await?;
        let mut found = Self::tickets_of(page, true, self.time_ids().await);
        found.next = None;
        Ok(found)
    }

    /// Tickets changed after `since`, by search (what agents may use), with their
    /// requesters, SLA clocks and reply metrics.
    pub(super) async fn search_changed(&self, since: Timestamp) -> Result<TicketPage> {
        let stamp = chrono::DateTime::from_timestamp(since, 0)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.search_all(&format!("updated>{stamp}"), "").await
    }

    /// The agent's words. A phone number typed alone is the requester's: ticket search does
    /// not know phones, the users search does (one more request); nobody with it, the words
    /// as any search (a tracking number in groups). An e-mail address alone is the
    /// requester's too: full-text search does not look in the requester's address.
    pub(super) async fn find(&self, words: &str) -> Result<TicketPage> {
        if let Some(number) = crate::body::phone(words) {
            let v = self.http.get(&format!("/api/v2/users/search.json?query={}", self.query(number))).await?;
            let first = v
                .get("users")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find_map(|u| u.get("id").and_then(Value::as_u64));
            // the first person with that number (two `requester:` terms would ask for both)
            if let Some(id) = first {
                return self.search_first(&format!("requester:{id}")).await;
            }
        }
        let words: Vec<String> = words
            .split_whitespace()
            .map(|w| if crate::body::is_email(w) { format!("requester:{w}") } else { w.to_string() })
            .collect();
        self.search_first(&words.join(" ")).await
    }

    /// Tickets on hold with the snooze tag whose wake tag says they are due at `now`: every
    /// page (a team may have hundreds snoozed), oldest change first.
    pub(super) async fn snoozed_due(&self, now: Timestamp) -> Result<Vec<Ticket>> {
        let q = format!("status:hold tags:{}", frontline_model::snooze::TAG);
        let found = self.search_all(&q, "&sort_by=updated_at&sort_order=asc").await?;
        Ok(found
            .tickets
            .into_iter()
            .filter(|t| t.snoozed_until.is_some_and(|at| frontline_model::snooze::due(at, now)))
            .collect())
    }
}
