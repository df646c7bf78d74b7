//! Merging the selected ticket into another (`M`, `:merge ID`): a confirmation that shows
//! both tickets, then the helpdesk's merge — Zendesk closes the source with a note and keeps
//! the target's conversation, adding the source's last comment to it. Sent at once after the
//! confirmation (not through the undo window): a merge cannot be taken back.

pub mod state;
pub use state::*;

use super::dialogs::state::{PickValue, Picker};
use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use frontline_backend::{BackendError, TicketPage};
use frontline_config::{KeyCode, KeyEvent};
use frontline_model::{Status, TicketId};

fn say(m: &mut Model, text: String, error: bool) -> Vec<Effect> {
    m.notice = Some(Notice { text, error });
    vec![]
}

/// `M`: the tickets this one most likely duplicates first — the same customer's other
/// unsolved tickets, then tickets in the queue naming the same order — and a number to type
/// for any other. Whether it offered any (else the number is asked for alone).
pub fn pick(m: &mut Model) -> bool {
    let Some(t) = m.selected().cloned() else { return false };
    let mut items: Vec<(String, PickValue)> = Vec::new();
    let mut seen = std::collections::HashSet::from([t.id]);
    if let Some(super::model::Loadable::Ready(p)) = t.requester.and_then(|r| m.details.customers.get(&r)) {
        for x in p.tickets.iter().filter(|x| x.status.is_unsolved()) {
            if seen.insert(x.id) {
                items.push((format!("#{} {} — same customer", x.id.0, x.subject), PickValue::MergeInto(x.id)));
            }
        }
    }
    for x in m.queue.tickets.iter().filter(|x| x.status.is_unsolved()) {
        if let Some(order) = x.refs.iter().find(|r| t.refs.contains(r))
            && seen.insert(x.id)
        {
            items.push((format!("#{} {} — names {order}", x.id.0, x.subject), PickValue::MergeInto(x.id)));
        }
    }
    if items.is_empty() || !m.settings.can_merge || m.settings.read_only {
        return false;
    }
    items.push(("another ticket: type its number".into(), PickValue::MergeTyped));
    m.mode = Mode::Pick(Picker::new(&format!("Merge #{} into", t.id.0), items, vec![t.id]));
    true
}

/// Asks to merge the selected ticket into `target`, reading the target when the queue lacks it.
pub fn ask(m: &mut Model, target: TicketId) -> Vec<Effect> {
    if super::rules::read_only_refusal(m) {
        return vec![];
    }
    let Some(source) = m.selected().map(|t| t.id) else { return say(m, "no ticket selected to merge".into(), true) };
    if !m.settings.can_merge {
        let text =
            format!("merging is not offered on {} from Frontline: merge in its own interface", m.settings.helpdesk);
        return say(m, text, true);
    }
    if source == target {
        return say(m, format!("#{} cannot be merged into itself", source.0), true);
    }
    if let Some(why) = super::rules::closed_to_writes(m, source) {
        return say(m, why, true);
    }
    let known = m.queue.get(target).cloned();
    let fx = if known.is_none() { vec![Effect::LoadMergeTarget(target)] } else { vec![] };
    m.mode = Mode::Merge(Box::new(MergeAsk { source, target, target_ticket: known }));
    fx
}

/// The target, read for the confirmation.
pub fn target_read(m: &mut Model, target: TicketId, result: Result<TicketPage, BackendError>) -> Vec<Effect> {
    let Mode::Merge(ask) = &mut m.mode else { return vec![] };
    if ask.target != target {
        return vec![];
    }
    match result.map(|p| (p.tickets.into_iter().find(|t| t.id == target), p.users)) {
        Ok((Some(t), users)) => {
            ask.target_ticket = Some(t);
            for u in users {
                m.users.entry(u.id).or_insert(u);
            }
            vec![]
        }
        Ok((None, _)) | Err(BackendError::NotFound { .. }) => {
            m.mode = Mode::Normal;
            say(m, format!("#{} not found: nothing merged", target.0), true)
        }
        Err(e) => {
            m.mode = Mode::Normal;
            say(m, format!("reading #{}: {e} — nothing merged", target.0), true)
        }
    }
}

/// The target's note at most this long: a longer conversation keeps its newest messages.
const NOTE_CHARS: usize = 30_000;

