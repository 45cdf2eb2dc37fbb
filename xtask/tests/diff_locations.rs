//! Every finding carries where it is written in the base and head revisions — file, line, column — for YAML and
//! JSON specs, through `$ref`s to where the node is written.

mod support;

use xtask::diff::{self, Source};
use xtask::positions::Location;

/// The review of two spec texts written as `name` into a temporary directory.
fn review(name: &str, base: &str, head: &str) -> (tempfile::TempDir, diff::report::Report) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("base")).unwrap();
    std::fs::create_dir(dir.path().join("head")).unwrap();
    let (base_path, head_path) = (dir.path().join("base").join(name), dir.path().join("head").join(name));
    std::fs::write(&base_path, base).unwrap();
    std::fs::write(&head_path, head).unwrap();
    let report = diff::run(
        dir.path(),
        "",
        &Source::File(base_path),
        &Source::File(head_path),
        false,
    )
    .unwrap();
    (dir, report)
}

/// The line a location names, trimmed.
fn line_at(at: &Location) -> String {
    let text = std::fs::read_to_string(&at.file).unwrap();
    let line = text.lines().nth(at.line - 1).unwrap();
    line.chars()
        .skip(at.column - 1)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

const BASE: &str = "openapi: 3.0.3
info: {title: Things, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
      - {name: verbose, in: query, schema: {type: boolean}}
      responses:
        '200':
          description: The things.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
        kind:
          type: string
          enum: [small, large]
";

#[test]
fn a_yaml_finding_is_located_on_both_sides_where_its_node_is_written() {
    // Lines added above the schema move it: each side has its own line.
    let head = BASE
        .replace("components:\n", "components:\n  parameters: {}\n  responses: {}\n")
        .replace("enum: [small, large]", "enum: [small, large, huge]");
    let (_dir, report) = review("spec.yaml", BASE, &head);
    let finding = report
        .api_changes
        .iter()
        .find(|f| f.rule.id() == "response-property-enum-value-added")
        .expect("the enum value added is found");
    let (base, head) = (
        finding.base_location.as_ref().unwrap(),
        finding.head_location.as_ref().unwrap(),
    );
    assert!(base.file.ends_with("base/spec.yaml") && head.file.ends_with("head/spec.yaml"));
    // Through the response's `$ref`, at the property in the component where it is written.
    assert_eq!((base.line, base.column), (21, 9));
    assert_eq!((head.line, head.column), (23, 9));
    assert_eq!(line_at(head), "kind:");
}

#[test]
fn what_was_removed_is_located_on_the_base_only_and_json_is_located_too() {
    let head = BASE.replace("      - {name: verbose, in: query, schema: {type: boolean}}\n", "");
    let head = head.replace("      parameters:\n", "");
    let to_json = |yaml: &str| {
        let value: serde_json::Value = xtask::yaml::parse(yaml).unwrap();
        serde_json::to_string_pretty(&value).unwrap()
    };
    let (_dir, report) = review("spec.json", &to_json(BASE), &to_json(&head));
    let removed = report
        .api_changes
        .iter()
        .find(|f| f.rule.id() == "request-parameter-removed")
        .expect("the parameter removed is found");
    assert_eq!(removed.head_location, None, "{removed:?}");
    let base = removed.base_location.as_ref().unwrap();
    assert!(base.file.ends_with("spec.json"));
    assert!(line_at(base).starts_with('{'), "{}", line_at(base));
    let object: Vec<String> = std::fs::read_to_string(&base.file)
        .unwrap()
        .lines()
        .skip(base.line)
        .take_while(|line| !line.trim_start().starts_with('}'))
        .map(str::to_owned)
        .collect();
    assert!(
        object.iter().any(|line| line.contains("\"name\": \"verbose\"")),
        "the parameter's object starts on its line: {object:?}"
    );
    // The annotation goes on the base's line of what is gone.
    let annotations = diff::ci_formats::github(&report);
    assert!(
        annotations.contains(&format!(
            "file={},line={},col={},title=request-parameter-removed::",
            base.file, base.line, base.column
        )),
        "{annotations}"
    );
    // Markdown names the base's line for what is gone; JSON has the object.
    assert!(
        diff::render::comment(&report).contains("spec.json:"),
        "{}",
        diff::render::comment(&report)
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let finding = support::finding(&json, "request-parameter-removed");
    assert_eq!(finding["base_location"]["line"], base.line);
    assert!(finding.get("head_location").is_none());
}
