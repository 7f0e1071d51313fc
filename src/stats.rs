//! The numbers of the statistics view and of `lektyr stats`, worked out
//! from the articles a filter lets through: per topic (articles, unread,
//! reading time left), articles per year or month (and one topic's share
//! of them), articles read per week over the last year, and the top
//! authors, series and sources. Pure: the view draws a [`Stats`], the
//! command prints it.
//!
//! What needs an article's detail (its author, series and reading time)
//! is read once into a [`Base`]; after that a filter change costs one pass
//! over the articles it lets through.

use serde::Serialize;

use crate::archive::Archive;
use crate::timeline::{Month, Timeline, month_label, month_of};

/// Per article, what the statistics need of its detail.
#[derive(Debug, Clone, Default)]
pub struct Base {
    /// Minutes to read.
    pub minutes: Vec<u32>,
    /// Index into `authors`, or `NONE`.
    pub author: Vec<u32>,
    pub authors: Vec<String>,
    /// Index into `series`, or `NONE`.
    pub series_of: Vec<u32>,
    pub series: Vec<String>,
    /// Article `i`'s topics are `topics[starts[i]..starts[i + 1]]`: one
    /// flat array, so a pass over 100k articles never touches the
    /// articles themselves.
    starts: Vec<u32>,
    topics: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// The index of `name` in `names` (added when new), or `NONE`.
fn index(
    name: Option<String>,
    map: &mut std::collections::HashMap<String, u32>,
    names: &mut Vec<String>,
) -> u32 {
    match name.filter(|n| !n.is_empty()) {
        Some(n) => *map.entry(n.clone()).or_insert_with(|| {
            names.push(n);
            (names.len() - 1) as u32
        }),
        None => NONE,
    }
}

impl Base {
    /// Article `i`'s topics.
    fn topics_of(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.topics.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Reads every article's detail once (a cached archive reads it from
    /// the cache file: the one slow step, done when first needed).
    pub fn new(archive: &Archive) -> Base {
        let mut base = Base::default();
        let mut authors = std::collections::HashMap::new();
        let mut series = std::collections::HashMap::new();
        base.starts.push(0);
        for a in &archive.articles {
            base.topics.extend(a.topics.iter().map(|&t| t as u32));
            base.starts.push(base.topics.len() as u32);
            let (author, set) = a.peek_detail(|d| {
                (
                    d.author.as_ref().map(|au| au.name.trim().to_string()),
                    d.series.as_ref().map(|s| s.trim().to_string()),
                )
            });
            base.minutes
                .push(u32::try_from(a.reading_minutes()).unwrap_or(u32::MAX));
            base.author
                .push(index(author, &mut authors, &mut base.authors));
            base.series_of
                .push(index(set, &mut series, &mut base.series));
        }
        base
    }
}

/// One topic's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicStat {
    #[serde(skip)]
    pub topic: usize,
    pub name: String,
    pub articles: usize,
    pub unread: usize,
    /// Minutes to read its unread articles.
    pub unread_minutes: u64,
}

/// A bar of the articles-per-period chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `2019`, or `Mar 2019` when months are shown.
    pub label: String,
    #[serde(skip)]
    pub first: Month,
    pub articles: usize,
    /// How many carry the topic picked, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<usize>,
}

/// A name and how many articles it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub name: String,
    pub articles: usize,
}

/// Articles read per week over the last year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// 52 weeks, the oldest first; the last is the week up to now.
    pub weeks: Vec<usize>,
    /// Read before the last year, or at a time not recorded (marks made
    /// before lektyr kept it, and read marks an import carried).
    pub before: usize,
}

/// Weeks the reading chart shows.
pub const WEEKS: usize = 52;
const WEEK_MS: u64 = 7 * 24 * 3600 * 1000;

/// Everything the view and the command show, for one filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub articles: usize,
    pub unread: usize,
    pub unread_minutes: u64,
    pub undated: usize,
    /// Topics with an article, most first.
    pub topics: Vec<TopicStat>,
    /// Months when the dated articles span two years at most, else years.
    pub by_month: bool,
    pub periods: Vec<Period>,
    /// The topic whose share the periods show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_topic: Option<String>,
    pub reading: Reading,
    pub authors: Vec<Named>,
    pub series: Vec<Named>,
    /// In a library: articles per source.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Named>,
}

