//! Highlights written out for other tools: Markdown grouped by article,
//! one Markdown note per article (front matter for Obsidian and the like,
//! lektyr's part between two marker comments so the rest of the note is
//! the user's), and W3C Web Annotations as JSON.
//!
//! Quotes and notes are text, never markup: what would make a line start
//! a heading, a list, a quote, a code block or an HTML block is escaped,
//! and so is a `<` that would open a tag or a comment, so no note can
//! close lektyr's block or break out of its paragraph.

use std::collections::BTreeMap;

use super::fragment;
use super::{BodyText, anchor_all, effective, fold_space};
use crate::archive::{Archive, Highlight};

/// The line that opens lektyr's part of a note.
pub const BEGIN: &str = "<!-- lektyr:highlights -->";
/// The line that closes it.
pub const END: &str = "<!-- /lektyr:highlights -->";

/// One article's highlights, ready to write.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The article's id in its archive.
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    /// The date as the list shows it (the calendar day, when it parsed).
    pub date: Option<String>,
    /// Whether `date` is a calendar day (`YYYY-MM-DD`).
    pub day: bool,
    pub topics: Vec<String>,
    pub url: Option<String>,
    pub items: Vec<Item>,
}

/// A highlight and the link to its place on the web.
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// `at` is where it is in the article's text; `None`: not found.
    pub highlight: Highlight,
    /// The article's URL with a text fragment for the quote.
    pub link: Option<String>,
}

impl Item {
    pub fn found(&self) -> bool {
        self.highlight.at.is_some()
    }
}

impl Entry {
    /// Article `index` of `archive` with the highlights a reader sees in
    /// it (the imported ones under the reader's `own`), each found again
    /// in its text.
    pub fn of(
        archive: &Archive,
        index: usize,
        own: Option<&BTreeMap<String, Highlight>>,
    ) -> Option<Entry> {
        let article = archive.articles.get(index)?;
        let empty = BTreeMap::new();
        let mut list = effective(&article.highlights, own.unwrap_or(&empty));
        let detail = article.detail();
        let blocks = detail.body.blocks();
        anchor_all(&mut list, blocks);
        // Found ones in reading order, the rest after, as `effective` says.
        let list = effective(&list, &empty);
        let url = detail
            .url
            .as_deref()
            .map(fold_space)
            .filter(|u| !u.is_empty());
        let items = match &url {
            Some(url) if !list.is_empty() => {
                let body = BodyText::new(blocks);
                list.into_iter()
                    .map(|h| {
                        let quote = fragment::quote_of(&h, blocks, &body);
                        let link = fragment::directive(&quote).map(|d| fragment::link(url, &d));
                        Item { highlight: h, link }
                    })
                    .collect()
            }
            _ => list
                .into_iter()
                .map(|highlight| Item {
                    highlight,
                    link: None,
                })
                .collect(),
        };
        Some(Entry {
            id: article.id.to_string(),
            title: fold_space(&article.title),
            author: detail
                .author
                .as_ref()
                .map(|a| fold_space(&a.name))
                .filter(|a| !a.is_empty()),
            date: article.date.as_ref().map(|d| fold_space(d.display())),
            day: article.date.as_ref().is_some_and(|d| d.day.is_some()),
            topics: article
                .topics
                .iter()
                .filter_map(|&t| archive.topics.get(t))
                .map(|t| fold_space(&t.name))
                .collect(),
            url,
            items,
        })
    }
}

/// Escapes in `text` what would open inline HTML, an autolink or a
/// comment: a `<` before a letter, `/`, `!` or `?`.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One line of a quote or a note as Markdown text that stays in its
/// paragraph: trimmed, stripped of control characters, and escaped where
/// it would start another kind of block (a heading, list, quote, fence,
/// table row, rule, setext underline, link definition, and Obsidian's
/// math and comment blocks) or open HTML.
fn text_line(line: &str) -> String {
    let line = crate::archive::sanitize(line);
    let line = inline(line.trim());
    let first = line.chars().next();
    if first.is_some_and(|c| "#>-+*_=|:`~[$%".contains(c)) {
        return format!("\\{line}");
    }
    // An ordered list's marker: up to nine digits and `.` or `)`.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line
}

