//! The serde side of loading: seeds and visitors that read archive JSON
//! straight into the model, leniently. A value of the wrong type becomes a
//! problem with a pointer, never a failure; only a file that is not an
//! archive at all stops the load.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::date::{DateError, parse_date};
use super::locate::{push_index, push_segment};
use super::model::{Article, Author, Block, Problem, Related, Rich, Topic};
use super::sanitize::{expand_tabs, has_byte, one_line, one_line_ref, prose, sanitize};
use crate::width::truncate;

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

/// What the loader keeps about an article besides the model itself.
/// (Related entries wait in `Article::related` with no target until all
/// articles are in.)
#[derive(Debug)]
pub(crate) struct Extra {
    /// Index of the article in the source array (for pointers).
    pub src: usize,
    /// The id as written, when it was usable.
    pub id: Option<String>,
}

/// Everything the visitors fill in while reading.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    /// Pointer prefix of the articles array: `/articles` or empty.
    pub root: &'static str,
    pub title: Option<String>,
    pub articles: Vec<Article>,
    pub extra: Vec<Extra>,
    pub topics: Vec<Topic>,
    topic_index: HashMap<String, usize>,
    scratch: String,
    /// Problems with line and column still 0.
    pub problems: Vec<Problem>,
    pub fatal: Option<Fatal>,
}

/// One step of a pointer below an article.
#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

impl Ctx {
    fn pointer(&self, src: usize, path: &[Seg<'_>]) -> String {
        let mut p = String::with_capacity(self.root.len() + 32);
        p.push_str(self.root);
        push_index(&mut p, src);
        for seg in path {
            match seg {
                Seg::Key(k) => push_segment(&mut p, k),
                Seg::Index(i) => push_index(&mut p, *i),
            }
        }
        p
    }

    fn problem(&mut self, at: At, path: &[Seg<'_>], message: String) {
        let pointer = self.pointer(at.src, path);
        self.problems.push(Problem {
            pointer,
            message,
            article: at.article,
            line: 0,
            column: 0,
        });
    }

    /// The index of a topic, adding it on first sight. Topics match
    /// case-insensitively; the first spelling is the one displayed.
    fn intern(&mut self, name: &str) -> usize {
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
}

/// Where problems of the article being read go.
#[derive(Clone, Copy)]
struct At {
    src: usize,
    article: Option<usize>,
}

// ---------------------------------------------------------------------------
// Leaf values and wrong-type descriptions

/// A JSON value reduced to what a message needs. Strings are sanitized;
/// arrays and objects are skipped over and only named.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Array,
    Object,
}

impl Json {
    /// "the number 42", "an object", `the text "yes"`: quoted, sanitized, short.
    pub(crate) fn describe(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => format!("`{b}`"),
            Json::Int(n) => format!("the number {n}"),
            Json::Float(f) => format!("the number {f}"),
            Json::Str(s) if s.trim().is_empty() => "blank text".into(),
            Json::Str(s) => format!("the text \"{}\"", quote(s)),
            Json::Array => "an array".into(),
            Json::Object => "an object".into(),
        }
    }

    /// A whole number, also when written as `3.0`.
    fn as_int(&self) -> Option<i128> {
        match *self {
            Json::Int(n) => Some(n),
            Json::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 => {
                Some(f as i128)
            }
            _ => None,
        }
    }
}

/// A value quoted in a message: one line, at most 40 cells.
pub(crate) fn quote(s: &str) -> String {
    truncate(&one_line(s.to_string()), 40)
}

fn owned_clean(s: &str) -> String {
    sanitize(s).into_owned()
}

fn clean_string(s: String) -> String {
    match sanitize(&s) {
        std::borrow::Cow::Owned(o) => o,
        std::borrow::Cow::Borrowed(_) => s,
    }
}

/// Prose as stored: tabs as spaces, no blank edges (indentation means
/// nothing in wrapped text).
fn prose_text(s: String) -> String {
    let s = prose(s);
    let t = s.trim();
    if t.len() == s.len() { s } else { t.to_string() }
}

/// Skips a value. Unlike serde's `IgnoredAny` it descends through
/// `deserialize_any`, so serde_json's nesting limit holds everywhere and an
/// absurdly deep file is reported as such.
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        skip_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        skip_map(map)
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element_seed(Skip)?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_key_seed(Skip)?.is_some() {
        map.next_value_seed(Skip)?;
    }
    Ok(())
}

