//! The small dialogs' state: a fuzzy picker, a one-line prompt, a confirmation, the macro preview, the conflict choice.

use frontline_model::{Status, Ticket, TicketChange, TicketId, UserId};
use nucleo_matcher::Utf32Str;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};

#[derive(Debug, Clone, PartialEq)]
pub enum PickValue {
    Status(Status),
    Assignee(Option<UserId>),
    Group(u64),
    /// Index into `model.macros`.
    Macro(usize),
    /// A macro's text, into the editor at the cursor (index into `model.macros`).
    Insert(usize),
    /// What of the highlighted order to refund.
    Refund(frontline_model::RefundAsk),
    /// Why the highlighted order is cancelled (Shopify's `OrderCancelReason`).
    CancelReason(&'static str),
    /// Which of the highlighted order's lines (line id, quantity) to send again.
    ReplaceItems(Vec<(String, i64)>),
    /// Those lines, and why they are sent again.
    Replace(Vec<(String, i64)>, &'static str),
    /// A return with one more of its choices made.
    Return(Box<crate::orders::state::ReturnPlan>),
    /// Quitting with writes in their undo window: send them first (`true`), or leave them.
    Quit(bool),
    /// Merge the selected ticket into this one.
    MergeInto(TicketId),
    /// Merge into a ticket whose number the agent types.
    MergeTyped,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<(String, PickValue)>,
    pub query: String,
    /// Position in `shown()`.
    pub selected: usize,
    pub targets: Vec<TicketId>,
}

impl Picker {
    pub fn new(title: &str, items: Vec<(String, PickValue)>, targets: Vec<TicketId>) -> Picker {
        Picker { title: title.into(), items, query: String::new(), selected: 0, targets }
    }

    /// Indices of the items matching the query, best first.
    pub fn shown(&self, matcher: &mut nucleo_matcher::Matcher) -> Vec<usize> {
        if self.query.is_empty() {
            return (0..self.items.len()).collect();
        }
        let pattern = Pattern::parse(&self.query, CaseMatching::Ignore, Normalization::Smart);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, (label, _))| pattern.score(Utf32Str::new(label, &mut buf), matcher).map(|s| (s, i)))
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptFor {
    EscalationReason,
    Tags,
    MergeTarget,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub label: String,
    pub text: String,
    pub purpose: PromptFor,
    pub targets: Vec<TicketId>,
    /// What Tab completes the word being typed from (tags: the tags of the tickets the
    /// console holds, most used first, counted once when the prompt opens; and the targets'
    /// own tags for a `-` word).
    pub known: Vec<String>,
    pub on_targets: Vec<String>,
}

impl Prompt {
    /// The word being typed (after the last space) without its `+` or `-`, and its sign.
    fn word(&self) -> (&str, &str) {
        let w = self.text.rsplit(' ').next().unwrap_or("");
        match w.chars().next() {
            Some(c @ ('+' | '-')) => (&w[..1], &w[c.len_utf8()..]),
            _ => ("", w),
        }
    }

    /// Up to five completions of the word being typed, best first: a `-` word from the
    /// targets' own tags, anything else from the known ones; none for an empty word.
    pub fn suggestions(&self) -> Vec<&str> {
        let (sign, word) = self.word();
        if word.is_empty() {
            return vec![];
        }
        let word = word.to_lowercase();
        let from = if sign == "-" { &self.on_targets } else { &self.known };
        from.iter().map(String::as_str).filter(|t| t.starts_with(&word) && *t != word).take(5).collect()
    }

    /// Tab: the word being typed becomes the first suggestion, and a space follows.
    pub fn complete(&mut self) -> bool {
        let Some(best) = self.suggestions().first().map(|s| (*s).to_string()) else { return false };
        let (sign, word) = self.word();
        let keep = self.text.len() - sign.len() - word.len();
        let sign = sign.to_string();
        self.text.truncate(keep);
        self.text.push_str(&sign);
        self.text.push_str(&best);
        self.text.push(' ');
        true
    }
}

/// A form of named one-line fields (an order's shipping address): Tab and Shift-Tab move,
/// Enter moves on and saves from the last field, Ctrl-S saves, Esc closes.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    /// (key, label, value).
    pub fields: Vec<(&'static str, &'static str, String)>,
    pub focus: usize,
    /// Why the last save was refused (the field at fault has the focus).
    pub error: Option<String>,
    pub purpose: FormFor,
}

/// What a form is for.
#[derive(Debug, Clone, PartialEq)]
pub enum FormFor {
    /// The highlighted order's shipping address, as the shop has it now.
    Address { ticket: TicketId, order: Box<frontline_model::ShopOrder>, before: frontline_model::Address },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub label: String,
    pub changes: Vec<(TicketId, TicketChange)>,
    /// An action the shop does before the change (its note) is sent.
    pub shop: Option<frontline_model::ShopAction>,
}

impl Confirm {
    /// What the agent can still switch before saying yes, in words with the keys: a refund's
    /// restocking (`t`) and the shop's e-mail to the customer (`m`).
    pub fn switches(&self) -> Option<String> {
        let Some(frontline_model::ShopAction::Refund { ask, .. }) = &self.shop else { return None };
        let mail = if ask.quiet { "no" } else { "yes" };
        Some(match ask.restock.filter(|_| !ask.lines.is_empty()) {
            Some(r) => format!("t  restock: {}   m  e-mail the customer: {mail}", if r { "yes" } else { "no" }),
            None => format!("m  e-mail the customer: {mail}"),
        })
    }

    /// Switches a refund's restocking (`t`) or e-mail (`m`); the note on the ticket follows.
    /// `false` when there is nothing to switch.
    pub fn switch(&mut self, key: char) -> bool {
        let Some(frontline_model::ShopAction::Refund { ask, .. }) = &mut self.shop else { return false };
        match key {
            't' if !ask.lines.is_empty() && ask.restock.is_some() => ask.restock = ask.restock.map(|r| !r),
            'm' => ask.quiet = !ask.quiet,
            _ => return false,
        }
        let note = self.shop.as_ref().map(frontline_model::ShopAction::note);
        if let (Some(note), Some((_, change))) = (note, self.changes.first_mut())
            && let Some(c) = change.comment.as_mut()
        {
            c.body = note;
        }
        true
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub title: String,
    /// The change per target, placeholders filled.
    pub changes: Vec<(TicketId, TicketChange)>,
    /// Placeholders nothing could fill (left in the text as written).
    pub unknown: Vec<String>,
    /// Facts the text states that are stale (an estimated delivery already past), in words.
    pub stale: Vec<String>,
    pub scroll: usize,
    /// What the macro does in the shop before its text is sent, in order.
    pub shop: Vec<frontline_model::ShopAction>,
}

impl Preview {
    /// The placeholders in the text that a step fills with the name the shop gives when it
    /// does it (`{{return.name}}` for a return step…), left as written until then.
    pub fn filled_later(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        for a in &self.shop {
            let name = match a {
                frontline_model::ShopAction::Return(_) => frontline_model::RETURN_NAME,
                frontline_model::ShopAction::Replace(_) => frontline_model::REPLACEMENT_NAME,
                _ => continue,
            };
            let used = self.changes.iter().any(|(_, c)| c.comment.as_ref().is_some_and(|c| c.body.contains(name)));
            if used && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub ticket: TicketId,
    pub change: TicketChange,
    pub label: String,
    /// The ticket as the console had it when the write was refused.
    pub before: Option<Ticket>,
    pub messages_before: Option<usize>,
    /// The outbox entry refused.
    pub key: Option<String>,
}
