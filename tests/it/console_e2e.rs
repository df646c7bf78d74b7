//! End to end: the sandbox on loopback, the Zendesk adapter over HTTP, and the console's
//! update loop and executor driven by key events — everything but the terminal.

use crate::support;

use frontline_app::{Loadable, Msg, Pane, update};
use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
use frontline_model::Figure;
use frontline_sandbox::{self as sandbox, SandboxOptions};
use std::time::Duration;
use support::{Console, api, count};

#[tokio::test]
async fn the_console_shows_the_sandbox_and_follows_the_keyboard() {
    let sb = sandbox::start(SandboxOptions { tickets: 200, ..Default::default() }).await.unwrap();
    let mut c = Console::open(&sb).await;
    let m = &c.model;
    assert_eq!(m.view_title(), "All open");
    let unsolved = count(&sb, "type:ticket status<solved").await;
    assert_eq!(m.queue.tickets.len() as u64, unsolved, "the whole view is loaded, across pages");
    assert_eq!(m.me.as_ref().unwrap().email.as_deref(), Some(sb.agent_emails[0].as_str()));
    // KPIs match the sandbox
    assert_eq!(m.stats.kpis.counts.open, Figure::Value(unsolved));
    assert_eq!(
        m.stats.kpis.counts.unassigned,
        Figure::Value(count(&sb, "type:ticket status<solved assignee:none").await)
    );
    assert_eq!(
        m.stats.kpis.counts.urgent,
        Figure::Value(count(&sb, "type:ticket status<solved priority:urgent").await)
    );
    assert_eq!(m.stats.kpis.counts.new, Figure::Value(count(&sb, "type:ticket status:new").await));
    assert_eq!(m.stats.kpis.counts.pending, Figure::Value(count(&sb, "type:ticket status:pending").await));
    let mut breached = 0;
    let mut url = "/api/v2/views/405/tickets.json?include=slas&page[size]=100".to_string();
    let now = chrono::DateTime::from_timestamp(frontline_clock::system().now(), 0).unwrap();
    loop {
        let page = api(&sb, &url).await;
        for t in page["tickets"].as_array().unwrap() {
            for metric in t["slas"]["policy_metrics"].as_array().unwrap() {
                if metric["breach_at"]
                    .as_str()
                    .and_then(|b| b.parse::<chrono::DateTime<chrono::Utc>>().ok())
                    .is_some_and(|b| b < now)
                {
                    breached += 1;
                }
            }
        }
        match page["links"]["next"].as_str() {
            Some(n) if page["meta"]["has_more"] == true => url = n.replace(&sb.url, ""),
            _ => break,
        }
    }
    assert!(breached > 0);
    assert_eq!(c.model.stats.kpis.sla.breached, breached, "breached SLAs as the sandbox reports them");
    // the selected ticket's conversation and customer are loaded
    let first = c.model.selected().unwrap().clone();
    let comments = api(&sb, &format!("/api/v2/tickets/{}/comments.json", first.id.0)).await;
    match c.model.details.conversations.get(&first.id) {
        Some(Loadable::Ready(msgs)) => assert_eq!(msgs.len(), comments["comments"].as_array().unwrap().len()),
        other => panic!("conversation not loaded: {other:?}"),
    }
    assert!(matches!(c.model.details.customers.get(&first.requester.unwrap()), Some(Loadable::Ready(_))));
    // j moves on, and the panes follow
    c.press(KeyCode::Char('j')).await;
    let second = c.model.selected().unwrap().clone();
    assert_ne!(second.id, first.id);
    assert!(matches!(c.model.details.conversations.get(&second.id), Some(Loadable::Ready(_))));
    assert!(matches!(c.model.details.customers.get(&second.requester.unwrap()), Some(Loadable::Ready(_))));
    // the rendered screen has every pane filled
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 60)).unwrap();
    let (themes, _) = frontline_config::ThemeSet::load(None);
    term.draw(|f| frontline_ui::draw(f, &c.model, themes.get("default-dark").unwrap())).unwrap();
    let screen: String = term.backend().buffer().content.iter().map(ratatui::buffer::Cell::symbol).collect();
    assert!(screen.contains(&format!("#{}", second.id.0)));
    assert!(screen.contains("Tickets ("), "customer history shown");
    // filter as you type, then Enter keeps it
    let subject_word = second.subject.split_whitespace().find(|w| w.len() > 4).unwrap_or("order").to_string();
    c.press(KeyCode::Char('/')).await;
    c.type_str(&subject_word).await;
    c.press(KeyCode::Enter).await;
    assert!(!c.model.queue.visible.is_empty());
    assert!(c.model.queue.visible.len() < c.model.queue.tickets.len());
    c.press(KeyCode::Esc).await;
    // switch views with the picker
    c.press(KeyCode::Char('v')).await;
    c.press(KeyCode::Char('1')).await;
    assert_eq!(c.model.view_title(), "Unassigned");
    assert!(c.model.queue.tickets.iter().all(|t| t.assignee.is_none()));
    // open a customer's other ticket from the customer pane
    c.press(KeyCode::Tab).await;
    c.press(KeyCode::Tab).await;
    assert_eq!(c.model.focus, Pane::Customer);
    let requester = c.model.selected().unwrap().requester.unwrap();
    let history = match c.model.details.customers.get(&requester) {
        Some(Loadable::Ready(p)) => p.tickets.clone(),
        other => panic!("no history: {other:?}"),
    };
    if history.len() > 1 {
        c.press(KeyCode::Char('j')).await;
        c.press(KeyCode::Enter).await;
        assert_eq!(c.model.selected().unwrap().id, history[1].id, "Enter opens the customer's other ticket");
    }
    sb.stop().await;
}

