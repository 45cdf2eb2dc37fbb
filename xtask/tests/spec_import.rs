//! `cargo xtask spec import`: operations of the vendor's document into our spec — refused with nothing written
//! when they cannot be; and, on Atlas' published document (beside the checkout, as `vendor_document.rs` finds it),
//! a list and a create taken into a copy of this workspace, generated, reviewed and exercised over HTTP.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use xtask::project_root;
use xtask::spec_import::{self, ImportError, Request};

fn published() -> Option<PathBuf> {
    support::published_atlas_document()
}

/// Our spec, copied into a temporary directory.
fn our_spec_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("api.yaml");
    std::fs::copy(project_root().unwrap().join(support::SPEC), &spec).unwrap();
    (dir, spec)
}

fn request<'a>(vendor: &'a Path, ids: &'a [String]) -> Request<'a> {
    Request {
        vendor,
        operation_ids: ids,
        api_version: None,
        keep_ours: false,
    }
}

fn ids(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| id.to_string()).collect()
}

/// Import `ids` from `vendor` into `spec`, expecting a refusal: the error, the spec left as it was.
fn refused(spec: &Path, vendor: &Path, ids: &[String], change: impl FnOnce(&mut Request)) -> ImportError {
    let before = std::fs::read(spec).unwrap();
    let mut request = request(vendor, ids);
    change(&mut request);
    let error = spec_import::run(spec, &request).expect_err("refused");
    assert_eq!(std::fs::read(spec).unwrap(), before, "nothing written: {error}");
    error
}

#[test]
fn a_list_and_a_create_are_written_in_our_style_around_what_was_there() {
    let Some(vendor) = published() else { return };
    let (_dir, spec) = our_spec_copy();
    let before = std::fs::read_to_string(&spec).unwrap();
    let wanted = ids(&["listFlexClusters", "createGroupFlexCluster"]);
    let imported = spec_import::run(&spec, &request(&vendor, &wanted)).unwrap();
    let after = std::fs::read_to_string(&spec).unwrap();
    assert_eq!(after, imported.text);

    // Every line of ours is still there, in order: comments, notes, layout.
    let mut new_lines = after.lines();
    for line in before.lines() {
        assert!(new_lines.any(|new| new == line), "line lost or moved: {line}");
    }
    // Our style: the SDK's operationIds, our component names, the vendor's page schema without `ApiAtlas…View`.
    let raw: Value = xtask::spec::read_yaml(&spec, &after).unwrap();
    let flex = &raw["paths"]["/api/atlas/v2/groups/{groupId}/flexClusters"];
    assert_eq!(flex["get"]["operationId"], "listFlexClusters");
    assert_eq!(flex["post"]["operationId"], "createFlexCluster");
    let page = "/content/application~1vnd.atlas.2024-11-13+json/schema/$ref";
    assert_eq!(
        flex["get"].pointer(&format!("/responses/200{page}")).unwrap(),
        "#/components/schemas/PaginatedFlexClusters20241113"
    );
    assert_eq!(
        flex["post"]["responses"]["400"]["$ref"],
        "#/components/responses/BadRequest"
    );
    assert!(
        raw.pointer("/components/schemas/FlexClusterDescriptionCreate20241113")
            .is_some()
    );
    assert!(
        raw.pointer("/components/responses/badRequest").is_none(),
        "no duplicate of ours"
    );
    assert!(
        imported.reused.iter().any(|r| r.starts_with("schemas/ApiError ")),
        "{:#?}",
        imported.reused
    );
    // The tag the operations use is declared, with the vendor's description.
    let tags: Vec<&str> = raw["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(tags.contains(&"Flex Clusters"), "{tags:?}");

    // Imported again: already there, nothing written.
    let error = refused(&spec, &vendor, &ids(&["listFlexClusters"]), |_| {});
    assert!(
        error
            .to_string()
            .contains("already in our spec: GET /api/atlas/v2/groups/{groupId}/flexClusters"),
        "{error}"
    );
}

#[test]
fn an_unknown_id_an_operation_we_have_and_a_version_not_offered_are_refused() {
    let Some(vendor) = published() else { return };
    let (_dir, spec) = our_spec_copy();
    let error = refused(&spec, &vendor, &ids(&["listFlexClusterz"]), |_| {}).to_string();
    assert!(error.contains("no operation `listFlexClusterz`"), "{error}");
    let error = refused(&spec, &vendor, &ids(&["FlexCluster"]), |_| {}).to_string();
    assert!(
        error.contains("similar: ") && error.contains("createFlexCluster"),
        "{error}"
    );
    let error = refused(&spec, &vendor, &ids(&["listFlexRestoreJobs"]), |_| {}).to_string();
    assert!(error.contains("already in our spec"), "{error}");
    let error = refused(&spec, &vendor, &ids(&["listFlexClusters"]), |request| {
        request.api_version = Some("2023-01-01".parse().unwrap())
    })
    .to_string();
    assert!(
        error.contains("not offered in version 2023-01-01; it has 2024-11-13"),
        "{error}"
    );
}

const OURS: &str = r##"openapi: 3.0.3
info: {title: jobs, version: "1"}
paths:
  /jobs:
    get:
      operationId: listJobs
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Link"}
components:
  schemas:
    Link:
      type: object
      properties:
        href: {type: string}
"##;

const THEIRS: &str = r##"openapi: 3.0.3
info: {title: jobs, version: "2"}
paths:
  /other:
    get:
      operationId: getOther
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Link"}
  /broken/{id}:
    get:
      operationId: getBroken
      responses:
        "200": {description: OK}
  /dangling:
    get:
      operationId: getDangling
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Missing"}
components:
  schemas:
    Link:
      type: object
      properties:
        href: {type: string}
        rel: {type: string}
"##;

fn small_case() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("api.yaml");
    let vendor = dir.path().join("vendor.yaml");
    std::fs::write(&spec, OURS).unwrap();
    std::fs::write(&vendor, THEIRS).unwrap();
    (dir, spec, vendor)
}

