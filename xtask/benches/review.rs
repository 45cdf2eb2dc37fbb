//! The review of two published vendor revisions as users run it (`cargo xtask diff`, the dev build, and a release
//! build), and a new user's first `cargo xtask codegen`, with this machine's speed measured in the same run (the
//! 2-core VM it is measured on varies twofold between days). docs/performance.md keeps the figures.
//!
//! `cargo bench -p xtask --bench review`. The pairs: Atlas' two published documents in `../shared/fixtures/atlas/`
//! (when there), and any `BASE.yaml:HEAD.yaml` listed in `REVIEW_BENCH_PAIRS` (separated by `,`; the one-date cuts
//! of docs/performance.md are `openapi/atlas-api.yaml` of mongodb/atlas-sdk-go at 759a4522 and 50f2fbfb).
//! `REVIEW_BENCH_COMPARE=DIR` measures the checkout in DIR the same way, back to back (a worktree of the previous
//! commit: `git worktree add ../before HEAD~1`). `REVIEW_BENCH_FIRST_BUILD=0` skips the first build (a minute or
//! two: it clones the checkout and builds it in an empty target directory). Each review is run `RUNS` times; the
//! median is shown, and every run's JSON report must be the same bytes as the first's of its mode. A plain review
//! is also timed with both sides in the review cache, and with the base alone there (a pull request's new head).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use sha2::Digest;

const RUNS: usize = 3;

fn main() {
    let here = xtask::project_root().expect("the workspace");
    let pairs = pairs(&here);
    println!("machine: {}", machine_speed());
    let mut checkouts = vec![here.clone()];
    if let Some(other) = std::env::var_os("REVIEW_BENCH_COMPARE") {
        checkouts.push(std::fs::canonicalize(other).expect("REVIEW_BENCH_COMPARE is a directory"));
    }
    let mut reports = std::collections::BTreeMap::new();
    for checkout in &checkouts {
        println!("\n== {} ({})", checkout.display(), commit_of(checkout));
        let binaries = [("dev", build(checkout, false)), ("release", build(checkout, true))];
        println!(
            "{:<34} {:<9} {:>9} {:>9} {:>9} {:>9} {:>9}",
            "review (median of 3, s)", "mode", "dev", "release", "rel. cpu", "rel. sys", "peak MB"
        );
        for (name, base, head) in &pairs {
            for mode in ["plain", "--partial"] {
                let mut cells = Vec::new();
                let mut peak = 0;
                for (profile, binary) in &binaries {
                    // Only a plain review reads sides from the cache (a scoped one depends on both sides).
                    let warm_too = mode == "plain" && supports_cache(binary);
                    let states = [Cached::Nothing, Cached::Both, Cached::Base];
                    for cached in states.into_iter().filter(|c| *c == Cached::Nothing || warm_too) {
                        let runs: Vec<Run> = (0..RUNS)
                            .map(|_| review(checkout, binary, base, head, mode, cached))
                            .collect();
                        for run in &runs {
                            check_same(
                                &mut reports,
                                name,
                                mode,
                                &run.report,
                                &format!("{profile} {}", checkout.display()),
                            );
                        }
                        peak = peak.max(runs.iter().map(|r| r.peak_kb).max().unwrap_or(0) / 1024);
                        cells.push(Cell {
                            cached,
                            wall: median(runs.iter().map(|r| r.wall).collect()),
                            cpu: median(runs.iter().map(|r| r.cpu).collect()),
                            system: median(runs.iter().map(|r| r.system).collect()),
                        });
                    }
                }
                // Wall seconds in each build, then the release build's CPU seconds (user + system) and system
                // seconds alone: CPU time moves by a few percent between runs, wall time by up to a fifth
                // (docs/performance.md: this VM gives freed memory back to its host, and a run that touches
                // it again waits for the host).
                let shown = |cached: Cached| {
                    let of: Vec<&Cell> = cells.iter().filter(|c| c.cached == cached).collect();
                    let mut text: Vec<String> = of.iter().map(|c| format!("{:>9.2}", c.wall.as_secs_f64())).collect();
                    if let Some(release) = of.last() {
                        text.push(format!(
                            "{:>9.2} {:>9.2}",
                            release.cpu.as_secs_f64(),
                            release.system.as_secs_f64()
                        ));
                    }
                    text.join(" ")
                };
                println!("{:<34} {:<9} {} {:>9}", name, mode, shown(Cached::Nothing), peak);
                if mode == "plain" && supports_cache(&binaries[0].1) {
                    println!(
                        "{:<34} {:<9} {}   (both sides in the review cache)",
                        "",
                        "",
                        shown(Cached::Both)
                    );
                    println!(
                        "{:<34} {:<9} {}   (the base alone in the review cache)",
                        "",
                        "",
                        shown(Cached::Base)
                    );
                }
            }
        }
        if std::env::var("REVIEW_BENCH_FIRST_BUILD").as_deref() != Ok("0") {
            first_build(checkout);
        }
    }
    println!("\nreports: every run of a pair and mode gave the same JSON, in every build and checkout above");
}

