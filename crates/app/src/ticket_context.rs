//! What a macro, a note or an escalation fills in about a ticket: its placeholders (the ticket,
//! its people, its group, the selected order) and the account's groups by name.

use super::errors::ChangeError;
use super::model::Model;
use frontline_model::{PlaceholderContext, TicketId};

pub(crate) fn placeholders<'a>(
    m: &'a Model,
    id: TicketId,
    extra: &'a [(&'a str, String)],
) -> Option<PlaceholderContext<'a>> {
    let t = m.queue.get(id)?;
    Some(PlaceholderContext {
        ticket: t,
        requester: t.requester.and_then(|r| m.users.get(&r)),
        assignee: t.assignee.and_then(|a| m.users.get(&a)),
        current_user: m.me.as_ref(),
        group: t.group.and_then(|g| m.groups.get(&g)).map(String::as_str),
        extra,
        order: if m.selected().map(|s| s.id) == Some(id) { super::orders::selected_order(m) } else { None },
        discount: m.orders.discount_codes.get(&id).map(String::as_str),
        replacement: super::orders::replacement_for(m, t),
        activation_url: m.orders.activation_links.get(&id).map(String::as_str),
    })
}

pub(crate) fn group_id(m: &Model, name: &str) -> Result<u64, ChangeError> {
    find_group(&m.groups, name, "[escalation] or [[macros]]")
}

/// A group by name (any case), or which groups there are.
pub(crate) fn find_group(
    groups: &std::collections::HashMap<u64, String>,
    name: &str,
    section: &'static str,
) -> Result<u64, ChangeError> {
    groups.iter().find(|(_, n)| n.eq_ignore_ascii_case(name)).map(|(id, _)| *id).ok_or_else(|| {
        let mut have: Vec<String> = groups.values().cloned().collect();
        have.sort();
        ChangeError::NoGroup { name: name.to_string(), have, section }
    })
}
