//! Keys by mode: normal keys go through the keymap; the filter, the command line, the view
//! picker and the help overlay take keys of their own.

use super::keymap::Action;
use super::keymap::is_plain_char;
use super::model::{Mode, Model, Notice, Pane};
use super::msg::Effect;
use super::navigate::{go_to_ticket, open_view};
use super::normal_mode::action;
use frontline_config::{KeyCode, KeyEvent};
use frontline_model::TicketId;

pub fn key(m: &mut Model, k: KeyEvent) -> Vec<Effect> {
    match m.mode.clone() {
        Mode::Normal => normal(m, k),
        Mode::Filter => filter(m, k),
        Mode::Command(buf) => command(m, k, buf),
        Mode::Help | Mode::Kpi => {
            m.mode = Mode::Normal;
            vec![]
        }
        Mode::Views(sel) => views(m, k, sel),
        Mode::Outbox(sel) => outbox(m, k, sel),
        Mode::Compose => super::compose::key(m, k),
        Mode::Pick(p) => super::dialogs::pick_key(m, k, p),
        Mode::Prompt(p) => super::dialogs::prompt_key(m, k, p),
        Mode::Form(f) => super::dialogs::form_key(m, k, f),
        Mode::Confirm(c) => super::dialogs::confirm_key(m, k, c),
        Mode::Preview(p) => super::dialogs::preview_key(m, k, p),
        Mode::Conflict(c) => super::dialogs::conflict_key(m, k, c),
        Mode::Merge(a) => super::merge::key(m, k, a),
        Mode::Team(sel) => super::team::key(m, k, sel),
    }
}

fn normal(m: &mut Model, k: KeyEvent) -> Vec<Effect> {
    // Esc and q leave the wallboard first
    let quit =
        m.keymap.action(&k) == Some(Action::Quit) && !k.modifiers.contains(frontline_config::KeyModifiers::CONTROL);
    if m.board.on && (k.code == KeyCode::Esc || quit) {
        return super::navigate::toggle_wallboard(m);
    }
    if k.code == KeyCode::Esc {
        // back to the queue first; only there does Esc clear the filter, and says so
        if m.focus != Pane::Queue {
            m.focus = Pane::Queue;
            m.orders.focused = false;
            m.scroll_into_view();
            m.notice = None;
        } else if !m.filter.text.is_empty() {
            m.filter.text.clear();
            let keep = m.selected().map(|t| t.id);
            m.refresh_visible(keep);
            m.notice = Some(Notice { text: "filter cleared".into(), error: false });
        } else {
            m.notice = None;
        }
        return vec![];
    }
    match m.keymap.action(&k) {
        Some(a @ (Action::Quit | Action::Command | Action::Help | Action::Refresh)) => action(m, a),
        Some(_) if m.board.on => {
            m.notice = Some(Notice {
                text: "the wallboard only shows: :wallboard goes back to the console".into(),
                error: false,
            });
            vec![]
        }
        Some(a) => action(m, a),
        None => vec![],
    }
}

fn filter(m: &mut Model, k: KeyEvent) -> Vec<Effect> {
    let keep = m.selected().map(|t| t.id);
    match k.code {
        KeyCode::Esc => {
            m.filter.text.clear();
            m.mode = Mode::Normal;
        }
        KeyCode::Enter => {
            m.mode = Mode::Normal;
            return super::navigate::load_selected(m);
        }
        KeyCode::Backspace => {
            m.filter.text.pop();
        }
        KeyCode::Down | KeyCode::Up => {
            return action(m, if k.code == KeyCode::Down { Action::Down } else { Action::Up });
        }
        _ => match is_plain_char(&k) {
            Some(c) => m.filter.text.push(c),
            None => return vec![],
        },
    }
    if m.mode == Mode::Normal {
        // Esc: every ticket again, the one selected before still selected
        m.refresh_visible(keep);
    } else {
        // the words changed: the first match is selected, on the top row
        m.refresh_visible(None);
        m.queue.selected = 0;
        m.queue.offset = 0;
        // an older word ("filter cleared") would contradict the filter being typed
        m.notice = None;
    }
    if m.queue.selected >= m.queue.visible.len() {
        m.queue.selected = 0;
    }
    vec![]
}

fn command(m: &mut Model, k: KeyEvent, mut buf: String) -> Vec<Effect> {
    match k.code {
        KeyCode::Esc => m.mode = Mode::Normal,
        KeyCode::Enter => {
            m.mode = Mode::Normal;
            return run_command(m, buf.trim());
        }
        KeyCode::Backspace => {
            if buf.pop().is_none() {
                m.mode = Mode::Normal;
            } else {
                m.mode = Mode::Command(buf);
            }
        }
        _ => {
            if let Some(c) = is_plain_char(&k) {
                buf.push(c);
            }
            m.mode = Mode::Command(buf);
        }
    }
    vec![]
}

