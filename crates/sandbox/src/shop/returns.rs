//! Returns, as Shopify's Returns API keeps them on an order: a return of fulfilled items
//! (`returnCreate`, OPEN at once) or a customer's request (`returnRequest`, REQUESTED) that
//! staff approve (OPEN) or decline (DECLINED), optionally with exchange items (another variant
//! sent instead). What can be returned is what was fulfilled less what returns not declined
//! already cover. The INVALID_STATE texts are Shopify's own (its docs); the rest, which Shopify
//! does not publish, are the sandbox's words with Shopify's `ReturnErrorCode`s.

use super::actions::Refusal;
use super::orders::Order;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnLine {
    pub id: i64,
    pub fulfillment_line_item_id: i64,
    pub line_item_id: i64,
    pub quantity: i64,
    /// `ReturnReason`: SIZE_TOO_SMALL, DEFECTIVE, …
    pub reason: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeLine {
    pub id: i64,
    pub variant_id: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Return {
    pub id: i64,
    /// `#NW123456-R1` is number 1.
    pub number: i64,
    /// `ReturnStatus`: REQUESTED, OPEN, CLOSED, DECLINED, CANCELED.
    pub status: String,
    pub created_at: i64,
    pub approved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub lines: Vec<ReturnLine>,
    pub exchanges: Vec<ExchangeLine>,
    /// `ReturnDeclineReason` and the note sent to the customer.
    pub decline: Option<(String, Option<String>)>,
}

impl Return {
    pub fn name(&self, o: &Order) -> String {
        format!("{}-R{}", o.name(), self.number)
    }
    pub fn total_quantity(&self) -> i64 {
        self.lines.iter().map(|l| l.quantity).sum()
    }
    fn counts(&self) -> bool {
        !matches!(self.status.as_str(), "DECLINED" | "CANCELED")
    }
}

/// One fulfilled line: (fulfillment line item id, fulfillment id, line item id, quantity).
pub fn fulfillment_lines(o: &Order) -> Vec<(i64, i64, i64, i64)> {
    // every seeded fulfilment ships every line of its order
    o.fulfillments
        .iter()
        .flat_map(|f| o.lines.iter().zip(1..).map(move |(l, i)| (f.id * 10 + i, f.id, l.id, l.quantity)))
        .collect()
}

/// The order a fulfillment line item id belongs to (ids are made from the order's).
pub fn order_of_fulfillment_line(fli: i64) -> i64 {
    // fulfilment id = order id * 10 + 7, line = fulfilment id * 10 + n
    fli / 100
}

/// The order a return id belongs to.
pub fn order_of_return(id: i64) -> i64 {
    id / 10
}

/// What can still be returned of each fulfilled line: (fulfillment line item, fulfillment,
/// line item, quantity left).
pub fn returnable(o: &Order) -> Vec<(i64, i64, i64, i64)> {
    fulfillment_lines(o)
        .into_iter()
        .map(|(fli, f, line, qty)| {
            let taken: i64 = o
                .returns
                .iter()
                .filter(|r| r.counts())
                .flat_map(|r| &r.lines)
                .filter(|l| l.fulfillment_line_item_id == fli)
                .map(|l| l.quantity)
                .sum();
            let refunded = o.lines.iter().find(|l| l.id == line).map_or(0, |l| l.refunded);
            (fli, f, line, (qty - taken - refunded).max(0))
        })
        .collect()
}

/// A return asked for: (fulfillment line item, quantity, reason, note) and exchange
/// (variant, quantity) lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReturnAsk {
    pub lines: Vec<(i64, i64, String, String)>,
    pub exchanges: Vec<(i64, i64)>,
}

fn refused(field: Vec<String>, message: impl Into<String>, code: &'static str) -> Refusal {
    Refusal { field, message: message.into(), code: Some(code) }
}

/// Makes a return of `ask` on `o` in `status` (OPEN for `returnCreate`, REQUESTED for
/// `returnRequest`), or says what is wrong; `input` names the input argument for the fields.
pub fn create(o: &mut Order, ask: &ReturnAsk, status: &str, input: &str, now: i64) -> Result<Return, Refusal> {
    let field = |i: usize, f: &str| vec![input.to_string(), "returnLineItems".into(), i.to_string(), f.to_string()];
    if ask.lines.is_empty() {
        return Err(refused(vec![input.into(), "returnLineItems".into()], "Return line items can't be blank", "BLANK"));
    }
    let left = returnable(o);
    let mut lines = Vec::new();
    for (i, (fli, qty, reason, note)) in ask.lines.iter().enumerate() {
        let Some((_, _, line, have)) = left.iter().find(|(id, ..)| id == fli) else {
            return Err(refused(
                field(i, "fulfillmentLineItemId"),
                "Fulfillment line item does not exist",
                "NOT_FOUND",
            ));
        };
        if *qty < 1 {
            return Err(refused(field(i, "quantity"), "Quantity must be greater than 0", "GREATER_THAN"));
        }
        let asked: i64 = ask.lines.iter().filter(|(f, ..)| f == fli).map(|(_, q, ..)| q).sum();
        if asked > *have {
            return Err(refused(
                field(i, "quantity"),
                format!("Quantity {asked} is more than the {have} that can be returned"),
                "LESS_THAN_OR_EQUAL_TO",
            ));
        }
        if note.chars().count() > 255 {
            return Err(refused(
                field(i, "returnReasonNote"),
                "Return reason note is too long (maximum is 255 characters)",
                "TOO_LONG",
            ));
        }
        lines.push((*fli, *line, *qty, reason.clone(), note.clone()));
    }
    for (i, (variant, qty)) in ask.exchanges.iter().enumerate() {
        let at = vec![input.to_string(), "exchangeLineItems".into(), i.to_string()];
        if super::products::variant(*variant).is_none() {
            let mut f = at.clone();
            f.push("variantId".into());
            return Err(refused(f, "Product variant does not exist", "NOT_FOUND"));
        }
        if *qty < 1 {
            let mut f = at;
            f.push("quantity".into());
            return Err(refused(f, "Quantity must be greater than 0", "GREATER_THAN"));
        }
    }
    let number = o.returns.len() as i64 + 1;
    let id = o.id * 10 + number;
    let r = Return {
        id,
        number,
        status: status.to_string(),
        created_at: now,
        approved_at: (status == "OPEN").then_some(now),
        closed_at: None,
        lines: lines
            .into_iter()
            .zip(1..)
            .map(|((fli, line, quantity, reason, note), i)| ReturnLine {
                id: id * 100 + i,
                fulfillment_line_item_id: fli,
                line_item_id: line,
                quantity,
                reason,
                note,
            })
            .collect(),
        exchanges: ask
            .exchanges
            .iter()
            .zip(51..)
            .map(|((variant_id, quantity), i)| ExchangeLine {
                id: id * 100 + i,
                variant_id: *variant_id,
                quantity: *quantity,
            })
            .collect(),
        decline: None,
    };
    o.returns.push(r.clone());
    o.updated_at = now;
    Ok(r)
}

fn requested<'a>(o: &'a mut Order, id: i64, what: &str) -> Result<&'a mut Return, Refusal> {
    let field = vec!["input".into(), "id".into()];
    let r = o
        .returns
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| refused(field.clone(), "Return does not exist", "NOT_FOUND"))?;
    if r.status != "REQUESTED" {
        let message = match what {
            "approve" => "Return is not approvable. Only returns with status REQUESTED can be approved.",
            _ => "Return is not declinable. Only non-refunded returns with status REQUESTED can be declined.",
        };
        return Err(refused(field, message, "INVALID_STATE"));
    }
    Ok(r)
}

