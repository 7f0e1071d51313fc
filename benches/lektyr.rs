//! Benchmarks: loading 10k/100k articles (against plain serde_json as the
//! yardstick), the first frame, opening a file and reopening it from the
//! archive cache, one key step at 100k, and wrapping a 50,000-word
//! article. Archives come from the deterministic generator in
//! `examples/gen_archive.rs`.
//!
//! `cargo bench` runs them all; `cargo bench -- load` a subset.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use lektyr::app::{App, Source};
use lektyr::archive::{Archive, load_str};
use lektyr::keymap::{Key, parse_keys};
use lektyr::layout::lay_out;
use lektyr::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

// The allocator the binary uses (src/main.rs), so the figures are its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
// Each group also asks for the binary's pages (`memory::small_pages`).

// The generator's `main` and its tests are not used here.
#[path = "../examples/gen_archive.rs"]
#[allow(dead_code, unused_imports)]
mod generator;

fn archive_text(n: usize) -> String {
    generated(generator::Shape::V1, n)
}

fn generated(shape: generator::Shape, n: usize) -> String {
    generator::archive_text(shape, n)
}

/// What serde_json alone costs: the same file into plain structs.
#[path = "../examples/serde_baseline.rs"]
#[allow(dead_code)]
mod plain;

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    let Ok(_) = terminal.draw(|f| lektyr::ui::draw(f, app));
}

fn new_app(archive: Archive, w: u16, h: u16) -> App {
    App::new(
        archive,
        Source::File("bench.json".into()),
        Rect::new(0, 0, w, h),
    )
}

/// Everything `lektyr snapshot` does after reading the file: load, build
/// the app, draw the first 80×24 frame.
fn first_frame(text: &str) -> Rect {
    let archive = load_str("bench.json", text).expect("loads");
    let app = new_app(archive, 80, 24);
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("backend");
    draw(&mut t, &app);
    t.backend().buffer().area
}

fn loading(c: &mut Criterion) {
    lektyr::memory::small_pages();
    let mut g = c.benchmark_group("load");
    g.measurement_time(Duration::from_secs(8));
    g.sample_size(20);
    for n in [10_000usize, 100_000] {
        let text = archive_text(n);
        g.bench_function(format!("serde_plain_{}k", n / 1000), |b| {
            b.iter(|| black_box(serde_json::from_str::<plain::File>(&text).expect("parses")))
        });
        g.bench_function(format!("lektyr_{}k", n / 1000), |b| {
            b.iter(|| black_box(load_str("bench.json", &text).expect("loads")))
        });
        if n == 10_000 {
            // Everything `lektyr snapshot` does after reading the file.
            g.bench_function("snapshot_10k", |b| b.iter(|| black_box(first_frame(&text))));
        }
    }
    g.finish();
}

