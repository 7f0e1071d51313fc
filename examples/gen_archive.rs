//! Deterministic generator of large archives, for benchmarks and stress
//! tests of the loader, the list and the wrap cache.
//!
//! ```text
//! cargo run --release --example gen_archive -- N [SEED] > big.json
//! cargo run --release --example gen_archive -- --shape v1-3k N [SEED] > big3k.json
//! cargo run --release --example gen_archive -- --shape wordpress N [SEED] > posts.json
//! ```
//!
//! Writes an archive of `N` articles to stdout. The same shape, `N` and
//! `SEED` always give the same bytes; `SEED` is a decimal or `0x…` number
//! and defaults to a fixed value. `--shape` (also `--shape=NAME`) picks
//! what is written:
//!
//! - `v1` (the default): a v1 archive whose articles average about 1.2 KB,
//!   so 10 000 articles make about 12 MB and 100 000 about 121 MB (under a
//!   second in a release build).
//! - `v1-3k`: the same mix with 3.5 times as many blocks per body, about
//!   3 KB per article (10 000 articles ≈ 30 MB).
//! - `wordpress`: a WordPress REST dump (`wp-json/wp/v2/posts?_embed`), a
//!   JSON array of posts with numeric ids, site-local `date` and
//!   `date_gmt`, entity-encoded titles, Gutenberg HTML in
//!   `content.rendered`, a `[&hellip;]` excerpt, category and tag ids, and
//!   `_embedded` authors and terms. Strings are escaped as PHP's
//!   `json_encode` does (`\/` and `\uXXXX`), as real dumps are. Bodies
//!   use the v1 block mix; with the metadata a post averages about 3.3 KB,
//!   so 10 000 posts make about 33 MB.
//!
//! The mix is meant to look like a real blog archive to the reader: about
//! 60 topics with Zipf-like popularity (a few spelled in another casing),
//! dates over ten years (a few missing, some in RFC 3339), Swedish and
//! English text with å/ä/ö, a little Japanese and a few emoji, authors from
//! a pool of 40, series, related links (mostly by id, a few by title or to
//! nothing), and bodies of paragraphs, headings, pull quotes, quotes, lists,
//! images, code and rules. Articles appear in generation order, not date
//! order, so the loader's sort is exercised too.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// Seed used when none is given on the command line.
pub const DEFAULT_SEED: u64 = 0x6c65_6b74_7972; // "lektyr"

const USAGE: &str = "usage: gen_archive [--shape v1|v1-3k|wordpress] N [SEED] > archive.json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Options { shape, count, seed } = match parse_args(&args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => {
            println!(
                "{USAGE}\nWrites a deterministic archive of N articles to stdout: v1 \
                 (default, ~1.2 KB each), v1-3k (~3 KB each) or a WordPress posts dump (~3 KB each)."
            );
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("gen_archive: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    match write_archive(&mut out, shape, count, seed).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // `gen_archive 1000 | head` is a normal thing to do, not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_archive: cannot write: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    V1,
    /// v1 with bodies 3.5 times as long: about 3 KB per article.
    V1Large,
    WordPress,
}

impl Shape {
    fn from_name(name: &str) -> Result<Shape, String> {
        match name {
            "v1" => Ok(Shape::V1),
            "v1-3k" => Ok(Shape::V1Large),
            "wordpress" | "wp" => Ok(Shape::WordPress),
            _ => Err(format!("unknown shape {name:?}: v1, v1-3k or wordpress")),
        }
    }

    /// Blocks per body, in percent of the v1 mix.
    fn body_scale(self) -> usize {
        match self {
            Shape::V1 => 100,
            Shape::V1Large => 350,
            Shape::WordPress => 100,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
struct Options {
    shape: Shape,
    count: usize,
    seed: u64,
}

/// `Ok(None)` asks for help; otherwise the shape, article count and seed.
fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        return Ok(None);
    }
    let mut shape = Shape::V1;
    let mut rest = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if let Some(name) = arg.strip_prefix("--shape=") {
            shape = Shape::from_name(name)?;
        } else if arg == "--shape" {
            let name = args.next().ok_or("--shape needs a name")?;
            shape = Shape::from_name(name)?;
        } else if arg.starts_with("--") {
            return Err(format!("unknown option {arg}"));
        } else {
            rest.push(arg);
        }
    }
    let (count, seed) = match rest[..] {
        [count] => (count, None),
        [count, seed] => (count, Some(seed)),
        [] => return Err("missing the number of articles".to_string()),
        _ => return Err("too many arguments".to_string()),
    };
    let count = count
        .parse::<usize>()
        .map_err(|_| format!("N must be a whole number, not {count:?}"))?;
    let seed = match seed {
        None => DEFAULT_SEED,
        Some(text) => {
            let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => text.parse::<u64>(),
            };
            parsed.map_err(|_| format!("SEED must be a number, not {text:?}"))?
        }
    };
    Ok(Some(Options { shape, count, seed }))
}

// ---------------------------------------------------------------------------
// Randomness

/// SplitMix64: tiny, fast and good enough to make varied text; we need
/// reproducibility, not cryptography.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`; 0 when `n` is 0.
    fn below(&mut self, n: usize) -> usize {
        // Multiply-shift instead of modulo: no bias worth mentioning, no division.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Uniform in `0..1`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..=hi`, skewed toward `lo`: the minimum of two draws.
    fn low(&mut self, lo: usize, hi: usize) -> usize {
        self.between(lo, hi).min(self.between(lo, hi))
    }

    /// `lo`, plus `step` as long as a `percent` coin keeps saying yes, at
    /// most `hi`: a geometric tail. Short paragraphs and short bodies are
    /// the common case, as in real archives, and long ones still occur,
    /// which keeps the average size near the target.
    fn tail(&mut self, lo: usize, hi: usize, step: usize, percent: usize) -> usize {
        let mut n = lo;
        while n + step <= hi && self.chance(percent) {
            n += step;
        }
        n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }
}

// ---------------------------------------------------------------------------
// Word pools

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Sv,
    En,
    Ja,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    fn words(self) -> &'static [&'static str] {
        match self {
            Lang::Sv => SV_WORDS,
            Lang::En => EN_WORDS,
            Lang::Ja => JA_WORDS,
        }
    }
}

