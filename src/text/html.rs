//! HTML e-mails as readable text: paragraphs and lists kept, links as text plus URL,
//! images, scripts and styles dropped. The result is sanitised like any other text.

/// Converts an HTML body to plain text. Falls back to the tag-stripped text if the HTML
/// cannot be parsed at all.
pub fn html_to_text(html: &str) -> String {
    // Escape sequences go first: the HTML parser would drop a bare ESC and leave the rest of
    // the sequence (an OSC 52 payload, say) behind as ordinary text.
    let html = super::sanitize(html);
    let cleaned = drop_tags(&drop_elements(&html, &["script", "style", "head"]), &["img"]);
    let text = html2text::config::plain()
        .link_footnotes(true)
        .allow_width_overflow()
        .string_from_read(cleaned.as_bytes(), 1000)
        .unwrap_or_else(|_| strip_tags(&cleaned));
    let text: Vec<&str> = text.lines().map(str::trim_end).collect();
    super::sanitize(text.join("\n").trim())
}

/// Removes `<name …>…</name>` blocks (case-insensitive) so their content never shows.
fn drop_elements(html: &str, names: &[&str]) -> String {
    let mut out = html.to_string();
    for name in names {
        loop {
            let lower = out.to_ascii_lowercase();
            let Some(start) = lower.find(&format!("<{name}")) else {
                break;
            };
            let close = format!("</{name}>");
            let end = lower[start..].find(&close).map(|e| start + e + close.len()).unwrap_or(out.len());
            out.replace_range(start..end, "");
        }
    }
    out
}

/// Removes void tags such as `<img …>` (nothing inside them to keep).
fn drop_tags(html: &str, names: &[&str]) -> String {
    let mut out = html.to_string();
    for name in names {
        loop {
            let lower = out.to_ascii_lowercase();
            let Some(start) = lower.find(&format!("<{name}")) else {
                break;
            };
            let end = lower[start..].find('>').map(|e| start + e + 1).unwrap_or(out.len());
            out.replace_range(start..end, "");
        }
    }
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_their_url_and_scripts_vanish() {
        let t = html_to_text(
            "<div><p>Hello <b>there</b></p><p><a href=\"https://shop.example/o/1\">view order</a></p>\
             <script>alert('x')</script><style>p{color:red}</style><img src=\"cid:x\" alt=\"\"></div>",
        );
        assert!(t.contains("Hello"), "{t}");
        assert!(t.contains("view order"), "{t}");
        assert!(t.contains("https://shop.example/o/1"), "{t}");
        assert!(!t.contains("alert"), "{t}");
        assert!(!t.contains("color:red"), "{t}");
        assert!(!t.contains("[]") && !t.contains("cid:"), "images dropped: {t}");
    }

    #[test]
    fn unclosed_elements_do_not_swallow_the_mail() {
        let t = html_to_text("<p>before</p><script>x<p>after the script</p>");
        assert!(t.contains("before"), "{t}");
        let t = html_to_text("<p>keep</p><img src=x alt=\"logo\"><p>this too</p>");
        assert!(t.contains("keep") && t.contains("this too") && !t.contains("logo"), "{t}");
    }

    #[test]
    fn escape_sequences_inside_html_are_stripped_whole() {
        let t = html_to_text("<p>a\x1b]52;c;Zm9v\x07b \x1b[2Jc</p>");
        assert_eq!(t, "ab c");
    }
}
