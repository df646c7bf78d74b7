//! The KPI bar's five counts kept in step with the helpdesk from the changes the polls fetch
//! anyway, so a busy poll asks no `search/count` at all. The book remembers the last state
//! seen of every ticket and the moment the counts were asked; a change seen later moves the
//! counts by the difference between that state and the new one. When the earlier state is
//! not known (a ticket never seen before, changed for the first time) or the change falls
//! around the moment of the count, the book is *unsure*: the counts are asked again at the
//! next quiet poll, or after `RECOUNT_SECS` while the helpdesk keeps changing.

use frontline_model::{Ticket, TicketCount, TicketId, Timestamp};
use std::collections::HashMap;

/// While unsure and the helpdesk keeps changing, the counts are asked again this often.
pub const RECOUNT_SECS: i64 = 300;
/// Even when sure, the counts are asked again this often (changes to tickets the agent may not
/// see, merges and deletions never reach a poll).
pub const DRIFT_SECS: i64 = 900;
/// Seconds either side of a count in which a change may or may not be in it (clocks differ).
const MARGIN: i64 = 2;

/// One bit per `TicketCount::ALL`, for what counts `t`.
pub fn mask(t: &Ticket) -> u8 {
    TicketCount::ALL.iter().enumerate().filter(|(_, c)| c.counts(t)).fold(0, |m, (i, _)| m | 1 << i)
}

#[derive(Debug, Default)]
pub struct CountBook {
    /// Each ticket's last state seen: what counts it, and its version's time.
    known: HashMap<TicketId, (u8, Timestamp)>,
    /// When the counts now shown were asked, and when the last of the five answered.
    asked: Option<(Timestamp, Timestamp)>,
    /// A recount in flight: when asked, and how many answers are still awaited.
    pending: Option<(Timestamp, u8)>,
    /// An answer of the recount in flight failed, or a change fell inside it.
    pending_unsure: bool,
    /// The counts may be off: ask again at the next quiet poll.
    pub unsure: bool,
}

impl CountBook {
    /// The counts are being asked (all five) at `now`.
    pub fn asking(&mut self, now: Timestamp) {
        self.pending = Some((now, TicketCount::ALL.len() as u8));
        self.pending_unsure = false;
    }

    /// One count answered (`ok` = with a number). Returns true when that was the last one.
    pub fn answered(&mut self, ok: bool, now: Timestamp) -> bool {
        let Some((at, left)) = self.pending.as_mut() else { return false };
        self.pending_unsure |= !ok;
        *left = left.saturating_sub(1);
        if *left > 0 {
            return false;
        }
        self.asked = Some((*at, now));
        self.unsure = self.pending_unsure;
        self.pending = None;
        true
    }

    /// Whether the counts should be asked again now: `quiet` when the last poll found nothing
    /// changed anywhere.
    pub fn due(&self, quiet: bool, now: Timestamp) -> bool {
        if self.pending.is_some() {
            return false;
        }
        match self.asked {
            None => true,
            Some((at, _)) => (self.unsure && (quiet || now - at >= RECOUNT_SECS)) || now - at >= DRIFT_SECS,
        }
    }

