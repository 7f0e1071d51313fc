//! The format-neutral half of loading. Every format's reader hands its
//! articles to a [`Builder`], which owns what all formats share: topic
//! interning, the problem list with JSON pointers, and the normalisation
//! after the last article (ids, related links, list order, problem
//! positions). A reader only maps its own fields.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::date::{DateError, Rules, parse_date_as};
use super::format::Format;
use super::json::prose_text;
use super::json::{Json, Loose, quote};
use super::locate::{Pos, locate, push_index, push_segment};
use super::model::{Archive, Article, Block, Date, DetailSource, Problem, Related, Rich, Topic};
use super::sanitize::{has_byte, prose};

/// The title shown for an article without a usable one.
pub(crate) const UNTITLED: &str = "(untitled)";

/// Why the load stops although the JSON is well formed.
#[derive(Debug)]
pub(crate) enum Fatal {
    NotAnArchive {
        found: String,
        expected: String,
        pointer: Option<String>,
    },
    Version {
        found: String,
    },
}

/// What the builder keeps about an article besides the model itself.
/// (Related entries wait in the article's detail with no target until all
/// articles are in.)
#[derive(Debug)]
pub(crate) struct Extra {
    /// Index of the article in the source array (for pointers); `None` for
    /// a file that is one article.
    pub src: Option<usize>,
    /// The id as written, when it was usable.
    pub id: Option<String>,
}

/// Takes an article's related entries, settled, for the source its
/// detail is read again from, by the article's index in the source array.
pub(crate) struct Settle(pub Box<dyn Fn(usize, Vec<Related>) + Send>);

/// One step of a pointer below an article.
#[derive(Clone, Copy)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where problems of the article being read go.
#[derive(Clone, Copy)]
pub(crate) struct At {
    pub src: Option<usize>,
    pub article: Option<usize>,
}

/// A field read leniently from JSON (see [`Loose`]) whose value of the
/// wrong type becomes a problem here.
impl<T> Loose<T> {
    /// The value; a value of another type becomes a problem at `path`
    /// ("`key` should be WANTED; found …; ignored").
    pub fn take(self, b: &mut Builder, at: At, path: &[Seg<'_>], wanted: &str) -> Option<T> {
        match self {
            Loose::Got(t) => Some(t),
            Loose::Missing => None,
            Loose::Wrong(found) => {
                let key = match path.last() {
                    Some(Seg::Key(k)) => format!("`{k}`"),
                    _ => "this value".to_string(),
                };
                b.problem(
                    at,
                    path,
                    format!(
                        "{key} should be {wanted}; found {}; ignored",
                        found.describe()
                    ),
                );
                None
            }
        }
    }
}

/// What a [`Tap`] is handed: copies of the articles read since the last
/// batch (a copy shares its detail), every topic so far, and the
/// archive's title once read.
pub struct Batch<'a> {
    /// Copies, with their ids as written (an article without one, or
    /// with one repeated, gets its final id when the load ends).
    pub articles: Vec<Article>,
    pub topics: &'a [Topic],
    pub title: Option<&'a str>,
}

/// Sees the articles as they are read, in batches (the reader shows rows
/// while the file is still being read). The articles are final but for
/// their ids and related links, which are settled after the last one.
pub struct Tap {
    /// Articles in a batch (the first batch is smaller, to show rows soon).
    pub every: usize,
    pub f: Box<dyn FnMut(Batch<'_>) + Send>,
}

impl std::fmt::Debug for Tap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tap").field("every", &self.every).finish()
    }
}

/// Collects articles, topics and problems from one format's reader.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    /// Sees the articles as they come, if set.
    pub tap: Option<Tap>,
    /// Articles the tap has seen.
    tapped: usize,
    /// Pointer of the articles array: `/articles`, `/items` or empty.
    pub root: &'static str,
    pub title: Option<String>,
    articles: Vec<Article>,
    extra: Vec<Extra>,
    topics: Vec<Topic>,
    topic_index: HashMap<String, usize>,
    scratch: String,
    /// Problems with line and column still 0.
    problems: Vec<Problem>,
    /// Problems said once per file (see [`Builder::problem_once`]): what
    /// each is about, and its index in `problems`.
    told: Vec<(&'static str, usize)>,
    pub fatal: Option<Fatal>,
    /// The format being read.
    pub format: Format,
    /// Whether a site's pages are read as articles (Ghost `--pages`).
    pub pages: bool,
    /// Where the related entries of details left in the file go once
    /// settled.
    pub settle: Option<Settle>,
    /// The related entries of articles whose detail was left in the file
    /// (see [`Builder::leave_details`]), by article index.
    related: Vec<(usize, Vec<Related>)>,
}

