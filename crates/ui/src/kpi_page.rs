//! `:kpi`: every figure on one page — the KPI bar's and the day's team figures — with its
//! value, its last twelve hours as a sparkline where it has hours (the open count: its last
//! recounts), its definition, first replies in target per channel, and arrivals and solves
//! per hour. Any key closes it.

use super::format::figure;
use super::overlay::centered;
use frontline_app::Model;
use frontline_config::{Theme, ThemeRole};
use frontline_model::text::{duration, truncate};
use frontline_model::{BAR_DEFINITIONS, DAY_DEFINITIONS, sparkline, sparkline_gaps};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// A day figure as shown: its key says its unit (`…_percent`, `…_minutes`, `…_seconds`).
fn shown(key: &str, n: i64) -> String {
    if key.ends_with("_percent") {
        format!("{n}%")
    } else if key.ends_with("_seconds") {
        duration(n, true)
    } else {
        duration(n * 60, false)
    }
}

/// A figure's sparkline by its key: its hours where it has them, the open count's recounts.
fn trend(m: &Model, key: &str) -> String {
    if key == "open" {
        let recent = &m.stats.backlog[m.stats.backlog.len().saturating_sub(12)..];
        return if recent.len() > 1 { sparkline(recent) } else { String::new() };
    }
    if key == "solved_today" {
        let solved = &m.stats.solved_per_hour;
        return if solved.iter().any(|n| *n > 0) { sparkline(solved) } else { String::new() };
    }
    let hours = m.stats.hourly.iter().find(|(k, _)| *k == key).map_or(&[][..], |(_, v)| v.as_slice());
    if hours.iter().any(Option::is_some) { sparkline_gaps(hours) } else { String::new() }
}

fn key_of(label: &str) -> &'static str {
    BAR_DEFINITIONS.iter().chain(DAY_DEFINITIONS).find(|(_, l, _)| *l == label).map_or("", |(k, _, _)| *k)
}

/// The page's rows: label, value, sparkline, definition.
pub fn rows(m: &Model) -> Vec<(String, String, String, String)> {
    rows_without_trends(m)
        .into_iter()
        .map(|(label, value, def)| {
            let spark = trend(m, key_of(&label));
            (label, value, spark, def)
        })
        .collect()
}

fn rows_without_trends(m: &Model) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    for (label, _, value, _) in super::kpi_bar::items(m) {
        if label == "SLA in view" {
            // the bar's one SLA cell, as three rows
            let sla = &m.stats.kpis.sla;
            let next = sla.next_breach_in.map(|s| super::format::fmt_sla(s, m.settings.seconds_window));
            for (label, value) in [
                ("SLA breached", sla.breached.to_string()),
                ("SLA at risk", sla.at_risk.to_string()),
                ("Next breach", next.unwrap_or_else(|| "-".into())),
            ] {
                out.push((label.into(), value, definition(label).into()));
            }
            continue;
        }
        out.push((label.to_string(), value, definition(label).to_string()));
    }
    for ((key, label, def), v) in DAY_DEFINITIONS.iter().zip(m.stats.day.values().iter()) {
        let value = figure(v, |n| shown(key, *n));
        out.push((label.to_string(), value, def.to_string()));
    }
    let by_channel: Vec<String> = m
        .stats
        .day
        .first_reply_in_target_by_channel
        .iter()
        .map(|(channel, pct, n)| format!("{} {pct}% of {n}", channel.label()))
        .collect();
    if !by_channel.is_empty() {
        out.push(("  by channel".into(), String::new(), by_channel.join(" · ")));
    }
    out
}

/// What a figure means: the KPI bar's table (`frontline kpi` prints the same); a helpdesk's
/// own word for waiting tickets (RT's Stalled) is the Pending entry.
fn definition(label: &str) -> &'static str {
    match BAR_DEFINITIONS.iter().find(|(_, l, _)| *l == label) {
        Some((_, _, d)) => d,
        None if label == "Resolution avg" => "the helpdesk's own average time from creation to resolution today",
        None => BAR_DEFINITIONS.iter().find(|(k, _, _)| *k == "pending").map_or("", |(_, _, d)| *d),
    }
}

