//! Where things are in a spec's text: JSON pointers to lines and columns, for YAML and for JSON (which is YAML).
//!
//! The document itself is read by `yaml.rs` into a JSON value, which keeps no positions. A review needs the lines of
//! a few hundred places, so the text is streamed once more through the same YAML parser's events (granit-parser,
//! under serde-saphyr), and only the pointers asked for are recorded: no tree of positions is built. The text was
//! already read within `yaml.rs`'s budgets, so this pass meets nothing they refused.

use std::collections::{BTreeMap, BTreeSet};

use granit_parser::{Event, Parser, Span};

use crate::document::escape;

/// A place in a file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

/// A place in a file, as reports show it (`spec/x.yaml:12:7`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    /// Relative to the repository for a revision or the working tree; as given for a file.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// The line and column of each of `wanted` (JSON pointers) that `text` holds: a mapping entry at its key, an array
/// item at its start. Pointers through an alias are not followed. A text that stops parsing yields what was found
/// before.
pub fn locate(text: &str, wanted: &BTreeSet<String>) -> BTreeMap<String, LineColumn> {
    let mut found = BTreeMap::new();
    if wanted.is_empty() {
        return found;
    }
    // The pointer of the node the next event starts, and for each open collection where its pointer ends.
    let mut path = String::new();
    let mut open: Vec<Frame> = Vec::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        // A node in a mapping's value position or an array closes the previous sibling's segment first.
        let starts_node = matches!(
            event,
            Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(_)
        );
        if starts_node {
            let mut skip = false;
            match open.last_mut() {
                Some(Frame::Mapping { parent_len, key }) if key.is_none() => {
                    // A key: the entry's pointer, located at the key.
                    path.truncate(*parent_len);
                    if let Event::Scalar(name, ..) = &event {
                        path.push('/');
                        path.push_str(&escape(name));
                        record(&path, span, wanted, &mut found);
                        *key = Some(KeyState::Named);
                        continue;
                    }
                    // A complex key: nothing below it, or below its value, has a pointer.
                    *key = Some(KeyState::Unaddressable);
                    skip = true;
                }
                Some(Frame::Mapping { key, .. }) => {
                    // The value of the entry whose key was just read; the next node is a key again.
                    skip = !matches!(key, Some(KeyState::Named));
                    *key = None;
                }
                Some(Frame::Sequence { parent_len, next }) => {
                    path.truncate(*parent_len);
                    path.push('/');
                    path.push_str(&next.to_string());
                    *next = next.saturating_add(1);
                    record(&path, span, wanted, &mut found);
                }
                None => record(&path, span, wanted, &mut found),
            }
            if skip {
                skip_node(&event, &mut open, &mut path);
                continue;
            }
        }
        match event {
            Event::MappingStart(..) => open.push(Frame::Mapping {
                parent_len: path.len(),
                key: None,
            }),
            Event::SequenceStart(..) => open.push(Frame::Sequence {
                parent_len: path.len(),
                next: 0,
            }),
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Mapping { parent_len, .. } | Frame::Sequence { parent_len, .. }) = open.pop() {
                    path.truncate(parent_len);
                }
            }
            Event::DocumentEnd => break,
            _ => {}
        }
    }
    found
}

enum Frame {
    Mapping {
        parent_len: usize,
        /// `None` before a key; after one, whether its value has a pointer.
        key: Option<KeyState>,
    },
    Sequence {
        parent_len: usize,
        next: usize,
    },
}

enum KeyState {
    Named,
    Unaddressable,
}

/// A node no pointer can name (a complex key, or the value of one): a collection is still tracked, so that its end
/// is recognised, under a path with a NUL in it, which no wanted pointer holds (the enclosing collection's next
/// entry truncates it away).
fn skip_node(event: &Event, open: &mut Vec<Frame>, path: &mut String) {
    path.push('\0');
    let parent_len = path.len();
    match event {
        Event::MappingStart(..) => open.push(Frame::Mapping { parent_len, key: None }),
        Event::SequenceStart(..) => open.push(Frame::Sequence { parent_len, next: 0 }),
        _ => {}
    }
}

fn record(path: &str, span: Span, wanted: &BTreeSet<String>, found: &mut BTreeMap<String, LineColumn>) {
    if wanted.contains(path) && !found.contains_key(path) {
        found.insert(
            path.to_owned(),
            LineColumn {
                line: span.start.line(),
                column: span.start.col() + 1,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
        let wanted: BTreeSet<String> = pointers.iter().map(|p| p.to_string()).collect();
        let found = locate(text, &wanted);
        pointers
            .iter()
            .map(|p| found.get(*p).map(|at| (at.line, at.column)))
            .collect()
    }

    #[test]
    fn yaml_entries_are_found_at_their_keys_and_items_at_their_start() {
        let yaml = "openapi: 3.0.3\npaths:\n  /a/{b}:\n    get:\n      tags: [x, y]\n      responses:\n        '200':\n          description: ok\n        404: {description: gone}\n";
        assert_eq!(
            at(
                yaml,
                &[
                    "/openapi",
                    "/paths/~1a~1{b}/get",
                    "/paths/~1a~1{b}/get/tags/1",
                    "/paths/~1a~1{b}/get/responses/200/description",
                    "/paths/~1a~1{b}/get/responses/404/description",
                    "/paths/~1a~1{b}/post",
                    "",
                ]
            ),
            [
                Some((1, 1)),
                Some((4, 5)),
                Some((5, 17)),
                Some((8, 11)),
                Some((9, 15)),
                None,
                Some((1, 1))
            ]
        );
    }

    #[test]
    fn json_is_located_too_and_block_sequences_count_their_items() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {\"parameters\": [\n        {\"name\": \"x\"},\n        {\"name\": \"y\"}\n      ]}\n    }\n  }\n}\n";
        assert_eq!(
            at(json, &["/paths/~1a/get", "/paths/~1a/get/parameters/1/name"]),
            [Some((4, 7)), Some((6, 10))]
        );
        let yaml = "list:\n- a\n- b: 1\n  c: 2\n- [d]\nafter: 1\n";
        assert_eq!(
            at(yaml, &["/list/1/c", "/list/2/0", "/after"]),
            [Some((4, 3)), Some((5, 4)), Some((6, 1))]
        );
    }

    #[test]
    fn complex_keys_and_broken_text_locate_nothing_below_them() {
        let yaml = "? [a, b]\n: {c: 1}\nd: 2\n";
        assert_eq!(at(yaml, &["/d", "/c"]), [Some((3, 1)), None]);
        assert_eq!(at("a: 1\nb: [unclosed\n", &["/a", "/b"]), [Some((1, 1)), Some((2, 1))]);
    }
}
