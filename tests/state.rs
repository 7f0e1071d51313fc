//! Remembered state, end to end through the library and the binary, always
//! in temporary directories: open, read, star, filter, quit, reopen → the
//! same screen; positions survive another width; a corrupt file is moved
//! aside; two processes' marks merge; an unwritable directory still runs;
//! a moved archive finds its marks; `snapshot` touches no state unless
//! asked. Also the unread/starred views and the `]`/`[` jumps.

use std::path::Path;

use assert_cmd::Command;
use lektyr::app::{App, MatchMode, Pane};
use lektyr::cli::{FilterArgs, build_app_with_state, load, open_state};
use lektyr::config::Config;
use lektyr::keymap::parse_keys;
use lektyr::state::{Anchor, ArchiveKey, Saver, Store, View};
use ratatui::layout::Rect;

const LONG: &str = "upplevelseresan-kartan-ar-inte-resan";

fn press(app: &mut App, keys: &str) {
    for key in parse_keys(keys).expect("keys parse") {
        app.handle_key(key);
    }
}

/// The sample (or `archive`) opened with its state in `dir`, at `w`×`h`.
fn open(dir: &Path, archive: Option<&Path>, w: u16, h: u16) -> (App, Saver, Vec<String>) {
    let loaded = load(archive, None, None).expect("archive loads");
    let opened = open_state(&loaded.archive, archive, dir);
    let (app, _) = build_app_with_state(
        loaded.archive,
        loaded.source,
        Rect::new(0, 0, w, h),
        &FilterArgs::default(),
        &Config::default(),
        true,
        Some(opened.state),
    );
    (app, Saver::new(opened.store), opened.warnings)
}

fn id_of(app: &App, article: Option<usize>) -> String {
    article
        .and_then(|a| app.archive.articles.get(a))
        .map(|a| a.id.to_string())
        .unwrap_or_default()
}

fn index_of(app: &App, id: &str) -> usize {
    app.archive.find_id(id).expect("id in the sample")
}

/// Keys that select `id` in the unfiltered list.
fn select_keys(app: &App, id: &str) -> String {
    let pos = app
        .visible
        .iter()
        .position(|&a| app.archive.articles[a].id == id)
        .expect("listed");
    "j".repeat(pos)
}

mod common;
use common::lektyr;

#[test]
fn reopening_restores_marks_filters_view_selection_and_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, mut saver, warnings) = open(dir.path(), None, 140, 40);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(app.unread_total, app.archive.articles.len());
    // Read the long article some way in, star it, star another.
    let keys = select_keys(&app, LONG);
    press(&mut app, &format!("{keys}<Enter>"));
    let long = index_of(&app, LONG);
    assert!(app.is_read(long), "opening marks read");
    press(&mut app, "<C-d><C-d>js");
    assert!(app.is_starred(long));
    let scroll = app.scroll;
    assert!(scroll > 0);
    // A topic of that article, ALL mode, unread view toggled on and off,
    // then the starred view.
    press(&mut app, "t<Space>aUU");
    press(&mut app, "S");
    saver.after_events(&mut app);
    let filters: Vec<usize> = app.active_topics().collect();
    let visible = app.visible.clone();
    let (selected, article) = (app.list.selected, app.article);
    let focus = app.focus;
    saver.flush(&mut app);
    drop(app);

    let (mut again, _, warnings) = open(dir.path(), None, 140, 40);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(again.is_read(long) && again.is_starred(long));
    assert_eq!(again.unread_total, again.archive.articles.len() - 1);
    assert_eq!(again.active_topics().collect::<Vec<_>>(), filters);
    assert_eq!(again.mode, MatchMode::All);
    assert_eq!(again.view, View::Starred);
    assert_eq!(again.visible, visible);
    assert_eq!((again.list.selected, again.article), (selected, article));
    assert_eq!(id_of(&again, again.article), LONG);
    assert!(again.reader_open);
    assert_eq!(focus, Pane::Topics);
    assert_eq!(again.scroll, scroll, "same width, same line");
    // Another article, then back: its own position again.
    press(&mut again, "S");
    press(&mut again, "<Tab>J");
    assert_ne!(id_of(&again, again.article), LONG);
    press(&mut again, "K");
    assert_eq!(id_of(&again, again.article), LONG);
    assert_eq!(again.scroll, scroll);
}

