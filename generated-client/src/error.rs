//! One error type for callers: what went wrong, with the server's own words when it sent any.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::hooks::ResponseMeta;
use crate::retry::{self, RateLimit};
use crate::types::ApiError;

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
    /// Atlas answered with an error status.
    #[error("Atlas answered {status}: {body}")]
    Api {
        status: StatusCode,
        /// Boxed, like the body, to keep `Result<_, Error>` small on the happy path.
        headers: Box<HeaderMap>,
        body: ErrorBody,
    },
    /// A success response whose body is not what the spec promises (or a success status it does not document).
    #[error(
        "Atlas answered {status} with a body that does not decode{}: {message}",
        at_path(path)
    )]
    Decode {
        status: StatusCode,
        /// Where in the JSON document decoding failed, e.g. `results[3].expiresAt`.
        path: String,
        message: String,
        body: Bytes,
    },
    /// The server's pages do not add up (it repeated a page).
    #[error("pagination stopped: {0}")]
    Pagination(String),
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
    Api(Box<ApiError>),
    Raw(Bytes),
}

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
            ErrorBody::Raw(bytes) => {
                let text = String::from_utf8_lossy(bytes);
                let short: String = text.chars().take(200).collect();
                let ellipsis = if text.chars().count() > 200 { "…" } else { "" };
                write!(f, "{}{ellipsis}", short.trim())
            }
        }
    }
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
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
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
            } => Some(e),
            _ => None,
        }
    }

    /// The raw body, when an error response was not an `ApiError` or a success body did not decode.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::Api {
                body: ErrorBody::Raw(bytes),
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

    pub fn is_error_code(&self, code: &str) -> bool {
        self.error_code() == Some(code)
    }

    /// True for a timeout of the connection or of the whole attempt.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }

    fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. } => Some(headers),
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
    /// `meta` is what the last response was (see `hooks::capturing_response`).
    pub(crate) async fn from_generated<T: DeserializeOwned>(
        error: progenitor_client::Error<ApiError>,
        meta: Option<ResponseMeta>,
    ) -> Error {
        use progenitor_client::Error as Generated;
        match error {
            Generated::InvalidRequest(message) | Generated::Custom(message) => Error::InvalidRequest(message),
            Generated::CommunicationError(e) | Generated::ResponseBodyError(e) | Generated::InvalidUpgrade(e) => {
                Error::Transport(e)
            }
            Generated::ErrorResponse(response) => Error::Api {
                status: response.status(),
                headers: Box::new(response.headers().clone()),
                body: ErrorBody::Api(Box::new(response.into_inner())),
            },
            Generated::InvalidResponsePayload(body, serde_error) => {
                let (status, headers) = match meta {
                    Some(meta) => (meta.status, meta.headers),
                    None => (StatusCode::OK, HeaderMap::new()),
                };
                if status.is_client_error() || status.is_server_error() {
                    return Error::Api {
                        status,
                        headers: Box::new(headers),
                        body: ErrorBody::Raw(body),
                    };
                }
                decode_error::<T>(status, body, serde_error)
            }
            Generated::UnexpectedResponse(response) => {
                let status = response.status();
                let headers = response.headers().clone();
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
                    Ok(api) if api.error_code.is_some() || api.detail.is_some() => ErrorBody::Api(Box::new(api)),
                    _ => ErrorBody::Raw(body),
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
