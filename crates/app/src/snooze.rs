//! `:snooze [WHEN]` on a helpdesk that snoozes (Chatwoot): the conversation leaves the open
//! lists until WHEN, or until the customer writes when no time is given. WHEN is `30m`,
//! `4h`, `2d`, `tomorrow` or a weekday (9:00 local time), or `2026-12-01 [14:30]`.

use super::errors::SnoozeError;
use super::model::{Model, Notice};
use super::msg::Effect;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use frontline_model::{Status, TicketChange, Timestamp};

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
    if !m.settings.snoozes {
        m.notice = Some(Notice {
            text: format!(
                "{} has no snooze: set the status with s (on-hold waits for the customer)",
                m.settings.helpdesk
            ),
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
