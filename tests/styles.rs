//! Styles as they land in the cells: the app drawn by `lektyr::ui::draw`
//! into a ratatui `TestBackend`, then individual cells inspected. Covers the
//! pull quote against body text and ordinary quotes, the selection, active
//! topics and focused borders; and that no size, however small, panics or
//! leaves a control character in a cell.

use lektyr::app::{App, Pane, Source};
use lektyr::archive::{Block, load_str};
use lektyr::cli::{FilterArgs, SAMPLE, build_app};
use lektyr::keymap::parse_keys;
use lektyr::screen::Screen;
use lektyr::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

/// A pull quote long enough to wrap at any width these tests use, between
/// body text and an ordinary quote.
const QUOTES: &str = r#"{
  "version": 1,
  "articles": [
    {"id": "pq", "title": "Quotes", "date": "2024-01-01", "body": [
      "Body text before the pull quote, plain and unstyled.",
      {"type": "pullquote",
       "text": "A pull quote long enough to wrap over several lines of the reading column, so that every one of its lines can be checked.",
       "cite": "Someone Quoted"},
      {"type": "quote", "text": "An ordinary quote, set apart by a bar.", "cite": "Another"},
      "Body text after the quotes."
    ]}
  ]
}"#;

fn sample(w: u16, h: u16) -> App {
    sample_with(w, h, &FilterArgs::default())
}

fn sample_with(w: u16, h: u16, filter: &FilterArgs) -> App {
    let archive = load_str("built-in sample", SAMPLE).expect("the sample loads");
    let (app, unknown) = build_app(archive, Source::Sample, Rect::new(0, 0, w, h), filter);
    assert!(unknown.is_empty(), "{unknown:?}");
    app
}

fn quotes(w: u16, h: u16) -> App {
    let archive = load_str("quotes.json", QUOTES).expect("fixture loads");
    App::new(
        archive,
        Source::File("quotes.json".into()),
        Rect::new(0, 0, w, h),
    )
}

fn press(app: &mut App, keys: &str) {
    for key in parse_keys(keys).expect("keys parse") {
        app.handle_key(key);
    }
}

/// Draws the app at its own size, as the terminal loop does.
fn draw(app: &App) -> Buffer {
    let backend = TestBackend::new(app.area.width, app.area.height);
    let mut terminal = Terminal::new(backend).expect("a test terminal");
    terminal
        .draw(|f| lektyr::ui::draw(f, app))
        .expect("drawing into a test backend");
    terminal.backend().buffer().clone()
}

fn cell(buf: &Buffer, x: u16, y: u16) -> &Cell {
    buf.cell((x, y))
        .unwrap_or_else(|| panic!("({x}, {y}) is outside the buffer"))
}

/// Whether a cell shows `style`: each colour the style sets, and every
/// modifier it adds.
fn carries(cell: &Cell, style: Style) -> bool {
    style.fg.is_none_or(|c| cell.fg == c)
        && style.bg.is_none_or(|c| cell.bg == c)
        && cell.modifier.contains(style.add_modifier)
}

/// The style a cell was drawn in, as a comparable value.
fn shown(cell: &Cell) -> (Color, Color, ratatui::style::Modifier) {
    (cell.fg, cell.bg, cell.modifier)
}

/// The text of one row within `x0..x1`.
fn row_text(buf: &Buffer, y: u16, x0: u16, x1: u16) -> String {
    (x0..x1).map(|x| cell(buf, x, y).symbol()).collect()
}

/// Cells of a row within `x0..x1` that show something.
fn inked(buf: &Buffer, y: u16, x0: u16, x1: u16) -> Vec<(u16, &Cell)> {
    (x0..x1)
        .map(|x| (x, cell(buf, x, y)))
        .filter(|(_, c)| !c.symbol().trim().is_empty())
        .collect()
}

/// The first row whose text within `x0..x1` contains `needle`.
fn find_row(buf: &Buffer, needle: &str, x0: u16, x1: u16) -> Option<u16> {
    let area = buf.area;
    (area.top()..area.bottom()).find(|&y| row_text(buf, y, x0, x1).contains(needle))
}

