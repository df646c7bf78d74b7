//! The helpdesk's live feed in `update`: changes folded in as a poll's are, a new message
//! shown at once and its ticket read again, "Ana is typing" on a ticket a colleague is
//! answering, and the agent's own typing announced (throttled) while they write. While the
//! feed is up, polls only make sure nothing was missed (at the longest wait); while it is
//! down, polls run as usual and the status line says so.

pub mod state;
pub use state::*;

use super::model::Model;
use super::msg::Effect;
use frontline_backend::{LiveEvent, TicketPage};
use frontline_model::{Ticket, TicketId};

/// A colleague's "typing" counts this long without a word from the feed.
pub const TYPING_SECS: i64 = 30;
/// The agent's own typing is announced again after this long, and ends after this long idle.
pub const ANNOUNCE_SECS: i64 = 10;

pub fn event(m: &mut Model, ev: LiveEvent) -> Vec<Effect> {
    match ev {
        LiveEvent::Up => {
            let was_up = m.live.is_up();
            m.live.feed = Some(Feed::Up);
            m.dirty = true;
            if !was_up {
                // changes come as they happen: the next poll only checks nothing was missed
                let (_, max) = super::pacing::range(&m.settings);
                m.sync.next_poll = m.sync.next_poll.max(m.now + max);
            }
            vec![]
        }
        LiveEvent::Down(why) => {
            tracing::info!("live feed down: {why}; polling meanwhile");
            let was_up = m.live.is_up();
            m.live.feed = Some(Feed::Down(why));
            m.dirty = true;
            if was_up {
                m.sync.next_poll = m.sync.next_poll.min(m.now + m.settings.poll_secs);
            }
            vec![]
        }
        LiveEvent::Changed(page) => changed(m, page),
        LiveEvent::Message { ticket, message, author } => {
            if let Some(u) = author {
                m.users.entry(u.id).or_insert(u);
            }
            // the author stopped typing: their message is here
            if m.live.typing.get(&ticket).is_some_and(|(who, ..)| *who == message.author) {
                m.live.typing.remove(&ticket);
            }
            if let Some(super::Loadable::Ready(list)) = m.details.conversations.get_mut(&ticket)
                && !list.iter().any(|x| x.id == message.id)
            {
                list.push(message);
                list.sort_by_key(|x| (x.created_at, x.id));
                m.dirty = true;
            }
            // the ticket's status, assignee and time as the helpdesk has them now
            vec![Effect::Refresh(ticket)]
        }
        LiveEvent::Typing { ticket, who, on, private } => {
            if m.me.as_ref().is_some_and(|me| me.id == who.id) {
                return vec![];
            }
            if on {
                m.live.typing.insert(ticket, (who.id, who.name.clone(), private, m.now + TYPING_SECS));
                m.users.entry(who.id).or_insert(who);
            } else {
                m.live.typing.remove(&ticket);
            }
            m.dirty = true;
            vec![]
        }
    }
}

/// Tickets the feed pushed: the view's share by its conditions; a view whose conditions the
/// console cannot check asks the helpdesk (as a poll would) for the tickets it does not hold.
fn changed(m: &mut Model, page: TicketPage) -> Vec<Effect> {
    let TicketPage { tickets, users, .. } = page;
    let Some(view) = m.view else {
        // a search on screen: held tickets follow, nothing joins
        let held: Vec<Ticket> = tickets.into_iter().filter(|t| m.queue.get(t.id).is_some()).collect();
        return super::synced::fold(m, TicketPage { tickets: held, users, next: None }, vec![]).1;
    };
    let me = m.me.as_ref().map(|u| u.id);
    let filter = m.views.iter().find(|v| v.id == view).and_then(|v| v.filter.clone());
    let placed: Option<Vec<bool>> = filter.and_then(|f| tickets.iter().map(|t| f.matches(t, me)).collect());
    match placed {
        Some(placed) => {
            let share: Vec<Ticket> =
                tickets.iter().zip(placed).filter(|(_, inside)| *inside).map(|(t, _)| t.clone()).collect();
            super::synced::fold(m, TicketPage { tickets: share, users, next: None }, tickets).1
        }
        None => {
            let since = tickets.iter().map(|t| t.updated_at).min().unwrap_or(m.now) - 1;
            let held: Vec<Ticket> = tickets.into_iter().filter(|t| m.queue.get(t.id).is_some()).collect();
            let mut fx = super::synced::fold(m, TicketPage { tickets: held, users, next: None }, vec![]).1;
            m.sync.queue_req += 1;
            fx.push(Effect::Poll { view, since, req: m.sync.queue_req, local: false });
            fx
        }
    }
}

/// A key typed in the editor for `ticket`: the first one, and one every `ANNOUNCE_SECS`,
/// tells colleagues the agent is typing.
pub fn typed(m: &mut Model, ticket: TicketId, public: bool) -> Vec<Effect> {
    m.live.last_key = m.now;
    if !m.settings.shows_typing || m.settings.read_only {
        return vec![];
    }
    let fresh = m.live.announced.is_some_and(|(t, p, at)| t == ticket && p != public && m.now - at < ANNOUNCE_SECS);
    if fresh {
        return vec![];
    }
    let mut fx = stop_typing(m);
    m.live.announced = Some((ticket, !public, m.now));
    fx.push(Effect::Typing { ticket, on: true, private: !public });
    fx
}

/// The editor closed or the reply went: colleagues stop seeing the agent typing.
pub fn stop_typing(m: &mut Model) -> Vec<Effect> {
    match m.live.announced.take() {
        Some((ticket, private, _)) => vec![Effect::Typing { ticket, on: false, private }],
        None => vec![],
    }
}

/// Each second: typing that went quiet ends, on both sides.
pub fn tick(m: &mut Model) -> Vec<Effect> {
    let now = m.now;
    let before = m.live.typing.len();
    m.live.typing.retain(|_, (.., until)| *until > now);
    if m.live.typing.len() != before {
        m.dirty = true;
    }
    if m.live.announced.is_some() && now - m.live.last_key >= ANNOUNCE_SECS {
        return stop_typing(m);
    }
    vec![]
}

/// Who is typing on ticket `id`, in words ("Ana Lima is typing a reply").
pub fn typing_on(m: &Model, id: TicketId) -> Option<String> {
    m.live
        .typing
        .get(&id)
        .map(|(_, name, private, _)| format!("{name} is typing {}", if *private { "a note" } else { "a reply" }))
}
