//! The log file: `frontline.log` in the data folder, level from `FRONTLINE_LOG` (default info,
//! debug with `--debug`), never the screen. The folder is made 0700 and the file 0600 (at
//! debug level it holds conversation text). A folder or file that cannot be written is said
//! in words and the console runs without a log — never a panic.

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;

/// The running log: the guard flushes it on exit; `problem` says why there is none.
pub struct Logging {
    /// Flushes the file when dropped, on the way out.
    pub _guard: Option<WorkerGuard>,
    pub problem: Option<String>,
}

/// Starts logging to `dir/frontline.log`.
pub fn init(dir: &Path, debug: bool) -> Logging {
    let file = dir.join("frontline.log");
    let appender = match open(dir, &file) {
        Ok(a) => a,
        Err(e) => {
            let problem = format!(
                "no log file: cannot write {} ({e}); running without one — make the folder writable or set \
                 XDG_DATA_HOME to one that is",
                file.display()
            );
            return Logging { _guard: None, problem: Some(problem) };
        }
    };
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let default = if debug { "debug" } else { "info" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("FRONTLINE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // a second init (tests) keeps the first subscriber: not an error worth a word
    let _ = tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init();
    Logging { _guard: Some(guard), problem: None }
}

fn open(dir: &Path, file: &Path) -> std::io::Result<tracing_appender::rolling::RollingFileAppender> {
    crate::private::dir(dir)?;
    crate::private::file(file)?;
    tracing_appender::rolling::RollingFileAppender::builder()
        .rotation(tracing_appender::rolling::Rotation::NEVER)
        .filename_prefix("frontline.log")
        .build(dir)
        .map_err(std::io::Error::other)
}
