//! Overlays: the help (generated from the keymap) and the view picker.

use crate::app::Model;
use crate::config::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}

pub fn help(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let rows = m.keymap.help_rows();
    let key_w = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(4) + 2;
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(k, h)| {
            Line::from(vec![
                Span::styled(format!(" {k:<key_w$}"), theme.style("hint_key")),
                Span::raw(h),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(
        " Esc clears the filter or returns to the queue. Any key closes this help.",
        theme.style("dim"),
    ));
    let r = centered(area, 78, lines.len() as u16 + 2);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(" Keys ")
                    .border_style(theme.style("border_focused")),
            )
            .style(theme.style("overlay")),
        r,
    );
}

pub fn views(f: &mut Frame, area: Rect, m: &Model, sel: usize, theme: &Theme) {
    let lines: Vec<Line> = m
        .views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mark = if Some(v.id) == m.view { "●" } else { " " };
            let line = Line::raw(format!(" {} {mark} {}", i + 1, v.title));
            if i == sel {
                line.style(theme.style("selected"))
            } else {
                line
            }
        })
        .collect();
    let w = m.views.iter().map(|v| v.title.chars().count()).max().unwrap_or(10) as u16 + 10;
    let r = centered(area, w.max(30), lines.len() as u16 + 2);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(" Views: Enter opens, Esc closes ")
                    .border_style(theme.style("border_focused")),
            )
            .style(theme.style("overlay")),
        r,
    );
}
