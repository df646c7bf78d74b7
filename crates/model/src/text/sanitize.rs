//! Strips what a stranger's message could use to take over an agent's terminal: ESC
//! sequences (CSI, OSC — including OSC 52 clipboard writes and OSC 8 links — DCS, APC, PM,
//! SOS), C0 and C1 control characters, bidi overrides and invisible format characters.
//! Tabs become spaces. Newlines are kept by `sanitize` and folded by `sanitize_line`.

const TAB_WIDTH: usize = 4;

/// True for characters that change how the text around them is shown without being seen.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}' // zero-width space/non-joiner, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{206A}'..='\u{206F}' // deprecated format characters
        | '\u{FEFF}' // byte order mark
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
        | '\u{061C}' // Arabic letter mark
    )
}

/// Cleans multi-line text: keeps `\n`, expands tabs, drops everything else that is not printable.
pub fn sanitize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    let mut col = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                out.push('\n');
                col = 0;
            }
            '\r' => {
                // CRLF or a lone CR: both end a line, never move the cursor back
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                    col = 0;
                }
            }
            '\t' => {
                let n = TAB_WIDTH - (col % TAB_WIDTH);
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\u{1b}' => {
                let mut more = skip_escape(&mut chars);
                while more {
                    more = skip_escape(&mut chars);
                }
            }
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                let mut more = skip_string(&mut chars);
                while more {
                    more = skip_escape(&mut chars);
                }
            }
            c if c.is_control() || is_invisible_format(c) => {}
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

/// Cleans text for one line (subjects, names, tags): newlines become spaces.
pub fn sanitize_line(input: &str) -> String {
    let clean = sanitize(input);
    if clean.contains('\n') {
        clean.split('\n').map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
    } else {
        clean
    }
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After ESC: the sequence's kind decides where it ends. Only bytes that belong to the
/// sequence are taken; another ESC or control starts over in the main loop. Returns true when
/// a string sequence was ended by an ESC that starts another sequence (handled by the caller,
/// in a loop, so hostile input cannot nest calls without bound).
fn skip_escape(chars: &mut Chars) -> bool {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | '_' | '^' | 'X') => {
            chars.next();
            return skip_string(chars);
        }
        // ESC ( B and the like: intermediate bytes, then one final byte
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            chars.next();
            if chars.peek().is_some_and(|c| ('\u{30}'..='\u{7e}').contains(c)) {
                chars.next();
            }
        }
        // two-character escapes (ESC c, ESC 7, ESC M, …)
        Some(c) if ('\u{30}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
    false
}

/// CSI: parameter and intermediate bytes, then one final byte in 0x40..=0x7E. Anything else
/// ends the (malformed) sequence without being eaten.
fn skip_csi(chars: &mut Chars) {
    while let Some(&c) = chars.peek() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            chars.next();
            break;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            break;
        }
        chars.next();
    }
}

/// OSC, DCS, APC, PM, SOS: everything up to BEL, ST (ESC \\) or the 8-bit ST. An ESC that
/// is not part of ST ends the string and starts the next sequence.
fn skip_string(chars: &mut Chars) -> bool {
    while let Some(&c) = chars.peek() {
        chars.next();
        match c {
            '\u{7}' | '\u{9c}' => return false,
            '\u{1b}' if chars.peek() == Some(&'\\') => {
                chars.next();
                return false;
            }
            '\u{1b}' => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_controls(s: &str) -> bool {
        s.chars().any(|c| (c.is_control() && c != '\n') || is_invisible_format(c))
    }

    #[test]
    fn osc52_clipboard_write_is_removed_entirely() {
        let s = sanitize("copy \x1b]52;c;cm0gLXJmIH4K\x07this");
        assert_eq!(s, "copy this");
    }

    #[test]
    fn csi_osc8_dcs_apc_and_c1() {
        assert_eq!(sanitize("\x1b[2J\x1b[31mred\x1b[0m"), "red");
        assert_eq!(sanitize("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\"), "link");
        assert_eq!(sanitize("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(sanitize("a\x1b_hidden\x1b\\b"), "ab");
        assert_eq!(sanitize("a\u{9b}31mb\u{9d}0;title\u{9c}c"), "abc");
    }

    #[test]
    fn bidi_and_invisible_are_removed_but_emoji_joiners_stay() {
        assert_eq!(sanitize("\u{202e}txt.exe\u{202c}"), "txt.exe");
        assert_eq!(sanitize("a\u{200b}b\u{feff}"), "ab");
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(sanitize(family), family);
    }

    #[test]
    fn tabs_expand_and_carriage_returns_cannot_overwrite() {
        assert_eq!(sanitize("a\tb"), "a   b");
        assert_eq!(sanitize("safe\rEVIL"), "safe\nEVIL");
        assert_eq!(sanitize("line\r\nnext"), "line\nnext");
        assert_eq!(sanitize_line("two\nlines\x07"), "two lines");
    }

    #[test]
    fn a_malformed_sequence_does_not_swallow_the_next_one() {
        assert_eq!(sanitize("\u{9b}\x1b\x1b\x1b]52;c;cm0g\x07ok"), "ok");
        assert_eq!(sanitize("\x1b\x1b[31mred"), "red");
        assert_eq!(sanitize("\u{9d}\x1b]52;c;cm0g\x07ok"), "ok");
        assert_eq!(sanitize("a\x1bcb"), "ab", "ESC c (reset) is one sequence");
    }

    #[test]
    fn deeply_chained_sequences_do_not_overflow_the_stack() {
        let evil = "\x1b]".repeat(500_000) + "\x07end";
        assert_eq!(sanitize(&evil), "end");
    }

    #[test]
    fn unterminated_sequences_do_not_panic() {
        for s in ["\x1b", "\x1b[", "\x1b]52;c;abc", "\u{9b}", "\x1bP", "x\x1b("] {
            assert!(!has_controls(&sanitize(s)));
        }
    }
}
