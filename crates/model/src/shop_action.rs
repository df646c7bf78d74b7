//! What an agent does to an order from the console — refund some or all of it, cancel it —
//! as the outbox keeps it until the shop has done it. Shop-neutral; the shop adapter turns it
//! into its own calls.

use crate::{DiscountAsk, Money, OrderEdit, REPLACEMENT_NAME, RETURN_NAME, ReplacementAsk, ReturnAsk, ShopOrder};
use serde::{Deserialize, Serialize};

/// What a refund covers: lines (shop line id, quantity) and whether the shipping goes back —
/// or one payment given back whole (a duplicate charge), with no lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundAsk {
    pub lines: Vec<(String, i64)>,
    pub shipping: bool,
    /// Money back to this payment, for this amount (entries stored before it have none).
    #[serde(default)]
    pub payment: Option<PaymentBack>,
    /// Whether the lines go back into stock (Shopify's `RETURN` for shipped items, `CANCEL`
    /// for unshipped ones); entries stored before it have no say and send none.
    #[serde(default)]
    pub restock: Option<bool>,
    /// The shop does not e-mail the customer about it.
    #[serde(default)]
    pub quiet: bool,
}

/// A refund to one payment: Shopify's refund transaction with that payment as its parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentBack {
    /// The payment's id (`gid://shopify/OrderTransaction/…`).
    pub parent: String,
    /// Its gateway's machine name, which the refund must name.
    pub gateway: String,
    pub amount: Money,
    /// Why, in the agent's words (`1 of 2 mugs broken`); `None`: a duplicate charge.
    #[serde(default)]
    pub why: Option<String>,
}

impl RefundAsk {
    /// Everything still refundable on `o`, shipping included.
    pub fn whole(o: &ShopOrder) -> RefundAsk {
        RefundAsk {
            lines: o.items.iter().filter(|i| i.refundable > 0).map(|i| (i.id.clone(), i.refundable)).collect(),
            shipping: true,
            payment: None,
            restock: None,
            quiet: false,
        }
    }

    /// A duplicate charge on `o` given back whole, if the order has one.
    pub fn duplicate(o: &ShopOrder) -> Option<RefundAsk> {
        let p = o.duplicate_charge()?;
        // what it has left, and never more than the shop holds beyond the order's cost
        let left = p.amount.cents.saturating_sub(o.refunded_from(p).cents).min(o.overpaid());
        Some(RefundAsk::to_payment(p, Money { cents: left, currency: p.amount.currency }, None))
    }

    /// `amount` back to the payment of `o` that has most left, for `why`; `None` when no
    /// payment has that much left (then at most `refundable` can go back).
    pub fn amount(o: &ShopOrder, amount: Money, why: &str) -> Option<RefundAsk> {
        let left = |p: &&crate::Payment| p.amount.cents.saturating_sub(o.refunded_from(p).cents);
        let p = o.payments.iter().filter(|p| p.took_money()).max_by_key(left).filter(|p| left(p) >= amount.cents)?;
        let why = if why.trim().is_empty() { "an amount agreed with the customer" } else { why.trim() };
        Some(RefundAsk::to_payment(p, amount, Some(why.to_string())))
    }

    /// `amount` back to payment `p`, no items.
    fn to_payment(p: &crate::Payment, amount: Money, why: Option<String>) -> RefundAsk {
        RefundAsk {
            lines: vec![],
            shipping: false,
            payment: Some(PaymentBack {
                parent: p.id.clone(),
                gateway: p.gateway_id.clone().or_else(|| p.gateway.clone()).unwrap_or_default(),
                amount,
                why,
            }),
            restock: None,
            quiet: false,
        }
    }

    /// The most one payment of `o` has left to give back.
    pub fn refundable(o: &ShopOrder) -> Money {
        let cents = o
            .payments
            .iter()
            .filter(|p| p.took_money())
            .map(|p| p.amount.cents.saturating_sub(o.refunded_from(p).cents))
            .max();
        Money { cents: cents.unwrap_or(0).max(0), currency: o.total.currency }
    }

