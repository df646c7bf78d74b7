//! The shop beside the ticket, as `update` sees it: orders asked for once per customer, the
//! named order chosen, `O`/`j`/`k`/Enter, `{{order.*}}`, Alt-t, failures and reloads.

use super::tests::NOW;
use super::tests_actions::{chord, console, press};
use super::*;
use frontline_config::{KeyCode, KeyModifiers};
use frontline_model::testkit::order;
use frontline_model::{ShopOrder, TicketId};

/// The actions console with a shop, every customer with an e-mail, ticket 2 naming NW222222
/// in a custom field and ticket 3 belonging to ticket 1's customer.
pub(crate) fn shop_console() -> Model {
    let mut m = console(10);
    m.orders.shop = Some("Shopify at test".into());
    for i in 1..=5u64 {
        if let Some(u) = m.users.get_mut(&frontline_model::UserId(100 + i)) {
            u.email = Some(format!("Ana{i}@Mail.example"));
        }
    }
    let t2 = m.queue.tickets.iter_mut().find(|t| t.id == TicketId(2)).unwrap();
    t2.refs = vec!["NW222222".into()];
    let t3 = m.queue.tickets.iter_mut().find(|t| t.id == TicketId(3)).unwrap();
    t3.requester = Some(frontline_model::UserId(101));
    m
}

fn orders_asked(fx: &[Effect]) -> Vec<(String, Option<String>)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::LoadOrders { email, named } => Some((email.clone(), named.clone())),
            _ => None,
        })
        .collect()
}

pub(crate) fn answer(m: &mut Model, email: &str, orders: Vec<ShopOrder>) -> Vec<Effect> {
    update(m, Msg::Orders { email: email.into(), result: Some(Ok(orders)), customer: None })
}

pub(crate) fn three_orders() -> Vec<ShopOrder> {
    let mut newest = order("#NW333333");
    newest.created_at += 100;
    newest.shipments.clear();
    vec![newest, order("#NW222222"), order("#NW111111")]
}

#[test]
fn a_customers_orders_are_asked_for_once_by_email_with_the_named_order() {
    let mut m = shop_console();
    // the first ticket was selected when the page arrived: its orders were asked for then
    m.orders.by_email.clear();
    let fx = update(&mut m, Msg::Tick(NOW));
    assert_eq!(orders_asked(&fx), vec![("ana1@mail.example".to_string(), None)], "lower-cased e-mail");
    let fx = press(&mut m, KeyCode::Char('j'));
    assert_eq!(orders_asked(&fx), vec![("ana2@mail.example".to_string(), Some("NW222222".to_string()))]);
    answer(&mut m, "ana2@mail.example", three_orders());
    assert_eq!(orders::named(&m).map(|o| o.name.as_str()), Some("#NW222222"));
    assert_eq!((m.orders.selected, m.orders.expanded), (1, true), "the named order is chosen and opened");
    // back to ticket 1, then ticket 3 of the same customer: still loading, not asked twice
    press(&mut m, KeyCode::Char('k'));
    let fx = press(&mut m, KeyCode::Char('j'));
    assert!(orders_asked(&fx).is_empty(), "{fx:?}");
    let fx = press(&mut m, KeyCode::Char('j'));
    assert!(orders_asked(&fx).is_empty(), "ticket 3's customer is ticket 1's: {fx:?}");
}

#[test]
fn without_a_shop_nothing_is_asked_and_o_says_how_to_add_one() {
    let mut m = console(10);
    let fx = press(&mut m, KeyCode::Char('j'));
    assert!(orders_asked(&fx).is_empty());
    press(&mut m, KeyCode::Char('O'));
    let n = m.notice.clone().unwrap();
    assert!(n.error && n.text.contains("[profiles.NAME.shop]"), "{n:?}");
    assert_ne!(m.focus, Pane::Customer);
}

