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
//!
//! The same file keeps the deliberate deviations of our spec from the vendor's document, for `cargo xtask drift`
//! (a table of its own: a deviation is no change, and a review must not call it stale). One names a finding by
//! fingerprint, or a rule — in every operation or in one — for a deviation the spec makes everywhere, or an
//! operation of ours the vendor no longer publishes (by `operation` alone):
//!
//! ```toml
//! [[deviation]]
//! rule = "response-optional-property-became-read-only"
//! reason = "our response schemas are never sent, so they carry no readOnly"
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::api::{Accepted, Finding, Rule};
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

/// A deliberate deviation of our spec from the vendor's document: the drift findings it quiets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    pub matches: Matcher,
    pub reason: String,
    pub until: Option<NaiveDate>,
    /// Where the entry is: the file and its line.
    pub at: String,
}

/// Which findings a [`Deviation`] names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    Fingerprint(String),
    /// Every finding of the rule, or only those of one operation (`GET /path`, as findings name it).
    Rule {
        rule: Rule,
        operation: Option<String>,
    },
    /// An operation of ours the vendor no longer publishes, kept on purpose.
    NotPublished(String),
}

impl Matcher {
    fn matches(&self, finding: &Finding) -> bool {
        match self {
            Matcher::Fingerprint(fingerprint) => &finding.fingerprint == fingerprint,
            Matcher::Rule { rule, operation } => {
                finding.rule == *rule && operation.as_ref().is_none_or(|o| finding.operation.as_ref() == Some(o))
            }
            Matcher::NotPublished(_) => false,
        }
    }
}

impl std::fmt::Display for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Matcher::Fingerprint(fingerprint) => f.write_str(fingerprint),
            Matcher::Rule { rule, operation: None } => write!(f, "rule {rule}"),
            Matcher::Rule {
                rule,
                operation: Some(operation),
            } => write!(f, "rule {rule} in {operation}"),
            Matcher::NotPublished(operation) => write!(f, "for {operation} (not published)"),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    accepted: Vec<toml::Spanned<Entry>>,
    #[serde(default)]
    deviation: Vec<toml::Spanned<DeviationEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeviationEntry {
    fingerprint: Option<String>,
    rule: Option<String>,
    operation: Option<String>,
    reason: String,
    until: Option<String>,
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
    parse_both(path, text).map(|(accepted, _)| accepted)
}

/// The deviations of the accepted changes file at `path`; none when there is no such file.
pub fn read_deviations(path: &Path) -> Result<Vec<Deviation>, TomlFileError> {
    match toml_file::read(path, false)? {
        Some(text) => parse_both(path, &text).map(|(_, deviations)| deviations),
        None => Ok(Vec::new()),
    }
}

/// Both tables of the file, each entry checked (a wrong entry of either table makes the file wrong).
fn parse_both(path: &Path, text: &str) -> Result<(Vec<Acceptance>, Vec<Deviation>), TomlFileError> {
    let invalid = |line: usize, message: String| toml_file::invalid(path, Some(line), message);
    let file: File = toml_file::parse(path, text)?;
    let at = |line: usize| format!("{}:{line}", path.display());
    let mut accepted = Vec::new();
    for spanned in file.accepted {
        let line = toml_file::line_of(text, spanned.span().start);
        let entry = spanned.into_inner();
        let reason = reason(entry.reason).ok_or_else(|| invalid(line, "an accepted change needs a reason".into()))?;
        accepted.push(Acceptance {
            fingerprint: fingerprint(&entry.fingerprint).map_err(|message| invalid(line, message))?,
            reason,
            until: until(entry.until).map_err(|message| invalid(line, message))?,
            at: at(line),
        });
    }
    let mut deviations = Vec::new();
    for spanned in file.deviation {
        let line = toml_file::line_of(text, spanned.span().start);
        let entry = spanned.into_inner();
        let matches = match (entry.fingerprint, entry.rule, entry.operation) {
            (Some(text), None, None) => Matcher::Fingerprint(fingerprint(&text).map_err(|m| invalid(line, m))?),
            (None, None, Some(operation)) => Matcher::NotPublished(operation),
            (None, Some(id), operation) => Matcher::Rule {
                rule: Rule::from_id(&id).ok_or_else(|| {
                    invalid(
                        line,
                        format!("no rule `{id}` (`cargo xtask diff --list-rules` lists them)"),
                    )
                })?,
                operation,
            },
            _ => {
                return Err(invalid(
                    line,
                    "a deviation names a `fingerprint`, a `rule` (in one `operation` or all), or only the `operation` \
                     the vendor no longer publishes"
                        .into(),
                ));
            }
        };
        deviations.push(Deviation {
            matches,
            reason: reason(entry.reason).ok_or_else(|| invalid(line, "a deviation needs a reason".into()))?,
            until: until(entry.until).map_err(|message| invalid(line, message))?,
            at: at(line),
        });
    }
    Ok((accepted, deviations))
}

fn fingerprint(text: &str) -> Result<String, String> {
    if text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(format!(
            "`{text}` is not a fingerprint (16 hex digits, as the JSON report's `fingerprint`)"
        ))
    }
}

fn reason(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

fn until(date: Option<String>) -> Result<Option<NaiveDate>, String> {
    date.map(|date| {
        NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .map_err(|_| format!("`until` is not a date (YYYY-MM-DD): `{date}`"))
    })
    .transpose()
}

/// Mark the findings `deviations` name as accepted (an entry past its date accepts nothing), judge the report
/// again, and list the entries that matched nothing: the vendor now says what our spec says, or no longer says it.
pub fn apply_deviations(report: &mut Report, deviations: &[Deviation], today: NaiveDate) {
    let mut notes = Vec::new();
    for deviation in deviations {
        if let Some(until) = deviation.until
            && until < today
        {
            notes.push(format!(
                "{}: the deviation {} expired on {until}: {}",
                deviation.at, deviation.matches, deviation.reason
            ));
            continue;
        }
        let mut matched = false;
        if let Matcher::NotPublished(operation) = &deviation.matches {
            for gone in report
                .not_published
                .iter_mut()
                .filter(|gone| &gone.operation == operation)
            {
                gone.kept = Some(deviation.reason.clone());
                matched = true;
            }
        }
        for finding in report.api_changes.iter_mut().filter(|f| deviation.matches.matches(f)) {
            finding.accepted.get_or_insert_with(|| Accepted {
                reason: deviation.reason.clone(),
                until: deviation.until,
            });
            matched = true;
        }
        if !matched {
            notes.push(format!(
                "{}: the deviation {} matches no finding (stale: remove it): {}",
                deviation.at, deviation.matches, deviation.reason
            ));
        }
    }
    report.acceptance_notes.extend(notes);
    report.judge();
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
