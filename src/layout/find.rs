//! Where a search's matches are on laid-out lines. The matches are found
//! in the text search reads ([`crate::search::searched`]), the same text
//! the list counts, and each is then placed on the lines that show it (so
//! a phrase that wraps is highlighted on both lines) as cells. Gutters,
//! bullets and indents are not text and are passed over.

use std::ops::Range;

use ratatui::text::Line;

use super::Laid;
use crate::archive::Archive;
use crate::search::Query;
use crate::width::display_width;

/// One stretch of a match on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Index into `Laid::lines`.
    pub line: usize,
    /// Cells from the start of the line.
    pub x: usize,
    pub width: usize,
    /// Which match of the article this is part of (in reading order).
    pub index: usize,
}

/// Whether a leading span is decoration rather than text: a gutter, a
/// bullet, a list number, an indent.
fn decoration(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || t.chars().all(|c| matches!(c, '┃' | '│' | '•'))
        || (t.ends_with('.') && t.len() > 1 && t[..t.len() - 1].bytes().all(|b| b.is_ascii_digit()))
}

/// A line's text without its leading decoration, and the cells that
/// decoration takes.
fn text_of(line: &Line<'_>) -> (String, usize) {
    let mut cells = 0;
    let mut text = String::new();
    let mut leading = true;
    for span in &line.spans {
        if leading && decoration(&span.content) {
            cells += display_width(&span.content);
            continue;
        }
        leading = false;
        text.push_str(&span.content);
    }
    (text, cells)
}

/// One character shown on a laid-out line (whitespace left out): its
/// line, and its byte offset in the line's text (decoration left out).
/// Cells are counted only for the characters of a match.
#[derive(Debug, Clone, Copy)]
struct Shown {
    ch: char,
    line: usize,
    byte: usize,
}

/// The characters shown on `lines`, decoration and whitespace left out.
fn shown(laid: &Laid, lines: Range<usize>) -> Vec<Shown> {
    let mut out = Vec::new();
    for line in lines {
        let Some(l) = laid.lines.get(line) else {
            continue;
        };
        let (text, _) = text_of(l);
        out.extend(
            text.char_indices()
                .filter(|(_, c)| !c.is_whitespace())
                .map(|(byte, ch)| Shown { ch, line, byte }),
        );
    }
    out
}

/// Where each character of `text` (whitespace left out) is shown in
/// `on`, from `from` on. Each line of the text is looked for as one run
/// (wrapping only changes whitespace); a line not shown as written (cut
/// short, or with link numbers or quotation marks added) is placed
/// character by character between the lines around it. Returns (byte
/// offset, place) pairs in order and where the text ends in `on`.
fn align(text: &str, on: &[Shown], from: usize) -> (Vec<(usize, Option<usize>)>, usize) {
    /// How far ahead a character placed one by one is looked for.
    const AHEAD: usize = 256;
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace() || *c == '\n')
        .collect();
    let segments: Vec<&[(usize, char)]> = chars
        .split(|(_, c)| *c == '\n')
        .filter(|s| !s.is_empty())
        .collect();
    // Each line where it is shown as written, in order.
    let mut runs: Vec<Option<usize>> = Vec::with_capacity(segments.len());
    let mut cursor = from;
    for seg in &segments {
        let first = seg[0].1;
        let fits = |at: usize| {
            on.get(at..at + seg.len())
                .is_some_and(|w| w.iter().zip(seg.iter()).all(|(s, (_, c))| s.ch == *c))
        };
        let at = (cursor..on.len()).find(|&at| on[at].ch == first && fits(at));
        if let Some(at) = at {
            cursor = at + seg.len();
        }
        runs.push(at);
    }
    let mut placed = Vec::with_capacity(chars.len());
    let mut cursor = from;
    for (k, seg) in segments.iter().enumerate() {
        if let Some(at) = runs[k] {
            placed.extend(seg.iter().enumerate().map(|(j, (b, _))| (*b, Some(at + j))));
            cursor = at + seg.len();
            continue;
        }
        // Up to where the next line shown as written begins.
        let limit = runs[k + 1..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(on.len());
        for &(b, c) in seg.iter() {
            let found = on
                .get(cursor..limit.min(cursor + AHEAD).max(cursor))
                .and_then(|w| w.iter().position(|s| s.ch == c))
                .map(|j| cursor + j);
            if let Some(at) = found {
                cursor = at + 1;
            }
            placed.push((b, found));
        }
    }
    (placed, cursor)
}