#[tokio::test]
async fn a_stopped_helpdesk_shows_trouble_and_the_console_keeps_working() {
    let sb = sandbox::start(SandboxOptions { tickets: 40, ..Default::default() }).await.unwrap();
    let mut c = Console::open(&sb).await;
    assert!(matches!(c.model.sync.connection, frontline_app::Connection::Online));
    let n = c.model.queue.tickets.len();
    sb.stop().await;
    let fx = update(&mut c.model, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)));
    c.exec.run(fx);
    // reads are retried with backoff (0.25 + 0.5 + 1 s) before the failure is reported
    c.run_for(Duration::from_secs(3)).await;
    assert!(
        matches!(c.model.sync.connection, frontline_app::Connection::Trouble(_)),
        "{:?} {:?} {:?}",
        c.model.sync.connection,
        c.model.notice,
        c.model.stats.kpis.counts
    );
    assert!(c.model.notice.as_ref().unwrap().text.contains("connection refused"), "{:?}", c.model.notice);
    assert_eq!(c.model.queue.tickets.len(), n, "what was loaded stays browsable");
    c.press(KeyCode::Char('j')).await;
    assert_eq!(c.model.queue.selected, 1);
}

#[tokio::test]
async fn a_poll_with_no_change_costs_two_requests_and_changes_show_up() {
    let sb = sandbox::start(SandboxOptions { tickets: 250, ..Default::default() }).await.unwrap();
    let mut c = Console::open(&sb).await;
    let poll = c.model.settings.poll_secs;
    let before = sb.requests().len();
    let now = c.model.now;
    c.tick(now + poll + 1).await;
    let polled: Vec<_> = sb.requests()[before..].to_vec();
    assert!(polled.len() <= 2, "a poll with no change: {:?}", polled.iter().map(|r| &r.path).collect::<Vec<_>>());
    // a customer replies to the open ticket; another agent solves a ticket in the view
    let id = c.model.selected().unwrap().id.0;
    let customer = api(&sb, &format!("/api/v2/tickets/{id}.json")).await["ticket"]["requester_id"].clone();
    let admin = sb.admin_email.clone();
    support::put(&sb, &admin, &format!("/api/v2/tickets/{id}.json"), serde_json::json!({"ticket": {"comment": {"body": "Any news? It still hasn't arrived.", "public": true, "author_id": customer}}})).await;
    let other = c.model.queue.tickets.iter().map(|t| t.id.0).find(|t| *t != id).unwrap();
    support::put(
        &sb,
        &admin,
        &format!("/api/v2/tickets/{other}.json"),
        serde_json::json!({"ticket": {"status": "solved", "comment": {"body": "done", "public": false}}}),
    )
    .await;
    let n = c.model.queue.tickets.len();
    let selected = c.model.queue.selected;
    c.tick(now + 2 * poll + 2).await;
    assert_eq!(c.model.selected().unwrap().id.0, id, "the selection did not move");
    assert_eq!(c.model.queue.selected, selected);
    match c.model.details.conversations.get(&frontline_model::TicketId(id)) {
        Some(Loadable::Ready(msgs)) => assert!(
            msgs.iter().any(|m| m.body.contains("Any news?")),
            "the customer's reply is in the open conversation"
        ),
        other => panic!("{other:?}"),
    }
    assert!(c.model.queue.get(frontline_model::TicketId(other)).is_none(), "the solved ticket left the view");
    assert_eq!(c.model.queue.tickets.len(), n - 1);
    sb.stop().await;
}

