//! Every shipped config and theme parses; broken ones say which file, which line, and the fix.

use super::*;
use std::path::Path;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("/home/a/config.toml"))
}

#[test]
fn the_example_config_parses_and_has_a_working_default_profile() {
    let cfg = parse(include_str!("../../../config.example.toml")).expect("config.example.toml parses");
    let (name, p) = cfg.profile(None).unwrap();
    assert_eq!(name, "acme");
    assert_eq!(p.token_env.as_deref(), Some("ACME_ZENDESK_TOKEN"));
    assert_eq!(cfg.kpi.at_risk_minutes, 30);
    assert_eq!(cfg.escalation.levels.len(), 2);
    assert_eq!(cfg.escalation.next_level(Some("Tier 2 escalations")).unwrap().name, "Engineering");
    assert_eq!(cfg.escalation.next_level(Some("Tier 1")).unwrap().name, "Tier 2");
    assert!(cfg.escalation.next_level(Some("Engineering")).is_none());
    assert_eq!(cfg.macros.len(), 3);
    assert_eq!(cfg.macros[2].shop, ["return exchange", "discount 10% 14d"]);
    assert!(cfg.macros[0].body.as_deref().unwrap().contains("{{ticket.requester.first_name}}"));
    assert_eq!(cfg.undo_seconds, 5);
    assert_eq!(cfg.notifications.rules.len(), 5);
    assert_eq!(cfg.notifications.max_per_minute, 6);
    let (_, sb) = cfg.profile(Some("sandbox")).unwrap();
    let (token, _) = resolve_token("sandbox", &sb, None).unwrap();
    assert_eq!(token, "demo-token");
    assert!(!cfg.time_tracking.enabled, "time tracking is off unless asked for");
    assert_eq!(cfg.time_tracking.idle_secs(), 300);
}

#[test]
fn time_tracking_settings_are_read_and_a_bad_idle_limit_is_named_with_its_line() {
    let cfg = parse(
        "[time_tracking]\nenabled = true\nidle_minutes = 0.5\n[profiles.z]\nbackend = \"zendesk\"\nurl = \"https://z.zendesk.com\"\noauth = true\ntoken_env = \"Z\"\n\
         time_fields = { total = 11, last_update = 12 }\n",
    )
    .unwrap();
    assert_eq!((cfg.time_tracking.enabled, cfg.time_tracking.idle_secs()), (true, 30));
    assert_eq!(cfg.profiles["z"].time_fields, Some(TimeFields { total: 11, last_update: 12 }));
    let e = parse("[time_tracking]\nenabled = true\nidle_minutes = 0\n").unwrap_err().to_string();
    assert!(e.contains("line 3") && e.contains("idle_minutes = 0 is not a number of minutes"), "{e}");
    let e = parse("[profiles.z]\nbackend = \"zendesk\"\nurl = \"https://z\"\noauth = true\ntoken_env = \"Z\"\ntime_fields = { total = 1 }\n").unwrap_err().to_string();
    assert!(e.contains("last_update"), "{e}");
}

#[test]
fn every_built_in_theme_parses_and_sets_every_role() {
    for (name, text) in theme::BUILTIN {
        let t = Theme::parse(text, name).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.name, name);
        for role in theme::ThemeRole::ALL.iter().map(|r| r.name()) {
            assert!(text.contains(&format!("\n{role} =")), "{name} sets {role}");
        }
    }
    let (set, problems) = ThemeSet::load(None);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(set.names(), vec!["default-dark", "high-contrast", "light"]);
}

#[test]
fn user_themes_load_and_broken_ones_are_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.toml"), "name = \"mine\"\n[styles]\nbase = { fg = \"#112233\" }\n").unwrap();
    std::fs::write(dir.path().join("bad.toml"), "name = \"bad\"\n[styles]\nbase = { fg = \"blurple\" }\n").unwrap();
    let (set, problems) = ThemeSet::load(Some(dir.path()));
    assert!(set.get("mine").is_some());
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("blurple") && problems[0].contains("#rrggbb"), "{}", problems[0]);
}

