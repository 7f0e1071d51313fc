//! The import formats from the outside: every fixture in
//! `tests/fixtures/formats` read through the public loader, each mapping of
//! the README's tables checked, and `check`, `list`, `show` and `convert`
//! run over every fixture.

mod common;

use std::path::{Path, PathBuf};

use lektyr::archive::{
    Archive, Article, Block, Format, RunStyle, load_path, load_path_as, load_str,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn load(name: &str) -> Archive {
    match load_path(&fixture(name)) {
        Ok(a) => a,
        Err(e) => panic!("{name} should load: {e}"),
    }
}

fn by_id<'a>(archive: &'a Archive, id: &str) -> &'a Article {
    match archive.find_id(id) {
        Some(i) => &archive.articles[i],
        None => panic!("no article {id}"),
    }
}

fn topics(archive: &Archive, a: &Article) -> Vec<String> {
    a.topics
        .iter()
        .map(|&t| archive.topics[t].name.clone())
        .collect()
}

fn day(a: &Article) -> Option<&str> {
    a.date.as_ref().and_then(|d| d.day.as_deref())
}

/// Every string of an article's body, for "nothing raw is left" checks.
fn body_text(a: &Article) -> String {
    let mut out = String::new();
    for block in a.detail().body.blocks() {
        match block {
            Block::Paragraph(t) | Block::Heading { text: t, .. } => out.push_str(&t.to_plain()),
            Block::PullQuote { text, cite } | Block::Quote { text, cite } => {
                out.push_str(&text.to_plain());
                out.push_str(cite.as_deref().unwrap_or(""));
            }
            Block::Image { alt, caption, .. } => {
                out.push_str(alt.as_deref().unwrap_or(""));
                out.push_str(caption.as_deref().unwrap_or(""));
            }
            Block::List { items, .. } => items.iter().for_each(|i| out.push_str(&i.to_plain())),
            Block::Code(c) => out.push_str(c),
            Block::Rule => {}
        }
        out.push('\n');
    }
    out
}

const FIXTURES: [&str; 13] = [
    "greader.json",
    "jsonfeed-1.0.json",
    "jsonfeed-1.1.json",
    "omnivore-export.zip",
    "omnivore-folder",
    "omnivore-metadata.json",
    "v1-html.json",
    "wallabag-v1.json",
    "wallabag-v2.json",
    "wordpress-embed.json",
    "wordpress-fields.json",
    "wordpress-ids.json",
    "wordpress-single.json",
];

#[test]
fn every_fixture_is_told_apart() {
    for (name, format) in [
        ("greader.json", Format::GReader),
        ("jsonfeed-1.0.json", Format::JsonFeed),
        ("jsonfeed-1.1.json", Format::JsonFeed),
        ("omnivore-export.zip", Format::Omnivore),
        ("omnivore-folder", Format::Omnivore),
        ("omnivore-metadata.json", Format::Omnivore),
        ("v1-html.json", Format::V1),
        ("wallabag-v1.json", Format::Wallabag),
        ("wallabag-v2.json", Format::Wallabag),
        ("wordpress-embed.json", Format::WordPress),
        ("wordpress-fields.json", Format::WordPress),
        ("wordpress-ids.json", Format::WordPress),
        ("wordpress-single.json", Format::WordPress),
    ] {
        assert_eq!(load(name).format, format, "{name}");
    }
}

