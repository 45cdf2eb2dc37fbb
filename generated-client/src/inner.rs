//! The client's own state, carried inside the generated `Client` (`with_inner_type` in `xtask/src/codegen.rs`).
//!
//! It lives in a module of its own so that the generated code depends on it without depending on the builder in
//! `client.rs`, which depends on the generated code: no module cycle.

use std::fmt;
use std::sync::Arc;

use crate::auth::Authenticator;
use crate::retry::RetryPolicy;

/// Shared by the clones of one [`Client`](crate::Client); built by [`ClientBuilder`](crate::ClientBuilder).
#[derive(Clone)]
pub struct Inner(pub(crate) Arc<Shared>);

/// Everything the request pipeline in `hooks.rs` needs.
pub(crate) struct Shared {
    pub(crate) auth: Authenticator,
    pub(crate) retry: RetryPolicy,
    /// The ceiling for a success body, in bytes.
    pub(crate) max_response_body: usize,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("auth", &self.0.auth)
            .field("retry", &self.0.retry)
            .field("max_response_body", &self.0.max_response_body)
            .finish()
    }
}
