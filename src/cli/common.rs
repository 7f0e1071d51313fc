//! What the subcommands share: their result, how they load archives,
//! their error lines, `--search`'s query and writing to stdout.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::{FilterArgs, Loaded, check_topics};

pub(super) type CmdResult = Result<ExitCode, String>;

pub(super) fn fail(e: impl std::fmt::Display) -> String {
    format!("error: {e}")
}

/// How a command loads the archives named (the cache and warnings are
/// the caller's).
pub(super) type Load<'a> =
    dyn Fn(&[crate::library::Named]) -> Result<Loaded, crate::archive::LoadError> + 'a;

/// `--search`'s query, parsed: one that cannot be searched is refused
/// before any work.
pub(super) fn search_query(
    search: Option<&str>,
    fold_diacritics: bool,
) -> Result<Option<crate::search::Query>, String> {
    search
        .map(|q| {
            crate::search::Query::parse_complete(q, fold_diacritics).map_err(|e| match q.trim() {
                "" => fail(format!("--search: {e}")),
                _ => fail(format!("--search: {e}: {q}")),
            })
        })
        .transpose()
}

/// Writes to stdout; a closed pipe (`lektyr list | head`) is not an error.
pub(super) fn print_out(text: &str) -> CmdResult {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(fail(format!("writing output: {e}"))),
    }
}

/// Which archives a command reads and which of their articles it takes:
/// the filters and `--search`, as `highlights` and `stats` share them.
#[derive(Debug, Args)]
pub struct Selection {
    /// Archives, folders of archives, `-` for standard input (one list);
    /// the built-in sample when omitted
    #[arg(value_name = "ARCHIVE")]
    pub archives: Vec<std::ffi::OsString>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only articles matching QUERY, as `list --search` takes it. No match
    /// exits 1
    #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
    pub search: Option<String>,
    /// With --search: ignore diacritics (å finds a, é finds e)
    #[arg(long, requires = "search")]
    pub fold_diacritics: bool,
}

impl Selection {
    /// Checks the dates and the query before any work, then loads the
    /// archives and checks the topics named against them.
    pub fn load(&self, load: &Load<'_>) -> Result<(Loaded, Option<crate::search::Query>), String> {
        self.filter.dates.range()?;
        let query = search_query(self.search.as_deref(), self.fold_diacritics)?;
        let loaded = load(&super::named(&self.archives)).map_err(fail)?;
        check_topics(&loaded.archive, &self.filter.topics)?;
        Ok((loaded, query))
    }
}

/// The articles `list` prints with the app's filters, in its order, that
/// `query` (when given) matches.
pub fn chosen(app: &crate::app::App, query: Option<&crate::search::Query>) -> Vec<usize> {
    match query {
        Some(q) => app
            .visible
            .iter()
            .copied()
            .filter(|&i| q.count_fresh(&app.archive, i).is_some())
            .collect(),
        None => app.visible.clone(),
    }
}
