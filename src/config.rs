//! `config.toml`: the settings a user can change (default archive, reading
//! measure, date format, whether read articles show, colours, keys), their
//! defaults, the commented default file, and errors that name
//! `file:line:column`. Applying a config to the app happens here too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use crate::action::Action;
use crate::keymap::{Context, Key, Keymap, parse_key};
pub use crate::theme::DateFormat;
use crate::theme::Theme;

/// Environment variable naming the config file (below `--config`).
pub const CONFIG_ENV: &str = "LEKTYR_CONFIG";

pub use crate::layout::MEASURE_RANGE;

/// Whether colours are drawn: the config's `color`, the reader's and
/// `show`'s `--color`, all spelt the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorMode {
    /// Colours unless NO_COLOR is set (the reader: as the config says;
    /// show: on a terminal only)
    #[default]
    Auto,
    /// Colours and styles, also into a pipe
    Always,
    /// No colours (the reader keeps bold, italic, underline and reverse;
    /// show prints plain text)
    Never,
}

impl ColorMode {
    /// Whether to draw colours, given the `NO_COLOR` environment value.
    pub fn colours(self, no_color: Option<&std::ffi::OsStr>) -> bool {
        match self {
            ColorMode::Always => true,
            ColorMode::Never => false,
            // no-color.org: set and not empty means no colour.
            ColorMode::Auto => no_color.is_none_or(|v| v.is_empty()),
        }
    }
}

/// The settings, defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Archive opened when none is named (the built-in sample when unset).
    pub archive: Option<PathBuf>,
    /// What opens when nothing is named, as one list: files, folders and
    /// patterns (`~/feeds/*.json`); before `archive` when both are set.
    pub library: Vec<PathBuf>,
    pub measure: u16,
    /// How dates show in the list (`%Y-%m-%d` and friends).
    pub date_format: DateFormat,
    /// `false`: start in the unread-only view.
    pub show_read: bool,
    /// Search ignores diacritics (`å` matches `a`).
    pub search_folds_diacritics: bool,
    pub color: ColorMode,
    /// Links as OSC 8 hyperlinks.
    pub hyperlinks: crate::hyperlinks::Hyperlinks,
    /// Bytes the archive cache may take in all (oldest used go first).
    pub cache_limit: u64,
    pub theme: Theme,
    /// Key overrides, in file order: each replaces the action's keys.
    pub keys: Vec<(Action, Vec<Key>)>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            archive: None,
            library: Vec::new(),
            measure: crate::layout::MEASURE,
            date_format: DateFormat::default(),
            show_read: true,
            search_folds_diacritics: false,
            color: ColorMode::Auto,
            hyperlinks: crate::hyperlinks::Hyperlinks::Auto,
            cache_limit: crate::archive::cache::DEFAULT_LIMIT,
            theme: Theme::default(),
            keys: Vec::new(),
        }
    }
}

impl Config {
    /// The keymap with the overrides applied.
    pub fn keymap(&self) -> Keymap {
        let default = Keymap::default();
        let mut km = default.clone();
        for (action, keys) in &self.keys {
            // The panes the action has by default, whatever order the
            // overrides come in.
            km.rebind_as(&default, *action, keys);
        }
        km
    }
}

// ----- styles ----------------------------------------------------------

const COLOURS: &[(&str, Color)] = &[
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("grey", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("dark-grey", Color::DarkGray),
    ("bright-red", Color::LightRed),
    ("bright-green", Color::LightGreen),
    ("bright-yellow", Color::LightYellow),
    ("bright-blue", Color::LightBlue),
    ("bright-magenta", Color::LightMagenta),
    ("bright-cyan", Color::LightCyan),
    ("white", Color::White),
];

const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underline", Modifier::UNDERLINED),
    ("reverse", Modifier::REVERSED),
];

fn parse_colour(word: &str) -> Option<Color> {
    let lower = word.to_ascii_lowercase();
    if let Some((_, c)) = COLOURS.iter().find(|(n, _)| *n == lower) {
        return Some(*c);
    }
    if let Some(hex) = lower.strip_prefix('#')
        && hex.len() == 6
        && let Ok(n) = u32::from_str_radix(hex, 16)
    {
        let [_, r, g, b] = n.to_be_bytes();
        return Some(Color::Rgb(r, g, b));
    }
    lower.parse::<u8>().ok().map(Color::Indexed)
}

