//! Discount codes as Shopify's Admin API serves them: `codeDiscountNodeByCode` (any case) with
//! a basic code's status, dates, usage, minimum, value and who it is for, and
//! `discountCodeBasicCreate` with Shopify's `DiscountUserError` codes. The sandbox's full token
//! may read and make codes; its read-only token may read them, and making one answers
//! ACCESS_DENIED naming `write_discounts`.

use super::customer::Customer;
use super::query::now;
use super::{
    DateTime, Decimal, DiscountErrorCode, DiscountStatus, MoneyV2, Scopes, coded, db, gid, internal, money, named,
    parse_gid,
};
use crate::shop::{actions, discounts, orders};
use async_graphql::{Context, Enum, ID, InputObject, Object, OneofObject, SimpleObject, Union};

#[derive(Default)]
pub struct DiscountQuery;

#[derive(Default)]
pub struct DiscountMutation;

/// A stored code with the time it is looked at (its status depends on it).
#[derive(Clone)]
pub struct DiscountCodeBasic {
    d: discounts::Discount,
    now: i64,
}

#[derive(Union, Clone)]
pub enum DiscountCode {
    DiscountCodeBasic(DiscountCodeBasic),
}

#[derive(Clone)]
pub struct DiscountCodeNode(DiscountCodeBasic);

#[Object]
impl DiscountCodeNode {
    async fn id(&self) -> ID {
        gid("DiscountCodeNode", self.0.d.id)
    }
    async fn code_discount(&self) -> DiscountCode {
        DiscountCode::DiscountCodeBasic(self.0.clone())
    }
}

#[derive(SimpleObject, Clone)]
pub struct DiscountMinimumSubtotal {
    greater_than_or_equal_to_subtotal: MoneyV2,
}

#[derive(SimpleObject, Clone)]
pub struct DiscountMinimumQuantity {
    greater_than_or_equal_to_quantity: super::UnsignedInt64,
}

#[derive(Union, Clone)]
pub enum DiscountMinimumRequirement {
    DiscountMinimumSubtotal(DiscountMinimumSubtotal),
    DiscountMinimumQuantity(DiscountMinimumQuantity),
}

#[derive(SimpleObject, Clone)]
pub struct DiscountPercentage {
    percentage: f64,
}

#[derive(SimpleObject, Clone)]
pub struct DiscountAmount {
    amount: MoneyV2,
    applies_on_each_item: bool,
}

#[derive(Union, Clone)]
pub enum DiscountCustomerGetsValue {
    DiscountPercentage(DiscountPercentage),
    DiscountAmount(DiscountAmount),
}

#[derive(SimpleObject, Clone)]
pub struct AllDiscountItems {
    all_items: bool,
}

#[derive(Union, Clone)]
pub enum DiscountItems {
    AllDiscountItems(AllDiscountItems),
}

