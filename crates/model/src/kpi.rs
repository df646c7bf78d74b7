//! KPI definitions, as pure functions over what an agent's token can read. Each is written
//! in the README; a figure the token cannot see is `Figure::NoAccess`, never a wrong 0.

use super::{Satisfaction, Ticket, Timestamp};

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Figure<T> {
    #[default]
    Loading,
    Value(T),
    /// The token lacks the rights for it (the helpdesk answered 403).
    NoAccess,
    /// The helpdesk does not report it (or the request failed).
    Unavailable,
}

impl<T> Figure<T> {
    /// The same state with the value, if any, changed by `f`.
    pub fn map<U>(&self, f: impl FnOnce(&T) -> U) -> Figure<U> {
        match self {
            Figure::Value(v) => Figure::Value(f(v)),
            Figure::Loading => Figure::Loading,
            Figure::NoAccess => Figure::NoAccess,
            Figure::Unavailable => Figure::Unavailable,
        }
    }

    /// The value, when there is one.
    pub fn value(&self) -> Option<&T> {
        if let Figure::Value(v) = self { Some(v) } else { None }
    }
}

/// (key, label, definition) of every figure of the KPI bar, in its order; `frontline kpi
/// --json` uses the keys, the `:kpi` page the definitions.
pub const BAR_DEFINITIONS: &[(&str, &str, &str)] = &[
    ("open", "Open", "unsolved tickets: new, open, pending, on-hold"),
    ("new", "New", "tickets nobody has touched yet"),
    ("unassigned", "Unassigned", "unsolved tickets with no assignee"),
    ("urgent", "Urgent", "unsolved tickets with urgent priority"),
    ("pending", "Pending", "tickets waiting on the customer"),
    ("sla_breached", "SLA breached", "unsolved tickets of the view whose running SLA target has passed"),
    ("sla_at_risk", "SLA at risk", "unsolved tickets of the view that breach within at_risk_minutes"),
    ("next_breach_seconds", "Next breach", "time to the soonest breach still ahead (in seconds under --json)"),
    (
        "first_reply_median_minutes",
        "1st reply",
        "median time to the first public reply, over tickets first answered today (UTC; in minutes under --json)",
    ),
    ("csat_percent", "CSAT", "good ratings as a percentage of good + bad, over rated tickets updated today"),
    ("solved_today", "Solved today", "tickets solved since the start of the day (UTC)"),
];

/// Counts fetched from the helpdesk (whole helpdesk, not just the loaded view).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiInputs {
    pub open: Figure<u64>,
    pub new: Figure<u64>,
    pub unassigned: Figure<u64>,
    pub urgent: Figure<u64>,
    pub pending: Figure<u64>,
}

/// The KPI bar's figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Kpis {
    pub counts: KpiInputs,
    pub sla: SlaSummary,
    /// Median minutes to first reply, over tickets first answered today.
    pub first_reply_median: Figure<i64>,
    /// Percent of good ratings among tickets rated today.
    pub csat: Figure<u8>,
    pub solved_today: Figure<u64>,
    /// Average minutes from creation to resolution, from the helpdesk's own report
    /// (`Unavailable` where the helpdesk has none).
    pub resolution_avg: Figure<i64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlaSummary {
    /// Unsolved tickets whose SLA breach time has passed.
    pub breached: u64,
    /// Unsolved tickets that breach within the at-risk window.
    pub at_risk: u64,
    /// Seconds to the next breach that has not happened yet.
    pub next_breach_in: Option<i64>,
}

/// SLA state over unsolved tickets with a running clock.
pub fn sla_summary<'a>(tickets: impl IntoIterator<Item = &'a Ticket>, now: Timestamp, at_risk_secs: i64) -> SlaSummary {
    let mut s = SlaSummary::default();
    for t in tickets {
        if !t.status.is_unsolved() {
            continue;
        }
        let Some(left) = t.sla_remaining(now) else { continue };
        if left < 0 {
            s.breached += 1;
        } else {
            if left <= at_risk_secs {
                s.at_risk += 1;
            }
            s.next_breach_in = Some(s.next_breach_in.map_or(left, |n| n.min(left)));
        }
    }
    s
}

