//! Dates as the timeline and the date filter use them: calendar days
//! packed into one ordered number, ranges of them (`--since`/`--until`,
//! a range picked on the strip), each article's day, and counts per month
//! gathered into the bars a strip of a given width shows. Pure: knows
//! nothing of terminals; `App` keeps a [`Timeline`] and the ui draws it.

use crate::archive::Archive;

/// A calendar day packed so that days order as numbers do: `y·512 +
/// m·32 + d`. 0 is no day (an undated article).
pub type Day = u32;
/// A month counted from year 0: `y·12 + m - 1`.
pub type Month = u32;

/// Packs a day; `None` unless it is a day of the calendar (years 1 to
/// 9999).
pub fn day(y: u32, m: u32, d: u32) -> Option<Day> {
    ((1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in(y, m))
        .then(|| y * 512 + m * 32 + d)
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The year, month and day of a packed day.
pub fn parts(d: Day) -> (u32, u32, u32) {
    (d / 512, (d / 32) % 16, d % 32)
}

/// `2019-03-15`.
pub fn iso(d: Day) -> String {
    let (y, m, dd) = parts(d);
    format!("{y:04}-{m:02}-{dd:02}")
}

pub fn month_of(d: Day) -> Month {
    let (y, m, _) = parts(d);
    y * 12 + m - 1
}

/// The first and the last day of a month.
pub fn month_days(month: Month) -> (Day, Day) {
    let (y, m) = (month / 12, month % 12 + 1);
    (y * 512 + m * 32 + 1, y * 512 + m * 32 + days_in(y, m))
}

/// `Mar 2018`.
pub fn month_label(month: Month) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {}", NAMES[(month % 12) as usize], month / 12)
}

/// The day of an article's date as the archive gave it (`YYYY-MM-DD`).
pub fn parse_day(text: &str) -> Option<Day> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
    day(num(0..4)?, num(5..7)?, num(8..10)?)
}

/// Which end of a range a date written on the command line is: `2019`
/// since is its first day, until its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Since,
    Until,
}

/// A date as `--since` and `--until` take it: `2019`, `2019-03` or
/// `2019-03-15`, as the first or last day it covers.
pub fn parse_bound(text: &str, end: End) -> Result<Day, String> {
    let bad = || {
        format!(
            "`{text}` is not a date: write a year (2019), a month (2019-03) or a day (2019-03-15)"
        )
    };
    let fields: Vec<&str> = text.trim().split('-').collect();
    let num = |s: &str, digits: usize| {
        (s.len() == digits && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = match fields.as_slice() {
        [y] => (num(y, 4), None, None),
        [y, m] => (num(y, 4), Some(num(m, 2)), None),
        [y, m, d] => (num(y, 4), Some(num(m, 2)), Some(num(d, 2))),
        _ => return Err(bad()),
    };
    let y = y.ok_or_else(bad)?;
    let m = m.map(|m| m.ok_or_else(bad)).transpose()?;
    let d = d.map(|d| d.ok_or_else(bad)).transpose()?;
    let (m_first, m_last) = m.map_or((1, 12), |m| (m, m));
    let first = day(y, m_first, d.unwrap_or(1));
    let last = match d {
        Some(d) => day(y, m_first, d),
        None => day(y, m_last, days_in(y, m_last)),
    };
    match end {
        End::Since => first,
        End::Until => last,
    }
    .ok_or_else(bad)
}

/// The dates the list is narrowed to, both ends included; none: every
/// article, dated or not. With either end set, undated articles are out
/// (they are counted apart).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub since: Option<Day>,
    pub until: Option<Day>,
}

impl DateRange {
    pub fn is_set(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Whether an article of day `d` (0: undated) is in the range.
    pub fn contains(&self, d: Day) -> bool {
        if !self.is_set() {
            return true;
        }
        d != 0 && self.since.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u)
    }

    /// The months `first..=last`, whole.
    pub fn months(first: Month, last: Month) -> DateRange {
        let (a, b) = (first.min(last), first.max(last));
        DateRange {
            since: Some(month_days(a).0),
            until: Some(month_days(b).1),
        }
    }

    /// As the header says it: `Mar 2018 – Jun 2019`, `2019`, `Mar 2018`,
    /// `since 5 Mar 2018`; whole years and months are named as such.
    pub fn label(&self) -> String {
        let whole_start = |d: Day| parts(d).2 == 1;
        let whole_end = |d: Day| {
            let (y, m, dd) = parts(d);
            dd == days_in(y, m)
        };
        let show = |d: Day, whole: bool, year_whole: bool| {
            let (y, m, dd) = parts(d);
            if year_whole {
                y.to_string()
            } else if whole {
                month_label(y * 12 + m - 1)
            } else {
                format!("{dd} {}", month_label(y * 12 + m - 1))
            }
        };
        match (self.since, self.until) {
            (None, None) => String::new(),
            (Some(s), None) => format!("since {}", show(s, whole_start(s), false)),
            (None, Some(u)) => format!("until {}", show(u, whole_end(u), false)),
            (Some(s), Some(u)) => {
                let (ws, wu) = (whole_start(s), whole_end(u));
                let years = ws && wu && parts(s).1 == 1 && parts(u).1 == 12;
                let a = show(s, ws, years);
                let b = show(u, wu, years);
                if a == b {
                    a
                } else if ws && wu && !years && month_of(s) == month_of(u) {
                    month_label(month_of(s))
                } else {
                    format!("{a} – {b}")
                }
            }
        }
    }
}

/// Each article's day, and the span of months the archive's dated
/// articles cover: the strip's axis, the same whatever the filter.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Per article (archive index): its day, 0 when undated.
    pub days: Vec<Day>,
    /// The first and last month with a dated article; `None` when no
    /// article is dated.
    pub span: Option<(Month, Month)>,
}