#[rustfmt::skip]
const SV_WORDS: &[&str] = &[
    "kund", "kunden", "resa", "möte", "mötet", "förändring", "tjänst", "upplevelse", "ärende",
    "ärendet", "återkoppling", "samtal", "löfte", "förtroende", "väg", "steg", "början", "öppen",
    "närhet", "lösning", "kunskap", "medarbetare", "vardag", "fråga", "svar", "system", "insikt",
    "rådgivare", "plattform", "flöde", "kanal", "höst", "våren", "sommaren", "vintern", "kontoret",
    "staden", "fältet", "tekniker", "mätning", "målet", "önskan", "tålamod", "gräns", "skärmen",
    "rösten", "lärdom", "säljare", "kundtjänst", "portal", "formulär", "telefon", "leverans",
    "beställning", "avtal", "faktura", "återförsäljare", "användare", "behov", "vana", "känsla",
    "ögonblick", "förväntan", "besvikelse", "glädje", "överlämning", "ansvar", "ledning", "budget",
    "projekt", "workshop", "prototyp", "test", "data", "rapport", "siffror", "mönster", "och",
    "att", "det", "som", "en", "ett", "på", "är", "för", "med", "till", "av", "inte", "vi", "de",
    "när", "hur", "men", "om", "från", "efter", "under", "mellan", "också", "redan", "alltid",
    "ofta", "sällan", "nästan", "gärna", "tyvärr", "äntligen", "tydligt", "enkelt", "svårt",
    "viktigt", "små", "stora", "nya", "gamla", "första", "sista", "bättre", "själva", "behöver",
    "vill", "kan", "måste", "får", "gör", "ser", "hör", "förstår", "väljer", "bygger", "ändrar",
    "lär", "mäter", "lyssnar", "frågar", "svarar", "ringer", "skriver", "väntar",
];

#[rustfmt::skip]
const EN_WORDS: &[&str] = &[
    "customer", "customers", "journey", "meeting", "change", "service", "experience", "case",
    "feedback", "conversation", "promise", "trust", "path", "step", "beginning", "open",
    "solution", "knowledge", "colleague", "routine", "question", "answer", "system", "insight",
    "adviser", "platform", "flow", "channel", "autumn", "spring", "summer", "winter", "office",
    "city", "field", "technician", "measure", "goal", "wish", "patience", "limit", "screen",
    "voice", "lesson", "seller", "support", "portal", "form", "phone", "delivery", "order",
    "contract", "invoice", "partner", "user", "need", "habit", "feeling", "moment", "expectation",
    "disappointment", "delight", "handover", "ownership", "budget", "project", "workshop",
    "prototype", "test", "data", "report", "numbers", "pattern", "roadmap", "and", "to", "the",
    "the", "a", "of", "in", "is", "for", "with", "on", "by", "not", "we", "they", "when", "how",
    "but", "if", "from", "after", "under", "between", "also", "already", "always", "often",
    "rarely", "almost", "gladly", "finally", "clearly", "simply", "hard", "important", "small",
    "large", "new", "old", "first", "last", "better", "quiet", "needs", "wants", "can", "must",
    "gets", "does", "sees", "hears", "understands", "chooses", "builds", "changes", "learns",
    "measures", "listens", "asks", "answers", "calls", "writes", "waits",
];

#[rustfmt::skip]
const JA_WORDS: &[&str] = &[
    "顧客", "体験", "東京", "会議", "設計", "サービス", "データ", "改善", "旅", "未来", "相談",
    "現場", "対話", "信頼", "課題", "チーム", "仕組み", "導入", "品質", "言葉",
];

/// Particles that join the Japanese words of a sentence.
const JA_PARTICLES: &[&str] = &["の", "を", "に", "は", "と", "で", "が", "も"];

/// Words that every language borrows; mixed into titles now and then.
#[rustfmt::skip]
const SHARED_WORDS: &[&str] = &[
    "Dynamics 365", "CRM", "Power Apps", "Copilot", "NPS", "API", "Customer Insights",
    "Field Service", "Teams", "roadmap", "feedback", "onboarding",
];

const EMOJI: &[&str] = &["👩\u{200d}💻", "🙂", "☕", "🚀", "🌲", "❄️", "👍🏽", "🇸🇪"];

/// Topics in popularity order: the first is drawn most often.
#[rustfmt::skip]
const TOPICS: &[&str] = &[
    "Kundresa", "upplevdynamics365", "Dynamics 365", "Tjänstedesign", "Kundservice", "Data", "AI",
    "Ledarskap", "Fältservice", "Tillgänglighet", "Mätning", "Kultur", "Utveckling",
    "Customer Insights", "Power Platform", "Onboarding", "Försäljning", "Integration",
    "Arkitektur", "Säkerhet", "Copilot", "Workshop", "Metod", "Rekrytering", "Event",
    "Marknadsföring", "Användarforskning", "Prototyper", "Förändringsledning", "Offentlig sektor",
    "Handel", "Industri", "Energi", "Hälsa", "Utbildning", "Finans", "Hållbarhet", "GDPR",
    "Licenser", "Migrering", "Test", "DevOps", "Rapportering", "Power BI", "Portaler", "Chatt",
    "Telefoni", "E-post", "Kundklubb", "Lojalitet", "Prissättning", "Avtal", "Partnerskap",
    "Japan", "Norrland", "Distansarbete", "Konferens", "Podcast", "Bokklubb", "Årskrönika",
];

#[rustfmt::skip]
const SERIES: &[&str] = &[
    "Upplevelseresan", "Field notes", "Veckans ärende", "Arkitektens hörna", "Från kundtjänst",
    "Ask the adviser", "Datakvalitet på riktigt", "Small fixes", "Norrlandsturnén",
    "Copilot i vardagen", "Case studies", "Bokcirkeln", "Tokyo letters", "Lärdomar",
    "Release notes", "Nya kollegor", "Under huven", "Workshop recipes", "Mätbart", "Kundrösten",
];

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Linnea", "Jonas", "Maja", "Oskar", "Priya", "Emil", "Kenji", "Sara", "Björn", "Aino", "Elif",
    "Mats", "Hanna", "David", "Ingrid", "Tomás", "Yuki", "Astrid", "Ahmed", "Klara",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Åberg", "Kettunen", "Sundqvist", "Hedlund", "Raman", "Nyström", "Mori", "Lindgren", "Öberg",
    "Virtanen", "Demir", "Holmström", "Berg", "Okafor", "Wikström", "Ruiz", "Tanaka", "Forsberg",
    "Haddad", "Ek",
];

#[rustfmt::skip]
const ROLES: &[&str] = &[
    "Kundupplevelsestrateg", "Lösningsarkitekt", "Tjänstedesigner", "Utvecklare",
    "Senior developer", "Projektledare", "Data engineer", "VD", "Verksamhetskonsult",
    "UX researcher",
];

// ---------------------------------------------------------------------------
// Articles

