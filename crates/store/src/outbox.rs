//! The outbox table: every write is committed here before it is sent and marked done when
//! the helpdesk confirms it. A send starts by claiming the entry, so two consoles (or a
//! console and a script) on one profile never send the same entry at once, and an entry
//! whose sender died mid-send is checked against the helpdesk before it goes out again.

use frontline_model::{OutState, Outgoing, TicketChange, TicketId, UserId};
use rusqlite::{Connection, OptionalExtension, params};

/// Seconds after which a claim by a sender that may still be alive is taken over anyway.
const STALE_CLAIM: i64 = 300;
/// Sent entries are kept this long (to look into what was sent, with any SQLite tool), then pruned.
const KEEP_DONE: i64 = 7 * 86_400;

/// The process that claims an entry: its pid and when it started (Linux: the start time in
/// clock ticks since boot from /proc; elsewhere 0), so a new process that happens to get a
/// dead claimant's pid is not mistaken for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claimant {
    pub pid: u32,
    pub started: u64,
}

impl Claimant {
    /// This process.
    pub fn this_process() -> Claimant {
        let pid = std::process::id();
        Claimant { pid, started: start_time(pid).unwrap_or(0) }
    }

    /// Whether this claimant still runs (where the system can tell; elsewhere assumed alive,
    /// and the claim is taken over once it is `STALE_CLAIM` old).
    fn alive(self) -> bool {
        if self == Claimant::this_process() {
            return true;
        }
        #[cfg(target_os = "linux")]
        {
            start_time(self.pid).is_some_and(|s| self.started == 0 || s == self.started)
        }
        #[cfg(not(target_os = "linux"))]
        {
            true
        }
    }
}

/// A process's start time (field 22 of /proc/PID/stat), or `None` when it does not run.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // the command name (field 2) is in parentheses and may hold spaces: count after the last ')'
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

/// What a sender may do with an entry it asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// Never sent: send it.
    Send(Outgoing),
    /// A send was started before and its outcome is unknown: check the helpdesk, then send.
    Verify(Outgoing),
    /// Done, failed, or being sent by another live process: leave it.
    Skip,
    /// Not in the outbox at all: it was never stored (the disk was full, the store locked) or
    /// was discarded elsewhere. Nothing is sent, and nothing may be reported as sent.
    Missing,
}

/// How a send ended, for the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Finish {
    Done,
    /// Worth another try later (network, 5xx, rate limit): back to queued, with the reason.
    Again(String),
    /// Refused for good: kept as failed until retried or discarded by hand.
    Failed(String),
}

pub fn put(conn: &mut Connection, entries: &[Outgoing]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut ins = tx.prepare(
            "INSERT OR IGNORE INTO outbox (key, ticket, label, change, expected_version, state, attempts, error,
                                           created_at, due, requester, author, shop, shop_done)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for e in entries {
            let change =
                serde_json::to_string(&e.change).map_err(|x| rusqlite::Error::ToSqlConversionFailure(x.into()))?;
            let shop = e
                .shop
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(|x| rusqlite::Error::ToSqlConversionFailure(x.into()))?;
            ins.execute(params![
                e.key,
                e.ticket.0 as i64,
                e.label,
                change,
                e.expected_version,
                e.state.as_str(),
                e.attempts,
                e.error,
                e.created_at,
                e.due,
                e.requester.map(|u| u.0 as i64),
                e.author.map(|u| u.0 as i64),
                shop,
                e.shop_done
            ])?;
        }
    }
    tx.commit()
}

pub fn discard(conn: &Connection, keys: &[String]) -> rusqlite::Result<()> {
    for k in keys {
        conn.execute("DELETE FROM outbox WHERE key = ?1 AND done_at IS NULL", [k])?;
    }
    Ok(())
}

/// A failed entry goes back to the queue; `version` replaces the version it is checked against
/// (`None`: sent whatever the ticket's version is now).
pub fn retry(conn: &Connection, key: &str, version: Option<String>) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE outbox SET state = 'queued', expected_version = ?2 WHERE key = ?1 AND done_at IS NULL",
        params![key, version],
    )?;
    Ok(())
}

