//! Highlights and notes in the reader: selecting by sentence, line and
//! paragraph, highlighting, notes, deleting and undo, the highlights view
//! and its filter, drawn in their own style, kept across widths, restarts
//! and an edited article.

use lektyr::app::{App, Overlay, Source};
use lektyr::archive::{Pos, load_str};
use lektyr::keymap::parse_keys;
use lektyr::state::ArchiveState;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const ARCHIVE: &str = r#"{
  "version": 1,
  "articles": [
    {"id": "a", "title": "Alpha", "date": "2024-01-03",
     "body": ["Första meningen här. Andra meningen följer. Tredje meningen slutar stycket.",
              "Nästa stycke börjar. Det har två meningar.",
              "Sista stycket."]},
    {"id": "b", "title": "Beta", "date": "2024-01-02", "body": ["Ingenting markerat här."]}
  ]
}"#;

fn app_with(text: &str, w: u16, h: u16) -> App {
    let archive = load_str("test.json", text).expect("fixture loads");
    App::new(
        archive,
        Source::File("test.json".into()),
        Rect::new(0, 0, w, h),
    )
}

fn app(w: u16, h: u16) -> App {
    app_with(ARCHIVE, w, h)
}

fn press(app: &mut App, keys: &str) {
    for key in parse_keys(keys).expect("keys parse") {
        app.handle_key(key);
    }
}

fn draw(app: &App) -> Buffer {
    let mut terminal =
        Terminal::new(TestBackend::new(app.area.width, app.area.height)).expect("backend");
    let Ok(frame) = terminal.draw(|f| lektyr::ui::draw(f, app));
    frame.buffer.clone()
}

/// The text of the cells drawn in `style`, row by row, joined.
fn cells_in(buf: &Buffer, style: ratatui::style::Style) -> String {
    let area = buf.area;
    let mut rows = Vec::new();
    for y in area.top()..area.bottom() {
        let mut row = String::new();
        for x in area.left()..area.right() {
            let cell = &buf[(x, y)];
            if cell.fg == style.fg.unwrap_or(cell.fg)
                && cell.bg == style.bg.unwrap_or(ratatui::style::Color::Reset)
                && cell.modifier.contains(style.add_modifier)
                && style.bg.is_some()
            {
                row.push_str(cell.symbol());
            }
        }
        if !row.is_empty() {
            rows.push(row.trim().to_string());
        }
    }
    rows.join(" ")
}

fn own(app: &App, id: &str) -> Vec<lektyr::archive::Highlight> {
    app.state
        .highlights(id)
        .map(|m| m.values().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn v_selects_the_top_sentence_and_keys_move_its_ends() {
    let mut a = app(100, 30);
    press(&mut a, "<Enter>v");
    let sel = a.hl.selection.expect("a selection");
    assert_eq!((sel.from, sel.to), (Pos::new(0, 0), Pos::new(0, 22)));
    press(&mut a, ")");
    assert_eq!(a.hl.selection.map(|s| s.to), Some(Pos::new(0, 46)));
    press(&mut a, "}");
    let end_of_first =
        "Första meningen här. Andra meningen följer. Tredje meningen slutar stycket.";
    assert_eq!(
        a.hl.selection.map(|s| s.to),
        Some(Pos::new(0, end_of_first.len()))
    );
    // On over the paragraph's end: a selection may span paragraphs.
    press(&mut a, ")");
    assert_eq!(a.hl.selection.map(|s| s.to), Some(Pos::new(1, 22)));
    press(&mut a, "((");
    assert_eq!(a.hl.selection.map(|s| s.to), Some(Pos::new(0, 46)));
    // Never shrinks to nothing.
    press(&mut a, "(((");
    assert_eq!(a.hl.selection.map(|s| s.to), Some(Pos::new(0, 22)));
    // `o`: the start moves instead, a sentence on.
    press(&mut a, ")o)");
    let sel = a.hl.selection.expect("a selection");
    assert_eq!((sel.from, sel.to), (Pos::new(0, 23), Pos::new(0, 46)));
    // Not past the end.
    press(&mut a, ")");
    assert_eq!(a.hl.selection.map(|s| s.from), Some(Pos::new(0, 23)));
    press(&mut a, "<Esc>");
    assert!(a.hl.selection.is_none(), "Esc lets go");
    assert!(a.article.is_some(), "and the reader stays");
    // `q` while selecting never quits.
    press(&mut a, "vq");
    assert!(!a.should_quit && a.hl.selection.is_none());
}

#[test]
fn a_line_key_moves_the_end_to_the_end_of_the_next_line() {
    // Narrow: the first paragraph wraps over several lines.
    let mut a = app(40, 30);
    press(&mut a, "<Enter>v");
    let before = a.hl.selection.expect("a selection").to;
    press(&mut a, "j");
    let after = a.hl.selection.expect("a selection").to;
    assert!(after > before, "{before:?} → {after:?}");
    press(&mut a, "k");
    assert!(a.hl.selection.expect("a selection").to < after);
}

#[test]
fn enter_highlights_and_the_highlight_is_drawn_in_its_style() {
    let mut a = app(100, 30);
    press(&mut a, "<Enter>v)<Enter>");
    assert!(a.hl.selection.is_none());
    let mine = own(&a, "a");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].quote, "Första meningen här. Andra meningen följer.");
    // Context after it: up to 32 characters.
    assert_eq!(mine[0].suffix, " Tredje meningen slutar stycket.");
    assert!(a.dirty.is_some(), "to be saved");
    let buf = draw(&a);
    let styled = cells_in(&buf, a.theme.highlight_current);
    assert_eq!(styled, "Första meningen här. Andra meningen följer.");
    // Distinct from pull quotes, links and search matches.
    for other in [a.theme.pullquote, a.theme.link, a.theme.search_match] {
        assert_ne!(a.theme.highlight, other);
    }
}

