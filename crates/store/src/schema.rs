//! The local store's schema and its migrations, and opening a file that may be broken: a
//! corrupt, foreign or newer-than-known file is moved aside with a message, never a crash; a
//! full disk or another process's lock never is (the file holds unsent writes).

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

/// Why a store file could not be opened as it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Not a usable store (corrupt, foreign, newer): it is moved aside and a fresh one made.
    Unusable(String),
    /// The disk is full: the file is fine and is opened read-only instead.
    Full(String),
    /// Another process holds the lock past the busy timeout.
    Locked(String),
    /// Anything else (permissions, I/O): said as it is, the file left alone.
    Other(String),
}

impl Refusal {
    fn of(e: &rusqlite::Error) -> Refusal {
        use rusqlite::ErrorCode::*;
        let words = e.to_string();
        match e.sqlite_error_code() {
            Some(DiskFull) => Refusal::Full(words),
            Some(DatabaseBusy | DatabaseLocked) => Refusal::Locked(words),
            Some(NotADatabase | DatabaseCorrupt) => Refusal::Unusable(words),
            _ => Refusal::Other(words),
        }
    }

    pub fn words(&self) -> &str {
        match self {
            Refusal::Unusable(w) | Refusal::Full(w) | Refusal::Locked(w) | Refusal::Other(w) => w,
        }
    }
}

/// How a store was opened.
#[derive(Debug)]
pub struct Opened {
    pub conn: Connection,
    /// Said at start: why the store is not as it was (moved aside, read-only).
    pub note: Option<String>,
    /// Opened read-only (the disk is full): writes fail and are refused, reads work.
    pub read_only: bool,
}

/// Opens (creating if needed) and migrates the store at `path`. Only a file that is not a
/// usable store (corrupt, foreign, newer than known) is renamed to `<name>.broken-<unix time>`
/// and a fresh one made; the message says so. A full disk opens it read-only; a lock held by
/// another process, or any other failure, leaves the file alone and is reported.
pub fn open(path: &Path, now: i64) -> Result<Opened, Refusal> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            let words = format!("cannot create {}: {e}", dir.display());
            if e.raw_os_error() == Some(28) { Refusal::Full(words) } else { Refusal::Other(words) }
        })?;
    }
    match try_open(path) {
        Ok(conn) => Ok(Opened { conn, note: None, read_only: false }),
        Err(Refusal::Unusable(why)) => {
            let aside = PathBuf::from(format!("{}.broken-{now}", path.display()));
            std::fs::rename(path, &aside).map_err(|e| {
                Refusal::Other(format!(
                    "the local store {} is unusable ({why}) and could not be moved aside: {e}",
                    path.display()
                ))
            })?;
            for ext in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
            }
            let conn = try_open(path)?;
            let msg = format!(
                "the local cache was unusable ({why}); moved to {} and started afresh — unsent writes in it are not resent",
                aside.display()
            );
            tracing::warn!("{msg}");
            Ok(Opened { conn, note: Some(msg), read_only: false })
        }
        // a full disk shows as SQLITE_FULL, or as an I/O error when the -shm file cannot grow
        Err(Refusal::Full(why) | Refusal::Other(why)) if path.exists() && disk_full(path) => {
            let conn = open_read_only(path).map_err(|_| Refusal::Full(why.clone()))?;
            let msg = format!(
                "the disk holding {} is full ({why}): the local store is read-only until space is freed — new writes \
                 are refused, nothing in it is lost",
                path.display()
            );
            tracing::warn!("{msg}");
            Ok(Opened { conn, note: Some(msg), read_only: true })
        }
        Err(other) => Err(other),
    }
}

/// Whether the disk holding `path` has no room left: a file cannot grow by one byte.
fn disk_full(path: &Path) -> bool {
    use std::io::Write;
    let probe = path.with_extension("space-probe");
    let full = std::fs::File::create(&probe)
        .and_then(|mut f| f.write_all(&[0u8; 4096]).and_then(|()| f.sync_all()))
        .is_err_and(|e| e.raw_os_error() == Some(28));
    let _ = std::fs::remove_file(&probe);
    full
}

/// The store as it is, for reading only: no migration, no journal change. Where SQLite cannot
/// set up its shared-memory file (no room for it), and nothing waits in the write-ahead log,
/// the file is read as immutable.
fn open_read_only(path: &Path) -> Result<Connection, Refusal> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let read = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    let wal_empty = std::fs::metadata(format!("{}-wal", path.display())).map_or(true, |m| m.len() == 0);
    let conn = match Connection::open_with_flags(path, flags) {
        Ok(c) if read(&c).is_ok() => c,
        _ if wal_empty => {
            let uri = format!("file:{}?immutable=1", path.display());
            Connection::open_with_flags(uri, flags | rusqlite::OpenFlags::SQLITE_OPEN_URI)
                .map_err(|e| Refusal::of(&e))?
        }
        Ok(c) => c,
        Err(e) => return Err(Refusal::of(&e)),
    };
    let version: i64 = read(&conn).map_err(|e| Refusal::of(&e))?;
    if version != VERSION {
        return Err(Refusal::Other(format!("schema {version} needs a migration, which needs disk space")));
    }
    Ok(conn)
}

fn try_open(path: &Path) -> Result<Connection, Refusal> {
    let sql = |e: rusqlite::Error| Refusal::of(&e);
    let mut conn = Connection::open(path).map_err(sql)?;
    conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(sql)?;
    // A broken file often opens fine and fails on the first read: read before trusting it.
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(sql)?;
    if check != "ok" {
        return Err(Refusal::Unusable(format!("integrity check: {check}")));
    }
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;").map_err(sql)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql)?;
    if version > VERSION {
        return Err(Refusal::Unusable(format!(
            "written by a newer Frontline (schema {version}, this one knows up to {VERSION})"
        )));
    }
    if version == 0 {
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).map_err(sql)?;
        if tables > 0 {
            return Err(Refusal::Unusable("not a Frontline store (unknown tables, no schema version)".into()));
        }
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction().map_err(sql)?;
        tx.execute_batch(step).map_err(|e| match Refusal::of(&e) {
            Refusal::Unusable(w) | Refusal::Other(w) => Refusal::Other(format!("migration {}: {w}", i + 1)),
            full_or_locked => full_or_locked,
        })?;
        tx.pragma_update(None, "user_version", (i + 1) as i64).map_err(sql)?;
        tx.commit().map_err(sql)?;
    }
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_store_gets_every_migration() {
        let dir = tempfile::tempdir().unwrap();
        let Opened { conn, note, .. } = open(&dir.path().join("s.db"), 1).unwrap();
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
            let Opened { conn, note, .. } = open(&path, 100 + n as i64).unwrap();
            let note = note.expect("a message");
            assert!(note.contains(says), "{note}");
            assert!(dir.path().join(format!("s.db.broken-{}", 100 + n)).exists(), "{note}");
            conn.execute("INSERT INTO drafts VALUES (1, 'x', 1, 0)", []).unwrap();
        }
    }
}
