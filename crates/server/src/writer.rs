//! Group commit for the server's frequent writes: phone syncs and the access log. SQLite and
//! PostgreSQL make a commit durable with an fsync, and writers take turns, so one transaction per
//! request caps these at the disk's fsync rate. Writes that arrive while one is being committed wait
//! in a queue and are written together, in one transaction, by one task per server process; each
//! request is answered only after that commit (a view is logged before its data is sent). If the
//! shared transaction fails, each write in it is retried in a transaction of its own, so one bad
//! write cannot fail the others. Nothing here outlives a request: a second server process has its
//! own queue and both take turns on the database's write lock.

use crate::db::Pool;
use crate::error::ApiError;
use crate::store;
use steady_domain::sync::{Acknowledgement, Change, Outcome};
use steady_domain::Timestamp;
use tokio::sync::{mpsc, oneshot};

/// Writes committed in one transaction at most.
const WRITES_PER_COMMIT: usize = 64;

/// Changes applied per group of statements. SQLite looks up `$N` parameters by name, which grows with
/// the square of their number in one statement, so big batches go in slices of this size.
const CHANGES_PER_STATEMENT: usize = 50;

/// One write waiting in the queue, with where its answer goes.
enum Job {
    /// One phone's sync batch.
    Sync {
        participant: String,
        changes: Vec<Change>,
        now: Timestamp,
        reply: oneshot::Sender<Result<Vec<Acknowledgement>, ApiError>>,
    },
    /// One view of participants' data by a member of staff.
    Access {
        staff_id: String,
        participant_ids: Vec<String>,
        view: &'static str,
        at: Timestamp,
        reply: oneshot::Sender<Result<(), ApiError>>,
    },
}

/// What a job's part of a shared transaction produced, kept until the commit.
enum Done {
    Synced(Vec<Acknowledgement>),
    Logged,
}

impl Job {
    fn answer(self, result: Result<Done, ApiError>) {
        match self {
            Job::Sync { reply, .. } => {
                let _ = reply.send(result.and_then(|done| match done {
                    Done::Synced(acknowledged) => Ok(acknowledged),
                    Done::Logged => Err(ApiError::internal("a sync was answered as an access record")),
                }));
            }
            Job::Access { reply, .. } => {
                let _ = reply.send(result.map(|_| ()));
            }
        }
    }
}

/// The queue into this process's writer.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task over `pool` (it ends when the last `Writer` is dropped).
    pub fn start(pool: Pool) -> Self {
        let (queue, jobs) = mpsc::channel(1024);
        tokio::spawn(write_loop(pool, jobs));
        Writer { queue }
    }

    async fn send(&self, job: Job) -> Result<(), ApiError> {
        self.queue.send(job).await.map_err(|_| ApiError::internal("the writer has stopped"))
    }

    /// Applies one phone's changes and returns an acknowledgement per change, once committed.
    pub async fn sync(
        &self,
        participant: String,
        changes: Vec<Change>,
        now: Timestamp,
    ) -> Result<Vec<Acknowledgement>, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Sync { participant, changes, now, reply }).await?;
        answer.await.map_err(|_| ApiError::internal("the writer dropped a batch"))?
    }

    /// Records that `staff_id` saw `view` of each participant, once committed (see [`crate::store::access_log`]).
    pub async fn log_access(
        &self,
        staff_id: &str,
        participant_ids: &[String],
        view: &'static str,
    ) -> Result<(), ApiError> {
        let (reply, answer) = oneshot::channel();
        let at = crate::state::now();
        self.send(Job::Access {
            staff_id: staff_id.to_string(),
            participant_ids: participant_ids.to_vec(),
            view,
            at,
            reply,
        })
        .await?;
        answer.await.map_err(|_| ApiError::internal("the writer dropped an access record"))?
    }
}

async fn write_loop(pool: Pool, mut jobs: mpsc::Receiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut group = vec![first];
        while group.len() < WRITES_PER_COMMIT {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        match write_together(&pool, &group).await {
            Ok(done) => {
                for (job, done) in group.into_iter().zip(done) {
                    job.answer(Ok(done));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, writes = group.len(), "a group of writes failed; writing them one by one");
                for job in group {
                    let alone = write_together(&pool, std::slice::from_ref(&job)).await;
                    job.answer(
                        alone.and_then(|done| done.into_iter().next().ok_or_else(|| ApiError::internal("no result"))),
                    );
                }
            }
        }
    }
}

/// Writes every job in one transaction; one result per job.
async fn write_together(pool: &Pool, group: &[Job]) -> Result<Vec<Done>, ApiError> {
    let mut tx = crate::db::write_tx(pool).await?;
    let mut done = Vec::with_capacity(group.len());
    for job in group {
        match job {
            Job::Sync { participant, changes, now, .. } => {
                let mut acknowledged = Vec::with_capacity(changes.len());
                for slice in changes.chunks(CHANGES_PER_STATEMENT) {
                    acknowledged.extend(apply_slice(&mut tx, participant, slice, *now).await?);
                }
                if acknowledged.iter().any(|a| a.outcome == Outcome::Applied) {
                    store::entries::changed(&mut tx, participant).await?;
                }
                done.push(Done::Synced(acknowledged));
            }
            Job::Access { staff_id, participant_ids, view, at, .. } => {
                store::access_log::insert(&mut tx, staff_id, participant_ids, view, *at).await?;
                done.push(Done::Logged);
            }
        }
    }
    tx.commit().await?;
    Ok(done)
}