#[test]
fn a_component_of_ours_that_differs_is_a_conflict_unless_ours_is_kept() {
    let (_dir, spec, vendor) = small_case();
    let error = refused(&spec, &vendor, &ids(&["getOther"]), |_| {}).to_string();
    assert!(
        error.contains("`schemas/Link`") && error.contains("/properties/rel: only in the vendor's"),
        "{error}"
    );
    let wanted = ids(&["getOther"]);
    let mut keep = request(&vendor, &wanted);
    keep.keep_ours = true;
    let imported = spec_import::run(&spec, &keep).unwrap();
    assert!(imported.added.is_empty());
    assert!(imported.reused[0].contains("ours kept"), "{:?}", imported.reused);
    assert!(
        imported
            .text
            .contains("  /other:\n    get:\n      operationId: getOther\n")
    );
}

#[test]
fn the_command_says_what_it_did_and_a_dry_run_writes_nothing() {
    let (_dir, spec, vendor) = small_case();
    let run = |extra: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["spec", "import", "--keep-ours", "--spec"])
            .arg(&spec)
            .arg("--vendor")
            .arg(&vendor)
            .args(extra)
            .arg("getOther")
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, said) = run(&["--dry-run"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("operation GET /other (getOther)") && said.contains("nothing written"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), OURS);
    let (code, said) = run(&[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("reused schemas/Link") && said.contains("now run `cargo xtask codegen`"),
        "{said}"
    );
    assert!(std::fs::read_to_string(&spec).unwrap().contains("getOther"));
    // A second time: refused, exit 1, the cause named.
    let (code, said) = run(&[]);
    assert_eq!(code, Some(1));
    assert!(
        said.contains("error: importing into") && said.contains("already in our spec: GET /other"),
        "{said}"
    );
}

#[test]
fn a_path_ours_spells_with_other_parameter_names_is_refused() {
    let (_dir, spec, vendor) = small_case();
    let ours = OURS.replace("  /jobs:\n", "  /jobs/{jobId}:\n").replace(
        "      operationId: listJobs\n",
        "      operationId: listJobs\n      parameters:\n        - {name: jobId, in: path, required: true, schema: {type: string}}\n",
    );
    std::fs::write(&spec, &ours).unwrap();
    let theirs = THEIRS.replace(
        "  /other:\n    get:\n      operationId: getOther\n",
        "  /jobs/{id}:\n    delete:\n      operationId: deleteJob\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n",
    );
    std::fs::write(&vendor, theirs).unwrap();
    let error = refused(&spec, &vendor, &ids(&["deleteJob"]), |_| {}).to_string();
    assert!(
        error.contains("`/jobs/{id}`, which our spec spells `/jobs/{jobId}`"),
        "{error}"
    );
}

#[test]
fn an_import_that_would_leave_the_spec_invalid_writes_nothing() {
    let (_dir, spec, vendor) = small_case();
    // Its path parameter is not declared: the spec would not validate.
    let error = refused(&spec, &vendor, &ids(&["getBroken"]), |_| {});
    assert!(matches!(error, ImportError::Invalid(_)), "{error}");
    let error = refused(&spec, &vendor, &ids(&["getDangling"]), |_| {}).to_string();
    assert!(error.contains("#/components/schemas/Missing"), "{error}");
    let missing = refused(&spec, &spec.with_file_name("nope.yaml"), &ids(&["getOther"]), |_| {}).to_string();
    assert!(missing.contains("nope.yaml"), "{missing}");
}

/// This build's target directory, which the copy's build shares (so only generated-client is compiled again).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().unwrap().join("target"))
}

