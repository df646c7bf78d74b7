//! Macros that act in the shop ("Wrong size: exchange" opens the return it promises): the
//! macro's steps run one after another through the same pickers as `:return`, `R`, `P` and
//! `:discount` — each flow's confirmation is taken by the run instead of shown — and then one
//! preview lists every effect with its amounts beside the text. Yes sends all as one outbox
//! entry: the shop's steps first, each exactly once, then the text with `{{return.name}}`,
//! `{{replacement.name}}` and `{{discount.code}}` filled from what the shop made. Esc or a
//! refusal at any step ends the run with nothing sent.

use super::dialogs::state::Preview;
use super::model::{Mode, Model, Notice};
use super::msg::Effect;
use frontline_model::{MacroStep, REPLACEMENT_NAME, RETURN_NAME, ShopAction, TicketId, render};

pub use super::orders::state::MacroRun;

/// Macro `i` names shop steps: they run for `targets` (one ticket) before the preview.
pub(crate) fn start(m: &mut Model, i: usize, targets: &[TicketId]) -> Vec<Effect> {
    let Some(mac) = m.macros.get(i).cloned() else { return vec![] };
    let refuse = |m: &mut Model, why: String| {
        m.notice = Some(Notice { text: format!("macro “{}” not applied: {why}", mac.title), error: true });
        vec![]
    };
    if let Some(MacroStep::Unknown(s)) = mac.shop.iter().find(|s| matches!(s, MacroStep::Unknown(_))) {
        return refuse(
            m,
            format!(
                "its shop step `{s}` is not one the console knows ({}); fix the macro",
                frontline_model::STEP_WORDS
            ),
        );
    }
    let [ticket] = targets else {
        return refuse(m, "it acts in the shop, so it applies to one ticket at a time".into());
    };
    if m.selected().map(|t| t.id) != Some(*ticket) {
        return refuse(m, "it acts on the selected ticket's order: select the ticket first".into());
    }
    if super::rules::read_only_refusal(m) {
        return vec![];
    }
    m.mode = Mode::Normal;
    let steps = mac.shop.clone();
    m.orders.macro_run = Some(MacroRun { mac: Box::new(mac), ticket: *ticket, steps, actions: vec![] });
    advance(m)
}

/// The next step's flow starts, or the preview once every step is chosen.
fn advance(m: &mut Model) -> Vec<Effect> {
    loop {
        let Some(run) = m.orders.macro_run.as_ref() else { return vec![] };
        let total = run.steps.len();
        let at = run.actions.len() + 1;
        let Some(step) = run.next().cloned() else { return preview(m) };
        // every step acts on the selected ticket's order and customer: it must be the run's
        if m.selected().map(|t| t.id) != Some(run.ticket) {
            return abandon(m, "the selection left the ticket".into(), true);
        }
        let fx = match &step {
            MacroStep::Discount { value, days } => match super::discounts::ask(m, value, days.as_deref()) {
                Ok((_, ask)) => {
                    if let Some(run) = m.orders.macro_run.as_mut() {
                        run.actions.push(ShopAction::Discount(ask));
                    }
                    continue;
                }
                Err(why) => return abandon(m, why.to_string(), true),
            },
            MacroStep::Return { .. } => super::returns::start(m),
            MacroStep::Refund => super::order_writes::refund_picker(m),
            MacroStep::Replace => super::replacements::items_picker(m),
            MacroStep::Invite => super::accounts::invite(m),
            MacroStep::Unknown(_) => {
                return abandon(m, format!("{} is not a step the console knows", step.words()), true);
            }
        };
        // a flow that confirms at once (the invite): its confirmation is taken now
        if take_confirmed(m) {
            continue;
        }
        // the step's flow refused at once (no order, not shipped…): nothing more happens
        if fx.is_empty() && m.mode == Mode::Normal {
            let why = m.notice.take().map_or_else(|| "the shop cannot do it".into(), |n| n.text);
            return abandon(m, why, true);
        }
        say_step(m, at, total, &step);
        return fx;
    }
}

