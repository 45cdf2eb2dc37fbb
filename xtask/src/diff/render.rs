//! A [`Report`] as text for a terminal and as markdown for a pull-request comment.
//!
//! Both stay readable for hundreds of findings: findings are grouped by operation, breaking ones first. The
//! markdown always fits a GitHub comment (65,536 characters): the verdict and counts first, every breaking finding
//! in full, then as much of the rest as fits, collapsed, and a line saying what was left out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::api::Finding;
use super::report::Report;
use super::rules::{Concern, Level};

/// GitHub refuses a comment longer than this many characters; byte lengths are counted, which is stricter.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// The report for a pull-request comment: always within [`GITHUB_COMMENT_LIMIT`].
pub fn comment(report: &Report) -> String {
    markdown(report, GITHUB_COMMENT_LIMIT)
}

/// Room kept for the closing line that says what was left out.
const CLOSING_ROOM: usize = 400;

/// Findings by operation (document-wide ones first, as `None`), each group with its most severe findings first.
fn by_operation(findings: &[Finding]) -> BTreeMap<Option<&str>, Vec<&Finding>> {
    let mut groups: BTreeMap<Option<&str>, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        groups.entry(finding.operation.as_deref()).or_default().push(finding);
    }
    for group in groups.values_mut() {
        group.sort_by_key(|f| severity(f.level));
    }
    groups
}

/// A finding that makes the verdict breaking: about clients, breaking, not accepted.
fn breaks_clients(f: &Finding) -> bool {
    f.level == Level::Breaking && f.rule.concern() == Concern::Client && f.accepted.is_none()
}

/// The level as shown: `breaking`, or `breaking (policy)` for a policy rule's.
fn label(f: &Finding) -> String {
    match f.rule.concern() {
        Concern::Policy => format!("{} (policy)", f.level.as_str()),
        Concern::Client => f.level.as_str().to_owned(),
    }
}

fn severity(level: Level) -> u8 {
    match level {
        Level::Breaking => 0,
        Level::Warning => 1,
        Level::Info => 2,
    }
}

