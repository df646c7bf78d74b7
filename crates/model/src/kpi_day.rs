//! The day's team figures beyond the KPI bar: resolution rate, one-touch resolution, median
//! full resolution time, median handle time (the time agents recorded), reopen rate, first replies within target per channel, and the age of
//! the backlog. Pure functions over the tickets the console holds (today's changes and the
//! view); a figure the helpdesk gives no data for is `Unavailable`, never a made-up 0.
//! Tickets closed by a merge are not resolutions: Zendesk tags them `closed_by_merge`.

use super::{Channel, Figure, Ticket, TicketMetrics, Timestamp, day_start, median};

/// The tag Zendesk puts on a ticket it closed by merging it into another.
pub const MERGED_TAG: &str = "closed_by_merge";

/// (key, label, definition) of each day figure, in the KPI page's order; `frontline kpi
/// --json` uses the keys.
pub const DAY_DEFINITIONS: &[(&str, &str, &str)] = &[
    (
        "resolution_rate_percent",
        "Resolution rate",
        "tickets solved today as a percentage of tickets created today (UTC day; merges left out; may pass 100)",
    ),
    (
        "one_touch_percent",
        "One-touch",
        "of tickets solved today, the percentage solved with exactly one public agent reply",
    ),
    (
        "resolution_median_minutes",
        "Resolution time",
        "median time from creation to the last solve, over tickets solved today (in minutes under --json)",
    ),
    (
        "handle_median_seconds",
        "Handle time",
        "median time agents recorded on tickets solved today (Zendesk's Time Tracking fields, RT's TimeWorked; in seconds under --json)",
    ),
    ("reopen_rate_percent", "Reopened", "of tickets solved today, the percentage reopened at least once"),
    (
        "first_reply_in_target_percent",
        "1st reply in target",
        "of tickets first answered today, the percentage answered within first_reply_target_minutes",
    ),
    (
        "backlog_median_age_minutes",
        "Backlog age",
        "median age of the view's unsolved tickets (in minutes under --json)",
    ),
    (
        "backlog_oldest_age_minutes",
        "Oldest unsolved",
        "age of the view's oldest unsolved ticket (in minutes under --json)",
    ),
];

/// The day's figures, for the KPI page and `frontline kpi`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DayFigures {
    /// Tickets solved today as a percentage of tickets created today (may pass 100).
    pub resolution_rate: Figure<u32>,
    /// Of tickets solved today, the percentage solved with exactly one public agent reply.
    pub one_touch: Figure<u8>,
    /// Median minutes from creation to the last solve, over tickets solved today.
    pub resolution_median: Figure<i64>,
    /// Median seconds recorded on the tickets solved today, over those with a recorded time.
    pub handle_median: Figure<i64>,
    /// Of tickets solved today, the percentage that had been reopened at least once.
    pub reopen_rate: Figure<u8>,
    /// Of tickets first answered today, the percentage answered within the target, overall.
    pub first_reply_in_target: Figure<u8>,
    /// The same per channel: channel, percentage, tickets first answered today.
    pub first_reply_in_target_by_channel: Vec<(Channel, u8, u64)>,
    /// Median age in minutes of the unsolved tickets held.
    pub backlog_median_age: Figure<i64>,
    /// Age in minutes of the oldest unsolved ticket held.
    pub backlog_oldest_age: Figure<i64>,
}

impl DayFigures {
    /// Each figure in `DAY_DEFINITIONS` order: percentages and minutes as whole numbers.
    pub fn values(&self) -> [Figure<i64>; 8] {
        let wide = |f: &Figure<u8>| f.map(|v| i64::from(*v));
        [
            self.resolution_rate.map(|v| i64::from(*v)),
            wide(&self.one_touch),
            self.resolution_median.clone(),
            self.handle_median.clone(),
            wide(&self.reopen_rate),
            wide(&self.first_reply_in_target),
            self.backlog_median_age.clone(),
            self.backlog_oldest_age.clone(),
        ]
    }
}

fn percent(part: u64, whole: u64) -> Option<u8> {
    (whole > 0).then(|| ((part * 100 + whole / 2) / whole).min(100) as u8)
}

fn solved_within(t: &Ticket, start: Timestamp, end: Timestamp) -> bool {
    t.solved_at.is_some_and(|s| s >= start && s < end) && !t.tags.iter().any(|x| x == MERGED_TAG)
}

/// The day's figures over `today` (tickets changed today) and `held` (the view's tickets, for
/// the backlog), with first replies compared to `target_minutes`.
pub fn day_figures<'a>(
    today: impl IntoIterator<Item = &'a Ticket> + Clone,
    held: impl IntoIterator<Item = &'a Ticket>,
    now: Timestamp,
    target_minutes: i64,
) -> DayFigures {
    period_figures(today, held, day_start(now), now + 1, now, target_minutes)
}

