//! Blocks → wrapped, styled lines at a width: the reading pane's content
//! for one article, and the cache that keeps it per (article, width).

mod blocks;
mod cache;
mod wrap;

use ratatui::text::Line;

use crate::archive::Archive;
use crate::theme::Theme;

pub use blocks::{PULLQUOTE_GUTTER_MIN, reading_minutes};
pub use cache::{CACHE_ENTRIES, LayoutCache};
pub use wrap::{TOO_WIDE, line_width, run_style, wrap_code, wrap_plain, wrap_rich};

/// Comfortable reading measure; the pane centres lines of at most this width.
pub const MEASURE: u16 = 72;

/// An article laid out at one width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Laid {
    /// Every line's width is at most `width`; no line ends in whitespace.
    pub lines: Vec<Line<'static>>,
    pub width: u16,
    /// For each body block, the index into `lines` of its first line (a
    /// block with no lines points at the next line shown). One entry per
    /// block whenever `lines` is not empty; empty otherwise.
    pub block_starts: Vec<usize>,
    /// (line index, article index) of each resolved related link.
    pub related: Vec<(usize, usize)>,
}

/// Lays out article `article` of `archive` at `width` cells: header, body
/// blocks with a blank line between them, author box, related links. An
/// article out of range, or width 0, gives an empty `Laid`.
pub fn lay_out(archive: &Archive, article: usize, width: u16, theme: &Theme) -> Laid {
    let empty = Laid {
        width,
        ..Laid::default()
    };
    let Some(item) = archive.articles.get(article) else {
        return empty;
    };
    let w = usize::from(width);
    if w == 0 {
        return empty;
    }

    let mut lines = blocks::header(archive, item, w, theme);
    let mut block_starts = Vec::with_capacity(item.body.len());
    for block in &item.body {
        let block_lines = blocks::block(block, w, theme);
        if !block_lines.is_empty() && !lines.is_empty() {
            lines.push(Line::default());
        }
        block_starts.push(lines.len());
        lines.extend(block_lines);
    }

    if let Some(author) = &item.author {
        let about = blocks::author_box(author, w, theme);
        if !about.is_empty() {
            lines.push(Line::default());
            lines.extend(about);
        }
    }

    let (related_lines, links) = blocks::related(archive, item, w, theme);
    let mut related = Vec::with_capacity(links.len());
    if !related_lines.is_empty() {
        lines.push(Line::default());
        let base = lines.len();
        related.extend(
            links
                .into_iter()
                .map(|(line, target)| (base + line, target)),
        );
        lines.extend(related_lines);
    }

    // Empty trailing blocks would point one past the end.
    let last = lines.len().saturating_sub(1);
    for start in &mut block_starts {
        *start = (*start).min(last);
    }
    Laid {
        lines,
        width,
        block_starts,
        related,
    }
}
