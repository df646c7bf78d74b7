//! Queue bookkeeping for `update`: merging pages, filtering and sorting the visible rows, and
//! keeping the selection on the same ticket (and in view) whatever arrives.

use super::model::{Model, SortKey};
use frontline_model::{Ticket, TicketId};
use nucleo_matcher::Matcher;
use nucleo_matcher::Utf32String;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};

impl Model {
    /// Takes in one page of a (re)load of the current view. Tickets already held are updated
    /// in place and new ones appended, so the selection never jumps while pages arrive; when
    /// the last page is in, the queue takes the helpdesk's order and drops tickets that left
    /// the view.
    pub fn merge_page(&mut self, tickets: Vec<Ticket>, first: bool, last: bool) {
        let keep = self.selected().map(|t| t.id);
        if first {
            self.queue.cycle.clear();
        }
        // the last page replaces the queue whole: its haystacks are built when a filter needs them
        let live = !last && self.haystacks_live();
        for t in &tickets {
            match self.queue.index.get(&t.id) {
                Some(&i) => {
                    if live {
                        self.filter.haystacks[i] = self.haystack_of(t);
                    }
                    self.queue.tickets[i] = t.clone();
                }
                None if self.queue.tickets.len() < self.settings.max_tickets => {
                    if live {
                        self.filter.haystacks.push(self.haystack_of(t));
                    }
                    self.queue.index.insert(t.id, self.queue.tickets.len());
                    self.queue.tickets.push(t.clone());
                }
                None => {}
            }
        }
        let ids: Vec<TicketId> = tickets.iter().map(|t| t.id).collect();
        self.queue.cycle.extend(tickets);
        self.queue.version += 1;
        if last {
            let mut cycle = std::mem::take(&mut self.queue.cycle);
            let mut seen = std::collections::HashSet::new();
            cycle.retain(|t| seen.insert(t.id));
            cycle.truncate(self.settings.max_tickets);
            // a full load without the selected ticket: it stays on its row, held
            if let Some(id) = keep.filter(|id| !seen.contains(id))
                && let Some(&i) = self.queue.index.get(&id)
            {
                cycle.insert(i.min(cycle.len()), self.queue.tickets[i].clone());
                self.queue.held = Some(id);
                // (the queue is replaced whole just below: an earlier held ticket goes with it)
            }
            self.queue.tickets = cycle;
            self.queue.reindex();
            self.reindex_kpis();
            self.filter.haystacks.clear();
        } else {
            self.kpi_touch(ids);
        }
        self.refresh_visible(keep);
    }

    /// A ticket as it is after a change made today (the console's own write): the day's
    /// figures take it as a poll's change would.
    pub fn changed_today(&mut self, t: Ticket) {
        if t.updated_at < frontline_model::day_start(self.now) {
            return;
        }
        let id = t.id;
        match self.stats.today.iter_mut().find(|x| x.id == id) {
            Some(x) => *x = t,
            None => self.stats.today.push(t),
        }
        self.kpi_touch([id]);
    }