#[test]
fn json_feed_1_1() {
    let a = load("jsonfeed-1.1.json");
    assert_eq!(a.title.as_deref(), Some("Kaffe & kod"));
    let brew = by_id(&a, "https://kaffe.example/2024/bryggning/");
    // Entities in a plain-text title are decoded.
    assert_eq!(brew.title, "Bryggning & tålamod: en morgon i köket");
    assert_eq!(
        brew.detail().url.as_deref(),
        Some("https://kaffe.example/2024/bryggning/")
    );
    assert_eq!(day(brew), Some("2024-05-02"));
    assert_eq!(
        brew.detail().summary.get(),
        Some("Varför den långsamma koppen smakar mer.")
    );
    assert_eq!(
        brew.detail().author.as_ref().map(|x| x.name.as_str()),
        Some("Mira Holm")
    );
    assert_eq!(brew.detail().language.as_deref(), Some("sv"));
    assert_eq!(topics(&a, brew), ["Kaffe", "Morgon"]);
    // content_html wins over content_text; the item image comes first,
    // resolved against the item's URL.
    let text = body_text(brew);
    assert!(
        text.contains("kokpunkten") && !text.contains("ignored"),
        "{text}"
    );
    match brew.detail().body.blocks().first() {
        Some(Block::Image { src, .. }) => {
            assert_eq!(
                src.as_deref(),
                Some("https://kaffe.example/bilder/kanna.jpg")
            )
        }
        other => panic!("lead image first, got {other:?}"),
    }

    // No title: the first words; the item's own author and language; the
    // external URL; topics match across articles without case.
    let note = by_id(&a, "anteckning-1");
    assert!(
        note.title.starts_with("A short note without a title"),
        "{}",
        note.title
    );
    assert!(note.title.ends_with('…') && note.title.chars().count() <= 61);
    assert_eq!(
        note.detail().author.as_ref().map(|x| x.name.as_str()),
        Some("Guest Writer")
    );
    assert_eq!(note.detail().language.as_deref(), Some("en"));
    assert_eq!(
        note.detail().url.as_deref(),
        Some("https://elsewhere.example/note")
    );
    assert_eq!(topics(&a, note), ["Kaffe", "Notes"]);
    assert_eq!(note.detail().body.blocks().len(), 2);

    // A numeric id, content_text with a line break inside a paragraph.
    let beans = by_id(&a, "3");
    assert_eq!(
        beans.detail().body.blocks(),
        [Block::Paragraph(lektyr::archive::Rich::plain(
            "Etiopien, Colombia och Sumatra.\nTre koppar i rad."
        ))]
    );
    assert_eq!(a.order, [1, 0, 2], "newest first");
    assert!(a.problems.is_empty(), "{:?}", a.problems);
}

#[test]
fn json_feed_1_0() {
    let a = load("jsonfeed-1.0.json");
    let first = by_id(&a, "old-1");
    // Relative to home_page_url.
    assert_eq!(
        first.detail().url.as_deref(),
        Some("https://old.example/blog/posts/first.html")
    );
    // The item's author wins over the feed's; the feed's fills in.
    assert_eq!(
        first.detail().author.as_ref().map(|x| x.name.as_str()),
        Some("Item Author")
    );
    let second = by_id(&a, "old-2");
    assert_eq!(
        second.detail().author.as_ref().map(|x| x.name.as_str()),
        Some("Feed Author")
    );
    // A link inside the body resolves against the item's URL.
    let link = first.detail().body.blocks().iter().find_map(|b| match b {
        Block::Paragraph(t) => t.runs.iter().find_map(|r| match &r.style {
            RunStyle::Link(href) => Some(href.clone()),
            _ => None,
        }),
        _ => None,
    });
    assert_eq!(
        link.as_deref(),
        Some("https://old.example/blog/posts/second.html")
    );
}

