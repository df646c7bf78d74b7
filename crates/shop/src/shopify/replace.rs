//! Replacement orders through Shopify: `draftOrderCreate` with the items at 100 % off, a free
//! shipping line, the order's address, tags (`replacement`, the ticket, the outbox entry) and
//! a note naming the original, then `draftOrderComplete` into an order. Neither mutation has
//! an idempotency key, so the entry's tag finds a draft an earlier try made
//! (`draftOrders(query: "tag:…")`) before anything is made again. `order_details` reads what
//! the pane does not show — the shipping address and each line's variant — when the agent
//! asks for a replacement.

use super::Shopify;
use super::wire::{IdOnly, Nodes, text};
use super::write::{UserError, refused};
use crate::{Replacement, ShopError};
use frontline_model::{Address, OrderDetails, REPLACEMENT_TAG, ReplacementAsk};
use serde::Deserialize;
use serde_json::json;
use serde_with::{DefaultOnError, VecSkipError, serde_as};

pub(super) const DETAILS: &str = "query FrontlineOrderDetails($id: ID!) { order(id: $id) { id email note tags
  shippingAddress { firstName lastName address1 address2 city zip provinceCode countryCodeV2 phone }
  lineItems(first: 50) { nodes { id title variantTitle quantity variant { id } } } } }";

pub(super) const FIND: &str = "query FrontlineReplacementFind($q: String!) {
  draftOrders(first: 5, query: $q) { nodes { id status tags order { id name } } } }";

pub(super) const DRAFT: &str = "query FrontlineReplacementDraft($id: ID!) {
  draftOrder(id: $id) { id status tags order { id name } } }";

pub(super) const CREATE: &str = "mutation FrontlineReplacementCreate($input: DraftOrderInput!) {
  draftOrderCreate(input: $input) { draftOrder { id status } userErrors { field message } } }";

