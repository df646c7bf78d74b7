//! A free replacement for a parcel that arrived broken or never came: `P` on the highlighted
//! order picks the items (every item, or one line) and why, the shop is asked for what the
//! pane does not show (the address, each line's variant), and a confirmation shows exactly
//! what the new order will be — items, 100 % off, free shipping, to which address. It goes
//! through the outbox like every write (undo window, offline queue, exactly once: the draft
//! is tagged with the entry, so a resend finds it instead of making another) with a note on
//! the ticket naming the new order; `{{replacement.name}}` fills replies once the shop has it.

use super::dialogs::state::{PickValue, Picker};
use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use super::orders::state::{DetailsFor, ReplacePlan};
use frontline_model::{
    NewComment, OrderDetails, ReplaceLine, ReplacementAsk, ShopAction, ShopOrder, TicketChange, TicketId,
};
use frontline_shop::ShopError;

/// Why a parcel is sent again, as the note and the shop's note say it.
pub const WHY: &[&str] = &["arrived damaged", "lost in transit", "wrong item sent", "item missing from the parcel"];

fn say(m: &mut Model, text: String) -> Vec<Effect> {
    super::orders::refuse(m, text);
    vec![]
}

/// The ticket and the order a replacement would be for, or why there is none.
fn target(m: &mut Model) -> Option<(TicketId, ShopOrder)> {
    let (ticket, o) = super::orders::action_target(m)?;
    let why = match () {
        () if o.cancelled_at.is_some() => format!("{} is cancelled: there is nothing to replace", o.name),
        () if o.shipments.is_empty() => {
            format!("{} has not shipped yet: nothing to replace (cancel it with C, or wait for it)", o.name)
        }
        () if o.customer_id.is_none() => {
            format!("the shop knows no customer for {}: a replacement is made for the order's customer", o.name)
        }
        () if o.items.iter().all(|i| i.quantity < 1) => format!("{} has no items to send again", o.name),
        () => return Some((ticket, o)),
    };
    say(m, why);
    None
}

/// `P`: which items to send again — every item, or one line — then why.
pub fn items_picker(m: &mut Model) -> Vec<Effect> {
    let Some((ticket, o)) = target(m) else { return vec![] };
    let every: Vec<(String, i64)> =
        o.items.iter().filter(|i| i.quantity > 0).map(|i| (i.id.clone(), i.quantity)).collect();
    if every.len() == 1 {
        return why_picker_for(m, ticket, &o, every);
    }
    let mut items = vec![(format!("every item: {}", o.items_line()), PickValue::ReplaceItems(every))];
    items.extend(o.items.iter().filter(|i| i.quantity > 0).map(|i| {
        let what = match &i.variant {
            Some(v) => format!("{} × {} ({v})", i.quantity, i.title),
            None => format!("{} × {}", i.quantity, i.title),
        };
        (what, PickValue::ReplaceItems(vec![(i.id.clone(), i.quantity)]))
    }));
    m.mode = Mode::Pick(Picker::new(&format!("Send again from {}", o.name), items, vec![ticket]));
    vec![]
}

/// The items chosen: why they are sent again.
pub fn why_picker(m: &mut Model, lines: Vec<(String, i64)>) -> Vec<Effect> {
    let Some((ticket, o)) = target(m) else { return vec![] };
    why_picker_for(m, ticket, &o, lines)
}

fn why_picker_for(m: &mut Model, ticket: TicketId, o: &ShopOrder, lines: Vec<(String, i64)>) -> Vec<Effect> {
    let items = WHY.iter().map(|w| ((*w).to_string(), PickValue::Replace(lines.clone(), w))).collect();
    m.mode = Mode::Pick(Picker::new(&format!("Replacement for {} because", o.name), items, vec![ticket]));
    vec![]
}

/// Items and reason chosen: the shop is asked for the address and the variants.
pub fn ask_details(m: &mut Model, lines: Vec<(String, i64)>, why: &'static str) -> Vec<Effect> {
    let Some((ticket, o)) = target(m) else { return vec![] };
    m.notice = Some(Notice { text: format!("asking the shop where {} went…", o.name), error: false });
    vec![Effect::OrderDetails(DetailsFor::Replace(ReplacePlan {
        ticket,
        order: Box::new(o),
        lines,
        why: why.to_string(),
    }))]
}

