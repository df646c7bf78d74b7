//! A Zendesk view's `conditions` (`{"all": [{"field", "operator", "value"}], "any": [...]}`)
//! read into a `ViewFilter` the console can check itself — only when every condition is one
//! it fully understands; any other field or operator leaves the view without a filter, and
//! the view is then polled through `views/{id}/tickets`.

use frontline_model::{Cmp, Cond, Priority, Status, UserId, ViewFilter, Who};
use serde_json::Value;

/// The filter of a view's `conditions`, or `None` if some condition is not understood.
pub fn view_filter(conditions: &Value) -> Option<ViewFilter> {
    let list = |key: &str| -> Option<Vec<Cond>> {
        match conditions.get(key) {
            None | Some(Value::Null) => Some(vec![]),
            Some(Value::Array(items)) => items.iter().map(condition).collect(),
            Some(_) => None,
        }
    };
    let filter = ViewFilter { all: list("all")?, any: list("any")? };
    // a view with no conditions at all is not one Zendesk lets an admin save
    (!filter.all.is_empty() || !filter.any.is_empty()).then_some(filter)
}

/// The value as text: Zendesk sends ids both as numbers and as strings; `null` is "none".
fn text(v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => Some(String::new()),
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => None,
    }
}

fn cmp(operator: &str) -> Option<Cmp> {
    Some(match operator {
        "is" => Cmp::Is,
        "is_not" => Cmp::IsNot,
        "less_than" => Cmp::Less,
        "greater_than" => Cmp::Greater,
        _ => return None,
    })
}

fn condition(c: &Value) -> Option<Cond> {
    let field = c.get("field")?.as_str()?;
    let operator = c.get("operator")?.as_str()?;
    let value = text(c.get("value"))?;
    match field {
        "status" => {
            let status = Status::parse(&value);
            if matches!(status, Status::Other(_)) {
                return None;
            }
            Some(Cond::Status(cmp(operator)?, status))
        }
        "priority" => {
            let priority = if value.is_empty() || value == "-" { None } else { Some(Priority::parse(&value)?) };
            Some(Cond::Priority(cmp(operator)?, priority))
        }
        "assignee_id" => {
            let who = match value.as_str() {
                "" | "-" => Who::Nobody,
                "current_user" => Who::Me,
                id => Who::Agent(UserId(id.parse().ok()?)),
            };
            Some(Cond::Assignee { is: is(operator)?, who })
        }
        "group_id" => {
            let group = if value.is_empty() || value == "-" { None } else { Some(value.parse().ok()?) };
            Some(Cond::Group { is: is(operator)?, group })
        }
        "current_tags" => {
            // one tag only: "includes" with several words means any of them, which `all` cannot say
            let mut words = value.split_whitespace();
            let (tag, more) = (words.next()?, words.next());
            if more.is_some() {
                return None;
            }
            let has = match operator {
                "includes" => true,
                "not_includes" => false,
                _ => return None,
            };
            Some(Cond::Tag { has, tag: tag.to_string() })
        }
        _ => None,
    }
}

fn is(operator: &str) -> Option<bool> {
    match operator {
        "is" => Some(true),
        "is_not" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_usual_views_are_understood() {
        let f = view_filter(&json!({"all": [
            {"field": "status", "operator": "less_than", "value": "solved"},
            {"field": "assignee_id", "operator": "is", "value": ""}
        ], "any": []}))
        .unwrap();
        assert_eq!(f.all, vec![Cond::Status(Cmp::Less, Status::Solved), Cond::Assignee { is: true, who: Who::Nobody }]);
        let f = view_filter(&json!({"all": [
            {"field": "assignee_id", "operator": "is", "value": "current_user"},
            {"field": "group_id", "operator": "is", "value": 360}
        ]}))
        .unwrap();
        assert_eq!(f.all[0], Cond::Assignee { is: true, who: Who::Me });
        assert_eq!(f.all[1], Cond::Group { is: true, group: Some(360) });
        let f = view_filter(&json!({"all": [{"field": "priority", "operator": "is", "value": "urgent"}],
            "any": [{"field": "current_tags", "operator": "includes", "value": "vip"}]}))
        .unwrap();
        assert_eq!(f.any, vec![Cond::Tag { has: true, tag: "vip".into() }]);
    }

    #[test]
    fn anything_not_understood_leaves_the_view_to_the_helpdesk() {
        for c in [
            json!({"field": "satisfaction_score", "operator": "is", "value": "good"}),
            json!({"field": "status", "operator": "changed", "value": "open"}),
            json!({"field": "status", "operator": "is", "value": "waiting_on_warehouse"}),
            json!({"field": "current_tags", "operator": "includes", "value": "vip gold"}),
            json!({"field": "assignee_id", "operator": "is", "value": "someone"}),
            json!({"field": "priority", "operator": "is", "value": "critical"}),
        ] {
            assert_eq!(view_filter(&json!({"all": [c.clone()], "any": []})), None, "{c}");
        }
        assert_eq!(view_filter(&json!({"all": [], "any": []})), None);
        assert_eq!(view_filter(&json!("status<solved")), None);
    }
}