/// Opens the article at list position `pos` (`None`: the last), scrolls
/// into it, quits and reopens: the same article at the same line. The first
/// article is the one selected by default, so its place must be restored
/// although reopening selects it anyway.
fn reopens_at_the_place_in(pos: Option<usize>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, mut saver, _) = open(dir.path(), None, 100, 20);
    let keys = match pos {
        Some(n) => "j".repeat(n),
        None => "G".to_string(),
    };
    press(&mut app, &format!("{keys}<Enter>"));
    let article = app.article;
    assert!(
        app.max_scroll() > 4,
        "the article is longer than the reader"
    );
    press(&mut app, "<C-d>jj");
    let scroll = app.scroll;
    assert!(scroll > 0);
    saver.after_events(&mut app);
    saver.flush(&mut app);
    drop(app);

    let (again, _, warnings) = open(dir.path(), None, 100, 20);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(again.article, article, "{pos:?}: the same article");
    assert!(again.reader_open, "{pos:?}: the reader is open");
    assert_eq!(again.scroll, scroll, "{pos:?}: the same line");
}

#[test]
fn reopening_the_first_article_restores_its_place() {
    reopens_at_the_place_in(Some(0));
}

#[test]
fn reopening_a_middle_article_restores_its_place() {
    reopens_at_the_place_in(Some(8));
}

#[test]
fn reopening_the_last_article_restores_its_place() {
    reopens_at_the_place_in(None);
}

#[test]
fn hidden_topics_stay_hidden_on_reopening() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, mut saver, _) = open(dir.path(), None, 140, 40);
    press(&mut app, "tt");
    assert!(app.screen().get(Pane::Topics).is_none());
    saver.flush(&mut app);
    drop(app);
    let (mut again, mut saver, _) = open(dir.path(), None, 140, 40);
    assert!(again.screen().get(Pane::Topics).is_none(), "hidden as left");
    press(&mut again, "t");
    assert!(again.screen().get(Pane::Topics).is_some());
    saver.flush(&mut again);
    let (third, _, _) = open(dir.path(), None, 140, 40);
    assert!(third.screen().get(Pane::Topics).is_some(), "shown as left");
}

#[test]
fn the_position_survives_another_width() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, mut saver, _) = open(dir.path(), None, 140, 40);
    let keys = select_keys(&app, LONG);
    press(&mut app, &format!("{keys}<Enter>"));
    let laid = app.laid().expect("laid out");
    // Half-way through the article.
    let half = laid.lines.len() / 2;
    press(&mut app, &"j".repeat(half));
    let before = Anchor::at(&laid, app.scroll);
    let block = before.block.expect("in the body");
    saver.flush(&mut app);
    drop(app);

    for (w, h) in [(60, 20), (200, 60), (100, 30)] {
        let (again, _, _) = open(dir.path(), None, w, h);
        let laid = again.laid().expect("reader on screen");
        assert_eq!(id_of(&again, again.article), LONG);
        let after = Anchor::at(&laid, again.scroll);
        assert_eq!(after.block, Some(block), "same block at {w}x{h}");
        // The same fraction of the block, within a line of rounding.
        let frac = |a: Anchor| a.line as f64 / a.of.max(1) as f64;
        assert!(
            (frac(after) - frac(before)).abs() <= 1.0 / after.of.max(1) as f64 + 1e-9,
            "{before:?} vs {after:?} at {w}x{h}"
        );
    }
}

#[test]
fn resizing_keeps_the_place_in_the_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, _, _) = open(dir.path(), None, 200, 60);
    let keys = select_keys(&app, LONG);
    press(&mut app, &format!("{keys}<Enter><C-d><C-d><C-d>"));
    let laid = app.laid().expect("laid out");
    let block = Anchor::at(&laid, app.scroll).block;
    app.resize(130, 30);
    let narrow = app.laid().expect("laid out");
    assert_ne!(narrow.width, laid.width);
    assert_eq!(Anchor::at(&narrow, app.scroll).block, block);
}

#[test]
fn views_and_unread_jumps() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, _, _) = open(dir.path(), None, 140, 40);
    let total = app.archive.articles.len();
    // u marks the selection read; ] skips to the next unread one.
    press(&mut app, "ujuk");
    assert_eq!(app.unread_total, total - 2);
    press(&mut app, "]");
    assert_eq!(app.list.selected, 2);
    press(&mut app, "[");
    assert_eq!(
        app.message.as_deref(),
        Some("No unread article above this one")
    );
    press(&mut app, "U");
    assert_eq!(app.view, View::Unread);
    assert_eq!(app.visible.len(), total - 2);
    assert!(app.visible.iter().all(|&a| !app.is_read(a)));
    // Combined with a topic: only unread articles that carry it.
    press(&mut app, "t<Space>");
    let topic = app.active_topics().next().expect("a topic on");
    assert!(
        app.visible
            .iter()
            .all(|&a| !app.is_read(a) && app.archive.articles[a].topics.contains(&topic))
    );
    let unread_in_topic = app.unread_counts[topic];
    assert_eq!(unread_in_topic, app.visible.len());
    press(&mut app, "c<Esc>S");
    assert_eq!(app.view, View::Starred);
    assert!(app.visible.is_empty());
    press(&mut app, "S");
    assert_eq!(app.visible.len(), total);
    press(&mut app, "s");
    let first = app.visible[app.list.selected];
    assert!(app.is_starred(first));
    press(&mut app, "S");
    assert_eq!(app.visible, vec![first]);
    // In the reader, ] opens the next unread article and marks it read.
    press(&mut app, "S<Enter>");
    let before = app.unread_total;
    press(&mut app, "]");
    assert_eq!(app.unread_total, before - 1);
    assert_eq!(app.focus, Pane::Reader);
}

