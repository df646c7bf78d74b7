//! `frontline check`: each step from config to a first API call, with pass/fail and the fix.

use super::{Failure, Outcome};
use frontline_config::Config;
use std::path::Path;

fn pass(step: &str, detail: &str) {
    let _ = super::emit(format_args!("✓ {step}: {detail}"));
}

fn fail(step: &str, f: Failure) -> Outcome {
    let _ = super::emit(format_args!("✗ {step}: {}", f.message));
    Err(f)
}

/// The account's limit as the helpdesk reported it, and what one console costs of it.
fn budget_words(rate: Option<frontline_backend::RateBudget>, p: &frontline_config::Profile) -> String {
    let (_, max) = p.poll_range();
    let cost = frontline_app::pacing::cost_per_minute(p.poll_interval_secs as i64, max as i64);
    let console = format!(
        "one console costs about {:.0} requests a minute while its view is busy, {:.0} while it is quiet and {:.0} once slowed down",
        cost.busy, cost.quiet_fastest, cost.quiet_slowest
    );
    match rate {
        Some(b) => {
            let fit = (f64::from(b.limit) / 2.0 / cost.busy).floor() as u64;
            let fit = match fit {
                0 => "not one busy console fits in half of it".to_string(),
                1 => "one busy console fits in half of it".to_string(),
                n => format!("{n} busy consoles fit in half of it"),
            };
            format!(
                "the account may make {} requests a minute ({} left this minute); {console}: {fit}",
                b.limit, b.remaining
            )
        }
        None => format!("the helpdesk reports no limit; {console}"),
    }
}

pub async fn check(explicit: Option<&Path>, profile: Option<&str>) -> Outcome {
    let Some(path) = frontline_config::locate(explicit) else {
        // the folder this machine reads ($XDG_CONFIG_HOME when set), not a guess
        let at = frontline_config::config_dir()
            .map_or_else(|| "the config folder".to_string(), |d| d.join("config.toml").display().to_string());
        return fail(
            "config",
            Failure::usage(format!("no config file found: copy config.example.toml to {at}, or pass --config PATH")),
        );
    };
    let cfg = match Config::load(&path) {
        Ok(c) => c,
        Err(e) => return fail("config", Failure::usage(e.to_string())),
    };
    pass("config", &format!("{} parses", path.display()));
    let (name, p) = match cfg.profile(profile) {
        Ok(x) => x,
        Err(e) => return fail("profile", Failure::usage(e.to_string())),
    };
    pass("profile", &format!("`{name}`: {} at {}", p.backend, p.url));
    let source = match (&p.token_env, &p.token_command, &p.token) {
        (Some(v), _, _) if std::env::var(v).is_ok_and(|x| !x.trim().is_empty()) => format!("from ${v}"),
        (_, Some(_), _) => "from token_command".to_string(),
        (_, _, Some(_)) => "from the config file".to_string(),
        _ => String::new(),
    };
    match frontline_config::resolve_token(&name, &p, cfg.path.as_deref()) {
        Ok((_, warnings)) => {
            pass("token", &format!("found {source}"));
            for w in warnings {
                super::emit(format_args!("! token: {w}"))?;
            }
        }
        Err(e) => return fail("token", Failure::usage(e.to_string())),
    }
    let backend = match crate::launch::connect(&cfg, Some(&name), frontline_clock::system()) {
        Ok((_, _, b)) => b,
        Err(e) => return fail("connect", e.into()),
    };
    match backend.me().await {
        Ok(me) => pass(
            "sign in",
            &format!(
                "{} <{}> ({})",
                me.name,
                me.email.unwrap_or_default(),
                if me.role.is_staff() { "agent" } else { "not an agent" }
            ),
        ),
        Err(e) => return fail("sign in", e.into()),
    }
    let views = match backend.views().await {
        Ok(v) => v,
        Err(e) => return fail("views", e.into()),
    };
    let checked = views.iter().filter(|v| v.filter.is_some()).count();
    pass(
        "views",
        &format!("{} active, {checked} polled with one request (their conditions are checked here)", views.len()),
    );
    pass("API budget", &budget_words(backend.rate(), &p));
    // a live feed that cannot be had is not a failure: the console polls instead, and says so
    if let Some(mut feed) = backend.live() {
        match tokio::time::timeout(std::time::Duration::from_secs(15), feed.recv()).await {
            Ok(Some(frontline_backend::LiveEvent::Up)) => {
                pass("live feed", "subscribed: changes arrive as they happen");
            }
            Ok(Some(frontline_backend::LiveEvent::Down(why))) => {
                super::emit(format_args!("! live feed: {why}; the console polls instead"))?;
            }
            _ => super::emit(format_args!("! live feed: no answer within 15 s; the console polls instead"))?,
        }
    }
    // time tracking is checked only when it is on; nowhere to record is said, not a failure:
    // the console works without it (and the setting is global, the helpdesk per profile)
    if cfg.time_tracking.enabled {
        match backend.time_tracking().await {
            Ok(place) => pass("time tracking", &format!("records to {place}")),
            Err(e) => super::emit(format_args!("! time tracking: {e}; the console does not record time here"))?,
        }
    }
    if p.shop.is_some() {
        let setup = crate::launch::shop_of(&name, &p, &cfg);
        let shop = match (setup.shop, setup.problem) {
            (Some(s), _) => s,
            (None, problem) => return fail("shop", Failure::usage(problem.unwrap_or_default())),
        };
        match shop.check().await {
            Ok(budget) => pass("shop", &format!("{} reads orders; its API budget: {budget}", shop.describe())),
            Err(e) => return fail("shop", e.into()),
        }
    }
    Ok(())
}
