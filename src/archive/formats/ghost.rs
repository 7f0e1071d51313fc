//! Ghost's JSON, from 0.x to 6: the export Ghost Admin writes
//! (`{"db": [{"meta": …, "data": {…}}]}`) and the import file some tools
//! write (`{"meta": …, "data": {…}}`). `data` holds the site's tables:
//! `posts`, and beside them `tags` and `posts_tags`, `users` and
//! `posts_authors` (Ghost 1.22 on; before, a post's `author_id`), and
//! `posts_meta` (Ghost 3 on: a feature image's alt and caption).
//!
//! Ids are text or numbers; a page is `type: "page"` (Ghost 3 on) or
//! `page: 1`/`true`; dates are text or Unix milliseconds (0.x). A body is
//! the post's `html`, else rendered from `lexical`, `mobiledoc` or
//! `markdown` (see [`render`]), else its `plaintext`.
//!
//! A real export also holds the site's secrets: password hashes and
//! e-mail addresses in `users`, `api_keys`, `sessions`, `members`, keys and
//! mail settings in `settings`. Only the fields named in the structs below
//! are read; every other value is skipped unread, and of `settings` only
//! the site's `title` and `lang` are kept (a setting's `value` is read only
//! once its `key` is known to be one of them).

mod render;

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess};

use super::common::{self, link, plain_title};
use crate::archive::builder::{At, Builder, Fatal, Seg, TopicSet};
use crate::archive::date::{Rules, from_unix};
use crate::archive::json::{Accept, IdText, Json, Loose, Skip, accept_object, clean_string};
use crate::archive::model::{Article, Author, Body, Date, Detail};
use crate::archive::sanitize::one_line;

/// What a Ghost file looks like, for messages.
pub(crate) const SHAPE: &str = "an object with `db` (a Ghost export) or `data` (an import file)";

/// The placeholder Ghost 4 on writes for the site's own address in
/// exported HTML and image paths.
const SITE_PLACEHOLDER: &str = "__GHOST_URL__";

