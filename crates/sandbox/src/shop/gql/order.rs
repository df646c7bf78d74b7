//! `Order` and what hangs off it: line items, fulfilments with tracking, refunds,
//! transactions, the shipping address and a suggested refund.

use super::paging::{self, Page};
use super::refund::{OrderTransaction, Refund, SuggestedRefund};
use super::{
    DateTime, FulfillmentDisplayStatus, FulfillmentStatus, Money, MoneyBag, OrderCancelReason,
    OrderDisplayFinancialStatus, OrderDisplayFulfillmentStatus, OrderReturnStatus, RefundLineItemRestockType,
    UnsignedInt64, Url, bag, gid, named, parse_gid,
};
use crate::shop::actions::{self, RefundAsk};
use crate::shop::orders;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use std::sync::Arc;

#[derive(Clone)]
pub struct Order(pub Arc<orders::Order>);

#[derive(SimpleObject, Clone)]
pub struct OrderCancellation {
    staff_note: Option<String>,
}

#[derive(SimpleObject, Clone)]
pub struct MailingAddress {
    name: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    address1: Option<String>,
    address2: Option<String>,
    city: Option<String>,
    zip: Option<String>,
    country: Option<String>,
    country_code_v2: Option<String>,
    province: Option<String>,
    province_code: Option<String>,
    company: Option<String>,
    phone: Option<String>,
    formatted: Vec<String>,
}

impl MailingAddress {
    pub fn of(a: &orders::Address) -> MailingAddress {
        let (first, last) = a.name.split_once(' ').unwrap_or((&a.name, ""));
        let mut formatted = vec![a.name.clone(), a.address1.clone()];
        formatted.extend(a.address2.clone());
        formatted.extend([format!("{} {}", a.zip, a.city), a.country.clone()]);
        MailingAddress {
            name: Some(a.name.clone()),
            first_name: Some(a.first_name.clone().unwrap_or_else(|| first.to_string())),
            last_name: Some(a.last_name.clone().unwrap_or_else(|| last.to_string())),
            address1: Some(a.address1.clone()),
            address2: a.address2.clone(),
            city: Some(a.city.clone()),
            zip: Some(a.zip.clone()),
            country: Some(a.country.clone()),
            country_code_v2: Some(a.country_code.clone()),
            province: None,
            province_code: a.province_code.clone(),
            company: None,
            phone: a.phone.clone(),
            formatted,
        }
    }
}

/// A line to refund, as `refundCreate` and `suggestedRefund` take it.
#[derive(InputObject, Clone)]
pub struct RefundLineItemInput {
    pub line_item_id: ID,
    pub quantity: i32,
    pub restock_type: Option<RefundLineItemRestockType>,
    pub location_id: Option<ID>,
}

/// A refund line whose id is not a line item's global id.
#[derive(Debug, Clone, PartialEq)]
pub struct NotALineItem(pub String);

/// The (line item id, quantity) pairs of refund lines; `Err` names a line id that is not one.
pub fn line_pairs(lines: &[RefundLineItemInput]) -> Result<Vec<(i64, i64)>, NotALineItem> {
    lines
        .iter()
        .map(|l| {
            parse_gid("LineItem", &l.line_item_id)
                .map(|id| (id, i64::from(l.quantity)))
                .ok_or_else(|| NotALineItem(l.line_item_id.to_string()))
        })
        .collect()
}

impl Order {
    fn closed_time(&self) -> Option<i64> {
        let o = &self.0;
        if let Some(c) = o.cancelled_at {
            return Some(c);
        }
        let delivered: Option<Vec<i64>> = o.fulfillments.iter().map(|f| f.delivered_at).collect();
        match delivered {
            Some(d) if o.fulfillment_status() == "FULFILLED" => d.into_iter().max(),
            _ => None,
        }
    }
}

