//! The sandbox speaks the Zendesk Support API v2: every endpoint, against a running sandbox
//! on 127.0.0.1:0, including auth failures, 404, 409, 422, 429, pagination and restarts.

use frontline_sandbox::{self as sandbox, SandboxHandle, SandboxOptions};
use serde_json::{Value, json};

async fn start(opts: SandboxOptions) -> SandboxHandle {
    sandbox::start(SandboxOptions { token: Some("secret-token".into()), ..opts }).await.expect("sandbox starts")
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

async fn get(sb: &SandboxHandle, email: &str, path: &str) -> (u16, Value) {
    let r = client()
        .get(format!("{}{path}", sb.url))
        .basic_auth(format!("{email}/token"), Some(&sb.token))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn put(sb: &SandboxHandle, email: &str, path: &str, body: Value) -> (u16, Value) {
    crate::support::put_status(sb, email, path, body).await
}

fn agent(sb: &SandboxHandle) -> String {
    sb.agent_emails[0].clone()
}

#[tokio::test]
async fn authentication_like_zendesk() {
    let sb = start(SandboxOptions::default()).await;
    let url = format!("{}/api/v2/users/me.json", sb.url);
    let none = client().get(&url).send().await.unwrap();
    assert_eq!(none.status(), 401);
    assert_eq!(none.json::<Value>().await.unwrap(), json!({"error": "Couldn't authenticate you"}));
    let wrong = client().get(&url).basic_auth(format!("{}/token", agent(&sb)), Some("nope")).send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let customer = client().get(&url).basic_auth("someone@mail.example/token", Some(&sb.token)).send().await.unwrap();
    assert_eq!(customer.status(), 401);
    // the e-mail picks the acting agent
    let (s, me) = get(&sb, &agent(&sb), "/api/v2/users/me").await;
    assert_eq!(s, 200);
    assert_eq!(me["user"]["email"], json!(agent(&sb)));
    assert_eq!(me["user"]["role"], "agent");
    let bearer = client().get(&url).bearer_auth(&sb.token).send().await.unwrap();
    assert_eq!(bearer.json::<Value>().await.unwrap()["user"]["role"], "admin");
    // rate-limit headers on every answer
    let r = client().get(&url).bearer_auth(&sb.token).send().await.unwrap();
    assert!(r.headers().contains_key("x-rate-limit"));
    assert!(r.headers().contains_key("x-rate-limit-remaining"));
    sb.stop().await;
}

#[tokio::test]
async fn users_groups_and_organizations() {
    let sb = start(SandboxOptions::default()).await;
    let a = agent(&sb);
    let (_, agents) = get(&sb, &a, "/api/v2/users.json?role[]=agent&role[]=admin").await;
    let list = agents["users"].as_array().unwrap();
    assert!(list.len() >= 8, "at least 8 agents, got {}", list.len());
    assert!(list.iter().all(|u| u["role"] == "agent" || u["role"] == "admin"));
    let (_, t) = get(&sb, &a, "/api/v2/tickets/1.json").await;
    let rid = t["ticket"]["requester_id"].as_i64().unwrap();
    let (s, u) = get(&sb, &a, &format!("/api/v2/users/{rid}")).await;
    assert_eq!(s, 200);
    assert_eq!(u["user"]["role"], "end-user");
    let (_, many) = get(&sb, &a, &format!("/api/v2/users/show_many.json?ids={rid},{}", list[0]["id"])).await;
    assert_eq!(many["users"].as_array().unwrap().len(), 2);
    let (_, req) = get(&sb, &a, &format!("/api/v2/users/{rid}/tickets/requested.json")).await;
    assert!(req["tickets"].as_array().unwrap().iter().all(|t| t["requester_id"] == json!(rid)));
    assert!(req["count"].as_i64().unwrap() >= 1);
    let (_, groups) = get(&sb, &a, "/api/v2/groups.json").await;
    let names: Vec<&str> = groups["groups"].as_array().unwrap().iter().filter_map(|g| g["name"].as_str()).collect();
    for want in ["Tier 1", "Tier 2 escalations", "Billing", "Returns & logistics"] {
        assert!(names.contains(&want), "group {want} in {names:?}");
    }
    let (_, orgs) = get(&sb, &a, "/api/v2/organizations.json").await;
    assert!(orgs["organizations"].as_array().unwrap().len() >= 3);
    let (s, _) = get(&sb, &a, "/api/v2/users/999999999").await;
    assert_eq!(s, 404);
    sb.stop().await;
}

#[tokio::test]
async fn tickets_comments_sideloads_and_404() {
    let sb = start(SandboxOptions::default()).await;
    let a = agent(&sb);
    let (s, body) = get(&sb, &a, "/api/v2/tickets/5?include=users,groups,slas").await;
    assert_eq!(s, 200);
    assert_eq!(body["ticket"]["id"], 5);
    assert!(body["ticket"]["via"]["channel"].is_string());
    assert!(body["ticket"]["slas"]["policy_metrics"].is_array());
    assert!(!body["users"].as_array().unwrap().is_empty());
    let (_, many) = get(&sb, &a, "/api/v2/tickets/show_many?ids=1,2,3").await;
    assert_eq!(many["tickets"].as_array().unwrap().len(), 3);
    let (_, comments) = get(&sb, &a, "/api/v2/tickets/5/comments.json?include=users").await;
    let list = comments["comments"].as_array().unwrap();
    assert!(!list.is_empty());
    assert_eq!(list[0]["body"], body["ticket"]["description"]);
    assert!(list.iter().all(|c| c["public"].is_boolean() && c["author_id"].is_number()));
    let (s, nf) = get(&sb, &a, "/api/v2/tickets/999999").await;
    assert_eq!(s, 404);
    assert_eq!(nf["error"], "RecordNotFound");
    let (s, _) = get(&sb, &a, "/api/v2/no/such/endpoint").await;
    assert_eq!(s, 404);
    let (_, metric) = get(&sb, &a, "/api/v2/tickets/5/metrics").await;
    assert_eq!(metric["ticket_metric"]["ticket_id"], 5);
    let (_, metrics) = get(&sb, &a, "/api/v2/ticket_metrics.json?page[size]=10").await;
    assert_eq!(metrics["ticket_metrics"].as_array().unwrap().len(), 10);
    sb.stop().await;
}

#[tokio::test]
async fn the_data_reads_like_an_online_shop() {
    let sb = start(SandboxOptions::default()).await;
    let a = agent(&sb);
    let mut channels = std::collections::BTreeSet::new();
    let mut html = 0;
    let mut next = Some(format!("{}/api/v2/tickets.json?page[size]=100", sb.url));
    let mut seen = 0;
    while let Some(url) = next {
        let page: Value = client()
            .get(&url)
            .basic_auth(format!("{a}/token"), Some(&sb.token))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for t in page["tickets"].as_array().unwrap() {
            channels.insert(t["via"]["channel"].as_str().unwrap().to_string());
            seen += 1;
        }
        next = page["links"]["next"].as_str().map(String::from).filter(|_| page["meta"]["has_more"] == true);
    }
    assert_eq!(seen, 300, "cursor pagination reaches every ticket exactly once");
    for c in ["email", "web", "chat", "native_messaging", "twitter", "facebook", "voice", "api"] {
        assert!(channels.contains(c), "channel {c} seeded: {channels:?}");
    }
    for id in 1..=40 {
        let (_, c) = get(&sb, &a, &format!("/api/v2/tickets/{id}/comments")).await;
        html += c["comments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["html_body"].as_str().unwrap_or("").contains("<a href"))
            .count();
    }
    assert!(html > 0, "some e-mails are HTML");
    let (_, macros) = get(&sb, &a, "/api/v2/macros/active.json").await;
    let macros = macros["macros"].as_array().unwrap();
    assert!(macros.len() >= 10);
    assert!(macros.iter().any(|m| m["actions"].to_string().contains("{{ticket.requester.first_name}}")));
    let (_, sla) = get(&sb, &a, "/api/v2/slas/policies.json").await;
    assert_eq!(sla["sla_policies"].as_array().unwrap().len(), 4);
    // some SLAs breached, some still running
    let (_, open) = get(&sb, &a, "/api/v2/views/405/tickets.json?include=slas&per_page=100").await;
    let now = chrono::DateTime::from_timestamp(frontline_clock::system().now(), 0).unwrap();
    let breach: Vec<chrono::DateTime<chrono::Utc>> = open["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["slas"]["policy_metrics"].as_array().cloned().unwrap_or_default())
        .filter_map(|m| m["breach_at"].as_str().and_then(|s| s.parse().ok()))
        .collect();
    assert!(breach.iter().any(|b| *b < now) && breach.iter().any(|b| *b > now), "mixed SLA state: {breach:?}");
    sb.stop().await;
}

#[tokio::test]
async fn same_seed_same_data() {
    let a = start(SandboxOptions { tickets: 40, seed: 7, ..Default::default() }).await;
    let b = start(SandboxOptions { tickets: 40, seed: 7, ..Default::default() }).await;
    let c = start(SandboxOptions { tickets: 40, seed: 8, ..Default::default() }).await;
    let subjects = |v: Value| {
        v["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["subject"].clone(), t["requester_id"].clone(), t["status"].clone()))
            .collect::<Vec<_>>()
    };
    let (_, ta) = get(&a, &agent(&a), "/api/v2/tickets.json").await;
    let (_, tb) = get(&b, &agent(&b), "/api/v2/tickets.json").await;
    let (_, tc) = get(&c, &agent(&c), "/api/v2/tickets.json").await;
    assert_eq!(subjects(ta.clone()), subjects(tb));
    assert_ne!(subjects(ta), subjects(tc));
    for s in [a, b, c] {
        s.stop().await;
    }
}

#[tokio::test]
async fn views_counts_and_search() {
    let sb = start(SandboxOptions::default()).await;
    let a = agent(&sb);
    let (_, views) = get(&sb, &a, "/api/v2/views/active").await;
    let titles: Vec<String> =
        views["views"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap().to_string()).collect();
    for want in ["Unassigned", "My open tickets", "Urgent", "Pending", "Recently solved", "All open"] {
        assert!(titles.contains(&want.to_string()), "{want} in {titles:?}");
    }
    let (_, unassigned) = get(&sb, &a, "/api/v2/views/401/tickets?per_page=100").await;
    assert!(
        unassigned["tickets"].as_array().unwrap().iter().all(|t| t["assignee_id"].is_null() && t["status"] != "solved")
    );
    let (_, counts) = get(&sb, &a, "/api/v2/views/count_many?ids=401,405").await;
    let counts = counts["view_counts"].as_array().unwrap();
    assert_eq!(counts.len(), 2);
    assert_eq!(counts[0]["value"], unassigned["count"]);
    let (_, c) =
        get(&sb, &a, "/api/v2/search/count.json?query=type%3Aticket%20status%3Csolved%20assignee%3Anone").await;
    assert_eq!(c["count"], counts[0]["value"]);
    let (_, s) = get(&sb, &a, "/api/v2/search.json?query=type%3Aticket%20priority%3Aurgent%20status%3Csolved").await;
    let results = s["results"].as_array().unwrap();
    assert!(results.iter().all(|t| t["priority"] == "urgent" && t["result_type"] == "ticket"));
    assert_eq!(results.len() as i64, s["count"].as_i64().unwrap().min(100));
    let (_, mine) = get(&sb, &a, "/api/v2/search/count?query=assignee%3Ame").await;
    let (_, me) = get(&sb, &a, "/api/v2/users/me").await;
    let (_, mine_by_id) = get(&sb, &a, &format!("/api/v2/search/count?query=assignee%3A{}", me["user"]["id"])).await;
    assert_eq!(mine, mine_by_id);
    let (_, upd) = get(&sb, &a, "/api/v2/search/count?query=updated%3E2hours").await;
    assert!(upd["count"].is_number());
    let (s, e) = get(&sb, &a, "/api/v2/search/count?query=status%3Adone").await;
    assert_eq!(s, 400);
    assert!(e["description"].as_str().unwrap().contains("done"));
    sb.stop().await;
}

#[tokio::test]
async fn offset_pagination_to_the_end() {
    let sb = start(SandboxOptions { tickets: 130, ..Default::default() }).await;
    let a = agent(&sb);
    let mut url = Some(format!("{}/api/v2/tickets.json?per_page=50", sb.url));
    let mut ids = Vec::new();
    while let Some(u) = url {
        let page: Value = client()
            .get(&u)
            .basic_auth(format!("{a}/token"), Some(&sb.token))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page["count"], 130);
        ids.extend(page["tickets"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()));
        url = page["next_page"].as_str().map(String::from);
    }
    assert_eq!(ids, (1..=130).collect::<Vec<_>>());
    // and backwards with page[before]
    let (_, p1) = get(&sb, &a, "/api/v2/tickets?page[size]=50").await;
    let after = p1["meta"]["after_cursor"].as_str().unwrap().to_string();
    let (_, p2) = get(&sb, &a, &format!("/api/v2/tickets?page[size]=50&page[after]={after}")).await;
    let before = p2["meta"]["before_cursor"].as_str().unwrap().to_string();
    let (_, back) = get(&sb, &a, &format!("/api/v2/tickets?page[size]=50&page[before]={before}")).await;
    assert_eq!(back["tickets"], p1["tickets"]);
    sb.stop().await;
}

#[tokio::test]
async fn updates_conflicts_and_validation() {
    let sb = start(SandboxOptions::default()).await;
    let a = agent(&sb);
    let (_, t) = get(&sb, &a, "/api/v2/views/401/tickets").await;
    let ticket = t["tickets"][0].clone();
    let id = ticket["id"].as_i64().unwrap();
    let stamp = ticket["updated_at"].clone();
    let (_, me) = get(&sb, &a, "/api/v2/users/me").await;
    let my_id = me["user"]["id"].clone();
    let (s, r) = put(
        &sb,
        &a,
        &format!("/api/v2/tickets/{id}.json"),
        json!({"ticket": {
        "assignee_id": my_id, "priority": "high", "additional_tags": ["vip_check"],
        "comment": {"body": "Hi! Looking into this now.", "public": true},
        "safe_update": true, "updated_stamp": stamp}}),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["ticket"]["assignee_id"], my_id);
    assert_eq!(r["ticket"]["status"], "open", "an agent's update opens a new ticket");
    assert!(r["ticket"]["tags"].as_array().unwrap().contains(&json!("vip_check")));
    assert_ne!(r["ticket"]["updated_at"], stamp);
    assert!(r["audit"]["events"].as_array().unwrap().iter().any(|e| e["type"] == "Comment"));
    // first reply recorded, authored by the acting agent
    let (_, m) = get(&sb, &a, &format!("/api/v2/tickets/{id}/metrics")).await;
    assert!(m["ticket_metric"]["reply_time_in_minutes"]["calendar"].is_number());
    let (_, c) = get(&sb, &a, &format!("/api/v2/tickets/{id}/comments?sort_order=desc")).await;
    assert_eq!(c["comments"][0]["author_id"], my_id);
    assert_eq!(c["comments"][0]["body"], "Hi! Looking into this now.");
    // the same stale stamp is now a conflict, and nothing is applied
    let (s, r) = put(
        &sb,
        &a,
        &format!("/api/v2/tickets/{id}"),
        json!({"ticket": {"status": "solved", "safe_update": true, "updated_stamp": stamp}}),
    )
    .await;
    assert_eq!(s, 409);
    assert_eq!(r["error"], "UpdateConflict");
    let (_, after) = get(&sb, &a, &format!("/api/v2/tickets/{id}")).await;
    assert_eq!(after["ticket"]["status"], "open");
    // internal note
    let (_, _) = put(
        &sb,
        &a,
        &format!("/api/v2/tickets/{id}"),
        json!({"ticket": {"comment": {"body": "Checked the carrier.", "public": false}}}),
    )
    .await;
    let (_, c) = get(&sb, &a, &format!("/api/v2/tickets/{id}/comments?sort_order=desc")).await;
    assert_eq!(c["comments"][0]["public"], false);
    // 422s name the field
    let (s, r) = put(&sb, &a, &format!("/api/v2/tickets/{id}"), json!({"ticket": {"status": "finished"}})).await;
    assert_eq!(s, 422);
    assert!(r["details"]["status"].is_array());
    let (s, _) = put(&sb, &a, &format!("/api/v2/tickets/{id}"), json!({"ticket": {"comment": {"body": "   "}}})).await;
    assert_eq!(s, 422);
    let (s, _) = put(&sb, &a, &format!("/api/v2/tickets/{id}"), json!({"ticket": {"assignee_id": 20001}})).await;
    assert_eq!(s, 422, "a customer cannot be the assignee");
    let (s, _) = put(&sb, &a, "/api/v2/tickets/999999", json!({"ticket": {"status": "open"}})).await;
    assert_eq!(s, 404);
    let raw = client()
        .put(format!("{}/api/v2/tickets/{id}", sb.url))
        .basic_auth(format!("{a}/token"), Some(&sb.token))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    sb.stop().await;
}

#[tokio::test]
async fn update_many_and_job_status() {
    let sb = start(SandboxOptions::default()).await;
    let a = agent(&sb);
    let (s, r) =
        put(&sb, &a, "/api/v2/tickets/update_many.json?ids=1,2,3", json!({"ticket": {"priority": "urgent"}})).await;
    assert_eq!(s, 200);
    let job = &r["job_status"];
    assert_eq!(job["status"], "completed");
    let (_, again) = get(&sb, &a, &format!("/api/v2/job_statuses/{}", job["id"].as_str().unwrap())).await;
    assert_eq!(again["job_status"]["id"], job["id"]);
    let (_, many) = get(&sb, &a, "/api/v2/tickets/show_many?ids=1,2,3").await;
    for t in many["tickets"].as_array().unwrap() {
        if t["status"] != "closed" {
            assert_eq!(t["priority"], "urgent");
        }
    }
    sb.stop().await;
}

#[tokio::test]
async fn macros_preview_with_placeholders() {
    let sb = start(SandboxOptions::default()).await;
    let a = agent(&sb);
    let (_, me) = get(&sb, &a, "/api/v2/users/me").await;
    let (_, t) = get(&sb, &a, "/api/v2/tickets/3").await;
    let (_, requester) = get(&sb, &a, &format!("/api/v2/users/{}", t["ticket"]["requester_id"])).await;
    let first = requester["user"]["name"].as_str().unwrap().split(' ').next().unwrap().to_string();
    let (_, plain) = get(&sb, &a, "/api/v2/macros/501/apply.json").await;
    assert_eq!(plain["result"]["ticket"]["status"], "pending");
    assert!(plain["result"]["comment"]["body"].as_str().unwrap().contains("{{ticket.requester.first_name}}"));
    let (_, r) = get(&sb, &a, "/api/v2/tickets/3/macros/501/apply.json").await;
    let body = r["result"]["comment"]["body"].as_str().unwrap();
    assert!(body.contains(&format!("Hi {first},")), "{body}");
    assert!(body.contains("{{order.tracking_number}}"), "order placeholders are the console's to fill: {body}");
    assert!(body.contains(me["user"]["name"].as_str().unwrap()));
    assert_eq!(r["result"]["ticket"]["status"], "pending");
    // previewing changed nothing
    let (_, still) = get(&sb, &a, "/api/v2/tickets/3").await;
    assert_eq!(still["ticket"]["updated_at"], t["ticket"]["updated_at"]);
    sb.stop().await;
}

#[tokio::test]
async fn admin_only_endpoints_answer_403_to_agents() {
    let sb = start(SandboxOptions::default()).await;
    let a = agent(&sb);
    let (s, e) = get(&sb, &a, "/api/v2/satisfaction_ratings.json").await;
    assert_eq!(s, 403);
    assert_eq!(e["error"], "Forbidden");
    let (s, _) = get(&sb, &a, "/api/v2/incremental/tickets/cursor.json?start_time=0").await;
    assert_eq!(s, 403);
    let admin = sb.admin_email.clone();
    let (s, r) = get(&sb, &admin, "/api/v2/satisfaction_ratings.json?score=bad").await;
    assert_eq!(s, 200);
    assert!(r["satisfaction_ratings"].as_array().unwrap().iter().all(|x| x["score"] == "bad"));
    // incremental export to the end of the stream, then a change shows up after the cursor
    let mut url = "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=100".to_string();
    let mut total = 0;
    let cursor = loop {
        let (_, page) = get(&sb, &admin, &url).await;
        total += page["tickets"].as_array().unwrap().len();
        let c = page["after_cursor"].as_str().unwrap().to_string();
        if page["end_of_stream"] == true {
            break c;
        }
        url = format!("/api/v2/incremental/tickets/cursor.json?cursor={c}&per_page=100");
    };
    assert_eq!(total, 300);
    put(&sb, &admin, "/api/v2/tickets/7", json!({"ticket": {"comment": {"body": "note", "public": false}}})).await;
    let (_, delta) = get(&sb, &admin, &format!("/api/v2/incremental/tickets/cursor.json?cursor={cursor}")).await;
    let ids: Vec<i64> = delta["tickets"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&7), "changed ticket in the delta: {ids:?}");
    sb.stop().await;
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let sb = start(SandboxOptions { rate_limit: Some(5), tickets: 20, ..Default::default() }).await;
    let a = agent(&sb);
    let mut statuses = Vec::new();
    let mut retry = None;
    for _ in 0..8 {
        let r = client()
            .get(format!("{}/api/v2/users/me", sb.url))
            .basic_auth(format!("{a}/token"), Some(&sb.token))
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
        if r.status() == 429 {
            retry = r.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u32>().ok());
        }
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    assert!(retry.is_some_and(|r| (1..=60).contains(&r)));
    assert_eq!(sb.requests().len(), 8, "the request log sees every request");
    sb.stop().await;
}

#[tokio::test]
async fn changes_survive_a_restart_on_the_same_db() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keep.db");
    let sb = start(SandboxOptions { db: Some(db.clone()), tickets: 30, ..Default::default() }).await;
    let a = agent(&sb);
    let (s, _) = put(
        &sb,
        &a,
        "/api/v2/tickets/4",
        json!({"ticket": {"comment": {"body": "Remember me after a restart", "public": true}, "priority": "urgent"}}),
    )
    .await;
    assert_eq!(s, 200);
    sb.stop().await;
    let again = start(SandboxOptions { db: Some(db.clone()), tickets: 999, ..Default::default() }).await;
    let (_, t) = get(&again, &a, "/api/v2/tickets/4").await;
    let (_, c) = get(&again, &a, "/api/v2/tickets/4/comments").await;
    let (_, all) = get(&again, &a, "/api/v2/tickets?per_page=1").await;
    assert_eq!(all["count"], 30, "an existing database is not seeded again");
    if t["ticket"]["status"] != "closed" {
        assert_eq!(t["ticket"]["priority"], "urgent");
        assert!(c["comments"].as_array().unwrap().iter().any(|c| c["body"] == "Remember me after a restart"));
    }
    again.stop().await;
}

#[tokio::test]
async fn live_traffic_moves_the_queue() {
    let sb = start(SandboxOptions { tickets: 30, traffic_per_min: 1200.0, ..Default::default() }).await;
    let a = agent(&sb);
    let (_, before) = get(&sb, &a, "/api/v2/tickets?per_page=1").await;
    // 20 events a second: wait (at most 10 s) until the helpdesk shows one
    let deadline = frontline_clock::monotonic() + std::time::Duration::from_secs(10);
    let mut ticks = tokio::time::interval(std::time::Duration::from_millis(50));
    loop {
        ticks.tick().await;
        let (_, after) = get(&sb, &a, "/api/v2/search/count?query=updated%3E2minutes").await;
        let (_, all) = get(&sb, &a, "/api/v2/tickets?per_page=1").await;
        if after["count"].as_i64().unwrap() > 0 || all["count"].as_i64() > before["count"].as_i64() {
            break;
        }
        assert!(frontline_clock::monotonic() < deadline, "traffic made no change in 10 s");
    }
    sb.stop().await;
}

#[tokio::test]
async fn json_suffix_is_optional_and_create_works() {
    let sb = start(SandboxOptions { tickets: 10, ..Default::default() }).await;
    let a = agent(&sb);
    let (_, x) = get(&sb, &a, "/api/v2/groups").await;
    let (_, y) = get(&sb, &a, "/api/v2/groups.json").await;
    assert_eq!(x, y);
    let r = client().post(format!("{}/api/v2/tickets.json", sb.url)).basic_auth(format!("{a}/token"), Some(&sb.token))
        .json(&json!({"ticket": {"subject": "Phone order", "comment": {"body": "Customer called about a gift card."}, "requester": {"name": "Ana Lima", "email": "ana@mail.example"}}}))
        .send().await.unwrap();
    assert_eq!(r.status(), 201);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["ticket"]["status"], "new");
    assert_eq!(t["ticket"]["id"], 11);
    sb.stop().await;
}

#[tokio::test]
async fn search_by_requester_and_group_and_more_sideloads() {
    let sb = start(SandboxOptions::default()).await;
    let a = agent(&sb);
    let (_, t) = get(&sb, &a, "/api/v2/tickets/9.json").await;
    let rid = t["ticket"]["requester_id"].as_i64().unwrap();
    let (_, by_req) = get(&sb, &a, &format!("/api/v2/search.json?query=requester%3A{rid}")).await;
    assert!(by_req["results"].as_array().unwrap().iter().all(|t| t["requester_id"] == json!(rid)));
    assert!(by_req["count"].as_i64().unwrap() >= 1);
    let (_, user) = get(&sb, &a, &format!("/api/v2/users/{rid}")).await;
    let email = user["user"]["email"].as_str().unwrap();
    let (_, by_email) = get(&sb, &a, &format!("/api/v2/search/count.json?query=requester%3A{email}")).await;
    assert_eq!(by_email["count"], by_req["count"]);
    let (_, billing) = get(&sb, &a, "/api/v2/search.json?query=group%3ABilling%20status%3Csolved").await;
    assert!(billing["results"].as_array().unwrap().iter().all(|t| t["group_id"] == 203));
    let (_, none) = get(&sb, &a, "/api/v2/search/count.json?query=group%3Anone").await;
    assert_eq!(none["count"], 0);
    let (_, tagged) = get(&sb, &a, "/api/v2/search.json?query=tags%3Awhatsapp").await;
    assert!(tagged["results"].as_array().unwrap().iter().all(|t| t["via"]["channel"] == "native_messaging"));
    let (_, with) = get(&sb, &a, "/api/v2/tickets.json?per_page=5&include=metric_sets,organizations,groups").await;
    assert_eq!(with["metric_sets"].as_array().unwrap().len(), 5);
    assert!(with["metric_sets"][0]["reply_time_in_minutes"].is_object());
    assert!(with["groups"].is_array() && with["organizations"].is_array());
    let (_, count) = get(&sb, &a, "/api/v2/views/404/count.json").await;
    let (_, pending) = get(&sb, &a, "/api/v2/search/count.json?query=status%3Apending").await;
    assert_eq!(count["view_count"]["value"], pending["count"]);
    sb.stop().await;
}

#[tokio::test]
async fn html_comments_and_group_and_tag_changes() {
    let sb = start(SandboxOptions::default()).await;
    let a = agent(&sb);
    let (_, t) = get(&sb, &a, "/api/v2/views/405/tickets.json").await;
    let id = t["tickets"][0]["id"].as_i64().unwrap();
    // a group the ticket is not in yet, so the change shows in the audit
    let group = if t["tickets"][0]["group_id"] == 203 { 204 } else { 203 };
    let (s, r) = put(
        &sb,
        &a,
        &format!("/api/v2/tickets/{id}"),
        json!({"ticket": {
        "comment": {"html_body": "<p>Your <b>refund</b> is on its way</p>", "public": true},
        "group_id": group, "tags": ["refund_missing", "escalated"], "status": "pending"}}),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["ticket"]["group_id"], group);
    assert_eq!(r["ticket"]["tags"], json!(["refund_missing", "escalated"]));
    assert_eq!(r["ticket"]["status"], "pending");
    let (_, c) = get(&sb, &a, &format!("/api/v2/tickets/{id}/comments?sort_order=desc")).await;
    assert_eq!(c["comments"][0]["body"], "Your refund is on its way");
    assert!(c["comments"][0]["html_body"].as_str().unwrap().contains("<b>refund</b>"));
    let (_, audits) = get(&sb, &a, &format!("/api/v2/tickets/{id}/audits")).await;
    let events = audits["audits"].as_array().unwrap().last().unwrap()["events"].clone();
    assert!(events.as_array().unwrap().iter().any(|e| e["field_name"] == "group_id" && e["value"] == group));
    let (s, _) = put(&sb, &a, &format!("/api/v2/tickets/{id}"), json!({"ticket": {"group_id": 999}})).await;
    assert_eq!(s, 422);
    sb.stop().await;
}

#[tokio::test]
async fn the_sandbox_runs_on_the_clock_it_is_given() {
    // 2026-09-21 14:13:20 UTC, whatever the machine's clock says
    let clock = frontline_clock::FixedClock::at(1_790_000_000);
    let sb = start(SandboxOptions { tickets: 20, clock: clock.clone(), ..Default::default() }).await;
    let (_, page) = get(&sb, &agent(&sb), "/api/v2/tickets?sort_by=created_at&sort_order=desc").await;
    let newest = page["tickets"][0]["created_at"].as_str().unwrap().to_string();
    assert!(newest.as_str() <= "2026-09-21T14:13:20Z", "seeded before the clock's time: {newest}");
    let open = page["tickets"].as_array().unwrap().iter().find(|t| t["status"] != "closed").unwrap();
    let id = open["id"].as_u64().unwrap();
    clock.advance(3600);
    let (s, body) =
        put(&sb, &agent(&sb), &format!("/api/v2/tickets/{id}"), json!({"ticket": {"priority": "high"}})).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["ticket"]["updated_at"], "2026-09-21T15:13:20Z", "a write is stamped with the clock's time");
    let log = sb.requests();
    assert_eq!(log.last().map(|r| r.at), Some(1_790_003_600), "the request log too");
}

