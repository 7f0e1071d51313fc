//! Deterministic generator of large v1 archives, for benchmarks and stress
//! tests of the loader, the list and the wrap cache.
//!
//! ```text
//! cargo run --release --example gen_archive -- N [SEED] > big.json
//! ```
//!
//! Writes an archive of `N` articles to stdout. The same `N` and `SEED`
//! always give the same bytes; `SEED` is a decimal or `0x…` number and
//! defaults to a fixed value. Articles average about 1.2 KB, so 10 000
//! articles make about 12 MB and 100 000 about 121 MB (under a second in
//! a release build).
//!
//! The mix is meant to look like a real blog archive to the reader: about
//! 60 topics with Zipf-like popularity (a few spelled in another casing),
//! dates over ten years (a few missing, some in RFC 3339), Swedish and
//! English text with å/ä/ö, a little Japanese and a few emoji, authors from
//! a pool of 40, series, related links (mostly by id, a few by title or to
//! nothing), and bodies of paragraphs, headings, pull quotes, quotes, lists,
//! images, code and rules. Articles appear in generation order, not date
//! order, so the loader's sort is exercised too.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// Seed used when none is given on the command line.
pub const DEFAULT_SEED: u64 = 0x6c65_6b74_7972; // "lektyr"

const USAGE: &str = "usage: gen_archive N [SEED] > archive.json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (count, seed) = match parse_args(&args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => {
            println!("{USAGE}\nWrites a deterministic v1 archive of N articles to stdout.");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("gen_archive: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    match write_archive(&mut out, count, seed).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // `gen_archive 1000 | head` is a normal thing to do, not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_archive: cannot write: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(None)` asks for help; otherwise the article count and the seed.
fn parse_args(args: &[String]) -> Result<Option<(usize, u64)>, String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        return Ok(None);
    }
    let (count, seed) = match args {
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
    Ok(Some((count, seed)))
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
}

/// Writes the whole archive.
pub fn write_archive<W: Write>(out: &mut W, count: usize, seed: u64) -> io::Result<()> {
    let mut generator = Generator::new(seed);
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
    fn new(seed: u64) -> Self {
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
        }
    }

    fn article<W: Write>(&mut self, out: &mut W, index: usize) -> io::Result<()> {
        let lang = match self.rng.below(100) {
            0..=47 => Lang::Sv,
            48..=96 => Lang::En,
            _ => Lang::Ja,
        };
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
        // 40 people: each first name pairs with two last names.
        let person = self.rng.below(40);
        let first = FIRST_NAMES
            .get(person % FIRST_NAMES.len())
            .copied()
            .unwrap_or("");
        let last = LAST_NAMES
            .get((person * 7 + person / 20) % LAST_NAMES.len())
            .copied()
            .unwrap_or("");
        let name = format!("{first} {last}");
        match self.rng.below(100) {
            0..=4 => Ok(()),
            5..=39 => field(out, "author", &name),
            style => {
                out.write_all(b",\"author\":{\"name\":")?;
                string(out, &name)?;
                let role = ROLES.get(person % ROLES.len()).copied().unwrap_or("");
                field(out, "role", role)?;
                let topic = TOPICS.get(person % TOPICS.len()).copied().unwrap_or("");
                let bio = if person.is_multiple_of(2) {
                    format!(
                        "{first} arbetar med {topic} och har varit hos oss i {} år.",
                        person % 9 + 1
                    )
                } else {
                    format!(
                        "{first} works on {topic} and has been with us for {} years.",
                        person % 9 + 1
                    )
                };
                field(out, "bio", &bio)?;
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
        let count = self.rng.tail(3, 15, 1, 40);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn generate(count: usize, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        write_archive(&mut out, count, seed).expect("writing to a Vec cannot fail");
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
        assert_eq!(parse_args(&args(&["10"])), Ok(Some((10, DEFAULT_SEED))));
        assert_eq!(parse_args(&args(&["10", "0x10"])), Ok(Some((10, 16))));
        assert_eq!(parse_args(&args(&["--help"])), Ok(None));
        assert!(parse_args(&args(&[])).is_err());
        assert!(parse_args(&args(&["ten"])).is_err());
        assert!(parse_args(&args(&["1", "2", "3"])).is_err());
    }
}
