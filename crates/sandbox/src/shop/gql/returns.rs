//! Returns over GraphQL: what can be returned (`returnableFulfillments`, and each
//! fulfilment's `fulfillmentLineItems`), the returns on an order (`Order.returns`, `return`),
//! and `returnCreate`, `returnRequest`, `returnApproveRequest`, `returnDeclineRequest` with
//! `ReturnUserError`s. Exchange items are variants of the catalogue.

use super::order::{LineItem, Order};
use super::paging::{
    ExchangeLineItemConnection, FulfillmentLineItemConnection, Page, ReturnConnection, ReturnLineItemTypeConnection,
    ReturnableFulfillmentConnection, ReturnableFulfillmentLineItemConnection,
};
use super::query::now;
use super::{DateTime, Scopes, coded, db, gid, internal, name_of, named, parse_gid};
use crate::shop::returns::{self, ReturnAsk};
use crate::shop::{orders, products};
use async_graphql::{Context, Enum, ID, InputObject, Interface, Object, SimpleObject};
use std::sync::Arc;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ReturnReason {
    Color,
    Defective,
    NotAsDescribed,
    Other,
    SizeTooLarge,
    SizeTooSmall,
    Style,
    Unknown,
    Unwanted,
    WrongItem,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ReturnStatus {
    Canceled,
    Closed,
    Declined,
    Open,
    Requested,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ReturnDeclineReason {
    FinalSale,
    Other,
    ReturnPeriodEnded,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ReturnErrorCode {
    AlreadyExists,
    Blank,
    CreationFailed,
    EqualTo,
    FeatureNotEnabled,
    GreaterThan,
    GreaterThanOrEqualTo,
    Inclusion,
    IncompatibleWithStandardPolicy,
    InternalError,
    Invalid,
    InvalidState,
    LessThan,
    LessThanOrEqualTo,
    MissingPermission,
    NotificationFailed,
    NotANumber,
    NotEditable,
    NotFound,
    Present,
    Taken,
    TooBig,
    TooLong,
    TooManyArguments,
    TooShort,
    WrongLength,
}

/// A fulfilled line: (the order, fulfillment line item id, line item id, quantity).
#[derive(Clone)]
pub struct FulfillmentLineItem(pub Arc<orders::Order>, pub i64, pub i64, pub i64);

#[Object]
impl FulfillmentLineItem {
    async fn id(&self) -> ID {
        gid("FulfillmentLineItem", self.1)
    }
    async fn quantity(&self) -> Option<i64> {
        Some(self.3)
    }
    async fn line_item(&self) -> Option<LineItem> {
        let l = self.0.lines.iter().find(|l| l.id == self.2)?;
        let shipped = if self.0.fulfillments.is_empty() { 0 } else { l.quantity };
        Some(LineItem(l.clone(), shipped))
    }
}

/// Every fulfilled line of fulfilment `fulfillment` of `o`.
pub fn fulfillment_line_items(
    o: &Arc<orders::Order>,
    fulfillment: i64,
    page: &Page,
) -> async_graphql::Result<FulfillmentLineItemConnection> {
    let items: Vec<FulfillmentLineItem> = returns::fulfillment_lines(o)
        .into_iter()
        .filter(|(_, f, _, _)| *f == fulfillment)
        .map(|(fli, _, line, qty)| FulfillmentLineItem(o.clone(), fli, line, qty))
        .collect();
    super::paging::page(items, |l| l.1, page)
}

#[derive(SimpleObject, Clone)]
pub struct ReturnableFulfillmentLineItem {
    quantity: i64,
    fulfillment_line_item: FulfillmentLineItem,
}

#[derive(Clone)]
pub struct ReturnableFulfillment(Arc<orders::Order>, i64);

#[Object]
impl ReturnableFulfillment {
    async fn id(&self) -> ID {
        gid("ReturnableFulfillment", self.1)
    }
    async fn fulfillment(&self) -> Option<super::order::Fulfillment> {
        self.0
            .fulfillments
            .iter()
            .find(|f| f.id == self.1)
            .map(|f| super::order::Fulfillment(f.clone(), self.0.clone()))
    }
    async fn returnable_fulfillment_line_items(
        &self,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<ReturnableFulfillmentLineItemConnection> {
        let items: Vec<ReturnableFulfillmentLineItem> = returns::returnable(&self.0)
            .into_iter()
            .filter(|(_, f, _, left)| *f == self.1 && *left > 0)
            .map(|(fli, _, line, left)| ReturnableFulfillmentLineItem {
                quantity: left,
                fulfillment_line_item: FulfillmentLineItem(self.0.clone(), fli, line, left),
            })
            .collect();
        super::paging::page(items, |l| l.fulfillment_line_item.1, &Page { first, after, last, before })
    }
}

#[derive(Clone)]
pub struct ReturnLineItem(Arc<orders::Order>, returns::ReturnLine);

#[Object]
impl ReturnLineItem {
    async fn id(&self) -> ID {
        gid("ReturnLineItem", self.1.id)
    }
    async fn quantity(&self) -> i64 {
        self.1.quantity
    }
    #[graphql(deprecation = "Use `returnReasonDefinition` instead. This field will be removed in the future.")]
    async fn return_reason(&self) -> ReturnReason {
        named(&self.1.reason).unwrap_or(ReturnReason::Unknown)
    }
    async fn return_reason_note(&self) -> &str {
        &self.1.note
    }
    async fn customer_note(&self) -> Option<&str> {
        None
    }
    async fn refundable_quantity(&self) -> i64 {
        self.1.quantity
    }
    async fn refunded_quantity(&self) -> i64 {
        0
    }
    async fn fulfillment_line_item(&self) -> FulfillmentLineItem {
        FulfillmentLineItem(self.0.clone(), self.1.fulfillment_line_item_id, self.1.line_item_id, self.1.quantity)
    }
}

/// Shopify's `ReturnLineItemType`: what every kind of return line has.
#[expect(clippy::duplicated_attributes, reason = "several interface fields share a type (i64)")]
#[derive(Interface, Clone)]
#[graphql(
    field(name = "id", ty = "ID"),
    field(name = "quantity", ty = "i64"),
    field(
        name = "return_reason",
        ty = "ReturnReason",
        deprecation = "Use `returnReasonDefinition` instead. This field will be removed in the future."
    ),
    field(name = "return_reason_note", ty = "&str"),
    field(name = "customer_note", ty = "Option<&str>"),
    field(name = "refundable_quantity", ty = "i64"),
    field(name = "refunded_quantity", ty = "i64")
)]
pub enum ReturnLineItemType {
    ReturnLineItem(ReturnLineItem),
}

#[derive(Clone)]
pub struct ExchangeLineItem(returns::ExchangeLine);

#[Object]
impl ExchangeLineItem {
    async fn id(&self) -> ID {
        gid("ExchangeLineItem", self.0.id)
    }
    async fn quantity(&self) -> i64 {
        self.0.quantity
    }
    async fn variant_id(&self) -> ID {
        gid("ProductVariant", self.0.variant_id)
    }
    /// The line items the exchange adds to the order (one per exchange line here).
    async fn line_items(&self) -> Vec<LineItem> {
        let Some(v) = products::variant(self.0.variant_id) else { return vec![] };
        vec![LineItem(
            orders::LineItem {
                id: self.0.id,
                title: v.product_title,
                variant: v.title,
                sku: v.sku,
                quantity: self.0.quantity,
                refunded: 0,
                unit_cents: v.price_cents,
            },
            0,
        )]
    }
}

#[derive(SimpleObject, Clone)]
pub struct ReturnDecline {
    reason: ReturnDeclineReason,
    note: Option<String>,
}

#[derive(Clone)]
pub struct Return(pub Arc<orders::Order>, pub returns::Return);

#[Object]
impl Return {
    async fn id(&self) -> ID {
        gid("Return", self.1.id)
    }
    async fn name(&self) -> String {
        self.1.name(&self.0)
    }
    async fn status(&self) -> ReturnStatus {
        named(&self.1.status).unwrap_or(ReturnStatus::Open)
    }
    async fn total_quantity(&self) -> i64 {
        self.1.total_quantity()
    }
    async fn created_at(&self) -> DateTime {
        DateTime::at(self.1.created_at)
    }
    async fn request_approved_at(&self) -> Option<DateTime> {
        DateTime::maybe(self.1.approved_at)
    }
    async fn closed_at(&self) -> Option<DateTime> {
        DateTime::maybe(self.1.closed_at)
    }
    async fn decline(&self) -> Option<ReturnDecline> {
        let (reason, note) = self.1.decline.clone()?;
        Some(ReturnDecline { reason: named(&reason).unwrap_or(ReturnDeclineReason::Other), note })
    }
    async fn order(&self) -> Order {
        Order(self.0.clone())
    }
    async fn return_line_items(
        &self,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<ReturnLineItemTypeConnection> {
        let items: Vec<ReturnLineItemType> = self
            .1
            .lines
            .iter()
            .map(|l| ReturnLineItemType::ReturnLineItem(ReturnLineItem(self.0.clone(), l.clone())))
            .collect();
        super::paging::page(items, |ReturnLineItemType::ReturnLineItem(l)| l.1.id, &Page { first, after, last, before })
    }
    async fn exchange_line_items(
        &self,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<ExchangeLineItemConnection> {
        let items: Vec<ExchangeLineItem> = self.1.exchanges.iter().map(|e| ExchangeLineItem(e.clone())).collect();
        super::paging::page(items, |e| e.0.id, &Page { first, after, last, before })
    }
}

/// The returns of `o`, oldest first (newest first with `reverse`).
pub fn returns_of(o: &Arc<orders::Order>, reverse: bool, page: &Page) -> async_graphql::Result<ReturnConnection> {
    let mut items: Vec<Return> = o.returns.iter().map(|r| Return(o.clone(), r.clone())).collect();
    if reverse {
        items.reverse();
    }
    super::paging::page(items, |r| r.1.id, page)
}

#[derive(Default)]
pub struct ReturnQuery;

#[derive(Default)]
pub struct ReturnMutation;

fn order(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Option<orders::Order>> {
    orders::order(&*db(ctx)?, id).map_err(internal)
}

#[Object]
impl ReturnQuery {
    #[expect(clippy::too_many_arguments, reason = "a GraphQL field's arguments, as Shopify's schema names them")]
    async fn returnable_fulfillments(
        &self,
        ctx: &Context<'_>,
        order_id: ID,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        #[graphql(default = false)] reverse: bool,
    ) -> async_graphql::Result<ReturnableFulfillmentConnection> {
        let Some(o) = parse_gid("Order", &order_id).map(|n| order(ctx, n)).transpose()?.flatten() else {
            return Err(coded("Order does not exist", "NOT_FOUND"));
        };
        let o = Arc::new(o);
        let left = returns::returnable(&o);
        let mut items: Vec<ReturnableFulfillment> = o
            .fulfillments
            .iter()
            .filter(|f| left.iter().any(|(_, id, _, q)| *id == f.id && *q > 0))
            .map(|f| ReturnableFulfillment(o.clone(), f.id))
            .collect();
        if reverse {
            items.reverse();
        }
        super::paging::page(items, |f| f.1, &Page { first, after, last, before })
    }

    async fn r#return(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Return>> {
        let Some(n) = parse_gid("Return", &id) else { return Ok(None) };
        let Some(o) = order(ctx, returns::order_of_return(n))? else { return Ok(None) };
        let r = o.returns.iter().find(|r| r.id == n).cloned();
        Ok(r.map(|r| Return(Arc::new(o), r)))
    }
}

#[derive(SimpleObject, Clone)]
pub struct ReturnUserError {
    code: Option<ReturnErrorCode>,
    field: Option<Vec<String>>,
    message: String,
}

#[derive(SimpleObject, Clone, Default)]
pub struct ReturnPayload {
    r#return: Option<Return>,
    user_errors: Vec<ReturnUserError>,
}

#[derive(InputObject)]
pub struct RestockingFeeInput {
    percentage: f64,
}

#[derive(InputObject)]
pub struct ReturnLineItemInput {
    fulfillment_line_item_id: ID,
    quantity: i32,
    #[graphql(deprecation = "Use `returnReasonDefinitionId` instead. This field will be removed in the future.")]
    return_reason: Option<ReturnReason>,
    return_reason_definition_id: Option<ID>,
    #[graphql(default)]
    return_reason_note: String,
    restocking_fee: Option<RestockingFeeInput>,
}

#[derive(InputObject)]
pub struct ExchangeLineItemInput {
    variant_id: Option<ID>,
    quantity: i32,
    gift_card_codes: Option<Vec<String>>,
}

#[derive(InputObject)]
pub struct ReturnInput {
    order_id: ID,
    return_line_items: Vec<ReturnLineItemInput>,
    exchange_line_items: Option<Vec<ExchangeLineItemInput>>,
    #[graphql(deprecation = "This field is no longer supported and any value provided to it is currently ignored.")]
    notify_customer: Option<bool>,
    requested_at: Option<DateTime>,
}

#[derive(InputObject)]
pub struct ReturnRequestLineItemInput {
    fulfillment_line_item_id: ID,
    quantity: i32,
    #[graphql(deprecation = "Use `returnReasonDefinitionId` instead. This field will be removed in the future.")]
    return_reason: Option<ReturnReason>,
    return_reason_definition_id: Option<ID>,
    customer_note: Option<String>,
}

#[derive(InputObject)]
pub struct ReturnRequestInput {
    order_id: ID,
    return_line_items: Vec<ReturnRequestLineItemInput>,
}

#[derive(InputObject)]
pub struct ReturnApproveRequestInput {
    id: ID,
    #[graphql(default = false)]
    notify_customer: bool,
}

#[derive(InputObject)]
pub struct ReturnDeclineRequestInput {
    id: ID,
    decline_reason: ReturnDeclineReason,
    decline_note: Option<String>,
    #[graphql(default = false)]
    notify_customer: bool,
}

fn refused(r: crate::shop::actions::Refusal) -> ReturnPayload {
    ReturnPayload {
        r#return: None,
        user_errors: vec![ReturnUserError { code: r.code.and_then(named), field: Some(r.field), message: r.message }],
    }
}

fn need(ctx: &Context<'_>, field: &str) -> async_graphql::Result<()> {
    if ctx.data::<Scopes>()?.write_orders {
        return Ok(());
    }
    Err(coded(
        format!("Access denied for {field} field. Required access: `write_returns` access scope."),
        "ACCESS_DENIED",
    ))
}

fn missing(field: &[&str], what: &str) -> crate::shop::actions::Refusal {
    crate::shop::actions::Refusal {
        field: field.iter().map(|f| (*f).to_string()).collect(),
        message: format!("{what} does not exist"),
        code: Some("NOT_FOUND"),
    }
}

fn not_found(field: &[&str], what: &str) -> ReturnPayload {
    refused(missing(field, what))
}

/// Makes a return on the order the input names, saved with it; `status` OPEN or REQUESTED.
fn make(
    ctx: &Context<'_>,
    order_id: &ID,
    ask: Result<ReturnAsk, crate::shop::actions::Refusal>,
    status: &str,
    input: &str,
) -> async_graphql::Result<ReturnPayload> {
    let ask = match ask {
        Ok(a) => a,
        Err(r) => return Ok(refused(r)),
    };
    let now = now(ctx)?;
    let conn = db(ctx)?;
    let found = parse_gid("Order", order_id).map(|n| orders::order(&conn, n)).transpose().map_err(internal)?.flatten();
    let Some(mut o) = found else { return Ok(not_found(&[input, "orderId"], "Order")) };
    Ok(match returns::create(&mut o, &ask, status, input, now) {
        Ok(r) => {
            orders::save(&conn, &o).map_err(internal)?;
            ReturnPayload { r#return: Some(Return(Arc::new(o), r)), user_errors: vec![] }
        }
        Err(e) => refused(e),
    })
}

/// (fulfillment line item, quantity, reason, note) from the inputs; a wrong id is refused.
fn lines<'a>(
    input: &str,
    items: impl Iterator<Item = (&'a ID, i32, Option<ReturnReason>, String)>,
) -> Result<Vec<(i64, i64, String, String)>, crate::shop::actions::Refusal> {
    items
        .enumerate()
        .map(|(i, (id, qty, reason, note))| {
            let at = i.to_string();
            let fli = parse_gid("FulfillmentLineItem", id).ok_or_else(|| {
                missing(&[input, "returnLineItems", &at, "fulfillmentLineItemId"], "Fulfillment line item")
            })?;
            Ok((fli, i64::from(qty), name_of(reason.unwrap_or(ReturnReason::Unknown)).to_string(), note))
        })
        .collect()
}

#[Object]
impl ReturnMutation {
    /// A return staff open (the request counts as approved): OPEN.
    async fn return_create(
        &self,
        ctx: &Context<'_>,
        return_input: ReturnInput,
    ) -> async_graphql::Result<Option<ReturnPayload>> {
        need(ctx, "returnCreate")?;
        let i = return_input;
        let _ = (i.notify_customer, &i.requested_at);
        let items = i.return_line_items.iter().map(|l| {
            let _ = (&l.return_reason_definition_id, l.restocking_fee.as_ref().map(|f| f.percentage));
            (&l.fulfillment_line_item_id, l.quantity, l.return_reason, l.return_reason_note.clone())
        });
        let ask = lines("returnInput", items).and_then(|lines| {
            let exchanges = i
                .exchange_line_items
                .iter()
                .flatten()
                .enumerate()
                .map(|(n, e)| {
                    let _ = &e.gift_card_codes;
                    let at = n.to_string();
                    let v = e.variant_id.as_ref().and_then(|v| parse_gid("ProductVariant", v));
                    v.map(|v| (v, i64::from(e.quantity))).ok_or_else(|| {
                        missing(&["returnInput", "exchangeLineItems", &at, "variantId"], "Product variant")
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ReturnAsk { lines, exchanges })
        });
        make(ctx, &i.order_id, ask, "OPEN", "returnInput").map(Some)
    }

    /// A return the customer asks for: REQUESTED, for staff to approve or decline.
    async fn return_request(
        &self,
        ctx: &Context<'_>,
        input: ReturnRequestInput,
    ) -> async_graphql::Result<Option<ReturnPayload>> {
        need(ctx, "returnRequest")?;
        let items = input.return_line_items.iter().map(|l| {
            let _ = &l.return_reason_definition_id;
            (&l.fulfillment_line_item_id, l.quantity, l.return_reason, l.customer_note.clone().unwrap_or_default())
        });
        let ask = lines("input", items).map(|lines| ReturnAsk { lines, exchanges: vec![] });
        make(ctx, &input.order_id, ask, "REQUESTED", "input").map(Some)
    }

    async fn return_approve_request(
        &self,
        ctx: &Context<'_>,
        input: ReturnApproveRequestInput,
    ) -> async_graphql::Result<Option<ReturnPayload>> {
        need(ctx, "returnApproveRequest")?;
        let _ = input.notify_customer;
        decide(ctx, &input.id, returns::approve).map(Some)
    }

    async fn return_decline_request(
        &self,
        ctx: &Context<'_>,
        input: ReturnDeclineRequestInput,
    ) -> async_graphql::Result<Option<ReturnPayload>> {
        need(ctx, "returnDeclineRequest")?;
        let _ = input.notify_customer;
        let reason = name_of(input.decline_reason).to_string();
        let note = input.decline_note.clone();
        decide(ctx, &input.id, move |o, id, now| returns::decline(o, id, &reason, note.clone(), now)).map(Some)
    }
}

fn decide(
    ctx: &Context<'_>,
    id: &ID,
    act: impl Fn(&mut orders::Order, i64, i64) -> Result<returns::Return, crate::shop::actions::Refusal>,
) -> async_graphql::Result<ReturnPayload> {
    let now = now(ctx)?;
    let conn = db(ctx)?;
    let Some(n) = parse_gid("Return", id) else { return Ok(not_found(&["input", "id"], "Return")) };
    let Some(mut o) = orders::order(&conn, returns::order_of_return(n)).map_err(internal)? else {
        return Ok(not_found(&["input", "id"], "Return"));
    };
    Ok(match act(&mut o, n, now) {
        Ok(r) => {
            orders::save(&conn, &o).map_err(internal)?;
            ReturnPayload { r#return: Some(Return(Arc::new(o), r)), user_errors: vec![] }
        }
        Err(e) => refused(e),
    })
}
