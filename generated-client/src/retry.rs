//! When to try a request again, and how long to wait first.
//!
//! Atlas rate-limits with 429 and a `Retry-After` header; MongoDB advises waiting at least that long, then backing
//! off exponentially. The policy here is a few lines of arithmetic over the response, so it is written out rather
//! than taken from a backoff crate: those model the wait as a function of the attempt number alone, and the
//! server's `Retry-After` has to override it.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// How many times and for how long a request is retried after a 429, a 503 or a connection failure.
///
/// Only the read-only restore-jobs GET goes through this client, so every retry is safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_elapsed: Duration,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Up to 4 attempts within 2 minutes, backing off from 500 ms to at most 30 s (longer if `Retry-After` says so).
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_elapsed: Duration::from_secs(120),
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry: every response and error goes straight back to the caller.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The number of attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The time from the first attempt after which no retry starts; a wait that would end later is not begun.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The first backoff; each further one doubles, up to [`RetryPolicy::max_delay`].
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest computed backoff. A longer `Retry-After` from the server still wins.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// How long to wait before attempt `attempts_done + 1`, or `None` to give up.
    ///
    /// `retry_after` is the server's minimum; the computed backoff (with jitter, so that many clients told the
    /// same thing do not return in step) applies when it is longer.
    pub(crate) fn next_wait(
        &self,
        attempts_done: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempts_done >= self.max_attempts {
            return None;
        }
        let wait = self.backoff(attempts_done).max(retry_after.unwrap_or_default());
        (elapsed + wait <= self.max_elapsed).then_some(wait)
    }

    /// Exponential backoff with "equal jitter": uniformly between half and all of `base * 2^(n-1)`.
    fn backoff(&self, attempts_done: u32) -> Duration {
        let exponent = attempts_done.saturating_sub(1).min(20);
        let ceiling = self.base_delay.saturating_mul(1 << exponent).min(self.max_delay);
        let half = ceiling / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// Statuses worth another try: rate limited, or temporarily unavailable.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE)
}

/// Failures worth another try: the connection could not be made or the attempt timed out.
pub(crate) fn is_retryable_error(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout()
}

/// `Retry-After` as a duration: delay-seconds or an HTTP date (RFC 9110 §10.2.3). A date in the past is zero.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or_default())
}

/// The rate-limit budget Atlas reports in `RateLimit-Limit` / `RateLimit-Remaining`, when it sends them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
}

impl RateLimit {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse().ok();
        RateLimit {
            limit: number("ratelimit-limit"),
            remaining: number("ratelimit-remaining"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(name, HeaderValue::from_str(value).unwrap());
        map
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Sun, 29 Nov 2026 10:00:00 GMT").unwrap();
        assert_eq!(
            retry_after(&headers("retry-after", "55"), now),
            Some(Duration::from_secs(55))
        );
        assert_eq!(
            retry_after(&headers("retry-after", "Sun, 29 Nov 2026 10:01:30 GMT"), now),
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            retry_after(&headers("retry-after", "Sun, 29 Nov 2026 09:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("retry-after", "soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn the_server_minimum_wins_over_a_shorter_backoff() {
        let policy = RetryPolicy::default();
        let wait = policy.next_wait(1, Duration::ZERO, Some(Duration::from_secs(55)));
        assert_eq!(wait, Some(Duration::from_secs(55)));
    }

    #[test]
    fn backoff_grows_exponentially_within_jitter_and_cap() {
        let policy = RetryPolicy::default()
            .max_attempts(100)
            .max_elapsed(Duration::from_secs(3600))
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1));
        for _ in 0..50 {
            let first = policy.next_wait(1, Duration::ZERO, None).unwrap();
            assert!(
                (Duration::from_millis(50)..=Duration::from_millis(100)).contains(&first),
                "{first:?}"
            );
            let third = policy.next_wait(3, Duration::ZERO, None).unwrap();
            assert!(
                (Duration::from_millis(200)..=Duration::from_millis(400)).contains(&third),
                "{third:?}"
            );
            let tenth = policy.next_wait(10, Duration::ZERO, None).unwrap();
            assert!(
                (Duration::from_millis(500)..=Duration::from_secs(1)).contains(&tenth),
                "{tenth:?}"
            );
        }
    }

    #[test]
    fn gives_up_on_attempts_or_time() {
        let policy = RetryPolicy::default()
            .max_attempts(3)
            .max_elapsed(Duration::from_secs(60));
        assert!(policy.next_wait(2, Duration::ZERO, None).is_some());
        assert_eq!(policy.next_wait(3, Duration::ZERO, None), None, "attempts exhausted");
        assert_eq!(
            policy.next_wait(1, Duration::from_secs(10), Some(Duration::from_secs(55))),
            None,
            "a wait past the time budget is not begun"
        );
        assert_eq!(RetryPolicy::disabled().next_wait(1, Duration::ZERO, None), None);
    }

    #[test]
    fn rate_limit_headers_are_read_when_present() {
        let mut map = headers("ratelimit-limit", "100");
        map.insert("ratelimit-remaining", HeaderValue::from_static("7"));
        assert_eq!(
            RateLimit::from_headers(&map),
            RateLimit {
                limit: Some(100),
                remaining: Some(7)
            }
        );
        assert_eq!(RateLimit::from_headers(&HeaderMap::new()), RateLimit::default());
    }
}
