//! `frontline outbox`: the profile's unsent writes (from consoles and scripts alike) — list
//! them, send them now, or discard one. The same outbox and exactly-once sending as the console.

use super::{Failure, Outcome, emit};
use frontline_app::deliver::Delivered;
use frontline_backend::Helpdesk;
use frontline_model::Outgoing;
use frontline_store::{Store, outbox};

/// Unsent writes this profile made for another helpdesk or agent (before it was pointed
/// here): each store with its identity and entries. They are never sent from here.
async fn orphans(store: &Store) -> Result<Vec<(Store, String, Vec<Outgoing>)>, Failure> {
    let mut found = Vec::new();
    for path in frontline_store::siblings(store.path()) {
        let other = Store::open(&path, store.clock())?;
        let entries = other.call(|c| outbox::pending(c)).await?;
        if entries.is_empty() {
            other.close();
            continue;
        }
        let identity = other.identity().await?.unwrap_or_else(|| "an earlier setting of this profile".into());
        found.push((other, identity, entries));
    }
    Ok(found)
}

/// One line per entry: key, state, age, what, and the last error; or JSON lines. Writes left
/// for another helpdesk or agent are listed after them, with where they belong and (in JSON)
/// their text, and are never sent here.
pub async fn list(store: &Store, json: bool) -> Outcome {
    let entries = store.call(|c| outbox::pending(c)).await?;
    let now = store.now();
    if entries.is_empty() && !json {
        eprintln!("the outbox is empty: every write has reached the helpdesk");
    }
    for (other, identity, left) in orphans(store).await? {
        if !json {
            eprintln!(
                "{} unsent write(s) for another helpdesk or agent ({identity}) are kept in {} — never sent here; \
                 `frontline outbox --json` shows their text, `frontline outbox discard KEY` drops one",
                left.len(),
                other.path().display()
            );
        }
        for e in left {
            if json {
                emit(serde_json::json!({
                    "key": e.key, "ticket": e.ticket.0, "what": e.label, "state": "orphaned",
                    "belongs_to": identity, "text": e.change.comment.map(|c| c.body),
                    "created_at": super::json::time(e.created_at),
                }))?;
            } else {
                emit(format!("{}  orphaned  {}  (for {identity})", e.key, e.label))?;
            }
        }
        other.close();
    }
    for e in entries {
        if json {
            emit(serde_json::json!({
                "key": e.key,
                "ticket": e.ticket.0,
                "what": e.label,
                "state": e.state.as_str(),
                "attempts": e.attempts,
                "error": e.error,
                "created_at": super::json::time(e.created_at),
            }))?;
        } else {
            let age = frontline_model::text::fmt_age(now, e.created_at);
            let why = e.error.map(|w| format!("  ({})", frontline_model::text::sanitize_line(&w))).unwrap_or_default();
            emit(format!("{}  {:<8} {:>4} ago  {}{why}", e.key, e.state.as_str(), age, e.label))?;
        }
    }
    Ok(())
}

/// Sends every entry that is not failed; exits 4 if any could not go yet.
pub async fn send(store: &Store, backend: &dyn Helpdesk, shop: Option<&dyn frontline_shop::Shop>) -> Outcome {
    let entries = store.call(|c| outbox::pending(c)).await?;
    let mut left = 0;
    // a ticket whose write could not go keeps its later writes back: they go in order, later
    let mut stopped = std::collections::HashSet::new();
    for e in entries.iter().filter(|e| e.state != frontline_model::OutState::Failed) {
        if stopped.contains(&e.ticket) {
            left += 1;
            eprintln!("… {} waits for the write before it on #{}", e.label, e.ticket.0);
            continue;
        }
        match frontline_app::deliver::deliver_with(store, backend, shop, &e.key).await {
            Ok(Delivered::Sent(_)) => eprintln!("✓ {}", e.label),
            Ok(Delivered::AlreadyThere) => eprintln!("✓ {} (had already arrived; not sent again)", e.label),
            Ok(Delivered::Skipped) => {}
            Err(err) => {
                left += 1;
                stopped.insert(e.ticket);
                eprintln!("✗ {}: {err}", e.label);
            }
        }
    }
    // what is still there, refused before this run or now, or waiting: never a quiet exit 0
    let still = store.call(|c| outbox::pending(c)).await?;
    for e in still.iter().filter(|e| e.state == frontline_model::OutState::Failed) {
        if entries.iter().any(|x| x.key == e.key && x.state == frontline_model::OutState::Failed) {
            let why = e.error.as_deref().map(frontline_model::text::sanitize_line).unwrap_or_default();
            eprintln!("✗ {} was refused earlier: {why}", e.label);
        }
    }
    if !still.is_empty() {
        let failed = still.iter().filter(|e| e.state == frontline_model::OutState::Failed).count();
        let waiting = still.len() - failed;
        return Err(Failure {
            exit: super::Exit::Helpdesk,
            message: format!(
                "{} still in the outbox ({failed} refused, {waiting} waiting; {left} failed in this run): \
                 `frontline outbox` lists them; `frontline outbox retry KEY` or `discard KEY` for a refused one",
                still.len()
            ),
        });
    }
    Ok(())
}

