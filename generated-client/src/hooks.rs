//! The one place every request passes through: progenitor's `ClientHooks::exec`.
//!
//! A call is a series of attempts, at most [`RetryPolicy::max_attempts`](crate::RetryPolicy::max_attempts) within
//! its time budget. An attempt authorises the request, sends it, and may answer one 401 (a Digest challenge or a
//! refused token) by sending it once more; so a call makes at most two requests to the API per attempt. Between
//! attempts the retry policy decides, and waits. The final response's body is read here, within its limit, so
//! that the generated code decodes a body of known, bounded size — and so that a body cut short is retried like
//! any other transport failure. The generated code sees only the final response.

use std::time::{Duration, Instant, SystemTime};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use reqwest::{Request, Response, StatusCode};
use tracing::Instrument;

use crate::Client;
use crate::auth::AuthError;
use crate::body;
use crate::capture::{self, Ending};
use crate::generated::operations;
use crate::inner::{Inner, Shared};
use crate::retry::{self, Setback};

impl ClientHooks<Inner> for Client {
    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let media = operations::of(info.operation_id);
        let media = Media {
            accept: media.accept,
            content_type: media.content_type,
        };
        exec(self.inner(), self.client(), request, info.operation_id, media).await
    }
}

/// The media types of one operation, from the generated `operations` table of the client sending it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Media<'a> {
    /// Its success responses' media type, sent as `Accept`.
    pub accept: Option<&'a str>,
    /// Its request body's media type, sent as `Content-Type`.
    pub content_type: Option<&'a str>,
}

/// The whole pipeline for one request of operation `operation_id` (see the module's documentation); also what
/// another generated client's hook calls (`crate::pipeline`).
pub async fn exec(
    inner: &Inner,
    http: &reqwest::Client,
    mut request: Request,
    operation_id: &'static str,
    media: Media<'_>,
) -> reqwest::Result<Response> {
    put_media_types(&mut request, media);
    let span = tracing::info_span!(
        "atlas_request",
        operation = operation_id,
        method = %request.method(),
        path = request.url().path(),
    );
    send(&inner.0, http, request, operation_id).instrument(span).await
}

/// Send the operation's own media types (Atlas versions its v2 API by them) and no header Atlas does not define.
///
/// progenitor sends `Accept: application/json` and, for a body, `Content-Type: application/json`, because codegen
/// types every JSON media type as that; the spec's real ones are in the generated table. It also sends
/// `api-version: <info.version>` on every request, which is not Atlas' versioning.
fn put_media_types(request: &mut Request, media: Media<'_>) {
    let headers = request.headers_mut();
    headers.remove("api-version");
    // `cargo xtask codegen` checks that the table holds header values; `from_str` keeps a bad one from panicking.
    if let Some(accept) = media.accept.and_then(|v| HeaderValue::from_str(v).ok()) {
        headers.insert(ACCEPT, accept);
    }
    let content_type = media.content_type.filter(|_| request.body().is_some());
    if let Some(content_type) = content_type.and_then(|v| HeaderValue::from_str(v).ok()) {
        request.headers_mut().insert(CONTENT_TYPE, content_type);
    }
}

/// Where a call stands: how many attempts it has begun, since when, and whether it is answering a 401.
struct Attempts<'a> {
    shared: &'a Shared,
    started: Instant,
    begun: u32,
    /// The next request answers a 401 of this call; a refusal of such an answer is final (see `on_unauthorized`).
    answering: bool,
    /// This attempt has answered a 401 already; another answer begins a new attempt.
    answered_in_attempt: bool,
}

impl Attempts<'_> {
    /// How long to wait before the next attempt after `setback`, or `None` when the call ends with it.
    fn plan_retry(&self, setback: Setback<'_>, idempotent: bool) -> Option<Duration> {
        let elapsed = self.started.elapsed();
        self.shared.retry.retry_wait(&setback, idempotent, self.begun, elapsed)
    }

    async fn wait_and_begin_next(&mut self, wait: Duration, why: &str) {
        tracing::info!(attempt = self.begun, wait_ms = saturating_millis(wait), why, "retrying");
        tokio::time::sleep(wait).await;
        self.begun = self.begun.saturating_add(1);
        self.answering = false;
        self.answered_in_attempt = false;
    }

    /// Whether a 401 worth answering may be answered now: once per attempt as part of it; a second answer (a
    /// stale nonce right after a fresh one) begins a new attempt, if the budget has one.
    fn may_answer_401(&mut self) -> bool {
        if self.answered_in_attempt {
            if !self.shared.retry.may_attempt(self.begun, self.started.elapsed()) {
                return false;
            }
            self.begun = self.begun.saturating_add(1);
        }
        self.answering = true;
        self.answered_in_attempt = true;
        true
    }
}