/// A fixed single-core workload, so figures from different days can be set side by side: SHA-256 of 256 MiB.
fn machine_speed() -> String {
    let data = vec![7u8; 1 << 20];
    let started = Instant::now();
    let mut hasher = sha2::Sha256::new();
    for _ in 0..256 {
        hasher.update(&data);
    }
    std::hint::black_box(hasher.finalize());
    let seconds = started.elapsed().as_secs_f64();
    format!(
        "SHA-256 of 256 MiB on one core in {seconds:.2} s ({:.0} MiB/s); {} cores",
        256.0 / seconds,
        std::thread::available_parallelism().map_or(0, usize::from)
    )
}

/// The revision pairs to review: (name, base, head).
fn pairs(here: &Path) -> Vec<(String, PathBuf, PathBuf)> {
    let mut pairs = Vec::new();
    let shared = here.join("../shared/fixtures/atlas");
    let (base, head) = (
        shared.join("atlas-admin-v2-2026-08-12.yaml"),
        shared.join("atlas-admin-v2-2026-08-21.yaml"),
    );
    if base.is_file() && head.is_file() {
        pairs.push(("whole documents 08-12 -> 08-21".to_owned(), base, head));
    }
    for listed in std::env::var("REVIEW_BENCH_PAIRS").unwrap_or_default().split(',') {
        if let Some((base, head)) = listed.split_once(':') {
            let name = format!(
                "{} -> {}",
                Path::new(base).file_stem().unwrap_or_default().to_string_lossy(),
                Path::new(head).file_stem().unwrap_or_default().to_string_lossy()
            );
            pairs.push((name, base.into(), head.into()));
        }
    }
    assert!(
        !pairs.is_empty(),
        "no pair to review: see the header of benches/review.rs"
    );
    pairs
}

fn commit_of(checkout: &Path) -> String {
    let out = Command::new("git")
        .args(["-C"])
        .arg(checkout)
        .args(["log", "-1", "--format=%h %s"])
        .output()
        .expect("git");
    let line = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    line.chars().take(60).collect()
}

/// Build `checkout`'s xtask (its own target directory), as `cargo xtask` does or in release.
fn build(checkout: &Path, release: bool) -> PathBuf {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .current_dir(checkout)
        .args(["build", "--quiet", "-p", "xtask", "--bin", "xtask"]);
    if release {
        cargo.arg("--release");
    }
    // The benchmark runs with cargo's bench settings in its environment; the build is the user's.
    cargo.env_remove("CARGO_TARGET_DIR").env_remove("RUSTFLAGS");
    let status = cargo.status().expect("cargo");
    assert!(status.success(), "building xtask in {}", checkout.display());
    checkout
        .join("target")
        .join(if release { "release" } else { "debug" })
        .join("xtask")
}