impl std::fmt::Debug for Settle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Settle(..)")
    }
}

impl Builder {
    /// Room for `n` more articles.
    pub fn reserve(&mut self, n: usize) {
        self.articles.reserve(n);
        self.extra.reserve(n);
    }

    /// Where the next article's problems go; `src` is its index in the
    /// source array.
    pub fn next_at(&self, src: Option<usize>) -> At {
        At {
            src,
            article: Some(self.articles.len()),
        }
    }

    /// Adds a finished article. `id` is the id as written, if usable.
    pub fn push(&mut self, at: At, article: Article, id: Option<String>) {
        self.push_extra(article, Extra { src: at.src, id });
    }

    fn push_extra(&mut self, article: Article, extra: Extra) {
        self.articles.push(article);
        self.extra.push(extra);
        if let Some(tap) = &mut self.tap {
            let fresh = self.articles.len() - self.tapped;
            if fresh >= tap.every || (self.tapped == 0 && fresh >= tap.every.min(64)) {
                let copies = self
                    .articles
                    .iter()
                    .zip(&self.extra)
                    .enumerate()
                    .skip(self.tapped)
                    .map(|(i, (a, e))| {
                        let mut copy = a.clone();
                        copy.id = e.id.clone().unwrap_or_else(|| format!("#{}", i + 1)).into();
                        copy
                    })
                    .collect();
                (tap.f)(Batch {
                    articles: copies,
                    topics: &self.topics,
                    title: self.title.as_deref(),
                });
                self.tapped = self.articles.len();
            }
        }
    }

