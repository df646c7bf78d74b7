//! Errors of the console's own jobs (the external editor, a file for the editor's text, a
//! notification command), as types the status line renders and code can match; the helpdesk's
//! and the shop's are `BackendError` and `ShopError`.

use std::path::PathBuf;

/// Why `$VISUAL`/`$EDITOR` gave no text back.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditorError {
    #[error("cannot create a temporary file for the editor: {0}")]
    TempFile(String),
    #[error("cannot run {editor}: {detail} (set $VISUAL or $EDITOR)")]
    CannotRun { editor: String, detail: String },
    #[error("{editor} exited with {status}")]
    Failed { editor: String, status: String },
    #[error("cannot read the draft back: {0}")]
    ReadBack(String),
    #[error("cannot take the terminal back: {0}")]
    Terminal(String),
}

/// Why the editor's text could not be saved to a file of its own: each folder tried and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("could not save the text to a file: {}", .refused.iter().map(|(dir, why)| format!("{} ({why})", dir.display())).collect::<Vec<_>>().join("; "))]
pub struct SaveTextError {
    pub refused: Vec<(PathBuf, String)>,
}

/// Why a notification command failed (named by its program alone: its arguments may hold a
/// secret).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NotifyError {
    #[error("cannot run `{program}`: {detail}")]
    CannotRun { program: String, detail: String },
    #[error("`{program}` exited with {status}")]
    Failed { program: String, status: String },
    #[error("`{program}` took longer than 10 s and was stopped")]
    TimedOut { program: String },
}
