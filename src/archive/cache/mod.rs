//! The archive cache: a compact binary form of an archive already read, so
//! reopening it needs only what the list shows.
//!
//! One file per archive, named by a hash of its canonical path:
//!
//! ```text
//! detail records | index | header | trailer (28 bytes)
//! ```
//!
//! - The trailer, read first, holds where the header is, its length and
//!   checksum, the cache format version and a magic number.
//! - The header holds the key (lektyr's version and build, the archive's
//!   canonical path, size, modification and change times, inode and
//!   device, and a `--format` given), then where the index is and its
//!   checksum. A key that differs in any part is a miss. The build is a
//!   hash of lektyr's sources made when it is built (`build.rs`), so a
//!   rebuild from other sources of the same version, whose parsing may
//!   differ, never reads what an earlier build wrote: it writes the copy
//!   anew, in the same file.
//! - The index holds the archive's title, format, topics, list order and
//!   problems, and per article its id, title, date, topics, marks and
//!   reading progress, the length and checksum of its detail record, and
//!   the highlights its import carried. Its articles come in chunks that
//!   a reopen decodes on several threads (see `index`).
//! - The detail records (author, series, lede, url, language, related,
//!   body) follow each other from the start; one is read the first time
//!   its article is shown or searched.
//!
//! Every part read is checked against its CRC-32 first, and decoding
//! trusts no byte (see `codec`). A cache that fails anywhere is ignored
//! and written anew.

mod codec;
mod index;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use super::bytes::read_at;
use super::format::{Format, ReadAs};
use super::model::{Archive, Block, Detail, DetailSource, Pointer, Related, Rich};
use super::pieces::{FileDetails, Settled};
use codec::{Dec, Enc};
use index::{Entry, InFile, Slot, Slots};

/// The version of the layout above; a cache of another one is a miss.
const VERSION: u32 = 6;
const MAGIC: &[u8; 8] = b"lektyrC\n";
const TRAILER: u64 = 8 + 4 + 4 + 4 + 8;
/// Headers are small (a path and some numbers); a bigger one is garbled.
const MAX_HEADER: u64 = 1 << 20;
/// The cache's file names end so.
const SUFFIX: &str = ".lkc";
/// A search index kept beside a cache file (of the same name, but for
/// this ending): written once it is built, and gone with its cache file.
const SEARCH_SUFFIX: &str = ".lks";
const SEARCH_MAGIC: &[u8; 8] = b"lektyrS\n";
/// Where `LEKTYR_CACHE_DIR` points, when set, instead of the platform's
/// cache directory.
pub const CACHE_DIR_ENV: &str = "LEKTYR_CACHE_DIR";
/// The default limit on the cache's total size.
pub const DEFAULT_LIMIT: u64 = 1 << 30;

/// This build of lektyr: a hash of the sources it was built from, made
/// by `build.rs`. Two builds of one version parse alike only if their
/// sources are the same, so a cache written by another build is a miss.
const BUILD_ID: u64 = match u64::from_str_radix(env!("LEKTYR_BUILD_ID"), 16) {
    Ok(id) => id,
    Err(_) => panic!("LEKTYR_BUILD_ID is not a hex number"),
};

/// What identifies one state of one archive file, as read by one build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    bytes: Vec<u8>,
    name: String,
    /// The archive, as named, how it is read (the format, pages), and the
    /// build.
    path: PathBuf,
    read: ReadAs,
    /// The build it was made for: [`BUILD_ID`], or another in tests.
    build: u64,
    /// The archive file's size.
    size: u64,
}

impl Key {
    /// The key of the file at `path` as it is now, read as `read` says (or
    /// as its content shows) by this build. `None` for what is not a
    /// plain file (an unpacked Omnivore folder is not cached) or cannot
    /// be looked at.
    pub fn of(path: &Path, read: impl Into<ReadAs>) -> Option<Key> {
        Key::of_build(path, read.into(), BUILD_ID)
    }