/// A block as generated, before it is written out.
enum Block {
    /// Paragraph text, and whether to write it as an object rather than a
    /// bare string (both forms occur in real archives).
    Paragraph(String, bool),
    Heading(String, Option<u8>),
    PullQuote(String, Option<String>),
    Quote(String, Option<String>),
    Image {
        src: String,
        alt: String,
        caption: Option<String>,
    },
    List(Vec<String>, bool),
    Code(String),
    Rule,
}

/// Everything the generator keeps between articles.
struct Generator {
    rng: Rng,
    /// Cumulative Zipf weights of `TOPICS`.
    topic_weights: Vec<f64>,
    /// Ids and titles written so far, for related links.
    ids: Vec<String>,
    titles: Vec<String>,
    /// Blocks per body in percent of the v1 mix (`Shape::body_scale`).
    body_scale: usize,
}

/// The archive of `count` articles in `shape`, with the default seed, as
/// text (for the tests and the benches).
pub fn archive_text(shape: Shape, count: usize) -> String {
    let mut out = Vec::new();
    write_archive(&mut out, shape, count, DEFAULT_SEED).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("the generator writes UTF-8")
}

/// Writes the whole archive.
pub fn write_archive<W: Write>(
    out: &mut W,
    shape: Shape,
    count: usize,
    seed: u64,
) -> io::Result<()> {
    let mut generator = Generator::new(seed, shape.body_scale());
    if shape == Shape::WordPress {
        return generator.wp_posts(out, count);
    }
    write!(out, "{{\"version\":1,\"title\":")?;
    string(
        out,
        &format!("Generated archive: {count} articles, seed {seed:#x}"),
    )?;
    out.write_all(b",\"articles\":[")?;
    for index in 0..count {
        out.write_all(if index == 0 { b"\n" } else { b",\n" })?;
        generator.article(out, index)?;
    }
    out.write_all(b"\n]}\n")
}

/// Writes `text` as a JSON string; serde_json does the escaping.
fn string<W: Write>(out: &mut W, text: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *out, text).map_err(io::Error::from)
}

/// Writes `,"key":"value"`.
fn field<W: Write>(out: &mut W, key: &str, value: &str) -> io::Result<()> {
    write!(out, ",\"{key}\":")?;
    string(out, value)
}

