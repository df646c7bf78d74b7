//! The Zendesk adapter against a local mock serving Zendesk's documented response shapes:
//! recorded field sets with nulls and unknown fields, HTML bodies, both pagination
//! envelopes, and the errors (401, 403, 404, 409, 422, 429 + Retry-After, 5xx, malformed
//! JSON, HTML pages, redirects). Shapes follow ../shared/reference/helpdesk-apis.md §1.

use frontline_backend::http::RetryPolicy;
use frontline_backend::zendesk::{Credentials, Zendesk};
use frontline_backend::{BackendError, Helpdesk, TicketCount};
use frontline_model::{Channel, MessageKind, Priority, Status, TicketId, UserId, ViewId};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-9f8e7d6c5b4a";

fn fast() -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(10),
        max_retry_after: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
    }
}

fn client(server: &MockServer) -> Zendesk {
    Zendesk::new(&server.uri(), Credentials::ApiToken { email: "agent@acme.com".into(), token: TOKEN.into() }, fast())
        .unwrap()
}

/// A ticket as recorded from a live Zendesk (field set of §1.9), with our sideloads.
fn recorded_ticket(id: u64) -> serde_json::Value {
    json!({
        "url": format!("https://acme.zendesk.com/api/v2/tickets/{id}.json"), "id": id, "external_id": null,
        "via": {"channel": "native_messaging", "source": {"from": {}, "to": {}, "rel": "whatsapp"}},
        "created_at": "2023-09-09T23:52:05Z", "updated_at": "2023-09-10T08:00:00Z",
        "type": "incident", "subject": "Order 1234 \u{1b}[31mstill\u{1b}[0m missing", "raw_subject": "x",
        "description": "Hi there", "priority": null, "status": "hold", "recipient": null,
        "requester_id": 6130869168922u64, "submitter_id": 6130907993114u64, "assignee_id": null,
        "organization_id": null, "group_id": 6130852536346u64, "collaborator_ids": [], "follower_ids": [],
        "email_cc_ids": [], "forum_topic_id": null, "problem_id": null, "has_incidents": false,
        "is_public": true, "due_at": null, "tags": ["sample", "support", null], "custom_fields": [],
        "satisfaction_rating": {"score": "good", "comment": null}, "sharing_agreement_ids": [],
        "custom_status_id": 6130892426138u64, "followup_ids": [], "ticket_form_id": 6130830344474u64,
        "brand_id": 6130830354842u64, "allow_channelback": false, "allow_attachments": true,
        "from_messaging_channel": true, "a_field_from_the_future": {"nested": [1, 2]},
        "slas": {"policy_metrics": [{"breach_at": "2023-09-10T09:00:00Z", "stage": "active", "metric": "first_reply_time", "hours": null, "minutes": 30, "days": null}]}
    })
}

#[tokio::test]
async fn queue_page_maps_recorded_tickets_with_sideloads() {
    let server = MockServer::start().await;
    let mut odd = recorded_ticket(2);
    odd["tags"] = json!(null);
    odd["status"] = json!("awaiting_parts");
    odd["priority"] = json!("critical");
    odd["via"] = json!({"channel": "voice"});
    Mock::given(method("GET"))
        .and(path("/api/v2/views/360/tickets.json"))
        .and(query_param("page[size]", "100"))
        .and(header("authorization", "Basic YWdlbnRAYWNtZS5jb20vdG9rZW46dG9rLTlmOGU3ZDZjNWI0YQ=="))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tickets": [recorded_ticket(1), odd, {"id": "not-a-number"}],
            "users": [{"id": 6130869168922u64, "name": "The Customer", "email": "c@example.com", "role": "end-user", "phone": null, "tags": null, "notes": null, "photo": null}],
            "metric_sets": [{"ticket_id": 1, "reply_time_in_minutes": {"calendar": 42, "business": 30}, "solved_at": null}],
            "meta": {"has_more": true, "after_cursor": "xyz", "before_cursor": "abc"},
            "links": {"next": format!("{}/api/v2/views/360/tickets.json?page%5Bafter%5D=xyz&page%5Bsize%5D=100", server.uri()), "prev": null}
        })))
        .mount(&server)
        .await;
    let page = client(&server).queue_page(ViewId(360), None).await.unwrap();
    assert_eq!(page.tickets.len(), 2, "a record that cannot be read is skipped, not fatal");
    let t = &page.tickets[0];
    assert_eq!(t.id, TicketId(1));
    assert_eq!(t.subject, "Order 1234 still missing", "escape sequences stripped");
    assert_eq!(t.status, Status::OnHold);
    assert_eq!(t.priority, None);
    assert_eq!(t.channel, Channel::WhatsApp);
    assert_eq!(t.requester, Some(UserId(6130869168922)));
    assert_eq!(t.tags, vec!["sample", "support"]);
    assert_eq!(t.first_reply_minutes, Some(42));
    assert_eq!(t.sla.as_ref().unwrap().breach_at, Some(1_694_336_400));
    assert_eq!(t.version, "2023-09-10T08:00:00Z");
    let o = &page.tickets[1];
    assert_eq!(o.status, Status::Other("awaiting_parts".into()), "unknown statuses shown as they are");
    assert_eq!(o.priority, None);
    assert_eq!(o.channel, Channel::Phone);
    assert!(o.tags.is_empty());
    assert_eq!(page.users[0].name, "The Customer");
    assert!(page.next.as_deref().unwrap().contains("page%5Bafter%5D=xyz"));
}

