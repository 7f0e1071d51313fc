//! Keys → actions. The one keymap the app uses; key hints in the status
//! line and the help overlay are generated from it, so they cannot drift.
//! Also parses and prints key names (`j`, `<C-d>`, `<PageDown>`), which
//! `snapshot --keys` and config overrides use.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;
use crate::views::{Board, Pane};

/// A key press, normalised: Shift is folded into the character for
/// printable keys and Shift-Tab is `BackTab`, so `J` matches however the
/// terminal reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    pub fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    pub fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub fn ctrl(c: char) -> Key {
        Key::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// The key as [`parse_key`] reads it and the config writes it: `j`,
    /// `<C-d>`, `<Space>`, `<PageDown>`, `<F5>`, `<lt>`; names from the one
    /// table the parser uses.
    pub fn spec(&self) -> String {
        let mut mods = String::new();
        for (flag, prefix) in [
            (KeyModifiers::CONTROL, "C-"),
            (KeyModifiers::ALT, "A-"),
            (KeyModifiers::SHIFT, "S-"),
        ] {
            if self.mods.contains(flag) {
                mods.push_str(prefix);
            }
        }
        let name = match (self.code, NAMED.iter().find(|(_, c)| *c == self.code)) {
            (_, Some((name, _))) => name.to_string(),
            (KeyCode::Char(c), None) if mods.is_empty() => return c.to_string(),
            (KeyCode::Char(c), None) => c.to_string(),
            (KeyCode::F(n), None) => format!("F{n}"),
            (other, None) => format!("{other:?}"),
        };
        format!("<{mods}{name}>")
    }

    /// The key of a terminal event, or `None` for releases (which never act).
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        match ev.kind {
            KeyEventKind::Press | KeyEventKind::Repeat => Some(Key::new(ev.code, ev.modifiers)),
            KeyEventKind::Release => None,
        }
    }
}

const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("S-Tab", KeyCode::BackTab),
    ("BackTab", KeyCode::BackTab),
    ("Space", KeyCode::Char(' ')),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageDown", KeyCode::PageDown),
    ("PageUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("PgUp", KeyCode::PageUp),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("BS", KeyCode::Backspace),
    ("Del", KeyCode::Delete),
    ("lt", KeyCode::Char('<')),
];

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => match NAMED.iter().find(|(_, c)| *c == other) {
                Some((name, _)) => f.write_str(name),
                None => write!(f, "{other:?}"),
            },
        }
    }
}

/// Parses one key name: a single character (`j`, `?`, `J`) or a bracketed
/// name with optional modifiers (`<C-d>`, `<A-x>`, `<S-Tab>`, `<PageDown>`).
pub fn parse_key(name: &str) -> Result<Key, String> {
    let inner = match name.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        Some(inner) if !inner.is_empty() => inner,
        _ => {
            let mut chars = name.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(Key::char(c)),
                _ => Err(format!(
                    "unknown key `{name}` (write one character or a name like <C-d>, <PageDown>)"
                )),
            };
        }
    };
    if let Some((_, code)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(inner)) {
        return Ok(Key::plain(*code));
    }
    let mut mods = KeyModifiers::NONE;
    let mut rest = inner;
    loop {
        let lower = rest.get(..2).map(str::to_ascii_lowercase);
        match lower.as_deref() {
            Some("c-") => mods |= KeyModifiers::CONTROL,
            Some("a-") | Some("m-") => mods |= KeyModifiers::ALT,
            Some("s-") => mods |= KeyModifiers::SHIFT,
            _ => break,
        }
        rest = &rest[2..];
    }
    let code = if let Some((_, code)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)) {
        *code
    } else if let Some(n) = rest
        .strip_prefix(['F', 'f'])
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| (1..=24).contains(n))
    {
        KeyCode::F(n)
    } else {
        let mut chars = rest.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => return Err(format!("unknown key `{name}`")),
        }
    };
    Ok(Key::new(code, mods))
}