/// `:view NAME`, `:ticket ID`, `:theme NAME`, `:sort KEY`, `:refresh`, `:q`.
pub fn run_command(m: &mut Model, line: &str) -> Vec<Effect> {
    let (cmd, arg) = line.split_once(' ').map_or((line, ""), |(c, a)| (c, a.trim()));
    let err = |m: &mut Model, text: String| {
        m.notice = Some(Notice { text, error: true });
        vec![]
    };
    match cmd {
        "q" | "quit" => {
            super::compose::quit(m);
            vec![]
        }
        "q!" => {
            m.quit = true;
            vec![]
        }
        "view" | "v" => {
            let want = arg.to_lowercase();
            let pos = m
                .views
                .iter()
                .position(|v| v.title.to_lowercase() == want)
                .or_else(|| m.views.iter().position(|v| v.title.to_lowercase().contains(&want)));
            match pos {
                Some(i) if !want.is_empty() => open_view(m, i),
                _ => {
                    let names: Vec<&str> = m.views.iter().map(|v| v.title.as_str()).collect();
                    err(m, format!(":view `{arg}`: no such view (have: {})", names.join(", ")))
                }
            }
        }
        "ticket" | "t" => match arg.trim_start_matches('#').parse::<u64>() {
            Ok(id) => go_to_ticket(m, TicketId(id)),
            Err(_) => err(m, format!(":ticket needs a ticket number, not `{arg}`")),
        },
        "theme" => {
            if m.themes.iter().any(|t| t == arg) {
                m.theme = arg.to_string();
                m.notice = Some(Notice { text: format!("theme {arg}"), error: false });
                vec![]
            } else {
                let have = m.themes.join(", ");
                err(m, format!(":theme `{arg}`: no such theme (have: {have})"))
            }
        }
        "sort" => {
            use super::model::SortKey;
            let key = match arg {
                "view" => SortKey::View,
                "sla" => SortKey::Sla,
                "priority" => SortKey::Priority,
                "updated" => SortKey::Updated,
                _ => return err(m, format!(":sort `{arg}`: use view, sla, priority or updated")),
            };
            m.sort = key;
            super::navigate::sorted(m)
        }
        "search" | "s" => super::synced::search(m, arg),
        "merge" => match arg.trim_start_matches('#').parse::<u64>() {
            Ok(id) => super::merge::ask(m, TicketId(id)),
            Err(_) => err(m, format!(":merge needs the number of the ticket to merge into, not `{arg}`")),
        },
        "snooze" => super::snooze::command(m, arg),
        "code" => super::discounts::check(m, arg),
        "discount" => super::discounts::propose(m, arg),
        "refund" => super::order_writes::custom_refund(m, arg),
        "address" => super::order_edits::address(m),
        "order-note" => super::order_edits::note(m, arg),
        "order-tags" => super::order_edits::tags(m, arg),
        "invite" => super::accounts::invite(m),
        "return" => super::returns::start(m),
        "approve-return" => super::returns::decide(m, true, arg),
        "decline-return" => super::returns::decide(m, false, arg),
        "activation-link" => super::accounts::ask_link(m),
        "refresh" => super::navigate::refresh(m),
        "wallboard" | "wb" => super::navigate::toggle_wallboard(m),
        "outbox" | "ob" => {
            m.mode = Mode::Outbox(0);
            vec![]
        }
        "edit" => {
            let fx = super::compose::open(m, true);
            match m.drafting.composer.as_ref() {
                Some(c) => {
                    let mut fx = fx;
                    fx.push(Effect::EditExternally { text: c.text() });
                    fx
                }
                None => fx,
            }
        }
        "help" => {
            m.mode = Mode::Help;
            vec![]
        }
        "team" => super::team::open(m),
        "kpi" | "kpis" => {
            m.mode = Mode::Kpi;
            // the page's hour-by-hour figures are worked out only while it is open
            m.recompute_kpis();
            vec![]
        }
        "" => vec![],
        other => err(
            m,
            format!(
                ":{other} is not a command (try :view, :ticket, :merge, :snooze, :refund, :code, :discount, :address, :order-note, :order-tags, :invite, :activation-link, :return, :kpi, :team, :outbox, :edit, :wallboard, :sort, :theme, :refresh, :q)"
            ),
        ),
    }
}

/// `:outbox`: r retries a failed write, d discards one (a reply's text becomes a draft again).
fn outbox(m: &mut Model, k: KeyEvent, sel: usize) -> Vec<Effect> {
    let n = m.writes.outbox.len();
    let key = m.writes.outbox.get(sel).map(|e| e.key.clone());
    match (k.code, m.keymap.action(&k)) {
        (KeyCode::Esc, _) | (_, Some(Action::Quit)) => m.mode = Mode::Normal,
        (_, Some(Action::Down)) if n > 0 => m.mode = Mode::Outbox((sel + 1).min(n - 1)),
        (_, Some(Action::Up)) => m.mode = Mode::Outbox(sel.saturating_sub(1)),
        (KeyCode::Char('r'), _) => {
            if let Some(k) = key {
                m.notice = Some(Notice { text: "sending again".into(), error: false });
                return super::writes::retry_entry(m, &k);
            }
        }
        (KeyCode::Char('d'), _) => {
            if let Some(k) = key {
                let fx = super::writes::drop_entry(m, &k);
                m.mode = Mode::Outbox(sel.min(m.writes.outbox.len().saturating_sub(1)));
                m.notice = Some(Notice { text: "discarded (a reply's text is kept as a draft)".into(), error: false });
                return fx;
            }
        }
        _ => {}
    }
    vec![]
}

fn views(m: &mut Model, k: KeyEvent, sel: usize) -> Vec<Effect> {
    let n = m.views.len();
    match (k.code, m.keymap.action(&k)) {
        (KeyCode::Esc, _) | (_, Some(Action::Quit | Action::Views)) => m.mode = Mode::Normal,
        (KeyCode::Enter, _) => {
            m.mode = Mode::Normal;
            m.focus = Pane::Queue;
            return open_view(m, sel);
        }
        (_, Some(Action::Down)) if n > 0 => m.mode = Mode::Views((sel + 1).min(n - 1)),
        (_, Some(Action::Up)) => m.mode = Mode::Views(sel.saturating_sub(1)),
        (KeyCode::Char(c), _) if c.is_ascii_digit() => {
            let i = c.to_digit(10).unwrap_or(0) as usize;
            if (1..=n).contains(&i) {
                m.mode = Mode::Normal;
                return open_view(m, i - 1);
            }
        }
        _ => {}
    }
    vec![]
}
