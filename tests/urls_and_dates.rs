//! The links and dates lektyr reads, held still: every archive fixture under
//! `tests/fixtures` loaded, and for each article its date (text, sort key,
//! day shown, and the date `convert` writes), its URLs and every link
//! target and image source of its body, in one snapshot. A second snapshot
//! does the same for hand-picked shapes no fixture has: relative links
//! against several bases, and dates in every shape an export writes. A
//! change to how URLs are resolved or dates are read shows up here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lektyr::archive::{
    Archive, Block, Format, LoadErrorKind, Rich, RunStyle, html, load_path, load_str_as, url,
    write_v1,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every file and folder under `dir`, sorted, folders before what they hold.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        out.push(path.clone());
        if path.is_dir() {
            walk(&path, out);
        }
    }
}

fn links_of(rich: &Rich, out: &mut Vec<String>) {
    for run in &rich.runs {
        if let RunStyle::Link(target) = &run.style {
            out.push(format!("link {target:?}"));
        }
    }
}

/// Link targets and image sources of a body, in order.
fn body_targets(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(t) | Block::Heading { text: t, .. } => links_of(t, &mut out),
            Block::PullQuote { text, .. } | Block::Quote { text, .. } => links_of(text, &mut out),
            Block::List { items, .. } => items.iter().for_each(|i| links_of(i, &mut out)),
            Block::Image { src, .. } => out.push(format!("img {src:?}")),
            Block::Code(_) | Block::Rule => {}
        }
    }
    out
}