impl Generator {
    fn new(seed: u64, body_scale: usize) -> Self {
        let mut total = 0.0;
        let topic_weights = (0..TOPICS.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 1.0);
                total
            })
            .collect();
        Generator {
            rng: Rng::new(seed),
            topic_weights,
            ids: Vec::new(),
            titles: Vec::new(),
            body_scale,
        }
    }

    /// About half Swedish, half English, a few Japanese.
    fn lang(&mut self) -> Lang {
        match self.rng.below(100) {
            0..=47 => Lang::Sv,
            48..=96 => Lang::En,
            _ => Lang::Ja,
        }
    }

    fn article<W: Write>(&mut self, out: &mut W, index: usize) -> io::Result<()> {
        let lang = self.lang();
        let title = self.title(lang);
        let id = slug(&title, index);

        out.write_all(b"{\"id\":")?;
        string(out, &id)?;
        field(out, "title", &title)?;
        if let Some(date) = self.date() {
            field(out, "date", &date)?;
        }
        self.author(out)?;
        self.topics(out)?;
        if self.rng.chance(20) {
            field(out, "series", self.rng.pick(SERIES))?;
        }
        if self.rng.chance(75) {
            let words = self.rng.between(6, 16);
            let lede = self.sentence(lang, words);
            field(out, "summary", &lede)?;
        }
        if self.rng.chance(25) {
            field(out, "url", &format!("https://blog.example/{id}"))?;
        }
        if self.rng.chance(90) {
            field(out, "language", lang.code())?;
        }
        self.related(out)?;
        self.body(out, lang, &id)?;
        out.write_all(b"}")?;

        self.ids.push(id);
        self.titles.push(title);
        Ok(())
    }

    fn title(&mut self, lang: Lang) -> String {
        let words = self.rng.low(3, 12);
        let mut title = String::new();
        for i in 0..words {
            let word = if self.rng.chance(8) {
                self.rng.pick(SHARED_WORDS)
            } else if lang == Lang::Ja && self.rng.chance(25) {
                // Japanese titles are often bilingual.
                self.rng.pick(EN_WORDS)
            } else if lang == Lang::Sv && self.rng.chance(10) {
                // Swedish blog titles borrow English freely.
                self.rng.pick(EN_WORDS)
            } else {
                self.rng.pick(lang.words())
            };
            // Japanese runs its words together, but not into Latin ones.
            let ascii_next = word.is_ascii() || title.ends_with(|c: char| c.is_ascii());
            if i > 0 && (lang != Lang::Ja || ascii_next) {
                title.push(' ');
            }
            if i == 0 {
                push_capitalized(&mut title, word);
            } else {
                title.push_str(word);
            }
        }
        if self.rng.chance(2) {
            title.push(' ');
            title.push_str(self.rng.pick(EMOJI));
        }
        title
    }

    /// Ten years of dates, a few missing, some with a time and an offset.
    fn date(&mut self) -> Option<String> {
        if self.rng.chance(3) {
            return None;
        }
        // 2015-01-01 .. 2024-12-31 is 3653 days.
        let (y, m, d) = civil_from_offset(self.rng.below(3653));
        if self.rng.chance(15) {
            let hour = self.rng.below(24);
            let minute = self.rng.below(60);
            let zone = if self.rng.chance(50) { "Z" } else { "+01:00" };
            Some(format!(
                "{y:04}-{m:02}-{d:02}T{hour:02}:{minute:02}:00{zone}"
            ))
        } else {
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
    }

    fn author<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        let person = self.rng.below(40);
        let name = person_name(person);
        match self.rng.below(100) {
            0..=4 => Ok(()),
            5..=39 => field(out, "author", &name),
            style => {
                out.write_all(b",\"author\":{\"name\":")?;
                string(out, &name)?;
                let role = ROLES.get(person % ROLES.len()).copied().unwrap_or("");
                field(out, "role", role)?;
                field(out, "bio", &person_bio(person))?;
                if style >= 90 {
                    field(
                        out,
                        "url",
                        &format!("https://blog.example/people/{}", slug(&name, person)),
                    )?;
                }
                out.write_all(b"}")
            }
        }
    }

    fn topics<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        let chosen = self.choose_topics();
        out.write_all(b",\"topics\":[")?;
        for (i, &topic) in chosen.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            let name = TOPICS.get(topic).copied().unwrap_or("");
            // Hand-typed archives spell a topic in more than one way.
            if self.rng.chance(2) {
                string(out, &name.to_lowercase())?;
            } else {
                string(out, name)?;
            }
        }
        out.write_all(b"]")
    }

    /// One to five distinct indexes into `TOPICS`, popular ones first.
    fn choose_topics(&mut self) -> Vec<usize> {
        let wanted = self.rng.low(1, 5);
        let mut chosen: Vec<usize> = Vec::with_capacity(wanted);
        // Popular topics repeat often; give up on a draw rather than loop.
        for _ in 0..wanted * 4 {
            if chosen.len() == wanted {
                break;
            }
            let total = self.topic_weights.last().copied().unwrap_or(0.0);
            let target = self.rng.unit() * total;
            let topic = self.topic_weights.partition_point(|&w| w <= target);
            if topic < TOPICS.len() && !chosen.contains(&topic) {
                chosen.push(topic);
            }
        }
        chosen
    }

    /// Mostly ids of earlier articles; now and then a title, or a post that
    /// is not in the archive at all.
    fn related<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        if self.ids.is_empty() || !self.rng.chance(25) {
            return Ok(());
        }
        out.write_all(b",\"related\":[")?;
        for i in 0..self.rng.low(1, 3) {
            if i > 0 {
                out.write_all(b",")?;
            }
            let earlier = self.rng.below(self.ids.len());
            match self.rng.below(100) {
                0..=5 => {
                    let title = self.titles.get(earlier).map_or("", String::as_str);
                    string(out, title)?;
                }
                6..=9 => string(out, &format!("external-post-{}", self.rng.below(1000)))?,
                _ => {
                    let id = self.ids.get(earlier).map_or("", String::as_str);
                    string(out, id)?;
                }
            }
        }
        out.write_all(b"]")
    }

    fn body<W: Write>(&mut self, out: &mut W, lang: Lang, id: &str) -> io::Result<()> {
        let blocks = self.blocks(lang, id);
        out.write_all(b",\"body\":")?;
        // A few archives write the body as one string with blank lines
        // between paragraphs.
        if self.rng.chance(2) {
            let text: Vec<&str> = blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Paragraph(text, _) => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            return string(out, &text.join("\n\n"));
        }
        out.write_all(b"[")?;
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            write_block(out, block)?;
        }
        out.write_all(b"]")
    }

    fn blocks(&mut self, lang: Lang, id: &str) -> Vec<Block> {
        let count = self.rng.tail(3, 15, 1, 40) * self.body_scale / 100;
        let mut blocks = Vec::with_capacity(count + 1);
        let mut images = 0;
        for i in 0..count {
            let kind = if i == 0 { 0 } else { self.rng.below(100) };
            let block = match kind {
                0..=51 => {
                    let text = self.paragraph(lang);
                    Block::Paragraph(text, self.rng.chance(30))
                }
                52..=68 => {
                    let words = self.rng.between(2, 6);
                    let text = self.sentence_bare(lang, words);
                    let level = match self.rng.below(10) {
                        0 => None,
                        1 | 2 => Some(3),
                        _ => Some(2),
                    };
                    Block::Heading(text, level)
                }
                69..=77 => self.quote(lang),
                78..=86 => {
                    let items = (0..self.rng.between(2, 5))
                        .map(|_| {
                            let words = self.rng.between(2, 8);
                            self.sentence_bare(lang, words)
                        })
                        .collect();
                    Block::List(items, self.rng.chance(40))
                }
                87..=94 => {
                    images += 1;
                    let words = self.rng.between(3, 8);
                    let alt = self.sentence_bare(lang, words);
                    let caption = self.rng.chance(60).then(|| {
                        let words = self.rng.between(4, 12);
                        self.sentence(lang, words)
                    });
                    Block::Image {
                        src: format!("images/{id}-{images}.jpg"),
                        alt,
                        caption,
                    }
                }
                95..=97 => Block::Code(self.code()),
                _ => Block::Rule,
            };
            blocks.push(block);
        }
        // A pull quote repeats a sentence of the body, as editors do.
        if self.rng.chance(30) {
            let line = blocks.iter().find_map(|b| match b {
                Block::Paragraph(text, _) => text.split_inclusive(['.', '?', '!', '。']).next(),
                _ => None,
            });
            if let Some(line) = line.map(|l| l.trim().to_string()) {
                let cite = self.rng.chance(25).then(|| {
                    let first = self.rng.pick(FIRST_NAMES);
                    let last = self.rng.pick(LAST_NAMES);
                    format!("{first} {last}")
                });
                let at = self.rng.between(1, blocks.len().min(3));
                blocks.insert(at, Block::PullQuote(line, cite));
            }
        }
        blocks
    }

    fn paragraph(&mut self, lang: Lang) -> String {
        let mut left = self.rng.tail(30, 120, 6, 50);
        let mut text = String::new();
        while left > 0 {
            let words = self.rng.between(6, 16).min(left);
            left -= words;
            if !text.is_empty() && lang != Lang::Ja {
                text.push(' ');
            }
            let sentence = self.sentence(lang, words);
            text.push_str(&sentence);
        }
        if self.rng.chance(1) {
            text.push(' ');
            text.push_str(self.rng.pick(EMOJI));
        }
        text
    }

    /// Dialogue, sometimes over two lines.
    fn quote(&mut self, lang: Lang) -> Block {
        let words = self.rng.between(5, 18);
        let mut text = self.sentence(lang, words);
        if self.rng.chance(40) {
            let words = self.rng.between(3, 12);
            let reply = self.sentence(lang, words);
            text = format!("– {text}\n– {reply}");
        }
        let cite = self.rng.chance(70).then(|| {
            let first = self.rng.pick(FIRST_NAMES);
            let role = self.rng.pick(ROLES);
            format!("{first}, {}", role.to_lowercase())
        });
        Block::Quote(text, cite)
    }

    fn code(&mut self) -> String {
        let name = self
            .rng
            .pick(&["contact", "caseRecord", "order", "visit", "invoice"]);
        let field = self
            .rng
            .pick(&["statuscode", "prioritycode", "ownerid", "modifiedon"]);
        let limit = self.rng.between(2, 30);
        // One tab on purpose: the loader expands tabs in code.
        format!(
            "var {name} = service.Retrieve(\"{name}\", id, columns);\n\
             if ({name}.{field} == null)\n{{\n\treturn;\n}}\n\
             var days = (DateTime.UtcNow - {name}.modifiedon).Days;\n\
             if (days > {limit}) Escalate({name});"
        )
    }

    /// A capitalised sentence of `words` words with end punctuation.
    fn sentence(&mut self, lang: Lang, words: usize) -> String {
        let mut s = self.sentence_bare(lang, words);
        s.push_str(match (lang, self.rng.below(10)) {
            (Lang::Ja, _) => "。",
            (_, 0) => "?",
            (_, 1) => "!",
            _ => ".",
        });
        s
    }

    /// A capitalised run of words without end punctuation.
    fn sentence_bare(&mut self, lang: Lang, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words.max(1) {
            let word = self.rng.pick(lang.words());
            if i == 0 {
                push_capitalized(&mut s, word);
            } else {
                if lang == Lang::Ja {
                    s.push_str(self.rng.pick(JA_PARTICLES));
                } else {
                    if self.rng.chance(6) {
                        s.push(',');
                    }
                    s.push(' ');
                }
                s.push_str(word);
            }
        }
        s
    }
}

