//! What flows into `update` (messages) and out of it (effects, run by the executor).

use frontline_backend::{BackendError, Conversation, CustomerProfile, TicketCount, TicketPage};
use frontline_config::KeyEvent;
use frontline_model::{Group, Macro, Ticket, TicketChange, TicketId, Timestamp, User, UserId, View, ViewId};

pub type Res<T> = Result<T, BackendError>;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(u16, u16),
    /// The local time's offset from UTC changed (summer time began or ended): times are shown
    /// with the new one.
    UtcOffset(i64),
    /// The terminal gained (true) or lost focus (for time tracking).
    Focus(bool),
    /// Where the helpdesk records time worked, or why it cannot (`[time_tracking]`).
    TimeTracking(Result<String, frontline_backend::BackendError>),
    /// The clock: time only enters `update` this way.
    Tick(Timestamp),
    Me(Res<User>),
    Views(Res<Vec<View>>),
    Groups(Res<Vec<Group>>),
    Agents(Res<Vec<User>>),
    QueuePage {
        req: u64,
        first: bool,
        result: Res<TicketPage>,
    },
    Ticket {
        id: TicketId,
        result: Res<TicketPage>,
    },
    /// `None`: the load was dropped because the agent had already moved on.
    Conversation {
        ticket: TicketId,
        result: Option<Res<Conversation>>,
    },
    Customer {
        user: UserId,
        result: Option<Res<CustomerProfile>>,
    },
    /// What refunding `ask` on `order` would move, as the shop worked it out.
    RefundQuoted {
        ticket: TicketId,
        order: Box<frontline_model::ShopOrder>,
        ask: frontline_model::RefundAsk,
        result: Result<frontline_model::Money, frontline_shop::ShopError>,
    },
    /// The shop's details of an order (its address, its lines' variants), for `purpose`.
    OrderDetails {
        purpose: crate::orders::state::DetailsFor,
        result: Result<frontline_model::OrderDetails, frontline_shop::ShopError>,
    },
    /// What the shop knows of discount code `code` (`None`: no such code).
    DiscountChecked {
        code: String,
        result: Result<Option<frontline_model::DiscountFacts>, frontline_shop::ShopError>,
    },
    /// The shop's orders for a customer (`None`: dropped, the agent had moved on).
    Orders {
        email: String,
        result: Option<Result<Vec<frontline_model::ShopOrder>, frontline_shop::ShopError>>,
        /// The customer as the shop knows them, from the same answer.
        customer: Option<Box<frontline_model::ShopCustomer>>,
    },
    /// What of `order` can still go back (for `:return`).
    Returnable {
        ticket: TicketId,
        order: Box<frontline_model::ShopOrder>,
        result: Result<Vec<frontline_model::ReturnableLine>, frontline_shop::ShopError>,
    },
    /// A fresh activation link for the customer `customer_id` (or why there is none).
    ActivationLink {
        ticket: TicketId,
        result: Result<String, frontline_shop::ShopError>,
    },
    Count {
        what: TicketCount,
        result: Res<u64>,
    },
    Today {
        result: Res<Vec<Ticket>>,
    },
    Macros(Res<Vec<Macro>>),
    /// Snoozed tickets whose wake time has come (`snooze::due`).
    DueSnoozes(Res<Vec<Ticket>>),
    /// The helpdesk's answer to a search.
    Searched {
        req: u64,
        result: Res<TicketPage>,
    },
    /// The merge target, read.
    MergeTarget {
        target: TicketId,
        result: Res<TicketPage>,
    },
    /// The helpdesk's answer to a merge.
    Merged {
        source: TicketId,
        target: TicketId,
        result: Res<()>,
    },
    /// Where the editor's text was saved, or why it could not be.
    TextSaved(Result<std::path::PathBuf, crate::errors::SaveTextError>),
    /// Which of the cached tickets `asked` the helpdesk still has.
    Existing {
        view: ViewId,
        asked: Vec<TicketId>,
        result: Res<Vec<TicketId>>,
    },
    /// A cheap poll: the view's changed tickets, and every ticket changed (to see which left the view).
    Polled {
        req: u64,
        view: Res<TicketPage>,
        changed: Res<Vec<Ticket>>,
    },
    /// The account's API budget as the helpdesk reported it (sent before a poll's answer).
    Rate(frontline_backend::RateBudget),
    /// A cheaper poll, for a view with conditions the console can check: every ticket changed.
    PolledChanges {
        req: u64,
        view: ViewId,
        since: Timestamp,
        changed: Res<TicketPage>,
    },
    /// A write to one ticket came back: the ticket as it is now.
    Written {
        job: u64,
        ticket: TicketId,
        result: Result<TicketPage, crate::deliver::DeliveryError>,
    },
    /// A bulk write came back: each ticket's outcome.
    WrittenMany {
        job: u64,
        result: Res<crate::deliver::EachDelivered>,
    },
    /// The external editor closed: the text, or why it could not run.
    Edited(Result<String, crate::errors::EditorError>),
    /// A notification command failed: why.
    NotifyFailed(crate::errors::NotifyError),
    /// The store saved a ticket's draft, or could not.
    DraftSaved {
        ticket: TicketId,
        result: Result<(), frontline_store::StoreError>,
    },
    /// A background task panicked (a bug): said on the status line, the console goes on.
    Crashed(String),
    /// Outbox entries were committed to the local store, or could not be.
    Stored {
        keys: Vec<String>,
        result: Result<(), frontline_store::StoreError>,
    },
    ViewCounts(Res<Vec<(ViewId, u64)>>),
    /// An agent's unsolved tickets, for the team board.
    Assigned {
        agent: UserId,
        result: Res<TicketPage>,
    },
    /// From the helpdesk's live feed (Chatwoot's ActionCable).
    Live(frontline_backend::LiveEvent),
    /// The helpdesk's own figures for today (`None`: it reports none).
    Report(Res<Option<frontline_backend::Report>>),
    /// What the local store kept from the last session.
    Restored(Box<Restored>),
}

