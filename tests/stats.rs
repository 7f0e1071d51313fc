//! The statistics view and its numbers: opened from the keymap, `Esc`
//! back to the reader as it was left; every count checked against
//! filtering the articles by hand; the chart's bar heights against the
//! counts; screens of the view on the sample.

use lektyr::app::{App, Board, Pane};
use lektyr::archive::load_str;
use lektyr::cli::{FilterArgs, build_app, load, render_snapshot};
use lektyr::stats::{Base, Input, Stats, WEEKS};
use lektyr::timeline::{End, Timeline, parse_bound};
use lektyr::width::display_width;
use proptest::prelude::*;
use ratatui::layout::Rect;

fn sample(w: u16, h: u16) -> App {
    let loaded = load(None, None, None).expect("the built-in sample loads");
    let (app, _) = build_app(
        loaded.archive,
        loaded.source,
        Rect::new(0, 0, w, h),
        &FilterArgs::default(),
    );
    app
}

fn keys(app: &mut App, keys: &str) -> String {
    render_snapshot(app, keys, false).expect("keys parse")
}

#[test]
fn the_view_opens_over_the_reader_and_esc_puts_it_back() {
    let mut a = sample(100, 30);
    keys(&mut a, "jj<Enter>jjj");
    let (focus, article, scroll) = (a.focus, a.article, a.scroll);
    assert_eq!(focus, Pane::Reader);
    let screen = keys(&mut a, "i");
    assert_eq!(a.board, Some(Board::Stats));
    assert!(screen.contains("Statistics"), "{screen}");
    assert!(screen.contains("unread in Kundresa"), "{screen}");
    keys(&mut a, "jj<Esc>");
    assert_eq!(a.board, None);
    assert_eq!((a.focus, a.article, a.scroll), (focus, article, scroll));
    // The key that opened it closes it too.
    keys(&mut a, "ii");
    assert_eq!(a.board, None);
}

#[test]
fn the_view_follows_the_filter_and_picks_a_topic_share() {
    let mut a = sample(100, 30);
    keys(&mut a, "i");
    let all = a.stats_view.stats.articles;
    assert_eq!(all, 17);
    // A topic switched on (here from the command line's way in) narrows
    // the view as it does the list.
    let kundresa = a.archive.find_topic("Kundresa").unwrap();
    a.preselect_topics(&["Kundresa".to_string()]);
    keys(&mut a, "i<Esc>i");
    assert!(a.active[kundresa]);
    assert_eq!(a.stats_view.stats.articles, a.visible.len());
    assert!(a.stats_view.stats.articles < all);
    // The dates keys work here too.
    keys(&mut a, ",");
    assert!(a.dates.is_set());
    assert_eq!(a.stats_view.stats.articles, a.visible.len());
    // Enter: the chart shows the topic's share.
    keys(&mut a, "c<Enter>");
    assert_eq!(a.stats_view.share, Some(kundresa));
    let shares: usize = a
        .stats_view
        .stats
        .periods
        .iter()
        .map(|p| p.share.unwrap())
        .sum();
    let dated_with_topic = a
        .visible
        .iter()
        .filter(|&&i| a.archive.articles[i].topics.contains(&kundresa))
        .filter(|&&i| a.timeline.day(i) != 0)
        .count();
    assert_eq!(shares, dated_with_topic);
    let screen = keys(&mut a, "");
    assert!(screen.contains("Kundresa beside"), "{screen}");
}

#[test]
fn reading_counts_the_week_each_article_was_marked_read() {
    let mut a = sample(100, 30);
    // Two marked now; one seeded into the state with no time: "before".
    keys(&mut a, "uju");
    let key = a.archive.state_key(a.visible[5]).into_owned();
    a.state.set_read(&key, true, 0);
    a.read[a.visible[5]] = true;
    keys(&mut a, "i");
    let r = &a.stats_view.stats.reading;
    assert_eq!(r.weeks.len(), WEEKS);
    assert_eq!(r.weeks[WEEKS - 1], 2, "this week's");
    assert_eq!(r.weeks.iter().sum::<usize>(), 2);
    assert_eq!(r.before, 1);
}

