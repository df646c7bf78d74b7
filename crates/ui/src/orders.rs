//! Orders from the shop as the panes show them: the order a ticket names as two lines atop
//! the conversation (where the parcel is, carrier, tracking number and link), and the
//! customer's orders in the customer pane, newest first, the highlighted one opened.

use super::format::fmt_time;
use frontline_app::{Loadable, Model, orders};
use frontline_config::{Theme, ThemeRole};
use frontline_model::text::truncate;
use frontline_model::{ShopOrder, shop_words};
use ratatui::text::{Line, Span};

/// `28 Nov`.
fn day(m: &Model, ts: i64) -> String {
    fmt_time(ts, m.settings.utc_offset).split(' ').take(2).collect::<Vec<_>>().join(" ")
}

fn status_role(o: &ShopOrder) -> ThemeRole {
    match o.status().as_str() {
        "cancelled" => ThemeRole::Dim,
        "delayed" | "failure" | "not delivered" | "attempted delivery" => ThemeRole::SlaWarn,
        "delivered" => ThemeRole::StatusSolved,
        _ => ThemeRole::StatusOpen,
    }
}

/// Where the parcel is, in words: `in transit, due 2 Dec`, `delivered 27 Nov`.
fn whereabouts(m: &Model, o: &ShopOrder) -> String {
    let s = o.shipment();
    match (o.status(), s.and_then(|s| s.delivered_at), s.and_then(|s| s.estimated_delivery)) {
        (w, Some(at), _) if w == "delivered" => format!("delivered {}", day(m, at)),
        (w, None, Some(due)) if due < m.now => format!("{w}, was due {}", day(m, due)),
        (w, None, Some(due)) => format!("{w}, due {}", day(m, due)),
        (w, _, _) => w,
    }
}

/// `DHL DH0123456789` and the link, when the order has shipped.
fn tracking(o: &ShopOrder) -> Option<(String, Option<String>)> {
    let s = o.shipment()?;
    let number = s.tracking_number.as_deref()?;
    let carrier = s.carrier.as_deref().unwrap_or("tracking");
    Some((format!("{carrier} {number}"), s.tracking_url.clone()))
}

/// The lines atop the conversation for the order the ticket names (none without a shop).
pub fn strip<'a>(m: &'a Model, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    match orders::of_selected(m) {
        Some(Loadable::Failed(e)) => {
            let again = m.keymap.first_key_label(frontline_app::Action::Refresh);
            out.push(Line::styled(
                truncate(&format!("orders: {e} — {again} tries again"), width),
                theme.style(ThemeRole::StatusError),
            ));
        }
        Some(Loadable::Ready(_)) => {
            if let Some(o) = orders::named(m) {
                let head = format!("{} · {} {} · ", o.name, o.placed().show(), shop_words(&o.financial_status));
                let rest = width.saturating_sub(head.chars().count());
                out.push(Line::from(vec![
                    Span::styled(head, theme.style(ThemeRole::MessageMeta)),
                    Span::styled(truncate(&whereabouts(m, o), rest), theme.style(status_role(o))),
                ]));
                match tracking(o) {
                    // carrier, number and link on one line when they fit, else the link alone below
                    Some((what, Some(u))) if what.chars().count() + 1 + u.chars().count() <= width => {
                        out.push(Line::styled(format!("{what} {u}"), theme.style(ThemeRole::Base)));
                    }
                    Some((what, url)) => {
                        out.push(Line::styled(truncate(&what, width), theme.style(ThemeRole::Base)));
                        out.extend(url.map(|u| Line::styled(truncate(&u, width), theme.style(ThemeRole::Base))));
                    }
                    None => {}
                }
            }
        }
        _ => {}
    }
    out
}

/// The customer pane's orders section in at most `room` lines.
pub fn section<'a>(m: &'a Model, width: usize, room: usize, focused: bool, theme: &Theme) -> Vec<Line<'a>> {
    let Some(shop) = m.orders.shop.as_deref() else { return vec![] };
    let mut out = Vec::new();
    let list = match orders::of_selected(m) {
        None | Some(Loadable::Loading) => {
            out.push(Line::styled("Orders: loading…", theme.style(ThemeRole::Dim)));
            return out;
        }
        Some(Loadable::Failed(e)) => {
            out.push(Line::styled(truncate(&format!("Orders: {e}"), width), theme.style(ThemeRole::StatusError)));
            return out;
        }
        Some(Loadable::Ready(list)) => list,
    };
    let key = m.keymap.first_key_label(frontline_app::Action::Orders);
    let hint = if focused { "j/k, Enter opens".to_string() } else { format!("{key} to browse") };
    out.push(Line::from(vec![
        Span::styled(format!("Orders ({})", list.len()), theme.style(ThemeRole::Title)),
        Span::styled(truncate(&format!(" · {shop} · {hint}"), width.saturating_sub(12)), theme.style(ThemeRole::Dim)),
    ]));
    if let Some(why) = orders::stale(m) {
        out.push(Line::styled(truncate(&format!("not current: {why}"), width), theme.style(ThemeRole::SlaWarn)));
    }
    if list.is_empty() {
        out.push(Line::styled("no orders for this e-mail", theme.style(ThemeRole::Dim)));
        return out;
    }
    let sel = m.orders.selected.min(list.len() - 1);
    let mut detail = if m.orders.expanded { detail_lines(m, &list[sel], width, theme) } else { vec![] };
    // without the keys, an opened order's details only where they fit beside the list: the
    // customer's other tickets below keep their rows (the ticket pane says where it is)
    if !focused && 2 + detail.len() > room {
        detail.clear();
    }
    let rows = room.saturating_sub(1 + detail.len()).max(1);
    let first = sel.saturating_sub(rows - 1);
    for (i, o) in list.iter().enumerate().skip(first).take(rows) {
        let marker = if i == sel { "▸" } else { " " };
        let head = format!("{marker}{:<10}{:<7}{:>9} ", o.name, day(m, o.created_at), o.placed().show());
        // a narrow pane keeps where the order is and drops how it was paid; a wide one says
        // all of it ("partially refunded")
        let money = match width {
            w if w >= 64 => format!("{:<19}", shop_words(&o.financial_status)),
            w if w >= 52 => format!("{:<11}", truncate(&shop_words(&o.financial_status), 10)),
            _ => String::new(),
        };
        let rest = width.saturating_sub(head.chars().count() + money.chars().count());
        let mut line = Line::from(vec![
            Span::raw(head),
            Span::styled(money, theme.style(ThemeRole::Dim)),
            Span::styled(truncate(&o.status(), rest), theme.style(status_role(o))),
        ]);
        if focused && i == sel {
            line = line.style(theme.style(ThemeRole::Selected));
        }
        out.push(line);
        if i == sel {
            out.extend(detail.clone());
        }
    }
    out
}