    /// A ticket as the helpdesk has it now. Returns how each count moves (+1, -1 or 0), in the
    /// order of `TicketCount::ALL`, when the move is certain.
    pub fn observe(&mut self, t: &Ticket) -> Option<[i8; 5]> {
        let now = mask(t);
        let before = self.known.get(&t.id).copied();
        if before.is_some_and(|(_, at)| at > t.updated_at) {
            return None; // an older version than one already seen
        }
        self.known.insert(t.id, (now, t.updated_at));
        if let Some((at, _)) = self.pending {
            // the answers on their way may or may not hold this change; they replace the counts
            self.pending_unsure |= t.updated_at >= at - MARGIN;
            return None;
        }
        let (at, answered) = self.asked?;
        if t.updated_at < at - MARGIN {
            return None; // already in the counts
        }
        if t.updated_at <= answered + MARGIN {
            self.unsure = true; // the count may or may not have seen it
            return None;
        }
        let was = match before {
            Some((m, _)) => m,
            // created after the counts: counted nowhere before
            None if t.created_at > answered + MARGIN => 0,
            // solved before the counts and solved still (a rating, a late note): counted nowhere
            None if now == 0 && t.solved_at.is_some_and(|s| s < at - MARGIN) => 0,
            None => {
                self.unsure = true;
                return None;
            }
        };
        if was == now {
            return None;
        }
        let mut moves = [0i8; 5];
        for (i, m) in moves.iter_mut().enumerate() {
            *m = ((now >> i) & 1) as i8 - ((was >> i) & 1) as i8;
        }
        Some(moves)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontline_model::{Status, UserId, testkit::ticket};

    const T0: i64 = 1_700_000_000;

    /// All five counts answered at `t`.
    fn answer_all(b: &mut CountBook, t: i64) {
        for _ in 0..5 {
            b.answered(true, t);
        }
    }

    fn book_at(t: i64) -> CountBook {
        let mut b = CountBook::default();
        b.asking(t);
        answer_all(&mut b, t);
        b
    }

    #[test]
    fn a_known_ticket_moves_the_counts_by_its_change() {
        let mut b = CountBook::default();
        let mut t = ticket(1, T0 - 3600);
        t.status = Status::New;
        t.assignee = None;
        t.updated_at = T0 - 100;
        b.observe(&t);
        let mut b2 = book_at(T0);
        std::mem::swap(&mut b2.known, &mut b.known);
        t.status = Status::Open;
        t.assignee = Some(UserId(3));
        t.updated_at = T0 + 30;
        // open stays, new -1, unassigned -1
        assert_eq!(b2.observe(&t), Some([0, -1, -1, 0, 0]));
        assert!(!b2.unsure);
        // the same version again moves nothing
        assert_eq!(b2.observe(&t), None);
    }

    #[test]
    fn an_unknown_earlier_state_makes_the_book_unsure_and_a_quiet_poll_recounts() {
        let mut b = book_at(T0);
        let mut t = ticket(2, T0 - 86_400);
        t.updated_at = T0 + 60;
        assert_eq!(b.observe(&t), None);
        assert!(b.unsure);
        assert!(b.due(true, T0 + 75), "quiet: recount");
        assert!(!b.due(false, T0 + 75), "busy: wait");
        assert!(b.due(false, T0 + RECOUNT_SECS), "busy for long: recount anyway");
    }

    #[test]
    fn a_ticket_created_after_the_count_adds_to_it() {
        let mut b = book_at(T0);
        let mut t = ticket(3, T0 + 40);
        t.created_at = T0 + 40;
        t.status = Status::New;
        t.assignee = None;
        t.updated_at = T0 + 40;
        let moves = b.observe(&t).unwrap();
        assert_eq!(moves[0], 1, "open");
        assert_eq!(moves[1], 1, "new");
        assert!(!b.unsure);
        assert!(!b.due(true, T0 + 60));
        assert!(b.due(true, T0 + DRIFT_SECS));
    }

    #[test]
    fn changes_around_the_count_or_during_it_are_not_trusted() {
        let mut b = book_at(T0);
        let mut t = ticket(4, T0 - 500);
        t.updated_at = T0 + 1;
        assert_eq!(b.observe(&t), None);
        assert!(b.unsure);
        let mut b = CountBook::default();
        b.asking(T0);
        t.updated_at = T0 + 1;
        b.observe(&t);
        answer_all(&mut b, T0 + 2);
        assert!(b.unsure, "a change while the counts were asked");
        let mut b = CountBook::default();
        b.asking(T0);
        b.answered(false, T0);
        for _ in 0..4 {
            b.answered(true, T0);
        }
        assert!(b.unsure, "a count that failed");
    }
}
