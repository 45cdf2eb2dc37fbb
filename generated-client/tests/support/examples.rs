//! The example programs, run as a user runs them: `cargo test` builds them beside the test binaries.

use std::path::PathBuf;
use std::process::{Command, Output};

/// `cargo test` builds the examples next to the test binaries: target/<profile>/examples/.
pub fn example(name: &str) -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_owned();
    let binary = deps.parent().unwrap().join("examples").join(name);
    assert!(
        binary.exists(),
        "{} is missing: run through `cargo test`",
        binary.display()
    );
    binary
}

/// Run example `name` with `args` and only the environment `env`, off the async runtime's threads.
pub async fn run_example(name: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(example(name));
    command.args(args).env_clear();
    for (k, v) in env {
        command.env(k, v);
    }
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}
