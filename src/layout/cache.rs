//! The wrap cache: laid-out articles kept per (article, width), so an
//! article is wrapped once per width however often it is drawn; a long one
//! only as far as it has been read (plus [`LOOK_AHEAD`]), extended on scroll.

use std::collections::VecDeque;
use std::rc::Rc;

use super::{Laid, Note, extend, lay_out_with};
use crate::archive::Archive;
use crate::theme::Theme;

/// How many layouts are kept; enough for a few articles at a few widths
/// while the terminal is being resized.
pub const CACHE_ENTRIES: usize = 16;

/// Lines laid out past what the reader asks for, so scrolling a little
/// rarely needs more layout, while opening a huge article stays cheap
/// (a few hundred lines take a few milliseconds).
pub const LOOK_AHEAD: usize = 400;

/// Most recently used layouts, newest first.
#[derive(Debug, Default)]
pub struct LayoutCache {
    entries: VecDeque<((usize, u16), Rc<Laid>)>,
    /// The theme the entries were laid out with; another theme clears them.
    theme: Option<Theme>,
    /// Layouts made so far (misses), for tests and diagnostics.
    layouts: usize,
    /// The notes shown under the reader's highlights, for one article:
    /// its layouts carry them, and other notes lay it out again.
    notes: Option<(usize, Vec<Note>)>,
}

impl LayoutCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The whole layout of `article` at `width`, laid out only on a miss.
    /// Callers must `clear` after replacing the archive; a changed theme is
    /// noticed.
    pub fn get(
        &mut self,
        archive: &Archive,
        article: usize,
        width: u16,
        theme: &Theme,
    ) -> Rc<Laid> {
        self.get_until(archive, article, width, theme, usize::MAX)
    }

    /// The layout of `article` at `width` with at least `min_lines` lines
    /// (or all of it, if it has fewer), plus [`LOOK_AHEAD`] more. A cached
    /// beginning is extended in place, not laid out again.
    pub fn get_until(
        &mut self,
        archive: &Archive,
        article: usize,
        width: u16,
        theme: &Theme,
        min_lines: usize,
    ) -> Rc<Laid> {
        if self.theme.as_ref() != Some(theme) {
            self.entries.clear();
            self.theme = Some(theme.clone());
        }
        let key = (article, width);
        let want = min_lines.saturating_add(LOOK_AHEAD);
        if let Some(pos) = self.entries.iter().position(|(k, _)| *k == key)
            && let Some(mut entry) = self.entries.remove(pos)
        {
            if !entry.1.complete && entry.1.lines.len() < min_lines {
                // Unique unless a caller still holds an old copy; then the
                // copy is made once, as a full re-layout would have been.
                extend(Rc::make_mut(&mut entry.1), archive, theme, want);
            }
            let laid = Rc::clone(&entry.1);
            self.entries.push_front(entry);
            return laid;
        }
        let notes = match &self.notes {
            Some((a, notes)) if *a == article => notes.as_slice(),
            _ => &[],
        };
        let laid = Rc::new(lay_out_with(archive, article, width, theme, want, notes));
        self.layouts += 1;
        self.entries.push_front((key, Rc::clone(&laid)));
        self.entries.truncate(CACHE_ENTRIES);
        laid
    }

    /// Lays out more of `article` at `width` until it is complete or
    /// `deadline` has passed; the layout as it now stands.
    pub fn extend_for(
        &mut self,
        archive: &Archive,
        article: usize,
        width: u16,
        theme: &Theme,
        deadline: std::time::Instant,
    ) -> Rc<Laid> {
        let laid = self.get_until(archive, article, width, theme, 0);
        if laid.complete {
            return laid;
        }
        // Only the cache holds it now, so it is extended in place.
        drop(laid);
        let key = (article, width);
        if let Some(entry) = self.entries.iter_mut().find(|(k, _)| *k == key) {
            super::extend_by(
                Rc::make_mut(&mut entry.1),
                archive,
                theme,
                usize::MAX,
                Some(deadline),
            );
            return Rc::clone(&entry.1);
        }
        self.get_until(archive, article, width, theme, 0)
    }

    /// The cached layout, if any; never lays out.
    pub fn peek(&self, article: usize, width: u16) -> Option<Rc<Laid>> {
        self.entries
            .iter()
            .find(|(k, _)| *k == (article, width))
            .map(|(_, laid)| Rc::clone(laid))
    }

    /// The notes to show in `article` (none in any other); layouts of it
    /// made with other notes are dropped.
    pub fn set_notes(&mut self, article: usize, notes: Vec<Note>) {
        let same = match &self.notes {
            Some((a, n)) => *a == article && *n == notes,
            None => notes.is_empty(),
        };
        if same {
            return;
        }
        let old = self.notes.take().map(|(a, _)| a);
        self.entries
            .retain(|((a, _), _)| *a != article && Some(*a) != old);
        self.notes = Some((article, notes));
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
