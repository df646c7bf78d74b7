//! Discount codes from the ticket: `:code WELCOME15` asks the shop what it knows of a code
//! and says in one line why checkout refuses it (expired, used up, not for this customer, a
//! minimum) or that it works; `:discount 15% 30d` (or `10€`) makes a single-use code for the
//! ticket's customer after a confirmation that shows exactly what it will be — through the
//! outbox, the code chosen before it is sent so a resend can ask whether it exists, with a
//! note on the ticket, and `{{discount.code}}` for the reply once the shop has made it.

use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use super::orders::selected_order;
use frontline_model::{
    DiscountAsk, DiscountFacts, DiscountValue, Money, NewComment, ShopAction, TicketChange, TicketId, Timestamp,
};

const DAY: i64 = 86_400;

fn say(m: &mut Model, text: String, error: bool) -> Vec<Effect> {
    m.notice = Some(Notice { text, error });
    vec![]
}

/// `:code CODE`: the shop is asked about it.
pub fn check(m: &mut Model, code: &str) -> Vec<Effect> {
    let code = code.trim();
    if code.is_empty() || code.contains(char::is_whitespace) {
        return say(m, ":code needs the code the customer typed, like :code WELCOME15".into(), true);
    }
    if m.orders.shop.is_none() {
        return say(m, "no shop in this profile: add [profiles.NAME.shop]".into(), true);
    }
    m.notice = Some(Notice { text: format!("asking the shop about {code}…"), error: false });
    vec![Effect::CheckDiscount { code: code.to_string() }]
}

/// The shop's answer about a code, said for the selected ticket's customer.
pub fn checked(
    m: &mut Model,
    code: &str,
    result: Result<Option<DiscountFacts>, frontline_shop::ShopError>,
) -> Vec<Effect> {
    let customer = selected_order(m).and_then(|o| o.customer_id.clone());
    let text = match result {
        Ok(Some(f)) => return say(m, f.verdict(m.now, customer.as_deref()), false),
        Ok(None) => format!("{code} does not exist in the shop: checkout refuses it as invalid"),
        Err(e) => format!("the shop could not look up {code}: {e}"),
    };
    say(m, text, true)
}

/// `15%`, `15`, `10€`, `€10`, `10.50eur` → what the code takes off (an amount in `currency`,
/// the shop's).
fn value(word: &str, currency: &str) -> Option<DiscountValue> {
    let w = word.trim().to_ascii_lowercase();
    if let Some(p) = w.strip_suffix('%').or((!w.contains(['€', '.']) && !w.ends_with("eur")).then_some(w.as_str())) {
        let p: u32 = p.parse().ok()?;
        return (1..=100).contains(&p).then_some(DiscountValue::Percent(p));
    }
    let amount = w.trim_start_matches('€').trim_end_matches('€').trim_end_matches("eur");
    let m = Money::parse(amount, currency)?;
    (m.cents > 0).then_some(DiscountValue::Amount(m))
}

/// `30d` → the end of the day 30 days from `now`.
fn expiry(word: &str, now: Timestamp) -> Option<Timestamp> {
    let days: i64 = word.strip_suffix('d')?.parse().ok()?;
    (1..=366).contains(&days).then(|| (now / DAY + days + 1) * DAY - 1)
}

/// `:discount 15% [30d]`: a confirmation of the single-use code for the ticket's customer.
pub fn propose(m: &mut Model, arg: &str) -> Vec<Effect> {
    if super::rules::read_only_refusal(m) {
        return vec![];
    }
    let mut words = arg.split_whitespace();
    match ask(m, words.next().unwrap_or(""), words.next()) {
        Ok((ticket, ask)) => confirm(m, ticket, ask),
        Err(why) => say(m, why.to_string(), true),
    }
}

/// Why no code can be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoCode {
    #[error(":discount needs what it takes off and may say for how long: :discount 15% 30d, :discount 10€")]
    Value,
    #[error(
        ":discount needs what it takes off and may say for how long: :discount 15% 30d, :discount 10€ (`{0}` is not a number of days like 30d)"
    )]
    Days(String),
    #[error("no ticket selected")]
    NoTicket,
    #[error("no shop in this profile: add [profiles.NAME.shop]")]
    NoShop,
    #[error("the shop knows no customer for #{0}: a code is made for the customer of one of their orders")]
    NoCustomer(u64),
}

/// The code `value` (`15%`, `10€`) off for `days` (`30d`; a month when `None`) would be, for
/// the selected ticket's customer — or why there is none.
pub(crate) fn ask(m: &Model, value: &str, days: Option<&str>) -> Result<(TicketId, DiscountAsk), NoCode> {
    let currency = selected_order(m).map_or_else(|| "EUR".to_string(), |o| o.total.code().to_string());
    let Some(value) = self::value(value, &currency) else { return Err(NoCode::Value) };
    let ends_at = match days {
        None => Some((m.now / DAY + 31) * DAY - 1),
        Some(w) => Some(expiry(w, m.now).ok_or_else(|| NoCode::Days(w.to_string()))?),
    };
    let Some(t) = m.selected().cloned() else { return Err(NoCode::NoTicket) };
    let found = selected_order(m).and_then(|o| o.customer_id.clone().map(|c| (c, o.name.clone())));
    let Some((customer_id, order)) = found else {
        return Err(if m.orders.shop.is_none() { NoCode::NoShop } else { NoCode::NoCustomer(t.id.0) });
    };
    let email = t.requester.and_then(|r| m.users.get(&r)).and_then(|u| u.email.clone()).unwrap_or(order);
    let ask = DiscountAsk {
        code: DiscountAsk::code_for(t.id.0, m.now),
        title: format!("Frontline: ticket #{} ({})", t.id.0, value.words()),
        value,
        starts_at: m.now,
        ends_at,
        customer_id,
        customer: email,
    };
    Ok((t.id, ask))
}

fn confirm(m: &mut Model, ticket: TicketId, ask: DiscountAsk) -> Vec<Effect> {
    let question = format!(
        "Make code {} for {}: {}? Only they can use it, once. A note goes on #{}; {{{{discount.code}}}} fills replies.",
        ask.code,
        ask.customer,
        ask.describe(),
        ticket.0
    );
    let action = ShopAction::Discount(ask);
    let note = TicketChange { comment: Some(NewComment { body: action.note(), public: false }), ..Default::default() };
    m.mode = Mode::Confirm(super::dialogs::state::Confirm {
        question,
        label: action.label(),
        changes: vec![(ticket, note)],
        shop: Some(action),
    });
    m.notice = None;
    vec![]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_days_as_agents_write_them() {
        assert_eq!(value("15%", "EUR"), Some(DiscountValue::Percent(15)));
        assert_eq!(value("15", "EUR"), Some(DiscountValue::Percent(15)));
        assert_eq!(value("10€", "EUR"), Some(DiscountValue::Amount(Money::new(1000, "EUR"))));
        assert_eq!(value("€7.50", "EUR"), Some(DiscountValue::Amount(Money::new(750, "EUR"))));
        assert_eq!(value("120%", "EUR"), None);
        assert_eq!(value("0", "EUR"), None);
        assert_eq!(value("lots", "EUR"), None);
        let now = 1_800_000_000;
        assert_eq!(expiry("30d", now).map(|e| (e - now) / DAY), Some(30));
        assert_eq!(expiry("30", now), None);
        assert_eq!(expiry("9999d", now), None);
    }
}
