//! Refunds and cancels through Shopify's mutations: `suggestedRefund` for the amounts of item
//! and shipping refunds the agent confirms (a refund to one payment — a duplicate charge, an
//! agreed amount — has its amount already), `refundCreate` with the outbox key as its
//! `@idempotent` key (and, for one payment, a REFUND transaction with that payment as its
//! parent), `orderCancel` (an async job, polled briefly) and the order's `cancelledAt` to check
//! before a resend.

use super::Shopify;
use super::wire::MoneyBag;
use crate::{CancelAsk, RefundQuote, ShopError};
use frontline_model::{Money, RefundAsk};
use serde::Deserialize;
use serde_json::{Value, json};
use serde_with::{DefaultOnError, serde_as};
use std::time::Duration;

const QUOTE: &str = "query FrontlineQuote($id: ID!, $lines: [RefundLineItemInput!], $shipping: Boolean) {
  order(id: $id) { suggestedRefund(refundLineItems: $lines, refundShipping: $shipping) {
    amountSet { shopMoney { amount currencyCode } }
    shipping { amountSet { shopMoney { amount currencyCode } } }
    refundLineItems { quantity lineItem { id } } } } }";

const CANCEL: &str = "mutation FrontlineCancel($id: ID!, $reason: OrderCancelReason!, $restock: Boolean!, $notify: Boolean, $refund: OrderCancelRefundMethodInput, $note: String) {
  orderCancel(orderId: $id, reason: $reason, restock: $restock, notifyCustomer: $notify, refundMethod: $refund, staffNote: $note) {
    job { id done } orderCancelUserErrors { field message code } } }";

const JOB: &str = "query FrontlineJob($id: ID!) { job(id: $id) { done } }";
const CANCELLED: &str = "query FrontlineCancelled($id: ID!) { order(id: $id) { cancelledAt } }";

