//! Writes from queueing to answer: the undo window, dispatch (bulk endpoint when every
//! ticket gets the same change), read-only refusal, answers folded back, conflicts, drafts.

use super::dialogs::Conflict;
use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use crate::backend::{BackendError, TicketPage};
use crate::model::{TicketChange, TicketId};

/// One agent action: a change per ticket, sent when `due` comes.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteJob {
    pub id: u64,
    /// Said in the status line: "reply to #12", "status pending on 5 tickets".
    pub label: String,
    pub changes: Vec<(TicketId, TicketChange)>,
    pub due: i64,
    /// Tickets still to answer.
    pub waiting: usize,
    /// Tickets whose write failed, with the reason.
    pub failed: Vec<(TicketId, String)>,
    /// Check the ticket's version (refuse if it changed since it was read).
    pub check_version: bool,
}

pub fn read_only_refusal(m: &mut Model) -> bool {
    if m.settings.read_only {
        m.notice = Some(Notice {
            text: "read-only: writes are off for this console (--read-only or read_only = true)".into(),
            error: true,
        });
    }
    m.settings.read_only
}

/// Queues a write; it goes out after the undo window (at once when the window is 0).
pub fn queue(m: &mut Model, label: String, changes: Vec<(TicketId, TicketChange)>) -> Vec<Effect> {
    if read_only_refusal(m) || changes.is_empty() {
        return vec![];
    }
    let id = m.next_job;
    m.next_job += 1;
    let job = WriteJob {
        id,
        label: label.clone(),
        waiting: changes.len(),
        changes,
        due: m.now + m.settings.undo_secs,
        failed: vec![],
        check_version: true,
    };
    m.dirty = true;
    if m.settings.undo_secs <= 0 {
        m.notice = Some(Notice { text: format!("sending {label}…"), error: false });
        return dispatch(m, job);
    }
    m.notice =
        Some(Notice { text: format!("{label}: sending in {}s — u to undo", m.settings.undo_secs), error: false });
    m.pending.push(job);
    vec![]
}

/// Sends the writes whose undo window has passed.
pub fn due(m: &mut Model) -> Vec<Effect> {
    let now = m.now;
    let (ready, wait): (Vec<WriteJob>, Vec<WriteJob>) =
        std::mem::take(&mut m.pending).into_iter().partition(|j| j.due <= now);
    m.pending = wait;
    ready.into_iter().flat_map(|j| dispatch(m, j)).collect()
}

fn dispatch(m: &mut Model, job: WriteJob) -> Vec<Effect> {
    let first = &job.changes[0].1;
    let same = job.changes.len() > 1 && first.comment.is_none() && job.changes.iter().all(|(_, c)| c == first);
    let fx = if same {
        vec![Effect::WriteMany {
            job: job.id,
            tickets: job.changes.iter().map(|(t, _)| *t).collect(),
            change: first.clone(),
        }]
    } else {
        job.changes
            .iter()
            .map(|(t, c)| Effect::Write {
                job: job.id,
                ticket: *t,
                change: c.clone(),
                expected_version: if job.check_version { m.queue.get(*t).map(|x| x.version.clone()) } else { None },
            })
            .collect()
    };
    m.in_flight.insert(job.id, job);
    fx
}

/// `u`: takes back the newest write still in its undo window; a reply goes back to the composer.
pub fn undo(m: &mut Model) -> Vec<Effect> {
    let Some(job) = m.pending.pop() else {
        m.notice =
            Some(Notice { text: "nothing to undo: writes already sent cannot be taken back".into(), error: false });
        return vec![];
    };
    m.notice = Some(Notice { text: format!("undone: {}", job.label), error: false });
    if let [(ticket, change)] = &job.changes[..]
        && let Some(c) = &change.comment
    {
        let extra = TicketChange { comment: None, ..change.clone() };
        super::compose::open_with(m, *ticket, c.public, &c.body, extra);
    }
    vec![]
}

