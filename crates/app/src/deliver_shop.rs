//! The shop's part of an outbox entry: a refund, a cancel or a discount code done before the
//! note that records it, exactly once — a refund carries the entry's key as the shop's
//! idempotency key, a resent cancel first asks whether the order is cancelled already, a
//! resent code whether the shop has it already — and recorded in the store as done, so a
//! later resend only sends the note.

use super::deliver::{DeliveryError, finish};
use frontline_model::{Outgoing, ShopAction};
use frontline_shop::{CancelAsk, Shop};
use frontline_store::Store;
use frontline_store::outbox::Finish;

/// Has the shop do the entry's refund or cancel, unless done already, and records it. A
/// resend (`again`) of a cancel first asks whether the order is cancelled already; a refund
/// is resent with the same idempotency key, which the shop answers without refunding twice.
pub(crate) async fn shop_first(
    store: &Store,
    shop: Option<&dyn Shop>,
    key: &str,
    e: &Outgoing,
    again: bool,
) -> Result<(), DeliveryError> {
    let Some(action) = e.shop.as_ref().filter(|_| !e.shop_done) else { return Ok(()) };
    let Some(shop) = shop else {
        let why = format!("not sent: {} needs the profile's shop, and this profile has none", action.label());
        finish(store, key, Finish::Failed(why.clone())).await;
        return Err(DeliveryError::Misaddressed(why));
    };
    let done = match action {
        ShopAction::Refund { order_id, ask, .. } => shop.refund(order_id, ask, &action.note(), key).await.map(|_| ()),
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
                    Ok(())
                }
                Ok(false) => shop.cancel(order_id, &how).await,
                Err(err) => Err(err),
            }
        }
        ShopAction::Discount(ask) => {
            match if again { shop.discount(&ask.code).await.map(|f| f.is_some()) } else { Ok(false) } {
                Ok(true) => {
                    tracing::info!("outbox: {} was already made at the shop; not made again", action.label());
                    Ok(())
                }
                Ok(false) => shop.create_discount(ask).await,
                Err(err) => Err(err),
            }
        }
    };
    match done {
        Ok(()) => {
            let k = key.to_string();
            store.call(move |c| frontline_store::outbox::shop_done(c, &k)).await?;
            Ok(())
        }
        Err(err) => {
            let how = if err.is_transient() { Finish::Again(err.to_string()) } else { Finish::Failed(err.to_string()) };
            finish(store, key, how).await;
            Err(DeliveryError::Shop(err))
        }
    }
}
