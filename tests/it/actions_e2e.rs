//! Agent actions end to end: keys in a headless console, writes through the Zendesk adapter
//! to the sandbox, each result read back through the API; and a conflict between two agents.

use crate::support;

use frontline_app::{Mode, Settings};
use frontline_config::LocalMacro;
use frontline_config::{KeyCode, KeyModifiers};
use frontline_sandbox::{self as sandbox, SandboxHandle, SandboxOptions};
use serde_json::Value;
use support::{Console, api};

fn settings() -> Settings {
    Settings {
        start_view: Some("All open".into()),
        undo_secs: 0,
        local_macros: vec![LocalMacro {
            title: "Local: refund confirmed".into(),
            body: Some("Hi {{ticket.requester.first_name}}, your refund for #{{ticket.id}} is confirmed.".into()),
            public: true,
            status: Some("solved".into()),
            priority: None,
            tags: vec!["refund_done".into()],
            group: Some("Billing".into()),
            assignee: Some("me".into()),
            shop: vec![],
        }],
        ..Settings::default()
    }
}

async fn start() -> (SandboxHandle, Console) {
    let sb = sandbox::start(SandboxOptions { tickets: 60, ..Default::default() }).await.unwrap();
    let c = Console::open_as(&sb, &sb.agent_emails[0], settings()).await;
    (sb, c)
}

async fn ticket(sb: &SandboxHandle, id: u64) -> Value {
    api(sb, &format!("/api/v2/tickets/{id}.json")).await["ticket"].clone()
}

async fn last_comment(sb: &SandboxHandle, id: u64) -> Value {
    api(sb, &format!("/api/v2/tickets/{id}/comments.json?sort_order=desc")).await["comments"][0].clone()
}

fn selected(c: &Console) -> u64 {
    c.model.selected().unwrap().id.0
}

#[tokio::test]
async fn take_reply_note_status_priority_and_tags_land_in_the_helpdesk() {
    let (sb, mut c) = start().await;
    let me = c.model.me.as_ref().unwrap().id.0;
    let id = selected(&c);
    c.press(KeyCode::Char('a')).await;
    assert_eq!(ticket(&sb, id).await["assignee_id"], me, "take");
    // found in a shift: "✓ take on #76" while the row and header still said unassigned
    assert!(c.model.notice.as_ref().unwrap().text.starts_with('✓'), "{:?}", c.model.notice);
    let row = c.model.queue.get(frontline_model::TicketId(id)).unwrap();
    assert_eq!(row.assignee.map(|u| u.0), Some(me), "the row shows the take with the ✓");

    c.press(KeyCode::Char('r')).await;
    c.type_str("Hello! Your parcel is on its way.").await;
    c.send('p', KeyModifiers::ALT).await;
    let t = ticket(&sb, id).await;
    assert_eq!(t["status"], "pending", "send as pending");
    let last = last_comment(&sb, id).await;
    assert_eq!(last["body"], "Hello! Your parcel is on its way.");
    assert_eq!(last["public"], true);
    assert_eq!(last["author_id"], me);
    assert!(c.model.drafting.drafts.is_empty(), "delivered, so no draft is left");
    assert!(c.model.notice.as_ref().unwrap().text.starts_with('✓'), "{:?}", c.model.notice);
    // the next ticket has the keys after a send; ' goes back to the one sent on
    assert_ne!(selected(&c), id, "the next ticket after the send");
    assert_eq!(c.model.focus, frontline_app::Pane::Queue, "j moves the queue, not the conversation");
    c.press(KeyCode::Char('\'')).await;
    assert_eq!(selected(&c), id, "' is back on the ticket sent on");

    c.press(KeyCode::Char('n')).await;
    c.type_str("Carrier confirmed the depot delay.").await;
    c.send('s', KeyModifiers::CONTROL).await;
    let last = last_comment(&sb, id).await;
    assert_eq!(last["public"], false, "internal note");
    assert_eq!(last["body"], "Carrier confirmed the depot delay.");
    c.press(KeyCode::Char('\'')).await;

    c.press(KeyCode::Char('s')).await;
    c.type_str("on-hold").await;
    c.press(KeyCode::Enter).await;
    assert_eq!(ticket(&sb, id).await["status"], "hold");

    let before = ticket(&sb, id).await["priority"].clone();
    c.chord('+', KeyModifiers::SHIFT).await;
    let after = ticket(&sb, id).await["priority"].clone();
    assert_ne!(before, after, "priority raised");
    c.press(KeyCode::Char('-')).await;
    assert_eq!(ticket(&sb, id).await["priority"], before, "and lowered back");

    c.press(KeyCode::Char('t')).await;
    c.type_str("+vip_check -nothing").await;
    c.press(KeyCode::Enter).await;
    assert!(ticket(&sb, id).await["tags"].as_array().unwrap().contains(&Value::from("vip_check")));

    // the console shows what it wrote
    let t = c.model.queue.get(frontline_model::TicketId(id)).unwrap();
    assert!(t.tags.contains(&"vip_check".to_string()));
    sb.stop().await;
}

