//! The reader's model of an archive: articles, their blocks and inline runs,
//! topics and the problems found while loading. Knows nothing of terminals.

use super::text::Text;

/// A loaded archive. Articles keep the order of the file; `order` is the
/// list order (newest first, undated last).
#[derive(Debug, Clone, Default)]
pub struct Archive {
    /// Title given by the archive itself (`{"title": …}`), sanitized.
    pub title: Option<String>,
    /// The format the archive was read from.
    pub format: super::format::Format,
    pub articles: Vec<Article>,
    /// Every distinct topic, in order of first appearance. Articles refer to
    /// topics by index into this vector.
    pub topics: Vec<Topic>,
    /// Article indices in list order: newest first, undated and unparsable
    /// dates last (those keep file order among themselves).
    pub order: Vec<usize>,
    /// Everything `check` reports. Articles with problems still load.
    pub problems: Vec<Problem>,
    /// Per article, where its title's own part starts after a beginning
    /// it shares with others (see `app::titles`), when known without
    /// working it out: read from the archive cache.
    pub series: Option<Vec<u32>>,
    /// The archives it was joined from, when it is a library of several
    /// (`crate::library`).
    pub sources: Sources,
}

/// Which source each article of a library came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// Each source's label (what the Sources facet shows and `SOURCE:ID`
    /// names), in the order named; one, or none, for a single archive.
    pub labels: Vec<String>,
    /// Per article, its source's index into `labels`; empty when there is
    /// only one source.
    pub of: Vec<u16>,
    /// The same article found again in another source (by its canonical
    /// URL) and shown once: (the article kept, the other source, its id
    /// there), by the article kept.
    pub again: Vec<(usize, u16, String)>,
}

impl Sources {
    /// The source of article `i` (0 for an archive of one).
    pub fn of(&self, i: usize) -> usize {
        self.of.get(i).map_or(0, |&s| usize::from(s))
    }

    /// Whether the archive joins several.
    pub fn is_library(&self) -> bool {
        self.labels.len() > 1
    }

    /// Where else article `i` was found: (source label, id there).
    pub fn again_of(&self, i: usize) -> impl Iterator<Item = (&str, &str)> {
        let first = self.again.partition_point(|(k, _, _)| *k < i);
        self.again[first..]
            .iter()
            .take_while(move |(k, _, _)| *k == i)
            .filter_map(|(_, s, id)| {
                Some((self.labels.get(usize::from(*s))?.as_str(), id.as_str()))
            })
    }

    /// Every source of article `i`, for showing: `wallabag,omnivore`.
    pub fn names_of(&self, i: usize) -> Option<String> {
        let first = self.label_of(i)?;
        let mut out = first.to_string();
        for (label, _) in self.again_of(i) {
            out.push(',');
            out.push_str(label);
        }
        Some(out)
    }

    /// The label of article `i`'s source, in a library of several.
    pub fn label_of(&self, i: usize) -> Option<&str> {
        if !self.is_library() {
            return None;
        }
        self.labels.get(self.of(i)).map(String::as_str)
    }
}

/// A topic as displayed (the first spelling seen) with its match key
/// (trimmed, lower-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub name: String,
    pub key: String,
}

#[derive(Debug, Clone, Default)]
pub struct Article {
    pub id: Text,
    pub title: Text,
    pub date: Option<Date>,
    /// Indices into `Archive::topics`, without repeats, in the article's order.
    pub topics: Vec<usize>,
    /// Marks the source format carried (Wallabag's starred and archived,
    /// Google Reader's starred and read): they seed lektyr's own marks for
    /// an article the reader has not marked yet.
    pub seed: Seed,
    /// Whether the source said the article's text could not be fetched
    /// (a read-it-later service's placeholder); `check` says so.
    pub fetch_failed: bool,
    /// The highlights and notes the source format carried (Wallabag's
    /// annotations, Omnivore's highlights), as imported; the reader's own
    /// changes are kept in the state file and win over these.
    pub highlights: Highlights,
    /// A key of the article's canonical URL ([`super::url::key`]; 0 for
    /// none), known without its detail: a library shows one article found
    /// in two exports once.
    pub url_hash: u64,
    /// Everything the list does not show, at hand or read on first use
    /// (from the archive cache, or from a big file read in pieces).
    pub detail: LazyDetail,
}

