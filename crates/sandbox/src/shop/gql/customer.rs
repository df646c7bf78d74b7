//! `Customer`: who placed the orders, with their lifetime figures and their own orders.

use super::paging::Page;
use super::{CustomerState, DateTime, MoneyV2, OrderSortKeys, UnsignedInt64, gid, money};
use crate::shop::orders;
use async_graphql::{Context, ID, Object, SimpleObject};

#[derive(Clone)]
pub struct Customer(pub orders::Customer);

#[derive(SimpleObject, Clone)]
pub struct CustomerEmailAddress {
    email_address: String,
}

#[derive(SimpleObject, Clone)]
pub struct CustomerPhoneNumber {
    phone_number: String,
}

impl Customer {
    fn own_orders(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<orders::Order>> {
        let conn = super::db(ctx)?;
        orders::of_customer(&conn, self.0.id).map_err(super::internal)
    }
}

#[Object]
impl Customer {
    async fn id(&self) -> ID {
        gid("Customer", self.0.id)
    }
    async fn legacy_resource_id(&self) -> UnsignedInt64 {
        UnsignedInt64(self.0.id.to_string())
    }
    async fn display_name(&self) -> String {
        let name = self.0.display_name();
        if name.is_empty() { self.0.email.clone() } else { name }
    }
    async fn first_name(&self) -> Option<&str> {
        Some(&self.0.first_name)
    }
    async fn last_name(&self) -> Option<&str> {
        Some(self.0.last_name.as_str()).filter(|n| !n.is_empty())
    }
    #[graphql(deprecation = "Use `defaultEmailAddress.emailAddress` instead.")]
    async fn email(&self) -> Option<&str> {
        Some(&self.0.email)
    }
    async fn default_email_address(&self) -> Option<CustomerEmailAddress> {
        Some(CustomerEmailAddress { email_address: self.0.email.clone() })
    }
    async fn default_phone_number(&self) -> Option<CustomerPhoneNumber> {
        None
    }
    async fn state(&self) -> CustomerState {
        CustomerState::Enabled
    }
    async fn tags(&self) -> Vec<String> {
        vec![]
    }
    async fn note(&self) -> Option<String> {
        None
    }
    async fn created_at(&self) -> DateTime {
        DateTime::at(self.0.created_at)
    }
    async fn updated_at(&self) -> DateTime {
        DateTime::at(self.0.created_at)
    }
    async fn number_of_orders(&self, ctx: &Context<'_>) -> async_graphql::Result<UnsignedInt64> {
        Ok(UnsignedInt64(self.own_orders(ctx)?.len().to_string()))
    }
    async fn amount_spent(&self, ctx: &Context<'_>) -> async_graphql::Result<MoneyV2> {
        let spent: i64 = self.own_orders(ctx)?.iter().map(|o| o.paid_cents() - o.refunded_cents()).sum();
        Ok(money(spent))
    }
    async fn last_order(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<super::order::Order>> {
        let newest = self.own_orders(ctx)?.into_iter().max_by_key(|o| (o.created_at, o.id));
        Ok(newest.map(|o| super::order::Order(std::sync::Arc::new(o))))
    }
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
        #[graphql(default_with = "OrderSortKeys::Id")] sort_key: OrderSortKeys,
    ) -> async_graphql::Result<super::paging::OrderConnection> {
        let mine = self.own_orders(ctx)?;
        let now = super::query::now(ctx)?;
        super::query::order_page(mine, query.as_deref(), sort_key, reverse, now, &Page { first, after, last, before })
    }
}
