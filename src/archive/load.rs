//! Loading an archive: read the file, parse it in one pass with the lenient
//! visitors, then settle ids, related links and list order, and give every
//! problem its line and column. Owns the entry points the rest of lektyr
//! calls.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;

use super::de::{Ctx, Extra, Fatal, Json, archive_shape, quote, read_archive};
use super::error::{LoadError, LoadErrorKind, excerpt};
use super::locate::{Pos, locate};
use super::model::{Archive, Article, Problem};

/// Reads and loads the archive at `path`. The file is opened read-only;
/// messages name it as `path` displays.
pub fn load_path(path: &Path) -> Result<Archive, LoadError> {
    let name = path.display().to_string();
    let fail = |kind| Err(LoadError::new(&name, kind));
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return fail(LoadErrorKind::IsDirectory),
        Ok(_) => {}
        Err(e) => return fail(io_kind(&e)),
    }
    // First pass streams the file, so the whole text is never held next to
    // the articles built from it (peak memory stays near the model's size).
    // Anything unusual (an error of any kind, a byte-order mark) falls back
    // to reading the whole text, which gives precise messages.
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(io_kind(&e)),
    };
    let mut ctx = Ctx::default();
    let reader = io::BufReader::with_capacity(1 << 16, file);
    let mut de = serde_json::Deserializer::from_reader(reader);
    let streamed = read_archive(&mut ctx, &mut de).and_then(|shape| de.end().map(|()| shape));
    if let Ok(Ok(())) = streamed
        && ctx.fatal.is_none()
    {
        // Problem positions need the text; read it only when there are any.
        return Ok(finish(ctx, || {
            std::fs::read_to_string(path).ok().map(Cow::Owned)
        }));
    }
    drop(de);
    match std::fs::read(path) {
        Ok(bytes) => load_bytes(&name, &bytes),
        Err(e) => fail(io_kind(&e)),
    }
}

fn io_kind(e: &io::Error) -> LoadErrorKind {
    match e.kind() {
        io::ErrorKind::NotFound => LoadErrorKind::NotFound,
        io::ErrorKind::PermissionDenied => LoadErrorKind::PermissionDenied,
        io::ErrorKind::IsADirectory => LoadErrorKind::IsDirectory,
        _ => LoadErrorKind::Unreadable {
            reason: e.to_string(),
        },
    }
}

/// Loads an archive from bytes that should be UTF-8 JSON. `name` is what
/// messages show.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Archive, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(name, text),
        Err(e) => {
            let valid = e.valid_up_to();
            let head = bytes
                .get(..valid)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or("");
            let line = head.matches('\n').count() + 1;
            let line_start = head.rfind('\n').map_or(0, |i| i + 1);
            let column = head.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
            let byte = bytes.get(valid).copied().unwrap_or(0);
            Err(LoadError::new(
                name,
                LoadErrorKind::NotUtf8 { line, column, byte },
            ))
        }
    }
}

/// Loads an archive from JSON text. `name` is what messages show.
pub fn load_str(name: &str, text: &str) -> Result<Archive, LoadError> {
    // A byte-order mark is invisible in editors; positions count without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // JSON's own whitespace: anything else is a syntax error worth showing.
    if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Err(LoadError::new(name, LoadErrorKind::Empty));
    }
    let mut ctx = Ctx::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let read = read_archive(&mut ctx, &mut de).and_then(|shape| de.end().map(|()| shape));
    match read {
        Ok(Ok(())) => Ok(finish(ctx, || Some(Cow::Borrowed(text)))),
        Ok(Err(found)) => Err(LoadError::new(
            name,
            LoadErrorKind::NotAnArchive {
                found: describe_top(&found),
                expected: archive_shape().into(),
                at: position(text, ""),
            },
        )),
        Err(e) => Err(match ctx.fatal.take() {
            Some(fatal) => fatal_error(name, text, fatal),
            None => json_error(name, text, &e),
        }),
    }
}

fn describe_top(found: &Json) -> String {
    match found {
        Json::Str(_) => format!("a JSON string ({})", found.describe()),
        Json::Null => "`null`".into(),
        other => other.describe(),
    }
}

fn position(text: &str, pointer: &str) -> Option<(usize, usize)> {
    locate(text, "", &[pointer])
        .first()
        .copied()
        .flatten()
        .map(|p| (p.line, p.column))
}

