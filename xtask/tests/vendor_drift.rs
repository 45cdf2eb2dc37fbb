//! `cargo xtask drift`: our spec against a vendor's document — on Atlas' published document (the fixtures beside
//! the checkout, as `vendor_document.rs` finds them) and on small documents of our own, in every format.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use xtask::diff::acceptance::{self, Deviation};
use xtask::diff::report::Report;
use xtask::diff::{Config, ci_formats, render};
use xtask::project_root;
use xtask::vendor_drift::{self, has_drift};

const SERVERLESS: &str = "GET /api/atlas/v1.0/groups/{groupId}/serverless/{instanceName}/backup/restoreJobs";
const FLEX_LIST: &str = "GET /api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/restoreJobs";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
}

fn published() -> Option<PathBuf> {
    support::published_atlas_document()
}

fn our_deviations() -> Vec<Deviation> {
    acceptance::read_deviations(&project_root().unwrap().join("spec/accepted-changes.toml")).unwrap()
}

fn drift_of_ours(vendor: &Path, deviations: &[Deviation]) -> Report {
    let root = project_root().unwrap();
    vendor_drift::run(
        &root,
        "spec/atlas-restore-jobs.yaml",
        vendor,
        &Config::default(),
        deviations,
        today(),
    )
    .unwrap()
}

fn rules_listed(report: &Report, operation: &str) -> Vec<String> {
    report
        .api_changes
        .iter()
        .filter(|f| f.operation.as_deref() == Some(operation))
        .map(|f| format!("{} {}", f.rule.id(), f.message))
        .collect()
}

#[test]
fn the_published_document_gives_a_report_to_act_on_with_the_deviations_quiet() {
    let Some(vendor) = published() else { return };
    let deviations = our_deviations();
    let report = drift_of_ours(&vendor, &deviations);

    // What Atlas says and our spec does not: the rate-limit headers, the error body's new `fields`.
    let flex_list = rules_listed(&report, FLEX_LIST);
    assert!(
        flex_list
            .iter()
            .any(|f| f.starts_with("response-header-added") && f.contains("RateLimit-Limit")),
        "{flex_list:#?}"
    );
    assert!(
        flex_list.iter().any(|f| f.contains("badRequestDetail.fields")),
        "{flex_list:#?}"
    );
    // A deliberate deviation (ids in responses are plain strings) is counted, not listed.
    assert!(
        !flex_list
            .iter()
            .any(|f| f.starts_with("response-property-pattern-added"))
    );
    assert!(report.unlisted_accepted > 100, "{}", report.unlisted_accepted);
    assert!(
        report.acceptance_notes.is_empty(),
        "stale deviations: {:#?}",
        report.acceptance_notes
    );
    // The serverless operation is gone from the document: named, and kept on purpose.
    assert_eq!(report.not_published.len(), 1);
    assert_eq!(report.not_published[0].operation, SERVERLESS);
    assert!(report.not_published[0].kept.as_deref().unwrap().contains("sunset"));
    assert!(has_drift(&report));

    // Without the deviations the same document lists them, and the dropped operation is not kept.
    let bare = drift_of_ours(&vendor, &[]);
    assert!(
        rules_listed(&bare, FLEX_LIST)
            .iter()
            .any(|f| f.starts_with("response-property-pattern-added"))
    );
    assert_eq!(bare.unlisted_accepted, 0);
    assert_eq!(bare.not_published[0].kept, None);
    assert!(bare.api_changes.len() > report.api_changes.len() + 100);
}