/// Parses a style: words separated by spaces — modifiers (`bold`, `dim`,
/// `italic`, `underline`, `reverse`), a foreground colour, and `on` then a
/// background colour. E.g. `bold yellow`, `reverse`, `white on blue`.
pub fn parse_style(spec: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = spec.split_whitespace().peekable();
    if words.peek().is_none() {
        return Err("empty style (write e.g. \"bold yellow\" or \"reverse\")".into());
    }
    let mut fg = false;
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        if let Some((_, m)) = MODIFIERS.iter().find(|(n, _)| *n == lower) {
            style = style.add_modifier(*m);
        } else if lower == "on" {
            let Some(bg) = words.next().and_then(parse_colour) else {
                return Err(format!("`on` in \"{spec}\" needs a colour after it"));
            };
            style = style.bg(bg);
        } else if let Some(c) = parse_colour(word) {
            if fg {
                return Err(format!(
                    "\"{spec}\" names two colours (a background is `on COLOUR`)"
                ));
            }
            fg = true;
            style = style.fg(c);
        } else {
            return Err(format!(
                "unknown colour or style `{word}` (colours: black red green yellow blue \
                 magenta cyan gray dark-gray white, bright-…, default, #rrggbb, 0-255; \
                 styles: bold dim italic underline reverse)"
            ));
        }
    }
    Ok(style)
}

/// A style as `parse_style` reads it: modifiers, a colour, `on` a
/// background; names from the same tables. `parse_style(&style_spec(s))`
/// gives `s` back for any style lektyr can parse.
pub fn style_spec(style: Style) -> String {
    let colour = |c: Color| match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => i.to_string(),
        named => COLOURS
            .iter()
            .find(|(_, c)| *c == named)
            .map_or_else(|| "default".to_string(), |(n, _)| n.to_string()),
    };
    let mut words: Vec<String> = MODIFIERS
        .iter()
        .filter(|(_, m)| style.add_modifier.contains(*m))
        .map(|(n, _)| n.to_string())
        .collect();
    words.extend(style.fg.map(colour));
    if let Some(bg) = style.bg {
        words.push("on".into());
        words.push(colour(bg));
    }
    words.join(" ")
}

/// A themable part: its config name, what it is, how a style applies to
/// it, and where its default comes from (`config default` writes it).
struct ThemePart {
    name: &'static str,
    what: &'static str,
    apply: fn(&mut Theme, Style),
    get: fn(&Theme) -> Style,
}

const THEME_KEYS: &[ThemePart] = &[
    ThemePart {
        name: "pullquote",
        what: "pull quotes (their rules and cite take its colour)",
        apply: |t, s| {
            t.pullquote = s;
            if let Some(fg) = s.fg {
                t.pullquote_rule = Style::new().fg(fg);
                t.pullquote_cite = Style::new().fg(fg).add_modifier(Modifier::ITALIC);
            }
        },
        get: |t| t.pullquote,
    },
    ThemePart {
        name: "quote",
        what: "block quotes",
        apply: |t, s| t.quote = s,
        get: |t| t.quote,
    },
    ThemePart {
        name: "heading",
        what: "headings in articles",
        apply: |t, s| t.heading = s,
        get: |t| t.heading,
    },
    ThemePart {
        name: "accent",
        what: "focused borders, marks, messages",
        apply: |t, s| {
            t.accent = s;
            t.border_focused = s;
        },
        get: |t| t.accent,
    },
    ThemePart {
        name: "selection",
        what: "the selected row",
        apply: |t, s| t.selection = s,
        get: |t| t.selection,
    },
    ThemePart {
        name: "unread",
        what: "the unread mark in the list",
        apply: |t, s| t.unread = s,
        get: |t| t.unread,
    },
    ThemePart {
        name: "star",
        what: "the star mark in the list",
        apply: |t, s| t.star = s,
        get: |t| t.star,
    },
    ThemePart {
        name: "search_match",
        what: "search matches in the reader",
        apply: |t, s| t.search_match = s,
        get: |t| t.search_match,
    },
    ThemePart {
        name: "search_current",
        what: "the match n/N went to",
        apply: |t, s| t.search_current = s,
        get: |t| t.search_current,
    },
    ThemePart {
        name: "highlight",
        what: "your highlights in the reader",
        apply: |t, s| t.highlight = s,
        get: |t| t.highlight,
    },
    ThemePart {
        name: "highlight_current",
        what: "the highlight notes and deleting act on",
        apply: |t, s| t.highlight_current = s,
        get: |t| t.highlight_current,
    },
    ThemePart {
        name: "selecting",
        what: "text being selected to highlight",
        apply: |t, s| t.selecting = s,
        get: |t| t.selecting,
    },
    ThemePart {
        name: "note",
        what: "a note under its highlight",
        apply: |t, s| t.note = s,
        get: |t| t.note,
    },
];

