//! Selecting text to highlight, by sentence and by paragraph: the places a
//! selection's ends may stop at in an article's body. A sentence is what
//! Unicode's sentence boundaries (UAX #29) say, without the whitespace
//! around it; a paragraph is a block.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::archive::{Block, Pos, Stretch};

/// The sentences of `text`, trimmed, as byte ranges; none that are blank.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    text.split_sentence_bound_indices()
        .filter_map(|(at, s)| {
            let lead = s.len() - s.trim_start().len();
            let body = s.trim();
            (!body.is_empty()).then(|| at + lead..at + lead + body.len())
        })
        .collect()
}

/// The sentences of every block, computed once per selection.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    blocks: Vec<Vec<Range<usize>>>,
}

/// Which end of a sentence a selection's end stops at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Start,
    End,
}

impl Sentences {
    pub fn new(blocks: &[Block]) -> Sentences {
        Sentences {
            blocks: blocks.iter().map(|b| sentences(&b.source())).collect(),
        }
    }

    /// Every place of the kind `end`, in reading order.
    fn places(&self, end: End) -> impl DoubleEndedIterator<Item = Pos> + '_ {
        self.blocks.iter().enumerate().flat_map(move |(b, list)| {
            list.iter().map(move |r| match end {
                End::Start => Pos::new(b, r.start),
                End::End => Pos::new(b, r.end),
            })
        })
    }

    /// The sentence holding `pos`, or the first one after it.
    pub fn at(&self, pos: Pos) -> Option<Stretch> {
        self.blocks
            .iter()
            .enumerate()
            .skip(pos.block)
            .flat_map(|(b, list)| list.iter().map(move |r| (b, r)))
            .find(|(b, r)| Pos::new(*b, r.end) > pos)
            .map(|(b, r)| Stretch {
                from: Pos::new(b, r.start),
                to: Pos::new(b, r.end),
            })
    }

    /// The next place of kind `end` after `pos`.
    pub fn next(&self, pos: Pos, end: End) -> Option<Pos> {
        self.places(end).find(|p| *p > pos)
    }

    /// The last place of kind `end` before `pos`.
    pub fn prev(&self, pos: Pos, end: End) -> Option<Pos> {
        self.places(end).rev().find(|p| *p < pos)
    }

    /// Each paragraph's place of kind `end`: its first sentence's start or
    /// its last sentence's end.
    fn paragraphs(&self, end: End) -> impl DoubleEndedIterator<Item = Pos> + '_ {
        self.blocks
            .iter()
            .enumerate()
            .filter_map(move |(b, list)| match end {
                End::Start => list.first().map(|r| Pos::new(b, r.start)),
                End::End => list.last().map(|r| Pos::new(b, r.end)),
            })
    }

    /// The next paragraph's place of kind `end` after `pos`: the end of
    /// the block `pos` is in (or of the next one), or the start of the
    /// next block.
    pub fn next_paragraph(&self, pos: Pos, end: End) -> Option<Pos> {
        self.paragraphs(end).find(|p| *p > pos)
    }

    /// The last paragraph's place of kind `end` before `pos`.
    pub fn prev_paragraph(&self, pos: Pos, end: End) -> Option<Pos> {
        self.paragraphs(end).rev().find(|p| *p < pos)
    }

    /// The word around byte `pos` (for the mouse): from its start, or to
    /// its end.
    pub fn word_edge(blocks: &[Block], pos: Pos, end: End) -> Pos {
        let Some(text) = blocks.get(pos.block).map(Block::source) else {
            return pos;
        };
        for (at, word) in text.split_word_bound_indices() {
            if pos.byte < at + word.len() {
                return match end {
                    End::Start => Pos::new(pos.block, at),
                    End::End => Pos::new(pos.block, at + word.len()),
                };
            }
        }
        Pos::new(pos.block, text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Rich;

    #[test]
    fn sentences_are_trimmed_and_never_blank() {
        let text = "Vi ringde. Hon svarade inte!  Varför? ";
        let s: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(s, ["Vi ringde.", "Hon svarade inte!", "Varför?"]);
        assert!(sentences("   ").is_empty());
    }

    #[test]
    fn places_run_over_blocks() {
        let blocks = vec![
            Block::Paragraph(Rich::plain("Ett. Två.")),
            Block::Rule,
            Block::Paragraph(Rich::plain("Tre.")),
        ];
        let s = Sentences::new(&blocks);
        let first = s.at(Pos::new(0, 0)).expect("a sentence");
        assert_eq!((first.from, first.to), (Pos::new(0, 0), Pos::new(0, 4)));
        assert_eq!(s.next(first.to, End::End), Some(Pos::new(0, 10)));
        assert_eq!(s.next(Pos::new(0, 10), End::End), Some(Pos::new(2, 4)));
        assert_eq!(s.prev(Pos::new(2, 4), End::End), Some(Pos::new(0, 10)));
        assert_eq!(
            s.next_paragraph(Pos::new(0, 4), End::End),
            Some(Pos::new(0, 10))
        );
        assert_eq!(
            s.next_paragraph(Pos::new(0, 10), End::End),
            Some(Pos::new(2, 4))
        );
        assert_eq!(
            s.prev_paragraph(Pos::new(2, 0), End::Start),
            Some(Pos::new(0, 0))
        );
        // After a rule, the next sentence.
        assert_eq!(s.at(Pos::new(1, 0)).map(|x| x.from), Some(Pos::new(2, 0)));
        assert_eq!(
            Sentences::word_edge(&blocks, Pos::new(0, 6), End::Start),
            Pos::new(0, 5)
        );
    }
}
