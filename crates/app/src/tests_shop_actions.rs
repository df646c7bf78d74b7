//! The shop actions that finish a ticket, as `update` sees them: replacements, address and
//! order edits through the form, account invites and links, returns and exchanges, partial
//! refunds' switches, and a macro's stale facts. Shared set-up from `tests_orders.rs`.

use super::tests_actions::{chord, press};
use super::tests_orders::{answer, put_entries, refund_quote_for, shop_console, three_orders};
use super::*;
use frontline_config::{KeyCode, KeyModifiers};
use frontline_model::testkit::order;
use frontline_model::{ShopOrder, TicketId};

fn replaced(
    plan: crate::orders::state::ReplacePlan,
    result: Result<frontline_model::OrderDetails, frontline_shop::ShopError>,
) -> Msg {
    Msg::OrderDetails { purpose: crate::orders::state::DetailsFor::Replace(plan), result }
}

fn details_of(o: &ShopOrder) -> frontline_model::OrderDetails {
    frontline_model::OrderDetails {
        shipping_address: Some(frontline_model::Address {
            first_name: "Ana".into(),
            last_name: "Two".into(),
            address1: "12 Market Street".into(),
            city: "Berlin".into(),
            zip: "10115".into(),
            country_code: "DE".into(),
            ..Default::default()
        }),
        variants: o
            .items
            .iter()
            .map(|i| (i.id.clone(), Some(format!("gid://shopify/ProductVariant/{}", i.title.len()))))
            .collect(),
        email: Some("ana2@mail.example".into()),
        ..Default::default()
    }
}

#[test]
fn a_replacement_asks_why_reads_the_address_from_the_shop_and_confirms_the_new_order() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    // one line: straight to why
    press(&mut m, KeyCode::Char('P'));
    let Mode::Pick(p) = &m.mode else { panic!("reasons: {:?}", m.mode) };
    assert_eq!(p.title, "Replacement for #NW222222 because");
    assert_eq!(p.items[0].0, "arrived damaged");
    let fx = press(&mut m, KeyCode::Enter);
    let plan = fx
        .iter()
        .find_map(|e| match e {
            Effect::OrderDetails(crate::orders::state::DetailsFor::Replace(p)) => Some(p.clone()),
            _ => None,
        })
        .expect("the shop is asked for the address and variants");
    assert_eq!(
        (plan.ticket, plan.lines.clone(), plan.why.clone()),
        (TicketId(2), vec![("gid://shopify/LineItem/1".to_string(), 1)], "arrived damaged".to_string())
    );
    assert!(m.writes.outbox.is_empty(), "nothing queued before the confirmation");
    let details = details_of(&plan.order);
    let fx = update(
        &mut m,
        Msg::OrderDetails { purpose: crate::orders::state::DetailsFor::Replace(plan), result: Ok(details) },
    );
    assert!(fx.is_empty());
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert!(
        c.question.starts_with(
            "Send 1 × Rain jacket (M) again for #NW222222 (arrived damaged), free with free shipping, to Ana Two, 12 Market Street, 10115 Berlin, DE?"
        ),
        "{}",
        c.question
    );
    let e = put_entries(&press(&mut m, KeyCode::Char('y')));
    let Some(frontline_model::ShopAction::Replace(ask)) = &e[0].shop else { panic!("a replacement: {:?}", e[0].shop) };
    assert_eq!(
        (ask.customer_id.as_str(), ask.lines[0].variant_id.as_str()),
        ("gid://shopify/Customer/1", "gid://shopify/ProductVariant/11")
    );
    let note = e[0].change.comment.as_ref().unwrap();
    assert!(
        !note.public && note.body.starts_with("Sent replacement order {{replacement.name}} for #NW222222"),
        "{note:?}"
    );
}