/// Takes an entry for sending. Runs in one immediate transaction, so only one process wins.
pub fn claim(conn: &mut Connection, key: &str, me: Claimant, now: i64) -> rusqlite::Result<Claim> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let row = tx
        .query_row(
            &format!(
                "SELECT {COLUMNS}, owner, owner_started, claimed_at FROM outbox WHERE key = ?1 AND done_at IS NULL"
            ),
            [key],
            |r| {
                let owner = r.get::<_, Option<u32>>(14)?;
                let started = r.get::<_, Option<i64>>(15)?.unwrap_or(0) as u64;
                Ok((entry(r)?, owner.map(|pid| Claimant { pid, started }), r.get::<_, Option<i64>>(16)?))
            },
        )
        .optional()?;
    let Some((e, owner, claimed_at)) = row else {
        let known: i64 = tx.query_row("SELECT COUNT(*) FROM outbox WHERE key = ?1", [key], |r| r.get(0))?;
        return Ok(if known > 0 { Claim::Skip } else { Claim::Missing });
    };
    let free = match e.state {
        OutState::Queued => true,
        OutState::Failed => false,
        OutState::Sending => {
            owner != Some(me)
                && (owner.is_none_or(|o| !o.alive()) || claimed_at.is_none_or(|at| now - at > STALE_CLAIM))
        }
    };
    if !free {
        return Ok(Claim::Skip);
    }
    tx.execute(
        "UPDATE outbox SET state = 'sending', owner = ?2, owner_started = ?3, claimed_at = ?4,
                           attempts = attempts + 1 WHERE key = ?1",
        params![key, me.pid, me.started as i64, now],
    )?;
    tx.commit()?;
    Ok(if e.attempts == 0 { Claim::Send(e) } else { Claim::Verify(e) })
}

pub fn finish(conn: &Connection, key: &str, how: &Finish, now: i64) -> rusqlite::Result<()> {
    match how {
        Finish::Done => conn.execute(
            "UPDATE outbox SET state = 'done', done_at = ?2, error = NULL, owner = NULL WHERE key = ?1",
            params![key, now],
        )?,
        Finish::Again(why) => conn.execute(
            "UPDATE outbox SET state = 'queued', error = ?2, owner = NULL WHERE key = ?1 AND done_at IS NULL",
            params![key, why],
        )?,
        Finish::Failed(why) => conn.execute(
            "UPDATE outbox SET state = 'failed', error = ?2, owner = NULL WHERE key = ?1 AND done_at IS NULL",
            params![key, why],
        )?,
    };
    Ok(())
}

/// Every entry not yet confirmed, in the order they were queued (writes queued in one second
/// keep their order, so a ticket's writes go out as the agent made them).
pub fn pending(conn: &Connection) -> rusqlite::Result<Vec<Outgoing>> {
    let mut q =
        conn.prepare(&format!("SELECT {COLUMNS} FROM outbox WHERE done_at IS NULL ORDER BY created_at, rowid"))?;
    q.query_map([], entry)?.collect()
}

pub fn prune(conn: &Connection, now: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM outbox WHERE done_at < ?1", [now - KEEP_DONE])?;
    Ok(())
}

const COLUMNS: &str = "key, ticket, label, change, expected_version, state, attempts, error, created_at, due, \
                       requester, author, shop, shop_done";

/// The write `key` to `ticket` landed and turned version `replaced` into `made`: the other
/// unsent writes to that ticket by the same author that expected `replaced` now expect `made`,
/// so the author's own earlier write is not taken for a colleague's change (a conflict).
pub fn move_forward(
    conn: &Connection,
    ticket: TicketId,
    key: &str,
    replaced: &str,
    made: &str,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE outbox SET expected_version = ?4
          WHERE ticket = ?1 AND key <> ?2 AND expected_version = ?3 AND done_at IS NULL AND state <> 'sending'
            AND author IS (SELECT author FROM outbox WHERE key = ?2)",
        params![ticket.0 as i64, key, replaced, made],
    )
}

/// The changes of entries on `ticket` other than `except`, confirmed sent at `since` or later:
/// each put one message on the ticket, which a check for an identical unconfirmed write must
/// not take for its own.
pub fn sent_since(
    conn: &Connection,
    ticket: TicketId,
    except: &str,
    since: i64,
) -> rusqlite::Result<Vec<TicketChange>> {
    let mut q = conn.prepare(
        "SELECT change FROM outbox WHERE ticket = ?1 AND key <> ?2 AND done_at IS NOT NULL AND done_at >= ?3",
    )?;
    q.query_map(params![ticket.0 as i64, except, since], |r| {
        let change: String = r.get(0)?;
        serde_json::from_str(&change)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))
    })?
    .collect()
}

