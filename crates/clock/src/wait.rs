//! Waits worked out from numbers a server sends (Retry-After, a restore rate, a cost): a
//! hostile or broken answer can make them NaN, negative, infinite or astronomically large.
//! Every such number becomes a `Duration` here, clamped to `LONGEST_WAIT`, and never through
//! `Duration::from_secs_f64` (which panics on them; clippy's `disallowed-methods` keeps it out).

use std::time::Duration;

/// The longest any server may make the console wait: 15 minutes. A longer wait asked for is
/// cut to this and said so on screen.
pub const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);

/// Whole seconds to wait, at most `LONGEST_WAIT`.
pub fn capped_secs(secs: u64) -> u64 {
    secs.min(LONGEST_WAIT.as_secs())
}

/// `secs` (from arithmetic on a server's numbers) as a wait: zero when negative, `LONGEST_WAIT`
/// when NaN, infinite or longer.
pub fn wait_from_secs(secs: f64) -> Duration {
    if secs.is_nan() || secs >= LONGEST_WAIT.as_secs_f64() {
        LONGEST_WAIT
    } else if secs <= 0.0 {
        Duration::ZERO
    } else {
        // in range: whole milliseconds, so no float reaches Duration
        Duration::from_millis((secs * 1000.0).ceil() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_numbers_become_sane_waits() {
        assert_eq!(wait_from_secs(f64::NAN), LONGEST_WAIT);
        assert_eq!(wait_from_secs(f64::INFINITY), LONGEST_WAIT);
        assert_eq!(wait_from_secs(1000.0 / 1e-300), LONGEST_WAIT);
        assert_eq!(wait_from_secs(f64::NEG_INFINITY), Duration::ZERO);
        assert_eq!(wait_from_secs(-3.0), Duration::ZERO);
        assert_eq!(wait_from_secs(1.5), Duration::from_millis(1500));
        assert_eq!(wait_from_secs(0.0001), Duration::from_millis(1));
        assert_eq!(capped_secs(9_223_372_036_854_775_807), 900);
        assert_eq!(capped_secs(99_999), 900);
        assert_eq!(capped_secs(30), 30);
    }
}
