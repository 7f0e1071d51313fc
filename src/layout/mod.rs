//! Blocks → wrapped, styled lines at a width: the reading pane's content
//! for one article, and the cache that keeps it per (article, width).

mod blocks;
mod cache;
mod find;
mod links;
mod map;
mod wrap;

use ratatui::text::Line;

use crate::archive::Archive;
use crate::theme::Theme;

pub use blocks::{PULLQUOTE_GUTTER_MIN, reading_minutes};
pub use cache::{CACHE_ENTRIES, LOOK_AHEAD, LayoutCache};
pub use find::{Found, cells_of, find_matches, line_of, line_text, pos_at, stretch_cells};
pub use links::{LinkAt, openable};
pub use map::{Seg, SegLines, Src};

pub use wrap::{TOO_WIDE, line_width, run_style, wrap_code, wrap_plain, wrap_rich};

/// A note shown under the block a highlight ends in: the block, and the
/// note's text (the reader's own words, laid out as plain text).
pub type Note = (usize, String);

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
    /// For each line, its place in its part of the article: the header
    /// (the lines before the first block), or a body block with the lines
    /// after it up to the next one (its blank line; after the last block
    /// the author box and the related links). A line showing text is at
    /// the source byte its first segment shows ([`text_place`]; the
    /// header's parts one after the other, see [`head_key`]); lines
    /// showing none that lead up to a text line (a rule above a pull
    /// quote, the meta line) just before it, one place apart; lines after
    /// a part's last text one past its end and counting. Rising strictly
    /// within a part and the same at every width, so the line at a place
    /// in the text is found at any width ([`crate::state::Anchor`]).
    pub offsets: Vec<usize>,
    /// The source map: for each line, the source text each stretch of its
    /// cells shows.
    pub segs: SegLines,
    /// (line index, article index) of each resolved related link.
    pub related: Vec<(usize, usize)>,
    /// The targets of the numbered links in the text so far: `[1]` is the
    /// first. Only `http`, `https` and `mailto` links are numbered.
    pub links: Vec<String>,
    /// The text of each numbered link (its first, when one target is
    /// linked twice), in the order of `links`.
    pub link_texts: Vec<String>,
    /// Where each numbered link's text is, in reading order.
    pub link_at: Vec<LinkAt>,
    /// Whether every block, the author box and the related links are in.
    pub complete: bool,
    /// The notes laid out under their blocks, by block.
    notes: Vec<Note>,
    /// The article laid out, and its first body block not laid out yet.
    article: usize,
    next_block: usize,
    /// The place of the next line after the last part's text.
    part_end: usize,
}

/// The place of a line whose text starts at `byte` of its part: room is
/// left below it for the lines that lead up to it.
pub fn text_place(byte: usize) -> usize {
    (byte.min(usize::MAX >> 9) << 8) | 0xff
}

/// Where a header part's text is, as one offset: the parts search reads,
/// one after the other (a part's bytes in the low 24 bits, its rank above).
pub fn head_key(src: Src, byte: usize) -> usize {
    let rank: usize = match src {
        Src::Title => 0,
        Src::Author => 1,
        Src::Topic(k) => 2 + (k as usize).min(1 << 28),
        Src::Summary | Src::Block(_) => 1 << 29,
    };
    (rank << 24) | byte.min((1 << 24) - 1)
}

/// The header's end, after every place in it.
const HEAD_END: usize = ((1 << 29) + 1) << 24;

impl Laid {
    /// A blank line, after the text of the part it ends.
    fn blank(&mut self) {
        self.lines.push(Line::default());
        self.segs.push([]);
        self.offsets.push(self.part_end);
        self.part_end += 1;
    }

    /// `part`'s lines after the others: a part of its own whose source
    /// text ends at `end` (`key` gives a segment's place), or, with `None`,
    /// more lines after the last part's text.
    fn push(&mut self, part: wrap::Part, key: impl Fn(&Seg) -> usize, end: Option<usize>) {
        if let Some(end) = end {
            self.part_end = end.min(usize::MAX >> 9) << 8;
        }
        let n = part.lines.len();
        let texts: Vec<Option<usize>> = (0..n)
            .map(|i| part.segs.line(i).first().map(&key))
            .collect();
        let last_text = texts.iter().rposition(Option::is_some);
        let mut places = vec![0; n];
        // Lines before a text line count down to it.
        let mut next: Option<(usize, usize)> = None; // (its place, lines since)
        for i in (0..n).rev() {
            next = match texts.get(i).copied().flatten() {
                Some(byte) => Some((text_place(byte), 0)),
                None => next.map(|(p, d)| (p, d + 1)),
            };
            if let Some((p, d)) = next {
                places[i] = p - d.min(0xff);
            }
        }
        for (i, place) in places.into_iter().enumerate() {
            let place = if last_text.is_some_and(|l| i <= l) {
                place
            } else {
                self.part_end += 1;
                self.part_end - 1
            };
            self.offsets.push(place);
        }
        self.lines.extend(part.lines);
        self.segs.append(part.segs);
    }

    /// The source segments of line `line`.
    pub fn line_segs(&self, line: usize) -> &[Seg] {
        self.segs.line(line)
    }

    /// The article laid out.
    pub fn article(&self) -> usize {
        self.article
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
    lay_out_with(archive, article, width, theme, min_lines, &[])
}

/// [`lay_out_until`] with `notes` shown under their blocks.
pub fn lay_out_with(
    archive: &Archive,
    article: usize,
    width: u16,
    theme: &Theme,
    min_lines: usize,
    notes: &[Note],
) -> Laid {
    let mut notes = notes.to_vec();
    notes.sort_by_key(|(b, _)| *b);
    let mut laid = Laid {
        width,
        article,
        notes,
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
    laid.push(
        header,
        |s| head_key(s.src, s.start as usize),
        Some(HEAD_END),
    );
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
        let mut linker = links::Linker {
            own: item.detail().url.as_deref(),
            links: &mut laid.links,
            texts: &mut laid.link_texts,
            at: &mut laid.link_at,
        };
        let part = blocks::block(block, i, w, theme, &mut linker);
        if !part.is_empty() && !laid.lines.is_empty() {
            laid.blank();
        }
        laid.block_starts.push(laid.lines.len());
        if !part.is_empty() {
            // A part of its own: its places start again.
            let end = block.fields().last().map_or(0, |(at, f)| at + f.len());
            laid.push(part, |s| s.start as usize, Some(end));
        }
        let first = laid.notes.partition_point(|(b, _)| *b < i);
        let notes: Vec<String> = laid.notes[first..]
            .iter()
            .take_while(|(b, _)| *b == i)
            .map(|(_, n)| n.clone())
            .collect();
        for note in notes {
            let lines = blocks::note(&note, w, theme);
            if !lines.is_empty() {
                laid.push(lines, |s| s.start as usize, None);
            }
        }
        laid.next_block += 1;
    }

    // The author box and the related links go on the last part.
    if let Some(author) = &item.detail().author {
        let about = blocks::author_box(author, w, theme);
        if !about.is_empty() {
            laid.blank();
            laid.push(about, |s| s.start as usize, None);
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
        laid.push(related_lines, |s| s.start as usize, None);
    }

    // Empty trailing blocks would point one past the end.
    let lines = &laid.lines;
    let last = lines.len().saturating_sub(1);
    for start in &mut laid.block_starts {
        *start = (*start).min(last);
    }
    laid.complete = true;
}
