//! A reading position that survives another width: the body block the top
//! line of the reader is in, and where that line starts in the block's
//! source text (the offset of its first character; see
//! [`Laid::offsets`]). At any width the line holding that character comes
//! back to the top, so a round trip through other widths ends on the line
//! it started from. Positions saved before there were offsets (a line and
//! the block's line count) are still read: the same fraction of the block.

use serde::{Deserialize, Serialize};

use crate::layout::Laid;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Index of the body block; `None` for the article's header (title,
    /// meta, lede) above the first block.
    #[serde(default)]
    pub block: Option<usize>,
    /// The top line's place in the block's source ([`Laid::offsets`]):
    /// the line at this place is the top again, at any width. `None` in
    /// positions saved before it existed.
    #[serde(default, rename = "place", skip_serializing_if = "Option::is_none")]
    pub at: Option<usize>,
    /// The byte offset versions before the source map saved (read, never
    /// written): the line holding that byte.
    #[serde(default, rename = "at", skip_serializing)]
    pub byte: Option<usize>,
    /// Lines from the first line of the block (or of the article), at the
    /// width the anchor was taken at; kept for older versions of lektyr.
    #[serde(default)]
    pub line: usize,
    /// Lines the block took where the anchor was taken (with the blank line
    /// after it).
    #[serde(default)]
    pub of: usize,
}

/// The first line and the line count of block `b` (up to the next block
/// that starts lower down, or the end of the article).
fn span(laid: &Laid, b: usize) -> Option<(usize, usize)> {
    let start = *laid.block_starts.get(b)?;
    let end = laid
        .block_starts
        .iter()
        .skip(b + 1)
        .find(|&&s| s > start)
        .copied()
        .unwrap_or(laid.lines.len());
    Some((start, end.saturating_sub(start).max(1)))
}

/// The header's lines: from the first, up to the first block.
fn header_span(laid: &Laid) -> (usize, usize) {
    let end = laid
        .block_starts
        .first()
        .copied()
        .unwrap_or(laid.lines.len());
    (0, end.max(1))
}

/// Where line `line` (of the part starting at `start`) starts in its
/// part's source; a layout without offsets counts lines.
fn offset(laid: &Laid, start: usize, line: usize) -> usize {
    if laid.offsets.len() == laid.lines.len() {
        laid.offsets.get(line).copied().unwrap_or(0)
    } else {
        line.saturating_sub(start)
    }
}

impl Anchor {
    /// The top of the article.
    pub const TOP: Anchor = Anchor {
        block: None,
        at: Some(0),
        byte: None,
        line: 0,
        of: 0,
    };

    /// The anchor of line `scroll` of `laid`.
    pub fn at(laid: &Laid, scroll: usize) -> Anchor {
        let scroll = scroll.min(laid.lines.len().saturating_sub(1));
        // Blocks sharing a first line (empty ones) resolve to the last, which
        // is the one with lines.
        let block = laid.block_starts.iter().rposition(|&s| s <= scroll);
        let (block, (start, of)) = match block.and_then(|b| span(laid, b).map(|sp| (b, sp))) {
            Some((b, sp)) => (Some(b), sp),
            None => (None, header_span(laid)),
        };
        Anchor {
            block,
            at: (!laid.lines.is_empty()).then(|| offset(laid, start, scroll)),
            byte: None,
            line: scroll - start,
            of,
        }
    }

