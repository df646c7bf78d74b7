//! Drawing a model into a test terminal and reading the screen back as text: shared by the
//! snapshot tests (`render.rs`, `render_overlays.rs`).

use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The model drawn at its own size with `theme`.
pub fn render(m: &frontline_app::Model, theme: &frontline_config::Theme) -> ratatui::buffer::Buffer {
    let mut term = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    term.draw(|f| frontline_ui::draw(f, m, theme)).unwrap();
    term.backend().buffer().clone()
}

/// The screen as text; the cell after a wide character is its second half, not a space.
pub fn text(buf: &ratatui::buffer::Buffer) -> String {
    let w = buf.area.width as usize;
    let rows = buf.content.chunks(w).map(|row| {
        let mut line = String::new();
        let mut skip = 0;
        for c in row {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(c.symbol());
            skip = unicode_width::UnicodeWidthStr::width(c.symbol()).saturating_sub(1);
        }
        line.trim_end().to_string()
    });
    rows.collect::<Vec<_>>().join("\n")
}
