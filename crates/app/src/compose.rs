//! The reply and note composer: an inline editor (ratatui-textarea) under the ticket's
//! context, drafts kept on Esc, `$VISUAL`/`$EDITOR` on demand, and send with or without a
//! status. Empty or whitespace-only text is refused.

pub mod state;
pub use state::*;

use super::keymap::Action;
use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use frontline_config::{KeyCode, KeyEvent};
use frontline_model::{NewComment, Status, TicketChange, TicketId};

/// The editor's text written to a file of its own (`Alt-w`), or why not.
pub fn text_saved(m: &mut Model, result: Result<std::path::PathBuf, crate::errors::SaveTextError>) {
    m.notice = Some(match result {
        Ok(path) => Notice { text: format!("saved to {} (the text stays here too)", path.display()), error: false },
        Err(why) => Notice { text: format!("{why} — the text is still in the editor"), error: true },
    });
}

/// The store answered a draft's save.
pub fn saved(m: &mut Model, ticket: TicketId, result: Result<(), frontline_store::StoreError>) {
    let keeping = keeping_notice(ticket);
    match result {
        Ok(()) => {
            m.drafting.unkept.remove(&ticket);
            if m.notice.as_ref().is_some_and(|n| n.text == keeping) {
                m.notice = Some(Notice { text: format!("draft kept for #{}", ticket.0), error: false });
                m.dirty = true;
            }
        }
        // a draft removed (sent, emptied) that could not be removed: nothing is lost
        Err(_) if !m.drafting.drafts.contains_key(&ticket) => {}
        Err(e) => {
            tracing::warn!("draft for #{}: {e}", ticket.0);
            m.drafting.unkept.insert(ticket);
            m.notice = Some(Notice {
                text: format!(
                    "the draft for #{} could not be saved ({e}): it is only in this console — \
                     Alt-w in the editor writes it to a file; on quit it is printed",
                    ticket.0
                ),
                error: true,
            });
            m.dirty = true;
        }
    }
}

fn keeping_notice(ticket: TicketId) -> String {
    format!("keeping the draft for #{}…", ticket.0)
}

/// `q` with drafts only this console holds: asks once, then quits (the runtime prints them).
pub fn quit(m: &mut Model) {
    // writes still in their undo window: sent now, or left (said plainly where they go)
    let waiting: usize = m.writes.pending.iter().map(|j| j.changes.len()).sum();
    if waiting > 0 && m.writes.quitting.is_none() {
        let leave = if m.settings.demo {
            "quit and lose them: the demo's helpdesk ends with the console".to_string()
        } else {
            "quit and keep them in the outbox: they go at the next start".to_string()
        };
        let items = vec![
            (format!("send {waiting} now, then quit"), super::dialogs::state::PickValue::Quit(true)),
            (leave, super::dialogs::state::PickValue::Quit(false)),
        ];
        let title = format!("{waiting} write(s) still in the undo window (Esc: back to the console)");
        m.mode = Mode::Pick(super::dialogs::state::Picker::new(&title, items, vec![]));
        // the question is asked on the console, not under the wallboard
        m.board.on = false;
        m.dirty = true;
        return;
    }
    let n = m.drafting.unkept_drafts().len();
    if n == 0 || m.drafting.quit_asked {
        m.quit = true;
        return;
    }
    m.drafting.quit_asked = true;
    m.notice = Some(Notice {
        text: format!(
            "{n} draft(s) could not be saved to disk: q again quits and prints them to the terminal; \
             r opens one to send or Alt-w to write it to a file"
        ),
        error: true,
    });
    m.dirty = true;
}

/// Quitting with writes in their undo window: sent now and the console quits once they are
/// answered (a failed one stays in the outbox), or left where the agent was told they go.
pub fn quit_with_writes(m: &mut Model, send: bool) -> Vec<Effect> {
    m.writes.quitting = Some(send);
    if !send {
        quit(m);
        return vec![];
    }
    for job in &mut m.writes.pending {
        job.due = m.now;
    }
    let fx = super::writes::due(m);
    m.notice = Some(Notice { text: "sending what waited, then quitting…".into(), error: false });
    quit_when_sent(m);
    fx
}

