//! The archive loader from the outside: every field form, every block type,
//! every load error with its message, problem pointers and positions, order.

use std::path::{Path, PathBuf};

mod common;

use lektyr::archive::{
    Archive, Article, Author, Block, Format, LoadErrorKind, Problem, Related, Rich, load_bytes,
    load_bytes_as, load_path, load_path_as, load_path_in_pieces, load_str,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

fn load(text: &str) -> Archive {
    match load_str("test.json", text) {
        Ok(a) => a,
        Err(e) => panic!("should load: {e}"),
    }
}

fn error(text: &str) -> (LoadErrorKind, String) {
    match load_str("archive.json", text) {
        Ok(_) => panic!("should not load: {text}"),
        Err(e) => (e.kind().clone(), e.to_string()),
    }
}

/// The one problem whose pointer is `pointer`.
fn problem<'a>(a: &'a Archive, pointer: &str) -> &'a Problem {
    let found: Vec<&Problem> = a.problems.iter().filter(|p| p.pointer == pointer).collect();
    assert_eq!(found.len(), 1, "problems at {pointer}: {:#?}", a.problems);
    found[0]
}

fn para(text: &str) -> Block {
    Block::Paragraph(Rich::plain(text))
}

// ---------------------------------------------------------------------------
// Field forms

#[test]
fn object_archive_with_every_field() {
    let a = match load_path(&fixture("full.json")) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    assert_eq!(a.title.as_deref(), Some("Field Notes"));
    assert_eq!(a.articles.len(), 3);

    let intro = &a.articles[0];
    assert_eq!(intro.id, "intro");
    assert_eq!(intro.title, "Getting started with lektyr");
    assert_eq!(
        intro.detail().author,
        Some(Author {
            name: "Ada Lind".into(),
            ..Author::default()
        })
    );
    assert_eq!(intro.detail().series.as_deref(), Some("Basics"));
    assert_eq!(intro.detail().summary.get(), Some("A first look."));
    assert_eq!(
        intro.detail().url.as_deref(),
        Some("https://example.org/intro")
    );
    assert_eq!(intro.detail().language.as_deref(), Some("en"));
    // A string body: blank lines split paragraphs, single newlines stay.
    assert_eq!(
        intro.detail().body,
        vec![
            para("First paragraph,\nsame paragraph."),
            para("Second paragraph."),
        ]
    );

    let second = &a.articles[1];
    assert_eq!(second.id, "42", "integer ids become text");
    assert_eq!(
        second.detail().author,
        Some(Author {
            name: "Bo Ek".into(),
            role: Some("Editor".into()),
            bio: Some("Writes.".into()),
            url: Some("https://example.org/bo".into()),
        })
    );

    assert_eq!(
        a.articles[2].id, "deep-dive",
        "a missing id comes from the title"
    );
}

#[test]
fn topics_and_tags_match_without_case() {
    let a = match load_path(&fixture("full.json")) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    let names: Vec<&str> = a.topics.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Rust", "terminals", "Design"]);
    let keys: Vec<&str> = a.topics.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["rust", "terminals", "design"]);
    // "rust" repeats "Rust" in the first article; "RUST" (via `tags`) is the same topic.
    assert_eq!(a.articles[0].topics, [0, 1]);
    assert_eq!(a.articles[1].topics, [0, 2]);
}

#[test]
fn every_block_type() {
    let a = match load_path(&fixture("full.json")) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    let body = &a.articles[1].detail().body;
    let expected = vec![
        para("A bare paragraph."),
        para("Line one\nline two"),
        Block::Heading {
            level: 3,
            text: Rich::plain("Heading"),
        },
        Block::Heading {
            level: 2,
            text: Rich::plain("Default level"),
        },
        Block::PullQuote {
            text: Rich::plain("Quotable."),
            cite: Some("Bo".into()),
        },
        Block::Quote {
            text: Rich::plain("Said before."),
            cite: Some("Someone".into()),
        },
        Block::Image {
            src: Some("pic.png".into()),
            alt: Some("A picture".into()),
            caption: Some("The caption".into()),
        },
        Block::List {
            items: vec![Rich::plain("one"), Rich::plain("two")],
            ordered: true,
        },
        Block::List {
            items: vec![Rich::plain("a")],
            ordered: false,
        },
        // Tabs in code go to the next 8-column stop.
        Block::Code("fn main() {\n        let x = 1;\n}".into()),
        Block::Rule,
    ];
    assert_eq!(body, &expected);
    assert!(a.articles[1].has_pullquote());
}

#[test]
fn related_by_id_then_title_else_plain() {
    let a = match load_path(&fixture("full.json")) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        a.articles[0].detail().related,
        vec![
            Related {
                text: "Deep dive".into(),
                target: Some(2),
            },
            Related {
                text: "A second look".into(),
                target: Some(1),
            },
            Related {
                text: "Nowhere".into(),
                target: None,
            },
        ]
    );
    // An integer refers to an integer id; a title-looking id wins over a title.
    assert_eq!(a.articles[1].detail().related[0].target, Some(1));
    assert_eq!(a.articles[1].detail().related[1].target, Some(0));

    let b = load(
        r#"[{"id": "x", "title": "y"}, {"id": "y", "title": "x"},
            {"title": "z", "related": ["x", "Y", "X "]}]"#,
    );
    let targets: Vec<_> = b.articles[2]
        .detail()
        .related
        .iter()
        .map(|r| r.target)
        .collect();
    assert_eq!(targets, [Some(0), Some(0), Some(1)]);
}

#[test]
fn bare_array_archive_and_derived_ids() {
    let a = match load_path(&fixture("bare.json")) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(a.title, None);
    let ids: Vec<&str> = a.articles.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["only-one", "only-one-2"]);
    assert!(a.problems.is_empty());

    let b = load(r#"[{"title": 5}]"#);
    assert!(problem(&b, "/0/title").message.contains("the number 5"));
    assert_eq!(b.articles[0].title, "(untitled)");
    assert_eq!(b.articles[0].id, "untitled");
}

#[test]
fn duplicate_ids_get_suffixes_and_written_ids_win() {
    let a = load(
        r#"{"articles": [
            {"id": "a", "title": "First"},
            {"id": "a", "title": "Second"},
            {"id": "a-2", "title": "Third"},
            {"title": "A"},
            {"id": 7, "title": "Seven"},
            {"id": "7", "title": "Also seven"}
        ]}"#,
    );
    let ids: Vec<&str> = a.articles.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["a", "a-3", "a-2", "a-4", "7", "7-2"]);
    let p = problem(&a, "/articles/1/id");
    assert_eq!(p.article, Some(1));
    assert!(
        p.message.contains("\"a\"") && p.message.contains("/articles/0"),
        "{}",
        p.message
    );
    assert!(p.message.contains("\"a-3\""), "{}", p.message);
    assert_eq!((p.line, p.column), (3, 20));
    problem(&a, "/articles/5/id");
    assert_eq!(a.problems.len(), 2);
}

#[test]
fn wrong_ids_are_replaced() {
    let a = load(
        r#"[{"id": 1.5, "title": "T"}, {"id": "  ", "title": "T"}, {"id": null, "title": "T"}]"#,
    );
    let ids: Vec<&str> = a.articles.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["t", "t-2", "t-3"]);
    assert!(problem(&a, "/0/id").message.contains("the number 1.5"));
    assert!(problem(&a, "/1/id").message.contains("blank text"));
    assert!(problem(&a, "/2/id").message.contains("null"));
}

