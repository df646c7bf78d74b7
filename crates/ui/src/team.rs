//! `:team`: the team board, one row per agent, the selected one highlighted. Columns drop
//! from the right on a narrow terminal; the agent's name is cut last.

use super::overlay::centered;
use frontline_app::Model;
use frontline_app::team::{TeamRow, rows};
use frontline_config::{Theme, ThemeRole};
use frontline_model::text::{duration, fmt_row_age, truncate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// (header, width) of each column after the name.
const COLUMNS: [(&str, usize); 8] =
    [("open", 6), ("pend", 6), ("solved", 7), ("1st rep", 8), ("CSAT", 6), ("oldest", 12), ("SLA✗", 5), ("handle", 8)];

fn cells(r: &TeamRow, now: i64) -> [String; 8] {
    let n = |v: Option<u64>, more: bool| v.map_or("…".into(), |v| format!("{v}{}", if more { "+" } else { "" }));
    [
        n(r.open, r.more),
        n(r.pending, r.more),
        r.solved_today.to_string(),
        r.first_reply_median.map_or("-".into(), |v| format!("{v}m")),
        r.csat.map_or("-".into(), |v| format!("{v}%")),
        r.oldest_waiting.map_or("-".into(), |(id, at)| format!("#{} {}", id.0, fmt_row_age(now, at))),
        r.breaching.map_or("…".into(), |v| v.to_string()),
        r.handle_median.map_or("-".into(), |s| duration(s, true)),
    ]
}

pub fn draw(f: &mut Frame, area: Rect, m: &Model, sel: usize, theme: &Theme) {
    let list = rows(m);
    let name_w = list.iter().map(|r| r.name.chars().count()).max().unwrap_or(10).clamp(10, 24);
    let full = name_w + 2 + COLUMNS.iter().map(|(_, cw)| cw).sum::<usize>();
    let w = (area.width.saturating_sub(4) as usize).min(full.max(56));
    // as many columns as fit beside the name
    let mut room = w.saturating_sub(name_w + 2);
    let shown = COLUMNS.iter().take_while(|(_, cw)| {
        let fits = room >= *cw;
        room = room.saturating_sub(*cw);
        fits
    });
    let shown: Vec<(&str, usize)> = shown.copied().collect();
    let mut lines = vec![Line::from(
        std::iter::once(Span::styled(format!(" {:<name_w$}", "agent"), theme.style(ThemeRole::Title)))
            .chain(shown.iter().map(|(h, cw)| Span::styled(format!("{h:>cw$}"), theme.style(ThemeRole::Title))))
            .collect::<Vec<_>>(),
    )];
    let height = area.height.saturating_sub(5) as usize;
    let first = sel.saturating_sub(height.saturating_sub(1));
    for (i, r) in list.iter().enumerate().skip(first).take(height) {
        let style = if i == sel { theme.style(ThemeRole::Selected) } else { theme.style(ThemeRole::Overlay) };
        let c = cells(r, m.now);
        let mut spans = vec![Span::styled(format!(" {:<name_w$}", truncate(&r.name, name_w)), style)];
        for (col, ((_, cw), text)) in shown.iter().zip(c.iter()).enumerate() {
            let breaching = col == 6 && text != "0" && text != "…";
            let s = if breaching && i != sel { theme.style(ThemeRole::SlaBreach) } else { style };
            spans.push(Span::styled(format!("{:>cw$}", truncate(text, *cw - 1)), s));
        }
        lines.push(Line::from(spans));
    }
    if list.is_empty() {
        lines.push(Line::styled(" the agents are loading…", theme.style(ThemeRole::Dim)));
    }
    lines.push(Line::styled(
        format!(" sorted by {} · s sort · Enter their tickets · Esc closes", m.team.sort.label()),
        theme.style(ThemeRole::Dim),
    ));
    let r = centered(area, w as u16 + 2, (lines.len() as u16 + 2).min(area.height));
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(format!(" Team ({}) ", list.len()))
                    .border_style(theme.style(ThemeRole::BorderFocused)),
            )
            .style(theme.style(ThemeRole::Overlay)),
        r,
    );
}
