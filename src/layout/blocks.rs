//! Each part of an article as lines at a width: the header, every kind of
//! body block, the author box and the related links.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::links::Linker;
use super::map::{SegBuilder, Src, clip};
use super::wrap::{Chunk, Part, chunk_part, code_part, finish_line, line_width, pack};
use crate::archive::{Archive, Article, Author, Block, Rich};
use crate::theme::Theme;
use crate::width::{display_width, prefix_fitting, truncate};

/// Below this width a pull quote drops its gutter (and the corners of its
/// rules): the text needs every cell.
pub const PULLQUOTE_GUTTER_MIN: usize = 6;

/// Cells of text an indent must leave beside it to be worth its room;
/// narrower panes get the text flush left instead.
const MIN_TEXT: usize = 8;

/// `indent` when the width leaves room for text beside it, else nothing.
fn roomy(indent: &[Span<'static>], width: usize) -> Vec<Span<'static>> {
    let w: usize = indent.iter().map(|s| display_width(&s.content)).sum();
    if width >= w + MIN_TEXT {
        indent.to_vec()
    } else {
        Vec::new()
    }
}

/// Minutes to read the article (words at 200 a minute, CJK characters
/// at 500), at least one.
pub fn reading_minutes(article: &Article) -> usize {
    article.reading_minutes()
}

/// Text on one line: whitespace runs (newlines included) become one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(one_line).filter(|s| !s.is_empty())
}

/// Text the layout shows in one style, from no source.
fn added(text: &str, width: usize, style: Style, indent: &[Span<'static>]) -> Part {
    chunk_part(&[Chunk::added(text, style)], width, indent, indent, false)
}

/// Title, meta line, topics and the summary set apart below them.
pub(super) fn header(archive: &Archive, article: &Article, width: usize, theme: &Theme) -> Part {
    let mut lines = if article.title.trim().is_empty() {
        added("Untitled", width, theme.dim, &[])
    } else {
        let title = [Chunk::source(&article.title, theme.title, Src::Title, 0)];
        chunk_part(&title, width, &[], &[], false)
    };

    let mut meta: Vec<Vec<Chunk<'_>>> = Vec::new();
    let date = article.date.as_ref().map(|d| match &d.day {
        Some(day) => theme.dates.format(day),
        None => d.text.to_string(),
    });
    let detail = article.detail();
    meta.extend(non_empty(date.as_deref()).map(|d| vec![Chunk::added(d, theme.meta)]));
    if let Some(author) = &detail.author
        && !author.name.trim().is_empty()
    {
        meta.push(vec![Chunk::source(
            &author.name,
            theme.meta,
            Src::Author,
            0,
        )]);
    }
    meta.extend(non_empty(detail.series.as_deref()).map(|s| vec![Chunk::added(s, theme.meta)]));
    meta.push(vec![Chunk::added(
        format!("{} min read", reading_minutes(article)),
        theme.meta,
    )]);
    lines.append(pack(&meta, " · ", width));
    // The article's own address, on a line of its own (cut, never wrapped).
    if let Some(url) = non_empty(detail.url.as_deref()) {
        lines.line(Line::from(Span::styled(truncate(&url, width), theme.meta)));
    }

    // Numbered as search reads them: every topic the article names.
    let topics: Vec<Vec<Chunk<'_>>> = article
        .topics
        .iter()
        .filter_map(|&i| archive.topics.get(i))
        .enumerate()
        .filter(|(_, t)| !t.name.trim().is_empty())
        .map(|(k, t)| {
            let k = u32::try_from(k).unwrap_or(u32::MAX);
            vec![
                Chunk::added("# ", theme.topics),
                Chunk::source(&t.name, theme.topics, Src::Topic(k), 0),
            ]
        })
        .collect();
    lines.append(pack(&topics, "  ", width));

    if let Some(summary) = detail.lede() {
        let indent = roomy(&[Span::raw("  ")], width);
        let chunks = [Chunk::source(summary, theme.summary, Src::Summary, 0)];
        let summary = chunk_part(&chunks, width, &indent, &indent, false);
        if !summary.is_empty() {
            lines.line(Line::default());
            lines.append(summary);
        }
    }
    lines
}

/// The lines of body block `index`; none when it has nothing to show.
/// Its links are numbered by `links`.
pub(super) fn block(
    block: &Block,
    index: usize,
    width: usize,
    theme: &Theme,
    links: &mut Linker<'_>,
) -> Part {
    let src = Src::Block(u32::try_from(index).unwrap_or(u32::MAX));
    let fields = block.fields();
    let field = |n: usize| fields.get(n).map_or(0, |(at, _)| *at);
    match block {
        Block::Paragraph(text) => {
            let chunks = links.chunks(text, src, 0, theme.body, theme);
            chunk_part(&chunks, width, &[], &[], false)
        }
        Block::Heading { level, text } => {
            let chunks = links.chunks(text, src, 0, theme.heading, theme);
            heading(*level, &chunks, width, theme)
        }
        Block::PullQuote { text, cite } => {
            let chunks = links.chunks(text, src, 0, theme.pullquote, theme);
            let cite = cite.as_deref().map(|c| (c, src, field(1)));
            pull_quote(text, chunks, cite, width, theme)
        }
        Block::Quote { text, cite } => {
            let chunks = links.chunks(text, src, 0, theme.quote, theme);
            let cite = cite.as_deref().map(|c| (c, src, field(1)));
            quote(&chunks, cite, width, theme)
        }
        Block::Image {
            src: url,
            alt,
            caption,
        } => {
            let alt = alt.as_deref().map(|a| (a, field(0)));
            let caption = caption
                .as_deref()
                .map(|c| (c, field(usize::from(alt.is_some()))));
            image(url.as_deref(), alt, caption, src, width, theme)
        }
        Block::List { items, ordered } => {
            let items: Vec<Vec<Chunk<'_>>> = items
                .iter()
                .enumerate()
                .map(|(k, item)| links.chunks(item, src, field(k), theme.body, theme))
                .collect();
            list(&items, *ordered, width, theme)
        }
        Block::Code(code) => code_part(code, src, 0, width, theme.code, theme.dim),
        Block::Rule => rule(width, theme),
    }
}

fn heading(level: u8, chunks: &[Chunk<'_>], width: usize, theme: &Theme) -> Part {
    let mut lines = chunk_part(chunks, width, &[], &[], false);
    let mark = match level {
        0 | 1 => "═",
        2 => "─",
        _ => return lines,
    };
    let under = lines.lines.iter().map(line_width).max().unwrap_or(0);
    if under > 0 {
        lines.line(Line::from(Span::styled(mark.repeat(under), theme.heading)));
    }
    lines
}

/// Whether the text already opens with a quotation mark of its own.
fn starts_quoted(text: &str) -> bool {
    text.trim_start().starts_with([
        '"', '\'', '“', '”', '„', '‘', '’', '‚', '«', '»', '‹', '›', '「', '『',
    ])
}

/// The chunks with typographic quotation marks around them (in the
/// block's style, from no source).
fn quoted<'a>(chunks: Vec<Chunk<'a>>, style: Style) -> Vec<Chunk<'a>> {
    // Whitespace just inside the marks would let them wrap away from the
    // text, so it goes.
    let shown = |c: &Chunk<'_>| !c.text.trim().is_empty();
    let (Some(a), Some(b)) = (
        chunks.iter().position(shown),
        chunks.iter().rposition(shown),
    ) else {
        return chunks;
    };
    let mut inner: Vec<Chunk<'a>> = chunks.into_iter().take(b + 1).skip(a).collect();
    if let Some(first) = inner.first_mut() {
        let cut = first.text.len() - first.text.trim_start().len();
        first.text = first.text.get(cut..).unwrap_or("").to_string().into();
        if let Some((_, at)) = first.at.as_mut() {
            *at += cut;
        }
    }
    if let Some(last) = inner.last_mut() {
        last.text = last.text.trim_end().to_string().into();
    }
    let mut out = Vec::with_capacity(inner.len() + 2);
    out.push(Chunk::added("“", style));
    out.append(&mut inner);
    out.push(Chunk::added("”", style));
    out
}

/// A cite: a dash the layout adds, then the cite's text (from byte `at` of
/// `src`), on one line.
fn cite_chunks<'a>(cite: &'a str, src: Src, at: usize, style: Style) -> Vec<Chunk<'a>> {
    vec![
        Chunk::added("— ", style),
        Chunk::source(cite, style, src, at),
    ]
}

