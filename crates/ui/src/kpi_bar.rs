//! The KPI bar: always on top, one line; warn and critical colours from the config's thresholds.

use super::format::{figure, fmt_sla};
use frontline_app::Model;
use frontline_config::ThemeRole;
use frontline_config::{KpiConfig, Theme};
use frontline_model::Figure;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn level_high(v: u64, warn: u64, critical: u64) -> ThemeRole {
    if critical > 0 && v >= critical {
        ThemeRole::KpiCritical
    } else if warn > 0 && v >= warn {
        ThemeRole::KpiWarn
    } else {
        ThemeRole::KpiValue
    }
}

fn role_of<T>(f: &Figure<T>, pick: impl Fn(&T) -> ThemeRole) -> ThemeRole {
    match f {
        Figure::Value(v) => pick(v),
        _ => ThemeRole::KpiNa,
    }
}

/// (long label, short label, value, role) for each figure, in order.
pub fn items(m: &Model) -> Vec<(&'static str, &'static str, String, ThemeRole)> {
    let k = &m.stats.kpis;
    let c: &KpiConfig = &m.settings.kpi;
    let n = |f: &Figure<u64>| figure(f, std::string::ToString::to_string);
    let waiting = m.settings.status_names.waiting_label();
    let sla = if k.sla.breached == 0 && k.sla.at_risk == 0 && k.sla.next_breach_in.is_none() {
        "none running".to_string()
    } else {
        let next = k
            .sla
            .next_breach_in
            .map(|s| format!(" next {}", fmt_sla(s, m.settings.seconds_window)))
            .unwrap_or_default();
        format!("{} breached {} at risk{next}", k.sla.breached, k.sla.at_risk)
    };
    let sla_role = level_high(k.sla.breached, c.breached_warn, c.breached_critical);
    let sla_role = if sla_role == ThemeRole::KpiValue && k.sla.at_risk > 0 { ThemeRole::KpiWarn } else { sla_role };
    let mut list = vec![
        ("Open", "Open", n(&k.counts.open), role_of(&k.counts.open, |_| ThemeRole::KpiValue)),
        ("New", "New", n(&k.counts.new), role_of(&k.counts.new, |_| ThemeRole::KpiValue)),
        (
            "Unassigned",
            "Unas",
            n(&k.counts.unassigned),
            role_of(&k.counts.unassigned, |v| level_high(*v, c.unassigned_warn, c.unassigned_critical)),
        ),
        (
            "Urgent",
            "Urg",
            n(&k.counts.urgent),
            role_of(&k.counts.urgent, |v| level_high(*v, c.urgent_warn, c.urgent_critical)),
        ),
        (waiting.0, waiting.1, n(&k.counts.pending), role_of(&k.counts.pending, |_| ThemeRole::KpiValue)),
        // the counts are the account's; the SLA clocks are read from the view's tickets, and say so
        ("SLA in view", "SLA·view", sla, sla_role),
        (
            "1st reply",
            "FRT",
            figure(&k.first_reply_median, |v| format!("{v}m")),
            role_of(&k.first_reply_median, |v| {
                if *v >= c.first_reply_critical_minutes {
                    ThemeRole::KpiCritical
                } else if *v >= c.first_reply_warn_minutes {
                    ThemeRole::KpiWarn
                } else {
                    ThemeRole::KpiValue
                }
            }),
        ),
        (
            "CSAT",
            "CSAT",
            figure(&k.csat, |v| format!("{v}%")),
            role_of(&k.csat, |v| {
                if *v < c.csat_critical_below {
                    ThemeRole::KpiCritical
                } else if *v < c.csat_warn_below {
                    ThemeRole::KpiWarn
                } else {
                    ThemeRole::KpiValue
                }
            }),
        ),
        ("Solved today", "Solved", n(&k.solved_today), role_of(&k.solved_today, |_| ThemeRole::KpiValue)),
    ];
    // the helpdesk's own average resolution time, where it reports one (Chatwoot)
    if m.stats.report.is_some() {
        list.push((
            "Resolution avg",
            "Res",
            figure(&k.resolution_avg, |v| frontline_model::text::duration(*v * 60, false)),
            role_of(&k.resolution_avg, |_| ThemeRole::KpiValue),
        ));
    }
    list
}

/// Labels dropped, in this order, when even the short form does not fit.
fn drop_first(m: &Model) -> [&'static str; 6] {
    ["Res", "Solved", m.settings.status_names.waiting_label().1, "New", "CSAT", "FRT"]
}

pub fn draw(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let room = area.width as usize;
    let width = |items: &[(&str, ThemeRole, String)]| -> usize {
        items.iter().map(|(l, _, v)| l.chars().count() + v.chars().count() + 4).sum::<usize>() + 1
    };
    let all = items(m);
    let long: Vec<(&str, ThemeRole, String)> = all.iter().map(|(l, _, v, r)| (*l, *r, v.clone())).collect();
    let fits = width(&long) <= room;
    let mut shown = if fits {
        long
    } else {
        let compact = |v: &str| {
            v.replace(" breached ", "✗ ")
                .replace(" at risk", "⚠")
                .replace(" next ", " →")
                .replace("none running", "-")
                .replace("no access", "no acc")
        };
        all.iter().map(|(_, s, v, r)| (*s, *r, compact(v))).collect()
    };
    for label in drop_first(m) {
        if width(&shown) <= room {
            break;
        }
        shown.retain(|(l, _, _)| *l != label);
    }
    let mut spans = vec![Span::styled(" ", theme.style(ThemeRole::KpiLabel))];
    for (i, (label, role, v)) in shown.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(if fits { " │ " } else { " " }, theme.style(ThemeRole::Border)));
        }
        spans.push(Span::styled(format!("{label} "), theme.style(ThemeRole::KpiLabel)));
        spans.push(Span::styled(v, theme.style(role)));
    }
    let mut lines = vec![Line::from(spans)];
    if area.height >= 2 {
        lines.push(trends(m, theme));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// Unsolved tickets per channel, arrivals per hour over 12 hours, and the open backlog.
fn trends<'a>(m: &'a Model, theme: &Theme) -> Line<'a> {
    let (channels, arrivals) = &m.stats.trends;
    let mut spans = vec![Span::styled(" Channels ", theme.style(ThemeRole::KpiLabel))];
    if channels.is_empty() {
        spans.push(Span::styled("-", theme.style(ThemeRole::KpiNa)));
    }
    for (i, (ch, n)) in channels.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.style(ThemeRole::Border)));
        }
        spans.push(Span::styled(format!("{} ", ch.label()), theme.style(ThemeRole::KpiLabel)));
        spans.push(Span::styled(n.to_string(), theme.style(ThemeRole::KpiValue)));
    }
    spans.push(Span::styled(" │ Arrivals/h (12h) ", theme.style(ThemeRole::KpiLabel)));
    spans.push(Span::styled(frontline_model::sparkline(arrivals), theme.style(ThemeRole::KpiValue)));
    spans.push(Span::styled(format!(" {}", arrivals.last().copied().unwrap_or(0)), theme.style(ThemeRole::KpiValue)));
    if m.stats.backlog.len() > 1 {
        spans.push(Span::styled(" │ Backlog ", theme.style(ThemeRole::KpiLabel)));
        spans.push(Span::styled(frontline_model::sparkline(&m.stats.backlog), theme.style(ThemeRole::KpiValue)));
    }
    Line::from(spans)
}