    /// [`Key::of`] as the build `build` would make it.
    fn of_build(path: &Path, read: impl Into<ReadAs>, build: u64) -> Option<Key> {
        let read = read.into();
        let format = read.format;
        let canonical = fs::canonicalize(path).ok()?;
        let meta = fs::metadata(&canonical).ok()?;
        if !meta.is_file() {
            return None;
        }
        let mut e = Enc::default();
        e.str(env!("CARGO_PKG_VERSION"));
        e.u64(build);
        let path_bytes = path_bytes(&canonical);
        e.bytes(&path_bytes);
        e.u64(meta.len());
        let (secs, nanos) = since_epoch(meta.modified().ok());
        e.i64(secs);
        e.u32(nanos);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            e.i64(meta.ctime());
            e.i64(meta.ctime_nsec());
            e.u64(meta.ino());
            e.u64(meta.dev());
        }
        e.opt_str(format.map(Format::name));
        e.u8(u8::from(read.pages));
        let mut named = path_bytes;
        named.extend_from_slice(format.map_or("", Format::name).as_bytes());
        if read.pages {
            named.extend_from_slice(b"+pages");
        }
        Some(Key {
            bytes: e.buf,
            name: format!("{:016x}{SUFFIX}", crate::hash::fnv1a(&named)),
            path: path.to_path_buf(),
            read,
            build,
            size: meta.len(),
        })
    }
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().as_bytes().to_vec()
}

fn since_epoch(t: Option<SystemTime>) -> (i64, u32) {
    match t.map(|t| t.duration_since(SystemTime::UNIX_EPOCH)) {
        Some(Ok(d)) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
        ),
        Some(Err(before)) => {
            let d = before.duration();
            (
                -i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            )
        }
        None => (0, 0),
    }
}

/// What looking an archive up in the cache gave.
#[derive(Debug)]
pub enum Lookup {
    /// The archive, its details read on first use.
    Hit(Archive),
    /// No cache of this archive as it is now (none yet, or one of an
    /// earlier state of the file or written by another build of lektyr).
    Miss,
    /// A cache that failed a check; it is written anew.
    Garbled(String),
}

/// Reads an archive file whole, as the loading floor does: how a detail
/// whose record turns out damaged is read from the archive instead. Handed
/// to the cache from above, so that the cache imports nothing of loading.
pub type Reread = fn(&Path, ReadAs) -> Option<Archive>;

/// The cache directory and its size limit.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    limit: u64,
    reread: Option<Reread>,
}

impl Cache {
    /// A cache in `dir`, kept under `limit` bytes in all.
    pub fn new(dir: PathBuf, limit: u64) -> Cache {
        Cache {
            dir,
            limit,
            reread: None,
        }
    }

    /// The cache, reading a detail whose record is damaged from the
    /// archive itself with `reread` (without it, the detail says what
    /// happened).
    pub fn with_reread(mut self, reread: Reread) -> Cache {
        self.reread = Some(reread);
        self
    }

