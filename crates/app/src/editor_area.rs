//! The composer's editor: ratatui-textarea's `TextArea` as a `TextBuffer` — word-wrapped,
//! its placeholder saying how to send, the console's keys handed to it as its own `Input`.
//! The one module of the core that names the editor's type; the drawing layer gets it back
//! with `widget`.

use crate::text_buffer::TextBuffer;
use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, Input, Key, TextArea, WrapMode};

/// An editor holding `text`, the cursor at its end.
pub fn new(text: &str) -> Box<dyn TextBuffer> {
    let mut e = TextArea::new(text.split('\n').map(String::from).collect());
    e.set_placeholder_text("type here · Ctrl-s send · Esc keeps the draft");
    // long lines wrap at the editor's width, so the greeting and the signature stay in view
    e.set_wrap_mode(WrapMode::WordOrGlyph);
    e.move_cursor(CursorMove::Bottom);
    e.move_cursor(CursorMove::End);
    Box::new(e)
}

/// The editor to draw, when `buffer` is one of these.
pub fn widget(buffer: &dyn TextBuffer) -> Option<&TextArea<'static>> {
    buffer.as_any().downcast_ref::<TextArea<'static>>()
}

/// The console's key as the editor's input.
fn input(k: KeyEvent) -> Input {
    let key = match k.code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab | KeyCode::BackTab => Key::Tab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::F(n) => Key::F(n),
        KeyCode::Insert => Key::Null,
    };
    Input {
        key,
        ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
        alt: k.modifiers.contains(KeyModifiers::ALT),
        shift: k.modifiers.contains(KeyModifiers::SHIFT),
    }
}

impl TextBuffer for TextArea<'static> {
    fn input(&mut self, key: KeyEvent) -> bool {
        TextArea::input(self, input(key))
    }

    fn insert_str(&mut self, text: &str) {
        TextArea::insert_str(self, text);
    }

    fn lines(&self) -> &[String] {
        TextArea::lines(self)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(b: &mut dyn TextBuffer, keys: &[KeyEvent]) {
        for k in keys {
            b.input(*k);
        }
    }

    #[test]
    fn the_consoles_keys_edit_the_text() {
        let mut b = new("Hello\nworld");
        let c = |ch| KeyEvent::from(KeyCode::Char(ch));
        typed(b.as_mut(), &[c('!'), KeyEvent::from(KeyCode::Enter), c('b'), c('y'), c('e')]);
        assert_eq!(b.text(), "Hello\nworld!\nbye");
        // ctrl-h deletes a character as Backspace does; alt-b moves back a word
        typed(b.as_mut(), &[KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL)]);
        assert_eq!(b.text(), "Hello\nworld!\nby");
        typed(b.as_mut(), &[KeyEvent::new(KeyCode::Char('b'), KeyModifiers::ALT), c('>')]);
        assert_eq!(b.lines()[2], ">by");
        b.insert_str("ok ");
        assert_eq!(b.lines()[2], ">ok by");
        assert!(widget(b.as_ref()).is_some());
    }
}
