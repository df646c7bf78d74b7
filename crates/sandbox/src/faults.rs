//! Faults the sandbox injects on purpose (`frontline sandbox --faults SPEC`), so tests and
//! demos can show the console riding out a bad network and a struggling helpdesk.
//!
//! SPEC is a comma-separated list; each fault is independent:
//! `latency=300ms` (every request waits first; `latency=300ms@20%` only a fifth of them),
//! `5xx=10%` (answered 503), `429=5s/30s` (a 5-second burst of 429 with Retry-After at the
//! start of every 30 seconds), `drop=5%` (the connection is cut mid-answer), `malformed=5%`
//! (a 200 whose JSON is cut short), `slow=2s` (bodies dribbled out over 2 seconds; `@P%` too),
//! and `on=writes` or `on=reads` to spare the other kind of request; `after=N` serves the first
//! N requests the faults would hit untouched (a cut after the first write of two).

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::{Rng, SeedableRng};
use std::time::Duration;

/// A `--faults` spec that cannot be read, with the part at fault and how to write it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct FaultSpecError(pub String);

impl From<String> for FaultSpecError {
    fn from(message: String) -> Self {
        FaultSpecError(message)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Delay before handling, and the share of requests that get it.
    pub latency: Option<(Duration, f64)>,
    pub server_errors: f64,
    /// A burst of 429s of this length at the start of every period.
    pub burst_429: Option<(Duration, Duration)>,
    pub drop: f64,
    pub malformed: f64,
    /// Bodies dribbled out over this long, and the share of answers that get it.
    pub slow: Option<(Duration, f64)>,
    /// Which requests the faults hit: `None` = all, `Some(true)` = writes only, `Some(false)` = reads only.
    pub writes: Option<bool>,
    /// Requests the faults would hit still to be served untouched first.
    pub after: u32,
}

/// What to do with one request, decided before it is handled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    Serve,
    ServerError,
    /// 429 with Retry-After of this many seconds.
    TooMany(u64),
    Drop,
    Malformed,
    Slow(Duration),
}

impl Faults {
    pub fn parse(spec: &str) -> Result<Faults, FaultSpecError> {
        let mut f = Faults::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("fault `{part}` needs a value, like `latency=300ms` or `5xx=10%`"))?;
            let value = value.trim();
            match name.trim() {
                "latency" => f.latency = Some(timed(value)?),
                "5xx" => f.server_errors = share(value)?,
                "429" => {
                    let (len, every) = value
                        .split_once('/')
                        .ok_or_else(|| format!("`429={value}`: write the burst and its period, like `429=5s/30s`"))?;
                    let (len, every) = (duration(len)?, duration(every)?);
                    if every.is_zero() || len > every {
                        return Err(FaultSpecError(format!(
                            "`429={value}`: the burst must be shorter than its period"
                        )));
                    }
                    f.burst_429 = Some((len, every));
                }
                "drop" => f.drop = share(value)?,
                "malformed" => f.malformed = share(value)?,
                "slow" => f.slow = Some(timed(value)?),
                "after" => {
                    f.after = value
                        .parse()
                        .map_err(|_| format!("`after={value}`: write how many requests to spare, like `after=1`"))?;
                }
                "on" => {
                    f.writes = match value {
                        "all" => None,
                        "writes" => Some(true),
                        "reads" => Some(false),
                        _ => return Err(FaultSpecError(format!("`on={value}`: use on=writes, on=reads or on=all"))),
                    }
                }
                other => {
                    return Err(FaultSpecError(format!(
                        "unknown fault `{other}` (have: latency, 5xx, 429, drop, malformed, slow, on, after)"
                    )));
                }
            }
        }
        Ok(f)
    }

    pub fn is_empty(&self) -> bool {
        *self == Faults::default()
    }

    /// Whether a request with this method is one the faults hit.
    pub fn hits(&self, method: &str) -> bool {
        self.writes.is_none_or(|w| w == (method != "GET" && method != "HEAD"))
    }

    /// Decides the fate of a request `since` after the sandbox started.
    pub fn verdict(&self, rng: &mut impl Rng, since: Duration) -> Verdict {
        if let Some((len, every)) = self.burst_429 {
            let into = Duration::from_millis((since.as_millis() % every.as_millis().max(1)) as u64);
            if into < len {
                return Verdict::TooMany(len.saturating_sub(into).as_secs_f64().ceil().max(1.0) as u64);
            }
        }
        if rng.random_bool(self.server_errors) {
            return Verdict::ServerError;
        }
        if rng.random_bool(self.drop) {
            return Verdict::Drop;
        }
        if rng.random_bool(self.malformed) {
            return Verdict::Malformed;
        }
        match self.slow {
            Some((d, p)) if rng.random_bool(p) => Verdict::Slow(d),
            _ => Verdict::Serve,
        }
    }

    pub fn delay(&self, rng: &mut impl Rng) -> Option<Duration> {
        self.latency.filter(|(_, p)| rng.random_bool(*p)).map(|(d, _)| d)
    }
}

pub fn rng(seed: u64) -> rand_chacha::ChaCha8Rng {
    rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0xfa17)
}

