//! `frontline kpi --by agent [--json]`: the team board as the console's `:team` shows it —
//! one row per agent from today's changes and each agent's unsolved tickets (one request per
//! agent).

use super::{Outcome, json};
use frontline_app::team::{TeamSort, rows_from};
use frontline_backend::{BackendError, Helpdesk, TicketPage};
use frontline_clock::Clock;
use frontline_model::{UserId, day_start};
use serde_json::json as j;
use std::collections::HashMap;

pub async fn team(backend: &dyn Helpdesk, as_json: bool, clock: &dyn Clock) -> Outcome {
    let now = clock.now();
    let agents = backend.agents().await?;
    let today = match backend.changed_since(day_start(now)).await {
        Ok(p) => p.tickets,
        Err(BackendError::Forbidden { .. }) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let mut pages: HashMap<UserId, TicketPage> = HashMap::new();
    for a in agents.iter().filter(|a| a.role.is_staff()) {
        match backend.assigned_to(a.id).await {
            Ok(p) => {
                pages.insert(a.id, p);
            }
            Err(BackendError::NotOffered(_) | BackendError::Forbidden { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let loads: HashMap<UserId, &TicketPage> = pages.iter().map(|(id, p)| (*id, p)).collect();
    let rows = rows_from(&agents, &today, &loads, now, TeamSort::Open);
    if as_json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                j!({
                    "agent_id": r.agent.0,
                    "name": r.name,
                    "open": r.open,
                    "pending": r.pending,
                    "more_than_counted": r.more,
                    "solved_today": r.solved_today,
                    "first_reply_median_minutes": r.first_reply_median,
                    "csat_percent": r.csat,
                    "oldest_waiting": r.oldest_waiting.map(|(id, at)| j!({"ticket": id.0, "created_at": json::time(at)})),
                    "breaching_sla": r.breaching,
                    "handle_median_seconds": r.handle_median,
                })
            })
            .collect();
        return super::emit(format_args!("{}", j!({"agents": list, "at": json::time(now)})));
    }
    super::emit(format_args!(
        "{:<24} {:>5} {:>5} {:>7} {:>8} {:>5} {:>9} {:>5} {:>7}",
        "agent", "open", "pend", "solved", "1st rep", "CSAT", "oldest", "SLA✗", "handle"
    ))?;
    let opt = |v: Option<u64>| v.map_or_else(|| "n/a".into(), |v| v.to_string());
    for r in &rows {
        super::emit(format_args!(
            "{:<24} {:>5} {:>5} {:>7} {:>8} {:>5} {:>9} {:>5} {:>7}",
            frontline_model::text::truncate(&r.name, 24),
            opt(r.open),
            opt(r.pending),
            r.solved_today,
            r.first_reply_median.map_or("-".into(), |m| format!("{m}m")),
            r.csat.map_or("-".into(), |c| format!("{c}%")),
            r.oldest_waiting.map_or("-".into(), |(id, _)| format!("#{}", id.0)),
            opt(r.breaching),
            r.handle_median.map_or("-".into(), |s| frontline_model::text::duration(s, true)),
        ))?;
    }
    Ok(())
}