/// Parses a key sequence such as `jj<Enter><C-d>` (as `snapshot --keys`
/// takes it). Every `<` opens a name closed by the next `>`; `<lt>` is the
/// character `<`. An error names the column (in characters, from 1) of the
/// `<` that went wrong and quotes the whole sequence.
pub fn parse_keys(seq: &str) -> Result<Vec<Key>, String> {
    let mut keys = Vec::new();
    let mut chars = seq.char_indices().enumerate();
    while let Some((column, (at, c))) = chars.next() {
        if c != '<' {
            keys.push(Key::char(c));
            continue;
        }
        let column = column + 1;
        let Some(len) = seq[at..].find('>') else {
            return Err(format!("unclosed \"<\" at column {column}: {seq:?}"));
        };
        let name = &seq[at..=at + len];
        keys.push(parse_key(name).map_err(|e| format!("{e} at column {column}: {seq:?}"))?);
        // Past the name: its characters after the `<`.
        for _ in name.chars().skip(1) {
            chars.next();
        }
    }
    Ok(keys)
}

/// Where a binding applies. Pane contexts are tried before `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    /// A pane has the keys (its name is the context's label).
    Pane(Pane),
    /// A full-screen view has the keys.
    Board(Board),
    /// An overlay (help, related links) is open.
    Overlay,
    /// Text is being selected in the reader.
    Selection,
}

