//! `frontline reply`, `assign` and `escalate`: the console's actions from a shell, through
//! the profile's outbox like the console's, and checked against the ticket's current version
//! so nothing is overwritten (a conflict exits 5). A write the helpdesk cannot take now stays
//! in the outbox and is sent later, once.

use super::{Failure, Outcome};
use frontline_app::deliver::deliver_with;
use frontline_backend::Helpdesk;
use frontline_config::Config;
use frontline_model::{NewComment, OutState, Outgoing, PlaceholderContext, Status, Ticket, TicketChange, TicketId};
use frontline_store::Store;
use frontline_store::outbox;
use std::collections::HashMap;

pub(super) async fn current(backend: &dyn Helpdesk, id: u64) -> Result<(Ticket, Vec<frontline_model::User>), Failure> {
    first_ticket(id, backend.ticket(TicketId(id)).await)
}

/// The ticket of an answer to `ticket(id)`, or the failure it means.
fn first_ticket(
    id: u64,
    read: Result<frontline_backend::TicketPage, frontline_backend::BackendError>,
) -> Result<(Ticket, Vec<frontline_model::User>), Failure> {
    let page = read.map_err(|e| match e {
        frontline_backend::BackendError::NotFound { .. } => {
            Failure { exit: super::Exit::Helpdesk, message: format!("ticket #{id} not found") }
        }
        e => e.into(),
    })?;
    let t = page
        .tickets
        .into_iter()
        .next()
        .ok_or_else(|| Failure { exit: super::Exit::Helpdesk, message: format!("ticket #{id} not found") })?;
    Ok((t, page.users))
}

/// A key no other write has: a random id, not the pid and the second (a container's
/// commands all run as PID 1, so two replies in one second shared a key and one was lost).
fn outbox_key(ticket: TicketId) -> String {
    format!("cli-{}-{}", uuid::Uuid::new_v4().simple(), ticket.0)
}

/// A new outbox entry for `what` on `ticket`, due now, written by the agent the backend signs
/// in as (when it has asked) to `requester`.
pub(super) fn entry(
    store: &Store,
    backend: &dyn Helpdesk,
    ticket: TicketId,
    change: TicketChange,
    what: &str,
    read: Option<&Ticket>,
) -> Outgoing {
    let now = store.now();
    Outgoing {
        key: outbox_key(ticket),
        ticket,
        label: format!("{what} on #{}", ticket.0),
        change,
        expected_version: read.map(|t| t.version.clone()),
        state: OutState::Queued,
        attempts: 0,
        error: None,
        created_at: now,
        due: now,
        requester: read.and_then(|t| t.requester),
        author: backend.signed_in(),
        shop: None,
        shop_done: false,
    }
}

async fn write(backend: &dyn Helpdesk, store: &Store, t: &Ticket, change: &TicketChange, what: &str) -> Outcome {
    let entry = entry(store, backend, t.id, change.clone(), what, Some(t));
    deliver_entry(backend, None, store, entry, what, t.id).await
}

