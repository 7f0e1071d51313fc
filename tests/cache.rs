//! The archive cache: what comes back from it is what the file gives, for
//! every format and the hostile fixtures; a changed archive is never
//! answered from an old cache; a damaged cache is never believed; and a
//! cache that cannot be written costs nothing but a warning.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use lektyr::archive::cache::{Cache, Key, Lookup};
use lektyr::archive::{Archive, Article, Block, Detail, DetailSource, Format};
use lektyr::open::load;

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in ["formats", "hostile", "cli", "links"] {
        for entry in fs::read_dir(root.join(dir)).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                out.push(path);
            }
        }
    }
    for name in ["full.json", "problems.json", "bare.json", "latin1.json"] {
        out.push(root.join(name));
    }
    out.sort();
    out
}

/// Everything the reader, `show`, `check` and search read of an article.
fn article_view(a: &Article) -> String {
    let d = a.detail();
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
        a.id,
        a.title,
        a.date,
        a.topics,
        a.seed,
        a.fetch_failed,
        d.author,
        d.series,
        d.summary.get(),
        d.url,
        d.language,
        d.related,
        d.body.blocks(),
        a.has_pullquote(),
    )
}

fn assert_same(from_file: &Archive, from_cache: &Archive, what: &str) {
    common::assert_same_list(from_file, from_cache, what);
    // The list's series cuts come with the cache, as worked out from the file.
    if let Some(cuts) = &from_cache.series {
        assert_eq!(
            cuts,
            &lektyr::app::titles::archive_series(from_file),
            "{what}: series"
        );
    }
    for (a, b) in from_file.articles.iter().zip(&from_cache.articles) {
        // The list's pull-quote mark is known before the detail is read.
        assert_eq!(a.has_pullquote(), b.has_pullquote(), "{what}: {}", a.id);
        assert_eq!(article_view(a), article_view(b), "{what}: {}", a.id);
    }
}

/// Loads `path` through `cache`: (what the file gives, what the cache
/// gives), after checking the cache was written and is read back.
fn round_trip(path: &Path, cache: &Cache) -> (Archive, Archive) {
    let mut first = load(Some(path), None, Some(cache)).expect("loads");
    let write = first.cache.take().expect("a cache to write");
    write.write(&first.archive).expect("cache written");
    let second = load(Some(path), None, Some(cache)).expect("loads again");
    assert!(
        second.cache.is_none(),
        "{}: read from the cache",
        path.display()
    );
    let fresh = load(Some(path), None, None).expect("loads without cache");
    (
        std::sync::Arc::try_unwrap(fresh.archive).expect("one owner"),
        std::sync::Arc::try_unwrap(second.archive).expect("one owner"),
    )
}

fn cache_in(dir: &Path) -> Cache {
    Cache::new(dir.join("cache"), 1 << 30).with_reread(lektyr::open::reread)
}

#[test]
fn every_fixture_and_the_sample_read_back_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = cache_in(dir.path());
    let sample = dir.path().join("sample.json");
    fs::write(&sample, lektyr::open::SAMPLE).expect("sample written");
    let mut paths = fixtures();
    paths.push(sample);
    let mut hit = 0;
    for path in &paths {
        // Fixtures that are not archives have nothing to cache.
        if load(Some(path), None, None).is_err() {
            continue;
        }
        let (file, cached) = round_trip(path, &cache);
        assert!(cached.series.is_some(), "{}", path.display());
        assert_same(&file, &cached, &path.display().to_string());
        hit += 1;
    }
    assert!(hit >= 20, "only {hit} fixtures were archives");
}

// The generator's `main` is not used here (its own tests run elsewhere).
#[path = "../examples/gen_archive.rs"]
#[allow(dead_code, unused_imports)]
mod generator;

