//! Quotes that repeat the article's own words are pull quotes: a pull
//! quote is by definition a passage of the text shown again, larger.
//! A short quote (at most 40 words) counts when at least 80% of its words,
//! as one contiguous run, also appear in that order in the body text
//! (words compared case-insensitively, punctuation ignored). The body is
//! its paragraphs and lists; headings are not passages of it.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::archive::model::{Block, Rich};

const MAX_WORDS: usize = 40;
const MIN_WORDS: usize = 4;
const BASE: u64 = 0x100_0000_01b3;

/// Turns repeating quotes into pull quotes. Linear in the body's length:
/// one rolling-hash pass over the body per distinct run length needed
/// (at most 32).
pub(super) fn promote_repeats(blocks: &mut [Block]) {
    let candidates: Vec<(usize, Vec<u64>)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Quote { text, .. } => {
                let words = word_hashes(&text.to_plain());
                (MIN_WORDS..=MAX_WORDS)
                    .contains(&words.len())
                    .then_some((i, words))
            }
            _ => None,
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    let mut body = Vec::new();
    for block in blocks.iter() {
        match block {
            // A heading is not a passage of the text: a quote that repeats
            // one is an ordinary quote.
            Block::Paragraph(r) => body.extend(rich_words(r)),
            Block::List { items, .. } => body.extend(items.iter().flat_map(rich_words)),
            _ => {}
        }
    }
    let mut windows: Vec<(usize, HashSet<u64>)> = Vec::new();
    for (i, words) in candidates {
        let run = (4 * words.len()).div_ceil(5);
        if body.len() < run {
            continue;
        }
        let set = match windows.iter().position(|(len, _)| *len == run) {
            Some(k) => &windows[k].1,
            None => {
                windows.push((run, rolling(&body, run).collect()));
                &windows[windows.len() - 1].1
            }
        };
        if rolling(&words, run).any(|h| set.contains(&h)) {
            let taken = std::mem::replace(&mut blocks[i], Block::Rule);
            if let Block::Quote { text, cite } = taken {
                blocks[i] = Block::PullQuote { text, cite };
            }
        }
    }
}

fn rich_words(rich: &Rich) -> Vec<u64> {
    word_hashes(&rich.to_plain())
}

/// Each word (a run of letters and digits) lower-cased and hashed.
fn word_hashes(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut h = DefaultHasher::new();
            for c in w.chars().flat_map(char::to_lowercase) {
                c.hash(&mut h);
            }
            h.finish() | 1
        })
        .collect()
}

/// Polynomial hashes of every window of `len` words.
fn rolling(words: &[u64], len: usize) -> impl Iterator<Item = u64> + '_ {
    let top = (1..len).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut h = 0u64;
    words.iter().enumerate().filter_map(move |(i, &w)| {
        if i >= len {
            h = h.wrapping_sub(words[i - len].wrapping_mul(top));
        }
        h = h.wrapping_mul(BASE).wrapping_add(w);
        (i + 1 >= len).then_some(h)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(s: &str) -> Block {
        Block::Paragraph(Rich::plain(s))
    }

    fn quote(s: &str) -> Block {
        Block::Quote {
            text: Rich::plain(s),
            cite: None,
        }
    }

    #[test]
    fn a_repeated_passage_becomes_a_pull_quote() {
        let mut blocks = vec![
            para("The river froze early that year, and the ferry stopped running in November."),
            quote("“The ferry stopped running in November.”"),
            para("Nobody in the village remembered a winter like it."),
        ];
        promote_repeats(&mut blocks);
        assert!(matches!(blocks[1], Block::PullQuote { .. }), "{blocks:?}");
    }

    #[test]
    fn most_words_in_one_run_are_enough() {
        // 9 of 10 words repeat contiguously; one word was changed.
        let mut blocks = vec![
            para("we walked to the old mill by the river every single morning"),
            quote("We walked to the old mill by the river, daily."),
        ];
        promote_repeats(&mut blocks);
        assert!(matches!(blocks[1], Block::PullQuote { .. }));
    }

    #[test]
    fn scattered_or_new_words_stay_a_quote() {
        let mut blocks = vec![
            para("The mill by the river. We walked there. The old road every morning."),
            quote("We walked to the old mill by the river every morning."),
            quote("Only a fool argues with the weather, my grandmother said."),
        ];
        promote_repeats(&mut blocks);
        assert!(matches!(blocks[1], Block::Quote { .. }));
        assert!(matches!(blocks[2], Block::Quote { .. }));
    }

    #[test]
    fn a_quote_that_repeats_a_heading_stays_a_quote() {
        let mut blocks = vec![
            Block::Heading {
                level: 2,
                text: Rich::plain("What are we growing this year?"),
            },
            para("Beans, mostly, and a row of leeks for the soup."),
            quote("What are we growing this year, then?"),
        ];
        promote_repeats(&mut blocks);
        assert!(matches!(blocks[2], Block::Quote { .. }), "{blocks:?}");
    }

    #[test]
    fn long_and_tiny_quotes_are_left_alone() {
        let long = "word ".repeat(41);
        let mut blocks = vec![
            para(&long),
            quote(&long),
            para("yes indeed"),
            quote("Yes indeed"),
        ];
        promote_repeats(&mut blocks);
        assert!(matches!(blocks[1], Block::Quote { .. }));
        assert!(matches!(blocks[3], Block::Quote { .. }));
    }
}
