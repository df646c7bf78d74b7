//! Runs effects: each in its own task against the backend, reporting back as a `Msg`.
//! Detail loads (conversation, customer) wait a moment and are dropped if the agent has
//! already moved on, so holding `j` does not fire a request per ticket passed. The executor
//! counts the tasks whose answer has not been sent yet (`in_flight`), so a headless driver
//! knows exactly when every answer is in instead of waiting for a quiet moment.

use super::msg::{CacheOp, Effect, Msg, OutboxOp, Restored};
use crate::deliver::{Delivered, deliver_many, deliver_with};
use frontline_backend::{Helpdesk, TicketCount};
use frontline_model::{TicketChange, TicketId, UserId};
use frontline_shop::Shop;
use frontline_store::{Store, cache, outbox};
use futures::FutureExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

const SETTLE: Duration = Duration::from_millis(120);

#[derive(Clone)]
pub struct Executor {
    backend: Arc<dyn Helpdesk>,
    /// The profile's shop, if it has one.
    shop: Option<Arc<dyn Shop>>,
    store: Store,
    tx: UnboundedSender<Msg>,
    conversation_gen: Arc<AtomicU64>,
    customer_gen: Arc<AtomicU64>,
    orders_gen: Arc<AtomicU64>,
    in_flight: Arc<AtomicUsize>,
    task_ended: Arc<tokio::sync::Notify>,
}

impl Executor {
    pub fn new(backend: Arc<dyn Helpdesk>, store: Store, tx: UnboundedSender<Msg>) -> Executor {
        Executor {
            backend,
            shop: None,
            store,
            tx,
            conversation_gen: Arc::new(AtomicU64::new(0)),
            customer_gen: Arc::new(AtomicU64::new(0)),
            orders_gen: Arc::new(AtomicU64::new(0)),
            in_flight: Arc::new(AtomicUsize::new(0)),
            task_ended: Arc::new(tokio::sync::Notify::new()),
        }
    }

    /// The same executor with the profile's shop for `Effect::LoadOrders`.
    pub fn with_shop(mut self, shop: Option<Arc<dyn Shop>>) -> Executor {
        self.shop = shop;
        self
    }

    /// Tasks started by `run` whose answer has not been sent yet. Zero means every answer to
    /// every effect run so far is already in the channel.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Resolves when a task has ended since the last call (some end without a message).
    pub async fn task_ended(&self) {
        self.task_ended.notified().await;
    }

    pub fn run(&self, effects: Vec<Effect>) {
        for e in effects {
            self.spawn(e);
        }
    }

