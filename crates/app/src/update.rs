//! `update(&mut Model, Msg) -> Vec<Effect>`: every change of state, and nothing else. No IO,
//! no clock (time arrives as `Msg::Tick`), so every flow is testable by feeding messages.

use super::model::{Connection, Loadable, Mode, Model, Notice, Pane};
use super::msg::{Effect, Msg};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use frontline_backend::BackendError;
use frontline_model::{TicketId, day_start};

/// What the console asks for when it opens: who the agent is and the views, so that the
/// view's first page goes next; the rest waits for it (`after_first_page`).
pub fn init(m: &mut Model) -> Vec<Effect> {
    m.dirty = true;
    let mut fx = vec![Effect::Restore, Effect::LoadMe, Effect::LoadViews, Effect::Listen];
    if m.timer.on() {
        fx.push(Effect::AskTimeTracking);
    }
    fx
}

/// Once the agent's view is on screen: the counts, today's changes, agents, groups and
/// macros, asked once. Nothing of it ever delays the first rows.
///
/// When the account's budget is running low, they wait (a tick asks them once it is not):
/// a room full of consoles starting together does not spend the account's minute at once.
pub fn after_first_page(m: &mut Model) -> Vec<Effect> {
    m.sync.first_page = true;
    if m.sync.rest_asked || m.now < m.sync.rest_after {
        return vec![];
    }
    if m.sync.pace.budget.is_some_and(|b| b.share() < super::pacing::REST_BELOW) {
        // the account is spending fast: look again in a while, each console after its own
        m.sync.rest_after = m.now + super::pacing::spread(m, 5, 60);
        return vec![];
    }
    m.sync.rest_asked = true;
    vec![
        super::counts::recount(m),
        Effect::LoadToday { since: day_start(m.now) },
        Effect::LoadAgents,
        Effect::LoadGroups,
        Effect::LoadMacros,
    ]
}

pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut fx = dispatch(m, msg);
    // whatever happened, the ticket on screen has its conversation and customer asked for:
    // a superseded load or a selection moved by an answer never leaves "loading…" for good
    if selected_unasked(m) {
        fx.extend(load_selected(m));
    }
    if super::orders::unasked(m) {
        fx.extend(super::orders::wanted(m));
    }
    super::orders::choose(m);
    fx
}

/// The selected ticket's conversation or customer is neither on screen, failed, nor asked for.
fn selected_unasked(m: &Model) -> bool {
    let Some(t) = m.selected() else { return false };
    !m.details.conversations.contains_key(&t.id) || t.requester.is_some_and(|r| !m.details.customers.contains_key(&r))
}

fn dispatch(m: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) => {
            if k.kind == KeyEventKind::Release {
                return vec![];
            }
            m.dirty = true;
            super::pacing::agent_active(m);
            m.timer.key(m.now);
            let fx = super::input::key(m, k);
            // a held ticket goes once the agent has moved off it, whatever key moved them
            m.release_held();
            fx
        }
        Msg::Resize(w, h) => {
            m.size = (w, h);
            m.scroll_into_view();
            m.dirty = true;
            vec![]
        }
        Msg::Tick(now) => tick(m, now),
        Msg::Focus(on) => super::handle_time::focus(m, on),
        Msg::TimeTracking(result) => super::handle_time::answered(m, result),
        Msg::Edited(result) => {
            m.timer.editor();
            super::loaded::loaded(m, Msg::Edited(result))
        }
        Msg::Rate(b) => {
            super::pacing::heard(m, b);
            vec![]
        }
        Msg::Live(ev) => super::live_feed::event(m, ev),
        other => super::loaded::loaded(m, other),
    }
}

/// After this long without a first answer, "connecting" becomes "no answer from … for N s".
pub const NO_ANSWER_SECS: i64 = 20;

fn tick(m: &mut Model, now: i64) -> Vec<Effect> {
    let before = m.now;
    m.now = now;
    // the stretch since the last tick counts for the ticket worked on through it
    let working_on = super::handle_time::working_on(m);
    m.dirty |= m.timer.tick(now, working_on);
    // Countdowns show minutes, and seconds only close to a breach: redraw when what is shown changes.
    let near = m
        .queue
        .visible
        .iter()
        .filter_map(|&i| m.queue.tickets.get(i))
        .any(|t| t.sla_remaining(now).is_some_and(|r| r.abs() <= m.settings.seconds_window));
    let counting_down = matches!(m.sync.connection, Connection::Trouble(_)) && m.sync.next_poll >= now;
    // still no first answer: the status line counts how long it has waited
    let unanswered = m.sync.connection == Connection::Connecting && now - m.sync.started >= NO_ANSWER_SECS;
    let counting_down = counting_down || unanswered;
    if now / 60 != before / 60 || ((near || counting_down) && now != before) {
        m.dirty = true;
        m.recompute_kpis();
    }
    let mut fx = super::writes::due(m);
    fx.extend(super::compose::save_draft(m));
    fx.extend(super::live_feed::tick(m));
    fx.extend(super::team::refresh(m));
    if m.board.on && m.board.view_counts_at.is_none_or(|at| now - at >= 300) {
        fx.extend(view_counts(m));
    }
    fx.extend(super::notify::after_tick(m, before));
    if !fx.is_empty() {
        m.dirty = true;
    }
    if m.sync.first_page && !m.sync.rest_asked {
        fx.extend(after_first_page(m));
    }
    if now >= m.sync.next_poll.max(m.sync.last_poll + super::pacing::min_gap(m)) {
        fx.extend(poll(m));
    }
    fx
}