fn fatal_error(name: &str, text: &str, fatal: Fatal) -> LoadError {
    let kind = match fatal {
        Fatal::NotAnArchive {
            found,
            expected,
            pointer,
        } => LoadErrorKind::NotAnArchive {
            found,
            expected,
            at: pointer.and_then(|p| position(text, &p)),
        },
        Fatal::Version { found } => LoadErrorKind::UnsupportedVersion {
            found,
            at: position(text, "/version"),
        },
    };
    LoadError::new(name, kind)
}

/// A serde_json error as a syntax (or nesting) error with the offending line.
fn json_error(name: &str, text: &str, e: &serde_json::Error) -> LoadError {
    let line = e.line().max(1);
    let raw = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = raw.strip_suffix(&suffix).unwrap_or(&raw);
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    // serde_json counts bytes and points just past the offending byte.
    let (column, excerpt) = excerpt(line, line_text, e.column().saturating_sub(1));
    let kind = if message == "recursion limit exceeded" {
        LoadErrorKind::TooDeep {
            line,
            column,
            excerpt,
        }
    } else {
        LoadErrorKind::Syntax {
            line,
            column,
            message: plain_wording(message),
            excerpt,
        }
    };
    LoadError::new(name, kind)
}

/// serde_json's messages, reworded for someone editing an archive by hand.
fn plain_wording(message: &str) -> String {
    let plain = match message {
        "EOF while parsing a value" => "the file ends where a value should be",
        "EOF while parsing an object" => "the file ends inside an object (a `}` is missing)",
        "EOF while parsing a list" => "the file ends inside an array (a `]` is missing)",
        "EOF while parsing a string" => "the file ends inside a string (a `\"` is missing)",
        "expected value" => {
            "expected a value (text in \"double quotes\", a number, an object, an array, \
             true, false or null)"
        }
        "expected ident" => "expected `true`, `false` or `null`",
        "expected `\"`" => "expected a key in \"double quotes\"",
        "key must be a string" => "an object key must be text in \"double quotes\"",
        "invalid escape" => "invalid escape in a string (use \\n, \\t, \\\", \\\\ or \\uXXXX)",
        "invalid number" => "invalid number",
        "number out of range" => "number too large",
        "invalid unicode code point" => "a \\u escape names no Unicode character",
        "lone leading surrogate in hex escape" => {
            "a \\u escape is half of a surrogate pair without the other half"
        }
        "unexpected end of hex escape" => "a \\u escape needs four hex digits",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a raw control character (such as a tab or line break) inside a string; \
             write it as an escape like \\n or \\t"
        }
        "trailing comma" => "a comma before a closing bracket; remove it",
        "trailing characters" => "more text after the end of the archive",
        other => return other.to_string(),
    };
    plain.to_string()
}

/// Everything after parsing: ids, related links, order, problem positions.
/// `source` gives the text the archive was parsed from; it is asked for only
/// when there are problems to place.
fn finish<'t>(ctx: Ctx, source: impl FnOnce() -> Option<Cow<'t, str>>) -> Archive {
    let Ctx {
        root,
        title,
        mut articles,
        mut extra,
        topics,
        mut problems,
        ..
    } = ctx;
    assign_ids(root, &mut articles, &mut extra, &mut problems);
    resolve_related(&mut articles);

    // Newest first; undated and unparsable last, in file order (stable sort).
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(
        |&i| match articles.get(i).and_then(|a| a.date.as_ref()?.key) {
            Some(k) => (0, std::cmp::Reverse(k)),
            None => (1, std::cmp::Reverse(0)),
        },
    );

    if !problems.is_empty() {
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        let text = source().unwrap_or_default();
        let found = locate(&text, root, &pointers);
        for (p, pos) in problems.iter_mut().zip(found) {
            let Pos { line, column } = pos.unwrap_or_default();
            p.line = line;
            p.column = column;
        }
        problems.sort_by_key(|p| (p.line, p.column));
    }

    Archive {
        title,
        articles,
        topics,
        order,
        problems,
    }
}

