//! The command line as a user meets it: the real binary run on small
//! archives under `tests/fixtures/cli/` and on the built-in sample, with
//! its exit codes, stdout and stderr checked. Every run has stdin on a pipe
//! and stdout captured, so nothing here has a terminal.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use lektyr::width::display_width;

/// How long any one run may take before it counts as hung. Only a guard so
/// a regression cannot stall the suite; nothing here measures speed.
const HANG_GUARD: Duration = Duration::from_secs(60);

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

/// What one run of lektyr did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn lektyr() -> Command {
    let mut cmd = Command::cargo_bin("lektyr").expect("cargo builds the lektyr binary for tests");
    // The archive cache of the tests, never the user's own.
    cmd.write_stdin("")
        .timeout(HANG_GUARD)
        .env_remove("LEKTYR_NO_CACHE")
        .env("LEKTYR_CACHE_DIR", common::test_cache_dir());
    cmd
}

fn run_with(mut cmd: Command, args: &[&str]) -> Run {
    let out = cmd.args(args).output().expect("lektyr starts");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_with(lektyr(), args)
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("fixture paths are UTF-8")
}

/// The marks of a Rust panic or a `{:?}` dump of an error value.
fn assert_no_panic(r: &Run) {
    for text in [&r.stdout, &r.stderr] {
        for mark in [
            "panicked",
            "RUST_BACKTRACE",
            "Error {",
            "Os {",
            "stack backtrace",
        ] {
            assert!(!text.contains(mark), "output shows `{mark}`: {r:?}");
        }
    }
    assert_ne!(r.code, Some(101), "exit code of a panic: {r:?}");
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

fn field(line: &str, n: usize) -> &str {
    line.split('\t').nth(n).unwrap_or_default()
}

// ----- list -------------------------------------------------------------

#[test]
fn list_prints_tab_separated_rows_newest_first_undated_last() {
    let clean = fixture("clean.json");
    let r = run(&["list", path_str(&clean)]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.stderr, "");
    assert_eq!(
        lines(&r.stdout),
        [
            "long-read\t2024-10-08\t東京オフィス訪問 – a week of listening in Tokyo\tKundresa, Japan, Kundservice",
            "middle\t2024-03-05\tMeasuring what matters\tMätning, Kundresa",
            "first-call\t2023-02-14\tDet första samtalet\tKundresa, Kundservice",
            "undated-note\t\tA note without a date\tKultur",
        ]
    );
}

#[test]
fn list_of_the_sample_is_in_date_order() {
    let r = run(&["list"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let rows = lines(&r.stdout);
    assert_eq!(rows.len(), 17);
    for row in &rows {
        assert_eq!(row.split('\t').count(), 4, "four fields: {row:?}");
    }
    let dates: Vec<&str> = rows.iter().map(|row| field(row, 1)).collect();
    let dated: Vec<&str> = dates
        .iter()
        .copied()
        .take_while(|d| !d.is_empty())
        .collect();
    assert!(
        dated.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert!(
        dates[dated.len()..].iter().all(|d| d.is_empty()),
        "undated last: {dates:?}"
    );
    assert_eq!(field(rows[0], 0), "we-are-hiring-developer");
    assert_eq!(field(rows[16], 0), "om-norrsken");
}

fn listed_ids(r: &Run) -> Vec<&str> {
    r.stdout.lines().map(|l| field(l, 0)).collect()
}

#[test]
fn list_topic_is_case_insensitive_and_merges_spellings() {
    let clean = fixture("clean.json");
    // The archive spells it "Kundresa", "kundresa" and "KUNDRESA".
    for spelling in ["kundresa", "KUNDRESA", "  Kundresa "] {
        let r = run(&["list", path_str(&clean), "--topic", spelling]);
        assert_eq!(r.code, Some(0), "{r:?}");
        assert_eq!(r.stderr, "", "a known topic does not warn");
        assert_eq!(listed_ids(&r), ["long-read", "middle", "first-call"]);
    }
}

#[test]
fn list_topics_combine_as_any_or_all() {
    let clean = fixture("clean.json");
    let c = path_str(&clean);
    let any = run(&["list", c, "--topic", "japan", "-t", "Mätning"]);
    assert_eq!(listed_ids(&any), ["long-read", "middle"]);
    let any_explicit = run(&["list", c, "-t", "japan", "-t", "Mätning", "--match", "any"]);
    assert_eq!(listed_ids(&any_explicit), ["long-read", "middle"]);
    let all = run(&[
        "list",
        c,
        "-t",
        "kundresa",
        "-t",
        "kundservice",
        "--match",
        "all",
    ]);
    assert_eq!(listed_ids(&all), ["long-read", "first-call"]);
    let none = run(&["list", c, "-t", "japan", "-t", "kultur", "--match", "all"]);
    assert_eq!(none.code, Some(0));
    assert_eq!(none.stdout, "", "no article has both");
}

#[test]
fn an_unknown_topic_is_a_usage_error_naming_it_and_the_nearest() {
    let clean = fixture("clean.json");
    let c = path_str(&clean);
    let r = run(&["list", c, "--topic", "kultur", "--topic", "Kultr"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.stdout, "", "a script gets nothing rather than everything");
    assert!(r.stderr.starts_with("error: --topic “Kultr”"), "{r:?}");
    assert!(r.stderr.contains("did you mean “Kultur”?"), "{r:?}");
    assert!(r.stderr.contains("lektyr topics"), "{r:?}");
    assert_no_panic(&r);

    // A prefix finds every topic it begins, in any case.
    let r = run(&["list", c, "-t", "KUND"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr
            .contains("did you mean “Kundresa” or “Kundservice”?"),
        "{r:?}"
    );

    // Nothing near: no guess, still the pointer to the topics.
    let r = run(&["list", c, "--topic", "nosuch"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("“nosuch”"), "{r:?}");
    assert!(!r.stderr.contains("did you mean"), "{r:?}");

    // Each unknown topic has its line.
    let r = run(&["list", c, "-t", "nosuch", "-t", "japna"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr.contains("“nosuch”") && r.stderr.contains("“japna”"),
        "{r:?}"
    );
}

#[test]
fn snapshot_and_the_reader_refuse_an_unknown_topic_too() {
    let r = run(&["snapshot", "--topic", "Kundrea", "--size", "80x24"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("did you mean “Kundresa”?"), "{r:?}");
    // The reader says so before anything about the terminal.
    let r = run_with(without_terminal(), &["--topic", "nosuch"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.stdout, "", "not even an escape");
    assert!(r.stderr.starts_with("error: --topic “nosuch”"), "{r:?}");
    assert!(!r.stderr.contains("terminal"), "{r:?}");
    assert_no_panic(&r);
}

#[test]
fn list_json_is_an_array_of_articles() {
    let clean = fixture("clean.json");
    let r = run(&["list", path_str(&clean), "--json"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).expect("list --json is JSON");
    // Written row by row, laid out as serde_json's pretty printer lays out
    // the whole array.
    let pretty = serde_json::to_string_pretty(&rows).expect("JSON");
    assert_eq!(r.stdout, format!("{pretty}\n"));
    let rows = rows.as_array().expect("an array");
    let ids: Vec<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["long-read", "middle", "first-call", "undated-note"]);
    let first = &rows[0];
    assert_eq!(
        first["title"],
        "東京オフィス訪問 – a week of listening in Tokyo"
    );
    // JSON keeps the date exactly as the archive wrote it.
    assert_eq!(first["date"], "2024-10-08T08:00:00+09:00");
    assert_eq!(
        first["topics"],
        serde_json::json!(["Kundresa", "Japan", "Kundservice"])
    );
    assert_eq!(rows[2]["date"], "2023-02-14");
    assert!(rows[3]["date"].is_null(), "an undated article: {}", rows[3]);
    for row in rows {
        let obj = row.as_object().expect("each row is an object");
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["date", "id", "title", "topics", "url"]);
    }
}

#[test]
fn list_json_follows_the_filter() {
    let r = run(&["list", "--json", "--topic", "japan"]);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    assert_eq!(rows[0]["id"], "tokyo-office-visit");
}

// ----- topics -----------------------------------------------------------

#[test]
fn topics_count_most_used_first_under_the_first_spelling() {
    let clean = fixture("clean.json");
    let r = run(&["topics", path_str(&clean)]);
    assert_eq!(r.code, Some(0), "{r:?}");
    // Ties keep a stable alphabetical order.
    assert_eq!(
        r.stdout,
        "Kundresa\t3\nKundservice\t2\nJapan\t1\nKultur\t1\nMätning\t1\n"
    );
}

#[test]
fn topics_of_the_sample_agree_with_list() {
    let r = run(&["topics"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let rows: Vec<(&str, usize)> = r
        .stdout
        .lines()
        .map(|l| {
            let (name, n) = l.split_once('\t').expect("name<TAB>count");
            (name, n.parse().expect("a count"))
        })
        .collect();
    assert_eq!(rows.first(), Some(&("Kundresa", 9)));
    assert!(rows.windows(2).all(|w| w[0].1 >= w[1].1), "{rows:?}");
    // "Kundresa" and "kundresa" are one topic.
    let keys: Vec<String> = rows.iter().map(|(n, _)| n.to_lowercase()).collect();
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "no topic listed twice: {keys:?}");
    for (name, count) in rows {
        let listed = run(&["list", "--topic", name]);
        assert_eq!(listed.stdout.lines().count(), count, "topic {name}");
    }
}

// ----- show -------------------------------------------------------------

/// Every line of `text` fits in `width` cells.
fn assert_fits(text: &str, width: usize, what: &str) {
    for line in text.lines() {
        assert!(
            display_width(line) <= width,
            "{what}: line wider than {width}: {line:?} ({} cells)",
            display_width(line)
        );
    }
}

/// The words of `text` with pull-quote gutters dropped, on one line.
fn words(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_start_matches(['┃', '│', ' ']))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn show_lays_out_within_the_width() {
    let clean = fixture("clean.json");
    for width in [20usize, 21, 33, 50, 72, 120, 400] {
        for id in ["first-call", "long-read"] {
            let w = width.to_string();
            let r = run(&["show", path_str(&clean), id, "--width", &w]);
            assert_eq!(r.code, Some(0), "{r:?}");
            assert!(!r.stdout.is_empty());
            assert_fits(&r.stdout, width, &format!("{id} at {width}"));
        }
    }
}

#[test]
fn show_prints_the_pull_quote_and_its_cite() {
    let clean = fixture("clean.json");
    for width in ["30", "72"] {
        let r = run(&["show", path_str(&clean), "first-call", "--width", width]);
        assert_eq!(r.code, Some(0), "{r:?}");
        let text = words(&r.stdout);
        assert!(
            text.contains("Nobody remembers the hold music; everyone remembers being heard."),
            "pull quote at {width}: {text}"
        );
        assert!(text.contains("— Linnea Åberg"), "cite at {width}: {text}");
        assert!(r.stdout.contains('┏') && r.stdout.contains('┗'));
    }
}

#[test]
fn show_of_every_sample_article_fits_and_has_no_escapes() {
    let list = run(&["list"]);
    for id in list.stdout.lines().map(|l| field(l, 0)) {
        for width in [24usize, 72] {
            let r = run(&["show", id, "--width", &width.to_string()]);
            assert_eq!(r.code, Some(0), "{r:?}");
            assert!(!r.stdout.contains('\x1b'), "{id}: ESC on a pipe");
            // The Links below the text are whole urls, one a line.
            let text = r.stdout.split("\nLinks\n").next().unwrap_or_default();
            assert_fits(text, width, id);
        }
    }
}

#[test]
fn show_defaults_to_the_reading_measure_off_a_terminal() {
    let r = run(&["show", "tokyo-office-visit"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(r.stdout.starts_with("東京オフィス訪問"));
    assert_fits(
        &r.stdout,
        usize::from(lektyr::layout::MEASURE),
        "default width",
    );
    assert!(!r.stdout.contains('\x1b'));
    let widest = r.stdout.lines().map(display_width).max().unwrap_or(0);
    assert!(widest > 60, "uses the measure, not a tiny width: {widest}");
}

/// `show ID` of the sample with `args` (and `NO_COLOR` when `no_color`).
fn show_sample(args: &[&str], no_color: bool) -> Run {
    let mut cmd = lektyr();
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let mut all = vec!["show", "why-we-stopped-weekly-nps", "--width", "60"];
    all.extend_from_slice(args);
    run_with(cmd, &all)
}

#[test]
fn show_color_always_styles_even_into_a_pipe() {
    let plain = show_sample(&[], false);
    assert_eq!(plain.code, Some(0), "{plain:?}");
    assert!(!plain.stdout.contains('\x1b'), "auto into a pipe is plain");
    for no_color in [false, true] {
        let r = show_sample(&["--color", "always"], no_color);
        assert_eq!(r.code, Some(0), "{r:?}");
        // Bold titles and the theme's colours (magenta pull quotes).
        assert!(r.stdout.contains("\x1b[1m"), "{no_color}: bold");
        assert!(
            r.stdout.contains(";35m") || r.stdout.contains("[35m"),
            "{no_color}: colour"
        );
        assert_eq!(
            strip_sgr(&r.stdout).as_deref(),
            Ok(plain.stdout.as_str()),
            "the same text under the escapes"
        );
    }
}

#[test]
fn show_color_never_and_auto_in_a_pipe_print_no_escapes() {
    for (args, no_color) in [
        (&["--color", "never"][..], false),
        (&["--color", "auto"][..], false),
        (&["--color", "never"][..], true),
        (&[][..], true),
    ] {
        let r = show_sample(args, no_color);
        assert_eq!(r.code, Some(0), "{r:?}");
        assert!(r.stdout.contains("NPS"), "{r:?}");
        assert!(!r.stdout.contains('\x1b'), "{args:?} NO_COLOR={no_color}");
    }
    let r = show_sample(&["--color", "sometimes"], false);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("--color"), "{r:?}");
    assert!(r.stderr.contains("always"), "lists the values: {r:?}");
}

#[test]
fn show_of_an_unknown_id_exits_2_and_points_at_list() {
    let r = run(&["show", "no-such-article"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("no-such-article"), "{r:?}");
    assert!(r.stderr.contains("lektyr list"), "{r:?}");
    assert_no_panic(&r);

    let clean = fixture("clean.json");
    let near = run(&["show", path_str(&clean), "long"]);
    assert_eq!(near.code, Some(2));
    assert!(near.stderr.contains("did you mean “long-read”"), "{near:?}");
}

#[test]
fn show_rejects_a_width_outside_the_measures_and_extra_arguments() {
    for (width, says) in [
        ("0", "0 columns is narrower than the minimum, 20"),
        ("5", "5 columns is narrower than the minimum, 20"),
        ("19", "19 columns is narrower than the minimum, 20"),
        ("-3", "-3 columns is narrower than the minimum, 20"),
        ("401", "401 columns is wider than the maximum, 400"),
        ("99999", "99999 columns is wider than the maximum, 400"),
        ("wide", "`wide` is not a number of columns"),
    ] {
        let r = run(&["show", "om-norrsken", &format!("--width={width}")]);
        assert_eq!(r.code, Some(2), "{r:?}");
        assert!(r.stderr.contains("--width"), "names the flag: {r:?}");
        assert!(r.stderr.contains(says), "{width}: {r:?}");
        assert_eq!(r.stdout, "");
        assert_no_panic(&r);
    }
    let clean = fixture("clean.json");
    let r = run(&["show", path_str(&clean), "first-call", "extra"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_no_panic(&r);
}

// ----- check ------------------------------------------------------------

#[test]
fn check_of_a_clean_archive_says_no_problems() {
    let clean = fixture("clean.json");
    let r = run(&["check", path_str(&clean)]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(
        r.stdout,
        format!("{}: no problems (4 articles)\n", path_str(&clean))
    );
    assert_eq!(r.stderr, "");
    let sample = run(&["check"]);
    assert_eq!(sample.code, Some(0), "{sample:?}");
    assert!(sample.stdout.contains("no problems"), "{sample:?}");
}

/// One `file:line:col: pointer: message` line, split up.
#[derive(Debug)]
struct Reported<'a> {
    line: usize,
    column: usize,
    pointer: &'a str,
    message: &'a str,
}

fn parse_problem<'a>(file: &str, text: &'a str) -> Option<Reported<'a>> {
    let rest = text.strip_prefix(file)?.strip_prefix(':')?;
    let mut parts = rest.splitn(3, ':');
    let line = parts.next()?.parse().ok()?;
    let column = parts.next()?.parse().ok()?;
    let (pointer, message) = parts.next()?.strip_prefix(' ')?.split_once(": ")?;
    Some(Reported {
        line,
        column,
        pointer,
        message,
    })
}

#[test]
fn check_reports_each_problem_with_its_place() {
    let path = fixture("problems.json");
    let file = path_str(&path);
    let source = std::fs::read_to_string(&path).expect("fixture");
    let r = run(&["check", file]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.stderr, "");
    let out = lines(&r.stdout);
    let (summary, problems) = out.split_last().expect("some output");
    assert_eq!(*summary, format!("{file}: 5 problems in 5 of 6 articles"));
    let reported: Vec<Reported> = problems
        .iter()
        .map(|l| parse_problem(file, l).unwrap_or_else(|| panic!("not file:line:col: {l:?}")))
        .collect();
    let pointers: Vec<&str> = reported.iter().map(|p| p.pointer).collect();
    assert_eq!(
        pointers,
        [
            "/articles/1/date",
            "/articles/2",
            "/articles/3/body/0/type",
            "/articles/4/id",
            "/articles/5/title",
        ]
    );
    // Each problem names what is wrong in words.
    let expect_words = ["2024-13-45", "title", "carousel", "\"ok\"", "number"];
    for (p, word) in reported.iter().zip(expect_words) {
        assert!(p.message.contains(word), "{p:?} should mention {word}");
    }
    // Article N sits on line N + 4 of the fixture; the column points into it.
    let src_lines: Vec<&str> = source.lines().collect();
    for (p, at) in reported
        .iter()
        .zip(["\"2024-13-45\"", "{", "\"carousel\"", "\"ok\"", "42"])
    {
        let article: usize = p
            .pointer
            .split('/')
            .nth(2)
            .and_then(|n| n.parse().ok())
            .expect("an article pointer");
        assert_eq!(p.line, article + 4, "{p:?}");
        let text = src_lines.get(p.line - 1).copied().unwrap_or_default();
        let from = text.get(p.column - 1..).unwrap_or_default();
        assert!(from.starts_with(at), "{p:?} points at {from:?}, not {at}");
    }
}

#[test]
fn check_counts_problems_in_singular() {
    let dir = tempfile::tempdir().expect("temp dir");
    let one = dir.path().join("one.json");
    std::fs::write(
        &one,
        r#"{"articles": [{"id": "a", "title": "A", "date": "soon"}]}"#,
    )
    .expect("write");
    let r = run(&["check", path_str(&one)]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stdout.ends_with(": 1 problem in 1 of 1 articles\n"),
        "{r:?}"
    );
}

/// Runs `check` (and `list`, which loads the same way) on an archive that
/// cannot be read, and checks the one message on stderr.
fn assert_unreadable(path: &str, expect: &[&str]) {
    for command in ["check", "list", "topics"] {
        let r = run(&[command, path]);
        assert_eq!(r.code, Some(2), "{command} {path}: {r:?}");
        assert_eq!(r.stdout, "", "{command} {path}: nothing on stdout");
        assert!(r.stderr.starts_with("error: "), "{r:?}");
        assert!(r.stderr.contains(path), "names the file: {r:?}");
        for word in expect {
            assert!(r.stderr.contains(word), "{command} {path}: {word}: {r:?}");
        }
        assert_no_panic(&r);
    }
}

#[test]
fn check_of_a_missing_file_exits_2() {
    let missing = fixture("no-such-archive.json");
    assert_unreadable(path_str(&missing), &["no such file"]);
}

#[test]
fn check_of_a_folder_checks_each_archive_in_it() {
    let dir = fixture("");
    let r = run(&["check", path_str(&dir)]);
    assert_eq!(r.code, Some(1), "some have problems: {r:?}");
    assert!(
        r.stdout.contains("clean.json: no problems (4 articles)"),
        "{r:?}"
    );
    assert!(
        r.stdout
            .contains("problems.json: 5 problems in 5 of 6 articles"),
        "{r:?}"
    );
    assert!(
        r.stdout.contains("not-archive.json:1:1: not an archive"),
        "{r:?}"
    );
    assert_no_panic(&r);
    // A folder with no archive in it is a usage error naming it.
    let empty = tempfile::tempdir().expect("temp dir");
    std::fs::write(empty.path().join("notes.txt"), "x").expect("write");
    assert_unreadable(path_str(empty.path()), &["no archive here"]);
}

#[test]
fn check_of_a_path_through_a_file_exits_2() {
    // ENOTDIR, which root gets too (unlike a file it may not read).
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("file.json");
    std::fs::write(&file, "[]").expect("write");
    let through = file.join("x.json");
    assert_unreadable(path_str(&through), &["cannot be read", "(os error"]);
}

#[test]
fn check_of_invalid_json_names_line_and_column() {
    let invalid = fixture("invalid.json");
    let file = path_str(&invalid);
    assert_unreadable(file, &[&format!("{file}:1:42:")]);
}

#[test]
fn check_of_an_empty_file_exits_2() {
    let empty = fixture("empty.json");
    assert_unreadable(path_str(&empty), &["empty"]);
}

#[test]
fn check_of_json_that_is_not_an_archive_exits_2() {
    let other = fixture("not-archive.json");
    assert_unreadable(path_str(&other), &["not an archive", "articles"]);
}

#[test]
fn check_of_bytes_that_are_not_text_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let binary = dir.path().join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b, 0x80, 0x81]).expect("write");
    let r = run(&["check", path_str(&binary)]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains(path_str(&binary)), "{r:?}");
    assert_no_panic(&r);
}

// ----- hostile text ------------------------------------------------------

#[test]
fn escapes_in_the_archive_never_reach_the_output() {
    let hostile = fixture("hostile.json");
    let h = path_str(&hostile);
    for args in [
        vec!["list", h],
        vec!["list", h, "--json"],
        vec!["topics", h],
        vec!["show", h, "esc", "--width", "40"],
        vec!["snapshot", h, "--size", "100x12", "--keys", "<Enter>"],
        vec!["snapshot", h, "--size", "60x12", "--keys", "t"],
        vec!["check", h],
    ] {
        let r = run(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:?}");
        let bad = r
            .stdout
            .chars()
            .find(|&c| c.is_control() && c != '\n' && c != '\t');
        assert_eq!(bad, None, "{args:?}: control character in {:?}", r.stdout);
    }
    let r = run(&["show", h, "esc", "--width", "40"]);
    assert!(words(&r.stdout).contains("Quote blinking here"), "{r:?}");
}

// ----- snapshot ---------------------------------------------------------

/// Checks that `text` is exactly `h` lines of at most `w` cells.
fn assert_screen(text: &str, w: usize, h: usize, what: &str) {
    assert!(text.ends_with('\n'), "{what}: ends with a newline");
    assert_eq!(text.lines().count(), h, "{what}: {h} lines");
    assert_fits(text, w, what);
}

#[test]
fn snapshot_prints_exactly_the_screen() {
    for (w, h) in [
        (24, 6),
        (30, 8),
        (60, 20),
        (80, 24),
        (99, 30),
        (140, 40),
        (200, 60),
    ] {
        for keys in [
            "",
            "<Enter>",
            "jj<Enter>G",
            "t<Space>",
            "?",
            "<Enter>r",
            "Jr<Down>",
        ] {
            let size = format!("{w}x{h}");
            let r = run(&["snapshot", "--size", &size, "--keys", keys]);
            assert_eq!(r.code, Some(0), "{size} {keys}: {r:?}");
            assert!(!r.stdout.contains('\x1b'), "{size} {keys}: no colour asked");
            assert_screen(&r.stdout, w, h, &format!("{size} {keys:?}"));
        }
    }
}

#[test]
fn snapshot_of_a_tiny_screen_says_it_is_too_small() {
    let r = run(&["snapshot", "--size", "20x4"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_screen(&r.stdout, 20, 4, "20x4");
    assert!(r.stdout.contains("too small"), "{r:?}");
    let one = run(&["snapshot", "--size", "1x1"]);
    assert_eq!(one.code, Some(0), "{one:?}");
    assert_screen(&one.stdout, 1, 1, "1x1");
}

/// Removes SGR sequences (`ESC [ params m`); any other escape is an error.
fn strip_sgr(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        if chars.next() != Some('[') {
            return Err("ESC not followed by [".into());
        }
        let mut params = String::new();
        loop {
            match chars.next() {
                Some('m') => break,
                Some(p) if p.is_ascii_digit() || p == ';' => params.push(p),
                other => return Err(format!("escape ESC[{params}{other:?} is not SGR")),
            }
        }
    }
    Ok(out)
}

#[test]
fn snapshot_color_uses_only_sgr_escapes() {
    for keys in [
        "",
        "<Enter>",
        "jjjj<Enter><PageDown>",
        "t<Space>j<Space>a",
        "?",
    ] {
        let r = run(&["snapshot", "--size", "100x30", "--keys", keys, "--color"]);
        assert_eq!(r.code, Some(0), "{r:?}");
        assert!(r.stdout.contains("\x1b["), "{keys}: has colour");
        let plain = strip_sgr(&r.stdout).unwrap_or_else(|e| panic!("{keys}: {e}"));
        assert_screen(&plain, 100, 30, keys);
        // The colours wrap the same characters as the plain snapshot.
        let uncoloured = run(&["snapshot", "--size", "100x30", "--keys", keys]);
        let trimmed: Vec<&str> = plain.lines().map(str::trim_end).collect();
        assert_eq!(trimmed, lines(&uncoloured.stdout), "{keys}");
    }
}

#[test]
fn snapshot_takes_the_filter_options() {
    let r = run(&[
        "snapshot", "--size", "140x40", "-t", "kundresa", "-t", "Mätning", "--match", "all",
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let header = r.stdout.lines().next().unwrap_or_default();
    assert!(
        header.contains("filter: Kundresa + Mätning (ALL)"),
        "{header}"
    );
    assert!(r.stdout.contains("Articles 3/17"), "{}", r.stdout);
}

#[test]
fn snapshot_rejects_a_bad_size() {
    for size in [
        "80", "0x10", "10x0", "axb", "80x", "x24", "-1x5", "70000x10",
    ] {
        let r = run(&["snapshot", &format!("--size={size}")]);
        assert_eq!(r.code, Some(2), "{size}: {r:?}");
        assert_eq!(r.stdout, "", "{size}");
        assert!(r.stderr.contains("size"), "{size}: {r:?}");
        assert_no_panic(&r);
    }
}

#[test]
fn snapshot_rejects_unknown_keys() {
    for keys in ["<Nope>", "j<C-Nope>", "<F99>"] {
        let r = run(&["snapshot", "--keys", keys]);
        assert_eq!(r.code, Some(2), "{keys}: {r:?}");
        assert_eq!(r.stdout, "", "{keys}");
        assert!(r.stderr.contains("--keys"), "{keys}: {r:?}");
        assert_no_panic(&r);
    }
}

// ----- the interactive command without a terminal ----------------------

/// lektyr run in a session of its own (no controlling terminal), so that a
/// regression which sets the terminal up cannot take over the terminal the
/// tests were started from. Falls back to a plain run without `setsid`.
fn without_terminal() -> Command {
    let have_setsid = std::process::Command::new("setsid")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_setsid {
        return lektyr();
    }
    let bin = assert_cmd::cargo::cargo_bin("lektyr");
    let mut cmd = Command::new("setsid");
    cmd.arg("--wait")
        .arg(bin)
        .write_stdin("")
        .timeout(HANG_GUARD);
    cmd
}

#[test]
fn opening_a_missing_file_fails_before_the_terminal_is_touched() {
    let missing = fixture("no-such-archive.json");
    let m = path_str(&missing);
    for args in [vec![m], vec![m, "--topic", "x"]] {
        let r = run_with(without_terminal(), &args);
        assert_eq!(r.code, Some(2), "{r:?}");
        // Not even an alternate-screen or raw-mode escape.
        assert_eq!(r.stdout, "");
        assert_eq!(r.stderr.trim_end(), format!("error: {m}: no such file"));
        assert_no_panic(&r);
    }
}

#[test]
fn opening_without_a_terminal_is_a_clear_error() {
    let r = run_with(without_terminal(), &[]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.starts_with("error: "), "{r:?}");
    assert!(r.stderr.contains("terminal"), "{r:?}");
    assert_no_panic(&r);
}

// ----- man page and completions ------------------------------------------

/// Every command's full name (`list`, `config path`), from the clap
/// definition itself, so a new command is checked without being listed here.
fn command_names() -> Vec<String> {
    let root = lektyr::cli::docs::command();
    lektyr::cli::docs::commands(&root)
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

/// The words of `text`: runs of letters, digits and `_`.
fn tokens(text: &str) -> std::collections::HashSet<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn the_man_page_documents_every_command() {
    let names = command_names();
    for expected in [
        "list",
        "show",
        "snapshot",
        "config path",
        "man",
        "completions",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    let r = run(&["man"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stderr, "");
    assert!(r.stdout.contains(".TH lektyr 1"), "a section-1 page");
    for name in &names {
        // Each command under its own heading: its usage line.
        let heading = format!(".SS \"lektyr {name}");
        assert!(r.stdout.contains(&heading), "man page lacks {heading}");
    }
    // Options of a command are there, and each once per command.
    assert!(r.stdout.contains("\\-\\-fold\\-diacritics"));
    assert_eq!(r.stdout.matches(".SH OPTIONS").count(), 1);
    assert!(!r.stdout.contains('\x1b'));
}

#[test]
fn a_completion_script_for_every_shell_names_every_command() {
    use clap::ValueEnum;
    let names = command_names();
    let shells = clap_complete::Shell::value_variants();
    assert_eq!(shells.len(), 5, "bash, elvish, fish, powershell, zsh");
    for shell in shells {
        let shell = shell.to_string();
        let r = run(&["completions", &shell]);
        assert_eq!(r.code, Some(0), "{shell}: {}", r.stderr);
        assert_eq!(r.stderr, "");
        let words = tokens(&r.stdout);
        assert!(words.contains("lektyr"), "{shell}");
        for name in &names {
            for word in name.split(' ') {
                assert!(words.contains(word), "{shell} script lacks `{word}`");
            }
        }
        // Flags of a command complete too.
        assert!(r.stdout.contains("fold-diacritics"), "{shell}");
    }
    let r = run(&["completions", "tcsh"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("tcsh"), "{r:?}");
    assert_no_panic(&r);
}

#[test]
fn big_counts_leave_a_topic_its_name_in_a_narrow_topics_pane() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("many.json");
    let articles: Vec<String> = (0..1200)
        .map(|i| {
            format!(
                r#"{{"id":"a{i}","title":"Article {i}","date":"2024-01-{:02}","topics":["Kundresa"],"body":"x"}}"#,
                1 + i % 28
            )
        })
        .collect();
    std::fs::write(
        &path,
        format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(",")),
    )
    .expect("written");
    // One article read: the topic has 1199 of 1200 unread.
    let out = lektyr()
        .args([
            "snapshot",
            path.to_str().expect("utf-8"),
            "--size",
            "120x12",
        ])
        .args(["--keys", "<Enter><Esc>"])
        .output()
        .expect("runs");
    let screen = String::from_utf8_lossy(&out.stdout);
    let row = screen
        .lines()
        .find(|l| l.contains("[ ]"))
        .unwrap_or_default()
        .to_string();
    assert!(row.contains("Kund"), "the name shows:\n{screen}");
    assert!(row.contains("1199"), "the unread count shows:\n{screen}");
}

/// A named pipe in a fresh directory (`None` where `mkfifo` is missing).
#[cfg(unix)]
fn named_pipe() -> Option<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let pipe = dir.path().join("archive.json");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    made.is_ok_and(|s| s.success()).then_some((dir, pipe))
}

/// lektyr started on `pipe` with `args` first, left waiting for the pipe
/// to be opened for writing.
#[cfg(unix)]
fn waiting_on(pipe: &Path, args: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("lektyr"))
        .args(args)
        .arg(pipe)
        .env("LEKTYR_CACHE_DIR", common::test_cache_dir())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("lektyr starts")
}

/// Waits for `child` to end, for at most [`HANG_GUARD`]: one left waiting
/// on a pipe nobody writes to again is killed, and the test fails.
#[cfg(unix)]
fn ended(child: std::process::Child) -> std::process::Output {
    let pid = child.id().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(HANG_GUARD) {
        Ok(out) => out.expect("lektyr ends"),
        Err(_) => {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid])
                .status();
            panic!("lektyr {pid} hung");
        }
    }
}

#[cfg(unix)]
#[test]
fn an_archive_from_a_pipe_is_read_once_whole() {
    // `lektyr list <(curl …)`: a pipe gives its text once, so the format is
    // told from the text read whole, not from a first look and a second read.
    let Some((_dir, pipe)) = named_pipe() else {
        common::skip("no mkfifo to make a named pipe");
        return;
    };
    let sample = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample.json"))
        .expect("sample");
    for args in [["list"], ["topics"]] {
        let child = waiting_on(&pipe, &args);
        std::fs::write(&pipe, &sample).expect("the pipe takes the archive");
        let out = ended(child);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert_eq!(stderr, "");
        let expected = lektyr().arg(args[0]).output().expect("runs").stdout;
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&expected)
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn the_binary_runs_on_small_pages_from_its_first_allocation() {
    // The allocator's first pages are taken before `main`; where the system
    // grants huge pages on request they would be huge and stay so. About
    // to read an archive from its file (a pipe here), the binary starts
    // itself again with huge pages refused instead.
    let Some((_dir, pipe)) = named_pipe() else {
        common::skip("no mkfifo to make a named pipe");
        return;
    };
    let child = waiting_on(&pipe, &["list"]);
    let proc_file = |name: &str| std::fs::read_to_string(format!("/proc/{}/{name}", child.id()));
    // Waiting to open the pipe: past `main`, and past any restart.
    let deadline = std::time::Instant::now() + HANG_GUARD;
    let status = loop {
        let status = proc_file("status").expect("the process is there");
        if status.contains("\nState:\tS") && status.contains("\nTHP_enabled:\t0") {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "{status}");
        std::thread::sleep(Duration::from_millis(20));
    };
    let huge = proc_file("smaps_rollup").expect("smaps_rollup");
    // Started again by its path: `ps` and `pkill` still know it by name.
    let name = proc_file("comm").expect("comm");
    std::fs::write(&pipe, "[]").expect("the pipe takes an archive");
    let out = ended(child);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(status.contains("\nTHP_enabled:\t0"), "{status}");
    assert_eq!(name.trim_end(), "lektyr");
    let huge_kb = huge
        .lines()
        .find_map(|l| l.strip_prefix("AnonHugePages:"))
        .map(|v| v.trim().trim_end_matches("kB").trim().to_string());
    assert_eq!(huge_kb.as_deref(), Some("0"), "{huge}");
}

// ----- options before a command's name -----------------------------------

/// `args` with the options (`opts`) after the command's name, and before it.
fn both_orders<'a>(command: &[&'a str], opts: &[&'a str], rest: &[&'a str]) -> [Vec<&'a str>; 2] {
    let after = [command, opts, rest].concat();
    let before = [opts, command, rest].concat();
    [after, before]
}

#[test]
fn no_cache_works_before_and_after_the_command() {
    let clean = fixture("clean.json");
    let c = path_str(&clean);
    let expected = run(&["list", c]);
    assert_eq!(expected.code, Some(0), "{expected:?}");
    for args in both_orders(&["list"], &["--no-cache"], &[c]) {
        // A cache directory of its own: left empty, since the cache is off.
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cmd = lektyr();
        cmd.env("LEKTYR_CACHE_DIR", dir.path());
        let r = run_with(cmd, &args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:?}");
        assert_eq!(r.stdout, expected.stdout, "{args:?}");
        let written = std::fs::read_dir(dir.path()).map_or(0, |d| d.count());
        assert_eq!(written, 0, "{args:?} wrote the cache");
    }
    // Without it the same directory is written: the check above can fail.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cmd = lektyr();
    cmd.env("LEKTYR_CACHE_DIR", dir.path());
    let r = run_with(cmd, &["list", c]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(std::fs::read_dir(dir.path()).is_ok_and(|d| d.count() > 0));
}

#[test]
fn format_works_before_and_after_the_command() {
    let clean = fixture("clean.json");
    let c = path_str(&clean);
    let [after, before] = both_orders(&["list"], &["--format", "jsonfeed"], &[c]);
    let (after, before) = (run(&after), run(&before));
    // Read as a JSON Feed, a lektyr archive is not one.
    assert_eq!(after.code, Some(2), "{after:?}");
    assert!(after.stderr.contains("feed"), "{after:?}");
    assert_eq!(
        (before.code, &before.stdout, &before.stderr),
        (after.code, &after.stdout, &after.stderr)
    );
    for args in both_orders(&["topics"], &["--format=v1", "--no-cache"], &[c]) {
        let r = run(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:?}");
        assert_eq!(r.stdout, run(&["topics", c]).stdout, "{args:?}");
    }
}

#[test]
fn config_and_state_dir_work_before_and_after_snapshot() {
    let clean = fixture("clean.json");
    let c = path_str(&clean);
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "date_format = \"%d.%m.%Y\"\n").expect("config written");
    let config = path_str(&config);
    let rest = [c, "--size", "80x10", "--keys", "<Enter>"];
    for (i, order) in ["after", "before"].iter().enumerate() {
        let state = dir.path().join(order);
        let opts = ["--config", config, "--state-dir", path_str(&state)];
        let args = &both_orders(&["snapshot"], &opts, &rest)[i];
        let r = run(args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:?}");
        // The config's date format, and the state kept where asked.
        assert!(r.stdout.contains("08.10.2024"), "{args:?}: {}", r.stdout);
        let kept = std::fs::read_dir(&state).map_or(0, |d| d.count());
        assert!(kept > 0, "{args:?} kept no state");
    }
    // `config path` takes its --config on either side too.
    for args in both_orders(&["config", "path"], &["--config", config], &[]) {
        let r = run(&args);
        assert_eq!(
            (r.code, r.stdout.trim_end()),
            (Some(0), config),
            "{args:?}: {r:?}"
        );
    }
}

#[test]
fn show_takes_color_before_its_name() {
    for args in both_orders(
        &["show"],
        &["--color", "always"],
        &["we-are-hiring-developer"],
    ) {
        let r = run(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:?}");
        assert!(r.stdout.contains("\x1b["), "{args:?}: {r:?}");
    }
}

#[test]
fn an_option_a_command_does_not_take_is_refused_on_either_side() {
    for args in both_orders(&["list"], &["--state-dir", "somewhere"], &[]) {
        let r = run(&args);
        assert_eq!(r.code, Some(2), "{args:?}: {r:?}");
        assert!(
            r.stderr.contains("unexpected argument '--state-dir'"),
            "{args:?}: {r:?}"
        );
        assert!(r.stderr.contains("lektyr list"), "{args:?}: {r:?}");
        assert_no_panic(&r);
    }
}

#[test]
fn the_readers_options_before_an_archive_stay_the_readers() {
    // No command after the options: the reader's `lektyr [OPTIONS] [ARCHIVE]`.
    let missing = fixture("no-such-archive.json");
    let m = path_str(&missing);
    let r = run_with(without_terminal(), &["--no-cache", "--format", "v1", m]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr.trim_end(), format!("error: {m}: no such file"));
}

// ----- what the commands take from the config ------------------------------

#[test]
fn commands_take_only_cache_limit_mb_from_the_users_config() {
    let clean = fixture("clean.json");
    let c = path_str(&clean);
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "cache_limit_mb = 0\ndate_format = \"%d.%m.%Y\"\n")
        .expect("config written");
    let snapshot = ["snapshot", c, "--size", "80x10", "--keys", "<Enter>"];
    let named = [&snapshot[..], &["--config", path_str(&config)]].concat();
    for (args, config_env, dates_from_config) in [
        (&["list", c][..], true, false),
        (&snapshot[..], true, false),
        (&named[..], false, true),
    ] {
        let cache_dir = tempfile::tempdir().expect("temp dir");
        let mut cmd = lektyr();
        cmd.env("LEKTYR_CACHE_DIR", cache_dir.path());
        if config_env {
            cmd.env("LEKTYR_CONFIG", &config);
        } else {
            cmd.env("LEKTYR_CONFIG", dir.path().join("none.toml"));
        }
        let r = run_with(cmd, args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:?}");
        // `cache_limit_mb = 0` caches nothing.
        let written = std::fs::read_dir(cache_dir.path()).map_or(0, |d| d.count());
        assert_eq!(written, 0, "{args:?} wrote the cache");
        if args[0] == "snapshot" {
            assert_eq!(
                r.stdout.contains("08.10.2024"),
                dates_from_config,
                "{args:?}: {r:?}"
            );
            assert_eq!(
                r.stdout.contains("2024-10-08"),
                !dates_from_config,
                "{args:?}: {r:?}"
            );
        }
    }
}

// ----- the command line's own mistakes (issue 17) -----------------------

#[test]
fn show_with_a_file_and_no_id_says_the_id_is_missing() {
    let clean = fixture("clean.json");
    let file = path_str(&clean);
    let r = run(&["show", file]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        format!(
            "error: show needs an article id: lektyr show {file} ID (lektyr list {file} lists them)\n"
        )
    );
    // An id of the sample still shows it, even beside a file of that name.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("tokyo-office-visit"), "{}").expect("writes");
    let mut cmd = lektyr();
    cmd.current_dir(dir.path());
    let same = run_with(cmd, &["show", "tokyo-office-visit", "--width", "40"]);
    assert_eq!(same.code, Some(0), "{same:?}");
    assert!(!same.stdout.is_empty());
    // A file's name that is neither an id nor a file is said to be both.
    let neither = run(&["show", "no-such-file.json"]);
    assert_eq!(neither.code, Some(2));
    assert!(
        neither
            .stderr
            .contains("no such file no-such-file.json, nor an article with that id"),
        "{neither:?}"
    );
}

#[test]
fn show_never_cuts_the_articles_url_and_lists_it_under_links() {
    let url = "https://blog.example/2024/10/fuer-esolutions-report-on-the-state-of-the-ecommerce-market-in-europe";
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a.json");
    let archive = serde_json::json!({"articles": [{
        "id": "a", "title": "A", "url": url,
        "body": [{"type": "paragraph", "text": ["See ", {"text": "this", "link": "https://other.example/"}]}]
    }]});
    std::fs::write(&file, archive.to_string()).expect("writes");
    for width in [20, 30, 72] {
        let r = run(&["show", path_str(&file), "a", "--width", &width.to_string()]);
        assert_eq!(r.code, Some(0), "{r:?}");
        assert!(!r.stdout.contains('…'), "{}", r.stdout);
        let rows = lines(&r.stdout);
        // The laid-out text fits; the Links below it are whole lines.
        for row in rows.iter().take_while(|row| **row != "Links") {
            assert!(display_width(row) <= width, "{row:?}");
        }
        // The header's pieces of the address, joined, are all of it.
        let pieces: String = rows
            .iter()
            .skip_while(|row| !row.starts_with("https://blog"))
            .take_while(|row| url.contains(**row) && !row.is_empty())
            .copied()
            .collect();
        assert_eq!(pieces, url, "{}", r.stdout);
        let links: Vec<&str> = rows
            .iter()
            .skip_while(|row| **row != "Links")
            .copied()
            .collect();
        assert_eq!(
            links,
            [
                "Links",
                &format!("Article: {url}"),
                "[1] https://other.example/"
            ],
            "{}",
            r.stdout
        );
    }
}

#[test]
fn an_empty_or_unclosed_search_is_a_usage_error_on_one_line() {
    let clean = fixture("clean.json");
    let file = path_str(&clean);
    for (query, says) in [
        (
            "",
            "error: --search: the query has no word or phrase to look for\n",
        ),
        (
            "   ",
            "error: --search: the query has no word or phrase to look for\n",
        ),
        (
            "\"\"",
            "error: --search: the query has no word or phrase to look for: \"\"\n",
        ),
        ("\"", "error: --search: unclosed \" at column 1: \"\n"),
        (
            "åsikt \"kund",
            "error: --search: unclosed \" at column 7: åsikt \"kund\n",
        ),
        (
            "\"a\" -\"b",
            "error: --search: unclosed \" at column 6: \"a\" -\"b\n",
        ),
    ] {
        let r = run(&["list", file, "--search", query]);
        assert_eq!(r.code, Some(2), "{query:?}: {r:?}");
        assert_eq!(r.stdout, "", "{query:?}");
        assert_eq!(r.stderr, says, "{query:?}");
    }
    // A whole query still searches, and one that matches nothing exits 1.
    let found = run(&["list", file, "--search", "\"det första\""]);
    assert_eq!(found.code, Some(0), "{found:?}");
    assert_eq!(lines(&found.stdout).len(), 1, "{found:?}");
    let none = run(&["list", file, "--search", "-a"]);
    assert_eq!((none.code, none.stderr.as_str()), (Some(1), ""), "{none:?}");
}

#[test]
fn snapshot_refuses_an_unclosed_key_name_and_says_where() {
    let r = run(&["snapshot", "--keys", "<Enter"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: --keys: unclosed \"<\" at column 1: \"<Enter\"\n"
    );
    let later = run(&["snapshot", "--keys", "jj<Enter><PageDown"]);
    assert_eq!(later.code, Some(2), "{later:?}");
    assert!(later.stderr.contains("at column 10"), "{later:?}");
    // The config's [keys] refuse it too, at the file's line and column.
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[keys]\nquit = [\"q\", \"<Enter\"]\n").expect("writes");
    let c = path_str(&config);
    let r = run(&["snapshot", "--config", c]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr.starts_with(&format!("error: {c}:2:8: ")) && r.stderr.contains("`<Enter`"),
        "{r:?}"
    );
}

#[test]
fn check_counts_a_problem_of_the_archive_itself_as_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let only = dir.path().join("only.json");
    std::fs::write(
        &only,
        r#"{"articles": [42, {"title": "A"}, {"title": "B"}]}"#,
    )
    .expect("writes");
    let both = dir.path().join("both.json");
    std::fs::write(
        &both,
        r#"{"articles": [42, {"title": "A", "date": "soon"}, {"title": "B"}]}"#,
    )
    .expect("writes");
    for (file, says) in [
        (
            &only,
            "1 problem in the archive itself, none in its 2 articles",
        ),
        (&both, "2 problems: 1 in the archive, 1 in 1 of 2 articles"),
    ] {
        let r = run(&["check", path_str(file)]);
        assert_eq!(r.code, Some(1), "{r:?}");
        let last = r.stdout.lines().last().unwrap_or_default();
        assert_eq!(last, format!("{}: {says}", path_str(file)), "{r:?}");
    }
}

#[test]
fn help_shows_format_and_no_cache_only_where_an_archive_is_read() {
    for command in ["list", "topics", "show", "check", "convert", "snapshot"] {
        let r = run(&[command, "--help"]);
        assert_eq!(r.code, Some(0), "{r:?}");
        for flag in ["--format", "--no-cache"] {
            assert!(r.stdout.contains(flag), "{command} --help lacks {flag}");
        }
    }
    for command in [
        &["config"][..],
        &["config", "path"],
        &["config", "default"],
        &["cache"],
        &["cache", "path"],
        &["cache", "clear"],
        &["man"],
        &["completions"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let r = run(&args);
        assert_eq!(r.code, Some(0), "{r:?}");
        for flag in ["--format", "--no-cache"] {
            assert!(!r.stdout.contains(flag), "{command:?} --help shows {flag}");
        }
    }
    // Still taken before a command's name, and refused by one without it.
    let clean = fixture("clean.json");
    let listed = run(&["--no-cache", "--format", "v1", "list", path_str(&clean)]);
    assert_eq!(listed.code, Some(0), "{listed:?}");
    assert_eq!(lines(&listed.stdout).len(), 4);
    let refused = run(&["--no-cache", "config", "path"]);
    assert_eq!(refused.code, Some(2), "{refused:?}");
    assert!(refused.stderr.contains("--no-cache"), "{refused:?}");
    // The man page tells them under each command that takes them.
    let man = run(&["man"]);
    let convert = man
        .stdout
        .split(".SS")
        .find(|s| s.contains("lektyr convert"));
    assert!(
        convert.is_some_and(|s| s.contains("no\\-cache")),
        "{}",
        man.stdout
    );
}

#[test]
fn show_without_an_id_quotes_a_file_name_the_shell_would_split() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sub = dir.path().join("my dumps");
    std::fs::create_dir(&sub).expect("makes a directory");
    std::fs::copy(fixture("clean.json"), sub.join("a.json")).expect("copies");
    let mut cmd = lektyr();
    cmd.current_dir(dir.path());
    let r = run_with(cmd, &["show", "my dumps/a.json"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(
        r.stderr,
        "error: show needs an article id: lektyr show 'my dumps/a.json' ID \
         (lektyr list 'my dumps/a.json' lists them)\n"
    );
}

#[test]
fn show_of_a_missing_file_says_there_is_no_such_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cmd = lektyr();
    cmd.current_dir(dir.path());
    let r = run_with(cmd, &["show", "missing.json"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: no such file missing.json, nor an article with that id \
         (lektyr show FILE ID shows an article of FILE)\n"
    );
    // An id that is not a file's name is still just an unknown id.
    let mut cmd = lektyr();
    cmd.current_dir(dir.path());
    let r = run_with(cmd, &["show", "no-such-article"]);
    assert!(r.stderr.contains("no article with id"), "{r:?}");
}

#[test]
fn since_and_until_narrow_list_topics_and_snapshot_to_their_dates() {
    // The sample: 16 dated articles from February 2023 to August 2025, one
    // undated.
    let r = run(&["list", "--since", "2024", "--until", "2024-06"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let dates: Vec<&str> = lines(&r.stdout).iter().map(|l| field(l, 1)).collect();
    assert_eq!(
        dates,
        ["2024-06-27", "2024-06-10", "2024-03-05", "2024-01-22"]
    );
    // A day is both ends of itself.
    let r = run(&["list", "--since", "2024-03-05", "--until", "2024-03-05"]);
    assert_eq!(lines(&r.stdout).len(), 1, "{r:?}");
    // Undated articles are out of any range.
    let r = run(&["list", "--since", "1900"]);
    assert_eq!(lines(&r.stdout).len(), 16, "{r:?}");
    assert!(lines(&r.stdout).iter().all(|l| !field(l, 1).is_empty()));
    // Topics are counted in the range: 2025's, most first.
    let all = run(&["topics"]);
    let r = run(&["topics", "--since", "2025"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let count = |out: &str, name: &str| -> usize {
        lines(out)
            .iter()
            .find(|l| field(l, 0) == name)
            .map(|l| field(l, 1).parse().expect("a count"))
            .expect("the topic is listed")
    };
    assert!(count(&r.stdout, "Kundresa") < count(&all.stdout, "Kundresa"));
    assert_eq!(count(&r.stdout, "Japan"), 0);
    let counts: Vec<usize> = lines(&r.stdout)
        .iter()
        .map(|l| field(l, 1).parse().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // The snapshot's header says the range, its list holds it.
    let r = run(&[
        "snapshot", "--size", "80x24", "--since", "2025-02", "--until", "2025-05",
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(
        r.stdout
            .lines()
            .next()
            .unwrap()
            .contains("Feb 2025 – May 2025"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Articles 3/17"), "{}", r.stdout);
}

#[test]
fn a_bad_date_exits_2_naming_the_flag_and_the_value() {
    for (args, flag, value) in [
        (vec!["list", "--since", "2019-13"], "--since", "2019-13"),
        (
            vec!["topics", "--until", "yesterday"],
            "--until",
            "yesterday",
        ),
        (
            vec!["snapshot", "--since", "2019-02-30"],
            "--since",
            "2019-02-30",
        ),
        (vec!["--until", "19"], "--until", "19"),
    ] {
        let r = run(&args);
        assert_eq!(r.code, Some(2), "{args:?}: {r:?}");
        assert!(
            r.stderr.contains(flag) && r.stderr.contains(value),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{args:?}");
        assert_no_panic(&r);
    }
    let r = run(&["list", "--since", "2020", "--until", "2019"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr
            .contains("--since 2020-01-01 is after --until 2019-12-31"),
        "{}",
        r.stderr
    );
}

/// `lektyr stats --json` with `args`, parsed.
fn stats_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["stats", "--json"];
    all.extend_from_slice(args);
    let r = run(&all);
    assert_eq!(r.code, Some(0), "{r:?}");
    serde_json::from_str(&r.stdout).expect("stats --json prints JSON")
}

#[test]
fn stats_counts_what_list_prints_with_the_same_filters() {
    let state = tempfile::tempdir().expect("a temp dir");
    let dir = state.path().to_str().expect("a utf-8 path");
    for filter in [
        vec![],
        vec!["--topic", "Kundresa"],
        vec!["--since", "2024", "--until", "2025-02"],
        vec!["--search", "kund"],
        vec![
            "--topic", "Data", "--topic", "AI", "--match", "any", "--since", "2024",
        ],
    ] {
        let mut list_args = vec!["list"];
        list_args.extend_from_slice(&filter);
        let listed = run(&list_args);
        let rows = lines(&listed.stdout);
        let mut args = vec!["--state-dir", dir];
        args.extend_from_slice(&filter);
        let s = stats_json(&args);
        assert_eq!(s["articles"], rows.len(), "{filter:?}");
        assert_eq!(s["unread"], rows.len(), "{filter:?}: nothing read");
        let undated = rows.iter().filter(|l| field(l, 1).is_empty()).count();
        assert_eq!(s["undated"], undated, "{filter:?}");
        // Per topic: the rows carrying it.
        for t in s["topics"].as_array().unwrap() {
            let name = t["name"].as_str().unwrap();
            let with = rows
                .iter()
                .filter(|l| field(l, 3).split(", ").any(|n| n == name))
                .count();
            assert_eq!(t["articles"], with, "{filter:?}: {name}");
        }
        // Per year: the dated rows of the year.
        let periods = s["periods"].as_array().unwrap();
        let dated: u64 = periods
            .iter()
            .map(|p| p["articles"].as_u64().unwrap())
            .sum();
        assert_eq!(dated as usize, rows.len() - undated, "{filter:?}");
        for p in periods {
            let label = p["label"].as_str().unwrap();
            let year = label.rsplit(' ').next().unwrap();
            if s["by_month"] == false {
                let n = rows
                    .iter()
                    .filter(|l| field(l, 1).starts_with(year))
                    .count();
                assert_eq!(p["articles"], n, "{filter:?}: {label}");
            }
        }
    }
}

#[test]
fn stats_reads_the_marks_the_reader_kept_and_prints_text_bars() {
    let state = tempfile::tempdir().expect("a temp dir");
    let dir = state.path().to_str().expect("a utf-8 path");
    // Two articles marked read in the reader (a snapshot saves its state).
    let r = run(&["snapshot", "--state-dir", dir, "--keys", "uju"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let s = stats_json(&["--state-dir", dir]);
    assert_eq!(s["unread"], 15);
    let weeks = s["reading"]["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 52);
    assert_eq!(weeks[51], 2, "read this week");
    assert_eq!(s["reading"]["before"], 0);
    let r = run(&["stats", "--state-dir", dir]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(
        r.stdout.starts_with("17 articles · 15 unread · "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Per topic"), "{}", r.stdout);
    assert!(
        r.stdout.contains("Articles per year\n2023 "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("2 in the last 52 weeks"), "{}", r.stdout);
    assert!(
        r.stdout.contains("Top authors\nLinnea Åberg"),
        "{}",
        r.stdout
    );
    for line in r.stdout.lines() {
        assert!(display_width(line) <= 100, "{line}");
    }
    // A search that finds nothing exits 1, as `list` does.
    let r = run(&["stats", "--state-dir", dir, "--search", "zzqqxx"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    // A bad date: 2, naming the flag.
    let r = run(&["stats", "--until", "2019-00"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("--until") && r.stderr.contains("2019-00"));
}