#[test]
fn a_big_file_read_in_pieces_reads_back_the_same_from_the_cache() {
    // Past 8 MB, articles keep only what the list shows and their detail
    // is read again from the file, so the cache is written from the file's
    // text a second time: authors, ledes, related links settled to their
    // targets, bodies and pull-quote marks must all come back as reading
    // the file whole gives them.
    let text = generator::archive_text(generator::Shape::V1Large, 3000);
    assert!(text.len() > 8 << 20, "{} bytes", text.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.json");
    fs::write(&path, &text).expect("archive written");
    let cache = cache_in(dir.path());
    let (file, cached) = round_trip(&path, &cache);
    let whole = lektyr::archive::load_str("big.json", &text).expect("loads whole");
    assert!(file.articles.iter().all(|a| a.detail_if_ready().is_none()));
    assert!(
        whole
            .articles
            .iter()
            .any(|a| !a.detail().related.is_empty())
    );
    assert_same(&whole, &cached, "big.json");
}

#[test]
fn nothing_from_the_cache_carries_a_control_character() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = cache_in(dir.path());
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/every-trick.json");
    let (_, cached) = round_trip(&path, &cache);
    let text = cached
        .articles
        .iter()
        .map(article_view)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!text.is_empty());
    // Debug output escapes controls as \u{..}: none may be there.
    assert!(!text.contains("\\u{1b}"), "{text}");
    assert!(!text.contains("\\u{9b}"), "{text}");
}

/// A small archive of `n` articles whose titles say `word`.
fn archive_text(word: &str, n: usize) -> String {
    let articles: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id":"a{i}","title":"{word} {i}","date":"2024-01-{:02}","topics":["T{}"],"body":["Text {word} {i}, with a pull quote below.",{{"type":"pullquote","text":"Said {word}"}}]}}"#,
                i % 28 + 1,
                i % 3
            )
        })
        .collect();
    format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(","))
}

#[test]
fn an_edit_that_keeps_the_size_and_the_mtime_is_still_seen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = cache_in(dir.path());
    let path = dir.path().join("a.json");
    fs::write(&path, archive_text("alpha", 5)).expect("written");
    let mtime = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let (_, cached) = round_trip(&path, &cache);
    assert_eq!(cached.articles[0].title, "alpha 0");

    // Same length, other words, and the modification time put back.
    std::thread::sleep(Duration::from_millis(20));
    fs::write(&path, archive_text("omega", 5)).expect("rewritten");
    fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(mtime))
        .expect("mtime put back");
    assert_eq!(
        fs::metadata(&path).and_then(|m| m.modified()).ok(),
        Some(mtime)
    );
    let loaded = load(Some(&path), None, Some(&cache)).expect("loads");
    assert!(loaded.cache.is_some(), "read from the file, not the cache");
    assert_eq!(loaded.archive.articles[0].title, "omega 0");
    assert_eq!(
        loaded.archive.articles[0].detail().body.blocks()[0],
        Block::Paragraph(lektyr::archive::Rich::plain(
            "Text omega 0, with a pull quote below."
        ))
    );
}

/// The one cache file in `dir`.
fn cache_file(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("cache dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "lkc"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

/// Loads `path` through a cache whose file has been damaged by `damage`
/// and checks the archive is what the file gives.
fn after_damage(path: &Path, cache: &Cache, damage: impl Fn(&mut Vec<u8>)) {
    let file = cache_file(cache.dir());
    let mut bytes = fs::read(&file).expect("cache read");
    damage(&mut bytes);
    fs::write(&file, &bytes).expect("cache damaged");
    let fresh = load(Some(path), None, None).expect("loads");
    let loaded = load(Some(path), None, Some(cache)).expect("loads");
    assert_same(&fresh.archive, &loaded.archive, "after damage");
}

#[test]
fn truncated_garbled_and_other_version_caches_are_never_believed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = cache_in(dir.path());
    let path = dir.path().join("a.json");
    fs::write(&path, archive_text("delta", 40)).expect("written");
    round_trip(&path, &cache);
    let len = fs::read(cache_file(cache.dir())).expect("cache").len();

    let rewrite = |mut loaded: lektyr::open::Loaded| {
        if let Some(w) = loaded.cache.take() {
            w.write(&loaded.archive).expect("rewritten");
        }
    };
    // Cut short at many places, from nothing to one byte short.
    for keep in [0, 1, 27, len / 3, len / 2, len - 29, len - 1] {
        after_damage(&path, &cache, |b| b.truncate(keep));
        rewrite(load(Some(&path), None, Some(&cache)).expect("loads"));
    }
    // One random byte changed, in every part of the file in turn: the
    // detail records, the index, the header and the trailer.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for step in 0..120 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let at = (step * len / 120 + (seed as usize % 7)).min(len - 1);
        let flip = (seed >> 8) as u8 | 1;
        after_damage(&path, &cache, |b| b[at] ^= flip);
        rewrite(load(Some(&path), None, Some(&cache)).expect("loads"));
    }
    // Random bytes for a whole cache.
    after_damage(&path, &cache, |b| {
        for (i, x) in b.iter_mut().enumerate() {
            *x = (i as u64).wrapping_mul(seed) as u8 ^ (i >> 3) as u8;
        }
    });
    rewrite(load(Some(&path), None, Some(&cache)).expect("loads"));
    // Another version of the layout: a miss, read from the file and
    // written anew.
    let file = cache_file(cache.dir());
    let mut bytes = fs::read(&file).expect("cache");
    let version_at = bytes.len() - 12;
    bytes[version_at] = bytes[version_at].wrapping_add(1);
    fs::write(&file, &bytes).expect("written");
    let loaded = load(Some(&path), None, Some(&cache)).expect("loads");
    assert!(loaded.cache.is_some(), "another version is a miss");
}

