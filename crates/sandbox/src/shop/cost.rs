//! What a GraphQL call costs and the leaky bucket it is paid from, as Shopify counts them:
//! every object selected costs 1, scalars and enums 0, a connection or list asked for
//! `first: N` costs 2 plus N times what one of its items costs, a mutation 10 whatever it selects. The bucket holds
//! 1000 points per token and refills at 50 a second; a call that costs more than is left is
//! THROTTLED, one that could never fit is MAX_COST_EXCEEDED.

use async_graphql::Value;
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use serde_json::Value as Json;
use std::collections::HashMap;

pub const MAXIMUM: f64 = 1000.0;
pub const RESTORE_RATE: f64 = 50.0;
/// The most one call may cost.
pub const MAX_COST: u64 = 1000;
const MUTATION: u64 = 10;

/// Fields that wrap the objects they hold and cost nothing themselves.
fn free(name: &str) -> bool {
    matches!(name, "edges" | "pageInfo" | "extensions")
}

/// The cost the call asks for, before it runs, from the document and its variables.
pub fn requested(doc: &ExecutableDocument, operation: Option<&str>, vars: &Json) -> u64 {
    let op = doc.operations.iter().find(|(name, _)| match (operation, name) {
        (Some(want), Some(n)) => n.as_str() == want,
        _ => true,
    });
    let Some((_, op)) = op else { return 0 };
    let mutation = op.node.ty == OperationType::Mutation;
    let walk = Walk { doc, vars };
    op.node.selection_set.node.items.iter().map(|s| if mutation { MUTATION } else { walk.selection(&s.node) }).sum()
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    vars: &'a Json,
}

impl Walk<'_> {
    fn set(&self, set: &SelectionSet) -> u64 {
        set.items.iter().map(|s| self.selection(&s.node)).sum()
    }

    fn selection(&self, s: &Selection) -> u64 {
        match s {
            Selection::Field(f) => {
                let f = &f.node;
                if f.selection_set.node.items.is_empty() {
                    return 0;
                }
                let inner = self.set(&f.selection_set.node);
                let page = ["first", "last"].iter().find_map(|a| f.get_argument(a)).map(|v| {
                    let vars = self.vars;
                    let v = v.node.clone().into_const_with(|name| {
                        Ok::<_, ()>(
                            vars.get(name.as_str())
                                .cloned()
                                .map_or(Value::Null, |j| Value::from_json(j).unwrap_or(Value::Null)),
                        )
                    });
                    v.map_or(1, |v| number(&v))
                });
                match page {
                    Some(n) => 2 + n * inner,
                    None if free(f.name.node.as_str()) => inner,
                    None => 1 + inner,
                }
            }
            Selection::InlineFragment(i) => self.set(&i.node.selection_set.node),
            Selection::FragmentSpread(sp) => {
                self.doc.fragments.get(&sp.node.fragment_name.node).map_or(0, |d| self.set(&d.node.selection_set.node))
            }
        }
    }
}

/// A page size as given; a missing or odd one counts as 1.
fn number(v: &Value) -> u64 {
    match v {
        Value::Number(n) => n.as_u64().unwrap_or(1),
        _ => 1,
    }
}

/// What the call really cost, from what it returned: each object 1 (wrappers free), each
/// mutation 10. Never more than was asked.
pub fn actual(data: &Json, mutation: bool, requested: u64) -> u64 {
    fn walk(key: &str, v: &Json) -> u64 {
        match v {
            Json::Object(m) => {
                let own = u64::from(!free(key));
                own + m.iter().map(|(k, v)| walk(k, v)).sum::<u64>()
            }
            Json::Array(items) => items.iter().map(|v| walk(key, v)).sum(),
            _ => 0,
        }
    }
    let Json::Object(top) = data else { return 0 };
    let spent: u64 = top.iter().map(|(k, v)| if mutation { MUTATION } else { walk(k, v) }).sum();
    spent.min(requested)
}

