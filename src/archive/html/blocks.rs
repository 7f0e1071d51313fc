//! The converter from a parsed tree to lektyr's blocks. One walk in
//! document order with an explicit stack; block-level elements that gather
//! content of their own (headings, quotes, lists, figures, tables, `pre`)
//! open a frame, every other element is either a block boundary, an inline
//! style or transparent. Text is sanitized once per text node, right after
//! the parser decoded it, and then collapsed like a browser collapses it.

use crate::archive::model::{Block, Rich, Run, RunStyle};
use crate::archive::sanitize::{expand_tabs, one_line, sanitize};
use crate::archive::url::resolve;

use super::filter;
use super::repeat::promote_repeats;
use super::tree::{Data, Id, Tree};

/// Separates the paragraphs of a quote, the paragraphs of a list item.
const PARAGRAPH_BREAK: &str = "\n";
/// Indent of a nested list's items under their parent item (no-break
/// spaces, so the indent survives wrapping).
const NEST_INDENT: &str = "\u{a0}\u{a0}";
/// Joins the cells of a table row.
const CELL_SEP: &str = " │ ";
/// Tables larger than this become a placeholder line.
const MAX_TABLE_ROWS: usize = 40;
const MAX_TABLE_COLUMNS: usize = 8;
/// Most words an `aside` may hold to count as a pull quote.
const ASIDE_WORDS: usize = 60;
/// Most words a trailing `— Name` line may have to be taken as a citation.
const CITE_LINE_WORDS: usize = 10;

pub(super) fn convert(tree: &Tree, base: Option<&str>) -> Vec<Block> {
    let mut c = Converter {
        tree,
        base,
        frames: vec![Frame::new(Kind::Root, usize::MAX)],
        styles: Vec::new(),
    };
    c.walk(tree.fragment_root());
    let mut root = c.frames.swap_remove(0);
    root.flush();
    let mut blocks = root.blocks;
    promote_repeats(&mut blocks);
    for block in &mut blocks {
        if let Block::PullQuote { text, cite } = block {
            tidy_pull_quote(text, cite);
        }
    }
    blocks
}

/// Quotation mark pairs: an opening mark and the closing marks that end it.
const MARK_PAIRS: &[(char, &[char])] = &[
    ('“', &['”']),
    ('„', &['“', '”']),
    ('«', &['»']),
    ('»', &['«', '»']),
    ('「', &['」']),
    ('『', &['』']),
    ('"', &['"']),
];

/// A pull quote whose last line is a short name after a quote that ends
/// in a closing mark (`“…”` then `Name`) gets that line as its citation;
/// then a quotation mark left open or closed at one end only gets its
/// partner at the other, so the quote is drawn with one pair of marks.
fn tidy_pull_quote(text: &mut Rich, cite: &mut Option<String>) {
    let plain = text.to_plain();
    if cite.is_none()
        && let Some(i) = plain.trim_end().rfind('\n')
    {
        let (head, line) = (plain[..i].trim_end(), plain[i + 1..].trim());
        let words = line.split_whitespace().count();
        if head.ends_with(|c: char| MARK_PAIRS.iter().any(|(_, close)| close.contains(&c)))
            && (1..=CITE_LINE_WORDS).contains(&words)
            && line.chars().count() <= 100
            && !line.ends_with(['.', '!', '?', '…', ':', ';'])
            && !line.contains(|c: char| MARK_PAIRS.iter().any(|(open, _)| *open == c))
        {
            *cite = Some(strip_dash(line).to_string());
            truncate_rich(text, head.len());
        }
    }
    let plain = text.to_plain();
    let inner = plain.trim();
    let (Some(first), Some(last)) = (inner.chars().next(), inner.chars().next_back()) else {
        return;
    };
    let count = |c: char| inner.chars().filter(|&x| x == c).count();
    if let Some((open, closes)) = MARK_PAIRS.iter().find(|(open, _)| *open == first)
        && inner.chars().count() > 1
        && !closes.contains(&last)
    {
        let closed: usize = closes.iter().map(|&c| count(c)).sum();
        let unbalanced = if *open == '"' {
            count('"') % 2 == 1
        } else {
            count(*open) > closed
        };
        if unbalanced
            && let Some(run) = text
                .runs
                .iter_mut()
                .rev()
                .find(|r| !r.text.trim().is_empty())
        {
            let kept = run.text.trim_end().len();
            run.text.truncate(kept);
            run.text.push(closes[0]);
        }
        return;
    }
    // Text that opens with any mark (Swedish `”…”` too) is left as it is.
    let opens_any = matches!(
        first,
        '"' | '\'' | '“' | '”' | '„' | '‘' | '’' | '‚' | '«' | '»' | '‹' | '›' | '「' | '『'
    );
    if !opens_any
        && let Some((open, _)) = MARK_PAIRS
            .iter()
            .find(|(open, closes)| *open != '»' && closes.contains(&last))
    {
        let opened = MARK_PAIRS
            .iter()
            .filter(|(_, closes)| closes.contains(&last))
            .map(|(o, _)| count(*o))
            .sum::<usize>();
        let unbalanced = if last == '"' {
            count('"') % 2 == 1
        } else {
            count(last) > opened
        };
        if unbalanced {
            if matches!(last, '”' | '"')
                && let Some(run) = text
                    .runs
                    .iter_mut()
                    .rev()
                    .find(|r| !r.text.trim().is_empty())
            {
                // `film. ”`: a space before an English closing mark goes.
                let body = run.text.trim_end();
                if let Some(before) = body.strip_suffix(last) {
                    let fixed = format!("{}{last}", before.trim_end());
                    run.text = fixed;
                }
            }
            if let Some(run) = text.runs.iter_mut().find(|r| !r.text.trim().is_empty()) {
                let start = run.text.len() - run.text.trim_start().len();
                run.text.insert(start, *open);
            }
        }
    }
}

