//! Orders from the shop end to end: a headless console with the Zendesk adapter on the
//! sandbox and the Shopify adapter on the sandbox's shop. The order a ticket names shows with
//! its tracking after one shop request; the tracking macro fills from it; a failing shop
//! leaves the ticket view whole.

use crate::support;

use frontline_app::{Loadable, Mode, Settings, orders};
use frontline_config::KeyCode;
use frontline_sandbox::{self as sandbox, SandboxHandle, SandboxOptions};
use std::sync::Arc;
use support::{Console, api, shop_order};

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
        if shop_order(sb, name, "displayFulfillmentStatus").await["displayFulfillmentStatus"] == "FULFILLED" {
            return t.id.0;
        }
    }
    panic!("no open where-is-my-order ticket with a shipped order");
}

/// A console with the sandbox's shop and its local store at `store` (a restart opens another
/// on the same file).
pub(crate) async fn console_on(sb: &SandboxHandle, store: &std::path::Path) -> Console {
    let shop = frontline_shop::shopify::Shopify::new(&sb.shop_url, &sb.shop_token, None).unwrap();
    Console::open_full(&sb.url, &sb.token, &sb.agent_emails[0], settings(), store, Some(Arc::new(shop))).await
}

/// Yes pressed while every write's answer is cut after the server handled it, then the console
/// dies (no clean close) and the network heals.
pub(crate) async fn yes_then_die(sb: &SandboxHandle, mut c: Console) {
    sb.set_faults(frontline_sandbox::Faults::parse("drop=100%, on=writes").unwrap());
    c.press(KeyCode::Char('y')).await;
    drop(c);
    sb.set_faults(frontline_sandbox::Faults::default());
}

/// A new console on the same store, after its first tick (which sends what the last session
/// left in the outbox).
pub(crate) async fn restarted(sb: &SandboxHandle, store: &std::path::Path) -> Console {
    let mut again = console_on(sb, store).await;
    again.tick(frontline_clock::system().now() + 1).await;
    again
}

