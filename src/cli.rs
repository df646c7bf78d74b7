//! The command line: the console (`frontline`), `frontline demo` and `frontline sandbox`.

use crate::launch::{self, ConsoleOptions};
#[cfg(feature = "sandbox")]
use clap::Args;
use clap::{Parser, Subcommand};
use frontline_clock::SharedClock;
#[cfg(feature = "sandbox")]
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
    /// Open on the wallboard: KPIs large, counts per view, breaches first; read-only.
    #[arg(long, global = true)]
    pub wallboard: bool,
    /// Write debug detail to the log file (as FRONTLINE_LOG=debug). Tokens are never logged.
    #[arg(long, global = true)]
    pub debug: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the console on the built-in sandbox: no account, no setup.
    #[cfg(feature = "sandbox")]
    Demo(DemoArgs),
    /// Run the built-in sandbox: a Zendesk-compatible helpdesk on loopback, backed by SQLite.
    #[cfg(feature = "sandbox")]
    Sandbox(SandboxArgs),
    /// Print a view's tickets as a table, or as JSON lines with --json.
    Queue {
        /// View name (default: the first view); a part of the name is enough.
        #[arg(long)]
        view: Option<String>,
        /// Only tickets with this status (new, open, pending, on-hold, solved, closed).
        #[arg(long)]
        status: Option<String>,
        /// Only tickets assigned to `me`, `none`, or an agent's e-mail.
        #[arg(long)]
        assignee: Option<String>,
        /// At most this many tickets.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Print a ticket with its conversation and customer.
    Show {
        id: u64,
        #[arg(long)]
        json: bool,
    },
    /// Print a customer's orders from the profile's shop (by e-mail), or one order (#NW804813).
    Orders {
        /// The customer's e-mail, or an order number.
        who: String,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Print the KPI figures with their definitions (or, with --by agent, the team board).
    Kpi {
        /// The view the SLA figures are computed over (default: the first view).
        #[arg(long)]
        view: Option<String>,
        /// `agent`: one row per agent, as the console's `:team` board.
        #[arg(long, value_parser = ["agent"])]
        by: Option<String>,
        /// The figures for a period from this day (YYYY-MM-DD, UTC) instead of today's.
        #[arg(long)]
        since: Option<String>,
        /// The period's last day (YYYY-MM-DD, UTC; default: today).
        #[arg(long, requires = "since")]
        until: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check the config, the token and the helpdesk, step by step.
    Check,
    /// Reply to a ticket (or add an internal note) with the text of a file (`-` = stdin).
    Reply {
        id: u64,
        #[arg(long)]
        body_file: PathBuf,
        /// An internal note instead of a public reply.
        #[arg(long)]
        note: bool,
        /// Set the status with it (open, pending, on-hold, solved).
        #[arg(long)]
        status: Option<String>,
    },
    /// Assign a ticket to `me` or to an agent by e-mail.
    Assign { id: u64, who: String },
    /// Escalate a ticket one level up the configured ladder.
    Escalate {
        id: u64,
        #[arg(long)]
        reason: String,
    },
    /// Refund (part of) the order a ticket names, with a note on the ticket; --yes to do it.
    Refund {
        /// The ticket the refund is for (its note goes there).
        id: u64,
        /// The order (default: the one the ticket names).
        #[arg(long)]
        order: Option<String>,
        /// Every item still refundable, and the shipping.
        #[arg(long)]
        all: bool,
        /// One unit of the item whose title contains this (repeatable).
        #[arg(long)]
        item: Vec<String>,
        /// The shipping.
        #[arg(long)]
        shipping: bool,
        /// An amount back to the payment (12.50) instead of items, never more than it has left.
        #[arg(long, conflicts_with_all = ["all", "item", "shipping"])]
        amount: Option<String>,
        /// Why (with --amount), for the note on the ticket and the shop's refund.
        #[arg(long, requires = "amount")]
        reason: Option<String>,
        /// Put the refunded items back in stock (shipped items coming back).
        #[arg(long, conflicts_with = "amount")]
        restock: bool,
        /// The shop does not e-mail the customer about the refund.
        #[arg(long)]
        no_email: bool,
        /// Refund; without it, say what would be refunded.
        #[arg(long)]
        yes: bool,
    },
    /// Look a discount code up (--check CODE), or make a single-use code for a ticket's customer; --yes to make it.
    Discount {
        /// The ticket the code is for (its note goes there).
        id: Option<u64>,
        /// Say what the shop knows of this code: why checkout refuses it, or that it works.
        #[arg(long, conflicts_with_all = ["percent", "amount", "yes"])]
        check: Option<String>,
        /// Per cent off the whole order (1-100).
        #[arg(long)]
        percent: Option<u32>,
        /// An amount off the order, in the shop's currency.
        #[arg(long)]
        amount: Option<String>,
        /// How long it works: 30d (the default), 7d, ….
        #[arg(long)]
        expires: Option<String>,
        /// The order whose customer it is for (default: the one the ticket names).
        #[arg(long)]
        order: Option<String>,
        /// Make it; without it, say what would be made.
        #[arg(long)]
        yes: bool,
    },
    /// Open a return of an item of the order a ticket names, maybe with another size sent instead; --yes to open it.
    Return {
        /// The ticket the return is for (its note goes there).
        id: u64,
        /// The order (default: the one the ticket names).
        #[arg(long)]
        order: Option<String>,
        /// The item whose title contains this.
        #[arg(long)]
        item: String,
        /// How many of it go back.
        #[arg(long, default_value_t = 1)]
        qty: i64,
        /// Why: size-too-small, size-too-large, defective, not-as-described, wrong-item, unwanted, style, color, other.
        #[arg(long)]
        reason: String,
        /// The size to send in exchange (L, 42, …).
        #[arg(long)]
        exchange: Option<String>,
        /// Open it; without it, say what would be opened.
        #[arg(long)]
        yes: bool,
    },
    /// Send the order a ticket names (or some of its items) again at no cost, as a new order; --yes to do it.
    Replace {
        /// The ticket the replacement is for (its note goes there).
        id: u64,
        /// The order (default: the one the ticket names).
        #[arg(long)]
        order: Option<String>,
        /// The item whose title contains this, all its units (repeatable; default: every item).
        #[arg(long)]
        item: Vec<String>,
        /// Why it is sent again, for the note and the shop's order.
        #[arg(long, default_value = "arrived damaged")]
        reason: String,
        /// Make the order; without it, say what would be sent.
        #[arg(long)]
        yes: bool,
    },
    /// Cancel the order a ticket names (restock, refund what was paid, e-mail the customer); --yes to do it.
    CancelOrder {
        id: u64,
        #[arg(long)]
        order: Option<String>,
        /// customer, inventory, fraud, declined, staff or other.
        #[arg(long, default_value = "customer")]
        reason: String,
        #[arg(long)]
        yes: bool,
    },
    /// The profile's unsent writes: list them, send them now, or discard one.
    Outbox {
        #[command(subcommand)]
        action: Option<OutboxAction>,
        /// List as JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff) to standard output.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum OutboxAction {
    /// Send every unsent write now (each at most once).
    Send,
    /// Drop one write (by the key `frontline outbox` shows) without sending it.
    Discard { key: String },
    /// Queue a refused write again, sent without the version check that refused it (you have
    /// read why); `frontline outbox send` then sends it.
    Retry { key: String },
    /// Print the text of every write that will not go by itself — left for another helpdesk
    /// or agent, or refused — to keep it (`frontline outbox export > unsent.txt`).
    Export,
}

#[cfg(feature = "sandbox")]
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
    /// Faults for the sandbox to inject, as for `frontline sandbox --faults` (see its help).
    #[arg(long, value_name = "SPEC", value_parser = frontline_sandbox::Faults::parse)]
    pub faults: Option<frontline_sandbox::Faults>,
}

#[cfg(feature = "sandbox")]
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
    /// Requests per minute before answering 429 with Retry-After (default: no limit), for the
    /// whole account as Zendesk counts it.
    #[arg(long)]
    pub rate_limit: Option<u32>,
    /// At least this many agents (shift agents are added to the 9 seeded ones), for a fleet
    /// of consoles each signed in as an agent of its own.
    #[arg(long, default_value_t = 0)]
    pub agents: u32,
    /// Faults to inject, comma-separated: latency=300ms[@20%], 5xx=10%, 429=5s/30s (burst/period),
    /// drop=5%, malformed=5%, slow=2s[@20%]; on=writes or on=reads limits them to one kind of request.
    #[arg(long, value_name = "SPEC", value_parser = frontline_sandbox::Faults::parse)]
    pub faults: Option<frontline_sandbox::Faults>,
}

#[cfg(feature = "sandbox")]
impl SandboxArgs {
    pub fn options(&self, clock: SharedClock) -> frontline_sandbox::SandboxOptions {
        frontline_sandbox::SandboxOptions {
            listen: self.listen,
            db: self.db.clone(),
            tickets: self.tickets,
            seed: self.seed,
            traffic_per_min: self.traffic,
            token: self.token.clone(),
            rate_limit: self.rate_limit,
            agents: self.agents,
            faults: self.faults.clone().unwrap_or_default(),
            clock,
        }
    }
}

/// Runs a scripting command against the configured profile; returns the exit code.
async fn script(cli: &Cli, cmd: &Command, clock: SharedClock) -> i32 {
    use crate::script::{self, Exit, Failure, QueueArgs};
    let result: Result<(), Failure> = async {
        if let Command::Check = cmd {
            return script::check(cli.config.as_deref(), cli.profile.as_deref()).await;
        }
        let cfg = launch::load_config(cli.config.as_deref())?;
        let (name, profile, backend) = launch::connect(&cfg, cli.profile.as_deref(), clock.clone())?;
        let read_only = cli.read_only || cfg.read_only || profile.read_only;
        let b = backend.as_ref();
        let writes = matches!(
            cmd,
            Command::Reply { .. }
                | Command::Assign { .. }
                | Command::Escalate { .. }
                | Command::Refund { .. }
                | Command::CancelOrder { .. }
                | Command::Discount { .. }
                | Command::Replace { .. }
                | Command::Return { .. }
        );
        if writes || matches!(cmd, Command::Outbox { .. }) {
            let store = launch::open_store(&name, &profile.identity(), clock.clone()).await?;
            if let Some(note) = store.note() {
                eprintln!("frontline: warning: {}", safe(note));
            }
            let shop = launch::shop_of(&name, &profile, &cfg);
            if let (Some(p), true) = (
                &shop.problem,
                matches!(
                    cmd,
                    Command::Refund { .. }
                        | Command::CancelOrder { .. }
                        | Command::Discount { .. }
                        | Command::Replace { .. }
                        | Command::Return { .. }
                ),
            ) {
                store.close();
                return Err(Failure::usage(p.clone()));
            }
            let result = crate::cli_writes::script_write(cmd, b, shop.shop.as_deref(), &store, &cfg, read_only).await;
            store.close();
            return result;
        }
        match cmd {
            Command::Queue { view, status, assignee, limit, json } => {
                let a = QueueArgs {
                    view: view.clone(),
                    status: status.clone(),
                    assignee: assignee.clone(),
                    limit: *limit,
                    json: *json,
                };
                script::queue(b, &a, &*clock).await
            }
            Command::Show { id, json } => {
                let shop = launch::shop_of(&name, &profile, &cfg);
                if let Some(p) = &shop.problem {
                    eprintln!("frontline: warning: {}", safe(p));
                }
                script::show(b, shop.shop.as_deref(), *id, *json, &*clock).await
            }
            Command::Orders { who, json } => {
                let shop = launch::shop_of(&name, &profile, &cfg);
                if let Some(p) = shop.problem {
                    return Err(Failure::usage(p));
                }
                script::orders(shop.shop.as_deref(), &name, who, *json).await
            }
            Command::Kpi { by: Some(_), json, .. } => script::team(b, *json, &*clock).await,
            Command::Kpi { since: Some(since), until, json, .. } => {
                script::period(b, since, until.as_deref(), &cfg.kpi, *json, &*clock).await
            }
            Command::Kpi { view, json, .. } => script::kpi(b, view.as_deref(), &cfg.kpi, *json, &*clock).await,
            _ => Ok(()),
        }
    }
    .await;
    match result {
        Ok(()) => Exit::Ok as i32,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("frontline: {}", safe(&f.message));
            }
            f.exit as i32
        }
    }
}