/// The part of an article only the reader, search and `show` need: an
/// archive reopened from its cache reads it when first asked for.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    pub author: Option<Author>,
    pub series: Option<String>,
    /// The lede.
    pub summary: Summary,
    pub url: Option<String>,
    pub language: Option<String>,
    pub related: Vec<Related>,
    pub body: Body,
    /// How much there is to read, counted once (a long article's meta
    /// line is laid out again at every width).
    pub words: std::sync::OnceLock<ReadingLoad>,
}

impl Detail {
    /// The lede to show: the summary, unless it only repeats the body's
    /// first paragraph (the same words once whitespace is collapsed, or
    /// their start ending in an ellipsis), which is then shown once.
    pub fn lede(&self) -> Option<&str> {
        let lede = self.summary.get()?;
        let first = self.body.blocks().iter().find_map(|b| match b {
            Block::Paragraph(r) => Some(r),
            _ => None,
        });
        match first {
            Some(para) if lede_repeats(lede, &para.to_plain()) => None,
            _ => Some(lede),
        }
    }
}

/// Whether `lede` is `para` again, or the start of it cut with an ellipsis
/// (`…`, `...`, `[…]`, `[...]`).
pub fn lede_repeats(lede: &str, para: &str) -> bool {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (lede, para) = (collapse(lede), collapse(para));
    if lede.is_empty() || para.is_empty() {
        return false;
    }
    if lede == para {
        return true;
    }
    ["[…]", "[...]", "…", "..."].iter().any(|mark| {
        lede.strip_suffix(mark).is_some_and(|cut| {
            let cut = cut.trim_end();
            cut.split_whitespace().count() >= 3 && para.starts_with(cut)
        })
    })
}

/// Reads an article's detail when it is first needed, and says what the
/// list may know without reading it.
/// One source serves every article of an archive, each by its index.
pub trait DetailSource: std::fmt::Debug + Send + Sync {
    /// Article `index`'s detail; a source that fails gives a detail that
    /// says why.
    fn read(&self, index: usize) -> Detail;
    /// Whether article `index`'s body has a pull quote, when that is
    /// known without reading it.
    fn has_pullquote(&self, index: usize) -> Option<bool>;
    /// Where article `index`'s detail lies in the archive's own file, for
    /// a source that reads it from there: what the cache keeps instead of
    /// a copy.
    fn pointer(&self, _index: usize) -> Option<Pointer> {
        None
    }
    /// Whether a detail read from the archive's file found its bytes
    /// changed since they were noted: the archive is to be read again.
    fn changed(&self) -> bool {
        false
    }
}

/// Where an article's detail lies in its archive's file: the bytes of the
/// article in the file's array, their CRC-32, and its related entries as
/// settled when the whole archive was read (an article read again by
/// itself knows its related entries only as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer {
    /// The article's index in the file's array.
    pub src: usize,
    pub at: u64,
    pub len: u32,
    pub crc: u32,
    pub related: Option<Vec<Related>>,
}

/// A source whose articles' related links point elsewhere now: into a
/// library, where its archive was joined with others (`went[i]` is where
/// its article `i` went).
#[derive(Debug)]
struct Remapped {
    inner: std::sync::Arc<dyn DetailSource>,
    went: std::sync::Arc<Vec<usize>>,
}

impl DetailSource for Remapped {
    fn read(&self, index: usize) -> Detail {
        let mut d = self.inner.read(index);
        remap(&mut d, &self.went);
        d
    }

    fn has_pullquote(&self, index: usize) -> Option<bool> {
        self.inner.has_pullquote(index)
    }

    fn pointer(&self, index: usize) -> Option<Pointer> {
        self.inner.pointer(index)
    }

    fn changed(&self) -> bool {
        self.inner.changed()
    }
}