/// "2 breaking, 1 info".
fn level_counts(findings: &[&Finding]) -> String {
    let count = |level| findings.iter().filter(|f| f.level == level).count();
    [Level::Breaking, Level::Warning, Level::Info]
        .into_iter()
        .map(|level| (count(level), level.as_str()))
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The line that says how many Rust changes a whole type's line stands for.
fn folded(count: usize) -> String {
    format!("({count} more: the fields, methods, variants, trait impls and builders of types added or removed whole)")
}

/// The heading of [`Report::not_published`].
const NOT_PUBLISHED: &str = "Operations of our spec that the vendor's document no longer has";

fn not_published(report: &Report) -> Vec<String> {
    report.not_published.iter().map(ToString::to_string).collect()
}

pub fn text(report: &Report) -> String {
    let mut out = format!("{}\n{} → {}\n", report.headline(), report.base, report.head);
    if !report.api_changes.is_empty() {
        out.push_str("\nAPI changes:\n");
        for (operation, findings) in by_operation(&report.api_changes) {
            let _ = writeln!(
                out,
                "  {} — {}",
                operation.unwrap_or("(document)"),
                level_counts(&findings)
            );
            for f in findings {
                let _ = writeln!(out, "    {:<8} [{}] {}", label(f), f.rule, f.message);
                let _ = writeln!(out, "             at {}", f.location);
                if let Some(lines) = lines(f) {
                    let _ = writeln!(out, "             {lines}");
                }
                if let Some(why) = &f.client_break {
                    let _ = writeln!(out, "             client: {why}");
                }
                if let Some(accepted) = &f.accepted {
                    let _ = writeln!(out, "             accepted: {}", accepted.reason);
                }
                for item in &f.rust_items {
                    let _ = writeln!(out, "             Rust: {item}");
                }
            }
        }
    }
    list(&mut out, NOT_PUBLISHED, &not_published(report));
    list(
        &mut out,
        "Not valid OpenAPI 3.0, compared as far as it goes",
        &report.validity_problems,
    );
    list(
        &mut out,
        "Accepted changes that accepted nothing",
        &report.acceptance_notes,
    );
    if let Some(why) = &report.rust_skipped {
        let _ = writeln!(
            out,
            "\nRust API of generated-client: skipped, the generator cannot take the {why}"
        );
    }
    list(
        &mut out,
        "Left out of the generated code, so of the Rust comparison",
        &report.rust_left_out,
    );
    if report.rust_unchanged_operations > 0 {
        let _ = writeln!(out, "\n{}", unchanged_operations(report));
    }
    list(
        &mut out,
        "Semver-major although every signature stays",
        &report.semver_reasons,
    );
    if !report.rust_changes.is_empty() {
        out.push_str("\nRust API of generated-client:\n");
        for c in &report.rust_changes {
            let marker = if c.breaking { "BREAKS" } else { "ok" };
            let _ = writeln!(
                out,
                "  {:<7} {:<8} {} {}",
                c.change.as_str(),
                c.kind.as_str(),
                c.item,
                marker
            );
            if let Some(old) = &c.old {
                let _ = writeln!(out, "           - {old}");
            }
            if let Some(new) = &c.new {
                let _ = writeln!(out, "           + {new}");
            }
        }
    }
    if report.rust_folded > 0 {
        let _ = writeln!(out, "  {}", folded(report.rust_folded));
    }
    if let Some(diff) = &report.code_diff {
        let _ = write!(out, "\nGenerated code diff:\n{diff}");
    }
    out
}

/// Markdown of at most `limit` bytes.
pub fn markdown(report: &Report, limit: usize) -> String {
    let mut out = Budgeted::new(limit.saturating_sub(CLOSING_ROOM));
    out.always(&format!(
        "**{}**\n\nComparing {} → {}.\n",
        report.headline(),
        code(&report.base),
        code(&report.head)
    ));

    let header = "| Level | Rule | Operation | Change | Where | Rust items |\n|---|---|---|---|---|---|\n";
    let (breaking, rest): (Vec<&Finding>, Vec<&Finding>) = report.api_changes.iter().partition(|f| breaks_clients(f));
    if !breaking.is_empty() {
        out.always(&format!("\n### Breaking API changes\n\n{header}"));
        for f in &breaking {
            out.row(&finding_row(f), "breaking finding");
        }
    }
    if !rest.is_empty() {
        let grouped: Vec<&Finding> = by_operation(&report.api_changes)
            .into_values()
            .flatten()
            .filter(|f| !breaks_clients(f))
            .collect();
        let counts = level_counts(&grouped);
        out.block(
            &format!("\n<details><summary>Other API changes: {counts}</summary>\n\n{header}"),
            grouped.iter().map(|f| finding_row(f)),
            "\n</details>\n",
            "API finding",
        );
    }
    out.list(NOT_PUBLISHED, &not_published(report), "operation not published");
    out.list(
        "Not valid OpenAPI 3.0, compared as far as it goes",
        &report.validity_problems,
        "validity problem",
    );
    out.list(
        "Accepted changes that accepted nothing",
        &report.acceptance_notes,
        "acceptance note",
    );
    if let Some(why) = &report.rust_skipped {
        out.always(&format!(
            "\n### Rust API of `generated-client`\n\nSkipped: {}\n",
            cell(why)
        ));
    }
    out.list(
        "Left out of the generated code, so of the Rust comparison",
        &report.rust_left_out,
        "operation left out",
    );
    if report.rust_unchanged_operations > 0 {
        out.always(&format!("\n{}\n", unchanged_operations(report)));
    }
    out.list(
        "Semver-major although every signature stays",
        &report.semver_reasons,
        "semver reason",
    );
    if !report.rust_changes.is_empty() {
        let rows = report.rust_changes.iter().map(|c| {
            format!(
                "| {} {} | {} | {} | {} | {} |\n",
                c.change.as_str(),
                c.kind.as_str(),
                code(&c.item),
                c.old.as_deref().map_or("—".to_owned(), code),
                c.new.as_deref().map_or("—".to_owned(), code),
                if c.breaking {
                    format!("yes: {}", c.why)
                } else {
                    "no".to_owned()
                },
            )
        });
        out.block(
            "\n### Rust API of `generated-client`\n\n| Change | Item | Before | After | Breaks callers |\n|---|---|---|---|---|\n",
            rows,
            "",
            "Rust API change",
        );
    }
    if report.rust_folded > 0 {
        out.always(&format!("\n{}\n", folded(report.rust_folded)));
    }
    if let Some(diff) = &report.code_diff {
        let block = format!("\n<details><summary>Generated code diff</summary>\n\n```diff\n{diff}```\n\n</details>\n");
        out.row(&block, "generated code diff");
    }
    out.finish()
}

/// Markdown built against a size budget, counting what did not fit.
struct Budgeted {
    out: String,
    budget: usize,
    /// What was left out, by what it was: "API finding" → 12.
    left_out: BTreeMap<&'static str, usize>,
}

impl Budgeted {
    fn new(budget: usize) -> Self {
        Budgeted {
            out: String::new(),
            budget,
            left_out: BTreeMap::new(),
        }
    }

    fn fits(&self, text: &str) -> bool {
        self.out.len() + text.len() <= self.budget
    }

    /// Text that is always there (headings, the verdict); it is short.
    fn always(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A bold title and a bulleted line each (rows, counted as `what` when they do not fit), when there is any.
    fn list(&mut self, title: &str, lines: &[String], what: &'static str) {
        if !lines.is_empty() {
            self.always(&format!("\n**{title}:**\n\n"));
            for line in lines {
                self.row(&format!("- {}\n", cell(line)), what);
            }
        }
    }

    fn row(&mut self, text: &str, what: &'static str) {
        if self.fits(text) {
            self.out.push_str(text);
        } else {
            *self.left_out.entry(what).or_default() += 1;
        }
    }

    /// `head`, as many rows as fit with room for `tail`, then `tail`; nothing when not even one row fits.
    fn block(&mut self, head: &str, rows: impl Iterator<Item = String>, tail: &str, what: &'static str) {
        let rows: Vec<String> = rows.collect();
        if !self.fits(&format!("{head}{}{tail}", rows.first().map_or("", String::as_str))) {
            *self.left_out.entry(what).or_default() += rows.len();
            return;
        }
        self.out.push_str(head);
        let room = self.budget.saturating_sub(tail.len());
        for row in rows {
            if self.out.len() + row.len() <= room {
                self.out.push_str(&row);
            } else {
                *self.left_out.entry(what).or_default() += 1;
            }
        }
        self.out.push_str(tail);
    }

    fn finish(mut self) -> String {
        if !self.left_out.is_empty() {
            let parts: Vec<String> = self
                .left_out
                .iter()
                .map(|(what, n)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
                .collect();
            let _ = write!(
                self.out,
                "\n*Left out to fit a GitHub comment ({GITHUB_COMMENT_LIMIT} characters): {}. \
                 `cargo xtask diff --format json` has everything.*\n",
                parts.join(", ")
            );
        }
        self.out
    }
}

fn finding_row(f: &Finding) -> String {
    let place = match (&f.head_location, &f.base_location) {
        (Some(head), _) => code(&format!("{}:{}", head.file, head.line)),
        (None, Some(base)) => format!("{} (base)", code(&format!("{}:{}", base.file, base.line))),
        (None, None) => "—".to_owned(),
    };
    let level = match &f.accepted {
        Some(accepted) => format!("{}, accepted: {}", label(f), cell(&accepted.reason)),
        None => label(f),
    };
    let change = match &f.client_break {
        Some(why) => format!("{} — {}", cell(&f.message), cell(why)),
        None => cell(&f.message),
    };
    format!(
        "| {level} | `{}` | {} | {change} | {place} | {} |\n",
        f.rule,
        f.operation.as_deref().map_or("—".to_owned(), code),
        if f.rust_items.is_empty() {
            "—".to_owned()
        } else {
            cell(&f.rust_items.join("; "))
        },
    )
}

/// Where a finding is written on each side that has it: `base spec.yaml:12:7 · head spec.yaml:14:7`.
fn lines(f: &Finding) -> Option<String> {
    let sides: Vec<String> = [("base", &f.base_location), ("head", &f.head_location)]
        .into_iter()
        .filter_map(|(side, at)| Some(format!("{side} {}", at.as_ref()?)))
        .collect();
    (!sides.is_empty()).then(|| sides.join(" · "))
}

/// Inline code for a markdown table: backticks, with `|` escaped so the table holds.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('|', "\\|").replace('`', "'"))
}

/// A titled list of lines, when there is any: `\nTitle:\n  line\n…`.
fn list(out: &mut String, title: &str, lines: &[String]) {
    if !lines.is_empty() {
        let _ = writeln!(out, "\n{title}:");
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    }
}

/// Why the Rust comparison did not generate every operation.
fn unchanged_operations(report: &Report) -> String {
    format!(
        "Rust API: {} operations not generated: the same on both sides, with all they reach, so their code is too.",
        report.rust_unchanged_operations
    )
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::api::Target;
    use crate::diff::report::RustImpact;
    use crate::diff::rules::Rule;

    fn finding(i: usize, level: Level) -> Finding {
        Finding {
            rule: if level == Level::Breaking {
                Rule::RequestParameterBecameRequired
            } else {
                Rule::EndpointAdded
            },
            level,
            operation: Some(format!("GET /things/{}", i % 50)),
            operation_id: None,
            location: format!("/paths/~1things~1{i}/get"),
            base_location: None,
            head_location: None,
            message: format!("finding number {i} with a message long enough to take room in a table row"),
            old: None,
            new: None,
            rust_items: vec![format!("adds method `builder::Thing{i}::x`")],
            fingerprint: String::new(),
            accepted: None,
            client_break: None,
            value_types: None,
            tied: Vec::new(),
            target: Target::None,
        }
    }

    fn report(findings: Vec<Finding>) -> Report {
        let rust = RustImpact::Compared {
            changes: Vec::new(),
            code_changed: true,
            code_diff: None,
            left_out: Vec::new(),
            unchanged_operations: 0,
        };
        Report::new("base.yaml".into(), "head.yaml".into(), findings, rust)
    }

    #[test]
    fn a_huge_report_fits_a_github_comment_with_every_breaking_finding() {
        let findings: Vec<Finding> = (0..3000)
            .map(|i| finding(i, if i % 100 == 0 { Level::Breaking } else { Level::Info }))
            .collect();
        let markdown = comment(&report(findings));
        assert!(markdown.len() <= GITHUB_COMMENT_LIMIT, "{} bytes", markdown.len());
        assert!(markdown.starts_with("**Spec review: ❌ breaking — API: 30 breaking, 0 warning, 2970 info"));
        for i in (0..3000).step_by(100) {
            assert!(
                markdown.contains(&format!("finding number {i} ")),
                "breaking finding {i} is there"
            );
        }
        let closing = markdown.lines().last().unwrap();
        assert!(
            closing.starts_with("*Left out to fit a GitHub comment (65536 characters): "),
            "{closing}"
        );
        assert!(
            closing.contains("API findings") && closing.contains("--format json"),
            "{closing}"
        );
        assert!(markdown.contains("<details><summary>Other API changes: 2970 info</summary>"));
    }

    #[test]
    fn a_small_report_is_whole_and_says_nothing_was_left_out() {
        let markdown = comment(&report((0..5).map(|i| finding(i, Level::Info)).collect()));
        assert!(!markdown.contains("Left out"));
        assert_eq!(markdown.matches("| info |").count(), 5);
    }

    #[test]
    fn text_groups_findings_by_operation_with_counts() {
        let findings = vec![
            finding(1, Level::Info),
            finding(51, Level::Breaking),
            finding(2, Level::Info),
        ];
        let text = text(&report(findings));
        assert!(
            text.contains("  GET /things/1 — 1 breaking, 1 info\n    breaking [request-parameter-became-required]"),
            "{text}"
        );
        assert_eq!(
            text.matches("GET /things/1 —").count(),
            1,
            "one header per operation:\n{text}"
        );
    }
}
