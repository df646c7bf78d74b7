//! The shop beside the helpdesk: `trait Shop` (what the console asks of any shop) and the
//! Shopify GraphQL Admin API adapter. Maps the shop's answers onto `frontline_model`'s
//! `ShopOrder`; wire types stay inside.

mod error;
pub mod shopify;

pub use error::ShopError;

use async_trait::async_trait;
use frontline_model::ShopOrder;

/// What the console needs from a shop.
#[async_trait]
pub trait Shop: Send + Sync {
    /// Which shop, for titles and errors (never the token).
    fn describe(&self) -> String;
    /// A customer's orders, newest first (at most `ORDERS_SHOWN`), with the order named by
    /// `named` (`#NW804813`) among them even when it is older — one request.
    async fn orders(&self, email: &str, named: Option<&str>) -> Result<Vec<ShopOrder>, ShopError>;
    /// The order called `name` (`#NW804813` or `NW804813`), if the shop has it.
    async fn order_named(&self, name: &str) -> Result<Option<ShopOrder>, ShopError>;
    /// Requests sent so far (each costs the shared API budget).
    fn requests(&self) -> u64;
}

/// How many of a customer's newest orders are fetched.
pub const ORDERS_SHOWN: usize = 20;
