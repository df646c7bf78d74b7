//! The seeded tickets: one scenario each, from the corpus, on every channel, with a
//! conversation that fits it and ages spread so that some SLAs are breached and some close.

use super::corpus::{self, SCENARIOS, Scenario};
use super::seed::{AGENT_BASE, CUSTOMER_BASE, GROUP_BASE, fill};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, params};

/// Channels with their weight, the `via.source.rel` and whether messages are short turns.
const CHANNELS: &[(&str, Option<&str>, u32, bool)] = &[
    ("email", None, 34, false),
    ("web", None, 12, false),
    ("chat", None, 16, true),
    ("native_messaging", Some("whatsapp"), 16, true),
    ("twitter", None, 5, true),
    ("facebook", None, 5, true),
    ("voice", None, 8, false),
    ("api", None, 4, false),
];

/// Inserts `tickets` tickets and their comments, requested by the first `customers` customers.
pub fn seed_tickets(
    tx: &Connection,
    rng: &mut ChaCha8Rng,
    tickets: u32,
    customers: i64,
    now: i64,
) -> rusqlite::Result<()> {
    {
        let mut tg = TicketGen { rng, now, customers };
        let mut ins_t = tx.prepare(
            "INSERT INTO tickets(id, subject, description, status, priority, type, channel, via_rel, via_from, \
             requester_id, submitter_id, assignee_id, group_id, organization_id, tags, created_at, updated_at, \
             generated_ts, first_reply_at, solved_at, assigned_at, initially_assigned_at, status_updated_at, \
             latest_comment_at, awaiting_since, replies, reopens, sat_score, sat_comment, sat_at, sat_id, order_ref, \
             time_total, time_last) \
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10,?11,?12,?13,?14,?15,?16,?16,?17,?18,?19,?19,?20,?21,?22,?23,?29,?24,?25,?26,?27,?28,?30,?31)")?;
        let mut ins_c = tx.prepare(
            "INSERT INTO comments(ticket_id, author_id, body, html_body, public, channel, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7)")?;
        let mut org_of = tx.prepare("SELECT organization_id, name, phone FROM users WHERE id = ?1")?;
        for id in 1..=i64::from(tickets) {
            let t = tg.ticket(id);
            let (org, name, phone): (Option<i64>, String, Option<String>) =
                org_of.query_row([t.requester], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let first = name.split(' ').next().unwrap_or("there").to_string();
            let msgs = tg.conversation(&t, &first, phone.as_deref());
            let description = msgs.first().map(|m| m.body.clone()).unwrap_or_default();
            let last = msgs.last().map_or(t.created, |m| m.at);
            let first_reply = msgs.iter().find(|m| m.agent && m.public).map(|m| m.at);
            let replies = msgs.iter().filter(|m| m.agent && m.public).count() as i64;
            let solved = matches!(t.status, "solved" | "closed");
            // a customer who wrote again after an answer had a solved ticket reopened (one in
            // four of them): the reopen rate of the seeded day is neither 0 nor 100 %
            let came_back = msgs.iter().skip_while(|m| !m.agent).any(|m| !m.agent);
            let reopens = i64::from(solved && came_back && id % 4 == 0);
            let awaiting = if t.awaiting { msgs.iter().rev().find(|m| !m.agent).map(|m| m.at) } else { None };
            let solved_at = solved.then_some(last);
            let (sat, sat_comment) = t.satisfaction.unwrap_or(("unoffered", ""));
            let sat_at = t.satisfaction.map(|_| (last + 1800).min(now - 60 - id * 37 % 1741));
            let updated = sat_at.unwrap_or(last).min(now);
            let subject = fill(t.subject, &first, &t.order, t.item);
            // the "Order number" field is filled where the customer named the order
            let order_ref = crate::fields::order_named(&format!("{subject} {description}"));
            // the Time Tracking fields: three to thirteen minutes per agent reply, on the
            // tickets an agent answered (two in three: not every agent records time)
            let stretch = 180 + id * 97 % 600;
            let timed = replies > 0 && id % 3 != 0;
            let (time_total, time_last) = if timed { (Some(stretch * replies), Some(stretch)) } else { (None, None) };
            ins_t.execute(params![
                id,
                subject,
                description,
                t.status,
                t.priority,
                "question",
                t.channel,
                t.via_rel,
                t.via_from,
                t.requester,
                t.assignee,
                t.group,
                org,
                serde_json::to_string(&t.tags).unwrap_or_default(),
                t.created,
                updated,
                first_reply,
                solved_at,
                t.assignee.map(|_| t.created + 300),
                last,
                last,
                awaiting,
                replies,
                sat,
                (!sat_comment.is_empty()).then_some(sat_comment),
                sat_at.map(|a| a.min(now)),
                t.satisfaction.map(|_| 700_000 + id),
                order_ref,
                reopens,
                time_total,
                time_last
            ])?;
            // the photos a damaged parcel's customer sends, the invoice an agent attaches
            let photo = (t.scenario.tag == "damaged_item").then(|| msgs.iter().position(|m| !m.agent)).flatten();
            let invoice =
                (t.scenario.tag == "invoice_request").then(|| msgs.iter().position(|m| m.agent && m.public)).flatten();
            for (i, m) in msgs.iter().enumerate() {
                ins_c.execute(params![id, m.author, m.body, m.html, i64::from(m.public), m.channel, m.at])?;
                let comment = tx.last_insert_rowid();
                let file = if Some(i) == photo {
                    Some(crate::files::store(
                        tx,
                        "parcel-photo.png",
                        "image/png",
                        &crate::files::parcel_photo(id),
                        m.at,
                    )?)
                } else if Some(i) == invoice {
                    let pdf = crate::files::invoice_pdf(&t.order, &name);
                    Some(crate::files::store(tx, &format!("invoice-{}.pdf", t.order), "application/pdf", &pdf, m.at)?)
                } else {
                    None
                };
                if let Some(f) = file {
                    tx.execute(
                        "UPDATE comments SET attachments = ?1 WHERE id = ?2",
                        params![serde_json::json!([f]).to_string(), comment],
                    )?;
                }
            }
        }
    }
    Ok(())
}

struct Planned {
    subject: &'static str,
    scenario: &'static Scenario,
    /// A first message written out whole (no chat turns drawn): one in another language that
    /// tells this story, or the story's own e-mail where none does.
    written: Option<&'static str>,
    channel: &'static str,
    via_rel: Option<&'static str>,
    via_from: Option<String>,
    short: bool,
    status: &'static str,
    priority: Option<&'static str>,
    requester: i64,
    assignee: Option<i64>,
    group: Option<i64>,
    tags: Vec<String>,
    created: i64,
    order: String,
    item: &'static str,
    /// The agent has replied at least once.
    replied: bool,
    /// The last word is the customer's and waits for an answer.
    awaiting: bool,
    satisfaction: Option<(&'static str, &'static str)>,
}

struct Msg {
    author: i64,
    agent: bool,
    public: bool,
    body: String,
    html: Option<String>,
    channel: &'static str,
    at: i64,
}

struct TicketGen<'a> {
    rng: &'a mut ChaCha8Rng,
    now: i64,
    customers: i64,
}

