//! `frontline refund`, `frontline cancel-order` and `frontline discount`: the console's order
//! actions from a shell.
//! The order is the one the ticket names (or `--order`), the amount is the shop's, and
//! nothing moves without `--yes` (without it the command says what it would do). Through the
//! profile's outbox like `reply`: the shop's part exactly once, then the note on the ticket;
//! the same exit codes.

use super::act::{current, deliver_entry, entry, refuse_read_only};
use super::{Exit, Failure, Outcome};
use frontline_backend::Helpdesk;
use frontline_model::{
    CANCEL_REASONS, DiscountAsk, DiscountValue, Money, NewComment, RefundAsk, ShopAction, ShopOrder, Ticket,
    TicketChange, named_order,
};
use frontline_shop::Shop;
use frontline_store::Store;

/// The ticket an order action is for, the order (default: the one the ticket names), and
/// whether to do it (`--yes`) or only say what it would do.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub id: u64,
    pub order: Option<&'a str>,
    pub yes: bool,
}

/// What to refund, from the command line.
#[derive(Debug, Clone, Default)]
pub struct RefundWhat {
    pub all: bool,
    /// Items by (a part of) their title, one unit each.
    pub items: Vec<String>,
    pub shipping: bool,
    /// An amount back to the payment (`12.50`), instead of items.
    pub amount: Option<String>,
    /// Why, for the note and the shop.
    pub reason: Option<String>,
    /// Put the items back in stock.
    pub restock: bool,
    /// The shop does not e-mail the customer.
    pub quiet: bool,
}

fn need_shop(shop: Option<&dyn Shop>) -> Result<&dyn Shop, Failure> {
    shop.ok_or_else(|| Failure::usage("this profile has no shop: add [profiles.NAME.shop] (see config.example.toml)"))
}

/// The ticket and the order it is about: `--order`, else the one the ticket names.
async fn ticket_and_order(
    backend: &dyn Helpdesk,
    shop: &dyn Shop,
    id: u64,
    order: Option<&str>,
) -> Result<(Ticket, ShopOrder, String), Failure> {
    let (t, _) = current(backend, id).await?;
    let requester =
        t.requester.ok_or_else(|| Failure::usage(format!("#{id} has no requester to look orders up by")))?;
    let email = backend.customer(requester).await?.user.email.ok_or_else(|| Failure {
        exit: Exit::Helpdesk,
        message: format!("#{id}'s requester has no e-mail to find orders by"),
    })?;
    let named = order.map(str::to_string).or_else(|| t.refs.first().cloned());
    let list = shop.orders(&email, named.as_deref()).await?;
    let found = match order {
        Some(o) => list.iter().find(|x| x.is_named_by(o)),
        None => named_order(&list, &t.refs, &t.subject),
    };
    let o = found.cloned().ok_or_else(|| match order {
        Some(o) => Failure { exit: Exit::Helpdesk, message: format!("order {o} is not one of {email}'s orders") },
        None => Failure::usage(format!("#{id} names no order of {email}: give --order '#NW…'")),
    })?;
    Ok((t, o, email))
}

/// Queues and sends one shop action with its note, like `reply` sends a reply.
async fn send(backend: &dyn Helpdesk, shop: &dyn Shop, store: &Store, t: &Ticket, action: ShopAction) -> Outcome {
    let note = TicketChange { comment: Some(NewComment { body: action.note(), public: false }), ..Default::default() };
    let what = action.label();
    let mut e = entry(store, backend, t.id, note, &what, Some(t));
    // not refused for a ticket touched meanwhile once the money has moved
    e.expected_version = None;
    e.shop = Some(action);
    deliver_entry(backend, Some(shop), store, e, &what, t.id).await
}

