//! The sandbox's macros that act, end to end on the sandbox's helpdesk and shop: "Wrong size:
//! exchange" opens the return its text names (once, even when the console dies between the
//! shop's answer and the reply), "Discount code: new code" makes the code its text gives, and
//! a step the shop refuses (a colleague opened the return meanwhile) keeps the reply from
//! going out and says why; "Refund processed" refunds and "Login: account invite" invites
//! before their replies say so.

use crate::orders_e2e::{
    account_state, colleague_returns, console_on, damaged, invites, open_ticket, refunds, restarted, returns_on,
    tagged_any, with_orders, wrong_size, yes_then_die,
};
use crate::support::{Console, api};
use frontline_app::{Mode, orders};
use frontline_config::KeyCode;
use frontline_sandbox::{self as sandbox, SandboxOptions};

/// The macro titled like `title`, through the picker.
async fn use_macro(c: &mut Console, title: &str) {
    c.press(KeyCode::Char('m')).await;
    c.type_str(title).await;
    c.press(KeyCode::Enter).await;
    c.settle().await;
}

/// The ticket's comments' bodies.
async fn comments(sb: &sandbox::SandboxHandle, id: u64) -> Vec<String> {
    let v = api(sb, &format!("/api/v2/tickets/{id}/comments.json")).await;
    v["comments"].as_array().unwrap().iter().filter_map(|c| c["body"].as_str().map(String::from)).collect()
}

#[tokio::test]
async fn the_exchange_macro_opens_one_return_and_its_reply_names_it_even_when_the_console_dies() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = console_on(&sb, &store).await;
    let (t, name) = wrong_size(&mut c).await;
    use_macro(&mut c, "wrong size").await;
    let Mode::Pick(p) = &c.model.mode else { panic!("the items: {:?} {:?}", c.model.mode, c.model.notice) };
    assert!(p.items[0].0.starts_with("1 × "), "{:?}", p.items);
    c.press(KeyCode::Enter).await; // one unit
    c.press(KeyCode::Enter).await; // size too small
    let Mode::Pick(p) = &c.model.mode else { panic!("the exchange: {:?}", c.model.mode) };
    assert!(p.items.iter().all(|(l, _)| l.starts_with("exchange for")), "the macro promises one: {:?}", p.items);
    c.press(KeyCode::Enter).await;
    let Mode::Preview(p) = &c.model.mode else { panic!("the macro's preview: {:?}", c.model.mode) };
    assert!(p.shop[0].effect().starts_with(&format!("open a return on {name}: 1 × ")), "{}", p.shop[0].effect());
    yes_then_die(&sb, c).await;
    assert_eq!(returns_on(&sb, &name).await.len(), 1, "the shop had it");
    assert!(!comments(&sb, t).await.iter().any(|b| b.contains("opened return")), "no reply before the restart");
    let again = restarted(&sb, &store).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    assert_eq!(returns_on(&sb, &name).await, vec![(format!("{name}-R1"), "OPEN".to_string(), 1)], "one return");
    let replies: Vec<String> = comments(&sb, t).await.into_iter().filter(|b| b.contains("opened return")).collect();
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert!(replies[0].contains(&format!("opened return {name}-R1 with an exchange")), "{}", replies[0]);
    sb.stop().await;
}

#[tokio::test]
async fn the_code_macro_makes_the_code_its_reply_gives() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut c = console_on(&sb, &dir.path().join("store.db")).await;
    let t = with_orders(&mut c, "discount_code").await;
    use_macro(&mut c, "new code").await;
    let Mode::Preview(p) = &c.model.mode else { panic!("a preview: {:?} {:?}", c.model.mode, c.model.notice) };
    let Some(frontline_model::ShopAction::Discount(d)) = p.shop.first() else { panic!("a code: {:?}", p.shop) };
    let code = d.code.clone();
    c.press(KeyCode::Enter).await;
    c.settle().await;
    let made = crate::orders_e2e::discount(&sb, &code).await;
    assert_eq!(made["codeDiscount"]["usageLimit"], 1, "single use: {made}");
    let replies: Vec<String> = comments(&sb, t).await.into_iter().filter(|b| b.contains(&code)).collect();
    assert_eq!(replies.len(), 1, "the reply gives the code the shop made");
    assert!(replies[0].contains(&format!("15% off for the next 30 days: {code}.")), "{}", replies[0]);
    sb.stop().await;
}

