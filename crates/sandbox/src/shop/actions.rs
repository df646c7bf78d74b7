//! What an agent can do to an order — cancel it, refund some or all of it — as rules on the
//! order itself, with Shopify's refusals in words. The GraphQL layer reads the input, calls
//! these and saves the order; nothing here touches the database.

use super::orders::{Order, Refund, Transaction};

/// A refusal, as Shopify's `userErrors` carry it.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub field: Vec<String>,
    pub message: String,
    /// `OrderCancelUserErrorCode` for a cancel; refunds carry none.
    pub code: Option<&'static str>,
}

fn refusal(field: &[&str], message: impl Into<String>, code: Option<&'static str>) -> Refusal {
    Refusal { field: field.iter().map(std::string::ToString::to_string).collect(), message: message.into(), code }
}

/// `"49.90"` → 4990. Shopify's `Money`/`Decimal` inputs are strings of a decimal number.
pub fn cents(amount: &str) -> Option<i64> {
    let amount = amount.trim();
    let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
    if frac.len() > 2 || whole.is_empty() && frac.is_empty() {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    if whole < 0 {
        return None;
    }
    Some(whole * 100 + frac)
}

/// 4990 → `"49.9"`, as Shopify writes a `Decimal` (no trailing zeros, at least one digit).
pub fn decimal(cents: i64) -> String {
    let s = format!("{}.{:02}", cents / 100, (cents % 100).abs());
    let s = s.trim_end_matches('0');
    if s.ends_with('.') { format!("{s}0") } else { s.to_string() }
}

/// Lines and shipping a refund or suggestion asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefundAsk {
    /// (line item id, quantity)
    pub lines: Vec<(i64, i64)>,
    pub full_shipping: bool,
    pub shipping_cents: Option<i64>,
    /// Explicit transactions' total, when the caller said where the money goes.
    pub transactions_cents: Option<i64>,
    /// The payment (a SALE or CAPTURE) those transactions give money back from.
    pub parent: Option<i64>,
    pub note: Option<String>,
}

/// What a refund would move, worked out before it is made (`suggestedRefund`).
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub lines: Vec<(i64, i64)>,
    pub subtotal_cents: i64,
    pub shipping_cents: i64,
    pub amount_cents: i64,
    /// Most that can still go back: paid minus refunded.
    pub maximum_cents: i64,
    /// Shipping not yet refunded.
    pub shipping_maximum_cents: i64,
}

pub fn shipping_refunded(o: &Order) -> i64 {
    o.refunds.iter().map(|r| r.shipping_cents).sum()
}

/// Money already given back from the payment `parent` (refunds pending or done).
pub fn refunded_from(o: &Order, parent: i64) -> i64 {
    o.transactions
        .iter()
        .filter(|t| {
            t.kind == "REFUND" && matches!(t.status.as_str(), "SUCCESS" | "PENDING") && t.parent_id == Some(parent)
        })
        .map(|t| t.cents)
        .sum()
}

pub fn refundable_cents(o: &Order) -> i64 {
    (o.paid_cents() - o.refunded_cents()).max(0)
}

/// The amounts of a refund of `ask` (quantities cut to what is refundable, as Shopify's
/// suggestion does).
pub fn suggest(o: &Order, ask: &RefundAsk, full: bool) -> Suggestion {
    let lines: Vec<(i64, i64)> = if full {
        o.lines.iter().map(|l| (l.id, l.quantity - l.refunded)).filter(|(_, q)| *q > 0).collect()
    } else {
        ask.lines
            .iter()
            .filter_map(|(id, q)| {
                let l = o.lines.iter().find(|l| l.id == *id)?;
                Some((*id, (*q).min(l.quantity - l.refunded).max(0)))
            })
            .filter(|(_, q)| *q > 0)
            .collect()
    };
    let subtotal: i64 =
        lines.iter().filter_map(|(id, q)| o.lines.iter().find(|l| l.id == *id).map(|l| l.unit_cents * q)).sum();
    let shipping_max = (o.shipping_cents - shipping_refunded(o)).max(0);
    let shipping =
        if full || ask.full_shipping { shipping_max } else { ask.shipping_cents.unwrap_or(0).min(shipping_max) };
    let maximum = refundable_cents(o);
    Suggestion {
        lines,
        subtotal_cents: subtotal,
        shipping_cents: shipping,
        amount_cents: (subtotal + shipping).min(maximum),
        maximum_cents: maximum,
        shipping_maximum_cents: shipping_max,
    }
}

