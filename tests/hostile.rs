//! The hostile fixture (`tests/fixtures/hostile/every-trick.json`: CSI 2J,
//! OSC 0/8/52, DCS/APC/PM/SOS, BEL, backspace, CR, C1 CSI, bidi overrides,
//! zero-width characters, tabs, soft hyphen, ZWJ emoji) through `show`,
//! `list`, `topics`, `check`, `snapshot` and the TUI buffer: no control
//! character comes out, all visible text does. Also: any text drawn into
//! any buffer from 0×0 to 300×100 never panics, and odd archive shapes.

mod common;

use std::path::PathBuf;

use assert_cmd::Command;
use lektyr::action::Action;
use lektyr::app::{App, Source};
use lektyr::archive::{load_path, load_str};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/every-trick.json")
}

/// Visible words of the fixture, in reading order.
const VISIBLE: [&str; 17] = [
    "Alpha clear title",
    "Echo lede with foxtrot",
    "Hotelclickhere india.",
    "Juliet",
    "kilo over",
    "written line.",
    "Lima mike tabbed columns.",
    "November softhyphen oscar.",
    "Papa 👩\u{200d}💻 emoji quebec lone.",
    "Romeo sierra tango",
    "Uniform cite",
    "victor  col",
    "whiskey",
    "Xray item",
    "Yankee item",
    "Zulu end done fin.",
    "Golf link",
];

/// Payloads inside escape sequences: removed with their sequence.
const PAYLOADS: [&str; 9] = [
    "PWNTITLE",
    "UFdOQ0xJUA",
    "evil.example",
    "DCSBODY",
    "sixel",
    "APCBODY",
    "PMBODY",
    "SOSBODY",
    "31m",
];

