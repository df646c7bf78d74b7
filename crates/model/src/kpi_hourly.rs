//! Each figure hour by hour, for the KPI page's sparklines: the day's team figures and the
//! bar's first reply and CSAT worked out over each of the last hours' tickets, with the same
//! definitions as the whole day's (an hour with nothing to measure is a gap, not a 0).

use super::{DAY_DEFINITIONS, Ticket, Timestamp, csat_percent, median, period_figures, ratings};

/// A figure's key (as in `BAR_DEFINITIONS` / `DAY_DEFINITIONS`) and its value in each of the
/// last hours, oldest first; `None` where the hour had nothing to measure.
pub type Hourly = Vec<(&'static str, Vec<Option<i64>>)>;

/// Figures hour by hour over the last `hours` hours before `now` (hour `i` is the stretch
/// from `now - (hours - i) h` to an hour later, as the arrivals and solves sparklines count).
pub fn hourly(today: &[Ticket], now: Timestamp, hours: usize, target_minutes: i64) -> Hourly {
    let windows: Vec<(Timestamp, Timestamp)> = (0..hours)
        .map(|i| {
            let end = now + 1 - 3600 * (hours - 1 - i) as i64;
            (end - 3600, end)
        })
        .collect();
    // the day figures that depend on the hour's tickets (the backlog's age does not)
    let per_hour: Vec<[super::Figure<i64>; 8]> = windows
        .iter()
        .map(|(start, end)| period_figures(today, &[], *start, *end, now, target_minutes).values())
        .collect();
    let mut out: Hourly = DAY_DEFINITIONS
        .iter()
        .enumerate()
        .filter(|(_, (key, _, _))| !key.starts_with("backlog"))
        .map(|(i, (key, _, _))| (*key, per_hour.iter().map(|v| v[i].value().copied()).collect()))
        .collect();
    let first_reply = windows
        .iter()
        .map(|(start, end)| {
            let mut replies: Vec<i64> = today
                .iter()
                .filter_map(|t| t.first_reply_minutes.filter(|m| (*start..*end).contains(&(t.created_at + m * 60))))
                .collect();
            median(&mut replies)
        })
        .collect();
    out.push(("first_reply_median_minutes", first_reply));
    let csat = windows
        .iter()
        .map(|(start, end)| {
            let (good, bad) = ratings(today, *start..*end);
            csat_percent(good, bad).map(i64::from)
        })
        .collect();
    out.push(("csat_percent", csat));
    out
}

/// A row of block characters for a trend with gaps: ▁ for the least, █ for the most, a space
/// for an hour without a value.
pub fn sparkline_gaps(values: &[Option<i64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let present = values.iter().flatten();
    let (lo, hi) = (present.clone().min().copied().unwrap_or(0), present.max().copied().unwrap_or(0));
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(_) if hi == lo => BARS[3],
            Some(v) => BARS[((v - lo) * 7 / (hi - lo)) as usize],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::tests::ticket;
    use crate::{Satisfaction, Status};

    const NOW: i64 = 3 * 86_400 + 12 * 3600;

    #[test]
    fn each_hour_is_measured_over_its_own_tickets_and_an_empty_hour_is_a_gap() {
        // a ticket first answered 30 minutes ago after 10 minutes, one 2.5 hours ago after 50
        let answered = |id: u64, ago: i64, minutes: i64| {
            let mut t = ticket(id, Status::Open, None);
            t.first_reply_minutes = Some(minutes);
            t.created_at = NOW - ago - minutes * 60;
            t.updated_at = NOW - ago;
            t
        };
        let mut rated = answered(3, 1800, 10);
        rated.satisfaction = Satisfaction::Good;
        let today = [answered(1, 1800, 10), answered(2, 9000, 50), rated];
        let h = hourly(&today, NOW, 4, 60);
        let of = |key: &str| h.iter().find(|(k, _)| *k == key).unwrap().1.clone();
        assert_eq!(of("first_reply_median_minutes"), vec![None, Some(50), None, Some(10)]);
        assert_eq!(of("first_reply_in_target_percent"), vec![None, Some(100), None, Some(100)]);
        assert_eq!(of("csat_percent"), vec![None, None, None, Some(100)]);
        assert!(h.iter().all(|(k, _)| !k.starts_with("backlog")), "the backlog's age has no hours");
        assert_eq!(sparkline_gaps(&of("first_reply_median_minutes")), " █ ▁");
        assert_eq!(sparkline_gaps(&[None, Some(5), Some(5)]), " ▄▄", "a flat line sits mid-height");
    }
}
