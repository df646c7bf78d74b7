//! `:outbox`: the writes not yet confirmed by the helpdesk — waiting, being sent, or refused
//! with the reason — with r to retry and d to discard.

use super::format::fmt_age;
use super::overlay::centered;
use frontline_app::Model;
use frontline_config::Theme;
use frontline_config::ThemeRole;
use frontline_model::OutState;
use frontline_model::text::truncate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub fn draw(f: &mut Frame, area: Rect, m: &Model, sel: usize, theme: &Theme) {
    let w = area.width.saturating_sub(4).min(110);
    let inner = w.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    if m.writes.outbox.is_empty() {
        lines.push(Line::raw(" Nothing waiting in the outbox."));
    }
    let orphans = orphan_lines(m, inner, theme);
    for (i, e) in m.writes.outbox.iter().enumerate() {
        let (word, role) = match e.state {
            OutState::Queued if e.error.is_some() => ("waiting", ThemeRole::SlaWarn),
            OutState::Queued => ("queued", ThemeRole::Dim),
            OutState::Sending => ("sending", ThemeRole::Dim),
            OutState::Failed => ("failed", ThemeRole::SlaBreach),
        };
        let head = format!(" {:<8} {:>4} ago  ", word, fmt_age(m.now, e.created_at));
        let label = truncate(&e.label, inner.saturating_sub(head.chars().count()));
        let mut line = Line::from(vec![Span::styled(head, theme.style(role)), Span::raw(label)]);
        if i == sel {
            line = line.style(theme.style(ThemeRole::Selected));
        }
        lines.push(line);
        if let Some(why) = &e.error {
            lines.push(Line::styled(
                format!("          {}", truncate(why, inner.saturating_sub(10))),
                theme.style(ThemeRole::Dim),
            ));
        }
    }
    lines.extend(orphans);
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2)).max(3);
    let r = centered(area, w.max(30), h);
    f.render_widget(Clear, r);
    let title = format!(" Outbox ({}): r retry · d discard · Esc closes ", m.writes.outbox.len());
    f.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title).border_style(theme.style(ThemeRole::BorderFocused)))
            .style(theme.style(ThemeRole::Overlay)),
        r,
    );
}

/// The writes kept for another helpdesk or agent: where they belong and what can be done.
fn orphan_lines<'a>(m: &'a Model, inner: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for o in &m.writes.orphans {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            truncate(&format!(" For {} — never sent from here:", o.belongs_to), inner),
            theme.style(ThemeRole::SlaWarn),
        ));
        for e in &o.entries {
            let head = format!(" {:>4} ago  ", fmt_age(m.now, e.created_at));
            lines.push(Line::from(vec![
                Span::styled(head.clone(), theme.style(ThemeRole::Dim)),
                Span::raw(truncate(
                    &format!("{} · key {}", e.label, e.key),
                    inner.saturating_sub(head.chars().count()),
                )),
            ]));
        }
    }
    if !m.writes.orphans.is_empty() {
        lines.push(Line::styled(
            truncate(
                " Their text: frontline outbox export · drop one: frontline outbox discard KEY · or point the profile back",
                inner,
            ),
            theme.style(ThemeRole::Dim),
        ));
    }
    lines
}