#[test]
fn o_focuses_the_orders_and_j_k_enter_esc_work_there() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    press(&mut m, KeyCode::Char('O'));
    assert!(m.orders.focused && m.focus == Pane::Customer);
    press(&mut m, KeyCode::Char('j'));
    assert_eq!(orders::selected_order(&m).unwrap().name, "#NW111111");
    press(&mut m, KeyCode::Char('j'));
    assert_eq!(m.orders.selected, 2, "stops at the last");
    press(&mut m, KeyCode::Enter);
    assert!(!m.orders.expanded, "Enter folds the opened order");
    press(&mut m, KeyCode::Char('k'));
    press(&mut m, KeyCode::Char('k'));
    assert_eq!(orders::selected_order(&m).unwrap().name, "#NW333333");
    assert_eq!(m.selected().unwrap().id, TicketId(2), "the queue did not move");
    press(&mut m, KeyCode::Esc);
    assert!(!m.orders.focused && m.focus == Pane::Queue);
}

#[test]
fn order_placeholders_and_alt_t_use_the_highlighted_order() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    let cx = crate::ticket_context::placeholders(&m, TicketId(2), &[]).unwrap();
    let (text, unknown) = frontline_model::render("{{order.name}} {{order.tracking_number}}", &cx);
    assert_eq!((text.as_str(), unknown.len()), ("#NW222222 DH0123456789", 0));
    // other tickets do not borrow the selected ticket's order
    let cx = crate::ticket_context::placeholders(&m, TicketId(1), &[]).unwrap();
    assert_eq!(frontline_model::render("{{order.name}}", &cx).1, vec!["order.name"]);

    press(&mut m, KeyCode::Char('r'));
    chord(&mut m, 't', KeyModifiers::ALT);
    let text = m.drafting.composer.as_ref().unwrap().text();
    assert!(text.contains("DHL tracking number DH0123456789: https://www.dhl.com/track?n=DH0123456789"), "{text}");
    // the newest order has not shipped: Alt-t says so and inserts nothing
    m.orders.selected = 0;
    let before = m.drafting.composer.as_ref().unwrap().text();
    chord(&mut m, 't', KeyModifiers::ALT);
    assert_eq!(m.drafting.composer.as_ref().unwrap().text(), before);
    assert!(m.notice.as_ref().unwrap().text.contains("#NW333333 has not shipped"), "{:?}", m.notice);
}

#[test]
fn a_failed_load_shows_its_words_and_ctrl_r_asks_again() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    update(
        &mut m,
        Msg::Orders {
            email: "ana2@mail.example".into(),
            result: Some(Err(frontline_shop::ShopError::Network { host: "shop".into(), detail: "refused".into() })),
            customer: None,
        },
    );
    assert!(matches!(orders::of_selected(&m), Some(Loadable::Failed(e)) if e.contains("cannot reach")));
    assert!(orders::named(&m).is_none());
    let fx = chord(&mut m, 'r', KeyModifiers::CONTROL);
    assert_eq!(orders_asked(&fx).len(), 1, "Ctrl-r loads the orders again: {fx:?}");
    // a load dropped because the agent moved on is asked again when they come back
    press(&mut m, KeyCode::Char('j'));
    update(&mut m, Msg::Orders { email: "ana2@mail.example".into(), result: None, customer: None });
    let fx = press(&mut m, KeyCode::Char('k'));
    assert_eq!(orders_asked(&fx).len(), 1, "{fx:?}");
}

#[test]
fn loaded_orders_stay_within_a_bound() {
    let mut m = shop_console();
    for i in 0..orders::ORDERS_KEPT + 20 {
        answer(&mut m, &format!("c{i}@x.example"), vec![]);
    }
    assert!(m.orders.by_email.len() <= orders::ORDERS_KEPT + 1, "{}", m.orders.by_email.len());
    assert!(!m.orders.by_email.contains_key("c0@x.example"), "the oldest went first");
}

