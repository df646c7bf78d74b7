//! The application core: `Model`, `Msg`, `Effect`, the pure `update`, the keymap, and the
//! executor that runs effects (the only part that does IO: the helpdesk, the store, the clock).
//! The terminal loop that feeds it lives in the binary; the drawing in `frontline-ui`.

mod accounts;
mod colleague;
mod compose;
pub mod count_book;
mod counts;
pub mod deliver;
mod deliver_shop;
mod dialogs;
mod discounts;
pub mod editor_area;
pub mod errors;
pub mod executor;
mod fetched;
pub mod handle_time;
mod input;
mod keymap;
pub mod layout;
pub mod live_feed;
mod loaded;
mod macro_shop;
mod macros;
mod membership;
mod merge;
mod model;
mod msg;
mod navigate;
mod normal_mode;
pub mod notify;
mod order_edits;
mod order_writes;
pub mod orders;
pub mod pacing;
mod parts;
mod polls;
mod queue_ops;
pub mod replacements;
mod restore;
mod returns;
mod rules;
mod save_text;
mod settings;
mod snooze;
mod synced;
pub mod team;
pub mod text_buffer;
pub mod ticket_changes;
mod ticket_context;
mod update;
mod writes;
mod written;

pub use colleague::on_it as colleague_on_it;
pub use compose::{Composer, Draft, final_draft};
pub use counts::of_view as view_count;
pub use dialogs::{Confirm, Conflict, Form, FormFor, PickValue, Picker, Preview, Prompt, PromptFor};
pub use executor::Executor;
pub use input::run_command;
pub use keymap::{Action, Keymap, TABLE as KEY_TABLE};
pub use merge::MergeAsk;
pub use model::{Connection, Loadable, Mode, Model, Notice, Pane, Queue, Settings, SortKey};
pub use msg::{CacheOp, Effect, Msg, OutboxOp, Restored};
pub use queue_ops::haystack;
pub use update::{NO_ANSWER_SECS, init, update};
pub use writes::WriteJob;

#[cfg(any(test, feature = "testkit"))]
pub mod testkit;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_actions;
#[cfg(test)]
mod tests_flow;
#[cfg(test)]
mod tests_handle_time;
#[cfg(test)]
mod tests_live;
#[cfg(test)]
mod tests_live_feed;
#[cfg(test)]
mod tests_macro_shop;
#[cfg(test)]
mod tests_notify;
#[cfg(test)]
mod tests_orders;
#[cfg(test)]
mod tests_outbox;
#[cfg(test)]
mod tests_pace;
#[cfg(test)]
mod tests_shift;
#[cfg(test)]
mod tests_shop_actions;
#[cfg(test)]
mod tests_snooze;
#[cfg(test)]
mod tests_team;
#[cfg(test)]
mod tests_writes;