fn remap(d: &mut Detail, went: &[usize]) {
    for r in &mut d.related {
        r.target = r.target.and_then(|t| went.get(t).copied());
    }
}

/// An article's detail: at hand, or read from its source on first use.
#[derive(Debug, Clone, Default)]
pub struct LazyDetail {
    /// Behind a pointer: an article waiting for its detail stays small,
    /// and a copy of an article (a list row while a file is still being
    /// read) shares it.
    cell: std::sync::OnceLock<std::sync::Arc<Detail>>,
    source: Option<(std::sync::Arc<dyn DetailSource>, usize)>,
}

impl Article {
    /// Points the related links at where their articles went (`went[i]`
    /// for article `i` of this article's archive): now when the detail is
    /// at hand, else when it is read.
    pub fn remap_related(&mut self, went: &std::sync::Arc<Vec<usize>>) {
        if let Some(d) = self.detail.cell.get_mut() {
            remap(std::sync::Arc::make_mut(d), went);
            return;
        }
        if let Some((inner, index)) = self.detail.source.take() {
            let remapped = Remapped {
                inner,
                went: std::sync::Arc::clone(went),
            };
            self.detail.source = Some((std::sync::Arc::new(remapped), index));
        } else {
            // Neither at hand nor to be read: an empty detail.
            remap(self.detail_mut(), went);
        }
    }

    /// [`Article::remap_related`] for every article of `articles`, which
    /// came from one archive: those read from the same source share one
    /// source that remaps, instead of one each.
    pub fn remap_all_related(articles: &mut [Article], went: &std::sync::Arc<Vec<usize>>) {
        let mut last: Option<(*const (), std::sync::Arc<dyn DetailSource>)> = None;
        for a in articles {
            let shared = match (&a.detail.source, a.detail.cell.get()) {
                (Some((inner, _)), None) => Some(std::sync::Arc::as_ptr(inner).cast::<()>()),
                _ => None,
            };
            match (shared, &last) {
                (Some(inner), Some((was, remapped))) if inner == *was => {
                    if let Some((source, _)) = a.detail.source.as_mut() {
                        *source = std::sync::Arc::clone(remapped);
                    }
                }
                (Some(inner), _) => {
                    a.remap_related(went);
                    if let Some((source, _)) = &a.detail.source {
                        last = Some((inner, std::sync::Arc::clone(source)));
                    }
                }
                (None, _) => a.remap_related(went),
            }
        }
    }

    /// The detail, read now if it is not yet at hand.
    pub fn detail(&self) -> &Detail {
        let lazy = &self.detail;
        lazy.cell.get_or_init(|| match &lazy.source {
            Some((source, index)) => std::sync::Arc::new(source.read(*index)),
            None => std::sync::Arc::default(),
        })
    }

    /// The detail, to change it (while loading).
    pub fn detail_mut(&mut self) -> &mut Detail {
        self.detail();
        // `detail()` has just filled the cell; a detail shared with a copy
        // of the article is copied first.
        std::sync::Arc::make_mut(self.detail.cell.get_mut().expect("detail filled"))
    }

    /// Sets the detail.
    pub fn set_detail(&mut self, detail: Detail) {
        self.detail = LazyDetail {
            cell: std::sync::OnceLock::from(std::sync::Arc::new(detail)),
            source: None,
        };
    }

    /// The article with `detail`.
    pub fn with_detail(mut self, detail: Detail) -> Article {
        self.set_detail(detail);
        self
    }

    /// An article whose detail is read from `source` (as its article
    /// `index`) when first asked for.
    pub fn with_source(
        mut self,
        source: std::sync::Arc<dyn DetailSource>,
        index: usize,
    ) -> Article {
        self.set_source(source, index);
        self
    }

    /// [`Article::with_source`] in place.
    pub fn set_source(&mut self, source: std::sync::Arc<dyn DetailSource>, index: usize) {
        self.detail = LazyDetail {
            cell: std::sync::OnceLock::new(),
            source: Some((source, index)),
        };
    }

