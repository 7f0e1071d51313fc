//! Opening an archive: the one place that does it, for the reader and for
//! every command. It takes plain options (no command-line types), loads
//! the file or the built-in sample, applies the config, restores what is
//! remembered, and hands back the app with its state saver.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::app::{App, MatchMode, Source};
use crate::archive::cache::{Cache, Key, Lookup};
use crate::archive::{self, Archive, LoadError, ReadAs};
use crate::config::Config;
use crate::library::{Named, Origin};
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
    /// What to open: files, folders, `-`; none: the config's archive,
    /// else the built-in sample.
    pub archives: Vec<Named>,
    /// Read it as this format instead of telling it from the content, and
    /// with or without pages.
    pub read: ReadAs,
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
    Cache::default_dir().map(|dir| Cache::new(dir, config.cache_limit).with_reread(reread))
}

/// Reads an archive whole, for the cache (see [`Cache::with_reread`]).
pub fn reread(path: &Path, read: crate::archive::ReadAs) -> Option<Archive> {
    crate::archive::load_path_as(path, read).ok()
}

/// The app ready to read, what keeps its state, and what to tell the user.
pub struct Reader {
    pub app: App,
    pub saver: Saver,
    /// The cache to write once the first frame is on screen.
    pub cache: Option<CacheWrite>,
    /// The archive is still being read: rows arrive through this.
    pub stream: Option<Stream>,
}

/// Files at least this big are shown while they are read, when they are
/// not in the cache. Smaller ones are read before the first frame, within
/// the tenth of a second after which a wait shows its progress (16 MB:
/// 40–60 ms here): showing rows while reading costs a copy of each row,
/// which took a 12 MB file's reader from 15.4 MB to 19.1 MB.
pub const STREAM_FROM: u64 = 16 << 20;

/// Articles handed to the reader at a time while a file is read; the
/// first batch, which is enough to find the archive's remembered state
/// (by its first ids), comes as soon as it is read.
const BATCH: usize = 4096;

/// What the thread reading an archive sends.
enum Event {
    Batch {
        articles: Vec<crate::archive::Article>,
        topics: Vec<crate::archive::Topic>,
        title: Option<String>,
    },
    Done(Result<Archive, LoadError>),
}

/// An archive being read on a thread of its own while the reader shows
/// what has arrived.
pub struct Stream {
    rx: std::sync::mpsc::Receiver<Event>,
    read: Arc<std::sync::atomic::AtomicU64>,
    path: PathBuf,
    state_dir: Option<PathBuf>,
    cache: Option<CacheWrite>,
    /// The remembered state, once opened (with the first batch): restored
    /// again when the load ends if no key was pressed meanwhile.
    state: Option<ArchiveState>,
    /// When the list last took in the rows that arrived, and how long
    /// that took.
    last_rebuild: Option<(std::time::Instant, std::time::Duration)>,
    /// Rows arrived and not yet taken into the list, with the topics and
    /// title so far.
    pending: Option<(
        Vec<crate::archive::Article>,
        Vec<crate::archive::Topic>,
        Option<String>,
    )>,
    /// An event received before the screen opened.
    first: Option<Event>,
}

/// How often the list takes in the rows that arrived, at most.
const REBUILD_EVERY: std::time::Duration = std::time::Duration::from_millis(150);

/// The list takes in new rows at most an eighth of the time: a rebuild
/// costs more as rows arrive (its facets, counts and marks go over every
/// row), and rebuilding every 150 ms took so much of the two cores that a
/// million articles took 31 s to read in the reader against 8 s in
/// `snapshot`.
const REBUILD_SHARE: u32 = 8;