// ----- pull quotes -------------------------------------------------------

/// A pull quote found on screen: its text rows and its cite rows.
struct PullQuote {
    text_rows: Vec<u16>,
    cite_rows: Vec<u16>,
}

/// Finds the pull quote drawn in the reader's text column: the rows between
/// its top rule (`┏━`) and bottom rule (`┗━`). A row reading `— …` after
/// the gutter is the cite; the rest are the quote's text.
fn find_pull_quote(buf: &Buffer, column: Rect) -> Option<PullQuote> {
    let at = |y: u16| row_text(buf, y, column.x, column.right());
    let top = (column.top()..column.bottom()).find(|&y| at(y).starts_with("┏━"))?;
    let bottom = (top + 1..column.bottom()).find(|&y| at(y).starts_with("┗━"))?;
    let mut quote = PullQuote {
        text_rows: Vec::new(),
        cite_rows: Vec::new(),
    };
    for y in top + 1..bottom {
        let text = at(y);
        let after_gutter = text.trim_start_matches('┃').trim_start();
        if after_gutter.starts_with('—') {
            quote.cite_rows.push(y);
        } else {
            quote.text_rows.push(y);
        }
    }
    Some(quote)
}

/// Checks every cell of a pull quote: the gutter in the rule style, the
/// text in the pull-quote style on every wrapped line, the cite in its own.
/// Returns the styles the text was shown in.
fn check_pull_quote(
    buf: &Buffer,
    column: Rect,
    theme: &Theme,
    what: &str,
) -> Vec<(Color, Color, ratatui::style::Modifier)> {
    let quote = find_pull_quote(buf, column).unwrap_or_else(|| panic!("{what}: no pull quote"));
    assert!(!quote.text_rows.is_empty(), "{what}: the quote has text");
    let mut styles = Vec::new();
    for &y in &quote.text_rows {
        let cells = inked(buf, y, column.x, column.right());
        let (gutter, text) = cells.split_first().expect("a gutter and text");
        assert_eq!(gutter.1.symbol(), "┃", "{what}: gutter on row {y}");
        assert!(
            carries(gutter.1, theme.pullquote_rule),
            "{what}: gutter style"
        );
        assert!(!text.is_empty(), "{what}: row {y} has text");
        for (x, c) in text {
            assert!(
                carries(c, theme.pullquote),
                "{what}: ({x}, {y}) {:?} is not in the pull-quote style: {c:?}",
                c.symbol()
            );
            styles.push(shown(c));
        }
    }
    for &y in &quote.cite_rows {
        for (x, c) in inked(buf, y, column.x, column.right()).iter().skip(1) {
            assert!(
                carries(c, theme.pullquote_cite),
                "{what}: cite cell ({x}, {y}) {c:?}"
            );
        }
    }
    styles.sort_unstable_by_key(|s| format!("{s:?}"));
    styles.dedup();
    styles
}

fn reader_column(app: &App) -> Rect {
    Screen::text_column(
        app.screen()
            .get(Pane::Reader)
            .expect("the reader is on screen"),
    )
}

