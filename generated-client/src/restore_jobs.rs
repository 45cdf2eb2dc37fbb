//! The restore-job operations as callers use them: arguments checked before any I/O, one [`Error`] type.
//!
//! The Flex cluster's restore jobs (list, get one, create, wait for one) are the current API. The serverless list
//! is kept for the record: Atlas sunset it on 2026-01-22 with serverless instances themselves. Paging is not
//! here: the generated builders of both lists page themselves (`pages.rs`).

use futures_util::stream::BoxStream;

use crate::builder::{ListFlexRestoreJobs, ListServerlessRestoreJobs};
use crate::capture::capturing;
use crate::error::Error;
use crate::pages::{Checked, Listing};
use crate::types::{
    ApiError, ClusterName, FlexBackupRestoreJob20241113, FlexBackupRestoreJobCreate20241113, GroupId, InstanceName,
    ObjectId, ServerlessRestoreJob,
};
use crate::wait::{Poll, WaitForRestore};
use crate::{Client, ResponseValue};

/// The restore jobs of one Flex cluster: the listing (`.page(n)`, `.pages()`, `.jobs()`), plus `.get(id)`,
/// `.create(..)` and `.wait(id)`. Made by [`Client::flex_restore_jobs`].
pub type FlexRestoreJobs<'a> = Listing<ListFlexRestoreJobs<'a>, FlexCluster<'a>>;

/// The restore jobs of one serverless instance (sunset). Made by [`Client::restore_jobs`].
pub type RestoreJobs<'a> = Listing<ListServerlessRestoreJobs<'a>>;

/// A Flex cluster, by project and name, both checked: what `get`, `create` and `wait` address.
#[derive(Debug, Clone)]
pub struct FlexCluster<'a> {
    client: &'a Client,
    group_id: GroupId,
    name: ClusterName,
}

fn group_id(group_id: &str) -> Result<GroupId, String> {
    group_id
        .parse()
        .map_err(|_| format!("group id `{group_id}` is not a project id (24 lowercase hexadecimal digits)"))
}

fn object_id(what: &str, id: &str) -> Result<ObjectId, String> {
    id.parse()
        .map_err(|_| format!("{what} `{id}` is not an Atlas id (24 lowercase hexadecimal digits)"))
}

impl Client {
    /// The restore jobs of Flex cluster `cluster_name` in project `group_id`. Both are checked here, before any
    /// I/O; an invalid one is reported by the first call that would send a request.
    pub fn flex_restore_jobs(&self, group_id: &str, cluster_name: &str) -> FlexRestoreJobs<'_> {
        let name = cluster_name.parse::<ClusterName>().map_err(|_| {
            format!("cluster name `{cluster_name}` is not a cluster name (letters, digits and `-`, not first)")
        });
        let target = self::group_id(group_id).and_then(|group_id| {
            let name = name?;
            Ok(Checked {
                request: self
                    .list_flex_restore_jobs()
                    .group_id(group_id.clone())
                    .name(name.clone()),
                scope: FlexCluster {
                    client: self,
                    group_id,
                    name,
                },
            })
        });
        Listing::new(target)
    }

    /// The restore jobs of serverless instance `instance_name` in project `group_id`, checked before any I/O.
    #[deprecated(
        note = "Atlas sunset serverless instances and this endpoint on 2026-01-22 (it answers 410 Gone); \
                use `flex_restore_jobs` for the Flex cluster the instance was migrated to"
    )]
    pub fn restore_jobs(&self, group_id: &str, instance_name: &str) -> RestoreJobs<'_> {
        let name = instance_name.parse::<InstanceName>().map_err(|_| {
            format!(
                "instance name `{instance_name}` cannot be sent as one path segment \
                 (it is empty, `.`, `..` or holds a backslash)"
            )
        });
        let target = self::group_id(group_id).and_then(|group_id| {
            #[allow(deprecated)]
            let request = self
                .list_serverless_restore_jobs()
                .group_id(group_id)
                .instance_name(name?);
            Ok(Checked { request, scope: () })
        });
        Listing::new(target)
    }
}