/// Makes the refund `ask` on `o` at `now`: the refund, a REFUND transaction, the lines'
/// refunded counts. Refuses what Shopify refuses.
pub fn refund(o: &mut Order, ask: &RefundAsk, now: i64) -> Result<Refund, Refusal> {
    for (id, q) in &ask.lines {
        let Some(l) = o.lines.iter().find(|l| l.id == *id) else {
            return Err(refusal(
                &["refundLineItems", "lineItemId"],
                format!("Line item {id} is not part of this order."),
                None,
            ));
        };
        if *q <= 0 {
            return Err(refusal(&["refundLineItems", "quantity"], "Quantity must be greater than 0.", None));
        }
        if *q > l.quantity - l.refunded {
            return Err(refusal(
                &["refundLineItems", "quantity"],
                format!(
                    "Quantity cannot refund more items than were purchased ({} left to refund).",
                    l.quantity - l.refunded
                ),
                None,
            ));
        }
    }
    if let Some(s) = ask.shipping_cents
        && s > (o.shipping_cents - shipping_refunded(o)).max(0)
    {
        return Err(refusal(
            &["shipping", "amount"],
            "Shipping refund amount exceeds the shipping left to refund.",
            None,
        ));
    }
    let s = suggest(o, ask, false);
    let amount = ask.transactions_cents.unwrap_or(s.subtotal_cents + s.shipping_cents);
    if let Some(parent) = ask.parent {
        let Some(paid) = o.transactions.iter().find(|t| t.id == parent) else {
            return Err(refusal(&["transactions", "parentId"], "Parent transaction does not exist.", None));
        };
        if !paid.took_money() {
            return Err(refusal(
                &["transactions", "parentId"],
                "Refunds can only be made against a successful sale or capture.",
                None,
            ));
        }
        let left = paid.cents - refunded_from(o, parent);
        if amount > left {
            return Err(refusal(
                &["transactions", "amount"],
                format!(
                    "Refund amount {} exceeds the amount {} left on the transaction.",
                    decimal(amount),
                    decimal(left)
                ),
                None,
            ));
        }
    }
    if amount > s.maximum_cents {
        return Err(refusal(
            &["transactions", "amount"],
            format!("Refund amount {} exceeds the refundable amount {}.", decimal(amount), decimal(s.maximum_cents)),
            None,
        ));
    }
    if amount == 0 && s.lines.is_empty() {
        return Err(refusal(&["refundLineItems"], "Nothing to refund: give line items, shipping or an amount.", None));
    }
    let n = o.refunds.len() as i64;
    // ids unique per type: the seed uses order*10+k, later refunds add multiples of 10^10
    let refund = Refund {
        id: o.id * 10 + 8 + (n + 1) * 10_000_000_000,
        created_at: now,
        note: ask.note.clone(),
        cents: amount,
        lines: s.lines.clone(),
        shipping_cents: s.shipping_cents,
    };
    for (id, q) in &s.lines {
        if let Some(l) = o.lines.iter_mut().find(|l| l.id == *id) {
            l.refunded += q;
        }
    }
    if amount > 0 {
        o.transactions.push(Transaction {
            id: o.id * 10 + 9 + (n + 1) * 10_000_000_000,
            kind: "REFUND".into(),
            status: "SUCCESS".into(),
            gateway: "shopify_payments".into(),
            cents: amount,
            created_at: now,
            error_code: None,
            parent_id: ask.parent.or_else(|| o.transactions.iter().find(|t| t.took_money()).map(|t| t.id)),
            processed_at: Some(now),
        });
    }
    o.refunds.push(refund.clone());
    o.updated_at = now;
    Ok(refund)
}

