//! Full-text search: the query language and matching over an article's
//! text, as [`searched`] defines it (title, author, topics, summary and
//! every block of the body).
//!
//! A query is words, `"quoted phrases"` and `-excluded` words. Every word
//! and phrase must occur somewhere in the article (as a substring, so a
//! word matches while it is being typed) and no excluded one may. Matching
//! is smart-case: without a capital letter in the query, case is ignored
//! with Unicode folding (`Ä`/`ä`, `ß`/`ss`, final `ς`/`σ`); with one, it is
//! exact. Diacritics are never folded: in Swedish `å` is not `a`.

use std::ops::Range;

use crate::archive::{Archive, Article, Block};

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    /// As it is compared: folded unless the query is case-sensitive.
    text: String,
    exclude: bool,
}

/// A parsed query. One that only excludes (`-enkät`) matches every
/// article without those words, with no match to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
    case_sensitive: bool,
    /// Accents and other marks are ignored (`å` matches `a`).
    fold_marks: bool,
}

/// Why a query given whole asks for nothing that can be searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryError {
    /// No word or phrase at all.
    Empty,
    /// A `"` at this column (in characters, from 1) is never closed.
    Unclosed { column: usize },
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::Empty => write!(f, "the query has no word or phrase to look for"),
            QueryError::Unclosed { column } => write!(f, "unclosed \" at column {column}"),
        }
    }
}

/// Where an article matched: how often, and the first place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub article: usize,
    /// Occurrences of the query's words and phrases in the whole article.
    pub matches: usize,
    /// The text of the field the first match is in, and the match's byte
    /// range in it.
    pub first: (String, Range<usize>),
}

impl Query {
    /// Reads a query. Words are separated by whitespace; `"…"` is a phrase
    /// (an unclosed one runs to the end); `-word` or `-"…"` excludes. A lone
    /// `-` is a word.
    pub fn parse(input: &str) -> Query {
        Query::parse_with(input, false)
    }

    /// [`Query::parse`], with diacritics folded when `fold_marks` (the
    /// config's `search_folds_diacritics`): `å` and `é` then match `a`
    /// and `e`.
    pub fn parse_with(input: &str, fold_marks: bool) -> Query {
        Query::parse_noting(input, fold_marks).0
    }

    /// [`Query::parse_with`] for a query given whole (`list --search`),
    /// not typed a key at a time: one with no word, or with a `"` never
    /// closed, is refused.
    pub fn parse_complete(input: &str, fold_marks: bool) -> Result<Query, QueryError> {
        match Query::parse_noting(input, fold_marks) {
            (_, Some(byte)) => Err(QueryError::Unclosed {
                column: input.get(..byte).map_or(0, |s| s.chars().count()) + 1,
            }),
            (query, None) if query.is_empty() => Err(QueryError::Empty),
            (query, None) => Ok(query),
        }
    }

    /// The query, and the byte offset of a `"` left open.
    fn parse_noting(input: &str, fold_marks: bool) -> (Query, Option<usize>) {
        let mut unclosed = None;
        let case_sensitive = input.chars().any(char::is_uppercase);
        let mut terms = Vec::new();
        let mut rest = input.trim_start();
        while !rest.is_empty() {
            let (exclude, body) = match rest.strip_prefix('-') {
                Some(after) if !after.is_empty() && !after.starts_with(char::is_whitespace) => {
                    (true, after)
                }
                _ => (false, rest),
            };
            let (raw, next) = match body.strip_prefix('"') {
                Some(phrase) => match phrase.find('"') {
                    Some(end) => (&phrase[..end], &phrase[end + 1..]),
                    None => {
                        unclosed = Some(input.len() - body.len());
                        (phrase, "")
                    }
                },
                None => {
                    let end = body.find(char::is_whitespace).unwrap_or(body.len());
                    (&body[..end], &body[end..])
                }
            };
            // A phrase matches as written, but runs of spaces count as one.
            let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            if !raw.is_empty() {
                let text = normalize(&raw, case_sensitive, fold_marks).0;
                terms.push(Term { text, exclude });
            }
            rest = next.trim_start();
        }
        let query = Query {
            terms,
            case_sensitive,
            fold_marks,
        };
        (query, unclosed)
    }

