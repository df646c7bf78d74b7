//! `orderUpdate`: an order's shipping address, note, tags, e-mail and phone overwritten with
//! what is given; `tagsAdd` and `tagsRemove`, which keep the tags they are not given. Shopify
//! does not document what it does with a new address on an order that has shipped; the
//! sandbox refuses it, in words that say the rule is the sandbox's.

use super::draft::MailingAddressInput;
use super::mutation::UserError;
use super::order::Order;
use super::query::now;
use super::{Scopes, coded, db, internal, parse_gid};
use crate::shop::orders;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use std::sync::Arc;

#[derive(Default)]
pub struct OrderUpdateMutation;

#[derive(InputObject)]
pub struct AttributeInput {
    key: String,
    value: String,
}

#[derive(InputObject)]
pub struct OrderInput {
    id: ID,
    shipping_address: Option<MailingAddressInput>,
    note: Option<String>,
    tags: Option<Vec<String>>,
    email: Option<String>,
    phone: Option<String>,
    po_number: Option<String>,
    custom_attributes: Option<Vec<AttributeInput>>,
}

#[derive(SimpleObject, Clone, Default)]
pub struct OrderUpdatePayload {
    order: Option<Order>,
    user_errors: Vec<UserError>,
}

fn refused(field: &[&str], message: &str) -> OrderUpdatePayload {
    OrderUpdatePayload {
        order: None,
        user_errors: vec![UserError {
            field: Some(field.iter().map(|f| (*f).to_string()).collect()),
            message: message.into(),
        }],
    }
}

/// What the sandbox answers for a new address on an order that has shipped.
pub const SHIPPED: &str =
    "Shipping address cannot be changed: the order has shipped (a sandbox rule; Shopify does not document this case)";

#[Object]
impl OrderUpdateMutation {
    async fn order_update(
        &self,
        ctx: &Context<'_>,
        input: OrderInput,
    ) -> async_graphql::Result<Option<OrderUpdatePayload>> {
        if !ctx.data::<Scopes>()?.write_orders {
            return Err(coded(
                "Access denied for orderUpdate field. Required access: `write_orders` access scope.",
                "ACCESS_DENIED",
            ));
        }
        let now = now(ctx)?;
        let conn = db(ctx)?;
        let found = parse_gid("Order", &input.id).map(|n| orders::order(&conn, n)).transpose().map_err(internal)?;
        let Some(mut o) = found.flatten() else { return Ok(Some(refused(&["id"], "Order does not exist"))) };
        // kept by Shopify, not shown by the console: accepted and not stored
        let _ = (&input.po_number, input.custom_attributes.iter().flatten().map(|a| (&a.key, &a.value)).next_back());
        if let Some(a) = &input.shipping_address {
            if o.fulfillment_status() != "UNFULFILLED" {
                return Ok(Some(refused(&["shippingAddress"], SHIPPED)));
            }
            let new = a.address();
            if new.address1.trim().is_empty() || new.city.trim().is_empty() || new.country_code.is_empty() {
                return Ok(Some(refused(&["shippingAddress"], "Address1, city and country code can't be blank")));
            }
            o.address = new;
        }
        if let Some(n) = input.note {
            o.note = Some(n).filter(|n| !n.is_empty());
        }
        if let Some(t) = input.tags {
            o.tags = t.into_iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
        }
        if let Some(e) = input.email {
            o.email = e;
        }
        let _ = input.phone;
        o.updated_at = now;
        orders::save(&conn, &o).map_err(internal)?;
        Ok(Some(OrderUpdatePayload { order: Some(Order(Arc::new(o))), user_errors: vec![] }))
    }
}

/// Shopify's `Node`: what `tagsAdd` and `tagsRemove` answer with (an order, here).
#[derive(async_graphql::Interface, Clone)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Order(Order),
}

#[derive(SimpleObject, Clone, Default)]
pub struct TagsAddPayload {
    node: Option<Node>,
    user_errors: Vec<UserError>,
}

#[derive(SimpleObject, Clone, Default)]
pub struct TagsRemovePayload {
    node: Option<Node>,
    user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct TagsMutation;

/// Adds (`add`) or removes the tags on the order `id`; `Err` is a refusal's words and field.
fn retag(ctx: &Context<'_>, id: &ID, tags: &[String], add: bool) -> async_graphql::Result<Result<Node, UserError>> {
    if !ctx.data::<Scopes>()?.write_orders {
        return Err(coded("Access denied for tags. Required access: `write_orders` access scope.", "ACCESS_DENIED"));
    }
    let now = now(ctx)?;
    let conn = db(ctx)?;
    let found = parse_gid("Order", id).map(|n| orders::order(&conn, n)).transpose().map_err(internal)?.flatten();
    let Some(mut o) = found else {
        return Ok(Err(UserError { field: Some(vec!["id".into()]), message: "Order does not exist".into() }));
    };
    for t in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if add {
            if !o.tags.iter().any(|have| have.eq_ignore_ascii_case(t)) {
                o.tags.push(t.to_string());
            }
        } else {
            o.tags.retain(|have| !have.eq_ignore_ascii_case(t));
        }
    }
    o.updated_at = now;
    orders::save(&conn, &o).map_err(internal)?;
    Ok(Ok(Node::Order(Order(Arc::new(o)))))
}

#[Object]
impl TagsMutation {
    /// Adds tags to an order, keeping the ones it has.
    async fn tags_add(
        &self,
        ctx: &Context<'_>,
        id: ID,
        tags: Vec<String>,
    ) -> async_graphql::Result<Option<TagsAddPayload>> {
        Ok(Some(match retag(ctx, &id, &tags, true)? {
            Ok(node) => TagsAddPayload { node: Some(node), user_errors: vec![] },
            Err(e) => TagsAddPayload { node: None, user_errors: vec![e] },
        }))
    }

    /// Removes tags from an order, keeping the others.
    async fn tags_remove(
        &self,
        ctx: &Context<'_>,
        id: ID,
        tags: Vec<String>,
    ) -> async_graphql::Result<Option<TagsRemovePayload>> {
        Ok(Some(match retag(ctx, &id, &tags, false)? {
            Ok(node) => TagsRemovePayload { node: Some(node), user_errors: vec![] },
            Err(e) => TagsRemovePayload { node: None, user_errors: vec![e] },
        }))
    }
}