#[test]
fn unknown_keys_name_the_line() {
    let e = parse("theme = \"light\"\n\n[profiles.a]\nbackend = \"zendesk\"\nurll = \"https://x\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("/home/a/config.toml"), "{e}");
    assert!(e.contains("line 5, column 1: "), "{e}");
    assert!(e.contains("urll"), "{e}");
}

#[test]
fn syntax_errors_name_the_line() {
    let e = parse("theme = \"light\"\ndefault_profile = \n").unwrap_err().to_string();
    assert!(e.contains("line 2"), "{e}");
}

#[test]
fn a_missing_default_profile_lists_the_ones_there_are() {
    let e = parse("default_profile = \"acme\"\n[profiles.other]\nbackend = \"zendesk\"\nurl = \"https://x.zendesk.com\"\nemail = \"a@b\"\ntoken_env = \"T\"\n").unwrap_err().to_string();
    assert!(e.contains("line 1") && e.contains("`acme`") && e.contains("have: other"), "{e}");
}

#[test]
fn plain_http_to_another_machine_is_refused_with_the_fix() {
    let text = "[profiles.a]\nbackend = \"zendesk\"\nurl = \"http://helpdesk.example.com\"\nemail = \"a@b\"\ntoken_env = \"T\"\n";
    let e = parse(text).unwrap_err().to_string();
    assert!(e.contains("line 3, column 1: ") && e.contains("allow_insecure_http"), "the url's line: {e}");
    assert!(parse(&text.replace("token_env", "allow_insecure_http = true\ntoken_env")).is_ok());
    assert!(parse(&text.replace("http://helpdesk.example.com", "http://127.0.0.1:8085")).is_ok());
}

#[test]
fn the_poll_range_holds_the_interval() {
    let base =
        "[profiles.a]\nbackend = \"zendesk\"\nurl = \"https://x.zendesk.com\"\nemail = \"a@b\"\ntoken_env = \"T\"\n";
    let c = parse(base).unwrap();
    assert_eq!(c.profiles["a"].poll_range(), (15, 60), "defaults: the interval, and a minute");
    let c = parse(&format!("{base}poll_min_secs = 5\npoll_max_secs = 120\n")).unwrap();
    assert_eq!(c.profiles["a"].poll_range(), (5, 120));
    for bad in ["poll_min_secs = 30\n", "poll_max_secs = 10\n", "poll_interval_secs = 1\n", "poll_min_secs = 1\n"] {
        let e = parse(&format!("{base}{bad}")).unwrap_err().to_string();
        assert!(e.contains("poll_min_secs and poll_max_secs") && e.contains("profile `a`"), "{bad}: {e}");
    }
}

#[test]
fn profiles_need_a_token_source_and_a_known_backend() {
    let e = parse("[profiles.a]\nbackend = \"zendesk\"\nurl = \"https://x.zendesk.com\"\nemail = \"a@b\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("token_env"), "{e}");
    let e = parse("[profiles.a]\nbackend = \"kayako\"\nurl = \"https://x\"\nemail = \"a@b\"\ntoken_env = \"T\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("kayako") && e.contains("have: zendesk, rt, chatwoot"), "{e}");
}

#[test]
fn rt_profiles_need_a_user_and_rising_bands_and_zendesk_ones_refuse_rt_keys() {
    let rt = "[profiles.r]\nbackend = \"rt\"\nurl = \"https://rt.x\"\ntoken_env = \"T\"\n";
    let e = parse(rt).unwrap_err().to_string();
    assert!(e.contains("user is missing") && e.contains("user = "), "{e}");
    let ok = parse(&format!(
        "{rt}user = \"rita\"\n[[profiles.r.views]]\nname = \"Mine\"\nquery = \"Owner = '__CurrentUser__'\"\n"
    ))
    .unwrap();
    let (_, p) = ok.profile(None).unwrap();
    assert_eq!((p.views.len(), p.priorities), (1, None));
    let e = parse(&format!("{rt}user = \"rita\"\n[profiles.r.priorities]\nlow = 0\nnormal = 60\nhigh = 50\n"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("must rise"), "{e}");
    let e = parse("[profiles.z]\nbackend = \"zendesk\"\nurl = \"https://x.zendesk.com\"\nemail = \"a@b\"\ntoken_env = \"T\"\nagents = [\"a\"]\n")
        .unwrap_err().to_string();
    assert!(e.contains("`agents` is for backend = \"rt\""), "{e}");
    let (_, p) = parse(include_str!("../../../config.example.toml")).unwrap().profile(Some("rt")).unwrap();
    assert_eq!((p.user.as_deref(), p.priorities.map(|b| b.urgent)), (Some("rita"), Some(200)));
}

#[test]
fn bad_key_names_and_actions_are_named() {
    let e = parse("[keys]\nquit = [\"q\", \"hyper-q\"]\n").unwrap_err().to_string();
    assert!(e.contains("line 2, column 14: ") && e.contains("hyper-q"), "the second key's column: {e}");
    let e = parse("[keys]\nlaunch = [\"x\"]\n").unwrap_err().to_string();
    assert!(e.contains("launch") && e.contains("have: down"), "{e}");
}

#[test]
fn macros_and_escalation_levels_are_checked() {
    let e = parse("[[macros]]\ntitle = \"x\"\nstatus = \"done\"\n").unwrap_err().to_string();
    assert!(e.contains("line 3, column 1: ") && e.contains("done") && e.contains("pending"), "the status line: {e}");
    let e = parse("[[macros]]\ntitle = \"empty\"\n").unwrap_err().to_string();
    assert!(e.contains("changes nothing"), "{e}");
    let e = parse("[[macros]]\ntitle = \"go\"\nshop = [\"refund\", \"launch rockets\"]\n").unwrap_err().to_string();
    assert!(e.contains("line 3") && e.contains("`launch rockets`") && e.contains("return [REASON] [exchange]"), "{e}");
    assert!(parse("[[macros]]\ntitle = \"code\"\nshop = [\"discount 15% 30d\"]\n").is_ok(), "a shop step alone acts");
    let e = parse("[escalation]\n[[escalation.levels]]\nname = \"T2\"\ngroup = \"g\"\npriority = \"asap\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 5, column 1: ") && e.contains("asap") && e.contains("urgent"), "{e}");
}

#[test]
fn notification_rules_are_checked() {
    let e = parse("[[notifications.rules]]\non = \"sla_within\"\n").unwrap_err().to_string();
    assert!(e.contains("minutes"), "{e}");
    let e = parse("[[notifications.rules]]\non = \"new_in_view\"\n").unwrap_err().to_string();
    assert!(e.contains("view ="), "{e}");
    let e = parse("[[notifications.rules]]\non = \"whenever\"\n").unwrap_err().to_string();
    assert!(e.contains("line 2") && e.contains("new_urgent"), "{e}");
}

#[test]
fn token_sources_and_their_errors_never_show_the_token() {
    let p: Profile = toml::from_str(
        "backend = \"zendesk\"\nurl = \"https://x\"\nemail = \"a@b\"\ntoken_env = \"FRONTLINE_TEST_UNSET_VAR\"\n",
    )
    .unwrap();
    let e = resolve_token("a", &p, None).unwrap_err().to_string();
    assert!(e.contains("FRONTLINE_TEST_UNSET_VAR") && e.contains("export"), "{e}");
    let p: Profile =
        toml::from_str("backend = \"zendesk\"\nurl = \"https://x\"\nemail = \"a@b\"\ntoken_command = \"false\"\n")
            .unwrap();
    assert!(resolve_token("a", &p, None).unwrap_err().to_string().contains("failed"));
    // a failing command is named by its program, never with its arguments (they may hold a secret)
    let p: Profile = toml::from_str(
        "backend = \"zendesk\"\nurl = \"https://x\"\nemail = \"a@b\"\ntoken_command = [\"sh\", \"-c\", \"exit 3\", \"s3cr3t-arg\"]\n",
    )
    .unwrap();
    let e = resolve_token("a", &p, None).unwrap_err().to_string();
    assert!(e.contains("`sh` failed") && !e.contains("s3cr3t-arg"), "{e}");
    let p: Profile =
        toml::from_str("backend = \"zendesk\"\nurl = \"https://x\"\nemail = \"a@b\"\ntoken = \"s3cr3t-value\"\n")
            .unwrap();
    assert!(!format!("{p:?}").contains("s3cr3t-value"), "Debug hides the token");
}

#[test]
fn a_plain_token_in_a_world_readable_file_warns() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "x").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let p: Profile =
        toml::from_str("backend = \"zendesk\"\nurl = \"https://x\"\nemail = \"a@b\"\ntoken = \"t\"\n").unwrap();
    let (_, warnings) = resolve_token("a", &p, Some(&path)).unwrap();
    assert!(warnings[0].contains("chmod 600"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(resolve_token("a", &p, Some(&path)).unwrap().1.is_empty());
}

#[test]
fn a_token_command_that_hangs_is_stopped_and_named_without_its_arguments() {
    let p: Profile = toml::from_str(
        "backend = \"zendesk\"\nurl = \"https://x\"\nemail = \"a@b\"\ntoken_timeout_secs = 1\n\
         token_command = \"sleep 30; echo s3cr3t-in-args\"\n",
    )
    .unwrap();
    let started = frontline_clock::monotonic();
    let e = resolve_token("a", &p, None).unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "stopped at its limit, not after 30 s");
    assert!(matches!(e, crate::TokenError::TimedOut { secs: 1, .. }), "{e:?}");
    let words = e.to_string();
    assert!(words.contains("`sleep` did not finish within 1 s") && words.contains("token_timeout_secs"), "{words}");
    assert!(!words.contains("s3cr3t"), "{words}");
}

/// Processes whose command line holds `marker`.
fn running(marker: &str) -> usize {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| std::fs::read(e.ok()?.path().join("cmdline")).ok())
        .filter(|c| String::from_utf8_lossy(c).contains(marker))
        .count()
}

#[test]
#[cfg(target_os = "linux")]
fn a_token_command_is_read_with_its_deadline_and_leaves_nothing_running() {
    let profile = |cmd: &str| -> Profile {
        toml::from_str(&format!(
            "backend = \"zendesk\"\nurl = \"https://x\"\nemail = \"a@b\"\ntoken_timeout_secs = 2\ntoken_command = \"{cmd}\"\n"
        ))
        .unwrap()
    };
    // a background child keeps stdout open for 40 s: the token is there at once all the same
    let started = frontline_clock::monotonic();
    let (token, _) = resolve_token("a", &profile("sleep 40.4711 & echo demo-token"), None).unwrap();
    assert_eq!(token, "demo-token");
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "not held up by the child's open stdout");
    // more lines after the token are read, not cut off (a closed pipe would kill the command)
    let (token, _) = resolve_token("a", &profile("echo tok; seq 1 200000; echo done"), None).unwrap();
    assert_eq!(token, "tok");
    // a command that hangs is stopped with everything it started
    let e = resolve_token("a", &profile("sleep 1000.4712; echo late"), None).unwrap_err();
    assert!(matches!(e, crate::TokenError::TimedOut { secs: 2, .. }), "{e:?}");
    let deadline = frontline_clock::monotonic() + std::time::Duration::from_secs(10);
    while running("1000.4712") > 0 {
        assert!(frontline_clock::monotonic() < deadline, "the command's sleep was left running");
        std::thread::yield_now();
    }
}

