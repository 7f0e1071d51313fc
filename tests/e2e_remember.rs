//! End-to-end: lektyr remembers in a real terminal (tmux on a private
//! socket, state and config in a temp dir). Read half-way into the long
//! sample article, quit, reopen at another terminal size: the same article
//! is open at the same place in the text.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

const LONG_TITLE: &str = "Upplevelseresan, del 5";

fn have_tmux() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok();
    if !found && std::env::var_os("CI").is_some() {
        panic!("tmux is required in CI (.ci/run installs it)");
    }
    found
}

/// One tmux server on a socket in `dir`, killed when dropped.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Option<String> {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Starts lektyr in session `name` at `w`×`h`, with state and config in
    /// `dir`; the shell prints the exit status and keeps the pane.
    fn start(&self, name: &str, w: u16, h: u16, dir: &Path) {
        let bin = env!("CARGO_BIN_EXE_lektyr");
        let wrapped = format!(
            "LEKTYR_STATE_DIR='{}' LEKTYR_CONFIG='{}' '{bin}'; echo lektyr-exit=$?; sleep 30",
            dir.join("state").display(),
            dir.join("config.toml").display()
        );
        let (w, h) = (w.to_string(), h.to_string());
        self.run(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            &w,
            "-y",
            &h,
            &wrapped,
        ])
        .expect("tmux starts");
    }

    fn keys(&self, name: &str, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", name, k]);
            sleep(Duration::from_millis(60));
        }
    }

    fn capture(&self, name: &str) -> String {
        self.run(&["capture-pane", "-p", "-t", name])
            .unwrap_or_default()
    }

    fn wait_for(&self, name: &str, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture(name);
            if screen.contains(needle) || start.elapsed() > Duration::from_secs(10) {
                return screen;
            }
            sleep(Duration::from_millis(100));
        }
    }

    fn wait_exit(&self, name: &str) -> Option<i32> {
        let screen = self.wait_for(name, "lektyr-exit=");
        let status = screen.split("lektyr-exit=").nth(1)?;
        status.split_whitespace().next()?.parse().ok()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

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
        eprintln!("skipped: tmux not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("config.toml"), "").expect("config");
    let tmux = Tmux {
        socket: dir.path().join("tmux.sock"),
    };
    tmux.start("first", 120, 36, dir.path());
    tmux.wait_for("first", "articles");
    // The long article is eighth in the list; open it and read half-way.
    tmux.keys("first", &["j", "j", "j", "j", "j", "j", "j", "Enter"]);
    let opened = tmux.wait_for("first", LONG_TITLE);
    assert!(
        opened.contains(LONG_TITLE),
        "the long article opened:\n{opened}"
    );
    tmux.keys("first", &["C-d", "C-d", "C-d", "C-d", "C-d", "C-d"]);
    let reading = tmux.wait_for("first", "%");
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
    tmux.keys("first", &["q"]);
    assert_eq!(
        tmux.wait_exit("first"),
        Some(0),
        "{}",
        tmux.capture("first")
    );
    let files: Vec<_> = std::fs::read_dir(dir.path().join("state"))
        .expect("state dir made")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(files.len(), 1, "one state file for the sample");

    // Narrower and shorter: the text re-wraps, the place stays.
    tmux.start("second", 104, 30, dir.path());
    // The reader's border names the article's place in the list.
    let again = tmux.wait_for("second", " 8/17 ");
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
    tmux.keys("second", &["q"]);
    assert_eq!(tmux.wait_exit("second"), Some(0));
}