impl Timeline {
    pub fn new(archive: &Archive) -> Timeline {
        let days: Vec<Day> = archive
            .articles
            .iter()
            .map(|a| {
                a.date
                    .as_ref()
                    .and_then(|d| d.day.as_deref())
                    .and_then(parse_day)
                    .unwrap_or(0)
            })
            .collect();
        let mut span: Option<(Month, Month)> = None;
        for &d in days.iter().filter(|&&d| d != 0) {
            let m = month_of(d);
            span = Some(span.map_or((m, m), |(a, b)| (a.min(m), b.max(m))));
        }
        Timeline { days, span }
    }

    /// Takes in the articles of `archive` from `from` on (appended since
    /// this timeline was made of the ones before).
    pub fn extend(&mut self, archive: &Archive, from: usize) {
        self.days.truncate(from);
        for a in archive.articles.iter().skip(from) {
            let day = a
                .date
                .as_ref()
                .and_then(|d| d.day.as_deref())
                .and_then(parse_day)
                .unwrap_or(0);
            if day != 0 {
                let m = month_of(day);
                self.span = Some(self.span.map_or((m, m), |(a, b)| (a.min(m), b.max(m))));
            }
            self.days.push(day);
        }
    }

    pub fn day(&self, article: usize) -> Day {
        self.days.get(article).copied().unwrap_or(0)
    }

    /// Per month of the span, how many of `articles` fall in it, and how
    /// many of them are undated.
    pub fn count(&self, articles: impl IntoIterator<Item = usize>) -> Counts {
        let mut counts = Counts {
            months: vec![0; self.span.map_or(0, |(a, b)| (b - a + 1) as usize)],
            undated: 0,
        };
        let first = self.span.map_or(0, |s| s.0);
        for i in articles {
            let d = self.day(i);
            if d == 0 {
                counts.undated += 1;
            } else if let Some(c) = counts.months.get_mut((month_of(d) - first) as usize) {
                *c += 1;
            }
        }
        counts
    }
}

/// Articles per month of a timeline's span, and the undated ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub months: Vec<usize>,
    pub undated: usize,
}

impl Counts {
    pub fn dated(&self) -> usize {
        self.months.iter().sum()
    }
}

/// How a span of months is cut into bars: whole months, or whole
/// calendar years (several a bar when even years are too many).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bars {
    /// The first month of the first bar.
    pub start: Month,
    /// Months a bar covers: 1, or a multiple of 12.
    pub months: u32,
    /// How many bars.
    pub len: usize,
}

impl Bars {
    /// The bars for `span` in at most `room` cells (one or more each):
    /// months when they fit, else years.
    pub fn fit(span: (Month, Month), room: usize) -> Bars {
        let (first, last) = span;
        let room = room.max(1);
        let months = (last - first + 1) as usize;
        if months <= room {
            return Bars {
                start: first,
                months: 1,
                len: months,
            };
        }
        let (y0, y1) = (first / 12, last / 12);
        let years = (y1 - y0 + 1) as usize;
        let per = years.div_ceil(room) as u32;
        Bars {
            start: y0 * 12,
            months: 12 * per,
            len: years.div_ceil(per as usize),
        }
    }

    /// The bar month `m` falls in (clamped to the bars).
    pub fn of(&self, m: Month) -> usize {
        ((m.saturating_sub(self.start) / self.months) as usize).min(self.len.saturating_sub(1))
    }

    /// The first and last month of bar `i`.
    pub fn bounds(&self, i: usize) -> (Month, Month) {
        let a = self.start + i as u32 * self.months;
        (a, a + self.months - 1)
    }

    /// What bar `i` is called: `Mar 2018`, `2018`, `2010–2014`.
    pub fn label(&self, i: usize) -> String {
        let (a, b) = self.bounds(i);
        if self.months == 1 {
            month_label(a)
        } else if self.months == 12 {
            (a / 12).to_string()
        } else {
            format!("{}–{}", a / 12, b / 12)
        }
    }

