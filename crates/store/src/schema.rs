//! The local store's schema and its migrations, and opening a file that may be broken: a
//! corrupt, foreign or newer-than-known file is moved aside with a message, never a crash.

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Each entry brings the schema from version `i` to `i + 1` (`PRAGMA user_version`).
/// Append only: a released migration never changes.
const MIGRATIONS: &[&str] = &[
    // 1: cache, outbox, drafts
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE tickets (id INTEGER PRIMARY KEY, updated_at INTEGER NOT NULL, data TEXT NOT NULL);
     CREATE TABLE view_tickets (view INTEGER NOT NULL, position INTEGER NOT NULL, ticket INTEGER NOT NULL,
                                PRIMARY KEY (view, position));
     CREATE TABLE users (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
     CREATE TABLE outbox (
        key TEXT PRIMARY KEY, ticket INTEGER NOT NULL, label TEXT NOT NULL, change TEXT NOT NULL,
        expected_version TEXT, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        owner INTEGER, claimed_at INTEGER, error TEXT,
        created_at INTEGER NOT NULL, due INTEGER NOT NULL, done_at INTEGER);
     CREATE TABLE drafts (ticket INTEGER PRIMARY KEY, body TEXT NOT NULL, public INTEGER NOT NULL,
                          updated_at INTEGER NOT NULL);",
    // 2: a claim names its process by pid and start time, so a pid used again (PID 1 in a
    // container, a wrapped-around pid) is not taken for the process that claimed
    "ALTER TABLE outbox ADD COLUMN owner_started INTEGER;",
    // 3: who a write was for and who wrote it, checked again at delivery
    "ALTER TABLE outbox ADD COLUMN requester INTEGER;
     ALTER TABLE outbox ADD COLUMN author INTEGER;",
    // 4: customers' orders from the shop, by e-mail, so a start paints them without asking
    "CREATE TABLE orders (email TEXT PRIMARY KEY, fetched_at INTEGER NOT NULL, data TEXT NOT NULL);",
    // 5: a refund or cancel for the shop, and whether the shop has done it
    "ALTER TABLE outbox ADD COLUMN shop TEXT;
     ALTER TABLE outbox ADD COLUMN shop_done INTEGER NOT NULL DEFAULT 0;",
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if needed) and migrates the store at `path`. When the file cannot be used
/// it is renamed to `<name>.broken-<unix time>` and a fresh one made; the message says so.
pub fn open(path: &Path, now: i64) -> Result<(Connection, Option<String>), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    match try_open(path) {
        Ok(conn) => Ok((conn, None)),
        Err(why) => {
            let aside = PathBuf::from(format!("{}.broken-{now}", path.display()));
            std::fs::rename(path, &aside).map_err(|e| {
                format!("the local store {} is unusable ({why}) and could not be moved aside: {e}", path.display())
            })?;
            for ext in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
            }
            let conn =
                try_open(path).map_err(|e| format!("cannot create a new local store {}: {e}", path.display()))?;
            let msg = format!(
                "the local cache was unusable ({why}); moved to {} and started afresh — unsent writes in it are not resent",
                aside.display()
            );
            tracing::warn!("{msg}");
            Ok((conn, Some(msg)))
        }
    }
}

fn try_open(path: &Path) -> Result<Connection, String> {
    let mut conn = Connection::open(path).map_err(|e| e.to_string())?;
    conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| e.to_string())?;
    // A broken file often opens fine and fails on the first read: read before trusting it.
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if check != "ok" {
        return Err(format!("integrity check: {check}"));
    }
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;").map_err(|e| e.to_string())?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if version > VERSION {
        return Err(format!("written by a newer Frontline (schema {version}, this one knows up to {VERSION})"));
    }
    if version == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if tables > 0 {
            return Err("not a Frontline store (unknown tables, no schema version)".into());
        }
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        tx.execute_batch(sql).map_err(|e| format!("migration {}: {e}", i + 1))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64).map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())?;
    }
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_store_gets_every_migration() {
        let dir = tempfile::tempdir().unwrap();
        let (conn, note) = open(&dir.path().join("s.db"), 1).unwrap();
        assert!(note.is_none());
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, VERSION);
    }

    #[test]
    fn garbage_a_foreign_database_and_a_newer_schema_are_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let foreign = |p: &Path| {
            Connection::open(p).unwrap().execute_batch("CREATE TABLE songs (title TEXT)").unwrap();
        };
        let newer = |p: &Path| {
            Connection::open(p).unwrap().pragma_update(None, "user_version", 99).unwrap();
        };
        let garbage = |p: &Path| std::fs::write(p, vec![0x5a; 8192]).unwrap();
        for (n, (make, says)) in [
            (&garbage as &dyn Fn(&Path), "not a database"),
            (&foreign, "not a Frontline store"),
            (&newer, "newer Frontline"),
        ]
        .into_iter()
        .enumerate()
        {
            let _ = std::fs::remove_file(&path);
            make(&path);
            let (conn, note) = open(&path, 100 + n as i64).unwrap();
            let note = note.expect("a message");
            assert!(note.contains(says), "{note}");
            assert!(dir.path().join(format!("s.db.broken-{}", 100 + n)).exists(), "{note}");
            conn.execute("INSERT INTO drafts VALUES (1, 'x', 1, 0)", []).unwrap();
        }
    }
}