/// The `date` of each article as `convert` writes it, in file order.
fn written_dates(archive: &Archive) -> Vec<Option<String>> {
    let mut buf = Vec::new();
    write_v1(archive, &mut buf).expect("writes to memory");
    let v: serde_json::Value = serde_json::from_slice(&buf).expect("convert writes JSON");
    v["articles"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|art| art["date"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// One archive's articles: dates, URLs, body targets, highlight times,
/// and the problems that name a date.
fn describe(archive: &Archive, out: &mut String) {
    let _ = writeln!(out, "format {:?}", archive.format);
    let written = written_dates(archive);
    for (i, a) in archive.articles.iter().enumerate() {
        let _ = writeln!(out, "- article {:?}", a.id.as_str());
        match &a.date {
            Some(d) => {
                let _ = writeln!(
                    out,
                    "  date text={:?} key={:?} day={:?} written={:?}",
                    d.text.as_str(),
                    d.key,
                    d.day.as_deref(),
                    written.get(i).cloned().flatten()
                );
            }
            None => {
                let _ = writeln!(out, "  date none");
            }
        }
        let detail = a.detail();
        if let Some(u) = &detail.url {
            let _ = writeln!(out, "  url {u:?}");
        }
        if let Some(u) = detail.author.as_ref().and_then(|au| au.url.as_ref()) {
            let _ = writeln!(out, "  author url {u:?}");
        }
        for t in body_targets(detail.body.blocks()) {
            let _ = writeln!(out, "  {t}");
        }
        for h in &a.highlights {
            let _ = writeln!(
                out,
                "  highlight {:?} created={} updated={}",
                h.id, h.created, h.updated
            );
        }
    }
    for p in &archive.problems {
        if p.message.contains("date") {
            let _ = writeln!(out, "problem {}: {}", p.pointer, p.message);
        }
    }
}

#[test]
fn every_fixture_keeps_its_links_and_dates() {
    let root = fixtures();
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    let mut out = String::new();
    let mut loaded = 0;
    for path in paths {
        let is_archive_file = path.extension().is_some_and(|e| e == "json" || e == "zip");
        if !path.is_dir() && !is_archive_file {
            continue;
        }
        let name = path
            .strip_prefix(&root)
            .expect("under the fixtures")
            .to_string_lossy()
            .replace('\\', "/");
        match load_path(&path) {
            Ok(archive) => {
                loaded += 1;
                let _ = writeln!(out, "== {name}");
                describe(&archive, &mut out);
            }
            // A plain folder of fixtures is not an archive.
            Err(e) if *e.kind() == LoadErrorKind::IsDirectory => {}
            Err(e) => {
                let _ = writeln!(out, "== {name}\nnot loaded: {:?}", e.kind());
            }
        }
    }
    assert!(loaded > 20, "only {loaded} fixtures loaded");
    insta::assert_snapshot!("fixtures", out);
}

/// Bases an article's links are resolved against, and hrefs that real
/// bodies hold.
const BASES: [Option<&str>; 7] = [
    None,
    Some("https://example.org/blog/2024/post.html?p=1#top"),
    Some("https://example.org"),
    Some("http://EXAMPLE.org:80/a/b/"),
    Some("https://bücher.example/straße/index.html"),
    Some("file:///home/reader/saved/page.html"),
    Some("example.org/no-scheme/"),
];

const HREFS: [&str; 46] = [
    "",
    "#notes",
    "?q=2",
    "?q=a b",
    "img.png",
    "./img.png",
    "../img.png",
    "../../../../img.png",
    "a/b/..",
    ".",
    "..",
    "/",
    "/wp-content/uploads/2024/03/a.jpg",
    "/a/./b/../c",
    "/../x",
    "//cdn.example.net/i/a.jpg",
    "//cdn.example.net",
    "//CDN.Example.NET/./x/../y?z#w",
    "x?y#z",
    "sida med mellanslag.html",
    "år/åtta.html",
    "%7Euser/",
    "a%2Fb/../c",
    "https://other.net/a/../b",
    "HTTPS://Other.NET/Path",
    "https://user:pw@host.example:8443/p",
    "https://bücher.example/",
    "https://[::1]:8080/x",
    "http://example.com:80/",
    "https://example.com/a b",
    "https://example.com/\"quoted\"",
    "mailto:a@b.se",
    "mailto:a@b.se?subject=Hej då",
    "tel:+46 8 123 45",
    "data:image/png;base64,AAAA",
    "ftp://files.example.org/pub/x.tar.gz",
    "urn:isbn:9789100123456",
    "news:comp.lang.rust",
    "javascript-not:really",
    "1password://item",
    "c:/windows/path",
    "C:\\windows\\path",
    "\\\\server\\share",
    "/a\\b\\c",
    "  spaced.html  ",
    "a\tb\nc.jpg",
];

/// Dates as the archives write them: each shape lektyr reads and many it
/// does not.
const DATES: [&str; 52] = [
    "2024-03-05",
    "1970-01-01",
    "1969-12-31",
    "0001-01-01",
    "9999-12-31",
    "2024-02-29",
    "2023-02-29",
    "2024-13-01",
    "2024-04-31",
    "2024-00-10",
    "2024-03-00",
    "2024-3-5",
    "2024-03-05T14:30:00Z",
    "2024-03-05t14:30:00z",
    "2024-03-05 14:30:00Z",
    "2024-03-05T15:30:00+01:00",
    "2024-03-05T13:30:00.250-01:00",
    "2024-03-05T13:30:00.123456789+00:00",
    "2024-03-05T13:30:00,5Z",
    "2024-03-05T13:30:00.Z",
    "2024-03-06T00:30:00+02:00",
    "2024-03-05T23:59:60Z",
    "2016-12-31T23:59:60Z",
    "2024-03-05T24:00:00Z",
    "2024-03-05T25:00:00Z",
    "2024-03-05T10:60:00Z",
    "2024-03-05T10:00Z",
    "2024-03-05T10:00:00",
    "2024-03-05T10:00:00.000",
    "2024-03-05 10:00:00",
    "2016-09-08T11:55:58+0200",
    "2016-09-08T11:55:58-0930",
    "2016-09-08T11:55:58+02",
    "2016-09-08T11:55:58+02:0",
    "2016-09-08T11:55:58+24:00",
    "2016-09-08T11:55:58+23:59",
    "2016-09-08T11:55:58-00:00",
    "2024-01-12T08:00:00.000Z",
    "  2024-03-05  ",
    "2024-03-05T14:30:00Z[Europe/Stockholm]",
    "2024-03-05T14:30:00+01:00[Europe/Stockholm]",
    "Tue, 05 Mar 2024 14:30:00 +0000",
    "Tue, 5 Mar 2024 14:30:00 GMT",
    "05 Mar 2024 14:30 +0100",
    "1709649000",
    "1709649000000",
    "05/03/2024",
    "March 5, 2024",
    "yesterday",
    "",
    "２０２４-03-05",
    "+002024-03-05",
];

#[test]
fn hand_picked_links_and_dates() {
    let mut out = String::new();
    let _ = writeln!(out, "== resolve(base, href)");
    for base in BASES {
        let _ = writeln!(out, "base {base:?}");
        for href in HREFS {
            let _ = writeln!(out, "  {href:?} -> {:?}", url::resolve(base, href));
        }
    }

    // The same hrefs as an HTML body's links and images.
    let _ = writeln!(out, "== html bodies");
    let body: String = HREFS
        .iter()
        .map(|h| {
            let h = h.replace('&', "&amp;").replace('"', "&quot;");
            format!("<p><a href=\"{h}\">x</a></p><p><img src=\"{h}\" alt=\"i\"></p>")
        })
        .collect();
    for base in [BASES[1], BASES[4]] {
        let _ = writeln!(out, "base {base:?}");
        for t in body_targets(&html::to_blocks(&body, base)) {
            let _ = writeln!(out, "  {t}");
        }
    }

    // Dates as lektyr's own format (strict) and as a JSON Feed (lenient)
    // read them, and a Google Reader export's Unix seconds.
    let items: Vec<serde_json::Value> = DATES
        .iter()
        .enumerate()
        .map(|(i, d)| serde_json::json!({"id": format!("d{i}"), "title": "t", "date": d}))
        .collect();
    let v1 = serde_json::json!({"version": 1, "articles": items}).to_string();
    let feed_items: Vec<serde_json::Value> = DATES
        .iter()
        .enumerate()
        .map(|(i, d)| {
            serde_json::json!({
                "id": format!("d{i}"),
                "title": "t",
                "url": "https://example.org/a",
                "content_text": "x",
                "date_published": d,
            })
        })
        .collect();
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "f",
        "items": feed_items,
    })
    .to_string();
    let secs: [i64; 6] = [
        0,
        -1,
        1_709_649_000,
        951_782_400,
        -62_135_596_800,
        253_402_300_799,
    ];
    let greader_items: Vec<serde_json::Value> = secs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            serde_json::json!({
                "id": format!("tag:google.com,2005:reader/item/{i:016x}"),
                "title": "t",
                "published": s,
                "canonical": [{"href": "https://example.org/a"}],
                "summary": {"content": "x"},
                "origin": {"title": "o", "htmlUrl": "https://example.org"},
            })
        })
        .collect();
    let greader = serde_json::json!({
        "id": "user/-/state/com.google/starred",
        "items": greader_items,
    })
    .to_string();
    for (name, text, format) in [
        ("v1 (strict)", v1, Format::V1),
        ("json feed (lenient)", feed, Format::JsonFeed),
        ("google reader (unix seconds)", greader, Format::GReader),
    ] {
        let _ = writeln!(out, "== {name}");
        match load_str_as(name, &text, Some(format)) {
            Ok(archive) => describe(&archive, &mut out),
            Err(e) => {
                let _ = writeln!(out, "not loaded: {e}");
            }
        }
    }
    insta::assert_snapshot!("hand_picked", out);
}
