//! Numbers and times as the panes show them, and the theme role each value takes.

use frontline_config::ThemeRole;
pub use frontline_model::text::{fmt_age, fmt_row_age, fmt_sla, fmt_time};
use frontline_model::{Figure, Priority, Status};

/// Breached and critical countdowns take the breach colour, warn ones the warn colour.
pub fn sla_role(remaining: i64, warn_secs: i64, critical_secs: i64) -> ThemeRole {
    if remaining < 0 || remaining <= critical_secs {
        ThemeRole::SlaBreach
    } else if remaining <= warn_secs {
        ThemeRole::SlaWarn
    } else {
        ThemeRole::SlaOk
    }
}

pub fn priority_role(p: Option<Priority>) -> ThemeRole {
    match p {
        Some(Priority::Urgent) => ThemeRole::PriorityUrgent,
        Some(Priority::High) => ThemeRole::PriorityHigh,
        Some(Priority::Low) => ThemeRole::PriorityLow,
        _ => ThemeRole::PriorityNormal,
    }
}

pub fn status_role(s: &Status) -> ThemeRole {
    match s {
        Status::New => ThemeRole::StatusNew,
        Status::Open => ThemeRole::StatusOpen,
        Status::Pending => ThemeRole::StatusPending,
        Status::OnHold => ThemeRole::StatusHold,
        Status::Solved | Status::Closed => ThemeRole::StatusSolved,
        Status::Other(_) => ThemeRole::Base,
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
        assert_eq!(sla_role(-1, 1800, 600), ThemeRole::SlaBreach);
        assert_eq!(sla_role(600, 1800, 600), ThemeRole::SlaBreach, "critical");
        assert_eq!(sla_role(1800, 1800, 600), ThemeRole::SlaWarn);
        assert_eq!(sla_role(1801, 1800, 600), ThemeRole::SlaOk);
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
