//! Wrapping text into styled lines: break opportunities from textwrap's
//! Unicode separator (plus breaks after inner hyphens), widths from
//! `crate::width`, run styles carried byte by byte across line breaks.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use textwrap::WordSeparator;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use crate::archive::{Rich, RunStyle};
use crate::theme::Theme;
use crate::width::{display_width, grapheme_width, prefix_fitting};

/// Drawn in place of a grapheme wider than any line can hold; one cell.
pub const TOO_WIDE: &str = "…";

/// Lines and, for each, where it starts in the source it was made from:
/// a part of the article's reading position (see [`super::Laid::offsets`]).
/// Wrapped text starts a line at the byte offset of its first character; a
/// line that stands for no text (a rule, a placeholder) takes one unit of
/// its own. Offsets rise strictly from line to line, and every unit means
/// the same at every width, so the line holding a unit can be found again
/// at another one.
#[derive(Debug, Default)]
pub(super) struct Part {
    pub lines: Vec<Line<'static>>,
    pub starts: Vec<usize>,
    /// Units taken: the source's bytes (at least one), more than any start.
    pub len: usize,
}

impl Part {
    /// Wrapped text of `len` bytes with its lines' starts.
    fn text(lines: Vec<Line<'static>>, starts: Vec<usize>, len: usize) -> Part {
        debug_assert_eq!(lines.len(), starts.len());
        let len = starts.last().map_or(0, |s| s + 1).max(len).max(1);
        Part { lines, starts, len }
    }

    /// A line that stands for no text: one unit of its own.
    pub fn line(&mut self, line: Line<'static>) {
        self.lines.push(line);
        self.starts.push(self.len);
        self.len += 1;
    }