/// The files of this workspace (tracked, and new ones not ignored) copied into a new git repository at
/// `target/import-check/`: always the same place, so that each run's build of the copy replaces the last one's
/// instead of adding half a gigabyte of test binaries under new names.
fn workspace_copy() -> PathBuf {
    let root = project_root().unwrap();
    let dir = target_dir().join("import-check");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    let listed = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .output()
        .unwrap();
    assert!(listed.status.success());
    for file in listed.stdout.split(|&b| b == 0).filter(|f| !f.is_empty()) {
        let file = std::str::from_utf8(file).unwrap();
        let (from, to) = (root.join(file), dir.join(file));
        if from.is_file() {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&from, &to).unwrap();
        }
    }
    support::git(&dir, &["init", "--quiet"]);
    support::git(&dir, &["add", "."]);
    support::git(&dir, &["commit", "--quiet", "-m", "before the import"]);
    dir
}

/// `cargo xtask <args>` in `checkout`, as a maintainer runs it there: its stdout and stderr; panics with them on
/// failure.
fn xtask(checkout: &Path, args: &[&str]) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(checkout)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(output.status.success(), "xtask {args:?}:\n{stdout}\n{stderr}");
    (stdout.into_owned(), stderr.into_owned())
}

/// Calls the imported operations against a mock server speaking Atlas' v2 media type: a page of clusters decodes
/// and encodes back to what the server sent, a create body is sent as documented.
const RUNTIME_TEST: &str = r##"
mod support;

