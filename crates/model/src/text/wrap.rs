//! Width-aware layout of text for terminal cells: wide CJK and emoji count two columns,
//! combining marks none; nothing is cut inside a character.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts a subject to at most `max` columns keeping what identifies it: the last word with five
/// or more digits (an order, tracking or RMA number) stays whole at the end and the words
/// before it give way — `Where is my… #NW804813?` — when that number fits; else as `truncate`.
pub fn truncate_keeping_numbers(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let numbered = |w: &str| w.chars().filter(char::is_ascii_digit).count() >= 5;
    let mut start = None;
    let mut at = 0;
    for word in s.split(' ') {
        if numbered(word) {
            start = Some(at);
        }
        at += word.len() + 1;
    }
    let Some(start) = start.filter(|i| *i > 0) else { return truncate(s, max) };
    let tail = &s[start..];
    let room = max.saturating_sub(width(tail) + 1);
    if room < 4 {
        return truncate(s, max);
    }
    format!("{} {tail}", truncate_at_word(s[..start].trim_end(), room))
}

/// `truncate`, backing up to the last space when the cut would fall inside a word.
fn truncate_at_word(s: &str, max: usize) -> String {
    let cut = truncate(s, max);
    let Some(kept) = cut.strip_suffix('…') else { return cut };
    let whole_word = s[kept.len()..].starts_with(' ');
    match kept.rfind(' ') {
        Some(i) if !whole_word && i > 0 => format!("{}…", kept[..i].trim_end()),
        _ => cut,
    }
}

/// A person's name in at most `max` columns keeping the family name: `Hannah Tanaka` →
/// `H. Tanaka`, then `Fernández` alone, cut only when even that does not fit.
pub fn short_name(name: &str, max: usize) -> String {
    if width(name) <= max {
        return name.to_string();
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    match (words.first(), words.last()) {
        (Some(first), Some(last)) if words.len() > 1 => {
            let initial: String = first.chars().take(1).collect();
            let short = format!("{initial}. {last}");
            if width(&short) <= max || width(last) > max { truncate(&short, max) } else { (*last).to_string() }
        }
        _ => truncate(name, max),
    }
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

#[cfg(test)]
mod keeping_tests {
    use super::*;

    #[test]
    fn a_subject_keeps_its_order_number_and_a_name_its_family_name() {
        assert_eq!(truncate_keeping_numbers("Where is my order #NW804813?", 22), "Where is… #NW804813?");
        assert_eq!(truncate_keeping_numbers("Where is my order #NW804813?", 40), "Where is my order #NW804813?");
        assert_eq!(
            truncate_keeping_numbers("Refund for order NW415145 never arrived", 30),
            "Refund… NW415145 never arrived"
        );
        assert_eq!(truncate_keeping_numbers("A question about my parcel please", 12), "A question …");
        assert!(width(&truncate_keeping_numbers("Where is my order #NW804813?", 22)) <= 22);
        assert_eq!(short_name("Hannah Tanaka", 12), "H. Tanaka");
        assert_eq!(short_name("Hannah Tanaka", 13), "Hannah Tanaka");
        assert_eq!(short_name("Maximiliane Oberhollenzer-Schwarz", 12), "M. Oberholl…");
        assert_eq!(short_name("Lucía Fernández", 9), "Fernández", "the family name alone before a cut one");
    }
}