/// The chart's bars as drawn: per bar column, the eighths of a cell it
/// fills, bottom up.
fn column_eighths(screen: &str, x: usize, top: usize, bottom: usize) -> u64 {
    let mut total = 0;
    for line in screen.lines().take(bottom).skip(top) {
        let c = line.chars().nth(x).unwrap_or(' ');
        total += match c {
            '█' => 8,
            '▇' => 7,
            '▆' => 6,
            '▅' => 5,
            '▄' => 4,
            '▃' => 3,
            '▂' => 2,
            '▁' => 1,
            _ => 0,
        };
    }
    total
}

#[test]
fn chart_bars_are_as_tall_as_their_counts() {
    let mut a = sample(80, 24);
    let screen = keys(&mut a, "i");
    let lines: Vec<&str> = screen.lines().collect();
    let title = lines
        .iter()
        .position(|l| l.contains("Articles per year"))
        .expect("the chart's title");
    let labels = lines
        .iter()
        .position(|l| l.contains("2023") && l.contains("2025") && !l.contains("·"))
        .expect("the chart's labels");
    let periods = &a.stats_view.stats.periods;
    let max = periods.iter().map(|p| p.articles).max().unwrap();
    let rows = (labels - title - 1) as u64;
    let label_line: Vec<char> = lines[labels].chars().collect();
    for p in periods {
        let x = lines[labels]
            .find(&p.label)
            .map(|byte| lines[labels][..byte].chars().count())
            .expect("a label");
        assert_eq!(label_line[x], p.label.chars().next().unwrap());
        let drawn = column_eighths(&screen, x, title + 1, labels);
        let want = (p.articles as u64 * rows * 8).div_ceil(max as u64);
        assert_eq!(drawn, want, "{}: {} of {max}", p.label, p.articles);
        assert!(drawn > 0);
    }
}

/// A generated article: its year and month (None: undated), its topics
/// as bits, and a number choosing its author and series.
type Row = (Option<(u32, u32)>, u8, u8);

