//! `Customer`: who placed the orders, with their lifetime figures and their own orders.

use super::paging::Page;
use super::{CustomerState, DateTime, MoneyV2, OrderSortKeys, UnsignedInt64, gid, money};
use crate::shop::{accounts, orders};
use async_graphql::{Context, ID, Object, SimpleObject};

#[derive(Clone)]
pub struct Customer(pub orders::Customer);

#[derive(SimpleObject, Clone)]
pub struct CustomerEmailAddress {
    email_address: String,
    marketing_state: CustomerEmailAddressMarketingState,
}

#[derive(async_graphql::Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CustomerEmailAddressMarketingState {
    Invalid,
    NotSubscribed,
    Pending,
    Subscribed,
    Unsubscribed,
}

#[derive(SimpleObject, Clone)]
pub struct CustomerPhoneNumber {
    phone_number: String,
}

impl Customer {
    fn account(&self, ctx: &Context<'_>) -> async_graphql::Result<accounts::Account> {
        accounts::of(&*super::db(ctx)?, self.0.id).map_err(super::internal)
    }

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
    async fn default_email_address(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerEmailAddress>> {
        let marketing_state =
            super::named(&self.account(ctx)?.marketing).unwrap_or(CustomerEmailAddressMarketingState::NotSubscribed);
        Ok(Some(CustomerEmailAddress { email_address: self.0.email.clone(), marketing_state }))
    }
    /// The address of their newest order stands in for the address book's default.
    async fn default_address(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<super::order::MailingAddress>> {
        let newest = self.own_orders(ctx)?.into_iter().max_by_key(|o| (o.created_at, o.id));
        Ok(newest.map(|o| super::order::MailingAddress::of(&o.address)))
    }
    async fn default_phone_number(&self) -> Option<CustomerPhoneNumber> {
        None
    }
    async fn state(&self, ctx: &Context<'_>) -> async_graphql::Result<CustomerState> {
        Ok(super::named(&self.account(ctx)?.state).unwrap_or(CustomerState::Enabled))
    }
    async fn tags(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(self.account(ctx)?.tags)
    }
    async fn note(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self.account(ctx)?.note)
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

#[derive(Default)]
pub struct AccountMutation;

#[derive(async_graphql::Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CustomerSendAccountInviteEmailUserErrorCode {
    Invalid,
}

#[derive(SimpleObject, Clone)]
pub struct CustomerSendAccountInviteEmailUserError {
    code: Option<CustomerSendAccountInviteEmailUserErrorCode>,
    field: Option<Vec<String>>,
    message: String,
}

#[derive(SimpleObject, Clone, Default)]
pub struct CustomerSendAccountInviteEmailPayload {
    customer: Option<Customer>,
    user_errors: Vec<CustomerSendAccountInviteEmailUserError>,
}

#[derive(SimpleObject, Clone, Default)]
pub struct CustomerGenerateAccountActivationUrlPayload {
    account_activation_url: Option<super::Url>,
    user_errors: Vec<super::mutation::UserError>,
}

#[derive(async_graphql::InputObject)]
pub struct EmailInput {
    bcc: Option<Vec<String>>,
    body: Option<String>,
    custom_message: Option<String>,
    from: Option<String>,
    subject: Option<String>,
    to: Option<String>,
}

fn need_write(ctx: &Context<'_>, field: &str) -> async_graphql::Result<()> {
    if ctx.data::<super::Scopes>()?.write_orders {
        return Ok(());
    }
    Err(super::coded(
        format!("Access denied for {field} field. Required access: `write_customers` access scope."),
        "ACCESS_DENIED",
    ))
}

fn customer_of(ctx: &Context<'_>, id: &ID) -> async_graphql::Result<Option<orders::Customer>> {
    let Some(n) = super::parse_gid("Customer", id) else { return Ok(None) };
    orders::customer(&*super::db(ctx)?, n).map_err(super::internal)
}

#[async_graphql::Object]
impl AccountMutation {
    /// The store's account invite e-mail (no e-mail leaves the sandbox; the account becomes
    /// INVITED).
    async fn customer_send_account_invite_email(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        email: Option<EmailInput>,
    ) -> async_graphql::Result<Option<CustomerSendAccountInviteEmailPayload>> {
        need_write(ctx, "customerSendAccountInviteEmail")?;
        let _ = email.map(|e| (e.bcc, e.body, e.custom_message, e.from, e.subject, e.to));
        let refuse = |message: &str| CustomerSendAccountInviteEmailPayload {
            customer: None,
            user_errors: vec![CustomerSendAccountInviteEmailUserError {
                code: Some(CustomerSendAccountInviteEmailUserErrorCode::Invalid),
                field: Some(vec!["customerId".into()]),
                message: message.into(),
            }],
        };
        let Some(c) = customer_of(ctx, &customer_id)? else { return Ok(Some(refuse("Customer does not exist"))) };
        Ok(Some(match accounts::invite(&*super::db(ctx)?, c.id).map_err(super::internal)? {
            Ok(_) => CustomerSendAccountInviteEmailPayload { customer: Some(Customer(c)), user_errors: vec![] },
            Err(why) => refuse(why),
        }))
    }

    /// A one-time activation link for an account not yet activated.
    async fn customer_generate_account_activation_url(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
    ) -> async_graphql::Result<Option<CustomerGenerateAccountActivationUrlPayload>> {
        need_write(ctx, "customerGenerateAccountActivationUrl")?;
        let refuse = |message: &str| CustomerGenerateAccountActivationUrlPayload {
            account_activation_url: None,
            user_errors: vec![super::mutation::UserError {
                field: Some(vec!["customerId".into()]),
                message: message.into(),
            }],
        };
        let Some(c) = customer_of(ctx, &customer_id)? else { return Ok(Some(refuse("Customer does not exist"))) };
        let now = super::query::now(ctx)?;
        Ok(Some(match accounts::activation_url(&*super::db(ctx)?, c.id, now).map_err(super::internal)? {
            Ok(url) => CustomerGenerateAccountActivationUrlPayload {
                account_activation_url: Some(super::Url(url)),
                user_errors: vec![],
            },
            Err(why) => refuse(why),
        }))
    }
}
