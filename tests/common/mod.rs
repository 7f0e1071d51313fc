//! Helpers shared by the integration tests: the binary with the user's own
//! state and config locations cleared, and, for the end-to-end tests, a
//! tmux server on a private socket in a temp dir, with lektyr's state and
//! config kept there too (never the user's own), killed when dropped.
#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The lektyr binary, never pointed at the user's own config, state or
/// cache: its archive cache is [`test_cache_dir`], this test binary's own,
/// so every command run twice on a file in one run of it reads it back
/// from the cache the second time.
pub fn lektyr() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("lektyr").expect("binary builds");
    cmd.env_remove("LEKTYR_CONFIG")
        .env_remove("LEKTYR_STATE_DIR")
        .env_remove("LEKTYR_NO_CACHE")
        .env("LEKTYR_CACHE_DIR", test_cache_dir());
    cmd
}

/// The archive cache of this test process's commands: a directory of its
/// own in cargo's temp dir for integration tests (under `target/`), named
/// by the test binary and the process id and empty when first asked for,
/// so each run starts with no cache and never reads what an earlier build
/// wrote. Within the process it is shared by the binary's tests (keys tell
/// the files apart, and writes are atomic). A runner that starts one
/// process per test (nextest) gives each its own, so no process empties
/// another's. Directories left by processes that have ended are removed
/// (on Linux, where `/proc` tells which are running).
pub fn test_cache_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let prefix = format!("lektyr-test-cache-{}-", env!("CARGO_CRATE_NAME"));
        let running = |pid: &str| Path::new("/proc").join(pid).exists();
        if Path::new("/proc/self").exists() {
            for entry in std::fs::read_dir(tmp).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                match name.strip_prefix(&prefix) {
                    Some(pid) if !running(pid) => {
                        let _ = std::fs::remove_dir_all(entry.path());
                    }
                    _ => {}
                }
            }
        }
        let dir = tmp.join(format!("{prefix}{}", std::process::id()));
        match std::fs::remove_dir_all(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                panic!("{}: {e}", dir.display())
            }
            _ => dir,
        }
    })
    .clone()
}

/// Whether tmux is here. Without it a test returns early and would say
/// "ok", so this prints a `SKIPPED:` line that `.ci/run` counts in its
/// closing total; in CI (`CI` set, and not `false` or `0`) a missing tmux
/// fails the test instead (`.ci/run` installs it).
pub fn have_tmux() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "false" | "0"));
    assert!(!ci, "tmux is required in CI (.ci/run installs it)");
    skip("tmux not found");
    false
}

/// One tmux session on its own server, killed when dropped even if the
/// test fails.
pub struct Session {
    pub name: String,
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Session {
    /// Runs `command` in a shell that then prints `lektyr-exit=N` and keeps
    /// the pane (so the session) alive until the test has read it.
    pub fn start(width: u16, height: u16, command: &str) -> Session {
        Session::start_script(
            width,
            height,
            &format!("'{command}'; echo lektyr-exit=$?; sleep 30"),
        )
    }

    /// A session whose pane runs `script` in the shell, with lektyr's state
    /// and config in the session's own temp dir.
    pub fn start_script(width: u16, height: u16, script: &str) -> Session {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = dir.path().to_path_buf();
        Session::start_in(width, height, script, &home, dir)
    }

    /// Like `start`, with state and config under `home`, which outlives
    /// the session (to reopen lektyr on the same state).
    pub fn start_with_home(width: u16, height: u16, command: &str, home: &Path) -> Session {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = format!("'{command}'; echo lektyr-exit=$?; sleep 30");
        Session::start_in(width, height, &script, home, dir)
    }

    fn start_in(
        width: u16,
        height: u16,
        script: &str,
        home: &Path,
        dir: tempfile::TempDir,
    ) -> Session {
        let s = Session {
            name: format!("lektyr-e2e-{}", std::process::id()),
            socket: dir.path().join("tmux.sock"),
            _dir: dir,
        };
        let config = home.join("config.toml");
        if !config.exists() {
            std::fs::write(&config, "").expect("empty config");
        }
        let wrapped = format!(
            "export LEKTYR_STATE_DIR='{}' LEKTYR_CONFIG='{}' LEKTYR_CACHE_DIR='{}'; {script}",
            home.join("state").display(),
            config.display(),
            home.join("cache").display()
        );
        let (w, h) = (width.to_string(), height.to_string());
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

    /// A tmux command on this session's server; its output when it worked.
    pub fn run(&self, args: &[&str]) -> Option<String> {
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

    /// Sends keys one by one, as a person types them.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", &self.name, k]);
            sleep(Duration::from_millis(60));
        }
    }

    pub fn capture(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", &self.name])
            .unwrap_or_default()
    }

    /// The screen with its styles, as SGR escapes.
    pub fn capture_styled(&self) -> String {
        self.run(&["capture-pane", "-p", "-e", "-t", &self.name])
            .unwrap_or_default()
    }

    /// Waits until the pane shows `needle` (up to 10 s); the last screen.
    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if screen.contains(needle) || start.elapsed() > Duration::from_secs(10) {
                return screen;
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Waits for `needle`, then until two captures 150 ms apart agree (up
    /// to 5 s more): the screen once every key sent has been answered.
    pub fn settled(&self, needle: &str) -> String {
        let mut last = self.wait_for(needle);
        let start = Instant::now();
        loop {
            sleep(Duration::from_millis(150));
            let now = self.capture();
            if now == last || start.elapsed() > Duration::from_secs(5) {
                return now;
            }
            last = now;
        }
    }

    /// The exit status once the program has ended (up to 10 s).
    pub fn wait_exit(&self) -> Option<i32> {
        let screen = self.wait_for("lektyr-exit=");
        let status = screen.split("lektyr-exit=").nth(1)?;
        status.split_whitespace().next()?.parse().ok()
    }

    /// A tmux format (`#{alternate_on}`, `#{pane_title}`…) for the pane.
    pub fn format(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", &self.name, format])
            .unwrap_or_default()
            .trim()
            .to_string()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// Asserts that two loads of one archive agree on all but the articles'
/// own fields: format, title, problems, topics, list order and how many
/// articles there are.
pub fn assert_same_list(a: &lektyr::archive::Archive, b: &lektyr::archive::Archive, what: &str) {
    assert_eq!(a.format, b.format, "{what}: format");
    assert_eq!(a.title, b.title, "{what}: title");
    assert_eq!(a.problems, b.problems, "{what}: problems");
    assert_eq!(a.topics, b.topics, "{what}: topics");
    assert_eq!(a.order, b.order, "{what}: order");
    assert_eq!(a.articles.len(), b.articles.len(), "{what}: articles");
}

/// Says that the running test is skipped, and why, as a line
/// `SKIPPED: <test>: <reason>` that `.ci/run` counts in its closing total.
/// The test then returns early, and the harness would call it "ok".
pub fn skip(reason: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    // Straight to the process's stderr: the test harness captures
    // eprintln! and shows it only for failures.
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {test}: {reason}");
}
