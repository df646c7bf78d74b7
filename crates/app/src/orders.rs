//! The customer's orders from the shop, beside the ticket. Loaded lazily, like the
//! conversation, for the requester of the ticket the agent settles on (by e-mail), kept per
//! customer within a bound and in the local store; orders fetched within `FRESH_SECS` are not
//! asked for again, older ones are shown while they are. The order the ticket names is
//! selected and expanded by itself. `O` focuses the list (`j`/`k` move, Enter expands); the
//! selected order fills `{{order.*}}`.

pub mod state;
pub use state::*;

use super::model::{Loadable, Model, Notice, Pane};
use super::msg::{CacheOp, Effect};
use frontline_model::{ShopOrder, Ticket, named_order};

/// The requester's e-mail, lower-cased, from the people the console knows.
pub fn email_of(m: &Model, t: &Ticket) -> Option<String> {
    let r = t.requester?;
    let from_profile = match m.details.customers.get(&r) {
        Some(Loadable::Ready(p)) => p.user.email.clone(),
        _ => None,
    };
    from_profile
        .or_else(|| m.users.get(&r).and_then(|u| u.email.clone()))
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
}

/// The reference most likely to be the order the ticket names: its custom fields and
/// numbers come first in `refs`, then the subject's.
fn named_reference(t: &Ticket) -> Option<String> {
    let subject = frontline_model::text::references(&t.subject);
    t.refs.iter().chain(subject.iter()).find(|r| r.chars().any(|c| c.is_ascii_alphabetic()) || r.len() >= 5).cloned()
}

/// The selected ticket's customer's orders, when the shop is on and the e-mail known.
pub fn of_selected(m: &Model) -> Option<&Loadable<Vec<ShopOrder>>> {
    m.orders.shop.as_ref()?;
    let email = email_of(m, m.selected()?)?;
    m.orders.by_email.get(&email)
}

/// Why the selected customer's orders on screen are not current (a refresh failed).
pub fn stale(m: &Model) -> Option<&str> {
    let email = email_of(m, m.selected()?)?;
    m.orders.stale.get(&email).map(String::as_str)
}

/// The orders of the selected ticket's customer, if loaded.
pub fn list(m: &Model) -> &[ShopOrder] {
    match of_selected(m) {
        Some(Loadable::Ready(o)) => o,
        _ => &[],
    }
}

/// The ticket and the highlighted order a shop action would touch, or why there is none (said
/// in the status line); read-only refuses first. Each action adds its own refusals after.
pub(crate) fn action_target(m: &mut Model) -> Option<(frontline_model::TicketId, ShopOrder)> {
    if super::rules::read_only_refusal(m) {
        return None;
    }
    let why = match (m.orders.shop.as_ref(), m.selected(), selected_order(m)) {
        (None, _, _) => "no shop in this profile: add [profiles.NAME.shop]",
        (_, None, _) => "no ticket selected",
        (_, _, None) => "no order highlighted: O shows the customer's orders",
        (_, Some(t), Some(o)) => return Some((t.id, o.clone())),
    };
    refuse(m, why.into());
    None
}

/// Says in the status line why a shop action is not done.
pub(crate) fn refuse(m: &mut Model, text: String) {
    m.notice = Some(Notice { text, error: true });
}

/// The name of the replacement order made for `t` (the newest of its customer's orders tagged
/// `replacement` and `ticket-N`), for `{{replacement.name}}`.
pub fn replacement_for<'a>(m: &'a Model, t: &Ticket) -> Option<&'a str> {
    let email = email_of(m, t)?;
    match m.orders.by_email.get(&email)? {
        Loadable::Ready(list) => list.iter().find(|o| o.is_replacement_for(t.id.0)).map(|o| o.name.as_str()),
        _ => None,
    }
}

/// The selected ticket's customer as the shop knows them, once their orders are in.
pub fn shop_customer(m: &Model) -> Option<&frontline_model::ShopCustomer> {
    let email = email_of(m, m.selected()?)?;
    m.orders.customers.get(&email)
}

/// The order the selected ticket names, if it is among its customer's orders.
pub fn named(m: &Model) -> Option<&ShopOrder> {
    let t = m.selected()?;
    let subject = t.subject.clone();
    named_order(list(m), &t.refs, &subject)
}

/// The order `{{order.*}}` and the tracking key use: the highlighted one.
pub fn selected_order(m: &Model) -> Option<&ShopOrder> {
    list(m).get(m.orders.selected)
}

/// Asks for the selected ticket's customer's orders if the shop is on and they are neither
/// loaded, loading nor failed.
pub fn wanted(m: &mut Model) -> Vec<Effect> {
    if m.orders.shop.is_none() {
        return vec![];
    }
    let Some(t) = m.selected() else { return vec![] };
    let named = named_reference(t);
    let Some(email) = email_of(m, t) else { return vec![] };
    if !m.orders.should_ask(&email, m.now) {
        return vec![];
    }
    // orders already on screen stay there while fresher ones are fetched
    m.orders.by_email.entry(email.clone()).or_insert(Loadable::Loading);
    m.orders.asking.insert(email.clone());
    vec![Effect::LoadOrders { email, named }]
}

/// True when the selected ticket's orders should be asked for and are not.
pub fn unasked(m: &Model) -> bool {
    m.orders.shop.is_some() && m.selected().and_then(|t| email_of(m, t)).is_some_and(|e| m.orders.should_ask(&e, m.now))
}

