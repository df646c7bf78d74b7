//! Text from the helpdesk made safe and readable in a terminal: control sequences removed,
//! HTML turned into text, width-aware wrapping and truncation for the panes, and times as
//! the console writes them.

mod html;
mod refs;
mod sanitize;
mod time;
mod wrap;

pub use html::html_to_text;
pub use refs::references;
pub use sanitize::{sanitize, sanitize_line};
pub use time::{duration, fmt_age, fmt_row_age, fmt_sla, fmt_time, rfc3339};
pub use wrap::{short_name, truncate, truncate_keeping_numbers, width, wrap};