/// Inline text being gathered for the next block, whitespace collapsed on
/// the way in: one space for each run of ASCII whitespace, none at the
/// start, trailing ones trimmed when the block is taken.
struct Inline {
    runs: Vec<Run>,
    /// Nothing yet, or the text ends in a space or a line break: further
    /// whitespace is dropped.
    at_break: bool,
}

impl Default for Inline {
    fn default() -> Self {
        Inline {
            runs: Vec::new(),
            at_break: true,
        }
    }
}

impl Inline {
    fn text(&mut self, text: &str, style: &RunStyle) {
        let mut piece = String::with_capacity(text.len());
        for c in text.chars() {
            if is_html_space(c) {
                if !self.at_break {
                    piece.push(' ');
                    self.at_break = true;
                }
            } else {
                piece.push(c);
                self.at_break = false;
            }
        }
        self.push(piece, style);
    }

    /// Text kept exactly as given (quote marks of `q`).
    fn literal(&mut self, text: &str, style: &RunStyle) {
        self.push(text.to_string(), style);
        self.at_break = false;
    }

    fn push(&mut self, text: String, style: &RunStyle) {
        if text.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some(last) if last.style == *style => last.text.push_str(&text),
            _ => self.runs.push(Run {
                text,
                style: style.clone(),
            }),
        }
    }

    fn line_break(&mut self, style: &RunStyle) {
        self.trim_end(&[' ']);
        if !self.runs.is_empty() {
            self.push("\n".to_string(), style);
            self.at_break = true;
        }
    }

    fn trim_end(&mut self, chars: &[char]) {
        while let Some(last) = self.runs.last_mut() {
            let kept = last.text.trim_end_matches(chars).len();
            last.text.truncate(kept);
            if !last.text.is_empty() {
                break;
            }
            self.runs.pop();
        }
    }

    /// The gathered text as a block's text, or `None` when it shows
    /// nothing (empty, or only spaces and no-break spaces).
    fn take(&mut self) -> Option<Rich> {
        self.trim_end(&[' ', '\n']);
        let runs = std::mem::take(&mut self.runs);
        self.at_break = true;
        let rich = Rich { runs };
        (!is_blank(&rich)).then_some(rich)
    }
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

fn is_blank(rich: &Rich) -> bool {
    rich.runs.iter().all(|r| r.text.trim().is_empty())
}

struct Cell {
    text: Rich,
    header: bool,
    span: usize,
}

enum Kind {
    Root,
    Heading(u8),
    Quote {
        pull: bool,
        cite: Option<String>,
    },
    /// An `aside`: a pull quote when it holds only a short quote.
    Aside,
    List {
        ordered: bool,
        items: Vec<Rich>,
    },
    Item,
    Figure {
        pull: bool,
        caption: Option<String>,
    },
    /// `figcaption` or a table's `caption`.
    Caption,
    /// A quote's `cite` or `footer`.
    Cite,
    Table {
        rows: Vec<Vec<Cell>>,
        caption: Option<String>,
        head: usize,
    },
    Cell {
        header: bool,
        span: usize,
    },
    /// `pre`: the text as written, and whether a line inside it (a block
    /// element, a `.line`) just ended with nothing written since, when
    /// the next line feed or `br` is that same line end and is absorbed.
    Pre {
        text: String,
        ended: bool,
    },
}

struct Frame {
    kind: Kind,
    /// The element that opened the frame.
    elem: Id,
    blocks: Vec<Block>,
    inline: Inline,
}

impl Frame {
    fn new(kind: Kind, elem: Id) -> Self {
        Frame {
            kind,
            elem,
            blocks: Vec::new(),
            inline: Inline::default(),
        }
    }

    /// Ends the inline text gathered so far as a block of this frame.
    fn flush(&mut self) {
        let Some(rich) = self.inline.take() else {
            return;
        };
        match &mut self.kind {
            Kind::Heading(level) => {
                let level = *level;
                self.blocks.push(Block::Heading { level, text: rich });
            }
            Kind::List { items, .. } => items.push(rich),
            _ => self.blocks.push(Block::Paragraph(rich)),
        }
    }