#[test]
fn a_corrupt_state_file_is_moved_aside() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(ArchiveKey::Sample.file_name());
    std::fs::write(&file, "{\"lektyr_state\": 1, \"articles\": [tru").expect("write");
    let (mut app, mut saver, warnings) = open(dir.path(), None, 80, 24);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("moved it to"), "{}", warnings[0]);
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(warnings[0].contains(&aside[0].display().to_string()));
    assert_eq!(
        std::fs::read_to_string(&aside[0]).expect("kept"),
        "{\"lektyr_state\": 1, \"articles\": [tru"
    );
    assert_eq!(app.unread_total, app.archive.articles.len(), "fresh");
    press(&mut app, "u");
    saver.flush(&mut app);
    let (again, _, warnings) = open(dir.path(), None, 80, 24);
    assert!(warnings.is_empty());
    assert_eq!(again.unread_total, again.archive.articles.len() - 1);

    // The binary says so on stderr and still draws.
    std::fs::write(&file, [0xff, 0xfe, 0x00]).expect("write");
    let out = lektyr()
        .args(["snapshot", "--state-dir"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("moved it to"));
}

/// The open reader with its state in `dir`, as the TUI opens it (warnings
/// on screen), at `w`×`h`.
fn open_reader(dir: &Path, w: u16, h: u16) -> App {
    let options = lektyr::open::Options {
        state_dir: Some(dir.to_path_buf()),
        colours: false,
        ..Default::default()
    };
    let reader = lektyr::open::reader(&options, &Config::default(), Rect::new(0, 0, w, h))
        .expect("the sample opens");
    reader.app
}

#[test]
fn a_corrupt_state_files_warning_is_whole_and_stays_until_dismissed() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A long directory name, so the path where the old file went is long.
    let dir = dir.path().join("long-state-directory");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join(ArchiveKey::Sample.file_name());
    std::fs::write(&file, "{1: 2}").expect("write");
    let mut app = open_reader(&dir, 100, 30);
    let aside = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path().display().to_string())
        .find(|p| p.contains(".corrupt-"))
        .expect("moved aside");
    // Every word of the warning is on screen, the path whole on its row.
    let joined = |screen: &str| screen.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let screen = lektyr::cli::render_snapshot(&mut app, "", false).expect("draws");
    assert!(screen.contains(&aside), "{screen}");
    let text = joined(&screen);
    assert!(
        text.contains("warning: state file was unreadable (key must be a string"),
        "{screen}"
    );
    assert!(
        text.contains("and started fresh (Esc dismisses)"),
        "{screen}"
    );
    let banner = app.screen().banner.expect("a banner");
    let rows: Vec<&str> = screen
        .lines()
        .skip(usize::from(banner.y))
        .take(usize::from(banner.height))
        .collect();
    assert!(rows.len() >= 2, "wrapped: {rows:?}");
    assert!(
        rows.iter().all(|r| !r.contains('…')),
        "nothing cut: {rows:?}"
    );
    // Other keys leave it; Esc dismisses it and gives the rows back.
    let rows = app.screen().get(Pane::List).map(|l| l.height);
    let screen = lektyr::cli::render_snapshot(&mut app, "jj<Enter>", false).expect("draws");
    assert!(screen.contains(&aside), "still there:\n{screen}");
    let screen = lektyr::cli::render_snapshot(&mut app, "<Esc>", false).expect("draws");
    assert!(!screen.contains(&aside), "dismissed:\n{screen}");
    assert!(app.focus == Pane::Reader, "the first Esc only dismissed");
    press(&mut app, "<Esc>");
    assert!(app.screen().get(Pane::List).map(|l| l.height) > rows);
    // Said again once the screen is closed.
    let told = app.take_warnings();
    assert_eq!(told.len(), 1);
    assert!(told[0].contains(&aside));
}