#[test]
fn cached_orders_paint_at_once_and_are_refreshed_only_when_old() {
    let mut m = shop_console();
    m.orders.by_email.clear();
    let cached = vec![("ana2@mail.example".to_string(), NOW - 60, three_orders())];
    update(
        &mut m,
        Msg::Restored(Box::new(Restored {
            cache: frontline_store::cache::Snapshot { orders: cached, ..Default::default() },
            ..Default::default()
        })),
    );
    let fx = press(&mut m, KeyCode::Char('j'));
    assert!(orders_asked(&fx).is_empty(), "fetched a minute ago: shown from the store, not asked: {fx:?}");
    assert_eq!(orders::named(&m).map(|o| o.name.as_str()), Some("#NW222222"));
    // ten minutes on, the customer on screen is asked again, the cached orders shown meanwhile
    let fx = update(&mut m, Msg::Tick(NOW + orders::FRESH_SECS));
    assert_eq!(orders_asked(&fx).len(), 1, "{fx:?}");
    let fx = [press(&mut m, KeyCode::Char('k')), press(&mut m, KeyCode::Char('j'))].concat();
    assert!(!orders_asked(&fx).iter().any(|(e, _)| e == "ana2@mail.example"), "not twice while asking: {fx:?}");
    assert!(orders::named(&m).is_some(), "still shown while asked");
    // the refresh fails: the orders stay, saying why they are not current
    let busy = frontline_shop::ShopError::Throttled { retry_after: 3 };
    update(&mut m, Msg::Orders { email: "ana2@mail.example".into(), result: Some(Err(busy.clone())), customer: None });
    assert!(orders::named(&m).is_some());
    assert_eq!(orders::stale(&m), Some(busy.to_string().as_str()));
    // a good answer is written to the store
    m.orders.fetched.clear();
    let fx = press(&mut m, KeyCode::Char('k'));
    let fx = [fx, press(&mut m, KeyCode::Char('j'))].concat();
    assert_eq!(orders_asked(&fx).len(), 1);
    let fx = answer(&mut m, "ana2@mail.example", three_orders());
    assert!(fx.iter().any(|e| matches!(e, Effect::Cache(CacheOp::Orders { email, orders }) if email == "ana2@mail.example" && orders.len() == 3)));
    assert_eq!(orders::stale(&m), None);
}

pub(crate) fn refund_quote_for(fx: &[Effect]) -> Option<(TicketId, String, frontline_model::RefundAsk)> {
    fx.iter().find_map(|e| match e {
        Effect::QuoteRefund { ticket, order, ask } => Some((*ticket, order.name.clone(), ask.clone())),
        _ => None,
    })
}

pub(crate) fn put_entries(fx: &[Effect]) -> Vec<frontline_model::Outgoing> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Outbox(OutboxOp::Put(entries)) => Some(entries.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn a_refund_is_quoted_by_the_shop_confirmed_with_its_amount_and_queued_with_its_note() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    press(&mut m, KeyCode::Char('R'));
    let Mode::Pick(p) = &m.mode else { panic!("a picker: {:?}", m.mode) };
    assert_eq!(p.title, "Refund on #NW222222");
    let labels: Vec<&str> = p.items.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["1 × Rain jacket (M) — €49.90", "the whole order: every item and the shipping", "the shipping only"]
    );
    let fx = press(&mut m, KeyCode::Enter);
    let (ticket, name, ask) = refund_quote_for(&fx).expect("the shop is asked for the amount");
    assert_eq!((ticket, name.as_str(), ask.lines.len(), ask.shipping), (TicketId(2), "#NW222222", 1, false));
    let fx = update(
        &mut m,
        Msg::RefundQuoted {
            ticket,
            order: Box::new(order("#NW222222")),
            ask,
            result: Ok(frontline_model::Money::new(4990, "EUR")),
        },
    );
    assert!(fx.is_empty(), "nothing sent before the agent confirms");
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert!(
        c.question.starts_with("Refund €49.90 on #NW222222 (1 × Rain jacket (M)) to the original payment method?"),
        "{}",
        c.question
    );
    let fx = press(&mut m, KeyCode::Char('y'));
    let e = put_entries(&fx);
    assert_eq!(e.len(), 1);
    assert!(matches!(&e[0].shop, Some(frontline_model::ShopAction::Refund { amount, .. }) if amount.cents == 4990));
    // kept so the agent's next write moves past it; not sent (deliver), so the note is not
    // refused after the money moved
    assert_eq!(e[0].expected_version, m.queue.get(TicketId(2)).map(|t| t.version.clone()));
    let note = e[0].change.comment.as_ref().unwrap();
    assert!(!note.public && note.body.starts_with("Refunded €49.90 on #NW222222"), "{note:?}");
    assert!(m.notice.as_ref().unwrap().text.contains("u to undo"), "the undo window holds it");
}

