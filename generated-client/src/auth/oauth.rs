//! Service accounts: an OAuth 2.0 client-credentials token, cached until shortly before it expires.
//!
//! Concurrent callers wait on one fetch instead of each asking for a token; a 401 answering the cached token
//! drops it so that the next attempt fetches a fresh one, once.

use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;

use super::Presented;

/// A token is refreshed this long before Atlas says it expires, so that it does not expire in flight.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// Used when the token response has no `expires_in`; Atlas tokens live one hour.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

pub(crate) struct ServiceAccountAuth {
    client_id: String,
    client_secret: SecretString,
    token_url: url::Url,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    token: Option<Token>,
    /// Counts fetches, so that every token has an id of its own.
    fetches: u64,
}

/// Which fetch a token came from, so that a 401 invalidates that token and not a newer one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenId(u64);

struct Token {
    id: TokenId,
    value: SecretString,
    refresh_at: Instant,
}

/// Why no token could be had: the token endpoint was unreachable, or it refused.
#[derive(Debug)]
pub(crate) enum TokenError {
    Transport(reqwest::Error),
    Refused { status: reqwest::StatusCode, body: String },
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
        }
    }

    pub(crate) async fn authorize(
        &self,
        http: &reqwest::Client,
        request: &mut reqwest::Request,
    ) -> Result<Presented, TokenError> {
        let (id, mut value) = self.current_token(http).await?;
        value.set_sensitive(true);
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

    /// The cached token, or a new one. The lock is held across the fetch so concurrent callers share it.
    async fn current_token(&self, http: &reqwest::Client) -> Result<(TokenId, HeaderValue), TokenError> {
        let mut state = self.state.lock().await;
        if let Some(token) = state.token.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok((token.id, bearer(&token.value)?));
        }
        let fetched = self.fetch(http).await?;
        state.fetches += 1;
        let lifetime = fetched.expires_in.map_or(DEFAULT_LIFETIME, Duration::from_secs);
        let token = Token {
            id: TokenId(state.fetches),
            value: SecretString::from(fetched.access_token),
            refresh_at: Instant::now() + lifetime.saturating_sub(REFRESH_MARGIN),
        };
        let answer = (token.id, bearer(&token.value)?);
        state.token = Some(token);
        tracing::debug!(token_url = %self.token_url, "fetched a service-account token");
        Ok(answer)
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<TokenResponse, TokenError> {
        let response = http
            .post(self.token_url.clone())
            .basic_auth(&self.client_id, Some(self.client_secret.expose_secret()))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(reqwest::header::ACCEPT, "application/json")
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(TokenError::Transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(TokenError::Transport)?;
        if !status.is_success() {
            return Err(TokenError::Refused {
                status,
                body: String::from_utf8_lossy(&body).chars().take(500).collect(),
            });
        }
        serde_json::from_slice(&body).map_err(|e| TokenError::Refused {
            status,
            body: format!("the token response is not a token ({e})"),
        })
    }
}

fn bearer(token: &SecretString) -> Result<HeaderValue, TokenError> {
    HeaderValue::from_str(&format!("Bearer {}", token.expose_secret())).map_err(|_| TokenError::Refused {
        status: reqwest::StatusCode::OK,
        body: "the token holds characters that cannot go in a header".into(),
    })
}
