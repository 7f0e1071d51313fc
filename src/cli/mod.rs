//! The command line: argument parsing and the subcommands. Each command
//! opens the archive through `open`, as the reader does, and lays articles
//! out through the same layout code.

mod commands;
mod common;
pub mod docs;
mod highlights;
mod snapshot;
mod stats;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, Parser, Subcommand};

use ratatui::layout::Rect;

use crate::app::{App, MatchMode};
use crate::archive::{Archive, Format};
use crate::config::{ColorMode, Config};
use crate::state::ArchiveState;

pub use crate::open::{Loaded, SAMPLE, check_topics, load, load_named, open_state, open_states};
pub use snapshot::{parse_size, render_snapshot};

/// The command line's filter as the opener takes it.
impl From<&FilterArgs> for crate::open::Filter {
    fn from(f: &FilterArgs) -> Self {
        crate::open::Filter {
            topics: f.topics.clone(),
            mode: f.mode,
        }
    }
}

/// [`crate::open::build_app`] with the command line's filter.
pub fn build_app(
    archive: impl Into<std::sync::Arc<Archive>>,
    source: crate::app::Source,
    area: Rect,
    filter: &FilterArgs,
) -> (App, Vec<String>) {
    let (mut app, unknown) = crate::open::build_app(archive, source, area, &filter.into());
    filter.dates.apply(&mut app);
    (app, unknown)
}

/// [`crate::open::build_app_with_state`] with the command line's filter.
pub fn build_app_with_state(
    archive: impl Into<std::sync::Arc<Archive>>,
    source: crate::app::Source,
    area: Rect,
    filter: &FilterArgs,
    config: &Config,
    colours: bool,
    state: Option<ArchiveState>,
) -> (App, Vec<String>) {
    let (mut app, unknown) = crate::open::build_app_with_state(
        archive,
        source,
        area,
        &filter.into(),
        config,
        colours,
        state,
    );
    filter.dates.apply(&mut app);
    (app, unknown)
}

/// The sources named on the command line.
pub fn named(args: &[std::ffi::OsString]) -> Vec<crate::library::Named> {
    args.iter()
        .map(|a| crate::library::Named::parse(a))
        .collect()
}

/// Opens the reader as the arguments say.
fn run_reader(open: &OpenArgs) -> Result<ExitCode, String> {
    let dates = open.filter.dates.range()?;
    let config = crate::config::load(open.config.as_deref()).map_err(|e| e.to_string())?;
    // The flag's auto leaves it to the config.
    let mode = match open.color {
        ColorMode::Auto => config.color,
        chosen => chosen,
    };
    let options = crate::open::Options {
        archives: named(&open.archives),
        read: open.read.read_as(),
        filter: (&open.filter).into(),
        state_dir: open.state_dir.clone(),
        colours: mode.colours(std::env::var_os("NO_COLOR").as_deref()),
        cache: crate::open::cache(open.read.no_cache, &config),
    };
    crate::tui::run(&options, &config, dates)
}

