//! Dialog overlays of agent actions: the fuzzy picker, the one-line prompt, the bulk
//! confirmation, the macro preview (text and field changes before anything is sent) and the
//! conflict choice.

use frontline_app::{Confirm, Conflict, Form, Loadable, Model, Picker, Preview, Prompt};
use frontline_config::Theme;
use frontline_config::ThemeRole;
use frontline_model::text::{truncate, wrap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))]).flex(Flex::Center).areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))]).flex(Flex::Center).areas(v);
    r
}

fn boxed(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, w: u16, theme: &Theme) {
    let r = centered(area, w, lines.len() as u16 + 2);
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), theme.style(ThemeRole::Title)))
        .border_style(theme.style(ThemeRole::BorderFocused));
    f.render_widget(Paragraph::new(lines).block(block).style(theme.style(ThemeRole::Overlay)), r);
}

fn hint<'a>(keys: &'a str, what: &'a str, theme: &Theme) -> Vec<Span<'a>> {
    vec![
        Span::styled(format!(" {keys} "), theme.style(ThemeRole::HintKey)),
        Span::styled(format!(" {what} "), theme.style(ThemeRole::Dim)),
    ]
}

fn targets_line(n: usize) -> String {
    if n == 1 { "the selected ticket".to_string() } else { format!("{n} marked tickets") }
}

pub fn picker(f: &mut Frame, area: Rect, m: &Model, p: &Picker, theme: &Theme) {
    let mut matcher = nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT);
    let shown = p.shown(&mut matcher);
    let w = area.width.clamp(30, 70);
    let room = (area.height.saturating_sub(6) as usize).max(1);
    let first = p.selected.saturating_sub(room - 1);
    let mut lines =
        vec![Line::from(vec![Span::styled("› ", theme.style(ThemeRole::HintKey)), Span::raw(format!("{}█", p.query))])];
    // a question about no ticket (quitting) says nothing of tickets
    if !p.targets.is_empty() {
        lines.push(Line::styled(format!("on {}", targets_line(p.targets.len())), theme.style(ThemeRole::Dim)));
    }
    if shown.is_empty() {
        lines.push(Line::styled("nothing matches", theme.style(ThemeRole::Dim)));
    }
    for (pos, &i) in shown.iter().enumerate().skip(first).take(room) {
        let label = truncate(&p.items[i].0, w as usize - 4);
        let line = Line::raw(format!(" {label}"));
        lines.push(if pos == p.selected { line.style(theme.style(ThemeRole::Selected)) } else { line });
    }
    let _ = m;
    boxed(f, area, &format!("{}: type to filter, Enter picks, Esc closes", p.title), lines, w, theme);
}

pub fn prompt(f: &mut Frame, area: Rect, p: &Prompt, theme: &Theme) {
    let mut lines = vec![
        Line::from(vec![Span::styled("› ", theme.style(ThemeRole::HintKey)), Span::raw(format!("{}█", p.text))]),
        Line::styled(format!("on {}", targets_line(p.targets.len())), theme.style(ThemeRole::Dim)),
    ];
    let offered = p.suggestions();
    if !offered.is_empty() {
        let w = area.width.min(70).saturating_sub(4) as usize;
        lines.push(Line::styled(
            truncate(&format!("Tab: {}", offered.join(" · ")), w),
            theme.style(ThemeRole::HintText),
        ));
    }
    lines.push(Line::from([hint("Enter", "ok", theme), hint("Esc", "cancel", theme)].concat()));
    boxed(f, area, &p.label, lines, area.width.min(70), theme);
}

/// A form: one row per field, its label and value, the focused one marked with the cursor;
/// why the last save was refused, in the error colour; the keys.
pub fn form(f: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    let w = area.width.min(72);
    let label_w = form.fields.iter().map(|(_, l, _)| l.chars().count()).max().unwrap_or(8) + 1;
    let value_w = (w as usize).saturating_sub(label_w + 6);
    let mut lines: Vec<Line> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, (_, label, value))| {
            let focused = i == form.focus;
            let shown = if focused {
                // the end of what is typed stays in sight
                let room = value_w.saturating_sub(1);
                let skip = value.chars().count().saturating_sub(room);
                format!("{}█", value.chars().skip(skip).collect::<String>())
            } else {
                truncate(value, value_w)
            };
            let (mark, role) = if focused { ("›", ThemeRole::Selected) } else { (" ", ThemeRole::Base) };
            Line::from(vec![
                Span::styled(format!("{mark} {label:<label_w$}"), theme.style(ThemeRole::Dim)),
                Span::styled(shown, theme.style(role)),
            ])
        })
        .collect();
    lines.push(Line::default());
    if let Some(e) = &form.error {
        for l in wrap(e, w.saturating_sub(4) as usize) {
            lines.push(Line::styled(l, theme.style(ThemeRole::StatusError)));
        }
    }
    lines.push(Line::from(
        [
            hint("Tab", "next", theme),
            hint("Enter", "next · save", theme),
            hint("C-s", "save", theme),
            hint("Esc", "close", theme),
        ]
        .concat(),
    ));
    boxed(f, area, &form.title, lines, w, theme);
}