/// Every write that will not be sent by itself, as text to keep: the ones left for another
/// helpdesk or agent (never sent here — ticket #16 here may be another customer's, so they are
/// not made drafts here either) and the ones the helpdesk or the delivery check refused.
pub async fn export(store: &Store) -> Outcome {
    let mut blocks = Vec::new();
    for (other, identity, left) in orphans(store).await? {
        blocks.extend(left.iter().map(|e| block(e, &format!("for {identity}, never sent"))));
        other.close();
    }
    let refused = store.call(|c| outbox::pending(c)).await?;
    for e in refused.iter().filter(|e| e.state == frontline_model::OutState::Failed) {
        blocks.extend(std::iter::once(block(e, e.error.as_deref().unwrap_or("refused"))));
    }
    if blocks.is_empty() {
        eprintln!("nothing to export: no write is left for another helpdesk and none was refused");
    }
    for b in blocks.into_iter().flatten() {
        emit(b)?;
    }
    Ok(())
}

/// One write as lines to read: what, where it belonged, when, its key, then its text.
fn block(e: &Outgoing, why: &str) -> Vec<String> {
    let when = frontline_model::text::rfc3339(e.created_at).unwrap_or_default();
    let mut lines = vec![format!("--- {} · {when} · {why} · key {}", e.label, e.key)];
    match &e.change.comment {
        Some(c) => lines.extend(c.body.lines().map(String::from)),
        None => lines.push("(no text: a change of fields only)".into()),
    }
    lines.push(String::new());
    lines
}

/// A refused entry goes back to the queue, without the version check that refused it.
pub async fn retry(store: &Store, key: &str) -> Outcome {
    let k = key.to_string();
    let before = store.call(|c| outbox::pending(c)).await?;
    match before.iter().find(|e| e.key == key) {
        Some(e) if e.state == frontline_model::OutState::Failed => {
            store.call(move |c| outbox::retry(c, &k, None)).await?;
            eprintln!("{key} queued again: `frontline outbox send` sends it");
            Ok(())
        }
        Some(e) => {
            Err(Failure::usage(format!("{key} ({}) is {}, not refused: nothing to retry", e.label, e.state.as_str())))
        }
        None => Err(Failure::usage(format!("no unsent write with key `{key}` (`frontline outbox` lists them)"))),
    }
}

pub async fn discard(store: &Store, key: &str) -> Outcome {
    let k = key.to_string();
    let before = store.call(|c| outbox::pending(c)).await?;
    if before.iter().any(|e| e.key == key) {
        store.call(move |c| outbox::discard(c, &[k])).await?;
        eprintln!("discarded {key}");
        return Ok(());
    }
    for (other, identity, left) in orphans(store).await? {
        if left.iter().any(|e| e.key == key) {
            let k = key.to_string();
            other.call(move |c| outbox::discard(c, &[k])).await?;
            other.close();
            eprintln!("discarded {key} (it was for {identity})");
            return Ok(());
        }
        other.close();
    }
    Err(Failure::usage(format!("no unsent write with key `{key}` (`frontline outbox` lists them)")))
}
