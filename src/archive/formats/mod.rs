//! The archive formats lektyr reads, one module each, and how a file's
//! format is told from its first keys. Every reader maps its own fields
//! into a [`Builder`](super::builder::Builder), which does the rest.
//!
//! To add a format: write `formats/NAME.rs` with a `read` function like the
//! others, add a [`Format`] variant with its name and description, and
//! teach [`detect`] the keys that give it away.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::builder::Builder;
use super::json::{Json, Leaf, Skip, visit_scalars};
use std::fmt;

pub(crate) use super::format::Format;

pub(crate) mod common;
pub(crate) mod ghost;
pub(crate) mod greader;
pub(crate) mod highlights;
pub(crate) mod jsonfeed;
pub(crate) mod omnivore;
pub(crate) mod v1;
pub(crate) mod wallabag;
pub(crate) mod wordpress;

impl Format {
    /// The shape a document of this format has, for messages.
    pub(crate) fn shape(self) -> &'static str {
        match self {
            Format::V1 => v1::ARCHIVE_SHAPE,
            Format::JsonFeed | Format::GReader => "an object with an `items` array",
            Format::WordPress => "an array of posts, or one post",
            Format::Wallabag | Format::Omnivore => "an array of entries",
            Format::Ghost => ghost::SHAPE,
        }
    }

    /// Every format with its tell-tale keys: what a file that matches none
    /// was expected to be.
    pub(crate) fn expected() -> String {
        let all: Vec<String> = Format::ALL
            .iter()
            .map(|f| format!("{} ({})", f.describe(), f.tell_tale()))
            .collect();
        format!("one of: {}", all.join("; "))
    }
}

/// Reads a document in `format` into `b`. `Ok(Err(json))`: the top level
/// was of a shape the format cannot be.
pub(crate) fn read<'de, D: Deserializer<'de>>(
    format: Format,
    b: &mut Builder,
    d: D,
) -> Result<Result<(), Json>, D::Error> {
    b.format = format;
    match format {
        Format::V1 => v1::read(b, d),
        Format::JsonFeed => jsonfeed::read(b, d),
        Format::WordPress => wordpress::read(b, d),
        Format::Wallabag => wallabag::read(b, d),
        Format::Omnivore => omnivore::read(b, d),
        Format::GReader => greader::read(b, d),
        Format::Ghost => ghost::read(b, d),
    }
}

/// How a big file of `format` is read in pieces (`None`: it is read whole).
/// A format joins with a [`Reader`](super::pieces::Reader) of its own here.
pub(crate) fn pieces(format: Format) -> Option<&'static super::pieces::Reader> {
    match format {
        Format::V1 => Some(&v1::PIECES),
        Format::WordPress => Some(&wordpress::PIECES),
        Format::JsonFeed
        | Format::Wallabag
        | Format::Omnivore
        | Format::GReader
        | Format::Ghost => None,
    }
}

// ---------------------------------------------------------------------------
// Detection

/// The first things a document says about itself: enough to tell the
/// format, read without going further than the first article.
#[derive(Debug, Default)]
pub(crate) struct Sniff {
    /// `Some(true)` for an object at the top, `Some(false)` for an array.
    pub top_object: Option<bool>,
    /// Keys of the top-level object (the first few dozen).
    pub keys: Vec<String>,
    /// The top-level `version`, when it is text.
    pub version: Option<String>,
    /// Keys of the first element of the top-level array, or of `items` /
    /// `articles`.
    pub first: Vec<String>,
    /// Whether that first element is an object.
    pub first_object: bool,
    /// Whether the first element's `title` is an object (WordPress).
    pub title_object: bool,
    /// Set once enough is known; reading then stops.
    done: bool,
}

const SNIFF_KEYS: usize = 64;

impl Sniff {
    /// Reads the start of a document. Reading stops (with an error that is
    /// not reported) once the first article's keys are known.
    pub fn read<'de, D: Deserializer<'de>>(d: D) -> Sniff {
        let mut sniff = Sniff::default();
        let _ = SniffTop(&mut sniff).deserialize(d);
        sniff
    }

    fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }

    fn first_has(&self, keys: &[&str]) -> bool {
        self.first.iter().any(|k| keys.contains(&k.as_str()))
    }

    /// What the document is, or a phrase saying what was found instead.
    pub fn detect(&self) -> Result<Format, String> {
        const V1_KEYS: [&str; 12] = [
            "id", "title", "date", "author", "topics", "tags", "series", "summary", "url",
            "language", "related", "body",
        ];
        let wordpress = self.title_object
            || self.first_has(&["date_gmt", "guid", "modified_gmt", "_links", "_embedded"]);
        let wallabag = self.first_has(&[
            "is_archived",
            "is_starred",
            "reading_time",
            "domain_name",
            "is_read",
            "is_fav",
        ]);
        let omnivore = self.first_has(&["savedAt", "labels", "readingProgress", "pageType"]);
        match self.top_object {
            None => Ok(Format::V1), // not JSON, or a bare value: v1 says why
            Some(true) => {
                if self
                    .version
                    .as_deref()
                    .is_some_and(|v| v.contains("jsonfeed.org"))
                {
                    return Ok(Format::JsonFeed);
                }
                if self.has("articles") {
                    return Ok(Format::V1);
                }
                if self.has("db") || (self.has("meta") && self.has("data")) {
                    return Ok(Format::Ghost);
                }
                if self.has("version") && !self.has("items") {
                    return Ok(Format::V1); // v1 reports the version
                }
                if self.has("items") {
                    if self.first_has(&[
                        "content_html",
                        "content_text",
                        "date_published",
                        "external_url",
                    ]) {
                        return Ok(Format::JsonFeed);
                    }
                    if self.first_has(&[
                        "origin",
                        "published",
                        "alternate",
                        "canonical",
                        "crawlTimeMsec",
                        "categories",
                    ]) || self.has("direction")
                        || self.has("updated")
                    {
                        return Ok(Format::GReader);
                    }
                    if self.has("home_page_url") || self.has("feed_url") {
                        return Ok(Format::JsonFeed);
                    }
                }
                // A file that is one post or entry.
                let keys = Sniff {
                    first: self.keys.clone(),
                    ..Sniff::default()
                };
                if self.title_object || keys.first_has(&["date_gmt", "guid", "_links"]) {
                    return Ok(Format::WordPress);
                }
                if keys.first_has(&["is_archived", "reading_time", "domain_name"]) {
                    return Ok(Format::Wallabag);
                }
                Err(describe_keys("an object", &self.keys))
            }
            Some(false) => {
                if self.first.is_empty() && !self.first_object {
                    return Ok(Format::V1); // empty, or not objects: v1 says why
                }
                if wordpress {
                    Ok(Format::WordPress)
                } else if wallabag {
                    Ok(Format::Wallabag)
                } else if omnivore {
                    Ok(Format::Omnivore)
                } else if self.first.is_empty() || self.first_has(&V1_KEYS) {
                    Ok(Format::V1)
                } else {
                    Err(describe_keys("an array of objects", &self.first))
                }
            }
        }
    }
}

fn describe_keys(what: &str, keys: &[String]) -> String {
    if keys.is_empty() {
        return format!("{what} with no keys");
    }
    let shown: Vec<String> = keys
        .iter()
        .take(8)
        .map(|k| format!("`{}`", super::json::quote(k)))
        .collect();
    let more = if keys.len() > 8 { ", …" } else { "" };
    format!("{what} with keys {}{more}", shown.join(", "))
}

fn stop<E: de::Error>(sniff: &mut Sniff) -> E {
    sniff.done = true;
    E::custom("format known")
}

struct SniffTop<'s>(&'s mut Sniff);

impl SniffTop<'_> {
    /// Scalars say nothing about the format.
    fn other(self, _: Json) {}
}

impl<'de> DeserializeSeed<'de> for SniffTop<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SniffTop<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an archive")
    }
    visit_scalars!(());
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let sniff = self.0;
        sniff.top_object = Some(false);
        seq.next_element_seed(SniffFirst(&mut *sniff))?;
        Err(stop(sniff))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let sniff = self.0;
        sniff.top_object = Some(true);
        while let Some(key) = map.next_key::<String>()? {
            // Kept before the value is read: reading may stop inside it.
            if sniff.keys.len() < SNIFF_KEYS {
                sniff.keys.push(key.clone());
            }
            match key.as_str() {
                "version" => {
                    if let Json::Str(v) = map.next_value_seed(Leaf)? {
                        sniff.version = Some(v);
                    }
                }
                "title" => {
                    sniff.title_object = matches!(map.next_value_seed(Leaf)?, Json::Object);
                }
                "items" | "articles" => {
                    map.next_value_seed(SniffArray(&mut *sniff))?;
                }
                _ => map.next_value_seed(Skip)?,
            }
        }
        Ok(())
    }
}

