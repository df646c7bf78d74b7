//! A team on one account: N console cores without terminals — the real `update`, executor and
//! Zendesk adapter, each signed in as an agent of its own — against one sandbox limited to
//! 400 requests a minute for the whole account, with customer traffic at 120 events a
//! minute. The sandbox's clock is stepped a second at a time (the consoles' ticks follow it),
//! so minutes of a shift run in seconds and every run is the same. Consoles start spread over
//! the first two minutes, watch "All open", and each takes a ticket every few minutes.
//!
//! Reports per N: requests a minute (total and per console), 429 answers, and how long a new
//! ticket took from its creation on the helpdesk to its row in each console (p50/p95/max).
//!
//! `cargo bench --bench fleet` (FLEET_SIZES=1,10,50 and FLEET_MINUTES=5 by default).

// Benches stop loudly: unwrap, expect and panic are how they fail.
#![expect(clippy::unwrap_used, reason = "a failing bench stops loudly")]

use frontline_app::{Executor, Keymap, Model, Msg, Settings, init, update};
use frontline_backend::http::RetryPolicy;
use frontline_backend::zendesk::{Credentials, Zendesk};
use frontline_clock::{Clock, FixedClock};
use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
use frontline_model::TicketId;
use frontline_sandbox::{SandboxHandle, SandboxOptions};
use std::collections::HashSet;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedReceiver;

const LIMIT: u32 = 400;
const TRAFFIC_PER_MIN: u32 = 120;
/// Consoles start spread over this many seconds, and are measured after this warm-up.
const START_SPREAD: i64 = 120;
const WARM_UP: i64 = 180;

struct Core {
    model: Model,
    exec: Executor,
    rx: UnboundedReceiver<Msg>,
    seen: HashSet<TicketId>,
    /// The console's error line showed something at some step.
    errored: bool,
    /// It was slowed down for the account (budget low or 429 answered) at some step.
    slowed: bool,
    _dir: tempfile::TempDir,
}

impl Core {
    fn open(sb: &SandboxHandle, i: usize, now: i64) -> Core {
        let email = sb.agent_emails[i % sb.agent_emails.len()].clone();
        // a 429 is reported at once rather than waited out in real time: the clock is simulated
        let retry = RetryPolicy { max_retry_after: std::time::Duration::ZERO, ..RetryPolicy::default() };
        let backend = Zendesk::new(&sb.url, Credentials::ApiToken { email, token: sb.token.clone() }, retry).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = frontline_store::Store::open(&dir.path().join("store.db"), frontline_clock::system()).unwrap();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let exec = Executor::new(Arc::new(backend), store, tx);
        // as `frontline` sets a profile's console up: 15 s, between 15 and 60 s, 10 % jitter
        let settings = Settings {
            start_view: Some("All open".into()),
            poll_range: Some((15, 60)),
            poll_jitter: 0.1,
            poll_seed: 0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9),
            ..Settings::default()
        };
        let mut model = Model::new(settings, Keymap::default(), "default-dark".into(), vec![], now);
        model.size = (200, 60);
        model.writes.session = format!("fleet-{i}");
        let mut c = Core { model, exec, rx, seen: HashSet::new(), errored: false, slowed: false, _dir: dir };
        let fx = init(&mut c.model);
        c.exec.run(fx);
        c
    }

    fn feed(&mut self, msg: Msg) {
        let fx = update(&mut self.model, msg);
        self.exec.run(fx);
    }

    /// Folds answers in until every effect has answered.
    async fn settle(&mut self) {
        loop {
            while let Ok(msg) = self.rx.try_recv() {
                self.feed(msg);
            }
            if self.exec.in_flight() == 0 {
                match self.rx.try_recv() {
                    Ok(msg) => self.feed(msg),
                    Err(_) => return,
                }
                continue;
            }
            tokio::select! {
                msg = self.rx.recv() => if let Some(msg) = msg { self.feed(msg) },
                () = self.exec.task_ended() => {}
            }
        }
    }
}

