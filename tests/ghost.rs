//! Ghost exports through the command line: a 5.x export (`db`), a 0.x
//! import file (`meta` and `data`), `--pages`, and an export full of the
//! site's secrets, none of which may reach any output or the cache.

mod common;

use std::path::{Path, PathBuf};

use common::{lektyr, test_cache_dir};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ghost")
        .join(name)
}

fn stdout(args: &[&str]) -> String {
    let out = lektyr().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "lektyr {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

#[test]
fn an_export_lists_its_posts_with_drafts_and_scheduled_ones_marked() {
    let list = stdout(&["list", &path("export-5.json")]);
    assert_eq!(
        list,
        "65f1a2b3c4d5e6f708091a06\t2024-06-14\t[scheduled] Summer closing\t\n\
         65f1a2b3c4d5e6f708091a05\t2024-03-18\t[draft] Vårens kurs i stolsbygge\t\n\
         65f1a2b3c4d5e6f708091a02\t2024-03-01\tSå oljar du en ekskiva\tYtbehandling, Möbler\n\
         65f1a2b3c4d5e6f708091a01\t2024-01-12\tEtt bord för tjugo år\tMöbler\n\
         3\t2023-11-21\tWhy our lead time is eight weeks\tWorkshop\n\
         65f1a2b3c4d5e6f708091a04\t2023-09-29\tAnteckningar från mässan i Jönköping\tWorkshop\n"
    );
}

#[test]
fn an_import_file_of_ghost_0x_lists_its_posts() {
    let list = stdout(&["list", &path("import-0.json")]);
    assert_eq!(
        list,
        "6\t2016-05-07\t[scheduled] Öppet hus i maj\t\n\
         5\t2016-01-05\t[draft] Prislista 2016\t\n\
         4\t2016-01-01\tKaffe och kvistar\tVerkstaden\n\
         3\t2015-06-12\tHyvelbänken vi byggde själva\tVerkstaden, Verktyg\n\
         2\t2015-02-11\tSharpening chisels, the short version\tVerktyg\n\
         1\t2014-05-06\tVälkommen till verkstadens blogg\tVerkstaden\n"
    );
}

#[test]
fn both_forms_are_told_from_their_keys_and_check_clean() {
    for (name, articles) in [
        ("export-5.json", 6),
        ("import-0.json", 6),
        ("secrets.json", 2),
    ] {
        let said = stdout(&["check", &path(name)]);
        assert!(
            said.ends_with(&format!(
                "no problems ({articles} articles; read as Ghost export)\n"
            )),
            "{said}"
        );
    }
    // Named, too.
    let list = stdout(&["list", "--format", "ghost", &path("import-0.json")]);
    assert_eq!(list.lines().count(), 6);
}

#[test]
fn pages_are_read_only_with_pages_and_cached_apart() {
    for (name, page) in [("export-5.json", "Om oss"), ("import-0.json", "Kontakt")] {
        let file = path(name);
        let without = stdout(&["list", &file]);
        assert!(!without.contains(page), "{without}");
        // Read from the cache the second time; the pages must still come.
        for _ in 0..2 {
            let with = stdout(&["list", "--pages", &file]);
            assert!(with.contains(&format!("\t{page}\t")), "{with}");
            assert_eq!(with.lines().count(), without.lines().count() + 1);
        }
        assert_eq!(stdout(&["list", &file]), without);
    }
    // Every command that reads an archive takes it, before its name too.
    let import = path("import-0.json");
    let missing = lektyr()
        .args(["show", &import, "7"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    let page = stdout(&["show", "--pages", "--width", "60", &import, "7"]);
    assert!(page.starts_with("Kontakt\n"), "{page}");
    let listed = stdout(&["--pages", "list", &import]);
    assert!(listed.contains("\tKontakt\t"), "{listed}");
    let screen = stdout(&["snapshot", "--pages", "--size", "80x12", &import]);
    assert!(screen.contains("Articles 7/7"), "{screen}");
}

#[test]
fn internal_tags_are_left_out() {
    for name in ["export-5.json", "import-0.json"] {
        let topics = stdout(&["topics", &path(name)]);
        assert!(!topics.contains('#'), "{topics}");
        assert!(!topics.contains("Startsida"), "{topics}");
        assert!(
            topics.contains("Verk") || topics.contains("Möbler"),
            "{topics}"
        );
    }
}

#[test]
fn html_feature_image_excerpt_and_first_author_show() {
    let shown = stdout(&[
        "show",
        "--width",
        "70",
        &path("export-5.json"),
        "65f1a2b3c4d5e6f708091a01",
    ]);
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[0], "Ett bord för tjugo år");
    // posts_authors: Maja has sort_order 0, though listed second.
    assert_eq!(lines[1], "2024-01-12 · Maja Lindqvist · 1 min read");
    assert_eq!(lines[2], "# Möbler");
    assert!(shown.contains(
        "  Massiv ek, inga genvägar: så bygger vi ett matbord som håller.\n\n\
         ▣ Image: Ett långt ekbord med åtta stolar\n  Foto: Anna Berg\n\n\
         Ett bord ska tåla barn"
    ));
    assert!(
        shown.contains("Maja Lindqvist\nSnickare och delägare. Skriver om ek, ask och tålamod.")
    );
    assert!(!shown.contains("__GHOST_URL__"), "{shown}");
}

#[test]
fn lexical_mobiledoc_and_markdown_bodies_show() {
    let export = path("export-5.json");
    let lexical = stdout(&["show", "--width", "70", &export, "65f1a2b3c4d5e6f708091a02"]);
    for part in [
        "Tre steg\n────────",
        "1. Slipa med korn 180, sedan 240.",
        "3. Upprepa tre gånger med ett dygns mellanrum.",
        "│ Trasor med linolja kan självantända.",
        "  olja: 3 lager\n  väntetid: 24 h",
        "▣ Image: Ett oljat ekbord i verkstaden\n  Bordet efter tredje lagret",
        "Frågor? Skriv till oss[1].",
    ] {
        assert!(lexical.contains(part), "{part:?} not in:\n{lexical}");
    }
    let mobiledoc = stdout(&["show", "--width", "70", &export, "3"]);
    for part in [
        "https://tallbacken.example/en/lead-times/",
        "Why it takes eight weeks\n────",
        "• Joinery is done by hand.",
        "▣ Image: Virke på tork\n  Oak drying in the loft",
        "Line one\nline two, with a link[1]",
        "Johan Ek\nHandles orders",
    ] {
        assert!(mobiledoc.contains(part), "{part:?} not in:\n{mobiledoc}");
    }
    let markdown = stdout(&["show", "--width", "70", &export, "65f1a2b3c4d5e6f708091a04"]);
    assert!(
        markdown.contains("Vi stod i monter B12 i tre dagar."),
        "{markdown}"
    );
    assert!(markdown.contains("• Flest frågor om ask."), "{markdown}");

    let import = path("import-0.json");
    let md_only = stdout(&["show", "--width", "70", &import, "2"]);
    assert!(md_only.contains("1. 1000 grit"), "{md_only}");
    assert!(md_only.contains("  angle = 30°"), "{md_only}");
    assert!(md_only.contains("Johan Ek"), "author_id 2: {md_only}");
    let card_markdown = stdout(&["show", "--width", "70", &import, "3"]);
    assert!(card_markdown.contains("Ritningen finns på väggen i verkstaden."));
    assert!(card_markdown.contains("  Bok, 140 kilo och en vinter."));
    let lexical = stdout(&["show", "--width", "70", &import, "4"]);
    assert!(lexical.contains("Varje fredag bjuder vi på kaffe i verkstaden."));
    let first = stdout(&["show", "--width", "70", &import, "1"]);
    assert!(first.contains("▣ Image: Verkstaden en vintermorgon\n  Verkstaden i januari"));
    assert!(first.starts_with("Välkommen till verkstadens blogg\n2014-05-06 · Maja Lindqvist"));
}

#[test]
fn bad_input_is_named_by_file_and_pointer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"db": [{"data": {
  "posts": [
    {"id": "a1", "title": "Fint", "html": "<p>ok</p>", "published_at": 1e30},
    {"id": "a2", "title": "Utkast", "lexical": "{\"root\": [", "status": "draft"},
    "ett inlägg?"
  ],
  "tags": [{"id": "t", "name": "T"}, 12]
}}]}"#,
    )
    .expect("written");
    let out = lektyr().arg("check").arg(&bad).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8(out.stdout).expect("UTF-8");
    let name = bad.display().to_string();
    for line in [
        format!("{name}:3:72: /db/0/data/posts/0/published_at: `published_at` should be a date"),
        format!("{name}:4:48: /db/0/data/posts/1/lexical: `lexical` is not a document"),
        format!("{name}:5:5: /db/0/data/posts/2: a post should be an object"),
        format!("{name}:7:38: /db/0/data/tags/1: a tag should be an object"),
    ] {
        assert!(said.contains(&line), "{line:?} not in:\n{said}");
    }

    let wrong = dir.path().join("wrong.json");
    std::fs::write(&wrong, r#"{"db": {"data": {}}}"#).expect("written");
    let out = lektyr().arg("list").arg(&wrong).output().expect("runs");
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(!out.status.success());
    assert!(
        err.contains(&format!(
            "{}:1:8: not an archive: found `db` as an object",
            wrong.display()
        )),
        "{err}"
    );
}

