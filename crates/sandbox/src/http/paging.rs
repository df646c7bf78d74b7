//! Zendesk's two pagination styles over ticket lists: cursor (`page[size]`, `page[after]`,
//! `page[before]`, `meta.has_more`, `links.next`) and offset (`page`, `per_page`, `next_page`,
//! `count`), with keyset cursors so that new tickets never shift a page.

use super::{ApiError, Params};
use crate::query::{Condition, PRIORITY_RANK, STATUS_RANK};
use crate::store::{self, TicketRow};
use base64::Engine;
use rusqlite::{Connection, types::Value};
use serde_json::{Map, json};

#[derive(Debug, Clone, Copy)]
pub enum SortKey {
    Id,
    CreatedAt,
    UpdatedAt,
    Priority,
    Status,
}

#[derive(Debug, Clone, Copy)]
pub struct Sort {
    pub key: SortKey,
    pub desc: bool,
}

impl Sort {
    /// `sort_by` / `sort_order` from the query, or the endpoint's default.
    pub fn from_params(p: &Params, default: Sort) -> Result<Sort, ApiError> {
        let key = match p.get("sort_by") {
            None => default.key,
            Some("id" | "nice_id") => SortKey::Id,
            Some("created_at") => SortKey::CreatedAt,
            Some("updated_at") => SortKey::UpdatedAt,
            Some("priority") => SortKey::Priority,
            Some("status") => SortKey::Status,
            Some(other) => {
                return Err(ApiError::bad_request(
                    "InvalidParameter",
                    &format!("sort_by {other} is not one of id, created_at, updated_at, priority, status"),
                ));
            }
        };
        let desc = match p.get("sort_order") {
            Some("desc") => true,
            Some("asc") => false,
            _ if p.get("sort_by").is_some() => false,
            _ => default.desc,
        };
        Ok(Sort { key, desc })
    }

    fn expr(&self) -> &'static str {
        match self.key {
            SortKey::Id => "id",
            SortKey::CreatedAt => "created_at",
            SortKey::UpdatedAt => "updated_at",
            SortKey::Priority => PRIORITY_RANK,
            SortKey::Status => STATUS_RANK,
        }
    }

    fn value(&self, t: &TicketRow) -> i64 {
        let rank = |list: &[&str], v: &str, base: i64| list.iter().position(|x| *x == v).map(|i| i as i64 + base);
        match self.key {
            SortKey::Id => t.id,
            SortKey::CreatedAt => t.created_at,
            SortKey::UpdatedAt => t.updated_at,
            SortKey::Priority => rank(&crate::query::PRIORITIES, t.priority.as_deref().unwrap_or(""), 1).unwrap_or(0),
            SortKey::Status => rank(&crate::query::STATUSES, &t.status, 0).unwrap_or(5),
        }
    }
}

fn encode(v: i64, id: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{v}:{id}"))
}

fn decode(c: &str) -> Option<(i64, i64)> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(c).ok()?;
    let s = String::from_utf8(raw).ok()?;
    let (a, b) = s.split_once(':')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

fn link(base: &str, path: &str, p: &Params, extra: &[(&str, String)]) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in p.without(&["page[after]", "page[before]", "page", "per_page"]) {
        if !extra.iter().any(|(ek, _)| *ek == k) {
            q.append_pair(&k, &v);
        }
    }
    for (k, v) in extra {
        q.append_pair(k, v);
    }
    format!("{base}{path}.json?{}", q.finish())
}

pub fn is_cursor(p: &Params) -> bool {
    p.get("page[size]").is_some() || p.get("page[after]").is_some() || p.get("page[before]").is_some()
}

