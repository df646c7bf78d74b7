//! The shop's GraphQL schema — the part of Shopify's Admin API (2026-01) an agent needs — with
//! async-graphql: Shopify's type, field, enum and error names over the sandbox's orders.

mod customer;
mod discount;
mod draft;
mod enums;
mod mutation;
mod order;
mod order_update;
mod paging;
mod query;
mod refund;
mod returns;

pub use enums::*;

use crate::Shared;
use async_graphql::{EmptySubscription, Schema, SimpleObject, scalar};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub type ShopSchema = Schema<Queries, Mutations, EmptySubscription>;

/// Orders and customers, discount codes, draft orders and the catalogue's variants.
#[derive(async_graphql::MergedObject, Default)]
pub struct Queries(query::QueryRoot, discount::DiscountQuery, draft::DraftQuery, returns::ReturnQuery);

/// Cancels and refunds, discount codes, draft orders, order updates, and account invites.
#[derive(async_graphql::MergedObject, Default)]
pub struct Mutations(
    mutation::Mutation,
    discount::DiscountMutation,
    draft::DraftMutation,
    order_update::OrderUpdateMutation,
    order_update::TagsMutation,
    customer::AccountMutation,
    returns::ReturnMutation,
);

/// What a call may do: a token with `write_orders` may cancel and refund.
#[derive(Debug, Clone, Copy)]
pub struct Scopes {
    pub write_orders: bool,
}

/// The schema, with the `@idempotent` directive declared so a refund can carry its key.
pub fn schema(shared: Arc<Shared>) -> ShopSchema {
    Schema::build(Queries::default(), Mutations::default(), EmptySubscription)
        .data(shared)
        .directive(mutation::idempotent)
        .limit_depth(20)
        .finish()
}

/// ISO-8601 time, sent as a string.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DateTime(pub String);
scalar!(DateTime, "DateTime", "An ISO-8601 date and time, e.g. 2026-01-21T10:00:00Z");

impl DateTime {
    pub fn at(ts: i64) -> Self {
        DateTime(crate::iso(ts))
    }
    pub fn maybe(ts: Option<i64>) -> Option<Self> {
        ts.map(Self::at)
    }
}

/// A decimal number sent as a string: `"49.9"`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Decimal(pub String);
scalar!(Decimal, "Decimal", "A signed decimal number, serialized as a string");

/// An amount of money given as input: `"49.90"`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Money(pub String);
scalar!(Money, "Money", "A monetary value string without a currency symbol, e.g. \"49.90\"");

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Url(pub String);
scalar!(Url, "URL", "An RFC 3986 URL");

/// A 64-bit number sent as a string.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnsignedInt64(pub String);
scalar!(UnsignedInt64, "UnsignedInt64", "An unsigned 64-bit integer, serialized as a string");

#[derive(SimpleObject, Clone)]
pub struct MoneyV2 {
    pub amount: Decimal,
    pub currency_code: CurrencyCode,
}

#[derive(SimpleObject, Clone)]
pub struct MoneyBag {
    pub shop_money: MoneyV2,
    pub presentment_money: MoneyV2,
}

/// An amount in the shop's currency as both `MoneyV2` and `MoneyBag`.
pub fn money(cents: i64) -> MoneyV2 {
    MoneyV2 { amount: Decimal(super::actions::decimal(cents)), currency_code: CurrencyCode::Eur }
}

pub fn bag(cents: i64) -> MoneyBag {
    MoneyBag { shop_money: money(cents), presentment_money: money(cents) }
}

/// `gid://shopify/Order/123`.
pub fn gid(kind: &str, id: i64) -> async_graphql::ID {
    async_graphql::ID(format!("gid://shopify/{kind}/{id}"))
}

/// The number in a global id of the given kind; `None` for anything else.
pub fn parse_gid(kind: &str, id: &str) -> Option<i64> {
    id.strip_prefix("gid://shopify/")?.strip_prefix(kind)?.strip_prefix('/')?.split('?').next()?.parse().ok()
}

/// An error with Shopify's `extensions.code`.
pub fn coded(message: impl Into<String>, code: &'static str) -> async_graphql::Error {
    use async_graphql::ErrorExtensions;
    async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code))
}

/// The database, for resolvers.
pub fn db<'a>(
    ctx: &async_graphql::Context<'a>,
) -> async_graphql::Result<std::sync::MutexGuard<'a, rusqlite::Connection>> {
    let shared = ctx.data::<Arc<Shared>>()?;
    shared.db.lock().map_err(|_| coded("Internal error. The shop's database is unavailable.", "INTERNAL_SERVER_ERROR"))
}

pub fn internal(e: impl std::fmt::Display) -> async_graphql::Error {
    tracing::warn!("shop: {e}");
    coded("Internal error. Looks like something went wrong on our end.", "INTERNAL_SERVER_ERROR")
}
