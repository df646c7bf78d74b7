//! The read side: `orders`, `order`, `customers`, `customer` and `job`, with Shopify's search
//! syntax and sort keys.

use super::customer::Customer;
use super::order::Order;
use super::paging::{self, Page};
use super::{CustomerSortKeys, OrderSortKeys, db, internal, parse_gid};
use crate::Shared;
use crate::shop::orders;
use crate::shop::search::{self, Cmp, Query, Searchable};
use async_graphql::{Context, ID, Object, SimpleObject};
use std::sync::Arc;

#[derive(Default)]
pub struct QueryRoot;

pub fn now(ctx: &Context<'_>) -> async_graphql::Result<i64> {
    Ok(ctx.data::<Arc<Shared>>()?.now())
}

/// An async job (a cancellation); `done` once its work has been applied.
#[derive(SimpleObject, Clone)]
pub struct Job {
    pub id: ID,
    pub done: bool,
}

struct Dated<'a>(&'a orders::Order, i64);

impl Searchable for Dated<'_> {
    fn matches(&self, field: &str, cmp: Cmp, value: &str) -> bool {
        let (o, now) = (self.0, self.1);
        let lower = value.to_ascii_lowercase();
        let time = |t: i64| match search::time_value(value, now) {
            // a bare date means the whole day
            Some(v) if cmp == Cmp::Eq && value.len() == 10 => t >= v && t < v + 86_400,
            Some(v) => search::compare(t, cmp, v),
            None => false,
        };
        match field {
            "email" => o.email.eq_ignore_ascii_case(value),
            "name" => o.name().trim_start_matches('#').eq_ignore_ascii_case(value.trim_start_matches('#')),
            "customer_id" => value.parse().is_ok_and(|v: i64| search::compare(o.customer_id, cmp, v)),
            "id" => value.parse().is_ok_and(|v: i64| search::compare(o.id, cmp, v)),
            "financial_status" => o.financial_status().eq_ignore_ascii_case(&lower),
            "fulfillment_status" => {
                let have = o.fulfillment_status();
                match lower.as_str() {
                    "unshipped" | "unfulfilled" => have == "UNFULFILLED",
                    "shipped" | "fulfilled" => have == "FULFILLED",
                    "partial" => have == "PARTIALLY_FULFILLED",
                    other => have.eq_ignore_ascii_case(other),
                }
            }
            "status" => {
                let closed = o.cancelled_at.is_some()
                    || (o.fulfillment_status() == "FULFILLED"
                        && o.fulfillments.iter().all(|f| f.delivered_at.is_some()));
                match lower.as_str() {
                    "open" | "not_closed" => !closed,
                    "closed" => closed,
                    "cancelled" => o.cancelled_at.is_some(),
                    _ => false,
                }
            }
            "created_at" | "processed_at" => time(o.created_at),
            "updated_at" => time(o.updated_at),
            "tag" => o.tags.iter().any(|t| t.eq_ignore_ascii_case(value)),
            "tag_not" => !o.tags.iter().any(|t| t.eq_ignore_ascii_case(value)),
            "test" => lower == "false",
            "default" => {
                let v = lower.trim_start_matches('#');
                o.name().to_ascii_lowercase().contains(v)
                    || o.email.to_ascii_lowercase().contains(v)
                    || o.lines.iter().any(|l| l.title.to_ascii_lowercase().contains(v))
            }
            // Shopify ignores filters it does not know rather than failing the call.
            _ => true,
        }
    }
}

/// Filters, sorts and pages orders.
pub fn order_page(
    mut all: Vec<orders::Order>,
    query: Option<&str>,
    sort: OrderSortKeys,
    reverse: bool,
    now: i64,
    page: &Page,
) -> async_graphql::Result<paging::OrderConnection> {
    if let Some(q) = query.map(search::parse) {
        all.retain(|o| q.matches(&Dated(o, now)));
    }
    let key = |o: &orders::Order| -> (i64, String) {
        match sort {
            OrderSortKeys::CreatedAt | OrderSortKeys::ProcessedAt | OrderSortKeys::Relevance => {
                (o.created_at, String::new())
            }
            OrderSortKeys::UpdatedAt => (o.updated_at, String::new()),
            OrderSortKeys::OrderNumber => (o.number, String::new()),
            OrderSortKeys::TotalPrice | OrderSortKeys::CurrentTotalPrice => (o.total_cents(), String::new()),
            OrderSortKeys::TotalItemsQuantity => (o.lines.iter().map(|l| l.quantity).sum(), String::new()),
            OrderSortKeys::FinancialStatus => (0, o.financial_status().to_string()),
            OrderSortKeys::FulfillmentStatus => (0, o.fulfillment_status().to_string()),
            OrderSortKeys::CustomerName => (0, o.address.name.clone()),
            OrderSortKeys::Destination => (0, o.address.city.clone()),
            OrderSortKeys::Id | OrderSortKeys::PoNumber => (o.id, String::new()),
        }
    };
    all.sort_by(|a, b| key(a).cmp(&key(b)).then(a.id.cmp(&b.id)));
    if reverse {
        all.reverse();
    }
    let items: Vec<Order> = all.into_iter().map(|o| Order(Arc::new(o))).collect();
    paging::page(items, |o| o.0.id, page)
}

