//! The one place every request passes through: progenitor's `ClientHooks::exec`.
//!
//! Here a request is authorised, sent, answered again after a Digest challenge or a refused token (once per call),
//! retried after a 429, a 503 or a connection failure (per the [`RetryPolicy`](crate::RetryPolicy)), and traced.
//! The generated code sees only the final response.

use std::cell::RefCell;
use std::future::Future;
use std::time::{Instant, SystemTime};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Request, Response, StatusCode};
use tracing::Instrument;

use crate::Client;
use crate::auth::oauth::TokenError;
use crate::client::Inner;
use crate::retry::{self, is_retryable_error, is_retryable_status};

/// Status and headers of the last response a call received. The generated code drops them when an error body
/// does not decode; the error conversion in `error.rs` needs them to say what the server answered.
#[derive(Debug, Clone)]
pub(crate) struct ResponseMeta {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
}

tokio::task_local! {
    static LAST_RESPONSE: RefCell<Option<ResponseMeta>>;
}

/// Run one generated call and return, beside its result, the status and headers of the response it ended with.
pub(crate) async fn capturing_response<T>(call: impl Future<Output = T>) -> (T, Option<ResponseMeta>) {
    LAST_RESPONSE
        .scope(RefCell::new(None), async move {
            let output = call.await;
            (output, LAST_RESPONSE.with(|cell| cell.borrow_mut().take()))
        })
        .await
}

fn record(response: &Response) {
    let meta = ResponseMeta {
        status: response.status(),
        headers: response.headers().clone(),
    };
    // Outside `capturing_response` (a caller using the generated builder directly) there is nowhere to record.
    let _ = LAST_RESPONSE.try_with(|cell| *cell.borrow_mut() = Some(meta));
}

impl ClientHooks<Inner> for Client {
    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let span = tracing::info_span!(
            "atlas_request",
            operation = info.operation_id,
            method = %request.method(),
            path = request.url().path(),
        );
        send(self.inner(), self.client(), request).instrument(span).await
    }
}

async fn send(inner: &Inner, http: &reqwest::Client, request: Request) -> reqwest::Result<Response> {
    let shared = &inner.0;
    let started = Instant::now();
    let mut attempt = 0;
    let mut answered_401 = false;
    loop {
        attempt += 1;
        // A GET has no streaming body, so it can always be cloned; if one ever cannot, it is sent once, as it is.
        let Some(mut current) = request.try_clone() else {
            return send_once(inner, http, request).await;
        };
        // A connection failure, here or at the token endpoint, is retried like any other.
        let failed = |error: reqwest::Error| {
            let wait = shared.retry.next_wait(attempt, started.elapsed(), None);
            let wait = wait.filter(|_| is_retryable_error(&error));
            tracing::warn!(attempt, error = %error, will_retry = wait.is_some(), "request failed");
            wait.ok_or(error)
        };
        let presented = match shared.auth.authorize(http, &mut current).await {
            Ok(presented) => presented,
            Err(TokenError::Transport(error)) => {
                wait_after_failure(failed(error)?, attempt).await;
                continue;
            }
            Err(TokenError::Refused { status, body }) => {
                // A rate-limited or unavailable token endpoint is waited for like the API itself.
                let wait = shared.retry.next_wait(attempt, started.elapsed(), None);
                match wait.filter(|_| is_retryable_status(status)) {
                    Some(wait) => {
                        wait_after_failure(wait, attempt).await;
                        continue;
                    }
                    None => return Ok(token_refused(status, &body)),
                }
            }
        };

        let sent_at = Instant::now();
        let result = http.execute(current).await;
        let elapsed_ms = sent_at.elapsed().as_millis() as u64;
        let response = match result {
            Ok(response) => response,
            Err(error) => {
                wait_after_failure(failed(error)?, attempt).await;
                continue;
            }
        };
        let status = response.status();
        tracing::debug!(attempt, status = status.as_u16(), elapsed_ms, "response");

        if status == StatusCode::UNAUTHORIZED
            && !answered_401
            && shared.auth.on_unauthorized(&response, &presented).await
        {
            answered_401 = true;
            attempt -= 1; // answering a challenge is part of the attempt, not a retry
            drain(response).await;
            continue;
        }
        if is_retryable_status(status) {
            let retry_after = retry::retry_after(response.headers(), SystemTime::now());
            if let Some(wait) = shared.retry.next_wait(attempt, started.elapsed(), retry_after) {
                tracing::info!(
                    attempt,
                    status = status.as_u16(),
                    wait_ms = wait.as_millis() as u64,
                    "retrying"
                );
                drain(response).await;
                tokio::time::sleep(wait).await;
                continue;
            }
        }
        record(&response);
        return Ok(response);
    }
}

async fn send_once(inner: &Inner, http: &reqwest::Client, mut request: Request) -> reqwest::Result<Response> {
    match inner.0.auth.authorize(http, &mut request).await {
        Ok(_) => {}
        Err(TokenError::Transport(e)) => return Err(e),
        Err(TokenError::Refused { status, body }) => return Ok(token_refused(status, &body)),
    }
    let response = http.execute(request).await?;
    record(&response);
    Ok(response)
}

async fn wait_after_failure(wait: std::time::Duration, attempt: u32) {
    tracing::info!(attempt, wait_ms = wait.as_millis() as u64, "retrying after a failure");
    tokio::time::sleep(wait).await;
}

/// Read a response we are done with, so that its connection can serve the next attempt.
async fn drain(response: Response) {
    let _ = response.bytes().await;
}

/// The token endpoint refused the service account: answered as a 401 whose body is an Atlas `ApiError`, so that
/// callers meet it as they would any authentication failure.
fn token_refused(status: StatusCode, body: &str) -> Response {
    let api_error = serde_json::json!({
        "detail": format!("the service-account token request was refused with {status}: {body}"),
        "error": 401,
        "errorCode": "SERVICE_ACCOUNT_TOKEN_REFUSED",
        "parameters": [],
        "reason": "Unauthorized",
    });
    let mut response = http::Response::new(api_error.to_string());
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let response = Response::from(response);
    record(&response);
    response
}
