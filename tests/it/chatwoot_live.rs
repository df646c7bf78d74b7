//! Chatwoot's live feed against a fake ActionCable server speaking the protocol Chatwoot's
//! `/cable` speaks: welcome, the `RoomChannel` subscription with the profile's pubsub token,
//! pings, events, a dropped connection, a refused subscription, nobody listening. Every wait
//! is for an event, with a deadline that only ends a broken test.

use crate::support;

use frontline_backend::chatwoot::{Chatwoot, ChatwootOptions};
use frontline_backend::http::RetryPolicy;
use frontline_backend::{Helpdesk, LiveEvent, LiveFeed};
use frontline_model::TicketId;
use serde_json::{Value, json};
use std::time::Duration;
use support::chatwoot::{Say, fake_cable};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fixture(name: &str) -> Value {
    let text =
        std::fs::read_to_string(format!("{}/tests/fixtures/chatwoot/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

async fn chatwoot(cable: String) -> (Chatwoot, MockServer) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/profile"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("profile")))
        .mount(&server)
        .await;
    let retry = RetryPolicy { timeout: Duration::from_secs(5), ..RetryPolicy::default() };
    let opts = ChatwootOptions { account_id: Some(1), filters: vec![], cable_url: Some(cable) };
    (Chatwoot::new(&server.uri(), "cw-token".into(), opts, retry).unwrap(), server)
}

async fn next(feed: &mut LiveFeed) -> LiveEvent {
    tokio::time::timeout(Duration::from_secs(20), feed.recv())
        .await
        .expect("no live event in 20 s")
        .expect("feed ended")
}

#[tokio::test]
async fn subscribes_receives_and_comes_back_after_a_drop() {
    let (url, say, mut subscribed) = fake_cable(false).await;
    let (cw, _server) = chatwoot(url).await;
    let mut feed = cw.live().expect("Chatwoot has a live feed");
    assert!(matches!(next(&mut feed).await, LiveEvent::Up));
    let sub = subscribed.recv().await.unwrap();
    assert_eq!(sub["command"], "subscribe");
    assert_eq!(
        sub["identifier"],
        json!({"channel": "RoomChannel", "pubsub_token": "pst_9f8e7d", "account_id": 1, "user_id": 3})
    );

    let mut message = fixture("message_create");
    message["conversation_id"] = json!(42);
    message["content"] = json!("Is my refund done?");
    say.send(Say::Frame(json!({"event": "message.created", "data": message}))).unwrap();
    match next(&mut feed).await {
        LiveEvent::Message { ticket, message, .. } => {
            assert_eq!(ticket, TicketId(42));
            assert_eq!(message.body, "Is my refund done?");
        }
        other => panic!("{other:?}"),
    }
    say.send(Say::Frame(json!({"event": "conversation.status_changed", "data": fixture("conversation_show")})))
        .unwrap();
    assert!(matches!(next(&mut feed).await, LiveEvent::Changed(p) if p.tickets[0].id == TicketId(42)));
    say.send(Say::Frame(json!({"event": "conversation.typing_on", "data": {
        "conversation": {"id": 42}, "user": {"id": 5, "name": "Rui Costa", "type": "user"}, "is_private": false}})))
        .unwrap();
    assert!(matches!(next(&mut feed).await, LiveEvent::Typing { on: true, .. }));

    // the connection drops: down, then up again on a new connection
    say.send(Say::Drop).unwrap();
    assert!(
        matches!(next(&mut feed).await, LiveEvent::Down(why) if why.contains("closed by the server") || why.contains("dropped"))
    );
    assert!(matches!(next(&mut feed).await, LiveEvent::Up));
    assert!(subscribed.recv().await.is_some(), "subscribed again");
    say.send(Say::Frame(json!({"event": "assignee.changed", "data": fixture("conversation_show")}))).unwrap();
    assert!(matches!(next(&mut feed).await, LiveEvent::Changed(_)));
}

#[tokio::test]
async fn a_refused_subscription_or_nobody_listening_is_down_with_the_reason() {
    let (url, _say, _subscribed) = fake_cable(true).await;
    let (cw, _server) = chatwoot(url).await;
    let mut feed = cw.live().unwrap();
    assert!(matches!(next(&mut feed).await, LiveEvent::Down(why) if why.contains("pubsub token")));

    // a port nobody listens on
    let spare = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gone = format!("ws://{}/cable", spare.local_addr().unwrap());
    drop(spare);
    let (cw, _server) = chatwoot(gone.clone()).await;
    let mut feed = cw.live().unwrap();
    match next(&mut feed).await {
        LiveEvent::Down(why) => assert!(why.contains(&gone) && why.contains("refused"), "{why}"),
        other => panic!("{other:?}"),
    }
}