#[tokio::test]
async fn a_new_urgent_ticket_runs_the_notification_command_once() {
    use frontline_config::{NotifyConfig, NotifyOn, NotifyRule};
    let sb = sandbox::start(SandboxOptions { tickets: 40, ..Default::default() }).await.unwrap();
    let out = tempfile::tempdir().unwrap().keep().join("events.jsonl");
    let cmd = vec!["sh".to_string(), "-c".to_string(), format!("cat >> {}", out.display())];
    let settings = frontline_app::Settings {
        start_view: Some("All open".into()),
        notify: NotifyConfig {
            rules: vec![NotifyRule { on: NotifyOn::NewUrgent, minutes: None, view: None }],
            command: Some(cmd),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut c = Console::open_as(&sb, &sb.agent_emails[0], settings).await;
    let admin = sb.admin_email.clone();
    let r = reqwest::Client::new()
        .post(format!("{}/api/v2/tickets.json", sb.url))
        .basic_auth(format!("{admin}/token"), Some(&sb.token))
        .json(&serde_json::json!({"ticket": {"subject": "Card charged 3 times", "priority": "urgent", "comment": {"body": "Please help, three charges!"}, "requester": {"name": "Ana Lima", "email": "ana@mail.example"}}}))
        .send()
        .await
        .unwrap();
    let id = r.json::<serde_json::Value>().await.unwrap()["ticket"]["id"].as_u64().unwrap();
    let now = c.model.now;
    let poll = c.model.settings.poll_secs;
    c.tick(now + poll + 1).await;
    c.tick(now + 2 * poll + 2).await;
    let lines: Vec<serde_json::Value> =
        std::fs::read_to_string(&out).unwrap_or_default().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1, "exactly one event: {lines:?}");
    assert_eq!(lines[0]["event"], "new_urgent");
    assert_eq!(lines[0]["ticket"], id);
    assert!(lines[0]["body"].as_str().unwrap().contains("Card charged 3 times"));
    sb.stop().await;
}

#[tokio::test]
async fn an_admin_console_loads_the_day_through_the_incremental_export_and_polls_by_search() {
    let sb = sandbox::start(SandboxOptions { tickets: 60, ..Default::default() }).await.unwrap();
    let admin = sb.admin_email.clone();
    let mut c = Console::open_as(
        &sb,
        &admin,
        frontline_app::Settings { start_view: Some("All open".into()), ..Default::default() },
    )
    .await;
    // the day's figures: the export made for it
    assert!(sb.requests().iter().any(|r| r.path.contains("/incremental/tickets/cursor")));
    // a poll: one search, not the export (10 calls a minute per account, without the last minute)
    let before = sb.requests().len();
    let now = c.model.now;
    let poll = c.model.settings.poll_secs;
    c.tick(now + poll + 1).await;
    let polled: Vec<String> = sb.requests()[before..].iter().map(|r| r.path.clone()).collect();
    assert_eq!(polled.len(), 1, "{polled:?}");
    assert!(polled[0].starts_with("/api/v2/search?") && polled[0].contains("updated%3E"), "{polled:?}");
    sb.stop().await;
}

#[tokio::test]
async fn the_filter_finds_a_ticket_by_the_order_number_its_first_message_names() {
    // found in a shift: `/NW415145` found nothing though the ticket naming it was in the view
    let sb = sandbox::start(SandboxOptions { tickets: 120, ..Default::default() }).await.unwrap();
    let mut c = Console::open(&sb).await;
    // a ticket whose first message names an order number its subject does not
    let (id, order) = c
        .model
        .queue
        .tickets
        .iter()
        .find_map(|t| {
            t.refs.iter().find(|r| r.starts_with("NW") && !t.subject.contains(r.as_str())).map(|r| (t.id, r.clone()))
        })
        .expect("the sandbox's messages name order numbers");
    let described = api(&sb, &format!("/api/v2/tickets/{}.json", id.0)).await;
    assert!(described["ticket"]["description"].as_str().unwrap().contains(&order), "{described}");
    c.press(KeyCode::Char('/')).await;
    c.type_str(&order).await;
    let shown: Vec<_> = c.model.queue.visible.iter().map(|&i| c.model.queue.tickets[i].id).collect();
    assert!(shown.contains(&id) && !c.model.filter.fuzzy, "{order}: {shown:?}");
    c.close();
    sb.stop().await;
}

#[tokio::test]
async fn merge_closes_the_duplicate_with_a_note_and_keeps_the_conversation_on_the_target() {
    // found in a shift: `:merge 230` was not a command; a customer's duplicates (#48, #230)
    // had to be merged in the browser
    let sb = sandbox::start(SandboxOptions { tickets: 60, ..Default::default() }).await.unwrap();
    let settings =
        frontline_app::Settings { start_view: Some("All open".into()), can_merge: true, ..Default::default() };
    let mut c = Console::open_as(&sb, &sb.agent_emails[0], settings).await;
    let source = c.model.selected().unwrap().id.0;
    let target = c.model.queue.tickets.iter().map(|t| t.id.0).find(|id| *id != source).unwrap();
    let comments = |id: u64| {
        let sb = &sb;
        async move { api(sb, &format!("/api/v2/tickets/{id}/comments.json")).await["comments"].as_array().unwrap().clone() }
    };
    let target_before = comments(target).await.len();
    let source_said: Vec<String> = comments(source)
        .await
        .iter()
        .map(|c| c["body"].as_str().unwrap().lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string())
        .collect();
    assert!(source_said.len() > 1, "a conversation of several messages");
    // the key asks for the target, the confirmation shows both, n cancels
    c.press(KeyCode::Char('M')).await;
    c.type_str(&target.to_string()).await;
    c.press(KeyCode::Enter).await;
    assert!(matches!(&c.model.mode, frontline_app::Mode::Merge(a) if a.target_ticket.is_some()), "{:?}", c.model.mode);
    c.press(KeyCode::Char('n')).await;
    let untouched = api(&sb, &format!("/api/v2/tickets/{source}.json")).await;
    assert_ne!(untouched["ticket"]["status"], "closed", "n cancels: nothing merged");
    assert!(matches!(c.model.mode, frontline_app::Mode::Normal));
    // :merge, then y
    c.press(KeyCode::Char(':')).await;
    c.type_str(&format!("merge {target}")).await;
    c.press(KeyCode::Enter).await;
    c.press(KeyCode::Char('y')).await;
    assert!(
        c.model.notice.as_ref().unwrap().text.contains(&format!("#{source} merged into #{target}")),
        "{:?}",
        c.model.notice
    );
    let closed = api(&sb, &format!("/api/v2/tickets/{source}.json")).await;
    assert_eq!(closed["ticket"]["status"], "closed");
    let noted = comments(source).await;
    let note = noted.last().unwrap();
    assert!(
        note["public"] == false && note["body"].as_str().unwrap().contains(&format!("merged into request #{target}")),
        "{note}"
    );
    let kept = comments(target).await;
    assert_eq!(kept.len(), target_before + 1, "the target keeps its conversation and gains a note");
    let added = kept.last().unwrap();
    // every message of the merged ticket reaches the target, not only the last
    let body = added["body"].as_str().unwrap();
    assert!(added["public"] == false, "{added}");
    for said in &source_said {
        assert!(body.contains(said.as_str()), "{said:?} missing from the target's note:\n{body}");
    }
    // the next ticket has the keys; ' goes back to the merged one, which cannot be merged again
    assert_ne!(c.model.selected().map(|t| t.id.0), Some(source), "the next ticket after the merge");
    assert!(
        c.model.notice.as_ref().unwrap().text.contains(&format!("#{source} is closed, its messages are on #{target}"))
    );
    c.press(KeyCode::Char('\'')).await;
    c.press(KeyCode::Char(':')).await;
    c.type_str(&format!("merge {target}")).await;
    c.press(KeyCode::Enter).await;
    let said = c.model.notice.clone().unwrap();
    assert!(said.error && said.text.contains("is closed"), "{said:?}");
    c.close();
    sb.stop().await;
}

#[tokio::test]
async fn search_asks_the_helpdesk_and_shows_the_answer_as_a_temporary_view() {
    // found in a shift: there was no search across the helpdesk, only the view's filter
    let sb = sandbox::start(SandboxOptions { tickets: 150, ..Default::default() }).await.unwrap();
    let mut c = Console::open(&sb).await;
    // a solved ticket is in no open view, but search finds it by the order its message names
    let solved = api(&sb, "/api/v2/search.json?query=type:ticket%20status:solved").await;
    let (id, order) = solved["results"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|t| {
            let d = t["description"].as_str()?;
            let word = d.split(|ch: char| !ch.is_ascii_alphanumeric()).find(|w| w.starts_with("NW") && w.len() > 5)?;
            Some((t["id"].as_u64()?, word.to_string()))
        })
        .expect("a solved ticket naming an order");
    assert!(c.model.queue.get(frontline_model::TicketId(id)).is_none(), "not in the open view");
    c.press(KeyCode::Char(':')).await;
    c.type_str(&format!("search {order}")).await;
    c.press(KeyCode::Enter).await;
    assert_eq!(c.model.view_title(), format!("Search “{order}”"));
    assert!(c.model.queue.get(frontline_model::TicketId(id)).is_some(), "{:?}", c.model.notice);
    assert!(c.model.notice.as_ref().unwrap().text.contains(" found — v goes back"));
    // not a view: a poll leaves it alone; v goes back to one
    let requests = sb.requests().len();
    c.tick(c.model.now + 600).await;
    assert!(
        !sb.requests()[requests..].iter().any(|r| r.path.contains("/search") || r.path.contains("/views/")),
        "no poll of a search"
    );
    c.press(KeyCode::Char('v')).await;
    c.press(KeyCode::Enter).await;
    assert!(c.model.queue.search.is_none() && c.model.view.is_some());
    // a customer's e-mail address alone finds their tickets, and the view's filter does not
    // carry into the answer
    let t = c.model.queue.tickets[0].clone();
    let email = c.model.users[&t.requester.unwrap()].email.clone().unwrap();
    c.press(KeyCode::Char('/')).await;
    c.type_str("no such words").await;
    c.press(KeyCode::Enter).await;
    c.press(KeyCode::Char(':')).await;
    c.type_str(&format!("search {email}")).await;
    c.press(KeyCode::Enter).await;
    assert!(c.model.filter.text.is_empty(), "the filter is the view's");
    assert!(c.model.queue.get(t.id).is_some() && !c.model.queue.visible.is_empty(), "{:?}", c.model.notice);
    // the answer's tickets have their SLA clocks, as a view's do
    let found = c.model.queue.get(t.id).unwrap();
    assert_eq!(found.sla.is_some(), t.sla.is_some(), "{:?} vs {:?}", found.sla, t.sla);
    assert!(c.model.queue.tickets.iter().any(|x| x.sla.is_some()), "some clock in the answer");
    // a phone number alone finds the customer's tickets, written the way the agent heard it
    let people = api(&sb, "/api/v2/users.json?role=end-user&per_page=100").await;
    let mut with_phone = None;
    for u in people["users"].as_array().unwrap().iter().filter(|u| u["phone"].is_string()) {
        let uid = u["id"].as_u64().unwrap();
        let theirs = api(&sb, &format!("/api/v2/users/{uid}/tickets/requested.json")).await;
        if let Some(t) = theirs["tickets"].as_array().and_then(|l| l.first()) {
            let phone = u["phone"].as_str().unwrap().to_string();
            with_phone =
                Some((frontline_model::TicketId(t["id"].as_u64().unwrap()), frontline_model::UserId(uid), phone));
            break;
        }
    }
    let (id, who, phone) = with_phone.expect("a customer with a phone and a ticket");
    let heard = phone.replace(' ', "-");
    c.press(KeyCode::Char(':')).await;
    c.type_str(&format!("search {heard}")).await;
    c.press(KeyCode::Enter).await;
    assert!(c.model.queue.get(id).is_some(), "{heard}: {:?}", c.model.notice);
    assert!(c.model.queue.tickets.iter().all(|t| t.requester == Some(who)), "only theirs");
    c.close();
    sb.stop().await;
}

#[tokio::test]
async fn the_filter_finds_a_ticket_by_its_order_number_field() {
    let sb = sandbox::start(SandboxOptions { tickets: 60, ..Default::default() }).await.unwrap();
    let fields = api(&sb, "/api/v2/ticket_fields.json").await;
    let field =
        fields["ticket_fields"].as_array().unwrap().iter().find(|f| f["title"] == "Order number").unwrap()["id"]
            .as_i64()
            .unwrap();
    let id = api(&sb, "/api/v2/views/405/tickets.json").await["tickets"][0]["id"].as_u64().unwrap();
    support::put(
        &sb,
        &sb.agent_emails[0],
        &format!("/api/v2/tickets/{id}.json"),
        serde_json::json!({"ticket": {"custom_fields": [{"id": field, "value": "NW777888"}]}}),
    )
    .await;
    let mut c = Console::open(&sb).await;
    c.press(KeyCode::Char('/')).await;
    c.type_str("NW777888").await;
    let shown: Vec<u64> = c.model.queue.visible.iter().map(|&i| c.model.queue.tickets[i].id.0).collect();
    assert_eq!(shown, vec![id]);
    c.close();
    sb.stop().await;
}

#[tokio::test]
async fn a_ticket_longer_than_the_console_reads_shows_its_newest_messages_and_says_so() {
    // found by a hostile tester: 10,001 comments showed the oldest 5,000 and no word of the rest
    let sb = sandbox::start(SandboxOptions { tickets: 20, ..Default::default() }).await.unwrap();
    let id = api(&sb, "/api/v2/views/405/tickets.json").await["tickets"][0]["id"].as_i64().unwrap();
    {
        let mut db = rusqlite::Connection::open(&sb.db_path).unwrap();
        db.busy_timeout(Duration::from_secs(5)).unwrap();
        let author: i64 =
            db.query_row("SELECT author_id FROM comments WHERE ticket_id = ?1", [id], |r| r.get(0)).unwrap();
        let tx = db.transaction().unwrap();
        for i in 0..10_001i64 {
            tx.execute(
                "INSERT INTO comments(ticket_id, author_id, body, public, channel, created_at) VALUES (?1, ?2, ?3, 1, 'web', ?4)",
                rusqlite::params![id, author, format!("comment {i}"), 1_900_000_000 + i],
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    let backend = frontline_backend::zendesk::Zendesk::new(
        &sb.url,
        frontline_backend::zendesk::Credentials::ApiToken {
            email: sb.agent_emails[0].clone(),
            token: sb.token.clone(),
        },
        frontline_backend::http::RetryPolicy::default(),
    )
    .unwrap();
    let conv = frontline_backend::Helpdesk::conversation(&backend, frontline_model::TicketId(id as u64)).await.unwrap();
    assert!(conv.older_left_out, "said");
    assert_eq!(conv.messages.last().unwrap().body, "comment 10000", "the newest is there");
    assert!(conv.messages.windows(2).all(|w| w[0].created_at <= w[1].created_at), "oldest first on screen");
    assert!(!conv.messages.iter().any(|m| m.body == "comment 0"), "it is the oldest that are left out");
    sb.stop().await;
}
