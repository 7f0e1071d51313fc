//! Whole screens of an imported WordPress post (the Gutenberg fixture) as
//! insta snapshots, with its pull quote scrolled into view: what a reader
//! of a WordPress dump sees at 80×24 and 140×40.

use std::path::Path;

use lektyr::app::App;
use lektyr::archive::Block;
use lektyr::cli::{FilterArgs, build_app, load, render_snapshot};
use lektyr::width::display_width;
use ratatui::layout::Rect;

const FIXTURE: &str = "tests/fixtures/formats/wordpress-embed.json";

fn app(w: u16, h: u16) -> App {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let loaded = load(Some(&path), None, None).expect("the fixture loads");
    let (app, _) = build_app(
        loaded.archive,
        lektyr::app::Source::File(FIXTURE.into()),
        Rect::new(0, 0, w, h),
        &FilterArgs::default(),
    );
    app
}

/// Opens the newest post and scrolls its pull quote to the reader's second
/// line; returns the keys and the screen.
fn pullquote_screen(w: u16, h: u16) -> (String, String) {
    let mut probe = app(w, h);
    render_snapshot(&mut probe, "<Enter>", false).expect("keys parse");
    let article = probe.article.expect("an article is open");
    let block = probe.archive.articles[article]
        .detail()
        .body
        .iter()
        .position(|b| matches!(b, Block::PullQuote { .. }))
        .expect("the imported post has a pull quote");
    let line = probe.laid().expect("the reader is on screen").block_starts[block];
    let keys = format!("<Enter>{}", "j".repeat(line.saturating_sub(1)));
    let mut fresh = app(w, h);
    let text = render_snapshot(&mut fresh, &keys, false).expect("keys parse");
    (keys, text)
}

fn check(name: &str, w: u16, h: u16) {
    let (keys, text) = pullquote_screen(w, h);
    assert_eq!(text.lines().count(), usize::from(h), "{name}: height");
    for line in text.lines() {
        assert!(display_width(line) <= usize::from(w), "{name}: {line:?}");
    }
    assert!(
        text.contains("“Först när man lägger dem i rad syns luckan.”"),
        "{name}: the pull quote is in view:\n{text}"
    );
    assert!(
        !text.contains("&#") && !text.contains("<p"),
        "{name}:\n{text}"
    );
    insta::with_settings!({
        description => format!("lektyr snapshot {FIXTURE} --size {w}x{h} --keys '{keys}'"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn wordpress_pullquote_80x24() {
    check("wordpress_pullquote_80x24", 80, 24);
}

#[test]
fn wordpress_pullquote_140x40() {
    check("wordpress_pullquote_140x40", 140, 40);
}
