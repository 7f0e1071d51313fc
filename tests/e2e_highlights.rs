//! End-to-end in a real terminal (tmux): select a passage, highlight it,
//! write a note, quit, reopen at another size; the highlight and the note
//! are there, drawn in their styles.

mod common;

use common::{Session, have_tmux, skip};

#[test]
fn a_highlight_and_its_note_survive_a_restart() {
    if !have_tmux() {
        return skip("tmux is not installed");
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let dir = tempfile::tempdir().expect("temp dir");
    let first = Session::start_with_home(80, 24, bin, dir.path());
    first.wait_for("articles");
    // The newest article, its first paragraph's first two sentences.
    first.keys(&["Enter"]);
    first.wait_for("We are growing");
    first.keys(&["v", ")"]);
    first.settled("Enter highlight");
    first.keys(&["Enter"]);
    let done = first.settled("Highlighted");
    assert!(done.contains("Highlighted — e adds a note"), "{done}");
    first.keys(&["e"]);
    first.wait_for("Note:");
    first.keys(&["Bra", "Space", "sagt", "Enter"]);
    let noted = first.settled("Note kept");
    assert!(noted.contains("✎ Bra sagt"), "{noted}");
    first.keys(&["Q"]);
    assert_eq!(first.wait_exit(), Some(0), "{}", first.capture());

    let again = Session::start_with_home(200, 60, bin, dir.path());
    let screen = again.settled("✎ Bra sagt");
    assert!(screen.contains("✎ Bra sagt"), "{screen}");
    let styled = again.capture_styled();
    // The highlighted sentence: on yellow (tmux writes colour 3 as 43 or
    // 48;5;3), the note dark grey (90 or 38;5;8).
    let line = styled
        .lines()
        .find(|l| l.contains("We are growing"))
        .expect("the highlighted line");
    assert!(
        line.contains("48;5;3m") || line.contains("43m"),
        "the highlight's style: {line:?}"
    );
    let note = styled
        .lines()
        .find(|l| l.contains("Bra sagt"))
        .expect("the note's line");
    assert!(note.contains("38;5;8m") || note.contains("90m"), "{note:?}");
    // The state file holds it with its context.
    let state = std::fs::read_dir(dir.path().join("state"))
        .expect("state dir")
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| std::fs::read_to_string(e.path()).expect("readable"))
        .expect("a state file");
    assert!(state.contains("\"note\":\"Bra sagt\""), "{state}");
    assert!(state.contains("\"suffix\""), "{state}");
}