#[tokio::test]
async fn offset_envelopes_and_sideloaded_satisfaction() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/api/v2/users/77.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"user": {"id": 77, "name": "Ana\u{202e}Lima", "email": "ana@x", "role": "end-user", "organization_id": 5, "tags": ["vip"], "notes": "Prefers e-mail"}, "organizations": [{"id": 5, "name": "Brightside Hotels"}]})))
        .mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/77/tickets/requested.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"tickets": [recorded_ticket(9)], "next_page": null, "previous_page": null, "count": 1}),
        ))
        .mount(&server)
        .await;
    let p = client(&server).customer(UserId(77)).await.unwrap();
    assert_eq!(p.user.name, "AnaLima", "bidi override removed");
    assert_eq!(p.user.organization.as_deref(), Some("Brightside Hotels"));
    assert_eq!(p.tickets.len(), 1);
    assert_eq!(p.tickets[0].satisfaction, frontline_model::Satisfaction::Good);
}

#[tokio::test]
async fn conversation_follows_cursor_pages_and_turns_html_into_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/api/v2/tickets/5/comments.json")).and(query_param("page[after]", "c2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "comments": [{"id": 4, "type": "Comment", "body": "Customer is on legacy plan - check billing first",
              "html_body": "<p>Customer is on legacy plan - check billing first</p>", "plain_body": "Customer is on legacy plan - check billing first",
              "public": false, "author_id": 6130907993114u64, "attachments": [], "audit_id": 123456789, "created_at": "2019-06-03T03:00:00Z"}],
            "meta": {"has_more": false, "after_cursor": null, "before_cursor": "c2"}, "links": {"next": null, "prev": null}})))
        .mount(&server).await;
    Mock::given(method("GET")).and(path("/api/v2/tickets/5/comments.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "comments": [
              {"id": 2, "type": "Comment", "body": "Mail to create fixture ticket", "html_body": "", "plain_body": "", "public": true, "author_id": 377922500012u64, "attachments": [{"file_name": "photo.jpg", "content_url": "x"}], "created_at": "2019-06-03T01:23:47Z"},
              {"id": 3, "type": "Comment", "body": "see order", "html_body": "<div><p>See <a href=\"https://shop.example/o/1\">your order</a></p><script>steal()</script><img src=\"cid:x\"></div>", "public": true, "author_id": 377922500012u64, "created_at": "2019-06-03T02:23:47Z"}
            ],
            "users": [{"id": 377922500012u64, "name": "Yosuke", "role": "end-user"}],
            "meta": {"has_more": true, "after_cursor": "c2", "before_cursor": "c1"},
            "links": {"next": format!("{}/api/v2/tickets/5/comments.json?page%5Bafter%5D=c2", server.uri()), "prev": null}})))
        .mount(&server).await;
    let c = client(&server).conversation(TicketId(5)).await.unwrap();
    assert_eq!(c.messages.iter().map(|m| m.id).collect::<Vec<_>>(), vec![2, 3, 4]);
    assert_eq!(c.messages[0].body, "Mail to create fixture ticket");
    assert_eq!(
        c.messages[0].attachments,
        vec![frontline_model::Attachment::listed("photo.jpg", None, None, Some("x"))]
    );
    let html = &c.messages[1].body;
    assert!(
        html.contains("your order") && html.contains("https://shop.example/o/1") && !html.contains("steal"),
        "{html}"
    );
    assert_eq!(c.messages[2].kind, MessageKind::Internal);
    assert_eq!(c.users[0].name, "Yosuke");
}

