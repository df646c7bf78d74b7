//! Every request the Chatwoot adapter makes, checked by Stoplight Prism against Chatwoot's
//! official OpenAPI file (v4.16.2, `tests/chatwoot-prism/chatwoot-openapi.json`): prism runs
//! as a validating proxy in front of the fixture server, and a recorder in front of prism
//! keeps each answer's `sl-violations`. Any request violation fails the test unless it is on
//! `KNOWN`, the spec's own mistakes (Chatwoot's source and the reference say why).
//!
//! Needs node and prism: `npm ci --prefix tests/chatwoot-prism`, then
//! `cargo test --test it chatwoot_prism:: -- --ignored`.

use crate::support;

use frontline_backend::chatwoot::{Chatwoot, ChatwootOptions, map::CONTACT};
use frontline_backend::http::RetryPolicy;
use frontline_backend::{Helpdesk, TicketCount};
use frontline_model::{NewComment, Priority, Status, TicketChange, TicketId, UserId};
use serde_json::{Value, json};
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use support::chatwoot::{FixtureServer, Recorder, Seen};

/// Request violations that are the OpenAPI file's mistakes, not the adapter's: each is what
/// Chatwoot v4.16.2 really takes (`shared/reference/chatwoot-api.md` §8).
const KNOWN: &[(&str, &str, &str)] = &[
    // §8 #7: clearing a priority is `{"priority": null}`; the spec's "none" makes Chatwoot fail (500)
    ("POST", "/toggle_priority", "priority"),
    // §8 #12: the spec lists 4 of the 9 filter operators and wants `query_operator` on every
    // condition; Chatwoot joins each condition to the next, so the last one's is null
    ("POST", "/conversations/filter", "query_operator"),
    ("POST", "/conversations/filter", "filter_operator"),
    // not in the spec at all (the routes exist in Chatwoot: config/routes.rb)
    ("GET", "/csat_survey_responses/metrics", ""),
];

