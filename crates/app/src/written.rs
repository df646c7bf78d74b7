//! The helpdesk's answers to writes: a confirmed write leaves the outbox (and moves the
//! console's other writes to that ticket forward to the version it made), a conflict asks
//! the agent, a write the helpdesk could not take yet waits for a retry, a refusal waits in
//! `:outbox` with its reason.

use super::dialogs::state::Conflict;
use super::model::{Mode, Model};
use super::msg::{CacheOp, Effect};
use super::writes::state::WriteJob;
use super::writes::{defer, finish, set_state};
use crate::deliver::DeliveryError;
use frontline_backend::{BackendError, TicketPage};
use frontline_model::{OutState, TicketId};

/// The answer for one ticket of a job.
pub fn written(m: &mut Model, job_id: u64, ticket: TicketId, result: Result<TicketPage, DeliveryError>) -> Vec<Effect> {
    let Some(mut job) = m.writes.in_flight.remove(&job_id) else { return vec![] };
    let key = job.changes.iter().zip(&job.keys).find(|((t, _), _)| *t == ticket).map(|(_, k)| k.clone());
    let change = job.changes.iter().find(|(t, _)| *t == ticket).map(|(_, c)| c.clone()).unwrap_or_default();
    let mut fx = Vec::new();
    match result {
        Ok(page) => {
            let replaced = key.as_ref().and_then(|k| m.writes.outbox.iter().find(|e| &e.key == k));
            let replaced = replaced.and_then(|e| e.expected_version.clone());
            if let (Some(k), Some(now)) = (&key, page.tickets.iter().find(|t| t.id == ticket)) {
                let version = now.version.clone();
                move_versions_forward(m, ticket, k, replaced, &version);
            }
            // money moved or an order cancelled: the customer's orders are read again
            let entry = m.writes.outbox.iter().find(|e| Some(&e.key) == key.as_ref());
            if let Some(shop) = entry.and_then(|e| e.shop.clone()) {
                m.orders.fetched.clear();
                let made = match shop {
                    frontline_model::ShopAction::Discount(d) => vec![d],
                    frontline_model::ShopAction::Steps(steps) => steps
                        .into_iter()
                        .filter_map(|s| match s.action {
                            frontline_model::ShopAction::Discount(d) => Some(d),
                            _ => None,
                        })
                        .collect(),
                    _ => vec![],
                };
                for d in made {
                    m.orders.discount_codes.insert(ticket, d.code);
                }
            }
            m.writes.outbox.retain(|e| Some(&e.key) != key.as_ref());
            m.writes.failures = 0;
            for u in &page.users {
                m.users.insert(u.id, u.clone());
            }
            // only what the queue holds is updated and cached: a ticket of another view (a
            // snooze woken for the team) is not added to this one
            let held: Vec<frontline_model::Ticket> =
                page.tickets.iter().filter(|t| m.queue.get(t.id).is_some()).cloned().collect();
            if let Some(view) = m.view
                && !held.is_empty()
            {
                fx.push(super::restore::cache_tickets(m, view, held, None));
            }
            let mut page = page;
            if let Some(t) = page.tickets.iter_mut().find(|t| t.id == ticket) {
                measured_as_before(m, t, change.comment.as_ref().is_some_and(|c| c.public));
            }
            m.refresh_customer_tickets(&page.tickets);
            let after = page.tickets.iter().find(|t| t.id == ticket);
            if change.assignee.is_some() || change.status.is_some() {
                // the team board reads the agents it moved tickets between again
                let agents = [m.queue.get(ticket).and_then(|t| t.assignee), after.and_then(|t| t.assignee)];
                super::team::touched(m, &agents);
            }
            if let (Some(before), Some(after)) = (m.queue.get(ticket).cloned(), after.cloned()) {
                // the state the agent saw, then the one the write made
                super::counts::observe(m, &[before, after]);
            }
            // changed today: the day's figures (first reply time, solves) see it now, not
            // only if a later poll happens to fetch it again
            if let Some(t) = page.tickets.iter().find(|t| t.id == ticket) {
                m.changed_today(t.clone());
            }
            page.tickets.retain(|t| m.queue.get(t.id).is_some());
            m.merge_page(page.tickets, false, false);
            m.recompute_kpis();
            if change.comment.is_some() {
                m.details.conversations.remove(&ticket);
                if m.selected().map(|t| t.id) == Some(ticket) {
                    fx.extend(super::navigate::load_selected(m));
                }
            }
        }
        Err(DeliveryError::NotStored) if job.changes.len() == 1 => {
            // never in the outbox (the store refused it, or it was discarded elsewhere)
            m.writes.outbox.retain(|e| Some(&e.key) != key.as_ref());
            super::writes::give_back(m, &job, "it is not in the local outbox (it could not be saved)");
            return fx;
        }
        Err(DeliveryError::Helpdesk(BackendError::Conflict)) if job.quiet => {
            // the console's own write (a wake): someone changed the ticket first, and wins
            m.writes.outbox.retain(|e| Some(&e.key) != key.as_ref());
            fx.extend(key.clone().map(|k| Effect::Outbox(super::msg::OutboxOp::Discard(vec![k]))));
            job.waiting = job.waiting.saturating_sub(1);
            if job.waiting > 0 {
                m.writes.in_flight.insert(job_id, job);
            }
            m.dirty = true;
            return fx;
        }
        Err(DeliveryError::Helpdesk(BackendError::Conflict)) => {
            set_state(m, key.as_deref(), OutState::Failed, "changed by someone else");
            let before = m.queue.get(ticket).cloned();
            let messages_before = match m.details.conversations.get(&ticket) {
                Some(super::Loadable::Ready(v)) => Some(v.len()),
                _ => None,
            };
            m.details.conversations.remove(&ticket);
            m.mode = Mode::Conflict(Box::new(Conflict {
                ticket,
                change,
                label: job.label.clone(),
                before,
                messages_before,
                key,
            }));
            fx.push(Effect::LoadTicket(ticket));
            fx.push(Effect::LoadConversation(ticket));
            job.failed.push((ticket, "changed by someone else".into()));
        }
        Err(e) if e.worth_resending() => {
            set_state(m, key.as_deref(), OutState::Queued, &e.to_string());
            defer(m, e.helpdesk());
            job.deferred += 1;
            job.waited += usize::from(matches!(e.helpdesk(), Some(BackendError::RateLimited { .. })));
            job.failed.push((ticket, e.to_string()));
        }
        Err(e) => {
            set_state(m, key.as_deref(), OutState::Failed, &e.to_string());
            job.failed.push((ticket, e.to_string()));
            // deleted in the helpdesk: the write waits in :outbox with its text, the ticket goes
            if matches!(e.helpdesk(), Some(BackendError::NotFound { .. })) && m.forget_ticket(ticket) {
                fx.push(Effect::Cache(CacheOp::Forget(ticket)));
                fx.extend(super::navigate::load_selected(m));
            }
        }
    }
    job.waiting = job.waiting.saturating_sub(1);
    if job.waiting > 0 {
        m.writes.in_flight.insert(job_id, job);
    } else {
        finish(m, &job);
    }
    m.dirty = true;
    fx
}