/// The local store at start: the cache, the drafts, the unsent writes, and a word about a
/// store that had to be moved aside.
#[derive(Debug, Default)]
pub struct Restored {
    pub cache: frontline_store::cache::Snapshot,
    pub drafts: Vec<(TicketId, String, bool)>,
    pub outbox: Vec<frontline_model::Outgoing>,
    /// Unsent writes kept for another helpdesk or agent (the profile was pointed elsewhere).
    pub orphans: Vec<frontline_store::Orphaned>,
    pub problem: Option<String>,
}

/// Changes to the outbox table (sends record their own outcome).
#[derive(Debug, Clone, PartialEq)]
pub enum OutboxOp {
    Put(Vec<frontline_model::Outgoing>),
    Discard(Vec<String>),
    /// Back to the queue, checked against this version (`None`: whatever the ticket's now).
    Retry {
        key: String,
        version: Option<String>,
    },
}

/// What the cache keeps of the console's state.
#[derive(Debug, Clone, PartialEq)]
pub enum CacheOp {
    /// Tickets and their people; with `order`, the view's membership and order too.
    Tickets {
        view: ViewId,
        tickets: Vec<Ticket>,
        users: Vec<User>,
        order: Option<Vec<TicketId>>,
    },
    Meta(frontline_store::cache::Meta),
    /// A ticket the helpdesk no longer has: out of the cache.
    Forget(TicketId),
    /// A customer's orders as the shop gave them.
    Orders {
        email: String,
        orders: Vec<frontline_model::ShopOrder>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Starts the helpdesk's live feed, where it has one; its events come as `Msg::Live`.
    Listen,
    /// One ticket read again after the live feed said it changed (answers as `Msg::Live`).
    Refresh(TicketId),
    /// Colleagues see the agent typing on `ticket` (`on`), or no longer.
    Typing {
        ticket: TicketId,
        on: bool,
        private: bool,
    },
    LoadMe,
    /// Where the helpdesk records time worked (asked once when `[time_tracking]` is on).
    AskTimeTracking,
    /// An agent's unsolved tickets, for the team board.
    LoadAssigned(UserId),
    LoadViews,
    LoadGroups,
    LoadAgents,
    /// A page of a view; `req` tags it so a stale answer (another view since) is dropped.
    LoadQueue {
        view: ViewId,
        page: Option<String>,
        req: u64,
        first: bool,
    },
    LoadTicket(TicketId),
    LoadConversation(TicketId),
    LoadCustomer(UserId),
    /// The shop's details of an order (its address, its lines' variants), for a replacement
    /// or the address form.
    OrderDetails(crate::orders::state::DetailsFor),
    /// What of an order can still go back, for a return.
    Returnable {
        ticket: TicketId,
        order: Box<frontline_model::ShopOrder>,
    },
    /// A fresh one-time activation link for the ticket's customer's shop account.
    ActivationLink {
        ticket: TicketId,
        customer_id: String,
    },
    /// What the shop knows of discount code `code`.
    CheckDiscount {
        code: String,
    },
    /// The shop's amount for refunding `ask` on `order`, for the confirmation.
    QuoteRefund {
        ticket: TicketId,
        order: Box<frontline_model::ShopOrder>,
        ask: frontline_model::RefundAsk,
    },
    /// A customer's orders from the shop, with the order the ticket names (`#NW…`).
    LoadOrders {
        email: String,
        named: Option<String>,
    },
    LoadCounts,
    LoadToday {
        since: Timestamp,
    },
    LoadMacros,
    /// Snoozed tickets due to wake by `now`, where the consoles wake them.
    LoadDueSnoozes {
        now: Timestamp,
    },
    LoadViewCounts(Vec<ViewId>),
    /// What changed in the view and in the helpdesk since `since`: two requests when nothing did,
    /// or with `local` (the view's conditions are known) only what changed anywhere: one request.
    Poll {
        view: ViewId,
        since: Timestamp,
        req: u64,
        local: bool,
    },
    /// The helpdesk's search for `words`, as the queue (`req` as for a view's load).
    Search {
        words: String,
        req: u64,
    },
    /// The ticket a merge would go into, read for the confirmation.
    LoadMergeTarget(TicketId),
    /// `source` merged into `target` by the helpdesk.
    Merge {
        source: TicketId,
        target: TicketId,
        /// The note the target gets: the source's messages (`merge::target_note`).
        note: Option<String>,
    },
    /// Which of the cached view's tickets the helpdesk still has (one request per 100).
    CheckExisting {
        view: ViewId,
        ids: Vec<TicketId>,
    },
    /// Reads the local store (cache, drafts, outbox) at start.
    Restore,
    /// One ticket's outbox entry `key` sent (with `expected_version` the helpdesk refuses if
    /// the ticket changed since): what the entry holds, repeated here for tests and logs.
    Write {
        job: u64,
        ticket: TicketId,
        change: TicketChange,
        expected_version: Option<String>,
        key: String,
    },
    /// The same change on several tickets through the bulk endpoint; one outbox entry each.
    WriteMany {
        job: u64,
        tickets: Vec<TicketId>,
        change: TicketChange,
        keys: Vec<String>,
    },
    Outbox(OutboxOp),
    Cache(CacheOp),
    /// The draft of a ticket saved (`None`: removed).
    SaveDraft {
        ticket: TicketId,
        draft: Option<super::compose::state::Draft>,
    },
    /// The editor's text written to a file of its own (when the outbox cannot take it).
    SaveText {
        ticket: TicketId,
        text: String,
    },
    /// Suspend the screen and edit `text` in $VISUAL / $EDITOR (run by the runtime).
    EditExternally {
        text: String,
    },
    /// Tell the on-call: bell and desktop escapes by the runtime, the command by the executor.
    Notify {
        note: super::notify::state::Notification,
        bell: bool,
        desktop: bool,
        command: Option<Vec<String>>,
    },
}