/// A mutation's `userErrors` (the shop refused, saying why).
#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct UserError {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub message: Option<String>,
    /// The typed errors' code (`TAKEN`); plain `UserError`s have none.
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub code: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct QuoteData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    order: Option<QuoteOrder>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct QuoteOrder {
    #[serde_as(deserialize_as = "DefaultOnError")]
    suggested_refund: Option<SuggestedRefund>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct SuggestedRefund {
    #[serde_as(deserialize_as = "DefaultOnError")]
    amount_set: Option<MoneyBag>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    shipping: Option<Amount>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    refund_line_items: Vec<RefundLine>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Amount {
    #[serde_as(deserialize_as = "DefaultOnError")]
    amount_set: Option<MoneyBag>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RefundLine {
    #[serde_as(deserialize_as = "DefaultOnError")]
    quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    line_item: Option<Id>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct Id {
    #[serde_as(deserialize_as = "DefaultOnError")]
    id: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RefundData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    refund_create: Option<RefundCreate>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RefundCreate {
    #[serde_as(deserialize_as = "DefaultOnError")]
    refund: Option<Refund>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    user_errors: Vec<UserError>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Refund {
    #[serde_as(deserialize_as = "DefaultOnError")]
    total_refunded_set: Option<MoneyBag>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct CancelData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    order_cancel: Option<OrderCancel>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct OrderCancel {
    #[serde_as(deserialize_as = "DefaultOnError")]
    job: Option<Job>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    order_cancel_user_errors: Vec<UserError>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct Job {
    #[serde_as(deserialize_as = "DefaultOnError")]
    id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    done: Option<bool>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct JobData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    job: Option<Job>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct CancelledData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    order: Option<Cancelled>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Cancelled {
    #[serde_as(deserialize_as = "DefaultOnError")]
    cancelled_at: Option<String>,
}

fn lines(ask: &RefundAsk) -> Value {
    Value::Array(ask.lines.iter().map(|(id, q)| json!({"lineItemId": id, "quantity": q})).collect())
}

/// The refund's lines with what happens to the stock: Shopify's `RETURN` puts shipped items
/// back, `NO_RESTOCK` leaves them (a broken item); no say sends none, as before there was one.
fn refund_lines(ask: &RefundAsk) -> Value {
    let kind = ask.restock.map(|r| if r { "RETURN" } else { "NO_RESTOCK" });
    Value::Array(
        ask.lines
            .iter()
            .map(|(id, q)| match kind {
                Some(k) => json!({"lineItemId": id, "quantity": q, "restockType": k}),
                None => json!({"lineItemId": id, "quantity": q}),
            })
            .collect(),
    )
}

/// `userErrors` (or `orderCancelUserErrors`) in words, if there are any.
pub fn refused(errors: &[UserError]) -> Option<ShopError> {
    if errors.is_empty() {
        return None;
    }
    let words: Vec<String> =
        errors.iter().filter_map(|e| e.message.as_deref().map(frontline_model::text::sanitize_line)).collect();
    Some(ShopError::Refused(words.join("; ")))
}

/// An idempotency key Shopify takes inside the query text: letters, digits, `-` and `_`.
fn key_literal(key: &str) -> String {
    key.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

impl Shopify {
    pub(super) async fn quote(&self, order_id: &str, ask: &RefundAsk) -> Result<RefundQuote, ShopError> {
        // one payment given back: its amount is known, no question to the shop
        if let Some(p) = &ask.payment {
            return Ok(RefundQuote { amount: p.amount, shipping: Money::default(), lines: vec![] });
        }
        let data: QuoteData =
            self.call(QUOTE, json!({"id": order_id, "lines": lines(ask), "shipping": ask.shipping})).await?;
        let Some(s) = data.order.and_then(|o| o.suggested_refund) else {
            return Err(ShopError::Refused(format!("order {order_id} not found")));
        };
        Ok(RefundQuote {
            amount: s
                .amount_set
                .as_ref()
                .and_then(MoneyBag::money)
                .ok_or_else(|| ShopError::Decode("a suggested refund without an amount".into()))?,
            shipping: s.shipping.and_then(|a| a.amount_set).and_then(|m| m.money()).unwrap_or_default(),
            lines: s.refund_line_items.into_iter().filter_map(|l| Some((l.line_item?.id?, l.quantity?))).collect(),
        })
    }

    pub(super) async fn refund_once(
        &self,
        order_id: &str,
        ask: &RefundAsk,
        note: &str,
        key: &str,
    ) -> Result<Money, ShopError> {
        let key = key_literal(key);
        if key.is_empty() {
            return Err(ShopError::Config("a refund needs an idempotency key".into()));
        }
        let query = format!(
            "mutation FrontlineRefund($input: RefundInput!) {{ refundCreate(input: $input) @idempotent(key: \"{key}\") {{
               refund {{ id totalRefundedSet {{ shopMoney {{ amount currencyCode }} }} }} userErrors {{ field message }} }} }}"
        );
        let mut input =
            json!({"orderId": order_id, "note": note, "notify": !ask.quiet, "refundLineItems": refund_lines(ask)});
        if ask.shipping {
            input["shipping"] = json!({"fullRefund": true});
        }
        if let Some(p) = &ask.payment {
            input["transactions"] = json!([{
                "orderId": order_id, "parentId": p.parent, "kind": "REFUND", "gateway": p.gateway,
                "amount": p.amount.decimal(),
            }]);
        }
        let data: RefundData = self.call(&query, json!({"input": input})).await?;
        let r = data.refund_create.unwrap_or_default();
        if let Some(e) = refused(&r.user_errors) {
            return Err(e);
        }
        r.refund
            .and_then(|r| r.total_refunded_set)
            .and_then(|m| m.money())
            .ok_or_else(|| ShopError::Decode("refundCreate answered without a refund".into()))
    }

    pub(super) async fn cancel_order(&self, order_id: &str, how: &CancelAsk) -> Result<(), ShopError> {
        let vars = json!({
            "id": order_id, "reason": how.reason, "restock": how.restock, "notify": how.notify,
            "refund": {"originalPaymentMethodsRefund": how.refund}, "note": how.staff_note.chars().take(255).collect::<String>(),
        });
        let data: CancelData = self.call(CANCEL, vars).await?;
        let c = data.order_cancel.unwrap_or_default();
        if let Some(e) = refused(&c.order_cancel_user_errors) {
            return Err(e);
        }
        // the shop does it as a job: look for it to finish, briefly (it was accepted either way)
        let job = c.job.unwrap_or_default();
        if let Some(id) = &job.id {
            for _ in 0..10 {
                if job.done == Some(true) {
                    break;
                }
                match self.call::<JobData>(JOB, json!({"id": id})).await {
                    Ok(d) if d.job.as_ref().and_then(|j| j.done) == Some(true) => break,
                    Ok(_) => tokio::time::sleep(Duration::from_millis(200)).await,
                    Err(_) => break,
                }
            }
        }
        Ok(())
    }

    pub(super) async fn is_cancelled(&self, order_id: &str) -> Result<bool, ShopError> {
        let data: CancelledData = self.call(CANCELLED, json!({"id": order_id})).await?;
        let Some(order) = data.order else {
            return Err(ShopError::Refused(format!("order {order_id} not found")));
        };
        Ok(order.cancelled_at.is_some())
    }
}