    /// Whether the query ignores diacritics.
    pub fn folds_marks(&self) -> bool {
        self.fold_marks
    }

    /// Whether the query has a capital letter, so it matches case exactly.
    pub fn is_case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    /// Each word and phrase as it is compared (folded unless the query is
    /// case-sensitive, diacritics dropped when it folds them), and whether
    /// it is excluded, in the order written.
    pub fn terms(&self) -> impl Iterator<Item = (&str, bool)> {
        self.terms.iter().map(|t| (t.text.as_str(), t.exclude))
    }

    /// Whether the query asks for nothing.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Byte ranges in `text` where a word or phrase (not an excluded one)
    /// occurs, in order, overlapping ones kept.
    pub fn find_in(&self, text: &str) -> Vec<Range<usize>> {
        let prepared = Prepared::new(text, self.case_sensitive, self.fold_marks);
        let mut out = Vec::new();
        for term in self.terms.iter().filter(|t| !t.exclude) {
            out.extend(prepared.find(&term.text));
        }
        out.sort_by_key(|r| (r.start, r.end));
        out
    }

    /// How often article `index` matches, `None` when it does not, read
    /// from its folded text (made once, see [`Folded`]): what the list
    /// needs for every article as a query is typed.
    pub fn count(&self, archive: &Archive, index: usize, folded: &Folded) -> Option<usize> {
        if self.is_empty() {
            return None;
        }
        let exact;
        // An article not folded yet is not searched yet.
        if index >= folded.len() {
            return None;
        }
        let hay: &str = if self.case_sensitive || self.fold_marks != folded.fold_marks {
            let joined = fields(archive, archive.articles.get(index)?).join("\n");
            exact = normalize(&joined, self.case_sensitive, self.fold_marks).0;
            &exact
        } else {
            folded.text(index)
        };
        self.count_in(hay)
    }

    /// [`Query::count`] with article `index`'s text read and folded now and
    /// not kept: for the few articles a search index leaves to check,
    /// without every article's folded text at hand.
    ///
    /// The fields are folded one after another into one buffer kept for
    /// the next article (per thread), not gathered and joined first: what
    /// a search through the index spends its time on.
    pub fn count_fresh(&self, archive: &Archive, index: usize) -> Option<usize> {
        if self.is_empty() {
            return None;
        }
        let article = archive.articles.get(index)?;
        FRESH.with(|buffer| {
            let mut fresh = buffer.take();
            fresh.clear();
            for_each_field(archive, article, |field| {
                if self.case_sensitive || self.fold_marks {
                    fresh.push_str(&normalize(field, self.case_sensitive, self.fold_marks).0);
                } else {
                    fold_into(field, &mut fresh);
                }
                // Between fields, as in `Folded`: no term holds a line
                // break, so one at the end changes no count.
                fresh.push('\n');
            });
            let found = self.count_in(&fresh);
            // Kept for the next article, unless a very long one grew it.
            if fresh.capacity() <= FRESH_KEPT {
                buffer.set(fresh);
            }
            found
        })
    }

    /// How often the query's words and phrases occur in `hay` (already
    /// folded as the query needs), `None` when it does not match.
    fn count_in(&self, hay: &str) -> Option<usize> {
        let mut matches = 0;
        for term in &self.terms {
            let found = memchr::memmem::find_iter(hay.as_bytes(), term.text.as_bytes()).count();
            match (term.exclude, found) {
                (true, 0) => {}
                (true, _) | (false, 0) => return None,
                (false, n) => matches += n,
            }
        }
        Some(matches)
    }