#[test]
fn a_charge_taken_twice_is_offered_first_and_refunded_from_its_own_payment() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    let mut twice = three_orders();
    // the ticket names #NW222222: the order highlighted
    let first = twice[1].payments[0].clone();
    twice[1].payments.push(frontline_model::Payment {
        id: "gid://shopify/OrderTransaction/2".into(),
        created_at: first.created_at + 3,
        ..first.clone()
    });
    let o = twice[1].clone();
    answer(&mut m, "ana2@mail.example", twice);
    press(&mut m, KeyCode::Char('R'));
    let Mode::Pick(p) = &m.mode else { panic!("a picker: {:?}", m.mode) };
    assert!(p.items[0].0.starts_with("the duplicate charge of €54.85 (taken again"), "{:?}", p.items);
    let fx = press(&mut m, KeyCode::Enter);
    let (ticket, _, ask) = refund_quote_for(&fx).expect("the amount comes through the shop's quote");
    let back = ask.payment.clone().expect("a refund to one payment");
    assert_eq!(
        (back.parent.as_str(), back.amount.cents, ask.lines.len()),
        ("gid://shopify/OrderTransaction/2", 5485, 0)
    );
    assert_eq!(back.gateway, "shopify_payments", "the gateway's machine name, as refundCreate wants it");
    update(&mut m, Msg::RefundQuoted { ticket, order: Box::new(o), ask, result: Ok(back.amount) });
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert!(c.question.contains("(the duplicate charge of €54.85) to the payment it was taken by?"), "{}", c.question);
    let e = put_entries(&press(&mut m, KeyCode::Char('y')));
    assert!(matches!(&e[0].shop, Some(frontline_model::ShopAction::Refund { ask, .. }) if ask.payment.is_some()));
}

#[test]
fn a_shop_that_cannot_quote_or_an_order_refunded_already_sends_nothing() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    press(&mut m, KeyCode::Char('R'));
    let fx = press(&mut m, KeyCode::Enter);
    let (ticket, _, ask) = refund_quote_for(&fx).unwrap();
    update(
        &mut m,
        Msg::RefundQuoted {
            ticket,
            order: Box::new(order("#NW222222")),
            ask,
            result: Err(frontline_shop::ShopError::Throttled { retry_after: 3 }),
        },
    );
    assert_eq!(m.mode, Mode::Normal);
    assert!(
        m.notice.as_ref().unwrap().text.contains("could not work out the refund: the shop is busy"),
        "{:?}",
        m.notice
    );
    assert!(m.writes.outbox.is_empty());
}

#[test]
fn cancel_asks_a_reason_and_refuses_a_shipped_order_or_a_read_only_console() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    // the named order has shipped
    press(&mut m, KeyCode::Char('C'));
    assert_eq!(m.mode, Mode::Normal);
    assert!(m.notice.as_ref().unwrap().text.contains("has shipped and cannot be cancelled: refund it instead"));
    // the newest has not
    m.orders.selected = 0;
    press(&mut m, KeyCode::Char('C'));
    let Mode::Pick(p) = &m.mode else { panic!("reasons: {:?}", m.mode) };
    assert_eq!(p.items[0].0, "the customer asked");
    press(&mut m, KeyCode::Enter);
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert!(c.question.contains("Cancel #NW333333") && c.question.contains("refund €54.85"), "{}", c.question);
    let e = put_entries(&press(&mut m, KeyCode::Char('y')));
    assert!(
        matches!(&e[0].shop, Some(frontline_model::ShopAction::Cancel { reason, restock: true, refund: true, .. }) if reason == "CUSTOMER")
    );
    // read-only: no picker at all
    m.settings.read_only = true;
    press(&mut m, KeyCode::Char('R'));
    assert_eq!(m.mode, Mode::Normal);
    assert!(m.notice.as_ref().unwrap().text.starts_with("read-only"));
}

