//! Writes from queueing to answer. Every change is committed to the outbox when the agent
//! acts, then sent after the undo window (the bulk endpoint when every ticket gets the same
//! change); a refused write waits in the outbox with its reason, one the helpdesk could not
//! take yet is retried with backoff, and a conflict asks the agent. Read-only refuses all.

pub mod state;
pub use state::*;

use super::dialogs::state::Conflict;
use super::model::{Mode, Model, Notice};
use super::msg::{Effect, OutboxOp};
use super::rules::read_only_refusal;
use frontline_backend::BackendError;
use frontline_config::Action;
use frontline_model::{OutState, Outgoing, TicketChange, TicketId};

/// Commits a write to the outbox; it is sent after the undo window (at once when the window is 0).
pub fn queue(m: &mut Model, label: String, changes: Vec<(TicketId, TicketChange)>) -> Vec<Effect> {
    queue_with(m, label, changes, None, None)
}

/// A write the console makes on its own (waking a snoozed ticket): sent at once, with no
/// undo window and no time worked, checked against the `versions` the helpdesk answered
/// with (a teammate's change since wins), and a conflict dropped without a dialog — the
/// agent never made it.
pub fn queue_by_console(
    m: &mut Model,
    label: String,
    changes: Vec<(TicketId, TicketChange)>,
    versions: &std::collections::HashMap<TicketId, String>,
) -> Vec<Effect> {
    queue_with(m, label, changes, None, Some(versions))
}

/// An action for the shop (a refund, a cancel, a replacement…), with the note that records it
/// on the ticket: one entry, the shop's part done first. Its version is kept (so the agent's
/// next write to the ticket is moved past it, not refused as a conflict with their own note)
/// but not checked — the note must not fail after the money has moved because someone touched
/// the ticket meanwhile.
pub fn queue_shop(
    m: &mut Model,
    label: String,
    changes: Vec<(TicketId, TicketChange)>,
    action: frontline_model::ShopAction,
) -> Vec<Effect> {
    queue_with(m, label, changes, Some(action), None)
}

fn queue_with(
    m: &mut Model,
    label: String,
    changes: Vec<(TicketId, TicketChange)>,
    shop: Option<frontline_model::ShopAction>,
    console: Option<&std::collections::HashMap<TicketId, String>>,
) -> Vec<Effect> {
    let by_console = console.is_some();
    if read_only_refusal(m) || changes.is_empty() {
        return vec![];
    }
    let mut changes = super::rules::by_the_rules(m, changes);
    if changes.is_empty() {
        return vec![];
    }
    for (t, c) in &changes {
        if let Some(to) = c.assignee {
            m.writes.assigned.insert(*t, to);
        }
    }
    // the time worked on a ticket goes with the agent's own write on it (not with bulk ones)
    if let [(t, change)] = changes.as_mut_slice()
        && !by_console
    {
        change.time_spent = m.timer.take(*t);
    }
    let undo_secs = if by_console { 0 } else { m.settings.undo_secs };
    // the job about to be numbered: its keys carry its number
    let id = m.writes.next_job;
    let due = m.now + undo_secs.max(0);
    let entries: Vec<Outgoing> = changes
        .iter()
        .map(|(t, c)| Outgoing {
            key: format!("{}-{id}-{}", m.writes.session, t.0),
            ticket: *t,
            label: label.clone(),
            change: c.clone(),
            expected_version: match console {
                Some(versions) => versions.get(t).cloned(),
                None => m.queue.get(*t).map(|x| x.version.clone()),
            },
            state: OutState::Queued,
            attempts: 0,
            error: None,
            created_at: m.now,
            due,
            requester: m.queue.get(*t).and_then(|x| x.requester),
            author: m.me.as_ref().map(|u| u.id),
            shop: shop.clone(),
            shop_done: false,
        })
        .collect();
    let keys = entries.iter().map(|e| e.key.clone()).collect();
    let mut job = WriteJob::new(m.writes.number_job(), label.clone(), changes, keys, due);
    job.quiet = by_console;
    m.writes.outbox.extend(entries.iter().cloned());
    let mut fx = vec![Effect::Outbox(OutboxOp::Put(entries))];
    m.dirty = true;
    if undo_secs <= 0 {
        if !by_console {
            m.notice = Some(Notice { text: format!("sending {label}…"), error: false });
        }
        // at once, unless an earlier write to the ticket is still on its way or waiting
        m.writes.pending.push(job);
        fx.extend(self::due(m));
        return fx;
    }
    m.notice =
        Some(Notice { text: format!("{label}: sending in {}s — u to undo", m.settings.undo_secs), error: false });
    m.writes.pending.push(job);
    fx
}