    /// `$LEKTYR_CACHE_DIR`, else the platform's cache directory
    /// (`$XDG_CACHE_HOME/lektyr` on Linux).
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os(CACHE_DIR_ENV).filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(p));
        }
        directories::ProjectDirs::from("", "", "lektyr").map(|d| d.cache_dir().to_path_buf())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file that holds (or would hold) the archive of `key`.
    pub fn file(&self, key: &Key) -> PathBuf {
        self.dir.join(&key.name)
    }

    /// The size of the index a [`Cache::read`] of `key` would read, when
    /// the cache holds the archive of `key` as it is now.
    pub fn index_size(&self, key: &Key) -> Option<u64> {
        let file = File::open(self.file(key)).ok()?;
        locate_index(&file, key)
            .ok()
            .flatten()
            .map(|(_, len, _)| len)
    }

    /// Reads the index of the archive of `key`, checking every byte read.
    pub fn read(&self, key: &Key) -> Lookup {
        let path = self.file(key);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Lookup::Miss,
            Err(e) => return Lookup::Garbled(e.to_string()),
        };
        match read_index(&file, key) {
            Ok(Some((mut archive, slots))) => {
                // Used now: the last to be pruned.
                let _ = file.set_modified(SystemTime::now());
                let (shared, srcs): (Arc<dyn DetailSource>, _) = match slots {
                    Slots::Records(entries) => {
                        let details = Details {
                            file,
                            path,
                            key: key.clone(),
                            reread: self.reread,
                            count: entries.len(),
                            entries,
                        };
                        (Arc::new(details), None)
                    }
                    Slots::Points(mut in_file) => {
                        let srcs = std::mem::take(&mut in_file.srcs);
                        // Most often the articles are the file's, in its
                        // order: then nothing needs holding.
                        let srcs = (!srcs.iter().enumerate().all(|(i, &s)| i == s)).then_some(srcs);
                        let count = archive.articles.len();
                        match in_the_file(key, archive.format, file, count, in_file) {
                            Some(details) => (details, srcs),
                            None => return Lookup::Garbled("its archive cannot be read".into()),
                        }
                    }
                };
                // An article whose detail is in the archive's file is read
                // as its index in the file's array.
                let srcs = srcs.as_deref();
                index::each_article(&mut archive.articles, |i, a| {
                    a.set_source(Arc::clone(&shared), srcs.map_or(i, |s| s[i]));
                });
                Lookup::Hit(archive)
            }
            Ok(None) => Lookup::Miss,
            Err(codec::Bad(why)) => Lookup::Garbled(why.to_string()),
        }
    }

    /// Writes the cache of `archive` (read from the file of `key`): to a
    /// temporary file first, renamed into place when complete, then
    /// trims the cache to its limit, oldest used first. Returns the size
    /// written.
    /// `series` gives, per article, where its title's own part starts (as
    /// the list cuts it), kept so a reopen need not work it out.
    pub fn write(&self, key: &Key, archive: &Archive, series: &[u32]) -> io::Result<u64> {
        self.write_unless(key, archive, series, &AtomicBool::new(false))
    }

    /// Whether a cache of `archive` (read from the file of `key`) may fit
    /// the limit, told without any work: one that points into the file is
    /// small; one of copies takes about what the file does.
    pub fn may_fit(&self, key: &Key, archive: &Archive) -> bool {
        let points = archive
            .articles
            .first()
            .is_some_and(|a| a.pointer().is_some());
        points || key.size <= self.limit
    }

    /// Like [`Cache::write`], but gives up as soon as `stop` is set (the
    /// reader is quitting), leaving no temporary file behind.
    pub fn write_unless(
        &self,
        key: &Key,
        archive: &Archive,
        series: &[u32],
        stop: &AtomicBool,
    ) -> io::Result<u64> {
        fs::create_dir_all(&self.dir)?;
        let path = self.file(key);
        let tmp = self
            .dir
            .join(format!(".{}.{}.tmp", key.name, std::process::id()));
        let written =
            File::create(&tmp).and_then(|f| write_to(f, key, archive, series, self.limit, stop));
        match written {
            Ok(size) => {
                fs::rename(&tmp, &path).inspect_err(|_| {
                    let _ = fs::remove_file(&tmp);
                })?;
                self.prune(&path);
                Ok(size)
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// Removes the oldest used cache files until the rest fit the limit
    /// (`keep` goes last), and temporary files left by a writer that
    /// stopped more than an hour ago.
    fn prune(&self, keep: &Path) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        let mut files: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(meta) = entry.metadata() else { continue };
            let modified = meta.modified().unwrap_or(now);
            if name.ends_with(".tmp") && name.starts_with('.') {
                let age = now.duration_since(modified).unwrap_or_default();
                if age > Duration::from_secs(3600) {
                    let _ = fs::remove_file(&path);
                }
            } else if (name.ends_with(SUFFIX) || name.ends_with(SEARCH_SUFFIX)) && meta.is_file() {
                // The file just written sorts as the newest.
                let used = if path == keep || path == keep.with_extension(&SEARCH_SUFFIX[1..]) {
                    now + Duration::from_secs(1)
                } else {
                    modified
                };
                files.push((used, meta.len(), path));
            }
        }
        files.sort();
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        for (_, size, path) in &files {
            if total <= self.limit {
                break;
            }
            if fs::remove_file(path).is_ok() {
                total -= size;
                // A cache file's search index goes with it.
                let index = path.with_extension(&SEARCH_SUFFIX[1..]);
                if path.extension() != index.extension()
                    && let Some((_, size, _)) = files.iter().find(|f| f.2 == index)
                    && fs::remove_file(&index).is_ok()
                {
                    total = total.saturating_sub(*size);
                }
            }
        }
    }

    /// The file that holds (or would hold) the search index of `key`'s
    /// archive.
    pub fn search_file(&self, key: &Key) -> PathBuf {
        self.file(key).with_extension(&SEARCH_SUFFIX[1..])
    }

    /// Keeps `index`, the search index of the archive of `key` (its bytes
    /// carry their own checksum), beside its cache file; the cache is then
    /// trimmed to its limit. Written to a temporary file first.
    pub fn write_search(&self, key: &Key, index: &[u8]) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let path = self.search_file(key);
        let tmp = self
            .dir
            .join(format!(".{}.search.{}.tmp", key.name, std::process::id()));
        let written = File::create(&tmp).and_then(|f| {
            let mut w = BufWriter::new(f);
            w.write_all(SEARCH_MAGIC)?;
            w.write_all(&VERSION.to_le_bytes())?;
            w.write_all(&(key.bytes.len() as u64).to_le_bytes())?;
            w.write_all(&key.bytes)?;
            w.write_all(index)?;
            w.into_inner().map_err(|e| e.into_error())?.sync_all()
        });
        match written.and_then(|()| fs::rename(&tmp, &path)) {
            Ok(()) => {
                self.prune(&self.file(key));
                Ok(())
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// The search index kept for the archive of `key` as it is now, as
    /// written (the caller checks its bytes); `None` when there is none,
    /// or it was made for another state of the file or another build.
    pub fn read_search(&self, key: &Key) -> Option<Vec<u8>> {
        let mut bytes = fs::read(self.search_file(key)).ok()?;
        let mut d = Dec::new(&bytes);
        let head = 8 + 4 + 8 + key.bytes.len();
        let magic = d.u64().ok()?.to_le_bytes();
        let version = d.u32().ok()?;
        let len = d.u64().ok()?;
        if magic != *SEARCH_MAGIC
            || version != VERSION
            || len != key.bytes.len() as u64
            || bytes.get(20..head)? != key.bytes.as_slice()
        {
            return None;
        }
        bytes.drain(..head);
        Some(bytes)
    }

    /// Removes every cache file; returns how many and their total size.
    pub fn clear(&self) -> io::Result<(usize, u64)> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((0, 0)),
            Err(e) => return Err(e),
        };
        let (mut count, mut bytes) = (0, 0);
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(SUFFIX)
                || name.ends_with(SEARCH_SUFFIX)
                || (name.starts_with('.') && name.ends_with(".tmp"))
            {
                let size = entry.metadata().map_or(0, |m| m.len());
                fs::remove_file(entry.path())?;
                count += 1;
                bytes += size;
            }
        }
        Ok((count, bytes))
    }
}

