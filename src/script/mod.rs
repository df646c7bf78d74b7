//! Frontline without the screen: `queue`, `show`, `orders`, `kpi`, `check`, `reply`, `assign`,
//! `escalate`, `outbox`, `completions` and `man`, on the same config, profiles and backend as the
//! console, with stable JSON for scripts and documented exit codes.

mod act;
mod check;
pub mod json;
mod kpi;
mod order_act;
pub mod orders;
pub mod outbox;
mod period;
mod queue;
mod show;
mod table;
mod team;

pub use act::{assign, escalate, reply};
pub use check::check;
pub use kpi::kpi;
pub use order_act::{
    DiscountWhat, RefundWhat, ReturnWhat, Target, cancel_order, discount, open_return, refund, replace,
};
pub use orders::orders;
pub use period::period;
pub use queue::{QueueArgs, queue};
pub use show::show;
pub use team::team;

use frontline_backend::BackendError;

/// Exit codes, as the README documents them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    /// Usage or config error (also what clap uses for a bad command line).
    Usage = 2,
    /// The helpdesk refused the token or the rights.
    Auth = 3,
    /// The helpdesk could not be reached or answered with an error.
    Helpdesk = 4,
    /// The ticket changed under the write.
    Conflict = 5,
    /// The write could not go now and the local store cannot keep it for later (its data folder
    /// cannot be written): nothing was written or queued; the text is printed.
    NotKept = 6,
}

/// A failure with the exit code it means.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure { exit: Exit::Usage, message: message.into() }
    }
}

impl From<BackendError> for Failure {
    fn from(e: BackendError) -> Failure {
        let exit = match &e {
            BackendError::Auth { .. } | BackendError::Forbidden { .. } => Exit::Auth,
            BackendError::Conflict => Exit::Conflict,
            BackendError::Config(_) => Exit::Usage,
            _ => Exit::Helpdesk,
        };
        Failure { exit, message: e.to_string() }
    }
}

impl From<frontline_store::StoreError> for Failure {
    fn from(e: frontline_store::StoreError) -> Failure {
        Failure::usage(e.to_string())
    }
}

impl From<frontline_app::deliver::DeliveryError> for Failure {
    fn from(e: frontline_app::deliver::DeliveryError) -> Failure {
        match e {
            frontline_app::deliver::DeliveryError::Helpdesk(e) => e.into(),
            frontline_app::deliver::DeliveryError::Shop(e) => e.into(),
            frontline_app::deliver::DeliveryError::ShopStep { err, .. } => err.into(),
            e => Failure::usage(e.to_string()),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        match e.downcast::<BackendError>() {
            Ok(b) => b.into(),
            Err(e) => Failure::usage(format!("{e:#}")),
        }
    }
}

pub type Outcome = Result<(), Failure>;

/// Writes a line to stdout. A closed pipe (`frontline queue | head -1`) is not an error: the
/// reader has what it wanted, so the command stops quietly.
pub fn emit(line: impl std::fmt::Display) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{line}") {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure { exit: Exit::Ok, message: String::new() }),
        Err(e) => Err(Failure { exit: Exit::Helpdesk, message: format!("cannot write the output: {e}") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_readme() {
        assert_eq!(Failure::from(BackendError::Auth { who: "a".into() }).exit as i32, 3);
        assert_eq!(Failure::from(BackendError::Forbidden { what: "x".into() }).exit as i32, 3);
        assert_eq!(Failure::from(BackendError::Conflict).exit as i32, 5);
        assert_eq!(Failure::from(BackendError::Network { host: "h".into(), detail: "d".into() }).exit as i32, 4);
        assert_eq!(Failure::from(BackendError::Server { status: 502, what: "x".into(), detail: None }).exit as i32, 4);
        assert_eq!(Failure::from(anyhow::anyhow!("bad config")).exit as i32, 2);
        assert_eq!(Failure::from(anyhow::Error::new(BackendError::Conflict)).exit as i32, 5);
    }
}
