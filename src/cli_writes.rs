//! The command line's writes — reply, assign, escalate, the order actions and the outbox —
//! each handed to its `script` function with what the command line said.

use crate::cli::{Command, OutboxAction};

/// Runs one writing command against the profile's helpdesk, shop and store.
pub(crate) async fn script_write(
    cmd: &Command,
    b: &dyn frontline_backend::Helpdesk,
    shop: Option<&dyn frontline_shop::Shop>,
    store: &frontline_store::Store,
    cfg: &frontline_config::Config,
    read_only: bool,
) -> Result<(), crate::script::Failure> {
    use crate::script::{self, Failure};
    match cmd {
        Command::Reply { id, body_file, note, status } => {
            let body = if body_file.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())
                    .map_err(|e| Failure::usage(format!("cannot read the reply from stdin: {e}")))?
            } else {
                std::fs::read_to_string(body_file)
                    .map_err(|e| Failure::usage(format!("cannot read {}: {e}", body_file.display())))?
            };
            script::reply(b, store, read_only, *id, &body, *note, status.as_deref()).await
        }
        Command::Assign { id, who } => script::assign(b, store, read_only, *id, who).await,
        Command::Escalate { id, reason } => script::escalate(b, store, cfg, read_only, *id, reason).await,
        Command::Refund { id, order, all, item, shipping, amount, reason, restock, no_email, yes } => {
            let what = script::RefundWhat {
                all: *all,
                items: item.clone(),
                shipping: *shipping,
                amount: amount.clone(),
                reason: reason.clone(),
                restock: *restock,
                quiet: *no_email,
            };
            let target = script::Target { id: *id, order: order.as_deref(), yes: *yes };
            script::refund(b, shop, store, read_only, target, &what).await
        }
        Command::CancelOrder { id, order, reason, yes } => {
            let target = script::Target { id: *id, order: order.as_deref(), yes: *yes };
            script::cancel_order(b, shop, store, read_only, target, reason).await
        }
        Command::Discount { id, check, percent, amount, expires, order, yes } => {
            let what = script::DiscountWhat {
                id: *id,
                order: order.clone(),
                yes: *yes,
                check: check.clone(),
                percent: *percent,
                amount: amount.clone(),
                expires: expires.clone(),
            };
            script::discount(b, shop, store, read_only, &what).await
        }
        Command::Return { id, order, item, qty, reason, exchange, yes } => {
            let target = script::Target { id: *id, order: order.as_deref(), yes: *yes };
            let what = script::ReturnWhat {
                item: item.clone(),
                quantity: *qty,
                reason: reason.clone(),
                exchange: exchange.clone(),
            };
            script::open_return(b, shop, store, read_only, target, &what).await
        }
        Command::Replace { id, order, item, reason, yes } => {
            let target = script::Target { id: *id, order: order.as_deref(), yes: *yes };
            script::replace(b, shop, store, read_only, target, item, reason).await
        }
        Command::Outbox { action: None, json } => script::outbox::list(store, *json).await,
        Command::Outbox { action: Some(OutboxAction::Send), .. } => {
            if read_only {
                return Err(Failure::usage("read-only: writes are off (--read-only or read_only = true)"));
            }
            script::outbox::send(store, b, shop).await
        }
        Command::Outbox { action: Some(OutboxAction::Discard { key }), .. } => {
            script::outbox::discard(store, key).await
        }
        Command::Outbox { action: Some(OutboxAction::Retry { key }), .. } => script::outbox::retry(store, key).await,
        Command::Outbox { action: Some(OutboxAction::Export), .. } => script::outbox::export(store).await,
        _ => Ok(()),
    }
}
