//! Inputs the fuzzers found (in `tests/fixtures/fuzz/`), replayed through
//! both fuzz targets' checks: loading never panics, nothing loaded carries
//! a terminal control, and every width and screen size lays out and draws.

use std::path::Path;

use lektyr::action::Action;
use lektyr::app::{App, Source};
use lektyr::archive::{Archive, load_bytes};
use lektyr::layout::{lay_out, line_width};
use lektyr::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn inputs() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("the fuzz fixtures exist")
        .filter_map(Result::ok)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = std::fs::read(e.path()).expect("fixture reads");
            (name, bytes)
        })
        .collect();
    out.sort();
    out
}

/// A character a terminal would act on, or that `list` would misread as a
/// column or row separator.
fn is_unsafe_in_one_line(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{feff}')
}

fn assert_one_line_fields(name: &str, archive: &Archive) {
    for a in &archive.articles {
        for (what, s) in [("id", &a.id), ("title", &a.title)] {
            assert!(
                !s.chars().any(is_unsafe_in_one_line),
                "{name}: {what} {s:?} has a control character"
            );
        }
    }
    for t in &archive.topics {
        assert!(
            !t.name.chars().any(is_unsafe_in_one_line),
            "{name}: topic {:?}",
            t.name
        );
    }
}

#[test]
fn there_are_regression_inputs() {
    assert!(!inputs().is_empty());
}

#[test]
fn found_inputs_load_safely() {
    for (name, bytes) in inputs() {
        if let Ok(archive) = load_bytes(&name, &bytes) {
            assert_one_line_fields(&name, &archive);
            assert_eq!(archive.order.len(), archive.articles.len(), "{name}");
        }
    }
}

#[test]
fn found_inputs_lay_out_and_draw_at_every_size() {
    let theme = Theme::default();
    for (name, bytes) in inputs() {
        let Ok(archive) = load_bytes(&name, &bytes) else {
            continue;
        };
        for width in [0u16, 1, 2, 7, 40, 72, 399] {
            for article in 0..archive.articles.len() {
                for line in lay_out(&archive, article, width, &theme).lines {
                    assert!(line_width(&line) <= usize::from(width), "{name} at {width}");
                }
            }
        }
        for (w, h) in [(0u16, 0u16), (1, 1), (20, 5), (80, 24), (300, 100)] {
            let mut app = App::new(archive.clone(), Source::Sample, Rect::new(0, 0, w, h));
            let mut terminal = match Terminal::new(TestBackend::new(w, h)) {
                Ok(t) => t,
                Err(never) => match never {},
            };
            for action in [Action::Activate, Action::PageDown, Action::Bottom] {
                app.update(action);
                if let Err(never) = terminal.draw(|f| lektyr::ui::draw(f, &app)) {
                    match never {}
                }
            }
        }
    }
}