#[test]
fn a_record_damaged_after_opening_is_read_from_the_archive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = cache_in(dir.path());
    let path = dir.path().join("a.json");
    fs::write(&path, archive_text("gamma", 10)).expect("written");
    round_trip(&path, &cache);
    let loaded = load(Some(&path), None, Some(&cache)).expect("from the cache");
    assert!(loaded.cache.is_none());
    // The first record's bytes change after the index was read.
    let file = cache_file(cache.dir());
    let mut bytes = fs::read(&file).expect("cache");
    bytes[3] ^= 0x40;
    fs::write(&file, &bytes).expect("damaged");
    let d = loaded.archive.articles[0].detail();
    assert_eq!(
        d.body.blocks()[0],
        Block::Paragraph(lektyr::archive::Rich::plain(
            "Text gamma 0, with a pull quote below."
        ))
    );
    assert!(!file.exists(), "the damaged cache is removed");
}

#[test]
fn the_cache_stays_under_its_limit_oldest_used_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths: Vec<PathBuf> = (0..3)
        .map(|i| {
            let p = dir.path().join(format!("{i}.json"));
            fs::write(&p, archive_text(&format!("w{i}"), 30)).expect("written");
            p
        })
        .collect();
    let roomy = cache_in(dir.path());
    round_trip(&paths[0], &roomy);
    let one = fs::read(cache_file(roomy.dir())).expect("cache").len() as u64;
    // Room for two caches of this size, not three.
    let cache = Cache::new(roomy.dir().to_path_buf(), one * 2 + one / 2);
    let file0 = cache_file(cache.dir());
    // The first was used long ago; the second is written now.
    fs::File::options()
        .write(true)
        .open(&file0)
        .and_then(|f| f.set_modified(SystemTime::now() - Duration::from_secs(3600)))
        .expect("aged");
    round_trip(&paths[1], &cache);
    round_trip(&paths[2], &cache);
    let left: Vec<PathBuf> = fs::read_dir(cache.dir())
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(!file0.exists(), "the oldest used went first");
    // An archive too big for the limit is not cached at all.
    let tiny = Cache::new(dir.path().join("tiny"), 64);
    let mut loaded = load(Some(&paths[0]), None, Some(&tiny)).expect("loads");
    let err = loaded.cache.take().expect("a write").write(&loaded.archive);
    assert!(err.is_err());
    assert_eq!(fs::read_dir(tiny.dir()).map(|d| d.count()).unwrap_or(0), 0);
}