async fn send(
    shared: &Shared,
    http: &reqwest::Client,
    request: Request,
    operation: &'static str,
) -> reqwest::Result<Response> {
    let idempotent = request.method().is_idempotent();
    let mut attempts = Attempts {
        shared,
        started: Instant::now(),
        begun: 1,
        answering: false,
        answered_in_attempt: false,
    };
    loop {
        // A request whose body cannot be cloned (never the case for the generated code) is sent once, as it is.
        let Some(mut current) = request.try_clone() else {
            return send_once(shared, http, request, operation).await;
        };
        let presented = match shared.auth.authorize(http, &mut current).await {
            Ok(presented) => presented,
            Err(failure) => {
                // Asking for another token is harmless, whatever the request it is for.
                match token_setback(&failure).and_then(|setback| attempts.plan_retry(setback, true)) {
                    Some(wait) => {
                        attempts.wait_and_begin_next(wait, "no token").await;
                        continue;
                    }
                    None => return Ok(auth_failed(failure)),
                }
            }
        };

        let sent_at = Instant::now();
        let result = http.execute(current).await;
        let elapsed_ms = saturating_millis(sent_at.elapsed());
        let mut response = match result {
            Ok(response) => response,
            Err(error) => match attempts.plan_retry(Setback::Transport(&error), idempotent) {
                Some(wait) => {
                    tracing::warn!(attempt = attempts.begun, error = %error, "request failed");
                    attempts.wait_and_begin_next(wait, "transport").await;
                    continue;
                }
                None => return Err(error),
            },
        };
        let status = response.status();
        tracing::debug!(
            attempt = attempts.begun,
            status = status.as_u16(),
            elapsed_ms,
            "response"
        );

        let answering = std::mem::take(&mut attempts.answering);
        if status == StatusCode::UNAUTHORIZED
            && shared
                .auth
                .on_unauthorized(response.headers(), &presented, answering)
                .await
            && attempts.may_answer_401()
        {
            body::discard(response).await;
            continue;
        }

        let retry_after = retry::retry_after(response.headers(), SystemTime::now());
        if let Some(wait) = attempts.plan_retry(Setback::Status { status, retry_after }, idempotent) {
            body::discard(response).await;
            attempts.wait_and_begin_next(wait, status.as_str()).await;
            continue;
        }

        match read_final_body(shared, &mut response, operation).await {
            Ok(()) => return Ok(response),
            Err(error) => match attempts.plan_retry(Setback::Transport(&error), idempotent) {
                Some(wait) => {
                    tracing::warn!(attempt = attempts.begun, error = %error, "reading the body failed");
                    attempts.wait_and_begin_next(wait, "body").await;
                }
                None => return Err(error),
            },
        }
    }
}

async fn send_once(
    shared: &Shared,
    http: &reqwest::Client,
    mut request: Request,
    operation: &'static str,
) -> reqwest::Result<Response> {
    if let Err(failure) = shared.auth.authorize(http, &mut request).await {
        return Ok(auth_failed(failure));
    }
    let mut response = http.execute(request).await?;
    read_final_body(shared, &mut response, operation).await?;
    Ok(response)
}

/// Read the body of the response the call ends with (see `body::buffer_final`) and record how the call ended.
async fn read_final_body(shared: &Shared, response: &mut Response, operation: &'static str) -> reqwest::Result<()> {
    let truncated = body::buffer_final(response, shared.max_response_body).await?;
    capture::record(Ending::Response {
        operation,
        status: response.status(),
        headers: response.headers().clone(),
        truncated,
    });
    Ok(())
}

/// How a token failure counts for the retry policy, if it may be retried at all.
fn token_setback(failure: &AuthError) -> Option<Setback<'_>> {
    match failure {
        AuthError::TokenEndpointUnreachable(error) => Some(Setback::Transport(error)),
        AuthError::TokenRefused {
            status, retry_after, ..
        } => Some(Setback::Status {
            status: *status,
            retry_after: *retry_after,
        }),
        AuthError::TokenUnusable { .. } => None,
    }
}

/// No token could be had: recorded for `error.rs` (which reports [`Error::Auth`](crate::Error::Auth)), and
/// answered as a 401 whose body is an Atlas `ApiError`, so that callers of the generated builder meet it as they
/// would any authentication failure.
fn auth_failed(failure: AuthError) -> Response {
    let code = match &failure {
        AuthError::TokenEndpointUnreachable(_) => "SERVICE_ACCOUNT_TOKEN_UNREACHABLE",
        AuthError::TokenRefused { .. } => "SERVICE_ACCOUNT_TOKEN_REFUSED",
        AuthError::TokenUnusable { .. } => "SERVICE_ACCOUNT_TOKEN_UNUSABLE",
    };
    let api_error = serde_json::json!({
        "detail": failure.to_string(),
        "error": 401,
        "errorCode": code,
        "parameters": [],
        "reason": "Unauthorized",
    });
    capture::record(Ending::AuthFailed(failure));
    let mut response = http::Response::new(api_error.to_string());
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Response::from(response)
}

fn saturating_millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
