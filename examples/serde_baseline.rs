//! The yardstick for lektyr's start-up: read an archive and deserialize it
//! with serde_json into plain structs, nothing else. `lektyr snapshot` of
//! the same file is compared against this (see README, "Speed").
//!
//! ```text
//! cargo build --release --example serde_baseline
//! hyperfine 'target/release/examples/serde_baseline big.json' \
//!           'target/release/lektyr snapshot big.json'
//! hyperfine 'target/release/examples/serde_baseline --wordpress posts.json' \
//!           'target/release/lektyr snapshot posts.json'
//! ```
//!
//! `--wordpress` reads a WordPress REST dump (`wp/v2/posts?_embed`, a JSON
//! array of posts) into structs of every field lektyr reads from it; a
//! top-level array whose first post has `date_gmt` is taken as one without
//! the flag too. `--self-links` (WordPress only) reads of `_links` only the
//! `self` relation, the one lektyr reads: a floor of just lektyr's work.
//!
//! A fair floor is one pass over the text, as lektyr's own reader is. So
//! nothing here is `#[serde(untagged)]`, internally tagged, flattened or a
//! `serde_json::Value`: serde buffers each of those into a temporary tree
//! and reads it twice. Where the format lets a field take two shapes (an
//! id that is text or a number, an author that is a name or an object, a
//! body, a block, a `text` or a run that is a string or something bigger)
//! a small visitor takes whichever shape comes straight into its typed
//! value. A block is one flat struct of every field any block type has.
//! Fields the format does not have are skipped, as serde does by default.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

// ---------------------------------------------------------------------------
// Archive format, version 1

/// An archive: `{"version", "title", "articles"}`, or a bare array of
/// articles.
pub struct File {
    pub version: Option<u64>,
    pub title: Option<String>,
    pub articles: Vec<Article>,
}

/// The object form of [`File`].
#[derive(Deserialize)]
struct FileObject {
    version: Option<u64>,
    title: Option<String>,
    articles: Vec<Article>,
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FileVisitor;
        impl<'de> Visitor<'de> for FileVisitor {
            type Value = File;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object with `articles` or an array of articles")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<File, A::Error> {
                Ok(File {
                    version: None,
                    title: None,
                    articles: elements(seq)?,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<File, A::Error> {
                let FileObject {
                    version,
                    title,
                    articles,
                } = FileObject::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(File {
                    version,
                    title,
                    articles,
                })
            }
        }
        d.deserialize_any(FileVisitor)
    }
}

/// Every field of an article as plain types, the way a serde user would
/// write them without caring about bad input.
#[derive(Deserialize)]
pub struct Article {
    pub id: Option<Id>,
    pub title: String,
    pub date: Option<String>,
    pub author: Option<Author>,
    pub topics: Option<Vec<String>>,
    /// Another name for `topics`; an article may have both.
    pub tags: Option<Vec<String>>,
    pub series: Option<String>,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub related: Option<Vec<Id>>,
    pub body: Option<Body>,
    /// `"html"` or `"text"`: how a string `body` is read.
    pub body_format: Option<String>,
}

/// An article's id, or an entry of `related`: text or a whole number.
pub enum Id {
    Text(String),
    Number(u64),
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id: text or a whole number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id::Text(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id::Number(v))
            }
        }
        d.deserialize_any(IdVisitor)
    }
}

