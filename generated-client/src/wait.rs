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
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use reqwest::header::{HeaderMap, HeaderValue};

    use super::*;
    use crate::error::ErrorBody;

    fn job(status: &str) -> FlexBackupRestoreJob20241113 {
        serde_json::from_value(serde_json::json!({"id": "6650c0e1a4b2c3d4e5f60718", "status": status})).unwrap()
    }

    fn refused(status: u16, retry_after: Option<&str>) -> Error {
        let mut headers = HeaderMap::new();
        if let Some(seconds) = retry_after {
            headers.insert("retry-after", HeaderValue::from_str(seconds).unwrap());
        }
        Error::Api {
            status: StatusCode::from_u16(status).unwrap(),
            headers: Box::new(headers),
            body: ErrorBody::Raw(Default::default()),
        }
    }

    /// A job whose polls answer `script` in turn (the last answer repeats), recording when each poll came.
    struct Scripted {
        polls: Arc<Mutex<Vec<Duration>>>,
        start: tokio::time::Instant,
    }

    impl Scripted {
        fn wait<'a>(script: Vec<Result<FlexBackupRestoreJob20241113, Error>>) -> (Self, WaitForRestore<'a>) {
            let polls = Arc::new(Mutex::new(Vec::new()));
            let start = tokio::time::Instant::now();
            let script = Arc::new(Mutex::new(VecDeque::from(script)));
            let seen = polls.clone();
            let poll: Poll<'a> = Box::new(move || {
                seen.lock().unwrap().push(start.elapsed());
                let mut script = script.lock().unwrap();
                let answer = match script.len() {
                    0 => panic!("the script is empty"),
                    1 => clone_answer(&script[0]),
                    _ => script.pop_front().unwrap(),
                };
                Box::pin(async move { answer })
            });
            (Scripted { polls, start }, WaitForRestore::new(Ok(poll)))
        }

        fn polls(&self) -> Vec<Duration> {
            self.polls.lock().unwrap().clone()
        }
    }

    fn clone_answer(
        answer: &Result<FlexBackupRestoreJob20241113, Error>,
    ) -> Result<FlexBackupRestoreJob20241113, Error> {
        match answer {
            Ok(job) => Ok(job.clone()),
            Err(Error::Api { status, headers, body }) => Err(Error::Api {
                status: *status,
                headers: headers.clone(),
                body: body.clone(),
            }),
            Err(other) => panic!("the script repeats only jobs and API errors, not {other}"),
        }
    }

    fn gaps(polls: &[Duration]) -> Vec<Duration> {
        polls.windows(2).map(|pair| pair[1] - pair[0]).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn queued_running_completed_returns_the_job_and_says_each_change_once() {
        let script = ["QUEUED", "QUEUED", "RUNNING", "RUNNING", "COMPLETED"].map(|s| Ok(job(s)));
        let (scripted, wait) = Scripted::wait(script.into());
        let changes = Arc::new(Mutex::new(Vec::new()));
        let seen = changes.clone();
        let done = wait
            .on_change(move |change| seen.lock().unwrap().push((change.status.cloned(), change.elapsed)))
            .await
            .expect("completed");
        assert_eq!(done.status, Some(FlexRestoreJobStatus::Completed));
        let changes = changes.lock().unwrap().clone();
        let statuses: Vec<_> = changes
            .iter()
            .map(|(status, _)| status.clone().unwrap().to_string())
            .collect();
        assert_eq!(statuses, ["QUEUED", "RUNNING", "COMPLETED"]);
        assert_eq!(changes[0].1, Duration::ZERO, "the first status is said at once");
        let polls = scripted.polls();
        assert_eq!(polls.len(), 5);
        for gap in gaps(&polls) {
            assert!(
                gap >= Duration::from_secs(4) && gap <= Duration::from_secs(6),
                "{gap:?}: 5 s ± 20 %"
            );
        }
        assert_eq!(changes[2].1, polls[4], "a change is said when it is seen");
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_job_is_an_error_carrying_the_job() {
        let (_, wait) = Scripted::wait(vec![Ok(job("RUNNING")), Ok(job("FAILED"))]);
        match wait.await {
            Err(Error::RestoreFailed(job)) => {
                assert_eq!(job.id.as_deref(), Some("6650c0e1a4b2c3d4e5f60718"));
                assert_eq!(job.status, Some(FlexRestoreJobStatus::Failed));
            }
            other => panic!("expected RestoreFailed, got {other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_waits_as_retry_after_says_and_is_not_a_failure() {
        let script = vec![
            Ok(job("QUEUED")),
            Err(refused(429, Some("30"))),
            Err(refused(503, None)),
            Ok(job("COMPLETED")),
        ];
        let (scripted, wait) = Scripted::wait(script);
        let done = wait
            .poll_interval(Duration::from_secs(2))
            .await
            .expect("completed after the refusals");
        assert_eq!(done.status, Some(FlexRestoreJobStatus::Completed));
        let gaps = gaps(&scripted.polls());
        assert!(gaps[1] >= Duration::from_secs(30), "after the 429: {gaps:?}");
        assert!(
            gaps[2] <= Duration::from_secs(3),
            "a 503 without Retry-After waits one interval: {gaps:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_deadline_ends_the_wait_with_the_last_status_and_no_poll_after_it() {
        let (scripted, wait) = Scripted::wait(vec![Ok(job("QUEUED")), Ok(job("RUNNING"))]);
        let err = wait.deadline(Duration::from_secs(60)).await.unwrap_err();
        match &err {
            Error::WaitDeadline { waited, last_status } => {
                assert_eq!(*waited, Duration::from_secs(60));
                assert_eq!(last_status, &Some(FlexRestoreJobStatus::Running));
            }
            other => panic!("expected WaitDeadline, got {other:?}"),
        }
        assert!(err.to_string().contains("last status was RUNNING"), "{err}");
        let polls = scripted.polls();
        assert!(polls.iter().all(|at| *at <= Duration::from_secs(60)), "{polls:?}");
        assert_eq!(
            polls.last(),
            Some(&Duration::from_secs(60)),
            "one last look at the deadline"
        );
        assert!(
            (11..=17).contains(&polls.len()),
            "{} polls in 60 s at 5 s ± 20 %",
            polls.len()
        );
        assert_eq!(scripted.start.elapsed(), Duration::from_secs(60));
    }

    #[tokio::test(start_paused = true)]
    async fn an_unknown_status_is_not_terminal() {
        let script = vec![Ok(job("PAUSED")), Ok(job("PAUSED")), Ok(job("COMPLETED"))];
        let (scripted, wait) = Scripted::wait(script);
        let changes = Arc::new(Mutex::new(Vec::new()));
        let seen = changes.clone();
        let done = wait
            .on_change(move |change| seen.lock().unwrap().push(change.status.map(ToString::to_string)))
            .await
            .unwrap();
        assert_eq!(done.status, Some(FlexRestoreJobStatus::Completed));
        assert_eq!(
            *changes.lock().unwrap(),
            [Some("PAUSED".to_owned()), Some("COMPLETED".to_owned())]
        );
        assert_eq!(scripted.polls().len(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn an_error_that_is_no_refusal_for_now_ends_the_wait() {
        let (scripted, wait) = Scripted::wait(vec![Ok(job("RUNNING")), Err(refused(404, None))]);
        assert_eq!(wait.await.unwrap_err().status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(scripted.polls().len(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_poll_that_hangs_is_cut_by_the_deadline() {
        let poll: Poll<'static> = Box::new(|| Box::pin(std::future::pending()));
        let err = WaitForRestore::new(Ok(poll))
            .deadline(Duration::from_secs(90))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::WaitDeadline { waited, last_status: None } if waited == Duration::from_secs(90)),
            "{err:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_the_wait_stops_the_polling() {
        let (scripted, wait) = Scripted::wait(vec![Ok(job("RUNNING"))]);
        let cut = tokio::time::timeout(Duration::from_secs(20), wait.into_future()).await;
        assert!(cut.is_err(), "still running after 20 s");
        let polls_when_dropped = scripted.polls().len();
        assert!(polls_when_dropped >= 4, "{polls_when_dropped}");
        tokio::time::sleep(Duration::from_secs(600)).await;
        assert_eq!(
            scripted.polls().len(),
            polls_when_dropped,
            "nothing polls after the drop"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn invalid_arguments_fail_before_any_poll() {
        let wait = WaitForRestore::new(Err(Error::InvalidRequest(
            "restore job id `x` is not an Atlas id".into(),
        )));
        assert!(matches!(wait.await, Err(Error::InvalidRequest(m)) if m.contains("`x`")));
    }

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
