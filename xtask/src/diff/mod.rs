//! `cargo xtask diff`: what a spec revision changes in the API, in the generated Rust API, and whether it breaks.
//!
//! This module only orchestrates [`run`]:
//! - `revisions` reads each side (git revision, working tree, file), validates it — or lists its problems when it
//!   parses but is not valid (`validity`) — and generates its code;
//! - [`config`] leaves paths out and sets rule levels; [`scope`] picks the operations whose code can differ, so only
//!   those are generated;
//! - [`api`] compares the two OpenAPI documents under the rules of [`rules`], the one registry ([`oasdiff_gaps`]:
//!   oasdiff's rules not implemented, and why); `client_reads` raises what the base's client cannot read;
//! - `locations` places each finding in both revisions' files, `fingerprint` names it across commits;
//! - [`rust_api`] compares the public items of the two generated crates; `tie` ties each API finding to them;
//! - [`report`] joins them into the verdict, [`acceptance`] marks accepted changes, and [`render`] (text,
//!   markdown) and [`ci_formats`] (GitHub annotations, JUnit) write it.

pub mod acceptance;
pub mod api;
mod cache;
pub mod ci_formats;
mod client_reads;
pub mod config;
mod fingerprint;
mod locations;
pub mod oasdiff_gaps;
pub mod render;
pub mod report;
pub(crate) mod revisions;
pub mod rules;
pub mod rust_api;
pub mod scope;
mod tie;
pub mod toml_file;

use std::path::Path;

use crate::codegen;
use crate::timing::timed;
pub use cache::Cache;
pub use config::Config;
use report::Report;
pub use revisions::{DiffError, Source};

/// Compare the spec at `base` with the spec at `head`. `spec_path` is the spec's path relative to `repo` (for
/// revisions and the working tree). Each side is generated as `cargo xtask codegen` generates it, strictly.
pub fn run(repo: &Path, spec_path: &str, base: &Source, head: &Source, with_code: bool) -> Result<Report, DiffError> {
    let options = codegen::Options::default();
    run_with(repo, spec_path, base, head, with_code, &options, &Config::default())
}

/// [`run`], generating each side with `options` (with `partial`, what the generator cannot take is left out of the
/// Rust comparison and listed, instead of skipping the comparison) under `config`: the paths it leaves out are not
/// compared, its levels and sunset threshold apply. Accepted changes are applied to the report afterwards
/// (`acceptance::apply`).
pub fn run_with(
    repo: &Path,
    spec_path: &str,
    base: &Source,
    head: &Source,
    with_code: bool,
    options: &codegen::Options,
    config: &Config,
) -> Result<Report, DiffError> {
    run_cached(repo, spec_path, base, head, with_code, options, config, None)
}

/// [`run_with`], reading each side's generated API from `cache` when it holds it (and storing it there when not).
#[allow(clippy::too_many_arguments)]
pub fn run_cached(
    repo: &Path,
    spec_path: &str,
    base: &Source,
    head: &Source,
    with_code: bool,
    options: &codegen::Options,
    config: &Config,
    cache: Option<&Cache>,
) -> Result<Report, DiffError> {
    let sides = Sides {
        base,
        head,
        base_view: None,
        head_view: None,
    };
    review(repo, spec_path, sides, with_code, options, config, cache)
}

/// A change made to a side's document before the review reads it.
pub type View<'a> = dyn Fn(&mut serde_json::Value) + Sync + 'a;

/// What a review compares: two sources, and what to make of the head's document before comparing it.
pub struct Sides<'a> {
    pub base: &'a Source,
    pub head: &'a Source,
    /// Narrows or renames a side's document once it is read and validated, before anything compares or generates
    /// it: `cargo xtask drift` keeps only the operations both have. A review with a view is never cached.
    pub base_view: Option<&'a View<'a>>,
    pub head_view: Option<&'a View<'a>>,
}

