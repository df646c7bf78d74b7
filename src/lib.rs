//! Frontline: a keyboard-driven terminal console for customer-service helpdesks.
//!
//! Module map (one folder per layer; see ARCHITECTURE.md for the data flow):
//! - `sandbox/`: the embedded Zendesk-compatible helpdesk (HTTP + SQLite + seeded data).
//!   The console never calls into it except over HTTP.
//! - `cli`: the command line (clap) and what each command runs.
//! - `signals`: Ctrl-C, SIGTERM and SIGHUP as one future.

pub mod cli;
pub mod sandbox;
pub mod signals;