/// A WordPress dump of 10k posts (about 33 MB): the serde floor (the file
/// into plain structs of the post shape) against lektyr's first frame, in
/// one run. Bodies stay HTML until shown; opening one converts it.
fn wordpress(c: &mut Criterion) {
    lektyr::memory::small_pages();
    let text = generated(generator::Shape::WordPress, 10_000);
    let mut g = c.benchmark_group("wordpress");
    g.measurement_time(Duration::from_secs(10));
    g.sample_size(20);
    g.bench_function("serde_plain_10k", |b| {
        b.iter(|| black_box(serde_json::from_str::<Vec<plain::WpPost>>(&text).expect("parses")))
    });
    g.bench_function("first_frame_10k", |b| {
        b.iter(|| black_box(first_frame(&text)))
    });
    let archive = load_str("bench.json", &text).expect("loads");
    g.bench_function("open_one_post", |b| {
        b.iter_batched(
            || archive.articles[0].clone(),
            |article| black_box(article.detail().body.blocks().len()),
            criterion::BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// A search typed into the prompt: the query over every article's folded
/// text, as each keystroke runs it. The folded text is made by the first
/// search (`fold_*`) and kept.
fn searching(c: &mut Criterion) {
    lektyr::memory::small_pages();
    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    // ~1.2 KB articles at 10k and 100k, and ~3 KB ones at 100k.
    for (n, shape, size) in [
        (10_000usize, generator::Shape::V1, ""),
        (100_000, generator::Shape::V1, ""),
        (100_000, generator::Shape::V1Large, "_3kb"),
    ] {
        let archive = load_str("bench.json", &generated(shape, n)).expect("loads");
        let n_label = format!("{}k{size}", n / 1000);
        g.bench_function(format!("fold_{n_label}"), |b| {
            b.iter(|| black_box(lektyr::search::Folded::new(&archive).bytes()))
        });
        let folded = lektyr::search::Folded::new(&archive);
        eprintln!(
            "search: folded text of {n_label} articles holds {:.1} MB",
            folded.bytes() as f64 / 1e6
        );
        for query in ["kundresa", "\"the customer\" -enkät"] {
            let q = lektyr::search::Query::parse(query);
            let label = if query.starts_with('"') {
                "phrase"
            } else {
                "word"
            };
            g.bench_function(format!("{label}_{n_label}"), |b| {
                b.iter(|| {
                    let hits = (0..archive.articles.len())
                        .filter(|&i| q.count(&archive, i, &folded).is_some())
                        .count();
                    black_box(hits)
                })
            });
        }
    }
    g.finish();
}

fn stepping(c: &mut Criterion) {
    lektyr::memory::small_pages();
    let archive = load_str("bench.json", &archive_text(100_000)).expect("loads");
    let mut g = c.benchmark_group("step_100k");
    let mut app = new_app(archive, 200, 60);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("backend");
    g.bench_function("first_frame", |b| b.iter(|| draw(&mut terminal, &app)));
    let down = Key::char('j');
    let up = Key::char('k');
    let mut flip = false;
    g.bench_function("move_and_draw", |b| {
        b.iter(|| {
            flip = !flip;
            app.handle_key(if flip { down } else { up });
            draw(&mut terminal, &app);
        })
    });
    // Focus the topics pane on the most used topic; each step toggles it.
    for key in parse_keys("t").expect("keys") {
        app.handle_key(key);
    }
    let space = Key::char(' ');
    g.bench_function("toggle_topic_and_draw", |b| {
        b.iter(|| {
            app.handle_key(space);
            draw(&mut terminal, &app);
        })
    });
    // A batch of rows arriving while a file is read: 1,000 taken in by a
    // list of 99,000 (what a key may wait for while a big file streams).
    let mut first = app.archive.as_ref().clone();
    let batch = first.articles.split_off(first.articles.len() - 1000);
    first.order = (0..first.articles.len()).collect();
    let topics = first.topics.clone();
    g.sample_size(20);
    g.bench_function("rows_1000_onto_99000", |b| {
        b.iter_batched(
            || {
                let mut app = new_app(first.clone(), 200, 60);
                // The series thread lets go of the archive first.
                app.wait_series();
                app.start_loading(1 << 30);
                (app, batch.clone(), topics.clone())
            },
            |(mut app, batch, topics)| {
                app.add_loaded(batch, topics, None);
                app
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn wrapping(c: &mut Criterion) {
    lektyr::memory::small_pages();
    // One article of 50,000 words: paragraphs of 100 words, a pull quote
    // every 20 paragraphs.
    let words = [
        "Kundresan",
        "börjar",
        "långt",
        "före",
        "the",
        "first",
        "meeting,",
        "och",
        "slutar",
        "aldrig.",
    ];
    let mut blocks = Vec::new();
    for p in 0..500 {
        let text: Vec<&str> = (0..100).map(|i| words[(i * 7 + p) % words.len()]).collect();
        blocks.push(serde_json::json!(text.join(" ")));
        if p % 20 == 0 {
            blocks.push(serde_json::json!({"type": "pullquote", "text": text[..30].join(" ")}));
        }
    }
    let json = serde_json::json!([{"id": "long", "title": "A very long read", "body": blocks}]);
    let archive = load_str("long.json", &json.to_string()).expect("loads");
    let theme = Theme::default();
    let mut g = c.benchmark_group("wrap");
    g.sample_size(20);
    g.bench_function("article_50k_words_72", |b| {
        b.iter(|| black_box(lay_out(&archive, 0, 72, &theme).lines.len()))
    });
    g.finish();
}

/// Opening a file as the reader does, to its first 80×24 frame: from the
/// file (no cache; big files are read in pieces) and again from the
/// archive cache, against the serde floor of the same file (read and
/// parsed into plain structs), at 10k and 100k articles of about 3 KB.
fn opening(c: &mut Criterion) {
    lektyr::memory::small_pages();
    let mut g = c.benchmark_group("open");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    let dir = std::env::temp_dir().join(format!("lektyr-bench-open-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench dir");
    let cache = lektyr::archive::cache::Cache::new(dir.join("cache"), 4 << 30);
    for n in [10_000usize, 100_000] {
        let label = format!("{}k", n / 1000);
        let path = dir.join(format!("{label}.json"));
        std::fs::write(&path, generated(generator::Shape::V1Large, n)).expect("archive");
        let frame = |cache: Option<&lektyr::archive::cache::Cache>| {
            let loaded = lektyr::open::load(Some(&path), None, cache).expect("loads");
            let mut app = new_app_shared(loaded.archive, 80, 24);
            // As `snapshot` does: the list's series cuts are in.
            app.wait_series();
            let mut t = Terminal::new(TestBackend::new(80, 24)).expect("backend");
            draw(&mut t, &app);
            app
        };
        // Freeing what was built is not part of opening (the process
        // would end there): it happens outside the timing. The floor, a
        // plain program, keeps the kernel's pages: huge ones allowed.
        g.bench_function(format!("serde_floor_{label}"), |b| {
            b.iter_batched(
                || (),
                |()| {
                    lektyr::memory::dense(u64::MAX, || {
                        let text = std::fs::read_to_string(&path).expect("reads");
                        serde_json::from_str::<plain::File>(&text).expect("parses")
                    })
                },
                BatchSize::PerIteration,
            )
        });
        g.bench_function(format!("first_open_{label}"), |b| {
            b.iter_batched(|| (), |()| frame(None), BatchSize::PerIteration)
        });
        let mut loaded = lektyr::open::load(Some(&path), None, Some(&cache)).expect("loads");
        loaded
            .cache
            .take()
            .expect("a cache to write")
            .write(&loaded.archive)
            .expect("cache written");
        drop(loaded);
        // Dropped outside the timing as above, and one at a time:
        // `iter_with_large_drop` would hold a whole sample's apps at once.
        g.bench_function(format!("reopen_{label}"), |b| {
            b.iter_batched(|| (), |()| frame(Some(&cache)), BatchSize::PerIteration)
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn new_app_shared(archive: std::sync::Arc<Archive>, w: u16, h: u16) -> App {
    App::new(
        archive,
        Source::File("bench.json".into()),
        Rect::new(0, 0, w, h),
    )
}

criterion_group!(
    benches, loading, wordpress, searching, stepping, wrapping, opening
);
criterion_main!(benches);