    /// Calls `f` with the detail without keeping it when it has to be read
    /// (search goes through every article once; holding every detail it
    /// read would hold the whole archive).
    pub fn peek_detail<R>(&self, f: impl FnOnce(&Detail) -> R) -> R {
        match (self.detail.cell.get(), &self.detail.source) {
            (None, Some((source, index))) => f(&source.read(*index)),
            _ => f(self.detail()),
        }
    }

    /// Where the article's detail lies in its archive's file, when it is
    /// read from there.
    pub fn pointer(&self) -> Option<Pointer> {
        let (source, index) = self.detail.source.as_ref()?;
        source.pointer(*index)
    }

    /// Whether the article's detail was read from its archive's file and
    /// found changed there (see [`DetailSource::changed`]).
    pub fn source_changed(&self) -> bool {
        self.detail
            .source
            .as_ref()
            .is_some_and(|(source, _)| source.changed())
    }

    /// The detail if it is at hand, without reading it.
    pub fn detail_if_ready(&self) -> Option<&Detail> {
        self.detail.cell.get().map(|d| &**d)
    }

    /// Takes the detail at hand (copied if shared), leaving an empty one.
    pub fn take_detail(&mut self) -> Detail {
        let taken = self.detail.cell.take().map(std::sync::Arc::unwrap_or_clone);
        taken.unwrap_or_default()
    }
}

/// An article's lede: text, or HTML turned into text the first time it is
/// asked for (a WordPress excerpt), like [`Body`].
#[derive(Debug, Clone, Default)]
pub struct Summary {
    text: std::sync::OnceLock<Option<String>>,
    /// Raw HTML, how it is made text, and a test that drops the text it
    /// gives (WordPress's own `[…]` excerpts, which only repeat the body).
    html: Option<Box<(String, ToText, DropLede)>>,
}

/// Says which texts made from a lede's HTML are no lede after all.
pub type DropLede = fn(&str) -> bool;

/// Makes text of HTML: the reading floor's converter, handed to the model
/// with the HTML so that the model imports nothing above it.
pub type ToText = fn(&str) -> String;

/// Makes blocks of HTML whose links resolve against a URL, handed down
/// like [`ToText`].
pub type ToBlocks = fn(&str, Option<&str>) -> Vec<Block>;

impl Summary {
    /// A lede that is HTML, made text by `to_text` on first use; `drop`
    /// says which texts are no lede after all.
    pub fn html(html: String, to_text: ToText, drop: DropLede) -> Summary {
        Summary {
            text: std::sync::OnceLock::new(),
            html: Some(Box::new((html, to_text, drop))),
        }
    }

    /// The lede as text, if there is one.
    pub fn get(&self) -> Option<&str> {
        self.text
            .get_or_init(|| {
                let (html, to_text, drop) = self.html.as_deref()?;
                let text = to_text(html);
                (!text.is_empty() && !drop(&text)).then_some(text)
            })
            .as_deref()
    }
}

impl From<Option<String>> for Summary {
    fn from(text: Option<String>) -> Summary {
        Summary {
            text: std::sync::OnceLock::from(text),
            html: None,
        }
    }
}

/// HTML bodies larger than this are not converted only to mark the list
/// row of an article with a pull quote.
const LAZY_MARK_LIMIT: usize = 256 * 1024;

/// Marks an import format carried for an article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seed {
    pub starred: bool,
    pub read: bool,
    /// How far the article was read, in percent (0–100), when the format
    /// says (Omnivore's `readingProgress`): where an article never opened
    /// in lektyr starts.
    pub progress: Option<u8>,
}

/// An article's body: blocks read as blocks, or HTML turned into blocks
/// the first time they are asked for (a big import opens without
/// converting every body first). Either way readers see `&[Block]`.
#[derive(Debug, Clone, Default)]
pub struct Body {
    blocks: std::sync::OnceLock<Vec<Block>>,
    /// The HTML the blocks are made from when they are not made yet.
    source: Option<Box<HtmlSource>>,
}

