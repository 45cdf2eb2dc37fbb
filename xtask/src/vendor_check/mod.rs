//! `cargo xtask vendor-check`: does the code generated from a vendor's document work at run time?
//!
//! Compiling is not working. Every documented body — each generated operation's success response and request body
//! as the vendor's documentation pages show them, and each discriminated subtype — is decoded into the Rust type
//! the generated builder uses, encoded again and compared with what was documented:
//!
//! 1. generate the document as `cargo xtask codegen --partial` does (`codegen::generate_with`);
//! 2. find the bodies and their Rust types (`targets.rs`);
//! 3. render each body with Redocly's `openapi-sampler` and check it against its schema with Ajv, in Node.js
//!    (`xtask/vendor-check/samples.mjs`, versions pinned in its `package-lock.json`);
//! 4. write the generated crate with a round-trip program (`program.rs`), build it, run it;
//! 5. sort the outcomes (`report.rs`): a body that does not come back the same is an *exception* when the
//!    documented body itself breaks its schema (the validator says where), and a *defect* of the generator
//!    otherwise.
//!
//! Everything is written under the work directory (`target/vendor-check/` by default); nothing in the repository.

mod calls;
mod mock;
mod program;
pub mod report;
mod targets;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::codegen;
use crate::prepare::{ApiVersion, Step};

pub use report::{Body, Outcome, Report, Verdict};

