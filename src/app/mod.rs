//! The application core: `Model`, `Msg`, `Effect`, the pure `update`, the keymap, and the
//! runtime loop with its executor (the only part that does IO).

pub mod executor;
mod input;
mod keymap;
mod loaded;
mod model;
mod msg;
mod queue_ops;
pub mod runtime;
mod update;

pub use executor::Executor;
pub use input::run_command;
pub use keymap::{Action, Keymap, TABLE as KEY_TABLE};
pub use model::{Connection, Loadable, Mode, Model, Notice, Pane, Queue, Settings, SortKey};
pub use msg::{Effect, Msg};
pub use queue_ops::haystack;
pub use update::{init, update};

#[cfg(test)]
mod tests;
