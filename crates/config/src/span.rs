//! Where a key stands in the config file: toml's own spans, read by parsing the text once
//! more as a spanned document, so a check made after parsing names the exact line and column.

use toml::de::{DeTable, DeValue};

/// One step of a path into the document: a key, or an element of an array of tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// A check's finding inside one table of the config: what is wrong, and the key (path
/// relative to that table) that is wrong, so the message can name its line and column.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct Problem {
    pub at: Vec<Step<'static>>,
    pub message: String,
}

impl Problem {
    /// A problem with the table as a whole.
    pub fn new(message: impl Into<String>) -> Problem {
        Problem { at: Vec::new(), message: message.into() }
    }
    /// The same problem, at `step` inside the table (steps are added innermost first).
    pub fn at(mut self, step: Step<'static>) -> Problem {
        self.at.insert(0, step);
        self
    }
    pub fn field(self, key: &'static str) -> Problem {
        self.at(Step::Key(key))
    }
}

/// `line L, column C: ` for the last step of `path`, or nothing if it cannot be found.
pub fn at(text: &str, path: &[Step]) -> String {
    position(text, path).map(|(l, c)| format!("line {l}, column {c}: ")).unwrap_or_default()
}

/// The 1-based line and column where the byte `offset` of `text` stands.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn position(text: &str, path: &[Step]) -> Option<(usize, usize)> {
    let doc = DeTable::parse(text).ok()?;
    let mut table: &DeTable = doc.get_ref();
    let mut value: Option<&DeValue> = None;
    let mut start = None;
    for step in path {
        match (step, value) {
            (Step::Key(k), None | Some(DeValue::Table(_))) => {
                if let Some(DeValue::Table(t)) = value {
                    table = t;
                }
                let (key, v) = table.iter().find(|(key, _)| key.get_ref().as_ref() == *k)?;
                start = Some(key.span().start);
                value = Some(v.get_ref());
            }
            (Step::Index(i), Some(DeValue::Array(a))) => {
                let v = a.get(*i)?;
                start = Some(v.span().start);
                value = Some(v.get_ref());
            }
            _ => return None,
        }
    }
    start.map(|s| line_col(text, s))
}

#[cfg(test)]
mod tests {
    use super::{Step, at, line_col};

    #[test]
    fn keys_tables_and_arrays_of_tables_are_found_where_they_stand() {
        let text = "theme = \"x\"\n\n[profiles.shop]\nurl = \"https://a\"\n\n[[macros]]\ntitle = \"a\"\n\n[[macros]]\n  title = \"b\"\n";
        assert_eq!(at(text, &[Step::Key("theme")]), "line 1, column 1: ");
        assert_eq!(at(text, &[Step::Key("profiles"), Step::Key("shop"), Step::Key("url")]), "line 4, column 1: ");
        assert_eq!(at(text, &[Step::Key("macros"), Step::Index(1), Step::Key("title")]), "line 10, column 3: ");
        assert_eq!(at(text, &[Step::Key("nope")]), "");
        assert_eq!((line_col("ab\ncdé", 5), line_col("ab\ncdé", 6), line_col("ab\ncdé", 7)), ((2, 3), (2, 3), (2, 4)));
    }
}
