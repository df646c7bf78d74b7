//! Width-aware layout of text for terminal cells: wide CJK and emoji count two columns,
//! combining marks none; nothing is cut inside a character.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns, ending with `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Wraps text to `max` columns at spaces where it can, inside long words where it must.
/// Each `\n` starts a new line; empty lines are kept.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for word in para.split(' ') {
            let ww = width(word);
            let sep = usize::from(!line.is_empty());
            if w + sep + ww <= max {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                w += sep + ww;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                w = 0;
            }
            // a word longer than the line is split by columns
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if w + cw > max && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    w = 0;
                }
                line.push(c);
                w += cw;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(width("注文"), 4);
        assert_eq!(truncate("注文のサイズ", 5), "注文…");
        assert!(width(&truncate("👍👍👍", 4)) <= 4);
    }

    #[test]
    fn wrap_never_exceeds_the_width() {
        let text = "Hello there, 注文のサイズ交換について supercalifragilisticexpialidocious 👨‍👩‍👧 ok";
        for max in 1..30 {
            for line in wrap(text, max) {
                assert!(width(&line) <= max.max(2), "{line:?} wider than {max}");
            }
        }
        assert_eq!(wrap("a b\n\nc", 10), vec!["a b", "", "c"]);
    }
}