#[test]
fn dates_of_each_form() {
    let a = load(
        r#"[
            {"title": "day", "date": "2024-03-05"},
            {"title": "utc", "date": "2024-03-05T14:30:00Z"},
            {"title": "offset", "date": "2024-03-05T15:30:00+01:00"},
            {"title": "fraction", "date": "2024-03-05t14:30:00.5z"},
            {"title": "feb30", "date": "2024-02-30"},
            {"title": "words", "date": "last Tuesday"},
            {"title": "number", "date": 20240305},
            {"title": "object", "date": {"y": 2024}}
        ]"#,
    );
    let d = |i: usize| a.articles[i].date.clone();
    let day = d(0).unwrap_or_else(|| panic!("date"));
    assert_eq!(
        (day.key, day.day.as_deref()),
        (Some(1_709_596_800), Some("2024-03-05"))
    );
    assert_eq!(d(1).and_then(|d| d.key), Some(1_709_649_000));
    assert_eq!(d(2).and_then(|d| d.key), Some(1_709_649_000));
    assert_eq!(d(3).and_then(|d| d.key), Some(1_709_649_000));
    assert_eq!(d(2).and_then(|d| d.day).as_deref(), Some("2024-03-05"));

    let feb = d(4).unwrap_or_else(|| panic!("date kept"));
    assert_eq!(
        (feb.key, feb.day.as_deref(), feb.display()),
        (None, None, "2024-02-30")
    );
    assert!(
        problem(&a, "/4/date")
            .message
            .contains("February 2024 has 29 days")
    );
    let words = problem(&a, "/5/date");
    assert!(
        words.message.contains("\"last Tuesday\""),
        "{}",
        words.message
    );
    assert!(words.message.contains("YYYY-MM-DD"), "{}", words.message);
    let number = d(6).unwrap_or_else(|| panic!("a number date is kept as text"));
    assert_eq!((number.text.as_str(), number.key), ("20240305", None));
    assert!(
        problem(&a, "/6/date")
            .message
            .contains("the number 20240305")
    );
}

#[test]
fn order_is_newest_first_with_undated_last_in_file_order() {
    let a = load(
        r#"[
            {"title": "undated 1"},
            {"title": "old", "date": "2020-01-01"},
            {"title": "bad", "date": "soon"},
            {"title": "new", "date": "2024-06-01T08:00:00+02:00"},
            {"title": "mid", "date": "2022-05-05"},
            {"title": "undated 2"},
            {"title": "same day earlier", "date": "2024-06-01T05:00:00Z"}
        ]"#,
    );
    assert_eq!(a.order, [3, 6, 4, 1, 0, 2, 5]);
}

#[test]
fn author_forms_and_mistakes() {
    let a = load(
        r#"[
            {"title": "t", "author": "  Ann \n Lee "},
            {"title": "t", "author": {"role": "Editor"}},
            {"title": "t", "author": {"name": "Bo", "role": 3}},
            {"title": "t", "author": 12}
        ]"#,
    );
    assert_eq!(
        a.articles[0]
            .detail()
            .author
            .as_ref()
            .map(|x| x.name.as_str()),
        Some("Ann Lee")
    );
    assert_eq!(a.articles[1].detail().author, None);
    assert!(problem(&a, "/1/author").message.contains("no `name`"));
    assert_eq!(
        a.articles[2]
            .detail()
            .author
            .as_ref()
            .map(|x| x.role.clone()),
        Some(None)
    );
    assert!(
        problem(&a, "/2/author/role")
            .message
            .contains("the number 3")
    );
    assert_eq!(a.articles[3].detail().author, None);
    problem(&a, "/3/author");
}

#[test]
fn topic_mistakes_are_skipped() {
    let a = load(
        r#"[{"title": "t", "tags": ["  News ", 3, "", "news", "Sport"]}, {"title": "u", "topics": "News"}]"#,
    );
    let names: Vec<&str> = a.topics.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["News", "Sport"]);
    assert_eq!(a.articles[0].topics, [0, 1]);
    assert!(problem(&a, "/0/tags/1").message.contains("the number 3"));
    assert!(problem(&a, "/0/tags/2").message.contains("empty"));
    assert!(
        problem(&a, "/1/topics")
            .message
            .contains("the text \"News\"")
    );
    assert!(a.articles[1].topics.is_empty());
}

#[test]
fn unknown_block_types() {
    let a = load(
        r#"[{"title": "t", "body": [
            {"type": "callout", "text": "Look here"},
            {"type": "spacer"},
            {"text": "no type"},
            {"type": 4, "text": "typed wrong"}
        ]}]"#,
    );
    assert_eq!(
        a.articles[0].detail().body,
        vec![para("Look here"), para("no type"), para("typed wrong")]
    );
    let shown = problem(&a, "/0/body/0/type");
    assert!(shown.message.contains("\"callout\"") && shown.message.contains("paragraph"));
    let skipped = problem(&a, "/0/body/1/type");
    assert!(skipped.message.contains("\"spacer\"") && skipped.message.contains("skipped"));
    assert!(problem(&a, "/0/body/2").message.contains("no `type`"));
    let typed = problem(&a, "/0/body/3/type");
    assert!(
        typed.message.contains("the number 4") && typed.message.contains("shown as a paragraph"),
        "{}",
        typed.message
    );
}

#[test]
fn block_mistakes_keep_the_rest() {
    let a = load(
        r#"[{"title": "t", "body": [
            {"type": "heading", "text": "Big", "level": 9},
            {"type": "heading", "text": "Small", "level": 0},
            {"type": "heading", "text": "Odd", "level": "2"},
            {"type": "paragraph"},
            {"type": "paragraph", "text": {"x": 1}},
            {"type": "list", "items": ["ok", {"a": 1}, 2], "ordered": "yes"},
            {"type": "list", "items": "one"},
            {"type": "image"},
            {"type": "quote", "text": "Q", "cite": false},
            42,
            "\ttabbed\ttext  ",
            {"type": "code", "text": "a\tb"}
        ]}]"#,
    );
    let body = &a.articles[0].detail().body;
    assert_eq!(
        body,
        &vec![
            Block::Heading {
                level: 6,
                text: Rich::plain("Big")
            },
            Block::Heading {
                level: 1,
                text: Rich::plain("Small")
            },
            Block::Heading {
                level: 2,
                text: Rich::plain("Odd")
            },
            Block::List {
                items: vec![Rich::plain("ok")],
                ordered: false
            },
            Block::Quote {
                text: Rich::plain("Q"),
                cite: None
            },
            para("tabbed text"),
            Block::Code("a       b".into()),
        ]
    );
    for pointer in [
        "/0/body/0/level",
        "/0/body/1/level",
        "/0/body/2/level",
        "/0/body/3",
        "/0/body/4/text",
        "/0/body/5/items/1",
        "/0/body/5/items/2",
        "/0/body/5/ordered",
        "/0/body/6/items",
        "/0/body/7",
        "/0/body/8/cite",
        "/0/body/9",
    ] {
        let p = problem(&a, pointer);
        assert_eq!(p.article, Some(0));
        assert!(p.line > 0 && p.column > 0, "{pointer} has no position");
    }
    assert!(problem(&a, "/0/body/0/level").message.contains("level 9"));
    assert_eq!(a.problems.len(), 12);
}

#[test]
fn field_type_mistakes() {
    let a = load(
        r#"{"title": ["x"], "articles": [
            {"title": "t", "body": 3, "related": "x", "series": 1, "summary": {}, "url": true, "language": "not a tag!"},
            {"title": "   "},
            {"id": "n"},
            null,
            {"title": "last", "related": [1.5, "n"]}
        ]}"#,
    );
    assert_eq!(a.title, None);
    assert!(problem(&a, "/title").message.contains("an array"));
    for pointer in [
        "/articles/0/body",
        "/articles/0/related",
        "/articles/0/series",
        "/articles/0/summary",
        "/articles/0/url",
        "/articles/0/language",
        "/articles/1/title",
        "/articles/2",
        "/articles/4/related/0",
    ] {
        problem(&a, pointer);
    }
    // The non-object is skipped; later articles keep their own indices.
    let skipped = problem(&a, "/articles/3");
    assert_eq!(skipped.article, None);
    assert!(skipped.message.contains("null"));
    assert_eq!(a.articles.len(), 4);
    assert_eq!(a.articles[1].title, "(untitled)");
    assert_eq!(a.articles[2].title, "(untitled)");
    assert!(problem(&a, "/articles/2").message.contains("no `title`"));
    assert_eq!(problem(&a, "/articles/4/related/0").article, Some(3));
    assert_eq!(
        a.articles[3].detail().related,
        vec![Related {
            text: "(untitled)".into(),
            target: Some(2)
        }]
    );
    assert_eq!(
        a.articles[0].detail().language.as_deref(),
        Some("not a tag!")
    );
}

