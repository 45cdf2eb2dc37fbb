//! Restore one snapshot of a Flex cluster to a target cluster, and print the job Atlas created.
//!
//! ```text
//! export MONGODB_ATLAS_PUBLIC_API_KEY=… MONGODB_ATLAS_PRIVATE_API_KEY=…   # or MONGODB_ATLAS_CLIENT_ID/_SECRET
//! cargo run -p generated-client --example create-restore-job -- --group-id 32b6e34b3d91647abb20e7b8 \
//!     --flex-cluster my-flex --snapshot-id 6650bf2aa4b2c3d4e5f60701 --target my-flex-restored
//! ```

use std::process::ExitCode;

use clap::Parser;
use generated_client::ClientBuilder;

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
    let job = client
        .flex_restore_jobs(&args.group_id, &args.flex_cluster)
        .create(&args.snapshot_id, &args.target, args.target_project.as_deref())
        .await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&job)?);
    } else {
        let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".into());
        let status = job.status.as_ref().map_or("-".into(), ToString::to_string);
        println!(
            "restore job {} created: snapshot {} to {} ({status})",
            text(&job.id),
            text(&job.snapshot_id),
            text(&job.target_deployment_item_name)
        );
    }
    Ok(())
}
