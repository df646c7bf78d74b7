//! The console at scale: one frame at 200x60 with 100,000 tickets, one filter keystroke, a
//! KPI recompute after one change, resident memory, bytes written while idle and for one SLA
//! tick (through a counting writer behind the crossterm backend), a cold start against the
//! sandbox with 10,000 open tickets and one poll there, a start from the local cache, the
//! orders pane with a customer of 200 orders, and the shop requests browsing costs. `cargo bench --bench console`; figures go to
//! BENCHMARKS.md.

// Tests stop loudly: unwrap, expect and panic are how they fail.
#![expect(clippy::unwrap_used, reason = "a failing bench stops loudly")]

use frontline_app::testkit;
use frontline_app::{Executor, Keymap, Model, Msg, Settings, init, update};
use frontline_backend::http::RetryPolicy;
use frontline_backend::zendesk::{Credentials, Zendesk};
use frontline_config::ThemeSet;
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// Counts the bytes a terminal would receive.
#[derive(Clone, Default)]
struct Counter(Arc<AtomicUsize>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len(), Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn rss_mb() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0.0);
    pages * 4096.0 / 1_048_576.0
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap().clone();
    let rss_before = rss_mb();
    let t = frontline_clock::monotonic();
    let mut m = testkit::model(100_000, 200, 60);
    println!("build a model of 100,000 tickets: {}", ms(t.elapsed()));
    println!(
        "resident memory with 100,000 tickets loaded: {:.0} MB (process total; {:.0} MB before)",
        rss_mb(),
        rss_before
    );

    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut times = Vec::new();
    for i in 0..60 {
        m.queue.selected = (i * 37) % 1000;
        m.scroll_into_view();
        let t = frontline_clock::monotonic();
        term.draw(|f| frontline_ui::draw(f, &m, &theme)).unwrap();
        times.push(t.elapsed());
    }
    println!("draw one frame at 200x60, 100,000 tickets: median {}", ms(median(times)));

    // `/` opens the filter: after a full load, that builds what the filter searches
    let t = frontline_clock::monotonic();
    m.ensure_haystacks();
    let opening = t.elapsed();
    let mut times = Vec::new();
    // typing two words, five times over (the filter cleared between), 55 keystrokes
    for _ in 0..5 {
        for word in ["r", "re", "ref", "refu", "refun", "refund", "o", "or", "ord", "orde", "order"] {
            m.filter.text = word.to_string();
            let t = frontline_clock::monotonic();
            m.refresh_visible(None);
            times.push(t.elapsed());
        }
        m.filter.text.clear();
        m.refresh_visible(None);
    }
    let slowest = times.iter().max().copied().unwrap_or_default();
    // a poll changes one ticket and brings a new one; the next keystroke starts over
    let mut changed = m.queue.tickets[500].clone();
    changed.subject = "Refund for a parcel that never came".into();
    changed.updated_at += 60;
    let mut new = testkit::ticket(100_001, testkit::NOW);
    new.updated_at = testkit::NOW + 60;
    m.apply_delta(vec![new, changed], vec![]);
    m.filter.text = "refund".into();
    let t = frontline_clock::monotonic();
    m.refresh_visible(None);
    let after_poll = t.elapsed();
    m.filter.text.clear();
    m.refresh_visible(None);
    println!(
        "one filter keystroke over 100,000 tickets: median {} (slowest {}); the first after a poll changed tickets: {}; opening the filter after a full load: {}",
        ms(median(times)),
        ms(slowest),
        ms(after_poll),
        ms(opening)
    );

    let mut times = Vec::new();
    for i in 0..30 {
        // one ticket changes as a poll brings it: status, SLA clock and update time
        let t0 = &mut m.queue.tickets[i * 101];
        t0.updated_at += 60;
        t0.status =
            if t0.status.is_unsolved() { frontline_model::Status::Solved } else { frontline_model::Status::Open };
        if let Some(s) = t0.sla.as_mut() {
            s.breach_at = s.breach_at.map(|b| b + 900);
        }
        let id = t0.id;
        let t = frontline_clock::monotonic();
        m.kpi_touch([id]);
        m.recompute_kpis();
        times.push(t.elapsed());
    }
    println!("KPI recompute after one ticket changes, 100,000 tickets: median {}", ms(median(times)));

    // a busy day: 5,000 tickets changed today, a third of them solved, with the day's figures
    // (always) and, with the KPI page open, each figure's last twelve hours
    let mut busy = testkit::model(2_000, 200, 60);
    let now = busy.now;
    busy.stats.today = (0..5_000u64)
        .map(|i| {
            let mut t = testkit::ticket(i, now);
            t.updated_at = now - (i as i64 * 7) % 40_000;
            t.first_reply_minutes = Some((i % 300) as i64);
            if i % 3 == 0 {
                t.status = frontline_model::Status::Solved;
                t.solved_at = Some(t.updated_at);
                t.metrics.public_replies = Some((i % 4) as u32);
                t.metrics.handle_seconds = Some(60 + i % 900);
            }
            t
        })
        .collect();
    busy.stats.today_loaded = true;
    for (label, mode) in [
        ("the KPI page closed", frontline_app::Mode::Normal),
        ("the KPI page open (the day figures and their hours)", frontline_app::Mode::Kpi),
    ] {
        busy.mode = mode;
        let mut times = Vec::new();
        for _ in 0..15 {
            busy.stats.hourly.clear();
            busy.stats.day = Default::default();
            let t = frontline_clock::monotonic();
            busy.recompute_kpis();
            times.push(t.elapsed());
        }
        println!("KPI recompute, 5,000 tickets changed today, {label}: median {}", ms(median(times)));
    }

    // bytes to a real terminal backend: idle ticks, then one minute of SLA countdown
    let counter = Counter::default();
    let mut term = Terminal::new(CrosstermBackend::new(counter.clone())).unwrap();
    let _ = term.resize(ratatui::layout::Rect::new(0, 0, 200, 60));
    let mut m = testkit::model(2_000, 200, 60);
    for t in &mut m.queue.tickets {
        if let Some(s) = t.sla.as_mut() {
            s.breach_at = s.breach_at.map(|b| b + 3600); // an hour away: minute countdowns
        }
    }
    // as the console does after any change: the KPI bar shows the shifted clocks from the start
    m.reindex_kpis();
    m.recompute_kpis();
    let draw = |m: &mut Model, term: &mut Terminal<CrosstermBackend<Counter>>| {
        if m.dirty {
            term.draw(|f| frontline_ui::draw(f, m, &theme)).unwrap();
            m.dirty = false;
        }
    };
    let start = testkit::NOW - testkit::NOW % 60 + 1;
    update(&mut m, Msg::Tick(start));
    m.sync.last_poll = start + 10_000; // no poll in this measurement
    m.sync.next_poll = start + 10_000;
    m.dirty = true;
    draw(&mut m, &mut term);
    let before = counter.0.load(Ordering::Relaxed);
    for s in 1..=10 {
        update(&mut m, Msg::Tick(start + s));
        draw(&mut m, &mut term);
    }
    println!("bytes written while idle for 10 s: {}", counter.0.load(Ordering::Relaxed) - before);
    let before = counter.0.load(Ordering::Relaxed);
    update(&mut m, Msg::Tick(start + 60));
    draw(&mut m, &mut term);
    println!(
        "bytes written for one SLA-countdown tick (a minute turns) at 200x60: {}",
        counter.0.load(Ordering::Relaxed) - before
    );

    cold_start();
    first_rows_with_latency();
    start_from_cache(&theme);
    orders_pane(&theme);
    orders_requests();
}