fn write_block<W: Write>(out: &mut W, block: &Block) -> io::Result<()> {
    match block {
        Block::Paragraph(text, false) => string(out, text),
        Block::Paragraph(text, true) => {
            out.write_all(b"{\"type\":\"paragraph\"")?;
            field(out, "text", text)?;
            out.write_all(b"}")
        }
        Block::Heading(text, level) => {
            out.write_all(b"{\"type\":\"heading\"")?;
            field(out, "text", text)?;
            if let Some(level) = level {
                write!(out, ",\"level\":{level}")?;
            }
            out.write_all(b"}")
        }
        Block::PullQuote(text, cite) | Block::Quote(text, cite) => {
            let kind = if matches!(block, Block::PullQuote(..)) {
                "pullquote"
            } else {
                "quote"
            };
            write!(out, "{{\"type\":\"{kind}\"")?;
            field(out, "text", text)?;
            if let Some(cite) = cite {
                field(out, "cite", cite)?;
            }
            out.write_all(b"}")
        }
        Block::Image { src, alt, caption } => {
            out.write_all(b"{\"type\":\"image\"")?;
            field(out, "src", src)?;
            field(out, "alt", alt)?;
            if let Some(caption) = caption {
                field(out, "caption", caption)?;
            }
            out.write_all(b"}")
        }
        Block::List(items, ordered) => {
            out.write_all(b"{\"type\":\"list\",\"items\":[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                string(out, item)?;
            }
            out.write_all(b"]")?;
            if *ordered {
                out.write_all(b",\"ordered\":true")?;
            }
            out.write_all(b"}")
        }
        Block::Code(text) => {
            out.write_all(b"{\"type\":\"code\"")?;
            field(out, "text", text)?;
            out.write_all(b"}")
        }
        Block::Rule => out.write_all(b"{\"type\":\"rule\"}"),
    }
}

/// One of 40 people: each first name pairs with two last names.
fn person_name(person: usize) -> String {
    let first = FIRST_NAMES
        .get(person % FIRST_NAMES.len())
        .copied()
        .unwrap_or("");
    let last = LAST_NAMES
        .get((person * 7 + person / 20) % LAST_NAMES.len())
        .copied()
        .unwrap_or("");
    format!("{first} {last}")
}

fn person_bio(person: usize) -> String {
    let first = FIRST_NAMES
        .get(person % FIRST_NAMES.len())
        .copied()
        .unwrap_or("");
    let topic = TOPICS.get(person % TOPICS.len()).copied().unwrap_or("");
    let years = person % 9 + 1;
    if person.is_multiple_of(2) {
        format!("{first} arbetar med {topic} och har varit hos oss i {years} år.")
    } else {
        format!("{first} works on {topic} and has been with us for {years} years.")
    }
}

