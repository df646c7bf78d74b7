//! Text from the helpdesk made safe and readable in a terminal: control sequences removed,
//! HTML turned into text, and width-aware wrapping and truncation for the panes.

mod html;
mod sanitize;
mod wrap;

pub use html::html_to_text;
pub use sanitize::{sanitize, sanitize_line};
pub use wrap::{truncate, width, wrap};
