//! This crate's request pipeline — authentication, retries, bounded bodies, tracing — for another client generated
//! by `cargo xtask codegen`, such as one from a vendor's whole document (`cargo xtask vendor-check --mock` calls
//! Atlas' every operation through it against a mock server).
//!
//! Such a client is generated with the same settings, so it holds an [`Inner`] and expects a
//! `ClientHooks<Inner>` impl; its impl hands each request to [`exec`] with the media types of its own
//! `operations` table:
//!
//! ```ignore
//! impl progenitor_client::ClientHooks<Inner> for Client {
//!     async fn exec(&self, request: reqwest::Request, info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
//!         let media = operations::of(info.operation_id);
//!         let media = Media { accept: media.accept, content_type: media.content_type };
//!         generated_client::pipeline::exec(self.inner(), self.client(), request, info.operation_id, media).await
//!     }
//! }
//! ```
//!
//! and is built from [`ClientBuilder::build_parts`](crate::ClientBuilder::build_parts).

pub use crate::client::ClientParts;
pub use crate::hooks::{Media, exec};
pub use crate::inner::Inner;
