//! Overlays: the help (generated from the keymap) and the view picker.

use frontline_app::Model;
use frontline_config::Theme;
use frontline_config::ThemeRole;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))]).flex(Flex::Center).areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))]).flex(Flex::Center).areas(v);
    r
}

/// The keymap in as many columns as the screen needs.
pub fn help(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let rows = m.keymap.help_rows();
    let key_w = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(4) + 2;
    let entry_w = key_w + rows.iter().map(|(_, h)| h.chars().count()).max().unwrap_or(10) + 2;
    // rows per column: the screen's height less the borders (the footer sits in the bottom one)
    let height = area.height.saturating_sub(2).max(1) as usize;
    let cols = rows.len().div_ceil(height).max(1);
    let per_col = rows.len().div_ceil(cols);
    let col_w = ((area.width.saturating_sub(2) as usize) / cols).min(entry_w);
    let mut lines: Vec<Line> = Vec::new();
    for r in 0..per_col {
        let mut spans = Vec::new();
        for c in 0..cols {
            if let Some((k, h)) = rows.get(c * per_col + r) {
                spans.push(Span::styled(format!(" {k:<key_w$}"), theme.style(ThemeRole::HintKey)));
                let room = col_w.saturating_sub(key_w + 1);
                spans.push(Span::raw(format!("{:<room$}", frontline_model::text::truncate(h, room))));
            }
        }
        lines.push(Line::from(spans));
    }
    let footer = " Esc: back to the queue · any key closes this help ";
    // wide enough for the footer too, where the screen has room: never cut mid-word
    let w = (col_w * cols).max(footer.chars().count() + 2) as u16 + 2;
    let r = centered(area, w, lines.len() as u16 + 2);
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .title(" Keys ")
        .title_bottom(Line::styled(footer, theme.style(ThemeRole::Dim)))
        .border_style(theme.style(ThemeRole::BorderFocused));
    f.render_widget(Paragraph::new(lines).block(block).style(theme.style(ThemeRole::Overlay)), r);
}

pub fn views(f: &mut Frame, area: Rect, m: &Model, sel: usize, theme: &Theme) {
    let lines: Vec<Line> = m
        .views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mark = if Some(v.id) == m.view { "●" } else { " " };
            let count = frontline_app::view_count(m, v).map(|n| format!("  {n}")).unwrap_or_default();
            let line = Line::raw(format!(" {} {mark} {}{count}", i + 1, v.title));
            if i == sel { line.style(theme.style(ThemeRole::Selected)) } else { line }
        })
        .collect();
    let title = " Views: Enter opens, Esc closes ";
    let w = m.views.iter().map(|v| v.title.chars().count()).max().unwrap_or(10) as u16 + 16;
    let r = centered(area, w.max(title.chars().count() as u16 + 2), lines.len() as u16 + 2);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title).border_style(theme.style(ThemeRole::BorderFocused)))
            .style(theme.style(ThemeRole::Overlay)),
        r,
    );
}
