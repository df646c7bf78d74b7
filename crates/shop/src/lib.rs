//! The shop beside the helpdesk: `trait Shop` (what the console asks of any shop) and the
//! Shopify GraphQL Admin API adapter. Maps the shop's answers onto `frontline_model`'s
//! `ShopOrder`; wire types stay inside.

mod error;
pub mod shopify;

pub use error::ShopError;

use async_trait::async_trait;
use frontline_model::{
    DiscountAsk, DiscountFacts, Money, OrderDetails, OrderEdit, RefundAsk, ReplacementAsk, ReturnAsk, ReturnableLine,
    ShopCustomer, ShopOrder, Timestamp,
};

/// What a refund would move, as the shop works it out before the agent confirms.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundQuote {
    pub amount: Money,
    pub shipping: Money,
    /// The lines as the shop would refund them (quantities cut to what is refundable).
    pub lines: Vec<(String, i64)>,
}

/// How an order is cancelled.
#[derive(Debug, Clone, PartialEq)]
pub struct CancelAsk {
    /// Shopify's `OrderCancelReason`: CUSTOMER, INVENTORY, FRAUD, DECLINED, STAFF, OTHER.
    pub reason: String,
    pub restock: bool,
    /// Refund what was paid to the original payment method.
    pub refund: bool,
    /// The shop e-mails the customer.
    pub notify: bool,
    /// Kept on the order for staff (never shown to the customer).
    pub staff_note: String,
}

/// A replacement's draft order, and the order completing it made (once it is completed).
#[derive(Debug, Clone, PartialEq)]
pub struct Replacement {
    pub draft_id: String,
    /// `#NW100234`.
    pub order_name: Option<String>,
}

/// What the console needs from a shop.
#[async_trait]
pub trait Shop: Send + Sync {
    /// Which shop, for titles and errors (never the token).
    fn describe(&self) -> String;
    /// A customer's orders, newest first (at most `ORDERS_SHOWN`), with the order named by
    /// `named` (`#NW804813`) among them even when it is older — one request.
    async fn orders(&self, email: &str, named: Option<&str>) -> Result<Vec<ShopOrder>, ShopError>;
    /// `orders`, and the customer with that e-mail as the shop knows them — the same one
    /// request.
    async fn orders_and_customer(
        &self,
        email: &str,
        named: Option<&str>,
    ) -> Result<(Vec<ShopOrder>, Option<ShopCustomer>), ShopError>;
    /// Sends the shop's account invite e-mail to the customer. Not idempotent: a resend first
    /// asks `account_state`.
    async fn send_invite(&self, customer_id: &str) -> Result<(), ShopError>;
    /// The customer's account state (`ENABLED`, `DISABLED`, `INVITED`, `DECLINED`).
    async fn account_state(&self, customer_id: &str) -> Result<Option<String>, ShopError>;
    /// A fresh one-time link that activates the customer's account (older links stop
    /// working).
    async fn activation_url(&self, customer_id: &str) -> Result<String, ShopError>;
    /// The order called `name` (`#NW804813` or `NW804813`), if the shop has it.
    async fn order_named(&self, name: &str) -> Result<Option<ShopOrder>, ShopError>;
    /// What refunding `ask` on the order would move.
    async fn quote_refund(&self, order_id: &str, ask: &RefundAsk) -> Result<RefundQuote, ShopError>;
    /// Refunds `ask` once: the same `key` again (a resend after a crash) refunds nothing more
    /// and answers with the first refund. Returns the amount refunded.
    async fn refund(&self, order_id: &str, ask: &RefundAsk, note: &str, key: &str) -> Result<Money, ShopError>;
    /// Cancels the order. Not idempotent at the shop: check `cancelled` before a resend.
    async fn cancel(&self, order_id: &str, how: &CancelAsk) -> Result<(), ShopError>;
    /// Whether the order is cancelled already.
    async fn cancelled(&self, order_id: &str) -> Result<bool, ShopError>;
    /// The discount code `code` (any case), if the shop has it.
    async fn discount(&self, code: &str) -> Result<Option<DiscountFacts>, ShopError>;
    /// Makes the single-use code `ask`. Not idempotent at the shop: a resend first asks
    /// `discount` whether the code exists already.
    async fn create_discount(&self, ask: &DiscountAsk) -> Result<(), ShopError>;
    /// What the pane does not show of an order: its shipping address, each line's variant.
    async fn order_details(&self, order_id: &str) -> Result<OrderDetails, ShopError>;
    /// The replacement an earlier send of the outbox entry tagged `tag` made, if any.
    async fn find_replacement(&self, tag: &str) -> Result<Option<Replacement>, ShopError>;
    /// The draft with this id (and the order it was completed into), read directly: no search
    /// index between it and the shop.
    async fn replacement_draft(&self, draft_id: &str) -> Result<Option<Replacement>, ShopError>;
    /// Makes the replacement's draft order, tagged `tag`. Not idempotent at the shop: a
    /// resend first asks `find_replacement`.
    async fn create_replacement(&self, ask: &ReplacementAsk, tag: &str) -> Result<Replacement, ShopError>;
    /// Completes the draft into an order; returns the order's name.
    async fn complete_replacement(&self, draft_id: &str) -> Result<String, ShopError>;
    /// Changes the order's shipping address, note or tags (each overwritten with the new one).
    /// Not idempotent by key: a resend first asks `order_details` whether it is done.
    async fn update_order(&self, edit: &OrderEdit) -> Result<(), ShopError>;
    /// What of the order can still go back, each line with its product's other variants.
    async fn returnable(&self, order_id: &str) -> Result<Vec<ReturnableLine>, ShopError>;
    /// The return an earlier send made for `ask` (since `since`), by its name.
    async fn find_return(&self, ask: &ReturnAsk, since: Timestamp) -> Result<Option<String>, ShopError>;
    /// Opens the return (with its exchange); returns its name. Not idempotent: a resend first
    /// asks `find_return`.
    async fn create_return(&self, ask: &ReturnAsk) -> Result<String, ShopError>;
    /// A return's status (`REQUESTED`, `OPEN`, …).
    async fn return_status(&self, return_id: &str) -> Result<Option<String>, ShopError>;
    /// Approves or declines (with Shopify's `ReturnDeclineReason` and a note for the customer)
    /// a return the customer requested.
    async fn decide_return(
        &self,
        return_id: &str,
        approve: bool,
        reason: Option<&str>,
        note: Option<&str>,
    ) -> Result<(), ShopError>;
    /// One cheap call that proves the token reads orders, and what the shop said of its
    /// budget: `1000 of 1000 points, restoring 50 a second`.
    async fn check(&self) -> Result<String, ShopError>;
    /// Requests sent so far (each costs the shared API budget).
    fn requests(&self) -> u64;
}

/// How many of a customer's newest orders are fetched.
pub const ORDERS_SHOWN: usize = 10;
