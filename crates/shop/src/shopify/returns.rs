//! Returns through Shopify's Returns API: what can go back (`returnableFulfillments`, with
//! each line's product's other variants for an exchange), `returnCreate` with exchange items,
//! and the customer's requests approved or declined. None of these has an idempotency key: a
//! resend first reads the order's returns (one made since the entry for those items) or the
//! request's status.

use super::Shopify;
use super::wire::{IdOnly, LogSkipped, Nodes, text, time};
use super::write::{UserError, refused};
use crate::ShopError;
use frontline_model::{ReturnAsk, ReturnableLine, Timestamp, VariantChoice};
use serde::Deserialize;
use serde_json::json;
use serde_with::{DefaultOnError, VecSkipError, serde_as};

pub(super) const RETURNABLE: &str =
    "query FrontlineReturnable($id: ID!) { returnableFulfillments(orderId: $id, first: 2) { nodes {
  returnableFulfillmentLineItems(first: 10) { nodes { quantity fulfillmentLineItem { id
    lineItem { title variantTitle variant { id product { variants(first: 8) { nodes { id title } } } } } } } } } } }";

pub(super) const CREATE: &str = "mutation FrontlineReturnCreate($returnInput: ReturnInput!) {
  returnCreate(returnInput: $returnInput) { return { id name status } userErrors { code field message } } }";

pub(super) const FIND: &str = "query FrontlineReturns($id: ID!) { order(id: $id) { returns(first: 10, reverse: true) { nodes {
  id name status createdAt returnLineItems(first: 10) { nodes { quantity returnReasonNote ... on ReturnLineItem { fulfillmentLineItem { id } } } }
  exchangeLineItems(first: 5) { nodes { quantity variantId } } } } } }";

pub(super) const STATUS: &str = "query FrontlineReturnStatus($id: ID!) { return(id: $id) { id status } }";

pub(super) const APPROVE: &str = "mutation FrontlineReturnApprove($input: ReturnApproveRequestInput!) {
  returnApproveRequest(input: $input) { return { id status } userErrors { code field message } } }";