/// Raw HTML (not yet sanitized: conversion decodes entities first and
/// then sanitizes each text once) and the URL its links resolve against.
#[derive(Debug, Clone)]
struct HtmlSource {
    html: String,
    base: Option<String>,
    convert: ToBlocks,
}

impl Body {
    /// A body that is HTML, converted by `convert` on first use.
    pub fn html(html: String, base: Option<String>, convert: ToBlocks) -> Body {
        Body {
            blocks: std::sync::OnceLock::new(),
            source: Some(Box::new(HtmlSource {
                html,
                base,
                convert,
            })),
        }
    }

    /// The blocks, made now (and kept) if they are not yet.
    pub fn blocks(&self) -> &[Block] {
        self.blocks.get_or_init(|| match self.source.as_deref() {
            Some(HtmlSource {
                html,
                base,
                convert,
            }) => convert(html, base.as_deref()),
            None => Vec::new(),
        })
    }

    /// The blocks, owned.
    pub fn into_blocks(self) -> Vec<Block> {
        self.blocks();
        self.blocks.into_inner().unwrap_or_default()
    }

    /// The HTML the body is made from and the URL its links resolve
    /// against, for a body that came as HTML.
    pub fn html_source(&self) -> Option<(&str, Option<&str>)> {
        self.source
            .as_deref()
            .map(|s| (s.html.as_str(), s.base.as_deref()))
    }

    /// Bytes of HTML waiting to be converted (0 for blocks).
    pub fn html_len(&self) -> usize {
        match self.source.as_deref() {
            Some(s) if self.blocks.get().is_none() => s.html.len(),
            _ => 0,
        }
    }

    /// Whether the blocks are at hand without making anything.
    pub fn is_ready(&self) -> bool {
        self.source.is_none() || self.blocks.get().is_some()
    }

    /// Whether any block is a pull quote.
    pub fn has_pullquote(&self) -> bool {
        self.blocks()
            .iter()
            .any(|b| matches!(b, Block::PullQuote { .. }))
    }
}

impl From<Vec<Block>> for Body {
    fn from(blocks: Vec<Block>) -> Body {
        Body {
            blocks: std::sync::OnceLock::from(blocks),
            source: None,
        }
    }
}

/// Bodies compare by their blocks.
impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        self.blocks() == other.blocks()
    }
}

impl PartialEq<Vec<Block>> for Body {
    fn eq(&self, other: &Vec<Block>) -> bool {
        self.blocks() == other.as_slice()
    }
}

impl std::ops::Deref for Body {
    type Target = [Block];
    fn deref(&self) -> &[Block] {
        self.blocks()
    }
}

impl Article {
    /// Whether any block of the body is a pull quote (the list shows a mark).
    pub fn has_pullquote(&self) -> bool {
        if let Some(known) = self.pullquote_known() {
            return known;
        }
        let body = &self.detail().body;
        // The list asks for every row it shows: a huge HTML body is not
        // converted just for the mark (it shows once the article is
        // opened).
        if body.html_len() > LAZY_MARK_LIMIT {
            return false;
        }
        body.has_pullquote()
    }

    /// Whether the body has a pull quote, when that is known without
    /// reading the detail or converting HTML.
    pub fn pullquote_known(&self) -> Option<bool> {
        match self.detail_if_ready() {
            Some(detail) => detail.body.is_ready().then(|| detail.body.has_pullquote()),
            None => match &self.detail.source {
                Some((source, index)) => source.has_pullquote(*index),
                None => Some(false),
            },
        }
    }

    /// How much readable text there is (title excluded), for reading time.
    pub fn reading_load(&self) -> ReadingLoad {
        let detail = self.detail();
        *detail.words.get_or_init(|| {
            let mut load = detail
                .lede()
                .map_or_else(ReadingLoad::default, ReadingLoad::of);
            for block in detail.body.blocks().iter() {
                load.add(block.reading_load());
            }
            load
        })
    }

    /// Minutes to read the article: see [`ReadingLoad::minutes`].
    pub fn reading_minutes(&self) -> usize {
        self.reading_load().minutes()
    }
}

