//! Errors from a helpdesk, in words an agent can act on. None of them carries a token.

use thiserror::Error;

#[derive(Debug, Clone, Error, PartialEq)]
pub enum BackendError {
    #[error("token rejected for {who}: check token_env / token_command in your profile")]
    Auth { who: String },
    #[error("no access to {what}: this needs rights your token does not have")]
    Forbidden { what: String },
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("the ticket changed since you loaded it")]
    Conflict,
    #[error("the helpdesk refused it: {0}")]
    Invalid(String),
    /// `retry_after` is what the console waits: the helpdesk's Retry-After, cut to 15 minutes
    /// (`asked` keeps what it said, so the cut is said on screen).
    #[error("rate limited by the helpdesk: retrying in {retry_after}s{}", if asked > retry_after {
        format!(" (it asked for {asked}s; the console waits at most 15 minutes)")
    } else {
        String::new()
    })]
    RateLimited { retry_after: u64, asked: u64 },
    #[error("the helpdesk answered {status} for {what}{}", detail.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    Server { status: u16, what: String, detail: Option<String> },
    #[error("cannot reach the helpdesk at {host}: {detail}")]
    Network { host: String, detail: String },
    /// Nobody listens at the helpdesk's address: nothing was sent, so any request (a write
    /// too) may be tried again.
    #[error("cannot reach the helpdesk at {host}: connection refused (is it running? is the url right?)")]
    Refused { host: String },
    #[error("the helpdesk did not answer within {secs}s ({what})")]
    Timeout { what: String, secs: u64 },
    #[error("unexpected answer for {what}: {detail}")]
    Decode { what: String, detail: String },
    #[error("{0}")]
    Config(String),
    /// The helpdesk has no such thing (Chatwoot has no "new" status to count): shown as n/a.
    #[error("{0}")]
    NotOffered(String),
}

impl BackendError {
    /// Worth retrying the same request later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            BackendError::RateLimited { .. }
                | BackendError::Network { .. }
                | BackendError::Refused { .. }
                | BackendError::Timeout { .. }
        ) || matches!(self, BackendError::Server { status, .. } if *status >= 500)
    }

    /// A write that failed this way may be sent again later: the helpdesk could not take it
    /// now, or its answer was lost or garbled (so whether it landed is checked first).
    pub fn worth_resending(&self) -> bool {
        self.is_transient() || matches!(self, BackendError::Decode { .. })
    }
}
