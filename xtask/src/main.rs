//! `cargo xtask`: the maintainers' commands. Run `cargo xtask --help`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use xtask::{codegen, display_path, project_root, spec};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
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

fn codegen_command(
    check: bool,
    spec_path: &std::path::Path,
    out: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let spec = spec::load(spec_path)?;
    let out_label = display_path(out);
    let generated = codegen::generate(&spec, &display_path(spec_path))
        .with_context(|| format!("generating {out_label}"))?;

    if check {
        let committed = match std::fs::read_to_string(out) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e).with_context(|| format!("reading {out_label}")),
        };
        return Ok(match codegen::drift(&committed, &generated, &out_label) {
            None => {
                eprintln!("{out_label} is up to date with {}", display_path(spec_path));
                ExitCode::SUCCESS
            }
            Some(diff) => {
                print!("{diff}");
                eprintln!(
                    "error: {out_label} does not match {}: run `cargo xtask codegen` and commit the result",
                    display_path(spec_path)
                );
                ExitCode::FAILURE
            }
        });
    }

    if codegen::write_atomically(out, &generated)? {
        eprintln!("wrote {out_label}");
    } else {
        eprintln!("{out_label} is already up to date");
    }
    Ok(ExitCode::SUCCESS)
}
