//! Every overlay drawn over the console, snapshot-tested at 80x24 and 200x60: the pickers
//! (status, assignee, macro), the escalation prompt, a bulk confirmation, a macro preview, a
//! conflict, the reply editor, help, views and the outbox. Each is reached the way an agent
//! reaches it — keys through `update` — except the conflict, which needs a refused write.

use crate::support::screen;

use frontline_app::testkit::{self, NOW};
use frontline_app::{Conflict, Mode, Model, Msg, run_command, update};
use frontline_config::ThemeSet;
use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
use frontline_model::{Macro, MacroSource, NewComment, Status, TicketChange};
use screen::{render, text};

fn screen(m: &Model) -> String {
    let (themes, _) = ThemeSet::load(None);
    text(&render(m, themes.get("default-dark").unwrap()))
}

fn model(w: u16, h: u16) -> Model {
    let mut m = testkit::model(40, w, h);
    m.macros = vec![Macro {
        source: MacroSource::Helpdesk(7),
        title: "Order status: tracking sent".into(),
        change: TicketChange {
            status: Some(Status::Pending),
            comment: Some(NewComment {
                body: "Hi {{ticket.requester.first_name}},\n\nyour order is on its way.".into(),
                public: true,
            }),
            ..Default::default()
        },
        shop: vec![],
    }];
    m
}

