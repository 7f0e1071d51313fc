//! Key-sequence tests of the app state: focus, selection, filtering (ANY /
//! ALL and live counts), opening, next/previous article, overlays. No
//! terminal: keys go through the same keymap and `update` as the TUI.

use lektyr::app::{App, MatchMode, Overlay, Pane, Source};
use lektyr::archive::load_str;
use lektyr::keymap::parse_keys;
use ratatui::layout::Rect;

const ARCHIVE: &str = r#"{
  "version": 1,
  "title": "Test archive",
  "articles": [
    {"id": "a", "title": "Alpha", "date": "2024-01-03", "topics": ["Kundresa", "ux"],
     "related": ["c", "Nowhere"],
     "body": [{"type": "pullquote", "text": "A quote"}, "Para one.", "Para two."]},
    {"id": "b", "title": "Beta", "date": "2024-01-02", "topics": ["kundresa"], "body": "Text"},
    {"id": "c", "title": "Gamma", "date": "2024-01-01", "topics": ["ux", "data"], "body": "Text"},
    {"id": "d", "title": "Delta", "topics": ["data"], "body": "Undated"}
  ]
}"#;

fn app(w: u16, h: u16) -> App {
    let archive = load_str("test.json", ARCHIVE).expect("fixture loads");
    App::new(
        archive,
        Source::File("test.json".into()),
        Rect::new(0, 0, w, h),
    )
}

fn press(app: &mut App, keys: &str) {
    for key in parse_keys(keys).expect("keys parse") {
        app.handle_key(key);
    }
}

fn titles(app: &App) -> Vec<&str> {
    app.visible
        .iter()
        .map(|&i| app.archive.articles[i].title.as_str())
        .collect()
}

fn topic_row(app: &App, name: &str) -> usize {
    let t = app
        .archive
        .topics
        .iter()
        .position(|t| t.name == name)
        .expect("topic exists");
    app.topic_rows.iter().position(|&r| r == t).expect("row")
}

fn count(app: &App, name: &str) -> usize {
    let t = app
        .archive
        .topics
        .iter()
        .position(|t| t.name == name)
        .unwrap();
    app.counts[t]
}

#[test]
fn list_is_newest_first_with_undated_last() {
    let app = app(120, 30);
    assert_eq!(titles(&app), ["Alpha", "Beta", "Gamma", "Delta"]);
    assert_eq!(app.focus, Pane::List);
    assert_eq!(app.article, app.visible.first().copied());
}

#[test]
fn moving_selects_and_clamps() {
    let mut app = app(120, 30);
    press(&mut app, "jj");
    assert_eq!(app.list.selected, 2);
    press(&mut app, "jjjjj");
    assert_eq!(app.list.selected, 3);
    press(&mut app, "g");
    assert_eq!(app.list.selected, 0);
    press(&mut app, "G");
    assert_eq!(app.list.selected, 3);
    press(&mut app, "<Up><Home>k");
    assert_eq!(app.list.selected, 0);
    // The reader follows the selection.
    press(&mut app, "j");
    assert_eq!(app.article, Some(app.visible[1]));
}

#[test]
fn enter_opens_and_esc_steps_back_on_narrow_screens() {
    let mut app = app(80, 24);
    assert!(app.screen().get(Pane::Reader).is_none());
    press(&mut app, "j<Enter>");
    assert_eq!(app.focus, Pane::Reader);
    assert!(
        app.screen().get(Pane::List).is_none(),
        "reader replaces the list"
    );
    assert_eq!(app.article, Some(app.visible[1]));
    press(&mut app, "<Esc>");
    assert_eq!(app.focus, Pane::List);
    assert!(app.screen().get(Pane::List).is_some());
}

#[test]
fn next_and_previous_article_from_the_reader() {
    let mut app = app(120, 30);
    press(&mut app, "<Enter>J");
    assert_eq!(app.focus, Pane::Reader);
    assert_eq!(app.article, Some(app.visible[1]));
    press(&mut app, "JJJ");
    assert_eq!(app.article, Some(app.visible[3]), "stops at the last");
    press(&mut app, "K");
    assert_eq!(app.article, Some(app.visible[2]));
    assert_eq!(app.list.selected, 2, "the list follows");
}

#[test]
fn focus_cycles_through_visible_panes() {
    let mut app = app(120, 30);
    press(&mut app, "<Tab>");
    assert_eq!(app.focus, Pane::Reader);
    press(&mut app, "<Tab>");
    assert_eq!(app.focus, Pane::Topics);
    press(&mut app, "<S-Tab>");
    assert_eq!(app.focus, Pane::Reader);
    press(&mut app, "hh");
    assert_eq!(app.focus, Pane::Topics);
    press(&mut app, "h");
    assert_eq!(app.focus, Pane::Topics, "no pane further left");
    press(&mut app, "l");
    assert_eq!(app.focus, Pane::List);
}

#[test]
fn topics_match_case_insensitively_with_first_spelling() {
    let app = app(120, 30);
    let names: Vec<&str> = app.archive.topics.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"Kundresa"));
    assert!(!names.contains(&"kundresa"));
    assert_eq!(count(&app, "Kundresa"), 2);
}

#[test]
fn filtering_any_all_and_live_counts() {
    let mut app = app(120, 30);
    press(&mut app, "t");
    assert_eq!(app.focus, Pane::Topics);
    // Toggle "ux" with Space.
    let ux = topic_row(&app, "ux");
    app.topics.selected = ux;
    press(&mut app, "<Space>");
    assert_eq!(titles(&app), ["Alpha", "Gamma"]);
    assert_eq!(count(&app, "Kundresa"), 1, "counts follow the filter");
    assert_eq!(count(&app, "data"), 1);
    // Add "data" with Enter: ANY widens.
    app.topics.selected = topic_row(&app, "data");
    press(&mut app, "<Enter>");
    assert_eq!(titles(&app), ["Alpha", "Gamma", "Delta"]);
    // ALL narrows.
    press(&mut app, "a");
    assert_eq!(app.mode, MatchMode::All);
    assert_eq!(titles(&app), ["Gamma"]);
    assert_eq!(count(&app, "Kundresa"), 0);
    // Clear is one key.
    press(&mut app, "c");
    assert_eq!(titles(&app).len(), 4);
    assert!(app.active.iter().all(|a| !a));
}

