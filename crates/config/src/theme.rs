//! Themes: semantic roles (`sla_breach`, `kpi_warn`, `internal_note`, …) mapped to styles.
//! Three are built in (`themes/*.toml`, embedded); users add their own in the config
//! folder's `themes/`. `NO_COLOR` keeps only bold, reverse and the like.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

pub const BUILTIN: [(&str, &str); 3] = [
    ("default-dark", include_str!("../../../themes/default-dark.toml")),
    ("light", include_str!("../../../themes/light.toml")),
    ("high-contrast", include_str!("../../../themes/high-contrast.toml")),
];

/// Every role a theme may set; a missing one falls back to `base`.
pub const ROLES: &[&str] = &[
    "base",
    "border",
    "border_focused",
    "title",
    "selected",
    "marked",
    "dim",
    "kpi_label",
    "kpi_value",
    "kpi_warn",
    "kpi_critical",
    "kpi_na",
    "sla_ok",
    "sla_warn",
    "sla_breach",
    "sla_paused",
    "priority_urgent",
    "priority_high",
    "priority_normal",
    "priority_low",
    "status_new",
    "status_open",
    "status_pending",
    "status_hold",
    "status_solved",
    "customer_message",
    "agent_message",
    "internal_note",
    "message_meta",
    "status_line",
    "status_error",
    "status_ok",
    "hint_key",
    "hint_text",
    "overlay",
];

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underline: bool,
    #[serde(default)]
    reversed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    styles: BTreeMap<String, StyleSpec>,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    styles: HashMap<String, Style>,
}

impl Theme {
    /// Parses a theme file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Theme, String> {
        let file: ThemeFile = toml::from_str(text).map_err(|e| format!("{origin}: {}", e.message().trim()))?;
        let mut styles = HashMap::new();
        for (role, spec) in file.styles {
            if !ROLES.contains(&role.as_str()) {
                return Err(format!("{origin}: `{role}` is not a theme role (have: {})", ROLES.join(", ")));
            }
            let color = |c: &Option<String>| -> Result<Option<Color>, String> {
                c.as_deref()
                    .map(|c| {
                        Color::from_str(c).map_err(|_| {
                            format!("{origin}: {role}: `{c}` is not a colour (use a name like dark_gray or #rrggbb)")
                        })
                    })
                    .transpose()
            };
            let mut style = Style::default();
            if let Some(fg) = color(&spec.fg)? {
                style = style.fg(fg);
            }
            if let Some(bg) = color(&spec.bg)? {
                style = style.bg(bg);
            }
            for (on, m) in [
                (spec.bold, Modifier::BOLD),
                (spec.dim, Modifier::DIM),
                (spec.italic, Modifier::ITALIC),
                (spec.underline, Modifier::UNDERLINED),
                (spec.reversed, Modifier::REVERSED),
            ] {
                if on {
                    style = style.add_modifier(m);
                }
            }
            styles.insert(role, style);
        }
        Ok(Theme { name: file.name, styles })
    }

    /// The style of a role, falling back to `base`.
    pub fn style(&self, role: &str) -> Style {
        self.styles.get(role).or_else(|| self.styles.get("base")).copied().unwrap_or_default()
    }

    /// The same theme without colours, for `NO_COLOR`. Selection stays visible by reversing.
    pub fn without_colour(&self) -> Theme {
        let mut styles: HashMap<String, Style> =
            self.styles.iter().map(|(k, s)| (k.clone(), Style::default().add_modifier(s.add_modifier))).collect();
        styles.insert("selected".into(), Style::default().add_modifier(Modifier::REVERSED));
        styles.insert("kpi_critical".into(), Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD));
        styles.insert("sla_breach".into(), Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
        Theme { name: self.name.clone(), styles }
    }
}

/// The built-in themes plus the user's, by name.
#[derive(Debug, Clone)]
pub struct ThemeSet {
    pub themes: BTreeMap<String, Theme>,
}

impl ThemeSet {
    /// Built-ins, then `dir/*.toml` (a user theme may replace a built-in of the same name).
    /// A broken user theme is reported and skipped, never fatal.
    pub fn load(dir: Option<&std::path::Path>) -> (ThemeSet, Vec<String>) {
        let mut themes = BTreeMap::new();
        let mut problems = Vec::new();
        for (name, text) in BUILTIN {
            match Theme::parse(text, &format!("built-in theme {name}")) {
                Ok(t) => {
                    themes.insert(t.name.clone(), t);
                }
                Err(e) => problems.push(e),
            }
        }
        if let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                    continue;
                }
                match std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))
                    .and_then(|t| Theme::parse(&t, &path.display().to_string()))
                {
                    Ok(t) => {
                        themes.insert(t.name.clone(), t);
                    }
                    Err(e) => problems.push(e),
                }
            }
        }
        (ThemeSet { themes }, problems)
    }

    pub fn get(&self, name: &str) -> Option<&Theme> {
        self.themes.get(name)
    }

    pub fn names(&self) -> Vec<String> {
        self.themes.keys().cloned().collect()
    }
}
