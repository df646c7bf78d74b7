//! The adapter's reading of Chatwoot's shapes, against the golden fixtures in
//! `tests/fixtures/chatwoot/` (jbuilder shapes of v4.16.2 with synthetic values).

use super::map::{self, BOT, CONTACT};
use super::{decode, events, wire};
use crate::LiveEvent;
use frontline_model::{Channel, MessageKind, Priority, Role, Status, TicketId, UserId};
use serde_json::{Value, json};

macro_rules! fixture {
    ($name:literal) => {
        serde_json::from_str::<Value>(include_str!(concat!("../../../../tests/fixtures/chatwoot/", $name, ".json")))
            .unwrap()
    };
}

#[test]
fn every_fixture_parses_into_its_shape() {
    let list: wire::ConversationList = decode(fixture!("conversations_index"), "index").unwrap();
    assert_eq!(list.data.payload.len(), 2);
    assert_eq!(list.data.meta.all_count, 2);
    let filtered: wire::FilterList = decode(fixture!("conversations_filter"), "filter").unwrap();
    assert!(!filtered.payload.is_empty());
    let meta: wire::MetaOnly = decode(fixture!("conversations_meta"), "meta").unwrap();
    assert!(meta.meta.all_count > 0);
    let _: wire::Conversation = decode(fixture!("conversation_show"), "show").unwrap();
    let msgs: wire::Messages = decode(fixture!("messages_index"), "messages").unwrap();
    assert_eq!(msgs.payload.len(), 4);
    let created: wire::Message = decode(fixture!("message_create"), "create").unwrap();
    assert!(created.id > 0);
    let contact: wire::Payload<wire::Contact> = decode(fixture!("contact_show"), "contact").unwrap();
    assert_eq!(contact.payload.id, 7);
    let history: wire::Payload<Vec<wire::Conversation>> =
        decode(fixture!("contact_conversations"), "contact conversations").unwrap();
    assert!(!history.payload.is_empty());
    let profile: wire::Profile = decode(fixture!("profile"), "profile").unwrap();
    assert_eq!(profile.pubsub_token.as_deref(), Some("pst_9f8e7d"));
    let agents: Vec<wire::Person> = decode(fixture!("agents"), "agents").unwrap();
    assert!(!agents.is_empty());
    let teams: Vec<wire::Team> = decode(fixture!("teams"), "teams").unwrap();
    assert!(!teams.is_empty());
    let inboxes: wire::Payload<Vec<wire::Inbox>> = decode(fixture!("inboxes"), "inboxes").unwrap();
    assert!(!inboxes.payload.is_empty());
    let canned: Vec<wire::Canned> = decode(fixture!("canned_responses"), "canned").unwrap();
    assert!(!canned.is_empty());
    let summary: wire::Summary = decode(fixture!("reports_summary"), "summary").unwrap();
    assert!(summary.conversations_count.is_some());
    let labels: wire::Payload<Vec<String>> = decode(fixture!("conversation_labels"), "labels").unwrap();
    assert!(!labels.payload.is_empty());
}

#[test]
fn a_conversation_maps_to_a_ticket_with_its_contact_and_agent() {
    let list: wire::ConversationList = decode(fixture!("conversations_index"), "index").unwrap();
    let (t, users) = map::ticket(&list.data.payload[0]);
    assert_eq!(t.id, TicketId(42));
    assert_eq!(t.subject, "My invoice is wrong");
    assert_eq!(t.status, Status::Open);
    assert_eq!(t.channel, Channel::WhatsApp);
    assert_eq!(t.requester, Some(UserId(CONTACT + 7)), "contacts have their own id range");
    assert_eq!(t.assignee, Some(UserId(3)));
    assert_eq!(t.group, Some(2));
    assert_eq!(t.tags, ["billing"]);
    assert_eq!(t.first_reply_minutes, Some((1785000400 - 1780000000) / 60));
    assert_eq!(t.version, "1785000300.512345");
    let maria = users.iter().find(|u| u.id == UserId(CONTACT + 7)).unwrap();
    assert_eq!((maria.name.as_str(), maria.role), ("Maria Souza", Role::Customer));
    assert_eq!(maria.phone.as_deref(), Some("+351910000000"));
    // the snoozed one: unassigned, no team, no message, ISO snoozed_until
    let (s, _) = map::ticket(&list.data.payload[1]);
    assert_eq!(s.status, Status::OnHold);
    assert_eq!((s.assignee, s.group, s.priority), (None, None, None));
    assert_eq!(s.first_reply_minutes, None, "0 is Chatwoot's never");
    assert_eq!(s.snoozed_until, Some(1_785_402_000), "2026-07-30T09:00:00Z");
}

#[test]
fn statuses_priorities_and_channels() {
    for (w, s) in [
        ("open", Status::Open),
        ("pending", Status::Pending),
        ("snoozed", Status::OnHold),
        ("resolved", Status::Solved),
    ] {
        assert_eq!(map::status(w), s);
        assert_eq!(map::status_wire(&s), Some(w));
    }
    assert_eq!(map::priority(Some("medium")), Some(Priority::Normal));
    assert_eq!(map::priority_wire(Priority::Normal), "medium");
    assert_eq!(map::priority(None), None);
    let channels = [
        ("Channel::WebWidget", Channel::Chat),
        ("Channel::Email", Channel::Email),
        ("Channel::Api", Channel::Api),
        ("Channel::Whatsapp", Channel::WhatsApp),
        ("Channel::TwilioSms", Channel::Phone),
        ("Channel::Sms", Channel::Phone),
        ("Channel::FacebookPage", Channel::Social),
        ("Channel::Instagram", Channel::Social),
        ("Channel::TwitterProfile", Channel::Social),
        ("Channel::Telegram", Channel::Social),
        ("Channel::Line", Channel::Social),
        ("Channel::Tiktok", Channel::Social),
        ("Channel::Voice", Channel::Other),
    ];
    for (class, want) in channels {
        assert_eq!(map::channel(Some(class)), want, "{class}");
    }
    let names = map::status_names();
    assert_eq!(names.name(&Status::OnHold), "snoozed");
    assert_eq!(names.parse("resolved"), Status::Solved);
}

