//! A console driven headless against a sandbox: the real adapter, `update` and executor,
//! everything but the terminal. Shared by the end-to-end tests.
#![allow(dead_code)]

pub mod chatwoot;
pub mod rt;
pub mod screen;
pub mod tmux;

use frontline_app::{Executor, Keymap, Model, Msg, Settings, init, update};
use frontline_backend::http::RetryPolicy;
use frontline_backend::zendesk::{Credentials, Zendesk};
use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
use frontline_sandbox::SandboxHandle;
use frontline_store::Store;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

static NEXT_SESSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

pub struct Console {
    pub model: Model,
    pub exec: Executor,
    rx: UnboundedReceiver<Msg>,
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

impl Console {
    pub async fn open(sb: &SandboxHandle) -> Console {
        Self::open_as(sb, &sb.agent_emails[0], Settings { start_view: Some("All open".into()), ..Settings::default() })
            .await
    }

    /// A console signed in as `email`, with `settings` and a local store of its own.
    pub async fn open_as(sb: &SandboxHandle, email: &str, settings: Settings) -> Console {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db");
        let mut c = Self::open_at(&sb.url, &sb.token, email, settings, &path).await;
        c._dir = Some(dir);
        c
    }

    /// A console on the sandbox with the sandbox's shop beside it, as `frontline demo` has.
    pub async fn open_with_shop(sb: &SandboxHandle, settings: Settings) -> Console {
        let shop = frontline_shop::shopify::Shopify::new(&sb.shop_url, &sb.shop_token, None).unwrap();
        Self::open_with(sb, Some(Arc::new(shop)), settings).await
    }

    /// A console on the sandbox with `shop` (which may be down, or none).
    pub async fn open_with(
        sb: &SandboxHandle,
        shop: Option<Arc<dyn frontline_shop::Shop>>,
        settings: Settings,
    ) -> Console {
        let dir = tempfile::tempdir().unwrap();
        let mut c =
            Self::open_full(&sb.url, &sb.token, &sb.agent_emails[0], settings, &dir.path().join("store.db"), shop)
                .await;
        c._dir = Some(dir);
        c
    }

    /// A console on the helpdesk at `url` (which may be down) with its local store at `store`.
    pub async fn open_at(url: &str, token: &str, email: &str, settings: Settings, store: &Path) -> Console {
        Self::open_full(url, token, email, settings, store, None).await
    }