/// The made-up secrets of `secrets.json`: password hashes, e-mail
/// addresses of staff and members, API keys, session and mail secrets, a
/// private key, tokens. The last but one is a setting's value written
/// before its key.
const SECRETS: [&str; 21] = [
    "$2a$10$Ts9Rq8Po7Nm6Lk5Ji4Hg3.Fe2Dc1Ba0ZyXwVuTsRqPoNmLkJiHgFe",
    "$2a$10$u7Y6t5R4e3W2q1A0s9D8f.G7h6J5k4L3z2X1c0V9b8N7m6Q5w4E3r",
    "maja.lindqvist@tallbacken.example",
    "johan.ek.privat@posten.example",
    "kund.karlsson@mejl.example",
    "e.nilsson1987@brev.example",
    "ny.redaktor@tallbacken.example",
    "styrelsen@intern.example",
    "c4f9e2a7b1d8c3e6f0a5b9d2e7c1f4a8b3d6e9f2a5c8b1e4d7f0a3c6b9e2d5f8",
    "8d1e4f7a0b3c6d9e2f5a8b1c4d7e0f3a6b9c2d5e8f1a4b7c0d3e6f9a2b5c8d1e",
    "1f0e9d8c-7b6a-4594-8372-a1b0c9d8e7f6",
    "5b8e1d4a7c0f3e6b9d2a5c8f1e4b7d0a3c6f9e2b5d8a1c4f7e0b3d6a9c2f5e8b",
    "e3b6d9a2c5f8e1b4d7a0c3f6e9b2d5a8c1f4e7b0d3a6c9f2e5b8d1a4c7f0e3b6",
    "a7d0c3f6e9b2d5a8c1f4e7b0d3a6c9f2e5b8d1a4c7f0e3b6d9a2c5f8e1b4d7a0",
    "mg-fake-3f6a9c2e5b8d1f4a7c0e3b6d",
    "sk_test_51TallbackenFakeKey0000aBcDeFgHiJ",
    "MIICXAIBAAKBgQC7vbqajDw4o6gJy8UtmIbkcpnkO3Kwc4qsEnSZp/TR+fQi62F7",
    "q9W8e7R6t5Y4u3I2o1P0a9S8d7F6g5H4j3K2l1Z0x9C8v7B6n5M4",
    "aW52aXRlLXRva2VuLWZvci1uZXctZWRpdG9yLTIwMjQ=",
    "tidig-hemlighet-4f8e2a6c",
    "9f2c5e8b1d4a7f0c3e6b9d2a5f8c1e4b",
];