/// Start to the first full frame from a local cache of 100,000 tickets: open the store, read
/// the cache, fold it into a new model, draw at 200x60 — what an agent waits for before the
/// helpdesk has answered anything.
fn start_from_cache(theme: &frontline_config::Theme) {
    use frontline_store::{Store, cache};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    rt.block_on(async {
        let store = Store::open(&path, frontline_clock::system()).unwrap();
        let tickets: Vec<_> = (1..=100_000).map(|i| testkit::ticket(i, testkit::NOW)).collect();
        let users: Vec<_> = (0..40).map(testkit::customer).chain((0..3).map(testkit::agent)).collect();
        let order: Vec<_> = tickets.iter().map(|t| t.id).collect();
        let view = frontline_model::ViewId(405);
        store
            .call(move |c| {
                cache::save_tickets(c, view, &tickets, &users, Some(&order), testkit::NOW)?;
                let views = vec![frontline_model::View::new(view, "All open")];
                cache::save_meta(c, &cache::Meta::Views(views), testkit::NOW)
            })
            .await
            .unwrap();
        store.close();
    });
    let mut times = Vec::new();
    let mut shown = 0;
    for _ in 0..5 {
        let t = frontline_clock::monotonic();
        let store = Store::open(&path, frontline_clock::system()).unwrap();
        let snapshot = rt.block_on(store.call(|c| cache::load(c))).unwrap();
        let settings = Settings { start_view: Some("All open".into()), ..Settings::default() };
        let mut m = Model::new(settings, Keymap::default(), "default-dark".into(), vec![], testkit::NOW);
        m.size = (200, 60);
        let restored = frontline_app::Restored { cache: snapshot, ..Default::default() };
        update(&mut m, Msg::Restored(Box::new(restored)));
        let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
        term.draw(|f| frontline_ui::draw(f, &m, theme)).unwrap();
        times.push(t.elapsed());
        shown = m.queue.tickets.len();
        store.close();
    }
    println!("start to first full frame from the local cache, {shown} tickets: median {}", ms(median(times)));
}