/// One page of tickets matching `cond`, and the envelope fields (`meta`/`links` or
/// `next_page`/`previous_page`/`count`) to merge into the answer.
pub fn tickets(
    conn: &Connection,
    cond: Condition,
    sort: Sort,
    p: &Params,
    base: &str,
    path: &str,
) -> Result<(Vec<TicketRow>, Map<String, serde_json::Value>), ApiError> {
    let mut env = Map::new();
    if is_cursor(p) {
        let size = p.number("page[size]").unwrap_or(100).clamp(1, 100);
        let (cursor, backwards) = match (p.get("page[after]"), p.get("page[before]")) {
            (Some(a), _) => (Some(a), false),
            (None, Some(b)) => (Some(b), true),
            _ => (None, false),
        };
        let mut cond = cond;
        if let Some(c) = cursor {
            let (v, id) = decode(c).ok_or_else(|| {
                ApiError::bad_request(
                    "InvalidPaginationParameter",
                    "page[after] / page[before] is not a cursor this server gave out",
                )
            })?;
            // Moving forwards in the sort order, or backwards for page[before].
            let forward = sort.desc == backwards;
            let op = if forward { ">" } else { "<" };
            cond = cond.and(&format!("({}, id) {op} (?, ?)", sort.expr()), [Value::Integer(v), Value::Integer(id)]);
        }
        let dir = if sort.desc == backwards { "ASC" } else { "DESC" };
        let order = format!("{} {dir}, id {dir}", sort.expr());
        let mut rows = store::tickets_where(conn, cond.or_true(), &cond.args, &order, size + 1, 0)?;
        let has_more = rows.len() as i64 > size;
        rows.truncate(size as usize);
        if backwards {
            rows.reverse();
        }
        let after = rows.last().map(|t| encode(sort.value(t), t.id));
        let before = rows.first().map(|t| encode(sort.value(t), t.id));
        let more_after = if backwards { true } else { has_more };
        env.insert("meta".into(), json!({"has_more": more_after, "after_cursor": after, "before_cursor": before}));
        let next = (more_after && after.is_some()).then(|| {
            link(base, path, p, &[("page[size]", size.to_string()), ("page[after]", after.clone().unwrap_or_default())])
        });
        let prev = before
            .as_ref()
            .filter(|_| cursor.is_some())
            .map(|b| link(base, path, p, &[("page[size]", size.to_string()), ("page[before]", b.clone())]));
        env.insert("links".into(), json!({"next": next, "prev": prev}));
        Ok((rows, env))
    } else {
        let per_page = p.number("per_page").unwrap_or(100).clamp(1, 100);
        let page = p.number("page").unwrap_or(1).max(1);
        if (page - 1) * per_page >= 10_000 {
            return Err(ApiError::bad_request(
                "InvalidPaginationParameter",
                "Offset pagination is limited to the first 10,000 records; use cursor pagination (page[size]) to go further",
            ));
        }
        let count = store::count_tickets(conn, cond.or_true(), &cond.args)?;
        let dir = if sort.desc { "DESC" } else { "ASC" };
        let order = format!("{} {dir}, id {dir}", sort.expr());
        let rows = store::tickets_where(conn, cond.or_true(), &cond.args, &order, per_page, (page - 1) * per_page)?;
        let next = (page * per_page < count)
            .then(|| link(base, path, p, &[("page", (page + 1).to_string()), ("per_page", per_page.to_string())]));
        let prev = (page > 1)
            .then(|| link(base, path, p, &[("page", (page - 1).to_string()), ("per_page", per_page.to_string())]));
        env.insert("next_page".into(), json!(next));
        env.insert("previous_page".into(), json!(prev));
        env.insert("count".into(), json!(count));
        Ok((rows, env))
    }
}

/// Offset or cursor pagination over a list already in memory (comments, users, groups).
pub fn slice<T: Clone>(items: &[T], p: &Params, base: &str, path: &str) -> (Vec<T>, Map<String, serde_json::Value>) {
    let mut env = Map::new();
    if is_cursor(p) {
        let size = p.number("page[size]").unwrap_or(100).clamp(1, 100) as usize;
        let start = p.get("page[after]").and_then(decode).map_or(0, |(_, i)| i as usize).min(items.len());
        let end = (start + size).min(items.len());
        let has_more = end < items.len();
        let after = encode(0, end as i64);
        env.insert(
            "meta".into(),
            json!({"has_more": has_more, "after_cursor": after, "before_cursor": encode(0, start as i64)}),
        );
        let next =
            has_more.then(|| link(base, path, p, &[("page[size]", size.to_string()), ("page[after]", after.clone())]));
        env.insert("links".into(), json!({"next": next, "prev": null}));
        (items[start..end].to_vec(), env)
    } else {
        let per_page = p.number("per_page").unwrap_or(100).clamp(1, 100) as usize;
        let page = p.number("page").unwrap_or(1).max(1) as usize;
        let start = ((page - 1) * per_page).min(items.len());
        let end = (start + per_page).min(items.len());
        let next = (end < items.len())
            .then(|| link(base, path, p, &[("page", (page + 1).to_string()), ("per_page", per_page.to_string())]));
        let prev = (page > 1)
            .then(|| link(base, path, p, &[("page", (page - 1).to_string()), ("per_page", per_page.to_string())]));
        env.insert("next_page".into(), json!(next));
        env.insert("previous_page".into(), json!(prev));
        env.insert("count".into(), json!(items.len()));
        (items[start..end].to_vec(), env)
    }
}
