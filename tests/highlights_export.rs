//! `lektyr highlights`: the reader's highlights, put in a state file
//! through the library as the reader keeps them, exported as Markdown (a
//! snapshot), as notes in a folder (run twice, edited by the user between
//! runs), and as W3C Web Annotations; links with text fragments, the
//! topic and search filters, and a quote no longer in the text.

use std::path::{Path, PathBuf};

use lektyr::archive::Highlight;
use lektyr::cli::{load, open_state};

mod common;
use common::lektyr;

/// An archive with a repeated sentence, a long one, characters a text
/// fragment must escape, two articles of one title (one without a URL),
/// and an article without highlights.
const ARCHIVE: &str = r##"{
  "version": 1,
  "title": "Field notes",
  "articles": [
    {
      "id": "fast",
      "title": "Fast, cheap & good",
      "date": "2024-03-05",
      "author": "Ada Lind",
      "topics": ["Rust", "Design"],
      "url": "https://example.org/fast?x=1#top",
      "body": "Pick two - fast, cheap & good.\n\nThe long way round takes a while; the long way round is the only one that teaches anything worth knowing at all.\n\nWe said it twice. We said it twice."
    },
    {
      "id": "notes-1",
      "title": "Notes",
      "date": "2024-03-04",
      "topics": ["Design"],
      "body": "Plain words here."
    },
    {
      "id": "notes-2",
      "title": "Notes",
      "date": "2024-03-03",
      "topics": ["Rust"],
      "url": "https://example.org/notes",
      "body": "Malmö is a city. Ställ frågor."
    },
    {
      "id": "none",
      "title": "No highlights",
      "date": "2024-03-02",
      "topics": ["Rust"],
      "body": "Nothing to see."
    }
  ]
}"##;

/// A highlight made on 2024-03-05 at 09:15 UTC.
fn mark(id: &str, quote: &str, prefix: &str, note: Option<&str>) -> Highlight {
    Highlight {
        id: id.into(),
        quote: quote.into(),
        prefix: prefix.into(),
        note: note.map(str::to_string),
        created: 1_709_630_100_000,
        ..Highlight::default()
    }
}

/// The archive in a temp dir, and a state dir beside it.
struct Setup {
    _dir: tempfile::TempDir,
    archive: PathBuf,
    state: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().expect("temp dir");
        let archive = dir.path().join("highlights.json");
        std::fs::write(&archive, ARCHIVE).expect("archive written");
        let state = dir.path().join("state");
        let setup = Setup {
            _dir: dir,
            archive,
            state,
        };
        setup.save(&[
            (
                "fast",
                mark(
                    "h1",
                    "Pick two - fast, cheap & good.",
                    "",
                    Some("# Which two?\n<!-- /lektyr:highlights -->\nAll three, said nobody."),
                ),
            ),
            (
                "fast",
                mark(
                    "h2",
                    "The long way round takes a while; the long way round is the only one that teaches anything worth knowing at all.",
                    "",
                    None,
                ),
            ),
            (
                "fast",
                mark("h3", "We said it twice.", "We said it twice. ", Some("Again.")),
            ),
            (
                "fast",
                mark("h4", "A sentence that is not there", "", Some("Lost.")),
            ),
            ("notes-1", mark("h1", "Plain words", "", None)),
            (
                "notes-2",
                mark("h1", "Malmö is a city.\nStäll frågor.", "", Some("Visit.")),
            ),
        ]);
        let mut gone = mark("h5", "Pick two", "", None);
        gone.deleted = true;
        setup.save(&[("fast", gone)]);
        setup
    }

    /// Stores the reader's highlights as the reader does: through the
    /// state file of this archive in the state dir.
    fn save(&self, highlights: &[(&str, Highlight)]) {
        let loaded = load(Some(&self.archive), None, None).expect("archive loads");
        let mut opened = open_state(&loaded.archive, Some(&self.archive), &self.state);
        assert!(opened.warnings.is_empty(), "{:?}", opened.warnings);
        for (article, h) in highlights {
            opened
                .state
                .set_highlight(article, h.clone(), 1_709_640_000_000);
        }
        opened.store.save(&opened.state).expect("state saved");
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        lektyr()
            .arg("highlights")
            .arg(&self.archive)
            .arg("--state-dir")
            .arg(&self.state)
            .args(args)
            .assert()
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self.run(args).success().get_output().stdout.clone();
        String::from_utf8(out).expect("UTF-8")
    }
}