#[test]
fn wordpress_with_embedded() {
    let a = load("wordpress-embed.json");
    let post = by_id(&a, "4201");
    assert_eq!(
        post.title,
        "Upplevelseresan, del 5: ”Ingen hörde av sig” & vad vi lärde oss"
    );
    // The day as written in site-local time; the order from date_gmt.
    assert_eq!(day(post), Some("2024-04-18"));
    assert_eq!(post.date.as_ref().and_then(|d| d.key), Some(1_713_424_500));
    let author = post.detail().author.as_ref().expect("author");
    assert_eq!(author.name, "Anna Berg");
    assert_eq!(
        author.bio.as_deref(),
        Some("Anna arbetar med kundupplevelser & tjänstedesign.")
    );
    assert_eq!(topics(&a, post), ["Kundresa", "Workshop", "CRM & data"]);
    assert_eq!(
        post.detail().url.as_deref(),
        Some("https://blogg.example/2024/04/upplevelseresan-del-5/")
    );
    // A written excerpt is the lede; WordPress's own `[…]` one is not.
    assert_eq!(
        post.detail().summary.get(),
        Some("Den här delen handlar om hur vi lyssnar på kunder som tystnat.")
    );
    assert_eq!(by_id(&a, "4100").detail().summary.get(), None);
    // Jetpack's related post resolves to the other post of the dump.
    assert_eq!(post.detail().related.len(), 1);
    assert_eq!(post.detail().related[0].target, a.find_id("4100"));
    assert_eq!(post.detail().related[0].text, "Upplevelseresan, del 4");
    // A date just before midnight UTC+1 keeps its local day.
    assert_eq!(day(by_id(&a, "4100")), Some("2024-03-02"));
    assert!(a.problems.is_empty(), "{:?}", a.problems);
}

#[test]
fn wordpress_fields_dump_has_the_excerpt_as_body() {
    let a = load("wordpress-fields.json");
    let post = by_id(&a, "11");
    assert_eq!(post.title, "Ein Artikel – mit Gedankenstrich");
    assert_eq!(day(post), Some("2025-01-31"));
    assert_eq!(post.detail().summary.get(), None);
    let text = body_text(post);
    assert!(
        text.contains("Nur der Auszug ist hier, kein Inhalt."),
        "{text}"
    );
    // A relative link stays as written: a dump names no site.
    assert_eq!(by_id(&a, "10").detail().url.as_deref(), Some("/relativ/"));
}

#[test]
fn wordpress_numeric_topics_are_left_out_and_said_once() {
    let a = load("wordpress-ids.json");
    assert!(a.topics.is_empty());
    assert_eq!(a.problems.len(), 1, "{:?}", a.problems);
    let p = &a.problems[0];
    assert_eq!(p.pointer, "/0/categories");
    assert!(p.message.contains("numeric ids"), "{}", p.message);
    assert_eq!(p.article, None);
    // CR and tabs inside <pre><code> come out as lines and spaces.
    let code = by_id(&a, "7")
        .detail()
        .body
        .blocks()
        .iter()
        .find_map(|b| match b {
            Block::Code(c) => Some(c.clone()),
            _ => None,
        });
    let code = code.expect("a code block");
    assert!(!code.contains(['\r', '\t']), "{code:?}");
    assert!(code.starts_with("a\n"), "{code:?}");
    // A relative link resolves against the site the guid names; with no
    // absolute guid or `_links.self` it stays as written.
    assert_eq!(
        by_id(&a, "8").detail().url.as_deref(),
        Some("https://ids.example/p8/")
    );
    assert_eq!(by_id(&a, "7").detail().url.as_deref(), Some("/p7/"));
}

#[test]
fn wordpress_single_post() {
    let a = load("wordpress-single.json");
    assert_eq!(a.articles.len(), 1);
    assert_eq!(a.articles[0].title, "Just one post");
    assert_eq!(a.articles[0].id, "99");
}

#[test]
fn wallabag_v2() {
    let a = load("wallabag-v2.json");
    let bread = by_id(&a, "41");
    assert_eq!(bread.title, "Le pain du dimanche");
    // `+0200` without a colon.
    assert_eq!(day(bread), Some("2021-06-13"));
    assert_eq!(bread.date.as_ref().and_then(|d| d.key), Some(1_623_568_364));
    assert_eq!(topics(&a, bread), ["cuisine", "pain"]);
    assert_eq!(
        bread.detail().author.as_ref().map(|x| x.name.as_str()),
        Some("Jeanne Four")
    );
    assert!(bread.seed.read && !bread.seed.starred);
    let text = body_text(bread);
    assert!(
        text.contains("Farine, eau, sel\u{a0}: c’est tout."),
        "{text:?}"
    );
    assert!(
        !text.contains("alert") && !text.contains("JavaScript"),
        "{text}"
    );

    // Ids as text, flags as 0/1: a failed fetch still lists, marked.
    let failed = by_id(&a, "42");
    assert!(failed.fetch_failed);
    assert!(failed.seed.starred && !failed.seed.read);
    assert!(
        a.problems
            .iter()
            .any(|p| p.pointer == "/1" && p.message.contains("could not fetch")),
        "{:?}",
        a.problems
    );
    // Flags as text.
    let plain = by_id(&a, "43");
    assert!(plain.seed.read && !plain.seed.starred);
    assert_eq!(plain.date, None);
}

