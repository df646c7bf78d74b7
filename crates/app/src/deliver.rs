//! Sending outbox entries, exactly once: claim the entry, and when an earlier send's outcome
//! is unknown (a crash, a cut connection) look at the ticket first — Zendesk has no
//! idempotency key for updates, so a reply already in the conversation, or fields already
//! set, count as delivered — then send and record how it ended. An entry with a shop action
//! (a refund, a cancel, a code, a replacement, a return, an order edit, an invite) has the
//! shop do it first, each exactly once (`deliver_shop.rs`), records that, then sends the note.
//! The console's executor and the scripting commands both send through here.

use frontline_backend::{BackendError, Helpdesk, TicketPage};
use frontline_model::{Outgoing, TicketChange, TicketId, body_fingerprint};
use frontline_shop::{Shop, ShopError};
use frontline_store::outbox::{self, Claim, Finish};
use frontline_store::{Store, StoreError};

/// How one entry went.
#[derive(Debug)]
pub enum Delivered {
    /// Sent now: the ticket as the helpdesk has it after the write.
    Sent(TicketPage),
    /// An earlier send had landed; nothing was sent again.
    AlreadyThere,
    /// Done, discarded or being sent by another process: left alone.
    Skipped,
}

/// Why an entry was not delivered: the helpdesk said no (or could not be reached), or the
/// local store could not record the claim — then nothing is sent, so it cannot go twice.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeliveryError {
    #[error(transparent)]
    Helpdesk(#[from] BackendError),
    #[error("{0} — not sent, so that it cannot be sent twice")]
    Store(#[from] StoreError),
    /// Sending would put the write on another customer's ticket or under another agent's
    /// name: refused for good, the entry waits in the outbox to be discarded (its text kept).
    #[error("not sent: {0}")]
    Misaddressed(String),
    /// The entry is not in the outbox: never stored, or discarded elsewhere.
    #[error("not sent: this write is not in the local outbox (it could not be saved, or was discarded elsewhere)")]
    NotStored,
    /// The shop did not do the entry's action (or could not be reached).
    #[error("{0}")]
    Shop(ShopError),
    /// A step of a macro's shop part was not done: which, why, what was done before it, and
    /// that its text was kept back.
    #[error("{said}")]
    ShopStep { said: String, err: ShopError },
    /// Sending it hit a bug (a panic): recorded as failed, so it is not tried again by itself
    /// and the ticket's next writes are not held behind it.
    #[error("not sent: an internal error ({0}); the write waits in :outbox — please report it with the log")]
    Crashed(String),
}

impl DeliveryError {
    /// Worth trying again later: the helpdesk could not take it now, or the store was busy.
    pub fn worth_resending(&self) -> bool {
        match self {
            DeliveryError::Helpdesk(e) => e.worth_resending(),
            DeliveryError::Store(e) => !matches!(e, StoreError::Closed),
            DeliveryError::NotStored | DeliveryError::Misaddressed(_) | DeliveryError::Crashed(_) => false,
            DeliveryError::Shop(e) | DeliveryError::ShopStep { err: e, .. } => e.is_transient(),
        }
    }

    /// The helpdesk's error, when it was the helpdesk's.
    pub fn helpdesk(&self) -> Option<&BackendError> {
        match self {
            DeliveryError::Helpdesk(e) => Some(e),
            DeliveryError::Store(_)
            | DeliveryError::NotStored
            | DeliveryError::Misaddressed(_)
            | DeliveryError::Shop(_)
            | DeliveryError::ShopStep { .. }
            | DeliveryError::Crashed(_) => None,
        }
    }
}

fn finish_for(e: &BackendError) -> Finish {
    if e.worth_resending() { Finish::Again(e.to_string()) } else { Finish::Failed(e.to_string()) }
}

async fn claim(store: &Store, key: &str) -> Result<Claim, StoreError> {
    let key = key.to_string();
    let me = outbox::Claimant::this_process();
    let now = store.now();
    store.call(move |c| outbox::claim(c, &key, me, now)).await
}

pub(crate) async fn finish(store: &Store, key: &str, how: Finish) {
    let key = key.to_string();
    let now = store.now();
    if let Err(e) = store.call(move |c| outbox::finish(c, &key, &how, now)).await {
        tracing::warn!("outbox: recording an outcome: {e}");
    }
}

/// What a claimed entry needs: to be sent, or nothing (done already, or another's).
enum Ready {
    Send(Box<Outgoing>),
    Landed,
    Skip,
}

/// Claims the entry and, when an earlier send's outcome is unknown, checks the helpdesk. A
/// shop action not yet done is done first; the note that records it is then sent.
async fn ready(
    store: &Store,
    backend: &dyn Helpdesk,
    shop: Option<&dyn Shop>,
    key: &str,
) -> Result<Ready, DeliveryError> {
    match claim(store, key).await? {
        Claim::Skip => Ok(Ready::Skip),
        Claim::Missing => Err(DeliveryError::NotStored),
        Claim::Send(mut e) => {
            addressed(store, backend, key, &e).await?;
            if let Some(filled) = super::deliver_shop::shop_first(store, shop, key, &e, false).await? {
                e.change = filled;
            }
            Ok(Ready::Send(Box::new(e)))
        }
        Claim::Verify(mut e) => {
            addressed(store, backend, key, &e).await?;
            // the shop's part was not recorded as done: do it (safely) and the note is new
            if e.shop.is_some() && !e.shop_done {
                if let Some(filled) = super::deliver_shop::shop_first(store, shop, key, &e, true).await? {
                    e.change = filled;
                }
                return Ok(Ready::Send(Box::new(e)));
            }
            let there = landed(store, backend, &e).await;
            landed_or_send(store, key, e, there).await
        }
    }
}

/// After a check of the helpdesk: a write already there is done, one not there is sent.
async fn landed_or_send(
    store: &Store,
    key: &str,
    e: Outgoing,
    landed: Result<bool, DeliveryError>,
) -> Result<Ready, DeliveryError> {
    match landed {
        Ok(true) => {
            tracing::info!("outbox: {} had already reached the helpdesk; not sent again", e.label);
            finish(store, key, Finish::Done).await;
            Ok(Ready::Landed)
        }
        Ok(false) => Ok(Ready::Send(Box::new(e))),
        Err(DeliveryError::Helpdesk(err)) => {
            finish(store, key, finish_for(&err)).await;
            Err(err.into())
        }
        Err(err) => {
            finish(store, key, Finish::Again(err.to_string())).await;
            Err(err)
        }
    }
}

/// Refuses an entry that would now reach another customer or go out under another agent's
/// name, recording why; a check the helpdesk could not answer leaves it for a later try.
async fn addressed(store: &Store, backend: &dyn Helpdesk, key: &str, e: &Outgoing) -> Result<(), DeliveryError> {
    match misaddressed(backend, e).await {
        Ok(None) => Ok(()),
        Ok(Some(why)) => {
            tracing::warn!("outbox: {} not sent: {why}", e.label);
            finish(store, key, Finish::Failed(format!("not sent: {why}"))).await;
            Err(DeliveryError::Misaddressed(why))
        }
        Err(err) => {
            finish(store, key, finish_for(&err)).await;
            Err(err.into())
        }
    }
}

/// The agent the backend signs in as, asked of the helpdesk only once per process.
async fn signed_in(backend: &dyn Helpdesk) -> Result<frontline_model::UserId, BackendError> {
    match backend.signed_in() {
        Some(id) => Ok(id),
        None => Ok(backend.me().await?.id),
    }
}

/// Why sending `e` now would be wrong, if it would: the profile signs in as another agent than
/// the one who wrote it, or the ticket's requester is not the one it was written to. A write
/// that carries the ticket's version needs no look at the ticket — the helpdesk refuses it if
/// the ticket changed at all — so the requester costs a request only for a write sent without
/// one (a retry by hand, a reply queued while the helpdesk was down).
pub async fn misaddressed(backend: &dyn Helpdesk, e: &Outgoing) -> Result<Option<String>, BackendError> {
    let how = "discard it in :outbox (a reply's text becomes a draft) and write again if it still applies";
    if let Some(author) = e.author {
        let me = signed_in(backend).await?;
        if me != author {
            return Ok(Some(format!(
                "{} was written by helpdesk user {} and this profile now signs in as user {} — {how}",
                e.label, author.0, me.0
            )));
        }
    }
    // a write checked against its version is refused by the helpdesk if the ticket moved; one
    // not checked (a shop action's note) is checked here for its customer
    let unchecked = e.expected_version.is_none() || e.shop.is_some();
    let (Some(was), Some(_), true) = (e.requester, &e.change.comment, unchecked) else {
        return Ok(None);
    };
    let page = backend.ticket(e.ticket).await?;
    let Some(now) = page.tickets.first().and_then(|t| t.requester) else { return Ok(None) };
    if now == was {
        return Ok(None);
    }
    let name = page.users.iter().find(|u| u.id == now).map_or_else(|| "someone".into(), |u| u.name.clone());
    Ok(Some(format!(
        "#{} now belongs to {name} (user {}), not to user {} the {} was written to — {how}",
        e.ticket.0,
        now.0,
        was.0,
        if e.change.comment.as_ref().is_some_and(|c| c.public) { "reply" } else { "note" }
    )))
}

/// Sends one entry (already committed to the outbox) unless it was sent before.
pub async fn deliver(store: &Store, backend: &dyn Helpdesk, key: &str) -> Result<Delivered, DeliveryError> {
    deliver_with(store, backend, None, key).await
}

/// `deliver`, with the profile's shop for entries that carry a shop action.
pub async fn deliver_with(
    store: &Store,
    backend: &dyn Helpdesk,
    shop: Option<&dyn Shop>,
    key: &str,
) -> Result<Delivered, DeliveryError> {
    let entry = match ready(store, backend, shop, key).await? {
        Ready::Skip => return Ok(Delivered::Skipped),
        Ready::Landed => return Ok(Delivered::AlreadyThere),
        Ready::Send(e) => e,
    };
    // a shop action's note is not refused after the shop acted: its version is not checked.
    // The agent's next writes move past it only when nobody else changed the ticket since it
    // was queued (read now): a colleague's change must still raise their conflict.
    let (checked, replaced) = if entry.shop.is_some() {
        let now = backend.ticket(entry.ticket).await.ok().and_then(|p| p.tickets.first().map(|t| t.version.clone()));
        (None, entry.expected_version.clone().filter(|v| now.as_ref() == Some(v)))
    } else {
        (entry.expected_version.as_deref(), entry.expected_version.clone())
    };
    match backend.update_keyed(entry.ticket, &entry.change, checked, key).await {
        Ok(page) => {
            finish(store, key, Finish::Done).await;
            let made = page.tickets.iter().find(|t| t.id == entry.ticket).map(|t| t.version.clone());
            if let (Some(replaced), Some(made)) = (replaced, made) {
                let (ticket, k) = (entry.ticket, key.to_string());
                if let Err(e) = store.call(move |c| outbox::move_forward(c, ticket, &k, &replaced, &made)).await {
                    tracing::warn!("outbox: moving the next writes to #{} forward: {e}", ticket.0);
                }
            }
            Ok(Delivered::Sent(page))
        }
        Err(err) => {
            finish(store, key, finish_for(&err)).await;
            Err(err.into())
        }
    }
}

/// Each ticket's outcome of a bulk write, as delivery saw it.
pub type EachDelivered = Vec<(TicketId, Result<(), DeliveryError>)>;

/// Sends the same change to several tickets through the bulk endpoint, each ticket's entry
/// claimed and checked as `deliver` does.
pub async fn deliver_many(
    store: &Store,
    backend: &dyn Helpdesk,
    entries: &[(TicketId, String)],
    change: &TicketChange,
) -> Result<EachDelivered, BackendError> {
    let mut outcomes = Vec::new();
    let mut send = Vec::new();
    for (ticket, key) in entries {
        // bulk changes never carry a shop action
        match ready(store, backend, None, key).await {
            Ok(Ready::Skip | Ready::Landed) => outcomes.push((*ticket, Ok(()))),
            Ok(Ready::Send(_)) => send.push((*ticket, key.clone())),
            Err(err) => outcomes.push((*ticket, Err(err))),
        }
    }
    if send.is_empty() {
        return Ok(outcomes);
    }
    let ids: Vec<TicketId> = send.iter().map(|(t, _)| *t).collect();
    match backend.update_many(&ids, change).await {
        Ok(result) => {
            for (ticket, r) in result {
                if let Some((_, key)) = send.iter().find(|(t, _)| *t == ticket) {
                    let how = match &r {
                        Ok(()) => Finish::Done,
                        Err(why) => Finish::Failed(why.to_string()),
                    };
                    finish(store, key, how).await;
                }
                outcomes.push((ticket, r.map_err(DeliveryError::from)));
            }
            Ok(outcomes)
        }
        Err(err) => {
            for (_, key) in &send {
                finish(store, key, finish_for(&err)).await;
            }
            Err(err)
        }
    }
}

/// How far the helpdesk's clock may run behind ours when a message's time is compared with
/// the time a write was queued.
const CLOCK_SKEW: i64 = 120;

/// Whether an entry whose send may have happened is already in the helpdesk.
///
/// Where the helpdesk keeps the entry's key with the write (Zendesk), that answers exactly.
/// Elsewhere: messages of the same kind by this agent, no older than the entry, whose text as
/// the helpdesk stored it equals the write's (only line endings and whitespace at line ends
/// ignored) — less those that other entries of this outbox, confirmed sent in that time,
/// account for, so a second identical reply is not taken for the first. A write without a
/// comment has landed when its fields are already set.
pub async fn landed(store: &Store, backend: &dyn Helpdesk, e: &Outgoing) -> Result<bool, DeliveryError> {
    if let Some(exact) = backend.landed_by_key(e.ticket, &e.key, e.created_at - CLOCK_SKEW).await? {
        return Ok(exact);
    }
    if let Some(c) = &e.change.comment {
        let me = signed_in(backend).await?;
        let want = body_fingerprint(&c.body);
        let since = e.created_at - CLOCK_SKEW;
        let conv = backend.conversation(e.ticket).await?;
        let found = conv
            .messages
            .iter()
            .filter(|m| {
                let kind = matches!(m.kind, frontline_model::MessageKind::Public) == c.public;
                kind && m.author == me && m.created_at >= since && m.fingerprint == want
            })
            .count();
        if found == 0 {
            return Ok(false);
        }
        let (ticket, key) = (e.ticket, e.key.clone());
        let others = store.call(move |conn| outbox::sent_since(conn, ticket, &key, since)).await?;
        let explained = others
            .iter()
            .filter_map(|o| o.comment.as_ref())
            .filter(|o| o.public == c.public && body_fingerprint(&o.body) == want)
            .count();
        return Ok(found > explained);
    }
    let page = backend.ticket(e.ticket).await?;
    Ok(page.tickets.first().is_some_and(|t| e.change.is_set_on(t)))
}