/// [`run_cached`] over [`Sides`].
pub fn review(
    repo: &Path,
    spec_path: &str,
    sides: Sides,
    with_code: bool,
    options: &codegen::Options,
    config: &Config,
    cache: Option<&Cache>,
) -> Result<Report, DiffError> {
    let Sides {
        base,
        head,
        base_view,
        head_view,
    } = sides;
    let cache = if base_view.is_some() || head_view.is_some() {
        None
    } else {
        cache
    };
    let (base, head) = both(
        || revisions::load("base", repo, spec_path, base),
        || revisions::load("head", repo, spec_path, head),
    )?;
    let (mut base, mut head) = (base?, head?);
    let path_filter = config.path_filter();
    config.filter_paths(base.raw_mut());
    config.filter_paths(head.raw_mut());
    // The head first: drift narrows our side to what it found in the vendor's.
    if let Some(view) = head_view {
        head.apply_view(view);
    }
    if let Some(view) = base_view {
        base.apply_view(view);
    }
    // A vendor review (`--partial`) generates only what can differ. A strict review generates everything, since it
    // must also say when a side cannot be generated at all, and so does one asked for the code diff (the whole
    // file's) — unless the cache knows the base generates in full (a pull request's base, reviewed against each new
    // head) and does not hold the head: an operation the head leaves unchanged then generates on the head as on the
    // base, and only the changed ones are generated, with the report generating everything gives
    // (`tests/review_cache.rs`).
    let cache = cache.map(|cache| (cache, path_filter.as_str()));
    let base_known = !options.partial
        && !with_code
        && cache.is_some_and(|cache| {
            revisions::known_in(&base, options, cache).generates && !revisions::known_in(&head, options, cache).held
        });
    let scope = timed("scope", || {
        ((options.partial || base_known) && !with_code).then(|| scope::of(base.raw(), head.raw()))
    });
    let whole = options;
    let options = codegen::Options {
        only: scope.as_ref().map(|scope| scope.changed.clone()),
        ..options.clone()
    };
    // Generating is most of a review's time: one thread per side, while a third compares the documents and
    // places the findings in both files.
    let (mut old, mut new, mut findings) = three(
        || revisions::generate_cached(&base, &options, with_code, cache),
        || revisions::generate_cached(&head, &options, with_code, cache),
        || {
            let today = chrono::Utc::now().date_naive();
            let sunset_min_days = config.sunset_min_days.unwrap_or(api::MIN_SUNSET_DAYS);
            let mut findings = timed("api compare", || {
                api::compare_with(base.raw(), head.raw(), today, sunset_min_days)
            });
            client_reads::escalate(&mut findings);
            config.apply_levels(&mut findings);
            let _t = crate::timing::stage("locations and fingerprints");
            locations::attach(&mut findings, &base, &head);
            for finding in &mut findings {
                // Read where the finding's place is: the head, or the base for what the head no longer has.
                let doc = match crate::document::physical(head.raw(), &finding.location) {
                    Some(_) => head.raw(),
                    None => base.raw(),
                };
                finding.fingerprint = fingerprint::of(finding, doc);
            }
            findings
        },
    )?;
    let mut scope = scope;
    if let (Some(current), Ok(o), Ok(n)) = (&scope, &old, &new)
        && let Some(wider) = current.widened(base.raw(), head.raw(), &o.pinnings, &n.pinnings)
    {
        let options = codegen::Options {
            only: Some(wider.changed.clone()),
            ..whole.clone()
        };
        (old, new) = both(
            || revisions::generate_cached(&base, &options, with_code, cache),
            || revisions::generate_cached(&head, &options, with_code, cache),
        )?;
        scope = Some(wider);
    }
    if base_known {
        if let Some((cache, _)) = cache {
            cache.count_scoped();
        }
        if old.is_err() || new.is_err() {
            // What is known covers sides that generate: a failure is reported as generating everything reports it.
            (old, new) = both(
                || revisions::generate_cached(&base, whole, with_code, cache),
                || revisions::generate_cached(&head, whole, with_code, cache),
            )?;
        }
    }
    let _t = crate::timing::stage("rust compare and tie");
    let rust = match (&old, &new) {
        (Ok(old), Ok(new)) => {
            let rust_changes = rust_api::compare(&old.api, &new.api);
            let apis = tie::Apis::new(&old.api, &new.api);
            for finding in &mut findings {
                finding.tied = tie::tied(finding, &rust_changes, &apis);
                finding.rust_items = finding.tied.iter().map(|&i| tie::describe(&rust_changes[i])).collect();
            }
            // Compare without the headers: they name the revision and hash the spec, which always differ.
            let code_diff = match (&old.code, &new.code) {
                (Some(old), Some(new)) => codegen::drift(strip_header(old), strip_header(new), codegen::DEFAULT_OUT),
                _ => None,
            };
            report::RustImpact::Compared {
                changes: rust_changes,
                code_changed: old.syntax_hash != new.syntax_hash,
                code_diff,
                left_out: [("base", old), ("head", new)]
                    .into_iter()
                    .flat_map(|(side, generated)| generated.left_out.iter().map(move |left| format!("{side}: {left}")))
                    .collect(),
                // A plain review's report is the one generating everything gives, however it was generated.
                unchanged_operations: match scope {
                    Some(scope) if whole.partial => scope.unchanged,
                    _ => 0,
                },
            }
        }
        (Err(why), _) => report::RustImpact::Skipped(format!("base: {why}")),
        (_, Err(why)) => report::RustImpact::Skipped(format!("head: {why}")),
    };
    let validity_problems = [("base", &base), ("head", &head)]
        .into_iter()
        .flat_map(|(label, side)| locations::problems(label, side))
        .collect();
    let operations = api::operation_names(base.raw())
        .into_iter()
        .chain(api::operation_names(head.raw()))
        .collect();
    let mut report = Report::new(base.label.clone(), head.label.clone(), findings, rust);
    report.validity_problems = validity_problems;
    report.operations = operations;
    // Freeing both documents' millions of values took 40–100 ms (4 % of a vendor review): the report does not wait
    // for it. Should no thread start, they are freed here.
    let sides = (base, head, old, new);
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(sides));
    Ok(report)
}

