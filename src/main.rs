//! The `frontline` binary: the console, `demo`, `sandbox` and the scripting commands.
//!
//! The layers live in their own crates (ARCHITECTURE.md draws the graph): `frontline-clock`,
//! `-model`, `-config`, `-backend`, `-shop`, `-store`, `-app`, `-ui` and `-sandbox`. This crate puts them together:
//! - `cli`: the command line (clap) and what each command runs.
//! - `launch`: config, profile and token, themes, keymap, log file, backend, store.
//! - `runtime`: the terminal loop: events, the clock and effect results in, one draw out.
//! - `script`: the commands without a screen.
//! - `logging`, `private`: the log file, and files only their owner may read.
//! - `signals`: Ctrl-C, SIGTERM and SIGHUP as one future.

mod cli;
mod cli_writes;
mod launch;
mod logging;
mod private;
mod runtime;
mod script;
mod signals;
mod terminal_keys;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    std::process::exit(cli::run(cli));
}