/// The shop's answer for `email` (`None`: dropped because the agent moved on).
pub fn loaded(
    m: &mut Model,
    email: String,
    result: Option<Result<Vec<ShopOrder>, frontline_shop::ShopError>>,
) -> Vec<Effect> {
    m.orders.asking.remove(&email);
    let mut fx = Vec::new();
    match result {
        None => {
            // not on screen any more: forget the "loading" so settling here again asks again
            if matches!(m.orders.by_email.get(&email), Some(Loadable::Loading)) {
                m.orders.by_email.remove(&email);
            }
        }
        // a refresh failed: the orders fetched before stay, saying they are not current
        Some(Err(e)) if matches!(m.orders.by_email.get(&email), Some(Loadable::Ready(_))) => {
            m.orders.fetched.insert(email.clone(), m.now);
            m.orders.stale.insert(email, e.to_string());
            m.dirty = true;
        }
        Some(r) => {
            if let Ok(list) = &r {
                m.orders.fetched.insert(email.clone(), m.now);
                m.orders.stale.remove(&email);
                fx.push(Effect::Cache(CacheOp::Orders { email: email.clone(), orders: list.clone() }));
            }
            m.orders
                .by_email
                .insert(email.clone(), r.map_or_else(|e| Loadable::Failed(e.to_string()), Loadable::Ready));
            m.orders.loaded.retain(|e| *e != email);
            m.orders.loaded.push_back(email);
            let current = m.selected().and_then(|t| email_of(m, t));
            while m.orders.loaded.len() > ORDERS_KEPT {
                let Some(old) = m.orders.loaded.pop_front() else { break };
                if Some(&old) == current.as_ref() {
                    m.orders.loaded.push_back(old);
                    break;
                }
                m.orders.by_email.remove(&old);
                m.orders.fetched.remove(&old);
                m.orders.stale.remove(&old);
                m.orders.customers.remove(&old);
            }
            m.dirty = true;
        }
    }
    fx
}

/// After anything: a ticket newly on screen gets its named order highlighted and expanded
/// (or the newest, folded) once its orders are in.
pub fn choose(m: &mut Model) {
    let Some(id) = m.selected().map(|t| t.id) else { return };
    if m.orders.chosen_for == Some(id) || !matches!(of_selected(m), Some(Loadable::Ready(_))) {
        return;
    }
    let named = named(m).map(|o| o.id.clone());
    let index = named.as_ref().and_then(|n| list(m).iter().position(|o| o.id == *n));
    m.orders.selected = index.unwrap_or(0);
    m.orders.expanded = index.is_some();
    m.orders.chosen_for = Some(id);
}

/// `O`: the orders take the keys (in the customer pane).
pub fn focus(m: &mut Model) -> Vec<Effect> {
    let Some(shop) = &m.orders.shop else {
        m.notice = Some(Notice {
            text: "no shop in this profile: add [profiles.NAME.shop] (see config.example.toml)".into(),
            error: true,
        });
        return vec![];
    };
    let shop = shop.clone();
    m.focus = Pane::Customer;
    m.orders.focused = true;
    m.scroll_into_view();
    if list(m).is_empty() {
        let why = match of_selected(m) {
            Some(Loadable::Failed(e)) => format!("orders from {shop} could not be loaded: {e}"),
            Some(Loadable::Loading) => format!("loading orders from {shop}…"),
            _ => "this customer has no orders in the shop".into(),
        };
        m.notice = Some(Notice { text: why, error: matches!(of_selected(m), Some(Loadable::Failed(_))) });
    }
    vec![]
}

/// `j`/`k` in the focused list.
pub fn move_by(m: &mut Model, delta: isize) {
    let n = list(m).len();
    if n > 0 {
        m.orders.selected = (m.orders.selected as isize + delta).clamp(0, n as isize - 1) as usize;
    }
}

/// Enter in the focused list: the highlighted order opens or folds.
pub fn toggle(m: &mut Model) {
    m.orders.expanded = !m.orders.expanded;
}

/// Ctrl-r: the selected customer's orders load again.
pub fn reload(m: &mut Model) {
    if let Some(email) = m.selected().and_then(|t| email_of(m, t)) {
        // a failure goes; orders on screen stay until the fresh ones arrive
        if !matches!(m.orders.by_email.get(&email), Some(Loadable::Ready(_))) {
            m.orders.by_email.remove(&email);
        }
        m.orders.fetched.remove(&email);
        m.orders.chosen_for = None;
    }
}

/// Alt-t in the editor: the highlighted order's tracking line at the cursor.
pub fn insert_tracking(m: &mut Model) -> Vec<Effect> {
    let editing = m.drafting.composer.as_ref().map(|c| c.ticket);
    let why_not = match (m.orders.shop.as_ref(), selected_order(m)) {
        _ if editing != m.selected().map(|t| t.id) => Some("the editor is not on the selected ticket".to_string()),
        (None, _) => Some("no shop in this profile: add [profiles.NAME.shop]".to_string()),
        (_, None) => Some("no order for this customer to take tracking from".to_string()),
        (_, Some(o)) if o.tracking_line().is_none() => Some(format!("{} has not shipped: no tracking yet", o.name)),
        _ => None,
    };
    if let Some(text) = why_not {
        m.notice = Some(Notice { text, error: true });
        return vec![];
    }
    let Some(line) = selected_order(m).and_then(frontline_model::ShopOrder::tracking_line) else { return vec![] };
    if let Some(c) = m.drafting.composer.as_mut() {
        c.editor.insert_str(&line);
        m.drafting.unsaved = true;
    }
    vec![]
}
