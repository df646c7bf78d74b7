//! `frontline kpi`: the KPI bar's figures, with their definitions.

use super::{Outcome, json, queue::pick_view};
use frontline_backend::{BackendError, Helpdesk, TicketCount};
use frontline_clock::Clock;
use frontline_config::KpiConfig;
use frontline_model::{
    BAR_DEFINITIONS, DAY_DEFINITIONS, DayFigures, Figure, day_figures, day_start, sla_summary, today_figures,
};
use serde_json::json as j;

pub async fn kpi(
    backend: &dyn Helpdesk,
    view: Option<&str>,
    cfg: &KpiConfig,
    as_json: bool,
    clock: &dyn Clock,
) -> Outcome {
    let mut counts = Vec::new();
    for what in TicketCount::ALL {
        counts.push(match backend.count(what).await {
            Ok(n) => Figure::Value(n),
            Err(BackendError::Forbidden { .. }) => Figure::NoAccess,
            Err(e) => return Err(e.into()),
        });
    }
    let v = pick_view(&backend.views().await?, view)?;
    let mut tickets = Vec::new();
    let mut page = None;
    loop {
        let p = backend.queue_page(v.id, page).await?;
        tickets.extend(p.tickets);
        if p.next.is_none() || tickets.len() >= 100_000 {
            break;
        }
        page = p.next;
    }
    let now = clock.now();
    let sla = sla_summary(&tickets, now, cfg.at_risk_minutes * 60);
    let (frt, csat, solved, day) = match backend.changed_since(day_start(now)).await {
        Ok(today) => {
            let (frt, csat, solved) = today_figures(&today.tickets, now);
            (frt, csat, solved, day_figures(&today.tickets, &tickets, now, cfg.first_reply_target_minutes))
        }
        Err(BackendError::Forbidden { .. }) => {
            let day = DayFigures {
                resolution_rate: Figure::NoAccess,
                one_touch: Figure::NoAccess,
                resolution_median: Figure::NoAccess,
                reopen_rate: Figure::NoAccess,
                first_reply_in_target: Figure::NoAccess,
                ..day_figures(&[], &tickets, now, cfg.first_reply_target_minutes)
            };
            (Figure::NoAccess, Figure::NoAccess, Figure::NoAccess, day)
        }
        Err(e) => return Err(e.into()),
    };
    let mut values = vec![
        json::figure(&counts[0]),
        json::figure(&counts[1]),
        json::figure(&counts[2]),
        json::figure(&counts[3]),
        json::figure(&counts[4]),
        j!({"value": sla.breached}),
        j!({"value": sla.at_risk}),
        j!({"value": sla.next_breach_in}),
        json::figure(&frt),
        json::figure(&csat),
        json::figure(&solved),
    ];
    values.extend(day.values().iter().map(json::figure));
    let definitions: Vec<&(&str, &str, &str)> = BAR_DEFINITIONS.iter().chain(DAY_DEFINITIONS).collect();
    if as_json {
        let mut out = serde_json::Map::new();
        for ((key, _, def), v) in definitions.iter().zip(values.iter()) {
            let mut v = v.clone();
            v["definition"] = j!(def);
            out.insert(key.to_string(), v);
        }
        let by_channel: Vec<serde_json::Value> = day
            .first_reply_in_target_by_channel
            .iter()
            .map(|(c, pct, n)| j!({"channel": c.label(), "percent": pct, "answered": n}))
            .collect();
        out.insert("first_reply_in_target_by_channel".into(), j!(by_channel));
        out.insert("view".into(), j!(v.title));
        out.insert("at".into(), json::time(now));
        super::emit(format_args!("{}", serde_json::Value::Object(out)))?;
        return Ok(());
    }
    for ((key, label, def), v) in definitions.iter().zip(values.iter()) {
        let shown = match (&v["value"], v.get("state").and_then(|s| s.as_str())) {
            (serde_json::Value::Null, Some("no_access")) => "no access".to_string(),
            (serde_json::Value::Null, _) => "n/a".to_string(),
            (x, _) => with_unit(key, x),
        };
        super::emit(format_args!("{label:<19} {shown:>9}   {def}"))?;
    }
    Ok(())
}

/// A figure as people read it, its unit from its key: `7h17m` for minutes and seconds,
/// `67%` for a percentage, a count as it is.
fn with_unit(key: &str, value: &serde_json::Value) -> String {
    let Some(n) = value.as_i64() else { return value.to_string() };
    if key.ends_with("_seconds") {
        frontline_model::text::duration(n, true)
    } else if key.ends_with("_minutes") {
        frontline_model::text::duration(n * 60, false)
    } else if key.ends_with("_percent") {
        format!("{n}%")
    } else {
        n.to_string()
    }
}
