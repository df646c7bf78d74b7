//! The helpdesk domain, backend-neutral: tickets, messages, people, views and the KPI
//! definitions, and hostile text made safe (`text`). Plain types and pure functions; nothing
//! here knows HTTP, terminals or files.

mod attachment;
mod change;
mod discount;
mod kpi;
mod kpi_day;
mod kpi_hourly;
mod kpi_index;
mod macro_step;
mod numbering;
mod order;
mod order_edit;
mod outgoing;
mod people;
mod replacement;
mod returns;
mod shop_action;
mod shop_customer;
pub mod snooze;
mod status_names;
pub mod text;
mod ticket;
mod view_filter;

#[cfg(any(test, feature = "testkit"))]
pub mod testkit;

pub use attachment::{Attachment, size_words};
pub use change::{Macro, MacroSource, NewComment, PlaceholderContext, TicketChange, render, stale_facts};
pub use discount::{DiscountAsk, DiscountFacts, DiscountValue};
pub use kpi::{
    BAR_DEFINITIONS, Figure, KpiInputs, Kpis, SlaSummary, arrivals_per_hour, channel_counts, csat_percent, day_start,
    median, ratings, sla_summary, solved_per_hour, sparkline, today_figures,
};
pub use kpi_day::{DAY_DEFINITIONS, DayFigures, MERGED_TAG, day_figures, period_figures};
pub use kpi_hourly::{Hourly, hourly, sparkline_gaps};
pub use kpi_index::KpiIndex;
pub use macro_step::{MacroStep, STEP_WORDS, Step};
pub use numbering::{PriorityBands, TimeFields};
pub use order::{Money, OrderItem, Payment, Shipment, ShopOrder, named_order, words as shop_words};
pub use order_edit::{ADDRESS_FIELDS, NotATag, OrderEdit, address_field, address_from, edit_tags};
pub use outgoing::{OutState, Outgoing};
pub use people::{Group, Role, User, UserId};
pub use replacement::{
    Address, OrderDetails, REPLACEMENT_NAME, REPLACEMENT_TAG, ReplaceLine, ReplacementAsk, entry_tag, ticket_tag,
};
pub use returns::{
    ExchangeItem, OrderReturn, RETURN_NAME, RETURN_REASONS, ReturnAsk, ReturnableLine, VariantChoice, reason_words,
};
pub use shop_action::{CANCEL_REASONS, PaymentBack, RefundAsk, ShopAction};
pub use shop_customer::ShopCustomer;
pub use status_names::StatusNames;
pub use ticket::{
    Channel, Message, MessageKind, Priority, Satisfaction, SlaClock, Status, Ticket, TicketCount, TicketId,
    TicketMetrics, View, ViewId, body_fingerprint,
};
pub use view_filter::{Cmp, Cond, ViewFilter, Who};

/// Unix seconds. Times are carried as plain numbers so that `now` can be passed in.
pub use frontline_clock::Timestamp;