#[tokio::test]
async fn merge_refuses_closed_tickets_the_target_itself_and_more_than_five() {
    let sb = start(SandboxOptions { tickets: 40, ..Default::default() }).await;
    let post = |path: String, body: Value| {
        let sb = &sb;
        async move {
            let r = client()
                .post(format!("{}{path}", sb.url))
                .basic_auth(format!("{}/token", agent(sb)), Some(&sb.token))
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (_, open) = get(&sb, &agent(&sb), "/api/v2/views/405/tickets.json").await;
    let ids: Vec<u64> = open["tickets"].as_array().unwrap().iter().map(|t| t["id"].as_u64().unwrap()).take(8).collect();
    let (status, _) = post(format!("/api/v2/tickets/{}/merge.json", ids[0]), json!({"ids": [ids[0]]})).await;
    assert_eq!(status, 400, "not into itself");
    let (status, _) = post(format!("/api/v2/tickets/{}/merge.json", ids[0]), json!({"ids": &ids[1..7]})).await;
    assert_eq!(status, 400, "at most five at once");
    let (status, job) = post(format!("/api/v2/tickets/{}/merge", ids[0]), json!({"ids": [ids[1]]})).await;
    assert_eq!((status, job["job_status"]["status"].as_str()), (200, Some("completed")), "{job}");
    let (status, body) = post(format!("/api/v2/tickets/{}/merge", ids[2]), json!({"ids": [ids[1]]})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains(&format!("Ticket #{} is closed", ids[1])), "{body}");
    sb.stop().await;
}

#[tokio::test]
async fn the_order_number_field_is_listed_filled_from_the_ticket_and_set_by_an_update() {
    let sb = start(SandboxOptions { tickets: 60, ..Default::default() }).await;
    let (status, fields) = get(&sb, &agent(&sb), "/api/v2/ticket_fields.json").await;
    assert_eq!(status, 200);
    let order_field =
        fields["ticket_fields"].as_array().unwrap().iter().find(|f| f["title"] == "Order number").cloned();
    let id = order_field.expect("an Order number field")["id"].as_i64().unwrap();
    let (_, one) = get(&sb, &agent(&sb), &format!("/api/v2/ticket_fields/{id}")).await;
    assert_eq!(one["ticket_field"]["type"], "text");
    // every ticket whose subject or first message names an order carries it in the field
    let (_, list) = get(&sb, &agent(&sb), "/api/v2/tickets.json?per_page=60").await;
    let mut named = 0;
    for t in list["tickets"].as_array().unwrap() {
        let text = format!("{} {}", t["subject"].as_str().unwrap(), t["description"].as_str().unwrap());
        let field = t["custom_fields"].as_array().unwrap().iter().find(|f| f["id"] == id).unwrap()["value"].clone();
        let wanted = text.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| w.len() == 8 && w.starts_with("NW"));
        assert_eq!(field.as_str(), wanted, "#{}: {text}", t["id"]);
        assert_eq!(t["fields"], t["custom_fields"]);
        named += usize::from(wanted.is_some());
    }
    assert!(named > 20, "most tickets name their order: {named}");
    // an agent sets it; a value that is not an order number is refused in words
    let path = "/api/v2/tickets/1.json";
    let (status, _) =
        put(&sb, &agent(&sb), path, json!({"ticket": {"custom_fields": [{"id": id, "value": "NW999111"}]}})).await;
    assert_eq!(status, 200);
    let (_, t) = get(&sb, &agent(&sb), path).await;
    assert_eq!(t["ticket"]["custom_fields"][0]["value"], "NW999111");
    let (status, body) =
        put(&sb, &agent(&sb), path, json!({"ticket": {"custom_fields": [{"id": id, "value": "soon"}]}})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("not an order number"), "{body}");
    sb.stop().await;
}

#[tokio::test]
async fn damaged_parcels_come_with_a_photo_and_invoice_threads_with_a_pdf_served_with_auth() {
    let sb = start(SandboxOptions { tickets: 120, ..Default::default() }).await;
    let me = agent(&sb);
    let (_, found) = get(&sb, &me, "/api/v2/search.json?query=type:ticket%20tags:damaged_item").await;
    let damaged = found["results"][0]["id"].as_u64().expect("a damaged-item ticket");
    let (_, comments) = get(&sb, &me, &format!("/api/v2/tickets/{damaged}/comments.json")).await;
    let photo = comments["comments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["attachments"].as_array().unwrap().clone())
        .next()
        .expect("the customer's photo");
    assert_eq!(
        (photo["file_name"].as_str(), photo["content_type"].as_str()),
        (Some("parcel-photo.png"), Some("image/png"))
    );
    let url = photo["content_url"].as_str().unwrap();
    assert!(url.starts_with(&sb.url), "an address whole: {url}");
    // the bytes with the API's auth, a real PNG of the size the comment says; none without it
    let r = client().get(url).basic_auth(format!("{me}/token"), Some(&sb.token)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(bytes.len() as u64, photo["size"].as_u64().unwrap());
    assert_eq!(client().get(url).send().await.unwrap().status(), 401);
    // an invoice thread: the agent's reply carries the PDF
    let (_, found) = get(&sb, &me, "/api/v2/search.json?query=type:ticket%20tags:invoice_request").await;
    let with_pdf = futures::future::join_all(found["results"].as_array().unwrap().iter().map(|t| {
        let (sb, me) = (&sb, &me);
        async move {
            let id = t["id"].as_u64().unwrap();
            get(sb, me, &format!("/api/v2/tickets/{id}/comments.json")).await.1["comments"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|c| c["attachments"].as_array().unwrap().clone())
                .find(|a| a["content_type"] == "application/pdf")
        }
    }))
    .await;
    let pdf = with_pdf.into_iter().flatten().next().expect("an invoice thread with its PDF (one the agent answered)");
    let r = client()
        .get(pdf["content_url"].as_str().unwrap())
        .basic_auth(format!("{me}/token"), Some(&sb.token))
        .send()
        .await
        .unwrap();
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-1.4"));
}
