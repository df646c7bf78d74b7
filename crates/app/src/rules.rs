//! The helpdesk's rules a write is checked against before it is queued: writes are off in
//! read-only mode, a ticket in a final status (Zendesk's closed) takes none, and solving a
//! ticket nobody has assigns it to the agent who solves it, and a new status ends a snooze.

use super::model::{Model, Notice};
use frontline_model::{Status, TicketChange, TicketId};

/// Says so and answers true when writes are off: a read-only console, and the wallboard
/// however it was opened (`--wallboard` or `:wallboard`: one rule for both).
pub fn read_only_refusal(m: &mut Model) -> bool {
    if m.board.on && !m.settings.read_only {
        m.notice =
            Some(Notice { text: "the wallboard only shows: :wallboard goes back to the console".into(), error: true });
        return true;
    }
    if m.settings.read_only {
        m.notice = Some(Notice {
            text: "read-only: writes are off for this console (--read-only or read_only = true)".into(),
            error: true,
        });
    }
    m.settings.read_only
}

/// Why ticket `id` takes no more writes on this helpdesk (Zendesk's closed), in words with
/// the way forward; `None` when it takes them.
pub fn closed_to_writes(m: &Model, id: TicketId) -> Option<String> {
    let t = m.queue.get(id)?;
    let why = m.settings.status_names.refuses(&t.status)?;
    Some(format!("#{} is {}: {why}", id.0, m.settings.status_names.name(&t.status)))
}

/// A status change ends a snooze kept in tags (`frontline_model::snooze`): the old wake time
/// goes, so it cannot wake the ticket later (a new snooze keeps its own).
pub fn ends_snooze(c: &mut TicketChange, tags: &[String]) {
    let new = match (&c.status, c.until) {
        (Some(Status::OnHold), Some(at)) => frontline_model::snooze::tags_for(at),
        _ => vec![],
    };
    for old in frontline_model::snooze::tags_in(tags) {
        if !new.contains(&old) && !c.remove_tags.contains(&old) {
            c.remove_tags.push(old);
        }
    }
}

/// The helpdesk's rules applied before a write is queued: tickets that take no more writes
/// are left out (said in the notice), and solving a ticket nobody has assigns it to the agent.
pub fn by_the_rules(m: &mut Model, changes: Vec<(TicketId, TicketChange)>) -> Vec<(TicketId, TicketChange)> {
    let me = m.me.as_ref().map(|u| u.id);
    let mut refused = Vec::new();
    let mut kept = Vec::new();
    for (t, mut c) in changes {
        if let Some(why) = closed_to_writes(m, t) {
            refused.push(why);
            continue;
        }
        let unowned = m.queue.get(t).is_some_and(|x| x.assignee.is_none());
        // a new status ends a snooze; so does any write on a ticket that left its hold some
        // other way (a customer's reply), so the old wake time cannot wake a later hold
        if let Some(x) = m.queue.get(t)
            && (c.status.is_some() || x.status != Status::OnHold)
        {
            ends_snooze(&mut c, &x.tags);
        }
        if m.settings.assign_on_solve && c.status == Some(Status::Solved) && c.assignee.is_none() && unowned {
            c.assignee = me.map(Some);
        }
        kept.push((t, c));
    }
    if let Some(first) = refused.first() {
        let more = if refused.len() > 1 { format!(" ({} tickets left out)", refused.len()) } else { String::new() };
        m.notice = Some(Notice { text: format!("{first}{more}"), error: true });
    }
    kept
}
