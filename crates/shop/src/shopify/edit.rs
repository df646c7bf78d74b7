//! Changing an order through Shopify: `orderUpdate` for the shipping address and the note
//! (each overwritten with what is sent), `tagsAdd` and `tagsRemove` for the tags (so a tag a
//! colleague adds meanwhile is kept). None has an idempotency key; the outbox reads the order
//! first on a resend (`OrderDetails::has`), and adding or removing a tag twice changes nothing.

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

pub(super) const TAGS_ADD: &str = "mutation FrontlineTagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }";

pub(super) const TAGS_REMOVE: &str = "mutation FrontlineTagsRemove($id: ID!, $tags: [String!]!) {
  tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } } }";

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

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Tagged {
    #[serde_as(deserialize_as = "DefaultOnError")]
    node: Option<super::wire::IdOnly>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, super::wire::LogSkipped>>")]
    user_errors: Vec<UserError>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct TagsData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    tags_add: Option<Tagged>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    tags_remove: Option<Tagged>,
}

/// `OrderInput` for an edit's address and note (`None`: nothing for `orderUpdate`).
pub fn order_input(edit: &OrderEdit) -> Option<serde_json::Value> {
    if edit.address.is_none() && edit.note.is_none() {
        return None;
    }
    let mut input = json!({"id": edit.order_id});
    if let Some((_, after)) = &edit.address {
        input["shippingAddress"] = address_input(after);
    }
    if let Some(note) = &edit.note {
        input["note"] = json!(note);
    }
    Some(input)
}

/// The tags an edit adds and removes.
pub fn tag_changes(edit: &OrderEdit) -> (Vec<String>, Vec<String>) {
    let Some((before, after)) = &edit.tags else { return (vec![], vec![]) };
    let added = after.iter().filter(|t| !before.contains(t)).cloned().collect();
    let removed = before.iter().filter(|t| !after.contains(t)).cloned().collect();
    (added, removed)
}

impl Shopify {
    pub(super) async fn edit_order(&self, edit: &OrderEdit) -> Result<(), ShopError> {
        if let Some(input) = order_input(edit) {
            let data: UpdateData = self.call(UPDATE, json!({"input": input})).await?;
            let done = data.order_update.unwrap_or_default();
            if let Some(e) = refused(&done.user_errors) {
                return Err(e);
            }
            done.order.ok_or_else(|| ShopError::Decode("orderUpdate answered without the order".into()))?;
        }
        let (added, removed) = tag_changes(edit);
        for (query, tags, add) in [(TAGS_ADD, added, true), (TAGS_REMOVE, removed, false)] {
            if tags.is_empty() {
                continue;
            }
            let data: TagsData = self.call(query, json!({"id": edit.order_id, "tags": tags})).await?;
            let done = if add { data.tags_add } else { data.tags_remove }.unwrap_or_default();
            if let Some(e) = refused(&done.user_errors) {
                return Err(e);
            }
            done.node.ok_or_else(|| ShopError::Decode("a tag change answered without the order".into()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_as_additions_and_removals_and_the_address_alone_as_an_update() {
        let edit = OrderEdit {
            order_id: "gid://shopify/Order/1".into(),
            order_name: "#NW1".into(),
            address: None,
            note: None,
            tags: Some((vec!["vip".into(), "wholesale".into()], vec!["vip".into(), "gift".into()])),
        };
        assert_eq!(tag_changes(&edit), (vec!["gift".to_string()], vec!["wholesale".to_string()]));
        assert_eq!(order_input(&edit), None, "no orderUpdate for tags alone: it would overwrite them");
        let noted = OrderEdit { note: Some("leave at the door".into()), tags: None, ..edit };
        assert_eq!(order_input(&noted), Some(json!({"id": "gid://shopify/Order/1", "note": "leave at the door"})));
        assert_eq!(tag_changes(&noted), (vec![], vec![]));
    }
}