/// Words read per minute, for the reading time.
pub const WORDS_PER_MINUTE: usize = 200;
/// CJK characters read per minute, for the reading time.
pub const CJK_CHARS_PER_MINUTE: usize = 500;

/// How much there is to read: words, and CJK characters (Han, Hiragana,
/// Katakana, Hangul), which are counted one by one, as CJK text has no
/// spaces between its words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadingLoad {
    pub words: usize,
    pub cjk: usize,
}

impl ReadingLoad {
    /// The load of `text`: each CJK character, and each run of other
    /// characters between spaces, CJK characters and CJK punctuation.
    pub fn of(text: &str) -> ReadingLoad {
        let mut load = ReadingLoad::default();
        let mut in_word = false;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // ASCII, most of most text, is read a byte at a time: a long
            // article's first frame waits for this count.
            let b = bytes[i];
            if b.is_ascii() {
                i += 1;
                if matches!(b, b'\t'..=b'\r' | b' ') {
                    in_word = false;
                } else if !in_word {
                    load.words += 1;
                    in_word = true;
                }
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            load.count(c, &mut in_word);
        }
        load
    }

    /// Counts one character: a CJK character by itself; a space or CJK
    /// punctuation ends a word; any other character starts one, unless
    /// `in_word` already.
    fn count(&mut self, c: char, in_word: &mut bool) {
        if is_cjk(c) {
            self.cjk += 1;
            *in_word = false;
        } else if c.is_whitespace() || is_cjk_punctuation(c) {
            *in_word = false;
        } else if !*in_word {
            self.words += 1;
            *in_word = true;
        }
    }

    pub fn add(&mut self, other: ReadingLoad) {
        self.words += other.words;
        self.cjk += other.cjk;
    }

    /// Minutes to read: words at 200 a minute plus CJK characters at 500
    /// a minute, rounded up, at least one.
    pub fn minutes(self) -> usize {
        // words / 200 + cjk / 500, over a common denominator.
        let per_word = CJK_CHARS_PER_MINUTE;
        let per_char = WORDS_PER_MINUTE;
        (self.words.saturating_mul(per_word))
            .saturating_add(self.cjk.saturating_mul(per_char))
            .div_ceil(WORDS_PER_MINUTE * CJK_CHARS_PER_MINUTE)
            .max(1)
    }
}

/// Han (with its extensions and compatibility forms), Hiragana, Katakana
/// (with half-width forms) and Hangul.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F // Hiragana
        | 0x30A0..=0x30FF // Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // Han extension A
        | 0x4E00..=0x9FFF // Han
        | 0xF900..=0xFAFF // Han compatibility
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x1100..=0x11FF // Hangul Jamo
        | 0x3130..=0x318F // Hangul compatibility Jamo
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0x20000..=0x3134F // Han extensions B to H
    )
}

/// CJK punctuation and full-width forms that are not letters (`。`, `、`,
/// `「`, `！`): they separate, and are not words of their own.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFE30..=0xFE4F)
        || (matches!(c as u32, 0xFF00..=0xFFEF) && !c.is_alphanumeric())
}

/// A date as written in the archive, with a sort key when it could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    /// The text exactly as the archive wrote it (sanitized).
    pub text: Text,
    /// Seconds since 1970-01-01T00:00:00Z, when the date parsed.
    pub key: Option<i64>,
    /// `YYYY-MM-DD` for display, when the date parsed (the local calendar day
    /// written in the archive, offset ignored).
    pub day: Option<Text>,
}

impl Date {
    /// What the list and the reader show: the calendar day, or the text as
    /// written when it did not parse.
    pub fn display(&self) -> &str {
        self.day.as_deref().unwrap_or(&self.text)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub role: Option<String>,
    pub bio: Option<String>,
    pub url: Option<String>,
}

/// A related link: resolved to an article of the archive when its id or
/// title matches, otherwise shown as the text written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub text: String,
    pub target: Option<usize>,
}

/// How an inline run is set. v1 archives only produce `Plain`; imported
/// HTML formats produce the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunStyle {
    Plain,
    Emphasis,
    Strong,
    Code,
    Link(String),
    /// A mark lektyr adds when laying text out, such as a link's number;
    /// never read from an archive.
    Mark,
}