pub(crate) async fn open_ticket(c: &mut Console, id: u64) {
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

/// A delivered order with something left to refund, on an open ticket of its customer.
pub(crate) async fn damaged(sb: &SandboxHandle, c: &Console) -> u64 {
    for t in c.model.queue.tickets.iter().filter(|t| t.tags.iter().any(|g| g == "damaged_item") && !t.refs.is_empty()) {
        if shop_order(sb, &t.refs[0], "displayFinancialStatus").await["displayFinancialStatus"] == "PAID" {
            return t.id.0;
        }
    }
    panic!("no damaged-item ticket naming a paid order");
}

/// The refunds the shop holds for order `name`: (amount, note).
pub(crate) async fn refunds(sb: &SandboxHandle, name: &str) -> Vec<(String, String)> {
    let order = shop_order(sb, name, "refunds { note totalRefundedSet { shopMoney { amount } } }").await;
    order["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["totalRefundedSet"]["shopMoney"]["amount"].as_str().unwrap().to_string(),
                r["note"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Notes on ticket `id` that record a refund of `name`.
async fn refund_notes(sb: &SandboxHandle, id: u64, name: &str) -> usize {
    let comments = api(sb, &format!("/api/v2/tickets/{id}/comments.json")).await;
    comments["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["public"] == false && c["body"].as_str().unwrap().contains(&format!("on {name}")))
        .count()
}

#[tokio::test]
async fn refund_a_damaged_item_see_it_in_the_shop_and_the_note_on_the_ticket() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let mut c = Console::open_with_shop(&sb, settings()).await;
    let id = damaged(&sb, &c).await;
    open_ticket(&mut c, id).await;
    let o = orders::named(&c.model).expect("the named order").clone();
    c.press(KeyCode::Char('R')).await;
    c.press(KeyCode::Enter).await; // the first line
    let Mode::Confirm(q) = &c.model.mode else { panic!("a confirmation: {:?} {:?}", c.model.mode, c.model.notice) };
    let unit = o.items[0].unit_price.show();
    assert!(q.question.contains(&format!("Refund {unit} on {}", o.name)), "{}", q.question);
    assert!(refunds(&sb, &o.name).await.is_empty(), "nothing refunded before yes");
    c.press(KeyCode::Char('y')).await;
    let made = refunds(&sb, &o.name).await;
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(frontline_model::Money::parse(&made[0].0, "EUR").unwrap().show(), unit);
    assert_eq!(refund_notes(&sb, id, &o.name).await, 1, "the note records it on the ticket");
    // the orders are read again: the order now shows the refund
    let now = orders::named(&c.model).unwrap();
    let whole = o.items.len() == 1 && o.items[0].quantity == 1 && o.items[0].unit_price == o.total;
    assert_eq!(now.financial_status, if whole { "REFUNDED" } else { "PARTIALLY_REFUNDED" }, "{now:?}");
    sb.stop().await;
}

#[tokio::test]
async fn killed_mid_refund_the_restarted_console_refunds_exactly_once() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let id = damaged(&sb, &c).await;
    open_ticket(&mut c, id).await;
    let name = orders::named(&c.model).unwrap().name.clone();
    c.press(KeyCode::Char('R')).await;
    c.press(KeyCode::Enter).await;
    assert!(matches!(c.model.mode, Mode::Confirm(_)));
    // every write is cut after the server has handled it: the shop refunds, the console
    // never hears so, and the helpdesk's note is cut too
    sb.set_faults(frontline_sandbox::Faults::parse("drop=100%, on=writes").unwrap());
    c.press(KeyCode::Char('y')).await;
    assert_eq!(c.model.writes.outbox.len(), 1, "the entry waits in the outbox");
    // the console dies (no clean close), the network heals, a new console starts on the store
    drop(c);
    sb.set_faults(frontline_sandbox::Faults::default());
    assert_eq!(refunds(&sb, &name).await.len(), 1, "the refund had reached the shop");
    assert_eq!(refund_notes(&sb, id, &name).await, 0, "the note had not");
    let mut again = console_on(&sb, &store).await;
    // the next tick sends what the last session left in the outbox
    again.tick(frontline_clock::system().now() + 1).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    assert_eq!(refunds(&sb, &name).await.len(), 1, "exactly one refund");
    assert_eq!(refund_notes(&sb, id, &name).await, 1, "and one note");
    sb.stop().await;
}

#[tokio::test]
async fn cancel_killed_midway_is_checked_not_sent_twice() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let id = c.model.queue.tickets.iter().find(|t| new_cancel(t)).map(|t| t.id.0).expect("a cancel-my-order ticket");
    open_ticket(&mut c, id).await;
    let o = orders::named(&c.model).expect("its order").clone();
    assert_eq!((o.fulfillment_status.as_str(), o.cancelled_at), ("UNFULFILLED", None));
    c.press(KeyCode::Char('C')).await;
    c.press(KeyCode::Enter).await; // the customer asked
    let Mode::Confirm(q) = &c.model.mode else { panic!("a confirmation: {:?} {:?}", c.model.mode, c.model.notice) };
    assert!(q.question.starts_with(&format!("Cancel {}", o.name)), "{}", q.question);
    yes_then_die(&sb, c).await;
    let again = restarted(&sb, &store).await;
    assert!(again.model.writes.outbox.is_empty(), "done after the restart: {:?}", again.model.writes.outbox);
    let comments = api(&sb, &format!("/api/v2/tickets/{id}/comments.json")).await;
    let notes = comments["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["body"].as_str().unwrap().starts_with(&format!("Cancelled {}", o.name)))
        .count();
    assert_eq!(notes, 1, "one note; the resend found the order cancelled and did not cancel again");
    let found = frontline_shop::shopify::Shopify::new(&sb.shop_url, &sb.shop_token, None).unwrap();
    use frontline_shop::Shop;
    assert!(found.cancelled(&o.id).await.unwrap());
    sb.stop().await;
}

/// The REFUND transactions the shop holds against payment `parent` of order `name`.
async fn refunds_of(sb: &SandboxHandle, name: &str, parent: &str) -> usize {
    let order = shop_order(sb, name, "transactions(first: 20) { kind parentTransaction { id } }").await;
    order["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "REFUND" && t["parentTransaction"]["id"] == parent)
        .count()
}

#[tokio::test]
async fn charged_twice_the_duplicate_goes_back_once_even_when_the_console_dies_mid_send() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let shop = Arc::new(frontline_shop::shopify::Shopify::new(&sb.shop_url, &sb.shop_token, None).unwrap());
    let mut c =
        Console::open_full(&sb.url, &sb.token, &sb.agent_emails[0], settings(), &store, Some(shop.clone())).await;
    let t = tagged(&c, "payment_failed");
    open_ticket(&mut c, t).await;
    let o = orders::named(&c.model).expect("the named order").clone();
    let dup = o.duplicate_charge().expect("the order shows the second charge").clone();
    assert!(o.payments.iter().any(|p| p.error.as_deref() == Some("CARD_DECLINED")), "the declined try: {o:?}");
    let asked = frontline_shop::Shop::requests(shop.as_ref());
    c.press(KeyCode::Char('R')).await;
    c.press(KeyCode::Enter).await; // the duplicate, offered first
    let Mode::Confirm(q) = &c.model.mode else { panic!("a confirmation: {:?} {:?}", c.model.mode, c.model.notice) };
    assert!(q.question.contains(&format!("(the duplicate charge of {})", dup.amount.show())), "{}", q.question);
    assert_eq!(frontline_shop::Shop::requests(shop.as_ref()), asked, "the amount is the payment's: no question asked");
    // every write is cut after the server handled it; the console dies without hearing
    yes_then_die(&sb, c).await;
    assert_eq!(refunds_of(&sb, &o.name, &dup.id).await, 1, "the shop had given it back");
    let again = restarted(&sb, &store).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    assert_eq!(refunds_of(&sb, &o.name, &dup.id).await, 1, "exactly once: the resend carried the same key");
    assert_eq!(refund_notes(&sb, t, &o.name).await, 1, "and one note on the ticket");
    let order = shop_order(&sb, &o.name, "lineItems(first: 5) { nodes { refundableQuantity quantity } }").await;
    let lines = order["lineItems"]["nodes"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["refundableQuantity"] == l["quantity"]), "no item refunded: {lines:?}");
    sb.stop().await;
}

#[tokio::test]
async fn a_code_is_looked_up_in_words_and_a_new_one_made_once_even_when_the_console_dies() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let t = with_orders(&mut c, "discount_code").await;
    // "WELCOME15 says invalid": the facts, in words
    let fx = frontline_app::run_command(&mut c.model, "code welcome15");
    c.exec.run(fx);
    c.settle().await;
    let said = c.model.notice.clone().unwrap().text;
    assert!(
        said.starts_with("WELCOME15 expired on ")
            && said.contains("the shop refuses it (15% off entire order • Minimum purchase of €50.00)"),
        "{said}"
    );
    // a code of its own, for this customer: the console dies after the shop made it
    let fx = frontline_app::run_command(&mut c.model, "discount 15% 30d");
    c.exec.run(fx);
    let Mode::Confirm(q) = &c.model.mode else { panic!("a confirmation: {:?} {:?}", c.model.mode, c.model.notice) };
    let code = q.label.trim_start_matches("discount code ").to_string();
    yes_then_die(&sb, c).await;
    let made = discount(&sb, &code).await;
    assert_eq!(made["codeDiscount"]["usageLimit"], 1, "single use: {made}");
    assert_eq!(
        made["codeDiscount"]["context"]["customers"].as_array().map(Vec::len),
        Some(1),
        "for this customer: {made}"
    );
    let again = restarted(&sb, &store).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    let comments = api(&sb, &format!("/api/v2/tickets/{t}/comments.json")).await;
    let notes =
        comments["comments"].as_array().unwrap().iter().filter(|c| c["body"].as_str().unwrap().contains(&code)).count();
    assert_eq!(notes, 1, "one note naming the code, sent once the shop had it");
    assert_eq!(again.model.orders.discount_codes.get(&frontline_model::TicketId(t)), Some(&code), "{{discount.code}}");
    sb.stop().await;
}

/// The code `code` as the shop answers `codeDiscountNodeByCode`.
pub(crate) async fn discount(sb: &SandboxHandle, code: &str) -> serde_json::Value {
    let q = "query($c: String!) { codeDiscountNodeByCode(code: $c) { id codeDiscount { ... on DiscountCodeBasic {
        status usageLimit context { ... on DiscountCustomers { customers { id } } } } } } }";
    support::shop_gql(sb, q, serde_json::json!({"c": code})).await["data"]["codeDiscountNodeByCode"].clone()
}

