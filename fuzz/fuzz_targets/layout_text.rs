//! Fuzz target: arbitrary text in every kind of block, laid out at a fuzzed
//! width and drawn into a buffer of fuzzed size. Nothing may panic and no
//! laid-out line may be wider than its width.
#![no_main]

use lektyr::app::{App, Source};
use lektyr::layout::{lay_out, line_width};
use lektyr::theme::Theme;
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

/// An archive with `text` in every string field and every block type.
fn archive_json(text: &str) -> String {
    let t = serde_json::Value::String(text.to_string());
    let doc = serde_json::json!({
        "version": 1,
        "title": t,
        "articles": [{
            "id": t,
            "title": t,
            "date": t,
            "author": {"name": t, "role": t, "bio": t, "url": t},
            "topics": [t, "plain"],
            "series": t,
            "summary": t,
            "url": t,
            "related": [t, "other"],
            "body": [
                t,
                {"type": "heading", "text": t, "level": 2},
                {"type": "pullquote", "text": t, "cite": t},
                {"type": "quote", "text": t, "cite": t},
                {"type": "image", "src": t, "alt": t, "caption": t},
                {"type": "list", "items": [t, t], "ordered": true},
                {"type": "code", "text": t},
                {"type": "rule"}
            ]
        }, {
            "id": "other",
            "title": t,
            "body": t
        }]
    });
    doc.to_string()
}

fuzz_target!(|input: (u16, u8, u8, &str)| {
    let (width, cols, rows, text) = input;
    let Ok(archive) = lektyr::archive::load_str("fuzz.json", &archive_json(text)) else {
        return;
    };
    let theme = Theme::default();
    // Widths past a wide terminal only cost time; keep them in range.
    let width = width % 400;
    for article in 0..archive.articles.len() {
        let laid = lay_out(&archive, article, width, &theme);
        for line in &laid.lines {
            assert!(line_width(line) <= usize::from(width), "line wider than {width}: {line:?}");
        }
    }
    let (cols, rows) = (u16::from(cols) + 1, u16::from(rows) / 2 + 1);
    let mut app = App::new(archive, Source::Sample, Rect::new(0, 0, cols, rows));
    let mut terminal = match Terminal::new(TestBackend::new(cols, rows)) {
        Ok(t) => t,
        Err(never) => match never {},
    };
    let _ = terminal.draw(|f| lektyr::ui::draw(f, &app));
    app.update(lektyr::action::Action::Activate);
    app.update(lektyr::action::Action::PageDown);
    let _ = terminal.draw(|f| lektyr::ui::draw(f, &app));
});