#[tokio::test]
async fn counts_views_and_a_forbidden_figure() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/search/count.json"))
        .and(query_param("query", "type:ticket status<solved"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 10})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/search/count.json"))
        .and(query_param("query", "type:ticket status:new"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"error": "Forbidden", "description": "You do not have access to this page."})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/api/v2/views/active.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"views": [{"id": 1, "title": "Unassigned", "active": true}, {"id": 2, "title": null, "active": true}], "next_page": null, "count": 2}))).mount(&server).await;
    let z = client(&server);
    assert_eq!(z.count(TicketCount::Open).await.unwrap(), 10);
    assert!(matches!(z.count(TicketCount::New).await, Err(BackendError::Forbidden { .. })));
    let views = z.views().await.unwrap();
    assert_eq!(views[0].title, "Unassigned");
    assert_eq!(views[1].title, "(untitled)");
}

#[tokio::test]
async fn token_rejected_names_the_agent_and_never_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "Couldn't authenticate you"})))
        .mount(&server)
        .await;
    let e = client(&server).me().await.unwrap_err();
    let text = e.to_string();
    assert_eq!(text, "token rejected for agent@acme.com: check token_env / token_command in your profile");
    assert!(!text.contains(TOKEN) && !format!("{e:?}").contains(TOKEN));
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a 401 is not retried");
}

#[tokio::test]
async fn rate_limit_honours_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me.json"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_string("Number of allowed API requests per minute exceeded"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me.json"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"user": {"id": 1, "name": "Agent", "role": "agent"}})),
        )
        .mount(&server)
        .await;
    let start = frontline_clock::monotonic();
    let me = client(&server).me().await.unwrap();
    assert_eq!(me.name, "Agent");
    assert!(start.elapsed() >= Duration::from_millis(950), "waited out Retry-After");
    // a wait longer than the client takes on its own is reported, with the time
    let server2 = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "120"))
        .mount(&server2)
        .await;
    let e = client(&server2).me().await.unwrap_err();
    assert_eq!(e, BackendError::RateLimited { retry_after: 120, asked: 120 });
    assert!(e.to_string().contains("120s"));
    // a hostile Retry-After is cut to 15 minutes, and the cut is said
    for asked in ["9223372036854775807", "99999"] {
        let server3 = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", asked))
            .mount(&server3)
            .await;
        let e = client(&server3).me().await.unwrap_err();
        assert_eq!(e, BackendError::RateLimited { retry_after: 900, asked: asked.parse().unwrap() });
        assert!(e.to_string().contains("retrying in 900s") && e.to_string().contains("at most 15 minutes"), "{e}");
    }
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_not_for_writes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/groups.json"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/groups.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"groups": [{"id": 1, "name": "Tier 1"}]})))
        .mount(&server)
        .await;
    assert_eq!(client(&server).groups().await.unwrap()[0].name, "Tier 1");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(500).set_body_json(json!({"error": "InternalError", "description": "boom"})),
        )
        .mount(&server)
        .await;
    let e = client(&server).groups().await.unwrap_err();
    assert!(matches!(e, BackendError::Server { status: 500, .. }), "{e}");
    assert!(e.to_string().contains("boom"));
}

#[tokio::test]
async fn malformed_json_html_pages_and_redirects_are_clear_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/groups.json"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .set_body_string("{\"groups\": ["),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/views/active.json"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string("<html><body>Corporate proxy: please sign in</body></html>"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me.json"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "https://login.example.com/sso"))
        .mount(&server)
        .await;
    let z = client(&server);
    assert!(z.groups().await.unwrap_err().to_string().contains("malformed JSON"));
    assert!(z.views().await.unwrap_err().to_string().contains("web page"));
    let e = z.me().await.unwrap_err().to_string();
    assert!(e.contains("redirected to https://login.example.com/sso"), "{e}");
}

#[tokio::test]
async fn a_dead_helpdesk_says_so_in_words() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let z = Zendesk::new(&url, Credentials::ApiToken { email: "a@b".into(), token: TOKEN.into() }, fast()).unwrap();
    let e = z.me().await.unwrap_err();
    // told by the error's kind (ECONNREFUSED), not its words: nothing was sent, a write may go again
    assert!(matches!(e, BackendError::Refused { .. }), "{e:?}");
    assert!(e.to_string().contains("connection refused"), "{e}");
}