    /// Whether article `index` matches, and how.
    pub fn hit(&self, archive: &Archive, index: usize) -> Option<Hit> {
        let article = archive.articles.get(index)?;
        if self.is_empty() {
            return None;
        }
        let fields = fields(archive, article);
        let prepared: Vec<Prepared> = fields
            .iter()
            .map(|f| Prepared::new(f, self.case_sensitive, self.fold_marks))
            .collect();
        let mut matches = 0;
        let mut first: Option<(usize, Range<usize>)> = None;
        for term in &self.terms {
            let mut found = 0;
            for (f, p) in prepared.iter().enumerate() {
                let ranges = p.find(&term.text);
                found += ranges.len();
                if !term.exclude
                    && let Some(r) = ranges.first()
                    && first
                        .as_ref()
                        .is_none_or(|(ff, fr)| (f, r.start) < (*ff, fr.start))
                {
                    first = Some((f, r.clone()));
                }
            }
            match (term.exclude, found) {
                (true, 0) => {}
                (true, _) | (false, 0) => return None,
                (false, n) => matches += n,
            }
        }
        // A query that only excludes matches with no place to show.
        let (field, range) = first.unwrap_or((0, 0..0));
        Some(Hit {
            article: index,
            matches,
            first: (fields.get(field).cloned().unwrap_or_default(), range),
        })
    }
}

