//! The helpdesk's live feed in `update`: changes folded in like a poll's, messages shown at
//! once, who is typing, the agent's own typing announced and ended, and polls slowing to a
//! check while the feed is up.

use super::tests::{NOW, code, key, loaded, ticket};
use super::*;
use frontline_backend::{LiveEvent, TicketPage};
use frontline_config::KeyCode;
use frontline_model::{
    Cmp, Cond, Message, MessageKind, Role, Status, TicketId, User, UserId, View, ViewFilter, ViewId,
};

fn msg(id: u64, author: u64, text: &str) -> Message {
    Message {
        id,
        author: UserId(author),
        kind: MessageKind::Public,
        body: text.into(),
        created_at: NOW,
        attachments: vec![],
        fingerprint: 0,
    }
}

/// The loaded model whose first view holds open tickets only, as Chatwoot's "All open" does.
fn open_view() -> Model {
    let mut m = loaded(3);
    m.views[0] = View {
        filter: Some(ViewFilter { all: vec![Cond::Status(Cmp::Is, Status::Open)], any: vec![] }),
        ..View::new(ViewId(1), "All open")
    };
    m.me = Some(User::new(7, "Me", Role::Agent));
    m.settings.poll_range = Some((15, 60));
    m
}

#[test]
fn up_slows_polls_to_a_check_and_down_brings_them_back() {
    let mut m = open_view();
    update(&mut m, Msg::Live(LiveEvent::Up));
    assert!(m.live.is_up());
    assert!(m.sync.next_poll >= NOW + 60, "the feed brings changes: the poll only checks");
    pacing::after_poll(&mut m, true);
    assert!(m.sync.next_poll >= NOW + 60, "a busy view does not speed polls up while live");
    update(&mut m, Msg::Live(LiveEvent::Down("live feed dropped".into())));
    assert!(matches!(&m.live.feed, Some(live_feed::Feed::Down(w)) if w.contains("dropped")));
    assert!(m.sync.next_poll <= NOW + m.settings.poll_secs, "polling resumes at the interval");
}

#[test]
fn pushed_changes_join_and_leave_the_view_by_its_conditions() {
    let mut m = open_view();
    let mut solved = m.queue.get(TicketId(2)).unwrap().clone();
    solved.status = Status::Solved;
    solved.updated_at = NOW;
    let mut arrived = ticket(9, "Where is my parcel?", 109);
    arrived.updated_at = NOW;
    let page = TicketPage { tickets: vec![solved, arrived], users: vec![], next: None };
    let fx = update(&mut m, Msg::Live(LiveEvent::Changed(page)));
    assert!(m.queue.get(TicketId(9)).is_some(), "a new open conversation joins");
    assert!(m.queue.get(TicketId(2)).is_none(), "a resolved one leaves");
    assert!(!fx.iter().any(|e| matches!(e, Effect::Poll { .. })), "known conditions need no poll: {fx:?}");
    // a view whose conditions are unknown (an inbox) asks the helpdesk instead
    m.views[0].filter = None;
    let mut other = ticket(10, "Hello", 110);
    other.updated_at = NOW;
    let fx =
        update(&mut m, Msg::Live(LiveEvent::Changed(TicketPage { tickets: vec![other], users: vec![], next: None })));
    assert!(fx.iter().any(|e| matches!(e, Effect::Poll { view: ViewId(1), local: false, .. })), "{fx:?}");
}

#[test]
fn a_new_message_shows_at_once_and_its_ticket_is_read_again() {
    let mut m = open_view();
    let id = m.selected().unwrap().id;
    m.details.conversations.insert(id, Loadable::Ready(vec![msg(1, 101, "first")]));
    let fx = update(&mut m, Msg::Live(LiveEvent::Message { ticket: id, message: msg(2, 101, "second"), author: None }));
    assert!(matches!(m.details.conversations.get(&id), Some(Loadable::Ready(v)) if v.len() == 2));
    assert_eq!(fx, vec![Effect::Refresh(id)]);
    // the same message again (message.updated) is not shown twice
    update(&mut m, Msg::Live(LiveEvent::Message { ticket: id, message: msg(2, 101, "second"), author: None }));
    assert!(matches!(m.details.conversations.get(&id), Some(Loadable::Ready(v)) if v.len() == 2));
}