/// A cancel request no agent has answered (and so cancelled) yet, naming its order.
fn new_cancel(t: &frontline_model::Ticket) -> bool {
    t.tags.iter().any(|g| g == "cancel_order") && !t.refs.is_empty() && t.status == frontline_model::Status::New
}

/// The first ticket tagged `tag` whose requester has orders in the shop, opened.
pub(crate) async fn with_orders(c: &mut Console, tag: &str) -> u64 {
    let ids: Vec<u64> =
        c.model.queue.tickets.iter().filter(|t| t.tags.iter().any(|g| g == tag)).map(|t| t.id.0).collect();
    for id in ids {
        open_ticket(c, id).await;
        if !orders::list(&c.model).is_empty() {
            return id;
        }
    }
    panic!("no {tag} ticket whose requester has orders");
}

/// The first ticket tagged `tag`.
pub(crate) fn tagged_any(c: &Console, tag: &str) -> u64 {
    c.model
        .queue
        .tickets
        .iter()
        .find(|t| t.tags.iter().any(|g| g == tag))
        .unwrap_or_else(|| panic!("a {tag} ticket"))
        .id
        .0
}

/// Invites the shop has sent the customer with this e-mail (the sandbox counts them).
pub(crate) fn invites(sb: &SandboxHandle, email: &str) -> i64 {
    let db = rusqlite::Connection::open(&sb.db_path).unwrap();
    db.query_row(
        "SELECT a.invites FROM shop_accounts a JOIN shop_customers c ON c.id = a.customer_id WHERE c.email = ?1 COLLATE NOCASE",
        [email],
        |r| r.get(0),
    )
    .unwrap()
}