    /// Per bar, the sum of `counts` (months from `span.0`).
    pub fn sums(&self, counts: &Counts, span_start: Month) -> Vec<usize> {
        let mut out = vec![0; self.len];
        for (k, &c) in counts.months.iter().enumerate() {
            if let Some(slot) = out.get_mut(self.of(span_start + k as u32)) {
                *slot += c;
            }
        }
        out
    }
}

/// The eighths of a cell's height a bar of `count` gets beside a tallest
/// of `max`: rounded up, so a bar for any article at all is never empty
/// (at least `▁`) and only the tallest fills the cell.
pub fn eighths(count: usize, max: usize) -> u8 {
    if count == 0 || max == 0 {
        return 0;
    }
    let e = (count.min(max) * 8).div_ceil(max);
    e.clamp(1, 8) as u8
}

/// The block for `eighths` of a cell: a space for none.
pub fn block(eighths: u8) -> char {
    const BLOCKS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    BLOCKS[usize::from(eighths.min(8))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_the_first_or_last_day_they_cover() {
        let d = |y, m, dd| day(y, m, dd).expect("a day");
        assert_eq!(parse_bound("2019", End::Since), Ok(d(2019, 1, 1)));
        assert_eq!(parse_bound("2019", End::Until), Ok(d(2019, 12, 31)));
        assert_eq!(parse_bound("2019-02", End::Until), Ok(d(2019, 2, 28)));
        assert_eq!(parse_bound("2020-02", End::Until), Ok(d(2020, 2, 29)));
        assert_eq!(parse_bound("2019-03-15", End::Since), Ok(d(2019, 3, 15)));
        assert_eq!(parse_bound("2019-03-15", End::Until), Ok(d(2019, 3, 15)));
        for bad in [
            "",
            "19",
            "2019-3",
            "2019-13",
            "2019-02-30",
            "2019/03",
            "soon",
            "2019-03-15-1",
            "0000",
            "２０１９",
        ] {
            assert!(parse_bound(bad, End::Since).is_err(), "{bad}");
        }
    }

    #[test]
    fn ranges_keep_their_days_and_no_undated_article() {
        let r = DateRange {
            since: parse_bound("2019-03", End::Since).ok(),
            until: parse_bound("2019-06", End::Until).ok(),
        };
        assert!(r.contains(day(2019, 3, 1).unwrap()));
        assert!(r.contains(day(2019, 6, 30).unwrap()));
        assert!(!r.contains(day(2019, 7, 1).unwrap()));
        assert!(!r.contains(0));
        assert!(DateRange::default().contains(0));
        assert_eq!(r.label(), "Mar 2019 – Jun 2019");
        let m = month_of(day(2018, 3, 9).unwrap());
        assert_eq!(DateRange::months(m, m).label(), "Mar 2018");
        assert_eq!(DateRange::months(m + 15, m).label(), "Mar 2018 – Jun 2019");
        let years = DateRange {
            since: parse_bound("2018", End::Since).ok(),
            until: parse_bound("2019", End::Until).ok(),
        };
        assert_eq!(years.label(), "2018 – 2019");
        let since = DateRange {
            since: parse_bound("2019-03-15", End::Since).ok(),
            until: None,
        };
        assert_eq!(since.label(), "since 15 Mar 2019");
    }

    #[test]
    fn bars_are_months_while_they_fit_then_years() {
        let m = |y: u32, mo: u32| y * 12 + mo - 1;
        let b = Bars::fit((m(2023, 2), m(2025, 8)), 40);
        assert_eq!((b.months, b.len), (1, 31));
        assert_eq!(b.label(0), "Feb 2023");
        let b = Bars::fit((m(2001, 5), m(2025, 8)), 40);
        assert_eq!((b.start, b.months, b.len), (m(2001, 1), 12, 25));
        assert_eq!(b.of(m(2025, 12)), 24);
        let b = Bars::fit((m(1900, 1), m(2025, 1)), 40);
        assert_eq!((b.months, b.len), (48, 32));
        assert_eq!(b.label(0), "1900–1903");
    }

    #[test]
    fn a_bar_for_any_article_is_never_empty() {
        assert_eq!(eighths(0, 10), 0);
        assert_eq!(eighths(1, 1000), 1);
        assert_eq!(eighths(1000, 1000), 8);
        assert_eq!(eighths(999, 1000), 8);
        assert_eq!(eighths(500, 1000), 4);
        assert_eq!(block(eighths(1, 1000)), '▁');
        for max in 1..60 {
            for c in 1..=max {
                let e = eighths(c, max);
                assert!((1..=8).contains(&e), "{c}/{max}");
                // Honest: never more than a cell's eighth above the count.
                assert!(
                    f64::from(e) - 1.0 < c as f64 * 8.0 / max as f64,
                    "{c}/{max}"
                );
            }
        }
    }
}
