//! The Request Tracker adapter against a real RT 5 (see tests/it/support/rt.rs): views and
//! paging, a conversation, take, reply, note, status, escalation, a conflict between two
//! clients, a customer's history, counts and changes — each read back through RT's own API.
//! Ignored by a plain `cargo test`; `cargo test -- --ignored` runs it against a real RT, as
//! `.ci/run` does after installing and starting one.

use crate::support;

use frontline_backend::http::{Auth, Http, RetryPolicy};
use frontline_backend::rt::Rt;
use frontline_backend::{BackendError, Helpdesk, TicketCount};
use frontline_model::{MessageKind, NewComment, Priority, Role, Status, Ticket, TicketChange, TicketId, User, ViewId};
use reqwest::Method;
use serde_json::json;
use support::rt::{mark, server};

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn views_list_tickets_with_people_and_page_to_the_end() {
    let rt = server();
    let m = mark("views");
    for i in 0..5 {
        rt.create("Support", &format!("{m} order {i}"), &format!("{m}-{i}@example.org"), "Where is it?").await;
    }
    let query = format!("Subject LIKE '{m}'");
    let client = rt.client(false, |o| o.views = vec![("Mine to check".into(), query)]).with_page_size(2);
    let views = client.views().await.unwrap();
    let titles: Vec<&str> = views.iter().map(|v| v.title.as_str()).collect();
    for want in ["Mine to check", "Unowned", "Mine", "Queue Support", "Queue Escalations", "All active"] {
        assert!(titles.contains(&want), "no view {want} in {titles:?}");
    }
    assert_eq!(titles[0], "Mine to check", "the profile's views come first");

    let (tickets, users, pages) = read_view(&client, views[0].id).await;
    assert_eq!((tickets.len(), pages), (5, 3), "5 tickets in pages of 2");
    let support = client.groups().await.unwrap().into_iter().find(|g| g.name == "Support").unwrap();
    for t in &tickets {
        assert_eq!((t.status.clone(), t.group, t.assignee), (Status::New, Some(support.id), None));
        let who = users.iter().find(|u| Some(u.id) == t.requester).expect("the requester comes with the page");
        assert_eq!(who.role, Role::Customer);
        assert!(who.email.as_deref().unwrap().starts_with(&m));
    }
    // the unowned view holds them too (read in full pages: other tests take tickets
    // meanwhile, which would shift small pages), and a view RT does not have is an error
    let client = rt.client(false, |_| {});
    client.views().await.unwrap();
    let unowned = views.iter().find(|v| v.title == "Unowned").unwrap().id;
    let (tickets, _, _) = read_view(&client, unowned).await;
    let seen = tickets.iter().filter(|t| t.subject.starts_with(&m)).count();
    assert_eq!(seen, 5);
    let err = client.queue_page(ViewId(999), None).await.unwrap_err();
    assert_eq!(err.to_string(), "view 999 not found");
}

