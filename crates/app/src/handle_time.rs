//! Handle time: the seconds an agent spends on the selected ticket — the terminal focused and
//! a key pressed within `[time_tracking] idle_minutes` — kept per ticket until the agent's next
//! write on it carries them to the helpdesk (`TicketChange::time_spent`, in the outbox entry,
//! so a resend that finds the write landed adds nothing). Time in the external editor counts
//! whole. The clock is the 1 s tick: a stretch is exact to the second.

pub mod state;
pub use state::*;

use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use frontline_model::TicketId;

/// The ticket the agent is working on: the selected one, unless a page that is not about it
/// covers the screen (the KPI page, the team board, the wallboard, views, the outbox, help).
pub fn working_on(m: &Model) -> Option<TicketId> {
    let elsewhere =
        m.board.on || matches!(m.mode, Mode::Kpi | Mode::Team(_) | Mode::Views(_) | Mode::Outbox(_) | Mode::Help);
    if elsewhere { None } else { m.selected().map(|t| t.id) }
}

/// The terminal gained or lost focus.
pub fn focus(m: &mut Model, focused: bool) -> Vec<Effect> {
    m.timer.unfocused = !focused;
    if focused {
        // coming back counts as activity: the agent is looking again
        m.timer.key(m.now);
    }
    m.dirty |= m.timer.on();
    vec![]
}

/// The helpdesk said where it records time, or that it cannot.
pub fn answered(m: &mut Model, result: Result<String, frontline_backend::BackendError>) -> Vec<Effect> {
    if let Err(why) = &result {
        m.notice = Some(Notice { text: format!("time tracking off: {why}"), error: true });
        m.dirty = true;
    }
    m.timer.records_to = Some(result);
    vec![]
}

/// What the status line shows for the selected ticket: `⏱ 4m12s`.
pub fn shown(m: &Model) -> Option<String> {
    if !m.timer.on() {
        return None;
    }
    let t = m.selected()?;
    let s = i64::try_from(m.timer.unwritten(t.id)).unwrap_or(i64::MAX);
    Some(format!("⏱ {}", frontline_model::text::duration(s, true)))
}
