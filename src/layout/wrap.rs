//! Wrapping text into styled lines: break opportunities from textwrap's
//! Unicode separator (plus breaks after inner hyphens), widths from
//! `crate::width`, run styles carried byte by byte across line breaks.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use textwrap::WordSeparator;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::map::{Seg, SegBuilder, SegLines, Src};
use crate::archive::{Rich, RunStyle};
use crate::theme::Theme;
use crate::width::{display_width, grapheme_width, prefix_fitting};

/// Drawn in place of a grapheme wider than any line can hold; one cell.
pub const TOO_WIDE: &str = "…";

/// Lines and, for each, the segments of source text it shows
/// ([`super::map`]).
#[derive(Debug, Default)]
pub(super) struct Part {
    pub lines: Vec<Line<'static>>,
    pub segs: SegLines,
}

impl Part {
    /// A line that shows no source text.
    pub fn line(&mut self, line: Line<'static>) {
        self.mapped(line, Vec::new());
    }

    /// A line and the source text it shows.
    pub fn mapped(&mut self, line: Line<'static>, segs: Vec<Seg>) {
        self.lines.push(line);
        self.segs.push(segs);
    }

    /// `other`'s lines after these.
    pub fn append(&mut self, other: Part) {
        self.lines.extend(other.lines);
        self.segs.append(other.segs);
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// A stretch of text to lay out in one style, and where it is in its
/// source: `None` for text the layout adds (quotation marks, a link's
/// number, a cite's dash, a topic's `#`).
#[derive(Debug, Clone)]
pub(super) struct Chunk<'a> {
    pub text: Cow<'a, str>,
    pub style: Style,
    pub at: Option<(Src, usize)>,
}

impl<'a> Chunk<'a> {
    /// Text the layout adds.
    pub fn added(text: impl Into<Cow<'a, str>>, style: Style) -> Chunk<'a> {
        Chunk {
            text: text.into(),
            style,
            at: None,
        }
    }

    /// Text from byte `at` of `src`'s text.
    pub fn source(text: &'a str, style: Style, src: Src, at: usize) -> Chunk<'a> {
        Chunk {
            text: Cow::Borrowed(text),
            style,
            at: Some((src, at)),
        }
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

/// Rich text's runs as chunks in their styles, from byte `at` of `src`.
pub(super) fn rich_chunks<'a>(
    text: &'a Rich,
    src: Src,
    at: usize,
    base: Style,
    theme: &Theme,
) -> Vec<Chunk<'a>> {
    let mut pos = at;
    text.runs
        .iter()
        .map(|run| {
            let chunk = Chunk::source(&run.text, run_style(&run.style, base, theme), src, pos);
            pos += run.text.len();
            chunk
        })
        .collect()
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
    let chunks = rich_chunks(text, Src::Block(0), 0, base, theme);
    chunk_part(&chunks, width, first_indent, rest_indent, false).lines
}

/// [`wrap_rich`] for plain text in one style.
pub fn wrap_plain(
    text: &str,
    width: usize,
    style: Style,
    first_indent: &[Span<'static>],
    rest_indent: &[Span<'static>],
) -> Vec<Line<'static>> {
    let chunks = [Chunk::source(text, style, Src::Block(0), 0)];
    chunk_part(&chunks, width, first_indent, rest_indent, false).lines
}

/// Chunks wrapped into lines (as [`wrap_rich`] wraps), with the source
/// each line shows. With `one_line`, a `\n` is a space like any other.
pub(super) fn chunk_part(
    chunks: &[Chunk<'_>],
    width: usize,
    first_indent: &[Span<'static>],
    rest_indent: &[Span<'static>],
    one_line: bool,
) -> Part {
    let mut flat = String::new();
    let mut marks = Vec::with_capacity(chunks.len());
    let mut origins = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        if chunk.text.is_empty() {
            continue;
        }
        marks.push((flat.len(), chunk.style));
        origins.push((flat.len(), chunk.at));
        flat.push_str(&chunk.text);
    }
    let base = chunks.first().map_or(Style::new(), |c| c.style);
    let styled = Styled {
        text: &flat,
        marks: &marks,
        origins: &origins,
        base,
    };
    wrap_styled(&styled, width, first_indent, rest_indent, !one_line)
}

/// Items (meta parts, topics) packed onto lines with `sep` between items on
/// the same line; an item too wide for a line of its own is wrapped. Each
/// item is chunks, laid on one line.
pub(super) fn pack(items: &[Vec<Chunk<'_>>], sep: &str, width: usize) -> Part {
    let mut out = Part::default();
    if width == 0 {
        return out;
    }
    let sep_w = display_width(sep);
    // The line being filled: its spans, segments and width.
    let mut current: Option<(Vec<Span<'static>>, Vec<Seg>, usize)> = None;
    for item in items {
        let one = chunk_part(item, usize::from(u16::MAX), &[], &[], true);
        let (Some(line), Some(segs)) = (one.lines.first(), Some(one.segs.line(0).to_vec())) else {
            continue;
        };
        let w = line_width(line);
        if let Some((spans, line_segs, used)) = current.as_mut()
            && *used + sep_w + w <= width
        {
            let style = line.spans.first().map_or(Style::new(), |s| s.style);
            spans.push(Span::styled(sep.to_string(), style));
            line_segs.extend(SegBuilder::shifted(segs, *used + sep_w));
            spans.extend(line.spans.iter().cloned());
            *used += sep_w + w;
            continue;
        }
        if let Some((spans, line_segs, _)) = current.take() {
            out.mapped(Line::from(spans), line_segs);
        }
        if w <= width {
            current = Some((line.spans.clone(), segs, w));
        } else {
            out.append(chunk_part(item, width, &[], &[], true));
        }
    }
    if let Some((spans, line_segs, _)) = current {
        out.mapped(Line::from(spans), line_segs);
    }
    out
}

/// Preformatted text wrapped for the reader: every line indented by two
/// cells (when the width leaves room) and continuation lines marked `↪ `.
/// A line is cut after its last space when that keeps at least half the
/// room filled, else at a grapheme boundary.
pub fn wrap_code(code: &str, width: usize, style: Style, mark_style: Style) -> Vec<Line<'static>> {
    code_part(code, Src::Block(0), 0, width, style, mark_style).lines
}

/// [`wrap_code`] with the source each line shows: `code` is byte `at` on
/// of `src`'s text.
pub(super) fn code_part(
    code: &str,
    src: Src,
    at: usize,
    width: usize,
    style: Style,
    mark_style: Style,
) -> Part {
    let mut part = Part::default();
    if width == 0 {
        return part;
    }
    let indent = if width >= 10 { "  " } else { "" };
    let avail = width - display_width(indent);
    // The mark only where it still leaves room for two cells of code.
    let mark = if avail >= 4 { "↪ " } else { "" };
    let mark_w = display_width(mark);
    let mut source_at = at;
    for source in code.trim_end_matches(['\n', '\r']).split('\n') {
        let line_at = source_at;
        source_at += source.len() + 1;
        let mut rest = source.trim_end();
        if rest.is_empty() {
            part.line(Line::default());
            continue;
        }
        let mut first = true;
        let mut pos = line_at;
        while !rest.is_empty() {
            let room = if first { avail } else { avail - mark_w };
            let (shown, consumed, elided) = code_cut(rest, room);
            let shown_at = pos;
            rest = rest.get(consumed..).unwrap_or("");
            pos += consumed;
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
            let x = spans_width(&spans);
            let mut segs = SegBuilder::default();
            let bytes = if elided { consumed } else { shown.len() };
            segs.push(
                x,
                display_width(shown),
                src,
                shown_at..shown_at + bytes,
                elided,
            );
            spans.push(Span::styled(shown.to_string(), style));
            let line = finish_line(spans, width);
            let mut segs = segs.segs;
            super::map::clip(&mut segs, line_width(&line), |seg| {
                code.get(seg.range().start - at..seg.range().end - at)
            });
            part.mapped(line, segs);
            first = false;
        }
    }
    part
}

/// What of `rest` goes on a code line of `room` cells (`room` > 0): the text
/// shown and the bytes consumed (one space more when cut at a space), and whether it is a grapheme too
/// wide for the room, shown as [`TOO_WIDE`].
fn code_cut(rest: &str, room: usize) -> (&str, usize, bool) {
    let (head, head_w) = prefix_fitting(rest, room);
    if head.is_empty() {
        // The next grapheme is wider than the room: show a mark.
        let g = rest.graphemes(true).next().unwrap_or(rest);
        return (TOO_WIDE, g.len().max(1), true);
    }
    if head.len() == rest.len() {
        return (head.trim_end(), head.len(), false);
    }
    if rest[head.len()..].starts_with(' ') {
        return (head.trim_end(), head.len() + 1, false);
    }
    if let Some(space) = head.rfind(' ') {
        let before = head[..space].trim_end();
        if !before.is_empty() && display_width(before) * 2 >= head_w {
            return (before, space + 1, false);
        }
    }
    (head.trim_end(), head.len(), false)
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
    /// Where each stretch of the text starts, and where it is in its source
    /// (strictly increasing offsets, the first at 0).
    origins: &'a [(usize, Option<(Src, usize)>)],
    base: Style,
}

impl Styled<'_> {
    fn style_at(&self, pos: usize) -> Style {
        let i = self.marks.partition_point(|m| m.0 <= pos);
        i.checked_sub(1)
            .and_then(|i| self.marks.get(i))
            .map_or(self.base, |m| m.1)
    }

    /// Records that cells from `x` show `text[start..end]` (as far as it
    /// comes from a source); returns the cells it takes.
    ///
    /// `width` is the cells the whole range takes, already measured: a
    /// range from one stretch (nearly every word) is not measured again.
    fn map(&self, start: usize, end: usize, x: usize, width: usize, out: &mut SegBuilder) -> usize {
        let mut i = self
            .origins
            .partition_point(|o| o.0 <= start)
            .saturating_sub(1);
        let mut pos = start;
        let mut x = x;
        let x0 = x;
        while pos < end {
            let Some(&(from, at)) = self.origins.get(i) else {
                break;
            };
            let next = self.origins.get(i + 1).map_or(end, |o| o.0.clamp(pos, end));
            let piece = self.text.get(pos..next).unwrap_or("");
            let w = if pos == start && next >= end {
                width
            } else {
                display_width(piece)
            };
            if let Some((src, source)) = at {
                let a = source + (pos - from);
                out.push(x, w, src, a..a + piece.len(), false);
            }
            x += w;
            pos = next.max(pos + 1);
            i += 1;
        }
        x - x0
    }

    /// The text a segment made from this text shows.
    fn shows(&self, seg: &Seg) -> Option<&str> {
        let (start, end) = (seg.start as usize, seg.end as usize);
        let flat = self
            .origins
            .iter()
            .enumerate()
            .find_map(|(k, &(from, at))| {
                let (src, s) = at?;
                let next = self.origins.get(k + 1).map_or(self.text.len(), |o| o.0);
                (src == seg.src && s <= start && start < s + (next - from))
                    .then(|| from + (start - s))
            })?;
        self.text.get(flat..flat + (end - start))
    }

    /// Where byte `pos` of the text is in its source, if it is source text.
    fn source_of(&self, pos: usize) -> Option<(Src, usize)> {
        let i = self
            .origins
            .partition_point(|o| o.0 <= pos)
            .checked_sub(1)?;
        let &(from, at) = self.origins.get(i)?;
        at.map(|(src, source)| (src, source + (pos - from)))
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
    hard_breaks: bool,
) -> Part {
    let mut part = Part::default();
    if width == 0 {
        return part;
    }
    let all = styled.text;
    let trimmed = all.trim_start();
    let lead = all.len() - trimmed.len();
    let body = trimmed.trim_end();
    if body.is_empty() {
        return part;
    }
    let (first_indent, first_avail) = usable(first_indent, width);
    let (rest_indent, rest_avail) = usable(rest_indent, width);
    // Slices of long words must fit whichever line they land on.
    let narrowest = first_avail.min(rest_avail);

    let mut pieces = Vec::new();
    // One line's segments at a time, its room kept from line to line.
    let mut segs = SegBuilder::default();
    let mut offset = lead;
    // Without hard breaks a `\n` is whitespace like any other.
    let hard_lines: Vec<&str> = if hard_breaks {
        body.split('\n').collect()
    } else {
        vec![body]
    };
    for (n, hard) in hard_lines.into_iter().enumerate() {
        pieces.clear();
        find_pieces(hard, offset, narrowest, &mut pieces);
        let first_widths = [first_avail as f64, rest_avail as f64];
        let rest_widths = [rest_avail as f64];
        let line_widths: &[f64] = if n == 0 { &first_widths } else { &rest_widths };
        for row in wrap_first_fit(&pieces, line_widths) {
            let indent = if part.lines.is_empty() {
                first_indent
            } else {
                rest_indent
            };
            let mut out = SpanBuilder::new(indent);
            let mut x = spans_width(indent);
            for (k, piece) in row.iter().enumerate() {
                if piece.elided {
                    out.push(TOO_WIDE, styled.style_at(piece.start));
                    if let Some((src, at)) = styled.source_of(piece.start) {
                        segs.push(x, 1, src, at..at + (piece.end - piece.start), true);
                    }
                    x += 1;
                } else {
                    styled.emit(piece.start, piece.end, &mut out);
                    x += styled.map(piece.start, piece.end, x, piece.width, &mut segs);
                }
                if piece.space && k + 1 < row.len() {
                    out.push(" ", styled.style_at(piece.end));
                    // The space shows the source's one space, when it is one.
                    let next = row.get(k + 1).map_or(piece.end, |p| p.start);
                    if styled.text.get(piece.end..next) == Some(" ") {
                        styled.map(piece.end, next, x, 1, &mut segs);
                    }
                    x += 1;
                }
            }
            // What the line draws (cut, its trailing whitespace gone) is
            // what the segments cover.
            // (`x` is the cells put on it, counted as they were put: the
            // line is not measured again.)
            let line = finish_line(out.finish(), width);
            super::map::clip(&mut segs.segs, x.min(width), |seg| styled.shows(seg));
            part.segs.push(segs.segs.drain(..));
            part.lines.push(line);
        }
        offset += hard.len() + 1;
    }
    part
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
        let items = [
            vec![Chunk::added("2024-03-05", Style::new())],
            vec![Chunk::source("Anna Berg", Style::new(), Src::Author, 0)],
        ];
        let part = pack(&items, " · ", 15);
        assert_eq!(texts(&part.lines), ["2024-03-05", "Anna Berg"]);
        assert!(part.segs.line(0).is_empty(), "a date is no source text");
        assert_eq!(part.segs.line(1)[0].range(), 0..9);
        let part = pack(&items, " · ", 40);
        assert_eq!(texts(&part.lines), ["2024-03-05 · Anna Berg"]);
        let seg = part.segs.line(0)[0];
        assert_eq!((seg.x, seg.width, seg.src), (13, 9, Src::Author));
    }
}