/// The signature block: heavy rules above and below, a heavy gutter on
/// every line, the text in its own colour and weight between typographic
/// quotation marks, the cite right-aligned on its own line.
fn pull_quote(
    text: &Rich,
    chunks: Vec<Chunk<'_>>,
    cite: Option<(&str, Src, usize)>,
    width: usize,
    theme: &Theme,
) -> Part {
    let cite = cite.filter(|(c, _, _)| !c.trim().is_empty());
    let plain = text.to_plain();
    let has_text = !plain.trim().is_empty();
    if (!has_text && cite.is_none()) || width == 0 {
        return Part::default();
    }
    let gutter = width >= PULLQUOTE_GUTTER_MIN;
    let marked = has_text && !starts_quoted(&plain);
    let bar = |s: &'static str| -> Vec<Span<'static>> {
        if gutter {
            vec![Span::styled(s, theme.pullquote_rule)]
        } else {
            Vec::new()
        }
    };
    let first = bar("┃ ");
    // The opening mark hangs in the margin: later lines align with the
    // first letter, not with the mark.
    let rest = if marked { bar("┃  ") } else { bar("┃ ") };

    let rule = |corner: &str| -> Line<'static> {
        let line = if gutter {
            format!("{corner}{}", "━".repeat(width - 1))
        } else {
            "━".repeat(width)
        };
        Line::from(Span::styled(line, theme.pullquote_rule))
    };

    let mut lines = Part::default();
    lines.line(rule("┏"));
    if has_text {
        let body = if marked {
            quoted(chunks, theme.pullquote)
        } else {
            chunks
        };
        lines.append(chunk_part(&body, width, &first, &rest, false));
    }
    if let Some((cite, src, at)) = cite {
        let chunks = cite_chunks(cite, src, at, theme.pullquote_cite);
        let bar_w: usize = first.iter().map(|s| display_width(&s.content)).sum();
        let room = width.saturating_sub(bar_w);
        let one = chunk_part(&chunks, usize::from(u16::MAX), &[], &[], true);
        let fits = one.lines.len() == 1
            && one.lines.first().is_some_and(|l| line_width(l) <= room)
            && bar_w < width;
        if let (true, Some(line)) = (fits, one.lines.first()) {
            let pad = room - line_width(line);
            let mut spans = first.clone();
            spans.push(Span::raw(" ".repeat(pad)));
            spans.extend(line.spans.iter().cloned());
            let segs = SegBuilder::shifted(one.segs.line(0).to_vec(), bar_w + pad);
            lines.mapped(finish_line(spans, width), segs);
        } else {
            lines.append(chunk_part(&chunks, width, &first, &first, true));
        }
    }
    lines.line(rule("┗"));
    lines
}