use generated_client::types::{FlexClusterDescriptionCreate20241113, PaginatedFlexClusters20241113};
use generated_client::{Client, Credentials, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MEDIA: &str = "application/vnd.atlas.2024-11-13+json";

fn cluster() -> serde_json::Value {
    json!({
        "id": "6650c0e1a4b2c3d4e5f60718", "groupId": support::GROUP, "name": "my-flex",
        "clusterType": "REPLICASET", "mongoDBVersion": "8.0.4", "stateName": "IDLE",
        "createDate": "2026-05-24T09:30:00Z", "terminationProtectionEnabled": false, "versionReleaseSystem": "LTS",
        "backupSettings": {"enabled": true},
        "connectionStrings": {"standardSrv": "mongodb+srv://my-flex.abcde.mongodb.net"},
        "providerSettings": {"backingProviderName": "AWS", "diskSizeGB": 5.0, "providerName": "FLEX",
            "regionName": "US_EAST_1"},
        "tags": [{"key": "env", "value": "dev"}],
        "links": [{"rel": "self", "href": "https://cloud.mongodb.com/api/atlas/v2/groups/x/flexClusters/my-flex"}]
    })
}

#[tokio::test]
async fn the_imported_operations_travel_over_http() {
    let server = MockServer::start().await;
    let clusters = format!("/api/atlas/v2/groups/{}/flexClusters", support::GROUP);
    let page = json!({"results": [cluster()], "totalCount": 1, "links": []});
    Mock::given(method("GET")).and(path(clusters.as_str())).and(header("accept", MEDIA))
        .respond_with(ResponseTemplate::new(200).insert_header("content-type", MEDIA).set_body_json(&page))
        .mount(&server).await;
    let create = json!({"name": "my-flex", "providerSettings": {"backingProviderName": "AWS",
        "regionName": "US_EAST_1"}, "tags": [{"key": "env", "value": "dev"}]});
    Mock::given(method("POST")).and(path(clusters.as_str())).and(body_json(&create))
        .respond_with(ResponseTemplate::new(201).insert_header("content-type", MEDIA).set_body_json(cluster()))
        .expect(1)
        .mount(&server).await;
    let client = Client::builder().base_url(server.uri()).credentials(Credentials::None)
        .retry_policy(RetryPolicy::disabled()).build().unwrap();

    let listed: PaginatedFlexClusters20241113 =
        client.list_flex_clusters().group_id(support::GROUP).send().await.unwrap().into_inner();
    assert_eq!(serde_json::to_value(&listed).unwrap(), page);

    let body: FlexClusterDescriptionCreate20241113 = serde_json::from_value(create.clone()).unwrap();
    let created = client.create_flex_cluster().group_id(support::GROUP).body(body).send().await.unwrap();
    assert_eq!(serde_json::to_value(created.into_inner()).unwrap(), cluster());
}
"##;

/// The maintainer's loop on a copy of this workspace: import, codegen, review, then the generated crate's tests
/// (with one more that calls the new operations). Cargo builds in this build's target directory, so only
/// generated-client is compiled again.
#[test]
fn imported_operations_generate_review_as_added_and_pass_the_crate_tests() {
    let Some(vendor) = published() else { return };
    let copy = workspace_copy();
    let checkout = copy.as_path();
    let vendor = vendor.to_str().unwrap();
    let (_, said) = xtask(
        checkout,
        &[
            "spec",
            "import",
            "--vendor",
            vendor,
            "listFlexClusters",
            "createFlexCluster",
        ],
    );
    assert!(said.contains("added schemas/FlexClusterDescription20241113"), "{said}");
    xtask(checkout, &["codegen"]);
    xtask(checkout, &["codegen", "--check"]);
    let (json, _) = xtask(checkout, &["diff", "--format", "json"]);
    let review: Value = serde_json::from_str(&json).unwrap();
    let added: Vec<&str> = review["api_changes"]
        .as_array()
        .map(|changes| {
            changes
                .iter()
                .filter(|f| f["rule"] == "endpoint-added")
                .filter_map(|f| f["operation_id"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(added, ["listFlexClusters", "createFlexCluster"], "{review:#}");
    assert!(
        review["rust_changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["item"] == "Client::list_flex_clusters")
    );

    std::fs::write(
        checkout.join("generated-client/tests/imported_operations.rs"),
        RUNTIME_TEST,
    )
    .unwrap();
    let cargo = |args: &[&str]| {
        Command::new(env!("CARGO"))
            .args(args)
            .current_dir(checkout)
            .env("CARGO_TARGET_DIR", target_dir())
            .env_remove("CARGO_MANIFEST_DIR")
            .output()
            .unwrap()
    };
    // Built first, to learn which files the copy's build adds to the shared target directory: they are removed
    // afterwards (half a gigabyte of test binaries; CI's disk is small), whatever the outcome.
    let built = cargo(&[
        "test",
        "--locked",
        "-p",
        "generated-client",
        "--no-run",
        "--message-format=json",
    ]);
    let artifacts = BuiltHere(copy_artifacts(&String::from_utf8_lossy(&built.stdout), checkout));
    assert!(
        built.status.success(),
        "cargo test --no-run -p generated-client in the copy:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(
        artifacts.0.len() > 20,
        "the copy's lib and test binaries: {:?}",
        artifacts.0
    );
    let tested = cargo(&["test", "--locked", "-p", "generated-client"]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&tested.stdout),
        String::from_utf8_lossy(&tested.stderr),
    );
    assert!(
        tested.status.success(),
        "cargo test -p generated-client in the copy:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("test the_imported_operations_travel_over_http ... ok"),
        "{stdout}"
    );
}

/// The files cargo reports building for the copy's packages (`--message-format=json`): their libraries and test
/// binaries, which no other build uses.
fn copy_artifacts(messages: &str, checkout: &Path) -> Vec<PathBuf> {
    let checkout = checkout.to_string_lossy();
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| {
            message["manifest_path"]
                .as_str()
                .is_some_and(|m| m.starts_with(&*checkout))
        })
        .flat_map(|message| {
            let files = message["filenames"].as_array().cloned().unwrap_or_default();
            files.into_iter().chain(std::iter::once(message["executable"].clone()))
        })
        .filter_map(|file| file.as_str().map(PathBuf::from))
        .collect()
}

/// Removes the copy's build artifacts when dropped, also when an assertion fails.
struct BuiltHere(Vec<PathBuf>);

impl Drop for BuiltHere {
    fn drop(&mut self) {
        for file in &self.0 {
            let _ = std::fs::remove_file(file);
            let _ = std::fs::remove_file(file.with_extension("d"));
        }
    }
}