/// Why a replacement cannot be made, in words that say what to do instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CannotReplace {
    #[error("the shop has no shipping address on {order}: make the replacement in its admin")]
    NoAddress { order: String },
    #[error(
        "{title} on {order} is not a product the shop can order again (a custom line or a deleted product): replace the rest, or make it in the shop's admin"
    )]
    NotOrderable { title: String, order: String },
    #[error("none of those items is on {order} any more")]
    NoneLeft { order: String },
    #[error("the shop knows no customer for {order}")]
    NoCustomer { order: String },
}

/// The replacement as it will be made from the order, its details and the plan, or why it
/// cannot be.
pub fn build(plan: &ReplacePlan, details: &OrderDetails) -> Result<ReplacementAsk, CannotReplace> {
    let o = &plan.order;
    let address = details.shipping_address.clone().ok_or_else(|| CannotReplace::NoAddress { order: o.name.clone() })?;
    // "every item" means every line the shop has, beyond the three the pane lists
    let every = o.items.iter().filter(|i| i.quantity > 0).count() == plan.lines.len();
    let wanted: Vec<(String, i64)> = if every && details.items.len() > plan.lines.len() {
        details.items.iter().filter(|(_, _, _, q)| *q > 0).map(|(id, _, _, q)| (id.clone(), *q)).collect()
    } else {
        plan.lines.clone()
    };
    let mut lines = Vec::new();
    for (id, quantity) in &wanted {
        let from_shop = details.items.iter().find(|(i, ..)| i == id);
        let Some((title, size)) = o
            .items
            .iter()
            .find(|i| &i.id == id)
            .map(|i| (i.title.clone(), i.variant.clone()))
            .or_else(|| from_shop.map(|(_, t, v, _)| (t.clone(), v.clone())))
        else {
            continue;
        };
        let variant = details.variants.iter().find(|(line, _)| line == id).and_then(|(_, v)| v.clone());
        let Some(variant_id) = variant else {
            return Err(CannotReplace::NotOrderable { title, order: o.name.clone() });
        };
        lines.push(ReplaceLine { variant_id, title, variant: size, quantity: *quantity });
    }
    if lines.is_empty() {
        return Err(CannotReplace::NoneLeft { order: o.name.clone() });
    }
    Ok(ReplacementAsk {
        order_id: o.id.clone(),
        order_name: o.name.clone(),
        customer_id: o.customer_id.clone().ok_or_else(|| CannotReplace::NoCustomer { order: o.name.clone() })?,
        email: details.email.clone(),
        lines,
        address,
        why: plan.why.clone(),
        ticket: plan.ticket.0,
        currency: o.total.code().to_string(),
        draft_id: None,
    })
}

/// The shop's details are in: the confirmation shows exactly what the new order will be.
pub fn confirm(m: &mut Model, plan: ReplacePlan, result: Result<OrderDetails, ShopError>) -> Vec<Effect> {
    let details = match result {
        Ok(d) => d,
        Err(e) => return say(m, format!("the shop could not read {}: {e}", plan.order.name)),
    };
    let ask = match build(&plan, &details) {
        Ok(a) => a,
        Err(why) => return say(m, why.to_string()),
    };
    let question = format!(
        "Send {} again for {} ({}), free with free shipping, to {}? The shop makes a new order tagged replacement; a note naming it goes on #{}, and {{{{replacement.name}}}} fills replies.",
        ask.items(),
        ask.order_name,
        ask.why,
        ask.address.one_line(),
        plan.ticket.0
    );
    let action = ShopAction::Replace(Box::new(ask));
    let note = TicketChange { comment: Some(NewComment { body: action.note(), public: false }), ..Default::default() };
    m.mode = Mode::Confirm(super::dialogs::state::Confirm {
        question,
        label: action.label(),
        changes: vec![(plan.ticket, note)],
        shop: Some(action),
    });
    m.notice = None;
    vec![]
}
