//! What the adapters' lenient readers share: a list element that cannot be read is skipped
//! and logged (serde_with's `VecSkipError` with `LogSkipped`), never the whole answer.

use serde_with::InspectError;

/// Logs each list element skipped because it could not be read.
pub struct LogSkipped;

impl InspectError for LogSkipped {
    fn inspect_error(error: impl serde::de::Error) {
        tracing::warn!("skipped a record the console cannot read: {error}");
    }
}
