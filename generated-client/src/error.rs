//! One error type for callers: what went wrong, with the server's own words when it sent any.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::auth::AuthError;
use crate::body::{SMALL_BODY_LIMIT, TooLarge};
use crate::capture::Ending;
use crate::open_enums::FlexRestoreJobStatus;
use crate::retry::{self, RateLimit};
use crate::types::{ApiError, FlexBackupRestoreJob20241113};

/// Everything that can go wrong between a call and a decoded page.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be configured (credentials missing, a bad base URL).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// An argument was refused before anything was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// Atlas could not be reached, or the connection broke or timed out.
    #[error("could not reach Atlas: {}", ErrorChain(.0))]
    Transport(#[source] reqwest::Error),
    /// No request could be authorised: the service-account token could not be had. Atlas itself was not asked.
    #[error("could not authenticate: {}", ErrorChain(.0))]
    Auth(#[source] AuthError),
    /// Atlas answered with an error status.
    #[error("Atlas answered {status}: {body}")]
    Api {
        /// The error status.
        status: StatusCode,
        /// The response's headers (`Retry-After`, `RateLimit-*`, a request id for support). Boxed, like the
        /// body, to keep `Result<_, Error>` small on the happy path.
        headers: Box<HeaderMap>,
        /// Atlas' `ApiError`, or the bytes when they are not one.
        body: ErrorBody,
    },
    /// A success response whose body is not what the spec promises (or a success status it does not document).
    #[error(
        "Atlas answered {status} with a body that does not decode{}: {message}",
        at_path(path)
    )]
    Decode {
        /// The success status.
        status: StatusCode,
        /// Where in the JSON document decoding failed, e.g. `results[3].expiresAt`.
        path: String,
        /// What the decoder expected there.
        message: String,
        /// The body as it came, for a bug report.
        body: Bytes,
    },
    /// Atlas no longer serves the operation: it answered 410 Gone (error code `VERSION_GONE`) because the
    /// operation was sunset. Names the sunset date and the operation to use instead, from the spec.
    #[error(
        "Atlas answered {status}: `{operation}` is no longer served{}{} ({body})",
        sunset.map(|date| format!(", it was sunset on {date}")).unwrap_or_default(),
        successor.map(|name| format!("; use `{name}` instead")).unwrap_or_default()
    )]
    Gone {
        /// The generated name of the operation that was called.
        operation: &'static str,
        /// The sunset date (`x-sunset`), when the spec gives one.
        sunset: Option<&'static str>,
        /// The operation that replaces it (`x-successor`), when the spec names one.
        successor: Option<&'static str>,
        /// `410 Gone`.
        status: StatusCode,
        /// The response's headers.
        headers: Box<HeaderMap>,
        /// Atlas' explanation.
        body: ErrorBody,
    },
    /// A success body longer than the client's ceiling ([`ClientBuilder::max_response_body`]): not read past it.
    ///
    /// [`ClientBuilder::max_response_body`]: crate::ClientBuilder::max_response_body
    #[error("Atlas answered {status} with a body larger than the client's ceiling of {limit} bytes; it was not read")]
    BodyTooLarge {
        /// The success status whose body was refused.
        status: StatusCode,
        /// The ceiling, in bytes.
        limit: usize,
    },
    /// The server's pages do not add up (it repeated a page).
    #[error("pagination stopped: {0}")]
    Pagination(String),
    /// A restore job that was waited for ([`FlexRestoreJobs::wait`]) ended `FAILED`: the job as Atlas sent it.
    ///
    /// [`FlexRestoreJobs::wait`]: crate::FlexRestoreJobs::wait
    #[error("restore job {} failed", .0.id.as_deref().unwrap_or("(without an id)"))]
    RestoreFailed(Box<FlexBackupRestoreJob20241113>),
    /// A wait for a restore job reached its deadline before the job ended; it may still end later.
    #[error(
        "gave up waiting for the restore job after {:.1} s; its last status was {}",
        waited.as_secs_f64(),
        last_status.as_ref().map_or("never seen".to_owned(), ToString::to_string)
    )]
    WaitDeadline {
        /// How long the wait lasted.
        waited: Duration,
        /// The last status a poll returned; `None` when no poll succeeded.
        last_status: Option<FlexRestoreJobStatus>,
    },
}

