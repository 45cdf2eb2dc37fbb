//! `cargo xtask`: the maintainers' commands. Run `cargo xtask --help`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod cli;
mod memory;

use anyhow::Context;
use clap::Parser;
use cli::{Cli, Command, Format, SpecCommand};
use xtask::diff::config::FailOn;
use xtask::{changelog, codegen, diff, display_path, project_root, release_check, spec};

fn main() -> ExitCode {
    memory::keep_freed_memory();
    memory::no_huge_pages();
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
