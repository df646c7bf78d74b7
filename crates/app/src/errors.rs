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

/// Why `:snooze WHEN` was not understood.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SnoozeError {
    #[error("`{0}` is not a time to snooze until: write 30m, 4h, 2d, tomorrow, monday or 2026-12-01 14:30")]
    NotATime(String),
    #[error("`{0}` has passed: snooze until a later time")]
    Passed(String),
}

/// Why a change the config describes (an escalation, a macro's group) cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChangeError {
    #[error("#{0} is not loaded")]
    NotLoaded(u64),
    #[error("#{ticket} is already at the top escalation level ({group})")]
    AtTop { ticket: u64, group: String },
    /// `section` names the config section to fix.
    #[error("group `{name}` is not in the helpdesk (have: {}); fix {section} in the config", .have.join(", "))]
    NoGroup { name: String, have: Vec<String>, section: &'static str },
}