/// Sends the writes whose undo window has passed, and retries what waits in the outbox. A
/// write to a ticket that has one of this console's writes on the way waits for its answer,
/// so it is checked against the version that write made, not the one before it.
pub fn due(m: &mut Model) -> Vec<Effect> {
    let now = m.now;
    let (ready, wait): (Vec<WriteJob>, Vec<WriteJob>) =
        std::mem::take(&mut m.writes.pending).into_iter().partition(|j| j.due <= now);
    let mut busy = busy_tickets(m);
    // an earlier write to the ticket waiting for its retry goes first: the ticket's writes
    // reach the helpdesk in the order the agent made them
    let in_jobs: std::collections::HashSet<&String> =
        ready.iter().chain(&wait).chain(m.writes.in_flight.values()).flat_map(|j| j.keys.iter()).collect();
    busy.extend(
        m.writes.outbox.iter().filter(|e| e.state != OutState::Failed && !in_jobs.contains(&e.key)).map(|e| e.ticket),
    );
    let mut held = Vec::new();
    let mut fx = Vec::new();
    for job in ready {
        if job.changes.iter().any(|(t, _)| busy.contains(t)) {
            held.push(job);
        } else {
            busy.extend(job.changes.iter().map(|(t, _)| *t));
            fx.extend(dispatch(m, job));
        }
    }
    held.extend(wait);
    m.writes.pending = held;
    if now >= m.writes.retry_at {
        fx.extend(resend(m));
    }
    fx
}

/// Tickets with one of this console's writes sent and not yet answered.
fn busy_tickets(m: &Model) -> std::collections::HashSet<TicketId> {
    m.writes.in_flight.values().flat_map(|j| j.changes.iter().map(|(t, _)| *t)).collect()
}

/// Outbox entries waiting (a failed try, or left by an earlier session) go out again, one
/// job each; entries already in a job of this session are left to it.
fn resend(m: &mut Model) -> Vec<Effect> {
    let busy: std::collections::HashSet<&String> =
        m.writes.pending.iter().chain(m.writes.in_flight.values()).flat_map(|j| j.keys.iter()).collect();
    let mut tickets = busy_tickets(m);
    let again: Vec<Outgoing> = m
        .writes
        .outbox
        .iter()
        .filter(|e| e.state != OutState::Failed && e.due <= m.now && !busy.contains(&e.key))
        .filter(|e| tickets.insert(e.ticket))
        .cloned()
        .collect();
    let mut fx = Vec::new();
    for e in again {
        let now = m.now;
        let job = WriteJob::new(m.writes.number_job(), e.label, vec![(e.ticket, e.change)], vec![e.key], now);
        fx.extend(dispatch(m, job));
    }
    fx
}

fn entry<'a>(m: &'a mut Model, key: &str) -> Option<&'a mut Outgoing> {
    m.writes.outbox.iter_mut().find(|e| e.key == key)
}

fn dispatch(m: &mut Model, job: WriteJob) -> Vec<Effect> {
    for k in &job.keys {
        if let Some(e) = entry(m, k) {
            e.state = OutState::Sending;
        }
    }
    let first = &job.changes[0].1;
    let same = job.changes.len() > 1 && first.comment.is_none() && job.changes.iter().all(|(_, c)| c == first);
    let fx = if same {
        vec![Effect::WriteMany {
            job: job.id,
            tickets: job.changes.iter().map(|(t, _)| *t).collect(),
            change: first.clone(),
            keys: job.keys.clone(),
        }]
    } else {
        job.changes
            .iter()
            .zip(&job.keys)
            .map(|((t, c), k)| Effect::Write {
                job: job.id,
                ticket: *t,
                change: c.clone(),
                expected_version: m.writes.outbox.iter().find(|e| &e.key == k).and_then(|e| e.expected_version.clone()),
                key: k.clone(),
            })
            .collect()
    };
    m.writes.in_flight.insert(job.id, job);
    fx
}

