//! The reader's own part of the app: the layout cache (each article laid
//! out once per width) and the bookkeeping of where the reader is to be
//! put and what it has counted as read.

use crate::layout::LayoutCache;
use crate::state::Anchor;

#[derive(Debug, Default)]
pub(super) struct Reader {
    pub cache: LayoutCache,
    /// Where to put the reader once the article is laid out: the anchor
    /// of a newly shown article, or the place kept across a resize.
    pub pending: Option<Anchor>,
    /// (article, scroll) last restored or remembered, so only the user's
    /// own scrolling is recorded as a new position.
    pub placed: Option<(usize, usize)>,
    /// The article last counted as read by being shown in the reader.
    pub counted: Option<usize>,
    /// `End` was pressed in an article not laid out to its end yet: the
    /// rest is laid out a slice at a time, then the reader goes there.
    pub to_end: bool,
}

impl super::App {
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