/// After every message while a run is on: a step's confirmation is taken instead of shown
/// and the run goes on; Esc, a refusal or a key that leaves the flow ends it.
pub(crate) fn follow(m: &mut Model, was_key: bool, fx: &[Effect]) -> Vec<Effect> {
    if take_confirmed(m) {
        return advance(m);
    }
    let Some(run) = m.orders.macro_run.as_ref() else { return vec![] };
    if m.selected().map(|t| t.id) != Some(run.ticket) {
        return abandon(m, "the selection left the ticket".into(), false);
    }
    // the step's pickers keep saying whose step they are
    if matches!(m.mode, Mode::Pick(_)) && m.notice.is_none() {
        let (at, total, step) = (run.actions.len() + 1, run.steps.len(), run.next().cloned());
        if let Some(step) = step {
            say_step(m, at, total, &step);
        }
        return vec![];
    }
    let refused = m.notice.as_ref().is_some_and(|n| n.error);
    let left = matches!(m.mode, Mode::Normal) && ((was_key && fx.is_empty()) || refused);
    if left {
        let why = if refused { m.notice.take().map(|n| n.text) } else { None };
        return abandon(m, why.unwrap_or_else(|| "cancelled, nothing sent".into()), true);
    }
    // the agent opened something else meanwhile: the run ends, what they opened stays
    if matches!(m.mode, Mode::Confirm(_) | Mode::Preview(_) | Mode::Compose | Mode::Form(_) | Mode::Prompt(_)) {
        return abandon(m, "another action was opened".into(), false);
    }
    vec![]
}

/// The step's flow shows its confirmation: taken into the run instead (the action fits the
/// step and is for the run's ticket). Whether it was.
fn take_confirmed(m: &mut Model) -> bool {
    let Some(run) = m.orders.macro_run.as_mut() else { return false };
    let Mode::Confirm(c) = &m.mode else { return false };
    let Some(action) = c.shop.as_ref().filter(|a| run.next().is_some_and(|s| s.fits(a))) else { return false };
    if c.changes.first().map(|(t, _)| *t) != Some(run.ticket) {
        return false;
    }
    run.actions.push(action.clone());
    m.mode = Mode::Normal;
    true
}

/// `macro “Wrong size: exchange”, step 1 of 1: return with an exchange` under the step's
/// pickers, unless something else is being said.
fn say_step(m: &mut Model, at: usize, total: usize, step: &MacroStep) {
    if m.notice.as_ref().is_none_or(|n| !n.error) {
        let title = m.orders.macro_run.as_ref().map(|r| r.mac.title.clone()).unwrap_or_default();
        m.notice =
            Some(Notice { text: format!("macro “{title}”, step {at} of {total}: {}", step.words()), error: false });
    }
}

/// The run ends with nothing sent, saying why; `close` also closes the step's dialog (not
/// when the agent has opened one of their own meanwhile).
fn abandon(m: &mut Model, why: String, close: bool) -> Vec<Effect> {
    let Some(run) = m.orders.macro_run.take() else { return vec![] };
    if close {
        m.mode = Mode::Normal;
    }
    m.notice = Some(Notice { text: format!("macro “{}” not applied: {why}", run.mac.title), error: true });
    vec![]
}

/// Every step chosen: the macro's change for the ticket with its text filled — the names the
/// shop gives (`{{return.name}}`, `{{replacement.name}}`) left for the send to fill, the code
/// about to be made in — and the shop's effects listed above it.
fn preview(m: &mut Model) -> Vec<Effect> {
    let Some(run) = m.orders.macro_run.take() else { return vec![] };
    let mac = *run.mac;
    let Some(mut cx) = super::ticket_context::placeholders(m, run.ticket, &[]) else { return vec![] };
    let code = run.actions.iter().find_map(|a| match a {
        ShopAction::Discount(d) => Some(d.code.clone()),
        _ => None,
    });
    if let Some(code) = &code {
        cx.discount = Some(code);
    }
    // names the shop gives once it has done the step: kept out of the filling, put back after
    let later: Vec<(&str, &str)> = run
        .actions
        .iter()
        .filter_map(|a| match a {
            ShopAction::Return(_) => Some((RETURN_NAME, "\u{e000}return\u{e000}")),
            ShopAction::Replace(_) => Some((REPLACEMENT_NAME, "\u{e000}replacement\u{e000}")),
            _ => None,
        })
        .collect();
    let mut change = mac.change.clone();
    let mut unknown = Vec::new();
    let mut stale = Vec::new();
    if let Some(c) = &mut change.comment {
        stale.extend(frontline_model::stale_facts(&c.body, cx.order, m.now));
        let guarded = later.iter().fold(c.body.clone(), |b, (name, mark)| b.replace(name, mark));
        let (text, u) = render(&guarded, &cx);
        c.body = later.iter().fold(text, |b, (name, mark)| b.replace(mark, name));
        unknown = u;
    }
    unknown.sort();
    unknown.dedup();
    stale.dedup();
    m.mode = Mode::Preview(Box::new(Preview {
        title: mac.title,
        changes: vec![(run.ticket, change)],
        unknown,
        stale,
        scroll: 0,
        shop: run.actions,
    }));
    m.notice = None;
    vec![]
}
