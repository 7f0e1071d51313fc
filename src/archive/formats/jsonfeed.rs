//! JSON Feed 1.0 and 1.1 (`feed.json`): `items[]` with `content_html` (or
//! `content_text`), `authors` (1.1) or `author` (1.0), `tags`, `summary`,
//! `date_published`, `url`/`external_url`, `language` and `image`.

use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::common::{self, entity_title, html_body, link, text_body};
use crate::archive::builder::{Builder, Seg, TopicSet};
use crate::archive::json::{IdText, Json, Loose, accept_object, clean_string};
use crate::archive::model::{Article, Author, Detail};
use crate::archive::sanitize::one_line;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Feed {
    title: Loose<String>,
    home_page_url: Loose<String>,
    feed_url: Loose<String>,
    language: Loose<String>,
    author: Loose<Person>,
    authors: Loose<Vec<Loose<Person>>>,
    items: Loose<Vec<Loose<Item>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Person {
    name: Loose<String>,
    url: Loose<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Item {
    id: Loose<IdText>,
    url: Loose<String>,
    external_url: Loose<String>,
    title: Loose<String>,
    content_html: Loose<String>,
    content_text: Loose<String>,
    summary: Loose<String>,
    image: Loose<String>,
    banner_image: Loose<String>,
    date_published: Loose<String>,
    date_modified: Loose<String>,
    author: Loose<Person>,
    authors: Loose<Vec<Loose<Person>>>,
    tags: Loose<Vec<Loose<String>>>,
    language: Loose<String>,
}

accept_object!(Feed, Person, Item);

/// The first named author of `authors` (1.1), else `author` (1.0).
fn first_author(authors: Loose<Vec<Loose<Person>>>, author: Loose<Person>) -> Option<Author> {
    let people = authors.ok().into_iter().flatten().filter_map(Loose::ok);
    people
        .chain(author.ok())
        .find_map(|p| common::author(p.name.ok(), line_url(p.url.ok())))
}

fn line_url(raw: Option<String>) -> Option<String> {
    raw.map(|u| one_line(clean_string(u)))
        .filter(|u| !u.is_empty())
}

pub(crate) fn read<'de, D: Deserializer<'de>>(
    b: &mut Builder,
    d: D,
) -> Result<Result<(), Json>, D::Error> {
    let feed = match Loose::<Feed>::deserialize(d)? {
        Loose::Got(feed) => feed,
        Loose::Wrong(found) => return Ok(Err(found)),
        Loose::Missing => return Ok(Err(Json::Null)),
    };
    let Some(items) = common::items(b, feed.items, "a feed") else {
        return Err(de::Error::custom("items is not an array"));
    };
    b.title = common::line(
        feed.title
            .ok()
            .map(|t| crate::archive::html::decode_entities(&t)),
    );
    // Relative URLs resolve against the site, else the feed's own URL.
    let home = line_url(feed.home_page_url.ok());
    let feed_url = line_url(feed.feed_url.ok());
    let base = home.or(feed_url);
    let feed_author = first_author(feed.authors, feed.author);
    let feed_language = common::line(feed.language.ok());

    b.reserve(items.len());
    for (src, item) in items.into_iter().enumerate() {
        let at = b.next_at(Some(src));
        let Some(item) = common::entry(b, at, item, "a feed item") else {
            continue;
        };
        let mut a = Article::default();
        let mut d = Detail::default();
        let id = common::id(b, at, item.id);
        let url = link(item.url.ok(), base.as_deref())
            .or_else(|| link(item.external_url.ok(), base.as_deref()));
        let text_title = item.title.take(b, at, &[Seg::Key("title")], "text");
        a.title = match text_title {
            Some(t) => entity_title(b, at, &[Seg::Key("title")], Some(t)).into(),
            // Title-less items (a microblog) are named by their first words.
            None => match item.content_text.as_ref().or(item.summary.as_ref()) {
                Some(text) if common::looks_like_html(text) => {
                    first_words(&crate::archive::html::to_text(text)).into()
                }
                Some(text) => first_words(text).into(),
                None => entity_title(b, at, &[Seg::Key("title")], None).into(),
            },
        };
        d.summary = common::lede(item.summary.take(b, at, &[Seg::Key("summary")], "text"));
        a.date = common::first_date(
            b,
            at,
            [
                ("date_published", item.date_published),
                ("date_modified", item.date_modified),
            ],
        );
        d.author = first_author(item.authors, item.author).or_else(|| feed_author.clone());
        let mut topics = TopicSet::default();
        for tag in item
            .tags
            .take(b, at, &[Seg::Key("tags")], "an array of text")
            .into_iter()
            .flatten()
        {
            if let Loose::Got(tag) = tag {
                common::topic(b, &mut topics, &tag);
            }
        }
        a.topics = topics.into_vec();
        d.language = common::line(item.language.ok()).or_else(|| feed_language.clone());
        let image = item.image.ok().or(item.banner_image.ok());
        let html_base = url.clone().or_else(|| base.clone());
        d.body = match (item.content_html.ok(), item.content_text.ok()) {
            (Some(html), _) if !html.trim().is_empty() => {
                html_body(html, html_base, image.as_deref())
            }
            (_, Some(text)) => text_body(text),
            _ => {
                b.problem(
                    at,
                    &[],
                    "the item has neither `content_html` nor `content_text`".into(),
                );
                Default::default()
            }
        };
        d.url = url;
        a.set_detail(d);
        b.push(at, a, id);
    }
    Ok(Ok(()))
}

/// A title made from the first words of a text: one line, at most about
/// 60 characters, cut at a word.
fn first_words(raw: &str) -> String {
    let text = one_line(crate::archive::html::decode_entities(raw));
    if text.chars().count() <= 60 {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(60).collect();
    }
    out.push('…');
    out
}