#[test]
fn two_processes_marks_merge() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Both open before either saves.
    let (mut a, mut saver_a, _) = open(dir.path(), None, 140, 40);
    let (mut b, mut saver_b, _) = open(dir.path(), None, 140, 40);
    press(&mut a, "u"); // first article read
    press(&mut b, "js"); // second article starred
    saver_a.flush(&mut a);
    saver_b.flush(&mut b);
    // b took a's mark in on saving.
    assert!(b.is_read(a.visible[0]));
    press(&mut a, "jjs"); // a stars the third, saves again
    saver_a.flush(&mut a);
    let (c, _, _) = open(dir.path(), None, 140, 40);
    assert!(c.is_read(c.visible[0]));
    assert!(
        c.is_starred(c.visible[1]),
        "b's star survived a's later save"
    );
    assert!(c.is_starred(c.visible[2]));

    // Two real processes at once, each marking its own articles.
    let run = |keys: &str| {
        lektyr()
            .args(["snapshot", "--keys", keys, "--state-dir"])
            .arg(dir.path())
            .spawn_child()
    };
    let (p, q) = (run("gjjjjju"), run("gjjjjjjs"));
    for child in [p, q] {
        let out = child.wait_with_output().expect("runs");
        assert!(out.status.success());
    }
    let (d, _, _) = open(dir.path(), None, 140, 40);
    assert!(d.is_read(d.visible[5]));
    assert!(d.is_starred(d.visible[6]));
    assert!(d.is_read(d.visible[0]) && d.is_starred(d.visible[1]));
}

/// Files in `dir` whose name ends in `.lock`.
fn lock_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".lock"))
        .collect()
}

#[test]
fn no_lock_file_is_left_after_opening_saving_and_quitting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, mut saver, _) = open(dir.path(), None, 100, 30);
    assert_eq!(lock_files(dir.path()), Vec::<std::path::PathBuf>::new());
    press(&mut app, "u<Enter><C-d>");
    saver.after_events(&mut app);
    saver.flush(&mut app);
    drop((app, saver));
    assert_eq!(lock_files(dir.path()), Vec::<std::path::PathBuf>::new());
    // The binary too.
    let out = lektyr()
        .args(["snapshot", "--keys", "js", "--state-dir"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(lock_files(dir.path()), Vec::<std::path::PathBuf>::new());
}

/// Many writers saving at once through the removed-and-recreated lock file:
/// each save merges what is on disk, so if two were ever in at once, one
/// would write over the other's last mark.
#[test]
fn writers_racing_for_the_lock_lose_no_mark() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ids: Vec<String> = (0..64).map(|i| format!("a{i}")).collect();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (dir, ids) = (dir.path().to_path_buf(), ids.clone());
            std::thread::spawn(move || {
                let opened = Store::open(&dir, &ArchiveKey::Sample, &ids);
                let (mut store, mut state) = (opened.store, opened.state);
                for id in ids.iter().skip(w).step_by(4) {
                    state.set_read(id, true, 1);
                    if let Ok(Some(merged)) = store.save(&state) {
                        state = merged;
                    }
                }
                assert!(store.memory_reason().is_none(), "saved to disk");
            })
        })
        .collect();
    for w in writers {
        w.join().expect("a writer finished");
    }
    let opened = Store::open(dir.path(), &ArchiveKey::Sample, &ids);
    let unread: Vec<&String> = ids.iter().filter(|id| !opened.state.is_read(id)).collect();
    assert!(unread.is_empty(), "marks lost: {unread:?}");
    assert_eq!(lock_files(dir.path()), Vec::<std::path::PathBuf>::new());
}

trait Spawn {
    fn spawn_child(&mut self) -> std::process::Child;
}

impl Spawn for Command {
    fn spawn_child(&mut self) -> std::process::Child {
        let mut cmd = std::process::Command::new(self.get_program());
        cmd.args(self.get_args());
        for (k, v) in self.get_envs() {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        cmd.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawns")
    }
}

#[test]
fn an_unwritable_state_dir_keeps_state_in_memory() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A directory below a regular file cannot be created, even by root.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "not a directory").expect("write");
    let state_dir = file.join("lektyr");
    let (mut app, mut saver, warnings) = open(&state_dir, None, 80, 24);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("marks are kept until you quit"),
        "{}",
        warnings[0]
    );
    assert!(saver.store.memory_reason().is_some());
    press(&mut app, "us");
    assert!(app.is_read(app.visible[0]) && app.is_starred(app.visible[0]));
    saver.flush(&mut app);
    assert!(app.is_read(app.visible[0]), "still marked in memory");
    assert!(app.message.as_deref().is_none_or(|m| !m.contains("error")));

    let out = lektyr()
        .args(["snapshot", "--keys", "u", "--state-dir"])
        .arg(&state_dir)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot use the state directory"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("16 unread"));
}

