//! The write side: `orderCancel` (an async `Job`) and `refundCreate`, which honours the
//! `@idempotent(key:)` directive — the same key twice makes one refund and answers both calls
//! with it, even across a restart, because the key is stored with the refund in one
//! transaction.

use super::order::{Order, RefundLineItemInput, line_pairs};
use super::query::{Job, now};
use super::refund::Refund;
use super::{
    CurrencyCode, Money, OrderCancelReason, OrderCancelUserErrorCode, OrderTransactionKind, Scopes, coded, db,
    internal, name_of, parse_gid,
};
use crate::Shared;
use crate::shop::actions::{self, RefundAsk, Refusal};
use crate::shop::orders;
use async_graphql::{Context, CustomDirective, Directive, ID, InputObject, Object, SimpleObject};
use rusqlite::OptionalExtension;
use std::sync::Arc;

#[derive(Default)]
pub struct Mutation;

/// `@idempotent(key: String!)`: read by `refundCreate` from its own field.
struct Idempotent;
impl CustomDirective for Idempotent {}

#[Directive(location = "Field")]
pub fn idempotent(key: String) -> impl CustomDirective {
    // declared so documents that use it validate; `refundCreate` reads the key itself
    let _ = key;
    Idempotent
}

#[derive(SimpleObject, Clone)]
pub struct UserError {
    pub field: Option<Vec<String>>,
    pub message: String,
}

#[derive(SimpleObject, Clone)]
pub struct OrderCancelUserError {
    field: Option<Vec<String>>,
    message: String,
    code: Option<OrderCancelUserErrorCode>,
}

#[derive(SimpleObject, Clone, Default)]
pub struct OrderCancelPayload {
    job: Option<Job>,
    order_cancel_user_errors: Vec<OrderCancelUserError>,
    #[graphql(deprecation = "Use `orderCancelUserErrors` instead.")]
    user_errors: Vec<UserError>,
}