#[test]
fn commands_use_the_cache_and_say_once_when_it_cannot_be_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.json");
    fs::write(&path, archive_text("beta", 12)).expect("written");
    let cache_dir = dir.path().join("cache");
    let run = |args: &[&str], cache: &Path| {
        let out = common::lektyr()
            .env("LEKTYR_CACHE_DIR", cache)
            .args(args)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{out:?}");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let p = path.to_str().expect("utf-8 path");
    for args in [
        vec!["list", p],
        vec!["topics", p],
        vec!["show", p, "a3"],
        vec!["check", p],
        vec!["convert", p],
        vec!["snapshot", p, "--keys", "jj<Enter>"],
    ] {
        let _ = fs::remove_dir_all(&cache_dir);
        let (first, _) = run(&args, &cache_dir);
        assert_eq!(
            fs::read_dir(&cache_dir).map(|d| d.count()).ok(),
            Some(1),
            "{args:?} writes it"
        );
        let (second, _) = run(&args, &cache_dir);
        assert_eq!(first, second, "{args:?}");
        let mut no_cache = args.clone();
        no_cache.push("--no-cache");
        let (third, _) = run(&no_cache, &dir.path().join("unused"));
        assert_eq!(first, third, "{args:?}");
        assert!(
            !dir.path().join("unused").exists(),
            "--no-cache writes nothing"
        );
    }
    // LEKTYR_NO_CACHE=1 does what --no-cache does.
    let unused = dir.path().join("unused-env");
    let out = common::lektyr()
        .env("LEKTYR_CACHE_DIR", &unused)
        .env("LEKTYR_NO_CACHE", "1")
        .args(["list", p])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(!unused.exists());

    // A cache directory that cannot be made: the command works and warns once.
    let blocker = dir.path().join("file");
    fs::write(&blocker, "not a directory").expect("written");
    let (out, err) = run(&["list", p], &blocker.join("cache"));
    assert!(out.contains("beta 3"), "{out}");
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(err.contains("archive cache was not written"), "{err}");

    // `cache path` and `cache clear`.
    let (printed, _) = run(&["cache", "path"], &cache_dir);
    assert_eq!(printed.trim(), cache_dir.display().to_string());
    let (cleared, _) = run(&["cache", "clear"], &cache_dir);
    assert!(
        cleared.starts_with("removed 1 cached archive "),
        "{cleared}"
    );
    assert_eq!(fs::read_dir(&cache_dir).map(|d| d.count()).ok(), Some(0));
}

#[test]
fn a_write_stopped_by_quitting_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().join("a.json");
    fs::write(&archive, archive_text("quit", 200)).expect("archive written");
    let cache = cache_in(dir.path());
    let loaded = load(Some(&archive), None, None).expect("loads");
    let key = lektyr::archive::cache::Key::of(&archive, None).expect("a key");
    let stop = std::sync::atomic::AtomicBool::new(true);
    let stopped = cache.write_unless(&key, &loaded.archive, &[], &stop);
    assert!(stopped.is_err(), "a stopped write says it was not written");
    let left: Vec<_> = fs::read_dir(cache.dir())
        .expect("the cache directory")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(left.is_empty(), "nothing left behind: {left:?}");
    // Not stopped, the same write makes the cache the next open reads.
    let go = std::sync::atomic::AtomicBool::new(false);
    cache
        .write_unless(&key, &loaded.archive, &[], &go)
        .expect("written");
    let again = load(Some(&archive), None, Some(&cache)).expect("loads again");
    assert!(again.cache.is_none(), "read from the cache");
}

#[cfg(unix)]
#[test]
fn the_tests_commands_have_a_cache_of_this_run_and_read_it_back() {
    use std::os::unix::fs::MetadataExt;
    // No other test here runs a command on this binary's own cache dir:
    // it is as the run found it, emptied.
    let cache_dir = common::test_cache_dir();
    assert!(cache_dir.starts_with(env!("CARGO_TARGET_TMPDIR")));
    assert!(!cache_dir.exists(), "emptied at its first use");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.json");
    fs::write(&path, archive_text("kappa", 4)).expect("written");
    let list = || {
        let out = common::lektyr()
            .args(["list", path.to_str().expect("utf-8 path")])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{out:?}");
        let file = cache_file(&cache_dir);
        (out.stdout, fs::metadata(&file).expect("cache file").ino())
    };
    let (first, written) = list();
    let (second, read) = list();
    assert_eq!(first, second);
    // A cache written again is a new file renamed into place.
    assert_eq!(written, read, "the second run read the cache, not the file");
}

/// The archive at `path` read in pieces (details left in the file) and
/// written to `cache`: the cache's file.
fn cached_in_pieces(path: &Path, format: Format, cache: &Cache) -> (Archive, PathBuf) {
    let archive = lektyr::archive::load_path_in_pieces(path, format).expect("read in pieces");
    assert!(
        archive.articles.iter().all(|a| a.pointer().is_some()),
        "{}: every detail is left in the file",
        path.display()
    );
    let key = Key::of(path, format).expect("a key");
    let series = lektyr::app::titles::archive_series(&archive);
    cache.write(&key, &archive, &series).expect("written");
    (archive, cache.file(&key))
}

/// What `cache` gives for the file at `path` read as `format`.
fn from_cache(path: &Path, format: Format, cache: &Cache) -> Archive {
    match cache.read(&Key::of(path, format).expect("a key")) {
        Lookup::Hit(archive) => archive,
        other => panic!("{}: {other:?}", path.display()),
    }
}

