//! What an agent changes on a ticket, backend-neutral: fields, tags, a reply or note. Macros
//! are changes with a templated comment; placeholders are filled from the ticket, and an
//! unknown placeholder stays visible and is reported, never silently dropped.

use super::{Priority, Status, Ticket, User, UserId};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewComment {
    pub body: String,
    /// Seen by the customer (reply) or agents only (internal note).
    pub public: bool,
}

/// A change to one ticket. `None` leaves a field as it is; `Some(None)` clears it (read and
/// written as absent / `null` / a value by serde_with's `double_option`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TicketChange {
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "::serde_with::rust::double_option")]
    pub priority: Option<Option<Priority>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "::serde_with::rust::double_option")]
    pub assignee: Option<Option<UserId>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "::serde_with::rust::double_option")]
    pub group: Option<Option<u64>>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub comment: Option<NewComment>,
    /// With status on-hold: until when (Chatwoot's snooze, which reopens the conversation
    /// then); without it, until the customer writes. With another status, `snooze::CLEAR`
    /// clears a kept wake time (RT's Starts). Helpdesks without snoozing ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<super::Timestamp>,
    /// Seconds the agent worked on the ticket since their last write (`[time_tracking]`),
    /// recorded with this write; it travels in the outbox entry, so a resend that finds the
    /// write already landed adds nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_spent: Option<u32>,
}

impl TicketChange {
    pub fn is_empty(&self) -> bool {
        *self == TicketChange::default()
    }

    /// Every field this change sets already has that value on `t` (its comment aside).
    pub fn is_set_on(&self, t: &Ticket) -> bool {
        self.status.as_ref().is_none_or(|s| *s == t.status)
            && self.priority.is_none_or(|p| p == t.priority)
            && self.assignee.is_none_or(|a| a == t.assignee)
            && self.group.is_none_or(|g| g == t.group)
            && self.add_tags.iter().all(|x| t.tags.contains(x))
            && self.remove_tags.iter().all(|x| !t.tags.contains(x))
    }

    /// `other` on top of `self` (fields `other` sets win; tags and comment add up).
    pub fn merged(mut self, other: TicketChange) -> TicketChange {
        self.status = other.status.or(self.status);
        self.priority = other.priority.or(self.priority);
        self.assignee = other.assignee.or(self.assignee);
        self.group = other.group.or(self.group);
        self.add_tags.extend(other.add_tags);
        self.remove_tags.extend(other.remove_tags);
        self.comment = other.comment.or(self.comment);
        self.until = other.until.or(self.until);
        self.time_spent = match (self.time_spent, other.time_spent) {
            (Some(a), Some(b)) => Some(a.saturating_add(b)),
            (a, b) => a.or(b),
        };
        self
    }

    /// One line per change, for previews and confirmations.
    pub fn describe(
        &self,
        names: &super::StatusNames,
        user_name: impl Fn(UserId) -> String,
        group_name: impl Fn(u64) -> String,
    ) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(s) = &self.status {
            out.push(format!("status → {}", names.name(s)));
        }
        if let Some(p) = &self.priority {
            out.push(format!("priority → {}", p.map_or("none", super::ticket::Priority::label)));
        }
        if let Some(a) = &self.assignee {
            out.push(format!("assignee → {}", a.map_or_else(|| "nobody".into(), &user_name)));
        }
        if let Some(g) = &self.group {
            out.push(format!("group → {}", g.map_or_else(|| "none".into(), &group_name)));
        }
        if !self.add_tags.is_empty() {
            out.push(format!("add tags: {}", self.add_tags.join(", ")));
        }
        if !self.remove_tags.is_empty() {
            out.push(format!("remove tags: {}", self.remove_tags.join(", ")));
        }
        if let Some(c) = &self.comment {
            out.push(format!(
                "{} ({} lines)",
                if c.public { "public reply" } else { "internal note" },
                c.body.lines().count().max(1)
            ));
        }
        out
    }
}

/// Where a macro comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum MacroSource {
    Helpdesk(u64),
    /// `[[macros]]` in the config, by position.
    Local(usize),
}

/// A canned reply with actions. `change.comment.body` is a template with `{{placeholders}}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Macro {
    pub source: MacroSource,
    pub title: String,
    pub change: TicketChange,
    /// What it does in the shop before its text is sent (none for most macros).
    #[serde(default)]
    pub shop: Vec<super::MacroStep>,
}

