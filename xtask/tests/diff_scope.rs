//! A vendor review (`cargo xtask diff --partial`) generates only the operations whose generator inputs differ
//! (`diff/scope.rs`). These tests hold it to generating everything: on every pair of the diff corpus the Rust
//! changes and the semver verdict are the same both ways, and the extensions the scope ignores are ones no part of
//! the generator reads.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use xtask::codegen;
use xtask::diff::report::Report;
use xtask::diff::{self, Source, scope};

/// The review of `base` → `head` with `--partial`: scoped, or (asking for the code diff) generating everything.
fn review(base: &Path, head: &Path, everything: bool) -> Report {
    let options = codegen::Options {
        partial: true,
        ..Default::default()
    };
    let (base, head) = (Source::File(base.to_owned()), Source::File(head.to_owned()));
    diff::run_with(
        Path::new("."),
        "",
        &base,
        &head,
        everything,
        &options,
        &diff::Config::default(),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", base_name(&base)))
}

fn base_name(source: &Source) -> String {
    match source {
        Source::File(path) => path.display().to_string(),
        other => format!("{other:?}"),
    }
}

fn rust_half(report: &Report) -> String {
    format!(
        "semver {:?}\nskipped {:?}\n{}",
        report.semver,
        report.rust_skipped,
        serde_json::to_string_pretty(&report.rust_changes).unwrap()
    )
}

#[test]
fn the_scoped_review_finds_every_rust_change_generating_everything_finds() {
    let mut scoped_somewhere = 0;
    for case in support::diff_cases() {
        let (base, head) = (case.join("base.yaml"), case.join("head.yaml"));
        let scoped = review(&base, &head, false);
        let everything = review(&base, &head, true);
        assert_eq!(
            rust_half(&scoped),
            rust_half(&everything),
            "{}: the scoped review differs from generating everything",
            case.display()
        );
        // What the scoped review leaves out it also generated (or it is the same on both sides).
        let all: BTreeSet<&String> = everything.rust_left_out.iter().collect();
        assert!(
            scoped.rust_left_out.iter().all(|left| all.contains(left)),
            "{}",
            case.display()
        );
        scoped_somewhere += usize::from(scoped.rust_unchanged_operations > 0);
    }
    // The corpus exercises the scope: pairs whose other operations stay the same.
    assert!(
        scoped_somewhere > 50,
        "only {scoped_somewhere} cases left an operation out of the scope"
    );
}

#[test]
fn a_pair_differing_only_in_documentation_extensions_generates_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let spec = std::fs::read_to_string("tests/diff-cases/response-property-enum-value-added/base.yaml").unwrap();
    let with_samples = spec.replacen(
        "responses:",
        "x-codeSamples: [{lang: cURL, source: curl}]\n      responses:",
        1,
    );
    assert_ne!(spec, with_samples, "the sample went into the document");
    std::fs::write(dir.path().join("base.yaml"), &spec).unwrap();
    std::fs::write(dir.path().join("head.yaml"), &with_samples).unwrap();

    let report = review(&dir.path().join("base.yaml"), &dir.path().join("head.yaml"), false);
    assert!(report.rust_changes.is_empty(), "{:?}", report.rust_changes);
    assert!(report.rust_unchanged_operations > 0);
    assert!(
        diff::render::text(&report).contains("operations not generated: the same on both sides"),
        "{}",
        diff::render::text(&report)
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&report.to_json()).unwrap()["rust_unchanged_operations"],
        report.rust_unchanged_operations
    );
}

/// Atlas' integrations: a base whose discriminator `mapping` names its subtypes, which `allOf` it; an operation
/// reaches the base alone, and the preparation makes the mapping the base's choices. A property added to a subtype
/// changes that operation's code, so the scope must follow the mapping (the one-date cuts of Atlas' document missed
/// three Rust changes before it did).
#[test]
fn a_subtype_named_only_by_a_discriminator_mapping_is_in_the_scope() {
    let spec = |datadog_properties: &str| {
        format!(
            r##"openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /integrations:
    get:
      operationId: listIntegrations
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Integration"}}
  /other:
    get:
      operationId: getOther
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{name: {{type: string}}}}}}
components:
  schemas:
    Integration:
      type: object
      required: [type]
      properties:
        type: {{type: string}}
      discriminator:
        propertyName: type
        mapping:
          DATADOG: "#/components/schemas/Datadog"
          SLACK: "#/components/schemas/Slack"
    Datadog:
      allOf:
        - $ref: "#/components/schemas/Integration"
        - type: object
          properties: {{{datadog_properties}}}
    Slack:
      allOf:
        - $ref: "#/components/schemas/Integration"
        - type: object
          properties: {{channel: {{type: string}}}}
