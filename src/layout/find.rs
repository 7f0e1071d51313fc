//! Where a search's matches are on laid-out lines: the text a block shows
//! is read across its line breaks (so a phrase that wraps is found), and
//! each match comes back as cells on the lines it covers. Gutters, bullets
//! and indents are not text and are passed over.

use std::ops::Range;

use ratatui::text::Line;

use super::Laid;
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

/// The groups of lines read as one text: each body block's lines (up to
/// the blank line after it), and every other line on its own.
fn groups(laid: &Laid) -> Vec<Range<usize>> {
    let n = laid.lines.len();
    let mut out = Vec::new();
    let first_block = laid.block_starts.first().copied().unwrap_or(n);
    out.extend((0..first_block.min(n)).map(|l| l..l + 1));
    for (i, &start) in laid.block_starts.iter().enumerate() {
        let end = laid.block_starts.get(i + 1).copied().unwrap_or(n).min(n);
        if start < end {
            out.push(start..end);
        }
    }
    out
}

/// Every match of `query` on the lines of `laid` that `within` touches
/// (all of them for `0..laid.lines.len()`), in reading order.
pub fn find_matches(laid: &Laid, query: &Query, within: Range<usize>) -> Vec<Found> {
    let mut out = Vec::new();
    let mut index = 0;
    for group in groups(laid) {
        let touches = group.start < within.end && within.start < group.end;
        // Lines of the group: text, where it starts in the joined text,
        // and the decoration's cells.
        let mut joined = String::new();
        let mut parts: Vec<(usize, usize, String, usize)> = Vec::new();
        for line in group.clone() {
            let Some(l) = laid.lines.get(line) else {
                continue;
            };
            let (text, cells) = text_of(l);
            let text = text.trim_end().to_string();
            if text.is_empty() {
                continue;
            }
            if !joined.is_empty() {
                joined.push(' ');
            }
            parts.push((line, joined.len(), text.clone(), cells));
            joined.push_str(&text);
        }
        let ranges = query.find_in(&joined);
        if !touches {
            index += ranges.len();
            continue;
        }
        for r in ranges {
            for (line, at, text, cells) in &parts {
                let (from, to) = (*at, at + text.len());
                if r.end <= from || r.start >= to {
                    continue;
                }
                let (s, e) = (r.start.max(from) - from, r.end.min(to) - from);
                let (Some(before), Some(piece)) = (text.get(..s), text.get(s..e)) else {
                    continue;
                };
                out.push(Found {
                    line: *line,
                    x: cells + display_width(before),
                    width: display_width(piece),
                    index,
                });
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

    fn laid(body: &str, width: u16) -> Laid {
        let text = format!(r#"[{{"id": "a", "title": "T", "body": {body}}}]"#);
        let archive = load_str("t.json", &text).expect("loads");
        lay_out(&archive, 0, width, &Theme::default())
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
        let l = laid(r#""one two three four five six seven eight""#, 12);
        let found = find_matches(&l, &Query::parse("\"four five\""), 0..l.lines.len());
        let pieces: Vec<String> = found.iter().map(|f| shown(&l, f)).collect();
        assert_eq!(found.len(), 2, "{pieces:?}");
        assert_eq!(found[0].index, found[1].index, "one match in two pieces");
        assert_ne!(found[0].line, found[1].line);
        assert_eq!(pieces.concat().replace(' ', ""), "fourfive");
    }

    #[test]
    fn gutters_and_bullets_are_not_text() {
        let l = laid(
            r#"[{"type": "quote", "text": "alpha beta gamma delta epsilon"}, {"type": "list", "items": ["zeta eta"], "ordered": true}]"#,
            14,
        );
        for q in ["gamma delta", "zeta"] {
            let found = find_matches(&l, &Query::parse(&format!("\"{q}\"")), 0..l.lines.len());
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
        let l = laid(r#"["x one", "two x", "x"]"#, 40);
        let all = find_matches(&l, &Query::parse("x"), 0..l.lines.len());
        let indices: Vec<usize> = all.iter().map(|f| f.index).collect();
        assert_eq!(indices, [0, 1, 2]);
        // Only the lines asked for, numbered as in the whole article.
        let last_line = all[2].line;
        let some = find_matches(&l, &Query::parse("x"), last_line..last_line + 1);
        assert_eq!(some.iter().map(|f| f.index).collect::<Vec<_>>(), [2]);
    }
}
