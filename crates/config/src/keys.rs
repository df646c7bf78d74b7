//! Keys as the console sees them — its own types, whatever terminal library read them (the
//! binary's terminal loop translates crossterm's events; the editor's adapter hands them to
//! ratatui-textarea) — and key names as written in the config (`ctrl-r`, `shift-tab`, `pgdn`,
//! `G`, `?`) with the key events they match.

/// A key the console knows. Keys it has no use for (media keys, a lone modifier) never
/// become one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    /// Shift-Tab.
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// Ctrl, Alt and Shift held with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyModifiers(u8);

impl KeyModifiers {
    pub const NONE: KeyModifiers = KeyModifiers(0);
    pub const SHIFT: KeyModifiers = KeyModifiers(1);
    pub const CONTROL: KeyModifiers = KeyModifiers(2);
    pub const ALT: KeyModifiers = KeyModifiers(4);

    /// Every modifier of `other` is held.
    pub const fn contains(self, other: KeyModifiers) -> bool {
        self.0 & other.0 == other.0
    }

    /// Any modifier of `other` is held.
    pub const fn intersects(self, other: KeyModifiers) -> bool {
        self.0 & other.0 != 0
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for KeyModifiers {
    type Output = KeyModifiers;
    fn bitor(self, other: KeyModifiers) -> KeyModifiers {
        KeyModifiers(self.0 | other.0)
    }
}

/// A key pressed (releases and repeats are the terminal loop's business, never the core's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyEvent {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyEvent {
    pub const fn new(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent { code, modifiers }
    }
}

impl From<KeyCode> for KeyEvent {
    fn from(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyBinding {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyBinding {
    /// The binding a key press matches. Shift is part of the character (`G`), not a flag.
    pub fn from_event(e: &KeyEvent) -> KeyBinding {
        KeyBinding {
            code: e.code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// How the help overlay writes it.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("C-{base}"),
            (_, true) => format!("M-{base}"),
            _ => base,
        }
    }
}

/// A key name the console does not know; it says what is accepted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "`{0}` is not a key (write a character like `j` or `G`, or ctrl-r, alt-x, enter, esc, tab, shift-tab, space, up, down, pgup, pgdn, home, end, f1…f12)"
)]
pub struct NotAKey(pub String);

/// Parses a key name; the error says what is accepted.
pub fn parse_key(s: &str) -> Result<KeyBinding, NotAKey> {
    let mut ctrl = false;
    let mut alt = false;
    let mut rest = s;
    loop {
        let lower = rest.to_ascii_lowercase();
        if rest.len() > 2 && (lower.starts_with("ctrl-") || lower.starts_with("ctrl+")) {
            ctrl = true;
            rest = &rest[5..];
        } else if rest.len() > 2 && (lower.starts_with("alt-") || lower.starts_with("alt+")) {
            alt = true;
            rest = &rest[4..];
        } else {
            break;
        }
    }
    let code = match rest.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "shift-tab" | "backtab" | "s-tab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "backspace" => KeyCode::Backspace,
        f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) => {
            KeyCode::F(f[1..].parse().unwrap_or(1))
        }
        _ if rest.chars().count() == 1 => {
            let c = rest.chars().next().unwrap_or(' ');
            // ctrl-R and ctrl-r are the same key to a terminal
            KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
        }
        _ => {
            return Err(NotAKey(s.to_string()));
        }
    };
    Ok(KeyBinding { code, ctrl, alt })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_the_readme_documents() {
        assert_eq!(parse_key("ctrl-r").unwrap(), KeyBinding { code: KeyCode::Char('r'), ctrl: true, alt: false });
        assert_eq!(parse_key("G").unwrap().code, KeyCode::Char('G'));
        assert_eq!(parse_key("shift-tab").unwrap().code, KeyCode::BackTab);
        assert_eq!(parse_key("pgdn").unwrap().code, KeyCode::PageDown);
        assert_eq!(parse_key("f5").unwrap().code, KeyCode::F(5));
        assert!(parse_key("ctrl-").is_err());
        assert!(parse_key("hyper-x").unwrap_err().to_string().contains("not a key"));
    }

    #[test]
    fn events_match_bindings() {
        let e = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(KeyBinding::from_event(&e), parse_key("ctrl-r").unwrap());
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(KeyBinding::from_event(&g), parse_key("G").unwrap());
        let both = KeyModifiers::CONTROL | KeyModifiers::ALT;
        assert!(both.contains(KeyModifiers::ALT) && both.contains(KeyModifiers::CONTROL));
        assert!(!both.contains(KeyModifiers::SHIFT) && KeyModifiers::NONE.is_empty());
    }
}
