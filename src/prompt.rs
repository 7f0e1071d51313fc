//! A one-line text prompt (the search prompt on the status line): the text,
//! a cursor on grapheme boundaries, and the line-editing keys people know
//! from a shell. While a prompt is open it gets every key before the
//! keymap does.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

use crate::keymap::Key;

/// What a key did to the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// Enter: keep what was typed.
    Submit,
    /// Esc (or Ctrl-c): put back what was there before.
    Cancel,
    /// ↑: an older entry of the history.
    Older,
    /// ↓: a newer entry of the history.
    Newer,
    /// A key the prompt does not use.
    Ignored,
}

/// The text being typed and the cursor (a byte offset on a grapheme
/// boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    text: String,
    cursor: usize,
}

impl Prompt {
    pub fn with_text(text: &str) -> Prompt {
        Prompt {
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor as a byte offset into [`Prompt::text`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Replaces the text (a history entry), cursor at the end.
    pub fn set(&mut self, text: &str) {
        *self = Prompt::with_text(text);
    }

    /// Applies one key: ←/→ (Ctrl-b/Ctrl-f), Home/End (Ctrl-a/Ctrl-e),
    /// Backspace, Delete, Ctrl-w (the word before the cursor), Ctrl-u (all
    /// before the cursor), Enter, Esc, ↑/↓, and printable characters.
    pub fn apply(&mut self, key: Key) -> Edit {
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => Edit::Submit,
            KeyCode::Esc => Edit::Cancel,
            KeyCode::Char('c') if ctrl => Edit::Cancel,
            KeyCode::Up => Edit::Older,
            KeyCode::Down => Edit::Newer,
            KeyCode::Left => self.go(self.prev_boundary()),
            KeyCode::Char('b') if ctrl => self.go(self.prev_boundary()),
            KeyCode::Right => self.go(self.next_boundary()),
            KeyCode::Char('f') if ctrl => self.go(self.next_boundary()),
            KeyCode::Home => self.go(0),
            KeyCode::Char('a') if ctrl => self.go(0),
            KeyCode::End => self.go(self.text.len()),
            KeyCode::Char('e') if ctrl => self.go(self.text.len()),
            KeyCode::Backspace => self.remove(self.prev_boundary(), self.cursor),
            KeyCode::Char('h') if ctrl => self.remove(self.prev_boundary(), self.cursor),
            KeyCode::Delete => self.remove(self.cursor, self.next_boundary()),
            KeyCode::Char('w') if ctrl => self.remove(self.word_start(), self.cursor),
            KeyCode::Char('u') if ctrl => self.remove(0, self.cursor),
            KeyCode::Char(c) if !ctrl && !key.mods.contains(KeyModifiers::ALT) => {
                // Controls never enter the text: it is drawn on the screen.
                if c.is_control() {
                    return Edit::Ignored;
                }
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                Edit::Changed
            }
            _ => Edit::Ignored,
        }
    }

    fn go(&mut self, to: usize) -> Edit {
        self.cursor = to;
        Edit::Moved
    }

    fn remove(&mut self, from: usize, to: usize) -> Edit {
        if from >= to {
            return Edit::Moved;
        }
        self.text.replace_range(from..to, "");
        self.cursor = from;
        Edit::Changed
    }

    fn prev_boundary(&self) -> usize {
        self.text
            .get(..self.cursor)
            .and_then(|before| before.grapheme_indices(true).next_back())
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text
            .get(self.cursor..)
            .and_then(|after| after.graphemes(true).next())
            .map_or(self.text.len(), |g| self.cursor + g.len())
    }

    /// Where the word before the cursor starts (spaces before it go too),
    /// as a shell's Ctrl-w does.
    fn word_start(&self) -> usize {
        let before = self.text.get(..self.cursor).unwrap_or("");
        let trimmed = before.trim_end();
        trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::parse_keys;

    fn typed(keys: &str) -> (String, usize) {
        let mut p = Prompt::default();
        for key in parse_keys(keys).expect("keys parse") {
            p.apply(key);
        }
        (p.text, p.cursor)
    }

    #[test]
    fn typing_and_moving() {
        assert_eq!(typed("kund"), ("kund".into(), 4));
        assert_eq!(typed("kund<Left><Left>X"), ("kuXnd".into(), 3));
        assert_eq!(typed("kund<Home>X<End>Y"), ("XkundY".into(), 6));
        assert_eq!(typed("ab<C-a>c<C-e>d"), ("cabd".into(), 4));
        assert_eq!(typed("<Left><Left><Right>"), (String::new(), 0));
    }

    #[test]
    fn deleting() {
        assert_eq!(typed("kund<BS>"), ("kun".into(), 3));
        assert_eq!(typed("kund<Home><Del>"), ("und".into(), 0));
        assert_eq!(typed("nöjda kunder  <C-w>"), ("nöjda ".into(), 7));
        assert_eq!(typed("nöjda kunder<C-w><C-w>"), (String::new(), 0));
        assert_eq!(typed("nöjda kunder<Left><Left><C-u>"), ("er".into(), 0));
        assert_eq!(typed("<BS><Del><C-w><C-u>"), (String::new(), 0));
    }

    #[test]
    fn graphemes_move_and_go_whole() {
        // A family emoji (ZWJ sequence) and an e with a combining accent.
        let family = "👩\u{200d}👩\u{200d}👧";
        let mut p = Prompt::with_text(&format!("a{family}e\u{301}"));
        p.apply(Key::plain(KeyCode::Backspace));
        assert_eq!(p.text(), format!("a{family}"));
        p.apply(Key::plain(KeyCode::Left));
        assert_eq!(p.cursor(), 1);
        p.apply(Key::plain(KeyCode::Delete));
        assert_eq!(p.text(), "a");
    }

    #[test]
    fn enter_escape_and_history_keys_are_reported() {
        let mut p = Prompt::with_text("x");
        assert_eq!(p.apply(Key::plain(KeyCode::Enter)), Edit::Submit);
        assert_eq!(p.apply(Key::plain(KeyCode::Esc)), Edit::Cancel);
        assert_eq!(p.apply(Key::plain(KeyCode::Up)), Edit::Older);
        assert_eq!(p.apply(Key::plain(KeyCode::Down)), Edit::Newer);
        assert_eq!(p.apply(Key::char('\u{1b}')), Edit::Ignored);
        assert_eq!(p.text(), "x");
    }
}
