//! Someone else is on it: a colleague replied or wrote a note on the ticket in the last few
//! minutes, or it is assigned to someone else. The detail pane says so, and sending a reply
//! or note asks once (a second send goes).

use super::model::Model;
use frontline_model::{MessageKind, TicketId};

/// A colleague's message younger than this counts as them being on the ticket.
pub const RECENT_SECS: i64 = 10 * 60;

/// Who else is on ticket `id`, in words ("Lucía Gómez replied 2m ago"), if anyone.
pub fn on_it(m: &Model, id: TicketId) -> Option<String> {
    if let Some(typing) = super::live_feed::typing_on(m, id) {
        return Some(typing);
    }
    let me = m.me.as_ref().map(|u| u.id);
    let t = m.queue.get(id)?;
    let recent = match m.details.conversations.get(&id) {
        Some(super::Loadable::Ready(msgs)) => {
            msgs.iter().rev().take_while(|msg| m.now - msg.created_at <= RECENT_SECS).find(|msg| {
                Some(msg.author) != me
                    && msg.author != frontline_model::UserId::HELPDESK
                    && m.users.get(&msg.author).is_some_and(|u| u.role.is_staff())
            })
        }
        _ => None,
    };
    if let Some(msg) = recent {
        let who = m.user_name(Some(msg.author)).unwrap_or("a colleague");
        let did = if matches!(msg.kind, MessageKind::Public) { "replied" } else { "wrote a note" };
        let age = frontline_model::text::fmt_age(m.now, msg.created_at);
        return Some(format!("{who} {did} {age} ago"));
    }
    match (t.assignee, me) {
        // the agent assigned it there themselves: nobody else is on it because of that
        (Some(a), Some(_)) if m.writes.assigned.get(&id) == Some(&Some(a)) => None,
        (Some(a), Some(me)) if a != me => {
            Some(format!("assigned to {}", m.user_name(Some(a)).unwrap_or("a colleague")))
        }
        _ => None,
    }
}