/// The visits of a lenient visitor for every value that is not a string:
/// each becomes a [`Json`] handed to `Self::other`.
macro_rules! visit_scalars {
    ($value:ty) => {
        fn visit_bool<E>(self, v: bool) -> Result<$value, E> {
            Ok(self.other(Json::Bool(v)))
        }
        fn visit_i64<E>(self, v: i64) -> Result<$value, E> {
            Ok(self.other(Json::Int(v.into())))
        }
        fn visit_u64<E>(self, v: u64) -> Result<$value, E> {
            Ok(self.other(Json::Int(v.into())))
        }
        fn visit_f64<E>(self, v: f64) -> Result<$value, E> {
            Ok(self.other(Json::Float(v)))
        }
        fn visit_unit<E>(self) -> Result<$value, E> {
            Ok(self.other(Json::Null))
        }
        fn visit_none<E>(self) -> Result<$value, E> {
            Ok(self.other(Json::Null))
        }
    };
}

/// Arrays and objects skipped (within the nesting limit) and handed to
/// `Self::other` as [`Json::Array`] / [`Json::Object`].
macro_rules! visit_containers {
    ($value:ty) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<$value, A::Error> {
            skip_seq(seq)?;
            Ok(self.other(Json::Array))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$value, A::Error> {
            skip_map(map)?;
            Ok(self.other(Json::Object))
        }
    };
}

/// Reads any value as a [`Json`].
struct Leaf;

impl Leaf {
    fn other(self, v: Json) -> Json {
        v
    }
}

impl<'de> DeserializeSeed<'de> for Leaf {
    type Value = Json;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Leaf {
    type Value = Json;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(owned_clean(v)))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(clean_string(v)))
    }
    visit_scalars!(Json);
    visit_containers!(Json);
}

// ---------------------------------------------------------------------------
// Containers: a shape says what it accepts; anything else comes back as Json

/// A value the reader wants in one or two JSON forms. Each method gets the
/// form it accepts; the defaults turn everything else into `Err(Json)`.
trait Shape<'de>: Sized {
    type Out;
    fn text(self, s: String) -> Result<Self::Out, Json> {
        Err(Json::Str(s))
    }
    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Result<Self::Out, Json>, A::Error> {
        skip_seq(seq)?;
        Ok(Err(Json::Array))
    }
    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Result<Self::Out, Json>, A::Error> {
        skip_map(map)?;
        Ok(Err(Json::Object))
    }
}

struct Shaped<S>(S);

impl<'de, S: Shape<'de>> DeserializeSeed<'de> for Shaped<S> {
    type Value = Result<S::Out, Json>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<S> Shaped<S> {
    fn other<T>(self, v: Json) -> Result<T, Json> {
        Err(v)
    }
}

impl<'de, S: Shape<'de>> Visitor<'de> for Shaped<S> {
    type Value = Result<S::Out, Json>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.text(owned_clean(v)))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(self.0.text(clean_string(v)))
    }
    visit_scalars!(Self::Value);
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.map(map)
    }
}

/// Reads an object key and maps it to a field tag without allocating.
struct Key<F>(fn(&str) -> F);

impl<'de, F> DeserializeSeed<'de> for Key<F> {
    type Value = F;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<F, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de, F> Visitor<'de> for Key<F> {
    type Value = F;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, v: &str) -> Result<F, E> {
        Ok((self.0)(v))
    }
}

// ---------------------------------------------------------------------------
// The archive

/// Reads the whole document. `Ok(Err(json))` means the top level was
/// neither an object nor an array.
pub(crate) fn read_archive<'de, D: Deserializer<'de>>(
    ctx: &mut Ctx,
    d: D,
) -> Result<Result<(), Json>, D::Error> {
    Shaped(Root { ctx }).deserialize(d)
}

struct Root<'c> {
    ctx: &'c mut Ctx,
}

enum RootField {
    Version,
    Title,
    Articles,
    Other,
}

fn root_field(k: &str) -> RootField {
    match k {
        "version" => RootField::Version,
        "title" => RootField::Title,
        "articles" => RootField::Articles,
        _ => RootField::Other,
    }
}

const ARCHIVE_SHAPE: &str = "an object with an `articles` array, or an array of articles";

