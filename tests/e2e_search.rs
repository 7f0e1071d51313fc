//! End-to-end search in a real terminal (tmux): the hits of a search typed
//! far down a long list show from the first, and a search typed while
//! reading an article it does not match leaves that article.

mod common;

use common::{Session, have_tmux};

/// 299 articles, 11 of them with `zyxneedle` in their body.
fn needle_archive(dir: &std::path::Path) -> String {
    let articles: Vec<String> = (0..299)
        .map(|i| {
            let body = if i % 27 == 2 {
                "Then the zyxneedle shows."
            } else {
                "Plain words only."
            };
            format!(
                r#"{{"id": "n{i}", "title": "Piece {i}", "date": "2020-{:02}-{:02}", "body": "{body}"}}"#,
                1 + i % 12,
                1 + i % 28
            )
        })
        .collect();
    let path = dir.join("needle.json");
    std::fs::write(
        &path,
        format!(r#"{{"articles": [{}]}}"#, articles.join(",")),
    )
    .expect("archive written");
    path.display().to_string()
}

#[test]
fn hits_typed_far_down_a_long_list_show_from_the_first() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = needle_archive(dir.path());
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let s = Session::start(80, 50, &format!("{bin}' '{archive}"));
    s.wait_for("Articles");
    s.keys(&["G", "/", "zyxneedle"]);
    let screen = s.wait_for("11 articles");
    let rows = screen.lines().filter(|l| l.contains("Piece ")).count();
    assert_eq!(rows, 11, "every hit shows:\n{screen}");
    // The rows come right under the pane's top border.
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.contains("Articles"))
        .expect("list pane");
    assert!(
        lines.get(top + 1).is_some_and(|l| l.contains("Piece ")),
        "the first hit is the first row:\n{screen}"
    );
    s.keys(&["Escape", "q"]);
}

#[test]
fn a_search_from_the_reader_leaves_an_article_it_does_not_match() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    // "Upplevelseresan, del 6" is the fifth article; it has no "NPS".
    for (w, h) in [(80, 24), (200, 40)] {
        let s = Session::start(w, h, bin);
        s.wait_for("articles");
        s.keys(&["j", "j", "j", "j", "Enter"]);
        s.wait_for("Norrbotten");
        s.keys(&["/", "NPS"]);
        let screen = s.wait_for("2 articles");
        assert!(
            !screen.contains("Norrbotten"),
            "{w}x{h}: del 6 is left:\n{screen}"
        );
        if w < 100 {
            // The list of hits in its place.
            assert!(
                screen.contains("Kartan är inte resan") && screen.contains("Why we stopped"),
                "{w}x{h}: the hits show:\n{screen}"
            );
        } else {
            // The reader beside the list, at the first hit's match.
            assert!(
                screen.contains("NPS-enkäter"),
                "{w}x{h}: the first hit's match shows:\n{screen}"
            );
        }
        s.keys(&["Escape"]);
        let back = s.wait_for("Norrbotten");
        assert!(
            back.contains("Norrbotten"),
            "{w}x{h}: Esc brings del 6 back:\n{back}"
        );
        s.keys(&["q"]);
    }
}

// The generator's `main` and its tests are not used here.
#[path = "../examples/gen_archive.rs"]
#[allow(dead_code, unused_imports)]
mod generator;

#[test]
fn a_big_archive_keeps_its_search_index_and_searches_through_it() {
    if !have_tmux() {
        return;
    }
    // Past 8 MB: the reader builds the search index once every row is in
    // and keeps it beside the cache; the next reader reads it from there,
    // and finds what `list --search` finds.
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let text = generator::archive_text(generator::Shape::V1Large, 3000);
    assert!(text.len() > 8 << 20, "{} bytes", text.len());
    let archive = dir.path().join("big.json");
    std::fs::write(&archive, &text).expect("archive written");
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let command = format!("{bin}' '{}", archive.display());
    let kept = || {
        std::fs::read_dir(home.join("cache"))
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "lks"))
    };
    {
        let s = Session::start_with_home(100, 30, &command, &home);
        s.wait_for("Articles");
        let start = std::time::Instant::now();
        while !kept() {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(120),
                "the index was never kept"
            );
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        s.keys(&["q"]);
    }
    let query = "årskrönika";
    let out = common::lektyr()
        .env("LEKTYR_CACHE_DIR", home.join("cache"))
        .args(["list", "--search", query])
        .arg(&archive)
        .output()
        .expect("runs");
    let expected = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(expected > 0, "the generator writes {query}");
    let s = Session::start_with_home(100, 30, &command, &home);
    s.wait_for("Articles");
    s.keys(&["/", query]);
    let screen = s.settled(&format!("{expected} found"));
    assert!(
        screen
            .lines()
            .any(|l| l.trim_end().ends_with(&format!(" {expected} found"))),
        "{expected} found, as list says:\n{screen}"
    );
    s.keys(&["Escape", "q"]);
}
