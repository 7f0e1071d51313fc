//! The wrap cache: laid-out articles kept per (article, width), so an
//! article is wrapped once per width however often it is drawn.

use std::collections::VecDeque;
use std::rc::Rc;

use super::{Laid, lay_out};
use crate::archive::Archive;
use crate::theme::Theme;

/// How many layouts are kept; enough for a few articles at a few widths
/// while the terminal is being resized.
pub const CACHE_ENTRIES: usize = 16;

/// Most recently used layouts, newest first.
#[derive(Debug, Default)]
pub struct LayoutCache {
    entries: VecDeque<((usize, u16), Rc<Laid>)>,
    /// The theme the entries were laid out with; another theme clears them.
    theme: Option<Theme>,
    /// Layouts made so far (misses), for tests and diagnostics.
    layouts: usize,
}

impl LayoutCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The layout of `article` at `width`, laid out only on a miss. Callers
    /// must `clear` after replacing the archive; a changed theme is noticed.
    pub fn get(
        &mut self,
        archive: &Archive,
        article: usize,
        width: u16,
        theme: &Theme,
    ) -> Rc<Laid> {
        if self.theme.as_ref() != Some(theme) {
            self.entries.clear();
            self.theme = Some(theme.clone());
        }
        let key = (article, width);
        if let Some(pos) = self.entries.iter().position(|(k, _)| *k == key)
            && let Some(entry) = self.entries.remove(pos)
        {
            let laid = Rc::clone(&entry.1);
            self.entries.push_front(entry);
            return laid;
        }
        let laid = Rc::new(lay_out(archive, article, width, theme));
        self.layouts += 1;
        self.entries.push_front((key, Rc::clone(&laid)));
        self.entries.truncate(CACHE_ENTRIES);
        laid
    }

    /// The cached layout, if any; never lays out.
    pub fn peek(&self, article: usize, width: u16) -> Option<Rc<Laid>> {
        self.entries
            .iter()
            .find(|(k, _)| *k == (article, width))
            .map(|(_, laid)| Rc::clone(laid))
    }

    /// Forgets every layout (after the archive changed).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Number of layouts kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many times `get` has laid an article out (its misses).
    pub fn layouts(&self) -> usize {
        self.layouts
    }
}
