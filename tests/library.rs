//! A library: several archives (files, folders, standard input) read as
//! one list, each keeping its own marks.

mod common;

use std::path::{Path, PathBuf};

use common::{Session, have_tmux, lektyr, skip};

fn formats(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn stdout(args: &[&std::ffi::OsStr]) -> String {
    let out = lektyr().args(args).output().expect("runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn three_formats_are_one_list_with_a_source_column() {
    let (w, j, o) = (
        formats("wallabag-v2.json"),
        formats("jsonfeed-1.1.json"),
        formats("omnivore-export.zip"),
    );
    let list = stdout(&["list".as_ref(), w.as_os_str(), j.as_os_str(), o.as_os_str()]);
    let sources: Vec<&str> = list
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    for label in ["wallabag-v2", "jsonfeed-1.1", "omnivore-export"] {
        assert!(sources.contains(&label), "{label}: {list}");
    }
    // Newest first over all of them.
    assert!(
        list.lines()
            .next()
            .unwrap_or("")
            .starts_with("omnivore-export\t9b1c-2\t2024-10-30"),
        "{list}"
    );
    // The same, as JSON: each row names its source.
    let json = stdout(&[
        "list".as_ref(),
        w.as_os_str(),
        j.as_os_str(),
        "--json".as_ref(),
    ]);
    let rows: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r["source"].is_string()), "{json}");
    // One file alone has no source column.
    let alone = stdout(&["list".as_ref(), j.as_os_str()]);
    assert!(alone.starts_with("anteckning-1\t"), "{alone}");
}

#[test]
fn show_takes_source_and_id_and_refuses_an_id_two_share() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(
        &a,
        r#"[{"id": "1", "title": "Från A", "body": "Text i A."}]"#,
    )
    .expect("write");
    std::fs::write(
        &b,
        r#"[{"id": "1", "title": "Från B", "body": "Text i B."},
        {"id": "2", "title": "Bara i B", "body": "x"}]"#,
    )
    .expect("write");
    let shown = stdout(&[
        "show".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        "b:1".as_ref(),
        "--color".as_ref(),
        "never".as_ref(),
    ]);
    assert!(
        shown.contains("Från B") && !shown.contains("Från A"),
        "{shown}"
    );
    let unique = stdout(&[
        "show".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        "2".as_ref(),
        "--color".as_ref(),
        "never".as_ref(),
    ]);
    assert!(unique.contains("Bara i B"), "{unique}");
    let out = lektyr()
        .args([a.as_os_str(), b.as_os_str()].iter().fold(
            vec!["show".into()],
            |mut v: Vec<std::ffi::OsString>, p| {
                v.push(p.into());
                v
            },
        ))
        .arg("1")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("a:1") && err.contains("b:1"), "{err}");
}

#[test]
fn a_folder_opens_each_archive_and_says_what_it_passes_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(formats("jsonfeed-1.1.json"), dir.path().join("feed.json")).expect("copy");
    std::fs::copy(formats("wallabag-v2.json"), dir.path().join("saved.json")).expect("copy");
    std::fs::write(dir.path().join("README.txt"), "not an archive").expect("write");
    let out = lektyr().arg("list").arg(dir.path()).output().expect("runs");
    assert!(out.status.success(), "{out:?}");
    let list = String::from_utf8_lossy(&out.stdout);
    assert_eq!(list.lines().count(), 6, "{list}");
    assert!(
        list.contains("feed\t") && list.contains("saved\t"),
        "{list}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("README.txt: passed over"), "{err}");
}

#[test]
fn standard_input_is_an_archive_for_every_command() {
    let text = std::fs::read(formats("jsonfeed-1.1.json")).expect("fixture");
    let out = lektyr()
        .args(["list", "-"])
        .write_stdin(text.clone())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
    let out = lektyr()
        .args(["check", "-"])
        .write_stdin(text)
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("standard input: no problems"), "{out:?}");
    // Nothing on standard input: said, exit 2.
    let out = lektyr()
        .args(["list", "-"])
        .write_stdin("")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input"));
}

