//! The selected ticket's conversation, oldest first and scrolled to the newest: who wrote,
//! when, and whether the customer saw it. Internal notes stand apart by colour and label.

use super::format::{fmt_age, fmt_time, priority_role, status_role};
use frontline_app::{Loadable, Model, Pane};
use frontline_config::Theme;
use frontline_config::ThemeRole;
use frontline_model::text::{truncate, wrap};
use frontline_model::{MessageKind, Role};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Longest message body shown in full; longer ones are cut with a note.
const MAX_BODY_CHARS: usize = 20_000;

/// One message: a blank line, who and when, and the wrapped body.
fn message_lines<'a>(m: &'a Model, msg: &'a frontline_model::Message, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let author = m.users.get(&msg.author);
    let name = author.map_or("unknown", |u| u.name.as_str());
    let staff = author.is_some_and(|u| u.role.is_staff());
    let (kind, body_role) = match (msg.kind, staff) {
        (MessageKind::Internal, _) => ("internal note", ThemeRole::InternalNote),
        (MessageKind::Public, true) => ("reply", ThemeRole::AgentMessage),
        (MessageKind::Public, false) => ("customer", ThemeRole::CustomerMessage),
    };
    let role = match author.map(|u| u.role) {
        Some(Role::Customer) | None => "",
        Some(_) => " (agent)",
    };
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(truncate(&format!("{name}{role}"), width / 2), theme.style(ThemeRole::MessageMeta)),
        Span::styled(
            format!(
                " · {} · {} ago · ",
                fmt_time(msg.created_at, m.settings.utc_offset),
                fmt_age(m.now, msg.created_at)
            ),
            theme.style(ThemeRole::Dim),
        ),
        Span::styled(kind, theme.style(body_role)),
    ]));
    let body: String = if msg.body.len() > MAX_BODY_CHARS {
        msg.body.chars().take(MAX_BODY_CHARS).collect()
    } else {
        msg.body.clone()
    };
    let cut = body.len() < msg.body.len();
    let bar = if msg.kind == MessageKind::Internal { "▍ " } else { "  " };
    for l in wrap(&body, width) {
        lines
            .push(Line::from(vec![Span::styled(bar, theme.style(body_role)), Span::styled(l, theme.style(body_role))]));
    }
    if cut {
        lines.push(Line::styled(
            format!("  … cut at {MAX_BODY_CHARS} characters: the helpdesk has the whole message"),
            theme.style(ThemeRole::Dim),
        ));
    }
    // each file on its own line: name, type, size (the name is the helpdesk's, cleaned)
    for a in &msg.attachments {
        lines.push(Line::styled(
            truncate(&format!("  attached: {}", a.describe()), width + 2),
            theme.style(ThemeRole::Dim),
        ));
    }
    lines
}

