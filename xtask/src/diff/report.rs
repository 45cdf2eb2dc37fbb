//! One report of a spec revision: the verdict, the API findings, the Rust API changes, optionally the code diff;
//! rendered for a terminal, a pull-request comment (both in `render.rs`, which depends on this module and not back),
//! or a machine.
//!
//! The JSON form is this module's `Report` serialized; its fields are documented in README.md and only ever
//! added to (`format_version` changes when one is removed or changes meaning).

use serde::Serialize;

use super::api::Finding;
use super::rules::{Concern, Level, Rule};
use super::rust_api::{ChangeKind, RustChange};

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub format_version: u32,
    /// What was compared, e.g. `spec/x.yaml at HEAD`.
    pub base: String,
    pub head: String,
    pub verdict: Verdict,
    /// The semver bump the generated crate needs.
    pub semver: Semver,
    /// Why the bump is major although the Rust API did not break at compile time: API changes that leave every
    /// signature alone but make existing calls fail in `send()`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub semver_reasons: Vec<String>,
    pub counts: Counts,
    pub api_changes: Vec<Finding>,
    pub rust_changes: Vec<RustChange>,
    /// Why the Rust comparison was not made (a side the generator cannot take), naming the side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust_skipped: Option<String>,
    /// The operations left out of either side's generated code (`--partial`), each naming its side and reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rust_left_out: Vec<String>,
    /// How many operations were not generated for the Rust comparison because their generator inputs (the
    /// operation and all it reaches) are the same on both sides, so their code is too (`--partial`).
    #[serde(skip_serializing_if = "is_zero")]
    pub rust_unchanged_operations: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_diff: Option<String>,
    /// Entries of the accepted changes that accepted nothing: stale, or past their date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub acceptance_notes: Vec<String>,
    /// What keeps either side from being valid OpenAPI 3.0, located, once per side: such a side is compared as far
    /// as it goes, and not generated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub validity_problems: Vec<String>,
    /// Operations of our spec that the vendor's document no longer has (`cargo xtask drift`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_published: Vec<NotPublished>,
    /// Accepted findings not listed in `api_changes`: `cargo xtask drift` lists no accepted deviation.
    #[serde(skip_serializing_if = "is_zero")]
    pub unlisted_accepted: usize,
    /// Rust changes not listed because a type added or removed whole stands for them (`cargo xtask drift`): its
    /// fields, methods, variants, trait impls and builder.
    #[serde(skip_serializing_if = "is_zero")]
    pub rust_folded: usize,
    /// What the headline calls the report: `Spec review`, or `cargo xtask drift`'s title.
    #[serde(skip)]
    pub title: String,
    /// Every operation of either side, named as findings name them (for reports that list all of them: JUnit).
    #[serde(skip)]
    pub operations: std::collections::BTreeSet<String>,
    /// Whether the generated code differs at all (a semver-patch bump when nothing else does).
    #[serde(skip)]
    code_changed: bool,
}

/// An operation of our spec that the vendor's document no longer has, and why we keep it, when a deviation says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotPublished {
    /// As findings name operations: `GET /path`.
    pub operation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept: Option<String>,
}

impl std::fmt::Display for NotPublished {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kept {
            Some(reason) => write!(f, "{} (kept: {reason})", self.operation),
            None => f.write_str(&self.operation),
        }
    }
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// What the change does to the generated crate, when both sides can be generated.
pub enum RustImpact {
    Compared {
        changes: Vec<RustChange>,
        code_changed: bool,
        code_diff: Option<String>,
        /// Operations left out of either side, with their side and reason.
        left_out: Vec<String>,
        /// Operations not generated because their generator inputs are the same on both sides (`scope.rs`).
        unchanged_operations: usize,
    },
    /// Which side could not be generated, and the first reason, located.
    Skipped(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Some API finding is breaking, or the Rust API breaks callers.
    Breaking,
    /// Some API finding may break a client.
    Warning,
    /// Changes, all compatible.
    Compatible,
    Unchanged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    Major,
    Minor,
    Patch,
    None,
    /// The Rust comparison was skipped (see `rust_skipped`).
    Unknown,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Findings about clients per level; policy findings and accepted ones apart.
    pub breaking: usize,
    pub warning: usize,
    pub info: usize,
    /// Findings about the API's policy (deprecation and sunset discipline, versions) per level, not accepted.
    pub policy_breaking: usize,
    pub policy_warning: usize,
    pub policy_info: usize,
    pub accepted: usize,
    pub rust_removed: usize,
    pub rust_changed: usize,
    pub rust_added: usize,
    /// Rust changes that break callers, accepted or not (the semver bump counts them all).
    pub rust_breaking: usize,
    /// Of those, the ones whose findings were all accepted.
    pub rust_breaking_accepted: usize,
}

/// API changes after which an existing call still compiles but fails at run time. With progenitor's builder
/// interface every setter keeps its signature, but a call that never set a newly required value now fails in
/// `send()` (or in the body builder's conversion): a semver-major change of the crate.
const FAIL_AT_RUN_TIME: [Rule; 6] = [
    Rule::NewRequiredRequestParameter,
    Rule::RequestParameterBecameRequired,
    Rule::RequestBodyAddedRequired,
    Rule::RequestBodyBecameRequired,
    Rule::NewRequiredRequestProperty,
    Rule::RequestPropertyBecameRequired,
];

impl Report {
    pub fn new(base: String, head: String, api_changes: Vec<Finding>, rust: RustImpact) -> Report {
        let (rust_changes, code_changed, code_diff, rust_skipped, rust_left_out, rust_unchanged_operations) = match rust
        {
            RustImpact::Compared {
                changes,
                code_changed,
                code_diff,
                left_out,
                unchanged_operations,
            } => (changes, code_changed, code_diff, None, left_out, unchanged_operations),
            RustImpact::Skipped(why) => (Vec::new(), false, None, Some(why), Vec::new(), 0),
        };
        let mut report = Report {
            format_version: 2,
            base,
            head,
            verdict: Verdict::Unchanged,
            semver: Semver::None,
            semver_reasons: Vec::new(),
            counts: Counts::default(),
            api_changes,
            rust_changes,
            rust_skipped,
            rust_left_out,
            rust_unchanged_operations,
            code_diff,
            acceptance_notes: Vec::new(),
            validity_problems: Vec::new(),
            operations: Default::default(),
            not_published: Vec::new(),
            unlisted_accepted: 0,
            rust_folded: 0,
            title: "Spec review".into(),
            code_changed,
        };
        report.judge();
        report
    }