/// Payments shown under an opened order; older ones are counted.
const PAYMENTS_SHOWN: usize = 6;

/// `28 Nov 10:15`.
fn minute(m: &Model, ts: i64) -> String {
    fmt_time(ts, m.settings.utc_offset).split(' ').take(3).collect::<Vec<_>>().join(" ")
}

/// One payment in words: `sale ✓ €54.85 shopify payments 28 Nov 10:15`, a failed try with
/// its reason, a refund with when the bank had it (or that it is pending).
fn payment_line(m: &Model, p: &frontline_model::Payment) -> (String, ThemeRole) {
    let gateway = p.gateway.as_deref().map(|g| format!(" {g}")).unwrap_or_default();
    let text = format!("{} {}{gateway} {}", p.outcome(), p.amount.show(), minute(m, p.created_at));
    let role = match p.status.as_str() {
        "FAILURE" | "ERROR" => ThemeRole::StatusError,
        "PENDING" | "AWAITING_RESPONSE" => ThemeRole::StatusPending,
        _ if p.is_refund() => ThemeRole::StatusPending,
        _ => ThemeRole::Base,
    };
    let text = match (p.is_refund(), p.processed_at) {
        (true, Some(at)) => format!("{text}, processed {}", day(m, at)),
        (true, None) => format!("{text}, not processed yet"),
        _ => text,
    };
    (text, role)
}

/// The opened order: items, where it is, tracking and link, payments, refunds.
fn detail_lines<'a>(m: &Model, o: &ShopOrder, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let w = width.saturating_sub(9);
    let row = |label: &str, value: String, role: ThemeRole| {
        Line::from(vec![
            // a space after the longest label too: `refund €49.00 refunded`
            Span::styled(format!("  {label:<6} "), theme.style(ThemeRole::Dim)),
            Span::styled(truncate(&value, w), theme.style(role)),
        ])
    };
    let mut out = vec![row("items", o.items_line(), ThemeRole::Base)];
    if o.tags.iter().any(|t| t.eq_ignore_ascii_case(frontline_model::REPLACEMENT_TAG)) {
        let from = o.tags.iter().find_map(|t| t.strip_prefix("ticket-")).map(|n| format!(" for ticket #{n}"));
        out.push(row("", format!("a free replacement{}", from.unwrap_or_default()), ThemeRole::Dim));
    }
    out.push(row("where", whereabouts(m, o), status_role(o)));
    if let Some((what, url)) = tracking(o) {
        out.push(row("track", what, ThemeRole::Base));
        if let Some(u) = url {
            out.push(row("", u, ThemeRole::Base));
        }
    }
    let skip = o.payments.len().saturating_sub(PAYMENTS_SHOWN);
    if skip > 0 {
        out.push(row("paid", format!("{skip} older payments not shown"), ThemeRole::Dim));
    }
    for (i, p) in o.payments.iter().enumerate().skip(skip) {
        let (text, role) = payment_line(m, p);
        out.push(row(if i == skip { "paid" } else { "" }, text, role));
    }
    if let Some(dup) = o.duplicate_charge() {
        let key = m.keymap.first_key_label(frontline_app::Action::Refund);
        let first = o.payments.iter().find(|p| p.took_money() && p.amount == dup.amount && p.id != dup.id);
        let gap = first.map(|f| dup.created_at - f.created_at).filter(|s| *s >= 0);
        let later = match gap {
            Some(s) if s < 120 => format!(" {s} s later"),
            Some(s) => format!(" {} min later", s / 60),
            None => String::new(),
        };
        out.push(row(
            "",
            format!("charged twice: {} taken again{later} — {key} refunds it", dup.amount.show()),
            ThemeRole::SlaWarn,
        ));
    }
    if o.refunded.cents > 0 {
        out.push(row("refund", format!("{} refunded", o.refunded.show()), ThemeRole::StatusPending));
    }
    for (i, r) in o.returns.iter().enumerate() {
        let requested = r.status == "REQUESTED";
        let mut text = r.line();
        if requested {
            text.push_str(" — :approve-return or :decline-return");
        }
        let role = if requested { ThemeRole::SlaWarn } else { ThemeRole::StatusPending };
        out.push(row(if i == 0 { "return" } else { "" }, text, role));
    }
    if let Some(at) = o.cancelled_at {
        out.push(row("", format!("cancelled {}", day(m, at)), ThemeRole::Dim));
    }
    out
}