#[test]
fn a_replacement_is_refused_for_an_unshipped_order_a_custom_line_or_a_shop_that_cannot_say() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    m.orders.selected = 0;
    press(&mut m, KeyCode::Char('P'));
    assert_eq!(m.mode, Mode::Normal);
    assert!(m.notice.as_ref().unwrap().text.contains("#NW333333 has not shipped yet"), "{:?}", m.notice);
    m.orders.selected = 1;
    press(&mut m, KeyCode::Char('P'));
    let fx = press(&mut m, KeyCode::Enter);
    let Some(Effect::OrderDetails(crate::orders::state::DetailsFor::Replace(plan))) =
        fx.into_iter().find(|e| matches!(e, Effect::OrderDetails(_)))
    else {
        panic!("details asked")
    };
    let mut custom = details_of(&plan.order);
    custom.variants[0].1 = None;
    update(&mut m, replaced(plan.clone(), Ok(custom)));
    assert_eq!(m.mode, Mode::Normal);
    assert!(m.notice.as_ref().unwrap().text.contains("not a product the shop can order again"), "{:?}", m.notice);
    let mut nowhere = details_of(&plan.order);
    nowhere.shipping_address = None;
    update(&mut m, replaced(plan.clone(), Ok(nowhere)));
    assert!(m.notice.as_ref().unwrap().text.contains("no shipping address on #NW222222"), "{:?}", m.notice);
    update(&mut m, replaced(plan, Err(frontline_shop::ShopError::Timeout { secs: 20 })));
    assert!(
        m.notice.as_ref().unwrap().text.contains("could not read #NW222222: the shop did not answer"),
        "{:?}",
        m.notice
    );
    assert!(m.writes.outbox.is_empty());
    m.settings.read_only = true;
    press(&mut m, KeyCode::Char('P'));
    assert!(m.notice.as_ref().unwrap().text.starts_with("read-only"));
}

#[test]
fn replacement_name_fills_from_the_customers_order_tagged_for_the_ticket() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    let mut orders = three_orders();
    let mut made = order("#NW444444");
    made.tags = vec!["replacement".into(), "ticket-2".into()];
    let mut other = order("#NW555555");
    other.tags = vec!["replacement".into(), "ticket-9".into()];
    orders.insert(0, other);
    orders.insert(0, made);
    answer(&mut m, "ana2@mail.example", orders);
    let t = m.selected().unwrap().clone();
    assert_eq!(crate::orders::replacement_for(&m, &t), Some("#NW444444"));
    let cx = crate::ticket_context::placeholders(&m, t.id, &[]).unwrap();
    assert_eq!(frontline_model::render("{{replacement.name}}", &cx).0, "#NW444444");
}

fn type_text(m: &mut Model, text: &str) {
    for c in text.chars() {
        press(m, KeyCode::Char(c));
    }
}

