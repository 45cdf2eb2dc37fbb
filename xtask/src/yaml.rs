//! Spec text (YAML, or JSON, which is YAML) read into a JSON value, within limits a hostile file cannot get past.
//!
//! serde-saphyr, not serde_yaml_ng: libyaml's scanner, under serde_yaml_ng, takes time quadratic in the depth of
//! nested flow collections — a 200 KB spec of `[[[…]]]` kept `cargo xtask diff` busy for minutes before it was
//! refused. serde-saphyr refuses it at once, and budgets aliases ("billion laughs"), nodes and events.

use serde_json::Value;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, DefaultMessageFormatter, DuplicateKeyPolicy, MessageFormatter, Options};

/// Deeper than any real spec's nesting, and what `serde_json` itself accepts.
const MAX_DEPTH: usize = 128;
/// Vendor-scale specs (tens of MB of JSON) hold millions of nodes; a budget still bounds what a file can cost.
const MAX_NODES: usize = 50_000_000;
const MAX_EVENTS: usize = 100_000_000;
const MAX_SCALAR_BYTES: usize = 1 << 30;
/// Aliases are rare in specs; what they may expand to is kept small, so that a few lines of aliases of aliases (a
/// "billion laughs") are refused within a fraction of a second and tens of MB.
const MAX_ALIAS_EVENTS: usize = 200_000;

/// Why a text is not a YAML document we read, and where, when the parser knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", at(.line_column))]
pub struct YamlError {
    /// 1-based line and column.
    pub line_column: Option<(usize, usize)>,
    pub message: String,
}

/// The document in `text`. YAML 1.2's core schema, as OpenAPI documents are written: only `true`/`false` are
/// booleans (`yes`/`on` stay strings), `017` stays a string, and a key given twice is an error, not a silent
/// overwrite.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_events = MAX_EVENTS;
    budget.max_total_scalar_bytes = MAX_SCALAR_BYTES;
    budget.max_recorded_anchor_events = MAX_ALIAS_EVENTS;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_EVENTS;
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.with_snippet = false;
    serde_saphyr::from_str_with_options(text, options).map_err(|error| {
        let line_column = error
            .location()
            .filter(|at| at.line() > 0)
            .map(|at| (saturating(at.line()), saturating(at.column())));
        let message = over_budget(&error);
        // The message may quote the document: no control character reaches the terminal.
        let message = message
            .unwrap_or_else(|| DefaultMessageFormatter.format_message(&error).into_owned())
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        YamlError { line_column, message }
    })
}

/// The limits set here, said in the document's terms (the parser's own words name its counters).
fn over_budget(mut error: &serde_saphyr::Error) -> Option<String> {
    // An error met while expanding an alias, or one with a snippet, wraps the error itself.
    while let serde_saphyr::Error::AliasError { error: inner, .. }
    | serde_saphyr::Error::WithSnippet { error: inner, .. } = error
    {
        error = inner;
    }
    let serde_saphyr::Error::Budget { breach, .. } = error else {
        return None;
    };
    Some(match breach {
        BudgetBreach::Depth { .. } => format!("nested more than {MAX_DEPTH} levels deep"),
        BudgetBreach::Nodes { .. } => format!("more than {MAX_NODES} values"),
        BudgetBreach::Events { .. } => format!("more than {MAX_EVENTS} YAML events"),
        BudgetBreach::ScalarBytes { .. } => format!("more than {MAX_SCALAR_BYTES} bytes of text in values"),
        BudgetBreach::RecordedAnchorEvents { .. } => {
            format!("YAML anchors hold more than {MAX_ALIAS_EVENTS} events, too many to expand their aliases")
        }
        _ => return None,
    })
}

fn at(line_column: &Option<(usize, usize)>) -> String {
    line_column.map_or_else(String::new, |(line, column)| format!("line {line}, column {column}: "))
}