#[test]
fn marks_made_in_a_library_stay_with_each_archive() {
    let state = tempfile::tempdir().expect("temp dir");
    let (w, j) = (formats("wallabag-v2.json"), formats("jsonfeed-1.1.json"));
    // In the library, star the first row (the newest: the feed's note).
    lektyr()
        .arg("snapshot")
        .arg(&w)
        .arg(&j)
        .arg("--state-dir")
        .arg(state.path())
        .args(["--keys", "s"])
        .assert()
        .success();
    let files: Vec<String> = std::fs::read_dir(state.path())
        .expect("state dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.iter().any(|f| f.starts_with("library-")), "{files:?}");
    // The feed alone shows the star; the Wallabag export alone does not.
    let feed = lektyr()
        .arg("snapshot")
        .arg(&j)
        .arg("--state-dir")
        .arg(state.path())
        .output()
        .expect("runs");
    let screen = String::from_utf8_lossy(&feed.stdout);
    let row = screen
        .lines()
        .find(|l| l.contains("A short note"))
        .expect("the note's row");
    assert!(row.contains('★'), "{screen}");
    let saved = lektyr()
        .arg("snapshot")
        .arg(&w)
        .arg("--state-dir")
        .arg(state.path())
        .output()
        .expect("runs");
    let screen = String::from_utf8_lossy(&saved.stdout);
    assert_eq!(
        screen.matches('★').count(),
        1,
        "only its own seeded star: {screen}"
    );
}

#[test]
fn the_reader_reads_an_archive_from_standard_input_and_keys_from_the_terminal() {
    if !have_tmux() {
        return skip("tmux is not installed");
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let feed = formats("jsonfeed-1.1.json");
    let s = Session::start_script(
        100,
        24,
        &format!(
            "cat '{}' | '{bin}' -; echo lektyr-exit=$?; sleep 30",
            feed.display()
        ),
    );
    let first = s.settled("articles");
    assert!(first.contains("Kaffe & kod"), "{first}");
    assert!(
        first.contains("standard input has no file to keep marks"),
        "{first}"
    );
    s.keys(&["Escape", "j", "Enter"]);
    let opened = s.settled("Bryggning");
    assert!(
        opened.contains("Mira Holm"),
        "the second article opened: {opened}"
    );
    s.keys(&["Q"]);
    assert_eq!(s.wait_exit(), Some(0), "{}", s.capture());
}

#[test]
fn the_configs_library_opens_when_nothing_is_named() {
    if !have_tmux() {
        return skip("tmux is not installed");
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let home = tempfile::tempdir().expect("temp dir");
    let feeds = home.path().join("feeds");
    std::fs::create_dir(&feeds).expect("dir");
    std::fs::copy(formats("jsonfeed-1.1.json"), feeds.join("kaffe.json")).expect("copy");
    std::fs::copy(formats("jsonfeed-1.0.json"), feeds.join("annat.json")).expect("copy");
    std::fs::write(feeds.join("notes.txt"), "x").expect("write");
    std::fs::write(
        home.path().join("config.toml"),
        format!("library = [\"{}/*.json\"]\n", feeds.display()),
    )
    .expect("config");
    let s = Session::start_with_home(120, 24, bin, home.path());
    let screen = s.settled("articles");
    assert!(
        screen.contains("library of 2: annat, kaffe"),
        "the two feeds, not the sample nor the text file: {screen}"
    );
    s.keys(&["Q"]);
    assert_eq!(s.wait_exit(), Some(0), "{}", s.capture());
}

#[test]
fn one_article_in_two_exports_is_one_row_and_a_mark_in_either_counts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let v1 = dir.path().join("blogg.json");
    let feed = dir.path().join("flode.json");
    std::fs::write(
        &v1,
        r#"[{"id": "p1", "title": "Samma inlägg", "date": "2024-02-01",
             "url": "https://Blogg.example/samma/?utm_source=nyhetsbrev", "body": "Text."},
            {"id": "p2", "title": "Bara här", "date": "2024-01-01", "body": "Text."}]"#,
    )
    .expect("write");
    std::fs::write(
        &feed,
        r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Flöde", "items": [
            {"id": "f1", "url": "https://blogg.example/samma#kommentarer", "title": "Samma inlägg",
             "content_text": "Text.", "date_published": "2024-02-01T10:00:00Z"}]}"#,
    )
    .expect("write");
    let list = stdout(&["list".as_ref(), v1.as_os_str(), feed.as_os_str()]);
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.starts_with("blogg,flode\tp1\t"), "{list}");
    // Starred in the feed alone, the library's one row is starred.
    let state = tempfile::tempdir().expect("temp dir");
    lektyr()
        .arg("snapshot")
        .arg(&feed)
        .arg("--state-dir")
        .arg(state.path())
        .args(["--keys", "s"])
        .assert()
        .success();
    let both = lektyr()
        .arg("snapshot")
        .arg(&v1)
        .arg(&feed)
        .arg("--state-dir")
        .arg(state.path())
        .output()
        .expect("runs");
    let screen = String::from_utf8_lossy(&both.stdout);
    let row = screen
        .lines()
        .find(|l| l.contains("Samma inlägg"))
        .expect("the row");
    assert!(row.contains('★'), "{screen}");
    // The row names both sources.
    assert!(row.contains("@blogg,flode"), "{screen}");
    let other = screen
        .lines()
        .find(|l| l.contains("Bara här"))
        .expect("the other row");
    assert!(
        other.contains("@blogg") && !other.contains("flode"),
        "{screen}"
    );
}

