//! A profile: one helpdesk account, and how its token is obtained without ever being written
//! to a log or the screen.

use crate::span::{Problem, Step};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TokenCommand {
    /// Run by `sh -c`.
    Shell(String),
    /// Run directly, no shell: program and arguments.
    Argv(Vec<String>),
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// `zendesk`, `rt` (Request Tracker 5) or `chatwoot`.
    pub backend: String,
    pub url: String,
    /// The agent's e-mail (Zendesk API tokens act as this agent).
    pub email: Option<String>,
    /// Name of the environment variable holding the token.
    pub token_env: Option<String>,
    /// Command printing the token, e.g. `pass show zendesk/acme`.
    pub token_command: Option<TokenCommand>,
    /// Seconds `token_command` may take before it is stopped (a password manager waiting for
    /// a PIN, a hung network call).
    #[serde(default = "default_token_timeout")]
    pub token_timeout_secs: u64,
    /// The token itself (discouraged: prefer token_env or token_command).
    pub token: Option<String>,
    /// Send the token as an OAuth bearer token instead of an API token.
    #[serde(default)]
    pub oauth: bool,
    /// Seconds between refreshes of the queue and KPIs.
    #[serde(default = "default_poll")]
    pub poll_interval_secs: u64,
    /// The shortest wait between polls while the view keeps changing (default: the interval).
    pub poll_min_secs: Option<u64>,
    /// The longest wait between polls once the view has been quiet for a while (default 60).
    pub poll_max_secs: Option<u64>,
    /// Allow `http://` to a host that is not this machine.
    #[serde(default)]
    pub allow_insecure_http: bool,
    /// No writes with this profile (for on-call watchers).
    #[serde(default)]
    pub read_only: bool,
    /// Request Tracker: the user name the token acts as (RT has no "who am I" call).
    pub user: Option<String>,
    /// Request Tracker: the secret is `user`'s password, sent with HTTP Basic, not an auth token.
    #[serde(default)]
    pub basic_auth: bool,
    /// Request Tracker: views as TicketSQL, offered before the built-in ones.
    #[serde(default)]
    pub views: Vec<ProfileView>,
    /// Request Tracker: how RT's priority numbers map to low/normal/high/urgent.
    pub priorities: Option<crate::PriorityBands>,
    /// Request Tracker: the agents offered when assigning (user names). Without it, the
    /// owners of active tickets are offered: RT lets only its admins list privileged users.
    #[serde(default)]
    pub agents: Vec<String>,
    /// Chatwoot: the account to work in (default: the agent's first account).
    pub account_id: Option<u64>,
    /// Chatwoot: saved-filter views, sent as `POST conversations/filter`.
    #[serde(default)]
    pub filters: Vec<ChatwootFilter>,
    /// Chatwoot: the live feed's websocket address when it is not `<url>/cable`.
    pub cable_url: Option<String>,
    /// The shop whose orders show beside the tickets: `[profiles.NAME.shop]`.
    pub shop: Option<crate::shop::ShopConfig>,
    /// Zendesk: the Time Tracking fields by id, when their titles differ from the app's.
    pub time_fields: Option<crate::TimeFields>,
}

/// A Chatwoot view by conditions: `[[profiles.NAME.filters]]` with `name`, `match` (`all`
/// or `any`) and `conditions = [{ attribute = "labels", operator = "equal_to", values = ["vip"] }]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatwootFilter {
    pub name: String,
    #[serde(default = "default_match", rename = "match")]
    pub match_: String,
    pub conditions: Vec<FilterCondition>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterCondition {
    /// status, assignee_id, inbox_id, team_id, contact_id, priority, display_id, labels,
    /// created_at, last_activity_at, mail_subject, or a custom attribute's key.
    pub attribute: String,
    /// equal_to, not_equal_to, contains, does_not_contain, is_present, is_not_present,
    /// is_greater_than, is_less_than, days_before.
    pub operator: String,
    #[serde(default)]
    pub values: Vec<toml::Value>,
}

fn default_match() -> String {
    "all".into()
}

const FILTER_OPERATORS: [&str; 9] = [
    "equal_to",
    "not_equal_to",
    "contains",
    "does_not_contain",
    "is_present",
    "is_not_present",
    "is_greater_than",
    "is_less_than",
    "days_before",
];

impl ChatwootFilter {
    /// The `conversations/filter` payload: each condition joined to the next by the match word.
    pub fn payload(&self) -> serde_json::Value {
        let join = if self.match_ == "any" { "OR" } else { "AND" };
        let n = self.conditions.len();
        let list: Vec<serde_json::Value> = self
            .conditions
            .iter()
            .enumerate()
            .map(|(i, c)| {
                // values go as strings, as Chatwoot's filter API takes them (ids too: `inbox_id = 4`)
                let values: Vec<serde_json::Value> = c
                    .values
                    .iter()
                    .map(|v| serde_json::json!(v.as_str().map_or_else(|| v.to_string(), String::from)))
                    .collect();
                serde_json::json!({
                    "attribute_key": c.attribute,
                    "filter_operator": c.operator,
                    "values": values,
                    "query_operator": if i + 1 < n { serde_json::json!(join) } else { serde_json::Value::Null },
                })
            })
            .collect();
        serde_json::Value::Array(list)
    }
}