#[tokio::test]
async fn assign_to_another_agent_and_to_a_group() {
    let (sb, mut c) = start().await;
    let id = selected(&c);
    c.press(KeyCode::Char('A')).await;
    c.type_str("Mei Chen").await;
    c.press(KeyCode::Enter).await;
    let mei = api(&sb, "/api/v2/users.json?role=agent").await["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "Mei Chen")
        .unwrap()["id"]
        .clone();
    assert_eq!(ticket(&sb, id).await["assignee_id"], mei);
    c.press(KeyCode::Char('A')).await;
    c.type_str("group: Billing").await;
    c.press(KeyCode::Enter).await;
    assert_eq!(ticket(&sb, id).await["group_id"], 203);
    c.press(KeyCode::Char('A')).await;
    c.type_str("unassign").await;
    c.press(KeyCode::Enter).await;
    assert!(ticket(&sb, id).await["assignee_id"].is_null());
    sb.stop().await;
}

#[tokio::test]
async fn escalation_moves_group_raises_priority_tags_and_notes_in_one_update() {
    let (sb, mut c) = start().await;
    let id = selected(&c);
    let audits_before =
        api(&sb, &format!("/api/v2/tickets/{id}/audits.json")).await["audits"].as_array().unwrap().len();
    c.press(KeyCode::Char('e')).await;
    c.type_str("customer was charged twice").await;
    c.press(KeyCode::Enter).await;
    let t = ticket(&sb, id).await;
    assert_eq!(t["group_id"], 202, "Tier 2 escalations");
    assert!(matches!(t["priority"].as_str(), Some("high" | "urgent")));
    assert!(t["tags"].as_array().unwrap().contains(&Value::from("escalated")));
    let note = last_comment(&sb, id).await;
    assert_eq!(note["public"], false);
    assert!(note["body"].as_str().unwrap().contains("customer was charged twice"), "{note}");
    assert!(note["body"].as_str().unwrap().contains("Tier 2"));
    let audits = api(&sb, &format!("/api/v2/tickets/{id}/audits.json")).await["audits"].as_array().unwrap().len();
    assert_eq!(audits, audits_before + 1, "one update, one audit");
    sb.stop().await;
}

#[tokio::test]
async fn helpdesk_and_local_macros_preview_then_apply() {
    let (sb, mut c) = start().await;
    let id = selected(&c);
    let requester = ticket(&sb, id).await["requester_id"].clone();
    let first = api(&sb, &format!("/api/v2/users/{requester}.json")).await["user"]["name"]
        .as_str()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    c.press(KeyCode::Char('m')).await;
    c.type_str("authorisation hold").await;
    c.press(KeyCode::Enter).await;
    let Mode::Preview(p) = &c.model.mode else { panic!("preview expected: {:?}", c.model.mode) };
    assert!(p.changes[0].1.comment.as_ref().unwrap().body.contains(&format!("Hi {first},")));
    assert_eq!(
        api(&sb, &format!("/api/v2/tickets/{id}/comments.json")).await["comments"].as_array().unwrap().len(),
        api(&sb, &format!("/api/v2/tickets/{id}/comments.json")).await["count"].as_u64().unwrap_or(0) as usize,
        "nothing sent by the preview"
    );
    c.press(KeyCode::Enter).await;
    assert_eq!(ticket(&sb, id).await["status"], "pending");
    let body = last_comment(&sb, id).await["body"].as_str().unwrap().to_string();
    assert!(body.contains(&format!("Hi {first},")) && body.contains("authorisation holds, not charges"), "{body}");
    assert_eq!(ticket(&sb, id).await["group_id"], 203, "the macro's group");
    // a local macro from the config: group by name, assignee me (on the same ticket: ' goes back)
    c.press(KeyCode::Char('\'')).await;
    c.press(KeyCode::Char('m')).await;
    c.type_str("refund confirmed").await;
    c.press(KeyCode::Enter).await;
    c.press(KeyCode::Enter).await;
    let t = ticket(&sb, id).await;
    assert_eq!(t["status"], "solved");
    assert_eq!(t["group_id"], 203);
    assert_eq!(t["assignee_id"], c.model.me.as_ref().unwrap().id.0);
    assert!(t["tags"].as_array().unwrap().contains(&Value::from("refund_done")));
    assert!(last_comment(&sb, id).await["body"].as_str().unwrap().contains("refund"));
    sb.stop().await;
}

#[tokio::test]
async fn bulk_actions_on_marked_tickets_use_update_many() {
    let (sb, mut c) = start().await;
    let ids: Vec<u64> = c.model.queue.visible.iter().take(3).map(|&i| c.model.queue.tickets[i].id.0).collect();
    for _ in 0..3 {
        c.press(KeyCode::Char(' ')).await;
    }
    c.press(KeyCode::Char('s')).await;
    c.type_str("pending").await;
    c.press(KeyCode::Enter).await;
    assert!(matches!(c.model.mode, Mode::Confirm(_)), "a bulk write asks first");
    c.press(KeyCode::Char('y')).await;
    for id in &ids {
        assert_eq!(ticket(&sb, *id).await["status"], "pending", "#{id}");
    }
    assert!(
        sb.requests().iter().any(|r| r.method == "PUT" && r.path.contains("/tickets/update_many")),
        "the bulk endpoint was used"
    );
    assert!(c.model.marked.is_empty());
    sb.stop().await;
}

#[tokio::test]
async fn two_agents_conflict_is_shown_and_reapplied_without_overwriting() {
    let sb = sandbox::start(SandboxOptions { tickets: 40, ..Default::default() }).await.unwrap();
    let mut priya = Console::open_as(&sb, &sb.agent_emails[0], settings()).await;
    let mut tom = Console::open_as(&sb, &sb.agent_emails[1], settings()).await;
    assert_ne!(priya.model.me.as_ref().unwrap().id, tom.model.me.as_ref().unwrap().id, "two agents");
    let id = selected(&priya);
    // Priya starts typing; meanwhile Tom replies to the same ticket from his console
    priya.press(KeyCode::Char('r')).await;
    priya.type_str("Priya here: refund issued.").await;
    tom.press(KeyCode::Char(':')).await;
    tom.type_str(&format!("ticket {id}")).await;
    tom.press(KeyCode::Enter).await;
    assert_eq!(selected(&tom), id);
    tom.press(KeyCode::Char('r')).await;
    tom.type_str("Tom here: on it.").await;
    tom.send('s', KeyModifiers::CONTROL).await;
    assert_eq!(last_comment(&sb, id).await["body"], "Tom here: on it.");
    tom.press(KeyCode::Char('\'')).await; // back from the next ticket to the one he replied on
    // Priya's send is refused by the helpdesk, and she sees why
    priya.send('s', KeyModifiers::CONTROL).await;
    assert!(matches!(priya.model.mode, Mode::Conflict(_)), "{:?} {:?}", priya.model.mode, priya.model.notice);
    assert_eq!(last_comment(&sb, id).await["body"], "Tom here: on it.", "nothing was overwritten");
    assert!(
        priya.model.writes.outbox.iter().any(|e| e
            .change
            .comment
            .as_ref()
            .is_some_and(|c| c.body.contains("refund issued"))),
        "the text waits in the outbox"
    );
    match priya.model.details.conversations.get(&frontline_model::TicketId(id)) {
        Some(frontline_app::Loadable::Ready(msgs)) => assert!(msgs.iter().any(|m| m.body.contains("Tom here"))),
        other => panic!("conversation not reloaded: {other:?}"),
    }
    // she re-applies on the new version: both replies are there
    priya.press(KeyCode::Char('r')).await;
    assert_eq!(last_comment(&sb, id).await["body"], "Priya here: refund issued.");
    let bodies: Vec<String> = api(&sb, &format!("/api/v2/tickets/{id}/comments.json")).await["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap().to_string())
        .collect();
    assert!(bodies.contains(&"Tom here: on it.".to_string()));
    // Tom takes the ticket; Priya's console shows it on her next refresh
    tom.press(KeyCode::Char('a')).await;
    // Tom's copy predates Priya's reply, so his take is checked too: he sees the conflict
    assert!(matches!(tom.model.mode, Mode::Conflict(_)), "{:?}", tom.model.mode);
    tom.press(KeyCode::Char('r')).await;
    let tom_id = tom.model.me.as_ref().unwrap().id;
    assert_eq!(ticket(&sb, id).await["assignee_id"], tom_id.0);
    priya.chord('r', KeyModifiers::CONTROL).await;
    assert_eq!(priya.model.queue.get(frontline_model::TicketId(id)).unwrap().assignee, Some(tom_id));
    sb.stop().await;
}

#[tokio::test]
async fn read_only_console_writes_nothing() {
    let sb = sandbox::start(SandboxOptions { tickets: 20, ..Default::default() }).await.unwrap();
    let mut c = Console::open_as(&sb, &sb.agent_emails[0], Settings { read_only: true, ..settings() }).await;
    for k in ['a', 'r', 's', 'e', 'm', '+'] {
        c.press(KeyCode::Char(k)).await;
    }
    assert!(!sb.requests().iter().any(|r| r.method == "PUT" || r.method == "POST"), "no write reached the helpdesk");
    assert!(c.model.notice.as_ref().unwrap().text.contains("read-only"));
    sb.stop().await;
}

#[tokio::test]
async fn undo_window_keeps_the_write_from_the_helpdesk() {
    let sb = sandbox::start(SandboxOptions { tickets: 20, ..Default::default() }).await.unwrap();
    let mut c = Console::open_as(&sb, &sb.agent_emails[0], Settings { undo_secs: 3, ..settings() }).await;
    let id = selected(&c);
    c.press(KeyCode::Char('r')).await;
    c.type_str("sent to the wrong customer").await;
    c.send('s', KeyModifiers::CONTROL).await;
    c.press(KeyCode::Char('u')).await;
    let now = c.model.now;
    c.tick(now + 10).await;
    assert!(!sb.requests().iter().any(|r| r.method == "PUT"), "an undone reply never reaches the helpdesk");
    assert_eq!(c.model.mode, Mode::Compose, "the text is back in the editor");
    c.send('s', KeyModifiers::CONTROL).await;
    assert!(!sb.requests().iter().any(|r| r.method == "PUT"), "held during the window");
    c.tick(now + 20).await;
    assert_eq!(last_comment(&sb, id).await["body"], "sent to the wrong customer");
    sb.stop().await;
}

#[tokio::test]
async fn take_then_reply_inside_the_undo_window_both_land_without_a_conflict() {
    // found by hand: `a` then `r`…Ctrl-S within the five-second undo window made the reply a
    // conflict with the agent's own take
    let sb = sandbox::start(SandboxOptions { tickets: 60, ..Default::default() }).await.unwrap();
    let mut c = Console::open_as(&sb, &sb.agent_emails[0], Settings { undo_secs: 5, ..settings() }).await;
    let me = c.model.me.as_ref().unwrap().id.0;
    let id = selected(&c);
    c.press(KeyCode::Char('a')).await;
    c.press(KeyCode::Char('r')).await;
    c.type_str("Thanks, looking into it now.").await;
    c.send('s', KeyModifiers::CONTROL).await;
    let now = c.model.now;
    for s in 6..=9 {
        c.tick(now + s).await;
    }
    assert!(!matches!(c.model.mode, frontline_app::Mode::Conflict(_)), "no conflict with one's own take");
    assert_eq!(ticket(&sb, id).await["assignee_id"], me);
    let last = last_comment(&sb, id).await;
    assert_eq!((last["body"].as_str(), last["author_id"].as_u64()), (Some("Thanks, looking into it now."), Some(me)));
    assert!(c.model.writes.outbox.is_empty(), "both confirmed: {:?}", c.model.writes.outbox);
    sb.stop().await;
}

#[tokio::test]
async fn a_first_reply_made_in_the_console_moves_the_days_first_reply_time_and_the_agents_own() {
    // found in a shift: "1st reply 231m" all day, for the team and each agent alike
    let sb = sandbox::start(SandboxOptions { tickets: 80, ..Default::default() }).await.unwrap();
    let mut c = Console::open_as(&sb, &sb.agent_emails[0], settings()).await;
    let me = c.model.me.as_ref().unwrap().id;
    // a ticket nobody has answered yet, taken so it is the agent's own
    let id = c
        .model
        .queue
        .tickets
        .iter()
        .find(|t| t.first_reply_minutes.is_none() && t.status.is_unsolved())
        .map(|t| t.id)
        .expect("an unanswered ticket");
    let replies_today = |c: &Console| {
        let start = frontline_model::day_start(c.model.now);
        c.model
            .stats
            .today
            .iter()
            .filter(|t| t.first_reply_minutes.is_some_and(|m| t.created_at + m * 60 >= start))
            .count()
    };
    let before = replies_today(&c);
    let i = c.model.queue.visible.iter().position(|&i| c.model.queue.tickets[i].id == id).unwrap();
    c.model.queue.selected = i;
    c.press(KeyCode::Char('a')).await;
    c.press(KeyCode::Char('r')).await;
    c.type_str("Hello, looking into it now.").await;
    c.send('s', KeyModifiers::CONTROL).await;
    let replied_at = frontline_clock::system().now();
    // measured when the reply lands (the poll after it need not fetch it again)
    c.tick(c.model.now + 120).await;
    let t = c.model.stats.today.iter().find(|t| t.id == id).expect("changed today");
    let created = t.created_at;
    let frt = t.first_reply_minutes.expect("measured");
    assert_eq!(t.metrics.public_replies, Some(1));
    assert!((frt - (replied_at - created) / 60).abs() <= 1, "minutes from creation to the reply: {frt}");
    assert_eq!(replies_today(&c), before + 1, "one more first reply counts today");
    let row = frontline_app::team::rows(&c.model).into_iter().find(|r| r.agent == me).unwrap();
    assert!(row.first_reply_median.is_some(), "the agent's own median has their reply");
    c.close();
}

#[tokio::test]
async fn the_assign_picker_names_each_agents_groups_from_the_helpdesk() {
    let (sb, mut c) = start().await;
    c.press(KeyCode::Char('A')).await;
    let frontline_app::Mode::Pick(p) = &c.model.mode else { panic!("{:?}", c.model.mode) };
    let names: Vec<String> = c.model.groups.values().cloned().collect();
    let with_group = p.items.iter().filter(|(l, _)| names.iter().any(|g| l.contains(&format!(" · {g}")))).count();
    assert!(with_group > 0, "group memberships read with the agents: {:?}", p.items);
    c.close();
    sb.stop().await;
}