/// The first ticket tagged `tag` that names an order.
pub(crate) fn tagged(c: &Console, tag: &str) -> u64 {
    let found = c.model.queue.tickets.iter().find(|t| t.tags.iter().any(|g| g == tag) && !t.refs.is_empty());
    found.unwrap_or_else(|| panic!("a {tag} ticket naming its order")).id.0
}

/// The shop's replacement orders and drafts made for ticket `id`: (draft statuses, order names).
async fn replacements(sb: &SandboxHandle, id: u64) -> (Vec<String>, Vec<String>) {
    let q = "query($q: String!) { draftOrders(first: 10, query: $q) { nodes { status } }
        orders(first: 10, query: $q) { nodes { name tags totalPriceSet { shopMoney { amount } } } } }";
    let data = support::shop_gql(sb, q, serde_json::json!({"q": format!("tag:ticket-{id}")})).await["data"].clone();
    let drafts =
        data["draftOrders"]["nodes"].as_array().unwrap().iter().map(|d| d["status"].as_str().unwrap().to_string());
    let orders = data["orders"]["nodes"].as_array().unwrap();
    for o in orders {
        assert_eq!(o["totalPriceSet"]["shopMoney"]["amount"], "0.0", "a replacement costs nothing: {o}");
        assert!(o["tags"].as_array().unwrap().iter().any(|t| t == "replacement"), "{o}");
    }
    (drafts.collect(), orders.iter().map(|o| o["name"].as_str().unwrap().to_string()).collect())
}

/// Internal notes on ticket `id` that name a replacement.
async fn replacement_notes(sb: &SandboxHandle, id: u64) -> Vec<String> {
    let comments = api(sb, &format!("/api/v2/tickets/{id}/comments.json")).await;
    comments["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["public"] == false)
        .filter_map(|c| c["body"].as_str().filter(|b| b.starts_with("Sent replacement order")).map(str::to_string))
        .collect()
}

/// A damaged-item ticket opened, `P`, the first reason, the confirmation shown.
async fn replacement_confirmed(sb: &SandboxHandle, c: &mut Console) -> (u64, String) {
    let id = damaged(sb, c).await;
    open_ticket(c, id).await;
    let o = orders::named(&c.model).expect("the named order").clone();
    c.press(KeyCode::Char('P')).await;
    if o.items.len() > 1 {
        c.press(KeyCode::Enter).await; // every item
    }
    c.press(KeyCode::Enter).await; // arrived damaged
    let Mode::Confirm(q) = &c.model.mode else { panic!("a confirmation: {:?} {:?}", c.model.mode, c.model.notice) };
    assert!(
        q.question.contains(&format!("again for {} (arrived damaged), free with free shipping, to ", o.name)),
        "{}",
        q.question
    );
    (id, o.name)
}

#[tokio::test]
async fn a_damaged_item_is_sent_again_as_a_free_order_named_in_the_note_and_the_reply() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let mut c = Console::open_with_shop(&sb, settings()).await;
    let (id, name) = replacement_confirmed(&sb, &mut c).await;
    assert_eq!(replacements(&sb, id).await, (vec![], vec![]), "nothing made before yes");
    c.press(KeyCode::Char('y')).await;
    let (drafts, made) = replacements(&sb, id).await;
    assert_eq!((drafts, made.len()), (vec!["COMPLETED".to_string()], 1));
    let notes = replacement_notes(&sb, id).await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with(&format!("Sent replacement order {} for {name} (arrived damaged)", made[0])),
        "{notes:?}"
    );
    // the customer's orders are read again: the reply can name it
    let t = c.model.selected().unwrap().clone();
    assert_eq!(orders::replacement_for(&c.model, &t), Some(made[0].as_str()));
    sb.stop().await;
}

#[tokio::test]
async fn killed_after_the_draft_was_made_the_restarted_console_completes_it_and_makes_no_second() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let (id, _) = replacement_confirmed(&sb, &mut c).await;
    // the draft is made, the console never hears so and dies
    yes_then_die(&sb, c).await;
    assert_eq!(replacements(&sb, id).await, (vec!["OPEN".to_string()], vec![]), "drafted, not completed");
    let again = restarted(&sb, &store).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    let (drafts, made) = replacements(&sb, id).await;
    assert_eq!((drafts, made.len()), (vec!["COMPLETED".to_string()], 1), "the same draft, completed once");
    let notes = replacement_notes(&sb, id).await;
    assert!(notes.len() == 1 && notes[0].contains(&made[0]), "{notes:?}");
    sb.stop().await;
}

