//! lektyr's own format, version 1: an object with `articles` (or a bare
//! array of articles) whose bodies are text or typed blocks. Read with
//! hand-written visitors straight into the model, so a large archive is
//! never held twice.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::highlights::{note_text, quote_id, quote_text, unique_ids};
use crate::archive::builder::{At, Builder, Fatal, Seg, TopicSet, UNTITLED, paragraphs};
use crate::archive::date::Rules;
use crate::archive::highlight::{Highlight, Origin};
use crate::archive::json::{
    Json, Key, Leaf, Shape, Shaped, Skip, clean_string, owned_clean, prose_text, quote, skip_map,
    skip_seq, visit_containers, visit_scalars,
};
use crate::archive::model::{Article, Author, Block, Body, Detail, Related, Rich, Run, RunStyle};
use crate::archive::pieces::Reader;
use crate::archive::sanitize::{expand_tabs, one_line, one_line_ref, prose, sanitize};

// ---------------------------------------------------------------------------
// The archive

/// Reads the whole document. `Ok(Err(json))` means the top level was
/// neither an object nor an array.
pub(crate) fn read<'de, D: Deserializer<'de>>(
    ctx: &mut Builder,
    d: D,
) -> Result<Result<(), Json>, D::Error> {
    Shaped(Root { ctx }).deserialize(d)
}

/// How a big archive is read in pieces: its articles array cut between
/// articles, each body read again from the file when shown.
pub(crate) const PIECES: Reader = Reader {
    format: super::Format::V1,
    piece: |b, d, first| read_piece(b, d, first).map(|r| r.is_ok()),
    around: Some(|b, d| read(b, d).map(|r| r.is_ok())),
    stored_details: true,
};

struct Root<'c> {
    ctx: &'c mut Builder,
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

pub(crate) const ARCHIVE_SHAPE: &str =
    "an object with an `articles` array, or an array of articles";

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
                    other => ctx.file_problem(
                        "/title",
                        format!(
                            "the archive `title` should be text; found {}; ignored",
                            other.describe()
                        ),
                    ),
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

struct Articles<'c> {
    ctx: &'c mut Builder,
}

impl<'de> Shape<'de> for Articles<'_> {
    type Out = ();
    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Result<(), Json>, A::Error> {
        read_articles(self.ctx, seq)?;
        Ok(Ok(()))
    }
}

fn read_articles<'de, A: SeqAccess<'de>>(ctx: &mut Builder, seq: A) -> Result<(), A::Error> {
    read_articles_from(ctx, seq, 0).map(drop)
}

/// Reads a JSON array of articles that are the articles array's elements
/// from index `first` on (a piece of a big file); returns how many.
pub(crate) fn read_piece<'de, D: Deserializer<'de>>(
    ctx: &mut Builder,
    d: D,
    first: usize,
) -> Result<Result<usize, Json>, D::Error> {
    struct Piece<'c> {
        ctx: &'c mut Builder,
        first: usize,
    }
    impl<'de> Shape<'de> for Piece<'_> {
        type Out = usize;
        fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Result<usize, Json>, A::Error> {
            read_articles_from(self.ctx, seq, self.first).map(Ok)
        }
    }
    Shaped(Piece { ctx, first }).deserialize(d)
}

fn read_articles_from<'de, A: SeqAccess<'de>>(
    ctx: &mut Builder,
    mut seq: A,
    first: usize,
) -> Result<usize, A::Error> {
    if let Some(n) = seq.size_hint() {
        ctx.reserve(n);
    }
    let mut src = first;
    while let Some(got) = seq.next_element_seed(Shaped(ArticleShape {
        ctx: &mut *ctx,
        src,
    }))? {
        if let Err(found) = got {
            ctx.problem(
                At {
                    src: Some(src),
                    article: None,
                },
                &[],
                format!(
                    "an article should be an object with a `title`; found {}; skipped",
                    found.describe()
                ),
            );
        }
        src += 1;
    }
    Ok(src - first)
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
    BodyFormat,
    Highlights,
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
        "body_format" => ArticleField::BodyFormat,
        "highlights" => ArticleField::Highlights,
        _ => ArticleField::Other,
    }
}

