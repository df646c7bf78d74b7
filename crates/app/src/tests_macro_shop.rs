//! Macros that act in the shop, as `update` sees them: the steps run through the return and
//! discount flows, the preview lists each effect beside the text, yes makes one outbox entry
//! with the steps first, undo takes it all back, and Esc or a refusal sends nothing.

use super::tests_actions::press;
use super::tests_orders::{answer, put_entries, shop_console, three_orders};
use super::*;
use frontline_config::KeyCode;
use frontline_model::{Macro, MacroSource, MacroStep, NewComment, ShopAction, Status, TicketChange, TicketId};

/// A console on ticket #2 (its order #NW222222 highlighted) with one macro that acts.
fn with_macro(title: &str, body: &str, shop: Vec<MacroStep>) -> Model {
    let mut m = shop_console();
    press(&mut m, KeyCode::Char('j'));
    answer(&mut m, "ana2@mail.example", three_orders());
    m.macros.push(Macro {
        source: MacroSource::Local(0),
        title: title.into(),
        change: TicketChange {
            status: Some(Status::Pending),
            comment: Some(NewComment { body: body.into(), public: true }),
            ..Default::default()
        },
        shop,
    });
    m
}

/// `m`, the macro's title typed into the picker, Enter.
fn use_macro(m: &mut Model, title: &str) -> Vec<Effect> {
    press(m, KeyCode::Char('m'));
    for c in title.chars() {
        press(m, KeyCode::Char(c));
    }
    press(m, KeyCode::Enter)
}

fn returnable(m: &mut Model, fx: Vec<Effect>) {
    let Some(Effect::Returnable { ticket, order }) = fx.into_iter().find(|e| matches!(e, Effect::Returnable { .. }))
    else {
        panic!("the shop is asked what can go back: {:?}", m.notice)
    };
    update(m, Msg::Returnable { ticket, order, result: Ok(vec![super::tests_shop_actions::returnable_line()]) });
}

fn steps(e: &frontline_model::Outgoing) -> Vec<ShopAction> {
    let Some(ShopAction::Steps(steps)) = &e.shop else { panic!("the macro's steps: {:?}", e.shop) };
    assert!(steps.iter().all(|s| !s.done), "nothing done before it is sent");
    steps.iter().map(|s| s.action.clone()).collect()
}

#[test]
fn a_discount_macro_previews_the_code_it_will_make_and_sends_it_before_the_text() {
    let mut m = with_macro(
        "Discount code: new code",
        "Here is {{discount.code}}, {{ticket.requester.first_name}}.",
        vec![MacroStep::parse("discount 15% 30d")],
    );
    use_macro(&mut m, "new code");
    let Mode::Preview(p) = &m.mode else { panic!("a preview: {:?} {:?}", m.mode, m.notice) };
    let [ShopAction::Discount(d)] = p.shop.as_slice() else { panic!("the code to make: {:?}", p.shop) };
    assert!(d.code.starts_with("SORRY-2-"), "{}", d.code);
    assert!(p.shop[0].effect().contains("15% off, single use"), "{}", p.shop[0].effect());
    let text = &p.changes[0].1.comment.as_ref().unwrap().body;
    assert_eq!(*text, format!("Here is {}, Ana2.", d.code), "the code about to be made fills the text");
    assert!(p.unknown.is_empty(), "{:?}", p.unknown);
    let code = d.code.clone();
    let e = put_entries(&press(&mut m, KeyCode::Enter));
    assert_eq!(e.len(), 1, "one entry: the shop's steps, then the text");
    assert!(matches!(steps(&e[0]).as_slice(), [ShopAction::Discount(d)] if d.code == code));
    assert_eq!(e[0].change.status, Some(Status::Pending));
    assert!(e[0].change.comment.as_ref().unwrap().body.contains(&code));
    // undone inside the window: nothing reaches the shop, and the text promising the code is not
    // offered for sending on its own
    let fx = press(&mut m, KeyCode::Char('u'));
    assert!(fx.iter().any(|f| matches!(f, Effect::Outbox(OutboxOp::Discard(k)) if *k == vec![e[0].key.clone()])));
    assert!(m.notice.as_ref().unwrap().text.ends_with("nothing reached the shop"), "{:?}", m.notice);
    assert_eq!(m.mode, Mode::Normal, "no composer with the text");
    assert!(m.writes.outbox.is_empty());
}

