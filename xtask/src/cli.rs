//! The binary's command line: what `cargo xtask` accepts, with the help it prints (clap). Declared by `main.rs`,
//! which runs each command; not part of the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use xtask::codegen;
use xtask::diff::config::FailOn;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Maintainer tasks for the Atlas restore-jobs client"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
pub(crate) enum SpecCommand {
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
pub(crate) enum Format {
    Text,
    Markdown,
    Json,
    /// GitHub workflow commands: an annotation per finding on its line.
    Github,
    /// JUnit XML: a test case per operation.
    Junit,
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