/// Every match of `query` in article of `laid` (what search reads of it,
/// as [`crate::search::searched`] defines it: the same text the list
/// counts), placed on the lines of `laid`, for the matches in parts whose
/// lines `within` touches (all of them for `0..laid.lines.len()`), in
/// reading order. Every match gets at least one place, so `n` visits as
/// many as the list counts.
pub fn find_matches(
    archive: &Archive,
    laid: &Laid,
    query: &Query,
    within: Range<usize>,
) -> Vec<Found> {
    let mut out = Vec::new();
    let Some(article) = archive.articles.get(laid.article) else {
        return out;
    };
    let n = laid.lines.len();
    if n == 0 {
        return out;
    }
    let head_end = laid.block_starts.first().copied().unwrap_or(n).min(n);
    let head = shown(laid, 0..head_end);
    let mut head_at = 0;
    let mut index = 0;
    for (part, text) in crate::search::searched_until(archive, article, laid.block_starts.len()) {
        let (region, on, from) = match part {
            crate::search::Part::Block(i) => {
                // Not laid out yet: nor is anything after it.
                let Some(&start) = laid.block_starts.get(i) else {
                    break;
                };
                let end = laid.block_starts.get(i + 1).copied().unwrap_or(n).min(n);
                (start..end.max(start + 1).min(n), None, 0)
            }
            _ => (0..head_end, Some(&head), head_at),
        };
        let ranges = query.find_in(&text);
        let touches = region.start < within.end && within.start < region.end;
        // The head's parts are found in turn, each after the last, when
        // the head is wanted at all.
        let wanted = touches && (on.is_some() || !ranges.is_empty());
        if !wanted {
            index += ranges.len();
            continue;
        }
        let block;
        let on = match on {
            Some(on) => on,
            None => {
                block = shown(laid, region.clone());
                &block
            }
        };
        let (placed, end) = align(&text, on, from);
        if part_is_head(part) && placed.iter().any(|(_, p)| p.is_some()) {
            head_at = end;
        }
        for r in ranges {
            if touches {
                place(
                    laid,
                    &placed,
                    on,
                    &r,
                    region.start.min(n - 1),
                    index,
                    &mut out,
                );
            }
            index += 1;
        }
    }
    out
}

fn part_is_head(part: crate::search::Part) -> bool {
    !matches!(part, crate::search::Part::Block(_))
}

/// The places of match `index` (bytes `r` of its part's text): a stretch
/// on each line it is shown on; the part's first line when none of it
/// could be placed.
fn place(
    laid: &Laid,
    placed: &[(usize, Option<usize>)],
    on: &[Shown],
    r: &Range<usize>,
    fallback: usize,
    index: usize,
    out: &mut Vec<Found>,
) {
    let first = placed.partition_point(|(b, _)| *b < r.start);
    // Per line: the bytes of its text the match covers.
    let mut pieces: Vec<(usize, usize, usize)> = Vec::new();
    for (_, at) in placed.iter().skip(first).take_while(|(b, _)| *b < r.end) {
        let Some(s) = at.and_then(|a| on.get(a)) else {
            continue;
        };
        let end = s.byte + s.ch.len_utf8();
        match pieces.last_mut() {
            Some((line, from, to)) if *line == s.line => {
                *from = (*from).min(s.byte);
                *to = (*to).max(end);
            }
            _ => pieces.push((s.line, s.byte, end)),
        }
    }
    let before = out.len();
    for (line, from, to) in pieces {
        let Some(l) = laid.lines.get(line) else {
            continue;
        };
        let (text, cells) = text_of(l);
        let (Some(lead), Some(piece)) = (text.get(..from), text.get(from..to)) else {
            continue;
        };
        out.push(Found {
            line,
            x: cells + display_width(lead),
            width: display_width(piece),
            index,
        });
    }
    if out.len() == before {
        out.push(Found {
            line: fallback,
            x: 0,
            width: 0,
            index,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::load_str;
    use crate::layout::lay_out;
    use crate::theme::Theme;

    fn laid(body: &str, width: u16) -> (Archive, Laid) {
        let text = format!(r#"[{{"id": "a", "title": "T", "body": {body}}}]"#);
        let archive = load_str("t.json", &text).expect("loads");
        let laid = lay_out(&archive, 0, width, &Theme::default());
        (archive, laid)
    }

    fn shown(laid: &Laid, f: &Found) -> String {
        let line: String = laid.lines[f.line]
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        let chars: Vec<char> = line.chars().collect();
        // Test text is one cell per character.
        chars[f.x..f.x + f.width].iter().collect()
    }

    #[test]
    fn a_phrase_across_a_line_break_is_found_on_both_lines() {
        let (a, l) = laid(r#""one two three four five six seven eight""#, 12);
        let found = find_matches(&a, &l, &Query::parse("\"four five\""), 0..l.lines.len());
        let pieces: Vec<String> = found.iter().map(|f| shown(&l, f)).collect();
        assert_eq!(found.len(), 2, "{pieces:?}");
        assert_eq!(found[0].index, found[1].index, "one match in two pieces");
        assert_ne!(found[0].line, found[1].line);
        assert_eq!(pieces.concat().replace(' ', ""), "fourfive");
    }

    #[test]
    fn gutters_and_bullets_are_not_text() {
        let (a, l) = laid(
            r#"[{"type": "quote", "text": "alpha beta gamma delta epsilon"}, {"type": "list", "items": ["zeta eta"], "ordered": true}]"#,
            14,
        );
        for q in ["gamma delta", "zeta"] {
            let found = find_matches(&a, &l, &Query::parse(&format!("\"{q}\"")), 0..l.lines.len());
            let text: String = found
                .iter()
                .map(|f| shown(&l, f))
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(text, q, "{q}");
        }
    }

    #[test]
    fn matches_are_numbered_in_reading_order() {
        let (a, l) = laid(r#"["x one", "two x", "x"]"#, 40);
        let all = find_matches(&a, &l, &Query::parse("x"), 0..l.lines.len());
        let indices: Vec<usize> = all.iter().map(|f| f.index).collect();
        assert_eq!(indices, [0, 1, 2]);
        // Only the lines asked for, numbered as in the whole article.
        let last_line = all[2].line;
        let some = find_matches(&a, &l, &Query::parse("x"), last_line..last_line + 1);
        assert_eq!(some.iter().map(|f| f.index).collect::<Vec<_>>(), [2]);
    }
}
