//! A typed client for one MongoDB Atlas Administration API endpoint: the restore jobs of one serverless
//! instance (`GET /api/atlas/v1.0/groups/{groupId}/serverless/{instanceName}/backup/restoreJobs`).
//!
//! The request and response types and the [`Client`] are generated from `spec/` by `cargo xtask codegen`
//! (module `generated`, never edited by hand); the modules beside it are written by hand.
//!
//! ```
//! use generated_client::{types, Client};
//!
//! # async fn example() -> Result<(), generated_client::Error<types::ApiError>> {
//! let client = Client::new("https://cloud.mongodb.com/api/atlas/v1.0");
//! let request = client
//!     .list_serverless_restore_jobs()
//!     .group_id("32b6e34b3d91647abb20e7b8")
//!     .instance_name("my-instance")
//!     .items_per_page(500);
//! # if false {
//! let page = request.send().await?.into_inner();
//! for job in &page.results {
//!     println!("{:?} {:?}", job.id, job.delivery_type);
//! }
//! # }
//! # Ok(())
//! # }
//! ```

pub mod delivery_type;
// Formatted by prettyplease in `cargo xtask codegen`; rustfmt would fight it.
#[rustfmt::skip]
mod generated;

pub use delivery_type::DeliveryType;
pub use generated::{ByteStream, Client, ClientInfo, Error, ResponseValue, builder, prelude, types};

/// The README's examples compile (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
