//! `:snooze [WHEN]`: the ticket leaves the open lists until WHEN, or until the customer
//! writes when no time is given. WHEN is `30m`, `4h`, `2d`, `tomorrow` or a weekday (9:00
//! local time), or `2026-12-01 [14:30]`. Chatwoot wakes its own snoozes; on Zendesk (on-hold
//! with the wake time in a tag) and RT (stalled until its Starts) every teammate's console
//! looks every few minutes for snoozes that are due and reopens them (`tick`, `due`).

use super::errors::SnoozeError;
use super::model::{Model, Notice};
use super::msg::Effect;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use frontline_backend::{BackendError, Snoozing};
use frontline_model::{Status, Ticket, TicketChange, TicketId, Timestamp};

/// How often a console looks for snoozes that are due: one request, so a room of fifty
/// consoles asks ten times a minute between them.
pub const WAKE_EVERY: i64 = 300;

/// The hour a day-only snooze ends, local time.
const MORNING: u32 = 9;

/// When a snooze given as `when` ends, from `now` with the agent's UTC offset; `Ok(None)`:
/// until the customer writes.
pub fn until(when: &str, now: Timestamp, offset: i64) -> Result<Option<Timestamp>, SnoozeError> {
    let when = when.trim().to_lowercase();
    if when.is_empty() {
        return Ok(None);
    }
    let bad = || SnoozeError::NotATime(when.clone());
    let local_now = chrono::DateTime::from_timestamp(now + offset, 0).ok_or_else(bad)?.naive_utc();
    let at_local = |date: NaiveDate, time: NaiveTime| date.and_time(time).and_utc().timestamp() - offset;
    let nine = NaiveTime::from_hms_opt(MORNING, 0, 0).ok_or_else(bad)?;
    let (digits, unit) = when.split_at(when.find(|c: char| !c.is_ascii_digit()).unwrap_or(when.len()));
    if let (Ok(n), Some(secs)) = (digits.parse::<i64>(), ["m", "h", "d"].iter().position(|u| *u == unit)) {
        let step = [60, 3600, 86_400][secs];
        return if n > 0 && n <= 90 * 86_400 / step { Ok(Some(now + n * step)) } else { Err(bad()) };
    }
    let weekday = |w: Weekday| {
        let ahead =
            (7 + i64::from(w.num_days_from_monday()) - i64::from(local_now.weekday().num_days_from_monday())) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        at_local(local_now.date() + Duration::days(ahead), nine)
    };
    let day = match when.as_str() {
        "tomorrow" => Some(at_local(local_now.date() + Duration::days(1), nine)),
        "monday" | "mon" => Some(weekday(Weekday::Mon)),
        "tuesday" | "tue" => Some(weekday(Weekday::Tue)),
        "wednesday" | "wed" => Some(weekday(Weekday::Wed)),
        "thursday" | "thu" => Some(weekday(Weekday::Thu)),
        "friday" | "fri" => Some(weekday(Weekday::Fri)),
        "saturday" | "sat" => Some(weekday(Weekday::Sat)),
        "sunday" | "sun" => Some(weekday(Weekday::Sun)),
        _ => None,
    };
    if let Some(at) = day {
        return Ok(Some(at));
    }
    let mut parts = when.split_whitespace();
    let date = parts.next().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).ok_or_else(bad)?;
    let time = match parts.next() {
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| bad())?,
        None => nine,
    };
    let at = at_local(date, time);
    if at <= now {
        return Err(SnoozeError::Passed(when));
    }
    Ok(Some(at))
}

/// `:snooze WHEN` on the marked tickets, else the selected one.
pub fn command(m: &mut Model, when: &str) -> Vec<Effect> {
    if m.settings.snoozing == Snoozing::No {
        m.notice = Some(Notice {
            text: format!("{} has no snooze: set the status with s instead", m.settings.helpdesk),
            error: true,
        });
        return vec![];
    }
    let until = match until(when, m.now, m.settings.utc_offset) {
        Ok(u) => u,
        Err(why) => {
            m.notice = Some(Notice { text: format!(":snooze: {why}"), error: true });
            return vec![];
        }
    };
    let what = match until {
        Some(at) => format!("snooze until {}", frontline_model::text::fmt_time(at, m.settings.utc_offset)),
        None => "snooze until the customer writes".to_string(),
    };
    let change = TicketChange { status: Some(Status::OnHold), until, ..Default::default() };
    let changes = super::ticket_changes::targets(m).into_iter().map(|t| (t, change.clone())).collect();
    super::ticket_changes::propose(m, &what, changes)
}

