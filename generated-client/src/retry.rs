//! When to try a request again, and how long to wait first.
//!
//! Atlas rate-limits with 429 and a `Retry-After` header; MongoDB advises waiting at least that long, then backing
//! off exponentially. The policy here is a few lines of arithmetic over the response, so it is written out rather
//! than taken from a backoff crate: those model the wait as a function of the attempt number alone, and the
//! server's `Retry-After` has to override it.
//!
//! Every number here may come from a server (`Retry-After`, `RateLimit-*`), so all arithmetic saturates: an absurd
//! value means "longer than the budget", never a panic.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// How many times and for how long a request is retried after a 429, a 503 or a transport failure.
///
/// A request that is not idempotent (a POST) is retried only when the server cannot have carried it out: the
/// connection was never made, or Atlas answered 429 (it rate-limits before it acts).
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

    /// How long to wait before attempt `attempts_done + 1` after `setback`, or `None` to give up and report it.
    ///
    /// This is the one retry decision of the client: the request pipeline asks it after a transport failure, a
    /// refused or unreachable token endpoint, and a retryable status alike.
    pub(crate) fn retry_wait(
        &self,
        setback: &Setback<'_>,
        idempotent: bool,
        attempts_done: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        let retry_after = match *setback {
            Setback::Transport(error) if is_retryable_error(error, idempotent) => None,
            Setback::Status { status, retry_after } if is_retryable_status(status, idempotent) => retry_after,
            _ => return None,
        };
        self.next_wait(attempts_done, elapsed, retry_after)
    }

    /// Whether a new attempt may start now without waiting (answering a stale Digest nonce needs no wait).
    pub(crate) fn may_attempt(&self, attempts_done: u32, elapsed: Duration) -> bool {
        attempts_done < self.max_attempts && elapsed <= self.max_elapsed
    }

    /// `retry_after` is the server's minimum; the computed backoff (with jitter, so that many clients told the
    /// same thing do not return in step) applies when it is longer.
    fn next_wait(&self, attempts_done: u32, elapsed: Duration, retry_after: Option<Duration>) -> Option<Duration> {
        if attempts_done >= self.max_attempts {
            return None;
        }
        let wait = self.backoff(attempts_done).max(retry_after.unwrap_or_default());
        // `checked_add`: a `Retry-After` of 2^64-1 seconds overflows `Duration` when added; it is past any budget.
        let ends = elapsed.checked_add(wait)?;
        (ends <= self.max_elapsed).then_some(wait)
    }

    /// Exponential backoff with "equal jitter": uniformly between half and all of `base * 2^(n-1)`.
    fn backoff(&self, attempts_done: u32) -> Duration {
        let exponent = attempts_done.saturating_sub(1).min(20);
        let ceiling = self.base_delay.saturating_mul(1 << exponent).min(self.max_delay);
        let half = ceiling / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// Why an attempt did not end the call, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Setback<'a> {
    /// The request could not be sent, or its answer could not be read.
    Transport(&'a reqwest::Error),
    /// The server (Atlas or its token endpoint) answered with this status.
    Status {
        status: StatusCode,
        retry_after: Option<Duration>,
    },
}

/// Statuses worth another try: rate limited (any method: Atlas refuses before it acts), or temporarily unavailable
/// (only when repeating the request is harmless).
fn is_retryable_status(status: StatusCode, idempotent: bool) -> bool {
    match status {
        StatusCode::TOO_MANY_REQUESTS => true,
        StatusCode::SERVICE_UNAVAILABLE => idempotent,
        _ => false,
    }
}

/// Failures worth another try. A connection that was never made is always safe to retry; a timeout, a reset or a
/// body cut short may come after the server acted, so only an idempotent request is sent again.
fn is_retryable_error(error: &reqwest::Error, idempotent: bool) -> bool {
    if error.is_connect() {
        return true;
    }
    idempotent && (error.is_timeout() || error.is_request() || error.is_body() || error.is_decode())
}

/// `Retry-After` as a duration: delay-seconds or an HTTP date (RFC 9110 §10.2.3). A date in the past is zero; a
/// number too large for `u64` saturates (it means "not within any budget").
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or_default())
}

/// The rate-limit budget Atlas reports in `RateLimit-Limit` / `RateLimit-Remaining`, when it sends them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// `RateLimit-Limit`: requests allowed in the window.
    pub limit: Option<u64>,
    /// `RateLimit-Remaining`: requests left in it.
    pub remaining: Option<u64>,
}

