//! The small dialogs of agent actions and their keys: a fuzzy picker, a one-line prompt, a
//! yes/no confirmation, the macro preview and the conflict choice.

pub mod state;
pub use state::*;

use super::model::{Mode, Model};
use super::msg::Effect;
use frontline_config::{KeyCode, KeyEvent};
use frontline_model::{TicketChange, TicketId};

pub fn pick_key(m: &mut Model, k: KeyEvent, mut p: Picker) -> Vec<Effect> {
    let n = p.shown(&mut m.filter.matcher).len();
    match k.code {
        KeyCode::Esc => {
            // a picker opened from the editor goes back to it
            m.mode = if m.drafting.composer.is_some() { Mode::Compose } else { Mode::Normal };
            return vec![];
        }
        KeyCode::Enter => {
            let shown = p.shown(&mut m.filter.matcher);
            m.mode = if m.drafting.composer.is_some() { Mode::Compose } else { Mode::Normal };
            // a number typed into the merge suggestions is the ticket to merge into
            let number = p.query.trim().trim_start_matches('#').parse::<u64>().ok();
            let merging = p.items.iter().any(|(_, v)| *v == PickValue::MergeTyped);
            if let (true, Some(n)) = (merging, number) {
                return super::ticket_changes::picked(m, PickValue::MergeInto(TicketId(n)), p.targets.clone());
            }
            return match shown.get(p.selected).and_then(|&i| p.items.get(i)) {
                Some((_, v)) => super::ticket_changes::picked(m, v.clone(), p.targets.clone()),
                None => vec![],
            };
        }
        KeyCode::Down | KeyCode::Tab => p.selected = (p.selected + 1).min(n.saturating_sub(1)),
        KeyCode::Up | KeyCode::BackTab => p.selected = p.selected.saturating_sub(1),
        KeyCode::Backspace => {
            p.query.pop();
            p.selected = 0;
        }
        _ => {
            if let Some(c) = super::keymap::is_plain_char(&k) {
                p.query.push(c);
                p.selected = 0;
            }
        }
    }
    m.mode = Mode::Pick(p);
    vec![]
}

pub fn prompt_key(m: &mut Model, k: KeyEvent, mut p: Prompt) -> Vec<Effect> {
    match k.code {
        KeyCode::Esc => m.mode = Mode::Normal,
        KeyCode::Enter => {
            m.mode = Mode::Normal;
            return super::ticket_changes::prompted(m, p);
        }
        KeyCode::Backspace => {
            p.text.pop();
            m.mode = Mode::Prompt(p);
        }
        KeyCode::Tab => {
            p.complete();
            m.mode = Mode::Prompt(p);
        }
        _ => {
            if let Some(c) = super::keymap::is_plain_char(&k) {
                p.text.push(c);
            }
            m.mode = Mode::Prompt(p);
        }
    }
    vec![]
}

pub fn form_key(m: &mut Model, k: KeyEvent, mut f: Box<state::Form>) -> Vec<Effect> {
    let ctrl = k.modifiers.contains(frontline_config::KeyModifiers::CONTROL);
    let last = f.fields.len().saturating_sub(1);
    match k.code {
        KeyCode::Esc => {
            m.mode = Mode::Normal;
            m.notice = Some(super::model::Notice { text: "closed: nothing changed".into(), error: false });
            return vec![];
        }
        KeyCode::Char('s') if ctrl => return super::order_edits::submitted(m, f),
        KeyCode::Enter if f.focus >= last => return super::order_edits::submitted(m, f),
        KeyCode::Tab | KeyCode::Down | KeyCode::Enter => f.focus = (f.focus + 1).min(last),
        KeyCode::BackTab | KeyCode::Up => f.focus = f.focus.saturating_sub(1),
        KeyCode::Char('u') if ctrl => {
            if let Some(field) = f.fields.get_mut(f.focus) {
                field.2.clear();
            }
        }
        KeyCode::Backspace => {
            if let Some(field) = f.fields.get_mut(f.focus) {
                field.2.pop();
            }
        }
        _ => {
            if let (Some(c), Some(field)) = (super::keymap::is_plain_char(&k), f.fields.get_mut(f.focus)) {
                field.2.push(c);
            }
        }
    }
    m.mode = Mode::Form(f);
    vec![]
}

pub fn confirm_key(m: &mut Model, k: KeyEvent, mut c: Confirm) -> Vec<Effect> {
    if let KeyCode::Char(key @ ('t' | 'm')) = k.code
        && c.switch(key)
    {
        m.mode = Mode::Confirm(c);
        return vec![];
    }
    match k.code {
        KeyCode::Char('y') | KeyCode::Enter => {
            m.mode = Mode::Normal;
            m.marked.clear();
            match c.shop {
                Some(action) => super::writes::queue_shop(m, c.label, c.changes, action),
                None => super::writes::queue(m, c.label, c.changes),
            }
        }
        KeyCode::Char('n') | KeyCode::Esc => {
            m.mode = Mode::Normal;
            m.notice = Some(super::model::Notice { text: "cancelled: nothing sent".into(), error: false });
            vec![]
        }
        _ => {
            m.mode = Mode::Confirm(c);
            vec![]
        }
    }
}