struct ArticleShape<'c> {
    ctx: &'c mut Builder,
    src: usize,
}

impl<'de> Shape<'de> for ArticleShape<'_> {
    type Out = ();

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Result<(), Json>, A::Error> {
        let ctx = self.ctx;
        let at = ctx.next_at(Some(self.src));
        let mut a = Article::default();
        let mut d = Detail::default();
        let mut topics = TopicSet::default();
        let mut blocks = Vec::new();
        let mut raw_body = None;
        let mut html = false;
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
                                UNTITLED.into()
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
                            UNTITLED.into()
                        }
                    };
                    title = Some(t);
                }
                ArticleField::Date => match map.next_value_seed(Leaf)? {
                    Json::Str(s) => {
                        a.date = Some(ctx.date(at, &[Seg::Key("date")], s, Rules::Strict));
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
                        a.date = kept.map(|text| crate::archive::date::parse_date(text).0);
                    }
                },
                ArticleField::Author => {
                    match map.next_value_seed(Shaped(AuthorShape { ctx: &mut *ctx, at }))? {
                        Ok(author) => d.author = author,
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
                        out: &mut topics,
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
                    d.series = ctx.text_field(at, &[Seg::Key("series")], v).map(one_line);
                }
                ArticleField::Summary => {
                    let v = map.next_value_seed(Leaf)?;
                    d.summary = ctx
                        .text_field(at, &[Seg::Key("summary")], v)
                        .map(prose_text)
                        .into();
                }
                ArticleField::Url => {
                    let v = map.next_value_seed(Leaf)?;
                    d.url = ctx
                        .text_field(at, &[Seg::Key("url")], v)
                        .map(|s| s.trim().to_string());
                }
                ArticleField::Language => {
                    let v = map.next_value_seed(Leaf)?;
                    if let Some(lang) = ctx.text_field(at, &[Seg::Key("language")], v) {
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
                        d.language = Some(lang);
                    }
                }
                ArticleField::Related => {
                    let shape = RelatedShape {
                        ctx: &mut *ctx,
                        at,
                        out: &mut d.related,
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
                        out: &mut blocks,
                        raw: &mut raw_body,
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
                ArticleField::BodyFormat => match map.next_value_seed(Leaf)? {
                    Json::Str(f) if f.trim() == "html" => html = true,
                    Json::Str(f) if f.trim() == "text" => html = false,
                    other => ctx.problem(
                        at,
                        &[Seg::Key("body_format")],
                        format!(
                            "`body_format` should be \"html\" or \"text\"; found {}; \
                             the body is read as text",
                            other.describe()
                        ),
                    ),
                },
                ArticleField::Highlights => {
                    let shape = HighlightsShape {
                        ctx: &mut *ctx,
                        at,
                        out: &mut a.highlights,
                    };
                    if let Err(other) = map.next_value_seed(Shaped(shape))? {
                        ctx.problem(
                            at,
                            &[Seg::Key("highlights")],
                            format!(
                                "`highlights` should be an array of objects with a `quote`; \
                                 found {}; ignored",
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
        // A text body waits for `body_format`, which may come after it.
        d.body = match raw_body {
            Some(raw) if html => crate::archive::html::body(raw, d.url.clone()),
            Some(raw) => {
                paragraphs(clean_string(raw), &mut blocks);
                Body::from(blocks)
            }
            None => Body::from(blocks),
        };
        a.title = match title {
            Some(t) => t.into(),
            None => {
                ctx.problem(
                    at,
                    &[],
                    format!("the article has no `title`; shown as {UNTITLED}"),
                );
                UNTITLED.into()
            }
        };
        a.topics = topics.into_vec();
        a.set_detail(d);
        ctx.push(at, a, id);
        Ok(Ok(()))
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
    ctx: &'c mut Builder,
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
        let field_problem = |ctx: &mut Builder, key: &str, v: Json| -> Option<String> {
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
    ctx: &'c mut Builder,
    at: At,
    key: &'static str,
    out: &'o mut TopicSet,
}

impl<'de> Shape<'de> for TopicsShape<'_, '_> {
    type Out = ();

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Result<(), Json>, A::Error> {
        let mut k = 0;
        loop {
            let one = TopicSeed {
                ctx: &mut *self.ctx,
                at: self.at,
                key: self.key,
                k,
                out: &mut *self.out,
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
    ctx: &'c mut Builder,
    at: At,
    key: &'static str,
    k: usize,
    out: &'o mut TopicSet,
}

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
            self.out.insert(t);
        }
        Ok(())
    }
    visit_scalars!(());
    visit_containers!(());
}

struct RelatedShape<'c, 'o> {
    ctx: &'c mut Builder,
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
// Highlights

struct HighlightsShape<'c, 'o> {
    ctx: &'c mut Builder,
    at: At,
    out: &'o mut Vec<Highlight>,
}

impl<'de> Shape<'de> for HighlightsShape<'_, '_> {
    type Out = ();

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Result<(), Json>, A::Error> {
        let (ctx, at) = (self.ctx, self.at);
        let mut k = 0;
        // Each kept highlight with its index in the array, for pointers.
        let mut kept = Vec::new();
        loop {
            let shape = HighlightShape {
                ctx: &mut *ctx,
                at,
                k,
            };
            let Some(got) = seq.next_element_seed(Shaped(shape))? else {
                break;
            };
            match got {
                Ok(Some(h)) => {
                    self.out.push(h);
                    kept.push(k);
                }
                Ok(None) => {}
                Err(other) => ctx.problem(
                    at,
                    &[Seg::Key("highlights"), Seg::Index(k)],
                    format!(
                        "a highlight should be an object with a `quote`; found {}; skipped",
                        other.describe()
                    ),
                ),
            }
            k += 1;
        }
        unique_ids(self.out, |i, old, new| {
            let k = kept.get(i).copied().unwrap_or(i);
            ctx.problem(
                at,
                &[Seg::Key("highlights"), Seg::Index(k), Seg::Key("id")],
                format!(
                    "highlight id \"{}\" is used by an earlier highlight; read as \"{}\"",
                    quote(old),
                    quote(new)
                ),
            );
        });
        Ok(Ok(()))
    }
}

enum HighlightField {
    Id,
    Quote,
    Prefix,
    Suffix,
    Note,
    Created,
    Updated,
    Origin,
    Other,
}

fn highlight_field(k: &str) -> HighlightField {
    match k {
        "id" => HighlightField::Id,
        "quote" => HighlightField::Quote,
        "prefix" => HighlightField::Prefix,
        "suffix" => HighlightField::Suffix,
        "note" => HighlightField::Note,
        "created" => HighlightField::Created,
        "updated" => HighlightField::Updated,
        "origin" => HighlightField::Origin,
        _ => HighlightField::Other,
    }
}

/// One highlight; `Ok(None)` when it was skipped (its problem recorded).
struct HighlightShape<'c> {
    ctx: &'c mut Builder,
    at: At,
    k: usize,
}

impl<'de> Shape<'de> for HighlightShape<'_> {
    type Out = Option<Highlight>;

    fn map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<Result<Option<Highlight>, Json>, A::Error> {
        let (ctx, at, k) = (self.ctx, self.at, self.k);
        let mut h = Highlight::default();
        let mut id = None;
        let mut has_quote = false;
        while let Some(field) = map.next_key_seed(Key(highlight_field))? {
            let key = match field {
                HighlightField::Id => "id",
                HighlightField::Quote => "quote",
                HighlightField::Prefix => "prefix",
                HighlightField::Suffix => "suffix",
                HighlightField::Note => "note",
                HighlightField::Created => "created",
                HighlightField::Updated => "updated",
                HighlightField::Origin => "origin",
                HighlightField::Other => {
                    map.next_value_seed(Skip)?;
                    continue;
                }
            };
            let path = [Seg::Key("highlights"), Seg::Index(k), Seg::Key(key)];
            let v = map.next_value_seed(Leaf)?;
            match field {
                HighlightField::Id => match v {
                    Json::Str(s) if !s.trim().is_empty() => id = Some(one_line(s)),
                    Json::Int(n) => id = Some(n.to_string()),
                    other => ctx.problem(
                        at,
                        &path,
                        format!(
                            "a highlight's `id` should be text or a whole number; found {}; \
                             an id is made from its quote instead",
                            other.describe()
                        ),
                    ),
                },
                HighlightField::Quote => match v {
                    Json::Str(s) if !s.trim().is_empty() => {
                        h.quote = quote_text(s);
                        has_quote = true;
                    }
                    other => {
                        ctx.problem(
                            at,
                            &path,
                            format!(
                                "a highlight's `quote` should be the text highlighted; \
                                 found {}; the highlight is skipped",
                                other.describe()
                            ),
                        );
                        // Reported here: not again as a missing quote.
                        has_quote = true;
                        h.quote.clear();
                    }
                },
                HighlightField::Prefix | HighlightField::Suffix | HighlightField::Note => {
                    let Some(text) = ctx.text_field(at, &path, v) else {
                        continue;
                    };
                    match field {
                        HighlightField::Prefix => h.prefix = quote_text(text),
                        HighlightField::Suffix => h.suffix = quote_text(text),
                        _ => h.note = note_text(text),
                    }
                }
                HighlightField::Created | HighlightField::Updated => {
                    let n = v.as_int().and_then(|n| u64::try_from(n).ok());
                    match n {
                        Some(n) if matches!(field, HighlightField::Created) => h.created = n,
                        Some(n) => h.updated = n,
                        None => ctx.problem(
                            at,
                            &path,
                            format!(
                                "`{key}` should be milliseconds since 1970, a whole number; \
                                 found {}; ignored",
                                v.describe()
                            ),
                        ),
                    }
                }
                HighlightField::Origin => {
                    let origin = match &v {
                        Json::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                            "lektyr" => Some(Origin::Lektyr),
                            "wallabag" => Some(Origin::Wallabag),
                            "omnivore" => Some(Origin::Omnivore),
                            _ => None,
                        },
                        Json::Null => Some(Origin::Lektyr),
                        _ => None,
                    };
                    match origin {
                        Some(o) => h.origin = o,
                        None => ctx.problem(
                            at,
                            &path,
                            format!(
                                "`origin` should be \"lektyr\", \"wallabag\" or \"omnivore\"; \
                                 found {}; read as lektyr",
                                v.describe()
                            ),
                        ),
                    }
                }
                HighlightField::Other => {}
            }
        }
        if h.quote.is_empty() {
            if !has_quote {
                ctx.problem(
                    at,
                    &[Seg::Key("highlights"), Seg::Index(k)],
                    "the highlight has no `quote`; skipped".into(),
                );
            }
            return Ok(Ok(None));
        }
        h.id = match id {
            Some(id) => id,
            None => {
                let made = quote_id("h", &h.quote);
                ctx.problem(
                    at,
                    &[Seg::Key("highlights"), Seg::Index(k)],
                    format!("the highlight has no `id`; read as \"{made}\""),
                );
                made
            }
        };
        if h.updated < h.created {
            h.updated = h.created;
        }
        Ok(Ok(Some(h)))
    }
}

// ---------------------------------------------------------------------------
// The body

struct BodyShape<'c, 'o> {
    ctx: &'c mut Builder,
    at: At,
    out: &'o mut Vec<Block>,
    /// A text body, raw: it may be HTML (`body_format`).
    raw: &'o mut Option<String>,
}

impl<'de> Shape<'de> for BodyShape<'_, '_> {
    type Out = ();

    fn raw_text(self, s: String) -> Result<(), Json> {
        *self.raw = Some(s);
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
    text: Option<Text>,
    level: Option<Json>,
    cite: Option<Json>,
    src: Option<Json>,
    alt: Option<Json>,
    caption: Option<Json>,
    items: Option<Result<Vec<Text>, Json>>,
    ordered: Option<Json>,
}

/// `Ok(None)` is a block that was skipped (its problem already recorded).
struct BlockShape<'c> {
    ctx: &'c mut Builder,
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
                BlockField::Text => {
                    raw.text = Some(map.next_value_seed(TextSeed)?);
                    continue;
                }
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
    type Out = Vec<Text>;
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Result<Vec<Text>, Json>, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(TextSeed)? {
            items.push(v);
        }
        Ok(Ok(items))
    }
}

// ---------------------------------------------------------------------------
// Rich text: a string, or an array of runs

/// A `text` (or list item) as written: one string, or runs, each a string
/// or `{"text": …, "style": "emphasis" | "strong" | "code"}` or
/// `{"text": …, "link": URL}`.
enum Text {
    /// Sanitized.
    Plain(String),
    Runs(Vec<RunVal>),
    Other(Json),
}

/// One run as read: the run (sanitized), and what was wrong with it.
struct RunVal {
    run: Option<Run>,
    problem: Option<String>,
}

struct TextSeed;

impl TextSeed {
    fn other(self, v: Json) -> Text {
        Text::Other(v)
    }
}

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Text;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text or runs")
    }
    fn visit_str<E>(self, v: &str) -> Result<Text, E> {
        Ok(Text::Plain(owned_clean(v)))
    }
    fn visit_string<E>(self, v: String) -> Result<Text, E> {
        Ok(Text::Plain(clean_string(v)))
    }
    visit_scalars!(Text);
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
        let mut runs = Vec::new();
        while let Some(run) = seq.next_element_seed(RunSeed)? {
            runs.push(run);
        }
        Ok(Text::Runs(runs))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
        skip_map(map)?;
        Ok(Text::Other(Json::Object))
    }
}

struct RunSeed;

impl RunSeed {
    fn other(self, v: Json) -> RunVal {
        RunVal {
            run: None,
            problem: Some(format!(
                "a run should be text or an object with `text`; found {}; skipped",
                v.describe()
            )),
        }
    }
}

impl<'de> DeserializeSeed<'de> for RunSeed {
    type Value = RunVal;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RunVal, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RunSeed {
    type Value = RunVal;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a run")
    }
    fn visit_str<E>(self, v: &str) -> Result<RunVal, E> {
        Ok(RunVal {
            run: Some(Run {
                text: owned_clean(v),
                style: RunStyle::Plain,
            }),
            problem: None,
        })
    }
    visit_scalars!(RunVal);
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RunVal, A::Error> {
        skip_seq(seq)?;
        Ok(self.other(Json::Array))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RunVal, A::Error> {
        let (mut text, mut style, mut link) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            let slot = match key.as_str() {
                "text" => &mut text,
                "style" => &mut style,
                "link" => &mut link,
                _ => {
                    map.next_value_seed(Skip)?;
                    continue;
                }
            };
            *slot = Some(map.next_value_seed(Leaf)?);
        }
        let Some(Json::Str(text)) = text else {
            return Ok(RunVal {
                run: None,
                problem: Some("a run has no `text`; skipped".into()),
            });
        };
        let mut problem = None;
        let style = match (link, style) {
            (Some(Json::Str(href)), _) => RunStyle::Link(href.trim().to_string()),
            (_, Some(Json::Str(s))) => match s.trim() {
                "emphasis" => RunStyle::Emphasis,
                "strong" => RunStyle::Strong,
                "code" => RunStyle::Code,
                "plain" => RunStyle::Plain,
                other => {
                    problem = Some(format!(
                        "unknown run style \"{}\"; shown plain; styles are emphasis, strong \
                         and code",
                        quote(other)
                    ));
                    RunStyle::Plain
                }
            },
            _ => RunStyle::Plain,
        };
        Ok(RunVal {
            run: Some(Run { text, style }),
            problem,
        })
    }
}

/// Runs as stored: tabs as spaces, neighbours of one style joined, no
/// blank edges, no empty runs.
fn rich_from_runs(runs: Vec<Run>) -> Rich {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        let text = prose(run.text);
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.style == run.style => last.text.push_str(&text),
            _ => out.push(Run {
                text,
                style: run.style,
            }),
        }
    }
    if let Some(first) = out.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = out.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    out.retain(|r| !r.text.is_empty());
    Rich { runs: out }
}

