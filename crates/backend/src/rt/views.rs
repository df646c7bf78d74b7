//! Views on Request Tracker are TicketSQL queries: the profile's own, then built-in ones
//! (unowned, mine, one per queue, all active). Their ids are stable across restarts and
//! config edits to other views, so the local store's cached view still matches.

use crate::TicketCount;
use frontline_model::PriorityBands;
use frontline_model::{Cmp, Cond, Status, View, ViewFilter, ViewId, Who};

const ACTIVE: &str = "Status = '__Active__'";
/// Built-in views' ids; the profile's views are numbered 1.. in the order written.
const UNOWNED: u64 = 1_000_001;
const MINE: u64 = 1_000_002;
const ALL_ACTIVE: u64 = 1_000_003;
/// A queue's view is this plus the queue's id.
const QUEUE_BASE: u64 = 2_000_000;

/// Every view of a profile, with its query.
#[derive(Debug, Clone, Default)]
pub struct Views {
    list: Vec<(View, String)>,
}

impl Views {
    /// The profile's `(name, query)` views, then the built-in ones for these queues.
    pub fn new(custom: &[(String, String)], queues: &[(u64, String)]) -> Views {
        let mut list: Vec<(View, String)> =
            custom.iter().enumerate().map(|(i, (name, q))| (view(i as u64 + 1, name), q.clone())).collect();
        // the built-in views say what they hold, so a poll can sort changed tickets into them
        let active = Cond::Status(Cmp::Less, Status::Solved);
        let filtered = |v: View, also: Option<Cond>| View {
            filter: Some(ViewFilter { all: std::iter::once(active.clone()).chain(also).collect(), any: vec![] }),
            ..v
        };
        let owner = |who| Some(Cond::Assignee { is: true, who });
        list.push((filtered(view(UNOWNED, "Unowned"), owner(Who::Nobody)), format!("Owner = 'Nobody' AND {ACTIVE}")));
        list.push((filtered(view(MINE, "Mine"), owner(Who::Me)), format!("Owner = '__CurrentUser__' AND {ACTIVE}")));
        for (id, name) in queues {
            let queue = Some(Cond::Group { is: true, group: Some(*id) });
            let v = filtered(view(QUEUE_BASE + id, &format!("Queue {name}")), queue);
            list.push((v, format!("Queue = {id} AND {ACTIVE}")));
        }
        list.push((filtered(view(ALL_ACTIVE, "All active"), None), ACTIVE.to_string()));
        Views { list }
    }

    pub fn list(&self) -> Vec<View> {
        self.list.iter().map(|(v, _)| v.clone()).collect()
    }

    /// The view's TicketSQL.
    pub fn query(&self, id: ViewId) -> Option<&str> {
        self.list.iter().find(|(v, _)| v.id == id).map(|(_, q)| q.as_str())
    }
}

fn view(id: u64, title: &str) -> View {
    View::new(ViewId(id), frontline_model::text::sanitize_line(title))
}

/// The TicketSQL behind each count of the KPI bar.
pub fn count_query(what: TicketCount, bands: &PriorityBands) -> String {
    match what {
        TicketCount::Open => ACTIVE.to_string(),
        TicketCount::New => "Status = 'new'".to_string(),
        TicketCount::Unassigned => format!("Owner = 'Nobody' AND {ACTIVE}"),
        TicketCount::Urgent => format!("Priority >= {} AND {ACTIVE}", bands.urgent),
        TicketCount::Pending => "Status = 'stalled'".to_string(),
    }
}

/// A requester's tickets.
pub fn requested_by(user: u64) -> String {
    format!("Requestor.id = {user}")
}

/// Owners of active tickets: who can own tickets, as far as an agent's token can see.
pub fn owned_active() -> String {
    format!("Owner != 'Nobody' AND {ACTIVE}")
}

/// One ticket by id, through the list endpoint so it comes with the same inline fields.
pub fn by_id(id: u64) -> String {
    format!("id = {id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_views_come_first_and_ids_stay_put() {
        let queues = [(3, "Support".to_string()), (4, "Escalations".to_string())];
        let v = Views::new(&[("Refunds".into(), "Queue = 'Billing'".into())], &queues);
        let titles: Vec<String> = v.list().into_iter().map(|v| v.title).collect();
        assert_eq!(titles, ["Refunds", "Unowned", "Mine", "Queue Support", "Queue Escalations", "All active"]);
        assert_eq!(v.query(ViewId(1)), Some("Queue = 'Billing'"));
        assert_eq!(v.query(ViewId(QUEUE_BASE + 4)), Some("Queue = 4 AND Status = '__Active__'"));
        // without the custom view, the built-ins keep their ids
        let plain = Views::new(&[], &queues);
        assert_eq!(plain.query(ViewId(UNOWNED)), v.query(ViewId(UNOWNED)));
        assert_eq!(plain.query(ViewId(1)), None);
    }

    #[test]
    fn counts_use_the_urgent_band() {
        let b = PriorityBands { low: 0, normal: 10, high: 20, urgent: 90 };
        assert_eq!(count_query(TicketCount::Urgent, &b), "Priority >= 90 AND Status = '__Active__'");
    }
}