/// An author: a name alone (the other fields `None`), or
/// `{"name", "role", "bio", "url"}`.
pub struct Author {
    pub name: String,
    pub role: Option<String>,
    pub bio: Option<String>,
    pub url: Option<String>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum AuthorKey {
    Name,
    Role,
    Bio,
    Url,
    #[serde(other)]
    Other,
}

impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AuthorVisitor;
        impl<'de> Visitor<'de> for AuthorVisitor {
            type Value = Author;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an author: a name or an object with `name`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Author, E> {
                Ok(Author {
                    name: v.to_owned(),
                    role: None,
                    bio: None,
                    url: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Author, A::Error> {
                let (mut name, mut role, mut bio, mut url) = (None, None, None, None);
                while let Some(key) = map.next_key()? {
                    match key {
                        AuthorKey::Name => name = Some(map.next_value()?),
                        AuthorKey::Role => role = map.next_value()?,
                        AuthorKey::Bio => bio = map.next_value()?,
                        AuthorKey::Url => url = map.next_value()?,
                        AuthorKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Author {
                    name: name.ok_or_else(|| de::Error::missing_field("name"))?,
                    role,
                    bio,
                    url,
                })
            }
        }
        d.deserialize_any(AuthorVisitor)
    }
}

/// A body: one string (text, or HTML when `body_format` says so), or an
/// array of blocks.
pub enum Body {
    Text(String),
    Blocks(Vec<Block>),
}

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct BodyVisitor;
        impl<'de> Visitor<'de> for BodyVisitor {
            type Value = Body;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a body: text or an array of blocks")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Body, E> {
                Ok(Body::Text(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Body, A::Error> {
                elements(seq).map(Body::Blocks)
            }
        }
        d.deserialize_any(BodyVisitor)
    }
}

/// A block: every field any block type has. A bare string is a paragraph
/// and has only `text` (and no `kind`).
#[derive(Default)]
pub struct Block {
    /// `type`: paragraph, heading, pullquote, quote, image, list, code or rule.
    pub kind: Option<String>,
    pub text: Option<Text>,
    pub level: Option<u8>,
    pub cite: Option<String>,
    pub src: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub items: Option<Vec<Text>>,
    pub ordered: Option<bool>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum BlockKey {
    #[serde(rename = "type")]
    Kind,
    Text,
    Level,
    Cite,
    Src,
    Alt,
    Caption,
    Items,
    Ordered,
    #[serde(other)]
    Other,
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct BlockVisitor;
        impl<'de> Visitor<'de> for BlockVisitor {
            type Value = Block;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a block: text or an object with `type`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Block, E> {
                Ok(Block {
                    text: Some(Text::Plain(v.to_owned())),
                    ..Block::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Block, A::Error> {
                let mut b = Block::default();
                while let Some(key) = map.next_key()? {
                    match key {
                        BlockKey::Kind => b.kind = map.next_value()?,
                        BlockKey::Text => b.text = map.next_value()?,
                        BlockKey::Level => b.level = map.next_value()?,
                        BlockKey::Cite => b.cite = map.next_value()?,
                        BlockKey::Src => b.src = map.next_value()?,
                        BlockKey::Alt => b.alt = map.next_value()?,
                        BlockKey::Caption => b.caption = map.next_value()?,
                        BlockKey::Items => b.items = map.next_value()?,
                        BlockKey::Ordered => b.ordered = map.next_value()?,
                        BlockKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(b)
            }
        }
        d.deserialize_any(BlockVisitor)
    }
}

/// A block's `text`, or a list item: one string, or an array of runs.
pub enum Text {
    Plain(String),
    Runs(Vec<Run>),
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text or an array of runs")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text, A::Error> {
                elements(seq).map(Text::Runs)
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

/// A run of text: a bare string (no style, no link), or
/// `{"text", "style", "link"}`.
pub struct Run {
    pub text: String,
    /// emphasis, strong or code.
    pub style: Option<String>,
    pub link: Option<String>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum RunKey {
    Text,
    Style,
    Link,
    #[serde(other)]
    Other,
}

impl<'de> Deserialize<'de> for Run {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RunVisitor;
        impl<'de> Visitor<'de> for RunVisitor {
            type Value = Run;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a run: text or an object with `text`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Run, E> {
                Ok(Run {
                    text: v.to_owned(),
                    style: None,
                    link: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Run, A::Error> {
                let (mut text, mut style, mut link) = (None, None, None);
                while let Some(key) = map.next_key()? {
                    match key {
                        RunKey::Text => text = Some(map.next_value()?),
                        RunKey::Style => style = map.next_value()?,
                        RunKey::Link => link = map.next_value()?,
                        RunKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Run {
                    text: text.ok_or_else(|| de::Error::missing_field("text"))?,
                    style,
                    link,
                })
            }
        }
        d.deserialize_any(RunVisitor)
    }
}

/// The elements of an array, in the one pass.
fn elements<'de, T: Deserialize<'de>, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<T>, A::Error> {
    let mut out = Vec::new();
    while let Some(element) = seq.next_element()? {
        out.push(element);
    }
    Ok(out)
}

/// The lower bound: only the list's fields are built; authors and bodies
/// are parsed but skipped (`--skip-body`).
#[derive(Deserialize)]
pub struct SkimFile {
    pub articles: Vec<SkimArticle>,
}

#[derive(Deserialize)]
pub struct SkimArticle {
    pub id: Option<Id>,
    pub title: String,
    pub date: Option<String>,
    pub topics: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    pub author: Option<IgnoredAny>,
    pub body: Option<IgnoredAny>,
}

// ---------------------------------------------------------------------------
// WordPress REST dumps

/// A WordPress post as `wp/v2/posts?_embed` serves it: every field lektyr
/// reads, `guid` and `_links` included. The rest (`modified`, `slug`,
/// `meta`, …) is skipped. `_links` is read whole by default (`WpLinks`);
/// `--self-links` reads only its `self` relation (`WpSelfLinks`), as
/// lektyr does, for a floor of just the work lektyr has to do.
#[derive(Deserialize)]
pub struct WpPost<L = WpLinks> {
    pub id: Id,
    pub date: Option<String>,
    pub date_gmt: Option<String>,
    pub guid: Option<Rendered>,
    pub link: Option<String>,
    pub title: Option<Rendered>,
    pub content: Option<Rendered>,
    pub excerpt: Option<Rendered>,
    pub categories: Option<Vec<u64>>,
    pub tags: Option<Vec<u64>>,
    #[serde(rename = "jetpack-related-posts")]
    pub related: Option<Vec<WpRelated>>,
    #[serde(rename = "_links")]
    pub links: Option<L>,
    #[serde(rename = "_embedded")]
    pub embedded: Option<WpEmbedded>,
}

#[derive(Deserialize)]
pub struct Rendered {
    pub rendered: String,
}

/// An entry of `jetpack-related-posts`.
#[derive(Deserialize)]
pub struct WpRelated {
    pub id: Option<Id>,
    pub title: Option<String>,
}

/// `_links`: each relation an array of link objects.
#[derive(Deserialize)]
pub struct WpLinks {
    #[serde(rename = "self")]
    pub own: Option<Vec<WpLink>>,
    pub collection: Option<Vec<WpLink>>,
    pub about: Option<Vec<WpLink>>,
    pub author: Option<Vec<WpLink>>,
    pub replies: Option<Vec<WpLink>>,
    #[serde(rename = "version-history")]
    pub version_history: Option<Vec<WpLink>>,
    #[serde(rename = "predecessor-version")]
    pub predecessor_version: Option<Vec<WpLink>>,
    #[serde(rename = "wp:featuredmedia")]
    pub featured_media: Option<Vec<WpLink>>,
    #[serde(rename = "wp:attachment")]
    pub attachment: Option<Vec<WpLink>>,
    #[serde(rename = "wp:term")]
    pub terms: Option<Vec<WpLink>>,
    pub curies: Option<Vec<WpLink>>,
}

/// `_links` with only the relation lektyr reads.
#[derive(Deserialize)]
pub struct WpSelfLinks {
    #[serde(rename = "self")]
    pub own: Option<Vec<WpLink>>,
}

#[derive(Deserialize)]
pub struct WpLink {
    pub href: String,
    pub embeddable: Option<bool>,
    pub taxonomy: Option<String>,
    pub count: Option<u64>,
    pub id: Option<u64>,
    pub name: Option<String>,
    pub templated: Option<bool>,
}

#[derive(Deserialize)]
pub struct WpEmbedded {
    pub author: Option<Vec<WpAuthor>>,
    /// One array per taxonomy (categories, then tags).
    #[serde(rename = "wp:term")]
    pub terms: Option<Vec<Vec<WpTerm>>>,
    #[serde(rename = "wp:featuredmedia")]
    pub media: Option<Vec<WpMedia>>,
}

#[derive(Deserialize)]
pub struct WpAuthor {
    pub name: Option<String>,
    pub description: Option<String>,
    pub link: Option<String>,
}

#[derive(Deserialize)]
pub struct WpTerm {
    pub id: u64,
    pub name: String,
    pub taxonomy: Option<String>,
}

#[derive(Deserialize)]
pub struct WpMedia {
    pub source_url: Option<String>,
}

/// A top-level array whose first element has `date_gmt` before its first
/// `}`: a WordPress dump. Only the start of the text is looked at.
fn looks_like_wordpress(text: &str) -> bool {
    let start = text.trim_start();
    let head = start
        .get(..start.find('}').unwrap_or(start.len()))
        .unwrap_or("");
    start.starts_with('[') && head.contains("\"date_gmt\"")
}

pub fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let skim = args.iter().any(|a| a == "--skip-body");
    let self_links = args.iter().any(|a| a == "--self-links");
    let wordpress = self_links || args.iter().any(|a| a == "--wordpress");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: serde_baseline [--skip-body | --wordpress [--self-links]] ARCHIVE.json");
        return std::process::ExitCode::from(2);
    };
    // Nothing is freed before the process ends, as lektyr leaves its app
    // to the exit: the floor is reading and parsing, not freeing.
    let parsed = std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| {
            let text = &*Box::leak(text.into_boxed_str());
            if self_links {
                serde_json::from_str::<Vec<WpPost<WpSelfLinks>>>(text)
                    .map(|posts| std::mem::ManuallyDrop::new(posts).len())
            } else if wordpress || looks_like_wordpress(text) {
                serde_json::from_str::<Vec<WpPost>>(text)
                    .map(|posts| std::mem::ManuallyDrop::new(posts).len())
            } else if skim {
                serde_json::from_str::<SkimFile>(text)
                    .map(|f| std::mem::ManuallyDrop::new(f).articles.len())
            } else {
                serde_json::from_str::<File>(text)
                    .map(|f| std::mem::ManuallyDrop::new(f).articles.len())
            }
            .map_err(|e| e.to_string())
        });
    match parsed {
        Ok(n) => {
            println!("{n} articles");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