/// The commands that write: through the profile's outbox.
/// Runs the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "frontline", &mut std::io::stdout());
            return 0;
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            return match clap_mangen::Man::new(cmd).render(&mut std::io::stdout()) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("frontline: cannot write the man page: {e}");
                    1
                }
            };
        }
        _ => {}
    }
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("frontline: cannot start the async runtime: {e}");
            return 1;
        }
    };
    // The one clock of this process: the console, the scripts, the store and the sandbox read it.
    let clock = frontline_clock::system();
    #[cfg(feature = "sandbox")]
    let logs = !matches!(&cli.command, Some(Command::Sandbox(_)));
    #[cfg(not(feature = "sandbox"))]
    let logs = true;
    let log = logs.then(|| crate::logging::init(&frontline_config::data_dir(), cli.debug));
    let log_problem = log.as_ref().and_then(|l| l.problem.clone());
    let opts = ConsoleOptions {
        theme: cli.theme.clone(),
        no_color: cli.no_color,
        read_only: cli.read_only,
        wallboard: cli.wallboard,
        warning: log_problem.clone(),
    };
    if let Some(cmd) = cli.command.as_ref().filter(|c| c.is_script()) {
        if let Some(p) = &log_problem {
            eprintln!("frontline: warning: {}", safe(p));
        }
        let code = rt.block_on(script(&cli, cmd, clock.clone()));
        rt.shutdown_timeout(std::time::Duration::from_millis(200));
        return code;
    }
    let result = rt.block_on(screen(cli, &opts, clock));
    // Background tasks (requests in flight) must not keep the process alive after quitting.
    rt.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("frontline: {}", safe(&format!("{e:#}")));
            2
        }
    }
}

