//! The terminal's key events as the console's own: crossterm's press or repeat of a key the
//! console knows becomes a `frontline_config::KeyEvent`; releases (terminals that report
//! them) and keys it has no use for (media keys, a lone modifier) become nothing.

use crossterm::event::{KeyCode as Term, KeyEvent as TermEvent, KeyEventKind, KeyModifiers as TermMods};
use frontline_config::{KeyCode, KeyEvent, KeyModifiers};

pub fn key(e: TermEvent) -> Option<KeyEvent> {
    if e.kind == KeyEventKind::Release {
        return None;
    }
    let code = match e.code {
        Term::Char(c) => KeyCode::Char(c),
        Term::Enter => KeyCode::Enter,
        Term::Esc => KeyCode::Esc,
        Term::Tab => KeyCode::Tab,
        Term::BackTab => KeyCode::BackTab,
        Term::Backspace => KeyCode::Backspace,
        Term::Delete => KeyCode::Delete,
        Term::Insert => KeyCode::Insert,
        Term::Up => KeyCode::Up,
        Term::Down => KeyCode::Down,
        Term::Left => KeyCode::Left,
        Term::Right => KeyCode::Right,
        Term::Home => KeyCode::Home,
        Term::End => KeyCode::End,
        Term::PageUp => KeyCode::PageUp,
        Term::PageDown => KeyCode::PageDown,
        Term::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let mut modifiers = KeyModifiers::NONE;
    for (term, own) in [
        (TermMods::SHIFT, KeyModifiers::SHIFT),
        (TermMods::CONTROL, KeyModifiers::CONTROL),
        (TermMods::ALT, KeyModifiers::ALT),
    ] {
        if e.modifiers.contains(term) {
            modifiers = modifiers | own;
        }
    }
    Some(KeyEvent::new(code, modifiers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventState;

    #[test]
    fn presses_become_the_consoles_keys_and_releases_nothing() {
        let press = TermEvent::new(Term::Char('r'), TermMods::CONTROL | TermMods::ALT);
        assert_eq!(key(press), Some(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL | KeyModifiers::ALT)));
        let release = TermEvent::new_with_kind_and_state(
            Term::Char('r'),
            TermMods::NONE,
            KeyEventKind::Release,
            KeyEventState::NONE,
        );
        assert_eq!(key(release), None);
        let repeat =
            TermEvent::new_with_kind_and_state(Term::Down, TermMods::NONE, KeyEventKind::Repeat, KeyEventState::NONE);
        assert_eq!(key(repeat), Some(KeyEvent::from(KeyCode::Down)));
        assert_eq!(
            key(TermEvent::new(Term::F(5), TermMods::SHIFT)),
            Some(KeyEvent::new(KeyCode::F(5), KeyModifiers::SHIFT))
        );
        assert_eq!(key(TermEvent::new(Term::CapsLock, TermMods::NONE)), None);
    }
}