    /// Takes a finished block from a child frame or element.
    fn accept(&mut self, block: Block) {
        self.flush();
        match &mut self.kind {
            Kind::List { items, .. } => match block {
                Block::List {
                    items: nested,
                    ordered,
                } => match items.last_mut() {
                    // A list straight inside a list belongs to the item before it.
                    Some(last) => append_nested(last, &nested, ordered),
                    None => items.extend(nested),
                },
                other => {
                    let rich = flatten(vec![other], PARAGRAPH_BREAK, false).0;
                    if !is_blank(&rich) {
                        items.push(rich);
                    }
                }
            },
            _ => self.blocks.push(block),
        }
    }
}

/// What to do when the walk leaves an element.
#[derive(Clone, Copy)]
enum Exit {
    Nothing,
    Boundary,
    Style,
    BoundaryStyle,
    Frame,
    CloseQuote,
    EndHead,
    /// A line inside `pre` ends.
    PreLine,
}

enum Step {
    Enter(Id),
    Leave(Exit),
}

struct Converter<'a> {
    tree: &'a Tree,
    base: Option<&'a str>,
    frames: Vec<Frame>,
    /// The style in force for each open styling element, innermost last.
    styles: Vec<RunStyle>,
}

impl Converter<'_> {
    fn walk(&mut self, root: Id) {
        let mut stack = Vec::new();
        self.push_children(root, &mut stack);
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(id) => match &self.tree.nodes[id].data {
                    Data::Text(t) => self.text(t),
                    Data::Element { .. } => {
                        if let Some(exit) = self.enter(id) {
                            stack.push(Step::Leave(exit));
                            self.push_children(id, &mut stack);
                        }
                    }
                    Data::Document | Data::Other => {}
                },
                Step::Leave(exit) => self.leave(exit),
            }
        }
    }

    fn push_children(&self, id: Id, stack: &mut Vec<Step>) {
        let mut child = self.tree.nodes[id].last_child;
        while let Some(c) = child {
            stack.push(Step::Enter(c));
            child = self.tree.nodes[c].prev;
        }
    }

    fn style(&self) -> RunStyle {
        self.styles.last().cloned().unwrap_or(RunStyle::Plain)
    }

    fn top(&mut self) -> &mut Frame {
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn text(&mut self, raw: &str) {
        let clean = sanitize(raw);
        let style = self.style();
        let frame = self.top();
        match &mut frame.kind {
            Kind::Pre { text, ended } => {
                let clean = match clean.strip_prefix('\n') {
                    Some(rest) if *ended => rest,
                    _ => &clean,
                };
                if !clean.is_empty() {
                    text.push_str(clean);
                    *ended = false;
                }
            }
            _ => frame.inline.text(&clean, &style),
        }
    }

    fn open_style(&mut self, style: RunStyle) {
        // A link stays a link inside emphasis and the like: losing the
        // target would lose more than losing the emphasis.
        let effective = match self.styles.last() {
            Some(link @ RunStyle::Link(_)) if !matches!(style, RunStyle::Link(_)) => link.clone(),
            _ => style,
        };
        self.styles.push(effective);
    }

    fn open_frame(&mut self, kind: Kind, elem: Id) -> Option<Exit> {
        self.top().flush();
        self.frames.push(Frame::new(kind, elem));
        Some(Exit::Frame)
    }

    fn boundary(&mut self) {
        let frame = self.top();
        if !matches!(frame.kind, Kind::Pre { .. }) {
            frame.flush();
        }
    }

    fn in_quote(&self) -> bool {
        matches!(
            self.frames.last().map(|f| &f.kind),
            Some(Kind::Quote { .. })
        )
    }

    /// Starts element `id`; `None` when its content is not walked.
    fn enter(&mut self, id: Id) -> Option<Exit> {
        let tree = self.tree;
        // SVG, MathML and anything else outside HTML is dropped whole.
        let name = tree.html_name(id)?;
        let name: &str = name;
        if filter::is_dropped_name(name)
            || filter::is_hidden(tree, id)
            || filter::is_widget(tree, id)
        {
            return None;
        }
        if matches!(self.frames.last().map(|f| &f.kind), Some(Kind::Pre { .. })) {
            if filter::is_line_number_gutter(tree, id) {
                return None;
            }
            if name == "br" {
                if let Kind::Pre { text, ended } = &mut self.top().kind {
                    if !*ended {
                        text.push('\n');
                    }
                    *ended = false;
                }
                return None;
            }
            if is_block_in_pre(name) || filter::is_code_line(tree, id) {
                self.end_pre_line();
                if let Kind::Pre { ended, .. } = &mut self.top().kind {
                    // A `br` inside the new line is a line of its own.
                    *ended = false;
                }
                return Some(Exit::PreLine);
            }
            return Some(Exit::Nothing);
        }
        if matches!(name, "td" | "th") && filter::is_line_number_gutter(tree, id) {
            return None;
        }
        if matches!(name, "nav" | "footer")
            && tree.nodes[id].parent == Some(tree.fragment_root())
            && only_links(tree, id)
        {
            return None;
        }
        let pull = filter::has_pull_class(tree, id);
        match name {
            "br" => {
                let style = self.style();
                self.top().inline.line_break(&style);
                None
            }
            "hr" => {
                self.top().accept(Block::Rule);
                None
            }
            "img" => {
                if let Some(image) = self.image(id) {
                    self.top().accept(image);
                }
                None
            }
            "iframe" => {
                if let Some(line) = self.embed(id) {
                    self.top().accept(line);
                }
                None
            }
            "blockquote" => self.open_frame(Kind::Quote { pull, cite: None }, id),
            "aside" if pull => self.open_frame(Kind::Quote { pull, cite: None }, id),
            "aside" => self.open_frame(Kind::Aside, id),
            "div" | "p" | "section" | "article" if pull => {
                self.open_frame(Kind::Quote { pull, cite: None }, id)
            }
            "figure" => self.open_frame(
                Kind::Figure {
                    pull,
                    caption: None,
                },
                id,
            ),
            "figcaption" => self.open_frame(Kind::Caption, id),
            "caption"
                if matches!(
                    self.frames.last().map(|f| &f.kind),
                    Some(Kind::Table { .. })
                ) =>
            {
                self.open_frame(Kind::Caption, id)
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                self.open_frame(Kind::Heading(level), id)
            }
            "ul" | "ol" | "menu" => {
                let ordered = name == "ol";
                self.open_frame(
                    Kind::List {
                        ordered,
                        items: Vec::new(),
                    },
                    id,
                )
            }
            "li" => self.open_frame(Kind::Item, id),
            "table" => self.open_frame(
                Kind::Table {
                    rows: Vec::new(),
                    caption: None,
                    head: 0,
                },
                id,
            ),
            "thead" => {
                if let Kind::Table { head, .. } = &mut self.top().kind {
                    *head += 1;
                    return Some(Exit::EndHead);
                }
                Some(Exit::Nothing)
            }
            "tr" => {
                if let Kind::Table { rows, .. } = &mut self.top().kind {
                    rows.push(Vec::new());
                }
                Some(Exit::Nothing)
            }
            "td" | "th" => {
                let span = tree
                    .attr(id, "colspan")
                    .and_then(|s| s.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1000);
                let header = name == "th"
                    || matches!(&self.top().kind, Kind::Table { head, .. } if *head > 0);
                self.open_frame(Kind::Cell { header, span }, id)
            }
            "pre" | "listing" | "xmp" | "plaintext" => self.open_frame(
                Kind::Pre {
                    text: String::new(),
                    ended: false,
                },
                id,
            ),
            "footer" if self.in_quote() => self.open_frame(Kind::Cite, id),
            "cite" if self.in_quote() && self.ends_quote(id) => self.open_frame(Kind::Cite, id),
            "a" if self.in_heading() && is_anchor_mark(tree, id) => None,
            "a" => match tree
                .attr(id, "href")
                .map(|h| sanitize(h.trim()).into_owned())
            {
                Some(href) if !href.is_empty() && !is_script_url(&href) => {
                    self.open_style(RunStyle::Link(resolve(self.base, &href)));
                    Some(Exit::Style)
                }
                _ => Some(Exit::Nothing),
            },
            "em" | "i" | "cite" | "dfn" | "var" => {
                self.open_style(RunStyle::Emphasis);
                Some(Exit::Style)
            }
            "strong" | "b" => {
                self.open_style(RunStyle::Strong);
                Some(Exit::Style)
            }
            "code" | "kbd" | "samp" | "tt" => {
                self.open_style(RunStyle::Code);
                Some(Exit::Style)
            }
            "q" => {
                let style = self.style();
                self.top().inline.literal("“", &style);
                Some(Exit::CloseQuote)
            }
            "dt" => {
                self.boundary();
                self.open_style(RunStyle::Strong);
                Some(Exit::BoundaryStyle)
            }
            "address" | "article" | "center" | "dd" | "details" | "dir" | "div" | "dl"
            | "fieldset" | "footer" | "header" | "hgroup" | "legend" | "main" | "nav" | "p"
            | "search" | "section" | "summary" | "caption" | "tbody" | "tfoot" => {
                self.boundary();
                Some(Exit::Boundary)
            }
            _ => Some(Exit::Nothing),
        }
    }

    fn in_heading(&self) -> bool {
        self.frames
            .iter()
            .rev()
            .any(|f| matches!(f.kind, Kind::Heading(_)))
    }

    /// Whether nothing visible follows `cite` inside the quote it is in,
    /// which makes it the quote's citation rather than a title in the text.
    fn ends_quote(&self, cite: Id) -> bool {
        let tree = self.tree;
        let Some(quote) = self.frames.last().map(|f| f.elem) else {
            return false;
        };
        let mut node = cite;
        for _ in 0..64 {
            let mut next = tree.nodes[node].next;
            while let Some(n) = next {
                let empty = match &tree.nodes[n].data {
                    Data::Text(t) => t.trim_matches(is_html_space).is_empty(),
                    Data::Element { .. } => tree.html_name(n).is_some_and(|n| &**n == "br"),
                    _ => true,
                };
                if !empty {
                    return false;
                }
                next = tree.nodes[n].next;
            }
            match tree.nodes[node].parent {
                Some(p) if p == quote => return true,
                Some(p) => node = p,
                None => return false,
            }
        }
        false
    }

    fn leave(&mut self, exit: Exit) {
        match exit {
            Exit::Nothing => {}
            Exit::Boundary => self.boundary(),
            Exit::Style => {
                self.styles.pop();
            }
            Exit::BoundaryStyle => {
                self.boundary();
                self.styles.pop();
            }
            Exit::CloseQuote => {
                let style = self.style();
                self.top().inline.literal("”", &style);
            }
            Exit::EndHead => {
                if let Kind::Table { head, .. } = &mut self.top().kind {
                    *head = head.saturating_sub(1);
                }
            }
            Exit::Frame => self.close_frame(),
            Exit::PreLine => self.end_pre_line(),
        }
    }

    /// Inside `pre`, ends the current line unless it is empty or already
    /// ended: a block element inside `pre` is a line of its own.
    fn end_pre_line(&mut self) {
        if let Kind::Pre { text, ended } = &mut self.top().kind
            && !text.is_empty()
            && !*ended
        {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            *ended = true;
        }
    }

    fn close_frame(&mut self) {
        if self.frames.len() < 2 {
            return;
        }
        let Some(mut frame) = self.frames.pop() else {
            return;
        };
        frame.flush();
        let blocks = std::mem::take(&mut frame.blocks);
        let parent = self.top();
        match frame.kind {
            Kind::Root => {}
            Kind::Heading(_) => {
                for b in blocks {
                    parent.accept(b);
                }
            }
            Kind::Quote { pull, cite } => {
                for b in finish_quote(blocks, pull, cite) {
                    parent.accept(b);
                }
            }
            Kind::Aside => {
                for b in finish_aside(blocks) {
                    parent.accept(b);
                }
            }
            Kind::List { ordered, items } => {
                if !items.is_empty() {
                    parent.accept(Block::List { items, ordered });
                }
            }
            Kind::Item => {
                let rich = flatten(blocks, PARAGRAPH_BREAK, false).0;
                if is_blank(&rich) {
                    return;
                }
                if matches!(parent.kind, Kind::List { .. }) {
                    parent.flush();
                    if let Kind::List { items, .. } = &mut parent.kind {
                        items.push(rich);
                    }
                } else {
                    parent.accept(Block::Paragraph(rich));
                }
            }
            Kind::Figure {
                pull: true,
                caption,
            } => {
                for b in finish_quote(blocks, true, caption) {
                    parent.accept(b);
                }
            }
            Kind::Figure {
                pull: false,
                caption,
            } => {
                for b in finish_figure(blocks, caption) {
                    parent.accept(b);
                }
            }
            Kind::Caption => {
                let text = one_line(flatten(blocks, " ", false).0.to_plain());
                if text.is_empty() {
                    return;
                }
                match &mut parent.kind {
                    Kind::Figure { caption, .. } | Kind::Table { caption, .. } => {
                        add_line(caption, text);
                    }
                    _ => parent.accept(Block::Paragraph(Rich::plain(text))),
                }
            }
            Kind::Cite => {
                let text = one_line(flatten(blocks, " ", false).0.to_plain());
                let text = strip_dash(&text).to_string();
                if text.is_empty() {
                    return;
                }
                match &mut parent.kind {
                    Kind::Quote { cite, .. } => add_line(cite, text),
                    _ => parent.accept(Block::Paragraph(Rich::plain(text))),
                }
            }
            Kind::Table { rows, caption, .. } => {
                // Loose content the parser left inside the table comes first.
                for b in blocks {
                    parent.accept(b);
                }
                if let Some(caption) = caption {
                    parent.accept(Block::Paragraph(Rich::plain(caption)));
                }
                if let Some(b) = finish_table(rows) {
                    parent.accept(b);
                }
            }
            Kind::Cell { .. }
                if matches!(parent.kind, Kind::Table { .. })
                    && blocks.iter().any(|b| matches!(b, Block::Code(_))) =>
            {
                // A cell of code (the code column beside a line-number
                // gutter) keeps its lines: its blocks go before the table.
                for b in blocks {
                    parent.accept(b);
                }
            }
            Kind::Cell { header, span } => {
                let text = one_line_rich(flatten(blocks, " ", false).0);
                match &mut parent.kind {
                    Kind::Table { rows, .. } => {
                        if rows.is_empty() {
                            rows.push(Vec::new());
                        }
                        if let Some(row) = rows.last_mut() {
                            row.push(Cell { text, header, span });
                        }
                    }
                    _ => {
                        if !is_blank(&text) {
                            parent.accept(Block::Paragraph(text));
                        }
                    }
                }
            }
            Kind::Pre { text, .. } => {
                let text = expand_tabs(text.replace('\r', ""));
                let text = text.trim_end_matches(|c: char| c.is_whitespace());
                // Leading blank lines go too; leading spaces of the first line stay.
                let start = text
                    .char_indices()
                    .take_while(|(_, c)| c.is_whitespace())
                    .filter(|&(_, c)| c == '\n')
                    .last()
                    .map_or(0, |(i, _)| i + 1);
                let text = &text[start..];
                if !text.trim().is_empty() {
                    parent.accept(Block::Code(text.to_string()));
                }
            }
        }
    }

    /// An `img` as an image block, or `None` for a tracking pixel or an
    /// image with neither a source nor a description.
    fn image(&self, id: Id) -> Option<Block> {
        let tree = self.tree;
        let attr = |name: &str| tree.attr(id, name).map(str::trim).filter(|v| !v.is_empty());
        let first_of_set = |name: &str| {
            attr(name)
                .and_then(|set| set.split_ascii_whitespace().next())
                .map(|url| url.trim_end_matches(','))
                .filter(|url| !url.is_empty())
        };
        let lazy = attr("data-src")
            .or_else(|| attr("data-lazy-src"))
            .or_else(|| first_of_set("srcset"))
            .or_else(|| first_of_set("data-srcset"));
        // A `data:` source next to a lazy one is only a placeholder.
        let src = match attr("src") {
            Some(src) if !(src.starts_with("data:") && lazy.is_some()) => Some(src),
            _ => lazy,
        };
        let src = src.map(|s| sanitize(s).into_owned());
        if filter::is_tracking_image(tree, id, src.as_deref().unwrap_or_default()) {
            return None;
        }
        let src = src.map(|s| resolve(self.base, &s));
        let alt = attr("alt")
            .map(|a| one_line(sanitize(a).into_owned()))
            .filter(|a| !a.is_empty());
        if src.is_none() && alt.is_none() {
            return None;
        }
        Some(Block::Image {
            src,
            alt,
            caption: None,
        })
    }

    /// An `iframe` as a one-line paragraph linking to what it embeds.
    fn embed(&self, id: Id) -> Option<Block> {
        let src = self
            .tree
            .attr(id, "src")
            .or_else(|| self.tree.attr(id, "data-src"))
            .map(|s| sanitize(s.trim()).into_owned())
            .filter(|s| !s.is_empty() && !is_script_url(s) && s != "about:blank")?;
        let url = resolve(self.base, &src);
        let shown = short_url(&url);
        Some(Block::Paragraph(Rich {
            runs: vec![
                Run {
                    text: "▶ Embedded: ".to_string(),
                    style: RunStyle::Plain,
                },
                Run {
                    text: shown,
                    style: RunStyle::Link(url),
                },
            ],
        }))
    }
}