/// The commands with a screen (the console, `demo`) and `sandbox`.
async fn screen(cli: Cli, opts: &ConsoleOptions, clock: SharedClock) -> anyhow::Result<()> {
    match cli.command {
        #[cfg(feature = "sandbox")]
        Some(Command::Sandbox(args)) => {
            frontline_sandbox::run_until_signal(args.options(clock), crate::signals::terminated()).await
        }
        #[cfg(feature = "sandbox")]
        Some(Command::Demo(d)) => {
            let cfg = launch::load_config(cli.config.as_deref())?;
            let sb = frontline_sandbox::SandboxOptions {
                tickets: d.tickets,
                seed: d.seed,
                traffic_per_min: d.traffic,
                faults: d.faults.clone().unwrap_or_default(),
                clock: clock.clone(),
                ..Default::default()
            };
            launch::demo(&cfg, sb, opts, clock).await
        }
        None => {
            let cfg = launch::load_config(cli.config.as_deref())?;
            launch::profile_console(&cfg, cli.profile.as_deref(), opts, clock).await
        }
        Some(_) => Ok(()),
    }
}

impl Command {
    /// A command without a screen: it runs against the profile and prints.
    fn is_script(&self) -> bool {
        matches!(
            self,
            Command::Queue { .. }
                | Command::Show { .. }
                | Command::Orders { .. }
                | Command::Kpi { .. }
                | Command::Check
                | Command::Reply { .. }
                | Command::Assign { .. }
                | Command::Escalate { .. }
                | Command::Refund { .. }
                | Command::CancelOrder { .. }
                | Command::Discount { .. }
                | Command::Replace { .. }
                | Command::Return { .. }
                | Command::Outbox { .. }
        )
    }
}

/// Text for the terminal from an error: a config value, a server's words or a file name may
/// carry terminal control sequences (an OSC 52 writes the clipboard), so they are stripped.
fn safe(text: &str) -> String {
    frontline_model::text::sanitize(text)
}