impl Context {
    /// The context whose bindings come next, before the global ones: a
    /// selection is made in the reader, so the reader's keys (`q`) hold.
    pub fn parent(self) -> Option<Context> {
        match self {
            Context::Selection => Some(Context::Pane(Pane::Reader)),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Context::Global => "",
            Context::Pane(pane) => pane.name(),
            Context::Board(board) => board.name(),
            Context::Overlay => "overlay",
            Context::Selection => "selecting",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub key: Key,
    pub context: Context,
    pub action: Action,
}

/// The bindings, in the order they are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Action::*;
        use Context::{Global, Overlay, Selection};
        const TOPICS: Context = Context::Pane(Pane::Topics);
        const READER: Context = Context::Pane(Pane::Reader);
        let c = Key::char;
        let p = Key::plain;
        let table: &[(Context, Action, &[Key])] = &[
            (Global, Down, &[c('j'), p(KeyCode::Down)]),
            (Global, Up, &[c('k'), p(KeyCode::Up)]),
            (Global, Top, &[c('g'), p(KeyCode::Home)]),
            (Global, Bottom, &[c('G'), p(KeyCode::End)]),
            (TOPICS, ToggleTopic, &[c(' ')]),
            (Global, PageDown, &[p(KeyCode::PageDown), c(' ')]),
            (Global, PageUp, &[p(KeyCode::PageUp), c('b')]),
            (Global, HalfPageDown, &[Key::ctrl('d'), c('d')]),
            (Global, HalfPageUp, &[Key::ctrl('u')]),
            (Global, Activate, &[p(KeyCode::Enter)]),
            (Global, NextArticle, &[c('J')]),
            (Global, PrevArticle, &[c('K')]),
            (Global, Related, &[c('r')]),
            (Global, Links, &[c('o')]),
            (Global, OpenUrl, &[c('O')]),
            (Global, NextUnread, &[c(']')]),
            (Global, PrevUnread, &[c('[')]),
            (Global, ToggleRead, &[c('u')]),
            (Global, MarkAllRead, &[c('A')]),
            (Global, ToggleStar, &[c('s')]),
            (Global, ViewUnread, &[c('U')]),
            (Global, ViewStarred, &[c('S')]),
            (Global, FocusNext, &[p(KeyCode::Tab)]),
            (Global, FocusPrev, &[p(KeyCode::BackTab)]),
            (Global, FocusLeft, &[c('h'), p(KeyCode::Left)]),
            (Global, FocusRight, &[c('l'), p(KeyCode::Right)]),
            (Global, FocusTopics, &[c('t')]),
            (Global, ToggleMatchMode, &[c('a')]),
            (Global, ClearFilters, &[c('c')]),
            (Global, DateNext, &[c('.')]),
            (Global, DatePrev, &[c(',')]),
            (Global, DateStretch, &[c('m')]),
            (Global, DateClear, &[c('M')]),
            (Global, Search, &[c('/')]),
            (Global, GoBack, &[Key::ctrl('o'), p(KeyCode::Backspace)]),
            (Global, GoForward, &[Key::ctrl('n')]),
            (Global, NextMatch, &[c('n')]),
            (Global, PrevMatch, &[c('N')]),
            (READER, Select, &[c('v')]),
            (Selection, SelectSentenceNext, &[c(')')]),
            (Selection, SelectSentencePrev, &[c('(')]),
            (Selection, SelectParagraphNext, &[c('}')]),
            (Selection, SelectParagraphPrev, &[c('{')]),
            (Selection, SelectOtherEnd, &[c('o')]),
            (READER, NextHighlight, &[c('>')]),
            (READER, PrevHighlight, &[c('<')]),
            (READER, EditNote, &[c('e')]),
            (READER, DeleteHighlight, &[c('x')]),
            (READER, Undo, &[c('z')]),
            (READER, ToggleNotes, &[c('E')]),
            (Global, HighlightsView, &[c('H')]),
            (Global, ViewHighlighted, &[c('V')]),
            (Global, StatsView, &[c('i')]),
            (Global, Help, &[c('?')]),
            // `q` steps back out of the reader and closes an overlay, as in
            // newsboat and mutt; from the list it quits, `Q` from anywhere.
            (Global, Back, &[p(KeyCode::Esc)]),
            (READER, Back, &[c('q')]),
            (Overlay, Back, &[c('q')]),
            (Global, Suspend, &[Key::ctrl('z')]),
            (Global, Quit, &[c('q'), c('Q'), Key::ctrl('c')]),
        ];
        let bindings = table
            .iter()
            .flat_map(|(context, action, keys)| {
                keys.iter().map(|&key| Binding {
                    key,
                    context: *context,
                    action: *action,
                })
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The action for a key in a context: a binding of the context wins over
    /// a global one.
    pub fn lookup(&self, key: Key, context: Context) -> Option<Action> {
        let find = |ctx: Context| {
            self.bindings
                .iter()
                .find(|b| b.key == key && b.context == ctx)
                .map(|b| b.action)
        };
        if context != Context::Global
            && let Some(action) = find(context).or_else(|| context.parent().and_then(find))
        {
            return Some(action);
        }
        find(Context::Global)
    }

    /// Keys that trigger `action` when `context` is focused, in binding order.
    pub fn keys_for(&self, action: Action, context: Context) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| {
                b.action == action
                    && (b.context == context
                        || Some(b.context) == context.parent()
                        || b.context == Context::Global)
            })
            .filter(|b| self.lookup(b.key, context) == Some(action))
            .map(|b| b.key)
            .collect()
    }

    /// The first key for `action` in `context`, for status-line hints.
    pub fn hint(&self, action: Action, context: Context) -> Option<String> {
        self.keys_for(action, context).first().map(Key::to_string)
    }

    /// Replaces every binding of `action` with `keys`. An action bound in
    /// one pane only (Space toggling a topic) stays in that pane; any other
    /// is bound globally.
    pub fn rebind(&mut self, action: Action, keys: &[Key]) {
        let context = self.context_of(action);
        self.rebind_in(action, keys, context);
    }

    /// Replaces every binding of `action` with `keys` in `context`. Other
    /// actions bound to those keys in the same context lose them, so one
    /// key never means two things; a pane's own binding still wins over a
    /// global one there, as always.
    pub fn rebind_in(&mut self, action: Action, keys: &[Key], context: Context) {
        self.bindings.retain(|b| {
            let clash = keys.contains(&b.key) && b.context == context;
            b.action != action && !clash
        });
        for &key in keys {
            self.bindings.push(Binding {
                key,
                context,
                action,
            });
        }
    }

    /// Replaces every binding of `action` with `keys` as a config file
    /// gives them: a key that `default` binds to the action only in some
    /// panes (`q` stepping back in the reader and overlays) stays in those
    /// panes; any other key goes where `default` binds the action. Other
    /// actions bound to a key in the same pane lose it.
    pub fn rebind_as(&mut self, default: &Keymap, action: Action, keys: &[Key]) {
        self.bindings.retain(|b| b.action != action);
        let home = default.context_of(action);
        for &key in keys {
            let own: Vec<Context> = default
                .bindings
                .iter()
                .filter(|b| b.action == action && b.key == key)
                .map(|b| b.context)
                .collect();
            let contexts = if own.is_empty() || own.contains(&Context::Global) {
                vec![home]
            } else {
                own
            };
            for context in contexts {
                self.bindings
                    .retain(|b| !(b.key == key && b.context == context));
                self.bindings.push(Binding {
                    key,
                    context,
                    action,
                });
            }
        }
    }

    /// The pane an action is bound in, when all its bindings are in one
    /// pane; `Global` otherwise.
    pub fn context_of(&self, action: Action) -> Context {
        let mut contexts = self
            .bindings
            .iter()
            .filter(|b| b.action == action)
            .map(|b| b.context);
        match contexts.next() {
            Some(first) if contexts.all(|c| c == first) => first,
            _ => Context::Global,
        }
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Rows of the help overlay: the keys (with the panes they apply in,
    /// when not everywhere: `q (reader/overlay)`) and what the action does,
    /// in `Action::ALL` order.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        Action::ALL
            .into_iter()
            .filter_map(|action| {
                // Each key once, with the contexts it is bound in.
                let mut keys: Vec<(Key, Vec<Context>)> = Vec::new();
                for b in self.bindings.iter().filter(|b| b.action == action) {
                    match keys.iter_mut().find(|(k, _)| *k == b.key) {
                        Some((_, contexts)) => contexts.push(b.context),
                        None => keys.push((b.key, vec![b.context])),
                    }
                }
                let keys: Vec<String> = keys
                    .iter()
                    .map(|(key, contexts)| {
                        if contexts.contains(&Context::Global) {
                            key.to_string()
                        } else {
                            let labels: Vec<&str> = contexts.iter().map(|c| c.label()).collect();
                            format!("{key} ({})", labels.join("/"))
                        }
                    })
                    .collect();
                (!keys.is_empty()).then(|| (keys.join(", "), action.describe()))
            })
            .collect()
    }
}

/// The help overlay laid out for a screen of a given width: its box's
/// width, the keys' column and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLayout {
    /// The box's width, borders included.
    pub width: u16,
    /// Cells of the keys' column.
    pub key_col: usize,
    /// Per line: a piece of a row's keys and of its description, each
    /// wrapped at spaces so no word is cut.
    pub lines: Vec<(String, String)>,
}

impl Keymap {
    /// The help overlay for a screen `width` cells wide: as wide as its
    /// longest row needs, at most the screen; a description longer than
    /// its column wraps onto lines of its own below the keys.
    pub fn help_layout(&self, width: u16) -> HelpLayout {
        use crate::width::{display_width, wrap_words};
        let rows = self.help_rows();
        let key_w = rows
            .iter()
            .map(|(k, _)| display_width(k))
            .max()
            .unwrap_or(0);
        let desc_w = rows
            .iter()
            .map(|(_, d)| display_width(d))
            .max()
            .unwrap_or(0);
        // A cell of padding, the keys, two cells, the description and a
        // blank cell, inside the borders.
        let want = key_w + desc_w + 6;
        let box_w = want.min(usize::from(width));
        let inner = box_w.saturating_sub(2);
        let key_col = key_w.min(inner / 2);
        let desc_room = inner.saturating_sub(key_col + 4).max(1);
        let mut lines = Vec::new();
        for (keys, desc) in rows {
            // Keys wrap too, in the rare column narrower than them.
            let keys = wrap_words(&keys, key_col.max(1));
            let desc = wrap_words(desc, desc_room);
            for i in 0..keys.len().max(desc.len()) {
                let piece = |v: &[String]| v.get(i).cloned().unwrap_or_default();
                lines.push((piece(&keys), piece(&desc)));
            }
        }
        HelpLayout {
            width: u16::try_from(box_w).unwrap_or(u16::MAX),
            key_col,
            lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sequences() {
        let keys = parse_keys("jJ<Enter><C-d><S-Tab><Space><lt>?").unwrap();
        assert_eq!(
            keys,
            vec![
                Key::char('j'),
                Key::char('J'),
                Key::plain(KeyCode::Enter),
                Key::ctrl('d'),
                Key::plain(KeyCode::BackTab),
                Key::char(' '),
                Key::char('<'),
                Key::char('?'),
            ]
        );
        assert!(parse_keys("<Nope>").is_err());
        assert_eq!(
            parse_keys("ö<lt>").unwrap(),
            vec![Key::char('ö'), Key::char('<')]
        );
    }

    #[test]
    fn an_unclosed_or_empty_name_is_refused_with_its_column() {
        for (seq, says) in [
            ("<Enter", r#"unclosed "<" at column 1: "<Enter""#),
            ("a<", r#"unclosed "<" at column 2: "a<""#),
            (
                "åä<Enter><Esc",
                r#"unclosed "<" at column 10: "åä<Enter><Esc""#,
            ),
            ("j<Nope>", r#"unknown key `<Nope>` at column 2: "j<Nope>""#),
        ] {
            assert_eq!(parse_keys(seq), Err(says.to_string()), "{seq}");
        }
        assert!(parse_keys("<>").is_err());
        assert!(parse_keys("<<Enter>").is_err());
    }

    #[test]
    fn every_key_round_trips_through_its_spec() {
        let more = [
            Key::char('<'),
            Key::char(' '),
            Key::char('ö'),
            Key::plain(KeyCode::F(5)),
            Key::plain(KeyCode::BackTab),
            Key::new(
                KeyCode::Char('x'),
                KeyModifiers::CONTROL | KeyModifiers::ALT,
            ),
            Key::new(KeyCode::PageDown, KeyModifiers::ALT),
            Key::new(KeyCode::Left, KeyModifiers::SHIFT),
        ];
        let keymap = Keymap::default();
        let defaults = keymap.bindings().iter().map(|b| b.key);
        for key in defaults.chain(more) {
            assert_eq!(parse_key(&key.spec()), Ok(key), "{key:?} as {}", key.spec());
        }
        assert_eq!(Key::char(' ').spec(), "<Space>");
        assert_eq!(Key::ctrl('d').spec(), "<C-d>");
        assert_eq!(Key::plain(KeyCode::PageDown).spec(), "<PageDown>");
        assert_eq!(Key::char('J').spec(), "J");
    }

    #[test]
    fn shift_is_folded_into_characters() {
        let ev = KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Some(Key::char('J')));
        let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&tab), Some(Key::plain(KeyCode::BackTab)));
        let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(Key::from_event(&release), None);
    }

    #[test]
    fn pane_bindings_win_over_global_ones() {
        let km = Keymap::default();
        assert_eq!(
            km.lookup(Key::char(' '), Context::Pane(Pane::Topics)),
            Some(Action::ToggleTopic)
        );
        assert_eq!(
            km.lookup(Key::char(' '), Context::Pane(Pane::List)),
            Some(Action::PageDown)
        );
        assert_eq!(
            km.lookup(Key::ctrl('c'), Context::Pane(Pane::Reader)),
            Some(Action::Quit)
        );
        assert_eq!(km.lookup(Key::char('x'), Context::Pane(Pane::List)), None);
    }

    #[test]
    fn q_steps_back_in_the_reader_and_overlays_and_quits_elsewhere() {
        let km = Keymap::default();
        let q = Key::char('q');
        assert_eq!(
            km.lookup(q, Context::Pane(Pane::Reader)),
            Some(Action::Back)
        );
        assert_eq!(km.lookup(q, Context::Overlay), Some(Action::Back));
        // Never a quit while text is selected.
        assert_eq!(km.lookup(q, Context::Selection), Some(Action::Back));
        assert_eq!(km.lookup(q, Context::Pane(Pane::List)), Some(Action::Quit));
        assert_eq!(
            km.lookup(q, Context::Pane(Pane::Topics)),
            Some(Action::Quit)
        );
        for context in [
            Context::Pane(Pane::List),
            Context::Pane(Pane::Reader),
            Context::Pane(Pane::Topics),
            Context::Overlay,
        ] {
            assert_eq!(km.lookup(Key::char('Q'), context), Some(Action::Quit));
        }
        let rows = km.help_rows();
        let back = rows.iter().find(|(_, d)| *d == Action::Back.describe());
        assert_eq!(
            back.map(|(k, _)| k.as_str()),
            Some("Esc, q (reader/overlay)")
        );
    }

    #[test]
    fn every_action_has_a_key_and_a_help_row() {
        let km = Keymap::default();
        let rows = km.help_rows();
        assert_eq!(rows.len(), Action::ALL.len());
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
        assert!(rows.iter().any(|(keys, _)| keys.contains("Space (topics)")));
    }

    #[test]
    fn rebinding_moves_a_key() {
        let mut km = Keymap::default();
        km.rebind(Action::Quit, &[Key::char('x')]);
        assert_eq!(
            km.lookup(Key::char('x'), Context::Pane(Pane::List)),
            Some(Action::Quit)
        );
        assert_eq!(km.lookup(Key::char('q'), Context::Pane(Pane::List)), None);
        assert_eq!(
            km.hint(Action::Quit, Context::Pane(Pane::List)).as_deref(),
            Some("x")
        );
    }
}