#[test]
fn wallabag_v1() {
    let a = load("wallabag-v1.json");
    let old = by_id(&a, "7");
    assert!(old.seed.read && old.seed.starred);
    assert_eq!(topics(&a, old), ["archives", "vieux"]);
}

#[test]
fn omnivore_metadata_alone_says_where_the_text_is() {
    let a = load("omnivore-metadata.json");
    let walk = by_id(&a, "9b1c-1");
    assert_eq!(
        walk.detail().summary.get(),
        Some("Un essai sur la lenteur.")
    );
    assert_eq!(topics(&a, walk), ["Essai", "Lenteur"]);
    // publishedAt before savedAt; Archived seeds the read mark.
    assert_eq!(day(walk), Some("2024-10-28"));
    assert!(walk.seed.read);
    assert!(!by_id(&a, "9b1c-2").seed.read);
    let text = body_text(walk);
    assert!(text.contains("content/la-marche-lente.html"), "{text}");
}

#[test]
fn omnivore_zip_and_folder_have_the_bodies() {
    for name in ["omnivore-export.zip", "omnivore-folder"] {
        let a = load(name);
        assert_eq!(a.articles.len(), 2, "{name}");
        let walk = by_id(&a, "9b1c-1");
        let text = body_text(walk);
        assert!(text.contains("change la ville"), "{name}: {text}");
        assert!(walk.has_pullquote(), "{name}: aside.pullquote");
        // An entry whose file is missing says so.
        let text = body_text(by_id(&a, "9b1c-2"));
        assert!(text.contains("content/deux.html"), "{name}: {text}");
    }
}

#[test]
fn google_reader() {
    let a = load("greader.json");
    assert_eq!(a.title.as_deref(), Some("Starred items"));
    let rust = by_id(&a, "tag:google.com,2005:reader/item/0001");
    assert_eq!(rust.title, "Rust & the terminal");
    assert_eq!(
        rust.date.as_ref().map(|d| d.text.as_str()),
        Some("2024-04-23T19:20:00Z")
    );
    assert_eq!(
        rust.detail().url.as_deref(),
        Some("https://rustblog.example/terminal")
    );
    assert_eq!(rust.detail().series.as_deref(), Some("Rust Blog"));
    assert_eq!(
        rust.detail().author.as_ref().map(|x| x.name.as_str()),
        Some("Ferris")
    );
    assert_eq!(topics(&a, rust), ["Programming", "Terminal"]);
    assert!(rust.seed.starred && rust.seed.read);
    let text = body_text(rust);
    assert!(
        text.contains("Full content wins") && !text.contains("Short summary"),
        "{text}"
    );
    let other = by_id(&a, "tag:google.com,2005:reader/item/0002");
    // `published` as text; `alternate` resolved against the site.
    assert_eq!(day(other), Some("2023-11-14"));
    assert_eq!(
        other.detail().url.as_deref(),
        Some("https://other.example/relative/post")
    );
    assert!(body_text(other).contains("Summary is the body here."));
    assert!(!other.seed.starred && !other.seed.read);
}

#[test]
fn v1_bodies_may_be_html() {
    let a = load("v1-html.json");
    let html = by_id(&a, "h1");
    assert!(html.has_pullquote());
    assert!(body_text(html).contains("A styled body with a relative link."));
    // Without `body_format`, markup is text.
    assert!(body_text(by_id(&a, "h2")).contains("<p>This stays literal text.</p>"));
}