#[tokio::test]
async fn a_step_the_shop_refuses_keeps_the_reply_back_and_says_why() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut c = console_on(&sb, &dir.path().join("mine.db")).await;
    let (t, name) = wrong_size(&mut c).await;
    let units = orders::named(&c.model).unwrap().items.iter().map(|i| i.quantity).sum::<i64>();
    use_macro(&mut c, "wrong size").await;
    for _ in 0..3 {
        c.press(KeyCode::Enter).await;
    }
    assert!(matches!(c.model.mode, Mode::Preview(_)), "{:?} {:?}", c.model.mode, c.model.notice);
    // meanwhile a colleague opens returns for every unit of the order
    let mut other = console_on(&sb, &dir.path().join("theirs.db")).await;
    open_ticket(&mut other, t).await;
    for _ in 0..units {
        colleague_returns(&mut other).await;
    }
    let before = comments(&sb, t).await.len();
    c.press(KeyCode::Enter).await;
    c.settle().await;
    assert_eq!(returns_on(&sb, &name).await.len(), usize::try_from(units).unwrap(), "none of ours");
    let after = comments(&sb, t).await;
    assert_eq!(after.len(), before, "the reply promising the exchange is not sent: {:?}", after.last());
    let entry = &c.model.writes.outbox[0];
    assert_eq!(entry.state, frontline_model::OutState::Failed);
    let why = entry.error.clone().unwrap_or_default();
    assert!(why.starts_with(&format!("return on {name}: ")) && why.ends_with("the text was not sent"), "{why}");
    assert!(c.model.notice.as_ref().is_some_and(|n| n.error), "the agent is told: {:?}", c.model.notice);
    sb.stop().await;
}

/// A console like `console_on`, with one config macro that makes a code and opens an exchange.
async fn with_two_steps(sb: &sandbox::SandboxHandle, store: &std::path::Path) -> Console {
    with_undo(sb, store, 0).await
}

/// `with_two_steps` with an undo window of `undo_secs`.
async fn with_undo(sb: &sandbox::SandboxHandle, store: &std::path::Path, undo_secs: i64) -> Console {
    let settings = frontline_app::Settings {
        start_view: Some("All open".into()),
        undo_secs,
        local_macros: vec![frontline_config::LocalMacro {
            title: "Exchange with a code".into(),
            body: Some("Return {{return.name}} is open, and {{discount.code}} takes 10% off your next order.".into()),
            public: true,
            status: Some("pending".into()),
            priority: None,
            tags: vec![],
            group: None,
            assignee: None,
            shop: vec!["discount 10% 14d".into(), "return exchange".into()],
        }],
        ..frontline_app::Settings::default()
    };
    let shop = frontline_shop::shopify::Shopify::new(&sb.shop_url, &sb.shop_token, None).unwrap();
    Console::open_full(&sb.url, &sb.token, &sb.agent_emails[0], settings, store, Some(std::sync::Arc::new(shop))).await
}

#[tokio::test]
async fn two_steps_cut_after_the_first_is_recorded_are_each_done_once_then_the_reply() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let mut c = with_two_steps(&sb, &store).await;
    let (t, name) = wrong_size(&mut c).await;
    use_macro(&mut c, "exchange with").await;
    for _ in 0..3 {
        c.press(KeyCode::Enter).await;
    }
    let Mode::Preview(p) = &c.model.mode else { panic!("a preview: {:?} {:?}", c.model.mode, c.model.notice) };
    let Some(frontline_model::ShopAction::Discount(d)) = p.shop.first() else { panic!("the code first: {:?}", p.shop) };
    assert!(matches!(p.shop.get(1), Some(frontline_model::ShopAction::Return(_))), "then the return");
    let code = d.code.clone();
    // the code is made and answered; the return reaches the shop but its answer is cut
    sb.set_faults(frontline_sandbox::Faults::parse("drop=100%, on=writes, after=1").unwrap());
    c.press(KeyCode::Char('y')).await;
    drop(c);
    sb.set_faults(frontline_sandbox::Faults::default());
    let db = rusqlite::Connection::open(&store).unwrap();
    let kept: String = db.query_row("SELECT shop FROM outbox", [], |r| r.get(0)).unwrap();
    let kept: serde_json::Value = serde_json::from_str(&kept).unwrap();
    let done: Vec<bool> = kept["Steps"].as_array().unwrap().iter().map(|s| s["done"].as_bool().unwrap()).collect();
    assert_eq!(done, [true, false], "the code recorded made before the return was tried: {kept}");
    assert_eq!(returns_on(&sb, &name).await.len(), 1, "the return reached the shop");
    let mut again = with_two_steps(&sb, &store).await;
    again.tick(frontline_clock::system().now() + 1).await;
    assert!(again.model.writes.outbox.is_empty(), "sent after the restart: {:?}", again.model.writes.outbox);
    assert_eq!(crate::orders_e2e::discount(&sb, &code).await["codeDiscount"]["usageLimit"], 1, "the code");
    assert_eq!(returns_on(&sb, &name).await.len(), 1, "still one return");
    let replies: Vec<String> = comments(&sb, t).await.into_iter().filter(|b| b.contains(&code)).collect();
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert!(replies[0].starts_with(&format!("Return {name}-R1 is open, and {code} takes")), "{}", replies[0]);
    sb.stop().await;
}