"##
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = (dir.path().join("base.yaml"), dir.path().join("head.yaml"));
    std::fs::write(&base, spec("apiKey: {type: string}")).unwrap();
    std::fs::write(&head, spec("apiKey: {type: string}, region: {type: string}")).unwrap();
    let scoped = review(&base, &head, false);
    let everything = review(&base, &head, true);
    assert_eq!(rust_half(&scoped), rust_half(&everything));
    assert!(
        scoped.rust_changes.iter().any(|change| change.item.contains("region")),
        "{}",
        rust_half(&scoped)
    );
    assert_eq!(scoped.rust_unchanged_operations, 1, "getOther alone is the same");
}

/// Two facts of the whole document change what a discriminated base's subtypes generate
/// (`subtypes::pin_discriminator_values`): a subtype used on its own somewhere is listed by its base as a pinned
/// copy, and a subtype several bases list requires the discriminator values of all of them. A head changing either
/// fact changes the code of an operation whose own schemas are unchanged, so the scope must see it.
#[test]
fn a_subtype_used_alone_or_listed_by_another_base_changes_the_operations_listing_it() {
    let spec = |extra_paths: &str, extra_schemas: &str| {
        format!(
            r##"openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Pet"}}
{extra_paths}components:
  schemas:
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Cat"
        - $ref: "#/components/schemas/Dog"
      discriminator:
        propertyName: petType
    Cat:
      type: object
      required: [petType]
      properties:
        petType: {{type: string}}
        meows: {{type: boolean}}
    Dog:
      type: object
      required: [petType]
      properties:
        petType: {{type: string}}
        barks: {{type: boolean}}
{extra_schemas}"##
        )
    };
    let cat_alone = r##"  /cat:
    get:
      operationId: getCat
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Cat"}
"##;
    let another_base = r##"    Animal:
      oneOf:
        - $ref: "#/components/schemas/Cat"
      discriminator:
        propertyName: petType
        mapping:
          kitty: "#/components/schemas/Cat"
"##;
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.yaml");
    std::fs::write(&base, spec("", "")).unwrap();
    for (name, head_text) in [
        ("cat used alone", spec(cat_alone, "")),
        ("cat listed by another base", spec("", another_base)),
    ] {
        let head = dir.path().join("head.yaml");
        std::fs::write(&head, head_text).unwrap();
        let scoped = review(&base, &head, false);
        let everything = review(&base, &head, true);
        assert!(
            !everything.rust_changes.is_empty(),
            "{name}: the pair changes the Rust API"
        );
        assert_eq!(rust_half(&scoped), rust_half(&everything), "{name}");
    }
}

/// Every `x-…` string literal in the sources of the generator — progenitor and typify as this workspace locks
/// them, and xtask's own preparation — is one the scope compares.
#[test]
fn the_scope_compares_every_extension_the_generator_reads() {
    let mut source_dirs: Vec<PathBuf> = ["progenitor-impl", "typify-impl"].map(registry_source).into();
    source_dirs.push(PathBuf::from("src"));

    let mut read = BTreeSet::new();
    for dir in &source_dirs {
        for file in rust_files(dir) {
            // The review's own rules, drift and import read the spec's extensions too; they are not the generator.
            let not_the_generator = ["diff", "vendor_drift", "spec_import"];
            if file
                .components()
                .any(|part| not_the_generator.iter().any(|name| part.as_os_str() == *name))
            {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            read.extend(extension_literals(&text));
        }
    }
    let compared: BTreeSet<String> = scope::GENERATOR_EXTENSIONS.iter().map(|x| x.to_string()).collect();
    assert!(
        read.contains("x-rust-type") && read.contains("x-sunset"),
        "the scan finds literals: {read:?}"
    );
    let missing: Vec<&String> = read.difference(&compared).collect();
    assert!(
        missing.is_empty(),
        "the generator reads {missing:?}, which diff/scope.rs ignores"
    );
}

/// The `src/` of the version of `package` that Cargo.lock pins, where cargo unpacked it.
fn registry_source(package: &str) -> PathBuf {
    let lock: toml::Table = std::fs::read_to_string("../Cargo.lock").unwrap().parse().unwrap();
    let versions: Vec<&str> = lock["package"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["name"].as_str() == Some(package))
        .map(|entry| entry["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions.len(), 1, "{package} is locked once: {versions:?}");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cargo"));
    let unpacked = format!("{package}-{}", versions[0]);
    std::fs::read_dir(cargo_home.join("registry/src"))
        .expect("cargo's registry sources")
        .filter_map(|index| Some(index.ok()?.path().join(&unpacked).join("src")))
        .find(|src| src.is_dir())
        .unwrap_or_else(|| panic!("{unpacked} is not unpacked under {}", cargo_home.display()))
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// `"x-rust-type"` → `x-rust-type`: every string literal that is an extension name.
fn extension_literals(text: &str) -> Vec<String> {
    text.match_indices("\"x-")
        .filter_map(|(at, _)| {
            let name = &text[at + 1..];
            let end = name[2..].find(|c: char| !(c.is_ascii_lowercase() || c == '-'))? + 2;
            (end > 2 && name[end..].starts_with('"')).then(|| name[..end].to_owned())
        })
        .collect()
}