std::thread_local! {
    /// The folded text [`Query::count_fresh`] reads, kept between articles.
    static FRESH: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// The most [`Query::count_fresh`] keeps of its buffer between articles.
const FRESH_KEPT: usize = 1 << 20;

/// Every article's searchable text, folded, made once and kept for the
/// queries that follow. Fields are joined by line breaks, which no query
/// term holds, so no match spans two fields.
#[derive(Debug, Default)]
pub struct Folded {
    /// Whether diacritics are folded too (as in a [`Query`] with them).
    fold_marks: bool,
    /// The folded text in chunks of whole articles: the text as one
    /// string would be copied whole each time it grew, far more than a
    /// slice of idle time at 100k articles.
    chunks: Vec<String>,
    /// Where each chunk starts in the text as a whole.
    chunk_starts: Vec<usize>,
    /// Where each article's text starts in the text as a whole (and the
    /// last one ends).
    starts: Vec<usize>,
    /// Body blocks of the next article folded so far, when a long article
    /// is folded over several slices.
    partial: usize,
}

/// A chunk takes no more articles once it holds this many bytes.
const CHUNK_BYTES: usize = 16 << 20;

/// Blocks folded between two looks at the clock in a long article.
const BLOCKS_PER_LOOK: usize = 256;

impl Folded {
    pub fn new(archive: &Archive) -> Folded {
        Folded::with_marks(archive, false)
    }

    /// Made for queries that fold diacritics (or not).
    pub fn with_marks(archive: &Archive, fold_marks: bool) -> Folded {
        let mut folded = Folded::empty(fold_marks);
        folded.extend(archive, None);
        folded
    }

    /// Nothing folded yet; [`Folded::extend`] adds to it.
    pub fn empty(fold_marks: bool) -> Folded {
        Folded {
            fold_marks,
            ..Folded::default()
        }
    }

    /// Folds more articles, until `deadline` (when given) has passed;
    /// true once every article is in. Made a piece at a time in the
    /// reader's idle moments, so the first search finds it ready.
    pub fn extend(&mut self, archive: &Archive, deadline: Option<std::time::Instant>) -> bool {
        let done = self.starts.len().saturating_sub(1);
        for (i, article) in archive.articles.iter().enumerate().skip(done) {
            // Check the clock every few articles, not on every one, and
            // never before the first: every call makes progress.
            if i > done && i % 8 == 0 && deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                return false;
            }
            if self.starts.is_empty() {
                self.starts.push(0);
            }
            // A long article whose blocks are at hand is folded a few
            // hundred blocks at a time, so no slice runs long.
            let long = article
                .detail_if_ready()
                .filter(|d| d.body.is_ready() && d.body.blocks().len() > BLOCKS_PER_LOOK);
            if self.partial == 0 {
                // Room for a long article's text at once: growing a string
                // of many megabytes copies it.
                let need = long.map_or(0, |d| {
                    let size: usize = d.body.blocks().iter().map(block_len).sum();
                    size + size / 8
                });
                let full = self
                    .chunks
                    .last()
                    .is_none_or(|c| c.len() >= CHUNK_BYTES || c.capacity() - c.len() < need);
                if full {
                    self.chunk_starts
                        .push(self.starts.last().copied().unwrap_or(0));
                    // Its room taken at once (untouched pages cost nothing),
                    // so it never grows by copying.
                    self.chunks.push(String::with_capacity(
                        (CHUNK_BYTES + CHUNK_BYTES / 4).max(need),
                    ));
                }
            }
            match long {
                Some(d) => {
                    if self.partial == 0 {
                        for field in head_fields(archive, article, d) {
                            self.push_folded(&field);
                        }
                    }
                    let blocks = d.body.blocks();
                    for (j, block) in blocks.iter().enumerate().skip(self.partial) {
                        if j > self.partial
                            && j % BLOCKS_PER_LOOK == 0
                            && deadline.is_some_and(|d| std::time::Instant::now() >= d)
                        {
                            self.partial = j;
                            return false;
                        }
                        self.push_folded(&block_text(block));
                    }
                    self.partial = 0;
                }
                None => {
                    for field in fields(archive, article) {
                        self.push_folded(&field);
                    }
                }
            }
            self.starts.push(self.total());
        }
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        true
    }

    fn push_folded(&mut self, field: &str) {
        if self.chunks.is_empty() {
            self.chunk_starts.push(0);
            self.chunks.push(String::new());
        }
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.push_str(&normalize(field, false, self.fold_marks).0);
            chunk.push('\n');
        }
    }

    /// Bytes of folded text so far.
    fn total(&self) -> usize {
        self.chunk_starts.last().copied().unwrap_or(0) + self.chunks.last().map_or(0, String::len)
    }

    /// Whether this was made for an archive of `n` articles.
    pub fn covers(&self, n: usize) -> bool {
        self.starts.len() == n + 1
    }

    /// How many articles are folded so far (the first ones).
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn text(&self, index: usize) -> &str {
        match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&a), Some(&b)) => {
                // The chunk the article is in: the last that starts at or
                // before it (an article never spans two).
                let k = self
                    .chunk_starts
                    .partition_point(|&c| c <= a)
                    .saturating_sub(1);
                let base = self.chunk_starts.get(k).copied().unwrap_or(0);
                self.chunks
                    .get(k)
                    .and_then(|c| c.get(a - base..b - base))
                    .unwrap_or("")
            }
            _ => "",
        }
    }

    /// Bytes held, for the bench.
    pub fn bytes(&self) -> usize {
        self.total() + self.starts.len() * std::mem::size_of::<usize>()
    }
}

/// The searchable text of article `index` as [`Folded::new`] holds it
/// (each field case-folded, diacritics kept, and followed by a line
/// break); empty when there is no such article. What a search index is
/// built from.
pub fn folded_text(archive: &Archive, index: usize) -> String {
    let mut out = String::new();
    if let Some(article) = archive.articles.get(index) {
        for field in fields(archive, article) {
            out.push_str(&normalize(&field, false, false).0);
            out.push('\n');
        }
    }
    out
}

/// A part of an article that search reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Title,
    /// The author's name (shown in the meta line).
    Author,
    /// One of the article's topics.
    Topic,
    /// The summary, or lede.
    Summary,
    /// Body block `n` (from 0).
    Block(usize),
}

