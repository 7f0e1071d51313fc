//! What the import formats share when mapping their fields: text that is
//! HTML, text that only holds entities, plain text, topics, a lead image.
//! Each function takes a raw string from the file and sanitizes it once.

use crate::archive::builder::{At, Builder, Fatal, Seg, TopicSet, UNTITLED, paragraphs};
use crate::archive::date::Rules;
use crate::archive::html;
use crate::archive::json::{Accept, IdText, Loose, accept_object, clean_string, prose_text};
use crate::archive::model::{Author, Body, Date, Summary};
use crate::archive::sanitize::one_line;
use crate::archive::url;

/// An element of an import's array: the object, or `None` (reported when
/// it was something else; `what` names it: "a post", "an entry").
pub(crate) fn entry<T>(b: &mut Builder, at: At, v: Loose<T>, what: &str) -> Option<T> {
    match v {
        Loose::Got(t) => Some(t),
        Loose::Wrong(found) => {
            // Skipped: the problem belongs to no article.
            let skipped = At {
                article: None,
                ..at
            };
            b.problem(
                skipped,
                &[],
                format!(
                    "{what} should be an object; found {}; skipped",
                    found.describe()
                ),
            );
            None
        }
        Loose::Missing => None,
    }
}

/// The `items` array of a feed-like document, or the reason the load stops
/// (`None`, with `b.fatal` set). `what` is "a feed", "an object".
pub(crate) fn items<T>(b: &mut Builder, items: Loose<Vec<T>>, what: &str) -> Option<Vec<T>> {
    b.root = "/items";
    let found = match items {
        Loose::Got(items) => return Some(items),
        Loose::Wrong(j) => format!("`items` as {}", j.describe()),
        Loose::Missing => format!("{what} without `items`"),
    };
    b.fatal = Some(Fatal::NotAnArchive {
        found,
        expected: "`items` to be an array of items".into(),
        pointer: Some("/items".into()),
    });
    None
}

/// A tag or label written as text, or as an object with a `name` (Omnivore)
/// or `label` (Wallabag).
pub(crate) struct TagName(pub Option<String>);

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Named {
    name: Loose<String>,
    label: Loose<String>,
}

accept_object!(Named);

impl Accept for TagName {
    fn text(s: String) -> Result<Self, String> {
        Ok(TagName(Some(s)))
    }
    fn map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        let named: Named = crate::archive::json::object(map)?;
        Ok(Some(TagName(named.name.ok().or(named.label.ok()))))
    }
}