#[test]
fn the_address_opens_as_a_form_checked_field_by_field_before_a_confirmation() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    let mut orders = three_orders();
    orders[0].fulfillment_status = "UNFULFILLED".into();
    let unshipped = orders[0].clone();
    answer(&mut m, "ana2@mail.example", orders);
    // the named order has shipped: refused with the way forward
    press(&mut m, KeyCode::Char('E'));
    assert!(m.notice.as_ref().unwrap().text.contains("#NW222222 has shipped"), "{:?}", m.notice);
    m.orders.selected = 0;
    let fx = press(&mut m, KeyCode::Char('E'));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::OrderDetails(crate::orders::state::DetailsFor::Address { .. }))),
        "the shop is asked for the address: {fx:?}"
    );
    let details = details_of(&unshipped);
    let purpose = crate::orders::state::DetailsFor::Address { ticket: TicketId(2), order: Box::new(unshipped) };
    update(&mut m, Msg::OrderDetails { purpose, result: Ok(details) });
    let Mode::Form(f) = &m.mode else { panic!("a form: {:?}", m.mode) };
    assert_eq!(f.title, "Shipping address of #NW333333");
    assert_eq!(f.fields[2].2, "12 Market Street", "filled from the shop");
    // to the postcode (first, last, street, more), cleared, a wrong one typed, saved
    for _ in 0..4 {
        press(&mut m, KeyCode::Tab);
    }
    chord(&mut m, 'u', KeyModifiers::CONTROL);
    type_text(&mut m, "1011");
    chord(&mut m, 's', KeyModifiers::CONTROL);
    let Mode::Form(f) = &m.mode else { panic!("still the form: {:?}", m.mode) };
    assert_eq!((f.fields[f.focus].0, f.error.as_deref()), ("zip", Some("`1011` is not a postcode of DE")));
    type_text(&mut m, "7");
    // Enter moves on, and saves from the last field
    for _ in 0..5 {
        press(&mut m, KeyCode::Enter);
    }
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert!(
        c.question.starts_with("Ship #NW333333 to Ana Two, 12 Market Street, 10117 Berlin, DE instead of Ana Two, 12 Market Street, 10115 Berlin, DE?"),
        "{}",
        c.question
    );
    let e = put_entries(&press(&mut m, KeyCode::Char('y')));
    let Some(frontline_model::ShopAction::Edit(edit)) = &e[0].shop else { panic!("an edit: {:?}", e[0].shop) };
    assert_eq!(edit.address.as_ref().unwrap().1.zip, "10117");
    assert!(e[0].change.comment.as_ref().unwrap().body.starts_with("Changed #NW333333: shipping address from "));
}

#[test]
fn a_form_closed_or_unchanged_sends_nothing_and_order_note_and_tags_confirm_first() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    let mut orders = three_orders();
    orders[1].tags = vec!["vip".into()];
    let named = orders[1].clone();
    answer(&mut m, "ana2@mail.example", orders);
    let purpose = crate::orders::state::DetailsFor::Address { ticket: TicketId(2), order: Box::new(named.clone()) };
    update(&mut m, Msg::OrderDetails { purpose: purpose.clone(), result: Ok(details_of(&named)) });
    chord(&mut m, 's', KeyModifiers::CONTROL);
    assert_eq!(m.mode, Mode::Normal);
    assert!(m.notice.as_ref().unwrap().text.contains("unchanged: nothing sent"));
    update(&mut m, Msg::OrderDetails { purpose, result: Ok(details_of(&named)) });
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.mode, Mode::Normal);
    assert!(m.writes.outbox.is_empty());
    // tags: added and taken away, on a shipped order too
    let fx = run_command(&mut m, "order-tags +gift -VIP");
    assert!(fx.is_empty());
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert!(c.question.starts_with("Tags on #NW222222: add gift; remove vip?"), "{}", c.question);
    let e = put_entries(&press(&mut m, KeyCode::Char('y')));
    assert!(
        e[0].change.comment.as_ref().unwrap().body.ends_with("tags: added gift; removed vip."),
        "{:?}",
        e[0].change
    );
    run_command(&mut m, "order-note leave with the neighbour");
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert!(c.question.contains("order note to “leave with the neighbour”"), "{}", c.question);
    press(&mut m, KeyCode::Char('n'));
    m.settings.read_only = true;
    run_command(&mut m, "order-tags +x");
    assert!(m.notice.as_ref().unwrap().text.starts_with("read-only"));
}

pub(crate) fn with_customer(m: &mut Model, account: &str) {
    let c = frontline_model::ShopCustomer {
        id: "gid://shopify/Customer/7".into(),
        orders: Some(3),
        account: Some(account.into()),
        ..Default::default()
    };
    update(
        m,
        Msg::Orders {
            email: "ana2@mail.example".into(),
            result: Some(Ok(three_orders())),
            customer: Some(Box::new(c)),
        },
    );
}

