//! What a view holds, in terms the console can check on a ticket it already has. A poll that
//! fetched what changed anywhere decides from it which changed tickets belong to the view, so
//! it need not ask the view too: one request a poll instead of two. Adapters build a filter
//! only from conditions they fully understand; a view with any other condition has none and
//! is polled through the helpdesk.

use super::{Priority, Status, Ticket, UserId};

/// Whose a ticket is, as a view's condition names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Who {
    /// The agent the console signs in as.
    Me,
    Nobody,
    Agent(UserId),
}

/// One condition on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Cond {
    /// Status compared in the helpdesk's order new < open < pending < on-hold < solved < closed.
    Status(Cmp, Status),
    /// Priority compared in the order low < normal < high < urgent; no priority is below low.
    Priority(Cmp, Option<Priority>),
    Assignee {
        is: bool,
        who: Who,
    },
    Group {
        is: bool,
        group: Option<u64>,
    },
    /// The ticket has (or with `has: false` lacks) this tag.
    Tag {
        has: bool,
        tag: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Cmp {
    Is,
    IsNot,
    Less,
    Greater,
}

/// Every condition of `all`, and at least one of `any` when it has some (Zendesk's shape).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ViewFilter {
    pub all: Vec<Cond>,
    pub any: Vec<Cond>,
}

fn status_rank(s: &Status) -> Option<u8> {
    match s {
        Status::New => Some(0),
        Status::Open => Some(1),
        Status::Pending => Some(2),
        Status::OnHold => Some(3),
        Status::Solved => Some(4),
        Status::Closed => Some(5),
        Status::Other(_) => None,
    }
}

fn priority_rank(p: Option<Priority>) -> u8 {
    match p {
        None => 0,
        Some(Priority::Low) => 1,
        Some(Priority::Normal) => 2,
        Some(Priority::High) => 3,
        Some(Priority::Urgent) => 4,
    }
}

fn compare(cmp: Cmp, have: u8, want: u8) -> bool {
    match cmp {
        Cmp::Is => have == want,
        Cmp::IsNot => have != want,
        Cmp::Less => have < want,
        Cmp::Greater => have > want,
    }
}

impl Cond {
    /// Whether `t` meets the condition; `None` when the console cannot tell (a custom status,
    /// "mine" before the agent is known).
    pub fn holds(&self, t: &Ticket, me: Option<UserId>) -> Option<bool> {
        Some(match self {
            Cond::Status(cmp, want) => compare(*cmp, status_rank(&t.status)?, status_rank(want)?),
            Cond::Priority(cmp, want) => compare(*cmp, priority_rank(t.priority), priority_rank(*want)),
            Cond::Assignee { is, who } => {
                let matches = match who {
                    Who::Me => t.assignee.is_some() && t.assignee == Some(me?),
                    Who::Nobody => t.assignee.is_none(),
                    Who::Agent(a) => t.assignee == Some(*a),
                };
                matches == *is
            }
            Cond::Group { is, group } => (t.group == *group) == *is,
            Cond::Tag { has, tag } => t.tags.iter().any(|x| x.eq_ignore_ascii_case(tag)) == *has,
        })
    }
}

