//! Aligned, width-aware text tables for the terminal and for pipes.

use frontline_model::text::{truncate, width};

/// Renders rows under a header; the last column takes what is left of `max_width`.
pub fn render(header: &[&str], rows: &[Vec<String>], max_width: usize) -> String {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, cell) in r.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let fixed: usize = widths[..cols - 1].iter().map(|w| w + 2).sum();
    widths[cols - 1] = widths[cols - 1].min(max_width.saturating_sub(fixed).max(10));
    let line = |cells: Vec<String>| -> String {
        let mut out = String::new();
        for (i, c) in cells.iter().enumerate().take(cols) {
            let c = truncate(c, widths[i]);
            out.push_str(&c);
            if i + 1 < cols {
                out.push_str(&" ".repeat(widths[i] - width(&c) + 2));
            }
        }
        out.trim_end().to_string()
    };
    let mut out = vec![line(header.iter().map(std::string::ToString::to_string).collect())];
    out.extend(rows.iter().map(|r| line(r.clone())));
    out.join("\n")
}

/// The terminal's width; no limit when the output goes to a pipe or a file (scripts want
/// whole subjects).
pub fn terminal_width() -> usize {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return usize::MAX / 4;
    }
    crossterm::terminal::size().map(|(w, _)| w as usize).ok().filter(|w| *w > 20).unwrap_or(120)
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_align_with_wide_text() {
        let t = super::render(
            &["#", "subject", "who"],
            &[vec!["1".into(), "注文".into(), "Ana".into()], vec!["22".into(), "order".into(), "Bo".into()]],
            80,
        );
        let lines: Vec<&str> = t.lines().collect();
        let col = |l: &str| frontline_model::text::width(&l[..l.find(['A', 'B', 'w']).unwrap()]);
        assert_eq!(col(lines[1]), col(lines[2]));
        assert_eq!(col(lines[0]), col(lines[1]));
    }
}