#[test]
fn a_profiles_identity_is_its_backend_account_and_agent() {
    let p = |extra: &str| -> Profile {
        toml::from_str(&format!("backend = \"zendesk\"\ntoken_env = \"T\"\n{extra}")).unwrap()
    };
    let a = p("url = \"https://Acme.zendesk.com/\"\nemail = \"Priya@northwind.example\"").identity();
    assert_eq!(a, "zendesk https://acme.zendesk.com priya@northwind.example");
    assert_eq!(a, p("url = \"https://acme.zendesk.com\"\nemail = \"priya@northwind.example\"").identity());
    assert_ne!(a, p("url = \"https://other.zendesk.com\"\nemail = \"priya@northwind.example\"").identity());
    assert_ne!(a, p("url = \"https://acme.zendesk.com\"\nemail = \"tom@northwind.example\"").identity());
}

#[test]
fn a_profiles_shop_is_checked_with_errors_that_name_the_fix() {
    let base = "[profiles.a]\nbackend = \"zendesk\"\nurl = \"https://acme.zendesk.com\"\nemail = \"a@b.c\"\ntoken_env = \"T\"\n";
    let ok = parse(&format!("{base}[profiles.a.shop]\nurl = \"https://acme.myshopify.com\"\ntoken_env = \"SHOP\"\n"))
        .unwrap();
    let shop = ok.profiles["a"].shop.as_ref().unwrap();
    assert_eq!((shop.backend.as_str(), shop.api_version.as_deref()), ("shopify", None));
    for (extra, words) in [
        ("url = \"https://acme.myshopify.com\"\n", "no token"),
        ("url = \"acme\"\ntoken_env = \"S\"\n", "https://acme.myshopify.com"),
        ("url = \"http://shop.example\"\ntoken_env = \"S\"\n", "must be https"),
        ("url = \"https://a.myshopify.com\"\ntoken_env = \"S\"\napi_version = \"latest\"\n", "2026-01"),
        ("backend = \"woo\"\nurl = \"https://a.example\"\ntoken_env = \"S\"\n", "have: shopify"),
        ("url = \"https://a.myshopify.com\"\ntoken_env = \"S\"\nscopes = 1\n", "scopes"),
    ] {
        let e = parse(&format!("{base}[profiles.a.shop]\n{extra}")).unwrap_err().to_string();
        assert!(e.contains(words), "{extra}: {e}");
    }
    // the shop's token comes from its own settings, never the helpdesk's
    let p = &ok.profiles["a"];
    let t = shop.token_profile(p);
    assert_eq!((t.token_env.as_deref(), t.url.as_str()), (Some("SHOP"), "https://acme.zendesk.com"));
    assert!(
        !format!(
            "{:?}",
            parse(&format!("{base}[profiles.a.shop]\nurl = \"https://x.myshopify.com\"\ntoken = \"shpat_s3cret\"\n"))
                .unwrap()
                .profiles["a"]
        )
        .contains("s3cret")
    );
}

