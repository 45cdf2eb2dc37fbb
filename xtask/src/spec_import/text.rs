//! Writing into our spec's text: new path items, operations, components and tags are inserted at the end of their
//! sections, in our spec's style (two-space indents, lists indented under their key, the keys a reader looks for
//! first), and nothing else of the file changes — its comments and layout stay. The YAML of each piece comes from
//! serde-saphyr; where it goes is found from the file's lines, since no YAML crate edits a document in place.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use super::ImportError;

/// Keys written first, in this order, where a node has them: what a reader of an OpenAPI document looks for.
const FIRST: [&str; 17] = [
    "name",
    "in",
    "tags",
    "operationId",
    "summary",
    "description",
    "required",
    "deprecated",
    "type",
    "format",
    "$ref",
    "parameters",
    "requestBody",
    "responses",
    "content",
    "schema",
    "properties",
];

/// A JSON value serialized with [`FIRST`]'s keys first, the others in order, extensions (`x-…`) last.
struct Ordered<'a>(&'a Value);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let rank = |key: &str| match FIRST.iter().position(|first| *first == key) {
                    Some(i) => (0, i),
                    None if key.starts_with("x-") => (2, 0),
                    None => (1, 0),
                };
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
                let mut out = serializer.serialize_map(Some(keys.len()))?;
                for key in keys {
                    out.serialize_entry(key, &Ordered(&map[key]))?;
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    out.serialize_element(&Ordered(item))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// `value` as YAML in our style, every line indented by `indent` spaces.
pub(super) fn yaml(value: &Value, indent: usize) -> Result<String, ImportError> {
    let mut options = serde_saphyr::SerializerOptions::default();
    options.indent_step = 2;
    options.compact_list_indent = false;
    options.folded_wrap_chars = 100;
    let text = serde_saphyr::to_string_with_options(&Ordered(value), options)
        .map_err(|e| ImportError::Internal(format!("cannot write YAML: {e}")))?;
    let pad = " ".repeat(indent);
    Ok(text
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("{pad}{line}\n")
            }
        })
        .collect())
}

/// A spec's text as lines, to insert into.
pub(super) struct Lines {
    lines: Vec<String>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        Lines {
            lines: text.lines().map(str::to_owned).collect(),
        }
    }

    pub fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }

    /// The line of key `key` at indentation `indent` inside the block `within` (a range of lines).
    fn find(&self, key: &str, indent: usize, within: std::ops::Range<usize>) -> Option<usize> {
        within.into_iter().find(|&i| {
            let line = &self.lines[i];
            indentation(line) == indent && key_of(line.trim_start()).is_some_and(|k| k == key)
        })
    }

    /// The lines of the block under the key at line `at`: up to the next line (not blank, not a comment) indented
    /// no deeper than the key, with trailing blank and comment lines left to what follows.
    fn block(&self, at: usize) -> std::ops::Range<usize> {
        let indent = indentation(&self.lines[at]);
        let mut end = at + 1;
        let mut last_content = at;
        while end < self.lines.len() {
            let line = &self.lines[end];
            let trimmed = line.trim_start();
            let structural = !trimmed.is_empty() && !trimmed.starts_with('#');
            if structural && indentation(line) <= indent && !(indentation(line) == indent && trimmed.starts_with("- "))
            {
                break;
            }
            if structural {
                last_content = end;
            }
            end += 1;
        }
        at..last_content + 1
    }

    /// The whole document's lines.
    fn all(&self) -> std::ops::Range<usize> {
        0..self.lines.len()
    }

    /// Insert `text` (whole lines) after line `after`.
    fn insert_after(&mut self, after: usize, text: &str) {
        let new: Vec<String> = text.lines().map(str::to_owned).collect();
        self.lines.splice(after + 1..after + 1, new);
    }

    /// Add `entries` (YAML of `key: value` pairs, indented for the section) at the end of the section at `path`
    /// (top-level keys, then nested ones: `["components", "schemas"]`), creating the section when it is missing.
    pub fn append(&mut self, path: &[&str], entries: &str) -> Result<(), ImportError> {
        let mut within = self.all();
        let mut parent_end: Option<usize> = None;
        for (depth, key) in path.iter().enumerate() {
            match self.find(key, depth * 2, within.clone()) {
                Some(at) => {
                    within = self.block(at);
                    parent_end = Some(within.end - 1);
                }
                None => {
                    // The section is new: written at the end of its parent, with the rest of the path.
                    let mut text = String::new();
                    for (level, key) in path.iter().enumerate().skip(depth) {
                        text.push_str(&format!("{}{key}:\n", " ".repeat(level * 2)));
                    }
                    text.push_str(entries);
                    match parent_end {
                        Some(end) => self.insert_after(end, &text),
                        None => {
                            self.lines.extend(text.lines().map(str::to_owned));
                        }
                    }
                    return Ok(());
                }
            }
        }
        let end = within.end - 1;
        if self.lines[within.start].trim_end().ends_with("{}") || self.lines[within.start].trim_end().ends_with("[]") {
            return Err(ImportError::Internal(format!(
                "`{}` is written in flow style on line {}: write it as a block to import into it",
                path.join("."),
                within.start + 1
            )));
        }
        self.insert_after(end, entries);
        Ok(())
    }
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key a block mapping line starts with (`key:` or `"key":`).
fn key_of(line: &str) -> Option<String> {
    if let Some(rest) = line.strip_prefix('"') {
        let end = rest.find('"')?;
        return rest[end + 1..].starts_with(':').then(|| rest[..end].to_owned());
    }
    if let Some(rest) = line.strip_prefix('\'') {
        let end = rest.find('\'')?;
        return rest[end + 1..].starts_with(':').then(|| rest[..end].to_owned());
    }
    let end = line.find(':')?;
    let after = &line[end + 1..];
    (after.is_empty() || after.starts_with(' ')).then(|| line[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SPEC: &str = "\
# a comment that stays
openapi: 3.0.3
tags:
  - name: A
paths:
  /a:
    get:
      operationId: a

  # a note before components
components:
  schemas:
    A:
      type: string
";

    #[test]
    fn entries_go_at_the_end_of_their_section_and_nothing_else_moves() {
        let mut lines = Lines::new(SPEC);
        lines
            .append(&["paths"], "  /b:\n    get:\n      operationId: b\n")
            .unwrap();
        lines
            .append(&["paths", "/a"], "    post:\n      operationId: c\n")
            .unwrap();
        lines
            .append(&["components", "schemas"], "    B:\n      type: integer\n")
            .unwrap();
        lines
            .append(
                &["components", "headers"],
                "    H:\n      schema:\n        type: string\n",
            )
            .unwrap();
        lines.append(&["tags"], "  - name: B\n").unwrap();
        let text = lines.text();
        assert_eq!(
            text,
            "\
# a comment that stays
openapi: 3.0.3
tags:
  - name: A
  - name: B
paths:
  /a:
    get:
      operationId: a
    post:
      operationId: c
  /b:
    get:
      operationId: b

  # a note before components
components:
  schemas:
    A:
      type: string
    B:
      type: integer
  headers:
    H:
      schema:
        type: string
"
        );
    }

    #[test]
    fn yaml_is_written_with_the_keys_a_reader_looks_for_first() {
        let value = json!({"/x": {"get": {"responses": {"200": {"description": "OK"}}, "operationId": "x",
            "x-note": "n", "tags": ["T"]}}});
        assert_eq!(
            yaml(&value, 2).unwrap(),
            "  /x:\n    get:\n      tags:\n        - T\n      operationId: x\n      responses:\n        \"200\":\n          description: OK\n      x-note: \"n\"\n"
        );
    }
}