pub(super) const DECLINE: &str = "mutation FrontlineReturnDecline($input: ReturnDeclineRequestInput!) {
  returnDeclineRequest(input: $input) { return { id status } userErrors { code field message } } }";

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct Variant {
    #[serde_as(deserialize_as = "DefaultOnError")]
    id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    title: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct Product {
    #[serde_as(deserialize_as = "DefaultOnError")]
    variants: Nodes<Variant>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct BoughtVariant {
    #[serde_as(deserialize_as = "DefaultOnError")]
    id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    product: Option<Product>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct LineItem {
    #[serde_as(deserialize_as = "DefaultOnError")]
    title: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    variant_title: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    variant: Option<BoughtVariant>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct FulfillmentLine {
    #[serde_as(deserialize_as = "DefaultOnError")]
    id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    line_item: Option<LineItem>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ReturnableItem {
    #[serde_as(deserialize_as = "DefaultOnError")]
    quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    fulfillment_line_item: Option<FulfillmentLine>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ReturnableFulfillment {
    #[serde_as(deserialize_as = "DefaultOnError")]
    returnable_fulfillment_line_items: Nodes<ReturnableItem>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ReturnableData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    returnable_fulfillments: Nodes<ReturnableFulfillment>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ReturnLine {
    #[serde_as(deserialize_as = "DefaultOnError")]
    quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    return_reason_note: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    fulfillment_line_item: Option<IdOnly>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Exchange {
    #[serde_as(deserialize_as = "DefaultOnError")]
    quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    variant_id: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Return {
    #[serde_as(deserialize_as = "DefaultOnError")]
    id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    created_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    return_line_items: Nodes<ReturnLine>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    exchange_line_items: Nodes<Exchange>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct OrderReturns {
    #[serde_as(deserialize_as = "DefaultOnError")]
    returns: Nodes<Return>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct FindData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    order: Option<OrderReturns>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct StatusData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    r#return: Option<Return>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Payload {
    #[serde_as(deserialize_as = "DefaultOnError")]
    r#return: Option<Return>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, LogSkipped>>")]
    user_errors: Vec<UserError>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Mutated {
    #[serde_as(deserialize_as = "DefaultOnError")]
    return_create: Option<Payload>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    return_approve_request: Option<Payload>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    return_decline_request: Option<Payload>,
}

/// `ReturnInput` for a return.
pub fn return_input(ask: &ReturnAsk) -> serde_json::Value {
    let mut input = json!({
        "orderId": ask.order_id,
        "returnLineItems": [{"fulfillmentLineItemId": ask.line.fulfillment_line_item_id, "quantity": ask.quantity,
                             "returnReason": ask.reason, "returnReasonNote": ask.note}],
    });
    if let Some(x) = &ask.exchange {
        input["exchangeLineItems"] = json!([{"variantId": x.variant_id, "quantity": x.quantity}]);
    }
    input
}

fn done(p: Option<Payload>, what: &str) -> Result<Return, ShopError> {
    let p = p.unwrap_or_default();
    if let Some(e) = refused(&p.user_errors) {
        return Err(e);
    }
    p.r#return.ok_or_else(|| ShopError::Decode(format!("{what} answered without the return")))
}

impl Shopify {
    pub(super) async fn returnable_lines(&self, order_id: &str) -> Result<Vec<ReturnableLine>, ShopError> {
        let data: ReturnableData = self.call(RETURNABLE, json!({"id": order_id})).await?;
        let lines = data
            .returnable_fulfillments
            .nodes
            .into_iter()
            .flat_map(|f| f.returnable_fulfillment_line_items.nodes)
            .filter_map(|item| {
                let fl = item.fulfillment_line_item?;
                let li = fl.line_item.unwrap_or_default();
                let bought = li.variant.unwrap_or_default();
                Some(ReturnableLine {
                    fulfillment_line_item_id: fl.id?,
                    title: text(&li.title).unwrap_or_else(|| "(untitled)".into()),
                    variant: text(&li.variant_title),
                    quantity: item.quantity.filter(|q| *q > 0)?,
                    variants: bought
                        .product
                        .map(|p| p.variants.nodes)
                        .unwrap_or_default()
                        .into_iter()
                        .filter_map(|v| Some(VariantChoice { id: v.id?, title: text(&v.title)? }))
                        .collect(),
                    variant_id: bought.id,
                })
            })
            .collect();
        Ok(lines)
    }

    pub(super) async fn made_return(&self, ask: &ReturnAsk, since: Timestamp) -> Result<Option<String>, ShopError> {
        let data: FindData = self.call(FIND, json!({"id": ask.order_id})).await?;
        // ours: one staff opened (a customer's request is REQUESTED) since the entry, for exactly
        // this line and quantity and with exactly this exchange, newest first
        let want_exchange = ask.exchange.as_ref().map(|x| (x.variant_id.as_str(), x.quantity));
        // a note naming its entry (`… (frontline-…)`) tells ours from a colleague's identical
        // return: a return whose note names another entry, or none, is not ours
        let tag = ask.note.rsplit_once(" (frontline-").map(|(_, t)| format!("frontline-{}", t.trim_end_matches(')')));
        let named = |note: Option<&str>| tag.as_deref().is_none_or(|t| note.is_some_and(|n| n.contains(t)));
        let found = data.order.map(|o| o.returns.nodes).unwrap_or_default().into_iter().find(|r| {
            let lines = &r.return_line_items.nodes;
            let exchanges = &r.exchange_line_items.nodes;
            matches!(r.status.as_deref(), Some("OPEN" | "CLOSED"))
                && time(&r.created_at).is_some_and(|t| t >= since)
                && lines.len() == 1
                && lines[0].quantity == Some(ask.quantity)
                && named(lines[0].return_reason_note.as_deref())
                && lines[0].fulfillment_line_item.as_ref().and_then(|f| f.id.as_deref())
                    == Some(ask.line.fulfillment_line_item_id.as_str())
                && exchanges.len() == usize::from(want_exchange.is_some())
                && exchanges
                    .iter()
                    .all(|x| Some((x.variant_id.as_deref().unwrap_or(""), x.quantity.unwrap_or(0))) == want_exchange)
        });
        Ok(found.and_then(|r| text(&r.name)))
    }

    pub(super) async fn open_return(&self, ask: &ReturnAsk) -> Result<String, ShopError> {
        let data: Mutated = self.call(CREATE, json!({"returnInput": return_input(ask)})).await?;
        let r = done(data.return_create, "returnCreate")?;
        text(&r.name).ok_or_else(|| ShopError::Decode("returnCreate answered a return without a name".into()))
    }

    pub(super) async fn return_state(&self, return_id: &str) -> Result<Option<String>, ShopError> {
        let data: StatusData = self.call(STATUS, json!({"id": return_id})).await?;
        Ok(data.r#return.and_then(|r| text(&r.status)))
    }

    pub(super) async fn decide(
        &self,
        return_id: &str,
        approve: bool,
        reason: Option<&str>,
        note: Option<&str>,
    ) -> Result<(), ShopError> {
        if approve {
            let data: Mutated = self.call(APPROVE, json!({"input": {"id": return_id, "notifyCustomer": true}})).await?;
            return done(data.return_approve_request, "returnApproveRequest").map(|_| ());
        }
        let input = json!({"id": return_id, "declineReason": reason.unwrap_or("OTHER"), "declineNote": note, "notifyCustomer": true});
        let data: Mutated = self.call(DECLINE, json!({"input": input})).await?;
        done(data.return_decline_request, "returnDeclineRequest").map(|_| ())
    }
}
