//! Refunds and cancels through Shopify's mutations: `suggestedRefund` for the amounts the
//! agent confirms, `refundCreate` with the outbox key as its `@idempotent` key, `orderCancel`
//! (an async job, polled briefly) and the order's `cancelledAt` to check before a resend.

use super::Shopify;
use crate::{CancelAsk, RefundQuote, ShopError};
use frontline_model::{Money, RefundAsk};
use serde_json::{Value, json};
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

fn money(v: &Value) -> Option<Money> {
    let m = &v["shopMoney"];
    Money::parse(m["amount"].as_str()?, m["currencyCode"].as_str().unwrap_or("XXX"))
}

fn lines(ask: &RefundAsk) -> Value {
    Value::Array(ask.lines.iter().map(|(id, q)| json!({"lineItemId": id, "quantity": q})).collect())
}

/// `userErrors` (or `orderCancelUserErrors`) in words, if there are any.
fn refused(errors: &Value) -> Option<ShopError> {
    let list = errors.as_array().filter(|a| !a.is_empty())?;
    let words: Vec<String> =
        list.iter().filter_map(|e| e["message"].as_str().map(frontline_model::text::sanitize_line)).collect();
    Some(ShopError::Refused(words.join("; ")))
}

/// An idempotency key Shopify takes inside the query text: letters, digits, `-` and `_`.
fn key_literal(key: &str) -> String {
    key.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

impl Shopify {
    pub(super) async fn quote(&self, order_id: &str, ask: &RefundAsk) -> Result<RefundQuote, ShopError> {
        let data = self.call(QUOTE, json!({"id": order_id, "lines": lines(ask), "shipping": ask.shipping})).await?;
        let s = &data["order"]["suggestedRefund"];
        if s.is_null() {
            return Err(ShopError::Refused(format!("order {order_id} not found")));
        }
        Ok(RefundQuote {
            amount: money(&s["amountSet"])
                .ok_or_else(|| ShopError::Decode("a suggested refund without an amount".into()))?,
            shipping: money(&s["shipping"]["amountSet"]).unwrap_or_default(),
            lines: s["refundLineItems"]
                .as_array()
                .map(|a| a.as_slice())
                .unwrap_or_default()
                .iter()
                .filter_map(|l| Some((l["lineItem"]["id"].as_str()?.to_string(), l["quantity"].as_i64()?)))
                .collect(),
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
        let mut input = json!({"orderId": order_id, "note": note, "notify": true, "refundLineItems": lines(ask)});
        if ask.shipping {
            input["shipping"] = json!({"fullRefund": true});
        }
        let data = self.call(&query, json!({"input": input})).await?;
        let r = &data["refundCreate"];
        if let Some(e) = refused(&r["userErrors"]) {
            return Err(e);
        }
        money(&r["refund"]["totalRefundedSet"])
            .ok_or_else(|| ShopError::Decode("refundCreate answered without a refund".into()))
    }

    pub(super) async fn cancel_order(&self, order_id: &str, how: &CancelAsk) -> Result<(), ShopError> {
        let vars = json!({
            "id": order_id, "reason": how.reason, "restock": how.restock, "notify": how.notify,
            "refund": {"originalPaymentMethodsRefund": how.refund}, "note": how.staff_note.chars().take(255).collect::<String>(),
        });
        let data = self.call(CANCEL, vars).await?;
        let c = &data["orderCancel"];
        if let Some(e) = refused(&c["orderCancelUserErrors"]) {
            return Err(e);
        }
        // the shop does it as a job: look for it to finish, briefly (it was accepted either way)
        if let Some(job) = c["job"]["id"].as_str() {
            for _ in 0..10 {
                if c["job"]["done"] == true {
                    break;
                }
                match self.call(JOB, json!({"id": job})).await {
                    Ok(d) if d["job"]["done"] == true => break,
                    Ok(_) => tokio::time::sleep(Duration::from_millis(200)).await,
                    Err(_) => break,
                }
            }
        }
        Ok(())
    }

    pub(super) async fn is_cancelled(&self, order_id: &str) -> Result<bool, ShopError> {
        let data = self.call(CANCELLED, json!({"id": order_id})).await?;
        if data["order"].is_null() {
            return Err(ShopError::Refused(format!("order {order_id} not found")));
        }
        Ok(data["order"]["cancelledAt"].is_string())
    }
}
