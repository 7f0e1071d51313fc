//! The reader's own part of the app: the layout cache (each article laid
//! out once per width) and the bookkeeping of where the reader is, what
//! has been remembered of it and what it has counted as read.
//!
//! The place belongs to the article, not to the layout: it is an
//! [`Anchor`] (a block and a character in it), and `App::scroll` is only
//! that place laid out at the width on screen. Only the reader's own moves
//! (a scroll, a jump to a match) set a new place; a resize, the reader
//! hidden and shown again, or an article too short to scroll that far
//! change where it is drawn, never the place itself.

use crate::layout::LayoutCache;
use crate::state::Anchor;

use super::{App, Dirty};

#[derive(Debug, Default)]
pub(super) struct Reader {
    pub cache: LayoutCache,
    /// Where to put the reader once the article is laid out (the anchor
    /// of a newly shown article, a place gone back to). `None` once it is
    /// in; code that sets `App::scroll` itself after showing an article
    /// clears it.
    pub pending: Option<Anchor>,
    /// The place of the article in the reader, as last put or moved to.
    pub anchor: Option<Anchor>,
    /// (article, width, scroll) as the reader was last put: a scroll that
    /// differs from it is a move of the reader's own. `None` while the
    /// article put in the reader has not been on screen.
    pub shown: Option<(usize, u16, usize)>,
    /// (article, place) last restored or remembered, so only a new place
    /// is recorded.
    pub placed: Option<(usize, Anchor)>,
    /// The article last counted as read by being shown in the reader.
    pub counted: Option<usize>,
    /// `End` was pressed in an article not laid out to its end yet: the
    /// rest is laid out a slice at a time, then the reader goes there.
    pub to_end: bool,
}

impl App {
    /// `article` laid out at `width` to at least `lines` lines (or all).
    pub(super) fn laid_to(
        &mut self,
        article: usize,
        width: u16,
        lines: usize,
    ) -> std::rc::Rc<crate::layout::Laid> {
        self.reader
            .cache
            .get_until(&self.archive, article, width, &self.theme, lines)
    }

    /// Whether a jump to the end is still laying the article out.
    pub fn laying_out(&self) -> bool {
        self.reader.to_end
    }

    /// Lays out more of the reader's article until `deadline`; once it is
    /// all in, the reader goes to its end. Otherwise the status line says
    /// how far it is.
    pub(super) fn lay_out_towards_end(&mut self, deadline: std::time::Instant) {
        let (Some(article), Some(width)) = (self.article, self.reader_width()) else {
            self.reader.to_end = false;
            return;
        };
        let laid =
            self.reader
                .cache
                .extend_for(&self.archive, article, width, &self.theme, deadline);
        if laid.complete {
            self.reader.to_end = false;
            self.scroll = self.max_scroll();
            drop(laid);
            self.moved_to_scroll();
            self.message = None;
        } else {
            let (done, all) = laid.progress(&self.archive);
            self.message = Some(format!(
                "Laying out to the end… {}%",
                done * 100 / all.max(1)
            ));
        }
    }
}

impl App {
    /// The place of the article in the reader, as it now stands: one still
    /// to be put, the one put, or the line on top if the reader has moved
    /// since (before `sync` has seen it).
    pub(super) fn current_anchor(&self) -> Option<Anchor> {
        if self.reader.pending.is_some() {
            return self.reader.pending;
        }
        let article = self.article?;
        match self.reader.shown {
            Some((a, _, s)) if a == article && s == self.scroll => self.reader.anchor,
            _ => self.laid().map(|laid| Anchor::at(&laid, self.scroll)),
        }
    }

    /// A scroll made since the reader was last put becomes the place, at the
    /// width it was made at (before that width goes).
    pub(super) fn settle(&mut self) {
        if self.reader.pending.is_some() {
            return;
        }
        let Some(article) = self.article else {
            return;
        };
        if self
            .reader
            .shown
            .is_some_and(|(a, _, s)| a == article && s == self.scroll)
        {
            return;
        }
        self.moved_to_scroll();
    }

    /// The line on top (`App::scroll`) is the new place: a move of the
    /// reader's own.
    pub(super) fn moved_to_scroll(&mut self) {
        let (Some(article), Some(laid)) = (self.article, self.laid()) else {
            return;
        };
        self.reader.pending = None;
        self.reader.anchor = Some(Anchor::at(&laid, self.scroll));
        self.reader.shown = Some((article, laid.width, self.scroll));
    }