impl<'de> Shape<'de> for Root<'_> {
    type Out = ();

    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Result<(), Json>, A::Error> {
        self.ctx.root = "";
        read_articles(self.ctx, seq)?;
        Ok(Ok(()))
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Result<(), Json>, A::Error> {
        let ctx = self.ctx;
        ctx.root = "/articles";
        let mut saw_articles = false;
        while let Some(field) = map.next_key_seed(Key(root_field))? {
            match field {
                RootField::Version => {
                    let v = map.next_value_seed(Leaf)?;
                    if v.as_int() != Some(1) {
                        ctx.fatal = Some(Fatal::Version {
                            found: v.describe(),
                        });
                        return Err(de::Error::custom("unsupported version"));
                    }
                }
                RootField::Title => match map.next_value_seed(Leaf)? {
                    Json::Str(s) => {
                        let t = one_line(s);
                        ctx.title = (!t.is_empty()).then_some(t);
                    }
                    other => ctx.problems.push(Problem {
                        pointer: "/title".into(),
                        message: format!(
                            "the archive `title` should be text; found {}; ignored",
                            other.describe()
                        ),
                        article: None,
                        line: 0,
                        column: 0,
                    }),
                },
                RootField::Articles => {
                    saw_articles = true;
                    if let Err(found) = map.next_value_seed(Shaped(Articles { ctx: &mut *ctx }))? {
                        ctx.fatal = Some(Fatal::NotAnArchive {
                            found: format!("`articles` as {}", found.describe()),
                            expected: "`articles` to be an array of articles".into(),
                            pointer: Some("/articles".into()),
                        });
                        return Err(de::Error::custom("articles is not an array"));
                    }
                }
                RootField::Other => {
                    map.next_value_seed(Skip)?;
                }
            }
        }
        if !saw_articles {
            ctx.fatal = Some(Fatal::NotAnArchive {
                found: "a JSON object without `articles`".into(),
                expected: ARCHIVE_SHAPE.into(),
                pointer: None,
            });
            return Err(de::Error::custom("no articles"));
        }
        Ok(Ok(()))
    }
}

/// The phrase used when the top level is neither object nor array.
pub(crate) fn archive_shape() -> &'static str {
    ARCHIVE_SHAPE
}

struct Articles<'c> {
    ctx: &'c mut Ctx,
}

impl<'de> Shape<'de> for Articles<'_> {
    type Out = ();
    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Result<(), Json>, A::Error> {
        read_articles(self.ctx, seq)?;
        Ok(Ok(()))
    }
}