pub async fn refund(
    backend: &dyn Helpdesk,
    shop: Option<&dyn Shop>,
    store: &Store,
    read_only: bool,
    target: Target<'_>,
    what: &RefundWhat,
) -> Outcome {
    let Target { id, order, yes } = target;
    refuse_read_only(read_only)?;
    let shop = need_shop(shop)?;
    if !what.all && what.items.is_empty() && !what.shipping && what.amount.is_none() {
        return Err(Failure::usage("say what to refund: --all, --item TITLE (repeatable), --shipping or --amount N"));
    }
    let (t, o, _) = ticket_and_order(backend, shop, id, order).await?;
    if let Some(why) = o.refund_refusal() {
        return Err(Failure { exit: Exit::Helpdesk, message: why });
    }
    if let Some(a) = &what.amount {
        let amount = Money::parse(a, o.total.code())
            .filter(|m| m.cents > 0)
            .ok_or_else(|| Failure::usage(format!("--amount `{a}` is not an amount like 12.50")))?;
        let ask = RefundAsk::amount(&o, amount, what.reason.as_deref().unwrap_or(""))
            .map(|a| RefundAsk { quiet: what.quiet, ..a });
        let ask = ask.ok_or_else(|| Failure {
            exit: Exit::Helpdesk,
            message: format!(
                "{} is more than a payment of {} has left: at most {} can go back",
                amount.show(),
                o.name,
                RefundAsk::refundable(&o).show()
            ),
        })?;
        let described = ask.describe(&o);
        if !yes {
            eprintln!(
                "would refund {} on {} ({described}) and note it on #{id}: add --yes to refund",
                amount.show(),
                o.name
            );
            return Ok(());
        }
        let action =
            ShopAction::Refund { order_id: o.id.clone(), order_name: o.name.clone(), ask, what: described, amount };
        return send(backend, shop, store, &t, action).await;
    }
    let shipped = o.fulfillment_status == "FULFILLED";
    if what.restock && !shipped {
        return Err(Failure::usage(format!(
            "--restock is for shipped items coming back: {} is not wholly shipped (cancel-order restocks an unshipped one)",
            o.name
        )));
    }
    let restock = shipped.then_some(what.restock);
    let ask = if what.all {
        RefundAsk { restock, quiet: what.quiet, ..RefundAsk::whole(&o) }
    } else {
        let mut lines = Vec::new();
        for wanted in &what.items {
            let w = wanted.to_lowercase();
            let item =
                o.items.iter().find(|i| i.title.to_lowercase().contains(&w) && i.refundable > 0).ok_or_else(|| {
                    let have: Vec<String> =
                        o.items.iter().map(|i| format!("{} ({} refundable)", i.title, i.refundable)).collect();
                    Failure::usage(format!(
                        "--item `{wanted}` is not a refundable item of {} (have: {})",
                        o.name,
                        have.join(", ")
                    ))
                })?;
            lines.push((item.id.clone(), 1));
        }
        RefundAsk { lines, shipping: what.shipping, payment: None, restock, quiet: what.quiet }
    };
    let quote = shop.quote_refund(&o.id, &ask).await?;
    if quote.amount.cents <= 0 {
        return Err(Failure {
            exit: Exit::Helpdesk,
            message: format!("nothing left to refund on {} for that", o.name),
        });
    }
    let described = ask.describe(&o);
    if !yes {
        eprintln!(
            "would refund {} on {} ({described}) and note it on #{id}: add --yes to refund",
            quote.amount.show(),
            o.name
        );
        return Ok(());
    }
    let action = ShopAction::Refund {
        order_id: o.id.clone(),
        order_name: o.name.clone(),
        ask,
        what: described,
        amount: quote.amount,
    };
    send(backend, shop, store, &t, action).await
}

