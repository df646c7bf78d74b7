//! Notifications for the on-call, found in what `update` already sees: new tickets from a
//! poll, SLA clocks crossing a line on the tick, a customer's reply on my tickets. Each event
//! fires once; at most `max_per_minute` go out and the rest are counted, never a storm.

pub mod state;
pub use state::*;

use super::model::{Model, Notice};
use super::msg::Effect;
use frontline_config::NotifyOn;
use frontline_model::{MessageKind, Priority, TicketId, Timestamp};
use std::collections::HashMap;

fn wanted(m: &Model, kind: NotifyOn) -> impl Iterator<Item = &frontline_config::NotifyRule> {
    m.settings.notify.rules.iter().filter(move |r| r.on == kind)
}

/// A new minute: a fresh budget, and what was held back in the last one is said.
fn roll_window(m: &mut Model) {
    let minute = m.now / 60;
    if m.notify.window.0 != minute {
        if m.notify.held_back > 0 {
            m.notice = Some(Notice {
                text: format!(
                    "{} notifications were held back (more than {} a minute)",
                    m.notify.held_back, m.settings.notify.max_per_minute
                ),
                error: false,
            });
            m.dirty = true;
        }
        m.notify.window = (minute, 0);
        m.notify.held_back = 0;
    }
}

/// Queues a notification unless it already fired or the minute's budget is spent.
fn fire(m: &mut Model, kind: NotifyOn, ticket: TicketId, key: i64, title: String, body: String) -> Option<Effect> {
    if !m.notify.fired.insert((kind, ticket, key)) {
        return None;
    }
    roll_window(m);
    if m.notify.window.1 >= m.settings.notify.max_per_minute {
        m.notify.held_back += 1;
        return None;
    }
    m.notify.window.1 += 1;
    let note = Notification { kind, ticket, title, body, at: m.now };
    tracing::info!("notify {kind:?} #{}", ticket.0);
    Some(Effect::Notify {
        note,
        bell: m.settings.notify.bell,
        desktop: m.settings.notify.desktop,
        command: m.settings.notify.command.clone(),
    })
}

/// After a poll: new urgent tickets, new tickets in a watched view; my changed tickets are
/// watched for a customer's reply (their conversation is loaded to see who wrote).
pub fn after_poll(
    m: &mut Model,
    fresh: &[TicketId],
    touched: &[TicketId],
    before: &HashMap<TicketId, Timestamp>,
) -> Vec<Effect> {
    let mut fx = Vec::new();
    if m.settings.notify.rules.is_empty() {
        return fx;
    }
    let view = m.view_title().to_string();
    let in_view =
        wanted(m, NotifyOn::NewInView).any(|r| r.view.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(&view)));
    let urgent = wanted(m, NotifyOn::NewUrgent).next().is_some();
    for id in fresh {
        let Some(t) = m.queue.get(*id).cloned() else { continue };
        if urgent && t.priority == Some(Priority::Urgent) && t.status.is_unsolved() {
            fx.extend(fire(m, NotifyOn::NewUrgent, t.id, 0, format!("Urgent: #{}", t.id.0), t.subject.clone()));
        }
        if in_view {
            fx.extend(fire(m, NotifyOn::NewInView, t.id, 0, format!("New in {view}: #{}", t.id.0), t.subject.clone()));
        }
    }
    if wanted(m, NotifyOn::CustomerReplyMine).next().is_some() {
        let me = m.me.as_ref().map(|u| u.id);
        for id in touched {
            let mine = m.queue.get(*id).is_some_and(|t| t.assignee.is_some() && t.assignee == me);
            if let (true, Some(since)) = (mine, before.get(id)) {
                m.notify.watch_replies.insert(*id, *since);
                m.details.conversations.insert(*id, super::Loadable::Loading);
                fx.push(Effect::LoadConversation(*id));
            }
        }
    }
    fx
}

/// A watched ticket's conversation arrived: did the customer write since?
pub fn after_conversation(m: &mut Model, ticket: TicketId) -> Vec<Effect> {
    let Some(since) = m.notify.watch_replies.remove(&ticket) else { return vec![] };
    let Some(super::Loadable::Ready(msgs)) = m.details.conversations.get(&ticket) else { return vec![] };
    let reply = msgs.iter().rev().find(|msg| {
        msg.created_at > since
            && msg.kind == MessageKind::Public
            && !m.users.get(&msg.author).is_some_and(|u| u.role.is_staff())
    });
    let Some(reply) = reply.cloned() else { return vec![] };
    let subject = m.queue.get(ticket).map(|t| t.subject.clone()).unwrap_or_default();
    let who = m.users.get(&reply.author).map_or_else(|| "the customer".into(), |u| u.name.clone());
    let text = frontline_model::text::truncate(&reply.body.replace('\n', " "), 140);
    fire(
        m,
        NotifyOn::CustomerReplyMine,
        ticket,
        reply.id as i64,
        format!("{who} replied on #{}", ticket.0),
        format!("{subject}: {text}"),
    )
    .into_iter()
    .collect()
}

/// The clock moved from `before` to `m.now`: SLA lines crossed in between. A ticket already
/// breached when the console started does not ring.
pub fn after_tick(m: &mut Model, before: Timestamp) -> Vec<Effect> {
    roll_window(m);
    let breach = wanted(m, NotifyOn::SlaBreach).next().is_some();
    let within: Vec<i64> = wanted(m, NotifyOn::SlaWithin).filter_map(|r| r.minutes).collect();
    if !breach && within.is_empty() {
        return vec![];
    }
    let now = m.now;
    let crossed = |at: i64, line: i64| at - before >= line && at - now < line;
    let mut events = Vec::new();
    for t in m.queue.tickets.iter().filter(|t| t.status.is_unsolved()) {
        let Some(at) = t.sla.as_ref().and_then(|s| s.breach_at) else { continue };
        if breach && crossed(at, 0) {
            events.push((NotifyOn::SlaBreach, t.id, 0, format!("SLA breached: #{}", t.id.0), t.subject.clone()));
        }
        for mins in &within {
            if crossed(at, mins * 60) {
                events.push((
                    NotifyOn::SlaWithin,
                    t.id,
                    *mins,
                    format!("SLA in {mins} min: #{}", t.id.0),
                    t.subject.clone(),
                ));
            }
        }
    }
    events.into_iter().filter_map(|(k, id, key, title, body)| fire(m, k, id, key, title, body)).collect()
}