impl Stream {
    /// Takes in what the reading thread sent. Returns `Ok(true)` once the
    /// load has ended (the archive in `app` is then the whole one, in its
    /// list order, and the cache to write is returned by
    /// [`Stream::take_cache`]); a load error ends the reader.
    pub fn poll(
        &mut self,
        app: &mut App,
        saver: &mut Saver,
        touched: bool,
    ) -> Result<bool, LoadError> {
        app.load_progress(self.read.load(std::sync::atomic::Ordering::Relaxed));
        let due = self
            .last_rebuild
            .is_none_or(|(t, took)| t.elapsed() >= REBUILD_EVERY.max(took * REBUILD_SHARE));
        loop {
            let event = match self.first.take().map_or_else(|| self.rx.try_recv(), Ok) {
                Ok(e) => e,
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    return Err(LoadError::new(
                        &self.path.display().to_string(),
                        crate::archive::LoadErrorKind::Unreadable {
                            reason: "the thread reading it stopped".into(),
                        },
                    ));
                }
            };
            match event {
                Event::Batch {
                    articles,
                    topics,
                    title,
                } => match &mut self.pending {
                    Some((a, t, _)) => {
                        a.extend(articles);
                        *t = topics;
                    }
                    None => self.pending = Some((articles, topics, title)),
                },
                Event::Done(result) => {
                    let archive = result?;
                    // The whole archive has every row held back too.
                    self.pending = None;
                    app.finish_loading(archive);
                    if self.state.is_none() {
                        self.open_state(app, saver);
                    } else if !touched && let Some(state) = self.state.take() {
                        // The remembered article may have arrived late.
                        app.restore(state);
                    }
                    return Ok(true);
                }
            }
        }
        // Rows are held until the list is due to take them in; the first
        // ones go at once, to find the remembered state.
        if (due || self.state.is_none())
            && let Some((articles, topics, title)) = self.pending.take()
        {
            let began = std::time::Instant::now();
            app.add_loaded(articles, topics, title);
            self.last_rebuild = Some((std::time::Instant::now(), began.elapsed()));
            if self.state.is_none() {
                self.open_state(app, saver);
            }
        }
        Ok(false)
    }

    /// Opens the archive's remembered state (found by the first ids) and
    /// restores it on what has arrived.
    fn open_state(&mut self, app: &mut App, saver: &mut Saver) {
        let Some(dir) = crate::state::resolve_dir(self.state_dir.as_deref()) else {
            return;
        };
        let opened = open_state(&app.archive, Some(&self.path), &dir);
        for w in opened.warnings {
            app.warn(w);
        }
        self.state = Some(opened.state.clone());
        app.restore(opened.state);
        *saver = Saver::new(opened.store);
    }

    /// The cache to write now that the load has ended.
    pub fn take_cache(&mut self) -> Option<CacheWrite> {
        self.cache.take()
    }
}

/// A loaded archive and where it came from.
pub struct Loaded {
    pub archive: Arc<Archive>,
    pub source: Source,
    /// The cache to write, when the archive was read from its file and a
    /// cache is in use (a library's sources write theirs as they are read).
    pub cache: Option<CacheWrite>,
    /// Where each of its sources was read from, in the order of
    /// `archive.sources.labels` (none for the built-in sample).
    pub origins: Vec<Origin>,
    /// What was passed over: files of a folder that are no archive, and
    /// sources of a library that could not be read, one line each.
    pub skipped: Vec<String>,
}

/// A cache still to be written for an archive read from its file.
pub struct CacheWrite {
    cache: Cache,
    key: Key,
}

impl CacheWrite {
    /// Writes it; the error says where and why not.
    pub fn write(&self, archive: &Archive) -> Result<(), String> {
        self.write_unless(archive, &std::sync::atomic::AtomicBool::new(false))
    }

    fn write_unless(
        &self,
        archive: &Archive,
        stop: &std::sync::atomic::AtomicBool,
    ) -> Result<(), String> {
        if !self.cache.may_fit(&self.key, archive) {
            return Err(format!(
                "the archive cache was not written in {}: the archive is bigger than the \
                 cache's size limit",
                self.cache.dir().display()
            ));
        }
        let series = match &archive.series {
            Some(cuts) => cuts.clone(),
            None => crate::app::titles::archive_series(archive),
        };
        self.cache
            .write_unless(&self.key, archive, &series, stop)
            .map(drop)
            .map_err(|e| {
                format!(
                    "the archive cache was not written in {}: {e}",
                    self.cache.dir().display()
                )
            })
    }

    /// Writes it on a thread of its own.
    pub fn spawn(self, archive: Arc<Archive>) -> Option<Writing> {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("lektyr-cache".into())
            .spawn(move || self.write_unless(&archive, &stopped))
            .ok()
            .map(|handle| Writing { handle, stop })
    }
}

/// A cache being written on a thread of its own.
pub struct Writing {
    handle: std::thread::JoinHandle<Result<(), String>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl Writing {
    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }

    /// Waits for the write to end; the error says where and why not.
    pub fn join(self) -> Result<(), String> {
        self.handle
            .join()
            .unwrap_or_else(|_| Err("the archive cache was not written".to_string()))
    }