#[test]
fn every_string_is_sanitized() {
    let a = load(
        "{\"title\": \"Arc\\u001b]0;pwned\\u0007hive\", \"articles\": [{\
            \"id\": \"i\\u001b[2Jd\",\
            \"title\": \"Safe\\rEVIL\\u202e\",\
            \"date\": \"2024-01-01\\u200b\",\
            \"author\": {\"name\": \"A\\u009b31mB\", \"bio\": \"x\\u0000y\"},\
            \"topics\": [\"T\\u2066op\"],\
            \"summary\": \"s\\u00adum\",\
            \"related\": [\"r\\u001b[1m\"],\
            \"body\": [{\"type\": \"image\", \"alt\": \"a\\u001bPq\\u001b\\\\lt\", \"caption\": \"\\ufeffcap\"},\
                       {\"type\": \"code\", \"text\": \"c\\u001b[0m\\r\\nd\"},\
                       {\"type\": \"quote\", \"text\": \"\\u202dq\", \"cite\": \"\\u0007c\"},\
                       {\"type\": \"list\", \"items\": [\"\\u0090dcs\\u009citem\"]}]\
        }]}",
    );
    let x = &a.articles[0];
    assert_eq!(a.title.as_deref(), Some("Archive"));
    assert_eq!(x.id, "id");
    assert_eq!(
        x.title, "Safe EVIL",
        "a lone CR is a break, and titles are one line"
    );
    assert_eq!(x.date.as_ref().and_then(|d| d.key), Some(1_704_067_200));
    let author = x.detail().author.clone().unwrap_or_default();
    assert_eq!(
        (author.name.as_str(), author.bio.as_deref()),
        ("AB", Some("xy"))
    );
    assert_eq!(a.topics[0].name, "Top");
    assert_eq!(x.detail().summary.get(), Some("sum"));
    assert_eq!(x.detail().related[0].text, "r");
    assert_eq!(
        x.detail().body,
        vec![
            Block::Image {
                src: None,
                alt: Some("alt".into()),
                caption: Some("cap".into())
            },
            Block::Code("c\nd".into()),
            Block::Quote {
                text: Rich::plain("q"),
                cite: Some("c".into())
            },
            Block::List {
                items: vec![Rich::plain("item")],
                ordered: false
            },
        ]
    );
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
}

// ---------------------------------------------------------------------------
// Problem positions

#[test]
fn problems_have_pointers_lines_and_columns() {
    let a = match load_path(&fixture("problems.json")) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    let got: Vec<(&str, Option<usize>, usize, usize)> = a
        .problems
        .iter()
        .map(|p| (p.pointer.as_str(), p.article, p.line, p.column))
        .collect();
    assert_eq!(
        got,
        [
            ("/articles/0/date", Some(0), 3, 41),
            ("/articles/1/id", Some(1), 4, 12),
            ("/articles/1/topics/1", Some(1), 4, 50),
            ("/articles/1/topics/2", Some(1), 4, 53),
            ("/articles/2", None, 5, 5),
            ("/articles/3/body/0/level", Some(2), 6, 74),
            ("/articles/3/body/1/type", Some(2), 6, 87),
        ]
    );
    assert_eq!(a.articles_with_problems(), 3);
}

#[test]
fn columns_count_characters_on_long_lines() {
    // One minified line, many problems, wide characters before each.
    let n = 2_000;
    let mut text = String::from("[");
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("{{\"title\":\"日本語 {i}\",\"date\":\"x{i}\"}}"));
    }
    text.push(']');
    let a = load(&text);
    assert_eq!(a.problems.len(), n);
    let chars: Vec<char> = text.chars().collect();
    for p in &a.problems {
        assert_eq!(p.line, 1);
        // The column names the opening quote of the bad date.
        let at = p.column - 1;
        assert_eq!(chars.get(at), Some(&'"'));
        let value: String = chars
            .iter()
            .skip(at + 1)
            .take_while(|&&c| c != '"')
            .collect();
        let i: usize = p
            .pointer
            .split('/')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(usize::MAX);
        assert_eq!(value, format!("x{i}"));
    }
}

#[test]
fn a_crlf_archive_and_a_bom() {
    let a = load("\u{feff}[\r\n  {\"title\": \"t\",\r\n   \"date\": \"no\"}\r\n]");
    let p = problem(&a, "/0/date");
    assert_eq!((p.line, p.column), (3, 12));
}

// ---------------------------------------------------------------------------
// Load errors

#[test]
fn syntax_errors_show_the_line_and_a_caret() {
    let e = match load_path(&fixture("syntax.json")) {
        Ok(_) => panic!("should fail"),
        Err(e) => e,
    };
    let name = fixture("syntax.json").display().to_string();
    assert_eq!(e.position(), Some((4, 22)));
    assert_eq!(
        e.to_string(),
        format!(
            "{name}:4:22: expected `,` or `}}`\n    4 |       \"title\": \"Hej\" \"date\": \"2024-01-01\"\n      |                      ^"
        )
    );
}

#[test]
fn syntax_error_columns_count_characters() {
    let (kind, msg) = error("[{\"title\": \"åäö\" x}]");
    match kind {
        LoadErrorKind::Syntax { line, column, .. } => assert_eq!((line, column), (1, 18)),
        other => panic!("{other:?}"),
    }
    assert!(
        msg.starts_with("archive.json:1:18: expected `,` or `}`"),
        "{msg}"
    );
    assert!(msg.ends_with("\n      |                  ^"), "{msg}");
}

#[test]
fn other_syntax_errors_are_worded_plainly() {
    for (text, words) in [
        ("[1,]", "comma before a closing bracket"),
        ("{\"articles\": [", "ends inside an array"),
        ("{\"articles\": []", "ends inside an object"),
        ("[{\"title\": \"abc", "ends inside a string"),
        ("[] []", "more text after the end"),
        ("[{title: 1}]", "double quotes"),
        ("[tru]", "`true`, `false` or `null`"),
        ("[\"\\q\"]", "invalid escape"),
    ] {
        let (kind, msg) = error(text);
        assert!(
            matches!(kind, LoadErrorKind::Syntax { .. }),
            "{text}: {kind:?}"
        );
        assert!(msg.contains(words), "{text}: {msg}");
        assert!(!msg.contains("EOF") && !msg.contains(" at line "), "{msg}");
    }
}

#[test]
fn a_hostile_line_is_printed_safely() {
    let (_, msg) = error("[\"\u{1b}]0;owned\u{7}\" \"x\"]");
    assert!(!msg.contains('\u{1b}') && !msg.contains('\u{7}'), "{msg:?}");
}

#[test]
fn nesting_too_deep() {
    let text = format!(
        "{{\"articles\": [{{\"title\": \"t\", \"extra\": {}{}}}]}}",
        "[".repeat(300),
        "]".repeat(300)
    );
    let (kind, msg) = error(&text);
    assert!(
        matches!(kind, LoadErrorKind::TooDeep { line: 1, .. }),
        "{kind:?}"
    );
    assert!(msg.starts_with("archive.json:1:"), "{msg}");
    assert!(msg.contains("nested too deeply"), "{msg}");
}

#[test]
fn empty_files() {
    for text in ["", "  \r\n\t ", "\u{feff}"] {
        let (kind, msg) = error(text);
        assert_eq!(kind, LoadErrorKind::Empty);
        assert_eq!(
            msg,
            "archive.json: the file is empty; an archive is a JSON object with `articles`, \
             or a JSON array of articles"
        );
    }
}

#[test]
fn other_blank_characters_are_not_empty() {
    let (kind, msg) = error("\u{a0}");
    assert!(
        matches!(
            kind,
            LoadErrorKind::Syntax {
                line: 1,
                column: 1,
                ..
            }
        ),
        "{kind:?}"
    );
    assert!(msg.contains("expected a value"), "{msg}");
}

