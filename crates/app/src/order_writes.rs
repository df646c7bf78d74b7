//! Refunding and cancelling the highlighted order: `R` picks what to refund (a duplicate
//! charge first when the order was charged twice, a line, the whole order, the shipping), the
//! shop works out the amount, and a confirmation shows order
//! and amount; `C` picks a reason and confirms. Either goes through the outbox like every
//! write — undo window, offline queue, exactly once — with an internal note on the ticket
//! recording what was done.

use super::dialogs::state::{Confirm, PickValue, Picker};
use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use super::orders::selected_order;
use frontline_model::text::fmt_time;
use frontline_model::{CANCEL_REASONS, Money, NewComment, RefundAsk, ShopAction, ShopOrder, TicketChange, TicketId};

use super::orders::action_target as target;

/// `R`: what of the highlighted order to refund.
pub fn refund_picker(m: &mut Model) -> Vec<Effect> {
    let Some((ticket, o)) = target(m) else { return vec![] };
    if let Some(why) = o.refund_refusal() {
        m.notice = Some(Notice { text: why, error: true });
        return vec![];
    }
    let duplicate = RefundAsk::duplicate(&o);
    if duplicate.is_none() && o.items.iter().all(|i| i.refundable == 0) && o.refunded.cents >= o.total.cents {
        m.notice = Some(Notice { text: format!("{} is refunded in full already", o.name), error: true });
        return vec![];
    }
    // a charge taken twice comes first: it is what the customer wrote about
    let mut items: Vec<(String, PickValue)> = duplicate
        .map(|ask| {
            let when = o.duplicate_charge().map(|p| fmt_time(p.created_at, m.settings.utc_offset)).unwrap_or_default();
            (format!("{} (taken again {when})", ask.describe(&o)), PickValue::Refund(ask))
        })
        .into_iter()
        .collect();
    // a shipped item refunded is not put back in stock unless the agent says so (t in the
    // confirmation, Shopify's RETURN); an order not wholly shipped has no say here (its unshipped
    // lines would need CANCEL, which cancelling the order does)
    let restock = (o.fulfillment_status == "FULFILLED").then_some(false);
    for i in o.items.iter().filter(|i| i.refundable > 0) {
        let one = RefundAsk { lines: vec![(i.id.clone(), 1)], shipping: false, payment: None, restock, quiet: false };
        let price = i.unit_price.show();
        items.push((format!("{} — {price}", one.describe(&o)), PickValue::Refund(one)));
        if i.refundable > 1 {
            let all = RefundAsk {
                lines: vec![(i.id.clone(), i.refundable)],
                shipping: false,
                payment: None,
                restock,
                quiet: false,
            };
            let price = Money { cents: i.unit_price.cents * i.refundable, currency: i.unit_price.currency }.show();
            items.push((format!("all {} — {price}", all.describe(&o)), PickValue::Refund(all)));
        }
    }
    items.push(("the whole order: every item and the shipping".into(), PickValue::Refund(RefundAsk::whole(&o))));
    items.push((
        "the shipping only".into(),
        PickValue::Refund(RefundAsk { lines: vec![], shipping: true, payment: None, restock: None, quiet: false }),
    ));
    m.mode = Mode::Pick(Picker::new(&format!("Refund on {}", o.name), items, vec![ticket]));
    vec![]
}

/// A refund picked: the shop works out the amount before anything is confirmed.
pub fn quote(m: &mut Model, ask: RefundAsk, ticket: TicketId) -> Vec<Effect> {
    let Some(o) = selected_order(m).cloned() else { return vec![] };
    m.notice = Some(Notice { text: format!("asking the shop what refunding {} would move…", o.name), error: false });
    vec![Effect::QuoteRefund { ticket, order: Box::new(o), ask }]
}

