//! `frontline show ID`: one ticket with its conversation and its customer.

use super::{Failure, Outcome, json};
use frontline_backend::Helpdesk;
use frontline_clock::Clock;
use frontline_model::{MessageKind, TicketId, User};
use serde_json::json as j;
use std::collections::HashMap;

/// With the profile's `shop`, the requester's orders too (the one the ticket names first).
pub async fn show(
    backend: &dyn Helpdesk,
    shop: Option<&dyn frontline_shop::Shop>,
    id: u64,
    as_json: bool,
    clock: &dyn Clock,
) -> Outcome {
    let page = backend.ticket(TicketId(id)).await.map_err(|e| match e {
        frontline_backend::BackendError::NotFound { .. } => {
            Failure { exit: super::Exit::Helpdesk, message: format!("ticket #{id} not found") }
        }
        e => e.into(),
    })?;
    let Some(t) = page.tickets.first().cloned() else {
        return Err(Failure { exit: super::Exit::Helpdesk, message: format!("ticket #{id} not found") });
    };
    let conv = backend.conversation(t.id).await?;
    let names = backend.status_names();
    let customer = match t.requester {
        Some(r) => Some(backend.customer(r).await?),
        None => None,
    };
    let groups: HashMap<u64, String> =
        backend.groups().await.unwrap_or_default().into_iter().map(|g| (g.id, g.name)).collect();
    let mut users: HashMap<u64, User> = page.users.into_iter().map(|u| (u.id.0, u)).collect();
    users.extend(conv.users.into_iter().map(|u| (u.id.0, u)));
    if let Some(c) = &customer {
        users.insert(c.user.id.0, c.user.clone());
    }
    let email = customer.as_ref().and_then(|c| c.user.email.clone());
    let orders = match (shop, email) {
        (Some(shop), Some(email)) => {
            let named = t.refs.first().map(String::as_str);
            match shop.orders(&email, named).await {
                Ok(list) => Some(list),
                Err(e) => {
                    eprintln!("frontline: warning: orders not shown: {e}");
                    None
                }
            }
        }
        _ => None,
    };
    let named =
        orders.as_deref().and_then(|l| frontline_model::named_order(l, &t.refs, &t.subject)).map(|o| o.id.clone());
    let now = clock.now();
    if as_json {
        let out = j!({
            "ticket": json::ticket(&t, &users, &groups, now),
            "messages": conv.messages.iter().map(|m| json::message(m, &users)).collect::<Vec<_>>(),
            "older_messages_left_out": conv.older_left_out,
            "customer": customer.as_ref().map(|c| j!({
                "id": c.user.id.0, "name": c.user.name, "email": c.user.email, "phone": c.user.phone,
                "organization": c.user.organization, "tags": c.user.tags, "notes": c.user.notes,
                "tickets": c.tickets.iter().map(|x| j!({"id": x.id.0, "subject": x.subject, "status": x.status.label(), "created_at": json::time(x.created_at)})).collect::<Vec<_>>(),
            })),
            "orders": orders.as_ref().map(|l| l.iter().map(|o| {
                let mut v = super::orders::order_json(o);
                v["named_by_ticket"] = j!(Some(&o.id) == named.as_ref());
                v
            }).collect::<Vec<_>>()),
        });
        super::emit(format_args!("{out}"))?;
        return Ok(());
    }
    let name = |id: u64| users.get(&id).map_or_else(|| format!("user {id}"), |u| u.name.clone());
    super::emit(format_args!("#{} {}", t.id.0, t.subject))?;
    super::emit(format_args!(
        "{} · {} · {} · assignee {} · group {}",
        names.name(&t.status),
        t.priority.map_or("no priority", frontline_model::Priority::label),
        t.channel.label(),
        t.assignee.map_or_else(|| "nobody".into(), |a| name(a.0)),
        t.group.and_then(|g| groups.get(&g).cloned()).unwrap_or_else(|| "-".into())
    ))?;
    if !t.tags.is_empty() {
        super::emit(format_args!("tags: {}", t.tags.join(", ")))?;
    }
    if conv.older_left_out {
        super::emit(format_args!(
            "(only the newest {} messages are shown: older ones are in the helpdesk)",
            conv.messages.len()
        ))?;
    }
    for m in &conv.messages {
        let kind = if m.kind == MessageKind::Internal { "internal note" } else { "public" };
        super::emit(format_args!(
            "\n── {} · {} · {kind}",
            name(m.author.0),
            json::time(m.created_at).as_str().unwrap_or("")
        ))?;
        for line in m.body.lines() {
            super::emit(format_args!("   {line}"))?;
        }
    }
    if let Some(c) = customer {
        super::emit(format_args!("\n── customer: {}", c.user.name))?;
        for (label, v) in [("email", c.user.email), ("phone", c.user.phone), ("organisation", c.user.organization)] {
            if let Some(v) = v {
                super::emit(format_args!("   {label}: {v}"))?;
            }
        }
        for x in c.tickets.iter().take(20) {
            super::emit(format_args!("   #{} {} {}", x.id.0, names.name(&x.status), x.subject))?;
        }
    }
    if let Some(list) = orders {
        super::emit(format_args!("\n── orders ({})", list.len()))?;
        for o in &list {
            let mark = if Some(&o.id) == named.as_ref() { "▸" } else { " " };
            super::emit(format_args!(
                "  {mark}{} {} {} · {}",
                o.name,
                o.placed().show(),
                frontline_model::shop_words(&o.financial_status),
                o.status()
            ))?;
            if let Some(t) = o.tracking_line().filter(|_| mark == "▸") {
                super::emit(format_args!("    {t}"))?;
            }
        }
    }
    Ok(())
}
