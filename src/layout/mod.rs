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
}

impl Laid {
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
    laid.lines = blocks::header(archive, item, w, theme);
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
    let lines = &mut laid.lines;
    for (i, block) in item.detail().body.iter().enumerate().skip(laid.next_block) {
        if lines.len() >= min_lines {
            return;
        }
        if i % 16 == 15 && deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            return;
        }
        let own = item.detail().url.as_deref();
        let block = links::number_links(block, own, &mut laid.links, &mut laid.link_texts);
        let block_lines = blocks::block(&block, w, theme);
        if !block_lines.is_empty() && !lines.is_empty() {
            lines.push(Line::default());
        }
        laid.block_starts.push(lines.len());
        lines.extend(block_lines);
        laid.next_block += 1;
    }

    if let Some(author) = &item.detail().author {
        let about = blocks::author_box(author, w, theme);
        if !about.is_empty() {
            lines.push(Line::default());
            lines.extend(about);
        }
    }

    let (related_lines, links) = blocks::related(archive, item, w, theme);
    if !related_lines.is_empty() {
        lines.push(Line::default());
        let base = lines.len();
        laid.related.extend(
            links
                .into_iter()
                .map(|(line, target)| (base + line, target)),
        );
        lines.extend(related_lines);
    }

    // Empty trailing blocks would point one past the end.
    let last = lines.len().saturating_sub(1);
    for start in &mut laid.block_starts {
        *start = (*start).min(last);
    }
    laid.complete = true;
}