    /// `other` after what is here, its units after these.
    pub fn append(&mut self, other: Part) {
        let base = self.len;
        self.lines.extend(other.lines);
        self.starts
            .extend(other.starts.into_iter().map(|s| base + s));
        self.len = base + other.len.max(1);
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// The style of a run: the block's style with the run's emphasis patched on.
pub fn run_style(style: &RunStyle, base: Style, theme: &Theme) -> Style {
    match style {
        RunStyle::Plain => base,
        RunStyle::Emphasis => base.patch(theme.emphasis),
        RunStyle::Strong => base.patch(theme.strong),
        RunStyle::Code => base.patch(theme.code),
        RunStyle::Link(_) => base.patch(theme.link),
        RunStyle::Mark => base.patch(theme.meta),
    }
}

/// Wrapped lines of one piece of rich text, with indents for the first and
/// following lines.
///
/// Whitespace between words is drawn as one space and never at a line end;
/// leading and trailing whitespace of the whole text is dropped. A `\n` is a
/// hard break; lines after it take `rest_indent`. An indent that would leave
/// no cell for text is dropped. Every line is at most `width` cells.
pub fn wrap_rich(
    text: &Rich,
    width: usize,
    base: Style,
    theme: &Theme,
    first_indent: &[Span<'static>],
    rest_indent: &[Span<'static>],
) -> Vec<Line<'static>> {
    rich_part(text, width, base, theme, first_indent, rest_indent).lines
}

/// [`wrap_rich`] with where each line starts in the text's runs, joined.
pub(super) fn rich_part(
    text: &Rich,
    width: usize,
    base: Style,
    theme: &Theme,
    first_indent: &[Span<'static>],
    rest_indent: &[Span<'static>],
) -> Part {
    let mut flat = String::new();
    let mut marks = Vec::with_capacity(text.runs.len());
    for run in &text.runs {
        if run.text.is_empty() {
            continue;
        }
        marks.push((flat.len(), run_style(&run.style, base, theme)));
        flat.push_str(&run.text);
    }
    let styled = Styled {
        text: &flat,
        marks: &marks,
        base,
    };
    let mut starts = Vec::new();
    let lines = wrap_styled(&styled, width, first_indent, rest_indent, &mut starts);
    Part::text(lines, starts, flat.len())
}

/// [`wrap_rich`] for plain text in one style.
pub fn wrap_plain(
    text: &str,
    width: usize,
    style: Style,
    first_indent: &[Span<'static>],
    rest_indent: &[Span<'static>],
) -> Vec<Line<'static>> {
    plain_part(text, width, style, first_indent, rest_indent).lines
}

/// [`wrap_plain`] with where each line starts in `text`.
pub(super) fn plain_part(
    text: &str,
    width: usize,
    style: Style,
    first_indent: &[Span<'static>],
    rest_indent: &[Span<'static>],
) -> Part {
    let styled = Styled {
        text,
        marks: &[(0, style)],
        base: style,
    };
    let mut starts = Vec::new();
    let lines = wrap_styled(&styled, width, first_indent, rest_indent, &mut starts);
    Part::text(lines, starts, text.len())
}

/// Items (meta parts, topics) packed onto lines with `sep` between items on
/// the same line; an item too wide for a line of its own is wrapped.
/// Each line starts at its first item's place in the items joined.
pub(super) fn pack(items: &[String], sep: &str, width: usize, style: Style) -> Part {
    let mut lines = Vec::new();
    let mut starts = Vec::new();
    let total: usize = items.iter().map(String::len).sum();
    if width == 0 {
        return Part::text(lines, starts, total);
    }
    let sep_w = display_width(sep);
    let mut current = String::new();
    let mut current_at = 0;
    let mut at = 0;
    let mut used = 0;
    for item in items {
        let w = display_width(item);
        let item_at = at;
        at += item.len();
        if !current.is_empty() && used + sep_w + w <= width {
            current.push_str(sep);
            current.push_str(item);
            used += sep_w + w;
            continue;
        }
        if !current.is_empty() {
            lines.push(Line::from(Span::styled(
                std::mem::take(&mut current),
                style,
            )));
            starts.push(current_at);
        }
        if w <= width {
            current.push_str(item);
            current_at = item_at;
            used = w;
        } else {
            let part = plain_part(item, width, style, &[], &[]);
            lines.extend(part.lines);
            starts.extend(part.starts.into_iter().map(|s| item_at + s));
            used = 0;
        }
    }
    if !current.is_empty() {
        lines.push(Line::from(Span::styled(current, style)));
        starts.push(current_at);
    }
    Part::text(lines, starts, total)
}

/// Preformatted text wrapped for the reader: every line indented by two
/// cells (when the width leaves room) and continuation lines marked `↪ `.
/// A line is cut after its last space when that keeps at least half the
/// room filled, else at a grapheme boundary.
pub fn wrap_code(code: &str, width: usize, style: Style, mark_style: Style) -> Vec<Line<'static>> {
    code_part(code, width, style, mark_style).lines
}

/// [`wrap_code`] with where each line starts in `code`.
pub(super) fn code_part(code: &str, width: usize, style: Style, mark_style: Style) -> Part {
    let mut lines = Vec::new();
    let mut starts = Vec::new();
    if width == 0 {
        return Part::text(lines, starts, code.len());
    }
    let indent = if width >= 10 { "  " } else { "" };
    let avail = width - display_width(indent);
    // The mark only where it still leaves room for two cells of code.
    let mark = if avail >= 4 { "↪ " } else { "" };
    let mark_w = display_width(mark);
    let mut source_at = 0;
    for source in code.trim_end_matches(['\n', '\r']).split('\n') {
        let line_at = source_at;
        source_at += source.len() + 1;
        let mut rest = source.trim_end();
        if rest.is_empty() {
            lines.push(Line::default());
            starts.push(line_at);
            continue;
        }
        let mut first = true;
        let mut at = line_at;
        while !rest.is_empty() {
            let room = if first { avail } else { avail - mark_w };
            let (shown, consumed) = code_cut(rest, room);
            let shown_at = at;
            rest = rest.get(consumed..).unwrap_or("");
            at += consumed;
            if shown.is_empty() {
                // Only whitespace before the cut: nothing worth a line.
                continue;
            }
            let mut spans = Vec::with_capacity(3);
            if !indent.is_empty() {
                spans.push(Span::raw(indent));
            }
            if !first && !mark.is_empty() {
                spans.push(Span::styled(mark, mark_style));
            }
            spans.push(Span::styled(shown.to_string(), style));
            lines.push(finish_line(spans, width));
            starts.push(shown_at);
            first = false;
        }
    }
    Part::text(lines, starts, code.len())
}

/// What of `rest` goes on a code line of `room` cells (`room` > 0): the text
/// shown and the bytes consumed (one space more when cut at a space).
fn code_cut(rest: &str, room: usize) -> (&str, usize) {
    let (head, head_w) = prefix_fitting(rest, room);
    if head.is_empty() {
        // The next grapheme is wider than the room: show a mark.
        let g = rest.graphemes(true).next().unwrap_or(rest);
        return (TOO_WIDE, g.len().max(1));
    }
    if head.len() == rest.len() {
        return (head.trim_end(), head.len());
    }
    if rest[head.len()..].starts_with(' ') {
        return (head.trim_end(), head.len() + 1);
    }
    if let Some(space) = head.rfind(' ') {
        let before = head[..space].trim_end();
        if !before.is_empty() && display_width(before) * 2 >= head_w {
            return (before, space + 1);
        }
    }
    (head.trim_end(), head.len())
}

/// Cells taken by a sequence of spans, as ratatui draws them.
pub fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| display_width(&s.content)).sum()
}

/// Cells taken by a line, as ratatui draws it.
pub fn line_width(line: &Line<'_>) -> usize {
    spans_width(&line.spans)
}

/// A line from spans with trailing whitespace removed and, as a last guard,
/// cut to `width` (graphemes that join across piece boundaries can measure
/// differently together than apart).
pub fn finish_line(mut spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    trim_end_spans(&mut spans);
    if spans_width(&spans) > width {
        clamp_spans(&mut spans, width);
        trim_end_spans(&mut spans);
    }
    Line::from(spans)
}

fn trim_end_spans(spans: &mut Vec<Span<'static>>) {
    while let Some(last) = spans.last_mut() {
        let trimmed = last.content.trim_end();
        if trimmed.is_empty() {
            spans.pop();
            continue;
        }
        if trimmed.len() < last.content.len() {
            last.content = trimmed.to_string().into();
        }
        break;
    }
}

fn clamp_spans(spans: &mut Vec<Span<'static>>, width: usize) {
    let mut used = 0;
    for i in 0..spans.len() {
        let Some(span) = spans.get_mut(i) else { break };
        let w = display_width(&span.content);
        if used + w <= width {
            used += w;
            continue;
        }
        let (head, _) = prefix_fitting(&span.content, width - used);
        span.content = head.to_string().into();
        spans.truncate(i + 1);
        break;
    }
}

/// Flattened rich text: the text and where each style starts (strictly
/// increasing byte offsets).
struct Styled<'a> {
    text: &'a str,
    marks: &'a [(usize, Style)],
    base: Style,
}

impl Styled<'_> {
    fn style_at(&self, pos: usize) -> Style {
        let i = self.marks.partition_point(|m| m.0 <= pos);
        i.checked_sub(1)
            .and_then(|i| self.marks.get(i))
            .map_or(self.base, |m| m.1)
    }

    /// Pushes `text[start..end]`, split where styles change.
    fn emit(&self, start: usize, end: usize, out: &mut SpanBuilder) {
        let mut i = self.marks.partition_point(|m| m.0 <= start);
        let mut pos = start;
        while pos < end {
            let style = i
                .checked_sub(1)
                .and_then(|i| self.marks.get(i))
                .map_or(self.base, |m| m.1);
            let next = self.marks.get(i).map_or(end, |m| m.0.clamp(pos, end));
            if let Some(s) = self.text.get(pos..next) {
                out.push(s, style);
            }
            if next == pos && next < end {
                // A mark at `pos` itself; its style applies from here on.
                i += 1;
                continue;
            }
            pos = next;
            i += 1;
        }
    }
}

/// Collects text into spans, merging neighbours of the same style.
struct SpanBuilder {
    spans: Vec<Span<'static>>,
    text: String,
    style: Style,
}

impl SpanBuilder {
    fn new(indent: &[Span<'static>]) -> Self {
        SpanBuilder {
            spans: indent.to_vec(),
            text: String::new(),
            style: Style::new(),
        }
    }

    fn push(&mut self, s: &str, style: Style) {
        if s.is_empty() {
            return;
        }
        if !self.text.is_empty() && style != self.style {
            self.flush();
        }
        if self.text.is_empty() {
            self.style = style;
        }
        self.text.push_str(s);
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.spans.push(Span::styled(text, self.style));
        }
    }

    fn finish(mut self) -> Vec<Span<'static>> {
        self.flush();
        self.spans
    }
}

/// A stretch of text that wraps as a unit: a word, a part of a word after
/// a hyphen, or a slice of a word too long for a line.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Byte range in the flattened text.
    start: usize,
    end: usize,
    width: usize,
    /// Whitespace follows; drawn as one space unless the line ends here.
    space: bool,
    /// Drawn as [`TOO_WIDE`]: a single grapheme no line can hold.
    elided: bool,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width as f64
    }