/// The answer for a fault decided before handling; `None` when the request is to be served.
pub fn early_answer(v: Verdict) -> Option<Response> {
    match v {
        Verdict::TooMany(secs) => {
            let mut r =
                (StatusCode::TOO_MANY_REQUESTS, "Number of allowed API requests per minute exceeded").into_response();
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
            Some(r)
        }
        Verdict::ServerError => Some(
            super::http::ApiError::json(
                StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({"error": "ServiceUnavailable", "description": "fault injected by the sandbox"}),
            )
            .into_response(),
        ),
        _ => None,
    }
}

/// Spoils an answer that was served: cut, truncated or slowed.
pub async fn spoil(v: Verdict, resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = match v {
        Verdict::Drop => {
            // half the answer, then the connection goes away
            let half = bytes.slice(..bytes.len() / 2);
            let cut: Vec<Result<Bytes, std::io::Error>> =
                vec![Ok(half), Err(std::io::Error::other("fault injected: connection dropped"))];
            Body::from_stream(futures::stream::iter(cut))
        }
        Verdict::Malformed => {
            parts.status = StatusCode::OK;
            Body::from(bytes.slice(..bytes.len() / 3))
        }
        Verdict::Slow(total) => {
            const CHUNKS: usize = 8;
            let step = bytes.len().div_ceil(CHUNKS).max(1);
            let pause = total / CHUNKS as u32;
            let chunks: Vec<Bytes> =
                (0..bytes.len()).step_by(step).map(|i| bytes.slice(i..(i + step).min(bytes.len()))).collect();
            let stream = futures::StreamExt::then(futures::stream::iter(chunks), move |c| async move {
                tokio::time::sleep(pause).await;
                Ok::<Bytes, std::io::Error>(c)
            });
            Body::from_stream(stream)
        }
        _ => Body::from(bytes),
    };
    Response::from_parts(parts, body)
}

fn share(v: &str) -> Result<f64, FaultSpecError> {
    let n: f64 = v
        .strip_suffix('%')
        .ok_or_else(|| format!("`{v}`: write a share as a percentage, like `10%`"))?
        .trim()
        .parse()
        .map_err(|_| format!("`{v}` is not a percentage"))?;
    if !(0.0..=100.0).contains(&n) {
        return Err(FaultSpecError(format!("`{v}`: a share is between 0% and 100%")));
    }
    Ok(n / 100.0)
}

fn timed(v: &str) -> Result<(Duration, f64), FaultSpecError> {
    match v.split_once('@') {
        Some((d, p)) => Ok((duration(d)?, share(p)?)),
        None => Ok((duration(v)?, 1.0)),
    }
}

fn duration(v: &str) -> Result<Duration, FaultSpecError> {
    let v = v.trim();
    let (n, unit) = if let Some(n) = v.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix('m') {
        (n, 60.0)
    } else {
        return Err(FaultSpecError(format!("`{v}`: write a duration with its unit, like `300ms`, `5s` or `1m`")));
    };
    let n: f64 = n.trim().parse().map_err(|_| format!("`{v}` is not a duration"))?;
    if !n.is_finite() || n < 0.0 || n * unit > 3600.0 {
        return Err(FaultSpecError(format!("`{v}`: a duration is between 0 and 1 hour")));
    }
    Ok(Duration::from_millis((n * unit * 1000.0).round() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_fault_and_explains_mistakes() {
        let f = Faults::parse("latency=300ms@50%, 5xx=10%, 429=5s/30s, drop=5%, malformed=1%, slow=2s").unwrap();
        assert_eq!(f.latency, Some((Duration::from_millis(300), 0.5)));
        assert_eq!(f.server_errors, 0.1);
        assert_eq!(f.burst_429, Some((Duration::from_secs(5), Duration::from_secs(30))));
        assert_eq!((f.drop, f.malformed), (0.05, 0.01));
        assert_eq!(f.slow, Some((Duration::from_secs(2), 1.0)));
        assert!(Faults::parse("").unwrap().is_empty());
        let w = Faults::parse("5xx=100%, on=writes").unwrap();
        assert!(w.hits("PUT") && !w.hits("GET"));
        assert!(Faults::parse("5xx=1%").unwrap().hits("GET"));
        assert_eq!(Faults::parse("drop=100%, after=2").unwrap().after, 2);
        for (bad, says) in [
            ("after=some", "after=1"),
            ("on=some", "on=writes"),
            ("lag=1s", "unknown fault `lag`"),
            ("5xx=0.1", "percentage"),
            ("latency=3", "unit"),
            ("429=5s", "period"),
            ("429=40s/30s", "shorter"),
            ("drop", "needs a value"),
        ] {
            let e = Faults::parse(bad).unwrap_err();
            assert!(e.0.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn a_429_burst_says_how_long_is_left() {
        let f = Faults::parse("429=5s/30s").unwrap();
        let mut r = rng(1);
        assert_eq!(f.verdict(&mut r, Duration::from_millis(0)), Verdict::TooMany(5));
        assert_eq!(f.verdict(&mut r, Duration::from_millis(3_500)), Verdict::TooMany(2));
        assert_eq!(f.verdict(&mut r, Duration::from_secs(6)), Verdict::Serve);
        assert_eq!(f.verdict(&mut r, Duration::from_secs(31)), Verdict::TooMany(4));
    }

    #[test]
    fn shares_are_roughly_kept() {
        let f = Faults::parse("5xx=20%").unwrap();
        let mut r = rng(7);
        let errors = (0..10_000).filter(|_| f.verdict(&mut r, Duration::from_secs(1)) == Verdict::ServerError).count();
        assert!((1_700..2_300).contains(&errors), "{errors}");
    }
}