/// The orders a query can match, read with the narrowest index its top-level terms allow
/// (an e-mail, a customer or an order name), so a big shop is not read whole per call.
fn candidates(conn: &rusqlite::Connection, query: Option<&str>) -> rusqlite::Result<Vec<orders::Order>> {
    let parsed = query.map(search::parse);
    let terms: Vec<&Query> = match &parsed {
        Some(Query::And(all)) => all.iter().collect(),
        Some(q) => vec![q],
        None => vec![],
    };
    for t in terms {
        if let Query::Term { field, cmp: Cmp::Eq, value } = t {
            match field.as_str() {
                "email" => return orders::by_email(conn, value),
                "customer_id" => return value.parse().map_or(Ok(vec![]), |id| orders::of_customer(conn, id)),
                "name" => {
                    let number = value.trim_start_matches('#').to_ascii_uppercase();
                    let number = number.trim_start_matches("NW").parse().unwrap_or(-1);
                    return Ok(orders::by_number(conn, number)?.into_iter().collect());
                }
                _ => {}
            }
        }
    }
    orders::all_orders(conn)
}

struct Person<'a>(&'a orders::Customer);

impl Searchable for Person<'_> {
    fn matches(&self, field: &str, cmp: Cmp, value: &str) -> bool {
        let c = self.0;
        match field {
            "email" => value == "*" || c.email.eq_ignore_ascii_case(value),
            "first_name" => c.first_name.eq_ignore_ascii_case(value),
            "last_name" => c.last_name.eq_ignore_ascii_case(value),
            "id" => value.parse().is_ok_and(|v: i64| search::compare(c.id, cmp, v)),
            "default" => {
                let v = value.to_ascii_lowercase();
                c.email.to_ascii_lowercase().contains(&v) || c.display_name().to_ascii_lowercase().contains(&v)
            }
            _ => true,
        }
    }
}

#[Object]
impl QueryRoot {
    #[expect(
        clippy::too_many_arguments,
        reason = "a GraphQL field's arguments, one each as Shopify's schema names them"
    )]
    async fn orders(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        query: Option<String>,
        #[graphql(default = false)] reverse: bool,
        #[graphql(default_with = "OrderSortKeys::ProcessedAt")] sort_key: OrderSortKeys,
    ) -> async_graphql::Result<paging::OrderConnection> {
        let found = candidates(&*db(ctx)?, query.as_deref()).map_err(internal)?;
        order_page(found, query.as_deref(), sort_key, reverse, now(ctx)?, &Page { first, after, last, before })
    }

    async fn order(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Order>> {
        let Some(n) = parse_gid("Order", &id) else { return Ok(None) };
        Ok(orders::order(&*db(ctx)?, n).map_err(internal)?.map(|o| Order(Arc::new(o))))
    }

    async fn customer(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Customer>> {
        let Some(n) = parse_gid("Customer", &id) else { return Ok(None) };
        Ok(orders::customer(&*db(ctx)?, n).map_err(internal)?.map(Customer))
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "a GraphQL field's arguments, one each as Shopify's schema names them"
    )]
    async fn customers(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        query: Option<String>,
        #[graphql(default = false)] reverse: bool,
        #[graphql(default_with = "CustomerSortKeys::Id")] sort_key: CustomerSortKeys,
    ) -> async_graphql::Result<paging::CustomerConnection> {
        let mut all = orders::all_customers(&*db(ctx)?).map_err(internal)?;
        if let Some(q) = query.as_deref().map(search::parse) {
            all.retain(|c| q.matches(&Person(c)));
        }
        match sort_key {
            CustomerSortKeys::Name => all.sort_by(|a, b| a.display_name().cmp(&b.display_name()).then(a.id.cmp(&b.id))),
            CustomerSortKeys::CreatedAt | CustomerSortKeys::UpdatedAt => all.sort_by_key(|c| (c.created_at, c.id)),
            _ => all.sort_by_key(|c| c.id),
        }
        if reverse {
            all.reverse();
        }
        paging::page(all.into_iter().map(Customer).collect(), |c| c.0.id, &Page { first, after, last, before })
    }

    async fn job(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Job>> {
        let shared = ctx.data::<Arc<Shared>>()?;
        let done = shared.shop.jobs.lock().map_err(internal)?.get(id.as_str()).copied();
        Ok(done.map(|done| Job { id, done }))
    }
}