#[test]
fn not_utf8_names_the_first_bad_byte() {
    let e = match load_path(&fixture("latin1.json")) {
        Ok(_) => panic!("should fail"),
        Err(e) => e,
    };
    assert_eq!(
        e.kind(),
        &LoadErrorKind::NotUtf8 {
            line: 1,
            column: 29,
            byte: 0xe9
        }
    );
    let e = match load_bytes("x.json", b"[\n {\"title\": \"\xc3\xa5\xff\"}]") {
        Ok(_) => panic!("should fail"),
        Err(e) => e,
    };
    assert_eq!(
        e.to_string(),
        "x.json:2:14: not UTF-8 text (byte 0xFF); save the archive as UTF-8"
    );
}

#[test]
fn not_an_archive() {
    for (text, found) in [
        ("42", "found the number 42"),
        ("\"hello\"", "found a JSON string (the text \"hello\")"),
        ("null", "found `null`"),
        ("true", "found `true`"),
    ] {
        let (kind, msg) = error(text);
        assert!(
            matches!(kind, LoadErrorKind::NotAnArchive { .. }),
            "{kind:?}"
        );
        assert!(msg.starts_with("archive.json"), "{msg}");
        assert!(msg.contains(found), "{msg}");
        assert!(
            msg.ends_with("expected an object with an `articles` array, or an array of articles"),
            "{msg}"
        );
    }
    // An object that is no known format names its keys and every format.
    let (kind, msg) = error("{\"title\": \"x\", \"posts\": []}");
    assert!(
        matches!(kind, LoadErrorKind::NotAnArchive { .. }),
        "{kind:?}"
    );
    assert!(
        msg.starts_with("archive.json:1:1: not an archive: found an object with keys `title`, `posts`; expected one of: lektyr archive (`articles`); JSON Feed"),
        "{msg}"
    );
    assert!(
        msg.contains("WordPress") && msg.contains("Google Reader"),
        "{msg}"
    );
    let (kind, msg) = error("{\n  \"articles\": {\"title\": \"x\"}\n}");
    assert!(
        matches!(
            kind,
            LoadErrorKind::NotAnArchive {
                at: Some((2, 15)),
                ..
            }
        ),
        "{kind:?}"
    );
    assert_eq!(
        msg,
        "archive.json:2:15: not an archive: found `articles` as an object; \
         expected `articles` to be an array of articles"
    );
}

#[test]
fn unsupported_versions() {
    let (kind, msg) = error("{\"version\": 2, \"articles\": []}");
    assert!(matches!(kind, LoadErrorKind::UnsupportedVersion { .. }));
    assert_eq!(
        msg,
        "archive.json:1:13: unsupported archive version: found the number 2; lektyr reads version 1"
    );
    // Checked wherever it stands in the object.
    let (_, msg) = error("{\"articles\": [], \"version\": \"1\"}");
    assert!(msg.contains("found the text \"1\""), "{msg}");
    assert!(load_str("a", "{\"version\": 1, \"articles\": []}").is_ok());
}

#[test]
fn file_errors() {
    let missing = fixture("no-such-archive.json");
    let e = match load_path(&missing) {
        Ok(_) => panic!("should fail"),
        Err(e) => e,
    };
    assert_eq!(e.kind(), &LoadErrorKind::NotFound);
    assert_eq!(
        e.to_string(),
        format!("{}: no such file", missing.display())
    );

    let dir = fixture("");
    let e = match load_path(&dir) {
        Ok(_) => panic!("should fail"),
        Err(e) => e,
    };
    assert_eq!(e.kind(), &LoadErrorKind::IsDirectory);
    assert!(
        e.to_string()
            .ends_with(": is a directory; give the path of an archive file")
    );

    let denied = lektyr::archive::LoadError::new("secret.json", LoadErrorKind::PermissionDenied);
    assert_eq!(
        denied.to_string(),
        "secret.json: permission denied; lektyr needs to read the file"
    );
    let broken = lektyr::archive::LoadError::new(
        "disk.json",
        LoadErrorKind::Unreadable {
            reason: "Input/output error (os error 5)".into(),
        },
    );
    assert_eq!(
        broken.to_string(),
        "disk.json: cannot be read: Input/output error (os error 5)"
    );
    // A name from the command line is printed safely too.
    let odd = lektyr::archive::LoadError::new("a\u{1b}[2Jb.json", LoadErrorKind::NotFound);
    assert_eq!(odd.to_string(), "ab.json: no such file");
}

/// The error of a load that should fail.
fn failed(path: &Path) -> lektyr::archive::LoadError {
    match load_path(path) {
        Ok(a) => panic!(
            "{} should not load: {} articles",
            path.display(),
            a.articles.len()
        ),
        Err(e) => e,
    }
}

#[cfg(unix)]
#[test]
fn paths_that_are_not_files_are_said_so_whoever_runs_the_tests() {
    // No permissions involved: these fail for root too.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("file.json");
    std::fs::write(&file, "[]").expect("write");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).expect("mkdir");
    let link = |name: &str, to: &Path| {
        let path = dir.path().join(name);
        std::os::unix::fs::symlink(to, &path).expect("symlink");
        path
    };

    // Through a regular file, or a file named as a directory: ENOTDIR,
    // in the system's words.
    for path in [file.join("x.json"), dir.path().join("file.json/")] {
        let io = std::fs::metadata(&path).expect_err("not a directory");
        assert_eq!(io.kind(), std::io::ErrorKind::NotADirectory, "{io}");
        let e = failed(&path);
        assert_eq!(
            e.kind(),
            &LoadErrorKind::Unreadable {
                reason: io.to_string()
            }
        );
        assert_eq!(
            e.to_string(),
            format!("{}: cannot be read: {io}", path.display())
        );
        if cfg!(target_os = "linux") {
            assert_eq!(io.to_string(), "Not a directory (os error 20)");
        }
    }

    // A loop of links, and a name longer than a file system takes: other
    // reasons, in the system's words too.
    let a = dir.path().join("a.json");
    link("b.json", &a);
    link("a.json", &dir.path().join("b.json"));
    for (path, words) in [
        (a, "Too many levels of symbolic links (os error 40)"),
        (
            dir.path().join(format!("{}.json", "x".repeat(300))),
            "File name too long (os error 36)",
        ),
    ] {
        let io = std::fs::metadata(&path).expect_err("cannot be read");
        let e = failed(&path);
        assert_eq!(
            e.to_string(),
            format!("{}: cannot be read: {io}", path.display())
        );
        assert!(matches!(e.kind(), LoadErrorKind::Unreadable { .. }), "{e}");
        if cfg!(target_os = "linux") {
            assert_eq!(io.to_string(), words);
        }
    }

    // Nothing there: a dangling link, a missing folder on the way.
    for path in [
        link("dangling.json", &dir.path().join("gone.json")),
        dir.path().join("gone").join("x.json"),
    ] {
        let e = failed(&path);
        assert_eq!(e.kind(), &LoadErrorKind::NotFound);
        assert_eq!(e.to_string(), format!("{}: no such file", path.display()));
    }

    // A folder, named directly, with a trailing slash, or through a link.
    for path in [
        sub.clone(),
        dir.path().join("sub/"),
        link("folder.json", &sub),
    ] {
        let e = failed(&path);
        assert_eq!(e.kind(), &LoadErrorKind::IsDirectory);
        assert_eq!(
            e.to_string(),
            format!(
                "{}: is a directory; give the path of an archive file",
                path.display()
            )
        );
    }
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("locked.json");
    std::fs::write(&path, "[]").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let said = format!(
        "{}: permission denied; lektyr needs to read the file",
        path.display()
    );
    if std::fs::read(&path).is_err() {
        let e = failed(&path);
        assert_eq!(e.kind(), &LoadErrorKind::PermissionDenied);
        assert_eq!(e.to_string(), said);
        return;
    }
    // Root reads a file whatever its mode, so this process cannot be
    // denied it: the binary is run as another user instead.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let readable = dir.path().join("readable.json");
    std::fs::write(&readable, "[]").expect("write");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").expect("write");
    let list_as_nobody = |archive: &Path| {
        use std::os::unix::process::CommandExt;
        std::process::Command::new(env!("CARGO_BIN_EXE_lektyr"))
            .arg("list")
            .arg(archive)
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .env("LEKTYR_CONFIG", &config)
            .env("LEKTYR_STATE_DIR", dir.path().join("state"))
            .env("LEKTYR_NO_CACHE", "1")
            .env_remove("LEKTYR_CACHE_DIR")
            .uid(65534)
            .gid(65534)
            .output()
    };
    // That user must reach the binary and the temp dir, or the denial
    // would be of something else.
    match list_as_nobody(&readable) {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            let why = String::from_utf8_lossy(&out.stderr);
            common::skip(&format!(
                "root reads a file of mode 000, and the user nobody cannot list a readable \
                 archive here: {}",
                why.trim()
            ));
            return;
        }
        Err(e) => {
            common::skip(&format!(
                "root reads a file of mode 000, and lektyr cannot be run as the user nobody: {e}"
            ));
            return;
        }
    }
    let out = list_as_nobody(&path).expect("ran once already");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("error: {said}\n")
    );
}