#[tokio::test]
async fn the_drafts_id_is_kept_as_the_shop_gives_it_and_a_resend_completes_that_draft() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let (id, _) = replacement_confirmed(&sb, &mut c).await;
    // the draft is made and answered; the completion's answer (and all after) is cut
    sb.set_faults(frontline_sandbox::Faults::parse("drop=100%, on=writes, after=1").unwrap());
    c.press(KeyCode::Char('y')).await;
    drop(c);
    sb.set_faults(frontline_sandbox::Faults::default());
    let db = rusqlite::Connection::open(&store).unwrap();
    let kept: String = db.query_row("SELECT shop FROM outbox", [], |r| r.get(0)).unwrap();
    let (drafts, _) = replacements(&sb, id).await;
    assert_eq!(drafts.len(), 1);
    assert!(kept.contains("\"draft_id\":\"gid://shopify/DraftOrder/"), "the entry knows its draft: {kept}");
    let again = restarted(&sb, &store).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    let (drafts, made) = replacements(&sb, id).await;
    assert_eq!((drafts, made.len()), (vec!["COMPLETED".to_string()], 1), "that draft, completed once");
    let notes = replacement_notes(&sb, id).await;
    assert!(notes.len() == 1 && notes[0].contains(&made[0]), "{notes:?}");
    sb.stop().await;
}

#[tokio::test]
async fn killed_after_the_order_was_made_the_restarted_console_only_sends_the_note_naming_it() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let (id, _) = replacement_confirmed(&sb, &mut c).await;
    sb.set_faults(frontline_sandbox::Faults::parse("drop=100%, on=writes").unwrap());
    c.press(KeyCode::Char('y')).await;
    let key = c.model.writes.outbox[0].key.clone();
    drop(c);
    sb.set_faults(frontline_sandbox::Faults::default());
    // the completion had reached the shop too before the answer was lost
    let q = "query($q: String!) { draftOrders(first: 1, query: $q) { nodes { id } } }";
    let found =
        support::shop_gql(&sb, q, serde_json::json!({"q": format!("tag:{}", frontline_model::entry_tag(&key))})).await;
    let draft =
        found["data"]["draftOrders"]["nodes"][0]["id"].as_str().expect("the draft, by its entry's tag").to_string();
    let m =
        "mutation($id: ID!) { draftOrderComplete(id: $id) { draftOrder { order { name } } userErrors { message } } }";
    let done = support::shop_gql(&sb, m, serde_json::json!({"id": draft})).await;
    let name = done["data"]["draftOrderComplete"]["draftOrder"]["order"]["name"].as_str().unwrap().to_string();
    let again = restarted(&sb, &store).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    assert_eq!(replacements(&sb, id).await, (vec!["COMPLETED".to_string()], vec![name.clone()]), "nothing made again");
    let notes = replacement_notes(&sb, id).await;
    assert!(notes.len() == 1 && notes[0].contains(&name), "{notes:?}");
    sb.stop().await;
}

/// The shipping address the shop holds for order `name`: (zip, city).
async fn shipping(sb: &SandboxHandle, name: &str) -> (String, String) {
    let o = shop_order(sb, name, "shippingAddress { zip city }").await;
    (
        o["shippingAddress"]["zip"].as_str().unwrap().to_string(),
        o["shippingAddress"]["city"].as_str().unwrap().to_string(),
    )
}

/// An open cancel-order ticket (its order not shipped) opened, `E`, the address form shown,
/// the postcode changed and saved, the confirmation shown: the order's name and the new zip.
async fn address_confirmed(sb: &SandboxHandle, c: &mut Console) -> (u64, String, String) {
    let id = c.model.queue.tickets.iter().find(|t| new_cancel(t)).expect("a new cancel-my-order ticket").id.0;
    open_ticket(c, id).await;
    let o = orders::named(&c.model).expect("the named order").clone();
    c.press(KeyCode::Char('E')).await;
    let Mode::Form(f) = &c.model.mode else { panic!("the address form: {:?} {:?}", c.model.mode, c.model.notice) };
    let (zip, city) = shipping(sb, &o.name).await;
    assert_eq!(f.fields[4].2, zip, "filled from the shop");
    let new = if zip == "10115" { "10117" } else { "10115" };
    for _ in 0..4 {
        c.press(KeyCode::Tab).await;
    }
    for _ in 0..zip.len() {
        c.press(KeyCode::Backspace).await;
    }
    for ch in new.chars() {
        c.press(KeyCode::Char(ch)).await;
    }
    c.press(KeyCode::Tab).await;
    for _ in 0..city.chars().count() {
        c.press(KeyCode::Backspace).await;
    }
    for ch in "Berlin".chars() {
        c.press(KeyCode::Char(ch)).await;
    }
    c.press(KeyCode::Tab).await;
    c.press(KeyCode::Tab).await; // region, then the country
    for _ in 0..2 {
        c.press(KeyCode::Backspace).await;
    }
    c.press(KeyCode::Char('D')).await;
    c.press(KeyCode::Char('E')).await;
    c.press(KeyCode::Enter).await;
    c.press(KeyCode::Enter).await; // the phone is the last field: save
    let Mode::Confirm(q) = &c.model.mode else { panic!("a confirmation: {:?} {:?}", c.model.mode, c.model.notice) };
    assert!(
        q.question.contains(&format!("Ship {} to ", o.name)) && q.question.contains(&format!("{new} Berlin, DE")),
        "{}",
        q.question
    );
    (id, o.name, new.to_string())
}