#[test]
fn a_save_that_fails_later_turns_to_memory_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state_dir = dir.path().join("state");
    let (mut app, mut saver, _) = open(&state_dir, None, 80, 24);
    // The directory disappears and a file takes its place.
    std::fs::remove_dir_all(&state_dir).expect("remove");
    std::fs::write(&state_dir, "x").expect("write");
    press(&mut app, "u");
    saver.after_events(&mut app);
    let msg = app.warnings.join(" ");
    assert!(msg.starts_with("cannot save"), "{msg}");
    assert!(saver.store.memory_reason().is_some());
    assert!(app.is_read(app.visible[0]));
}

#[test]
fn a_moved_archive_finds_its_marks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("state");
    let first = dir.path().join("blog.json");
    std::fs::write(&first, lektyr::cli::SAMPLE).expect("write");
    let (mut app, mut saver, _) = open(&state, Some(&first), 80, 24);
    press(&mut app, "jsu");
    saver.flush(&mut app);
    drop(app);
    let moved = dir.path().join("renamed.json");
    std::fs::rename(&first, &moved).expect("move");
    let (again, _, warnings) = open(&state, Some(&moved), 80, 24);
    assert!(
        warnings.iter().any(|w| w.contains("recovered")),
        "{warnings:?}"
    );
    assert!(again.is_starred(again.visible[1]) && again.is_read(again.visible[1]));
    // A copy beside the original is another archive with its own marks.
    let copy = dir.path().join("copy.json");
    std::fs::write(&copy, lektyr::cli::SAMPLE).expect("write");
    let (fresh, _, _) = open(&state, Some(&copy), 80, 24);
    assert!(!fresh.is_starred(fresh.visible[1]));
}

#[test]
fn snapshot_reads_and_writes_state_only_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let env_dir = dir.path().join("env");
    let xdg = dir.path().join("xdg");
    let plain = lektyr()
        .args(["snapshot", "--keys", "us"])
        .env("LEKTYR_STATE_DIR", &env_dir)
        .env("XDG_DATA_HOME", &xdg)
        .output()
        .expect("runs");
    assert!(plain.status.success());
    assert!(!env_dir.exists() && !xdg.exists(), "snapshot wrote state");

    let state = dir.path().join("state");
    let first = lektyr()
        .args([
            "snapshot",
            "--size",
            "120x30",
            "--keys",
            "jj<Enter>s<Tab><Space>",
            "--state-dir",
        ])
        .arg(&state)
        .output()
        .expect("runs");
    assert!(first.status.success());
    let again = lektyr()
        .args(["snapshot", "--size", "120x30", "--state-dir"])
        .arg(&state)
        .output()
        .expect("runs");
    let (a, b) = (
        String::from_utf8_lossy(&first.stdout),
        String::from_utf8_lossy(&again.stdout),
    );
    // The same screen, except the status line (the first had a message).
    let body = |s: &str| s.lines().take(29).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&a), body(&b));
    assert!(
        b.contains("Data quality is a kindness")
            && b.contains("16 unread")
            && b.contains("filter: ")
    );
    // And the plain snapshot is still the pristine screen.
    let plain_again = lektyr().args(["snapshot"]).output().expect("runs");
    assert_eq!(
        plain_again.stdout,
        lektyr().args(["snapshot"]).output().expect("runs").stdout
    );
    assert!(String::from_utf8_lossy(&plain_again.stdout).contains("17 unread"));
}

#[test]
fn hostile_state_files_never_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(ArchiveKey::Sample.file_name());
    let cases = [
        r#"{"lektyr_state": 1, "session": {"selected": "nope", "topics": ["x", ""], "match": "all", "view": "starred", "reader_open": true}}"#,
        r#"{"lektyr_state": 1, "articles": {"om-norrsken": {"anchor": {"block": 99999, "line": 18446744073709551615, "of": 0}, "anchor_at": 1}}, "session": {"selected": "om-norrsken", "reader_open": true}}"#,
        r#"{"lektyr_state": 2}"#,
        r#"[]"#,
        "",
    ];
    for text in cases {
        std::fs::write(&file, text).expect("write");
        for (w, h) in [(200, 60), (30, 8), (10, 3)] {
            let (mut app, mut saver, _) = open(dir.path(), None, w, h);
            press(&mut app, "jj<Enter>]ku[sU");
            assert!(app.scroll <= app.max_scroll());
            saver.flush(&mut app);
        }
        let _ = Store::memory("test");
    }
}

