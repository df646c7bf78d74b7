//! The command line: the console (`frontline`), `frontline demo` and `frontline sandbox`.

use crate::launch::{self, ConsoleOptions};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "frontline", version, about = "A keyboard-driven terminal console for customer-service helpdesks")]
pub struct Cli {
    /// Profile of the config to open (default: default_profile, or the only one).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Config file (default: $FRONTLINE_CONFIG, then the platform config folder).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Theme to use (default-dark, light, high-contrast, or one of yours).
    #[arg(long, global = true)]
    pub theme: Option<String>,
    /// No colours (also when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Refuse every write (assign, reply, status…): for on-call watchers.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Write debug detail to the log file (as FRONTLINE_LOG=debug). Tokens are never logged.
    #[arg(long, global = true)]
    pub debug: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the console on the built-in sandbox: no account, no setup.
    Demo(DemoArgs),
    /// Run the built-in sandbox: a Zendesk-compatible helpdesk on loopback, backed by SQLite.
    Sandbox(SandboxArgs),
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Tickets to seed the sandbox with.
    #[arg(long, default_value_t = 300)]
    pub tickets: u32,
    /// Seed of the generated dataset.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Simulated customer events per minute (0 = a still helpdesk).
    #[arg(long, default_value_t = 4.0)]
    pub traffic: f64,
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
    let opts = ConsoleOptions { theme: cli.theme.clone(), no_color: cli.no_color, read_only: cli.read_only };
    let _log = match &cli.command {
        Some(Command::Sandbox(_)) => None,
        _ => launch::init_logging(cli.debug),
    };
    let result = rt.block_on(async {
        match cli.command {
            Some(Command::Sandbox(args)) => crate::sandbox::run_until_signal(args.options()).await,
            Some(Command::Demo(d)) => {
                let cfg = launch::load_config(cli.config.as_deref())?;
                let sb = crate::sandbox::SandboxOptions {
                    tickets: d.tickets,
                    seed: d.seed,
                    traffic_per_min: d.traffic,
                    ..Default::default()
                };
                launch::demo(&cfg, sb, &opts).await
            }
            None => {
                let cfg = launch::load_config(cli.config.as_deref())?;
                launch::profile_console(&cfg, cli.profile.as_deref(), &opts).await
            }
        }
    });
    // Background tasks (requests in flight) must not keep the process alive after quitting.
    rt.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("frontline: {e:#}");
            2
        }
    }
}
