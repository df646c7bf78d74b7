//! A message body as the console shows it, whichever helpdesk sent it: HTML converted to
//! text, everything sanitised, and a giant body cut with a note saying so.

use frontline_model::text::{html_to_text, sanitize};

/// Bodies are kept up to this many bytes; a bigger one is cut with a note, so one giant
/// message cannot take the console's memory.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

fn cap(text: &str, limit: usize) -> (&str, bool) {
    if text.len() <= limit {
        return (text, false);
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// The text of a message from its HTML (preferred: it keeps links and lists) or its plain
/// text. `original` is the size the helpdesk reported, for the note on a cut body.
pub fn message_body(html: Option<&str>, plain: Option<&str>, original: usize) -> String {
    let html = html.filter(|h| !h.trim().is_empty()).map(|h| cap(h, MAX_BODY_BYTES * 4).0);
    let plain = plain.filter(|b| !b.trim().is_empty());
    let original = original.max(html.map_or(0, str::len)).max(plain.map_or(0, str::len));
    let body = match (html, plain) {
        (Some(h), _) => html_to_text(h),
        (None, Some(b)) => sanitize(cap(b, MAX_BODY_BYTES).0),
        (None, None) => String::new(),
    };
    match cap(&body, MAX_BODY_BYTES) {
        (kept, _) if original > MAX_BODY_BYTES => format!(
            "{kept}\n\n… message cut: {:.1} MB in the helpdesk, the first {} KB shown",
            original as f64 / 1_048_576.0,
            MAX_BODY_BYTES / 1024
        ),
        (kept, _) => kept.to_string(),
    }
}

/// `ana@mail.example`: one `@` with something before it and a dotted domain after, nothing
/// a search syntax would read (`:`, quotes, spaces).
pub fn is_email(word: &str) -> bool {
    let Some((user, domain)) = word.split_once('@') else { return false };
    !user.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !word.contains(|c: char| c.is_whitespace() || matches!(c, ':' | '"' | '\'' | '\\'))
        && word.matches('@').count() == 1
}

#[cfg(test)]
mod email_tests {
    #[test]
    fn an_address_alone_is_an_address() {
        assert!(super::is_email("yuki.rossi.83@post.example"));
        assert!(!super::is_email("requester:yuki@post.example"));
        assert!(!super::is_email("@post.example"));
        assert!(!super::is_email("yuki@post"));
        assert!(!super::is_email("a@b@c.example"));
        assert!(!super::is_email("NW415145"));
    }
}

/// A phone number typed alone (`+44 7700 900123`, `+351-910-000-000`, `07700 900123`): 7 to 15
/// digits with a leading `+` or in groups, nothing but digits, spaces, dashes, dots and
/// brackets. A bare run of digits is not one (an order or tracking number looks the same).
/// Answers the number as typed, trimmed. A search that finds nobody with it falls back to
/// the words (a grouped tracking number looks like a phone number).
pub fn phone(words: &str) -> Option<&str> {
    let w = words.trim();
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+');
    let digits = w.chars().filter(char::is_ascii_digit).count();
    let plus = w.starts_with('+') && !w[1..].contains('+');
    let groups: Vec<&str> = w.split([' ', '-', '.']).filter(|g| !g.is_empty()).collect();
    let grouped = groups.len() >= 2;
    // a date (2026-12-01) is not a number to call
    let date = groups.len() == 3 && groups[0].len() == 4 && groups[1].len() <= 2 && groups[2].len() <= 2;
    (w.chars().all(allowed) && (7..=15).contains(&digits) && !date && (plus || (grouped && !w.contains('+'))))
        .then_some(w)
}

#[cfg(test)]
mod phone_tests {
    #[test]
    fn a_number_in_groups_or_with_a_plus_is_a_phone() {
        for yes in ["+44 7700 900123", "+351910000000", "07700 900123", "(020) 7946-0000", "+1 (555) 010-9999"] {
            assert_eq!(super::phone(yes), Some(yes), "{yes}");
        }
        for no in [
            "415145",
            "9400111899223344556677",
            "NW415145",
            "1Z999AA10123456784",
            "12 34",
            "+44 7700 +1",
            "",
            "2026-12-01",
        ] {
            assert_eq!(super::phone(no), None, "{no}");
        }
    }
}