/// What [`Stats::compute`] counts over.
pub struct Input<'a> {
    pub archive: &'a Archive,
    pub base: &'a Base,
    pub timeline: &'a Timeline,
    /// The articles the filter lets through.
    pub articles: &'a [usize],
    /// Per article: read.
    pub read: &'a [bool],
    /// Per article: when it was marked read (0: not known).
    pub read_at: &'a [u64],
    /// The topic whose share of each period to count.
    pub share: Option<usize>,
    /// Now, in milliseconds since 1970.
    pub now: u64,
}

/// How many of a list the top lists keep.
pub const TOP: usize = 5;

impl Stats {
    pub fn compute(input: &Input<'_>) -> Stats {
        let Input {
            archive,
            base,
            timeline,
            articles,
            read,
            read_at,
            share,
            now,
        } = *input;
        let is_read = |i: usize| read.get(i).copied().unwrap_or(false);
        let minutes = |i: usize| u64::from(base.minutes.get(i).copied().unwrap_or(0));
        let n_topics = archive.topics.len();
        let mut t_articles = vec![0usize; n_topics];
        let mut t_unread = vec![0usize; n_topics];
        let mut t_minutes = vec![0u64; n_topics];
        let mut by_author = vec![0usize; base.authors.len()];
        let mut by_series = vec![0usize; base.series.len()];
        let library = archive.sources.is_library();
        let mut by_source = vec![
            0usize;
            if library {
                archive.sources.labels.len()
            } else {
                0
            }
        ];
        let mut stats = Stats {
            articles: articles.len(),
            reading: Reading {
                weeks: vec![0; WEEKS],
                before: 0,
            },
            ..Stats::default()
        };
        // Per month of the archive's span: the articles, and those with
        // the topic picked; folded into periods below.
        let (span_first, span_len) = timeline
            .span
            .map_or((0, 0), |(a, b)| (a, (b - a + 1) as usize));
        let mut months = vec![0usize; span_len];
        let mut month_shares = vec![0usize; if share.is_some() { span_len } else { 0 }];
        let share = share.map(|t| t as u32);
        let n = archive.articles.len();
        for &i in articles {
            if i >= n {
                continue;
            }
            let fresh = !is_read(i);
            if fresh {
                stats.unread += 1;
                stats.unread_minutes += minutes(i);
            } else {
                let at = read_at.get(i).copied().unwrap_or(0);
                let age = now.saturating_sub(at) / WEEK_MS;
                match usize::try_from(age) {
                    Ok(w) if at != 0 && at <= now && w < WEEKS => {
                        stats.reading.weeks[WEEKS - 1 - w] += 1
                    }
                    _ => stats.reading.before += 1,
                }
            }
            let topics = base.topics_of(i);
            for &t in topics {
                let t = t as usize;
                if t < n_topics {
                    t_articles[t] += 1;
                    if fresh {
                        t_unread[t] += 1;
                        t_minutes[t] += minutes(i);
                    }
                }
            }
            if let Some(c) = base
                .author
                .get(i)
                .and_then(|&x| by_author.get_mut(x as usize))
            {
                *c += 1;
            }
            if let Some(c) = base
                .series_of
                .get(i)
                .and_then(|&x| by_series.get_mut(x as usize))
            {
                *c += 1;
            }
            if library && let Some(c) = by_source.get_mut(archive.sources.of(i)) {
                *c += 1;
            }
            let d = timeline.day(i);
            if d == 0 {
                stats.undated += 1;
            } else {
                let k = (month_of(d) - span_first) as usize;
                if let Some(c) = months.get_mut(k) {
                    *c += 1;
                }
                if let Some(t) = share
                    && topics.contains(&t)
                    && let Some(c) = month_shares.get_mut(k)
                {
                    *c += 1;
                }
            }
        }
        let mut topics: Vec<TopicStat> = (0..n_topics)
            .filter(|&t| t_articles[t] > 0)
            .map(|t| TopicStat {
                topic: t,
                name: archive.topics[t].name.clone(),
                articles: t_articles[t],
                unread: t_unread[t],
                unread_minutes: t_minutes[t],
            })
            .collect();
        topics.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
        stats.topics = topics;
        // Periods: months over two years at most, else years, over the
        // months the articles listed span.
        let first = months.iter().position(|&c| c > 0);
        let last = months.iter().rposition(|&c| c > 0);
        if let (Some(first), Some(last)) = (first, last) {
            let (first, last) = (span_first + first as u32, span_first + last as u32);
            stats.by_month = last - first < 24;
            let (start, step) = if stats.by_month {
                (first, 1)
            } else {
                (first / 12 * 12, 12)
            };
            let len = ((last - start) / step + 1) as usize;
            let sum = |counts: &[usize], k: usize| -> usize {
                let a = start + k as u32 * step;
                (a..a + step)
                    .filter_map(|m| m.checked_sub(span_first))
                    .filter_map(|m| counts.get(m as usize))
                    .sum()
            };
            stats.periods = (0..len)
                .map(|k| {
                    let m = start + k as u32 * step;
                    Period {
                        label: if stats.by_month {
                            month_label(m)
                        } else {
                            (m / 12).to_string()
                        },
                        first: m,
                        articles: sum(&months, k),
                        share: share.map(|_| sum(&month_shares, k)),
                    }
                })
                .collect();
        }
        let share = share.map(|t| t as usize);
        stats.share_topic = share
            .and_then(|t| archive.topics.get(t))
            .map(|t| t.name.clone());
        stats.authors = top(&base.authors, &by_author);
        stats.series = top(&base.series, &by_series);
        stats.sources = top(&archive.sources.labels, &by_source);
        stats
    }