#[test]
fn the_sources_facet_filters_with_live_counts_and_combines_with_topics() {
    use lektyr::app::{App, FacetRow, Source};
    let a = lektyr::archive::load_str(
        "a.json",
        r#"[{"id": "1", "title": "A ett", "date": "2024-03-01", "topics": ["Kaffe"], "body": "x"},
            {"id": "2", "title": "A två", "date": "2024-02-01", "topics": ["Te"], "body": "x"}]"#,
    )
    .expect("loads");
    let b = lektyr::archive::load_str(
        "b.json",
        r#"[{"id": "1", "title": "B ett", "date": "2024-01-01", "topics": ["kaffe"], "body": "x"}]"#,
    )
    .expect("loads");
    let joined = lektyr::library::join(vec![a, b], vec!["a".into(), "b".into()]);
    let mut app = App::new(
        joined,
        Source::Library(vec!["a".into(), "b".into()]),
        ratatui::layout::Rect::new(0, 0, 140, 30),
    );
    let press = |app: &mut App, keys: &str| {
        for k in lektyr::keymap::parse_keys(keys).expect("keys") {
            app.handle_key(k);
        }
    };
    assert_eq!(app.facet_at(0), Some(FacetRow::Source(0)));
    assert_eq!(app.facet_at(1), Some(FacetRow::Source(1)));
    assert!(matches!(app.facet_at(2), Some(FacetRow::Topic(_))));
    assert_eq!(app.source_counts, [2, 1]);
    // Source b alone.
    press(&mut app, "tj<Space>");
    let titles = |app: &App| -> Vec<String> {
        app.visible
            .iter()
            .map(|&i| app.archive.articles[i].title.to_string())
            .collect()
    };
    assert_eq!(titles(&app), ["B ett"]);
    // With a topic: Kaffe of any source, then only b's.
    let kaffe = (0..app.facet_len())
        .find(|&r| {
            matches!(app.facet_at(r), Some(FacetRow::Topic(t)) if app.archive.topics[t].name == "Kaffe")
        })
        .expect("the Kaffe row");
    press(&mut app, "k<Space>");
    assert_eq!(titles(&app), ["A ett", "A två", "B ett"], "a and b both on");
    for _ in 0..kaffe {
        press(&mut app, "j");
    }
    press(&mut app, "<Space>");
    assert_eq!(titles(&app), ["A ett", "B ett"]);
    // Live counts follow the topic: one Kaffe article in each source.
    assert_eq!(app.source_counts, [1, 1]);
    // The session keeps the sources switched on.
    let session = app.session();
    assert_eq!(session.sources, ["a", "b"]);
    press(&mut app, "c");
    assert_eq!(app.visible.len(), 3, "c clears sources too");
}