/// Quits once nothing the agent sent before quitting is waiting or on its way.
pub fn quit_when_sent(m: &mut Model) {
    if m.writes.quitting != Some(true) || !m.writes.pending.is_empty() || !m.writes.in_flight.is_empty() {
        return;
    }
    // one was refused or conflicts: the agent sees why instead of the console closing on it
    let refused = m.writes.outbox.iter().any(|e| e.state == frontline_model::OutState::Failed);
    if refused || matches!(m.mode, Mode::Conflict(_)) {
        m.writes.quitting = None;
        if !matches!(m.mode, Mode::Conflict(_)) {
            m.notice = Some(Notice {
                text: "not quitting: a write was refused — :outbox shows why; q again quits".into(),
                error: true,
            });
        }
        return;
    }
    quit(m);
}

/// `r` (public) / `n` (internal): the selected ticket, with its draft if it has one.
pub fn open(m: &mut Model, public: bool) -> Vec<Effect> {
    if super::rules::read_only_refusal(m) {
        return vec![];
    }
    let Some(t) = m.selected().map(|t| t.id) else { return vec![] };
    if let Some(why) = super::rules::closed_to_writes(m, t) {
        m.notice = Some(Notice { text: why, error: true });
        return vec![];
    }
    let draft = m.drafting.drafts.get(&t).cloned();
    let text = draft.as_ref().map(|d| d.text.clone()).unwrap_or_default();
    m.open_composer(Composer::new(t, public, &text, TicketChange::default()));
    if draft.is_some() {
        m.notice = Some(Notice { text: "draft restored".into(), error: false });
    }
    super::navigate::load_selected(m)
}

pub fn key(m: &mut Model, k: KeyEvent) -> Vec<Effect> {
    let action = m.keymap.action(&k);
    let Some(c) = m.drafting.composer.as_mut() else {
        m.mode = Mode::Normal;
        return vec![];
    };
    match (k.code, action) {
        (KeyCode::Esc, _) => {
            let text = c.text();
            let (ticket, public) = (c.ticket, c.public);
            m.drafting.composer = None;
            m.mode = Mode::Normal;
            m.drafting.unsaved = false;
            let mut fx = super::live_feed::stop_typing(m);
            if text.trim().is_empty() {
                m.drafting.drafts.remove(&ticket);
                fx.push(Effect::SaveDraft { ticket, draft: None });
                return fx;
            }
            let draft = Draft { text, public };
            m.drafting.drafts.insert(ticket, draft.clone());
            // said kept only once the store has it (`saved`): a full disk must not hear "kept"
            m.notice = Some(Notice { text: keeping_notice(ticket), error: false });
            fx.push(Effect::SaveDraft { ticket, draft: Some(draft) });
            fx
        }
        (_, Some(Action::Send)) => send(m, None),
        (_, Some(Action::SendOpen)) => send(m, Some(Status::Open)),
        (_, Some(Action::SendPending)) => send(m, Some(Status::Pending)),
        (_, Some(Action::SendSolved)) => send(m, Some(Status::Solved)),
        (_, Some(Action::Editor)) => vec![Effect::EditExternally { text: c.text() }],
        (_, Some(Action::InsertText)) => super::macros::insert_picker(m),
        (_, Some(Action::InsertTracking)) => super::orders::insert_tracking(m),
        (_, Some(Action::SaveText)) if !c.text().trim().is_empty() => {
            vec![Effect::SaveText { ticket: c.ticket, text: c.text() }]
        }
        _ => {
            let changed = c.editor.input(k);
            m.drafting.unsaved |= changed;
            let (ticket, public) = (c.ticket, c.public);
            if changed { super::live_feed::typed(m, ticket, public) } else { vec![] }
        }
    }
}