/// Turns a [`RawBlock`] into a block, recording what was wrong with it.
struct BlockBuilder<'c> {
    ctx: &'c mut Builder,
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

    /// The required `text` of a `kind` block as written (runs joined);
    /// `None` skips the block.
    fn text(&mut self, kind: &str, v: Option<Text>) -> Option<String> {
        self.rich_or_text(kind, v).map(|t| match t {
            Ok(s) => s,
            Err(runs) => runs.into_iter().map(|r| r.text).collect(),
        })
    }

    /// The required `text` of a `kind` block as rich text.
    fn rich(&mut self, kind: &str, v: Option<Text>) -> Option<Rich> {
        self.rich_or_text(kind, v).and_then(|t| match t {
            Ok(s) => {
                let s = prose_text(s);
                (!s.is_empty()).then(|| Rich::plain(s))
            }
            Err(runs) => Some(rich_from_runs(runs)).filter(|r| !r.is_empty()),
        })
    }

    /// `Ok(text)` for a string, `Err(runs)` for runs (as written).
    fn rich_or_text(&mut self, kind: &str, v: Option<Text>) -> Option<Result<String, Vec<Run>>> {
        match v {
            None => {
                self.problem(None, format!("a `{kind}` block has no `text`; skipped"));
                None
            }
            Some(Text::Plain(s)) if s.trim().is_empty() => None,
            Some(Text::Plain(s)) => Some(Ok(s)),
            Some(Text::Runs(runs)) => Some(Err(self.runs(&["text"], None, runs))),
            Some(Text::Other(other)) => {
                self.problem(
                    Some("text"),
                    format!(
                        "`text` should be text or an array of runs; found {}; the block is \
                         skipped",
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    /// Runs at `key` (and item `k`), with each bad run reported.
    fn runs(&mut self, key: &[&str], k: Option<usize>, runs: Vec<RunVal>) -> Vec<Run> {
        let mut out = Vec::with_capacity(runs.len());
        for (r, val) in runs.into_iter().enumerate() {
            if let Some(message) = val.problem {
                let (at, j) = (self.at, self.j);
                let mut path = vec![Seg::Key("body"), Seg::Index(j)];
                path.extend(key.iter().map(|k| Seg::Key(k)));
                path.extend(k.map(Seg::Index));
                path.push(Seg::Index(r));
                self.ctx.problem(at, &path, message);
            }
            out.extend(val.run);
        }
        out
    }

    fn build(mut self, raw: RawBlock) -> Option<Block> {
        let unknown = match raw.ty {
            Some(Kind::Paragraph) => {
                return Some(Block::Paragraph(self.rich("paragraph", raw.text)?));
            }
            Some(Kind::Heading) => {
                let text = self.rich("heading", raw.text)?;
                let level = self.level(raw.level);
                return Some(Block::Heading { level, text });
            }
            Some(Kind::PullQuote) => {
                let text = self.rich("pullquote", raw.text)?;
                let cite = self.opt("cite", raw.cite).map(one_line);
                return Some(Block::PullQuote { text, cite });
            }
            Some(Kind::Quote) => {
                let text = self.rich("quote", raw.text)?;
                let cite = self.opt("cite", raw.cite).map(one_line);
                return Some(Block::Quote { text, cite });
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
            Some(Text::Plain(s)) if !s.trim().is_empty() => Some(Rich::plain(prose_text(s))),
            Some(Text::Runs(runs)) => {
                Some(rich_from_runs(self.runs(&["text"], None, runs))).filter(|r| !r.is_empty())
            }
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
        text.map(Block::Paragraph)
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
        items: Option<Result<Vec<Text>, Json>>,
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
                Text::Plain(s) if s.trim().is_empty() => {}
                Text::Plain(s) => out.push(Rich::plain(prose_text(s))),
                Text::Runs(runs) => {
                    let rich = rich_from_runs(self.runs(&["items"], Some(k), runs));
                    if !rich.is_empty() {
                        out.push(rich);
                    }
                }
                Text::Other(other) => {
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

#[cfg(test)]
mod tests {
    use crate::archive::{Origin, load_str, write_v1};

    const WITH_HIGHLIGHTS: &str = r#"{"version": 1, "articles": [
  {"id": "a", "title": "Alfa", "body": ["Vi började med bröd. Sedan kom soppan."],
   "highlights": [
     {"id": "h1", "quote": "Sedan kom soppan.", "prefix": "med bröd. ",
      "note": "Bra\tslut.", "created": 1700000000000, "updated": 1700000500000,
      "origin": "wallabag"},
     {"quote": "Vi började"},
     {"id": "h1", "quote": "bröd"},
     "fel",
     {"id": "x", "note": "inget citat"},
     {"id": "y", "quote": 4},
     {"id": "z", "quote": "med", "created": "igår", "origin": "pocket"}
   ]},
  {"id": "b", "title": "Beta", "body": ["Text."], "highlights": {"quote": "Text."}}
]}"#;

    #[test]
    fn highlights_are_read_and_bad_entries_are_located_problems() {
        let archive = load_str("h.json", WITH_HIGHLIGHTS).expect("loads");
        let a = &archive.articles[0];
        let ids: Vec<&str> = a.highlights.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), 4, "{ids:?}");
        assert_eq!(ids[0], "h1");
        assert!(ids[1].starts_with("h-q"), "{ids:?}");
        assert_eq!(ids[2], "h1-2");
        assert_eq!(ids[3], "z");
        let first = &a.highlights[0];
        assert_eq!(first.quote, "Sedan kom soppan.");
        assert_eq!(first.prefix, "med bröd. ");
        assert_eq!(first.note(), Some("Bra slut."));
        assert_eq!(
            (first.created, first.updated),
            (1_700_000_000_000, 1_700_000_500_000)
        );
        assert_eq!(first.origin, Origin::Wallabag);
        assert_eq!(a.highlights[3].created, 0);
        assert_eq!(a.highlights[3].origin, Origin::Lektyr);
        let said: Vec<String> = archive
            .problems
            .iter()
            .map(|p| format!("{} {}", p.pointer, p.message))
            .collect();
        for (pointer, words) in [
            ("/articles/0/highlights/1 ", "no `id`"),
            ("/articles/0/highlights/2/id ", "earlier highlight"),
            ("/articles/0/highlights/3 ", "should be an object"),
            ("/articles/0/highlights/4 ", "no `quote`"),
            ("/articles/0/highlights/5/quote ", "skipped"),
            ("/articles/0/highlights/6/created ", "milliseconds"),
            ("/articles/0/highlights/6/origin ", "read as lektyr"),
            ("/articles/1/highlights ", "should be an array"),
        ] {
            assert!(
                said.iter()
                    .any(|s| s.starts_with(pointer) && s.contains(words)),
                "{pointer} {words}: {said:#?}"
            );
        }
        assert_eq!(said.len(), 8, "{said:#?}");
        assert!(archive.problems.iter().all(|p| p.line > 0));
    }

    #[test]
    fn written_highlights_read_back_the_same() {
        let archive = load_str("h.json", WITH_HIGHLIGHTS).expect("loads");
        let mut text = Vec::new();
        write_v1(&archive, &mut text).expect("written");
        let text = String::from_utf8(text).expect("UTF-8");
        let again = load_str("again.json", &text).expect("loads again");
        assert!(again.problems.is_empty(), "{:?}", again.problems);
        assert_eq!(again.articles[0].highlights, archive.articles[0].highlights);
    }
}
