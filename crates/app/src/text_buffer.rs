//! The text being written, as the core sees it: the console's own keys in, text out. The
//! composer holds one behind this trait; `editor_area.rs` makes it from ratatui-textarea's
//! editor, and no other module of the core names that type.

use frontline_config::KeyEvent;

pub trait TextBuffer {
    /// A key typed in the editor (moving, deleting, undoing…); whether the text changed.
    fn input(&mut self, key: KeyEvent) -> bool;
    /// Text put in at the cursor.
    fn insert_str(&mut self, text: &str);
    /// The text's lines, as typed.
    fn lines(&self) -> &[String];
    /// The whole text, lines joined by `\n`.
    fn text(&self) -> String {
        self.lines().join("\n")
    }
    /// The editor itself, for the drawing layer (`editor_area::widget`).
    fn as_any(&self) -> &dyn std::any::Any;
}