/// The answer for one ticket of a job.
pub fn written(m: &mut Model, job_id: u64, ticket: TicketId, result: Result<TicketPage, BackendError>) -> Vec<Effect> {
    let Some(mut job) = m.in_flight.remove(&job_id) else { return vec![] };
    let mut fx = Vec::new();
    match result {
        Ok(page) => {
            for u in page.users {
                m.users.insert(u.id, u);
            }
            m.merge_page(page.tickets, false, false);
            if job.changes.iter().any(|(t, c)| *t == ticket && c.comment.is_some()) {
                m.drafts.remove(&ticket);
                m.conversations.remove(&ticket);
                if m.selected().map(|t| t.id) == Some(ticket) {
                    fx.extend(super::update::load_selected(m));
                }
            }
        }
        Err(BackendError::Conflict) => {
            let change = job.changes.iter().find(|(t, _)| *t == ticket).map(|(_, c)| c.clone()).unwrap_or_default();
            keep_draft(m, ticket, &change);
            let before = m.queue.get(ticket).cloned();
            let messages_before = match m.conversations.get(&ticket) {
                Some(super::Loadable::Ready(v)) => Some(v.len()),
                _ => None,
            };
            m.conversations.remove(&ticket);
            m.mode = Mode::Conflict(Box::new(Conflict {
                ticket,
                change,
                label: job.label.clone(),
                before,
                messages_before,
            }));
            fx.push(Effect::LoadTicket(ticket));
            fx.push(Effect::LoadConversation(ticket));
            job.failed.push((ticket, "changed by someone else".into()));
        }
        Err(e) => {
            if let Some((_, c)) = job.changes.iter().find(|(t, _)| *t == ticket) {
                let c = c.clone();
                keep_draft(m, ticket, &c);
            }
            job.failed.push((ticket, e.to_string()));
        }
    }
    job.waiting = job.waiting.saturating_sub(1);
    if job.waiting > 0 {
        m.in_flight.insert(job_id, job);
    } else {
        finish(m, &job);
    }
    m.dirty = true;
    fx
}

pub fn written_many(m: &mut Model, job_id: u64, result: Result<crate::backend::Outcomes, BackendError>) -> Vec<Effect> {
    let Some(mut job) = m.in_flight.remove(&job_id) else { return vec![] };
    match result {
        Ok(outcomes) => job.failed.extend(outcomes.into_iter().filter_map(|(t, r)| r.err().map(|e| (t, e)))),
        Err(e) => job.failed.extend(job.changes.iter().map(|(t, _)| (*t, e.to_string()))),
    }
    finish(m, &job);
    // read the changed tickets back
    super::update::refresh(m)
}

fn finish(m: &mut Model, job: &WriteJob) {
    let n = job.changes.len();
    m.notice = Some(match job.failed.as_slice() {
        [] => Notice { text: format!("✓ {}", job.label), error: false },
        [(t, why)] if n == 1 => Notice {
            text: format!(
                "{} failed on #{}: {why}{}",
                job.label,
                t.0,
                if job.changes[0].1.comment.is_some() { " — your text is kept as a draft" } else { "" }
            ),
            error: true,
        },
        f => Notice {
            text: format!("{}: {} of {n} failed (first: #{} {})", job.label, f.len(), f[0].0.0, f[0].1),
            error: true,
        },
    });
    if !job.failed.is_empty() {
        tracing::warn!("write `{}` failed for {} tickets", job.label, job.failed.len());
    }
}

fn keep_draft(m: &mut Model, ticket: TicketId, change: &TicketChange) {
    if let Some(c) = &change.comment {
        m.drafts.insert(ticket, super::compose::Draft { text: c.body.clone(), public: c.public });
    }
}

/// `r` in the conflict dialog: the same change again, on the ticket as it is now.
pub fn reapply(m: &mut Model, c: Conflict) -> Vec<Effect> {
    m.mode = Mode::Normal;
    if read_only_refusal(m) {
        return vec![];
    }
    let id = m.next_job;
    m.next_job += 1;
    let job = WriteJob {
        id,
        label: c.label.clone(),
        changes: vec![(c.ticket, c.change)],
        due: m.now,
        waiting: 1,
        failed: vec![],
        check_version: true,
    };
    m.notice = Some(Notice { text: format!("re-applying {}…", c.label), error: false });
    dispatch(m, job)
}