    /// Stops the write where it is (the reader is quitting: it never waits
    /// for a big archive's cache) and removes what it wrote so far.
    pub fn stop(self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = self.handle.join();
    }
}

impl Loaded {
    /// Starts writing the cache, if there is one to write.
    pub fn spawn_cache_write(&mut self) -> Option<Writing> {
        self.cache.take()?.spawn(Arc::clone(&self.archive))
    }
}

/// Loads what `named` names as one archive (in `format`, or the one each
/// content shows): a file, standard input, the archives of a folder, or
/// several of these joined into a library; nothing named, the built-in
/// sample. A source is read from its cache entry when the cache holds it
/// as it is now; one archive read from its file comes with the cache to
/// write, a library's sources write theirs as they are read, side by side.
/// A library's source that cannot be read is passed over and said; one
/// archive that cannot be read is the error.
pub fn load_named(
    named: &[Named],
    read: impl Into<ReadAs>,
    cache: Option<&Cache>,
) -> Result<Loaded, LoadError> {
    let read = read.into();
    if named.is_empty() {
        let mut sample = archive::load_str("built-in sample", SAMPLE)?;
        sample.sources.labels = vec!["sample".into()];
        return Ok(Loaded {
            archive: Arc::new(sample),
            source: Source::Sample,
            cache: None,
            origins: Vec::new(),
            skipped: Vec::new(),
        });
    }
    let (origins, passed) = crate::library::expand(named);
    let mut skipped: Vec<String> = passed
        .iter()
        .map(|s| format!("{}: passed over: {}", s.path.display(), s.why))
        .collect();
    // Several sources all in the cache fill memory as densely as one big
    // archive: huge pages are allowed while they are read and joined when
    // their indexes come to as much as one big archive's.
    let dense = if origins.len() > 1 {
        cached_size(&origins, read, cache)
    } else {
        0
    };
    let parts: Vec<Result<Part, LoadError>> = match origins.as_slice() {
        [] => {
            let named = named
                .iter()
                .map(|n| match n {
                    Named::Path(p) => p.display().to_string(),
                    Named::Stdin => "-".into(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            return Err(LoadError::new(
                &named,
                archive::LoadErrorKind::Unreadable {
                    reason: "no archive here (lektyr opens .json files, Omnivore .zip exports \
                             and unpacked Omnivore folders)"
                        .into(),
                },
            ));
        }
        [one] => vec![load_one(one, read, cache, false)],
        many => crate::memory::dense(dense, || load_side_by_side(many, read, cache)),
    };
    let single = parts.len() == 1;
    let mut read = Vec::new();
    let mut kept = Vec::new();
    let mut first_error = None;
    for (part, origin) in parts.into_iter().zip(origins) {
        match part {
            Ok(p) => {
                read.push(p);
                kept.push(origin);
            }
            Err(e) if single => return Err(e),
            Err(e) => {
                skipped.push(format!("passed over: {e}"));
                first_error.get_or_insert(e);
            }
        }
    }
    if read.is_empty() {
        return Err(
            first_error.unwrap_or_else(|| LoadError::new("library", archive::LoadErrorKind::Empty))
        );
    }
    let labels = crate::library::labels(&kept);
    let source = match kept.as_slice() {
        [Origin::File(p)] => Source::File(p.display().to_string()),
        [Origin::Stdin] => Source::Stdin,
        _ => Source::Library(labels.clone()),
    };
    let cache = if read.len() == 1 {
        read.first_mut().and_then(|p| p.cache.take())
    } else {
        None
    };
    let archive = crate::memory::dense(dense, || {
        crate::library::join(read.into_iter().map(|p| p.archive).collect(), labels)
    });
    Ok(Loaded {
        archive: Arc::new(archive),
        source,
        cache,
        origins: kept,
        skipped,
    })
}

/// [`load_named`] for one file (`None`: the built-in sample): a library
/// of one.
pub fn load(
    path: Option<&Path>,
    read: impl Into<ReadAs>,
    cache: Option<&Cache>,
) -> Result<Loaded, LoadError> {
    let named: Vec<Named> = path
        .map(|p| Named::Path(p.to_path_buf()))
        .into_iter()
        .collect();
    load_named(&named, read, cache)
}

/// Loads every one of `origins` (their caches written as they are read),
/// on as many threads as the machine has cores, each taking the next
/// source not yet taken; the results in the order of `origins`.
fn load_side_by_side(
    origins: &[Origin],
    read: ReadAs,
    cache: Option<&Cache>,
) -> Vec<Result<Part, LoadError>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, origins.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let taken = || next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let work = || {
        let mut done = Vec::new();
        while let Some(o) = origins.get(taken()) {
            done.push((o, load_one(o, read, cache, true)));
        }
        done
    };
    let mut done: Vec<(&Origin, Result<Part, LoadError>)> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for h in others {
            // A thread that stopped leaves its sources out: said below.
            done.extend(h.join().unwrap_or_default());
        }
        done
    });
    origins
        .iter()
        .map(
            |o| match done.iter().position(|(d, _)| std::ptr::eq(*d, o)) {
                Some(at) => done.swap_remove(at).1,
                None => Err(LoadError::new(
                    &o.display(),
                    archive::LoadErrorKind::Unreadable {
                        reason: "the thread reading it stopped".into(),
                    },
                )),
            },
        )
        .collect()
}

