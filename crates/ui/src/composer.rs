//! The reply / note editor under the conversation: what is being written, to whom, and the
//! keys that send it.

use frontline_app::{Action, Model};
use frontline_config::Role;
use frontline_config::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

/// Rows the editor takes at the bottom of the conversation pane.
pub fn height(pane: Rect) -> u16 {
    (pane.height / 2).clamp(5.min(pane.height), 14)
}

pub fn draw(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let Some(c) = &m.drafting.composer else { return };
    let (kind, role) =
        if c.public { ("Public reply", Role::AgentMessage) } else { ("Internal note", Role::InternalNote) };
    let to =
        m.queue.get(c.ticket).and_then(|t| m.user_name(t.requester)).map(|n| format!(" to {n}")).unwrap_or_default();
    let extra = c.extra.describe(
        &m.settings.status_names,
        |u| m.user_name(Some(u)).unwrap_or("?").to_string(),
        |g| m.groups.get(&g).cloned().unwrap_or_default(),
    );
    let extra = if extra.is_empty() { String::new() } else { format!(" · also: {}", extra.join(", ")) };
    let k = |a: Action| m.keymap.first_key_label(a);
    let block = Block::bordered()
        .title(Span::styled(format!(" {kind} on #{}{to}{extra} ", c.ticket.0), theme.style(role)))
        .title_bottom(Line::from(vec![
            Span::styled(format!(" {} ", k(Action::Send)), theme.style(Role::HintKey)),
            Span::styled("send ", theme.style(Role::HintText)),
            Span::styled(
                format!(" {}/{}/{} ", k(Action::SendOpen), k(Action::SendPending), k(Action::SendSolved)),
                theme.style(Role::HintKey),
            ),
            Span::styled("send as open/pending/solved ", theme.style(Role::HintText)),
            Span::styled(format!(" {} ", k(Action::Editor)), theme.style(Role::HintKey)),
            Span::styled("$EDITOR ", theme.style(Role::HintText)),
            Span::styled(" Esc ", theme.style(Role::HintKey)),
            Span::styled("keep draft ", theme.style(Role::HintText)),
        ]))
        .border_style(theme.style(Role::BorderFocused));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    f.render_widget(&c.editor, inner);
}
