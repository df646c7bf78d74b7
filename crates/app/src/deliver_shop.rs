//! The shop's part of an outbox entry — a refund, a cancel, a discount code, a replacement
//! order, a return or a decision on one, an order's new address, note or tags, an account
//! invite — done before the note that records it, exactly once: a refund carries the entry's
//! key as the shop's idempotency key; a resent cancel first asks whether the order is
//! cancelled already, a resent code whether the shop has it, a resent replacement for the
//! draft its entry's tag names, a resent return for one made since the entry for those items,
//! a resent decision or edit whether the shop holds it already, a resent invite whether the
//! account moved (one already invited is not e-mailed blind: the entry fails, saying to check). It is recorded in
//! the store as done (with the note completed from the shop's answer: the new order's or the
//! return's name), so a later resend only sends the note.

use super::deliver::{DeliveryError, finish};
use frontline_model::{
    Outgoing, REPLACEMENT_NAME, RETURN_NAME, ReplacementAsk, ReturnAsk, ShopAction, TicketChange, entry_tag,
};
use frontline_shop::{CancelAsk, Shop, ShopError};
use frontline_store::Store;
use frontline_store::outbox::Finish;

/// Has the shop do the entry's action unless done already, and records it. A resend
/// (`again`) first asks the shop whether an earlier try did it; a refund is resent with the
/// same idempotency key, which the shop answers without refunding twice. Returns the entry's
/// change with the shop's answer written into its note, when there was one to write.
pub(crate) async fn shop_first(
    store: &Store,
    shop: Option<&dyn Shop>,
    key: &str,
    e: &Outgoing,
    again: bool,
) -> Result<Option<TicketChange>, DeliveryError> {
    let Some(action) = e.shop.as_ref().filter(|_| !e.shop_done) else { return Ok(None) };
    let Some(shop) = shop else {
        let why = format!("not sent: {} needs the profile's shop, and this profile has none", action.label());
        finish(store, key, Finish::Failed(why.clone())).await;
        return Err(DeliveryError::Misaddressed(why));
    };
    if let ShopAction::Steps(steps) = action {
        return steps_first(store, shop, key, e, steps, again).await;
    }
    let keep = Keep { store, key, whole: &|a| a };
    match one(shop, action, key, e, again, &keep).await {
        Ok(filled) => {
            let change = filled.map(|(placeholder, value)| with_name(&e.change, placeholder, &value));
            let (k, c) = (key.to_string(), change.clone());
            if let Err(err) = store.call(move |conn| frontline_store::outbox::shop_done(conn, &k, c.as_ref())).await {
                return Err(unrecorded(store, key, err).await);
            }
            Ok(change)
        }
        Err(err) => {
            let how = if err.is_transient() { Finish::Again(err.to_string()) } else { Finish::Failed(err.to_string()) };
            finish(store, key, how).await;
            Err(DeliveryError::Shop(err))
        }
    }
}

/// A macro's steps, each done once in order (its own key, so a refund's idempotency key and a
/// replacement's tag are the step's), each recorded as done with the name it gave written into
/// the text before the next starts; then the text is the entry's to send.
async fn steps_first(
    store: &Store,
    shop: &dyn Shop,
    key: &str,
    e: &Outgoing,
    steps: &[frontline_model::Step],
    again: bool,
) -> Result<Option<TicketChange>, DeliveryError> {
    let mut steps = steps.to_vec();
    let mut change = e.change.clone();
    for i in 0..steps.len() {
        if steps[i].done {
            continue;
        }
        let now = steps.clone();
        let whole = move |a| {
            let mut all = now.clone();
            all[i].action = a;
            ShopAction::Steps(all)
        };
        let keep = Keep { store, key, whole: &whole };
        match one(shop, &steps[i].action, &format!("{key}.{}", i + 1), e, again, &keep).await {
            Ok(filled) => {
                if let Some((placeholder, value)) = filled {
                    change = with_name(&change, placeholder, &value);
                }
                steps[i].done = true;
                let (k, a, c) = (key.to_string(), ShopAction::Steps(steps.clone()), change.clone());
                if let Err(err) = store.call(move |conn| frontline_store::outbox::shop_step(conn, &k, &a, &c)).await {
                    return Err(unrecorded(store, key, err).await);
                }
            }
            Err(err) => {
                let done: Vec<String> = steps.iter().filter(|s| s.done).map(|s| s.action.label()).collect();
                let before =
                    if done.is_empty() { String::new() } else { format!(" (done before it: {})", done.join(", ")) };
                let said = format!("{}: {err}{before}; the text was not sent", steps[i].action.label());
                let how = if err.is_transient() { Finish::Again(said.clone()) } else { Finish::Failed(said.clone()) };
                finish(store, key, how).await;
                return Err(DeliveryError::ShopStep { said, err });
            }
        }
    }
    let (k, c) = (key.to_string(), change.clone());
    if let Err(err) = store.call(move |conn| frontline_store::outbox::shop_done(conn, &k, Some(&c))).await {
        return Err(unrecorded(store, key, err).await);
    }
    Ok(Some(change))
}