/// After a failed poll: wait twice as long each time (up to 5 minutes), or what the helpdesk
/// asked for with Retry-After.
pub fn back_off(m: &mut Model, e: &BackendError) {
    m.sync.poll_failures += 1;
    let doubled = m.sync.pace.interval.saturating_mul(1 << m.sync.poll_failures.min(5)).min(300);
    let wait = match e {
        BackendError::RateLimited { retry_after, .. } => (*retry_after as i64).max(doubled),
        _ => doubled,
    };
    m.sync.next_poll = m.now + wait;
}

/// The periodic poll: only what changed since the newest ticket the console holds (two
/// requests when nothing did). Before the first full load it is a full refresh.
pub fn poll(m: &mut Model) -> Vec<Effect> {
    // a search's results are not a view: they stay as found until the agent goes back
    if m.queue.search.is_some() {
        m.sync.last_poll = m.now;
        return vec![];
    }
    // the views (or who the agent is) never came at start: those first, not counts without a view
    if !m.sync.views_loaded {
        m.sync.last_poll = m.now;
        let mut fx = vec![Effect::LoadViews];
        if m.me.is_none() {
            fx.push(Effect::LoadMe);
        }
        return fx;
    }
    let newest = m.queue.tickets.iter().chain(m.stats.today.iter()).map(|t| t.updated_at).max();
    match (m.view, newest, m.queue.loading) {
        (Some(view), Some(newest), false) => {
            m.sync.last_poll = m.now;
            m.sync.queue_req += 1;
            // A change in the same second as the newest, made after the poll that saw it, would
            // be missed without a second of overlap. Once the newest is a minute old, the polls
            // since have overlapped that second already; overlapping still would only fetch its
            // tickets again (hundreds after a bulk update), so the poll goes from it, exclusive.
            let since = if m.now - newest > 60 { newest } else { newest - 1 };
            let local = m.views.iter().any(|v| v.id == view && v.filter.is_some());
            let mut fx = vec![Effect::Poll { view, since, req: m.sync.queue_req, local }];
            if m.me.is_none() && m.sync.me_failed {
                fx.push(Effect::LoadMe); // who the agent is never came: asked again with the poll
            }
            fx
        }
        (_, _, true) => vec![],
        _ => refresh(m),
    }
}

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
    if !matches!(m.details.conversations.get(&id), Some(Loadable::Ready(_)) | Some(Loadable::Loading)) {
        m.details.conversations.insert(id, Loadable::Loading);
        fx.push(Effect::LoadConversation(id));
    }
    if let Some(r) = requester
        && !matches!(m.details.customers.get(&r), Some(Loadable::Ready(_)) | Some(Loadable::Loading))
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

/// Records a failed request in the status line; the rest of the console keeps working.
pub fn report(m: &mut Model, what: &str, e: &BackendError) {
    if let BackendError::RateLimited { retry_after, asked } = e {
        // back-pressure, not a fault: the console waits as asked and the status line says so
        tracing::info!("{what}: {e}");
        if asked > retry_after {
            // an absurd Retry-After is cut, and the agent hears why nothing moves for a while
            m.notice = Some(Notice { text: format!("{what}: {e}"), error: false });
        }
        super::loaded::back_online(m); // it answered
        m.sync.pace.asked_to_wait = true;
        m.dirty = true;
        return;
    }
    tracing::warn!("{what}: {e}");
    if matches!(e, BackendError::Network { .. } | BackendError::Timeout { .. } | BackendError::Auth { .. })
        || e.is_transient()
    {
        m.sync.connection = Connection::Trouble(e.to_string());
    }
    m.notice = Some(Notice { text: format!("{what}: {e}"), error: true });
    m.dirty = true;
}

pub fn is_plain_char(k: &KeyEvent) -> Option<char> {
    match k.code {
        KeyCode::Char(c)
            if !k
                .modifiers
                .intersects(crossterm::event::KeyModifiers::CONTROL | crossterm::event::KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
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
