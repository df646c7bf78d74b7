//! Zendesk search syntax for tickets (`status<solved assignee:none updated>2024-05-01 refund`)
//! turned into an SQL condition. Views are stored as such queries too.

use rusqlite::types::Value;

/// A search query the sandbox cannot read, in words (Zendesk answers it as `InvalidQuery`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

impl From<String> for QueryError {
    fn from(message: String) -> Self {
        QueryError(message)
    }
}

pub const STATUSES: [&str; 6] = ["new", "open", "pending", "hold", "solved", "closed"];
pub const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];

/// SQL expressions that give statuses and priorities their Zendesk order.
pub const STATUS_RANK: &str = "(CASE status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'pending' THEN 2 \
    WHEN 'hold' THEN 3 WHEN 'solved' THEN 4 ELSE 5 END)";
pub const PRIORITY_RANK: &str = "(CASE priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2 WHEN 'high' THEN 3 \
    WHEN 'urgent' THEN 4 ELSE 0 END)";

#[derive(Debug, Default)]
pub struct Condition {
    pub sql: String,
    pub args: Vec<Value>,
}

impl Condition {
    fn push(&mut self, clause: &str, args: impl IntoIterator<Item = Value>) {
        if !self.sql.is_empty() {
            self.sql.push_str(" AND ");
        }
        self.sql.push_str(clause);
        self.args.extend(args);
    }

    pub fn and(mut self, clause: &str, args: impl IntoIterator<Item = Value>) -> Self {
        self.push(clause, args);
        self
    }

    pub fn or_true(&self) -> &str {
        if self.sql.is_empty() { "1=1" } else { &self.sql }
    }
}

/// Parses a ticket search. `me` is the acting agent (for `assignee:me`), `now` the clock in
/// unix seconds (for relative dates such as `updated>2hours`).
pub fn ticket_condition(query: &str, me: i64, now: i64) -> Result<Condition, QueryError> {
    let mut c = Condition::default();
    for term in split_terms(query) {
        let Some((key, op, value)) = split_term(&term) else {
            let like = format!("%{}%", term.trim_matches('"'));
            c.push("(subject LIKE ? OR description LIKE ?)", [Value::Text(like.clone()), Value::Text(like)]);
            continue;
        };
        let value = value.trim_matches('"');
        match key.to_ascii_lowercase().as_str() {
            "type" if value == "ticket" => {}
            "type" => return Err(QueryError(format!("the sandbox searches tickets only, not type:{value}"))),
            "status" => ranked(&mut c, STATUS_RANK, &STATUSES, 0, op, value, "status")?,
            "priority" => ranked(&mut c, PRIORITY_RANK, &PRIORITIES, 1, op, value, "priority")?,
            "ticket_type" => c.push("type = ?", [Value::Text(value.into())]),
            "assignee" => person(&mut c, "assignee_id", value, me)?,
            "requester" | "submitter" => person(&mut c, &format!("{key}_id"), value, me)?,
            "group" => match value {
                "none" => c.push("group_id IS NULL", []),
                v => match v.parse::<i64>() {
                    Ok(id) => c.push("group_id = ?", [Value::Integer(id)]),
                    Err(_) => {
                        c.push("group_id IN (SELECT id FROM groups WHERE name LIKE ?)", [Value::Text(format!("{v}%"))]);
                    }
                },
            },
            "organization" => match value.parse::<i64>() {
                Ok(id) => c.push("organization_id = ?", [Value::Integer(id)]),
                Err(_) => c.push(
                    "organization_id IN (SELECT id FROM organizations WHERE name LIKE ?)",
                    [Value::Text(format!("{value}%"))],
                ),
            },
            "tags" | "tag" => c.push("tags LIKE ?", [Value::Text(format!("%\"{value}\"%"))]),
            "via" | "channel" => c.push("channel = ?", [Value::Text(value.into())]),
            "satisfaction" => c.push("sat_score = ?", [Value::Text(value.into())]),
            "created" | "updated" | "solved" => {
                let col = match key {
                    "created" => "created_at",
                    "updated" => "updated_at",
                    _ => "solved_at",
                };
                let at = parse_time(value, now)?;
                let sql_op = match op {
                    ":" => "=",
                    o => o,
                };
                if op == ":" {
                    // a bare date means that whole day
                    c.push(&format!("{col} >= ? AND {col} < ?"), [Value::Integer(at), Value::Integer(at + 86_400)]);
                } else {
                    c.push(&format!("{col} {sql_op} ?"), [Value::Integer(at)]);
                }
            }
            other => return Err(QueryError(format!("unknown search keyword `{other}:`"))),
        }
    }
    Ok(c)
}