/// The shop has done its part but the store could not record it: the entry goes back to
/// waiting (not left claimed by this console, which would count it as sent elsewhere), and the
/// resend's checks find what the shop did before anything is done again.
async fn unrecorded(store: &Store, key: &str, err: frontline_store::StoreError) -> DeliveryError {
    let why = format!("the shop did it, but the local store could not record that ({err}): checked before resending");
    finish(store, key, Finish::Again(why)).await;
    DeliveryError::Store(err)
}

/// Where what the shop made on the way (a replacement's draft) is kept: the entry `key` in
/// `store`, its whole shop part rebuilt around the updated action by `whole`.
struct Keep<'a> {
    store: &'a Store,
    key: &'a str,
    whole: &'a (dyn Fn(ShopAction) -> ShopAction + Sync),
}

impl Keep<'_> {
    /// Best effort: when the store cannot take it, a resend finds the draft by its tag instead.
    async fn save(&self, action: ShopAction) {
        let (k, a) = (self.key.to_string(), (self.whole)(action));
        if let Err(err) = self.store.call(move |conn| frontline_store::outbox::shop_progress(conn, &k, &a)).await {
            tracing::warn!("outbox: could not keep the shop's progress ({err}); a resend searches for it instead");
        }
    }
}

/// The shop does `action` (`key` its idempotency key or tag) unless, on a resend, it finds
/// it done already: the name the shop gave, for the placeholder that stands for it.
async fn one(
    shop: &dyn Shop,
    action: &ShopAction,
    key: &str,
    e: &Outgoing,
    again: bool,
    keep: &Keep<'_>,
) -> Result<Option<(&'static str, String)>, ShopError> {
    match action {
        ShopAction::Refund { order_id, ask, .. } => shop.refund(order_id, ask, &action.note(), key).await.map(|_| None),
        ShopAction::Cancel { order_id, reason, restock, refund, notify, .. } => {
            let how = CancelAsk {
                reason: reason.clone(),
                restock: *restock,
                refund: *refund,
                notify: *notify,
                staff_note: format!("From Frontline, ticket #{}", e.ticket.0),
            };
            match if again { shop.cancelled(order_id).await } else { Ok(false) } {
                Ok(true) => {
                    tracing::info!("outbox: {} was already done at the shop; not sent again", action.label());
                    Ok(None)
                }
                Ok(false) => shop.cancel(order_id, &how).await.map(|()| None),
                Err(err) => Err(err),
            }
        }
        ShopAction::Discount(ask) => {
            match if again { shop.discount(&ask.code).await.map(|f| f.is_some()) } else { Ok(false) } {
                Ok(true) => {
                    tracing::info!("outbox: {} was already made at the shop; not made again", action.label());
                    Ok(None)
                }
                Ok(false) => shop.create_discount(ask).await.map(|()| None),
                Err(err) => Err(err),
            }
        }
        ShopAction::Replace(ask) => {
            replace(shop, ask, key, again, keep).await.map(|name| Some((REPLACEMENT_NAME, name)))
        }
        ShopAction::Edit(edit) => {
            match if again { shop.order_details(&edit.order_id).await.map(|d| d.has(edit)) } else { Ok(false) } {
                Ok(true) => {
                    tracing::info!("outbox: {} was already done at the shop; not sent again", action.label());
                    Ok(None)
                }
                Ok(false) => shop.update_order(edit).await.map(|()| None),
                Err(err) => Err(err),
            }
        }
        ShopAction::Return(ask) => {
            // the note names the entry, so a resend tells this return from a colleague's
            let ask = &ReturnAsk { note: format!("{} ({})", ask.note, entry_tag(key)), ..(**ask).clone() };
            let earlier = if again { shop.find_return(ask, e.created_at - 120).await } else { Ok(None) };
            match earlier {
                Ok(Some(name)) => {
                    tracing::info!("outbox: {} was already made at the shop ({name}); not made again", action.label());
                    Ok(Some((RETURN_NAME, name)))
                }
                Ok(None) => shop.create_return(ask).await.map(|name| Some((RETURN_NAME, name))),
                Err(err) => Err(err),
            }
        }
        ShopAction::DecideReturn { return_id, approve, reason, note, .. } => {
            // done only when the return is where this decision puts it; decided the other way
            // (by a colleague, in the admin) is not ours to record as done
            let now = if again { shop.return_status(return_id).await.map(Some) } else { Ok(None) };
            match now {
                Ok(Some(Some(s))) if s != "REQUESTED" => {
                    let ours = if *approve { matches!(s.as_str(), "OPEN" | "CLOSED") } else { s == "DECLINED" };
                    if ours {
                        tracing::info!("outbox: {} was already done at the shop; not sent again", action.label());
                        Ok(None)
                    } else {
                        Err(ShopError::Refused(format!(
                            "the return is {} at the shop now, decided by someone else: nothing sent",
                            frontline_model::shop_words(&s)
                        )))
                    }
                }
                Ok(_) => {
                    shop.decide_return(return_id, *approve, reason.as_deref(), note.as_deref()).await.map(|()| None)
                }
                Err(err) => Err(err),
            }
        }
        ShopAction::Invite { customer_id, state_before, .. } => {
            if again && state_before == "INVITED" {
                // an invite leaves an invited account invited: the shop cannot say whether the
                // cut send reached it, and a second e-mail is not sent blind
                Err(ShopError::Refused(
                    "the invite's first send may have reached the shop (the account was invited already, so it cannot tell): check the customer in the shop's admin, then discard or retry this".into(),
                ))
            } else {
                // an account that left the state it was asked in has had the invite
                let moved = if again {
                    shop.account_state(customer_id).await.map(|s| s.is_some_and(|s| &s != state_before))
                } else {
                    Ok(false)
                };
                match moved {
                    Ok(true) => {
                        tracing::info!("outbox: {} was already done at the shop; not sent again", action.label());
                        Ok(None)
                    }
                    Ok(false) => shop.send_invite(customer_id).await.map(|()| None),
                    Err(err) => Err(err),
                }
            }
        }
        ShopAction::Steps(_) => Err(ShopError::Refused("a macro's steps cannot hold steps".into())),
    }
}

