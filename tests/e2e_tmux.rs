//! End-to-end: the real binary in a real terminal (tmux). Starts lektyr on
//! the built-in sample, sends keys, reads the pane, quits, and checks that
//! it exited cleanly and gave the terminal back — also when killed by a
//! signal, when it panics, when suspended with Ctrl-z, and when an archive
//! tries to retitle the terminal or write its clipboard.

mod common;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::{Session, have_tmux};

#[test]
fn reads_the_sample_in_a_real_terminal_and_quits_cleanly() {
    if !have_tmux() {
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
    let reading = s.settled("%");
    assert!(
        reading.contains("%"),
        "the reader shows a scroll position:\n{reading}"
    );
    s.keys(&["?"]);
    let help = s.wait_for("Keys");
    assert!(
        help.contains("move down") && help.contains("more"),
        "help lists the keys:\n{help}"
    );
    // Esc closes the help; `q` steps back out of the reader, then quits.
    s.keys(&["Escape", "q"]);
    let back = s.wait_for("q quit");
    assert!(back.contains("Enter open"), "back in the list:\n{back}");
    s.keys(&["q"]);
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

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Settings of the terminal after lektyr, printed by `stty -a` in the pane.
fn assert_cooked(screen: &str) {
    let words: Vec<&str> = screen.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig"] {
        assert!(
            words.contains(&mode),
            "`{mode}` is on again after lektyr:\n{screen}"
        );
    }
}

/// Runs lektyr with `env` under a shell that writes its pid to a file in
/// `dir`, then prints the exit status and the terminal settings.
fn start_reporting(dir: &tempfile::TempDir, env: &str) -> Session {
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let pid = dir.path().join("pid");
    let pid = pid.to_string_lossy();
    let script = format!(
        "sh -c 'echo $$ > {pid}; RUST_BACKTRACE=0 {env} exec \"{bin}\"'; \
         echo lektyr-exit=$?; stty -a; sleep 30"
    );
    Session::start_script(100, 30, &script)
}

fn pid_of(dir: &tempfile::TempDir) -> Option<String> {
    let path = dir.path().join("pid");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(pid) = std::fs::read_to_string(&path) {
            let pid = pid.trim().to_string();
            if !pid.is_empty() {
                return Some(pid);
            }
        }
        sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn sigterm_sighup_and_sigint_give_the_terminal_back() {
    if !have_tmux() {
        return;
    }
    for (signal, status) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let s = start_reporting(&dir, "");
        let pid = pid_of(&dir).expect("lektyr wrote its pid");
        let first = s.wait_for("articles");
        assert!(first.contains("lektyr"), "lektyr is up:\n{first}");
        assert_eq!(s.format("#{alternate_on}"), "1", "on the alternate screen");
        assert_eq!(s.format("#{mouse_any_flag}"), "1", "mouse captured");
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status();
        assert!(killed.is_ok_and(|st| st.success()), "kill works");
        assert_eq!(s.wait_exit(), Some(status), "SIG{signal}:\n{}", s.capture());
        let after = s.wait_for("icanon");
        assert_eq!(s.format("#{alternate_on}"), "0", "SIG{signal}: main screen");
        assert_eq!(
            s.format("#{mouse_any_flag}"),
            "0",
            "SIG{signal}: mouse released"
        );
        assert_cooked(&after);
    }
}

#[test]
fn a_panic_prints_after_the_terminal_is_given_back() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let s = start_reporting(&dir, "LEKTYR_TEST_PANIC=1");
    assert_eq!(
        s.wait_exit(),
        Some(101),
        "a panic exits 101:\n{}",
        s.capture()
    );
    let after = s.wait_for("icanon");
    assert_eq!(s.format("#{alternate_on}"), "0", "alternate screen left");
    assert_eq!(s.format("#{mouse_any_flag}"), "0", "mouse released");
    // On the main screen, so the message is there to read.
    assert!(
        after.contains("panicking on purpose"),
        "message shown:\n{after}"
    );
    assert_cooked(&after);
}

/// lektyr run from an interactive shell, so there is job control to stop
/// and resume it; returns once its first screen is up.
fn lektyr_under_job_control() -> Session {
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let s = Session::start_script(120, 30, "PS1='$ ' bash --norc --noprofile -i");
    s.wait_for("$");
    // Quoted so the echoed command line does not itself read as a status.
    s.keys(&[&format!("'{bin}'; echo lektyr-\"exit\"=$?"), "Enter"]);
    let first = s.wait_for("articles");
    assert!(first.contains("Topics"), "lektyr is up:\n{first}");
    s
}

