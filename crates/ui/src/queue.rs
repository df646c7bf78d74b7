//! The queue: one row per ticket, only the rows on screen built. Columns give way on narrow
//! terminals by what they are worth: the channel first, then requester and assignee, then age.

use super::format::{fmt_row_age, fmt_sla, priority_role, sla_role, status_role};
use frontline_app::{Model, Pane};
use frontline_config::Theme;
use frontline_config::ThemeRole;
use frontline_model::Ticket;
use frontline_model::text::truncate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

#[derive(Clone, Copy, PartialEq)]
enum Col {
    Id,
    Channel,
    Priority,
    Status,
    Subject,
    Requester,
    Assignee,
    Age,
    Sla,
}

/// The queue's columns at `width`; the status column fits the helpdesk's longest status word
/// and the id column the longest id on screen. Below 100 columns they give way by what they
/// are worth: the channel first (the ticket pane says it), so the assignee keeps a column at
/// 80; below 70 the requester and assignee, below 60 the age.
fn columns(width: u16, names: &frontline_model::StatusNames, id_w: u16) -> Vec<(Col, Constraint, &'static str)> {
    let status_w = names.all().iter().map(|n| n.len()).max().unwrap_or(7).clamp(6, 10) as u16;
    let mut cols = vec![(Col::Id, Constraint::Length(id_w.max(3)), " #")];
    if width >= 100 {
        cols.push((Col::Channel, Constraint::Length(4), "via"));
    }
    cols.extend([
        (Col::Priority, Constraint::Length(6), "prio"),
        (Col::Status, Constraint::Length(status_w), "status"),
        (Col::Subject, Constraint::Min(12), "subject"),
    ]);
    if width >= 100 {
        cols.push((Col::Requester, Constraint::Length(18), "requester"));
    } else if width >= 70 {
        cols.push((Col::Requester, Constraint::Length(12), "requester"));
    }
    if width >= 140 {
        cols.push((Col::Assignee, Constraint::Length(16), "assignee"));
    } else if width >= 76 {
        // from 78 columns inside (an 80-column terminal): narrower, the subject keeps its 12
        cols.push((Col::Assignee, Constraint::Length(9), "assignee"));
    }
    cols.push((Col::Age, Constraint::Length(4), "upd"));
    cols.push((Col::Sla, Constraint::Length(7), "SLA"));
    if width < 60 {
        cols.retain(|c| !matches!(c.0, Col::Channel | Col::Age));
    }
    cols
}

fn cell<'a>(col: Col, t: &'a Ticket, m: &'a Model, theme: &Theme, width: usize) -> Cell<'a> {
    match col {
        Col::Id if m.marked.contains(&t.id) => Cell::from(format!("●{}", t.id.0)).style(theme.style(ThemeRole::Marked)),
        Col::Id => match m.unseen.get(&t.id) {
            Some(true) => Cell::from(format!("+{}", t.id.0)).style(theme.style(ThemeRole::StatusNew)),
            Some(false) => Cell::from(format!("~{}", t.id.0)).style(theme.style(ThemeRole::StatusNew)),
            None => Cell::from(format!(" {}", t.id.0)),
        },
        Col::Channel => Cell::from(t.channel.short()).style(theme.style(ThemeRole::Dim)),
        Col::Priority => Cell::from(t.priority.map_or("-", frontline_model::Priority::label))
            .style(theme.style(priority_role(t.priority))),
        Col::Status => {
            Cell::from(m.settings.status_names.name(&t.status).to_string()).style(theme.style(status_role(&t.status)))
        }
        Col::Subject if m.queue.held == Some(t.id) => {
            Cell::from(truncate(&format!("(not in this view) {}", t.subject), width)).style(theme.style(ThemeRole::Dim))
        }
        // what identifies the ticket stays: the order number, the requester's family name
        Col::Subject => Cell::from(frontline_model::text::truncate_keeping_numbers(&t.subject, width)),
        Col::Requester => Cell::from(frontline_model::text::short_name(m.user_name(t.requester).unwrap_or("-"), width)),
        Col::Assignee => Cell::from(frontline_model::text::short_name(m.user_name(t.assignee).unwrap_or("-"), width))
            .style(theme.style(if t.assignee.is_some() { ThemeRole::Base } else { ThemeRole::Dim })),
        Col::Age => Cell::from(fmt_row_age(m.now, t.updated_at)).style(theme.style(ThemeRole::Dim)),
        Col::Sla => match (&t.sla, t.sla_remaining(m.now)) {
            (_, Some(r)) if t.status.is_unsolved() => Cell::from(fmt_sla(r, m.settings.seconds_window))
                .style(theme.style(sla_role(r, m.settings.sla_warn_secs, m.settings.sla_critical_secs))),
            (Some(_), None) if t.status.is_unsolved() => Cell::from("paused").style(theme.style(ThemeRole::SlaPaused)),
            _ => Cell::from(""),
        },
    }
}