/// Appends `word` with its first letter in upper case (å → Å too).
fn push_capitalized(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// A readable, unique id: up to four words of the title folded to ASCII,
/// then the index.
fn slug(title: &str, index: usize) -> String {
    let mut out = String::new();
    let mut words = 0;
    for word in title.split_whitespace() {
        let folded: String = word
            .chars()
            .filter_map(|c| match c.to_ascii_lowercase() {
                'å' | 'ä' | 'Å' | 'Ä' => Some('a'),
                'ö' | 'Ö' => Some('o'),
                c if c.is_ascii_alphanumeric() => Some(c),
                _ => None,
            })
            .collect();
        if folded.is_empty() {
            continue;
        }
        out.push_str(&folded);
        out.push('-');
        words += 1;
        if words == 4 {
            break;
        }
    }
    if out.is_empty() {
        out.push_str("post-");
    }
    out.push_str(&index.to_string());
    out
}

/// The calendar day `offset` days after 2015-01-01.
fn civil_from_offset(mut offset: usize) -> (usize, usize, usize) {
    let mut year = 2015;
    loop {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = if leap { 366 } else { 365 };
        if offset < days {
            let months = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            for (month, &length) in months.iter().enumerate() {
                if offset < length {
                    return (year, month + 1, offset + 1);
                }
                offset -= length;
            }
            // Unreachable: the months add up to the year.
            return (year, 12, 31);
        }
        offset -= days;
        year += 1;
    }
}

// ---------------------------------------------------------------------------
// WordPress REST dumps

const WP_SITE: &str = "https://blog.example";

/// The most popular topics are the site's categories; the rest are tags.
const WP_CATEGORIES: usize = 15;

/// Seconds in the ten years from 2015-01-01 00:00 UTC.
const WP_SPAN: usize = 3653 * 86_400;

impl Generator {
    /// Writes a `wp/v2/posts?_embed` array of `count` posts.
    fn wp_posts<W: Write>(&mut self, out: &mut W, count: usize) -> io::Result<()> {
        out.write_all(b"[")?;
        for index in 0..count {
            if index > 0 {
                out.write_all(b",\n")?;
            }
            self.wp_post(out, index)?;
        }
        out.write_all(b"]\n")
    }

    fn wp_post<W: Write>(&mut self, out: &mut W, index: usize) -> io::Result<()> {
        let lang = self.lang();
        let title = self.title(lang);
        // Increasing, with gaps where drafts and attachments took ids.
        let id = 11 + 2 * index + self.rng.below(2);
        let name = slug(&title, id);
        let gmt = self.rng.below(WP_SPAN);
        let (_, month, _) = civil_from_offset(gmt / 86_400);
        // Stockholm, with summer time taken as April to October.
        let local = gmt
            + if (4..=10).contains(&month) {
                7200
            } else {
                3600
            };
        let (year, month, _) = civil_from_offset(local / 86_400);
        let person = self.rng.below(40);
        let (categories, tags): (Vec<usize>, Vec<usize>) = self
            .choose_topics()
            .into_iter()
            .partition(|&topic| topic < WP_CATEGORIES);
        let blocks = self.blocks(lang, &name);
        let title_html = self.wp_title(&title);
        let content = self.wp_content(&blocks, lang, id, (year, month));
        let excerpt = wp_excerpt(&blocks, lang);
        let (local, gmt) = (wp_time(local), wp_time(gmt));
        let link = format!("{WP_SITE}/{year}/{month:02}/{name}/");
        let media = if self.rng.chance(40) { id + 1 } else { 0 };
        let sticky = self.rng.chance(1);
        let category_ids = if categories.is_empty() {
            "[1]".to_string()
        } else {
            wp_ids(categories.iter().map(|&t| t + 2))
        };
        let tag_ids = wp_ids(tags.iter().map(|&t| t + 100));

        write!(
            out,
            "{{\"id\":{id},\"date\":\"{local}\",\"date_gmt\":\"{gmt}\",\"guid\":{{\"rendered\":"
        )?;
        php_string(out, &format!("{WP_SITE}/?p={id}"))?;
        write!(
            out,
            "}},\"modified\":\"{local}\",\"modified_gmt\":\"{gmt}\",\"slug\":"
        )?;
        php_string(out, &name)?;
        out.write_all(b",\"status\":\"publish\",\"type\":\"post\",\"link\":")?;
        php_string(out, &link)?;
        out.write_all(b",\"title\":{\"rendered\":")?;
        php_string(out, &title_html)?;
        out.write_all(b"},\"content\":{\"rendered\":")?;
        php_string(out, &content)?;
        out.write_all(b",\"protected\":false},\"excerpt\":{\"rendered\":")?;
        php_string(out, &excerpt)?;
        write!(
            out,
            ",\"protected\":false}},\"author\":{author},\"featured_media\":{media},\
             \"comment_status\":\"open\",\"ping_status\":\"open\",\"sticky\":{sticky},\
             \"template\":\"\",\"format\":\"standard\",\"meta\":{{\"footnotes\":\"\"}},\
             \"categories\":{category_ids},\"tags\":{tag_ids}",
            author = person + 1,
        )?;
        let api = format!("{WP_SITE}/wp-json/wp/v2");
        php_raw(
            out,
            &format!(
                ",\"_links\":{{\"self\":[{{\"href\":\"{api}/posts/{id}\"}}],\
                 \"author\":[{{\"embeddable\":true,\"href\":\"{api}/users/{}\"}}],\
                 \"wp:term\":[{{\"taxonomy\":\"category\",\"embeddable\":true,\"href\":\"{api}/categories?post={id}\"}},\
                 {{\"taxonomy\":\"post_tag\",\"embeddable\":true,\"href\":\"{api}/tags?post={id}\"}}]}}",
                person + 1
            ),
        )?;
        out.write_all(b",\"_embedded\":{\"author\":[")?;
        wp_author(out, person)?;
        out.write_all(b"],\"wp:term\":[[")?;
        if categories.is_empty() {
            wp_term(out, 1, "Okategoriserade", "category")?;
        }
        for (i, &topic) in categories.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            wp_term(
                out,
                topic + 2,
                TOPICS.get(topic).copied().unwrap_or(""),
                "category",
            )?;
        }
        out.write_all(b"],[")?;
        for (i, &topic) in tags.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            wp_term(
                out,
                topic + 100,
                TOPICS.get(topic).copied().unwrap_or(""),
                "post_tag",
            )?;
        }
        out.write_all(b"]]}}")
    }

    /// The title as `title.rendered` has it: HTML-escaped and run through
    /// WordPress's typography filter, so quotes, ampersands and dashes are
    /// numeric entities.
    fn wp_title(&mut self, title: &str) -> String {
        let words: Vec<&str> = title.split(' ').collect();
        let mut html = String::with_capacity(title.len() + 32);
        let quoted =
            (words.len() > 2 && self.rng.chance(15)).then(|| self.rng.between(1, words.len() - 1));
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                html.push_str(match self.rng.below(100) {
                    0..=2 => " &amp; ",
                    3..=4 => " &#038; ",
                    5..=6 => " &#8211; ",
                    _ => " ",
                });
            }
            if quoted == Some(i) {
                html.push_str("&#8220;");
                html.push_str(&escape_html(word));
                html.push_str("&#8221;");
            } else {
                html.push_str(&escape_html(word));
            }
        }
        html
    }

    /// Gutenberg's saved HTML for the blocks, blank lines between blocks.
    fn wp_content(
        &mut self,
        blocks: &[Block],
        lang: Lang,
        id: usize,
        (year, month): (usize, usize),
    ) -> String {
        let mut html = String::with_capacity(4096);
        for block in blocks {
            match block {
                Block::Paragraph(text, _) => {
                    html.push_str("<p>");
                    self.wp_inline(&mut html, text, lang);
                    html.push_str("</p>");
                }
                Block::Heading(text, level) => {
                    let level = level.unwrap_or(2);
                    let text = escape_html(text);
                    let _ = write!(
                        html,
                        "<h{level} class=\"wp-block-heading\">{text}</h{level}>"
                    );
                }
                Block::Quote(text, cite) | Block::PullQuote(text, cite) => {
                    let pull = matches!(block, Block::PullQuote(..));
                    html.push_str(if pull {
                        "<figure class=\"wp-block-pullquote\"><blockquote>"
                    } else {
                        "<blockquote class=\"wp-block-quote\">"
                    });
                    let text = escape_html(text).replace('\n', "<br>");
                    let _ = write!(html, "<p>{text}</p>");
                    if let Some(cite) = cite {
                        let _ = write!(html, "<cite>{}</cite>", escape_html(cite));
                    }
                    html.push_str(if pull {
                        "</blockquote></figure>"
                    } else {
                        "</blockquote>"
                    });
                }
                Block::Image { src, alt, caption } => {
                    let file = src.trim_start_matches("images/");
                    let media = id + 1 + self.rng.below(50);
                    let _ = write!(
                        html,
                        "<figure class=\"wp-block-image size-large\"><img decoding=\"async\" \
                         width=\"1024\" height=\"683\" src=\"{WP_SITE}/wp-content/uploads/{year}/{month:02}/{file}\" \
                         alt=\"{}\" class=\"wp-image-{media}\"/>",
                        escape_html(alt)
                    );
                    if let Some(caption) = caption {
                        let _ = write!(
                            html,
                            "<figcaption class=\"wp-element-caption\">{}</figcaption>",
                            escape_html(caption)
                        );
                    }
                    html.push_str("</figure>");
                }
                Block::List(items, ordered) => {
                    let tag = if *ordered { "ol" } else { "ul" };
                    let _ = write!(html, "<{tag} class=\"wp-block-list\">");
                    for item in items {
                        let _ = write!(html, "\n<li>{}</li>", escape_html(item));
                    }
                    let _ = write!(html, "\n</{tag}>");
                }
                Block::Code(text) => {
                    let _ = write!(
                        html,
                        "<pre class=\"wp-block-code\"><code>{}</code></pre>",
                        escape_html(text)
                    );
                }
                Block::Rule => {
                    html.push_str("<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>")
                }
            }
            html.push_str("\n\n\n\n");
        }
        // Feed services and old plugins leave a tracking pixel behind.
        if self.rng.chance(8) {
            let _ = writeln!(
                html,
                "<p><img loading=\"lazy\" src=\"https://stats.example/pixel.gif?post={id}\" \
                 width=\"1\" height=\"1\" alt=\"\" style=\"border:0\"/></p>"
            );
        }
        html
    }

    /// Paragraph text with `<em>`, `<strong>` and links over a few words,
    /// and now and then a non-breaking space.
    fn wp_inline(&mut self, html: &mut String, text: &str, lang: Lang) {
        let separator = if lang == Lang::Ja { '。' } else { ' ' };
        let mut close: Option<(&str, usize)> = None;
        for token in text.split_inclusive(separator) {
            let (word, gap) = match token.strip_suffix(' ') {
                Some(word) => (word, if self.rng.chance(1) { "&nbsp;" } else { " " }),
                None => (token, ""),
            };
            if close.is_none() && self.rng.chance(4) {
                let span = self.rng.between(1, 3);
                close = Some(match self.rng.below(3) {
                    0 => {
                        html.push_str("<em>");
                        ("</em>", span)
                    }
                    1 => {
                        html.push_str("<strong>");
                        ("</strong>", span)
                    }
                    _ => {
                        let post = 11 + self.rng.below(20_000);
                        let _ = write!(html, "<a href=\"{WP_SITE}/?p={post}\">");
                        ("</a>", span)
                    }
                });
            }
            html.push_str(&escape_html(word));
            if let Some((tag, left)) = close {
                if left <= 1 {
                    html.push_str(tag);
                    close = None;
                } else {
                    close = Some((tag, left - 1));
                }
            }
            html.push_str(gap);
        }
        if let Some((tag, _)) = close {
            html.push_str(tag);
        }
    }
}

