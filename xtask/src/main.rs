//! `cargo xtask`: the maintainers' commands. Run `cargo xtask --help`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use xtask::diff::config::FailOn;
use xtask::{changelog, codegen, diff, display_path, project_root, release_check, spec};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Maintainer tasks for the Atlas restore-jobs client"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client's generated module from the OpenAPI spec with progenitor.
    ///
    /// Reads the spec, validates it, generates the builder-style client and its typed httpmock mocks (beside it,
    /// `<out>_mock.rs`), formats them with prettyplease and replaces the output files atomically. On any error
    /// nothing is written.
    Codegen {
        /// Write nothing; print a unified diff and fail if an output file is not what the spec generates.
        #[arg(long)]
        check: bool,
        /// The OpenAPI 3.0 YAML document to read [default: spec/atlas-restore-jobs.yaml in this workspace].
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// The Rust file to write, or to compare with `--check` [default: generated-client/src/generated.rs].
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Generate each operation in its newest version not after this date (YYYY-MM-DD) and leave out those only
        /// offered after it [default: each operation's newest version].
        #[arg(long, value_name = "DATE", value_parser = parse_api_version)]
        api_version: Option<xtask::prepare::ApiVersion>,
        /// Leave out, named with the reason, the operations that cannot be generated, and generate the rest (for a
        /// vendor's document; without it, anything that would be left out is an error).
        #[arg(long)]
        partial: bool,
        /// Write a crate of its own at DIR (Cargo.toml, src/lib.rs, src/generated.rs) that builds with `cargo check
        /// --manifest-path DIR/Cargo.toml`, instead of the client's module: to try a vendor's whole document.
        #[arg(long = "crate", value_name = "DIR", conflicts_with_all = ["out", "check"])]
        crate_dir: Option<PathBuf>,
    },
    /// Check that the code generated from a vendor's document works at run time: every documented body
    /// round-trips through the generated types.
    ///
    /// Generates the document as `codegen --partial` does into a crate under `target/vendor-check/`, renders each
    /// operation's documented success and request body (and each discriminated subtype) with Redocly's
    /// openapi-sampler and checks it against its schema (Ajv; Node.js, pinned packages installed with `npm ci`),
    /// then decodes each into its generated type, encodes it again and compares. Prints the figures, every
    /// exception (a documented body that breaks its own schema) and every defect. Exit status: 0, 1 when a body
    /// that keeps to its schema does not round-trip, 2 when the check cannot be made.
    VendorCheck {
        /// The vendor's OpenAPI 3.0 document (Atlas' published `spec.yaml`).
        #[arg(long, value_name = "FILE")]
        vendor: PathBuf,
        /// Generate each operation in its newest version not after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_api_version)]
        api_version: Option<xtask::prepare::ApiVersion>,
        /// Where to write the crate, the samples and the build [default: target/vendor-check in this workspace].
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
        /// Also write the report as JSON to FILE.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Also write every exception, grouped by the fault of its documented body, as markdown to FILE (what
        /// docs/vendor-exceptions.md holds for the fixtures).
        #[arg(long, value_name = "FILE")]
        exceptions_markdown: Option<PathBuf>,
        /// Do not run this preparation step (to see what it is for; repeatable), e.g. `float-as-double`.
        #[arg(long = "without-step", value_name = "STEP", value_parser = parse_step)]
        without_step: Vec<xtask::prepare::Step>,
        /// Also build the whole generated client and call every operation against Prism serving the document
        /// on 127.0.0.1 (static examples, then dynamic answers with a fixed seed); each answer must decode.
        #[arg(long)]
        mock: bool,
    },
    /// Review a spec change: API changes (breaking, warning, info), the generated Rust API's changes, the verdict.
    ///
    /// Compares the spec at `--base` (default HEAD) with the spec at `--head` (default: the working tree), or two
    /// files. A side that parses but is not valid OpenAPI 3.0 is compared as far as it goes, its problems listed.
    /// Exit status: 0, or 1 when `--fail-on` is met, or 2 when the comparison cannot be made (an unknown revision,
    /// no spec at a revision, a side that is not a YAML mapping, a wrong configuration file).
    Diff {
        /// Print every rule the comparison applies (id, level, area, description) in `--format`, and exit.
        #[arg(long)]
        list_rules: bool,
        /// The git revision to compare from [default: HEAD].
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// The git revision to compare to [default: the working tree].
        #[arg(long, value_name = "REV")]
        head: Option<String>,
        /// Output for a terminal, a pull-request comment, or a machine (see README.md for the JSON fields).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with status 1 when the change is breaking (or, with `warning`, when it may break clients);
        /// accepted changes do not count [default: the configuration's `fail-on`, else never].
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// The review's configuration (levels, paths, thresholds, `fail-on`) [default: .spec-review.toml at the
        /// repository root, when there is one].
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// The accepted changes [default: the configuration's `accepted`, else spec/accepted-changes.toml, when
        /// there is one].
        #[arg(long, value_name = "FILE")]
        accepted: Option<PathBuf>,
        /// Add the unified diff of the generated code.
        #[arg(long)]
        code: bool,
        /// The spec's path inside the repository, for revisions and the working tree.
        #[arg(long, value_name = "PATH", default_value = codegen::DEFAULT_SPEC)]
        spec: String,
        /// The git repository holding the spec [default: this workspace].
        #[arg(long, value_name = "DIR")]
        repo: Option<PathBuf>,
        /// Compare two spec files instead of revisions.
        #[arg(num_args = 2, value_names = ["BASE_FILE", "HEAD_FILE"], conflicts_with_all = ["base", "head"])]
        files: Vec<PathBuf>,
        /// Generate each side as `cargo xtask codegen --partial` does: what the generator cannot take is left out
        /// of the Rust comparison and listed, instead of skipping the comparison (for a vendor's document).
        #[arg(long)]
        partial: bool,
        /// Generate both sides at this API version date (YYYY-MM-DD), as `cargo xtask codegen --api-version` does
        /// [default: each operation's newest version on each side].
        #[arg(long, value_name = "DATE", value_parser = parse_api_version)]
        api_version: Option<xtask::prepare::ApiVersion>,
        /// Generate both sides even when target/xtask-cache/review/ holds them (a side generated in full is kept
        /// there, named by a hash of the generator and of all its inputs; see docs/review.md).
        #[arg(long)]
        no_cache: bool,
    },
    /// Compare our spec with the vendor's published document: what ours lacks or says differently.
    ///
    /// Each operation of the spec is compared with the same operation (method and path) of the vendor's document,
    /// at the API version our spec uses, under the review's rules and with its Rust half: fields the vendor added,
    /// enum values, newer versions, deprecations and sunsets, constraints. The deviations kept as `[[deviation]]`
    /// in the accepted changes are counted, not listed; our operations the vendor no longer has are named.
    /// Exit status: 0 when nothing is to be done, 1 when something is, 2 when the comparison cannot be made.
    Drift {
        /// The vendor's OpenAPI document (Atlas' published `spec.yaml`, downloaded to a file).
        #[arg(long, value_name = "FILE")]
        vendor: PathBuf,
        /// Output for a terminal, an issue or comment, or a machine (the review's formats).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The review's configuration (levels, paths) [default: .spec-review.toml at the repository root, when
        /// there is one].
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// The accepted changes, whose `[[deviation]]` entries are our spec's deliberate deviations [default: the
        /// configuration's `accepted`, else spec/accepted-changes.toml, when there is one].
        #[arg(long, value_name = "FILE")]
        accepted: Option<PathBuf>,
        /// Our spec's path inside the repository (read from the working tree).
        #[arg(long, value_name = "PATH", default_value = codegen::DEFAULT_SPEC)]
        spec: String,
        /// The repository holding our spec [default: this workspace].
        #[arg(long, value_name = "DIR")]
        repo: Option<PathBuf>,
    },
    /// Work on the spec: `cargo xtask spec import`.
    Spec {
        #[command(subcommand)]
        command: SpecCommand,
    },
    /// Write generated-client/CHANGELOG.md's section for the version at the head, from the review since `--base`.
    ///
    /// The section lists the API changes grouped by operation (breaking first) and the Rust API changes under Keep
    /// a Changelog's headings. A version that already has a section is left alone: running it twice adds nothing.
    Changelog {
        /// The revision of the previous release.
        #[arg(long, value_name = "REV")]
        base: String,
        /// The revision being released [default: the working tree].
        #[arg(long, value_name = "REV")]
        head: Option<String>,
        /// The release date in the heading (YYYY-MM-DD) [default: today, UTC].
        #[arg(long, value_name = "DATE")]
        date: Option<chrono::NaiveDate>,
        /// The spec's path inside the repository.
        #[arg(long, value_name = "PATH", default_value = codegen::DEFAULT_SPEC)]
        spec: String,
        /// The git repository [default: this workspace].
        #[arg(long, value_name = "DIR")]
        repo: Option<PathBuf>,
    },
    /// Check that generated-client's version is bumped enough for what the spec change does to its Rust API.
    ///
    /// Compares the version in generated-client/Cargo.toml at `--base` with the one at `--head` (default: the
    /// working tree) and the bump `cargo xtask diff` says the change needs, under Cargo's semver rules (0.x: a
    /// breaking change bumps the minor). Exit status: 0 when the bump is enough, 1 when it is not (naming the
    /// bump needed and the changes that need it), 2 when the comparison cannot be made.
    ReleaseCheck {
        /// The revision the version is bumped from, e.g. the merge base of a pull request.
        #[arg(long, value_name = "REV")]
        base: String,
        /// The revision to judge [default: the working tree].
        #[arg(long, value_name = "REV")]
        head: Option<String>,
        /// The spec's path inside the repository.
        #[arg(long, value_name = "PATH", default_value = codegen::DEFAULT_SPEC)]
        spec: String,
        /// The git repository [default: this workspace].
        #[arg(long, value_name = "DIR")]
        repo: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum SpecCommand {
    /// Take operations from the vendor's published document into the spec, with every component they reach.
    ///
    /// Each operation (by operationId, or by the SDK name the vendor gives it) is written in one version — the
    /// newest our spec uses, or `--api-version` — in the spec's style: operationIds and component names as our spec
    /// names them, a component of ours reused where it is the vendor's (used at the same place, or the same
    /// content). The spec is written only when the result validates and generates; on any error nothing is
    /// written. Then run `cargo xtask codegen`.
    Import {
        /// The vendor's OpenAPI document (Atlas' published `spec.yaml`).
        #[arg(long, value_name = "FILE")]
        vendor: PathBuf,
        /// The operations to import: operationIds or SDK names (`x-xgen-operation-id-override`).
        #[arg(required = true, value_name = "OPERATION_ID")]
        operation_ids: Vec<String>,
        /// Take this version of each operation (YYYY-MM-DD) [default: the newest our spec uses].
        #[arg(long, value_name = "DATE", value_parser = parse_api_version)]
        api_version: Option<xtask::prepare::ApiVersion>,
        /// Reuse a component of ours that has a vendor component's name but other content, instead of refusing.
        #[arg(long)]
        keep_ours: bool,
        /// Print what would be imported and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The spec to import into [default: spec/atlas-restore-jobs.yaml in this workspace].
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
    /// GitHub workflow commands: an annotation per finding on its line.
    Github,
    /// JUnit XML: a test case per operation.
    Junit,
}

// A review of a vendor document allocates and frees millions of small values (JSON, tokens, syntax trees) on three
// threads: with glibc's allocator a fifth of its time went to malloc and free, and a tenth to zeroing new pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc gives freed memory back to the OS a second later, and the next allocation takes it back, zeroed anew by
/// the kernel: in a review that was a fifth of the CPU time (system time 0.3–0.65 s of 2.5 s on two Atlas
/// revisions). A command lives seconds and frees everything at exit, so it keeps what it freed. Set by index: the
/// bindings do not name this option (`mi_option_purge_delay` of mimalloc 3's `mi_option_e`), so the index is used
/// only while the option there holds its default (1000 ms, `options.c`); an environment's `MIMALLOC_PURGE_DELAY`
/// wins.
fn keep_freed_memory() {
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const DEFAULT_PURGE_DELAY_MS: std::ffi::c_long = 1000;
    // SAFETY: reading and setting an option is what mimalloc's API is for; this runs before any other thread.
    unsafe {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none()
            && libmimalloc_sys::mi_option_get(PURGE_DELAY) == DEFAULT_PURGE_DELAY_MS
        {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
        }
    }
}

/// Transparent huge pages off for this process, unless `MIMALLOC_ALLOW_THP` says otherwise. The VM this project
/// is measured on hands memory a process frees back to its host within seconds, and the next process to touch it
/// waits for the host: with huge pages that wait was 0.2–1.3 s of system time in a review run after a pause (up to
/// a third of a `--partial` review of Atlas' documents), with 4 KiB pages 0.1–0.35 s, steady; run back to back,
/// huge pages were 0.05 s faster (docs/performance.md).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: PR_SET_THP_DISABLE takes integers and changes only this process's use of huge pages; should it
        // fail, the process runs as before.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    no_huge_pages();
    let cli = Cli::parse();
    // The work runs where a spec nested as deep as the YAML reader allows fits on the stack (`DEEP_STACK`).
    let work = std::thread::Builder::new()
        .name("xtask".into())
        .stack_size(xtask::DEEP_STACK)
        .spawn(move || run(cli));
    let outcome = match work {
        Ok(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        Err(e) => Err(anyhow::anyhow!("cannot start a thread for the work: {e}")),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::VendorCheck {
            vendor,
            api_version,
            work_dir,
            json,
            exceptions_markdown,
            without_step,
            mock,
        } => {
            let work_dir = work_dir.map_or_else(
                || project_root().map(|root| root.join("target").join("vendor-check")),
                Ok,
            )?;
            let options = xtask::vendor_check::Options {
                vendor,
                api_version,
                work_dir,
                skip: without_step,
                mock,
            };
            let report = match xtask::vendor_check::run(&options) {
                Ok(report) => report,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            print!("{report}");
            if let Some(path) = json {
                let text = serde_json::to_string_pretty(&report).context("serializing the report")?;
                std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            }
            if let Some(path) = exceptions_markdown {
                std::fs::write(&path, report.exceptions_markdown())
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            Ok(if report.has_defects() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Codegen {
            check,
            spec,
            out,
            api_version,
            partial,
            crate_dir,
        } => {
            let options = codegen::Options {
                api_version,
                partial,
                ..Default::default()
            };
            if let Some(dir) = crate_dir {
                let spec = spec.map_or_else(|| project_root().map(|root| root.join(codegen::DEFAULT_SPEC)), Ok)?;
                return crate_command(&spec, &dir, &options);
            }
            let in_workspace = |path: &str| project_root().map(|root| root.join(path));
            let spec = spec.map_or_else(|| in_workspace(codegen::DEFAULT_SPEC), Ok)?;
            let out = out.map_or_else(|| in_workspace(codegen::DEFAULT_OUT), Ok)?;
            codegen_command(check, &spec, &out, &options)
        }
        Command::Diff {
            list_rules: true,
            format,
            ..
        } => {
            let listing = match format {
                Format::Text => diff::rules::listing::text(),
                Format::Markdown => diff::rules::listing::markdown(),
                Format::Json => diff::rules::listing::json(),
                Format::Github | Format::Junit => {
                    eprintln!("error: --list-rules prints text, markdown or json; github and junit are for reviews");
                    return Ok(ExitCode::from(2));
                }
            };
            print!("{listing}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff {
            base,
            head,
            format,
            fail_on,
            config,
            accepted,
            code,
            spec,
            repo,
            files,
            partial,
            api_version,
            no_cache,
            list_rules: false,
        } => {
            // Exit status 1 means `--fail-on` was met: a review that cannot start is a 2, like one that cannot compare.
            let repo = match repo.map_or_else(project_root, Ok) {
                Ok(repo) => repo,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return Ok(ExitCode::from(2));
                }
            };
            let sides = Sides {
                base,
                head,
                files,
                spec,
            };
            let options = codegen::Options {
                api_version,
                partial,
                ..Default::default()
            };
            // The configuration and the accepted changes: a file that is there but wrong stops the review (2).
            let review = config_and_acceptances(&repo, config, accepted).map(|(config, acceptances)| Review {
                fail_on: fail_on.or(config.fail_on),
                config,
                acceptances,
                format,
                code,
                options,
                cache: (!no_cache).then(review_cache).flatten(),
            });
            match review {
                Ok(review) => Ok(diff_command(&repo, sides, &review)),
                Err(e) => {
                    eprintln!("error: {e:#}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Drift {
            vendor,
            format,
            config,
            accepted,
            spec,
            repo,
        } => Ok(drift_command(repo, &spec, &vendor, format, config, accepted)),
        Command::Spec {
            command:
                SpecCommand::Import {
                    vendor,
                    operation_ids,
                    api_version,
                    keep_ours,
                    dry_run,
                    spec,
                },
        } => {
            let spec = spec.map_or_else(|| project_root().map(|root| root.join(codegen::DEFAULT_SPEC)), Ok)?;
            let request = xtask::spec_import::Request {
                vendor: &vendor,
                operation_ids: &operation_ids,
                api_version,
                keep_ours,
            };
            let shown = display_path(&spec);
            let imported = if dry_run {
                xtask::spec_import::plan(&spec, &request)
            } else {
                xtask::spec_import::run(&spec, &request)
            }
            .with_context(|| format!("importing into {shown}"))?;
            for operation in &imported.operations {
                eprintln!("operation {operation}");
            }
            for added in &imported.added {
                eprintln!("added {added}");
            }
            for reused in &imported.reused {
                eprintln!("reused {reused}");
            }
            if dry_run {
                eprintln!("nothing written (--dry-run)");
            } else {
                eprintln!("wrote {shown}; now run `cargo xtask codegen`, then `cargo xtask diff` to review");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Changelog {
            base,
            head,
            date,
            spec,
            repo,
        } => {
            let repo = repo.map_or_else(project_root, Ok)?;
            let date = date.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let changelog = display_path(&repo.join(changelog::CHANGELOG));
            match changelog::run(&repo, &spec, &base, head.as_deref(), date)
                .with_context(|| format!("writing {changelog}"))?
            {
                changelog::Outcome::Written(version) => eprintln!("wrote the section for {version} in {changelog}"),
                changelog::Outcome::AlreadyThere(version) => {
                    eprintln!("{changelog} already has a section for {version}: nothing written")
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::ReleaseCheck { base, head, spec, repo } => {
            let repo = repo.map_or_else(project_root, Ok)?;
            Ok(release_check_command(&repo, &spec, &base, head.as_deref()))
        }
    }
}

/// `cargo xtask drift`: the report, and whether it holds anything to act on (1) or could not be made (2).
fn drift_command(
    repo: Option<PathBuf>,
    spec_path: &str,
    vendor: &Path,
    format: Format,
    config: Option<PathBuf>,
    accepted: Option<PathBuf>,
) -> ExitCode {
    let today = chrono::Utc::now().date_naive();
    let report = repo
        .map_or_else(project_root, Ok)
        .map_err(anyhow::Error::new)
        .and_then(|repo| {
            let (config, accepted) = config_and_accepted_file(&repo, config, accepted)?;
            let deviations = diff::acceptance::read_deviations(&accepted)?;
            Ok(xtask::vendor_drift::run(
                &repo,
                spec_path,
                vendor,
                &config,
                &deviations,
                today,
            )?)
        });
    match report {
        Ok(report) => {
            // An issue's body holds 65,536 characters, as a comment does: room is left for the workflow's last line.
            let text = match format {
                Format::Markdown => diff::render::markdown(&report, diff::render::GITHUB_COMMENT_LIMIT - 1_000),
                _ => render(&report, format),
            };
            print!("{text}");
            if xtask::vendor_drift::has_drift(&report) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn render(report: &diff::report::Report, format: Format) -> String {
    match format {
        Format::Text => diff::render::text(report),
        Format::Markdown => diff::render::comment(report),
        Format::Json => report.to_json(),
        Format::Github => diff::ci_formats::github(report),
        Format::Junit => diff::ci_formats::junit(report),
    }
}

fn release_check_command(repo: &Path, spec_path: &str, base: &str, head: Option<&str>) -> ExitCode {
    match release_check::run(repo, spec_path, base, head) {
        Ok(verdict) if verdict.passed() => {
            println!("{}", verdict.explain());
            ExitCode::SUCCESS
        }
        Ok(verdict) => {
            eprint!("error: {}", verdict.explain());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: cannot check the release: {:#}", anyhow::Error::new(e));
            ExitCode::from(2)
        }
    }
}

fn crate_command(spec_path: &Path, dir: &Path, options: &codegen::Options) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let spec = spec::load(spec_path)?;
    let spec_label = display_path(spec_path);
    let generated =
        codegen::generate_with(&spec, &spec_label, options).with_context(|| format!("generating {spec_label}"))?;
    eprint!("{}", generated.account);
    let client_crate = project_root()?.join("generated-client");
    let text = generated.text();
    xtask::vendor_crate::write(dir, &text, &client_crate)?;
    let operations = generated.operations;
    eprintln!(
        "wrote a crate of {operations} operations ({} left out), {} lines, at {} in {:.1} s; check it with \
         `cargo check --manifest-path {}/Cargo.toml`",
        generated.account.left_out.len(),
        text.lines().count(),
        display_path(dir),
        started.elapsed().as_secs_f64(),
        display_path(dir),
    );
    Ok(ExitCode::SUCCESS)
}

fn parse_api_version(text: &str) -> Result<xtask::prepare::ApiVersion, String> {
    text.parse()
}

fn parse_step(text: &str) -> Result<xtask::prepare::Step, String> {
    xtask::prepare::Step::ALL
        .into_iter()
        .find(|step| step.id() == text)
        .ok_or_else(|| {
            let ids: Vec<&str> = xtask::prepare::Step::ALL.iter().map(|step| step.id()).collect();
            format!("no preparation step `{text}`; the steps are {}", ids.join(", "))
        })
}

fn codegen_command(check: bool, spec_path: &Path, out: &Path, options: &codegen::Options) -> anyhow::Result<ExitCode> {
    let spec = spec::load(spec_path)?;
    let (spec_label, out_label) = (display_path(spec_path), display_path(out));

    if check {
        let drift = codegen::check(&spec, &spec_label, out, &out_label, options)
            .with_context(|| format!("checking {out_label} against {spec_label}"))?;
        return Ok(match drift {
            None => {
                eprintln!("{out_label} is up to date with {spec_label}");
                ExitCode::SUCCESS
            }
            Some(diff) => {
                print!("{diff}");
                eprintln!(
                    "error: {out_label} does not match {spec_label}: run `cargo xtask codegen` and commit the result"
                );
                ExitCode::FAILURE
            }
        });
    }

    let (outputs, account) = codegen::generate_outputs(&spec, &spec_label, out, &out_label, options)
        .with_context(|| format!("generating {out_label}"))?;
    eprint!("{account}");
    for output in outputs {
        if codegen::write_atomically(&output.path, &output.text)? {
            eprintln!("wrote {}", output.label);
        } else {
            eprintln!("{} is already up to date", output.label);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `cargo xtask diff` compares: two revisions of the spec at `spec`, or two files.
struct Sides {
    base: Option<String>,
    head: Option<String>,
    files: Vec<PathBuf>,
    spec: String,
}

/// How to review, from the flags and the configuration.
struct Review {
    format: Format,
    fail_on: Option<FailOn>,
    code: bool,
    options: codegen::Options,
    config: diff::Config,
    acceptances: Vec<diff::acceptance::Acceptance>,
    cache: Option<diff::Cache>,
}

/// The review's cache: `xtask-cache/review/` in cargo's target directory (`CARGO_TARGET_DIR`, else this
/// workspace's `target/`); none outside a workspace.
fn review_cache() -> Option<diff::Cache> {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => project_root().ok()?.join("target"),
    };
    Some(diff::Cache::new(target.join("xtask-cache").join("review")))
}

/// The configuration (`--config`, else the repository's `.spec-review.toml` if any) and the accepted changes
/// (`--accepted`, else the configuration's, else `spec/accepted-changes.toml` if any).
fn config_and_acceptances(
    repo: &Path,
    config: Option<PathBuf>,
    accepted: Option<PathBuf>,
) -> anyhow::Result<(diff::Config, Vec<diff::acceptance::Acceptance>)> {
    let (config, accepted) = config_and_accepted_file(repo, config, accepted)?;
    let acceptances = diff::acceptance::read(&accepted)?;
    Ok((config, acceptances))
}

/// The configuration and the path of the accepted changes, as [`config_and_acceptances`] finds them.
fn config_and_accepted_file(
    repo: &Path,
    config: Option<PathBuf>,
    accepted: Option<PathBuf>,
) -> anyhow::Result<(diff::Config, PathBuf)> {
    let config = match config {
        Some(path) => diff::config::read(&path, true)?,
        None => diff::config::read(&repo.join(diff::config::DEFAULT_FILE), false)?,
    };
    let accepted =
        accepted.unwrap_or_else(|| repo.join(config.accepted.as_deref().unwrap_or(diff::acceptance::DEFAULT_FILE)));
    Ok((config, accepted))
}

fn diff_command(repo: &Path, sides: Sides, review: &Review) -> ExitCode {
    let Review {
        format,
        fail_on,
        code,
        options,
        config,
        acceptances,
        cache,
    } = review;
    let Sides {
        base,
        head,
        files,
        spec: spec_path,
    } = sides;
    let (base, head) = match <[PathBuf; 2]>::try_from(files) {
        Ok([base, head]) => (diff::Source::File(base), diff::Source::File(head)),
        Err(_) => (
            diff::Source::Revision(base.unwrap_or_else(|| "HEAD".into())),
            head.map_or(diff::Source::WorkTree, diff::Source::Revision),
        ),
    };
    let report = match diff::run_cached(repo, &spec_path, &base, &head, *code, options, config, cache.as_ref()) {
        Ok(mut report) => {
            diff::acceptance::apply(&mut report, acceptances, chrono::Utc::now().date_naive());
            report
        }
        Err(e) => {
            // `{:#}` prints each cause once, after the one that wraps it.
            eprintln!("error: cannot compare the specs: {:#}", anyhow::Error::new(e));
            return ExitCode::from(2);
        }
    };
    print!("{}", render(&report, *format));
    let failed = fail_on.is_some_and(|fail_on| fail_on.is_met(&report));
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
