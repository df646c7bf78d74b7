//! The wallboard: the KPIs large, ticket counts per view, and the tickets closest to (or
//! past) their SLA first. Read-only; fits a wall screen or a tmux pane.

use super::format::{fmt_sla, sla_role};
use super::kpi_bar;
use frontline_app::Model;
use frontline_config::Theme;
use frontline_config::ThemeRole;
use frontline_model::text::truncate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Three rows per character: digits and a few signs large, anything else as itself.
fn big(text: &str) -> [String; 3] {
    let mut rows = [String::new(), String::new(), String::new()];
    for c in text.chars() {
        let glyph: [&str; 3] = match c {
            c if !(c.is_ascii_digit() || c == '-' || c == '%') => {
                // anything else stands as itself on the middle row
                let w = frontline_model::text::width(&c.to_string());
                for (i, row) in rows.iter_mut().enumerate() {
                    if i == 1 {
                        row.push(c);
                    } else {
                        row.push_str(&" ".repeat(w));
                    }
                    row.push(' ');
                }
                continue;
            }
            '0' => ["█▀█", "█ █", "█▄█"],
            '1' => [" ▀█", "  █", "  █"],
            '2' => ["▀▀█", "█▀▀", "█▄▄"],
            '3' => ["▀▀█", " ▀█", "▄▄█"],
            '4' => ["█ █", "▀▀█", "  █"],
            '5' => ["█▀▀", "▀▀█", "▄▄█"],
            '6' => ["█▀▀", "█▀█", "█▄█"],
            '7' => ["▀▀█", "  █", "  █"],
            '8' => ["█▀█", "█▀█", "█▄█"],
            '9' => ["█▀█", "▀▀█", "▄▄█"],
            '-' => ["   ", "▀▀▀", "   "],
            _ => ["▀ ▄", " ▄▀", "▀ ▄"],
        };
        for (row, g) in rows.iter_mut().zip(glyph) {
            row.push_str(g);
            row.push(' ');
        }
    }
    rows
}

fn tile(f: &mut Frame, area: Rect, label: &str, value: &str, role: ThemeRole, theme: &Theme) {
    let block = Block::bordered()
        .title(Span::styled(format!(" {label} "), theme.style(ThemeRole::KpiLabel)))
        .border_style(theme.style(ThemeRole::Border));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let rows = big(value);
    let fits = rows[0].chars().count() <= inner.width as usize && inner.height >= 3;
    let lines: Vec<Line> = if fits {
        rows.into_iter().map(|r| Line::styled(r, theme.style(role)).centered()).collect()
    } else {
        vec![Line::styled(truncate(value, inner.width as usize), theme.style(role)).centered()]
    };
    let top = inner.height.saturating_sub(lines.len() as u16) / 2;
    f.render_widget(Paragraph::new(lines), Rect { y: inner.y + top, height: inner.height - top, ..inner });
}

