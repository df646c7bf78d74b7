//! Ready-made models for tests and benches, built from the model crate's fixed tickets and
//! people (re-exported here, so one import serves a test).

pub use frontline_model::testkit::*;

use crate::{Keymap, Loadable, Model, Settings};
use frontline_backend::CustomerProfile;
use frontline_model::{Figure, KpiInputs, Satisfaction, Status, Ticket, View, ViewId};

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
    m.views = vec![View::new(ViewId(401), "Unassigned"), View::new(ViewId(405), "All open")];
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
        m.details.conversations.insert(t.id, Loadable::Ready(conversation(&t)));
        if let Some(r) = t.requester {
            let others = (0..5).map(|k| {
                let mut x = ticket(k * 40 + (r.0 - 20_000), NOW - k as i64 * 86_400 * 9);
                x.status = if k == 0 { Status::Open } else { Status::Solved };
                x
            });
            m.details.customers.insert(
                r,
                Loadable::Ready(CustomerProfile { user: customer(r.0 - 20_000), tickets: others.collect() }),
            );
        }
    }
    m.stats.kpis.counts = KpiInputs {
        open: Figure::Value(n),
        new: Figure::Value(n / 6),
        unassigned: Figure::Value(n / 3),
        urgent: Figure::Value(n / 5),
        pending: Figure::NoAccess,
    };
    m.stats.today = (0..n.min(30))
        .map(|i| {
            let mut t = ticket(i, NOW);
            t.satisfaction =
                [Satisfaction::Good, Satisfaction::Good, Satisfaction::Bad, Satisfaction::None][(i % 4) as usize];
            t.created_at = NOW - 3 * 3600;
            t
        })
        .collect();
    m.stats.today_loaded = true;
    m.sync.last_sync = Some(NOW - 30);
    m.sync.connection = crate::Connection::Online;
    m.reindex_kpis();
    m.recompute_kpis();
    m
}
