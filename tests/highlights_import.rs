//! Highlights and notes carried by imports, from the outside: Wallabag's
//! annotations and Omnivore's highlights read from their exports, kept by
//! the archive cache, written by `convert` (with the reader's own from the
//! state file), and the ones whose quote is not in the text named by
//! `check`.

mod common;

use std::path::{Path, PathBuf};

use common::lektyr;
use lektyr::archive::{Archive, Article, Highlight, Origin, load_path, load_str};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/highlights")
        .join(name)
}

fn load(path: &Path) -> Archive {
    match load_path(path) {
        Ok(a) => a,
        Err(e) => panic!("{} should load: {e}", path.display()),
    }
}

fn by_id<'a>(archive: &'a Archive, id: &str) -> &'a Article {
    match archive.find_id(id) {
        Some(i) => &archive.articles[i],
        None => panic!("no article {id}"),
    }
}

fn find<'a>(list: &'a [Highlight], id: &str) -> &'a Highlight {
    match list.iter().find(|h| h.id == id) {
        Some(h) => h,
        None => panic!("no highlight {id} in {list:#?}"),
    }
}

/// `lektyr convert` of `path`, with the state directory `state` (none:
/// an empty one, so the user's own is never read), read back.
fn convert(path: &Path, state: Option<&Path>) -> Archive {
    let empty = tempfile::tempdir().expect("temp dir");
    let out = lektyr()
        .arg("convert")
        .arg(path)
        .env("LEKTYR_STATE_DIR", state.unwrap_or(empty.path()))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("UTF-8");
    let archive = load_str("converted.json", &text).expect("the result loads");
    assert!(
        archive.problems.is_empty(),
        "the result has no problems: {:?}",
        archive.problems
    );
    archive
}

#[test]
fn wallabag_annotations_are_highlights_with_their_notes() {
    let archive = load(&fixture("wallabag.json"));
    let bread = &by_id(&archive, "12").highlights;
    assert_eq!(bread.len(), 3);
    let first = find(bread, "wallabag-301");
    assert_eq!(first.quote, "en surdeg som stod i köket en hel vecka");
    assert_eq!(first.note(), Some("Surdegen är hela hemligheten."));
    // 2023-02-12T19:30:00+0100 and 19:35:10, in milliseconds.
    assert_eq!(first.created, 1_676_226_600_000);
    assert_eq!(first.updated, 1_676_226_910_000);
    assert_eq!(first.origin, Origin::Wallabag);
    assert_eq!(find(bread, "wallabag-302").note(), None);
    // The export's own shape: no ids or dates, an id made from the quote.
    let bike = &by_id(&archive, "13").highlights;
    assert_eq!(bike.len(), 2);
    assert!(bike.iter().all(|h| h.id.starts_with("wallabag-q")));
    assert_eq!(
        bike[0].note(),
        Some("Påminnelse till mig själv\n\nköp olja.")
    );
    assert_eq!(bike[0].created, 0);
}

#[test]
fn convert_carries_wallabag_highlights_and_notes() {
    let original = load(&fixture("wallabag.json"));
    let converted = convert(&fixture("wallabag.json"), None);
    for id in ["12", "13"] {
        assert_eq!(
            by_id(&converted, id).highlights,
            by_id(&original, id).highlights,
            "article {id}"
        );
    }
    let note = find(&by_id(&converted, "12").highlights, "wallabag-301").note();
    assert_eq!(note, Some("Surdegen är hela hemligheten."));
}

#[test]
fn convert_carries_the_readers_own_highlights_over_the_archives() {
    use lektyr::state::{ArchiveKey, ArchiveState};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("wallabag.json");
    std::fs::copy(fixture("wallabag.json"), &path).expect("copied");
    let original = load(&path);
    let imported = &by_id(&original, "12").highlights;

    let mut state = ArchiveState::new("wallabag.json", vec!["12".into(), "13".into()]);
    // A note changed, an imported highlight deleted, one of the reader's own.
    let mut changed = find(imported, "wallabag-301").clone();
    changed.note = Some("Min egen anteckning.".into());
    state.set_highlight("12", changed, 1_800_000_000_000);
    let mut gone = find(imported, "wallabag-302").clone();
    gone.deleted = true;
    state.set_highlight("12", gone, 1_800_000_000_001);
    let own = Highlight {
        id: "h1800000000002".into(),
        quote: "Till slut blev det ett bröd".into(),
        note: Some("Läs igen.".into()),
        created: 1_800_000_000_002,
        ..Highlight::default()
    };
    state.set_highlight("12", own, 1_800_000_000_002);
    let states = dir.path().join("state");
    std::fs::create_dir_all(&states).expect("state dir");
    let file = states.join(ArchiveKey::for_path(&path).file_name());
    std::fs::write(&file, serde_json::to_string(&state).expect("state as JSON"))
        .expect("state written");
    let before = std::fs::read(&file).expect("state read");

    let converted = convert(&path, Some(&states));
    let seen = &by_id(&converted, "12").highlights;
    let ids: Vec<&str> = seen.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(seen.len(), 3, "{ids:?}");
    assert_eq!(
        find(seen, "wallabag-301").note(),
        Some("Min egen anteckning.")
    );
    assert!(
        !ids.contains(&"wallabag-302"),
        "the deleted one is left out"
    );
    let mine = find(seen, "h1800000000002");
    assert_eq!(
        (mine.note(), mine.origin),
        (Some("Läs igen."), Origin::Lektyr)
    );
    assert_eq!(
        find(seen, "wallabag-303").quote,
        "Vi började om från början med ny deg"
    );
    // The other article is as imported, and the state file is untouched.
    assert_eq!(
        by_id(&converted, "13").highlights,
        by_id(&original, "13").highlights
    );
    assert_eq!(std::fs::read(&file).expect("state read"), before);
}