/// The local store could not take these outbox entries (disk full, locked, read-only): their
/// writes are not sent — a write is only ever sent from the outbox — and a reply's text goes
/// back to the editor, saying why. Nothing about them is reported as sent.
pub fn not_stored(m: &mut Model, keys: &[String], e: &frontline_store::StoreError) -> Vec<Effect> {
    let touches = |j: &WriteJob| j.keys.iter().any(|k| keys.contains(k));
    let job = match m.writes.pending.iter().position(touches) {
        Some(i) => Some(m.writes.pending.remove(i)),
        // sent at once (no undo window): its answer, which can only be a failure, is ignored
        None => m
            .writes
            .in_flight
            .iter()
            .find(|(_, j)| touches(j))
            .map(|(id, _)| *id)
            .and_then(|id| m.writes.in_flight.remove(&id)),
    };
    m.writes.outbox.retain(|o| !keys.contains(&o.key));
    if let Some(job) = job {
        give_back(m, &job, &format!("could not save it ({e})"));
    }
    vec![]
}

/// A write that was not sent because it is not in the outbox: said in words, and a reply's
/// text goes back to the editor.
pub(crate) fn give_back(m: &mut Model, job: &WriteJob, why: &str) {
    let kept = if reopen_text(m, job) {
        format!(
            " — your text is back in the editor: {} tries again, {} saves it to a file",
            m.keymap.first_key_label(Action::Send),
            m.keymap.first_key_label(Action::SaveText)
        )
    } else {
        String::new()
    };
    m.notice = Some(Notice { text: format!("{} not sent: {why}{kept}", job.label), error: true });
    m.dirty = true;
}

/// `u`: takes back the newest write still in its undo window; a reply goes back to the composer.
pub fn undo(m: &mut Model) -> Vec<Effect> {
    let Some(job) = m.writes.pending.pop() else {
        m.notice =
            Some(Notice { text: "nothing to undo: writes already sent cannot be taken back".into(), error: false });
        return vec![];
    };
    // a shop action's text says what the shop did: with the action undone it is not offered
    // for sending (it would promise a refund, a code, a return that was never made)
    let shop = m.writes.outbox.iter().any(|e| job.keys.contains(&e.key) && e.shop.is_some());
    let nothing = if shop { " — nothing reached the shop" } else { "" };
    m.notice = Some(Notice { text: format!("undone: {}{nothing}", job.label), error: false });
    m.writes.outbox.retain(|e| !job.keys.contains(&e.key));
    for (t, c) in &job.changes {
        m.timer.give_back(*t, c.time_spent);
        // an assignment taken back is not the agent's any more
        if c.assignee.is_some() {
            m.writes.assigned.remove(t);
        }
    }
    if !shop {
        reopen_text(m, &job);
    }
    vec![Effect::Outbox(OutboxOp::Discard(job.keys))]
}

/// A job that was a single reply or note, not sent: its text (and the field changes sent with
/// it) back in the editor. Whether there was text to give back.
fn reopen_text(m: &mut Model, job: &WriteJob) -> bool {
    let [(ticket, change)] = &job.changes[..] else { return false };
    let Some(c) = &change.comment else { return false };
    // the text goes back under its own ticket's conversation (the agent may have moved on)
    if m.selected().map(|t| t.id) != Some(*ticket)
        && let Some(pos) = m.queue.visible.iter().position(|&i| m.queue.tickets[i].id == *ticket)
    {
        m.queue.back_to = m.selected().map(|t| t.id);
        m.queue.selected = pos;
        m.scroll_into_view();
    }
    let extra = TicketChange { comment: None, ..change.clone() };
    m.open_composer(super::compose::state::Composer::new(*ticket, c.public, &c.body, extra));
    m.drafting.unsaved = true;
    true
}

pub(crate) fn set_state(m: &mut Model, key: Option<&str>, state: OutState, why: &str) {
    if let Some(e) = key.and_then(|k| entry(m, k)) {
        e.state = state;
        e.error = Some(why.to_string());
    }
}

/// The helpdesk could not take a write now: try again later, waiting longer after each
/// failure (5 s doubling up to 5 minutes, or what the helpdesk asked for).
pub(crate) fn defer(m: &mut Model, e: Option<&BackendError>) {
    m.writes.failures += 1;
    let backoff =
        frontline_clock::Backoff::new(std::time::Duration::from_secs(10), std::time::Duration::from_secs(300))
            .with_jitter(m.settings.poll_jitter);
    let unit = m.sync.pace.next_unit();
    let wait = backoff.wait_secs(m.writes.failures, unit);
    let wait = match e {
        Some(BackendError::RateLimited { retry_after, .. }) => wait.max(*retry_after as i64),
        _ => wait,
    };
    m.writes.retry_at = m.now + wait;
}

