//! `[time_tracking]`: whether the console records the time agents spend on tickets, and how
//! long without a key still counts as working; and a Zendesk profile's Time Tracking field
//! ids (`[profiles.NAME.time_fields]`) for accounts whose fields are not titled as the app
//! titles them.

use serde::Deserialize;

/// `[time_tracking]` in the config.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TimeTrackingConfig {
    /// Off unless set: the console then measures time per ticket and writes it with the
    /// agent's own updates.
    pub enabled: bool,
    /// Minutes after the last key that still count as working on the selected ticket
    /// (fractions allowed); beyond them nothing counts until the next key.
    pub idle_minutes: f64,
}

impl Default for TimeTrackingConfig {
    fn default() -> Self {
        TimeTrackingConfig { enabled: false, idle_minutes: 5.0 }
    }
}

/// An idle limit that is not a sane number of minutes.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "[time_tracking] idle_minutes = {0} is not a number of minutes between 0 and 240 (for example 5, or 0.5 for thirty seconds)"
)]
pub struct IdleMinutes(pub f64);

impl TimeTrackingConfig {
    pub(crate) fn check(&self) -> Result<(), IdleMinutes> {
        if !self.idle_minutes.is_finite() || self.idle_minutes <= 0.0 || self.idle_minutes > 240.0 {
            return Err(IdleMinutes(self.idle_minutes));
        }
        Ok(())
    }

    /// The idle limit in whole seconds (at least one).
    pub fn idle_secs(&self) -> i64 {
        ((self.idle_minutes * 60.0).round() as i64).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_limits_outside_reason_are_refused_in_words() {
        let ok = TimeTrackingConfig { enabled: true, idle_minutes: 0.5 };
        assert!(ok.check().is_ok());
        assert_eq!(ok.idle_secs(), 30);
        for bad in [0.0, -1.0, f64::NAN, 1000.0] {
            let e = TimeTrackingConfig { enabled: true, idle_minutes: bad }.check().unwrap_err();
            assert!(e.to_string().contains("idle_minutes"), "{e}");
        }
    }
}
