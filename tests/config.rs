//! config.toml: the default file parses back to the defaults, settings
//! apply to the app (measure, dates, colours, keys, show_read), and every
//! kind of mistake gives one message with file:line:column and exit 2.

use lektyr::action::Action;
use lektyr::cli::{FilterArgs, build_app_with_state, load};
use lektyr::config::{ColorMode, Config, default_text, parse};
use lektyr::keymap::{Context, Key};
use lektyr::state::View;
use lektyr::views::Pane;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

mod common;
use common::lektyr;

#[test]
fn default_file_parses_back_to_the_defaults() {
    let text = default_text();
    let config = parse("default.toml", &text).expect("the default file parses");
    assert_eq!(config, Config::default());
    assert_eq!(config.keymap(), lektyr::keymap::Keymap::default());
    // Every action is listed, so a user can find its name there.
    for action in Action::ALL {
        assert!(
            text.contains(&format!("# {} = [", action.name())),
            "{}",
            action.name()
        );
    }
}

#[test]
fn default_file_with_every_key_uncommented_keeps_the_keys_working() {
    let text: String = default_text()
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest
                    .split_once(" = [")
                    .is_some_and(|(name, _)| Action::from_name(name).is_some()) =>
            {
                // Drop the trailing description comment.
                rest.split("]  #")
                    .next()
                    .map(|s| format!("{s}]"))
                    .unwrap_or_default()
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let config = parse("keys.toml", &text).expect("uncommented keys parse");
    assert_eq!(config.keys.len(), Action::ALL.len());
    let km = config.keymap();
    // Same meaning for every default key in every pane.
    let default = lektyr::keymap::Keymap::default();
    for b in default.bindings() {
        for ctx in [
            Context::Pane(Pane::List),
            Context::Pane(Pane::Reader),
            Context::Pane(Pane::Topics),
            Context::Overlay,
        ] {
            assert_eq!(
                km.lookup(b.key, ctx),
                default.lookup(b.key, ctx),
                "{} in {ctx:?}",
                b.key
            );
        }
    }
    assert_eq!(
        km.lookup(Key::char('q'), Context::Pane(Pane::List)),
        Some(Action::Quit)
    );
    assert_eq!(
        km.lookup(Key::char('u'), Context::Pane(Pane::Reader)),
        Some(Action::ToggleRead)
    );
    assert_eq!(
        km.lookup(Key::char(']'), Context::Pane(Pane::List)),
        Some(Action::NextUnread)
    );
}

#[test]
fn settings_apply() {
    let config = parse(
        "c.toml",
        r##"
measure = 50
date_format = "%e %b %Y"
show_read = false
color = "never"
[theme]
pullquote = "bold underline #ff8800"
selection = "black on cyan"
[keys]
quit = ["x", "<C-q>"]
toggle_star = "*"
"##,
    )
    .expect("parses");
    assert_eq!(config.measure, 50);
    assert_eq!(config.color, ColorMode::Never);
    assert_eq!(config.theme.pullquote.fg, Some(Color::Rgb(0xff, 0x88, 0)));
    assert!(
        config
            .theme
            .pullquote
            .add_modifier
            .contains(Modifier::UNDERLINED)
    );
    assert_eq!(
        config.theme.pullquote_rule.fg,
        Some(Color::Rgb(0xff, 0x88, 0))
    );
    assert_eq!(config.theme.selection.bg, Some(Color::Cyan));
    let loaded = load(None, None, None).expect("sample");
    let (app, _) = build_app_with_state(
        loaded.archive,
        loaded.source,
        Rect::new(0, 0, 140, 40),
        &FilterArgs::default(),
        &config,
        false,
        None,
    );
    assert_eq!(app.measure, 50);
    assert!(app.reader_width().is_some_and(|w| w <= 50));
    assert_eq!(
        app.view,
        View::Unread,
        "show_read = false starts unread-only"
    );
    assert_eq!(
        app.keymap.lookup(Key::char('x'), Context::Pane(Pane::List)),
        Some(Action::Quit)
    );
    assert_eq!(
        app.keymap.lookup(Key::char('q'), Context::Pane(Pane::List)),
        None
    );
    assert_eq!(
        app.keymap.lookup(Key::ctrl('q'), Context::Pane(Pane::List)),
        Some(Action::Quit)
    );
    assert_eq!(app.theme.pullquote.fg, None, "colours off, modifiers kept");
    assert!(app.theme.pullquote.add_modifier.contains(Modifier::BOLD));
    let date = app
        .archive
        .articles
        .iter()
        .find_map(|a| a.date.clone())
        .expect("a date");
    assert!(
        app.list_date(&date).split(' ').count() == 3,
        "{}",
        app.list_date(&date)
    );
    // The reader's meta line writes dates the same way.
    let dated = app
        .archive
        .articles
        .iter()
        .position(|a| a.date.as_ref().is_some_and(|d| d.day.is_some()))
        .expect("a dated article");
    let day = app.list_date(app.archive.articles[dated].date.as_ref().unwrap());
    let laid = lektyr::layout::lay_out(&app.archive, dated, 72, &app.theme);
    let text: Vec<String> = laid
        .lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    assert!(
        text.iter().any(|l| l.starts_with(&format!("{day} · "))),
        "meta line with “{day}”: {text:?}"
    );
    // The help overlay shows the effective bindings.
    let rows = app.keymap.help_rows();
    assert!(
        rows.iter()
            .any(|(keys, what)| *what == "quit" && keys.contains('x'))
    );
}

#[test]
fn mistakes_name_file_line_and_column() {
    let cases: &[(&str, &str, &str)] = &[
        ("measure = 72\nmeasure = 60\n", "c.toml:2:1:", "duplicate"),
        ("measure = [\n", "c.toml:1:", ""),
        (
            "colour = \"never\"\n",
            "c.toml:1:1:",
            "unknown field `colour`",
        ),
        (
            "measure = 5\n",
            "c.toml:1:11:",
            "`measure`: 5 columns is narrower than the minimum, 20",
        ),
        ("[theme]\nquote = \"blurple\"\n", "c.toml:2:9:", "blurple"),
        (
            "[theme]\nborder = \"red\"\n",
            "c.toml:2:1:",
            "unknown theme part `border`",
        ),
        (
            "[keys]\nfly = \"x\"\n",
            "c.toml:2:1:",
            "unknown action `fly`",
        ),
        ("[keys]\nquit = [\"<Nope>\"]\n", "c.toml:2:8:", "<Nope>"),
        ("[keys]\nquit = 3\n", "c.toml:2:8:", "string"),
        ("date_format = \"%Q\"\n", "c.toml:1:15:", "%Q"),
        ("color = \"sometimes\"\n", "c.toml:1:9:", "sometimes"),
    ];
    for (text, place, what) in cases {
        let err = parse("c.toml", text).expect_err(text).0;
        assert!(
            err.starts_with(&format!("error: {place}")),
            "{text:?} → {err}"
        );
        assert!(err.contains(what), "{text:?} → {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
}

#[test]
fn a_bad_config_exits_2_before_anything_else() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[theme]\nheading = \"loud\"\n").expect("write");
    let out = lektyr()
        .args(["snapshot", "--config"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:2:11:"), "{err}");
    assert!(out.stdout.is_empty());
    // The reader checks the config before it needs a terminal.
    let out = lektyr().env("LEKTYR_CONFIG", &path).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.toml:2:11:"));
    // A named config that does not exist is an error too.
    let out = lektyr()
        .arg("--config")
        .arg(dir.path().join("missing.toml"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn config_path_and_default_commands() {
    let out = lektyr()
        .args(["config", "path"])
        .env("LEKTYR_CONFIG", "somewhere/else.toml")
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "somewhere/else.toml"
    );
    let out = lektyr()
        .args(["config", "path"])
        .env("XDG_CONFIG_HOME", "xdg-home")
        .output()
        .expect("runs");
    let path = String::from_utf8_lossy(&out.stdout);
    assert!(path.trim().ends_with("lektyr/config.toml"), "{path}");
    let out = lektyr().args(["config", "default"]).output().expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), default_text());
}

#[test]
fn no_color_and_color_never_leave_only_modifiers() {
    assert!(!ColorMode::Auto.colours(Some(std::ffi::OsStr::new("1"))));
    // A snapshot with a config saying never prints no colour codes.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "color = \"never\"\n").expect("write");
    let out = lektyr()
        .args(["snapshot", "--color", "--config"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for code in ["\x1b[3", "\x1b[4", "\x1b[9", "38;", "48;"] {
        assert!(!text.contains(code), "colour code {code:?} printed");
    }
    assert!(text.contains("\x1b[1m") || text.contains(";1m") || text.contains("\x1b[7m"));
}
