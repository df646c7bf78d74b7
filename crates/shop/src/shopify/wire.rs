//! The queries the console sends, Shopify's answers as typed, lenient records (serde_with: a
//! field of the wrong type reads as absent, as Zendesk's and RT's do), and their mapping onto
//! `ShopOrder`: a missing optional field is `None`, a missing required one a `Decode` error
//! naming it.

use crate::ShopError;
use frontline_model::{Money, OrderItem, Payment, Shipment, ShopOrder, Timestamp};
use serde::Deserialize;
use serde_json::Value;
use serde_with::{DefaultOnError, InspectError, VecSkipError, serde_as};
use std::collections::BTreeMap;

/// The fields of an order the console shows, kept small because every point is paid from the
/// shop's shared bucket: about 41 points an order with its first six payments, so a
/// customer's 10 newest and the named one ask 455, 461 with the customer's own facts, 637
/// with each order's first two returns and 659 with the total as placed (16 points an order; by the sandbox's cost model,
/// checked in `tests/it/sandbox_shop.rs`; Shopify's Standard bucket holds 1,000 and restores 100 a
/// second, the older default 50; what is not returned is refunded to the bucket at once).
/// Without payments it was about 250.
const ORDER: &str = "id name createdAt cancelledAt displayFinancialStatus displayFulfillmentStatus customer { id } tags
  presentmentCurrencyCode
  currentTotalPriceSet { shopMoney { amount currencyCode } }
  totalPriceSet { shopMoney { amount currencyCode } }
  totalRefundedSet { shopMoney { amount currencyCode } }
  lineItems(first: 3) { nodes { id title variantTitle quantity refundableQuantity originalUnitPriceSet { shopMoney { amount currencyCode } } } }
  fulfillments(first: 1) { displayStatus estimatedDeliveryAt deliveredAt trackingInfo(first: 1) { company number url } }
  transactions(first: 6) { id kind status errorCode gateway formattedGateway test createdAt processedAt
    amountSet { shopMoney { amount currencyCode } } parentTransaction { id } }
  returns(first: 2, reverse: true) { nodes { id name status totalQuantity
    exchangeLineItems(first: 2) { nodes { quantity lineItems { title variantTitle } } } } }";

/// A customer's newest orders by e-mail, (when asked) the order a ticket names, and (when
/// asked) the customer: one request, a few points more than the orders alone.
pub const ORDERS: &str = concat!(
    "query FrontlineOrders($q: String!, $first: Int!, $named: String!, $withNamed: Boolean!, $cq: String!, $withCustomer: Boolean!) {\n",
    "  orders(first: $first, query: $q, sortKey: CREATED_AT, reverse: true) { nodes { ...O } }\n",
    "  named: orders(first: 1, query: $named) @include(if: $withNamed) { nodes { ...O } }\n",
    "  customer: customers(first: 1, query: $cq) @include(if: $withCustomer) { nodes { id numberOfOrders createdAt tags note state\n",
    "    amountSpent { amount currencyCode } defaultEmailAddress { marketingState }\n",
    "    defaultAddress { firstName lastName address1 address2 city zip provinceCode countryCodeV2 phone } } }\n",
    "}\n",
    "fragment O on Order { "
);

/// `ORDERS` with the order fragment's fields.
pub fn orders_query() -> String {
    format!("{ORDERS}{ORDER} }}")
}

/// Logs each list element skipped because it could not be read: one odd order, line or
/// payment is left out, never the whole list.
pub struct LogSkipped;

impl InspectError for LogSkipped {
    fn inspect_error(error: impl serde::de::Error) {
        tracing::warn!("shop: skipped a record the console cannot read: {error}");
    }
}

/// A GraphQL answer: `data`, `errors`, and what the call cost.
#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Answer {
    pub data: Option<Value>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub errors: Option<Errors>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub extensions: Extensions,
}