#[test]
fn markdown_groups_highlights_by_article() {
    let s = Setup::new();
    let text = s.stdout(&[]);
    insta::assert_snapshot!("markdown", text);
    // In list order, only articles with highlights, the deleted one gone.
    let fast = text.find("## Fast, cheap & good").expect("fast");
    let notes = text.find("## Notes").expect("notes");
    assert!(fast < notes, "{text}");
    assert_eq!(text.matches("\n## Notes\n").count(), 2, "{text}");
    assert!(!text.contains("No highlights"), "{text}");
    assert!(!text.contains("> Pick two\n"), "{text}");
    // A multi-line quote keeps every line quoted.
    assert!(
        text.contains("> Malmö is a city.\n> Ställ frågor.\n"),
        "{text}"
    );
    // A note cannot close lektyr's block or make a heading.
    assert!(!text.lines().any(|l| l == "<!-- /lektyr:highlights -->"));
    assert!(text.contains("\n\\# Which two?\n"), "{text}");
}

#[test]
fn links_carry_escaped_text_fragments() {
    let s = Setup::new();
    let text = s.stdout(&[]);
    let base = "(https://example.org/fast?x=1#:~:text=";
    // `-`, `,`, `&` and spaces escaped in the term; the URL's own #top gone.
    assert!(
        text.contains(&format!(
            "{base}Pick%20two%20%2D%20fast%2C%20cheap%20%26%20good.)"
        )),
        "{text}"
    );
    let links: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("[Open in the article]("))
        .collect();
    assert_eq!(links.len(), 5, "{text}");
    assert!(links.iter().all(|l| !l.contains("#top")), "{text}");
    // A long quote by its ends.
    assert!(
        text.contains(&format!(
            "{base}The%20long%20way%20round,worth%20knowing%20at%20all.)"
        )),
        "{text}"
    );
    // A repeated one with its context.
    assert!(
        text.contains(&format!(
            "{base}said%20it%20twice.-,We%20said%20it%20twice.)"
        )),
        "{text}"
    );
    // Non-ASCII as UTF-8; two blocks' lines a range.
    assert!(
        text.contains("(https://example.org/notes#:~:text=Malm%C3%B6%20is%20a%20city.%20St%C3%A4ll%20fr%C3%A5gor.)"),
        "{text}"
    );
    // No URL, no link.
    let plain = text.split("> Plain words").nth(1).expect("plain words");
    let until_next = plain.split("\n## ").next().unwrap_or("");
    assert!(!until_next.contains("Open in the article"), "{text}");
}

#[test]
fn a_quote_not_in_the_text_is_still_printed_as_such() {
    let s = Setup::new();
    let text = s.stdout(&[]);
    let lost = text
        .split("> A sentence that is not there\n")
        .nth(1)
        .expect("printed");
    let under = lost.split("\n\n").find(|p| !p.is_empty()).unwrap_or("");
    assert!(under.ends_with("(not found in the text)"), "{under}");
    assert_eq!(text.matches("(not found in the text)").count(), 1, "{text}");
    let json: serde_json::Value = serde_json::from_str(&s.stdout(&["--json"])).expect("JSON");
    let found: Vec<bool> = json
        .as_array()
        .expect("array")
        .iter()
        .filter(|a| a["lektyr"]["article"] == "fast")
        .map(|a| a["lektyr"]["found"].as_bool().expect("found"))
        .collect();
    assert_eq!(found, [true, true, true, false]);
}