// ----- never losing the place (issue 17) ---------------------------------

/// The article in the reader, the line on top and what the state keeps
/// for it.
fn reading(app: &App) -> (String, usize, Option<Anchor>) {
    let id = id_of(app, app.article);
    (id.clone(), app.scroll, app.state.anchor(&id))
}

#[test]
fn stepping_out_of_the_full_screen_reader_and_back_keeps_the_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, mut saver, _) = open(dir.path(), None, 80, 24);
    // Below 100 columns the reader takes the list's place.
    press(&mut app, "jj<Enter><C-d><C-d>");
    assert!(
        app.screen().get(Pane::List).is_none(),
        "the reader fills the screen"
    );
    let (id, scroll, anchor) = reading(&app);
    assert!(scroll > 0, "scrolled");
    assert!(anchor.is_some_and(|a| a.block.is_some()), "{anchor:?}");
    press(&mut app, "<Esc>");
    assert!(app.laid().is_none(), "the reader is off screen");
    assert_eq!(app.state.anchor(&id), anchor, "the place is kept meanwhile");
    press(&mut app, "<Enter>");
    assert_eq!(
        reading(&app),
        (id.clone(), scroll, anchor),
        "back at the place"
    );
    // Again, and then a restart with the reader closed: Enter opens the
    // article where it was left.
    press(&mut app, "<Esc><Enter><Esc>");
    assert_eq!(app.state.anchor(&id), anchor);
    saver.flush(&mut app);
    drop(app);
    let (mut again, mut saver, _) = open(dir.path(), None, 80, 24);
    assert_eq!(again.state.anchor(&id), anchor, "saved as it was");
    press(&mut again, "<Enter>");
    assert_eq!(
        reading(&again),
        (id.clone(), scroll, anchor),
        "after a restart"
    );
    // And a restart with the reader open.
    saver.flush(&mut again);
    drop(again);
    let (third, _, _) = open(dir.path(), None, 80, 24);
    assert!(third.reader_open);
    assert_eq!(reading(&third), (id, scroll, anchor), "reopened reading");
}

#[test]
fn a_round_trip_through_other_sizes_comes_back_to_the_same_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, _, _) = open(dir.path(), None, 80, 24);
    press(&mut app, "jj<Enter><C-d><C-d>");
    let before = reading(&app);
    let laid = app.laid().expect("on screen");
    let top = lektyr::layout::line_width(&laid.lines[app.scroll]);
    // Taller and wider: the article may end sooner than a screenful past
    // the place, and is then shown to its end; the place stays.
    app.resize(200, 50);
    app.resize(80, 24);
    assert_eq!(reading(&app), before, "via 200x50");
    for (w, h) in [
        (240, 60),
        (40, 12),
        (99, 30),
        (100, 30),
        (61, 17),
        (160, 45),
        (123, 13),
    ] {
        app.resize(w, h);
    }
    app.resize(80, 24);
    assert_eq!(reading(&app), before, "via many sizes");
    let laid = app.laid().expect("on screen");
    assert_eq!(lektyr::layout::line_width(&laid.lines[app.scroll]), top);
    // Scrolling at another size moves the place from there. (At 200x50
    // this article fits on the screen: nothing to scroll.)
    app.resize(120, 20);
    assert_eq!(app.state.anchor(&before.0), before.2);
    press(&mut app, "k");
    let moved = reading(&app);
    assert_ne!(
        moved.2, before.2,
        "a move of the reader's own is a new place"
    );
    app.resize(80, 24);
    assert_ne!(app.scroll, before.1);
}

#[test]
fn a_search_in_the_list_keeps_the_place_of_an_article_not_shown_again_yet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, _, _) = open(dir.path(), None, 80, 24);
    press(&mut app, "jj<Enter><C-d><C-d><Esc>");
    let before = reading(&app);
    // Away and back in the list (the reader off screen), then a search
    // put back with Esc: it restores the scroll it saved, which no reader
    // showed for this article.
    press(&mut app, "jk/kund<Esc>");
    assert_eq!(id_of(&app, app.article), before.0);
    assert_eq!(app.state.anchor(&before.0), before.2, "not overwritten");
    press(&mut app, "<Enter>");
    assert_eq!(reading(&app), before);
    // `n` in the list with the reader closed moves between matching
    // articles without putting any of them at its top for good.
    press(&mut app, "<Esc>/the<Enter>");
    for _ in 0..app.visible.len() {
        press(&mut app, "n");
    }
    press(&mut app, "<Esc>");
    let pos = app
        .visible
        .iter()
        .position(|&a| app.archive.articles[a].id == before.0)
        .expect("listed");
    press(&mut app, &format!("g{}<Enter>", "j".repeat(pos)));
    assert_eq!(reading(&app), before);
}

