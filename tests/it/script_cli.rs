//! The scripting commands as a user runs them: the binary against a sandbox, output (table
//! and JSON) and exit codes, including the error paths.

use crate::support;

use frontline_sandbox::{self as sandbox, SandboxHandle, SandboxOptions};
use serde_json::Value;
use std::path::PathBuf;
use support::api;

struct Run {
    code: i32,
    out: String,
    err: String,
}

async fn run(config: &PathBuf, args: &[&str], stdin: Option<&str>) -> Run {
    use tokio::io::AsyncWriteExt;
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_frontline"));
    cmd.arg("--config").arg(config).args(args).env("XDG_DATA_HOME", config.parent().unwrap().join("data"));
    cmd.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).await.unwrap();
    } else {
        drop(child.stdin.take());
    }
    let o = child.wait_with_output().await.unwrap();
    Run {
        code: o.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&o.stdout).into(),
        err: String::from_utf8_lossy(&o.stderr).into(),
    }
}

fn config(sb: &SandboxHandle, token: &str, extra: &str) -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("{extra}\n[profiles.sb]\nbackend = \"zendesk\"\nurl = \"{}\"\nemail = \"{}\"\ntoken_command = [\"echo\", \"{token}\"]\n", sb.url, sb.agent_emails[0])).unwrap();
    path
}

async fn sandbox() -> SandboxHandle {
    sandbox::start(SandboxOptions { tickets: 60, token: Some("script-token".into()), ..Default::default() })
        .await
        .unwrap()
}

/// The first ticket (of the helpdesk's first page) tagged `tag` that names an order in a custom
/// field and is in a status `fits` accepts.
fn naming_order<'a>(tickets: &'a Value, tag: &str, fits: impl Fn(&str) -> bool) -> &'a Value {
    tickets["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["tags"].as_array().unwrap().iter().any(|g| g == tag)
                && t["custom_fields"].as_array().unwrap().iter().any(|f| f["value"].is_string())
                && fits(t["status"].as_str().unwrap_or(""))
        })
        .unwrap_or_else(|| panic!("a {tag} ticket naming its order"))
}

#[tokio::test]
async fn check_reports_each_step_and_fails_with_the_right_code() {
    let sb = sandbox().await;
    let good = config(&sb, "script-token", "");
    let r = run(&good, &["check"], None).await;
    assert_eq!(r.code, 0, "{} {}", r.out, r.err);
    for step in [
        "✓ config",
        "✓ profile",
        "✓ token",
        "✓ sign in",
        "✓ views: 8 active, 8 polled with one request",
        "✓ API budget: the account may make 700 requests a minute",
        "one console costs about 5 requests a minute while its view is busy, 4 while it is quiet and 1 once slowed down: 70 busy consoles fit in half of it",
    ] {
        assert!(r.out.contains(step), "{step} in {}", r.out);
    }
    assert!(!r.out.contains("script-token"), "the token is never printed");
    assert!(!r.out.contains("time tracking"), "time tracking is checked only when it is on");
    // on, the sandbox's Time Tracking fields are found; fields named that the account does not
    // have are no failure (the console works without), but said with the fix
    let timed = config(&sb, "script-token", "[time_tracking]\nenabled = true");
    let r = run(&timed, &["check"], None).await;
    assert_eq!(r.code, 0, "{} {}", r.out, r.err);
    assert!(
        r.out
            .contains("✓ time tracking: records to Zendesk's Time Tracking fields (ids 360000100002 and 360000100003)"),
        "{}",
        r.out
    );
    let bad = config(&sb, "nope", "");
    let r = run(&bad, &["check"], None).await;
    assert_eq!(r.code, 3);
    assert!(r.out.contains("✗ sign in: token rejected for"), "{}", r.out);
    let r = run(&PathBuf::from("/nonexistent/frontline.toml"), &["check"], None).await;
    assert_eq!(r.code, 2);
    assert!(r.out.contains("✗ config"), "{}", r.out);
    let broken = config(&sb, "x", "theme = ");
    let r = run(&broken, &["queue"], None).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("line 1"), "{}", r.err);
    sb.stop().await;
}