#[test]
fn code_asks_the_shop_and_says_why_checkout_refuses_it() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    let fx = run_command(&mut m, "code welcome15");
    assert!(matches!(&fx[..], [Effect::CheckDiscount { code }] if code == "welcome15"), "{fx:?}");
    let facts = frontline_model::DiscountFacts {
        code: "WELCOME15".into(),
        title: "Newsletter".into(),
        status: "EXPIRED".into(),
        summary: "15% off entire order".into(),
        starts_at: None,
        ends_at: Some(NOW - 9 * 86_400),
        usage_limit: None,
        used: 0,
        once_per_customer: true,
        minimum: None,
        customers: None,
    };
    update(&mut m, Msg::DiscountChecked { code: "welcome15".into(), result: Ok(Some(facts)) });
    let said = &m.notice.as_ref().unwrap().text;
    assert!(said.starts_with("WELCOME15 expired on ") && said.ends_with("(15% off entire order)"), "{said}");
    update(&mut m, Msg::DiscountChecked { code: "NOPE".into(), result: Ok(None) });
    assert!(m.notice.as_ref().unwrap().text.contains("NOPE does not exist in the shop"));
    assert!(run_command(&mut m, "code").is_empty() && m.notice.as_ref().unwrap().error, "a code is needed");
}

#[test]
fn discount_makes_a_single_use_code_for_the_customer_after_a_confirmation() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    assert!(run_command(&mut m, "discount 150%").is_empty() && m.notice.as_ref().unwrap().error);
    run_command(&mut m, "discount 15% 30d");
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?} {:?}", m.mode, m.notice) };
    assert!(c.question.starts_with("Make code SORRY-2-"), "{}", c.question);
    assert!(c.question.contains("for Ana2@Mail.example: 15% off, single use, until "), "{}", c.question);
    let Some(frontline_model::ShopAction::Discount(ask)) = c.shop.clone() else { panic!("a discount: {c:?}") };
    assert_eq!(ask.customer_id, "gid://shopify/Customer/1", "the customer of the named order");
    // nothing fills {{discount.code}} until the shop has made it
    let cx = crate::ticket_context::placeholders(&m, TicketId(2), &[]).unwrap();
    assert_eq!(cx.discount, None);
    let fx = press(&mut m, KeyCode::Char('y'));
    let e = put_entries(&fx);
    assert!(matches!(&e[0].shop, Some(frontline_model::ShopAction::Discount(d)) if d.code == ask.code));
    assert!(
        e[0].change.comment.as_ref().unwrap().body.starts_with(&format!("Made discount code {} for Ana2@", ask.code))
    );
    let fx: Vec<Effect> = fx.into_iter().chain(update(&mut m, Msg::Tick(NOW + 60))).collect();
    let job = super::tests_actions::first_job(&fx);
    update(&mut m, Msg::Written { job, ticket: TicketId(2), result: Ok(frontline_backend::TicketPage::default()) });
    let cx = crate::ticket_context::placeholders(&m, TicketId(2), &[]).unwrap();
    assert_eq!(cx.discount, Some(ask.code.as_str()), "{{{{discount.code}}}} once made");
    // read-only consoles make nothing
    m.settings.read_only = true;
    run_command(&mut m, "discount 10€");
    assert_eq!(m.mode, Mode::Normal);
}

#[test]
fn refund_an_amount_goes_to_a_payment_with_the_reason_and_never_beyond_what_it_has_left() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    let fx = run_command(&mut m, "refund 12.50 one of two mugs broken");
    assert!(fx.is_empty(), "no question to the shop: the amount is the agent's");
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?} {:?}", m.mode, m.notice) };
    assert!(
        c.question.starts_with("Refund €12.50 on #NW222222 (one of two mugs broken) to the payment it was taken by?"),
        "{}",
        c.question
    );
    let Some(frontline_model::ShopAction::Refund { ask, .. }) = c.shop.clone() else { panic!("{c:?}") };
    assert_eq!(ask.payment.as_ref().map(|p| p.parent.as_str()), Some("gid://shopify/OrderTransaction/1"));
    press(&mut m, KeyCode::Char('n'));
    // more than the payment holds is refused before anything is asked
    assert!(run_command(&mut m, "refund 900").is_empty());
    let said = &m.notice.as_ref().unwrap().text;
    assert!(
        said.contains("€900.00 is more than a payment of #NW222222 has left: at most €54.85 can go back"),
        "{said}"
    );
    assert!(
        run_command(&mut m, "refund lots").is_empty() && m.notice.as_ref().unwrap().text.starts_with(":refund needs")
    );
}