/// Elements that start a new line inside `pre`, as a browser draws them:
/// the elements that break text into lines anywhere, but a `br` (a line
/// break of its own, handled where it is met) and table cells, which stay
/// on their row's line.
fn is_block_in_pre(name: &str) -> bool {
    super::is_block_name(name) && !matches!(name, "br" | "td" | "th")
}

fn is_script_url(href: &str) -> bool {
    href.trim()
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("javascript:"))
}

/// `host/path` of a URL: no scheme, query, fragment or trailing slash.
fn short_url(url: &str) -> String {
    let rest = url.split_once("//").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    rest.trim_end_matches('/').to_string()
}

fn add_line(slot: &mut Option<String>, text: String) {
    match slot {
        Some(have) => {
            have.push(' ');
            have.push_str(&text);
        }
        None => *slot = Some(text),
    }
}

/// Whether an `a` inside a heading shows only a permalink mark (`#`, `¶`,
/// `§`, `🔗`) or nothing at all.
fn is_anchor_mark(tree: &Tree, a: Id) -> bool {
    let mut seen = 0;
    for n in tree.descendants(a) {
        if let Some(t) = tree.text(n) {
            for c in t.chars() {
                if c.is_whitespace() {
                    continue;
                }
                if !matches!(c, '#' | '¶' | '§' | '🔗' | '\u{fe0f}') {
                    return false;
                }
                seen += 1;
                if seen > 4 {
                    return false;
                }
            }
        }
    }
    true
}