/// The helpdesk answers again: what waits in the outbox goes on the next tick.
pub fn reconnected(m: &mut Model) {
    if m.writes.failures > 0 || m.writes.retry_at > m.now {
        m.writes.failures = 0;
        m.writes.retry_at = m.now;
    }
}

pub(crate) fn finish(m: &mut Model, job: &WriteJob) {
    let n = job.changes.len();
    m.notice = Some(match job.failed.as_slice() {
        [] => Notice { text: format!("✓ {}", job.label), error: false },
        _ if job.deferred == job.failed.len() && job.waited == job.deferred => Notice {
            text: format!(
                "{} waits its turn in the outbox: the helpdesk asked to slow down ({}) — :outbox to see it",
                job.label, job.failed[0].1
            ),
            error: false,
        },
        _ if job.deferred == job.failed.len() => Notice {
            text: format!(
                "{} is in the outbox, sent when the helpdesk answers ({}) — :outbox to see it",
                job.label, job.failed[0].1
            ),
            error: true,
        },
        [(t, why)] if n == 1 => Notice {
            text: format!("{} failed on #{}: {why} — kept in the outbox (:outbox to retry or discard)", job.label, t.0),
            error: true,
        },
        f => Notice {
            text: format!(
                "{}: {} of {n} failed (first: #{} {}) — :outbox to retry or discard",
                job.label,
                f.len(),
                f[0].0.0,
                f[0].1
            ),
            error: true,
        },
    });
    if !job.failed.is_empty() {
        tracing::warn!("write `{}` failed for {} tickets", job.label, job.failed.len());
    }
}

/// `r` in the conflict dialog: the same entry again, checked against the ticket as it is now.
pub fn reapply(m: &mut Model, c: Conflict) -> Vec<Effect> {
    m.mode = Mode::Normal;
    if read_only_refusal(m) {
        return vec![];
    }
    let version = m.queue.get(c.ticket).map(|t| t.version.clone());
    let mut fx = Vec::new();
    let key = match c.key {
        Some(k) if m.writes.outbox.iter().any(|e| e.key == k) => k,
        _ => return queue(m, c.label, vec![(c.ticket, c.change)]),
    };
    if let Some(e) = entry(m, &key) {
        e.state = OutState::Queued;
        e.expected_version = version.clone();
    }
    fx.push(Effect::Outbox(OutboxOp::Retry { key: key.clone(), version }));
    let now = m.now;
    let job = WriteJob::new(m.writes.number_job(), c.label.clone(), vec![(c.ticket, c.change)], vec![key], now);
    m.notice = Some(Notice { text: format!("re-applying {}…", c.label), error: false });
    fx.extend(dispatch(m, job));
    fx
}

/// `d` in the conflict dialog (or in `:outbox`): the entry leaves the outbox; a reply's text
/// becomes the ticket's draft again, so nothing typed is lost.
pub fn drop_entry(m: &mut Model, key: &str) -> Vec<Effect> {
    let Some(pos) = m.writes.outbox.iter().position(|e| e.key == key) else { return vec![] };
    let e = m.writes.outbox.remove(pos);
    let mut fx = vec![Effect::Outbox(OutboxOp::Discard(vec![e.key.clone()]))];
    if let Some(c) = e.change.comment {
        let draft = super::compose::state::Draft { text: c.body, public: c.public };
        m.drafting.drafts.insert(e.ticket, draft.clone());
        fx.push(Effect::SaveDraft { ticket: e.ticket, draft: Some(draft) });
    }
    fx
}

/// `r` in `:outbox`: a failed entry goes back to the queue, sent on the next tick without a
/// version check (the agent has seen it refused and asks again).
pub fn retry_entry(m: &mut Model, key: &str) -> Vec<Effect> {
    if read_only_refusal(m) {
        return vec![];
    }
    let now = m.now;
    let Some(e) = entry(m, key) else { return vec![] };
    e.state = OutState::Queued;
    e.expected_version = None;
    e.due = now;
    m.writes.retry_at = m.now;
    vec![Effect::Outbox(OutboxOp::Retry { key: key.to_string(), version: None })]
}
