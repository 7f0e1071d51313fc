//! Whole screens of the built-in sample as insta snapshots, at the sizes
//! people use (80×24, 140×40) and at the edges of the layouts (60×20 and
//! 200×60, a narrow reader). Each snapshot records the `lektyr snapshot`
//! command that draws it, so a changed screen can be looked at by hand.

use lektyr::app::App;
use lektyr::archive::Block;
use lektyr::cli::{FilterArgs, build_app, load, render_snapshot};
use lektyr::width::display_width;
use ratatui::layout::Rect;

/// The article whose pull quote the pull-quote screens scroll to: second
/// in the list, so it is reached with `j`.
const PULLQUOTE_ARTICLE: &str = "copilot-i-kundtjanst-tre-manader";
const OPEN_PULLQUOTE_ARTICLE: &str = "j<Enter>";

fn sample_app(w: u16, h: u16) -> App {
    let loaded = load(None, None, None).expect("the built-in sample loads");
    let (app, unknown) = build_app(
        loaded.archive,
        loaded.source,
        Rect::new(0, 0, w, h),
        &FilterArgs::default(),
    );
    assert!(unknown.is_empty());
    app
}

/// The screen after `keys`, as `lektyr snapshot` prints it.
fn screen(w: u16, h: u16, keys: &str) -> String {
    let mut app = sample_app(w, h);
    render_snapshot(&mut app, keys, false).expect("keys parse")
}

/// Keys that open the pull-quote article and scroll its pull quote to the
/// second line of the reader (one line of context above it).
fn pullquote_keys(w: u16, h: u16) -> String {
    let mut app = sample_app(w, h);
    render_snapshot(&mut app, OPEN_PULLQUOTE_ARTICLE, false).expect("keys parse");
    let article = app.article.expect("an article is open");
    assert_eq!(app.archive.articles[article].id, PULLQUOTE_ARTICLE);
    let block = app.archive.articles[article]
        .detail()
        .body
        .iter()
        .position(|b| matches!(b, Block::PullQuote { .. }))
        .expect("the article has a pull quote");
    let laid = app.laid().expect("the reader is on screen");
    let line = laid.block_starts[block];
    format!(
        "{OPEN_PULLQUOTE_ARTICLE}{}",
        "j".repeat(line.saturating_sub(1))
    )
}