// ----- loading ---------------------------------------------------------

/// A config that cannot be used: the message names `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    archive: Option<Spanned<String>>,
    library: Option<Spanned<Vec<Spanned<String>>>>,
    measure: Option<Spanned<i64>>,
    date_format: Option<Spanned<String>>,
    show_read: Option<bool>,
    search_folds_diacritics: Option<bool>,
    color: Option<Spanned<String>>,
    hyperlinks: Option<Spanned<String>>,
    cache_limit_mb: Option<Spanned<i64>>,
    #[serde(default)]
    theme: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

/// 1-based line and column of byte `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(start..).map_or(1, |s| s.chars().count() + 1);
    (line, column)
}

/// Where the config file is: the flag, else `LEKTYR_CONFIG`, else
/// `config.toml` in the platform config directory. The flag says whether
/// the path was named explicitly (then it must exist).
pub fn config_path(flag: Option<&Path>) -> Option<(PathBuf, bool)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = std::env::var_os(CONFIG_ENV).filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    directories::ProjectDirs::from("", "", "lektyr")
        .map(|d| (d.config_dir().join("config.toml"), false))
}

/// Loads the config file: defaults when there is none (unless it was named
/// explicitly), an error naming file:line:column when it is wrong.
pub fn load(flag: Option<&Path>) -> Result<Config, ConfigError> {
    let Some((path, explicit)) = config_path(flag) else {
        return Ok(Config::default());
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&path.display().to_string(), &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => Ok(Config::default()),
        Err(e) => Err(ConfigError(format!(
            "error: config {}: cannot read it: {e}",
            path.display()
        ))),
    }
}

