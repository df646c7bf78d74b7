//! The sandbox's shop: orders and customers that agree with the helpdesk's tickets (every
//! order a ticket names exists for its requester, in a state that fits the story), kept in
//! the same database, and served as Shopify's GraphQL Admin API on the sandbox's listener.

pub mod accounts;
pub mod actions;
pub mod api;
pub mod cost;
pub mod discounts;
pub mod drafts;
pub mod gql;
pub mod orders;
pub mod products;
pub mod returns;
pub mod search;
pub mod seed;

use std::collections::HashMap;
use std::sync::Mutex;

/// The API version the sandbox speaks (others are answered the same, as Shopify falls forward).
pub const API_VERSION: &str = "2026-01";

/// The shop's side of the sandbox's shared state.
pub struct ShopState {
    /// Token with `read_orders`, `read_customers` and `write_orders`.
    pub token: String,
    /// Token with the read scopes only (writes answer ACCESS_DENIED).
    pub read_token: String,
    pub buckets: Mutex<cost::Buckets>,
    /// Cancellation jobs by id: done or not.
    pub jobs: Mutex<HashMap<String, bool>>,
}

impl ShopState {
    pub fn new(helpdesk_token: &str) -> Self {
        ShopState {
            token: format!("shpat_{helpdesk_token}"),
            read_token: format!("shpat_read_{helpdesk_token}"),
            buckets: Mutex::default(),
            jobs: Mutex::default(),
        }
    }
}