/// A console core on the sandbox's first agent, watching "All open": its store's folder, the
/// store, the executor, its answers and the model (not yet started).
fn console_on(
    sb: &frontline_sandbox::SandboxHandle,
) -> (tempfile::TempDir, frontline_store::Store, Executor, tokio::sync::mpsc::UnboundedReceiver<Msg>, Model) {
    let backend = Zendesk::new(
        &sb.url,
        Credentials::ApiToken { email: sb.agent_emails[0].clone(), token: sb.token.clone() },
        RetryPolicy::default(),
    )
    .unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let dir = tempfile::tempdir().unwrap();
    let store = frontline_store::Store::open(&dir.path().join("store.db"), frontline_clock::system()).unwrap();
    let exec = Executor::new(Arc::new(backend), store.clone(), tx);
    let settings = Settings { start_view: Some("All open".into()), ..Settings::default() };
    let m = Model::new(settings, Keymap::default(), "default-dark".into(), vec![], frontline_clock::system().now());
    (dir, store, exec, rx, m)
}

/// A console on a sandbox with about 10,000 open tickets, from start to the whole view loaded.
fn cold_start() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let sb = frontline_sandbox::start(frontline_sandbox::SandboxOptions { tickets: 22_000, ..Default::default() })
            .await
            .unwrap();
        let (_dir, store, exec, mut rx, mut m) = console_on(&sb);
        let t = frontline_clock::monotonic();
        exec.run(init(&mut m));
        let mut first_page = None;
        while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
            let fx = update(&mut m, msg);
            exec.run(fx);
            if first_page.is_none() && !m.queue.tickets.is_empty() {
                first_page = Some(t.elapsed());
            }
            if !m.queue.loading && !m.queue.tickets.is_empty() {
                break;
            }
        }
        println!(
            "cold start against the sandbox, {} open tickets: first rows {}, full queue {}",
            m.queue.tickets.len(),
            ms(first_page.unwrap_or_default()),
            ms(t.elapsed())
        );
        // let the start-up answers settle, then one poll with nothing changed
        while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(2), rx.recv()).await {
            let fx = update(&mut m, msg);
            exec.run(fx);
        }
        let before = sb.requests().len();
        let later = m.now + m.settings.poll_secs + 1;
        exec.run(update(&mut m, Msg::Tick(later)));
        while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(2), rx.recv()).await {
            let polled = matches!(msg, Msg::Polled { .. } | Msg::PolledChanges { .. });
            let fx = update(&mut m, msg);
            exec.run(fx);
            if polled {
                break;
            }
        }
        println!(
            "one poll when nothing changed, {} tickets in the view: {} HTTP requests",
            m.queue.tickets.len(),
            sb.requests().len() - before
        );
        store.close();
        sb.stop().await;
    });
}