#[test]
fn every_fixture_read_in_pieces_reads_back_the_same_from_a_cache_that_points() {
    // A file read in pieces leaves its details in the file, and its cache
    // keeps where they are instead of a copy: what comes back must be what
    // reading the file whole gives, for every fixture of the formats read
    // so, the sample and a generated archive with every kind of block.
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = cache_in(dir.path());
    let sample = dir.path().join("sample.json");
    fs::write(&sample, lektyr::open::SAMPLE).expect("sample written");
    let generated = dir.path().join("generated.json");
    fs::write(
        &generated,
        generator::archive_text(generator::Shape::V1Large, 300),
    )
    .expect("generated");
    let mut paths = fixtures();
    paths.extend([sample, generated]);
    let mut seen = Vec::new();
    for path in &paths {
        let Ok(whole) = lektyr::archive::load_path(path) else {
            continue;
        };
        if !matches!(whole.format, Format::V1 | Format::WordPress) || whole.articles.is_empty() {
            continue;
        }
        // A file the pieces reader leaves to the careful way (a byte-order
        // mark, a syntax error) is never cached as pointers.
        if lektyr::archive::load_path_in_pieces(path, whole.format).is_none() {
            continue;
        }
        cached_in_pieces(path, whole.format, &cache);
        let cached = from_cache(path, whole.format, &cache);
        assert_same(&whole, &cached, &path.display().to_string());
        seen.push(whole.format);
    }
    assert!(
        seen.iter().filter(|f| **f == Format::V1).count() >= 5,
        "{seen:?}"
    );
    assert!(seen.contains(&Format::WordPress), "{seen:?}");
}

#[test]
fn a_cache_that_points_holds_no_body_and_is_a_small_part_of_the_archive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = cache_in(dir.path());
    let text = generator::archive_text(generator::Shape::V1Large, 2000);
    let path = dir.path().join("big.json");
    fs::write(&path, &text).expect("written");
    let (archive, file) = cached_in_pieces(&path, Format::V1, &cache);
    let bytes = fs::read(&file).expect("the cache");
    // A generated archive of 3 KB articles: its list, places and settled
    // related entries come to about 5% of it.
    assert!(
        bytes.len() * 10 < text.len(),
        "{} of {} bytes",
        bytes.len(),
        text.len()
    );
    // No paragraph of any body is in it.
    let mut paragraphs = 0;
    for a in archive.articles.iter().take(50) {
        for b in a.detail().body.blocks() {
            if let Block::Paragraph(r) = b {
                let plain = r.to_plain();
                if plain.len() > 40 {
                    paragraphs += 1;
                    assert!(
                        !bytes.windows(40).any(|w| w == &plain.as_bytes()[..40]),
                        "{plain}"
                    );
                }
            }
        }
    }
    assert!(paragraphs > 50, "{paragraphs}");
}

/// Changes `from` to `to` (of the same length) in the file at `path` in
/// place, and puts its modification time back.
fn edit_in_place(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let mtime = fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let text = fs::read_to_string(path).expect("the archive");
    let at = text.find(from).expect("the text to change");
    let mut bytes = text.into_bytes();
    bytes[at..at + to.len()].copy_from_slice(to.as_bytes());
    std::thread::sleep(Duration::from_millis(20));
    fs::write(path, &bytes).expect("rewritten");
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(mtime))
        .expect("mtime put back");
}

#[test]
fn a_detail_whose_bytes_changed_in_place_is_caught_by_its_checksum() {
    // The same size and the modification time put back: only the bytes
    // tell. Both ways a detail is read from the file: right after reading
    // it in pieces, and after reopening from a cache that points.
    for reopened in [false, true] {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = cache_in(dir.path());
        let path = dir.path().join("a.json");
        fs::write(&path, archive_text("alpha", 40)).expect("written");
        let (read, _) = cached_in_pieces(&path, Format::V1, &cache);
        let archive = if reopened {
            from_cache(&path, Format::V1, &cache)
        } else {
            read
        };
        let k = archive
            .articles
            .iter()
            .position(|a| a.id == "a17")
            .expect("a17");
        edit_in_place(&path, "Text alpha 17,", "Text omega 17,");
        let shown = article_view(&archive.articles[k]);
        assert!(
            shown.contains("could not be read again") && shown.contains("has changed since"),
            "reopened {reopened}: {shown}"
        );
        assert!(!shown.contains("omega"), "{shown}");
        assert!(archive.articles[k].source_changed(), "reopened {reopened}");
        // Articles whose bytes did not change still read.
        let other = archive.articles.iter().find(|a| a.id == "a3").expect("a3");
        assert_eq!(
            other.detail().body.blocks()[0],
            Block::Paragraph(lektyr::archive::Rich::plain(
                "Text alpha 3, with a pull quote below."
            ))
        );
    }
}

