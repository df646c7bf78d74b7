//! Shopify's search syntax for the `query:` argument of `orders` and `customers`:
//! `email:jo@x.com name:'#NW123' -financial_status:refunded OR (created_at:>'2026-01-01')`.
//! Terms are ANDed unless joined by `OR`; `-` or `NOT ` negates; comparators `:` `:<` `:>`
//! `:<=` `:>=`; values are bare words or quoted in single or double quotes.

/// How a term compares its field with its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Lt,
    Gt,
    Le,
    Ge,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// `field:value`; a term without a field has `field` "default" (free text).
    Term {
        field: String,
        cmp: Cmp,
        value: String,
    },
    Not(Box<Query>),
    And(Vec<Query>),
    Or(Vec<Query>),
}

/// What a term is checked against: the record answers for one field and comparison.
pub trait Searchable {
    fn matches(&self, field: &str, cmp: Cmp, value: &str) -> bool;
}

impl Query {
    pub fn matches(&self, item: &impl Searchable) -> bool {
        match self {
            Query::Term { field, cmp, value } => item.matches(field, *cmp, value),
            Query::Not(q) => !q.matches(item),
            Query::And(qs) => qs.iter().all(|q| q.matches(item)),
            Query::Or(qs) => qs.iter().any(|q| q.matches(item)),
        }
    }
}

/// Parses a search string. Shopify ignores what it cannot read rather than failing the
/// call, so an unbalanced parenthesis or a stray quote ends the term where it stands.
pub fn parse(text: &str) -> Query {
    let tokens = tokenize(text);
    let mut pos = 0;
    parse_or(&tokens, &mut pos)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Word(String),
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Tok::Open);
            }
            ')' => {
                chars.next();
                out.push(Tok::Close);
            }
            _ => {
                // A word runs to whitespace or a parenthesis outside quotes; quotes are kept
                // out of the word but their contents are taken whole.
                let mut word = String::new();
                let mut quote: Option<char> = None;
                while let Some(&c) = chars.peek() {
                    match quote {
                        Some(q) if c == q => quote = None,
                        Some(_) => word.push(c),
                        None if c == '\'' || c == '"' => quote = Some(c),
                        None if c.is_whitespace() || c == '(' || c == ')' => break,
                        None => word.push(c),
                    }
                    chars.next();
                }
                out.push(Tok::Word(word));
            }
        }
    }
    out
}

fn parse_or(t: &[Tok], pos: &mut usize) -> Query {
    let mut alts = vec![parse_and(t, pos)];
    while matches!(t.get(*pos), Some(Tok::Word(w)) if w == "OR") {
        *pos += 1;
        alts.push(parse_and(t, pos));
    }
    if alts.len() == 1 { alts.remove(0) } else { Query::Or(alts) }
}

fn parse_and(t: &[Tok], pos: &mut usize) -> Query {
    let mut all = Vec::new();
    loop {
        match t.get(*pos) {
            None | Some(Tok::Close) => break,
            Some(Tok::Word(w)) if w == "OR" => break,
            Some(Tok::Word(w)) if w == "AND" => *pos += 1,
            _ => all.push(parse_term(t, pos)),
        }
    }
    if all.len() == 1 { all.remove(0) } else { Query::And(all) }
}

fn parse_term(t: &[Tok], pos: &mut usize) -> Query {
    match t.get(*pos) {
        Some(Tok::Word(w)) if w == "NOT" => {
            *pos += 1;
            Query::Not(Box::new(parse_term(t, pos)))
        }
        Some(Tok::Open) => {
            *pos += 1;
            let q = parse_or(t, pos);
            if t.get(*pos) == Some(&Tok::Close) {
                *pos += 1;
            }
            q
        }
        Some(Tok::Word(w)) => {
            *pos += 1;
            match w.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => Query::Not(Box::new(term(rest))),
                _ => term(w),
            }
        }
        // A stray `)`: skip it.
        _ => {
            *pos += 1;
            Query::And(Vec::new())
        }
    }
}

fn term(word: &str) -> Query {
    let Some((field, rest)) = word.split_once(':') else {
        return Query::Term { field: "default".into(), cmp: Cmp::Eq, value: word.to_string() };
    };
    let (cmp, value) = [("<=", Cmp::Le), (">=", Cmp::Ge), ("<", Cmp::Lt), (">", Cmp::Gt)]
        .into_iter()
        .find_map(|(p, c)| rest.strip_prefix(p).map(|v| (c, v)))
        .unwrap_or((Cmp::Eq, rest));
    Query::Term { field: field.to_ascii_lowercase(), cmp, value: value.to_string() }
}

/// Compares two numbers the way the term asks.
pub fn compare<T: PartialOrd>(have: T, cmp: Cmp, want: T) -> bool {
    match cmp {
        Cmp::Eq => have == want,
        Cmp::Lt => have < want,
        Cmp::Gt => have > want,
        Cmp::Le => have <= want,
        Cmp::Ge => have >= want,
    }
}

/// A time value in a query — `2026-01-21`, `'2026-01-21T10:00:00Z'`, `2026`, `now` — as Unix
/// seconds (the start of the day or year given).
pub fn time_value(value: &str, now: i64) -> Option<i64> {
    if value.eq_ignore_ascii_case("now") {
        return Some(now);
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(value) {
        return Some(t.timestamp());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp());
    }
    let year: i32 = value.parse().ok().filter(|y| (1970..=9999).contains(y))?;
    Some(chrono::NaiveDate::from_ymd_opt(year, 1, 1)?.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(field: &str, cmp: Cmp, value: &str) -> Query {
        Query::Term { field: field.into(), cmp, value: value.into() }
    }

    #[test]
    fn terms_are_anded_and_or_splits() {
        assert_eq!(
            parse("email:a@b.c financial_status:paid"),
            Query::And(vec![t("email", Cmp::Eq, "a@b.c"), t("financial_status", Cmp::Eq, "paid")])
        );
        assert_eq!(
            parse("name:'#NW1' OR name:\"#NW2\""),
            Query::Or(vec![t("name", Cmp::Eq, "#NW1"), t("name", Cmp::Eq, "#NW2")])
        );
    }

    #[test]
    fn negation_comparators_and_groups() {
        assert_eq!(
            parse("-tag:vip NOT (created_at:>='2026-01-01' AND id:<5)"),
            Query::And(vec![
                Query::Not(Box::new(t("tag", Cmp::Eq, "vip"))),
                Query::Not(Box::new(Query::And(vec![t("created_at", Cmp::Ge, "2026-01-01"), t("id", Cmp::Lt, "5")]))),
            ])
        );
        assert_eq!(parse("jane"), t("default", Cmp::Eq, "jane"));
    }

    #[test]
    fn broken_queries_still_parse() {
        assert_eq!(parse("(email:x"), t("email", Cmp::Eq, "x"));
        assert_eq!(parse("name:'#NW1"), t("name", Cmp::Eq, "#NW1"));
        assert_eq!(parse(""), Query::And(vec![]));
    }

    #[test]
    fn time_values() {
        assert_eq!(time_value("2026-01-02", 0), Some(1_767_312_000));
        assert_eq!(time_value("2026-01-02T00:00:00Z", 0), Some(1_767_312_000));
        assert_eq!(time_value("now", 42), Some(42));
        assert_eq!(time_value("2026", 0), Some(1_767_225_600));
        assert_eq!(time_value("soon", 0), None);
    }
}