#[Object]
impl Order {
    pub async fn id(&self) -> ID {
        gid("Order", self.0.id)
    }
    async fn legacy_resource_id(&self) -> UnsignedInt64 {
        UnsignedInt64(self.0.id.to_string())
    }
    async fn name(&self) -> String {
        self.0.name()
    }
    async fn number(&self) -> i64 {
        self.0.number
    }
    async fn confirmation_number(&self) -> String {
        format!("NW{:X}", self.0.id * 7919 % 0xFFFFFF)
    }
    async fn created_at(&self) -> DateTime {
        DateTime::at(self.0.created_at)
    }
    async fn processed_at(&self) -> DateTime {
        DateTime::at(self.0.created_at)
    }
    async fn updated_at(&self) -> DateTime {
        DateTime::at(self.0.updated_at)
    }
    async fn cancelled_at(&self) -> Option<DateTime> {
        DateTime::maybe(self.0.cancelled_at)
    }
    async fn cancel_reason(&self) -> Option<OrderCancelReason> {
        self.0.cancel_reason.as_deref().and_then(named)
    }
    async fn cancellation(&self) -> Option<OrderCancellation> {
        self.0.cancelled_at.map(|_| OrderCancellation { staff_note: self.0.staff_note.clone() })
    }
    async fn closed(&self) -> bool {
        self.closed_time().is_some()
    }
    async fn closed_at(&self) -> Option<DateTime> {
        DateTime::maybe(self.closed_time())
    }
    async fn currency_code(&self) -> super::CurrencyCode {
        super::CurrencyCode::Eur
    }
    async fn presentment_currency_code(&self) -> super::CurrencyCode {
        super::CurrencyCode::Eur
    }
    async fn display_financial_status(&self) -> Option<OrderDisplayFinancialStatus> {
        named(self.0.financial_status())
    }
    async fn display_fulfillment_status(&self) -> OrderDisplayFulfillmentStatus {
        named(self.0.fulfillment_status()).unwrap_or(OrderDisplayFulfillmentStatus::Unfulfilled)
    }
    async fn return_status(&self) -> OrderReturnStatus {
        named(crate::shop::returns::order_status(&self.0)).unwrap_or(OrderReturnStatus::NoReturn)
    }
    #[expect(clippy::too_many_arguments, reason = "a GraphQL field's arguments, as Shopify's schema names them")]
    async fn returns(
        &self,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        query: Option<String>,
        #[graphql(default = false)] reverse: bool,
    ) -> async_graphql::Result<super::paging::ReturnConnection> {
        let _ = query;
        super::returns::returns_of(&self.0, reverse, &Page { first, after, last, before })
    }
    async fn total_price_set(&self) -> MoneyBag {
        bag(self.0.total_cents())
    }
    /// What the order comes to after items and shipping went back: a refund of money alone (a
    /// duplicate charge given back, a goodwill amount) leaves it as it was.
    async fn current_total_price_set(&self) -> MoneyBag {
        let items: i64 = self.0.lines.iter().map(|l| (l.quantity - l.refunded) * l.unit_cents).sum();
        let shipping = (self.0.shipping_cents - crate::shop::actions::shipping_refunded(&self.0)).max(0);
        bag((items - self.0.discount_cents).max(0) + shipping)
    }
    async fn total_discounts_set(&self) -> MoneyBag {
        bag(self.0.discount_cents)
    }
    async fn subtotal_price_set(&self) -> Option<MoneyBag> {
        Some(bag(self.0.subtotal_cents()))
    }
    async fn current_subtotal_price_set(&self) -> MoneyBag {
        let refunded: i64 = self.0.lines.iter().map(|l| l.refunded * l.unit_cents).sum();
        bag(self.0.subtotal_cents() - refunded)
    }
    async fn total_shipping_price_set(&self) -> MoneyBag {
        bag(self.0.shipping_cents)
    }
    async fn total_refunded_set(&self) -> MoneyBag {
        bag(self.0.refunded_cents())
    }
    async fn net_payment_set(&self) -> MoneyBag {
        bag(self.0.paid_cents() - self.0.refunded_cents())
    }
    async fn total_outstanding_set(&self) -> MoneyBag {
        bag((self.0.total_cents() - self.0.paid_cents()).max(0))
    }
    async fn refundable(&self) -> bool {
        actions::refundable_cents(&self.0) > 0
    }
    async fn fully_paid(&self) -> bool {
        self.0.paid_cents() >= self.0.total_cents()
    }
    async fn test(&self) -> bool {
        false
    }
    async fn email(&self) -> Option<String> {
        Some(self.0.email.clone())
    }
    async fn phone(&self) -> Option<String> {
        None
    }
    async fn note(&self) -> Option<String> {
        self.0.note.clone()
    }
    async fn tags(&self) -> Vec<String> {
        self.0.tags.clone()
    }
    async fn status_page_url(&self) -> Url {
        Url(format!("https://shop.example/orders/{}/status", self.0.id))
    }
    async fn customer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<super::customer::Customer>> {
        let conn = super::db(ctx)?;
        Ok(orders::customer(&conn, self.0.customer_id).map_err(super::internal)?.map(super::customer::Customer))
    }
    async fn shipping_address(&self) -> Option<MailingAddress> {
        Some(MailingAddress::of(&self.0.address))
    }
    async fn line_items(
        &self,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        #[graphql(default = false)] reverse: bool,
    ) -> async_graphql::Result<paging::LineItemConnection> {
        let mut items: Vec<LineItem> = self.0.lines.iter().map(|l| LineItem(l.clone(), self.shipped(l.id))).collect();
        if reverse {
            items.reverse();
        }
        paging::page(items, |l| l.0.id, &Page { first, after, last, before })
    }
    async fn fulfillments(&self, first: Option<i32>) -> Vec<Fulfillment> {
        let n = first.map_or(usize::MAX, |n| n.max(0) as usize);
        self.0.fulfillments.iter().take(n).map(|f| Fulfillment(f.clone(), self.0.clone())).collect()
    }
    async fn refunds(&self, first: Option<i32>) -> Vec<Refund> {
        let n = first.map_or(usize::MAX, |n| n.max(0) as usize);
        self.0.refunds.iter().take(n).map(|r| Refund { refund: r.clone(), order: self.0.clone() }).collect()
    }
    async fn transactions(&self, first: Option<i32>) -> Vec<OrderTransaction> {
        let n = first.map_or(usize::MAX, |n| n.max(0) as usize);
        OrderTransaction::all(&self.0, n)
    }
    async fn suggested_refund(
        &self,
        refund_line_items: Option<Vec<RefundLineItemInput>>,
        refund_shipping: Option<bool>,
        shipping_amount: Option<Money>,
        #[graphql(default = false)] suggest_full_refund: bool,
    ) -> async_graphql::Result<Option<SuggestedRefund>> {
        let lines = line_pairs(&refund_line_items.unwrap_or_default())
            .map_err(|NotALineItem(id)| async_graphql::Error::new(format!("Invalid global id '{id}'")))?;
        let shipping_cents = match shipping_amount {
            Some(m) => Some(
                actions::cents(&m.0).ok_or_else(|| async_graphql::Error::new(format!("Invalid Money '{}'", m.0)))?,
            ),
            None => None,
        };
        let ask =
            RefundAsk { lines, full_shipping: refund_shipping.unwrap_or(false), shipping_cents, ..Default::default() };
        Ok(Some(SuggestedRefund { order: self.0.clone(), s: actions::suggest(&self.0, &ask, suggest_full_refund) }))
    }
}

