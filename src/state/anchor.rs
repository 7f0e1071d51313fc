//! A reading position that survives another width: the body block the top
//! line of the reader is in, and how far into that block, as a line and the
//! block's line count at the width it was taken at. Re-wrapped narrower or
//! wider, the same fraction of the same block comes back to the top.

use serde::{Deserialize, Serialize};

use crate::layout::Laid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Index of the body block; `None` for the article's header (title,
    /// meta, lede) above the first block.
    #[serde(default)]
    pub block: Option<usize>,
    /// Lines from the first line of the block (or of the article).
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

impl Anchor {
    /// The anchor of line `scroll` of `laid`.
    pub fn at(laid: &Laid, scroll: usize) -> Anchor {
        // Blocks sharing a first line (empty ones) resolve to the last, which
        // is the one with lines.
        let block = laid.block_starts.iter().rposition(|&s| s <= scroll);
        match block.and_then(|b| span(laid, b).map(|sp| (b, sp))) {
            Some((b, (start, of))) => Anchor {
                block: Some(b),
                line: scroll - start,
                of,
            },
            None => Anchor {
                block: None,
                line: scroll,
                of: laid
                    .block_starts
                    .first()
                    .copied()
                    .unwrap_or(laid.lines.len())
                    .max(1),
            },
        }
    }

    /// The line of `laid` this anchor points at: the same block, the same
    /// fraction into it. Anchors from another article version (a block that
    /// no longer exists) fall back to the nearest line that does.
    pub fn scroll_in(&self, laid: &Laid) -> usize {
        let last = laid.lines.len().saturating_sub(1);
        let (start, len) = match self.block {
            Some(b) => match span(laid, b) {
                Some(sp) => sp,
                None => return last,
            },
            None => (
                0,
                laid.block_starts
                    .first()
                    .copied()
                    .unwrap_or(laid.lines.len())
                    .max(1),
            ),
        };
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

    #[test]
    fn round_trips_at_the_same_width() {
        let l = laid(50, &[4, 10, 10, 30]);
        for scroll in 0..50 {
            assert_eq!(
                Anchor::at(&l, scroll).scroll_in(&l),
                scroll,
                "line {scroll}"
            );
        }
    }

    #[test]
    fn keeps_the_fraction_of_the_block() {
        let narrow = laid(100, &[4, 20, 60]);
        // Half-way into block 1 (lines 20..60).
        let a = Anchor::at(&narrow, 40);
        assert_eq!(
            a,
            Anchor {
                block: Some(1),
                line: 20,
                of: 40
            }
        );
        let wide = laid(50, &[4, 10, 30]);
        assert_eq!(a.scroll_in(&wide), 20);
    }

    #[test]
    fn hostile_anchors_stay_in_range() {
        let l = laid(10, &[2, 5]);
        let wild = Anchor {
            block: Some(99),
            line: usize::MAX,
            of: 0,
        };
        assert_eq!(wild.scroll_in(&l), 9);
        let big = Anchor {
            block: Some(1),
            line: usize::MAX,
            of: usize::MAX,
        };
        assert!(big.scroll_in(&l) < 10);
        assert_eq!(wild.scroll_in(&laid(0, &[])), 0);
    }
}
