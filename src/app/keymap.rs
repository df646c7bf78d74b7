//! Keys → actions. One table holds each action's name (as written in `[keys]`), its help
//! text and default keys; the help overlay and the status-line hints are generated from it.

use crate::config::{KeyBinding, parse_key};
use crossterm::event::KeyEvent;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    NextPane,
    PrevPane,
    Open,
    Filter,
    Command,
    Help,
    Refresh,
    Views,
    Sort,
    Take,
    Assign,
    Reply,
    Note,
    Status,
    PriorityUp,
    PriorityDown,
    Escalate,
    Macro,
    Tags,
    Mark,
    MarkAll,
    ClearMarks,
    Undo,
    Send,
    SendOpen,
    SendPending,
    SendSolved,
    Editor,
}

/// (action, name in the config, help text, default keys)
pub const TABLE: &[(Action, &str, &str, &[&str])] = &[
    (Action::Down, "down", "next / scroll down", &["j", "down"]),
    (Action::Up, "up", "previous / scroll up", &["k", "up"]),
    (Action::Top, "top", "first", &["g", "home"]),
    (Action::Bottom, "bottom", "last", &["G", "end"]),
    (Action::PageDown, "page_down", "page down", &["pgdn", "ctrl-d"]),
    (Action::PageUp, "page_up", "page up", &["pgup", "ctrl-u"]),
    (Action::NextPane, "next_pane", "next pane", &["tab", "l"]),
    (Action::PrevPane, "prev_pane", "previous pane", &["shift-tab", "h"]),
    (Action::Open, "open", "open the ticket", &["enter"]),
    (Action::Filter, "filter", "filter as you type", &["/"]),
    (Action::Views, "views", "choose a view", &["v"]),
    (Action::Sort, "sort", "sort: view/SLA/prio/age", &["o"]),
    (Action::Refresh, "refresh", "refresh now", &["ctrl-r", "f5"]),
    (Action::Take, "take", "take: assign to me", &["a"]),
    (Action::Assign, "assign", "assign agent or group", &["A"]),
    (Action::Reply, "reply", "public reply", &["r"]),
    (Action::Note, "note", "internal note", &["n"]),
    (Action::Status, "status", "set status", &["s"]),
    (Action::PriorityUp, "priority_up", "raise priority", &["+"]),
    (Action::PriorityDown, "priority_down", "lower priority", &["-"]),
    (Action::Escalate, "escalate", "escalate, with a reason", &["e"]),
    (Action::Macro, "macro", "apply a macro", &["m"]),
    (Action::Tags, "tags", "tags: +add -remove", &["t"]),
    (Action::Mark, "mark", "mark for bulk actions", &["space"]),
    (Action::MarkAll, "mark_all", "mark all visible", &["*"]),
    (Action::ClearMarks, "clear_marks", "clear marks", &["X"]),
    (Action::Undo, "undo", "undo the last send", &["u"]),
    (Action::Send, "send", "editor: send", &["ctrl-s"]),
    (Action::SendOpen, "send_open", "editor: send as open", &["alt-o"]),
    (Action::SendPending, "send_pending", "editor: send as pending", &["alt-p"]),
    (Action::SendSolved, "send_solved", "editor: send as solved", &["alt-s"]),
    (Action::Editor, "editor", "editor: $VISUAL/$EDITOR", &["ctrl-e"]),
    (Action::Command, "command", "command line (:view, :q…)", &[":"]),
    (Action::Help, "help", "this help", &["?", "f1"]),
    (Action::Quit, "quit", "quit", &["q", "ctrl-c"]),
];

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        TABLE.iter().find(|(_, n, _, _)| *n == name).map(|(a, _, _, _)| *a)
    }
    pub fn names() -> Vec<&'static str> {
        TABLE.iter().map(|(_, n, _, _)| *n).collect()
    }
    pub fn help(self) -> &'static str {
        TABLE.iter().find(|(a, _, _, _)| *a == self).map(|(_, _, h, _)| *h).unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    by_key: HashMap<KeyBinding, Action>,
    by_action: Vec<(Action, Vec<KeyBinding>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&BTreeMap::new())
    }
}

impl Keymap {
    /// The defaults with `[keys]` overrides applied. Overrides were validated with the config;
    /// a key that does not parse here is skipped.
    pub fn new(overrides: &BTreeMap<String, Vec<String>>) -> Keymap {
        let mut by_action = Vec::new();
        for (action, name, _, defaults) in TABLE {
            let keys: Vec<KeyBinding> = match overrides.get(*name) {
                Some(custom) => custom.iter().filter_map(|k| parse_key(k).ok()).collect(),
                None => defaults.iter().filter_map(|k| parse_key(k).ok()).collect(),
            };
            by_action.push((*action, keys));
        }
        let mut by_key = HashMap::new();
        // overridden actions win a key over defaults that also use it
        for (action, keys) in &by_action {
            let name = TABLE.iter().find(|t| t.0 == *action).map(|t| t.1).unwrap_or("");
            for k in keys {
                if overrides.contains_key(name) || !by_key.contains_key(k) {
                    by_key.insert(*k, *action);
                }
            }
        }
        Keymap { by_key, by_action }
    }

    pub fn action(&self, e: &KeyEvent) -> Option<Action> {
        self.by_key.get(&KeyBinding::from_event(e)).copied()
    }

    /// The keys of an action, as the help writes them (`j/↓`).
    pub fn keys_label(&self, a: Action) -> String {
        self.by_action
            .iter()
            .find(|(x, _)| *x == a)
            .map(|(_, ks)| {
                ks.iter()
                    .filter(|k| self.by_key.get(k) == Some(&a))
                    .map(KeyBinding::label)
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default()
    }

    /// The first key of an action (for the status-line hints).
    pub fn first_key_label(&self, a: Action) -> String {
        self.by_action
            .iter()
            .find(|(x, _)| *x == a)
            .and_then(|(_, ks)| ks.iter().find(|k| self.by_key.get(k) == Some(&a)))
            .map(KeyBinding::label)
            .unwrap_or_default()
    }

    /// Rows of the help overlay, in table order.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        TABLE.iter().map(|(a, _, h, _)| (self.keys_label(*a), *h)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn defaults_and_overrides() {
        let k = Keymap::default();
        assert_eq!(k.action(&KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::Down));
        assert_eq!(k.action(&KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)), Some(Action::Refresh));
        assert_eq!(k.action(&KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE)), Some(Action::Reply));
        let mut o = BTreeMap::new();
        o.insert("quit".to_string(), vec!["x".to_string()]);
        o.insert("down".to_string(), vec!["n".to_string()]);
        let k = Keymap::new(&o);
        assert_eq!(k.action(&KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE)), Some(Action::Quit));
        assert_eq!(k.action(&KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)), None);
        assert_eq!(k.keys_label(Action::Down), "n");
        assert!(k.help_rows().iter().any(|(keys, help)| keys == "x" && *help == "quit"));
    }
}
