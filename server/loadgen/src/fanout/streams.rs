//! Many live streams at once, each followed by its own task.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::follow::{self, Control, Heard, Log};
use super::oracle::Listener;

pub struct Streams {
    pub listeners: Vec<Listener>,
    logs: Vec<Arc<Mutex<Log>>>,
    control: watch::Sender<Control>,
    tasks: JoinSet<()>,
}

fn lock(log: &Mutex<Log>) -> std::sync::MutexGuard<'_, Log> {
    log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Streams {
    /// Opens a stream for each listener, `at_once` connections at a time,
    /// and waits until every one has its `hello`.
    pub async fn open(
        addr: SocketAddr,
        listeners: Vec<(Listener, Arc<str>)>,
        at_once: usize,
    ) -> anyhow::Result<Streams> {
        let (control, watching) = watch::channel(Control::default());
        let mut streams = Streams {
            listeners: Vec::with_capacity(listeners.len()),
            logs: Vec::with_capacity(listeners.len()),
            control,
            tasks: JoinSet::new(),
        };
        for batch in listeners.chunks(at_once.max(1)) {
            for (listener, cookie) in batch {
                let log = Arc::new(Mutex::new(Log::default()));
                streams.listeners.push(*listener);
                streams.logs.push(Arc::clone(&log));
                streams.tasks.spawn(follow::follow(
                    addr,
                    Arc::clone(cookie),
                    log,
                    watching.clone(),
                ));
            }
            let opened = streams.logs.len();
            let ready = streams
                .wait_for(Duration::from_secs(60), |log| log.hellos >= 1)
                .await;
            anyhow::ensure!(
                ready == opened,
                "only {ready} of {opened} streams got their hello"
            );
        }
        Ok(streams)
    }

    pub fn len(&self) -> usize {
        self.logs.len()
    }

    /// Changes what the streams do.
    pub fn control(&self, change: impl FnOnce(&mut Control)) {
        self.control.send_modify(change);
    }

    /// Waits up to `limit` until every stream's log satisfies `done`; how
    /// many do.
    pub async fn wait_for(&self, limit: Duration, done: impl Fn(&Log) -> bool) -> usize {
        let deadline = Instant::now() + limit;
        loop {
            let count = self.logs.iter().filter(|log| done(&lock(log))).count();
            if count == self.logs.len() || Instant::now() >= deadline {
                return count;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// What each stream heard so far.
    pub fn heard(&self) -> Vec<Vec<Heard>> {
        self.logs
            .iter()
            .map(|log| lock(log).heard.clone())
            .collect()
    }

    /// Closes every stream.
    pub async fn close(mut self) {
        self.control(|control| control.stop = true);
        self.tasks.abort_all();
        while self.tasks.join_next().await.is_some() {}
    }
}
