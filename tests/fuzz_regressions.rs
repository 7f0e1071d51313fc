//! Inputs the fuzzers found (in `tests/fixtures/fuzz/`), replayed through
//! both fuzz targets' checks: loading never panics and gives what it gave
//! when the input was kept, nothing loaded carries a terminal control, and
//! every width and screen size lays out and draws.

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

/// What a kept input gives when loaded: `Ok` with how many articles and
/// the pointers of its problems, or `Err` with the message it fails with.
type Outcome = Result<(usize, &'static [&'static str]), &'static str>;

/// The outcome of each kept input, written down when it was kept, so that
/// one that stops loading (or starts to) is noticed.
fn expected(name: &str) -> Outcome {
    match name {
        // Escapes, a tab and a return in the id, which once forged list
        // rows; no title, and a misspelt block type.
        "id-with-tab-and-return.json" => Ok((1, &["/articles/0", "/articles/0/body/1/type"])),
        _ => panic!("{name}: no expected outcome for this input; add it to `expected`"),
    }
}

/// Loads a kept input and checks that it gives its expected outcome; the
/// archive when it loads.
fn load(name: &str, bytes: &[u8]) -> Option<Archive> {
    match (expected(name), load_bytes(name, bytes)) {
        (Ok((articles, problems)), Ok(archive)) => {
            assert_eq!(archive.articles.len(), articles, "{name}: articles");
            let pointers: Vec<&str> = (archive.problems.iter())
                .map(|p| p.pointer.as_str())
                .collect();
            assert_eq!(pointers, problems, "{name}: problems");
            Some(archive)
        }
        (Ok(_), Err(e)) => panic!("{name} should load: {e}"),
        (Err(message), Err(e)) => {
            assert_eq!(e.to_string(), message, "{name}");
            None
        }
        (Err(message), Ok(a)) => panic!(
            "{name} should fail with {message:?}; it loads {} articles",
            a.articles.len()
        ),
    }
}

/// The `archive_bytes` fuzz target's checks of what loaded, from the one
/// file the target includes too.
#[path = "../fuzz/checks.rs"]
mod checks;

#[test]
fn there_are_regression_inputs() {
    assert!(!inputs().is_empty());
}

#[test]
fn found_inputs_load_safely() {
    for (name, bytes) in inputs() {
        if let Some(archive) = load(&name, &bytes) {
            checks::check_archive(&name, &archive);
            // Stricter for what `list` prints one to a line: no line break.
            assert_one_line_fields(&name, &archive);
        }
    }
}

#[test]
fn found_inputs_lay_out_and_draw_at_every_size() {
    let theme = Theme::default();
    for (name, bytes) in inputs() {
        // An input expected not to load has nothing to draw.
        let Some(archive) = load(&name, &bytes) else {
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
