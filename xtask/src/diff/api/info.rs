//! The document's `info.version` against what the comparison found: oasdiff's versioning policy, one statement —
//! a breaking change needs a major version increase (a minor one below 1.0.0, as Cargo and semver have it). Said
//! only when both versions are semantic versions: a spec versioned by date is not guessed at.

use super::{Change, Context, Level, Rule};

/// The numbers of a semantic version, with an optional leading `v`; pre-release and build metadata ignored.
fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let version = semver::Version::parse(version.strip_prefix('v').unwrap_or(version)).ok()?;
    Some((version.major, version.minor, version.patch))
}

impl Context<'_> {
    /// Runs after every other check: its input is their findings.
    pub(super) fn versioning(&mut self) {
        if !self.findings.iter().any(|f| f.level == Level::Breaking) {
            return;
        }
        let version =
            |doc: &serde_json::Value| doc.pointer("/info/version").and_then(|v| v.as_str()).map(str::to_owned);
        let (Some(was), Some(is)) = (version(self.base), version(self.head)) else {
            return;
        };
        let (Some(base), Some(head)) = (parse(&was), parse(&is)) else {
            return;
        };
        let major_bumped = match (base, head) {
            ((0, base_minor, _), (0, head_minor, _)) => head_minor > base_minor,
            ((base_major, ..), (head_major, ..)) => head_major > base_major,
        };
        let (rule, message) = if was == is {
            (
                Rule::ApiVersionNotBumped,
                format!("breaking changes, and the version is still {is}"),
            )
        } else if head <= base {
            (
                Rule::ApiVersionDecreased,
                format!("breaking changes, and the version went from {was} down to {is}"),
            )
        } else if !major_bumped {
            let needed = if base.0 == 0 { "minor (below 1.0.0)" } else { "major" };
            (
                Rule::ApiMajorVersionNotBumped,
                format!("breaking changes, and the version went from {was} to {is}: not a {needed} bump"),
            )
        } else {
            return;
        };
        self.push(Change::new(rule, "/info/version", message).values(Some(was), Some(is)));
    }
}
