//! Deterministic tickets, people and conversations for tests and benches: the same data on
//! every machine, with the awkward cases in it (breached SLAs, internal notes, wide text).

use crate::{
    Channel, Message, MessageKind, Priority, Role, Satisfaction, SlaClock, Status, Ticket, TicketId, User, UserId,
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
        groups: vec![],
        availability: None,
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
        refs: vec![],
        metrics: Default::default(),
        snoozed_until: None,
    }
}

pub fn conversation(t: &Ticket) -> Vec<Message> {
    let c = t.requester.unwrap_or(UserId(0));
    vec![
        Message { id: 1, author: c, kind: MessageKind::Public, body: "Hello,\n\nmy order has not arrived and the tracking has not moved for six days. I need it before Saturday.\n\nThanks".into(), created_at: t.created_at, attachments: vec![crate::Attachment::listed("tracking.png", Some("image/png"), Some(48_213), None)], fingerprint: crate::body_fingerprint("Hello,\n\nmy order has not arrived and the tracking has not moved for six days. I need it before Saturday.\n\nThanks") },
        Message { id: 2, author: agent(1).id, kind: MessageKind::Internal, body: "Carrier portal: parcel held at the regional depot. Offer express reship if not delivered by Friday.".into(), created_at: t.created_at + 900, attachments: vec![], fingerprint: crate::body_fingerprint("Carrier portal: parcel held at the regional depot. Offer express reship if not delivered by Friday.") },
        Message { id: 3, author: agent(1).id, kind: MessageKind::Public, body: "Hi! Your parcel was held at the depot and is out for delivery tomorrow. [1] tracking link\n\n[1]: https://shop.northwind.example/track/NW481516".into(), created_at: t.created_at + 1800, attachments: vec![], fingerprint: crate::body_fingerprint("Hi! Your parcel was held at the depot and is out for delivery tomorrow. [1] tracking link\n\n[1]: https://shop.northwind.example/track/NW481516") },
        Message { id: 4, author: c, kind: MessageKind::Public, body: "ありがとうございます 🙏 I'll wait until tomorrow.".into(), created_at: t.created_at + 2400, attachments: vec![], fingerprint: crate::body_fingerprint("ありがとうございます 🙏 I'll wait until tomorrow.") },
    ]
}

/// An order in transit with one line and a DHL tracking number.
pub fn order(name: &str) -> crate::ShopOrder {
    crate::ShopOrder {
        id: format!("gid://shopify/Order/{}", &name[3..]),
        name: name.into(),
        created_at: 1_780_000_000,
        cancelled_at: None,
        financial_status: "PAID".into(),
        fulfillment_status: "FULFILLED".into(),
        total: crate::Money::new(5485, "EUR"),
        refunded: crate::Money::new(0, "EUR"),
        items: vec![crate::OrderItem {
            id: "gid://shopify/LineItem/1".into(),
            title: "Rain jacket".into(),
            variant: Some("M".into()),
            quantity: 1,
            refundable: 1,
            unit_price: crate::Money::new(4990, "EUR"),
        }],
        shipments: vec![crate::Shipment {
            status: Some("IN_TRANSIT".into()),
            carrier: Some("DHL".into()),
            tracking_number: Some("DH0123456789".into()),
            tracking_url: Some("https://www.dhl.com/track?n=DH0123456789".into()),
            estimated_delivery: Some(1_780_300_000),
            delivered_at: None,
        }],
        payments: vec![crate::Payment {
            id: "gid://shopify/OrderTransaction/1".into(),
            kind: "SALE".into(),
            status: "SUCCESS".into(),
            gateway: Some("shopify payments".into()),
            gateway_id: Some("shopify_payments".into()),
            amount: crate::Money::new(5485, "EUR"),
            created_at: 1_780_000_060,
            processed_at: Some(1_780_000_060),
            error: None,
            parent: None,
        }],
        customer_id: Some("gid://shopify/Customer/1".into()),
        tags: vec![],
        returns: vec![],
        paid_in: None,
        placed_total: None,
    }
}
