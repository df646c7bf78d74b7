//! The queries the console sends and the mapping of their answers onto `ShopOrder`. Lenient:
//! a missing optional field is `None`, a missing required one is a `Decode` error naming it.

use crate::ShopError;
use frontline_model::{Money, OrderItem, Shipment, ShopOrder, Timestamp};
use serde_json::Value;

/// The fields of an order the console shows, kept small because every point is paid from the
/// shop's shared bucket: 22 points an order, so a customer's 10 newest and the named one ask
/// about 250 (Shopify's Standard bucket restores 100 a second, the older default 50).
const ORDER: &str = "id name createdAt cancelledAt displayFinancialStatus displayFulfillmentStatus
  currentTotalPriceSet { shopMoney { amount currencyCode } }
  totalRefundedSet { shopMoney { amount currencyCode } }
  lineItems(first: 3) { nodes { id title variantTitle quantity refundableQuantity originalUnitPriceSet { shopMoney { amount currencyCode } } } }
  fulfillments(first: 1) { displayStatus estimatedDeliveryAt deliveredAt trackingInfo(first: 1) { company number url } }";

/// A customer's newest orders by e-mail, and (when asked) the order a ticket names.
pub const ORDERS: &str = concat!(
    "query FrontlineOrders($q: String!, $first: Int!, $named: String!, $withNamed: Boolean!) {\n",
    "  orders(first: $first, query: $q, sortKey: CREATED_AT, reverse: true) { nodes { ...O } }\n",
    "  named: orders(first: 1, query: $named) @include(if: $withNamed) { nodes { ...O } }\n",
    "}\n",
    "fragment O on Order { "
);

/// `ORDERS` with the order fragment's fields.
pub fn orders_query() -> String {
    format!("{ORDERS}{ORDER} }}")
}

fn time(v: &Value) -> Option<Timestamp> {
    chrono::DateTime::parse_from_rfc3339(v.as_str()?).ok().map(|t| t.timestamp())
}

fn money(v: &Value, what: &str) -> Result<Money, ShopError> {
    let m = &v["shopMoney"];
    let currency = m["currencyCode"].as_str().unwrap_or("XXX");
    m["amount"]
        .as_str()
        .and_then(|a| Money::parse(a, currency))
        .ok_or_else(|| ShopError::Decode(format!("{what} has no amount")))
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(frontline_model::text::sanitize_line).filter(|s| !s.is_empty())
}

/// One `Order` node.
pub fn order(o: &Value) -> Result<ShopOrder, ShopError> {
    let name = text(&o["name"]).ok_or_else(|| ShopError::Decode("an order without a name".into()))?;
    let items = o["lineItems"]["nodes"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|l| {
            Ok(OrderItem {
                id: l["id"].as_str().unwrap_or_default().to_string(),
                title: text(&l["title"]).unwrap_or_else(|| "(untitled)".into()),
                variant: text(&l["variantTitle"]),
                quantity: l["quantity"].as_i64().unwrap_or(0),
                refundable: l["refundableQuantity"].as_i64().unwrap_or(0),
                unit_price: money(&l["originalUnitPriceSet"], "a line's price")?,
            })
        })
        .collect::<Result<Vec<_>, ShopError>>()?;
    let shipments = o["fulfillments"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|f| {
            let t = &f["trackingInfo"][0];
            Shipment {
                status: text(&f["displayStatus"]),
                carrier: text(&t["company"]),
                tracking_number: text(&t["number"]),
                tracking_url: text(&t["url"]).filter(|u| u.starts_with("https://") || u.starts_with("http://")),
                estimated_delivery: time(&f["estimatedDeliveryAt"]),
                delivered_at: time(&f["deliveredAt"]),
            }
        })
        .collect();
    Ok(ShopOrder {
        id: o["id"].as_str().unwrap_or_default().to_string(),
        created_at: time(&o["createdAt"]).ok_or_else(|| ShopError::Decode(format!("order {name} has no createdAt")))?,
        cancelled_at: time(&o["cancelledAt"]),
        financial_status: text(&o["displayFinancialStatus"]).unwrap_or_else(|| "UNKNOWN".into()),
        fulfillment_status: text(&o["displayFulfillmentStatus"]).unwrap_or_else(|| "UNKNOWN".into()),
        total: money(&o["currentTotalPriceSet"], &name)?,
        refunded: money(&o["totalRefundedSet"], &name).unwrap_or_default(),
        items,
        shipments,
        name,
    })
}

/// The answer to `ORDERS`: the newest orders, then the named one if it was not among them.
pub fn orders(data: &Value) -> Result<Vec<ShopOrder>, ShopError> {
    let nodes = |key: &str| data[key]["nodes"].as_array().cloned().unwrap_or_default();
    let mut out: Vec<ShopOrder> = nodes("orders").iter().map(order).collect::<Result<_, _>>()?;
    for n in nodes("named") {
        let o = order(&n)?;
        if !out.iter().any(|have| have.id == o.id) {
            out.push(o);
        }
    }
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| b.name.cmp(&a.name)));
    Ok(out)
}