fn saturating(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_yaml_and_json_as_openapi_documents_are_written() {
        let value = parse("a: yes\nb: 017\nc: 0x1F\nd: [1, 2.5, ~]\ne: '2026-01-01'\n").unwrap();
        assert_eq!(
            value,
            serde_json::json!({"a": "yes", "b": "017", "c": 31, "d": [1, 2.5, null], "e": "2026-01-01"})
        );
        assert_eq!(
            parse(r#"{"a": {"b": [true]}}"#).unwrap(),
            serde_json::json!({"a": {"b": [true]}})
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        let error = parse("openapi: 3.0.3\nopenapi: 3.0.4\n").unwrap_err();
        assert_eq!(error.line_column, Some((2, 1)));
        assert!(error.message.starts_with("duplicate mapping key: openapi"), "{error}");
        assert!(
            error.to_string().starts_with("line 2, column 1: duplicate mapping key"),
            "{error}"
        );
        let error = parse("info: {title: t\npaths: {}\n").unwrap_err();
        assert_eq!(error.line_column.map(|(line, _)| line), Some(2), "{error}");
    }

    #[test]
    fn hostile_documents_are_refused_at_once() {
        // Nesting: libyaml took minutes over this (quadratic in the depth); here it is refused at MAX_DEPTH.
        let deep = format!("x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let error = parse(&deep).unwrap_err();
        assert_eq!(error.line_column.map(|(line, _)| line), Some(1), "{error}");
        assert!(error.message.contains("recursion limit exceeded"), "{error}");
        // Block nesting reaches the budget rather than the parser's own limit.
        let mut nested = String::new();
        for level in 0..130 {
            nested.push_str(&format!("{}k:\n", " ".repeat(level)));
        }
        // On the stack the tools give such work (a test thread's 2 MB is too little at this depth in a debug build).
        let error = std::thread::Builder::new()
            .stack_size(crate::DEEP_STACK)
            .spawn(move || parse(&nested))
            .unwrap()
            .join()
            .unwrap()
            .unwrap_err();
        assert_eq!(error.message, "nested more than 128 levels deep");
        assert_eq!(error.line_column.map(|(line, _)| line), Some(129), "{error}");
        // A billion laughs: aliases of aliases, a few lines that would expand to 10^9 nodes.
        let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let previous = format!("*a{}", i - 1);
            laughs.push_str(&format!("a{i}: &a{i} [{}]\n", vec![previous; 10].join(", ")));
        }
        let error = parse(&laughs).unwrap_err();
        assert!(
            error.message.contains("YAML anchors hold more than 200000 events"),
            "{error}"
        );
        // Wide instead of deep: 5,000 aliases of a 10,000-node anchor stop at the limit on replayed events.
        let mut wide = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..5 {
            let previous = format!("*a{}", i - 1);
            wide.push_str(&format!("a{i}: &a{i} [{}]\n", vec![previous; 10].join(", ")));
        }
        wide.push_str(&format!("b: [{}]\n", vec!["*a4"; 5000].join(", ")));
        assert!(parse(&wide).unwrap_err().message.contains("alias replay limit"));
        // Control characters in what the message quotes are not passed on.
        let error = parse("\"a\u{1b}[31m\": 1\n\"a\u{1b}[31m\": 2\n").unwrap_err();
        assert!(!error.message.chars().any(char::is_control), "{error:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]
        /// Any text made of YAML's indicators gives a value or a located error: no panic, no stack overflow.
        #[test]
        fn any_text_is_read_or_refused(text in "[\\[\\]{}:,?&*!|>'\"#%@` \n\tka0.~-]{0,400}") {
            let outcome = std::thread::Builder::new()
                .stack_size(crate::DEEP_STACK)
                .spawn(move || parse(&text).map(drop))
                .unwrap()
                .join();
            proptest::prop_assert!(outcome.is_ok(), "parse panicked");
            if let Ok(Err(error)) = outcome {
                proptest::prop_assert!(!error.message.is_empty());
                proptest::prop_assert!(!error.message.chars().any(char::is_control));
            }
        }
    }
}