/// Parses config text; `name` is used in error messages.
pub fn parse(name: &str, text: &str) -> Result<Config, ConfigError> {
    let at = |span: std::ops::Range<usize>, msg: String| {
        let (line, col) = line_col(text, span.start);
        ConfigError(format!("error: {name}:{line}:{col}: {msg}"))
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let msg = e.message().trim().to_string();
        match e.span() {
            Some(span) => at(span, msg),
            None => ConfigError(format!("error: {name}: {msg}")),
        }
    })?;
    let mut config = Config::default();
    if let Some(a) = raw.archive {
        let path = a.get_ref().trim();
        if path.is_empty() {
            return Err(at(a.span(), "`archive` is empty".into()));
        }
        config.archive = Some(expand_home(path));
    }
    if let Some(list) = raw.library {
        for entry in list.get_ref() {
            let path = entry.get_ref().trim();
            if path.is_empty() {
                return Err(at(entry.span(), "an entry of `library` is empty".into()));
            }
            config.library.push(expand_home(path));
        }
    }
    if let Some(m) = raw.measure {
        config.measure = crate::layout::check_measure(*m.get_ref())
            .map_err(|e| at(m.span(), format!("`measure`: {e}")))?;
    }
    if let Some(f) = raw.date_format {
        config.date_format = DateFormat::parse(f.get_ref()).map_err(|e| at(f.span(), e))?;
    }
    if let Some(s) = raw.show_read {
        config.show_read = s;
    }
    if let Some(f) = raw.search_folds_diacritics {
        config.search_folds_diacritics = f;
    }
    if let Some(m) = raw.cache_limit_mb {
        config.cache_limit = u64::try_from(*m.get_ref())
            .ok()
            .and_then(|mb| mb.checked_mul(1 << 20))
            .ok_or_else(|| {
                at(
                    m.span(),
                    "`cache_limit_mb` must be a number of megabytes, 0 or more".into(),
                )
            })?;
    }
    if let Some(c) = raw.color {
        use clap::ValueEnum;
        config.color = ColorMode::from_str(c.get_ref(), false).map_err(|_| {
            let names: Vec<String> = ColorMode::value_variants()
                .iter()
                .filter_map(|m| m.to_possible_value())
                .map(|v| format!("\"{}\"", v.get_name()))
                .collect();
            at(
                c.span(),
                format!("`color` is \"{}\"; use {}", c.get_ref(), names.join(", ")),
            )
        })?;
    }
    if let Some(h) = raw.hyperlinks {
        use crate::hyperlinks::Hyperlinks;
        config.hyperlinks = match h.get_ref().as_str() {
            "auto" => Hyperlinks::Auto,
            "always" => Hyperlinks::Always,
            "never" => Hyperlinks::Never,
            other => {
                return Err(at(
                    h.span(),
                    format!("`hyperlinks` is \"{other}\"; use \"auto\", \"always\" or \"never\""),
                ));
            }
        };
    }
    for (key, value) in &raw.theme {
        let Some(part) = THEME_KEYS.iter().find(|p| p.name == key.get_ref()) else {
            let names: Vec<&str> = THEME_KEYS.iter().map(|p| p.name).collect();
            return Err(at(
                key.span(),
                format!(
                    "unknown theme part `{}` (known: {})",
                    key.get_ref(),
                    names.join(", ")
                ),
            ));
        };
        let style = parse_style(value.get_ref()).map_err(|e| at(value.span(), e))?;
        (part.apply)(&mut config.theme, style);
    }
    for (name, value) in &raw.keys {
        let Some(action) = Action::from_name(name.get_ref()) else {
            return Err(at(
                name.span(),
                format!(
                    "unknown action `{}` (`lektyr config default` lists them)",
                    name.get_ref()
                ),
            ));
        };
        let specs: Vec<&str> = match value.get_ref() {
            toml::Value::String(s) => vec![s.as_str()],
            toml::Value::Array(items) => items
                .iter()
                .map(|v| v.as_str())
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    at(
                        value.span(),
                        "keys are strings, e.g. [\"j\", \"<Down>\"]".into(),
                    )
                })?,
            _ => {
                return Err(at(
                    value.span(),
                    "keys are a string or a list of strings, e.g. [\"j\", \"<Down>\"]".into(),
                ));
            }
        };
        let keys = specs
            .into_iter()
            .map(parse_key)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| at(value.span(), e))?;
        config.keys.push((action, keys));
    }
    Ok(config)
}

/// `~/x` → the home directory's `x`.
fn expand_home(path: &str) -> PathBuf {
    if let Some(rest) = path.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    PathBuf::from(path)
}

