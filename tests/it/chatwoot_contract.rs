//! The Chatwoot adapter against a local mock answering with the golden fixtures in
//! `tests/fixtures/chatwoot/` (Chatwoot v4.16.2's jbuilder shapes): views and paging, every
//! write as the requests Chatwoot takes (the message last), the error bodies Chatwoot really
//! sends (401 for a permission denial, 422 shapes, empty-body 200s), counts, reports, and a
//! reply whose answer was lost delivered exactly once through the outbox.

use frontline_backend::chatwoot::{Chatwoot, ChatwootOptions, map::CONTACT};
use frontline_backend::http::RetryPolicy;
use frontline_backend::{BackendError, Helpdesk, TicketCount};
use frontline_model::{NewComment, OutState, Outgoing, Priority, Status, TicketChange, TicketId, UserId};
use frontline_store::{Store, outbox};
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "cw-secret-4f3e2d1c";
const ACC: &str = "/api/v1/accounts/1";

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/chatwoot/{name}.json", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn fast() -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(10),
        max_retry_after: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
    }
}

fn client(server: &MockServer, opts: ChatwootOptions) -> Chatwoot {
    Chatwoot::new(&server.uri(), TOKEN.into(), opts, fast()).unwrap()
}

fn account1() -> ChatwootOptions {
    ChatwootOptions { account_id: Some(1), ..Default::default() }
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// `head :ok`: 200, JSON content type, nothing in the body.
fn head_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).insert_header("content-type", "application/json; charset=utf-8")
}

async fn get(server: &MockServer, p: &str, body: Value) {
    Mock::given(method("GET"))
        .and(path(p))
        .and(header("api_access_token", TOKEN))
        .respond_with(ok(body))
        .mount(server)
        .await;
}

/// The fixture conversation as number `id`.
fn conversation(id: u64) -> Value {
    let mut c = fixture("conversation_show");
    c["id"] = json!(id);
    c
}