/// The replacement's draft made (unless an earlier try made it) and completed (unless it
/// was): the new order's name. The draft's id is kept on the entry as soon as the shop gives
/// it, so a resend reads that draft directly; only a draft whose answer was lost is searched
/// for by the entry's tag.
async fn replace(
    shop: &dyn Shop,
    ask: &ReplacementAsk,
    key: &str,
    again: bool,
    keep: &Keep<'_>,
) -> Result<String, ShopError> {
    let tag = entry_tag(key);
    let earlier = match &ask.draft_id {
        Some(id) => Some(shop.replacement_draft(id).await?.ok_or_else(|| {
            ShopError::Refused(format!(
                "draft order {id} made for this replacement is gone from the shop (deleted in its admin?): check the shop, then discard this"
            ))
        })?),
        None if again => shop.find_replacement(&tag).await?,
        None => None,
    };
    let draft = match earlier {
        Some(r) => {
            tracing::info!(
                "outbox: replacement for {} was already drafted ({}); not made again",
                ask.order_name,
                r.draft_id
            );
            r
        }
        None => {
            let made = shop.create_replacement(ask, &tag).await?;
            let with_id = ReplacementAsk { draft_id: Some(made.draft_id.clone()), ..ask.clone() };
            keep.save(ShopAction::Replace(Box::new(with_id))).await;
            made
        }
    };
    match draft.order_name {
        Some(name) => Ok(name),
        None => shop.complete_replacement(&draft.draft_id).await,
    }
}

/// `change` with the shop's answer where its note says `placeholder` (a replacement order's
/// name for `{{replacement.name}}`, a return's for `{{return.name}}`).
fn with_name(change: &TicketChange, placeholder: &str, value: &str) -> TicketChange {
    let mut c = change.clone();
    if let Some(comment) = c.comment.as_mut() {
        comment.body = comment.body.replace(placeholder, value);
    }
    c
}
