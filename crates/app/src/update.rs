//! `update(&mut Model, Msg) -> Vec<Effect>`: every change of state, and nothing else. No IO,
//! no clock (time arrives as `Msg::Tick`), so every flow is testable by feeding messages.

use super::model::{Connection, Model, Notice};
use super::msg::{Effect, Msg};
use super::navigate::{load_selected, view_counts};
use super::polls::{after_first_page, poll};

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

pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    let was_key = matches!(msg, Msg::Key(_));
    let mut fx = dispatch(m, msg);
    if m.orders.macro_run.is_some() {
        let more = super::macro_shop::follow(m, was_key, &fx);
        fx.extend(more);
    }
    if m.writes.quitting == Some(true) {
        super::compose::quit_when_sent(m);
    }
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

/// The one router: every message is matched here once and handed to the part that owns it.
fn dispatch(m: &mut Model, msg: Msg) -> Vec<Effect> {
    // an answer (a request's, the store's, a command's) may change anything on screen
    let input = matches!(
        msg,
        Msg::Key(_)
            | Msg::Resize(..)
            | Msg::UtcOffset(_)
            | Msg::Tick(_)
            | Msg::Focus(_)
            | Msg::TimeTracking(_)
            | Msg::Rate(_)
            | Msg::Live(_)
    );
    if !input {
        m.dirty = true;
    }
    match msg {
        Msg::Key(k) => {
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
        Msg::UtcOffset(offset) => {
            if m.settings.utc_offset != offset {
                m.settings.utc_offset = offset;
                m.dirty = true;
            }
            vec![]
        }
        Msg::Tick(now) => tick(m, now),
        Msg::Focus(on) => super::handle_time::focus(m, on),
        Msg::TimeTracking(result) => super::handle_time::answered(m, result),
        Msg::Rate(b) => {
            super::pacing::heard(m, b);
            vec![]
        }
        Msg::Live(ev) => super::live_feed::event(m, ev),
        // the account's own data
        Msg::Me(result) => super::loaded::me(m, result),
        Msg::Views(result) => super::loaded::views(m, result),
        Msg::Groups(result) => super::loaded::groups(m, result),
        Msg::Agents(result) => super::loaded::agents(m, result),
        Msg::Macros(result) => super::loaded::macros(m, result),
        Msg::DueSnoozes(result) => super::snooze::due(m, result),
        Msg::ViewCounts(result) => super::loaded::view_counts(m, result),
        Msg::Restored(r) => super::restore::restored(m, *r),
        Msg::Existing { view, asked, result } => super::restore::existing(m, view, asked, result),
        // the queue
        Msg::QueuePage { req, first, result } => super::synced::queue_page(m, req, first, result),
        Msg::Ticket { id, result } => super::synced::ticket(m, id, result),
        Msg::Polled { req, view, changed } => super::synced::polled(m, req, view, changed),
        Msg::PolledChanges { req, view, since, changed } => super::synced::polled_changes(m, req, view, since, changed),
        Msg::Searched { req, result } => super::synced::searched(m, req, result),
        // the selected ticket's details and the day's figures
        Msg::Conversation { ticket, result } => super::fetched::conversation(m, ticket, result),
        Msg::Customer { user, result } => super::fetched::customer(m, user, result),
        Msg::Count { what, result } => super::fetched::count(m, what, result),
        Msg::Today { result } => super::fetched::today(m, result),
        Msg::Report(result) => super::fetched::report_answer(m, result),
        Msg::Assigned { agent, result } => super::team::loaded(m, agent, result),
        // the shop
        Msg::Orders { email, result, customer } => {
            if let Some(c) = customer {
                m.orders.customers.insert(email.clone(), *c);
            }
            super::orders::loaded(m, email, result)
        }
        Msg::ActivationLink { ticket, result } => super::accounts::activation_link(m, ticket, result),
        Msg::Returnable { ticket, order, result } => super::returns::lines_picker(m, ticket, *order, result),
        Msg::RefundQuoted { ticket, order, ask, result } => super::order_writes::quoted(m, ticket, *order, ask, result),
        Msg::DiscountChecked { code, result } => super::discounts::checked(m, &code, result),
        Msg::OrderDetails { purpose: crate::orders::state::DetailsFor::Replace(plan), result } => {
            super::replacements::confirm(m, plan, result)
        }
        Msg::OrderDetails { purpose: crate::orders::state::DetailsFor::Address { ticket, order }, result } => {
            super::order_edits::form(m, ticket, *order, result)
        }
        // writes and merges
        Msg::Written { job, ticket, result } => super::written::written(m, job, ticket, result),
        Msg::WrittenMany { job, result } => super::written::written_many(m, job, result),
        Msg::Stored { keys, result: Err(e) } => super::writes::not_stored(m, &keys, &e),
        Msg::Stored { result: Ok(()), .. } => vec![],
        Msg::MergeTarget { target, result } => super::merge::target_read(m, target, result),
        Msg::Merged { source, target, result } => super::merge::merged(m, source, target, result),
        // the editor
        Msg::Edited(result) => {
            m.timer.editor();
            super::compose::edited(m, result);
            vec![]
        }
        Msg::DraftSaved { ticket, result } => {
            super::compose::saved(m, ticket, result);
            vec![]
        }
        Msg::TextSaved(result) => {
            super::compose::text_saved(m, result);
            vec![]
        }
        Msg::NotifyFailed(why) => {
            tracing::warn!("notification command: {why}");
            m.notice = Some(Notice { text: format!("notification command failed: {why}"), error: true });
            vec![]
        }
        Msg::Crashed(why) => {
            m.notice = Some(Notice {
                text: format!("internal error, the console goes on ({why}); please report it with the log"),
                error: true,
            });
            vec![]
        }
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
    fx.extend(super::snooze::tick(m));
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
