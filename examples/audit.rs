//! Reads every article of every archive it is given as a reader sees it
//! (`lektyr show FILE ID --width N --color always`, at 60 and 100 columns)
//! and flags markup that came out wrong:
//!
//! - `raw`: an HTML tag (`<p>`, `</div>`, `<br/>`) or an entity (`&amp;`,
//!   `&#8217;`) outside code (code blocks and inline code, drawn in the
//!   code colour, may show markup);
//! - `code-joined`: a code block whose lines were run together: one line
//!   of 80 characters or more with two or more statement ends followed by a
//!   keyword, line numbers between allowed (`; return`, `} else`, `;$x`,
//!   `;45define`), or one that starts with line numbers glued to the code
//!   (`1 <?php2 require…3 …`);
//! - `lede-repeat`: a lede whose words are the first paragraph's again
//!   (or their start, cut with an ellipsis);
//! - `quote-marks`: a pull quote whose marks are doubled (`““`, `””`) or
//!   dangling (an opening mark never closed, a closing one never opened);
//! - `cjk-time`: a reading time below what the CJK characters shown take
//!   alone at 500 a minute (whole minutes).
//!
//! ```text
//! cargo run --example audit -- PATH...   (LEKTYR=path/to/lektyr picks a binary)
//! ```
//!
//! A PATH that is a folder stands for the archives in it (`.json` and
//! `.zip` files and unpacked exports, other folders walked; README*
//! skipped); a file that does not load is skipped with a note (`lektyr
//! check` and `scripts/corpus.sh` report those). `--allow FILE` names
//! flags that are meant (`PATH-SUFFIX ID KIND` a line, `#` comments), such
//! as a v1 text block that shows a tag as literal text. Prints one line per
//! flag and one per archive; exits 1 when anything was flagged, 2 on bad
//! usage.

use std::path::{Path, PathBuf};
use std::process::Command;

const WIDTHS: [usize; 2] = [60, 100];
const CODE: &str = "\x1b[32m";

fn main() {
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let mut allowed = Vec::new();
    if args.first().is_some_and(|a| a.as_os_str() == "--allow") {
        let Some(file) = args.get(1).cloned() else {
            usage();
        };
        args.drain(..2);
        let Ok(text) = std::fs::read_to_string(&file) else {
            eprintln!("error: cannot read {}", file.display());
            std::process::exit(2);
        };
        allowed = allow_list(&text);
    }
    if args.is_empty() {
        usage();
    }
    let bin = std::env::var_os("LEKTYR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debug/lektyr"));
    let mut archives = Vec::new();
    for path in args {
        if path.is_dir() {
            gather(&path, &mut archives);
        } else {
            archives.push(path);
        }
    }
    let mut flagged = 0;
    for archive in &archives {
        flagged += audit(&bin, archive, &allowed);
    }
    println!("audit: {} archives, {} flags", archives.len(), flagged);
    std::process::exit(i32::from(flagged > 0));
}

fn usage() -> ! {
    eprintln!("usage: cargo run --example audit -- [--allow FILE] PATH...");
    std::process::exit(2);
}

/// The allow file's entries: `PATH-SUFFIX ID KIND` a line, `#` comments.
fn allow_list(text: &str) -> Vec<[String; 3]> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or_default())
        .filter_map(|l| {
            let mut words = l.split_whitespace().map(str::to_string);
            Some([words.next()?, words.next()?, words.next()?])
        })
        .collect()
}

/// The archives in a folder: an unpacked export is one; any other folder
/// stands for what is in it (files ending in `.json` or `.zip`, folders
/// walked in turn), README* skipped.
fn gather(dir: &Path, out: &mut Vec<PathBuf>) {
    if is_unpacked_export(dir) {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut inside: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    inside.sort();
    for p in inside {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with("README") {
            continue;
        }
        if p.is_dir() {
            gather(&p, out);
        } else if name.ends_with(".json") || name.ends_with(".zip") {
            out.push(p);
        }
    }
}

/// An Omnivore export unpacked: a folder with `metadata_*.json` in it.
fn is_unpacked_export(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("metadata_") && name.ends_with(".json")
        })
    })
}