#[test]
fn the_published_document_renders_in_every_format() {
    let Some(vendor) = published() else { return };
    let report = drift_of_ours(&vendor, &our_deviations());
    let text = render::text(&report);
    assert!(text.starts_with("Drift from the vendor's document: "), "{text}");
    assert!(text.contains("Operations of our spec that the vendor's document no longer has:\n  GET /api/atlas/v1.0/"));
    assert!(text.contains("[response-header-added] response 200: header `RateLimit-Limit` added"));
    let markdown = render::comment(&report);
    assert!(
        markdown.starts_with("**Drift from the vendor's document: "),
        "{markdown}"
    );
    assert!(markdown.contains("no longer has"));
    let json: Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["not_published"][0]["operation"], SERVERLESS);
    assert!(json["unlisted_accepted"].as_u64().unwrap() > 100);
    assert!(
        json["api_changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f.get("accepted").is_none())
    );
    let github = ci_formats::github(&report);
    assert!(
        github.contains("::notice title=not-published::GET /api/atlas/v1.0/"),
        "{github}"
    );
    assert!(github.contains("::notice title=Drift from the vendor's document::"));
    // Each annotation lands on a line of the vendor's document or ours.
    assert!(github.contains("atlas-admin-v2-2026-08-21.yaml,line="), "{github}");
    let junit = ci_formats::junit(&report);
    assert!(junit.contains(&format!("<testcase name=\"{}\"", SERVERLESS)), "{junit}");
    assert!(junit.contains("type=\"response-property-became-nullable\""));
}

/// A repository holding `ours` as `spec/api.yaml`, and `theirs` beside it.
fn small_case(ours: &str, theirs: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("spec")).unwrap();
    std::fs::write(dir.path().join("spec/api.yaml"), ours).unwrap();
    let vendor = dir.path().join("vendor.yaml");
    std::fs::write(&vendor, theirs).unwrap();
    (dir, vendor)
}

fn drift(dir: &Path, vendor: &Path, deviations: &[Deviation]) -> Report {
    vendor_drift::run(dir, "spec/api.yaml", vendor, &Config::default(), deviations, today()).unwrap()
}

