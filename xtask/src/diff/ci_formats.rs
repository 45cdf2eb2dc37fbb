//! The report for CI systems: GitHub workflow commands (annotations on the pull request's lines) and JUnit XML
//! (one test case per operation, for the CI systems that read test reports). Written by hand: both formats are a
//! few lines of escaping, and no crate writes GitHub's workflow commands.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::api::Finding;
use super::report::Report;
use super::rules::{Concern, Level};

/// One workflow command per finding — `::error` for breaking, `::warning`, `::notice` for info — at the head
/// location, or the base location for what was removed, so the annotation lands on a line of the change; then the
/// verdict as a notice.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for finding in &report.api_changes {
        let command = match finding.level {
            _ if finding.accepted.is_some() => "notice",
            Level::Breaking if finding.rule.concern() == Concern::Policy => "warning",
            Level::Breaking => "error",
            Level::Warning => "warning",
            Level::Info => "notice",
        };
        let mut properties = Vec::new();
        if let Some(at) = finding.head_location.as_ref().or(finding.base_location.as_ref()) {
            properties.push(format!("file={}", property(&at.file)));
            properties.push(format!("line={}", at.line));
            properties.push(format!("col={}", at.column));
        }
        let title = match (&finding.accepted, finding.rule.concern()) {
            (Some(_), _) => format!("{} (accepted)", finding.rule.id()),
            (None, Concern::Policy) => format!("{} (policy)", finding.rule.id()),
            (None, Concern::Client) => finding.rule.id().to_owned(),
        };
        properties.push(format!("title={}", property(&title)));
        let _ = writeln!(out, "::{command} {}::{}", properties.join(","), data(&message(finding)));
    }
    for gone in &report.not_published {
        let message = format!("{gone}: the vendor's document no longer has this operation of our spec");
        let command = if gone.kept.is_some() { "notice" } else { "warning" };
        let _ = writeln!(out, "::{command} title=not-published::{}", data(&message));
    }
    let _ = writeln!(
        out,
        "::notice title={}::{}",
        property(&report.title),
        data(&report.headline())
    );
    out
}

/// What an annotation says: the operation, the change, the Rust items it touches.
fn message(finding: &Finding) -> String {
    let mut text = match &finding.operation {
        Some(operation) => format!("{operation}: {}", finding.message),
        None => finding.message.clone(),
    };
    if let Some(why) = &finding.client_break {
        text.push_str("\nClient: ");
        text.push_str(why);
    }
    for item in &finding.rust_items {
        text.push_str("\nRust: ");
        text.push_str(item);
    }
    if let Some(accepted) = &finding.accepted {
        text.push_str("\nAccepted: ");
        text.push_str(&accepted.reason);
    }
    text
}

/// A workflow command's message, escaped as the runner unescapes it.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: its message escaping, and `:` and `,`, which end a property.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// JUnit XML: one test suite, one test case per operation of either revision (and one for the document's own
/// findings, one for the generated Rust API); a breaking finding, or a Rust change that breaks callers, is a failure of its test case,
/// the other findings are written to its output.
pub fn junit(report: &Report) -> String {
    // Every operation is a test case, passing when nothing breaks it.
    let mut by_operation: BTreeMap<&str, Vec<&Finding>> = report
        .operations
        .iter()
        .map(|name| (name.as_str(), Vec::new()))
        .collect();
    for gone in &report.not_published {
        by_operation.entry(&gone.operation).or_default();
    }
    for finding in &report.api_changes {
        by_operation
            .entry(finding.operation.as_deref().unwrap_or("(document)"))
            .or_default()
            .push(finding);
    }
    let fails =
        |f: &&&Finding| f.level == Level::Breaking && f.accepted.is_none() && f.rule.concern() == Concern::Client;
    let rust_breaks: Vec<String> = report
        .rust_changes
        .iter()
        .filter(|change| change.breaking && !change.accepted)
        .map(|change| {
            format!(
                "{} {} {}: {}",
                change.change.as_str(),
                change.kind.as_str(),
                change.item,
                change.why
            )
        })
        .collect();
    // Not published and not kept on purpose: a failure of the operation's test case.
    let not_published = |operation: &str| {
        report
            .not_published
            .iter()
            .any(|gone| gone.operation == operation && gone.kept.is_none())
    };
    let failures = by_operation
        .iter()
        .filter(|(operation, findings)| not_published(operation) || findings.iter().any(|f| fails(&f)))
        .count()
        + usize::from(!rust_breaks.is_empty());
    let tests = by_operation.len() + 1;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"spec review\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        xml(&format!("{} → {}", report.base, report.head)),
    );
    for (operation, findings) in &by_operation {
        let _ = writeln!(out, "    <testcase name=\"{}\" classname=\"api\">", xml(operation));
        if not_published(operation) {
            out.push_str(
                "      <failure message=\"the vendor's document no longer has this operation of our spec\" \
                 type=\"not-published\"></failure>\n",
            );
        }
        for finding in findings.iter().filter(fails) {
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                xml(&finding.message),
                xml(finding.rule.id()),
                xml(&detail(finding))
            );
        }
        let others: Vec<String> = findings
            .iter()
            .filter(|f| !fails(f))
            .map(|f| format!("{} [{}] {}", f.level.as_str(), f.rule.id(), detail(f)))
            .collect();
        if !others.is_empty() {
            let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&others.join("\n")));
        }
        out.push_str("    </testcase>\n");
    }
    // The generated crate's API: a test case of its own, failing when it breaks callers.
    out.push_str("    <testcase name=\"Rust API of the generated crate\" classname=\"rust\">\n");
    if !rust_breaks.is_empty() {
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"rust-api-breaking\">{}</failure>",
            xml(&report.headline()),
            xml(&rust_breaks.join("\n"))
        );
    }
    if let Some(why) = &report.rust_skipped {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            xml(&format!("not compared: {why}"))
        );
    }
    out.push_str("    </testcase>\n  </testsuite>\n</testsuites>\n");
    out
}

/// A finding's message with where it is and the Rust items it touches.
fn detail(finding: &Finding) -> String {
    let mut text = finding.message.clone();
    if let Some(why) = &finding.client_break {
        let _ = write!(text, "\nclient: {why}");
    }
    for (side, at) in [("base", &finding.base_location), ("head", &finding.head_location)] {
        if let Some(at) = at {
            let _ = write!(text, "\n{side}: {at}");
        }
    }
    for item in &finding.rust_items {
        let _ = write!(text, "\nRust: {item}");
    }
    if let Some(accepted) = &finding.accepted {
        let _ = write!(text, "\naccepted: {}", accepted.reason);
    }
    text
}

/// Text for an XML attribute or element; characters XML 1.0 cannot hold at all are replaced.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_would_end_them() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn xml_text_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{FFFD}"
        );
    }
}
