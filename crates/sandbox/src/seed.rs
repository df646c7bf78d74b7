//! The seeded dataset: agents in groups, customers and B2B organisations, views, macros and
//! tickets on every channel with ages spread so that some SLAs are breached and some close.
//! The same seed gives the same data; times are relative to the moment of seeding.

use super::corpus;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, params};

pub const GROUP_BASE: i64 = 200;
pub const AGENT_BASE: i64 = 10_000;
pub const CUSTOMER_BASE: i64 = 20_000;
const ORG_BASE: i64 = 300;

pub fn agent_email(local: &str) -> String {
    format!("{local}@{}", corpus::AGENT_DOMAIN)
}

pub fn fill(template: &str, first: &str, order: &str, item: &str) -> String {
    template.replace("{first}", first).replace("{order}", order).replace("{item}", item)
}

/// Writes the whole dataset in one transaction.
pub fn seed(conn: &mut Connection, tickets: u32, seed: u64, now: i64) -> rusqlite::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let tx = conn.transaction()?;
    let customers = seed_people(&tx, &mut rng, tickets, now)?;
    super::catalog::seed_views(&tx, now)?;
    super::catalog::seed_macros(&tx, now)?;
    super::seed_tickets::seed_tickets(&tx, &mut rng, tickets, customers, now)?;
    super::shop::seed::seed_shop(&tx, seed, now)?;
    super::shop::discounts::seed(&tx, now)?;
    super::shop::accounts::seed(&tx)?;
    super::schema::set_meta(&tx, "seeded_at", &now.to_string())?;
    tx.commit()
}

/// Adds shift agents (in Tier 1) until there are at least `total` agents.
pub fn ensure_agents(conn: &Connection, total: u32, now: i64) -> rusqlite::Result<()> {
    let have: i64 = conn.query_row("SELECT COUNT(*) FROM users WHERE role = 'agent'", [], |r| r.get(0))?;
    for i in have..i64::from(total) {
        let id = AGENT_BASE + 100 + i;
        let n = i + 1;
        conn.execute(
            "INSERT INTO users(id, name, email, role, default_group_id, created_at, updated_at) VALUES (?1,?2,?3,'agent',?4,?5,?5)",
            params![id, format!("Shift Agent {n}"), agent_email(&format!("shift{n:03}")), GROUP_BASE + 1, now],
        )?;
        conn.execute(
            "INSERT INTO group_memberships(user_id, group_id, is_default) VALUES (?1,?2,1)",
            params![id, GROUP_BASE + 1],
        )?;
    }
    Ok(())
}

/// Groups, agents, organisations and customers; returns how many customers there are.
fn seed_people(tx: &Connection, rng: &mut ChaCha8Rng, tickets: u32, now: i64) -> rusqlite::Result<i64> {
    let year = 365 * 86_400;
    for (i, (name, desc)) in corpus::GROUPS.iter().enumerate() {
        tx.execute(
            "INSERT INTO groups(id, name, description, created_at) VALUES (?1,?2,?3,?4)",
            params![GROUP_BASE + 1 + i as i64, name, desc, now - year],
        )?;
    }
    for (i, (name, local, role, group)) in corpus::AGENTS.iter().enumerate() {
        let id = AGENT_BASE + 1 + i as i64;
        let gid = GROUP_BASE + 1 + *group as i64;
        tx.execute(
            "INSERT INTO users(id, name, email, role, default_group_id, created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?6)",
            params![id, name, agent_email(local), role, gid, now - year])?;
        tx.execute("INSERT INTO group_memberships(user_id, group_id, is_default) VALUES (?1,?2,1)", params![id, gid])?;
        if *group != 0 {
            // specialists also pick up Tier 1 work
            tx.execute("INSERT INTO group_memberships(user_id, group_id) VALUES (?1,?2)", params![id, GROUP_BASE + 1])?;
        }
    }
    for (i, (name, domain, notes)) in corpus::ORGS.iter().enumerate() {
        tx.execute(
            "INSERT INTO organizations(id, name, domain, notes, created_at) VALUES (?1,?2,?3,?4,?5)",
            params![ORG_BASE + 1 + i as i64, name, domain, notes, now - year],
        )?;
    }
    let customers = i64::from((tickets / 3).max(40));
    {
        let mut st = tx.prepare(
            "INSERT INTO users(id, name, email, role, phone, organization_id, tags, notes, locale, created_at, updated_at) \
             VALUES (?1,?2,?3,'end-user',?4,?5,?6,?7,?8,?9,?9)")?;
        for i in 0..customers {
            let first = corpus::FIRST_NAMES[rng.random_range(0..corpus::FIRST_NAMES.len())];
            let last = corpus::LAST_NAMES[rng.random_range(0..corpus::LAST_NAMES.len())];
            let org = if rng.random_bool(0.1) {
                Some(ORG_BASE + 1 + rng.random_range(0..corpus::ORGS.len()) as i64)
            } else {
                None
            };
            let domain = match org {
                Some(o) => corpus::ORGS[(o - ORG_BASE - 1) as usize].1,
                None => corpus::MAIL_DOMAINS[rng.random_range(0..corpus::MAIL_DOMAINS.len())],
            };
            let local: String = format!("{first}.{last}")
                .to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            let email = format!("{local}.{i}@{domain}");
            let phone = rng.random_bool(0.6).then(|| format!("+44 7700 9{:05}", rng.random_range(0..100_000)));
            let vip = rng.random_bool(0.05);
            let tags = if vip {
                r#"["vip"]"#
            } else if org.is_some() {
                r#"["b2b"]"#
            } else {
                "[]"
            };
            let notes = vip.then_some("VIP: lifetime value over €2,000. Prefers e-mail.");
            let locale = if rng.random_bool(0.85) { "en-GB" } else { "de" };
            let since = now - rng.random_range(30..900) * 86_400;
            st.execute(params![
                CUSTOMER_BASE + 1 + i,
                format!("{first} {last}"),
                email,
                phone,
                org,
                tags,
                notes,
                locale,
                since
            ])?;
        }
    }
    Ok(customers)
}
