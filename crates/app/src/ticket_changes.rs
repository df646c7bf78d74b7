//! Agent actions turned into changes: take, assign, status, priority, tags, escalate and the
//! macro picker (its previews are in `macros.rs`), on the marked tickets (bulk, after a confirmation with the count) or else on the
//! selected one.

use super::dialogs::state::{Confirm, PickValue, Picker, Prompt, PromptFor};
use super::errors::ChangeError;
use super::macros::macro_items;
use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use super::ticket_context::{find_group, placeholders};
use frontline_model::{MacroSource, NewComment, PlaceholderContext, Priority, TicketChange, TicketId, render};

/// The tickets an action applies to: the marked ones, else the selected one.
pub fn targets(m: &Model) -> Vec<TicketId> {
    if m.marked.is_empty() {
        m.selected().map(|t| vec![t.id]).unwrap_or_default()
    } else {
        m.marked.iter().copied().collect()
    }
}

fn on(n: usize, id: Option<TicketId>) -> String {
    match (n, id) {
        (1, Some(t)) => format!("#{}", t.0),
        (n, _) => format!("{n} tickets"),
    }
}

/// Sends at once for one ticket; asks first for several.
pub fn propose(m: &mut Model, what: &str, changes: Vec<(TicketId, TicketChange)>) -> Vec<Effect> {
    if super::rules::read_only_refusal(m) || changes.is_empty() {
        return vec![];
    }
    let label = format!("{what} on {}", on(changes.len(), changes.first().map(|c| c.0)));
    if changes.len() == 1 {
        return super::writes::queue(m, label, changes);
    }
    m.mode = Mode::Confirm(Confirm {
        question: format!("{what} on {} marked tickets?", changes.len()),
        label,
        changes,
        shop: None,
    });
    vec![]
}

pub fn toggle_mark(m: &mut Model) -> Vec<Effect> {
    if let Some(id) = m.selected().map(|t| t.id)
        && !m.marked.remove(&id)
    {
        m.marked.insert(id);
    }
    // marking walks the queue, whichever pane has focus
    m.focus = super::model::Pane::Queue;
    super::navigate::move_by(m, 1)
}

pub fn mark_all(m: &mut Model) {
    let ids: Vec<TicketId> = m.queue.visible.iter().map(|&i| m.queue.tickets[i].id).collect();
    m.marked.extend(ids);
    m.notice = Some(Notice { text: format!("{} marked", m.marked.len()), error: false });
}

pub fn clear_marks(m: &mut Model) {
    m.marked.clear();
    m.notice = Some(Notice { text: "marks cleared".into(), error: false });
}

pub fn take(m: &mut Model) -> Vec<Effect> {
    if super::rules::read_only_refusal(m) {
        return vec![];
    }
    let Some(me) = m.me.as_ref().map(|u| u.id) else {
        m.notice = Some(Notice { text: "not signed in yet: cannot tell who \"me\" is".into(), error: true });
        return vec![];
    };
    let changes =
        targets(m).into_iter().map(|t| (t, TicketChange { assignee: Some(Some(me)), ..Default::default() })).collect();
    propose(m, "take", changes)
}

pub fn assign_picker(m: &mut Model) -> Vec<Effect> {
    if super::rules::read_only_refusal(m) {
        return vec![];
    }
    let mut items = vec![("— unassign".to_string(), PickValue::Assignee(None))];
    let mut agents: Vec<&frontline_model::User> =
        m.users.values().filter(|u| u.role.is_staff() && u.id != frontline_model::UserId::HELPDESK).collect();
    // the ticket's group's own agents first, then by name
    let group = m.selected().and_then(|t| t.group);
    let staff = |u: &frontline_model::User| m.staff.get(&u.id).cloned().unwrap_or_else(|| u.clone());
    let in_group = |u: &frontline_model::User| group.is_some_and(|g| staff(u).groups.contains(&g));
    agents.sort_by(|a, b| in_group(b).cmp(&in_group(a)).then(a.name.cmp(&b.name)));
    items.extend(agents.into_iter().map(|u| (agent_line(m, &staff(u)), PickValue::Assignee(Some(u.id)))));
    let mut groups: Vec<_> = m.groups.iter().collect();
    groups.sort_by(|a, b| a.1.cmp(b.1));
    items.extend(groups.into_iter().map(|(id, name)| (format!("group: {name}"), PickValue::Group(*id))));
    m.mode = Mode::Pick(Picker::new("Assign to", items, targets(m)));
    vec![]
}

/// An agent as the assign picker shows them: name, their groups, how many open tickets they
/// hold (when the team board has read them) and whether they are available (where the
/// helpdesk says), then the e-mail (the picker matches any of it).
fn agent_line(m: &Model, u: &frontline_model::User) -> String {
    let mut parts = vec![u.name.clone()];
    let groups: Vec<&str> = u.groups.iter().filter_map(|g| m.groups.get(g)).map(String::as_str).collect();
    if !groups.is_empty() {
        parts.push(groups.join(", "));
    }
    if let Some((_, Ok(page))) = m.team.loads.get(&u.id) {
        let open = page
            .tickets
            .iter()
            .filter(|t| matches!(t.status, frontline_model::Status::New | frontline_model::Status::Open))
            .count();
        parts.push(format!("{open}{} open", if page.next.is_some() { "+" } else { "" }));
    }
    if let Some(a) = &u.availability {
        parts.push(a.clone());
    }
    if let Some(e) = &u.email {
        parts.push(e.clone());
    }
    parts.join(" · ")
}