    pub fn pointer(&self, src: Option<usize>, path: &[Seg<'_>]) -> String {
        let mut p = String::with_capacity(self.root.len() + 32);
        p.push_str(self.root);
        if let Some(src) = src {
            push_index(&mut p, src);
        }
        for seg in path {
            match seg {
                Seg::Key(k) => push_segment(&mut p, k),
                Seg::Index(i) => push_index(&mut p, *i),
            }
        }
        p
    }

    /// Takes in what another builder read from a later piece of the same
    /// file: its articles follow this one's, its topics are matched to
    /// this one's (first spelling seen stays), its problems move along.
    pub fn absorb(&mut self, other: Builder) {
        let map: Vec<usize> = other
            .topics
            .into_iter()
            .map(|t| match self.topic_index.get(&t.key) {
                Some(&i) => i,
                None => {
                    let i = self.topics.len();
                    self.topic_index.insert(t.key.clone(), i);
                    self.topics.push(t);
                    i
                }
            })
            .collect();
        let base = self.articles.len();
        for (i, mut p) in other.problems.into_iter().enumerate() {
            // What is said once per file was said by the first piece that
            // met it.
            if let Some(&(about, _)) = other.told.iter().find(|&&(_, at)| at == i) {
                if self.told.iter().any(|&(t, _)| t == about) {
                    continue;
                }
                self.told.push((about, self.problems.len()));
            }
            p.article = p.article.map(|a| a + base);
            self.problems.push(p);
        }
        self.reserve(other.articles.len());
        let related = other.related.into_iter().map(|(i, r)| (i + base, r));
        self.related.extend(related);
        for (mut a, e) in other.articles.into_iter().zip(other.extra) {
            for t in &mut a.topics {
                *t = map.get(*t).copied().unwrap_or(*t);
            }
            self.push_extra(a, e);
        }
    }

    /// Leaves the detail of each article read so far to be read again from
    /// `source` (a big file read in pieces), by the article's index in the
    /// source array: the article keeps what the list shows, and its
    /// related entries wait here to be settled (see [`Builder::settle`]).
    /// `seen` is told each article's index and whether it has a pull quote.
    pub fn leave_details(
        &mut self,
        source: &std::sync::Arc<dyn DetailSource>,
        mut seen: impl FnMut(usize, Option<bool>),
    ) {
        for (i, (a, e)) in self.articles.iter_mut().zip(&self.extra).enumerate() {
            let Some(src) = e.src else { continue };
            // Known for blocks; an HTML body is not converted for it.
            seen(src, a.pullquote_known());
            let detail = a.take_detail();
            a.url_hash = super::url::key(detail.url.as_deref());
            let related = detail.related;
            if !related.is_empty() {
                self.related.push((i, related));
            }
            *a = std::mem::take(a).with_source(std::sync::Arc::clone(source), src);
        }
    }

    /// Puts the ids, titles and dates of the articles read so far (a piece
    /// of a big file) into one string they share: one allocation for the
    /// piece instead of three or four for each article, and a copy of an
    /// article (a row shown while the file is still read) copies no text.
    pub fn share_texts(&mut self) {
        let mut texts = Vec::with_capacity(self.articles.len() * 4);
        for a in &mut self.articles {
            let Article {
                id, title, date, ..
            } = a;
            texts.push(id);
            texts.push(title);
            if let Some(date) = date {
                texts.push(&mut date.text);
                texts.extend(date.day.as_mut());
            }
        }
        super::text::share(texts);
    }

    /// The articles read so far.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// The articles read so far, to change.
    pub fn articles_mut(&mut self) -> &mut [Article] {
        &mut self.articles
    }

    /// A problem at `path` below the article `at`.
    pub fn problem(&mut self, at: At, path: &[Seg<'_>], message: String) {
        let pointer = self.pointer(at.src, path);
        self.problems.push(Problem {
            pointer,
            message,
            article: at.article,
            line: 0,
            column: 0,
        });
    }

    /// A problem said once per file however often it occurs: `about`
    /// names it; after the first, the same `about` is passed over. (A
    /// builder reading a later piece of the file says it again, and
    /// [`absorb`](Self::absorb) drops the repeat.)
    pub fn problem_once(
        &mut self,
        about: &'static str,
        at: At,
        path: &[Seg<'_>],
        message: impl FnOnce() -> String,
    ) {
        if self.told.iter().any(|&(t, _)| t == about) {
            return;
        }
        self.told.push((about, self.problems.len()));
        self.problem(at, path, message());
    }

    /// A problem of the file as a whole, at an absolute pointer.
    pub fn file_problem(&mut self, pointer: &str, message: String) {
        self.problems.push(Problem {
            pointer: pointer.to_string(),
            message,
            article: None,
            line: 0,
            column: 0,
        });
    }

    /// The index of a topic, adding it on first sight. Topics match
    /// case-insensitively; the first spelling is the one displayed.
    pub fn intern(&mut self, name: &str) -> usize {
        // ASCII keys are lower-cased into a reused buffer: most topics repeat.
        let mut scratch = std::mem::take(&mut self.scratch);
        let key: &str = if !name.is_ascii() {
            scratch = name.to_lowercase();
            &scratch
        } else if name.bytes().any(|b| b.is_ascii_uppercase()) {
            scratch.clear();
            scratch.push_str(name);
            scratch.make_ascii_lowercase();
            &scratch
        } else {
            name
        };
        let i = match self.topic_index.get(key) {
            Some(&i) => i,
            None => {
                let i = self.topics.len();
                self.topic_index.insert(key.to_string(), i);
                self.topics.push(Topic {
                    name: name.to_string(),
                    key: key.to_string(),
                });
                i
            }
        };
        self.scratch = scratch;
        i
    }

    /// Adds the topic `name` (sanitized, one line) to an article's topics,
    /// once. Blank names are passed over.
    pub fn add_topic(&mut self, topics: &mut TopicSet, name: &str) {
        let name = name.trim();
        if !name.is_empty() {
            let t = self.intern(name);
            topics.insert(t);
        }
    }

    /// A date read from text (sanitized) at `path`; one that does not parse
    /// is kept as written, sorts last and is a problem.
    pub fn date(&mut self, at: At, path: &[Seg<'_>], text: String, rules: Rules) -> Date {
        let (date, err) = parse_date_as(text, rules);
        if let Some(err) = err {
            let why = match err {
                DateError::Shape => "is not YYYY-MM-DD or an RFC 3339 date-time \
                     like 2024-03-05T14:30:00Z"
                    .to_string(),
                DateError::Value(why) => format!("is not a real date: {why}"),
            };
            self.problem(
                at,
                path,
                format!(
                    "date \"{}\" {why}; the article sorts last",
                    quote(&date.text)
                ),
            );
        }
        date
    }

    /// An optional text field: text that is not blank, or a problem.
    pub fn text_field(&mut self, at: At, path: &[Seg<'_>], v: Json) -> Option<String> {
        match v {
            Json::Str(s) if s.trim().is_empty() => None,
            Json::Str(s) => Some(s),
            Json::Null => None,
            other => {
                let key = match path.last() {
                    Some(Seg::Key(k)) => format!("`{k}`"),
                    _ => "this value".to_string(),
                };
                self.problem(
                    at,
                    path,
                    format!("{key} should be text; found {}; ignored", other.describe()),
                );
                None
            }
        }
    }

    /// Everything after reading: ids, related links, order, problem
    /// positions. `source` gives the text the archive was read from; it is
    /// asked for only when there are problems to place.
    pub fn finish<'t>(self, source: impl FnOnce() -> Option<Cow<'t, str>>) -> Archive {
        let Builder {
            root,
            title,
            format,
            mut articles,
            mut extra,
            topics,
            mut problems,
            settle,
            related,
            ..
        } = self;
        assign_ids(root, &mut articles, &mut extra, &mut problems);
        for a in &mut articles {
            if a.url_hash == 0
                && let Some(d) = a.detail_if_ready()
            {
                a.url_hash = super::url::key(d.url.as_deref());
            }
        }
        resolve_related(&mut articles, &extra, related, settle.as_ref());

        // Newest first; undated and unparsable last, in file order (stable sort).
        let mut order: Vec<usize> = (0..articles.len()).collect();
        order.sort_by_key(
            |&i| match articles.get(i).and_then(|a| a.date.as_ref()?.key) {
                Some(k) => (0, std::cmp::Reverse(k)),
                None => (1, std::cmp::Reverse(0)),
            },
        );

        if !problems.is_empty() {
            let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
            let text = source().unwrap_or_default();
            let found = locate(&text, root, &pointers);
            for (p, pos) in problems.iter_mut().zip(found) {
                let Pos { line, column } = pos.unwrap_or_default();
                p.line = line;
                p.column = column;
            }
            problems.sort_by_key(|p| (p.line, p.column));
        }

        Archive {
            title,
            format,
            articles,
            topics,
            order,
            problems,
            series: None,
            sources: Default::default(),
        }
    }
}

/// Plain-text body: blank lines separate paragraphs, a single newline is a
/// line break inside one.
pub(crate) fn paragraphs(s: String, out: &mut Vec<Block>) {
    if !has_byte(&s, b'\n') {
        let s = prose_text(s);
        if !s.is_empty() {
            out.push(Block::Paragraph(Rich::plain(s)));
        }
        return;
    }
    let s = prose(s);
    let mut para = String::new();
    for line in s.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            if !para.is_empty() {
                out.push(Block::Paragraph(Rich::plain(std::mem::take(&mut para))));
            }
        } else {
            if !para.is_empty() {
                para.push('\n');
            }
            para.push_str(line);
        }
    }
    if !para.is_empty() {
        out.push(Block::Paragraph(Rich::plain(para)));
    }
}

/// An article's topics without repeats, in the order first given. A linear
/// search is fastest for the usual handful; past [`LINEAR_TOPICS`] a set
/// keeps 100,000 topics from being quadratic.
#[derive(Debug, Default)]
pub(crate) struct TopicSet {
    list: Vec<usize>,
    seen: HashSet<usize>,
}

/// Topics per article searched linearly before `TopicSet::seen` is used.
const LINEAR_TOPICS: usize = 32;

impl TopicSet {
    pub fn insert(&mut self, t: usize) {
        let new = if self.list.len() < LINEAR_TOPICS {
            !self.list.contains(&t)
        } else {
            if self.seen.is_empty() {
                self.seen.extend(self.list.iter().copied());
            }
            self.seen.insert(t)
        };
        if new {
            self.list.push(t);
        }
    }

    pub fn into_vec(self) -> Vec<usize> {
        self.list
    }
}

/// A pointer to the article at source index `src` below `root`.
fn article_pointer(root: &str, src: Option<usize>) -> String {
    let mut p = root.to_string();
    if let Some(src) = src {
        push_index(&mut p, src);
    }
    p
}

/// Ids: the ones written win, in file order; repeats and missing ones get
/// the first free `-2`, `-3`… suffix.
fn assign_ids(
    root: &str,
    articles: &mut [Article],
    extra: &mut [Extra],
    problems: &mut Vec<Problem>,
) {
    // The usual archive: every id written, none repeated. Move them in.
    let mut seen: HashSet<&str> = HashSet::with_capacity(extra.len());
    let all_unique = extra
        .iter()
        .all(|e| e.id.as_deref().is_some_and(|id| seen.insert(id)));
    drop(seen);
    if all_unique {
        for (article, e) in articles.iter_mut().zip(extra.iter_mut()) {
            article.id = e.id.take().unwrap_or_default().into();
        }
        return;
    }

    let mut ids = Ids {
        written: extra.iter().filter_map(|e| e.id.as_deref()).collect(),
        taken: HashMap::with_capacity(articles.len()),
        next: HashMap::new(),
    };
    for (i, (article, e)) in articles.iter_mut().zip(extra.iter()).enumerate() {
        let Some(id) = &e.id else { continue };
        if let Some(&first) = ids.taken.get(id.as_str()) {
            let new = ids.free(id);
            let mut pointer = article_pointer(root, e.src);
            push_segment(&mut pointer, "id");
            problems.push(Problem {
                pointer,
                message: format!(
                    "id \"{}\" is already used by {}; this article gets \"{}\"",
                    quote(id),
                    article_pointer(root, first),
                    quote(&new)
                ),
                article: Some(i),
                line: 0,
                column: 0,
            });
            article.id = new.into();
        } else {
            article.id = id.clone().into();
        }
        ids.taken.insert(article.id.to_string(), e.src);
    }
    for (article, e) in articles.iter_mut().zip(extra.iter()) {
        if e.id.is_some() {
            continue;
        }
        let base = slug(&article.title);
        article.id = if ids.is_used(&base) {
            ids.free(&base).into()
        } else {
            base.into()
        };
        ids.taken.insert(article.id.to_string(), e.src);
    }
}

/// Related entries: an article id first, then a title compared without
/// case; otherwise the text stays, with no target. `waiting` holds the
/// entries of details left in the file, which go to `settle` once settled.
fn resolve_related(
    articles: &mut [Article],
    extra: &[Extra],
    mut waiting: Vec<(usize, Vec<Related>)>,
    settle: Option<&Settle>,
) {
    // All entries in one place: those of details at hand join the ones
    // waiting.
    for (i, a) in articles.iter_mut().enumerate() {
        if a.detail_if_ready().is_some_and(|d| !d.related.is_empty()) {
            waiting.push((i, std::mem::take(&mut a.detail_mut().related)));
        }
    }
    if waiting.is_empty() {
        return;
    }
    let articles_read = &*articles;
    if articles.len() < SETTLE_ON_TWO_THREADS
        || settle_on_two_threads(articles_read, &mut waiting).is_none()
    {
        let by_id = id_index(articles_read);
        // Built only if some entry is not an id.
        let mut by_title = None;
        for r in waiting.iter_mut().flat_map(|(_, r)| r) {
            settle_one(r, articles_read, &by_id, || {
                &*by_title.get_or_insert_with(|| TitleIndex::new(articles_read))
            });
        }
    }
    // Back where they belong.
    for (i, related) in waiting {
        let src = extra.get(i).and_then(|e| e.src);
        let Some(a) = articles.get_mut(i) else {
            continue;
        };
        match (a.detail_if_ready(), settle, src) {
            (None, Some(settle), Some(src)) => (settle.0)(src, related),
            _ => a.detail_mut().related = related,
        }
    }
}

/// From this many articles on, related entries are settled on two threads:
/// the two indexes are built side by side, and each thread looks up half
/// the entries (100,000 articles with 35,000 entries took 70 ms on one, a
/// serial stretch at the end of reading a big file).
const SETTLE_ON_TWO_THREADS: usize = 20_000;

/// Settles `waiting` on two threads; `None` when a thread could not be
/// started (nothing is settled then).
fn settle_on_two_threads(
    articles: &[Article],
    waiting: &mut [(usize, Vec<Related>)],
) -> Option<()> {
    let (by_id, by_title) = std::thread::scope(|s| {
        let titles = std::thread::Builder::new()
            .spawn_scoped(s, || TitleIndex::new(articles))
            .ok()?;
        let by_id = id_index(articles);
        Some((by_id, titles.join().ok()?))
    })?;
    let (by_id, by_title) = (&by_id, &by_title);
    let settle_all = move |half: &mut [(usize, Vec<Related>)]| {
        for r in half.iter_mut().flat_map(|(_, r)| r) {
            settle_one(r, articles, by_id, || by_title);
        }
    };
    let (first, second) = waiting.split_at_mut(waiting.len() / 2);
    std::thread::scope(|s| {
        let other = std::thread::Builder::new()
            .spawn_scoped(s, move || settle_all(first))
            .ok()?;
        settle_all(second);
        other.join().ok()
    })
}

/// Each id's first article.
fn id_index(articles: &[Article]) -> HashMap<&str, usize> {
    let mut by_id = HashMap::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        by_id.entry(a.id.as_str()).or_insert(i);
    }
    by_id
}

/// Points `r` at the article it names by id, else by title; a target's
/// title replaces the text.
fn settle_one<'t>(
    r: &mut Related,
    articles: &[Article],
    by_id: &HashMap<&str, usize>,
    by_title: impl FnOnce() -> &'t TitleIndex,
) {
    let target = by_id
        .get(r.text.as_str())
        .copied()
        .or_else(|| by_title().find(articles, &r.text));
    if let Some(title) = target.and_then(|t| articles.get(t)).map(|a| &a.title) {
        r.text = title.to_string();
    }
    r.target = target;
}

