//! Restore one snapshot of a Flex cluster to a target cluster, and print the job Atlas created; with `--wait`,
//! follow it until it ends, each status change on stderr, and print the final job.
//!
//! ```text
//! export MONGODB_ATLAS_PUBLIC_API_KEY=… MONGODB_ATLAS_PRIVATE_API_KEY=…   # or MONGODB_ATLAS_CLIENT_ID/_SECRET
//! cargo run -p generated-client --example create-restore-job -- --group-id 32b6e34b3d91647abb20e7b8 \
//!     --flex-cluster my-flex --snapshot-id 6650bf2aa4b2c3d4e5f60701 --target my-flex-restored --wait
//! ```
//!
//! Exit status: 0 when the job was created (without `--wait`) or completed (with it); 1 when it failed, the wait
//! reached its `--timeout`, or any call failed — the reason on stderr.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use generated_client::types::FlexBackupRestoreJob20241113;
use generated_client::{ClientBuilder, Error};

/// Restore a snapshot of an Atlas Flex cluster (credentials from the environment). The request is sent once:
/// a failure after sending is reported, never retried, so no job is created twice.
#[derive(Parser)]
struct Args {
    /// The project (group) id of the source cluster: 24 lowercase hexadecimal digits.
    #[arg(long)]
    group_id: String,
    /// The source Flex cluster's name.
    #[arg(long)]
    flex_cluster: String,
    /// The snapshot to restore: 24 lowercase hexadecimal digits.
    #[arg(long)]
    snapshot_id: String,
    /// The name of the cluster to restore to.
    #[arg(long)]
    target: String,
    /// The project of the target cluster (default: the source's).
    #[arg(long)]
    target_project: Option<String>,
    /// Print the created job as JSON instead of a sentence.
    #[arg(long)]
    json: bool,
    /// The Atlas host root; overrides MONGODB_ATLAS_BASE_URL (default https://cloud.mongodb.com/).
    #[arg(long)]
    base_url: Option<String>,
    /// Follow the job until it is COMPLETED (exit 0) or FAILED (exit 1), printing each status change on stderr.
    #[arg(long)]
    wait: bool,
    /// With --wait: seconds between polls (jittered by ±20 %).
    #[arg(long, default_value_t = 5.0, value_parser = seconds)]
    poll_interval: f64,
    /// With --wait: give up after this many seconds.
    #[arg(long, default_value_t = 3600.0, value_parser = seconds)]
    timeout: f64,
}

/// A number of seconds: finite, not negative, and no more than a year (so it makes a `Duration`).
fn seconds(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if value.is_finite() && (0.0..=31_536_000.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("`{text}` is not between 0 and 31536000 seconds"))
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = ClientBuilder::from_env()?.user_agent_suffix("create-restore-job");
    if let Some(base_url) = &args.base_url {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;
    let jobs = client.flex_restore_jobs(&args.group_id, &args.flex_cluster);
    let job = jobs
        .create(&args.snapshot_id, &args.target, args.target_project.as_deref())
        .await?;
    if !args.wait {
        return print_job(args, &job, "created");
    }
    let id = job
        .id
        .clone()
        .ok_or("Atlas created the job but sent no id to follow it by")?;
    eprintln!("restore job {id} created; waiting for it to end");
    let outcome = jobs
        .wait(&id)
        .poll_interval(Duration::from_secs_f64(args.poll_interval))
        .deadline(Duration::from_secs_f64(args.timeout))
        .on_change(|change| {
            let status = change.status.map_or("(no status)".into(), ToString::to_string);
            eprintln!("[{:7.1}s] {status}", change.elapsed.as_secs_f64());
        })
        .await;
    match outcome {
        Ok(job) => print_job(args, &job, "completed"),
        Err(Error::RestoreFailed(job)) => {
            print_job(args, &job, "failed")?;
            Err(Error::RestoreFailed(job).into())
        }
        Err(e) => Err(e.into()),
    }
}

fn print_job(args: &Args, job: &FlexBackupRestoreJob20241113, what: &str) -> Result<(), Box<dyn std::error::Error>> {
    if args.json {
        println!("{}", serde_json::to_string_pretty(job)?);
    } else {
        let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".into());
        let status = job.status.as_ref().map_or("-".into(), ToString::to_string);
        println!(
            "restore job {} {what}: snapshot {} to {} ({status})",
            text(&job.id),
            text(&job.snapshot_id),
            text(&job.target_deployment_item_name)
        );
    }
    Ok(())
}
