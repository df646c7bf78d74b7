//! `frontline queue`: a view's tickets as an aligned table or as JSON lines.

use super::{Failure, Outcome, json, table};
use frontline_backend::Helpdesk;
use frontline_clock::Clock;
use frontline_model::{Status, User, UserId, View};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct QueueArgs {
    pub view: Option<String>,
    pub status: Option<String>,
    /// `me`, `none`, or an agent's e-mail.
    pub assignee: Option<String>,
    pub limit: usize,
    pub json: bool,
}

/// The view by name (exact, then containing), or the first one.
pub fn pick_view(views: &[View], name: Option<&str>) -> Result<View, Failure> {
    let found = match name {
        None => views.first(),
        Some(n) => {
            let n = n.to_lowercase();
            views
                .iter()
                .find(|v| v.title.to_lowercase() == n)
                .or_else(|| views.iter().find(|v| v.title.to_lowercase().contains(&n)))
        }
    };
    found.cloned().ok_or_else(|| {
        let have: Vec<&str> = views.iter().map(|v| v.title.as_str()).collect();
        Failure::usage(format!(
            "no view `{}` (have: {})",
            name.unwrap_or(""),
            if have.is_empty() { "none".into() } else { have.join(", ") }
        ))
    })
}

pub async fn queue(backend: &dyn Helpdesk, a: &QueueArgs, clock: &dyn Clock) -> Outcome {
    let names = backend.status_names();
    let status = match a.status.as_deref() {
        None => None,
        Some(s) => match names.parse(s) {
            Status::Other(_) => {
                return Err(Failure::usage(format!("--status `{s}`: use {}", names.all().join(", "))));
            }
            st => Some(st),
        },
    };
    let agents = backend.agents().await?;
    let assignee: Option<Option<UserId>> = match a.assignee.as_deref() {
        None => None,
        Some("none") => Some(None),
        Some("me") => Some(Some(backend.me().await?.id)),
        Some(email) => {
            match agents.iter().find(|u| u.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(email))) {
                Some(u) => Some(Some(u.id)),
                None => {
                    return Err(Failure::usage(format!(
                        "--assignee `{email}` is not an agent's e-mail (use me, none or an e-mail)"
                    )));
                }
            }
        }
    };
    let view = pick_view(&backend.views().await?, a.view.as_deref())?;
    let groups: HashMap<u64, String> =
        backend.groups().await.unwrap_or_default().into_iter().map(|g| (g.id, g.name)).collect();
    let mut users: HashMap<u64, User> = agents.into_iter().map(|u| (u.id.0, u)).collect();
    let mut rows = Vec::new();
    let mut page = None;
    loop {
        let p = backend.queue_page(view.id, page).await?;
        users.extend(p.users.into_iter().map(|u| (u.id.0, u)));
        rows.extend(
            p.tickets
                .into_iter()
                .filter(|t| status.as_ref().is_none_or(|s| &t.status == s) && assignee.is_none_or(|a| t.assignee == a)),
        );
        if rows.len() >= a.limit || p.next.is_none() {
            break;
        }
        page = p.next;
    }
    rows.truncate(a.limit);
    let now = clock.now();
    if a.json {
        for t in &rows {
            super::emit(format_args!("{}", json::ticket(t, &users, &groups, now)))?;
        }
        return Ok(());
    }
    let name = |id: Option<UserId>| id.and_then(|i| users.get(&i.0)).map_or_else(|| "-".into(), |u| u.name.clone());
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|t| {
            let sla = t
                .sla_remaining(now)
                .filter(|_| t.status.is_unsolved())
                .map(|r| frontline_model::text::fmt_sla(r, 300))
                .unwrap_or_default();
            vec![
                t.id.0.to_string(),
                names.name(&t.status).to_string(),
                t.priority.map_or("-", frontline_model::Priority::label).to_string(),
                t.channel.label().to_string(),
                sla,
                frontline_model::text::fmt_age(now, t.updated_at),
                name(t.requester),
                name(t.assignee),
                t.subject.clone(),
            ]
        })
        .collect();
    super::emit(format_args!(
        "{}",
        table::render(
            &["#", "status", "priority", "via", "SLA", "upd", "requester", "assignee", "subject"],
            &cells,
            table::terminal_width()
        )
    ))?;
    eprintln!("{} of view “{}”", rows.len(), view.title);
    Ok(())
}