/// The details of a cache (in `file`, of `count` articles) that points
/// into the archive's file: read from there by the format's reader of
/// pieces, with their related entries as settled from the cache's records.
/// `None` when the format is not read so or the file cannot be opened.
fn in_the_file(
    key: &Key,
    format: Format,
    file: File,
    count: usize,
    in_file: InFile,
) -> Option<Arc<dyn DetailSource>> {
    let reader = super::formats::pieces(format)?;
    let InFile {
        places,
        mut related,
        ..
    } = in_file;
    related.sort_unstable_by_key(|r| r.0);
    let settled = Box::new(CachedRelated {
        file,
        count,
        related,
    });
    let details = FileDetails::reopen(&key.path, reader.piece, key.size, places, settled)?;
    Some(Arc::new(details))
}

/// Settled related entries read from the cache's records when an article
/// is shown: a million articles' entries are not held all the while.
#[derive(Debug)]
struct CachedRelated {
    file: File,
    count: usize,
    /// By index in the archive's array: offset, length and checksum.
    related: Vec<(usize, u64, u32, u32)>,
}

impl Settled for CachedRelated {
    fn get(&self, src: usize) -> Option<Vec<Related>> {
        let k = self.related.binary_search_by_key(&src, |r| r.0).ok()?;
        let (_, at, len, crc) = self.related[k];
        let bytes = read_at(&self.file, at, u64::from(len)).ok()?;
        // A damaged record: the entries as the article writes them.
        if crc32fast::hash(&bytes) != crc {
            return None;
        }
        codec::decode_related(&bytes, self.count).ok()
    }

