//! The timeline: picking months and ranges with keys and the mouse, their
//! combination with topics, the view and a search, the strip's counts
//! checked against filtering the articles by hand, its bars' heights
//! against those counts, and screens of the strip on the sample.

use lektyr::app::{App, Source};
use lektyr::archive::load_str;
use lektyr::cli::{FilterArgs, build_app, load, render_snapshot};
use lektyr::timeline::{DateRange, End, block, eighths, month_of, parse_bound, parse_day};
use lektyr::width::display_width;
use proptest::prelude::*;
use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

/// Articles over 2019 to 2021, two undated, with topics and titles to
/// search for.
const ARCHIVE: &str = r#"{
  "version": 1,
  "articles": [
    {"id": "a", "title": "Alpha north", "date": "2021-06-03", "topics": ["ux", "data"], "body": "x"},
    {"id": "b", "title": "Beta north", "date": "2021-06-01", "topics": ["ux"], "body": "x"},
    {"id": "c", "title": "Gamma south", "date": "2021-02-11", "topics": ["data"], "body": "x"},
    {"id": "d", "title": "Delta north", "date": "2020-03-15", "topics": ["ux"], "body": "x"},
    {"id": "e", "title": "Epsilon south", "date": "2019-12-31", "topics": ["data"], "body": "x"},
    {"id": "f", "title": "Zeta north", "date": "2019-01-01", "topics": ["ux"], "body": "x"},
    {"id": "g", "title": "Eta north", "topics": ["ux"], "body": "x"},
    {"id": "h", "title": "Theta south", "topics": ["data"], "body": "x"}
  ]
}"#;

fn app(w: u16, h: u16) -> App {
    let archive = load_str("t.json", ARCHIVE).expect("fixture loads");
    App::new(
        archive,
        Source::File("t.json".into()),
        Rect::new(0, 0, w, h),
    )
}

fn keys(app: &mut App, keys: &str) -> String {
    render_snapshot(app, keys, false).expect("keys parse")
}

fn ids(app: &App) -> Vec<&str> {
    let mut ids: Vec<&str> = app
        .visible
        .iter()
        .map(|&i| app.archive.articles[i].id.as_str())
        .collect();
    ids.sort_unstable();
    ids
}

fn range(since: &str, until: &str) -> DateRange {
    DateRange {
        since: parse_bound(since, End::Since).ok(),
        until: parse_bound(until, End::Until).ok(),
    }
}

#[test]
fn keys_pick_the_newest_month_then_step_over_empty_ones() {
    let mut a = app(100, 30);
    let screen = keys(&mut a, ",");
    assert_eq!(ids(&a), ["a", "b"]);
    assert_eq!(a.dates.label(), "Jun 2021");
    assert!(
        screen.lines().next().unwrap().contains("Jun 2021"),
        "{screen}"
    );
    // The months between have no article: `,` goes on to February.
    keys(&mut a, ",");
    assert_eq!(ids(&a), ["c"]);
    assert_eq!(a.dates.label(), "Feb 2021");
    keys(&mut a, ".");
    assert_eq!(a.dates.label(), "Jun 2021");
    // `M`: every date again, the undated articles with them.
    keys(&mut a, "M");
    assert_eq!(ids(&a).len(), 8);
    assert!(!a.dates.is_set());
}

#[test]
fn a_range_stretches_from_the_month_picked_and_undated_ones_stay_counted() {
    let mut a = app(100, 30);
    keys(&mut a, ",m,,");
    assert_eq!(a.dates.label(), "Mar 2020 – Jun 2021");
    assert_eq!(ids(&a), ["a", "b", "c", "d"]);
    // Undated articles are out of a range, and the strip says how many.
    assert_eq!(a.strip.undated, 2);
    let screen = keys(&mut a, "");
    let row = usize::from(a.screen().strip().expect("the strip shows").y);
    assert!(
        screen.lines().nth(row).unwrap().contains("2 undated"),
        "{screen}"
    );
    // `m` again keeps the range; `,` then moves one month again.
    keys(&mut a, "m,");
    assert_eq!(a.dates.label(), "Dec 2019");
    // `c` clears dates with the topics.
    keys(&mut a, "c");
    assert!(!a.dates.is_set());
    assert_eq!(ids(&a).len(), 8);
}