/// Puts `entry` in the outbox and sends it (a shop action first, with `shop`): sent, kept for
/// later when the helpdesk or shop cannot take it now (exit 4), or refused and dropped.
pub(super) async fn deliver_entry(
    backend: &dyn Helpdesk,
    shop: Option<&dyn frontline_shop::Shop>,
    store: &Store,
    entry: Outgoing,
    what: &str,
    ticket: TicketId,
) -> Outcome {
    if store.is_read_only() {
        return Err(not_kept(store, &entry, what, ""));
    }
    let key = entry.key.clone();
    let kept = entry.clone();
    store
        .call(move |c| outbox::put(c, &[entry]))
        .await
        .map_err(|e| Failure::usage(format!("{e}; nothing was sent")))?;
    match deliver_with(store, backend, shop, &key).await {
        Err(e) if e.worth_resending() && store.is_temporary() => {
            // what the attempt may have done: a refused connection or a 429 sent nothing; a
            // time-out or a 5xx may have landed; a shop action may be done with its note not
            let shop_done = {
                let k = key.clone();
                let left = store.call(move |c| outbox::pending(c)).await.unwrap_or_default();
                left.iter().any(|x| x.key == k && x.shop_done)
            };
            let nothing_sent = !shop_done
                && matches!(
                    e.helpdesk(),
                    Some(
                        frontline_backend::BackendError::Refused { .. }
                            | frontline_backend::BackendError::RateLimited { .. }
                    )
                );
            let k = key.clone();
            let _ = store.call(move |c| outbox::discard(c, &[k])).await;
            let mut f = not_kept(store, &kept, what, &e.to_string());
            if shop_done {
                f.message = format!(
                    "{e}\n  the shop has done its part; the note on #{} was not written and is not queued (the local \
                     store is temporary): add it by hand, its text is printed above — do not run the command again",
                    ticket.0
                );
            } else if !nothing_sent {
                f.message = format!(
                    "{e}\n  the {what} on #{} may or may not have reached the helpdesk, and is not queued (the local \
                     store is temporary): look at #{} before sending it again; its text is printed above",
                    ticket.0, ticket.0
                );
            }
            Err(f)
        }
        Ok(_) => {
            eprintln!("✓ {what} on #{}", ticket.0);
            Ok(())
        }
        Err(e) if e.worth_resending() => Err(Failure {
            exit: super::Exit::Helpdesk,
            message: format!(
                "{e}\n  the {what} is kept in the outbox and sent once the helpdesk answers — do not run the command \
                 again; `frontline outbox` shows it, `frontline outbox send` tries now"
            ),
        }),
        Err(e) => {
            // refused for good: the script has the answer, so nothing lingers in the outbox
            let k = key.clone();
            let _ = store.call(move |c| outbox::discard(c, &[k])).await;
            let mut f = Failure::from(e);
            if f.exit == super::Exit::Conflict {
                f.message = format!(
                    "#{} changed since it was read; nothing was written — look at it and run the command again",
                    ticket.0
                );
            }
            Err(f)
        }
    }
}

pub(super) fn refuse_read_only(read_only: bool) -> Outcome {
    if read_only { Err(Failure::usage("read-only: writes are off (--read-only or read_only = true)")) } else { Ok(()) }
}

pub async fn reply(
    backend: &dyn Helpdesk,
    store: &Store,
    read_only: bool,
    id: u64,
    body: &str,
    note: bool,
    status: Option<&str>,
) -> Outcome {
    refuse_read_only(read_only)?;
    if body.trim().is_empty() {
        return Err(Failure::usage("the reply is empty"));
    }
    let names = backend.status_names();
    let status = match status.map(|s| names.parse(s)) {
        Some(Status::Other(s)) => {
            let offered: Vec<&str> = names.settable().map(|(_, n)| n).collect();
            return Err(Failure::usage(format!("--status `{s}`: use {}", offered.join(", "))));
        }
        s => s,
    };
    let change = TicketChange {
        status,
        comment: Some(NewComment { body: body.trim_end().to_string(), public: !note }),
        ..Default::default()
    };
    let what = if note { "note" } else { "reply" };
    let t = match backend.ticket(TicketId(id)).await {
        // the helpdesk cannot be reached now: the text is not lost, it waits in the outbox
        Err(e) if e.worth_resending() => return queue_unread(store, backend, TicketId(id), change, what, &e).await,
        read => first_ticket(id, read)?.0,
    };
    write(backend, store, &t, &change, what).await
}

