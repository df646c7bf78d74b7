//! Moving around: the selection in the focused pane, a ticket by number, a view, the sort and
//! the wallboard, and asking for what the selected ticket shows (its conversation, customer
//! and orders). Shared by the slices that move the selection; it imports no slice but orders.

use super::model::{Loadable, Mode, Model, Notice, Pane, Temporary};
use super::msg::Effect;
use frontline_model::{TicketId, day_start};

/// The wallboard's counts per view; Zendesk allows `count_many` a few times every five
/// minutes, so the tick asks at most every 300 s.
pub fn view_counts(m: &mut Model) -> Vec<Effect> {
    if m.views.is_empty() {
        return vec![];
    }
    m.board.view_counts_at = Some(m.now);
    vec![Effect::LoadViewCounts(m.views.iter().map(|v| v.id).collect())]
}

/// `:wallboard`: KPIs large, counts per view, breaches first; no writes while it is on.
pub fn toggle_wallboard(m: &mut Model) -> Vec<Effect> {
    m.board.on = !m.board.on;
    m.mode = Mode::Normal;
    m.dirty = true;
    if m.board.on { view_counts(m) } else { vec![] }
}

/// Reloads the current view, the counts and today's changes.
pub fn refresh(m: &mut Model) -> Vec<Effect> {
    m.sync.last_poll = m.now;
    m.sync.next_poll = m.now + m.sync.pace.interval;
    let mut fx = vec![super::counts::recount(m), Effect::LoadToday { since: day_start(m.now) }];
    if let Some(view) = m.view {
        m.sync.queue_req += 1;
        m.queue.loading = true;
        fx.push(Effect::LoadQueue { view, page: None, req: m.sync.queue_req, first: true });
    }
    // a queue that is not a view is asked again as it was made
    match m.queue.temporary.clone() {
        Some(Temporary::Search(words)) if m.view.is_none() => {
            m.sync.queue_req += 1;
            m.queue.loading = true;
            fx.push(Effect::Search { words, req: m.sync.queue_req });
        }
        Some(Temporary::Agent(agent)) if m.view.is_none() => {
            m.queue.loading = true;
            m.team.asked.insert(agent, m.now);
            fx.push(Effect::LoadAssigned(agent));
        }
        _ => {}
    }
    fx
}

/// Switches to another view: a fresh queue, the first page asked for.
pub fn open_view(m: &mut Model, idx: usize) -> Vec<Effect> {
    let Some(v) = m.views.get(idx).cloned() else {
        return vec![];
    };
    m.view = Some(v.id);
    // the view is loaded whole now: its first poll is an interval away
    m.sync.next_poll = m.sync.next_poll.max(m.now + m.sync.pace.interval);
    m.queue = Default::default();
    m.stats.view_index = None;
    m.reindex_kpis();
    m.filter.haystacks.clear();
    m.queue.loading = true;
    m.sync.queue_req += 1;
    m.dirty = true;
    vec![Effect::LoadQueue { view: v.id, page: None, req: m.sync.queue_req, first: true }]
}

/// After the selection moved: the conversation and customer of the new ticket, if not held.
pub fn load_selected(m: &mut Model) -> Vec<Effect> {
    let Some(t) = m.selected() else { return vec![] };
    let (id, requester) = (t.id, t.requester);
    // looked at: no longer new or updated
    m.unseen.remove(&id);
    let mut fx = Vec::new();
    if !matches!(m.details.conversations.get(&id), Some(Loadable::Ready(_) | Loadable::Loading)) {
        m.details.conversations.insert(id, Loadable::Loading);
        fx.push(Effect::LoadConversation(id));
    }
    if let Some(r) = requester
        && !matches!(m.details.customers.get(&r), Some(Loadable::Ready(_) | Loadable::Loading))
    {
        m.details.customers.insert(r, Loadable::Loading);
        fx.push(Effect::LoadCustomer(r));
    }
    fx.extend(super::orders::wanted(m));
    fx
}