#[test]
fn an_exchange_macro_runs_the_return_pickers_without_no_exchange_and_leaves_the_name_to_the_shop() {
    let body = "Return {{return.name}} is open for {{order.name}}.";
    let mut m = with_macro("Wrong size: exchange", body, vec![MacroStep::parse("return exchange")]);
    let fx = use_macro(&mut m, "Wrong size");
    assert!(m.notice.as_ref().unwrap().text.contains("step 1 of 1: return with an exchange"), "{:?}", m.notice);
    returnable(&mut m, fx);
    assert!(m.notice.as_ref().unwrap().text.contains("step 1 of 1"), "the picker says whose step: {:?}", m.notice);
    press(&mut m, KeyCode::Enter); // 1 × Rain jacket (M)
    press(&mut m, KeyCode::Enter); // size too small
    let Mode::Pick(p) = &m.mode else { panic!("the exchange: {:?}", m.mode) };
    let labels: Vec<&str> = p.items.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["exchange for 1 × Rain jacket (S)", "exchange for 1 × Rain jacket (L)"], "it promises one");
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Enter);
    let Mode::Preview(p) = &m.mode else { panic!("the macro's preview, not the return's: {:?}", m.mode) };
    assert!(
        p.shop[0].effect().starts_with(
            "open a return on #NW222222: 1 × Rain jacket (M) (size too small), exchanged for 1 × Rain jacket (L)"
        ),
        "{}",
        p.shop[0].effect()
    );
    let text = &p.changes[0].1.comment.as_ref().unwrap().body;
    assert_eq!(text, "Return {{return.name}} is open for #NW222222.", "the shop names the return when it is made");
    assert!(p.unknown.is_empty(), "not reported as unfilled: {:?}", p.unknown);
    assert_eq!(p.filled_later(), ["{{return.name}}"], "the preview says the shop names it");
    let e = put_entries(&press(&mut m, KeyCode::Char('y')));
    let sent = steps(&e[0]);
    let [ShopAction::Return(ask)] = sent.as_slice() else { panic!("a return") };
    assert_eq!((ask.reason.as_str(), ask.exchange.as_ref().map(|x| x.variant.as_str())), ("SIZE_TOO_SMALL", Some("L")));
    assert_eq!(e[0].expected_version, m.queue.get(TicketId(2)).map(|t| t.version.clone()), "kept, not checked");
}

#[test]
fn a_return_step_that_names_its_reason_skips_that_question() {
    let mut m = with_macro("Too big", "Opened {{return.name}}.", vec![MacroStep::parse("return size-too-large")]);
    let fx = use_macro(&mut m, "Too big");
    returnable(&mut m, fx);
    press(&mut m, KeyCode::Enter);
    let Mode::Pick(p) = &m.mode else { panic!("the exchange: {:?}", m.mode) };
    assert!(p.title.starts_with("Instead of"), "the reason is the macro's: {}", p.title);
    assert!(p.items[0].0.starts_with("no exchange"), "without `exchange` the agent may choose none");
    press(&mut m, KeyCode::Enter);
    let Mode::Preview(p) = &m.mode else { panic!("a preview: {:?}", m.mode) };
    assert!(matches!(&p.shop[0], ShopAction::Return(r) if r.reason == "SIZE_TOO_LARGE" && r.exchange.is_none()));
}

