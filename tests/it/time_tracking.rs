//! Time tracking through the Zendesk adapter: the Time Tracking fields found by title on the
//! sandbox, a timed write adding to the total and setting the last update (both audited), the
//! total read back as the ticket's handle time; an account without the fields said in words
//! and its writes sent without time; the fields named in the profile used without a look-up.

use crate::support;

use frontline_backend::http::RetryPolicy;
use frontline_backend::zendesk::{Credentials, Zendesk};
use frontline_backend::{BackendError, Helpdesk};
use frontline_model::{NewComment, Status, TicketChange, TicketId};
use frontline_sandbox::{self as sandbox, SandboxHandle, SandboxOptions};
use serde_json::{Value, json};

const TOTAL: u64 = 360_000_100_002;
const LAST: u64 = 360_000_100_003;

async fn start(db: Option<std::path::PathBuf>) -> SandboxHandle {
    sandbox::start(SandboxOptions { tickets: 30, db, token: Some("time-token".into()), ..Default::default() })
        .await
        .expect("sandbox starts")
}

fn adapter(url: &str, email: &str) -> Zendesk {
    Zendesk::new(url, Credentials::ApiToken { email: email.into(), token: "time-token".into() }, RetryPolicy::default())
        .unwrap()
}

/// The two fields' values on ticket `id`, as the helpdesk has them.
async fn fields(sb: &SandboxHandle, id: u64) -> (Value, Value) {
    let t = support::api(sb, &format!("/api/v2/tickets/{id}.json")).await;
    let of = |fid: u64| {
        t["ticket"]["custom_fields"].as_array().unwrap().iter().find(|f| f["id"] == fid).unwrap()["value"].clone()
    };
    (of(TOTAL), of(LAST))
}

/// An open ticket nobody recorded time on yet.
async fn untimed(sb: &SandboxHandle) -> u64 {
    let list = support::api(sb, "/api/v2/views/405/tickets.json").await;
    let mut ids = list["tickets"].as_array().unwrap().iter().map(|t| t["id"].as_u64().unwrap());
    let mut found = None;
    for id in ids.by_ref() {
        if fields(sb, id).await.0.is_null() {
            found = Some(id);
            break;
        }
    }
    found.expect("an open ticket without recorded time")
}