/// What search reads of an article — the one definition, used by the
/// list's counts, `list --search`, the reader's highlights and `n`/`N`:
/// the title, the author's name, the topics, the summary and every body
/// block (its text, a quote's citation, an image's alt text and caption,
/// list items, code), in the order the reader shows them. Not searched:
/// the date, series, url, the author box's role and bio, and the titles
/// of related articles (they belong to other articles).
pub fn searched(archive: &Archive, a: &Article) -> Vec<(Part, String)> {
    searched_until(archive, a, usize::MAX)
}

/// [`searched`] up to the first `blocks` body blocks: what of a long
/// article is laid out so far.
pub fn searched_until(archive: &Archive, a: &Article, blocks: usize) -> Vec<(Part, String)> {
    a.peek_detail(|d| {
        let mut out = head_parts(archive, a, d);
        out.extend(
            d.body
                .blocks()
                .iter()
                .take(blocks)
                .enumerate()
                .map(|(i, b)| (Part::Block(i), block_text(b))),
        );
        out
    })
}

/// [`searched`], the text only.
fn fields(archive: &Archive, a: &Article) -> Vec<String> {
    searched(archive, a).into_iter().map(|(_, t)| t).collect()
}

/// [`searched`]'s text handed to `f` a field at a time, in the same order,
/// without gathering it: a title, author and topic are lent, not copied.
fn for_each_field(archive: &Archive, a: &Article, mut f: impl FnMut(&str)) {
    a.peek_detail(|d| {
        f(&a.title);
        if let Some(author) = &d.author {
            f(&author.name);
        }
        for t in a.topics.iter().filter_map(|&t| archive.topics.get(t)) {
            f(&t.name);
        }
        if let Some(summary) = d.summary.get() {
            f(summary);
        }
        for block in d.body.blocks() {
            f(&block_text(block));
        }
    });
}

/// The parts of [`searched`] before the body.
fn head_parts(archive: &Archive, a: &Article, d: &crate::archive::Detail) -> Vec<(Part, String)> {
    let mut out = vec![(Part::Title, a.title.to_string())];
    if let Some(author) = &d.author {
        out.push((Part::Author, author.name.clone()));
    }
    out.extend(
        a.topics
            .iter()
            .filter_map(|&t| archive.topics.get(t))
            .map(|t| (Part::Topic, t.name.clone())),
    );
    out.extend(d.summary.get().map(|s| (Part::Summary, s.to_string())));
    out
}

/// The fields before the body, the text only.
fn head_fields(archive: &Archive, a: &Article, d: &crate::archive::Detail) -> Vec<String> {
    head_parts(archive, a, d)
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

/// About the bytes of a block's text, without making it.
fn block_len(block: &Block) -> usize {
    let rich = |r: &crate::archive::Rich| r.runs.iter().map(|x| x.text.len()).sum::<usize>();
    match block {
        Block::Paragraph(t) | Block::Heading { text: t, .. } => rich(t) + 1,
        Block::PullQuote { text, cite } | Block::Quote { text, cite } => {
            rich(text) + cite.as_ref().map_or(0, String::len) + 2
        }
        Block::Image { alt, caption, .. } => {
            alt.as_ref().map_or(0, String::len) + caption.as_ref().map_or(0, String::len) + 2
        }
        Block::List { items, .. } => items.iter().map(|i| rich(i) + 1).sum(),
        Block::Code(c) => c.len() + 1,
        Block::Rule => 1,
    }
}

/// The text of one block that search reads: its text with any citation,
/// alt text and caption, list items and code, one line each.
pub fn block_text(block: &Block) -> String {
    block.source()
}

/// A text ready to be searched: folded (or not), with the way back from
/// a folded byte offset to the original one.
struct Prepared<'t> {
    original: &'t str,
    folded: String,
    /// For each byte of `folded`, the original byte offset it came from;
    /// empty when the text needed no change.
    back: Vec<usize>,
}

