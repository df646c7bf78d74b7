//! The sandbox's SQLite schema: opening a database file, creating the tables once, and the
//! settings (WAL, foreign keys) that keep it consistent across restarts and hard stops.

use rusqlite::Connection;
use std::path::Path;

/// Bumped when the tables change; a file of another version is refused with a clear message.
pub const SCHEMA_VERSION: i64 = 4;

const TABLES: &str = r#"
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deleted_tickets(id INTEGER PRIMARY KEY, subject TEXT NOT NULL, actor_id INTEGER NOT NULL, deleted_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS organizations(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, domain TEXT, notes TEXT, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
  phone TEXT, organization_id INTEGER, tags TEXT NOT NULL DEFAULT '[]', notes TEXT,
  locale TEXT NOT NULL DEFAULT 'en-US', time_zone TEXT NOT NULL DEFAULT 'UTC',
  default_group_id INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS groups(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS group_memberships(
  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, group_id INTEGER NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tickets(
  id INTEGER PRIMARY KEY, subject TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL,
  priority TEXT, type TEXT, channel TEXT NOT NULL, via_rel TEXT, via_from TEXT,
  requester_id INTEGER NOT NULL, submitter_id INTEGER NOT NULL, assignee_id INTEGER,
  group_id INTEGER, organization_id INTEGER, tags TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, generated_ts INTEGER NOT NULL,
  first_reply_at INTEGER, solved_at INTEGER, assigned_at INTEGER, initially_assigned_at INTEGER,
  status_updated_at INTEGER NOT NULL, latest_comment_at INTEGER NOT NULL, awaiting_since INTEGER,
  replies INTEGER NOT NULL DEFAULT 0, reopens INTEGER NOT NULL DEFAULT 0,
  sat_score TEXT NOT NULL DEFAULT 'unoffered', sat_comment TEXT, sat_at INTEGER, sat_id INTEGER,
  order_ref TEXT, time_total INTEGER, time_last INTEGER);
CREATE INDEX IF NOT EXISTS tickets_updated ON tickets(updated_at, id);
CREATE INDEX IF NOT EXISTS tickets_status ON tickets(status, updated_at);
CREATE INDEX IF NOT EXISTS tickets_assignee ON tickets(assignee_id, status);
CREATE INDEX IF NOT EXISTS tickets_requester ON tickets(requester_id, created_at);
CREATE INDEX IF NOT EXISTS tickets_generated ON tickets(generated_ts, id);
CREATE INDEX IF NOT EXISTS tickets_created ON tickets(created_at, id);
CREATE TABLE IF NOT EXISTS comments(
  id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL, author_id INTEGER NOT NULL,
  body TEXT NOT NULL, html_body TEXT, public INTEGER NOT NULL, channel TEXT NOT NULL,
  attachments TEXT NOT NULL DEFAULT '[]', created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS comments_ticket ON comments(ticket_id, id);
CREATE TABLE IF NOT EXISTS files(
  id INTEGER PRIMARY KEY, token TEXT UNIQUE, file_name TEXT NOT NULL, content_type TEXT NOT NULL,
  bytes BLOB NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audits(
  id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL, author_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL, events TEXT NOT NULL, metadata TEXT);
CREATE INDEX IF NOT EXISTS audits_ticket ON audits(ticket_id, id);
CREATE TABLE IF NOT EXISTS views(
  id INTEGER PRIMARY KEY, title TEXT NOT NULL, query TEXT NOT NULL, sort_by TEXT NOT NULL,
  sort_order TEXT NOT NULL, position INTEGER NOT NULL, active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS macros(
  id INTEGER PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL, actions TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1, position INTEGER NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
"#;

/// Opens (creating if needed) the sandbox database at `path`.
pub fn open(path: &Path) -> anyhow::Result<Connection> {
    let conn =
        Connection::open(path).map_err(|e| anyhow::anyhow!("cannot open sandbox database {}: {e}", path.display()))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(&format!(
        "{TABLES}{}{}{}{}",
        crate::shop::orders::TABLES,
        crate::shop::discounts::TABLES,
        crate::shop::drafts::TABLES,
        crate::shop::accounts::TABLES
    ))
    .map_err(|e| {
        anyhow::anyhow!(
            "{} is not a usable sandbox database ({e}); pass another --db or delete the file",
            path.display()
        )
    })?;
    match meta(&conn, "schema_version")? {
        None => set_meta(&conn, "schema_version", &SCHEMA_VERSION.to_string())?,
        Some(v) if v == SCHEMA_VERSION.to_string() => {}
        // schema 3 added the Time Tracking fields' columns, 4 the audits' metadata: an older
        // file gains them
        Some(v) if v == "2" || v == "3" => {
            if v == "2" {
                conn.execute_batch(
                    "ALTER TABLE tickets ADD COLUMN time_total INTEGER; ALTER TABLE tickets ADD COLUMN time_last INTEGER;",
                )?;
            }
            let has: bool =
                conn.prepare("SELECT 1 FROM pragma_table_info('audits') WHERE name = 'metadata'")?.exists([])?;
            if !has {
                conn.execute_batch("ALTER TABLE audits ADD COLUMN metadata TEXT;")?;
            }
            set_meta(&conn, "schema_version", &SCHEMA_VERSION.to_string())?;
        }
        Some(v) => anyhow::bail!(
            "{} was written by another sandbox version (schema {v}, this one is {SCHEMA_VERSION}); \
             pass another --db or delete the file",
            path.display()
        ),
    }
    Ok(conn)
}

pub fn meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()
}

pub fn set_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
        [key, value],
    )?;
    Ok(())
}
