//! `frontline orders <email|#NW…>`: a customer's orders from the profile's shop (newest
//! first), or one order by its name — as a table, or JSON lines with --json.

use super::{Exit, Failure, Outcome, emit, json};
use frontline_model::{ShopOrder, shop_words};
use frontline_shop::{Shop, ShopError};
use serde_json::{Value, json as j};

impl From<ShopError> for Failure {
    fn from(e: ShopError) -> Failure {
        let exit = match &e {
            ShopError::Auth { .. } | ShopError::AccessDenied { .. } => Exit::Auth,
            ShopError::Config(_) => Exit::Usage,
            _ => Exit::Helpdesk,
        };
        Failure { exit, message: e.to_string() }
    }
}

/// `{"amount": "49.90", "currency": "EUR"}`.
fn money(m: &frontline_model::Money) -> Value {
    j!({"amount": format!("{}{}.{:02}", if m.cents < 0 { "-" } else { "" }, m.cents.abs() / 100, m.cents.abs() % 100), "currency": m.code()})
}

/// An order as the scripts print it in JSON (stable field names).
pub fn order_json(o: &ShopOrder) -> Value {
    let s = o.shipment();
    let payments: Vec<Value> = o
        .payments
        .iter()
        .map(|p| {
            j!({
                "id": p.id, "kind": p.kind, "status": p.status, "amount": money(&p.amount), "gateway": p.gateway,
                "created_at": json::time(p.created_at), "processed_at": p.processed_at.map(json::time),
                "error": p.error, "parent": p.parent,
            })
        })
        .collect();
    j!({
        "id": o.id,
        "name": o.name,
        "created_at": json::time(o.created_at),
        "cancelled_at": o.cancelled_at.map(json::time),
        "financial_status": o.financial_status,
        "fulfillment_status": o.fulfillment_status,
        "status": o.status(),
        "total": money(&o.total),
        "placed_total": money(&o.placed()),
        "refunded": money(&o.refunded),
        "items": o.items.iter().map(|i| j!({"id": i.id, "title": i.title, "variant": i.variant, "quantity": i.quantity, "refundable": i.refundable})).collect::<Vec<_>>(),
        "carrier": s.and_then(|s| s.carrier.clone()),
        "tracking_number": s.and_then(|s| s.tracking_number.clone()),
        "tracking_url": s.and_then(|s| s.tracking_url.clone()),
        "estimated_delivery": s.and_then(|s| s.estimated_delivery).map(json::time),
        "delivered_at": s.and_then(|s| s.delivered_at).map(json::time),
        "payments": payments,
        "returns": o.returns.iter().map(|r| j!({"id": r.id, "name": r.name, "status": r.status, "quantity": r.quantity, "exchanges": r.exchanges})).collect::<Vec<_>>(),
        "tags": o.tags,
    })
}

pub async fn orders(shop: Option<&dyn Shop>, profile: &str, who: &str, as_json: bool) -> Outcome {
    let shop = shop.ok_or_else(|| {
        Failure::usage(format!(
            "profile `{profile}` has no shop: add [profiles.{profile}.shop] with url and token_env (see config.example.toml)"
        ))
    })?;
    let who = who.trim();
    let list = if who.contains('@') {
        shop.orders(who, None).await?
    } else if who.trim_start_matches('#').chars().any(|c| c.is_ascii_digit()) {
        let found = shop.order_named(who).await?;
        found.into_iter().collect()
    } else {
        return Err(Failure::usage(format!("`{who}` is neither an e-mail nor an order number like #NW804813")));
    };
    if list.is_empty() && !who.contains('@') {
        return Err(Failure { exit: Exit::Helpdesk, message: format!("order {who} not found in {}", shop.describe()) });
    }
    for o in &list {
        if as_json {
            emit(order_json(o))?;
            continue;
        }
        let day = json::time(o.created_at);
        let day = day.as_str().unwrap_or("").get(..10).unwrap_or("").to_string();
        emit(format_args!(
            "{:<10} {day}  {:>10}  {:<18} {}",
            o.name,
            o.placed().show(),
            shop_words(&o.financial_status),
            o.status()
        ))?;
        emit(format_args!("           {}", o.items_line()))?;
        if let Some(t) = o.tracking_line() {
            emit(format_args!("           {t}"))?;
        }
    }
    if list.is_empty() {
        eprintln!("frontline: no orders for {who} in {}", shop.describe());
    }
    Ok(())
}