/// Sends the text (refusing an empty one): it moves from the draft to the outbox, which keeps
/// it until the helpdesk has it.
fn send(m: &mut Model, status: Option<Status>) -> Vec<Effect> {
    let Some(c) = m.drafting.composer.as_ref() else { return vec![] };
    let text = c.text();
    if text.trim().is_empty() {
        m.notice =
            Some(Notice { text: "nothing to send: the reply is empty (Esc closes the editor)".into(), error: true });
        return vec![];
    }
    let (ticket, public) = (c.ticket, c.public);
    // a ticket that closed while the agent typed: the text stays in the editor
    if let Some(why) = super::rules::closed_to_writes(m, ticket) {
        m.notice = Some(Notice { text: why, error: true });
        return vec![];
    }
    // a colleague is on it: asked once, the next send goes
    if !c.warned
        && let Some(who) = super::colleague::on_it(m, ticket)
    {
        let again = m.keymap.first_key_label(Action::Send);
        m.notice = Some(Notice { text: format!("{again} again to send anyway: {who}"), error: true });
        if let Some(c) = m.drafting.composer.as_mut() {
            c.warned = true;
        }
        return vec![];
    }
    let mut change = c.extra.clone().merged(TicketChange {
        comment: Some(NewComment { body: text.trim_end().to_string(), public }),
        ..Default::default()
    });
    if status.is_some() {
        change.status = status.clone();
    }
    m.drafting.drafts.remove(&ticket);
    m.drafting.unsaved = false;
    m.drafting.composer = None;
    m.mode = Mode::Normal;
    let what = if public { "reply" } else { "note" };
    let label = match status {
        Some(s) => format!("{what} to #{} as {}", ticket.0, m.settings.status_names.name(&s)),
        None => format!("{what} to #{}", ticket.0),
    };
    let mut fx = super::live_feed::stop_typing(m);
    let queued = super::writes::queue(m, label, vec![(ticket, change)]);
    let sent = queued.iter().any(|e| matches!(e, Effect::Outbox(super::msg::OutboxOp::Put(_))));
    fx.extend(queued);
    fx.push(Effect::SaveDraft { ticket, draft: None });
    if sent {
        fx.extend(super::navigate::after_send(m, ticket));
    }
    fx
}

/// On the way out: the open composer's text, saved whatever the debounce says.
pub fn final_draft(m: &mut Model) -> Option<Effect> {
    m.drafting.unsaved = m.drafting.composer.is_some();
    save_draft(m)
}

/// The tick's draft save: the open composer's text, at most once a second while it changes.
pub fn save_draft(m: &mut Model) -> Option<Effect> {
    if !m.drafting.unsaved {
        return None;
    }
    m.drafting.unsaved = false;
    let c = m.drafting.composer.as_ref()?;
    let text = c.text();
    let draft = (!text.trim().is_empty()).then_some(Draft { text, public: c.public });
    match &draft {
        Some(d) => m.drafting.drafts.insert(c.ticket, d.clone()),
        None => m.drafting.drafts.remove(&c.ticket),
    };
    Some(Effect::SaveDraft { ticket: c.ticket, draft })
}

/// The external editor's answer.
pub fn edited(m: &mut Model, result: Result<String, crate::errors::EditorError>) {
    match (result, m.drafting.composer.as_mut()) {
        (Ok(text), Some(c)) => {
            c.editor = crate::editor_area::new(text.trim_end_matches('\n'));
            m.drafting.unsaved = true;
            m.notice = Some(Notice { text: "text from the editor".into(), error: false });
        }
        (Ok(_), None) => {}
        (Err(e), _) => {
            m.notice = Some(Notice { text: format!("external editor: {e} (the draft is unchanged)"), error: true });
        }
    }
    m.dirty = true;
}