fn run(bin: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(bin)
        .args(args)
        .env("LEKTYR_NO_CACHE", "1")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Audits one archive; returns the number of flags (a load failure is one).
fn audit(bin: &Path, archive: &Path, allowed: &[[String; 3]]) -> usize {
    let name = archive.display().to_string();
    let Some(list) = run(bin, &["list", &name]) else {
        // Files that do not load are `lektyr check`'s and corpus.sh's to report.
        println!("SKIP  {name}: does not load (`lektyr check` says why)");
        return 0;
    };
    let ids: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|id| !id.is_empty())
        .collect();
    let mut flags = 0;
    let mut shown = 0;
    for id in &ids {
        for width in WIDTHS {
            let w = width.to_string();
            let Some(out) = run(
                bin,
                &["show", &name, id, "--width", &w, "--color", "always"],
            ) else {
                continue;
            };
            shown += 1;
            for (kind, detail) in check(&out) {
                let allow = allowed.iter().any(|[path, aid, akind]| {
                    name.ends_with(path.as_str()) && aid == id && akind == kind
                });
                if allow {
                    println!("ok    {kind}  {name} {id} at {width}: allowed: {detail}");
                    continue;
                }
                println!("FLAG  {kind}  {name} {id} at {width}: {detail}");
                flags += 1;
            }
        }
    }
    let status = if flags == 0 { "OK  " } else { "FLAG" };
    println!(
        "{status}  {name}  articles={}  shown={shown}/{}  flags={flags}",
        ids.len(),
        ids.len() * WIDTHS.len()
    );
    flags
}

/// One line of `show` output: its text without escapes, and its text
/// outside code.
struct Row {
    text: String,
    prose: String,
    /// A line of a code block (it starts in the code colour, after the
    /// indent), and whether it continues the line before (`↪`).
    code: Option<bool>,
}