#[test]
fn a_format_can_be_forced() {
    // Forced to WordPress, a JSON Feed reads as one post with no title.
    let a = load_path_as(&fixture("jsonfeed-1.1.json"), Some(Format::WordPress))
        .expect("loads as something");
    assert_eq!(a.articles.len(), 1);
    assert_eq!(a.articles[0].title, "(untitled)");
    let err = load_path_as(&fixture("greader.json"), Some(Format::Omnivore))
        .expect_err("an object of items is no Omnivore export");
    assert!(err.to_string().contains("an array of entries"), "{err}");
}

#[test]
fn every_string_is_free_of_controls() {
    // The WordPress post carries `&#27;[31m`, `&#x1b;]0;…&#7;` escapes.
    for name in FIXTURES {
        let a = load(name);
        for article in &a.articles {
            let all = format!(
                "{}{}{:?}{:?}{}",
                article.title,
                body_text(article),
                article.detail().summary.get(),
                article.detail().author,
                article.detail().url.as_deref().unwrap_or("")
            );
            assert!(
                !all.chars().any(|c| c.is_control() && c != '\n'),
                "{name}: {all:?}"
            );
        }
    }
}

#[test]
fn no_raw_tag_or_entity_is_left() {
    for name in FIXTURES {
        if name == "v1-html.json" {
            continue; // its second article is literal markup on purpose
        }
        let a = load(name);
        for article in &a.articles {
            let all = format!(
                "{} {} {:?}",
                article.title,
                body_text(article),
                article.detail().summary.get()
            );
            for raw in ["<p", "</", "&amp;", "&#", "&nbsp;", "&hellip;"] {
                assert!(!all.contains(raw), "{name}: {raw} in {all}");
            }
        }
    }
}