#[test]
fn chatwoot_profiles_take_filters_and_refuse_other_helpdesks_keys() {
    let (_, p) = parse(include_str!("../../../config.example.toml")).unwrap().profile(Some("chatwoot")).unwrap();
    assert_eq!(p.filters[0].name, "VIP on WhatsApp");
    assert_eq!(
        p.filters[0].payload(),
        serde_json::json!([
            {"attribute_key": "labels", "filter_operator": "equal_to", "values": ["vip"], "query_operator": "AND"},
            {"attribute_key": "inbox_id", "filter_operator": "equal_to", "values": ["4"], "query_operator": "AND"},
            {"attribute_key": "status", "filter_operator": "equal_to", "values": ["open", "pending"], "query_operator": null}
        ])
    );
    assert!(p.identity().starts_with("chatwoot https://chat.example.com first account"), "{}", p.identity());
    let cw = "[profiles.c]\nbackend = \"chatwoot\"\nurl = \"https://c.x\"\ntoken_env = \"T\"\n";
    let e = parse(&format!("{cw}email = \"a@b\"\n")).unwrap_err().to_string();
    assert!(e.contains("`email` is not for backend = \"chatwoot\""), "{e}");
    let e = parse(&format!("{cw}[[profiles.c.filters]]\nname = \"x\"\nconditions = [{{ attribute = \"status\", operator = \"is\", values = [\"open\"] }}]\n"))
        .unwrap_err().to_string();
    assert!(e.contains("operator `is` is not one of Chatwoot's"), "{e}");
    let e = parse(&format!("{cw}[[profiles.c.filters]]\nname = \"x\"\nmatch = \"some\"\nconditions = [{{ attribute = \"status\", operator = \"equal_to\" }}]\n"))
        .unwrap_err().to_string();
    assert!(e.contains("must be \"all\" or \"any\""), "{e}");
    let e = parse(&format!("{cw}cable_url = \"https://c.x/cable\"\n")).unwrap_err().to_string();
    assert!(e.contains("not a ws:// or wss:// address"), "{e}");
    let e = parse("[profiles.z]\nbackend = \"zendesk\"\nurl = \"https://x.zendesk.com\"\nemail = \"a@b\"\ntoken_env = \"T\"\naccount_id = 1\n")
        .unwrap_err().to_string();
    assert!(e.contains("`account_id` is for backend = \"chatwoot\""), "{e}");
}