/// The size of the indexes of `origins` in `cache`, when it holds them all
/// as they are now (else 0: a source read from its file keeps to small
/// pages, where peak memory counts most).
fn cached_size(origins: &[Origin], read: ReadAs, cache: Option<&Cache>) -> u64 {
    let Some(cache) = cache else {
        return 0;
    };
    let mut total = 0;
    for o in origins {
        let size = match o {
            Origin::File(p) => Key::of(p, read).and_then(|key| cache.index_size(&key)),
            Origin::Stdin => None,
        };
        match size {
            Some(size) => total += size,
            None => return 0,
        }
    }
    total
}

/// One source read, and the cache still to write for it.
struct Part {
    archive: Archive,
    cache: Option<CacheWrite>,
}

/// Reads one source: from the cache when it holds the file as it is now,
/// else from the file (with `write_now`, its cache written at once).
fn load_one(
    origin: &Origin,
    read: ReadAs,
    cache: Option<&Cache>,
    write_now: bool,
) -> Result<Part, LoadError> {
    let p = match origin {
        Origin::Stdin => {
            return Ok(Part {
                archive: crate::library::read_stdin(read)?,
                cache: None,
            });
        }
        Origin::File(p) => p,
    };
    let key = match cached(p, read, cache) {
        Cached::Hit(archive) => {
            return Ok(Part {
                archive,
                cache: None,
            });
        }
        Cached::Write(key) => key,
    };
    crate::memory::before_reading_a_file();
    let archive = archive::load_path_as(p, read)?;
    let cache = match key {
        Some(write) if write_now => {
            // Another source's failure is no reason to lose this one's.
            let _ = write.write(&archive);
            None
        }
        other => other,
    };
    Ok(Part { archive, cache })
}

/// The archive at `p` from the cache, when it holds the file as it is now;
/// otherwise the cache to write once the file is read (if a cache is in
/// use). The key is taken before the file is read: a change made while it
/// is read gives the next open another key, never a stale hit.
fn cached(p: &Path, read: ReadAs, cache: Option<&Cache>) -> Cached {
    let Some((cache, key)) = cache.zip(Key::of(p, read)) else {
        return Cached::Write(None);
    };
    match cache.read(&key) {
        Lookup::Hit(archive) => Cached::Hit(archive),
        Lookup::Miss | Lookup::Garbled(_) => Cached::Write(Some(CacheWrite {
            cache: cache.clone(),
            key,
        })),
    }
}

/// What [`cached`] found.
enum Cached {
    Hit(Archive),
    /// Not in the cache: the cache to write once the file is read.
    Write(Option<CacheWrite>),
}

