//! Wallabag exports: v2 (`is_archived`, `is_starred`, `content` as HTML,
//! `tags` as text) and v1 (`is_read`, `is_fav`, tags as one comma-separated
//! text). Ids are numbers or text, flags `true`/`false` or `1`/`0`, dates
//! like `2016-09-08T11:55:58+0200`.
//!
//! An entry's `annotations` are its highlights: `quote` (the text marked)
//! and `text` (the note), with `ranges` (XPath ranges into Wallabag's own
//! page, not used: the quote is found by its text). The export writes only
//! those three; Wallabag's API also gives `id`, `created_at` and
//! `updated_at`, read when present.

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer};

use super::common::{self, TagName, html_body, link, plain_title};
use super::highlights::{note_text, quote_id, quote_text, stamp, unique_ids};
use crate::archive::builder::{At, Builder, Seg, TopicSet};
use crate::archive::highlight::{Highlight, Origin};
use crate::archive::json::{Accept, Each, IdText, Json, Loose, accept_object, clean_string};
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
    annotations: Loose<Vec<Loose<Annotation>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Annotation {
    id: Loose<IdText>,
    quote: Loose<String>,
    text: Loose<String>,
    created_at: Loose<String>,
    updated_at: Loose<String>,
}

accept_object!(Entry, Annotation);

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
    let annotations =
        e.annotations
            .take(b, at, &[Seg::Key("annotations")], "an array of annotations");
    a.highlights = highlights(b, at, annotations.unwrap_or_default()).into();
    let flag = |v: Loose<bool>| v.ok().unwrap_or(false);
    a.seed = Seed {
        starred: flag(e.is_starred) || flag(e.is_fav),
        read: flag(e.is_archived) || flag(e.is_read),
        progress: None,
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

/// An entry's annotations as highlights; one that is not an object or
/// has no quote is a problem and skipped.
fn highlights(b: &mut Builder, at: At, list: Vec<Loose<Annotation>>) -> Vec<Highlight> {
    let mut out = Vec::with_capacity(list.len());
    for (k, entry) in list.into_iter().enumerate() {
        let here = |key| [Seg::Key("annotations"), Seg::Index(k), Seg::Key(key)];
        let n = match entry {
            Loose::Got(n) => n,
            Loose::Missing => continue,
            Loose::Wrong(found) => {
                b.problem(
                    at,
                    &[Seg::Key("annotations"), Seg::Index(k)],
                    format!(
                        "an annotation should be an object with a `quote`; found {}; skipped",
                        found.describe()
                    ),
                );
                continue;
            }
        };
        let quote = n
            .quote
            .take(b, at, &here("quote"), "text")
            .map(quote_text)
            .filter(|q| !q.trim().is_empty());
        let Some(quote) = quote else {
            b.problem(
                at,
                &[Seg::Key("annotations"), Seg::Index(k)],
                "the annotation has no `quote` (the text it marks); skipped".into(),
            );
            continue;
        };
        let id = common_id(b, at, &here("id"), n.id);
        let note = n
            .text
            .take(b, at, &here("text"), "text")
            .and_then(note_text);
        let created = n
            .created_at
            .take(b, at, &here("created_at"), "text")
            .map_or(0, |t| stamp(b, at, &here("created_at"), t));
        let updated = n
            .updated_at
            .take(b, at, &here("updated_at"), "text")
            .map_or(0, |t| stamp(b, at, &here("updated_at"), t));
        out.push(Highlight {
            id: match id {
                Some(id) => format!("wallabag-{id}"),
                None => quote_id("wallabag", &quote),
            },
            quote,
            note,
            created,
            updated: updated.max(created),
            origin: Origin::Wallabag,
            ..Highlight::default()
        });
    }
    // Two annotations of one quote and no ids share a made id.
    unique_ids(&mut out, |_, _, _| {});
    out
}

/// An annotation's id as written, text or a number, on one line.
fn common_id(b: &mut Builder, at: At, path: &[Seg<'_>], v: Loose<IdText>) -> Option<String> {
    v.take(b, at, path, "text or a number")
        .map(|IdText(id)| crate::archive::sanitize::one_line(clean_string(id)))
        .filter(|id| !id.is_empty())
}

/// Whether a body is what Wallabag stores when fetching failed: nothing,
/// or one of its stock sentences.
fn is_placeholder(html: &str) -> bool {
    let t = html.trim();
    t.is_empty()
        || t.contains("wallabag can't retrieve contents for this article")
        || t == "Oh, what a shame, no content"
}

#[cfg(test)]
mod tests {
    use crate::archive::{Format, Origin, load_str_as};

    #[test]
    fn annotations_become_highlights_and_bad_ones_are_problems() {
        let text = r#"[{"id": 5, "title": "T", "is_archived": 0, "content": "<p>Ett två tre.</p>",
          "annotations": [
            {"id": 9, "quote": "två\u001b[2J", "text": "Min\tanteckning",
             "created_at": "2016-09-08T11:55:58+0200", "updated_at": "2016-09-08T12:00:00+0200",
             "ranges": [{"start": "/p[1]", "startOffset": 4, "end": "/p[1]", "endOffset": 7}]},
            {"quote": "tre", "text": "", "ranges": []},
            {"id": 10, "text": "utan citat"},
            7,
            {"id": 11, "quote": "Ett", "created_at": "i fjol"}
          ]}]"#;
        let archive = load_str_as("w.json", text, Some(Format::Wallabag)).expect("loads");
        let list = &archive.articles[0].highlights;
        assert_eq!(list.len(), 3);
        let first = &list[0];
        assert_eq!(first.id, "wallabag-9");
        assert_eq!(first.quote, "två", "escapes go, as from any text");
        assert_eq!(first.note(), Some("Min anteckning"));
        assert_eq!(first.created, 1_473_328_558_000);
        assert_eq!(first.updated, 1_473_328_800_000);
        assert_eq!(first.origin, Origin::Wallabag);
        assert!(list[1].id.starts_with("wallabag-q"));
        assert_eq!(list[1].note, None);
        assert_eq!((list[2].id.as_str(), list[2].created), ("wallabag-11", 0));
        let said: Vec<String> = archive
            .problems
            .iter()
            .map(|p| format!("{} {}", p.pointer, p.message))
            .collect();
        assert_eq!(said.len(), 3, "{said:#?}");
        assert!(said[0].starts_with("/0/annotations/2 ") && said[0].contains("no `quote`"));
        assert!(said[1].starts_with("/0/annotations/3 ") && said[1].contains("an object"));
        assert!(said[2].starts_with("/0/annotations/4/created_at ") && said[2].contains("i fjol"));
    }
}
