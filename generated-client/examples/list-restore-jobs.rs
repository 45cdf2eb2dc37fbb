//! List the restore jobs of one Flex cluster (or of one serverless instance, sunset on 2026-01-22), or show one.
//!
//! ```text
//! export MONGODB_ATLAS_PUBLIC_API_KEY=… MONGODB_ATLAS_PRIVATE_API_KEY=…   # or MONGODB_ATLAS_CLIENT_ID/_SECRET
//! cargo run -p generated-client --example list-restore-jobs -- --group-id 32b6e34b3d91647abb20e7b8 --flex-cluster my-flex --all
//! cargo run -p generated-client --example list-restore-jobs -- --group-id 32b6e34b3d91647abb20e7b8 --flex-cluster my-flex --job-id 6650c0e1a4b2c3d4e5f60718
//! ```
// `--instance` calls the sunset serverless list on purpose: Atlas answers 410, and the error names the successor.
#![allow(deprecated)]

use std::process::ExitCode;

use clap::{ArgGroup, Parser};
use futures_util::TryStreamExt;
use generated_client::types::{FlexBackupRestoreJob20241113, ServerlessRestoreJob};
use generated_client::{Client, ClientBuilder, FlexRestoreJobs, RestoreJobs};

/// List the restore jobs of one Atlas Flex cluster or serverless instance (credentials from the environment).
#[derive(Parser)]
#[command(group(ArgGroup::new("source").required(true).args(["flex_cluster", "instance"])))]
struct Args {
    /// The project (group) id: 24 lowercase hexadecimal digits.
    #[arg(long)]
    group_id: String,
    /// The Flex cluster's name.
    #[arg(long)]
    flex_cluster: Option<String>,
    /// The serverless instance's name (Atlas sunset serverless instances on 2026-01-22).
    #[arg(long)]
    instance: Option<String>,
    /// Show this one restore job (of a Flex cluster) instead of a list.
    #[arg(long, requires = "flex_cluster")]
    job_id: Option<String>,
    /// Follow every page instead of printing only the first.
    #[arg(long)]
    all: bool,
    /// Print JSON (an array for a list, the object for one job) instead of a table.
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
    match (&args.flex_cluster, &args.instance) {
        (Some(cluster), _) => flex(args, &client, cluster).await,
        (None, Some(instance)) => serverless(args, &client, instance).await,
        (None, None) => Err("give --flex-cluster or --instance".into()),
    }
}

async fn flex(args: &Args, client: &Client, cluster: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut listing: FlexRestoreJobs<'_> = client.flex_restore_jobs(&args.group_id, cluster);
    if let Some(job_id) = &args.job_id {
        let job = listing.get(job_id).await?;
        match args.json {
            true => println!("{}", serde_json::to_string_pretty(&job)?),
            false => print_flex_table(std::slice::from_ref(&job)),
        }
        return Ok(());
    }
    if let Some(items) = args.items_per_page {
        listing = listing.items_per_page(items);
    }
    let jobs: Vec<FlexBackupRestoreJob20241113> = match args.all {
        true => listing.jobs().try_collect().await?,
        false => listing.page(1).await?.content.results,
    };
    match args.json {
        true => println!("{}", serde_json::to_string_pretty(&jobs)?),
        false => print_flex_table(&jobs),
    }
    Ok(())
}

async fn serverless(args: &Args, client: &Client, instance: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut listing: RestoreJobs<'_> = client.restore_jobs(&args.group_id, instance);
    if let Some(items) = args.items_per_page {
        listing = listing.items_per_page(items);
    }
    let jobs: Vec<ServerlessRestoreJob> = match args.all {
        true => listing.jobs().try_collect().await?,
        false => listing.page(1).await?.content.results,
    };
    match args.json {
        true => println!("{}", serde_json::to_string_pretty(&jobs)?),
        false => print_table(&jobs),
    }
    Ok(())
}

/// Rows of cells, left-aligned under a header, then a count.
fn print_rows(header: &[&str], rows: Vec<Vec<String>>) {
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let widths: Vec<usize> = (0..header.len())
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
    println!("{} restore job{}", rows.len(), if rows.len() == 1 { "" } else { "s" });
}

fn time(t: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "-".into())
}

fn print_flex_table(jobs: &[FlexBackupRestoreJob20241113]) {
    let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".into());
    let rows = jobs
        .iter()
        .map(|job| {
            vec![
                text(&job.id),
                job.delivery_type.as_ref().map_or("-".into(), ToString::to_string),
                job.status.as_ref().map_or("-".into(), ToString::to_string),
                time(&job.restore_scheduled_date),
                time(&job.restore_finished_date),
                text(&job.target_deployment_item_name),
            ]
        })
        .collect();
    print_rows(&["ID", "DELIVERY", "STATUS", "SCHEDULED", "FINISHED", "TARGET"], rows);
}

fn print_table(jobs: &[ServerlessRestoreJob]) {
    let rows = jobs
        .iter()
        .map(|job| {
            vec![
                job.id.clone().unwrap_or_else(|| "-".into()),
                job.delivery_type.as_ref().map_or("-".into(), ToString::to_string),
                state(job).into(),
                time(&job.timestamp),
                time(&job.finished_at),
                job.target_cluster_name.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    print_rows(
        &["ID", "DELIVERY", "STATE", "SNAPSHOT TAKEN", "FINISHED", "TARGET"],
        rows,
    );
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
