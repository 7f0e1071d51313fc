//! Each part of an article as lines at a width: the header, every kind of
//! body block, the author box and the related links.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::wrap::{Part, code_part, finish_line, line_width, pack, plain_part, rich_part};
use crate::archive::{Archive, Article, Author, Block, Rich, Run, RunStyle};
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

/// Title, meta line, topics and the summary set apart below them.
pub(super) fn header(archive: &Archive, article: &Article, width: usize, theme: &Theme) -> Part {
    let mut lines = if article.title.trim().is_empty() {
        plain_part("Untitled", width, theme.dim, &[], &[])
    } else {
        plain_part(&article.title, width, theme.title, &[], &[])
    };

    let mut meta = Vec::new();
    let date = article.date.as_ref().map(|d| match &d.day {
        Some(day) => theme.dates.format(day),
        None => d.text.to_string(),
    });
    meta.extend(non_empty(date.as_deref()));
    meta.extend(non_empty(
        article.detail().author.as_ref().map(|a| a.name.as_str()),
    ));
    meta.extend(non_empty(article.detail().series.as_deref()));
    meta.push(format!("{} min read", reading_minutes(article)));
    lines.append(pack(&meta, " · ", width, theme.meta));
    // The article's own address, on a line of its own (cut, never wrapped).
    if let Some(url) = non_empty(article.detail().url.as_deref()) {
        lines.line(Line::from(Span::styled(truncate(&url, width), theme.meta)));
    }

    let topics: Vec<String> = article
        .topics
        .iter()
        .filter_map(|&i| archive.topics.get(i))
        .filter_map(|t| non_empty(Some(&t.name)))
        .map(|name| format!("# {name}"))
        .collect();
    lines.append(pack(&topics, "  ", width, theme.topics));

    if let Some(summary) = article.detail().lede() {
        let indent = roomy(&[Span::raw("  ")], width);
        let summary = plain_part(summary, width, theme.summary, &indent, &indent);
        if !summary.is_empty() {
            lines.line(Line::default());
            lines.append(summary);
        }
    }
    lines
}

/// The lines of one body block; none when it has nothing to show.
pub(super) fn block(block: &Block, width: usize, theme: &Theme) -> Part {
    match block {
        Block::Paragraph(text) => rich_part(text, width, theme.body, theme, &[], &[]),
        Block::Heading { level, text } => heading(*level, text, width, theme),
        Block::PullQuote { text, cite } => pull_quote(text, cite.as_deref(), width, theme),
        Block::Quote { text, cite } => quote(text, cite.as_deref(), width, theme),
        Block::Image { src, alt, caption } => image(
            src.as_deref(),
            alt.as_deref(),
            caption.as_deref(),
            width,
            theme,
        ),
        Block::List { items, ordered } => list(items, *ordered, width, theme),
        Block::Code(code) => code_part(code, width, theme.code, theme.dim),
        Block::Rule => rule(width, theme),
    }
}

