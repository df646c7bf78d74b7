//! The one clock: every layer that needs the time (executor, store, scripts, sandbox) is
//! handed a [`Clock`] instead of reading the system time, so tests run them at a chosen time.
//!
//! `update` never reads a clock at all: time reaches it as `Msg::Tick(now)` from the runtime.

mod backoff;
mod wait;
pub use backoff::Backoff;
pub use wait::{LONGEST_WAIT, capped_secs, wait_from_secs};

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, UTC.
pub type Timestamp = i64;

/// Where the time comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The time now, in Unix seconds.
    fn now(&self) -> Timestamp {
        self.now_ms().div_euclid(1000)
    }
    /// The time now, in Unix milliseconds.
    fn now_ms(&self) -> i64;
}

/// A shared clock, as the layers hold it.
pub type SharedClock = Arc<dyn Clock>;

/// The computer's own clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        // Before 1970 only on a badly broken machine; 0 keeps every comparison sane there.
        #[expect(clippy::disallowed_methods, reason = "the clock crate is where the clocks are read")]
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
    }
}

/// The monotonic clock, for measuring how long something took or how old a cached answer is
/// (never for the time of day): the one place outside tests and benches that reads it.
pub fn monotonic() -> std::time::Instant {
    #[expect(clippy::disallowed_methods, reason = "the clock crate is where the clocks are read")]
    std::time::Instant::now()
}

/// The system clock as a [`SharedClock`].
pub fn system() -> SharedClock {
    Arc::new(SystemClock)
}

/// A clock that stands still until a test moves it.
#[derive(Debug, Default)]
pub struct FixedClock {
    ms: AtomicI64,
}

impl FixedClock {
    /// A clock stopped at `secs` Unix seconds.
    pub fn at(secs: Timestamp) -> Arc<FixedClock> {
        Arc::new(FixedClock { ms: AtomicI64::new(secs * 1000) })
    }
    /// Moves the clock on by `secs` seconds.
    pub fn advance(&self, secs: i64) {
        self.ms.fetch_add(secs * 1000, Ordering::SeqCst);
    }
    /// Sets the clock to `secs` Unix seconds.
    pub fn set(&self, secs: Timestamp) {
        self.ms.store(secs * 1000, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.ms.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_stands_still_until_moved() {
        let c = FixedClock::at(1_790_000_000);
        assert_eq!(c.now(), 1_790_000_000);
        c.advance(90);
        assert_eq!(c.now(), 1_790_000_090);
        c.set(5);
        assert_eq!((c.now(), c.now_ms()), (5, 5000));
    }

    #[test]
    fn system_clock_is_after_2020() {
        assert!(SystemClock.now() > 1_577_836_800);
    }
}