    fn set(&self, _src: usize, _related: Vec<Related>) {}
}

/// The index of the cache in `file`, if it is of `key`'s archive.
fn read_index(file: &File, key: &Key) -> codec::Result<Option<(Archive, Slots)>> {
    let Some((index_at, index_len, index_crc)) = locate_index(file, key)? else {
        return Ok(None);
    };
    crate::memory::dense(index_len, || {
        index::read_index(file, index_at, index_len, index_crc, key.size)
    })
    .map(Some)
}

/// Where the index of the cache in `file` is, its length and checksum, if
/// it is of `key`'s archive (its trailer and header are read and checked).
fn locate_index(file: &File, key: &Key) -> codec::Result<Option<(u64, u64, u32)>> {
    let io = |_| codec::Bad("unreadable");
    let len = file.metadata().map_err(io)?.len();
    if len < TRAILER {
        return Err(codec::Bad("cut short"));
    }
    let trailer = read_at(file, len - TRAILER, TRAILER).map_err(io)?;
    let mut t = Dec::new(&trailer);
    let (header_at, header_len, header_crc) = (t.u64()?, t.u32()?, t.u32()?);
    let version = t.u32()?;
    if t.u64()?.to_le_bytes() != *MAGIC {
        return Err(codec::Bad("not a lektyr cache"));
    }
    if version != VERSION {
        return Ok(None);
    }
    let header_len = u64::from(header_len);
    if header_len > MAX_HEADER || header_at.checked_add(header_len) != Some(len - TRAILER) {
        return Err(codec::Bad("header out of place"));
    }
    let header = read_at(file, header_at, header_len).map_err(io)?;
    if crc32fast::hash(&header) != header_crc {
        return Err(codec::Bad("header checksum"));
    }
    let mut h = Dec::new(&header);
    if h.bytes()? != key.bytes.as_slice() {
        // Another state of the file, or another build of lektyr.
        return Ok(None);
    }
    let (index_at, index_len, index_crc) = (h.u64()?, h.u64()?, h.u32()?);
    if !h.is_done() || index_at.checked_add(index_len) != Some(header_at) {
        return Err(codec::Bad("index out of place"));
    }
    Ok(Some((index_at, index_len, index_crc)))
}