    pub fn apply_delta(&mut self, in_view: Vec<Ticket>, changed: Vec<Ticket>) -> Vec<TicketId> {
        let keep = self.selected().map(|t| t.id);
        let live = self.haystacks_live();
        let mut touched = Vec::new();
        let in_view_ids: std::collections::HashSet<TicketId> = in_view.iter().map(|t| t.id).collect();
        let mut fresh = Vec::new();
        for t in in_view {
            match self.queue.index.get(&t.id) {
                Some(&i) if self.queue.tickets[i].updated_at == t.updated_at => {}
                Some(&i) => {
                    touched.push(t.id);
                    if live {
                        self.filter.haystacks[i] = self.haystack_of(&t);
                    }
                    self.queue.tickets[i] = t;
                }
                None => {
                    touched.push(t.id);
                    fresh.push(t);
                }
            }
        }
        let gone: Vec<TicketId> = changed
            .iter()
            .filter(|c| {
                // equal versions too: the console's own write (taking a ticket from the
                // unowned view, moving it to another queue) is already held, yet it left
                !in_view_ids.contains(&c.id) && self.queue.get(c.id).is_some_and(|held| held.updated_at <= c.updated_at)
            })
            .map(|c| c.id)
            .collect();
        touched.extend(gone.iter().copied());
        // the selected ticket stays where it is, held, with what the helpdesk has now
        let gone = self.hold_selected(keep, gone, &changed);
        if live && !gone.is_empty() {
            let tickets = &self.queue.tickets;
            let mut i = 0;
            self.filter.haystacks.retain(|_| {
                i += 1;
                !gone.contains(&tickets[i - 1].id)
            });
        }
        self.queue.tickets.retain(|t| !gone.contains(&t.id));
        // new tickets first: they are the newest
        let offset_shift = fresh.len();
        self.queue.version += 1;
        if live && !fresh.is_empty() {
            let mut hay: Vec<Utf32String> = fresh.iter().map(|t| self.haystack_of(t)).collect();
            hay.append(&mut self.filter.haystacks);
            self.filter.haystacks = hay;
        }
        fresh.append(&mut self.queue.tickets);
        self.queue.tickets = fresh;
        self.queue.reindex();
        let mut kpi_ids = touched.clone();
        for c in changed {
            kpi_ids.push(c.id);
            match self.stats.today.iter_mut().find(|t| t.id == c.id) {
                Some(t) => *t = c,
                None => self.stats.today.push(c),
            }
        }
        self.kpi_touch(kpi_ids);
        if !touched.is_empty() {
            self.refresh_visible(keep);
            if self.sort == super::model::SortKey::View {
                // keep the rows the agent was looking at on screen
                self.queue.offset = (self.queue.offset + offset_shift).min(self.queue.selected);
                self.scroll_into_view();
            }
        }
        touched
    }

    /// Recomputes the visible rows from the filter and sort, keeping `keep` selected.
    pub fn refresh_visible(&mut self, keep: Option<TicketId>) {
        let mut rows: Vec<usize> = if self.filter.text.trim().is_empty() {
            self.filter.last = (String::new(), Vec::new(), false);
            self.filter.fuzzy = false;
            (0..self.queue.tickets.len()).collect()
        } else {
            self.ensure_haystacks();
            // rows moved since the last filter: start from all of them
            if self.filter.haystacks_version != self.queue.version {
                self.filter.haystacks_version = self.queue.version;
                self.filter.last = (String::new(), Vec::new(), false);
            }
            // typing on narrows: only what the shorter filter matched can match the longer one
            // (only for plain letters and digits: `!`, `^`, `$` and `'` change what a pattern means)
            let narrowing = !self.filter.last.0.is_empty()
                && !self.filter.last.0.ends_with(' ')
                && self
                    .filter
                    .text
                    .strip_prefix(self.filter.last.0.as_str())
                    .is_some_and(|added| added.chars().all(char::is_alphanumeric));
            let candidates: Vec<usize> = if narrowing {
                std::mem::take(&mut self.filter.last.1)
            } else {
                (0..self.filter.haystacks.len()).collect()
            };
            // every word as typed first; fuzzy only when no row has them all
            let words = Pattern::parse(&exact_words(&self.filter.text), CaseMatching::Ignore, Normalization::Smart);
            let mut matched = filter_rows(&words, &self.filter.haystacks, candidates.clone(), &mut self.filter.matcher);
            self.filter.fuzzy = matched.is_empty();
            if matched.is_empty() {
                // a longer filter after a fuzzy one looks among its rows; after words, among all
                let looked = if narrowing && self.filter.last.2 {
                    candidates
                } else {
                    (0..self.filter.haystacks.len()).collect()
                };
                let fuzzy = Pattern::parse(&self.filter.text, CaseMatching::Ignore, Normalization::Smart);
                matched = filter_rows(&fuzzy, &self.filter.haystacks, looked, &mut self.filter.matcher);
            }
            self.filter.last = (self.filter.text.clone(), matched.clone(), self.filter.fuzzy);
            matched
        };
        let tickets = &self.queue.tickets;
        let now = self.now;
        match self.sort {
            SortKey::View => {}
            // ties (tickets without a running clock above all) by priority, most urgent first
            SortKey::Sla => rows.sort_by_key(|&i| {
                (tickets[i].sla_remaining(now).unwrap_or(i64::MAX), std::cmp::Reverse(tickets[i].priority))
            }),
            SortKey::Priority => rows.sort_by_key(|&i| std::cmp::Reverse(tickets[i].priority)),
            SortKey::Updated => rows.sort_by_key(|&i| std::cmp::Reverse(tickets[i].updated_at)),
        }
        self.queue.visible = rows;
        let pos = keep.and_then(|id| self.queue.visible.iter().position(|&i| self.queue.tickets[i].id == id));
        self.queue.selected = pos.unwrap_or(self.queue.selected).min(self.queue.visible.len().saturating_sub(1));
        self.scroll_into_view();
        self.dirty = true;
    }

