//! Blocks → wrapped, styled lines at a width: the reading pane's content
//! for one article, and the cache that keeps it per (article, width).

mod blocks;
mod cache;
mod find;
mod links;
mod wrap;

use ratatui::text::Line;

use crate::archive::Archive;
use crate::theme::Theme;

pub use blocks::{PULLQUOTE_GUTTER_MIN, reading_minutes};
pub use cache::{CACHE_ENTRIES, LOOK_AHEAD, LayoutCache};
pub use find::{Found, find_matches};
pub use links::openable;
pub use wrap::{TOO_WIDE, line_width, run_style, wrap_code, wrap_plain, wrap_rich};

/// Comfortable reading measure; the pane centres lines of at most this width.
pub const MEASURE: u16 = 72;

/// The measures a user may choose, in columns: the config's `measure` and
/// `show --width` both. Narrower than 20 splits ordinary words mid-letter.
pub const MEASURE_RANGE: std::ops::RangeInclusive<u16> = 20..=400;

/// `columns` as a chosen measure, or a message naming the value and the
/// range (the caller names the flag or the config line).
pub fn check_measure(columns: i64) -> Result<u16, String> {
    u16::try_from(columns)
        .ok()
        .filter(|c| MEASURE_RANGE.contains(c))
        .ok_or_else(|| {
            let (min, max) = (MEASURE_RANGE.start(), MEASURE_RANGE.end());
            let why = if columns < i64::from(*min) {
                format!("narrower than the minimum, {min}")
            } else {
                format!("wider than the maximum, {max}")
            };
            format!("{columns} columns is {why} (lektyr lays text out at {min} to {max} columns)")
        })
}

/// An article laid out at one width, possibly only its beginning: a long
/// article is laid out as far as the reader needs and extended on scroll
/// ([`extend`]), so opening a 50 MB article costs a screenful, not seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Laid {
    /// Every line's width is at most `width`; no line ends in whitespace.
    pub lines: Vec<Line<'static>>,
    pub width: u16,
    /// For each body block laid out so far, the index into `lines` of its
    /// first line (a block with no lines points at the next line shown).
    /// One entry per block once `complete` and `lines` is not empty.
    pub block_starts: Vec<usize>,
    /// For each line, where it starts in the source of its part of the
    /// article: the header (the lines before the first block), or a body
    /// block with the lines after it up to the next one (its blank line;
    /// after the last block the author box and the related links). Wrapped
    /// text starts at the byte offset of its first character in the text it
    /// was wrapped from (a block's parts one after the other); a line that
    /// stands for no text (a rule, a blank line) is a unit of its own.
    /// Strictly rising within a part and the same at every width, so the
    /// line holding a place in the text is found at any width
    /// ([`crate::state::Anchor`]).
    pub offsets: Vec<usize>,
    /// (line index, article index) of each resolved related link.
    pub related: Vec<(usize, usize)>,
    /// The targets of the numbered links in the text so far: `[1]` is the
    /// first. Only `http`, `https` and `mailto` links are numbered.
    pub links: Vec<String>,
    /// The text of each numbered link (its first, when one target is
    /// linked twice), in the order of `links`.
    pub link_texts: Vec<String>,
    /// Whether every block, the author box and the related links are in.
    pub complete: bool,
    /// The article laid out, and its first body block not laid out yet.
    article: usize,
    next_block: usize,
    /// Units the last part of `offsets` has taken so far.
    part_end: usize,
}

impl Laid {
    /// A blank line, a unit of the part it ends.
    fn blank(&mut self) {
        self.lines.push(Line::default());
        self.offsets.push(self.part_end);
        self.part_end += 1;
    }

    /// `part`'s lines after the last part's so far, its units after theirs.
    fn push(&mut self, part: wrap::Part) {
        let base = self.part_end;
        self.lines.extend(part.lines);
        self.offsets
            .extend(part.starts.into_iter().map(|s| base.saturating_add(s)));
        self.part_end = base.saturating_add(part.len.max(1));
    }

    /// Body blocks laid out so far, of how many.
    pub fn progress(&self, archive: &Archive) -> (usize, usize) {
        let blocks = archive
            .articles
            .get(self.article)
            .map_or(0, |a| a.detail().body.len());
        (self.next_block.min(blocks), blocks)
    }