/// The shop's amount is in: the confirmation shows order and amount.
pub fn quoted(
    m: &mut Model,
    ticket: TicketId,
    o: ShopOrder,
    ask: RefundAsk,
    result: Result<frontline_model::Money, frontline_shop::ShopError>,
) -> Vec<Effect> {
    let amount = match result {
        Ok(a) if a.cents > 0 => a,
        Ok(_) => {
            m.notice = Some(Notice { text: format!("nothing left to refund on {} for that", o.name), error: true });
            return vec![];
        }
        Err(e) => {
            m.notice = Some(Notice { text: format!("the shop could not work out the refund: {e}"), error: true });
            return vec![];
        }
    };
    let what = ask.describe(&o);
    let to = if ask.payment.is_some() { "the payment it was taken by" } else { "the original payment method" };
    let action =
        ShopAction::Refund { order_id: o.id.clone(), order_name: o.name.clone(), ask, what: what.clone(), amount };
    let question = format!("Refund {} on {} ({what}) to {to}? A note goes on #{}.", amount.show(), o.name, ticket.0);
    confirm(m, ticket, action, question)
}

/// `:refund AMOUNT [WHY]`: an amount back to the highlighted order's payment (a goodwill
/// refund, one of two items broken), never more than a payment has left; the reason goes in
/// the note and to the shop.
pub fn custom_refund(m: &mut Model, arg: &str) -> Vec<Effect> {
    let usage = ":refund needs an amount and may say why: :refund 12.50 one of two mugs broken";
    let (amount, why) = arg.trim().split_once(' ').unwrap_or((arg.trim(), ""));
    let Some((ticket, o)) = target(m) else { return vec![] };
    if let Some(why) = o.refund_refusal() {
        m.notice = Some(Notice { text: why, error: true });
        return vec![];
    }
    let Some(amount) = Money::parse(amount.trim_start_matches('€').trim_end_matches('€'), o.total.code()) else {
        m.notice = Some(Notice { text: usage.into(), error: true });
        return vec![];
    };
    if amount.cents <= 0 {
        m.notice = Some(Notice { text: usage.into(), error: true });
        return vec![];
    }
    let Some(ask) = RefundAsk::amount(&o, amount, why) else {
        let most = RefundAsk::refundable(&o);
        let text = if o.payments.is_empty() {
            format!("the shop lists no payment on {} to refund from", o.name)
        } else {
            format!(
                "{} is more than a payment of {} has left: at most {} can go back",
                amount.show(),
                o.name,
                most.show()
            )
        };
        m.notice = Some(Notice { text, error: true });
        return vec![];
    };
    quoted(m, ticket, o, ask, Ok(amount))
}

/// `C`: why the highlighted order is cancelled.
pub fn cancel_picker(m: &mut Model) -> Vec<Effect> {
    let Some((ticket, o)) = target(m) else { return vec![] };
    let refusal = if o.cancelled_at.is_some() {
        Some(format!("{} is cancelled already", o.name))
    } else if !o.shipments.is_empty() {
        Some(format!("{} has shipped and cannot be cancelled: refund it instead (R)", o.name))
    } else {
        None
    };
    if let Some(text) = refusal {
        m.notice = Some(Notice { text, error: true });
        return vec![];
    }
    let items = CANCEL_REASONS.iter().map(|(code, words)| (words.to_string(), PickValue::CancelReason(code))).collect();
    m.mode = Mode::Pick(Picker::new(&format!("Cancel {} because", o.name), items, vec![ticket]));
    vec![]
}

/// A reason picked: confirm with what the cancel does.
pub fn cancel_confirm(m: &mut Model, reason: &str, ticket: TicketId) -> Vec<Effect> {
    let Some(o) = selected_order(m).cloned() else { return vec![] };
    let paid = o.total.cents > 0 && !matches!(o.financial_status.as_str(), "PENDING" | "REFUNDED" | "VOIDED");
    let action = ShopAction::Cancel {
        order_id: o.id.clone(),
        order_name: o.name.clone(),
        reason: reason.to_string(),
        restock: true,
        refund: paid,
        notify: true,
    };
    let refund =
        if paid { format!(", refund {} to the original payment method", o.total.show()) } else { String::new() };
    let question = format!(
        "Cancel {} ({}, {}): restock its items{refund} and e-mail the customer? This cannot be undone at the shop once sent.",
        o.name,
        o.total.show(),
        o.status()
    );
    confirm(m, ticket, action, question)
}

fn confirm(m: &mut Model, ticket: TicketId, action: ShopAction, question: String) -> Vec<Effect> {
    let note = TicketChange { comment: Some(NewComment { body: action.note(), public: false }), ..Default::default() };
    m.mode =
        Mode::Confirm(Confirm { question, label: action.label(), changes: vec![(ticket, note)], shop: Some(action) });
    m.notice = None;
    vec![]
}