fn split_terms(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for ch in q.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                cur.push(ch);
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn split_term(term: &str) -> Option<(&str, &str, &str)> {
    let pos = term.find([':', '<', '>'])?;
    if pos == 0 || term.starts_with('"') {
        return None;
    }
    let key = &term[..pos];
    let rest = &term[pos..];
    for op in ["<=", ">=", ":", "<", ">"] {
        if let Some(v) = rest.strip_prefix(op) {
            return Some((key, op, v));
        }
    }
    None
}

fn ranked(
    c: &mut Condition,
    expr: &str,
    names: &[&str],
    base: usize,
    op: &str,
    value: &str,
    what: &str,
) -> Result<(), QueryError> {
    let idx = names
        .iter()
        .position(|n| *n == value)
        .ok_or_else(|| format!("unknown {what} `{value}` (have: {})", names.join(", ")))?;
    let rank = (idx + base) as i64;
    let sql_op = match op {
        ":" => "=",
        o => o,
    };
    c.push(&format!("{expr} {sql_op} ?"), [Value::Integer(rank)]);
    Ok(())
}

fn person(c: &mut Condition, col: &str, value: &str, me: i64) -> Result<(), QueryError> {
    match value {
        "none" => c.push(&format!("{col} IS NULL"), []),
        "me" => c.push(&format!("{col} = ?"), [Value::Integer(me)]),
        v => match v.parse::<i64>() {
            Ok(id) => c.push(&format!("{col} = ?"), [Value::Integer(id)]),
            Err(_) => c.push(
                &format!("{col} IN (SELECT id FROM users WHERE email = ? COLLATE NOCASE OR name LIKE ?)"),
                [Value::Text(v.into()), Value::Text(format!("{v}%"))],
            ),
        },
    }
    Ok(())
}

/// `2024-05-01`, `2024-05-01T10:00:00Z`, or relative (`15minutes`, `2hours`, `3days`, `1week`).
pub fn parse_time(value: &str, now: i64) -> Result<i64, QueryError> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(value) {
        return Ok(t.timestamp());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).map_or(0, |x| x.and_utc().timestamp()));
    }
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    let unit = &value[digits.len()..];
    let n: i64 = digits.parse().map_err(|_| format!("cannot read the date `{value}`"))?;
    let secs = match unit {
        "minute" | "minutes" | "m" => 60,
        "hour" | "hours" | "h" => 3600,
        "day" | "days" | "d" => 86_400,
        "week" | "weeks" | "w" => 604_800,
        _ => {
            return Err(QueryError(format!(
                "cannot read the date `{value}` (use 2024-05-01, an RFC 3339 time or 2hours)"
            )));
        }
    };
    Ok(now - n * secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_less_than_uses_rank() {
        let c = ticket_condition("type:ticket status<solved assignee:none", 7, 0).unwrap();
        assert!(c.sql.contains(STATUS_RANK));
        assert!(c.sql.contains("assignee_id IS NULL"));
        assert_eq!(c.args, vec![Value::Integer(4)]);
    }

    #[test]
    fn relative_and_absolute_dates() {
        assert_eq!(parse_time("2hours", 10_000).unwrap(), 10_000 - 7200);
        assert_eq!(parse_time("2024-01-02", 0).unwrap(), 1_704_153_600);
        assert!(parse_time("soon", 0).is_err());
    }

    #[test]
    fn unknown_values_are_errors_that_name_them() {
        let e = ticket_condition("status:done", 1, 0).unwrap_err();
        assert!(e.0.contains("done") && e.0.contains("pending"));
        assert!(ticket_condition("colour:red", 1, 0).is_err());
    }

    #[test]
    fn free_text_and_quotes() {
        let c = ticket_condition("\"wrong size\" refund", 1, 0).unwrap();
        assert_eq!(c.args.len(), 4);
        assert_eq!(c.args[0], Value::Text("%wrong size%".into()));
    }
}