/// Whether this build's review keeps generated sides: its `diff --help` offers `--no-cache`.
fn supports_cache(binary: &Path) -> bool {
    Command::new(binary)
        .args(["diff", "--help"])
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("--no-cache"))
}

struct Run {
    wall: Duration,
    /// User and system time of the review's process.
    cpu: Duration,
    system: Duration,
    peak_kb: u64,
    report: Vec<u8>,
}

/// The medians of one row's runs in one build.
struct Cell {
    cached: Cached,
    wall: Duration,
    cpu: Duration,
    system: Duration,
}

/// What the review cache holds when a review is timed.
#[derive(Clone, Copy, PartialEq)]
enum Cached {
    /// Nothing: a new directory.
    Nothing,
    /// Both sides: the same review ran before.
    Both,
    /// The base alone (a review of the base against itself ran before): a pull request's new head.
    Base,
}

/// One `xtask diff --format json` of `base` → `head`, the review cache holding what `cached` says.
fn review(checkout: &Path, binary: &Path, base: &Path, head: &Path, mode: &str, cached: Cached) -> Run {
    let cache = tempfile::tempdir().expect("a directory");
    let run = |head: &Path| {
        let mut command = Command::new("/usr/bin/time");
        command
            .args(["-f", "%M %U %S"])
            .arg(binary)
            .args(["diff", "--format", "json"])
            .args((mode != "plain").then_some(mode))
            .arg(base)
            .arg(head)
            .current_dir(checkout)
            .env("CARGO_TARGET_DIR", cache.path())
            .env_remove("XTASK_TIMINGS");
        let started = Instant::now();
        let out = command.output().expect("run xtask");
        let wall = started.elapsed();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // `/usr/bin/time`'s line is the last of stderr: peak KB, user and system seconds.
        let stderr = String::from_utf8_lossy(&out.stderr);
        let figures: Vec<f64> = stderr
            .lines()
            .last()
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|figure| figure.parse().ok())
            .collect();
        let seconds = |i: usize| Duration::from_secs_f64(figures.get(i).copied().unwrap_or(0.0));
        Run {
            wall,
            cpu: seconds(1) + seconds(2),
            system: seconds(2),
            peak_kb: figures.first().map_or(0, |kb| *kb as u64),
            report: out.stdout,
        }
    };
    match cached {
        Cached::Both => {
            run(head);
        }
        Cached::Base => {
            run(base);
        }
        Cached::Nothing => {}
    }
    run(head)
}

/// Hold every report of `pair` and `mode` to the first one seen.
fn check_same(
    seen: &mut std::collections::BTreeMap<(String, String), (Vec<u8>, String)>,
    pair: &str,
    mode: &str,
    report: &[u8],
    by: &str,
) {
    let (first, first_by) = seen
        .entry((pair.to_owned(), mode.to_owned()))
        .or_insert_with(|| (report.to_vec(), by.to_owned()));
    assert!(
        first.as_slice() == report,
        "{pair} {mode}: the report of {by} differs from the one of {first_by}"
    );
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// A new user's first `cargo xtask codegen`: the checkout's committed files cloned, built in an empty target
/// directory (crates already downloaded), then generated.
fn first_build(checkout: &Path) {
    let dir = tempfile::tempdir().expect("a directory");
    let clone = dir.path().join("clone");
    let status = Command::new("git")
        .args(["-c", "advice.detachedHead=false", "-c", "init.defaultBranch=main"])
        .args(["clone", "--quiet", "--no-hardlinks"])
        .arg(checkout)
        .arg(&clone)
        .status()
        .expect("git");
    assert!(status.success());
    let started = Instant::now();
    let status = Command::new(env!("CARGO"))
        .current_dir(&clone)
        .args(["--quiet", "xtask", "codegen"])
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .status()
        .expect("cargo");
    assert!(status.success());
    println!(
        "first `cargo xtask codegen` on a clean clone: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
