//! The reply / note editor under the conversation: what is being written, to whom, and the
//! keys that send it.

use frontline_app::{Action, Model};
use frontline_config::Theme;
use frontline_config::ThemeRole;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

/// Rows the editor takes at the bottom of the conversation pane: its text as wrapped plus a
/// line to type on, at least 5 and at most half the pane (14 at most), so the conversation
/// above keeps what the editor does not need.
pub fn height(pane: Rect, m: &Model) -> u16 {
    let most = (pane.height / 2).clamp(5.min(pane.height), 14);
    let width = pane.width.saturating_sub(2).max(1) as usize;
    let text_rows: usize = m
        .drafting
        .composer
        .as_ref()
        .map_or(1, |c| c.editor.lines().iter().map(|l| l.chars().count().max(1).div_ceil(width)).sum());
    (text_rows as u16 + 3).clamp(5.min(most), most)
}

/// The editor's title: who the text goes to, how, and on which ticket — or, for a note, that
/// it goes to nobody outside.
pub fn title(m: &Model) -> Option<String> {
    let c = m.drafting.composer.as_ref()?;
    let ticket = m.queue.get(c.ticket);
    let extra = c.extra.describe(
        &m.settings.status_names,
        |u| m.user_name(Some(u)).unwrap_or("?").to_string(),
        |g| m.groups.get(&g).cloned().unwrap_or_default(),
    );
    let extra = if extra.is_empty() { String::new() } else { format!(" · also: {}", extra.join(", ")) };
    if !c.public {
        return Some(format!(" Internal note on #{} — not sent to the customer{extra} ", c.ticket.0));
    }
    let by = ticket.map(|t| format!(" {}", t.channel.reply_by())).unwrap_or_default();
    let to = ticket.and_then(|t| m.user_name(t.requester)).map(|n| format!(" to {n}")).unwrap_or_default();
    Some(format!(" Reply{by}{to} · #{}{extra} ", c.ticket.0))
}

/// The editor's key hints, most needed first, as many as fit in `width` columns.
fn hints(m: &Model, theme: &Theme, width: usize) -> Line<'static> {
    let k = |a: Action| m.keymap.first_key_label(a);
    let all = [
        (k(Action::Send), "send"),
        ("Esc".to_string(), "keep draft"),
        (
            format!("{}/{}/{}", k(Action::SendOpen), k(Action::SendPending), k(Action::SendSolved)),
            "send as open/pending/solved",
        ),
        (k(Action::InsertText), "insert macro text"),
        (k(Action::Editor), "$EDITOR"),
        (k(Action::SaveText), "save to file"),
    ];
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, text) in all {
        let w = key.chars().count() + text.chars().count() + 3;
        if used + w > width {
            continue;
        }
        used += w;
        spans.push(Span::styled(format!(" {key} "), theme.style(ThemeRole::HintKey)));
        spans.push(Span::styled(format!("{text} "), theme.style(ThemeRole::HintText)));
    }
    Line::from(spans)
}

pub fn draw(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let (Some(c), Some(title)) = (&m.drafting.composer, title(m)) else { return };
    let role = if c.public { ThemeRole::AgentMessage } else { ThemeRole::InternalNote };
    let block = Block::bordered()
        .title(Span::styled(title, theme.style(role)))
        .title_bottom(hints(m, theme, area.width.saturating_sub(2) as usize))
        .border_style(theme.style(ThemeRole::BorderFocused));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    if let Some(editor) = frontline_app::editor_area::widget(c.editor.as_ref()) {
        f.render_widget(editor, inner);
    }
}
