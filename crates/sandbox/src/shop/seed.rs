//! The shop's orders, made from the tickets so they agree: every order a ticket names exists
//! for that ticket's requester (by e-mail), in a state that fits the story — a late parcel in
//! transit or delayed, a damaged or wrong item delivered, a refund that did or did not happen,
//! a double charge, an order still cancellable — and each customer has older orders besides.

use super::orders::{self, Address, Fulfillment, LineItem, Order, Refund, Transaction};
use super::products::{PRICES, title as capitalised_item};
use crate::corpus::ITEMS;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

const DAY: i64 = 86_400;
const CARRIERS: &[(&str, &str)] = &[
    ("DHL Express", "https://www.dhl.com/en/express/tracking.html?AWB="),
    ("UPS", "https://www.ups.com/track?tracknum="),
    ("DPD", "https://tracking.dpd.de/status/en_US/parcel/"),
    ("PostNL", "https://jouw.postnl.nl/track-and-trace/"),
];
const CITIES: &[(&str, &str, &str, &str)] = &[
    ("Berlin", "10115", "Germany", "DE"),
    ("Madrid", "28001", "Spain", "ES"),
    ("Lyon", "69001", "France", "FR"),
    ("Amsterdam", "1011", "Netherlands", "NL"),
    ("Porto", "4000-001", "Portugal", "PT"),
];

/// A ticket that names an order, as the shop's seeding reads it.
struct Named {
    order: i64,
    story: String,
    text: String,
    created: i64,
    email: String,
    name: String,
    /// When an agent told the customer the order is cancelled, if one did.
    said_cancelled: Option<i64>,
}

/// The tickets matching `cond` that name an order, as the seeding reads them.
fn named_orders(conn: &Connection, cond: &str, args: &[&dyn rusqlite::ToSql]) -> rusqlite::Result<Vec<Named>> {
    let mut q = conn.prepare(&format!(
        "SELECT t.order_ref, t.tags, t.subject || ' ' || t.description, t.created_at, u.email, u.name,
           (SELECT MIN(c.created_at) FROM comments c WHERE c.ticket_id = t.id AND c.author_id != t.requester_id
              AND c.public = 1 AND c.body LIKE '%is cancelled%')
         FROM tickets t JOIN users u ON u.id = t.requester_id WHERE {cond} ORDER BY t.id"
    ))?;
    let rows = q.query_map(args, |r| {
        let order: String = r.get(0)?;
        let tags: String = r.get(1)?;
        Ok(Named {
            order: order.trim_start_matches("NW").parse().unwrap_or(0),
            story: serde_json::from_str::<Vec<String>>(&tags)
                .unwrap_or_default()
                .into_iter()
                .next()
                .unwrap_or_default(),
            text: r.get(2)?,
            created: r.get(3)?,
            email: r.get(4)?,
            name: r.get(5)?,
            said_cancelled: r.get(6)?,
        })
    })?;
    rows.collect()
}

/// The order a ticket just made (live traffic) names, made for its requester as the seeding
/// would have; nothing when the ticket names none or the shop has that number already.
pub fn order_for_new_ticket(conn: &Connection, rng: &mut ChaCha8Rng, ticket: i64, now: i64) -> rusqlite::Result<()> {
    let Some(t) = named_orders(conn, "t.id = ?1 AND t.order_ref IS NOT NULL", &[&ticket])?.pop() else {
        return Ok(());
    };
    let exists: i64 = conn.query_row("SELECT COUNT(*) FROM shop_orders WHERE number = ?1", [t.order], |r| r.get(0))?;
    if t.order == 0 || exists > 0 {
        return Ok(());
    }
    let customer = orders::customer_for(conn, &t.email, &t.name, t.created - 400 * DAY)?;
    let id: i64 = conn.query_row("SELECT COALESCE(MAX(id), 5000000000) + 1 FROM shop_orders", [], |r| r.get(0))?;
    let item = ITEMS.iter().position(|i| t.text.contains(i)).unwrap_or(0);
    orders::save(conn, &story(rng, id, &t, customer, item, now))
}