/// Snapshots one screen and checks its shape first, so a snapshot can never
/// be accepted with lines that overflow the terminal.
fn check(name: &str, w: u16, h: u16, keys: &str) -> String {
    let text = screen(w, h, keys);
    assert_eq!(text.lines().count(), usize::from(h), "{name}: height");
    for line in text.lines() {
        assert!(
            display_width(line) <= usize::from(w),
            "{name}: {line:?} is wider than {w}"
        );
    }
    insta::with_settings!({
        description => format!("lektyr snapshot --size {w}x{h} --keys '{keys}'"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
    text
}

macro_rules! screens {
    ($($name:ident: $w:literal x $h:literal, $keys:expr, |$text:ident| $check:expr;)*) => {
        $(
            #[test]
            fn $name() {
                let keys: String = $keys;
                let $text = check(stringify!($name), $w, $h, &keys);
                assert!($check, "{}:\n{}", stringify!($name), $text);
            }
        )*
    };
}

fn wide_opening(text: &str) -> bool {
    text.contains("Topics · ANY") && text.contains("Articles 17/17") && text.contains(" 1/17 ")
}

/// Characters of the first article's title the list shows (up to a cut or
/// the pane's border).
fn first_title_shown(text: &str) -> usize {
    const START: &str = "We're hiring";
    let Some(row) = text.lines().find(|l| l.contains(START)) else {
        return 0;
    };
    let from = row.find(START).unwrap_or(0);
    row[from..]
        .split(['…', '┃', '│'])
        .next()
        .unwrap_or("")
        .trim_end()
        .chars()
        .count()
}

/// The first article's whole title.
const FIRST_TITLE: &str = "We're hiring: a developer who likes talking to people 👩‍💻";

fn topics_all(text: &str) -> bool {
    text.contains("filter: Kundresa + Kundservice (ALL)") && text.contains("[x] Kundresa")
}

screens! {
    opening_80x24: 80 x 24, String::new(), |t| t.contains("Articles 17/17");
    opening_140x40: 140 x 40, String::new(), |t| wide_opening(&t);
    opening_60x20: 60 x 20, String::new(), |t| t.contains("Articles 17/17");
    opening_200x60: 200 x 60, String::new(), |t| wide_opening(&t);

    pullquote_80x24: 80 x 24, pullquote_keys(80, 24), |t| t.contains('┏') && t.contains('┗');
    pullquote_140x40: 140 x 40, pullquote_keys(140, 40), |t| t.contains('┏') && t.contains('┗');
    pullquote_60x20: 60 x 20, pullquote_keys(60, 20), |t| t.contains('┏') && t.contains('┗');
    pullquote_200x60: 200 x 60, pullquote_keys(200, 60), |t| t.contains('┏') && t.contains('┗');

    topics_all_80x24: 80 x 24, "t<Space>j<Space>a".into(), |t| topics_all(&t);
    topics_all_140x40: 140 x 40, "t<Space>j<Space>a".into(), |t| topics_all(&t);
    topics_all_60x20: 60 x 20, "t<Space>j<Space>a".into(), |t| topics_all(&t);
    topics_all_200x60: 200 x 60, "t<Space>j<Space>a".into(), |t| topics_all(&t);

    // The list's widths: at 100 it has the screen alone; from 120 the
    // reader takes its measure and margins, the list the rest, and never
    // less than room for 40 characters of title; at 200 the first one
    // shows whole.
    list_100x30: 100 x 30, String::new(), |t| first_title_shown(&t) >= 40;
    list_120x30: 120 x 30, String::new(), |t| first_title_shown(&t) >= 40;
    list_160x30: 160 x 30, String::new(), |t| first_title_shown(&t) >= 40;
    list_200x30: 200 x 30, String::new(), |t| first_title_shown(&t) == FIRST_TITLE.chars().count() && t.contains(FIRST_TITLE);
    // Topics hidden with `t` (focus, then hide): the list takes their room.
    list_topics_hidden_120x30: 120 x 30, "tt".into(), |t| !t.contains("Topics ·") && first_title_shown(&t) >= 36;

    help_80x24: 80 x 24, "?".into(), |t| t.contains("Keys — Esc closes");
    help_140x40: 140 x 40, "?".into(), |t| t.contains("Keys — Esc closes");
    help_60x20: 60 x 20, "?".into(), |t| t.contains("Keys — Esc closes") && t.contains("more");
    help_200x60: 200 x 60, "?".into(), |t| t.contains("Keys — Esc closes");

    related_80x24: 80 x 24, "<Enter>r".into(), |t| t.contains("Related — Enter opens");
    related_140x40: 140 x 40, "<Enter>r".into(), |t| t.contains("Related — Enter opens");
    related_60x20: 60 x 20, "<Enter>r".into(), |t| t.contains("Related — Enter opens");
    related_200x60: 200 x 60, "<Enter>r".into(), |t| t.contains("Related — Enter opens");

    // A search typed (prompt open) and one kept with Enter, reading a hit.
    search_typing_80x24: 80 x 24, "/kundresa -enkät".into(), |t| t.contains("/kundresa -enkät · 9 articles") && t.lines().last().unwrap_or("").starts_with("/kundresa -enkät");
    search_typing_140x40: 140 x 40, "/kundresa -enkät".into(), |t| t.contains("Articles 9/17") && t.contains(" found ");
    search_kept_80x24: 80 x 24, "/teknikern<Enter><Enter>n".into(), |t| t.contains("/teknikern · 4 articles") && t.contains("tekniker");
    search_kept_140x40: 140 x 40, "/teknikern<Enter>n".into(), |t| t.contains("/teknikern · 4 articles") && t.contains("Articles 4/17");

    // The Tokyo article mixes Japanese and English: its first Japanese
    // paragraph, scrolled to the top of a reader as wide as the screen,
    // wraps between wide characters. At 25 columns the text has 21 cells,
    // an odd number: a row of wide characters leaves one cell free, where
    // a wrong cut would split one at the border.
    narrow_reader_60x20: 60 x 20, cjk_keys(60, 20), |t| cjk_wrapped(&t, 60, 20);
    narrow_reader_36x16: 36 x 16, cjk_keys(36, 16), |t| cjk_wrapped(&t, 36, 16);
    narrow_reader_25x12: 25 x 12, cjk_keys(25, 12), |t| cjk_wrapped(&t, 25, 12);
    narrow_reader_24x12: 24 x 12, cjk_keys(24, 12), |t| cjk_wrapped(&t, 24, 12);
}

/// The Tokyo article, sixth in the list, and its first paragraph of wide
/// characters only (Japanese, without spaces).
const CJK_ARTICLE: &str = "tokyo-office-visit";
const OPEN_CJK_ARTICLE: &str = "jjjjj<Enter>";

/// Keys that open the Tokyo article and scroll its first Japanese
/// paragraph to the reader's first line; with the paragraph's text.
fn cjk_paragraph(w: u16, h: u16) -> (String, String) {
    let mut app = sample_app(w, h);
    render_snapshot(&mut app, OPEN_CJK_ARTICLE, false).expect("keys parse");
    let article = app.article.expect("an article is open");
    assert_eq!(app.archive.articles[article].id, CJK_ARTICLE);
    let (block, text) = app.archive.articles[article]
        .detail()
        .body
        .iter()
        .enumerate()
        .find_map(|(i, b)| match b {
            Block::Paragraph(rich) => {
                let text = rich.to_plain();
                let all_wide = text.chars().all(|c| display_width(&c.to_string()) == 2);
                all_wide.then_some((i, text))
            }
            _ => None,
        })
        .expect("the article has a paragraph of wide characters");
    let laid = app.laid().expect("the reader is on screen");
    let keys = format!("{OPEN_CJK_ARTICLE}{}", "j".repeat(laid.block_starts[block]));
    (keys, text)
}

fn cjk_keys(w: u16, h: u16) -> String {
    cjk_paragraph(w, h).0
}

/// Checks the screen of `cjk_keys`: the reader fills it between the
/// header and the status line, each row keeps its border in the last
/// column, and from its first row the paragraph is shown whole (or as far
/// as the reader reaches): its characters in order, none lost, cut or
/// added, broken into rows between wide characters, each row but the last
/// as full as the room allows (the next wide character would not fit) and
/// none wider.
fn cjk_wrapped(screen: &str, w: u16, h: u16) -> bool {
    let (_, text) = cjk_paragraph(w, h);
    let w = usize::from(w);
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines[1].starts_with('┏') && lines[1].ends_with('┓'),
        "{screen}"
    );
    let last = lines.len() - 2;
    assert!(lines[last].starts_with('┗'), "{screen}");
    let mut rows = Vec::new();
    for line in &lines[2..last] {
        assert_eq!(
            display_width(line),
            w,
            "{line:?}: the border in the last column"
        );
        let inner = line
            .strip_prefix('┃')
            .and_then(|l| l.strip_suffix(['┃', '█']))
            .unwrap_or_else(|| panic!("{line:?}: a row of the reader"));
        assert_eq!(display_width(inner), w - 2, "{line:?}");
        rows.push(inner);
    }
    // One cell of margin each side: the text has the rest.
    let room = w - 4;
    let shown: Vec<&str> = rows
        .iter()
        .map(|r| r.trim())
        .take_while(|r| !r.is_empty())
        .collect();
    assert!(shown.len() >= 3, "the paragraph wraps:\n{screen}");
    for (row, inner) in shown.iter().zip(&rows) {
        assert!(
            inner.starts_with(&format!(" {row}")),
            "{inner:?}: a margin of one cell"
        );
        assert!(display_width(row) <= room, "{row:?} is wider than {room}");
        assert!(
            row.chars().all(|c| display_width(&c.to_string()) == 2),
            "{row:?}: only wide characters, no space at a break, no mark of a cut one"
        );
    }
    for pair in shown.windows(2) {
        assert!(
            display_width(pair[0]) + 2 > room,
            "{:?} is not full: the next row starts {:?}",
            pair[0],
            pair[1]
        );
    }
    let joined: String = shown.concat();
    if shown.len() < rows.len() {
        assert_eq!(joined, text, "the whole paragraph, then a blank row");
    } else {
        assert!(
            text.starts_with(&joined) && !joined.is_empty(),
            "{joined:?} begins {text:?}"
        );
    }
    true
}

/// The `snapshot` command prints what the library renders.
#[test]
fn the_snapshot_command_prints_the_same_screen() {
    let keys = pullquote_keys(80, 24);
    let out = assert_cmd::Command::cargo_bin("lektyr")
        .expect("cargo builds the lektyr binary for tests")
        .args(["snapshot", "--size", "80x24", "--keys", &keys])
        .output()
        .expect("lektyr runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), screen(80, 24, &keys));
}

/// The rows of the overlay box (between its `║` sides) of a screen.
fn overlay_rows(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let start = line.find('║')?;
            let end = line.rfind('║').filter(|&e| e > start)?;
            line.get(start + '║'.len_utf8()..end).map(str::to_string)
        })
        .collect()
}

#[test]
fn help_rows_keep_a_blank_before_the_border() {
    for (w, h) in [(60, 20), (50, 20), (40, 16)] {
        let text = screen(w, h, "?");
        let rows = overlay_rows(&text);
        assert!(!rows.is_empty(), "{w}x{h}: the help shows");
        for row in rows {
            assert!(row.ends_with(' '), "{w}x{h}: {row:?} touches the border");
        }
    }
}

#[test]
fn help_box_has_no_empty_rows_when_everything_fits() {
    let text = screen(140, 40, "?");
    let rows = overlay_rows(&text);
    assert!(!rows.is_empty());
    let empty = rows.iter().filter(|r| r.trim().is_empty()).count();
    assert_eq!(empty, 0, "{rows:#?}");
}

#[test]
fn status_hints_are_whole_at_80_columns() {
    for keys in ["", "<Enter>", "t"] {
        let text = screen(80, 24, keys);
        let status = text.lines().last().unwrap_or_default();
        assert!(!status.contains('…'), "{keys:?}: {status:?}");
    }
}

/// The status line, the screen's last row.
fn status_line(text: &str) -> String {
    text.lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_help_hint_is_there_at_every_width() {
    for keys in ["", "<Enter>", "t", "/kundresa<Enter>"] {
        for w in 24..=200 {
            let status = status_line(&screen(w, 20, keys));
            assert!(status.contains("? help"), "{keys:?} at {w}: {status:?}");
        }
    }
    // An overlay's hints keep how to close it (below 60 columns an overlay
    // takes the whole screen).
    for w in 60..=100 {
        let status = status_line(&screen(w, 24, "<Enter>r"));
        assert!(status.contains("Esc close"), "at {w}: {status:?}");
    }
}

#[test]
fn narrow_hints_keep_quit_and_open_before_the_rest() {
    let status = status_line(&screen(60, 20, ""));
    assert!(
        status.contains("q quit") && status.contains("Enter open"),
        "{status:?}"
    );
    let status = status_line(&screen(80, 24, ""));
    assert!(status.contains("q quit"), "{status:?}");
    // Hints stay in their own order whichever are left out.
    let at = |s: &str| status.find(s).expect("shown");
    assert!(at("Enter open") < at("? help") && at("? help") < at("q quit"));
}

#[test]
fn the_too_small_screen_fits_down_to_one_cell() {
    let sizes = (1..=30).flat_map(|w| (1..=8).map(move |h| (w, h)));
    for (w, h) in sizes.filter(|&(w, h)| w < 24 || h < 6) {
        let text = screen(w, h, "");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), usize::from(h), "{w}x{h}");
        assert!(
            lines.iter().all(|l| display_width(l) <= usize::from(w)),
            "{w}x{h}: {text}"
        );
        assert!(!text.contains('…'), "{w}x{h}: nothing cut: {text}");
        assert!(!text.trim().is_empty(), "{w}x{h}: says something");
        if w >= 4 {
            assert!(text.contains("24×6"), "{w}x{h}: says what it needs: {text}");
        }
    }
    let roomy = screen(23, 10, "");
    assert!(
        roomy.contains("Terminal too small (23×10); lektyr needs 24×6")
            || roomy.split_whitespace().collect::<Vec<_>>().join(" ")
                == "Terminal too small (23×10); lektyr needs 24×6",
        "{roomy}"
    );
}

