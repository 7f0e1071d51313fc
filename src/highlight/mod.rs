//! Finding highlights in an article's text, and the set of them a reader
//! sees: the export's, with the reader's own changes over them.
//!
//! A highlight is found by its quote, as a W3C `TextQuoteSelector` is:
//! every place the quote occurs (whitespace compared loosely, since a
//! browser's selection and the archive's text rarely space a line break
//! alike) is scored by how much of the context before and after it agrees,
//! and the best wins; a tie goes to the place it was last seen, then to
//! the first. Nothing is found by position alone.

pub mod export;
pub mod fragment;
pub mod select;

use std::collections::BTreeMap;

use crate::archive::{Archive, Block, CONTEXT_CHARS, Highlight, Pos, Stretch};

/// An article's body as one text: the blocks' sources joined by `\n`,
/// whitespace runs folded to one space, with the way back to a block and
/// byte for every byte.
pub struct BodyText {
    /// The folded text.
    pub text: String,
    /// For each byte of `text` (and one past the end), where it came from.
    back: Vec<Pos>,
}

impl BodyText {
    pub fn new(blocks: &[Block]) -> BodyText {
        let mut text = String::new();
        let mut back = Vec::new();
        let mut space = true; // no leading space
        for (b, block) in blocks.iter().enumerate() {
            let source = block.source();
            for (i, c) in source.char_indices() {
                if c.is_whitespace() {
                    if !space {
                        text.push(' ');
                        back.push(Pos::new(b, i));
                        space = true;
                    }
                    continue;
                }
                space = false;
                let at = Pos::new(b, i);
                for _ in 0..c.len_utf8() {
                    back.push(at);
                }
                text.push(c);
            }
            // Blocks are apart, as a line break is.
            if !space {
                text.push(' ');
                back.push(Pos::new(b, source.len()));
                space = true;
            }
        }
        let end = blocks.len().checked_sub(1).map_or(Pos::default(), |b| {
            Pos::new(b, blocks.get(b).map_or(0, |x| x.source().len()))
        });
        back.push(end);
        BodyText { text, back }
    }

    /// The folded byte range `from..to` as a stretch of the blocks: it ends
    /// just after the last character it covers.
    fn stretch(&self, from: usize, to: usize) -> Stretch {
        let start = self.back.get(from).copied().unwrap_or_default();
        let end = match self.text.get(..to).and_then(|t| t.chars().next_back()) {
            Some(c) => {
                let last = self
                    .back
                    .get(to - c.len_utf8())
                    .copied()
                    .unwrap_or_default();
                Pos::new(last.block, last.byte + c.len_utf8())
            }
            None => start,
        };
        Stretch {
            from: start,
            to: end,
        }
    }

    /// Where a stretch of the blocks starts and ends in the folded text.
    fn folded(&self, s: &Stretch) -> (usize, usize) {
        let from = self.back.partition_point(|p| *p < s.from);
        let to = self.back.partition_point(|p| *p < s.to);
        (from.min(self.text.len()), to.min(self.text.len()))
    }
}

pub use crate::archive::fold_space;

/// Characters of `a`'s end that agree with `b`'s end.
fn common_tail(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_head(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Where `h`'s quote is in `body`, or `None` when it is nowhere.
pub fn locate(h: &Highlight, body: &BodyText) -> Option<Stretch> {
    let quote = fold_space(&h.quote);
    if quote.is_empty() {
        return None;
    }
    let prefix = fold_space(&h.prefix);
    let suffix = fold_space(&h.suffix);
    let hint = h.at.map(|s| body.folded(&s).0);
    let mut best: Option<(usize, usize, usize)> = None; // (score, -distance, at)
    let mut best_key = (0usize, usize::MAX);
    for (at, _) in body.text.match_indices(&quote) {
        let before = &body.text[..at];
        let after = &body.text[at + quote.len()..];
        let score = common_tail(before.trim_end(), prefix.trim_end())
            + common_head(after.trim_start(), suffix.trim_start());
        let distance = hint.map_or(0, |h| h.abs_diff(at));
        let key = (score, distance);
        let better = match best {
            None => true,
            Some(_) => key.0 > best_key.0 || (key.0 == best_key.0 && key.1 < best_key.1),
        };
        if better {
            best = Some((score, distance, at));
            best_key = key;
        }
    }
    best.map(|(_, _, at)| body.stretch(at, at + quote.len()))
}

/// The quote and its context for a stretch of `body`: what a new
/// highlight holds. `None` when the stretch holds no text.
pub fn capture(body: &BodyText, s: &Stretch) -> Option<(String, String, String)> {
    let (from, to) = body.folded(s);
    let quote = body.text.get(from..to)?.trim();
    if quote.is_empty() {
        return None;
    }
    let before = body.text.get(..from).unwrap_or("");
    let after = body.text.get(to..).unwrap_or("");
    let prefix: String = {
        let chars: Vec<char> = before.chars().rev().take(CONTEXT_CHARS).collect();
        chars.into_iter().rev().collect()
    };
    let suffix: String = after.chars().take(CONTEXT_CHARS).collect();
    Some((quote.to_string(), prefix, suffix))
}

/// The highlights a reader sees in one article: the ones the archive
/// carried, each replaced by the reader's copy of the same id when there
/// is one (the reader's word wins, a deletion too), and the reader's own;
/// deleted ones left out. In reading order, the ones not found last.
pub fn effective(imported: &[Highlight], own: &BTreeMap<String, Highlight>) -> Vec<Highlight> {
    let mut out: Vec<Highlight> = imported
        .iter()
        .filter(|h| !own.contains_key(&h.id))
        .cloned()
        .collect();
    out.extend(own.values().cloned());
    out.retain(|h| !h.deleted);
    out.sort_by(|a, b| match (a.at, b.at) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)),
    });
    out
}