#[test]
fn pull_quote_cells_differ_from_body_text_and_quotes() {
    let theme = Theme::default();
    for (w, h) in [(40, 30), (60, 30), (80, 30), (140, 40)] {
        let mut app = quotes(w, h);
        press(&mut app, "<Enter>");
        let buf = draw(&app);
        let column = reader_column(&app);
        let what = format!("{w}x{h}");

        let quote = find_pull_quote(&buf, column).expect("a pull quote");
        assert!(
            quote.text_rows.len() >= 2,
            "{what}: the quote wraps ({} rows)",
            quote.text_rows.len()
        );
        assert!(!quote.cite_rows.is_empty(), "{what}: the cite shows");
        let pull_styles = check_pull_quote(&buf, column, &theme, &what);

        // Body text: in the body style, never the pull quote's.
        let (x0, x1) = (column.x, column.right());
        let body_y = find_row(&buf, "Body text before", x0, x1).expect("body text row");
        let body = inked(&buf, body_y, x0, x1);
        assert!(!body.is_empty());
        for (x, c) in &body {
            assert!(carries(c, theme.body), "{what}: body ({x}, {body_y})");
            assert!(!carries(c, theme.pullquote), "{what}: body ({x}, {body_y})");
            assert!(!pull_styles.contains(&shown(c)), "{what}: body ({x})");
        }

        // The ordinary quote: a bar, then text in the quote style.
        let quote_y = find_row(&buf, "An ordinary", x0, x1).expect("quote row");
        let cells = inked(&buf, quote_y, x0, x1);
        let (bar, text) = cells.split_first().expect("bar and text");
        assert_eq!(bar.1.symbol(), "│");
        assert!(carries(bar.1, theme.quote_bar));
        for (x, c) in text {
            assert!(carries(c, theme.quote), "{what}: quote ({x}, {quote_y})");
            assert!(!carries(c, theme.pullquote), "{what}: quote ({x})");
            assert!(!pull_styles.contains(&shown(c)), "{what}: quote ({x})");
        }
    }
}

/// Opens article `index` and scrolls its first pull quote near the top.
fn open_at_pull_quote(app: &mut App, index: usize) {
    app.open_article(index);
    press(app, "g");
    let block = app.archive.articles[index]
        .detail()
        .body
        .iter()
        .position(|b| matches!(b, Block::PullQuote { .. }))
        .expect("the article has a pull quote");
    let line = app.laid().expect("laid out").block_starts[block];
    press(app, &"j".repeat(line));
}

#[test]
fn every_pull_quote_of_the_sample_is_styled_on_every_line() {
    let theme = Theme::default();
    for (w, h) in [(50, 40), (140, 40)] {
        let mut app = sample(w, h);
        let with_quotes: Vec<usize> = (0..app.archive.articles.len())
            .filter(|&i| app.archive.articles[i].has_pullquote())
            .collect();
        assert!(with_quotes.len() >= 5, "the sample has pull quotes");
        for index in with_quotes {
            open_at_pull_quote(&mut app, index);
            let buf = draw(&app);
            let id = &app.archive.articles[index].id;
            check_pull_quote(
                &buf,
                reader_column(&app),
                &theme,
                &format!("{id} at {w}x{h}"),
            );
        }
    }
}

// ----- selection, topics, borders ---------------------------------------

/// The content rows of a bordered pane.
fn inner(pane: Rect) -> Rect {
    Rect::new(
        pane.x + 1,
        pane.y + 1,
        pane.width.saturating_sub(2),
        pane.height.saturating_sub(2),
    )
}

fn assert_row_carries(buf: &Buffer, y: u16, area: Rect, style: Style, what: &str) {
    for x in area.left()..area.right() {
        let c = cell(buf, x, y);
        assert!(carries(c, style), "{what}: ({x}, {y}) {c:?}");
    }
}

#[test]
fn the_selected_list_row_has_the_selection_style() {
    let theme = Theme::default();
    for (w, h) in [(80, 24), (140, 40)] {
        let mut app = sample(w, h);
        press(&mut app, "jj");
        assert_eq!(app.focus, Pane::List);
        let buf = draw(&app);
        let list = inner(app.screen().get(Pane::List).expect("a list"));
        let selected = list.y + 2;
        assert_row_carries(&buf, selected, list, theme.selection, "selected row");
        for y in [list.y, list.y + 1, list.y + 3] {
            for x in list.left()..list.right() {
                assert!(
                    !carries(cell(&buf, x, y), theme.selection),
                    "row {y} is not selected"
                );
            }
        }
        assert_eq!(cell(&buf, list.x, selected).symbol(), "▌");
    }
    // Focus elsewhere: the row keeps an unfocused mark, not the selection.
    let mut app = sample(140, 40);
    press(&mut app, "jj<Tab>");
    assert_eq!(app.focus, Pane::Reader);
    let buf = draw(&app);
    let list = inner(app.screen().get(Pane::List).expect("a list"));
    let y = list.y + 2;
    assert_row_carries(&buf, y, list, theme.selection_unfocused, "unfocused");
    assert!(!carries(cell(&buf, list.x + 3, y), theme.selection));
}

