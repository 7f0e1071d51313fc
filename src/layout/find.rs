//! Where a search's matches are on laid-out lines. The matches are found
//! in the text search reads ([`crate::search::searched`]), the same text
//! the list counts, and each is then placed, through the layout's source
//! map, on the cells that show it (so a phrase that wraps is highlighted on
//! both lines). Gutters, bullets and indents show no text and are never
//! part of a match.

use std::ops::Range;

use super::Laid;
use super::map::Src;
use crate::archive::Archive;
use crate::search::{Part, Query};

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

/// The lines that show `src`'s text: the header's or a block's.
fn region(laid: &Laid, src: Src) -> Option<Range<usize>> {
    let n = laid.lines.len();
    let head_end = laid.block_starts.first().copied().unwrap_or(n).min(n);
    match src.block() {
        None => Some(0..head_end),
        Some(b) => {
            let start = *laid.block_starts.get(b)?;
            let end = laid.block_starts.get(b + 1).copied().unwrap_or(n).min(n);
            Some(start.min(n)..end.max(start).min(n))
        }
    }
}

/// The cells that show bytes `r` of `src`'s text (`text`), one stretch
/// per line, from the first cell shown to the last, on the lines of
/// `lines`.
pub fn cells_of(
    laid: &Laid,
    lines: Range<usize>,
    src: Src,
    text: &str,
    r: &Range<usize>,
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for line in lines {
        let mut span: Option<(usize, usize)> = None;
        for seg in laid.segs.line(line) {
            if seg.src != src {
                continue;
            }
            if let Some((x, w)) = seg.cells(text, r) {
                let (x, end) = (usize::from(x), usize::from(x) + usize::from(w));
                span = Some(span.map_or((x, end), |(a, b)| (a.min(x), b.max(end))));
            }
        }
        if let Some((x, end)) = span {
            out.push((line, x, end - x));
        }
    }
    out
}

/// The cells that show a stretch of the article's body (it may run over
/// blocks) on the lines `within`: one (line, x, width) per line, in order.
/// Blocks with no line in `within` are passed over without reading them.
pub fn stretch_cells(
    blocks: &[crate::archive::Block],
    laid: &Laid,
    stretch: &crate::archive::Stretch,
    within: Range<usize>,
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let last = stretch
        .to
        .block
        .min(laid.block_starts.len().saturating_sub(1));
    for b in stretch.from.block..=last {
        let src = Src::Block(u32::try_from(b).unwrap_or(u32::MAX));
        let Some(region) = region(laid, src) else {
            break;
        };
        let lines = region.start.max(within.start)..region.end.min(within.end);
        if lines.is_empty() {
            continue;
        }
        let Some(source) = blocks.get(b).map(crate::archive::Block::source) else {
            break;
        };
        if let Some(r) = stretch.in_block(b, source.len()) {
            out.extend(cells_of(laid, lines, src, &source, &r));
        }
    }
    out
}

/// The line that shows `pos` of the body (the nearest one when no line
/// shows that very byte), if its block is laid out.
pub fn line_of(laid: &Laid, pos: crate::archive::Pos) -> Option<usize> {
    laid.block_starts.get(pos.block)?;
    let anchor = crate::state::Anchor {
        block: Some(pos.block),
        at: Some(super::text_place(pos.byte)),
        ..crate::state::Anchor::default()
    };
    Some(anchor.scroll_in(laid))
}

/// The body text at cell `x` of line `line`: the byte shown there, or
/// the nearest on the line (the end of what is left of it, the start of
/// what is right of it). `None` on a line that shows no body text.
pub fn pos_at(
    blocks: &[crate::archive::Block],
    laid: &Laid,
    line: usize,
    x: u16,
) -> Option<crate::archive::Pos> {
    let segs: Vec<_> = laid
        .segs
        .line(line)
        .iter()
        .filter(|s| s.src.block().is_some())
        .collect();
    let seg = segs.iter().find(|s| x < s.x + s.width).or(segs.last())?;
    let b = seg.src.block()?;
    if x < seg.x {
        return Some(crate::archive::Pos::new(b, seg.start as usize));
    }
    if x >= seg.x + seg.width {
        return Some(crate::archive::Pos::new(b, seg.end as usize));
    }
    let source = blocks.get(b)?.source();
    Some(crate::archive::Pos::new(b, seg.byte_at(&source, x)?))
}

/// The first and the last body text a line shows.
pub fn line_text(laid: &Laid, line: usize) -> Option<(crate::archive::Pos, crate::archive::Pos)> {
    let segs = laid.segs.line(line);
    let first = segs.iter().find(|s| s.src.block().is_some())?;
    let last = segs.iter().rev().find(|s| s.src.block().is_some())?;
    Some((
        crate::archive::Pos::new(first.src.block()?, first.start as usize),
        crate::archive::Pos::new(last.src.block()?, last.end as usize),
    ))
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
    let mut index = 0;
    let mut topic = 0u32;
    for (part, text) in crate::search::searched_until(archive, article, laid.block_starts.len()) {
        let src = match part {
            Part::Title => Src::Title,
            Part::Author => Src::Author,
            Part::Topic => {
                topic += 1;
                Src::Topic(topic - 1)
            }
            Part::Summary => Src::Summary,
            Part::Block(i) => Src::Block(u32::try_from(i).unwrap_or(u32::MAX)),
        };
        // Not laid out yet: nor is anything after it.
        let Some(region) = region(laid, src) else {
            break;
        };
        let ranges = query.find_in(&text);
        let shown = region.start.min(n - 1)..region.end.max(region.start + 1).min(n);
        let touches = shown.start < within.end && within.start < shown.end;
        for r in ranges {
            if touches {
                let before = out.len();
                for (line, x, width) in cells_of(laid, region.clone(), src, &text, &r) {
                    out.push(Found {
                        line,
                        x,
                        width,
                        index,
                    });
                }
                if out.len() == before {
                    // Shown nowhere (a lede the reader leaves out): the
                    // part's first line.
                    out.push(Found {
                        line: shown.start,
                        x: 0,
                        width: 0,
                        index,
                    });
                }
            }
            index += 1;
        }
    }
    out
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
