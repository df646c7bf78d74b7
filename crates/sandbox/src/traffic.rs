//! Live traffic: customers opening tickets on every channel, replying to open ones and rating
//! solved ones, at a steady rate, so a watching console sees its queue and KPIs move.

use super::corpus::{self, SCENARIOS};
use super::seed::{CUSTOMER_BASE, GROUP_BASE};
use super::writes::{self, NewComment, NewTicket, Update};
use super::{Shared, store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;

const CHANNELS: &[(&str, Option<&str>)] = &[
    ("email", None),
    ("chat", None),
    ("native_messaging", Some("whatsapp")),
    ("web", None),
    ("twitter", None),
    ("facebook", None),
    ("voice", None),
];

pub async fn run(shared: Arc<Shared>, per_min: f64, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ shared.now() as u64);
    // a rate of 0 (or a typo's NaN) means one event every 15 minutes, not a panic
    let period = frontline_clock::wait_from_secs((60.0 / per_min).max(0.05));
    let mut tick = tokio::time::interval(period);
    tick.tick().await;
    loop {
        tick.tick().await;
        let Ok(mut conn) = shared.db.lock() else { return };
        if let Err(e) = event(&mut conn, &mut rng, shared.now()) {
            tracing::warn!("sandbox traffic: {e}");
        }
    }
}

/// `events` events now, with their own random seed.
pub fn burst(shared: &Shared, events: u32, seed: u64) -> u32 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let Ok(mut conn) = shared.db.lock() else { return events };
    (0..events).filter(|_| event(&mut conn, &mut rng, shared.now()).is_err()).count() as u32
}

fn event(conn: &mut rusqlite::Connection, rng: &mut ChaCha8Rng, at: i64) -> rusqlite::Result<()> {
    match rng.random_range(0..100) {
        0..=44 => {
            let max: i64 = conn.query_row("SELECT MAX(id) FROM users WHERE role = 'end-user'", [], |r| r.get(0))?;
            let id = rng.random_range(CUSTOMER_BASE + 1..=max.max(CUSTOMER_BASE + 1));
            let Some(requester) = store::user(conn, id)? else {
                return Ok(());
            };
            let s = &SCENARIOS[rng.random_range(0..SCENARIOS.len())];
            let (channel, rel) = CHANNELS[rng.random_range(0..CHANNELS.len())];
            let first = requester.name.split(' ').next().unwrap_or("").to_string();
            let order = format!("NW{}", 100_000 + rng.random_range(0..900_000));
            let item = corpus::ITEMS[rng.random_range(0..corpus::ITEMS.len())];
            let fill = |x: &str| x.replace("{first}", &first).replace("{order}", &order).replace("{item}", item);
            let subject = fill(s.subjects[rng.random_range(0..s.subjects.len())]);
            let body = if matches!(channel, "email" | "web") { fill(s.email) } else { fill(&s.chat.join("\n")) };
            let priority = if rng.random_bool(0.1) { "urgent" } else { s.priority };
            let tags = vec![s.tag.to_string()];
            let made = writes::create_ticket(
                conn,
                &NewTicket {
                    subject: &subject,
                    body: &body,
                    html_body: None,
                    channel,
                    via_rel: rel,
                    via_from: None,
                    requester: &requester,
                    priority: Some(priority),
                    group_id: Some(GROUP_BASE + 1),
                    tags: &tags,
                },
                at,
            )?;
            // the shop has the order the new ticket names, as it has the seeded tickets'
            crate::shop::seed::order_for_new_ticket(conn, rng, made.id, at)?;
        }
        45..=79 => {
            let pick: Option<i64> = conn.query_row(
                "SELECT id FROM tickets WHERE status IN ('open','pending') AND first_reply_at IS NOT NULL ORDER BY random() LIMIT 1",
                [], |r| r.get(0)).ok();
            let Some(tid) = pick else { return Ok(()) };
            let Some(t) = store::ticket(conn, tid)? else {
                return Ok(());
            };
            let Some(requester) = store::user(conn, t.requester_id)? else {
                return Ok(());
            };
            let topic = SCENARIOS.iter().find(|s| t.tag_list().iter().any(|x| x == s.tag)).unwrap_or(&SCENARIOS[0]);
            let text = topic.follow_ups[rng.random_range(0..topic.follow_ups.len())];
            let u = Update {
                comment: Some(NewComment { body: text.into(), html_body: None, public: true, author_id: None }),
                ..Default::default()
            };
            if let Err(e) = writes::update_ticket(conn, &requester, tid, &u, at) {
                tracing::debug!("traffic reply skipped: {e:?}");
            }
        }
        _ => {
            let pick: Option<i64> = conn.query_row(
                "SELECT id FROM tickets WHERE status = 'solved' AND sat_score = 'unoffered' ORDER BY random() LIMIT 1",
                [], |r| r.get(0)).ok();
            let Some(tid) = pick else { return Ok(()) };
            let Some(t) = store::ticket(conn, tid)? else {
                return Ok(());
            };
            let (score, comment) =
                corpus::SATISFACTION_COMMENTS[rng.random_range(0..corpus::SATISFACTION_COMMENTS.len())];
            writes::rate(conn, &t, score, comment, at)?;
        }
    }
    Ok(())
}