/// Seeds the shop from the tickets already in the database (a generator of its own, so the
/// tickets of a seed stay as they were before the shop existed).
pub fn seed_shop(tx: &Connection, seed: u64, now: i64) -> rusqlite::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5_4053);
    let named = named_orders(tx, "t.order_ref IS NOT NULL", &[])?;
    let mut next_id = 5_000_000_001_i64;
    let mut taken = std::collections::HashSet::new();
    let mut customers = Vec::new();
    for t in &named {
        if t.order == 0 || !taken.insert(t.order) {
            continue;
        }
        let customer = orders::customer_for(tx, &t.email, &t.name, t.created - 400 * DAY)?;
        customers.push((customer, t.email.clone(), t.name.clone(), t.created));
        let item = ITEMS.iter().position(|i| t.text.contains(i)).unwrap_or(rng.random_range(0..ITEMS.len()));
        let o = story(&mut rng, next_id, t, customer, item, now);
        next_id += 1;
        orders::save(tx, &o)?;
    }
    // older orders, delivered long ago: 0 to 6 more per customer, never a number a ticket names
    customers.sort_by_key(|c| c.0);
    customers.dedup_by_key(|c| c.0);
    for (customer, email, name, before) in customers {
        for _ in 0..rng.random_range(0..=6) {
            let number = loop {
                let n = rng.random_range(100_000..1_000_000);
                if taken.insert(n) {
                    break n;
                }
            };
            let created = before - rng.random_range(15..300) * DAY;
            let item = rng.random_range(0..ITEMS.len());
            let mut o = base(&mut rng, next_id, number, customer, &email, &name, created, item);
            next_id += 1;
            ship(&mut rng, &mut o, created + DAY, Some(created + 4 * DAY));
            orders::save(tx, &o)?;
        }
    }
    Ok(())
}

#[expect(clippy::too_many_arguments, reason = "one seeded order's facts, named at each call")]
fn base(
    rng: &mut ChaCha8Rng,
    id: i64,
    number: i64,
    customer: i64,
    email: &str,
    name: &str,
    created: i64,
    item: usize,
) -> Order {
    let (city, zip, country, code) = CITIES[rng.random_range(0..CITIES.len())];
    let quantity = if rng.random_bool(0.2) { 2 } else { 1 };
    let mut lines = vec![LineItem {
        id: id * 10 + 1,
        title: capitalised_item(item),
        variant: ["S", "M", "L", "42", "One size"].get(rng.random_range(0..5)).map(std::string::ToString::to_string),
        sku: format!("NW-{:03}-{}", item + 1, rng.random_range(10..99)),
        quantity,
        refunded: 0,
        unit_cents: PRICES[item % PRICES.len()],
    }];
    if rng.random_bool(0.3) {
        let other = (item + 1 + rng.random_range(0..ITEMS.len() - 1)) % ITEMS.len();
        lines.push(LineItem {
            id: id * 10 + 2,
            title: capitalised_item(other),
            variant: None,
            sku: format!("NW-{:03}-{}", other + 1, rng.random_range(10..99)),
            quantity: 1,
            refunded: 0,
            unit_cents: PRICES[other % PRICES.len()],
        });
    }
    let mut o = Order {
        id,
        number,
        customer_id: customer,
        email: email.to_string(),
        created_at: created,
        updated_at: created,
        cancelled_at: None,
        cancel_reason: None,
        staff_note: None,
        shipping_cents: if rng.random_bool(0.5) { 495 } else { 0 },
        lines,
        fulfillments: vec![],
        transactions: vec![],
        refunds: vec![],
        address: Address {
            name: name.to_string(),
            address1: format!("{} Market Street", rng.random_range(1..200)),
            city: city.into(),
            zip: zip.into(),
            country: country.into(),
            country_code: code.into(),
            ..Default::default()
        },
        discount_cents: 0,
        returns: vec![],
        tags: vec![],
        note: None,
    };
    let total = o.total_cents();
    o.transactions.push(sale(id * 10 + 5, total, created + 60));
    o
}