/// Internal notes on ticket `id` that record a change of order `name`.
async fn change_notes(sb: &SandboxHandle, id: u64, name: &str) -> usize {
    let comments = api(sb, &format!("/api/v2/tickets/{id}/comments.json")).await;
    let want = format!("Changed {name}: shipping address from ");
    comments["comments"].as_array().unwrap().iter().filter(|c| c["body"].as_str().unwrap().starts_with(&want)).count()
}

#[tokio::test]
async fn an_unshipped_orders_address_is_changed_from_a_checked_form_once_even_when_the_console_dies() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let (id, name, zip) = address_confirmed(&sb, &mut c).await;
    yes_then_die(&sb, c).await;
    assert_eq!(shipping(&sb, &name).await, (zip.clone(), "Berlin".to_string()), "the shop had it");
    assert_eq!(change_notes(&sb, id, &name).await, 0, "the note had not gone");
    let again = restarted(&sb, &store).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    assert_eq!(change_notes(&sb, id, &name).await, 1, "one note");
    assert_eq!(shipping(&sb, &name).await, (zip, "Berlin".to_string()));
    // a shipped order's address is refused at the shop too, in words that say whose rule it is
    let shipped = damaged(&sb, &again).await;
    let t = again.model.queue.get(frontline_model::TicketId(shipped)).unwrap().refs[0].clone();
    let o = shop_order(&sb, &t, "id").await;
    let m =
        "mutation($input: OrderInput!) { orderUpdate(input: $input) { order { id } userErrors { field message } } }";
    let input = serde_json::json!({"id": o["id"], "shippingAddress": {"address1": "1 New St", "city": "Lyon", "zip": "69001", "countryCode": "FR"}});
    let refused = support::shop_gql(&sb, m, serde_json::json!({"input": input})).await;
    let e = &refused["data"]["orderUpdate"]["userErrors"][0];
    assert!(
        e["message"].as_str().unwrap().starts_with("Shipping address cannot be changed: the order has shipped"),
        "{refused}"
    );
    sb.stop().await;
}

/// The shop's account state of the customer with this e-mail.
pub(crate) async fn account_state(sb: &SandboxHandle, email: &str) -> String {
    let q = "query($q: String!) { customers(first: 1, query: $q) { nodes { state } } }";
    let found = support::shop_gql(sb, q, serde_json::json!({"q": format!("email:{email}")})).await;
    found["data"]["customers"]["nodes"][0]["state"].as_str().unwrap_or("none").to_string()
}

#[tokio::test]
async fn cant_log_in_shows_the_account_never_activated_and_the_invite_goes_once_even_when_the_console_dies() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let t = tagged_any(&c, "account_login");
    open_ticket(&mut c, t).await;
    let shop = orders::shop_customer(&c.model)
        .expect("the customer as the shop knows them, from the orders' one request")
        .clone();
    assert_eq!(shop.account.as_deref(), Some("DISABLED"), "{shop:?}");
    let email = c.model.selected().and_then(|t| orders::email_of(&c.model, t)).unwrap();
    // a link first: shown, and kept for a reply
    let fx = frontline_app::run_command(&mut c.model, "activation-link");
    c.exec.run(fx);
    c.settle().await;
    let said = c.model.notice.clone().unwrap().text;
    assert!(said.starts_with("activation link (one use; older links stop working): https://"), "{said}");
    // the invite: the console dies after the shop sent it
    let fx = frontline_app::run_command(&mut c.model, "invite");
    c.exec.run(fx);
    assert!(matches!(c.model.mode, Mode::Confirm(_)), "{:?} {:?}", c.model.mode, c.model.notice);
    yes_then_die(&sb, c).await;
    assert_eq!(account_state(&sb, &email).await, "INVITED");
    let again = restarted(&sb, &store).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    let comments = api(&sb, &format!("/api/v2/tickets/{t}/comments.json")).await;
    let notes = comments["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["body"].as_str().unwrap().starts_with("Sent the shop's account invite"))
        .count();
    assert_eq!(notes, 1);
    let invites = invites(&sb, &email);
    assert_eq!(invites, 1, "one invite e-mail, not two");
    sb.stop().await;
}

