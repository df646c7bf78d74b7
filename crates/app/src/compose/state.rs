//! The composer's state: the reply being written, its editor, and the drafts of other tickets.

use crate::text_buffer::TextBuffer;
use frontline_model::{TicketChange, TicketId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    pub public: bool,
}

/// The reply being written and the drafts of other tickets.
#[derive(Debug, Default)]
pub struct Drafting {
    pub composer: Option<Composer>,
    /// Unsent text per ticket, saved to the local store as it is typed; dropped once sent.
    pub drafts: std::collections::HashMap<TicketId, Draft>,
    /// The composer's text changed since it was last saved (saved on the next tick).
    pub unsaved: bool,
    /// Tickets whose draft the local store could not save (a full disk, a locked store): the
    /// text lives only in this console, so `q` asks first and the text is printed on exit.
    pub unkept: std::collections::BTreeSet<TicketId>,
    /// `q` was pressed once with unkept drafts: the next `q` quits.
    pub quit_asked: bool,
}

impl Drafting {
    /// The drafts only this console holds, with their tickets, oldest ticket first.
    pub fn unkept_drafts(&self) -> Vec<(TicketId, &Draft)> {
        self.unkept.iter().filter_map(|t| self.drafts.get(t).map(|d| (*t, d))).collect()
    }
}

pub struct Composer {
    pub ticket: TicketId,
    /// Public reply, or internal note.
    pub public: bool,
    pub editor: Box<dyn TextBuffer>,
    /// Field changes sent along (from a macro being edited).
    pub extra: TicketChange,
    /// The agent was told a colleague is on the ticket: the next send goes.
    pub warned: bool,
}

impl std::fmt::Debug for Composer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Composer")
            .field("ticket", &self.ticket)
            .field("public", &self.public)
            .field("text", &self.text())
            .finish()
    }
}

impl Composer {
    /// The editor for `ticket` holding `text`, with the field changes to send with it.
    pub fn new(ticket: TicketId, public: bool, text: &str, extra: TicketChange) -> Composer {
        Composer { ticket, public, editor: crate::editor_area::new(text), extra, warned: false }
    }

    pub fn text(&self) -> String {
        self.editor.text()
    }
}