    pub async fn open_full(
        url: &str,
        token: &str,
        email: &str,
        settings: Settings,
        store: &Path,
        shop: Option<Arc<dyn frontline_shop::Shop>>,
    ) -> Console {
        let backend = Zendesk::new(
            url,
            Credentials::ApiToken { email: email.to_string(), token: token.to_string() },
            RetryPolicy::default(),
        )
        .unwrap();
        let store = Store::open(store, frontline_clock::system()).unwrap();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let shop_name = shop.as_ref().map(|s| s.describe());
        let exec = Executor::new(Arc::new(backend), store.clone(), tx).with_shop(shop);
        let mut model = Model::new(
            settings,
            Keymap::default(),
            "default-dark".into(),
            vec!["default-dark".into()],
            frontline_clock::system().now(),
        );
        model.size = (200, 60);
        model.orders.shop = shop_name;
        model.writes.session = format!("test-{}", NEXT_SESSION.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
        let mut c = Console { model, exec, rx, store, _dir: None };
        let fx = init(&mut c.model);
        c.exec.run(fx);
        c.settle().await;
        c
    }

    /// Quits as the runtime does: the open draft saved, the store's writes finished.
    pub fn close(mut self) {
        if let Some(fx) = frontline_app::final_draft(&mut self.model) {
            self.exec.run(vec![fx]);
        }
        self.store.close();
    }

    /// Feeds answers back until every effect run so far has answered and been folded in
    /// (the executor's in-flight count is zero and the channel is empty). An effect still
    /// unanswered after a minute fails the test.
    pub async fn settle(&mut self) {
        let deadline = tokio::time::Instant::from_std(frontline_clock::monotonic() + Duration::from_secs(60));
        loop {
            if let Ok(msg) = self.rx.try_recv() {
                self.fold(msg);
                continue;
            }
            if self.exec.in_flight() == 0 {
                // a task sends before it stops counting: one more look catches its answer
                match self.rx.try_recv() {
                    Ok(msg) => self.fold(msg),
                    Err(_) => return,
                }
                continue;
            }
            tokio::select! {
                msg = self.rx.recv() => match msg {
                    Some(msg) => self.fold(msg),
                    None => return,
                },
                () = self.exec.task_ended() => {}
                () = tokio::time::sleep_until(deadline) => {
                    panic!("{} effects still had no answer after 60 s", self.exec.in_flight())
                }
            }
        }
    }

    fn fold(&mut self, msg: Msg) {
        let fx = update(&mut self.model, msg);
        self.exec.run(fx);
    }

    /// Feeds answers back for `d`, for flows that wait out retries.
    pub async fn run_for(&mut self, d: Duration) {
        let end = tokio::time::Instant::from_std(frontline_clock::monotonic() + d);
        while let Ok(Some(msg)) = tokio::time::timeout_at(end, self.rx.recv()).await {
            let fx = update(&mut self.model, msg);
            self.exec.run(fx);
        }
    }

    pub async fn chord(&mut self, c: char, mods: KeyModifiers) {
        let fx = update(&mut self.model, Msg::Key(KeyEvent::new(KeyCode::Char(c), mods)));
        self.exec.run(fx);
        self.settle().await;
    }

    /// Sends the editor's text with `c` + `mods` as an agent does: when the console first says
    /// a colleague is on the ticket, the agent sends again.
    pub async fn send(&mut self, c: char, mods: KeyModifiers) {
        self.chord(c, mods).await;
        let warned = self.model.notice.as_ref().is_some_and(|n| n.text.contains("again to send anyway"));
        if warned && self.model.mode == frontline_app::Mode::Compose {
            self.chord(c, mods).await;
        }
    }

    /// The clock moves to `now` (the runtime's 1 s tick, by hand).
    pub async fn tick(&mut self, now: i64) {
        let fx = update(&mut self.model, Msg::Tick(now));
        self.exec.run(fx);
        self.settle().await;
    }

    pub async fn press(&mut self, code: KeyCode) {
        let fx = update(&mut self.model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.exec.run(fx);
        self.settle().await;
    }

    /// Types a string; the keys are fed in one go and answers settled once.
    pub async fn type_str(&mut self, s: &str) {
        for c in s.chars() {
            let fx = update(&mut self.model, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
            self.exec.run(fx);
        }
        self.settle().await;
    }
}

pub async fn api(sb: &SandboxHandle, path: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}{path}", sb.url))
        .basic_auth(format!("{}/token", sb.agent_emails[0]), Some(&sb.token))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A GraphQL call to the sandbox's shop with its full token: the whole answer.
pub async fn shop_gql(sb: &SandboxHandle, query: &str, variables: Value) -> Value {
    reqwest::Client::new()
        .post(format!("{}/admin/api/2026-01/graphql.json", sb.shop_url))
        .header("X-Shopify-Access-Token", &sb.shop_token)
        .json(&serde_json::json!({"query": query, "variables": variables}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The first of the shop's orders named `name` (`#NW…` or `NW…`), as `fields` selects it.
pub async fn shop_order(sb: &SandboxHandle, name: &str, fields: &str) -> Value {
    let q = format!("query($q: String!) {{ orders(first: 1, query: $q) {{ nodes {{ {fields} }} }} }}");
    let name = name.trim_start_matches('#');
    shop_gql(sb, &q, serde_json::json!({"q": format!("name:'#{name}'")})).await["data"]["orders"]["nodes"][0].clone()
}

pub async fn put(sb: &SandboxHandle, email: &str, path: &str, body: Value) -> Value {
    put_status(sb, email, path, body).await.1
}

/// A PUT as agent `email`: the status and the answer (`null` when it is not JSON).
pub async fn put_status(sb: &SandboxHandle, email: &str, path: &str, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .put(format!("{}{path}", sb.url))
        .basic_auth(format!("{email}/token"), Some(&sb.token))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub async fn count(sb: &SandboxHandle, q: &str) -> u64 {
    let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
    api(sb, &format!("/api/v2/search/count.json?query={q}")).await["count"].as_u64().unwrap()
}

/// A reply as the console's own write puts it: marked with its outbox `key` in the update's
/// metadata (what a write that landed before a crash leaves on the helpdesk).
pub async fn post_keyed(sb: &SandboxHandle, id: u64, body: &str, key: &str) {
    put(
        sb,
        &sb.agent_emails[0],
        &format!("/api/v2/tickets/{id}.json"),
        serde_json::json!({"ticket": {"comment": {"body": body, "public": true}, "metadata": {"frontline_key": key}}}),
    )
    .await;
}

/// A public reply on the ticket by the first agent, straight through the API.
pub async fn post_comment(sb: &SandboxHandle, id: u64, body: &str) {
    put(
        sb,
        &sb.agent_emails[0],
        &format!("/api/v2/tickets/{id}.json"),
        serde_json::json!({"ticket": {"comment": {"body": body, "public": true}}}),
    )
    .await;
}