/// `errors` as Shopify sends them: a list with a 200, a string or an object with a 4xx.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Errors {
    List(Vec<GqlError>),
    Text(String),
    Fields(BTreeMap<String, Value>),
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct GqlError {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub message: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub extensions: ErrorExtensions,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ErrorExtensions {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub code: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Extensions {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub cost: Option<Cost>,
}

/// What a call cost and what the bucket holds (`extensions.cost`).
#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default, rename_all = "camelCase")]
pub struct Cost {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub requested_query_cost: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub throttle_status: ThrottleStatus,
}

#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default, rename_all = "camelCase")]
pub struct ThrottleStatus {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub maximum_available: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub currently_available: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub restore_rate: Option<f64>,
}

/// `{ nodes { … } }`.
#[serde_as]
#[derive(Debug, Deserialize)]
#[serde(default, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Nodes<T> {
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, LogSkipped>>")]
    pub nodes: Vec<T>,
}

impl<T> Default for Nodes<T> {
    fn default() -> Self {
        Nodes { nodes: Vec::new() }
    }
}

/// `MoneyBag`: the amount in the shop's currency.
#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default, rename_all = "camelCase")]
pub struct MoneyBag {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub shop_money: MoneyV2,
}

#[serde_as]
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default, rename_all = "camelCase")]
pub struct MoneyV2 {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub amount: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub currency_code: Option<String>,
}

impl MoneyBag {
    pub fn money(&self) -> Option<Money> {
        let m = &self.shop_money;
        Money::parse(m.amount.as_deref()?, m.currency_code.as_deref().unwrap_or("XXX"))
    }
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct LineItem {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub title: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub variant_title: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub refundable_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub original_unit_price_set: MoneyBag,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct TrackingInfo {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub company: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub number: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub url: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct Fulfillment {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub display_status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub estimated_delivery_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub delivered_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, LogSkipped>>")]
    pub tracking_info: Vec<TrackingInfo>,
}

/// An `OrderTransaction`: a payment, a failed try, a refund.
#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct Transaction {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub kind: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub error_code: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub gateway: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub formatted_gateway: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub test: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub created_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub processed_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub amount_set: Option<MoneyBag>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub parent_transaction: Option<IdOnly>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct IdOnly {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub id: Option<String>,
}

/// One `Order` node, with the fields `ORDER` asks for.
#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct Order {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub created_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub cancelled_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub display_financial_status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub display_fulfillment_status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub current_total_price_set: Option<MoneyBag>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub total_refunded_set: Option<MoneyBag>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub total_price_set: Option<MoneyBag>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub line_items: Nodes<LineItem>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, LogSkipped>>")]
    pub fulfillments: Vec<Fulfillment>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, LogSkipped>>")]
    pub transactions: Vec<Transaction>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub customer: Option<IdOnly>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, LogSkipped>>")]
    pub tags: Vec<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub returns: Nodes<Return>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub presentment_currency_code: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct ExchangeLine {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, LogSkipped>>")]
    pub line_items: Vec<LineItem>,
}

/// A `Return` as the orders query asks for it.
#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct Return {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub total_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub exchange_line_items: Nodes<ExchangeLine>,
}

/// The answer to `ORDERS`.
#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct OrdersData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub orders: Nodes<Order>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub named: Nodes<Order>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub customer: Nodes<Customer>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct EmailAddress {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub marketing_state: Option<String>,
}

/// A `Customer` node, with the fields `ORDERS` asks for.
#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct Customer {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub id: Option<String>,
    /// `UnsignedInt64`: a string.
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub number_of_orders: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub created_at: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, LogSkipped>>")]
    pub tags: Vec<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub note: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub state: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub amount_spent: Option<MoneyV2>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub default_email_address: Option<EmailAddress>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub default_address: Option<super::replace::MailingAddress>,
}

