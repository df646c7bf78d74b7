//! The Request Tracker adapter against a local mock, for what the real RT in tests/it/rt.rs
//! cannot show: RT under a path (`https://example.com/rt`), the token header, RT's error
//! bodies in words, and a garbled list answer. Everything else is tested against a real RT.

use frontline_backend::http::RetryPolicy;
use frontline_backend::rt::{Rt, RtOptions};
use frontline_backend::{BackendError, Helpdesk};
use frontline_model::ViewId;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "1-42-0123456789abcdef";

fn client(server: &MockServer) -> Rt {
    let retry = RetryPolicy {
        attempts: 2,
        base_delay: Duration::from_millis(10),
        max_retry_after: Duration::from_secs(1),
        timeout: Duration::from_secs(5),
    };
    let options =
        RtOptions { user: "rita".into(), basic_auth: false, views: vec![], bands: Default::default(), agents: vec![] };
    Rt::new(&format!("{}/rt/", server.uri()), TOKEN.into(), options, retry).unwrap()
}

#[tokio::test]
async fn rt_under_a_path_is_reached_with_the_token_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rt/REST/2.0/user/rita"))
        .and(header("authorization", format!("token {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": 39, "Name": "rita", "RealName": "Rita Agent", "EmailAddress": "rita@shop.example", "Privileged": 1
        })))
        .mount(&server)
        .await;
    let me = client(&server).me().await.unwrap();
    assert_eq!((me.id.0, me.name.as_str()), (39, "Rita Agent"));
}

#[tokio::test]
async fn rts_error_bodies_come_back_in_words_without_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rt/REST/2.0/queues/all"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [], "page": 1, "pages": 1})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rt/REST/2.0/tickets"))
        .and(query_param("query", "Owner = 'Nobody' AND Status = '__Active__'"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"message": "Invalid query: Wrong query, no such column"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rt/REST/2.0/tickets"))
        .and(query_param("query", "Status = '__Active__'"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message": "not a list"})))
        .mount(&server)
        .await;
    let rt = client(&server);
    let views = rt.views().await.unwrap();
    let unowned = views.iter().find(|v| v.title == "Unowned").unwrap().id;
    let err = rt.queue_page(unowned, None).await.unwrap_err();
    assert_eq!(err.to_string(), "the helpdesk refused it: Invalid query: Wrong query, no such column");
    assert!(!err.to_string().contains(TOKEN));
    let all = views.iter().find(|v| v.title == "All active").unwrap().id;
    let err = rt.queue_page(all, None).await.unwrap_err();
    assert!(matches!(err, BackendError::Decode { .. }), "{err:?}");
    assert_eq!(rt.queue_page(ViewId(7), None).await.unwrap_err().to_string(), "view 7 not found");
}
