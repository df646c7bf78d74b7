//! Chatwoot test servers: the fixture server (`scripts/chatwoot-fixture-server`, Chatwoot's
//! real answer shapes) and a recording proxy in front of it (or of prism in front of it) that
//! keeps every request the console made, its answer's status and prism's `sl-violations`;
//! and a fake ActionCable server speaking what Chatwoot's `/cable` speaks.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use futures::{SinkExt, StreamExt};
use serde_json::Value;
use serde_json::json;
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message as Frame;

/// `scripts/chatwoot-fixture-server` on a free port; stopped when dropped.
pub struct FixtureServer {
    pub url: String,
    child: Child,
}

impl FixtureServer {
    pub fn start() -> FixtureServer {
        let script = format!("{}/scripts/chatwoot-fixture-server", env!("CARGO_MANIFEST_DIR"));
        let mut child = Command::new("python3")
            .args([script.as_str(), "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs scripts/chatwoot-fixture-server");
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("the server says its address")
            .to_string();
        // the server logs each request on stdout: keep reading so it never blocks on a full pipe
        std::thread::spawn(move || for _ in out.lines() {});
        FixtureServer { url, child }
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request as the recorder saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Path and query.
    pub target: String,
    pub body: Option<Value>,
    pub status: u16,
    /// Prism's `sl-violations`, parsed (empty without prism).
    pub violations: Vec<Value>,
}

#[derive(Clone)]
struct Upstream {
    base: String,
    client: reqwest::Client,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// A recording proxy on a free port, forwarding to `upstream`.
pub struct Recorder {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Recorder {
    pub async fn start(upstream: &str) -> Recorder {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let state = Upstream {
            base: upstream.trim_end_matches('/').to_string(),
            client: reqwest::Client::new(),
            seen: seen.clone(),
        };
        let app = axum::Router::new().fallback(forward).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Recorder { url, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn forward(
    axum::extract::State(up): axum::extract::State<Upstream>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, HeaderMap, Bytes) {
    let target = uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let mut req = up.client.request(method.clone(), format!("{}{target}", up.base));
    for (name, value) in headers.iter().filter(|(n, _)| !matches!(n.as_str(), "host" | "content-length")) {
        req = req.header(name, value);
    }
    let answer = req.body(body.clone()).send().await.unwrap();
    let status = answer.status();
    let mut out = HeaderMap::new();
    for (name, value) in
        answer.headers().iter().filter(|(n, _)| !matches!(n.as_str(), "content-length" | "transfer-encoding"))
    {
        out.insert(name.clone(), value.clone());
    }
    let violations = answer
        .headers()
        .get("sl-violations")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| serde_json::from_str::<Vec<Value>>(v).ok())
        .unwrap_or_default();
    let bytes = answer.bytes().await.unwrap_or_default();
    up.seen.lock().unwrap().push(Seen {
        method: method.to_string(),
        target,
        body: serde_json::from_slice(&body).ok(),
        status: status.as_u16(),
        violations,
    });
    (StatusCode::from_u16(status.as_u16()).unwrap(), out, bytes)
}

/// What the test tells the fake server's current connection to do.
pub enum Say {
    Frame(Value),
    Drop,
}

/// A fake `/cable`: accepts connections one after another; each says welcome, checks the
/// subscription, confirms it (or refuses, with `refuse`) and then does what it is told.
/// The identifiers it was subscribed with come back on `subscribed`.
pub async fn fake_cable(refuse: bool) -> (String, mpsc::UnboundedSender<Say>, mpsc::UnboundedReceiver<Value>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/cable", listener.local_addr().unwrap());
    let (say_tx, mut say_rx) = mpsc::unbounded_channel::<Say>();
    let (sub_tx, sub_rx) = mpsc::unbounded_channel::<Value>();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
            ws.send(Frame::text(json!({"type": "welcome"}).to_string())).await.unwrap();
            let Some(Ok(Frame::Text(sub))) = ws.next().await else { continue };
            let sub: Value = serde_json::from_str(&sub).unwrap();
            let identifier = sub["identifier"].as_str().unwrap().to_string();
            let _ = sub_tx.send(
                json!({"command": sub["command"], "identifier": serde_json::from_str::<Value>(&identifier).unwrap()}),
            );
            let answer = if refuse { "reject_subscription" } else { "confirm_subscription" };
            ws.send(Frame::text(json!({"identifier": identifier, "type": answer}).to_string())).await.unwrap();
            ws.send(Frame::text(json!({"type": "ping", "message": 1785000000}).to_string())).await.unwrap();
            while let Some(say) = say_rx.recv().await {
                match say {
                    Say::Frame(message) => {
                        let frame = json!({"identifier": identifier, "message": message}).to_string();
                        ws.send(Frame::text(frame)).await.unwrap();
                    }
                    Say::Drop => break,
                }
            }
            drop(ws);
        }
    });
    (url, say_tx, sub_rx)
}