#[tokio::test]
async fn pagination_links_to_another_host_are_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"tickets": [], "meta": {"has_more": true}, "links": {"next": "https://evil.example.com/steal"}}),
        ))
        .mount(&server)
        .await;
    let z = client(&server);
    let page = z.queue_page(ViewId(1), None).await.unwrap();
    let e = z.queue_page(ViewId(1), page.next).await.unwrap_err();
    assert!(e.to_string().contains("another host"), "{e}");
}

#[tokio::test]
async fn oauth_sends_a_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer oauth-abc"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"user": {"id": 3, "name": "Admin", "role": "admin"}})),
        )
        .mount(&server)
        .await;
    let z = Zendesk::new(&server.uri(), Credentials::OAuth { token: "oauth-abc".into() }, fast()).unwrap();
    assert_eq!(z.me().await.unwrap().role, frontline_model::Role::Admin);
}

#[tokio::test]
async fn updates_send_safe_update_with_the_version_and_map_409_to_a_conflict() {
    use frontline_model::{NewComment, TicketChange};
    use wiremock::matchers::body_json;
    let server = MockServer::start().await;
    let change = TicketChange {
        status: Some(Status::OnHold),
        assignee: Some(None),
        add_tags: vec!["vip".into()],
        comment: Some(NewComment { body: "Looking into it".into(), public: false }),
        ..Default::default()
    };
    Mock::given(method("PUT"))
        .and(path("/api/v2/tickets/7.json"))
        .and(body_json(json!({"ticket": {"status": "hold", "assignee_id": null, "additional_tags": ["vip"], "comment": {"body": "Looking into it", "public": false}, "safe_update": true, "updated_stamp": "2023-09-10T08:00:00Z"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ticket": recorded_ticket(7), "audit": {"id": 1}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/tickets/7.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ticket": recorded_ticket(7)})))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/tickets/8.json"))
        .respond_with(
            ResponseTemplate::new(409)
                .set_body_json(json!({"error": "UpdateConflict", "description": "Safe Update prevented the update"})),
        )
        .mount(&server)
        .await;
    let z = client(&server);
    let page = z.update(TicketId(7), &change, Some("2023-09-10T08:00:00Z")).await.unwrap();
    assert_eq!(page.tickets[0].id, TicketId(7), "the ticket is read back after the write");
    assert_eq!(z.update(TicketId(8), &change, Some("old")).await.unwrap_err(), BackendError::Conflict);
    let puts = server.received_requests().await.unwrap().iter().filter(|r| r.method.as_str() == "PUT").count();
    assert_eq!(puts, 2, "a write is never retried after a conflict");
}

#[tokio::test]
async fn bulk_updates_follow_the_job_status() {
    use frontline_model::TicketChange;
    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path("/api/v2/tickets/update_many.json")).and(query_param("ids", "1,2,3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_status": {"id": "j1", "url": format!("{}/api/v2/job_statuses/j1.json", server.uri()), "status": "queued"}})))
        .mount(&server).await;
    Mock::given(method("GET")).and(path("/api/v2/job_statuses/j1.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_status": {"id": "j1", "status": "completed", "results": [
            {"id": 1, "action": "update", "success": true, "status": "Updated"},
            {"id": 2, "action": "update", "success": false, "status": "Failed", "details": "Status: closed prevents ticket update"},
            {"id": 3, "action": "update", "success": true}]}})))
        .mount(&server).await;
    let out = client(&server)
        .update_many(
            &[TicketId(1), TicketId(2), TicketId(3)],
            &TicketChange { status: Some(Status::Pending), ..Default::default() },
        )
        .await
        .unwrap();
    assert_eq!(out[0], (TicketId(1), Ok(())));
    assert_eq!(out[1], (TicketId(2), Err(BackendError::Invalid("Status: closed prevents ticket update".into()))));
    assert_eq!(out[2], (TicketId(3), Ok(())));
}