/// The returns the shop holds on order `name`: (name, status, exchange count).
pub(crate) async fn returns_on(sb: &SandboxHandle, name: &str) -> Vec<(String, String, usize)> {
    let o = shop_order(
        sb,
        name,
        "returns(first: 10) { nodes { name status exchangeLineItems(first: 5) { nodes { id } } } }",
    )
    .await;
    o["returns"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["exchangeLineItems"]["nodes"].as_array().unwrap().len(),
            )
        })
        .collect()
}

#[tokio::test]
async fn wrong_size_ends_with_one_return_and_exchange_even_when_the_console_dies_and_a_request_is_approved() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let (t, name) = wrong_size(&mut c).await;
    let fx = frontline_app::run_command(&mut c.model, "return");
    c.exec.run(fx);
    c.settle().await;
    let Mode::Pick(p) = &c.model.mode else { panic!("the items: {:?} {:?}", c.model.mode, c.model.notice) };
    assert!(p.items[0].0.starts_with("1 × "), "{:?}", p.items);
    c.press(KeyCode::Enter).await; // one unit
    c.press(KeyCode::Enter).await; // size too small
    let Mode::Pick(p) = &c.model.mode else { panic!("the exchange: {:?}", c.model.mode) };
    assert!(p.items.len() > 1 && p.items[1].0.starts_with("exchange for 1 × "), "{:?}", p.items);
    c.press(KeyCode::Down).await;
    c.press(KeyCode::Enter).await;
    assert!(matches!(&c.model.mode, Mode::Confirm(q) if q.question.contains("exchanged for")), "{:?}", c.model.mode);
    yes_then_die(&sb, c).await;
    assert_eq!(returns_on(&sb, &name).await.len(), 1, "the shop had it");
    let mut again = restarted(&sb, &store).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    let made = returns_on(&sb, &name).await;
    assert_eq!(made, vec![(format!("{name}-R1"), "OPEN".to_string(), 1)], "one return with its exchange");
    let comments = api(&sb, &format!("/api/v2/tickets/{t}/comments.json")).await;
    let notes: Vec<&str> = comments["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["body"].as_str())
        .filter(|b| b.starts_with("Opened return"))
        .collect();
    assert!(notes.len() == 1 && notes[0].starts_with(&format!("Opened return {name}-R1 on {name}")), "{notes:?}");
    // a return the customer asked for in the shop, approved from its ticket
    let r = tagged(&again, "return_request");
    open_ticket(&mut again, r).await;
    let requested = orders::named(&again.model).unwrap().clone();
    assert!(requested.returns.iter().any(|x| x.status == "REQUESTED"), "{:?}", requested.returns);
    let fx = frontline_app::run_command(&mut again.model, "approve-return");
    again.exec.run(fx);
    again.press(KeyCode::Char('y')).await;
    assert_eq!(returns_on(&sb, &requested.name).await[0].1, "OPEN");
    sb.stop().await;
}

/// `:return` of one unit with the first reason and other size, up to its confirmation.
async fn return_picked(c: &mut Console) {
    let fx = frontline_app::run_command(&mut c.model, "return");
    c.exec.run(fx);
    c.settle().await;
    for _ in 0..3 {
        c.press(KeyCode::Enter).await;
    }
    assert!(matches!(c.model.mode, Mode::Confirm(_)), "{:?} {:?}", c.model.mode, c.model.notice);
}

/// `:return` of one unit with the first other size, confirmed, in `c`.
pub(crate) async fn colleague_returns(c: &mut Console) {
    return_picked(c).await;
    c.press(KeyCode::Char('y')).await;
    c.settle().await;
}

/// A wrong-size ticket naming its order, opened: the ticket and the order's name.
pub(crate) async fn wrong_size(c: &mut Console) -> (u64, String) {
    let t = tagged(c, "wrong_size");
    open_ticket(c, t).await;
    (t, orders::named(&c.model).expect("the named order").name.clone())
}