fn write_to(
    file: File,
    key: &Key,
    archive: &Archive,
    series: &[u32],
    limit: u64,
    stop: &AtomicBool,
) -> io::Result<u64> {
    let too_big = || io::Error::other("the archive's cache would exceed the cache's size limit");
    let mut w = BufWriter::with_capacity(1 << 16, file);
    let mut e = Enc::default();
    let mut details = Vec::with_capacity(archive.articles.len());
    let mut at = 0u64;
    // Every detail in the archive's own file: the cache points there and
    // copies nothing.
    let pointers: Option<Vec<Pointer>> = archive.articles.iter().map(|a| a.pointer()).collect();
    match pointers.filter(|p| !p.is_empty()) {
        Some(pointers) => {
            // Only the related entries as settled are kept, as records:
            // the rest of each detail is read from the archive.
            for (a, mut p) in archive.articles.iter().zip(pointers) {
                let related = match p.related.take() {
                    Some(list) => {
                        e.buf.clear();
                        codec::encode_related(&list, &mut e);
                        let len = e.buf.len() as u64;
                        w.write_all(&e.buf)?;
                        at += len;
                        Some((len, crc32fast::hash(&e.buf)))
                    }
                    None => None,
                };
                details.push((Slot::Points(p, related), a.pullquote_known()));
            }
            if at > limit {
                return Err(too_big());
            }
        }
        None => {
            // Copies of the details take about what the archive does: one
            // bigger than the limit is not begun, since reading every
            // detail is the cost, not writing it.
            if key.size > limit {
                return Err(too_big());
            }
            for a in &archive.articles {
                if stop.load(Ordering::Relaxed) {
                    return Err(io::Error::other("stopped before it was complete"));
                }
                e.buf.clear();
                // Read and let go: a detail read from elsewhere is not kept.
                a.peek_detail(|d| codec::encode_detail(d, &mut e));
                let len = e.buf.len() as u64;
                if len > u64::from(u32::MAX) || at + len > limit {
                    return Err(too_big());
                }
                w.write_all(&e.buf)?;
                let crc = crc32fast::hash(&e.buf);
                details.push((Slot::Record { len, crc }, a.pullquote_known()));
                at += len;
            }
        }
    }
    let index = index::encode_index(archive, &details, series);
    if at + index.len() as u64 > limit {
        return Err(too_big());
    }
    let (index_at, index_len, index_crc) = (at, index.len() as u64, crc32fast::hash(&index));
    w.write_all(&index)?;
    let mut h = Enc::default();
    h.bytes(&key.bytes);
    h.u64(index_at);
    h.u64(index_len);
    h.u32(index_crc);
    let header_at = index_at + index_len;
    w.write_all(&h.buf)?;
    let mut t = Enc::default();
    t.u64(header_at);
    t.u32(u32::try_from(h.buf.len()).map_err(|_| too_big())?);
    t.u32(crc32fast::hash(&h.buf));
    t.u32(VERSION);
    t.buf.extend_from_slice(MAGIC);
    w.write_all(&t.buf)?;
    let total = header_at + h.buf.len() as u64 + TRAILER;
    if total > limit {
        return Err(too_big());
    }
    w.into_inner().map_err(|e| e.into_error())?.flush()?;
    Ok(total)
}

/// The detail records of a cached archive, read on demand from the file
/// opened when the index was read (a cache replaced meanwhile does not
/// change what this handle reads).
#[derive(Debug)]
struct Details {
    file: File,
    path: PathBuf,
    /// The archive the cache was made from, to read a detail from when
    /// its record fails its check.
    key: Key,
    reread: Option<Reread>,
    count: usize,
    entries: Vec<Entry>,
}

impl Details {
    /// Article `index`'s detail read from the archive's file, if the file
    /// is still the one cached (same key: then its articles are the same,
    /// in the same order).
    fn read_archive(&self, index: usize) -> Option<Detail> {
        let now = Key::of_build(&self.key.path, self.key.read, self.key.build);
        if now.as_ref() != Some(&self.key) {
            return None;
        }
        let mut archive = (self.reread?)(&self.key.path, self.key.read)?;
        let article = archive.articles.get_mut(index)?;
        Some(std::mem::take(article.detail_mut()))
    }

    fn try_read(&self, index: usize) -> codec::Result<Detail> {
        let entry = self
            .entries
            .get(index)
            .ok_or(codec::Bad("no such record"))?;
        let bytes = read_at(&self.file, entry.offset, u64::from(entry.len))
            .map_err(|_| codec::Bad("record cut short"))?;
        if crc32fast::hash(&bytes) != entry.crc {
            return Err(codec::Bad("record checksum"));
        }
        codec::decode_detail(&bytes, self.count)
    }
}