/// Whether every visible character inside `id` is inside a link (or is
/// separator punctuation), as in a navigation bar or a share footer.
fn only_links(tree: &Tree, id: Id) -> bool {
    let mut links = 0;
    let mut next = tree.nodes[id].first_child;
    while let Some(n) = next {
        if tree.html_name(n).is_some_and(|name| &**name == "a") {
            links += 1;
            next = tree.next_after(n, id);
            continue;
        }
        if let Some(t) = tree.text(n)
            && t.chars().any(|c| {
                !c.is_whitespace() && !matches!(c, '|' | '·' | '•' | '/' | ',' | '-' | '–' | '—')
            })
        {
            return false;
        }
        next = match tree.nodes[n].first_child {
            Some(c) => Some(c),
            None => tree.next_after(n, id),
        };
    }
    links > 0
}

/// Blocks joined into one text, `sep` between them. Images become their
/// description in brackets unless `keep_images`, in which case they are
/// handed back to be placed after the text.
fn flatten(blocks: Vec<Block>, sep: &str, keep_images: bool) -> (Rich, Vec<Block>) {
    let mut out: Vec<Run> = Vec::new();
    let mut kept = Vec::new();
    for block in blocks {
        let runs = match block {
            Block::Paragraph(r) | Block::Heading { text: r, .. } => r.runs,
            Block::Quote { text, cite } | Block::PullQuote { text, cite } => {
                let mut runs = text.runs;
                if let Some(cite) = cite {
                    runs.push(plain(format!(" — {cite}")));
                }
                runs
            }
            Block::List { items, ordered } => {
                let mut item = Rich::default();
                append_nested(&mut item, &items, ordered);
                item.runs
            }
            Block::Code(code) => vec![Run {
                text: code,
                style: RunStyle::Code,
            }],
            image @ Block::Image { .. } if keep_images => {
                kept.push(image);
                continue;
            }
            Block::Image { alt, caption, .. } => match alt.or(caption) {
                Some(text) => vec![plain(format!("[{text}]"))],
                None => continue,
            },
            Block::Rule => continue,
        };
        if runs.iter().all(|r| r.text.is_empty()) {
            continue;
        }
        if !out.is_empty() {
            out.push(plain(sep.to_string()));
        }
        out.extend(runs);
    }
    (merge_runs(out), kept)
}

