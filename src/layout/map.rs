//! The source map: for every drawn line, which bytes of which source text
//! each stretch of its cells shows. Laying text out records it as it
//! wraps, so search highlights, link regions, saved places and the
//! reader's highlights all go from text to cells (and back) through one
//! map, and nothing is guessed from the glyphs on screen.
//!
//! Cells that show no source text (gutters, bullets, quotation marks and
//! link numbers the layout adds, rules, a folded run of whitespace, the
//! indent of a wrapped line) are in no segment.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::width::grapheme_width;

/// A source text an article's lines show: one of the parts search reads
/// ([`crate::search::searched`]). A block's text is [`crate::archive::Block::source`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Src {
    Title,
    /// The author's name in the meta line.
    Author,
    /// The article's `n`th topic (of those shown, from 0).
    Topic(u32),
    /// The lede.
    Summary,
    /// Body block `n`.
    Block(u32),
}

impl Src {
    /// The block, for a body block's text.
    pub fn block(self) -> Option<usize> {
        match self {
            Src::Block(b) => Some(b as usize),
            _ => None,
        }
    }
}

/// Cells `x..x + width` of a line show bytes `start..end` of `src`'s text:
/// exactly that text, one grapheme after another, unless `elided` (one
/// grapheme too wide for any line, drawn as one `…` cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seg {
    pub x: u16,
    pub width: u16,
    pub src: Src,
    pub start: u32,
    pub end: u32,
    pub elided: bool,
}

impl Seg {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The cells (x, width) that show bytes `r` of the source `text`
    /// (this segment's part of them); `None` when it shows none of them.
    /// A range that cuts a grapheme takes the whole grapheme's cells.
    pub fn cells(&self, text: &str, r: &Range<usize>) -> Option<(u16, u16)> {
        let (a, b) = (
            r.start.max(self.start as usize),
            r.end.min(self.end as usize),
        );
        if a >= b {
            return None;
        }
        if self.elided {
            return Some((self.x, self.width));
        }
        let shown = text.get(self.range())?;
        let (mut x, mut first, mut last) = (0usize, None, 0usize);
        for (i, g) in shown.grapheme_indices(true) {
            let at = self.start as usize + i;
            let w = grapheme_width(g);
            if at + g.len() > a && at < b {
                first.get_or_insert(x);
                last = x + w;
            }
            x += w;
        }
        let first = first?;
        Some((self.x + first as u16, (last - first) as u16))
    }

    /// The source byte shown at cell `cell` of the line (the start of the
    /// grapheme there), when this segment covers it.
    pub fn byte_at(&self, text: &str, cell: u16) -> Option<usize> {
        if cell < self.x || cell >= self.x + self.width {
            return None;
        }
        if self.elided {
            return Some(self.start as usize);
        }
        let shown = text.get(self.range())?;
        let mut x = self.x;
        for (i, g) in shown.grapheme_indices(true) {
            let w = grapheme_width(g) as u16;
            // A grapheme of no width shows in no cell.
            if w > 0 && cell < x + w {
                return Some(self.start as usize + i);
            }
            x += w;
        }
        Some(self.end as usize)
    }
}

/// Lines' segments, flattened: line `i`'s are `segs[ends[i - 1]..ends[i]]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegLines {
    segs: Vec<Seg>,
    ends: Vec<u32>,
}

impl SegLines {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The segments of line `i` (none for a line out of range).
    pub fn line(&self, i: usize) -> &[Seg] {
        let Some(&end) = self.ends.get(i) else {
            return &[];
        };
        let start = i
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        self.segs.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// A line with these segments after the others.
    pub fn push(&mut self, segs: impl IntoIterator<Item = Seg>) {
        self.segs.extend(segs);
        self.ends
            .push(u32::try_from(self.segs.len()).unwrap_or(u32::MAX));
    }

    /// `other`'s lines after these.
    pub fn append(&mut self, other: SegLines) {
        let base = u32::try_from(self.segs.len()).unwrap_or(u32::MAX);
        self.segs.extend(other.segs);
        self.ends
            .extend(other.ends.into_iter().map(|e| e.saturating_add(base)));
    }
}

/// Collects a line's segments as text is put on it, joining neighbours
/// that continue each other in both the cells and the source.
#[derive(Debug, Default)]
pub(super) struct SegBuilder {
    pub segs: Vec<Seg>,
}

impl SegBuilder {
    /// Cells `x..x + width` show bytes `range` of `src`.
    pub fn push(&mut self, x: usize, width: usize, src: Src, range: Range<usize>, elided: bool) {
        if range.is_empty() {
            return;
        }
        let (Ok(x), Ok(width)) = (u16::try_from(x), u16::try_from(width)) else {
            return;
        };
        let start = u32::try_from(range.start).unwrap_or(u32::MAX);
        let end = u32::try_from(range.end).unwrap_or(u32::MAX);
        if let Some(last) = self.segs.last_mut()
            && !elided
            && !last.elided
            && last.src == src
            && last.end == start
            && last.x + last.width == x
        {
            last.end = end;
            last.width += width;
            return;
        }
        self.segs.push(Seg {
            x,
            width,
            src,
            start,
            end,
            elided,
        });
    }

    /// The segments shifted `dx` cells right.
    pub fn shifted(segs: Vec<Seg>, dx: usize) -> Vec<Seg> {
        let dx = u16::try_from(dx).unwrap_or(u16::MAX);
        segs.into_iter()
            .map(|s| Seg {
                x: s.x.saturating_add(dx),
                ..s
            })
            .collect()
    }
}

/// The segments of a line cut to `width` cells: ones past it go, one
/// across it keeps what fits (`text_of` gives the text a segment shows).
pub(super) fn clip<'t>(
    segs: &mut Vec<Seg>,
    width: usize,
    text_of: impl Fn(&Seg) -> Option<&'t str>,
) {
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    segs.retain_mut(|s| {
        let ends_line = s.x + s.width >= width;
        if !ends_line {
            return true;
        }
        if s.elided {
            return s.x + s.width <= width;
        }
        if s.x >= width {
            return false;
        }
        let Some(shown) = text_of(s) else {
            return false;
        };
        // The common case, a segment that fits and ends in text: kept as
        // it is, without measuring it again.
        if s.x + s.width <= width && !shown.ends_with(char::is_whitespace) {
            return true;
        }
        let room = usize::from(width - s.x);
        let (head, _) = crate::width::prefix_fitting(shown, room);
        // The line ends in no whitespace, nor does what it shows.
        let head = head.trim_end();
        s.end = s.start + head.len() as u32;
        s.width = crate::width::display_width(head) as u16;
        !head.is_empty()
    });
}