fn sale(id: i64, cents: i64, at: i64) -> Transaction {
    Transaction {
        id,
        kind: "SALE".into(),
        status: "SUCCESS".into(),
        gateway: "shopify_payments".into(),
        cents,
        created_at: at,
        error_code: None,
        parent_id: None,
        processed_at: Some(at),
    }
}

/// Ships every line of `o` at `at`: delivered at `delivered`, or in transit when `None`.
fn ship(rng: &mut ChaCha8Rng, o: &mut Order, at: i64, delivered: Option<i64>) {
    let (company, url) = CARRIERS[rng.random_range(0..CARRIERS.len())];
    let number = format!("{}{:010}", &company[..2].to_uppercase(), rng.random_range(0..10_000_000_000_i64));
    o.fulfillments.push(Fulfillment {
        id: o.id * 10 + 7,
        display_status: if delivered.is_some() { "DELIVERED" } else { "IN_TRANSIT" }.into(),
        company: company.into(),
        url: format!("{url}{number}"),
        number,
        created_at: at,
        in_transit_at: Some(at + 6 * 3600),
        estimated_delivery_at: Some(at + 3 * DAY),
        delivered_at: delivered,
        quantity: o.lines.iter().map(|l| l.quantity).sum(),
    });
    o.updated_at = o.updated_at.max(delivered.unwrap_or(at));
}

