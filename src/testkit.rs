//! Deterministic tickets, people and ready-made models for tests and benches: the same data
//! on every machine, with the awkward cases in it (breached SLAs, internal notes, wide text).

use crate::app::{Keymap, Loadable, Model, Settings};
use crate::backend::CustomerProfile;
use crate::model::{
    Channel, Figure, KpiInputs, Message, MessageKind, Priority, Role, Satisfaction, SlaClock, Status, Ticket, TicketId,
    User, UserId, View, ViewId,
};

/// A fixed clock: 2026-09-21 14:13:20 UTC.
pub const NOW: i64 = 1_790_000_000;

const SUBJECTS: &[&str] = &[
    "Where is my order #NW481516?",
    "Refund not received for order NW223344",
    "Wrong size - need to exchange linen shirt",
    "注文NW100200のサイズ交換について",
    "Payment failed but money taken 💳",
    "Parcel crushed - order NW777001",
    "Discount code not working",
    "Can't log in to my account",
];

const NAMES: &[&str] =
    &["Emma Smith", "Kenji Tanaka", "Sofia García", "Amara Okonkwo", "Lucas Dubois", "Ingrid Johansson"];

pub fn customer(i: u64) -> User {
    let name = NAMES[(i as usize) % NAMES.len()];
    User {
        id: UserId(20_000 + i),
        name: name.to_string(),
        email: Some(format!("{}.{i}@mail.example", name.split(' ').next().unwrap_or("c").to_lowercase())),
        phone: i.is_multiple_of(2).then(|| format!("+44 7700 9{i:05}")),
        role: Role::Customer,
        organization: i.is_multiple_of(5).then(|| "Brightside Hotels".to_string()),
        organization_id: i.is_multiple_of(5).then_some(302),
        tags: if i.is_multiple_of(7) { vec!["vip".into()] } else { vec![] },
        notes: i.is_multiple_of(7).then(|| "VIP: lifetime value over €2,000.".to_string()),
    }
}

pub fn agent(i: u64) -> User {
    let names = ["Priya Natarajan", "Tom Becker", "Mei Chen"];
    User {
        email: Some(format!("agent{i}@northwind.example")),
        ..User::new(10_000 + i, names[(i as usize) % 3], Role::Agent)
    }
}

/// Ticket `i` of a generated queue: statuses, priorities, channels and SLA states cycle.
pub fn ticket(i: u64, now: i64) -> Ticket {
    let status = [Status::New, Status::Open, Status::Open, Status::Pending, Status::Open, Status::OnHold]
        [(i % 6) as usize]
        .clone();
    let priority = [Some(Priority::Urgent), Some(Priority::High), Some(Priority::Normal), Some(Priority::Low), None]
        [(i % 5) as usize];
    let channel = [Channel::Email, Channel::WhatsApp, Channel::Chat, Channel::Phone, Channel::Social, Channel::Web]
        [(i % 6) as usize];
    let breach = match i % 4 {
        0 => Some(now - 25 * 60),        // breached 25 minutes ago
        1 => Some(now + 4 * 60 + 12),    // seconds left
        2 => Some(now + 3 * 3600 + 600), // plenty
        _ => None,                       // paused
    };
    Ticket {
        id: TicketId(1000 + i),
        subject: SUBJECTS[(i as usize) % SUBJECTS.len()].to_string(),
        status,
        priority,
        channel,
        requester: Some(customer(i % 40).id),
        assignee: (!i.is_multiple_of(3)).then(|| agent(i % 3).id),
        group: Some(201 + (i % 4)),
        tags: vec![
            ["where_is_my_order", "refund_missing", "wrong_size", "payment_failed"][(i % 4) as usize].into(),
            channel.label().into(),
        ],
        created_at: now - 3600 * (1 + (i as i64 % 48)),
        updated_at: now - 60 * (1 + (i as i64 % 300)),
        sla: Some(SlaClock { metric: "first_reply_time".into(), breach_at: breach }),
        satisfaction: Satisfaction::None,
        first_reply_minutes: i.is_multiple_of(2).then_some(15 + (i as i64 % 90)),
        solved_at: None,
        version: String::new(),
    }
}

