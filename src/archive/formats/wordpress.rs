//! WordPress REST API posts (`wp-json/wp/v2/posts`): an array of posts or
//! one post, with or without `_embedded`, and `?_fields=` dumps that carry
//! no `content` (the excerpt is then the body).

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer};

use super::common::{self, Href, html_body, html_title, link};
use crate::archive::builder::{At, Builder, Seg, TopicSet};
use crate::archive::date::{Rules, parse_date_as};
use crate::archive::json::{Each, IdText, Json, Loose, accept_object, clean_string};
use crate::archive::model::{Article, Author, Detail, Related, Summary};
use crate::archive::pieces::{De, Reader};
use crate::archive::sanitize::one_line;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Post {
    id: Loose<IdText>,
    date: Loose<String>,
    date_gmt: Loose<String>,
    link: Loose<String>,
    title: Loose<Rendered>,
    content: Loose<Rendered>,
    excerpt: Loose<Rendered>,
    categories: Loose<Vec<Loose<i64>>>,
    tags: Loose<Vec<Loose<i64>>>,
    #[serde(rename = "_embedded")]
    embedded: Loose<Embedded>,
    #[serde(rename = "jetpack-related-posts")]
    related: Loose<Vec<Loose<JetpackRelated>>>,
    guid: Loose<Rendered>,
    #[serde(rename = "_links")]
    links: Loose<Links>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Links {
    #[serde(rename = "self")]
    own: Loose<Vec<Loose<Href>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Rendered {
    rendered: Loose<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Embedded {
    author: Loose<Vec<Loose<User>>>,
    #[serde(rename = "wp:term")]
    terms: Loose<Vec<Loose<Vec<Loose<Term>>>>>,
    #[serde(rename = "wp:featuredmedia")]
    media: Loose<Vec<Loose<Media>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct User {
    name: Loose<String>,
    description: Loose<String>,
    link: Loose<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Term {
    name: Loose<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Media {
    source_url: Loose<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JetpackRelated {
    id: Loose<IdText>,
    title: Loose<String>,
}

accept_object!(
    Post,
    Rendered,
    Links,
    Embedded,
    User,
    Term,
    Media,
    JetpackRelated
);

impl Loose<Rendered> {
    fn rendered(self) -> Option<String> {
        self.ok()?.rendered.ok()
    }
}

pub(crate) fn read<'de, D: Deserializer<'de>>(
    b: &mut Builder,
    d: D,
) -> Result<Result<(), Json>, D::Error> {
    b.root = "";
    // An array of posts is read post by post; one post may be the file.
    Each::new(true, |src, post: Loose<Post>| map_post(b, src, post)).deserialize(d)
}

/// A big dump (a top-level array of posts) is read in pieces of whole
/// posts; bodies stay HTML, as when it is read whole.
pub(crate) const PIECES: Reader = Reader {
    format: super::Format::WordPress,
    piece: read_piece,
    around: None,
    stored_details: true,
};

/// Reads a piece of a dump: an array of posts of which the first is the
/// `first`th of the file's.
fn read_piece(b: &mut Builder, d: &mut De<'_>, first: usize) -> serde_json::Result<bool> {
    b.root = "";
    let read = Each::new(false, |src: Option<usize>, post: Loose<Post>| {
        map_post(b, src.map(|i| first + i), post)
    })
    .deserialize(d)?;
    Ok(read.is_ok())
}

fn map_post(b: &mut Builder, src: Option<usize>, post: Loose<Post>) {
    let at = b.next_at(src);
    let Some(post) = common::entry(b, at, post, "a post") else {
        return;
    };
    let mut a = Article::default();
    let mut d = Detail::default();
    let id = common::id(b, at, post.id);
    a.title = html_title(
        b,
        at,
        &[Seg::Key("title"), Seg::Key("rendered")],
        post.title.rendered(),
    )
    .into();
    a.date = date(b, at, post.date.ok(), post.date_gmt.ok());
    // A relative `link` resolves against the site, when the post's `guid`
    // or its own API address names it; otherwise it stays as written.
    let site = site(post.guid.rendered(), post.links);
    d.url = link(post.link.ok(), site.as_deref());

    let mut topics = TopicSet::default();
    let mut image = None;
    match post.embedded {
        Loose::Got(embedded) => {
            d.author = embedded
                .author
                .ok()
                .into_iter()
                .flatten()
                .filter_map(Loose::ok)
                .find_map(user);
            // `wp:term` is one array per taxonomy (categories, then tags).
            for taxonomy in embedded
                .terms
                .ok()
                .into_iter()
                .flatten()
                .filter_map(Loose::ok)
            {
                for term in taxonomy.into_iter().filter_map(Loose::ok) {
                    if let Some(name) = term.name.ok() {
                        let name = one_line(crate::archive::html::decode_entities(&name));
                        b.add_topic(&mut topics, &name);
                    }
                }
            }
            image = embedded
                .media
                .ok()
                .into_iter()
                .flatten()
                .filter_map(Loose::ok)
                .find_map(|m| m.source_url.ok());
        }
        _ => {
            // Without `_embedded` topics are bare numbers: no names to show.
            let numbered = |v: &Loose<Vec<Loose<i64>>>| v.as_ref().is_some_and(|v| !v.is_empty());
            if numbered(&post.categories) || numbered(&post.tags) {
                let key = if numbered(&post.categories) {
                    "categories"
                } else {
                    "tags"
                };
                b.problem_once(
                    "numeric topic ids",
                    At {
                        article: None,
                        ..at
                    },
                    &[Seg::Key(key)],
                    || {
                        "categories and tags are numeric ids without names (the dump has no \
                         `_embedded`, fetch it with `?_embed`); posts are listed without topics"
                            .into()
                    },
                );
            }
        }
    }
    a.topics = topics.into_vec();
    for entry in post
        .related
        .ok()
        .into_iter()
        .flatten()
        .filter_map(Loose::ok)
    {
        // An id matches a post of the dump; a title is shown as written.
        let text = entry
            .id
            .ok()
            .map(|IdText(id)| one_line(clean_string(id)))
            .or_else(|| {
                entry
                    .title
                    .ok()
                    .map(|t| one_line(crate::archive::html::to_text(&t)))
            })
            .filter(|t| !t.is_empty());
        if let Some(text) = text {
            d.related.push(Related { text, target: None });
        }
    }

    let excerpt = post.excerpt.rendered();
    d.body = match post.content.rendered() {
        Some(content) if !content.trim().is_empty() => {
            // WordPress makes an excerpt from the first words when none was
            // written, ending it in `[…]`: that only repeats the body.
            d.summary =
                excerpt.map_or_else(Summary::default, |e| common::html_lede(e, is_auto_excerpt));
            html_body(content, d.url.clone(), image.as_deref())
        }
        _ => match excerpt {
            Some(excerpt) => html_body(excerpt, d.url.clone(), image.as_deref()),
            None => Default::default(),
        },
    };
    a.set_detail(d);
    b.push(at, a, id);
}

/// An absolute URL of the post's site: its `guid` (`https://site/?p=1`) or
/// `_links.self` (`https://site/wp-json/…`), whichever is absolute.
fn site(guid: Option<String>, links: Loose<Links>) -> Option<String> {
    let own = links
        .ok()
        .and_then(|l| l.own.ok())
        .into_iter()
        .flatten()
        .filter_map(Loose::ok)
        .filter_map(|h| h.href.ok());
    guid.into_iter()
        .chain(own)
        .filter_map(|u| link(Some(u), None))
        .find(|u| u.starts_with("https://") || u.starts_with("http://"))
}

fn user(u: User) -> Option<Author> {
    let mut author = common::author(u.name.ok(), link(u.link.ok(), None))?;
    author.bio = common::entity_prose(u.description.ok());
    Some(author)
}

/// `date` is the site's local time with no offset: its day is shown as
/// written. `date_gmt` is the same moment in UTC (no `Z`): it sorts.
fn date(
    b: &mut Builder,
    at: At,
    local: Option<String>,
    gmt: Option<String>,
) -> Option<crate::archive::model::Date> {
    let gmt_key = gmt
        .map(|g| parse_date_as(clean_string(g), Rules::Lenient).0.key)
        .unwrap_or_default();
    match local {
        Some(local) => {
            let mut date = b.date(at, &[Seg::Key("date")], clean_string(local), Rules::Lenient);
            if gmt_key.is_some() {
                date.key = gmt_key;
            }
            Some(date)
        }
        None => None,
    }
}

/// Whether an excerpt (as text) is the one WordPress makes itself: the
/// first words followed by `[…]`.
fn is_auto_excerpt(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with("[…]") || t.ends_with("[...]")
}
