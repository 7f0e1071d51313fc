//! End-to-end in a real terminal (tmux): the reader opened with --since
//! and --until, the timeline in the list's border, the statistics view
//! opened over it and left with Esc.

mod common;

use common::{Session, have_tmux};

#[test]
fn dates_from_the_command_line_then_the_statistics_and_back() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let s = Session::start(80, 24, &format!("{bin}' --since 2024 --until '2024"));
    let screen = s.wait_for("Articles 5/17");
    assert!(screen.contains("Articles 5/17"), "2024's five:\n{screen}");
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines[0].contains("2024"),
        "the header says the dates:\n{screen}"
    );
    assert!(
        screen.contains("Feb 2023") && screen.contains("1 undated"),
        "the strip in the list's border:\n{screen}"
    );
    s.keys(&["i"]);
    let screen = s.wait_for("Statistics");
    assert!(screen.contains("Statistics"), "{screen}");
    assert!(screen.contains("5 articles"), "{screen}");
    assert!(screen.contains("unread in "), "{screen}");
    s.keys(&["Escape"]);
    let screen = s.wait_for("Articles 5/17");
    assert!(screen.contains("Articles 5/17"), "{screen}");
    assert!(!screen.contains("Statistics"), "{screen}");
    // `M`: every date again.
    s.keys(&["M"]);
    let screen = s.wait_for("Articles 17/17");
    assert!(screen.contains("Articles 17/17"), "{screen}");
    s.keys(&["q"]);
}
