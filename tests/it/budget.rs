//! What one console costs the account's shared API budget while the helpdesk is busy, counted
//! by the sandbox (which logs every request): the sandbox's clock is stepped by hand, customer
//! traffic at 120 events a minute (`--traffic 120`) and a colleague taking and solving tickets
//! through the API, while the console polls "All open" at its default interval.

use crate::support;

use frontline_app::Settings;
use frontline_clock::{Clock, FixedClock};
use frontline_model::Figure;
use frontline_sandbox::{SandboxHandle, SandboxOptions};
use serde_json::json;
use support::{Console, api, count, put};

/// The counts the KPI bar shows, and the searches the helpdesk counts them with.
const COUNTS: [&str; 5] = [
    "type:ticket status<solved",
    "type:ticket status:new",
    "type:ticket status<solved assignee:none",
    "type:ticket status<solved priority:urgent",
    "type:ticket status:pending",
];

fn shown(c: &Console) -> [Figure<u64>; 5] {
    let k = &c.model.stats.kpis.counts;
    [k.open.clone(), k.new.clone(), k.unassigned.clone(), k.urgent.clone(), k.pending.clone()]
}

async fn helpdesk_counts(sb: &SandboxHandle) -> [Figure<u64>; 5] {
    let mut out = [const { Figure::Unavailable }; 5];
    for (i, q) in COUNTS.iter().enumerate() {
        out[i] = Figure::Value(count(sb, q).await);
    }
    out
}

/// A colleague at work: makes an unassigned ticket urgent and solves another. Returns the requests it made (not the console's).
async fn colleague(sb: &SandboxHandle) -> usize {
    let who = &sb.agent_emails[1];
    let found = api(sb, "/api/v2/search.json?query=type%3Aticket%20status%3Csolved%20assignee%3Anone").await;
    let mut made = 1;
    if let Some(id) = found["results"][0]["id"].as_u64() {
        put(
            sb,
            who,
            &format!("/api/v2/tickets/{id}.json"),
            json!({"ticket": {"status": "open", "priority": "urgent"}}),
        )
        .await;
        made += 1;
    }
    if let Some(id) = found["results"][1]["id"].as_u64() {
        put(
            sb,
            who,
            &format!("/api/v2/tickets/{id}.json"),
            json!({"ticket": {"status": "solved", "comment": {"body": "Refund issued, closing this.", "public": true}}}),
        )
        .await;
        made += 1;
    }
    made
}

#[tokio::test]
async fn a_busy_view_costs_at_most_six_requests_a_minute_and_its_counts_match_the_helpdesks() {
    let clock = FixedClock::at(frontline_clock::system().now());
    let sb = frontline_sandbox::start(SandboxOptions { clock: clock.clone(), ..Default::default() }).await.unwrap();
    let settings = Settings { start_view: Some("All open".into()), ..Settings::default() };
    let mut c = Console::open_as(&sb, &sb.agent_emails[0], settings).await;
    let poll = c.model.settings.poll_secs;
    assert_eq!(poll, 15, "the default interval");
    // the helpdesk's clock moves on from the moment the counts were asked
    clock.advance(5);
    let start = sb.requests().len();
    let mut ours = 0;
    let mut checked = 0;
    let minutes = 5;
    for step in 0..(minutes * 60 / poll) {
        // two customer events a second, and a colleague at work every other poll
        assert_eq!(sb.traffic_burst(2 * poll as u32, step as u64), 0);
        if step % 2 == 0 {
            ours += colleague(&sb).await;
        }
        clock.advance(poll);
        c.tick(clock.now()).await;
        // between recounts the counts follow the changes the polls fetched, exactly
        if step % 4 == 3 && !c.model.stats.book.unsure {
            let before = sb.requests().len();
            assert_eq!(shown(&c), helpdesk_counts(&sb).await, "after poll {step}");
            ours += sb.requests().len() - before;
            checked += 1;
        }
    }
    assert!(checked >= 3, "the counts were sure only {checked} times");
    let spent = sb.requests().len() - start - ours;
    let mut mix = std::collections::BTreeMap::<String, usize>::new();
    for r in &sb.requests()[start..] {
        *mix.entry(r.path.split('?').next().unwrap_or("").to_string()).or_default() += 1;
    }
    eprintln!("{spent} console requests in {minutes} minutes; all requests by path: {mix:?}");
    let per_minute = spent as f64 / minutes as f64;
    assert!(per_minute <= 6.0, "{spent} requests in {minutes} minutes ({per_minute:.1} a minute)");

    // traffic stops: at the next poll the counts on screen are the helpdesk's own
    clock.advance(poll);
    c.tick(clock.now()).await;
    assert_eq!(shown(&c), helpdesk_counts(&sb).await);
    sb.stop().await;
}

#[tokio::test]
async fn the_views_first_page_goes_before_counts_agents_and_todays_changes_and_nothing_twice() {
    let sb = frontline_sandbox::start(SandboxOptions::default()).await.unwrap();
    let c = Console::open(&sb).await;
    assert!(!c.model.queue.tickets.is_empty());
    let log: Vec<String> = sb.requests().iter().map(|r| r.path.clone()).collect();
    let first_page = log.iter().position(|p| p.contains("/views/405/tickets")).expect("the view was loaded");
    let mut before: Vec<&str> = log[..first_page].iter().map(|p| p.split('?').next().unwrap()).collect();
    before.sort_unstable();
    assert_eq!(before, ["/api/v2/users/me", "/api/v2/views/active"], "only these go before the first page");
    for later in ["/api/v2/search/count", "/api/v2/groups", "/api/v2/macros/active", "/api/v2/search"] {
        assert!(log[first_page..].iter().any(|p| p.starts_with(later)), "{later} is asked after the first page");
    }
    let mut seen = std::collections::HashSet::new();
    let twice: Vec<&String> = log.iter().filter(|p| !seen.insert(p.as_str())).collect();
    assert!(twice.is_empty(), "asked twice at start: {twice:?}");
    sb.stop().await;
}
