//! What flows into `update` (messages) and out of it (effects, run by the executor).

use crate::backend::{BackendError, Conversation, CustomerProfile, TicketCount, TicketPage};
use crate::model::{Group, Ticket, TicketId, Timestamp, User, UserId, View, ViewId};
use crossterm::event::KeyEvent;

pub type Res<T> = Result<T, BackendError>;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(u16, u16),
    /// The clock: time only enters `update` this way.
    Tick(Timestamp),
    Me(Res<User>),
    Views(Res<Vec<View>>),
    Groups(Res<Vec<Group>>),
    Agents(Res<Vec<User>>),
    QueuePage {
        req: u64,
        first: bool,
        result: Res<TicketPage>,
    },
    Ticket {
        id: TicketId,
        result: Res<TicketPage>,
    },
    /// `None`: the load was dropped because the agent had already moved on.
    Conversation {
        ticket: TicketId,
        result: Option<Res<Conversation>>,
    },
    Customer {
        user: UserId,
        result: Option<Res<CustomerProfile>>,
    },
    Count {
        what: TicketCount,
        result: Res<u64>,
    },
    Today {
        result: Res<Vec<Ticket>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadMe,
    LoadViews,
    LoadGroups,
    LoadAgents,
    /// A page of a view; `req` tags it so a stale answer (another view since) is dropped.
    LoadQueue {
        view: ViewId,
        page: Option<String>,
        req: u64,
        first: bool,
    },
    LoadTicket(TicketId),
    LoadConversation(TicketId),
    LoadCustomer(UserId),
    LoadCounts,
    LoadToday {
        since: Timestamp,
    },
}
