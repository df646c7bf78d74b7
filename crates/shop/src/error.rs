//! What can go wrong talking to a shop, in words that name the shop and the fix, never the
//! token.

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShopError {
    #[error("the shop {shop} refused the token (401): check token_env / token_command in [profiles.…shop]")]
    Auth { shop: String },
    #[error(
        "the shop token may not do this ({detail}): give the app the scopes read_orders, read_customers and write_orders"
    )]
    AccessDenied { detail: String },
    #[error("the shop is busy (API rate limit): try again in {retry_after}s")]
    Throttled { retry_after: u64 },
    #[error("cannot reach the shop at {host}: {detail}")]
    Network { host: String, detail: String },
    #[error("the shop did not answer within {secs}s")]
    Timeout { secs: u64 },
    #[error("the shop answered {status}{}", detail.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    Server { status: u16, detail: Option<String> },
    #[error("unexpected answer from the shop: {0}")]
    Decode(String),
    #[error("the shop refused it: {0}")]
    Refused(String),
    #[error("{0}")]
    Config(String),
    /// The profile has no `[profiles.NAME.shop]`.
    #[error("no shop in this profile: add [profiles.NAME.shop] (see the README's Orders from your shop)")]
    NoShop,
}

impl ShopError {
    /// Worth trying again later.
    pub fn is_transient(&self) -> bool {
        matches!(self, ShopError::Throttled { .. } | ShopError::Network { .. } | ShopError::Timeout { .. })
            || matches!(self, ShopError::Server { status, .. } if *status >= 500)
    }
}