    fn spawn(&self, effect: Effect) {
        let b = self.backend.clone();
        let tx = Reply { tx: self.tx.clone(), in_flight: self.in_flight.clone(), ended: self.task_ended.clone() };
        match effect {
            Effect::Listen => {
                // the feed runs as long as the console: not a task whose answer is awaited
                if let Some(mut feed) = b.live() {
                    let tx = self.tx.clone();
                    tokio::spawn(async move {
                        while let Some(ev) = feed.recv().await {
                            if tx.send(Msg::Live(ev)).is_err() {
                                break;
                            }
                        }
                    });
                }
            }
            Effect::Refresh(id) => send_if(tx, async move {
                match b.ticket(id).await {
                    Ok(page) => Some(Msg::Live(frontline_backend::LiveEvent::Changed(page))),
                    Err(e) => {
                        tracing::info!("reading #{} after a live change: {e}; the next poll catches up", id.0);
                        None
                    }
                }
            }),
            Effect::Typing { ticket, on, private } => send_if(tx, async move {
                if let Err(e) = b.typing(ticket, on, private).await {
                    tracing::info!("typing on #{}: {e}", ticket.0);
                }
                None
            }),
            Effect::LoadAssigned(agent) => {
                send(tx, async move { Msg::Assigned { agent, result: b.assigned_to(agent).await } });
            }
            Effect::LoadMe => send(tx, async move { Msg::Me(b.me().await) }),
            Effect::AskTimeTracking => send(tx, async move { Msg::TimeTracking(b.time_tracking().await) }),
            Effect::LoadViews => send(tx, async move { Msg::Views(b.views().await) }),
            Effect::LoadGroups => send(tx, async move { Msg::Groups(b.groups().await) }),
            Effect::LoadAgents => send(tx, async move { Msg::Agents(b.agents().await) }),
            Effect::LoadQueue { view, page, req, first } => send_rated(tx, b.clone(), async move {
                Msg::QueuePage { req, first, result: b.queue_page(view, page).await }
            }),
            Effect::LoadTicket(id) => send(tx, async move { Msg::Ticket { id, result: b.ticket(id).await } }),
            Effect::LoadConversation(ticket) => self.load_conversation(tx, ticket),
            Effect::LoadCustomer(user) => self.load_customer(tx, user),
            Effect::LoadOrders { email, named } => self.load_orders(tx, email, named),
            Effect::QuoteRefund { ticket, order, ask } => {
                let shop = self.shop.clone();
                send(tx, async move {
                    let result = match shop {
                        Some(s) => s.quote_refund(&order.id, &ask).await.map(|q| q.amount),
                        None => Err(frontline_shop::ShopError::NoShop),
                    };
                    Msg::RefundQuoted { ticket, order, ask, result }
                });
            }
            Effect::OrderDetails(purpose) => {
                let shop = self.shop.clone();
                send(tx, async move {
                    let result = match shop {
                        Some(s) => s.order_details(&purpose.order().id).await,
                        None => Err(frontline_shop::ShopError::NoShop),
                    };
                    Msg::OrderDetails { purpose, result }
                });
            }
            Effect::Returnable { ticket, order } => {
                let shop = self.shop.clone();
                send(tx, async move {
                    let result = match shop {
                        Some(s) => s.returnable(&order.id).await,
                        None => Err(frontline_shop::ShopError::NoShop),
                    };
                    Msg::Returnable { ticket, order, result }
                });
            }
            Effect::ActivationLink { ticket, customer_id } => {
                let shop = self.shop.clone();
                send(tx, async move {
                    let result = match shop {
                        Some(s) => s.activation_url(&customer_id).await,
                        None => Err(frontline_shop::ShopError::NoShop),
                    };
                    Msg::ActivationLink { ticket, result }
                });
            }
            Effect::CheckDiscount { code } => {
                let shop = self.shop.clone();
                send(tx, async move {
                    let result = match shop {
                        Some(s) => s.discount(&code).await,
                        None => Err(frontline_shop::ShopError::NoShop),
                    };
                    Msg::DiscountChecked { code, result }
                });
            }
            Effect::LoadCounts => {
                for what in TicketCount::ALL {
                    let b = b.clone();
                    send(tx.clone(), async move { Msg::Count { what, result: b.count(what).await } });
                }
            }
            Effect::LoadToday { since } => {
                let report = b.clone();
                send(tx.clone(), async move { Msg::Today { result: b.changed_since(since).await.map(|p| p.tickets) } });
                send(tx, async move { Msg::Report(report.report(since, since + 86_400).await) });
            }
            Effect::Poll { view, since, req, local: true } => send_rated(tx, b.clone(), async move {
                Msg::PolledChanges { req, view, since, changed: b.poll_changes(since).await }
            }),
            Effect::Poll { view, since, req, local: false } => send_rated(tx, b.clone(), async move {
                let (view_changes, changed) = tokio::join!(b.view_changes(view, since), b.poll_changes(since));
                Msg::Polled { req, view: view_changes, changed: changed.map(|p| p.tickets) }
            }),
            Effect::Search { words, req } => {
                send(tx, async move { Msg::Searched { req, result: b.search(&words).await } });
            }
            Effect::LoadMergeTarget(target) => {
                send(tx, async move { Msg::MergeTarget { target, result: b.ticket(target).await } });
            }
            Effect::Merge { source, target, note } => {
                send(tx, async move {
                    Msg::Merged { source, target, result: b.merge(source, target, note.as_deref()).await }
                });
            }
            Effect::CheckExisting { view, ids } => send(tx, async move {
                let result = b.existing(&ids).await;
                Msg::Existing { view, asked: ids, result }
            }),
            Effect::LoadViewCounts(ids) => send(tx, async move { Msg::ViewCounts(b.view_counts(&ids).await) }),
            Effect::LoadMacros => send(tx, async move { Msg::Macros(b.macros().await) }),
            Effect::LoadDueSnoozes { now } => send(tx, async move { Msg::DueSnoozes(b.due_snoozes(now).await) }),
            Effect::Write { job, ticket, key, .. } => self.write(tx, job, ticket, key),
            Effect::WriteMany { job, tickets, change, keys } => self.write_many(tx, job, tickets, change, keys),
            Effect::Restore => self.restore(tx),
            Effect::Outbox(op) => self.outbox(tx, op),
            Effect::Cache(op) => self.cache(op),
            Effect::SaveDraft { ticket, draft } => {
                let now = self.store.now();
                let saving = self.store.call(move |c| {
                    cache::save_draft(c, ticket, draft.as_ref().map(|d| (d.text.as_str(), d.public)), now)
                });
                send(tx, async move { Msg::DraftSaved { ticket, result: saving.await } });
            }
            Effect::Notify { note, command: Some(cmd), .. } if !cmd.is_empty() => send_if(tx, async move {
                run_notify_command(&cmd, &note.json().to_string()).await.err().map(Msg::NotifyFailed)
            }),
            // the runtime rings the bell and writes the desktop escapes
            Effect::Notify { .. } => {}
            Effect::SaveText { ticket, text } => {
                let mut folders: Vec<std::path::PathBuf> =
                    self.store.path().parent().map(Into::into).into_iter().collect();
                folders.push(std::env::temp_dir().join("frontline"));
                let now = self.store.now();
                send(tx, async move {
                    let saved =
                        tokio::task::spawn_blocking(move || super::save_text::save(&folders, ticket, &text, now));
                    Msg::TextSaved(saved.await.unwrap_or_else(|e| {
                        Err(crate::errors::SaveTextError { refused: vec![(std::path::PathBuf::new(), e.to_string())] })
                    }))
                });
            }
            // the runtime owns the terminal, so it runs the editor itself
            Effect::EditExternally { .. } => {}
        }
    }

