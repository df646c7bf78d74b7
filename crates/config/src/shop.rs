//! A profile's shop: `[profiles.NAME.shop]`, the store whose orders show beside the tickets.
//! The token is found like the helpdesk's (token_env, token_command, token) and never shown.

use crate::profile::{Profile, TokenCommand, UrlProblem, url_problem};
use crate::span::Problem;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopConfig {
    /// `shopify` (the only one today).
    #[serde(default = "shopify")]
    pub backend: String,
    /// The shop's address: `https://acme.myshopify.com`.
    pub url: String,
    pub token_env: Option<String>,
    pub token_command: Option<TokenCommand>,
    /// The token itself (discouraged: prefer token_env or token_command).
    pub token: Option<String>,
    /// Shopify Admin API version, `YYYY-MM` (default 2026-01).
    pub api_version: Option<String>,
    /// Allow `http://` to a host that is not this machine.
    #[serde(default)]
    pub allow_insecure_http: bool,
}

fn shopify() -> String {
    "shopify".into()
}

impl std::fmt::Debug for ShopConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopConfig")
            .field("backend", &self.backend)
            .field("url", &self.url)
            .field("token_env", &self.token_env)
            .field("token", &self.token.as_ref().map(|_| "<secret>"))
            .finish_non_exhaustive()
    }
}

impl ShopConfig {
    pub fn check(&self, name: &str) -> Result<(), Problem> {
        let here = format!("[profiles.{name}.shop]");
        if self.backend != "shopify" {
            return Err(Problem::new(format!("{here}: backend `{}` is not supported (have: shopify)", self.backend))
                .field("shop"));
        }
        let words = match url_problem(&self.url, self.allow_insecure_http) {
            None => None,
            Some(UrlProblem::NotUrl(e)) => {
                Some(format!("{here}: url `{}` is not a URL ({e}); write it like https://acme.myshopify.com", self.url))
            }
            Some(UrlProblem::PlainHttp | UrlProblem::Scheme(_)) => Some(format!(
                "{here}: url `{}` must be https (plain http would send the shop token in the clear)",
                self.url
            )),
        };
        if let Some(words) = words {
            return Err(Problem::new(words).field("shop"));
        }
        if let Some(v) = &self.api_version
            && !(v == "unstable" || v.len() == 7 && v.as_bytes()[4] == b'-' && v[..4].parse::<u16>().is_ok())
        {
            return Err(Problem::new(format!("{here}: api_version `{v}` is not a version: write it like \"2026-01\""))
                .field("shop"));
        }
        if self.token_env.is_none() && self.token_command.is_none() && self.token.is_none() {
            return Err(Problem::new(format!(
                "{here}: no token: set token_env = \"VAR\" or token_command = \"pass show …\" (a Shopify custom app's Admin API access token)"
            ))
            .field("shop"));
        }
        Ok(())
    }

    /// The profile as `resolve_token` reads it, with the shop's token settings.
    pub fn token_profile(&self, base: &Profile) -> Profile {
        Profile {
            token_env: self.token_env.clone(),
            token_command: self.token_command.clone(),
            token: self.token.clone(),
            ..base.clone()
        }
    }
}