/// A stretch of text in one style. A `\n` inside `text` is a hard line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub style: RunStyle,
}

/// Rich text: a sequence of runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rich {
    pub runs: Vec<Run>,
}

impl Rich {
    pub fn plain(text: impl Into<String>) -> Self {
        Rich {
            runs: vec![Run {
                text: text.into(),
                style: RunStyle::Plain,
            }],
        }
    }

    /// The text with styles dropped.
    pub fn to_plain(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(|r| r.text.is_empty())
    }

    fn reading_load(&self) -> ReadingLoad {
        ReadingLoad::of(&self.to_plain())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Rich),
    Heading {
        level: u8,
        text: Rich,
    },
    PullQuote {
        text: Rich,
        cite: Option<String>,
    },
    Quote {
        text: Rich,
        cite: Option<String>,
    },
    Image {
        src: Option<String>,
        alt: Option<String>,
        caption: Option<String>,
    },
    List {
        items: Vec<Rich>,
        ordered: bool,
    },
    /// Preformatted text; tabs already expanded.
    Code(String),
    Rule,
}

/// One field of a block's source text: rich text (a paragraph, a quote's
/// text, a list item) or plain (a cite, an alt text, a caption, code).
#[derive(Debug, Clone, Copy)]
pub enum Field<'a> {
    Rich(&'a Rich),
    Plain(&'a str),
}

impl Field<'_> {
    /// Bytes of the field's text.
    pub fn len(&self) -> usize {
        match self {
            Field::Rich(r) => r.runs.iter().map(|r| r.text.len()).sum(),
            Field::Plain(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Block {
    /// The block's fields in reading order, each with where it starts in
    /// the block's source text ([`Block::source`]): the fields joined by
    /// `\n`. The one definition of a block's text: search reads it, the
    /// layout maps the screen to it, and highlights point into it.
    pub fn fields(&self) -> Vec<(usize, Field<'_>)> {
        let mut out: Vec<Field<'_>> = Vec::with_capacity(2);
        match self {
            Block::Paragraph(t) | Block::Heading { text: t, .. } => out.push(Field::Rich(t)),
            Block::PullQuote { text, cite } | Block::Quote { text, cite } => {
                out.push(Field::Rich(text));
                out.extend(cite.as_deref().map(Field::Plain));
            }
            Block::Image { alt, caption, .. } => {
                out.extend(alt.as_deref().map(Field::Plain));
                out.extend(caption.as_deref().map(Field::Plain));
            }
            Block::List { items, .. } => out.extend(items.iter().map(Field::Rich)),
            Block::Code(code) => out.push(Field::Plain(code)),
            Block::Rule => {}
        }
        let mut at = 0;
        out.into_iter()
            .map(|f| {
                let start = at;
                at += f.len() + 1;
                (start, f)
            })
            .collect()
    }

    /// The block's source text: its fields joined by `\n`.
    pub fn source(&self) -> String {
        let mut text = String::new();
        for (i, (_, field)) in self.fields().into_iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            match field {
                Field::Rich(r) => r.runs.iter().for_each(|r| text.push_str(&r.text)),
                Field::Plain(s) => text.push_str(s),
            }
        }
        text
    }

    fn reading_load(&self) -> ReadingLoad {
        let of = |s: Option<&str>| s.map_or_else(ReadingLoad::default, ReadingLoad::of);
        let mut load = ReadingLoad::default();
        match self {
            Block::Paragraph(t) | Block::Heading { text: t, .. } => load = t.reading_load(),
            Block::PullQuote { .. } => {} // repeats body text; not read twice
            Block::Quote { text, cite } => {
                load = text.reading_load();
                load.add(of(cite.as_deref()));
            }
            Block::Image { caption, .. } => load = of(caption.as_deref()),
            Block::List { items, .. } => items.iter().for_each(|i| load.add(i.reading_load())),
            Block::Code(s) => load = ReadingLoad::of(s),
            Block::Rule => {}
        }
        load
    }
}

/// A problem found while loading. `pointer` is a JSON pointer into the
/// archive (e.g. `/articles/17/date`); `line`/`column` (1-based) are filled
/// in when the source text is at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
    /// Index of the article the problem belongs to, if any.
    pub article: Option<usize>,
    pub line: usize,
    pub column: usize,
}

impl Archive {
    /// Number of distinct articles with at least one problem.
    pub fn articles_with_problems(&self) -> usize {
        let mut seen: Vec<usize> = self.problems.iter().filter_map(|p| p.article).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// Finds a topic by name, as `--topic` names it: trimmed, any case.
    pub fn find_topic(&self, name: &str) -> Option<usize> {
        let key = name.trim().to_lowercase();
        self.topics.iter().position(|t| t.key == key)
    }

    /// The key article `i`'s remembered state is kept under: its id, or in
    /// a library of several archives `SOURCE:ID` (each source's own state
    /// file has the plain id).
    pub fn state_key(&self, i: usize) -> std::borrow::Cow<'_, str> {
        let id = self.articles.get(i).map_or("", |a| a.id.as_str());
        match self.sources.label_of(i) {
            Some(label) => std::borrow::Cow::Owned(format!("{label}:{id}")),
            None => std::borrow::Cow::Borrowed(id),
        }
    }

    /// Finds an article by the key its state is kept under
    /// ([`Archive::state_key`]).
    pub fn find_state_key(&self, key: &str) -> Option<usize> {
        if !self.sources.is_library() {
            return self.find_id(key);
        }
        let (label, id) = key.split_once(':')?;
        let s = self.sources.labels.iter().position(|l| l == label)?;
        self.articles
            .iter()
            .enumerate()
            .position(|(i, a)| self.sources.of(i) == s && a.id == id)
    }

    /// Finds an article by id.
    pub fn find_id(&self, id: &str) -> Option<usize> {
        self.articles.iter().position(|a| a.id == id)
    }
}

/// An article's imported highlights: most articles have none, and a
/// million of them hold a pointer's room for that, not a whole list's.
/// Reads and changes as a `Vec`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[expect(
    clippy::box_collection,
    reason = "one pointer in every article, the list only in the few with highlights"
)]
pub struct Highlights(Option<Box<Vec<super::highlight::Highlight>>>);