impl<'a> FlexRestoreJobs<'a> {
    /// The checked cluster, or why its arguments are invalid.
    fn cluster(&self) -> Result<&FlexCluster<'a>, Error> {
        self.target
            .as_ref()
            .map(|target| &target.scope)
            .map_err(|e| Error::InvalidRequest(e.clone()))
    }

    /// Every restore job across all pages: [`Listing::items`] under the name callers look for.
    pub fn jobs(self) -> BoxStream<'a, Result<FlexBackupRestoreJob20241113, Error>> {
        self.items()
    }

    /// One restore job of this cluster, by its id (checked before any I/O).
    pub async fn get(&self, restore_job_id: &str) -> Result<FlexBackupRestoreJob20241113, Error> {
        let cluster = self.cluster()?;
        let id = object_id("restore job id", restore_job_id).map_err(Error::InvalidRequest)?;
        cluster.get(id).await
    }

    /// Restore snapshot `snapshot_id` to the cluster named `target` (in `target_project_id`, or this project).
    /// Arguments are checked before any I/O. Not idempotent: a failure after the request was sent is not retried,
    /// so a job is never created twice by the client (a 429 is: Atlas had not acted on it).
    pub async fn create(
        &self,
        snapshot_id: &str,
        target: &str,
        target_project_id: Option<&str>,
    ) -> Result<FlexBackupRestoreJob20241113, Error> {
        let cluster = self.cluster()?;
        let body = FlexBackupRestoreJobCreate20241113 {
            snapshot_id: object_id("snapshot id", snapshot_id).map_err(Error::InvalidRequest)?,
            target_deployment_item_name: target
                .parse()
                .map_err(|_| Error::InvalidRequest(format!("target name `{target}` must be 1 to 64 characters")))?,
            target_project_id: target_project_id
                .map(|id| object_id("target project id", id))
                .transpose()
                .map_err(Error::InvalidRequest)?,
        };
        let request = cluster
            .client
            .create_flex_restore_job()
            .group_id(cluster.group_id.clone())
            .name(cluster.name.clone())
            .body(body)
            .send();
        finish(capturing(request).await).await
    }

    /// Wait for restore job `restore_job_id` to end (`COMPLETED` or `FAILED`), polling it: the
    /// [`WaitForRestore`] sets the interval, the deadline and what to do on each status change, and is awaited.
    pub fn wait(&self, restore_job_id: &str) -> WaitForRestore<'a> {
        let poll = self.cluster().cloned().and_then(|cluster| {
            let id = object_id("restore job id", restore_job_id).map_err(Error::InvalidRequest)?;
            let poll: Poll<'a> = Box::new(move || {
                let (cluster, id) = (cluster.clone(), id.clone());
                Box::pin(async move { cluster.get(id).await })
            });
            Ok(poll)
        });
        WaitForRestore::new(poll)
    }
}

impl FlexCluster<'_> {
    /// One restore job of this cluster.
    pub(crate) async fn get(&self, id: ObjectId) -> Result<FlexBackupRestoreJob20241113, Error> {
        let request = self
            .client
            .get_flex_restore_job()
            .group_id(self.group_id.clone())
            .name(self.name.clone())
            .restore_job_id(id)
            .send();
        finish(capturing(request).await).await
    }
}

impl<'a> RestoreJobs<'a> {
    /// Every restore job across all pages: [`Listing::items`] under the name callers look for.
    pub fn jobs(self) -> BoxStream<'a, Result<ServerlessRestoreJob, Error>> {
        self.items()
    }
}

/// One generated call's result, with how the pipeline ended it, as the caller's result.
async fn finish<T: serde::de::DeserializeOwned>(
    (result, ending): (
        Result<ResponseValue<T>, progenitor_client::Error<ApiError>>,
        Option<crate::capture::Ending>,
    ),
) -> Result<T, Error> {
    match result {
        Ok(response) => Ok(response.into_inner()),
        Err(e) => Err(Error::from_generated::<T>(e, ending).await),
    }
}