/// Titles by a key that equal-ignoring-case titles share, cheap to compute:
/// a hash of the ASCII characters lower-cased, passing over every other
/// character except the two whose lower case is ASCII (U+0130 and the
/// Kelvin sign), which count as `i` and `k`. Candidates are then compared
/// properly, so a shared key never gives a wrong match.
struct TitleIndex {
    /// Key → lowest article index with that key.
    heads: HashMap<u64, usize>,
    /// Article index → next higher index with the same key.
    next: Vec<Option<usize>>,
}

impl TitleIndex {
    fn new(articles: &[Article]) -> Self {
        let mut heads = HashMap::with_capacity(articles.len());
        let mut next = vec![None; articles.len()];
        // Backwards, so each chain runs in file order from its head.
        for (i, a) in articles.iter().enumerate().rev() {
            let previous = heads.insert(title_key(&a.title), i);
            if let Some(slot) = next.get_mut(i) {
                *slot = previous;
            }
        }
        TitleIndex { heads, next }
    }

    fn find(&self, articles: &[Article], text: &str) -> Option<usize> {
        let mut at = self.heads.get(&title_key(text)).copied();
        while let Some(i) = at {
            if articles.get(i).is_some_and(|a| same_folded(&a.title, text)) {
                return Some(i);
            }
            at = self.next.get(i).copied().flatten();
        }
        None
    }
}