/// A write on one ticket queued: the next ticket, as after a reply (`after_send`).
fn after_send(m: &mut Model, one: Option<frontline_model::TicketId>, mut fx: Vec<Effect>) -> Vec<Effect> {
    let sent = fx.iter().any(|e| matches!(e, Effect::Outbox(super::msg::OutboxOp::Put(_))));
    if let (Some(ticket), true) = (one, sent) {
        fx.extend(super::navigate::after_send(m, ticket));
    }
    fx
}

pub fn preview_key(m: &mut Model, k: KeyEvent, mut p: Box<Preview>) -> Vec<Effect> {
    match k.code {
        // a customer never gets `{{order.carrier}}` in braces: fill it or edit the text first
        KeyCode::Enter | KeyCode::Char('y')
            if !p.unknown.is_empty() && p.changes.iter().any(|(_, c)| c.comment.as_ref().is_some_and(|c| c.public)) =>
        {
            let unfilled = p.unknown.iter().map(|u| format!("{{{{{u}}}}}")).collect::<Vec<_>>().join(", ");
            let edit = match () {
                () if !p.shop.is_empty() => "fix the macro, or Esc and write the reply yourself",
                () if p.changes.len() == 1 => "e edits the text",
                () => "apply it to one ticket and edit",
            };
            m.notice = Some(super::model::Notice {
                text: format!("not sent: {unfilled} would reach the customer as written — {edit}, or Esc"),
                error: true,
            });
            m.mode = Mode::Preview(p);
            vec![]
        }
        KeyCode::Enter | KeyCode::Char('y') => {
            m.mode = Mode::Normal;
            // like every bulk action: the marks have done their job
            m.marked.clear();
            let label = if p.changes.len() == 1 {
                format!("macro “{}” on #{}", p.title, p.changes[0].0.0)
            } else {
                format!("macro “{}” on {} tickets", p.title, p.changes.len())
            };
            let one = (p.changes.len() == 1).then(|| p.changes[0].0);
            let fx = if p.shop.is_empty() {
                super::writes::queue(m, label, p.changes)
            } else {
                let steps = p.shop.into_iter().map(|action| frontline_model::Step { action, done: false }).collect();
                super::writes::queue_shop(m, label, p.changes, frontline_model::ShopAction::Steps(steps))
            };
            after_send(m, one, fx)
        }
        // the text is sent as shown once the shop's steps are done: it names what they make
        KeyCode::Char('e') if !p.shop.is_empty() => {
            m.notice = Some(super::model::Notice {
                text: "this macro acts in the shop: its text goes as shown (Enter), or Esc and write your own".into(),
                error: true,
            });
            m.mode = Mode::Preview(p);
            vec![]
        }
        // edit the text before sending (one ticket at a time)
        KeyCode::Char('e') if p.changes.len() == 1 => {
            let (ticket, change) = p.changes.remove(0);
            let (public, text) = change.comment.as_ref().map_or((true, String::new()), |c| (c.public, c.body.clone()));
            m.open_composer(super::compose::state::Composer::new(
                ticket,
                public,
                &text,
                TicketChange { comment: None, ..change },
            ));
            vec![]
        }
        KeyCode::Down | KeyCode::Char('j') => {
            p.scroll += 1;
            m.mode = Mode::Preview(p);
            vec![]
        }
        KeyCode::Up | KeyCode::Char('k') => {
            p.scroll = p.scroll.saturating_sub(1);
            m.mode = Mode::Preview(p);
            vec![]
        }
        KeyCode::Esc | KeyCode::Char('n' | 'q') => {
            m.mode = Mode::Normal;
            vec![]
        }
        _ => {
            m.mode = Mode::Preview(p);
            vec![]
        }
    }
}

pub fn conflict_key(m: &mut Model, k: KeyEvent, c: Box<Conflict>) -> Vec<Effect> {
    match k.code {
        KeyCode::Char('r') => super::writes::reapply(m, *c),
        KeyCode::Char('d') | KeyCode::Esc => {
            m.mode = Mode::Normal;
            let kept =
                if c.change.comment.is_some() { " — your text is kept as a draft (r to reopen it)" } else { "" };
            m.notice = Some(super::model::Notice { text: format!("dropped {}{kept}", c.label), error: false });
            c.key.as_deref().map(|k| super::writes::drop_entry(m, k)).unwrap_or_default()
        }
        _ => {
            m.mode = Mode::Conflict(c);
            vec![]
        }
    }
}