impl DetailSource for Details {
    fn read(&self, index: usize) -> Detail {
        self.try_read(index).unwrap_or_else(|codec::Bad(why)| {
            // The cache was damaged after it was written: it goes (the
            // next open writes it anew), and the detail comes from the
            // archive itself if that is still the file cached.
            let _ = fs::remove_file(&self.path);
            self.read_archive(index).unwrap_or_else(|| Detail {
                body: vec![Block::Paragraph(Rich::plain(format!(
                    "This article's text could not be read from lektyr's cache ({why}), \
                     and its archive has changed since. Open the archive again."
                )))]
                .into(),
                ..Detail::default()
            })
        })
    }

    fn has_pullquote(&self, index: usize) -> Option<bool> {
        self.entries.get(index)?.pullquote
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_builds_never_share_a_cached_copy() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.json");
        let text = r#"{"version":1,"articles":[{"id":"a","title":"Alpha","body":["Text"]}]}"#;
        fs::write(&path, text).expect("archive written");
        let archive = crate::archive::load_path_as(&path, None).expect("loads");
        let cache = Cache::new(dir.path().join("cache"), DEFAULT_LIMIT);
        let a = Key::of_build(&path, None, 0xa).expect("a key");
        let b = Key::of_build(&path, None, 0xb).expect("a key");
        let hit = |key: &Key| matches!(cache.read(key), Lookup::Hit(_));

        cache.write(&a, &archive, &[]).expect("written by A");
        assert!(hit(&a), "A reads its own copy");
        assert!(
            matches!(cache.read(&b), Lookup::Miss),
            "B does not read A's copy"
        );

        // B writes its own in its place: A's is gone, not kept beside it.
        cache.write(&b, &archive, &[]).expect("written by B");
        assert!(hit(&b), "B reads its own copy");
        assert!(matches!(cache.read(&a), Lookup::Miss), "A's copy is gone");
        let files = fs::read_dir(cache.dir()).expect("cache dir").count();
        assert_eq!(files, 1, "one copy per archive");

        // This build's key is the one from build.rs.
        assert_eq!(Key::of(&path, None), Key::of_build(&path, None, BUILD_ID));
    }

    #[test]
    fn highlights_and_progress_come_back_from_the_cache() {
        use crate::archive::{Highlight, Origin, Pos, Stretch};
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.json");
        let text = r#"{"version":1,"articles":[{"id":"a","title":"Alpha","body":["Text"]},
            {"id":"b","title":"Beta","body":["More"]}]}"#;
        fs::write(&path, text).expect("archive written");
        let mut archive = crate::archive::load_path_as(&path, None).expect("loads");
        let found = Highlight {
            id: "wallabag-7".into(),
            quote: "Text".into(),
            prefix: "före".into(),
            suffix: "efter\nrad".into(),
            note: Some("En anteckning.\n\nTvå stycken.".into()),
            created: 1_600_000_000_123,
            updated: 1_600_000_100_456,
            deleted: false,
            at: Some(Stretch {
                from: Pos::new(0, 0),
                to: Pos::new(0, 4),
            }),
            origin: Origin::Wallabag,
        };
        let lost = Highlight {
            id: "omnivore-x".into(),
            quote: "nowhere".into(),
            deleted: true,
            origin: Origin::Omnivore,
            ..Highlight::default()
        };
        archive.articles[1].highlights = vec![found, lost].into();
        archive.articles[1].seed.progress = Some(63);
        archive.articles[0].seed.progress = Some(0);
        let cache = Cache::new(dir.path().join("cache"), DEFAULT_LIMIT);
        let key = Key::of(&path, None).expect("a key");
        cache.write(&key, &archive, &[]).expect("written");
        let Lookup::Hit(back) = cache.read(&key) else {
            panic!("the cache is read back");
        };
        assert!(back.articles[0].highlights.is_empty());
        assert_eq!(back.articles[1].highlights, archive.articles[1].highlights);
        assert_eq!(back.articles[1].seed.progress, Some(63));
        assert_eq!(back.articles[0].seed.progress, Some(0));
    }
}