/// Opens `options.archive` for the reader with `config` applied and the
/// remembered state restored, in a terminal of `area`. Warnings (a corrupt
/// state file moved aside, a read-only directory) stay on screen until
/// dismissed.
pub fn reader(options: &Options, config: &Config, area: Rect) -> Result<Reader, LoadError> {
    let named = named_or_config(&options.archives, config);
    let mut loaded = match named.as_slice() {
        [Named::Path(p)] if p.is_file() => match streamed(p, options, config, area) {
            Start::Streaming(reader) => return reader.map(|r| *r),
            Start::Cached(archive) => Loaded {
                archive: Arc::new(archive),
                source: Source::File(p.display().to_string()),
                cache: None,
                origins: vec![Origin::File(p.clone())],
                skipped: Vec::new(),
            },
            Start::Read => load_named(&named, options.read, options.cache.as_ref())?,
        },
        _ => load_named(&named, options.read, options.cache.as_ref())?,
    };
    let path = match loaded.origins.as_slice() {
        [Origin::File(p)] => Some(p.clone()),
        _ => None,
    };
    let cache = loaded.cache.take();
    let (store, state, mut warnings) = match crate::state::resolve_dir(options.state_dir.as_deref())
    {
        Some(dir) => {
            let o = open_states(&loaded.archive, &loaded.origins, &dir);
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
    warnings.append(&mut loaded.skipped);
    for w in warnings {
        app.warn(w);
    }
    let size = path.as_deref().and_then(|p| std::fs::metadata(p).ok());
    app.search.fold_when_asked = size.is_some_and(|m| folds_when_asked(m.len()));
    Ok(Reader {
        app,
        saver: Saver::new(store),
        cache,
        stream: None,
    })
}

/// How the reader starts on a file.
enum Start {
    /// A big file not in the cache, read while its rows are shown (or the
    /// error that stopped it at once).
    Streaming(Result<Box<Reader>, LoadError>),
    /// A big file from the cache.
    Cached(Archive),
    /// A small file, or topics named (which need every topic first): read
    /// before the first frame, through the cache.
    Read,
}

/// An archive file this big or bigger has its text folded for search only
/// once a search begins: folded, its text takes about as much memory
/// again, which a reader that is only browsed should not hold (a 297 MB
/// archive's reader grew from 157 MB to 375 MB in its first seconds, a
/// 12 MB one's from 20 MB to 29 MB). From this size on a file is read in
/// pieces, its articles' detail left in it, and folding would read it all
/// back. A smaller one is folded in the first idle moments, so that the
/// first search answers at once; a bigger one shows what it has found so
/// far while it folds (0.4 s for 10,000 articles).
const FOLD_WHEN_ASKED_FROM: u64 = 8 << 20;

fn folds_when_asked(file_size: u64) -> bool {
    file_size >= FOLD_WHEN_ASKED_FROM
}

/// Starts reading a big file that is not in the cache on a thread of its
/// own, the reader showing rows as they arrive. A file that fails at once
/// fails here, before any screen.
fn streamed(path: &Path, options: &Options, config: &Config, area: Rect) -> Start {
    let size = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m.len(),
        _ => return Start::Read,
    };
    if size < STREAM_FROM || !options.filter.topics.is_empty() {
        return Start::Read;
    }
    let cache = match cached(path, options.read, options.cache.as_ref()) {
        Cached::Hit(archive) => return Start::Cached(archive),
        Cached::Write(cache) => cache,
    };
    crate::memory::before_reading_a_file();
    let (tx, rx) = std::sync::mpsc::channel();
    let read = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let batches = tx.clone();
    let tap = archive::Tap {
        every: BATCH,
        f: Box::new(move |b: archive::Batch<'_>| {
            let _ = batches.send(Event::Batch {
                articles: b.articles,
                topics: b.topics.to_vec(),
                title: b.title.map(str::to_string),
            });
        }),
    };
    let (file, how, counter) = (path.to_path_buf(), options.read, Arc::clone(&read));
    let spawned = std::thread::Builder::new()
        .name("lektyr-load".into())
        .spawn(move || {
            let result = archive::load_path_tapped(&file, how, tap, counter);
            let _ = tx.send(Event::Done(result));
        });
    if spawned.is_err() {
        return Start::Read;
    }
    // A file that is no archive at all says so before the screen opens.
    let first = match rx.recv_timeout(std::time::Duration::from_millis(30)) {
        Ok(Event::Done(Err(e))) => return Start::Streaming(Err(e)),
        Ok(event) => Some(event),
        Err(_) => None,
    };
    let (mut app, _) = build_app_with_state(
        Archive::default(),
        Source::File(path.display().to_string()),
        area,
        &options.filter,
        config,
        options.colours,
        None,
    );
    app.start_loading(size);
    app.search.fold_when_asked = folds_when_asked(size);
    Start::Streaming(Ok(Box::new(Reader {
        app,
        saver: Saver::new(Store::memory("the archive is still being read")),
        cache: None,
        stream: Some(Stream {
            rx,
            read,
            path: path.to_path_buf(),
            state_dir: options.state_dir.clone(),
            cache,
            state: None,
            last_rebuild: None,
            pending: None,
            first,
        }),
    })))
}