/// What placeholders are filled from.
pub struct PlaceholderContext<'a> {
    pub ticket: &'a Ticket,
    pub requester: Option<&'a User>,
    pub assignee: Option<&'a User>,
    pub current_user: Option<&'a User>,
    pub group: Option<&'a str>,
    /// Extra names: `{{reason}}`, `{{level}}` for escalation notes.
    pub extra: &'a [(&'a str, String)],
    /// The order selected beside the ticket, for `{{order.*}}`.
    pub order: Option<&'a crate::ShopOrder>,
    /// The discount code last made for the ticket, for `{{discount.code}}`.
    pub discount: Option<&'a str>,
    /// The replacement order made for the ticket, for `{{replacement.name}}`.
    pub replacement: Option<&'a str>,
    /// The account activation link made for the ticket's customer, for
    /// `{{customer.activation_url}}`.
    pub activation_url: Option<&'a str>,
}

/// The `{{order.*}}` placeholder `key` filled from `o`; `None` when the order has no such fact
/// (no tracking before it ships) or the key is not an order placeholder.
fn order_value(key: &str, o: &crate::ShopOrder) -> Option<String> {
    let shipment = o.shipment();
    match key {
        "order.name" => Some(o.name.clone()),
        "order.status" => Some(o.status()),
        "order.financial_status" => Some(crate::order::words(&o.financial_status)),
        "order.total" => Some(o.total.show()),
        "order.items" => Some(o.items_line()),
        "order.carrier" => shipment?.carrier.clone(),
        "order.tracking_number" => shipment?.tracking_number.clone(),
        "order.tracking_url" => shipment?.tracking_url.clone(),
        "order.estimated_delivery" => day(shipment?.estimated_delivery?),
        // the latest refund: how much, and when the bank had it (none while it is pending)
        "order.refund_amount" => Some(o.last_refund()?.amount.show()),
        "order.refunded_at" => day(o.last_refund()?.processed_at?),
        _ => None,
    }
}

/// The placeholders of `template` whose fact is stale at `now`, each with why: an estimated
/// delivery already past for a parcel not delivered ("it should be with you by Monday" on a
/// Wednesday).
pub fn stale_facts(template: &str, o: Option<&crate::ShopOrder>, now: crate::Timestamp) -> Vec<String> {
    let mut out = Vec::new();
    let uses = |key: &str| {
        let mut rest = template;
        while let Some(i) = rest.find("{{") {
            let Some(len) = rest[i..].find("}}") else { break };
            if rest[i + 2..i + len].trim() == key {
                return true;
            }
            rest = &rest[i + len..];
        }
        false
    };
    if uses("order.estimated_delivery")
        && let Some(s) = o.and_then(crate::ShopOrder::shipment)
        && let Some(due) = s.estimated_delivery.filter(|due| *due < now && s.delivered_at.is_none())
    {
        out.push(format!(
            "{{{{order.estimated_delivery}}}} is {}, already past: the parcel is late",
            day(due).unwrap_or_default()
        ));
    }
    out
}

/// `Mon 1 Jun 2026`.
fn day(at: crate::Timestamp) -> Option<String> {
    chrono::DateTime::from_timestamp(at, 0).map(|d| d.format("%a %-d %b %Y").to_string())
}