#[test]
fn invite_and_activation_link_for_an_account_never_activated_and_words_for_an_active_one() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    with_customer(&mut m, "ENABLED");
    assert_eq!(
        crate::orders::shop_customer(&m).and_then(|c| c.orders),
        Some(3),
        "the customer from the orders' answer"
    );
    run_command(&mut m, "invite");
    assert_eq!(m.mode, Mode::Normal);
    assert!(
        m.notice.as_ref().unwrap().text.contains("account is active already: they reset the password"),
        "{:?}",
        m.notice
    );
    with_customer(&mut m, "DISABLED");
    run_command(&mut m, "invite");
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert!(c.question.starts_with("E-mail ana2@mail.example the shop's account invite?"), "{}", c.question);
    let e = put_entries(&press(&mut m, KeyCode::Char('y')));
    assert!(
        matches!(&e[0].shop, Some(frontline_model::ShopAction::Invite { customer_id, state_before, .. }) if customer_id == "gid://shopify/Customer/7" && state_before == "DISABLED")
    );
    let fx = run_command(&mut m, "activation-link");
    assert!(
        fx.iter().any(
            |e| matches!(e, Effect::ActivationLink { customer_id, .. } if customer_id == "gid://shopify/Customer/7")
        )
    );
    let url = "https://shop.example/account/activate/7/abc";
    update(&mut m, Msg::ActivationLink { ticket: TicketId(2), result: Ok(url.into()) });
    assert!(m.notice.as_ref().unwrap().text.contains(url));
    let cx = crate::ticket_context::placeholders(&m, TicketId(2), &[]).unwrap();
    assert_eq!(frontline_model::render("{{customer.activation_url}}", &cx).0, url);
    update(
        &mut m,
        Msg::ActivationLink { ticket: TicketId(2), result: Err(frontline_shop::ShopError::Refused("nope".into())) },
    );
    assert!(m.notice.as_ref().unwrap().text.starts_with("the shop made no activation link"));
    m.settings.read_only = true;
    run_command(&mut m, "invite");
    assert!(m.notice.as_ref().unwrap().text.starts_with("read-only"));
}

pub(crate) fn returnable_line() -> frontline_model::ReturnableLine {
    frontline_model::ReturnableLine {
        fulfillment_line_item_id: "gid://shopify/FulfillmentLineItem/9".into(),
        title: "Rain jacket".into(),
        variant: Some("M".into()),
        quantity: 2,
        variant_id: Some("gid://shopify/ProductVariant/2".into()),
        variants: ["S", "M", "L"]
            .iter()
            .zip(1..)
            .map(|(t, i)| frontline_model::VariantChoice {
                id: format!("gid://shopify/ProductVariant/{i}"),
                title: (*t).into(),
            })
            .collect(),
    }
}

#[test]
fn a_return_picks_the_item_the_reason_and_another_size_then_confirms_the_exchange() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    let fx = run_command(&mut m, "return");
    let Some(Effect::Returnable { ticket, order }) = fx.into_iter().find(|e| matches!(e, Effect::Returnable { .. }))
    else {
        panic!("the shop is asked what can go back")
    };
    assert_eq!((ticket, order.name.as_str()), (TicketId(2), "#NW222222"));
    update(&mut m, Msg::Returnable { ticket, order, result: Ok(vec![returnable_line()]) });
    let Mode::Pick(p) = &m.mode else { panic!("the items: {:?}", m.mode) };
    let labels: Vec<&str> = p.items.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["1 × Rain jacket (M)", "all 2 × Rain jacket (M)"]);
    press(&mut m, KeyCode::Enter);
    let Mode::Pick(p) = &m.mode else { panic!("the reasons: {:?}", m.mode) };
    assert_eq!((p.title.as_str(), p.items[0].0.as_str()), ("1 × Rain jacket (M) goes back because", "size too small"));
    press(&mut m, KeyCode::Enter);
    let Mode::Pick(p) = &m.mode else { panic!("the exchange: {:?}", m.mode) };
    let labels: Vec<&str> = p.items.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "no exchange: the money goes back once the item is in",
            "exchange for 1 × Rain jacket (S)",
            "exchange for 1 × Rain jacket (L)"
        ],
        "the size bought is not offered"
    );
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Enter);
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert!(
        c.question.starts_with(
            "Open a return on #NW222222 for 1 × Rain jacket (M) (size too small), exchanged for 1 × Rain jacket (L)?"
        ),
        "{}",
        c.question
    );
    let e = put_entries(&press(&mut m, KeyCode::Char('y')));
    let Some(frontline_model::ShopAction::Return(ask)) = &e[0].shop else { panic!("a return: {:?}", e[0].shop) };
    assert_eq!(
        (ask.reason.as_str(), ask.exchange.as_ref().map(|x| x.variant_id.as_str())),
        ("SIZE_TOO_SMALL", Some("gid://shopify/ProductVariant/3"))
    );
    assert!(e[0].change.comment.as_ref().unwrap().body.starts_with("Opened return {{return.name}} on #NW222222"));
}