#[test]
fn unknown_json_names_what_was_found_and_expected() {
    let e = load_str("x.json", r#"[{"headline": "a", "text": "b"}]"#).expect_err("unknown");
    let msg = e.to_string();
    assert!(
        msg.contains("found an array of objects with keys `headline`, `text`"),
        "{msg}"
    );
    assert!(
        msg.contains("JSON Feed") && msg.contains("Wallabag"),
        "{msg}"
    );
}

// ---------------------------------------------------------------------------
// The command line over every fixture

fn run(args: &[&str]) -> (bool, String, String) {
    let out = common::lektyr().args(args).output().expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_list_show_and_snapshot_read_every_fixture() {
    for name in FIXTURES {
        let path = fixture(name);
        let p = path.to_str().expect("utf-8 path");
        let (_, out, err) = run(&["check", p]);
        let last = out.lines().last().unwrap_or_default();
        assert!(last.contains("article"), "{name}: {out}{err}");
        let (ok, list, err) = run(&["list", p]);
        assert!(ok, "{name}: {err}");
        let archive = load(name);
        assert_eq!(list.lines().count(), archive.articles.len(), "{name}");
        for line in list.lines() {
            let id = line.split('\t').next().unwrap_or_default();
            let (ok, shown, err) = run(&["show", p, id, "--width", "60"]);
            assert!(ok, "{name} {id}: {err}");
            let title = &archive.articles[archive.find_id(id).expect("listed id")].title;
            assert!(
                shown.contains(title.split(' ').next().unwrap_or_default()),
                "{name} {id}: {shown}"
            );
        }
        let (ok, screen, err) = run(&["snapshot", p, "--size", "80x24"]);
        assert!(ok && screen.lines().count() == 24, "{name}: {err}");
    }
}

#[test]
fn convert_gives_a_clean_v1_archive_that_shows_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in FIXTURES {
        let path = fixture(name);
        let p = path.to_str().expect("utf-8 path");
        let (ok, v1, err) = run(&["convert", p]);
        assert!(ok, "{name}: {err}");
        let out = dir.path().join("converted.json");
        std::fs::write(&out, &v1).expect("write");
        let o = out.to_str().expect("utf-8 path");
        let (ok, checked, _) = run(&["check", o]);
        assert!(ok, "{name}: converted archive has problems:\n{checked}");
        let (_, original_list, _) = run(&["list", p]);
        let (_, converted_list, _) = run(&["list", o]);
        assert_eq!(original_list, converted_list, "{name}");
        for line in original_list.lines() {
            let id = line.split('\t').next().unwrap_or_default();
            let (_, a, _) = run(&["show", p, id, "--width", "70"]);
            let (_, b, _) = run(&["show", o, id, "--width", "70"]);
            assert_eq!(a, b, "{name} {id}");
        }
    }
}

#[test]
fn format_flag_and_its_errors() {
    let p = fixture("jsonfeed-1.1.json");
    let p = p.to_str().expect("utf-8 path");
    let (ok, _, err) = run(&["check", "--format", "rss", p]);
    assert!(!ok);
    assert!(
        err.contains("unknown format \"rss\"") && err.contains("jsonfeed"),
        "{err}"
    );
    let (ok, out, _) = run(&["list", "--format", "jsonfeed", p]);
    assert!(ok && out.lines().count() == 3, "{out}");
}

// ---------------------------------------------------------------------------
// Any document shaped like an import format

mod any_import {
    use lektyr::archive::{Block, Format, load_str_as};
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    /// Keys of every import format, so that generated documents are read
    /// deep inside each reader.
    const KEYS: &[&str] = &[
        "id",
        "title",
        "rendered",
        "content",
        "excerpt",
        "date",
        "date_gmt",
        "link",
        "_embedded",
        "author",
        "wp:term",
        "wp:featuredmedia",
        "name",
        "description",
        "source_url",
        "jetpack-related-posts",
        "categories",
        "tags",
        "items",
        "content_html",
        "content_text",
        "summary",
        "date_published",
        "url",
        "external_url",
        "authors",
        "image",
        "language",
        "is_archived",
        "is_starred",
        "created_at",
        "published_by",
        "label",
        "labels",
        "slug",
        "savedAt",
        "publishedAt",
        "state",
        "published",
        "canonical",
        "alternate",
        "href",
        "origin",
        "htmlUrl",
        "home_page_url",
    ];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (0u32..3).prop_map(Value::from),
            proptest::sample::select(vec![
                "<p>a &amp; b</p>",
                "&#27;[31m<b>x</b>",
                "2024-02-29T10:00:00",
                "2016-09-08T11:55:58+0200",
                "user/-/label/X",
                "user/-/state/com.google/starred",
                "1700000000",
                "",
                " ",
                "Archived",
                "No title found",
            ])
            .prop_map(Value::from),
            "[a-z<>&#;/ \u{1b}]{0,10}".prop_map(Value::from),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(5, 48, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((proptest::sample::select(KEYS), inner), 0..6).prop_map(
                    |kv| Value::Object(
                        kv.into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect::<Map<_, _>>()
                    )
                ),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Whatever the document, each reader loads it or refuses it with a
        /// message; every problem it reports is placed and every string is
        /// free of controls.
        #[test]
        fn every_reader_places_its_problems(doc in value(), which in 0usize..6) {
            let format = Format::ALL[which];
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            let Ok(a) = load_str_as("x.json", &text, Some(format)) else {
                return Ok(());
            };
            for p in &a.problems {
                prop_assert!(p.line >= 1 && p.column >= 1, "unplaced {:?} in {}", p, text);
                prop_assert!(p.article.is_none_or(|i| i < a.articles.len()), "{:?}", p);
            }
            let mut ids: Vec<&str> = a.articles.iter().map(|x| x.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(ids.len(), a.articles.len());
            for x in &a.articles {
                let mut all = format!("{}{:?}{:?}{:?}", x.title, x.detail().summary.get(), x.detail().author, x.detail().url);
                for block in x.detail().body.blocks() {
                    all.push_str(&format!("{block:?}"));
                    if let Block::Paragraph(t) = block {
                        prop_assert!(!t.is_empty());
                    }
                }
                prop_assert!(!all.contains('\u{1b}'), "{:?}", all);
                prop_assert!(!x.title.is_empty() && !x.title.contains('\n'));
            }
        }
    }
}

#[test]
fn convert_keeps_every_block_and_run() {
    for name in FIXTURES {
        let original = load(name);
        let mut v1 = Vec::new();
        lektyr::archive::write_v1(&original, &mut v1).expect("writes");
        let text = String::from_utf8(v1).expect("utf-8");
        let converted = load_str("converted.json", &text).expect("loads");
        assert!(
            converted.problems.is_empty(),
            "{name}: {:?}",
            converted.problems
        );
        assert_eq!(converted.articles.len(), original.articles.len(), "{name}");
        for (a, b) in original.articles.iter().zip(&converted.articles) {
            assert_eq!(a.id, b.id, "{name}");
            assert_eq!(a.title, b.title, "{name}");
            assert_eq!(
                a.detail().body.blocks(),
                b.detail().body.blocks(),
                "{name} {}",
                a.id
            );
            assert_eq!(
                a.detail().summary.get(),
                b.detail().summary.get(),
                "{name} {}",
                a.id
            );
            assert_eq!(
                a.date.as_ref().and_then(|d| d.key),
                b.date.as_ref().and_then(|d| d.key),
                "{name} {}",
                a.id
            );
            assert_eq!(topics(&original, a), topics(&converted, b), "{name}");
        }
    }
}

#[test]
fn export_marks_seed_the_reader_but_never_override_it() {
    let state = tempfile::tempdir().expect("temp dir");
    let path = fixture("wallabag-v2.json");
    let p = path.to_str().expect("utf-8 path");
    let s = state.path().to_str().expect("utf-8 path");
    let snap = |keys: &str| {
        let (ok, screen, err) = run(&[
            "snapshot",
            p,
            "--size",
            "100x12",
            "--state-dir",
            s,
            "--keys",
            keys,
        ]);
        assert!(ok, "{err}");
        screen
    };
    let row = |screen: &str, title: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains(title))
            .unwrap_or_default()
            .to_string()
    };
    // Wallabag starred "No title found" (first in the list) and archived
    // "Le pain du dimanche" (read: no unread dot).
    let first = snap("");
    assert!(row(&first, "No title found").contains('★'), "{first}");
    assert!(!row(&first, "Le pain").contains('★'), "{first}");
    assert!(!row(&first, "Le pain").contains('•'), "{first}");
    // The reader unstars it; the next open keeps the reader's word.
    snap("s");
    let again = snap("");
    assert!(!row(&again, "No title found").contains('★'), "{again}");
}

