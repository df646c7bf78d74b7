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

/// Every role a theme may set; a missing one falls back to `Base`. The UI names roles by
/// this enum, so a misspelt role does not compile; theme files name them in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Base,
    Border,
    BorderFocused,
    Title,
    Selected,
    Marked,
    Dim,
    KpiLabel,
    KpiValue,
    KpiWarn,
    KpiCritical,
    KpiNa,
    SlaOk,
    SlaWarn,
    SlaBreach,
    SlaPaused,
    PriorityUrgent,
    PriorityHigh,
    PriorityNormal,
    PriorityLow,
    StatusNew,
    StatusOpen,
    StatusPending,
    StatusHold,
    StatusSolved,
    CustomerMessage,
    AgentMessage,
    InternalNote,
    MessageMeta,
    StatusLine,
    StatusError,
    StatusOk,
    HintKey,
    HintText,
    Overlay,
}

impl Role {
    pub const ALL: [Role; 35] = [
        Role::Base,
        Role::Border,
        Role::BorderFocused,
        Role::Title,
        Role::Selected,
        Role::Marked,
        Role::Dim,
        Role::KpiLabel,
        Role::KpiValue,
        Role::KpiWarn,
        Role::KpiCritical,
        Role::KpiNa,
        Role::SlaOk,
        Role::SlaWarn,
        Role::SlaBreach,
        Role::SlaPaused,
        Role::PriorityUrgent,
        Role::PriorityHigh,
        Role::PriorityNormal,
        Role::PriorityLow,
        Role::StatusNew,
        Role::StatusOpen,
        Role::StatusPending,
        Role::StatusHold,
        Role::StatusSolved,
        Role::CustomerMessage,
        Role::AgentMessage,
        Role::InternalNote,
        Role::MessageMeta,
        Role::StatusLine,
        Role::StatusError,
        Role::StatusOk,
        Role::HintKey,
        Role::HintText,
        Role::Overlay,
    ];

    /// The role's name in a theme file.
    pub fn name(self) -> &'static str {
        match self {
            Role::Base => "base",
            Role::Border => "border",
            Role::BorderFocused => "border_focused",
            Role::Title => "title",
            Role::Selected => "selected",
            Role::Marked => "marked",
            Role::Dim => "dim",
            Role::KpiLabel => "kpi_label",
            Role::KpiValue => "kpi_value",
            Role::KpiWarn => "kpi_warn",
            Role::KpiCritical => "kpi_critical",
            Role::KpiNa => "kpi_na",
            Role::SlaOk => "sla_ok",
            Role::SlaWarn => "sla_warn",
            Role::SlaBreach => "sla_breach",
            Role::SlaPaused => "sla_paused",
            Role::PriorityUrgent => "priority_urgent",
            Role::PriorityHigh => "priority_high",
            Role::PriorityNormal => "priority_normal",
            Role::PriorityLow => "priority_low",
            Role::StatusNew => "status_new",
            Role::StatusOpen => "status_open",
            Role::StatusPending => "status_pending",
            Role::StatusHold => "status_hold",
            Role::StatusSolved => "status_solved",
            Role::CustomerMessage => "customer_message",
            Role::AgentMessage => "agent_message",
            Role::InternalNote => "internal_note",
            Role::MessageMeta => "message_meta",
            Role::StatusLine => "status_line",
            Role::StatusError => "status_error",
            Role::StatusOk => "status_ok",
            Role::HintKey => "hint_key",
            Role::HintText => "hint_text",
            Role::Overlay => "overlay",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

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
    styles: HashMap<Role, Style>,
}

impl Theme {
    /// Parses a theme file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Theme, String> {
        let file: ThemeFile = toml::from_str(text).map_err(|e| format!("{origin}: {}", e.message().trim()))?;
        let mut styles = HashMap::new();
        for (role, spec) in file.styles {
            let Some(key) = Role::from_name(&role) else {
                let have: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                return Err(format!("{origin}: `{role}` is not a theme role (have: {})", have.join(", ")));
            };
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
            styles.insert(key, style);
        }
        Ok(Theme { name: file.name, styles })
    }

    /// The style of a role, falling back to `Base`.
    pub fn style(&self, role: Role) -> Style {
        self.styles.get(&role).or_else(|| self.styles.get(&Role::Base)).copied().unwrap_or_default()
    }

    /// The same theme without colours, for `NO_COLOR`. Selection stays visible by reversing.
    pub fn without_colour(&self) -> Theme {
        let mut styles: HashMap<Role, Style> =
            self.styles.iter().map(|(k, s)| (*k, Style::default().add_modifier(s.add_modifier))).collect();
        styles.insert(Role::Selected, Style::default().add_modifier(Modifier::REVERSED));
        styles.insert(Role::KpiCritical, Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD));
        styles.insert(Role::SlaBreach, Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
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