    /// Puts the reader for `article` laid out at `width` (on screen): at a
    /// place still to be put, at the place it had (the width changed, the
    /// reader came back), or, when the reader moved itself, makes the line
    /// on top the place. The place is drawn as near the top as the article
    /// allows: an article that ends sooner is shown to its end, the place
    /// kept for a taller or narrower screen.
    pub(super) fn put_reader(&mut self, article: usize, width: u16) {
        // Only as far as the reader shows (a huge article is laid out on
        // demand; the cache adds a margin for the next scroll).
        let height = self.reader_height();
        let screen = 2 * height;
        let kept = self
            .reader
            .shown
            .is_some_and(|(a, _, s)| a == article && s == self.scroll);
        let target = match self.reader.pending.take() {
            Some(anchor) => Some(anchor),
            None if kept => self.reader.anchor,
            None => None,
        };
        match target {
            Some(anchor) => {
                // The layout up to the anchor's block and the one after it
                // (to know the block's length), no further.
                let mut needed = self.scroll.saturating_add(screen);
                let mut laid = self.laid_to(article, width, needed);
                while !laid.complete
                    && anchor
                        .block
                        .is_some_and(|b| laid.block_starts.len() <= b.saturating_add(1))
                {
                    needed = laid
                        .lines
                        .len()
                        .saturating_mul(2)
                        .max(needed.saturating_add(1024));
                    drop(laid);
                    laid = self.laid_to(article, width, needed);
                }
                let line = anchor.scroll_in(&laid);
                // And a screenful past it.
                drop(laid);
                let laid = self.laid_to(article, width, line.saturating_add(screen));
                self.scroll = line.min(laid.lines.len().saturating_sub(height));
                self.reader.anchor = Some(anchor);
            }
            None => {
                let laid = self.laid_to(article, width, self.scroll.saturating_add(screen));
                self.scroll = self.scroll.min(laid.lines.len().saturating_sub(height));
                self.reader.anchor = Some(Anchor::at(&laid, self.scroll));
            }
        }
        self.reader.shown = Some((article, width, self.scroll));
    }

    /// Where `article` was left, as remembered; its top if never moved in.
    /// An article never read here but part read where it came from (an
    /// Omnivore export's reading progress) starts that far in, by blocks.
    pub(super) fn remembered_place(&self, article: usize) -> Anchor {
        let Some(a) = self.archive.articles.get(article) else {
            return Anchor::TOP;
        };
        if let Some(anchor) = self.state.anchor(&self.archive.state_key(article)) {
            return anchor;
        }
        match a.seed.progress {
            Some(p) if p > 0 && p < 100 => {
                let blocks = a.detail().body.blocks().len();
                let block = blocks * usize::from(p) / 100;
                if block == 0 {
                    return Anchor::TOP;
                }
                Anchor {
                    block: Some(block.min(blocks.saturating_sub(1))),
                    at: Some(crate::layout::text_place(0)),
                    ..Anchor::default()
                }
            }
            _ => Anchor::TOP,
        }
    }

    /// Off screen, an article not shown since it was put in the reader has
    /// no line on top to keep: when its place still to be put was dropped
    /// (a search putting back the scroll it had, which no reader showed),
    /// it is the remembered place again, never the top by default.
    pub(super) fn keep_place_off_screen(&mut self) {
        let Some(article) = self.article else {
            return;
        };
        if self.reader.pending.is_none() && self.reader.shown.is_none() {
            let anchor = self.remembered_place(article);
            self.reader.pending = Some(anchor);
            self.reader.placed = Some((article, anchor));
        }
    }

    /// Records the place of the article in the reader when it is a new
    /// one: never a place not yet put (an article not laid out or not on
    /// screen keeps the place it had).
    pub(super) fn record_place(&mut self) {
        self.settle();
        if self.reader.pending.is_some() {
            return;
        }
        let (Some(article), Some(anchor)) = (self.article, self.reader.anchor) else {
            return;
        };
        if self.reader.shown.map(|(a, _, _)| a) != Some(article)
            || self.reader.placed == Some((article, anchor))
        {
            return;
        }
        let key = self.archive.state_key(article).into_owned();
        if article < self.archive.articles.len()
            && self
                .state
                .set_anchor(&key, Some(anchor), crate::state::now())
        {
            self.touch(Dirty::Soon);
        }
        self.reader.placed = Some((article, anchor));
    }
}