/// What must never reach a terminal: C0 other than newline (and the tab
/// that separates `list` columns), DEL, C1, bidi controls, ZWSP, BOM,
/// soft hyphen.
fn forbidden(c: char, tab_ok: bool) -> bool {
    (c.is_control() && c != '\n' && !(tab_ok && c == '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{feff}' | '\u{ad}')
}

fn assert_clean(out: &str, tab_ok: bool, what: &str) {
    let bad: Vec<char> = out.chars().filter(|&c| forbidden(c, tab_ok)).collect();
    assert!(bad.is_empty(), "{what}: {bad:?} in {out:?}");
    for p in PAYLOADS {
        assert!(!out.contains(p), "{what}: payload {p} in {out:?}");
    }
}

fn lektyr(args: &[&str]) -> String {
    // Through the tests' archive cache (never the user's own): a second
    // run on a file reads it back from there.
    let out = Command::cargo_bin("lektyr")
        .expect("binary builds")
        .env("LEKTYR_CACHE_DIR", common::test_cache_dir())
        .args(args)
        .write_stdin("")
        .output()
        .expect("lektyr runs");
    assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn show_keeps_every_visible_word_in_order_and_no_control() {
    let f = fixture();
    let f = f.to_str().expect("UTF-8 path");
    let out = lektyr(&["show", f, "tricks", "--width", "60"]);
    assert_clean(&out, false, "show");
    let mut from = 0;
    for word in VISIBLE {
        let at = out
            .get(from..)
            .and_then(|rest| rest.find(word))
            .unwrap_or_else(|| panic!("show lacks {word:?} after byte {from}:\n{out}"));
        from += at + word.len();
    }
}

#[test]
fn list_topics_check_and_snapshot_carry_no_control() {
    let f = fixture();
    let f = f.to_str().expect("UTF-8 path");
    let list = lektyr(&["list", f]);
    assert_clean(&list, true, "list");
    assert_eq!(
        list.trim_end().split('\t').collect::<Vec<_>>(),
        [
            "tricks",
            "2024-05-01",
            "Alpha clear title",
            "Charlie topic, Delta topic"
        ]
    );
    assert_clean(&lektyr(&["list", f, "--json"]), false, "list --json");
    let topics = lektyr(&["topics", f]);
    assert_clean(&topics, true, "topics");
    assert!(topics.contains("Charlie topic\t1") && topics.contains("Delta topic\t1"));
    assert_clean(&lektyr(&["check", f]), false, "check");
    for (size, keys) in [
        ("120x40", "<Enter>"),
        ("80x24", "<Enter><Space>"),
        ("40x12", "t"),
    ] {
        let snap = lektyr(&["snapshot", f, "--size", size, "--keys", keys]);
        assert_clean(&snap, false, &format!("snapshot {size} {keys}"));
    }
    let snap = lektyr(&["snapshot", f, "--size", "120x60", "--keys", "<Enter>"]);
    for word in [
        "Alpha clear title",
        "Hotelclickhere india.",
        "Romeo sierra tango",
    ] {
        assert!(snap.contains(word), "snapshot lacks {word}:\n{snap}");
    }
}

fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if let Some(cell) = buf.cell((x, y)) {
                out.push_str(cell.symbol());
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_tui_buffer_holds_the_text_and_no_control() {
    let archive = load_path(&fixture()).expect("fixture loads");
    let (w, h) = (140, 50);
    let mut app = App::new(archive, Source::Sample, Rect::new(0, 0, w, h));
    let mut terminal = match Terminal::new(TestBackend::new(w, h)) {
        Ok(t) => t,
        Err(never) => match never {},
    };
    let mut seen = String::new();
    for action in [Action::Activate, Action::PageDown, Action::PageDown] {
        app.update(action);
        if let Err(never) = terminal.draw(|f| lektyr::ui::draw(f, &app)) {
            match never {}
        }
        seen.push_str(&buffer_text(terminal.backend().buffer()));
    }
    assert_clean(&seen, false, "TUI buffer");
    for word in [
        "Alpha clear title",
        "Juliet",
        "Romeo sierra tango",
        "Zulu end done fin.",
    ] {
        assert!(seen.contains(word), "buffer lacks {word}:\n{seen}");
    }
}

fn archive_with(text: &str) -> String {
    let t = serde_json::Value::String(text.to_string());
    serde_json::json!({
        "title": t,
        "articles": [{"id": t, "title": t, "author": t, "topics": [t], "summary": t,
            "related": [t], "body": [t, {"type": "pullquote", "text": t, "cite": t},
            {"type": "code", "text": t}, {"type": "list", "items": [t]}]}]
    })
    .to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_text_draws_into_any_buffer(
        text in prop_oneof![
            any::<String>(),
            "(\u{1b}\\[[0-9;]{0,4}[a-zA-Z]|\u{1b}\\][0-9;a-z]{0,6}\u{7}|\u{9b}|\u{202e}|\u{200d}|👩|\t|\r|\u{ad}|日本|[a-z ]{1,8}){0,40}",
        ],
        w in 0u16..=300,
        h in 0u16..=100,
    ) {
        let Ok(archive) = load_str("prop.json", &archive_with(&text)) else {
            return Err(TestCaseError::fail("a well-formed archive loads"));
        };
        let mut app = App::new(archive, Source::Sample, Rect::new(0, 0, w, h));
        let mut terminal = match Terminal::new(TestBackend::new(w, h)) {
            Ok(t) => t,
            Err(never) => match never {},
        };
        for action in [Action::Activate, Action::PageDown, Action::Bottom, Action::FocusTopics] {
            app.update(action);
            if let Err(never) = terminal.draw(|f| lektyr::ui::draw(f, &app)) {
                match never {}
            }
            let shown = buffer_text(terminal.backend().buffer());
            prop_assert!(!shown.chars().any(|c| forbidden(c, false)), "{shown:?}");
        }
    }
}

// ----- odd shapes ----------------------------------------------------------

#[test]
fn a_ten_thousand_character_word_and_url_wrap_within_the_pane() {
    let word = "å".repeat(10_000);
    let url = format!("https://example.org/{}", "a/b".repeat(3_400));
    let json = serde_json::json!({"articles": [{"id": "w", "title": word,
        "body": [format!("before {word} after"), url]}]})
    .to_string();
    let archive = load_str("w.json", &json).expect("loads");
    for width in [1u16, 9, 72] {
        let laid = lektyr::layout::lay_out(&archive, 0, width, &lektyr::theme::Theme::default());
        assert!(laid.lines.len() >= 10_000 / usize::from(width));
        for line in &laid.lines {
            assert!(lektyr::layout::line_width(line) <= usize::from(width));
        }
    }
}

#[test]
fn a_hundred_thousand_topics_load_once_each() {
    let topics: Vec<String> = (0..100_000).map(|i| format!("Topic {i}")).collect();
    let mut doubled = topics.clone();
    doubled.extend(topics.iter().map(|t| t.to_uppercase()));
    let json = serde_json::json!({"articles": [{"id": "t", "title": "T", "topics": doubled,
        "body": "x"}]})
    .to_string();
    let archive = load_str("t.json", &json).expect("loads");
    assert_eq!(archive.topics.len(), 100_000);
    assert_eq!(archive.articles[0].topics.len(), 100_000);
    let app = App::new(archive, Source::Sample, Rect::new(0, 0, 120, 40));
    assert_eq!(app.visible.len(), 1);
}

#[test]
fn a_thousand_levels_of_nesting_are_refused_with_a_message() {
    let json = format!(
        r#"{{"articles":[{{"id":"n","title":"Deep","body":{}{}}}]}}"#,
        "[".repeat(1_000),
        "]".repeat(1_000)
    );
    let err = load_str("deep.json", &json).expect_err("refused");
    assert!(err.to_string().contains("nested too deeply"), "{err}");
}

#[test]
fn titles_empty_after_sanitizing_show_as_untitled() {
    let json = r#"[{"title":"\u001b[2J\u200b","body":"x"},{"title":"\u202e\u0007","body":"y"}]"#;
    let archive = load_str("e.json", json).expect("loads");
    assert_eq!(archive.problems.len(), 2, "{:?}", archive.problems);
    let ids: Vec<&str> = archive.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["untitled", "untitled-2"]);
}
