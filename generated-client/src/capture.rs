//! What the request pipeline learned about a call that the generated code cannot carry back.
//!
//! progenitor's `exec` hook returns a `reqwest::Result<Response>`, and the generated code drops a response's
//! status and headers when its error body does not decode. So the pipeline in `hooks.rs` records here, per call,
//! how the call ended (the final response's status and headers, whether its body was cut, or why no request could
//! be authorised), and `error.rs` reads it back to build an [`Error`](crate::Error) that says what happened.
//!
//! The record lives in a tokio task-local opened by [`capturing`]; outside one (a caller using the generated
//! builder directly) nothing is recorded and the generated error type is all there is.

use std::cell::RefCell;
use std::future::Future;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::auth::AuthError;

/// How the pipeline ended one call.
#[derive(Debug, Clone)]
pub(crate) enum Ending {
    /// The last response the call received.
    Response {
        /// The generated name of the operation (`OperationInfo::operation_id`).
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        /// Its body was longer than the limit for its kind and only the start was kept.
        truncated: bool,
    },
    /// No request could be authorised (the service-account token could not be had).
    AuthFailed(AuthError),
}

tokio::task_local! {
    static ENDING: RefCell<Option<Ending>>;
}

/// Run one generated call and return, beside its result, how the pipeline ended it.
pub(crate) async fn capturing<T>(call: impl Future<Output = T>) -> (T, Option<Ending>) {
    ENDING
        .scope(RefCell::new(None), async move {
            let output = call.await;
            (output, ENDING.with(|cell| cell.borrow_mut().take()))
        })
        .await
}

/// Record how the current call ended; a no-op outside [`capturing`].
pub(crate) fn record(ending: Ending) {
    let _ = ENDING.try_with(|cell| *cell.borrow_mut() = Some(ending));
}
