//! Views on Chatwoot are its own conversation lists: Mine, Unassigned and All (open), Pending
//! and Snoozed, one per inbox, team and label, and the profile's `[[profiles.NAME.filters]]`
//! sent as `POST conversations/filter` queries. Ids are stable across restarts: each kind
//! has a range of its own and carries the inbox's, team's or label's id.

use frontline_model::text::sanitize_line;
use frontline_model::{Cmp, Cond, Status, View, ViewFilter, ViewId, Who};
use serde_json::Value;

const MINE: u64 = 1;
const UNASSIGNED: u64 = 2;
const ALL: u64 = 3;
const PENDING: u64 = 4;
const SNOOZED: u64 = 5;
const FILTER_BASE: u64 = 1 << 20;
const INBOX_BASE: u64 = 1 << 32;
const TEAM_BASE: u64 = 2 << 32;
const LABEL_BASE: u64 = 3 << 32;

/// How a view's conversations are asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// `GET conversations?` with these parameters (no page).
    List(String),
    /// `POST conversations/filter` with this payload.
    Filter(Value),
}

#[derive(Debug, Clone, Default)]
pub struct Views {
    list: Vec<(View, Query)>,
}

/// What the views are built from: the account's inboxes, teams and labels, and the profile's filters.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    pub inboxes: Vec<(u64, String)>,
    pub teams: Vec<(u64, String)>,
    pub labels: Vec<(u64, String)>,
    pub filters: Vec<(String, Value)>,
}

fn open_and(also: Option<Cond>) -> Option<ViewFilter> {
    Some(ViewFilter { all: std::iter::once(Cond::Status(Cmp::Is, Status::Open)).chain(also).collect(), any: vec![] })
}

fn view(id: u64, title: &str, filter: Option<ViewFilter>) -> View {
    View { filter, ..View::new(ViewId(id), sanitize_line(title)) }
}

/// A label or other word as a query-string value.
pub fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl Views {
    pub fn new(p: &Parts) -> Views {
        let who = |w| Some(Cond::Assignee { is: true, who: w });
        let mut list: Vec<(View, Query)> = p
            .filters
            .iter()
            .enumerate()
            .map(|(i, (name, payload))| (view(FILTER_BASE + i as u64, name, None), Query::Filter(payload.clone())))
            .collect();
        let status_only = |s: Status| Some(ViewFilter { all: vec![Cond::Status(Cmp::Is, s)], any: vec![] });
        list.extend([
            (view(MINE, "Mine", open_and(who(Who::Me))), Query::List("status=open&assignee_type=me".into())),
            (
                view(UNASSIGNED, "Unassigned", open_and(who(Who::Nobody))),
                Query::List("status=open&assignee_type=unassigned".into()),
            ),
            (view(ALL, "All open", open_and(None)), Query::List("status=open&assignee_type=all".into())),
            (view(PENDING, "Pending", status_only(Status::Pending)), Query::List("status=pending".into())),
            (view(SNOOZED, "Snoozed", status_only(Status::OnHold)), Query::List("status=snoozed".into())),
        ]);
        for (id, name) in &p.inboxes {
            // the inbox is not on the console's ticket, so these views are polled through Chatwoot
            list.push((
                view(INBOX_BASE + id, &format!("Inbox {name}"), None),
                Query::List(format!("status=open&inbox_id={id}")),
            ));
        }
        for (id, name) in &p.teams {
            let team = Some(Cond::Group { is: true, group: Some(*id) });
            list.push((
                view(TEAM_BASE + id, &format!("Team {name}"), open_and(team)),
                Query::List(format!("status=open&team_id={id}")),
            ));
        }
        for (id, name) in &p.labels {
            let tag = Some(Cond::Tag { has: true, tag: name.clone() });
            list.push((
                view(LABEL_BASE + id, &format!("Label {name}"), open_and(tag)),
                Query::List(format!("status=open&labels[]={}", enc(name))),
            ));
        }
        Views { list }
    }

    pub fn list(&self) -> Vec<View> {
        self.list.iter().map(|(v, _)| v.clone()).collect()
    }

    pub fn query(&self, id: ViewId) -> Option<&Query> {
        self.list.iter().find(|(v, _)| v.id == id).map(|(_, q)| q)
    }

    /// A built-in list view's query without knowing the account's inboxes, teams or labels
    /// (after a restart, before `views()` was asked again).
    pub fn builtin(id: ViewId) -> Option<Query> {
        let q = match id.0 {
            MINE => "status=open&assignee_type=me".to_string(),
            UNASSIGNED => "status=open&assignee_type=unassigned".into(),
            ALL => "status=open&assignee_type=all".into(),
            PENDING => "status=pending".into(),
            SNOOZED => "status=snoozed".into(),
            n if (INBOX_BASE..TEAM_BASE).contains(&n) => format!("status=open&inbox_id={}", n - INBOX_BASE),
            n if (TEAM_BASE..LABEL_BASE).contains(&n) => format!("status=open&team_id={}", n - TEAM_BASE),
            _ => return None,
        };
        Some(Query::List(q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn views_keep_their_ids_and_say_what_they_hold() {
        let parts = Parts {
            inboxes: vec![(4, "WhatsApp Support".into())],
            teams: vec![(2, "billing".into())],
            labels: vec![(1, "vip customer".into())],
            filters: vec![("VIP".into(), json!([{"attribute_key": "labels"}]))],
        };
        let v = Views::new(&parts);
        let titles: Vec<String> = v.list().iter().map(|v| v.title.clone()).collect();
        assert_eq!(
            titles,
            [
                "VIP",
                "Mine",
                "Unassigned",
                "All open",
                "Pending",
                "Snoozed",
                "Inbox WhatsApp Support",
                "Team billing",
                "Label vip customer"
            ]
        );
        assert_eq!(v.query(ViewId(LABEL_BASE + 1)), Some(&Query::List("status=open&labels[]=vip+customer".into())));
        assert_eq!(v.query(ViewId(FILTER_BASE)), Some(&Query::Filter(json!([{"attribute_key": "labels"}]))));
        assert!(v.list()[6].filter.is_none(), "an inbox is not on the ticket: polled through Chatwoot");
        assert!(v.list()[7].filter.is_some());
        assert_eq!(Views::builtin(ViewId(INBOX_BASE + 4)), v.query(ViewId(INBOX_BASE + 4)).cloned());
    }
}