impl Order {
    /// Units of the line that have shipped (the sandbox ships whole orders).
    fn shipped(&self, line: i64) -> i64 {
        if self.0.fulfillments.is_empty() {
            0
        } else {
            self.0.lines.iter().find(|l| l.id == line).map_or(0, |l| l.quantity)
        }
    }
}

#[derive(Clone)]
pub struct LineItem(pub orders::LineItem, pub i64);

#[Object]
impl LineItem {
    async fn id(&self) -> ID {
        gid("LineItem", self.0.id)
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn name(&self) -> String {
        match &self.0.variant {
            Some(v) => format!("{} - {v}", self.0.title),
            None => self.0.title.clone(),
        }
    }
    async fn variant_title(&self) -> Option<&str> {
        self.0.variant.as_deref()
    }
    async fn sku(&self) -> Option<&str> {
        Some(&self.0.sku)
    }
    /// The catalogue's variant this line was bought as (null for a custom line).
    async fn variant(&self) -> Option<super::draft::ProductVariant> {
        crate::shop::products::variant_for(&self.0.title, self.0.variant.as_deref()).map(super::draft::ProductVariant)
    }
    async fn quantity(&self) -> i64 {
        self.0.quantity
    }
    async fn current_quantity(&self) -> i64 {
        self.0.quantity - self.0.refunded
    }
    async fn refundable_quantity(&self) -> i64 {
        self.0.quantity - self.0.refunded
    }
    async fn unfulfilled_quantity(&self) -> i64 {
        (self.0.quantity - self.0.refunded - self.1).max(0)
    }
    async fn restockable(&self) -> bool {
        true
    }
    async fn requires_shipping(&self) -> bool {
        true
    }
    async fn original_unit_price_set(&self) -> MoneyBag {
        bag(self.0.unit_cents)
    }
    async fn discounted_unit_price_set(&self) -> MoneyBag {
        bag(self.0.unit_cents)
    }
    async fn original_total_set(&self) -> MoneyBag {
        bag(self.0.unit_cents * self.0.quantity)
    }
}

#[derive(SimpleObject, Clone)]
pub struct FulfillmentTrackingInfo {
    company: Option<String>,
    number: Option<String>,
    url: Option<Url>,
}

#[derive(Clone)]
pub struct Fulfillment(pub orders::Fulfillment, pub Arc<orders::Order>);

#[Object]
impl Fulfillment {
    async fn id(&self) -> ID {
        gid("Fulfillment", self.0.id)
    }
    async fn name(&self) -> String {
        format!("#F{}", self.0.id)
    }
    async fn status(&self) -> FulfillmentStatus {
        FulfillmentStatus::Success
    }
    async fn display_status(&self) -> Option<FulfillmentDisplayStatus> {
        named(&self.0.display_status)
    }
    async fn created_at(&self) -> DateTime {
        DateTime::at(self.0.created_at)
    }
    async fn updated_at(&self) -> DateTime {
        DateTime::at(self.0.delivered_at.or(self.0.in_transit_at).unwrap_or(self.0.created_at))
    }
    async fn in_transit_at(&self) -> Option<DateTime> {
        DateTime::maybe(self.0.in_transit_at)
    }
    async fn estimated_delivery_at(&self) -> Option<DateTime> {
        DateTime::maybe(self.0.estimated_delivery_at)
    }
    async fn delivered_at(&self) -> Option<DateTime> {
        DateTime::maybe(self.0.delivered_at)
    }
    async fn total_quantity(&self) -> i64 {
        self.0.quantity
    }
    async fn fulfillment_line_items(
        &self,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<super::paging::FulfillmentLineItemConnection> {
        super::returns::fulfillment_line_items(&self.1, self.0.id, &Page { first, after, last, before })
    }
    async fn tracking_info(&self, first: Option<i32>) -> Vec<FulfillmentTrackingInfo> {
        let one = FulfillmentTrackingInfo {
            company: Some(self.0.company.clone()),
            number: Some(self.0.number.clone()),
            url: Some(Url(self.0.url.clone())),
        };
        if first == Some(0) { vec![] } else { vec![one] }
    }
}