/// One token's bucket.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    available: f64,
    at_ms: i64,
}

/// The buckets of every token that has called.
#[derive(Debug, Default)]
pub struct Buckets(HashMap<String, Bucket>);

/// The `throttleStatus` a response reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Throttle {
    pub currently_available: f64,
}

impl Buckets {
    fn refill(&mut self, token: &str, now_ms: i64) -> &mut Bucket {
        let b = self.0.entry(token.to_string()).or_insert(Bucket { available: MAXIMUM, at_ms: now_ms });
        let secs = (now_ms - b.at_ms).max(0) as f64 / 1000.0;
        b.available = (b.available + secs * RESTORE_RATE).min(MAXIMUM);
        b.at_ms = now_ms;
        b
    }

    /// Takes `cost` points if they are there; `Err` with what is left if not.
    pub fn take(&mut self, token: &str, cost: u64, now_ms: i64) -> Result<Throttle, Throttle> {
        let b = self.refill(token, now_ms);
        if (cost as f64) > b.available {
            return Err(Throttle { currently_available: b.available.floor() });
        }
        b.available -= cost as f64;
        Ok(Throttle { currently_available: b.available.floor() })
    }

    /// Gives back what a call was charged beyond its actual cost.
    pub fn refund(&mut self, token: &str, points: u64, now_ms: i64) -> Throttle {
        let b = self.refill(token, now_ms);
        b.available = (b.available + points as f64).min(MAXIMUM);
        Throttle { currently_available: b.available.floor() }
    }
}

/// The `extensions.cost` object of a response.
pub fn extension(requested: u64, actual: Option<u64>, t: Throttle) -> Json {
    serde_json::json!({"cost": {
        "requestedQueryCost": requested,
        "actualQueryCost": actual,
        "throttleStatus": {"maximumAvailable": MAXIMUM, "currentlyAvailable": t.currently_available as u64, "restoreRate": RESTORE_RATE},
    }})
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn cost(q: &str, vars: Json) -> u64 {
        requested(&parse_query(q).unwrap(), None, &vars)
    }

    #[test]
    fn objects_cost_one_and_pages_multiply() {
        assert_eq!(cost("{ order(id: \"x\") { id name } }", Json::Null), 1);
        assert_eq!(cost("{ orders(first: 10) { edges { node { id } } } }", Json::Null), 12);
        assert_eq!(
            cost("query($n: Int) { orders(first: $n) { nodes { id customer { id } } } }", serde_json::json!({"n": 5})),
            12
        );
        assert_eq!(cost("mutation { orderCancel(orderId: \"x\") { job { id } } }", Json::Null), 10);
        let frag =
            "{ orders(first: 2) { nodes { ...F } } } fragment F on Order { id lineItems(first: 3) { nodes { id } } }";
        assert_eq!(cost(frag, Json::Null), 2 + 2 * (1 + 2 + 3));
    }

    #[test]
    fn the_bucket_drains_and_refills() {
        let mut b = Buckets::default();
        assert_eq!(b.take("t", 900, 0), Ok(Throttle { currently_available: 100.0 }));
        assert_eq!(b.take("t", 200, 0), Err(Throttle { currently_available: 100.0 }));
        // two seconds later 100 more points are back
        assert_eq!(b.take("t", 200, 2000), Ok(Throttle { currently_available: 0.0 }));
        assert_eq!(b.take("other", 200, 2000).map(|t| t.currently_available), Ok(800.0));
        assert_eq!(b.refund("t", 5000, 2000).currently_available, MAXIMUM);
    }

    #[test]
    fn actual_cost_counts_what_came_back() {
        let data = serde_json::json!({"orders": {"nodes": [{"id": "a", "customer": {"id": "c"}}, {"id": "b", "customer": null}]}});
        assert_eq!(actual(&data, false, 100), 4);
        assert_eq!(actual(&data, false, 3), 3);
    }
}