pub fn draw(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let focused = m.focus == Pane::Queue;
    let q = &m.queue;
    // a held ticket is no longer the view's
    let in_view = q.tickets.len() - usize::from(q.held.is_some_and(|id| q.index.contains_key(&id)));
    let mut title = format!(" {} ({in_view})", m.view_title());
    if !m.filter.text.is_empty() {
        title.push_str(&format!(" · filter \"{}\" {}/{}", m.filter.text, q.visible.len(), q.tickets.len()));
        if m.filter.fuzzy && !q.visible.is_empty() {
            title.push_str(" · fuzzy (no ticket has every word)");
        }
    }
    if m.sort != frontline_app::SortKey::View {
        title.push_str(&format!(" · by {}", m.sort.label()));
    }
    if !m.marked.is_empty() {
        title.push_str(&format!(" · {} marked", m.marked.len()));
    }
    if q.loading {
        title.push_str(" · loading…");
    }
    title.push(' ');
    let block = Block::bordered()
        .title(Span::styled(truncate(&title, area.width.saturating_sub(2) as usize), theme.style(ThemeRole::Title)))
        .border_style(theme.style(if focused { ThemeRole::BorderFocused } else { ThemeRole::Border }));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if q.visible.is_empty() {
        let msg = if q.loading {
            "loading…"
        } else if !m.filter.text.is_empty() {
            "no ticket matches the filter (Esc clears it)"
        } else {
            "no tickets in this view"
        };
        f.render_widget(Paragraph::new(msg).style(theme.style(ThemeRole::Dim)), inner);
        return;
    }
    let rows_fit = inner.height.saturating_sub(1) as usize;
    // the selected row is always drawn, even when the pane shrank since the offset was set
    let start = q.offset.min(q.visible.len().saturating_sub(1)).min(q.selected);
    let start = start.max((q.selected + 1).saturating_sub(rows_fit.max(1)));
    let shown = &q.visible[start..(start + rows_fit).min(q.visible.len())];
    // the widest id on screen and its mark (●, +, ~) — not a fixed 8
    let id_w = shown.iter().map(|&i| q.tickets[i].id.0.to_string().len() + 1).max().unwrap_or(4) as u16;
    let cols = columns(inner.width, &m.settings.status_names, id_w.max(if inner.width >= 100 { 8 } else { 0 }));
    let fixed: u16 = cols.iter().map(|c| if let Constraint::Length(n) = c.1 { n + 1 } else { 1 }).sum();
    let flex = inner.width.saturating_sub(fixed) as usize;
    let rows: Vec<Row> = shown
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let t = &q.tickets[i];
            let cells = cols.iter().map(|(c, w, _)| {
                let width = match w {
                    Constraint::Length(n) => *n as usize,
                    _ => flex.max(12),
                };
                cell(*c, t, m, theme, width)
            });
            let row = Row::new(cells.collect::<Vec<_>>());
            if start + n == q.selected { row.style(theme.style(ThemeRole::Selected)) } else { row }
        })
        .collect();
    let header =
        Row::new(cols.iter().map(|c| Cell::from(c.2)).collect::<Vec<_>>()).style(theme.style(ThemeRole::MessageMeta));
    let table = Table::new(rows, cols.iter().map(|c| c.1).collect::<Vec<_>>()).header(header).column_spacing(1);
    f.render_widget(table, inner);
}