#[tokio::test]
async fn queue_as_table_and_json_lines_with_filters() {
    let sb = sandbox().await;
    let cfg = config(&sb, "script-token", "");
    let r = run(&cfg, &["queue", "--view", "All open", "--limit", "500"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let lines: Vec<&str> = r.out.lines().collect();
    assert!(lines[0].starts_with('#') && lines[0].contains("subject"));
    let unsolved = api(&sb, "/api/v2/search/count.json?query=status%3Csolved").await["count"].as_u64().unwrap();
    assert_eq!(lines.len() as u64 - 1, unsolved, "every ticket of the view, one per row");
    let col = lines[0].find("requester").unwrap();
    for l in &lines[1..] {
        let before: String = l.chars().take_while(|_| true).collect();
        assert!(frontline_model::text::width(&before) >= col, "rows are aligned");
    }
    let r = run(&cfg, &["queue", "--view", "all open", "--status", "pending", "--json"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let rows: Vec<Value> = r.out.lines().map(|l| serde_json::from_str(l).expect("JSON lines")).collect();
    assert!(!rows.is_empty());
    for t in &rows {
        assert_eq!(t["status"], "pending");
        for key in [
            "id",
            "subject",
            "priority",
            "channel",
            "requester",
            "assignee",
            "group",
            "tags",
            "created_at",
            "updated_at",
            "sla",
        ] {
            assert!(t.get(key).is_some(), "field {key} in {t}");
        }
    }
    let r = run(&cfg, &["queue", "--view", "all open", "--assignee", "none", "--json", "--limit", "3"], None).await;
    let rows: Vec<Value> = r.out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(rows.len() <= 3 && rows.iter().all(|t| t["assignee"].is_null()));
    let r = run(&cfg, &["queue", "--view", "nope"], None).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("have: Unassigned"), "{}", r.err);
    let r = run(&cfg, &["queue", "--status", "finished"], None).await;
    assert_eq!(r.code, 2);
    sb.stop().await;
}

#[tokio::test]
async fn show_and_kpi_match_the_helpdesk() {
    let sb = sandbox().await;
    let cfg = config(&sb, "script-token", "");
    let r = run(&cfg, &["show", "5", "--json"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["ticket"]["id"], 5);
    let comments = api(&sb, "/api/v2/tickets/5/comments.json").await["comments"].as_array().unwrap().len();
    assert_eq!(v["messages"].as_array().unwrap().len(), comments);
    assert!(v["customer"]["name"].is_string() && v["customer"]["tickets"].is_array());
    let r = run(&cfg, &["show", "5"], None).await;
    assert!(r.out.starts_with("#5 ") && r.out.contains("── customer:"), "{}", r.out);
    let r = run(&cfg, &["show", "99999"], None).await;
    assert_eq!(r.code, 4);
    assert!(r.err.contains("#99999 not found"), "{}", r.err);
    let r = run(&cfg, &["kpi", "--view", "All open", "--json"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let k: Value = serde_json::from_str(&r.out).unwrap();
    let open = api(&sb, "/api/v2/search/count.json?query=type%3Aticket%20status%3Csolved").await["count"].clone();
    assert_eq!(k["open"]["value"], open);
    for key in [
        "open",
        "new",
        "unassigned",
        "urgent",
        "pending",
        "sla_breached",
        "sla_at_risk",
        "first_reply_median_minutes",
        "csat_percent",
        "solved_today",
    ] {
        assert!(k[key]["definition"].is_string(), "{key} has its definition");
    }
    let r = run(&cfg, &["kpi"], None).await;
    assert!(r.out.contains("Unassigned") && r.out.contains("unsolved tickets with no assignee"));
    // every figure reads with its unit: an age in hours and minutes, a share in percent
    let value = |label: &str| {
        let line = r.out.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("{label}: {}", r.out));
        line[19..].split_whitespace().next().unwrap().to_string()
    };
    for label in ["Backlog age", "Oldest unsolved"] {
        let v = value(label);
        assert!(v.ends_with('m') || v.ends_with('h') || v == "n/a", "{label} {v}");
    }
    assert!(value("One-touch").ends_with('%'), "a share of today's solves: {}", r.out);
    sb.stop().await;
}

/// The seeded day gives the team figures plausible values, and the team board lists every
/// agent with figures that follow from the helpdesk's own tickets.
#[tokio::test]
async fn the_days_team_figures_and_the_board_by_agent() {
    let sb = sandbox::start(SandboxOptions { tickets: 300, token: Some("script-token".into()), ..Default::default() })
        .await
        .unwrap();
    let cfg = config(&sb, "script-token", "");
    let r = run(&cfg, &["kpi", "--view", "All open", "--json"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let k: Value = serde_json::from_str(&r.out).unwrap();
    for key in ["one_touch_percent", "reopen_rate_percent", "first_reply_in_target_percent"] {
        let v = k[key]["value"].as_i64().unwrap_or_else(|| panic!("{key}: {}", k[key]));
        assert!(v > 0 && v < 100, "{key} = {v}: the seeded day should be neither all nor nothing");
        assert!(k[key]["definition"].is_string());
    }
    for key in [
        "resolution_rate_percent",
        "resolution_median_minutes",
        "handle_median_seconds",
        "backlog_median_age_minutes",
        "backlog_oldest_age_minutes",
    ] {
        assert!(k[key]["value"].as_i64().is_some_and(|v| v > 0), "{key}: {}", k[key]);
    }
    assert!(k["first_reply_in_target_by_channel"].as_array().is_some_and(|a| a.len() > 1));

    let r = run(&cfg, &["kpi", "--by", "agent", "--json"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let board: Value = serde_json::from_str(&r.out).unwrap();
    let agents = board["agents"].as_array().unwrap();
    let staff = api(&sb, "/api/v2/users.json?role[]=agent&role[]=admin").await["users"].as_array().unwrap().len();
    assert_eq!(agents.len(), staff, "every agent has a row");
    assert_eq!(agents.len(), 9);
    // each row's open + pending is the helpdesk's own count of that agent's unsolved tickets
    for a in agents {
        let id = a["agent_id"].as_u64().unwrap();
        let q = format!("/api/v2/search/count.json?query=type%3Aticket%20status%3Csolved%20assignee%3A{id}");
        let unsolved = api(&sb, &q).await["count"].as_u64().unwrap();
        let counted = a["open"].as_u64().unwrap() + a["pending"].as_u64().unwrap();
        assert_eq!(counted, unsolved, "{a}");
    }
    assert!(agents.iter().any(|a| a["solved_today"].as_u64().unwrap() > 0));
    // handle time per agent: the median of the recorded totals on their tickets solved today
    let today = frontline_model::day_start(frontline_clock::system().now());
    let day = chrono::DateTime::from_timestamp(today, 0).unwrap().format("%Y-%m-%d");
    let q = format!("/api/v2/search.json?query=type%3Aticket%20solved%3E%3D{day}&per_page=100");
    let solved = api(&sb, &q).await["results"].as_array().unwrap().clone();
    let mut checked = 0;
    for a in agents {
        let mut times: Vec<i64> = solved
            .iter()
            .filter(|t| t["assignee_id"] == a["agent_id"])
            .filter_map(|t| {
                t["custom_fields"].as_array().unwrap().iter().find(|f| f["id"] == 360_000_100_002u64)?["value"].as_i64()
            })
            .filter(|s| *s > 0)
            .collect();
        assert_eq!(a["handle_median_seconds"].as_i64(), frontline_model::median(&mut times), "{a}");
        checked += usize::from(!times.is_empty());
    }
    assert!(checked > 1, "several agents have a handle time on the seeded day");
    let r = run(&cfg, &["kpi", "--by", "agent"], None).await;
    assert!(r.out.lines().next().unwrap().starts_with("agent") && r.out.lines().count() == 10, "{}", r.out);
    sb.stop().await;
}

#[tokio::test]
async fn reply_assign_and_escalate_land_and_refuse_when_they_should() {
    let sb = sandbox().await;
    let cfg = config(&sb, "script-token", "");
    let open = api(&sb, "/api/v2/views/405/tickets.json").await["tickets"][0]["id"].as_u64().unwrap().to_string();
    let body = std::env::temp_dir().join("frontline-reply-body.txt");
    std::fs::write(&body, "Your refund was issued today.\n").unwrap();
    let r = run(&cfg, &["reply", &open, "--body-file", body.to_str().unwrap(), "--status", "pending"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let t = api(&sb, &format!("/api/v2/tickets/{open}.json")).await;
    assert_eq!(t["ticket"]["status"], "pending");
    let c = api(&sb, &format!("/api/v2/tickets/{open}/comments.json?sort_order=desc")).await;
    assert_eq!(c["comments"][0]["body"], "Your refund was issued today.");
    let r = run(&cfg, &["reply", &open, "--body-file", "-", "--note"], Some("note from stdin")).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let c = api(&sb, &format!("/api/v2/tickets/{open}/comments.json?sort_order=desc")).await;
    assert_eq!(c["comments"][0]["public"], false);
    let r = run(&cfg, &["reply", &open, "--body-file", "-"], Some("   \n")).await;
    assert_eq!(r.code, 2, "empty replies are refused");
    let r = run(&cfg, &["assign", &open, "me"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let me = api(&sb, "/api/v2/users/me.json").await["user"]["id"].clone();
    assert_eq!(api(&sb, &format!("/api/v2/tickets/{open}.json")).await["ticket"]["assignee_id"], me);
    let r = run(&cfg, &["assign", &open, "mei@northwind.example"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = run(&cfg, &["escalate", &open, "--reason", "needs a refund override"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let t = api(&sb, &format!("/api/v2/tickets/{open}.json")).await;
    assert_eq!(t["ticket"]["group_id"], 202);
    let c = api(&sb, &format!("/api/v2/tickets/{open}/comments.json?sort_order=desc")).await;
    assert!(c["comments"][0]["body"].as_str().unwrap().contains("needs a refund override"));
    let r = run(&cfg, &["--read-only", "assign", &open, "me"], None).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("read-only"));
    let ro = config(&sb, "script-token", "read_only = true");
    assert_eq!(run(&ro, &["escalate", &open, "--reason", "x"], None).await.code, 2);
    let r = run(&cfg, &["assign", &open, "nobody@nowhere.example"], None).await;
    assert_eq!(r.code, 2);
    sb.stop().await;
    let r = run(&cfg, &["queue"], None).await;
    assert_eq!(r.code, 4, "a helpdesk that is down: {}", r.err);
    assert!(r.err.contains("connection refused"));
}

#[tokio::test]
async fn writes_go_through_the_outbox_and_wait_there_when_the_helpdesk_cannot_take_them() {
    let sb = sandbox().await;
    let cfg = config(&sb, "script-token", "");
    let open = api(&sb, "/api/v2/views/405/tickets.json").await["tickets"][1]["id"].as_u64().unwrap().to_string();
    let r = run(&cfg, &["reply", &open, "--body-file", "-"], Some("Straight through.")).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(run(&cfg, &["outbox", "--json"], None).await.out, "", "delivered: nothing waits");
    // the helpdesk refuses writes for now: the reply waits in the outbox
    sb.set_faults(frontline_sandbox::Faults::parse("5xx=100%, on=writes").unwrap());
    let r = run(&cfg, &["reply", &open, "--body-file", "-"], Some("Sent when it can be.")).await;
    assert_eq!(r.code, 4, "{}", r.err);
    assert!(r.err.contains("kept in the outbox") && r.err.contains("do not run the command again"), "{}", r.err);
    let listed = run(&cfg, &["outbox", "--json"], None).await;
    let entry: Value = serde_json::from_str(listed.out.lines().next().unwrap()).unwrap();
    assert_eq!((entry["ticket"].to_string(), entry["state"].as_str()), (open.clone(), Some("queued")));
    assert!(entry["error"].as_str().unwrap().contains("503"), "{entry}");
    let table = run(&cfg, &["outbox"], None).await;
    assert!(table.out.contains("reply on #") && table.out.contains("queued"), "{}", table.out);
    assert_eq!(run(&cfg, &["outbox", "send"], None).await.code, 4, "still refused");
    sb.set_faults(frontline_sandbox::Faults::default());
    let r = run(&cfg, &["outbox", "send"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let bodies = api(&sb, &format!("/api/v2/tickets/{open}/comments.json")).await["comments"].clone();
    let n = bodies.as_array().unwrap().iter().filter(|c| c["body"] == "Sent when it can be.").count();
    assert_eq!(n, 1, "sent once, though tried three times");
    assert_eq!(run(&cfg, &["outbox", "--json"], None).await.out, "");
    // one given up on is discarded by its key
    sb.set_faults(frontline_sandbox::Faults::parse("5xx=100%, on=writes").unwrap());
    run(&cfg, &["assign", &open, "me"], None).await;
    let listed = run(&cfg, &["outbox", "--json"], None).await;
    let key =
        serde_json::from_str::<Value>(listed.out.lines().next().unwrap()).unwrap()["key"].as_str().unwrap().to_string();
    assert_eq!(run(&cfg, &["outbox", "discard", &key], None).await.code, 0);
    assert_eq!(run(&cfg, &["outbox", "--json"], None).await.out, "");
    assert_eq!(run(&cfg, &["outbox", "discard", &key], None).await.code, 2, "no such entry any more");
    sb.stop().await;
}

#[tokio::test]
async fn completions_and_man_page_come_from_the_command_line_definitions() {
    let cfg = PathBuf::from("/nonexistent");
    let r = run(&cfg, &["completions", "bash"], None).await;
    assert_eq!(r.code, 0);
    assert!(r.out.contains("frontline") && r.out.contains("escalate") && r.out.contains("--read-only"));
    let r = run(&cfg, &["completions", "zsh"], None).await;
    assert!(r.out.contains("#compdef frontline"));
    let r = run(&cfg, &["man"], None).await;
    assert_eq!(r.code, 0);
    assert!(r.out.contains(".TH frontline") && r.out.contains("sandbox"));
    let r = run(&cfg, &["no-such-command"], None).await;
    assert_eq!(r.code, 2, "usage errors exit 2");
}

#[tokio::test]
async fn an_unwritable_data_folder_is_said_in_words_and_the_command_still_runs() {
    let sb = sandbox().await;
    let cfg = config(&sb, "script-token", "");
    // a file where the data folder should be: no one, root included, can create a folder there
    let blocked = cfg.parent().unwrap().join("data-is-a-file");
    std::fs::write(&blocked, "").unwrap();
    let o = tokio::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("--config")
        .arg(&cfg)
        .args(["outbox"])
        .env("XDG_DATA_HOME", &blocked)
        .output()
        .await
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "no panic, no failure: {err}");
    assert!(err.contains("no log file") && err.contains("frontline.log"), "the log problem in words: {err}");
    assert!(err.contains("kept in") && err.contains("XDG_DATA_HOME"), "the store's temporary folder is named: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[tokio::test]
async fn the_store_and_the_log_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let sb = sandbox().await;
    let cfg = config(&sb, "script-token", "");
    let r = run(&cfg, &["outbox"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let data = cfg.parent().unwrap().join("data").join("frontline");
    let mode = |p: std::path::PathBuf| std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(data.clone()), 0o700);
    assert_eq!(mode(data.join("frontline.log")), 0o600);
    assert_eq!(mode(data.join("store")), 0o700);
    let stores: Vec<_> = std::fs::read_dir(data.join("store")).unwrap().flatten().map(|e| e.path()).collect();
    let db = stores.iter().find(|p| p.extension().is_some_and(|x| x == "db")).expect("the profile's store");
    assert!(db.file_name().unwrap().to_str().unwrap().starts_with("sb-"), "named by profile and identity: {db:?}");
    assert_eq!(mode(db.clone()), 0o600);
}

#[tokio::test]
async fn a_reply_to_a_helpdesk_that_is_down_is_queued_and_sent_later() {
    // a port nobody listens on until the helpdesk "comes back" there
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let opts = || SandboxOptions { tickets: 60, token: Some("script-token".into()), listen, ..Default::default() };
    // the same seed gives the same tickets: find an open one, then take the helpdesk down
    let sb = sandbox::start(opts()).await.unwrap();
    let open = api(&sb, "/api/v2/views/405/tickets.json").await["tickets"][0]["id"].as_u64().unwrap().to_string();
    let cfg = config(&sb, "script-token", "");
    sb.stop().await;

    let r = run(&cfg, &["reply", &open, "--body-file", "-"], Some("Your refund is on its way.")).await;
    assert_eq!(r.code, 4, "{}", r.err);
    assert!(r.err.contains("queued:") && r.err.contains("frontline outbox send"), "{}", r.err);
    let listed = run(&cfg, &["outbox", "--json"], None).await;
    assert!(listed.out.contains("reply on #"), "waiting in the outbox: {}", listed.out);

    let sb = sandbox::start(opts()).await.unwrap();
    let r = run(&cfg, &["outbox", "send"], None).await;
    assert_eq!(r.code, 0, "{} {}", r.out, r.err);
    let comments = api(&sb, &format!("/api/v2/tickets/{open}/comments.json")).await;
    let sent = comments["comments"].as_array().unwrap().iter().filter(|c| c["body"] == "Your refund is on its way.");
    assert_eq!(sent.count(), 1, "delivered once");
    assert!(run(&cfg, &["outbox", "--json"], None).await.out.trim().is_empty(), "nothing left waiting");
    sb.stop().await;
}

#[tokio::test]
async fn a_profile_pointed_at_another_helpdesk_never_sends_the_old_ones_writes_there() {
    // found in review: after repointing a profile, `outbox send` posted a reply queued for the
    // first helpdesk onto the second one's ticket of the same number — another customer
    let first = sandbox().await;
    let open = api(&first, "/api/v2/views/405/tickets.json").await["tickets"][0]["id"].as_u64().unwrap().to_string();
    let cfg = config(&first, "script-token", "");
    first.stop().await;
    let r = run(&cfg, &["reply", &open, "--body-file", "-"], Some("Your refund for order NW1 is on its way.")).await;
    assert_eq!(r.code, 4, "queued while the first helpdesk is down: {}", r.err);

    // the same profile name, now pointed at another helpdesk (same seed: same ticket numbers)
    let second = sandbox().await;
    let text = std::fs::read_to_string(&cfg).unwrap();
    let old_url = text.lines().find_map(|l| l.strip_prefix("url = ")).unwrap().trim_matches('"').to_string();
    std::fs::write(&cfg, text.replace(&old_url, &second.url)).unwrap();
    let r = run(&cfg, &["outbox", "send"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let comments = api(&second, &format!("/api/v2/tickets/{open}/comments.json")).await;
    assert!(!comments.to_string().contains("NW1 is on its way"), "the first helpdesk's reply never reaches the second");
    let listed = run(&cfg, &["outbox", "--json"], None).await;
    let orphan: Value = serde_json::from_str(listed.out.lines().next().unwrap()).unwrap();
    assert_eq!(orphan["state"], "orphaned");
    assert!(orphan["belongs_to"].as_str().unwrap().contains(&old_url), "{orphan}");
    assert_eq!(orphan["text"], "Your refund for order NW1 is on its way.", "its text can be taken out");
    let key = orphan["key"].as_str().unwrap().to_string();
    // exported as text to keep: what it was, where it belonged, its key, then the text
    let exported = run(&cfg, &["outbox", "export"], None).await;
    assert_eq!(exported.code, 0, "{}", exported.err);
    let mut lines = exported.out.lines();
    let head = lines.next().unwrap();
    assert!(head.starts_with("--- reply on #") && head.contains(&old_url) && head.contains(&key), "{head}");
    assert_eq!(lines.next(), Some("Your refund for order NW1 is on its way."));
    assert_eq!(run(&cfg, &["outbox", "discard", &key], None).await.code, 0);
    let after = run(&cfg, &["outbox", "export"], None).await;
    assert!(after.out.is_empty() && after.err.contains("nothing to export"), "{}", after.err);
    assert!(run(&cfg, &["outbox", "--json"], None).await.out.trim().is_empty());
    second.stop().await;
}

/// The `sb` profile with the sandbox's shop as its `[profiles.sb.shop]`.
fn config_with_shop(sb: &SandboxHandle, shop_token: &str) -> PathBuf {
    let path = config(sb, "script-token", "");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!(
        "\n[profiles.sb.shop]\nurl = \"{}\"\ntoken_command = [\"echo\", \"{shop_token}\"]\n",
        sb.shop_url
    ));
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test]
async fn orders_by_email_or_number_and_show_with_the_named_order() {
    let sb = sandbox().await;
    let cfg = config_with_shop(&sb, &sb.shop_token);
    // a ticket that names an order, and its requester
    let tickets = api(&sb, "/api/v2/tickets.json?per_page=100").await;
    let t = tickets["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["custom_fields"].as_array().unwrap().iter().any(|f| f["value"].is_string()))
        .expect("a ticket with an order number")
        .clone();
    let name = t["custom_fields"].as_array().unwrap().iter().find_map(|f| f["value"].as_str()).unwrap().to_string();
    let email = api(&sb, &format!("/api/v2/users/{}.json", t["requester_id"])).await["user"]["email"]
        .as_str()
        .unwrap()
        .to_string();

    let r = run(&cfg, &["check"], None).await;
    assert_eq!(r.code, 0, "{} {}", r.out, r.err);
    assert!(
        r.out.contains("✓ shop: Shopify at 127.0.0.1:") && r.out.contains("of 1000 points, restoring 50 a second"),
        "{}",
        r.out
    );
    let r = run(&cfg, &["orders", &email, "--json"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let lines: Vec<Value> = r.out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.iter().any(|o| o["name"] == format!("#{name}")), "{}", r.out);
    let dates: Vec<&str> = lines.iter().map(|o| o["created_at"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // what it came to when placed, beside what it comes to now
    assert!(
        lines.iter().all(|o| o["placed_total"]["amount"].is_string() && o["total"]["amount"].is_string()),
        "{}",
        r.out
    );

    let r = run(&cfg, &["orders", &format!("#{name}")], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.starts_with(&format!("#{name}")), "{}", r.out);
    let r = run(&cfg, &["orders", "#NW000000"], None).await;
    assert_eq!((r.code, r.err.contains("order #NW000000 not found")), (4, true), "{}", r.err);

    let r = run(&cfg, &["show", &t["id"].to_string(), "--json"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let shown: Value = serde_json::from_str(r.out.trim()).unwrap();
    let named: Vec<&Value> =
        shown["orders"].as_array().unwrap().iter().filter(|o| o["named_by_ticket"] == true).collect();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0]["name"], format!("#{name}"));

    // no shop in the profile, a wrong shop token: errors that say what to do
    let plain = config(&sb, "script-token", "");
    let r = run(&plain, &["orders", &email], None).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("has no shop: add [profiles.sb.shop]"), "{}", r.err);
    let wrong = config_with_shop(&sb, "shpat_wrong");
    let r = run(&wrong, &["check"], None).await;
    assert_eq!(r.code, 3);
    assert!(r.out.contains("✗ shop: the shop 127.0.0.1:") && r.out.contains("refused the token"), "{}", r.out);
    let r = run(&wrong, &["orders", &email], None).await;
    assert_eq!(r.code, 3);
    assert!(r.err.contains("refused the token") && !r.err.contains("shpat_wrong"), "{}", r.err);
    sb.stop().await;
}

#[tokio::test]
async fn refund_and_cancel_order_from_a_shell_say_first_then_do_it_once_with_a_note() {
    let sb = sandbox().await;
    let cfg = config_with_shop(&sb, &sb.shop_token);
    let tickets = api(&sb, "/api/v2/tickets.json?per_page=100").await;
    let tagged = |tag: &str| -> u64 { naming_order(&tickets, tag, |s| s != "closed")["id"].as_u64().unwrap() };
    let damaged = tagged("damaged_item");
    let r = run(&cfg, &["refund", &damaged.to_string(), "--all"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.err.starts_with("would refund €") && r.err.contains("add --yes"), "{}", r.err);
    let before = run(&cfg, &["show", &damaged.to_string(), "--json"], None).await;
    let order = |out: &str| -> Value {
        let v: Value = serde_json::from_str(out.trim()).unwrap();
        v["orders"].as_array().unwrap().iter().find(|o| o["named_by_ticket"] == true).unwrap().clone()
    };
    assert_eq!(order(&before.out)["refunded"]["amount"], "0.00", "nothing moved without --yes");
    // the customer's photo comes with the conversation: name, type, size and its address
    let shown: Value = serde_json::from_str(before.out.trim()).unwrap();
    let files: Vec<&Value> =
        shown["messages"].as_array().unwrap().iter().flat_map(|m| m["attachments"].as_array().unwrap()).collect();
    let photo = files.first().unwrap_or_else(|| panic!("the photo in show --json: {shown}"));
    assert_eq!((photo["name"].as_str(), photo["content_type"].as_str()), (Some("parcel-photo.png"), Some("image/png")));
    assert!(photo["size"].as_u64().unwrap() > 100 && photo["url"].as_str().unwrap().contains("/attachments/token/"));
    let r = run(&cfg, &["refund", &damaged.to_string(), "--all", "--restock", "--no-email", "--yes"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.err.contains("✓ refund €"), "{}", r.err);
    let after = run(&cfg, &["show", &damaged.to_string(), "--json"], None).await;
    let o = order(&after.out);
    assert_eq!(o["financial_status"], "REFUNDED", "{o}");
    let comments = api(&sb, &format!("/api/v2/tickets/{damaged}/comments.json")).await;
    let last = comments["comments"].as_array().unwrap().last().unwrap().clone();
    let body = last["body"].as_str().unwrap();
    assert!(last["public"] == false && body.starts_with("Refunded €"), "{last}");
    assert!(body.ends_with("; items back in stock; the customer was not e-mailed."), "{body}");
    // nothing left: said, exit 4; a wrong item named with what there is
    let r = run(&cfg, &["refund", &damaged.to_string(), "--all", "--yes"], None).await;
    assert_eq!(r.code, 4, "{}", r.err);
    let r = run(&cfg, &["refund", &damaged.to_string(), "--item", "unicorn"], None).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("--item `unicorn` is not a refundable item"), "{}", r.err);
    // an amount agreed with the customer, with the reason: said first, then once
    let goodwill = tagged("where_is_my_order");
    let r = run(&cfg, &["refund", &goodwill.to_string(), "--amount", "5", "--reason", "late parcel"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.err.starts_with("would refund €5.00 on #NW") && r.err.contains("(late parcel)"), "{}", r.err);
    let r =
        run(&cfg, &["refund", &goodwill.to_string(), "--amount", "5", "--reason", "late parcel", "--yes"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let comments = api(&sb, &format!("/api/v2/tickets/{goodwill}/comments.json")).await;
    let last = comments["comments"].as_array().unwrap().last().unwrap().clone();
    assert!(
        last["body"].as_str().unwrap().starts_with("Refunded €5.00 on #NW")
            && last["body"].as_str().unwrap().contains("(late parcel)"),
        "{last}"
    );
    let r = run(&cfg, &["refund", &goodwill.to_string(), "--amount", "99999"], None).await;
    assert_eq!(r.code, 4, "{}", r.err);
    assert!(r.err.contains("can go back"), "{}", r.err);

    // a new cancel request: no agent has answered (and cancelled) it yet
    let cancel = naming_order(&tickets, "cancel_order", |s| s == "new")["id"].as_u64().unwrap();
    let r = run(&cfg, &["cancel-order", &cancel.to_string(), "--reason", "bored"], None).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("use one of customer, inventory"), "{}", r.err);
    let r = run(&cfg, &["cancel-order", &cancel.to_string(), "--yes"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = run(&cfg, &["cancel-order", &cancel.to_string(), "--yes"], None).await;
    assert_eq!(r.code, 4);
    assert!(r.err.contains("is cancelled already"), "{}", r.err);
    // read-only refuses before asking anything
    let r = run(&cfg, &["--read-only", "refund", &damaged.to_string(), "--all", "--yes"], None).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("read-only"), "{}", r.err);
    sb.stop().await;
}

#[tokio::test]
async fn discount_from_a_shell_checks_a_code_and_makes_one_once() {
    let sb = sandbox().await;
    let cfg = config_with_shop(&sb, &sb.shop_token);
    let r = run(&cfg, &["discount", "--check", "welcome15"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.starts_with("WELCOME15 expired on ") && r.out.contains("(15% off entire order"), "{}", r.out);
    let r = run(&cfg, &["discount", "--check", "NOPE"], None).await;
    assert_eq!(r.code, 4, "{}", r.err);
    assert!(r.err.contains("NOPE does not exist in the shop"), "{}", r.err);
    // a code is made for the customer of the order the ticket names
    let tickets = api(&sb, "/api/v2/tickets.json?per_page=100").await;
    let id = tickets["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["custom_fields"].as_array().unwrap().iter().any(|f| f["value"].is_string()) && t["status"] != "closed"
        })
        .expect("a ticket naming an order")["id"]
        .as_u64()
        .unwrap()
        .to_string();
    let r = run(&cfg, &["discount", &id, "--percent", "15", "--expires", "14d"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.err.starts_with("would make code SORRY-") && r.err.contains("15% off, single use, until "), "{}", r.err);
    let r = run(&cfg, &["discount", &id, "--percent", "150"], None).await;
    assert_eq!(r.code, 2, "{}", r.err);
    let r = run(&cfg, &["discount", &id, "--amount", "10", "--yes"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let code = r.out.trim().to_string();
    assert!(code.starts_with(&format!("SORRY-{id}-")), "{}", r.out);
    let r = run(&cfg, &["discount", "--check", &code], None).await;
    assert!(r.out.contains("€10.00 off entire order") && r.out.contains("only for one named customer"), "{}", r.out);
    let comments = api(&sb, &format!("/api/v2/tickets/{id}/comments.json")).await;
    let last = comments["comments"].as_array().unwrap().last().unwrap().clone();
    assert!(
        last["public"] == false && last["body"].as_str().unwrap().starts_with(&format!("Made discount code {code}")),
        "{last}"
    );
    let r = run(&cfg, &["--read-only", "discount", &id, "--percent", "5", "--yes"], None).await;
    assert_eq!(r.code, 2);
    sb.stop().await;
}

/// A month's report from the helpdesk: it finishes, says its progress on stderr, and its
/// counts are the helpdesk's own, computed here from the tickets and their metrics.
#[tokio::test]
async fn a_period_report_over_thirty_days_matches_the_helpdesk() {
    let sb = sandbox::start(SandboxOptions { tickets: 300, token: Some("script-token".into()), ..Default::default() })
        .await
        .unwrap();
    let cfg = config(&sb, "script-token", "");
    let now = frontline_clock::system().now();
    let start_day = chrono::DateTime::from_timestamp(now - 30 * 86_400, 0).unwrap().date_naive();
    let start = start_day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
    let since = start_day.format("%Y-%m-%d").to_string();
    let r = run(&cfg, &["kpi", "--since", &since, "--json"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.err.contains("tickets read"), "a progress line on stderr: {}", r.err);
    let k: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(k["complete"], true);
    // the same figures, computed here from every ticket and its metrics
    let mut tickets = Vec::new();
    let mut page = "/api/v2/tickets.json?per_page=100&include=metric_sets".to_string();
    loop {
        let v = api(&sb, &page).await;
        let metrics: Vec<Value> = v["metric_sets"].as_array().cloned().unwrap_or_default();
        for t in v["tickets"].as_array().unwrap() {
            let m = metrics.iter().find(|m| m["ticket_id"] == t["id"]).cloned().unwrap_or(Value::Null);
            tickets.push((t.clone(), m));
        }
        match v["next_page"].as_str() {
            Some(next) => page = next.trim_start_matches(&sb.url).to_string(),
            None => break,
        }
    }
    let time = |v: &Value| v.as_str().and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok()).map(|d| d.timestamp());
    let created = tickets.iter().filter(|(t, _)| time(&t["created_at"]).is_some_and(|c| c >= start)).count() as i64;
    let solved: Vec<&Value> =
        tickets.iter().filter(|(_, m)| time(&m["solved_at"]).is_some_and(|s| s >= start)).map(|(_, m)| m).collect();
    assert!(created > 0 && !solved.is_empty());
    assert_eq!(k["created"]["value"], created);
    assert_eq!(k["solved"]["value"], solved.len() as i64);
    assert_eq!(k["resolution_rate_percent"]["value"], (solved.len() as i64 * 100 + created / 2) / created);
    let one_touch = solved.iter().filter(|m| m["replies"] == 1).count() as i64;
    let n = solved.len() as i64;
    assert_eq!(k["one_touch_percent"]["value"], (one_touch * 100 + n / 2) / n);
    let reopened = solved.iter().filter(|m| m["reopens"].as_i64().unwrap_or(0) > 0).count() as i64;
    assert_eq!(k["reopen_rate_percent"]["value"], (reopened * 100 + n / 2) / n);
    // handle time: the median recorded total over the period's solved tickets that have one
    let mut handled: Vec<i64> = tickets
        .iter()
        .filter(|(_, m)| time(&m["solved_at"]).is_some_and(|s| s >= start))
        .filter_map(|(t, _)| {
            t["custom_fields"].as_array()?.iter().find(|f| f["id"] == 360_000_100_002u64)?["value"].as_i64()
        })
        .filter(|s| *s > 0)
        .collect();
    assert!(!handled.is_empty());
    assert_eq!(k["handle_median_seconds"]["value"].as_i64(), frontline_model::median(&mut handled));
    let r = run(&cfg, &["kpi", "--since", "yesterday"], None).await;
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(r.err.contains("is not a day"), "{}", r.err);
    sb.stop().await;
}

#[tokio::test]
async fn outbox_send_never_exits_0_while_a_write_is_refused_or_waiting() {
    let sb = sandbox().await;
    let cfg = config(&sb, "script-token", "");
    let open = api(&sb, "/api/v2/views/405/tickets.json").await["tickets"][2]["id"].as_u64().unwrap().to_string();
    sb.set_faults(frontline_sandbox::Faults::parse("5xx=100%, on=writes").unwrap());
    let r = run(&cfg, &["reply", &open, "--body-file", "-"], Some("Checked against what I read.")).await;
    assert_eq!(r.code, 4, "{}", r.err);
    // a colleague's change meanwhile: the queued reply is refused as a conflict
    sb.set_faults(frontline_sandbox::Faults::default());
    support::put(
        &sb,
        &sb.agent_emails[1],
        &format!("/api/v2/tickets/{open}.json"),
        serde_json::json!({"ticket": {"comment": {"body": "Colleague was here.", "public": false}}}),
    )
    .await;
    let r = run(&cfg, &["outbox", "send"], None).await;
    assert_eq!(r.code, 4, "{}", r.err);
    assert!(r.err.contains("changed since"), "{}", r.err);
    // the next run has nothing to send, and still does not say all is well
    let r = run(&cfg, &["outbox", "send"], None).await;
    assert_ne!(r.code, 0, "a refused write is still there: {}", r.err);
    assert!(r.err.contains("refused earlier") && r.err.contains("1 refused"), "{}", r.err);
    let listed = run(&cfg, &["outbox", "--json"], None).await;
    let key =
        serde_json::from_str::<Value>(listed.out.lines().next().unwrap()).unwrap()["key"].as_str().unwrap().to_string();
    assert_eq!(run(&cfg, &["outbox", "retry", &key], None).await.code, 0);
    let r = run(&cfg, &["outbox", "send"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let n = api(&sb, &format!("/api/v2/tickets/{open}/comments.json")).await["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["body"] == "Checked against what I read.")
        .count();
    assert_eq!(n, 1);
    sb.stop().await;
}

#[tokio::test]
async fn a_write_a_temporary_store_cannot_keep_is_refused_with_its_text_not_called_queued() {
    // a file where the data folder should be, and a helpdesk that is down
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!("[profiles.sb]\nbackend = \"zendesk\"\nurl = \"http://127.0.0.1:{port}\"\nemail = \"a@b.example\"\ntoken_command = [\"echo\", \"t\"]\n"),
    )
    .unwrap();
    let blocked = dir.path().join("data-is-a-file");
    std::fs::write(&blocked, "").unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let body = dir.path().join("reply.txt");
    std::fs::write(&body, "Your refund is on its way.").unwrap();
    let o = tokio::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("--config")
        .arg(&cfg)
        .args(["reply", "16", "--body-file"])
        .arg(&body)
        .env("XDG_DATA_HOME", &blocked)
        .env("TMPDIR", &tmp)
        .output()
        .await
        .unwrap();
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.status.code(), Some(6), "{err}");
    assert!(err.contains("not queued") && !err.contains("do not run the command again"), "{err}");
    assert!(out.contains("Your refund is on its way."), "the text is handed back: {out}");
    // the temporary store is as private as any store
    use std::os::unix::fs::PermissionsExt;
    let store_dir = std::fs::read_dir(&tmp)
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("frontline-store-"));
    let store_dir = store_dir.expect("the temporary store").path();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&store_dir), 0o700);
    let db = store_dir.join("store").join("sb.db");
    assert_eq!((mode(&store_dir.join("store")), mode(&db)), (0o700, 0o600));
}

/// A config for a helpdesk nobody answers at, with its data folder at `data`.
fn config_down(dir: &std::path::Path) -> PathBuf {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!("[profiles.sb]\nbackend = \"zendesk\"\nurl = \"http://127.0.0.1:{port}\"\nemail = \"a@b.example\"\ntoken_command = [\"echo\", \"t\"]\n"),
    )
    .unwrap();
    cfg
}

async fn run_with_data(cfg: &std::path::Path, data: &std::path::Path, args: &[&str]) -> Run {
    let o = tokio::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("--config")
        .arg(cfg)
        .args(args)
        .env("XDG_DATA_HOME", data)
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .unwrap();
    Run {
        code: o.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&o.stdout).into(),
        err: String::from_utf8_lossy(&o.stderr).into(),
    }
}

#[tokio::test]
#[ignore = "needs root, to mount a small tmpfs and fill it"]
async fn a_full_disk_keeps_the_store_readable_and_refuses_new_writes_with_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted =
        std::process::Command::new("mount").args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"]).arg(&disk).status();
    assert!(mounted.is_ok_and(|s| s.success()), "mount a tmpfs (this test runs as root: .ci/run does)");
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(disk.clone());
    let cfg = config_down(dir.path());
    let data = disk.join("data");
    let body = dir.path().join("reply.txt");
    std::fs::write(&body, "Your refund is on its way.").unwrap();
    let b = body.to_str().unwrap();
    let r = run_with_data(&cfg, &data, &["reply", "16", "--body-file", b]).await;
    assert_eq!(r.code, 4, "queued while the helpdesk is down: {}", r.err);
    // the disk fills up
    {
        use std::io::Write;
        let mut f = std::fs::File::create(disk.join("fill")).unwrap();
        let block = vec![0u8; 65536];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
    }
    let r = run_with_data(&cfg, &data, &["outbox", "--json"]).await;
    assert_eq!(r.code, 0, "reading works from a full disk: {}", r.err);
    assert!(r.out.contains("reply on #16"), "the queued reply is still there: {}", r.out);
    assert!(r.err.contains("read-only") && !r.err.contains("remove"), "{}", r.err);
    let r = run_with_data(&cfg, &data, &["reply", "17", "--body-file", b]).await;
    assert_eq!(r.code, 6, "{}", r.err);
    assert!(r.out.contains("Your refund is on its way."), "the text is handed back: {}", r.out);
    assert!(r.err.contains("disk") && r.err.contains("full") && !r.err.contains("remove the file"), "{}", r.err);
    let store = data.join("frontline").join("store");
    let names: Vec<String> =
        std::fs::read_dir(&store).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("broken")), "a full disk never moves the store aside: {names:?}");
    // space again: the queued reply is there to send
    std::fs::remove_file(disk.join("fill")).unwrap();
    let r = run_with_data(&cfg, &data, &["outbox", "--json"]).await;
    assert!(r.out.contains("reply on #16") && !r.err.contains("read-only"), "{} {}", r.out, r.err);
}

#[tokio::test]
async fn a_store_locked_by_another_process_is_waited_for_never_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config_down(dir.path());
    let data = dir.path().join("data");
    assert_eq!(run_with_data(&cfg, &data, &["outbox"]).await.code, 0);
    let store = data.join("frontline").join("store");
    let db = std::fs::read_dir(&store)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "db"))
        .unwrap();
    // another process holds the store's lock
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO meta VALUES ('held', '1');")
            .unwrap();
        locked_tx.send(()).unwrap();
        release_rx.recv().unwrap();
        c.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("--config")
        .arg(&cfg)
        .args(["outbox"])
        .env("XDG_DATA_HOME", &data)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // it says it waits; then the other process lets go
    use tokio::io::AsyncBufReadExt;
    let mut err = tokio::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let first = err.next_line().await.unwrap().unwrap_or_default();
    assert!(first.contains("in use by another process") && first.contains("waiting"), "{first}");
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    let status = child.wait().await.unwrap();
    let mut rest = String::new();
    while let Ok(Some(l)) = err.next_line().await {
        rest.push_str(&l);
    }
    assert_eq!(status.code(), Some(0), "{rest}");
    let names: Vec<String> =
        std::fs::read_dir(&store).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("broken")), "a lock never moves the store aside: {names:?}");
}

#[tokio::test]
async fn a_config_value_with_control_sequences_is_not_echoed_raw_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[profiles.a]\nbackend = \"zendesk\\u001b]52;c;aGVsbG8=\\u0007\\u001b[2J\"\nurl = \"https://x\"\n",
    )
    .unwrap();
    let r = run(&cfg, &["queue"], None).await;
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(
        r.err.contains("backend `zendesk") && r.err.contains("not supported"),
        "the error is still said: {}",
        r.err
    );
    assert!(!r.err.contains('\u{1b}') && !r.err.contains('\u{7}'), "no control bytes reach the terminal: {:?}", r.err);
}

#[tokio::test]
async fn killed_mid_send_the_same_text_twice_lands_twice_never_once_nor_three_times() {
    // found by a hostile tester: a reply with the text of one sent a minute before, its sender
    // killed mid-send, was taken for the first by `outbox send` ("had already arrived")
    let sb = sandbox().await;
    let cfg = config(&sb, "script-token", "");
    let data = cfg.parent().unwrap().join("data");
    let open = api(&sb, "/api/v2/views/405/tickets.json").await["tickets"][3]["id"].as_u64().unwrap().to_string();
    let body = cfg.parent().unwrap().join("reply.txt");
    let puts = |sb: &SandboxHandle| sb.requests().iter().filter(|r| r.method == "PUT").count();
    for (trial, kill_when_answered) in [(0, false), (1, true), (2, false)] {
        let text = format!("Your parcel is on its way ({trial}).");
        std::fs::write(&body, &text).unwrap();
        let b = body.to_str().unwrap();
        assert_eq!(run_with_data(&cfg, &data, &["reply", &open, "--body-file", b]).await.code, 0);
        // the same text again, with writes slowed, killed mid-send
        sb.set_faults(frontline_sandbox::Faults::parse("latency=2s, on=writes").unwrap());
        let before = puts(&sb);
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
            .arg("--config")
            .arg(&cfg)
            .args(["reply", &open, "--body-file", b])
            .env("XDG_DATA_HOME", &data)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = frontline_clock::monotonic() + std::time::Duration::from_secs(20);
        // the write sits in the helpdesk's latency, or has just been answered
        while !(if kill_when_answered { puts(&sb) > before } else { sb.serving_writes() > 0 }) {
            assert!(frontline_clock::monotonic() < deadline, "the write never reached the helpdesk");
            tokio::task::yield_now().await;
        }
        child.start_kill().unwrap();
        child.wait().await.unwrap();
        sb.set_faults(frontline_sandbox::Faults::default());
        while sb.serving() > 0 {
            assert!(frontline_clock::monotonic() < deadline, "the sandbox never finished the cut request");
            tokio::task::yield_now().await;
        }
        let r = run_with_data(&cfg, &data, &["outbox", "send"]).await;
        assert_eq!(r.code, 0, "trial {trial}: {}", r.err);
        let comments = api(&sb, &format!("/api/v2/tickets/{open}/comments.json")).await;
        let copies = comments["comments"].as_array().unwrap().iter().filter(|c| c["body"] == text.as_str()).count();
        assert_eq!(copies, 2, "trial {trial}: exactly two copies: {}", r.err);
    }
    sb.stop().await;
}

#[tokio::test]
async fn replace_from_a_shell_says_what_it_would_send_then_makes_one_free_order() {
    let sb = sandbox().await;
    let cfg = config_with_shop(&sb, &sb.shop_token);
    let tickets = api(&sb, "/api/v2/tickets.json?per_page=100").await;
    let id = naming_order(&tickets, "damaged_item", |s| s != "closed")["id"].as_u64().unwrap().to_string();
    let r = run(&cfg, &["replace", &id], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.err.starts_with("would send ") && r.err.contains("(arrived damaged), free with free shipping, to "),
        "{}",
        r.err
    );
    let r = run(&cfg, &["replace", &id, "--item", "umbrella"], None).await;
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(r.err.contains("--item `umbrella` is not an item of"), "{}", r.err);
    let r = run(&cfg, &["replace", &id, "--reason", "lost in transit", "--yes"], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let name = r.out.trim().to_string();
    assert!(name.starts_with("#NW"), "prints the new order: {}", r.out);
    let made = support::shop_order(&sb, &name, "tags totalPriceSet { shopMoney { amount } } note").await;
    assert_eq!(made["totalPriceSet"]["shopMoney"]["amount"], "0.0", "{made}");
    assert!(made["tags"].as_array().unwrap().iter().any(|t| *t == format!("ticket-{id}")), "{made}");
    assert!(made["note"].as_str().unwrap().contains("(lost in transit)"), "{made}");
    let comments = api(&sb, &format!("/api/v2/tickets/{id}/comments.json")).await;
    let last = comments["comments"].as_array().unwrap().last().unwrap().clone();
    assert!(
        last["public"] == false
            && last["body"].as_str().unwrap().starts_with(&format!("Sent replacement order {name} for ")),
        "{last}"
    );
    let r = run(&cfg, &["--read-only", "replace", &id, "--yes"], None).await;
    assert_eq!(r.code, 2);
    sb.stop().await;
}

#[tokio::test]
async fn return_from_a_shell_opens_one_return_with_its_exchange_and_prints_its_name() {
    let sb = sandbox().await;
    let cfg = config_with_shop(&sb, &sb.shop_token);
    let tickets = api(&sb, "/api/v2/tickets.json?per_page=100").await;
    let t = naming_order(&tickets, "wrong_size", |s| s != "closed").clone();
    let id = t["id"].as_u64().unwrap().to_string();
    let order = t["custom_fields"].as_array().unwrap().iter().find_map(|f| f["value"].as_str()).unwrap().to_string();
    let item =
        support::shop_order(&sb, &format!("#{order}"), "lineItems(first: 1) { nodes { title variantTitle } }").await;
    let title = item["lineItems"]["nodes"][0]["title"].as_str().unwrap().to_string();
    let size = item["lineItems"]["nodes"][0]["variantTitle"].as_str().unwrap_or("").to_string();
    let other = if size == "L" { "M" } else { "L" };
    let r =
        run(&cfg, &["return", &id, "--item", &title, "--reason", "size-too-small", "--exchange", other], None).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.err.starts_with("would open a return on #")
            && r.err.contains(&format!("exchanged for 1 × {title} ({other})")),
        "{}",
        r.err
    );
    let r = run(&cfg, &["return", &id, "--item", &title, "--reason", "too-big"], None).await;
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(r.err.contains("--reason `too-big`: use one of size-too-small"), "{}", r.err);
    let r =
        run(&cfg, &["return", &id, "--item", &title, "--reason", "size too small", "--exchange", other, "--yes"], None)
            .await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(r.out.trim(), format!("#{order}-R1"), "prints the return");
    let json = run(&cfg, &["orders", &format!("#{order}"), "--json"], None).await;
    assert!(
        json.out.contains(&format!("\"name\":\"#{order}-R1\"")) && json.out.contains("\"status\":\"OPEN\""),
        "{}",
        json.out
    );
    let r = run(&cfg, &["--read-only", "return", &id, "--item", &title, "--reason", "other", "--yes"], None).await;
    assert_eq!(r.code, 2);
    sb.stop().await;
}

/// `frontline check` with no config names the folder this machine reads (found in a trial:
/// it said `~/.config` while `XDG_CONFIG_HOME` pointed elsewhere).
#[test]
fn check_without_a_config_names_the_folder_xdg_config_home_gives() {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("check")
        .env("XDG_CONFIG_HOME", home.path())
        .env_remove("FRONTLINE_CONFIG")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let want = home.path().join("frontline").join("config.toml");
    assert!(!out.status.success() && said.contains(&want.display().to_string()), "{said}");
}