/// A named TicketSQL query: `[[profiles.NAME.views]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileView {
    pub name: String,
    pub query: String,
}

fn default_poll() -> u64 {
    15
}

fn default_token_timeout() -> u64 {
    10
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile")
            .field("backend", &self.backend)
            .field("url", &self.url)
            .field("email", &self.email)
            .field("token_env", &self.token_env)
            .field("token", &self.token.as_ref().map(|_| "<secret>"))
            .finish_non_exhaustive()
    }
}

impl Profile {
    /// Which helpdesk account and which agent this profile writes as: the backend, the URL
    /// (scheme and host lower-cased, default port and trailing slash dropped) and the agent
    /// (e-mail, RT user, or the OAuth token's owner). A local store belongs to one identity, so
    /// a profile pointed elsewhere never paints or sends another account's data.
    pub fn identity(&self) -> String {
        let url = match url::Url::parse(self.url.trim()) {
            Ok(u) => {
                let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
                let path = u.path().trim_end_matches('/');
                format!("{}://{}{port}{path}", u.scheme(), u.host_str().unwrap_or("").to_lowercase())
            }
            Err(_) => self.url.trim().trim_end_matches('/').to_lowercase(),
        };
        let who = match (&self.email, &self.user) {
            (Some(e), _) if !self.oauth => e.trim().to_lowercase(),
            (_, Some(u)) if self.backend == "rt" => u.trim().to_string(),
            _ if self.backend == "chatwoot" => match self.account_id {
                Some(a) => format!("account {a}"),
                None => "first account".into(),
            },
            _ => "oauth".into(),
        };
        format!("{} {url} {who}", self.backend)
    }

    /// The shortest and longest wait between polls: `poll_min_secs` (default the interval)
    /// and `poll_max_secs` (default 60 s, or the interval if longer).
    pub fn poll_range(&self) -> (u64, u64) {
        let min = self.poll_min_secs.unwrap_or(self.poll_interval_secs);
        let max = self.poll_max_secs.unwrap_or(self.poll_interval_secs.max(60));
        (min, max)
    }

    pub fn check(&self, name: &str) -> Result<(), Problem> {
        match self.backend.as_str() {
            "zendesk" => self.check_zendesk(name)?,
            "rt" => self.check_rt(name)?,
            "chatwoot" => self.check_chatwoot(name)?,
            other => {
                return Err(Problem::new(format!(
                    "profile `{name}`: backend `{other}` is not supported (have: zendesk, rt, chatwoot)"
                ))
                .field("backend"));
            }
        }
        let words = match url_problem(&self.url, self.allow_insecure_http) {
            None => None,
            Some(UrlProblem::NotUrl(e)) => Some(format!(
                "profile `{name}`: url `{}` is not a URL ({e}); write it like https://acme.zendesk.com",
                self.url
            )),
            Some(UrlProblem::PlainHttp) => Some(format!(
                "profile `{name}`: url `{}` is plain http to another machine, which would send the token in the clear; use https, or set allow_insecure_http = true",
                self.url
            )),
            Some(UrlProblem::Scheme(other)) => {
                Some(format!("profile `{name}`: url scheme `{other}` is not http or https"))
            }
        };
        if let Some(words) = words {
            return Err(Problem::new(words).field("url"));
        }
        let (min, max) = self.poll_range();
        if self.poll_interval_secs < 2 || min < 2 || !(min <= self.poll_interval_secs && self.poll_interval_secs <= max)
        {
            return Err(Problem::new(format!(
                "profile `{name}`: polls every {} s, between {min} and {max} s: the interval must be at least 2 s and \
                 lie between poll_min_secs and poll_max_secs",
                self.poll_interval_secs
            ))
            .field("poll_interval_secs"));
        }
        if self.token_env.is_none() && self.token_command.is_none() && self.token.is_none() {
            return Err(Problem::new(format!(
                "profile `{name}`: no token: set token_env = \"VAR\" or token_command = \"pass show …\""
            )));
        }
        if let Some(shop) = &self.shop {
            shop.check(name)?;
        }
        Ok(())
    }
}

/// Why a URL a token is sent to will not do.
pub(crate) enum UrlProblem {
    NotUrl(String),
    /// `http://` to another machine without `allow_insecure_http`: the token would travel in
    /// the clear.
    PlainHttp,
    /// Neither http nor https.
    Scheme(String),
}