/// The shop has done the entry's action: a resend only sends its note. `change`, when given,
/// is the note with what the shop answered written in (a replacement order's name), kept in
/// the same statement so a resend sends that text and never the placeholder.
pub fn shop_done(conn: &Connection, key: &str, change: Option<&frontline_model::TicketChange>) -> rusqlite::Result<()> {
    match change {
        None => conn.execute("UPDATE outbox SET shop_done = 1 WHERE key = ?1", [key])?,
        Some(c) => {
            let c = serde_json::to_string(c).map_err(|x| rusqlite::Error::ToSqlConversionFailure(x.into()))?;
            conn.execute("UPDATE outbox SET shop_done = 1, change = ?2 WHERE key = ?1", params![key, c])?
        }
    };
    Ok(())
}

/// One step of a macro's shop part is done: the entry's steps (that one marked done) and its
/// text (with the name the shop gave written in) are kept together, so a resend neither
/// repeats the step nor sends the placeholder.
pub fn shop_step(
    conn: &Connection,
    key: &str,
    steps: &frontline_model::ShopAction,
    change: &frontline_model::TicketChange,
) -> rusqlite::Result<()> {
    conn.execute("UPDATE outbox SET shop = ?2, change = ?3 WHERE key = ?1", params![key, json(steps)?, json(change)?])?;
    Ok(())
}

/// What the shop has made so far for the entry's action (a replacement's draft), kept before
/// the next call so a resend picks up from there.
pub fn shop_progress(conn: &Connection, key: &str, shop: &frontline_model::ShopAction) -> rusqlite::Result<()> {
    conn.execute("UPDATE outbox SET shop = ?2 WHERE key = ?1", params![key, json(shop)?])?;
    Ok(())
}

fn json<T: serde::Serialize>(v: &T) -> rusqlite::Result<String> {
    serde_json::to_string(v).map_err(|x| rusqlite::Error::ToSqlConversionFailure(x.into()))
}

