//! The integration tests, one binary (as bottom does): each file a module, `support/` shared.
//! Linking the whole workspace once instead of once per file is most of what a clean `cargo
//! test` costs on two cores. The tests that need an outside program (tmux, a real Request
//! Tracker, Node.js, prism, root for a tmpfs) are `#[ignore]`d: `cargo test -- --ignored`.

// Zendesk's ticket JSON in zendesk_contract is deeper than serde_json's macro goes by default.
#![recursion_limit = "256"]
// Tests stop loudly: unwrap, expect and panic are how they fail.
#![expect(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a failing test stops loudly")]

mod support;

mod actions_e2e;
mod budget;
mod chatwoot_contract;
mod chatwoot_live;
mod chatwoot_prism;
mod console_e2e;
mod fuzz;
mod hostile;
mod macro_shop_e2e;
mod orders_e2e;
mod render;
mod render_overlays;
mod resilience;
mod rt;
mod rt_contract;
mod sandbox_api;
mod sandbox_process;
mod sandbox_shop;
mod script_cli;
mod shopify_client;
mod snooze_e2e;
mod time_tracking;
mod tmux_chatwoot;
mod tmux_orders;
mod tmux_outbox;
mod tmux_shift;
mod tmux_smoke;
mod tmux_time;
mod zendesk_contract;