#[test]
fn dates_combine_with_topics_and_search() {
    let mut a = app(100, 30);
    a.preselect_topics(&["data".to_string()]);
    a.set_dates(range("2021", "2021"));
    assert_eq!(ids(&a), ["a", "c"]);
    // The topics' live counts follow the dates.
    let data = a.archive.find_topic("data").unwrap();
    let ux = a.archive.find_topic("ux").unwrap();
    assert_eq!(a.counts[data], 2);
    assert_eq!(a.counts[ux], 1);
    // The strip leaves the dates out: 2019's one data article still shows.
    let dec_2019 =
        (month_of(parse_day("2019-12-31").unwrap()) - a.timeline.span.unwrap().0) as usize;
    assert_eq!(a.strip.months[dec_2019], 1);
    assert_eq!(a.strip.undated, 1, "Theta, undated, has the topic");
    // A search narrows the three of them together.
    keys(&mut a, "/south<Enter>");
    assert_eq!(ids(&a), ["c"]);
    assert_eq!(a.strip.dated(), 2, "Gamma and Epsilon");
    assert_eq!(a.strip.undated, 1, "Theta");
}

#[test]
fn the_header_says_the_range_and_the_counts_follow() {
    let mut a = app(100, 30);
    a.set_dates(range("2020-03", "2021-02"));
    let screen = keys(&mut a, "");
    let header = screen.lines().next().unwrap();
    assert!(header.contains("Mar 2020 – Feb 2021"), "{header}");
    assert!(screen.contains("Articles 2/8"), "{screen}");
}