/// `excerpt.rendered`: the first 55 words of the paragraphs (110
/// characters of Japanese), then ` [&hellip;]` if there is more.
fn wp_excerpt(blocks: &[Block], lang: Lang) -> String {
    let paragraphs: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(text, _) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let text = paragraphs.join(" ");
    let cut: String = if lang == Lang::Ja {
        text.chars().take(110).collect()
    } else {
        text.split(' ').take(55).collect::<Vec<_>>().join(" ")
    };
    let more = if cut.len() < text.len() {
        " [&hellip;]"
    } else {
        ""
    };
    format!("<p>{}{more}</p>\n", escape_html(&cut))
}

/// `2023-08-21T12:04:25` for seconds after 2015-01-01 00:00.
fn wp_time(seconds: usize) -> String {
    let (y, m, d) = civil_from_offset(seconds / 86_400);
    let s = seconds % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn wp_ids(ids: impl Iterator<Item = usize>) -> String {
    let ids: Vec<String> = ids.map(|id| id.to_string()).collect();
    format!("[{}]", ids.join(","))
}

fn wp_author<W: Write>(out: &mut W, person: usize) -> io::Result<()> {
    let name = person_name(person);
    let handle = slug(&name, person + 1);
    write!(out, "{{\"id\":{},\"name\":", person + 1)?;
    php_string(out, &name)?;
    out.write_all(b",\"url\":\"\",\"description\":")?;
    php_string(out, &person_bio(person))?;
    out.write_all(b",\"link\":")?;
    php_string(out, &format!("{WP_SITE}/author/{handle}/"))?;
    out.write_all(b",\"slug\":")?;
    php_string(out, &handle)?;
    out.write_all(b"}")
}

fn wp_term<W: Write>(out: &mut W, id: usize, name: &str, taxonomy: &str) -> io::Result<()> {
    let handle = slug(name, id);
    let base = if taxonomy == "category" {
        "category"
    } else {
        "tag"
    };
    write!(out, "{{\"id\":{id},\"link\":")?;
    php_string(out, &format!("{WP_SITE}/{base}/{handle}/"))?;
    out.write_all(b",\"name\":")?;
    php_string(out, &escape_html(name))?;
    out.write_all(b",\"slug\":")?;
    php_string(out, &handle)?;
    write!(out, ",\"taxonomy\":\"{taxonomy}\"}}")
}

/// `&`, `<`, `>` and `"` as entities, as WordPress saves text in HTML.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes `text` as a JSON string the way PHP's `json_encode` does by
/// default, which is how WordPress serves it: `\/` for slashes and
/// `\uXXXX` for everything beyond ASCII.
fn php_string<W: Write>(out: &mut W, text: &str) -> io::Result<()> {
    let mut json = String::with_capacity(text.len() + text.len() / 4 + 2);
    json.push('"');
    for c in text.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '/' => json.push_str("\\/"),
            '\n' => json.push_str("\\n"),
            '\r' => json.push_str("\\r"),
            '\t' => json.push_str("\\t"),
            ' '..='~' => json.push(c),
            c => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let _ = write!(json, "\\u{unit:04x}");
                }
            }
        }
    }
    json.push('"');
    out.write_all(json.as_bytes())
}

