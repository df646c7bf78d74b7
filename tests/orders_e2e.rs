//! Orders from the shop end to end: a headless console with the Zendesk adapter on the
//! sandbox and the Shopify adapter on the sandbox's shop. The order a ticket names shows with
//! its tracking after one shop request; the tracking macro fills from it; a failing shop
//! leaves the ticket view whole.

// Tests stop loudly: unwrap, expect and panic are how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use crossterm::event::KeyCode;
use frontline_app::{Loadable, Mode, Settings, orders};
use frontline_sandbox::{self as sandbox, SandboxHandle, SandboxOptions};
use std::sync::Arc;
use support::{Console, api};

fn settings() -> Settings {
    Settings { start_view: Some("All open".into()), undo_secs: 0, ..Settings::default() }
}

/// Requests the console sent to the shop so far.
fn shop_requests(sb: &SandboxHandle) -> usize {
    sb.requests().iter().filter(|r| r.path.starts_with("/admin/api/")).count()
}

/// An open "where is my order" ticket whose named order is on its way (in transit or late).
async fn where_is_my_order(sb: &SandboxHandle, c: &Console) -> u64 {
    for t in c.model.queue.tickets.iter().filter(|t| t.tags.iter().any(|g| g == "where_is_my_order")) {
        let Some(name) = t.refs.first() else { continue };
        let q = format!(
            "{{\"query\":\"{{ orders(first: 1, query: \\\"name:{name}\\\") {{ nodes {{ displayFulfillmentStatus cancelledAt }} }} }}\"}}"
        );
        let body: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/admin/api/2026-01/graphql.json", sb.shop_url))
            .header("X-Shopify-Access-Token", &sb.shop_token)
            .header("content-type", "application/json")
            .body(q)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if body["data"]["orders"]["nodes"][0]["displayFulfillmentStatus"] == "FULFILLED" {
            return t.id.0;
        }
    }
    panic!("no open where-is-my-order ticket with a shipped order");
}

async fn open_ticket(c: &mut Console, id: u64) {
    let fx = frontline_app::run_command(&mut c.model, &format!("ticket {id}"));
    c.exec.run(fx);
    c.settle().await;
    assert_eq!(c.model.selected().map(|t| t.id.0), Some(id));
}

#[tokio::test]
async fn the_named_orders_tracking_shows_after_one_shop_request() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let mut c = Console::open_with_shop(&sb, settings()).await;
    let id = where_is_my_order(&sb, &c).await;
    let before = shop_requests(&sb);
    open_ticket(&mut c, id).await;
    assert_eq!(shop_requests(&sb) - before, 1, "one settle, one shop request");
    let named = orders::named(&c.model).expect("the order the ticket names is loaded").clone();
    let t = c.model.selected().unwrap();
    assert!(t.refs.iter().any(|r| named.is_named_by(r)), "{} named by {:?}", named.name, t.refs);
    let s = named.shipment().expect("shipped");
    assert!(
        s.carrier.is_some()
            && s.tracking_number.is_some()
            && s.tracking_url.as_deref().unwrap().starts_with("https://")
    );
    assert_eq!(orders::selected_order(&c.model).map(|o| &o.name), Some(&named.name), "highlighted");
    assert!(c.model.orders.expanded, "and opened");
    // away and back: the orders are kept, no second request
    c.press(KeyCode::Char('j')).await;
    c.press(KeyCode::Char('k')).await;
    open_ticket(&mut c, id).await;
    let asked_for_others = shop_requests(&sb) - before;
    assert!(asked_for_others <= 3, "one request per customer settled on: {asked_for_others}");
    let again = shop_requests(&sb);
    open_ticket(&mut c, id).await;
    assert_eq!(shop_requests(&sb), again, "cached after the first");
    sb.stop().await;
}

#[tokio::test]
async fn the_tracking_macro_fills_from_the_order_and_is_sent() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let mut c = Console::open_with_shop(&sb, settings()).await;
    let id = where_is_my_order(&sb, &c).await;
    open_ticket(&mut c, id).await;
    let number = orders::named(&c.model).unwrap().shipment().unwrap().tracking_number.clone().unwrap();
    c.press(KeyCode::Char('m')).await;
    c.type_str("tracking sent").await;
    c.press(KeyCode::Enter).await;
    let Mode::Preview(p) = &c.model.mode else { panic!("preview expected: {:?}", c.model.mode) };
    let body = p.changes[0].1.comment.as_ref().unwrap().body.clone();
    assert!(body.contains(&number) && body.contains("https://"), "{body}");
    assert!(p.unknown.is_empty(), "every placeholder filled: {:?}", p.unknown);
    c.press(KeyCode::Enter).await;
    let comments = api(&sb, &format!("/api/v2/tickets/{id}/comments.json")).await;
    let last = comments["comments"].as_array().unwrap().last().unwrap()["body"].as_str().unwrap().to_string();
    assert!(last.contains(&number), "the customer got the tracking number: {last}");
    sb.stop().await;
}

#[tokio::test]
async fn a_shop_that_is_down_says_so_and_the_ticket_view_stays_whole() {
    let sb = sandbox::start(SandboxOptions { tickets: 60, ..Default::default() }).await.unwrap();
    let down = frontline_shop::shopify::Shopify::new("http://127.0.0.1:9", "shpat_x", None).unwrap();
    let mut c = Console::open_with(&sb, Some(Arc::new(down)), settings()).await;
    c.press(KeyCode::Char('j')).await;
    match orders::of_selected(&c.model) {
        Some(Loadable::Failed(e)) => assert!(e.contains("cannot reach the shop at 127.0.0.1:9"), "{e}"),
        other => panic!("a failure in words expected: {other:?}"),
    }
    let t = c.model.selected().unwrap();
    assert!(matches!(c.model.details.conversations.get(&t.id), Some(Loadable::Ready(_))), "the conversation loaded");
    assert!(!e2e_token_leak(&c), "the token is never shown");
    sb.stop().await;
}

fn e2e_token_leak(c: &Console) -> bool {
    c.model.orders.by_email.values().any(|l| matches!(l, Loadable::Failed(e) if e.contains("shpat_x")))
}