/// Every page of a view: its tickets, their people, and how many pages it took.
async fn read_view(client: &Rt, view: ViewId) -> (Vec<Ticket>, Vec<User>, usize) {
    let (mut tickets, mut users, mut pages, mut next) = (vec![], vec![], 0, None);
    loop {
        let page = client.queue_page(view, next).await.unwrap();
        pages += 1;
        tickets.extend(page.tickets);
        users.extend(page.users);
        match page.next {
            Some(n) => next = Some(n),
            None => return (tickets, users, pages),
        }
    }
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn a_conversation_has_the_opening_replies_and_notes_with_their_bodies() {
    let rt = server();
    let m = mark("conv");
    let id = rt.create("Support", &format!("{m} parcel"), &format!("{m}@example.org"), "My parcel is late.").await;
    let client = rt.client(false, |_| {});
    let me = client.me().await.unwrap();
    assert_eq!((me.name.as_str(), me.role), ("Rita Agent", Role::Agent));
    let reply = TicketChange {
        comment: Some(NewComment { body: "It ships today.\nRita".into(), public: true }),
        ..Default::default()
    };
    client.update(TicketId(id), &reply, None).await.unwrap();
    let note = TicketChange {
        comment: Some(NewComment { body: "Carrier says Tuesday.".into(), public: false }),
        ..Default::default()
    };
    client.update(TicketId(id), &note, None).await.unwrap();

    let conv = client.conversation(TicketId(id)).await.unwrap();
    let got: Vec<(MessageKind, String)> = conv.messages.iter().map(|m| (m.kind, m.body.trim().to_string())).collect();
    assert_eq!(
        got,
        [
            (MessageKind::Public, "My parcel is late.".to_string()),
            (MessageKind::Public, "It ships today.\nRita".to_string()),
            (MessageKind::Internal, "Carrier says Tuesday.".to_string()),
        ],
        "RT's autoreplies are not messages"
    );
    assert!(conv.messages[1].author == me.id && conv.messages[2].author == me.id);
    let customer = conv.users.iter().find(|u| u.role == Role::Customer).expect("the requester");
    assert_eq!(customer.email.as_deref(), Some(format!("{m}@example.org").as_str()));
    // RT has them as a reply and a comment
    let types = rt.history_types(id).await;
    assert!(types.contains(&"Correspond".to_string()) && types.contains(&"Comment".to_string()), "{types:?}");
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn take_status_priority_and_escalation_land_in_rt() {
    let rt = server();
    let m = mark("act");
    let id = rt.create("Support", &format!("{m} refund"), &format!("{m}@example.org"), "Refund please.").await;
    let client = rt.client(false, |_| {});
    let me = client.me().await.unwrap();
    let t = TicketId(id);

    client.update(t, &TicketChange { assignee: Some(Some(me.id)), ..Default::default() }, None).await.unwrap();
    assert_eq!(rt.fields(id).await["Owner"]["Name"], "rita");

    let page = client
        .update(
            t,
            &TicketChange { status: Some(Status::Pending), priority: Some(Some(Priority::High)), ..Default::default() },
            None,
        )
        .await
        .unwrap();
    assert_eq!((page.tickets[0].status.clone(), page.tickets[0].priority), (Status::Pending, Some(Priority::High)));
    let f = rt.fields(id).await;
    assert_eq!((f["Status"].as_str(), f["Priority"].as_str()), (Some("stalled"), Some("100")));

    // a reply that resolves: RT must not reopen it because of the reply
    let resolve = TicketChange {
        status: Some(Status::Solved),
        comment: Some(NewComment { body: "Refunded.".into(), public: true }),
        ..Default::default()
    };
    client.update(t, &resolve, None).await.unwrap();
    assert_eq!(rt.fields(id).await["Status"], "resolved");

    // escalation: another queue, a higher priority, an internal note
    let escalations = client.groups().await.unwrap().into_iter().find(|g| g.name == "Escalations").unwrap();
    let escalate = TicketChange {
        status: Some(Status::Open),
        group: Some(Some(escalations.id)),
        priority: Some(Some(Priority::Urgent)),
        add_tags: vec!["escalated".into()],
        comment: Some(NewComment { body: "Escalated to Tier 2.\nReason: chargeback".into(), public: false }),
        ..Default::default()
    };
    let page = client.update(t, &escalate, None).await.unwrap();
    assert_eq!(page.tickets[0].group, Some(escalations.id));
    let f = rt.fields(id).await;
    assert_eq!(
        (f["Queue"]["Name"].as_str(), f["Priority"].as_str(), f["Status"].as_str()),
        (Some("Escalations"), Some("200"), Some("open"))
    );
    assert_eq!(rt.history_types(id).await.iter().filter(|t| *t == "Comment").count(), 1);

    // a change RT refuses comes back in RT's words, not as success
    // (the requester is not staff, so RT will not let them own the ticket)
    let customer = page.tickets[0].requester;
    let bad = TicketChange { assignee: Some(customer), ..Default::default() };
    let err = client.update(t, &bad, None).await.unwrap_err();
    assert!(matches!(err, BackendError::Invalid(_)), "{err:?}");
    assert_eq!(rt.fields(id).await["Owner"]["Name"], "rita");
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn two_clients_the_second_write_is_refused_as_a_conflict() {
    let rt = server();
    let m = mark("conflict");
    let id = rt.create("Support", &format!("{m} address"), &format!("{m}@example.org"), "New address.").await;
    let rita = rt.client(false, |_| {});
    let omar = rt.client(true, |_| {});
    let seen = rita.ticket(TicketId(id)).await.unwrap().tickets[0].version.clone();
    // RT's dates have whole seconds: omar's change must be in a later second to be seen
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    omar.update(TicketId(id), &TicketChange { status: Some(Status::Open), ..Default::default() }, None).await.unwrap();
    let take = TicketChange { status: Some(Status::Pending), ..Default::default() };
    let err = rita.update(TicketId(id), &take, Some(&seen)).await.unwrap_err();
    assert_eq!(err, BackendError::Conflict);
    assert_eq!(rt.fields(id).await["Status"], "open", "rita's stale write did not land");
    // with the fresh version it goes through
    let fresh = rita.ticket(TicketId(id)).await.unwrap().tickets[0].version.clone();
    rita.update(TicketId(id), &take, Some(&fresh)).await.unwrap();
    assert_eq!(rt.fields(id).await["Status"], "stalled");

    // RT's own guard: a PUT with a stale ETag is answered 412, which reads as a conflict
    let http = Http::new(
        &format!("{}/REST/2.0/", rt.url),
        Auth::Scheme { scheme: "token".into(), secret: rt.token.clone() },
        "rita",
        RetryPolicy::default(),
    )
    .unwrap();
    let (_, etag) = http.get_etag(&format!("ticket/{id}")).await.unwrap();
    let etag = etag.expect("RT sends an ETag");
    rt.send(
        Method::POST,
        &format!("ticket/{id}/comment"),
        json!({"Content": "omar was here", "ContentType": "text/plain"}),
        true,
    )
    .await;
    let err = http.put_if_match(&format!("ticket/{id}"), &json!({"Status": "open"}), &etag).await.unwrap_err();
    assert_eq!(err, BackendError::Conflict);
    assert_eq!(rt.fields(id).await["Status"], "stalled");
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn a_customer_comes_with_their_other_tickets_newest_first() {
    let rt = server();
    let m = mark("cust");
    let email = format!("{m}@example.org");
    let first = rt.create("Support", &format!("{m} first"), &email, "One.").await;
    let second = rt.create("Billing", &format!("{m} second"), &email, "Two.").await;
    rt.create("Support", &format!("{m} someone else"), &format!("other-{m}@example.org"), "Three.").await;
    let client = rt.client(false, |_| {});
    let who = client.ticket(TicketId(first)).await.unwrap().tickets[0].requester.expect("a requester");
    let profile = client.customer(who).await.unwrap();
    assert_eq!(profile.user.email.as_deref(), Some(email.as_str()));
    assert_eq!(profile.user.role, Role::Customer);
    let ids: Vec<u64> = profile.tickets.iter().map(|t| t.id.0).collect();
    assert_eq!(ids, [second, first]);
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn counts_changes_and_first_reply_times_come_from_rt() {
    let rt = server();
    let m = mark("kpi");
    let client = rt.client(false, |o| o.views = vec![("This test".into(), format!("Subject LIKE '{m}'"))]);
    let views = client.views().await.unwrap();
    let before = frontline_clock::system().now() - 1;
    let id = rt.create("Support", &format!("{m} late"), &format!("{m}@example.org"), "Late.").await;
    // each count is RT's own total for its TicketSQL (other tests change tickets meanwhile,
    // so compare with RT's answer taken between two of ours until they agree)
    for (what, sql) in [
        (TicketCount::Unassigned, "Owner = 'Nobody' AND Status = '__Active__'"),
        (TicketCount::New, "Status = 'new'"),
        (TicketCount::Open, "Status = '__Active__'"),
    ] {
        let mut agreed = false;
        for _ in 0..5 {
            let ours = client.count(what).await.unwrap();
            let q: String = url::form_urlencoded::byte_serialize(sql.as_bytes()).collect();
            let theirs = rt.get(&format!("tickets?query={q}&per_page=1")).await["total"].as_u64();
            if Some(ours) == theirs && client.count(what).await.unwrap() == ours {
                agreed = ours > 0;
                break;
            }
        }
        assert!(agreed, "{what:?} is RT's total and counts this test's new ticket");
    }
    assert_eq!(client.view_counts(&[views[0].id]).await.unwrap(), [(views[0].id, 1)]);

    // rita's time zone is Tokyo: changes are found by order, not by a date in TicketSQL
    let changed = client.view_changes(views[0].id, before).await.unwrap();
    assert_eq!(changed.tickets.iter().map(|t| t.id.0).collect::<Vec<_>>(), [id]);
    let none = client.view_changes(views[0].id, changed.tickets[0].updated_at).await.unwrap();
    assert!(none.tickets.is_empty());

    // RT's Due date is the SLA clock
    rt.send(Method::PUT, &format!("ticket/{id}"), json!({"Due": "2030-01-02 03:04:05"}), false).await;
    let due = rt.get(&format!("ticket/{id}")).await["Due"].as_str().unwrap().to_string();
    let due = chrono::DateTime::parse_from_rfc3339(&due).unwrap().timestamp();
    let t = client.ticket(TicketId(id)).await.unwrap().tickets.remove(0);
    assert_eq!(t.sla.and_then(|s| s.breach_at), Some(due));

    let reply =
        TicketChange { comment: Some(NewComment { body: "On it.".into(), public: true }), ..Default::default() };
    client.update(TicketId(id), &reply, None).await.unwrap();
    let today = client.changed_since(before).await.unwrap();
    let t = today.tickets.iter().find(|t| t.id.0 == id).expect("the ticket changed today");
    assert_eq!(t.first_reply_minutes, Some(0), "replied within the minute");
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn a_solved_tickets_replies_reopens_and_resolution_time_come_from_its_history() {
    let rt = server();
    let m = mark("touch");
    let before = frontline_clock::system().now() - 1;
    let id = rt.create("Support", &format!("{m} touch"), &format!("{m}@example.org"), "Help.").await;
    let client = rt.client(false, |_| {});
    let say = |body: &str, status: Option<Status>| TicketChange {
        status,
        comment: Some(NewComment { body: body.into(), public: true }),
        ..Default::default()
    };
    client.update(TicketId(id), &say("Sent a label.", Some(Status::Solved)), None).await.unwrap();
    let of = |page: frontline_backend::TicketPage| page.tickets.into_iter().find(|t| t.id.0 == id).unwrap();
    let t = of(client.changed_since(before).await.unwrap());
    assert_eq!((t.metrics.public_replies, t.metrics.reopens), (Some(1), Some(0)), "one touch");
    assert!(t.metrics.full_resolution_minutes.is_some_and(|m| m >= 0));
    // counted once per version: asking again costs no history read
    let sent = client.requests_sent();
    let again = of(client.changed_since(before).await.unwrap());
    assert_eq!(again.metrics.public_replies, Some(1));
    assert_eq!(client.requests_sent() - sent, 1, "the search only");
    // reopened, answered again and solved: two replies, one reopen
    client
        .update(TicketId(id), &TicketChange { status: Some(Status::Open), ..Default::default() }, None)
        .await
        .unwrap();
    client.update(TicketId(id), &say("And a new one.", Some(Status::Solved)), None).await.unwrap();
    let t = of(client.changed_since(before).await.unwrap());
    assert_eq!((t.metrics.public_replies, t.metrics.reopens), (Some(2), Some(1)));
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn a_wrong_token_and_a_missing_ticket_are_errors_in_words() {
    let rt = server();
    let wrong = rt.client_as("rita", "1-2-not-a-token", |_| {});
    let err = wrong.me().await.unwrap_err();
    assert!(matches!(err, BackendError::Auth { .. }), "{err:?}");
    assert!(!err.to_string().contains("not-a-token"), "the token stays secret: {err}");
    let client = rt.client(false, |_| {});
    let err = client.ticket(TicketId(9_999_999)).await.unwrap_err();
    assert_eq!(err.to_string(), "ticket #9999999 not found");
    // a password works too, and configured agents are the ones offered
    let pw = rt.client_as("omar", "password", |o| {
        o.basic_auth = true;
        o.agents = vec!["rita".into(), "omar".into()];
    });
    assert_eq!(pw.me().await.unwrap().name, "Omar Agent");
    let names: Vec<String> = pw.agents().await.unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["Rita Agent", "Omar Agent"]);
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn a_deleted_ticket_is_not_among_the_existing_ones() {
    // a console started from its cache asks which cached tickets RT still has: a delta search
    // never reports a deletion
    let rt = server();
    let m = mark("existing");
    let kept = rt.create("Support", &format!("{m} kept"), &format!("{m}@example.org"), "Still here.").await;
    let gone = rt.create("Support", &format!("{m} gone"), &format!("{m}@example.org"), "Deleted soon.").await;
    let said = rt.send(reqwest::Method::PUT, &format!("ticket/{gone}"), json!({"Status": "deleted"}), false).await;
    assert!(said.to_string().contains("Ticket deleted"), "{said}");
    let client = rt.client(false, |_| {});
    let ids = [TicketId(kept), TicketId(gone), TicketId(9_999_999)];
    assert_eq!(client.existing(&ids).await.unwrap(), vec![TicketId(kept)]);
    // more than a page's worth of ids is asked for in pieces, each answered
    let many: Vec<TicketId> = (0..150).map(|i| TicketId(9_000_000 + i)).chain([TicketId(kept)]).collect();
    assert_eq!(client.existing(&many).await.unwrap(), vec![TicketId(kept)]);
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn search_finds_words_in_the_subject_or_the_messages() {
    let rt = server();
    let m = mark("search");
    let by_content = rt
        .create("Support", "Parcel question", &format!("{m}@example.org"), &format!("Order {m}X42 never came."))
        .await;
    let by_subject =
        rt.create("Billing", &format!("{m}X42 charged twice"), &format!("{m}@example.org"), "Twice!").await;
    let client = rt.client(false, |_| {});
    let found: Vec<u64> = client.search(&format!("{m}X42")).await.unwrap().tickets.iter().map(|t| t.id.0).collect();
    assert!(found.contains(&by_content) && found.contains(&by_subject), "{found:?}");
    // a quote cannot end RT's string early
    assert!(client.search("it's").await.is_ok());
    // the requester's e-mail address alone finds their tickets
    let by_requester: Vec<u64> =
        client.search(&format!("{m}@example.org")).await.unwrap().tickets.iter().map(|t| t.id.0).collect();
    assert!(by_requester.contains(&by_content) && by_requester.contains(&by_subject), "{by_requester:?}");
    // and a phone number alone, as it is written on the customer's record
    // (scripts/rt-server makes caller@example.org with that number on their record)
    let called = rt.create("Support", &format!("{m} call me back"), "caller@example.org", "Please call.").await;
    let by_phone: Vec<u64> = client.search("+44 7700 900123").await.unwrap().tickets.iter().map(|t| t.id.0).collect();
    assert!(by_phone.contains(&called) && !by_phone.contains(&by_content), "{by_phone:?}");
}

/// The real binary with an RT profile in a tmux terminal: the queue shows RT's tickets in
/// RT's words, `a` takes one and a reply sent with Ctrl-S lands, both read back from RT.
#[test]
#[ignore = "needs Request Tracker 5 and tmux: scripts/rt-server --install, then cargo test -- --ignored"]
fn the_console_works_on_an_rt_profile() {
    let rt = server();
    let tokio = tokio::runtime::Runtime::new().unwrap();
    let m = mark("tmux");
    let id =
        tokio.block_on(rt.create("Support", &format!("{m} broken kettle"), &format!("{m}@example.org"), "It leaks."));
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("frontline")).unwrap();
    let config = format!(
        "default_profile = \"rt\"\n[time_tracking]\nenabled = true\n[profiles.rt]\nbackend = \"rt\"\nurl = \"{}\"\nuser = \"rita\"\ntoken_env = \"RT_TEST_TOKEN\"\n\
         [[profiles.rt.views]]\nname = \"Kettles\"\nquery = \"Subject LIKE '{m}'\"\n",
        rt.url
    );
    std::fs::write(home.path().join("frontline/config.toml"), config).unwrap();
    let s = support::tmux::Session::start("rt", 100, 30, home.path(), &format!("RT_TEST_TOKEN={}", rt.token), "");
    s.wait_for("broken kettle");
    let screen = s.wait_for("It leaks.");
    assert!(screen.contains("Kettles (1)"), "{screen}");
    assert!(!screen.contains(&rt.token), "the token never reaches the screen");
    s.keys(&["a"]);
    let started = frontline_clock::monotonic(); // the first key: time counts from here
    s.wait_for("Rita Agent · Support");
    assert_eq!(tokio.block_on(rt.fields(id))["Owner"]["Name"], "rita");
    s.keys(&["r"]);
    s.wait_for("Reply by");
    // the agent writes for half a minute or more (a word each time the timer moves on three
    // seconds), so the reply carries a whole minute in RT's unit
    let mut counted = 0;
    for word in "A new kettle is on its way, sent by express. Tracking follows. Sorry again.".split_inclusive(' ') {
        s.keys(&[word]);
        support::tmux::until("the timer counting", 15, || match support::tmux::shown_secs(&s.screen()) {
            Some(v) if v >= counted + 3 => {
                counted = v;
                true
            }
            _ => false,
        });
    }
    s.send("C-s");
    let spent = started.elapsed().as_secs();
    s.wait_for("A new kettle is on its way, sent by express.");
    // the send waits out the undo window, then lands in RT
    support::tmux::until("the reply reaching RT", 30, || {
        tokio.block_on(rt.history_types(id)).contains(&"Correspond".to_string())
    });
    assert!((30..90).contains(&spent), "the test's typing took {spent} s: one minute to RT");
    assert_eq!(tokio.block_on(time_on(rt, id)), (vec![1], 1), "the reply's TimeTaken, and the ticket's TimeWorked");
    s.keys(&["s"]);
    let picker = s.wait_for("Status");
    assert!(picker.contains("stalled") && picker.contains("resolved"), "RT's statuses are offered: {picker}");
}

/// The scripting commands on an RT profile take and print RT's status words.
#[test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
fn scripts_speak_rts_status_words() {
    let rt = server();
    let tokio = tokio::runtime::Runtime::new().unwrap();
    let m = mark("script");
    let id = tokio.block_on(rt.create("Support", &format!("{m} invoice"), &format!("{m}@example.org"), "Copy please."));
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("frontline")).unwrap();
    let config = format!(
        "[profiles.rt]\nbackend = \"rt\"\nurl = \"{}\"\nuser = \"rita\"\ntoken_env = \"RT_TEST_TOKEN\"\n",
        rt.url
    );
    std::fs::write(home.path().join("frontline/config.toml"), config).unwrap();
    std::fs::write(home.path().join("body.txt"), "Sent again.").unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args(args)
            .env("XDG_CONFIG_HOME", home.path())
            .env("XDG_DATA_HOME", home.path())
            .env("RT_TEST_TOKEN", &rt.token)
            .output()
            .unwrap()
    };
    let body = home.path().join("body.txt");
    let body = body.to_str().unwrap();
    let bad = run(&["reply", &id.to_string(), "--body-file", body, "--status", "pending-ish"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("use open, stalled, resolved, rejected"), "{err}");
    let ok = run(&["reply", &id.to_string(), "--body-file", body, "--status", "stalled"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert_eq!(tokio.block_on(rt.fields(id))["Status"], "stalled");
    let shown = run(&["show", &id.to_string()]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("stalled · low") && text.contains("Sent again."), "{text}");
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn a_start_asks_the_queues_and_the_agent_once() {
    let rt = server();
    let client = rt.client(false, |_| {});
    // as the console starts: who the agent is and the views, then the rest after the first page
    let before = client.requests_sent();
    let (me, views) = tokio::join!(client.me(), client.views());
    let (me, views) = (me.unwrap(), views.unwrap());
    assert_eq!(client.requests_sent() - before, 2, "user and queues/all, once each");
    let groups = client.groups().await.unwrap();
    assert_eq!(client.requests_sent() - before, 2, "the queues the views read are the groups");
    assert!(views.iter().any(|v| v.title == "Queue Support") && groups.iter().any(|g| g.name == "Support"));
    let asked = client.requests_sent();
    let agents = client.agents().await.unwrap();
    assert!(agents.iter().any(|a| a.id == me.id), "the agent is among the agents");
    let owned_pages = client.requests_sent() - asked;
    assert!((1..=5).contains(&owned_pages), "owners' pages only, not the agent again: {owned_pages}");
    // the built-in views say what they hold, so polls need not ask them
    for title in ["Unowned", "Mine", "All active", "Queue Support"] {
        assert!(views.iter().find(|v| v.title == title).unwrap().filter.is_some(), "{title}");
    }
}

/// A reply's transaction's TimeTaken and the ticket's TimeWorked, as RT has them.
async fn time_on(rt: &support::rt::RtServer, id: u64) -> (Vec<u64>, u64) {
    let v = rt.get(&format!("ticket/{id}/history?fields=Type,TimeTaken&per_page=100")).await;
    let taken = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| matches!(t["Type"].as_str(), Some("Correspond" | "Comment")))
        .map(|t| t["TimeTaken"].as_str().and_then(|s| s.parse().ok()).or(t["TimeTaken"].as_u64()).unwrap_or(0))
        .collect();
    let worked = rt.get(&format!("ticket/{id}")).await["TimeWorked"].clone();
    (taken, worked.as_str().and_then(|s| s.parse().ok()).or(worked.as_u64()).unwrap_or(0))
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn time_worked_goes_as_time_taken_on_the_reply_and_as_time_worked_without_one() {
    let rt = server();
    let m = mark("time");
    let id = rt.create("Support", &format!("{m} timed"), &format!("{m}@example.org"), "How long?").await;
    let client = rt.client(false, |_| {});
    assert!(client.time_tracking().await.unwrap().contains("TimeTaken"));
    let reply = TicketChange {
        comment: Some(NewComment { body: "Looking into it.".into(), public: true }),
        time_spent: Some(150),
        ..Default::default()
    };
    let page = client.update(TicketId(id), &reply, None).await.unwrap();
    assert_eq!(time_on(rt, id).await, (vec![3], 3), "150 s: 3 minutes on the reply, which RT adds to TimeWorked");
    assert_eq!(page.tickets[0].metrics.handle_seconds, Some(180), "read back as the ticket's handle time");
    // a status change carries no message: TimeWorked itself grows
    let solve = TicketChange { status: Some(Status::Solved), time_spent: Some(600), ..Default::default() };
    client.update(TicketId(id), &solve, None).await.unwrap();
    assert_eq!(time_on(rt, id).await.1, 13);
    let note = TicketChange {
        comment: Some(NewComment { body: "Closed out.".into(), public: false }),
        time_spent: Some(61),
        ..Default::default()
    };
    client.update(TicketId(id), &note, None).await.unwrap();
    assert_eq!(time_on(rt, id).await, (vec![3, 1], 14));
}

#[tokio::test]
#[ignore = "needs Request Tracker 5: scripts/rt-server --install, then cargo test -- --ignored"]
async fn a_snooze_is_stalled_until_its_starts_and_found_when_due() {
    let rt = server();
    let m = mark("snooze");
    let id = rt.create("Support", &format!("{m} back on Monday"), &format!("{m}@example.org"), "Call me.").await;
    let client = rt.client(false, |_| {});
    let t = TicketId(id);
    // whole seconds from the system clock; rita's time zone is Tokyo, RT keeps UTC
    let now = frontline_clock::system().now();
    let wake = now + 3600;
    let snooze = TicketChange { status: Some(Status::OnHold), until: Some(wake), ..Default::default() };
    let page = client.update(t, &snooze, None).await.unwrap();
    assert_eq!(page.tickets[0].status, Status::Pending, "stalled");
    assert_eq!(page.tickets[0].snoozed_until, Some(wake), "Starts as written, in UTC");
    let due = |list: Vec<Ticket>| list.iter().any(|x| x.id == t);
    assert!(!due(client.due_snoozes(now).await.unwrap()), "not due yet");
    assert!(due(client.due_snoozes(wake).await.unwrap()), "due at its time");
    // the wake: open, and Starts cleared with it
    let woken =
        TicketChange { status: Some(Status::Open), until: Some(frontline_model::snooze::CLEAR), ..Default::default() };
    let page = client.update(t, &woken, None).await.unwrap();
    assert_eq!((page.tickets[0].status.clone(), page.tickets[0].snoozed_until), (Status::Open, None));
    let starts = rt.get(&format!("tickets?query=id%3D{id}&fields=Starts")).await["items"][0]["Starts"].clone();
    assert_eq!(starts, "1970-01-01T00:00:00Z", "a later stall elsewhere does not wake at once");
    let stalled_again = TicketChange { status: Some(Status::OnHold), until: Some(wake), ..Default::default() };
    client.update(t, &stalled_again, None).await.unwrap();
    // a stall without a time clears the wake time: it does not wake at once later
    let stall = TicketChange { status: Some(Status::Pending), ..Default::default() };
    let page = client.update(t, &stall, None).await.unwrap();
    assert_eq!(page.tickets[0].snoozed_until, None);
    assert!(!due(client.due_snoozes(wake).await.unwrap()));
}
