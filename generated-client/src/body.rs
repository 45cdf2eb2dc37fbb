//! Reading response bodies without trusting their size.
//!
//! A server decides how long a body is, so every body is read against a limit: success bodies up to the client's
//! ceiling ([`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body)), error bodies, token
//! responses and bodies thrown away before a retry up to [`SMALL_BODY_LIMIT`]. Past a limit the rest is not read:
//! the response is dropped, and with it the connection.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use reqwest::Response;
use reqwest::header::{CONTENT_LENGTH, HeaderMap};

/// How much of an error body, a token response or a discarded body is read: an Atlas `ApiError` is a few hundred
/// bytes, and 64 KiB still shows the start of any HTML error page a proxy sends.
pub const SMALL_BODY_LIMIT: usize = 64 * 1024;

/// The default ceiling for a success body. A page of 500 restore jobs is about 280 KB, so 32 MiB leaves room for
/// a hundred times that, and no more.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 32 * 1024 * 1024;

/// The most reserved up front for a body on the word of its `Content-Length`.
const PRESIZE_LIMIT: usize = 4 * 1024 * 1024;

/// A body read up to a limit.
#[derive(Debug)]
pub(crate) struct Capped {
    /// At most `limit` bytes: the whole body, or its start.
    pub(crate) bytes: Bytes,
    /// The body was longer than the limit; `bytes` is its start.
    pub(crate) truncated: bool,
}

/// Read at most `limit` bytes of `response`'s body, then stop and drop the connection if there is more.
///
/// What is left of the body stays in `response`; replace it ([`replace`]) or drop the response.
pub(crate) async fn read_capped(response: &mut Response, limit: usize) -> reqwest::Result<Capped> {
    // A declared length saves the copies of a growing buffer (a third of the time of reading a page); it is only
    // believed up to `PRESIZE_LIMIT`, so that a false one cannot make every call reserve its whole limit.
    let presize = declared_length(response.headers()).map_or(0, |length| {
        usize::try_from(length)
            .unwrap_or(usize::MAX)
            .min(limit)
            .min(PRESIZE_LIMIT)
    });
    let mut buffer = Vec::with_capacity(presize);
    while let Some(chunk) = response.chunk().await? {
        let room = limit - buffer.len();
        let take = chunk.len().min(room);
        grow_within(&mut buffer, take, limit);
        buffer.extend_from_slice(&chunk[..take]);
        if take < chunk.len() {
            return Ok(Capped {
                bytes: Bytes::from(buffer),
                truncated: true,
            });
        }
    }
    Ok(Capped {
        bytes: Bytes::from(buffer),
        truncated: false,
    })
}

/// Make room for `more` bytes, doubling as a `Vec` would but never past `limit`: a buffer allowed 32 MiB must not
/// reserve 64 MiB on its last doubling.
fn grow_within(buffer: &mut Vec<u8>, more: usize, limit: usize) {
    let needed = buffer.len() + more;
    if needed > buffer.capacity() {
        let target = needed.max(buffer.capacity().saturating_mul(2)).min(limit).max(needed);
        buffer.reserve_exact(target - buffer.len());
    }
}

/// Read the body of the response a call ends with, within its limit, and put it back in place, so that the
/// generated code decodes a body of known size. Returns whether the body was longer than its limit.
///
/// A success body over `ceiling` is replaced by one that fails with [`TooLarge`] (not even read when its
/// `Content-Length` says so): the generated code then reports an error instead of decoding a cut document. An error
/// body over [`SMALL_BODY_LIMIT`] is cut, and its start kept.
pub(crate) async fn buffer_final(response: &mut Response, ceiling: usize) -> reqwest::Result<bool> {
    let status = response.status();
    let limit = if status.is_success() { ceiling } else { SMALL_BODY_LIMIT };
    let declared_too_long = declared_length(response.headers()).is_some_and(|length| length > limit as u64);
    let capped = if status.is_success() && declared_too_long {
        Capped {
            bytes: Bytes::new(),
            truncated: true,
        }
    } else {
        read_capped(response, limit).await?
    };
    let body = if capped.truncated && status.is_success() {
        tracing::warn!(status = status.as_u16(), limit, "response body over the ceiling");
        FailingBody::too_large(limit)
    } else if status.is_success() && capped.bytes.is_empty() && json_or_unlabelled(response.headers()) {
        // No body is JSON `null` to the generated decoder: an operation whose spec answers with a body or without
        // one (a 200 or a bodiless 204) is generated with an optional body (codegen's `optional-success-body`),
        // which then decodes as `None`; a body that is required still fails to decode, as it should.
        reqwest::Body::from(Bytes::from_static(b"null"))
    } else {
        reqwest::Body::from(capped.bytes)
    };
    replace(response, body);
    Ok(capped.truncated)
}

/// Whether a body is JSON by its `Content-Type`, or says nothing (a 204 has none); raw downloads stay raw.
fn json_or_unlabelled(headers: &HeaderMap) -> bool {
    match headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(media) => {
            let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json")
        }
    }
}