/// Lines of `text`, each made safe by [`text_line`]; runs of blank lines
/// kept as one, none at either end.
fn text_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let line = text_line(line);
        if line.is_empty() && out.last().is_none_or(String::is_empty) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// A heading's text: one line, and a closing run of `#` escaped (it would
/// be taken for the heading's optional closing sequence).
fn heading(text: &str) -> String {
    let text = inline(&fold_space(&crate::archive::sanitize(text)));
    let trimmed = text.trim_end_matches('#');
    if trimmed.len() < text.len() && (trimmed.is_empty() || trimmed.ends_with(' ')) {
        return format!("{trimmed}\\{}", &text[trimmed.len()..]);
    }
    if text.is_empty() {
        return "(untitled)".to_string();
    }
    text
}

/// `url` safe inside Markdown's `[text](url)` and `<url>`: spaces,
/// controls, `<`, `>`, `"`, `` ` `` and `\` percent-encoded, and `(`, `)`
/// too when they are not paired.
pub fn markdown_url(url: &str) -> String {
    let mut depth = 0i32;
    let mut paired = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                paired &= depth >= 0;
            }
            _ => {}
        }
    }
    paired &= depth == 0;
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        let escape = c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '"' | '`' | '\\')
            || (!paired && matches!(c, '(' | ')'));
        if escape {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The article's part as Markdown: its title as a heading of `level`,
/// author, date, topics and URL, then each highlight as a quote with its
/// link and note. Ends with a line break.
pub fn section(e: &Entry, level: usize) -> String {
    let mut out = format!("{} {}\n\n", "#".repeat(level), heading(&e.title));
    let mut meta = Vec::new();
    if let Some(a) = &e.author {
        meta.push(format!("- Author: {}", text_line(a)));
    }
    if let Some(d) = &e.date {
        meta.push(format!("- Date: {}", text_line(d)));
    }
    if !e.topics.is_empty() {
        let topics: Vec<String> = e.topics.iter().map(|t| inline(t)).collect();
        meta.push(format!("- Topics: {}", topics.join(", ")));
    }
    if let Some(u) = &e.url {
        let safe = markdown_url(u);
        if safe.starts_with("https://") || safe.starts_with("http://") {
            meta.push(format!("- URL: <{safe}>"));
        } else {
            meta.push(format!("- URL: {}", text_line(u)));
        }
    }
    if !meta.is_empty() {
        out.push_str(&meta.join("\n"));
        out.push_str("\n\n");
    }
    if e.items.is_empty() {
        out.push_str("No highlights.\n\n");
    }
    for item in &e.items {
        let quote = text_lines(&item.highlight.quote);
        if quote.is_empty() {
            out.push_str(">\n");
        }
        for line in quote {
            if line.is_empty() {
                out.push_str(">\n");
            } else {
                out.push_str(&format!("> {line}\n"));
            }
        }
        out.push('\n');
        let mut under = Vec::new();
        if let Some(link) = &item.link {
            under.push(format!("[Open in the article]({})", markdown_url(link)));
        }
        if !item.found() {
            under.push("(not found in the text)".to_string());
        }
        if !under.is_empty() {
            out.push_str(&under.join(" "));
            out.push_str("\n\n");
        }
        if let Some(note) = item.highlight.note() {
            let lines = text_lines(note);
            if !lines.is_empty() {
                out.push_str(&lines.join("\n"));
                out.push_str("\n\n");
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Every entry as one Markdown document: a title, then each article's
/// section, in the order given.
pub fn markdown(entries: &[Entry], title: Option<&str>) -> String {
    let mut out = match title.map(fold_space).filter(|t| !t.is_empty()) {
        Some(t) => format!("# Highlights: {}\n", heading(&t)),
        None => "# Highlights\n".to_string(),
    };
    for e in entries {
        out.push('\n');
        out.push_str(&section(e, 2));
    }
    out
}

/// Most characters of a title a file name keeps.
const SLUG_CHARS: usize = 60;

/// The note's file name: the title in lower-case ASCII letters and digits
/// joined by `-` (accents dropped, at most 60 characters), then 8 hex
/// digits of a hash of the article's id, so two articles of one title
/// never share a file and a changed title still names the same article.
pub fn file_name(e: &Entry) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::new();
    for c in e.title.nfkd() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c.is_ascii_punctuation() || !c.is_ascii())
            && !unicode_normalization::char::is_combining_mark(c)
            && !slug.is_empty()
            && !slug.ends_with('-')
        {
            slug.push('-');
        }
        if slug.len() >= SLUG_CHARS {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "article" } else { slug };
    let hash = crate::hash::fnv1a(e.id.as_bytes());
    format!("{slug}-{:08x}.md", (hash >> 32) ^ (hash & 0xffff_ffff))
}

/// A YAML double-quoted scalar (JSON's string syntax is one).
fn yaml_string(text: &str) -> String {
    let text = crate::archive::sanitize(text);
    // Line and paragraph separators are line breaks to some YAML readers.
    let text = text.replace(['\u{2028}', '\u{2029}', '\u{85}'], " ");
    serde_json::to_string(&text).unwrap_or_else(|_| "\"\"".to_string())
}

/// An Obsidian tag for a topic: lower case, words joined by `-`, only
/// letters, digits, `_`, `-` and `/`; `None` when nothing is left or it
/// is all digits (not a tag there).
fn tag(topic: &str) -> Option<String> {
    let mut out = String::new();
    for c in topic.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || matches!(c, '_' | '/') {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty() && !out.chars().all(|c| c.is_ascii_digit())).then_some(out)
}

/// What lektyr says of a key of the front matter.
enum Value {
    /// The key's whole value, replacing any the note has.
    Own(String),
    /// Entries of a list lektyr adds to; the note's own entries stay.
    Adds(Vec<String>),
}

/// The front matter keys lektyr writes, in order. A key without a value
/// for this article is left out (and removed from a note that had it).
const OWN_KEYS: [&str; 8] = [
    "title",
    "author",
    "date",
    "url",
    "topics",
    "tags",
    "aliases",
    "lektyr_id",
];

fn values(e: &Entry) -> Vec<(&'static str, Option<Value>)> {
    let list = |items: &[String]| -> String {
        items
            .iter()
            .map(|t| format!("\n  - {}", yaml_string(t)))
            .collect()
    };
    let date = e.date.as_ref().map(|d| {
        let plain = e.day && d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        if plain { d.clone() } else { yaml_string(d) }
    });
    let tags: Vec<String> = e.topics.iter().filter_map(|t| tag(t)).collect();
    vec![
        ("title", Some(Value::Own(yaml_string(&e.title)))),
        (
            "author",
            e.author.as_deref().map(|a| Value::Own(yaml_string(a))),
        ),
        ("date", date.map(Value::Own)),
        ("url", e.url.as_deref().map(|u| Value::Own(yaml_string(u)))),
        (
            "topics",
            (!e.topics.is_empty()).then(|| Value::Own(list(&e.topics))),
        ),
        ("tags", (!tags.is_empty()).then_some(Value::Adds(tags))),
        (
            "aliases",
            (!e.title.is_empty()).then(|| Value::Adds(vec![e.title.clone()])),
        ),
        ("lektyr_id", Some(Value::Own(yaml_string(&e.id)))),
    ]
}

/// One key of a front matter with the lines that belong to it (its value
/// over several lines, list entries, comments after it).
struct Group<'t> {
    key: Option<&'t str>,
    lines: Vec<&'t str>,
}

fn groups(front: &str) -> Vec<Group<'_>> {
    let mut out: Vec<Group> = Vec::new();
    for line in front.lines() {
        let starts_key = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && !matches!(c, '-' | '#'))
            && line.contains(':');
        if starts_key {
            let key = line.split(':').next().map(str::trim);
            out.push(Group {
                key,
                lines: vec![line],
            });
        } else if let Some(last) = out.last_mut() {
            last.lines.push(line);
        } else {
            out.push(Group {
                key: None,
                lines: vec![line],
            });
        }
    }
    out
}