#[test]
fn an_untitled_archive_keeps_its_file_name_in_the_header() {
    let archive = lektyr::archive::load_str(
        "wallabag.json",
        r#"{"version": 1, "articles": [{"id": "a", "title": "A", "body": "Text"}]}"#,
    )
    .expect("loads");
    let path = "archives/2024/exports/wallabag.json";
    for w in 60..=120 {
        let mut app = App::new(
            archive.clone(),
            lektyr::app::Source::File(path.into()),
            Rect::new(0, 0, w, 20),
        );
        let text = render_snapshot(&mut app, "", false).expect("keys parse");
        let header = text.lines().next().unwrap_or("");
        assert!(
            header.contains("/wallabag.json "),
            "{w}: the file name is cut: {header:?}"
        );
        assert!(
            header.contains(path) || header.contains(" lektyr · …/"),
            "{w}: the directories go first: {header:?}"
        );
    }
}

#[test]
fn help_descriptions_wrap_whole_at_narrow_widths() {
    let rows = sample_app(60, 20).keymap.help_rows();
    for w in [40, 50, 60, 80] {
        // Tall enough to show every line.
        let text = screen(w, 160, "?");
        let shown = overlay_rows(&text);
        assert!(
            shown.iter().all(|r| !r.contains('…')),
            "{w}: a description is cut:\n{text}"
        );
        let words: Vec<&str> = shown.iter().flat_map(|r| r.split_whitespace()).collect();
        for (_, desc) in &rows {
            for word in desc.split_whitespace() {
                assert!(
                    words.contains(&word),
                    "{w}: {word:?} of {desc:?} is missing"
                );
            }
        }
    }
}

#[test]
fn the_status_line_cuts_a_message_after_a_whole_word() {
    let message = "Marked 17 articles read — A again undoes";
    for w in 30..=80u16 {
        let text = screen(w, 20, "A");
        let status = status_line(&text);
        let left = status.split("  ").next().unwrap_or("").trim();
        assert!(!left.is_empty(), "{w}: {status:?}");
        let shown = left.trim_end_matches('…');
        assert!(
            message.starts_with(shown)
                && (shown.len() == message.len() || message[shown.len()..].starts_with(' ')),
            "{w}: {status:?} cuts a word of {message:?}"
        );
    }
}