const OURS: &str = r##"openapi: 3.0.3
info: {title: jobs, version: "1"}
paths:
  /groups/{groupId}/jobs:
    get:
      operationId: listJobs
      parameters:
        - {name: groupId, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/vnd.atlas.2024-11-13+json:
              schema: {$ref: "#/components/schemas/Job"}
  /groups/{groupId}/old:
    delete:
      operationId: deleteOld
      parameters:
        - {name: groupId, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: gone}
components:
  schemas:
    Job:
      type: object
      properties:
        id: {type: string}
        state: {type: string, enum: [QUEUED, DONE]}
"##;

/// The vendor's document: our list under another operationId (naming ours as the SDKs' name) and other component
/// names, with a property and an enum value added, a newer version beside ours; an operation we do not have; and
/// no `deleteOld`.
const THEIRS: &str = r##"openapi: 3.0.3
info: {title: jobs, version: "2"}
paths:
  /groups/{groupId}/jobs:
    get:
      operationId: listGroupJobs
      x-xgen-operation-id-override: listJobs
      parameters:
        - {name: groupId, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/vnd.atlas.2024-11-13+json:
              schema: {$ref: "#/components/schemas/JobView"}
            application/vnd.atlas.2026-05-01+json:
              schema: {$ref: "#/components/schemas/JobView"}
  /groups/{id}/other:
    get:
      operationId: listOther
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: OK}
components:
  schemas:
    JobView:
      type: object
      properties:
        id: {type: string}
        state: {type: string, enum: [QUEUED, DONE, FAILED]}
        region: {type: string}
        owner: {$ref: "#/components/schemas/Owner"}
    Owner:
      type: object
      properties:
        name: {type: string}
"##;

#[test]
fn a_small_drift_names_what_the_vendor_added_and_what_it_dropped() {
    let (dir, vendor) = small_case(OURS, THEIRS);
    let report = drift(dir.path(), &vendor, &[]);
    let listed = rules_listed(&report, "GET /groups/{groupId}/jobs");
    for expected in [
        "response-optional-property-added",
        "response-property-enum-value-added",
        "response-media-type-added",
    ] {
        assert!(
            listed.iter().any(|f| f.starts_with(expected)),
            "{expected} in {listed:#?}"
        );
    }
    // Same operation under our name, same type under our name: no rename in the Rust half.
    assert!(!listed.iter().any(|f| f.starts_with("api-operation-id")), "{listed:#?}");
    let rust: Vec<&str> = report.rust_changes.iter().map(|c| c.item.as_str()).collect();
    assert!(
        rust.iter()
            .all(|item| !item.contains("JobView") && !item.contains("ListGroupJobs")),
        "{rust:#?}"
    );
    assert!(rust.contains(&"types::Job::region"), "{rust:#?}");
    // A type added whole is one line: its fields, impls and builder are counted, not listed.
    assert!(rust.contains(&"types::Owner"), "{rust:#?}");
    assert!(
        !rust
            .iter()
            .any(|item| item.starts_with("types::Owner::") || item.contains("for Owner")),
        "{rust:#?}"
    );
    assert!(report.rust_folded >= 3, "{}", report.rust_folded);
    assert!(render::text(&report).contains("more: the fields, methods, variants, trait impls and builders"));
    // The vendor's other operation is not ours: not compared. Ours it dropped: named.
    assert!(rules_listed(&report, "GET /groups/{id}/other").is_empty());
    assert_eq!(report.not_published.len(), 1);
    assert_eq!(report.not_published[0].operation, "DELETE /groups/{groupId}/old");
    assert!(has_drift(&report));
}

#[test]
fn a_deprecation_and_sunset_the_vendor_announced_and_a_constraint_it_added_are_reported() {
    let theirs = OURS
        .replace(
            "      operationId: listJobs\n",
            "      operationId: listJobs\n      deprecated: true\n      x-sunset: \"2027-06-30\"\n",
        )
        .replace(
            "        id: {type: string}",
            "        id: {type: string, maxLength: 24}",
        );
    let (dir, vendor) = small_case(OURS, &theirs);
    let report = drift(dir.path(), &vendor, &[]);
    let listed = rules_listed(&report, "GET /groups/{groupId}/jobs");
    assert!(
        listed
            .iter()
            .any(|f| f == "endpoint-deprecated-with-sunset operation deprecated, sunset on 2027-06-30"),
        "{listed:#?}"
    );
    // A response constraint breaks no client, so no rule reports it; the Rust half shows what it would change.
    let id = report
        .rust_changes
        .iter()
        .find(|c| c.item == "types::Job::id")
        .expect("the field's type changes");
    assert_eq!(id.new.as_deref(), Some("Option<JobId>"));
    assert!(has_drift(&report));
}

#[test]
fn an_operation_of_the_vendor_that_is_not_valid_does_not_stop_the_comparison_of_ours() {
    // The vendor's other operation uses a path parameter it does not declare: its document is not valid OpenAPI,
    // but the operations drift compares are.
    let theirs = THEIRS.replace(
        "      operationId: listOther\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n",
        "      operationId: listOther\n",
    );
    assert_ne!(theirs, THEIRS);
    let (dir, vendor) = small_case(OURS, &theirs);
    let report = drift(dir.path(), &vendor, &[]);
    assert_eq!(report.rust_skipped, None);
    assert!(report.validity_problems.is_empty(), "{:?}", report.validity_problems);
    assert!(report.rust_changes.iter().any(|c| c.item == "types::Job::region"));
}

fn deviations(text: &str) -> Vec<Deviation> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accepted-changes.toml");
    std::fs::write(&path, text).unwrap();
    acceptance::read_deviations(&path).unwrap()
}