/// A YAML scalar as written (`"a"`, `'a'`, `a`) back to its text.
fn unquote(value: &str) -> String {
    let v = value.trim();
    if v.starts_with('"')
        && let Ok(s) = serde_json::from_str::<String>(v)
    {
        return s;
    }
    if let Some(inner) = v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    v.to_string()
}

/// A key's lines with lektyr's value: its own, or the note's list with
/// lektyr's entries that it lacks added. A list in another form than one
/// entry per line is the user's and stays as it is.
fn key_lines(key: &str, value: &Value, had: Option<&Group>) -> Vec<String> {
    match value {
        Value::Own(v) if v.starts_with('\n') => vec![format!("{key}:{v}")],
        Value::Own(v) => vec![format!("{key}: {v}")],
        Value::Adds(items) => {
            let Some(group) = had else {
                let mut lines = vec![format!("{key}:")];
                lines.extend(items.iter().map(|i| format!("  - {}", yaml_string(i))));
                return lines;
            };
            let head_value = group.lines[0].split_once(':').map_or("", |(_, v)| v.trim());
            if !head_value.is_empty() {
                return group.lines.iter().map(|l| l.to_string()).collect();
            }
            let present: Vec<String> = group.lines[1..]
                .iter()
                .filter_map(|l| l.trim().strip_prefix('-'))
                .map(unquote)
                .collect();
            let mut lines: Vec<String> = group.lines.iter().map(|l| l.to_string()).collect();
            // After the last entry, before any blank or comment lines.
            let mut at = lines.len();
            while at > 1 && !lines[at - 1].trim().starts_with('-') {
                at -= 1;
            }
            for item in items.iter().filter(|i| !present.contains(i)) {
                lines.insert(at, format!("  - {}", yaml_string(item)));
                at += 1;
            }
            lines
        }
    }
}

