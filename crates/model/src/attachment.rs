//! A file on a message as the helpdesk lists it: its name (sanitised, so a name with `../`,
//! control bytes or a bidi override shows as harmless text), the type the helpdesk says, its
//! size and where it is served. Nothing is fetched or opened from here.

use super::text::sanitize_line;

/// Names longer than this are cut (in the middle, keeping the extension) when read.
pub const MAX_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    pub name: String,
    /// The type the helpdesk gives (`image/png`): a claim, to be checked against the bytes.
    pub content_type: Option<String>,
    /// Bytes, as the helpdesk says.
    pub size: Option<u64>,
    /// Where the helpdesk serves it (asked with the profile's credentials).
    pub url: Option<String>,
}

impl Attachment {
    /// An attachment as a helpdesk lists it, every field cleaned: the name one line without
    /// control or bidi characters and at most `MAX_NAME_CHARS`, empty names called `file`.
    pub fn listed(name: &str, content_type: Option<&str>, size: Option<u64>, url: Option<&str>) -> Attachment {
        let name = sanitize_line(name);
        let name = if name.trim().is_empty() { "file".to_string() } else { cut_middle(name.trim(), MAX_NAME_CHARS) };
        let clean = |s: Option<&str>| s.map(sanitize_line).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        Attachment { name, content_type: clean(content_type), size, url: clean(url) }
    }

    /// A file known by name only.
    pub fn named(name: &str) -> Attachment {
        Attachment::listed(name, None, None, None)
    }

    /// How the conversation lists it: `photo.jpg · image/jpeg · 84 KB`.
    pub fn describe(&self) -> String {
        let mut parts = vec![self.name.clone()];
        parts.extend(self.content_type.clone());
        parts.extend(self.size.map(size_words));
        parts.join(" · ")
    }
}

/// Bytes in words: `512 B`, `84 KB`, `2.4 MB`, `5.0 GB`.
pub fn size_words(bytes: u64) -> String {
    const KB: u64 = 1024;
    match bytes {
        b if b < KB => format!("{b} B"),
        b if b < KB * KB => format!("{} KB", b.div_ceil(KB)),
        b if b < KB * KB * KB => format!("{:.1} MB", b as f64 / (KB * KB) as f64),
        b => format!("{:.1} GB", b as f64 / (KB * KB * KB) as f64),
    }
}

/// `s` cut to `max` characters in the middle, so the end (the extension) stays.
fn cut_middle(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let keep_end = 16.min(max / 2);
    let head: String = s.chars().take(max - keep_end - 1).collect();
    let tail: String = s.chars().skip(n - keep_end).collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_shown_as_harmless_text() {
        let a = Attachment::listed("../../etc/passwd\u{1b}[31m\u{202e}gpj.exe", Some("image/png"), Some(2048), None);
        assert!(!a.name.contains('\u{1b}') && !a.name.contains('\u{202e}'), "{:?}", a.name);
        assert_eq!(a.describe(), format!("{} · image/png · 2 KB", a.name));
        let long = Attachment::named(&format!("{}.pdf", "a".repeat(4000)));
        assert_eq!(long.name.chars().count(), MAX_NAME_CHARS);
        assert!(long.name.ends_with("aaaa.pdf") && long.name.contains('…'));
        assert_eq!(Attachment::named("\n\t").name, "file");
        assert_eq!(Attachment::listed("x", Some("  "), None, Some("")).content_type, None);
    }

    #[test]
    fn sizes_read_in_words() {
        assert_eq!(size_words(512), "512 B");
        assert_eq!(size_words(84 * 1024), "84 KB");
        assert_eq!(size_words(2_500_000), "2.4 MB");
        assert_eq!(size_words(5 * 1024 * 1024 * 1024), "5.0 GB");
    }
}
