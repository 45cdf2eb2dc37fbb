//! The restore-job operations as callers use them: arguments checked before any I/O, one [`Error`] type.
//!
//! The Flex cluster's restore jobs (list, get one, create) are the current API. The serverless list is kept for
//! the record: Atlas sunset it on 2026-01-22 with serverless instances themselves.

use std::hash::Hasher;

use crate::capture::capturing;
use crate::error::Error;
use crate::pages::{AtlasPage, ListOperation, Listing, PageQuery};
use crate::types::{
    ApiError, ClusterName, FlexBackupRestoreJob20241113, FlexBackupRestoreJobCreate20241113, GroupId, InstanceName,
    Links, ObjectId, PaginatedFlexBackupRestoreJob20241113, PaginatedServerlessRestoreJobs, ServerlessRestoreJob,
};
use crate::{Client, ResponseValue};

/// The restore jobs of one Flex cluster: the listing (`.page(n)`, `.pages()`, `.jobs()`), plus `.get(id)` and
/// `.create(..)`. Made by [`Client::flex_restore_jobs`].
pub type FlexRestoreJobs<'a> = Listing<'a, FlexCluster>;

/// The restore jobs of one serverless instance (sunset). Made by [`Client::restore_jobs`].
pub type RestoreJobs<'a> = Listing<'a, ServerlessInstance>;

/// A Flex cluster, by project and name, both checked.
#[derive(Debug, Clone)]
pub struct FlexCluster {
    group_id: GroupId,
    name: ClusterName,
}

/// A serverless instance, by project and name, both checked.
#[derive(Debug, Clone)]
pub struct ServerlessInstance {
    group_id: GroupId,
    name: InstanceName,
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
        let target = self::group_id(group_id).and_then(|group_id| Ok(FlexCluster { group_id, name: name? }));
        Listing::new(self, target)
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
        let target = self::group_id(group_id).and_then(|group_id| Ok(ServerlessInstance { group_id, name: name? }));
        Listing::new(self, target)
    }
}

impl FlexRestoreJobs<'_> {
    /// One restore job of this cluster, by its id (checked before any I/O).
    pub async fn get(&self, restore_job_id: &str) -> Result<FlexBackupRestoreJob20241113, Error> {
        let cluster = self.operation.clone().map_err(Error::InvalidRequest)?;
        let id = object_id("restore job id", restore_job_id).map_err(Error::InvalidRequest)?;
        let request = self
            .client
            .get_flex_restore_job()
            .group_id(cluster.group_id)
            .name(cluster.name)
            .restore_job_id(id)
            .send();
        finish(capturing(request).await).await
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
        let cluster = self.operation.clone().map_err(Error::InvalidRequest)?;
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
        let request = self
            .client
            .create_flex_restore_job()
            .group_id(cluster.group_id)
            .name(cluster.name)
            .body(body)
            .send();
        finish(capturing(request).await).await
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

impl ListOperation for FlexCluster {
    type Page = PaginatedFlexBackupRestoreJob20241113;

    async fn fetch(
        &self,
        client: &Client,
        query: PageQuery,
    ) -> Result<ResponseValue<Self::Page>, progenitor_client::Error<ApiError>> {
        let mut request = client
            .list_flex_restore_jobs()
            .group_id(self.group_id.clone())
            .name(self.name.clone())
            .page_num(query.page_num)
            .items_per_page(query.items_per_page);
        if let Some(include) = query.include_count {
            request = request.include_count(include);
        }
        request.send().await
    }
}

impl ListOperation for ServerlessInstance {
    type Page = PaginatedServerlessRestoreJobs;

    async fn fetch(
        &self,
        client: &Client,
        query: PageQuery,
    ) -> Result<ResponseValue<Self::Page>, progenitor_client::Error<ApiError>> {
        #[allow(deprecated)]
        let mut request = client
            .list_serverless_restore_jobs()
            .group_id(self.group_id.clone())
            .instance_name(self.name.clone())
            .page_num(query.page_num)
            .items_per_page(query.items_per_page);
        if let Some(include) = query.include_count {
            request = request.include_count(include);
        }
        request.send().await
    }
}

impl AtlasPage for PaginatedFlexBackupRestoreJob20241113 {
    type Item = FlexBackupRestoreJob20241113;

    fn links(&self) -> Option<&Links> {
        self.links.as_ref()
    }
    fn results(&self) -> &[Self::Item] {
        &self.results
    }
    fn into_results(self) -> Vec<Self::Item> {
        self.results
    }
    fn total_count(&self) -> Option<i64> {
        self.total_count.map(i64::from)
    }
    fn hash_item<H: Hasher>(job: &Self::Item, hasher: &mut H) {
        use std::hash::Hash;
        (&job.id, &job.snapshot_id, &job.restore_scheduled_date).hash(hasher);
    }
}

impl AtlasPage for PaginatedServerlessRestoreJobs {
    type Item = ServerlessRestoreJob;

    fn links(&self) -> Option<&Links> {
        self.links.as_ref()
    }
    fn results(&self) -> &[Self::Item] {
        &self.results
    }
    fn into_results(self) -> Vec<Self::Item> {
        self.results
    }
    fn total_count(&self) -> Option<i64> {
        self.total_count
    }
    fn hash_item<H: Hasher>(job: &Self::Item, hasher: &mut H) {
        use std::hash::Hash;
        (&job.id, &job.snapshot_id, &job.created_at, &job.timestamp).hash(hasher);
    }
}
