//! End-to-end: lektyr remembers in a real terminal (tmux on a private
//! socket, state and config in a temp dir). Read half-way into the long
//! sample article, quit, reopen at another terminal size: the same article
//! is open at the same place in the text.

mod common;

use common::{Session, have_tmux};

const LONG_TITLE: &str = "Upplevelseresan, del 5";

/// The reader's text on each row: the widest stretch between pane borders.
fn reader_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip(1)
        .map(|line| {
            line.split(['│', '┃', '█'])
                .max_by_key(|s| s.chars().count())
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .collect()
}

/// Words of a row long enough to be telling.
fn phrase(row: &str) -> Option<String> {
    let words: Vec<&str> = row.split_whitespace().collect();
    (words.len() >= 4).then(|| words[..4].join(" "))
}

#[test]
fn reopens_at_the_same_place_at_another_size() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let dir = tempfile::tempdir().expect("temp dir");
    let first = Session::start_with_home(160, 36, bin, dir.path());
    first.wait_for("articles");
    // The long article is eighth in the list; open it and read half-way.
    first.keys(&["j", "j", "j", "j", "j", "j", "j", "Enter"]);
    let opened = first.wait_for(LONG_TITLE);
    assert!(
        opened.contains(LONG_TITLE),
        "the long article opened:\n{opened}"
    );
    // Half a page at a time, to about half-way; the reader beside the
    // list is its widest here (72 columns of text), the widest pane, so
    // its rows are the longest runs between borders.
    first.keys(&["C-d"; 14]);
    let reading = first.wait_for("%");
    let label = reading
        .lines()
        .rev()
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.ends_with('%'))
                .map(str::to_string)
        })
        .expect("a percentage in the reader's border");
    let percent: u32 = label.trim_end_matches('%').parse().unwrap_or(0);
    assert!(
        (25..=75).contains(&percent),
        "about half-way: {label}\n{reading}"
    );
    let rows = reader_rows(&reading);
    let top = rows
        .iter()
        .skip(1)
        .take(4)
        .find_map(|r| phrase(r))
        .expect("text at the top of the reader");
    first.keys(&["Q"]);
    assert_eq!(first.wait_exit(), Some(0), "{}", first.capture());
    let files: Vec<_> = std::fs::read_dir(dir.path().join("state"))
        .expect("state dir made")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(files.len(), 1, "one state file for the sample");

    // Narrower and shorter, under the width where the panes sit side by
    // side: the reader has the screen alone, the text re-wraps, the place
    // stays.
    drop(first);
    let second = Session::start_with_home(104, 30, bin, dir.path());
    // The reader's border names the article's place in the list.
    let again = second.wait_for(" 8/17 ");
    assert!(
        again.contains(" 8/17 "),
        "the long article is open:\n{again}"
    );
    assert!(!again.contains(" Top "), "not back at the top:\n{again}");
    let near_top: String = reader_rows(&again)
        .into_iter()
        .skip(1)
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = top.split_whitespace().collect();
    let found = words
        .windows(2)
        .any(|pair| near_top.contains(&pair.join(" ")));
    assert!(
        found,
        "the top of the reader was “{top}”; now it shows:\n{again}"
    );
    second.keys(&["Q"]);
    assert_eq!(second.wait_exit(), Some(0));
}