/// Parts of the secrets that would show even if a secret were cut short,
/// escaped or wrapped: a hash's salt, a mail's local part, a key's head.
fn leaks(output: &[u8]) -> Vec<&'static str> {
    let text = String::from_utf8_lossy(output);
    SECRETS
        .iter()
        .copied()
        .filter(|s| {
            let head: String = s.chars().take(14).collect();
            let local = s.split('@').next().unwrap_or(s);
            text.contains(s) || text.contains(&head) || (s.contains('@') && text.contains(local))
        })
        .collect()
}

#[test]
fn no_secret_of_the_export_reaches_any_output_or_the_cache() {
    let file = path("secrets.json");
    let raw = std::fs::read(&file).expect("the fixture");
    assert_eq!(
        leaks(&raw).len(),
        SECRETS.len(),
        "the fixture holds every secret"
    );
    let ids = ["66a0b1c2d3e4f5a6b7c8d901", "66a0b1c2d3e4f5a6b7c8d902"];
    let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut run = |args: Vec<&str>| {
        let out = lektyr().args(&args).output().expect("runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut all = out.stdout;
        all.extend_from_slice(&out.stderr);
        outputs.push((format!("{args:?}"), all));
    };
    // Twice: the second run reads the archive back from the cache.
    for _ in 0..2 {
        run(vec!["list", &file]);
        run(vec!["list", "--pages", "--json", &file]);
    }
    run(vec!["topics", &file]);
    run(vec!["check", &file]);
    run(vec!["check", "--format", "ghost", "--no-cache", &file]);
    run(vec!["convert", &file]);
    for id in ids {
        run(vec!["show", "--width", "80", &file, id]);
        run(vec![
            "show", "--width", "80", "--color", "always", &file, id,
        ]);
    }
    for keys in ["", "<Enter>", "<Enter>J", "<Enter>jjjjjjjjjj", "?"] {
        run(vec!["snapshot", "--size", "120x40", "--keys", keys, &file]);
    }
    let list = String::from_utf8_lossy(&outputs[0].1).into_owned();
    assert!(list.contains("Nytt från verkstaden"), "{list}");
    assert!(list.contains("[draft] Members only: price list"), "{list}");
    let shown = &outputs
        .iter()
        .find(|(what, _)| what.contains("show") && what.contains(ids[0]))
        .expect("shown")
        .1;
    assert!(String::from_utf8_lossy(shown).contains("Vi har fått in en ny bandsåg."));
    for (what, output) in &outputs {
        assert!(output.len() > 10, "{what} printed nothing");
        assert_eq!(leaks(output), Vec::<&str>::new(), "{what} leaks");
    }

    // The cache written for the file holds none of them either.
    let mut cached = Vec::new();
    let mut dirs = vec![test_cache_dir()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                cached.push(p);
            }
        }
    }
    assert!(!cached.is_empty(), "no cache file was written");
    let mut holds_the_posts = false;
    for p in &cached {
        let bytes = std::fs::read(p).expect("cache file");
        let title = "Nytt från verkstaden".as_bytes();
        holds_the_posts |= bytes.windows(title.len()).any(|w| w == title);
        assert_eq!(leaks(&bytes), Vec::<&str>::new(), "{}", p.display());
    }
    assert!(holds_the_posts, "no cache file holds the export's posts");
}

#[test]
fn convert_writes_an_archive_that_reads_back_alike() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["export-5.json", "import-0.json"] {
        let v1 = stdout(&["convert", &path(name)]);
        let out = dir.path().join(name);
        std::fs::write(&out, &v1).expect("written");
        let again = out.display().to_string();
        let said = stdout(&["check", &again]);
        assert!(said.ends_with("no problems (6 articles)\n"), "{said}");
        assert_eq!(stdout(&["list", &again]), stdout(&["list", &path(name)]));
    }
}