fn percentile(sorted: &[i64], p: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

async fn run(n: usize, minutes: i64) {
    let clock = FixedClock::at(frontline_clock::system().now());
    let sb = frontline_sandbox::start(SandboxOptions {
        clock: clock.clone(),
        rate_limit: Some(LIMIT),
        agents: n as u32,
        ..Default::default()
    })
    .await
    .unwrap();
    let t0 = clock.now();
    let mut cores: Vec<Core> = Vec::new();
    let start_at = |i: usize| t0 + i as i64 * START_SPREAD / n as i64;
    let measure_from = t0 + WARM_UP;
    let end = measure_from + minutes * 60;
    let mut first_logged = 0;
    let mut delays = Vec::new();
    for t in t0..end {
        clock.set(t);
        if t == measure_from {
            first_logged = sb.requests().len();
        }
        let events = TRAFFIC_PER_MIN / 60 + u32::from((t - t0) % 60 < i64::from(TRAFFIC_PER_MIN % 60));
        sb.traffic_burst(events, t as u64);
        while cores.len() < n && start_at(cores.len()) <= t {
            cores.push(Core::open(&sb, cores.len(), t));
        }
        for (i, c) in cores.iter_mut().enumerate() {
            c.feed(Msg::Tick(t));
            // each agent takes the ticket at the top of the queue every three minutes or so
            if (t - t0 + i as i64 * 7) % 180 == 0 && c.model.selected().is_some() {
                c.feed(Msg::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE)));
            }
        }
        for c in &mut cores {
            c.settle().await;
            let m = &c.model;
            c.errored |= m.notice.as_ref().is_some_and(|n| n.error)
                || matches!(m.sync.connection, frontline_app::Connection::Trouble(_));
            c.slowed |= m.sync.pace.asked_to_wait || m.sync.pace.stretch > 1.0;
            for tk in &c.model.queue.tickets {
                if tk.created_at >= measure_from && c.seen.insert(tk.id) {
                    delays.push(t - tk.created_at);
                }
            }
        }
    }
    let log = sb.requests();
    let measured = &log[first_logged..];
    let total = measured.len() as f64 / minutes as f64;
    let limited = measured.iter().filter(|r| r.status == 429).count();
    let limited_all = log.iter().filter(|r| r.status == 429).count();
    let peak = {
        let mut per_minute = std::collections::BTreeMap::<i64, usize>::new();
        for r in measured {
            *per_minute.entry(r.at / 60).or_default() += 1;
        }
        per_minute.values().copied().max().unwrap_or(0)
    };
    let errors = cores.iter().filter(|c| c.errored).count();
    let slowed = cores.iter().filter(|c| c.slowed).count();
    let mut mix = std::collections::BTreeMap::<String, usize>::new();
    for r in measured {
        let path = r.path.split('?').next().unwrap_or("");
        let kind = path
            .split('/')
            .map(|part| if part.chars().all(|c| c.is_ascii_digit()) && !part.is_empty() { "N" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        *mix.entry(format!("{} {kind}", r.method)).or_default() += 1;
    }
    let mix: Vec<String> =
        mix.iter().map(|(k, v)| format!("{k} {:.1}", *v as f64 / minutes as f64 / n as f64)).collect();
    delays.sort_unstable();
    println!(
        "fleet N={n:>2}: {total:>6.1} requests/min total (peak minute {peak}), {:>4.1} per console; \
         429 answers: {limited} measured, {limited_all} in all; consoles that showed an error: {errors}, \
         that slowed down for the account: {slowed}; \
         new ticket → console p50 {} s, p95 {} s, max {} s ({} appearances)",
        total / n as f64,
        percentile(&delays, 0.5),
        percentile(&delays, 0.95),
        delays.last().copied().unwrap_or(0),
        delays.len(),
    );
    println!("        per console a minute: {}", mix.join(", "));
    if limited_all > 0 {
        let mut where_ = std::collections::BTreeMap::<String, usize>::new();
        for r in log.iter().filter(|r| r.status == 429) {
            let second = r.at - t0;
            *where_
                .entry(format!(
                    "{} at {}:{:02}",
                    r.path.split('?').next().unwrap_or(""),
                    second / 60,
                    second % 60 / 10 * 10
                ))
                .or_default() += 1;
        }
        println!("        429 answers by request and time: {where_:?}");
        let mut minutes = std::collections::BTreeMap::<i64, (usize, usize)>::new();
        for r in &log {
            let e = minutes.entry((r.at - t0) / 60).or_default();
            e.0 += 1;
            if r.path.starts_with("/api/v2/search?") && r.path.contains("T00%3A00%3A00Z") {
                e.1 += 1;
            }
        }
        println!("        requests by minute (of them today's changes from midnight): {minutes:?}");
    }
    sb.stop().await;
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("FLEET_SIZES")
        .unwrap_or_else(|_| "1,10,50".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let minutes: i64 = std::env::var("FLEET_MINUTES").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    println!(
        "fleet: account limit {LIMIT}/min, traffic {TRAFFIC_PER_MIN} events/min, consoles on \"All open\", \
         {minutes} minutes measured after a {WARM_UP} s warm-up"
    );
    for n in sizes {
        run(n, minutes).await;
    }
}