#[test]
fn notes_are_written_shown_hidden_and_a_deletion_undone() {
    let mut a = app(100, 30);
    press(&mut a, "<Enter>v<Enter>e");
    assert!(a.hl.note.is_some(), "the note prompt is open");
    press(&mut a, "Viktigt<Space>&<Space>*x*<Enter>");
    let mine = own(&a, "a");
    assert_eq!(mine[0].note(), Some("Viktigt & *x*"));
    let screen = lektyr::cli::render_snapshot(&mut a, "", false).expect("draws");
    assert!(screen.contains("✎ Viktigt & *x*"), "{screen}");
    // Under its paragraph, before the next.
    let note_at = screen.find("✎").expect("note");
    assert!(note_at < screen.find("Nästa stycke").expect("next"));
    press(&mut a, "E");
    let hidden = lektyr::cli::render_snapshot(&mut a, "", false).expect("draws");
    assert!(!hidden.contains("✎"), "{hidden}");
    press(&mut a, "E");
    // Delete, then undo twice: the note comes back, then the deletion of
    // the note's change is undone too.
    press(&mut a, "x");
    assert!(own(&a, "a")[0].deleted);
    assert!(a.hl.list.is_empty());
    press(&mut a, "z");
    assert!(!own(&a, "a")[0].deleted);
    assert_eq!(a.hl.list.len(), 1);
    assert_eq!(a.hl.list[0].note(), Some("Viktigt & *x*"));
    press(&mut a, "z");
    assert_eq!(a.hl.list[0].note(), None, "the note's adding undone");
    press(&mut a, "z");
    assert!(a.hl.list.is_empty(), "the highlighting undone");
    press(&mut a, "z");
    assert_eq!(a.message.as_deref(), Some("Nothing to undo"));
}

#[test]
fn jumps_go_between_highlights() {
    let mut a = app(100, 8);
    press(&mut a, "<Enter>v<Enter>");
    // A second highlight further down, in the last paragraph.
    press(&mut a, "Gv");
    let last = a.hl.selection.expect("a selection");
    assert!(last.from.block >= 1, "{last:?}");
    press(&mut a, "<Enter>gg");
    assert_eq!(a.hl.list.len(), 2);
    // From the top: the first, then the second.
    press(&mut a, ">");
    assert_eq!(
        a.hl.current.as_deref(),
        a.hl.list.first().map(|h| h.id.as_str())
    );
    press(&mut a, ">");
    assert_eq!(
        a.hl.current.as_deref(),
        a.hl.list.get(1).map(|h| h.id.as_str())
    );
    assert_eq!(a.message.as_deref(), Some("Highlight 2 of 2"));
    press(&mut a, ">");
    assert_eq!(a.message.as_deref(), Some("No more highlights below"));
    press(&mut a, "<lt>");
    assert_eq!(
        a.hl.current.as_deref(),
        a.hl.list.first().map(|h| h.id.as_str())
    );
}

#[test]
fn the_view_lists_every_highlight_and_enter_goes_there() {
    let mut a = app(100, 30);
    press(&mut a, "<Enter>v<Enter><Esc>");
    press(&mut a, "H");
    assert!(matches!(a.overlay, Some(Overlay::Highlights { .. })));
    assert_eq!(a.hl.rows.len(), 1);
    let screen = lektyr::cli::render_snapshot(&mut a, "", false).expect("draws");
    assert!(screen.contains("“Första meningen här.”"), "{screen}");
    press(&mut a, "<Esc>JH<Enter>");
    assert_eq!(a.article, Some(0), "Enter goes to its article");
    // Only articles with highlights.
    press(&mut a, "<Esc>V");
    let ids: Vec<&str> = a
        .visible
        .iter()
        .map(|&i| a.archive.articles[i].id.as_str())
        .collect();
    assert_eq!(ids, ["a"]);
    press(&mut a, "V");
    assert_eq!(a.visible.len(), 2);
}

