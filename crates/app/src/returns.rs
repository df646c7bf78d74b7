//! Returns and exchanges from the ticket ("wrong size, can I exchange?"): `:return` on a
//! shipped order asks the shop what can still go back, then pickers choose the item (one unit
//! or all), why (Shopify's reasons), and what is sent instead — another size of the same
//! product, or nothing (the money goes back once it is in). A confirmation says exactly that;
//! yes opens the return through the outbox (a resend first looks for one made since for
//! those items) with a note naming it. `:approve-return` and `:decline-return REASON [NOTE]`
//! answer a return the customer requested in the shop.

use super::dialogs::state::{Confirm, PickValue, Picker};
use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use super::orders::state::ReturnPlan;
use frontline_model::{
    ExchangeItem, NewComment, RETURN_REASONS, ReturnAsk, ReturnableLine, ShopAction, ShopOrder, TicketChange, TicketId,
};
use frontline_shop::ShopError;

fn say(m: &mut Model, text: String) -> Vec<Effect> {
    super::orders::refuse(m, text);
    vec![]
}

fn target(m: &mut Model) -> Option<(TicketId, ShopOrder)> {
    let (ticket, o) = super::orders::action_target(m)?;
    let why = match () {
        () if o.cancelled_at.is_some() => format!("{} is cancelled: nothing to return", o.name),
        () if o.shipments.is_empty() => {
            format!("{} has not shipped yet: nothing to return (cancel it with C instead)", o.name)
        }
        () => return Some((ticket, o)),
    };
    say(m, why);
    None
}

/// `:return`: the shop is asked what can still go back.
pub fn start(m: &mut Model) -> Vec<Effect> {
    let Some((ticket, o)) = target(m) else { return vec![] };
    m.notice = Some(Notice { text: format!("asking the shop what of {} can go back…", o.name), error: false });
    vec![Effect::Returnable { ticket, order: Box::new(o) }]
}

/// What can go back is in: pick the item (one unit, or all of a line).
pub fn lines_picker(
    m: &mut Model,
    ticket: TicketId,
    order: ShopOrder,
    result: Result<Vec<ReturnableLine>, ShopError>,
) -> Vec<Effect> {
    let lines = match result {
        Ok(l) if !l.is_empty() => l,
        Ok(_) => {
            return say(
                m,
                format!("nothing of {} can go back: every item is returned or refunded already", order.name),
            );
        }
        Err(e) => return say(m, format!("the shop could not say what of {} can go back: {e}", order.name)),
    };
    let plan = |line: &ReturnableLine, quantity| {
        PickValue::Return(Box::new(ReturnPlan {
            ticket,
            order: Box::new(order.clone()),
            line: line.clone(),
            quantity,
            reason: None,
            exchange: None,
        }))
    };
    let mut items = Vec::new();
    for l in &lines {
        items.push((format!("1 × {}", l.label()), plan(l, 1)));
        if l.quantity > 1 {
            items.push((format!("all {} × {}", l.quantity, l.label()), plan(l, l.quantity)));
        }
    }
    m.mode = Mode::Pick(Picker::new(&format!("Return from {}", order.name), items, vec![ticket]));
    m.notice = None;
    vec![]
}

/// One more choice made: the next picker, or the confirmation once all are.
pub fn next(m: &mut Model, mut plan: ReturnPlan) -> Vec<Effect> {
    let title_of = |p: &ReturnPlan| format!("{} × {}", p.quantity, p.line.label());
    // a macro's return step may say why, and that another size must go out instead
    let (preset, must_exchange) = m
        .orders
        .macro_run
        .as_ref()
        .filter(|r| r.ticket == plan.ticket)
        .and_then(super::orders::state::MacroRun::return_preset)
        .unwrap_or((None, false));
    if plan.reason.is_none() {
        plan.reason = preset.and_then(|r| RETURN_REASONS.iter().map(|(c, _)| *c).find(|c| *c == r));
    }
    if plan.reason.is_none() {
        let items = RETURN_REASONS
            .iter()
            .map(|(code, words)| {
                ((*words).to_string(), PickValue::Return(Box::new(ReturnPlan { reason: Some(code), ..plan.clone() })))
            })
            .collect();
        m.mode = Mode::Pick(Picker::new(&format!("{} goes back because", title_of(&plan)), items, vec![plan.ticket]));
        return vec![];
    }
    if plan.exchange.is_none() {
        let mut items = if must_exchange {
            vec![]
        } else {
            vec![(
                "no exchange: the money goes back once the item is in".to_string(),
                PickValue::Return(Box::new(ReturnPlan { exchange: Some(None), ..plan.clone() })),
            )]
        };
        // Shopify's "Default Title" is a product without options: nothing to exchange for
        let others = plan
            .line
            .variants
            .iter()
            .filter(|v| Some(&v.id) != plan.line.variant_id.as_ref() && v.title != "Default Title");
        for v in others {
            let x = ExchangeItem {
                variant_id: v.id.clone(),
                title: plan.line.title.clone(),
                variant: v.title.clone(),
                quantity: plan.quantity,
            };
            items.push((
                format!("exchange for {} × {} ({})", x.quantity, x.title, x.variant),
                PickValue::Return(Box::new(ReturnPlan { exchange: Some(Some(x)), ..plan.clone() })),
            ));
        }
        if items.is_empty() {
            return say(m, format!("{} comes in no other size to exchange for", plan.line.title));
        }
        m.mode = Mode::Pick(Picker::new(&format!("Instead of {}", title_of(&plan)), items, vec![plan.ticket]));
        return vec![];
    }
    confirm(m, plan)
}

