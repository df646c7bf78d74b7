//! A real Request Tracker 5 for the RT tests: the one `.ci/run` started (`RT_URL`,
//! `RT_TOKEN`, `RT_TOKEN2` in the environment), else one started here by `scripts/rt-server`
//! when RT is installed, stopping with the test process. The tests are ignored by a plain
//! `cargo test`; run without RT they fail, saying how to get one.

use frontline_backend::http::RetryPolicy;
use frontline_backend::rt::{Rt, RtOptions};
use serde_json::{Value, json};
use std::sync::OnceLock;

pub struct RtServer {
    pub url: String,
    /// rita's token (her time zone is Asia/Tokyo).
    pub token: String,
    /// omar's token, for a second client.
    pub token2: String,
    http: reqwest::Client,
}

static SERVER: OnceLock<Option<RtServer>> = OnceLock::new();

/// The shared RT. These tests are `#[ignore]`d by default; run where there is no RT, they
/// fail saying how to get one rather than passing without having run.
pub fn server() -> &'static RtServer {
    match SERVER.get_or_init(start).as_ref() {
        Some(s) => s,
        None => panic!(
            "no Request Tracker here. Install it with `sudo scripts/rt-server --install` (Debian/Ubuntu), \
             then `cargo test --test it rt:: -- --ignored`; or point RT_URL, RT_TOKEN and RT_TOKEN2 at one \
             started by `scripts/rt-server PORT DIR`"
        ),
    }
}

fn start() -> Option<RtServer> {
    let http = reqwest::Client::new();
    if let (Ok(url), Ok(token), Ok(token2)) =
        (std::env::var("RT_URL"), std::env::var("RT_TOKEN"), std::env::var("RT_TOKEN2"))
    {
        return Some(RtServer { url, token, token2, http });
    }
    if !std::path::Path::new("/usr/share/request-tracker5/libexec/rt-server").exists() {
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
    let dir = tempfile::tempdir().ok()?.keep();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/rt-server");
    let out = std::process::Command::new(script)
        .args([&port.to_string(), dir.to_str()?, "--watch", &std::process::id().to_string()])
        .output()
        .ok()?;
    assert!(out.status.success(), "scripts/rt-server failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let var =
        |name: &str| text.split_whitespace().find_map(|kv| kv.strip_prefix(&format!("{name}="))).map(String::from);
    Some(RtServer { url: var("RT_URL")?, token: var("RT_TOKEN")?, token2: var("RT_TOKEN2")?, http })
}

impl RtServer {
    /// The adapter as rita (or omar with `second`), with `options` on top of the defaults.
    pub fn client(&self, second: bool, options: impl FnOnce(&mut RtOptions)) -> Rt {
        let (user, token) = if second { ("omar", &self.token2) } else { ("rita", &self.token) };
        self.client_as(user, token, options)
    }

    /// The adapter as `user` with `secret` (a token, or a password with `basic_auth`).
    pub fn client_as(&self, user: &str, secret: &str, options: impl FnOnce(&mut RtOptions)) -> Rt {
        let mut o = RtOptions {
            user: user.into(),
            basic_auth: false,
            views: vec![],
            bands: Default::default(),
            agents: vec![],
        };
        options(&mut o);
        Rt::new(&self.url, secret.to_string(), o, RetryPolicy::default()).expect("adapter")
    }

    /// RT's own answer for `path` (under /REST/2.0), read as rita.
    pub async fn get(&self, path: &str) -> Value {
        let resp = self
            .http
            .get(format!("{}/REST/2.0/{path}", self.url))
            .header("Authorization", format!("token {}", self.token))
            .send()
            .await
            .expect("RT answers");
        resp.json().await.expect("JSON from RT")
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Value, second: bool) -> Value {
        let token = if second { &self.token2 } else { &self.token };
        let resp = self
            .http
            .request(method, format!("{}/REST/2.0/{path}", self.url))
            .header("Authorization", format!("token {token}"))
            .json(&body)
            .send()
            .await
            .expect("RT answers");
        resp.json().await.unwrap_or(Value::Null)
    }

    /// A new ticket in `queue` from `requestor`, created through RT's API; its id.
    pub async fn create(&self, queue: &str, subject: &str, requestor: &str, content: &str) -> u64 {
        let body = json!({"Queue": queue, "Subject": subject, "Requestor": requestor, "Content": content});
        let v = self.send(reqwest::Method::POST, "ticket", body, false).await;
        v.get("id").and_then(|i| i.as_str().map(|s| s.parse().unwrap()).or(i.as_u64())).expect("a ticket id")
    }

    /// A ticket's fields as RT has them now, with its owner's and queue's names.
    pub async fn fields(&self, id: u64) -> Value {
        let v = self
            .get(&format!(
                "tickets?query=id%3D{id}&fields=Status,Priority,Owner,Queue&fields%5BOwner%5D=Name&fields%5BQueue%5D=Name"
            ))
            .await;
        v["items"][0].clone()
    }

    /// The types of the ticket's transactions, oldest first.
    pub async fn history_types(&self, id: u64) -> Vec<String> {
        let v = self.get(&format!("ticket/{id}/history?fields=Type&per_page=100")).await;
        v["items"].as_array().unwrap().iter().map(|t| t["Type"].as_str().unwrap_or("").to_string()).collect()
    }
}

/// A word no other test's tickets contain, for views that find only this test's tickets.
pub fn mark(test: &str) -> String {
    format!("{test}-{}-{}", std::process::id(), frontline_clock::system().now() % 100_000)
}
