//! Queue bookkeeping for `update`: merging pages, filtering and sorting the visible rows, and
//! keeping the selection on the same ticket (and in view) whatever arrives.

use super::model::{Model, SortKey};
use crate::model::{Ticket, TicketId};
use nucleo_matcher::Utf32String;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};

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
        for t in &tickets {
            match self.queue.index.get(&t.id) {
                Some(&i) => self.queue.tickets[i] = t.clone(),
                None if self.queue.tickets.len() < self.settings.max_tickets => {
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
            self.queue.tickets = cycle;
            self.queue.reindex();
            self.reindex_kpis();
        } else {
            self.kpi_touch(ids);
        }
        self.refresh_visible(keep);
    }

    /// Folds in a poll: `in_view` are the view's tickets changed since the last poll, `changed`
    /// every ticket changed in the helpdesk. A changed ticket the console holds that is not in
    /// the view any more has left it. Returns the tickets that really changed; the selection
    /// stays on its ticket and the scroll where it was.
    pub fn apply_delta(&mut self, in_view: Vec<Ticket>, changed: Vec<Ticket>) -> Vec<TicketId> {
        let keep = self.selected().map(|t| t.id);
        let mut touched = Vec::new();
        let in_view_ids: std::collections::HashSet<TicketId> = in_view.iter().map(|t| t.id).collect();
        let mut fresh = Vec::new();
        for t in in_view {
            match self.queue.index.get(&t.id) {
                Some(&i) if self.queue.tickets[i].updated_at == t.updated_at => {}
                Some(&i) => {
                    touched.push(t.id);
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
                !in_view_ids.contains(&c.id) && self.queue.get(c.id).is_some_and(|held| held.updated_at < c.updated_at)
            })
            .map(|c| c.id)
            .collect();
        touched.extend(gone.iter().copied());
        self.queue.tickets.retain(|t| !gone.contains(&t.id));
        // new tickets first: they are the newest
        let offset_shift = fresh.len();
        self.queue.version += 1;
        fresh.append(&mut self.queue.tickets);
        self.queue.tickets = fresh;
        self.queue.reindex();
        let mut kpi_ids = touched.clone();
        for c in changed {
            kpi_ids.push(c.id);
            match self.today.iter_mut().find(|t| t.id == c.id) {
                Some(t) => *t = c,
                None => self.today.push(c),
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
        let mut rows: Vec<usize> = if self.filter.trim().is_empty() {
            self.last_filter = (String::new(), Vec::new());
            (0..self.queue.tickets.len()).collect()
        } else {
            let fresh =
                self.haystacks_version != self.queue.version || self.haystacks.len() != self.queue.tickets.len();
            if fresh {
                self.haystacks = self
                    .queue
                    .tickets
                    .iter()
                    .map(|t| Utf32String::from(haystack(t, self.user_name(t.requester)).as_str()))
                    .collect();
                self.haystacks_version = self.queue.version;
                self.last_filter = (String::new(), Vec::new());
            }
            // typing on narrows: only what the shorter filter matched can match the longer one
            // (only for plain letters and digits: `!`, `^`, `$` and `'` change what a pattern means)
            let narrowing = !self.last_filter.0.is_empty()
                && !self.last_filter.0.ends_with(' ')
                && self
                    .filter
                    .strip_prefix(self.last_filter.0.as_str())
                    .is_some_and(|added| added.chars().all(char::is_alphanumeric));
            let candidates: Vec<usize> =
                if narrowing { std::mem::take(&mut self.last_filter.1) } else { (0..self.haystacks.len()).collect() };
            let pattern = Pattern::parse(&self.filter, CaseMatching::Ignore, Normalization::Smart);
            let matched: Vec<usize> = candidates
                .into_iter()
                .filter(|&i| pattern.score(self.haystacks[i].slice(..), &mut self.matcher).is_some())
                .collect();
            self.last_filter = (self.filter.clone(), matched.clone());
            matched
        };
        let tickets = &self.queue.tickets;
        let now = self.now;
        match self.sort {
            SortKey::View => {}
            SortKey::Sla => rows.sort_by_key(|&i| tickets[i].sla_remaining(now).unwrap_or(i64::MAX)),
            SortKey::Priority => rows.sort_by_key(|&i| std::cmp::Reverse(tickets[i].priority)),
            SortKey::Updated => rows.sort_by_key(|&i| std::cmp::Reverse(tickets[i].updated_at)),
        }
        self.queue.visible = rows;
        let pos = keep.and_then(|id| self.queue.visible.iter().position(|&i| self.queue.tickets[i].id == id));
        self.queue.selected = pos.unwrap_or(self.queue.selected).min(self.queue.visible.len().saturating_sub(1));
        self.scroll_into_view();
        self.dirty = true;
    }

    /// How many queue rows fit on screen now.
    pub fn queue_rows(&self) -> usize {
        crate::ui::queue_rows(self.size.0, self.size.1, self.focus)
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

/// What the filter matches a ticket on: id, subject, requester and tags.
pub fn haystack(t: &Ticket, requester: Option<&str>) -> String {
    format!("#{} {} {} {}", t.id.0, t.subject, requester.unwrap_or(""), t.tags.join(" "))
}