#[derive(SimpleObject, Clone)]
pub struct DiscountCustomerGets {
    value: DiscountCustomerGetsValue,
    items: DiscountItems,
    applies_on_one_time_purchase: bool,
    applies_on_subscription: bool,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DiscountBuyerSelection {
    All,
}

#[derive(SimpleObject, Clone)]
pub struct DiscountBuyerSelectionAll {
    all: DiscountBuyerSelection,
}

#[derive(Clone)]
pub struct DiscountCustomers(Vec<i64>);

#[Object]
impl DiscountCustomers {
    async fn customers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Customer>> {
        let conn = db(ctx)?;
        let mut out = Vec::new();
        for id in &self.0 {
            out.extend(orders::customer(&conn, *id).map_err(internal)?.map(Customer));
        }
        Ok(out)
    }
}

#[derive(Union, Clone)]
pub enum DiscountContext {
    DiscountBuyerSelectionAll(DiscountBuyerSelectionAll),
    DiscountCustomers(DiscountCustomers),
}

#[derive(SimpleObject, Clone)]
pub struct DiscountRedeemCode {
    id: ID,
    code: String,
    async_usage_count: i64,
}

#[derive(SimpleObject, Clone)]
pub struct DiscountRedeemCodeConnection {
    nodes: Vec<DiscountRedeemCode>,
}

#[derive(SimpleObject, Clone)]
pub struct Count {
    count: i64,
    precision: CountPrecision,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CountPrecision {
    AtLeast,
    Exact,
}

#[Object]
impl DiscountCodeBasic {
    async fn title(&self) -> &str {
        &self.d.title
    }
    async fn status(&self) -> DiscountStatus {
        named(self.d.status(self.now)).unwrap_or(DiscountStatus::Active)
    }
    async fn summary(&self) -> String {
        self.d.summary()
    }
    async fn short_summary(&self) -> String {
        self.d.summary()
    }
    async fn starts_at(&self) -> DateTime {
        DateTime::at(self.d.starts_at)
    }
    async fn ends_at(&self) -> Option<DateTime> {
        DateTime::maybe(self.d.ends_at)
    }
    async fn usage_limit(&self) -> Option<i64> {
        self.d.usage_limit
    }
    /// "updated asynchronously … might be lower than the actual usage count".
    async fn async_usage_count(&self) -> i64 {
        self.d.used
    }
    async fn applies_once_per_customer(&self) -> bool {
        self.d.once_per_customer
    }
    async fn minimum_requirement(&self) -> Option<DiscountMinimumRequirement> {
        self.d.minimum_cents.map(|c| {
            DiscountMinimumRequirement::DiscountMinimumSubtotal(DiscountMinimumSubtotal {
                greater_than_or_equal_to_subtotal: money(c),
            })
        })
    }
    async fn customer_gets(&self) -> DiscountCustomerGets {
        let value = match self.d.value {
            discounts::Value::Percentage(percentage) => {
                DiscountCustomerGetsValue::DiscountPercentage(DiscountPercentage { percentage })
            }
            discounts::Value::Amount(c) => DiscountCustomerGetsValue::DiscountAmount(DiscountAmount {
                amount: money(c),
                applies_on_each_item: false,
            }),
        };
        DiscountCustomerGets {
            value,
            items: DiscountItems::AllDiscountItems(AllDiscountItems { all_items: true }),
            applies_on_one_time_purchase: true,
            applies_on_subscription: false,
        }
    }
    async fn context(&self) -> DiscountContext {
        match &self.d.customers {
            Some(ids) => DiscountContext::DiscountCustomers(DiscountCustomers(ids.clone())),
            None => DiscountContext::DiscountBuyerSelectionAll(DiscountBuyerSelectionAll {
                all: DiscountBuyerSelection::All,
            }),
        }
    }
    async fn codes(&self, first: Option<i32>) -> DiscountRedeemCodeConnection {
        let code = DiscountRedeemCode {
            id: gid("DiscountRedeemCode", self.d.id),
            code: self.d.code.clone(),
            async_usage_count: self.d.used,
        };
        DiscountRedeemCodeConnection { nodes: if first == Some(0) { vec![] } else { vec![code] } }
    }
    async fn codes_count(&self) -> Count {
        Count { count: 1, precision: CountPrecision::Exact }
    }
    async fn created_at(&self) -> DateTime {
        DateTime::at(self.d.created_at)
    }
    async fn updated_at(&self) -> DateTime {
        DateTime::at(self.d.created_at)
    }
}

fn need(ctx: &Context<'_>, write: bool, field: &str) -> async_graphql::Result<()> {
    let scopes = ctx.data::<Scopes>()?;
    if write && !scopes.write_orders {
        return Err(coded(
            format!("Access denied for {field} field. Required access: `write_discounts` access scope."),
            "ACCESS_DENIED",
        ));
    }
    Ok(())
}

#[Object]
impl DiscountQuery {
    /// The code `code`, in any case; null when the shop has none.
    async fn code_discount_node_by_code(
        &self,
        ctx: &Context<'_>,
        code: String,
    ) -> async_graphql::Result<Option<DiscountCodeNode>> {
        need(ctx, false, "codeDiscountNodeByCode")?;
        let now = now(ctx)?;
        let found = discounts::by_code(&*db(ctx)?, &code).map_err(internal)?;
        Ok(found.map(|d| DiscountCodeNode(DiscountCodeBasic { d, now })))
    }