#[derive(Debug, Parser)]
#[command(
    name = "lektyr",
    version,
    about = "Read JSON article archives in the terminal",
    args_conflicts_with_subcommands = true,
    after_help = "With no ARCHIVE, lektyr opens the sample archive built into it (or the config's `archive`).\nIn the reader, press ? for every key.\nA command's options may also come before its name: `lektyr --no-cache list FILE`.\n\nFiles: read marks, stars and positions in the state directory ($LEKTYR_STATE_DIR, else the\nplatform data directory); settings in config.toml ($LEKTYR_CONFIG, else the platform config\ndirectory; `lektyr config path` prints it)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub open: OpenArgs,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// What to open: archive files, folders of archives, `-` for standard
    /// input; several are one list. None: the config's archive, else the
    /// built-in sample
    #[arg(value_name = "ARCHIVE")]
    pub archives: Vec<std::ffi::OsString>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Keep read marks, stars and positions here (default: $LEKTYR_STATE_DIR,
    /// else the platform data directory)
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// Read settings from this file (default: $LEKTYR_CONFIG, else
    /// config.toml in the platform config directory)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Colours: auto (off when NO_COLOR is set), always, never
    #[arg(long, value_enum, default_value_t = ColorMode::Auto)]
    pub color: ColorMode,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How an archive is read: taken by the reader and by every command that
/// reads one, and shown only there (`config --help` has no `--format`).
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct ReadArgs {
    /// Read the archive as this format instead of telling it from the
    /// content: v1, jsonfeed, wordpress, wallabag, omnivore, greader, ghost
    #[arg(long, value_name = "NAME", value_parser = parse_format)]
    pub format: Option<Format>,
    /// Read a site's pages as articles too, beside its posts (Ghost)
    #[arg(long)]
    pub pages: bool,
    /// Neither read nor write the archive cache (also LEKTYR_NO_CACHE=1)
    #[arg(long)]
    pub no_cache: bool,
}

impl ReadArgs {
    /// How the archive is read, as the loader takes it.
    pub fn read_as(&self) -> crate::archive::ReadAs {
        crate::archive::ReadAs {
            format: self.format,
            pages: self.pages,
        }
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

/// A width in columns, held to the same range as the config's `measure`.
fn parse_measure(s: &str) -> Result<u16, String> {
    let columns: i64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of columns"))?;
    crate::layout::check_measure(columns)
}

#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Start with this topic active (repeatable; case-insensitive)
    #[arg(long = "topic", short = 't', value_name = "TOPIC")]
    pub topics: Vec<String>,
    /// How several topics combine
    #[arg(long = "match", value_enum, default_value_t = MatchMode::Any)]
    pub mode: MatchMode,
    #[command(flatten)]
    pub dates: DateArgs,
}

/// `--since` and `--until`: the dates the articles are narrowed to.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct DateArgs {
    /// Only articles dated on or after DATE: a year (2019), a month
    /// (2019-03) or a day (2019-03-15); undated articles are left out
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<crate::timeline::Day>,
    /// Only articles dated on or before DATE (2019 is up to its last day)
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    pub until: Option<crate::timeline::Day>,
}

fn parse_since(s: &str) -> Result<crate::timeline::Day, String> {
    crate::timeline::parse_bound(s, crate::timeline::End::Since)
}

fn parse_until(s: &str) -> Result<crate::timeline::Day, String> {
    crate::timeline::parse_bound(s, crate::timeline::End::Until)
}

impl DateArgs {
    /// The range asked for; an error when it ends before it starts.
    pub fn range(&self) -> Result<crate::timeline::DateRange, String> {
        let range = crate::timeline::DateRange {
            since: self.since,
            until: self.until,
        };
        if let (Some(s), Some(u)) = (self.since, self.until)
            && s > u
        {
            return Err(format!(
                "error: --since {} is after --until {}: no date is in between",
                crate::timeline::iso(s),
                crate::timeline::iso(u),
            ));
        }
        Ok(range)
    }

    /// Narrows `app`'s list to the range (a reversed one was refused
    /// before: it would leave nothing).
    pub fn apply(&self, app: &mut App) {
        let range = crate::timeline::DateRange {
            since: self.since,
            until: self.until,
        };
        if range.is_set() {
            app.set_dates(range);
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One line per article: id, date, title, topics (tab-separated), in list order
    List {
        /// Archives, folders of archives, `-` for standard input (one list);
        /// the built-in sample when omitted
        #[arg(value_name = "ARCHIVE")]
        archives: Vec<std::ffi::OsString>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Print a JSON array instead of lines (with --search: each hit's
        /// number of matches and a snippet around the first)
        #[arg(long)]
        json: bool,
        /// Only articles matching QUERY: words (all must occur), "a phrase",
        /// -excluded; case is ignored unless QUERY has a capital. No match
        /// exits 1
        #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
        search: Option<String>,
        /// With --search: ignore diacritics (å finds a, é finds e)
        #[arg(long, requires = "search")]
        fold_diacritics: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Highlights and notes as Markdown by article, each quote linked to
    /// its place on the web (--out DIR: a note per article; --json: W3C
    /// Web Annotations)
    ///
    /// The articles are the ones `list` prints with the same --topic and
    /// --search, in its order, and only those with highlights: the ones
    /// the archive's import carried, under the reader's own from the state
    /// file. A quote's link is the article's URL with a text fragment
    /// (#:~:text=…), which a browser scrolls to and marks.
    ///
    /// --out DIR writes one Markdown note per article, with front matter
    /// (title, author, date, url, topics, tags, aliases, lektyr_id) for
    /// Obsidian and other notes folders. Run again, it updates the same
    /// notes: only lektyr's front matter keys (tags and aliases only gain
    /// entries) and the part between <!-- lektyr:highlights --> and
    /// <!-- /lektyr:highlights --> change; the rest of a note is yours.
    Highlights(Box<highlights::HighlightsArgs>),
    /// The statistics view's numbers as text with small bar charts (or
    /// --json): per topic, per year or month, read per week, top authors,
    /// series and sources
    ///
    /// The articles are the ones `list` prints with the same --topic,
    /// --since, --until and --search; unread and read times come from the
    /// reader's state file (only read).
    Stats(Box<stats::StatsArgs>),
    /// Each topic with its article count
    Topics {
        /// Archives, folders of archives, `-` for standard input (one list);
        /// the built-in sample when omitted
        #[arg(value_name = "ARCHIVE")]
        archives: Vec<std::ffi::OsString>,
        #[command(flatten)]
        dates: DateArgs,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// An article laid out as the reader shows it
    // The archive comes first yet may be left out: `show ID` reads the
    // built-in sample, `show FILE ID` the file.
    #[command(override_usage = "lektyr show [OPTIONS] [ARCHIVE]... <ID>")]
    Show {
        /// Archives, folders, `-` (as for list), then the article's id
        /// (`lektyr list` prints them); in a library, `SOURCE:ID` for an
        /// id two sources share
        #[arg(value_name = "ID", required = true)]
        args: Vec<std::ffi::OsString>,
        /// Columns to lay out at, 20 to 400 (default: the terminal's, at
        /// most 72)
        #[arg(long, value_name = "COLUMNS", value_parser = parse_measure)]
        width: Option<u16>,
        /// Styles and colours: auto (on a terminal, without colours when
        /// NO_COLOR is set), always (e.g. into `less -R`), never
        #[arg(long, value_enum, default_value_t = ColorMode::Auto)]
        color: ColorMode,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Report every problem of an archive with its place; exit 1 when any
    Check {
        /// Archives, folders of archives, `-` for standard input (one list);
        /// the built-in sample when omitted
        #[arg(value_name = "ARCHIVE")]
        archives: Vec<std::ffi::OsString>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Write any archive lektyr reads as lektyr's own format (v1) on stdout
    Convert {
        /// The archive to convert: a JSON Feed, a WordPress or Google Reader
        /// dump, a Wallabag or Omnivore export, or a v1 archive; `-` for
        /// standard input
        input: std::ffi::OsString,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Replay keys headlessly and print the final screen
    Snapshot {
        /// Archives, folders of archives, `-` for standard input (one list);
        /// the built-in sample when omitted
        #[arg(value_name = "ARCHIVE")]
        archives: Vec<std::ffi::OsString>,
        /// Screen size, e.g. 80x24
        #[arg(long, default_value = "80x24", value_parser = parse_size)]
        size: (u16, u16),
        /// Keys to replay, e.g. "jj<Enter><PageDown>"
        #[arg(long, default_value = "")]
        keys: String,
        /// Print ANSI colours and styles
        #[arg(long)]
        color: bool,
        #[command(flatten)]
        filter: FilterArgs,
        /// Restore and save state in DIR, as the reader does (without it,
        /// snapshot never reads or writes any state)
        #[arg(long, value_name = "DIR")]
        state_dir: Option<PathBuf>,
        /// Apply this config file (without it, snapshot uses the defaults
        /// and takes only cache_limit_mb from the user's config)
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Where the config file is, or a commented default one
    Config {
        #[command(subcommand)]
        what: ConfigCommand,
    },
    /// Print the manual page (roff), e.g. `lektyr man > ~/.local/share/man/man1/lektyr.1`
    Man,
    /// Print the completion script for SHELL
    Completions {
        /// The shell to complete in
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Where the archive cache is, or empty it
    Cache {
        #[command(subcommand)]
        what: CacheCommand,
    },
}

impl Command {
    /// How the command reads its archive; the defaults for a command that
    /// reads none.
    pub fn read_args(&self) -> ReadArgs {
        match self {
            Command::List { read, .. }
            | Command::Topics { read, .. }
            | Command::Show { read, .. }
            | Command::Check { read, .. }
            | Command::Convert { read, .. }
            | Command::Snapshot { read, .. } => *read,
            Command::Highlights(args) => args.read,
            Command::Stats(args) => args.read,
            Command::Config { .. }
            | Command::Man
            | Command::Completions { .. }
            | Command::Cache { .. } => ReadArgs::default(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Print the cache directory ($LEKTYR_CACHE_DIR, else the platform's)
    Path,
    /// Remove every cached archive
    Clear,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file lektyr reads
    Path {
        /// The config file named on the command line, as the reader takes it
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Print a config file with every setting at its default, commented
    Default,
}

/// The arguments with the options written before a command's name moved
/// after it: `lektyr --no-cache list FILE` is `lektyr list --no-cache FILE`,
/// so an option means the same on either side of the name (and a command
/// that does not take it says so). `root` is the built command line.
///
/// Only options of `lektyr` itself are looked at, up to the first word
/// that is not one; unless that word names a command (or a command and
/// one under it, `config path`) nothing moves, so the reader's
/// `lektyr [OPTIONS] [ARCHIVE]` reads as ever, and so do `--help` and
/// `--version` before a command.
pub fn options_after_command(args: Vec<OsString>, root: &clap::Command) -> Vec<OsString> {
    let Some((_, rest)) = args.split_first() else {
        return args;
    };
    let option = |token: &str| -> Option<&clap::Arg> {
        if let Some(long) = token.strip_prefix("--") {
            let name = long.split_once('=').map_or(long, |(name, _)| name);
            root.get_arguments().find(|a| a.get_long() == Some(name))
        } else {
            let c = token.strip_prefix('-')?.chars().next()?;
            root.get_arguments().find(|a| a.get_short() == Some(c))
        }
    };
    // How many words the leading options take.
    let mut taken = 0;
    while let Some(token) = rest.get(taken).and_then(|t| t.to_str()) {
        if !token.starts_with('-') || token == "--" {
            break;
        }
        let Some(arg) = option(token) else {
            return args;
        };
        if !matches!(
            arg.get_action(),
            ArgAction::Set | ArgAction::Append | ArgAction::SetTrue
        ) {
            // --help, --version: they speak of `lektyr` itself.
            return args;
        }
        // Its value is the next word unless written in: `--format=v1`, `-tux`.
        let inline = token.contains('=') || (!token.starts_with("--") && token.len() > 2);
        taken += 1 + usize::from(arg.get_action().takes_values() && !inline);
    }
    // The command named after them, and any under it.
    let mut command = root;
    let mut named = taken;
    while let Some(name) = rest.get(named).and_then(|t| t.to_str())
        && name != "help"
        && let Some(sub) = command.find_subcommand(name)
    {
        command = sub;
        named += 1;
    }
    if taken == 0 || named == taken {
        return args;
    }
    let mut out = Vec::with_capacity(args.len());
    out.push(args[0].clone());
    out.extend_from_slice(&rest[taken..named]);
    out.extend_from_slice(&rest[..taken]);
    out.extend_from_slice(&rest[named..]);
    out
}

/// Runs the command line; the exit code says how it went.
pub fn main() -> ExitCode {
    let args = options_after_command(std::env::args_os().collect(), &docs::command());
    let cli = Cli::parse_from(args);
    let result = match cli.command {
        None => run_reader(&cli.open),
        Some(command) => commands::run(command),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    /// Whether each `[` and `<` in `usage` closes with its own bracket,
    /// none nested in another.
    fn brackets_pair(usage: &str) -> bool {
        let mut open = None;
        for c in usage.chars() {
            match (open, c) {
                (None, '[') => open = Some(']'),
                (None, '<') => open = Some('>'),
                (Some(close), c) if c == close => open = None,
                (_, '[' | ']' | '<' | '>') => return false,
                _ => {}
            }
        }
        open.is_none()
    }

    /// `lektyr` run with `line` (split at spaces) as the arguments are
    /// parsed: its options moved after a command's name.
    fn reordered(line: &str) -> String {
        let args = std::iter::once("lektyr")
            .chain(line.split(' ').filter(|w| !w.is_empty()))
            .map(std::ffi::OsString::from)
            .collect();
        let out = super::options_after_command(args, &super::docs::command());
        let words: Vec<String> = out
            .iter()
            .skip(1)
            .map(|w| w.to_string_lossy().into_owned())
            .collect();
        words.join(" ")
    }

    #[test]
    fn options_before_a_command_move_after_its_name() {
        for (given, parsed) in [
            ("--no-cache list f.json", "list --no-cache f.json"),
            (
                "--format v1 --no-cache topics",
                "topics --format v1 --no-cache",
            ),
            ("--format=v1 check f.json", "check --format=v1 f.json"),
            ("-t ux -tdata list", "list -t ux -tdata"),
            ("--config c.toml config path", "config path --config c.toml"),
            (
                "--state-dir d snapshot --keys j",
                "snapshot --state-dir d --keys j",
            ),
            // A command that does not take one is left to say so.
            ("--state-dir d list", "list --state-dir d"),
            // A value that is a command's name is still a value.
            ("--topic list", "--topic list"),
            ("--topic list list", "list --topic list"),
        ] {
            assert_eq!(reordered(given), parsed, "{given}");
        }
        // The reader's own form, help and version, and no options: as given.
        for given in [
            "",
            "f.json",
            "--no-cache f.json",
            "--topic ux --match all f.json",
            "--color never",
            "list --no-cache f.json",
            "--help list",
            "-V list",
            "--no-cache help list",
            "--no-such list",
            "--format",
            "-- list",
        ] {
            assert_eq!(reordered(given), given, "{given}");
        }
    }

    #[test]
    fn usage_lines_say_what_each_command_takes() {
        let mut root = super::docs::command();
        let all = super::docs::commands(&root);
        assert!(all.len() > 8, "{}", all.len());
        for (name, mut cmd) in all {
            let usage = cmd.render_usage().to_string();
            assert!(brackets_pair(&usage), "{name}: {usage}");
        }
        assert!(brackets_pair(&root.render_usage().to_string()));
        let show = root
            .find_subcommand_mut("show")
            .expect("show is a command")
            .render_usage()
            .to_string();
        assert_eq!(show, "Usage: lektyr show [OPTIONS] [ARCHIVE]... <ID>");
        assert!(!brackets_pair("lektyr show <ARCHIVE] [ID>..."));
    }
}