fn plain(text: String) -> Run {
    Run {
        text,
        style: RunStyle::Plain,
    }
}

/// Adjacent runs of one style merged, empty runs dropped.
fn merge_runs(runs: Vec<Run>) -> Rich {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        if run.text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.style == run.style => last.text.push_str(&run.text),
            _ => out.push(run),
        }
    }
    Rich { runs: out }
}

/// Appends a nested list's items to `item`, each on a line of its own,
/// indented, with its own marker; lines inside a nested item keep their
/// place under its text.
fn append_nested(item: &mut Rich, nested: &[Rich], ordered: bool) {
    let mut runs = std::mem::take(&mut item.runs);
    for (i, sub) in nested.iter().enumerate() {
        let marker = if ordered {
            format!("{}.\u{a0}", i + 1)
        } else {
            "•\u{a0}".to_string()
        };
        let hang = format!(
            "\n{NEST_INDENT}{}",
            "\u{a0}".repeat(crate::width::display_width(&marker))
        );
        if !runs.is_empty() {
            runs.push(plain("\n".to_string()));
        }
        runs.push(plain(format!("{NEST_INDENT}{marker}")));
        for run in &sub.runs {
            runs.push(Run {
                text: run.text.replace('\n', &hang),
                style: run.style.clone(),
            });
        }
    }
    *item = merge_runs(runs);
}

