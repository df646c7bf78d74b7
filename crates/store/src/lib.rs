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
    /// Kept for this process only (the data folder could not be written): nothing in it is
    /// found by the next start, so a write must not be called queued here.
    temporary: bool,
    /// Opened read-only because the disk is full: reads work, writes are refused.
    read_only: bool,
    clock: SharedClock,
}

/// Where a profile's store lives inside the data folder `data_dir`: `store/<profile>.db`
/// (before stores had an identity; `path_for_identity` is where they live now).
pub fn path_for(data_dir: &Path, profile: &str) -> PathBuf {
    data_dir.join("store").join(format!("{}.db", safe(profile)))
}

/// The store of one profile *and* one helpdesk identity (account and agent):
/// `store/<profile>-<16 hex digits of the identity>.db`. A profile pointed at another helpdesk
/// or agent gets a fresh store; the old one stays as it was, for where it was written.
pub fn path_for_identity(data_dir: &Path, profile: &str, identity: &str) -> PathBuf {
    data_dir.join("store").join(format!("{}-{:016x}.db", safe(profile), fnv1a(identity)))
}

/// The stores of the same profile for other identities, beside `current` (made by
/// `path_for_identity`): what was written for another helpdesk or agent, kept for it.
pub fn siblings(current: &Path) -> Vec<PathBuf> {
    let Some(name) = current.file_name().and_then(|n| n.to_str()) else { return vec![] };
    let Some(prefix) = name.len().checked_sub(19).map(|end| &name[..end]) else { return vec![] };
    let mut found: Vec<PathBuf> = std::fs::read_dir(current.parent().unwrap_or(Path::new(".")))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.as_path() != current)
        .filter(|p| {
            #[expect(
                clippy::case_sensitive_file_extension_comparisons,
                reason = "the store names its own files, `.db` in lower case"
            )]
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.len() == name.len()
                    && n.starts_with(prefix)
                    && n.ends_with(".db")
                    && n[prefix.len()..n.len() - 3].chars().all(|c| c.is_ascii_hexdigit())
            })
        })
        .collect();
    found.sort();
    found
}

/// Unsent writes a store beside this one holds: written for another helpdesk or agent (the
/// profile has been pointed elsewhere since). Never sent from here.
#[derive(Debug, Clone, PartialEq)]
pub struct Orphaned {
    /// The helpdesk account and agent they were written for.
    pub belongs_to: String,
    pub path: PathBuf,
    pub entries: Vec<frontline_model::Outgoing>,
}

/// The unsent writes of the stores beside `current` (see `siblings`), read without writing
/// anything to them; a store that cannot be read is left out (and logged).
pub fn orphans(current: &Path) -> Vec<Orphaned> {
    let mut found = Vec::new();
    for path in siblings(current) {
        let read = (|| -> rusqlite::Result<(Option<String>, Vec<frontline_model::Outgoing>)> {
            let c = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            c.busy_timeout(std::time::Duration::from_secs(2))?;
            let who = c
                .query_row("SELECT value FROM meta WHERE key = 'identity'", [], |r| r.get(0))
                .map(Some)
                .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
            Ok((who, outbox::pending(&c)?))
        })();
        match read {
            Ok((_, entries)) if entries.is_empty() => {}
            Ok((who, entries)) => found.push(Orphaned {
                belongs_to: who.unwrap_or_else(|| "an earlier setting of this profile".into()),
                path,
                entries,
            }),
            Err(e) => tracing::warn!("reading the unsent writes of {}: {e}", path.display()),
        }
    }
    found
}

fn safe(profile: &str) -> String {
    profile.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// FNV-1a, 64 bits: a hash that is the same in every build, so a store's file name is stable.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

impl Store {
    /// Opens the store (moving a broken one aside: `note` says so) and starts its thread.
    pub fn open(path: &Path, clock: SharedClock) -> Result<Store, StoreError> {
        let opening = |detail: String| StoreError::Open { path: path.to_path_buf(), detail };
        let schema::Opened { mut conn, note, read_only } = schema::open(path, clock.now()).map_err(|r| match r {
            schema::Refusal::Full(_) => StoreError::Full { path: path.to_path_buf() },
            schema::Refusal::Locked(_) => StoreError::Locked { path: path.to_path_buf() },
            other => opening(other.words().to_string()),
        })?;
        // tidying needs disk space: a full disk leaves it for the next start
        if !read_only && let Err(e) = outbox::prune(&conn, clock.now()) {
            tracing::warn!("local store {}: pruning sent writes: {e}", path.display());
        }
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
            temporary: false,
            read_only,
            clock,
        })
    }

    /// Records which helpdesk account and agent this store belongs to.
    pub async fn set_identity(&self, identity: &str) -> Result<(), StoreError> {
        let id = identity.to_string();
        self.call(move |c| {
            c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('identity', ?1)", [id]).map(|_| ())
        })
        .await
    }

    /// The helpdesk account and agent this store belongs to, if recorded.
    pub async fn identity(&self) -> Result<Option<String>, StoreError> {
        self.call(|c| {
            use rusqlite::OptionalExtension;
            c.query_row("SELECT value FROM meta WHERE key = 'identity'", [], |r| r.get(0)).optional()
        })
        .await
    }

    /// The same store, with `note` to say at start (why it is not where it should be).
    pub fn noted(mut self, note: String) -> Store {
        self.note = Arc::new(Some(note));
        self
    }

    /// The same store, marked as kept for this process only (see `is_temporary`).
    pub fn temporary(mut self) -> Store {
        self.temporary = true;
        self
    }

    /// Whether the store lives only as long as this process: a write left in its outbox would
    /// be found by nobody.
    pub fn is_temporary(&self) -> bool {
        self.temporary
    }

    /// Whether the store was opened read-only (the disk is full).
    pub fn is_read_only(&self) -> bool {
        self.read_only
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

    /// Runs `f` on the store's thread, after every job sent before this call, and returns its
    /// answer. The job is queued when `call` is made, not when the future is first polled: an
    /// outbox write queued before a send is stored before the send claims it, whichever task
    /// the runtime happens to run first.
    pub fn call<T, F>(&self, f: F) -> impl std::future::Future<Output = Result<T, StoreError>> + Send + 'static
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let path = self.path.clone();
        let sent = self
            .tx
            .send(Cmd::Run(Box::new(move |c| {
                let _ = tx.send(f(c).map_err(|e| StoreError::Sql { path: (*path).clone(), detail: e.to_string() }));
            })))
            .map_err(|_| StoreError::Closed);
        async move {
            sent?;
            rx.await.map_err(|_| StoreError::Closed)?
        }
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

#[cfg(test)]
mod tests {
    use super::{path_for_identity, siblings};

    #[test]
    fn each_identity_has_its_own_file_and_the_others_are_found_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let a = path_for_identity(dir.path(), "shop", "zendesk https://a.zendesk.com priya@x");
        let b = path_for_identity(dir.path(), "shop", "zendesk https://b.zendesk.com priya@x");
        let other_profile = path_for_identity(dir.path(), "shop2", "zendesk https://a.zendesk.com priya@x");
        assert_ne!(a, b);
        assert_eq!(a, path_for_identity(dir.path(), "shop", "zendesk https://a.zendesk.com priya@x"), "stable");
        std::fs::create_dir_all(a.parent().unwrap()).unwrap();
        for p in [&a, &b, &other_profile] {
            std::fs::write(p, "").unwrap();
        }
        assert_eq!(siblings(&a), vec![b.clone()], "the same profile's other identity, not another profile");
        assert_eq!(siblings(&b), vec![a]);
    }
}