/// A customer's request approved: the return is OPEN.
pub fn approve(o: &mut Order, id: i64, now: i64) -> Result<Return, Refusal> {
    let r = requested(o, id, "approve")?;
    r.status = "OPEN".into();
    r.approved_at = Some(now);
    let done = r.clone();
    o.updated_at = now;
    Ok(done)
}

/// A customer's request declined, with Shopify's `ReturnDeclineReason` and a note for them.
pub fn decline(o: &mut Order, id: i64, reason: &str, note: Option<String>, now: i64) -> Result<Return, Refusal> {
    if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(refused(
            vec!["input".into(), "declineNote".into()],
            "Decline note is too long (maximum is 500 characters)",
            "TOO_LONG",
        ));
    }
    let r = requested(o, id, "decline")?;
    r.status = "DECLINED".into();
    r.decline = Some((reason.to_string(), note));
    r.closed_at = Some(now);
    let done = r.clone();
    o.updated_at = now;
    Ok(done)
}

/// Shopify's `OrderReturnStatus` for the order's returns.
pub fn order_status(o: &Order) -> &'static str {
    let has = |s: &str| o.returns.iter().any(|r| r.status == s);
    match () {
        () if has("REQUESTED") => "RETURN_REQUESTED",
        () if has("OPEN") => "IN_PROGRESS",
        () if has("CLOSED") => "RETURNED",
        () => "NO_RETURN",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop::orders::{Fulfillment, LineItem};

    fn delivered() -> Order {
        let mut o: Order = serde_json::from_value(serde_json::json!({
            "id": 5000000001_i64, "number": 100001, "customer_id": 1, "email": "a@b.c", "created_at": 0, "updated_at": 0,
            "cancelled_at": null, "cancel_reason": null, "shipping_cents": 0, "lines": [], "fulfillments": [],
            "transactions": [], "refunds": [], "address": {"name": "A", "address1": "1", "city": "C", "zip": "1", "country": "X", "country_code": "DE"},
            "tags": [], "note": null
        }))
        .unwrap();
        o.lines.push(LineItem {
            id: o.id * 10 + 1,
            title: "Rain jacket".into(),
            variant: Some("M".into()),
            sku: "x".into(),
            quantity: 2,
            refunded: 0,
            unit_cents: 14900,
        });
        o.fulfillments.push(Fulfillment {
            id: o.id * 10 + 7,
            display_status: "DELIVERED".into(),
            company: "DHL".into(),
            number: "1".into(),
            url: "https://x".into(),
            created_at: 0,
            in_transit_at: None,
            estimated_delivery_at: None,
            delivered_at: Some(1),
            quantity: 2,
        });
        o
    }

    #[test]
    fn what_was_fulfilled_can_be_returned_once_and_a_request_is_approved_or_declined() {
        let mut o = delivered();
        let (fli, _, line, left) = returnable(&o)[0];
        assert_eq!((order_of_fulfillment_line(fli), line, left), (o.id, o.id * 10 + 1, 2));
        let large = crate::shop::products::variant_for("Rain jacket", Some("L")).unwrap().id;
        let ask = ReturnAsk {
            lines: vec![(fli, 1, "SIZE_TOO_SMALL".into(), "too tight".into())],
            exchanges: vec![(large, 1)],
        };
        let r = create(&mut o, &ask, "OPEN", "returnInput", 10).unwrap();
        assert_eq!((r.name(&o), r.status.as_str(), order_of_return(r.id)), ("#NW100001-R1".to_string(), "OPEN", o.id));
        assert_eq!(returnable(&o)[0].3, 1);
        assert_eq!(order_status(&o), "IN_PROGRESS");
        let too_many = ReturnAsk { lines: vec![(fli, 2, "OTHER".into(), String::new())], exchanges: vec![] };
        assert_eq!(
            create(&mut o, &too_many, "OPEN", "returnInput", 11).unwrap_err().code,
            Some("LESS_THAN_OR_EQUAL_TO")
        );
        let req = create(
            &mut o,
            &ReturnAsk { lines: vec![(fli, 1, "UNWANTED".into(), String::new())], exchanges: vec![] },
            "REQUESTED",
            "input",
            12,
        )
        .unwrap();
        assert_eq!(order_status(&o), "RETURN_REQUESTED");
        assert_eq!(approve(&mut o, r.id, 13).unwrap_err().code, Some("INVALID_STATE"));
        let declined = decline(&mut o, req.id, "FINAL_SALE", Some("sale item".into()), 14).unwrap();
        assert_eq!(declined.status, "DECLINED");
        assert_eq!(returnable(&o)[0].3, 1, "a declined request frees its items");
        assert!(
            decline(&mut o, req.id, "OTHER", None, 15).unwrap_err().message.starts_with("Return is not declinable.")
        );
        let bad = ReturnAsk { lines: vec![(fli + 99, 1, "OTHER".into(), String::new())], exchanges: vec![] };
        assert_eq!(create(&mut o, &bad, "OPEN", "returnInput", 16).unwrap_err().code, Some("NOT_FOUND"));
    }
}