fn at_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at `{path}`")
    }
}

/// The body of an error response: Atlas' `ApiError` when it decodes as one, else the bytes as they came.
#[derive(Debug, Clone)]
pub enum ErrorBody {
    /// Atlas' documented error shape.
    Api(Box<ApiError>),
    /// Anything else (a proxy's HTML page, an empty body), as it came.
    Raw(Bytes),
    /// The first 64 KiB ([`ERROR_BODY_LIMIT`]) of a longer body; the rest was not read.
    Truncated(Bytes),
}

/// How much of an error body the client reads.
pub const ERROR_BODY_LIMIT: usize = SMALL_BODY_LIMIT;

impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorBody::Api(e) => {
                let code = e.error_code.as_deref().unwrap_or("no error code");
                match e.detail.as_deref().or(e.reason.as_deref()) {
                    Some(detail) => write!(f, "{code}: {detail}"),
                    None => f.write_str(code),
                }
            }
            ErrorBody::Raw(bytes) if bytes.is_empty() => f.write_str("(empty body)"),
            ErrorBody::Raw(bytes) => write_start(f, bytes),
            ErrorBody::Truncated(bytes) => {
                write_start(f, bytes)?;
                write!(f, " (body cut at {ERROR_BODY_LIMIT} bytes)")
            }
        }
    }
}

/// The first 200 characters of a body, for a one-line message.
fn write_start(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    let text = String::from_utf8_lossy(bytes);
    let short: String = text.chars().take(200).collect();
    let ellipsis = if text.chars().nth(200).is_some() { "…" } else { "" };
    write!(f, "{}{ellipsis}", short.trim())
}