#[tokio::test]
async fn a_timed_write_adds_to_the_total_sets_the_last_update_and_is_audited() {
    let sb = start(None).await;
    let z = adapter(&sb.url, &sb.agent_emails[0]);
    assert!(z.time_tracking().await.unwrap().contains(&TOTAL.to_string()));
    let id = untimed(&sb).await;
    let reply = TicketChange {
        comment: Some(NewComment { body: "Checking with the carrier.".into(), public: true }),
        time_spent: Some(95),
        ..Default::default()
    };
    let page = z.update(TicketId(id), &reply, None).await.unwrap();
    assert_eq!(fields(&sb, id).await, (json!(95), json!(95)));
    assert_eq!(page.tickets[0].metrics.handle_seconds, Some(95), "read back as the ticket's handle time");
    assert!(page.tickets[0].refs.iter().all(|r| r != "95"), "seconds are not an order reference");
    let solve = TicketChange { status: Some(Status::Solved), time_spent: Some(40), ..Default::default() };
    z.update(TicketId(id), &solve, None).await.unwrap();
    assert_eq!(fields(&sb, id).await, (json!(135), json!(40)), "the total grows, the last update is this one");
    // a write without time leaves both as they are
    z.update(TicketId(id), &TicketChange { add_tags: vec!["x".into()], ..Default::default() }, None).await.unwrap();
    assert_eq!(fields(&sb, id).await, (json!(135), json!(40)));
    // the audits say what changed, as Zendesk's do
    let audits = support::api(&sb, &format!("/api/v2/tickets/{id}/audits.json")).await;
    let (total, last) = (TOTAL.to_string(), LAST.to_string());
    let changes: Vec<(String, Value, Value)> = audits["audits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["events"].as_array().unwrap().clone())
        .filter(|e| e["field_name"] == total.as_str() || e["field_name"] == last.as_str())
        .map(|e| (e["field_name"].as_str().unwrap().to_string(), e["previous_value"].clone(), e["value"].clone()))
        .collect();
    assert_eq!(
        changes,
        vec![
            (TOTAL.to_string(), Value::Null, json!("95")),
            (LAST.to_string(), Value::Null, json!("95")),
            (TOTAL.to_string(), json!("95"), json!("135")),
            (LAST.to_string(), json!("95"), json!("40")),
        ]
    );
    // the seeded tickets carry recorded times: the day's handle time has something to show
    let solved = support::api(&sb, "/api/v2/search.json?query=type:ticket%20status:solved").await;
    let timed = solved["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["custom_fields"].as_array().unwrap().iter().any(|f| f["id"] == TOTAL && f["value"].is_number()))
        .count();
    assert!(timed > 0, "some seeded solved tickets have a recorded time");
    sb.stop().await;
}

#[tokio::test]
async fn an_account_without_the_fields_is_told_how_and_its_writes_still_go() {
    let server = wiremock::MockServer::start().await;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let field = |id: u64, title: &str| json!({"id": id, "title": title, "raw_title": title, "active": true});
    Mock::given(method("GET"))
        .and(path("/api/v2/ticket_fields.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "ticket_fields": [field(1, "Subject"), field(2, "Order number")], "next_page": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let ticket =
        json!({"ticket": {"id": 7, "status": "open", "updated_at": "2026-01-01T00:00:00Z", "custom_fields": []}});
    Mock::given(method("PUT"))
        .and(path("/api/v2/tickets/7.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ticket.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/tickets/7.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ticket))
        .mount(&server)
        .await;
    let z = adapter(&server.uri(), "agent@acme.example");
    let err = z.time_tracking().await.unwrap_err();
    assert!(matches!(err, BackendError::NotOffered(_)));
    let words = err.to_string();
    assert!(words.contains("Total time spent (sec)") && words.contains("time_fields"), "{words}");
    // the reply still goes, without fields the account does not have (looked up once)
    let reply = TicketChange {
        comment: Some(NewComment { body: "On it.".into(), public: true }),
        time_spent: Some(30),
        ..Default::default()
    };
    z.update(TicketId(7), &reply, None).await.unwrap();
    let put = server.received_requests().await.unwrap().into_iter().find(|r| r.method.as_str() == "PUT").unwrap();
    let body: Value = serde_json::from_slice(&put.body).unwrap();
    assert!(body["ticket"].get("custom_fields").is_none(), "{body}");
}

#[tokio::test]
async fn fields_named_in_the_profile_are_checked_and_used_without_a_look_up() {
    let sb = start(None).await;
    let z = adapter(&sb.url, &sb.agent_emails[0])
        .with_time_fields(Some(frontline_config::TimeFields { total: TOTAL, last_update: LAST }));
    let before = z.requests_sent();
    assert!(z.time_tracking().await.is_ok(), "checked against the account's fields");
    assert_eq!(z.requests_sent(), before + 1, "one request to check them");
    let id = untimed(&sb).await;
    let reads = z.requests_sent();
    let page = z.ticket(TicketId(id)).await.unwrap();
    assert_eq!(z.requests_sent(), reads + 1, "reading tickets needs no look-up of the fields");
    assert!(page.tickets[0].metrics.handle_seconds.is_none());
    z.update(
        TicketId(id),
        &TicketChange { status: Some(Status::Pending), time_spent: Some(12), ..Default::default() },
        None,
    )
    .await
    .unwrap();
    assert_eq!(fields(&sb, id).await, (json!(12), json!(12)));
    // an id the account does not have is said with where to look, before any write risks it
    let wrong = adapter(&sb.url, &sb.agent_emails[0])
        .with_time_fields(Some(frontline_config::TimeFields { total: 999, last_update: LAST }));
    let err = wrong.time_tracking().await.unwrap_err();
    assert!(err.to_string().contains("ticket field 999") && err.to_string().contains("Admin Center"), "{err}");
    sb.stop().await;
}

#[tokio::test]
async fn a_sandbox_database_from_before_the_time_fields_gains_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    start(Some(db.clone())).await.stop().await;
    {
        // what schema 2 had: no time columns
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "ALTER TABLE tickets DROP COLUMN time_total; ALTER TABLE tickets DROP COLUMN time_last; \
             ALTER TABLE audits DROP COLUMN metadata; \
             UPDATE meta SET value = '2' WHERE key = 'schema_version';",
        )
        .unwrap();
    }
    let sb = start(Some(db)).await;
    let z = adapter(&sb.url, &sb.agent_emails[0]);
    let id = untimed(&sb).await;
    z.update(
        TicketId(id),
        &TicketChange { status: Some(Status::Pending), time_spent: Some(5), ..Default::default() },
        None,
    )
    .await
    .unwrap();
    assert_eq!(fields(&sb, id).await, (json!(5), json!(5)));
    sb.stop().await;
}
