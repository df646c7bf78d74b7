//! Request Tracker records turned into the console's model, and back: statuses by RT's
//! lifecycle words, priority numbers by the profile's bands, a Due date as the SLA clock,
//! history plus attachments as a conversation. Every string is sanitised here.

use super::wire::{self, Attachment, Person, Txn, said, time};
use frontline_model::PriorityBands;
use frontline_model::text::sanitize_line;
use frontline_model::{
    Channel, Message, MessageKind, Priority, Role, Satisfaction, SlaClock, Status, StatusNames, Ticket, TicketId,
    TicketMetrics, User, UserId,
};
use std::collections::HashMap;

/// RT 5's default lifecycle: what an agent sets, then what RT sets by itself.
pub fn status_names() -> StatusNames {
    StatusNames::new(
        &[
            (Status::Open, "open"),
            (Status::Pending, "stalled"),
            (Status::Solved, "resolved"),
            (Status::Closed, "rejected"),
        ],
        &[(Status::New, "new")],
        ("Stalled", "Stall"),
    )
}

pub fn status(s: Option<&str>) -> Status {
    match s.unwrap_or("open") {
        "new" => Status::New,
        "open" => Status::Open,
        "stalled" => Status::Pending,
        "resolved" => Status::Solved,
        "rejected" => Status::Closed,
        other => Status::Other(sanitize_line(other)),
    }
}

/// RT's word for a status; "on-hold" has no RT twin and becomes stalled.
pub fn status_wire(s: &Status) -> &str {
    match s {
        Status::New => "new",
        Status::Open => "open",
        Status::Pending | Status::OnHold => "stalled",
        Status::Solved => "resolved",
        Status::Closed => "rejected",
        Status::Other(s) => s,
    }
}

pub fn priority(n: Option<i64>, b: &PriorityBands) -> Option<Priority> {
    let n = n?;
    Some(if n >= b.urgent {
        Priority::Urgent
    } else if n >= b.high {
        Priority::High
    } else if n >= b.normal {
        Priority::Normal
    } else {
        Priority::Low
    })
}

pub fn priority_wire(p: Option<Priority>, b: &PriorityBands) -> i64 {
    match p {
        None | Some(Priority::Low) => b.low,
        Some(Priority::Normal) => b.normal,
        Some(Priority::High) => b.high,
        Some(Priority::Urgent) => b.urgent,
    }
}

/// RT's user that owns unowned tickets.
pub fn is_nobody(u: &Person) -> bool {
    said(&u.name) == Some("Nobody")
}

/// A person's id: their own, or (another user's record, read by an agent) their self link's.
fn person_id(u: &Person) -> Option<u64> {
    u.id.or_else(|| u.links.iter().find(|l| l.kind.as_deref() == Some("self"))?.id)
}

pub fn user(u: &Person, role: Role) -> Option<User> {
    let id = person_id(u)?;
    let login = said(&u.name).unwrap_or("?");
    let name = said(&u.real_name).or(said(&u.email_address)).unwrap_or(login);
    let mut out = User::new(id, &sanitize_line(name), role);
    out.email = said(&u.email_address).map(sanitize_line);
    out.phone = said(&u.mobile_phone).or(said(&u.work_phone)).map(sanitize_line);
    out.organization = said(&u.organization).map(sanitize_line);
    out.notes = said(&u.comments).map(frontline_model::text::sanitize).filter(|n| !n.trim().is_empty());
    Some(out)
}

/// A ticket of a list answer and the people it names. `None` for a record without an id.
pub fn ticket(t: &wire::Ticket, bands: &PriorityBands, first_reply: Option<i64>) -> Option<(Ticket, Vec<User>)> {
    let id = t.id?;
    let status = status(said(&t.status));
    let owner = t.owner.as_ref().filter(|o| !is_nobody(o));
    let mut people: Vec<User> = t.requestor.iter().filter_map(|r| user(r, Role::Customer)).collect();
    people.extend(owner.and_then(|o| user(o, Role::Agent)));
    let due = time(&t.due);
    let created = time(&t.created).unwrap_or(0);
    let solved_at = if matches!(status, Status::Solved | Status::Closed) { time(&t.resolved) } else { None };
    // a stalled ticket's Starts is when the console's snooze wakes it
    let snoozed_until = if status == Status::Pending { time(&t.starts) } else { None };
    let ticket = Ticket {
        id: TicketId(id),
        subject: sanitize_line(said(&t.subject).unwrap_or("(no subject)")),
        priority: priority(t.priority, bands),
        channel: Channel::Email,
        requester: t.requestor.first().and_then(|r| r.id).map(UserId),
        assignee: owner.and_then(|o| o.id).map(UserId),
        group: t.queue.as_ref().and_then(|q| q.id),
        tags: vec![],
        created_at: created,
        updated_at: time(&t.last_updated).unwrap_or(0),
        // RT's SLA extension keeps Due, and stops the clock while a ticket is stalled
        sla: due
            .filter(|_| status.is_unsolved())
            .map(|d| SlaClock { metric: "due".into(), breach_at: (status != Status::Pending).then_some(d) }),
        satisfaction: Satisfaction::None,
        first_reply_minutes: first_reply,
        solved_at,
        version: said(&t.last_updated).unwrap_or_default().to_string(),
        refs: custom_field_values(t),
        // TimeWorked is in minutes; 0 is RT's "nothing recorded"
        // public replies and reopens come from the history (`Rt::read_histories`)
        metrics: TicketMetrics {
            handle_seconds: t.time_worked.filter(|m| *m > 0).map(|m| m * 60),
            full_resolution_minutes: solved_at.map(|at| (at - created).max(0) / 60),
            ..Default::default()
        },
        status,
        snoozed_until,
    };
    Some((ticket, people))
}