pub fn written_many(
    m: &mut Model,
    job_id: u64,
    result: Result<crate::deliver::EachDelivered, BackendError>,
) -> Vec<Effect> {
    let Some(mut job) = m.writes.in_flight.remove(&job_id) else { return vec![] };
    let key_of =
        |job: &WriteJob, t: TicketId| job.changes.iter().position(|(x, _)| *x == t).map(|i| job.keys[i].clone());
    match result {
        Ok(outcomes) => {
            m.writes.failures = 0;
            for (t, r) in outcomes {
                let key = key_of(&job, t);
                match r {
                    Ok(()) => {
                        m.writes.outbox.retain(|e| Some(&e.key) != key.as_ref());
                        let change = job.changes.iter().find(|(x, _)| *x == t).map(|(_, c)| c);
                        if let Some(c) = change.filter(|c| c.assignee.is_some() || c.status.is_some()) {
                            let agents = [m.queue.get(t).and_then(|x| x.assignee), c.assignee.flatten()];
                            super::team::touched(m, &agents);
                        }
                    }
                    Err(why) => {
                        let why = why.to_string();
                        set_state(m, key.as_deref(), OutState::Failed, &why);
                        job.failed.push((t, why));
                    }
                }
            }
        }
        Err(e) => {
            let state = if e.worth_resending() { OutState::Queued } else { OutState::Failed };
            for k in job.keys.clone() {
                set_state(m, Some(&k), state, &e.to_string());
            }
            if e.worth_resending() {
                defer(m, Some(&e));
                job.deferred = job.changes.len();
                if let BackendError::RateLimited { .. } = e {
                    job.waited = job.deferred;
                }
            }
            job.failed.extend(job.changes.iter().map(|(t, _)| (*t, e.to_string())));
        }
    }
    finish(m, &job);
    // read the changed tickets back
    super::navigate::refresh(m)
}

/// A write's answer without the helpdesk's measures (Zendesk answers an update without its
/// metric set): what the console knew of the ticket stays, and a first public reply (on a
/// ticket the helpdesk said had none) is measured from the answer itself, as the helpdesk
/// measures it: creation to the reply. The next poll that fetches it brings the helpdesk's.
fn measured_as_before(m: &Model, t: &mut frontline_model::Ticket, public_reply: bool) {
    let known = m.queue.get(t.id).or_else(|| m.stats.today.iter().find(|x| x.id == t.id));
    // a first reply only where the helpdesk said nobody had replied yet
    let unanswered = known.is_some_and(|k| k.first_reply_minutes.is_none() && k.metrics.public_replies == Some(0));
    if t.first_reply_minutes.is_none() {
        t.first_reply_minutes = known
            .and_then(|k| k.first_reply_minutes)
            .or_else(|| (public_reply && unanswered).then(|| (t.updated_at - t.created_at).max(0) / 60));
    }
    if t.metrics == frontline_model::TicketMetrics::default()
        && let Some(k) = known
    {
        t.metrics = k.metrics;
        if public_reply {
            t.metrics.public_replies = t.metrics.public_replies.map(|n| n + 1);
        }
    }
}

/// The agent's own write to `ticket` landed and made `version`: their other writes to it that
/// expected the version this one replaced now expect the new one — their own write is not
/// someone else's change. The store's entries were moved the same way by the delivery itself
/// (`outbox::move_forward`, guarded against another process's claim); this keeps the console's
/// copies in step. Writes queued without a version (a shop action's note) stay without one.
fn move_versions_forward(m: &mut Model, ticket: TicketId, key: &str, replaced: Option<String>, version: &str) {
    let Some(replaced) = replaced else { return };
    for e in &mut m.writes.outbox {
        if e.ticket == ticket
            && e.key != key
            && e.state == OutState::Queued
            && e.expected_version.as_deref() == Some(replaced.as_str())
        {
            e.expected_version = Some(version.to_string());
        }
    }
}