/// The same figures over the period `start..end` (`frontline kpi --since … --until …`):
/// `changed` holds the tickets changed since `start`; the backlog is `held`'s, aged at `now`.
pub fn period_figures<'a>(
    changed: impl IntoIterator<Item = &'a Ticket> + Clone,
    held: impl IntoIterator<Item = &'a Ticket>,
    start: Timestamp,
    end: Timestamp,
    now: Timestamp,
    target_minutes: i64,
) -> DayFigures {
    let today = changed;
    let (mut created, mut solved) = (0u64, 0u64);
    let (mut touch_known, mut one_touch) = (0u64, 0u64);
    let (mut reopen_known, mut reopened) = (0u64, 0u64);
    let mut resolution = Vec::new();
    let mut handle = Vec::new();
    let mut by_channel: Vec<(Channel, u64, u64)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for t in today.clone() {
        if !seen.insert(t.id) {
            continue;
        }
        if t.created_at >= start && t.created_at < end {
            created += 1;
        }
        if let Some(m) = t.first_reply_minutes
            && (start..end).contains(&(t.created_at + m * 60))
        {
            let i = match by_channel.iter().position(|(c, _, _)| *c == t.channel) {
                Some(i) => i,
                None => {
                    by_channel.push((t.channel, 0, 0));
                    by_channel.len() - 1
                }
            };
            by_channel[i].2 += 1;
            by_channel[i].1 += u64::from(m <= target_minutes);
        }
        if !solved_within(t, start, end) {
            continue;
        }
        solved += 1;
        let TicketMetrics { public_replies, reopens, full_resolution_minutes, handle_seconds } = t.metrics;
        if let Some(n) = public_replies {
            touch_known += 1;
            one_touch += u64::from(n == 1);
        }
        if let Some(n) = reopens {
            reopen_known += 1;
            reopened += u64::from(n > 0);
        }
        if let Some(m) = full_resolution_minutes {
            resolution.push(m);
        }
        // a ticket nobody recorded time on says nothing about handle time
        if let Some(s) = handle_seconds.filter(|s| *s > 0) {
            handle.push(i64::try_from(s).unwrap_or(i64::MAX));
        }
    }
    let mut counted = std::collections::HashSet::new();
    let mut ages: Vec<i64> = held
        .into_iter()
        .filter(|t| t.status.is_unsolved() && counted.insert(t.id))
        .map(|t| (now - t.created_at).max(0) / 60)
        .collect();
    let oldest = ages.iter().max().copied();
    let fig = |v: Option<u8>| v.map_or(Figure::Unavailable, Figure::Value);
    by_channel.sort_by_key(|(c, _, _)| *c);
    let (within, answered) = by_channel.iter().fold((0, 0), |(w, a), (_, wi, an)| (w + wi, a + an));
    DayFigures {
        resolution_rate: (solved * 100 + created / 2)
            .checked_div(created)
            .map_or(Figure::Unavailable, |p| Figure::Value(p as u32)),
        one_touch: fig(percent(one_touch, touch_known)),
        resolution_median: median(&mut resolution).map_or(Figure::Unavailable, Figure::Value),
        handle_median: median(&mut handle).map_or(Figure::Unavailable, Figure::Value),
        reopen_rate: fig(percent(reopened, reopen_known)),
        first_reply_in_target: fig(percent(within, answered)),
        first_reply_in_target_by_channel: by_channel
            .iter()
            .filter_map(|(c, w, a)| percent(*w, *a).map(|p| (*c, p, *a)))
            .collect(),
        backlog_median_age: median(&mut ages).map_or(Figure::Unavailable, Figure::Value),
        backlog_oldest_age: oldest.map_or(Figure::Unavailable, Figure::Value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::tests::ticket;
    use crate::{Status, TicketId};

    /// Noon on day 3 (UTC).
    const NOW: i64 = 3 * 86_400 + 12 * 3600;
    const START: i64 = 3 * 86_400;

    fn solved(id: u64, replies: Option<u32>, reopens: Option<u32>, minutes: Option<i64>) -> Ticket {
        let mut t = ticket(id, Status::Solved, None);
        t.created_at = START - 3600;
        t.updated_at = NOW - 60;
        t.solved_at = Some(NOW - 60);
        t.metrics =
            TicketMetrics { public_replies: replies, reopens, full_resolution_minutes: minutes, handle_seconds: None };
        t
    }

    #[test]
    fn resolution_one_touch_reopens_and_merges() {
        let mut created = ticket(10, Status::Open, None);
        created.created_at = START + 60;
        let mut created2 = ticket(11, Status::New, None);
        created2.created_at = NOW - 5;
        let mut merged = solved(5, Some(0), Some(0), Some(3));
        merged.tags.push(MERGED_TAG.into());
        let mut yesterday = solved(6, Some(1), Some(0), Some(1));
        yesterday.solved_at = Some(START - 1); // 23:59:59 the day before: not today
        let today = [
            solved(1, Some(1), Some(0), Some(30)),  // one touch
            solved(2, Some(3), Some(1), Some(600)), // reopened, three replies
            solved(3, Some(0), Some(0), Some(10)),  // solved by a macro without a reply: not one touch
            solved(4, None, None, None),            // the helpdesk does not say
            merged,
            yesterday,
            created,
            created2,
        ];
        let d = day_figures(&today, &[], NOW, 60);
        assert_eq!(d.resolution_rate, Figure::Value(200), "4 solved (merge left out) over 2 created");
        assert_eq!(d.one_touch, Figure::Value(33), "1 of the 3 whose replies are known");
        assert_eq!(d.reopen_rate, Figure::Value(33));
        assert_eq!(d.resolution_median, Figure::Value(30));
        // the same ticket twice (view and today's changes) counts once
        let twice = [solved(1, Some(1), Some(0), Some(30)), solved(1, Some(1), Some(0), Some(30))];
        assert_eq!(day_figures(&twice, &[], NOW, 60).one_touch, Figure::Value(100));
    }

    #[test]
    fn nothing_known_is_unavailable_not_zero() {
        let d = day_figures(&[solved(1, None, None, None)], &[], NOW, 60);
        assert_eq!(d.resolution_rate, Figure::Unavailable, "nothing created today");
        assert_eq!(
            (d.one_touch, d.reopen_rate, d.resolution_median),
            (Figure::Unavailable, Figure::Unavailable, Figure::Unavailable)
        );
        assert_eq!(d.backlog_oldest_age, Figure::Unavailable);
    }

    #[test]
    fn handle_time_is_the_median_of_recorded_times_on_tickets_solved_today() {
        let timed = |id: u64, seconds: Option<u64>| {
            let mut t = solved(id, Some(1), Some(0), Some(10));
            t.metrics.handle_seconds = seconds;
            t
        };
        let mut yesterday = timed(9, Some(10_000));
        yesterday.solved_at = Some(START - 1);
        let mut open = ticket(8, Status::Open, None);
        open.metrics.handle_seconds = Some(20_000); // worked on, not solved today: not counted
        let today = [
            timed(1, Some(300)),
            timed(2, Some(90)),
            timed(3, Some(1200)),
            timed(4, None),
            timed(5, Some(0)),
            yesterday,
            open,
        ];
        let d = day_figures(&today, &[], NOW, 60);
        assert_eq!(d.handle_median, Figure::Value(300), "median of 90, 300, 1200; none and 0 are not recorded times");
        assert_eq!(day_figures(&[timed(1, None)], &[], NOW, 60).handle_median, Figure::Unavailable);
    }

    #[test]
    fn first_replies_in_target_by_channel_and_the_day_boundary() {
        let reply = |id: u64, channel: Channel, created: i64, minutes: i64| {
            let mut t = ticket(id, Status::Open, None);
            t.channel = channel;
            t.created_at = created;
            t.first_reply_minutes = Some(minutes);
            t
        };
        let today = [
            reply(1, Channel::Email, START + 60, 30),
            reply(2, Channel::Email, START + 60, 90),
            reply(3, Channel::WhatsApp, START, 5),
            // created yesterday, answered at 23:59 yesterday: not today's
            reply(4, Channel::WhatsApp, START - 3600, 59),
            // created yesterday at 23:59, answered after midnight: today's
            reply(5, Channel::WhatsApp, START - 60, 2),
        ];
        let d = day_figures(&today, &[], NOW, 60);
        assert_eq!(d.first_reply_in_target, Figure::Value(75));
        assert_eq!(d.first_reply_in_target_by_channel, vec![(Channel::Email, 50, 2), (Channel::WhatsApp, 100, 2)]);
    }

    #[test]
    fn backlog_age_over_unsolved_tickets_held() {
        let age = |id: u64, hours: i64, status: Status| {
            let mut t = ticket(id, status, None);
            t.created_at = NOW - hours * 3600;
            t
        };
        let held =
            [age(1, 1, Status::Open), age(2, 5, Status::Pending), age(3, 50, Status::Open), age(4, 90, Status::Solved)];
        let d = day_figures(&[], &held, NOW, 60);
        assert_eq!(d.backlog_median_age, Figure::Value(5 * 60));
        assert_eq!(d.backlog_oldest_age, Figure::Value(50 * 60));
        assert_eq!(TicketId(1), held[0].id);
    }
}