    /// What the filter searches for one ticket.
    fn haystack_of(&self, t: &Ticket) -> Utf32String {
        Utf32String::from(haystack(t, t.requester.and_then(|r| self.users.get(&r))).as_str())
    }

    /// The haystacks follow the queue row for row (kept so by every change of the queue).
    fn haystacks_live(&self) -> bool {
        self.filter.haystacks.len() == self.queue.tickets.len()
    }

    /// The haystacks, built if the queue was replaced whole since (a full load, the cache):
    /// once, when the agent opens the filter, and then kept in step with every change.
    pub fn ensure_haystacks(&mut self) {
        if !self.haystacks_live() {
            self.filter.haystacks = self.queue.tickets.iter().map(|t| self.haystack_of(t)).collect();
        }
    }

    /// How many queue rows fit on screen now.
    pub fn queue_rows(&self) -> usize {
        let composing = self.drafting.composer.is_some();
        crate::layout::queue_rows(
            self.size.0,
            self.size.1,
            self.focus,
            composing,
            self.status_lines(),
            self.detail_need(),
        )
    }

    /// Rows the selected ticket's conversation takes in the stacked layout (80x24), when it
    /// is loaded and short: its header lines and each message as the pane lays it out (a
    /// blank, who and when, the wrapped text, attachments), newest first and no further than
    /// the usual pane. `None` side by side, while loading, or when it is long.
    pub fn detail_need(&self) -> Option<u16> {
        let (w, h) = self.size;
        // side by side, or the detail area shows the customer or the editor: no measure
        if (w >= 120 && h >= 28) || self.focus == super::Pane::Customer || self.drafting.composer.is_some() {
            return None;
        }
        let t = self.selected()?;
        let super::Loadable::Ready(msgs) = self.details.conversations.get(&t.id)? else { return None };
        let width = usize::from(w.saturating_sub(4)).max(1);
        // the status line of the ticket, its tags, a colleague on it, the order's strip
        let mut need = 1 + usize::from(!t.tags.is_empty()) + usize::from(super::colleague::on_it(self, t.id).is_some());
        need += if self.orders.shop.is_some() { 3 } else { 0 };
        let cap = usize::from(h);
        for msg in msgs.iter().rev() {
            // no more of a long body than could fill the pane: the measure stays cheap
            let body: String = msg.body.chars().take(cap * width).collect();
            need += 2 + frontline_model::text::wrap(&body, width).len() + msg.attachments.len();
            if need > cap {
                return None;
            }
        }
        u16::try_from(need).ok()
    }

    /// The status line's height: a notice too long to sit beside the connection and the
    /// sync time gets lines of its own below it (at most two), wrapped between words, so
    /// guidance is never cut mid-word.
    pub fn status_lines(&self) -> u16 {
        let Some(n) = &self.notice else { return 1 };
        let w = usize::from(self.size.0.max(1));
        // the connection and what waits beside it take about this much of the first line
        let beside = 24;
        let need = frontline_model::text::width(&n.text) + 2;
        if need + beside <= w {
            return 1;
        }
        1 + frontline_model::text::wrap(&n.text, w.saturating_sub(2)).len().clamp(1, 2) as u16
    }

    /// Moves the window of shown rows so the selection stays on screen.
    pub fn scroll_into_view(&mut self) {
        let rows = self.queue_rows().max(1);
        let q = &mut self.queue;
        if q.selected < q.offset {
            q.offset = q.selected;
        } else if q.selected >= q.offset + rows {
            q.offset = q.selected + 1 - rows;
        }
        let max_offset = q.visible.len().saturating_sub(rows);
        q.offset = q.offset.min(max_offset);
    }
}

/// Over this many candidates a filter pass is split between two threads.
const PARALLEL_FROM: usize = 20_000;

