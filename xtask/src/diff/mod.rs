//! `cargo xtask diff`: what a spec revision changes in the API, in the generated Rust API, and whether it breaks.
//!
//! This module only orchestrates [`run`]:
//! - `revisions` reads each side (git revision, working tree, file), validates it and generates its code;
//! - [`api`] compares the two OpenAPI documents under the rules of [`rules`], the one registry ([`oasdiff_gaps`]:
//!   oasdiff's rules not implemented, and why);
//! - [`rust_api`] compares the public items of the two generated crates;
//! - `tie` ties each API finding to the Rust items it touches;
//! - [`report`] joins them into the verdict, and [`render`] writes text or markdown.

pub mod api;
pub mod oasdiff_gaps;
pub mod render;
pub mod report;
pub(crate) mod revisions;
pub mod rules;
pub mod rust_api;
mod tie;

use std::path::Path;

use crate::codegen;
use report::Report;
pub use revisions::{DiffError, Source};

/// Compare the spec at `base` with the spec at `head`. `spec_path` is the spec's path relative to `repo` (for
/// revisions and the working tree). Each side is generated as `cargo xtask codegen` generates it, strictly.
pub fn run(repo: &Path, spec_path: &str, base: &Source, head: &Source, with_code: bool) -> Result<Report, DiffError> {
    run_with(repo, spec_path, base, head, with_code, &codegen::Options::default())
}

/// [`run`], generating each side with `options`: with `partial`, what the generator cannot take is left out of
/// the Rust comparison, and listed in the report, instead of skipping the comparison.
pub fn run_with(
    repo: &Path,
    spec_path: &str,
    base: &Source,
    head: &Source,
    with_code: bool,
    options: &codegen::Options,
) -> Result<Report, DiffError> {
    // The sides are independent and generating one is most of the time a review takes: one thread each, with the
    // stack a deeply nested spec needs (`DEEP_STACK`).
    let (base, head) = std::thread::scope(|scope| {
        let side = |label: &'static str, source| {
            let load = move || revisions::load(label, repo, spec_path, source, options);
            std::thread::Builder::new()
                .stack_size(crate::DEEP_STACK)
                .spawn_scoped(scope, load)
                .map_err(|e| DiffError::Thread {
                    side: label.to_owned(),
                    detail: e.to_string(),
                })
        };
        let (head, base) = (side("head", head), side("base", base));
        let join = |thread: Result<std::thread::ScopedJoinHandle<'_, _>, DiffError>| {
            thread.and_then(|t| t.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        };
        (join(base), join(head))
    });
    let (base, head) = (base?, head?);

    let mut findings = api::compare(&base.spec.raw, &head.spec.raw);
    let rust = match (&base.rust, &head.rust) {
        (Ok(old), Ok(new)) => {
            let rust_changes = rust_api::compare(&old.api, &new.api);
            for finding in &mut findings {
                finding.rust_items = tie::tie(finding, &rust_changes, &old.api, &new.api);
            }
            // Compare without the headers: they name the revision and hash the spec, which always differ.
            let (old_body, new_body) = (strip_header(&old.code), strip_header(&new.code));
            let code_diff = with_code
                .then(|| codegen::drift(old_body, new_body, codegen::DEFAULT_OUT))
                .flatten();
            report::RustImpact::Compared {
                changes: rust_changes,
                code_changed: old_body != new_body,
                code_diff,
                left_out: old.left_out.iter().chain(&new.left_out).cloned().collect(),
            }
        }
        (Err(why), _) => report::RustImpact::Skipped(format!("base: {why}")),
        (_, Err(why)) => report::RustImpact::Skipped(format!("head: {why}")),
    };
    Ok(Report::new(base.label, head.label, findings, rust))
}

fn strip_header(code: &str) -> &str {
    let mut rest = code;
    while rest.starts_with("//") {
        rest = rest.split_once('\n').map_or("", |(_, tail)| tail);
    }
    rest
}