#[test]
fn an_active_topic_has_the_active_style() {
    let theme = Theme::default();
    let filter = FilterArgs {
        topics: vec!["kultur".into(), "JAPAN".into()],
        ..FilterArgs::default()
    };
    for (w, h) in [(140, 40), (200, 60)] {
        let app = sample_with(w, h, &filter);
        let buf = draw(&app);
        let topics = inner(
            app.screen()
                .get(Pane::Topics)
                .expect("topics on a wide screen"),
        );
        let (x0, x1) = (topics.left(), topics.right());
        for name in ["Kultur", "Japan"] {
            let y = find_row(&buf, &format!("[x] {name}"), x0, x1).expect("active row");
            let text = row_text(&buf, y, x0, x1);
            let start = text.find("[x]").expect("a check mark");
            let offset = text[..start].chars().count() as u16;
            // "[x] " and the name, in the active style.
            let len = 4 + name.chars().count() as u16;
            for x in x0 + offset..x0 + offset + len {
                let c = cell(&buf, x, y);
                assert!(carries(c, theme.active_topic), "{name}: ({x}, {y}) {c:?}");
            }
        }
        for name in ["Kundresa", "Ledarskap"] {
            let y = find_row(&buf, &format!("[ ] {name}"), x0, x1).expect("inactive row");
            for (x, c) in inked(&buf, y, x0 + 1, x1) {
                assert!(!carries(c, theme.active_topic), "{name}: ({x}, {y})");
            }
        }
        // The header names the filter in the same style.
        let header = row_text(&buf, 0, 0, w);
        assert!(header.contains("filter: Kultur | Japan (ANY)"), "{header}");
    }
}

/// Every inked cell of a topic's row (past the selection mark) is dim, or
/// none is.
fn topic_row_is_dim(buf: &Buffer, topics: Rect, name: &str, theme: &Theme) -> (bool, String) {
    let (x0, x1) = (topics.left(), topics.right());
    let y = find_row(buf, name, x0, x1).unwrap_or_else(|| panic!("{name} listed"));
    let cells = inked(buf, y, x0 + 1, x1);
    let dim = cells.iter().filter(|(_, c)| carries(c, theme.dim)).count();
    assert!(
        dim == 0 || dim == cells.len(),
        "{name}: partly dim: {}",
        row_text(buf, y, x0, x1)
    );
    (dim > 0, row_text(buf, y, x0, x1))
}

#[test]
fn topics_that_would_show_or_add_nothing_are_dim() {
    let theme = Theme::default();
    // ANY with Kundresa on: an inactive topic says what it would add.
    let mut app = sample(160, 30);
    press(&mut app, "t<Space>");
    let buf = draw(&app);
    let topics = inner(app.screen().get(Pane::Topics).expect("topics"));
    for (name, dim, count) in [
        ("Kundservice", false, "+5"),
        ("Kultur", false, "+4"),
        ("Mätning", true, "+0"),
        ("Fältservice", true, "+0"),
        ("Kundresa", false, "9"),
    ] {
        let (is_dim, text) = topic_row_is_dim(&buf, topics, name, &theme);
        assert_eq!(is_dim, dim, "{name}: {text}");
        assert!(text.trim_end().ends_with(count), "{name}: {text}");
    }
    // And the count is right: switching Kundservice on adds five.
    let before = app.visible.len();
    press(&mut app, "j<Space>");
    assert_eq!(app.visible.len(), before + 5);
    // ALL: a count is how many listed articles carry the topic; none: dim.
    press(&mut app, "a");
    let buf = draw(&app);
    for (name, dim) in [("Kultur", true), ("Kundresa", false), ("Dynamics", false)] {
        let (is_dim, text) = topic_row_is_dim(&buf, topics, name, &theme);
        assert_eq!(is_dim, dim, "{name}: {text}");
    }
}