/// The candidates whose haystack matches, in their order. Large sets are split in two halves
/// matched at once (the machine budget is two cores), each with a matcher of its own.
fn filter_rows(
    pattern: &Pattern,
    haystacks: &[Utf32String],
    candidates: Vec<usize>,
    matcher: &mut Matcher,
) -> Vec<usize> {
    let keep = |m: &mut Matcher, rows: &[usize]| -> Vec<usize> {
        rows.iter().copied().filter(|&i| matches(pattern, haystacks[i].slice(..), m)).collect()
    };
    if candidates.len() < PARALLEL_FROM {
        return keep(matcher, &candidates);
    }
    let (a, b) = candidates.split_at(candidates.len() / 2);
    std::thread::scope(|s| {
        let other = s.spawn(|| keep(&mut Matcher::new(nucleo_matcher::Config::DEFAULT), b));
        let mut first = keep(matcher, a);
        // a thread that cannot finish is a bug in the matcher; match its half here instead
        first.extend(other.join().unwrap_or_else(|_| keep(matcher, b)));
        first
    })
}

/// Whether the haystack matches every atom of the pattern. Rows keep their order, so only
/// match or no match matters: a plain fuzzy atom uses nucleo's linear greedy matcher, which
/// finds a subsequence exactly when the scoring one does, at a fraction of the cost.
fn matches(pattern: &Pattern, h: nucleo_matcher::Utf32Str<'_>, m: &mut Matcher) -> bool {
    pattern.atoms.iter().all(|a| {
        let ascii = a.needle_text().chars().all(|c| c.is_ascii());
        if a.kind == AtomKind::Fuzzy && ascii {
            // as parsed: case ignored; ASCII needles match accented letters in the haystack
            m.config.ignore_case = true;
            m.config.normalize = true;
            m.fuzzy_match_greedy(h, a.needle_text()).is_some() != a.negative
        } else {
            a.score(h, m).is_some()
        }
    })
}

/// The filter as words to find as typed (nucleo's `'` substring atoms), each word kept as
/// written when it already says how to match (`^`, `!`, `'`, a `$` at its end).
fn exact_words(filter: &str) -> String {
    filter
        .split_whitespace()
        .map(
            |w| if w.starts_with(['^', '!', '\'', '\\']) || w.ends_with('$') { w.to_string() } else { format!("'{w}") },
        )
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the filter matches a ticket on: id, subject, the requester's name and e-mail, tags,
/// and the order numbers and custom field values it names.
pub fn haystack(t: &Ticket, requester: Option<&frontline_model::User>) -> String {
    let (name, email) = requester.map_or(("", ""), |u| (u.name.as_str(), u.email.as_deref().unwrap_or("")));
    format!("#{} {} {name} {email} {} {}", t.id.0, t.subject, t.tags.join(" "), t.refs.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The quick match answers exactly what nucleo's scoring match answers, for plain,
        /// negated, anchored and exact atoms, accents and case.
        #[test]
        fn the_quick_match_agrees_with_scoring(
            hay in "[a-cA-CeéÉ #1-3]{0,40}",
            needle in "(!|\\^|')?[a-cA-Ceé1-3]{1,4}\\$?( [a-ce]{1,2})?",
        ) {
            let pattern = Pattern::parse(&needle, CaseMatching::Ignore, Normalization::Smart);
            let h = Utf32String::from(hay.as_str());
            let mut m = Matcher::new(nucleo_matcher::Config::DEFAULT);
            let scored = pattern.score(h.slice(..), &mut m).is_some();
            prop_assert_eq!(matches(&pattern, h.slice(..), &mut m), scored, "{:?} in {:?}", needle, hay);
        }
    }

    #[test]
    fn a_large_set_split_between_threads_keeps_its_order() {
        let haystacks: Vec<Utf32String> =
            (0..50_000).map(|i| Utf32String::from(format!("#{i} parcel {}", i % 7).as_str())).collect();
        let pattern = Pattern::parse("parcel 3", CaseMatching::Ignore, Normalization::Smart);
        let mut m = Matcher::new(nucleo_matcher::Config::DEFAULT);
        let rows = filter_rows(&pattern, &haystacks, (0..haystacks.len()).collect(), &mut m);
        let one_by_one: Vec<usize> =
            (0..haystacks.len()).filter(|&i| pattern.score(haystacks[i].slice(..), &mut m).is_some()).collect();
        assert_eq!(rows, one_by_one);
        assert!(rows.len() > 7_000);
    }
}