/// The front matter (between the `---` lines, without them) for `e`,
/// keeping whatever of `existing` is not lektyr's.
fn front_matter(e: &Entry, existing: Option<&str>) -> String {
    let values = values(e);
    let old = existing.map(groups).unwrap_or_default();
    let mut lines: Vec<String> = Vec::new();
    let mut done = Vec::new();
    for group in &old {
        let ours = group.key.and_then(|k| OWN_KEYS.iter().find(|o| **o == k));
        match ours {
            Some(key) => {
                if done.contains(key) {
                    continue; // a key twice: lektyr's once
                }
                done.push(key);
                if let Some((_, Some(v))) = values.iter().find(|(k, _)| k == key) {
                    lines.extend(key_lines(key, v, Some(group)));
                }
            }
            None => lines.extend(group.lines.iter().map(|l| l.to_string())),
        }
    }
    for (key, value) in &values {
        if let (false, Some(v)) = (done.contains(key), value) {
            lines.extend(key_lines(key, v, None));
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// A note's text split into its front matter (without the `---` lines)
/// and the rest; `None` for the front matter when it has none.
fn split_front(text: &str) -> (Option<&str>, &str) {
    let first_len = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_len].trim_end() != "---" {
        return (None, text);
    }
    let mut at = first_len;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = text[at..end].trim_end();
        if line == "---" || line == "..." {
            return (Some(&text[first_len..at]), &text[end..]);
        }
        at = end;
    }
    (None, text)
}

/// The article id a note's front matter names (`lektyr_id`), if any.
pub fn note_id(text: &str) -> Option<String> {
    let (front, _) = split_front(text);
    groups(front?)
        .into_iter()
        .find(|g| g.key == Some("lektyr_id"))
        .and_then(|g| g.lines[0].split_once(':').map(|(_, v)| unquote(v)))
}

/// Lektyr's block for `e`: the markers and the article's section between.
fn block(e: &Entry) -> String {
    format!("{BEGIN}\n{}\n{END}\n", section(e, 1))
}

/// The note for `e`: a new one, or `existing` with lektyr's front matter
/// keys and its block replaced and everything else kept. The error says
/// why a note cannot be updated (its block is opened but never closed).
pub fn note(e: &Entry, existing: Option<&str>) -> Result<String, String> {
    let Some(existing) = existing else {
        return Ok(format!("---\n{}---\n\n{}", front_matter(e, None), block(e)));
    };
    let (front, body) = split_front(existing);
    let front = front_matter(e, front);
    // Lektyr's block, found by its whole marker lines.
    let mut begin = None;
    let mut end = None;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let next = at + line.len();
        match (begin, line.trim()) {
            (None, BEGIN) => begin = Some(at),
            (Some(_), END) => {
                end = Some(next);
                break;
            }
            _ => {}
        }
        at = next;
    }
    let body = match (begin, end) {
        (Some(b), Some(e_)) => {
            let mut tail = &body[e_..];
            let mut new = block(e);
            if !body[..e_].ends_with('\n') {
                // The closing marker was the file's last line, unended.
                new.pop();
                tail = "";
            }
            format!("{}{new}{tail}", &body[..b])
        }
        (Some(_), None) => {
            return Err(format!(
                "lektyr's block is opened ({BEGIN}) but never closed ({END}); \
                 not changed: add the closing line where lektyr's part ends"
            ));
        }
        (None, _) if body.trim().is_empty() => format!("\n{}", block(e)),
        (None, _) => format!("{}\n\n{}", body.trim_end(), block(e)),
    };
    Ok(format!("---\n{front}---\n{body}"))
}