/// The note the target gets: every message of the source, oldest first, each with who wrote
/// it and when (Zendesk's own note holds the last comment only, and an order number said
/// earlier was lost). `None` when the source's conversation is not loaded: the helpdesk's own.
pub fn target_note(m: &Model, source: TicketId) -> Option<String> {
    let super::Loadable::Ready(msgs) = m.details.conversations.get(&source)? else { return None };
    // only the newest were loaded: the helpdesk's own note, not one that says "its messages"
    if msgs.is_empty() || m.details.older_left_out.contains(&source) {
        return None;
    }
    let subject = m.queue.get(source).map(|t| t.subject.clone()).unwrap_or_default();
    let head = format!("Request #{} “{subject}” was closed and merged into this request. Its messages:", source.0);
    // newest first until the room is used (one pass), then put back in order
    let mut parts: Vec<String> = Vec::new();
    let mut used = head.chars().count();
    for msg in msgs.iter().rev() {
        let who = m.user_name(Some(msg.author)).unwrap_or("someone");
        let kind = match msg.kind {
            frontline_model::MessageKind::Internal => " (internal note)",
            frontline_model::MessageKind::Public => "",
        };
        let when = frontline_model::text::fmt_time(msg.created_at, m.settings.utc_offset);
        let part = format!("— {who}, {when}{kind}:\n{}", msg.body.trim());
        let n = part.chars().count() + 2;
        if used + n > NOTE_CHARS {
            if parts.is_empty() {
                // one message longer than the note: its beginning, said to be cut
                let cut: String = part.chars().take(NOTE_CHARS.saturating_sub(used + 40)).collect();
                parts.push(format!("{cut}\n… (cut: the whole message is on #{})", source.0));
            }
            break;
        }
        used += n;
        parts.push(part);
    }
    let left_out = msgs.len() - parts.len();
    parts.reverse();
    let more = if left_out > 0 {
        format!("\n\n({left_out} earlier messages left out: see #{})", source.0)
    } else {
        String::new()
    };
    Some(format!("{head}{more}\n\n{}", parts.join("\n\n")))
}

/// y (or Enter) merges once the target is known and takes writes; n or Esc cancels.
pub fn key(m: &mut Model, k: KeyEvent, ask: Box<MergeAsk>) -> Vec<Effect> {
    match k.code {
        KeyCode::Char('y') | KeyCode::Enter => {
            let Some(target) = &ask.target_ticket else {
                m.mode = Mode::Merge(ask);
                return say(m, "still reading the target ticket…".into(), false);
            };
            m.mode = Mode::Normal;
            if let Some(why) = m.settings.status_names.refuses(&target.status) {
                return say(m, format!("#{} is closed: {why}", target.id.0), true);
            }
            m.notice =
                Some(Notice { text: format!("merging #{} into #{}…", ask.source.0, ask.target.0), error: false });
            let note = target_note(m, ask.source);
            vec![Effect::Merge { source: ask.source, target: ask.target, note }]
        }
        KeyCode::Char('n') | KeyCode::Esc => {
            m.mode = Mode::Normal;
            say(m, "merge cancelled: nothing changed".into(), false)
        }
        _ => {
            m.mode = Mode::Merge(ask);
            vec![]
        }
    }
}

/// The helpdesk's answer: the source is closed now (it stays on screen, marked, until the
/// agent moves), both conversations are read again, and a poll brings the rest.
pub fn merged(m: &mut Model, source: TicketId, target: TicketId, result: Result<(), BackendError>) -> Vec<Effect> {
    match result {
        Ok(()) => {
            if let Some(&i) = m.queue.index.get(&source) {
                m.queue.tickets[i].status = Status::Closed;
            }
            for t in [source, target] {
                m.details.conversations.remove(&t);
            }
            m.sync.next_poll = m.now;
            m.notice = Some(Notice {
                text: format!(
                    "✓ #{} merged into #{}: #{} is closed, its messages are on #{}",
                    source.0, target.0, source.0, target.0
                ),
                error: false,
            });
            let mut fx = super::navigate::after_send(m, source);
            fx.extend(super::navigate::load_selected(m));
            fx
        }
        Err(e) => say(m, format!("merging #{} into #{} failed: {e}", source.0, target.0), true),
    }
}