#[tokio::test]
async fn macros_are_read_into_changes() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/api/v2/macros/active.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"macros": [
            {"id": 360, "title": "Escalate \u{1b}[5mnow", "active": true,
             "description": "Hand over to Tier 2\nshop: discount 10% 14d", "actions": [
                {"field": "comment_value", "value": ["channel:all", "Escalated by {{current_user.name}}"]},
                {"field": "comment_mode_is_public", "value": "false"},
                {"field": "group_id", "value": "202"}, {"field": "priority", "value": "high"},
                {"field": "current_tags", "value": "escalated tier2"}, {"field": "satisfaction_score", "value": "offered"}]},
            {"title": "no id: skipped"}
        ], "next_page": null, "count": 2})))
        .mount(&server).await;
    let macros = client(&server).macros().await.unwrap();
    assert_eq!(macros.len(), 1);
    let m = &macros[0];
    assert_eq!(m.title, "Escalate now");
    assert_eq!(m.change.group, Some(Some(202)));
    assert_eq!(m.change.priority, Some(Some(Priority::High)));
    assert_eq!(m.change.add_tags, vec!["escalated", "tier2"]);
    let c = m.change.comment.as_ref().unwrap();
    assert!(!c.public && c.body == "Escalated by {{current_user.name}}");
    // Zendesk has no shop action: the description's `shop:` lines are the macro's steps
    assert_eq!(m.shop, vec![frontline_model::MacroStep::parse("discount 10% 14d")]);
}

#[tokio::test]
async fn admins_use_the_incremental_export_and_agents_search() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/api/v2/incremental/tickets/cursor.json")).and(query_param("start_time", "1694300001"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tickets": [recorded_ticket(1)], "after_url": format!("{}/api/v2/incremental/tickets/cursor.json?cursor=c1", server.uri()), "after_cursor": "c1", "end_of_stream": false})))
        .mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/v2/incremental/tickets/cursor.json"))
        .and(query_param("cursor", "c1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"tickets": [recorded_ticket(2)], "after_cursor": "c2", "end_of_stream": true})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/search.json"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"results": [recorded_ticket(3)], "next_page": null, "count": 1})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me.json"))
        .and(header("authorization", "Bearer admin-token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"user": {"id": 1, "name": "Admin", "role": "admin"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me.json"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"user": {"id": 2, "name": "Agent", "role": "agent"}})),
        )
        .mount(&server)
        .await;
    let admin = Zendesk::new(&server.uri(), Credentials::OAuth { token: "admin-token".into() }, fast()).unwrap();
    admin.me().await.unwrap();
    let ids: Vec<u64> = admin.changed_since(1_694_300_000).await.unwrap().tickets.iter().map(|t| t.id.0).collect();
    assert_eq!(ids, vec![1, 2], "the incremental export (changes after `since`: start_time is inclusive), to the end");
    let agent = client(&server);
    agent.me().await.unwrap();
    let ids: Vec<u64> = agent.changed_since(1_694_300_000).await.unwrap().tickets.iter().map(|t| t.id.0).collect();
    assert_eq!(ids, vec![3], "agents search");
    // polls search, admins too: the export is limited to 10 calls a minute per account and
    // leaves out the last minute
    let ids: Vec<u64> = admin.poll_changes(1_694_300_000).await.unwrap().tickets.iter().map(|t| t.id.0).collect();
    assert_eq!(ids, vec![3], "an admin's poll searches");
}

#[tokio::test]
async fn a_keyed_write_sends_its_key_as_metadata_and_finds_it_in_the_audits() {
    // Zendesk keeps an update's `metadata` on its audit as `metadata.custom`
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/tickets/7.json"))
        .and(wiremock::matchers::body_partial_json(json!({"ticket": {"metadata": {"frontline_key": "k-1"}}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ticket": recorded_ticket(7)})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/tickets/7.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ticket": recorded_ticket(7)})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/tickets/7/audits.json"))
        .and(query_param("sort_order", "desc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"audits": [
            {"id": 2, "created_at": "2026-12-07T10:00:05Z", "metadata": {"system": {}, "custom": {"frontline_key": "k-1"}}, "events": []},
            {"id": 1, "created_at": "2026-12-07T10:00:00Z", "metadata": {"system": {}, "custom": {}}, "events": []}
        ], "next_page": null})))
        .mount(&server)
        .await;
    let z = client(&server);
    let reply = frontline_model::TicketChange {
        comment: Some(frontline_model::NewComment { body: "hi".into(), public: true }),
        ..Default::default()
    };
    z.update_keyed(TicketId(7), &reply, None, "k-1").await.unwrap();
    let since = chrono::DateTime::parse_from_rfc3339("2026-12-07T09:00:00Z").unwrap().timestamp();
    assert_eq!(z.landed_by_key(TicketId(7), "k-1", since).await.unwrap(), Some(true));
    assert_eq!(
        z.landed_by_key(TicketId(7), "k-2", since).await.unwrap(),
        Some(false),
        "another write's key is not this one's"
    );
}