#[derive(Deserialize, Default)]
#[serde(default)]
struct Top {
    db: Loose<Vec<Loose<Export>>>,
    data: Loose<Data>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Export {
    data: Loose<Data>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Data {
    posts: Loose<Vec<Loose<Post>>>,
    tags: Loose<Vec<Loose<Tag>>>,
    posts_tags: Loose<Vec<Loose<Link>>>,
    users: Loose<Vec<Loose<User>>>,
    posts_authors: Loose<Vec<Loose<Link>>>,
    posts_meta: Loose<Vec<Loose<PostMeta>>>,
    settings: Loose<Vec<Loose<Setting>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Post {
    id: Loose<IdText>,
    title: Loose<String>,
    html: Loose<String>,
    lexical: Loose<String>,
    mobiledoc: Loose<String>,
    markdown: Loose<String>,
    plaintext: Loose<String>,
    feature_image: Loose<String>,
    /// The feature image before Ghost 1.0.
    image: Loose<String>,
    feature_image_alt: Loose<String>,
    feature_image_caption: Loose<String>,
    #[serde(rename = "type")]
    kind: Loose<String>,
    page: Loose<bool>,
    status: Loose<String>,
    locale: Loose<String>,
    language: Loose<String>,
    author_id: Loose<IdText>,
    published_at: Loose<Stamp>,
    created_at: Loose<Stamp>,
    custom_excerpt: Loose<String>,
    canonical_url: Loose<String>,
    url: Loose<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Tag {
    id: Loose<IdText>,
    name: Loose<String>,
    visibility: Loose<String>,
}

/// A row of `posts_tags` or `posts_authors`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Link {
    post_id: Loose<IdText>,
    tag_id: Loose<IdText>,
    author_id: Loose<IdText>,
    sort_order: Loose<i64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct User {
    id: Loose<IdText>,
    name: Loose<String>,
    bio: Loose<String>,
    website: Loose<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PostMeta {
    post_id: Loose<IdText>,
    feature_image_alt: Loose<String>,
    feature_image_caption: Loose<String>,
}

accept_object!(Top, Export, Data, Post, Tag, Link, User, PostMeta);

/// A date as text, or as Unix milliseconds (Ghost 0.x).
enum Stamp {
    Text(String),
    Millis(i64),
}

impl Accept for Stamp {
    fn text(s: String) -> Result<Self, String> {
        Ok(Stamp::Text(s))
    }
    fn int(n: i128) -> Option<Self> {
        i64::try_from(n).ok().map(Stamp::Millis)
    }
    fn float(f: f64) -> Option<Self> {
        Json::Float(f)
            .as_int()
            .and_then(|n| i64::try_from(n).ok())
            .map(Stamp::Millis)
    }
}

/// The settings kept: the site's title and language.
fn wanted_setting(key: &str) -> bool {
    matches!(key, "title" | "lang")
}

/// A row of `settings`, of which only a wanted one's value is read.
struct Setting {
    key: Option<String>,
    value: Option<String>,
}

impl Accept for Setting {
    fn map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut setting = Setting {
            key: None,
            value: None,
        };
        while let Some(field) = map.next_key::<String>()? {
            match field.as_str() {
                "key" => setting.key = map.next_value::<Loose<String>>()?.ok(),
                // A value before its key, or of another setting, is
                // skipped unread: it may be a secret.
                "value" if setting.key.as_deref().is_some_and(wanted_setting) => {
                    setting.value = map.next_value::<Loose<String>>()?.ok();
                }
                _ => map.next_value_seed(Skip)?,
            }
        }
        Ok(Some(setting))
    }
}

pub(crate) fn read<'de, D: Deserializer<'de>>(
    b: &mut Builder,
    d: D,
) -> Result<Result<(), Json>, D::Error> {
    let top = match Loose::<Top>::deserialize(d)? {
        Loose::Got(top) => top,
        Loose::Wrong(found) => return Ok(Err(found)),
        Loose::Missing => return Ok(Err(Json::Null)),
    };
    let (base, data) = match top.db {
        Loose::Got(mut exports) => {
            if exports.len() > 1 {
                b.file_problem(
                    "/db/1",
                    format!(
                        "the export holds {} databases; only the first is read",
                        exports.len()
                    ),
                );
            }
            let first = if exports.is_empty() {
                Loose::Missing
            } else {
                exports.swap_remove(0)
            };
            let data = match first {
                Loose::Got(export) => export.data,
                Loose::Wrong(found) => Loose::Wrong(found),
                Loose::Missing => Loose::Missing,
            };
            ("/db/0/data", data)
        }
        Loose::Wrong(found) => {
            return fatal(b, format!("`db` as {}", found.describe()), "/db");
        }
        Loose::Missing => ("/data", top.data),
    };
    let data = match data {
        Loose::Got(data) => data,
        Loose::Wrong(found) => {
            return fatal(b, format!("`data` as {}", found.describe()), base);
        }
        Loose::Missing if base == "/data" => {
            return fatal(b, "an object without `db` or `data`".into(), "");
        }
        Loose::Missing => {
            return fatal(b, "an export without `data`".into(), "/db/0");
        }
    };
    b.root = if base == "/data" {
        "/data/posts"
    } else {
        "/db/0/data/posts"
    };
    let site = Site::read(b, base, data.settings);
    b.title = site.title.clone();
    let tables = Tables::read(
        b,
        base,
        data.tags,
        data.posts_tags,
        data.users,
        data.posts_authors,
        data.posts_meta,
    );
    let posts = match data.posts {
        Loose::Got(posts) => posts,
        Loose::Missing => Vec::new(),
        Loose::Wrong(found) => {
            return fatal(b, format!("`posts` as {}", found.describe()), b.root);
        }
    };
    b.reserve(posts.len());
    for (i, post) in posts.into_iter().enumerate() {
        map_post(b, &tables, &site, i, post);
    }
    Ok(Ok(()))
}

/// Stops the load: the file is not a Ghost export after all.
fn fatal<E: de::Error>(
    b: &mut Builder,
    found: String,
    pointer: &str,
) -> Result<Result<(), Json>, E> {
    b.fatal = Some(Fatal::NotAnArchive {
        found,
        expected: SHAPE.into(),
        pointer: Some(pointer.to_string()),
    });
    Err(E::custom("not a Ghost export"))
}

/// What the site's settings say.
#[derive(Default)]
struct Site {
    title: Option<String>,
    language: Option<String>,
}

impl Site {
    fn read(b: &mut Builder, base: &str, settings: Loose<Vec<Loose<Setting>>>) -> Site {
        let mut site = Site::default();
        for (_, s) in rows(b, base, "settings", settings, "a setting") {
            let value = common::line(s.value);
            match s.key.as_deref() {
                Some("title") => site.title = value,
                Some("lang") => site.language = value,
                _ => {}
            }
        }
        site
    }
}

/// The rows of a table that are objects; the others are problems.
fn rows<T>(
    b: &mut Builder,
    base: &str,
    table: &str,
    v: Loose<Vec<Loose<T>>>,
    what: &str,
) -> Vec<(usize, T)> {
    let list = match v {
        Loose::Got(list) => list,
        Loose::Missing => return Vec::new(),
        Loose::Wrong(found) => {
            b.file_problem(
                &format!("{base}/{table}"),
                format!(
                    "`{table}` should be an array; found {}; ignored",
                    found.describe()
                ),
            );
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, row) in list.into_iter().enumerate() {
        match row {
            Loose::Got(t) => out.push((i, t)),
            Loose::Missing => {}
            Loose::Wrong(found) => b.file_problem(
                &format!("{base}/{table}/{i}"),
                format!(
                    "{what} should be an object; found {}; skipped",
                    found.describe()
                ),
            ),
        }
    }
    out
}

/// An id as written, text or a number, as a key to match rows by.
fn key(v: Loose<IdText>) -> Option<String> {
    v.ok()
        .map(|IdText(id)| one_line(clean_string(id)))
        .filter(|id| !id.is_empty())
}

/// The tables a post is joined with, by id.
#[derive(Default)]
struct Tables {
    /// Tag names by tag id; `None` for an internal tag.
    tags: HashMap<String, Option<String>>,
    /// Tag ids by post id, in `sort_order`.
    post_tags: HashMap<String, Vec<(i64, String)>>,
    users: HashMap<String, Author>,
    /// Author ids by post id, in `sort_order`.
    post_authors: HashMap<String, Vec<(i64, String)>>,
    /// Feature image alt and caption by post id.
    meta: HashMap<String, (Option<String>, Option<String>)>,
}

impl Tables {
    #[allow(clippy::too_many_arguments)]
    fn read(
        b: &mut Builder,
        base: &str,
        tags: Loose<Vec<Loose<Tag>>>,
        posts_tags: Loose<Vec<Loose<Link>>>,
        users: Loose<Vec<Loose<User>>>,
        posts_authors: Loose<Vec<Loose<Link>>>,
        posts_meta: Loose<Vec<Loose<PostMeta>>>,
    ) -> Tables {
        let mut t = Tables::default();
        for (_, tag) in rows(b, base, "tags", tags, "a tag") {
            let Some(id) = key(tag.id) else { continue };
            let name = common::line(tag.name.ok());
            let internal = name.as_deref().is_some_and(|n| n.starts_with('#'))
                || tag.visibility.ok().is_some_and(|v| v.trim() == "internal");
            t.tags.insert(id, name.filter(|_| !internal));
        }
        for (_, user) in rows(b, base, "users", users, "a user") {
            let Some(id) = key(user.id) else { continue };
            let Some(mut author) = common::author(user.name.ok(), link(user.website.ok(), None))
            else {
                continue;
            };
            author.bio = user
                .bio
                .ok()
                .map(|bio| crate::archive::json::prose_text(clean_string(bio)))
                .filter(|bio| !bio.is_empty());
            t.users.insert(id, author);
        }
        let join = |rows: Vec<(usize, Link)>, tag: bool| {
            let mut by_post: HashMap<String, Vec<(i64, String)>> = HashMap::new();
            for (_, link) in rows {
                let other = if tag { link.tag_id } else { link.author_id };
                let (Some(post), Some(other)) = (key(link.post_id), key(other)) else {
                    continue;
                };
                let order = link.sort_order.ok().unwrap_or(0);
                by_post.entry(post).or_default().push((order, other));
            }
            for list in by_post.values_mut() {
                // Stable: rows of one order stay in file order.
                list.sort_by_key(|&(order, _)| order);
            }
            by_post
        };
        let tag_rows = rows(b, base, "posts_tags", posts_tags, "a post's tag");
        t.post_tags = join(tag_rows, true);
        let author_rows = rows(b, base, "posts_authors", posts_authors, "a post's author");
        t.post_authors = join(author_rows, false);
        for (_, meta) in rows(b, base, "posts_meta", posts_meta, "a post's meta") {
            let Some(post) = key(meta.post_id) else {
                continue;
            };
            let alt = common::line(meta.feature_image_alt.ok());
            let caption = meta
                .feature_image_caption
                .ok()
                .filter(|c| !c.trim().is_empty());
            t.meta.insert(post, (alt, caption));
        }
        t
    }
}

/// How a post's status shows in its title: nothing for a published one.
fn status_mark(status: Option<&str>) -> Option<String> {
    let status = one_line(clean_string(status?.to_string()));
    match status.to_ascii_lowercase().as_str() {
        "" | "published" | "sent" => None,
        _ => Some(format!("[{}] ", status.to_ascii_lowercase())),
    }
}

fn map_post(b: &mut Builder, tables: &Tables, site: &Site, i: usize, post: Loose<Post>) {
    let at = b.next_at(Some(i));
    let Some(p) = common::entry(b, at, post, "a post") else {
        return;
    };
    let kind = p.kind.take(b, at, &[Seg::Key("type")], "text");
    let is_page = match kind.as_deref().map(str::trim) {
        Some(kind) => kind == "page",
        None => {
            p.page
                .take(b, at, &[Seg::Key("page")], "`true`/`false` or 1/0")
                == Some(true)
        }
    };
    if is_page && !b.pages {
        return;
    }
    let mut a = Article::default();
    let mut d = Detail::default();
    let id = common::id(b, at, p.id);
    // The id as the other tables write it, to join them by.
    let post_key = id.clone();
    let title = p.title.take(b, at, &[Seg::Key("title")], "text");
    let title = plain_title(b, at, &[Seg::Key("title")], title);
    let status = p.status.take(b, at, &[Seg::Key("status")], "text");
    a.title = match status_mark(status.as_deref()) {
        Some(mark) => format!("{mark}{title}"),
        None => title,
    }
    .into();
    a.date = date(b, at, "published_at", p.published_at)
        .or_else(|| date(b, at, "created_at", p.created_at));
    let canonical = p
        .canonical_url
        .take(b, at, &[Seg::Key("canonical_url")], "text");
    let url = p.url.take(b, at, &[Seg::Key("url")], "text");
    d.url = [canonical, url]
        .into_iter()
        .flatten()
        .map(|u| u.replace(SITE_PLACEHOLDER, ""))
        .find_map(|u| link(Some(u), None));
    let locale = p.locale.ok().or(p.language.ok());
    d.language = common::line(locale).or_else(|| site.language.clone());

    let mut topics = TopicSet::default();
    if let Some(tag_ids) = post_key.as_ref().and_then(|k| tables.post_tags.get(k)) {
        for (_, tag) in tag_ids {
            if let Some(Some(name)) = tables.tags.get(tag) {
                common::topic(b, &mut topics, name);
            }
        }
    }
    a.topics = topics.into_vec();

    let first_author = post_key
        .as_ref()
        .and_then(|k| tables.post_authors.get(k))
        .and_then(|list| list.iter().find_map(|(_, id)| tables.users.get(id)));
    d.author = first_author
        .or_else(|| key(p.author_id).and_then(|id| tables.users.get(&id)))
        .cloned();

    let excerpt = p
        .custom_excerpt
        .take(b, at, &[Seg::Key("custom_excerpt")], "text");
    d.summary = common::lede(excerpt.filter(|e| !e.trim().is_empty()));

    let image = p
        .feature_image
        .take(b, at, &[Seg::Key("feature_image")], "text")
        .or_else(|| p.image.ok())
        .map(|src| src.replace(SITE_PLACEHOLDER, ""))
        .filter(|src| !src.trim().is_empty());
    let (meta_alt, meta_caption) = post_key
        .as_ref()
        .and_then(|k| tables.meta.get(k))
        .cloned()
        .unwrap_or_default();
    let alt = meta_alt.or_else(|| common::line(p.feature_image_alt.ok()));
    let caption = meta_caption.or_else(|| p.feature_image_caption.ok());

    let sources = Sources {
        html: p.html.take(b, at, &[Seg::Key("html")], "HTML text"),
        lexical: p
            .lexical
            .take(b, at, &[Seg::Key("lexical")], "text (Lexical JSON)"),
        mobiledoc: p
            .mobiledoc
            .take(b, at, &[Seg::Key("mobiledoc")], "text (Mobiledoc JSON)"),
        markdown: p.markdown.take(b, at, &[Seg::Key("markdown")], "text"),
        plaintext: p.plaintext.ok(),
    };
    d.body = body(
        b,
        at,
        sources,
        image.as_deref(),
        alt.as_deref(),
        caption.as_deref(),
        d.url.clone(),
    );
    a.set_detail(d);
    b.push(at, a, id);
}

/// A date as text or Unix milliseconds; `None` when absent.
fn date(b: &mut Builder, at: At, key: &'static str, v: Loose<Stamp>) -> Option<Date> {
    let path = [Seg::Key(key)];
    match v.take(b, at, &path, "a date as text or Unix milliseconds")? {
        Stamp::Text(text) if text.trim().is_empty() => None,
        Stamp::Text(text) => Some(b.date(at, &path, clean_string(text), Rules::Lenient)),
        // Years 0 to 9999.
        Stamp::Millis(ms) if (-62_167_219_200_000..253_402_300_800_000).contains(&ms) => {
            Some(from_unix(ms.div_euclid(1000)))
        }
        Stamp::Millis(ms) => {
            b.problem(
                at,
                &path,
                format!("`{key}` {ms} is too far from today to be a date in milliseconds; ignored"),
            );
            None
        }
    }
}

/// The texts a body may come from, best first.
struct Sources {
    html: Option<String>,
    lexical: Option<String>,
    mobiledoc: Option<String>,
    markdown: Option<String>,
    plaintext: Option<String>,
}

fn filled(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// The body: the post's HTML, or one rendered from its editor's document
/// or its Markdown; the feature image first, with its alt and caption,
/// unless the body already shows it.
fn body(
    b: &mut Builder,
    at: At,
    s: Sources,
    image: Option<&str>,
    alt: Option<&str>,
    caption: Option<&str>,
    base: Option<String>,
) -> Body {
    let mut html = filled(s.html);
    if html.is_none() {
        html = rendered(b, at, "lexical", filled(s.lexical), render::lexical);
    }
    if html.is_none() {
        html = rendered(b, at, "mobiledoc", filled(s.mobiledoc), render::mobiledoc);
    }
    if html.is_none() {
        html = filled(s.markdown).map(|m| render::markdown(&m));
    }
    let mut html = match html {
        Some(html) => html,
        None => match filled(s.plaintext) {
            Some(text) if image.is_none() => return common::text_body(text),
            Some(text) => {
                let mut out = String::new();
                for para in text.split("\n\n") {
                    out.push_str("<p>");
                    render::escape_text(para, &mut out);
                    out.push_str("</p>");
                }
                out
            }
            None => String::new(),
        },
    };
    if html.contains(SITE_PLACEHOLDER) {
        html = html.replace(SITE_PLACEHOLDER, "");
    }
    if let Some(src) = image
        && !html.contains(src)
    {
        let mut figure = String::from("<figure><img src=\"");
        render::escape_attr(src, &mut figure);
        figure.push_str("\" alt=\"");
        render::escape_attr(alt.unwrap_or(""), &mut figure);
        figure.push_str("\">");
        if let Some(caption) = caption {
            // Ghost writes the caption as HTML (a credit's link).
            figure.push_str("<figcaption>");
            figure.push_str(caption);
            figure.push_str("</figcaption>");
        }
        figure.push_str("</figure>");
        html.insert_str(0, &figure);
    }
    if html.trim().is_empty() {
        return Body::default();
    }
    crate::archive::html::body(html, base)
}

/// HTML rendered from an editor's document; what could not be rendered
/// is a problem at the field.
fn rendered(
    b: &mut Builder,
    at: At,
    key: &'static str,
    doc: Option<String>,
    render: fn(&str, &mut render::Unknown) -> Result<String, String>,
) -> Option<String> {
    let doc = doc?;
    let mut unknown = render::Unknown::default();
    match render(&doc, &mut unknown) {
        Ok(html) => {
            if !unknown.0.is_empty() {
                let names: Vec<String> = unknown
                    .0
                    .iter()
                    .map(|n| format!("`{}`", crate::archive::json::quote(n)))
                    .collect();
                b.problem(
                    at,
                    &[Seg::Key(key)],
                    format!(
                        "left out of the body, not known to lektyr: {}",
                        names.join(", ")
                    ),
                );
            }
            Some(html)
        }
        Err(why) => {
            b.problem(
                at,
                &[Seg::Key(key)],
                format!("`{key}` is not a document lektyr can read: {why}; not shown"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::archive::{Format, ReadAs, load_str_as};

    fn load(text: &str, pages: bool) -> crate::archive::Archive {
        let how = ReadAs {
            format: Some(Format::Ghost),
            pages,
        };
        load_str_as("g.json", text, how).expect("loads")
    }

    fn titles(a: &crate::archive::Archive) -> Vec<String> {
        a.articles.iter().map(|a| a.title.to_string()).collect()
    }

    #[test]
    fn pages_only_with_the_option() {
        let text = r#"{"db": [{"meta": {}, "data": {"posts": [
          {"id": "a", "title": "Post", "type": "post", "html": "<p>x</p>"},
          {"id": "b", "title": "Sida", "type": "page", "html": "<p>y</p>"},
          {"id": 3, "title": "Old page", "page": 1, "html": "<p>z</p>"},
          {"id": 4, "title": "Old post", "page": false, "html": "<p>z</p>"}
        ]}}]}"#;
        assert_eq!(titles(&load(text, false)), ["Post", "Old post"]);
        assert_eq!(
            titles(&load(text, true)),
            ["Post", "Sida", "Old page", "Old post"]
        );
    }

    #[test]
    fn status_shows_in_the_title() {
        let text = r#"{"meta": {}, "data": {"posts": [
          {"id": 1, "title": "A", "status": "published", "html": "<p>x</p>"},
          {"id": 2, "title": "B", "status": "draft", "html": "<p>x</p>"},
          {"id": 3, "title": "C", "status": "scheduled", "html": "<p>x</p>"},
          {"id": 4, "title": "D", "status": "sent", "html": "<p>x</p>"}
        ]}}"#;
        assert_eq!(
            titles(&load(text, false)),
            ["A", "[draft] B", "[scheduled] C", "D"]
        );
    }

    #[test]
    fn dates_are_text_or_milliseconds() {
        let text = r#"{"meta": {}, "data": {"posts": [
          {"id": 1, "title": "A", "published_at": 1388318310783},
          {"id": 2, "title": "B", "published_at": null, "created_at": "2021-03-24T04:34:09.000Z"},
          {"id": 3, "title": "C", "published_at": 99999999999999999},
          {"id": 4, "title": "D", "published_at": "igår"}
        ]}}"#;
        let a = load(text, false);
        let dates: Vec<Option<String>> = a
            .articles
            .iter()
            .map(|a| a.date.as_ref().map(|d| d.text.to_string()))
            .collect();
        assert_eq!(
            dates,
            [
                Some("2013-12-29T11:58:30Z".to_string()),
                Some("2021-03-24T04:34:09.000Z".to_string()),
                None,
                Some("igår".to_string()),
            ]
        );
        let said: Vec<&str> = a.problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(
            said,
            ["/data/posts/2/published_at", "/data/posts/3/published_at"]
        );
    }

    #[test]
    fn tags_authors_and_meta_are_joined() {
        let text = r##"{"db": [{"data": {
          "posts": [{"id": "p1", "title": "T", "author_id": "u2", "html": "<p>Brödtext.</p>",
                     "feature_image": "__GHOST_URL__/content/images/a.jpg", "custom_excerpt": "Kort."}],
          "tags": [{"id": "t1", "name": "Kundresa"}, {"id": "t2", "name": "#intern"},
                   {"id": "t3", "name": "Dold", "visibility": "internal"}, {"id": "t4", "name": "Data"}],
          "posts_tags": [{"post_id": "p1", "tag_id": "t4", "sort_order": 1},
                         {"post_id": "p1", "tag_id": "t2", "sort_order": 2},
                         {"post_id": "p1", "tag_id": "t3", "sort_order": 3},
                         {"post_id": "p1", "tag_id": "t1", "sort_order": 0}],
          "users": [{"id": "u1", "name": "Anna", "bio": "Skriver.", "website": "https://anna.example"},
                    {"id": "u2", "name": "Björn"}],
          "posts_authors": [{"post_id": "p1", "author_id": "u2", "sort_order": 1},
                            {"post_id": "p1", "author_id": "u1", "sort_order": 0}],
          "posts_meta": [{"post_id": "p1", "feature_image_alt": "Sjö", "feature_image_caption": "Foto: <a href=\"https://x.example\">X</a>"}]
        }}]}"##;
        let a = load(text, false);
        let art = &a.articles[0];
        let topics: Vec<&str> = art
            .topics
            .iter()
            .map(|&t| a.topics[t].name.as_str())
            .collect();
        assert_eq!(topics, ["Kundresa", "Data"]);
        let detail = art.detail();
        let author = detail.author.as_ref().expect("an author");
        assert_eq!(author.name, "Anna");
        assert_eq!(author.bio.as_deref(), Some("Skriver."));
        assert_eq!(author.url.as_deref(), Some("https://anna.example"));
        assert_eq!(detail.lede(), Some("Kort."));
        let (html, _) = detail.body.html_source().expect("html");
        assert!(
            html.starts_with(
                "<figure><img src=\"/content/images/a.jpg\" alt=\"Sjö\"><figcaption>Foto: <a href=\"https://x.example\">X</a></figcaption></figure><p>"
            ),
            "{html}"
        );
    }

    #[test]
    fn bodies_come_from_lexical_mobiledoc_or_markdown() {
        let text = r#"{"meta": {}, "data": {"posts": [
          {"id": 1, "title": "L", "html": "", "lexical": "{\"root\":{\"children\":[{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"Lexikal\",\"format\":1}]}]}}"},
          {"id": 2, "title": "M", "html": null, "mobiledoc": "{\"version\":\"0.3.1\",\"markups\":[],\"atoms\":[],\"cards\":[],\"sections\":[[1,\"p\",[[0,[],0,\"Mobil\"]]]]}"},
          {"id": 3, "title": "D", "markdown": "Mark *ned*"},
          {"id": 4, "title": "X", "lexical": "{inte json", "markdown": "Reserv"},
          {"id": 5, "title": "P", "plaintext": "Bara text"}
        ]}}"#;
        let a = load(text, false);
        let html: Vec<String> = a
            .articles
            .iter()
            .map(|a| {
                a.detail()
                    .body
                    .html_source()
                    .map_or(String::new(), |(h, _)| h.to_string())
            })
            .collect();
        assert_eq!(html[0], "<p><strong>Lexikal</strong></p>");
        assert_eq!(html[1], "<p>Mobil</p>");
        assert_eq!(html[2], "<p>Mark <em>ned</em></p>\n");
        assert_eq!(html[3], "<p>Reserv</p>\n");
        assert_eq!(html[4], "");
        assert!(!a.articles[4].detail().body.blocks().is_empty());
        assert_eq!(a.problems.len(), 1, "{:?}", a.problems);
        assert_eq!(a.problems[0].pointer, "/data/posts/3/lexical");
    }

    #[test]
    fn the_wrong_shapes_are_named() {
        let how = ReadAs {
            format: Some(Format::Ghost),
            pages: false,
        };
        let err = load_str_as("g.json", r#"{"db": 5}"#, how)
            .unwrap_err()
            .to_string();
        assert!(err.contains("`db` as the number 5"), "{err}");
        let err = load_str_as("g.json", r#"{"meta": {}}"#, how)
            .unwrap_err()
            .to_string();
        assert!(err.contains("without `db` or `data`"), "{err}");
        let err = load_str_as("g.json", "[1]", how).unwrap_err().to_string();
        assert!(err.contains("an array"), "{err}");
        let a = load(
            r#"{"db": [{"data": {"posts": [7, {"title": "ok"}], "tags": {"x": 1}, "users": [3]}}, {}]}"#,
            false,
        );
        let said: Vec<String> = a
            .problems
            .iter()
            .map(|p| format!("{} {}", p.pointer, p.message))
            .collect();
        assert_eq!(said.len(), 4, "{said:#?}");
        assert!(said.iter().any(|s| s.starts_with("/db/1 ")));
        assert!(said.iter().any(|s| s.starts_with("/db/0/data/tags ")));
        assert!(said.iter().any(|s| s.starts_with("/db/0/data/users/0 ")));
        assert!(said.iter().any(|s| s.starts_with("/db/0/data/posts/0 ")));
        assert_eq!(titles(&a), ["ok"]);
    }

    #[test]
    fn terminal_controls_are_cleaned_from_every_field() {
        let text = r#"{"db": [{"data": {
          "posts": [{"id": "p\u001b[2J", "title": "T\u001b]0;x\u0007", "status": "dra\u001bft",
            "lexical": "{\"root\":{\"children\":[{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"a\\u001b[31mb\"}]}]}}",
            "custom_excerpt": "k\u001b[1mort", "feature_image": "x.jpg", "posts_meta": null}],
          "posts_meta": [{"post_id": "p\u001b[2J", "feature_image_alt": "a\u001b[5mlt", "feature_image_caption": "c\u001b[5map"}],
          "tags": [{"id": 1, "name": "T\u001b[7mag"}], "posts_tags": [{"post_id": "p\u001b[2J", "tag_id": 1}],
          "users": [{"id": 1, "name": "N\u001b[8mamn", "bio": "B\u001b[9mio"}],
          "posts_authors": [{"post_id": "p\u001b[2J", "author_id": 1}],
          "settings": [{"key": "title", "value": "S\u001b[2Jajt"}]
        }}]}"#;
        let a = load(text, false);
        let art = &a.articles[0];
        let detail = art.detail();
        let mut shown = vec![
            art.id.to_string(),
            art.title.to_string(),
            a.title.clone().unwrap_or_default(),
            a.topics[art.topics[0]].name.clone(),
            detail.lede().unwrap_or_default().to_string(),
        ];
        let author = detail.author.as_ref().expect("an author");
        shown.push(author.name.clone());
        shown.push(author.bio.clone().unwrap_or_default());
        shown.push(format!("{:?}", detail.body.blocks()));
        for s in &shown {
            assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'), "{s:?}");
        }
        assert!(
            shown[1].starts_with("[dra") && shown[1].ends_with("] T"),
            "{shown:?}"
        );
        assert!(
            shown[7].contains("alt") && shown[7].contains("cap"),
            "{shown:?}"
        );
    }

    #[test]
    fn only_wanted_settings_are_kept() {
        let a = load(
            r#"{"db": [{"data": {"settings": [
              {"key": "title", "value": "Norrsken"},
              {"value": "hemligt-1", "key": "lang"},
              {"key": "lang", "value": "sv"},
              {"key": "db_hash", "value": "hemligt-2"}
            ], "posts": [{"title": "t", "html": "<p>x</p>"}]}}]}"#,
            false,
        );
        assert_eq!(a.title.as_deref(), Some("Norrsken"));
        assert_eq!(a.articles[0].detail().language.as_deref(), Some("sv"));
    }
}