#[test]
fn the_file_is_never_written() {
    let path = fixture("full.json");
    let before = std::fs::read(&path).unwrap_or_default();
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    assert!(load_path(&path).is_ok());
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before);
    assert_eq!(
        std::fs::metadata(&path).and_then(|m| m.modified()).ok(),
        modified
    );
}

// ---------------------------------------------------------------------------
// Scale

#[test]
fn many_articles_each_with_a_problem_load_in_one_pass() {
    let n = 20_000;
    let mut text = String::from("{\"articles\": [\n");
    for i in 0..n {
        let sep = if i + 1 < n { "," } else { "" };
        text.push_str(&format!(
            "  {{\"id\": \"dup\", \"title\": \"Article {i}\", \"date\": \"2024-01-{:02}\", \"body\": [{{\"type\": \"x{i}\"}}]}}{sep}\n",
            i % 28 + 1
        ));
    }
    text.push_str("]}\n");
    let a = load(&text);
    assert_eq!(a.articles.len(), n);
    // Every article but the first has a duplicate id, and every one an unknown block.
    assert_eq!(a.problems.len(), 2 * n - 1);
    let last = problem(&a, &format!("/articles/{}/body/0/type", n - 1));
    assert_eq!(last.line, n + 1);
    assert_eq!(a.articles[n - 1].id, format!("dup-{n}"));
}

// ---------------------------------------------------------------------------
// Any input

mod any_input {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(vec![
                "id", "title", "date", "author", "topics", "tags", "series", "summary", "url",
                "language", "related", "body", "type", "text", "level", "cite", "src", "alt",
                "caption", "items", "ordered", "name", "role", "bio", "version", "articles",
            ])
            .prop_map(str::to_string),
            1 => "[a-z~/\u{1b}é ]{0,6}",
        ]
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            prop::sample::select(vec![
                "paragraph",
                "heading",
                "pullquote",
                "quote",
                "image",
                "list",
                "code",
                "rule",
                "2024-02-29",
                "2024-03-05T14:30:00+01:00",
                "",
                " ",
                "x\ty\r\nz",
            ])
            .prop_map(Value::from),
            "[a-zA-Z0-9 \u{1b}\u{202e}\u{200d}👩💻\n\t\r]{0,12}".prop_map(Value::from),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(6, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key(), inner), 0..6)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
            ]
        })
    }

    fn archive() -> impl Strategy<Value = Value> {
        let articles = || prop::collection::vec(value(), 0..6);
        prop_oneof![
            articles().prop_map(Value::Array),
            (articles(), value()).prop_map(|(a, title)| {
                let mut m = Map::new();
                m.insert("title".into(), title);
                m.insert("articles".into(), Value::Array(a));
                Value::Object(m)
            }),
            value(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn any_bytes_load_or_fail_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            let shown = match load_bytes("x.json", &bytes) {
                Ok(a) => a.articles.len().to_string(),
                Err(e) => e.to_string(),
            };
            let escape = shown.contains('\u{1b}');
            prop_assert!(!escape, "an escape in {:?}", shown);
        }

        #[test]
        fn any_json_loads_with_every_problem_placed(doc in archive(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&doc)
            } else {
                serde_json::to_string(&doc)
            };
            let text = match text {
                Ok(t) => t,
                Err(e) => panic!("{e}"),
            };
            let Ok(a) = load_str("x.json", &text) else {
                return Ok(());
            };
            for p in &a.problems {
                prop_assert!(p.line >= 1 && p.column >= 1, "unplaced {:?} in {}", p, text);
                prop_assert!(p.article.is_none_or(|i| i < a.articles.len()));
            }
            let mut order = a.order.clone();
            order.sort_unstable();
            prop_assert_eq!(order, (0..a.articles.len()).collect::<Vec<_>>());
            let mut ids: Vec<&str> = a.articles.iter().map(|x| x.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(ids.len(), a.articles.len(), "ids must be unique");
            for x in &a.articles {
                prop_assert!(!x.title.is_empty() && !x.title.contains('\n'));
                for r in &x.detail().related {
                    prop_assert!(r.target.is_none_or(|t| t < a.articles.len()));
                }
                for &t in &x.topics {
                    prop_assert!(t < a.topics.len());
                }
            }
        }
    }
}

#[test]
fn text_may_be_runs() {
    let a = load(
        r#"[{"id": "r", "title": "Runs", "body": [
            {"type": "paragraph", "text": [" Read ", {"text": "this", "style": "emphasis"},
                " and ", {"text": "that", "link": "https://x.example/"}, {"text": "!", "style": "loud"},
                42, {"style": "strong"}, "\tok "]},
            {"type": "list", "items": ["plain", [{"text": "code", "style": "code"}, " item"]]},
            {"type": "code", "text": ["  a\n", {"text": "    b", "style": "code"}]},
            {"type": "heading", "text": [{"text": "Big", "style": "strong"}]}
        ]}]"#,
    );
    let run = |text: &str, style: lektyr::archive::RunStyle| lektyr::archive::Run {
        text: text.into(),
        style,
    };
    use lektyr::archive::RunStyle::*;
    assert_eq!(
        a.articles[0].detail().body,
        vec![
            Block::Paragraph(Rich {
                runs: vec![
                    run("Read ", Plain),
                    run("this", Emphasis),
                    run(" and ", Plain),
                    run("that", Link("https://x.example/".into())),
                    run("! ok", Plain),
                ]
            }),
            Block::List {
                items: vec![
                    Rich::plain("plain"),
                    Rich {
                        runs: vec![run("code", Code), run(" item", Plain)]
                    }
                ],
                ordered: false
            },
            Block::Code("  a\n    b".into()),
            Block::Heading {
                level: 2,
                text: Rich {
                    runs: vec![run("Big", Strong)]
                }
            },
        ]
    );
    let problems: Vec<(&str, &str)> = a
        .problems
        .iter()
        .map(|p| (p.pointer.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                "/0/body/0/text/4",
                "unknown run style \"loud\"; shown plain; styles are emphasis, strong and code"
            ),
            (
                "/0/body/0/text/5",
                "a run should be text or an object with `text`; found the number 42; skipped"
            ),
            ("/0/body/0/text/6", "a run has no `text`; skipped"),
        ]
    );
    assert!(a.problems.iter().all(|p| p.line > 0));
}

#[test]
fn streaming_and_reading_whole_give_the_same_archive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bom = dir.path().join("bom.json");
    std::fs::write(&bom, "\u{feff}[{\"title\": \"With a byte-order mark\"}]").expect("write");
    let problems = dir.path().join("problems.json");
    std::fs::write(
        &problems,
        "{\"articles\": [{\"title\": \"a\", \"date\": \"yesterday\"}, 3, {\"id\": \"x\"}]}",
    )
    .expect("write");
    for path in [fixture("full.json"), bom, problems] {
        let whole = load_path(&path).expect("loads");
        let streamed = lektyr::archive::load_path_streaming(&path).expect("loads streamed");
        assert_eq!(whole.problems, streamed.problems, "{path:?}");
        assert_eq!(whole.order, streamed.order, "{path:?}");
        let titles = |a: &Archive| {
            a.articles
                .iter()
                .map(|x| x.title.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(&whole), titles(&streamed), "{path:?}");
        let bodies = |a: &Archive| {
            a.articles
                .iter()
                .map(|x| x.detail().body.blocks().to_vec())
                .collect::<Vec<_>>()
        };
        assert_eq!(bodies(&whole), bodies(&streamed), "{path:?}");
    }
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"articles\": [{\"title\": }]}").expect("write");
    assert_eq!(
        load_path(&bad).expect_err("bad").to_string(),
        lektyr::archive::load_path_streaming(&bad)
            .expect_err("bad")
            .to_string()
    );
}

