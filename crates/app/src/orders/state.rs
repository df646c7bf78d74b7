//! The customers' orders as the Model keeps them: per customer, within a bound, with the selection.

use crate::parts::Loadable;
use frontline_model::{ShopOrder, TicketId, Timestamp};
use std::collections::{HashMap, HashSet, VecDeque};

#[derive(Debug, Default)]
pub struct Orders {
    /// Which shop, when the profile has one (`[profiles.X.shop]`); `None` shows nothing new.
    pub shop: Option<String>,
    /// Orders by the customer's e-mail (lower-cased).
    pub by_email: HashMap<String, Loadable<Vec<ShopOrder>>>,
    /// E-mails in the order they were loaded, for the bound.
    pub(super) loaded: VecDeque<String>,
    /// The list has the keys: `j`/`k` move between orders.
    pub focused: bool,
    /// The highlighted order of the current customer's list.
    pub selected: usize,
    /// The highlighted order shows its items and tracking.
    pub expanded: bool,
    /// The ticket the selection was last chosen for: another ticket chooses again.
    pub(super) chosen_for: Option<TicketId>,
    /// When each customer's orders were fetched (from the shop, or the cache's time).
    pub fetched: HashMap<String, Timestamp>,
    /// Customers whose orders are being asked for.
    pub(super) asking: HashSet<String>,
    /// A refresh that failed while older orders stay shown: why.
    pub stale: HashMap<String, String>,
    /// The discount code last made for each ticket (once the shop made it), for
    /// `{{discount.code}}`.
    pub discount_codes: HashMap<TicketId, String>,
    /// The customers as the shop knows them, by e-mail (lower-cased), from the orders' answer.
    pub customers: HashMap<String, frontline_model::ShopCustomer>,
    /// The activation link last made for each ticket's customer, for
    /// `{{customer.activation_url}}`.
    pub activation_links: HashMap<TicketId, String>,
    /// A macro whose shop steps are being chosen (`macro_shop`).
    pub macro_run: Option<MacroRun>,
}

impl Orders {
    /// Orders from the local store, painted at start (fetched at `at`).
    pub fn restore(&mut self, cached: Vec<(String, Timestamp, Vec<ShopOrder>)>) {
        for (email, at, list) in cached.into_iter().take(ORDERS_KEPT) {
            if !self.by_email.contains_key(&email) {
                self.by_email.insert(email.clone(), Loadable::Ready(list));
                self.fetched.insert(email.clone(), at);
                self.loaded.push_front(email);
            }
        }
    }

    /// Whether `email`'s orders should be asked for now.
    pub(super) fn should_ask(&self, email: &str, now: Timestamp) -> bool {
        if self.asking.contains(email) {
            return false;
        }
        match self.by_email.get(email) {
            None => true,
            Some(Loadable::Ready(_)) => self.fetched.get(email).is_none_or(|at| now - at >= FRESH_SECS),
            Some(_) => false,
        }
    }
}

/// A replacement the agent picked, waiting for the shop's details of the order (its address,
/// its lines' variants) before the confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplacePlan {
    pub ticket: TicketId,
    pub order: Box<ShopOrder>,
    /// (line id, quantity) to send again.
    pub lines: Vec<(String, i64)>,
    /// Why, in words (`arrived damaged`).
    pub why: String,
}

/// A return being put together picker by picker: the line and how many, why, and what is
/// sent instead (`None`: not asked yet; `Some(None)`: no exchange).
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnPlan {
    pub ticket: TicketId,
    pub order: Box<ShopOrder>,
    pub line: frontline_model::ReturnableLine,
    pub quantity: i64,
    pub reason: Option<&'static str>,
    pub exchange: Option<Option<frontline_model::ExchangeItem>>,
}

/// What the shop's details of an order (its address, its lines' variants) are asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum DetailsFor {
    /// The confirmation of a replacement.
    Replace(ReplacePlan),
    /// The form for the order's shipping address.
    Address { ticket: TicketId, order: Box<ShopOrder> },
}

impl DetailsFor {
    pub fn order(&self) -> &ShopOrder {
        match self {
            DetailsFor::Replace(p) => &p.order,
            DetailsFor::Address { order, .. } => order,
        }
    }
}

/// Customers whose orders are kept loaded; the oldest loaded go first.
pub const ORDERS_KEPT: usize = 200;

/// Orders fetched this recently are shown without asking the shop again.
pub const FRESH_SECS: i64 = 10 * 60;

/// A macro whose shop steps are being chosen for one ticket (`macro_shop`).
#[derive(Debug, Clone, PartialEq)]
pub struct MacroRun {
    /// The macro as it was picked (the list may be read again meanwhile).
    pub mac: Box<frontline_model::Macro>,
    pub ticket: TicketId,
    /// Every step the macro names; `actions` holds those chosen so far, in order.
    pub steps: Vec<frontline_model::MacroStep>,
    pub actions: Vec<frontline_model::ShopAction>,
}

impl MacroRun {
    /// The step being chosen now.
    pub fn next(&self) -> Option<&frontline_model::MacroStep> {
        self.steps.get(self.actions.len())
    }

    /// What the return step being chosen says itself (the reason, that another size must go
    /// out), for the return pickers: `None` when no return step is next.
    pub fn return_preset(&self) -> Option<(Option<String>, bool)> {
        match self.next()? {
            frontline_model::MacroStep::Return { reason, exchange } => Some((reason.clone(), *exchange)),
            _ => None,
        }
    }
}