/// What an article without highlights reads as.
static NO_HIGHLIGHTS: Vec<super::highlight::Highlight> = Vec::new();

impl std::ops::Deref for Highlights {
    type Target = Vec<super::highlight::Highlight>;
    fn deref(&self) -> &Self::Target {
        self.0.as_deref().unwrap_or(&NO_HIGHLIGHTS)
    }
}

impl std::ops::DerefMut for Highlights {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.get_or_insert_with(Box::default)
    }
}

impl<'a> IntoIterator for &'a Highlights {
    type Item = &'a super::highlight::Highlight;
    type IntoIter = std::slice::Iter<'a, super::highlight::Highlight>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl From<Vec<super::highlight::Highlight>> for Highlights {
    fn from(list: Vec<super::highlight::Highlight>) -> Highlights {
        Highlights((!list.is_empty()).then(|| Box::new(list)))
    }
}

impl PartialEq<Vec<super::highlight::Highlight>> for Highlights {
    fn eq(&self, other: &Vec<super::highlight::Highlight>) -> bool {
        **self == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The count a character at a time, without the ASCII fast path.
    fn by_chars(text: &str) -> ReadingLoad {
        let mut load = ReadingLoad::default();
        let mut in_word = false;
        for c in text.chars() {
            load.count(c, &mut in_word);
        }
        load
    }

    proptest! {
        #[test]
        fn the_ascii_fast_path_counts_as_the_definition_does(
            text in "[ a-zA-Z.,\t\n\u{b}\u{c}\r\u{a0}\u{3000}、。é日本語한국カタ\u{2009}-]{0,80}"
        ) {
            prop_assert_eq!(ReadingLoad::of(&text), by_chars(&text));
        }
    }
}
