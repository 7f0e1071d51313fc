//! Times lektyr on large and odd archives, built in memory: a 50 MB single
//! article, a 10,000-character word and URL, 100,000 topics, 1,000 levels
//! of nesting, no articles, titles empty after sanitizing.
//!
//! ```text
//! cargo run --release --example stress
//! ```
//!
//! For each case prints the time to load, to build the app and draw the
//! first frame, and the slowest of a few key steps (open the article, page
//! down, jump to the bottom, move in the list, resize, search and go to
//! the next match), each followed by a draw, and the longest the idle work
//! after them (laying out, folding text for search) held the loop in one
//! slice, as the reader gives it 8 ms at a time.

use std::time::{Duration, Instant};

use lektyr::action::Action;
use lektyr::app::{App, Source};
use lektyr::archive::load_str;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

// The allocator the binary uses (src/main.rs), so the timings are its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const W: u16 = 160;
const H: u16 = 48;

/// A paragraph of ordinary prose, about 600 bytes.
const PROSE: &str = "Det här är en vanlig mening i en lång artikel om kundresor, \
    och den upprepas tills texten blir stor nog att pröva läsaren. The reader \
    must stay responsive however long the article is: opening it, paging \
    through it and jumping to its end should each take a moment at most. \
    Ord som växelverkan, kundupplevelse och datadriven ledning bryts vid \
    mellanslag, aldrig mitt i, och raderna håller sig inom sin bredd. ";

fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// One article whose body is `paragraphs` copies of the prose.
fn big_article(bytes: usize) -> String {
    let n = bytes / (PROSE.len() + 3);
    let para = json_str(PROSE);
    let mut body = String::with_capacity(n * (para.len() + 1));
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&para);
    }
    format!(r#"{{"version":1,"articles":[{{"id":"big","title":"Big","body":[{body}]}}]}}"#)
}

fn long_word() -> String {
    let word = "å".repeat(10_000);
    let url = format!("https://example.org/{}", "a/b".repeat(3_400));
    format!(
        r#"{{"version":1,"articles":[{{"id":"w","title":{t},"url":{u},"body":[{w},{u}]}}]}}"#,
        t = json_str(&word),
        w = json_str(&format!("before {word} after")),
        u = json_str(&url)
    )
}

fn many_topics(n: usize) -> String {
    let topics: Vec<String> = (0..n).map(|i| format!("\"topic {i}\"")).collect();
    format!(
        r#"{{"version":1,"articles":[{{"id":"t","title":"Topics","topics":[{}],"body":"x"}},{{"id":"u","title":"Other","topics":["topic 1"],"body":"y"}}]}}"#,
        topics.join(",")
    )
}

fn nested(depth: usize) -> String {
    format!(
        r#"{{"version":1,"articles":[{{"id":"n","title":"Deep","body":{}{}}}]}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    let _ = terminal.draw(|f| lektyr::ui::draw(f, app));
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn measure(name: &str, text: &str) {
    let t = Instant::now();
    let archive = match load_str("stress.json", text) {
        Ok(a) => a,
        Err(e) => {
            println!(
                "{name}: rejected in {}: {}",
                ms(t.elapsed()),
                e.to_string().lines().next().unwrap_or("")
            );
            return;
        }
    };
    let load = t.elapsed();
    let mut terminal = match Terminal::new(TestBackend::new(W, H)) {
        Ok(t) => t,
        Err(never) => match never {},
    };
    let t = Instant::now();
    let mut app = App::new(archive, Source::Sample, Rect::new(0, 0, W, H));
    draw(&mut terminal, &app);
    let first = t.elapsed();
    let mut steps = Vec::new();
    for (label, action) in [
        ("open", Action::Activate),
        ("page down", Action::PageDown),
        ("bottom", Action::Bottom),
        ("top", Action::Top),
        ("page down", Action::PageDown),
        ("back", Action::Back),
        ("down", Action::Down),
    ] {
        let t = Instant::now();
        app.update(action);
        draw(&mut terminal, &app);
        steps.push((label, t.elapsed()));
    }
    let t = Instant::now();
    app.resize(W - 7, H);
    draw(&mut terminal, &app);
    steps.push(("resize", t.elapsed()));
    let mut slice = idle(&mut app, &mut terminal);
    // A search typed key by key (each key runs it), kept, then the next
    // match in the article being read.
    if let Ok(keys) = lektyr::keymap::parse_keys("/mening<Enter>n") {
        for key in keys {
            let t = Instant::now();
            app.handle_key(key);
            draw(&mut terminal, &app);
            steps.push(("search key", t.elapsed()));
            slice = slice.max(idle(&mut app, &mut terminal));
        }
    }
    let worst = steps.iter().max_by_key(|(_, d)| *d).copied();
    let all: Vec<String> = steps
        .iter()
        .map(|(l, d)| format!("{l} {}", ms(*d)))
        .collect();
    println!(
        "{name} ({:.1} MB): load {}, first frame {}, slowest step {:?}, longest idle slice {}\n    {}",
        text.len() as f64 / 1e6,
        ms(load),
        ms(first),
        worst.map(|(l, d)| format!("{l} {}", ms(d))),
        ms(slice),
        all.join(", ")
    );
}

/// Runs the app's idle work as the reader does, 8 ms slices with a draw
/// after each, until there is none; the longest slice.
fn idle(app: &mut App, terminal: &mut Terminal<TestBackend>) -> Duration {
    let mut longest = Duration::ZERO;
    while app.has_idle_work() && !app.series_pending() {
        let t = Instant::now();
        let more = app.idle_work(t + Duration::from_millis(8));
        draw(terminal, app);
        longest = longest.max(t.elapsed());
        if !more {
            break;
        }
    }
    longest
}

fn main() {
    // The pages the binary asks for (src/main.rs).
    lektyr::memory::small_pages();
    measure("50 MB article", &big_article(50_000_000));
    measure("10,000-char word and URL", &long_word());
    measure("100,000 topics", &many_topics(100_000));
    measure("1,000 levels of nesting", &nested(1_000));
    measure("0 articles", r#"{"version":1,"articles":[]}"#);
    measure(
        "titles empty after sanitizing",
        "[{\"title\":\"\\u001b[2J\\u200b\",\"body\":\"x\"},{\"title\":\"\\u202e\",\"body\":\"y\"}]",
    );
}