/// The cells of a pane's top, left and bottom edges (the right edge may
/// carry a scrollbar, which has styles of its own).
fn edges(pane: Rect) -> Vec<(u16, u16)> {
    let mut at = Vec::new();
    for x in pane.left()..pane.right() {
        at.push((x, pane.top()));
        at.push((x, pane.bottom() - 1));
    }
    for y in pane.top()..pane.bottom() {
        at.push((pane.left(), y));
    }
    at
}

fn assert_border(buf: &Buffer, pane: Rect, focused: bool, theme: &Theme, what: &str) {
    assert_border_but(buf, pane, None, focused, theme, what);
}

/// As [`assert_border`], but the cells of `strip` (the timeline drawn
/// over the list's bottom border, with styles of its own) are left out.
fn assert_border_but(
    buf: &Buffer,
    pane: Rect,
    strip: Option<Rect>,
    focused: bool,
    theme: &Theme,
    what: &str,
) {
    let (want, other) = if focused {
        (theme.border_focused, theme.border)
    } else {
        (theme.border, theme.border_focused)
    };
    let in_strip =
        |x: u16, y: u16| strip.is_some_and(|r| r.contains(ratatui::layout::Position::new(x, y)));
    for (x, y) in edges(pane).into_iter().filter(|&(x, y)| !in_strip(x, y)) {
        let c = cell(buf, x, y);
        assert!(carries(c, want), "{what}: ({x}, {y}) {c:?}");
        assert!(!carries(c, other), "{what}: ({x}, {y}) {c:?}");
    }
    let corner = cell(buf, pane.x, pane.y).symbol();
    assert_eq!(corner, if focused { "┏" } else { "╭" }, "{what}");
}

#[test]
fn the_focused_pane_has_the_focused_border() {
    let theme = Theme::default();
    // Wide: three panes; focus moves with Tab.
    let mut app = sample(140, 40);
    for (keys, focused) in [
        ("", Pane::List),
        ("<Tab>", Pane::Reader),
        ("<Tab>", Pane::Topics),
    ] {
        press(&mut app, keys);
        assert_eq!(app.focus, focused);
        let buf = draw(&app);
        let s = app.screen();
        for (pane, rect) in [
            (Pane::Topics, s.get(Pane::Topics)),
            (Pane::List, s.get(Pane::List)),
            (Pane::Reader, s.get(Pane::Reader)),
        ] {
            let rect = rect.expect("all panes on a wide screen");
            let what = format!("{pane:?} with {focused:?} focused");
            let strip = s.strip().filter(|_| pane == Pane::List);
            assert_border_but(&buf, rect, strip, pane == focused, &theme, &what);
        }
    }
    // Narrow: the topics pane beside the list.
    let mut app = sample(80, 24);
    press(&mut app, "t");
    let buf = draw(&app);
    let s = app.screen();
    assert_border(
        &buf,
        s.get(Pane::Topics).expect("topics"),
        true,
        &theme,
        "narrow topics",
    );
    assert_border_but(
        &buf,
        s.get(Pane::List).expect("list"),
        s.strip(),
        false,
        &theme,
        "narrow list",
    );
}

#[test]
fn an_overlay_takes_the_focus_from_every_pane() {
    let theme = Theme::default();
    let mut app = sample(140, 40);
    press(&mut app, "?");
    let buf = draw(&app);
    let s = app.screen();
    // The topics pane is left of the centred overlay, so it is all visible.
    assert_border(
        &buf,
        s.get(Pane::Topics).expect("topics"),
        false,
        &theme,
        "topics",
    );
}

// ----- any size ---------------------------------------------------------

const KEY_SEQUENCES: [&str; 8] = [
    "",
    "<Enter>",
    "?",
    "?G",
    "<Enter>r",
    "t<Space>j<Space>a",
    "jjjjj<Enter><C-d>",
    "G<Enter>G",
];

fn hostile() -> App {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cli/hostile.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let archive = load_str("hostile.json", &text).expect("fixture loads");
    App::new(archive, Source::File(path.into()), Rect::new(0, 0, 80, 24))
}

fn assert_no_control_cells(buf: &Buffer, what: &str) {
    for (i, c) in buf.content().iter().enumerate() {
        assert!(
            !c.symbol().chars().any(char::is_control),
            "{what}: cell {i} holds {:?}",
            c.symbol()
        );
    }
}