/// A source of details that counts how many it was asked for.
#[derive(Debug, Default)]
struct Counting(std::sync::atomic::AtomicUsize);

impl DetailSource for Counting {
    fn read(&self, _index: usize) -> Detail {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Detail {
            body: vec![Block::Paragraph(lektyr::archive::Rich::plain(
                "A body of some length to copy into the cache.",
            ))]
            .into(),
            ..Detail::default()
        }
    }

    fn has_pullquote(&self, _index: usize) -> Option<bool> {
        Some(false)
    }
}

#[test]
fn a_cache_of_copies_over_its_limit_is_not_attempted() {
    // An archive whose details would be copied, from a file bigger than
    // the cache's limit: not one detail is read to find that out.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.json");
    fs::write(&path, archive_text("alpha", 200)).expect("written");
    let size = fs::metadata(&path).expect("size").len();
    let mut archive = lektyr::archive::load_path(&path).expect("loads");
    let counting = std::sync::Arc::new(Counting::default());
    let shared: std::sync::Arc<dyn DetailSource> = counting.clone();
    for (i, a) in archive.articles.iter_mut().enumerate() {
        *a = std::mem::take(a).with_source(std::sync::Arc::clone(&shared), i);
    }
    let key = Key::of(&path, None).expect("a key");
    let series = vec![0; archive.articles.len()];
    let small = Cache::new(dir.path().join("small"), size - 1);
    assert!(!small.may_fit(&key, &archive));
    let refused = small.write(&key, &archive, &series);
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(counting.0.load(std::sync::atomic::Ordering::Relaxed), 0);
    assert!(!small.file(&key).exists());
    // Under a limit it fits, every detail is read and copied.
    let roomy = Cache::new(dir.path().join("roomy"), size * 4);
    assert!(roomy.may_fit(&key, &archive));
    roomy.write(&key, &archive, &series).expect("written");
    assert_eq!(
        counting.0.load(std::sync::atomic::Ordering::Relaxed),
        archive.articles.len()
    );
}

#[test]
fn a_search_index_is_kept_beside_its_cache_for_the_file_as_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = cache_in(dir.path());
    let path = dir.path().join("a.json");
    fs::write(&path, archive_text("alpha", 30)).expect("written");
    let archive = lektyr::archive::load_path(&path).expect("loads");
    let mut builder = lektyr::search_index::IndexBuilder::new();
    for i in 0..archive.articles.len() {
        builder.add(&lektyr::search::folded_text(&archive, i));
    }
    let index = builder.finish();
    let key = Key::of(&path, None).expect("a key");
    assert!(cache.read_search(&key).is_none(), "none yet");
    cache.write_search(&key, index.as_bytes()).expect("written");
    let back = cache.read_search(&key).expect("read back");
    assert_eq!(back, index.as_bytes());
    let back = lektyr::search_index::Index::from_vec(back).expect("an index");
    let query = lektyr::search::Query::parse("alpha 17");
    assert_eq!(
        format!("{:?}", back.candidates(&query)),
        format!("{:?}", index.candidates(&query))
    );
    // Another state of the file: not its index.
    std::thread::sleep(Duration::from_millis(20));
    fs::write(&path, archive_text("omega", 30)).expect("rewritten");
    let changed = Key::of(&path, None).expect("a key");
    assert!(cache.read_search(&changed).is_none());
    // Damaged bytes are not its index either: the file's head, or the
    // index's own checksum.
    let file = cache.search_file(&key);
    let mut bytes = fs::read(&file).expect("the file");
    bytes[2] ^= 1;
    fs::write(&file, &bytes).expect("damaged");
    assert!(cache.read_search(&key).is_none());
    bytes[2] ^= 1;
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&file, &bytes).expect("damaged");
    let read = cache.read_search(&key).expect("the bytes");
    assert!(lektyr::search_index::Index::from_vec(read).is_err());
    // Clearing the cache takes it too.
    cache.clear().expect("cleared");
    assert!(!file.exists());
}