#[test]
fn a_requested_return_is_approved_or_declined_and_an_unshipped_order_has_nothing_to_return() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    let mut orders = three_orders();
    orders[1].returns = vec![frontline_model::OrderReturn {
        id: "gid://shopify/Return/5".into(),
        name: "#NW222222-R1".into(),
        status: "REQUESTED".into(),
        quantity: 1,
        exchanges: vec![],
    }];
    answer(&mut m, "ana2@mail.example", orders);
    run_command(&mut m, "decline-return whenever");
    assert!(m.notice.as_ref().unwrap().text.starts_with(":decline-return needs why"), "{:?}", m.notice);
    run_command(&mut m, "decline-return final-sale sale items cannot go back");
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert!(c.question.starts_with("Decline return #NW222222-R1 on #NW222222 (final sale)?"), "{}", c.question);
    let e = put_entries(&press(&mut m, KeyCode::Char('y')));
    assert!(
        matches!(&e[0].shop, Some(frontline_model::ShopAction::DecideReturn { approve: false, reason: Some(r), note: Some(n), .. }) if r == "FINAL_SALE" && n == "sale items cannot go back")
    );
    run_command(&mut m, "approve-return");
    assert!(matches!(&m.mode, Mode::Confirm(c) if c.question.starts_with("Approve return #NW222222-R1")));
    press(&mut m, KeyCode::Char('n'));
    m.orders.selected = 0;
    run_command(&mut m, "return");
    assert!(m.notice.as_ref().unwrap().text.contains("#NW333333 has not shipped yet"), "{:?}", m.notice);
    run_command(&mut m, "approve-return");
    assert!(m.notice.as_ref().unwrap().text.contains("not shipped"), "{:?}", m.notice);
}

#[test]
fn a_refund_of_several_units_can_restock_and_spare_the_customer_the_email() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    let mut orders = three_orders();
    orders[1].items[0].quantity = 3;
    orders[1].items[0].refundable = 3;
    let o = orders[1].clone();
    answer(&mut m, "ana2@mail.example", orders);
    press(&mut m, KeyCode::Char('R'));
    let Mode::Pick(p) = &m.mode else { panic!("a picker: {:?}", m.mode) };
    assert_eq!(p.items[1].0, "all 3 × Rain jacket (M) — €149.70");
    press(&mut m, KeyCode::Down);
    let fx = press(&mut m, KeyCode::Enter);
    let (ticket, _, ask) = refund_quote_for(&fx).unwrap();
    assert_eq!((ask.lines[0].1, ask.restock, ask.quiet), (3, Some(false), false), "shipped: not restocked unless said");
    update(
        &mut m,
        Msg::RefundQuoted { ticket, order: Box::new(o), ask, result: Ok(frontline_model::Money::new(14970, "EUR")) },
    );
    let Mode::Confirm(c) = &m.mode else { panic!("a confirmation: {:?}", m.mode) };
    assert_eq!(c.switches().as_deref(), Some("t  restock: no   m  e-mail the customer: yes"));
    press(&mut m, KeyCode::Char('t'));
    press(&mut m, KeyCode::Char('m'));
    let Mode::Confirm(c) = &m.mode else { panic!("still the confirmation: {:?}", m.mode) };
    assert_eq!(c.switches().as_deref(), Some("t  restock: yes   m  e-mail the customer: no"));
    let e = put_entries(&press(&mut m, KeyCode::Char('y')));
    let Some(frontline_model::ShopAction::Refund { ask, .. }) = &e[0].shop else { panic!("{:?}", e[0].shop) };
    assert_eq!((ask.restock, ask.quiet), (Some(true), true));
    let note = &e[0].change.comment.as_ref().unwrap().body;
    assert!(note.ends_with("; items back in stock; the customer was not e-mailed."), "{note}");
}