/// From start to the first rows when every request takes 400 ms (`--faults latency=400ms`):
/// the view's first page goes right after who-am-I and the views, before anything else.
fn first_rows_with_latency() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let faults = frontline_sandbox::Faults::parse("latency=400ms").unwrap();
        let sb = frontline_sandbox::start(frontline_sandbox::SandboxOptions { faults, ..Default::default() })
            .await
            .unwrap();
        let (_dir, store, exec, mut rx, mut m) = console_on(&sb);
        let t = frontline_clock::monotonic();
        exec.run(init(&mut m));
        while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
            let fx = update(&mut m, msg);
            exec.run(fx);
            if !m.queue.tickets.is_empty() {
                break;
            }
        }
        let first = t.elapsed();
        let before: Vec<String> = sb
            .requests()
            .iter()
            .take_while(|r| !r.path.contains("/views/405/tickets"))
            .map(|r| r.path.split('?').next().unwrap_or("").to_string())
            .collect();
        println!(
            "first rows with 400 ms a request (sandbox --faults latency=400ms): {} ({} requests before the view's first page: {})",
            ms(first),
            before.len(),
            before.join(", ")
        );
        store.close();
        sb.stop().await;
    });
}

/// One frame with the selected customer's 200 orders of 20 payments and 3 returns each in the
/// customer pane (highlighted one opened with its payments and returns, its order atop the
/// conversation, the customer's shop facts above) against the same frame without a shop.
fn orders_pane(theme: &frontline_config::Theme) {
    let mut m = testkit::model(1_000, 200, 60);
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let frame = |m: &Model, term: &mut Terminal<TestBackend>| {
        let mut times = Vec::new();
        for _ in 0..200 {
            let t = frontline_clock::monotonic();
            term.draw(|f| frontline_ui::draw(f, m, theme)).unwrap();
            times.push(t.elapsed());
        }
        median(times)
    };
    let without = frame(&m, &mut term);
    let t = m.selected().cloned().unwrap();
    let email = frontline_app::orders::email_of(&m, &t).unwrap();
    let i = m.queue.tickets.iter().position(|x| x.id == t.id).unwrap();
    m.queue.tickets[i].refs = vec!["NW100100".into()];
    let list: Vec<_> = (0..200)
        .map(|k| {
            let mut o = testkit::order(&format!("#NW{:06}", 100_000 + k));
            o.created_at -= i64::from(k) * 86_400;
            // 20 payments each: failed tries, charges (one taken twice) and refunds
            let sale = o.payments[0].clone();
            o.payments = (0..20)
                .map(|n| frontline_model::Payment {
                    id: format!("gid://shopify/OrderTransaction/{k}{n:02}"),
                    kind: if n % 4 == 3 { "REFUND" } else { "SALE" }.into(),
                    status: if n % 5 == 0 { "FAILURE" } else { "SUCCESS" }.into(),
                    error: (n % 5 == 0).then(|| "CARD_DECLINED".into()),
                    parent: (n % 4 == 3).then(|| sale.id.clone()),
                    created_at: sale.created_at + i64::from(n) * 60,
                    ..sale.clone()
                })
                .collect();
            o.returns = (1..=3)
                .map(|n| frontline_model::OrderReturn {
                    id: format!("gid://shopify/Return/{k}{n}"),
                    name: format!("{}-R{n}", o.name),
                    status: ["REQUESTED", "OPEN", "CLOSED"][n as usize - 1].into(),
                    quantity: 1,
                    exchanges: vec!["1 × Rain jacket (L)".into()],
                })
                .collect();
            o.tags = vec!["replacement".into(), format!("ticket-{k}")];
            o
        })
        .collect();
    m.orders.customers.insert(
        email.clone(),
        frontline_model::ShopCustomer {
            id: "gid://shopify/Customer/1".into(),
            orders: Some(200),
            spent: Some(frontline_model::Money::new(1_234_500, "EUR")),
            since: Some(1_700_000_000),
            account: Some("DISABLED".into()),
            marketing: Some("SUBSCRIBED".into()),
            tags: vec!["vip".into()],
            note: Some("Prefers e-mail".into()),
            ..Default::default()
        },
    );
    m.orders.shop = Some("Shopify at bench.myshopify.com".into());
    m.orders.by_email.insert(email, frontline_app::Loadable::Ready(list));
    m.orders.selected = 100;
    m.orders.expanded = true;
    let with = frame(&m, &mut term);
    m.focus = frontline_app::Pane::Customer;
    m.orders.focused = true;
    let focused = frame(&m, &mut term);
    println!(
        "one frame at 200x60 with a customer of 200 orders of 20 payments and 3 returns each: median {} (without a shop {}; +{}); with the orders focused {}",
        ms(with),
        ms(without),
        ms(with.saturating_sub(without)),
        ms(focused)
    );
}