#[derive(SimpleObject, Clone, Default)]
pub struct RefundCreatePayload {
    order: Option<Order>,
    refund: Option<Refund>,
    user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct OrderCancelStoreCreditRefundInput {
    expires_at: Option<super::DateTime>,
}

#[derive(InputObject)]
pub struct OrderCancelRefundMethodInput {
    original_payment_methods_refund: Option<bool>,
    store_credit_refund: Option<OrderCancelStoreCreditRefundInput>,
}

#[derive(InputObject)]
pub struct ShippingRefundInput {
    amount: Option<Money>,
    full_refund: Option<bool>,
}

#[derive(InputObject)]
pub struct OrderTransactionInput {
    amount: Money,
    gateway: String,
    kind: OrderTransactionKind,
    order_id: ID,
    parent_id: Option<ID>,
}

#[derive(InputObject)]
pub struct RefundInput {
    order_id: ID,
    note: Option<String>,
    notify: Option<bool>,
    refund_line_items: Option<Vec<RefundLineItemInput>>,
    shipping: Option<ShippingRefundInput>,
    transactions: Option<Vec<OrderTransactionInput>>,
    currency: Option<CurrencyCode>,
    #[graphql(default = false)]
    allow_over_refunding: bool,
    processed_at: Option<super::DateTime>,
}

fn cancel_error(r: Refusal) -> OrderCancelPayload {
    let code = r.code.and_then(super::named);
    OrderCancelPayload {
        job: None,
        user_errors: vec![UserError { field: Some(r.field.clone()), message: r.message.clone() }],
        order_cancel_user_errors: vec![OrderCancelUserError { field: Some(r.field), message: r.message, code }],
    }
}

fn refund_error(field: &[&str], message: impl Into<String>) -> RefundCreatePayload {
    RefundCreatePayload {
        user_errors: vec![UserError {
            field: Some(field.iter().map(std::string::ToString::to_string).collect()),
            message: message.into(),
        }],
        ..Default::default()
    }
}

fn require_write(ctx: &Context<'_>, field: &str) -> async_graphql::Result<()> {
    match ctx.data::<Scopes>() {
        Ok(s) if s.write_orders => Ok(()),
        _ => Err(coded(
            format!("Access denied for {field} field. Required access: `write_orders` access scope."),
            "ACCESS_DENIED",
        )),
    }
}

/// What a refund asks, in the sandbox's terms, and a stable text of it to compare retries by.
fn ask_of(input: &RefundInput) -> Result<(i64, RefundAsk, String), RefundCreatePayload> {
    let order =
        parse_gid("Order", &input.order_id).ok_or_else(|| refund_error(&["orderId"], "Order does not exist"))?;
    let lines = line_pairs(input.refund_line_items.as_deref().unwrap_or_default()).map_err(
        |super::order::NotALineItem(id)| {
            refund_error(&["refundLineItems", "lineItemId"], format!("Line item {id} does not exist"))
        },
    )?;
    // LEGACY_RESTOCK "is not accepted when creating new refunds" (Shopify's schema); the words
    // of the refusal are the sandbox's
    if let Some(i) = input
        .refund_line_items
        .iter()
        .flatten()
        .position(|l| l.restock_type == Some(super::RefundLineItemRestockType::LegacyRestock))
    {
        let at = i.to_string();
        return Err(refund_error(
            &["refundLineItems", &at, "restockType"],
            "Restock type LEGACY_RESTOCK is not accepted for new refunds",
        ));
    }
    let money = |m: &Money, field: &[&str]| {
        actions::cents(&m.0).ok_or_else(|| refund_error(field, format!("'{}' is not an amount of money", m.0)))
    };
    let shipping_cents = match input.shipping.as_ref().and_then(|s| s.amount.as_ref()) {
        Some(m) => Some(money(m, &["shipping", "amount"])?),
        None => None,
    };
    let mut parent = None;
    let transactions_cents = match &input.transactions {
        Some(ts) if !ts.is_empty() => {
            let mut sum = 0;
            for (i, t) in ts.iter().enumerate() {
                if t.kind != OrderTransactionKind::Refund {
                    return Err(refund_error(&["transactions", "kind"], "Refund transactions must be of kind REFUND"));
                }
                if parse_gid("Order", &t.order_id) != Some(order) {
                    return Err(refund_error(&["transactions", "orderId"], "Transaction belongs to another order"));
                }
                // one gateway in the sandbox; the parent is the payment the money goes back to
                let _ = &t.gateway;
                let this = match &t.parent_id {
                    Some(p) => Some(parse_gid("OrderTransaction", p).ok_or_else(|| {
                        refund_error(&["transactions", "parentId"], "Parent transaction does not exist.")
                    })?),
                    None => None,
                };
                if i > 0 && this != parent {
                    return Err(refund_error(
                        &["transactions", "parentId"],
                        "The sandbox takes one parent transaction per refund.",
                    ));
                }
                parent = this;
                sum += money(&t.amount, &["transactions", "amount"])?;
            }
            Some(sum)
        }
        _ => None,
    };
    let ask = RefundAsk {
        lines,
        full_shipping: input.shipping.as_ref().and_then(|s| s.full_refund).unwrap_or(false),
        shipping_cents,
        transactions_cents,
        parent,
        note: input.note.clone(),
    };
    let text = format!("{order}|{ask:?}");
    Ok((order, ask, text))
}

/// The `@idempotent` key on this field, if the caller sent one.
fn idempotency_key(ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
    for d in ctx.field().directives()? {
        if d.name.node.as_str() == "idempotent" {
            let key = d.arguments.iter().find(|(n, _)| n.node.as_str() == "key").map(|(_, v)| v.node.clone());
            return match key {
                Some(async_graphql::Value::String(k)) if !k.trim().is_empty() => Ok(Some(k)),
                _ => Err(coded("The idempotency key cannot be an empty string or whitespace only.", "BAD_REQUEST")),
            };
        }
    }
    Ok(None)
}

fn payload(conn: &rusqlite::Connection, order_id: i64, refund_id: i64) -> async_graphql::Result<RefundCreatePayload> {
    let o = orders::order(conn, order_id).map_err(internal)?.ok_or_else(|| internal("refunded order vanished"))?;
    let o = Arc::new(o);
    let refund =
        o.refunds.iter().find(|r| r.id == refund_id).cloned().map(|refund| Refund { refund, order: o.clone() });
    Ok(RefundCreatePayload { order: Some(Order(o)), refund, user_errors: vec![] })
}

#[Object]
impl Mutation {
    #[expect(
        clippy::too_many_arguments,
        reason = "a GraphQL field's arguments, one each as Shopify's schema names them"
    )]
    async fn order_cancel(
        &self,
        ctx: &Context<'_>,
        order_id: ID,
        reason: OrderCancelReason,
        restock: bool,
        refund_method: Option<OrderCancelRefundMethodInput>,
        #[graphql(deprecation = "Use `refundMethod` instead.")] refund: Option<bool>,
        #[graphql(default = false)] notify_customer: bool,
        staff_note: Option<String>,
    ) -> async_graphql::Result<Option<OrderCancelPayload>> {
        require_write(ctx, "orderCancel")?;
        // no stock or e-mail in the sandbox: restock and notify are accepted and not acted on
        let _ = (
            restock,
            notify_customer,
            refund_method.as_ref().and_then(|m| m.store_credit_refund.as_ref().map(|s| &s.expires_at)),
        );
        let refund_money = refund_method.and_then(|m| m.original_payment_methods_refund).or(refund).unwrap_or(false);
        let shared = ctx.data::<Arc<Shared>>()?.clone();
        let Some(id) = parse_gid("Order", &order_id) else {
            return Ok(Some(cancel_error(Refusal {
                field: vec!["orderId".into()],
                message: "Order does not exist".into(),
                code: Some("NOT_FOUND"),
            })));
        };
        // Refusals come back at once; the work itself runs as a job, as Shopify's does.
        let at = now(ctx)?;
        {
            let conn = db(ctx)?;
            let Some(mut o) = orders::order(&conn, id).map_err(internal)? else {
                return Ok(Some(cancel_error(Refusal {
                    field: vec!["orderId".into()],
                    message: "Order does not exist".into(),
                    code: Some("NOT_FOUND"),
                })));
            };
            if let Err(r) = actions::cancel(&mut o, name_of(reason), refund_money, staff_note.clone(), at) {
                return Ok(Some(cancel_error(r)));
            }
        }
        let job = format!("gid://shopify/Job/{}", uuid_like(&shared));
        shared.shop.jobs.lock().map_err(internal)?.insert(job.clone(), false);
        let reason = name_of(reason);
        let key = job.clone();
        tokio::task::spawn_blocking(move || {
            let applied = shared.db.lock().ok().map(|conn| -> rusqlite::Result<()> {
                if let Some(mut o) = orders::order(&conn, id)?
                    && actions::cancel(&mut o, reason, refund_money, staff_note, at).is_ok()
                {
                    orders::save(&conn, &o)?;
                }
                Ok(())
            });
            if let Some(Err(e)) = applied {
                tracing::warn!("shop: cancelling order {id} failed: {e}");
            }
            if let Ok(mut jobs) = shared.shop.jobs.lock() {
                jobs.insert(key, true);
            }
        });
        Ok(Some(OrderCancelPayload { job: Some(Job { id: ID(job), done: false }), ..Default::default() }))
    }

    async fn refund_create(
        &self,
        ctx: &Context<'_>,
        input: RefundInput,
    ) -> async_graphql::Result<Option<RefundCreatePayload>> {
        require_write(ctx, "refundCreate")?;
        let key = idempotency_key(ctx)?;
        // accepted as Shopify does; the sandbox sends no e-mail and has one currency
        let _ = (input.notify, input.currency, input.allow_over_refunding, &input.processed_at);
        let (order_id, ask, text) = match ask_of(&input) {
            Ok(a) => a,
            Err(p) => return Ok(Some(p)),
        };
        let at = now(ctx)?;
        let conn = db(ctx)?;
        let tx = conn.unchecked_transaction().map_err(internal)?;
        if let Some(key) = &key {
            let seen: Option<(String, String)> = tx
                .query_row("SELECT request, response FROM shop_idempotency WHERE key = ?1", [key], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()
                .map_err(internal)?;
            if let Some((request, response)) = seen {
                if request != text {
                    return Ok(Some(refund_error(
                        &["idempotencyKey"],
                        "This idempotency key was already used with different parameters.",
                    )));
                }
                let (o, r) = response
                    .split_once(':')
                    .and_then(|(o, r)| Some((o.parse().ok()?, r.parse().ok()?)))
                    .ok_or_else(|| internal("bad idempotency row"))?;
                return payload(&tx, o, r).map(Some);
            }
        }
        let Some(mut o) = orders::order(&tx, order_id).map_err(internal)? else {
            return Ok(Some(refund_error(&["orderId"], "Order does not exist")));
        };
        let refund = match actions::refund(&mut o, &ask, at) {
            Ok(r) => r,
            Err(r) => {
                return Ok(Some(RefundCreatePayload {
                    user_errors: vec![UserError { field: Some(r.field), message: r.message }],
                    ..Default::default()
                }));
            }
        };
        orders::save(&tx, &o).map_err(internal)?;
        if let Some(key) = &key {
            tx.execute(
                "INSERT INTO shop_idempotency(key, request, response) VALUES (?1, ?2, ?3)",
                rusqlite::params![key, text, format!("{}:{}", o.id, refund.id)],
            )
            .map_err(internal)?;
        }
        tx.commit().map_err(internal)?;
        payload(&conn, o.id, refund.id).map(Some)
    }
}

/// A job id: unique per sandbox run, without another dependency.
fn uuid_like(shared: &Shared) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("{:08x}-0000-4000-8000-{:012x}", shared.clock.now_ms() & 0xffff_ffff, NEXT.fetch_add(1, Ordering::SeqCst))
}
