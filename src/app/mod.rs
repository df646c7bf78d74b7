//! The application core: `Model`, `Msg`, `Effect`, the pure `update`, the keymap, and the
//! runtime loop with its executor (the only part that does IO).

pub mod actions;
mod compose;
mod dialogs;
pub mod executor;
mod input;
mod keymap;
mod loaded;
mod model;
mod msg;
pub mod notify;
mod queue_ops;
mod restore;
pub mod runtime;
mod update;
mod writes;

pub use compose::{Composer, Draft, final_draft};
pub use dialogs::{Confirm, Conflict, PickValue, Picker, Preview, Prompt, PromptFor};
pub use executor::Executor;
pub use input::run_command;
pub use keymap::{Action, Keymap, TABLE as KEY_TABLE};
pub use model::{Connection, Loadable, Mode, Model, Notice, Pane, Queue, Settings, SortKey};
pub use msg::{CacheOp, Effect, Msg, OutboxOp, Restored};
pub use queue_ops::haystack;
pub use update::{init, update};
pub use writes::WriteJob;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_actions;
#[cfg(test)]
mod tests_live;
#[cfg(test)]
mod tests_notify;
