//! The account's shared API budget as the helpdesk reports it on every answer, and the
//! requests this client has sent. Zendesk sends `X-Rate-Limit` / `X-Rate-Limit-Remaining` on
//! every answer and `ratelimit-limit` / `-remaining` / `-reset` on ticket lists (older answers
//! spell them `rate-limit-*`); Freshdesk `X-Ratelimit-Total` / `-Remaining`. RT sends none.

use reqwest::header::HeaderMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Requests a minute the account may make, how many are left, and (when said) the seconds
/// until the count starts again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBudget {
    pub limit: u32,
    pub remaining: u32,
    pub reset_secs: Option<u32>,
}

fn number(h: &HeaderMap, names: &[&str]) -> Option<u32> {
    names.iter().find_map(|n| h.get(*n)?.to_str().ok()?.trim().parse::<u32>().ok())
}

impl RateBudget {
    /// The budget an answer's headers report, if they report one.
    pub fn from_headers(h: &HeaderMap) -> Option<RateBudget> {
        let limit = number(h, &["x-rate-limit", "ratelimit-limit", "rate-limit", "x-ratelimit-total"])?;
        let remaining = number(
            h,
            &["x-rate-limit-remaining", "ratelimit-remaining", "rate-limit-remaining", "x-ratelimit-remaining"],
        )?;
        let reset_secs = number(h, &["ratelimit-reset", "rate-limit-reset"]);
        (limit > 0).then_some(RateBudget { limit, remaining: remaining.min(limit), reset_secs })
    }

    /// What is left, as a share of what the rest of the minute should have left: 1.0 when
    /// the account spends at a pace it can keep, towards 0 as it runs out. Without a reset
    /// time, simply the share of the limit left.
    pub fn share(&self) -> f64 {
        let left = f64::from(self.remaining) / f64::from(self.limit);
        match self.reset_secs {
            Some(r) => (left / (f64::from(r.clamp(1, 60)) / 60.0)).min(1.0),
            None => left,
        }
    }
}

/// What one client has sent and heard about the budget; shared by its clones.
#[derive(Debug, Default)]
pub struct Meter {
    sent: AtomicU64,
    last: Mutex<Option<RateBudget>>,
}

impl Meter {
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    pub fn count_one(&self) {
        self.sent.fetch_add(1, Ordering::Relaxed);
    }

    pub fn heard(&self, h: &HeaderMap) {
        if let (Some(b), Ok(mut last)) = (RateBudget::from_headers(h), self.last.lock()) {
            *last = Some(b);
        }
    }

    /// The budget the last answer that reported one said.
    pub fn budget(&self) -> Option<RateBudget> {
        self.last.lock().ok().and_then(|b| *b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn every_spelling_is_read() {
        let zd = headers(&[("X-Rate-Limit", "700"), ("X-Rate-Limit-Remaining", "699")]);
        assert_eq!(RateBudget::from_headers(&zd), Some(RateBudget { limit: 700, remaining: 699, reset_secs: None }));
        let lists = headers(&[("ratelimit-limit", "400"), ("ratelimit-remaining", "100"), ("ratelimit-reset", "30")]);
        let b = RateBudget::from_headers(&lists).unwrap();
        assert_eq!(b, RateBudget { limit: 400, remaining: 100, reset_secs: Some(30) });
        // a quarter left with half the minute to go: half of the pace the account can keep
        assert!((b.share() - 0.5).abs() < 1e-9);
        let old = headers(&[("rate-limit", "200"), ("rate-limit-remaining", "20"), ("rate-limit-reset", "60")]);
        assert!((RateBudget::from_headers(&old).unwrap().share() - 0.1).abs() < 1e-9);
        let fd = headers(&[("X-Ratelimit-Total", "400"), ("X-Ratelimit-Remaining", "380")]);
        assert_eq!(RateBudget::from_headers(&fd).unwrap().remaining, 380);
        assert_eq!(RateBudget::from_headers(&headers(&[("x-rate-limit", "junk")])), None);
        assert_eq!(RateBudget::from_headers(&HeaderMap::new()), None);
    }
}