/// After lektyr stopped: the shell said so and the terminal is its own
/// again (main screen, mouse released, cooked).
fn assert_stopped_and_given_back(s: &Session) {
    let stopped = s.wait_for("Stopped");
    assert!(
        stopped.contains("Stopped"),
        "the shell saw lektyr stop:\n{stopped}"
    );
    assert_eq!(s.format("#{alternate_on}"), "0", "stopped: main screen");
    assert_eq!(
        s.format("#{mouse_any_flag}"),
        "0",
        "stopped: mouse released"
    );
    s.keys(&[
        "stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo",
        "Enter",
    ]);
    let modes = s.wait_for("icanon echo");
    assert!(
        modes.contains("icanon echo"),
        "cooked while stopped:\n{modes}"
    );
}

/// `fg` brings lektyr back with every cell repainted; `q` then quits with 0.
fn assert_fg_repaints_and_quits(s: &Session) {
    s.keys(&["clear", "Enter"]);
    sleep(Duration::from_millis(200));
    s.keys(&["fg", "Enter"]);
    let back = s.wait_for("articles");
    assert!(
        back.contains("Topics"),
        "fg repaints the whole screen:\n{back}"
    );
    assert_eq!(
        s.format("#{alternate_on}"),
        "1",
        "resumed: alternate screen"
    );
    s.keys(&["Q"]);
    // bash drops the rest of a stopped command line; `fg`'s status is
    // lektyr's.
    sleep(Duration::from_millis(300));
    s.keys(&["echo lektyr-\"exit\"=$?", "Enter"]);
    assert_eq!(
        s.wait_exit(),
        Some(0),
        "quits after resuming:\n{}",
        s.capture()
    );
    assert_eq!(s.format("#{alternate_on}"), "0", "alternate screen left");
}

#[test]
fn ctrl_z_suspends_and_fg_redraws() {
    if !have_tmux() {
        return;
    }
    let s = lektyr_under_job_control();
    s.keys(&["C-z"]);
    assert_stopped_and_given_back(&s);
    assert_fg_repaints_and_quits(&s);
}

/// The pid of the process whose parent is `parent` (read from /proc).
fn child_of(parent: u32) -> Option<u32> {
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // Fields after the command name (which may hold spaces): state, ppid.
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        if after.split_whitespace().nth(1) == Some(parent.to_string().as_str()) {
            return Some(pid);
        }
    }
    None
}