    /// The number of lines the whole article will have: exact once
    /// `complete`, otherwise extrapolated from the blocks laid out so far
    /// (for the scroll position and the scrollbar).
    pub fn estimated_len(&self, archive: &Archive) -> usize {
        let blocks = archive
            .articles
            .get(self.article)
            .map_or(0, |a| a.detail().body.len());
        if self.complete || self.next_block == 0 || blocks <= self.next_block {
            return self.lines.len();
        }
        let per_block = self.lines.len() as f64 / self.next_block as f64;
        (per_block * blocks as f64) as usize
    }
}

/// Lays out article `article` of `archive` at `width` cells: header, body
/// blocks with a blank line between them, author box, related links. An
/// article out of range, or width 0, gives an empty `Laid`.
pub fn lay_out(archive: &Archive, article: usize, width: u16, theme: &Theme) -> Laid {
    lay_out_until(archive, article, width, theme, usize::MAX)
}

/// Like [`lay_out`], but stops after the first body block that brings the
/// count of lines to `min_lines` (the result is then not `complete`).
pub fn lay_out_until(
    archive: &Archive,
    article: usize,
    width: u16,
    theme: &Theme,
    min_lines: usize,
) -> Laid {
    let mut laid = Laid {
        width,
        article,
        ..Laid::default()
    };
    let Some(item) = archive.articles.get(article) else {
        laid.complete = true;
        return laid;
    };
    let w = usize::from(width);
    if w == 0 {
        laid.complete = true;
        return laid;
    }
    let header = blocks::header(archive, item, w, theme);
    laid.lines = header.lines;
    laid.offsets = header.starts;
    laid.part_end = header.len;
    extend(&mut laid, archive, theme, min_lines);
    laid
}

/// Lays out more of `laid` (made by [`lay_out_until`] from the same archive
/// and theme) until it has at least `min_lines` lines or is complete.
pub fn extend(laid: &mut Laid, archive: &Archive, theme: &Theme, min_lines: usize) {
    extend_by(laid, archive, theme, min_lines, None);
}

/// [`extend`] that also stops once `deadline` has passed (checked every
/// few blocks), so a huge article is laid out a slice at a time.
pub fn extend_by(
    laid: &mut Laid,
    archive: &Archive,
    theme: &Theme,
    min_lines: usize,
    deadline: Option<std::time::Instant>,
) {
    if laid.complete {
        return;
    }
    let Some(item) = archive.articles.get(laid.article) else {
        laid.complete = true;
        return;
    };
    let w = usize::from(laid.width);
    for (i, block) in item.detail().body.iter().enumerate().skip(laid.next_block) {
        if laid.lines.len() >= min_lines {
            return;
        }
        if i % 16 == 15 && deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            return;
        }
        let own = item.detail().url.as_deref();
        let block = links::number_links(block, own, &mut laid.links, &mut laid.link_texts);
        let part = blocks::block(&block, w, theme);
        if !part.is_empty() && !laid.lines.is_empty() {
            laid.blank();
        }
        laid.block_starts.push(laid.lines.len());
        if !part.is_empty() {
            // A part of its own: its offsets start again.
            laid.part_end = 0;
            laid.push(part);
        }
        laid.next_block += 1;
    }

    // The author box and the related links go on the last part.
    if let Some(author) = &item.detail().author {
        let about = blocks::author_box(author, w, theme);
        if !about.is_empty() {
            laid.blank();
            laid.push(about);
        }
    }

    let (related_lines, links) = blocks::related(archive, item, w, theme);
    if !related_lines.is_empty() {
        laid.blank();
        let base = laid.lines.len();
        laid.related.extend(
            links
                .into_iter()
                .map(|(line, target)| (base + line, target)),
        );
        laid.push(related_lines);
    }

    // Empty trailing blocks would point one past the end.
    let lines = &laid.lines;
    let last = lines.len().saturating_sub(1);
    for start in &mut laid.block_starts {
        *start = (*start).min(last);
    }
    laid.complete = true;
}