fn row(line: &str) -> Row {
    let mut text = String::new();
    let mut prose = String::new();
    let mut in_code = false;
    let mut first_style: Option<bool> = None;
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('\x1b') {
            let end = after.find('m').map_or(after.len(), |i| i + 1);
            let seq = &rest[..end + 1];
            in_code = seq == CODE;
            if first_style.is_none() && seq != "\x1b[0m" {
                first_style = Some(in_code);
            }
            rest = &after[end..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        text.push(c);
        if !in_code {
            prose.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    let trimmed = text.trim_start();
    let indented = text.starts_with("  ");
    let code = if indented && trimmed.starts_with("↪ ") {
        Some(true)
    } else if indented && first_style == Some(true) {
        Some(false)
    } else {
        None
    };
    Row { text, prose, code }
}

fn check(out: &str) -> Vec<(&'static str, String)> {
    let rows: Vec<Row> = out.lines().map(row).collect();
    let mut flags = Vec::new();
    for r in &rows {
        if let Some(leak) = raw_markup(&r.prose) {
            flags.push(("raw", format!("`{leak}` in “{}”", r.text.trim())));
        }
    }
    // Code blocks: their logical lines, continuations joined.
    let mut lines: Vec<String> = Vec::new();
    for r in &rows {
        match r.code {
            Some(true) => {
                if let Some(last) = lines.last_mut() {
                    last.push_str(r.text.trim_start().trim_start_matches("↪ "));
                }
            }
            Some(false) => lines.push(r.text.get(2..).unwrap_or_default().to_string()),
            None => {}
        }
    }
    for line in &lines {
        if let Some(why) = joined_code(line) {
            flags.push(("code-joined", why));
        }
    }
    if let Some(f) = lede_repeat(&rows) {
        flags.push(("lede-repeat", f));
    }
    for quote in pull_quotes(&rows) {
        if let Some(why) = bad_marks(&quote) {
            flags.push(("quote-marks", format!("{why} in “{quote}”")));
        }
    }
    if let Some(f) = cjk_time(&rows) {
        flags.push(("cjk-time", f));
    }
    flags
}

/// A tag (`<p>`, `</div>`, `<br/>`, `<a href=…>`) or an entity (`&amp;`,
/// `&#39;`, `&#x2019;`) in `text`.
fn raw_markup(text: &str) -> Option<String> {
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'<' {
            let rest = &text[i + 1..];
            let name_start = rest.strip_prefix('/').unwrap_or(rest);
            let name: String = name_start
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let after = &name_start[name.len()..];
            if after.starts_with(['>', ' ', '/']) && after.contains('>') {
                let end = after.find('>').map_or(0, |e| e + 1).min(40);
                let shown_len = text.len() - after.len() + end - i;
                return Some(text[i..i + shown_len].to_string());
            }
        }
        if c == b'&' {
            let rest = &text[i + 1..];
            let body: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
                .take(10)
                .collect();
            let ok = match body.strip_prefix('#') {
                Some(num) => {
                    let num = num.strip_prefix(['x', 'X']).map_or(num, |h| h);
                    !num.is_empty() && num.chars().all(|c| c.is_ascii_hexdigit())
                }
                None => body.len() >= 2 && body.chars().all(|c| c.is_ascii_alphanumeric()),
            };
            if ok && rest[body.len()..].starts_with(';') {
                return Some(format!("&{body};"));
            }
        }
    }
    None
}

const KEYWORDS: &[&str] = &[
    "return",
    "if",
    "else",
    "for",
    "while",
    "let",
    "const",
    "var",
    "function",
    "def",
    "import",
    "from",
    "require",
    "require_once",
    "include",
    "echo",
    "print",
    "public",
    "private",
    "protected",
    "class",
    "fn",
    "use",
    "int",
    "$",
];

/// Why a code line looks like several lines run together, if it does.
fn joined_code(line: &str) -> Option<String> {
    let short: String = line.chars().take(60).collect();
    // `1 <?php2 require…3 …`: line numbers glued after code.
    let glued = |n: char, from: usize| -> Option<usize> {
        let rest = line.get(from..)?;
        rest.char_indices().find_map(|(i, c)| {
            let before = rest[..i].chars().next_back()?;
            let after = rest[i + c.len_utf8()..].chars().next();
            (c == n
                && !before.is_whitespace()
                && !before.is_ascii_digit()
                && after.is_some_and(|a| !a.is_ascii_digit()))
            .then_some(from + i + 1)
        })
    };
    if line.starts_with('1')
        && line[1..].starts_with(|c: char| !c.is_ascii_digit() && c != '.' && c != ',')
        && let Some(at) = glued('2', 1)
        && glued('3', at).is_some()
    {
        return Some(format!("line numbers glued to the code: “{short}…”"));
    }
    if line.chars().count() < 80 {
        return None;
    }
    let mut ends = 0;
    for (i, c) in line.char_indices() {
        if !matches!(c, ';' | '{' | '}') {
            continue;
        }
        // Line numbers glued in between (`;45define`) are skipped.
        let next = line[i + 1..]
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        if KEYWORDS.iter().any(|k| {
            next.strip_prefix(k).is_some_and(|after| {
                *k == "$" || !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        }) {
            ends += 1;
        }
    }
    (ends >= 2).then(|| {
        format!(
            "{ends} statements on one line of {} characters: “{short}…”",
            line.chars().count()
        )
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lede (the indented lines after the meta line and topics) against
/// the first paragraph after it.
fn lede_repeat(rows: &[Row]) -> Option<String> {
    // Title lines, then the meta line; the lede follows the first blank.
    let mut i = rows.iter().position(|r| r.text.trim().is_empty())?;
    i += 1;
    let mut lede = Vec::new();
    while let Some(r) = rows.get(i) {
        if !r.text.starts_with("  ") || r.code.is_some() || r.text.trim().is_empty() {
            break;
        }
        lede.push(r.text.trim());
        i += 1;
    }
    if lede.is_empty() {
        return None;
    }
    i += 1;
    let mut para = Vec::new();
    while let Some(r) = rows.get(i) {
        if r.text.trim().is_empty() {
            break;
        }
        para.push(r.text.trim());
        i += 1;
    }
    let (lede, para) = (collapse(&lede.join(" ")), collapse(&para.join(" ")));
    if para.is_empty() {
        return None;
    }
    let cut = ["[…]", "[...]", "…", "..."]
        .iter()
        .find_map(|m| lede.strip_suffix(m))
        .map(str::trim_end);
    let repeats = lede == para
        || cut.is_some_and(|c| c.split_whitespace().count() >= 3 && para.starts_with(c));
    repeats.then(|| format!("“{}”", lede.chars().take(60).collect::<String>()))
}

/// The text of each pull quote: the `┃` lines between `┏` and `┗`,
/// without the citation line.
fn pull_quotes(rows: &[Row]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for r in rows {
        let t = r.text.trim_end();
        if t.starts_with('┏') {
            current = Some(Vec::new());
        } else if t.starts_with('┗') {
            if let Some(lines) = current.take() {
                out.push(lines.join("\n"));
            }
        } else if let Some(lines) = current.as_mut()
            && let Some(inner) = t.strip_prefix('┃')
        {
            let inner = inner.trim();
            if !inner.is_empty() && !inner.starts_with("— ") {
                lines.push(inner.to_string());
            }
        }
    }
    out
}

const OPENING: &[char] = &['“', '«', '„', '「', '『'];
const CLOSING: &[char] = &['”', '»', '」', '』'];
const ANY_MARK: &[char] = &['“', '”', '«', '»', '„', '「', '」', '『', '』', '"'];

/// Why a pull quote's marks are wrong, if they are.
fn bad_marks(quote: &str) -> Option<&'static str> {
    let text = quote.trim();
    let chars: Vec<char> = text.chars().collect();
    let (&first, &last) = (chars.first()?, chars.last()?);
    let mark_at = |i: usize| chars.get(i).is_some_and(|c| ANY_MARK.contains(c));
    let nonspace_before_last = chars.iter().rev().skip(1).find(|c| !c.is_whitespace());
    if mark_at(0) && mark_at(1) {
        return Some("doubled opening marks");
    }
    if ANY_MARK.contains(&last) && nonspace_before_last.is_some_and(|c| ANY_MARK.contains(c)) {
        return Some("doubled closing marks");
    }
    let count = |m: char| chars.iter().filter(|&&c| c == m).count();
    if first == '“' && count('“') != count('”') {
        return Some("unbalanced “ ” marks");
    }
    if first == '«' && count('«') != count('»') {
        return Some("unbalanced « » marks");
    }
    if OPENING.contains(&first) && !CLOSING.contains(&last) && !ANY_MARK.contains(&last) {
        return Some("an opening mark never closed");
    }
    if CLOSING.contains(&last) && !ANY_MARK.contains(&first) && first != '»' {
        return Some("a closing mark never opened");
    }
    None
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x1100..=0x11FF | 0x3130..=0x318F
        | 0xAC00..=0xD7AF | 0x20000..=0x3134F)
}

/// The meta line's `N min read` against the CJK characters shown.
fn cjk_time(rows: &[Row]) -> Option<String> {
    let minutes = rows.iter().take(6).find_map(|r| {
        let at = r.text.find(" min read")?;
        r.text[..at].rsplit(' ').next()?.parse::<usize>().ok()
    })?;
    let chars: usize = rows
        .iter()
        .map(|r| r.text.chars().filter(|&c| is_cjk(c)).count())
        .sum();
    (chars / 500 > minutes).then(|| {
        format!(
            "{minutes} min read, but {chars} CJK characters take {} at 500 a minute",
            chars / 500
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_markup_is_tags_and_entities_only() {
        assert_eq!(raw_markup("a <p> b").as_deref(), Some("<p>"));
        assert_eq!(raw_markup("</div>").as_deref(), Some("</div>"));
        assert_eq!(raw_markup("x &amp; y").as_deref(), Some("&amp;"));
        assert_eq!(raw_markup("x &#8217; y").as_deref(), Some("&#8217;"));
        assert_eq!(raw_markup("a < b and c > d, <3, AT&T; & so on"), None);
    }

    #[test]
    fn joined_code_is_seen() {
        assert!(joined_code("1 <?php2 require_once 'a.php';3 $app->run();").is_some());
        let glued = "{@html `1<?php2define(\"A\", false);3require_once \"x.php\";45define(\"B\", 1);6echo B;";
        assert!(joined_code(glued).is_some());
        let long = "let a = 1; let b = 2; if (a) { return b; } else { return a; } const c = a + b; // the rest";
        assert!(joined_code(long).is_some());
        assert!(joined_code("for (let i = 0; i < n; i++) { total += i; }").is_none());
        assert!(joined_code("1. Install it").is_none());
    }

    #[test]
    fn quote_marks_are_checked_at_the_edges_and_in_pairs() {
        assert!(bad_marks("“The film.”").is_none());
        assert!(bad_marks("”Svensk.”").is_none());
        assert!(bad_marks("«Les deux.»").is_none());
        assert!(bad_marks("No marks.").is_none());
        assert!(bad_marks("““Twice.”").is_some());
        assert!(bad_marks("“Twice.””").is_some());
        assert!(bad_marks("“… film. ”\nJacob Appelbaum”").is_some());
        assert!(bad_marks("Never opened.”").is_some());
        assert!(bad_marks("“Never closed.").is_some());
    }
}
