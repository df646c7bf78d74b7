//! Discount codes through Shopify: `codeDiscountNodeByCode` read into `DiscountFacts`, and
//! `discountCodeBasicCreate` for a single-use code for one customer. The mutation has no
//! idempotency key: the outbox asks `discount` before a resend.

use super::Shopify;
use super::wire::{MoneyBag, text, time};
use super::write::{UserError, refused};
use crate::ShopError;
use frontline_model::{DiscountAsk, DiscountFacts, DiscountValue};
use serde::Deserialize;
use serde_json::json;
use serde_with::{DefaultOnError, serde_as};

const LOOKUP: &str = "query FrontlineDiscount($code: String!) { codeDiscountNodeByCode(code: $code) { id codeDiscount {
  __typename ... on DiscountCodeBasic { title status summary startsAt endsAt usageLimit asyncUsageCount appliesOncePerCustomer
    minimumRequirement { __typename ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount currencyCode } } }
    context { __typename ... on DiscountCustomers { customers { id } } }
    codes(first: 1) { nodes { code } } } } } }";

const CREATE: &str = "mutation FrontlineDiscountCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) { codeDiscountNode { id } userErrors { field message code } } }";

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct LookupData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    code_discount_node_by_code: Option<Node>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Node {
    #[serde_as(deserialize_as = "DefaultOnError")]
    code_discount: Option<Basic>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Basic {
    #[serde(rename = "__typename")]
    #[serde_as(deserialize_as = "DefaultOnError")]
    kind: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    title: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    summary: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    starts_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    ends_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    usage_limit: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    async_usage_count: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    applies_once_per_customer: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    minimum_requirement: Option<Minimum>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    context: Option<Context>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    codes: Option<super::wire::Nodes<Code>>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Minimum {
    #[serde_as(deserialize_as = "DefaultOnError")]
    greater_than_or_equal_to_subtotal: Option<super::wire::MoneyV2>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Context {
    #[serde(rename = "__typename")]
    #[serde_as(deserialize_as = "DefaultOnError")]
    kind: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    customers: Vec<super::wire::IdOnly>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct Code {
    #[serde_as(deserialize_as = "DefaultOnError")]
    code: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct CreateData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    discount_code_basic_create: Option<Created>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Created {
    #[serde_as(deserialize_as = "DefaultOnError")]
    code_discount_node: Option<super::wire::IdOnly>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    user_errors: Vec<UserError>,
}

/// `2027-01-06T23:59:59Z`.
fn iso(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
}

impl Shopify {
    pub(super) async fn lookup_discount(&self, code: &str) -> Result<Option<DiscountFacts>, ShopError> {
        let data: LookupData = self.call(LOOKUP, json!({"code": code.trim()})).await?;
        let Some(b) = data.code_discount_node_by_code.and_then(|n| n.code_discount) else { return Ok(None) };
        if b.kind.as_deref().is_some_and(|k| k != "DiscountCodeBasic") {
            // an app's or a free-shipping code: its facts are not read here
            return Ok(Some(DiscountFacts {
                code: frontline_model::text::sanitize_line(&code.trim().to_uppercase()),
                title: text(&b.kind).unwrap_or_default(),
                status: "UNKNOWN".into(),
                summary: text(&b.kind).unwrap_or_else(|| "another kind of code".into()),
                starts_at: None,
                ends_at: None,
                usage_limit: None,
                used: 0,
                once_per_customer: false,
                minimum: None,
                customers: None,
            }));
        }
        let minimum = b
            .minimum_requirement
            .and_then(|m| m.greater_than_or_equal_to_subtotal)
            .and_then(|m| MoneyBag { shop_money: m }.money());
        let customers = b
            .context
            .filter(|c| c.kind.as_deref() == Some("DiscountCustomers"))
            .map(|c| c.customers.into_iter().filter_map(|i| i.id).collect());
        let the_code =
            b.codes.and_then(|c| c.nodes.into_iter().find_map(|n| n.code)).unwrap_or_else(|| code.trim().to_string());
        Ok(Some(DiscountFacts {
            code: frontline_model::text::sanitize_line(&the_code),
            title: text(&b.title).unwrap_or_default(),
            status: text(&b.status).unwrap_or_else(|| "ACTIVE".into()),
            summary: text(&b.summary).unwrap_or_default(),
            starts_at: time(&b.starts_at),
            ends_at: time(&b.ends_at),
            usage_limit: b.usage_limit,
            used: b.async_usage_count.unwrap_or(0),
            once_per_customer: b.applies_once_per_customer.unwrap_or(false),
            minimum,
            customers,
        }))
    }

    pub(super) async fn make_discount(&self, ask: &DiscountAsk) -> Result<(), ShopError> {
        let value = match ask.value {
            DiscountValue::Percent(p) => json!({"percentage": f64::from(p.min(100)) / 100.0}),
            DiscountValue::Amount(m) => json!({"discountAmount": {"amount": m.decimal(), "appliesOnEachItem": false}}),
        };
        let mut input = json!({
            "title": ask.title, "code": ask.code, "startsAt": iso(ask.starts_at), "usageLimit": 1, "appliesOncePerCustomer": true,
            "context": {"customers": {"add": [ask.customer_id]}},
            "customerGets": {"value": value, "items": {"all": true}},
        });
        if let Some(end) = ask.ends_at {
            input["endsAt"] = json!(iso(end));
        }
        let data: CreateData = self.call(CREATE, json!({"basicCodeDiscount": input})).await?;
        let made = data.discount_code_basic_create.unwrap_or_default();
        // the code is this ticket's own: taken means an earlier send made it (its answer lost)
        if made.user_errors.iter().any(|e| e.code.as_deref() == Some("TAKEN"))
            && self.lookup_discount(&ask.code).await?.is_some()
        {
            tracing::info!("discount code {} existed already: made by an earlier send", ask.code);
            return Ok(());
        }
        if let Some(e) = refused(&made.user_errors) {
            return Err(e);
        }
        made.code_discount_node
            .map(|_| ())
            .ok_or_else(|| ShopError::Decode("discountCodeBasicCreate answered without a code".into()))
    }
}