fn read_articles<'de, A: SeqAccess<'de>>(ctx: &mut Ctx, mut seq: A) -> Result<(), A::Error> {
    if let Some(n) = seq.size_hint() {
        ctx.articles.reserve(n);
        ctx.extra.reserve(n);
    }
    let mut src = 0;
    while let Some(got) = seq.next_element_seed(Shaped(ArticleShape {
        ctx: &mut *ctx,
        src,
    }))? {
        if let Err(found) = got {
            ctx.problem(
                At { src, article: None },
                &[],
                format!(
                    "an article should be an object with a `title`; found {}; skipped",
                    found.describe()
                ),
            );
        }
        src += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// An article

enum ArticleField {
    Id,
    Title,
    Date,
    Author,
    Topics,
    Tags,
    Series,
    Summary,
    Url,
    Language,
    Related,
    Body,
    Other,
}

fn article_field(k: &str) -> ArticleField {
    match k {
        "id" => ArticleField::Id,
        "title" => ArticleField::Title,
        "date" => ArticleField::Date,
        "author" => ArticleField::Author,
        "topics" => ArticleField::Topics,
        "tags" => ArticleField::Tags,
        "series" => ArticleField::Series,
        "summary" => ArticleField::Summary,
        "url" => ArticleField::Url,
        "language" => ArticleField::Language,
        "related" => ArticleField::Related,
        "body" => ArticleField::Body,
        _ => ArticleField::Other,
    }
}

struct ArticleShape<'c> {
    ctx: &'c mut Ctx,
    src: usize,
}

impl<'de> Shape<'de> for ArticleShape<'_> {
    type Out = ();

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Result<(), Json>, A::Error> {
        let ctx = self.ctx;
        let at = At {
            src: self.src,
            article: Some(ctx.articles.len()),
        };
        let mut a = Article::default();
        let mut id = None;
        let mut title = None;
        while let Some(field) = map.next_key_seed(Key(article_field))? {
            match field {
                ArticleField::Id => match map.next_value_seed(Leaf)? {
                    // One line: `list` prints ids in tab-separated rows, so a
                    // tab or newline in an id would forge columns and rows.
                    Json::Str(s) if !s.trim().is_empty() => id = Some(one_line(s)),
                    Json::Int(n) => id = Some(n.to_string()),
                    other => ctx.problem(
                        at,
                        &[Seg::Key("id")],
                        format!(
                            "`id` should be text or a whole number; found {}; \
                             an id is made from the title instead",
                            other.describe()
                        ),
                    ),
                },
                ArticleField::Title => {
                    let t = match map.next_value_seed(Leaf)? {
                        Json::Str(s) => {
                            let t = one_line(s);
                            if t.is_empty() {
                                ctx.problem(
                                    at,
                                    &[Seg::Key("title")],
                                    format!("`title` is empty; shown as {UNTITLED}"),
                                );
                                UNTITLED.to_string()
                            } else {
                                t
                            }
                        }
                        other => {
                            ctx.problem(
                                at,
                                &[Seg::Key("title")],
                                format!(
                                    "`title` should be text; found {}; shown as {UNTITLED}",
                                    other.describe()
                                ),
                            );
                            UNTITLED.to_string()
                        }
                    };
                    title = Some(t);
                }
                ArticleField::Date => match map.next_value_seed(Leaf)? {
                    Json::Str(s) => {
                        let (date, err) = parse_date(s);
                        if let Some(err) = err {
                            let why = match err {
                                DateError::Shape => "is not YYYY-MM-DD or an RFC 3339 date-time \
                                     like 2024-03-05T14:30:00Z"
                                    .to_string(),
                                DateError::Value(why) => format!("is not a real date: {why}"),
                            };
                            ctx.problem(
                                at,
                                &[Seg::Key("date")],
                                format!(
                                    "date \"{}\" {why}; the article sorts last",
                                    quote(&date.text)
                                ),
                            );
                        }
                        a.date = Some(date);
                    }
                    other => {
                        // A number or a flag is still shown as written, sorted last.
                        let kept = match &other {
                            Json::Int(n) => Some(n.to_string()),
                            Json::Float(f) => Some(f.to_string()),
                            Json::Bool(b) => Some(b.to_string()),
                            _ => None,
                        };
                        let outcome = if kept.is_some() {
                            "the article sorts last"
                        } else {
                            "ignored"
                        };
                        ctx.problem(
                            at,
                            &[Seg::Key("date")],
                            format!(
                                "`date` should be text like \"2024-03-05\"; found {}; {outcome}",
                                other.describe()
                            ),
                        );
                        a.date = kept.map(|text| parse_date(text).0);
                    }
                },
                ArticleField::Author => {
                    match map.next_value_seed(Shaped(AuthorShape { ctx: &mut *ctx, at }))? {
                        Ok(author) => a.author = author,
                        Err(other) => ctx.problem(
                            at,
                            &[Seg::Key("author")],
                            format!(
                                "`author` should be a name or an object with `name`; found {}; ignored",
                                other.describe()
                            ),
                        ),
                    }
                }
                ArticleField::Topics | ArticleField::Tags => {
                    let key = if matches!(field, ArticleField::Tags) {
                        "tags"
                    } else {
                        "topics"
                    };
                    let shape = TopicsShape {
                        ctx: &mut *ctx,
                        at,
                        key,
                        out: &mut a.topics,
                    };
                    if let Err(other) = map.next_value_seed(Shaped(shape))? {
                        ctx.problem(
                            at,
                            &[Seg::Key(key)],
                            format!(
                                "`{key}` should be an array of text; found {}; ignored",
                                other.describe()
                            ),
                        );
                    }
                }
                ArticleField::Series => {
                    let v = map.next_value_seed(Leaf)?;
                    a.series = text_field(ctx, at, "series", v).map(one_line);
                }
                ArticleField::Summary => {
                    let v = map.next_value_seed(Leaf)?;
                    a.summary = text_field(ctx, at, "summary", v).map(prose_text);
                }
                ArticleField::Url => {
                    let v = map.next_value_seed(Leaf)?;
                    a.url = text_field(ctx, at, "url", v).map(|s| s.trim().to_string());
                }
                ArticleField::Language => {
                    let v = map.next_value_seed(Leaf)?;
                    if let Some(lang) = text_field(ctx, at, "language", v) {
                        let lang = lang.trim().to_string();
                        if !looks_like_language_tag(&lang) {
                            ctx.problem(
                                at,
                                &[Seg::Key("language")],
                                format!(
                                    "language \"{}\" is not a BCP 47 tag like \"en\" or \"sv-SE\"",
                                    quote(&lang)
                                ),
                            );
                        }
                        a.language = Some(lang);
                    }
                }
                ArticleField::Related => {
                    let shape = RelatedShape {
                        ctx: &mut *ctx,
                        at,
                        out: &mut a.related,
                    };
                    if let Err(other) = map.next_value_seed(Shaped(shape))? {
                        ctx.problem(
                            at,
                            &[Seg::Key("related")],
                            format!(
                                "`related` should be an array of ids or titles; found {}; ignored",
                                other.describe()
                            ),
                        );
                    }
                }
                ArticleField::Body => {
                    let shape = BodyShape {
                        ctx: &mut *ctx,
                        at,
                        out: &mut a.body,
                    };
                    if let Err(other) = map.next_value_seed(Shaped(shape))? {
                        ctx.problem(
                            at,
                            &[Seg::Key("body")],
                            format!(
                                "`body` should be text or an array of blocks; found {}; ignored",
                                other.describe()
                            ),
                        );
                    }
                }
                ArticleField::Other => {
                    map.next_value_seed(Skip)?;
                }
            }
        }
        a.title = match title {
            Some(t) => t,
            None => {
                ctx.problem(
                    at,
                    &[],
                    format!("the article has no `title`; shown as {UNTITLED}"),
                );
                UNTITLED.to_string()
            }
        };
        ctx.articles.push(a);
        ctx.extra.push(Extra { src: at.src, id });
        Ok(Ok(()))
    }
}