#[test]
fn a_stop_signal_from_outside_gives_the_terminal_back_and_continue_repaints() {
    if !have_tmux() {
        return;
    }
    let s = lektyr_under_job_control();
    let shell: u32 = s.format("#{pane_pid}").parse().expect("pane pid");
    let pid = child_of(shell).expect("lektyr runs under the shell");
    let stop = Command::new("kill")
        .args(["-TSTP", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(stop.success());
    assert_stopped_and_given_back(&s);
    assert_fg_repaints_and_quits(&s);
}

/// The payloads of the hostile fixture that must never reach the terminal.
const PAYLOADS: [&str; 5] = ["PWNTITLE", "UFdOQ0xJUA", "evil.example", "DCSBODY", "sixel"];

#[test]
fn a_hostile_archive_cannot_retitle_the_terminal_or_write_the_clipboard() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let file = fixture("hostile/every-trick.json");
    let script = format!("sleep 0.3; '{bin}' '{file}'; echo lektyr-exit=$?; sleep 30");
    let s = Session::start_script(120, 40, &script);
    s.run(&["set-option", "-s", "set-clipboard", "on"]);
    s.run(&["select-pane", "-t", &s.name, "-T", "fixed-title"]);
    let first = s.wait_for("Alpha");
    assert!(
        first.contains("Alpha clear title"),
        "list shows the title:\n{first}"
    );
    let mut seen = first;
    for key in ["Enter", "Space", "Space", "Space"] {
        s.keys(&[key]);
        sleep(Duration::from_millis(150));
        seen.push_str(&s.capture());
    }
    for word in [
        "Hotelclickhere",
        "Juliet",
        "Romeo sierra tango",
        "Zulu end done fin.",
    ] {
        assert!(seen.contains(word), "{word} is shown:\n{seen}");
    }
    for payload in PAYLOADS {
        assert!(
            !seen.contains(payload),
            "{payload} reached the pane:\n{seen}"
        );
    }
    assert_eq!(s.format("#{pane_title}"), "fixed-title", "title unchanged");
    let buffers = s.run(&["list-buffers"]).unwrap_or_default();
    assert_eq!(buffers.trim(), "", "no clipboard write reached tmux");
    s.keys(&["Q"]);
    assert_eq!(s.wait_exit(), Some(0));
}

#[test]
fn the_title_and_clipboard_checks_do_see_a_raw_escape() {
    // The control for the test above: the same checks catch an OSC 2 title
    // and an OSC 52 clipboard write printed raw.
    if !have_tmux() {
        return;
    }
    let script = "sleep 0.3; printf '\\033]2;PWNTITLE\\007\\033]52;c;UFdOQ0xJUA==\\007'; sleep 30";
    let s = Session::start_script(40, 10, script);
    s.run(&["set-option", "-s", "set-clipboard", "on"]);
    s.run(&["select-pane", "-t", &s.name, "-T", "fixed-title"]);
    let start = Instant::now();
    while s.format("#{pane_title}") == "fixed-title" && start.elapsed() < Duration::from_secs(5) {
        sleep(Duration::from_millis(100));
    }
    assert_eq!(s.format("#{pane_title}"), "PWNTITLE");
    let buffers = s.run(&["list-buffers"]).unwrap_or_default();
    assert!(!buffers.trim().is_empty(), "tmux took the clipboard write");
}

#[test]
fn search_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let s = Session::start(120, 36, bin);
    s.wait_for("articles");
    // `/` opens the prompt on the status line; the list follows the typing.
    s.keys(&["/", "t", "e", "k", "n", "i", "k", "e", "r", "n"]);
    let typing = s.wait_for("/teknikern · 4 articles");
    assert!(typing.contains("Articles 4/17"), "{typing}");
    let status = typing.lines().last().unwrap_or_default();
    assert!(
        status.starts_with("/teknikern"),
        "prompt on the status line:\n{typing}"
    );
    // Enter keeps it; `n` reads from match to match, on across articles.
    s.keys(&["Enter", "n"]);
    let first = s.wait_for("tekniker");
    assert!(first.contains(" 1/4 "), "{first}");
    s.keys(&["n", "n", "n", "n", "n", "n"]);
    // The keys take a moment on a busy machine.
    let start = Instant::now();
    let mut later = s.capture();
    while later.contains(" 1/4 ") && start.elapsed() < Duration::from_secs(5) {
        sleep(Duration::from_millis(100));
        later = s.capture();
    }
    assert!(
        !later.contains(" 1/4 "),
        "n crossed into another article:\n{later}"
    );
    s.keys(&["N", "N", "N", "N", "N", "N"]);
    let back = s.wait_for(" 1/4 ");
    assert!(back.contains(" 1/4 "), "N came back:\n{back}");
    // A new prompt, then Esc: the whole list and the article from before.
    s.keys(&["Escape"]);
    let all = s.wait_for("Articles 17/17");
    assert!(
        all.contains("Articles 17/17"),
        "Esc ended the search:\n{all}"
    );
    s.keys(&["j", "j"]);
    let before = s.settled("17 of 17 articles");
    let place = |screen: &str| {
        screen
            .split_whitespace()
            .find(|w| w.ends_with("/17"))
            .unwrap_or_default()
            .to_string()
    };
    s.keys(&["/", "q", "x", "z"]);
    let nothing = s.wait_for("no match");
    assert!(nothing.contains("no match"), "{nothing}");
    s.keys(&["Escape"]);
    let restored = s.wait_for("17 of 17 articles");
    assert_eq!(
        place(&restored),
        place(&before),
        "Esc put the selection back:\n{restored}"
    );
    s.keys(&["Q"]);
    assert_eq!(s.wait_exit(), Some(0));
}