fn confirm(m: &mut Model, plan: ReturnPlan) -> Vec<Effect> {
    let ask = ReturnAsk {
        order_id: plan.order.id.clone(),
        order_name: plan.order.name.clone(),
        line: plan.line,
        quantity: plan.quantity,
        reason: plan.reason.unwrap_or("OTHER").to_string(),
        note: format!("From ticket #{}", plan.ticket.0),
        exchange: plan.exchange.flatten(),
    };
    let then = match &ask.exchange {
        Some(x) => format!("the shop sends {} × {} ({}) in exchange", x.quantity, x.title, x.variant),
        None => "the money goes back once the item is in (refund it then with R)".to_string(),
    };
    let question = format!(
        "Open a return on {} for {}? The customer sends it back; {then}. A note naming the return goes on #{}.",
        ask.order_name,
        ask.describe(),
        plan.ticket.0
    );
    let action = ShopAction::Return(Box::new(ask));
    let note = TicketChange { comment: Some(NewComment { body: action.note(), public: false }), ..Default::default() };
    m.mode = Mode::Confirm(Confirm {
        question,
        label: action.label(),
        changes: vec![(plan.ticket, note)],
        shop: Some(action),
    });
    m.notice = None;
    vec![]
}

/// Shopify's `ReturnDeclineReason` from what the agent typed.
fn decline_reason(word: &str) -> Option<&'static str> {
    match word.to_ascii_lowercase().replace(['_', ' '], "-").as_str() {
        "final-sale" | "final" => Some("FINAL_SALE"),
        "period-ended" | "return-period-ended" | "late" => Some("RETURN_PERIOD_ENDED"),
        "other" => Some("OTHER"),
        _ => None,
    }
}

/// `:approve-return` / `:decline-return final-sale|period-ended|other [NOTE]`: the highlighted
/// order's return the customer requested, answered after a confirmation.
pub fn decide(m: &mut Model, approve: bool, arg: &str) -> Vec<Effect> {
    let Some((ticket, o)) = target(m) else { return vec![] };
    let Some(r) = o.returns.iter().rev().find(|r| r.status == "REQUESTED").cloned() else {
        return say(m, format!("{} has no return the customer requested", o.name));
    };
    let (reason, note) = if approve {
        (None, None)
    } else {
        let (word, rest) = arg.trim().split_once(' ').unwrap_or((arg.trim(), ""));
        let Some(reason) = decline_reason(word) else {
            return say(
                m,
                ":decline-return needs why: final-sale, period-ended or other, then a note for the customer".into(),
            );
        };
        let note = frontline_model::text::sanitize_line(rest.trim());
        (Some(reason.to_string()), Some(note).filter(|n| !n.is_empty()))
    };
    let question = if approve {
        format!(
            "Approve return {} ({}) on {}? The shop e-mails the customer how to send it; a note goes on #{}.",
            r.name,
            r.line(),
            o.name,
            ticket.0
        )
    } else {
        format!(
            "Decline return {} on {} ({})? The shop e-mails the customer{}; a note goes on #{}.",
            r.name,
            o.name,
            frontline_model::shop_words(reason.as_deref().unwrap_or("OTHER")),
            note.as_deref().map(|n| format!(" “{n}”")).unwrap_or_default(),
            ticket.0
        )
    };
    let action = ShopAction::DecideReturn {
        order_name: o.name.clone(),
        return_id: r.id,
        return_name: r.name,
        approve,
        reason,
        note,
    };
    let change =
        TicketChange { comment: Some(NewComment { body: action.note(), public: false }), ..Default::default() };
    m.mode =
        Mode::Confirm(Confirm { question, label: action.label(), changes: vec![(ticket, change)], shop: Some(action) });
    m.notice = None;
    vec![]
}
