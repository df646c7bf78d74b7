//! Draft orders and the catalogue's variants over GraphQL: `draftOrders` (Shopify's search
//! syntax: `tag:`, `status:`), `draftOrder`, `productVariant`, and the mutations
//! `draftOrderCreate` and `draftOrderComplete`, with `UserError`s (no codes, as Shopify's).

use super::mutation::UserError;
use super::order::Order;
use super::paging::{self, DraftOrderConnection, DraftOrderLineItemConnection, Page};
use super::query::now;
use super::{CurrencyCode, DateTime, Decimal, Money, MoneyBag, Scopes, bag, coded, db, gid, internal, parse_gid};
use crate::shop::drafts::{self, DraftAsk, LineAsk, Off};
use crate::shop::orders::{self, Address};
use crate::shop::products;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use std::sync::Arc;

#[derive(Default)]
pub struct DraftQuery;

#[derive(Default)]
pub struct DraftMutation;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DraftOrderStatus {
    Completed,
    InvoiceSent,
    Open,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DraftOrderAppliedDiscountType {
    FixedAmount,
    Percentage,
}

/// The countries the sandbox ships to (Shopify's `CountryCode` has about 250).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CountryCode {
    At,
    Be,
    Ch,
    De,
    Dk,
    Es,
    Fi,
    Fr,
    Gb,
    Ie,
    It,
    Lu,
    Nl,
    No,
    Pl,
    Pt,
    Se,
    Us,
    Ca,
}

fn country_name(code: &str) -> &'static str {
    match code {
        "AT" => "Austria",
        "BE" => "Belgium",
        "CH" => "Switzerland",
        "DE" => "Germany",
        "DK" => "Denmark",
        "ES" => "Spain",
        "FI" => "Finland",
        "FR" => "France",
        "GB" => "United Kingdom",
        "IE" => "Ireland",
        "IT" => "Italy",
        "LU" => "Luxembourg",
        "NL" => "Netherlands",
        "NO" => "Norway",
        "PL" => "Poland",
        "PT" => "Portugal",
        "SE" => "Sweden",
        "US" => "United States",
        "CA" => "Canada",
        _ => "",
    }
}

/// A catalogue variant: one size of a product.
#[derive(Clone)]
pub struct ProductVariant(pub products::Variant);

#[derive(Clone)]
pub struct Product {
    id: i64,
    title: String,
}