#[test]
fn imported_highlights_come_back_from_the_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("wallabag.json");
    std::fs::copy(fixture("wallabag.json"), &path).expect("copied");
    let cache = dir.path().join("cache");
    // Twice: the first run writes the cache, the second reads it.
    let run = || {
        let out = lektyr()
            .arg("convert")
            .arg(&path)
            .env("LEKTYR_CACHE_DIR", &cache)
            .env("LEKTYR_STATE_DIR", dir.path().join("state"))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("UTF-8")
    };
    let first = run();
    assert!(
        std::fs::read_dir(&cache).expect("cache written").count() > 0,
        "the first run writes the cache"
    );
    assert_eq!(run(), first);
    assert!(first.contains("Surdegen är hela hemligheten."));
}

#[test]
fn omnivore_highlights_files_and_progress_are_read_from_the_zip_and_the_folder() {
    let zip = load(&fixture("omnivore-export.zip"));
    let folder = load(&fixture("omnivore-folder"));
    for archive in [&zip, &folder] {
        assert!(archive.problems.is_empty(), "{:?}", archive.problems);
        let garden = by_id(archive, "7f3a0c2e-1111-4a5b-9c00-000000000001");
        let quotes: Vec<&str> = garden.highlights.iter().map(|h| h.quote.as_str()).collect();
        assert_eq!(
            quotes,
            [
                "Löven låg kvar på gräsmattan",
                "Äppelträdet bar ännu några frukter.\n\nDe smakade frost.",
                "Rosorna klipptes ner i oktober",
            ]
        );
        let notes: Vec<Option<&str>> = garden.highlights.iter().map(|h| h.note()).collect();
        assert_eq!(
            notes,
            [
                Some("Kratta i helgen."),
                None,
                Some("Stämmer det?\n\nFråga grannen.")
            ]
        );
        assert!(
            garden
                .highlights
                .iter()
                .all(|h| h.origin == Origin::Omnivore && h.id.starts_with("omnivore-q"))
        );
        // 62.5 percent, rounded.
        assert_eq!(garden.seed.progress, Some(63));
        let snow = by_id(archive, "7f3a0c2e-1111-4a5b-9c00-000000000002");
        assert_eq!(snow.seed.progress, Some(100));
        assert_eq!(snow.highlights.len(), 1);
    }
    // The zip and the folder give the same ids: they are made from the
    // quotes alone.
    assert_eq!(zip.articles[0].highlights, folder.articles[0].highlights);
}

#[test]
fn convert_carries_omnivore_highlights_and_notes() {
    let converted = convert(&fixture("omnivore-export.zip"), None);
    let garden = by_id(&converted, "7f3a0c2e-1111-4a5b-9c00-000000000001");
    let original = load(&fixture("omnivore-export.zip"));
    assert_eq!(
        garden.highlights,
        by_id(&original, "7f3a0c2e-1111-4a5b-9c00-000000000001").highlights
    );
}

/// `lektyr check` of `path` run from its folder (so the file is named as
/// given), its output and exit code.
fn check(path: &Path) -> (String, i32) {
    let (dir, file) = (
        path.parent().expect("a folder"),
        path.file_name().expect("a name"),
    );
    let output = lektyr()
        .current_dir(dir)
        .arg("check")
        .arg(file)
        .output()
        .expect("check runs");
    (
        String::from_utf8(output.stdout).expect("UTF-8"),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn check_names_each_imported_highlight_not_found_in_its_text() {
    let (out, code) = check(&fixture("wallabag.json"));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "wallabag.json: article 12: highlight \"Vi började om från början med…\" not found in the text",
            "wallabag.json: no problems (2 articles; read as Wallabag export); \
             1 imported highlight not found in its article's text",
        ],
        "{out}"
    );
    // The archive itself is sound.
    assert_eq!(code, 0);

    for name in ["omnivore-export.zip", "omnivore-folder"] {
        let (out, code) = check(&fixture(name));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert_eq!(
            lines[0],
            format!(
                "{name}: article 7f3a0c2e-1111-4a5b-9c00-000000000001: \
                 highlight \"Rosorna klipptes ner i oktober\" not found in the text"
            )
        );
        assert!(lines[1].ends_with("; 1 imported highlight not found in its article's text"));
        assert_eq!(code, 0);
    }
}

#[test]
fn check_says_lost_highlights_beside_the_archives_problems() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("v1.json");
    std::fs::write(
        &path,
        r#"{"version": 1, "articles": [
  {"id": "a", "title": "Alfa", "body": ["Vi började med bröd."],
   "highlights": [{"id": "h1", "quote": "med bröd"}, {"id": "h2", "quote": "Vi slutade med soppa"},
                  {"id": "h3"}]},
  {"id": "b", "title": "Beta", "body": ["Inget här."],
   "highlights": [{"id": "h1", "quote": "Någonting helt annat som aldrig stod i texten alls"}]}
]}"#,
    )
    .expect("written");
    let (out, code) = check(&path);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].contains("/articles/0/highlights/2: the highlight has no `quote`"));
    assert_eq!(
        lines[1],
        "v1.json: article a: highlight \"Vi slutade med soppa\" not found in the text"
    );
    assert_eq!(
        lines[2],
        "v1.json: article b: highlight \"Någonting helt annat som…\" not found in the text"
    );
    assert_eq!(
        lines[3],
        "v1.json: 1 problem in 1 of 2 articles; 2 imported highlights not found in their articles' text"
    );
    assert_eq!(code, 1);
}