pub async fn cancel_order(
    backend: &dyn Helpdesk,
    shop: Option<&dyn Shop>,
    store: &Store,
    read_only: bool,
    target: Target<'_>,
    reason: &str,
) -> Outcome {
    let Target { id, order, yes } = target;
    refuse_read_only(read_only)?;
    let shop = need_shop(shop)?;
    let code = CANCEL_REASONS
        .iter()
        .find(|(code, words)| code.eq_ignore_ascii_case(reason) || words.eq_ignore_ascii_case(reason))
        .map(|(code, _)| *code)
        .ok_or_else(|| {
            let have: Vec<String> = CANCEL_REASONS.iter().map(|(c, _)| c.to_lowercase()).collect();
            Failure::usage(format!("--reason `{reason}`: use one of {}", have.join(", ")))
        })?;
    let (t, o, _) = ticket_and_order(backend, shop, id, order).await?;
    if o.cancelled_at.is_some() {
        return Err(Failure { exit: Exit::Helpdesk, message: format!("{} is cancelled already", o.name) });
    }
    if !o.shipments.is_empty() {
        return Err(Failure {
            exit: Exit::Helpdesk,
            message: format!("{} has shipped and cannot be cancelled: refund it instead (frontline refund)", o.name),
        });
    }
    let paid = o.total.cents > 0 && !matches!(o.financial_status.as_str(), "PENDING" | "REFUNDED" | "VOIDED");
    if !yes {
        let refund = if paid { format!(", refund {}", o.total.show()) } else { String::new() };
        eprintln!(
            "would cancel {} (restock{refund}, e-mail the customer) and note it on #{id}: add --yes to cancel",
            o.name
        );
        return Ok(());
    }
    let action = ShopAction::Cancel {
        order_id: o.id.clone(),
        order_name: o.name.clone(),
        reason: code.to_string(),
        restock: true,
        refund: paid,
        notify: true,
    };
    send(backend, shop, store, &t, action).await
}

/// What `frontline discount` was asked: look a code up, or make one.
#[derive(Debug, Clone, Default)]
pub struct DiscountWhat {
    /// The ticket a new code is for.
    pub id: Option<u64>,
    /// The order whose customer it is for (default: the one the ticket names).
    pub order: Option<String>,
    pub yes: bool,
    pub check: Option<String>,
    pub percent: Option<u32>,
    pub amount: Option<String>,
    /// `30d`.
    pub expires: Option<String>,
}

/// `frontline discount --check CODE` says what the shop knows of a code; `frontline discount
/// ID --percent N` (or `--amount N`) makes a single-use code for the ticket's customer and
/// prints it.
pub async fn discount(
    backend: &dyn Helpdesk,
    shop: Option<&dyn Shop>,
    store: &Store,
    read_only: bool,
    what: &DiscountWhat,
) -> Outcome {
    let (order, yes) = (what.order.as_deref(), what.yes);
    let shop = need_shop(shop)?;
    let now = store.now();
    if let Some(code) = &what.check {
        return match shop.discount(code).await? {
            Some(f) => {
                println!("{}", f.verdict(now, None));
                Ok(())
            }
            None => Err(Failure {
                exit: Exit::Helpdesk,
                message: format!("{} does not exist in the shop: checkout refuses it as invalid", code.trim()),
            }),
        };
    }
    let id = what.id.ok_or_else(|| {
        Failure::usage("give the ticket the code is for (frontline discount ID --percent 15), or --check CODE")
    })?;
    refuse_read_only(read_only)?;
    match (what.percent, what.amount.as_deref()) {
        (Some(p), None) if (1..=100).contains(&p) => {}
        (None, Some(a)) if Money::parse(a, "XXX").is_some_and(|m| m.cents > 0) => {}
        (None, Some(a)) => return Err(Failure::usage(format!("--amount `{a}` is not an amount like 10 or 7.50"))),
        _ => return Err(Failure::usage("say what the code takes off: --percent 1..100 or --amount N")),
    }
    const DAY: i64 = 86_400;
    let days = match what.expires.as_deref() {
        None => 30,
        Some(w) => w
            .strip_suffix('d')
            .and_then(|d| d.parse::<i64>().ok())
            .filter(|d| (1..=366).contains(d))
            .ok_or_else(|| Failure::usage(format!("--expires `{w}` is not a number of days like 30d")))?,
    };
    let (t, o, email) = ticket_and_order(backend, shop, id, order).await?;
    // an amount is in the shop's currency, as its orders are
    let value = match (what.percent, what.amount.as_deref().and_then(|a| Money::parse(a, o.total.code()))) {
        (Some(p), _) => DiscountValue::Percent(p),
        (None, Some(m)) => DiscountValue::Amount(m),
        (None, None) => return Err(Failure::usage("say what the code takes off: --percent 1..100 or --amount N")),
    };
    let customer_id = o.customer_id.clone().ok_or_else(|| Failure {
        exit: Exit::Helpdesk,
        message: format!("the shop names no customer for {}", o.name),
    })?;
    let ask = DiscountAsk {
        code: DiscountAsk::code_for(id, now),
        title: format!("Frontline: ticket #{id} ({})", value.words()),
        value,
        starts_at: now,
        ends_at: Some((now / DAY + days + 1) * DAY - 1),
        customer_id,
        customer: email,
    };
    if !yes {
        eprintln!(
            "would make code {} for {} (who placed {}): {}, and note it on #{id}: add --yes to make it",
            ask.code,
            ask.customer,
            o.name,
            ask.describe()
        );
        return Ok(());
    }
    let code = ask.code.clone();
    send(backend, shop, store, &t, ShopAction::Discount(ask)).await?;
    println!("{code}");
    Ok(())
}

