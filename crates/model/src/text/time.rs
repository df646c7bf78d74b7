//! Times as the console and the scripts write them: SLA countdowns, ages, dates, RFC 3339.

use crate::Timestamp;

/// Compact duration: `45s`, `12m`, `3h05m`, `2d4h`.
pub fn duration(secs: i64, with_seconds: bool) -> String {
    let s = secs.abs();
    let (d, h, m, sec) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    if d > 0 {
        format!("{d}d{h}h")
    } else if h > 0 {
        format!("{h}h{m:02}m")
    } else if with_seconds {
        if m > 0 { format!("{m}m{sec:02}s") } else { format!("{sec}s") }
    } else {
        format!("{m}m")
    }
}

/// An SLA countdown: seconds within `seconds_window` of the breach, minutes within the hour
/// around it, five-minute steps further out (so a turning minute redraws only the countdowns
/// that matter — fewer bytes over SSH), negative once breached.
pub fn fmt_sla(remaining: i64, seconds_window: i64) -> String {
    let secs = remaining.abs() <= seconds_window;
    let step = if remaining.abs() > 3600 { 300 } else { 60 };
    // Round toward the breach so the shown time is never later than the truth.
    let shown = if secs {
        remaining
    } else if remaining >= 0 {
        remaining / step * step
    } else {
        -((-remaining + step - 1) / step * step)
    };
    let sign = if remaining < 0 { "-" } else { "" };
    format!("{sign}{}", duration(shown, secs))
}

/// A queue row's age in steps coarse enough that a turning minute rarely changes it:
/// `<5m`, then five-minute steps (`15m`), then hours and days.
pub fn fmt_row_age(now: Timestamp, then: Timestamp) -> String {
    match (now - then).max(0) {
        s if s < 300 => "<5m".into(),
        s if s < 3600 => format!("{}m", s / 300 * 5),
        _ => fmt_age(now, then),
    }
}

/// Age since `then`: `5m`, `3h`, `2d`.
pub fn fmt_age(now: Timestamp, then: Timestamp) -> String {
    let s = (now - then).max(0);
    match s {
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

/// `22 Nov 10:03` in UTC shifted by `offset` seconds.
pub fn fmt_time(ts: Timestamp, offset: i64) -> String {
    chrono::DateTime::from_timestamp(ts + offset, 0).map(|d| d.format("%d %b %H:%M").to_string()).unwrap_or_default()
}

/// `2026-09-21T14:13:20Z`, as the scripts' JSON and notification payloads write times.
pub fn rfc3339(ts: Timestamp) -> Option<String> {
    chrono::DateTime::from_timestamp(ts, 0).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}
