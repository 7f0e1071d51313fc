//! Omnivore exports. The export is a zip holding `metadata_*.json` files
//! (an array of entries: `title`, `labels`, `savedAt`, `publishedAt`,
//! `author`, `description`, `url`, `state`, `readingProgress`),
//! `content/<slug>.html` with each body and, for an entry with highlights,
//! `highlights/<slug>.md`. lektyr reads the zip itself, a folder laid out
//! like it, or a metadata file alone (then the description is all there
//! is).
//!
//! The highlights file is Markdown: each highlight's quote as a block
//! quote (`> ` before its first line, and in place of each blank line in
//! it), then its labels as `#name` words and its note, each after a blank
//! line; highlights are separated by blank lines. An entry may instead
//! carry a `highlights` array in the metadata (as Omnivore's API gives
//! them: `id`, `quote`, `prefix`, `suffix`, `annotation`, `createdAt`,
//! `updatedAt`, `type`), which is then read and the file is not.

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer};

use super::common::{self, TagName, html_body, link, plain_title};
use super::highlights::{note_text, quote_id, quote_text, stamp, unique_ids};
use crate::archive::builder::{At, Builder, Seg, TopicSet};

use crate::archive::highlight::{Highlight, Origin};
use crate::archive::json::{Accept, Each, IdText, Json, Loose, accept_object, clean_string};
use crate::archive::model::{Article, Block, Body, Detail, Rich, Run, RunStyle, Seed};
use crate::archive::sanitize::one_line;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Entry {
    id: Loose<IdText>,
    slug: Loose<String>,
    title: Loose<String>,
    description: Loose<String>,
    author: Loose<String>,
    url: Loose<String>,
    state: Loose<String>,
    labels: Loose<Vec<Loose<TagName>>>,
    #[serde(rename = "savedAt")]
    saved_at: Loose<String>,
    #[serde(rename = "publishedAt")]
    published_at: Loose<String>,
    #[serde(rename = "readingProgress")]
    reading_progress: Loose<Percent>,
    highlights: Loose<Vec<Loose<ApiHighlight>>>,
}

/// A highlight as Omnivore's API gives one.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiHighlight {
    id: Loose<IdText>,
    quote: Loose<String>,
    prefix: Loose<String>,
    suffix: Loose<String>,
    annotation: Loose<String>,
    #[serde(rename = "createdAt")]
    created_at: Loose<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Loose<String>,
    #[serde(rename = "type")]
    kind: Loose<String>,
    #[serde(rename = "highlightType")]
    highlight_type: Loose<String>,
}

accept_object!(Entry, ApiHighlight);

/// A number, whole or not (Omnivore writes progress as a real number).
#[derive(Debug)]
struct Percent(f64);

impl Accept for Percent {
    fn int(n: i128) -> Option<Self> {
        Some(Percent(n as f64))
    }
    fn float(f: f64) -> Option<Self> {
        Some(Percent(f))
    }
}

/// What a slug names in the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Part {
    /// `content/<slug>.html`: the body.
    Content,
    /// `highlights/<slug>.md`: the highlights.
    Highlights,
}

impl Part {
    pub(crate) fn file(self, slug: &str) -> String {
        match self {
            Part::Content => format!("content/{slug}.html"),
            Part::Highlights => format!("highlights/{slug}.md"),
        }
    }
}

/// Where bodies and highlights come from: a slug and a part → the file's
/// text, when the export is at hand.
pub(crate) type Contents<'c> = &'c dyn Fn(&str, Part) -> Option<String>;

/// A metadata file alone.
pub(crate) fn read<'de, D: Deserializer<'de>>(
    b: &mut Builder,
    d: D,
) -> Result<Result<(), Json>, D::Error> {
    read_with(b, d, None)
}

pub(crate) fn read_with<'de, D: Deserializer<'de>>(
    b: &mut Builder,
    d: D,
    contents: Option<Contents<'_>>,
) -> Result<Result<(), Json>, D::Error> {
    b.root = "";
    Each::new(false, |src, entry: Loose<Entry>| {
        map_entry(b, src, entry, contents)
    })
    .deserialize(d)
}

