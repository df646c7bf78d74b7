//! Drawing: pure functions of `&Model` and `&Theme` into a ratatui frame. One file per pane;
//! nothing here mutates state or does IO.

mod composer;
mod conversation;
mod customer;
mod dialogs;
mod format;
mod kpi_bar;
mod kpi_page;
mod orders;
mod outbox;
mod overlay;
mod queue;
mod status_line;
mod team;
mod wallboard;

pub use format::{fmt_age, fmt_sla};
pub use frontline_app::layout::{self, Areas, areas};

use frontline_app::{Mode, Model};
use frontline_config::Theme;
use frontline_config::ThemeRole;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn draw(f: &mut Frame, m: &Model, theme: &Theme) {
    let area = f.area();
    f.render_widget(Block::default().style(theme.style(ThemeRole::Base)), area);
    let Some(a) = areas(area, m.focus, m.drafting.composer.is_some(), m.status_lines(), m.detail_need()) else {
        let msg = format!(
            "Frontline needs at least {}x{} (now {}x{})",
            layout::MIN_W,
            layout::MIN_H,
            area.width,
            area.height
        );
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }).style(theme.style(ThemeRole::StatusError)), area);
        return;
    };
    if m.board.on {
        // the status line may take two or three rows (a long notice): the board stops above it
        let body = Rect { height: area.height.saturating_sub(a.status.height), ..area };
        wallboard::draw(f, body, m, theme);
        status_line::draw(f, a.status, m, theme);
        match &m.mode {
            Mode::Help => overlay::help(f, area, m, theme),
            Mode::Kpi => kpi_page::draw(f, area, m, theme),
            _ => {}
        }
        return;
    }
    kpi_bar::draw(f, a.kpi, m, theme);
    queue::draw(f, a.queue, m, theme);
    if let Some(r) = a.conversation {
        if m.drafting.composer.is_some() && matches!(m.mode, Mode::Compose) {
            let h = composer::height(r, m);
            let top = Rect { height: r.height - h, ..r };
            let bottom = Rect { y: r.y + r.height - h, height: h, ..r };
            conversation::draw(f, top, m, theme);
            composer::draw(f, bottom, m, theme);
        } else {
            conversation::draw(f, r, m, theme);
        }
    }
    if let Some(r) = a.customer {
        customer::draw(f, r, m, theme);
    }
    status_line::draw(f, a.status, m, theme);
    match &m.mode {
        Mode::Help => overlay::help(f, area, m, theme),
        Mode::Kpi => kpi_page::draw(f, area, m, theme),
        Mode::Team(sel) => team::draw(f, area, m, *sel, theme),
        Mode::Views(sel) => overlay::views(f, area, m, *sel, theme),
        Mode::Outbox(sel) => outbox::draw(f, area, m, *sel, theme),
        Mode::Pick(p) => dialogs::picker(f, area, m, p, theme),
        Mode::Prompt(p) => dialogs::prompt(f, area, p, theme),
        Mode::Form(form) => dialogs::form(f, area, form, theme),
        Mode::Confirm(c) => dialogs::confirm(f, area, c, theme),
        Mode::Preview(p) => dialogs::preview(f, area, m, p, theme),
        Mode::Conflict(c) => dialogs::conflict(f, area, m, c, theme),
        Mode::Merge(a) => dialogs::merge(f, area, m, a, theme),
        _ => {}
    }
}