/// Line breaks and whitespace runs inside a cell become single spaces.
fn one_line_rich(rich: Rich) -> Rich {
    let mut runs: Vec<Run> = Vec::with_capacity(rich.runs.len());
    let mut space = true;
    for run in rich.runs {
        let mut text = String::with_capacity(run.text.len());
        for c in run.text.chars() {
            if is_html_space(c) {
                if !space {
                    text.push(' ');
                    space = true;
                }
            } else {
                text.push(c);
                space = false;
            }
        }
        runs.push(Run {
            text,
            style: run.style,
        });
    }
    let mut inline = Inline {
        runs: merge_runs(runs).runs,
        at_break: space,
    };
    inline.trim_end(&[' ']);
    Rich { runs: inline.runs }
}

/// The text after a leading dash (`—`, `–`, `-`, `―`, `~`).
fn strip_dash(s: &str) -> &str {
    s.trim_start_matches(|c: char| matches!(c, '—' | '–' | '-' | '―' | '~') || c.is_whitespace())
        .trim_end()
}

/// A quote's blocks as a quote (or pull quote), followed by any images it
/// held. A trailing short line that starts with a dash is the citation
/// when no `cite` or `footer` gave one.
fn finish_quote(blocks: Vec<Block>, pull: bool, cite: Option<String>) -> Vec<Block> {
    // A pull-quote wrapper around one blockquote: the inner quote is it.
    let mut blocks: Vec<Block> = blocks
        .into_iter()
        .filter(|b| !matches!(b, Block::Paragraph(r) if strip_dash(&r.to_plain()).is_empty()))
        .collect();
    if let [Block::Quote { .. } | Block::PullQuote { .. }] = blocks.as_slice()
        && let Some(inner) = blocks.pop()
    {
        let inner_pull = matches!(inner, Block::PullQuote { .. });
        let (Block::Quote { text, cite: inner } | Block::PullQuote { text, cite: inner }) = inner
        else {
            return Vec::new();
        };
        let cite = cite.or(inner);
        return vec![if pull || inner_pull {
            Block::PullQuote { text, cite }
        } else {
            Block::Quote { text, cite }
        }];
    }
    let mut cite = cite;
    if cite.is_none() {
        cite = take_cite_line(&mut blocks);
    }
    let (mut text, images) = flatten(blocks, PARAGRAPH_BREAK, true);
    if is_blank(&text)
        && let Some(only) = cite.take()
    {
        // Nothing but a citation: it is all there is to show.
        text = Rich::plain(only);
    }
    let mut out = Vec::with_capacity(1 + images.len());
    if !is_blank(&text) {
        out.push(if pull {
            Block::PullQuote { text, cite }
        } else {
            Block::Quote { text, cite }
        });
    }
    out.extend(images);
    out
}