fn heading(level: u8, text: &Rich, width: usize, theme: &Theme) -> Part {
    let mut lines = rich_part(text, width, theme.heading, theme, &[], &[]);
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

/// The text with typographic quotation marks around it (unless it brings
/// its own), as plain runs so they take the block's style.
fn quoted(text: &Rich) -> Rich {
    let mark = |m: &str| Run {
        text: m.to_string(),
        style: RunStyle::Plain,
    };
    // Whitespace just inside the marks would let them wrap away from the
    // text, so it goes.
    let shown = |r: &Run| !r.text.trim().is_empty();
    let mut inner: Vec<Run> = match (
        text.runs.iter().position(shown),
        text.runs.iter().rposition(shown),
    ) {
        (Some(a), Some(b)) => text
            .runs
            .get(a..=b)
            .map(<[Run]>::to_vec)
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    if let Some(run) = inner.first_mut() {
        run.text = run.text.trim_start().to_string();
    }
    if let Some(run) = inner.last_mut() {
        run.text = run.text.trim_end().to_string();
    }
    let mut runs = Vec::with_capacity(inner.len() + 2);
    runs.push(mark("“"));
    runs.append(&mut inner);
    runs.push(mark("”"));
    Rich { runs }
}

/// The signature block: heavy rules above and below, a heavy gutter on
/// every line, the text in its own colour and weight between typographic
/// quotation marks, the cite right-aligned on its own line.
fn pull_quote(text: &Rich, cite: Option<&str>, width: usize, theme: &Theme) -> Part {
    let cite = non_empty(cite).map(|c| format!("— {c}"));
    let has_text = !text.to_plain().trim().is_empty();
    if (!has_text && cite.is_none()) || width == 0 {
        return Part::default();
    }
    let gutter = width >= PULLQUOTE_GUTTER_MIN;
    let marked = has_text && !starts_quoted(&text.to_plain());
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
        let body = if marked { quoted(text) } else { text.clone() };
        lines.append(rich_part(
            &body,
            width,
            theme.pullquote,
            theme,
            &first,
            &rest,
        ));
    }
    if let Some(cite) = cite {
        let bar_w: usize = first.iter().map(|s| display_width(&s.content)).sum();
        let room = width.saturating_sub(bar_w);
        let cite_w = display_width(&cite);
        if cite_w <= room && bar_w < width {
            let mut spans = first.clone();
            spans.push(Span::raw(" ".repeat(room - cite_w)));
            let len = cite.len();
            spans.push(Span::styled(cite, theme.pullquote_cite));
            // The cite's one line starts where its text does.
            let mut one = Part::default();
            one.line(finish_line(spans, width));
            one.len = len;
            lines.append(one);
        } else {
            lines.append(plain_part(
                &cite,
                width,
                theme.pullquote_cite,
                &first,
                &first,
            ));
        }
    }
    lines.line(rule("┗"));
    lines
}

fn quote(text: &Rich, cite: Option<&str>, width: usize, theme: &Theme) -> Part {
    let gutter = roomy(&[Span::styled("│ ", theme.quote_bar)], width);
    let mut lines = rich_part(text, width, theme.quote, theme, &gutter, &gutter);
    if let Some(cite) = non_empty(cite) {
        let cite = format!("— {cite}");
        lines.append(plain_part(&cite, width, theme.cite, &gutter, &gutter));
    }
    lines
}

/// The last path segment of an image address, without a query.
fn file_name(src: &str) -> Option<String> {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    non_empty(path.trim_end_matches('/').rsplit('/').next())
}

fn image(
    src: Option<&str>,
    alt: Option<&str>,
    caption: Option<&str>,
    width: usize,
    theme: &Theme,
) -> Part {
    let mut lines = Part::default();
    if width == 0 {
        return lines;
    }
    let label = match non_empty(alt).or_else(|| src.and_then(file_name)) {
        Some(name) => format!("▣ Image: {name}"),
        None => "▣ Image".to_string(),
    };
    let placeholder = Span::styled(truncate(&label, width), theme.image);
    lines.line(finish_line(vec![placeholder], width));
    if let Some(caption) = caption {
        let indent = roomy(&[Span::raw("  ")], width);
        lines.append(plain_part(caption, width, theme.cite, &indent, &indent));
    }
    lines
}

fn list(items: &[Rich], ordered: bool, width: usize, theme: &Theme) -> Part {
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
        let item_lines = rich_part(item, width, theme.body, theme, &first, &rest);
        if item_lines.is_empty() {
            // An empty item still shows its marker, so numbering stays visible.
            let (shown, _) = prefix_fitting(marker.trim_end(), width);
            let line = finish_line(vec![Span::styled(shown.to_string(), theme.body)], width);
            if line_width(&line) > 0 {
                lines.line(line);
            } else {
                lines.len += 1;
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
        // Where the label's text starts, as when it is wrapped.
        lines.len = label.len();
        lines
    } else {
        plain_part(label, width, theme.section_label, &[], &[])
    }
}

/// About the author: only when there is more to say than the name.
pub(super) fn author_box(author: &Author, width: usize, theme: &Theme) -> Part {
    let role = non_empty(author.role.as_deref());
    let bio = author.bio.as_deref().filter(|b| !b.trim().is_empty());
    if (role.is_none() && bio.is_none()) || width == 0 {
        return Part::default();
    }
    let mut lines = section("About the author", width, theme);
    lines.append(plain_part(&author.name, width, theme.author_name, &[], &[]));
    if let Some(role) = role {
        lines.append(plain_part(&role, width, theme.author_role, &[], &[]));
    }
    if let Some(bio) = bio {
        lines.append(plain_part(bio, width, theme.body, &[], &[]));
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
