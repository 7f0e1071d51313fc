//! The links of the article being read: the picker (`o`), opening one or
//! the article's own url (`O`), copying one. Opening and copying reach
//! outside the app, so they are left as effects for the terminal loop.

use super::*;

/// Something for the terminal loop to do outside the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Start the browser on this URL.
    Open(String),
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
}

impl App {
    /// The numbered links of the article in the reader, as far as it is
    /// laid out (all of them once the picker has been opened).
    pub fn article_links(&self) -> Vec<String> {
        self.laid().map(|l| l.links.clone()).unwrap_or_default()
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

    /// A key in the links picker that the keymap does not cover: a digit
    /// opens that link, `y` copies the selected one. True when used.
    pub(super) fn links_key(&mut self, key: Key, selected: usize) -> bool {
        match key.code {
            KeyCode::Char(c @ '1'..='9') if key.mods.is_empty() => {
                self.open_link(usize::from(c as u8 - b'1'));
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
            _ => false,
        }
    }

    /// Hands the pending effects to the terminal loop.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }
}
