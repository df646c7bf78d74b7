//! The helpdesk side: `trait Helpdesk`, backend-neutral, and one adapter per helpdesk
//! behind it (`zendesk/`, `rt/`, `chatwoot/`). Wire formats stay inside each adapter; what crosses this
//! boundary is `model` types and `BackendError`.

pub mod body;
pub mod chatwoot;
mod error;
pub mod http;
mod lenient;
pub mod live;
pub mod rate;
pub mod rt;
pub mod zendesk;

pub use error::BackendError;
pub use frontline_model::TicketCount;
pub use live::{LiveEvent, LiveFeed, Report};
pub use rate::RateBudget;

use async_trait::async_trait;
use frontline_model::{
    Group, Macro, Message, StatusNames, Ticket, TicketChange, TicketId, Timestamp, User, UserId, View, ViewId,
};

pub type Result<T> = std::result::Result<T, BackendError>;

/// Each ticket's outcome of a bulk write: `Err` holds the helpdesk's reason.
pub type Outcomes = Vec<(TicketId, std::result::Result<(), BackendError>)>;

/// A bulk change sent ticket by ticket, `parallel` at a time, for helpdesks without a bulk
/// endpoint (RT, Chatwoot). A helpdesk that cannot take writes now fails the whole job: it
/// waits and is checked ticket by ticket when resent, so the ones that landed are not written
/// twice. Otherwise each ticket's outcome.
pub(crate) async fn one_by_one<F, Fut>(ids: &[TicketId], parallel: usize, write: F) -> Result<Outcomes>
where
    F: Fn(TicketId) -> Fut,
    Fut: std::future::Future<Output = Result<TicketPage>>,
{
    use futures::StreamExt;
    let results: Vec<(TicketId, Result<TicketPage>)> = futures::stream::iter(ids.iter().copied())
        .map(|id| {
            let sent = write(id);
            async move { (id, sent.await) }
        })
        .buffered(parallel)
        .collect()
        .await;
    if let Some(e) = results.iter().find_map(|(_, r)| r.as_ref().err().filter(|e| e.worth_resending())) {
        return Err(e.clone());
    }
    Ok(results.into_iter().map(|(id, r)| (id, r.map(|_| ()))).collect())
}

/// How a helpdesk snoozes a ticket until a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Snoozing {
    /// It cannot.
    #[default]
    No,
    /// It reopens the ticket itself (Chatwoot's snooze).
    ByHelpdesk,
    /// The wake time is kept on the ticket where the whole team sees it (a tag on Zendesk,
    /// Starts on RT) and any teammate's console reopens it when due (`due_snoozes`).
    ByConsoles,
}

/// One page of a queue, with the people it mentions.
#[derive(Debug, Clone, Default)]
pub struct TicketPage {
    pub tickets: Vec<Ticket>,
    pub users: Vec<User>,
    /// Opaque token for the next page, if there is one.
    pub next: Option<String>,
}

/// A ticket's messages, oldest first, and their authors.
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    pub messages: Vec<Message>,
    pub users: Vec<User>,
    /// The conversation is longer than the console reads: these are its newest messages and
    /// older ones were left out (said on screen and in `show --json`).
    pub older_left_out: bool,
}

/// A customer and their tickets, newest first.
#[derive(Debug, Clone)]
pub struct CustomerProfile {
    pub user: User,
    pub tickets: Vec<Ticket>,
}