/// `frontline replace ID [--item TEXT]... [--reason WHY]`: the ticket's order (or some of its
/// items) sent again at no cost as a new order, the note naming it on the ticket; prints the
/// new order's name.
pub async fn replace(
    backend: &dyn Helpdesk,
    shop: Option<&dyn Shop>,
    store: &Store,
    read_only: bool,
    target: Target<'_>,
    items: &[String],
    reason: &str,
) -> Outcome {
    let Target { id, order, yes } = target;
    refuse_read_only(read_only)?;
    let shop = need_shop(shop)?;
    let why = frontline_model::text::sanitize_line(reason.trim());
    if why.is_empty() {
        return Err(Failure::usage("--reason is empty: say why it is sent again (arrived damaged, lost in transit)"));
    }
    let (t, o, email) = ticket_and_order(backend, shop, id, order).await?;
    let refuse = |message: String| Failure { exit: Exit::Helpdesk, message };
    if o.cancelled_at.is_some() {
        return Err(refuse(format!("{} is cancelled: there is nothing to replace", o.name)));
    }
    if o.shipments.is_empty() {
        return Err(refuse(format!("{} has not shipped yet: nothing to replace (cancel it, or wait for it)", o.name)));
    }
    let mut lines = Vec::new();
    for wanted in items {
        let w = wanted.to_lowercase();
        let item = o.items.iter().find(|i| i.title.to_lowercase().contains(&w) && i.quantity > 0).ok_or_else(|| {
            let have: Vec<&str> = o.items.iter().map(|i| i.title.as_str()).collect();
            Failure::usage(format!("--item `{wanted}` is not an item of {} (have: {})", o.name, have.join(", ")))
        })?;
        lines.push((item.id.clone(), item.quantity));
    }
    if lines.is_empty() {
        lines = o.items.iter().filter(|i| i.quantity > 0).map(|i| (i.id.clone(), i.quantity)).collect();
    }
    let details = shop.order_details(&o.id).await?;
    let plan = frontline_app::orders::state::ReplacePlan { ticket: t.id, order: Box::new(o.clone()), lines, why };
    let ask = frontline_app::replacements::build(&plan, &details).map_err(|e| refuse(e.to_string()))?;
    if !yes {
        eprintln!(
            "would send {} again for {} ({}), free with free shipping, to {}, and note it on #{id}: add --yes to send it",
            ask.items(),
            o.name,
            ask.why,
            ask.address.one_line()
        );
        return Ok(());
    }
    send(backend, shop, store, &t, ShopAction::Replace(Box::new(ask))).await?;
    let made = shop.orders(&email, None).await?;
    if let Some(r) = made.iter().find(|x| x.is_replacement_for(id)) {
        println!("{}", r.name);
    }
    Ok(())
}