    /// Waits a moment, then loads the conversation unless the agent has moved on meanwhile.
    fn load_conversation(&self, tx: Reply, ticket: TicketId) {
        let b = self.backend.clone();
        let mine = self.conversation_gen.fetch_add(1, Ordering::SeqCst) + 1;
        let current = self.conversation_gen.clone();
        send(tx, async move {
            tokio::time::sleep(SETTLE).await;
            if current.load(Ordering::SeqCst) != mine {
                return Msg::Conversation { ticket, result: None };
            }
            Msg::Conversation { ticket, result: Some(b.conversation(ticket).await) }
        });
    }

    /// As `load_conversation`, for the customer pane.
    fn load_customer(&self, tx: Reply, user: UserId) {
        let b = self.backend.clone();
        let mine = self.customer_gen.fetch_add(1, Ordering::SeqCst) + 1;
        let current = self.customer_gen.clone();
        send(tx, async move {
            tokio::time::sleep(SETTLE).await;
            if current.load(Ordering::SeqCst) != mine {
                return Msg::Customer { user, result: None };
            }
            Msg::Customer { user, result: Some(b.customer(user).await) }
        });
    }

    /// A customer's orders, after the same settle as the customer (dropped if superseded).
    fn load_orders(&self, tx: Reply, email: String, named: Option<String>) {
        let Some(shop) = self.shop.clone() else {
            send(tx, async move {
                Msg::Orders { email, result: Some(Err(frontline_shop::ShopError::NoShop)), customer: None }
            });
            return;
        };
        let mine = self.orders_gen.fetch_add(1, Ordering::SeqCst) + 1;
        let current = self.orders_gen.clone();
        send(tx, async move {
            tokio::time::sleep(SETTLE).await;
            if current.load(Ordering::SeqCst) != mine {
                return Msg::Orders { email, result: None, customer: None };
            }
            match shop.orders_and_customer(&email, named.as_deref()).await {
                Ok((orders, customer)) => {
                    Msg::Orders { email, result: Some(Ok(orders)), customer: customer.map(Box::new) }
                }
                Err(e) => Msg::Orders { email, result: Some(Err(e)), customer: None },
            }
        });
    }