    /// Count, and decide the semver bump (from every change) and the verdict (from what was not accepted).
    pub(crate) fn judge(&mut self) {
        // A breaking Rust change is accepted when findings cause it and all of them are accepted.
        let mut causes = vec![(0_usize, 0_usize); self.rust_changes.len()];
        for finding in &self.api_changes {
            for &i in &finding.tied {
                if let Some((accepted, open)) = causes.get_mut(i) {
                    *if finding.accepted.is_some() { accepted } else { open } += 1;
                }
            }
        }
        for (change, (accepted, open)) in self.rust_changes.iter_mut().zip(causes) {
            change.accepted = change.breaking && accepted > 0 && open == 0;
        }
        let open = |f: &&Finding| f.accepted.is_none();
        let level_count = |concern, level| {
            self.api_changes
                .iter()
                .filter(open)
                .filter(|f| f.rule.concern() == concern && f.level == level)
                .count()
        };
        let rust_count = |kind| self.rust_changes.iter().filter(|c| c.change == kind).count();
        self.counts = Counts {
            breaking: level_count(Concern::Client, Level::Breaking),
            warning: level_count(Concern::Client, Level::Warning),
            info: level_count(Concern::Client, Level::Info),
            policy_breaking: level_count(Concern::Policy, Level::Breaking),
            policy_warning: level_count(Concern::Policy, Level::Warning),
            policy_info: level_count(Concern::Policy, Level::Info),
            accepted: self.api_changes.iter().filter(|f| f.accepted.is_some()).count(),
            rust_removed: rust_count(ChangeKind::Removed),
            rust_changed: rust_count(ChangeKind::Changed),
            rust_added: rust_count(ChangeKind::Added),
            rust_breaking: self.rust_changes.iter().filter(|c| c.breaking).count(),
            rust_breaking_accepted: self.rust_changes.iter().filter(|c| c.accepted).count(),
        };
        let skipped = self.rust_skipped.is_some();
        self.semver_reasons = self
            .api_changes
            .iter()
            .filter(|f| !skipped && FAIL_AT_RUN_TIME.contains(&f.rule))
            .map(|f| {
                format!(
                    "{} [{}]: {} — existing calls compile but fail in `send()` until they set it",
                    f.operation.as_deref().unwrap_or("(document)"),
                    f.rule,
                    f.message
                )
            })
            .collect();
        let c = &self.counts;
        self.semver = if skipped {
            Semver::Unknown
        } else if c.rust_breaking > 0 || !self.semver_reasons.is_empty() {
            Semver::Major
        } else if c.rust_added > 0 {
            Semver::Minor
        } else if self.code_changed {
            Semver::Patch
        } else {
            Semver::None
        };
        self.verdict = if c.breaking > 0 || c.rust_breaking > c.rust_breaking_accepted {
            Verdict::Breaking
        } else if c.warning > 0 {
            Verdict::Warning
        } else if c.info + c.policy_breaking + c.policy_warning + c.policy_info + c.accepted > 0
            || !matches!(self.semver, Semver::None | Semver::Unknown)
        {
            Verdict::Compatible
        } else {
            Verdict::Unchanged
        };
    }

    pub(crate) fn headline(&self) -> String {
        let c = &self.counts;
        let verdict = match self.verdict {
            Verdict::Breaking => "❌ breaking",
            Verdict::Warning => "⚠️ may break clients",
            Verdict::Compatible => "✅ compatible",
            Verdict::Unchanged => "✅ no changes",
        };
        let semver = match self.semver {
            Semver::Major => "semver-major bump (breaking)",
            Semver::Minor => "semver-minor bump",
            Semver::Patch => "semver-patch bump",
            Semver::None => "unchanged",
            Semver::Unknown => "not compared",
        };
        let rust = match &self.rust_skipped {
            Some(_) => format!("Rust API: {semver} (a side cannot be generated, see below)"),
            None => format!(
                "Rust API: {semver} ({} removed, {} changed, {} added)",
                c.rust_removed, c.rust_changed, c.rust_added
            ),
        };
        let accepted = match (c.accepted, self.unlisted_accepted) {
            (0, 0) => String::new(),
            (n, 0) => format!(" ({n} accepted)"),
            (n, unlisted) => format!(" ({} accepted, {unlisted} of them not listed)", n + unlisted),
        };
        let policy = match c.policy_breaking + c.policy_warning + c.policy_info {
            0 => String::new(),
            _ => format!(
                "; policy: {} breaking, {} warning, {} info",
                c.policy_breaking, c.policy_warning, c.policy_info
            ),
        };
        format!(
            "{}: {verdict} — API: {} breaking, {} warning, {} info{accepted}{policy}; {rust}",
            self.title, c.breaking, c.warning, c.info
        )
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
    }
}
