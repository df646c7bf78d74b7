//! The embedded sandbox helpdesk: a Zendesk Support API v2 server on loopback backed by SQLite,
//! seeded with an online shop's customer service and, optionally, live traffic. The console
//! reaches it only over HTTP, through the same adapter that talks to a real Zendesk account.

mod catalog;
mod corpus;
mod edit;
mod faults;
mod fields;
mod files;
mod http;
mod query;
mod schema;
mod seed;
mod seed_tickets;
pub mod shop;
mod sla;
mod store;
mod traffic;
mod wire;
mod writes;

pub use faults::Faults;

use anyhow::Context;
use frontline_clock::SharedClock;
use rusqlite::Connection;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// How to run a sandbox (the flags of `frontline sandbox`).
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    pub listen: SocketAddr,
    /// The SQLite file; `None` = a new file in a temporary folder, removed on stop.
    pub db: Option<PathBuf>,
    pub tickets: u32,
    pub seed: u64,
    /// Simulated customer events per minute (0 = off).
    pub traffic_per_min: f64,
    pub token: Option<String>,
    /// Requests per minute before 429 (`None` = unlimited).
    pub rate_limit: Option<u32>,
    /// At least this many agents: shift agents in Tier 1 are added after the seeded ones
    /// (a fleet of consoles, each signed in as an agent of its own).
    pub agents: u32,
    /// Faults to inject (`--faults`); empty = a well-behaved helpdesk.
    pub faults: Faults,
    /// Where the sandbox reads the time: seeding, SLA clocks, writes, traffic, the request log.
    pub clock: SharedClock,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            db: None,
            tickets: 300,
            seed: 1,
            traffic_per_min: 0.0,
            token: None,
            rate_limit: None,
            agents: 0,
            faults: Faults::default(),
            clock: frontline_clock::system(),
        }
    }
}

/// One request as the sandbox saw it, for tests that count what a client sent.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub at: i64,
    /// Milliseconds since the Unix epoch, for tests that check waits shorter than a second.
    pub at_ms: i64,
    /// The status sent; 0 when the connection was cut on purpose (`--faults drop=…`).
    pub status: u16,
    /// The Retry-After sent with a 429, in seconds.
    pub retry_after: Option<u64>,
}

/// What every request handler shares.
pub struct Shared {
    pub db: Mutex<Connection>,
    pub token: String,
    pub base_url: String,
    pub rate_limit: Option<u32>,
    pub window: Mutex<(i64, u32)>,
    pub log: Mutex<Vec<LoggedRequest>>,
    pub jobs: Mutex<std::collections::HashMap<String, serde_json::Value>>,
    pub faults: Mutex<Faults>,
    pub fault_rng: Mutex<rand_chacha::ChaCha8Rng>,
    pub started: std::time::Instant,
    pub clock: SharedClock,
    /// Requests being served right now (tests wait for a killed client's request to end).
    pub serving: std::sync::atomic::AtomicUsize,
    /// Of those, the writes (PUT, POST, DELETE).
    pub serving_writes: std::sync::atomic::AtomicUsize,
    /// The shop's tokens, cost buckets and jobs.
    pub shop: shop::ShopState,
}

