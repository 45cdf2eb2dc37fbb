//! `cargo xtask release-check`: is the version of `generated-client` bumped enough for what the spec change does
//! to its Rust API? `cargo xtask diff` says which bump the crate needs; this compares it with the bump made.
//!
//! Cargo's rules: from 1.0, a breaking change bumps the major version, an addition the minor, a fix the patch;
//! below 1.0 everything moves one place right (0.x: a breaking change bumps the minor, anything else the patch;
//! 0.0.x: every release is breaking).

use std::path::{Path, PathBuf};

use semver::Version;

use crate::diff::report::{Report, Semver};
use crate::diff::{self, DiffError, Source, revisions};

/// The crate whose version is judged, relative to the workspace root.
pub const CRATE_MANIFEST: &str = "generated-client/Cargo.toml";

#[derive(Debug, thiserror::Error)]
pub enum ReleaseCheckError {
    #[error(transparent)]
    Diff(#[from] DiffError),
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{at}: {manifest} has no valid `package.version`: {detail}")]
    Version {
        at: String,
        manifest: String,
        detail: String,
    },
}

/// How far a version moved, in what it allows: a `Breaking` bump may carry anything, an `Additive` one additions
/// and fixes, a `Fix` only fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Fix,
    Additive,
    Breaking,
}

impl Bump {
    /// What the move from `old` to `new` allows under Cargo's rules; `None` also when the version went down.
    pub fn between(old: &Version, new: &Version) -> Bump {
        let triple = |v: &Version| (v.major, v.minor, v.patch);
        if triple(new) <= triple(old) {
            return Bump::None;
        }
        match (old.major, old.minor) {
            (0, 0) => Bump::Breaking,
            (0, _) if new.major > 0 || new.minor > old.minor => Bump::Breaking,
            (0, _) => Bump::Additive,
            _ if new.major > old.major => Bump::Breaking,
            _ if new.minor > old.minor => Bump::Additive,
            _ => Bump::Fix,
        }
    }

    /// What the report's verdict on the Rust API requires.
    fn required_by(semver: Semver) -> Option<Bump> {
        match semver {
            Semver::Major => Some(Bump::Breaking),
            Semver::Minor => Some(Bump::Additive),
            Semver::Patch => Some(Bump::Fix),
            Semver::None => Some(Bump::None),
            Semver::Unknown => None,
        }
    }

    /// The smallest version after `old` that allows this bump.
    pub fn next(self, old: &Version) -> Version {
        let (major, minor, patch) = (old.major, old.minor, old.patch);
        let (major, minor, patch) = match (self, major, minor) {
            (Bump::None, ..) => (major, minor, patch),
            (_, 0, 0) => (0, 0, patch + 1),
            (Bump::Breaking, 0, _) => (0, minor + 1, 0),
            (_, 0, _) => (0, minor, patch + 1),
            (Bump::Breaking, ..) => (major + 1, 0, 0),
            (Bump::Additive, ..) => (major, minor + 1, 0),
            (Bump::Fix, ..) => (major, minor, patch + 1),
        };
        Version::new(major, minor, patch)
    }

    fn as_str(self) -> &'static str {
        match self {
            Bump::None => "no",
            Bump::Fix => "a fix",
            Bump::Additive => "an additive",
            Bump::Breaking => "a breaking",
        }
    }
}

/// How many of the changes that need the bump are listed; the review has them all.
const MAX_REASONS: usize = 20;

/// The gate's answer.
#[derive(Debug)]
pub struct Verdict {
    /// The revision the bump is judged from.
    pub base: String,
    pub old: Version,
    pub new: Version,
    /// `None` when the Rust comparison was skipped (see the report).
    pub required: Option<Bump>,
    pub made: Bump,
    pub report: Report,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.required.is_some_and(|required| self.made >= required) && self.new >= self.old
    }

    /// What to tell the maintainer: the versions, the bump needed and why.
    pub fn explain(&self) -> String {
        let (old, new) = (&self.old, &self.new);
        let Some(required) = self.required else {
            let why = self.report.rust_skipped.as_deref().unwrap_or("unknown");
            return format!(
                "generated-client {old} → {new}: the bump cannot be judged, the Rust API was not compared ({why})"
            );
        };
        if new < old {
            return format!("generated-client {old} → {new}: the version went down");
        }
        if self.passed() {
            return format!(
                "generated-client {old} → {new}: enough for the change ({} change needs {} bump)",
                semver_name(self.report.semver),
                required.as_str()
            );
        }
        let mut out = format!(
            "generated-client {old} → {new} is not enough: the change needs {} bump, at least {old} → {} \
             ({} of the Rust API), because:\n",
            required.as_str(),
            required.next(old),
            semver_name(self.report.semver),
        );
        let reasons = self.reasons(required);
        for reason in reasons.iter().take(MAX_REASONS) {
            out.push_str(&format!("  - {reason}\n"));
        }
        if reasons.len() > MAX_REASONS {
            out.push_str(&format!(
                "  … and {} more (`cargo xtask diff --base {}` lists them all)\n",
                reasons.len() - MAX_REASONS,
                self.base
            ));
        }
        out
    }

    /// The findings that require `required`.
    fn reasons(&self, required: Bump) -> Vec<String> {
        let rust = &self.report.rust_changes;
        let items: Vec<String> = match required {
            Bump::Breaking => rust
                .iter()
                .filter(|c| c.breaking)
                .map(|c| format!("{} {} `{}` breaks callers", c.change.as_str(), c.kind.as_str(), c.item))
                .chain(self.report.semver_reasons.iter().cloned())
                .collect(),
            Bump::Additive => rust
                .iter()
                .filter(|c| c.change == diff::rust_api::ChangeKind::Added)
                .map(|c| format!("adds {} `{}`", c.kind.as_str(), c.item))
                .collect(),
            Bump::Fix => vec!["the generated code changed".to_owned()],
            Bump::None => Vec::new(),
        };
        items
    }
}