fn title_key(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    let mut block = [0u8; 64];
    let mut rest = s.as_bytes();
    while !rest.is_empty() {
        let run = rest
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (ascii, tail) = rest.split_at(run);
        for chunk in ascii.chunks(block.len()) {
            if let Some(part) = block.get_mut(..chunk.len()) {
                part.copy_from_slice(chunk);
                part.make_ascii_lowercase();
                hasher.write(part);
            }
        }
        // Skip one non-ASCII character; the two whose lower case is ASCII
        // (U+0130 and the Kelvin sign) count as that letter.
        let (letter, len) = match tail {
            [0xc4, 0xb0, ..] => (Some(b'i'), 2),
            [0xe2, 0x84, 0xaa, ..] => (Some(b'k'), 3),
            [b, ..] if *b >= 0xf0 => (None, 4),
            [b, ..] if *b >= 0xe0 => (None, 3),
            [_, ..] => (None, 2),
            [] => (None, 0),
        };
        if let Some(letter) = letter {
            hasher.write(&[letter]);
        }
        rest = tail.get(len..).unwrap_or_default();
    }
    hasher.finish()
}

/// Calls `f` with each character of `s` lower-cased (ASCII without the
/// Unicode tables, which are slow per character).
fn for_each_folded(s: &str, mut f: impl FnMut(char)) {
    for c in s.chars() {
        if c.is_ascii() {
            f(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut f);
        }
    }
}