#[test]
fn a_highlight_survives_a_width_change_a_restart_and_an_edited_article() {
    let mut a = app(100, 30);
    press(&mut a, "<Enter>v)<Enter>");
    let state: ArchiveState = a.state.clone();
    let text = serde_json::to_string(&state).expect("serializes");
    // Another width: the same text is highlighted.
    a.resize(44, 30);
    press(&mut a, "");
    let narrow = draw(&a);
    assert_eq!(
        cells_in(&narrow, a.theme.highlight_current).replace(' ', ""),
        "Förstameningenhär.Andrameningenföljer."
    );
    // A restart: the state read back.
    let mut b = app(100, 30);
    b.restore(serde_json::from_str(&text).expect("parses"));
    press(&mut b, "");
    assert_eq!(b.hl.list.len(), 1);
    assert!(b.hl.list[0].at.is_some());
    // The article edited: a paragraph added before it. Found again by
    // its quote, in the block it moved to.
    let edited = ARCHIVE.replace(
        r#""body": ["Första"#,
        r#""body": ["Ett nytt stycke först.", "Första"#,
    );
    let mut c = app_with(&edited, 100, 30);
    c.restore(serde_json::from_str(&text).expect("parses"));
    press(&mut c, "");
    let at = c.hl.list[0].at.expect("found again");
    assert_eq!(at.from, Pos::new(1, 0));
    let buf = draw(&c);
    assert_eq!(
        cells_in(&buf, c.theme.highlight_current),
        "Första meningen här. Andra meningen följer."
    );
    // Text that is gone: kept, listed as not found.
    let gone = ARCHIVE.replace("Andra meningen följer.", "Något annat.");
    let mut d = app_with(&gone, 100, 30);
    d.restore(serde_json::from_str(&text).expect("parses"));
    press(&mut d, "H");
    assert_eq!(d.hl.rows.len(), 1);
    assert!(d.hl.rows[0].at.is_none());
    let screen = lektyr::cli::render_snapshot(&mut d, "", false).expect("draws");
    assert!(screen.contains("not found in the text"), "{screen}");
}

#[test]
fn an_imported_note_changed_here_wins_over_the_archives() {
    let text = r#"{"version": 1, "articles": [{"id": "a", "title": "Alpha",
        "body": ["Vi ringde kunden. Hon svarade direkt."],
        "highlights": [{"id": "wallabag-1", "quote": "Hon svarade direkt.", "note": "export"}]}]}"#;
    let mut a = app_with(text, 100, 30);
    press(&mut a, "<Enter>");
    assert_eq!(a.hl.list[0].note(), Some("export"));
    press(&mut a, "e<C-u>min<Enter>");
    let saved = serde_json::to_string(&a.state).expect("serializes");
    let mut b = app_with(text, 100, 30);
    b.restore(serde_json::from_str(&saved).expect("parses"));
    press(&mut b, "");
    assert_eq!(b.hl.list.len(), 1);
    assert_eq!(b.hl.list[0].note(), Some("min"));
    // Deleted here: gone on reopen too, though the archive still has it.
    press(&mut b, "x");
    let saved = serde_json::to_string(&b.state).expect("serializes");
    let mut c = app_with(text, 100, 30);
    c.restore(serde_json::from_str(&saved).expect("parses"));
    press(&mut c, "");
    assert!(c.hl.list.is_empty());
}

#[test]
fn a_drag_selects_whole_words() {
    use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut a = app(100, 30);
    press(&mut a, "<Enter>");
    let laid = a.laid().expect("laid out");
    let line = laid.block_starts[0];
    drop(laid);
    let pane = a.screen().get(lektyr::app::Pane::Reader).expect("reader");
    let column = a.text_column(pane);
    let row = column.y + (line - a.scroll) as u16;
    let mouse = |kind, x: u16| {
        Event::Mouse(MouseEvent {
            kind,
            column: column.x + x,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // From inside "meningen" to inside "Andra".
    a.handle_event(&mouse(MouseEventKind::Down(MouseButton::Left), 9));
    a.handle_event(&mouse(MouseEventKind::Drag(MouseButton::Left), 23));
    let sel = a.hl.selection.expect("a selection");
    assert_eq!((sel.from, sel.to), (Pos::new(0, 8), Pos::new(0, 28)));
    press(&mut a, "<Enter>");
    assert_eq!(own(&a, "a")[0].quote, "meningen här. Andra");
}

#[test]
fn screens_of_a_note_and_the_highlights_view() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut a = app(w, h);
        let reader =
            lektyr::cli::render_snapshot(&mut a, "<Enter>v)<Enter>eAtt<Space>minnas<Enter>", false)
                .expect("keys parse");
        insta::assert_snapshot!(format!("note_{w}x{h}"), reader);
        let view = lektyr::cli::render_snapshot(&mut a, "H", false).expect("keys parse");
        insta::assert_snapshot!(format!("view_{w}x{h}"), view);
    }
}