/// What `frontline return` was asked.
#[derive(Debug, Clone, Default)]
pub struct ReturnWhat {
    /// The item by (a part of) its title.
    pub item: String,
    pub quantity: i64,
    /// Shopify's `ReturnReason`, in its words or the console's (`size-too-small`, `defective`).
    pub reason: String,
    /// The size to send instead (`L`).
    pub exchange: Option<String>,
}

/// `frontline return ID --item TEXT [--qty N] --reason R [--exchange SIZE]`: items of the
/// ticket's order sent back, maybe exchanged for another size; prints the return's name.
pub async fn open_return(
    backend: &dyn Helpdesk,
    shop: Option<&dyn Shop>,
    store: &Store,
    read_only: bool,
    target: Target<'_>,
    what: &ReturnWhat,
) -> Outcome {
    let Target { id, order, yes } = target;
    refuse_read_only(read_only)?;
    let shop = need_shop(shop)?;
    let wanted = what.reason.trim().to_ascii_uppercase().replace(['-', ' '], "_");
    let reason = frontline_model::RETURN_REASONS
        .iter()
        .find(|(code, words)| *code == wanted || words.eq_ignore_ascii_case(what.reason.trim()))
        .map(|(code, _)| *code)
        .ok_or_else(|| {
            let have: Vec<String> =
                frontline_model::RETURN_REASONS.iter().map(|(c, _)| c.to_lowercase().replace('_', "-")).collect();
            Failure::usage(format!("--reason `{}`: use one of {}", what.reason, have.join(", ")))
        })?;
    if what.quantity < 1 {
        return Err(Failure::usage("--qty must be 1 or more"));
    }
    let (t, o, _) = ticket_and_order(backend, shop, id, order).await?;
    let refuse = |message: String| Failure { exit: Exit::Helpdesk, message };
    if o.shipments.is_empty() {
        return Err(refuse(format!("{} has not shipped yet: nothing to return (cancel-order instead)", o.name)));
    }
    let lines = shop.returnable(&o.id).await?;
    let w = what.item.to_lowercase();
    let line = lines.iter().find(|l| l.title.to_lowercase().contains(&w)).cloned().ok_or_else(|| {
        let have: Vec<String> = lines.iter().map(|l| format!("{} ({} can go back)", l.label(), l.quantity)).collect();
        Failure::usage(format!(
            "--item `{}` is not an item of {} that can go back (have: {})",
            what.item,
            o.name,
            have.join(", ")
        ))
    })?;
    if what.quantity > line.quantity {
        return Err(refuse(format!("only {} × {} can go back on {}", line.quantity, line.label(), o.name)));
    }
    let exchange = match &what.exchange {
        None => None,
        Some(size) => {
            let v = line
                .variants
                .iter()
                .find(|v| v.title.eq_ignore_ascii_case(size.trim()) && Some(&v.id) != line.variant_id.as_ref())
                .ok_or_else(|| {
                    let have: Vec<&str> = line.variants.iter().map(|v| v.title.as_str()).collect();
                    Failure::usage(format!(
                        "--exchange `{size}` is not another size of {} (have: {})",
                        line.title,
                        have.join(", ")
                    ))
                })?;
            Some(frontline_model::ExchangeItem {
                variant_id: v.id.clone(),
                title: line.title.clone(),
                variant: v.title.clone(),
                quantity: what.quantity,
            })
        }
    };
    let ask = frontline_model::ReturnAsk {
        order_id: o.id.clone(),
        order_name: o.name.clone(),
        line,
        quantity: what.quantity,
        reason: reason.to_string(),
        note: format!("From ticket #{id}"),
        exchange,
    };
    if !yes {
        eprintln!(
            "would open a return on {} for {} and note it on #{id}: add --yes to open it",
            o.name,
            ask.describe()
        );
        return Ok(());
    }
    send(backend, shop, store, &t, ShopAction::Return(Box::new(ask))).await?;
    if let Some(made) = shop.order_named(&o.name).await?.and_then(|x| x.returns.last().cloned()) {
        println!("{}", made.name);
    }
    Ok(())
}
