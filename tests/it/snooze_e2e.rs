//! A snooze the team shares on Zendesk (the sandbox): one agent's `:snooze` puts the ticket on
//! hold with its wake time in tags, and a teammate's console reopens it when it is due.

use crate::support::{Console, api};
use frontline_app::Settings;
use frontline_backend::Snoozing;
use frontline_config::KeyCode;
use frontline_sandbox::{self as sandbox, SandboxOptions};
use serde_json::Value;

fn settings() -> Settings {
    Settings {
        start_view: Some("All open".into()),
        undo_secs: 0,
        snoozing: Snoozing::ByConsoles,
        ..Settings::default()
    }
}

fn tags(t: &Value) -> Vec<String> {
    t["tags"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_snooze_set_by_one_agent_is_woken_by_a_teammates_console_when_due() {
    let sb = sandbox::start(SandboxOptions { tickets: 40, ..Default::default() }).await.unwrap();
    let mut ana = Console::open_as(&sb, &sb.agent_emails[0], settings()).await;
    let id = ana.model.selected().unwrap().id.0;
    let now = ana.model.now;
    ana.press(KeyCode::Char(':')).await;
    ana.type_str("snooze 30m").await;
    ana.press(KeyCode::Enter).await;
    let t = api(&sb, &format!("/api/v2/tickets/{id}.json")).await["ticket"].clone();
    assert_eq!(t["status"], "hold");
    let wake = frontline_model::snooze::tags_for(now + 1800);
    assert!(wake.iter().all(|w| tags(&t).contains(w)), "{:?}", tags(&t));
    ana.close();

    // a teammate's console: not yet due, nothing; due, reopened and the wake time gone
    let mut omar = Console::open_as(&sb, &sb.agent_emails[1], settings()).await;
    omar.tick(now + 60).await;
    let t = api(&sb, &format!("/api/v2/tickets/{id}.json")).await["ticket"].clone();
    assert_eq!(t["status"], "hold", "not due yet");
    omar.tick(now + 1860).await;
    let t = api(&sb, &format!("/api/v2/tickets/{id}.json")).await["ticket"].clone();
    assert_eq!(t["status"], "open", "woken when due");
    assert!(!tags(&t).iter().any(|x| x.starts_with("snoozed")), "{:?}", tags(&t));
    assert!(
        omar.model.notice.as_ref().is_some_and(|n| n.text.starts_with(&format!("✓ #{id} back from snooze"))),
        "{:?}",
        omar.model.notice
    );
    omar.close();
}
