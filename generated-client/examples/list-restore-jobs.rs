//! List the restore jobs of one serverless instance.
//!
//! ```text
//! export MONGODB_ATLAS_PUBLIC_API_KEY=… MONGODB_ATLAS_PRIVATE_API_KEY=…   # or MONGODB_ATLAS_CLIENT_ID/_SECRET
//! cargo run -p generated-client --example list-restore-jobs -- --group-id 32b6e34b3d91647abb20e7b8 --instance my-instance --all
//! ```
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

use std::process::ExitCode;

use clap::Parser;
use futures_util::TryStreamExt;
use generated_client::ClientBuilder;
use generated_client::types::ServerlessRestoreJob;

/// List the restore jobs of one Atlas serverless instance (credentials from the environment).
#[derive(Parser)]
struct Args {
    /// The project (group) id: 24 lowercase hexadecimal digits.
    #[arg(long)]
    group_id: String,
    /// The serverless instance's name.
    #[arg(long)]
    instance: String,
    /// Follow every page instead of printing only the first.
    #[arg(long)]
    all: bool,
    /// Print the jobs as a JSON array instead of a table.
    #[arg(long)]
    json: bool,
    /// Jobs per page, 1 to 500 [default: 500, the fewest requests].
    #[arg(long)]
    items_per_page: Option<u32>,
    /// The Atlas host root; overrides MONGODB_ATLAS_BASE_URL (default https://cloud.mongodb.com/).
    #[arg(long)]
    base_url: Option<String>,
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
    let mut builder = ClientBuilder::from_env()?.user_agent_suffix("list-restore-jobs");
    if let Some(base_url) = &args.base_url {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;
    let mut listing = client.restore_jobs(&args.group_id, &args.instance);
    if let Some(items) = args.items_per_page {
        listing = listing.items_per_page(items);
    }
    let jobs: Vec<ServerlessRestoreJob> = if args.all {
        listing.jobs().try_collect().await?
    } else {
        listing.page(1).await?.content.results
    };

    if args.json {
        println!("{}", serde_json::to_string_pretty(&jobs)?);
    } else {
        print_table(&jobs);
    }
    Ok(())
}

fn print_table(jobs: &[ServerlessRestoreJob]) {
    let rows: Vec<[String; 6]> = jobs
        .iter()
        .map(|job| {
            let time = |t: &Option<chrono::DateTime<chrono::Utc>>| {
                t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "-".into())
            };
            [
                job.id.clone().unwrap_or_else(|| "-".into()),
                job.delivery_type.as_ref().map_or("-".into(), ToString::to_string),
                state(job).into(),
                time(&job.timestamp),
                time(&job.finished_at),
                job.target_cluster_name.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let header = ["ID", "DELIVERY", "STATE", "SNAPSHOT TAKEN", "FINISHED", "TARGET"].map(String::from);
    let widths: Vec<usize> = (0..6)
        .map(|c| {
            rows.iter()
                .chain([&header])
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in [&header].into_iter().chain(&rows) {
        let cells: Vec<String> = row.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        println!("{}", cells.join("  ").trim_end());
    }
    println!("{} restore job{}", jobs.len(), if jobs.len() == 1 { "" } else { "s" });
}

fn state(job: &ServerlessRestoreJob) -> &'static str {
    match job {
        ServerlessRestoreJob { failed: Some(true), .. } => "failed",
        ServerlessRestoreJob {
            cancelled: Some(true), ..
        } => "cancelled",
        ServerlessRestoreJob {
            expired: Some(true), ..
        } => "expired",
        ServerlessRestoreJob {
            finished_at: Some(_), ..
        } => "finished",
        _ => "in progress",
    }
}