#[tokio::test]
async fn the_refund_and_login_macros_do_what_their_replies_say() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut c = console_on(&sb, &dir.path().join("store.db")).await;
    // "your refund has been processed today": the refund is made first
    let t = damaged(&sb, &c).await;
    open_ticket(&mut c, t).await;
    let o = orders::named(&c.model).expect("the named order").clone();
    use_macro(&mut c, "refund processed").await;
    let Mode::Pick(p) = &c.model.mode else { panic!("what to refund: {:?} {:?}", c.model.mode, c.model.notice) };
    assert!(p.title.starts_with("Refund on "), "{}", p.title);
    c.press(KeyCode::Enter).await; // the first line
    c.settle().await;
    let Mode::Preview(p) = &c.model.mode else { panic!("the preview: {:?} {:?}", c.model.mode, c.model.notice) };
    let unit = o.items[0].unit_price.show();
    assert!(p.shop[0].effect().starts_with(&format!("refund {unit} on {}", o.name)), "{}", p.shop[0].effect());
    assert!(refunds(&sb, &o.name).await.is_empty(), "nothing refunded before yes");
    c.press(KeyCode::Enter).await;
    c.settle().await;
    assert_eq!(refunds(&sb, &o.name).await.len(), 1, "refunded once");
    assert!(comments(&sb, t).await.iter().any(|b| b.contains("your refund has been processed today")));
    // "the login fails": the shop's invite goes out, then the reply saying so
    let t = tagged_any(&c, "account_login");
    open_ticket(&mut c, t).await;
    let email = c.model.selected().and_then(|t| orders::email_of(&c.model, t)).unwrap();
    use_macro(&mut c, "account invite").await;
    let Mode::Preview(p) = &c.model.mode else { panic!("the preview: {:?} {:?}", c.model.mode, c.model.notice) };
    assert!(p.shop[0].effect().contains("account invite"), "{}", p.shop[0].effect());
    c.press(KeyCode::Enter).await;
    c.settle().await;
    assert_eq!((invites(&sb, &email), account_state(&sb, &email).await.as_str()), (1, "INVITED"));
    assert!(comments(&sb, t).await.iter().any(|b| b.contains("I've had the shop e-mail")));
    // invited now, it may be invited again: the preview comes, and Esc sends nothing
    let before = comments(&sb, t).await.len();
    use_macro(&mut c, "account invite").await;
    assert!(matches!(c.model.mode, Mode::Preview(_)), "an invited account may be invited again");
    c.press(KeyCode::Esc).await;
    assert_eq!(comments(&sb, t).await.len(), before);
    sb.stop().await;
}

#[tokio::test]
async fn undone_inside_the_window_nothing_reaches_the_shop_or_the_ticket() {
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut c = with_undo(&sb, &dir.path().join("store.db"), 30).await;
    let t = with_orders(&mut c, "discount_code").await;
    let before = comments(&sb, t).await.len();
    use_macro(&mut c, "new code").await;
    let Mode::Preview(p) = &c.model.mode else { panic!("a preview: {:?} {:?}", c.model.mode, c.model.notice) };
    let Some(frontline_model::ShopAction::Discount(d)) = p.shop.first() else { panic!("a code: {:?}", p.shop) };
    let code = d.code.clone();
    c.press(KeyCode::Enter).await;
    c.press(KeyCode::Char('u')).await;
    // long past the window
    c.tick(frontline_clock::system().now() + 120).await;
    c.settle().await;
    assert!(c.model.writes.outbox.is_empty(), "{:?}", c.model.writes.outbox);
    assert!(crate::orders_e2e::discount(&sb, &code).await.is_null(), "no code at the shop");
    assert_eq!(comments(&sb, t).await.len(), before, "no reply");
    sb.stop().await;
}
