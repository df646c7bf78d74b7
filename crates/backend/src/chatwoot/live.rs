//! Chatwoot's live feed: ActionCable over a websocket at `/cable`, `RoomChannel` subscribed
//! with the agent's `pubsub_token` (from the profile). Frames: `welcome`, `ping` every few
//! seconds, `confirm_subscription`, then `{identifier, message: {event, data}}`. A feed that
//! is refused, silent for `STALE` or dropped is reported `Down` and tried again with a
//! growing wait; the console polls meanwhile.

use super::map;
use super::wire;
use crate::TicketPage;
use crate::live::LiveEvent;
use frontline_model::TicketId;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;
use tokio_tungstenite::tungstenite::Message as Frame;

/// Without a frame (Chatwoot pings every 3 s) for this long the feed counts as dropped.
const STALE: Duration = Duration::from_secs(15);
/// How long connecting and subscribing may take.
const OPENING: Duration = Duration::from_secs(10);
/// The longest wait between attempts to reconnect.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Who subscribes: the profile's token and ids.
#[derive(Debug, Clone)]
pub struct Room {
    pub url: String,
    pub pubsub_token: String,
    pub account_id: u64,
    pub user_id: u64,
}

impl Room {
    fn identifier(&self) -> String {
        json!({
            "channel": "RoomChannel",
            "pubsub_token": self.pubsub_token,
            "account_id": self.account_id,
            "user_id": self.user_id,
        })
        .to_string()
    }
}

/// The websocket address for a Chatwoot at `base` (`https://cw.example` → `wss://cw.example/cable`).
pub fn cable_url(base: &url::Url) -> String {
    let scheme = if base.scheme() == "https" { "wss" } else { "ws" };
    let host = base.host_str().unwrap_or("localhost");
    let port = base.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = base.path().trim_end_matches('/');
    format!("{scheme}://{host}{port}{path}/cable")
}

/// Runs the feed until the console stops listening: connect, subscribe, read; on any end,
/// report why and try again after the one backoff (doubling up to `MAX_BACKOFF`, jittered).
pub async fn run(room: Room, tx: UnboundedSender<LiveEvent>) {
    let backoff = frontline_clock::Backoff::new(Duration::from_secs(1), MAX_BACKOFF);
    let mut failures = 0;
    loop {
        let why = session(&room, &tx, &mut failures).await;
        if tx.send(LiveEvent::Down(why)).is_err() {
            return;
        }
        failures += 1;
        tokio::time::sleep(backoff.wait(failures, rand::random())).await;
        if tx.is_closed() {
            return;
        }
    }
}

/// One connection, to its end: why it ended, in words.
async fn session(room: &Room, tx: &UnboundedSender<LiveEvent>, failures: &mut u32) -> String {
    let opened = tokio::time::timeout(OPENING, tokio_tungstenite::connect_async(room.url.as_str())).await;
    let mut ws = match opened {
        Err(_) => return format!("{} did not answer within {}s", room.url, OPENING.as_secs()),
        Ok(Err(tokio_tungstenite::tungstenite::Error::Http(answer))) => {
            return format!(
                "{} answered HTTP {} instead of a websocket (is ActionCable elsewhere? set cable_url)",
                room.url,
                answer.status().as_u16()
            );
        }
        Ok(Err(e)) => {
            return format!("{} refused: {}", room.url, frontline_model::text::sanitize_line(&e.to_string()));
        }
        Ok(Ok((ws, _))) => ws,
    };
    let identifier = room.identifier();
    let subscribe = json!({"command": "subscribe", "identifier": identifier}).to_string();
    if let Err(e) = ws.send(Frame::text(subscribe)).await {
        return format!("dropped while subscribing: {e}");
    }
    let mut confirmed = false;
    loop {
        let frame = match tokio::time::timeout(if confirmed { STALE } else { OPENING }, ws.next()).await {
            Err(_) => return format!("silent for {}s", if confirmed { STALE } else { OPENING }.as_secs()),
            Ok(None) => return "closed by the server".into(),
            Ok(Some(Err(e))) => {
                return format!("dropped: {}", frontline_model::text::sanitize_line(&e.to_string()));
            }
            Ok(Some(Ok(f))) => f,
        };
        let text = match frame {
            Frame::Text(t) => t.to_string(),
            Frame::Ping(p) => {
                let _ = ws.send(Frame::Pong(p)).await;
                continue;
            }
            Frame::Close(_) => return "closed by the server".into(),
            _ => continue,
        };
        let Ok(v) = serde_json::from_str::<Value>(&text) else { continue };
        match v.get("type").and_then(Value::as_str) {
            Some("welcome" | "ping") => continue,
            Some("confirm_subscription") => {
                confirmed = true;
                *failures = 0;
                if tx.send(LiveEvent::Up).is_err() {
                    return "the console stopped listening".into();
                }
                continue;
            }
            Some("reject_subscription") => {
                return "the subscription was refused (the profile's pubsub token was not accepted)".into();
            }
            Some("disconnect") => {
                let reason = v.get("reason").and_then(Value::as_str).unwrap_or("no reason given");
                return format!("disconnected by the server ({})", frontline_model::text::sanitize_line(reason));
            }
            _ => {}
        }
        let Some(msg) = v.get("message") else { continue };
        for ev in events(msg) {
            if tx.send(ev).is_err() {
                return "the console stopped listening".into();
            }
        }
    }
}

/// The console's events in one ActionCable message `{event, data}`; unknown ones give none.
pub fn events(msg: &Value) -> Vec<LiveEvent> {
    let event = msg.get("event").and_then(Value::as_str).unwrap_or("");
    let Some(data) = msg.get("data") else { return vec![] };
    match event {
        "conversation.created"
        | "conversation.updated"
        | "conversation.status_changed"
        | "assignee.changed"
        | "team.changed"
        | "conversation.contact_changed" => match serde_json::from_value::<wire::Conversation>(data.clone()) {
            Ok(c) => {
                let (t, users) = map::ticket(&c);
                vec![LiveEvent::Changed(TicketPage { tickets: vec![t], users, next: None })]
            }
            Err(e) => {
                tracing::warn!("live {event}: not a conversation as expected ({e}); the next poll will catch up");
                vec![]
            }
        },
        "message.created" | "message.updated" => match serde_json::from_value::<wire::Message>(data.clone()) {
            Ok(m) => {
                let Some(conv) = m.conversation_id else { return vec![] };
                let (message, author) = map::message(&m);
                vec![LiveEvent::Message { ticket: TicketId(conv), message, author }]
            }
            Err(e) => {
                tracing::warn!("live {event}: not a message as expected ({e})");
                vec![]
            }
        },
        "conversation.typing_on" | "conversation.typing_off" => {
            let ticket = data.get("conversation").and_then(|c| c.get("id")).and_then(Value::as_u64);
            let who = data.get("user").and_then(|u| serde_json::from_value::<wire::Person>(u.clone()).ok());
            match (ticket, who) {
                (Some(id), Some(p)) => vec![LiveEvent::Typing {
                    ticket: TicketId(id),
                    who: map::person(&p, false),
                    on: event.ends_with("_on"),
                    private: data.get("is_private").and_then(Value::as_bool).unwrap_or(false),
                }],
                _ => vec![],
            }
        }
        _ => vec![],
    }
}
