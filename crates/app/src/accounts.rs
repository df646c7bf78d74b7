//! "I can't log in": the customer's shop account beside the ticket, and what the console can
//! do about it. `:invite` sends the shop's account invite e-mail to a customer whose account
//! was never activated (through the outbox, with a note on the ticket; a resend first reads
//! the account's state); `:activation-link` asks the shop for a fresh one-time link, shown in
//! the status line and kept for `{{customer.activation_url}}`.

use super::model::{Model, Notice};
use super::msg::Effect;
use super::orders::shop_customer;
use frontline_model::{NewComment, ShopAction, ShopCustomer, TicketChange, TicketId};
use frontline_shop::ShopError;

fn say(m: &mut Model, text: String) -> Vec<Effect> {
    m.notice = Some(Notice { text, error: true });
    vec![]
}

/// The ticket and its customer as the shop knows them, or why there is none.
fn target(m: &mut Model) -> Option<(TicketId, ShopCustomer, String)> {
    if super::rules::read_only_refusal(m) {
        return None;
    }
    let email = m.selected().and_then(|t| super::orders::email_of(m, t));
    let why = match (m.orders.shop.as_ref(), m.selected(), shop_customer(m), email) {
        (None, _, _, _) => "no shop in this profile: add [profiles.NAME.shop]".to_string(),
        (_, None, _, _) => "no ticket selected".to_string(),
        (_, Some(t), None, _) | (_, Some(t), _, None) => {
            format!("the shop knows no customer for #{}'s requester (by e-mail)", t.id.0)
        }
        (_, Some(t), Some(c), Some(email)) => return Some((t.id, c.clone(), email)),
    };
    say(m, why);
    None
}

/// `:invite`: the shop's account invite, after a confirmation.
pub fn invite(m: &mut Model) -> Vec<Effect> {
    let Some((ticket, c, email)) = target(m) else { return vec![] };
    let Some(state) = c.account.clone() else {
        return say(
            m,
            format!(
                "the shop does not say whether {email} has an account (new customer accounts?): send the invite from its admin"
            ),
        );
    };
    if state == "ENABLED" {
        return say(
            m,
            format!(
                "{email}'s account is active already: they reset the password from the shop's login page (Forgot password)"
            ),
        );
    }
    let again = if state == "INVITED" { " again" } else { "" };
    let question = format!(
        "E-mail {email} the shop's account invite{again}? It holds a link that activates the account; a note goes on #{}.",
        ticket.0
    );
    let action = ShopAction::Invite { customer_id: c.id, email, state_before: state };
    let note = TicketChange { comment: Some(NewComment { body: action.note(), public: false }), ..Default::default() };
    m.mode = super::model::Mode::Confirm(super::dialogs::state::Confirm {
        question,
        label: action.label(),
        changes: vec![(ticket, note)],
        shop: Some(action),
    });
    m.notice = None;
    vec![]
}

/// `:activation-link`: the shop is asked for a fresh link (older ones stop working).
pub fn ask_link(m: &mut Model) -> Vec<Effect> {
    let Some((ticket, c, email)) = target(m) else { return vec![] };
    if c.account.as_deref() == Some("ENABLED") {
        return say(m, format!("{email}'s account is active already: no activation link is needed"));
    }
    m.notice = Some(Notice { text: format!("asking the shop for {email}'s activation link…"), error: false });
    vec![Effect::ActivationLink { ticket, customer_id: c.id }]
}

/// The link is in: shown, and kept for `{{customer.activation_url}}`.
pub fn activation_link(m: &mut Model, ticket: TicketId, result: Result<String, ShopError>) -> Vec<Effect> {
    match result {
        Ok(url) => {
            m.notice = Some(Notice {
                text: format!(
                    "activation link (one use; older links stop working): {url} — {{{{customer.activation_url}}}} puts it in a reply"
                ),
                error: false,
            });
            m.orders.activation_links.insert(ticket, url);
            vec![]
        }
        Err(e) => say(m, format!("the shop made no activation link: {e}")),
    }
}