/// Browsing 30 tickets and back with the sandbox's shop beside the helpdesk: shop requests
/// per ticket settled on, and on the way back (the orders are kept).
fn orders_requests() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let sb = frontline_sandbox::start(frontline_sandbox::SandboxOptions { tickets: 300, ..Default::default() })
            .await
            .unwrap();
        let backend = Zendesk::new(
            &sb.url,
            Credentials::ApiToken { email: sb.agent_emails[0].clone(), token: sb.token.clone() },
            RetryPolicy::default(),
        )
        .unwrap();
        let shop = frontline_shop::shopify::Shopify::new(&sb.shop_url, &sb.shop_token, None).unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let dir = tempfile::tempdir().unwrap();
        let store = frontline_store::Store::open(&dir.path().join("store.db"), frontline_clock::system()).unwrap();
        let shop: Arc<dyn frontline_shop::Shop> = Arc::new(shop);
        let exec = Executor::new(Arc::new(backend), store.clone(), tx).with_shop(Some(shop.clone()));
        let settings = Settings { start_view: Some("All open".into()), ..Settings::default() };
        let mut m =
            Model::new(settings, Keymap::default(), "default-dark".into(), vec![], frontline_clock::system().now());
        m.orders.shop = Some(shop.describe());
        exec.run(init(&mut m));
        let drain = |m: &mut Model, rx: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>| {
            let mut fed = 0;
            while let Ok(msg) = rx.try_recv() {
                exec.run(update(m, msg));
                fed += 1;
            }
            fed
        };
        // wait until the start's answers stop coming (a bench, not a test: a quiet second)
        loop {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if drain(&mut m, &mut rx) == 0 && exec.in_flight() == 0 {
                break;
            }
        }
        let shop_requests = || sb.requests().iter().filter(|r| r.path.starts_with("/admin/")).count();
        let key = |c: char| {
            Msg::Key(frontline_config::KeyEvent::new(
                frontline_config::KeyCode::Char(c),
                frontline_config::KeyModifiers::NONE,
            ))
        };
        let mut customers = std::collections::HashSet::new();
        let before = shop_requests();
        for pass in ['j', 'k'] {
            for _ in 0..30 {
                exec.run(update(&mut m, key(pass)));
                if let Some(e) = m.selected().and_then(|t| frontline_app::orders::email_of(&m, t)) {
                    customers.insert(e);
                }
                // settle on the ticket: its loads go out after 120 ms and answer
                while exec.in_flight() > 0 {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    drain(&mut m, &mut rx);
                }
                drain(&mut m, &mut rx);
            }
            if pass == 'j' {
                println!(
                    "browsing 30 tickets ({} customers) with the shop beside them: {} shop requests",
                    customers.len(),
                    shop_requests() - before
                );
            }
        }
        println!("and back over the same 30: {} shop requests in all (the orders are kept)", shop_requests() - before);
        sb.stop().await;
    });
}