/// What the console needs from any helpdesk. Implementations map their own API onto it.
#[async_trait]
pub trait Helpdesk: Send + Sync {
    /// Which helpdesk and account, for the status line (never the token).
    fn describe(&self) -> String;
    /// The agent the token acts as.
    async fn me(&self) -> Result<User>;
    /// The agent's id as the last `me()` learned it, without asking the helpdesk again.
    fn signed_in(&self) -> Option<UserId> {
        None
    }
    async fn views(&self) -> Result<Vec<View>>;
    /// A page of the view's tickets; `page` is the `next` of the previous page.
    async fn queue_page(&self, view: ViewId, page: Option<String>) -> Result<TicketPage>;
    async fn ticket(&self, id: TicketId) -> Result<TicketPage>;
    /// Tickets anywhere in the helpdesk matching the agent's words (Zendesk search; RT
    /// TicketSQL on subject and content), best first, at most 100.
    async fn search(&self, words: &str) -> Result<TicketPage>;
    /// Which of `ids` the helpdesk still has (deleted ones, and ones the agent may no longer
    /// see, are left out): one request per 100 ids. A cache is checked with it at start, as
    /// deltas never report a deletion.
    async fn existing(&self, ids: &[TicketId]) -> Result<Vec<TicketId>>;
    async fn conversation(&self, id: TicketId) -> Result<Conversation>;
    async fn customer(&self, id: UserId) -> Result<CustomerProfile>;
    async fn groups(&self) -> Result<Vec<Group>>;
    async fn agents(&self) -> Result<Vec<User>>;
    async fn count(&self, what: TicketCount) -> Result<u64>;
    /// The view's tickets changed after `since`, newest first: a poll when nothing changed
    /// costs one request whatever the view's size.
    async fn view_changes(&self, view: ViewId, since: Timestamp) -> Result<TicketPage>;
    /// Tickets changed after `since` anywhere in the helpdesk (for polls and the day's KPIs),
    /// with their requesters, SLA clocks and reply metrics where the helpdesk has them.
    async fn changed_since(&self, since: Timestamp) -> Result<TicketPage>;
    /// What changed after `since` for a poll: the same answer, by the way a poll should ask
    /// (Zendesk: always search — its incremental export is limited to 10 calls a minute per
    /// account and leaves out the last minute).
    async fn poll_changes(&self, since: Timestamp) -> Result<TicketPage> {
        self.changed_since(since).await
    }
    /// Applies `change` to one ticket. With `expected_version` the helpdesk refuses the write
    /// (`BackendError::Conflict`) if the ticket changed since that version was read.
    /// Returns the ticket as it is after the write.
    async fn update(&self, id: TicketId, change: &TicketChange, expected_version: Option<&str>) -> Result<TicketPage>;
    /// `update`, marked with the outbox entry's `key` where the helpdesk keeps such a mark
    /// (Zendesk: the audit's `metadata.custom`), so that `landed_by_key` can later tell this
    /// write from an identical one. Elsewhere the same as `update`.
    async fn update_keyed(
        &self,
        id: TicketId,
        change: &TicketChange,
        expected_version: Option<&str>,
        _key: &str,
    ) -> Result<TicketPage> {
        self.update(id, change, expected_version).await
    }
    /// Whether the write marked `key`, first tried at or after `since`, reached ticket `id`:
    /// `Some` where the helpdesk keeps the mark (the answer is exact), `None` where it does not
    /// (the caller compares messages).
    async fn landed_by_key(&self, _id: TicketId, _key: &str, _since: Timestamp) -> Result<Option<bool>> {
        Ok(None)
    }
    /// The same change on many tickets, through the helpdesk's bulk endpoint where it has one.
    /// Each ticket's outcome: `Err` holds the helpdesk's reason.
    async fn update_many(&self, ids: &[TicketId], change: &TicketChange) -> Result<Outcomes>;
    /// Whether `merge` works on this helpdesk (from Frontline).
    fn can_merge(&self) -> bool {
        false
    }
    /// Merges `source` into `target`: the source is closed with a note saying where it went,
    /// the target keeps its conversation and gets a private note: `note` (the source's messages,
    /// as the console wrote them) or, without one, the helpdesk's own (its last comment).
    async fn merge(&self, source: TicketId, _target: TicketId, _note: Option<&str>) -> Result<()> {
        Err(BackendError::Config(format!(
            "#{}: merging is not offered on {} from Frontline — merge in the helpdesk's own interface",
            source.0,
            self.describe()
        )))
    }
    /// Ticket counts of views, for the wallboard (Zendesk: `views/count_many`, cached by the
    /// helpdesk and limited to a few calls every five minutes).
    async fn view_counts(&self, views: &[ViewId]) -> Result<Vec<(ViewId, u64)>>;
    /// The helpdesk's own macros (an empty list where it has none).
    async fn macros(&self) -> Result<Vec<Macro>>;
    /// The account's API budget as the last answer reported it (none where the helpdesk
    /// does not say, as RT).
    fn rate(&self) -> Option<RateBudget> {
        None
    }
    /// Requests this adapter has sent since it was made.
    fn requests_sent(&self) -> u64 {
        0
    }
    /// The unsolved tickets assigned to `agent`, for the team board: one request, at most 100
    /// (`next` set when there are more).
    async fn assigned_to(&self, _agent: UserId) -> Result<TicketPage> {
        Err(BackendError::NotOffered(format!("{} does not list an agent's tickets", self.describe())))
    }
    /// Starts the helpdesk's live feed where it has one (Chatwoot): events until the
    /// receiver is dropped. Without one the console polls.
    fn live(&self) -> Option<LiveFeed> {
        None
    }
    /// Who wakes a snoozed ticket (`TicketChange::until`).
    fn snoozing(&self) -> Snoozing {
        Snoozing::No
    }
    /// Snoozed tickets whose wake time (`Ticket::snoozed_until`) is at or before `now`, where
    /// the consoles wake them (`Snoozing::ByConsoles`): one request, at most 100.
    async fn due_snoozes(&self, _now: Timestamp) -> Result<Vec<Ticket>> {
        Ok(vec![])
    }
    /// Whether colleagues see the agent typing (`typing` does something).
    fn shows_typing(&self) -> bool {
        false
    }
    /// Tells colleagues the agent started (`on`) or stopped typing a reply or note.
    async fn typing(&self, _id: TicketId, _on: bool, _private: bool) -> Result<()> {
        Ok(())
    }
    /// The helpdesk's own figures for a period, where it reports them (`None`: it does not;
    /// `Forbidden`: not with this token).
    async fn report(&self, _since: Timestamp, _until: Timestamp) -> Result<Option<Report>> {
        Ok(None)
    }
    /// Where this helpdesk records the seconds a write carries (`TicketChange::time_spent`),
    /// in words for `frontline check` and the console; `NotOffered` with the reason and the
    /// fix when it cannot.
    async fn time_tracking(&self) -> Result<String> {
        Err(BackendError::NotOffered(format!("{} has no time tracking the console can write to", self.describe())))
    }
    /// This helpdesk's words for statuses, and which an agent may set.
    fn status_names(&self) -> StatusNames {
        StatusNames::default()
    }
}
