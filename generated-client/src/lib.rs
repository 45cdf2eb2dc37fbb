#![doc = include_str!("../../README.md")]
//!
//! # The crate's modules
//!
//! The request and response types and the [`Client`] itself are generated from `spec/` by `cargo xtask codegen`
//! (module `generated`, never edited by hand). Beside it, written by hand:
//! - [`client`]: the builder and configuration ([`ClientBuilder`], [`Credentials`]); `inner`: the state it builds;
//! - `hooks`: the single hook every request passes through (authentication, retries, the final body, tracing);
//!   [`pipeline`]: the same for another client generated from a vendor's whole document;
//! - `auth`: HTTP Digest with a cached nonce, service-account tokens, [`AuthError`];
//! - `body`: reading bodies against a limit; `capture`: how the hook ended a call, for the error type;
//! - [`retry`]: the [`RetryPolicy`] for 429, 503 and transport failures;
//! - [`page_shape`]: what the generated code implements for every list operation of the spec; [`pages`]: one
//!   page or a stream of all of them, for any of them; [`restore_jobs`]: the operations as callers use them;
//!   [`wait`]: waiting for a restore job to end;
//! - [`error`]: the one [`Error`] callers see;
//! - [`open_enums`]: the open enums (`deliveryType`, Flex `status`) the generator substitutes;
//! - `mock` (feature `mock`): typed `httpmock` mocks of every operation, generated with the client.
//!
//! The generated builder (`client.list_serverless_restore_jobs()`) stays available for full control of the
//! query; it goes through the same hook and returns the generated error type ([`GeneratedError`]).

#![warn(missing_docs)]

/// The reference in `docs/client.md`, whose Rust examples are compiled (and run where they can) as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/client.md")]
pub struct ClientReference;

mod auth;
mod body;
mod capture;
pub mod client;
pub mod error;
pub mod open_enums;
pub mod page_shape;
// Formatted by prettyplease in `cargo xtask codegen`; rustfmt would fight it.
#[rustfmt::skip]
#[allow(missing_docs)]
mod generated;
mod hooks;
mod inner;
/// Typed mocks of every operation for the [`httpmock`](https://docs.rs/httpmock) crate, generated from the spec
/// with the client (feature `mock`): `server.list_flex_restore_jobs(|when, then| …)` with typed parameters and
/// bodies, so an application's tests cannot drift from the API the client calls.
#[cfg(feature = "mock")]
#[path = "generated_mock.rs"]
#[rustfmt::skip]
// progenitor's mock code formats path parameters with `value.to_string()` inside `format!`.
#[allow(clippy::to_string_in_format_args, missing_docs)]
pub mod mock;
pub mod pages;
pub mod pipeline;
pub mod restore_jobs;
pub mod retry;
pub mod wait;

pub use auth::{AuthError, Credentials};
pub use body::DEFAULT_MAX_RESPONSE_BODY;
pub use client::ClientBuilder;
pub use error::{ERROR_BODY_LIMIT, Error, ErrorBody};
pub use generated::{Client, ClientInfo, ResponseValue, builder, operations, prelude, types};
pub use open_enums::{DeliveryType, FlexDeliveryType, FlexRestoreJobStatus, FlexSnapshotStatus};
pub use pages::{Listing, Page, Paginate};
pub use progenitor_client::Error as GeneratedError;
pub use restore_jobs::{FlexCluster, FlexRestoreJobs, RestoreJobs};
pub use retry::{RateLimit, RetryPolicy};
pub use wait::{StatusChange, WaitForRestore};