/// The transactions that are messages: the ticket's opening, replies, and comments.
fn kind(t: &Txn) -> Option<MessageKind> {
    match said(&t.kind)? {
        "Create" | "Correspond" => Some(MessageKind::Public),
        "Comment" => Some(MessageKind::Internal),
        _ => None,
    }
}

/// A conversation from the ticket's history and its text attachments (each with its
/// `TransactionId`), plus the names of attached files. Authors who are the ticket's
/// requestors are customers; everyone else who writes is staff.
pub fn conversation(
    history: &[Txn],
    texts: &[Attachment],
    files: &[Attachment],
    requestors: &[UserId],
) -> (Vec<Message>, Vec<User>) {
    let mut parts: HashMap<u64, (Option<&str>, Option<&str>, usize)> = HashMap::new();
    for a in texts {
        let (Some(txn), Some(content)) = (a.transaction_id, said(&a.content)) else { continue };
        if said(&a.filename).is_some() {
            continue;
        }
        let slot = parts.entry(txn).or_default();
        let len = usize::try_from(a.content_length.unwrap_or(content.len() as u64)).unwrap_or(usize::MAX);
        match said(&a.content_type) {
            Some(ct) if ct.starts_with("text/html") && slot.0.is_none() => *slot = (Some(content), slot.1, len),
            Some(ct) if ct.starts_with("text/plain") && slot.1.is_none() => *slot = (slot.0, Some(content), len),
            _ => {}
        }
    }
    let mut names: HashMap<u64, Vec<frontline_model::Attachment>> = HashMap::new();
    for f in files {
        if let (Some(txn), Some(n)) = (f.transaction_id, said(&f.filename)) {
            // REST2 serves it at attachment/ID (the adapter's base), asked with the token
            let url = f.id.map(|id| format!("attachment/{id}"));
            let listed =
                frontline_model::Attachment::listed(n, said(&f.content_type), f.content_length, url.as_deref());
            names.entry(txn).or_default().push(listed);
        }
    }
    let mut messages = Vec::new();
    let mut users: Vec<User> = Vec::new();
    for t in history {
        let (Some(kind), Some(id)) = (kind(t), t.id) else { continue };
        let creator = t.creator.clone().unwrap_or_default();
        let author = creator.id.unwrap_or(0);
        let role = if requestors.contains(&UserId(author)) { Role::Customer } else { Role::Agent };
        if !users.iter().any(|u| u.id.0 == author) {
            users.extend(user(&creator, role));
        }
        // RT keeps HTML and plain text of one mail; the plain part reads better here
        let (html, plain, len) = parts.get(&id).copied().unwrap_or_default();
        let body = match plain {
            Some(p) => crate::body::message_body(None, Some(p), len),
            None => crate::body::message_body(html, None, len),
        };
        messages.push(Message {
            id,
            author: UserId(author),
            kind,
            // RT keeps a correspondence's text as sent in its plain part
            fingerprint: frontline_model::body_fingerprint(plain.or(html).unwrap_or("")),
            body,
            created_at: time(&t.created).unwrap_or(0),
            attachments: names.remove(&id).unwrap_or_default(),
        });
    }
    messages.sort_by_key(|m| (m.created_at, m.id));
    (messages, users)
}

/// Minutes from the ticket's creation to the first reply by someone who is not one of its
/// requestors, from its history; `None` until there is one.
pub fn first_reply_minutes(history: &[Txn], created: i64, requestors: &[UserId]) -> Option<i64> {
    history
        .iter()
        .filter(|t| is_reply(t, requestors))
        .filter_map(|t| time(&t.created))
        .min()
        .map(|at| (at - created).max(0) / 60)
}