/// The start of the UTC day containing `now`.
pub fn day_start(now: Timestamp) -> Timestamp {
    now - now.rem_euclid(86_400)
}

/// Median of the samples (the lower middle for an even count); `None` when empty.
pub fn median(samples: &mut [i64]) -> Option<i64> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_unstable();
    Some(samples[(samples.len() - 1) / 2])
}

/// Good ratings as a whole percentage of good + bad; `None` without ratings.
pub fn csat_percent(good: u64, bad: u64) -> Option<u8> {
    let total = good + bad;
    (total > 0).then(|| ((good * 100 + total / 2) / total) as u8)
}

/// Figures over the tickets that changed today: first reply median (tickets whose first
/// reply happened today), CSAT (ratings on tickets updated today) and solved today.
pub fn today_figures<'a>(
    tickets: impl IntoIterator<Item = &'a Ticket>,
    now: Timestamp,
) -> (Figure<i64>, Figure<u8>, Figure<u64>) {
    let start = day_start(now);
    let mut replies = Vec::new();
    let (mut good, mut bad, mut solved) = (0, 0, 0);
    let mut metrics_seen = false;
    for t in tickets {
        if let Some(m) = t.first_reply_minutes {
            metrics_seen = true;
            if t.created_at + m * 60 >= start {
                replies.push(m);
            }
        }
        if t.updated_at >= start {
            match t.satisfaction {
                Satisfaction::Good => good += 1,
                Satisfaction::Bad => bad += 1,
                _ => {}
            }
        }
        if t.solved_at.is_some_and(|s| s >= start) {
            solved += 1;
        }
    }
    let frt = match median(&mut replies) {
        Some(m) => Figure::Value(m),
        None if metrics_seen => Figure::Unavailable,
        None => Figure::Unavailable,
    };
    let csat = csat_percent(good, bad).map_or(Figure::Unavailable, Figure::Value);
    (frt, csat, Figure::Value(solved))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{Channel, SlaClock, Status, TicketId};

    pub fn ticket(id: u64, status: Status, breach_at: Option<i64>) -> Ticket {
        Ticket {
            id: TicketId(id),
            subject: format!("t{id}"),
            status,
            channel: Channel::Email,
            sla: breach_at.map(|b| SlaClock { metric: "first_reply_time".into(), breach_at: Some(b) }),
            ..Ticket::blank()
        }
    }

    #[test]
    fn sla_counts_breached_at_risk_and_next() {
        let now = 10_000;
        let ts = [
            ticket(1, Status::Open, Some(now - 5)),     // breached
            ticket(2, Status::Open, Some(now + 600)),   // at risk (within 30 min)
            ticket(3, Status::New, Some(now + 7200)),   // fine
            ticket(4, Status::Solved, Some(now - 100)), // solved: ignored
            ticket(5, Status::Pending, None),           // no clock
        ];
        let s = sla_summary(&ts, now, 1800);
        assert_eq!(s, SlaSummary { breached: 1, at_risk: 1, next_breach_in: Some(600) });
    }

    #[test]
    fn median_and_csat() {
        assert_eq!(median(&mut [5, 1, 3]), Some(3));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2));
        assert_eq!(median(&mut []), None);
        assert_eq!(csat_percent(3, 1), Some(75));
        assert_eq!(csat_percent(0, 0), None);
        assert_eq!(csat_percent(2, 1), Some(67));
    }

    #[test]
    fn today_figures_only_count_today() {
        let now = 3 * 86_400 + 3600 * 12;
        let mut a = ticket(1, Status::Solved, None);
        a.created_at = now - 3600;
        a.updated_at = now - 60;
        a.first_reply_minutes = Some(20);
        a.satisfaction = Satisfaction::Good;
        a.solved_at = Some(now - 60);
        let mut b = ticket(2, Status::Open, None);
        b.created_at = now - 5 * 86_400;
        b.first_reply_minutes = Some(90); // first reply days ago
        b.updated_at = now - 4 * 86_400;
        b.satisfaction = Satisfaction::Bad; // rated long ago
        let (frt, csat, solved) = today_figures(&[a, b], now);
        assert_eq!(frt, Figure::Value(20));
        assert_eq!(csat, Figure::Value(100));
        assert_eq!(solved, Figure::Value(1));
    }
}