    /// Delivers one outbox entry (exactly once: see `deliver`).
    fn write(&self, tx: Reply, job: u64, ticket: TicketId, key: String) {
        let (b, store, shop) = (self.backend.clone(), self.store.clone(), self.shop.clone());
        send(tx, async move {
            let delivered =
                std::panic::AssertUnwindSafe(deliver_with(&store, b.as_ref(), shop.as_deref(), &key)).catch_unwind();
            let result = match delivered.await {
                Ok(Ok(Delivered::Sent(page))) => Ok(page),
                // landed earlier, or handled elsewhere: show the ticket as it is
                Ok(Ok(Delivered::AlreadyThere | Delivered::Skipped)) => Ok(b.ticket(ticket).await.unwrap_or_default()),
                Ok(Err(e)) => Err(e),
                // a bug: the entry is released as failed, and the job answers like any other
                Err(panic) => {
                    let words = panic_words(&panic);
                    Err(crashed(&store, &key, words).await)
                }
            };
            Msg::Written { job, ticket, result }
        });
    }

    /// Delivers one change to several tickets through the helpdesk's bulk endpoint.
    fn write_many(&self, tx: Reply, job: u64, tickets: Vec<TicketId>, change: TicketChange, keys: Vec<String>) {
        let (b, store) = (self.backend.clone(), self.store.clone());
        send(tx, async move {
            let entries: Vec<_> = tickets.into_iter().zip(keys).collect();
            let delivered = std::panic::AssertUnwindSafe(deliver_many(&store, b.as_ref(), &entries, &change));
            let result = match delivered.catch_unwind().await {
                Ok(result) => result,
                Err(panic) => {
                    let words = panic_words(&panic);
                    let mut each = Vec::new();
                    for (t, key) in &entries {
                        each.push((*t, Err(crashed(&store, key, words.clone()).await)));
                    }
                    Ok(each)
                }
            };
            Msg::WrittenMany { job, result }
        });
    }

    /// Reads the cache, drafts and unsent writes at start.
    fn restore(&self, tx: Reply) {
        let store = self.store.clone();
        send(tx, async move {
            let read = store.call(|c| Ok((cache::load(c)?, cache::drafts(c)?, outbox::pending(c)?))).await;
            let here = store.path().to_path_buf();
            let orphans =
                tokio::task::spawn_blocking(move || frontline_store::orphans(&here)).await.unwrap_or_default();
            let mut r = Restored { problem: store.note().map(String::from), orphans, ..Default::default() };
            match read {
                Ok((snapshot, drafts, pending)) => {
                    r.cache = snapshot;
                    r.drafts = drafts;
                    r.outbox = pending;
                }
                Err(e) => r.problem = Some(format!("cannot read the local cache: {e}")),
            }
            Msg::Restored(Box::new(r))
        });
    }

    fn outbox(&self, tx: Reply, op: OutboxOp) {
        match op {
            OutboxOp::Put(entries) => {
                let keys = entries.iter().map(|e| e.key.clone()).collect();
                // queued on the store's thread now, before the send that follows claims it
                let stored = self.store.call(move |c| outbox::put(c, &entries));
                send(tx, async move { Msg::Stored { keys, result: stored.await } });
            }
            OutboxOp::Discard(keys) => self.store.submit("outbox discard", move |c| outbox::discard(c, &keys)),
            OutboxOp::Retry { key, version } => {
                self.store.submit("outbox retry", move |c| outbox::retry(c, &key, version));
            }
        }
    }

    fn cache(&self, op: CacheOp) {
        let now = self.store.now();
        match op {
            CacheOp::Tickets { view, tickets, users, order } => self
                .store
                .submit("cache", move |c| cache::save_tickets(c, view, &tickets, &users, order.as_deref(), now)),
            CacheOp::Meta(meta) => self.store.submit("cache", move |c| cache::save_meta(c, &meta, now)),
            CacheOp::Forget(id) => self.store.submit("cache forget", move |c| cache::forget(c, id)),
            CacheOp::Orders { email, orders } => {
                self.store.submit("cache orders", move |c| cache::save_orders(c, &email, &orders, now));
            }
        }
    }
}