#[test]
fn a_lede_in_html_is_text_and_a_lede_that_repeats_the_body_is_shown_once() {
    let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Ledes", "items": [
        {"id": "html", "title": "Html", "summary": "<p>A plan for the <em>spring</em> beds &amp; paths.</p>",
         "content_html": "<p>The beds come first.</p>"},
        {"id": "same", "title": "Same", "summary": "The beds come\n first,  then the paths.",
         "content_html": "<h2>Plan</h2><p>The beds  come first, then the paths.</p><p>More.</p>"},
        {"id": "cut", "title": "Cut", "summary": "The beds come first, then…",
         "content_html": "<p>The beds come first, then the paths.</p>"},
        {"id": "cut-html", "title": "Cut html", "summary": "<p>The beds come first [&hellip;]</p>",
         "content_html": "<p>The beds come first, then the paths.</p>"},
        {"id": "text", "title": "Text", "summary": "Rows a < b, and <3 for leeks &amp; beans.",
         "content_html": "<p>The beds come first.</p>"},
        {"id": "other", "title": "Other", "summary": "The beds come later…",
         "content_html": "<p>The beds come first, then the paths.</p>"}
    ]}"#;
    let archive = match load_str("ledes.json", feed) {
        Ok(a) => a,
        Err(e) => panic!("should load: {e}"),
    };
    let lede = |id: &str| by_id(&archive, id).detail().lede().map(str::to_string);
    assert_eq!(
        lede("html").as_deref(),
        Some("A plan for the spring beds & paths.")
    );
    assert_eq!(lede("same"), None);
    assert_eq!(lede("cut"), None);
    assert_eq!(lede("cut-html"), None);
    assert_eq!(
        lede("text").as_deref(),
        Some("Rows a < b, and <3 for leeks & beans.")
    );
    assert_eq!(lede("other").as_deref(), Some("The beds come later…"));
    // `show` draws the repeated words once, and the HTML lede as text.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ledes.json");
    std::fs::write(&path, feed).expect("write");
    let p = path.to_str().expect("utf-8 path");
    let (ok, out, err) = run(&["show", p, "same", "--width", "72"]);
    assert!(ok, "{err}");
    assert_eq!(
        out.matches("come first, then the paths.").count(),
        1,
        "{out}"
    );
    let (ok, out, err) = run(&["show", p, "html", "--width", "72"]);
    assert!(ok, "{err}");
    assert!(out.contains("A plan for the spring beds & paths."), "{out}");
    assert!(!out.contains("<p>"), "{out}");
}