#[test]
fn a_file_changed_while_the_reader_is_open_is_read_again_keeping_the_place() {
    if !have_tmux() {
        return skip("tmux is not installed");
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("blogg.json");
    let long: Vec<String> = (1..=60)
        .map(|n| format!("\"Stycke {n} av den långa texten, med några ord till.\""))
        .collect();
    let article = |id: &str, title: &str, date: &str| {
        format!(
            r#"{{"id": "{id}", "title": "{title}", "date": "{date}", "body": [{}]}}"#,
            long.join(", ")
        )
    };
    std::fs::write(
        &file,
        format!(
            "[{}, {}]",
            article("a", "Äldre", "2024-01-01"),
            article("b", "Nyare", "2024-02-01")
        ),
    )
    .expect("write");
    let s = Session::start_with_home(100, 24, &format!("{bin}' '{}", file.display()), dir.path());
    s.wait_for("articles");
    // Open the older one and read down a little.
    s.keys(&["j", "Enter", "C-d", "C-d"]);
    let before = s.settled("Stycke");
    assert!(
        before.contains("Äldre") || before.contains("2/2"),
        "{before}"
    );
    let top = before
        .lines()
        .find_map(|l| {
            l.split("Stycke ")
                .nth(1)
                .map(|r| r.split(' ').next().unwrap_or("").to_string())
        })
        .expect("a paragraph on screen");
    // A new article arrives in the file.
    std::fs::write(
        &file,
        format!(
            "[{}, {}, {}]",
            article("a", "Äldre", "2024-01-01"),
            article("b", "Nyare", "2024-02-01"),
            article("c", "Nyast", "2024-03-01")
        ),
    )
    .expect("write");
    let after = s.settled("changed on disk");
    assert!(
        after.contains("blogg.json changed on disk: read again"),
        "{after}"
    );
    assert!(
        after.contains(&format!("Stycke {top} ")),
        "the same place: {top}\n{after}"
    );
    s.keys(&["Escape"]);
    let list = s.settled("articles");
    assert!(list.contains("3 of 3 articles"), "{list}");
    s.keys(&["Q"]);
    assert_eq!(s.wait_exit(), Some(0), "{}", s.capture());
}

#[test]
fn a_library_from_the_cache_reads_as_from_its_files_links_and_all() {
    use lektyr::archive::cache::Cache;
    use lektyr::library::Named;
    // Two archives whose related links point within each, reopened from
    // the cache (their details read only when asked for) and joined: every
    // link goes where joining the files read whole sends it.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut named = Vec::new();
    for (name, base) in [("a.json", 0), ("b.json", 100)] {
        let articles: Vec<String> = (0..30)
            .map(|i| {
                format!(
                    r#"{{"id": "{id}", "title": "Artikel {id}", "date": "2024-01-{day:02}",
                        "url": "https://blogg.example/{id}", "related": ["{next}"],
                        "body": "Text {id}"}}"#,
                    id = base + i,
                    day = 1 + i % 28,
                    next = base + (i + 1) % 30,
                )
            })
            .collect();
        let path = dir.path().join(name);
        std::fs::write(&path, format!("[{}]", articles.join(","))).expect("written");
        named.push(Named::Path(path));
    }
    let cache = Cache::new(dir.path().join("cache"), 1 << 30).with_reread(lektyr::open::reread);
    let read = lektyr::archive::ReadAs::default();
    let fresh = lektyr::open::load_named(&named, read, None).expect("loads");
    lektyr::open::load_named(&named, read, Some(&cache)).expect("loads, writing the cache");
    let cached =
        lektyr::open::load_named(&named, read, Some(&cache)).expect("loads from the cache");
    assert!(
        cached
            .archive
            .articles
            .iter()
            .all(|a| a.detail_if_ready().is_none()),
        "read from the cache, details not yet"
    );
    let links = |archive: &lektyr::archive::Archive| -> Vec<(String, Vec<Option<usize>>)> {
        archive
            .articles
            .iter()
            .map(|a| {
                let targets = a.detail().related.iter().map(|r| r.target).collect();
                (a.id.to_string(), targets)
            })
            .collect()
    };
    assert_eq!(links(&cached.archive), links(&fresh.archive));
    assert_eq!(cached.archive.order, fresh.archive.order);
    // Article 100's link goes to 101, which the joined list holds at 31.
    let at = |id: &str| cached.archive.articles.iter().position(|a| a.id == id);
    let b0 = at("100").expect("in the list");
    assert_eq!(
        cached.archive.articles[b0].detail().related[0].target,
        at("101")
    );
}
