//! Which tickets the queue holds besides its view's: the selected ticket after it left the
//! view (or opened by number from another), held on screen until the agent moves off it; a
//! ticket the helpdesk deleted, forgotten; and the customers' ticket lists kept in step.

use super::model::Model;
use frontline_model::{Ticket, TicketId};

impl Model {
    /// Folds in a poll: `in_view` are the view's tickets changed since the last poll, `changed`
    /// every ticket changed in the helpdesk. A changed ticket the console holds that is not in
    /// the view any more has left it. Returns the tickets that really changed; the selection
    /// stays on its ticket and the scroll where it was.
    /// Of the tickets that left the view, the selected one is kept (with its new data from
    /// `changed`) and held; the others go.
    pub(crate) fn hold_selected(
        &mut self,
        keep: Option<TicketId>,
        gone: Vec<TicketId>,
        changed: &[Ticket],
    ) -> Vec<TicketId> {
        let Some(id) = keep.filter(|id| gone.contains(id)) else { return gone };
        if let (Some(&i), Some(now)) = (self.queue.index.get(&id), changed.iter().find(|c| c.id == id)) {
            self.queue.tickets[i] = now.clone();
        }
        self.hold(id);
        gone.into_iter().filter(|g| *g != id).collect()
    }

    /// Holds `id` (on screen, not the view's); an earlier held ticket goes.
    pub fn hold(&mut self, id: TicketId) {
        if self.queue.held.is_some_and(|h| h != id) {
            self.release(self.selected().map(|t| t.id));
        }
        self.queue.held = Some(id);
    }

    /// The agent moved off a held ticket: it leaves the queue now, the selection staying on
    /// the ticket they moved to.
    pub fn release_held(&mut self) {
        let selected = self.selected().map(|t| t.id);
        if self.queue.held.is_none_or(|id| selected == Some(id)) {
            return;
        }
        self.release(selected);
    }

    /// Takes the held ticket out of the queue, keeping `selected` selected.
    fn release(&mut self, selected: Option<TicketId>) {
        let Some(id) = self.queue.held else { return };
        self.queue.held = None;
        let Some(&i) = self.queue.index.get(&id) else { return };
        self.queue.tickets.remove(i);
        self.queue.reindex();
        self.filter.haystacks.clear();
        self.filter.haystacks_version = u64::MAX;
        self.filter.last = (String::new(), Vec::new(), false);
        self.kpi_touch([id]);
        self.refresh_visible(selected);
    }

    /// Newer versions of tickets, into the customers' ticket lists that show them, so the
    /// customer pane never shows a ticket open after it was solved.
    pub fn refresh_customer_tickets(&mut self, fresh: &[Ticket]) {
        for p in self.details.customers.values_mut() {
            if let super::Loadable::Ready(p) = p {
                for t in &mut p.tickets {
                    if let Some(new) = fresh.iter().find(|f| f.id == t.id && f.updated_at >= t.updated_at) {
                        *t = new.clone();
                    }
                }
            }
        }
    }

    /// A ticket the helpdesk no longer has (it answered 404: deleted): out of the queue, the
    /// details, the marks and the KPI inputs. Whether it was in the queue.
    pub fn forget_ticket(&mut self, id: TicketId) -> bool {
        let Some(&i) = self.queue.index.get(&id) else { return false };
        let keep = self.selected().map(|t| t.id).filter(|s| *s != id);
        self.queue.tickets.remove(i);
        self.queue.reindex();
        // the filter's haystacks are rebuilt for the new rows when next needed
        self.filter.haystacks.clear();
        self.filter.haystacks_version = u64::MAX;
        self.filter.last = (String::new(), Vec::new(), false);
        self.refresh_visible(keep);
        self.kpi_touch([id]);
        self.details.conversations.remove(&id);
        self.marked.remove(&id);
        self.unseen.remove(&id);
        self.dirty = true;
        true
    }
}
