//! The one backoff: how long to wait before trying again after a failure, doubling from a
//! first wait up to a longest, with jitter so that consoles that failed together do not all
//! come back in the same second. Every retry in the console uses it: the HTTP client's, the
//! poll's, the outbox's, Chatwoot's live feed's reconnects and the shop's throttled calls.
//!
//! The random draw is the caller's (`unit` in [0, 1)): I/O code draws it from `rand`, the
//! pure `update` from its own seeded generator, so tests stay exact.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    /// The wait before the first retry.
    pub first: Duration,
    /// However many failures, never longer than this.
    pub longest: Duration,
    /// Up to this share of each wait is taken off at random (0: exact waits).
    pub jitter: f64,
}

impl Backoff {
    /// Doubling from `first` up to `longest`, with a fifth of jitter.
    pub const fn new(first: Duration, longest: Duration) -> Backoff {
        Backoff { first, longest, jitter: 0.2 }
    }

    /// The same, with `jitter` (clamped to 0..=1; NaN is none).
    pub fn with_jitter(self, jitter: f64) -> Backoff {
        Backoff { jitter: if jitter.is_nan() { 0.0 } else { jitter.clamp(0.0, 1.0) }, ..self }
    }

    /// The wait after `failures` failures in a row (1: the first retry), `unit` drawn in [0, 1).
    pub fn wait(&self, failures: u32, unit: f64) -> Duration {
        let doublings = failures.saturating_sub(1).min(30);
        let full = self.first.saturating_mul(1u32 << doublings).min(self.longest);
        let unit = if unit.is_nan() { 0.0 } else { unit.clamp(0.0, 1.0) };
        let off = (self.jitter * unit * 1000.0).round() as u32;
        full.saturating_sub(full * off / 1000)
    }

    /// `wait` in whole seconds (at least 1 when the wait is not zero), for the console's clock.
    pub fn wait_secs(&self, failures: u32, unit: f64) -> i64 {
        let w = self.wait(failures, unit);
        if w.is_zero() { 0 } else { (w.as_secs() as i64).max(1) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_doubles_up_to_the_longest_and_jitter_only_shortens() {
        let b = Backoff::new(Duration::from_secs(5), Duration::from_secs(300)).with_jitter(0.0);
        let waits: Vec<u64> = (1..=8).map(|n| b.wait(n, 0.9).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300]);
        assert_eq!(b.wait(u32::MAX, 0.5), Duration::from_secs(300), "no overflow");
        let j = b.with_jitter(0.2);
        assert_eq!(j.wait(2, 0.0), Duration::from_secs(10));
        assert_eq!(j.wait(2, 0.5), Duration::from_secs(9));
        assert!(j.wait(2, 0.999) >= Duration::from_secs(8), "at most a fifth off");
        assert_eq!(j.wait(2, f64::NAN), Duration::from_secs(10), "a NaN draw is no jitter");
        assert_eq!(b.with_jitter(f64::NAN).jitter, 0.0);
        assert_eq!(b.wait_secs(1, 0.0), 5);
        let short = Backoff::new(Duration::from_millis(250), Duration::from_secs(4));
        assert_eq!(short.wait_secs(1, 0.0), 1, "a short wait is at least a second on the console's clock");
    }
}