pub fn draw(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let items: Vec<(&str, String, ThemeRole)> = kpi_bar::items(m)
        .into_iter()
        .filter(|(l, _, _, _)| *l != "SLA in view")
        .map(|(l, _, v, r)| (l, v, r))
        .chain([
            (
                "SLA breached in view",
                m.stats.kpis.sla.breached.to_string(),
                if m.stats.kpis.sla.breached > 0 { ThemeRole::KpiCritical } else { ThemeRole::KpiValue },
            ),
            (
                "At risk in view",
                m.stats.kpis.sla.at_risk.to_string(),
                if m.stats.kpis.sla.at_risk > 0 { ThemeRole::KpiWarn } else { ThemeRole::KpiValue },
            ),
        ])
        .collect();
    let per_row = if area.width >= 160 {
        items.len()
    } else if area.width >= 80 {
        items.len().div_ceil(2)
    } else {
        items.len().div_ceil(3)
    };
    let tile_rows = items.len().div_ceil(per_row);
    let tile_h: u16 = if area.height >= 30 { 5 } else { 3 };
    let [tiles, rest] =
        Layout::vertical([Constraint::Length(tile_h * tile_rows as u16), Constraint::Min(0)]).areas(area);
    for (r, chunk) in items.chunks(per_row).enumerate() {
        let row = Rect { y: tiles.y + r as u16 * tile_h, height: tile_h, ..tiles };
        let cols = Layout::horizontal(vec![Constraint::Ratio(1, per_row as u32); per_row]).split(row);
        for ((label, value, role), cell) in chunk.iter().zip(cols.iter()) {
            tile(f, *cell, label, value, *role, theme);
        }
    }
    if rest.height < 3 {
        return;
    }
    let [left, breaches] = Layout::horizontal([Constraint::Percentage(35), Constraint::Percentage(65)]).areas(rest);
    // the team under the views: who has how many open, who solved what today
    let team = frontline_app::team::rows(m);
    let team_h = if team.is_empty() || left.height < 10 { 0 } else { (team.len() as u16 + 3).min(left.height / 2) };
    let [views, team_area] = Layout::vertical([Constraint::Min(0), Constraint::Length(team_h)]).areas(left);
    if team_h > 0 {
        // the borders, the leading space and the two 7-wide columns: the last one was cut
        let w = team_area.width.saturating_sub(2 + 1 + 14) as usize;
        let mut lines =
            vec![Line::styled(format!(" {:<w$}{:>7}{:>7}", "agent", "open", "solved"), theme.style(ThemeRole::Dim))];
        lines.extend(team.iter().map(|r| {
            let open = r.open.map_or_else(|| "…".into(), |n| n.to_string());
            let role = if r.breaching.unwrap_or(0) > 0 { ThemeRole::SlaBreach } else { ThemeRole::KpiValue };
            Line::from(vec![
                Span::raw(format!(" {:<w$}", truncate(&r.name, w))),
                Span::styled(format!("{open:>7}"), theme.style(role)),
                Span::styled(format!("{:>7}", r.solved_today), theme.style(ThemeRole::KpiValue)),
            ])
        }));
        let block = Block::bordered()
            .title(Span::styled(" Team ", theme.style(ThemeRole::Title)))
            .border_style(theme.style(ThemeRole::Border));
        f.render_widget(Paragraph::new(lines).block(block), team_area);
    }
    let view_lines: Vec<Line> = m
        .views
        .iter()
        .map(|v| {
            let n = frontline_app::view_count(m, v).map_or_else(|| "…".into(), |n| n.to_string());
            let w = views.width.saturating_sub(10) as usize;
            Line::from(vec![
                Span::raw(format!(" {:<w$}", truncate(&v.title, w))),
                Span::styled(format!("{n:>6}"), theme.style(ThemeRole::KpiValue)),
            ])
        })
        .collect();
    let block = Block::bordered()
        .title(Span::styled(" Views ", theme.style(ThemeRole::Title)))
        .border_style(theme.style(ThemeRole::Border));
    f.render_widget(Paragraph::new(view_lines).block(block), views);
    // Only the rows that fit are ordered: a linear selection, not a sort of the whole queue
    // on every frame.
    let rows = breaches.height.saturating_sub(2) as usize;
    let mut at_risk: Vec<(i64, &frontline_model::Ticket)> = m
        .queue
        .tickets
        .iter()
        .filter(|t| t.status.is_unsolved())
        .filter_map(|t| t.sla_remaining(m.now).map(|r| (r, t)))
        .collect();
    if rows > 0 && at_risk.len() > rows {
        at_risk.select_nth_unstable_by_key(rows - 1, |(r, t)| (*r, t.id));
        at_risk.truncate(rows);
    }
    at_risk.sort_unstable_by_key(|(r, t)| (*r, t.id));
    let at_risk: Vec<&frontline_model::Ticket> = at_risk.into_iter().map(|(_, t)| t).collect();
    // who has it: a breach list is for the lead who asks them
    let who_w: usize = if breaches.width >= 50 { 14 } else { 0 };
    let w = breaches.width.saturating_sub(18 + who_w as u16) as usize;
    let lines: Vec<Line> = at_risk
        .iter()
        .take(breaches.height.saturating_sub(2) as usize)
        .map(|t| {
            let r = t.sla_remaining(m.now).unwrap_or(0);
            let who = m.user_name(t.assignee).map_or_else(
                || "unassigned".to_string(),
                |n| frontline_model::text::short_name(n, who_w.saturating_sub(1)),
            );
            let mut spans = vec![
                Span::styled(
                    format!(" {:>7} ", fmt_sla(r, m.settings.seconds_window)),
                    theme.style(sla_role(r, m.settings.sla_warn_secs, m.settings.sla_critical_secs)),
                ),
                Span::raw(format!("#{:<7} ", t.id.0)),
            ];
            if who_w > 0 {
                let role = if t.assignee.is_none() { ThemeRole::SlaWarn } else { ThemeRole::Dim };
                spans.push(Span::styled(format!("{:<who_w$}", truncate(&who, who_w - 1)), theme.style(role)));
            }
            spans.push(Span::raw(truncate(&t.subject, w)));
            Line::from(spans)
        })
        .collect();
    let title = format!(" Breaches first · {} ", m.view_title());
    let block = Block::bordered()
        .title(Span::styled(title, theme.style(ThemeRole::Title)))
        .border_style(theme.style(ThemeRole::Border));
    f.render_widget(Paragraph::new(lines).block(block), breaches);
}