/// What to check, and where to work.
#[derive(Debug, Clone)]
pub struct Options {
    /// The vendor's OpenAPI document.
    pub vendor: PathBuf,
    /// Generate each operation at this API version date (default: the newest).
    pub api_version: Option<ApiVersion>,
    /// Where the crate, the samples and the build go.
    pub work_dir: PathBuf,
    /// Preparation steps not to run, to show what one is for.
    pub skip: Vec<Step>,
    /// Also call every operation of the generated client against Prism serving the document (`mock.rs`).
    pub mock: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum VendorCheckError {
    #[error(transparent)]
    Spec(#[from] crate::spec::SpecError),
    #[error(transparent)]
    Codegen(#[from] codegen::CodegenError),
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{what} failed ({status}){}", if .output.is_empty() { String::new() } else { format!(":\n{}", .output) })]
    Command {
        what: String,
        status: String,
        output: String,
    },
    #[error("{what}: {message}")]
    Output { what: String, message: String },
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> VendorCheckError {
    let what = what.into();
    move |source| VendorCheckError::Io { what, source }
}

/// Run the whole check; progress goes to stderr, one line per stage with its time.
pub fn run(options: &Options) -> Result<Report, VendorCheckError> {
    let started = Instant::now();
    let stage = |what: &str| eprintln!("vendor-check: {what} ({:.1} s)", started.elapsed().as_secs_f64());
    let spec = crate::spec::load(&options.vendor)?;
    let label = options.vendor.display().to_string();
    let generated = codegen::generate_with(
        &spec,
        &label,
        &codegen::Options {
            api_version: options.api_version.clone(),
            partial: true,
            only: None,
            skip: options.skip.clone(),
        },
    )?;
    stage(&format!("generated {} operations", generated.operations));
    let found = targets::find(&spec.raw, &generated);
    let (calls, not_callable) = match options.mock {
        true => calls::calls(&spec.raw, &generated),
        false => (Vec::new(), Vec::new()),
    };

    let name = run_name(options);
    let crate_dir = options.work_dir.join(&name);
    // Its own package name, so that runs sharing the target directory never overwrite each other's program.
    let package = format!("vendor-check-{name}");
    let client_crate = workspace()?.join("generated-client");
    let types = prettyplease::unparse(&program::types_only(&generated.syntax));
    let main = program::main_rs(&package, &found.targets);
    program::write_crate(&crate_dir, &package, &client_crate, &types, &main)?;

    // A run with `--mock` renders more (the calls' parameters): its own files, so that two runs at once (the tests)
    // never read each other's.
    let suffix = if options.mock { "-mock" } else { "" };
    let targets_file = crate_dir.join(format!("targets{suffix}.json"));
    let samples_file = crate_dir.join(format!("samples{suffix}.json"));
    write_targets(&targets_file, &found.targets, &calls)?;
    node_modules()?;
    let script = node_dir()?.join("samples.mjs");
    run_command(
        Command::new("node")
            .arg(&script)
            .arg(&options.vendor)
            .arg(&targets_file)
            .arg(&samples_file),
        "rendering the documented bodies (node xtask/vendor-check/samples.mjs)",
    )?;
    stage(&format!("rendered {} documented bodies", found.targets.len()));

    let target_dir = options.work_dir.join("target");
    build(&crate_dir, &target_dir, "building the generated crate")?;
    stage("built the generated crate");
    let program = target_dir.join("debug").join(&package);
    let output = run_command(Command::new(&program).arg(&samples_file), "running the round trip")?;
    let samples = std::fs::read_to_string(&samples_file).map_err(io(samples_file.display().to_string()))?;
    let mut report = report::assemble(
        &label,
        options.api_version.as_ref(),
        generated.operations,
        &found,
        &samples,
        &output,
    )?;
    stage("round-tripped");
    if options.mock {
        let mock = Mock {
            dir: options.work_dir.join(format!("{name}-client")),
            package: format!("vendor-client-{name}"),
            client_crate: &client_crate,
            target_dir: &target_dir,
            calls: &calls,
            samples_file: &samples_file,
        };
        call_the_mock(options, &mock, &spec.raw, &generated, &found.targets, &mut report)?;
        report.not_called = not_callable;
        report.made_parameters = made_parameters(&samples);
        stage("called Prism, static and dynamic");
    }
    Ok(report)
}

/// Where the calling crate goes.
struct Mock<'a> {
    dir: PathBuf,
    package: String,
    client_crate: &'a Path,
    target_dir: &'a Path,
    calls: &'a [calls::Call],
    /// Where the calls' parameters are (`params` of samples.json).
    samples_file: &'a Path,
}

/// Build the whole generated client with its calls (`mock.rs`) and run them against Prism, static then dynamic;
/// each run's undecodable answers are validated.
fn call_the_mock(
    options: &Options,
    mock: &Mock<'_>,
    raw: &serde_json::Value,
    generated: &codegen::Generated,
    targets: &[targets::Target],
    report: &mut Report,
) -> Result<(), VendorCheckError> {
    mock::write_crate(
        &mock.dir,
        &mock.package,
        mock.client_crate,
        &generated.text(),
        mock.calls,
    )?;
    let document = mock.dir.join("document.json");
    codegen::write_atomically(&document, &mock::mock_document(raw).to_string())?;
    build(&mock.dir, mock.target_dir, "building the generated client")?;
    let program = mock.target_dir.join("debug").join(&mock.package);
    for dynamic in [false, true] {
        let mode = if dynamic { "dynamic" } else { "static" };
        let log = mock.dir.join(format!("prism-{mode}.log"));
        let mut run = mock::run_mode(&program, &document, mock.samples_file, dynamic, &log)?;
        validate_answers(
            &options.vendor,
            &mock.dir.join(format!("answers-{mode}")),
            targets,
            &mut run,
        )?;
        report.mock.push(run);
    }
    report.mock_total = generated.operations;
    Ok(())
}

/// The calls whose parameters were made from their pattern, as samples.json's `generated` names them.
fn made_parameters(samples: &str) -> Vec<(String, Vec<String>)> {
    let samples: serde_json::Value = serde_json::from_str(samples).unwrap_or_default();
    let made = samples.get("generated").and_then(serde_json::Value::as_object);
    made.into_iter()
        .flatten()
        .map(|(id, names)| {
            let names = names.as_array().into_iter().flatten();
            (
                id.clone(),
                names.filter_map(serde_json::Value::as_str).map(str::to_owned).collect(),
            )
        })
        .collect()
}

/// Validate each answer that did not decode against its operation's response schema (Node.js, as the samples).
fn validate_answers(
    vendor: &Path,
    stem: &Path,
    targets: &[targets::Target],
    run: &mut mock::MockRun,
) -> Result<(), VendorCheckError> {
    let mut checks = Vec::new();
    for call in run.calls.iter().filter(|c| c.outcome == "undecodable") {
        let key = format!("{}/response", call.id);
        let (Some(target), Some(body)) = (targets.iter().find(|t| t.key == key), &call.body) else {
            continue;
        };
        let Ok(body) = serde_json::from_str::<serde_json::Value>(body) else {
            continue;
        };
        checks.push(serde_json::json!({
            "key": call.id, "pointer": target.pointer, "kind": "media", "direction": "response", "body": body,
        }));
    }
    if checks.is_empty() {
        return Ok(());
    }
    let (input, output) = (stem.with_extension("json"), stem.with_extension("checked.json"));
    codegen::write_atomically(&input, &serde_json::json!({ "targets": checks }).to_string())?;
    run_command(
        Command::new("node")
            .arg(node_dir()?.join("samples.mjs"))
            .arg(vendor)
            .arg(&input)
            .arg(&output),
        "validating the mock's answers (node xtask/vendor-check/samples.mjs)",
    )?;
    let checked: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&output).map_err(io(output.display().to_string()))?,
    )
    .map_err(|e| VendorCheckError::Output {
        what: output.display().to_string(),
        message: e.to_string(),
    })?;
    for entry in checked
        .get("samples")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
    {
        let id = entry.get("key").and_then(serde_json::Value::as_str).unwrap_or_default();
        let violations = entry.get("violations").and_then(serde_json::Value::as_array);
        if let Some(call) = run.calls.iter_mut().find(|c| c.id == id) {
            call.violations = violations
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .map(str::to_owned)
                .collect();
        }
    }
    Ok(())
}

/// `cargo build` of a generated crate into `target_dir`.
fn build(crate_dir: &Path, target_dir: &Path, what: &str) -> Result<(), VendorCheckError> {
    run_command(
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(["build", "--quiet", "--manifest-path"])
            .arg(crate_dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target_dir)
            // Each program runs once: no debug info and no incremental cache (each costs gigabytes at this size).
            .env("CARGO_PROFILE_DEV_DEBUG", "false")
            .env("CARGO_INCREMENTAL", "0"),
        what,
    )
    .map(drop)
}

/// `atlas-admin-v2-2026-08-21`, `…-at-2024-08-05`, `…-without-float-as-double`: letters, digits and `-` only, and
/// different for every set of options that changes the generated code.
fn run_name(options: &Options) -> String {
    let stem = options.vendor.file_stem().and_then(|s| s.to_str()).unwrap_or("vendor");
    let mut name = stem.to_owned();
    if let Some(date) = &options.api_version {
        name.push_str(&format!("-at-{date}"));
    }
    for step in &options.skip {
        name.push_str(&format!("-without-{}", step.id()));
    }
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn write_targets(path: &Path, targets: &[targets::Target], calls: &[calls::Call]) -> Result<(), VendorCheckError> {
    let list: Vec<serde_json::Value> = targets
        .iter()
        .map(|t| {
            let mut entry = serde_json::json!({
                "key": t.key, "pointer": t.pointer, "kind": t.kind, "direction": t.direction,
            });
            if let Some(subtype) = &t.subtype {
                entry["discriminator"] = serde_json::json!({"property": subtype.property, "value": subtype.value});
                entry["validate"] = serde_json::json!(subtype.base_pointer);
            }
            entry
        })
        .collect();
    let calls: Vec<serde_json::Value> = calls
        .iter()
        .map(|c| serde_json::json!({"id": c.id, "pointer": c.pointer}))
        .collect();
    let text = serde_json::json!({ "targets": list, "calls": calls }).to_string();
    codegen::write_atomically(path, &text)?;
    Ok(())
}

/// The workspace's root (the generated crates depend on its `generated-client` by path).
fn workspace() -> Result<PathBuf, VendorCheckError> {
    crate::project_root().map_err(|e| VendorCheckError::Output {
        what: "finding the workspace".into(),
        message: e.to_string(),
    })
}

/// `xtask/vendor-check/`, where the Node.js half and its pinned dependencies are.
fn node_dir() -> Result<PathBuf, VendorCheckError> {
    workspace().map(|root| root.join("xtask").join("vendor-check"))
}

/// Install the pinned Node.js packages (`npm ci`) unless they are: npm records an install in
/// `node_modules/.package-lock.json`, written after the lock file it installed.
fn node_modules() -> Result<(), VendorCheckError> {
    let dir = node_dir()?;
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let lock = modified(&dir.join("package-lock.json"));
    let installed = modified(&dir.join("node_modules").join(".package-lock.json"));
    if let (Some(lock), Some(installed)) = (lock, installed)
        && installed >= lock
    {
        return Ok(());
    }
    run_command(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--silent"])
            .current_dir(&dir),
        "installing the pinned Node.js packages (npm ci in xtask/vendor-check)",
    )
    .map(drop)
}

/// Run `command`; its stdout, or an error with its stderr.
fn run_command(command: &mut Command, what: &str) -> Result<String, VendorCheckError> {
    let output = command.output().map_err(io(what))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
        return Err(VendorCheckError::Command {
            what: what.to_owned(),
            status: output.status.to_string(),
            output: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
        });
    }
    String::from_utf8(output.stdout).map_err(|e| VendorCheckError::Output {
        what: what.to_owned(),
        message: e.to_string(),
    })
}