pub fn draw(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let rows = rows(m);
    let label_w = rows.iter().map(|(l, _, _, _)| l.chars().count()).max().unwrap_or(8) + 1;
    let value_w = rows.iter().map(|(_, v, _, _)| v.chars().count()).max().unwrap_or(4) + 2;
    let w = area.width.saturating_sub(2).min(120);
    // twelve hours and a gap, where they leave the definitions room (at 80 columns the
    // definitions are worth more: the two sparklines below still show the hours)
    let spark_w = if w >= 100 { 14 } else { 0 };
    let def_w = (w as usize).saturating_sub(label_w + value_w + spark_w + 3);
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|(label, value, spark, def)| {
            let role =
                if value.contains("n/a") || value.contains("no acc") { ThemeRole::KpiNa } else { ThemeRole::KpiValue };
            let spark = if spark_w > 0 { format!("{spark:<spark_w$}") } else { String::new() };
            Line::from(vec![
                Span::styled(format!(" {label:<label_w$}"), theme.style(ThemeRole::KpiLabel)),
                Span::styled(format!("{value:<value_w$}"), theme.style(role)),
                Span::styled(spark, theme.style(ThemeRole::KpiValue)),
                Span::styled(truncate(def, def_w), theme.style(ThemeRole::Dim)),
            ])
        })
        .collect();
    let spark = |name: &str, values: &[u64]| {
        let total: u64 = values.iter().sum();
        Line::from(vec![
            Span::styled(format!(" {name:<label_w$}"), theme.style(ThemeRole::KpiLabel)),
            Span::styled(sparkline(values), theme.style(ThemeRole::KpiValue)),
            Span::styled(format!("  {total} in 12 h"), theme.style(ThemeRole::Dim)),
        ])
    };
    lines.push(spark("Arrivals/h", &m.stats.trends.1));
    lines.push(spark("Solved/h", &m.stats.solved_per_hour));
    if !m.stats.today_loaded {
        lines.push(Line::styled(" today's changes are still loading", theme.style(ThemeRole::Dim)));
    }
    lines.push(Line::styled(
        " sparklines: the last 12 hours, oldest first (Open: its last recounts)",
        theme.style(ThemeRole::Dim),
    ));
    let r = centered(area, w + 2, (lines.len() as u16 + 2).min(area.height));
    f.render_widget(Clear, r);
    // how to leave sits in the border, where a short screen cannot push it out
    let block = Block::bordered()
        .title(" KPIs today (UTC) ")
        .title_bottom(Line::styled(" any key closes this page ", theme.style(ThemeRole::Dim)))
        .border_style(theme.style(ThemeRole::BorderFocused));
    f.render_widget(Paragraph::new(lines).block(block).style(theme.style(ThemeRole::Overlay)), r);
}

#[cfg(test)]
mod tests {
    use frontline_app::testkit::model;
    use frontline_model::{DayFigures, Figure};

    #[test]
    fn every_figure_has_a_row_with_its_definition() {
        let mut m = model(5, 120, 40);
        m.stats.day = DayFigures {
            resolution_rate: Figure::Value(85),
            one_touch: Figure::Value(40),
            resolution_median: Figure::Value(95),
            handle_median: Figure::Value(252),
            ..Default::default()
        };
        m.stats.day.first_reply_in_target_by_channel = vec![(frontline_model::Channel::WhatsApp, 90, 10)];
        m.stats.hourly =
            vec![("one_touch_percent", vec![None, Some(20), Some(60)]), ("reopen_rate_percent", vec![None])];
        m.stats.backlog = vec![140, 138, 150];
        let rows = super::rows(&m);
        let row = |label: &str| rows.iter().find(|(l, _, _, _)| l.trim() == label).cloned().unwrap();
        assert_eq!(row("Resolution rate").1, "85%");
        assert_eq!(row("One-touch").1, "40%");
        assert_eq!(row("Resolution time").1, "1h35m");
        assert_eq!(row("Handle time").1, "4m12s", "seconds shown as such");
        assert_eq!(row("Reopened").1, "…");
        assert_eq!(row("by channel").3, "whatsapp 90% of 10");
        assert_eq!(row("SLA breached").1, m.stats.kpis.sla.breached.to_string());
        assert!(row("Unassigned").3.contains("no assignee"));
        assert!(rows.iter().all(|(_, _, _, d)| !d.is_empty()));
        // each figure's hours as a sparkline; none where no hour had a value
        assert_eq!(row("One-touch").2, " ▁█");
        assert_eq!(row("Reopened").2, "");
        assert_eq!(row("Open").2, "▂▁█", "the open count's recounts");
    }
}