impl ViewFilter {
    /// Whether `t` belongs to the view; `None` when some condition cannot be told here.
    pub fn matches(&self, t: &Ticket, me: Option<UserId>) -> Option<bool> {
        for c in &self.all {
            if !c.holds(t, me)? {
                return Some(false);
            }
        }
        if self.any.is_empty() {
            return Some(true);
        }
        let mut unknown = false;
        for c in &self.any {
            match c.holds(t, me) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => unknown = true,
            }
        }
        if unknown { None } else { Some(false) }
    }

    /// The KPI count that holds exactly this view's tickets, if one does: the filter and the
    /// count agree on every status, priority and assignee a ticket can have. A view with a
    /// group or tag condition is never one (those narrow it in ways no count does). The
    /// wallboard and the views picker show that count for the view, so the two never differ.
    pub fn same_as_count(&self) -> Option<super::TicketCount> {
        let narrows = |c: &Cond| matches!(c, Cond::Group { .. } | Cond::Tag { .. });
        if self.all.iter().chain(&self.any).any(narrows) {
            return None;
        }
        let me = UserId(1);
        // every agent a condition names, besides the agent and a colleague: "not agent 7"
        // must not pass for the count of everyone's tickets
        let mut agents = vec![None, Some(me), Some(UserId(2))];
        for c in self.all.iter().chain(&self.any) {
            if let Cond::Assignee { who: Who::Agent(id), .. } = c {
                agents.push(Some(*id));
            }
        }
        let statuses = [Status::New, Status::Open, Status::Pending, Status::OnHold, Status::Solved, Status::Closed];
        let priorities =
            [None, Some(Priority::Low), Some(Priority::Normal), Some(Priority::High), Some(Priority::Urgent)];
        let mut tickets = Vec::new();
        for status in &statuses {
            for priority in priorities {
                for assignee in agents.iter().copied() {
                    let mut t = Ticket::blank();
                    t.status = status.clone();
                    t.priority = priority;
                    t.assignee = assignee;
                    tickets.push(t);
                }
            }
        }
        super::TicketCount::ALL
            .into_iter()
            .find(|c| tickets.iter().all(|t| self.matches(t, Some(me)) == Some(c.counts(t))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::ticket;

    fn all(c: Vec<Cond>) -> ViewFilter {
        ViewFilter { all: c, any: vec![] }
    }

    #[test]
    fn a_view_is_a_count_only_when_it_holds_the_same_tickets() {
        use crate::TicketCount;
        let unassigned =
            all(vec![Cond::Assignee { is: true, who: Who::Nobody }, Cond::Status(Cmp::Less, Status::Solved)]);
        assert_eq!(unassigned.same_as_count(), Some(TicketCount::Unassigned), "in any order");
        let pending = all(vec![Cond::Status(Cmp::Is, Status::Pending)]);
        assert_eq!(pending.same_as_count(), Some(TicketCount::Pending));
        // mine, a group's, a tag's, or unassigned but new only: no count holds them
        for other in [
            all(vec![Cond::Status(Cmp::Less, Status::Solved), Cond::Assignee { is: true, who: Who::Me }]),
            all(vec![Cond::Status(Cmp::Less, Status::Solved), Cond::Group { is: true, group: Some(3) }]),
            all(vec![Cond::Status(Cmp::Less, Status::Solved), Cond::Tag { has: false, tag: "spam".into() }]),
            all(vec![Cond::Status(Cmp::Is, Status::New), Cond::Assignee { is: true, who: Who::Nobody }]),
            all(vec![
                Cond::Status(Cmp::Less, Status::Solved),
                Cond::Assignee { is: false, who: Who::Agent(UserId(12_345)) },
            ]),
        ] {
            assert_eq!(other.same_as_count(), None, "{other:?}");
        }
    }

    #[test]
    fn unsolved_and_unassigned_is_the_unassigned_view() {
        let f = all(vec![Cond::Status(Cmp::Less, Status::Solved), Cond::Assignee { is: true, who: Who::Nobody }]);
        let mut t = ticket(1, 1_700_000_000);
        t.status = Status::Open;
        t.assignee = None;
        assert_eq!(f.matches(&t, None), Some(true));
        t.assignee = Some(UserId(5));
        assert_eq!(f.matches(&t, None), Some(false));
        t.assignee = None;
        t.status = Status::Solved;
        assert_eq!(f.matches(&t, None), Some(false));
        t.status = Status::OnHold;
        assert_eq!(f.matches(&t, None), Some(true));
    }

    #[test]
    fn mine_needs_the_agent_and_custom_statuses_cannot_be_told() {
        let f = all(vec![Cond::Assignee { is: true, who: Who::Me }]);
        let mut t = ticket(1, 1_700_000_000);
        t.assignee = Some(UserId(7));
        assert_eq!(f.matches(&t, None), None);
        assert_eq!(f.matches(&t, Some(UserId(7))), Some(true));
        assert_eq!(f.matches(&t, Some(UserId(8))), Some(false));
        let f = all(vec![Cond::Status(Cmp::Less, Status::Solved)]);
        t.status = Status::Other("waiting on warehouse".into());
        assert_eq!(f.matches(&t, None), None);
    }

    #[test]
    fn priorities_groups_tags_and_any() {
        let mut t = ticket(1, 1_700_000_000);
        t.priority = Some(Priority::High);
        t.group = Some(3);
        t.tags = vec!["VIP".into()];
        assert_eq!(all(vec![Cond::Priority(Cmp::Greater, Some(Priority::Normal))]).matches(&t, None), Some(true));
        assert_eq!(all(vec![Cond::Priority(Cmp::Is, Some(Priority::Urgent))]).matches(&t, None), Some(false));
        assert_eq!(all(vec![Cond::Group { is: true, group: Some(3) }]).matches(&t, None), Some(true));
        assert_eq!(all(vec![Cond::Group { is: false, group: None }]).matches(&t, None), Some(true));
        assert_eq!(all(vec![Cond::Tag { has: true, tag: "vip".into() }]).matches(&t, None), Some(true));
        let any = ViewFilter {
            all: vec![],
            any: vec![Cond::Group { is: true, group: Some(9) }, Cond::Tag { has: false, tag: "vip".into() }],
        };
        assert_eq!(any.matches(&t, None), Some(false));
        t.group = Some(9);
        assert_eq!(any.matches(&t, None), Some(true));
    }
}