#[test]
fn a_link_reaches_the_browser_as_one_argument_and_runs_nothing() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let record = dir.path().join("browser-args");
    let browser = dir.path().join("fake-browser");
    // The fake browser writes how many arguments it got, then each.
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" > '{}'\n",
            record.display()
        ),
    )
    .expect("write the fake browser");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755))
            .expect("make it runnable");
    }
    let work = dir.path().join("cwd");
    std::fs::create_dir(&work).expect("a working dir");
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let script = format!(
        "cd '{}' && BROWSER='{}' '{bin}' '{}'; echo lektyr-exit=$?; sleep 30",
        work.display(),
        browser.display(),
        fixture("links/links.json"),
    );
    let s = Session::start_script(120, 30, &script);
    s.wait_for("A page of links");
    s.keys(&["Enter"]);
    let reading = s.wait_for("Panton[1]");
    assert!(
        reading.contains("Panton[1]") && reading.contains("one[2]"),
        "{reading}"
    );
    assert!(
        !reading.contains("this[3]"),
        "javascript: gets no number:\n{reading}"
    );
    s.keys(&["o"]);
    s.wait_for("Links —");
    s.keys(&["2"]);
    // The browser ran (in the background) with the URL as one argument.
    let start = Instant::now();
    while !record.exists() && start.elapsed() < Duration::from_secs(10) {
        sleep(Duration::from_millis(100));
    }
    let args = std::fs::read_to_string(&record).expect("the browser ran");
    assert_eq!(args, "1\nhttps://odd.example/a;b $(touch lektyr-pwned) c\n");
    assert!(
        !work.join("lektyr-pwned").exists(),
        "nothing was run by a shell"
    );
    // The screen is still ours and answers keys.
    s.keys(&["Q"]);
    assert_eq!(s.wait_exit(), Some(0));
}

/// A lektyr archive of `n` generated articles, about 1.5 KB each.
fn generated_archive(n: usize) -> String {
    let words = [
        "kund", "resa", "möte", "svar", "team", "plan", "data", "tjänst", "fråga", "väg",
    ];
    let mut out = String::from(r#"{"version":1,"title":"Generated","articles":["#);
    for i in 0..n {
        let w = |k: usize| words[(i * 7 + k * 3) % words.len()];
        let para: Vec<String> = (0..5)
            .map(|p| (0..40).map(|k| w(k + p)).collect::<Vec<_>>().join(" "))
            .collect();
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            r#"{{"id":"g{i}","title":"Article {i} {} {}","date":"20{:02}-{:02}-{:02}","topics":["{}"],"body":["{}"]}}"#,
            w(1),
            w(2),
            10 + i % 15,
            1 + i % 12,
            1 + i % 28,
            w(4),
            para.join(r#"",""#)
        ));
    }
    out.push_str("]}");
    out
}

#[test]
fn keys_answer_while_a_big_first_open_streams() {
    if !have_tmux() {
        eprintln!("skipped: tmux not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.json");
    std::fs::write(&path, generated_archive(20_000)).expect("archive written");
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let s = Session::start_script(
        120,
        30,
        &format!(
            "LEKTYR_TEST_SLOW_READ_MS=20 '{bin}' '{}'; echo lektyr-exit=$?; sleep 30",
            path.display()
        ),
    );
    // The screen is there while the file is still read, and keys move in
    // what has arrived.
    let reading = s.wait_for("Reading…");
    assert!(reading.contains("Articles"), "{reading}");
    s.keys(&["j", "j", "Enter"]);
    // The reader has the focus once its hints are on the status line.
    let moved = s.wait_for("j/k scroll");
    assert!(moved.contains("Reading…"), "still reading:\n{moved}");
    assert!(
        moved.contains("j/k scroll"),
        "the reader has the focus:\n{moved}"
    );
    // When the load ends every article is in, and the article opened
    // during the load is still the one shown.
    let done = s.wait_for("20000 of 20000 articles");
    assert!(done.contains("20000/20000"), "{done}");
    let opened_title = moved
        .lines()
        .find_map(|l| l.split('┃').nth(1).filter(|t| t.contains("Article ")))
        .and_then(|t| t.split(['█', '┃']).next())
        .map(|t| t.trim().to_string());
    let title = opened_title.expect("an article is open");
    assert!(done.contains(&title), "{title} still shown:\n{done}");
    s.keys(&["Q"]);
    assert_eq!(s.wait_exit(), Some(0));
}

#[test]
fn an_unknown_topic_stops_the_reader_before_the_screen_is_taken() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let script = format!("'{bin}' --topic Kultr; echo lektyr-exit=$?; stty -a; sleep 30");
    let s = Session::start_script(100, 30, &script);
    assert_eq!(s.wait_exit(), Some(2), "{}", s.capture());
    let screen = s.wait_for("icanon");
    assert!(
        screen.contains("error: --topic “Kultr”") && screen.contains("“Kultur”"),
        "the error and the nearest topic show:\n{screen}"
    );
    assert_eq!(s.format("#{alternate_on}"), "0", "main screen");
    assert_cooked(&screen);
}