fn semver_name(semver: Semver) -> &'static str {
    match semver {
        Semver::Major => "semver-major",
        Semver::Minor => "semver-minor",
        Semver::Patch => "semver-patch",
        Semver::None => "no",
        Semver::Unknown => "an unknown",
    }
}

/// Judge the bump of `generated-client` between `base` (a revision) and `head` (a revision, or the working tree).
pub fn run(repo: &Path, spec_path: &str, base: &str, head: Option<&str>) -> Result<Verdict, ReleaseCheckError> {
    let old = version_at(repo, Some(base))?;
    let new = version_at(repo, head)?;
    let head_source = head.map_or(Source::WorkTree, |rev| Source::Revision(rev.to_owned()));
    let report = diff::run(repo, spec_path, &Source::Revision(base.to_owned()), &head_source, false)?;
    Ok(Verdict {
        base: base.to_owned(),
        made: Bump::between(&old, &new),
        required: Bump::required_by(report.semver),
        old,
        new,
        report,
    })
}

/// The version in generated-client/Cargo.toml at `rev`, or in the working tree.
pub(crate) fn version_at(repo: &Path, rev: Option<&str>) -> Result<Version, ReleaseCheckError> {
    let (at, text) = match rev {
        Some(rev) => (
            rev.to_owned(),
            revisions::read_at_revision(rev, repo, CRATE_MANIFEST, rev)?,
        ),
        None => {
            let path = repo.join(CRATE_MANIFEST);
            let text = std::fs::read_to_string(&path).map_err(|source| ReleaseCheckError::Read { path, source })?;
            ("the working tree".to_owned(), text)
        }
    };
    let invalid = |detail: String| ReleaseCheckError::Version {
        at: at.clone(),
        manifest: CRATE_MANIFEST.to_owned(),
        detail,
    };
    let manifest: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| invalid(e.message().to_owned()))?;
    let version = manifest
        .get("package")
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
        .ok_or_else(|| invalid("missing".to_owned()))?;
    Version::parse(version).map_err(|e| invalid(format!("`{version}`: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn bumps_follow_cargo_rules_below_and_above_one() {
        assert_eq!(Bump::between(&v("0.1.0"), &v("0.2.0")), Bump::Breaking);
        assert_eq!(Bump::between(&v("0.1.0"), &v("0.1.1")), Bump::Additive);
        assert_eq!(Bump::between(&v("0.1.3"), &v("1.0.0")), Bump::Breaking);
        assert_eq!(Bump::between(&v("0.0.1"), &v("0.0.2")), Bump::Breaking);
        assert_eq!(Bump::between(&v("1.2.3"), &v("2.0.0")), Bump::Breaking);
        assert_eq!(Bump::between(&v("1.2.3"), &v("1.3.0")), Bump::Additive);
        assert_eq!(Bump::between(&v("1.2.3"), &v("1.2.4")), Bump::Fix);
        assert_eq!(Bump::between(&v("1.2.3"), &v("1.2.3")), Bump::None);
        assert_eq!(Bump::between(&v("1.2.3"), &v("1.2.2")), Bump::None);
    }

    #[test]
    fn the_next_version_is_the_smallest_that_allows_the_bump() {
        assert_eq!(Bump::Breaking.next(&v("0.1.4")), v("0.2.0"));
        assert_eq!(Bump::Additive.next(&v("0.1.4")), v("0.1.5"));
        assert_eq!(Bump::Fix.next(&v("0.1.4")), v("0.1.5"));
        assert_eq!(Bump::Breaking.next(&v("0.0.4")), v("0.0.5"));
        assert_eq!(Bump::Breaking.next(&v("1.2.3")), v("2.0.0"));
        assert_eq!(Bump::Additive.next(&v("1.2.3")), v("1.3.0"));
        assert_eq!(Bump::Fix.next(&v("1.2.3")), v("1.2.4"));
        for old in ["0.0.4", "0.1.4", "1.2.3"] {
            for bump in [Bump::Fix, Bump::Additive, Bump::Breaking] {
                assert!(Bump::between(&v(old), &bump.next(&v(old))) >= bump, "{old} {bump:?}");
            }
        }
    }
}