pub fn status_picker(m: &mut Model) -> Vec<Effect> {
    if super::rules::read_only_refusal(m) {
        return vec![];
    }
    let items =
        m.settings.status_names.settable().map(|(s, name)| (name.to_string(), PickValue::Status(s.clone()))).collect();
    m.mode = Mode::Pick(Picker::new("Status", items, targets(m)));
    vec![]
}

pub fn macro_picker(m: &mut Model) -> Vec<Effect> {
    if super::rules::read_only_refusal(m) {
        return vec![];
    }
    let mut fx = vec![];
    if !m.macros.iter().any(|x| matches!(x.source, MacroSource::Helpdesk(_))) {
        fx.push(Effect::LoadMacros);
    }
    m.mode = Mode::Pick(Picker::new("Macros", macro_items(&m.macros), targets(m)));
    fx
}

/// `+` / `-`: one step up or down, ticket by ticket.
pub fn priority(m: &mut Model, up: bool) -> Vec<Effect> {
    if super::rules::read_only_refusal(m) {
        return vec![];
    }
    let order = [Priority::Low, Priority::Normal, Priority::High, Priority::Urgent];
    let changes = targets(m)
        .into_iter()
        .filter_map(|id| {
            let cur = m.queue.get(id).and_then(|t| t.priority);
            let i = cur.and_then(|p| order.iter().position(|x| *x == p)).unwrap_or(1) as isize;
            let next = if cur.is_none() {
                Priority::Normal
            } else {
                order[(i + if up { 1 } else { -1 }).clamp(0, 3) as usize]
            };
            (Some(next) != cur).then(|| (id, TicketChange { priority: Some(Some(next)), ..Default::default() }))
        })
        .collect::<Vec<_>>();
    if changes.is_empty() {
        m.notice = Some(Notice {
            text: format!("priority is already at the {}", if up { "top" } else { "bottom" }),
            error: false,
        });
        return vec![];
    }
    propose(m, if up { "raise priority" } else { "lower priority" }, changes)
}

pub fn prompt(m: &mut Model, purpose: PromptFor) -> Vec<Effect> {
    if super::rules::read_only_refusal(m) {
        return vec![];
    }
    let label = match purpose {
        PromptFor::EscalationReason => match escalation_changes(m, "", &targets(m)) {
            // where it goes, before the agent writes why
            Ok((level, changes)) => {
                let group = changes.first().and_then(|(_, c)| c.group.flatten()).and_then(|g| m.groups.get(&g));
                format!("Escalation reason (→ {level}{})", group.map(|g| format!(", group {g}")).unwrap_or_default())
            }
            Err(_) => "Escalation reason".into(),
        },
        PromptFor::Tags => "Tags (+add -remove)".into(),
        PromptFor::MergeTarget => "Merge into ticket #".into(),
    };
    let targets = targets(m);
    let (known, on_targets) = if purpose == PromptFor::Tags { known_tags(m, &targets) } else { (vec![], vec![]) };
    m.mode = Mode::Prompt(Prompt { label, text: String::new(), purpose, targets, known, on_targets });
    vec![]
}

/// The tags of the tickets the console holds, most used first (once, when `t` opens), and
/// the targets' own tags (what a `-` word can remove).
fn known_tags(m: &Model, targets: &[TicketId]) -> (Vec<String>, Vec<String>) {
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for t in m.queue.tickets.iter().chain(&m.stats.today) {
        for tag in &t.tags {
            *count.entry(tag.as_str()).or_default() += 1;
        }
    }
    let mut known: Vec<(&str, usize)> = count.into_iter().collect();
    known.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut on: Vec<String> =
        targets.iter().filter_map(|id| m.queue.get(*id)).flat_map(|t| t.tags.iter().cloned()).collect();
    on.sort();
    on.dedup();
    (known.into_iter().map(|(t, _)| t.to_string()).collect(), on)
}