impl RateLimit {
    /// Read from a response's headers; a missing or unreadable header is `None`, never an error.
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
    fn only_safe_repeats_of_a_non_idempotent_request() {
        let policy = RetryPolicy::default();
        let status = |code: u16| Setback::Status {
            status: StatusCode::from_u16(code).unwrap(),
            retry_after: None,
        };
        assert!(
            policy.retry_wait(&status(429), false, 1, Duration::ZERO).is_some(),
            "429: not carried out"
        );
        assert!(
            policy.retry_wait(&status(503), false, 1, Duration::ZERO).is_none(),
            "503: may have been"
        );
        assert!(policy.retry_wait(&status(503), true, 1, Duration::ZERO).is_some());
        for code in [400, 401, 404, 500, 502] {
            assert!(
                policy.retry_wait(&status(code), true, 1, Duration::ZERO).is_none(),
                "{code}"
            );
        }
    }

    #[tokio::test]
    async fn transport_failures_are_retried_by_kind_and_idempotency() {
        let policy = RetryPolicy::default();
        // A refused connection: nothing was sent, so even a POST is repeated.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let refused = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{port}/"))
            .send()
            .await
            .unwrap_err();
        assert!(refused.is_connect());
        assert!(
            policy
                .retry_wait(&Setback::Transport(&refused), false, 1, Duration::ZERO)
                .is_some()
        );
        // A request that could not even be built is never retried.
        let unbuildable = reqwest::Client::new().get("not a url").send().await.unwrap_err();
        assert!(
            policy
                .retry_wait(&Setback::Transport(&unbuildable), true, 1, Duration::ZERO)
                .is_none()
        );
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

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Any value a server could put in a header.
        fn header_value() -> impl Strategy<Value = HeaderValue> {
            proptest::collection::vec(any::<u8>(), 0..64)
                .prop_filter_map("not a header value", |bytes| HeaderValue::from_bytes(&bytes).ok())
        }

        fn any_duration() -> impl Strategy<Value = Duration> {
            (any::<u64>(), 0u32..1_000_000_000).prop_map(|(secs, nanos)| Duration::new(secs, nanos))
        }

        /// Whole seconds from 1970 to 9999, the range of an HTTP date.
        fn http_time() -> impl Strategy<Value = SystemTime> {
            (0u64..253_402_300_799).prop_map(|secs| SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
        }

        proptest! {
            #[test]
            fn retry_after_never_panics(value in header_value(), now in http_time()) {
                let mut map = HeaderMap::new();
                map.insert(reqwest::header::RETRY_AFTER, value);
                let _ = retry_after(&map, now);
            }

            #[test]
            fn retry_after_seconds_round_trip(seconds in any::<u64>(), now in http_time()) {
                let map = headers("retry-after", &seconds.to_string());
                prop_assert_eq!(retry_after(&map, now), Some(Duration::from_secs(seconds)));
            }

            #[test]
            fn retry_after_beyond_u64_saturates(digits in "[1-9][0-9]{20,60}", now in http_time()) {
                let map = headers("retry-after", &digits);
                prop_assert_eq!(retry_after(&map, now), Some(Duration::from_secs(u64::MAX)));
            }

            #[test]
            fn retry_after_dates_round_trip(then in http_time(), now in http_time()) {
                let map = headers("retry-after", &httpdate::fmt_http_date(then));
                let expected = then.duration_since(now).unwrap_or_default();
                prop_assert_eq!(retry_after(&map, now), Some(expected));
            }

            #[test]
            fn a_retry_wait_never_panics_and_stays_within_the_budget(
                max_attempts in any::<u32>(),
                max_elapsed in any_duration(),
                base_delay in any_duration(),
                max_delay in any_duration(),
                attempts_done in any::<u32>(),
                elapsed in any_duration(),
                retry_after in proptest::option::of(any_duration()),
                code in 100u16..600,
                idempotent in any::<bool>(),
            ) {
                let policy = RetryPolicy::default()
                    .max_attempts(max_attempts)
                    .max_elapsed(max_elapsed)
                    .base_delay(base_delay)
                    .max_delay(max_delay);
                let setback = Setback::Status { status: StatusCode::from_u16(code).unwrap(), retry_after };
                if let Some(wait) = policy.retry_wait(&setback, idempotent, attempts_done, elapsed) {
                    prop_assert!(elapsed.checked_add(wait).is_some_and(|end| end <= max_elapsed));
                    prop_assert!(wait >= retry_after.unwrap_or_default());
                    prop_assert!(attempts_done < max_attempts.max(1));
                }
            }

            #[test]
            fn rate_limit_numbers_round_trip(limit in any::<u64>(), remaining in any::<u64>()) {
                let mut map = headers("ratelimit-limit", &limit.to_string());
                map.insert("ratelimit-remaining", HeaderValue::from_str(&format!(" {remaining} ")).unwrap());
                prop_assert_eq!(
                    RateLimit::from_headers(&map),
                    RateLimit { limit: Some(limit), remaining: Some(remaining) }
                );
            }

            #[test]
            fn rate_limit_headers_never_panic(limit in header_value(), remaining in header_value()) {
                let mut map = HeaderMap::new();
                map.insert("ratelimit-limit", limit);
                map.insert("ratelimit-remaining", remaining);
                let _ = RateLimit::from_headers(&map);
            }
        }
    }
}
