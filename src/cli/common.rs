//! What the subcommands share: their result, how they load archives,
//! their error lines, `--search`'s query and writing to stdout.

use std::io::Write;
use std::process::ExitCode;

use super::Loaded;

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