    fn whitespace_width(&self) -> f64 {
        if self.space { 1.0 } else { 0.0 }
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// The indent to use and the cells it leaves for text; an indent that
/// leaves none is dropped.
fn usable<'a>(indent: &'a [Span<'static>], width: usize) -> (&'a [Span<'static>], usize) {
    let w = spans_width(indent);
    if w < width {
        (indent, width - w)
    } else {
        (&[], width)
    }
}

fn wrap_styled(
    styled: &Styled<'_>,
    width: usize,
    first_indent: &[Span<'static>],
    rest_indent: &[Span<'static>],
    starts: &mut Vec<usize>,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if width == 0 {
        return lines;
    }
    let all = styled.text;
    let trimmed = all.trim_start();
    let lead = all.len() - trimmed.len();
    let body = trimmed.trim_end();
    if body.is_empty() {
        return lines;
    }
    let (first_indent, first_avail) = usable(first_indent, width);
    let (rest_indent, rest_avail) = usable(rest_indent, width);
    // Slices of long words must fit whichever line they land on.
    let narrowest = first_avail.min(rest_avail);

    let mut pieces = Vec::new();
    let mut offset = lead;
    for (n, hard) in body.split('\n').enumerate() {
        pieces.clear();
        find_pieces(hard, offset, narrowest, &mut pieces);
        let first_widths = [first_avail as f64, rest_avail as f64];
        let rest_widths = [rest_avail as f64];
        let line_widths: &[f64] = if n == 0 { &first_widths } else { &rest_widths };
        for row in wrap_first_fit(&pieces, line_widths) {
            let indent = if lines.is_empty() {
                first_indent
            } else {
                rest_indent
            };
            let mut out = SpanBuilder::new(indent);
            for (k, piece) in row.iter().enumerate() {
                if piece.elided {
                    out.push(TOO_WIDE, styled.style_at(piece.start));
                } else {
                    styled.emit(piece.start, piece.end, &mut out);
                }
                if piece.space && k + 1 < row.len() {
                    out.push(" ", styled.style_at(piece.end));
                }
            }
            lines.push(finish_line(out.finish(), width));
            starts.push(row.first().map_or(offset, |p| p.start));
        }
        offset += hard.len() + 1;
    }
    lines
}

/// Splits one hard line (starting at byte `base` of the flattened text)
/// into pieces no wider than `narrowest`.
fn find_pieces(hard: &str, base: usize, narrowest: usize, out: &mut Vec<Piece>) {
    // Segment ends as offsets into `hard`. Derived from the slices textwrap
    // returns, so every byte lands in exactly one segment even if its words
    // ever stopped being contiguous.
    let origin = hard.as_ptr() as usize;
    let mut ends: Vec<usize> = Vec::new();
    for word in WordSeparator::UnicodeBreakProperties.find_words(hard) {
        let start = (word.word.as_ptr() as usize).wrapping_sub(origin);
        let end =
            start.saturating_add(word.word.len() + word.whitespace.len() + word.penalty.len());
        let last = ends.last().copied().unwrap_or(0);
        // A line break inside a grapheme (UAX #14 allows a few, e.g. before
        // a skin-tone modifier after a letter) would split what the
        // terminal draws as one glyph.
        if end > last && end <= hard.len() && grapheme_boundary(hard, end) {
            ends.push(end);
        }
    }
    if ends.last().copied().unwrap_or(0) < hard.len() {
        ends.push(hard.len());
    }

    let mut seg_start = 0;
    for end in ends {
        let Some(seg) = hard.get(seg_start..end) else {
            continue;
        };
        let seg_at = seg_start;
        seg_start = end;
        let (lead, content_end) = content_range(seg);
        let content = seg.get(lead..content_end).unwrap_or("");
        if lead > 0
            && let Some(prev) = out.last_mut()
        {
            prev.space = true;
        }
        if content.is_empty() {
            continue;
        }
        let content_at = base + seg_at + lead;
        let mut from = 0;
        for cut in hyphen_breaks(content) {
            push_word(content, from, cut, content_at, narrowest, out);
            from = cut;
        }
        push_word(content, from, content.len(), content_at, narrowest, out);
        if content_end < seg.len()
            && let Some(prev) = out.last_mut()
        {
            prev.space = true;
        }
    }
}

/// Whether byte `at` of `text` starts a grapheme (or ends the text).
fn grapheme_boundary(text: &str, at: usize) -> bool {
    if !text.is_char_boundary(at) {
        return false;
    }
    let (Some(before), Some(after)) = (text[..at].chars().next_back(), text[at..].chars().next())
    else {
        return true;
    };
    if before.is_ascii() && after.is_ascii() {
        // Between ASCII characters only CR LF is one grapheme.
        return !(before == '\r' && after == '\n');
    }
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

/// The byte range of `seg` without leading and trailing whitespace, trimmed
/// by whole graphemes so a mark sitting on a space stays with it.
fn content_range(seg: &str) -> (usize, usize) {
    // Trimming by characters is right whenever both cuts fall on grapheme
    // boundaries, which is nearly always; only then are graphemes walked.
    let start = seg.len() - seg.trim_start().len();
    let end = start.max(seg.trim_end().len());
    if seg.is_ascii() || (grapheme_boundary(seg, start) && grapheme_boundary(seg, end)) {
        return (start, end);
    }
    let blank = |g: &str| g.chars().all(char::is_whitespace);
    let start = seg
        .grapheme_indices(true)
        .find(|(_, g)| !blank(g))
        .map_or(seg.len(), |(i, _)| i);
    let end = seg
        .grapheme_indices(true)
        .rev()
        .find(|(_, g)| !blank(g))
        .map_or(start, |(i, g)| i + g.len());
    (start, end.max(start))
}

/// Byte offsets in `word` just after a hyphen joining two words
/// (`e-post` → after `e-`). textwrap's separator suppresses these breaks.
fn hyphen_breaks(word: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    if !word.contains('-') {
        return cuts;
    }
    let graphemes: Vec<(usize, &str)> = word.grapheme_indices(true).collect();
    for w in graphemes.windows(3) {
        let [(_, before), (at, g), (_, after)] = w else {
            continue;
        };
        let joins = before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && after.chars().next().is_some_and(char::is_alphabetic);
        if *g == "-" && joins {
            cuts.push(at + 1);
        }
    }
    cuts
}

/// Pushes `word[from..to]` as one piece, or as grapheme-cut slices when it
/// is wider than `narrowest`.
fn push_word(
    word: &str,
    from: usize,
    to: usize,
    at: usize,
    narrowest: usize,
    out: &mut Vec<Piece>,
) {
    let Some(text) = word.get(from..to) else {
        return;
    };
    if text.is_empty() {
        return;
    }
    let start = at + from;
    let width = display_width(text);
    if width <= narrowest {
        out.push(Piece {
            start,
            end: start + text.len(),
            width,
            space: false,
            elided: false,
        });
        return;
    }
    let mut piece_start = 0;
    let mut used = 0;
    for (i, g) in text.grapheme_indices(true) {
        let gw = grapheme_width(g);
        if gw > narrowest {
            if i > piece_start {
                out.push(slice(start, piece_start, i, used));
            }
            out.push(Piece {
                start: start + i,
                end: start + i + g.len(),
                width: 1,
                space: false,
                elided: true,
            });
            piece_start = i + g.len();
            used = 0;
            continue;
        }
        if used + gw > narrowest && i > piece_start {
            out.push(slice(start, piece_start, i, used));
            piece_start = i;
            used = 0;
        }
        used += gw;
    }
    if piece_start < text.len() {
        out.push(slice(start, piece_start, text.len(), used));
    }
}

fn slice(start: usize, from: usize, to: usize, width: usize) -> Piece {
    Piece {
        start: start + from,
        end: start + to,
        width,
        space: false,
        elided: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn breaks_after_inner_hyphens_only() {
        assert_eq!(hyphen_breaks("e-post"), vec![2]);
        assert!(hyphen_breaks("-5").is_empty());
        assert!(hyphen_breaks("a--b").is_empty());
        assert_eq!(hyphen_breaks("365-dagars"), vec![4]);
        let lines = wrap_plain("kund-upplevelse", 8, Style::new(), &[], &[]);
        assert_eq!(texts(&lines), ["kund-", "upplevel", "se"]);
    }

    #[test]
    fn whitespace_is_normalised_and_never_trails() {
        let lines = wrap_plain("  ett\t två   tre  ", 7, Style::new(), &[], &[]);
        assert_eq!(texts(&lines), ["ett två", "tre"]);
    }

    #[test]
    fn code_is_cut_with_a_continuation_mark() {
        let lines = wrap_code("abcdefghij", 10, Style::new(), Style::new());
        assert_eq!(texts(&lines), ["  abcdefgh", "  ↪ ij"]);
        let lines = wrap_code("    let x = ett(två);", 14, Style::new(), Style::new());
        assert_eq!(texts(&lines), ["      let x =", "  ↪ ett(två);"]);
        let lines = wrap_code("日本語", 3, Style::new(), Style::new());
        assert_eq!(texts(&lines), ["日", "本", "語"]);
        let lines = wrap_code("日本語", 1, Style::new(), Style::new());
        assert_eq!(texts(&lines), ["…", "…", "…"]);
    }

    #[test]
    fn pack_keeps_items_whole() {
        let items = ["2024-03-05".to_string(), "Anna Berg".to_string()];
        let part = pack(&items, " · ", 15, Style::new());
        assert_eq!(texts(&part.lines), ["2024-03-05", "Anna Berg"]);
        assert_eq!(part.starts, [0, 10]);
        let part = pack(&items, " · ", 40, Style::new());
        assert_eq!(texts(&part.lines), ["2024-03-05 · Anna Berg"]);
        assert_eq!(part.starts, [0]);
    }
}