pub fn picked(m: &mut Model, v: PickValue, targets: Vec<TicketId>) -> Vec<Effect> {
    let each = |c: TicketChange| targets.iter().map(|t| (*t, c.clone())).collect::<Vec<_>>();
    match v {
        PickValue::Status(s) => {
            let what = format!("status {}", m.settings.status_names.name(&s));
            propose(m, &what, each(TicketChange { status: Some(s), ..Default::default() }))
        }
        PickValue::Assignee(a) => {
            let what = match a {
                Some(u) => format!("assign to {}", m.user_name(Some(u)).unwrap_or("agent")),
                None => "unassign".into(),
            };
            propose(m, &what, each(TicketChange { assignee: Some(a), ..Default::default() }))
        }
        PickValue::Group(g) => {
            let what = format!("move to {}", m.groups.get(&g).cloned().unwrap_or_default());
            propose(m, &what, each(TicketChange { group: Some(Some(g)), ..Default::default() }))
        }
        PickValue::Macro(i) => super::macros::preview_macro(m, i, targets),
        PickValue::Insert(i) => super::macros::insert_text(m, i),
        PickValue::Refund(ask) => targets.first().map(|t| super::order_writes::quote(m, ask, *t)).unwrap_or_default(),
        PickValue::CancelReason(r) => {
            targets.first().map(|t| super::order_writes::cancel_confirm(m, r, *t)).unwrap_or_default()
        }
        PickValue::ReplaceItems(lines) => super::replacements::why_picker(m, lines),
        PickValue::Replace(lines, why) => super::replacements::ask_details(m, lines, why),
        PickValue::Return(plan) => super::returns::next(m, *plan),
        PickValue::Quit(send) => super::compose::quit_with_writes(m, send),
        PickValue::MergeInto(target) => super::merge::ask(m, target),
        PickValue::MergeTyped => prompt(m, PromptFor::MergeTarget),
    }
}

pub fn prompted(m: &mut Model, p: Prompt) -> Vec<Effect> {
    match p.purpose {
        PromptFor::MergeTarget => match p.text.trim().trim_start_matches('#').parse::<u64>() {
            Ok(id) => super::merge::ask(m, TicketId(id)),
            Err(_) => {
                m.notice = Some(Notice {
                    text: format!("`{}` is not a ticket number: nothing merged", p.text.trim()),
                    error: true,
                });
                vec![]
            }
        },
        PromptFor::Tags => {
            let mut change = TicketChange::default();
            for w in p.text.split_whitespace() {
                match w.strip_prefix('-') {
                    Some(t) if !t.is_empty() => change.remove_tags.push(t.to_string()),
                    _ => change.add_tags.push(w.trim_start_matches('+').to_string()),
                }
            }
            change.add_tags.retain(|t| !t.is_empty());
            if change.is_empty() {
                return vec![];
            }
            // the confirmation of a bulk change names the tags, not just "tags"
            let mut said: Vec<String> = change.add_tags.iter().map(|t| format!("+{t}")).collect();
            said.extend(change.remove_tags.iter().map(|t| format!("-{t}")));
            let changes = p.targets.iter().map(|t| (*t, change.clone())).collect();
            propose(m, &format!("tags {}", said.join(" ")), changes)
        }
        PromptFor::EscalationReason => {
            if p.text.trim().is_empty() {
                m.notice = Some(Notice { text: "an escalation needs a reason".into(), error: true });
                return vec![];
            }
            match escalation_changes(m, p.text.trim(), &p.targets) {
                Ok((level, changes)) => propose(m, &format!("escalate to {level}"), changes),
                Err(e) => {
                    m.notice = Some(Notice { text: e.to_string(), error: true });
                    vec![]
                }
            }
        }
    }
}

/// The escalation policy applied to each target: next level's group, priority raised to at
/// least the level's, its tags, and the note rendered with the reason — as one update.
pub fn escalation_changes(
    m: &Model,
    reason: &str,
    targets: &[TicketId],
) -> Result<(String, Vec<(TicketId, TicketChange)>), ChangeError> {
    let mut out = Vec::new();
    let mut level_name = String::new();
    for id in targets {
        let extra = [("reason", reason.to_string())];
        let cx = placeholders(m, *id, &extra).ok_or(ChangeError::NotLoaded(id.0))?;
        let (level, change) = escalation_change(&m.settings.escalation, &m.groups, &cx)?;
        level_name = level;
        out.push((*id, change));
    }
    Ok((level_name, out))
}

/// One ticket's escalation (the console and `frontline escalate` share it). `cx.extra` must
/// hold the reason; the level's name is added for the note.
pub fn escalation_change(
    policy: &frontline_config::EscalationConfig,
    groups: &std::collections::HashMap<u64, String>,
    cx: &PlaceholderContext,
) -> Result<(String, TicketChange), ChangeError> {
    let t = cx.ticket;
    let group = t.group.and_then(|g| groups.get(&g)).map(String::as_str);
    let level = policy
        .next_level(group)
        .ok_or_else(|| ChangeError::AtTop { ticket: t.id.0, group: group.unwrap_or("?").to_string() })?;
    let want = level.priority.as_deref().and_then(Priority::parse);
    let priority = match (t.priority, want) {
        (Some(cur), Some(want)) if cur >= want => None,
        (_, Some(want)) => Some(Some(want)),
        _ => None,
    };
    let mut extra: Vec<(&str, String)> = cx.extra.to_vec();
    extra.push(("level", level.name.clone()));
    let cx = PlaceholderContext { extra: &extra, ..*cx };
    let (note, _) = render(&policy.note, &cx);
    let group_id = find_group(groups, &level.group, "[escalation]")?;
    let change = TicketChange {
        group: Some(Some(group_id)),
        priority,
        add_tags: level.tags.clone(),
        comment: Some(NewComment { body: note, public: false }),
        ..Default::default()
    };
    Ok((level.name.clone(), change))
}
