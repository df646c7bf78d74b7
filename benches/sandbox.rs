//! Sandbox at scale: seeding 100,000 tickets, and `GET /api/v2/views/{id}/tickets` on that
//! database (first page, a deep cursor page, with sideloads). Prints one line per figure
//! for BENCHMARKS.md. `cargo bench --bench sandbox` (set FRONTLINE_BENCH_TICKETS to change
//! the size).

// Tests stop loudly: unwrap, expect and panic are how they fail.
#![expect(clippy::unwrap_used, reason = "a failing bench stops loudly")]

use frontline_sandbox::{self as sandbox, SandboxOptions};
use std::time::Duration;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let n: u32 = std::env::var("FRONTLINE_BENCH_TICKETS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let t = frontline_clock::monotonic();
    let sb = sandbox::start(SandboxOptions { tickets: n, db: Some(db.clone()), ..Default::default() }).await.unwrap();
    let seed = t.elapsed();
    let size = std::fs::metadata(&db).map_or(0, |m| m.len());
    println!("sandbox seed {n} tickets: {:.2} s (database {} MB)", seed.as_secs_f64(), size / 1_000_000);
    let client = reqwest::Client::new();
    let get = |path: String| {
        let client = client.clone();
        let url = format!("{}{path}", sb.url);
        let user = format!("{}/token", sb.agent_emails[0]);
        let token = sb.token.clone();
        async move {
            let t = frontline_clock::monotonic();
            let r = client.get(url).basic_auth(user, Some(token)).send().await.unwrap();
            assert!(r.status().is_success());
            let body = r.bytes().await.unwrap();
            (t.elapsed(), body)
        }
    };
    for (label, path) in [
        ("All open, first page of 100", "/api/v2/views/405/tickets.json?page[size]=100".to_string()),
        (
            "All open, first page, include=users,slas,metric_sets",
            "/api/v2/views/405/tickets.json?page[size]=100&include=users,slas,metric_sets".to_string(),
        ),
        ("Unassigned (created asc), first page", "/api/v2/views/401/tickets.json?page[size]=100".to_string()),
        ("search/count status<solved", "/api/v2/search/count.json?query=type%3Aticket%20status%3Csolved".to_string()),
    ] {
        let mut times = Vec::new();
        for _ in 0..21 {
            times.push(get(path.clone()).await.0);
        }
        println!("GET {label}: median {:.2} ms over 21", median(times).as_secs_f64() * 1000.0);
    }
    // walk 50 pages deep by cursor and time the 50th
    let mut path = "/api/v2/views/405/tickets.json?page[size]=100".to_string();
    let mut last = Duration::ZERO;
    for _ in 0..50 {
        let (d, body) = get(path.clone()).await;
        last = d;
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        match v["links"]["next"].as_str() {
            Some(next) => path = next.replace(&sb.url, ""),
            None => break,
        }
    }
    println!("GET All open, 50th cursor page: {:.2} ms", last.as_secs_f64() * 1000.0);
    sb.stop().await;
}
