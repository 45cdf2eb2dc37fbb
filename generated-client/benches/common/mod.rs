//! What both benchmarks share: a realistic page of jobs, and a hand-written serde model of the same shape to
//! compare the generated types with.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

pub const GROUP: &str = "32b6e34b3d91647abb20e7b8";
pub const INSTANCE: &str = "bench-instance";

pub fn job(i: usize) -> Value {
    json!({
        "cancelled": false,
        "createdAt": "2021-04-19T10:00:00Z",
        "deliveryType": "automated",
        "deliveryUrl": [],
        "expired": false,
        "expiresAt": "2021-04-20T00:00:00Z",
        "failed": false,
        "finishedAt": "2021-04-19T10:05:00Z",
        "id": format!("{i:024x}"),
        "links": [{"href": format!("https://cloud.mongodb.com/api/atlas/v1.0/restoreJobs/{i:024x}"), "rel": "self"}],
        "snapshotId": format!("{:024x}", i + 1_000_000),
        "targetClusterName": "target-instance",
        "targetDeploymentItemName": "target-deployment",
        "targetGroupId": GROUP,
        "timestamp": "2020-12-21T00:00:00Z"
    })
}

/// Page `page_num` (from 1) of `total` jobs as Atlas would send it, `per_page` at a time.
pub fn page(page_num: usize, per_page: usize, total: usize) -> Value {
    let start = (page_num - 1) * per_page;
    let end = (start + per_page).min(total).max(start);
    let path = format!("/api/atlas/v1.0/groups/{GROUP}/serverless/{INSTANCE}/backup/restoreJobs");
    let mut links = vec![json!({"rel": "self", "href": format!("http://127.0.0.1{path}?pageNum={page_num}")})];
    if end < total {
        links.push(json!({"rel": "next", "href": format!("http://127.0.0.1{path}?pageNum={}", page_num + 1)}));
    }
    json!({"links": links, "results": (start..end).map(job).collect::<Vec<_>>(), "totalCount": total})
}

pub const FLEX_CLUSTER: &str = "bench-flex";

/// A Flex restore job as Atlas v2 sends it.
pub fn flex_job(i: usize) -> Value {
    json!({
        "deliveryType": "RESTORE",
        "expirationDate": "2026-06-01T12:00:00Z",
        "id": format!("{i:024x}"),
        "instanceName": FLEX_CLUSTER,
        "links": [{"href": format!("https://cloud.mongodb.com/api/atlas/v2/restoreJobs/{i:024x}"), "rel": "self"}],
        "projectId": GROUP,
        "restoreFinishedDate": "2026-05-24T09:41:12Z",
        "restoreScheduledDate": "2026-05-24T09:30:00Z",
        "snapshotFinishedDate": "2026-05-24T03:00:05Z",
        "snapshotId": format!("{:024x}", i + 1_000_000),
        "status": "COMPLETED",
        "targetDeploymentItemName": "bench-flex-restored",
        "targetProjectId": GROUP
    })
}

/// Page `page_num` (from 1) of `total` Flex jobs, `per_page` at a time.
pub fn flex_page(page_num: usize, per_page: usize, total: usize) -> Value {
    let start = (page_num - 1) * per_page;
    let end = (start + per_page).min(total).max(start);
    let path = format!("/api/atlas/v2/groups/{GROUP}/flexClusters/{FLEX_CLUSTER}/backup/restoreJobs");
    let mut links = vec![json!({"rel": "self", "href": format!("http://127.0.0.1{path}?pageNum={page_num}")})];
    if end < total {
        links.push(json!({"rel": "next", "href": format!("http://127.0.0.1{path}?pageNum={}", page_num + 1)}));
    }
    json!({"links": links, "results": (start..end).map(flex_job).collect::<Vec<_>>(), "totalCount": total})
}

/// The hand-written baseline: what one would write without a generator.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawPage {
    #[serde(default)]
    pub links: Vec<RawLink>,
    pub results: Vec<RawJob>,
    pub total_count: Option<i64>,
}

#[derive(Deserialize)]
pub struct RawLink {
    pub href: Option<String>,
    pub rel: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawJob {
    pub cancelled: Option<bool>,
    pub created_at: Option<DateTime<Utc>>,
    pub delivery_type: Option<String>,
    pub delivery_url: Option<Vec<String>>,
    pub expired: Option<bool>,
    pub expires_at: Option<DateTime<Utc>>,
    pub failed: Option<bool>,
    pub finished_at: Option<DateTime<Utc>>,
    pub id: Option<String>,
    #[serde(default)]
    pub links: Vec<RawLink>,
    pub snapshot_id: Option<String>,
    pub target_cluster_name: Option<String>,
    pub target_deployment_item_name: Option<String>,
    pub target_group_id: Option<String>,
    pub timestamp: Option<DateTime<Utc>>,
}
