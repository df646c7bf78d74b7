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

pub async fn check(explicit: Option<&Path>, profile: Option<&str>) -> Outcome {
    let Some(path) = frontline_config::locate(explicit) else {
        return fail(
            "config",
            Failure::usage(
                "no config file found: copy config.example.toml to ~/.config/frontline/config.toml, or pass --config PATH",
            ),
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
    let backend = match crate::launch::connect(&cfg, Some(&name)) {
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
    match backend.views().await {
        Ok(v) => pass("views", &format!("{} active", v.len())),
        Err(e) => return fail("views", e.into()),
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