/// Writes a JSON fragment of ASCII text with its slashes escaped.
fn php_raw<W: Write>(out: &mut W, json: &str) -> io::Result<()> {
    out.write_all(json.replace('/', "\\/").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn generate(count: usize, seed: u64) -> Vec<u8> {
        write_shape(Shape::V1, count, seed)
    }

    fn write_shape(shape: Shape, count: usize, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        write_archive(&mut out, shape, count, seed).expect("writing to a Vec cannot fail");
        out
    }

    #[test]
    fn output_is_deterministic_and_seed_dependent() {
        assert_eq!(generate(50, 7), generate(50, 7));
        assert_ne!(generate(50, 7), generate(50, 8));
        // A longer archive starts with the same articles.
        let parse = |bytes: Vec<u8>| -> Vec<Value> {
            let json: Value = serde_json::from_slice(&bytes).expect("valid JSON");
            json["articles"].as_array().cloned().unwrap_or_default()
        };
        let short = parse(generate(20, DEFAULT_SEED));
        let long = parse(generate(40, DEFAULT_SEED));
        assert_eq!(short.len(), 20);
        assert_eq!(short, long.get(..20).unwrap_or_default());
    }

    #[test]
    fn output_is_a_valid_v1_archive() {
        let json: Value = serde_json::from_slice(&generate(500, 42)).expect("valid JSON");
        assert_eq!(json["version"], 1);
        let articles = json["articles"].as_array().expect("articles array");
        assert_eq!(articles.len(), 500);
        let mut ids: Vec<&str> = articles.iter().filter_map(|a| a["id"].as_str()).collect();
        assert_eq!(ids.len(), 500);
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 500, "ids are unique");
        for article in articles {
            assert!(article["title"].as_str().is_some_and(|t| !t.is_empty()));
            let topics = article["topics"].as_array().expect("topics");
            assert!((1..=5).contains(&topics.len()));
        }
        let pullquotes = articles
            .iter()
            .filter(|a| {
                a["body"]
                    .as_array()
                    .is_some_and(|b| b.iter().any(|x| x["type"] == "pullquote"))
            })
            .count();
        assert!(
            (100..=200).contains(&pullquotes),
            "about 30% have a pull quote: {pullquotes}"
        );
        let undated = articles.iter().filter(|a| a.get("date").is_none()).count();
        assert!((1..50).contains(&undated), "a few are undated: {undated}");
    }

    #[test]
    fn average_article_is_about_a_kilobyte() {
        let bytes = generate(2000, DEFAULT_SEED).len();
        let average = bytes / 2000;
        assert!((700..=1400).contains(&average), "average {average} bytes");
    }

    #[test]
    fn pull_quotes_repeat_body_text() {
        let json: Value = serde_json::from_slice(&generate(300, 3)).expect("valid JSON");
        let articles = json["articles"].as_array().expect("articles array");
        let mut seen = 0;
        for body in articles.iter().filter_map(|a| a["body"].as_array()) {
            for quote in body.iter().filter(|b| b["type"] == "pullquote") {
                let line = quote["text"].as_str().expect("pull quote text");
                let repeated = body.iter().any(|b| {
                    b.as_str()
                        .or_else(|| b["text"].as_str())
                        .is_some_and(|t| b["type"] != "pullquote" && t.contains(line))
                });
                assert!(repeated, "pull quote not in body: {line}");
                seen += 1;
            }
        }
        assert!(seen > 0);
    }

    #[test]
    fn v1_3k_articles_average_about_three_kilobytes() {
        let bytes = write_shape(Shape::V1Large, 1000, DEFAULT_SEED);
        let json: Value = serde_json::from_slice(&bytes).expect("valid JSON");
        assert_eq!(json["articles"].as_array().map(Vec::len), Some(1000));
        let average = bytes.len() / 1000;
        assert!((2500..=3500).contains(&average), "average {average} bytes");
    }

    #[test]
    fn wordpress_dump_has_the_rest_api_shape() {
        let bytes = write_shape(Shape::WordPress, 1000, 9);
        assert_eq!(bytes, write_shape(Shape::WordPress, 1000, 9));
        let average = bytes.len() / 1000;
        assert!((2500..=3800).contains(&average), "average {average} bytes");
        let text = String::from_utf8(bytes).expect("UTF-8");
        assert!(
            text.is_ascii() && text.contains("https:\\/\\/"),
            "escaped as PHP does"
        );
        let posts: Vec<Value> = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(posts.len(), 1000);
        let mut ids: Vec<u64> = posts.iter().filter_map(|p| p["id"].as_u64()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 1000, "ids are unique and increasing");
        let html = |p: &Value| p["content"]["rendered"].as_str().unwrap_or("").to_string();
        let any = |needle: &str| posts.iter().any(|p| html(p).contains(needle));
        for needle in [
            "<em>",
            "<strong>",
            "<a href=",
            "<h2 class=\"wp-block-heading\">",
            "wp-block-quote",
            "<cite>",
            "<figcaption",
            "wp-block-pullquote",
            "<ul class=\"wp-block-list\">",
            "<ol ",
            "wp-block-code",
            "wp-block-separator",
            "height=\"1\"",
            "&nbsp;",
        ] {
            assert!(any(needle), "no post has {needle}");
        }
        let quoted = |p: &Value| {
            p["title"]["rendered"]
                .as_str()
                .is_some_and(|t| t.contains("&#8220;"))
        };
        assert!(posts.iter().any(quoted));
        for post in &posts {
            let date = post["date"].as_str().unwrap_or("");
            let gmt = post["date_gmt"].as_str().unwrap_or("");
            assert_eq!((date.len(), gmt.len()), (19, 19));
            assert!(date > gmt, "Stockholm is ahead of UTC: {date} {gmt}");
            let embedded = &post["_embedded"];
            assert!(
                embedded["author"][0]["name"]
                    .as_str()
                    .is_some_and(|n| !n.is_empty())
            );
            let terms = embedded["wp:term"].as_array().expect("wp:term");
            let categories = post["categories"].as_array().expect("categories");
            assert_eq!(terms[0].as_array().map(Vec::len), Some(categories.len()));
            let excerpt = post["excerpt"]["rendered"].as_str().unwrap_or("");
            assert!(excerpt.starts_with("<p>"));
        }
    }

    #[test]
    fn dates_are_real_calendar_days() {
        assert_eq!(civil_from_offset(0), (2015, 1, 1));
        assert_eq!(civil_from_offset(31 + 28), (2015, 3, 1));
        assert_eq!(civil_from_offset(365 + 31 + 28), (2016, 2, 29));
        assert_eq!(civil_from_offset(3652), (2024, 12, 31));
    }

    #[test]
    fn slugs_are_ascii_and_unique_by_index() {
        assert_eq!(
            slug("Första mötet på kontoret i Umeå", 7),
            "forsta-motet-pa-kontoret-7"
        );
        assert_eq!(slug("東京の会議", 3), "post-3");
        assert_ne!(slug("Samma titel", 1), slug("Samma titel", 2));
    }

    #[test]
    fn arguments_are_checked() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let options = |shape, count, seed| Ok(Some(Options { shape, count, seed }));
        assert_eq!(
            parse_args(&args(&["10"])),
            options(Shape::V1, 10, DEFAULT_SEED)
        );
        assert_eq!(
            parse_args(&args(&["10", "0x10"])),
            options(Shape::V1, 10, 16)
        );
        assert_eq!(
            parse_args(&args(&["--shape", "wordpress", "10"])),
            options(Shape::WordPress, 10, DEFAULT_SEED)
        );
        assert_eq!(
            parse_args(&args(&["10", "--shape=v1-3k", "7"])),
            options(Shape::V1Large, 10, 7)
        );
        assert!(parse_args(&args(&["--shape", "rss", "10"])).is_err());
        assert!(parse_args(&args(&["10", "--shape"])).is_err());
        assert_eq!(parse_args(&args(&["--help"])), Ok(None));
        assert!(parse_args(&args(&[])).is_err());
        assert!(parse_args(&args(&["ten"])).is_err());
        assert!(parse_args(&args(&["1", "2", "3"])).is_err());
    }
}