/// Runs a notification command with the event as JSON on stdin, for at most 10 seconds.
async fn run_notify_command(cmd: &[String], json: &str) -> Result<(), crate::errors::NotifyError> {
    use crate::errors::NotifyError;
    use tokio::io::AsyncWriteExt;
    let program = cmd[0].clone();
    let mut child = tokio::process::Command::new(&cmd[0])
        .args(&cmd[1..])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| NotifyError::CannotRun { program: program.clone(), detail: e.to_string() })?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(format!("{json}\n").as_bytes()).await;
    }

    match tokio::time::timeout(std::time::Duration::from_secs(10), child.wait()).await {
        Ok(Ok(s)) if s.success() => Ok(()),
        Ok(Ok(s)) => Err(NotifyError::Failed { program, status: s.to_string() }),
        Ok(Err(e)) => Err(NotifyError::Failed { program, status: e.to_string() }),
        Err(_) => Err(NotifyError::TimedOut { program }),
    }
}

/// Where a task's answer goes, counted in `in_flight` from the spawn to the send.
#[derive(Clone)]
struct Reply {
    tx: UnboundedSender<Msg>,
    in_flight: Arc<AtomicUsize>,
    ended: Arc<tokio::sync::Notify>,
}

impl Reply {
    fn done(&self) {
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.ended.notify_one();
    }
}

/// Like `send`, for tasks that report only when something went wrong.
fn send_if(reply: Reply, fut: impl std::future::Future<Output = Option<Msg>> + Send + 'static) {
    reply.in_flight.fetch_add(1, Ordering::SeqCst);
    tokio::spawn(async move {
        // counted done however the task ends, a panic included, so a quit never waits on it
        let _done = Done(&reply);
        match std::panic::AssertUnwindSafe(fut).catch_unwind().await {
            Ok(Some(msg)) => {
                let _ = reply.tx.send(msg);
            }
            Ok(None) => {}
            Err(panic) => {
                let _ = reply.tx.send(Msg::Crashed(panic_words(&panic)));
            }
        }
    });
}

/// A write whose delivery panicked: its entry is recorded as failed (so this process's claim
/// does not hold it, and the ticket's next writes are not held behind it), said as an error.
async fn crashed(store: &Store, key: &str, words: String) -> crate::deliver::DeliveryError {
    crate::deliver::finish(store, key, outbox::Finish::Failed(format!("internal error: {words}"))).await;
    crate::deliver::DeliveryError::Crashed(words)
}

/// Marks a task's answer as sent when dropped: at its end, or while a panic unwinds it.
struct Done<'a>(&'a Reply);

impl Drop for Done<'_> {
    fn drop(&mut self) {
        self.0.done();
    }
}

/// What a panic said, for the log and the status line (never a backtrace on the screen).
fn panic_words(panic: &Box<dyn std::any::Any + Send>) -> String {
    let said = panic
        .downcast_ref::<&str>()
        .map(std::string::ToString::to_string)
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    tracing::error!("a background task panicked: {said}");
    frontline_model::text::sanitize_line(&said)
}

/// As `send`, with the account's budget as the helpdesk last reported it sent first, so the
/// answer (a poll's) is paced by it.
fn send_rated(reply: Reply, backend: Arc<dyn Helpdesk>, fut: impl std::future::Future<Output = Msg> + Send + 'static) {
    let tx = reply.tx.clone();
    send(reply, async move {
        let msg = fut.await;
        if let Some(b) = backend.rate() {
            let _ = tx.send(Msg::Rate(b));
        }
        msg
    });
}

fn send(reply: Reply, fut: impl std::future::Future<Output = Msg> + Send + 'static) {
    send_if(reply, async move { Some(fut.await) });
}

#[cfg(test)]
mod tests {
    use super::run_notify_command;

    #[tokio::test]
    async fn a_notify_command_reads_the_event_and_ends() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("events.jsonl");
        let cmd = vec!["sh".to_string(), "-c".to_string(), format!("cat >> {}", out.display())];
        let ended =
            tokio::time::timeout(std::time::Duration::from_secs(5), run_notify_command(&cmd, "{\"a\":1}")).await;
        assert_eq!(ended, Ok(Ok(())), "the command saw the end of its input and exited");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"a\":1}\n");
    }
}
