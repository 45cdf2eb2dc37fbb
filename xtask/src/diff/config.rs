//! The review's configuration: `.spec-review.toml` at the repository root, or `--config FILE`; flags given on the
//! command line win. Unknown keys and unknown rule ids are errors that name the file and line.
//!
//! ```toml
//! fail-on = "breaking"                      # or "warning"
//! accepted = "spec/accepted-changes.toml"   # the accepted changes (acceptance.rs)
//! sunset-min-days = 180                     # how far away a new sunset date must be
//!
//! [levels]                                  # a rule's level: breaking, warning, info, or off
//! response-property-enum-value-added = "info"
//! api-deprecated-sunset-missing = "off"
//!
//! [paths]                                   # operations compared, by path (a path, or one under it)
//! include = ["/api/atlas/v2/groups/{groupId}/flexClusters"]
//! exclude = ["/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/snapshots"]
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::api::Finding;
use super::rules::{Level, Rule};
use super::toml_file::{self, TomlFileError};

/// Where the configuration is looked for, relative to the repository.
pub const DEFAULT_FILE: &str = ".spec-review.toml";

/// The review's settings, as read; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub fail_on: Option<FailOn>,
    /// The accepted changes file, relative to the repository.
    pub accepted: Option<String>,
    pub sunset_min_days: Option<i64>,
    /// Rule levels, overriding the registry's (`None`: the rule is off).
    pub levels: BTreeMap<Rule, Option<Level>>,
    pub include_paths: Vec<String>,
    pub exclude_paths: Vec<String>,
}

/// What makes `--fail-on` fail (accepted findings never do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// A change that breaks clients (an API finding or the Rust API).
    Breaking,
    /// One that breaks or may break clients.
    Warning,
    /// One that breaks clients, or a breaking-level policy finding (a deprecation without a sunset, a sunset too
    /// soon, …).
    Policy,
}