/// Articles with dates over 2020 to 2021, four topics, authors and
/// series; some undated.
fn archive_json(rows: &[Row]) -> String {
    let articles: Vec<serde_json::Value> = rows
        .iter()
        .enumerate()
        .map(|(i, (date, tags, who))| {
            let mut a = serde_json::json!({
                "id": format!("a{i}"),
                "title": format!("Item {i}"),
                "topics": (0..4).filter(|t| tags & (1 << t) != 0)
                    .map(|t| format!("t{t}")).collect::<Vec<_>>(),
                "body": "word ".repeat(1 + 90 * (i % 5)),
            });
            if who % 3 != 0 {
                a["author"] = serde_json::json!({"name": format!("Author {}", who % 3)});
            }
            if who % 2 == 0 {
                a["series"] = format!("Series {}", who % 4).into();
            }
            if let Some((y, m)) = date {
                a["date"] = format!("{y}-{m:02}-{:02}", 1 + i % 28).into();
            }
            a
        })
        .collect();
    serde_json::json!({"version": 1, "articles": articles}).to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Every number of the view is what counting the filtered list by
    /// hand gives.
    #[test]
    fn every_count_is_the_filtered_list_counted_by_hand(
        rows in prop::collection::vec(
            (prop::option::weighted(0.8, (2020u32..2022, 1u32..13)), 0u8..16, 0u8..12),
            0..30,
        ),
        keep_bits in any::<u32>(),
        read_bits in any::<u32>(),
        share in prop::option::of(0usize..4),
        since in prop::option::of(2020u32..2022),
    ) {
        let archive = load_str("p.json", &archive_json(&rows)).expect("loads");
        let timeline = Timeline::new(&archive);
        let base = Base::new(&archive);
        let n = archive.articles.len();
        let range = lektyr::timeline::DateRange {
            since: since.and_then(|y| parse_bound(&y.to_string(), End::Since).ok()),
            until: None,
        };
        let articles: Vec<usize> = (0..n)
            .filter(|&i| keep_bits & (1 << i) != 0 && range.contains(timeline.day(i)))
            .collect();
        let read: Vec<bool> = (0..n).map(|i| read_bits & (1 << i) != 0).collect();
        let now = 100 * 7 * 24 * 3600 * 1000u64;
        let week = 7 * 24 * 3600 * 1000u64;
        // Article i was read i weeks ago (0: not known, for every third).
        let read_at: Vec<u64> = (0..n)
            .map(|i| if i % 3 == 0 { 0 } else { now - i as u64 * week - 1 })
            .collect();
        let share = share.filter(|&t| t < archive.topics.len());
        let s = Stats::compute(&Input {
            archive: &archive, base: &base, timeline: &timeline, articles: &articles,
            read: &read, read_at: &read_at, share, now,
        });
        prop_assert_eq!(s.articles, articles.len());
        let unread: Vec<usize> = articles.iter().copied().filter(|&i| !read[i]).collect();
        prop_assert_eq!(s.unread, unread.len());
        let minutes = |i: usize| archive.articles[i].reading_minutes() as u64;
        prop_assert_eq!(s.unread_minutes, unread.iter().map(|&i| minutes(i)).sum::<u64>());
        prop_assert_eq!(s.undated, articles.iter().filter(|&&i| timeline.day(i) == 0).count());
        for t in 0..archive.topics.len() {
            let with: Vec<usize> = articles.iter().copied()
                .filter(|&i| archive.articles[i].topics.contains(&t)).collect();
            match s.topic(t) {
                None => prop_assert!(with.is_empty()),
                Some(row) => {
                    prop_assert_eq!(row.articles, with.len());
                    let fresh: Vec<usize> = with.iter().copied().filter(|&i| !read[i]).collect();
                    prop_assert_eq!(row.unread, fresh.len());
                    prop_assert_eq!(row.unread_minutes, fresh.iter().map(|&i| minutes(i)).sum::<u64>());
                }
            }
        }
        // Periods: every dated article once, in its period.
        let dated = articles.iter().filter(|&&i| timeline.day(i) != 0).count();
        prop_assert_eq!(s.periods.iter().map(|p| p.articles).sum::<usize>(), dated);
        for p in &s.periods {
            let step = if s.by_month { 1 } else { 12 };
            let inside = |i: &usize| {
                let d = timeline.day(*i);
                d != 0 && (p.first..p.first + step).contains(&lektyr::timeline::month_of(d))
            };
            prop_assert_eq!(p.articles, articles.iter().filter(|i| inside(i)).count());
            if let Some(t) = share {
                let shared = articles.iter().filter(|i| inside(i))
                    .filter(|&&i| archive.articles[i].topics.contains(&t)).count();
                prop_assert_eq!(p.share, Some(shared));
            }
        }
        // Reading: read i weeks ago lands in week 51 - i, or before.
        let was_read: Vec<usize> = articles.iter().copied().filter(|&i| read[i]).collect();
        let recent = was_read.iter().filter(|&&i| i % 3 != 0 && i < WEEKS).count();
        prop_assert_eq!(s.reading.weeks.iter().sum::<usize>(), recent);
        prop_assert_eq!(s.reading.before, was_read.len() - recent);
        for &i in &was_read {
            if i % 3 != 0 && i < WEEKS {
                prop_assert!(s.reading.weeks[WEEKS - 1 - i] >= 1);
            }
        }
        // Authors and series: the top ones, each counted.
        for a in &s.authors {
            let by_hand = articles.iter().filter(|&&i| {
                archive.articles[i].detail().author.as_ref().is_some_and(|x| x.name == a.name)
            }).count();
            prop_assert_eq!(a.articles, by_hand);
        }
        for se in &s.series {
            let by_hand = articles.iter()
                .filter(|&&i| archive.articles[i].detail().series.as_deref() == Some(se.name.as_str()))
                .count();
            prop_assert_eq!(se.articles, by_hand);
        }
    }
}