/// Where line `line` of `laid` starts in the article's source: its part
/// (`None`: the header; a body block with the lines after it up to the
/// next block) and the offset in that part's source.
fn source_of(laid: &lektyr::layout::Laid, line: usize) -> (Option<usize>, usize) {
    let part = laid.block_starts.iter().rposition(|&s| s <= line);
    (part, laid.offsets[line])
}

/// The lines of a part: from its first up to the next part's.
fn part_lines(laid: &lektyr::layout::Laid, part: Option<usize>) -> std::ops::Range<usize> {
    let n = laid.lines.len();
    match part {
        None => 0..laid.block_starts.first().copied().unwrap_or(n),
        Some(b) => {
            let start = laid.block_starts[b];
            let end = laid.block_starts[b + 1..]
                .iter()
                .find(|&&s| s > start)
                .copied()
                .unwrap_or(n);
            start..end
        }
    }
}

/// The line of `laid` holding a place: in its part, the last line that
/// starts at or before its offset.
fn line_holding(laid: &lektyr::layout::Laid, (part, at): (Option<usize>, usize)) -> usize {
    let lines = part_lines(laid, part);
    lines
        .clone()
        .rfind(|&l| laid.offsets[l] <= at)
        .unwrap_or(lines.start)
}

/// Where a line starts, from the text drawn alone, the same at every
/// width: its block, the characters of text on the block's lines above it,
/// the lines without text since the last, and the characters of text on
/// the line itself. Box drawing (gutters, rules, underlines) and the
/// code's `↪` are not text. `None` where text is cut to the width (images,
/// the header's address, the related links after the last block) or
/// outside the body.
fn text_key(app: &App, laid: &lektyr::layout::Laid, line: usize) -> Option<TextKey> {
    let (Some(b), _) = source_of(laid, line) else {
        return None;
    };
    let body = &app.archive.articles[app.article?].detail().body;
    if b + 1 >= body.len() || matches!(body[b], lektyr::archive::Block::Image { .. }) {
        return None;
    }
    let text = |l: usize| -> usize {
        laid.lines[l]
            .spans
            .iter()
            .flat_map(|s| s.content.chars())
            .filter(|c| !c.is_whitespace() && !('\u{2500}'..='\u{257f}').contains(c) && *c != '↪')
            .count()
    };
    let lines = part_lines(laid, Some(b));
    let (mut before, mut bare) = (0, 0);
    for l in lines.start..line {
        let n = text(l);
        before += n;
        bare = if n == 0 { bare + 1 } else { 0 };
    }
    Some(TextKey {
        block: b,
        before,
        bare,
        chars: text(line),
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct TextKey {
    block: usize,
    before: usize,
    bare: usize,
    chars: usize,
}

impl TextKey {
    /// Whether the line named `self` holds the first character of the
    /// line named `place` (the same line without text, if that had none):
    /// a line at another width may start earlier, where text is not broken
    /// at spaces.
    fn holds(self, place: TextKey) -> bool {
        self.block == place.block
            && if place.chars == 0 {
                (self.before, self.bare, self.chars) == (place.before, place.bare, 0)
            } else {
                self.before <= place.before && place.before < self.before + self.chars
            }
    }
}

/// What the reader last moved to in an article: where in the source, and
/// the same as a name from the text, when it has one.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Place {
    source: (Option<usize>, usize),
    text: Option<TextKey>,
}

#[derive(Debug, Clone)]
enum Step {
    Key(&'static str),
    Resize(u16, u16),
    /// Quit (saving everything) and open the sample again, as the binary
    /// does, at the same size.
    Restart,
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        6 => proptest::sample::select(vec![
            "<Esc>", "<Enter>", "J", "K", "j", "k", "<C-d>", "<C-u>", "<PageDown>",
        ])
        .prop_map(Step::Key),
        2 => (40u16..=240, 12u16..=60).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => Just(Step::Restart),
    ]
}

fn reopen(dir: &Path, w: u16, h: u16) -> (App, Saver) {
    let options = lektyr::open::Options {
        state_dir: Some(dir.to_path_buf()),
        colours: false,
        ..Default::default()
    };
    let reader = lektyr::open::reader(&options, &Config::default(), Rect::new(0, 0, w, h))
        .expect("the sample opens");
    (reader.app, reader.saver)
}

/// The property: whenever an article is on screen, the line holding the
/// place the reader last moved to in it (its top when it never moved) is
/// the line on top, or, where the article ends before a screenful past
/// it, the article is shown to its end (that line then further down).
/// Only the reader's own moves (a scroll key with the reader focused that
/// moved it) set a place; leaving, coming back, other articles, resizes
/// and restarts never do. The place is compared as the layout's offset
/// in the source and, where the text alone names the line, by that too.
fn check(
    app: &App,
    places: &std::collections::HashMap<String, Place>,
    log: &[Step],
) -> Result<(), String> {
    let (Some(article), Some(laid)) = (app.article, app.laid()) else {
        return Ok(());
    };
    let id = &app.archive.articles[article].id;
    if laid.offsets.len() != laid.lines.len() {
        return Err(format!("{id}: every line has its offset"));
    }
    let place = places.get(id.as_str());
    if let Some(Some(b)) = place.map(|p| p.source.0)
        && b + 1 >= laid.block_starts.len()
        && !laid.complete
    {
        return Err(format!("{id}: not laid out past block {b}; steps {log:?}"));
    }
    let line = place.map_or(0, |p| line_holding(&laid, p.source));
    // A long article is laid out as far as it is read: its end, and so
    // the bottom, is not known before.
    let bottom = if laid.complete {
        app.max_scroll()
    } else {
        usize::MAX
    };
    let want = line.min(bottom);
    if app.scroll != want {
        return Err(format!(
            "{id} at {}x{}: line {} on top, not {want} (the place {place:?} is line {line}, \
             the bottom {bottom}); steps {log:?}",
            app.area.width, app.area.height, app.scroll
        ));
    }
    if let Some(p) = place
        && let Some(want) = p.text
        && !text_key(app, &laid, line).is_some_and(|k| k.holds(want))
    {
        return Err(format!(
            "{id}: line {line} is {:?} by its text, the place was {:?}; steps {log:?}",
            text_key(app, &laid, line),
            p.text
        ));
    }
    Ok(())
}

fn run_steps(steps: &[Step]) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut w, mut h) = (80, 24);
    let (mut app, mut saver) = reopen(dir.path(), w, h);
    let mut places = std::collections::HashMap::new();
    for (i, s) in steps.iter().enumerate() {
        let log = &steps[..=i];
        match s {
            Step::Key(k) => {
                let own =
                    app.focus == Pane::Reader && app.overlay.is_none() && app.laid().is_some();
                let (article, scroll) = (app.article, app.scroll);
                press(&mut app, k);
                let scroll_key = !matches!(*k, "<Esc>" | "<Enter>" | "J" | "K");
                if own && scroll_key && app.article == article && app.scroll != scroll {
                    let laid = app.laid().expect("still on screen");
                    places.insert(
                        id_of(&app, app.article),
                        Place {
                            source: source_of(&laid, app.scroll),
                            text: text_key(&app, &laid, app.scroll),
                        },
                    );
                }
            }
            Step::Resize(nw, nh) => {
                (w, h) = (*nw, *nh);
                app.resize(w, h);
            }
            Step::Restart => {
                saver.flush(&mut app);
                drop(app);
                (app, saver) = reopen(dir.path(), w, h);
            }
        }
        check(&app, &places, log)?;
    }
    Ok(())
}

