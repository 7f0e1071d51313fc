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
}