    /// `1 × Rain jacket (M), shipping`, from `o`'s lines.
    pub fn describe(&self, o: &ShopOrder) -> String {
        if let Some(p) = &self.payment {
            return match &p.why {
                Some(why) => why.clone(),
                None if p.amount.cents > 0 => format!("the duplicate charge of {}", p.amount.show()),
                None => "an amount".into(),
            };
        }
        let mut parts: Vec<String> = self
            .lines
            .iter()
            .filter_map(|(id, q)| {
                let i = o.items.iter().find(|i| i.id == *id)?;
                Some(match &i.variant {
                    Some(v) => format!("{q} × {} ({v})", i.title),
                    None => format!("{q} × {}", i.title),
                })
            })
            .collect();
        if self.shipping {
            parts.push("shipping".into());
        }
        parts.join(", ")
    }
}

/// Why an order is cancelled, in Shopify's words (`OrderCancelReason`).
pub const CANCEL_REASONS: &[(&str, &str)] = &[
    ("CUSTOMER", "the customer asked"),
    ("INVENTORY", "out of stock"),
    ("FRAUD", "fraud"),
    ("DECLINED", "payment declined"),
    ("STAFF", "staff error"),
    ("OTHER", "other"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShopAction {
    /// Money back for `ask`, `amount` as the shop worked it out before the agent confirmed.
    Refund { order_id: String, order_name: String, ask: RefundAsk, what: String, amount: Money },
    /// The order cancelled: restocked, paid money refunded, the customer told.
    Cancel { order_id: String, order_name: String, reason: String, restock: bool, refund: bool, notify: bool },
    /// A single-use discount code made for one customer.
    Discount(DiscountAsk),
    /// The items sent again at no cost, as a new order.
    Replace(Box<ReplacementAsk>),
    /// The order's shipping address, note or tags changed before it ships.
    Edit(Box<OrderEdit>),
    /// Items of a shipped order coming back, maybe with another size sent instead.
    Return(Box<ReturnAsk>),
    /// A return the customer asked for, approved or declined (with Shopify's
    /// `ReturnDeclineReason` and a note the customer reads).
    DecideReturn {
        order_name: String,
        return_id: String,
        return_name: String,
        approve: bool,
        reason: Option<String>,
        note: Option<String>,
    },
    /// The shop's account invite e-mailed to a customer whose account is not active.
    Invite {
        customer_id: String,
        email: String,
        /// The account's state when the agent asked (`DISABLED`, `INVITED`).
        state_before: String,
    },
    /// A macro's shop part: each step done once, in order, before the macro's text is sent.
    Steps(Vec<crate::Step>),
}

impl ShopAction {
    pub fn order_name(&self) -> &str {
        match self {
            ShopAction::Refund { order_name, .. } | ShopAction::Cancel { order_name, .. } => order_name,
            ShopAction::Discount(d) => &d.code,
            ShopAction::Replace(r) => &r.order_name,
            ShopAction::Edit(e) => &e.order_name,
            ShopAction::Invite { email, .. } => email,
            ShopAction::Return(r) => &r.order_name,
            ShopAction::DecideReturn { order_name, .. } => order_name,
            ShopAction::Steps(steps) => steps.first().map_or("", |s| s.action.order_name()),
        }
    }

    /// The internal note that records it on the ticket once the shop has done it.
    pub fn note(&self) -> String {
        match self {
            ShopAction::Refund { order_name, what, amount, ask, .. } => {
                let to =
                    if ask.payment.is_some() { "the payment it was taken by" } else { "the original payment method" };
                let mut done = format!("Refunded {} on {order_name} ({what}) to {to}", amount.show());
                if !ask.lines.is_empty() {
                    match ask.restock {
                        Some(true) => done.push_str("; items back in stock"),
                        Some(false) => done.push_str("; items not restocked"),
                        None => {}
                    }
                }
                if ask.quiet {
                    done.push_str("; the customer was not e-mailed");
                }
                format!("{done}.")
            }
            ShopAction::Cancel { order_name, reason, restock, refund, notify, .. } => {
                let why = CANCEL_REASONS.iter().find(|(r, _)| r == reason).map_or(reason.as_str(), |(_, w)| w);
                let mut done = vec![format!("Cancelled {order_name} ({why})")];
                if *restock {
                    done.push("items restocked".into());
                }
                if *refund {
                    done.push("payment refunded".into());
                }
                if *notify {
                    done.push("customer e-mailed".into());
                }
                format!("{}.", done.join("; "))
            }
            ShopAction::Discount(d) => {
                format!("Made discount code {} for {}: {}.", d.code, d.customer, d.describe())
            }
            ShopAction::Replace(r) => format!(
                "Sent replacement order {REPLACEMENT_NAME} for {} ({}): {}, free with free shipping, to {}.",
                r.order_name,
                r.why,
                r.items(),
                r.address.one_line()
            ),
            ShopAction::Edit(e) => e.describe(),
            ShopAction::Invite { email, .. } => {
                format!("Sent the shop's account invite to {email}: the e-mail holds a link to activate the account.")
            }
            ShopAction::Return(r) => format!("Opened return {RETURN_NAME} on {}: {}.", r.order_name, r.describe()),
            ShopAction::DecideReturn { return_name, approve: true, .. } => {
                format!("Approved the customer's return request {return_name}.")
            }
            ShopAction::DecideReturn { return_name, reason, note, .. } => {
                let why = reason.as_deref().map(crate::order::words).unwrap_or_default();
                let said = note.as_deref().map(|n| format!(" Told them: “{n}”")).unwrap_or_default();
                format!("Declined the customer's return request {return_name} ({why}).{said}")
            }
            ShopAction::Steps(steps) => steps.iter().map(|s| s.action.note()).collect::<Vec<_>>().join(" "),
        }
    }

    /// What it will do, for a macro's preview: `refund €49.90 on #NW804813 (1 × Rain jacket (M))`.
    pub fn effect(&self) -> String {
        match self {
            ShopAction::Refund { order_name, amount, what, .. } => {
                format!("refund {} on {order_name} ({what})", amount.show())
            }
            ShopAction::Discount(d) => format!("make code {} for {}: {}", d.code, d.customer, d.describe()),
            ShopAction::Return(r) => format!("open a return on {}: {}", r.order_name, r.describe()),
            ShopAction::Replace(r) => format!(
                "send {} again for {} ({}), free with free shipping, to {}",
                r.items(),
                r.order_name,
                r.why,
                r.address.one_line()
            ),
            ShopAction::Invite { email, .. } => {
                format!("e-mail {email} the shop's account invite (its link activates the account)")
            }
            ShopAction::Steps(steps) => steps.iter().map(|s| s.action.effect()).collect::<Vec<_>>().join("; "),
            other => other.label(),
        }
    }

    /// For the outbox list: `refund €49.90 on #NW804813`.
    pub fn label(&self) -> String {
        match self {
            ShopAction::Refund { order_name, amount, .. } => format!("refund {} on {order_name}", amount.show()),
            ShopAction::Cancel { order_name, .. } => format!("cancel {order_name}"),
            ShopAction::Discount(d) => format!("discount code {}", d.code),
            ShopAction::Replace(r) => format!("replacement for {}", r.order_name),
            ShopAction::Edit(e) => format!("change {}", e.order_name),
            ShopAction::Invite { email, .. } => format!("account invite to {email}"),
            ShopAction::Return(r) => format!("return on {}", r.order_name),
            ShopAction::DecideReturn { return_name, approve, .. } => {
                format!("{} return {return_name}", if *approve { "approve" } else { "decline" })
            }
            ShopAction::Steps(steps) => steps.iter().map(|s| s.action.label()).collect::<Vec<_>>().join(" + "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::order;

    #[test]
    fn refunds_and_cancels_in_words() {
        let o = order("#NW804813");
        let ask = RefundAsk::whole(&o);
        assert_eq!(ask.lines, vec![("gid://shopify/LineItem/1".to_string(), 1)]);
        assert_eq!(ask.describe(&o), "1 × Rain jacket (M), shipping");
        let r = ShopAction::Refund {
            order_id: o.id.clone(),
            order_name: o.name.clone(),
            what: "1 × Rain jacket (M)".into(),
            ask,
            amount: Money::new(4990, "EUR"),
        };
        assert_eq!(r.note(), "Refunded €49.90 on #NW804813 (1 × Rain jacket (M)) to the original payment method.");
        assert_eq!(r.label(), "refund €49.90 on #NW804813");
        let c = ShopAction::Cancel {
            order_id: o.id,
            order_name: o.name,
            reason: "CUSTOMER".into(),
            restock: true,
            refund: true,
            notify: false,
        };
        assert_eq!(c.note(), "Cancelled #NW804813 (the customer asked); items restocked; payment refunded.");
    }
}