#[test]
fn the_reported_sequences_keep_the_place() {
    use Step::*;
    let cases: Vec<Vec<Step>> = vec![
        // Issue 17.1: Esc and Enter at 80x24, and a restart.
        [
            Key("j"),
            Key("j"),
            Key("<Enter>"),
            Key("<C-d>"),
            Key("<C-d>"),
        ]
        .into_iter()
        .chain([
            Key("<Esc>"),
            Key("<Enter>"),
            Restart,
            Key("<Esc>"),
            Restart,
            Key("<Enter>"),
        ])
        .collect(),
        // Issue 17.2: to 200x50 and back.
        vec![
            Key("j"),
            Key("j"),
            Key("<Enter>"),
            Key("<C-d>"),
            Key("<C-d>"),
            Resize(200, 50),
            Resize(80, 24),
            Key("J"),
            Key("j"),
            Key("K"),
            Resize(40, 60),
            Key("J"),
        ],
    ];
    for steps in cases {
        run_steps(&steps).unwrap_or_else(|e| panic!("{e}"));
    }
}

mod place_property {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// See [`check`]: after any steps, every article on screen shows
        /// the line the reader last moved to in it.
        #[test]
        fn the_place_belongs_to_the_article(steps in prop::collection::vec(step(), 1..40)) {
            // Open an article first, so most steps have a reader to act on.
            let mut all = vec![Step::Key("j"), Step::Key("j"), Step::Key("<Enter>")];
            all.extend(steps);
            if let Err(e) = run_steps(&all) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}