#[test]
fn reading_time_counts_cjk_by_characters() {
    use lektyr::archive::ReadingLoad;
    // Our own sentence: eleven CJK characters and a full stop, no spaces.
    let sentence = "庭の畑に豆を植えました。";
    assert_eq!(ReadingLoad::of(sentence), ReadingLoad { words: 0, cjk: 11 });
    assert_eq!(
        ReadingLoad::of("Rust で 書いた reader、とても速い。"),
        ReadingLoad { words: 2, cjk: 9 }
    );
    assert_eq!(
        ReadingLoad::of("한국어 텍스트"),
        ReadingLoad { words: 0, cjk: 6 }
    );
    // 300 sentences are 3,300 characters: 6.6 minutes at 500 a minute.
    let body = format!("<p>{}</p>", sentence.repeat(300));
    let feed = format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "庭", "items": [
            {{"id": "ja", "title": "畑", "content_html": "{body}"}},
            {{"id": "en", "title": "Beds", "content_html": "<p>{words}</p>"}},
            {{"id": "mixed", "title": "Mixed", "content_html": "<p>{words}</p><p>{half}</p>"}}
        ]}}"#,
        words = "bean ".repeat(401),
        half = sentence.repeat(100),
    );
    let archive = match load_str("cjk.json", &feed) {
        Ok(a) => a,
        Err(e) => panic!("should load: {e}"),
    };
    assert_eq!(by_id(&archive, "ja").reading_minutes(), 7);
    // Other text still by words, 200 a minute: 401 words are 3 minutes.
    assert_eq!(by_id(&archive, "en").reading_minutes(), 3);
    // 401 words (2.005 min) and 1,100 characters (2.2 min): 5 minutes.
    assert_eq!(by_id(&archive, "mixed").reading_minutes(), 5);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cjk.json");
    std::fs::write(&path, &feed).expect("write");
    let p = path.to_str().expect("utf-8 path");
    let (ok, out, err) = run(&["show", p, "ja", "--width", "60"]);
    assert!(ok, "{err}");
    assert!(out.contains("7 min read"), "{out}");
}

#[test]
fn a_wordpress_excerpt_that_repeats_the_first_paragraph_is_shown_once() {
    let posts = r#"[
        {"id": 1, "date": "2026-11-01T10:00:00", "title": {"rendered": "Same"},
         "content": {"rendered": "<p>The shed got a new roof in <em>October</em>.</p>\n<p>Then it rained.</p>"},
         "excerpt": {"rendered": "<p>The shed got a new roof in October.</p>\n"}},
        {"id": 2, "date": "2026-11-02T10:00:00", "title": {"rendered": "Own"},
         "content": {"rendered": "<p>The shed got a new roof in October.</p>"},
         "excerpt": {"rendered": "<p>Why the old one leaked.</p>"}}
    ]"#;
    let archive = match load_str("wp.json", posts) {
        Ok(a) => a,
        Err(e) => panic!("should load: {e}"),
    };
    assert_eq!(by_id(&archive, "1").detail().lede(), None);
    assert_eq!(
        by_id(&archive, "2").detail().lede(),
        Some("Why the old one leaked.")
    );
}
