//! Changing the highlighted order before it ships: `E` (or `:address`) asks the shop for the
//! order's shipping address and opens it as a form, each field checked on save (a postcode in
//! its country's shape, a two-letter country, an international phone) with the field at
//! fault focused; a confirmation shows the address before and after. `:order-note TEXT` and
//! `:order-tags +vip -gift` change the order's note and tags (shipped or not). Each goes
//! through the outbox like every write, with a note on the ticket saying what changed; a
//! resend first reads the order and sends nothing when it already holds the change.

use super::dialogs::state::{Confirm, Form, FormFor};
use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use super::orders::state::DetailsFor;
use frontline_model::{
    ADDRESS_FIELDS, Address, NewComment, OrderDetails, OrderEdit, ShopAction, ShopOrder, TicketChange, TicketId,
    address_field, address_from, edit_tags,
};
use frontline_shop::ShopError;

fn say(m: &mut Model, text: String) -> Vec<Effect> {
    super::orders::refuse(m, text);
    vec![]
}

/// The ticket and the order an edit would change, or why there is none.
fn target(m: &mut Model) -> Option<(TicketId, ShopOrder)> {
    let (ticket, o) = super::orders::action_target(m)?;
    if o.cancelled_at.is_some() {
        say(m, format!("{} is cancelled: nothing to change", o.name));
        return None;
    }
    Some((ticket, o))
}

/// `E` / `:address`: the shop is asked for the order's address, which opens as a form.
pub fn address(m: &mut Model) -> Vec<Effect> {
    let Some((ticket, o)) = target(m) else { return vec![] };
    if !o.shipments.is_empty() || matches!(o.fulfillment_status.as_str(), "FULFILLED" | "PARTIALLY_FULFILLED") {
        let track = o.tracking_line().map(|t| format!(" ({t})")).unwrap_or_default();
        return say(
            m,
            format!(
                "{} has shipped: its address can no longer change here — the carrier may redirect the parcel{track}",
                o.name
            ),
        );
    }
    m.notice = Some(Notice { text: format!("asking the shop where {} goes…", o.name), error: false });
    vec![Effect::OrderDetails(DetailsFor::Address { ticket, order: Box::new(o) })]
}

/// The shop's address is in: the form opens with it.
pub fn form(m: &mut Model, ticket: TicketId, order: ShopOrder, result: Result<OrderDetails, ShopError>) -> Vec<Effect> {
    let before = match result {
        Ok(d) => d.shipping_address.unwrap_or_default(),
        Err(e) => return say(m, format!("the shop could not read {}: {e}", order.name)),
    };
    let fields = ADDRESS_FIELDS.iter().map(|(k, label)| (*k, *label, address_field(&before, k))).collect();
    m.mode = Mode::Form(Box::new(Form {
        title: format!("Shipping address of {}", order.name),
        fields,
        focus: 0,
        error: None,
        purpose: FormFor::Address { ticket, order: Box::new(order), before },
    }));
    m.notice = None;
    vec![]
}

/// Save pressed: the fields are checked; a field at fault takes the focus with why, else the
/// confirmation shows the address before and after.
pub fn submitted(m: &mut Model, mut f: Box<Form>) -> Vec<Effect> {
    let values: Vec<(&str, String)> = f.fields.iter().map(|(k, _, v)| (*k, v.clone())).collect();
    let FormFor::Address { ticket, order, before } = f.purpose.clone();
    let after = match address_from(&values) {
        Ok(a) => a,
        Err((key, why)) => {
            f.focus = f.fields.iter().position(|(k, _, _)| *k == key).unwrap_or(0);
            f.error = Some(why);
            m.mode = Mode::Form(f);
            return vec![];
        }
    };
    if after == before {
        m.mode = Mode::Normal;
        m.notice = Some(Notice { text: format!("{}'s address is unchanged: nothing sent", order.name), error: false });
        return vec![];
    }
    let edit = OrderEdit {
        order_id: order.id.clone(),
        order_name: order.name.clone(),
        address: Some((before.clone(), after.clone())),
        note: None,
        tags: None,
    };
    let question = format!(
        "Ship {} to {} instead of {}? The shop keeps only the new address; a note goes on #{}.",
        order.name,
        after.one_line(),
        if before == Address::default() { "no address".to_string() } else { before.one_line() },
        ticket.0
    );
    confirm(m, ticket, edit, question)
}

/// `:order-note TEXT`: the highlighted order's note (for the shop's staff) becomes TEXT.
pub fn note(m: &mut Model, arg: &str) -> Vec<Effect> {
    let Some((ticket, o)) = target(m) else { return vec![] };
    let text = frontline_model::text::sanitize_line(arg.trim());
    if text.chars().count() > 5000 {
        return say(m, ":order-note is longer than 5000 characters".into());
    }
    let question = if text.is_empty() {
        format!("Clear {}'s order note? A note goes on #{}.", o.name, ticket.0)
    } else {
        format!("Set {}'s order note to “{text}” (it replaces the note it has)? A note goes on #{}.", o.name, ticket.0)
    };
    let edit =
        OrderEdit { order_id: o.id.clone(), order_name: o.name.clone(), address: None, note: Some(text), tags: None };
    confirm(m, ticket, edit, question)
}

/// `:order-tags +vip -gift`: tags added to and taken from the highlighted order.
pub fn tags(m: &mut Model, arg: &str) -> Vec<Effect> {
    let Some((ticket, o)) = target(m) else { return vec![] };
    if arg.trim().is_empty() {
        return say(m, ":order-tags needs tags to add or remove, like :order-tags +vip -gift".into());
    }
    let after = match edit_tags(&o.tags, arg) {
        Ok(t) => t,
        Err(not_a_tag) => return say(m, format!(":order-tags: {not_a_tag}")),
    };
    if after == o.tags {
        return say(m, format!("{} has those tags already: nothing to send", o.name));
    }
    let edit = OrderEdit {
        order_id: o.id.clone(),
        order_name: o.name.clone(),
        address: None,
        note: None,
        tags: Some((o.tags.clone(), after.clone())),
    };
    let added: Vec<&str> = after.iter().filter(|t| !o.tags.contains(t)).map(String::as_str).collect();
    let removed: Vec<&str> = o.tags.iter().filter(|t| !after.contains(t)).map(String::as_str).collect();
    let mut what = Vec::new();
    if !added.is_empty() {
        what.push(format!("add {}", added.join(", ")));
    }
    if !removed.is_empty() {
        what.push(format!("remove {}", removed.join(", ")));
    }
    let question = format!(
        "Tags on {}: {}? Tags others add meanwhile are kept; a note goes on #{}.",
        o.name,
        what.join("; "),
        ticket.0
    );
    confirm(m, ticket, edit, question)
}

fn confirm(m: &mut Model, ticket: TicketId, edit: OrderEdit, question: String) -> Vec<Effect> {
    let action = ShopAction::Edit(Box::new(edit));
    let note = TicketChange { comment: Some(NewComment { body: action.note(), public: false }), ..Default::default() };
    m.mode =
        Mode::Confirm(Confirm { question, label: action.label(), changes: vec![(ticket, note)], shop: Some(action) });
    m.notice = None;
    vec![]
}
