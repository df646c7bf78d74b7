//! Changing an order before it ships through Shopify's `orderUpdate`: the shipping address,
//! the note and the tags, each overwritten with what is sent. Not idempotent by key; the
//! outbox reads the order first on a resend (`OrderDetails::has`).

use super::Shopify;
use super::replace::address_input;
use super::write::{UserError, refused};
use crate::ShopError;
use frontline_model::OrderEdit;
use serde::Deserialize;
use serde_json::json;
use serde_with::{DefaultOnError, VecSkipError, serde_as};

pub(super) const UPDATE: &str = "mutation FrontlineOrderUpdate($input: OrderInput!) {
  orderUpdate(input: $input) { order { id } userErrors { field message } } }";

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Updated {
    #[serde_as(deserialize_as = "DefaultOnError")]
    order: Option<super::wire::IdOnly>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, super::wire::LogSkipped>>")]
    user_errors: Vec<UserError>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct UpdateData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    order_update: Option<Updated>,
}

/// `OrderInput` for an edit: only what it changes.
pub fn order_input(edit: &OrderEdit) -> serde_json::Value {
    let mut input = json!({"id": edit.order_id});
    if let Some((_, after)) = &edit.address {
        input["shippingAddress"] = address_input(after);
    }
    if let Some(note) = &edit.note {
        input["note"] = json!(note);
    }
    if let Some((_, tags)) = &edit.tags {
        input["tags"] = json!(tags);
    }
    input
}

impl Shopify {
    pub(super) async fn edit_order(&self, edit: &OrderEdit) -> Result<(), ShopError> {
        let data: UpdateData = self.call(UPDATE, json!({"input": order_input(edit)})).await?;
        let done = data.order_update.unwrap_or_default();
        if let Some(e) = refused(&done.user_errors) {
            return Err(e);
        }
        done.order.map(|_| ()).ok_or_else(|| ShopError::Decode("orderUpdate answered without the order".into()))
    }
}
