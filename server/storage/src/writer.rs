//! Group commit. One writer task per engine takes scripts from a bounded
//! queue, runs each in a savepoint of its own inside one transaction (a
//! script that is refused or fails is undone alone and gets its own answer),
//! commits once, and only then publishes the batch's changes in commit order
//! and answers each caller. Nothing is acknowledged before it is durable.
//! A script that finds the writer idle commits at once; while a batch
//! commits, the next one gathers, so batches grow with load.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::error::{Result, StorageError};
use crate::records::Change;
use crate::scripts::{Ran, Script};
use crate::tx::{Batch, Transactions, Tx};

/// How much the writer holds and does at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterSettings {
    /// Scripts waiting beyond this many are turned away as busy.
    pub queue: usize,
    /// The most scripts one transaction runs.
    pub max_batch: usize,
}

impl Default for WriterSettings {
    fn default() -> Self {
        Self {
            queue: 4_096,
            max_batch: 512,
        }
    }
}

/// Told of every commit, before the callers are answered.
pub trait CommitListener: Send + Sync {
    /// A batch of `scripts` committed these changes, in commit order, in
    /// `took` from its first statement to its durable commit.
    fn committed(&self, changes: &[Change], scripts: usize, took: Duration);
    /// A script was turned away because the queue was full.
    fn turned_away(&self);
}

/// Where scripts are sent; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Box<dyn Job>>,
    listener: Arc<dyn CommitListener>,
}

/// The running writer task.
pub struct WriterTask {
    closing: CancellationToken,
    task: JoinHandle<()>,
}

impl WriterTask {
    /// Takes no more scripts, finishes those queued and stops.
    pub async fn stop(self) {
        self.closing.cancel();
        let _ = self.task.await;
    }
}

impl Writer {
    /// Starts the writer task of `engine`.
    pub fn start(
        engine: Arc<dyn Transactions>,
        settings: WriterSettings,
        listener: Arc<dyn CommitListener>,
    ) -> (Writer, WriterTask) {
        let (queue, jobs) = mpsc::channel(settings.queue.max(1));
        let closing = CancellationToken::new();
        let task = tokio::spawn(write(
            engine,
            jobs,
            settings.max_batch.max(1),
            listener.clone(),
            closing.clone(),
        ));
        (Writer { queue, listener }, WriterTask { closing, task })
    }

    /// Runs `script` in the next batch and answers once it is durable;
    /// [`StorageError::Busy`] at once when the queue is full.
    pub async fn run<S: Script>(&self, script: S) -> Result<S::Output> {
        let (job, answer) = TypedJob::boxed(script);
        match self.queue.try_send(job) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.listener.turned_away();
                return Err(StorageError::Busy);
            }
            Err(mpsc::error::TrySendError::Closed(_)) => return Err(StorageError::Stopped),
        }
        answer.await.unwrap_or(Err(StorageError::Stopped))
    }

    /// How many scripts wait in the queue now.
    pub fn queued(&self) -> usize {
        self.queue.max_capacity() - self.queue.capacity()
    }

    /// Like [`Writer::run`], but waits for room in the queue: for Baedal's
    /// own workers, which have no one to tell to come back later.
    pub async fn run_waiting<S: Script>(&self, script: S) -> Result<S::Output> {
        let (job, answer) = TypedJob::boxed(script);
        self.queue
            .send(job)
            .await
            .map_err(|_| StorageError::Stopped)?;
        answer.await.unwrap_or(Err(StorageError::Stopped))
    }
}

async fn write(
    engine: Arc<dyn Transactions>,
    mut jobs: mpsc::Receiver<Box<dyn Job>>,
    max_batch: usize,
    listener: Arc<dyn CommitListener>,
    closing: CancellationToken,
) {
    loop {
        let first = tokio::select! {
            biased;
            job = jobs.recv() => job,
            () = closing.cancelled(), if !jobs.is_closed() => {
                // Refuse new scripts; those already queued still run.
                jobs.close();
                continue;
            }
        };
        let Some(first) = first else { return };
        let mut batch = vec![first];
        while batch.len() < max_batch {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        commit_batch(engine.as_ref(), batch, listener.as_ref()).await;
    }
}

/// Runs one batch in one transaction and answers its callers.
async fn commit_batch(
    engine: &dyn Transactions,
    mut batch: Vec<Box<dyn Job>>,
    listener: &dyn CommitListener,
) {
    let started = Instant::now();
    let outcome = async {
        let mut tx = engine.begin().await?;
        let mut changes = Vec::new();
        for job in &mut batch {
            run_in_savepoint(tx.as_mut(), job.as_mut(), &mut changes).await?;
        }
        tx.commit().await?;
        Ok::<_, StorageError>(changes)
    }
    .await;
    let committed = match outcome {
        Ok(changes) => {
            listener.committed(&changes, batch.len(), started.elapsed());
            Ok(())
        }
        Err(error) => {
            tracing::error!(%error, scripts = batch.len(), "a write batch failed");
            Err(error)
        }
    };
    for job in batch {
        job.answer(committed.clone());
    }
}

async fn run_in_savepoint(
    tx: &mut dyn Batch,
    job: &mut dyn Job,
    changes: &mut Vec<Change>,
) -> Result<()> {
    tx.begin_script().await?;
    match job.run(&mut *tx).await {
        Some(kept) => {
            tx.keep_script().await?;
            changes.extend(kept);
        }
        None => tx.undo_script().await?,
    }
    Ok(())
}

/// A script with its caller, as the queue holds it.
#[async_trait]
trait Job: Send {
    /// Runs the script: the changes to publish when its writes are kept,
    /// `None` when they are to be undone.
    async fn run(&mut self, tx: &mut dyn Tx) -> Option<Vec<Change>>;
    /// Answers the caller once the batch committed, or failed.
    fn answer(self: Box<Self>, committed: Result<()>);
}

struct TypedJob<S: Script> {
    script: Option<S>,
    outcome: Option<Result<S::Output>>,
    caller: oneshot::Sender<Result<S::Output>>,
}

impl<S: Script> TypedJob<S> {
    fn boxed(script: S) -> (Box<dyn Job>, oneshot::Receiver<Result<S::Output>>) {
        let (caller, answer) = oneshot::channel();
        let job = TypedJob {
            script: Some(script),
            outcome: None,
            caller,
        };
        (Box::new(job), answer)
    }
}

#[async_trait]
impl<S: Script> Job for TypedJob<S> {
    async fn run(&mut self, tx: &mut dyn Tx) -> Option<Vec<Change>> {
        let script = self.script.take()?;
        let (outcome, kept) = match script.run(tx).await {
            Ok(Ran::Keep { output, changes }) => (Ok(output), Some(changes)),
            Ok(Ran::Discard(output)) => (Ok(output), None),
            Err(error) => (Err(error), None),
        };
        self.outcome = Some(outcome);
        kept
    }

    fn answer(self: Box<Self>, committed: Result<()>) {
        let answer = match (committed, self.outcome) {
            (Ok(()), Some(outcome)) => outcome,
            (Ok(()), None) => Err(StorageError::Stopped),
            (Err(error), _) => Err(error),
        };
        // A caller that gave up waiting is no error.
        let _ = self.caller.send(answer);
    }
}