/// Three statements for up to [`CHANGES_PER_STATEMENT`] changes: read what is held, write upserts, write deletes.
async fn apply_slice(
    tx: &mut sqlx::AnyConnection,
    participant: &str,
    changes: &[Change],
    now: Timestamp,
) -> Result<Vec<Acknowledgement>, ApiError> {
    let held = store::entries::held(tx, participant, changes).await?;
    let (mut upserts, mut deletes) = (Vec::new(), Vec::new());
    let mut acknowledged = Vec::with_capacity(changes.len());
    for change in changes {
        let outcome = change.outcome_over(held.get(change.id().as_str()).copied());
        match (outcome, change) {
            (Outcome::Applied, Change::Upsert { entry }) => upserts.push(entry),
            (Outcome::Applied, Change::Delete { id, deleted_at }) => deletes.push((id, *deleted_at)),
            (Outcome::AlreadyApplied, _) => {}
        }
        acknowledged.push(Acknowledgement { id: change.id().clone(), outcome });
    }
    store::entries::upsert(tx, participant, &upserts, now).await?;
    store::entries::delete(tx, participant, &deletes, now).await?;
    Ok(acknowledged)
}

#[cfg(test)]
mod tests {
    use super::Writer;
    use steady_domain::accounts::Role;
    use steady_domain::enrolment::{DisplayName, NewParticipant, ReferralSource};
    use steady_domain::entry::{Entry, EntryBody, EntryId, QuickLog};
    use steady_domain::rating::Rating;
    use steady_domain::sync::{Change, Outcome};
    use steady_domain::Day;
    use steady_domain::Timestamp;

    fn upsert(n: u32) -> Change {
        let at = Timestamp::from_millis(1_790_000_000_000);
        let id = EntryId::parse(&format!("00000000-0000-4000-8000-{n:012}")).expect("an id");
        let body =
            EntryBody::QuickLog(QuickLog::new(Rating::new(6).ok(), Rating::new(4).ok(), None).expect("a quick log"));
        Change::Upsert { entry: Entry { id, at, updated_at: at, keep_private: false, body } }
    }

    /// A database with a link worker `s` and their participant `alex`, and a writer over it.
    async fn setup(dir: &tempfile::TempDir) -> (crate::db::Pool, Writer) {
        let pool =
            crate::db::connect(&format!("sqlite://{}", dir.path().join("w.db").display())).await.expect("database");
        let at = Timestamp::from_millis(0);
        crate::store::staff::insert(&pool, "s", "Lin", "lin@x", Role::LinkWorker, at).await.expect("staff");
        let alex = NewParticipant {
            display_name: DisplayName::parse("Alex").expect("a name"),
            referral_source: ReferralSource::Other,
            justice_contact: false,
            consent_discussed_on: Day::parse("2026-01-01").expect("a day"),
        };
        crate::store::participants::insert(&pool, "alex", "s", &alex, at).await.expect("participant");
        let writer = Writer::start(pool.clone());
        (pool, writer)
    }

    #[tokio::test]
    async fn views_and_syncs_sent_at_once_are_all_stored() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (pool, writer) = setup(&dir).await;
        let now = Timestamp::from_millis(1_790_000_100_000);
        let mut tasks = Vec::new();
        for n in 0..20u32 {
            let writer = writer.clone();
            tasks.push(tokio::spawn(async move {
                if n % 2 == 0 {
                    writer.log_access("s", &["alex".to_string(), "sam".to_string()], "caseload").await.map(|_| 0)
                } else {
                    writer.sync("alex".into(), vec![upsert(n)], now).await.map(|acknowledged| acknowledged.len())
                }
            }));
        }
        let mut acknowledged = 0;
        for task in tasks {
            acknowledged += task.await.expect("task").expect("written");
        }
        assert_eq!(acknowledged, 10);
        let seen = crate::store::access_log::records(&pool, 100).await.expect("the access log");
        let seen: Vec<&str> = seen.iter().map(|r| r.participant_id.as_str()).collect();
        assert_eq!(seen.len(), 20, "10 views of 2 participants");
        assert_eq!(seen.iter().filter(|id| **id == "sam").count(), 10);
        let stored = crate::store::entries::shared(&pool, "alex", None).await.expect("entries");
        assert_eq!(stored.len(), 10);
    }

    #[tokio::test]
    async fn a_batch_that_cannot_be_stored_fails_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (pool, writer) = setup(&dir).await;
        let now = Timestamp::from_millis(1_790_000_100_000);
        // Sent together, so the writer most likely takes both in one transaction; the second names
        // a participant that does not exist, which the database refuses.
        let (alex, ghost) = tokio::join!(
            writer.sync("alex".into(), vec![upsert(1), upsert(2)], now),
            writer.sync("ghost".into(), vec![upsert(3)], now),
        );
        let alex = alex.expect("Alex's batch is stored");
        assert!(alex.iter().all(|a| a.outcome == Outcome::Applied));
        assert!(ghost.is_err(), "the bad batch is refused");
        let stored = crate::store::entries::shared(&pool, "alex", None).await.expect("entries");
        assert_eq!(stored.len(), 2);
    }
}