/// An archive big enough to be cut into several pieces, whose strings hold
/// quotes, backslashes, brackets and commas (also across the reader's
/// 1 MiB chunks), and whose top level has keys before and after its
/// articles (`after` is written after them).
/// Text inside a JSON string that a cutter following only strings and
/// nesting could misread: escaped quotes, backslashes, brackets, braces,
/// commas and `\u` escapes (surrogate pairs too).
const JSON_TRAPS: [&str; 4] = [
    r#"a \"quoted\" word, "#,
    r"back\\slash ] } , ",
    r"tab\tnew\nline [ { ",
    r"\u00e5\u00e4\u00f6 \ud83d\ude00 ",
];

fn tricky_archive(n: usize, object: bool, after: &str) -> String {
    let mut articles = Vec::with_capacity(n);
    for i in 0..n {
        let mut text = String::new();
        for k in 0..(20 + i % 13) {
            text.push_str(match (i + k) % 7 {
                m @ 0..=3 => JSON_TRAPS[m],
                4 => "plain words and more words ",
                5 => r#"\"articles\": [ "#,
                _ => "åäö 東京 ",
            });
        }
        articles.push(format!(
            r#"{{"id":"t{i}","title":"Title {i} \"{}\"","date":"2024-{:02}-{:02}","topics":["a{}","b"],"body":["{text}",{{"type":"quote","text":"{text}","cite":"c, ]"}}],"extra":{{"articles":[1,2,{{"x":"]"}}]}}}}"#,
            i % 10,
            1 + i % 12,
            1 + i % 28,
            i % 5
        ));
    }
    let list = articles.join(",\n  ");
    if object {
        format!(
            "{{\"version\": 1, \"title\": \"articles\", \"note\": {{\"k\": [\"]\"]}},\n \"articles\": [\n  {list}\n ]{after}}}"
        )
    } else {
        format!("[\n  {list}\n]\n")
    }
}

#[test]
fn big_files_read_in_pieces_load_what_reading_them_whole_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        ("object.json", tricky_archive(3000, true, "")),
        (
            "object-after.json",
            tricky_archive(3000, true, ", \"trailing\": {\"a\": \"]\"}"),
        ),
        ("array.json", tricky_archive(3000, false, "")),
        // A problem late in the file keeps its pointer and position.
        (
            "problem.json",
            tricky_archive(3000, true, "").replacen(
                r#""date":"2024-01-21""#,
                r#""date":"not a date""#,
                1,
            ),
        ),
    ];
    for (name, text) in cases {
        assert!(text.len() > 3 << 20, "{name} spans several pieces");
        let path = dir.path().join(name);
        std::fs::write(&path, &text).expect("write");
        let whole = lektyr::archive::load_str(name, &text).expect("loads whole");
        let pieces = lektyr::archive::load_path_streaming(&path).expect("loads in pieces");
        assert_eq!(whole.title, pieces.title, "{name}");
        assert_eq!(whole.problems, pieces.problems, "{name}");
        assert_eq!(whole.order, pieces.order, "{name}");
        assert_eq!(whole.topics, pieces.topics, "{name}");
        assert_eq!(whole.articles.len(), pieces.articles.len(), "{name}");
        for (a, b) in whole.articles.iter().zip(&pieces.articles) {
            assert_eq!(
                (&a.id, &a.title, &a.date),
                (&b.id, &b.title, &b.date),
                "{name}"
            );
            assert_eq!(a.detail().body.blocks(), b.detail().body.blocks(), "{name}");
        }
    }
    // Broken files give the careful reader's message.
    for (name, text) in [
        (
            "comma.json",
            tricky_archive(3000, true, "").replacen("}\n ]", "},\n ]", 1),
        ),
        ("cut.json", {
            let t = tricky_archive(3000, true, "");
            t[..t.len() - 5].to_string()
        }),
        ("garbage.json", tricky_archive(3000, false, "") + "x"),
        // A form feed is space to Rust, not to JSON.
        ("form-feed.json", tricky_archive(3000, false, "") + "\u{c}"),
        // The array closed by a brace.
        (
            "brace.json",
            tricky_archive(3000, false, "").replacen("\n]\n", "\n}\n", 1),
        ),
        // Nothing but space may come before the top-level array.
        (
            "before.json",
            "x".to_string() + &tricky_archive(3000, false, ""),
        ),
        // A comma before the closing bracket, where a piece ends (after
        // an article longer than any piece).
        ("last-comma.json", {
            let t = tricky_archive(3000, false, "");
            let long = format!(
                ",\n  {{\"title\": \"Long\", \"body\": \"{}\"}},\n]\n",
                "word ".repeat(300_000)
            );
            t.replacen("\n]\n", &long, 1)
        }),
        (
            "version.json",
            tricky_archive(3000, true, ", \"version\": 2"),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).expect("write");
        assert_eq!(
            load_error(load_path(&path), name),
            load_error(lektyr::archive::load_path_streaming(&path), name),
            "{name}"
        );
    }
}

/// The message of a load that should fail (without printing a big archive
/// that loaded).
fn load_error(loaded: Result<Archive, lektyr::archive::LoadError>, name: &str) -> String {
    match loaded {
        Ok(a) => panic!(
            "{name} should not load; it has {} articles",
            a.articles.len()
        ),
        Err(e) => e.to_string(),
    }
}