/// The sources named, else the config's archive, else none (the sample).
pub fn named_or_config(named: &[Named], config: &Config) -> Vec<Named> {
    if !named.is_empty() {
        return named.to_vec();
    }
    if !config.library.is_empty() {
        return config
            .library
            .iter()
            .flat_map(|p| crate::library::glob(p))
            .map(Named::Path)
            .collect();
    }
    config
        .archive
        .iter()
        .map(|p| Named::Path(p.clone()))
        .collect()
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
    match path {
        Some(p) => open_states(archive, &[Origin::File(p.to_path_buf())], dir),
        None => open_states(archive, &[], dir),
    }
}

/// Opens the remembered state of what was loaded from `origins` (none:
/// the built-in sample) in the state directory `dir`: an archive's own
/// file; for a library, each source's file joined, and the library's
/// session ([`Store::open_library`]). Standard input has no file to keep
/// marks in: they last until quitting, which is said.
pub fn open_states(archive: &Archive, origins: &[Origin], dir: &Path) -> Opened {
    let ids = |source: Option<usize>| -> Vec<String> {
        archive
            .articles
            .iter()
            .enumerate()
            .filter(|(i, _)| source.is_none_or(|s| archive.sources.of(*i) == s))
            .map(|(_, a)| a.id.to_string())
            .collect()
    };
    match origins {
        [] => Store::open(dir, &ArchiveKey::Sample, &ids(None)),
        [Origin::File(p)] => Store::open(dir, &ArchiveKey::for_path(p), &ids(None)),
        [Origin::Stdin] => {
            let why = "standard input has no file to keep marks for; they are kept until you quit";
            Opened {
                store: Store::memory(why),
                state: ArchiveState::new("standard input", Vec::new()),
                warnings: vec![why.to_string()],
            }
        }
        many => {
            let sources = many
                .iter()
                .enumerate()
                .map(|(i, o)| crate::state::LibrarySource {
                    label: archive
                        .sources
                        .labels
                        .get(i)
                        .map_or("archive", String::as_str),
                    key: o.path().map(ArchiveKey::for_path),
                    ids: ids(Some(i)),
                })
                .collect();
            Store::open_library(dir, sources)
        }
    }
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

/// The search index of an archive of one file, on its way: read from
/// the cache, or built from every article's text on a thread of its own
/// and then kept in the cache (see [`crate::search_index`]).
pub struct SearchIndexJob {
    rx: std::sync::mpsc::Receiver<crate::search_index::Index>,
}

impl SearchIndexJob {
    /// The index, once it is ready (once).
    pub fn ready(&self) -> Option<Arc<crate::search_index::Index>> {
        self.rx.try_recv().ok().map(Arc::new)
    }
}

/// Starts getting the search index of `archive`, read from the file at
/// `path` as `read` says, when it is big enough for search to read only
/// the articles an index leaves (`folds_when_asked`) and a cache is in use
/// to keep it. The thread reads the index from the cache if it is there
/// for the file as it is now; otherwise it reads every article's text
/// (from the file, for an archive whose details stay there) and keeps the
/// index it built.
pub fn search_index(
    path: &Path,
    read: ReadAs,
    cache: Option<&Cache>,
    archive: &Arc<Archive>,
) -> Option<SearchIndexJob> {
    let size = std::fs::metadata(path).ok()?.len();
    if !folds_when_asked(size) {
        return None;
    }
    let cache = cache?.clone();
    let key = Key::of(path, read)?;
    let archive = Arc::clone(archive);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("lektyr-index".into())
        .spawn(move || {
            let n = archive.articles.len();
            let kept = cache
                .read_search(&key)
                .and_then(|bytes| crate::search_index::Index::from_vec(bytes).ok())
                .filter(|index| index.articles() as usize == n);
            let index = match kept {
                Some(index) => index,
                None => {
                    let mut builder = crate::search_index::IndexBuilder::new();
                    for i in 0..n {
                        // The reader quit: nothing waits for it any more.
                        if Arc::strong_count(&archive) == 1 {
                            return;
                        }
                        builder.add(&crate::search::folded_text(&archive, i));
                    }
                    let index = builder.finish();
                    // A cache that cannot be written costs only the next
                    // open's building it again.
                    let _ = cache.write_search(&key, index.as_bytes());
                    index
                }
            };
            let _ = tx.send(index);
        })
        .ok()?;
    Some(SearchIndexJob { rx })
}