/// An optional text field: text that is not blank, or a problem.
fn text_field(ctx: &mut Ctx, at: At, key: &str, v: Json) -> Option<String> {
    match v {
        Json::Str(s) if s.trim().is_empty() => None,
        Json::Str(s) => Some(s),
        Json::Null => None,
        other => {
            ctx.problem(
                at,
                &[Seg::Key(key)],
                format!(
                    "`{key}` should be text; found {}; ignored",
                    other.describe()
                ),
            );
            None
        }
    }
}

/// A light BCP 47 check: letter subtags joined by hyphens, the first of 2–8
/// letters, the rest of 1–8 letters or digits.
fn looks_like_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

// ---------------------------------------------------------------------------
// Author, topics, related

enum AuthorField {
    Name,
    Role,
    Bio,
    Url,
    Other,
}

fn author_field(k: &str) -> AuthorField {
    match k {
        "name" => AuthorField::Name,
        "role" => AuthorField::Role,
        "bio" => AuthorField::Bio,
        "url" => AuthorField::Url,
        _ => AuthorField::Other,
    }
}

/// `None` inside `Ok` means an author object without a usable name.
struct AuthorShape<'c> {
    ctx: &'c mut Ctx,
    at: At,
}

impl<'de> Shape<'de> for AuthorShape<'_> {
    type Out = Option<Author>;

    fn text(self, s: String) -> Result<Option<Author>, Json> {
        let name = one_line(s);
        if name.is_empty() {
            self.ctx.problem(
                self.at,
                &[Seg::Key("author")],
                "`author` is empty; ignored".into(),
            );
            return Ok(None);
        }
        Ok(Some(Author {
            name,
            ..Author::default()
        }))
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Result<Option<Author>, Json>, A::Error> {
        let (ctx, at) = (self.ctx, self.at);
        let mut author = Author::default();
        let field_problem = |ctx: &mut Ctx, key: &str, v: Json| -> Option<String> {
            match v {
                Json::Str(s) if s.trim().is_empty() => None,
                Json::Str(s) => Some(s),
                Json::Null => None,
                other => {
                    ctx.problem(
                        at,
                        &[Seg::Key("author"), Seg::Key(key)],
                        format!(
                            "author `{key}` should be text; found {}; ignored",
                            other.describe()
                        ),
                    );
                    None
                }
            }
        };
        while let Some(field) = map.next_key_seed(Key(author_field))? {
            match field {
                AuthorField::Name => {
                    let v = map.next_value_seed(Leaf)?;
                    author.name = field_problem(ctx, "name", v)
                        .map(one_line)
                        .unwrap_or_default();
                }
                AuthorField::Role => {
                    let v = map.next_value_seed(Leaf)?;
                    author.role = field_problem(ctx, "role", v).map(one_line);
                }
                AuthorField::Bio => {
                    let v = map.next_value_seed(Leaf)?;
                    author.bio = field_problem(ctx, "bio", v).map(prose_text);
                }
                AuthorField::Url => {
                    let v = map.next_value_seed(Leaf)?;
                    author.url = field_problem(ctx, "url", v).map(|s| s.trim().to_string());
                }
                AuthorField::Other => {
                    map.next_value_seed(Skip)?;
                }
            }
        }
        if author.name.is_empty() {
            ctx.problem(
                at,
                &[Seg::Key("author")],
                "the author has no `name`; ignored".into(),
            );
            return Ok(Ok(None));
        }
        Ok(Ok(Some(author)))
    }
}

struct TopicsShape<'c, 'o> {
    ctx: &'c mut Ctx,
    at: At,
    key: &'static str,
    out: &'o mut Vec<usize>,
}

impl<'de> Shape<'de> for TopicsShape<'_, '_> {
    type Out = ();

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Result<(), Json>, A::Error> {
        let mut k = 0;
        let mut seen = HashSet::new();
        loop {
            let one = TopicSeed {
                ctx: &mut *self.ctx,
                at: self.at,
                key: self.key,
                k,
                out: &mut *self.out,
                seen: &mut seen,
            };
            if seq.next_element_seed(one)?.is_none() {
                break;
            }
            k += 1;
        }
        Ok(Ok(()))
    }
}