fn keys(m: &mut Model, keys: &str) {
    for c in keys.chars() {
        update(m, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
}

fn press(m: &mut Model, code: KeyCode) {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The overlay named `name`, reached from a fresh model by `reach`.
fn overlay(name: &str, reach: impl Fn(&mut Model)) {
    for (w, h) in [(80u16, 24u16), (160, 45), (200, 60)] {
        let mut m = model(w, h);
        reach(&mut m);
        assert!(!matches!(m.mode, Mode::Normal), "{name}: the overlay opened");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&m));
    }
}

#[test]
fn status_picker() {
    overlay("status_picker", |m| keys(m, "s"));
}

#[test]
fn assignee_picker() {
    overlay("assignee_picker", |m| keys(m, "A"));
}

#[test]
fn macro_picker() {
    overlay("macro_picker", |m| keys(m, "m"));
}

#[test]
fn macro_preview() {
    overlay("macro_preview", |m| {
        keys(m, "m");
        press(m, KeyCode::Enter);
        assert!(matches!(m.mode, Mode::Preview(_)));
    });
}

#[test]
fn escalation_prompt() {
    overlay("escalation_prompt", |m| keys(m, "eCustomer threatens a chargeback"));
}

#[test]
fn bulk_confirmation() {
    overlay("bulk_confirmation", |m| {
        keys(m, " j ");
        keys(m, "a");
        assert!(matches!(m.mode, Mode::Confirm(_)));
    });
}

#[test]
fn reply_editor() {
    overlay("reply_editor", |m| keys(m, "rHello Emma, your parcel left the depot this morning."));
}

#[test]
fn help() {
    overlay("help", |m| keys(m, "?"));
}

#[test]
fn views() {
    overlay("views", |m| keys(m, "v"));
}

#[test]
fn outbox() {
    overlay("outbox", |m| {
        run_command(m, "outbox");
    });
}

#[test]
fn conflict() {
    overlay("conflict", |m| {
        let t = m.selected().cloned().unwrap();
        // loaded before the customer's last message (40 minutes after the ticket opened)
        let mut before = t.clone();
        before.updated_at = t.created_at + 2000;
        m.mode = Mode::Conflict(Box::new(Conflict {
            ticket: t.id,
            change: TicketChange {
                comment: Some(NewComment { body: "Your refund was sent today.".into(), public: true }),
                ..Default::default()
            },
            label: format!("reply on #{}", t.id.0),
            before: Some(before),
            messages_before: Some(3),
            key: Some("k1".into()),
        }));
        m.now = NOW;
    });
}

#[test]
fn a_conflict_on_a_take_does_not_promise_a_draft() {
    // found in a shift: the conflict box offered "your text stays a draft" for a take
    let mut m = model(80, 24);
    let t = m.selected().cloned().unwrap();
    m.mode = Mode::Conflict(Box::new(Conflict {
        ticket: t.id,
        change: TicketChange { assignee: Some(Some(frontline_model::UserId(1))), ..Default::default() },
        label: format!("take on #{}", t.id.0),
        before: Some(t),
        messages_before: Some(3),
        key: Some("k1".into()),
    }));
    let s = screen(&m);
    assert!(s.contains(" drop it ") && !s.contains("draft"), "{s}");
}

#[test]
fn merge() {
    overlay("merge", |m| {
        let target = m.queue.tickets[3].clone();
        m.settings.can_merge = true;
        run_command(m, &format!("merge {}", target.id.0));
    });
}

#[test]
fn a_macro_that_acts_lists_what_the_shop_does_above_its_text() {
    let mut m = model(80, 24);
    keys(&mut m, "m");
    press(&mut m, KeyCode::Enter);
    let Mode::Preview(p) = &mut m.mode else { panic!("a preview") };
    let o = frontline_model::testkit::order("#NW804813");
    let ask = frontline_model::RefundAsk::whole(&o);
    p.shop = vec![frontline_model::ShopAction::Refund {
        order_id: o.id.clone(),
        order_name: o.name.clone(),
        what: ask.describe(&o),
        ask,
        amount: frontline_model::Money::new(4990, "EUR"),
    }];
    // a refund names nothing the shop makes: no placeholder is said to be filled later
    p.changes[0].1.comment.as_mut().unwrap().body.push_str(" Return {{return.name}} is open.");
    let s = screen(&m);
    assert!(!s.contains("is filled with the name the shop gives"), "{s}");
    let step = s.find("• in the shop: refund €49.90 on #NW804813").expect("the refund, with its amount");
    assert!(step < s.find("text for #").expect("the text"), "the shop's part first:\n{s}");
    assert!(!s.contains("edit the text"), "sent as shown: the text names what the steps make\n{s}");
}

#[test]
fn a_question_about_no_ticket_says_nothing_of_tickets() {
    let mut m = model(80, 24);
    let items = vec![("send 1 now, then quit".to_string(), frontline_app::PickValue::Quit(true))];
    m.mode = Mode::Pick(frontline_app::Picker::new("1 write(s) still in the undo window", items, vec![]));
    let s = screen(&m);
    assert!(s.contains("send 1 now, then quit") && !s.contains("marked tickets"), "{s}");
}

#[test]
fn a_conflict_says_who_changed_what_and_their_words() {
    use frontline_app::Loadable;
    use frontline_model::{Message, MessageKind, UserId};
    let mut m = model(80, 24);
    let before = m.selected().cloned().unwrap();
    let id = before.id;
    // a colleague took it, tagged it and answered meanwhile
    let tom = UserId(10_001);
    let mut now = before.clone();
    now.assignee = Some(tom);
    now.tags.push("vip".into());
    m.merge_page(vec![now], false, false);
    let Some(Loadable::Ready(msgs)) = m.details.conversations.get(&id).cloned() else { panic!("loaded") };
    let had = msgs.len();
    let mut msgs = msgs;
    msgs.push(Message {
        id: 99,
        author: tom,
        kind: MessageKind::Public,
        body: "\nI have refunded the order in full.\nTom".into(),
        created_at: NOW,
        attachments: vec![],
        fingerprint: 0,
    });
    m.details.conversations.insert(id, Loadable::Ready(msgs));
    m.mode = Mode::Conflict(Box::new(Conflict {
        ticket: id,
        change: TicketChange {
            comment: Some(NewComment { body: "Your refund was sent today.".into(), public: true }),
            ..Default::default()
        },
        label: format!("reply on #{}", id.0),
        before: Some(before),
        messages_before: Some(had),
        key: Some("k1".into()),
    }));
    let s = screen(&m);
    assert!(s.contains("assignee:") && s.contains("→ Tom Becker"), "{s}");
    assert!(s.contains("tags: +vip"), "{s}");
    assert!(s.contains("Tom Becker wrote: “I have refunded the order in full.”"), "{s}");
}

#[test]
fn the_tags_prompt_offers_completions() {
    let mut m = model(80, 24);
    keys(&mut m, "t+wh");
    let s = screen(&m);
    assert!(s.contains("Tab: where_is_my_order"), "{s}");
}
