//! What can go wrong with the local store, in words that name the file and the fix.

use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Clone, Error, PartialEq)]
pub enum StoreError {
    /// The file could not be opened or created (and moving a broken one aside did not help).
    #[error("cannot open the local store {path}: {detail}")]
    Open { path: PathBuf, detail: String },
    /// The disk is full and the store could not even be read (it is kept as it is).
    #[error(
        "the disk holding the local store {path} is full: free some space and start again — the store and the \
         unsent writes in it are kept as they are (do not delete it)"
    )]
    Full { path: PathBuf },
    /// Another process holds the store's lock and did not let go in time.
    #[error(
        "the local store {path} is locked by another process (another frontline on this profile?): close it and \
         start again — do not delete the store, it holds your unsent writes"
    )]
    Locked { path: PathBuf },
    /// A read or write on an open store failed (disk full, locked, read-only, I/O error).
    #[error("local store {path}: {detail}")]
    Sql { path: PathBuf, detail: String },
    /// The store's thread has been closed (the console is quitting) or could not start.
    #[error("the local store is closed")]
    Closed,
}