#[test]
fn selection_stays_on_its_article_when_the_filter_changes() {
    let mut app = app(120, 30);
    press(&mut app, "jj"); // Gamma
    let gamma = app.visible[2];
    press(&mut app, "t");
    app.topics.selected = topic_row(&app, "ux");
    press(&mut app, "<Space>");
    assert_eq!(app.selected_article(), Some(gamma));
}

#[test]
fn a_filter_that_matches_nothing_leaves_an_empty_list() {
    let mut app = app(120, 30);
    press(&mut app, "t");
    for name in ["Kundresa", "data"] {
        app.topics.selected = topic_row(&app, name);
        press(&mut app, "<Space>");
    }
    press(&mut app, "a");
    assert!(app.visible.is_empty());
    assert_eq!(app.article, None);
    press(&mut app, "<Tab>jjG<Enter>JK"); // nothing panics on an empty list
}

#[test]
fn preselected_topics_report_unknown_names() {
    let mut app = app(120, 30);
    let names = [" KUNDRESA ".to_string(), "nope".to_string()];
    let unknown = app.preselect_topics(&names);
    assert_eq!(unknown, ["nope"]);
    assert_eq!(titles(&app), ["Alpha", "Beta"]);
}

#[test]
fn narrow_topics_pane_is_a_toggle() {
    let mut app = app(80, 24);
    assert!(app.screen().get(Pane::Topics).is_none());
    press(&mut app, "t");
    assert!(app.screen().get(Pane::Topics).is_some());
    assert_eq!(app.focus, Pane::Topics);
    press(&mut app, "t");
    assert!(app.screen().get(Pane::Topics).is_none());
    assert_eq!(app.focus, Pane::List);
}

#[test]
fn wide_topics_pane_is_a_toggle_too() {
    let mut app = app(140, 30);
    assert!(
        app.screen().get(Pane::Topics).is_some(),
        "wide screens open with topics"
    );
    let list = app.screen().get(Pane::List).expect("a list").width;
    // The first `t` focuses the pane, the second hides it: the list grows.
    press(&mut app, "t");
    assert_eq!(app.focus, Pane::Topics);
    press(&mut app, "t");
    assert!(app.screen().get(Pane::Topics).is_none());
    assert_eq!(app.focus, Pane::List);
    assert!(app.screen().get(Pane::List).expect("a list").width > list);
    // From the reader, hiding gives the focus back to the reader.
    press(&mut app, "<Enter>tt");
    assert!(app.screen().get(Pane::Topics).is_none());
    assert_eq!(app.focus, Pane::Reader);
    press(&mut app, "t");
    assert!(app.screen().get(Pane::Topics).is_some());
    assert_eq!(app.focus, Pane::Topics);
    // Narrow, the pane is hidden however it was left wide.
    press(&mut app, "t");
    assert!(app.screen().get(Pane::Topics).is_none());
    app.resize(80, 24);
    assert!(app.screen().get(Pane::Topics).is_none());
    app.resize(140, 30);
    assert!(
        app.screen().get(Pane::Topics).is_none(),
        "still hidden when wide again"
    );
}

#[test]
fn help_overlay_takes_keys_and_closes() {
    let mut app = app(120, 30);
    press(&mut app, "?");
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    press(&mut app, "jj");
    assert_eq!(app.list.selected, 0, "keys went to the overlay");
    press(&mut app, "<Esc>");
    assert_eq!(app.overlay, None);
}

#[test]
fn related_articles_open_from_the_reader() {
    let mut app = app(120, 30);
    press(&mut app, "<Enter>r");
    assert_eq!(app.overlay, Some(Overlay::Related { selected: 0 }));
    press(&mut app, "<Enter>");
    let gamma = app.archive.find_id("c").unwrap();
    assert_eq!(app.article, Some(gamma));
    assert_eq!(app.selected_article(), Some(gamma));
    // An unresolved related entry says so instead of opening.
    press(&mut app, "KK");
    press(&mut app, "rj<Enter>");
    assert!(app.message.as_deref().unwrap_or("").contains("Nowhere"));
}

#[test]
fn quit_keys() {
    for keys in ["q", "<C-c>"] {
        let mut app = app(80, 24);
        press(&mut app, keys);
        assert!(app.should_quit, "{keys} quits");
    }
}

#[test]
fn resizing_to_any_size_is_safe() {
    let mut app = app(120, 30);
    press(&mut app, "<Enter>GG");
    for (w, h) in [
        (0, 0),
        (1, 1),
        (10, 3),
        (30, 8),
        (60, 20),
        (300, 100),
        (120, 30),
    ] {
        app.resize(w, h);
        press(&mut app, "jk<PageDown>");
        assert!(app.scroll <= app.max_scroll());
    }
}

#[test]
fn the_list_window_survives_a_trip_to_the_reader_on_narrow_screens() {
    let mut app = app(80, 24);
    press(&mut app, "j<Enter>J<Esc>");
    assert_eq!(app.list.selected, 2);
    assert_eq!(app.list.offset, 0, "all rows fit: nothing scrolled away");
}