#[test]
fn json_is_shaped_as_web_annotations() {
    let s = Setup::new();
    let json: serde_json::Value = serde_json::from_str(&s.stdout(&["--json"])).expect("JSON");
    let list = json.as_array().expect("an array");
    assert_eq!(list.len(), 6);
    for a in list {
        assert_eq!(a["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(a["type"], "Annotation");
        assert!(a["id"].as_str().is_some_and(|id| id.starts_with("lektyr:")));
        assert_eq!(a["created"], "2024-03-05T09:15:00Z");
        assert_eq!(a["modified"], "2024-03-05T12:00:00Z");
        assert_eq!(a["target"]["selector"]["type"], "TextQuoteSelector");
        assert!(a["target"]["selector"]["exact"].is_string());
    }
    let first = &list[0];
    assert_eq!(
        first["target"]["source"],
        "https://example.org/fast?x=1#top"
    );
    assert_eq!(
        first["target"]["selector"]["exact"],
        "Pick two - fast, cheap & good."
    );
    assert_eq!(first["body"]["type"], "TextualBody");
    assert_eq!(first["body"]["format"], "text/plain");
    assert!(
        first["body"]["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("# Which two?"))
    );
    assert_eq!(first["motivation"], "commenting");
    assert_eq!(first["lektyr"]["article"], "fast");
    assert_eq!(first["lektyr"]["highlight"], "h1");
    assert_eq!(first["lektyr"]["found"], true);
    assert!(
        first["lektyr"]["link"]
            .as_str()
            .is_some_and(|l| l.contains("#:~:text="))
    );
    // A highlight without a note has no body.
    let long = &list[1];
    assert!(long.get("body").is_none(), "{long}");
    assert_eq!(long["motivation"], "highlighting");
    // The repeated quote's selector keeps its context.
    assert_eq!(
        list[2]["target"]["selector"]["prefix"],
        "We said it twice. "
    );
    // An article without a URL is named inside its archive.
    let plain = list
        .iter()
        .find(|a| a["lektyr"]["article"] == "notes-1")
        .expect("notes-1");
    assert_eq!(plain["target"]["source"], "lektyr:highlights.json#notes-1");
    assert_eq!(plain["id"], "lektyr:highlights.json#notes-1/h1");
}

#[test]
fn topic_and_search_filter_as_list_does() {
    let s = Setup::new();
    let design = s.stdout(&["--topic", "design"]);
    assert!(design.contains("## Fast, cheap & good"), "{design}");
    assert!(design.contains("> Plain words"), "{design}");
    assert!(!design.contains("Malmö"), "{design}");
    let rust = s.stdout(&["--topic", "Rust", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&rust).expect("JSON");
    let articles: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|a| a["lektyr"]["article"].as_str())
        .collect();
    assert_eq!(articles, ["fast", "fast", "fast", "fast", "notes-2"]);
    let found = s.stdout(&["--search", "frågor"]);
    assert!(
        found.contains("Malmö") && !found.contains("Pick two"),
        "{found}"
    );
    s.run(&["--search", "nowhere"]).code(1);
    let refused = s.run(&["--topic", "nosuch"]).code(2).get_output().clone();
    let said = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert!(said.contains("no article has this topic"), "{said}");
}

/// Every file in `dir`, by name, with its text.
fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("out dir")
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).expect("a text file"),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn notes_are_updated_in_place_and_keep_the_users_text() {
    let s = Setup::new();
    let out = tempfile::tempdir().expect("out dir");
    let dir = out.path().join("notes");
    let dir_arg = dir.to_str().expect("UTF-8 path");
    let first = s.run(&["--out", dir_arg]).success().get_output().clone();
    assert!(first.stdout.is_empty());
    let said = String::from_utf8_lossy(&first.stderr).into_owned();
    assert!(said.contains("3 written, 0 updated, 0 unchanged"), "{said}");
    let written = files(&dir);
    let names: Vec<&str> = written.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    // One title, two articles: two files, apart by the hash of the id.
    let notes: Vec<&&str> = names.iter().filter(|n| n.starts_with("notes-")).collect();
    assert_eq!(notes.len(), 2, "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("fast-cheap-good-")));
    assert!(names.iter().all(|n| {
        n.ends_with(".md")
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    }));
    let (fast_name, fast) = written
        .iter()
        .find(|(n, _)| n.starts_with("fast-"))
        .expect("fast");
    assert!(
        fast.starts_with(
            "---\ntitle: \"Fast, cheap & good\"\nauthor: \"Ada Lind\"\ndate: 2024-03-05\n\
             url: \"https://example.org/fast?x=1#top\"\ntopics:\n  - \"Rust\"\n  - \"Design\"\n\
             tags:\n  - \"rust\"\n  - \"design\"\naliases:\n  - \"Fast, cheap & good\"\n\
             lektyr_id: \"fast\"\n---\n\n<!-- lektyr:highlights -->\n# Fast, cheap & good\n"
        ),
        "{fast}"
    );
    assert!(fast.ends_with("<!-- /lektyr:highlights -->\n"), "{fast}");
    // The note that holds the closing marker's text does not close it.
    let closing = fast
        .lines()
        .filter(|l| *l == "<!-- /lektyr:highlights -->")
        .count();
    assert_eq!(closing, 1, "{fast}");

    // Again: nothing changes, byte for byte.
    let second = s.run(&["--out", dir_arg]).success().get_output().clone();
    let said = String::from_utf8_lossy(&second.stderr).into_owned();
    assert!(said.contains("0 written, 0 updated, 3 unchanged"), "{said}");
    assert_eq!(files(&dir), written);

    // The user writes above and below lektyr's block and adds a key; the
    // reader changes a note.
    let path = dir.join(fast_name);
    let edited = fast.replace("lektyr_id:", "rating: 5\nlektyr_id:").replace(
        "<!-- lektyr:highlights -->",
        "My thoughts before.\n\n<!-- lektyr:highlights -->",
    ) + "\n## Later\n\nMy thoughts after.\n";
    std::fs::write(&path, &edited).expect("edited");
    s.save(&[(
        "fast",
        mark(
            "h3",
            "We said it twice.",
            "We said it twice. ",
            Some("Changed note."),
        ),
    )]);
    let third = s.run(&["--out", dir_arg]).success().get_output().clone();
    let said = String::from_utf8_lossy(&third.stderr).into_owned();
    assert!(said.contains("0 written, 1 updated, 2 unchanged"), "{said}");
    let now = std::fs::read_to_string(&path).expect("note");
    assert!(now.contains("rating: 5\n"), "{now}");
    assert!(
        now.contains("\n---\n\nMy thoughts before.\n\n<!-- lektyr:highlights -->\n# Fast"),
        "{now}"
    );
    assert!(
        now.ends_with("<!-- /lektyr:highlights -->\n\n## Later\n\nMy thoughts after.\n"),
        "{now}"
    );
    assert!(
        now.contains("\nChanged note.\n") && !now.contains("\nAgain.\n"),
        "{now}"
    );
    assert_eq!(
        now.matches("<!-- lektyr:highlights -->").count(),
        1,
        "{now}"
    );
    assert_eq!(files(&dir).len(), 3);

    // A note the user renamed is still the article's: updated, not doubled.
    let renamed = dir.join("my fast note.md");
    std::fs::rename(&path, &renamed).expect("renamed");
    s.save(&[(
        "fast",
        mark(
            "h3",
            "We said it twice.",
            "We said it twice. ",
            Some("Third note."),
        ),
    )]);
    let fourth = s.run(&["--out", dir_arg]).success().get_output().clone();
    let said = String::from_utf8_lossy(&fourth.stderr).into_owned();
    assert!(said.contains("0 written, 1 updated, 2 unchanged"), "{said}");
    assert_eq!(files(&dir).len(), 3);
    let now = std::fs::read_to_string(&renamed).expect("renamed note");
    assert!(
        now.contains("\nThird note.\n") && now.contains("My thoughts after."),
        "{now}"
    );

    // The only highlight of an article deleted: its note says so.
    let mut gone = mark("h1", "Plain words", "", None);
    gone.deleted = true;
    s.save(&[("notes-1", gone)]);
    let fifth = s.run(&["--out", dir_arg]).success().get_output().clone();
    let said = String::from_utf8_lossy(&fifth.stderr).into_owned();
    assert!(said.contains("0 written, 1 updated, 2 unchanged"), "{said}");
    let (_, plain) = files(&dir)
        .into_iter()
        .find(|(_, t)| t.contains("lektyr_id: \"notes-1\""))
        .expect("notes-1's note");
    assert!(
        plain.contains("\nNo highlights.\n") && !plain.contains("Plain words"),
        "{plain}"
    );
}

#[test]
fn a_note_whose_block_is_not_closed_is_left_alone_and_named() {
    let s = Setup::new();
    let out = tempfile::tempdir().expect("out dir");
    let dir_arg = out.path().to_str().expect("UTF-8 path");
    s.run(&["--out", dir_arg]).success();
    let (name, text) = files(out.path())
        .into_iter()
        .find(|(n, _)| n.starts_with("fast-"))
        .expect("fast");
    let broken = text.replace("<!-- /lektyr:highlights -->", "");
    std::fs::write(out.path().join(&name), &broken).expect("broken");
    let failed = s.run(&["--out", dir_arg]).code(2).get_output().clone();
    let said = String::from_utf8_lossy(&failed.stderr).into_owned();
    assert!(
        said.contains(&name) && said.contains("never closed"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join(&name)).expect("note"),
        broken
    );
}
