//! The links of the article being read: the picker (`o`), opening one or
//! the article's own url (`O`), copying one. Opening and copying reach
//! outside the app, so they are left as effects for the terminal loop.

use super::*;

/// A link number being typed in the picker, and when it opens by itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct LinkNumber {
    number: usize,
    deadline: Option<std::time::Instant>,
}

/// Something for the terminal loop to do outside the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Start the browser on this URL.
    Open(String),
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
}

/// How long the links picker waits for another digit before it opens the
/// link whose number was typed, when a longer number could still follow.
pub const LINK_PAUSE: std::time::Duration = std::time::Duration::from_millis(1000);

impl App {
    /// The numbered links of the article in the reader, as far as it is
    /// laid out (all of them once the picker has been opened).
    pub fn article_links(&self) -> Vec<String> {
        self.laid().map(|l| l.links.clone()).unwrap_or_default()
    }

    /// The text of each numbered link, in the order of `article_links`.
    pub fn article_link_texts(&self) -> Vec<String> {
        self.laid()
            .map(|l| l.link_texts.clone())
            .unwrap_or_default()
    }

    /// The link number typed so far in the picker (0: none).
    pub fn link_number(&self) -> usize {
        self.links_typed.number
    }

    /// When the picker is to open the number typed, if it waits for one.
    pub fn deadline(&self) -> Option<std::time::Instant> {
        self.links_typed.deadline
    }

    /// After a pause: a link number typed in the picker opens once no
    /// digit has followed for `LINK_PAUSE`. True when something changed.
    pub fn tick(&mut self, now: std::time::Instant) -> bool {
        match self.links_typed.deadline {
            Some(at) if now >= at => {
                let n = std::mem::take(&mut self.links_typed).number;
                if n > 0 && matches!(self.overlay, Some(Overlay::Links { .. })) {
                    self.open_link(n - 1);
                }
                true
            }
            _ => false,
        }
    }

    /// A digit typed in the picker: digits add up to a number, whose link
    /// is selected as it grows. It opens at once when no longer number
    /// has a link, else after a pause or at `Enter`.
    fn type_link_digit(&mut self, digit: usize) {
        let len = self.article_links().len();
        let n = self
            .links_typed
            .number
            .saturating_mul(10)
            .saturating_add(digit);
        if n == 0 {
            return;
        }
        if n > len {
            self.links_typed = LinkNumber::default();
            self.message = Some(format!(
                "No link {n}: this article has {len} link{}",
                if len == 1 { "" } else { "s" }
            ));
            return;
        }
        self.overlay = Some(Overlay::Links { selected: n - 1 });
        if n.saturating_mul(10) > len {
            self.open_link(n - 1);
        } else {
            self.links_typed = LinkNumber {
                number: n,
                deadline: Some(std::time::Instant::now() + LINK_PAUSE),
            };
        }
    }

    /// `o`: the picker of the article's links.
    pub(super) fn open_links_overlay(&mut self) {
        let (Some(article), Some(width)) = (self.article, self.reader_width()) else {
            return;
        };
        // Links can come late in a long article: lay it out to the end.
        self.reader
            .cache
            .get(&self.archive, article, width, &self.theme);
        if self.article_links().is_empty() {
            self.message = Some("This article has no links".into());
        } else {
            self.overlay = Some(Overlay::Links { selected: 0 });
        }
    }

    /// Opens link `n` (0-based) of the article being read.
    pub(super) fn open_link(&mut self, n: usize) {
        self.links_typed = LinkNumber::default();
        if let Some(url) = self.article_links().get(n) {
            self.overlay = None;
            self.message = Some(format!("Opening {url}"));
            self.effects.push(Effect::Open(url.clone()));
        }
    }

    /// `O`: opens the article's own url.
    pub(super) fn open_article_url(&mut self) {
        let url = self
            .article
            .and_then(|a| self.archive.articles.get(a))
            .and_then(|a| a.detail().url.clone());
        match url {
            Some(url) if crate::layout::openable(&url) => {
                self.message = Some(format!("Opening {url}"));
                self.effects.push(Effect::Open(url));
            }
            Some(url) => self.message = Some(format!("{url} is not a web address")),
            None => self.message = Some("This article has no url".into()),
        }
    }

    /// A key in the links picker that the keymap does not cover: digits
    /// type a link's number (`Backspace` takes one back), `y` copies the
    /// selected link. True when used; any other key ends a number typed.
    pub(super) fn links_key(&mut self, key: Key, selected: usize) -> bool {
        if !key.mods.is_empty() {
            self.links_typed = LinkNumber::default();
            return false;
        }
        match key.code {
            KeyCode::Char(c @ '0'..='9') => {
                self.type_link_digit(usize::from(c as u8 - b'0'));
                true
            }
            KeyCode::Backspace if self.links_typed.number > 0 => {
                let n = self.links_typed.number / 10;
                self.links_typed = LinkNumber::default();
                if n > 0 {
                    self.overlay = Some(Overlay::Links { selected: n - 1 });
                    self.links_typed = LinkNumber {
                        number: n,
                        deadline: Some(std::time::Instant::now() + LINK_PAUSE),
                    };
                }
                true
            }
            KeyCode::Char('y') if key.mods.is_empty() => {
                if let Some(url) = self.article_links().get(selected) {
                    self.message = Some(format!("Copied {url}"));
                    self.effects.push(Effect::Copy(url.clone()));
                    self.overlay = None;
                }
                true
            }
            _ => {
                self.links_typed = LinkNumber::default();
                false
            }
        }
    }

    /// Hands the pending effects to the terminal loop.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }
}