/// Moves the selection in the focused pane by `delta` rows (saturating).
pub fn move_by(m: &mut Model, delta: isize) -> Vec<Effect> {
    match m.focus {
        Pane::Queue => {
            let len = m.queue.visible.len();
            if len == 0 {
                return vec![];
            }
            let before = m.queue.selected;
            m.queue.selected = (before as isize + delta).clamp(0, len as isize - 1) as usize;
            m.scroll_into_view();
            if m.queue.selected != before {
                m.details.scroll = 0;
                m.details.customer_selected = 0;
                return load_selected(m);
            }
            vec![]
        }
        Pane::Conversation => {
            // up scrolls back in time
            m.details.scroll = (m.details.scroll as isize - delta).max(0) as usize;
            vec![]
        }
        Pane::Customer if m.orders.focused => {
            super::orders::move_by(m, delta);
            vec![]
        }
        Pane::Customer => {
            let n = customer_tickets(m);
            if n > 0 {
                m.details.customer_selected =
                    (m.details.customer_selected as isize + delta).clamp(0, n as isize - 1) as usize;
            }
            vec![]
        }
    }
}

fn customer_tickets(m: &Model) -> usize {
    match m.selected().and_then(|t| t.requester).and_then(|r| m.details.customers.get(&r)) {
        Some(Loadable::Ready(p)) => p.tickets.len(),
        _ => 0,
    }
}

/// After the agent's own send on `ticket` (a reply, a note, a macro, a merge): the queue has
/// the keys again, and with `after_send = "next"` the selection moves to the next ticket in
/// the order the agent was working — the row below, as the queue stands before the send
/// re-sorts it — keeping the sent one for `'`. Not when the agent has moved on already.
pub(crate) fn after_send(m: &mut Model, ticket: TicketId) -> Vec<Effect> {
    // the agent has moved on (another ticket, a dialog opened meanwhile): left as they are
    if m.selected().map(|t| t.id) != Some(ticket) || m.mode != Mode::Normal {
        return vec![];
    }
    m.focus = Pane::Queue;
    m.orders.focused = false;
    if m.settings.after_send == frontline_config::AfterSend::Stay {
        return vec![];
    }
    let len = m.queue.visible.len();
    let next = if m.queue.selected + 1 < len { m.queue.selected + 1 } else { m.queue.selected.saturating_sub(1) };
    if next == m.queue.selected {
        return vec![];
    }
    m.queue.back_to = Some(ticket);
    m.queue.selected = next;
    m.scroll_into_view();
    m.details.scroll = 0;
    m.details.customer_selected = 0;
    load_selected(m)
}

/// `'`: back to the ticket last sent on (and `'` again returns), focus in the queue.
pub fn back(m: &mut Model) -> Vec<Effect> {
    let Some(to) = m.queue.back_to else {
        m.notice = Some(Notice {
            text: "no ticket to go back to: ' returns to the one you last sent on".into(),
            error: false,
        });
        return vec![];
    };
    m.queue.back_to = m.selected().map(|t| t.id);
    let fx = go_to_ticket(m, to);
    m.focus = Pane::Queue;
    fx
}

/// Selects ticket `id` in the queue if it is there; otherwise loads it into the queue.
pub fn go_to_ticket(m: &mut Model, id: TicketId) -> Vec<Effect> {
    if !m.filter.text.is_empty()
        && m.queue.get(id).is_some()
        && !m.queue.visible.iter().any(|&i| m.queue.tickets[i].id == id)
    {
        m.filter.text.clear();
        m.refresh_visible(None);
    }
    if let Some(pos) = m.queue.visible.iter().position(|&i| m.queue.tickets[i].id == id) {
        m.queue.selected = pos;
        m.scroll_into_view();
        m.focus = Pane::Conversation;
        m.details.scroll = 0;
        return load_selected(m);
    }
    m.notice = Some(Notice { text: format!("opening #{}…", id.0), error: false });
    m.sync.opening = Some(id);
    vec![Effect::LoadTicket(id)]
}

/// After the sort changed: the first row is selected, so what the sort puts on top (the
/// breached tickets, the urgent ones) is what the agent sees.
pub fn sorted(m: &mut Model) -> Vec<Effect> {
    m.refresh_visible(None);
    m.queue.selected = 0;
    m.queue.offset = 0;
    m.details.scroll = 0;
    load_selected(m)
}
