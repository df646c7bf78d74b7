//! Relay connections as Shopify pages them: `first`/`after` or `last`/`before`, at most 250
//! a page, `edges { cursor node }`, `nodes` and `pageInfo`. A cursor names the item it
//! follows (by id), so a new order arriving between pages does not shift the next one.

use super::coded;
use async_graphql::SimpleObject;
use base64::Engine;

pub const MAX_PAGE: i32 = 250;

#[derive(SimpleObject, Clone, Default)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub start_cursor: Option<String>,
    pub end_cursor: Option<String>,
}

/// A connection and its edge type for one kind of node, with Shopify's type names.
macro_rules! connection {
    ($conn:ident, $edge:ident, $node:ty) => {
        #[derive(SimpleObject, Clone)]
        pub struct $edge {
            pub cursor: String,
            pub node: $node,
        }

        #[derive(SimpleObject, Clone)]
        pub struct $conn {
            pub edges: Vec<$edge>,
            pub nodes: Vec<$node>,
            pub page_info: PageInfo,
        }

        impl From<Paged<$node>> for $conn {
            fn from(p: Paged<$node>) -> Self {
                let edges =
                    p.items.iter().zip(p.cursors).map(|(n, cursor)| $edge { cursor, node: n.clone() }).collect();
                $conn { edges, nodes: p.items, page_info: p.info }
            }
        }
    };
}

connection!(OrderConnection, OrderEdge, super::order::Order);
connection!(CustomerConnection, CustomerEdge, super::customer::Customer);
connection!(LineItemConnection, LineItemEdge, super::order::LineItem);
connection!(DraftOrderConnection, DraftOrderEdge, super::draft::DraftOrder);
connection!(FulfillmentLineItemConnection, FulfillmentLineItemEdge, super::returns::FulfillmentLineItem);
connection!(ReturnableFulfillmentConnection, ReturnableFulfillmentEdge, super::returns::ReturnableFulfillment);
connection!(
    ReturnableFulfillmentLineItemConnection,
    ReturnableFulfillmentLineItemEdge,
    super::returns::ReturnableFulfillmentLineItem
);
connection!(ReturnConnection, ReturnEdge, super::returns::Return);
connection!(ReturnLineItemTypeConnection, ReturnLineItemTypeEdge, super::returns::ReturnLineItemType);
connection!(ExchangeLineItemConnection, ExchangeLineItemEdge, super::returns::ExchangeLineItem);
connection!(ProductVariantConnection, ProductVariantEdge, super::draft::ProductVariant);
connection!(DraftOrderLineItemConnection, DraftOrderLineItemEdge, super::draft::DraftOrderLineItem);

/// One page of items with their cursors, before it becomes a typed connection.
pub struct Paged<T> {
    pub items: Vec<T>,
    pub cursors: Vec<String>,
    pub info: PageInfo,
}

/// The page arguments of a connection field.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

pub fn cursor(id: i64) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{{\"last_id\":{id}}}"))
}

fn cursor_id(c: &str) -> async_graphql::Result<i64> {
    base64::engine::general_purpose::STANDARD
        .decode(c)
        .ok()
        .and_then(|raw| String::from_utf8(raw).ok())
        .and_then(|s| s.strip_prefix("{\"last_id\":")?.strip_suffix('}')?.parse().ok())
        .ok_or_else(|| coded(format!("Invalid cursor for current pagination sort: {c}"), "BAD_REQUEST"))
}

/// One page of `items` (already filtered and sorted), each known by `id`.
pub fn page<T: Clone, C: From<Paged<T>>>(items: Vec<T>, id: impl Fn(&T) -> i64, p: &Page) -> async_graphql::Result<C> {
    let limit = match (p.first, p.last) {
        (None, None) => return Err(coded("you must provide one of first or last", "BAD_REQUEST")),
        (Some(_), Some(_)) => return Err(coded("providing both first and last is not supported", "BAD_REQUEST")),
        (Some(n), None) | (None, Some(n)) if !(0..=MAX_PAGE).contains(&n) => {
            return Err(coded(format!("The page size must be between 0 and {MAX_PAGE}, got {n}."), "BAD_REQUEST"));
        }
        (Some(n), None) | (None, Some(n)) => n as usize,
    };
    let position = |c: &Option<String>| -> async_graphql::Result<Option<usize>> {
        match c {
            None => Ok(None),
            Some(c) => {
                let want = cursor_id(c)?;
                // a cursor for an item since gone: page as if at the end
                Ok(Some(items.iter().position(|t| id(t) == want).unwrap_or(items.len())))
            }
        }
    };
    let start = position(&p.after)?.map_or(0, |i| i + 1);
    let end = position(&p.before)?.unwrap_or(items.len()).max(start);
    let (from, to) =
        if p.last.is_some() { (end.saturating_sub(limit).max(start), end) } else { (start, (start + limit).min(end)) };
    let chosen: Vec<T> = items[from..to].to_vec();
    let cursors: Vec<String> = chosen.iter().map(|t| cursor(id(t))).collect();
    let info = PageInfo {
        has_next_page: to < items.len(),
        has_previous_page: from > 0,
        start_cursor: cursors.first().cloned(),
        end_cursor: cursors.last().cloned(),
    };
    Ok(C::from(Paged { items: chosen, cursors, info }))
}
