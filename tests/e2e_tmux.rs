//! End-to-end: the real binary in a real terminal (tmux). Starts lektyr on
//! the built-in sample, sends keys, reads the pane, quits, and checks that
//! it exited cleanly and gave the terminal back.

use std::path::PathBuf;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

fn tmux(args: &[&str]) -> Option<String> {
    let out = Command::new("tmux").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn have_tmux() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok();
    if !found && std::env::var_os("CI").is_some() {
        panic!("tmux is required in CI (.ci/run installs it)");
    }
    found
}

/// A tmux session that is killed when dropped, even if the test fails.
struct Session {
    name: String,
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Session {
    fn start(width: u16, height: u16, command: &str) -> Session {
        let dir = tempfile::tempdir().expect("temp dir");
        let name = format!("lektyr-e2e-{}", std::process::id());
        let socket = dir.path().join("tmux.sock");
        let s = Session {
            name,
            socket,
            _dir: dir,
        };
        let (w, h) = (width.to_string(), height.to_string());
        // A shell around the program prints its exit status and keeps the
        // pane (so the session) alive until the test has read it.
        // State and config live in the temp dir: never the user's own.
        let config = s._dir.path().join("config.toml");
        std::fs::write(&config, "").expect("empty config");
        let wrapped = format!(
            "LEKTYR_STATE_DIR='{}' LEKTYR_CONFIG='{}' '{command}'; echo lektyr-exit=$?; sleep 30",
            s._dir.path().join("state").display(),
            config.display()
        );
        s.run(&[
            "new-session",
            "-d",
            "-s",
            &s.name,
            "-x",
            &w,
            "-y",
            &h,
            &wrapped,
        ])
        .expect("tmux starts");
        s
    }

    fn run(&self, args: &[&str]) -> Option<String> {
        let sock = self.socket.to_string_lossy().into_owned();
        let mut all = vec!["-S", sock.as_str()];
        all.extend_from_slice(args);
        tmux(&all)
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", &self.name, k]);
            sleep(Duration::from_millis(60));
        }
    }

    fn capture(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", &self.name])
            .unwrap_or_default()
    }

    /// Waits until the pane shows `needle` (up to 10 s).
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if screen.contains(needle) || start.elapsed() > Duration::from_secs(10) {
                return screen;
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// The exit status once the program has ended (up to 10 s).
    fn wait_exit(&self) -> Option<i32> {
        let screen = self.wait_for("lektyr-exit=");
        let status = screen.split("lektyr-exit=").nth(1)?;
        status.split_whitespace().next()?.parse().ok()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

#[test]
fn reads_the_sample_in_a_real_terminal_and_quits_cleanly() {
    if !have_tmux() {
        eprintln!("skipped: tmux not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let s = Session::start(120, 36, bin);
    let first = s.wait_for("articles");
    assert!(first.contains("lektyr"), "header shows:\n{first}");
    assert!(
        first.contains("Topics"),
        "three panes at 120 columns:\n{first}"
    );
    // Open the second article and page through it.
    s.keys(&["j", "Enter", "Space"]);
    let reading = s.capture();
    assert!(
        reading.contains("%"),
        "the reader shows a scroll position:\n{reading}"
    );
    s.keys(&["?"]);
    let help = s.wait_for("Keys");
    assert!(help.contains("quit"), "help lists the keys:\n{help}");
    s.keys(&["Escape", "q"]);
    let status = s.wait_exit();
    assert_eq!(
        status,
        Some(0),
        "lektyr exits with status 0; screen:\n{}",
        s.capture()
    );
    // Back on the normal screen: the alternate screen is gone.
    let alt = s
        .run(&["display-message", "-p", "-t", &s.name, "#{alternate_on}"])
        .unwrap_or_default();
    assert_eq!(alt.trim(), "0", "alternate screen left");
}