/// `items` or `articles`: looks at the first element only.
struct SniffArray<'s>(&'s mut Sniff);

impl SniffArray<'_> {
    /// Scalars say nothing about the format.
    fn other(self, _: Json) {}
}

impl<'de> DeserializeSeed<'de> for SniffArray<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SniffArray<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    visit_scalars!(());
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let sniff = self.0;
        if seq.next_element_seed(SniffFirst(&mut *sniff))?.is_some() {
            // The rest of the array is not needed: the format is known.
            return Err(stop(sniff));
        }
        Ok(())
    }
}

/// The first article: its keys, and whether its `title` is an object.
struct SniffFirst<'s>(&'s mut Sniff);

impl SniffFirst<'_> {
    /// Scalars say nothing about the format.
    fn other(self, _: Json) {}
}

impl<'de> DeserializeSeed<'de> for SniffFirst<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SniffFirst<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an article")
    }
    visit_scalars!(());
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let sniff = self.0;
        sniff.first_object = true;
        while let Some(key) = map.next_key::<String>()? {
            if key == "title" {
                sniff.title_object |= matches!(map.next_value_seed(Leaf)?, Json::Object);
            } else {
                map.next_value_seed(Skip)?;
            }
            if sniff.first.len() < SNIFF_KEYS {
                sniff.first.push(key);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Result<Format, String> {
        Sniff::read(&mut serde_json::Deserializer::from_str(text)).detect()
    }

    #[test]
    fn formats_are_told_apart() {
        assert_eq!(detect(r#"{"version": 1, "articles": []}"#), Ok(Format::V1));
        assert_eq!(detect(r#"[{"title": "a", "body": "b"}]"#), Ok(Format::V1));
        assert_eq!(detect("[]"), Ok(Format::V1));
        assert_eq!(
            detect(r#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#),
            Ok(Format::JsonFeed)
        );
        assert_eq!(
            detect(r#"{"title": "x", "items": [{"id": "1", "content_html": "<p>a</p>"}]}"#),
            Ok(Format::JsonFeed)
        );
        assert_eq!(
            detect(r#"[{"id": 1, "date": "2024-01-01T00:00:00", "title": {"rendered": "a"}}]"#),
            Ok(Format::WordPress)
        );
        assert_eq!(
            detect(r#"{"id": 1, "title": {"rendered": "a"}, "content": {}}"#),
            Ok(Format::WordPress)
        );
        assert_eq!(
            detect(r#"[{"id": 1, "title": "a", "is_archived": 0, "content": "<p>b</p>"}]"#),
            Ok(Format::Wallabag)
        );
        assert_eq!(
            detect(r#"[{"id": "x", "title": "a", "labels": [], "savedAt": "2024"}]"#),
            Ok(Format::Omnivore)
        );
        assert_eq!(
            detect(r#"{"id": "user/-/state/com.google/starred", "items": [{"origin": {}}]}"#),
            Ok(Format::GReader)
        );
        assert_eq!(
            detect(r#"{"db": [{"meta": {}, "data": {}}]}"#),
            Ok(Format::Ghost)
        );
        assert_eq!(
            detect(r#"{"meta": {"version": "000"}, "data": {"posts": []}}"#),
            Ok(Format::Ghost)
        );
        assert_eq!(detect(r#"{"data": {"posts": []}}"#).ok(), None);
        let err = detect(r#"[{"foo": 1, "bar": 2}]"#).unwrap_err();
        assert!(err.contains("`foo`"), "{err}");
        let err = detect(r#"{"foo": 1}"#).unwrap_err();
        assert!(err.contains("an object with keys `foo`"), "{err}");
    }

    #[test]
    fn sniffing_stops_at_the_first_article() {
        // Garbage after the first article is never reached.
        let text = r#"[{"id": 1, "title": {"rendered": "a"}}, @@@"#;
        assert_eq!(detect(text), Ok(Format::WordPress));
    }

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert!("rss".parse::<Format>().unwrap_err().contains("jsonfeed"));
    }
}