    /// The line of `laid` this anchor points at: the same block, the line
    /// holding the same offset in it (or, for an anchor without one, the
    /// same fraction into it). Anchors from another article version (a
    /// block that no longer exists) fall back to the nearest line that does.
    pub fn scroll_in(&self, laid: &Laid) -> usize {
        let last = laid.lines.len().saturating_sub(1);
        let (start, len) = match self.block {
            Some(b) => match span(laid, b) {
                Some(sp) => sp,
                None => return last,
            },
            None => header_span(laid),
        };
        let len = len.min(laid.lines.len().saturating_sub(start)).max(1);
        let place = self.at.or(self.byte.map(crate::layout::text_place));
        if let Some(at) = place {
            // The last line of the block starting at or before `at`.
            // The offsets rise within the block: a binary search.
            let (mut lo, mut hi) = (start, start.saturating_add(len));
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if offset(laid, start, mid) <= at {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo.saturating_sub(1).max(start).min(last);
        }
        let of = self.of.max(1) as u128;
        let line = (self.line as u128).min(of);
        // Rounded to the nearest line; u128 so a hostile file cannot overflow.
        let scaled = (line * len as u128 + of / 2) / of;
        let offset = usize::try_from(scaled)
            .unwrap_or(usize::MAX)
            .min(len.saturating_sub(1));
        start.saturating_add(offset).min(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Line;

    fn laid(lines: usize, starts: &[usize]) -> Laid {
        let mut laid = Laid::default();
        laid.lines = vec![Line::default(); lines];
        laid.width = 40;
        laid.block_starts = starts.to_vec();
        laid.complete = true;
        laid
    }

    /// `laid` with offsets: each block's lines start at `step` apart.
    fn with_offsets(lines: usize, starts: &[usize], step: usize) -> Laid {
        let mut l = laid(lines, starts);
        l.offsets = (0..lines)
            .map(|i| {
                let from = starts.iter().rev().find(|&&s| s <= i).copied().unwrap_or(0);
                (i - from) * step
            })
            .collect();
        l
    }

    #[test]
    fn round_trips_at_the_same_width() {
        for l in [
            laid(50, &[4, 10, 10, 30]),
            with_offsets(50, &[4, 10, 10, 30], 7),
        ] {
            for scroll in 0..50 {
                assert_eq!(
                    Anchor::at(&l, scroll).scroll_in(&l),
                    scroll,
                    "line {scroll}"
                );
            }
        }
    }

    #[test]
    fn finds_the_line_holding_the_offset_at_another_width() {
        // Block 1 is lines 20..60 at 10 bytes a line, or 10..30 at 20.
        let narrow = with_offsets(100, &[4, 20, 60], 10);
        let a = Anchor::at(&narrow, 41);
        assert_eq!((a.block, a.at), (Some(1), Some(210)));
        let wide = with_offsets(50, &[4, 10, 30], 20);
        // Byte 210 is on the line starting at 200, the 11th of the block.
        assert_eq!(a.scroll_in(&wide), 20);
        // And back: the line holding byte 200, which starts at 200.
        assert_eq!(Anchor::at(&wide, 20).scroll_in(&narrow), 40);
    }

    #[test]
    fn an_anchor_without_an_offset_keeps_the_fraction_of_the_block() {
        let a = Anchor {
            block: Some(1),
            at: None,
            byte: None,
            line: 20,
            of: 40,
        };
        let wide = laid(50, &[4, 10, 30]);
        assert_eq!(a.scroll_in(&wide), 20);
        // As read from a file written before offsets existed.
        let old: Anchor =
            serde_json::from_str(r#"{"block": 1, "line": 20, "of": 40}"#).expect("parses");
        assert_eq!(old, a);
    }

    #[test]
    fn hostile_anchors_stay_in_range() {
        for l in [laid(10, &[2, 5]), with_offsets(10, &[2, 5], 3)] {
            for at in [None, Some(usize::MAX), Some(0)] {
                let wild = Anchor {
                    block: Some(99),
                    at,
                    byte: at,
                    line: usize::MAX,
                    of: 0,
                };
                assert_eq!(wild.scroll_in(&l), 9);
                let big = Anchor {
                    block: Some(1),
                    at,
                    byte: at,
                    line: usize::MAX,
                    of: usize::MAX,
                };
                assert!(big.scroll_in(&l) < 10);
                assert_eq!(wild.scroll_in(&laid(0, &[])), 0);
                assert_eq!(Anchor { block: None, ..big }.scroll_in(&laid(0, &[])), 0);
            }
        }
    }
}