struct Prism {
    url: String,
    child: Child,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn prism(upstream: &str) -> Prism {
    let dir = format!("{}/tests/chatwoot-prism", env!("CARGO_MANIFEST_DIR"));
    let bin = format!("{dir}/node_modules/.bin/prism");
    assert!(std::path::Path::new(&bin).exists(), "prism is not installed: npm ci --prefix tests/chatwoot-prism");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(&bin)
        .args(["proxy", "-h", "127.0.0.1", "-p", &port.to_string(), &format!("{dir}/chatwoot-openapi.json"), upstream])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prism runs");
    // wait for prism to say it listens (its log line), not for a fixed time
    let out = std::io::BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            if line.contains("Prism is listening") {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(120)).expect("prism did not start listening within 120 s");
    Prism { url: format!("http://127.0.0.1:{port}"), child }
}

fn known(s: &Seen, v: &Value) -> bool {
    let path = v.get("path").map(std::string::ToString::to_string).unwrap_or_default();
    let message = v.get("message").and_then(Value::as_str).unwrap_or("");
    KNOWN.iter().any(|(m, route, field)| {
        s.method == *m
            && s.target.split('?').next().unwrap_or("").ends_with(route)
            && (path.contains(field) || message.contains(field))
    })
}

#[tokio::test]
#[ignore = "needs node and prism (npm ci --prefix tests/chatwoot-prism) and python3"]
async fn every_request_the_adapter_makes_is_valid_by_chatwoots_openapi_file() {
    let fixtures = FixtureServer::start();
    let prism = prism(&fixtures.url);
    let recorder = Recorder::start(&prism.url).await;
    let retry = RetryPolicy { attempts: 1, timeout: Duration::from_secs(20), ..RetryPolicy::default() };
    let filter = json!([
        {"attribute_key": "labels", "filter_operator": "equal_to", "values": ["billing"], "query_operator": "AND"},
        {"attribute_key": "last_activity_at", "filter_operator": "is_greater_than", "values": ["2026-07-01"], "query_operator": null}
    ]);
    let opts = ChatwootOptions { account_id: None, filters: vec![("Billing".into(), filter)], cable_url: None };
    let cw = Chatwoot::new(&recorder.url, "good-token".into(), opts.clone(), retry.clone()).unwrap();

    // reads: start-up, a view, a conversation, the customer, counts, polls, search
    // (the reports first, before `me` says the token is an agent's and they are skipped)
    let _ = cw.report(1_785_000_000, 1_785_086_400).await;
    let me = cw.me().await.unwrap();
    assert_eq!(me.id, UserId(3));
    let views = cw.views().await.unwrap();
    for v in views.iter().take(3) {
        cw.queue_page(v.id, None).await.unwrap();
    }
    cw.ticket(TicketId(42)).await.unwrap();
    cw.conversation(TicketId(42)).await.unwrap();
    cw.customer(UserId(CONTACT + 7)).await.unwrap();
    cw.groups().await.unwrap();
    cw.agents().await.unwrap();
    cw.macros().await.unwrap();
    for what in [TicketCount::Open, TicketCount::Unassigned, TicketCount::Urgent, TicketCount::Pending] {
        cw.count(what).await.unwrap();
    }
    let ids: Vec<_> = views.iter().map(|v| v.id).collect();
    cw.view_counts(&ids[..4]).await.unwrap();
    cw.view_changes(views[1].id, 1_785_000_000).await.unwrap();
    cw.changed_since(1_785_000_000).await.unwrap();
    cw.search("Maria").await.unwrap();
    cw.existing(&[TicketId(42), TicketId(43)]).await.unwrap();

    // every write the console makes; the fixture server's answers do not follow the writes,
    // so the adapter's "did it land" check may refuse some: only the requests matter here
    let reply = |public| TicketChange {
        comment: Some(NewComment { body: "Your refund is on its way.".into(), public }),
        ..Default::default()
    };
    let writes = [
        reply(true),
        reply(false),
        TicketChange { assignee: Some(Some(UserId(3))), ..Default::default() },
        TicketChange { assignee: Some(None), ..Default::default() },
        TicketChange { group: Some(Some(2)), ..Default::default() },
        TicketChange { group: Some(None), ..Default::default() },
        TicketChange { status: Some(Status::Solved), ..Default::default() },
        TicketChange { status: Some(Status::OnHold), until: Some(1_900_000_000), ..Default::default() },
        TicketChange { status: Some(Status::Open), ..Default::default() },
        TicketChange { status: Some(Status::Pending), ..Default::default() },
        TicketChange { priority: Some(Some(Priority::Urgent)), ..Default::default() },
        TicketChange { priority: Some(None), ..Default::default() },
        TicketChange { add_tags: vec!["vip".into()], remove_tags: vec!["spam".into()], ..Default::default() },
    ];
    for w in &writes {
        let _ = cw.update(TicketId(42), w, Some("1785000300.512345")).await;
    }
    // `head :ok` answers (an empty body) make prism proxy answer 500 itself (§8 #11): only the request counts
    let _ = cw.typing(TicketId(42), true, false).await;
    let _ = cw.typing(TicketId(42), false, true).await;

    let seen = recorder.seen();
    let kinds = |m: &str, route: &str| seen.iter().filter(|s| s.method == m && s.target.contains(route)).count();
    for (m, route) in [
        ("GET", "/api/v1/profile"),
        ("GET", "/conversations?"),
        ("POST", "/conversations/filter"),
        ("GET", "/conversations/meta"),
        ("GET", "/messages"),
        ("POST", "/messages"),
        ("POST", "/assignments"),
        ("POST", "/toggle_status"),
        ("POST", "/toggle_priority"),
        ("POST", "/labels"),
        ("POST", "/toggle_typing_status"),
        ("GET", "/contacts/7"),
        ("GET", "/canned_responses"),
        ("GET", "/reports/summary"),
    ] {
        assert!(kinds(m, route) > 0, "the adapter never sent {m} {route}: {seen:#?}");
    }
    let mut unknown = Vec::new();
    let mut spec_mistakes = 0;
    for s in &seen {
        for v in s.violations.iter().filter(|v| v["location"][0] == "request") {
            if known(s, v) {
                spec_mistakes += 1;
                println!("spec mistake, allowed: {} {}: {}", s.method, s.target, v["message"]);
            } else {
                unknown.push(format!("{} {} {:?}: {v}", s.method, s.target, s.body));
            }
        }
    }
    println!(
        "prism: {} requests, {} request violations on the spec's known mistakes, {} others",
        seen.len(),
        spec_mistakes,
        unknown.len()
    );
    assert!(unknown.is_empty(), "requests prism finds invalid:\n{}", unknown.join("\n"));
}