pub fn conversation(t: &Ticket) -> Vec<Message> {
    let c = t.requester.unwrap_or(UserId(0));
    vec![
        Message { id: 1, author: c, kind: MessageKind::Public, body: "Hello,\n\nmy order has not arrived and the tracking has not moved for six days. I need it before Saturday.\n\nThanks".into(), created_at: t.created_at, attachments: vec!["tracking.png".into()] },
        Message { id: 2, author: agent(1).id, kind: MessageKind::Internal, body: "Carrier portal: parcel held at the regional depot. Offer express reship if not delivered by Friday.".into(), created_at: t.created_at + 900, attachments: vec![] },
        Message { id: 3, author: agent(1).id, kind: MessageKind::Public, body: "Hi! Your parcel was held at the depot and is out for delivery tomorrow. [1] tracking link\n\n[1]: https://shop.northwind.example/track/NW481516".into(), created_at: t.created_at + 1800, attachments: vec![] },
        Message { id: 4, author: c, kind: MessageKind::Public, body: "ありがとうございます 🙏 I'll wait until tomorrow.".into(), created_at: t.created_at + 2400, attachments: vec![] },
    ]
}

/// A model as the console holds it after loading `n` tickets of the "All open" view, with
/// the first ticket's conversation and customer loaded.
pub fn model(n: u64, width: u16, height: u16) -> Model {
    let mut m = Model::new(
        Settings::default(),
        Keymap::default(),
        "default-dark".into(),
        vec!["default-dark".into(), "light".into(), "high-contrast".into()],
        NOW,
    );
    m.size = (width, height);
    m.views =
        vec![View { id: ViewId(401), title: "Unassigned".into() }, View { id: ViewId(405), title: "All open".into() }];
    m.view = Some(ViewId(405));
    for i in 0..40 {
        let c = customer(i);
        m.users.insert(c.id, c);
    }
    for i in 0..3 {
        let a = agent(i);
        m.users.insert(a.id, a);
    }
    m.me = Some(agent(1));
    m.groups = [(201, "Tier 1"), (202, "Tier 2 escalations"), (203, "Billing"), (204, "Returns & logistics")]
        .into_iter()
        .map(|(i, n)| (i, n.to_string()))
        .collect();
    let tickets: Vec<Ticket> = (0..n).map(|i| ticket(i, NOW)).collect();
    m.merge_page(tickets, true, true);
    if let Some(t) = m.selected().cloned() {
        m.conversations.insert(t.id, Loadable::Ready(conversation(&t)));
        if let Some(r) = t.requester {
            let others = (0..5).map(|k| {
                let mut x = ticket(k * 40 + (r.0 - 20_000), NOW - k as i64 * 86_400 * 9);
                x.status = if k == 0 { Status::Open } else { Status::Solved };
                x
            });
            m.customers.insert(
                r,
                Loadable::Ready(CustomerProfile { user: customer(r.0 - 20_000), tickets: others.collect() }),
            );
        }
    }
    m.kpis.counts = KpiInputs {
        open: Figure::Value(n),
        new: Figure::Value(n / 6),
        unassigned: Figure::Value(n / 3),
        urgent: Figure::Value(n / 5),
        pending: Figure::NoAccess,
    };
    m.today = (0..n.min(30))
        .map(|i| {
            let mut t = ticket(i, NOW);
            t.satisfaction =
                [Satisfaction::Good, Satisfaction::Good, Satisfaction::Bad, Satisfaction::None][(i % 4) as usize];
            t.created_at = NOW - 3 * 3600;
            t
        })
        .collect();
    m.today_loaded = true;
    m.last_sync = Some(NOW - 30);
    m.connection = crate::app::Connection::Online;
    m.reindex_kpis();
    m.recompute_kpis();
    m
}
