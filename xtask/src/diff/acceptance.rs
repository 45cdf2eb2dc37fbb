//! Accepted changes: a file in the repository lists findings a team reviewed and accepted, by fingerprint, each
//! with a reason and optionally until when. An accepted finding is still reported — marked accepted and counted
//! apart — but no longer makes the verdict, so it no longer meets `--fail-on`; the semver bump (and so
//! `release-check`) still sees it. An entry that matches no finding, or whose date has passed, is reported.
//!
//! ```toml
//! [[accepted]]
//! fingerprint = "3f9c0e1d2b4a6f70"
//! reason = "serverless instances were sunset on 2026-01-22; their restore jobs go with them"
//! until = "2027-01-01"
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::api::Accepted;
use super::report::Report;
use super::toml_file::{self, TomlFileError};

/// Where the accepted changes are kept unless the configuration says otherwise (relative to the repository).
pub const DEFAULT_FILE: &str = "spec/accepted-changes.toml";

/// One entry of the accepted changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    pub fingerprint: String,
    pub reason: String,
    pub until: Option<NaiveDate>,
    /// Where the entry is: the file and its line.
    pub at: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    accepted: Vec<toml::Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    reason: String,
    until: Option<String>,
}

/// The entries of the accepted changes file at `path`; none when there is no such file.
pub fn read(path: &Path) -> Result<Vec<Acceptance>, TomlFileError> {
    match toml_file::read(path, false)? {
        Some(text) => parse(path, &text),
        None => Ok(Vec::new()),
    }
}

/// The entries of an accepted changes file's text; `path` names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Acceptance>, TomlFileError> {
    let invalid = |line: Option<usize>, message: String| toml_file::invalid(path, line, message);
    let file: File = toml_file::parse(path, text)?;
    let mut entries = Vec::new();
    for spanned in file.accepted {
        let line = toml_file::line_of(text, spanned.span().start);
        let entry = spanned.into_inner();
        let is_fingerprint = entry.fingerprint.len() == 16 && entry.fingerprint.bytes().all(|b| b.is_ascii_hexdigit());
        if !is_fingerprint {
            return Err(invalid(
                Some(line),
                format!(
                    "`{}` is not a fingerprint (16 hex digits, as the JSON report's `fingerprint`)",
                    entry.fingerprint
                ),
            ));
        }
        if entry.reason.trim().is_empty() {
            return Err(invalid(Some(line), "an accepted change needs a reason".into()));
        }
        let until = entry
            .until
            .map(|date| {
                NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                    .map_err(|_| invalid(Some(line), format!("`until` is not a date (YYYY-MM-DD): `{date}`")))
            })
            .transpose()?;
        entries.push(Acceptance {
            fingerprint: entry.fingerprint.to_ascii_lowercase(),
            reason: entry.reason,
            until,
            at: format!("{}:{line}", path.display()),
        });
    }
    Ok(entries)
}

/// Mark the findings `acceptances` name as accepted (an entry past its date accepts nothing), judge the report
/// again without them, and list the entries that accepted nothing.
pub fn apply(report: &mut Report, acceptances: &[Acceptance], today: NaiveDate) {
    let mut notes = Vec::new();
    for acceptance in acceptances {
        if let Some(until) = acceptance.until
            && until < today
        {
            notes.push(format!(
                "{}: the acceptance of {} expired on {until}: {}",
                acceptance.at, acceptance.fingerprint, acceptance.reason
            ));
            continue;
        }
        let mut matched = false;
        for finding in report
            .api_changes
            .iter_mut()
            .filter(|f| f.fingerprint == acceptance.fingerprint)
        {
            finding.accepted = Some(Accepted {
                reason: acceptance.reason.clone(),
                until: acceptance.until,
            });
            matched = true;
        }
        if !matched {
            notes.push(format!(
                "{}: {} matches no finding (stale: remove it): {}",
                acceptance.at, acceptance.fingerprint, acceptance.reason
            ));
        }
    }
    report.acceptance_notes = notes;
    report.judge();
}
