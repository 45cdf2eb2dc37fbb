//! Waiting for a Flex restore job to end, as `atlas backups restores watch` does: poll it until its status is
//! `COMPLETED` or `FAILED`, within a deadline, saying each status change as it is seen.
//!
//! Atlas has no push notification for restore jobs, so every caller would write this loop; written once, it
//! honours rate limits (a 429 or 503 waits as the server asks and is not a failure), jitters its polls so that
//! many waiters do not poll in step, and holds no task of its own: dropping the future stops it.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use reqwest::StatusCode;

use futures_util::future::BoxFuture;

use crate::error::Error;
use crate::open_enums::FlexRestoreJobStatus;
use crate::types::FlexBackupRestoreJob20241113;

/// How often a restore job is polled by default (jittered by ±20 %).
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// How long a wait lasts by default: a Flex restore takes minutes.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60 * 60);

/// A status seen for the first time in this wait: the first poll's, and every change after it.
#[derive(Debug, Clone, Copy)]
pub struct StatusChange<'j> {
    /// The job's status now; `None` when Atlas sent none.
    pub status: Option<&'j FlexRestoreJobStatus>,
    /// Time since the wait began.
    pub elapsed: Duration,
    /// The job as Atlas sent it.
    pub job: &'j FlexBackupRestoreJob20241113,
}

type OnChange<'a> = Box<dyn FnMut(&StatusChange<'_>) + Send + 'a>;

/// One poll of the job: how it is fetched is the caller's (`restore_jobs.rs`), so this module knows only waiting.
pub(crate) type Poll<'a> = Box<dyn FnMut() -> BoxFuture<'a, Result<FlexBackupRestoreJob20241113, Error>> + Send + 'a>;

/// A wait for one restore job, made by [`FlexRestoreJobs::wait`](crate::FlexRestoreJobs::wait): configure it,
/// then `.await` it. It ends with the `COMPLETED` job, or [`Error::RestoreFailed`] carrying the `FAILED` job, or
/// [`Error::WaitDeadline`] carrying the last status seen, or the error of a poll that cannot be retried.
pub struct WaitForRestore<'a> {
    poll: Result<Poll<'a>, Error>,
    poll_interval: Duration,
    deadline: Duration,
    on_change: Option<OnChange<'a>>,
}

impl std::fmt::Debug for WaitForRestore<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaitForRestore")
            .field("arguments", &self.poll.as_ref().map(|_| "valid"))
            .field("poll_interval", &self.poll_interval)
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

impl<'a> WaitForRestore<'a> {
    pub(crate) fn new(poll: Result<Poll<'a>, Error>) -> Self {
        WaitForRestore {
            poll,
            poll_interval: DEFAULT_POLL_INTERVAL,
            deadline: DEFAULT_DEADLINE,
            on_change: None,
        }
    }

    /// Poll every `interval` (jittered by ±20 %; default 5 s). A zero interval is taken as one millisecond.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval.max(Duration::from_millis(1));
        self
    }

    /// Give up after `deadline` (default one hour) with [`Error::WaitDeadline`]: no poll runs past it.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Call `f` with each status seen for the first time (the first poll's included), to show progress.
    pub fn on_change(mut self, f: impl FnMut(&StatusChange<'_>) + Send + 'a) -> Self {
        self.on_change = Some(Box::new(f));
        self
    }

    async fn run(self) -> Result<FlexBackupRestoreJob20241113, Error> {
        let mut poll = self.poll?;
        let mut on_change = self.on_change;
        let start = tokio::time::Instant::now();
        let mut last_status: Option<FlexRestoreJobStatus> = None;
        let mut polled = false;
        loop {
            let remaining = self.deadline.saturating_sub(start.elapsed());
            let poll = tokio::time::timeout(remaining, poll()).await;
            let mut pause = jittered(self.poll_interval);
            match poll {
                Err(_elapsed) => break,
                Ok(Ok(job)) => {
                    if !polled || job.status != last_status {
                        if let Some(f) = on_change.as_mut() {
                            f(&StatusChange {
                                status: job.status.as_ref(),
                                elapsed: start.elapsed(),
                                job: &job,
                            });
                        }
                        polled = true;
                        last_status = job.status.clone();
                    }
                    match job.status {
                        Some(FlexRestoreJobStatus::Completed) => return Ok(job),
                        Some(FlexRestoreJobStatus::Failed) => return Err(Error::RestoreFailed(Box::new(job))),
                        _ => {}
                    }
                }
                // Atlas asks for patience, and has not lost the job: wait as long as it says, then poll again.
                Ok(Err(e)) if is_busy(&e) => {
                    tracing::debug!(status = ?e.status(), "restore job poll refused for now; waiting");
                    pause = pause.max(e.retry_after().unwrap_or_default());
                }
                Ok(Err(e)) => return Err(e),
            }
            let remaining = self.deadline.saturating_sub(start.elapsed());
            if remaining.is_zero() {
                break;
            }
            tokio::time::sleep(pause.min(remaining)).await;
        }
        Err(Error::WaitDeadline {
            waited: start.elapsed(),
            last_status,
        })
    }
}

impl<'a> IntoFuture for WaitForRestore<'a> {
    type Output = Result<FlexBackupRestoreJob20241113, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// A refusal that says "later", not "no": rate limited, or Atlas briefly unavailable.
fn is_busy(error: &Error) -> bool {
    matches!(
        error.status(),
        Some(StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE)
    )
}

/// `interval` ± 20 %, so that many waiters started together do not poll in step.
fn jittered(interval: Duration) -> Duration {
    let factor = fastrand::f64().mul_add(0.4, 0.8);
    // Checked: an interval near `Duration::MAX` times 1.2 does not fit, and `mul_f64` would panic.
    Duration::try_from_secs_f64(interval.as_secs_f64() * factor).unwrap_or(interval)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_a_fifth_of_the_interval() {
        for _ in 0..1000 {
            let pause = jittered(Duration::from_secs(5));
            assert!(
                pause >= Duration::from_secs(4) && pause <= Duration::from_secs(6),
                "{pause:?}"
            );
        }
        assert_eq!(jittered(Duration::ZERO), Duration::ZERO);
        assert!(
            jittered(Duration::MAX) >= Duration::MAX.mul_f64(0.79),
            "no overflow, no panic"
        );
    }
}
