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
