//! When the next poll goes. The view sets the pace: polls come faster (down to the profile's
//! `poll_min_secs`) while it keeps changing and slower (up to `poll_max_secs`) once it has
//! been quiet for a while; a key pressed brings a slowed console back to its interval. The
//! account's shared API budget stretches the wait when the helpdesk says it is running low,
//! so a room full of consoles leaves room for agents' writes and other integrations — writes
//! and the ticket the agent opens are never held back, only polls. A little jitter keeps
//! consoles started together from polling in step.

pub mod state;
pub use state::*;

use super::model::{Model, Settings};
use frontline_backend::RateBudget;

/// Below this share of the budget left (for the time left in the minute), polls slow down.
pub const STRETCH_BELOW: f64 = 0.30;
/// Below this share, what the start-up asks after the first page (counts, today's changes,
/// agents, macros) waits: the account is spending faster than it can keep up.
pub const REST_BELOW: f64 = 0.8;
/// With nothing left, polls wait this many times their interval.
pub const MAX_STRETCH: f64 = 4.0;
/// Quiet polls in a row before the interval grows.
const QUIET_POLLS: u32 = 2;
/// However stretched, a poll waits at most this long.
const LONGEST_SECS: i64 = 300;

/// The shortest and longest wait between polls.
pub fn range(s: &Settings) -> (i64, i64) {
    match s.poll_range {
        Some((min, max)) => (min.min(s.poll_secs), max.max(s.poll_secs)),
        None => (s.poll_secs, s.poll_secs),
    }
}

/// How much longer polls wait with this budget left: 1.0 at `STRETCH_BELOW` and above,
/// rising evenly to `MAX_STRETCH` at none left.
pub fn stretch_for(b: &RateBudget) -> f64 {
    let share = b.share();
    if share >= STRETCH_BELOW {
        1.0
    } else {
        1.0 + (MAX_STRETCH - 1.0) * (STRETCH_BELOW - share.max(0.0)) / STRETCH_BELOW
    }
}

/// The helpdesk reported the account's budget.
pub fn heard(m: &mut Model, b: RateBudget) {
    let before = m.sync.pace.stretch;
    m.sync.pace.budget = Some(b);
    m.sync.pace.stretch = stretch_for(&b);
    if (before > 1.0) != (m.sync.pace.stretch > 1.0) {
        m.dirty = true; // the status line says so, or stops saying so
    }
}

/// A poll answered: `changed` when the view changed. Sets when the next poll goes.
pub fn after_poll(m: &mut Model, changed: bool) {
    let (min, max) = range(&m.settings);
    let base = m.settings.poll_secs;
    let p = &mut m.sync.pace;
    if p.asked_to_wait {
        p.asked_to_wait = false;
        m.dirty = true;
    }
    if m.live.is_up() {
        // the live feed brings changes as they happen: polls only make sure none was missed
        let wait = (max as f64 * p.stretch).round() as i64;
        m.sync.next_poll = m.now + wait.clamp(max, LONGEST_SECS.max(max));
        return;
    }
    if changed {
        p.quiet = 0;
        p.interval = (p.interval.min(base) * 3 / 4).max(min);
    } else {
        p.quiet += 1;
        if p.quiet >= QUIET_POLLS {
            p.interval = (p.interval.max(base) * 3 / 2).min(max);
        }
    }
    let jitter = m.settings.poll_jitter * p.next_unit();
    let wait = (p.interval as f64 * p.stretch * (1.0 + jitter)).round() as i64;
    m.sync.next_poll = m.now + wait.clamp(min.min(p.interval), LONGEST_SECS.max(max));
}

/// The agent pressed a key: a console slowed by a quiet view comes back to its interval.
pub fn agent_active(m: &mut Model) {
    let base = m.settings.poll_secs;
    if m.sync.pace.interval > base && !m.live.is_up() {
        m.sync.pace.interval = base;
        m.sync.pace.quiet = 0;
        let soon = m.sync.last_poll + (base as f64 * m.sync.pace.stretch) as i64;
        m.sync.next_poll = m.sync.next_poll.min(soon.max(m.now));
    }
}

/// A wait between `from` and `to` seconds from this console's own sequence.
pub fn spread(m: &mut Model, from: i64, to: i64) -> i64 {
    from + (m.sync.pace.next_unit() * (to - from) as f64) as i64
}

/// The shortest gap between two polls, whatever else says (a poll under way is not repeated).
pub fn min_gap(m: &Model) -> i64 {
    range(&m.settings).0.min(m.sync.pace.interval)
}

/// Requests a minute one console makes, by the rules above.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// Watching a view (with conditions the console checks) that changes at every poll.
    pub busy: f64,
    /// Watching a quiet view: at the interval, and once slowed to the longest wait.
    pub quiet_fastest: f64,
    pub quiet_slowest: f64,
}

/// What one console costs with polls every `interval` seconds, slowing to `max` when quiet:
/// one request a poll, and the five counts asked again every `RECOUNT_SECS` while changes
/// keep coming.
pub fn cost_per_minute(interval: i64, max: i64) -> Cost {
    let per_poll = |secs: i64| 60.0 / secs.max(1) as f64;
    let recount = 5.0 * 60.0 / super::count_book::RECOUNT_SECS as f64;
    Cost {
        busy: per_poll(interval) + recount,
        quiet_fastest: per_poll(interval),
        quiet_slowest: per_poll(max.max(interval)),
    }
}
