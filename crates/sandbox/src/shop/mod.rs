//! The sandbox's shop: orders and customers that agree with the helpdesk's tickets (every
//! order a ticket names exists for its requester, in a state that fits the story), kept in
//! the same database. The Shopify GraphQL Admin API over them is the next step of the shop
//! issue; today the helpdesk's "Order number" field and these tables are what exists.

pub mod orders;
pub mod seed;