#[test]
fn details_of_a_big_file_are_read_again_when_shown_and_a_changed_file_is_noticed() {
    // The generator's articles have authors, ledes, series, pull quotes and
    // related links by id, by title and to nothing.
    let text = generator::archive_text(generator::Shape::V1Large, 3000);
    assert!(text.len() > PIECES_FROM, "{} bytes", text.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.json");
    std::fs::write(&path, &text).expect("write");
    let whole = load_str("big.json", &text).expect("loads whole");
    let pieces = load_path_in_pieces(&path, Format::V1).expect("read in pieces");
    // Nothing but what the list shows is held after loading, and the list's
    // pull-quote marks are known without reading anything.
    assert!(
        pieces
            .articles
            .iter()
            .all(|a| a.detail_if_ready().is_none())
    );
    let marks: Vec<Option<bool>> = pieces
        .articles
        .iter()
        .map(Article::pullquote_known)
        .collect();
    let expected: Vec<Option<bool>> = whole
        .articles
        .iter()
        .map(|a| Some(a.has_pullquote()))
        .collect();
    assert_eq!(marks, expected);
    assert!(marks.contains(&Some(true)) && marks.contains(&Some(false)));
    // Search and the cache read a detail without keeping it.
    let url = pieces.articles[7].peek_detail(|d| d.url.clone());
    assert_eq!(url, whole.articles[7].detail().url);
    assert!(pieces.articles[7].detail_if_ready().is_none());
    // Read again, every detail is what reading whole gives, related links
    // settled to their targets.
    let related = whole
        .articles
        .iter()
        .filter(|a| !a.detail().related.is_empty())
        .count();
    assert!(related > 100, "{related} articles with related links");
    assert_same_archive(&whole, &pieces, "big.json");
    assert!(pieces.articles[7].detail_if_ready().is_some());

    // The file changes under the reader: what was not read yet says so.
    let pieces = load_path_in_pieces(&path, Format::V1).expect("read in pieces");
    std::fs::write(&path, text.replace("\"title\"", "\"Title\"")).expect("rewrite");
    let later = pieces.articles[8].detail();
    let said = format!("{:?}", later.body.blocks());
    assert!(said.contains("has changed since"), "{said}");
    assert!(later.author.is_none(), "{:?}", later.author);
}

// ---------------------------------------------------------------------------
// Big WordPress dumps, read in pieces

// The generator's `main` is not used here (its own tests run here too).
#[path = "../examples/gen_archive.rs"]
#[allow(dead_code, unused_imports)]
mod generator;

/// Files above this size are read in pieces when their format can be.
const PIECES_FROM: usize = 8 << 20;

/// A generated `wp/v2/posts?_embed` dump of `n` posts.
fn generated_wordpress(n: usize) -> String {
    generator::archive_text(generator::Shape::WordPress, n)
}

/// A WordPress dump of `n` posts above 8 MB whose strings hold escaped
/// quotes and backslashes, brackets, braces and commas, `\/` and `\u`
/// escapes (some across the reader's chunks), with problems here and
/// there: posts that are not objects, dates that do not parse, ids
/// repeated, missing or of the wrong type, posts without `_embedded`
/// (numeric topic ids, said once per file), and topics spelled in
/// another case in a later piece.
fn tricky_wordpress(n: usize) -> String {
    let mut posts = Vec::with_capacity(n);
    for i in 0..n {
        match i % 701 {
            // Not posts: skipped, each a problem of its own.
            350 => {
                posts.push(r#""a string ] with }, \"quotes\" and [ brackets""#.to_string());
                continue;
            }
            351 => {
                posts.push(r#"[1, {"title": {"rendered": "]"}}, "],"]"#.to_string());
                continue;
            }
            352 => {
                posts.push("42".to_string());
                continue;
            }
            353 => {
                posts.push("null".to_string());
                continue;
            }
            _ => {}
        }
        let mut content = String::from("<p>");
        for k in 0..(120 + i % 17) {
            content.push_str(match (i + k) % 9 {
                m @ 0..=3 => JSON_TRAPS[m],
                4 => r#"<a href=\"https:\/\/site.example\/a?b=1&amp;c=[2]\">link<\/a> "#,
                5 => r#"\"_embedded\": [ {\"id\": "#,
                6 => r"ends in a backslash \\",
                7 => "åäö 東京 plain words ",
                _ => r"<\/p><p>",
            });
        }
        content.push_str("</p>");
        let id = match i % 333 {
            5 => format!(r#""id":{},"#, 1000 + i - 1), // the previous post's
            6 => String::new(),                        // none: made from the title
            7 => r#""id":{"no": "]"},"#.to_string(),   // the wrong type
            _ => format!(r#""id":{},"#, 1000 + i),
        };
        let date = if i % 997 == 3 || i == n - 1 {
            "not a date".to_string()
        } else {
            format!(
                "20{:02}-{:02}-{:02}T10:{:02}:00",
                10 + i % 15,
                1 + i % 12,
                1 + i % 28,
                i % 60
            )
        };
        // A tag spelled in another case further on: the first spelling stays.
        let tag = if i < n / 2 {
            "Tag ] , \\\" K"
        } else {
            "TAG ] , \\\" k"
        };
        let topics = match i % 401 {
            // Numeric ids without names; the first says so for the file,
            // about `tags` (no categories), the later ones about `categories`.
            17 if i == 17 => r#""categories":[],"tags":[5,6]"#.to_string(),
            17 => r#""categories":[3],"tags":[5]"#.to_string(),
            _ => format!(
                r#""categories":[3],"tags":[5],"_embedded":{{"author":[{{"name":"Author {a} [\"x\"]","description":"Writes, [sometimes] \\ about {{this}}","link":"https:\/\/site.example\/author\/{a}\/"}}],"wp:term":[[{{"id":3,"name":"Category {c}","taxonomy":"category"}}],[{{"id":5,"name":"{tag}","taxonomy":"post_tag"}},{{"id":6,"name":"&amp; more {c}"}}]],"wp:featuredmedia":[{{"source_url":"https:\/\/site.example\/i\/{i}.jpg"}}]}}"#,
                a = i % 7,
                c = i % 11,
            ),
        };
        let title = if i % 501 == 9 {
            r#""title":5"#.to_string()
        } else {
            format!(r#""title":{{"rendered":"Title {i} &#8220;[quoted]&#8221; {{ \"x\" }} , \\"}}"#)
        };
        posts.push(format!(
            r#"{{{id}"date":"{date}","date_gmt":"{date}","guid":{{"rendered":"https:\/\/site.example\/?p={i}"}},"link":"\/{i}\/","modified":"]","slug":"post-{i}",{title},"content":{{"rendered":"{content}","protected":false}},"excerpt":{{"rendered":"<p>Excerpt {i} , ] [&hellip;]<\/p>"}},{topics},"jetpack-related-posts":[{{"id":{},"title":"Title {} ]"}},{{"title":"Nowhere ]"}}],"_links":{{"self":[{{"href":"https:\/\/site.example\/wp-json\/wp\/v2\/posts\/{i}"}}]}}}}"#,
            1000 + (i + 1) % n,
            (i + 3) % n,
        ));
    }
    // Commas and space between posts vary.
    let mut text = String::from("\n[");
    for (i, post) in posts.iter().enumerate() {
        if i > 0 {
            text.push_str(match i % 3 {
                0 => ",\n",
                1 => ",",
                _ => " ,\r\n\t",
            });
        }
        text.push_str(post);
    }
    text.push_str("]\n\n");
    text
}

/// Asserts that two loads of one archive are the same, article by article
/// (bodies and ledes compared as the HTML they are kept as).
fn assert_same_archive(whole: &Archive, pieces: &Archive, name: &str) {
    common::assert_same_list(whole, pieces, name);
    for (i, (a, b)) in whole.articles.iter().zip(&pieces.articles).enumerate() {
        assert_eq!(
            (&a.id, &a.title, &a.date, &a.topics, a.seed, a.fetch_failed),
            (&b.id, &b.title, &b.date, &b.topics, b.seed, b.fetch_failed),
            "{name}: article {i}"
        );
        let (x, y) = (a.detail(), b.detail());
        assert_eq!(
            (&x.author, &x.series, &x.url, &x.language, &x.related),
            (&y.author, &y.series, &y.url, &y.language, &y.related),
            "{name}: article {i}"
        );
        assert_eq!(x.summary.get(), y.summary.get(), "{name}: article {i}");
        assert_eq!(
            x.body.html_source(),
            y.body.html_source(),
            "{name}: article {i}"
        );
        assert_eq!(x.body.is_ready(), y.body.is_ready(), "{name}: article {i}");
        if i % 97 == 0 {
            // Converted in copies: the archives stay as loaded.
            assert_eq!(
                x.body.clone().into_blocks(),
                y.body.clone().into_blocks(),
                "{name}: article {i}"
            );
        }
    }
}

#[test]
fn big_wordpress_dumps_read_in_pieces_load_what_reading_them_whole_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generated = generated_wordpress(2700);
    let tricky = tricky_wordpress(2700);
    for (name, text) in [("generated.json", &generated), ("tricky.json", &tricky)] {
        assert!(text.len() > PIECES_FROM, "{name}: {} bytes", text.len());
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let whole = load_str(name, text).expect("loads whole");
        let pieces = load_path(&path).expect("loads");
        assert_eq!(pieces.format, Format::WordPress);
        assert_same_archive(&whole, &pieces, name);
        // That was read in pieces, not whole after giving up.
        let pieces = load_path_in_pieces(&path, Format::WordPress).expect("read in pieces");
        assert_same_archive(&whole, &pieces, name);
    }
    // What the tricky dump holds, as the whole text has it.
    let whole = load_str("tricky.json", &tricky).expect("loads");
    let told: Vec<&Problem> = whole
        .problems
        .iter()
        .filter(|p| p.message.contains("numeric ids"))
        .collect();
    assert_eq!(told.len(), 1, "said once per file");
    assert_eq!(told[0].pointer, "/17/tags");
    assert!(told[0].line > 0 && told[0].column > 0);
    assert_eq!(
        problem(&whole, "/350").message,
        "a post should be an object; found the text \"a string ] with }, \"quotes\" and [ brack…\"; \
         skipped"
    );
    for pointer in [
        "/351",
        "/352",
        "/1051",
        "/1754",
        "/3/date",
        "/1997/date",
        "/2699/date",
    ] {
        assert!(
            problem(&whole, pointer).line > 0,
            "{pointer} {:?}",
            problem(&whole, pointer)
        );
    }
    // A `null` is passed over without a word.
    assert!(!whole.problems.iter().any(|p| p.pointer == "/1755"));
    assert_eq!(
        whole.articles.len(),
        2700 - 4 * 4,
        "four of each kind of non-post"
    );
    let tag = whole.find_topic("tag ] , \" k").expect("the tag");
    assert_eq!(whole.topics[tag].name, "Tag ] , \" K");
    assert!(
        whole
            .problems
            .iter()
            .any(|p| p.message.contains("already used"))
    );
    assert!(whole.problems.len() > 20, "{:#?}", whole.problems);
}

#[test]
fn a_broken_big_wordpress_dump_gives_the_message_reading_it_whole_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = tricky_wordpress(2700);
    let late = good.rfind(r#""slug":"#).expect("a slug");
    let cut = (0..good.len() - 100)
        .rev()
        .find(|&k| good.is_char_boundary(k))
        .unwrap_or(0);
    let long_post = format!(
        r#",{{"id":1,"date_gmt":"2020-01-01T00:00:00","title":{{"rendered":"Long"}},"content":{{"rendered":"{}"}}}},]"#,
        "word ".repeat(300_000)
    );
    let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        // A syntax error near the end.
        ("syntax.json", {
            let mut t = good.clone();
            t.replace_range(late..late + 7, r#""slug" "#);
            t.into_bytes()
        }),
        ("cut.json", good[..cut].into()),
        ("garbage.json", (good.clone() + "x").into_bytes()),
        ("before.json", ("x".to_string() + &good).into_bytes()),
        // A comma before the closing bracket, where a piece ends (after a
        // post longer than any piece) and where it does not.
        (
            "last-comma.json",
            good.replacen("]\n\n", &long_post, 1).into_bytes(),
        ),
        ("comma.json", good.replacen("]\n\n", ",]", 1).into_bytes()),
        // Nested too deeply, in a field that is read, late in the file.
        ("deep.json", {
            let at = good.rfind(r#""categories":[3]"#).expect("categories") + 13;
            let mut t = good.clone();
            t.replace_range(at..at + 3, &deep);
            t.into_bytes()
        }),
        // A raw tab in a string, late in the file.
        ("control.json", {
            let at = good.rfind(r"tab\t").expect("a tab") + 3;
            let mut t = good.clone();
            t.replace_range(at..at + 2, "\t");
            t.into_bytes()
        }),
        ("not-utf8.json", {
            let mut t = good.clone().into_bytes();
            let at = good.rfind("plain words").expect("words");
            t[at] = 0xff;
            t
        }),
    ];
    for (name, bytes) in cases {
        assert!(bytes.len() > PIECES_FROM, "{name}");
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        // Told the format (not sniffed), reading in pieces is tried first,
        // and gives up: what it reads is never an error.
        let shown = path.display().to_string();
        let whole = load_error(load_bytes_as(&shown, &bytes, Some(Format::WordPress)), name);
        assert_eq!(
            load_error(load_path_as(&path, Some(Format::WordPress)), name),
            whole,
            "{name}"
        );
        if name == "syntax.json" {
            assert!(whole.contains("expected `:`"), "{whole}");
            assert_eq!(load_error(load_path(&path), name), whole);
        }
    }
    // Not errors, but not read in pieces either: a byte-order mark, and a
    // file that is one (very long) post.
    let one_post = {
        let start = good.find("{\"id\"").expect("a post");
        let end = good.find(r#",{"id":1001,"#).expect("the next post");
        good[start..end].replacen("<p>", &format!("<p>{}", "A long body. ".repeat(800_000)), 1)
    };
    for (name, text) in [
        ("bom.json", format!("\u{feff}{good}")),
        ("one.json", one_post),
    ] {
        assert!(text.len() > PIECES_FROM, "{name}");
        let path = dir.path().join(name);
        std::fs::write(&path, &text).expect("write");
        assert!(
            load_path_in_pieces(&path, Format::WordPress).is_none(),
            "{name}"
        );
        let whole = load_str(name, &text).expect("loads whole");
        let read = load_path_as(&path, Some(Format::WordPress)).expect("loads");
        assert_same_archive(&whole, &read, name);
    }
}

#[test]
fn a_big_file_broken_near_its_start_is_given_up_on_at_once() {
    // A broken piece near the start while many are still to come: the
    // threads reading ahead must stop, not wait on one another (a cutter
    // with a full queue once waited forever for parsers that had stopped).
    let dir = tempfile::tempdir().expect("temp dir");
    // Past 8 MB, so that the reader cuts them into pieces.
    let big = |make: &dyn Fn(usize) -> String| {
        let mut n = 3000;
        loop {
            let text = make(n);
            if text.len() > 9 << 20 {
                return text;
            }
            n *= 2;
        }
    };
    let files = [
        ("v1", big(&|n| tricky_archive(n, true, ""))),
        ("wordpress", big(&tricky_wordpress)),
    ];
    for (name, good) in files {
        assert!(
            good.len() > 8 << 20,
            "{name}: big enough to be read in pieces"
        );
        // Inside a string a little way in, past the first piece.
        let at = good[good.len() / 20..]
            .find("word")
            .map(|i| i + good.len() / 20)
            .expect("a word");
        let broken: [(&str, Vec<u8>); 2] = [
            ("not UTF-8", {
                let mut b = good.clone().into_bytes();
                b[at] = 0xff;
                b
            }),
            ("syntax", {
                let mut t = good.clone();
                t.replace_range(at..at + 4, "\"}:,");
                t.into_bytes()
            }),
        ];
        for (what, bytes) in broken {
            let path = dir.path().join(format!("{name}-{what}.json"));
            std::fs::write(&path, &bytes).expect("write");
            let whole = load_bytes(&path.display().to_string(), &bytes)
                .map(|_| ())
                .map_err(|e| e.to_string());
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = tx.send(load_path(&path).map(|_| ()).map_err(|e| e.to_string()));
            });
            // Far longer than the load takes: only a load that never ends
            // runs into it.
            let got = rx
                .recv_timeout(std::time::Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("{name}, {what}: the load never ended"));
            assert!(got.is_err(), "{name}, {what}: broken, so not loaded");
            assert_eq!(
                got, whole,
                "{name}, {what}: the message reading whole gives"
            );
        }
    }
}

#[test]
fn nesting_127_levels_deep_loads_and_128_is_refused_in_a_small_file_and_a_big_one() {
    // Levels counted from the file's outermost object or array: the
    // deepest article's body holds the rest of them.
    let archive = |object: bool, levels: usize, filler: usize| -> String {
        let inner = levels - if object { 3 } else { 2 };
        let deep = format!(
            r#"{{"id":"deep","title":"Deep","body":{}{}}}"#,
            "[".repeat(inner),
            "]".repeat(inner)
        );
        let text = "x".repeat(3000);
        let articles: Vec<String> = (0..filler)
            .map(|i| format!(r#"{{"id":"a{i}","title":"T{i}","body":["{text}"]}}"#))
            .chain([deep])
            .collect();
        let articles = articles.join(",");
        if object {
            format!(r#"{{"articles":[{articles}]}}"#)
        } else {
            format!("[{articles}]")
        }
    };
    let dir = tempfile::tempdir().expect("temp dir");
    for object in [true, false] {
        // A big file is read in pieces, each parsed from its own `[`.
        for (filler, big) in [(0, false), (3000, true)] {
            for levels in [127, 128] {
                let text = archive(object, levels, filler);
                assert_eq!(text.len() > PIECES_FROM, big, "{} bytes", text.len());
                let what = format!("object {object}, big {big}, {levels} levels");
                let path = dir.path().join("deep.json");
                std::fs::write(&path, &text).expect("write");
                match (levels, load_path(&path)) {
                    (127, Ok(a)) => {
                        assert_eq!(a.articles.len(), filler + 1, "{what}");
                        // Read in pieces: details are left in the file.
                        assert_eq!(a.articles[0].detail_if_ready().is_none(), big, "{what}");
                    }
                    (128, Err(e)) => {
                        assert!(
                            matches!(e.kind(), LoadErrorKind::TooDeep { .. }),
                            "{what}: {e}"
                        );
                        assert!(e.to_string().contains("at most 127 levels"), "{what}: {e}");
                    }
                    (_, got) => panic!("{what}: {:?}", got.map(|a| a.articles.len())),
                }
            }
        }
    }
}
