//! The KPI bar's inputs kept per ticket, so that one changed ticket costs a few sorted-vector
//! operations instead of a pass over every ticket held: running SLA breach times and creation
//! times in order (breached, at risk, next breach and arrivals per hour are binary searches),
//! and unsolved tickets per channel as counters. The results equal `sla_summary`,
//! `channel_counts` and `arrivals_per_hour` over the same tickets.

use super::{Channel, SlaSummary, Ticket, TicketId, Timestamp};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq)]
struct Contribution {
    /// When the running clock breaches, for an unsolved ticket.
    breach: Option<Timestamp>,
    /// The channel, for an unsolved ticket.
    channel: Option<Channel>,
    created: Timestamp,
}

impl Contribution {
    fn of(t: &Ticket) -> Contribution {
        let unsolved = t.status.is_unsolved();
        Contribution {
            breach: if unsolved { t.sla.as_ref().and_then(|s| s.breach_at) } else { None },
            channel: unsolved.then_some(t.channel),
            created: t.created_at,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct KpiIndex {
    by_id: HashMap<TicketId, Contribution>,
    breaches: Vec<(Timestamp, TicketId)>,
    created: Vec<(Timestamp, TicketId)>,
    channels: BTreeMap<Channel, u64>,
}

fn insert(v: &mut Vec<(Timestamp, TicketId)>, x: (Timestamp, TicketId)) {
    let at = v.partition_point(|y| *y < x);
    v.insert(at, x);
}

fn remove(v: &mut Vec<(Timestamp, TicketId)>, x: (Timestamp, TicketId)) {
    let at = v.partition_point(|y| *y < x);
    if v.get(at) == Some(&x) {
        v.remove(at);
    }
}

impl KpiIndex {
    /// Built from scratch (after a whole view or day was loaded).
    pub fn build<'a>(tickets: impl IntoIterator<Item = &'a Ticket>) -> KpiIndex {
        let mut ix = KpiIndex::default();
        for t in tickets {
            let c = Contribution::of(t);
            if ix.by_id.insert(t.id, c).is_some() {
                continue; // the first one given wins, as `set` callers expect
            }
            if let Some(b) = c.breach {
                ix.breaches.push((b, t.id));
            }
            if let Some(ch) = c.channel {
                *ix.channels.entry(ch).or_default() += 1;
            }
            ix.created.push((c.created, t.id));
        }
        ix.breaches.sort_unstable();
        ix.created.sort_unstable();
        ix
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn contains(&self, id: TicketId) -> bool {
        self.by_id.contains_key(&id)
    }

    /// What ticket `id` counts as now: `Some(ticket)`, or `None` when the console holds it no more.
    pub fn set(&mut self, id: TicketId, t: Option<&Ticket>) {
        let new = t.map(Contribution::of);
        let old = self.by_id.get(&id).copied();
        if old == new {
            return;
        }
        if let Some(o) = old {
            if let Some(b) = o.breach {
                remove(&mut self.breaches, (b, id));
            }
            if let Some(ch) = o.channel
                && let Some(n) = self.channels.get_mut(&ch)
            {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.channels.remove(&ch);
                }
            }
            remove(&mut self.created, (o.created, id));
            self.by_id.remove(&id);
        }
        if let Some(c) = new {
            if let Some(b) = c.breach {
                insert(&mut self.breaches, (b, id));
            }
            if let Some(ch) = c.channel {
                *self.channels.entry(ch).or_default() += 1;
            }
            insert(&mut self.created, (c.created, id));
            self.by_id.insert(id, c);
        }
    }

    /// As `sla_summary`: breached, at risk within `at_risk_secs`, seconds to the next breach.
    pub fn sla(&self, now: Timestamp, at_risk_secs: i64) -> SlaSummary {
        let breached = self.breaches.partition_point(|(b, _)| *b < now);
        let risk_end = self.breaches.partition_point(|(b, _)| *b <= now + at_risk_secs);
        SlaSummary {
            breached: breached as u64,
            at_risk: risk_end.saturating_sub(breached) as u64,
            next_breach_in: self.breaches.get(breached).map(|(b, _)| b - now),
        }
    }

    /// As `channel_counts`: unsolved tickets per channel, most first.
    pub fn channel_counts(&self) -> Vec<(Channel, u64)> {
        let mut v: Vec<_> = self.channels.iter().map(|(c, n)| (*c, *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// As `arrivals_per_hour`: tickets created in each of the last `hours` hours, oldest first.
    pub fn arrivals_per_hour(&self, now: Timestamp, hours: usize) -> Vec<u64> {
        (0..hours as i64)
            .rev()
            .map(|h| {
                // ages h*3600 ..= h*3600+3599, i.e. created in (now - (h+1)*3600, now - h*3600]
                let lo = self.created.partition_point(|(c, _)| *c <= now - (h + 1) * 3600);
                let hi = self.created.partition_point(|(c, _)| *c <= now - h * 3600);
                (hi - lo) as u64
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{arrivals_per_hour, channel_counts, sla_summary};
    use proptest::prelude::*;

    const NOW: Timestamp = 1_000_000;

    fn ticket(id: u64, kind: u8, breach: i64, created: i64) -> Ticket {
        let mut t = crate::testkit::ticket(id, NOW);
        t.id = TicketId(id);
        t.status = [crate::Status::Open, crate::Status::Pending, crate::Status::Solved][(kind % 3) as usize].clone();
        t.channel = [Channel::Email, Channel::Chat, Channel::WhatsApp][(kind / 3 % 3) as usize];
        if let Some(s) = t.sla.as_mut() {
            s.breach_at = (!kind.is_multiple_of(5)).then_some(NOW + breach);
        }
        t.created_at = NOW - created;
        t
    }

    proptest! {
        /// After any sequence of changes and removals, the index answers what a full pass does.
        #[test]
        fn the_index_agrees_with_a_full_pass(
            start in proptest::collection::vec((0u64..60, any::<u8>(), -7200i64..7200, 0i64..50_000), 0..80),
            changes in proptest::collection::vec((0u64..60, any::<u8>(), -7200i64..7200, 0i64..50_000, any::<bool>()), 0..80),
        ) {
            let mut held: std::collections::BTreeMap<u64, Ticket> = Default::default();
            for (id, k, b, c) in start {
                held.entry(id).or_insert_with(|| ticket(id, k, b, c));
            }
            let mut ix = KpiIndex::build(held.values());
            for (id, k, b, c, gone) in changes {
                if gone {
                    held.remove(&id);
                    ix.set(TicketId(id), None);
                } else {
                    let t = ticket(id, k, b, c);
                    ix.set(TicketId(id), Some(&t));
                    held.insert(id, t);
                }
            }
            prop_assert_eq!(ix.sla(NOW, 1800), sla_summary(held.values(), NOW, 1800));
            prop_assert_eq!(ix.channel_counts(), channel_counts(held.values()));
            prop_assert_eq!(ix.arrivals_per_hour(NOW, 12), arrivals_per_hour(held.values(), NOW, 12));
            prop_assert_eq!(ix.len(), held.len());
        }
    }
}
