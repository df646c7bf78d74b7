//! What each keymap action does in the console's normal mode: moving, opening, the panes,
//! and handing writes to the actions, the editor and the dialogs.

use super::keymap::Action;
use super::model::{Loadable, Mode, Model, Notice, Pane};
use super::msg::Effect;
use super::navigate::{go_to_ticket, load_selected, move_by, refresh, sorted};

pub fn action(m: &mut Model, a: Action) -> Vec<Effect> {
    if let Some(id) = m.sync.opening
        && a.acts_on_ticket()
    {
        let current = m.selected().map(|t| format!(", not #{}", t.id.0)).unwrap_or_default();
        m.notice = Some(Notice { text: format!("#{} is still opening — wait for it{current}", id.0), error: true });
        return vec![];
    }
    let page = m.queue_rows().max(1) as isize;
    match a {
        Action::Quit => {
            super::compose::quit(m);
            vec![]
        }
        Action::Down => move_by(m, 1),
        Action::Up => move_by(m, -1),
        Action::PageDown => move_by(m, page),
        Action::PageUp => move_by(m, -page),
        Action::Top => move_by(m, -(isize::MAX / 2)),
        Action::Bottom => move_by(m, isize::MAX / 2),
        Action::NextPane | Action::PrevPane => {
            let order = [Pane::Queue, Pane::Conversation, Pane::Customer];
            let i = order.iter().position(|p| *p == m.focus).unwrap_or(0);
            let step = if a == Action::NextPane { 1 } else { 2 };
            m.focus = order[(i + step) % 3];
            m.orders.focused = false;
            m.scroll_into_view();
            vec![]
        }
        Action::Back => super::navigate::back(m),
        Action::Open => match m.focus {
            Pane::Queue => {
                m.focus = Pane::Conversation;
                load_selected(m)
            }
            Pane::Customer if m.orders.focused => {
                super::orders::toggle(m);
                vec![]
            }
            Pane::Customer => {
                let pick = match m.selected().and_then(|t| t.requester).and_then(|r| m.details.customers.get(&r)) {
                    Some(Loadable::Ready(p)) => p.tickets.get(m.details.customer_selected).map(|t| t.id),
                    _ => None,
                };
                pick.map(|id| go_to_ticket(m, id)).unwrap_or_default()
            }
            Pane::Conversation => vec![],
        },
        Action::Filter => {
            m.mode = Mode::Filter;
            m.focus = Pane::Queue;
            // what the filter searches, ready before the first letter is typed
            m.ensure_haystacks();
            vec![]
        }
        Action::Command => {
            m.mode = Mode::Command(String::new());
            vec![]
        }
        Action::Help => {
            m.mode = Mode::Help;
            vec![]
        }
        Action::Views => {
            let cur = m.view.and_then(|v| m.views.iter().position(|x| x.id == v)).unwrap_or(0);
            m.mode = Mode::Views(cur);
            // each view's count beside its name: asked at most every five minutes (Zendesk
            // allows count_many a few times in five minutes), the last answer shown meanwhile
            if m.board.view_counts_at.is_none_or(|at| m.now - at >= 300) {
                return super::navigate::view_counts(m);
            }
            vec![]
        }
        Action::Sort => {
            m.sort = m.sort.next();
            m.notice = Some(Notice { text: format!("sorted by {}", m.sort.label()), error: false });
            sorted(m)
        }
        Action::Refresh => {
            m.notice = Some(Notice { text: "refreshing…".into(), error: false });
            // the open ticket's conversation and customer load again too (a failed one retries)
            if let Some(t) = m.selected() {
                let (id, requester) = (t.id, t.requester);
                m.details.conversations.remove(&id);
                if let Some(r) = requester {
                    m.details.customers.remove(&r);
                }
            }
            super::orders::reload(m);
            let mut fx = refresh(m);
            fx.extend(load_selected(m));
            fx
        }
        Action::Take => super::ticket_changes::take(m),
        Action::Assign => super::ticket_changes::assign_picker(m),
        Action::Reply => super::compose::open(m, true),
        Action::Note => super::compose::open(m, false),
        Action::Status => super::ticket_changes::status_picker(m),
        Action::PriorityUp => super::ticket_changes::priority(m, true),
        Action::PriorityDown => super::ticket_changes::priority(m, false),
        Action::Escalate => super::ticket_changes::prompt(m, super::dialogs::state::PromptFor::EscalationReason),
        Action::Macro => super::ticket_changes::macro_picker(m),
        Action::Tags => super::ticket_changes::prompt(m, super::dialogs::state::PromptFor::Tags),
        Action::Merge => {
            if super::merge::pick(m) {
                return vec![];
            }
            super::ticket_changes::prompt(m, super::dialogs::state::PromptFor::MergeTarget)
        }
        Action::Orders => super::orders::focus(m),
        Action::Refund => super::order_writes::refund_picker(m),
        Action::CancelOrder => super::order_writes::cancel_picker(m),
        Action::Replace => super::replacements::items_picker(m),
        Action::EditAddress => super::order_edits::address(m),
        Action::Mark => super::ticket_changes::toggle_mark(m),
        Action::MarkAll => {
            super::ticket_changes::mark_all(m);
            vec![]
        }
        Action::ClearMarks => {
            super::ticket_changes::clear_marks(m);
            vec![]
        }
        Action::Undo => super::writes::undo(m),
        Action::Send
        | Action::SendOpen
        | Action::SendPending
        | Action::SendSolved
        | Action::Editor
        | Action::SaveText
        | Action::InsertText
        | Action::InsertTracking => {
            vec![]
        }
    }
}