/// Read a response we are done with (a challenge, a 429), up to [`SMALL_BODY_LIMIT`], so that a short body leaves
/// its connection reusable for the next attempt; a longer one, or one that fails, just closes it.
pub(crate) async fn discard(mut response: Response) {
    let _ = read_capped(&mut response, SMALL_BODY_LIMIT).await;
}

/// The body's declared length, when it declares one that parses.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// Put `body` in place of what is left of the one read from the network (which is dropped, closing its
/// connection if it was not read to the end).
fn replace(response: &mut Response, body: reqwest::Body) {
    use reqwest::ResponseBuilderExt;
    let url = response.url().clone();
    let placeholder = Response::from(http::Response::new(reqwest::Body::from(Bytes::new())));
    let (mut parts, _) = http::Response::from(std::mem::replace(response, placeholder)).into_parts();
    // The conversion to `http::Response` drops the URL; reqwest's builder extension is how it is put back.
    if let Ok(carrier) = http::Response::builder().url(url).body(()) {
        parts.extensions.extend(carrier.into_parts().0.extensions);
    }
    *response = Response::from(http::Response::from_parts(parts, body));
}

/// A success body was longer than the client's ceiling. It reaches the generated code as the source of a body
/// error, which `error.rs` turns into [`Error::BodyTooLarge`](crate::Error::BodyTooLarge).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error(
    "the response body is larger than the client's ceiling of {limit} bytes (see ClientBuilder::max_response_body)"
)]
pub(crate) struct TooLarge {
    pub(crate) limit: usize,
}

/// A body that fails with [`TooLarge`] when read: what the generated code receives in place of an oversized body,
/// so that it reports an error instead of decoding a truncated document. (`http-body-util` has no body that
/// carries an error of our own, and `Limited` reports neither the limit nor the status, so this is ours.)
struct FailingBody(Option<TooLarge>);

impl FailingBody {
    fn too_large(limit: usize) -> reqwest::Body {
        reqwest::Body::wrap(FailingBody(Some(TooLarge { limit })))
    }
}

impl Body for FailingBody {
    type Data = Bytes;
    type Error = TooLarge;

    fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, TooLarge>>> {
        Poll::Ready(self.get_mut().0.take().map(Err))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    async fn final_body(status: u16, content_type: Option<&str>, body: &'static [u8]) -> Bytes {
        let mut builder = http::Response::builder().status(status);
        if let Some(media) = content_type {
            builder = builder.header(reqwest::header::CONTENT_TYPE, media);
        }
        let mut response = Response::from(builder.body(reqwest::Body::from(body)).unwrap());
        buffer_final(&mut response, 1024).await.unwrap();
        response.bytes().await.unwrap()
    }

    /// A body that is optional in the spec (a 200 with one, a 204 without), as codegen generates it.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Job {
        id: String,
    }

    #[tokio::test]
    async fn an_empty_success_body_decodes_as_none_and_a_body_as_some() {
        let empty = final_body(204, None, b"").await;
        assert_eq!(serde_json::from_slice::<Option<Job>>(&empty).unwrap(), None);
        let labelled = final_body(202, Some("application/vnd.atlas.2023-01-01+json"), b"").await;
        assert_eq!(serde_json::from_slice::<Option<Job>>(&labelled).unwrap(), None);
        let full = final_body(200, Some("application/json"), br#"{"id":"a"}"#).await;
        assert_eq!(
            serde_json::from_slice::<Option<Job>>(&full).unwrap(),
            Some(Job { id: "a".into() })
        );
        assert!(
            serde_json::from_slice::<Job>(&empty).is_err(),
            "a required body is still required"
        );
    }

    #[tokio::test]
    async fn an_empty_raw_download_or_error_body_stays_empty() {
        assert!(final_body(200, Some("application/gzip"), b"").await.is_empty());
        assert!(final_body(404, None, b"").await.is_empty());
    }

    proptest! {
        #[test]
        fn a_buffer_grows_to_fit_and_never_past_its_limit(
            steps in proptest::collection::vec(0usize..5000, 0..40),
            limit in 0usize..100_000,
        ) {
            let mut buffer = Vec::new();
            for more in steps {
                let more = more.min(limit - buffer.len());
                grow_within(&mut buffer, more, limit);
                prop_assert!(buffer.capacity() >= buffer.len() + more);
                prop_assert!(buffer.capacity() <= limit.max(buffer.len() + more));
                buffer.resize(buffer.len() + more, 0);
            }
        }

        #[test]
        fn any_content_length_is_read_without_panic(value in proptest::collection::vec(any::<u8>(), 0..30)) {
            let mut headers = HeaderMap::new();
            if let Ok(value) = reqwest::header::HeaderValue::from_bytes(&value) {
                headers.insert(CONTENT_LENGTH, value);
            }
            let _ = declared_length(&headers);
        }

        #[test]
        fn content_lengths_round_trip(length in any::<u64>()) {
            let mut headers = HeaderMap::new();
            headers.insert(CONTENT_LENGTH, length.into());
            prop_assert_eq!(declared_length(&headers), Some(length));
        }
    }
}