#[test]
fn show_styles_its_output_on_a_terminal() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_lektyr");
    for (env, colour) in [("", true), ("NO_COLOR=1", false)] {
        let script = format!(
            "env -u NO_COLOR {env} '{bin}' show why-we-stopped-weekly-nps --width 60; \
             echo lektyr-exit=$?; sleep 30"
        );
        let s = Session::start_script(100, 40, &script);
        assert_eq!(s.wait_exit(), Some(0), "{}", s.capture());
        // The whole output with its styles, scrolled-off lines included.
        let styled = s
            .run(&["capture-pane", "-p", "-e", "-S", "-", "-t", &s.name])
            .unwrap_or_default();
        assert!(styled.contains("NPS"), "{styled}");
        assert!(styled.contains("\x1b[1m"), "{env}: bold on a terminal");
        assert_eq!(
            styled.contains("\x1b[35m"),
            colour,
            "{env}: magenta pull quote rules only with colours:\n{styled}"
        );
    }
}

#[test]
fn a_cache_that_cannot_be_written_is_said_once_and_the_reader_runs_on() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, "a file where the cache directory would go").expect("written");
    let archive = dir.path().join("small.json");
    std::fs::write(&archive, generated_archive(50)).expect("archive written");
    let bin = env!("CARGO_BIN_EXE_lektyr");
    let s = Session::start_script(
        120,
        30,
        &format!(
            "LEKTYR_CACHE_DIR='{}' '{bin}' '{}'; echo lektyr-exit=$?; sleep 30",
            blocker.join("cache").display(),
            archive.display()
        ),
    );
    let warned = s.wait_for("cache was not written");
    assert!(warned.contains("Articles"), "{warned}");
    assert_eq!(
        warned.matches("cache was not written").count(),
        1,
        "{warned}"
    );
    // Keys still answer: J shows the next article in the reader, K the
    // one before again. The panes are the boxes whose corners (`╭`, or `┏`
    // when focused) are on the row under the header: the reader is the
    // last, its first row the article's title; the list is the one before
    // it, its rows the articles in order.
    let row = |screen: &str, n: usize| screen.lines().nth(n).unwrap_or("").to_string();
    // Row `n` of the `k`-th box from the right, between its borders (the
    // right one may be a scrollbar).
    let cell = |screen: &str, n: usize, k: usize| {
        let line: Vec<char> = row(screen, n).chars().collect();
        let mut edges: Vec<usize> = (row(screen, 1).chars().enumerate())
            .filter(|&(_, c)| matches!(c, '╭' | '┏'))
            .map(|(i, _)| i)
            .collect();
        edges.push(line.len());
        let inner = (edges.len().checked_sub(k + 2))
            .and_then(|b| line.get(edges[b] + 1..edges[b + 1].saturating_sub(1)))
            .unwrap_or_default();
        inner.iter().collect::<String>()
    };
    let reader_title = |screen: &str| cell(screen, 2, 0).trim().to_string();
    let listed =
        |screen: &str, n: usize, title: &str| cell(screen, n, 1).contains(&format!(" {title} "));
    let first = reader_title(&warned);
    assert!(first.starts_with("Article "), "{warned}");
    assert!(listed(&warned, 2, &first), "first in the list:\n{warned}");
    s.keys(&["J"]);
    let next = s.wait_for(" 2/50 ");
    let second = reader_title(&next);
    assert!(second.starts_with("Article "), "{next}");
    assert_ne!(second, first, "{next}");
    assert!(listed(&next, 3, &second), "second in the list:\n{next}");
    s.keys(&["K"]);
    let back = s.wait_for(" 1/50 ");
    assert_eq!(reader_title(&back), first, "{back}");
    s.keys(&["Q"]);
    assert_eq!(s.wait_exit(), Some(0));
    // Once the reader has closed, the warning is on the terminal, once,
    // naming the directory, and the screen is the shell's again.
    let after = s.wait_for("lektyr-exit=");
    assert_eq!(s.format("#{alternate_on}"), "0", "{after}");
    assert_eq!(after.matches("cache was not written").count(), 1, "{after}");
    assert!(after.contains("not-a-dir"), "{after}");
    assert!(!after.contains("Articles"), "{after}");
}
