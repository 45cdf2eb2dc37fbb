//! Service accounts: an OAuth 2.0 client-credentials token, cached until shortly before it expires.
//!
//! One fetch at a time: callers that need a token while another fetch is running wait for it and take its
//! outcome, a token or a failure, instead of each asking the endpoint again (it allows about 10 requests a minute).
//! A 401 answering the cached token drops it so that the next attempt fetches a fresh one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;

use super::{AuthError, Presented};
use crate::body::{SMALL_BODY_LIMIT, read_capped};
use crate::retry;

/// A token is refreshed this long before Atlas says it expires, so that it does not expire in flight.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// Used when the token response has no `expires_in`; Atlas tokens live one hour.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);
/// The longest lifetime believed. A server may claim any `expires_in`, up to 2^64-1 seconds; past a day the token
/// is fetched again anyway (and a 401 would replace it sooner).
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

pub(crate) struct ServiceAccountAuth {
    client_id: String,
    client_secret: SecretString,
    token_url: url::Url,
    state: Mutex<State>,
    /// Fetches finished (with a token or a failure). Read before waiting for `state`, so that a caller can tell
    /// whether a fetch ended while it waited and take that fetch's outcome.
    fetches_done: AtomicU64,
}

#[derive(Default)]
struct State {
    token: Option<Token>,
    /// How the latest fetch failed, until a later one succeeds.
    failure: Option<AuthError>,
}

/// Which fetch a token came from, so that a 401 invalidates that token and not a newer one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenId(u64);

struct Token {
    id: TokenId,
    /// `Bearer …`, marked sensitive so that `Debug` does not show it.
    header: HeaderValue,
    /// When the cache stops handing this token to new calls. Callers that waited for its fetch take it anyway:
    /// it is that fetch's outcome.
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl std::fmt::Debug for ServiceAccountAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceAccountAuth")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("token_url", &self.token_url.as_str())
            .finish_non_exhaustive()
    }
}

impl ServiceAccountAuth {
    pub(crate) fn new(client_id: String, client_secret: SecretString, token_url: url::Url) -> Self {
        ServiceAccountAuth {
            client_id,
            client_secret,
            token_url,
            state: Mutex::new(State::default()),
            fetches_done: AtomicU64::new(0),
        }
    }

    pub(crate) async fn authorize(
        &self,
        http: &reqwest::Client,
        request: &mut reqwest::Request,
    ) -> Result<Presented, AuthError> {
        let (id, value) = self.current_token(http).await?;
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(Presented::Token(id))
    }

    /// Forget the token `id` after Atlas refused it, unless a newer one has replaced it already.
    pub(crate) async fn invalidate(&self, id: TokenId) {
        let mut state = self.state.lock().await;
        if state.token.as_ref().is_some_and(|t| t.id == id) {
            state.token = None;
        }
    }

    /// The cached token, the outcome of a fetch that ended while this caller waited, or a new fetch. The lock is
    /// held across the fetch, so there is one at a time.
    async fn current_token(&self, http: &reqwest::Client) -> Result<(TokenId, HeaderValue), AuthError> {
        let done_before = self.fetches_done.load(Ordering::SeqCst);
        let mut state = self.state.lock().await;
        let now = Instant::now();
        let waited_for_a_fetch = self.fetches_done.load(Ordering::SeqCst) != done_before;
        if let Some(failure) = state.failure.as_ref().filter(|_| waited_for_a_fetch) {
            return Err(failure.clone());
        }
        if let Some(token) = state
            .token
            .as_ref()
            .filter(|t| waited_for_a_fetch || now < t.refresh_at)
        {
            return Ok((token.id, token.header.clone()));
        }

        let outcome = self.fetch(http).await;
        let fetch_number = self.fetches_done.load(Ordering::SeqCst) + 1;
        let answer = match outcome {
            Ok((header, lifetime)) => {
                let token = Token {
                    id: TokenId(fetch_number),
                    header,
                    refresh_at: refresh_at(Instant::now(), lifetime),
                };
                let answer = (token.id, token.header.clone());
                state.token = Some(token);
                state.failure = None;
                tracing::debug!(token_url = %self.token_url, "fetched a service-account token");
                Ok(answer)
            }
            Err(failure) => {
                state.token = None;
                state.failure = Some(failure.clone());
                Err(failure)
            }
        };
        // Under the lock, so that callers waiting for it see the outcome stored together with the count.
        self.fetches_done.store(fetch_number, Ordering::SeqCst);
        answer
    }

    /// Ask the token endpoint. The token is checked here to be usable as a header value, so that a bad one is
    /// reported as what it is rather than as a refusal.
    async fn fetch(&self, http: &reqwest::Client) -> Result<(HeaderValue, Duration), AuthError> {
        let unreachable = |e| AuthError::TokenEndpointUnreachable(Arc::new(e));
        let mut response = http
            .post(self.token_url.clone())
            .basic_auth(&self.client_id, Some(self.client_secret.expose_secret()))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(reqwest::header::ACCEPT, "application/json")
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let retry_after = retry::retry_after(response.headers(), SystemTime::now());
        let body = read_capped(&mut response, SMALL_BODY_LIMIT)
            .await
            .map_err(unreachable)?;
        if !status.is_success() {
            return Err(AuthError::TokenRefused {
                status,
                body: String::from_utf8_lossy(&body.bytes).chars().take(500).collect(),
                retry_after,
            });
        }
        let unusable = |reason: String| AuthError::TokenUnusable { status, reason };
        if body.truncated {
            return Err(unusable(format!("the answer is larger than {SMALL_BODY_LIMIT} bytes")));
        }
        let parsed: TokenResponse = serde_json::from_slice(&body.bytes)
            .map_err(|e| unusable(format!("the answer is not a token response ({e})")))?;
        let token = SecretString::from(parsed.access_token);
        let mut header = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
            .map_err(|_| unusable("the token holds characters that cannot go in an HTTP header".into()))?;
        header.set_sensitive(true);
        let lifetime = parsed.expires_in.map_or(DEFAULT_LIFETIME, Duration::from_secs);
        Ok((header, lifetime))
    }
}

/// When a token fetched at `now` and said to live `lifetime` is to be replaced. The lifetime comes from the server,
/// so it is capped before any arithmetic.
fn refresh_at(now: Instant, lifetime: Duration) -> Instant {
    now + lifetime.min(MAX_LIFETIME).saturating_sub(REFRESH_MARGIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurd_lifetimes_are_capped_without_overflow() {
        let now = Instant::now();
        for seconds in [0, 1, 59, 60, 3600, u64::MAX / 2, u64::MAX] {
            let at = refresh_at(now, Duration::from_secs(seconds));
            assert!(now <= at && at <= now + MAX_LIFETIME - REFRESH_MARGIN, "{seconds}");
        }
        assert_eq!(
            refresh_at(now, DEFAULT_LIFETIME),
            now + DEFAULT_LIFETIME - REFRESH_MARGIN
        );
        assert_eq!(
            refresh_at(now, Duration::from_secs(30)),
            now,
            "inside the margin: replaced at once"
        );
    }
}
