//! Themes: semantic roles (`sla_breach`, `kpi_warn`, `internal_note`, …) mapped to styles.
//! Three are built in (`themes/*.toml`, embedded); users add their own in the config
//! folder's `themes/`. `NO_COLOR` keeps only bold, reverse and the like.

use ratatui_core::style::{Color, Modifier, Style};
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
// strum writes the list and the names once, from the variants (they were spelled three times)
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
pub enum ThemeRole {
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

impl ThemeRole {
    /// Every role, in the order they are declared.
    pub const ALL: &'static [ThemeRole] = <ThemeRole as strum::VariantArray>::VARIANTS;

    /// The role's name in a theme file.
    /// The role's name in theme files: the variant in snake_case.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn from_name(name: &str) -> Option<ThemeRole> {
        name.parse().ok()
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

/// Why a theme file cannot be used; each names the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ThemeError {
    #[error("{origin}: {detail}")]
    Toml { origin: String, detail: String },
    #[error("{origin}: `{role}` is not a theme role (have: {have})")]
    NoRole { origin: String, role: String, have: String },
    #[error("{origin}: {role}: `{colour}` is not a colour (use a name like dark_gray or #rrggbb)")]
    NoColour { origin: String, role: String, colour: String },
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    styles: HashMap<ThemeRole, Style>,
}

impl Theme {
    /// Parses a theme file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Theme, ThemeError> {
        let file: ThemeFile = toml::from_str(text)
            .map_err(|e| ThemeError::Toml { origin: origin.to_string(), detail: e.message().trim().to_string() })?;
        let mut styles = HashMap::new();
        for (role, spec) in file.styles {
            let Some(key) = ThemeRole::from_name(&role) else {
                let have = ThemeRole::ALL.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ");
                return Err(ThemeError::NoRole { origin: origin.to_string(), role, have });
            };
            let color = |c: &Option<String>| -> Result<Option<Color>, ThemeError> {
                c.as_deref()
                    .map(|c| {
                        Color::from_str(c).map_err(|_| ThemeError::NoColour {
                            origin: origin.to_string(),
                            role: role.clone(),
                            colour: c.to_string(),
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
    pub fn style(&self, role: ThemeRole) -> Style {
        self.styles.get(&role).or_else(|| self.styles.get(&ThemeRole::Base)).copied().unwrap_or_default()
    }

    /// The same theme without colours, for `NO_COLOR`. Selection stays visible by reversing.
    pub fn without_colour(&self) -> Theme {
        let mut styles: HashMap<ThemeRole, Style> =
            self.styles.iter().map(|(k, s)| (*k, Style::default().add_modifier(s.add_modifier))).collect();
        styles.insert(ThemeRole::Selected, Style::default().add_modifier(Modifier::REVERSED));
        styles.insert(ThemeRole::KpiCritical, Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD));
        styles.insert(ThemeRole::SlaBreach, Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
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
                Err(e) => problems.push(e.to_string()),
            }
        }
        if let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                    continue;
                }
                match std::fs::read_to_string(&path)
                    .map_err(|e| ThemeError::Toml { origin: path.display().to_string(), detail: e.to_string() })
                    .and_then(|t| Theme::parse(&t, &path.display().to_string()))
                {
                    Ok(t) => {
                        themes.insert(t.name.clone(), t);
                    }
                    Err(e) => problems.push(e.to_string()),
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