/// One topic entry, interned straight from the borrowed text: a topic seen
/// before costs no allocation.
struct TopicSeed<'c, 'o> {
    ctx: &'c mut Ctx,
    at: At,
    key: &'static str,
    k: usize,
    out: &'o mut Vec<usize>,
    /// The topics in `out`, filled only once `out` is long: a linear search
    /// is fastest for the usual handful, but 100,000 topics would make it
    /// quadratic.
    seen: &'o mut HashSet<usize>,
}

/// Topics per article searched linearly before `TopicSeed::seen` is used.
const LINEAR_TOPICS: usize = 32;

impl TopicSeed<'_, '_> {
    fn other(self, v: Json) {
        let message = match v {
            Json::Str(_) => "an empty topic; skipped".to_string(),
            v => format!("a topic should be text; found {}; skipped", v.describe()),
        };
        self.ctx
            .problem(self.at, &[Seg::Key(self.key), Seg::Index(self.k)], message);
    }
}

impl<'de> DeserializeSeed<'de> for TopicSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopicSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a topic")
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        let clean = sanitize(v);
        let name = one_line_ref(&clean);
        if name.is_empty() {
            self.other(Json::Str(String::new()));
        } else {
            let t = self.ctx.intern(&name);
            let new = if self.out.len() < LINEAR_TOPICS {
                !self.out.contains(&t)
            } else {
                if self.seen.is_empty() {
                    self.seen.extend(self.out.iter().copied());
                }
                self.seen.insert(t)
            };
            if new {
                self.out.push(t);
            }
        }
        Ok(())
    }
    visit_scalars!(());
    visit_containers!(());
}

struct RelatedShape<'c, 'o> {
    ctx: &'c mut Ctx,
    at: At,
    out: &'o mut Vec<Related>,
}

impl<'de> Shape<'de> for RelatedShape<'_, '_> {
    type Out = ();

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Result<(), Json>, A::Error> {
        let mut k = 0;
        while let Some(v) = seq.next_element_seed(Leaf)? {
            match v {
                Json::Str(s) => {
                    let text = one_line(s);
                    if !text.is_empty() {
                        self.out.push(Related { text, target: None });
                    }
                }
                Json::Int(n) => self.out.push(Related {
                    text: n.to_string(),
                    target: None,
                }),
                other => self.ctx.problem(
                    self.at,
                    &[Seg::Key("related"), Seg::Index(k)],
                    format!(
                        "a related entry should be an id or a title; found {}; skipped",
                        other.describe()
                    ),
                ),
            }
            k += 1;
        }
        Ok(Ok(()))
    }
}

// ---------------------------------------------------------------------------
// The body

struct BodyShape<'c, 'o> {
    ctx: &'c mut Ctx,
    at: At,
    out: &'o mut Vec<Block>,
}

impl<'de> Shape<'de> for BodyShape<'_, '_> {
    type Out = ();

    fn text(self, s: String) -> Result<(), Json> {
        paragraphs(s, self.out);
        Ok(())
    }

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Result<(), Json>, A::Error> {
        let mut j = 0;
        loop {
            let shape = BlockShape {
                ctx: &mut *self.ctx,
                at: self.at,
                j,
            };
            let Some(got) = seq.next_element_seed(Shaped(shape))? else {
                break;
            };
            match got {
                Ok(Some(block)) => self.out.push(block),
                Ok(None) => {}
                Err(other) => self.ctx.problem(
                    self.at,
                    &[Seg::Key("body"), Seg::Index(j)],
                    format!(
                        "a block should be text or an object with `type`; found {}; skipped",
                        other.describe()
                    ),
                ),
            }
            j += 1;
        }
        Ok(Ok(()))
    }
}

/// Plain-text body: blank lines separate paragraphs, a single newline is a
/// line break inside one.
fn paragraphs(s: String, out: &mut Vec<Block>) {
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

enum BlockField {
    Type,
    Text,
    Level,
    Cite,
    Src,
    Alt,
    Caption,
    Items,
    Ordered,
    Other,
}

fn block_field(k: &str) -> BlockField {
    match k {
        "type" => BlockField::Type,
        "text" => BlockField::Text,
        "level" => BlockField::Level,
        "cite" => BlockField::Cite,
        "src" => BlockField::Src,
        "alt" => BlockField::Alt,
        "caption" => BlockField::Caption,
        "items" => BlockField::Items,
        "ordered" => BlockField::Ordered,
        _ => BlockField::Other,
    }
}

/// A block's fields as read; which of them matter depends on `type`, which
/// may come last.
#[derive(Default)]
struct RawBlock {
    ty: Option<Kind>,
    text: Option<Json>,
    level: Option<Json>,
    cite: Option<Json>,
    src: Option<Json>,
    alt: Option<Json>,
    caption: Option<Json>,
    items: Option<Result<Vec<Json>, Json>>,
    ordered: Option<Json>,
}

/// `Ok(None)` is a block that was skipped (its problem already recorded).
struct BlockShape<'c> {
    ctx: &'c mut Ctx,
    at: At,
    j: usize,
}

