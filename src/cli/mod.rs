//! The command line: argument parsing and the subcommands. Each command
//! loads the archive through the same loader and lays articles out through
//! the same layout code the TUI uses.

mod commands;
mod snapshot;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::app::Source;
use crate::archive::{self, Archive, LoadError};

pub use commands::warn_unknown_topics;
pub use snapshot::{build_app, parse_size, render_snapshot};

/// The sample archive built into the binary, opened when no file is named.
pub const SAMPLE: &str = include_str!("../../data/sample.json");

#[derive(Debug, Parser)]
#[command(
    name = "lektyr",
    version,
    about = "Read JSON article archives in the terminal",
    args_conflicts_with_subcommands = true,
    after_help = "With no ARCHIVE, lektyr opens the sample archive built into it.\nIn the reader, press ? for every key."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub open: OpenArgs,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The archive to open (JSON); the built-in sample when omitted
    pub archive: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Start with this topic active (repeatable; case-insensitive)
    #[arg(long = "topic", short = 't', value_name = "TOPIC")]
    pub topics: Vec<String>,
    /// How several topics combine
    #[arg(long = "match", value_enum, default_value_t = MatchArg::Any)]
    pub mode: MatchArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum MatchArg {
    /// Articles with any of the topics
    #[default]
    Any,
    /// Articles with all of the topics
    All,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One line per article: id, date, title, topics (tab-separated), in list order
    List {
        archive: Option<PathBuf>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Print a JSON array instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Each topic with its article count
    Topics { archive: Option<PathBuf> },
    /// An article laid out as the reader shows it
    Show {
        /// [ARCHIVE] ID — the archive may be omitted for the built-in sample
        #[arg(num_args = 1..=2, required = true, value_name = "ARCHIVE] [ID")]
        args: Vec<String>,
        /// Columns to lay out at (default: the terminal's, at most 72)
        #[arg(long)]
        width: Option<u16>,
    },
    /// Report every problem of an archive with its place; exit 1 when any
    Check { archive: Option<PathBuf> },
    /// Replay keys headlessly and print the final screen
    Snapshot {
        archive: Option<PathBuf>,
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
    },
}

/// A loaded archive and where it came from.
pub struct Loaded {
    pub archive: Archive,
    pub source: Source,
}

/// Loads the named archive, or the built-in sample.
pub fn load(path: Option<&std::path::Path>) -> Result<Loaded, LoadError> {
    match path {
        Some(p) => Ok(Loaded {
            archive: archive::load_path(p)?,
            source: Source::File(p.display().to_string()),
        }),
        None => Ok(Loaded {
            archive: archive::load_str("built-in sample", SAMPLE)?,
            source: Source::Sample,
        }),
    }
}

/// Runs the command line; the exit code says how it went.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => crate::tui::run(cli.open.archive.as_deref(), &cli.open.filter),
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
