//! Frontline: a keyboard-driven terminal console for customer-service helpdesks.
//!
//! Module map (one folder per layer; ARCHITECTURE.md has the data flow):
//! - `model/`: tickets, messages, people, views, KPI definitions. Pure, backend-neutral.
//! - `backend/`: `trait Helpdesk`, the shared HTTP layer and the Zendesk adapter.
//! - `app/`: `Model`, `Msg`, `Effect`, the pure `update`, the keymap, the runtime and executor.
//! - `ui/`: pure draw functions, one per pane.
//! - `text/`: sanitising hostile text, HTML to text, width-aware wrapping.
//! - `config/`: the config file, profiles and tokens, themes, key names.
//! - `sandbox/`: the embedded Zendesk-compatible helpdesk (HTTP + SQLite + seeded data).
//!   The console never calls into it except over HTTP.
//! - `store/`: the local SQLite store per profile: cache, outbox (exactly-once writes), drafts.
//! - `cli`, `launch`: the command line and how a console is put together.
//! - `signals`: Ctrl-C, SIGTERM and SIGHUP as one future.

pub mod app;

pub mod backend;
pub mod cli;
pub mod config;
pub mod launch;
pub mod model;
pub mod sandbox;
pub mod script;
pub mod signals;
pub mod store;
pub mod testkit;
pub mod text;
pub mod ui;
