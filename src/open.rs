//! Opening an archive: the one place that does it, for the reader and for
//! every command. It takes plain options (no command-line types), loads
//! the file or the built-in sample, applies the config, restores what is
//! remembered, and hands back the app with its state saver.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::app::{App, MatchMode, Source};
use crate::archive::cache::{Cache, Key, Lookup};
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
    /// The archive cache to read and write; `None`: neither.
    pub cache: Option<Cache>,
}

/// The archive cache as the command line, the environment and the config
/// say: none with `--no-cache` or `LEKTYR_NO_CACHE` set (to anything but
/// `0` or nothing), else the cache directory kept under the config's limit.
pub fn cache(no_cache: bool, config: &Config) -> Option<Cache> {
    let env_off = std::env::var_os("LEKTYR_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0");
    if no_cache || env_off || config.cache_limit == 0 {
        return None;
    }
    Cache::default_dir().map(|dir| Cache::new(dir, config.cache_limit))
}

/// The app ready to read, what keeps its state, and what to tell the user.
pub struct Reader {
    pub app: App,
    pub saver: Saver,
    /// Topics named that no article has.
    pub unknown_topics: Vec<String>,
    /// The cache to write once the first frame is on screen.
    pub cache: Option<CacheWrite>,
}

/// A loaded archive and where it came from.
pub struct Loaded {
    pub archive: Arc<Archive>,
    pub source: Source,
    /// The cache to write, when the archive was read from its file and a
    /// cache is in use.
    pub cache: Option<CacheWrite>,
}

/// A cache still to be written for an archive read from its file.
pub struct CacheWrite {
    cache: Cache,
    key: Key,
}

impl CacheWrite {
    /// Writes it; the error says where and why not.
    pub fn write(&self, archive: &Archive) -> Result<(), String> {
        self.cache.write(&self.key, archive).map(drop).map_err(|e| {
            format!(
                "the archive cache was not written in {}: {e}",
                self.cache.dir().display()
            )
        })
    }

    /// Writes it on a thread of its own.
    pub fn spawn(
        self,
        archive: Arc<Archive>,
    ) -> Option<std::thread::JoinHandle<Result<(), String>>> {
        std::thread::Builder::new()
            .name("lektyr-cache".into())
            .spawn(move || self.write(&archive))
            .ok()
    }
}

impl Loaded {
    /// Starts writing the cache, if there is one to write.
    pub fn spawn_cache_write(&mut self) -> Option<std::thread::JoinHandle<Result<(), String>>> {
        self.cache.take()?.spawn(Arc::clone(&self.archive))
    }
}

/// Loads the named archive (in `format`, or the one its content shows),
/// or the built-in sample. With a `cache`, an archive whose file has not
/// changed since it was cached is read from there, and one read from its
/// file comes with the cache to write.
pub fn load(
    path: Option<&std::path::Path>,
    format: Option<Format>,
    cache: Option<&Cache>,
) -> Result<Loaded, LoadError> {
    let Some(p) = path else {
        return Ok(Loaded {
            archive: Arc::new(archive::load_str("built-in sample", SAMPLE)?),
            source: Source::Sample,
            cache: None,
        });
    };
    let source = Source::File(p.display().to_string());
    // The key is taken before the file is read: a change made while it is
    // read gives the next open another key, never a stale hit.
    let key = cache.and_then(|_| Key::of(p, format));
    if let (Some(cache), Some(key)) = (cache, &key)
        && let Lookup::Hit(archive) = cache.read(key)
    {
        return Ok(Loaded {
            archive: Arc::new(archive),
            source,
            cache: None,
        });
    }
    Ok(Loaded {
        archive: Arc::new(archive::load_path_as(p, format)?),
        source,
        cache: cache
            .cloned()
            .zip(key)
            .map(|(cache, key)| CacheWrite { cache, key }),
    })
}

/// Opens `options.archive` for the reader with `config` applied and the
/// remembered state restored, in a terminal of `area`. Warnings (a corrupt
/// state file moved aside, a read-only directory) stay on screen until
/// dismissed.
pub fn reader(options: &Options, config: &Config, area: Rect) -> Result<Reader, LoadError> {
    let path = options.archive.clone().or_else(|| config.archive.clone());
    let mut loaded = load(path.as_deref(), options.format, options.cache.as_ref())?;
    let cache = loaded.cache.take();
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
    let (mut app, unknown_topics) = build_app_with_state(
        loaded.archive,
        loaded.source,
        area,
        &options.filter,
        config,
        options.colours,
        Some(state),
    );
    for w in warnings {
        app.warn(w);
    }
    Ok(Reader {
        app,
        saver: Saver::new(store),
        unknown_topics,
        cache,
    })
}

/// Builds the app the way the TUI does: filters from the command line.
/// Returns the app and the topics that matched nothing.
pub fn build_app(
    archive: impl Into<Arc<Archive>>,
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
    archive: impl Into<Arc<Archive>>,
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

/// Prints a warning for each topic named that no article has.
pub fn warn_unknown_topics(unknown: &[String]) {
    for t in unknown {
        eprintln!("warning: no article has the topic “{t}”");
    }
}