#[tokio::test]
async fn views_are_chatwoots_lists_and_pages_follow_25_at_a_time() {
    let server = MockServer::start().await;
    get(&server, &format!("{ACC}/inboxes"), fixture("inboxes")).await;
    get(&server, &format!("{ACC}/teams"), fixture("teams")).await;
    get(&server, &format!("{ACC}/labels"), fixture("account_labels")).await;
    let full: Vec<Value> = (1..=25).map(conversation).collect();
    let page = |list: Vec<Value>| json!({"data": {"meta": {"mine_count": 28, "assigned_count": 28, "unassigned_count": 0, "all_count": 28}, "payload": list}});
    Mock::given(method("GET"))
        .and(path(format!("{ACC}/conversations")))
        .and(query_param("assignee_type", "me"))
        .and(query_param("page", "1"))
        .respond_with(ok(page(full)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{ACC}/conversations")))
        .and(query_param("page", "2"))
        .respond_with(ok(page((26..=28).map(conversation).collect())))
        .expect(1)
        .mount(&server)
        .await;
    let filters = vec![(
        "VIP".to_string(),
        json!([{"attribute_key": "labels", "filter_operator": "equal_to", "values": ["vip"], "query_operator": null}]),
    )];
    let cw = client(&server, ChatwootOptions { account_id: Some(1), filters, cable_url: None });
    let views = cw.views().await.unwrap();
    let titles: Vec<&str> = views.iter().map(|v| v.title.as_str()).collect();
    assert_eq!(&titles[..6], ["VIP", "Mine", "Unassigned", "All open", "Pending", "Snoozed"]);
    assert!(titles.iter().any(|t| t.starts_with("Inbox ")) && titles.iter().any(|t| t.starts_with("Team ")));
    assert!(titles.iter().any(|t| t.starts_with("Label ")), "{titles:?}");
    let mine = views.iter().find(|v| v.title == "Mine").unwrap().id;
    let first = cw.queue_page(mine, None).await.unwrap();
    assert_eq!((first.tickets.len(), first.next.as_deref()), (25, Some("2")));
    let second = cw.queue_page(mine, first.next).await.unwrap();
    assert_eq!((second.tickets.len(), second.next), (3, None));
    // the profile's filter is a POST with its payload; its answer has no `data` wrapper
    Mock::given(method("POST"))
        .and(path(format!("{ACC}/conversations/filter")))
        .and(body_json(json!({"payload": [{"attribute_key": "labels", "filter_operator": "equal_to", "values": ["vip"], "query_operator": null}]})))
        .respond_with(ok(fixture("conversations_filter")))
        .expect(1)
        .mount(&server)
        .await;
    let vip = cw.queue_page(views[0].id, None).await.unwrap();
    assert!(!vip.tickets.is_empty() && vip.next.is_none());
    assert_eq!(cw.groups().await.unwrap()[0].name, fixture("teams")[0]["name"].as_str().unwrap());
}

#[tokio::test]
async fn a_conversation_its_messages_paged_back_and_the_contact() {
    let server = MockServer::start().await;
    // the latest 20, then the 20 before the oldest of them, then the rest
    let msg = |id: u64| {
        let mut m = fixture("message_create");
        m["id"] = json!(id);
        m["content"] = json!(format!("message {id}"));
        m
    };
    let page = |ids: std::ops::RangeInclusive<u64>| json!({"meta": {}, "payload": ids.map(msg).collect::<Vec<_>>()});
    Mock::given(method("GET"))
        .and(path(format!("{ACC}/conversations/42/messages")))
        .and(query_param("before", "81"))
        .respond_with(ok(page(61..=80)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{ACC}/conversations/42/messages")))
        .and(query_param("before", "61"))
        .respond_with(ok(page(55..=60)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{ACC}/conversations/42/messages")))
        .respond_with(ok(page(81..=100)))
        .mount(&server)
        .await;
    let cw = client(&server, account1());
    let conv = cw.conversation(TicketId(42)).await.unwrap();
    let ids: Vec<u64> = conv.messages.iter().map(|m| m.id).collect();
    assert_eq!(ids, (55..=100).collect::<Vec<_>>(), "oldest first, every page");
    assert_eq!(conv.users.iter().filter(|u| u.id == UserId(3)).count(), 1);

    get(&server, &format!("{ACC}/contacts/7"), fixture("contact_show")).await;
    get(&server, &format!("{ACC}/contacts/7/conversations"), fixture("contact_conversations")).await;
    let p = cw.customer(UserId(CONTACT + 7)).await.unwrap();
    assert_eq!((p.user.name.as_str(), p.user.email.as_deref()), ("Maria Souza", Some("maria@example.com")));
    assert!(!p.tickets.is_empty());
    assert!(matches!(cw.customer(UserId(3)).await, Err(BackendError::NotFound { .. })), "an agent is not a contact");

    Mock::given(method("GET"))
        .and(path(format!("{ACC}/conversations/99")))
        .respond_with(ResponseTemplate::new(404).set_body_json(fixture("error_not_found")))
        .mount(&server)
        .await;
    match cw.ticket(TicketId(99)).await {
        Err(BackendError::NotFound { what }) => assert_eq!(what, "conversation #99"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_change_is_its_requests_with_the_message_last() {
    let server = MockServer::start().await;
    get(&server, &format!("{ACC}/conversations/42"), fixture("conversation_show")).await;
    get(&server, &format!("{ACC}/conversations/42/labels"), json!({"payload": ["billing"]})).await;
    let post = |p: &str, body: Value, answer: ResponseTemplate| {
        Mock::given(method("POST"))
            .and(path(format!("{ACC}/conversations/42/{p}")))
            .and(body_json(body))
            .respond_with(answer)
            .expect(1)
    };
    post("assignments", json!({"assignee_id": 3}), ok(fixture("assignment_agent"))).mount(&server).await;
    post("assignments", json!({"team_id": 2}), ok(fixture("assignment_team"))).mount(&server).await;
    post("toggle_priority", json!({"priority": "urgent"}), head_ok()).mount(&server).await;
    post("toggle_status", json!({"status": "open"}), ok(fixture("toggle_status_resolved"))).mount(&server).await;
    post("labels", json!({"labels": ["billing", "vip"]}), ok(json!({"payload": ["billing", "vip"]})))
        .mount(&server)
        .await;
    post(
        "messages",
        json!({"content": "Refund on its way.", "message_type": "outgoing", "private": false}),
        ok(fixture("message_create")),
    )
    .mount(&server)
    .await;
    let cw = client(&server, account1());
    let change = TicketChange {
        status: Some(Status::Open),
        priority: Some(Some(Priority::Urgent)),
        assignee: Some(Some(UserId(3))),
        group: Some(Some(2)),
        add_tags: vec!["vip".into()],
        comment: Some(NewComment { body: "Refund on its way.".into(), public: true }),
        ..Default::default()
    };
    // the fixture conversation answers after the write: the fields it shows are checked
    let result = cw.update(TicketId(42), &change, Some("1785000300.512345")).await;
    assert!(matches!(result, Err(BackendError::Invalid(ref w)) if w.contains("does not show it")), "{result:?}");
    let posts: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| r.url.path().rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(posts, ["assignments", "assignments", "toggle_priority", "toggle_status", "labels", "messages"]);
}

#[tokio::test]
async fn writes_that_land_note_snooze_and_clearing() {
    let server = MockServer::start().await;
    let mut after = fixture("conversation_show");
    after["status"] = json!("snoozed");
    after["priority"] = json!(null);
    get(&server, &format!("{ACC}/conversations/42"), after).await;
    Mock::given(method("POST"))
        .and(path(format!("{ACC}/conversations/42/toggle_status")))
        .and(body_json(json!({"status": "snoozed", "snoozed_until": 1_900_000_000})))
        .respond_with(ok(fixture("toggle_status_snoozed")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{ACC}/conversations/42/toggle_priority")))
        .and(body_json(json!({"priority": null})))
        .respond_with(head_ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{ACC}/conversations/42/messages")))
        .and(body_json(json!({"content": "Waiting on the carrier.", "message_type": "outgoing", "private": true})))
        .respond_with(ok(fixture("message_create")))
        .expect(1)
        .mount(&server)
        .await;
    let cw = client(&server, account1());
    let change = TicketChange {
        status: Some(Status::OnHold),
        until: Some(1_900_000_000),
        priority: Some(None),
        comment: Some(NewComment { body: "Waiting on the carrier.".into(), public: false }),
        ..Default::default()
    };
    let page = cw.update(TicketId(42), &change, None).await.unwrap();
    assert_eq!(page.tickets[0].status, Status::OnHold);
    // statuses Chatwoot does not have are refused before anything is sent
    let closed = TicketChange { status: Some(Status::Closed), ..Default::default() };
    assert!(
        matches!(cw.update(TicketId(42), &closed, None).await, Err(BackendError::Invalid(w)) if w.contains("no closed status"))
    );
}

#[tokio::test]
async fn a_changed_conversation_or_a_closed_reply_window_sends_nothing() {
    let server = MockServer::start().await;
    let mut closed = fixture("conversation_show");
    closed["can_reply"] = json!(false);
    get(&server, &format!("{ACC}/conversations/42"), closed).await;
    Mock::given(method("POST")).respond_with(ok(fixture("message_create"))).expect(0).mount(&server).await;
    let cw = client(&server, account1());
    let reply = TicketChange { comment: Some(NewComment { body: "hi".into(), public: true }), ..Default::default() };
    assert_eq!(cw.update(TicketId(42), &reply, Some("1785000000.1")).await.unwrap_err(), BackendError::Conflict);
    let err = cw.update(TicketId(42), &reply, Some("1785000300")).await.unwrap_err();
    assert!(matches!(&err, BackendError::Invalid(w) if w.contains("reply window is closed")), "{err:?}");
}

#[tokio::test]
async fn chatwoots_error_bodies_read_as_words() {
    let server = MockServer::start().await;
    let at = |p: &str| Mock::given(method("GET")).and(path(format!("{ACC}/{p}")));
    at("agents")
        .respond_with(ResponseTemplate::new(401).set_body_json(fixture("error_forbidden_pundit")))
        .mount(&server)
        .await;
    at("teams").respond_with(ResponseTemplate::new(401).set_body_json(fixture("error_bad_token"))).mount(&server).await;
    at("inboxes")
        .respond_with(ResponseTemplate::new(401).set_body_json(fixture("error_no_token")))
        .mount(&server)
        .await;
    at("canned_responses").respond_with(ResponseTemplate::new(429).set_body_string("Retry later")).mount(&server).await;
    Mock::given(method("POST"))
        .and(path(format!("{ACC}/conversations/42/messages")))
        .respond_with(
            ResponseTemplate::new(422)
                .set_body_json(json!({"message": "Content can't be blank", "attributes": ["content"]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{ACC}/conversations/43/messages")))
        .respond_with(ResponseTemplate::new(422).set_body_json(fixture("error_unprocessable")))
        .mount(&server)
        .await;
    let cw = client(&server, account1());
    assert!(
        matches!(cw.agents().await, Err(BackendError::Forbidden { .. })),
        "a Pundit denial is 401, not the token's fault"
    );
    for e in [cw.groups().await.unwrap_err(), cw.views().await.unwrap_err()] {
        assert!(matches!(e, BackendError::Auth { .. }), "{e:?}");
        assert!(!e.to_string().contains(TOKEN));
    }
    assert!(matches!(cw.macros().await, Err(BackendError::RateLimited { .. })));
    let note = TicketChange { comment: Some(NewComment { body: " ".into(), public: false }), ..Default::default() };
    let e = cw.update(TicketId(42), &note, None).await.unwrap_err();
    assert_eq!(e.to_string(), "the helpdesk refused it: Content can't be blank");
    let e = cw.update(TicketId(43), &note, None).await.unwrap_err();
    assert!(e.to_string().contains("Incoming messages are only allowed in Api inboxes"), "{e}");
}

#[tokio::test]
async fn counts_share_one_meta_answer_per_status_and_new_is_not_offered() {
    let server = MockServer::start().await;
    for (status, all, unassigned) in [("open", 10, 4), ("pending", 3, 1), ("snoozed", 2, 0)] {
        Mock::given(method("GET"))
            .and(path(format!("{ACC}/conversations/meta")))
            .and(query_param("status", status))
            .respond_with(ok(json!({"meta": {"mine_count": 1, "assigned_count": all - unassigned, "unassigned_count": unassigned, "all_count": all}})))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(format!("{ACC}/conversations/filter")))
        .and(body_json(json!({"payload": [
            {"attribute_key": "status", "filter_operator": "equal_to", "values": ["open", "pending", "snoozed"], "query_operator": "AND"},
            {"attribute_key": "priority", "filter_operator": "equal_to", "values": ["urgent"], "query_operator": null}]})))
        .respond_with(ok(json!({"meta": {"mine_count": 0, "unassigned_count": 1, "all_count": 2}, "payload": []})))
        .expect(1)
        .mount(&server)
        .await;
    let cw = client(&server, account1());
    assert_eq!(cw.count(TicketCount::Open).await.unwrap(), 15);
    assert_eq!(cw.count(TicketCount::Unassigned).await.unwrap(), 5);
    assert_eq!(cw.count(TicketCount::Pending).await.unwrap(), 3);
    assert_eq!(cw.count(TicketCount::Urgent).await.unwrap(), 2);
    assert!(matches!(cw.count(TicketCount::New).await, Err(BackendError::NotOffered(_))));
}

#[tokio::test]
async fn reports_for_administrators_and_no_access_for_agents() {
    let server = MockServer::start().await;
    let mut admin = fixture("profile");
    admin["accounts"][0]["role"] = json!("administrator");
    get(&server, "/api/v1/profile", admin).await;
    Mock::given(method("GET"))
        .and(path("/api/v2/accounts/1/reports/summary"))
        .and(query_param("type", "account"))
        .and(query_param("since", "1785000000"))
        .respond_with(ok(fixture("reports_summary")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{ACC}/csat_survey_responses/metrics")))
        .respond_with(ok(
            json!({"total_count": 5, "ratings_count": {"5": 3, "4": 1, "2": 1}, "total_sent_messages_count": 9}),
        ))
        .mount(&server)
        .await;
    let cw = client(&server, ChatwootOptions::default());
    assert_eq!(cw.me().await.unwrap().role, frontline_model::Role::Admin);
    let r = cw.report(1_785_000_000, 1_785_086_400).await.unwrap().unwrap();
    assert_eq!(r.first_reply_avg_secs, Some(183.5));
    assert_eq!(r.resolution_avg_secs, None, "null is no figure, not 0");
    assert_eq!((r.resolved, r.created, r.csat), (Some(9), Some(12), Some((4, 1))));

    let agent_server = MockServer::start().await;
    get(&agent_server, "/api/v1/profile", fixture("profile")).await;
    Mock::given(method("GET"))
        .and(path("/api/v2/accounts/1/reports/summary"))
        .respond_with(ok(fixture("reports_summary")))
        .expect(0)
        .mount(&agent_server)
        .await;
    let agent = client(&agent_server, ChatwootOptions::default());
    agent.me().await.unwrap();
    assert!(
        matches!(agent.report(0, 1).await, Err(BackendError::Forbidden { .. })),
        "asked of nobody: agents may not read reports"
    );
}

#[tokio::test]
async fn the_account_is_the_profiles_or_a_clear_error() {
    let server = MockServer::start().await;
    get(&server, "/api/v1/profile", fixture("profile")).await;
    let wrong = client(&server, ChatwootOptions { account_id: Some(9), ..Default::default() });
    let e = wrong.me().await.unwrap_err();
    assert!(
        e.to_string().contains("account_id = 9 is not one of this agent's Chatwoot accounts (have: 1 Acme)"),
        "{e}"
    );
    let first = client(&server, ChatwootOptions::default());
    assert_eq!(first.me().await.unwrap().name, "Ana Lima");
    assert!(first.describe().ends_with("account 1"), "{}", first.describe());
    assert_eq!(first.signed_in(), Some(UserId(3)));
}

#[tokio::test]
async fn typing_and_polls_by_updated_within() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{ACC}/conversations/42/toggle_typing_status")))
        .and(body_json(json!({"typing_status": "on", "is_private": false})))
        .respond_with(head_ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{ACC}/conversations")))
        .and(query_param("status", "all"))
        .and(query_param("assignee_type", "all"))
        .respond_with(ok(fixture("conversations_index")))
        .expect(1)
        .mount(&server)
        .await;
    let cw = client(&server, account1());
    assert!(cw.shows_typing());
    cw.typing(TicketId(42), true, false).await.unwrap();
    let changed = cw.changed_since(1_785_000_000).await.unwrap();
    let ids: Vec<u64> = changed.tickets.iter().map(|t| t.id.0).collect();
    assert_eq!(ids, [42, 43]);
    let q = server.received_requests().await.unwrap().into_iter().find(|r| r.method.as_str() == "GET").unwrap();
    let within: i64 = q.url.query_pairs().find(|(k, _)| k == "updated_within").unwrap().1.parse().unwrap();
    assert!(within > 60, "reaches back to `since`: {within}");
    assert_eq!(cw.requests_sent(), 2);
}

/// A reply in the outbox whose first send got no answer (a 502 from a proxy: Chatwoot may or
/// may not have it). The resend looks first: Chatwoot has no idempotency key, so the reply
/// by this agent with the same text, no older than the entry, means it arrived.
#[tokio::test]
async fn a_reply_whose_answer_was_lost_is_sent_once() {
    let server = MockServer::start().await;
    get(&server, "/api/v1/profile", fixture("profile")).await;
    get(&server, &format!("{ACC}/conversations/42"), fixture("conversation_show")).await;
    Mock::given(method("POST"))
        .and(path(format!("{ACC}/conversations/42/messages")))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"))
        .expect(1)
        .mount(&server)
        .await;
    // the conversation as Chatwoot has it afterwards: the reply is there
    let mut list = fixture("messages_index");
    list["payload"].as_array_mut().unwrap().push(fixture("message_create"));
    get(&server, &format!("{ACC}/conversations/42/messages"), list).await;

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store.db"), frontline_clock::system()).unwrap();
    let entry = Outgoing {
        key: "cw-reply-1".into(),
        ticket: TicketId(42),
        label: "reply to #42".into(),
        change: TicketChange { comment: Some(NewComment { body: "hello".into(), public: true }), ..Default::default() },
        expected_version: None,
        state: OutState::Queued,
        attempts: 0,
        error: None,
        // written a moment before the fixture's message time
        created_at: 1_785_000_690,
        due: 0,
        requester: Some(UserId(CONTACT + 7)),
        author: Some(UserId(3)),
        shop: None,
        shop_done: false,
    };
    store.call(move |c| outbox::put(c, &[entry])).await.unwrap();
    let cw = client(&server, ChatwootOptions::default());
    let first = frontline_app::deliver::deliver(&store, &cw, "cw-reply-1").await;
    assert!(first.as_ref().is_err_and(frontline_app::deliver::DeliveryError::worth_resending), "{first:?}");
    let again = frontline_app::deliver::deliver(&store, &cw, "cw-reply-1").await.unwrap();
    assert!(matches!(again, frontline_app::deliver::Delivered::AlreadyThere), "{again:?}");
    assert!(store.call(|c| outbox::pending(c)).await.unwrap().is_empty(), "done, not waiting");
    store.close();
}

#[tokio::test]
async fn a_bulk_change_goes_conversation_by_conversation() {
    let server = MockServer::start().await;
    get(&server, &format!("{ACC}/conversations/42"), fixture("conversation_show")).await;
    Mock::given(method("POST"))
        .and(path(format!("{ACC}/conversations/42/labels")))
        .respond_with(ok(json!({"payload": ["billing"]})))
        .expect(1)
        .mount(&server)
        .await;
    get(&server, &format!("{ACC}/conversations/42/labels"), json!({"payload": []})).await;
    Mock::given(method("GET"))
        .and(path(format!("{ACC}/conversations/99/labels")))
        .respond_with(ResponseTemplate::new(404).set_body_json(fixture("error_not_found")))
        .mount(&server)
        .await;
    let cw = client(&server, account1());
    let tag = TicketChange { add_tags: vec!["billing".into()], ..Default::default() };
    let out = cw.update_many(&[TicketId(42), TicketId(99)], &tag).await.unwrap();
    assert_eq!(out[0], (TicketId(42), Ok(())));
    assert!(matches!(&out[1], (TicketId(99), Err(why)) if why.to_string().contains("not found")), "{out:?}");
    // a helpdesk that cannot take writes fails the whole job, to be resent and checked
    Mock::given(method("GET"))
        .and(path(format!("{ACC}/conversations/77/labels")))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    assert!(cw.update_many(&[TicketId(77)], &tag).await.unwrap_err().worth_resending());
}

#[tokio::test]
async fn a_phone_number_is_searched_as_chatwoot_keeps_it() {
    let server = MockServer::start().await;
    let found = json!({"data": {"meta": {"all_count": 1}, "payload": [conversation(7)]}});
    Mock::given(method("GET"))
        .and(path(format!("{ACC}/conversations")))
        .and(query_param("q", "+447700900123"))
        .respond_with(ok(found))
        .expect(1)
        .mount(&server)
        .await;
    let cw = client(&server, account1());
    let page = cw.search("+44 7700 900123").await.unwrap();
    assert_eq!(page.tickets.len(), 1, "the spaces of the number as heard are not Chatwoot's");
}
