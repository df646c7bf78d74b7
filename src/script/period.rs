//! `frontline kpi --since DAY [--until DAY] [--json]`: the team figures for a period, read
//! from the helpdesk (every ticket changed since the first day), for weekly reports in cron.
//! A progress line goes to stderr while the tickets are read.

use super::{Failure, Outcome, json};
use frontline_backend::Helpdesk;
use frontline_clock::Clock;
use frontline_config::KpiConfig;
use frontline_model::{Figure, csat_percent, median, period_figures, ratings};
use serde_json::json as j;

/// Zendesk's search answers at most this many tickets: a period with more is partial.
const SEARCH_CAP: usize = 1000;

fn day(text: &str, what: &str) -> Result<i64, Failure> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp())
        .ok_or_else(|| Failure::usage(format!("--{what} `{text}` is not a day: write it like 2026-11-01")))
}

pub async fn period(
    backend: &dyn Helpdesk,
    since: &str,
    until: Option<&str>,
    cfg: &KpiConfig,
    as_json: bool,
    clock: &dyn Clock,
) -> Outcome {
    let now = clock.now();
    let start = day(since, "since")?;
    // the last day counts whole: the period ends at the next midnight
    let end = match until {
        Some(u) => day(u, "until")? + 86_400,
        None => now + 1,
    };
    if start >= end.min(now + 1) {
        return Err(Failure::usage(format!("--since {since} is not before the period's end")));
    }
    eprintln!("frontline: reading the tickets changed since {since} …");
    let changed = backend.changed_since(start).await?.tickets;
    eprintln!("frontline: {} tickets read; computing", changed.len());
    let complete = changed.len() < SEARCH_CAP;
    if !complete {
        eprintln!(
            "frontline: warning: {SEARCH_CAP} tickets or more changed since {since}: the helpdesk's search stops there, \
             so the figures cover only the most recently changed; use a shorter period or an administrator's token"
        );
    }
    let d = period_figures(&changed, &[], start, end, now, cfg.first_reply_target_minutes);
    let mut replies: Vec<i64> = changed
        .iter()
        .filter_map(|t| t.first_reply_minutes.filter(|m| (start..end).contains(&(t.created_at + m * 60))))
        .collect();
    let in_period = |at: i64| (start..end).contains(&at);
    let (good, bad) = ratings(&changed, start..end);
    let created = changed.iter().filter(|t| in_period(t.created_at)).count();
    let solved = changed
        .iter()
        .filter(|t| t.solved_at.is_some_and(in_period) && !t.tags.iter().any(|x| x == frontline_model::MERGED_TAG))
        .count();
    let frt = median(&mut replies).map_or(Figure::Unavailable, Figure::Value);
    let csat = csat_percent(good, bad).map_or(Figure::Unavailable, Figure::Value);
    let [rate, one_touch, resolution, handle, reopened, in_target, _, _] = d.values();
    let figures: [(&str, &str, serde_json::Value); 10] = [
        ("created", "Created", j!({"value": created})),
        ("solved", "Solved", j!({"value": solved})),
        ("resolution_rate_percent", "Resolution rate", json::figure(&rate)),
        ("one_touch_percent", "One-touch", json::figure(&one_touch)),
        ("resolution_median_minutes", "Resolution time", json::figure(&resolution)),
        ("handle_median_seconds", "Handle time", json::figure(&handle)),
        ("reopen_rate_percent", "Reopened", json::figure(&reopened)),
        ("first_reply_median_minutes", "1st reply", json::figure(&frt)),
        ("first_reply_in_target_percent", "1st reply in target", json::figure(&in_target)),
        ("csat_percent", "CSAT", json::figure(&csat)),
    ];
    if as_json {
        let mut out = serde_json::Map::new();
        for (key, _, v) in &figures {
            out.insert(key.to_string(), v.clone());
        }
        out.insert("since".into(), json::time(start));
        out.insert("until".into(), json::time(end.min(now)));
        out.insert("tickets_read".into(), j!(changed.len()));
        out.insert("complete".into(), j!(complete));
        return super::emit(format_args!("{}", serde_json::Value::Object(out)));
    }
    for (_, label, v) in &figures {
        let shown = v["value"].as_i64().map_or_else(|| "n/a".into(), |n| n.to_string());
        super::emit(format_args!("{label:<19} {shown:>9}"))?;
    }
    Ok(())
}
