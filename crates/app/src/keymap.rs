//! Keys → actions. One table holds each action's name (as written in `[keys]`), its help
//! text and default keys; the help overlay and the status-line hints are generated from it.

use frontline_config::KeyEvent;
pub use frontline_config::{Action, TABLE};
use frontline_config::{KeyBinding, parse_key};
use std::collections::{BTreeMap, HashMap};

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
            let name = TABLE.iter().find(|t| t.0 == *action).map_or("", |t| t.1);
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
        let mut rows = Vec::new();
        for (a, _, h, _) in TABLE {
            match PAIRED.iter().find(|(first, ..)| first.contains(a)) {
                // a pair's second half is said on its first's row
                Some((group, _)) if group[0] != *a => {}
                Some((group, words)) => {
                    let keys: Vec<String> = group.iter().map(|x| self.first_key_label(*x)).collect();
                    rows.push((short_keys(&keys), *words));
                }
                None => rows.push((self.keys_label(*a), *h)),
            }
        }
        rows.extend(COMMANDS.iter().map(|(c, h)| ((*c).to_string(), *h)));
        rows
    }
}

/// Screens opened from the command line, said in the help beside the keys.
const COMMANDS: &[(&str, &str)] = &[
    (":outbox", "writes waiting or refused"),
    (":team", "the team board"),
    (":kpi", "figures and definitions"),
    (":wallboard", "large figures for a screen"),
];

/// Actions the help says on one row (their first keys), so it fits 80x24 in two columns.
const PAIRED: &[(&[Action], &str)] = &[
    (&[Action::Down, Action::Up], "next / previous, scroll"),
    (&[Action::Top, Action::Bottom], "first / last"),
    (&[Action::PageDown, Action::PageUp], "page down / up"),
    (&[Action::NextPane, Action::PrevPane], "next / previous pane"),
    (&[Action::PriorityUp, Action::PriorityDown], "raise / lower priority"),
    (&[Action::SendOpen, Action::SendPending, Action::SendSolved], "editor: send + set status"),
    (&[Action::Mark, Action::MarkAll, Action::ClearMarks], "mark, mark all, clear"),
];

/// `j k`; keys sharing a modifier say it once: `alt-o/p/s`; `shift-tab` is `S-tab`.
fn short_keys(keys: &[String]) -> String {
    let keys: Vec<String> = keys.iter().map(|k| k.replace("shift-", "S-")).collect();
    let prefix = keys.first().and_then(|k| k.split_once('-').map(|(p, _)| p.to_string()));
    match prefix {
        Some(p) if keys.len() > 1 && keys.iter().all(|k| k.starts_with(&format!("{p}-")) && k.len() == p.len() + 2) => {
            let tails: Vec<&str> = keys.iter().map(|k| &k[p.len() + 1..]).collect();
            format!("{p}-{}", tails.join("/"))
        }
        _ => keys.join(" "),
    }
}

/// The character of a key pressed without Ctrl or Alt.
pub fn is_plain_char(k: &frontline_config::KeyEvent) -> Option<char> {
    match k.code {
        frontline_config::KeyCode::Char(c)
            if !k
                .modifiers
                .intersects(frontline_config::KeyModifiers::CONTROL | frontline_config::KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontline_config::{KeyCode, KeyModifiers};

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
