//! Wallabag exports: v2 (`is_archived`, `is_starred`, `content` as HTML,
//! `tags` as text) and v1 (`is_read`, `is_fav`, tags as one comma-separated
//! text). Ids are numbers or text, flags `true`/`false` or `1`/`0`, dates
//! like `2016-09-08T11:55:58+0200`.

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer};

use super::common::{self, TagName, html_body, link, plain_title};
use crate::archive::builder::{Builder, Seg, TopicSet};
use crate::archive::json::{Accept, Each, IdText, Json, Loose, accept_object};
use crate::archive::model::{Article, Detail, Seed};

#[derive(Deserialize, Default)]
#[serde(default)]
struct Entry {
    id: Loose<IdText>,
    title: Loose<String>,
    url: Loose<String>,
    is_archived: Loose<bool>,
    is_starred: Loose<bool>,
    is_read: Loose<bool>,
    is_fav: Loose<bool>,
    created_at: Loose<String>,
    published_at: Loose<String>,
    content: Loose<String>,
    language: Loose<String>,
    tags: Loose<Tags>,
    published_by: Loose<Vec<Loose<String>>>,
}

accept_object!(Entry);

/// Tags as an array of text (or of `{"label": …}` objects), or as one text
/// separated by commas (v1).
#[derive(Debug, Default)]
struct Tags(Vec<String>);

impl Accept for Tags {
    fn text(s: String) -> Result<Self, String> {
        Ok(Tags(s.split(',').map(str::to_string).collect()))
    }
    fn seq<'de, A: serde::de::SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        let mut out = Vec::new();
        while let Some(entry) = seq.next_element::<Loose<TagName>>()? {
            if let Loose::Got(TagName(Some(tag))) = entry {
                out.push(tag);
            }
        }
        Ok(Some(Tags(out)))
    }
}

/// The title Wallabag gives an entry it could not fetch.
const NO_TITLE: &str = "No title found";

pub(crate) fn read<'de, D: Deserializer<'de>>(
    b: &mut Builder,
    d: D,
) -> Result<Result<(), Json>, D::Error> {
    b.root = "";
    Each::new(true, |src, entry: Loose<Entry>| map_entry(b, src, entry)).deserialize(d)
}

fn map_entry(b: &mut Builder, src: Option<usize>, entry: Loose<Entry>) {
    let at = b.next_at(src);
    let Some(e) = common::entry(b, at, entry, "an entry") else {
        return;
    };
    let mut a = Article::default();
    let mut d = Detail::default();
    let id = common::id(b, at, e.id);
    let raw_title = e.title.take(b, at, &[Seg::Key("title")], "text");
    let unfetched_title = raw_title.as_deref().map(str::trim) == Some(NO_TITLE);
    a.title = plain_title(b, at, &[Seg::Key("title")], raw_title).into();
    d.url = link(e.url.ok(), None);
    a.date = common::first_date(
        b,
        at,
        [
            ("published_at", e.published_at),
            ("created_at", e.created_at),
        ],
    );
    d.language = common::line(e.language.ok());
    d.author = e
        .published_by
        .ok()
        .into_iter()
        .flatten()
        .filter_map(Loose::ok)
        .find_map(|name| common::author(Some(name), None));
    let mut topics = TopicSet::default();
    for tag in e
        .tags
        .take(b, at, &[Seg::Key("tags")], "an array of text")
        .map(|t| t.0)
        .into_iter()
        .flatten()
    {
        common::topic(b, &mut topics, &tag);
    }
    a.topics = topics.into_vec();
    let flag = |v: Loose<bool>| v.ok().unwrap_or(false);
    a.seed = Seed {
        starred: flag(e.is_starred) || flag(e.is_fav),
        read: flag(e.is_archived) || flag(e.is_read),
    };
    let content = e.content.take(b, at, &[Seg::Key("content")], "HTML text");
    let placeholder = content.as_deref().is_none_or(is_placeholder);
    a.fetch_failed = unfetched_title || placeholder;
    if a.fetch_failed {
        b.problem(
            at,
            &[],
            "Wallabag could not fetch this article: its title or text is a placeholder; \
             it is listed as Wallabag kept it"
                .into(),
        );
    }
    d.body = match content {
        Some(html) => html_body(html, d.url.clone(), None),
        None => Default::default(),
    };
    a.set_detail(d);
    b.push(at, a, id);
}

/// Whether a body is what Wallabag stores when fetching failed: nothing,
/// or one of its stock sentences.
fn is_placeholder(html: &str) -> bool {
    let t = html.trim();
    t.is_empty()
        || t.contains("wallabag can't retrieve contents for this article")
        || t == "Oh, what a shame, no content"
}
