//! Writing an archive in lektyr's own format (version 1), whatever it was
//! read from: `lektyr convert`. Bodies are written as typed blocks with
//! their inline runs (styles and link targets), dates as RFC 3339, related
//! entries as the ids they resolved to, highlights with their notes, so
//! the result loads with no problems and shows the same.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::date::to_rfc3339;
use super::highlight::{Highlight, Origin};
use super::model::{Archive, Article, Block, Detail, Rich, RunStyle};

/// Writes `archive` as a v1 archive, one article at a time, with the
/// highlights it was read with (deleted ones left out).
pub fn write_v1(archive: &Archive, out: &mut impl Write) -> io::Result<()> {
    let imported = |a: &Article| {
        a.highlights
            .iter()
            .filter(|h| !h.deleted)
            .cloned()
            .collect()
    };
    write_v1_with(archive, &imported, out)
}

/// [`write_v1`] with each article's highlights given by `highlights`
/// (`lektyr convert` gives the ones a reader sees: the archive's, with
/// the reader's own changes over them).
pub fn write_v1_with(
    archive: &Archive,
    highlights: &dyn Fn(&Article) -> Vec<Highlight>,
    out: &mut impl Write,
) -> io::Result<()> {
    out.write_all(b"{\n  \"version\": 1,\n")?;
    if let Some(title) = &archive.title {
        writeln!(out, "  \"title\": {},", Value::String(title.clone()))?;
    }
    out.write_all(b"  \"articles\": [")?;
    // File order, as read: the list order is the reader's to make.
    for (i, article) in archive.articles.iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        let mut value = article_value(archive, article);
        let list: Vec<Value> = highlights(article).iter().map(highlight_value).collect();
        if let (false, Some(m)) = (list.is_empty(), value.as_object_mut()) {
            m.insert("highlights".into(), list.into());
        }
        serde_json::to_writer(&mut *out, &value)?;
    }
    out.write_all(b"\n  ]\n}\n")
}

fn article_value(archive: &Archive, a: &Article) -> Value {
    // Read and let go: a detail left in a file or a cache is not kept.
    a.peek_detail(|d| article_value_with(archive, a, d))
}

fn article_value_with(archive: &Archive, a: &Article, d: &Detail) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), a.id.as_str().into());
    m.insert("title".into(), a.title.as_str().into());
    if let Some(date) = &a.date {
        // A date that never parsed is kept as written (it sorts last again).
        let text = to_rfc3339(date).unwrap_or_else(|| date.text.to_string());
        m.insert("date".into(), text.into());
    }
    if let Some(author) = &d.author {
        let mut au = Map::new();
        au.insert("name".into(), author.name.clone().into());
        for (key, v) in [
            ("role", &author.role),
            ("bio", &author.bio),
            ("url", &author.url),
        ] {
            if let Some(v) = v {
                au.insert(key.into(), v.clone().into());
            }
        }
        m.insert("author".into(), Value::Object(au));
    }
    let topics: Vec<Value> = a
        .topics
        .iter()
        .filter_map(|&t| archive.topics.get(t))
        .map(|t| t.name.clone().into())
        .collect();
    if !topics.is_empty() {
        m.insert("topics".into(), topics.into());
    }
    let summary = d.lede().map(str::to_string);
    for (key, v) in [
        ("series", &d.series),
        ("summary", &summary),
        ("url", &d.url),
    ] {
        if let Some(v) = v {
            m.insert(key.into(), v.clone().into());
        }
    }
    if let Some(lang) = d.language.as_deref().and_then(language_tag) {
        m.insert("language".into(), lang.into());
    }
    let related: Vec<Value> = d
        .related
        .iter()
        .map(|r| match r.target.and_then(|t| archive.articles.get(t)) {
            Some(target) => target.id.as_str().into(),
            None => r.text.clone().into(),
        })
        .collect();
    if !related.is_empty() {
        m.insert("related".into(), related.into());
    }
    let body: Vec<Value> = d.body.blocks().iter().filter_map(block_value).collect();
    m.insert("body".into(), body.into());
    Value::Object(m)
}

/// A highlight as v1 holds it: its id and quote, and whichever of its
/// context, note, stamps and origin it has.
fn highlight_value(h: &Highlight) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), h.id.clone().into());
    m.insert("quote".into(), h.quote.clone().into());
    for (key, v) in [("prefix", &h.prefix), ("suffix", &h.suffix)] {
        if !v.is_empty() {
            m.insert(key.into(), v.clone().into());
        }
    }
    if let Some(note) = h.note() {
        m.insert("note".into(), note.into());
    }
    for (key, v) in [("created", h.created), ("updated", h.updated)] {
        if v != 0 {
            m.insert(key.into(), v.into());
        }
    }
    if h.origin != Origin::Lektyr {
        m.insert("origin".into(), h.origin.label().to_lowercase().into());
    }
    Value::Object(m)
}

/// A language as a BCP 47 tag (`fr_FR` → `fr-FR`), or nothing when it is
/// not one.
fn language_tag(lang: &str) -> Option<String> {
    let tag = lang.trim().replace('_', "-");
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    (first_ok && rest_ok).then_some(tag)
}

/// Rich text: a string when it is all plain, else an array of runs (plain
/// ones as strings, the others as `{"text", "style"}` or `{"text", "link"}`).
fn text(r: &Rich) -> Value {
    if r.runs
        .iter()
        .all(|run| matches!(run.style, RunStyle::Plain | RunStyle::Mark))
    {
        return r.to_plain().into();
    }
    let runs: Vec<Value> = r
        .runs
        .iter()
        .map(|run| match &run.style {
            RunStyle::Plain | RunStyle::Mark => run.text.clone().into(),
            RunStyle::Emphasis => json!({"text": run.text, "style": "emphasis"}),
            RunStyle::Strong => json!({"text": run.text, "style": "strong"}),
            RunStyle::Code => json!({"text": run.text, "style": "code"}),
            RunStyle::Link(href) => json!({"text": run.text, "link": href}),
        })
        .collect();
    runs.into()
}

fn block_value(block: &Block) -> Option<Value> {
    let v = match block {
        Block::Paragraph(t) => json!({"type": "paragraph", "text": text(t)}),
        Block::Heading { level, text: t } => {
            json!({"type": "heading", "level": level, "text": text(t)})
        }
        Block::PullQuote { text: t, cite } => {
            with_cite(json!({"type": "pullquote", "text": text(t)}), cite)
        }
        Block::Quote { text: t, cite } => {
            with_cite(json!({"type": "quote", "text": text(t)}), cite)
        }
        Block::Image { src, alt, caption } => {
            let mut m = Map::new();
            m.insert("type".into(), "image".into());
            for (key, v) in [("src", src), ("alt", alt), ("caption", caption)] {
                if let Some(v) = v {
                    m.insert(key.into(), v.clone().into());
                }
            }
            Value::Object(m)
        }
        Block::List { items, ordered } => {
            let items: Vec<Value> = items.iter().map(text).collect();
            json!({"type": "list", "ordered": ordered, "items": items})
        }
        Block::Code(code) => json!({"type": "code", "text": code}),
        Block::Rule => json!({"type": "rule"}),
    };
    Some(v)
}

fn with_cite(mut v: Value, cite: &Option<String>) -> Value {
    if let (Some(cite), Some(m)) = (cite, v.as_object_mut()) {
        m.insert("cite".into(), cite.clone().into());
    }
    v
}