impl<'t> Prepared<'t> {
    fn new(original: &'t str, case_sensitive: bool, fold_marks: bool) -> Self {
        if case_sensitive && !fold_marks {
            return Prepared {
                original,
                folded: String::new(),
                back: Vec::new(),
            };
        }
        let (folded, back) = normalize(original, case_sensitive, fold_marks);
        Prepared {
            original,
            folded,
            back,
        }
    }

    fn find(&self, needle: &str) -> Vec<Range<usize>> {
        if needle.is_empty() {
            return Vec::new();
        }
        let (hay, mapped) = if self.back.is_empty() && self.folded.is_empty() {
            (self.original, false)
        } else if self.back.is_empty() {
            (self.folded.as_str(), false)
        } else {
            (self.folded.as_str(), true)
        };
        // A folded byte maps back to the original character it came from;
        // a match covers every original character it touches (`s` matches
        // each half of `ß`, and the range is the whole `ß`).
        let char_start =
            |at: usize| -> usize { self.back.get(at).copied().unwrap_or(self.original.len()) };
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(at) = hay.get(from..).and_then(|h| h.find(needle)) {
            let start = from + at;
            let end = start + needle.len();
            let (s, mut e) = if mapped {
                (
                    char_start(start),
                    next_boundary(self.original, char_start(end - 1)),
                )
            } else {
                (start, end)
            };
            // Marks written after the last letter belong to the match.
            while let Some(c) = self.original.get(e..).and_then(|r| r.chars().next())
                && unicode_normalization::char::is_combining_mark(c)
            {
                e += c.len_utf8();
            }
            out.push(s..e);
            // Matches do not overlap, as the counts in the list do not.
            from = end;
        }
        out
    }
}

fn next_boundary(s: &str, at: usize) -> usize {
    s.get(at..)
        .and_then(|r| r.chars().next())
        .map_or(s.len(), |c| at + c.len_utf8())
}

/// The text as a query compares it: case folded unless `case_sensitive`,
/// diacritics dropped when `fold_marks` (each character decomposed and its
/// combining marks left out). Returns the text and, when it is not plain
/// ASCII, for each byte the byte offset of the original character.
pub(crate) fn normalize(
    text: &str,
    case_sensitive: bool,
    fold_marks: bool,
) -> (String, Vec<usize>) {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    if !fold_marks {
        return if case_sensitive {
            let back = if text.is_ascii() {
                Vec::new()
            } else {
                text.char_indices()
                    .flat_map(|(i, c)| std::iter::repeat_n(i, c.len_utf8()))
                    .collect()
            };
            (text.to_string(), back)
        } else {
            fold(text)
        };
    }
    let (cased, cased_back) = if case_sensitive {
        (text.to_string(), Vec::new())
    } else {
        fold(text)
    };
    if cased.is_ascii() {
        return (cased, cased_back);
    }
    let mut out = String::with_capacity(cased.len());
    let mut back = Vec::with_capacity(cased.len());
    for (i, c) in cased.char_indices() {
        let origin = cased_back.get(i).copied().unwrap_or(i);
        let before = out.len();
        for d in std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)) {
            out.push(d);
        }
        back.extend(std::iter::repeat_n(origin, out.len() - before));
    }
    (out, back)
}

/// Case folding: lower case, with the full foldings lower-casing misses
/// (`ß` → `ss`, final `ς` → `σ`, `ﬁ` → `fi` …). Returns the folded text and,
/// when it differs in length from the original, for each folded byte the
/// byte offset of the original character it came from.
fn fold(text: &str) -> (String, Vec<usize>) {
    if text.is_ascii() {
        let folded = text.to_ascii_lowercase();
        return (folded, Vec::new());
    }
    let mut folded = String::with_capacity(text.len());
    let mut back = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let before = folded.len();
        fold_char(c, &mut folded);
        back.extend(std::iter::repeat_n(i, folded.len() - before));
    }
    (folded, back)
}