impl FailOn {
    /// Whether `report` meets it.
    pub fn is_met(self, report: &super::report::Report) -> bool {
        use super::report::Verdict;
        match self {
            FailOn::Breaking => report.verdict == Verdict::Breaking,
            FailOn::Warning => matches!(report.verdict, Verdict::Breaking | Verdict::Warning),
            FailOn::Policy => report.verdict == Verdict::Breaking || report.counts.policy_breaking > 0,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    fail_on: Option<FailOn>,
    accepted: Option<String>,
    sunset_min_days: Option<i64>,
    #[serde(default)]
    levels: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    paths: Paths,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Paths {
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

/// The configuration at `path`; with `required` false, a missing file is the default configuration.
pub fn read(path: &Path, required: bool) -> Result<Config, TomlFileError> {
    match toml_file::read(path, required)? {
        Some(text) => parse(path, &text),
        None => Ok(Config::default()),
    }
}

/// The configuration in `text`; `path` names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Config, TomlFileError> {
    let line_of = |offset: usize| toml_file::line_of(text, offset);
    let invalid = |line: Option<usize>, message: String| toml_file::invalid(path, line, message);
    let file: File = toml_file::parse(path, text)?;
    let mut levels = BTreeMap::new();
    for (id, level) in &file.levels {
        let rule = Rule::from_id(id.get_ref()).ok_or_else(|| {
            invalid(
                Some(line_of(id.span().start)),
                format!(
                    "`{}` is not a rule (`cargo xtask diff --list-rules` lists them)",
                    id.get_ref()
                ),
            )
        })?;
        let level = match level.get_ref().as_str() {
            "breaking" => Some(Level::Breaking),
            "warning" => Some(Level::Warning),
            "info" => Some(Level::Info),
            "off" => None,
            other => {
                return Err(invalid(
                    Some(line_of(level.span().start)),
                    format!("`{other}` is not a level: breaking, warning, info or off"),
                ));
            }
        };
        levels.insert(rule, level);
    }
    if let Some(days) = file.sunset_min_days
        && !(0..=36_500).contains(&days)
    {
        return Err(invalid(None, format!("sunset-min-days {days} is not 0 to 36500")));
    }
    for path in file.paths.include.iter().chain(&file.paths.exclude) {
        if !path.starts_with('/') {
            return Err(invalid(
                None,
                format!("paths: `{path}` is not a path (it starts with `/`)"),
            ));
        }
    }
    Ok(Config {
        fail_on: file.fail_on,
        accepted: file.accepted,
        sunset_min_days: file.sunset_min_days,
        levels,
        include_paths: file.paths.include,
        exclude_paths: file.paths.exclude,
    })
}

impl Config {
    /// What [`Config::filter_paths`] keeps and leaves out, as text (a part of the review cache's key).
    pub fn path_filter(&self) -> String {
        format!("include {:?} exclude {:?}", self.include_paths, self.exclude_paths)
    }

    /// Remove from `raw` (a side's document) the paths the configuration leaves out of the review.
    pub fn filter_paths(&self, raw: &mut Value) {
        if self.include_paths.is_empty() && self.exclude_paths.is_empty() {
            return;
        }
        let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) else {
            return;
        };
        paths.retain(|path, _| {
            (self.include_paths.is_empty() || self.include_paths.iter().any(|p| is_under(path, p)))
                && !self.exclude_paths.iter().any(|p| is_under(path, p))
        });
    }

    /// Give each finding its configured level; drop those of rules turned off.
    pub fn apply_levels(&self, findings: &mut Vec<Finding>) {
        if self.levels.is_empty() {
            return;
        }
        findings.retain_mut(|finding| match self.levels.get(&finding.rule) {
            Some(Some(level)) => {
                finding.level = *level;
                true
            }
            Some(None) => false,
            None => true,
        });
    }
}

/// `path` is `under` or a path below it (`/a/b` is under `/a`, `/ab` is not).
fn is_under(path: &str, under: &str) -> bool {
    let under = under.trim_end_matches('/');
    path == under || path.strip_prefix(under).is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configuration_is_read_with_its_rules_levels_and_paths() {
        let config = parse(
            Path::new(".spec-review.toml"),
            "fail-on = \"warning\"\nsunset-min-days = 90\n[levels]\nendpoint-added = \"breaking\"\n\
             api-deprecated-sunset-missing = \"off\"\n[paths]\ninclude = [\"/a\"]\nexclude = [\"/a/b\"]\n",
        )
        .unwrap();
        assert_eq!(config.fail_on, Some(FailOn::Warning));
        assert_eq!(config.sunset_min_days, Some(90));
        assert_eq!(
            config.levels[&Rule::from_id("endpoint-added").unwrap()],
            Some(Level::Breaking)
        );
        assert_eq!(
            config.levels[&Rule::from_id("api-deprecated-sunset-missing").unwrap()],
            None
        );
        let mut raw = serde_json::json!({"paths": {"/a": {}, "/a/b": {}, "/a/c": {}, "/ab": {}, "/z": {}}});
        config.filter_paths(&mut raw);
        let kept: Vec<&String> = raw["paths"].as_object().unwrap().keys().collect();
        assert_eq!(kept, ["/a", "/a/c"]);
    }

    #[test]
    fn unknown_keys_rule_ids_and_levels_are_errors_at_their_line() {
        let error = |text: &str| parse(Path::new("cfg.toml"), text).unwrap_err().to_string();
        assert!(
            error("fail-on = \"breaking\"\nfail_on = 1\n").starts_with("cfg.toml:2: unknown field `fail_on`"),
            "{}",
            error("fail-on = \"breaking\"\nfail_on = 1\n")
        );
        assert_eq!(
            error("[levels]\n\nno-such-rule = \"info\"\n"),
            "cfg.toml:3: `no-such-rule` is not a rule (`cargo xtask diff --list-rules` lists them)"
        );
        assert_eq!(
            error("[levels]\nendpoint-added = \"fatal\"\n"),
            "cfg.toml:2: `fatal` is not a level: breaking, warning, info or off"
        );
        assert!(error("[paths]\ninclude = [\"a\"]\n").contains("is not a path"));
        assert!(error("fail-on = \"sometimes\"\n").starts_with("cfg.toml:1: unknown variant `sometimes`"));
    }
}