/// Ids: the ones written win, in file order; repeats and missing ones get
/// the first free `-2`, `-3`… suffix.
fn assign_ids(
    root: &str,
    articles: &mut [Article],
    extra: &mut [Extra],
    problems: &mut Vec<Problem>,
) {
    // The usual archive: every id written, none repeated. Move them in.
    let mut seen: HashSet<&str> = HashSet::with_capacity(extra.len());
    let all_unique = extra
        .iter()
        .all(|e| e.id.as_deref().is_some_and(|id| seen.insert(id)));
    drop(seen);
    if all_unique {
        for (article, e) in articles.iter_mut().zip(extra.iter_mut()) {
            article.id = e.id.take().unwrap_or_default();
        }
        return;
    }

    let mut ids = Ids {
        written: extra.iter().filter_map(|e| e.id.as_deref()).collect(),
        taken: HashMap::with_capacity(articles.len()),
        next: HashMap::new(),
    };
    for (i, (article, e)) in articles.iter_mut().zip(extra.iter()).enumerate() {
        let Some(id) = &e.id else { continue };
        if let Some(&first) = ids.taken.get(id.as_str()) {
            let new = ids.free(id);
            problems.push(Problem {
                pointer: format!("{root}/{}/id", e.src),
                message: format!(
                    "id \"{}\" is already used by {root}/{first}; this article gets \"{}\"",
                    quote(id),
                    quote(&new)
                ),
                article: Some(i),
                line: 0,
                column: 0,
            });
            article.id = new;
        } else {
            article.id = id.clone();
        }
        ids.taken.insert(article.id.clone(), e.src);
    }
    for (article, e) in articles.iter_mut().zip(extra.iter()) {
        if e.id.is_some() {
            continue;
        }
        let base = slug(&article.title);
        article.id = if ids.is_used(&base) {
            ids.free(&base)
        } else {
            base
        };
        ids.taken.insert(article.id.clone(), e.src);
    }
}

/// Related entries: an article id first, then a title compared without
/// case; otherwise the text stays, with no target.
fn resolve_related(articles: &mut [Article]) {
    if articles.iter().all(|a| a.related.is_empty()) {
        return;
    }
    let mut targets: Vec<Option<usize>> = Vec::new();
    {
        let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(articles.len());
        for (i, a) in articles.iter().enumerate() {
            by_id.entry(&a.id).or_insert(i);
        }
        // Built only if some entry is not an id.
        let mut by_title: Option<TitleIndex> = None;
        for r in articles.iter().flat_map(|a| &a.related) {
            let target = by_id.get(r.text.as_str()).copied().or_else(|| {
                by_title
                    .get_or_insert_with(|| TitleIndex::new(articles))
                    .find(articles, &r.text)
            });
            targets.push(target);
        }
    }
    let mut targets = targets.into_iter();
    for i in 0..articles.len() {
        for k in 0..articles.get(i).map_or(0, |a| a.related.len()) {
            let target = targets.next().flatten();
            let title = target
                .and_then(|t| articles.get(t))
                .map(|a| a.title.clone());
            if let Some(r) = articles.get_mut(i).and_then(|a| a.related.get_mut(k)) {
                r.target = target;
                if let Some(title) = title {
                    r.text = title;
                }
            }
        }
    }
}

/// Titles by a key that equal-ignoring-case titles share, cheap to compute:
/// a hash of the ASCII characters lower-cased, passing over every other
/// character except the two whose lower case is ASCII (U+0130 and the
/// Kelvin sign), which count as `i` and `k`. Candidates are then compared
/// properly, so a shared key never gives a wrong match.
struct TitleIndex {
    /// Key → lowest article index with that key.
    heads: HashMap<u64, usize>,
    /// Article index → next higher index with the same key.
    next: Vec<Option<usize>>,
}

impl TitleIndex {
    fn new(articles: &[Article]) -> Self {
        let mut heads = HashMap::with_capacity(articles.len());
        let mut next = vec![None; articles.len()];
        // Backwards, so each chain runs in file order from its head.
        for (i, a) in articles.iter().enumerate().rev() {
            let previous = heads.insert(title_key(&a.title), i);
            if let Some(slot) = next.get_mut(i) {
                *slot = previous;
            }
        }
        TitleIndex { heads, next }
    }

    fn find(&self, articles: &[Article], text: &str) -> Option<usize> {
        let mut at = self.heads.get(&title_key(text)).copied();
        while let Some(i) = at {
            if articles.get(i).is_some_and(|a| same_folded(&a.title, text)) {
                return Some(i);
            }
            at = self.next.get(i).copied().flatten();
        }
        None
    }
}