/// [`fold`]'s text, without the way back, added to `out`: runs of ASCII
/// are copied and lower-cased whole, the other characters folded one at
/// a time.
fn fold_into(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, after) = rest.split_at(ascii);
        let start = out.len();
        out.push_str(run);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
        let mut chars = after.chars();
        // Up to the next ASCII byte (never inside a character).
        while let Some(c) = chars.next() {
            fold_char(c, out);
            if chars.as_str().as_bytes().first().is_some_and(u8::is_ascii) {
                break;
            }
        }
        rest = chars.as_str();
    }
}

/// One character case-folded onto `out`.
fn fold_char(c: char, out: &mut String) {
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'ς' => out.push('σ'),
        'ﬀ' => out.push_str("ff"),
        'ﬁ' => out.push_str("fi"),
        'ﬂ' => out.push_str("fl"),
        'ﬃ' => out.push_str("ffi"),
        'ﬄ' => out.push_str("ffl"),
        'ﬅ' | 'ﬆ' => out.push_str("st"),
        // Latin-1's capitals (not ×) are their small letters less 0x20,
        // and its small letters are their own: no table to look in for
        // å, ä, ö, é, ü.
        'À'..='Þ' if c != '×' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
        'ß'..='ÿ' => out.push(c),
        // Nor for punctuation (’ “ — …) and emoji, which have no case.
        '\u{2000}'..='\u{206f}' | '\u{1f300}'..='\u{1faff}' => out.push(c),
        c => out.extend(c.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(q: &str, text: &'a str) -> Vec<&'a str> {
        Query::parse(q)
            .find_in(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn parses_words_phrases_and_exclusions() {
        let q = Query::parse(r#"  kund "nöjda  kunder"  -enkät -"dålig tjänst" - "#);
        let terms: Vec<(&str, bool)> = q
            .terms
            .iter()
            .map(|t| (t.text.as_str(), t.exclude))
            .collect();
        assert_eq!(
            terms,
            [
                ("kund", false),
                ("nöjda kunder", false),
                ("enkät", true),
                ("dålig tjänst", true),
                ("-", false)
            ]
        );
        assert!(!q.case_sensitive);
        assert!(Query::parse("Kund").case_sensitive);
        assert!(Query::parse("   ").is_empty());
        assert_eq!(Query::parse("\"open phrase").terms[0].text, "open phrase");
    }

    #[test]
    fn smart_case_and_unicode_folding() {
        assert_eq!(found("äpple", "ÄPPLE och äpple"), ["ÄPPLE", "äpple"]);
        assert_eq!(found("Äpple", "ÄPPLE och Äpple"), ["Äpple"]);
        assert_eq!(
            found("strasse", "Die Straße, die STRASSE"),
            ["Straße", "STRASSE"]
        );
        assert_eq!(found("straße", "Die Straße"), ["Straße"]);
        assert_eq!(
            found("σοφος", "ΣΟΦΟΣ σοφος σοφoς σοφός"),
            ["ΣΟΦΟΣ", "σοφος"]
        );
        assert_eq!(found("οσ", "λόγος ΛΟΓΟΣ"), ["ος", "ΟΣ"]);
        assert_eq!(found("fi", "ﬁsh"), ["ﬁ"]);
        // Diacritics are kept: å is not a.
        assert!(found("a", "å").is_empty());
        assert_eq!(found("kod", "日本語 KOD kod"), ["KOD", "kod"]);
    }

    #[test]
    fn diacritics_fold_only_when_asked() {
        let folding = |q: &str, text: &'static str| -> Vec<&'static str> {
            Query::parse_with(q, true)
                .find_in(text)
                .into_iter()
                .map(|r| &text[r])
                .collect()
        };
        assert_eq!(folding("a", "å Ä a"), ["å", "Ä", "a"]);
        assert_eq!(folding("cafe", "Café, CAFÉ"), ["Café", "CAFÉ"]);
        assert_eq!(folding("Cafe", "Café, CAFÉ"), ["Café"]);
        assert_eq!(folding("naïve", "naive"), ["naive"]);
        // A combining mark written apart goes too.
        assert_eq!(folding("e", "e\u{301}"), ["e\u{301}"]);
        assert!(found("a", "å").is_empty());
    }

    #[test]
    fn a_match_inside_a_folded_character_covers_it() {
        // `s` matches each half of `ß`; the range is the whole character.
        assert_eq!(found("s", "ß"), ["ß", "ß"]);
        assert_eq!(found("sa", "ßa"), ["ßa"]);
    }

    #[test]
    fn phrases_match_as_written() {
        assert_eq!(
            found("\"röda  stugan\"", "den röda stugan"),
            ["röda stugan"]
        );
        assert!(found("\"stugan röda\"", "den röda stugan").is_empty());
    }

    #[test]
    fn folded_text_is_what_folded_holds() {
        let json = r#"{"version":1,"articles":[
            {"id":"a","title":"Straße ΛΟΓΟΣ","body":["Äpple och 日本語", "Två"]},
            {"id":"b","title":"","body":[]},
            {"id":"c","title":"Kod","summary":"ÅÄÖ","body":["x"]}]}"#;
        let archive = crate::archive::load_str("t.json", json).expect("loads");
        let folded = Folded::new(&archive);
        for i in 0..archive.articles.len() {
            assert_eq!(folded_text(&archive, i), folded.text(i), "article {i}");
        }
        assert_eq!(
            folded_text(&archive, 0),
            "strasse λογοσ\näpple och 日本語\ntvå\n"
        );
        assert_eq!(folded_text(&archive, 3), "");
    }

    #[test]
    fn latin1_punctuation_and_emoji_fold_as_lower_casing_does() {
        let quick = ('\u{80}'..='\u{ff}')
            .chain('\u{2000}'..='\u{206f}')
            .chain('\u{1f300}'..='\u{1faff}');
        for c in quick {
            let mut quick = String::new();
            fold_char(c, &mut quick);
            let slow: String = match c {
                'ß' => "ss".into(),
                c => c.to_lowercase().collect(),
            };
            assert_eq!(quick, slow, "{c:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Folding a field onto a buffer gives what [`fold`] gives.
        #[test]
        fn folding_into_a_buffer_is_folding(
            text in "[aAzZåÅäÄöÖéÉÿŸßẞσςΣ×÷ÞþİıK\u{212a}ﬁﬆ日本😀 \n.-]{0,40}",
            before in "[a-zå]{0,3}",
        ) {
            let mut out = before.clone();
            fold_into(&text, &mut out);
            proptest::prop_assert_eq!(out, before + &fold(&text).0);
        }

        /// Every reported place holds the match, and a match is never
        /// missed.
        #[test]
        fn a_match_is_where_it_is_said_to_be(
            text in "[aAåÅßẞσςΣöÖ kK\u{212a}ﬁ日本 -]{0,40}",
            needle in "[aåßsσςökfi日 ]{1,4}",
        ) {
            let q = Query::parse(&format!("\"{needle}\""));
            let want = fold(&needle.split_whitespace().collect::<Vec<_>>().join(" ")).0;
            if want.is_empty() {
                return Ok(());
            }
            let ranges = q.find_in(&text);
            for r in &ranges {
                let piece = text.get(r.clone());
                proptest::prop_assert!(piece.is_some(), "{:?} not on boundaries of {:?}", r, text);
                let piece = fold(piece.unwrap_or_default()).0;
                proptest::prop_assert!(piece.contains(&want), "{:?} in {:?}", piece, want);
            }
            proptest::prop_assert_eq!(ranges.is_empty(), !fold(&text).0.contains(&want));
        }
    }
}
