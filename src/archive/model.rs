//! The reader's model of an archive: articles, their blocks and inline runs,
//! topics and the problems found while loading. Knows nothing of terminals.

/// A loaded archive. Articles keep the order of the file; `order` is the
/// list order (newest first, undated last).
#[derive(Debug, Clone, Default)]
pub struct Archive {
    /// Title given by the archive itself (`{"title": …}`), sanitized.
    pub title: Option<String>,
    pub articles: Vec<Article>,
    /// Every distinct topic, in order of first appearance. Articles refer to
    /// topics by index into this vector.
    pub topics: Vec<Topic>,
    /// Article indices in list order: newest first, undated and unparsable
    /// dates last (those keep file order among themselves).
    pub order: Vec<usize>,
    /// Everything `check` reports. Articles with problems still load.
    pub problems: Vec<Problem>,
}

/// A topic as displayed (the first spelling seen) with its match key
/// (trimmed, lower-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub name: String,
    pub key: String,
}

#[derive(Debug, Clone, Default)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
    pub author: Option<Author>,
    /// Indices into `Archive::topics`, without repeats, in the article's order.
    pub topics: Vec<usize>,
    pub series: Option<String>,
    /// The lede.
    pub summary: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub related: Vec<Related>,
    pub body: Vec<Block>,
}

impl Article {
    /// Whether any block of the body is a pull quote (the list shows a mark).
    pub fn has_pullquote(&self) -> bool {
        self.body
            .iter()
            .any(|b| matches!(b, Block::PullQuote { .. }))
    }

    /// Number of words in the readable text (title excluded), for reading time.
    pub fn word_count(&self) -> usize {
        let words = |s: &str| s.split_whitespace().count();
        let mut n = self.summary.as_deref().map_or(0, words);
        for block in &self.body {
            n += block.word_count();
        }
        n
    }
}

/// A date as written in the archive, with a sort key when it could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    /// The text exactly as the archive wrote it (sanitized).
    pub text: String,
    /// Seconds since 1970-01-01T00:00:00Z, when the date parsed.
    pub key: Option<i64>,
    /// `YYYY-MM-DD` for display, when the date parsed (the local calendar day
    /// written in the archive, offset ignored).
    pub day: Option<String>,
}

impl Date {
    /// What the list and the reader show: the calendar day, or the text as
    /// written when it did not parse.
    pub fn display(&self) -> &str {
        self.day.as_deref().unwrap_or(&self.text)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub role: Option<String>,
    pub bio: Option<String>,
    pub url: Option<String>,
}

/// A related link: resolved to an article of the archive when its id or
/// title matches, otherwise shown as the text written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub text: String,
    pub target: Option<usize>,
}

/// How an inline run is set. v1 archives only produce `Plain`; imported
/// HTML formats produce the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunStyle {
    Plain,
    Emphasis,
    Strong,
    Code,
    Link(String),
}

/// A stretch of text in one style. A `\n` inside `text` is a hard line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub style: RunStyle,
}

/// Rich text: a sequence of runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rich {
    pub runs: Vec<Run>,
}

impl Rich {
    pub fn plain(text: impl Into<String>) -> Self {
        Rich {
            runs: vec![Run {
                text: text.into(),
                style: RunStyle::Plain,
            }],
        }
    }

    /// The text with styles dropped.
    pub fn to_plain(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(|r| r.text.is_empty())
    }

    fn word_count(&self) -> usize {
        self.runs
            .iter()
            .map(|r| r.text.split_whitespace().count())
            .sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Rich),
    Heading {
        level: u8,
        text: Rich,
    },
    PullQuote {
        text: Rich,
        cite: Option<String>,
    },
    Quote {
        text: Rich,
        cite: Option<String>,
    },
    Image {
        src: Option<String>,
        alt: Option<String>,
        caption: Option<String>,
    },
    List {
        items: Vec<Rich>,
        ordered: bool,
    },
    /// Preformatted text; tabs already expanded.
    Code(String),
    Rule,
}

impl Block {
    fn word_count(&self) -> usize {
        let words = |s: &str| s.split_whitespace().count();
        match self {
            Block::Paragraph(t) | Block::Heading { text: t, .. } => t.word_count(),
            Block::PullQuote { .. } => 0, // repeats body text; not read twice
            Block::Quote { text, cite } => text.word_count() + cite.as_deref().map_or(0, words),
            Block::Image { caption, .. } => caption.as_deref().map_or(0, words),
            Block::List { items, .. } => items.iter().map(Rich::word_count).sum(),
            Block::Code(s) => words(s),
            Block::Rule => 0,
        }
    }
}

/// A problem found while loading. `pointer` is a JSON pointer into the
/// archive (e.g. `/articles/17/date`); `line`/`column` (1-based) are filled
/// in when the source text is at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
    /// Index of the article the problem belongs to, if any.
    pub article: Option<usize>,
    pub line: usize,
    pub column: usize,
}

impl Archive {
    /// Number of distinct articles with at least one problem.
    pub fn articles_with_problems(&self) -> usize {
        let mut seen: Vec<usize> = self.problems.iter().filter_map(|p| p.article).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// Finds an article by id.
    pub fn find_id(&self, id: &str) -> Option<usize> {
        self.articles.iter().position(|a| a.id == id)
    }
}