/// Run `first` on a new thread and `second` on another, each with the stack a deeply nested spec needs
/// ([`crate::DEEP_STACK`]); a thread that cannot start is an error, a panic is passed on.
fn both<A: Send, B: Send>(
    first: impl FnOnce() -> A + Send,
    second: impl FnOnce() -> B + Send,
) -> Result<(A, B), DiffError> {
    std::thread::scope(|scope| {
        let (first, second) = (spawn(scope, "base", first)?, spawn(scope, "head", second)?);
        Ok((join(first), join(second)))
    })
}

/// [`both`], and `third` on a third thread (named `compare`).
fn three<A: Send, B: Send, C: Send>(
    first: impl FnOnce() -> A + Send,
    second: impl FnOnce() -> B + Send,
    third: impl FnOnce() -> C + Send,
) -> Result<(A, B, C), DiffError> {
    std::thread::scope(|scope| {
        let first = spawn(scope, "base", first)?;
        let second = spawn(scope, "head", second)?;
        let third = spawn(scope, "compare", third)?;
        Ok((join(first), join(second), join(third)))
    })
}

fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    label: &str,
    work: impl FnOnce() -> T + Send + 'scope,
) -> Result<std::thread::ScopedJoinHandle<'scope, T>, DiffError> {
    std::thread::Builder::new()
        .name(label.to_owned())
        .stack_size(crate::DEEP_STACK)
        .spawn_scoped(scope, work)
        .map_err(|e| DiffError::Thread {
            side: label.to_owned(),
            detail: e.to_string(),
        })
}

fn join<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn strip_header(code: &str) -> &str {
    let mut rest = code;
    while rest.starts_with("//") {
        rest = rest.split_once('\n').map_or("", |(_, tail)| tail);
    }
    rest
}
