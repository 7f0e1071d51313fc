//! Benchmarks of the timeline and the statistics view at 100k articles:
//! how long each takes to follow a filter change. The archive comes from
//! the deterministic generator in `examples/gen_archive.rs` (ten years of
//! dates, a few undated articles).
//!
//! `cargo bench --bench stats`.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use lektyr::app::{App, Source};
use lektyr::archive::load_str;
use lektyr::keymap::Key;
use lektyr::stats::{Base, Input, Stats};
use lektyr::timeline::{DateRange, End, parse_bound};
use ratatui::layout::Rect;

// The allocator the binary uses (src/main.rs), so the figures are its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The generator's `main` and its tests are not used here.
#[path = "../examples/gen_archive.rs"]
#[allow(dead_code, unused_imports)]
mod generator;

fn app_100k() -> App {
    let text = generator::archive_text(generator::Shape::V1, 100_000);
    let archive = load_str("bench.json", &text).expect("loads");
    App::new(
        archive,
        Source::File("bench.json".into()),
        Rect::new(0, 0, 200, 60),
    )
}

fn timeline(c: &mut Criterion) {
    lektyr::memory::small_pages();
    let mut app = app_100k();
    let mut g = c.benchmark_group("timeline_100k");
    // The strip's counts alone, over every article listed.
    g.bench_function("strip_counts", |b| {
        b.iter(|| black_box(app.timeline.count(app.visible.iter().copied()).dated()))
    });
    // A key that moves the month picked: the list, the topics' counts
    // and the strip's (a pass over every article, the dates left out).
    let (prev, next) = (Key::char(','), Key::char('.'));
    app.handle_key(prev);
    let mut flip = false;
    g.bench_function("step_month", |b| {
        b.iter(|| {
            flip = !flip;
            app.handle_key(if flip { prev } else { next });
            black_box(app.strip.undated)
        })
    });
    // The most used topic toggled (from the topics pane) while a range
    // of years is picked.
    app.set_dates(DateRange {
        since: parse_bound("2018", End::Since).ok(),
        until: parse_bound("2021", End::Until).ok(),
    });
    app.handle_key(Key::char('t'));
    let space = Key::char(' ');
    g.bench_function("toggle_topic_with_dates", |b| {
        b.iter(|| {
            app.handle_key(space);
            black_box(app.strip.dated())
        })
    });
    g.finish();
}

fn view(c: &mut Criterion) {
    lektyr::memory::small_pages();
    let app = app_100k();
    // Read once, when the view first opens.
    let base = Base::new(&app.archive);
    let read_at = app.read_times();
    let mut g = c.benchmark_group("stats_view_100k");
    // The first opening: every article's author, series and length, on
    // an archive fresh from its text each time (an article's length is
    // kept once counted).
    g.sample_size(10);
    let text = generator::archive_text(generator::Shape::V1, 100_000);
    g.bench_function("first_open_base", |b| {
        b.iter_batched(
            || load_str("bench.json", &text).expect("loads"),
            |archive| black_box(Base::new(&archive).authors.len()),
            BatchSize::PerIteration,
        )
    });
    g.sample_size(100);
    // The view's numbers after a filter change: every article listed.
    g.bench_function("numbers_all", |b| {
        b.iter(|| {
            let s = Stats::compute(&Input {
                archive: &app.archive,
                base: &base,
                timeline: &app.timeline,
                articles: &app.visible,
                read: &app.read,
                read_at: &read_at,
                share: Some(0),
                now: 1_800_000_000_000,
            });
            black_box(s.topics.len())
        })
    });
    g.finish();
}

criterion_group!(benches, timeline, view);
criterion_main!(benches);
