//! The command line: `frontline sandbox`, and what each command runs.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "frontline",
    version,
    about = "A keyboard-driven terminal console for customer-service helpdesks"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the built-in sandbox: a Zendesk-compatible helpdesk on loopback, backed by SQLite.
    Sandbox(SandboxArgs),
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8085")]
    pub listen: SocketAddr,
    /// SQLite file to keep the data in (default: a new file in a temporary folder).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Number of tickets to seed a new database with.
    #[arg(long, default_value_t = 300)]
    pub tickets: u32,
    /// Seed of the generated dataset: same seed, same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Simulated customer events per minute (new tickets, replies, ratings); 0 = off.
    #[arg(long, default_value_t = 0.0)]
    pub traffic: f64,
    /// API token to accept (default: a fresh random token, printed at start).
    #[arg(long)]
    pub token: Option<String>,
    /// Requests per minute before answering 429 with Retry-After (default: no limit).
    #[arg(long)]
    pub rate_limit: Option<u32>,
}

impl SandboxArgs {
    pub fn options(&self) -> crate::sandbox::SandboxOptions {
        crate::sandbox::SandboxOptions {
            listen: self.listen,
            db: self.db.clone(),
            tickets: self.tickets,
            seed: self.seed,
            traffic_per_min: self.traffic,
            token: self.token.clone(),
            rate_limit: self.rate_limit,
        }
    }
}

/// Runs the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("frontline: cannot start the async runtime: {e}");
            return 1;
        }
    };
    let result = match cli.command {
        Some(Command::Sandbox(args)) => rt.block_on(crate::sandbox::run_until_signal(args.options())),
        None => Err(anyhow::anyhow!("the console is not wired yet: run `frontline sandbox`")),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("frontline: {e:#}");
            2
        }
    }
}