/// Milliseconds since 1970 as an ISO 8601 UTC time (`2024-03-05T09:15:00Z`);
/// `None` for 0 (unknown).
pub fn iso_time(ms: u64) -> Option<String> {
    if ms == 0 {
        return None;
    }
    let secs = i64::try_from(ms / 1000).ok()?;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days to a civil date, counting 400-year eras from 0000-03-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    if y > 9999 {
        return None;
    }
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    ))
}

/// The highlights of `e` as W3C Web Annotations; `archive` names the
/// archive in the `lektyr:` addresses of an article without a URL.
pub fn annotations(e: &Entry, archive: &str) -> Vec<serde_json::Value> {
    use serde_json::{Map, Value as J, json};
    // A part of an IRI: unreserved characters as they are.
    let enc = |part: &str| -> String {
        let mut out = String::with_capacity(part.len());
        for b in part.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    };
    let article = format!("lektyr:{}#{}", enc(archive), enc(&e.id));
    e.items
        .iter()
        .map(|item| {
            let h = &item.highlight;
            let mut selector = Map::new();
            selector.insert("type".into(), "TextQuoteSelector".into());
            selector.insert("exact".into(), h.quote.clone().into());
            if !h.prefix.is_empty() {
                selector.insert("prefix".into(), h.prefix.clone().into());
            }
            if !h.suffix.is_empty() {
                selector.insert("suffix".into(), h.suffix.clone().into());
            }
            let mut a = Map::new();
            a.insert("@context".into(), "http://www.w3.org/ns/anno.jsonld".into());
            a.insert("id".into(), format!("{article}/{}", enc(&h.id)).into());
            a.insert("type".into(), "Annotation".into());
            let motivation = if h.note().is_some() {
                "commenting"
            } else {
                "highlighting"
            };
            a.insert("motivation".into(), motivation.into());
            if let Some(t) = iso_time(h.created) {
                a.insert("created".into(), t.into());
            }
            if let Some(t) = iso_time(h.updated) {
                a.insert("modified".into(), t.into());
            }
            if let Some(note) = h.note() {
                a.insert(
                    "body".into(),
                    json!({"type": "TextualBody", "value": note, "format": "text/plain"}),
                );
            }
            let source = e.url.clone().unwrap_or_else(|| article.clone());
            a.insert(
                "target".into(),
                json!({"source": source, "selector": J::Object(selector)}),
            );
            let mut own = Map::new();
            own.insert("article".into(), e.id.clone().into());
            own.insert("highlight".into(), h.id.clone().into());
            own.insert("found".into(), item.found().into());
            own.insert("origin".into(), h.origin.label().to_lowercase().into());
            if let Some(link) = &item.link {
                own.insert("link".into(), link.clone().into());
            }
            a.insert("lektyr".into(), J::Object(own));
            J::Object(a)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            id: "a-1".into(),
            title: "Malmö & more".into(),
            author: Some("Ada".into()),
            date: Some("2024-03-05".into()),
            day: true,
            topics: vec!["Rust".into(), "Machine learning".into()],
            url: Some("https://example.org/a".into()),
            items: vec![Item {
                highlight: Highlight {
                    id: "h1".into(),
                    quote: "Quoted\n\n# not a heading".into(),
                    note: Some("1. not a list\n<!-- /lektyr:highlights -->".into()),
                    ..Highlight::default()
                },
                link: None,
            }],
        }
    }

    #[test]
    fn lines_that_would_start_a_block_are_escaped() {
        for (line, safe) in [
            ("# h", "\\# h"),
            ("> q", "\\> q"),
            ("- item", "\\- item"),
            ("---", "\\---"),
            ("12) twelve", "12\\) twelve"),
            ("2024. A year", "2024\\. A year"),
            ("```rust", "\\```rust"),
            (":--|--", "\\:--|--"),
            ("%% hidden", "\\%% hidden"),
            (
                "<!-- /lektyr:highlights -->",
                "\\<!-- /lektyr:highlights -->",
            ),
            ("a <b>bold</b> move", "a \\<b>bold\\</b> move"),
            ("    indented", "indented"),
            ("plain 3 < 4", "plain 3 < 4"),
        ] {
            assert_eq!(text_line(line), safe, "{line}");
        }
        assert_eq!(heading("Learn C #"), "Learn C \\#");
        assert_eq!(heading("C# in depth"), "C# in depth");
    }

    #[test]
    fn a_section_keeps_quote_and_note_inside_their_blocks() {
        let text = section(&entry(), 2);
        assert!(
            text.contains("> Quoted\n>\n> \\# not a heading\n"),
            "{text}"
        );
        assert!(text.contains("1\\. not a list\n\\<!-- /lektyr"), "{text}");
        assert!(text.contains("(not found in the text)"), "{text}");
        assert!(!text.lines().any(|l| l == END));
    }

    #[test]
    fn file_names_are_safe_stable_and_apart_for_one_title() {
        let mut e = entry();
        let name = file_name(&e);
        assert!(name.starts_with("malmo-more-"), "{name}");
        assert!(name.ends_with(".md"));
        assert_eq!(name, file_name(&e));
        e.id = "a-2".into();
        assert_ne!(name, file_name(&e));
        e.title = "../../«»".into();
        assert!(file_name(&e).starts_with("article-"));
        e.title = "x".repeat(200);
        assert!(file_name(&e).len() < 80);
    }

    #[test]
    fn a_note_keeps_the_users_text_and_keys() {
        let e = entry();
        let first = note(&e, None).expect("new");
        assert!(
            first.starts_with("---\ntitle: \"Malmö & more\"\n"),
            "{first}"
        );
        assert!(first.contains("tags:\n  - \"rust\"\n  - \"machine-learning\"\n"));
        assert_eq!(note_id(&first).as_deref(), Some("a-1"));
        assert_eq!(note(&e, Some(&first)).as_deref(), Ok(first.as_str()));
        let edited = first
            .replace("tags:\n", "rating: 5\ntags:\n  - mine\n")
            .replace(BEGIN, &format!("Above.\n\n{BEGIN}"))
            + "\nBelow.\n";
        let mut changed = e.clone();
        changed.items[0].highlight.note = Some("new note".into());
        let again = note(&changed, Some(&edited)).expect("updates");
        assert!(
            again.contains("rating: 5\ntags:\n  - mine\n  - \"rust\""),
            "{again}"
        );
        assert!(again.contains("Above.\n\n<!-- lektyr"), "{again}");
        assert!(again.ends_with(&format!("{END}\n\nBelow.\n")), "{again}");
        assert!(again.contains("new note") && !again.contains("not a list"));
        assert_eq!(again.matches(BEGIN).count(), 1);
        let open = edited.replace(END, "");
        assert!(note(&e, Some(&open)).is_err());
    }

    #[test]
    fn a_note_without_front_matter_or_block_gets_both() {
        let e = entry();
        let text = note(&e, Some("My own words.\n")).expect("updates");
        assert!(text.starts_with("---\ntitle:"), "{text}");
        assert!(text.contains("My own words.\n\n<!-- lektyr:highlights -->\n# Malmö"));
        assert_eq!(note(&e, Some(&text)).as_deref(), Ok(text.as_str()));
    }

    #[test]
    fn times_are_iso_8601() {
        assert_eq!(iso_time(0), None);
        assert_eq!(
            iso_time(1_709_630_100_123).as_deref(),
            Some("2024-03-05T09:15:00Z")
        );
        assert_eq!(
            iso_time(951_782_400_000).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(iso_time(u64::MAX), None);
    }
}