/// The date of the first of `fields` (in order of preference) that has
/// one; a field of the wrong type is reported, a date that does not parse
/// is kept as written and reported.
pub(crate) fn first_date<const N: usize>(
    b: &mut Builder,
    at: At,
    fields: [(&'static str, Loose<String>); N],
) -> Option<Date> {
    for (key, value) in fields {
        if let Some(text) = value.take(b, at, &[Seg::Key(key)], "text") {
            return Some(b.date(at, &[Seg::Key(key)], clean_string(text), Rules::Lenient));
        }
    }
    None
}

/// A link object of the import formats: `{"href": …}`.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(crate) struct Href {
    pub href: Loose<String>,
}

accept_object!(Href);

/// The first `href` of an array of link objects.
pub(crate) fn first_href(links: Loose<Vec<Loose<Href>>>) -> Option<String> {
    links
        .ok()
        .into_iter()
        .flatten()
        .filter_map(Loose::ok)
        .find_map(|h| h.href.ok())
}

/// An id as written, text or a number, on one line.
pub(crate) fn id(b: &mut Builder, at: At, v: Loose<IdText>) -> Option<String> {
    v.take(b, at, &[Seg::Key("id")], "text or a number")
        .map(|IdText(id)| one_line(clean_string(id)))
        .filter(|id| !id.is_empty())
}

/// A title written as HTML (WordPress `title.rendered`): one line of text,
/// or [`UNTITLED`] with a problem at `path`.
pub(crate) fn html_title(b: &mut Builder, at: At, path: &[Seg<'_>], raw: Option<String>) -> String {
    let text = raw.map(|r| one_line(html::to_text(&r)));
    titled(b, at, path, text)
}

/// A plain-text title that may still hold character references (JSON Feed,
/// Google Reader): decoded, one line.
pub(crate) fn entity_title(
    b: &mut Builder,
    at: At,
    path: &[Seg<'_>],
    raw: Option<String>,
) -> String {
    let text = raw.map(|r| one_line(html::decode_entities(&r)));
    titled(b, at, path, text)
}

/// A plain-text title (sanitized, one line).
pub(crate) fn plain_title(
    b: &mut Builder,
    at: At,
    path: &[Seg<'_>],
    raw: Option<String>,
) -> String {
    let text = raw.map(|r| one_line(clean_string(r)));
    titled(b, at, path, text)
}

fn titled(b: &mut Builder, at: At, path: &[Seg<'_>], text: Option<String>) -> String {
    let name: Vec<&str> = path
        .iter()
        .filter_map(|s| match s {
            Seg::Key(k) => Some(*k),
            Seg::Index(_) => None,
        })
        .collect();
    let name = name.join(".");
    match text {
        Some(t) if !t.is_empty() => t,
        Some(_) => {
            b.problem(at, path, format!("`{name}` is empty; shown as {UNTITLED}"));
            UNTITLED.to_string()
        }
        // Missing: the pointer names the article, which is there.
        None => {
            b.problem(
                at,
                &[],
                format!("the article has no `{name}`; shown as {UNTITLED}"),
            );
            UNTITLED.to_string()
        }
    }
}

/// One line of plain text, `None` when blank.
pub(crate) fn line(raw: Option<String>) -> Option<String> {
    raw.map(|r| one_line(clean_string(r)))
        .filter(|s| !s.is_empty())
}

/// Prose (a summary, a bio) that may hold character references.
pub(crate) fn entity_prose(raw: Option<String>) -> Option<String> {
    raw.map(|r| prose_text(html::decode_entities(&r)))
        .filter(|s| !s.is_empty())
}

/// A lede (a summary, a description): HTML when it looks like HTML (a tag
/// such as `<p>` or `</em>`), which many feeds write although their spec
/// says text, made text on first use; otherwise prose whose character
/// references are decoded.
pub(crate) fn lede(raw: Option<String>) -> Summary {
    match raw {
        Some(raw) if looks_like_html(&raw) => html_lede(raw, |_| false),
        raw => entity_prose(raw).into(),
    }
}

/// Whether text holds an HTML tag: `<` then a letter, `/` and a letter,
/// or `!`, and a `>` after it. `a < b` and `<3` are text.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &c)| {
        if c != b'<' {
            return false;
        }
        let rest = &bytes[i + 1..];
        let opens = match rest {
            [b'/', n, ..] => n.is_ascii_alphabetic(),
            [b'!', ..] => true,
            [n, ..] => n.is_ascii_alphabetic(),
            [] => false,
        };
        opens && rest.contains(&b'>')
    })
}

/// A URL as written, resolved against `base` when relative. `None` when
/// blank.
pub(crate) fn link(raw: Option<String>, base: Option<&str>) -> Option<String> {
    let raw = raw?;
    let clean = clean_string(raw);
    let trimmed = clean.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(url::resolve(base, trimmed))
}

/// An author with only a name (and maybe a URL).
pub(crate) fn author(name: Option<String>, url: Option<String>) -> Option<Author> {
    let name = line(name)?;
    Some(Author {
        name,
        url,
        ..Author::default()
    })
}

/// Adds a topic written as plain text.
pub(crate) fn topic(b: &mut Builder, topics: &mut TopicSet, raw: &str) {
    let clean = clean_string(raw.to_string());
    b.add_topic(topics, &one_line(clean));
}

/// A body that is plain text: blank lines separate paragraphs.
pub(crate) fn text_body(raw: String) -> Body {
    let mut blocks = Vec::new();
    paragraphs(clean_string(raw), &mut blocks);
    Body::from(blocks)
}

/// A body that is HTML, converted when first shown. A lead image the format
/// gives beside the body (JSON Feed `image`, a WordPress featured image)
/// goes first, unless the body already shows it.
pub(crate) fn html_body(html: String, base: Option<String>, image: Option<&str>) -> Body {
    let html = match image {
        Some(src) if !src.is_empty() && !html.contains(src) => {
            format!("<figure><img src=\"{}\"></figure>{html}", attribute(src))
        }
        _ => html,
    };
    crate::archive::html::body(html, base)
}

/// Text made safe inside a double-quoted HTML attribute.
fn attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// A lede of HTML, made prose text when first shown; `drop` says which
/// texts are no lede after all.
pub(crate) fn html_lede(html: String, drop: crate::archive::model::DropLede) -> Summary {
    Summary::html(html, |h| prose_text(html::to_text(h)), drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_escaped() {
        assert_eq!(attribute(r#"a"b&c<d>"#), "a&quot;b&amp;c&lt;d&gt;");
    }
}
