//! HTML e-mails as readable text: paragraphs and lists kept, links as text plus URL,
//! images, scripts and styles dropped. The result is sanitised like any other text.

/// Converts an HTML body to plain text. Falls back to the tag-stripped text if the HTML
/// cannot be parsed at all.
pub fn html_to_text(html: &str) -> String {
    // Escape sequences go first: the HTML parser would drop a bare ESC and leave the rest of
    // the sequence (an OSC 52 payload, say) behind as ordinary text.
    let html = super::sanitize(html);
    let cleaned = strip_unwanted(&html);
    let text = html2text::config::plain()
        .link_footnotes(true)
        .allow_width_overflow()
        .string_from_read(cleaned.as_bytes(), 1000)
        .unwrap_or_else(|_| strip_tags(&cleaned));
    let text: Vec<&str> = text.lines().map(str::trim_end).collect();
    super::sanitize(text.join("\n").trim())
}

/// Removes script, style and head blocks (their content never shows) and image tags, in one
/// pass: hostile mail with thousands of tags costs linear time. An unclosed block ends at its
/// own `>`, never swallowing the rest of the mail.
fn strip_unwanted(html: &str) -> String {
    // ASCII lowercasing keeps every byte offset, so positions found in `lower` fit `html`
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while let Some(rel) = lower[i..].find('<') {
        let start = i + rel;
        out.push_str(&html[i..start]);
        let rest = &lower[start + 1..];
        let name = &rest[..rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len())];
        let tag_end = lower[start..].find('>').map_or(html.len(), |e| start + e + 1);
        i = match name {
            "script" | "style" | "head" => {
                let close = format!("</{name}");
                match lower[tag_end..].find(&close) {
                    Some(e) => lower[tag_end + e..].find('>').map_or(html.len(), |x| tag_end + e + x + 1),
                    None => tag_end,
                }
            }
            "img" => tag_end,
            _ => {
                out.push('<');
                start + 1
            }
        };
    }
    out.push_str(&html[i..]);
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
        assert!(t.contains("before") && t.contains("after the script"), "{t}");
        let t = html_to_text("<SCRIPT type=x>evil()</Script><p>ok</p><STYLE>p{}</style>");
        assert_eq!(t, "ok");
        let t = html_to_text("<p>keep</p><img src=x alt=\"logo\"><p>this too</p>");
        assert!(t.contains("keep") && t.contains("this too") && !t.contains("logo"), "{t}");
    }

    #[test]
    fn thousands_of_tags_are_stripped_in_one_pass() {
        let html = "<img src=x>".repeat(200_000) + "<p>the text</p>";
        assert_eq!(html_to_text(&html), "the text");
    }

    #[test]
    fn escape_sequences_inside_html_are_stripped_whole() {
        let t = html_to_text("<p>a\x1b]52;c;Zm9v\x07b \x1b[2Jc</p>");
        assert_eq!(t, "ab c");
    }
}
