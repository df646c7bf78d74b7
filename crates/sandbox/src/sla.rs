//! SLA policies of the sandbox (one per priority, first and next reply targets) and the live
//! state of a ticket's SLA metrics, as Zendesk reports them in `include=slas`.

use super::store::TicketRow;

pub struct Policy {
    pub id: i64,
    pub priority: &'static str,
    pub title: &'static str,
    /// Minutes to the first public agent reply.
    pub first_reply: i64,
    /// Minutes to answer a customer's follow-up.
    pub next_reply: i64,
}

pub const POLICIES: [Policy; 4] = [
    Policy { id: 901, priority: "urgent", title: "Urgent: 1h first reply", first_reply: 60, next_reply: 120 },
    Policy { id: 902, priority: "high", title: "High: 4h first reply", first_reply: 240, next_reply: 480 },
    Policy { id: 903, priority: "normal", title: "Normal: 8h first reply", first_reply: 480, next_reply: 1440 },
    Policy { id: 904, priority: "low", title: "Low: 24h first reply", first_reply: 1440, next_reply: 2880 },
];

pub fn policy_for(priority: Option<&str>) -> &'static Policy {
    let p = priority.unwrap_or("normal");
    POLICIES.iter().find(|x| x.priority == p).unwrap_or(&POLICIES[2])
}

/// One SLA metric of a ticket that is still running (or paused).
#[derive(Debug, Clone, PartialEq)]
pub struct MetricState {
    pub metric: &'static str,
    pub stage: &'static str,
    pub breach_at: Option<i64>,
}

/// The SLA metrics in force on `t`: first reply until an agent has answered publicly, then
/// next reply while a customer's message waits. Pending and on-hold pause the clock; solved
/// and closed tickets have none.
pub fn metrics(t: &TicketRow) -> Vec<MetricState> {
    if matches!(t.status.as_str(), "solved" | "closed") {
        return Vec::new();
    }
    let policy = policy_for(t.priority.as_deref());
    let paused = matches!(t.status.as_str(), "pending" | "hold");
    let (metric, start, target) = match t.first_reply_at {
        None => ("first_reply_time", t.created_at, policy.first_reply),
        Some(_) => match t.awaiting_since {
            Some(since) => ("next_reply_time", since, policy.next_reply),
            None => return Vec::new(),
        },
    };
    if paused {
        return vec![MetricState { metric, stage: "paused", breach_at: None }];
    }
    vec![MetricState { metric, stage: "active", breach_at: Some(start + target * 60) }]
}
