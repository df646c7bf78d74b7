//! The local store: one SQLite file per profile in the data folder, holding the cache (what
//! the console last showed), the outbox (writes not yet confirmed by the helpdesk) and the
//! drafts. One thread owns the connection and runs jobs in the order they were sent, so an
//! outbox commit queued before a send is on disk before the send starts; nobody on the draw
//! path ever waits for the disk.

pub mod cache;
mod error;
pub mod outbox;
mod schema;

pub use error::StoreError;
pub use schema::VERSION;

use frontline_clock::{SharedClock, Timestamp};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

enum Cmd {
    Run(Job),
    Stop,
}

/// A handle on the store's thread; clones share it.
#[derive(Clone)]
pub struct Store {
    tx: std::sync::mpsc::Sender<Cmd>,
    thread: Arc<Mutex<Option<std::thread::JoinHandle<()>>>>,
    path: Arc<PathBuf>,
    note: Arc<Option<String>>,
    clock: SharedClock,
}

/// Where a profile's store lives inside the data folder `data_dir`: `store/<profile>.db`.
pub fn path_for(data_dir: &Path, profile: &str) -> PathBuf {
    let safe: String =
        profile.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    data_dir.join("store").join(format!("{safe}.db"))
}

impl Store {
    /// Opens the store (moving a broken one aside: `note` says so) and starts its thread.
    pub fn open(path: &Path, clock: SharedClock) -> Result<Store, StoreError> {
        let opening = |detail: String| StoreError::Open { path: path.to_path_buf(), detail };
        let (mut conn, note) = schema::open(path, clock.now()).map_err(opening)?;
        outbox::prune(&conn, clock.now()).map_err(|e| opening(e.to_string()))?;
        let (tx, rx) = std::sync::mpsc::channel::<Cmd>();
        let thread = std::thread::Builder::new()
            .name("frontline-store".into())
            .spawn(move || {
                while let Ok(Cmd::Run(job)) = rx.recv() {
                    job(&mut conn);
                }
            })
            .map_err(|e| opening(format!("cannot start the store thread: {e}")))?;
        Ok(Store {
            tx,
            thread: Arc::new(Mutex::new(Some(thread))),
            path: Arc::new(path.to_path_buf()),
            note: Arc::new(note),
            clock,
        })
    }

    /// The same store, with `note` to say at start (why it is not where it should be).
    pub fn noted(mut self, note: String) -> Store {
        self.note = Arc::new(Some(note));
        self
    }

    /// Why the store at this path had to be started afresh, if it had to.
    pub fn note(&self) -> Option<&str> {
        (*self.note).as_deref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The clock the store was opened with: the console's one clock.
    pub fn clock(&self) -> SharedClock {
        self.clock.clone()
    }

    /// The time now, by the clock the store was opened with.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Runs `f` on the store's thread, after every job sent before it, and returns its answer.
    pub async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let path = self.path.clone();
        self.tx
            .send(Cmd::Run(Box::new(move |c| {
                let _ = tx.send(f(c).map_err(|e| StoreError::Sql { path: (*path).clone(), detail: e.to_string() }));
            })))
            .map_err(|_| StoreError::Closed)?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    /// Sends `f` to the store's thread without waiting; a failure is logged with `what`.
    pub fn submit(&self, what: &'static str, f: impl FnOnce(&mut Connection) -> rusqlite::Result<()> + Send + 'static) {
        let sent = self.tx.send(Cmd::Run(Box::new(move |c| {
            if let Err(e) = f(c) {
                tracing::warn!("local store: {what}: {e}");
            }
        })));
        if sent.is_err() {
            tracing::warn!("local store closed: {what} not saved");
        }
    }

    /// Finishes every job already sent, then closes the file. Called once, on the way out.
    pub fn close(&self) {
        let _ = self.tx.send(Cmd::Stop);
        if let Some(t) = self.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = t.join();
        }
    }
}