/// Cancels `o` as `orderCancel` does: refused when already cancelled or shipped; refunds what
/// was paid when asked; restocks the lines when asked.
pub fn cancel(
    o: &mut Order,
    reason: &str,
    refund_money: bool,
    staff_note: Option<String>,
    now: i64,
) -> Result<(), Refusal> {
    if o.cancelled_at.is_some() {
        return Err(refusal(&["orderId"], "Order has already been cancelled.", Some("INVALID")));
    }
    if !o.fulfillments.is_empty() {
        return Err(refusal(
            &["orderId"],
            "Cannot cancel an order that has fulfillments; refund it instead.",
            Some("INVALID"),
        ));
    }
    if staff_note.as_ref().is_some_and(|n| n.chars().count() > 255) {
        return Err(refusal(&["staffNote"], "Staff note is too long (maximum is 255 characters).", Some("INVALID")));
    }
    if refund_money {
        let left = refundable_cents(o);
        if left > 0 {
            let ask = RefundAsk {
                transactions_cents: Some(left),
                full_shipping: true,
                note: Some("Order cancelled".into()),
                ..Default::default()
            };
            let all: Vec<(i64, i64)> =
                o.lines.iter().map(|l| (l.id, l.quantity - l.refunded)).filter(|(_, q)| *q > 0).collect();
            refund(o, &RefundAsk { lines: all, ..ask }, now)?;
        }
    }
    o.cancelled_at = Some(now);
    o.cancel_reason = Some(reason.to_string());
    o.staff_note = staff_note;
    o.updated_at = now;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop::orders::{Address, Fulfillment, LineItem};

    fn order() -> Order {
        let line = |id, unit_cents, quantity| LineItem {
            id,
            title: "Rain jacket".into(),
            variant: None,
            sku: "NW-1".into(),
            quantity,
            refunded: 0,
            unit_cents,
        };
        Order {
            id: 7,
            number: 123456,
            customer_id: 1,
            email: "a@b.c".into(),
            created_at: 0,
            updated_at: 0,
            cancelled_at: None,
            cancel_reason: None,
            staff_note: None,
            shipping_cents: 495,
            lines: vec![line(71, 4990, 1), line(72, 1000, 2)],
            fulfillments: vec![],
            transactions: vec![Transaction {
                id: 75,
                kind: "SALE".into(),
                status: "SUCCESS".into(),
                gateway: "shopify_payments".into(),
                cents: 4990 + 2000 + 495,
                created_at: 0,
                error_code: None,
                parent_id: None,
                processed_at: Some(0),
            }],
            refunds: vec![],
            address: Address {
                name: "A".into(),
                address1: "1 St".into(),
                city: "C".into(),
                zip: "1".into(),
                country: "X".into(),
                country_code: "XX".into(),
                ..Default::default()
            },
            tags: vec![],
            note: None,
            discount_cents: 0,
            returns: vec![],
        }
    }

    #[test]
    fn money_in_and_out() {
        assert_eq!(cents("49.90"), Some(4990));
        assert_eq!(cents("49.9"), Some(4990));
        assert_eq!(cents("5"), Some(500));
        assert_eq!(cents(".5"), Some(50));
        assert_eq!(cents("1.234"), None);
        assert_eq!(cents("-1"), None);
        assert_eq!(cents("x"), None);
        assert_eq!(decimal(4990), "49.9");
        assert_eq!(decimal(500), "5.0");
        assert_eq!(decimal(1234), "12.34");
    }

    #[test]
    fn a_line_refund_moves_its_price_once() {
        let mut o = order();
        let ask = RefundAsk { lines: vec![(71, 1)], ..Default::default() };
        let r = refund(&mut o, &ask, 10).unwrap();
        assert_eq!((r.cents, o.financial_status(), o.lines[0].refunded), (4990, "PARTIALLY_REFUNDED", 1));
        let again = refund(&mut o, &ask, 11).unwrap_err();
        assert!(again.message.contains("more items than were purchased"), "{again:?}");
        assert_ne!(o.refunds[0].id, 78, "a new refund does not take the seed's id");
    }

    #[test]
    fn suggestions_cap_at_what_is_left() {
        let mut o = order();
        let s = suggest(&o, &RefundAsk { lines: vec![(72, 5)], full_shipping: true, ..Default::default() }, false);
        assert_eq!(
            (s.lines.clone(), s.subtotal_cents, s.shipping_cents, s.amount_cents),
            (vec![(72, 2)], 2000, 495, 2495)
        );
        refund(&mut o, &RefundAsk { full_shipping: true, ..Default::default() }, 1).unwrap();
        let s = suggest(&o, &RefundAsk::default(), true);
        assert_eq!((s.shipping_cents, s.amount_cents, s.maximum_cents), (0, 6990, 6990));
        let over = refund(&mut o, &RefundAsk { transactions_cents: Some(9999), ..Default::default() }, 2).unwrap_err();
        assert!(over.message.contains("exceeds the refundable amount 69.9"), "{over:?}");
    }

    #[test]
    fn cancel_refuses_twice_and_shipped_orders() {
        let mut o = order();
        cancel(&mut o, "CUSTOMER", true, Some("asked by chat".into()), 5).unwrap();
        assert_eq!((o.cancelled_at, o.financial_status()), (Some(5), "REFUNDED"));
        assert_eq!(cancel(&mut o, "CUSTOMER", true, None, 6).unwrap_err().message, "Order has already been cancelled.");
        let mut shipped = order();
        shipped.fulfillments.push(Fulfillment {
            id: 77,
            display_status: "IN_TRANSIT".into(),
            company: "DHL".into(),
            number: "1".into(),
            url: "u".into(),
            created_at: 0,
            in_transit_at: None,
            estimated_delivery_at: None,
            delivered_at: None,
            quantity: 3,
        });
        assert!(cancel(&mut shipped, "CUSTOMER", false, None, 5).is_err());
    }

    #[test]
    fn a_duplicate_charge_is_refunded_from_its_own_payment_once() {
        let mut o = order();
        let total = o.total_cents();
        let first = o.transactions[0].clone();
        o.transactions.push(Transaction { id: 76, created_at: 3, ..first.clone() });
        o.transactions.insert(
            0,
            Transaction { id: 74, status: "FAILURE".into(), error_code: Some("CARD_DECLINED".into()), ..first },
        );
        assert_eq!((o.paid_cents(), refundable_cents(&o)), (2 * total, 2 * total), "the failed try took nothing");
        let dup = RefundAsk { transactions_cents: Some(total), parent: Some(76), ..Default::default() };
        refund(&mut o, &dup, 10).unwrap();
        let back = o.transactions.last().unwrap();
        assert_eq!((back.kind.as_str(), back.parent_id, back.cents), ("REFUND", Some(76), total));
        assert_eq!(o.financial_status(), "PARTIALLY_REFUNDED", "the order itself stays paid once");
        let again = refund(&mut o, &RefundAsk { transactions_cents: Some(1), ..dup.clone() }, 11).unwrap_err();
        assert!(again.message.contains("exceeds the amount 0.0 left on the transaction"), "{again:?}");
        let failed = RefundAsk { parent: Some(74), ..dup.clone() };
        assert!(refund(&mut o, &failed, 12).unwrap_err().message.contains("successful sale or capture"));
        let nowhere = RefundAsk { parent: Some(999), ..dup };
        assert_eq!(refund(&mut o, &nowhere, 13).unwrap_err().message, "Parent transaction does not exist.");
    }
}