/// `reqwest::Error`'s Display leaves out its causes ("error sending request"); this adds them.
struct ErrorChain<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl Error {
    /// The HTTP status Atlas answered with, when it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::Gone { status, .. }
            | Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// The decoded `ApiError`, when the error body was one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api {
                body: ErrorBody::Api(e),
                ..
            }
            | Error::Gone {
                body: ErrorBody::Api(e),
                ..
            } => Some(e),
            _ => None,
        }
    }

    /// The raw body, when an error response was not an `ApiError` or a success body did not decode.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::Api {
                body: ErrorBody::Raw(bytes) | ErrorBody::Truncated(bytes),
                ..
            }
            | Error::Gone {
                body: ErrorBody::Raw(bytes) | ErrorBody::Truncated(bytes),
                ..
            }
            | Error::Decode { body: bytes, .. } => Some(bytes),
            _ => None,
        }
    }

    /// Atlas' `errorCode`, e.g. `RATE_LIMITED` or `GROUP_NOT_FOUND`.
    pub fn error_code(&self) -> Option<&str> {
        self.api_error()?.error_code.as_deref()
    }

    /// Whether Atlas' `errorCode` is `code`: the stable way to branch on an error, statuses being coarse.
    pub fn is_error_code(&self, code: &str) -> bool {
        self.error_code() == Some(code)
    }

    /// True for a timeout of the connection or of the whole attempt (at Atlas or at its token endpoint).
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport(e) => e.is_timeout(),
            Error::Auth(e) => e.is_timeout(),
            _ => false,
        }
    }

    /// True when Atlas no longer serves the operation (410 Gone after its sunset); see [`Error::Gone`].
    pub fn is_gone(&self) -> bool {
        matches!(self, Error::Gone { .. })
    }

    fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. } | Error::Gone { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// How long the server asked to wait (`Retry-After`), on a 429 or 503 that outlasted the retry policy.
    pub fn retry_after(&self) -> Option<Duration> {
        retry::retry_after(self.headers()?, SystemTime::now())
    }

    /// The rate-limit headers of the error response, when Atlas sent them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.headers().map(RateLimit::from_headers)
    }

    /// Translate the generated code's error. `T` is the success body the call expected (for decode paths);
    /// `ending` is how the request pipeline ended the call (see `capture.rs`), which the generated error may not
    /// say: why no request was authorised, the status of an error body that did not decode, a cut body.
    pub(crate) async fn from_generated<T: DeserializeOwned>(
        error: progenitor_client::Error<ApiError>,
        ending: Option<Ending>,
    ) -> Error {
        let operation = match &ending {
            Some(Ending::Response { operation, .. }) => Some(*operation),
            _ => None,
        };
        let error = Self::translate::<T>(error, ending).await;
        match operation {
            Some(operation) => error.gone_if_sunset(operation),
            None => error,
        }
    }

    /// A 410, or an error with code `VERSION_GONE`, as [`Error::Gone`] with what the spec says of the operation.
    fn gone_if_sunset(self, operation: &'static str) -> Error {
        let gone = self.status() == Some(StatusCode::GONE) || self.is_error_code("VERSION_GONE");
        match self {
            Error::Api { status, headers, body } if gone => {
                let facts = crate::operations::of(operation);
                Error::Gone {
                    operation,
                    sunset: facts.sunset,
                    successor: facts.successor,
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }

    async fn translate<T: DeserializeOwned>(
        error: progenitor_client::Error<ApiError>,
        ending: Option<Ending>,
    ) -> Error {
        use progenitor_client::Error as Generated;
        let (status, headers, truncated) = match ending {
            Some(Ending::AuthFailed(failure)) => return Error::Auth(failure),
            Some(Ending::Response {
                status,
                headers,
                truncated,
                ..
            }) => (status, headers, truncated),
            None => (StatusCode::OK, HeaderMap::new(), false),
        };
        match error {
            Generated::InvalidRequest(message) | Generated::Custom(message) => Error::InvalidRequest(message),
            Generated::CommunicationError(e) | Generated::ResponseBodyError(e) | Generated::InvalidUpgrade(e) => {
                match find_cause::<TooLarge>(&e) {
                    Some(too_large) => Error::BodyTooLarge {
                        status,
                        limit: too_large.limit,
                    },
                    None => Error::Transport(e),
                }
            }
            Generated::ErrorResponse(response) => Error::Api {
                status: response.status(),
                headers: Box::new(response.headers().clone()),
                body: ErrorBody::Api(Box::new(response.into_inner())),
            },
            Generated::InvalidResponsePayload(body, serde_error) => {
                if status.is_client_error() || status.is_server_error() {
                    return Error::Api {
                        status,
                        headers: Box::new(headers),
                        body: raw_error_body(body, truncated),
                    };
                }
                decode_error::<T>(status, body, serde_error)
            }
            Generated::UnexpectedResponse(response) => {
                let status = response.status();
                let headers = response.headers().clone();
                // Already read by the pipeline, within its limit: this is the buffered copy.
                let body = match response.bytes().await {
                    Ok(body) => body,
                    Err(e) => return Error::Transport(e),
                };
                if !(status.is_client_error() || status.is_server_error()) {
                    return Error::Decode {
                        status,
                        path: String::new(),
                        message: format!("the spec documents no {status} response"),
                        body,
                    };
                }
                let body = match serde_json::from_slice::<ApiError>(&body) {
                    Ok(api) if !truncated && (api.error_code.is_some() || api.detail.is_some()) => {
                        ErrorBody::Api(Box::new(api))
                    }
                    _ => raw_error_body(body, truncated),
                };
                Error::Api {
                    status,
                    headers: Box::new(headers),
                    body,
                }
            }
        }
    }
}

fn raw_error_body(body: Bytes, truncated: bool) -> ErrorBody {
    if truncated {
        ErrorBody::Truncated(body)
    } else {
        ErrorBody::Raw(body)
    }
}

/// The first cause of type `E` in `error`'s source chain.
fn find_cause<'a, E: std::error::Error + 'static>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a E> {
    let mut cause = Some(error);
    while let Some(current) = cause {
        if let Some(found) = current.downcast_ref::<E>() {
            return Some(found);
        }
        cause = current.source();
    }
    None
}

/// Decode again, this time tracking the path, to say where the body broke (serde_json says only line/column).
fn decode_error<T: DeserializeOwned>(status: StatusCode, body: Bytes, fallback: serde_json::Error) -> Error {
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) => (e.path().to_string(), e.into_inner().to_string()),
        Ok(_) => (".".to_owned(), fallback.to_string()),
    };
    Error::Decode {
        status,
        path,
        message,
        body,
    }
}
