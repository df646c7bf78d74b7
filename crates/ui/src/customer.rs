//! The requester: profile, their orders from the shop (when the profile has one) and their
//! other tickets, newest first; Enter opens one.

use super::format::{fmt_time, status_role};
use frontline_app::{Loadable, Model, Pane};
use frontline_config::Theme;
use frontline_config::ThemeRole;
use frontline_model::text::{truncate, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// What the shop knows of the customer: orders, spend and since when; the account (what "I
/// can't log in" is answered from); marketing consent; the shop's tags, note and address.
fn shop_lines(lines: &mut Vec<Line>, c: &frontline_model::ShopCustomer, w: usize, compact: bool, theme: &Theme) {
    let row = |label: &str, value: String, role: ThemeRole| {
        Line::from(vec![
            Span::styled(format!("{label:<6}"), theme.style(ThemeRole::Dim)),
            Span::styled(truncate(&value, w.saturating_sub(6)), theme.style(role)),
        ])
    };
    let summary = c.summary();
    if !summary.is_empty() {
        lines.push(row("shop", summary, ThemeRole::Base));
    }
    if let Some(words) = c.account_words() {
        let role = if c.account.as_deref() == Some("ENABLED") { ThemeRole::Dim } else { ThemeRole::SlaWarn };
        lines.push(row("login", words.to_string(), role));
    }
    // on a small pane the customer's other tickets matter more than these
    if compact {
        return;
    }
    if let Some(words) = c.marketing_words() {
        lines.push(row("mail", words, ThemeRole::Dim));
    }
    if let Some(a) = &c.address {
        lines.push(row("home", a.one_line(), ThemeRole::Base));
    }
    if !c.tags.is_empty() {
        lines.push(row("shop#", c.tags.join(", "), ThemeRole::Marked));
    }
    if let Some(n) = &c.note {
        lines.push(row("note", n.clone(), ThemeRole::InternalNote));
    }
}

pub fn draw(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let focused = m.focus == Pane::Customer;
    let block = Block::bordered()
        .title(Span::styled(" Customer ", theme.style(ThemeRole::Title)))
        .border_style(theme.style(if focused { ThemeRole::BorderFocused } else { ThemeRole::Border }));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let Some(requester) = m.selected().and_then(|t| t.requester) else {
        f.render_widget(Paragraph::new("no customer").style(theme.style(ThemeRole::Dim)), inner);
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    let profile = match m.details.customers.get(&requester) {
        Some(Loadable::Ready(p)) => Some(p),
        Some(Loadable::Failed(e)) => {
            let again = m.keymap.first_key_label(frontline_app::Action::Refresh);
            lines.push(Line::styled(
                format!("could not load the customer: {e} — {again} tries again"),
                theme.style(ThemeRole::StatusError),
            ));
            None
        }
        _ => None,
    };
    let user = profile.map(|p| &p.user).or_else(|| m.users.get(&requester));
    // the orders have the keys in a small pane: they get the room the rest would take; and
    // on a small pane (80x24) the profile is brief so their other tickets keep rows
    let tight = m.orders.focused && inner.height < 16;
    let brief = tight || inner.height < 20;
    match user {
        Some(u) => {
            lines.push(Line::styled(truncate(&u.name, w), theme.style(ThemeRole::MessageMeta)));
            for (label, value) in [
                ("email", u.email.as_deref()),
                ("phone", u.phone.as_deref().filter(|_| !tight)),
                ("org", u.organization.as_deref().filter(|_| !brief)),
            ] {
                if let Some(v) = value {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{label:<6}"), theme.style(ThemeRole::Dim)),
                        Span::raw(truncate(v, w.saturating_sub(6))),
                    ]));
                }
            }
            if !u.tags.is_empty() && !brief {
                lines.push(Line::from(vec![
                    Span::styled("tags  ", theme.style(ThemeRole::Dim)),
                    Span::styled(truncate(&u.tags.join(", "), w.saturating_sub(6)), theme.style(ThemeRole::Marked)),
                ]));
            }
            if let Some(n) = u.notes.as_ref().filter(|_| !brief) {
                for l in wrap(n, w).into_iter().take(3) {
                    lines.push(Line::styled(l, theme.style(ThemeRole::InternalNote)));
                }
            }
        }
        None => lines.push(Line::styled("loading customer…", theme.style(ThemeRole::Dim))),
    }
    if let Some(c) = frontline_app::orders::shop_customer(m).filter(|_| !tight) {
        shop_lines(&mut lines, c, w, brief, theme);
    }
    if m.orders.shop.is_some() {
        lines.push(Line::default());
        let left = (inner.height as usize).saturating_sub(lines.len());
        // the orders take half of what is left, or nearly all of it while they have the keys;
        // the customer's other tickets keep room for up to four of them
        let tickets = profile.map_or(0, |p| p.tickets.len().min(4) + 2);
        let room = if m.orders.focused || profile.is_none() {
            left.saturating_sub(2)
        } else {
            (left / 2).min(left.saturating_sub(tickets)).max(2)
        };
        lines.extend(super::orders::section(m, w, room, focused && m.orders.focused, theme));
    }
    if let Some(p) = profile {
        lines.push(Line::default());
        lines.push(Line::styled(format!("Tickets ({})", p.tickets.len()), theme.style(ThemeRole::Title)));
        let header = lines.len();
        let room = (inner.height as usize).saturating_sub(header).max(1);
        let sel = m.details.customer_selected.min(p.tickets.len().saturating_sub(1));
        let first = sel.saturating_sub(room - 1);
        let current = m.selected().map(|t| t.id);
        for (i, t) in p.tickets.iter().enumerate().skip(first).take(room) {
            let marker = if Some(t.id) == current { "▸" } else { " " };
            let head = format!("{marker}{:<7}", format!("#{}", t.id.0));
            let date = fmt_time(t.created_at, m.settings.utc_offset);
            let date = date.split(' ').take(2).collect::<Vec<_>>().join(" ");
            // columns, not bytes: the marker ▸ is three bytes wide in UTF-8 and one on screen
            let rest = w.saturating_sub(head.chars().count() + 8 + 7);
            let mut line = Line::from(vec![
                Span::raw(head),
                Span::styled(
                    format!("{:<8}", m.settings.status_names.name(&t.status)),
                    theme.style(status_role(&t.status)),
                ),
                Span::styled(format!("{date:<7}"), theme.style(ThemeRole::Dim)),
                Span::raw(truncate(&t.subject, rest)),
            ]);
            if focused && !m.orders.focused && i == sel {
                line = line.style(theme.style(ThemeRole::Selected));
            }
            lines.push(line);
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}