pub fn confirm(f: &mut Frame, area: Rect, c: &Confirm, theme: &Theme) {
    let w = area.width.min(70);
    // a long question (a refund's order, items and amount) wraps rather than being cut
    let mut lines: Vec<Line> = wrap(&c.question, w.saturating_sub(4) as usize).into_iter().map(Line::raw).collect();
    if let Some(s) = c.switches() {
        lines.push(Line::default());
        lines.push(Line::styled(s, theme.style(ThemeRole::MessageMeta)));
    }
    lines.push(Line::default());
    lines.push(Line::from([hint("y", "yes, send", theme), hint("n", "no", theme)].concat()));
    boxed(f, area, "Confirm", lines, w, theme);
}

pub fn preview(f: &mut Frame, area: Rect, m: &Model, p: &Preview, theme: &Theme) {
    let w = area.width.clamp(30, 90);
    let text_w = w.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::styled(format!("applies to {}", targets_line(p.changes.len())), theme.style(ThemeRole::Dim)));
    // what the shop does first, each with its amounts
    for a in &p.shop {
        for (i, l) in wrap(&format!("in the shop: {}", a.effect()), text_w.saturating_sub(2)).into_iter().enumerate() {
            let mark = if i == 0 { "• " } else { "  " };
            lines.push(Line::styled(format!("{mark}{l}"), theme.style(ThemeRole::MessageMeta)));
        }
    }
    // a name the shop gives when it does the step stays a placeholder until then
    let later = p.filled_later();
    if !later.is_empty() {
        lines.push(Line::styled(
            format!("  {} is filled with the name the shop gives, then sent", later.join(" and ")),
            theme.style(ThemeRole::Dim),
        ));
    }
    if let Some((first, change)) = p.changes.first() {
        for d in change.describe(
            &m.settings.status_names,
            |u| m.user_name(Some(u)).unwrap_or("?").to_string(),
            |g| m.groups.get(&g).cloned().unwrap_or_else(|| g.to_string()),
        ) {
            lines.push(Line::styled(format!("• {d}"), theme.style(ThemeRole::MessageMeta)));
        }
        if let Some(c) = &change.comment {
            lines.push(Line::styled(format!("text for #{}:", first.0), theme.style(ThemeRole::Dim)));
            let role = if c.public { ThemeRole::AgentMessage } else { ThemeRole::InternalNote };
            for l in wrap(&c.body, text_w).into_iter().skip(p.scroll) {
                lines.push(Line::styled(format!("  {l}"), theme.style(role)));
            }
        }
    }
    if !p.unknown.is_empty() {
        // an order placeholder left unfilled says why: no shop, no order, or not shipped yet
        let why = if !p.unknown.iter().any(|u| u.starts_with("order.")) {
            ""
        } else if m.orders.shop.is_none() {
            " — no shop in this profile"
        } else if frontline_app::orders::selected_order(m).is_none() {
            " — no order selected for this customer"
        } else {
            " — the selected order has no such detail yet"
        };
        lines.push(Line::styled(
            format!(
                "⚠ not filled: {}{why}",
                p.unknown.iter().map(|u| format!("{{{{{u}}}}}")).collect::<Vec<_>>().join(", ")
            ),
            theme.style(ThemeRole::KpiWarn),
        ));
    }
    // a stale fact is said at the top, where a long text cannot push it out of the box
    for (i, s) in p.stale.iter().enumerate() {
        lines.insert((1 + i).min(lines.len()), Line::styled(format!("⚠ {s}"), theme.style(ThemeRole::KpiWarn)));
    }
    let room = area.height.saturating_sub(4) as usize;
    lines.truncate(room.max(3));
    let mut keys = hint("Enter", "apply", theme);
    // a macro that acts is sent as shown: its text names what its steps make
    if p.changes.len() == 1 && p.shop.is_empty() {
        keys.extend(hint("e", "edit the text", theme));
    }
    keys.extend(hint("Esc", "cancel", theme));
    lines.push(Line::from(keys));
    boxed(f, area, &format!("Macro: {}", p.title), lines, w, theme);
}