fn mouse(app: &mut App, kind: ratatui::crossterm::event::MouseEventKind, column: u16, row: u16) {
    use ratatui::crossterm::event::{Event, KeyModifiers, MouseEvent};
    app.handle_event(&Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

#[test]
fn a_click_selects_the_row_and_focuses_its_pane() {
    use ratatui::crossterm::event::{MouseButton, MouseEventKind};
    let mut app = app(120, 30);
    let list = app.screen().get(Pane::List).unwrap();
    // Row 3 of the list's content (below its top border).
    mouse(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        list.x + 5,
        list.y + 3,
    );
    assert_eq!(app.list.selected, 2);
    assert_eq!(app.article, Some(app.visible[2]));
    let topics = app.screen().get(Pane::Topics).unwrap();
    let first = topics.y + 1;
    mouse(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        topics.x + 3,
        first,
    );
    assert_eq!(app.focus, Pane::Topics);
    assert!(app.active.iter().all(|a| !a), "a first click only selects");
    mouse(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        topics.x + 3,
        first,
    );
    assert!(app.active.iter().any(|a| *a), "a second click toggles");
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    use ratatui::crossterm::event::MouseEventKind;
    let long = format!(
        r#"[{{"id": "long", "title": "Long", "body": "{}"}}]"#,
        "Ett stycke text som fyller raderna. ".repeat(400)
    );
    let archive = load_str("long.json", &long).expect("loads");
    let mut app = App::new(
        archive,
        Source::File("long.json".into()),
        Rect::new(0, 0, 120, 30),
    );
    let reader = app.screen().get(Pane::Reader).unwrap();
    assert_eq!(app.scroll, 0);
    mouse(
        &mut app,
        MouseEventKind::ScrollDown,
        reader.x + 10,
        reader.y + 5,
    );
    assert!(app.scroll > 0, "the reader scrolled");
    assert_eq!(app.focus, Pane::List, "scrolling does not move the focus");
    let down = app.scroll;
    mouse(
        &mut app,
        MouseEventKind::ScrollUp,
        reader.x + 10,
        reader.y + 5,
    );
    assert!(app.scroll < down);
}

// ---------------------------------------------------------------------------
// Search

#[test]
fn search_filters_as_you_type_and_enter_keeps_it() {
    let mut a = app(120, 30);
    press(&mut a, "/tex");
    assert!(a.search.prompt.is_some());
    assert_eq!(titles(&a), ["Beta", "Gamma"]);
    // Keys go to the prompt, not the keymap: `q` is typed, not quit.
    press(&mut a, "<BS><BS><BS>para q<BS><BS>");
    assert!(!a.should_quit);
    assert_eq!(a.search.prompt.as_ref().map(|p| p.text()), Some("para"));
    assert_eq!(titles(&a), ["Alpha"]);
    assert_eq!(a.search.matches[0], Some(2), "Para one, Para two");
    press(&mut a, "<Enter>");
    assert!(a.search.prompt.is_none());
    assert_eq!(titles(&a), ["Alpha"]);
    assert_eq!(a.search.history, ["para"]);
    // Esc in the list ends the search.
    press(&mut a, "<Esc>");
    assert_eq!(titles(&a), ["Alpha", "Beta", "Gamma", "Delta"]);
}

#[test]
fn esc_in_the_prompt_puts_back_list_article_and_scroll() {
    let mut a = app(120, 30);
    press(&mut a, "jj<Enter>");
    let (article, focus) = (a.article, a.focus);
    press(&mut a, "/alpha");
    assert_eq!(titles(&a), ["Alpha"]);
    press(&mut a, "<Esc>");
    assert_eq!(titles(&a), ["Alpha", "Beta", "Gamma", "Delta"]);
    assert_eq!((a.article, a.focus), (article, focus));
    assert!(
        a.search.history.is_empty(),
        "a cancelled search is not kept"
    );
}

#[test]
fn a_query_that_matches_nothing_keeps_the_last_good_result() {
    let mut a = app(120, 30);
    press(&mut a, "/gamm");
    assert_eq!(titles(&a), ["Gamma"]);
    press(&mut a, "x");
    assert_eq!(titles(&a), ["Gamma"]);
    assert_eq!(a.search.failed.as_deref(), Some("gammx"));
    press(&mut a, "<BS>");
    assert_eq!(a.search.failed, None);
}

#[test]
fn search_respects_the_topic_filter_and_smart_case() {
    let mut a = app(120, 30);
    // Topic "data" first: Gamma and Delta.
    let row = topic_row(&a, "data");
    press(&mut a, &format!("t{}<Space><Tab>", "j".repeat(row)));
    assert_eq!(titles(&a), ["Gamma", "Delta"]);
    press(&mut a, "/text<Enter>");
    assert_eq!(titles(&a), ["Gamma"]);
    // A capital makes case count.
    press(&mut a, "<Esc>/Text<Enter>");
    assert_eq!(titles(&a), ["Gamma"]);
    press(&mut a, "<Esc>/TEXT");
    assert!(a.search.failed.is_some());
}

#[test]
fn n_goes_from_match_to_match_and_on_to_the_next_article() {
    // Short screen, so that the second paragraph needs a scroll.
    let mut a = app(120, 9);
    press(&mut a, "/para<Enter><Enter>");
    assert_eq!(a.focus, Pane::Reader);
    // Opened at its first match: `n` goes on to the second.
    assert_eq!(a.search.current_match(0), Some(0));
    let first = a.scroll;
    press(&mut a, "n");
    assert!(a.scroll > first, "second paragraph: {} > {first}", a.scroll);
    // Only one article matches: `n` wraps to it again, at its first match.
    press(&mut a, "n");
    assert_eq!((a.article, a.scroll), (Some(0), first));
    press(&mut a, "N");
    assert!(a.scroll > first, "back to the last match");
    press(&mut a, "/text<Enter>");
    let before = a.article;
    press(&mut a, "n");
    assert_ne!(a.article, before, "on into the next matching article");
    // `n` without a search says how to start one.
    let mut b = app(120, 30);
    press(&mut b, "n");
    assert!(b.message.as_deref().unwrap_or("").contains('/'));
}

#[test]
fn search_history_is_recalled_with_up_and_down() {
    let mut a = app(120, 30);
    press(&mut a, "/alpha<Enter><Esc>/beta<Enter><Esc>/");
    press(&mut a, "<Up>");
    assert_eq!(a.search.prompt.as_ref().map(|p| p.text()), Some("beta"));
    assert_eq!(titles(&a), ["Beta"]);
    press(&mut a, "<Up>");
    assert_eq!(a.search.prompt.as_ref().map(|p| p.text()), Some("alpha"));
    press(&mut a, "<Down>");
    assert_eq!(a.search.prompt.as_ref().map(|p| p.text()), Some("beta"));
    press(&mut a, "<Down>");
    assert_eq!(a.search.prompt.as_ref().map(|p| p.text()), Some(""));
    assert_eq!(titles(&a).len(), 4);
}

#[test]
fn overlays_name_the_keys_the_keymap_has() {
    use lektyr::action::Action;
    use lektyr::keymap::Key;
    let screen =
        |a: &mut App, keys: &str| lektyr::cli::render_snapshot(a, keys, false).expect("keys parse");
    let mut a = app(120, 12);
    let help = screen(&mut a, "?");
    assert!(help.contains("Keys — Esc closes"), "{help}");
    assert!(help.contains("more (j)"), "{help}");
    let mut b = app(120, 12);
    b.keymap.rebind(Action::Back, &[Key::char('x')]);
    b.keymap.rebind(Action::Down, &[Key::char('e')]);
    b.keymap.rebind(Action::Activate, &[Key::char('o')]);
    let help = screen(&mut b, "?");
    assert!(help.contains("Keys — x closes"), "{help}");
    assert!(help.contains("more (e)"), "{help}");
    let related = screen(&mut b, "xor");
    assert!(related.contains("Related — o opens"), "{related}");
}

#[test]
fn back_and_forward_between_followed_articles() {
    // A short screen so that Alpha can be scrolled.
    let mut a = app(120, 9);
    press(&mut a, "<Enter>j");
    assert_eq!(a.article, Some(0));
    let scrolled = a.scroll;
    assert!(scrolled > 0);
    // Alpha's first related entry is Gamma.
    press(&mut a, "r<Enter>");
    assert_eq!(a.archive.articles[a.article.unwrap_or(9)].id, "c");
    press(&mut a, "<C-o>");
    assert_eq!(
        (a.article, a.scroll),
        (Some(0), scrolled),
        "back at the place left"
    );
    press(&mut a, "<C-n>");
    assert_eq!(a.archive.articles[a.article.unwrap_or(9)].id, "c");
    press(&mut a, "<BS>");
    assert_eq!(a.article, Some(0));
    press(&mut a, "<BS>");
    assert!(
        a.message
            .as_deref()
            .unwrap_or("")
            .contains("Nothing to go back")
    );
    // A search that takes the reader to a hit in another article is a
    // jump too, and so is `n` on into the next one.
    press(&mut a, "/text<Enter>");
    let hit = a.article;
    assert_ne!(hit, Some(0));
    press(&mut a, "n");
    assert_ne!(a.article, hit);
    press(&mut a, "<C-o>");
    assert_eq!(a.article, hit);
    press(&mut a, "<C-o>");
    assert_eq!(a.article, Some(0));
    // Esc in the prompt takes the jump back with the rest.
    let mut b = app(120, 9);
    press(&mut b, "<Enter>/text");
    assert_ne!(b.article, Some(0));
    assert_eq!(b.history.back.len(), 1);
    press(&mut b, "<Esc>");
    assert_eq!(b.article, Some(0));
    assert!(b.history.back.is_empty());
}

// ---------------------------------------------------------------------------
// Links

fn links_app() -> App {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/links/links.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    App::new(
        load_str("links.json", &text).expect("loads"),
        Source::File("links.json".into()),
        Rect::new(0, 0, 120, 30),
    )
}

#[test]
fn links_are_numbered_picked_opened_and_copied() {
    use lektyr::app::Effect;
    let mut a = links_app();
    press(&mut a, "<Enter>o");
    assert_eq!(a.overlay, Some(Overlay::Links { selected: 0 }));
    assert_eq!(
        a.article_links(),
        [
            "https://design.example/panton",
            "https://odd.example/a;b $(touch lektyr-pwned) c",
            "mailto:hej@links.example"
        ],
        "javascript: gets no number"
    );
    // A digit opens that link.
    press(&mut a, "2");
    assert_eq!(a.overlay, None);
    assert_eq!(
        a.take_effects(),
        [Effect::Open(
            "https://odd.example/a;b $(touch lektyr-pwned) c".into()
        )]
    );
    // j and Enter; y copies.
    press(&mut a, "oj<Enter>");
    assert_eq!(
        a.take_effects(),
        [Effect::Open(
            "https://odd.example/a;b $(touch lektyr-pwned) c".into()
        )]
    );
    press(&mut a, "ojjy");
    assert_eq!(
        a.take_effects(),
        [Effect::Copy("mailto:hej@links.example".into())]
    );
    // O opens the article's own url.
    press(&mut a, "O");
    assert_eq!(
        a.take_effects(),
        [Effect::Open("https://links.example/page".into())]
    );
    // An article without links or url says so.
    press(&mut a, "Jo");
    assert_eq!(a.overlay, None);
    assert!(a.message.as_deref().unwrap_or("").contains("no links"));
    press(&mut a, "O");
    assert!(a.message.as_deref().unwrap_or("").contains("no url"));
    assert!(a.take_effects().is_empty());
}

#[test]
fn a_big_archive_folds_its_text_only_once_a_search_begins() {
    use std::time::Instant;
    let mut a = app(120, 30);
    a.search.fold_when_asked = true;
    // Browsing: nothing to do in idle moments, nothing folded.
    assert!(!a.has_idle_work());
    assert!(!a.idle_work(Instant::now()));
    assert_eq!(a.search_ready(), 0);
    // The prompt opens: the text is folded in idle moments from now on.
    press(&mut a, "/");
    assert!(a.has_idle_work());
    let mut rounds = 0;
    while a.idle_work(Instant::now()) {
        rounds += 1;
        assert!(rounds < 1000, "idle work ends");
    }
    assert_eq!(a.search_ready(), a.archive.articles.len());
    press(&mut a, "para");
    assert_eq!(titles(&a), ["Alpha"]);
    // Closed again, the folded text stays: nothing is folded twice.
    press(&mut a, "<Esc>");
    assert!(!a.has_idle_work());
    assert_eq!(a.search_ready(), a.archive.articles.len());
}

#[test]
fn a_search_typed_before_the_text_is_ready_runs_again_in_a_slice_of_its_own() {
    use std::time::{Duration, Instant};
    // Enough articles that a keystroke given no time folds only some.
    let articles: Vec<String> = (0..200)
        .map(|i| {
            let word = if i % 50 == 7 { "needle" } else { "hay" };
            format!(r#"{{"id":"a{i}","title":"Article {i}","date":"2024-01-01","body":["Some {word} here."]}}"#)
        })
        .collect();
    let text = format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(","));
    let archive = load_str("many.json", &text).expect("loads");
    let mut a = App::new(
        archive,
        Source::File("many.json".into()),
        Rect::new(0, 0, 120, 30),
    );
    a.search.fold_when_asked = true;
    a.search.keystroke_slice = Some(Duration::ZERO);
    press(&mut a, "/needle");
    assert!(a.search.pending > 0, "the keystroke searched only a part");
    // Slices fold the rest; the slice that finishes folding does not also
    // search again: that comes in the next one, which does nothing else.
    let far = || Instant::now() + Duration::from_secs(60);
    assert!(a.idle_work(far()), "the search still waits for its slice");
    assert_eq!(a.search_ready(), 200);
    assert!(a.search.pending > 0);
    assert!(a.has_idle_work());
    assert!(!a.idle_work(far()), "nothing is left after the search");
    assert_eq!(a.search.pending, 0);
    assert!(!a.has_idle_work());
    assert_eq!(a.visible.len(), 4, "a7, a57, a107 and a157 match");
}

#[test]
fn idle_moments_prepare_search_a_piece_at_a_time() {
    use std::time::Instant;
    let mut a = app(120, 30);
    assert!(a.has_idle_work());
    // A deadline already past still makes progress without finishing all
    // at once; enough calls finish it.
    let mut rounds = 0;
    while a.idle_work(Instant::now()) {
        rounds += 1;
        assert!(rounds < 1000, "idle work ends");
    }
    assert!(!a.has_idle_work());
    press(&mut a, "/para");
    assert_eq!(titles(&a), ["Alpha"]);
}

#[test]
fn the_next_match_in_a_long_article_is_looked_for_in_slices() {
    // One article of 12,000 paragraphs with one match near its end, and a
    // second article with the word too.
    let para = r#""Ordinary words that go on and on, nothing to find here.""#;
    let mut body = vec![para; 12_000];
    body.insert(11_500, r#""Here is the needle, near the end.""#);
    let text = format!(
        r#"{{"version":1,"articles":[{{"id":"long","title":"Long","date":"2024-02-01","body":[{}]}},{{"id":"b","title":"Other needle","date":"2024-01-01","body":["A needle."]}}]}}"#,
        body.join(",")
    );
    let archive = load_str("long.json", &text).expect("loads");
    let mut app = App::new(archive, Source::Sample, Rect::new(0, 0, 120, 40));
    // The key returns after the least progress, however fast the machine.
    app.search.seek_slice = Some(std::time::Duration::ZERO);
    press(&mut app, "/needle<Enter>");
    press(&mut app, "<Enter>");
    assert_eq!(app.focus, Pane::Reader);
    press(&mut app, "n");
    // Not there yet: the key came back at once, saying it is looking.
    assert!(app.has_idle_work());
    let said = app.message.clone().unwrap_or_default();
    assert!(said.starts_with("Looking for the next match"), "{said}");
    // Any other key stops it; `n` starts it again.
    press(&mut app, "j");
    assert!(app.message.is_none());
    press(&mut app, "n");
    let mut slices = 0;
    while app.has_idle_work() && slices < 10_000 {
        app.idle_work(std::time::Instant::now() + std::time::Duration::from_millis(8));
        slices += 1;
        if app.message.is_none() {
            break;
        }
    }
    assert!(app.message.is_none(), "found within {slices} slices");
    assert_eq!(app.article, Some(0), "still in the long article");
    assert!(
        app.scroll > 5_000,
        "went to the match near the end: {}",
        app.scroll
    );
}

// ---------------------------------------------------------------------------
// Keys people bring from newsboat, mutt and less

#[test]
fn q_goes_back_from_the_reader_and_quits_from_the_list() {
    // Narrow: the reader fills the screen; `q` puts the list back.
    let mut a = app(80, 24);
    press(&mut a, "<Enter>q");
    assert!(!a.should_quit, "q in the reader does not quit");
    assert_eq!(a.focus, Pane::List);
    assert!(!a.reader_open);
    press(&mut a, "q");
    assert!(a.should_quit, "q from the list quits");
    // Wide: the reader has the focus; `q` gives it back to the list.
    let mut a = app(120, 30);
    press(&mut a, "<Enter>q");
    assert!(!a.should_quit);
    assert_eq!(a.focus, Pane::List);
    // `q` closes an overlay; `Q` quits from anywhere.
    press(&mut a, "?q");
    assert_eq!(a.overlay, None);
    assert!(!a.should_quit);
    press(&mut a, "<Enter>?Q");
    assert!(a.should_quit, "Q quits from an overlay over the reader");
    let mut a = app(80, 24);
    press(&mut a, "<Enter>Q");
    assert!(a.should_quit, "Q quits from the reader");
}

#[test]
fn j_and_k_at_the_ends_of_the_list_say_so() {
    for (w, h) in [(120, 30), (80, 24)] {
        let mut a = app(w, h);
        press(&mut a, "<Enter>K");
        assert_eq!(a.message.as_deref(), Some("First article of the list"));
        assert_eq!(a.list.selected, 0);
        press(&mut a, "J");
        assert_eq!(a.message, None, "a step that moves says nothing");
        press(&mut a, "JJJ");
        assert_eq!(a.message.as_deref(), Some("Last article of the list"));
        assert_eq!(a.article, Some(a.visible[3]));
        // From the list too.
        press(&mut a, "<Esc>GJ");
        assert_eq!(a.message.as_deref(), Some("Last article of the list"));
    }
}

#[test]
fn a_marks_the_list_read_and_a_again_at_once_undoes_it_saved_both_times() {
    use lektyr::app::Dirty;
    let read_in_state = |a: &App, id: &str| {
        a.state
            .article(id)
            .filter(|s| s.read.is_set())
            .map(|s| s.read.on)
    };
    let mut a = app(120, 30);
    // Only what the list shows: the `data` topic holds Gamma and Delta.
    press(&mut a, "t");
    let row = topic_row(&a, "data");
    for _ in 0..row {
        press(&mut a, "j");
    }
    press(&mut a, "<Space><Tab>");
    assert_eq!(titles(&a), ["Gamma", "Delta"]);
    a.take_dirty();
    press(&mut a, "A");
    assert_eq!(
        a.message.as_deref(),
        Some("Marked 2 articles read — A again undoes")
    );
    assert_eq!(a.unread_total, 2, "Alpha and Beta stay unread");
    assert_eq!(read_in_state(&a, "c"), Some(true));
    assert_eq!(read_in_state(&a, "d"), Some(true));
    assert_eq!(read_in_state(&a, "a"), None);
    assert_eq!(a.take_dirty(), Some(Dirty::Now), "saved at once");
    let data = a.archive.find_topic("data").unwrap();
    assert_eq!(a.unread_counts[data], 0);
    // Again at once: back to unread, and saved.
    press(&mut a, "A");
    assert_eq!(a.message.as_deref(), Some("2 articles unread again"));
    assert_eq!(a.unread_total, 4);
    assert_eq!(a.unread_counts[data], 2);
    assert_eq!(read_in_state(&a, "c"), Some(false));
    assert_eq!(a.take_dirty(), Some(Dirty::Now), "the undo is saved too");
    // Any key between ends the chance to undo: A marks again, then after
    // `j` it finds nothing left to mark.
    press(&mut a, "AjA");
    assert_eq!(
        a.message.as_deref(),
        Some("Every article in the list is read already")
    );
    assert_eq!(a.unread_total, 2);
    // An unbound key ends it too.
    press(&mut a, "c");
    press(&mut a, "AxA");
    assert_eq!(a.unread_total, 0);
    assert_eq!(
        a.message.as_deref(),
        Some("Every article in the list is read already")
    );
}

#[test]
fn less_keys_page_the_reader() {
    let mut a = app(40, 9);
    press(&mut a, "<Enter>");
    let max = a.max_scroll();
    assert!(max > 4, "the article is longer than the reader");
    press(&mut a, "d");
    let half = a.scroll;
    assert!(half > 0, "d scrolls half a page");
    press(&mut a, "<C-u>");
    assert_eq!(a.scroll, 0);
    press(&mut a, "<Space>");
    assert!(a.scroll > half, "Space pages");
    press(&mut a, "b");
    assert_eq!(a.scroll, 0, "b pages back");
}

/// An article with `n` links, `[k]` going to `https://example.org/k`.
fn many_links_app(n: usize) -> App {
    let runs: Vec<String> = (1..=n)
        .map(|k| format!(r#"{{"text": "link {k}", "link": "https://example.org/{k}"}}, " ""#))
        .collect();
    let json = format!(
        r#"{{"version": 1, "articles": [{{"id": "m", "title": "Many", "body": [{{"type": "paragraph", "text": [{}]}}]}}]}}"#,
        runs.join(", ")
    );
    App::new(
        load_str("many.json", &json).expect("loads"),
        Source::File("many.json".into()),
        Rect::new(0, 0, 120, 30),
    )
}

#[test]
fn the_link_picker_takes_numbers_of_any_length() {
    use lektyr::app::{Effect, LINK_PAUSE};
    use std::time::Instant;
    let url = |k: usize| Effect::Open(format!("https://example.org/{k}"));
    let mut a = many_links_app(150);
    press(&mut a, "<Enter>o");
    assert_eq!(a.article_links().len(), 150);
    assert_eq!(a.article_link_texts()[14], "link 15");
    // `15` could still become 150: it waits, with link 15 selected.
    press(&mut a, "15");
    assert_eq!(a.overlay, Some(Overlay::Links { selected: 14 }));
    assert_eq!(a.link_number(), 15);
    assert!(a.take_effects().is_empty());
    assert!(!a.tick(Instant::now()), "not before the pause");
    let at = a.deadline().expect("a pause is running");
    assert!(a.tick(at + LINK_PAUSE / 10), "after the pause it opens");
    assert_eq!(a.take_effects(), [url(15)]);
    assert_eq!(a.overlay, None);
    // Enter opens the number typed at once.
    press(&mut a, "o15<Enter>");
    assert_eq!(a.take_effects(), [url(15)]);
    // No longer number has a link: opens at once.
    press(&mut a, "o16");
    assert_eq!(a.take_effects(), [url(16)]);
    press(&mut a, "o150");
    assert_eq!(a.take_effects(), [url(150)]);
    press(&mut a, "o99");
    assert_eq!(a.take_effects(), [url(99)]);
    // Backspace takes a digit back; a number with no link says so.
    press(&mut a, "o12<BS>");
    assert_eq!(a.link_number(), 1);
    assert_eq!(a.overlay, Some(Overlay::Links { selected: 0 }));
    press(&mut a, "<Esc>o0");
    assert_eq!(a.link_number(), 0, "a leading 0 is nothing");
    press(&mut a, "2");
    press(&mut a, "j");
    assert_eq!(a.link_number(), 0, "another key ends the number");
    assert_eq!(a.deadline(), None);
    press(&mut a, "<Esc>");
    let mut a = many_links_app(3);
    press(&mut a, "<Enter>o4");
    assert_eq!(
        a.message.as_deref(),
        Some("No link 4: this article has 3 links")
    );
    assert!(a.take_effects().is_empty());
    press(&mut a, "3");
    assert_eq!(a.take_effects(), [url(3)], "one digit opens at once");
}

#[test]
fn the_link_picker_shows_each_links_text_beside_its_url() {
    let mut a = links_app();
    let text = lektyr::cli::render_snapshot(&mut a, "<Enter>o", false).expect("keys");
    assert_eq!(
        a.article_link_texts(),
        ["Verner Panton", "an odd one", "mail us"]
    );
    for (words, url) in [
        ("Verner Panton", "https://design.example/panton"),
        ("mail us", "mailto:hej@links.example"),
    ] {
        assert!(
            text.lines().any(|l| l.contains(words) && l.contains(url)),
            "{words} beside {url}:\n{text}"
        );
    }
}

/// `n` articles, every `every`th (from the 3rd) with `word` in its body,
/// dated newest first.
fn needle_archive(n: usize, every: usize, word: &str) -> App {
    let articles: Vec<String> = (0..n)
        .map(|i| {
            let body = if i % every == 2 {
                format!(r#"["Plain words first.", "Then the {word} shows."]"#)
            } else {
                r#"["Plain words only."]"#.to_string()
            };
            format!(
                r#"{{"id": "n{i}", "title": "Piece {i}", "date": "2020-01-{:02}", "body": {body}}}"#,
                28 - i % 28
            )
        })
        .collect();
    let text = format!(r#"{{"articles": [{}]}}"#, articles.join(","));
    let archive = load_str("needle.json", &text).expect("fixture loads");
    App::new(
        archive,
        Source::File("needle.json".into()),
        Rect::new(0, 0, 80, 50),
    )
}

#[test]
fn a_search_from_far_down_the_list_shows_its_hits_from_the_first() {
    let mut a = needle_archive(299, 27, "zyxneedle");
    press(&mut a, "G");
    assert!(
        a.list.offset > 200,
        "scrolled to the end: {}",
        a.list.offset
    );
    press(&mut a, "/zyxneedle");
    assert_eq!(a.visible.len(), 11);
    // Eleven rows fit: all of them show, from the first.
    assert_eq!(a.list.offset, 0);
    assert!(a.list.selected < 11);
    press(&mut a, "<Enter>");
    assert_eq!(a.list.offset, 0);
}

/// "Deep" with its one `zyxneedle` after forty paragraphs, "Shallow" with
/// it in its second paragraph, and "Other" without it.
fn deep_app(w: u16, h: u16) -> App {
    let filler: Vec<String> = (0..40).map(|i| format!("\"Filler {i}.\"")).collect();
    let text = format!(
        r#"[{{"id": "d", "title": "Deep", "date": "2024-02-02", "body": [{}, "Here is zyxneedle.", {}]}},
            {{"id": "s", "title": "Shallow", "date": "2024-02-01", "body": ["One.", "A zyxneedle.", {}]}},
            {{"id": "o", "title": "Other", "date": "2024-01-01", "body": "Nothing."}}]"#,
        filler.join(","),
        filler.join(","),
        filler.join(",")
    );
    let archive = load_str("deep.json", &text).expect("fixture loads");
    App::new(
        archive,
        Source::File("deep.json".into()),
        Rect::new(0, 0, w, h),
    )
}

/// The first laid-out line of the reader's article that holds `word`.
fn line_of(app: &App, word: &str) -> usize {
    let laid = app.laid().expect("laid out");
    laid.lines
        .iter()
        .position(|l| l.spans.iter().any(|s| s.content.contains(word)))
        .expect("word shown")
}

#[test]
fn enter_on_a_hit_opens_it_at_its_first_match() {
    for (w, h) in [(80, 24), (200, 40)] {
        let mut a = deep_app(w, h);
        press(&mut a, "/zyxneedle<Enter><Enter>");
        assert_eq!(a.article, Some(0));
        assert_eq!(a.focus, Pane::Reader);
        let line = line_of(&a, "zyxneedle");
        assert!(line > 20, "{line}");
        // Three lines of context above the match.
        assert_eq!(a.scroll, line - 3, "{w}x{h}");
        // `n` goes on from it: here, to the next article.
        press(&mut a, "n");
        assert_eq!(a.article, Some(1), "{w}x{h}");
        // A match on the first screen: the article shows from its top.
        let mut b = deep_app(w, h);
        press(&mut b, "/zyxneedle<Enter>j<Enter>");
        assert_eq!((b.article, b.scroll), (Some(1), 0), "{w}x{h}");
    }
}

#[test]
fn a_search_from_the_reader_leaves_an_article_that_does_not_match() {
    // Narrow: the reader fills the screen and gives way to the hits.
    let mut a = deep_app(80, 24);
    press(&mut a, "jj<Enter>");
    assert_eq!((a.article, a.reader_open), (Some(2), true));
    press(&mut a, "/zyxneedle");
    assert_eq!(titles(&a), ["Deep", "Shallow"]);
    assert!(!a.reader_open);
    assert_eq!(a.focus, Pane::List);
    assert_eq!((a.list.selected, a.article), (0, Some(0)));
    // Esc puts the reader back on its article.
    press(&mut a, "<Esc>");
    assert_eq!((a.article, a.reader_open), (Some(2), true));

    // Wide: the reader follows the selection to the first hit's match.
    let mut b = deep_app(200, 40);
    press(&mut b, "jj<Enter>");
    assert_eq!((b.article, b.focus), (Some(2), Pane::Reader));
    press(&mut b, "/zyxneedle");
    assert_eq!((b.list.selected, b.article), (0, Some(0)));
    let line = line_of(&b, "zyxneedle");
    assert_eq!(b.scroll, line - 3);

    // An article that still matches stays where it is.
    let mut c = deep_app(80, 24);
    press(&mut c, "j<Enter>");
    press(&mut c, "/zyxneedle");
    assert_eq!((c.article, c.reader_open), (Some(1), true));
}

#[test]
fn a_list_that_fits_once_the_terminal_grows_shows_from_its_first_row() {
    // 40 articles at 80x12: the last one selected scrolls the list.
    let mut a = needle_archive(40, 5, "word");
    a.resize(80, 12);
    press(&mut a, "G");
    assert!(a.list.offset > 0, "scrolled to the last row");
    // Taller than the list: every row shows, from the first.
    a.resize(80, 60);
    assert_eq!(a.list.offset, 0);
    assert_eq!(a.list.selected, 39);
}

/// An app of 300 generated-looking articles, its text folded only when a
/// search asks, with a search index over it when `indexed`.
fn indexed_app(indexed: bool) -> App {
    let words = [
        "kundresa",
        "leverans",
        "tjänst",
        "Kundresa",
        "日本語",
        "fältet",
    ];
    let articles: Vec<String> = (0..300)
        .map(|i| {
            let a = words[i % words.len()];
            let b = words[(i * 7 + 3) % words.len()];
            format!(
                r#"{{"id":"a{i}","title":"Artikel {i} om {a}","date":"2024-01-{:02}","topics":["T{}"],"body":["Text om {b} och {a}.","Mer {b}."]}}"#,
                i % 28 + 1,
                i % 4
            )
        })
        .collect();
    let text = format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(","));
    let archive = load_str("indexed.json", &text).expect("loads");
    let mut builder = lektyr::search_index::IndexBuilder::new();
    for i in 0..archive.articles.len() {
        builder.add(&lektyr::search::folded_text(&archive, i));
    }
    let index = builder.finish();
    let mut a = App::new(
        archive,
        Source::File("indexed.json".into()),
        Rect::new(0, 0, 120, 30),
    );
    a.search.fold_when_asked = true;
    a.search.keystroke_slice = Some(std::time::Duration::ZERO);
    if indexed {
        a.set_search_index(std::sync::Arc::new(index));
    }
    a
}

#[test]
fn a_search_through_the_index_finds_what_reading_every_article_finds() {
    let far = || std::time::Instant::now() + std::time::Duration::from_secs(60);
    for query in [
        "kundresa",
        "Kundresa",
        "tjänst -leverans",
        "\"om fältet\"",
        "日本",
        "om",
        "xyzzy",
        "t",
    ] {
        let mut plain = indexed_app(false);
        let mut with = indexed_app(true);
        // A helper thread reads along with the idle slices.
        let mut helped = indexed_app(true);
        helped.search.helper_from = Some(0);
        for a in [&mut plain, &mut with, &mut helped] {
            press(a, &format!("/{query}"));
            while a.idle_work(far()) {}
            assert_eq!(a.search.pending, 0, "{query}");
        }
        for a in [&with, &helped] {
            assert_eq!(a.search.matches, plain.search.matches, "{query}");
            assert_eq!(a.visible, plain.visible, "{query}");
            assert_eq!(a.search.failed, plain.search.failed, "{query}");
            // No article's text is kept folded, even for a query the
            // index cannot narrow.
            assert_eq!(a.search_ready(), 0, "{query}");
        }
    }
}

#[test]
fn a_search_through_the_index_reads_its_articles_in_slices() {
    let mut a = indexed_app(true);
    press(&mut a, "/leverans");
    // The keystroke read a few of the articles the index left.
    assert!(a.search.pending > 0);
    assert!(a.has_idle_work());
    assert!(a.search_progress() < 100);
    let mut slices = 0;
    while a.idle_work(std::time::Instant::now()) {
        slices += 1;
        assert!(slices < 1000);
    }
    assert!(slices > 1, "read over several slices");
    assert_eq!(a.search.pending, 0);
    assert_eq!(a.visible.len(), 100, "a third of the articles say leverans");
    assert_eq!(a.search_ready(), 0, "no article's text was folded");
}

#[test]
fn a_search_through_the_index_settles_the_first_rows_first() {
    // Dated out of file order, so the list's order is not the archive's.
    let mut a = indexed_app(true);
    assert_ne!(a.visible, (0..300).collect::<Vec<_>>());
    press(&mut a, "/leverans");
    // The keystroke, given no time, read only a few articles: the hits
    // among them are already the first rows the list ends with.
    assert!(a.search.pending > 0);
    let first = a.visible.clone();
    assert!(!first.is_empty(), "some hits show at once");
    let mut seen = vec![first.clone()];
    while a.idle_work(std::time::Instant::now()) {
        seen.push(a.visible.clone());
        assert!(seen.len() < 1000);
    }
    assert_eq!(a.visible.len(), 100);
    // Every screen on the way is the start of the final list: rows only
    // ever grow at its bottom.
    for shown in &seen {
        assert_eq!(shown.as_slice(), &a.visible[..shown.len()]);
    }
}

#[test]
fn a_search_typed_on_while_the_helper_reads_ends_as_typed_alone() {
    let far = || std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut alone = indexed_app(true);
    press(&mut alone, "/tjänst");
    while alone.idle_work(far()) {}
    // Each key stops the helper of the key before, whatever it had read.
    let mut helped = indexed_app(true);
    helped.search.helper_from = Some(0);
    for key in ["/", "t", "j", "ä", "n", "s", "t"] {
        press(&mut helped, key);
        helped.idle_work(std::time::Instant::now());
    }
    while helped.idle_work(far()) {}
    assert_eq!(helped.search.pending, 0);
    assert_eq!(helped.search.matches, alone.search.matches);
    assert_eq!(helped.visible, alone.visible);
    assert_eq!(
        helped.visible.len(),
        100,
        "a third of the articles say tjänst"
    );
}