/// The commented default config file: every setting at its default, keys
/// as comments (uncomment a line to change that action's keys).
pub fn default_text() -> String {
    let d = Config::default();
    let mut out = String::from(
        "# lektyr configuration (config.toml). Every value below is the default;\n\
         # change what you like. `lektyr config path` prints where lektyr looks.\n\n\
         # Archive opened when none is named; unset opens the built-in sample.\n\
         # archive = \"~/articles/archive.json\"\n\n\
         # Or a library: files, folders and patterns opened as one list when none\n\
         # is named (before `archive`).\n\
         # library = [\"~/archives\", \"~/feeds/*.json\"]\n\n",
    );
    out.push_str(&format!(
        "# Widest the reading column gets, in columns ({}-{}).\nmeasure = {}\n\n",
        MEASURE_RANGE.start(),
        MEASURE_RANGE.end(),
        d.measure
    ));
    out.push_str(&format!(
        "# Dates in the list: %Y %y %m %d %e (day, no zero) %b (Jan) %B (January) %%.\n\
         date_format = \"{}\"\n\n",
        d.date_format.as_str()
    ));
    out.push_str(
        "# false: start in the unread-only view (U switches).\nshow_read = true\n\n\
         # true: search ignores diacritics (å finds a, é finds e); by default they count.\n\
         search_folds_diacritics = false\n\n\
         # Colours: \"auto\" (none when NO_COLOR is set), \"always\", \"never\".\n\
         color = \"auto\"\n\n\
         # Links as OSC 8 hyperlinks: \"auto\" (terminals known to show them), \"always\", \"never\".\n\
         hyperlinks = \"auto\"\n\n",
    );
    out.push_str(&format!(
        "# Megabytes the archive cache may take in all; the least recently used go\n\
         # first (0: cache nothing). `lektyr cache path` prints where it is.\n\
         cache_limit_mb = {}\n\n",
        d.cache_limit >> 20
    ));
    out.push_str(
        "# Styles: modifiers (bold dim italic underline reverse), a colour (black red\n\
         # green yellow blue magenta cyan gray dark-gray white, bright-red…, default,\n\
         # #rrggbb, 0-255) and `on COLOUR` for a background, e.g. \"bold white on blue\".\n\
         # Named colours follow your terminal's palette, light or dark.\n[theme]\n",
    );
    let theme = Theme::default();
    for part in THEME_KEYS {
        let default = style_spec((part.get)(&theme));
        out.push_str(&format!("{} = \"{default}\"  # {}\n", part.name, part.what));
    }
    out.push_str(
        "\n# Keys: action = [\"key\", …] replaces that action's keys (in its pane, if\n\
         # it has one); other actions give those keys up.\n\
         # Keys: a character, or <Enter> <Esc> <Tab> <S-Tab> <Space> <Up> <PageDown>\n\
         # <Home> <F5> <lt>, with modifiers <C-d> (Ctrl), <A-x> (Alt).\n[keys]\n",
    );
    let km = Keymap::default();
    for action in Action::ALL {
        let mut keys: Vec<Key> = Vec::new();
        for b in km.bindings().iter().filter(|b| b.action == action) {
            // A key bound in two panes (`q`) is written once.
            if !keys.contains(&b.key) {
                keys.push(b.key);
            }
        }
        let keys: Vec<String> = keys
            .iter()
            .map(|key| {
                format!(
                    "\"{}\"",
                    key.spec().replace('\\', "\\\\").replace('"', "\\\"")
                )
            })
            .collect();
        let pane = match km.context_of(action) {
            Context::Global => String::new(),
            ctx => format!(" (in the {} pane)", ctx.label()),
        };
        out.push_str(&format!(
            "# {} = [{}]  # {}{pane}\n",
            action.name(),
            keys.join(", "),
            action.describe()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_format() {
        let f = DateFormat::parse("%e %b %Y").expect("valid");
        assert_eq!(f.format("2024-03-05"), "5 Mar 2024");
        assert_eq!(DateFormat::default().format("2024-03-05"), "2024-03-05");
        assert_eq!(f.format("spring 2024"), "spring 2024");
        assert_eq!(f.format("2024-13-05"), "2024-13-05");
        assert!(DateFormat::parse("%Q").is_err());
        assert!(DateFormat::parse("50%").is_err());
    }

    #[test]
    fn styles_parse() {
        assert_eq!(
            parse_style("bold yellow"),
            Ok(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD))
        );
        assert_eq!(
            parse_style("white on #102030"),
            Ok(Style::new()
                .fg(Color::White)
                .bg(Color::Rgb(0x10, 0x20, 0x30)))
        );
        assert!(parse_style("blurple").is_err());
        assert!(parse_style("red blue").is_err());
        assert!(parse_style("").is_err());
    }

    #[test]
    fn style_specs_parse_back_to_their_style() {
        for part in THEME_KEYS {
            let style = (part.get)(&Theme::default());
            assert_eq!(parse_style(&style_spec(style)), Ok(style), "{}", part.name);
            // Applied as the config would, the default changes nothing.
            let mut theme = Theme::default();
            (part.apply)(&mut theme, style);
            assert_eq!(theme, Theme::default(), "{}", part.name);
        }
        for spec in ["bold white on #102030", "dim 123 on bright-blue", "reverse"] {
            let style = parse_style(spec).expect("valid");
            assert_eq!(style_spec(style), spec);
        }
        assert_eq!(style_spec(Style::new().fg(Color::DarkGray)), "dark-gray");
    }

    #[test]
    fn colour_mode_follows_no_color() {
        use std::ffi::OsStr;
        assert!(ColorMode::Auto.colours(None));
        assert!(ColorMode::Auto.colours(Some(OsStr::new(""))));
        assert!(!ColorMode::Auto.colours(Some(OsStr::new("1"))));
        assert!(ColorMode::Always.colours(Some(OsStr::new("1"))));
        assert!(!ColorMode::Never.colours(None));
    }

    #[test]
    fn line_columns_count_characters() {
        assert_eq!(line_col("ab\ncdé f", 9), (2, 6));
        assert_eq!(line_col("", 5), (1, 1));
    }
}