impl<'de> Shape<'de> for BlockShape<'_> {
    type Out = Option<Block>;

    fn text(self, s: String) -> Result<Option<Block>, Json> {
        let s = prose_text(s);
        Ok((!s.is_empty()).then(|| Block::Paragraph(Rich::plain(s))))
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Result<Option<Block>, Json>, A::Error> {
        let mut raw = RawBlock::default();
        while let Some(field) = map.next_key_seed(Key(block_field))? {
            let slot = match field {
                BlockField::Type => {
                    raw.ty = Some(map.next_value_seed(KindSeed)?);
                    continue;
                }
                BlockField::Text => &mut raw.text,
                BlockField::Level => &mut raw.level,
                BlockField::Cite => &mut raw.cite,
                BlockField::Src => &mut raw.src,
                BlockField::Alt => &mut raw.alt,
                BlockField::Caption => &mut raw.caption,
                BlockField::Ordered => &mut raw.ordered,
                BlockField::Items => {
                    raw.items = Some(map.next_value_seed(Shaped(ItemsShape))?);
                    continue;
                }
                BlockField::Other => {
                    map.next_value_seed(Skip)?;
                    continue;
                }
            };
            *slot = Some(map.next_value_seed(Leaf)?);
        }
        Ok(Ok(BlockBuilder {
            ctx: self.ctx,
            at: self.at,
            j: self.j,
        }
        .build(raw)))
    }
}

/// A block's `type`, matched without allocating.
enum Kind {
    Paragraph,
    Heading,
    PullQuote,
    Quote,
    Image,
    List,
    Code,
    Rule,
    Unknown(String),
    Wrong(Json),
}

struct KindSeed;

impl KindSeed {
    fn other(self, v: Json) -> Kind {
        Kind::Wrong(v)
    }
}

impl<'de> DeserializeSeed<'de> for KindSeed {
    type Value = Kind;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KindSeed {
    type Value = Kind;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a block type")
    }
    fn visit_str<E>(self, v: &str) -> Result<Kind, E> {
        Ok(match v.trim() {
            "paragraph" => Kind::Paragraph,
            "heading" => Kind::Heading,
            "pullquote" => Kind::PullQuote,
            "quote" => Kind::Quote,
            "image" => Kind::Image,
            "list" => Kind::List,
            "code" => Kind::Code,
            "rule" => Kind::Rule,
            _ => Kind::Unknown(owned_clean(v)),
        })
    }
    visit_scalars!(Kind);
    visit_containers!(Kind);
}

struct ItemsShape;

impl<'de> Shape<'de> for ItemsShape {
    type Out = Vec<Json>;
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Result<Vec<Json>, Json>, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Leaf)? {
            items.push(v);
        }
        Ok(Ok(items))
    }
}

/// Turns a [`RawBlock`] into a block, recording what was wrong with it.
struct BlockBuilder<'c> {
    ctx: &'c mut Ctx,
    at: At,
    j: usize,
}

