//! Figures for the search index: its size beside the archive's, the time
//! to build it and to read it back, and for a few queries the time to
//! find the candidates, how many there are, and what checking only them
//! costs beside scanning every article.
//!
//! cargo run --release --example index_figures [-- ARTICLES...]
//!
//! Archives come from the generator (`gen_archive`, ~3 KB articles);
//! the default sizes are 10 000 and 100 000 articles. Every time is the
//! median of several runs.
//!
//! At 100k articles (297 MB of JSON, 242 MB of folded text) on a 2-core
//! machine shared with other builds: the index 25.1 MB (8.5% of the JSON),
//! built in 0.88 s, read back in 1.7 ms; candidates in 0.3-63 µs
//! (a common word 52,149 of 100k, a rare one 890, a 2-word phrase 8,406
//! for 692 matches, a CJK word 22, a capitalised name 234). The
//! generator draws from a few hundred words (about 4,000 distinct
//! trigrams): real text has many more, so a bigger index with more lists
//! of gaps.

use std::hint::black_box;
use std::time::{Duration, Instant};

use lektyr::archive::load_str;
use lektyr::search::{Folded, Query, folded_text};
use lektyr::search_index::{Candidates, Index, IndexBuilder};

// The allocator the binary uses, so the figures are its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The generator's `main` and its tests are not used here.
#[path = "gen_archive.rs"]
#[allow(dead_code, unused_imports)]
mod generator;

/// The queries timed: what each stands for, and the query.
const QUERIES: &[(&str, &str)] = &[
    ("common word", "customer"),
    ("rare word", "årskrönika"),
    ("absent word", "zebrafink"),
    ("2-word phrase", "\"customer journey\""),
    ("CJK", "顧客体験"),
    ("capital", "Kenji Tanaka"),
    ("short word", "ai"),
];

/// The median time of `runs` calls of `f`, and its last answer.
fn median<T>(runs: usize, f: impl FnMut() -> T) -> (Duration, T) {
    let (wall, _, out) = median_cpu(runs, f);
    (wall, out)
}

/// The median wall time of `runs` calls of `f`, the median time this
/// thread ran on a CPU in them (when Linux tells it: on a machine shared
/// with other work the wall time counts the waits), and its last answer.
fn median_cpu<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Option<Duration>, T) {
    let mut walls = Vec::with_capacity(runs);
    let mut cpus = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let cpu = cpu_time();
        let start = Instant::now();
        let out = black_box(f());
        walls.push(start.elapsed());
        if let (Some(before), Some(after)) = (cpu, cpu_time()) {
            cpus.push(after.saturating_sub(before));
        }
        last = Some(out);
    }
    walls.sort();
    cpus.sort();
    let cpu = (cpus.len() == walls.len()).then(|| cpus[cpus.len() / 2]);
    (walls[walls.len() / 2], cpu, last.expect("at least one run"))
}

/// The time this thread has run on a CPU, from Linux's scheduler.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.replace('_', "").parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    for n in sizes {
        figures(n);
    }
}

fn figures(n: usize) {
    let json = generator::archive_text(generator::Shape::V1Large, n);
    let archive = load_str("figures.json", &json).expect("the generated archive loads");
    let (fold_time, texts) = median(1, || {
        (0..archive.articles.len())
            .map(|i| folded_text(&archive, i))
            .collect::<Vec<String>>()
    });
    let text_bytes: usize = texts.iter().map(String::len).sum();
    let runs = if n > 50_000 { 5 } else { 9 };
    let mut held = 0;
    let (build, build_cpu, index) = median_cpu(runs, || {
        let mut builder = IndexBuilder::new();
        for t in &texts {
            builder.add(t);
        }
        held = builder.held();
        builder.finish()
    });
    let bytes = index.to_bytes();
    let (read, back) = median(21, || Index::from_bytes(&bytes).expect("reads back"));
    assert_eq!(back, index);
    println!("## {n} articles");
    println!(
        "archive JSON {:.1} MB, folded text {:.1} MB ({} B an article), folded in {:.0} ms",
        json.len() as f64 / 1e6,
        text_bytes as f64 / 1e6,
        text_bytes / n.max(1),
        ms(fold_time),
    );
    println!(
        "index {:.1} MB = {:.1}% of the JSON, {:.1}% of the folded text; {} trigrams",
        bytes.len() as f64 / 1e6,
        100.0 * bytes.len() as f64 / json.len() as f64,
        100.0 * bytes.len() as f64 / text_bytes as f64,
        index.trigrams(),
    );
    let per_100k = |d: Duration| ms(d) * 100_000.0 / n as f64;
    println!(
        "build {:.0} ms (median of {runs}) = {:.0} ms per 100k articles, on the CPU {}; from_bytes {:.2} ms (median of 21)",
        ms(build),
        per_100k(build),
        build_cpu.map_or("unknown".to_string(), |c| format!(
            "{:.0} ms = {:.0} ms per 100k",
            ms(c),
            per_100k(c)
        )),
        ms(read),
    );
    println!(
        "the builder held {:.1} MB before finishing",
        held as f64 / 1e6
    );
    drop(texts);
    let folded = Folded::new(&archive);
    println!();
    println!(
        "| query | candidates µs | candidates | matches | check candidates ms | scan all ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (what, input) in QUERIES {
        let query = Query::parse(input);
        let (find, candidates) = median(51, || index.candidates(&query));
        let (check, matched) = median(3, || match &candidates {
            Candidates::All => (0..archive.articles.len())
                .filter(|&i| query.count(&archive, i, &folded).is_some())
                .count(),
            Candidates::Some(list) => list
                .iter()
                .filter(|&&i| query.count(&archive, i as usize, &folded).is_some())
                .count(),
        });
        let (scan, scanned) = median(3, || {
            (0..archive.articles.len())
                .filter(|&i| query.count(&archive, i, &folded).is_some())
                .count()
        });
        assert_eq!(
            matched, scanned,
            "{input}: the index's answer is the scan's"
        );
        let count = match &candidates {
            Candidates::All => "all".to_string(),
            Candidates::Some(list) => list.len().to_string(),
        };
        println!(
            "| {what} `{input}` | {:.1} | {count} | {matched} | {:.2} | {:.2} |",
            us(find),
            ms(check),
            ms(scan),
        );
    }
    println!();
}