fn quote(
    chunks: &[Chunk<'_>],
    cite: Option<(&str, Src, usize)>,
    width: usize,
    theme: &Theme,
) -> Part {
    let gutter = roomy(&[Span::styled("│ ", theme.quote_bar)], width);
    let mut lines = chunk_part(chunks, width, &gutter, &gutter, false);
    if let Some((cite, src, at)) = cite.filter(|(c, _, _)| !c.trim().is_empty()) {
        let chunks = cite_chunks(cite, src, at, theme.cite);
        lines.append(chunk_part(&chunks, width, &gutter, &gutter, true));
    }
    lines
}

/// The last path segment of an image address, without a query.
fn file_name(src: &str) -> Option<String> {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    non_empty(path.trim_end_matches('/').rsplit('/').next())
}

fn image(
    url: Option<&str>,
    alt: Option<(&str, usize)>,
    caption: Option<(&str, usize)>,
    src: Src,
    width: usize,
    theme: &Theme,
) -> Part {
    let mut lines = Part::default();
    if width == 0 {
        return lines;
    }
    let alt = alt.filter(|(a, _)| !a.trim().is_empty());
    let mut label = vec![Chunk::added("▣ Image", theme.image)];
    if let Some((alt, at)) = alt {
        label.push(Chunk::added(": ", theme.image));
        label.push(Chunk::source(alt, theme.image, src, at));
    } else if let Some(name) = url.and_then(file_name) {
        label.push(Chunk::added(format!(": {name}"), theme.image));
    }
    let one = chunk_part(&label, usize::from(u16::MAX), &[], &[], true);
    if let Some(line) = one.lines.first() {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let shown = truncate(&text, width);
        let mut segs = one.segs.line(0).to_vec();
        if shown != text {
            // Cut with an ellipsis: what stays of the alt text before it.
            let kept = display_width(shown.trim_end_matches('…'));
            // The alt text is the block's first field: its offsets are the
            // source's.
            clip(&mut segs, kept, |seg| {
                alt.and_then(|(a, _)| a.get(seg.range()))
            });
        }
        lines.mapped(
            finish_line(vec![Span::styled(shown, theme.image)], width),
            segs,
        );
    }
    if let Some((caption, at)) = caption {
        let indent = roomy(&[Span::raw("  ")], width);
        let chunks = [Chunk::source(caption, theme.cite, src, at)];
        lines.append(chunk_part(&chunks, width, &indent, &indent, false));
    }
    lines
}

fn list(items: &[Vec<Chunk<'_>>], ordered: bool, width: usize, theme: &Theme) -> Part {
    let digits = items.len().to_string().len();
    let mut lines = Part::default();
    for (i, item) in items.iter().enumerate() {
        let marker = if ordered {
            format!("{:>digits$}. ", i + 1)
        } else {
            "• ".to_string()
        };
        let hang = " ".repeat(display_width(&marker));
        let first = [Span::styled(marker.clone(), theme.body)];
        // Narrow panes give wrapped lines the full width instead of a hang.
        let rest = roomy(&[Span::raw(hang)], width);
        let item_lines = chunk_part(item, width, &first, &rest, false);
        if item_lines.is_empty() {
            // An empty item still shows its marker, so numbering stays visible.
            let (shown, _) = prefix_fitting(marker.trim_end(), width);
            let line = finish_line(vec![Span::styled(shown.to_string(), theme.body)], width);
            if line_width(&line) > 0 {
                lines.line(line);
            }
        } else {
            lines.append(item_lines);
        }
    }
    lines
}

fn rule(width: usize, theme: &Theme) -> Part {
    let mut lines = Part::default();
    if width == 0 {
        return lines;
    }
    let len = (width / 3).max(1);
    let pad = (width - len) / 2;
    let mut spans = Vec::with_capacity(2);
    if pad > 0 {
        spans.push(Span::raw(" ".repeat(pad)));
    }
    spans.push(Span::styled("─".repeat(len), theme.rule));
    lines.line(Line::from(spans));
    lines
}

/// A section label set into a thin rule (`── Related ────`), or the label
/// alone when the width leaves no room for the rule.
fn section(label: &'static str, width: usize, theme: &Theme) -> Part {
    let label_w = display_width(label);
    if width >= label_w + 5 {
        let tail = width - label_w - 4;
        let mut lines = Part::default();
        lines.line(Line::from(vec![
            Span::styled("── ", theme.rule),
            Span::styled(label, theme.section_label),
            Span::styled(format!(" {}", "─".repeat(tail)), theme.rule),
        ]));
        lines
    } else {
        added(label, width, theme.section_label, &[])
    }
}

/// A note of the reader's under the block its highlight ends in: marked,
/// indented, in the note style, plain text whatever it holds.
pub(super) fn note(text: &str, width: usize, theme: &Theme) -> Part {
    let first = roomy(&[Span::styled("  ✎ ", theme.note)], width);
    let rest = roomy(&[Span::raw("    ")], width);
    chunk_part(
        &[Chunk::added(text, theme.note)],
        width,
        &first,
        &rest,
        false,
    )
}

/// About the author: only when there is more to say than the name.
pub(super) fn author_box(author: &Author, width: usize, theme: &Theme) -> Part {
    let role = non_empty(author.role.as_deref());
    let bio = author.bio.as_deref().filter(|b| !b.trim().is_empty());
    if (role.is_none() && bio.is_none()) || width == 0 {
        return Part::default();
    }
    let mut lines = section("About the author", width, theme);
    lines.append(added(&author.name, width, theme.author_name, &[]));
    if let Some(role) = role {
        lines.append(added(&role, width, theme.author_role, &[]));
    }
    if let Some(bio) = bio {
        lines.append(added(bio, width, theme.body, &[]));
    }
    lines
}

/// The related links, one line each, and for each resolved one its line
/// (relative to the returned lines) and article.
pub(super) fn related(
    archive: &Archive,
    article: &Article,
    width: usize,
    theme: &Theme,
) -> (Part, Vec<(usize, usize)>) {
    let mut links = Vec::new();
    if article.detail().related.is_empty() || width == 0 {
        return (Part::default(), links);
    }
    let mut lines = section("Related", width, theme);
    for entry in &article.detail().related {
        let target = entry
            .target
            .and_then(|t| archive.articles.get(t).map(|a| (t, a)));
        let title = target
            .and_then(|(_, a)| non_empty(Some(&a.title)))
            .unwrap_or_else(|| one_line(&entry.text));
        let style: Style = if target.is_some() {
            theme.related
        } else {
            theme.dim
        };
        if let Some((t, _)) = target {
            links.push((lines.lines.len(), t));
        }
        let text = truncate(&format!("→ {title}"), width);
        lines.line(finish_line(vec![Span::styled(text, style)], width));
    }
    (lines, links)
}