impl BlockBuilder<'_> {
    fn problem(&mut self, key: Option<&str>, message: String) {
        let (at, j) = (self.at, self.j);
        match key {
            Some(k) => {
                self.ctx
                    .problem(at, &[Seg::Key("body"), Seg::Index(j), Seg::Key(k)], message)
            }
            None => self
                .ctx
                .problem(at, &[Seg::Key("body"), Seg::Index(j)], message),
        }
    }

    /// An optional text field of this block.
    fn opt(&mut self, key: &str, v: Option<Json>) -> Option<String> {
        match v? {
            Json::Str(s) if s.trim().is_empty() => None,
            Json::Str(s) => Some(s),
            Json::Null => None,
            other => {
                self.problem(
                    Some(key),
                    format!(
                        "`{key}` should be text; found {}; ignored",
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    /// The required `text` of a `kind` block; `None` skips the block.
    fn text(&mut self, kind: &str, v: Option<Json>) -> Option<String> {
        match v {
            None => {
                self.problem(None, format!("a `{kind}` block has no `text`; skipped"));
                None
            }
            Some(Json::Str(s)) if s.trim().is_empty() => None,
            Some(Json::Str(s)) => Some(s),
            Some(other) => {
                self.problem(
                    Some("text"),
                    format!(
                        "`text` should be text; found {}; the block is skipped",
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    fn build(mut self, raw: RawBlock) -> Option<Block> {
        let rich = |s: String| Rich::plain(prose_text(s));
        let unknown = match raw.ty {
            Some(Kind::Paragraph) => {
                return Some(Block::Paragraph(rich(self.text("paragraph", raw.text)?)));
            }
            Some(Kind::Heading) => {
                let text = self.text("heading", raw.text)?;
                let level = self.level(raw.level);
                return Some(Block::Heading {
                    level,
                    text: rich(text),
                });
            }
            Some(Kind::PullQuote) => {
                let text = self.text("pullquote", raw.text)?;
                let cite = self.opt("cite", raw.cite).map(one_line);
                return Some(Block::PullQuote {
                    text: rich(text),
                    cite,
                });
            }
            Some(Kind::Quote) => {
                let text = self.text("quote", raw.text)?;
                let cite = self.opt("cite", raw.cite).map(one_line);
                return Some(Block::Quote {
                    text: rich(text),
                    cite,
                });
            }
            Some(Kind::Image) => {
                let src = self.opt("src", raw.src).map(|s| s.trim().to_string());
                let alt = self.opt("alt", raw.alt).map(one_line);
                let caption = self.opt("caption", raw.caption).map(prose_text);
                if src.is_none() && alt.is_none() && caption.is_none() {
                    self.problem(
                        None,
                        "an `image` block has no `src`, `alt` or `caption`; skipped".into(),
                    );
                    return None;
                }
                return Some(Block::Image { src, alt, caption });
            }
            Some(Kind::List) => return self.list(raw.items, raw.ordered),
            Some(Kind::Code) => {
                let mut text = expand_tabs(self.text("code", raw.text)?);
                text.truncate(text.trim_end_matches('\n').len());
                return Some(Block::Code(text));
            }
            Some(Kind::Rule) => return Some(Block::Rule),
            Some(Kind::Unknown(name)) => Some(format!("unknown block type \"{}\"", quote(&name))),
            Some(Kind::Wrong(other)) => {
                Some(format!("`type` should be text; found {}", other.describe()))
            }
            None => None,
        };
        // Unknown, missing or mistyped type: keep any text as a paragraph.
        let text = match raw.text {
            Some(Json::Str(s)) if !s.trim().is_empty() => Some(s),
            _ => None,
        };
        let outcome = if text.is_some() {
            "shown as a paragraph"
        } else {
            "skipped (it has no `text`)"
        };
        let (key, what) = match unknown {
            Some(what) => (Some("type"), what),
            None => (None, "a block has no `type`".to_string()),
        };
        self.problem(
            key,
            format!(
                "{what}; {outcome}; types are paragraph, heading, pullquote, quote, \
                 image, list, code and rule"
            ),
        );
        text.map(|s| Block::Paragraph(rich(s)))
    }
    fn level(&mut self, v: Option<Json>) -> u8 {
        let Some(v) = v else {
            return 2;
        };
        match v.as_int() {
            Some(n @ 1..=6) => n as u8,
            Some(n) => {
                let used = if n < 1 { 1 } else { 6 };
                self.problem(
                    Some("level"),
                    format!("heading level {n} is outside 1–6; level {used} is used"),
                );
                used
            }
            None => {
                self.problem(
                    Some("level"),
                    format!(
                        "`level` should be a whole number 1–6; found {}; level 2 is used",
                        v.describe()
                    ),
                );
                2
            }
        }
    }

    fn list(
        &mut self,
        items: Option<Result<Vec<Json>, Json>>,
        ordered: Option<Json>,
    ) -> Option<Block> {
        let ordered = match ordered {
            None | Some(Json::Null) => false,
            Some(Json::Bool(b)) => b,
            Some(other) => {
                self.problem(
                    Some("ordered"),
                    format!(
                        "`ordered` should be true or false; found {}; the list is unordered",
                        other.describe()
                    ),
                );
                false
            }
        };
        let items = match items {
            None => {
                self.problem(None, "a `list` block has no `items`; skipped".into());
                return None;
            }
            Some(Err(other)) => {
                self.problem(
                    Some("items"),
                    format!(
                        "`items` should be an array of text; found {}; the list is skipped",
                        other.describe()
                    ),
                );
                return None;
            }
            Some(Ok(items)) => items,
        };
        let mut out = Vec::with_capacity(items.len());
        for (k, item) in items.into_iter().enumerate() {
            match item {
                Json::Str(s) if s.trim().is_empty() => {}
                Json::Str(s) => out.push(Rich::plain(prose_text(s))),
                other => {
                    let (at, j) = (self.at, self.j);
                    self.ctx.problem(
                        at,
                        &[
                            Seg::Key("body"),
                            Seg::Index(j),
                            Seg::Key("items"),
                            Seg::Index(k),
                        ],
                        format!(
                            "a list item should be text; found {}; skipped",
                            other.describe()
                        ),
                    );
                }
            }
        }
        (!out.is_empty()).then_some(Block::List {
            items: out,
            ordered,
        })
    }
}