    async fn code_discount_node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<DiscountCodeNode>> {
        need(ctx, false, "codeDiscountNode")?;
        let Some(n) = parse_gid("DiscountCodeNode", &id) else { return Ok(None) };
        let now = now(ctx)?;
        let found = discounts::by_id(&*db(ctx)?, n).map_err(internal)?;
        Ok(found.map(|d| DiscountCodeNode(DiscountCodeBasic { d, now })))
    }
}

#[derive(SimpleObject, Clone)]
pub struct DiscountUserError {
    code: Option<DiscountErrorCode>,
    extra_info: Option<String>,
    field: Option<Vec<String>>,
    message: String,
}

#[derive(SimpleObject, Clone, Default)]
pub struct DiscountCodeBasicCreatePayload {
    code_discount_node: Option<DiscountCodeNode>,
    user_errors: Vec<DiscountUserError>,
}

#[derive(InputObject)]
pub struct DiscountCustomersInput {
    add: Option<Vec<ID>>,
    remove: Option<Vec<ID>>,
}

#[derive(OneofObject)]
pub enum DiscountContextInput {
    All(DiscountBuyerSelection),
    Customers(DiscountCustomersInput),
}

#[derive(InputObject)]
pub struct DiscountAmountInput {
    amount: Option<Decimal>,
    applies_on_each_item: Option<bool>,
}

#[derive(InputObject)]
pub struct DiscountCustomerGetsValueInput {
    percentage: Option<f64>,
    discount_amount: Option<DiscountAmountInput>,
}

#[derive(InputObject)]
pub struct DiscountItemsInput {
    all: Option<bool>,
}

#[derive(InputObject)]
pub struct DiscountCustomerGetsInput {
    value: Option<DiscountCustomerGetsValueInput>,
    items: Option<DiscountItemsInput>,
    applies_on_one_time_purchase: Option<bool>,
    applies_on_subscription: Option<bool>,
}

#[derive(InputObject)]
pub struct DiscountMinimumSubtotalInput {
    greater_than_or_equal_to_subtotal: Option<Decimal>,
}

#[derive(InputObject)]
pub struct DiscountMinimumRequirementInput {
    subtotal: Option<DiscountMinimumSubtotalInput>,
}

#[derive(InputObject)]
pub struct DiscountCodeBasicInput {
    title: Option<String>,
    code: Option<String>,
    starts_at: Option<DateTime>,
    ends_at: Option<DateTime>,
    usage_limit: Option<i32>,
    applies_once_per_customer: Option<bool>,
    context: Option<DiscountContextInput>,
    customer_gets: Option<DiscountCustomerGetsInput>,
    minimum_requirement: Option<DiscountMinimumRequirementInput>,
}

fn user_error(field: &[&str], message: &str, code: &str) -> DiscountCodeBasicCreatePayload {
    DiscountCodeBasicCreatePayload {
        code_discount_node: None,
        user_errors: vec![DiscountUserError {
            code: named(code),
            extra_info: None,
            field: Some(field.iter().map(|f| (*f).to_string()).collect()),
            message: message.into(),
        }],
    }
}

fn time(t: &Option<DateTime>) -> Result<Option<i64>, ()> {
    match t {
        None => Ok(None),
        Some(DateTime(s)) => chrono::DateTime::parse_from_rfc3339(s).map(|d| Some(d.timestamp())).map_err(|_| ()),
    }
}

#[Object]
impl DiscountMutation {
    async fn discount_code_basic_create(
        &self,
        ctx: &Context<'_>,
        basic_code_discount: DiscountCodeBasicInput,
    ) -> async_graphql::Result<Option<DiscountCodeBasicCreatePayload>> {
        need(ctx, true, "discountCodeBasicCreate")?;
        let now = now(ctx)?;
        let i = basic_code_discount;
        let (Ok(starts_at), Ok(ends_at)) = (time(&i.starts_at), time(&i.ends_at)) else {
            return Ok(Some(user_error(&["basicCodeDiscount", "startsAt"], "Dates must be ISO-8601 times", "INVALID")));
        };
        let Some(starts_at) = starts_at else {
            return Ok(Some(user_error(&["basicCodeDiscount", "startsAt"], "Starts at can't be blank", "BLANK")));
        };
        let Some(value) = i.customer_gets.as_ref().and_then(|g| g.value.as_ref()) else {
            return Ok(Some(user_error(
                &["basicCodeDiscount", "customerGets"],
                "Customer gets can't be blank",
                "BLANK",
            )));
        };
        let value = match (value.percentage, value.discount_amount.as_ref().and_then(|a| a.amount.as_ref())) {
            (Some(p), None) => discounts::Value::Percentage(p),
            (None, Some(Decimal(a))) => match actions::cents(a) {
                Some(c) => discounts::Value::Amount(c),
                None => {
                    return Ok(Some(user_error(
                        &["basicCodeDiscount", "customerGets", "value"],
                        "Amount is invalid",
                        "INVALID",
                    )));
                }
            },
            _ => {
                return Ok(Some(user_error(
                    &["basicCodeDiscount", "customerGets", "value"],
                    "Give one of percentage or discountAmount",
                    "INVALID",
                )));
            }
        };
        let customers = match &i.context {
            None => {
                return Ok(Some(user_error(&["basicCodeDiscount", "context"], "Context can't be blank", "BLANK")));
            }
            Some(DiscountContextInput::All(_)) => None,
            Some(DiscountContextInput::Customers(c)) => {
                let mut ids = Vec::new();
                for id in c.add.as_deref().unwrap_or_default() {
                    match parse_gid("Customer", id) {
                        Some(n) if orders::customer(&*db(ctx)?, n).map_err(internal)?.is_some() => ids.push(n),
                        _ => {
                            return Ok(Some(user_error(
                                &["basicCodeDiscount", "context", "customers", "add"],
                                &format!("Customer {} does not exist", id.as_str()),
                                "INVALID",
                            )));
                        }
                    }
                }
                Some(ids)
            }
        };
        let minimum_cents = i
            .minimum_requirement
            .as_ref()
            .and_then(|m| m.subtotal.as_ref())
            .and_then(|s| s.greater_than_or_equal_to_subtotal.as_ref())
            .and_then(|Decimal(d)| actions::cents(d));
        let d = discounts::Discount {
            id: 0,
            code: i.code.unwrap_or_default(),
            title: i.title.unwrap_or_default(),
            starts_at,
            ends_at,
            usage_limit: i.usage_limit.map(i64::from),
            used: 0,
            once_per_customer: i.applies_once_per_customer.unwrap_or(false),
            minimum_cents,
            value,
            customers,
            created_at: now,
        };
        let made = discounts::create(&*db(ctx)?, d).map_err(internal)?;
        Ok(Some(match made {
            Ok(d) => DiscountCodeBasicCreatePayload {
                code_discount_node: Some(DiscountCodeNode(DiscountCodeBasic { d, now })),
                user_errors: vec![],
            },
            Err(refusals) => DiscountCodeBasicCreatePayload {
                code_discount_node: None,
                user_errors: refusals
                    .into_iter()
                    .map(|r| DiscountUserError {
                        code: r.code.and_then(named),
                        extra_info: None,
                        field: Some(r.field),
                        message: r.message,
                    })
                    .collect(),
            },
        }))
    }
}