/// One `Customer` node; `None` without an id.
pub fn customer(c: Customer) -> Option<frontline_model::ShopCustomer> {
    Some(frontline_model::ShopCustomer {
        id: c.id?,
        orders: c.number_of_orders.as_deref().and_then(|n| n.trim().parse().ok()),
        spent: c.amount_spent.and_then(|m| MoneyBag { shop_money: m }.money()),
        since: time(&c.created_at),
        address: c.default_address.and_then(super::replace::address),
        tags: c.tags.iter().filter_map(|t| text(&Some(t.clone()))).collect(),
        note: text(&c.note),
        marketing: c.default_email_address.and_then(|e| text(&e.marketing_state)),
        account: text(&c.state),
    })
}

pub fn time(v: &Option<String>) -> Option<Timestamp> {
    chrono::DateTime::parse_from_rfc3339(v.as_deref()?).ok().map(|t| t.timestamp())
}

fn money(v: Option<&MoneyBag>, what: &str) -> Result<Money, ShopError> {
    v.and_then(MoneyBag::money).ok_or_else(|| ShopError::Decode(format!("{what} has no amount")))
}

/// Text that says something, made safe to show.
pub fn text(v: &Option<String>) -> Option<String> {
    v.as_deref().map(frontline_model::text::sanitize_line).filter(|s| !s.is_empty())
}

/// One `Order` node.
pub fn order(o: &Order) -> Result<ShopOrder, ShopError> {
    let name = text(&o.name).ok_or_else(|| ShopError::Decode("an order without a name".into()))?;
    let items = o
        .line_items
        .nodes
        .iter()
        .map(|l| {
            Ok(OrderItem {
                id: l.id.clone().unwrap_or_default(),
                title: text(&l.title).unwrap_or_else(|| "(untitled)".into()),
                variant: text(&l.variant_title),
                quantity: l.quantity.unwrap_or(0),
                refundable: l.refundable_quantity.unwrap_or(0),
                unit_price: money(Some(&l.original_unit_price_set), "a line's price")?,
            })
        })
        .collect::<Result<Vec<_>, ShopError>>()?;
    let shipments = o
        .fulfillments
        .iter()
        .map(|f| {
            let t = f.tracking_info.first();
            let field = |pick: fn(&TrackingInfo) -> &Option<String>| t.and_then(|t| text(pick(t)));
            Shipment {
                status: text(&f.display_status),
                carrier: field(|t| &t.company),
                tracking_number: field(|t| &t.number),
                tracking_url: field(|t| &t.url).filter(|u| u.starts_with("https://") || u.starts_with("http://")),
                estimated_delivery: time(&f.estimated_delivery_at),
                delivered_at: time(&f.delivered_at),
            }
        })
        .collect();
    // test transactions move no money; one without an id, a kind or an amount says nothing
    let mut payments: Vec<Payment> = o
        .transactions
        .iter()
        .filter(|t| t.test != Some(true))
        .filter_map(|t| {
            Some(Payment {
                id: t.id.clone()?,
                kind: text(&t.kind)?,
                status: text(&t.status).unwrap_or_else(|| "UNKNOWN".into()),
                gateway: text(&t.formatted_gateway).or_else(|| text(&t.gateway)),
                gateway_id: text(&t.gateway),
                // an amount that is not positive says nothing about money moved
                amount: t.amount_set.as_ref().and_then(MoneyBag::money).filter(|m| m.cents > 0)?,
                created_at: time(&t.created_at).unwrap_or(0),
                processed_at: time(&t.processed_at),
                error: text(&t.error_code),
                parent: t.parent_transaction.as_ref().and_then(|p| p.id.clone()),
            })
        })
        .collect();
    payments.sort_by_key(|p| p.created_at);
    Ok(ShopOrder {
        id: o.id.clone().unwrap_or_default(),
        created_at: time(&o.created_at).ok_or_else(|| ShopError::Decode(format!("order {name} has no createdAt")))?,
        cancelled_at: time(&o.cancelled_at),
        financial_status: text(&o.display_financial_status).unwrap_or_else(|| "UNKNOWN".into()),
        fulfillment_status: text(&o.display_fulfillment_status).unwrap_or_else(|| "UNKNOWN".into()),
        total: money(o.current_total_price_set.as_ref(), &name)?,
        refunded: money(o.total_refunded_set.as_ref(), &name).unwrap_or_default(),
        items,
        shipments,
        payments,
        customer_id: o.customer.as_ref().and_then(|c| c.id.clone()),
        paid_in: text(&o.presentment_currency_code),
        placed_total: o.total_price_set.as_ref().and_then(|_| money(o.total_price_set.as_ref(), &name).ok()),
        tags: o.tags.iter().filter_map(|t| text(&Some(t.clone()))).collect(),
        // asked newest first (the two that matter most), kept oldest first like the payments
        returns: o
            .returns
            .nodes
            .iter()
            .rev()
            .filter_map(|r| {
                Some(frontline_model::OrderReturn {
                    id: r.id.clone()?,
                    name: text(&r.name)?,
                    status: text(&r.status).unwrap_or_else(|| "UNKNOWN".into()),
                    quantity: r.total_quantity.unwrap_or(0),
                    exchanges: r
                        .exchange_line_items
                        .nodes
                        .iter()
                        .flat_map(|x| {
                            x.line_items.iter().map(|l| {
                                let what = text(&l.title).unwrap_or_default();
                                match text(&l.variant_title) {
                                    Some(v) => format!("{} × {what} ({v})", x.quantity.unwrap_or(1)),
                                    None => format!("{} × {what}", x.quantity.unwrap_or(1)),
                                }
                            })
                        })
                        .collect(),
                })
            })
            .collect(),
        name,
    })
}