/// The imported highlights whose quote is nowhere in their article's
/// text (the page changed after it was highlighted, or the export
/// kept another version of it), by article index, in file order.
/// Only articles with highlights have their text read.
pub fn not_found(archive: &Archive) -> Vec<(usize, Highlight)> {
    let mut out = Vec::new();
    for (i, a) in archive.articles.iter().enumerate() {
        if a.highlights.is_empty() {
            continue;
        }
        let mut list: Vec<Highlight> = a.highlights.to_vec();
        a.peek_detail(|d| anchor_all(&mut list, d.body.blocks()));
        out.extend(list.into_iter().filter(|h| h.at.is_none()).map(|h| (i, h)));
    }
    out
}

/// Every highlight of `list` found again in `blocks`: `at` set where the
/// quote is, `None` where it is not.
pub fn anchor_all(list: &mut [Highlight], blocks: &[Block]) {
    if list.is_empty() {
        return;
    }
    let body = BodyText::new(blocks);
    for h in list {
        h.at = locate(h, &body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Rich;

    fn blocks(texts: &[&str]) -> Vec<Block> {
        texts
            .iter()
            .map(|t| Block::Paragraph(Rich::plain(*t)))
            .collect()
    }

    fn quote(q: &str, prefix: &str, suffix: &str) -> Highlight {
        Highlight {
            id: "h".into(),
            quote: q.into(),
            prefix: prefix.into(),
            suffix: suffix.into(),
            ..Highlight::default()
        }
    }

    #[test]
    fn a_quote_is_found_across_blocks_with_loose_whitespace() {
        let b = blocks(&["Vi pratade länge.", "Sedan  gick\nvi hem."]);
        let body = BodyText::new(&b);
        let s = locate(&quote("länge.\n\nSedan gick", "", ""), &body).expect("found");
        assert_eq!(s.from, Pos::new(0, "Vi pratade ".len()));
        assert_eq!(s.to, Pos::new(1, "Sedan  gick".len()));
        assert!(locate(&quote("gick hem", "", ""), &body).is_none());
    }

    #[test]
    fn context_chooses_between_repeats() {
        let b = blocks(&["ja, sa hon. Nej, sa han. Ja, sa hon igen."]);
        let body = BodyText::new(&b);
        let first = locate(&quote("sa hon", "", ""), &body).expect("found");
        assert_eq!(first.from.byte, 4);
        let second = locate(&quote("sa hon", "han. Ja, ", " igen"), &body).expect("found");
        assert_eq!(second.from.byte, "ja, sa hon. Nej, sa han. Ja, ".len());
    }

    #[test]
    fn capture_then_locate_is_the_same_stretch() {
        let b = blocks(&["Ett två tre fyra.", "Fem sex sju.", "Fem sex sju."]);
        let body = BodyText::new(&b);
        let s = Stretch {
            from: Pos::new(2, 0),
            to: Pos::new(2, 7),
        };
        let (q, prefix, suffix) = capture(&body, &s).expect("text");
        assert_eq!(q, "Fem sex");
        let h = quote(&q, &prefix, &suffix);
        assert_eq!(locate(&h, &body), Some(s));
    }

    #[test]
    fn own_copies_win_and_tombstones_hide() {
        let mut imported = vec![quote("a", "", ""), quote("b", "", "")];
        imported[1].id = "x".into();
        let mut own = BTreeMap::new();
        let mut mine = imported[0].clone();
        mine.note = Some("mine".into());
        own.insert(mine.id.clone(), mine);
        let mut gone = imported[1].clone();
        gone.deleted = true;
        own.insert(gone.id.clone(), gone);
        let seen = effective(&imported, &own);
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].note(), Some("mine"));
    }
}