#[test]
fn messages_notes_activity_and_attachments() {
    let msgs: wire::Messages = decode(fixture!("messages_index"), "messages").unwrap();
    let mapped: Vec<_> = msgs.payload.iter().map(map::message).collect();
    let (incoming, customer) = &mapped[0];
    assert_eq!((incoming.kind, incoming.author), (MessageKind::Public, UserId(CONTACT + 7)));
    assert_eq!(customer.as_ref().unwrap().role, Role::Customer);
    let (note, ana) = &mapped[1];
    assert_eq!(
        (note.kind, note.author, note.body.as_str()),
        (MessageKind::Internal, UserId(3), "Checked Stripe: double charge")
    );
    assert_eq!(ana.as_ref().unwrap().name, "Ana Lima");
    let (activity, by) = &mapped[2];
    assert_eq!((activity.kind, activity.author), (MessageKind::Internal, UserId::HELPDESK));
    assert_eq!(by.as_ref().unwrap().name, "Chatwoot activity");
    let (photo, _) = &mapped[3];
    assert_eq!(photo.body, "", "content null is no text, not \"null\"");
    assert_eq!(
        photo.attachments.iter().map(|a| (a.name.as_str(), a.content_type.as_deref())).collect::<Vec<_>>(),
        [("photo.jpg", Some("image/jpeg"))]
    );
}

#[test]
fn hostile_text_is_stripped() {
    let mut c: wire::Conversation = decode(fixture!("conversation_show"), "show").unwrap();
    c.meta.sender.name = Some("Eve\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J".into());
    c.additional_attributes = json!({"mail_subject": "Hi\u{1b}[31m there"});
    let (t, users) = map::ticket(&c);
    assert!(!t.subject.contains('\u{1b}') && !users[0].name.contains('\u{1b}'));
    let mut m: wire::Message = decode(fixture!("message_create"), "create").unwrap();
    m.content = Some("ok\u{1b}[2Jthen".into());
    assert!(!map::message(&m).0.body.contains('\u{1b}'));
}

#[test]
fn canned_responses_become_macros_with_the_consoles_placeholders() {
    let canned: Vec<wire::Canned> = decode(fixture!("canned_responses"), "canned").unwrap();
    let m = map::canned(&canned[0]);
    assert!(m.change.comment.as_ref().unwrap().public);
    let t = map::canned(&wire::Canned {
        id: 9,
        short_code: "hi".into(),
        content: Some("Hi {{contact.first_name}}, {{agent.name}} here ({{unknown.key}})".into()),
    });
    assert_eq!(
        t.change.comment.unwrap().body,
        "Hi {{ticket.requester.first_name}}, {{current_user.name}} here ({{unknown.key}})"
    );
}

#[test]
fn bots_have_their_own_ids() {
    let p: wire::Person = serde_json::from_value(json!({"id": 3, "name": "Captain", "type": "agent_bot"})).unwrap();
    assert_eq!(map::person(&p, false).id, UserId(BOT + 3));
    let a: wire::Person = serde_json::from_value(json!({"id": 3, "name": "Ana", "role": "administrator"})).unwrap();
    assert_eq!(map::person(&a, false).role, Role::Admin);
}

#[test]
fn live_frames_become_events() {
    let conv = fixture!("conversation_show");
    let changed = events(&json!({"event": "conversation.status_changed", "data": conv}));
    assert!(matches!(&changed[..], [LiveEvent::Changed(p)] if p.tickets[0].id == TicketId(42)));
    let mut msg = fixture!("message_create");
    msg["conversation_id"] = json!(42);
    let created = events(&json!({"event": "message.created", "data": msg}));
    assert!(matches!(&created[..], [LiveEvent::Message { ticket: TicketId(42), .. }]));
    let typing = events(&json!({"event": "conversation.typing_on", "data": {
        "conversation": {"id": 42}, "user": {"id": 5, "name": "Rui Costa", "type": "user"}, "is_private": false}}));
    assert!(
        matches!(&typing[..], [LiveEvent::Typing { ticket: TicketId(42), on: true, private: false, who }] if who.name == "Rui Costa")
    );
    let off = events(
        &json!({"event": "conversation.typing_off", "data": {"conversation": {"id": 42}, "user": {"id": 5, "name": "Rui"}}}),
    );
    assert!(matches!(&off[..], [LiveEvent::Typing { on: false, .. }]));
    assert!(events(&json!({"event": "presence.update", "data": {}})).is_empty());
    assert!(events(&json!({"event": "conversation.created", "data": {"id": "not a conversation"}})).is_empty());
}

#[test]
fn cable_address_follows_the_url() {
    let u = |s: &str| url::Url::parse(s).unwrap();
    assert_eq!(super::cable_url(&u("https://cw.example/")), "wss://cw.example/cable");
    assert_eq!(super::cable_url(&u("http://127.0.0.1:3000/chat/")), "ws://127.0.0.1:3000/chat/cable");
}
