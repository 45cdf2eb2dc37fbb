//! A typed client for the restore jobs of the MongoDB Atlas Administration API: those of a Flex cluster (v2,
//! media type `application/vnd.atlas.2024-11-13+json`: list, get one, create) and the serverless list they
//! replaced (v1.0, sunset by Atlas on 2026-01-22: `#[deprecated]`, and its 410 is [`Error::Gone`]).
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use generated_client::{Client, ClientBuilder, Credentials, Error};
//!
//! # async fn example() -> Result<(), Error> {
//! // Credentials from MONGODB_ATLAS_PUBLIC_API_KEY / MONGODB_ATLAS_PRIVATE_API_KEY (or a service account)…
//! let client = ClientBuilder::from_env()?.build()?;
//! // …or given directly.
//! let client = Client::builder().credentials(Credentials::api_key("public", "private")).build()?;
//! let jobs = client.flex_restore_jobs("32b6e34b3d91647abb20e7b8", "my-flex");
//!
//! // All restore jobs, across pages of 500:
//! let all: Vec<_> = jobs.clone().jobs().try_collect().await?;
//! // One page, one job, a new job:
//! let page = jobs.clone().items_per_page(100).page(2).await?;
//! let job = jobs.get("6650c0e1a4b2c3d4e5f60718").await?;
//! let created = jobs.create("6650bf2aa4b2c3d4e5f60701", "my-flex-restored", None).await?;
//! # Ok(())
//! # }
//! ```
//!
//! The request and response types and the [`Client`] itself are generated from `spec/` by `cargo xtask codegen`
//! (module `generated`, never edited by hand). Beside it, written by hand:
//! - [`client`]: the builder and configuration ([`ClientBuilder`], [`Credentials`]); `inner`: the state it builds;
//! - `hooks`: the single hook every request passes through (authentication, retries, the final body, tracing);
//! - `auth`: HTTP Digest with a cached nonce, service-account tokens, [`AuthError`];
//! - `body`: reading bodies against a limit; `capture`: how the hook ended a call, for the error type;
//! - [`retry`]: the [`RetryPolicy`] for 429, 503 and transport failures;
//! - [`pages`]: one page or a stream of all of them, for any Atlas list; [`restore_jobs`]: the operations as
//!   callers use them;
//! - [`error`]: the one [`Error`] callers see;
//! - [`open_enums`]: the open enums (`deliveryType`, Flex `status`) the generator substitutes.
//!
//! The generated builder (`client.list_serverless_restore_jobs()`) stays available for full control of the
//! query; it goes through the same hook and returns the generated error type ([`GeneratedError`]).

mod auth;
mod body;
mod capture;
pub mod client;
pub mod error;
pub mod open_enums;
// Formatted by prettyplease in `cargo xtask codegen`; rustfmt would fight it.
#[rustfmt::skip]
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
#[allow(clippy::to_string_in_format_args)]
pub mod mock;
pub mod pages;
pub mod restore_jobs;
pub mod retry;

pub use auth::{AuthError, Credentials};
pub use body::DEFAULT_MAX_RESPONSE_BODY;
pub use client::ClientBuilder;
pub use error::{ERROR_BODY_LIMIT, Error, ErrorBody};
pub use generated::{Client, ClientInfo, ResponseValue, builder, operations, prelude, types};
pub use open_enums::{DeliveryType, FlexDeliveryType, FlexRestoreJobStatus};
pub use pages::{Listing, Page};
pub use progenitor_client::Error as GeneratedError;
pub use restore_jobs::{FlexRestoreJobs, RestoreJobs};
pub use retry::{RateLimit, RetryPolicy};

/// The README's examples compile (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