/// The order a ticket names, in the state its story tells.
fn story(rng: &mut ChaCha8Rng, id: i64, t: &Named, customer: i64, item: usize, now: i64) -> Order {
    let asked = t.created;
    let days = |lo: i64, hi: i64, rng: &mut ChaCha8Rng| rng.random_range(lo..=hi) * DAY;
    match t.story.as_str() {
        "where_is_my_order" => {
            let created = asked - days(5, 12, rng);
            let mut o = base(rng, id, t.order, customer, &t.email, &t.name, created, item);
            ship(rng, &mut o, created + DAY, None);
            let f = &mut o.fulfillments[0];
            if rng.random_bool(0.5) {
                // late: the estimate passed before the customer wrote
                f.display_status = "DELAYED".into();
                f.estimated_delivery_at = Some(asked - DAY);
            } else {
                f.estimated_delivery_at = Some((asked + 2 * DAY).max(now + DAY));
            }
            o
        }
        "cancel_order" => {
            let mut o = base(rng, id, t.order, customer, &t.email, &t.name, asked - 3600, item);
            o.note = Some("Customer asked to cancel before shipping".into());
            // an agent who answered "it is cancelled" did cancel it
            if let Some(at) = t.said_cancelled {
                let _ = super::actions::cancel(
                    &mut o,
                    "CUSTOMER",
                    true,
                    Some("Cancelled at the customer's request".into()),
                    at,
                );
            }
            o
        }
        "payment_failed" => {
            // a first card was declined, then the second was charged twice for one order
            let created = asked - days(1, 3, rng);
            let mut o = base(rng, id, t.order, customer, &t.email, &t.name, created, item);
            let total = o.total_cents();
            let declined = Transaction {
                status: "FAILURE".into(),
                error_code: Some("CARD_DECLINED".into()),
                processed_at: Some(o.created_at + 30),
                ..sale(id * 10 + 4, total, o.created_at + 30)
            };
            o.transactions.insert(0, declined);
            o.transactions.push(sale(id * 10 + 6, total, o.created_at + 63));
            o
        }
        story => {
            // damaged, wrong size, returns, refunds and the rest: delivered before the ticket
            let created = asked - days(8, 20, rng);
            let mut o = base(rng, id, t.order, customer, &t.email, &t.name, created, item);
            ship(rng, &mut o, created + DAY, Some(asked - DAY));
            if story == "return_request" {
                // the customer asked in the shop to send the first item back: a request for
                // staff to approve or decline
                let (fli, ..) = super::returns::fulfillment_lines(&o)[0];
                let ask = super::returns::ReturnAsk {
                    lines: vec![(fli, 1, "UNWANTED".into(), "Changed my mind".into())],
                    exchanges: vec![],
                };
                let _ = super::returns::create(&mut o, &ask, "REQUESTED", "input", asked - 3600);
            }
            if story == "refund_missing" {
                // the return was refunded: still pending at the bank half the time, else
                // processed two days before the customer wrote
                let line = &mut o.lines[0];
                line.refunded = 1;
                let (cents, line_id) = (line.unit_cents, line.id);
                let at = asked - 2 * DAY;
                o.refunds.push(Refund {
                    id: id * 10 + 8,
                    created_at: at,
                    note: Some("Returned item".into()),
                    cents,
                    lines: vec![(line_id, 1)],
                    shipping_cents: 0,
                });
                let pending = rng.random_bool(0.5);
                o.transactions.push(Transaction {
                    kind: "REFUND".into(),
                    status: if pending { "PENDING" } else { "SUCCESS" }.into(),
                    parent_id: Some(id * 10 + 5),
                    processed_at: (!pending).then_some(at),
                    ..sale(id * 10 + 9, cents, at)
                });
            }
            o
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::orders;
    use rusqlite::Connection;

    fn seeded(tickets: u32) -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::schema::open(&dir.path().join("s.db")).unwrap();
        crate::seed::seed(&mut conn, tickets, 1, 1_790_000_000).unwrap();
        (dir, conn)
    }

    #[test]
    fn every_order_a_ticket_names_exists_for_its_requester_in_a_state_that_fits_the_story() {
        let (_d, conn) = seeded(300);
        let all = orders::all_orders(&conn).unwrap();
        let mut q = conn
            .prepare(
                "SELECT t.id, t.order_ref, t.tags, u.email FROM tickets t JOIN users u ON u.id = t.requester_id
                 WHERE t.order_ref IS NOT NULL",
            )
            .unwrap();
        let named: Vec<(i64, String, String, String)> = q
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(named.len() > 100, "{}", named.len());
        let mut stories = std::collections::HashMap::new();
        for (id, order, tags, email) in &named {
            let o = all.iter().find(|o| o.name() == format!("#{order}")).unwrap_or_else(|| panic!("#{id}: {order}"));
            assert_eq!(&o.email, email, "#{id}: the requester's order");
            let story = tags.split('"').nth(1).unwrap_or("").to_string();
            *stories.entry(story.clone()).or_insert(0) += 1;
            match story.as_str() {
                "where_is_my_order" => {
                    let f = &o.fulfillments[0];
                    assert!(f.delivered_at.is_none() && !f.number.is_empty() && f.url.contains(&f.number), "{o:?}");
                    assert!(matches!(f.display_status.as_str(), "IN_TRANSIT" | "DELAYED"));
                }
                "cancel_order" => {
                    // cancelled exactly when an agent told the customer it is
                    let said: i64 = conn
                        .query_row(
                            "SELECT COUNT(*) FROM comments WHERE ticket_id = ?1 AND public = 1 AND body LIKE '%is cancelled%'",
                            [id],
                            |r| r.get(0),
                        )
                        .unwrap();
                    assert_eq!(o.fulfillment_status(), "UNFULFILLED");
                    assert_eq!(o.cancelled_at.is_some(), said > 0, "#{id}: {o:?}");
                    if said > 0 {
                        assert_eq!(o.financial_status(), "REFUNDED", "the payment went back: {o:?}");
                    }
                }
                "payment_failed" => {
                    let took: Vec<_> = o.transactions.iter().filter(|t| t.took_money()).collect();
                    assert_eq!((took.len(), took[0].cents), (2, o.total_cents()), "charged twice: {o:?}");
                    let failed = o.transactions.iter().find(|t| t.status == "FAILURE").expect("a declined try");
                    assert_eq!(failed.error_code.as_deref(), Some("CARD_DECLINED"));
                }
                "damaged_item" | "wrong_size" => assert_eq!(o.fulfillments[0].display_status, "DELIVERED"),
                "refund_missing" => {
                    let r = o.transactions.iter().find(|t| t.kind == "REFUND").expect("a refund to ask about");
                    assert!(matches!(r.status.as_str(), "PENDING" | "SUCCESS") && r.parent_id.is_some(), "{r:?}");
                    assert_eq!(r.processed_at.is_some(), r.status == "SUCCESS");
                }
                _ => {}
            }
        }
        for story in ["where_is_my_order", "cancel_order", "payment_failed", "damaged_item", "refund_missing"] {
            assert!(stories.get(story).is_some_and(|n| *n > 0), "{story}: {stories:?}");
        }
        // a conversation in another language tells its ticket's story
        let mut q = conn.prepare("SELECT subject, tags FROM tickets WHERE tags LIKE '%non_english%'").unwrap();
        let foreign: Vec<(String, String)> =
            q.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        assert!(!foreign.is_empty());
        for (subject, tags) in &foreign {
            let f = crate::corpus::FOREIGN
                .iter()
                .find(|f| f.2.split("{order}").next().is_some_and(|head| subject.starts_with(head)))
                .unwrap_or_else(|| panic!("{subject}"));
            assert!(tags.contains(&format!("\"{}\"", f.1)), "{subject}: {tags}");
        }
        // customers have older orders besides, and no two orders share a number
        assert!(all.len() > named.len());
        let mut numbers: Vec<i64> = all.iter().map(|o| o.number).collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), all.len());
        // every customer has an order, but those who only wrote that they cannot log in
        let customers = orders::all_customers(&conn).unwrap();
        let ordered = |c: &orders::Customer| all.iter().any(|o| o.customer_id == c.id);
        let never_activated =
            |c: &orders::Customer| super::super::accounts::of(&conn, c.id).unwrap().state == "DISABLED";
        assert!(customers.iter().all(|c| ordered(c) || never_activated(c)));
        // a return requested in the shop waits for staff on each return-request ticket's order
        let requested = all.iter().filter(|o| o.returns.iter().any(|r| r.status == "REQUESTED")).count();
        assert_eq!(requested, stories.get("return_request").copied().unwrap_or(0), "{stories:?}");
    }

    #[test]
    fn a_ticket_made_by_live_traffic_gets_its_order_too() {
        use rand::SeedableRng;
        let (_d, mut conn) = seeded(40);
        let requester = crate::store::user(&conn, crate::seed::CUSTOMER_BASE + 1).unwrap().unwrap();
        let tags = vec!["cancel_order".to_string()];
        let made = crate::writes::create_ticket(
            &mut conn,
            &crate::writes::NewTicket {
                subject: "Please cancel order NW424242",
                body: "I ordered the wrong rain jacket, please cancel NW424242.",
                html_body: None,
                channel: "email",
                via_rel: None,
                via_from: None,
                requester: &requester,
                priority: None,
                group_id: None,
                tags: &tags,
            },
            1_790_000_500,
        )
        .unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        super::order_for_new_ticket(&conn, &mut rng, made.id, 1_790_000_500).unwrap();
        super::order_for_new_ticket(&conn, &mut rng, made.id, 1_790_000_600).unwrap();
        let all = orders::all_orders(&conn).unwrap();
        let found: Vec<_> = all.iter().filter(|o| o.number == 424_242).collect();
        assert_eq!(found.len(), 1, "once, however often it is asked");
        assert_eq!(found[0].email, requester.email);
        assert_eq!(found[0].fulfillment_status(), "UNFULFILLED", "a cancel story: not shipped yet");
        assert!(found[0].lines.iter().any(|l| l.title == "Rain jacket"), "{:?}", found[0].lines);
    }

    #[test]
    fn the_same_seed_gives_the_same_shop() {
        let (_a, one) = seeded(80);
        let (_b, two) = seeded(80);
        assert_eq!(orders::all_orders(&one).unwrap(), orders::all_orders(&two).unwrap());
    }
}