#[test]
fn esc_a_refusal_or_a_bulk_use_ends_the_macro_with_nothing_sent_and_says_why() {
    let mut m = with_macro("Wrong size: exchange", "{{return.name}}", vec![MacroStep::parse("return exchange")]);
    let fx = use_macro(&mut m, "Wrong size");
    returnable(&mut m, fx);
    press(&mut m, KeyCode::Esc);
    assert!(m.orders.macro_run.is_none() && m.mode == Mode::Normal);
    assert!(m.notice.as_ref().unwrap().text.starts_with("macro “Wrong size: exchange” not applied"), "{:?}", m.notice);
    // a later return of the agent's own is not taken for the macro's
    let fx = run_command(&mut m, "return");
    returnable(&mut m, fx);
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Enter);
    assert!(matches!(m.mode, Mode::Confirm(_)), "its own confirmation: {:?}", m.mode);
    press(&mut m, KeyCode::Esc);

    // the shop cannot say what can go back
    let fx = use_macro(&mut m, "Wrong size");
    let Some(Effect::Returnable { ticket, order }) = fx.into_iter().find(|e| matches!(e, Effect::Returnable { .. }))
    else {
        panic!("asked")
    };
    let down = frontline_shop::ShopError::Server { status: 503, detail: None };
    update(&mut m, Msg::Returnable { ticket, order, result: Err(down) });
    assert!(m.orders.macro_run.is_none());
    let said = &m.notice.as_ref().unwrap().text;
    assert!(said.starts_with("macro “Wrong size: exchange” not applied: the shop could not say"), "{said}");

    // a step the console does not know, and two tickets at once
    m.macros.last_mut().unwrap().shop = vec![MacroStep::parse("launch rockets")];
    use_macro(&mut m, "Wrong size");
    assert!(m.notice.as_ref().unwrap().text.contains("`launch rockets` is not one the console knows"));
    m.macros.last_mut().unwrap().shop = vec![MacroStep::parse("refund")];
    let i = m.macros.len() - 1;
    crate::macros::preview_macro(&mut m, i, vec![TicketId(2), TicketId(3)]);
    assert!(m.notice.as_ref().unwrap().text.ends_with("applies to one ticket at a time"), "{:?}", m.notice);
    assert!(m.writes.outbox.is_empty() && m.orders.macro_run.is_none());
}

#[test]
fn an_invite_after_a_return_is_taken_at_once_and_the_preview_lists_both() {
    let mut m = with_macro(
        "Exchange and invite",
        "Return {{return.name}}; an invite is on its way.",
        vec![MacroStep::parse("return exchange"), MacroStep::Invite],
    );
    super::tests_shop_actions::with_customer(&mut m, "DISABLED");
    let fx = use_macro(&mut m, "Exchange and invite");
    returnable(&mut m, fx);
    for _ in 0..3 {
        press(&mut m, KeyCode::Enter);
    }
    // the invite's own confirmation never shows: a y now could not send it on its own
    let Mode::Preview(p) = &m.mode else { panic!("the macro's preview: {:?} {:?}", m.mode, m.notice) };
    assert!(matches!(p.shop.as_slice(), [ShopAction::Return(_), ShopAction::Invite { .. }]), "{:?}", p.shop);
    assert!(m.orders.macro_run.is_none());
}

#[test]
fn moving_off_the_ticket_ends_the_run_and_alt_m_offers_no_macro_that_acts() {
    let mut m = with_macro("Wrong size: exchange", "{{return.name}}", vec![MacroStep::parse("return exchange")]);
    let fx = use_macro(&mut m, "Wrong size");
    assert!(fx.iter().any(|e| matches!(e, Effect::Returnable { .. })), "waiting for the shop");
    press(&mut m, KeyCode::Char('j'));
    assert!(m.orders.macro_run.is_none(), "a code or return for another customer is never made");
    assert!(m.notice.as_ref().unwrap().text.ends_with("not applied: the selection left the ticket"), "{:?}", m.notice);
    // its text alone would promise the return: Alt-m does not offer it
    press(&mut m, KeyCode::Char('r'));
    super::tests_actions::chord(&mut m, 'm', frontline_config::KeyModifiers::ALT);
    let Mode::Pick(p) = &m.mode else { panic!("the macros with text: {:?}", m.mode) };
    assert!(!p.items.is_empty() && p.items.iter().all(|(l, _)| !l.starts_with("Wrong size")), "{:?}", p.items);
}