#[test]
fn a_colleague_typing_is_shown_and_asked_about_and_ends() {
    let mut m = open_view();
    let id = m.selected().unwrap().id;
    let rui = User::new(5, "Rui Costa", Role::Agent);
    update(&mut m, Msg::Live(LiveEvent::Typing { ticket: id, who: rui.clone(), on: true, private: false }));
    assert_eq!(colleague::on_it(&m, id).as_deref(), Some("Rui Costa is typing a reply"));
    // the agent's own typing, echoed by the feed, is not a colleague
    let me = m.me.clone().unwrap();
    update(&mut m, Msg::Live(LiveEvent::Typing { ticket: TicketId(3), who: me, on: true, private: false }));
    assert!(!m.live.typing.contains_key(&TicketId(3)));
    // Rui's message ends his typing; a feed that goes quiet ends it after a while
    update(&mut m, Msg::Live(LiveEvent::Message { ticket: id, message: msg(9, 5, "Done"), author: Some(rui.clone()) }));
    assert!(!m.live.typing.contains_key(&id));
    update(&mut m, Msg::Live(LiveEvent::Typing { ticket: id, who: rui, on: true, private: true }));
    assert_eq!(colleague::on_it(&m, id).as_deref(), Some("Rui Costa is typing a note"));
    update(&mut m, Msg::Tick(NOW + live_feed::TYPING_SECS + 1));
    assert!(colleague::on_it(&m, id).is_none_or(|w| !w.contains("typing")));
}

#[test]
fn the_agents_typing_is_announced_once_in_a_while_and_ended() {
    let mut m = open_view();
    m.settings.shows_typing = true;
    let id = m.selected().unwrap().id;
    update(&mut m, key('r'));
    let fx = update(&mut m, key('H'));
    assert_eq!(fx, vec![Effect::Typing { ticket: id, on: true, private: false }]);
    assert!(update(&mut m, key('i')).is_empty(), "not again within {}s", live_feed::ANNOUNCE_SECS);
    // idle: the typing ends by itself
    let fx = update(&mut m, Msg::Tick(NOW + live_feed::ANNOUNCE_SECS));
    assert!(fx.contains(&Effect::Typing { ticket: id, on: false, private: false }), "{fx:?}");
    let fx = update(&mut m, key('!'));
    assert!(fx.contains(&Effect::Typing { ticket: id, on: true, private: false }));
    let fx = update(&mut m, code(KeyCode::Esc));
    assert!(fx.contains(&Effect::Typing { ticket: id, on: false, private: false }), "closing the editor ends it");
    // a helpdesk that does not show typing is told nothing
    let mut z = open_view();
    update(&mut z, key('r'));
    assert!(update(&mut z, key('H')).is_empty());
}

#[test]
fn snooze_until_a_time_where_the_helpdesk_snoozes() {
    let mut m = open_view();
    m.settings.undo_secs = 0;
    let id = m.selected().unwrap().id;
    update(&mut m, key(':'));
    for c in "snooze 4h".chars() {
        update(&mut m, key(c));
    }
    update(&mut m, code(KeyCode::Enter));
    assert!(m.notice.as_ref().is_some_and(|n| n.error && n.text.contains("has no snooze")), "{:?}", m.notice);
    m.settings.snoozing = frontline_backend::Snoozing::ByHelpdesk;
    update(&mut m, key(':'));
    for c in "snooze 4h".chars() {
        update(&mut m, key(c));
    }
    let fx = update(&mut m, code(KeyCode::Enter));
    let queued = fx.iter().any(|e| {
        matches!(e, Effect::Outbox(OutboxOp::Put(list)) if list.iter().any(|o| o.ticket == id
            && o.change.status == Some(Status::OnHold) && o.change.until == Some(NOW + 4 * 3600)))
    });
    assert!(queued, "{fx:?}");
}