impl Shared {
    /// The time now, by the sandbox's clock.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}

/// A running sandbox. Dropping it without `stop` leaves the server running until the runtime ends.
pub struct SandboxHandle {
    pub url: String,
    pub token: String,
    pub admin_email: String,
    /// E-mails of the agents (not the admin), in a stable order.
    pub agent_emails: Vec<String>,
    pub db_path: PathBuf,
    /// The shop's address for a Shopify client (`url` + `/admin/api/2026-01/graphql.json`).
    pub shop_url: String,
    /// Shop token with read and write scopes (`X-Shopify-Access-Token`).
    pub shop_token: String,
    /// Shop token that may only read: cancels and refunds answer ACCESS_DENIED.
    pub shop_read_token: String,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<()>,
    traffic: Option<tokio::task::JoinHandle<()>>,
    _tempdir: Option<tempfile::TempDir>,
}

impl SandboxHandle {
    /// Every request served so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Requests being served right now, including ones whose client has gone but whose
    /// handler has not yet noticed.
    pub fn serving(&self) -> usize {
        self.shared.serving.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Writes (PUT, POST, DELETE) being served right now: a test can cut its client off while
    /// the helpdesk holds one.
    pub fn serving_writes(&self) -> usize {
        self.shared.serving_writes.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// `events` customer events at once, as `--traffic` makes them over time (tests that step
    /// the clock themselves). Returns how many events failed.
    pub fn traffic_burst(&self, events: u32, seed: u64) -> u32 {
        traffic::burst(&self.shared, events, seed)
    }

    /// Changes the faults injected from now on (tests that break the network mid-session).
    pub fn set_faults(&self, faults: Faults) {
        if let Ok(mut f) = self.shared.faults.lock() {
            *f = faults;
        }
    }

    /// Stops accepting requests, finishes the ones under way and closes the database.
    pub async fn stop(mut self) {
        if let Some(t) = self.traffic.take() {
            t.abort();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.server).await;
    }

    /// The banner `frontline sandbox` prints: the first line is the address.
    pub fn banner(&self) -> String {
        format!(
            "sandbox listening on {}\n  token:  {}\n  admin:  {}\n  agents: {}\n  data:   {}\n  try:    curl -u {}/token:{} {}/api/v2/tickets.json\n  shop:   {}/admin/api/{}/graphql.json (Shopify GraphQL Admin API)\n  shop token: {} (read only: {})",
            self.url,
            self.token,
            self.admin_email,
            self.agent_emails.join(", "),
            self.db_path.display(),
            self.admin_email,
            self.token,
            self.url,
            self.shop_url,
            shop::API_VERSION,
            self.shop_token,
            self.shop_read_token
        )
    }
}

/// Unix seconds as Zendesk writes times: `2024-05-01T10:00:00Z`.
pub fn iso(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0).unwrap_or_default().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn fresh_token() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..40)
        .map(|_| char::from(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[rng.random_range(0..62)]))
        .collect()
}

/// Opens (and on first use seeds) the database, binds the address and starts serving.
pub async fn start(opts: SandboxOptions) -> anyhow::Result<SandboxHandle> {
    let (db_path, tempdir) = match &opts.db {
        Some(p) => (p.clone(), None),
        None => {
            let dir = tempfile::Builder::new()
                .prefix("frontline-sandbox-")
                .tempdir()
                .context("cannot create a temporary folder for the sandbox database")?;
            (dir.path().join("sandbox.db"), Some(dir))
        }
    };
    let tickets = opts.tickets;
    let seed_value = opts.seed;
    let seed_at = opts.clock.now();
    let agents = opts.agents;
    let path = db_path.clone();
    let conn = tokio::task::spawn_blocking(move || -> anyhow::Result<Connection> {
        let mut conn = schema::open(&path)?;
        if schema::meta(&conn, "seeded_at")?.is_none() {
            seed::seed(&mut conn, tickets, seed_value, seed_at)
                .with_context(|| format!("seeding {} failed", path.display()))?;
        }
        seed::ensure_agents(&conn, agents, seed_at).with_context(|| format!("adding agents to {}", path.display()))?;
        Ok(conn)
    })
    .await??;
    let (admin_email, agent_emails) = {
        let users = store::users_where(&conn, "role IN ('agent','admin')", &[])?;
        let admin = users.iter().find(|u| u.role == "admin").map(|u| u.email.clone()).unwrap_or_default();
        (admin, users.iter().filter(|u| u.role == "agent").map(|u| u.email.clone()).collect())
    };
    let listener = tokio::net::TcpListener::bind(opts.listen).await.with_context(|| {
        format!("cannot listen on {} (is another sandbox running there? try --listen 127.0.0.1:0)", opts.listen)
    })?;
    let addr = listener.local_addr()?;
    let url = format!("http://{addr}");
    let token = opts.token.clone().unwrap_or_else(fresh_token);
    let shared = Arc::new(Shared {
        db: Mutex::new(conn),
        token: token.clone(),
        base_url: url.clone(),
        rate_limit: opts.rate_limit,
        window: Mutex::new((0, 0)),
        log: Mutex::new(Vec::new()),
        jobs: Mutex::new(Default::default()),
        fault_rng: Mutex::new(faults::rng(opts.seed)),
        faults: Mutex::new(opts.faults.clone()),
        started: frontline_clock::monotonic(),
        clock: opts.clock.clone(),
        serving: Default::default(),
        serving_writes: Default::default(),
        shop: shop::ShopState::new(&token),
    });
    let (tx, rx) = oneshot::channel::<()>();
    let app = http::app(shared.clone());
    let server = tokio::spawn(async move {
        let serve = axum::serve(listener, axum::ServiceExt::<axum::extract::Request>::into_make_service(app))
            .with_graceful_shutdown(async {
                let _ = rx.await;
            });
        if let Err(e) = serve.await {
            tracing::error!("sandbox server stopped: {e}");
        }
    });
    let traffic = (opts.traffic_per_min > 0.0)
        .then(|| tokio::spawn(traffic::run(shared.clone(), opts.traffic_per_min, opts.seed)));
    Ok(SandboxHandle {
        shop_url: url.clone(),
        shop_token: shared.shop.token.clone(),
        shop_read_token: shared.shop.read_token.clone(),
        url,
        token,
        admin_email,
        agent_emails,
        db_path,
        shared,
        shutdown: Some(tx),
        server,
        traffic,
        _tempdir: tempdir,
    })
}

/// `frontline sandbox`: serve until Ctrl-C or SIGTERM, then shut down cleanly.
pub async fn run_until_signal(opts: SandboxOptions, stop: impl std::future::Future<Output = ()>) -> anyhow::Result<()> {
    let handle = start(opts).await?;
    // A closed stdout (the reader went away) must not take the sandbox down with it.
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", handle.banner()).and_then(|()| out.flush());
    }
    stop.await;
    eprintln!("sandbox: shutting down");
    handle.stop().await;
    Ok(())
}
