//! `lektyr highlights`: the highlights and notes of an archive, the ones
//! its import carried under the reader's own from the state file, as
//! Markdown on stdout, as one note file per article (`--out DIR`), or as
//! W3C Web Annotations (`--json`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use ratatui::layout::Rect;

use super::common::{CmdResult, Load, Selection, fail, print_out};
use super::{ReadArgs, build_app, open_states};
use crate::highlight::export::{self, Entry};

#[derive(Debug, Args)]
pub struct HighlightsArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Write one Markdown note per article into DIR (front matter for
    /// Obsidian and the like); run again, it updates lektyr's part of each
    /// note and keeps the rest
    #[arg(long, value_name = "DIR", conflicts_with = "json")]
    pub out: Option<PathBuf>,
    /// Print W3C Web Annotations (a JSON array) instead of Markdown
    #[arg(long)]
    pub json: bool,
    /// Read the reader's highlights from DIR (default: $LEKTYR_STATE_DIR,
    /// else the platform data directory)
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Runs `lektyr highlights`.
pub fn run(args: HighlightsArgs, load: &Load<'_>) -> CmdResult {
    let (loaded, query) = args.selection.load(load)?;
    // The reader's own highlights, from the state file the reader keeps.
    let state = crate::state::resolve_dir(args.state_dir.as_deref())
        .map(|dir| own_state(&loaded.archive, &loaded.origins, &dir));
    // The articles `list` would print with these filters, in its order.
    let (app, _) = build_app(
        loaded.archive,
        loaded.source,
        Rect::new(0, 0, 80, 24),
        &args.selection.filter,
    );
    let archive = &app.archive;
    let chosen = super::common::chosen(&app, query.as_ref());
    // Only articles with highlights (deleted ones too: a note written
    // before is updated to say they are gone) have their text read.
    let entries = chosen.iter().filter_map(|&i| {
        let article = archive.articles.get(i)?;
        let own = state
            .as_ref()
            .and_then(|s| s.highlights(&archive.state_key(i)))
            .filter(|own| !own.is_empty());
        if article.highlights.is_empty() && own.is_none() {
            return None;
        }
        Entry::of(archive, i, own)
    });
    let no_match = query.is_some() && chosen.is_empty();
    if let Some(dir) = &args.out {
        let all: Vec<Entry> = entries.collect();
        write_notes(dir, &all)?;
    } else if args.json {
        let name = match args.selection.archives.as_slice() {
            [one] => Path::new(one)
                .file_name()
                .map_or_else(|| "stdin".into(), |n| n.to_string_lossy().into_owned()),
            [] => "sample".to_string(),
            _ => "library".to_string(),
        };
        let list: Vec<serde_json::Value> = entries
            .filter(|e| !e.items.is_empty())
            .flat_map(|e| export::annotations(&e, &name))
            .collect();
        let mut text = serde_json::to_string_pretty(&list).map_err(fail)?;
        text.push('\n');
        print_out(&text)?;
    } else {
        let with: Vec<Entry> = entries.filter(|e| !e.items.is_empty()).collect();
        if with.is_empty() {
            eprintln!("no highlights");
        } else {
            print_out(&export::markdown(&with, archive.title.as_deref()))?;
        }
    }
    // Like `list`: a search that matches nothing exits 1.
    Ok(if no_match {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The archive's state as the reader keeps it in `dir`. Where the reader
/// could not keep it (a directory it cannot write, which the reader takes
/// for a state kept only until it quits), the file is read as it is: an
/// export only reads.
pub(super) fn own_state(
    archive: &crate::archive::Archive,
    origins: &[crate::library::Origin],
    dir: &Path,
) -> crate::state::ArchiveState {
    let path = match origins {
        [crate::library::Origin::File(p)] => Some(p.as_path()),
        _ => None,
    };
    let opened = open_states(archive, origins, dir);
    if opened.store.memory_reason().is_some() {
        let key = path.map_or(crate::state::ArchiveKey::Sample, |p| {
            crate::state::ArchiveKey::for_path(p)
        });
        let file = dir.join(key.file_name());
        let read = std::fs::read_to_string(&file).ok().and_then(|text| {
            serde_json::from_str::<crate::state::ArchiveState>(&text)
                .ok()
                .filter(|s| s.lektyr_state == crate::state::FORMAT)
        });
        if let Some(state) = read {
            return state;
        }
    }
    for w in &opened.warnings {
        eprintln!("warning: {w}");
    }
    opened.state
}

/// What became of one note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Written,
    Updated,
    Unchanged,
}

/// Writes a note per entry with highlights into `dir`, updating the note
/// an earlier run wrote for the same article (found by the `lektyr_id` of
/// its front matter, whatever its name now); a note of an article that no
/// longer has highlights is updated to say so, none is made for it. Says
/// on stderr what was written, updated and left as it was.
fn write_notes(dir: &Path, entries: &[Entry]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| fail(format!("{}: {e}", dir.display())))?;
    let existing = notes_by_id(dir)?;
    let mut counts = [0usize; 3];
    let mut problems = Vec::new();
    let mut err = std::io::stderr().lock();
    for e in entries {
        let known = existing.get(&e.id);
        if e.items.is_empty() && known.is_none() {
            continue;
        }
        let path = known
            .cloned()
            .unwrap_or_else(|| dir.join(export::file_name(e)));
        match write_note(&path, e) {
            Ok(outcome) => {
                counts[outcome as usize] += 1;
                let said = match outcome {
                    Outcome::Written => "wrote",
                    Outcome::Updated => "updated",
                    Outcome::Unchanged => continue,
                };
                let _ = writeln!(err, "{said} {}", path.display());
            }
            Err(message) => problems.push(message),
        }
    }
    let [written, updated, unchanged] = counts;
    let _ = writeln!(
        err,
        "{}: {written} written, {updated} updated, {unchanged} unchanged",
        dir.display()
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The notes in `dir` lektyr wrote, by the article id their front matter
/// names; of two naming one article, the first by file name.
fn notes_by_id(dir: &Path) -> Result<std::collections::HashMap<String, PathBuf>, String> {
    let read = std::fs::read_dir(dir).map_err(|e| fail(format!("{}: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = read
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && p.is_file())
        .collect();
    paths.sort();
    let mut found = std::collections::HashMap::new();
    for path in paths {
        // A note that cannot be read is not lektyr's to update.
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some(id) = export::note_id(&text) {
            found.entry(id).or_insert(path);
        }
    }
    Ok(found)
}

/// Writes `e`'s note at `path` (a temporary file renamed over it, so a
/// note is never half written) unless it already says the same.
fn write_note(path: &Path, e: &Entry) -> Result<Outcome, String> {
    let named = |err: &dyn std::fmt::Display| fail(format!("{}: {err}", path.display()));
    let old = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(named(&err)),
    };
    let text = export::note(e, old.as_deref()).map_err(|m| named(&m))?;
    if old.as_deref() == Some(text.as_str()) {
        return Ok(Outcome::Unchanged);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(err) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(named(&err));
    }
    Ok(if old.is_some() {
        Outcome::Updated
    } else {
        Outcome::Written
    })
}