/// Removes a last short `— Name` line from the last paragraph and returns
/// the name, when there is other text left to quote.
fn take_cite_line(blocks: &mut [Block]) -> Option<String> {
    let paragraphs = blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph(_)))
        .count();
    let Some(Block::Paragraph(last)) = blocks.last_mut() else {
        return None;
    };
    let plain = last.to_plain();
    let (head, line) = match plain.rfind('\n') {
        Some(i) => (&plain[..i], &plain[i + 1..]),
        None if paragraphs > 1 => ("", plain.as_str()),
        None => return None,
    };
    let line = line.trim();
    if !line.starts_with(['—', '–', '-', '―']) {
        return None;
    }
    let name = strip_dash(line);
    if name.is_empty()
        || name.split_whitespace().count() > CITE_LINE_WORDS
        || name.chars().count() > 100
        || name.ends_with(['.', '!', '?', '…', ':', ';'])
    {
        return None;
    }
    let name = name.to_string();
    if head.trim().is_empty() {
        // The whole paragraph is the line: the caller drops it as blank.
        last.runs.clear();
    } else {
        truncate_rich(last, head.trim_end().len());
    }
    Some(name)
}

/// Cuts `rich` to its first `len` bytes of text.
fn truncate_rich(rich: &mut Rich, len: usize) {
    let mut left = len;
    let mut keep = 0;
    for run in &mut rich.runs {
        if left == 0 {
            break;
        }
        keep += 1;
        if run.text.len() > left {
            run.text.truncate(left);
            left = 0;
        } else {
            left -= run.text.len();
        }
    }
    rich.runs.truncate(keep);
}

/// An `aside` holding a short quote is a pull quote; any other aside is
/// transparent.
fn finish_aside(blocks: Vec<Block>) -> Vec<Block> {
    let words: usize = blocks
        .iter()
        .map(|b| {
            flatten(vec![b.clone()], " ", false)
                .0
                .to_plain()
                .split_whitespace()
                .count()
        })
        .sum();
    if words > ASIDE_WORDS || words == 0 {
        return blocks;
    }
    match blocks.as_slice() {
        [Block::Quote { .. } | Block::PullQuote { .. }] => finish_quote(blocks, true, None),
        [Block::Paragraph(r), ..]
            if r.to_plain()
                .trim_start()
                .starts_with(['“', '"', '«', '»', '„', '”', '‘', '\'']) =>
        {
            finish_quote(blocks, true, None)
        }
        _ => blocks,
    }
}

/// A figure's blocks with its caption: on its one image, as the citation
/// of its one quote, otherwise as a paragraph after the content.
fn finish_figure(mut blocks: Vec<Block>, caption: Option<String>) -> Vec<Block> {
    let Some(text) = caption else {
        return blocks;
    };
    let images = blocks
        .iter()
        .filter(|b| matches!(b, Block::Image { .. }))
        .count();
    if images == 1
        && let Some(Block::Image { caption: slot, .. }) =
            blocks.iter_mut().find(|b| matches!(b, Block::Image { .. }))
        && slot.is_none()
    {
        *slot = Some(text);
        return blocks;
    }
    if let [
        Block::Quote {
            cite: slot @ None, ..
        }
        | Block::PullQuote {
            cite: slot @ None, ..
        },
    ] = blocks.as_mut_slice()
    {
        *slot = Some(strip_dash(&text).to_string());
        return blocks;
    }
    blocks.push(Block::Paragraph(Rich::plain(text)));
    blocks
}

/// A small table as a list of rows (cells joined by ` │ `, header cells
/// strong); a big one as a line that says how big it is.
fn finish_table(rows: Vec<Vec<Cell>>) -> Option<Block> {
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .filter(|r| r.iter().any(|c| !is_blank(&c.text)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    let columns = rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0);
    if rows.len() > MAX_TABLE_ROWS || columns > MAX_TABLE_COLUMNS {
        return Some(Block::Paragraph(Rich::plain(format!(
            "[table: {} rows × {} columns]",
            rows.len(),
            columns
        ))));
    }
    let items = rows
        .into_iter()
        .map(|row| {
            let mut runs = Vec::new();
            for (k, cell) in row.into_iter().enumerate() {
                if k > 0 {
                    runs.push(plain(CELL_SEP.to_string()));
                }
                if cell.header {
                    runs.push(Run {
                        text: cell.text.to_plain(),
                        style: RunStyle::Strong,
                    });
                } else {
                    runs.extend(cell.text.runs);
                }
            }
            merge_runs(runs)
        })
        .collect();
    Some(Block::List {
        items,
        ordered: false,
    })
}