impl TicketGen<'_> {
    fn pick_channel(&mut self) -> &'static (&'static str, Option<&'static str>, u32, bool) {
        let total: u32 = CHANNELS.iter().map(|c| c.2).sum();
        let mut x = self.rng.random_range(0..total);
        for c in CHANNELS {
            if x < c.2 {
                return c;
            }
            x -= c.2;
        }
        &CHANNELS[0]
    }

    fn ticket(&mut self, id: i64) -> Planned {
        let scenario = &SCENARIOS[self.rng.random_range(0..SCENARIOS.len())];
        let &(channel, via_rel, _, short) = self.pick_channel();
        let status = match self.rng.random_range(0..100) {
            0..=9 => "new",
            10..=33 => "open",
            34..=44 => "pending",
            45..=47 => "hold",
            48..=79 => "solved",
            _ => "closed",
        };
        let mut priority = Some(scenario.priority);
        let r = self.rng.random_range(0..100);
        let ranks = ["low", "normal", "high", "urgent"];
        let idx = ranks.iter().position(|p| Some(*p) == priority).unwrap_or(1);
        if r < 12 {
            priority = Some(ranks[(idx + 1).min(3)]);
        } else if r < 20 {
            priority = Some(ranks[idx.saturating_sub(1)]);
        } else if r < 24 {
            priority = None;
        }
        let policy = super::sla::policy_for(priority);
        let unsolved = matches!(status, "new" | "open" | "pending" | "hold");
        let replied = match status {
            "new" => false,
            "open" => self.rng.random_bool(0.55),
            _ => true,
        };
        let awaiting = status == "open" && replied && self.rng.random_bool(0.6);
        // Open tickets waiting on a first reply are spread around their SLA target, so that
        // some are breached and some are close; the rest are spread over days or weeks.
        let age_secs = if unsolved && !replied {
            self.rng.random_range(2 * 60..policy.first_reply * 60 * 13 / 10)
        } else if unsolved {
            self.rng.random_range(3600..3 * 86_400)
        } else if self.rng.random_bool(0.15) {
            // solved today: the day's KPIs have something to show
            self.rng.random_range(2 * 3600..10 * 3600)
        } else {
            self.rng.random_range(86_400..45 * 86_400)
        };
        let created = self.now - age_secs;
        let group_id = super::seed::GROUP_BASE + 1 + if status == "new" { 0 } else { scenario.group as i64 };
        let assignee = if status == "new" || (status == "open" && self.rng.random_bool(0.25)) {
            None
        } else {
            Some(self.agent_in(group_id as usize - GROUP_BASE as usize - 1))
        };
        let requester = CUSTOMER_BASE + 1 + self.rng.random_range(0..self.customers);
        // a conversation in another language tells the ticket's own story (the draws stay as
        // they were, so a seed's other tickets do not change)
        let drawn =
            self.rng.random_bool(0.08).then(|| &corpus::FOREIGN[self.rng.random_range(0..corpus::FOREIGN.len())]);
        let foreign = drawn.and_then(|f| {
            if f.1 == scenario.tag { Some(f) } else { corpus::FOREIGN.iter().find(|g| g.1 == scenario.tag) }
        });
        let (subject, written) = match (drawn, foreign) {
            (_, Some(f)) => (f.2, Some(f.3)),
            // no conversation in another language tells this story: its own first subject and
            // e-mail, taken without the generator so the rest of the seed stays as it was
            (Some(_), None) => (scenario.subjects[0], Some(scenario.email)),
            (None, None) => (scenario.subjects[self.rng.random_range(0..scenario.subjects.len())], None),
        };
        let mut tags = vec![scenario.tag.to_string(), channel_tag(channel, via_rel).to_string()];
        if foreign.is_some() {
            tags.push("non_english".into());
        }
        if id % 97 == 0 {
            tags.push("needs_review".into());
        }
        let satisfaction = if matches!(status, "solved" | "closed") && self.rng.random_bool(0.55) {
            Some(*corpus::SATISFACTION_COMMENTS.choose(self.rng).unwrap_or(&("good", "")))
        } else {
            None
        };
        Planned {
            subject,
            scenario,
            written,
            channel,
            via_rel,
            short,
            status,
            priority,
            requester,
            assignee,
            group: Some(group_id),
            tags,
            created,
            replied,
            awaiting,
            satisfaction,
            via_from: None,
            order: format!("NW{}", 100_000 + self.rng.random_range(0..900_000)),
            item: corpus::ITEMS[self.rng.random_range(0..corpus::ITEMS.len())],
        }
    }

    fn agent_in(&mut self, group: usize) -> i64 {
        let members: Vec<i64> = corpus::AGENTS
            .iter()
            .enumerate()
            .filter(|(_, a)| a.3 == group || group == 0)
            .map(|(i, _)| AGENT_BASE + 1 + i as i64)
            .collect();
        *members.choose(self.rng).unwrap_or(&(AGENT_BASE + 2))
    }

    fn conversation(&mut self, t: &Planned, first: &str, phone: Option<&str>) -> Vec<Msg> {
        let s = t.scenario;
        let f = |x: &str| fill(x, first, &t.order, t.item);
        let mut at = t.created;
        let mut out = Vec::new();
        let customer = |body: String, html: Option<String>, at: i64| Msg {
            author: t.requester,
            agent: false,
            public: true,
            body,
            html,
            channel: t.channel,
            at,
        };
        if let Some(body) = t.written {
            out.push(customer(f(body), None, at));
        } else if t.channel == "voice" {
            let from = phone.unwrap_or("+44 20 7946 0000");
            out.push(customer(
                format!("Inbound call from {from} (4m 12s).\nCaller: {}", f(&s.chat.join(" "))),
                None,
                at,
            ));
        } else if t.short {
            for turn in s.chat {
                out.push(customer(f(turn), None, at));
                at += self.rng.random_range(10..90);
            }
        } else {
            let body = f(s.email);
            let html = (t.channel == "email" && self.rng.random_bool(0.3)).then(|| html_mail(&body, &t.order));
            out.push(customer(body, html, at));
        }
        let hostile = t.tags.iter().any(|x| x == "needs_review");
        if hostile {
            out.push(customer(format!("Copy my tracking code: \x1b]52;c;cm0gLXJmIH4K\x07 NW-TRACK-{} \x1b[2J\u{202e}gnissim si ecioval\u{202c}", t.order), None, at + 30));
        }
        let agent = t.assignee.unwrap_or(AGENT_BASE + 2);
        if self.rng.random_bool(0.3) && t.status != "new" {
            at += self.rng.random_range(60..1800);
            out.push(Msg {
                author: agent,
                agent: true,
                public: false,
                body: corpus::INTERNAL_NOTES.choose(self.rng).copied().unwrap_or("").into(),
                html: None,
                channel: "web",
                at,
            });
        }
        if t.replied {
            let policy = super::sla::policy_for(t.priority);
            at += self.rng.random_range(300..(policy.first_reply * 90).max(600));
            out.push(Msg {
                author: agent,
                agent: true,
                public: true,
                body: f(s.replies.choose(self.rng).copied().unwrap_or("")),
                html: None,
                channel: "web",
                at,
            });
            let more = matches!(t.status, "solved" | "closed") && self.rng.random_bool(0.4);
            if t.awaiting {
                // the customer's follow-up waits around its next-reply target
                let target = super::sla::policy_for(t.priority).next_reply * 60;
                at = (at + 60).max(self.now - self.rng.random_range(120..(target * 3 / 2).max(600)));
                out.push(customer(f(s.follow_ups.choose(self.rng).copied().unwrap_or("Thanks")), None, at));
            } else if more {
                at += self.rng.random_range(600..20_000);
                out.push(customer(f(s.follow_ups.choose(self.rng).copied().unwrap_or("Thanks")), None, at));
            }
            if more {
                at += self.rng.random_range(600..7200);
                out.push(Msg {
                    author: agent,
                    agent: true,
                    public: true,
                    body: format!(
                        "Glad that's sorted, {first}. I'm closing this ticket; just reply if anything else comes up."
                    ),
                    html: None,
                    channel: "web",
                    at,
                });
            }
        }
        // Nothing may lie in the future: squeeze the conversation into the time it has had,
        // ending a minute to half an hour ago (not all in one second: a helpdesk never is).
        let limit = self.now - 60 - (self.now - t.created).rem_euclid(1741);
        if let Some(last) = out.last().map(|m| m.at)
            && last > limit
        {
            let span = (last - t.created).max(1);
            let room = (limit - t.created).max(0);
            for m in &mut out {
                m.at = t.created + (m.at - t.created) * room / span;
            }
        }
        out
    }
}

fn channel_tag(channel: &str, rel: Option<&str>) -> &'static str {
    match (channel, rel) {
        ("native_messaging", Some("whatsapp")) => "whatsapp",
        ("chat", _) => "live_chat",
        ("twitter" | "facebook", _) => "social",
        ("voice", _) => "phone",
        ("web", _) => "web_form",
        ("api", _) => "api",
        _ => "email",
    }
}

fn html_mail(body: &str, order: &str) -> String {
    let mut paras = String::new();
    for p in body.split("\n\n") {
        paras.push_str("<p>");
        paras.push_str(&super::wire::html_escape(p));
        paras.push_str("</p>");
    }
    format!(
        "<div dir=\"ltr\">{paras}<p>Order: <b>{order}</b> &mdash; <a href=\"https://shop.northwind.example/orders/{order}\">view my order</a></p>\
         <img src=\"cid:logo@mail\" alt=\"logo\"><script>track('{order}')</script><p style=\"color:#888\">Sent from my phone</p></div>"
    )
}