#[test]
fn accepted_deviations_stay_quiet_and_a_stale_one_is_reported() {
    let (dir, vendor) = small_case(OURS, THEIRS);
    let first = drift(dir.path(), &vendor, &[]);
    let enum_value = first
        .api_changes
        .iter()
        .find(|f| f.rule.id() == "response-property-enum-value-added")
        .unwrap();
    let accepted = deviations(&format!(
        r#"
[[deviation]]
fingerprint = "{}"
reason = "FAILED is not sent to this client"

[[deviation]]
rule = "response-optional-property-added"
operation = "GET /groups/{{groupId}}/jobs"
reason = "region is not ours to read"

[[deviation]]
rule = "response-media-type-added"
reason = "we stay on 2024-11-13"

[[deviation]]
operation = "DELETE /groups/{{groupId}}/old"
reason = "kept until its sunset"
"#,
        enum_value.fingerprint
    ));
    let quiet = drift(dir.path(), &vendor, &accepted);
    assert!(quiet.api_changes.is_empty(), "{:#?}", quiet.api_changes);
    assert_eq!(quiet.unlisted_accepted, first.api_changes.len());
    // The Rust changes only accepted findings cause go with them.
    assert!(quiet.rust_changes.iter().all(|c| c.item != "types::Job::region"));
    assert_eq!(quiet.not_published[0].kept.as_deref(), Some("kept until its sunset"));
    assert!(!has_drift(&quiet), "{}", render::text(&quiet));

    // Once the vendor's document says what ours says, a deviation is stale.
    let (same, same_vendor) = small_case(OURS, OURS);
    let stale = drift(same.path(), &same_vendor, &accepted);
    assert!(stale.api_changes.is_empty());
    assert_eq!(stale.acceptance_notes.len(), 4, "{:#?}", stale.acceptance_notes);
    assert!(stale.acceptance_notes[0].contains("matches no finding (stale: remove it)"));
    assert!(has_drift(&stale));
}

#[test]
fn a_deviation_entry_that_names_nothing_usable_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accepted-changes.toml");
    for (text, message) in [
        (
            "[[deviation]]\nrule = \"no-such-rule\"\nreason = \"x\"\n",
            "no rule `no-such-rule`",
        ),
        (
            "[[deviation]]\nfingerprint = \"0123456789abcdef\"\nrule = \"endpoint-added\"\nreason = \"x\"\n",
            "not both",
        ),
        (
            "[[deviation]]\nrule = \"endpoint-added\"\nreason = \" \"\n",
            "needs a reason",
        ),
    ] {
        std::fs::write(&path, format!("\n{text}")).unwrap();
        let error = acceptance::read_deviations(&path).unwrap_err().to_string();
        assert!(error.contains(message) || (message == "not both" && error.contains("or only the `operation`")));
        assert!(
            error.contains("accepted-changes.toml") && error.contains(":2"),
            "{error}"
        );
        // The review reads the same file: a wrong deviation stops it too, rather than being skipped.
        assert!(acceptance::read(&path).is_err());
    }
}

#[test]
fn the_command_exits_0_1_or_2_and_names_what_it_cannot_read() {
    let (dir, vendor) = small_case(OURS, THEIRS);
    let drift = |args: &[&str]| support::xtask("drift", dir.path(), args);
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let vendor = vendor.to_str().unwrap();
    let (code, out, _) = drift(&["--spec", "spec/api.yaml", "--vendor", vendor]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("DELETE /groups/{groupId}/old"));
    let (code, _, _) = drift(&["--spec", "spec/api.yaml", "--vendor", &path("spec/api.yaml")]);
    assert_eq!(code, Some(0), "our spec against itself has no drift");
    let (code, _, err) = drift(&["--spec", "spec/api.yaml", "--vendor", &path("missing.yaml")]);
    assert_eq!(code, Some(2));
    assert!(err.contains("missing.yaml"), "{err}");
    std::fs::write(dir.path().join("broken.yaml"), "openapi: [").unwrap();
    let (code, _, err) = drift(&["--spec", "spec/api.yaml", "--vendor", &path("broken.yaml")]);
    assert_eq!(code, Some(2));
    assert!(err.contains("broken.yaml"), "{err}");
    for format in ["markdown", "json", "github", "junit"] {
        let (code, out, err) = drift(&["--spec", "spec/api.yaml", "--vendor", vendor, "--format", format]);
        assert_eq!(code, Some(1), "{format}: {err}");
        assert!(out.contains("DELETE /groups/{groupId}/old"), "{format}: {out}");
    }
}
