//! What can go wrong with the local store, in words that name the file and the fix.

use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Clone, Error, PartialEq)]
pub enum StoreError {
    /// The file could not be opened or created (and moving a broken one aside did not help).
    #[error("cannot open the local store {path}: {detail}")]
    Open { path: PathBuf, detail: String },
    /// A read or write on an open store failed (disk full, locked, read-only, I/O error).
    #[error("local store {path}: {detail}")]
    Sql { path: PathBuf, detail: String },
    /// The store's thread has been closed (the console is quitting) or could not start.
    #[error("the local store is closed")]
    Closed,
}
