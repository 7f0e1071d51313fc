//! End-to-end: lektyr never loses the reading place in a real terminal
//! (tmux on a private socket, state and config in a temp dir). At 80x24
//! the reader fills the screen: stepping out of it and back in, quitting
//! and starting again, or growing the terminal and shrinking it back all
//! come back to the same line (issue 17).

mod common;

use std::path::Path;
use std::thread::sleep;
use std::time::Duration;

use common::{Session, have_tmux};

/// The keys of the report: the third article, half a page down twice.
const READ: [&str; 5] = ["j", "j", "Enter", "C-d", "C-d"];

/// The percentage the reader's border shows at these keys at 80x24.
const AT: &str = " 86% ";

/// The full-screen reader's rows: the text between its borders, each row
/// trimmed (the scrollbar's `█` counts as a border).
fn reader_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.starts_with('┃'))
        .map(|l| {
            l.trim_start_matches('┃')
                .trim_end_matches(['┃', '█'])
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Lektyr on the built-in sample, state and config under `home`.
fn start(home: &Path, width: u16, height: u16) -> Session {
    let s = Session::start_with_home(width, height, env!("CARGO_BIN_EXE_lektyr"), home);
    s.wait_for("articles");
    s
}

/// Reads to the place of the report and gives the reader's rows there.
fn read_to_the_place(s: &Session) -> Vec<String> {
    s.keys(&READ);
    let screen = s.settled(AT);
    assert!(screen.contains(AT), "the reader at 86%:\n{screen}");
    let rows = reader_rows(&screen);
    assert!(
        rows.iter().filter(|r| !r.is_empty()).count() > 5,
        "text in the reader:\n{screen}"
    );
    rows
}

/// Quits (`Q`, from any pane) and waits for lektyr to end cleanly.
fn quit(s: &Session) {
    s.keys(&["Q"]);
    assert_eq!(s.wait_exit(), Some(0), "{}", s.capture());
}

#[test]
fn esc_enter_and_a_restart_keep_the_place_at_80x24() {
    if !have_tmux() {
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let s = start(home.path(), 80, 24);
    let rows = read_to_the_place(&s);
    // Out of the reader (the list takes the screen) and back in.
    s.keys(&["Escape"]);
    let list = s.settled("Enter open");
    assert!(!list.contains(AT), "the list is showing:\n{list}");
    s.keys(&["Enter"]);
    let back = s.settled(AT);
    assert!(back.contains(AT), "back at 86%, not the top:\n{back}");
    assert_eq!(reader_rows(&back), rows, "the same lines:\n{back}");
    // Quit with the reader closed; start again and open it.
    s.keys(&["Escape"]);
    s.settled("Enter open");
    quit(&s);
    drop(s);
    let s = start(home.path(), 80, 24);
    s.keys(&["Enter"]);
    let again = s.settled(AT);
    assert!(again.contains(AT), "after a restart, at 86%:\n{again}");
    assert_eq!(reader_rows(&again), rows, "the same lines:\n{again}");
    // Quit reading; the next start opens the reader at the place.
    quit(&s);
    drop(s);
    let s = start(home.path(), 80, 24);
    let third = s.settled(AT);
    assert!(third.contains(AT), "reopened reading at 86%:\n{third}");
    assert_eq!(reader_rows(&third), rows, "the same lines:\n{third}");
    quit(&s);
}

#[test]
fn growing_the_terminal_and_shrinking_it_back_keeps_the_place() {
    if !have_tmux() {
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let s = start(home.path(), 80, 24);
    let rows = read_to_the_place(&s);
    let resize = |w: u16, h: u16| {
        let (w, h) = (w.to_string(), h.to_string());
        s.run(&["resize-window", "-t", &s.name, "-x", &w, "-y", &h])
            .expect("tmux resizes the window");
    };
    resize(200, 50);
    let wide = s.settled("Topics");
    assert!(
        wide.lines().count() >= 50 && wide.contains("Topics"),
        "three panes at 200x50:\n{wide}"
    );
    resize(80, 24);
    let back = s.settled(AT);
    assert!(back.contains(AT), "back at 86%:\n{back}");
    assert_eq!(reader_rows(&back), rows, "the same lines:\n{back}");
    // A few steps at a time, as a window is dragged, and back again.
    for (w, h) in [
        (90, 26),
        (120, 30),
        (160, 40),
        (240, 60),
        (130, 20),
        (44, 14),
    ] {
        resize(w, h);
        sleep(Duration::from_millis(80));
    }
    resize(80, 24);
    let dragged = s.settled(AT);
    assert_eq!(reader_rows(&dragged), rows, "the same lines:\n{dragged}");
    // And after a restart at the big size, back at 80x24.
    quit(&s);
    drop(s);
    let s = start(home.path(), 200, 50);
    s.settled("Topics");
    let resize = |w: u16, h: u16| {
        let (w, h) = (w.to_string(), h.to_string());
        s.run(&["resize-window", "-t", &s.name, "-x", &w, "-y", &h])
            .expect("tmux resizes the window");
    };
    resize(80, 24);
    let restarted = s.settled(AT);
    assert!(restarted.contains(AT), "at 86%:\n{restarted}");
    assert_eq!(
        reader_rows(&restarted),
        rows,
        "the same lines:\n{restarted}"
    );
    quit(&s);
}
