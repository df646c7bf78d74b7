//! Macros: the helpdesk's and the config's `[[macros]]` (resolved against the account's groups
//! and agents), previewed with placeholders filled before anything is sent, or their text put
//! into the reply being written (`Alt-m`).

use super::dialogs::state::{PickValue, Picker, Preview};
use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use super::ticket_context::{group_id, placeholders};
use frontline_model::{Macro, MacroSource, NewComment, Priority, TicketChange, TicketId, render};

/// `Alt-m` in the editor: the macros that have text, to insert one's at the cursor.
pub fn insert_picker(m: &mut Model) -> Vec<Effect> {
    let Some(ticket) = m.drafting.composer.as_ref().map(|c| c.ticket) else { return vec![] };
    let items: Vec<(String, PickValue)> = m
        .macros
        .iter()
        .enumerate()
        // a macro that acts in the shop is not offered: its text promises what only `m` does
        .filter(|(_, mac)| mac.change.comment.is_some() && mac.shop.is_empty())
        .map(|(i, mac)| (mac.title.clone(), PickValue::Insert(i)))
        .collect();
    if items.is_empty() {
        m.notice = Some(Notice { text: "no macro has text to insert".into(), error: false });
        return vec![];
    }
    m.mode = Mode::Pick(Picker::new("Insert the text of", items, vec![ticket]));
    vec![]
}

/// A macro's text, placeholders filled for the editor's ticket, at the cursor; its field
/// changes are not applied (that is what `m` is for).
pub(crate) fn insert_text(m: &mut Model, i: usize) -> Vec<Effect> {
    let Some(body) = m.macros.get(i).and_then(|mac| mac.change.comment.as_ref()).map(|c| c.body.clone()) else {
        return vec![];
    };
    let Some(ticket) = m.drafting.composer.as_ref().map(|c| c.ticket) else { return vec![] };
    let Some(cx) = placeholders(m, ticket, &[]) else { return vec![] };
    let (text, unknown) = render(&body, &cx);
    if let Some(c) = m.drafting.composer.as_mut() {
        c.editor.insert_str(&text);
    }
    m.drafting.unsaved = true;
    m.mode = Mode::Compose;
    if !unknown.is_empty() {
        m.notice = Some(Notice { text: format!("left as written: {}", unknown.join(", ")), error: true });
    }
    vec![]
}

/// Builds the macro's change per target and shows the preview; nothing is sent yet.
pub(crate) fn preview_macro(m: &mut Model, i: usize, targets: Vec<TicketId>) -> Vec<Effect> {
    let Some(mac) = m.macros.get(i).cloned() else { return vec![] };
    if !mac.shop.is_empty() {
        return super::macro_shop::start(m, i, &targets);
    }
    let mut unknown = Vec::new();
    let mut stale = Vec::new();
    let mut changes = Vec::new();
    for id in &targets {
        let Some(cx) = placeholders(m, *id, &[]) else { continue };
        let mut change = mac.change.clone();
        if let Some(c) = &mut change.comment {
            stale.extend(frontline_model::stale_facts(&c.body, cx.order, m.now));
            let (text, u) = render(&c.body, &cx);
            c.body = text;
            unknown.extend(u);
        }
        changes.push((*id, change));
    }
    unknown.sort();
    unknown.dedup();
    stale.dedup();
    m.mode = Mode::Preview(Box::new(Preview { title: mac.title, changes, unknown, stale, scroll: 0, shop: vec![] }));
    vec![]
}

/// The config's `[[macros]]` as macros, with group names and assignees resolved. A macro
/// naming a group or agent the helpdesk does not have is skipped with a notice.
pub fn local_macros(m: &mut Model) -> Vec<Macro> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, lm) in m.settings.local_macros.iter().enumerate() {
        let mut change = TicketChange {
            status: lm.status.as_deref().map(|s| m.settings.status_names.parse(s)),
            priority: lm.priority.as_deref().map(Priority::parse),
            add_tags: lm.tags.clone(),
            comment: lm.body.as_ref().map(|b| NewComment { body: b.clone(), public: lm.public }),
            ..Default::default()
        };
        if let Some(g) = &lm.group {
            match group_id(m, g) {
                Ok(id) => change.group = Some(Some(id)),
                Err(e) => {
                    problems.push(format!("macro `{}`: {e}", lm.title));
                    continue;
                }
            }
        }
        match lm.assignee.as_deref() {
            None => {}
            Some("me") => change.assignee = m.me.as_ref().map(|u| Some(u.id)),
            Some(email) => match m
                .users
                .values()
                .find(|u| u.role.is_staff() && u.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(email)))
            {
                Some(u) => change.assignee = Some(Some(u.id)),
                None => {
                    problems.push(format!("macro `{}`: no agent {email}", lm.title));
                    continue;
                }
            },
        }
        let shop = lm.shop.iter().map(|l| frontline_model::MacroStep::parse(l)).collect();
        out.push(Macro { source: MacroSource::Local(i), title: lm.title.clone(), change, shop });
    }
    if let Some(p) = problems.first() {
        m.notice = Some(Notice { text: p.clone(), error: true });
    }
    out
}

/// The macros offered in the picker: helpdesk ones, then local ones.
pub fn macro_items(macros: &[Macro]) -> Vec<(String, PickValue)> {
    macros
        .iter()
        .enumerate()
        .map(|(i, mac)| {
            let origin = match mac.source {
                frontline_model::MacroSource::Helpdesk(_) => "",
                frontline_model::MacroSource::Local(_) => "  (local)",
            };
            (format!("{}{origin}", mac.title), PickValue::Macro(i))
        })
        .collect()
}