fn click(a: &mut App, kind: MouseEventKind, column: u16, row: u16) {
    a.handle_event(&Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

#[test]
fn the_mouse_picks_a_bar_and_a_drag_a_range() {
    let mut a = app(100, 30);
    keys(&mut a, "");
    let strip = a.screen().strip().expect("the strip shows");
    let row = strip.y;
    let layout = a.strip_layout().expect("laid out");
    let x_of = |bar: usize| strip.x + layout.bars_x + bar as u16 * layout.cell;
    // The last bar is June 2021.
    let last = layout.bars.len - 1;
    click(
        &mut a,
        MouseEventKind::Down(MouseButton::Left),
        x_of(last),
        row,
    );
    assert_eq!(a.dates.label(), "Jun 2021");
    // Again on the only bar picked: every date.
    click(
        &mut a,
        MouseEventKind::Down(MouseButton::Left),
        x_of(last),
        row,
    );
    assert!(!a.dates.is_set());
    // A drag from the first bar to the 15th: January 2019 to March 2020.
    click(
        &mut a,
        MouseEventKind::Down(MouseButton::Left),
        x_of(0),
        row,
    );
    click(
        &mut a,
        MouseEventKind::Drag(MouseButton::Left),
        x_of(14),
        row + 3,
    );
    click(
        &mut a,
        MouseEventKind::Up(MouseButton::Left),
        x_of(14),
        row + 3,
    );
    assert_eq!(a.dates.label(), "Jan 2019 – Mar 2020");
    assert_eq!(ids(&a), ["d", "e", "f"]);
}

/// The glyphs of the strip's bars as drawn, one a bar.
fn drawn_bars(a: &mut App) -> Vec<char> {
    let screen = keys(a, "");
    let strip = a.screen().strip().expect("the strip shows");
    let layout = a.strip_layout().expect("laid out");
    let line: Vec<char> = screen
        .lines()
        .nth(usize::from(strip.y))
        .expect("the strip's row")
        .chars()
        .collect();
    // Every glyph before the bars is one cell wide (borders, ASCII labels).
    (0..layout.bars.len)
        .map(|i| line[usize::from(strip.x + layout.bars_x + i as u16 * layout.cell)])
        .collect()
}

#[test]
fn bar_heights_match_the_counts() {
    let mut a = app(100, 30);
    let bars = drawn_bars(&mut a);
    let layout = a.strip_layout().unwrap();
    let sums = layout.bars.sums(&a.strip, a.timeline.span.unwrap().0);
    let max = *sums.iter().max().unwrap();
    assert_eq!(max, 2, "June 2021");
    for (i, (&glyph, &n)) in bars.iter().zip(&sums).enumerate() {
        assert_eq!(glyph, block(eighths(n, max)), "bar {i}: {n} of {max}");
        assert_eq!(glyph == ' ', n == 0, "bar {i}");
    }
    assert_eq!(bars[layout.bars.len - 1], '█');
    assert_eq!(bars[0], '▄', "one article of two: half a cell");
}

/// An archive of `dates` (None: undated), each with the topics of `tags`
/// (bits of four topics) and a title with `north` or `south`.
/// A generated article: its year and month (None: undated), its topics
/// as bits, and whether its title says north.
type Row = (Option<(u32, u32)>, u8, bool);

fn archive_json(rows: &[Row]) -> String {
    let topics = ["t0", "t1", "t2", "t3"];
    let articles: Vec<serde_json::Value> = rows
        .iter()
        .enumerate()
        .map(|(i, (date, tags, north))| {
            let mut a = serde_json::json!({
                "id": format!("a{i}"),
                "title": format!("Item {i} {}", if *north { "north" } else { "south" }),
                "topics": topics.iter().enumerate()
                    .filter(|(t, _)| tags & (1 << t) != 0).map(|(_, n)| *n).collect::<Vec<_>>(),
                "body": "x",
            });
            if let Some((y, m)) = date {
                a["date"] = format!("{y}-{m:02}-{:02}", 1 + i % 28).into();
            }
            a
        })
        .collect();
    serde_json::json!({"version": 1, "articles": articles}).to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The list, the topics' counts and every bar of the strip are what
    /// filtering the articles by hand gives, for any topics, match mode,
    /// dates, view and search.
    #[test]
    fn strip_and_list_counts_are_the_filter_by_hand(
        rows in prop::collection::vec(
            (prop::option::weighted(0.85, (2018u32..2022, 1u32..13)), 0u8..16, any::<bool>()),
            0..40,
        ),
        picked in 0u8..16,
        all in any::<bool>(),
        since in prop::option::of((2018u32..2022, 1u32..13)),
        until in prop::option::of((2018u32..2022, 1u32..13)),
        unread_view in any::<bool>(),
        read_bits in any::<u64>(),
        search in prop::option::of(prop_oneof![Just("north"), Just("south")]),
    ) {
        let text = archive_json(&rows);
        let archive = load_str("p.json", &text).expect("loads");
        let mut a = App::new(archive, Source::File("p.json".into()), Rect::new(0, 0, 120, 30));
        // Read marks as the app keeps them, then the view over them.
        for i in 0..a.read.len() {
            a.read[i] = read_bits & (1 << (i % 64)) != 0;
        }
        let names: Vec<String> = (0..4).filter(|t| picked & (1 << t) != 0)
            .map(|t| format!("t{t}")).collect();
        a.preselect_topics(&names);
        let mut k = String::new();
        if all { k.push('a'); }
        if unread_view { k.push('U'); }
        if let Some(q) = search { k.push_str(&format!("/{q}<Enter>")); }
        keys(&mut a, &k);
        let range = DateRange {
            since: since.and_then(|(y, m)| parse_bound(&format!("{y}-{m:02}"), End::Since).ok()),
            until: until.and_then(|(y, m)| parse_bound(&format!("{y}-{m:02}"), End::Until).ok()),
        };
        a.set_dates(range);

        // By hand: each filter on its own. A search that finds nothing in
        // the list is not kept in force (the list stays as it was).
        let n = a.archive.articles.len();
        let search = search.filter(|_| a.search.is_active());
        // A topic no article has is no filter (the app says so).
        let active: Vec<usize> = names.iter().filter_map(|t| a.archive.find_topic(t)).collect();
        let but_dates = |i: usize| {
            let art = &a.archive.articles[i];
            let topics_ok = active.is_empty() || if all {
                active.iter().all(|t| art.topics.contains(t))
            } else {
                active.iter().any(|t| art.topics.contains(t))
            };
            let view_ok = !unread_view || !a.read[i];
            let search_ok = search.is_none_or(|q| art.title.contains(q));
            topics_ok && view_ok && search_ok
        };
        let day = |i: usize| a.archive.articles[i].date.as_ref()
            .and_then(|d| d.day.as_deref()).and_then(parse_day).unwrap_or(0);
        let mut expect: Vec<usize> = (0..n).filter(|&i| but_dates(i) && range.contains(day(i))).collect();
        let mut got = a.visible.clone();
        expect.sort_unstable();
        got.sort_unstable();
        prop_assert_eq!(&got, &expect);
        for (t, &count) in a.counts.iter().enumerate() {
            let by_hand = expect.iter().filter(|&&i| a.archive.articles[i].topics.contains(&t)).count();
            prop_assert_eq!(count, by_hand, "topic {}", t);
        }
        // The strip: every filter but the dates.
        let undated = (0..n).filter(|&i| but_dates(i) && day(i) == 0).count();
        prop_assert_eq!(a.strip.undated, undated);
        if let Some((first, _)) = a.timeline.span {
            for (k, &count) in a.strip.months.iter().enumerate() {
                let by_hand = (0..n)
                    .filter(|&i| but_dates(i) && day(i) != 0 && month_of(day(i)) == first + k as u32)
                    .count();
                prop_assert_eq!(count, by_hand, "month {}", k);
            }
        } else {
            prop_assert!(a.strip.months.is_empty());
        }
    }
}

// ----- screens of the strip on the built-in sample -------------------

fn sample_screen(w: u16, h: u16, keys: &str) -> String {
    let loaded = load(None, None, None).expect("the built-in sample loads");
    let (mut app, _) = build_app(
        loaded.archive,
        loaded.source,
        Rect::new(0, 0, w, h),
        &FilterArgs::default(),
    );
    let text = render_snapshot(&mut app, keys, false).expect("keys parse");
    assert_eq!(text.lines().count(), usize::from(h));
    for line in text.lines() {
        assert!(display_width(line) <= usize::from(w), "{line}");
    }
    text
}

#[test]
fn strip_screens() {
    // A range picked with keys: from the newest month (or year), one back.
    let keys = ",m,";
    for (w, h) in [(60, 20), (80, 24), (160, 45)] {
        let text = sample_screen(w, h, keys);
        insta::assert_snapshot!(
            format!("strip_{w}x{h}"),
            text,
            &format!("lektyr snapshot --size {w}x{h} --keys '{keys}'")
        );
    }
}

#[test]
fn without_colour_the_strip_keeps_the_months_picked_apart() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier};
    let mut a = app(100, 30);
    a.theme = a.theme.without_colour();
    keys(&mut a, ",");
    let strip = a.screen().strip().expect("the strip shows");
    let layout = a.strip_layout().expect("laid out");
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("backend");
    terminal.draw(|f| lektyr::ui::draw(f, &a)).expect("draws");
    let buf = terminal.backend().buffer();
    for x in strip.x..strip.right() {
        let cell = &buf[(x, strip.y)];
        assert!(matches!(cell.fg, Color::Reset), "({x}) {cell:?}");
        assert!(matches!(cell.bg, Color::Reset), "({x}) {cell:?}");
    }
    // The month picked (the last bar) is underlined, the others not.
    let bar = |i: usize| &buf[(strip.x + layout.bars_x + i as u16 * layout.cell, strip.y)];
    let last = layout.bars.len - 1;
    assert!(bar(last).modifier.contains(Modifier::UNDERLINED));
    assert!(!bar(0).modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn the_dates_picked_are_kept_in_the_session_and_old_sessions_have_none() {
    let mut a = app(100, 30);
    a.set_dates(range("2020-03", "2021-02"));
    let mut state = a.state.clone();
    state.session = Some(a.session());
    let json = serde_json::to_string(&state).expect("writes");
    assert!(
        json.contains(r#""since":"2020-03-01","until":"2021-02-28""#),
        "{json}"
    );
    let mut b = app(100, 30);
    b.restore(serde_json::from_str(&json).expect("reads back"));
    assert_eq!(b.dates, a.dates);
    assert_eq!(ids(&b), ids(&a));
    // `,` steps on from the end of the range restored.
    keys(&mut b, ",");
    assert_eq!(b.dates.label(), "Mar 2020");
    // A session written before dates were kept: every date.
    let old = r#"{"lektyr_state":1,"archive":"t.json","ids":[],"articles":{},
        "session":{"selected":"c","topics":["data"],"match":"any","view":"all",
        "reader_open":false,"focus":"topics","at":5}}"#;
    let mut c = app(100, 30);
    c.restore(serde_json::from_str(old).expect("an old state file reads"));
    assert!(!c.dates.is_set());
    assert_eq!(ids(&c), ["a", "c", "e", "h"]);
}
