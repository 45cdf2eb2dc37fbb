//! `cargo xtask`: the maintainers' commands. Run `cargo xtask --help`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use xtask::{codegen, display_path, project_root, spec};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer tasks for the Atlas restore-jobs client")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client's generated module from the OpenAPI spec with progenitor.
    ///
    /// Reads the spec, validates it, generates the builder-style client, formats it with prettyplease and
    /// replaces the output file atomically. On any error the output file is left untouched.
    Codegen {
        /// Write nothing; print a unified diff and fail if the output file is not what the spec generates.
        #[arg(long)]
        check: bool,
        /// The OpenAPI 3.0 YAML document to read.
        #[arg(long, value_name = "FILE", default_value_os_t = project_root().join(codegen::DEFAULT_SPEC))]
        spec: PathBuf,
        /// The Rust file to write (or to compare with `--check`).
        #[arg(long, value_name = "FILE", default_value_os_t = project_root().join(codegen::DEFAULT_OUT))]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Codegen { check, spec, out } => codegen_command(check, &spec, &out),
    }
}

fn codegen_command(check: bool, spec_path: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let spec = spec::load(spec_path)?;
    let (spec_label, out_label) = (display_path(spec_path), display_path(out));

    if check {
        let drift = codegen::check(&spec, &spec_label, out, &out_label)
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

    let generated = codegen::generate(&spec, &spec_label).with_context(|| format!("generating {out_label}"))?;
    if codegen::write_atomically(out, &generated)? {
        eprintln!("wrote {out_label}");
    } else {
        eprintln!("{out_label} is already up to date");
    }
    Ok(ExitCode::SUCCESS)
}
