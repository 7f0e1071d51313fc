//! How long the reader is held, slice by slice, while it folds the text
//! of a big archive for search: 100,000 articles of about 3 KB (297 MB)
//! from the deterministic generator, written to a temporary file and
//! opened the ways the reader opens it.
//!
//! ```text
//! cargo run --release --example fold_slices            # 100000 articles
//! cargo run --release --example fold_slices -- 10000
//! ```
//!
//! An archive file this big has its text folded only once a search
//! begins. For each way in (the file read in pieces, each article's
//! detail left in the file; the file again from the archive cache; the
//! text parsed whole in memory, as `cargo bench -- search/fold_` has it)
//! the search prompt is opened and the app's idle work is run as the
//! reader runs it, 8 ms slices until the text is all folded. Printed: how
//! many slices, the longest, the 99th percentile and the median, and the
//! total. A second run types a query into the prompt first: then a frame
//! is drawn after each slice (the status line says how far it is), and
//! once all is folded one more slice runs the search again over
//! everything (with its frame), which is printed on its own.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use lektyr::app::{App, Source};
use lektyr::archive::cache::Cache;
use lektyr::keymap::parse_keys;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

// The allocator the binary uses (src/main.rs), so the timings are its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The generator's `main` and its tests are not used here.
#[path = "gen_archive.rs"]
#[allow(dead_code, unused_imports)]
mod generator;

/// The reader's idle slice (`IDLE_SLICE` in src/tui.rs).
const IDLE_SLICE: Duration = Duration::from_millis(8);

const W: u16 = 120;
const H: u16 = 40;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    let _ = terminal.draw(|f| lektyr::ui::draw(f, app));
}

/// The slices of folding, and the one in which a search ran again.
struct Slices {
    folding: Vec<Duration>,
    search_again: Option<Duration>,
}

/// Opens the prompt, types `query`, and runs the idle work as the reader
/// does until there is none: a frame after each slice while a search waits
/// for the rest of the text.
fn fold(archive: std::sync::Arc<lektyr::archive::Archive>, path: &Path, query: &str) -> Slices {
    let mut app = App::new(
        archive,
        Source::File(path.display().to_string()),
        Rect::new(0, 0, W, H),
    );
    // As the reader sets it for a file of 8 MB and up.
    app.search.fold_when_asked = true;
    app.wait_series();
    let mut terminal = match Terminal::new(TestBackend::new(W, H)) {
        Ok(t) => t,
        Err(never) => match never {},
    };
    draw(&mut terminal, &app);
    assert!(
        !app.has_idle_work(),
        "nothing is folded before a search begins"
    );
    for key in parse_keys(&format!("/{query}")).expect("keys") {
        app.handle_key(key);
    }
    let mut folding = Vec::new();
    let mut search_again = None;
    while app.has_idle_work() {
        let searching = app.search.pending > 0;
        let t = Instant::now();
        let more = app.idle_work(t + IDLE_SLICE);
        if searching {
            draw(&mut terminal, &app);
        }
        let took = t.elapsed();
        // The slice after the one that folded the last articles ran the
        // search again, and did nothing else.
        if searching && app.search.pending == 0 {
            search_again = Some(took);
        } else {
            folding.push(took);
        }
        if !more {
            break;
        }
    }
    assert_eq!(app.search_ready(), app.archive.articles.len(), "all folded");
    // Freeing a big archive piece by piece is not what is measured.
    std::mem::forget(app);
    Slices {
        folding,
        search_again,
    }
}

fn report(way: &str, what: &str, s: &Slices) {
    let mut sorted = s.folding.clone();
    sorted.sort();
    if sorted.is_empty() {
        return println!("{way}, {what}: folded within the keys, no idle slice");
    }
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    let total: Duration = sorted.iter().sum();
    println!(
        "{way}, {what}: {} slices in {:.2} s; longest {}, 99th percentile {}, median {}{}",
        sorted.len(),
        total.as_secs_f64(),
        ms(at(1.0)),
        ms(at(0.99)),
        ms(at(0.5)),
        s.search_again
            .map(|d| format!("; then the search run again, alone, {}", ms(d)))
            .unwrap_or_default()
    );
}

fn main() {
    // The pages the binary asks for (src/main.rs).
    lektyr::memory::small_pages();
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("a number of articles"))
        .unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("lektyr-fold-slices-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("archive.json");
    {
        let file = std::fs::File::create(&path).expect("the archive file");
        let mut out = std::io::BufWriter::new(file);
        generator::write_archive(
            &mut out,
            generator::Shape::V1Large,
            n,
            generator::DEFAULT_SEED,
        )
        .and_then(|()| out.flush())
        .expect("the archive written");
    }
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!(
        "{n} articles of ~3 KB, {:.0} MB; idle slices of {}",
        size as f64 / 1e6,
        ms(IDLE_SLICE)
    );
    let cache = Cache::new(dir.join("cache"), 4 << 30);
    let first = lektyr::open::load(Some(&path), None, Some(&cache)).expect("loads");
    first
        .cache
        .as_ref()
        .expect("a cache to write")
        .write(&first.archive)
        .expect("the cache written");
    let ways: [(&str, &dyn Fn() -> std::sync::Arc<lektyr::archive::Archive>); 3] = [
        ("first open (detail in the file)", &|| {
            lektyr::open::load(Some(&path), None, None)
                .expect("loads")
                .archive
        }),
        ("reopen (detail in the cache)", &|| {
            let loaded = lektyr::open::load(Some(&path), None, Some(&cache)).expect("loads");
            assert!(loaded.cache.is_none(), "read from the cache");
            loaded.archive
        }),
        ("in memory (parsed whole)", &|| {
            let text = std::fs::read_to_string(&path).expect("reads");
            std::sync::Arc::new(lektyr::archive::load_str("archive.json", &text).expect("loads"))
        }),
    ];
    drop(first);
    for (way, open) in ways {
        report(way, "prompt open", &fold(open(), &path, ""));
        report(way, "`kundresa` typed", &fold(open(), &path, "kundresa"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
