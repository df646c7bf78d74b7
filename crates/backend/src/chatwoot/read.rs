//! The Chatwoot adapter's longer reads and its write: a conversation's messages paged back
//! by id, a contact with their other conversations, the inboxes, teams and labels the views
//! are built from, the reports summary, and one change as its requests.

use super::{Chatwoot, decode, map, wire, write};
use crate::live::Report;
use crate::{BackendError, Conversation, CustomerProfile, Helpdesk, Result, TicketPage};
use frontline_model::{TicketChange, TicketId, Timestamp, UserId};
use serde_json::{Value, json};

/// Messages per page of `GET messages` (the latest 20, then 20 before an id).
const MESSAGES_PER_PAGE: usize = 20;
/// Pages of older messages read at most (a conversation of 400 messages shows its last 400).
const MAX_MESSAGE_PAGES: usize = 20;

impl Chatwoot {
    pub(super) async fn inboxes(&self) -> Result<Vec<(u64, String)>> {
        let v = self.get("inboxes").await?;
        let list: wire::Payload<Vec<wire::Inbox>> = decode(v, "GET inboxes")?;
        Ok(list.payload.into_iter().map(|i| (i.id, i.name)).collect())
    }

    pub(super) async fn teams(&self) -> Result<Vec<(u64, String)>> {
        let v = self.get("teams").await?;
        let list: Vec<wire::Team> = decode(v, "GET teams")?;
        Ok(list.into_iter().map(|t| (t.id, t.name)).collect())
    }

    pub(super) async fn labels(&self) -> Result<Vec<(u64, String)>> {
        #[derive(serde::Deserialize)]
        struct Label {
            id: u64,
            title: String,
        }
        let v = self.get("labels").await?;
        let list: wire::Payload<Vec<Label>> = decode(v, "GET labels")?;
        Ok(list.payload.into_iter().map(|l| (l.id, l.title)).collect())
    }

    /// Every message, oldest first: the latest page, then pages before its oldest id.
    pub(super) async fn read_conversation(&self, id: TicketId) -> Result<Conversation> {
        let mut all: Vec<wire::Message> = Vec::new();
        let mut before: Option<u64> = None;
        for _ in 0..MAX_MESSAGE_PAGES {
            let q = match before {
                Some(b) => format!("conversations/{}/messages?before={b}", id.0),
                None => format!("conversations/{}/messages", id.0),
            };
            let v = self.get(&q).await.map_err(|e| match e {
                BackendError::NotFound { .. } => BackendError::NotFound { what: format!("conversation #{}", id.0) },
                e => e,
            })?;
            let page: wire::Messages = decode(v, "GET conversations/:id/messages")?;
            let n = page.payload.len();
            let oldest = page.payload.iter().map(|m| m.id).min();
            let mut older = page.payload;
            older.append(&mut all);
            all = older;
            match oldest {
                Some(o) if n >= MESSAGES_PER_PAGE => before = Some(o),
                _ => break,
            }
        }
        all.sort_by_key(|m| m.id);
        all.dedup_by_key(|m| m.id);
        let mut out = Conversation::default();
        for m in &all {
            let (msg, author) = map::message(m);
            out.messages.push(msg);
            if let Some(u) = author
                && !out.users.iter().any(|x| x.id == u.id)
            {
                out.users.push(u);
            }
        }
        Ok(out)
    }

    /// A contact (customer ids are `map::CONTACT + id`) and their latest 20 conversations.
    pub(super) async fn read_customer(&self, id: UserId) -> Result<CustomerProfile> {
        let Some(contact) = id.0.checked_sub(map::CONTACT).filter(|c| *c < map::CONTACT) else {
            return Err(BackendError::NotFound { what: format!("contact for user {}", id.0) });
        };
        let v = self.get(&format!("contacts/{contact}")).await?;
        let c: wire::Payload<wire::Contact> = decode(v, "GET contacts/:id")?;
        let v = self.get(&format!("contacts/{contact}/conversations")).await?;
        let list: wire::Payload<Vec<wire::Conversation>> = decode(v, "GET contacts/:id/conversations")?;
        let mut tickets = Self::page_of(&list.payload).tickets;
        tickets.sort_by_key(|t| std::cmp::Reverse(t.created_at));
        Ok(CustomerProfile { user: map::contact(&c.payload), tickets })
    }