#[test]
fn no_cell_holds_a_control_character_at_any_size() {
    let sizes = [
        (1, 1),
        (7, 3),
        (24, 6),
        (33, 9),
        (60, 20),
        (99, 30),
        (140, 40),
        (300, 100),
    ];
    for (w, h) in sizes {
        for keys in KEY_SEQUENCES {
            let mut app = sample(w, h);
            press(&mut app, keys);
            assert_no_control_cells(&draw(&app), &format!("sample {w}x{h} {keys:?}"));
            let mut app = hostile();
            app.resize(w, h);
            press(&mut app, keys);
            assert_no_control_cells(&draw(&app), &format!("hostile {w}x{h} {keys:?}"));
        }
    }
}

#[test]
fn drawing_tiny_screens_never_panics() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (0, 5),
        (5, 0),
        (23, 5),
        (24, 5),
        (23, 6),
        (24, 6),
    ] {
        for keys in KEY_SEQUENCES {
            let mut app = sample(w, h);
            press(&mut app, keys);
            let buf = draw(&app);
            assert_eq!(buf.area, Rect::new(0, 0, w, h));
            // Shrinking a running app to the tiny size works the same.
            let mut app = sample(120, 40);
            press(&mut app, keys);
            app.resize(w, h);
            draw(&app);
            app.resize(120, 40);
            draw(&app);
        }
    }
    // Below 24x6 the screen says so instead of drawing panes.
    let buf = draw(&sample(23, 5));
    assert!(row_text(&buf, 0, 0, 23).starts_with("Terminal too small"));
    let buf = draw(&sample(24, 6));
    assert!(row_text(&buf, 0, 0, 24).contains("lektyr"));
}

// ----- search -------------------------------------------------------------

/// The cells of a row whose text (from `x0`) spells `word` at column `x`.
fn word_at(
    buf: &Buffer,
    y: u16,
    x: u16,
    word: &str,
) -> Vec<(Color, Color, ratatui::style::Modifier)> {
    (x..x + word.chars().count() as u16)
        .map(|x| shown(cell(buf, x, y)))
        .collect()
}

#[test]
fn search_matches_and_the_current_one_have_their_styles() {
    for colour in [true, false] {
        let mut app = quotes(100, 30);
        if !colour {
            app.theme = Theme::default().without_colour();
        }
        let theme = app.theme.clone();
        // "body" is in the first and last paragraphs; `Enter` opens the
        // article at the first.
        press(&mut app, "/body<Enter><Enter>");
        let buf = draw(&app);
        let column = app.text_column(app.screen().get(Pane::Reader).expect("a reader"));
        let first = find_row(&buf, "Body text before", column.x, column.right()).expect("first");
        let last = find_row(&buf, "Body text after", column.x, column.right()).expect("last");
        let x_of = |y: u16| {
            let text = row_text(&buf, y, column.x, column.right());
            column.x + text.find("Body").expect("on the row") as u16
        };
        let current = word_at(&buf, first, x_of(first), "Body");
        let other = word_at(&buf, last, x_of(last), "Body");
        let after = word_at(&buf, first, x_of(first) + 4, " text");
        for c in &current {
            let cell_ok = c.2.contains(theme.search_current.add_modifier);
            assert!(cell_ok, "colour={colour}: current match {c:?}");
        }
        for c in &other {
            assert!(
                c.2.contains(theme.search_match.add_modifier),
                "colour={colour}: {c:?}"
            );
            assert!(
                !c.2.contains(ratatui::style::Modifier::UNDERLINED),
                "colour={colour}: only the current match is underlined"
            );
        }
        assert_ne!(current[0], other[0], "colour={colour}: current stands out");
        // Text beside a match keeps the body style.
        for c in &after {
            assert!(!c.2.contains(ratatui::style::Modifier::REVERSED), "{c:?}");
        }
        if colour {
            assert!(carries(cell(&buf, x_of(last), last), theme.search_match));
        }
    }
}