#[test]
fn stats_screens() {
    for (w, h) in [(60, 20), (80, 24), (160, 45)] {
        // Two articles read, the second topic's share picked.
        let keys_ = "ujuij<Enter>";
        let mut a = sample(w, h);
        let text = keys(&mut a, keys_);
        assert_eq!(text.lines().count(), usize::from(h));
        for line in text.lines() {
            assert!(display_width(line) <= usize::from(w), "{line}");
        }
        insta::assert_snapshot!(
            format!("stats_{w}x{h}"),
            text,
            &format!("lektyr snapshot --size {w}x{h} --keys '{keys_}'")
        );
    }
}

#[test]
fn without_colour_the_view_has_no_colour_and_the_selection_shows() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier};
    let mut a = sample(80, 24);
    a.theme = a.theme.without_colour();
    keys(&mut a, "ij<Enter>");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
    terminal.draw(|f| lektyr::ui::draw(f, &a)).expect("draws");
    let buf = terminal.backend().buffer();
    for y in 0..24 {
        for x in 0..80 {
            let cell = &buf[(x, y)];
            assert!(matches!(cell.fg, Color::Reset), "({x}, {y}) {cell:?}");
        }
    }
    // The topic selected (the second row, Kundservice) is reversed.
    let row = (0..24)
        .find(|&y| {
            (0..20)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains("Kundservice")
        })
        .expect("the row");
    assert!(buf[(1, row)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn a_click_selects_a_topic_and_a_second_shows_its_share() {
    use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut a = sample(80, 24);
    let screen = keys(&mut a, "i");
    let row = screen
        .lines()
        .position(|l| l.contains("Dynamics 365 "))
        .expect("the row") as u16;
    let click = |a: &mut App| {
        a.handle_event(&Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 3,
            row,
            modifiers: KeyModifiers::NONE,
        }))
    };
    click(&mut a);
    let d365 = a.archive.find_topic("Dynamics 365").unwrap();
    assert_eq!(a.stats_topic(), Some(d365));
    assert_eq!(a.stats_view.share, None);
    click(&mut a);
    assert_eq!(a.stats_view.share, Some(d365));
    assert_eq!(a.board, Some(Board::Stats), "clicks keep the view open");
}

#[test]
fn a_big_archive_reads_its_base_on_a_thread_and_the_view_waits_for_it() {
    let articles: Vec<serde_json::Value> = (0..20_001)
        .map(|i| {
            serde_json::json!({
                "id": format!("a{i}"),
                "title": format!("Item {i}"),
                "date": format!("20{:02}-0{}-01", 10 + i % 10, 1 + i % 9),
                "topics": [format!("t{}", i % 7)],
                "body": "a few words",
            })
        })
        .collect();
    let text = serde_json::json!({"version": 1, "articles": articles}).to_string();
    let archive = load_str("big.json", &text).expect("loads");
    let mut a = App::new(
        archive,
        lektyr::app::Source::File("big.json".into()),
        Rect::new(0, 0, 100, 30),
    );
    let screen = keys(&mut a, "i");
    assert!(!a.stats_pending());
    assert_eq!(a.stats_view.stats.articles, 20_001);
    assert_eq!(a.stats_view.stats.topics.len(), 7);
    assert!(screen.contains("20001 articles"), "{screen}");
}

#[test]
fn the_readme_shows_the_view_as_it_is_drawn() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable");
    let mut a = sample(80, 24);
    let screen = keys(&mut a, "ujuij<Enter>");
    assert!(
        readme.contains(screen.trim_end_matches('\n')),
        "README's statistics screen differs from:\n{screen}"
    );
}
