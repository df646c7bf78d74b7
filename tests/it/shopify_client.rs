//! A Shopify client nobody here wrote — Shopify's own `@shopify/admin-api-client` — against
//! the sandbox shop: orders by e-mail with tracking, cursors, one order by name, a refund sent
//! twice with one idempotency key (one refund), a charged-twice order's payments and the
//! duplicate refunded from its own payment, and THROTTLED from a drained bucket.
//! Needs Node.js and the packages in tests/shopify-client (`npm ci --prefix tests/shopify-client`).

use crate::support;

use frontline_sandbox::{self as sandbox, SandboxOptions};
use serde_json::Value;
use std::path::Path;

#[tokio::test]
#[ignore = "needs Node.js and npm packages: npm ci --prefix tests/shopify-client, then cargo test -- --ignored"]
async fn shopifys_own_client_works_against_the_sandbox_shop() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/shopify-client");
    assert!(
        dir.join("node_modules/@shopify/admin-api-client").is_dir(),
        "the client is not installed: run `npm ci --prefix tests/shopify-client`"
    );
    let sb = sandbox::start(SandboxOptions::default()).await.unwrap();
    let twice = charged_twice(&sb).await;
    // the console's own query texts, for the client to send as they are
    let queries = tempfile::tempdir().unwrap();
    let file = queries.path().join("queries.json");
    let texts: serde_json::Map<String, Value> = frontline_shop::shopify::console_queries()
        .into_iter()
        .map(|(name, text)| (name.to_string(), Value::String(text)))
        .collect();
    std::fs::write(&file, Value::Object(texts).to_string()).unwrap();
    let out = tokio::process::Command::new("node")
        .arg(dir.join("client.mjs"))
        .env("CONSOLE_QUERIES", &file)
        .env("SHOP_URL", &sb.shop_url)
        .env("SHOP_TOKEN", &sb.shop_token)
        .env("SHOP_TWICE", &twice)
        .output()
        .await
        .expect("node runs (is Node.js installed?)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the client's checks failed:\n{stdout}");
    let facts: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();

    // what the client saw is what the shop holds: the refund it made twice exists once
    let order = support::shop_order(&sb, facts["order"].as_str().unwrap(), "refunds { id note }").await;
    let refunds = order["refunds"].as_array().unwrap().clone();
    let made: Vec<&Value> = refunds.iter().filter(|r| r["note"] == "Damaged on arrival").collect();
    assert_eq!(made.len(), 1, "one refund from two sends: {refunds:?}");
    assert_eq!(made[0]["id"], facts["refund"]);

    // the duplicate went back once, against the duplicate itself
    let twice =
        support::shop_order(&sb, &twice, "transactions(first: 20) { kind status parentTransaction { id } }").await;
    let back: Vec<&Value> = twice["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "REFUND" && t["parentTransaction"]["id"] == facts["duplicate"])
        .collect();
    assert_eq!(back.len(), 1, "one refund of the duplicate: {twice}");
    sb.stop().await;
}

/// The order of a seeded "charged twice" ticket, by its order-number field.
async fn charged_twice(sb: &sandbox::SandboxHandle) -> String {
    let found = support::api(sb, "/api/v2/search.json?query=tags:payment_failed").await;
    let refs = found["results"].as_array().unwrap().iter().flat_map(|t| {
        t["custom_fields"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|f| f["value"].as_str().map(String::from))
    });
    let name = refs.into_iter().find(|v| v.starts_with("NW")).expect("a payment_failed ticket names its order");
    format!("#{name}")
}