    /// The account's report for a period: administrators only (Chatwoot answers an agent 401).
    pub(super) async fn read_report(&self, since: Timestamp, until: Timestamp) -> Result<Report> {
        let known_role = self.role.lock().ok().and_then(|r| r.clone());
        if known_role.is_some() && !self.role_is_admin() {
            return Err(BackendError::Forbidden { what: "Chatwoot's reports (administrators only)".into() });
        }
        let account = self.account().await?;
        let path = format!("api/v2/accounts/{account}/reports/summary?type=account&since={since}&until={until}");
        let s: wire::Summary = decode(self.http.get(&path).await?, "GET reports/summary")?;
        // CSAT where the account has surveys: `ratings_count` by rating 1–5; none is not an error
        let csat_path = format!("api/v1/accounts/{account}/csat_survey_responses/metrics?since={since}&until={until}");
        let csat = match self.http.get(&csat_path).await {
            Ok(v) => v.get("ratings_count").and_then(Value::as_object).map(|counts| {
                counts.iter().fold((0, 0), |(good, bad), (rating, n)| {
                    let n = n.as_u64().unwrap_or(0);
                    if rating.parse::<u8>().is_ok_and(|r| r >= 4) { (good + n, bad) } else { (good, bad + n) }
                })
            }),
            Err(e) => {
                tracing::debug!("CSAT metrics: {e}");
                None
            }
        };
        Ok(Report {
            csat,
            first_reply_avg_secs: wire::seconds(s.avg_first_response_time.as_ref()),
            resolution_avg_secs: wire::seconds(s.avg_resolution_time.as_ref()),
            resolved: s.resolutions_count.map(|n| n.max(0.0) as u64),
            created: s.conversations_count.map(|n| n.max(0.0) as u64),
        })
    }

    /// One change: the conversation read first when the write must match a version or is a
    /// public reply (a closed reply window refuses it before anything is sent), the fields,
    /// the labels, the message last, and the conversation as it is after.
    pub(super) async fn write(&self, id: TicketId, c: &TicketChange, expected: Option<&str>) -> Result<TicketPage> {
        let plan = write::plan(id.0, c, c.until)?;
        let public_reply = c.comment.as_ref().is_some_and(|n| n.public);
        if expected.is_some() || public_reply {
            let v = self.get(&format!("conversations/{}", id.0)).await?;
            let now: wire::Conversation = decode(v, "GET conversations/:id")?;
            if let Some(want) = expected
                && !same_version(want, now.updated_at.as_ref())
            {
                return Err(BackendError::Conflict);
            }
            if public_reply && now.can_reply == Some(false) {
                return Err(BackendError::Invalid(
                    "the channel's reply window is closed (WhatsApp allows free text only within 24 hours of the customer's last message): reply with a template in Chatwoot, or write a note".into(),
                ));
            }
        }
        for step in &plan.fields {
            self.post(&step.path, &step.body).await?;
        }
        if plan.labels {
            let v = self.get(&format!("conversations/{}/labels", id.0)).await?;
            let have: wire::Payload<Vec<String>> = decode(v, "GET conversations/:id/labels")?;
            let want = write::labels(&have.payload, c);
            self.post(&format!("conversations/{}/labels", id.0), &json!({ "labels": want })).await?;
        }
        if let Some(step) = &plan.message {
            let v = self.post(&step.path, &step.body).await?;
            if v.get("id").and_then(Value::as_u64).is_none() {
                return Err(BackendError::Decode {
                    what: "POST conversations/:id/messages".into(),
                    detail: "the answer is not the new message".into(),
                });
            }
        }
        let page = self.ticket(id).await?;
        let mut fields = c.clone();
        fields.comment = None;
        if let Some(t) = page.tickets.first()
            && !fields.is_set_on(t)
        {
            return Err(BackendError::Invalid(format!(
                "Chatwoot took the change but conversation #{} does not show it (another rule may have changed it back)",
                id.0
            )));
        }
        Ok(page)
    }
}

/// Whether the version a write was read at is the conversation's `updated_at` now, to the
/// second (the live feed gives whole seconds where the REST answer gives a fraction).
fn same_version(want: &str, now: Option<&Value>) -> bool {
    let whole = |s: &str| s.trim().trim_matches('"').parse::<f64>().ok().map(|f| f.floor() as i64);
    match (whole(want), now.and_then(|v| whole(&v.to_string()))) {
        (Some(a), Some(b)) => a == b,
        _ => want.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::same_version;
    use serde_json::json;

    #[test]
    fn versions_match_to_the_second() {
        assert!(same_version("1785000300.512345", Some(&json!(1785000300.512345))));
        assert!(same_version("1785000300", Some(&json!(1785000300.9))));
        assert!(!same_version("1785000300.5", Some(&json!(1785000301.1))));
        assert!(!same_version("1785000300", None));
    }
}