/// Unsolved tickets per channel, busiest first (ties in channel order).
pub fn channel_counts<'a>(tickets: impl IntoIterator<Item = &'a Ticket>) -> Vec<(super::Channel, u64)> {
    let mut counts: std::collections::BTreeMap<super::Channel, u64> = Default::default();
    for t in tickets.into_iter().filter(|t| t.status.is_unsolved()) {
        *counts.entry(t.channel).or_default() += 1;
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Tickets created in each of the last `hours` hours, oldest hour first.
pub fn arrivals_per_hour<'a>(tickets: impl IntoIterator<Item = &'a Ticket>, now: Timestamp, hours: usize) -> Vec<u64> {
    let mut buckets = vec![0; hours];
    for t in tickets {
        let age = now - t.created_at;
        if age >= 0 && (age / 3600) < hours as i64 {
            buckets[hours - 1 - (age / 3600) as usize] += 1;
        }
    }
    buckets
}

/// Good and bad ratings on the tickets updated within `period` (each ticket once).
pub fn ratings<'a>(tickets: impl IntoIterator<Item = &'a Ticket>, period: std::ops::Range<Timestamp>) -> (u64, u64) {
    let mut seen = std::collections::HashSet::new();
    tickets.into_iter().filter(|t| period.contains(&t.updated_at) && seen.insert(t.id)).fold(
        (0, 0),
        |(g, b), t| match t.satisfaction {
            Satisfaction::Good => (g + 1, b),
            Satisfaction::Bad => (g, b + 1),
            _ => (g, b),
        },
    )
}

/// Tickets solved in each of the last `hours` hours, oldest first (merges left out).
pub fn solved_per_hour<'a>(tickets: impl IntoIterator<Item = &'a Ticket>, now: Timestamp, hours: usize) -> Vec<u64> {
    let mut buckets = vec![0; hours];
    let mut seen = std::collections::HashSet::new();
    for t in tickets {
        let Some(at) = t.solved_at else { continue };
        let age = now - at;
        if age >= 0
            && (age / 3600) < hours as i64
            && !t.tags.iter().any(|x| x == crate::MERGED_TAG)
            && seen.insert(t.id)
        {
            buckets[hours - 1 - (age / 3600) as usize] += 1;
        }
    }
    buckets
}

/// A row of block characters for a small trend: ▁ for the least, █ for the most.
pub fn sparkline(values: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let (lo, hi) = (values.iter().min().copied().unwrap_or(0), values.iter().max().copied().unwrap_or(0));
    values.iter().map(|v| if hi == lo { BARS[0] } else { BARS[((v - lo) * 7 / (hi - lo)) as usize] }).collect()
}

#[cfg(test)]
mod trend_tests {
    use super::tests::ticket;
    use super::*;
    use crate::{Channel, Status};

    #[test]
    fn channels_arrivals_and_sparklines() {
        let now = 100_000;
        let mut a = ticket(1, Status::Open, None);
        a.channel = Channel::WhatsApp;
        a.created_at = now - 600;
        let mut b = ticket(2, Status::New, None);
        b.channel = Channel::WhatsApp;
        b.created_at = now - 3 * 3600 - 5;
        let mut c = ticket(3, Status::Solved, None);
        c.channel = Channel::Phone;
        c.created_at = now - 600;
        let ts = [a, b, c];
        assert_eq!(channel_counts(&ts), vec![(Channel::WhatsApp, 2)], "solved tickets do not count");
        assert_eq!(arrivals_per_hour(&ts, now, 4), vec![1, 0, 0, 2]);
        assert_eq!(sparkline(&[0, 7, 14]), "▁▄█");
        assert_eq!(sparkline(&[3, 3]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }
}