/// Checks a URL a token will be sent to: https, or http to this machine (or when allowed).
pub(crate) fn url_problem(text: &str, allow_insecure_http: bool) -> Option<UrlProblem> {
    let url = match url::Url::parse(text) {
        Ok(u) => u,
        Err(e) => return Some(UrlProblem::NotUrl(e.to_string())),
    };
    let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]" | "::1"));
    match url.scheme() {
        "https" => None,
        "http" if local || allow_insecure_http => None,
        "http" => Some(UrlProblem::PlainHttp),
        other => Some(UrlProblem::Scheme(other.to_string())),
    }
}

impl Profile {
    fn check_zendesk(&self, name: &str) -> Result<(), Problem> {
        if !self.oauth && self.email.is_none() {
            return Err(Problem::new(format!(
                "profile `{name}`: email is missing (Zendesk API tokens act as an agent's e-mail); or set oauth = true for an OAuth token"
            )));
        }
        let other = [
            ("user", self.user.is_some(), "rt"),
            ("basic_auth", self.basic_auth, "rt"),
            ("views", !self.views.is_empty(), "rt"),
            ("priorities", self.priorities.is_some(), "rt"),
            ("agents", !self.agents.is_empty(), "rt"),
            ("account_id", self.account_id.is_some(), "chatwoot"),
            ("filters", !self.filters.is_empty(), "chatwoot"),
            ("cable_url", self.cable_url.is_some(), "chatwoot"),
        ];
        if let Some((key, _, backend)) = other.iter().find(|(_, set, _)| *set) {
            return Err(Problem::new(format!(
                "profile `{name}`: `{key}` is for backend = \"{backend}\"; a Zendesk profile takes its views, agents and priorities from Zendesk"
            ))
            .field(key));
        }
        Ok(())
    }

    fn check_chatwoot(&self, name: &str) -> Result<(), Problem> {
        let other = [
            ("email", self.email.is_some(), "the access token says who the agent is"),
            ("oauth", self.oauth, "Chatwoot takes the agent's access token"),
            ("user", self.user.is_some(), "the access token says who the agent is"),
            ("basic_auth", self.basic_auth, "Chatwoot takes the agent's access token"),
            ("views", !self.views.is_empty(), "Chatwoot views are [[profiles.NAME.filters]]"),
            ("priorities", self.priorities.is_some(), "Chatwoot's priorities are fixed"),
            ("agents", !self.agents.is_empty(), "Chatwoot lists its agents"),
        ];
        if let Some((key, _, why)) = other.iter().find(|(_, set, _)| *set) {
            return Err(
                Problem::new(format!("profile `{name}`: `{key}` is not for backend = \"chatwoot\" ({why})")).field(key)
            );
        }
        for (i, f) in self.filters.iter().enumerate() {
            let bad = if f.name.trim().is_empty() || f.conditions.is_empty() {
                Some("every filter needs a name and at least one condition".to_string())
            } else if !matches!(f.match_.as_str(), "all" | "any") {
                Some(format!("match = \"{}\" must be \"all\" or \"any\"", f.match_))
            } else {
                f.conditions.iter().find(|c| !FILTER_OPERATORS.contains(&c.operator.as_str())).map(|c| {
                    format!("operator `{}` is not one of Chatwoot's ({})", c.operator, FILTER_OPERATORS.join(", "))
                })
            };
            if let Some(why) = bad {
                return Err(Problem::new(format!("profile `{name}`: [[profiles.{name}.filters]] {why}"))
                    .at(Step::Index(i))
                    .field("filters"));
            }
        }
        if let Some(cable) = &self.cable_url {
            let ok = url::Url::parse(cable).is_ok_and(|u| matches!(u.scheme(), "ws" | "wss"));
            if !ok {
                return Err(Problem::new(format!(
                    "profile `{name}`: cable_url `{cable}` is not a ws:// or wss:// address (Chatwoot's is <url>/cable)"
                ))
                .field("cable_url"));
            }
        }
        Ok(())
    }

    fn check_rt(&self, name: &str) -> Result<(), Problem> {
        if self.user.as_deref().is_none_or(|u| u.trim().is_empty()) {
            return Err(Problem::new(format!(
                "profile `{name}`: user is missing: Request Tracker needs the user name the token acts as (user = \"rita\")"
            )));
        }
        if self.oauth {
            return Err(Problem::new(format!(
                "profile `{name}`: oauth is for Zendesk; RT takes an auth token or basic_auth = true"
            ))
            .field("oauth"));
        }
        for (i, v) in self.views.iter().enumerate() {
            if v.name.trim().is_empty() || v.query.trim().is_empty() {
                return Err(Problem::new(format!(
                    "profile `{name}`: every [[profiles.{name}.views]] needs a name and a query"
                ))
                .at(Step::Index(i))
                .field("views"));
            }
        }
        if let Some(b) = self.priorities
            && !(b.low < b.normal && b.normal < b.high && b.high < b.urgent)
        {
            return Err(Problem::new(format!(
                "profile `{name}`: [profiles.{name}.priorities] must rise: low < normal < high < urgent (have {}, {}, {}, {})",
                b.low, b.normal, b.high, b.urgent
            ))
            .field("priorities"));
        }
        Ok(())
    }
}