pub fn draw(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let focused = m.focus == Pane::Conversation;
    let ticket = m.selected();
    let title = ticket.map_or_else(
        || " Conversation ".into(),
        |t| {
            let left = if m.queue.held == Some(t.id) { " (not in this view)" } else { "" };
            format!(" #{}{left} {} ", t.id.0, t.subject)
        },
    );
    let block = Block::bordered()
        .title(Span::styled(truncate(&title, area.width.saturating_sub(2) as usize), theme.style(ThemeRole::Title)))
        .border_style(theme.style(if focused { ThemeRole::BorderFocused } else { ThemeRole::Border }));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(t) = ticket else {
        f.render_widget(Paragraph::new("no ticket selected").style(theme.style(ThemeRole::Dim)), inner);
        return;
    };
    let width = inner.width.saturating_sub(2).max(1) as usize;
    let mut head: Vec<Line> = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let assignee = m.user_name(t.assignee).unwrap_or("unassigned");
    let group = t.group.and_then(|g| m.groups.get(&g)).map_or("-", String::as_str);
    let status = m.settings.status_names.name(&t.status);
    let status = match t.snoozed_until {
        Some(at) => format!("{status} (snoozed until {})", frontline_model::text::fmt_time(at, m.settings.utc_offset)),
        None => status.to_string(),
    };
    head.push(Line::from(vec![
        Span::styled(status, theme.style(status_role(&t.status))),
        Span::styled(" · ", theme.style(ThemeRole::Dim)),
        Span::styled(
            t.priority.map_or("no priority", frontline_model::Priority::label),
            theme.style(priority_role(t.priority)),
        ),
        Span::styled(format!(" · {} · {assignee} · {group}", t.channel.label()), theme.style(ThemeRole::Dim)),
    ]));
    // someone else is on it: said above everything else the pane shows
    if let Some(who) = frontline_app::colleague_on_it(m, t.id) {
        head.push(Line::styled(truncate(&format!("⚠ {who}"), width + 2), theme.style(ThemeRole::SlaWarn)));
    }
    // the order the ticket names: where the parcel is, without a key
    head.extend(super::orders::strip(m, width + 2, theme));
    if !t.tags.is_empty() && inner.height > 8 {
        head.push(Line::styled(
            truncate(&format!("tags: {}", t.tags.join(", ")), width + 2),
            theme.style(ThemeRole::Dim),
        ));
    }
    match m.details.conversations.get(&t.id) {
        None | Some(Loadable::Loading) => {
            lines.push(Line::styled("loading conversation…", theme.style(ThemeRole::Dim)));
        }
        Some(Loadable::Failed(e)) => {
            let again = m.keymap.first_key_label(frontline_app::Action::Refresh);
            lines.push(Line::styled(
                format!("could not load the conversation: {e} — {again} tries again"),
                theme.style(ThemeRole::StatusError),
            ));
        }
        Some(Loadable::Ready(msgs)) if msgs.is_empty() => {
            lines.push(Line::styled("no messages", theme.style(ThemeRole::Dim)));
        }
        Some(Loadable::Ready(msgs)) => {
            // Only the messages that reach the screen are laid out: from the newest back until
            // the pane (and the scroll) is filled, so a ticket of 10,000 messages draws as fast
            // as one of ten.
            let need = inner.height as usize + m.details.scroll + 1;
            let mut blocks: Vec<Vec<Line>> = Vec::new();
            let mut have = 0;
            for msg in msgs.iter().rev() {
                let block = message_lines(m, msg, width, theme);
                have += block.len();
                blocks.push(block);
                if have >= need {
                    break;
                }
            }
            let hidden = msgs.len() - blocks.len();
            if m.details.older_left_out.contains(&t.id) {
                head.push(Line::styled(
                    truncate(
                        &format!(
                            "⚠ only the newest {} messages are loaded: older ones are in the helpdesk",
                            msgs.len()
                        ),
                        width + 2,
                    ),
                    theme.style(ThemeRole::SlaWarn),
                ));
            }
            if hidden > 0 {
                let noun = if hidden == 1 { "message" } else { "messages" };
                head.push(Line::styled(
                    format!("↑ {hidden} earlier {noun} (scroll up to read)"),
                    theme.style(ThemeRole::Dim),
                ));
            }
            lines.extend(blocks.into_iter().rev().flatten());
        }
    }
    // The ticket's header stays put; the messages scroll under it.
    let head_h = (head.len() as u16).min(inner.height);
    let head_area = Rect { height: head_h, ..inner };
    let inner = Rect { y: inner.y + head_h, height: inner.height - head_h, ..inner };
    f.render_widget(Paragraph::new(head), head_area);
    let height = inner.height as usize;
    let max_scroll = lines.len().saturating_sub(height);
    let from_bottom = m.details.scroll.min(max_scroll);
    let top = max_scroll - from_bottom;
    let shown: Vec<Line> = lines.into_iter().skip(top).take(height).collect();
    f.render_widget(Paragraph::new(shown), inner);
}
