//! `cargo xtask changelog --base REV`: the section of `generated-client/CHANGELOG.md` for the version at the head,
//! written from the review of the spec change since `REV` — the API changes grouped by operation (breaking ones
//! first) and the Rust API changes, under Keep a Changelog's headings. Idempotent: a version that already has a
//! section is left alone, so the tool never overwrites what a maintainer wrote under it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use semver::Version;

use crate::codegen;
use crate::diff::api::Finding;
use crate::diff::report::Report;
use crate::diff::rules::{Action, Level};
use crate::diff::rust_api::{ChangeKind, RustChange};
use crate::diff::{self, Source};
use crate::release_check::{self, ReleaseCheckError};

/// The changelog, relative to the workspace root.
pub const CHANGELOG: &str = "generated-client/CHANGELOG.md";

/// How many Rust items a heading names; the rest are counted (the review lists them all).
const MAX_RUST_ITEMS: usize = 12;

/// What a new file starts with.
const PREAMBLE: &str = "# Changelog of generated-client\n\nAll notable changes to this crate. The format follows \
                        [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), the versions [Semantic \
                        Versioning](https://semver.org/) as Cargo reads it.\n\n";

#[derive(Debug, thiserror::Error)]
pub enum ChangelogError {
    #[error(transparent)]
    Version(#[from] ReleaseCheckError),
    #[error(transparent)]
    Diff(#[from] diff::DiffError),
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Write(#[from] codegen::CodegenError),
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Written(Version),
    AlreadyThere(Version),
}

/// Write the section for the head's version (head: a revision, or the working tree), dated `date`.
pub fn run(
    repo: &Path,
    spec_path: &str,
    base: &str,
    head: Option<&str>,
    date: chrono::NaiveDate,
) -> Result<Outcome, ChangelogError> {
    let version = release_check::version_at(repo, head)?;
    let path = repo.join(CHANGELOG);
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => PREAMBLE.to_owned(),
        Err(source) => return Err(ChangelogError::Read { path, source }),
    };
    if has_section(&existing, &version) {
        return Ok(Outcome::AlreadyThere(version));
    }
    let head_source = head.map_or(Source::WorkTree, |rev| Source::Revision(rev.to_owned()));
    let report = diff::run(repo, spec_path, &Source::Revision(base.to_owned()), &head_source, false)?;
    let section = section(&version, date, base, &report);
    // Newest first: before the first version's section, or at the end of a file that has none.
    let at = existing.find("\n## [").map_or(existing.len(), |i| i + 1);
    let updated = format!("{}{section}\n{}", &existing[..at], &existing[at..]);
    codegen::write_atomically(&path, &updated)?;
    Ok(Outcome::Written(version))
}

fn has_section(changelog: &str, version: &Version) -> bool {
    let heading = format!("## [{version}]");
    changelog.lines().any(|line| {
        line.strip_prefix(&heading)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// The section for `version`: a summary line, then Added, Changed, Deprecated, Removed.
pub fn section(version: &Version, date: chrono::NaiveDate, base: &str, report: &Report) -> String {
    let c = &report.counts;
    let mut out = format!(
        "## [{version}] - {date}\n\nThe spec since `{base}`: {} breaking, {} warning, {} info API changes; the Rust \
         API needs {}.\n",
        c.breaking,
        c.warning,
        c.info,
        match report.semver {
            diff::report::Semver::Major => "a semver-major release",
            diff::report::Semver::Minor => "a semver-minor release",
            diff::report::Semver::Patch => "a patch release",
            diff::report::Semver::None => "no release",
            diff::report::Semver::Unknown => "a release it could not judge",
        }
    );
    let headings = [
        ("Added", Action::Add, Some(ChangeKind::Added)),
        ("Changed", Action::Change, Some(ChangeKind::Changed)),
        ("Deprecated", Action::Deprecate, None),
        ("Removed", Action::Remove, Some(ChangeKind::Removed)),
    ];
    for (heading, action, rust_kind) in headings {
        let findings: Vec<&Finding> = report
            .api_changes
            .iter()
            .filter(|f| f.rule.action() == action)
            .collect();
        let rust: Vec<&RustChange> = report
            .rust_changes
            .iter()
            .filter(|c| Some(c.change) == rust_kind)
            .collect();
        if findings.is_empty() && rust.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {heading}\n\n"));
        out.push_str(&by_operation(&findings));
        out.push_str(&rust_items(&rust));
    }
    out
}

/// One bullet per operation, its findings below; operations with a breaking finding first.
fn by_operation(findings: &[&Finding]) -> String {
    let mut groups: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        groups
            .entry(finding.operation.as_deref().unwrap_or(""))
            .or_default()
            .push(finding);
    }
    let mut groups: Vec<(&str, Vec<&Finding>)> = groups.into_iter().collect();
    groups.sort_by_key(|(operation, findings)| (findings.iter().map(|f| f.level).min(), *operation));
    let mut out = String::new();
    for (operation, mut findings) in groups {
        findings.sort_by_key(|f| f.level);
        match operation {
            "" => out.push_str("- The whole API\n"),
            operation => out.push_str(&format!("- `{operation}`\n")),
        }
        for finding in findings {
            let level = match finding.level {
                Level::Breaking => "**Breaking:** ",
                Level::Warning => "**May break clients:** ",
                Level::Info => "",
            };
            out.push_str(&format!("  - {level}{} (`{}`)\n", finding.message, finding.rule));
        }
    }
    out
}

/// The Rust items at the top of the crate's API (client methods, types, builders) by name; the rest counted.
fn rust_items(changes: &[&RustChange]) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let top_level: Vec<String> = changes
        .iter()
        .filter(|c| c.path.depth() <= 2 && c.kind != diff::rust_api::Kind::Impl)
        .map(|c| format!("`{}`", c.item))
        .collect();
    let shown: Vec<&String> = top_level.iter().take(MAX_RUST_ITEMS).collect();
    let rest = changes.len() - shown.len();
    let mut out = String::from("- Rust API: ");
    if shown.is_empty() {
        out.push_str(&format!("{rest} items"));
    } else {
        out.push_str(&shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "));
        if rest > 0 {
            out.push_str(&format!(", and {rest} more items (fields, setters, impls)"));
        }
    }
    out.push('\n');
    out
}