    /// The topic row of `topic`, if it has articles.
    pub fn topic(&self, topic: usize) -> Option<&TopicStat> {
        self.topics.iter().find(|t| t.topic == topic)
    }
}

/// The `TOP` names with the most articles (ties by name), none with 0.
fn top(names: &[String], counts: &[usize]) -> Vec<Named> {
    let mut rows: Vec<Named> = names
        .iter()
        .zip(counts)
        .filter(|(_, c)| **c > 0)
        .map(|(n, &c)| Named {
            name: n.clone(),
            articles: c,
        })
        .collect();
    rows.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
    rows.truncate(TOP);
    rows
}

impl Stats {
    /// The line that heads the numbers: articles, unread, the time left
    /// to read them, and the undated ones when there are any.
    pub fn summary(&self) -> Vec<String> {
        let mut parts = vec![
            articles(self.articles),
            format!("{} unread", self.unread),
            format!("{} to read", duration(self.unread_minutes)),
        ];
        if self.undated > 0 {
            parts.push(format!("{} undated", self.undated));
        }
        parts
    }
}

/// `1 article`, `2 articles`: a count and its noun.
pub fn articles(n: usize) -> String {
    if n == 1 {
        "1 article".to_string()
    } else {
        format!("{n} articles")
    }
}

/// `12 h 40 min`, `35 min`, `0 min`.
pub fn duration(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A horizontal bar of `value` against `max` in `width` cells, in eighths
/// of a cell rounded up (a value above 0 is never drawn empty).
pub fn hbar(value: usize, max: usize, width: usize) -> String {
    const PARTS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if value == 0 || max == 0 || width == 0 {
        return String::new();
    }
    let eighths = (value.min(max) * width * 8).div_ceil(max).max(1);
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(PARTS[eighths % 8 - 1]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_article_is_said_in_the_singular() {
        assert_eq!(articles(0), "0 articles");
        assert_eq!(articles(1), "1 article");
        assert_eq!(articles(2), "2 articles");
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(760), "12 h 40 min");
        assert_eq!(duration(35), "35 min");
        assert_eq!(duration(120), "2 h");
        assert_eq!(duration(0), "0 min");
    }

    #[test]
    fn horizontal_bars_are_honest_and_never_empty() {
        assert_eq!(hbar(10, 10, 4), "████");
        assert_eq!(hbar(5, 10, 4), "██");
        assert_eq!(hbar(1, 1000, 4), "▏");
        assert_eq!(hbar(0, 10, 4), "");
        assert_eq!(hbar(3, 8, 1), "▍");
        for max in 1..40 {
            for v in 1..=max {
                let bar = hbar(v, max, 10);
                assert!(!bar.is_empty());
                assert!(crate::width::display_width(&bar) <= 10, "{v}/{max}");
            }
        }
    }
}