/// The answer to `ORDERS`: the newest orders, then the named one if it was not among them.
pub fn orders(data: OrdersData) -> Result<Vec<ShopOrder>, ShopError> {
    let mut out: Vec<ShopOrder> = data.orders.nodes.iter().map(order).collect::<Result<_, _>>()?;
    for n in &data.named.nodes {
        let o = order(n)?;
        if !out.iter().any(|have| have.id == o.id) {
            out.push(o);
        }
    }
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| b.name.cmp(&a.name)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> OrdersData {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn an_order_is_read_leniently_and_what_it_cannot_do_without_is_named() {
        let money = |a: &str| json!({"shopMoney": {"amount": a, "currencyCode": "EUR"}});
        let data = read(json!({"orders": {"nodes": [{
            "id": "gid://shopify/Order/1", "name": "#1001", "createdAt": "2026-11-22T18:00:00Z",
            "cancelledAt": 7, "displayFinancialStatus": ["PAID"],
            "currentTotalPriceSet": money("59.90"), "totalRefundedSet": money("0.00"),
            "lineItems": {"nodes": [{"id": "gid://shopify/LineItem/9", "title": "Boots\u{1b}[2J", "quantity": "2",
                                      "refundableQuantity": 2, "originalUnitPriceSet": money("29.95")}]},
            "fulfillments": [{"displayStatus": "IN_TRANSIT",
                              "trackingInfo": [{"company": "DHL", "number": "JD1", "url": "javascript:alert(1)"}]}]
        }]}}));
        let read_back = orders(data).unwrap();
        let o = &read_back[0];
        assert_eq!((o.name.as_str(), o.cancelled_at), ("#1001", None), "a number where a date belongs reads as none");
        assert_eq!(o.financial_status, "UNKNOWN", "a list where text belongs reads as absent");
        assert_eq!(o.items[0].title, "Boots", "control sequences are stripped");
        assert_eq!(o.items[0].quantity, 0, "a quantity sent as text is not guessed at");
        assert_eq!(o.shipments[0].carrier.as_deref(), Some("DHL"));
        assert_eq!(o.shipments[0].tracking_url, None, "only web links are kept");
        let nameless = read(json!({"orders": {"nodes": [{"id": "x", "createdAt": "2026-11-22T18:00:00Z"}]}}));
        assert!(matches!(orders(nameless), Err(ShopError::Decode(w)) if w.contains("without a name")));
        let no_total = read(json!({"orders": {"nodes": [{"name": "#2", "createdAt": "2026-11-22T18:00:00Z"}]}}));
        assert!(matches!(orders(no_total), Err(ShopError::Decode(w)) if w.contains("#2 has no amount")));
    }
}