/// Whether `a` and `b` are equal ignoring case.
fn same_folded(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    let lower = |s: &str| {
        let mut v = Vec::with_capacity(s.len());
        for_each_folded(s, |c| v.push(c));
        v
    };
    lower(a) == lower(b)
}

/// Ids handed out so far, for suffixing repeats.
struct Ids<'a> {
    /// Every id written in the file: a suffix never takes one of these.
    written: HashSet<&'a str>,
    /// Id → source index of the article that has it.
    taken: HashMap<String, Option<usize>>,
    /// Per base, the suffix to try next, so a thousand repeats of one id
    /// cost a thousand steps, not half a million.
    next: HashMap<String, u64>,
}

impl Ids<'_> {
    fn is_used(&self, id: &str) -> bool {
        self.taken.contains_key(id) || self.written.contains(id)
    }

    fn free(&mut self, base: &str) -> String {
        let mut n = self.next.get(base).copied().unwrap_or(2);
        loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if !self.is_used(&candidate) {
                self.next.insert(base.to_string(), n);
                return candidate;
            }
        }
    }
}

/// An id made from a title: lower-case letters and digits joined by `-`,
/// at most 60 characters; `article` when nothing is left.
fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut gap = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if count >= 60 {
                break;
            }
            if gap && !out.is_empty() {
                out.push('-');
                count += 1;
            }
            gap = false;
            for l in c.to_lowercase() {
                out.push(l);
                count += 1;
            }
        } else {
            gap = true;
        }
    }
    if out.is_empty() {
        "article".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_entries_settle_alike_on_one_thread_and_on_two() {
        let n = SETTLE_ON_TWO_THREADS + 1_000;
        let articles: Vec<Article> = (0..n)
            .map(|i| Article {
                id: format!("a{i}").into(),
                // Every title twice: a title names its first article.
                title: format!("Title {}", i / 2).into(),
                ..Article::default()
            })
            .collect();
        let mut waiting: Vec<(usize, Vec<Related>)> = (0..n)
            .step_by(3)
            .map(|i| {
                let texts = [
                    format!("a{}", (i * 7) % n),
                    format!("TITLE {}", (i * 5) % (n / 2)),
                    format!("nothing {i}"),
                ];
                let entries = texts.into_iter().map(|text| Related { text, target: None });
                (i, entries.collect())
            })
            .collect();
        let mut alone = waiting.clone();
        let by_id = id_index(&articles);
        let by_title = TitleIndex::new(&articles);
        for r in alone.iter_mut().flat_map(|(_, r)| r) {
            settle_one(r, &articles, &by_id, || &by_title);
        }
        assert_eq!(settle_on_two_threads(&articles, &mut waiting), Some(()));
        assert_eq!(waiting, alone);
        // Ids, titles whatever their case, and nothing, as written.
        let (_, first) = &waiting[1];
        assert_eq!(first[0].target, Some(21));
        assert_eq!(
            (first[1].target, first[1].text.as_str()),
            (Some(30), "Title 15")
        );
        assert_eq!(
            (first[2].target, first[2].text.as_str()),
            (None, "nothing 3")
        );
    }

    #[test]
    fn title_keys_ignore_case() {
        assert_eq!(title_key("Hello World"), title_key("hELLO wORLD"));
        assert_eq!(title_key("ÅÄÖ İstanbul"), title_key("åäö i\u{307}stanbul"));
        assert_eq!(title_key("\u{212a}elvin"), title_key("kelvin"));
        assert!(same_folded("\u{212a}elvin", "KELVIN"));
        assert!(same_folded("ÅÄÖ", "åäö"));
        assert!(!same_folded("åäö", "aao"));
        // Only non-ASCII characters and i/k are left out of the key.
        for c in (0x80..=0x10ffff).filter_map(char::from_u32) {
            assert!(
                c.to_lowercase()
                    .all(|l| !l.is_ascii() || l == 'i' || l == 'k'),
                "{c:?}"
            );
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Hello, World!"), "hello-world");
        assert_eq!(slug("  Hallå   Världen "), "hallå-världen");
        assert_eq!(slug("!!!"), "article");
        assert!(slug(&"word ".repeat(40)).chars().count() <= 64);
    }
}