/// On a tick: time to look for snoozes that are due, where the consoles wake them. Not in a
/// read-only console (it writes nothing), not before the view's first page, and later when
/// the account's budget runs low.
pub fn tick(m: &mut Model) -> Vec<Effect> {
    if m.settings.snoozing != Snoozing::ByConsoles
        || m.settings.read_only
        || m.board.on
        || !m.sync.first_page
        || m.now < m.sync.wake_check
    {
        return vec![];
    }
    if m.sync.pace.budget.is_some_and(|b| b.share() < super::pacing::REST_BELOW) {
        m.sync.wake_check = m.now + 60;
        return vec![];
    }
    m.sync.wake_check = m.now + WAKE_EVERY;
    vec![Effect::LoadDueSnoozes { now: m.now }]
}

/// The snoozed tickets the helpdesk says are due: each is reopened (and its wake time
/// removed), unless this console woke it a moment ago or has a write of its own on it.
pub fn due(m: &mut Model, result: Result<Vec<Ticket>, BackendError>) -> Vec<Effect> {
    let found = match result {
        Ok(found) => found,
        Err(e) => {
            // the next look tries again; the poll says when the helpdesk is away
            tracing::warn!("looking for snoozes that are due: {e}");
            return vec![];
        }
    };
    let now = m.now;
    m.sync.woken.retain(|_, at| now - *at < 2 * WAKE_EVERY);
    let mine: std::collections::HashSet<TicketId> = m.writes.outbox.iter().map(|e| e.ticket).collect();
    let wake: Vec<&Ticket> = found
        .iter()
        .filter(|t| t.snoozed_until.is_some_and(|at| frontline_model::snooze::due(at, now)))
        .filter(|t| matches!(t.status, Status::OnHold | Status::Pending))
        .filter(|t| !m.sync.woken.contains_key(&t.id) && !mine.contains(&t.id))
        .collect();
    if m.board.on || m.settings.read_only {
        return vec![];
    }
    let mut fx = Vec::new();
    let versions: std::collections::HashMap<TicketId, String> =
        wake.iter().map(|t| (t.id, t.version.clone())).collect();
    for t in &wake {
        let change = TicketChange {
            status: Some(Status::Open),
            remove_tags: frontline_model::snooze::tags_in(&t.tags),
            // RT: the wake time goes with the stall
            until: Some(frontline_model::snooze::CLEAR),
            ..Default::default()
        };
        let when = t.snoozed_until.map(|at| frontline_model::text::fmt_time(at, m.settings.utc_offset));
        let label = format!("#{} back from snooze (until {})", t.id.0, when.unwrap_or_default());
        let queued = super::writes::queue_by_console(m, label, vec![(t.id, change)], &versions);
        if !queued.is_empty() {
            m.sync.woken.insert(t.id, now);
        }
        fx.extend(queued);
    }
    if let [one] = wake.as_slice() {
        m.notice = Some(Notice { text: format!("#{} is back from snooze", one.id.0), error: false });
    } else if !wake.is_empty() {
        m.notice = Some(Notice { text: format!("{} tickets are back from snooze", wake.len()), error: false });
    }
    fx
}

#[cfg(test)]
mod tests {
    use super::until;

    /// Monday 30 Nov 2026, 10:00 UTC.
    const NOW: i64 = 1_796_032_800;

    #[test]
    fn snooze_times() {
        assert_eq!(until("", NOW, 0), Ok(None));
        assert_eq!(until("30m", NOW, 0), Ok(Some(NOW + 1800)));
        assert_eq!(until("4h", NOW, 0), Ok(Some(NOW + 4 * 3600)));
        assert_eq!(until("2d", NOW, 0), Ok(Some(NOW + 2 * 86_400)));
        // tomorrow 9:00 local: an hour east of UTC is 8:00 UTC
        assert_eq!(until("tomorrow", NOW, 3600), Ok(Some(NOW - 3600 * 2 + 86_400)));
        assert_eq!(until("monday", NOW, 0), Ok(Some(NOW - 3600 + 7 * 86_400)), "next Monday, not today");
        assert_eq!(until("wed", NOW, 0), Ok(Some(NOW - 3600 + 2 * 86_400)));
        assert_eq!(until("2026-12-01 14:30", NOW, 0), Ok(Some(NOW + 86_400 + 4 * 3600 + 1800)));
        assert!(until("2026-11-01", NOW, 0).unwrap_err().to_string().contains("has passed"));
        for bad in ["soon", "0h", "-2h", "999d", "2026-13-01"] {
            assert!(until(bad, NOW, 0).is_err(), "{bad}");
        }
    }
}