/// A write that could not go now, refused rather than queued: the store is temporary, so
/// nobody would send it later. Its text is printed to standard output to keep.
fn not_kept(store: &Store, e: &Outgoing, what: &str, why: &str) -> Failure {
    if let Some(c) = &e.change.comment {
        println!("{}", frontline_model::text::sanitize(&c.body));
    }
    let text = if e.change.comment.is_some() { ", and its text is printed above" } else { "" };
    let message = if store.is_read_only() {
        format!(
            "not sent: the disk holding the local store {} is full, so the {what} on #{} cannot be recorded before \
             it is sent (that is what makes it go exactly once) — nothing was written{text}; free some space and run \
             the command again",
            store.path().display(),
            e.ticket.0
        )
    } else {
        format!(
            "{why}\n  not queued: the local store is temporary ({}: {}), so the {what} on #{} would be lost — \
             nothing was written{text}; make the data folder writable (or set XDG_DATA_HOME) and run the command again",
            store.path().display(),
            store.note().unwrap_or("the data folder cannot be written"),
            e.ticket.0
        )
    };
    Failure { exit: super::Exit::NotKept, message }
}

/// A reply to a ticket that could not be read (the helpdesk is down): committed to the outbox
/// without a version to check, so it goes out as written once the helpdesk answers.
async fn queue_unread(
    store: &Store,
    backend: &dyn Helpdesk,
    ticket: TicketId,
    change: TicketChange,
    what: &str,
    why: &frontline_backend::BackendError,
) -> Outcome {
    let entry = Outgoing { error: Some(why.to_string()), ..entry(store, backend, ticket, change, what, None) };
    if store.is_temporary() || store.is_read_only() {
        return Err(not_kept(store, &entry, what, &why.to_string()));
    }
    store
        .call(move |c| outbox::put(c, &[entry]))
        .await
        .map_err(|e| Failure::usage(format!("{e}; nothing was queued")))?;
    Err(Failure {
        exit: super::Exit::Helpdesk,
        message: format!(
            "{why}\n  queued: the {what} on #{} will be sent by the next console start or `frontline outbox send` — \
             do not run the command again",
            ticket.0
        ),
    })
}

pub async fn assign(backend: &dyn Helpdesk, store: &Store, read_only: bool, id: u64, who: &str) -> Outcome {
    refuse_read_only(read_only)?;
    let target = match who {
        "me" => backend.me().await?.id,
        email => backend
            .agents()
            .await?
            .into_iter()
            .find(|u| u.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(email)))
            .map(|u| u.id)
            .ok_or_else(|| Failure::usage(format!("`{email}` is not an agent's e-mail (use me or an e-mail)")))?,
    };
    let (t, _) = current(backend, id).await?;
    write(backend, store, &t, &TicketChange { assignee: Some(Some(target)), ..Default::default() }, "assign").await
}

pub async fn escalate(
    backend: &dyn Helpdesk,
    store: &Store,
    cfg: &Config,
    read_only: bool,
    id: u64,
    reason: &str,
) -> Outcome {
    refuse_read_only(read_only)?;
    if reason.trim().is_empty() {
        return Err(Failure::usage("--reason is empty: say why the ticket is escalated"));
    }
    let (t, users) = current(backend, id).await?;
    let me = backend.me().await?;
    let groups: HashMap<u64, String> = backend.groups().await?.into_iter().map(|g| (g.id, g.name)).collect();
    let requester = t.requester.and_then(|r| users.iter().find(|u| u.id == r));
    let extra = [("reason", reason.trim().to_string())];
    let group_name = t.group.and_then(|g| groups.get(&g)).map(String::as_str);
    let cx = PlaceholderContext {
        ticket: &t,
        requester,
        assignee: None,
        current_user: Some(&me),
        group: group_name,
        extra: &extra,
        order: None,
        discount: None,
        replacement: None,
        activation_url: None,
    };
    let (level, change) = frontline_app::ticket_changes::escalation_change(&cfg.escalation, &groups, &cx)
        .map_err(|e| Failure::usage(e.to_string()))?;
    write(backend, store, &t, &change, &format!("escalate to {level}")).await
}

#[cfg(test)]
mod tests {
    use frontline_model::TicketId;

    #[test]
    fn two_writes_to_one_ticket_in_one_second_have_different_keys() {
        let keys: std::collections::HashSet<String> = (0..1000).map(|_| super::outbox_key(TicketId(16))).collect();
        assert_eq!(keys.len(), 1000);
        assert!(keys.iter().all(|k| k.starts_with("cli-") && k.ends_with("-16")));
    }
}
