//! Opening an archive: the one place that does it, for the reader and for
//! every command. It takes plain options (no command-line types), loads
//! the file or the built-in sample, applies the config, restores what is
//! remembered, and hands back the app with its state saver.

use std::path::{Path, PathBuf};

use ratatui::layout::Rect;

use crate::app::{App, MatchMode, Source};
use crate::archive::{self, Archive, Format, LoadError};
use crate::config::Config;
use crate::state::{ArchiveKey, ArchiveState, Opened, Saver, Store, View};

/// The sample archive built into the binary, opened when no file is named.
pub const SAMPLE: &str = include_str!("../data/sample.json");

/// Topics to start with, and how they combine.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Names, matched case-insensitively.
    pub topics: Vec<String>,
    pub mode: MatchMode,
}

/// How the reader opens an archive.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The archive; `None`: the config's, else the built-in sample.
    pub archive: Option<PathBuf>,
    /// Read it as this format instead of telling it from the content.
    pub format: Option<Format>,
    pub filter: Filter,
    /// Where state is kept (`None`: `$LEKTYR_STATE_DIR` or the platform's).
    pub state_dir: Option<PathBuf>,
    /// Whether the theme keeps its colours.
    pub colours: bool,
}

/// The app ready to read, what keeps its state, and what to tell the user.
pub struct Reader {
    pub app: App,
    pub saver: Saver,
}

/// A loaded archive and where it came from.
pub struct Loaded {
    pub archive: Archive,
    pub source: Source,
}

/// Loads the named archive (in `format`, or the one its content shows),
/// or the built-in sample.
pub fn load(path: Option<&std::path::Path>, format: Option<Format>) -> Result<Loaded, LoadError> {
    match path {
        Some(p) => Ok(Loaded {
            archive: archive::load_path_as(p, format)?,
            source: Source::File(p.display().to_string()),
        }),
        None => Ok(Loaded {
            archive: archive::load_str("built-in sample", SAMPLE)?,
            source: Source::Sample,
        }),
    }
}

/// Opens `options.archive` for the reader with `config` applied and the
/// remembered state restored, in a terminal of `area`. Warnings (a corrupt
/// state file moved aside, a read-only directory) go to the status line.
pub fn reader(options: &Options, config: &Config, area: Rect) -> Result<Reader, LoadError> {
    let path = options.archive.clone().or_else(|| config.archive.clone());
    let loaded = load(path.as_deref(), options.format)?;
    let (store, state, warnings) = match crate::state::resolve_dir(options.state_dir.as_deref()) {
        Some(dir) => {
            let o = open_state(&loaded.archive, path.as_deref(), &dir);
            (o.store, o.state, o.warnings)
        }
        None => {
            let why = "no home directory to keep state in; marks are kept until you quit";
            (
                Store::memory(why),
                Default::default(),
                vec![why.to_string()],
            )
        }
    };
    let (mut app, _) = build_app_with_state(
        loaded.archive,
        loaded.source,
        area,
        &options.filter,
        config,
        options.colours,
        Some(state),
    );
    if !warnings.is_empty() {
        app.message = Some(format!("warning: {}", warnings.join("; ")));
    }
    Ok(Reader {
        app,
        saver: Saver::new(store),
    })
}

/// Builds the app the way the TUI does: filters from the command line.
/// Returns the app and the topics that matched nothing.
pub fn build_app(
    archive: Archive,
    source: Source,
    area: Rect,
    filter: &Filter,
) -> (App, Vec<String>) {
    build_app_with_state(
        archive,
        source,
        area,
        filter,
        &Config::default(),
        true,
        None,
    )
}

/// Builds the app with a config applied (`colours`: whether the theme keeps
/// its colours) and a remembered state restored. Topics named on the
/// command line replace the remembered ones.
pub fn build_app_with_state(
    archive: Archive,
    source: Source,
    area: Rect,
    filter: &Filter,
    config: &Config,
    colours: bool,
    state: Option<ArchiveState>,
) -> (App, Vec<String>) {
    let mut app = App::new(archive, source, area);
    app.theme = if colours {
        config.theme.clone()
    } else {
        config.theme.without_colour()
    };
    app.keymap = config.keymap();
    app.measure = config.measure;
    app.set_date_format(config.date_format.clone());
    app.search.fold_marks = config.search_folds_diacritics;
    let restored = state.is_some();
    if let Some(state) = state {
        app.restore(state);
    }
    if !config.show_read && app.view == View::All {
        app.set_view(View::Unread);
    }
    if !restored || !filter.topics.is_empty() {
        app.mode = filter.mode;
        if !filter.topics.is_empty() {
            app.active.iter_mut().for_each(|a| *a = false);
        }
    }
    let unknown = app
        .preselect_topics(&filter.topics)
        .into_iter()
        .map(str::to_string)
        .collect();
    app.dirty = None;
    (app, unknown)
}

/// Opens the remembered state of an archive (`path`; the sample when
/// `None`) in the state directory `dir`.
pub fn open_state(archive: &Archive, path: Option<&Path>, dir: &Path) -> Opened {
    let key = path.map_or(ArchiveKey::Sample, ArchiveKey::for_path);
    let ids: Vec<String> = archive.articles.iter().map(|a| a.id.clone()).collect();
    Store::open(dir, &key, &ids)
}

/// A usage error for each topic in `names` that no article of `archive`
/// has, with the archive's nearest topics: a script that filters on a
/// misspelt topic stops instead of getting every article.
pub fn check_topics(archive: &Archive, names: &[String]) -> Result<(), String> {
    let lines: Vec<String> = names
        .iter()
        .filter(|name| archive.find_topic(name).is_none())
        .map(|name| {
            let near =
                crate::suggest::nearest(name, archive.topics.iter().map(|t| t.name.as_str()));
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", crate::suggest::or_list(&near))
            };
            format!(
                "error: --topic “{}”: no article has this topic{hint}",
                name.trim()
            )
        })
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{}\n(`lektyr topics` lists the topics of an archive)",
        lines.join("\n")
    ))
}
