//! Numbers and times as the panes show them, and the theme role each value takes.

use crate::model::{Figure, Priority, Status, Timestamp};

/// Compact duration: `45s`, `12m`, `3h05m`, `2d4h`.
fn duration(secs: i64, with_seconds: bool) -> String {
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

/// Breached and critical countdowns take the breach colour, warn ones the warn colour.
pub fn sla_role(remaining: i64, warn_secs: i64, critical_secs: i64) -> &'static str {
    if remaining < 0 || remaining <= critical_secs {
        "sla_breach"
    } else if remaining <= warn_secs {
        "sla_warn"
    } else {
        "sla_ok"
    }
}

pub fn priority_role(p: Option<Priority>) -> &'static str {
    match p {
        Some(Priority::Urgent) => "priority_urgent",
        Some(Priority::High) => "priority_high",
        Some(Priority::Low) => "priority_low",
        _ => "priority_normal",
    }
}

pub fn status_role(s: &Status) -> &'static str {
    match s {
        Status::New => "status_new",
        Status::Open => "status_open",
        Status::Pending => "status_pending",
        Status::OnHold => "status_hold",
        Status::Solved | Status::Closed => "status_solved",
        Status::Other(_) => "base",
    }
}

/// A figure as text: the value, `…` while loading, `no access` or `n/a`.
pub fn figure<T>(f: &Figure<T>, show: impl Fn(&T) -> String) -> String {
    match f {
        Figure::Value(v) => show(v),
        Figure::Loading => "…".into(),
        Figure::NoAccess => "no access".into(),
        Figure::Unavailable => "n/a".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sla_countdowns() {
        assert_eq!(fmt_sla(3 * 3600 + 125, 300), "3h00m", "five-minute steps beyond the hour");
        assert_eq!(fmt_sla(3 * 3600 + 4 * 60 + 59, 300), "3h00m");
        assert_eq!(fmt_sla(3 * 3600 + 5 * 60, 300), "3h05m");
        assert_eq!(fmt_sla(42 * 60 + 59, 300), "42m", "minutes within the hour");
        assert_eq!(fmt_sla(4 * 60 + 12, 300), "4m12s");
        assert_eq!(fmt_sla(-30, 300), "-30s");
        assert_eq!(fmt_sla(-(65 * 60 + 1), 300), "-1h10m", "rounded toward the breach");
        assert_eq!(fmt_sla(-(59 * 60 + 1), 300), "-1h00m");
        assert_eq!(fmt_sla(2 * 86_400 + 5 * 3600, 300), "2d5h");
    }

    #[test]
    fn roles_follow_thresholds() {
        assert_eq!(sla_role(-1, 1800, 600), "sla_breach");
        assert_eq!(sla_role(600, 1800, 600), "sla_breach", "critical");
        assert_eq!(sla_role(1800, 1800, 600), "sla_warn");
        assert_eq!(sla_role(1801, 1800, 600), "sla_ok");
        assert_eq!(fmt_age(10_000, 10_000 - 7200), "2h");
    }

    #[test]
    fn row_ages_change_in_coarse_steps() {
        let now = 100_000;
        let age = |secs| fmt_row_age(now, now - secs);
        assert_eq!([age(0), age(299), age(300), age(599), age(600)], ["<5m", "<5m", "5m", "5m", "10m"]);
        assert_eq!([age(3599), age(3600), age(90_000)], ["55m", "1h", "1d"]);
    }
}