/// A ticket's public replies (correspondence by someone not among its requestors) and
/// reopens (its status moved from resolved back to an active one), from its history.
pub fn replies_and_reopens(history: &[Txn], requestors: &[UserId]) -> (u32, u32) {
    let replies = history.iter().filter(|t| is_reply(t, requestors)).count();
    let reopens = history
        .iter()
        .filter(|t| said(&t.kind) == Some("Status") && said(&t.old_value) == Some("resolved"))
        .filter(|t| !matches!(said(&t.new_value), Some("resolved" | "rejected" | "deleted") | None))
        .count();
    (u32::try_from(replies).unwrap_or(u32::MAX), u32::try_from(reopens).unwrap_or(u32::MAX))
}

/// Correspondence by someone who is not one of the ticket's requestors.
fn is_reply(t: &Txn, requestors: &[UserId]) -> bool {
    said(&t.kind) == Some("Correspond")
        && t.creator.as_ref().and_then(|c| c.id).is_some_and(|w| !requestors.contains(&UserId(w)))
}

/// The values of a ticket's custom fields, for the filter: an order number kept in a custom
/// field finds the ticket.
fn custom_field_values(t: &wire::Ticket) -> Vec<String> {
    t.custom_fields
        .iter()
        .flat_map(|f| &f.values)
        .filter(|v| !v.trim().is_empty())
        .map(|v| sanitize_line(v))
        .take(12)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn typed<T: serde::de::DeserializeOwned>(v: Value) -> T {
        wire::read(v, "a test record").unwrap()
    }

    fn all<T: serde::de::DeserializeOwned>(v: Vec<Value>) -> Vec<T> {
        v.into_iter().map(typed).collect()
    }

    fn bands() -> PriorityBands {
        PriorityBands::default()
    }

    #[test]
    fn priority_bands_map_both_ways() {
        let b = bands();
        assert_eq!(priority(Some(0), &b), Some(Priority::Low));
        assert_eq!(priority(Some(49), &b), Some(Priority::Low));
        assert_eq!(priority(Some(50), &b), Some(Priority::Normal));
        assert_eq!(priority(Some(100), &b), Some(Priority::High));
        assert_eq!(priority(Some(250), &b), Some(Priority::Urgent));
        for p in [Priority::Low, Priority::Normal, Priority::High, Priority::Urgent] {
            assert_eq!(priority(Some(priority_wire(Some(p), &b)), &b), Some(p));
        }
    }

    #[test]
    fn statuses_round_trip_through_rt_words() {
        for w in ["new", "open", "stalled", "resolved", "rejected", "qa-review"] {
            assert_eq!(status_wire(&status(Some(w))), w);
        }
        assert_eq!(status_names().name(&status(Some("stalled"))), "stalled");
    }

    #[test]
    fn a_list_item_becomes_a_ticket_with_its_people() {
        let t = json!({
            "id": "7", "Subject": "Refund \u{1b}[31mnow", "Status": "stalled", "Priority": "100",
            "Queue": {"id": "3", "Name": "Support"},
            "Owner": {"id": 39, "Name": "rita", "RealName": "Rita Agent"},
            "Requestor": [{"id": 43, "Name": "c@x.org", "EmailAddress": "c@x.org", "RealName": ""}],
            "Created": "2026-11-22T18:00:00Z", "LastUpdated": "2026-11-22T18:04:25Z",
            "Due": "2026-11-23T18:00:00Z", "Resolved": "1970-01-01T00:00:00Z", "Starts": "2026-11-24T09:00:00Z"
        });
        let (ticket, people) = ticket(&typed(t), &bands(), Some(3)).unwrap();
        assert_eq!(ticket.snoozed_until, Some(1_795_510_800), "a stalled ticket wakes at its Starts");
        assert_eq!(ticket.id, TicketId(7));
        assert_eq!(ticket.subject, "Refund now");
        assert_eq!(ticket.status, Status::Pending);
        assert_eq!(ticket.priority, Some(Priority::High));
        assert_eq!((ticket.group, ticket.requester, ticket.assignee), (Some(3), Some(UserId(43)), Some(UserId(39))));
        assert_eq!(ticket.sla, Some(SlaClock { metric: "due".into(), breach_at: None }), "stalled pauses the clock");
        assert_eq!(ticket.version, "2026-11-22T18:04:25Z");
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].name, "c@x.org");
        assert_eq!(people[0].role, Role::Customer);
        let other = json!({"Name": "omar", "RealName": "Omar", "_hyperlinks": [{"ref": "self", "id": 41}]});
        assert_eq!(user(&typed(other), Role::Agent).map(|u| u.id), Some(UserId(41)));
        let nobody = json!({"id": "8", "Owner": {"id": 6, "Name": "Nobody"}, "Due": "1970-01-01T00:00:00Z"});
        let (t, people) = super::ticket(&typed(nobody), &bands(), None).unwrap();
        assert_eq!((t.assignee, t.sla, people.len()), (None, None, 0));
    }

    #[test]
    fn history_and_attachments_make_a_conversation() {
        let who = |id: u64, name: &str| json!({"id": id, "Name": name, "RealName": name});
        let history = vec![
            json!({"id": "50", "Type": "Create", "Created": "2026-11-22T18:00:00Z", "Creator": who(43, "Cara")}),
            json!({"id": "51", "Type": "EmailRecord", "Created": "2026-11-22T18:00:01Z", "Creator": who(1, "RT_System")}),
            json!({"id": "87", "Type": "Correspond", "Created": "2026-11-22T18:12:00Z", "Creator": who(39, "Rita")}),
            json!({"id": "90", "Type": "Comment", "Created": "2026-11-22T18:13:00Z", "Creator": who(39, "Rita")}),
            json!({"id": "91", "Type": "Status", "Created": "2026-11-22T18:13:00Z", "Creator": who(1, "RT_System")}),
        ];
        let texts = vec![
            json!({"TransactionId": "50", "ContentType": "text/plain", "Content": "Where is it?"}),
            json!({"TransactionId": "51", "ContentType": "text/plain", "Content": "autoreply"}),
            json!({"TransactionId": "87", "ContentType": "text/html", "Content": "<p>On its <b>way</b></p>"}),
            json!({"TransactionId": "87", "ContentType": "text/plain", "Content": "On its way\u{1b}]52;c;x\u{7}"}),
            json!({"TransactionId": "87", "ContentType": "text/plain", "Content": "log", "Filename": "log.txt"}),
            json!({"TransactionId": "90", "ContentType": "text/html", "Content": "<p>check <i>carrier</i></p>"}),
        ];
        let files = vec![json!({"TransactionId": "87", "Filename": "label.pdf"})];
        let history: Vec<Txn> = all(history);
        let (msgs, users) = conversation(&history, &all(texts), &all(files), &[UserId(43)]);
        let summary: Vec<(u64, MessageKind, &str)> = msgs.iter().map(|m| (m.id, m.kind, m.body.trim())).collect();
        assert_eq!(
            summary,
            [
                (50, MessageKind::Public, "Where is it?"),
                (87, MessageKind::Public, "On its way"),
                (90, MessageKind::Internal, "check carrier")
            ]
        );
        assert_eq!(msgs[1].attachments.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["label.pdf"]);
        let roles: Vec<(u64, Role)> = users.iter().map(|u| (u.id.0, u.role)).collect();
        assert_eq!(roles, [(43, Role::Customer), (39, Role::Agent)]);
        assert_eq!(first_reply_minutes(&history, 1_795_370_400, &[UserId(43)]), Some(12));
        assert_eq!(first_reply_minutes(&history[..2], 1_795_370_400, &[UserId(43)]), None);
    }

    #[test]
    fn replies_and_reopens_are_counted_from_the_history() {
        let who = |id: u64| json!({"id": id, "Name": "x"});
        let status = |from: &str, to: &str| json!({"Type": "Status", "Field": "Status", "OldValue": from, "NewValue": to, "Creator": who(1)});
        let history = vec![
            json!({"Type": "Create", "Creator": who(43)}),
            json!({"Type": "Correspond", "Creator": who(39)}),
            json!({"Type": "Correspond", "Creator": who(43)}), // the customer's own mail is no reply
            json!({"Type": "Comment", "Creator": who(39)}),    // nor is a note
            status("open", "resolved"),
            status("resolved", "open"), // reopened
            json!({"Type": "Correspond", "Creator": who(41)}),
            status("open", "resolved"),
            status("resolved", "deleted"), // deleted is not a reopen
        ];
        let history: Vec<Txn> = all(history);
        assert_eq!(replies_and_reopens(&history, &[UserId(43)]), (2, 1));
        assert_eq!(replies_and_reopens(&history[..2], &[UserId(43)]), (1, 0));
    }

    #[test]
    fn a_resolved_ticket_has_its_resolution_time_from_created_to_resolved() {
        let t = json!({"id": 9, "Status": "resolved", "Created": "2026-11-22T18:00:00Z", "Resolved": "2026-11-22T20:30:00Z"});
        let (t, _) = ticket(&typed(t), &bands(), None).unwrap();
        assert_eq!(t.metrics.full_resolution_minutes, Some(150));
        let open = json!({"id": 9, "Status": "open", "Created": "2026-11-22T18:00:00Z"});
        assert_eq!(ticket(&typed(open), &bands(), None).unwrap().0.metrics.full_resolution_minutes, None);
    }
}