fn entry(r: &rusqlite::Row) -> rusqlite::Result<Outgoing> {
    let change: String = r.get(3)?;
    let state: String = r.get(5)?;
    Ok(Outgoing {
        key: r.get(0)?,
        ticket: TicketId(r.get::<_, i64>(1)? as u64),
        label: r.get(2)?,
        change: serde_json::from_str(&change)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, e.into()))?,
        expected_version: r.get(4)?,
        state: OutState::parse(&state).unwrap_or(OutState::Queued),
        attempts: r.get(6)?,
        error: r.get(7)?,
        created_at: r.get(8)?,
        due: r.get(9)?,
        requester: r.get::<_, Option<i64>>(10)?.map(|u| UserId(u as u64)),
        author: r.get::<_, Option<i64>>(11)?.map(|u| UserId(u as u64)),
        shop: match r.get::<_, Option<String>>(12)? {
            Some(s) => {
                Some(serde_json::from_str(&s).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(12, rusqlite::types::Type::Text, e.into())
                })?)
            }
            None => None,
        },
        shop_done: r.get(13)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontline_model::{NewComment, TicketChange};

    fn entry(key: &str) -> Outgoing {
        Outgoing {
            key: key.into(),
            ticket: TicketId(7),
            label: "reply to #7".into(),
            change: TicketChange {
                comment: Some(NewComment { body: "On its way".into(), public: true }),
                ..Default::default()
            },
            expected_version: Some("v1".into()),
            state: OutState::Queued,
            attempts: 0,
            error: None,
            created_at: 100,
            due: 105,
            requester: Some(UserId(30)),
            author: Some(UserId(1)),
            shop: None,
            shop_done: false,
        }
    }

    fn store() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let c = super::super::schema::open(&dir.path().join("s.db"), 1).unwrap().conn;
        (dir, c)
    }

    #[test]
    fn an_entry_is_sent_once_then_verified_after_an_unknown_outcome() {
        let (_d, mut c) = store();
        put(&mut c, &[entry("a")]).unwrap();
        put(&mut c, &[entry("a")]).unwrap(); // the same key twice is one entry
        assert_eq!(pending(&c).unwrap(), vec![entry("a")], "read back as written, requester and author too");
        let me = Claimant::this_process();
        assert!(matches!(claim(&mut c, "a", me, 200).unwrap(), Claim::Send(e) if e.change.comment.is_some()));
        // claimed by this (live) process: nobody else takes it, not even this process again
        assert_eq!(claim(&mut c, "a", me, 201).unwrap(), Claim::Skip);
        let other = Claimant { pid: me.pid + 1, started: 1 };
        assert_eq!(claim(&mut c, "a", other, 201).unwrap(), Claim::Skip);
        finish(&c, "a", &Finish::Again("cannot reach the helpdesk".into()), 202).unwrap();
        let again = pending(&c).unwrap();
        assert_eq!((again[0].state, again[0].error.as_deref()), (OutState::Queued, Some("cannot reach the helpdesk")));
        assert!(matches!(claim(&mut c, "a", me, 203).unwrap(), Claim::Verify(_)));
        finish(&c, "a", &Finish::Done, 204).unwrap();
        assert!(pending(&c).unwrap().is_empty());
        assert_eq!(claim(&mut c, "a", me, 205).unwrap(), Claim::Skip);
        let done_at: i64 = c.query_row("SELECT done_at FROM outbox WHERE key = 'a'", [], |r| r.get(0)).unwrap();
        assert_eq!(done_at, 204);
    }

    #[test]
    fn a_claim_by_a_dead_sender_is_taken_over_and_checked_first() {
        let (_d, mut c) = store();
        put(&mut c, &[entry("a")]).unwrap();
        // a pid that cannot be running
        let dead = Claimant { pid: u32::MAX - 1, started: 1 };
        assert!(matches!(claim(&mut c, "a", dead, 200).unwrap(), Claim::Send(_)));
        assert!(matches!(claim(&mut c, "a", Claimant::this_process(), 210).unwrap(), Claim::Verify(_)));
    }

    #[test]
    fn a_key_that_was_never_stored_is_missing_not_skipped() {
        let (_d, mut c) = store();
        assert_eq!(claim(&mut c, "never-put", Claimant::this_process(), 200).unwrap(), Claim::Missing);
        put(&mut c, &[entry("a")]).unwrap();
        claim(&mut c, "a", Claimant::this_process(), 201).unwrap();
        finish(&c, "a", &Finish::Done, 202).unwrap();
        assert_eq!(claim(&mut c, "a", Claimant::this_process(), 203).unwrap(), Claim::Skip, "done is not missing");
    }

    #[test]
    fn a_pid_used_again_is_not_the_process_that_claimed() {
        // PID 1 in a container: each run of a command has the same pid. A run killed mid-send
        // leaves its claim; the next run (same pid, another start time) takes it over once,
        // checking the helpdesk first, instead of leaving the entry "sending" for ever.
        let (_d, mut c) = store();
        put(&mut c, &[entry("a")]).unwrap();
        let me = Claimant::this_process();
        assert_ne!(me.started, 0, "the start time is read from /proc");
        let killed_run = Claimant { pid: me.pid, started: me.started - 1 };
        assert!(matches!(claim(&mut c, "a", killed_run, 200).unwrap(), Claim::Send(_)));
        assert!(matches!(claim(&mut c, "a", me, 201).unwrap(), Claim::Verify(_)), "taken over at once");
        assert_eq!(claim(&mut c, "a", killed_run, 202).unwrap(), Claim::Skip, "and by one process only");
    }

    #[test]
    fn failed_entries_wait_for_a_retry_by_hand_and_discard_removes() {
        let (_d, mut c) = store();
        put(&mut c, &[entry("a"), entry("b")]).unwrap();
        claim(&mut c, "a", Claimant { pid: 1, started: 1 }, 200).unwrap();
        finish(&c, "a", &Finish::Failed("the ticket changed since you loaded it".into()), 201).unwrap();
        assert_eq!(claim(&mut c, "a", Claimant::this_process(), 202).unwrap(), Claim::Skip);
        retry(&c, "a", None).unwrap();
        let back = pending(&c).unwrap();
        assert_eq!((back[0].state, back[0].expected_version.clone()), (OutState::Queued, None));
        discard(&c, &["b".into()]).unwrap();
        assert_eq!(pending(&c).unwrap().len(), 1);
    }
}