fn title_key(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    let mut block = [0u8; 64];
    let mut rest = s.as_bytes();
    while !rest.is_empty() {
        let run = rest
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (ascii, tail) = rest.split_at(run);
        for chunk in ascii.chunks(block.len()) {
            if let Some(part) = block.get_mut(..chunk.len()) {
                part.copy_from_slice(chunk);
                part.make_ascii_lowercase();
                hasher.write(part);
            }
        }
        // Skip one non-ASCII character; the two whose lower case is ASCII
        // (U+0130 and the Kelvin sign) count as that letter.
        let (letter, len) = match tail {
            [0xc4, 0xb0, ..] => (Some(b'i'), 2),
            [0xe2, 0x84, 0xaa, ..] => (Some(b'k'), 3),
            [b, ..] if *b >= 0xf0 => (None, 4),
            [b, ..] if *b >= 0xe0 => (None, 3),
            [_, ..] => (None, 2),
            [] => (None, 0),
        };
        if let Some(letter) = letter {
            hasher.write(&[letter]);
        }
        rest = tail.get(len..).unwrap_or_default();
    }
    hasher.finish()
}

/// Calls `f` with each character of `s` lower-cased (ASCII without the
/// Unicode tables, which are slow per character).
fn for_each_folded(s: &str, mut f: impl FnMut(char)) {
    for c in s.chars() {
        if c.is_ascii() {
            f(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut f);
        }
    }
}

/// Whether `a` and `b` are equal ignoring case.
fn same_folded(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    let lower = |s: &str| {
        let mut v = Vec::with_capacity(s.len());
        for_each_folded(s, |c| v.push(c));
        v
    };
    lower(a) == lower(b)
}

/// Ids handed out so far, for suffixing repeats.
struct Ids<'a> {
    /// Every id written in the file: a suffix never takes one of these.
    written: HashSet<&'a str>,
    /// Id → source index of the article that has it.
    taken: HashMap<String, usize>,
    /// Per base, the suffix to try next, so a thousand repeats of one id
    /// cost a thousand steps, not half a million.
    next: HashMap<String, u64>,
}

impl Ids<'_> {
    fn is_used(&self, id: &str) -> bool {
        self.taken.contains_key(id) || self.written.contains(id)
    }

    fn free(&mut self, base: &str) -> String {
        let mut n = self.next.get(base).copied().unwrap_or(2);
        loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if !self.is_used(&candidate) {
                self.next.insert(base.to_string(), n);
                return candidate;
            }
        }
    }
}

/// An id made from a title: lower-case letters and digits joined by `-`,
/// at most 60 characters; `article` when nothing is left.
fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut gap = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if count >= 60 {
                break;
            }
            if gap && !out.is_empty() {
                out.push('-');
                count += 1;
            }
            gap = false;
            for l in c.to_lowercase() {
                out.push(l);
                count += 1;
            }
        } else {
            gap = true;
        }
    }
    if out.is_empty() {
        "article".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_keys_ignore_case() {
        assert_eq!(title_key("Hello World"), title_key("hELLO wORLD"));
        assert_eq!(title_key("ÅÄÖ İstanbul"), title_key("åäö i\u{307}stanbul"));
        assert_eq!(title_key("\u{212a}elvin"), title_key("kelvin"));
        assert!(same_folded("\u{212a}elvin", "KELVIN"));
        assert!(same_folded("ÅÄÖ", "åäö"));
        assert!(!same_folded("åäö", "aao"));
        // Only non-ASCII characters and i/k are left out of the key.
        for c in (0x80..=0x10ffff).filter_map(char::from_u32) {
            assert!(
                c.to_lowercase()
                    .all(|l| !l.is_ascii() || l == 'i' || l == 'k'),
                "{c:?}"
            );
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Hello, World!"), "hello-world");
        assert_eq!(slug("  Hallå   Världen "), "hallå-världen");
        assert_eq!(slug("!!!"), "article");
        assert!(slug(&"word ".repeat(40)).chars().count() <= 64);
    }

    #[test]
    fn wording_is_plain() {
        assert_eq!(plain_wording("expected `,` or `}`"), "expected `,` or `}`");
        assert!(plain_wording("trailing comma").contains("remove"));
    }
}
