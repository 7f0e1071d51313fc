//! Google Reader API JSON, as FreshRSS, Inoreader and The Old Reader export
//! starred or saved items: `items[]` with `title`, `published` (Unix
//! seconds), `canonical`/`alternate` links, `summary.content` or
//! `content.content` (HTML), `author`, `origin` and `categories`, where
//! `user/…/label/X` is a topic and `user/…/state/com.google/starred` and
//! `…/read` are marks.

use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::common::{self, Href, entity_title, first_href, html_body, link};
use crate::archive::builder::{Builder, Seg, TopicSet};
use crate::archive::date::from_unix;
use crate::archive::json::{IdText, Json, Loose, accept_object};
use crate::archive::model::{Article, Detail, Seed};
use crate::archive::sanitize::one_line;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Stream {
    title: Loose<String>,
    items: Loose<Vec<Loose<Item>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Item {
    id: Loose<IdText>,
    title: Loose<String>,
    published: Loose<i64>,
    canonical: Loose<Vec<Loose<Href>>>,
    alternate: Loose<Vec<Loose<Href>>>,
    summary: Loose<Content>,
    content: Loose<Content>,
    author: Loose<String>,
    origin: Loose<Origin>,
    categories: Loose<Vec<Loose<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Content {
    content: Loose<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Origin {
    title: Loose<String>,
    #[serde(rename = "htmlUrl")]
    html_url: Loose<String>,
}

accept_object!(Stream, Item, Content, Origin);

pub(crate) fn read<'de, D: Deserializer<'de>>(
    b: &mut Builder,
    d: D,
) -> Result<Result<(), Json>, D::Error> {
    let stream = match Loose::<Stream>::deserialize(d)? {
        Loose::Got(s) => s,
        Loose::Wrong(found) => return Ok(Err(found)),
        Loose::Missing => return Ok(Err(Json::Null)),
    };
    let Some(items) = common::items(b, stream.items, "an object") else {
        return Err(de::Error::custom("items is not an array"));
    };
    b.title = common::line(
        stream
            .title
            .ok()
            .map(|t| crate::archive::html::decode_entities(&t)),
    );
    b.reserve(items.len());
    for (src, item) in items.into_iter().enumerate() {
        let at = b.next_at(Some(src));
        let Some(item) = common::entry(b, at, item, "an item") else {
            continue;
        };
        let mut a = Article::default();
        let mut d = Detail::default();
        let id = common::id(b, at, item.id);
        let raw_title = item.title.take(b, at, &[Seg::Key("title")], "text");
        a.title = entity_title(b, at, &[Seg::Key("title")], raw_title).into();
        a.date = item
            .published
            .take(b, at, &[Seg::Key("published")], "Unix seconds")
            .map(from_unix);
        let (feed, site) = match item.origin.ok() {
            Some(o) => (o.title.ok(), o.html_url.ok()),
            None => (None, None),
        };
        let site = link(site, None);
        d.url = link(
            first_href(item.canonical).or_else(|| first_href(item.alternate)),
            site.as_deref(),
        );
        // The feed an item came from reads as its series.
        d.series = feed
            .map(|f| one_line(crate::archive::html::decode_entities(&f)))
            .filter(|f| !f.is_empty());
        d.author = common::author(item.author.ok(), None);
        let mut topics = TopicSet::default();
        let mut seed = Seed::default();
        for category in item
            .categories
            .ok()
            .into_iter()
            .flatten()
            .filter_map(Loose::ok)
        {
            match category_kind(&category) {
                Category::Label(name) => common::topic(b, &mut topics, name),
                Category::Starred => seed.starred = true,
                Category::Read => seed.read = true,
                Category::Other => {}
            }
        }
        a.topics = topics.into_vec();
        a.seed = seed;
        let html = item
            .content
            .ok()
            .and_then(|c| c.content.ok())
            .or_else(|| item.summary.ok().and_then(|c| c.content.ok()));
        let base = d.url.clone().or(site);
        d.body = match html {
            Some(html) => html_body(html, base, None),
            None => Default::default(),
        };
        a.set_detail(d);
        b.push(at, a, id);
    }
    Ok(Ok(()))
}

enum Category<'a> {
    Label(&'a str),
    Starred,
    Read,
    Other,
}

/// `user/-/label/Rust` (or with a user number) is a label; the
/// `state/com.google/…` ones are marks.
fn category_kind(c: &str) -> Category<'_> {
    let Some(rest) = c.strip_prefix("user/") else {
        return Category::Other;
    };
    let Some((_, what)) = rest.split_once('/') else {
        return Category::Other;
    };
    if let Some(label) = what.strip_prefix("label/") {
        return Category::Label(label);
    }
    match what {
        "state/com.google/starred" => Category::Starred,
        "state/com.google/read" => Category::Read,
        _ => Category::Other,
    }
}