/// Fills `{{…}}` placeholders. Returns the text and the placeholders it could not fill, which
/// stay in the text as written so the agent sees them.
pub fn render(template: &str, cx: &PlaceholderContext) -> (String, Vec<String>) {
    let mut out = String::with_capacity(template.len());
    let mut unknown = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find("}}") else {
            rest = &rest[start..];
            break;
        };
        let key = rest[start + 2..start + len].trim();
        let first = |u: &User| u.first_name().to_string();
        let t = cx.ticket;
        let value = match key {
            "ticket.id" => Some(t.id.0.to_string()),
            "ticket.subject" | "ticket.title" => Some(t.subject.clone()),
            "ticket.status" => Some(t.status.label().to_string()),
            "ticket.priority" => Some(t.priority.map_or("none", super::ticket::Priority::label).to_string()),
            "ticket.requester.name" => cx.requester.map(|u| u.name.clone()),
            "ticket.requester.first_name" => cx.requester.map(first),
            "ticket.requester.email" => cx.requester.and_then(|u| u.email.clone()),
            "ticket.assignee.name" => cx.assignee.map(|u| u.name.clone()),
            "ticket.assignee.first_name" => cx.assignee.map(first),
            "ticket.group.name" => cx.group.map(String::from),
            "current_user.name" => cx.current_user.map(|u| u.name.clone()),
            "current_user.first_name" => cx.current_user.map(first),
            "current_user.email" => cx.current_user.and_then(|u| u.email.clone()),
            k if k.starts_with("order.") => cx.order.and_then(|o| order_value(k, o)),
            "discount.code" => cx.discount.map(String::from),
            "replacement.name" => cx.replacement.map(String::from),
            "customer.activation_url" => cx.activation_url.map(String::from),
            // the highlighted order's newest return that still stands
            "return.name" => cx.order.and_then(|o| {
                o.returns
                    .iter()
                    .rev()
                    .find(|r| !matches!(r.status.as_str(), "DECLINED" | "CANCELED"))
                    .map(|r| r.name.clone())
            }),
            k => cx.extra.iter().find(|(name, _)| *name == k).map(|(_, v)| v.clone()),
        };
        match value {
            Some(v) => out.push_str(&v),
            None => {
                out.push_str(&rest[start..start + len + 2]);
                unknown.push(key.to_string());
            }
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    (out, unknown)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_change_keeps_leave_clear_and_set_apart_through_json() {
        let clear = TicketChange { assignee: Some(None), priority: Some(Some(Priority::High)), ..Default::default() };
        let text = serde_json::to_string(&clear).unwrap();
        assert!(text.contains("\"assignee\":null") && !text.contains("\"group\""), "{text}");
        let back: TicketChange = serde_json::from_str(&text).unwrap();
        assert_eq!(back, clear, "null is clear, absent is leave as is");
        let leave: TicketChange =
            serde_json::from_str(r#"{"add_tags":[],"remove_tags":[],"status":null,"comment":null}"#).unwrap();
        assert_eq!((leave.assignee, leave.group), (None, None));
    }
    use super::*;
    use crate::{Channel, Role, TicketId};

    fn person(name: &str) -> User {
        User { email: Some("ana@mail.example".into()), ..User::new(1, name, Role::Customer) }
    }

    fn t() -> Ticket {
        Ticket {
            id: TicketId(42),
            subject: "Where is my order?".into(),
            status: Status::Open,
            priority: Some(Priority::High),
            channel: Channel::Email,
            requester: Some(UserId(1)),
            ..Ticket::blank()
        }
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_shown() {
        let ticket = t();
        let ana = person("Ana Lima");
        let me = person("Priya Natarajan");
        let extra = [("reason", "carrier lost it".to_string())];
        let cx = PlaceholderContext {
            ticket: &ticket,
            requester: Some(&ana),
            assignee: None,
            current_user: Some(&me),
            group: Some("Tier 1"),
            extra: &extra,
            order: None,
            discount: None,
            replacement: None,
            activation_url: None,
        };
        let (text, unknown) = render(
            "Hi {{ticket.requester.first_name}}, about #{{ticket.id}} ({{ticket.subject}}): {{reason}}. {{current_user.name}} {{ticket.order_number}}",
            &cx,
        );
        assert_eq!(
            text,
            "Hi Ana, about #42 (Where is my order?): carrier lost it. Priya Natarajan {{ticket.order_number}}"
        );
        assert_eq!(unknown, vec!["ticket.order_number"]);
        let (text, unknown) = render("no assignee: {{ticket.assignee.name}} {{ unclosed", &cx);
        assert_eq!(text, "no assignee: {{ticket.assignee.name}} {{ unclosed");
        assert_eq!(unknown, vec!["ticket.assignee.name"]);
    }

    #[test]
    fn order_placeholders_come_from_the_selected_order() {
        let ticket = t();
        let order = crate::testkit::order("#NW804813");
        let cx = PlaceholderContext {
            ticket: &ticket,
            requester: None,
            assignee: None,
            current_user: None,
            group: None,
            extra: &[],
            order: Some(&order),
            discount: None,
            replacement: None,
            activation_url: None,
        };
        let (text, unknown) = render(
            "{{order.name}}: {{order.status}}, {{order.financial_status}}, {{order.total}} for {{order.items}}. {{order.carrier}} {{order.tracking_number}} {{order.tracking_url}} by {{order.estimated_delivery}}",
            &cx,
        );
        assert_eq!(
            text,
            "#NW804813: in transit, paid, €54.85 for 1 × Rain jacket (M). DHL DH0123456789 https://www.dhl.com/track?n=DH0123456789 by Mon 1 Jun 2026"
        );
        assert!(unknown.is_empty());
        let none = PlaceholderContext { order: None, ..cx };
        assert_eq!(render("{{order.tracking_number}}", &none).1, vec!["order.tracking_number"]);
        let mut unshipped = order.clone();
        unshipped.shipments.clear();
        let cx = PlaceholderContext { order: Some(&unshipped), ..none };
        assert_eq!(render("{{order.carrier}}", &cx).1, vec!["order.carrier"], "no tracking before it ships");
        // a refund: its amount, and its day once the bank has processed it
        let mut refunded = order.clone();
        let sale = refunded.payments[0].clone();
        refunded.payments.push(crate::Payment {
            id: "r1".into(),
            kind: "REFUND".into(),
            status: "PENDING".into(),
            processed_at: None,
            parent: Some(sale.id.clone()),
            amount: crate::Money::new(4990, "EUR"),
            created_at: sale.created_at + 86_400,
            ..sale
        });
        let pending = PlaceholderContext { order: Some(&refunded), ..cx };
        let (text, unknown) = render("{{order.refund_amount}} {{order.refunded_at}}", &pending);
        assert_eq!((text.as_str(), unknown), ("€49.90 {{order.refunded_at}}", vec!["order.refunded_at".to_string()]));
        let mut processed = refunded.clone();
        processed.payments[1].status = "SUCCESS".into();
        processed.payments[1].processed_at = Some(1_780_300_000);
        let done = PlaceholderContext { order: Some(&processed), ..pending };
        assert_eq!(render("{{order.refund_amount}} on {{order.refunded_at}}", &done).0, "€49.90 on Mon 1 Jun 2026");
        // the code made for the ticket, once the shop has made it
        assert_eq!(render("{{discount.code}}", &done).1, vec!["discount.code"]);
        let coded = PlaceholderContext { discount: Some("SORRY-12-K3F9"), ..done };
        assert_eq!(render("Use {{discount.code}} at checkout", &coded).0, "Use SORRY-12-K3F9 at checkout");
        assert_eq!(render("{{replacement.name}}", &coded).1, vec!["replacement.name"]);
        let replaced = PlaceholderContext { replacement: Some("#NW100234"), ..coded };
        assert_eq!(
            render("Your new order {{replacement.name}} ships today", &replaced).0,
            "Your new order #NW100234 ships today"
        );
    }

    #[test]
    fn changes_merge_and_describe() {
        let a = TicketChange { status: Some(Status::Pending), add_tags: vec!["x".into()], ..Default::default() };
        let b = TicketChange {
            status: Some(Status::Solved),
            priority: Some(Some(Priority::Urgent)),
            comment: Some(NewComment { body: "hi\nthere".into(), public: true }),
            ..Default::default()
        };
        let m = a.merged(b);
        assert_eq!(m.status, Some(Status::Solved));
        assert_eq!(m.add_tags, vec!["x"]);
        let d = m.describe(&Default::default(), |u| format!("user {}", u.0), |g| format!("group {g}"));
        assert_eq!(d, vec!["status → solved", "priority → urgent", "add tags: x", "public reply (2 lines)"]);
        assert!(TicketChange::default().is_empty());
    }

    #[test]
    fn a_change_survives_the_outbox_json_with_clears_kept_apart_from_leaves() {
        let c = TicketChange {
            status: Some(Status::Pending),
            priority: Some(None),
            assignee: Some(Some(UserId(7))),
            group: None,
            add_tags: vec!["vip".into()],
            comment: Some(NewComment { body: "Hello".into(), public: true }),
            ..Default::default()
        };
        let json = serde_json::to_string(&c).unwrap();
        assert!(!json.contains("\"group\""), "a field left as it is is not written: {json}");
        let back: TicketChange = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
    }
}
