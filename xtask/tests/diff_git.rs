//! `cargo xtask diff` over real git revisions in a temporary repository, and its errors.

use std::path::Path;
use std::process::Command;

mod support;

use support::*;

fn diff(repo: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    xtask("diff", repo, args)
}

#[test]
fn an_unchanged_tree_reports_no_change_and_exits_0() {
    let repo = repository();
    let (code, stdout, stderr) = diff(repo.path(), &["--fail-on", "warning"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("Spec review: ✅ no changes"), "{stdout}");
}

#[test]
fn a_removed_response_property_in_the_working_tree_breaks() {
    let repo = repository();
    remove_failed_property(repo.path());

    let (code, stdout, stderr) = diff(repo.path(), &["--fail-on", "breaking"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.starts_with("Spec review: ❌ breaking"), "{stdout}");
    assert!(stdout.contains("[response-optional-property-removed]"), "{stdout}");
    assert!(
        stdout.contains("Rust: removes field `types::ServerlessRestoreJob::failed`"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{SPEC} at HEAD → {SPEC} in the working tree")),
        "{stdout}"
    );

    let (code, _, _) = diff(repo.path(), &[]);
    assert_eq!(code, Some(0), "without --fail-on the exit status is 0");
}

#[test]
fn two_commits_compare_in_json_and_markdown_with_the_code_diff() {
    let repo = repository();
    remove_failed_property(repo.path());
    git(repo.path(), &["commit", "--quiet", "-am", "remove failed"]);

    let (code, stdout, stderr) = diff(repo.path(), &["--base", "HEAD~1", "--head", "HEAD", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON output");
    assert_eq!(report["format_version"], 2);
    assert_eq!(report["verdict"], "breaking");
    assert_eq!(report["semver"], "major");
    assert_eq!(report["api_changes"][0]["rule"], "response-optional-property-removed");
    assert_eq!(report["api_changes"][0]["level"], "warning");
    assert_eq!(report["rust_changes"][0]["item"], "types::ServerlessRestoreJob::failed");
    assert!(report.get("code_diff").is_none());

    let (_, markdown, _) = diff(
        repo.path(),
        &["--base", "HEAD~1", "--head", "HEAD", "--format", "markdown", "--code"],
    );
    assert!(
        markdown.starts_with("**Spec review: ❌ breaking — API: 0 breaking, 1 warning, 0 info;"),
        "{markdown}"
    );
    assert!(
        markdown.contains("```diff\n") && markdown.contains("-        pub failed: ::std::option::Option<bool>,"),
        "{markdown}"
    );
}

#[test]
fn bad_input_names_the_side_and_exits_2() {
    let repo = repository();
    let (code, _, stderr) = diff(repo.path(), &["--base", "no-such-rev"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("base: revision `no-such-rev` is unknown to git"),
        "{stderr}"
    );

    let (code, _, stderr) = diff(repo.path(), &["--head", "--upload-pack=evil"]);
    assert_eq!(code, Some(2), "{stderr}");

    let (code, _, stderr) = diff(repo.path(), &["--spec", "spec/missing.yaml"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("base: there is no spec/missing.yaml at HEAD"),
        "{stderr}"
    );

    std::fs::write(repo.path().join(SPEC), "openapi: 3.0.3\npaths: [unclosed\n").unwrap();
    let (code, _, stderr) = diff(repo.path(), &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains(&format!("head: {SPEC} at line")), "{stderr}");

    let (code, _, stderr) = diff(
        repo.path(),
        &["--base", "HEAD", "--head", "HEAD", "--spec", "../../etc/passwd"],
    );
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn two_files_compare_without_git() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff-cases/request-parameter-became-required");
    let (code, stdout, stderr) = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--fail-on", "breaking"])
        .arg(cases.join("base.yaml"))
        .arg(cases.join("head.yaml"))
        .output()
        .map(|o| {
            (
                o.status.code(),
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .unwrap();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.contains("[request-parameter-became-required]"), "{stdout}");
}

#[test]
fn a_spec_split_over_files_is_compared_at_revisions_and_in_the_working_tree() {
    let repo = repository();
    let dir = repo.path().join("multi");
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    let spec = "openapi: 3.0.3
info: {title: Things, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: The things.
          content:
            application/json:
              schema: {$ref: 'schemas/thing.yaml'}
";
    let thing = |required: &str| {
        format!("type: object\nrequired: [{required}]\nproperties:\n  id: {{type: string}}\n  name: {{type: string}}\n")
    };
    std::fs::write(dir.join("openapi.yaml"), spec).unwrap();
    std::fs::write(dir.join("schemas/thing.yaml"), thing("id, name")).unwrap();
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "--quiet", "-m", "multi-file spec"]);
    std::fs::write(dir.join("schemas/thing.yaml"), thing("id")).unwrap();
    git(repo.path(), &["commit", "--quiet", "-am", "name optional"]);

    let spec_path = "multi/openapi.yaml";
    for args in [
        &["--spec", spec_path, "--base", "HEAD~1", "--head", "HEAD"][..],
        &["--spec", spec_path, "--base", "HEAD~1"][..],
    ] {
        let (code, stdout, stderr) = diff(repo.path(), args);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(
            stdout.contains("[response-property-became-optional] response 200 property `name`"),
            "{args:?}: {stdout}"
        );
        // Located in the file of the split spec that holds it, on both sides: the property `name`, line 5.
        assert!(
            stdout.contains("base multi/schemas/thing.yaml:5:3 · head multi/schemas/thing.yaml:5:3"),
            "{args:?}: {stdout}"
        );
        // And annotated there.
        let (_, annotations, _) = diff(repo.path(), &[args, &["--format", "github"]].concat());
        assert!(
            annotations.starts_with(
                "::error file=multi/schemas/thing.yaml,line=5,col=3,title=response-property-became-optional::"
            ),
            "{args:?}: {annotations}"
        );
    }

    // A file the spec refers to that is not there: the side, the file and the reference are named.
    std::fs::remove_file(dir.join("schemas/thing.yaml")).unwrap();
    let (code, _, stderr) = diff(repo.path(), &["--spec", spec_path]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("head: the spec's references to other files: multi/openapi.yaml at /paths/~1things/get/responses/200/content/application~1json/schema/$ref: cannot read multi/schemas/thing.yaml"),
        "{stderr}"
    );

    // The same, committed: read from the revision, and named by the revision as it was written.
    git(repo.path(), &["commit", "--quiet", "-am", "schema file gone"]);
    let (code, _, stderr) = diff(
        repo.path(),
        &["--spec", spec_path, "--base", "HEAD~1", "--head", "HEAD"],
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("head: the spec's references to other files: multi/openapi.yaml at /paths/~1things/get/responses/200/content/application~1json/schema/$ref: cannot read multi/schemas/thing.yaml: no such file at HEAD"),
        "{stderr}"
    );
}

#[test]
fn list_rules_prints_the_registry_in_each_format() {
    let list = |format: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["diff", "--list-rules", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let rules = xtask::diff::rules::Rule::ALL;
    let json: serde_json::Value = serde_json::from_str(&list("json")).unwrap();
    let ids: Vec<&str> = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, rules.iter().map(|r| r.id()).collect::<Vec<_>>());
    let first = &json["rules"][0];
    assert_eq!(
        (first["level"].as_str(), first["action"].as_str()),
        (Some("info"), Some("add"))
    );
    let entries = json["rules"].as_array().unwrap();
    assert!(entries.iter().all(|r| r["area"].is_string() && r["origin"].is_string()));
    let gaps = json["not_implemented"].as_array().unwrap();
    // A rule that does not apply to OpenAPI 3.0, so it stays on the list.
    let webhooks = gaps.iter().find(|g| g["id"] == "webhook-added").unwrap();
    assert_eq!(webhooks["why"], "open-api31");
    // The coverage count: oasdiff's rules we implement and those listed as not, all of oasdiff's registry.
    let ours = entries.iter().filter(|r| r["origin"] == "ours").count();
    let oasdiff = entries.len() - ours;
    assert_eq!(oasdiff + gaps.len(), xtask::diff::rules::OASDIFF_RULES);
    let text = list("text");
    let summary = format!(
        "{} rules: {oasdiff} of oasdiff's {} (its id and default level), {ours} of our own. oasdiff's other {} do not \
         apply to OpenAPI 3.0 documents",
        entries.len(),
        xtask::diff::rules::OASDIFF_RULES,
        gaps.len()
    );
    assert!(text.starts_with(&summary), "{text}");
    assert!(text.contains("\nresponses ("), "{text}");
    assert!(text.contains("\nnot implemented ("), "{text}");
    assert!(rules.iter().all(|r| text.contains(r.id())));
    assert!(list("markdown").contains("| `required-response-header-removed` | breaking | client | responses |"));
    assert!(list("markdown").contains("| `api-deprecated-sunset-missing` | breaking | policy | lifecycle |"));
}

/// A spec nested about as deep as the YAML reader allows (128) is compared on both sides: the work runs on threads
/// with room for it. With a spawned thread's default 2 MB, a 100-level spec aborted the process (stack overflow).
#[test]
fn a_spec_nested_as_deep_as_the_reader_allows_is_compared_not_aborted() {
    fn schema(levels: usize, leaf: &str) -> String {
        match levels {
            0 => leaf.to_owned(),
            _ => format!("{{type: object, properties: {{p: {}}}}}", schema(levels - 1, leaf)),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    // A response schema 58 objects deep (nesting 125 with the path to it) and an extension 120 mappings deep.
    let spec = |leaf: &str| {
        let deep_extension: String = (0..120).map(|level| format!("{}k:\n", " ".repeat(level + 1))).collect();
        format!(
            "openapi: 3.0.3\ninfo: {{title: Things, version: '1'}}\npaths:\n  /things:\n    get:\n      \
             operationId: listThings\n      responses:\n        '200':\n          description: The things.\n          \
             content:\n            application/json:\n              schema: {}\nx-deep:\n{deep_extension}",
            schema(58, leaf)
        )
    };
    let (base, head) = (dir.path().join("base.yaml"), dir.path().join("head.yaml"));
    std::fs::write(&base, spec("{type: string}")).unwrap();
    std::fs::write(&head, spec("{type: integer}")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args([&base, &head])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("[response-property-type-changed]"), "{stdout}");
    assert!(
        stdout.contains("changed field    types::ListThingsResponsePp"),
        "{stdout}"
    );

    // One level more than the reader allows: refused, located, on either side.
    std::fs::write(
        &head,
        spec("{type: object, properties: {q: {type: object, properties: {r: {type: integer}}}}}"),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args([&base, &head])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("head: ") && stderr.contains("nested more than 128 levels deep"),
        "{stderr}"
    );
}

/// A repository whose first commit has the spec under its name before the rename, and whose second renames it.
fn renamed_repository() -> tempfile::TempDir {
    const OLD: &str = "spec/atlas-serverless-restore-jobs.yaml";
    let repo = repository();
    git(repo.path(), &["mv", SPEC, OLD]);
    git(repo.path(), &["commit", "--quiet", "-m", "the name before"]);
    git(repo.path(), &["mv", OLD, SPEC]);
    repo
}

#[test]
fn a_review_across_the_specs_rename_finds_it_under_its_old_name() {
    let repo = renamed_repository();
    remove_failed_property(repo.path());
    // The rename is in the working tree only (staged), then committed: both are followed.
    let (code, stdout, stderr) = diff(repo.path(), &["--fail-on", "breaking"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stdout.contains(&format!(
            "spec/atlas-serverless-restore-jobs.yaml at HEAD → {SPEC} in the working tree"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("[response-optional-property-removed]"), "{stdout}");

    git(repo.path(), &["commit", "--quiet", "-am", "rename, and remove failed"]);
    let (code, stdout, stderr) = diff(repo.path(), &["--base", "HEAD~1", "--head", "HEAD"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("Rust: removes field `types::ServerlessRestoreJob::failed`"),
        "{stdout}"
    );
    set_version(repo.path(), "0.2.0");
    let (code, stdout, stderr) = xtask("release-check", repo.path(), &["--base", "HEAD~1"]);
    assert_eq!(code, Some(0), "release-check follows the rename too: {stderr}");
    assert!(stdout.contains("0.1.0 → 0.2.0: enough"), "{stdout}");
}

#[test]
fn a_spec_that_was_not_there_is_still_reported_missing() {
    let repo = repository();
    let (code, _, stderr) = diff(repo.path(), &["--spec", "spec/nothing.yaml"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("base: there is no spec/nothing.yaml at HEAD"),
        "{stderr}"
    );
}