fn map_entry(
    b: &mut Builder,
    src: Option<usize>,
    entry: Loose<Entry>,
    contents: Option<Contents<'_>>,
) {
    let at = b.next_at(src);
    let Some(e) = common::entry(b, at, entry, "an entry") else {
        return;
    };
    let mut a = Article::default();
    let mut d = Detail::default();
    let id = common::id(b, at, e.id);
    let raw_title = e.title.take(b, at, &[Seg::Key("title")], "text");
    a.title = plain_title(b, at, &[Seg::Key("title")], raw_title).into();
    d.url = link(e.url.ok(), None);
    d.author = common::author(e.author.ok(), None);
    d.summary = common::lede(e.description.ok());
    a.date = common::first_date(
        b,
        at,
        [("publishedAt", e.published_at), ("savedAt", e.saved_at)],
    );
    let mut topics = TopicSet::default();
    for label in e
        .labels
        .take(b, at, &[Seg::Key("labels")], "an array of text")
        .into_iter()
        .flatten()
    {
        if let Loose::Got(TagName(Some(name))) = label {
            common::topic(b, &mut topics, &name);
        }
    }
    a.topics = topics.into_vec();
    let progress = e
        .reading_progress
        .take(b, at, &[Seg::Key("readingProgress")], "a number")
        .and_then(|Percent(p)| {
            if (0.0..=100.0).contains(&p) {
                Some(p.round() as u8)
            } else {
                b.problem(
                    at,
                    &[Seg::Key("readingProgress")],
                    format!(
                        "`readingProgress` should be a percent from 0 to 100; found {p}; ignored"
                    ),
                );
                None
            }
        });
    // Archived in Omnivore is done with: read.
    a.seed = Seed {
        starred: false,
        read: e.state.as_ref().is_some_and(|s| s.trim() == "Archived"),
        progress,
    };
    let slug = e.slug.ok();
    let api = e
        .highlights
        .take(b, at, &[Seg::Key("highlights")], "an array of highlights")
        .unwrap_or_default();
    a.highlights = if !api.is_empty() {
        api_highlights(b, at, api)
    } else {
        match (contents, slug.as_deref()) {
            (Some(contents), Some(slug)) => contents(slug, Part::Highlights)
                .map(|md| {
                    markdown_highlights(
                        b,
                        at,
                        &Part::Highlights.file(&one_line(clean_string(slug.to_string()))),
                        &md,
                    )
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
    .into();
    unique_ids(&mut a.highlights, |_, _, _| {});
    let html = match (contents, slug.as_deref()) {
        (Some(contents), Some(slug)) => contents(slug, Part::Content),
        _ => None,
    };
    d.body = match html {
        Some(html) => html_body(html, d.url.clone(), None),
        None => {
            let file = slug
                .map(|s| format!("content/{}.html", one_line(clean_string(s))))
                .unwrap_or_else(|| "its content file".into());
            not_in_file(&file)
        }
    };
    a.set_detail(d);
    b.push(at, a, id);
}

/// An entry's `highlights` from the metadata. A note on the article
/// (type `NOTE`, no quote) is no highlight: said, and not kept.
fn api_highlights(b: &mut Builder, at: At, list: Vec<Loose<ApiHighlight>>) -> Vec<Highlight> {
    let mut out = Vec::with_capacity(list.len());
    for (k, entry) in list.into_iter().enumerate() {
        let here = |key| [Seg::Key("highlights"), Seg::Index(k), Seg::Key(key)];
        let whole = [Seg::Key("highlights"), Seg::Index(k)];
        let h = match entry {
            Loose::Got(h) => h,
            Loose::Missing => continue,
            Loose::Wrong(found) => {
                b.problem(
                    at,
                    &whole,
                    format!(
                        "a highlight should be an object with a `quote`; found {}; skipped",
                        found.describe()
                    ),
                );
                continue;
            }
        };
        let kind = h.kind.ok().or(h.highlight_type.ok()).unwrap_or_default();
        let quote = h
            .quote
            .take(b, at, &here("quote"), "text")
            .map(quote_text)
            .filter(|q| !q.trim().is_empty());
        let Some(quote) = quote else {
            let message = if kind.trim().eq_ignore_ascii_case("NOTE") {
                "a note on the whole article, not on a quote: lektyr keeps notes on quotes only; \
                 not kept"
            } else {
                "the highlight has no `quote`; skipped"
            };
            b.problem(at, &whole, message.into());
            continue;
        };
        let mut text = |key: &'static str, v: Loose<String>| {
            v.take(b, at, &here(key), "text").unwrap_or_default()
        };
        let prefix = quote_text(text("prefix", h.prefix));
        let suffix = quote_text(text("suffix", h.suffix));
        let note = note_text(text("annotation", h.annotation));
        let id =
            h.id.take(b, at, &here("id"), "text or a number")
                .map(|IdText(id)| one_line(clean_string(id)))
                .filter(|id| !id.is_empty());
        let created = h
            .created_at
            .take(b, at, &here("createdAt"), "text")
            .map_or(0, |t| stamp(b, at, &here("createdAt"), t));
        let updated = h
            .updated_at
            .take(b, at, &here("updatedAt"), "text")
            .map_or(0, |t| stamp(b, at, &here("updatedAt"), t));
        out.push(Highlight {
            id: match id {
                Some(id) => format!("omnivore-{id}"),
                None => quote_id("omnivore", &quote),
            },
            quote,
            prefix,
            suffix,
            note,
            created,
            updated: updated.max(created),
            origin: Origin::Omnivore,
            ..Highlight::default()
        });
    }
    out
}

/// The highlights of an export's `highlights/<slug>.md` (named `file` in
/// problems): each block quote starts one, a paragraph of `#label` words
/// right after it is its labels (not kept), and the paragraphs after that
/// up to the next quote are its note. Text before the first quote (a note
/// on the whole article) is said, and not kept.
fn markdown_highlights(b: &mut Builder, at: At, file: &str, md: &str) -> Vec<Highlight> {
    let md = clean_string(md.to_string());
    let mut out: Vec<Highlight> = Vec::new();
    let mut notes: Vec<Vec<String>> = Vec::new();
    // Whether the paragraph before was a quote (labels may follow it).
    let mut after_quote = false;
    let mut orphan = false;
    for para in paragraphs_of(&md) {
        let first = para.first().copied().unwrap_or_default();
        if let Some(rest) = first.strip_prefix('>') {
            let mut quote = vec![rest.strip_prefix(' ').unwrap_or(rest).to_string()];
            for line in &para[1..] {
                match line.strip_prefix('>') {
                    // Omnivore writes `> ` for each blank line of a quote.
                    Some(rest) => {
                        quote.push(String::new());
                        let rest = rest.strip_prefix(' ').unwrap_or(rest);
                        if !rest.trim().is_empty() {
                            quote.push(rest.to_string());
                        }
                    }
                    None => quote.push((*line).to_string()),
                }
            }
            let quote = quote.join("\n").trim().to_string();
            if quote.is_empty() {
                continue;
            }
            out.push(Highlight {
                id: quote_id("omnivore", &quote),
                quote,
                origin: Origin::Omnivore,
                ..Highlight::default()
            });
            notes.push(Vec::new());
            after_quote = true;
            continue;
        }
        let labels = para
            .iter()
            .flat_map(|l| l.split_whitespace())
            .all(|w| w.len() > 1 && w.starts_with('#'));
        match notes.last_mut() {
            Some(_) if after_quote && labels => {}
            Some(note) => note.push(para.join("\n")),
            None => orphan = true,
        }
        after_quote = false;
    }
    for (h, note) in out.iter_mut().zip(notes) {
        h.note = note_text(note.join("\n\n"));
    }
    if orphan {
        b.problem(
            at,
            &[],
            format!(
                "{file}: text before its first quote is a note on the whole article, \
                 not on a quote: lektyr keeps notes on quotes only; not kept"
            ),
        );
    }
    out
}

/// The paragraphs of a text: runs of lines that are not blank, each line
/// with its end trimmed.
fn paragraphs_of(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            open = false;
        } else if open {
            if let Some(last) = out.last_mut() {
                last.push(line);
            }
        } else {
            out.push(vec![line]);
            open = true;
        }
    }
    out
}

/// The body of an entry whose text is not at hand.
fn not_in_file(file: &str) -> Body {
    Body::from(vec![Block::Paragraph(Rich {
        runs: vec![Run {
            text: format!(
                "The text of this article is not in this file. Omnivore keeps it in \
                 {file} inside the export: open the export's zip, or its unpacked folder, \
                 to read it here."
            ),
            style: RunStyle::Emphasis,
        }],
    })])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(md: &str) -> (Vec<Highlight>, Vec<String>) {
        let mut b = Builder::default();
        let at = b.next_at(Some(0));
        let list = markdown_highlights(&mut b, at, "highlights/x.md", md);
        let archive = b.finish(|| None);
        let said = archive.problems.iter().map(|p| p.message.clone()).collect();
        (list, said)
    }

    #[test]
    fn the_highlights_file_gives_quotes_and_notes_and_passes_labels_over() {
        // As Omnivore writes it: `> quote `, labels and note after blank
        // lines, `> ` for a blank line inside a quote.
        let md = "> Första citatet \n\n#etikett #annan\n\nMin anteckning.\n\n\
                  > Andra stycket ett.\n> \nAndra stycket två. \n\n\
                  > Tredje \n\n#bara\u{1b}[31m text\n\nmer text";
        let (list, said) = read(md);
        assert!(said.is_empty(), "{said:?}");
        let quotes: Vec<&str> = list.iter().map(|h| h.quote.as_str()).collect();
        assert_eq!(
            quotes,
            [
                "Första citatet",
                "Andra stycket ett.\n\nAndra stycket två.",
                "Tredje"
            ]
        );
        assert_eq!(list[0].note(), Some("Min anteckning."));
        assert_eq!(list[1].note(), None);
        // Not all `#` words: a note (sanitized), not labels.
        assert_eq!(list[2].note(), Some("#bara text\n\nmer text"));
        assert!(list.iter().all(|h| h.origin == Origin::Omnivore));
        assert!(list[0].id.starts_with("omnivore-q"));
    }

    #[test]
    fn a_note_before_any_quote_is_said() {
        let (list, said) = read("En anteckning om hela artikeln.\n\n> Citat ");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].note, None);
        assert_eq!(said.len(), 1);
        assert!(said[0].starts_with("highlights/x.md: "), "{said:?}");
    }

    #[test]
    fn metadata_highlights_and_progress_are_read() {
        let text = r#"[{"id": "a1", "slug": "s", "title": "T", "savedAt": "2024-01-02T03:04:05.000Z",
            "readingProgress": 37.6,
            "highlights": [
              {"id": "h-1", "type": "HIGHLIGHT", "quote": "ett citat", "prefix": "före ",
               "suffix": " efter", "annotation": "en not",
               "createdAt": "2024-01-02T03:04:05.000Z", "updatedAt": "2024-01-03T00:00:00.000Z"},
              {"type": "NOTE", "annotation": "om allt"},
              {"quote": "utan id", "annotation": null},
              "fel"
            ]},
           {"id": "a2", "slug": "t", "title": "U", "savedAt": "2024", "readingProgress": 140}]"#;
        let archive =
            crate::archive::load_str_as("m.json", text, Some(super::super::Format::Omnivore))
                .expect("loads");
        let a = &archive.articles[0];
        assert_eq!(a.seed.progress, Some(38));
        assert_eq!(archive.articles[1].seed.progress, None);
        assert_eq!(a.highlights.len(), 2);
        let h = &a.highlights[0];
        assert_eq!(h.id, "omnivore-h-1");
        assert_eq!((h.prefix.as_str(), h.suffix.as_str()), ("före ", " efter"));
        assert_eq!(h.note(), Some("en not"));
        assert_eq!(h.created, 1_704_164_645_000);
        assert_eq!(h.updated, 1_704_240_000_000);
        assert!(a.highlights[1].id.starts_with("omnivore-q"));
        let said: Vec<String> = archive
            .problems
            .iter()
            .map(|p| format!("{} {}", p.pointer, p.message))
            .collect();
        for (pointer, words) in [
            ("/0/highlights/1 ", "whole article"),
            ("/0/highlights/3 ", "should be an object"),
            ("/1/readingProgress ", "0 to 100"),
        ] {
            assert!(
                said.iter()
                    .any(|s| s.starts_with(pointer) && s.contains(words)),
                "{pointer} {words}: {said:#?}"
            );
        }
    }
}