#[test]
fn an_order_paid_in_another_currency_is_not_refunded_from_the_console() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    let mut orders = three_orders();
    orders[1].paid_in = Some("USD".into());
    answer(&mut m, "ana2@mail.example", orders);
    for fx in [press(&mut m, KeyCode::Char('R')), run_command(&mut m, "refund 5 goodwill")] {
        assert!(fx.is_empty() && m.mode == Mode::Normal, "{:?}", m.mode);
        let said = &m.notice.as_ref().unwrap().text;
        assert!(
            said.starts_with("#NW222222 was paid in USD while the shop counts in EUR: refund it in the shop's admin"),
            "{said}"
        );
    }
}

#[test]
fn a_macro_promising_a_delivery_date_already_past_is_flagged_in_the_preview() {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    let due = order("#NW222222").shipment().unwrap().estimated_delivery.unwrap();
    m.macros.push(frontline_model::Macro {
        source: frontline_model::MacroSource::Local(0),
        title: "Tracking".into(),
        change: frontline_model::TicketChange {
            comment: Some(frontline_model::NewComment {
                body: "Due {{order.estimated_delivery}}.".into(),
                public: true,
            }),
            ..Default::default()
        },
        shop: vec![],
    });
    let i = m.macros.len() - 1;
    m.now = due - 60;
    crate::macros::preview_macro(&mut m, i, vec![TicketId(2)]);
    let Mode::Preview(p) = &m.mode else { panic!("a preview: {:?}", m.mode) };
    assert!(p.stale.is_empty(), "not due yet: {:?}", p.stale);
    m.now = due + 86_400;
    crate::macros::preview_macro(&mut m, i, vec![TicketId(2)]);
    let Mode::Preview(p) = &m.mode else { panic!("a preview: {:?}", m.mode) };
    assert_eq!(p.stale.len(), 1);
    assert!(p.stale[0].ends_with("already past: the parcel is late"), "{:?}", p.stale);
}

#[test]
fn every_item_of_a_replacement_is_every_line_the_shop_has_not_only_the_three_listed() {
    let mut o = order("#NW222222");
    o.items = (1..=3)
        .map(|n| frontline_model::OrderItem { id: format!("gid://shopify/LineItem/{n}"), ..o.items[0].clone() })
        .collect();
    let plan = crate::orders::state::ReplacePlan {
        ticket: TicketId(2),
        order: Box::new(o.clone()),
        lines: o.items.iter().map(|i| (i.id.clone(), 1)).collect(),
        why: "arrived damaged".into(),
    };
    let mut details = details_of(&o);
    details.items = (1..=4).map(|n| (format!("gid://shopify/LineItem/{n}"), format!("Thing {n}"), None, 1)).collect();
    details.variants = (1..=4).map(|n| (format!("gid://shopify/LineItem/{n}"), Some(format!("v{n}")))).collect();
    let ask = crate::replacements::build(&plan, &details).unwrap();
    assert_eq!(ask.lines.len(), 4, "{:?}", ask.lines);
    assert_eq!(ask.lines[3].title, "Thing 4");
    // one line chosen stays one line
    let one = crate::orders::state::ReplacePlan { lines: vec![("gid://shopify/LineItem/2".into(), 1)], ..plan };
    assert_eq!(crate::replacements::build(&one, &details).unwrap().lines.len(), 1);
}