#[Object]
impl Product {
    async fn id(&self) -> ID {
        gid("Product", self.id)
    }
    async fn title(&self) -> &str {
        &self.title
    }
    /// Its sizes: what an exchange can send instead.
    async fn variants(
        &self,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<super::paging::ProductVariantConnection> {
        let items: Vec<ProductVariant> = products::variants_of(self.id).into_iter().map(ProductVariant).collect();
        paging::page(items, |v| v.0.id, &Page { first, after, last, before })
    }
}

#[derive(SimpleObject, Clone)]
pub struct SelectedOption {
    name: String,
    value: String,
}

#[Object]
impl ProductVariant {
    async fn id(&self) -> ID {
        gid("ProductVariant", self.0.id)
    }
    /// `M`, or Shopify's `Default Title` for a product in one variant.
    async fn title(&self) -> String {
        self.0.title.clone().unwrap_or_else(|| "Default Title".into())
    }
    async fn display_name(&self) -> String {
        match &self.0.title {
            Some(t) => format!("{} - {t}", self.0.product_title),
            None => self.0.product_title.clone(),
        }
    }
    async fn sku(&self) -> Option<&str> {
        Some(&self.0.sku)
    }
    async fn price(&self) -> Money {
        Money(crate::shop::actions::decimal(self.0.price_cents))
    }
    async fn available_for_sale(&self) -> bool {
        true
    }
    async fn selected_options(&self) -> Vec<SelectedOption> {
        self.0.title.iter().map(|t| SelectedOption { name: "Size".into(), value: t.clone() }).collect()
    }
    async fn product(&self) -> Product {
        Product { id: self.0.product_id, title: self.0.product_title.clone() }
    }
}

#[derive(SimpleObject, Clone)]
pub struct DraftOrderAppliedDiscount {
    amount_set: MoneyBag,
    description: String,
    title: Option<String>,
    value: f64,
    value_type: DraftOrderAppliedDiscountType,
}

#[derive(Clone)]
pub struct DraftOrderLineItem(drafts::DraftLine, pub i64);

#[Object]
impl DraftOrderLineItem {
    async fn id(&self) -> ID {
        gid("DraftOrderLineItem", self.1)
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
    async fn quantity(&self) -> i64 {
        self.0.quantity
    }
    async fn custom(&self) -> bool {
        false
    }
    async fn requires_shipping(&self) -> bool {
        true
    }
    async fn uuid(&self) -> String {
        format!("draft-line-{}", self.1)
    }
    async fn variant(&self) -> Option<ProductVariant> {
        products::variant(self.0.variant_id).map(ProductVariant)
    }
    async fn original_unit_price_set(&self) -> MoneyBag {
        bag(self.0.unit_cents)
    }
    async fn total_discount_set(&self) -> MoneyBag {
        bag(self.0.discount_cents)
    }
    async fn discounted_total_set(&self) -> MoneyBag {
        bag(self.0.unit_cents * self.0.quantity - self.0.discount_cents)
    }
    async fn applied_discount(&self) -> Option<DraftOrderAppliedDiscount> {
        let full = self.0.unit_cents * self.0.quantity;
        (self.0.discount_cents > 0).then(|| {
            #[expect(clippy::cast_precision_loss, reason = "a share of an amount in cents")]
            let value = if full > 0 { self.0.discount_cents as f64 * 100.0 / full as f64 } else { 0.0 };
            DraftOrderAppliedDiscount {
                amount_set: bag(self.0.discount_cents),
                description: String::new(),
                title: self.0.discount_title.clone(),
                value,
                value_type: DraftOrderAppliedDiscountType::Percentage,
            }
        })
    }
}

#[derive(SimpleObject, Clone)]
pub struct ShippingLine {
    title: String,
    custom: bool,
    original_price_set: MoneyBag,
    discounted_price_set: MoneyBag,
}

#[derive(Clone)]
pub struct DraftOrder(pub Arc<drafts::Draft>);

#[Object]
impl DraftOrder {
    async fn id(&self) -> ID {
        gid("DraftOrder", self.0.id)
    }
    async fn name(&self) -> String {
        self.0.name()
    }
    async fn status(&self) -> DraftOrderStatus {
        match self.0.status.as_str() {
            "COMPLETED" => DraftOrderStatus::Completed,
            "INVOICE_SENT" => DraftOrderStatus::InvoiceSent,
            _ => DraftOrderStatus::Open,
        }
    }
    /// Always ready: the sandbox does its work before it answers.
    async fn ready(&self) -> bool {
        true
    }
    async fn note2(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn tags(&self) -> &[String] {
        &self.0.tags
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    async fn created_at(&self) -> DateTime {
        DateTime::at(self.0.created_at)
    }
    async fn updated_at(&self) -> DateTime {
        DateTime::at(self.0.updated_at)
    }
    async fn completed_at(&self) -> Option<DateTime> {
        DateTime::maybe(self.0.completed_at)
    }
    async fn currency_code(&self) -> CurrencyCode {
        CurrencyCode::Eur
    }
    async fn tax_exempt(&self) -> bool {
        false
    }
    async fn subtotal_price_set(&self) -> MoneyBag {
        bag(self.0.subtotal_cents())
    }
    async fn total_discounts_set(&self) -> MoneyBag {
        bag(self.0.discount_cents())
    }
    async fn total_shipping_price_set(&self) -> MoneyBag {
        bag(self.0.shipping_cents)
    }
    async fn total_tax_set(&self) -> MoneyBag {
        bag(0)
    }
    async fn total_price_set(&self) -> MoneyBag {
        bag(self.0.total_cents())
    }
    async fn shipping_line(&self) -> Option<ShippingLine> {
        self.0.shipping_title.as_ref().map(|t| ShippingLine {
            title: t.clone(),
            custom: true,
            original_price_set: bag(self.0.shipping_cents),
            discounted_price_set: bag(self.0.shipping_cents),
        })
    }
    async fn shipping_address(&self) -> Option<super::order::MailingAddress> {
        self.0.address.as_ref().map(super::order::MailingAddress::of)
    }
    async fn customer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<super::customer::Customer>> {
        let Some(c) = self.0.customer_id else { return Ok(None) };
        Ok(orders::customer(&*db(ctx)?, c).map_err(internal)?.map(super::customer::Customer))
    }
    /// The order completing it made.
    async fn order(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Order>> {
        let Some(id) = self.0.order_id else { return Ok(None) };
        Ok(orders::order(&*db(ctx)?, id).map_err(internal)?.map(|o| Order(Arc::new(o))))
    }
    async fn line_items(
        &self,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<DraftOrderLineItemConnection> {
        let items: Vec<DraftOrderLineItem> =
            self.0.lines.iter().zip(1..).map(|(l, i)| DraftOrderLineItem(l.clone(), self.0.id * 100 + i)).collect();
        paging::page(items, |l| l.1, &Page { first, after, last, before })
    }
}

fn need(ctx: &Context<'_>, write: bool, field: &str) -> async_graphql::Result<()> {
    if write && !ctx.data::<Scopes>()?.write_orders {
        return Err(coded(
            format!("Access denied for {field} field. Required access: `write_draft_orders` access scope."),
            "ACCESS_DENIED",
        ));
    }
    Ok(())
}

#[Object]
impl DraftQuery {
    #[expect(clippy::too_many_arguments, reason = "a GraphQL field's arguments, as Shopify's schema names them")]
    async fn draft_orders(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        query: Option<String>,
        #[graphql(default = false)] reverse: bool,
    ) -> async_graphql::Result<DraftOrderConnection> {
        need(ctx, false, "draftOrders")?;
        let mut found: Vec<DraftOrder> = drafts::search(&*db(ctx)?, query.as_deref())
            .map_err(internal)?
            .into_iter()
            .map(|d| DraftOrder(Arc::new(d)))
            .collect();
        // Shopify's default sort is by id, oldest first
        found.reverse();
        if reverse {
            found.reverse();
        }
        paging::page(found, |d| d.0.id, &Page { first, after, last, before })
    }

    async fn draft_order(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<DraftOrder>> {
        need(ctx, false, "draftOrder")?;
        let Some(n) = parse_gid("DraftOrder", &id) else { return Ok(None) };
        Ok(drafts::by_id(&*db(ctx)?, n).map_err(internal)?.map(|d| DraftOrder(Arc::new(d))))
    }

    async fn product_variant(&self, id: ID) -> Option<ProductVariant> {
        parse_gid("ProductVariant", &id).and_then(products::variant).map(ProductVariant)
    }
}

#[derive(SimpleObject, Clone, Default)]
pub struct DraftOrderCreatePayload {
    draft_order: Option<DraftOrder>,
    user_errors: Vec<UserError>,
}

#[derive(SimpleObject, Clone, Default)]
pub struct DraftOrderCompletePayload {
    draft_order: Option<DraftOrder>,
    user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct MoneyInput {
    amount: Decimal,
    currency_code: CurrencyCode,
}

#[derive(InputObject)]
pub struct DraftOrderAppliedDiscountInput {
    value: f64,
    value_type: DraftOrderAppliedDiscountType,
    title: Option<String>,
    description: Option<String>,
    amount_with_currency: Option<MoneyInput>,
}

#[derive(InputObject)]
pub struct DraftOrderLineItemInput {
    variant_id: Option<ID>,
    quantity: i32,
    applied_discount: Option<DraftOrderAppliedDiscountInput>,
    title: Option<String>,
    sku: Option<String>,
    requires_shipping: Option<bool>,
    taxable: Option<bool>,
}

#[derive(InputObject)]
pub struct ShippingLineInput {
    title: Option<String>,
    price_with_currency: Option<MoneyInput>,
    #[graphql(deprecation = "`priceWithCurrency` should be used instead, where currencies can be specified.")]
    price: Option<Money>,
    shipping_rate_handle: Option<String>,
}

#[derive(InputObject)]
pub struct MailingAddressInput {
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub city: Option<String>,
    pub company: Option<String>,
    pub country_code: Option<CountryCode>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub province_code: Option<String>,
    pub zip: Option<String>,
}

impl MailingAddressInput {
    /// The address as the sandbox keeps it.
    pub fn address(&self) -> Address {
        let code = self.country_code.map_or("", |c| super::name_of(c)).to_string();
        let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        Address {
            name: [text(&self.first_name), text(&self.last_name)].into_iter().flatten().collect::<Vec<_>>().join(" "),
            address1: text(&self.address1).unwrap_or_default(),
            city: text(&self.city).unwrap_or_default(),
            zip: text(&self.zip).unwrap_or_default(),
            country: country_name(&code).to_string(),
            country_code: code,
            first_name: text(&self.first_name),
            last_name: text(&self.last_name),
            address2: text(&self.address2),
            province_code: text(&self.province_code),
            phone: text(&self.phone),
        }
    }
}

#[derive(InputObject)]
pub struct PurchasingEntityInput {
    customer_id: Option<ID>,
}

#[derive(InputObject)]
pub struct DraftOrderInput {
    purchasing_entity: Option<PurchasingEntityInput>,
    #[graphql(deprecation = "Use `purchasingEntity` instead, which can be used for either a D2C or B2B customer.")]
    customer_id: Option<ID>,
    email: Option<String>,
    line_items: Option<Vec<DraftOrderLineItemInput>>,
    shipping_line: Option<ShippingLineInput>,
    shipping_address: Option<MailingAddressInput>,
    note: Option<String>,
    tags: Option<Vec<String>>,
    use_customer_default_address: Option<bool>,
    visible_to_customer: Option<bool>,
    tax_exempt: Option<bool>,
}

fn error(field: &[&str], message: &str) -> UserError {
    UserError { field: Some(field.iter().map(|f| (*f).to_string()).collect()), message: message.into() }
}

fn off(d: &DraftOrderAppliedDiscountInput) -> Option<Off> {
    match d.value_type {
        DraftOrderAppliedDiscountType::Percentage => Some(Off::Percent(d.value)),
        DraftOrderAppliedDiscountType::FixedAmount => {
            let amount = d.amount_with_currency.as_ref().map_or_else(
                || crate::shop::actions::cents(&format!("{:.2}", d.value)),
                |m| crate::shop::actions::cents(&m.amount.0),
            );
            amount.map(Off::Cents)
        }
    }
}

#[Object]
impl DraftMutation {
    async fn draft_order_create(
        &self,
        ctx: &Context<'_>,
        input: DraftOrderInput,
    ) -> async_graphql::Result<Option<DraftOrderCreatePayload>> {
        need(ctx, true, "draftOrderCreate")?;
        let now = now(ctx)?;
        let customer =
            input.purchasing_entity.as_ref().and_then(|p| p.customer_id.as_ref()).or(input.customer_id.as_ref());
        let customer_id = match customer {
            None => None,
            Some(id) => match parse_gid("Customer", id) {
                Some(n) => Some(n),
                None => {
                    let e = error(&["input", "purchasingEntity", "customerId"], "Customer does not exist");
                    return Ok(Some(DraftOrderCreatePayload { draft_order: None, user_errors: vec![e] }));
                }
            },
        };
        let mut lines = Vec::new();
        for (i, l) in input.line_items.iter().flatten().enumerate() {
            // an id of another kind is no variant: refused by the rules as one that does not exist
            let variant_id = l.variant_id.as_ref().map(|id| parse_gid("ProductVariant", id).unwrap_or(0));
            let off = match &l.applied_discount {
                None => None,
                Some(d) => match off(d) {
                    Some(o) => Some((o, d.title.clone().or_else(|| d.description.clone()))),
                    None => {
                        let at = i.to_string();
                        let e = error(&["input", "lineItems", &at, "appliedDiscount"], "Amount is invalid");
                        return Ok(Some(DraftOrderCreatePayload { draft_order: None, user_errors: vec![e] }));
                    }
                },
            };
            let _ = (&l.title, &l.sku, l.requires_shipping, l.taxable);
            lines.push(LineAsk { variant_id, quantity: i64::from(l.quantity), off });
        }
        let shipping = match &input.shipping_line {
            None => None,
            Some(s) => {
                let _ = &s.shipping_rate_handle;
                let price = s
                    .price_with_currency
                    .as_ref()
                    .map(|m| m.amount.0.clone())
                    .or(s.price.as_ref().map(|p| p.0.clone()));
                let Some(cents) = price.as_deref().map_or(Some(0), crate::shop::actions::cents) else {
                    let e = error(&["input", "shippingLine", "priceWithCurrency"], "Price is invalid");
                    return Ok(Some(DraftOrderCreatePayload { draft_order: None, user_errors: vec![e] }));
                };
                Some((s.title.clone().unwrap_or_else(|| "Shipping".into()), cents))
            }
        };
        let mut address = input.shipping_address.as_ref().map(MailingAddressInput::address);
        let conn = db(ctx)?;
        if address.is_none() && input.use_customer_default_address == Some(true) {
            // the customer's last order's address stands in for their default address
            address = customer_id
                .map(|c| orders::of_customer(&conn, c))
                .transpose()
                .map_err(internal)?
                .and_then(|o| o.into_iter().next())
                .map(|o| o.address);
        }
        let _ = (input.visible_to_customer, input.tax_exempt);
        let ask = DraftAsk {
            customer_id,
            email: input.email,
            lines,
            shipping,
            address,
            note: input.note,
            tags: input.tags.unwrap_or_default(),
        };
        Ok(Some(match drafts::create(&conn, ask, now).map_err(internal)? {
            Ok(d) => DraftOrderCreatePayload { draft_order: Some(DraftOrder(Arc::new(d))), user_errors: vec![] },
            Err(refusals) => DraftOrderCreatePayload {
                draft_order: None,
                user_errors: refusals
                    .into_iter()
                    .map(|r| UserError { field: Some(r.field), message: r.message })
                    .collect(),
            },
        }))
    }

    async fn draft_order_complete(
        &self,
        ctx: &Context<'_>,
        id: ID,
        payment_gateway_id: Option<ID>,
        source_name: Option<String>,
    ) -> async_graphql::Result<Option<DraftOrderCompletePayload>> {
        need(ctx, true, "draftOrderComplete")?;
        if payment_gateway_id.is_some() {
            let e = error(&["paymentGatewayId"], "Invalid payment gateway");
            return Ok(Some(DraftOrderCompletePayload { draft_order: None, user_errors: vec![e] }));
        }
        let _ = source_name;
        let now = now(ctx)?;
        let Some(n) = parse_gid("DraftOrder", &id) else {
            let e = error(&["id"], "Draft order does not exist");
            return Ok(Some(DraftOrderCompletePayload { draft_order: None, user_errors: vec![e] }));
        };
        Ok(Some(match drafts::complete(&*db(ctx)?, n, now).map_err(internal)? {
            Ok(d) => DraftOrderCompletePayload { draft_order: Some(DraftOrder(Arc::new(d))), user_errors: vec![] },
            Err(r) => DraftOrderCompletePayload {
                draft_order: None,
                user_errors: vec![UserError { field: Some(r.field), message: r.message }],
            },
        }))
    }
}