pub(super) const COMPLETE: &str = "mutation FrontlineReplacementComplete($id: ID!) {
  draftOrderComplete(id: $id) { draftOrder { id status order { id name } } userErrors { field message } } }";

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct MailingAddress {
    #[serde_as(deserialize_as = "DefaultOnError")]
    first_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    last_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    address1: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    address2: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    city: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    zip: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    province_code: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    country_code_v2: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    phone: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DetailLine {
    #[serde_as(deserialize_as = "DefaultOnError")]
    id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    title: Option<String>,
    #[serde(rename = "variantTitle")]
    #[serde_as(deserialize_as = "DefaultOnError")]
    variant_title: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    variant: Option<IdOnly>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct DetailOrder {
    #[serde_as(deserialize_as = "DefaultOnError")]
    email: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    note: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, super::wire::LogSkipped>>")]
    tags: Vec<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    shipping_address: Option<MailingAddress>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    line_items: Nodes<DetailLine>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DetailData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    order: Option<DetailOrder>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct NamedOrder {
    #[serde_as(deserialize_as = "DefaultOnError")]
    name: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct Draft {
    #[serde_as(deserialize_as = "DefaultOnError")]
    id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, super::wire::LogSkipped>>")]
    tags: Vec<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    order: Option<NamedOrder>,
}

impl Draft {
    fn replacement(self) -> Option<Replacement> {
        Some(Replacement { draft_id: self.id?, order_name: self.order.and_then(|o| text(&o.name)) })
    }
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct FindData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    draft_orders: Nodes<Draft>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct DraftData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    draft_order: Option<Draft>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct DraftPayload {
    #[serde_as(deserialize_as = "DefaultOnError")]
    draft_order: Option<Draft>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, super::wire::LogSkipped>>")]
    user_errors: Vec<UserError>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct CreateData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    draft_order_create: Option<DraftPayload>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct CompleteData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    draft_order_complete: Option<DraftPayload>,
}

pub fn address(a: MailingAddress) -> Option<Address> {
    Some(Address {
        first_name: text(&a.first_name).unwrap_or_default(),
        last_name: text(&a.last_name).unwrap_or_default(),
        address1: text(&a.address1)?,
        address2: text(&a.address2),
        city: text(&a.city).unwrap_or_default(),
        zip: text(&a.zip).unwrap_or_default(),
        province_code: text(&a.province_code),
        country_code: text(&a.country_code_v2)?,
        phone: text(&a.phone),
    })
}

/// `MailingAddressInput` for an address (overwrites the whole address: every field is sent).
pub fn address_input(a: &Address) -> serde_json::Value {
    let mut v = json!({
        "firstName": a.first_name, "lastName": a.last_name, "address1": a.address1, "city": a.city,
        "zip": a.zip, "countryCode": a.country_code,
    });
    for (k, val) in [("address2", &a.address2), ("provinceCode", &a.province_code), ("phone", &a.phone)] {
        v[k] = json!(val);
    }
    v
}

/// `DraftOrderInput` for a replacement tagged with `tag` (the outbox entry's).
pub fn draft_input(ask: &ReplacementAsk, tag: &str) -> serde_json::Value {
    let lines: Vec<serde_json::Value> = ask
        .lines
        .iter()
        .map(|l| {
            json!({"variantId": l.variant_id, "quantity": l.quantity,
                   "appliedDiscount": {"valueType": "PERCENTAGE", "value": 100.0, "title": "Replacement", "description": ask.why}})
        })
        .collect();
    json!({
        "purchasingEntity": {"customerId": ask.customer_id},
        "email": ask.email,
        "lineItems": lines,
        "shippingLine": {"title": "Replacement shipping", "priceWithCurrency": {"amount": "0.00", "currencyCode": ask.currency}},
        "shippingAddress": address_input(&ask.address),
        "note": ask.shop_note(),
        "tags": [REPLACEMENT_TAG, ask.ticket_tag(), tag],
    })
}

impl Shopify {
    pub(super) async fn details(&self, order_id: &str) -> Result<OrderDetails, ShopError> {
        let data: DetailData = self.call(DETAILS, json!({"id": order_id})).await?;
        let o = data.order.ok_or_else(|| ShopError::Refused(format!("the shop has no order {order_id}")))?;
        let items = o
            .line_items
            .nodes
            .iter()
            .filter_map(|l| {
                let title = text(&l.title).unwrap_or_else(|| "(untitled)".into());
                Some((l.id.clone()?, title, text(&l.variant_title), l.quantity?))
            })
            .collect();
        Ok(OrderDetails {
            shipping_address: o.shipping_address.and_then(address),
            items,
            variants: o
                .line_items
                .nodes
                .into_iter()
                .filter_map(|l| Some((l.id?, l.variant.and_then(|v| v.id))))
                .collect(),
            email: text(&o.email),
            note: o.note.as_deref().map(frontline_model::text::sanitize_line),
            tags: o.tags.iter().filter_map(|t| text(&Some(t.clone()))).collect(),
        })
    }

    pub(super) async fn lookup_replacement(&self, tag: &str) -> Result<Option<Replacement>, ShopError> {
        let q = format!("tag:'{}'", tag.replace(['\'', '\\'], ""));
        let data: FindData = self.call(FIND, json!({"q": q})).await?;
        // a search matches loosely: only a draft that carries exactly this tag is the entry's
        let exact = |d: &Draft| d.tags.iter().any(|t| t == tag);
        Ok(data.draft_orders.nodes.into_iter().filter(exact).find_map(Draft::replacement))
    }

    pub(super) async fn read_draft(&self, draft_id: &str) -> Result<Option<Replacement>, ShopError> {
        let data: DraftData = self.call(DRAFT, json!({"id": draft_id})).await?;
        Ok(data.draft_order.and_then(Draft::replacement))
    }

    pub(super) async fn make_replacement(&self, ask: &ReplacementAsk, tag: &str) -> Result<Replacement, ShopError> {
        let input = draft_input(ask, tag);
        let data: CreateData = self.call(CREATE, json!({"input": input})).await?;
        let made = data.draft_order_create.unwrap_or_default();
        if let Some(e) = refused(&made.user_errors) {
            return Err(e);
        }
        made.draft_order
            .and_then(Draft::replacement)
            .ok_or_else(|| ShopError::Decode("draftOrderCreate answered without a draft order".into()))
    }

    pub(super) async fn complete_draft(&self, draft_id: &str) -> Result<String, ShopError> {
        let data: CompleteData = self.call(COMPLETE, json!({"id": draft_id})).await?;
        let done = data.draft_order_complete.unwrap_or_default();
        if let Some(e) = refused(&done.user_errors) {
            return Err(e);
        }
        done.draft_order
            .and_then(Draft::replacement)
            .and_then(|r| r.order_name)
            .ok_or_else(|| ShopError::Decode("draftOrderComplete answered without the order it made".into()))
    }
}