pub fn conflict(f: &mut Frame, area: Rect, m: &Model, c: &Conflict, theme: &Theme) {
    let now = m.queue.get(c.ticket);
    let text_w = area.width.min(80).saturating_sub(4) as usize;
    let mut lines = vec![Line::raw(format!("#{} changed since you loaded it; nothing was overwritten.", c.ticket.0))];
    if let (Some(before), Some(now)) = (&c.before, now) {
        if before.status != now.status {
            lines.push(Line::raw(format!(
                "• status: {} → {}",
                m.settings.status_names.name(&before.status),
                m.settings.status_names.name(&now.status)
            )));
        }
        if before.assignee != now.assignee {
            let name = |u| m.user_name(u).unwrap_or("nobody").to_string();
            lines.push(Line::raw(format!("• assignee: {} → {}", name(before.assignee), name(now.assignee))));
        }
        if before.priority != now.priority {
            lines.push(Line::raw(format!(
                "• priority: {} → {}",
                before.priority.map_or("none", frontline_model::Priority::label),
                now.priority.map_or("none", frontline_model::Priority::label)
            )));
        }
        if before.group != now.group {
            let name = |g: Option<u64>| g.and_then(|g| m.groups.get(&g)).map_or("none", String::as_str).to_string();
            lines.push(Line::raw(format!("• group: {} → {}", name(before.group), name(now.group))));
        }
        let added: Vec<&String> = now.tags.iter().filter(|t| !before.tags.contains(t)).collect();
        let removed: Vec<&String> = before.tags.iter().filter(|t| !now.tags.contains(t)).collect();
        if !added.is_empty() || !removed.is_empty() {
            let words: Vec<String> =
                added.iter().map(|t| format!("+{t}")).chain(removed.iter().map(|t| format!("-{t}"))).collect();
            lines.push(Line::raw(truncate(&format!("• tags: {}", words.join(" ")), text_w)));
        }
    }
    match (c.messages_before, m.details.conversations.get(&c.ticket)) {
        (Some(b), Some(Loadable::Ready(msgs))) if msgs.len() > b || c.before.is_some() => {
            // who wrote what: the newest three, each on its own line — new by time, not by
            // count (only the newest of a long conversation may be loaded)
            let since = c.before.as_ref().map(|t| t.updated_at);
            let new: Vec<&frontline_model::Message> = match since {
                Some(at) => msgs.iter().filter(|x| x.created_at > at).collect(),
                None => msgs[b.min(msgs.len())..].iter().collect(),
            };
            for msg in new.iter().rev().take(3) {
                let who = m.user_name(Some(msg.author)).unwrap_or("someone");
                let how = match msg.kind {
                    frontline_model::MessageKind::Internal => "noted",
                    frontline_model::MessageKind::Public => "wrote",
                };
                let first = msg.body.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
                lines.push(Line::raw(truncate(&format!("• {who} {how}: “{first}”"), text_w)));
            }
            if new.len() > 3 {
                lines.push(Line::raw(format!("• and {} more — read them in the conversation", new.len() - 3)));
            }
        }
        (_, Some(Loadable::Loading) | None) => {
            lines.push(Line::styled("loading the latest version…", theme.style(ThemeRole::Dim)));
        }
        _ => {}
    }
    if lines.len() == 1 {
        // nothing this console can name: say so rather than show an empty box
        lines.push(Line::raw("• changed in a way not shown here (a field, or a message not loaded)"));
    }
    lines.push(Line::default());
    // a take or a status change has no text to keep
    let drop = if c.change.comment.is_some() { "drop (your text stays a draft)" } else { "drop it" };
    lines.push(Line::from([hint("r", "re-apply on the new version", theme), hint("d", drop, theme)].concat()));
    boxed(f, area, &format!("Conflict: {}", c.label), lines, area.width.min(80), theme);
}

/// Both tickets of a merge before the agent's yes, and what will happen to each.
pub fn merge(f: &mut Frame, area: Rect, m: &Model, a: &frontline_app::MergeAsk, theme: &Theme) {
    let w = area.width.min(86);
    let text_w = w.saturating_sub(4) as usize;
    let describe = |t: &frontline_model::Ticket| {
        let who = m.user_name(t.requester).unwrap_or("?");
        truncate(&format!("#{} {} — {who} · {}", t.id.0, t.subject, m.settings.status_names.name(&t.status)), text_w)
    };
    let mut lines = vec![Line::styled("merge", theme.style(ThemeRole::Dim))];
    lines.push(Line::raw(m.queue.get(a.source).map_or_else(|| format!("#{}", a.source.0), describe)));
    lines.push(Line::styled("into", theme.style(ThemeRole::Dim)));
    match &a.target_ticket {
        Some(t) => lines.push(Line::raw(describe(t))),
        None => lines.push(Line::styled(format!("#{} (reading it…)", a.target.0), theme.style(ThemeRole::Dim))),
    }
    lines.push(Line::default());
    for l in wrap(
        &format!(
            "#{} will be closed with a private note saying where it went; #{} keeps its conversation and gets a \
             private note with #{}'s messages. A merge cannot be undone.",
            a.source.0, a.target.0, a.source.0
        ),
        text_w,
    ) {
        lines.push(Line::styled(l, theme.style(ThemeRole::MessageMeta)));
    }
    lines.push(Line::default());
    lines.push(Line::from([hint("y", "merge", theme), hint("n", "cancel", theme)].concat()));
    boxed(f, area, "Merge tickets", lines, w, theme);
}