#[tokio::test]
async fn a_colleagues_identical_return_is_not_taken_for_one_whose_send_never_arrived() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut c = console_on(&sb, &dir.path().join("mine.db")).await;
    let (t, name) = wrong_size(&mut c).await;
    // ours is refused before the shop handles it (503): it waits for a retry
    return_picked(&mut c).await;
    sb.set_faults(frontline_sandbox::Faults::parse("5xx=100%, on=writes").unwrap());
    c.press(KeyCode::Char('y')).await;
    c.settle().await;
    sb.set_faults(frontline_sandbox::Faults::default());
    assert!(returns_on(&sb, &name).await.is_empty());
    // meanwhile a colleague opens the same return from their console
    let mut other = console_on(&sb, &dir.path().join("theirs.db")).await;
    open_ticket(&mut other, t).await;
    colleague_returns(&mut other).await;
    let theirs = returns_on(&sb, &name).await;
    assert_eq!(theirs.len(), 1);
    // our retry does not count their return as ours: it asks the shop, which says why not
    c.tick(frontline_clock::system().now() + 600).await;
    c.settle().await;
    assert_eq!(returns_on(&sb, &name).await, theirs, "no second return");
    let entry = c.model.writes.outbox.first().expect("ours waits, failed, saying why");
    assert_eq!(entry.state, frontline_model::OutState::Failed, "{entry:?}");
    let notes = api(&sb, &format!("/api/v2/tickets/{t}/comments.json")).await;
    let ours = notes["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["body"].as_str())
        .filter(|b| b.starts_with("Opened return"))
        .count();
    assert_eq!(ours, 1, "only the colleague's note");
    sb.stop().await;
}

#[tokio::test]
async fn a_resent_decision_on_a_return_someone_else_decided_fails_saying_so() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    // the customer's request: our approve is cut after the shop took it...
    let r = tagged(&c, "return_request");
    open_ticket(&mut c, r).await;
    let requested = orders::named(&c.model).unwrap().returns.iter().find(|x| x.status == "REQUESTED").unwrap().clone();
    let fx = frontline_app::run_command(&mut c.model, "decline-return final-sale sale item");
    c.exec.run(fx);
    sb.set_faults(frontline_sandbox::Faults::parse("5xx=100%, on=writes").unwrap());
    c.press(KeyCode::Char('y')).await;
    drop(c);
    sb.set_faults(frontline_sandbox::Faults::default());
    // ...and before it is sent again, a colleague approves it in the admin
    let m =
        "mutation($input: ReturnApproveRequestInput!) { returnApproveRequest(input: $input) { return { status } } }";
    let approved = support::shop_gql(&sb, m, serde_json::json!({"input": {"id": requested.id}})).await;
    assert_eq!(approved["data"]["returnApproveRequest"]["return"]["status"], "OPEN", "{approved}");
    let again = restarted(&sb, &store).await;
    let left = &again.model.writes.outbox;
    assert_eq!(left.len(), 1, "the decline waits in the outbox, failed: {left:?}");
    let why = left[0].error.clone().unwrap_or_default();
    assert!(why.contains("the return is open at the shop now, decided by someone else"), "{why}");
    let comments = api(&sb, &format!("/api/v2/tickets/{r}/comments.json")).await;
    assert!(
        !comments["comments"].as_array().unwrap().iter().any(|c| c["body"].as_str().unwrap().starts_with("Declined")),
        "no note says it was declined"
    );
    sb.stop().await;
}

#[tokio::test]
async fn a_resent_invite_to_an_account_already_invited_is_not_e_mailed_blind() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let t = tagged_any(&c, "account_login");
    // invited once already, from the admin
    let email = {
        let found = api(&sb, &format!("/api/v2/tickets/{t}.json")).await;
        let requester = found["ticket"]["requester_id"].as_u64().unwrap();
        api(&sb, &format!("/api/v2/users/{requester}.json")).await["user"]["email"].as_str().unwrap().to_string()
    };
    let q = "query($q: String!) { customers(first: 1, query: $q) { nodes { id } } }";
    let id = support::shop_gql(&sb, q, serde_json::json!({"q": format!("email:{email}")})).await["data"]["customers"]["nodes"][0]["id"].clone();
    let m =
        "mutation($customerId: ID!) { customerSendAccountInviteEmail(customerId: $customerId) { customer { id } } }";
    support::shop_gql(&sb, m, serde_json::json!({"customerId": id})).await;
    open_ticket(&mut c, t).await;
    assert_eq!(orders::shop_customer(&c.model).and_then(|s| s.account.clone()).as_deref(), Some("INVITED"));
    let fx = frontline_app::run_command(&mut c.model, "invite");
    c.exec.run(fx);
    let Mode::Confirm(q) = &c.model.mode else { panic!("a confirmation: {:?} {:?}", c.model.mode, c.model.notice) };
    assert!(q.question.contains("account invite again?"), "{}", q.question);
    // the send is cut after the shop had it: the shop cannot tell, so the resend asks a person
    yes_then_die(&sb, c).await;
    let again = restarted(&sb, &store).await;
    let left = &again.model.writes.outbox;
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].error.as_deref().unwrap_or("").contains("check the customer in the shop's admin"), "{left:?}");
    let invites = invites(&sb, &email);
    assert_eq!(invites, 2, "the admin's and the console's first send; no third");
    sb.stop().await;
}
