//! Article dates, read with `jiff`: its calendar checks every date and
//! turns it into a sort key (Unix seconds, UTC) and the day shown, and its
//! RFC 3339 / ISO 8601 parser (the Temporal grammar) and RFC 2822 parser
//! read whatever shape an import writes. What stays lektyr's own:
//! which shapes each set of rules accepts (lektyr's own format is held to
//! RFC 3339 proper, so a file it calls clean reads anywhere), messages
//! worded for a person fixing the archive, and, kept by hand for speed, a
//! reader of the one fixed layout nearly every archive writes (see
//! [`Layout`]): with jiff's general parser for every date, opening an
//! archive of 10,000 articles took about 3% more CPU time.

use jiff::SignedDuration;
use jiff::civil::DateTime;
use jiff::fmt::rfc2822;
use jiff::fmt::temporal::Pieces;
use jiff::tz::Offset;

use super::model::Date;

/// Why a date did not parse, worded for a person fixing the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateError {
    /// Not in an accepted shape.
    Shape,
    /// In shape, but the calendar or clock has no such value.
    Value(String),
}

/// Parses `text` (already sanitized). A date that does not parse is kept as
/// text with no key, so it still shows and sorts last.
pub(crate) fn parse_date(text: String) -> (Date, Option<DateError>) {
    parse_date_as(text, Rules::Strict)
}

/// Which date-times are accepted besides RFC 3339.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rules {
    /// RFC 3339 only (lektyr's own format).
    Strict,
    /// Also what exports write: whatever else jiff reads as a date or a
    /// date-time with an offset or none: an offset without a colon
    /// (`+0200`) or minutes (`+02`), no seconds, a zone name in brackets,
    /// no offset at all (site-local time, sorted as if UTC), and RFC 2822
    /// (`Tue, 5 Mar 2024 14:30:00 +0100`) as feeds made from RSS write it.
    Lenient,
}

/// [`parse_date`] with a choice of rules.
pub(crate) fn parse_date_as(text: String, rules: Rules) -> (Date, Option<DateError>) {
    match read(text.trim(), rules).map(|w| (w.key(), day_text(w.when))) {
        Ok((key, day)) => (
            Date {
                text: text.into(),
                key: Some(key),
                day: Some(day.into()),
            },
            None,
        ),
        Err(e) => (
            Date {
                text: text.into(),
                key: None,
                day: None,
            },
            Some(e),
        ),
    }
}

/// A date as written: the wall-clock date-time (midnight for a plain day),
/// whether a time was written, and the offset written (`None`: none).
struct Written {
    when: DateTime,
    has_time: bool,
    offset: Option<Offset>,
}

impl Written {
    /// The sort key: whole seconds since 1970 (a fraction is dropped; a
    /// date-time with no offset is taken as UTC). Counted on the calendar,
    /// not through a jiff `Timestamp`, whose range stops a day short of the
    /// last day of 9999.
    fn key(&self) -> i64 {
        let whole = self
            .when
            .with()
            .subsec_nanosecond(0)
            .build()
            .unwrap_or(self.when);
        let offset = self.offset.map_or(0, |o| i64::from(o.seconds()));
        whole.duration_since(EPOCH).as_secs() - offset
    }
}

/// 1970-01-01T00:00:00, where keys count from.
const EPOCH: DateTime = DateTime::constant(1970, 1, 1, 0, 0, 0, 0);

/// Reads trimmed text under `rules`.
fn read(t: &str, rules: Rules) -> Result<Written, DateError> {
    match layout(t.as_bytes()) {
        Some(l) if rules == Rules::Lenient || l.is_rfc3339() => {
            return l.written().ok_or_else(|| explain(t));
        }
        _ if rules == Rules::Strict => return Err(explain(t)),
        _ => {}
    }
    // Any other shape an import may write: jiff's general parsers.
    if let Ok(p) = Pieces::parse(t) {
        let offset = p.offset().map(|o| o.to_numeric_offset());
        // An offset of a day or more is no place's (jiff reads up to 25
        // hours); RFC 3339 stops at 23:59.
        if offset.is_some_and(|o| o.seconds().abs() >= 86_400) {
            return Err(explain(t));
        }
        let time = p.time();
        return Ok(Written {
            when: p.date().to_datetime(time.unwrap_or_default()),
            has_time: time.is_some(),
            offset,
        });
    }
    if let Ok(z) = RFC2822.parse_zoned_datetime(t) {
        return Ok(Written {
            when: z.datetime(),
            has_time: true,
            offset: Some(z.offset()),
        });
    }
    Err(explain(t))
}

static RFC2822: rfc2822::DateTimeParser = rfc2822::DateTimeParser::new();

/// The fields of a date laid out as nearly every archive writes it:
/// `YYYY-MM-DD`, or that, `T` (or `t`, or a space), `HH:MM:SS`, maybe a
/// fraction of a second (dropped), and `Z`, `±HH:MM`, `±HHMM` or nothing.
/// Read here by position, not by jiff's general parser: that costs about
/// four times as much a date (some 100 ns), and opening an archive reads
/// one or two dates an article, which made opening 10,000 articles (v1 or
/// WordPress) about 3% slower. jiff still checks the values and counts
/// the days.
struct Layout {
    date: [i8; 3],
    year: i16,
    time: Option<[i8; 3]>,
    zone: Zone,
}

/// The offset as laid out: sign (-1 or 1), hours and minutes.
#[derive(PartialEq, Eq)]
enum Zone {
    None,
    Utc,
    Colon(i32, i32, i32),
    Compact(i32, i32, i32),
}

fn layout(b: &[u8]) -> Option<Layout> {
    let num = |at: usize, n: usize| -> Option<i32> {
        b.get(at..at + n)?.iter().try_fold(0i32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + i32::from(d - b'0'))
        })
    };
    let is = |at: usize, c: u8| b.get(at) == Some(&c);
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if !(is(4, b'-') && is(7, b'-')) {
        return None;
    }
    // Four digits and two digits always fit.
    let year = i16::try_from(year).ok()?;
    let date = [month as i8, day as i8, 0];
    if b.len() == 10 {
        return Some(Layout {
            date,
            year,
            time: None,
            zone: Zone::None,
        });
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || !is(13, b':') || !is(16, b':') {
        return None;
    }
    let time = [num(11, 2)? as i8, num(14, 2)? as i8, num(17, 2)? as i8];
    let mut i = 19;
    if is(i, b'.') {
        let digits = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        i += 1 + digits;
    }
    let sign = if is(i, b'-') { -1 } else { 1 };
    let zone = match b.get(i) {
        None => Zone::None,
        Some(b'Z' | b'z') if i + 1 == b.len() => Zone::Utc,
        Some(b'+' | b'-') if i + 6 == b.len() && is(i + 3, b':') => {
            Zone::Colon(sign, num(i + 1, 2)?, num(i + 4, 2)?)
        }
        Some(b'+' | b'-') if i + 5 == b.len() => {
            Zone::Compact(sign, num(i + 1, 2)?, num(i + 3, 2)?)
        }
        _ => return None,
    };
    Some(Layout {
        date,
        year,
        time: Some(time),
        zone,
    })
}

impl Layout {
    /// Whether this is RFC 3339 proper: a plain day, or a date-time with
    /// `Z` or `±HH:MM`.
    fn is_rfc3339(&self) -> bool {
        self.time.is_none() || matches!(self.zone, Zone::Utc | Zone::Colon(..))
    }

    /// The date, when the calendar, the clock and the offset have it.
    fn written(&self) -> Option<Written> {
        let [month, day, _] = self.date;
        let [h, m, s] = self.time.unwrap_or_default();
        // A leap second counts as the second before it, as jiff reads it.
        let s = if s == 60 { 59 } else { s };
        let when = DateTime::new(self.year, month, day, h, m, s, 0).ok()?;
        let offset = match self.zone {
            Zone::None => None,
            Zone::Utc => Some(Offset::UTC),
            Zone::Colon(sign, oh, om) | Zone::Compact(sign, oh, om) => {
                if oh > 23 || om > 59 {
                    return None;
                }
                Some(Offset::from_seconds(sign * (oh * 3600 + om * 60)).ok()?)
            }
        };
        Some(Written {
            when,
            has_time: self.time.is_some(),
            offset,
        })
    }
}

/// Why `t` did not read: the first value out of range where the text is
/// laid out as RFC 3339, else its shape.
fn explain(t: &str) -> DateError {
    let b = t.as_bytes();
    let num = |at: usize, n: usize| -> Option<i64> {
        let part = b.get(at..at + n)?;
        part.iter().try_fold(0i64, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (num(0, 4), num(5, 2), num(8, 2)) else {
        return DateError::Shape;
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return DateError::Shape;
    }
    if !(1..=12).contains(&month) {
        return DateError::Value(format!("there is no month {month}"));
    }
    // A four-digit year and a month of 1 to 12 always make a jiff date.
    let last = i16::try_from(year)
        .ok()
        .and_then(|y| jiff::civil::Date::new(y, month as i8, 1).ok())
        .map_or(31, |d| i64::from(d.days_in_month()));
    if !(1..=last).contains(&day) {
        return DateError::Value(format!(
            "{} {year} has {last} days",
            MONTHS
                .get((month - 1) as usize)
                .copied()
                .unwrap_or("that month")
        ));
    }
    let clock = [b.get(13), b.get(16)] == [Some(&b':'), Some(&b':')];
    if let (true, Some(h), Some(m), Some(s)) = (clock, num(11, 2), num(14, 2), num(17, 2)) {
        // RFC 3339 allows second 60 for leap seconds.
        if h > 23 || m > 59 || s > 60 {
            return DateError::Value(format!("{h:02}:{m:02}:{s:02} is not a time of day"));
        }
        let mut i = 19;
        if b.get(i) == Some(&b'.') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'+' | b'-')) {
            let minutes_at = if b.get(i + 3) == Some(&b':') {
                i + 4
            } else {
                i + 3
            };
            if let (Some(oh), Some(om)) = (num(i + 1, 2), num(minutes_at, 2))
                && (oh > 23 || om > 59)
            {
                return DateError::Value(format!("{oh:02}:{om:02} is not an offset"));
            }
        }
    }
    DateError::Shape
}

/// `YYYY-MM-DD` of a date-time's day (written out by hand: `format!`
/// costs as much as reading the date).
fn day_text(dt: DateTime) -> String {
    let (y, m, d) = (dt.year(), dt.month(), dt.day());
    if !(0..=9999).contains(&y) {
        return format!("{y:04}-{m:02}-{d:02}");
    }
    let mut out = String::with_capacity(10);
    for (value, width) in [(i32::from(y), 4), (i32::from(m), 2), (i32::from(d), 2)] {
        if !out.is_empty() {
            out.push('-');
        }
        for place in (0..width).rev() {
            let digit = value / 10i32.pow(place) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
    }
    out
}

/// A date-time and an offset in seconds as RFC 3339 (`Z` for UTC), to the
/// second.
fn rfc3339_text(dt: DateTime, offset: i64) -> String {
    let zone = if offset == 0 {
        "Z".to_string()
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let o = offset.abs();
        format!("{sign}{:02}:{:02}", o / 3600, o % 3600 / 60)
    };
    format!(
        "{}T{:02}:{:02}:{:02}{zone}",
        day_text(dt),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// The date as lektyr's own format writes it (RFC 3339, or a plain day):
/// the local time and offset the source meant, so the same day shows.
/// `None` when the date never parsed (it is then written as it was).
pub(crate) fn to_rfc3339(date: &Date) -> Option<String> {
    let key = date.key?;
    let written = read(date.text.trim(), Rules::Lenient).ok();
    if let Some(w) = &written
        && !w.has_time
    {
        return Some(day_text(w.when));
    }
    // The written wall-clock time, read as if it were UTC: its distance
    // from the key is the offset meant (WordPress sorts by `date_gmt`).
    let wall = written.map(|w| {
        let local = Written { offset: None, ..w };
        (local.key(), w.when)
    });
    match wall {
        Some((k, when)) if (k - key).abs() < 86_400 && (k - key) % 60 == 0 => {
            Some(rfc3339_text(when, k - key))
        }
        _ => Some(from_unix(key).text.into()),
    }
}

/// A moment given as Unix seconds (Google Reader's `published`), written
/// as an RFC 3339 UTC date-time. One past jiff's years (-9999 to 9999)
/// keeps its place in the order and shows as the number.
pub(crate) fn from_unix(secs: i64) -> Date {
    match EPOCH.checked_add(SignedDuration::from_secs(secs)) {
        Ok(dt) => Date {
            text: rfc3339_text(dt, 0).into(),
            key: Some(secs),
            day: Some(day_text(dt).into()),
        },
        Err(_) => Date {
            text: secs.to_string().into(),
            key: Some(secs),
            day: None,
        },
    }
}

/// English month names, January first (messages and date formats use them).
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(t: &str) -> Option<i64> {
        parse_date(t.to_string()).0.key
    }

    #[test]
    fn plain_days() {
        assert_eq!(key("1970-01-01"), Some(0));
        assert_eq!(key("2000-03-01"), Some(951_868_800));
        assert_eq!(key("2024-02-29"), Some(1_709_164_800));
        assert_eq!(key("1969-12-31"), Some(-86_400));
        assert_eq!(
            parse_date("2024-03-05".into()).0.day.as_deref(),
            Some("2024-03-05")
        );
    }

    #[test]
    fn date_times() {
        assert_eq!(key("2024-03-05T14:30:00Z"), Some(1_709_649_000));
        assert_eq!(key("2024-03-05t14:30:00z"), Some(1_709_649_000));
        assert_eq!(key("2024-03-05T15:30:00+01:00"), Some(1_709_649_000));
        assert_eq!(key("2024-03-05T13:30:00.250-01:00"), Some(1_709_649_000));
        // The day shown is the one written, not the UTC one.
        let (d, _) = parse_date("2024-03-06T00:30:00+02:00".into());
        assert_eq!(d.day.as_deref(), Some("2024-03-06"));
        assert_eq!(d.key, Some(1_709_677_800));
    }

    #[test]
    fn lenient_dates() {
        let lenient = |t: &str| parse_date_as(t.to_string(), Rules::Lenient).0;
        assert_eq!(
            lenient("2016-09-08T11:55:58+0200").key,
            key("2016-09-08T11:55:58+02:00")
        );
        assert_eq!(
            lenient("2016-09-08T11:55:58").key,
            key("2016-09-08T11:55:58Z")
        );
        assert_eq!(
            lenient("2016-09-08T11:55:58").day.as_deref(),
            Some("2016-09-08")
        );
        assert_eq!(
            lenient("2016-09-08T11:55:58+02").key,
            key("2016-09-08T11:55:58+02:00")
        );
        assert_eq!(lenient("2016-09-08T11:55:58+02:0").key, None);
        assert_eq!(lenient("2016-09-08T11:55:58+24:00").key, None);
        assert_eq!(
            lenient("Tue, 5 Mar 2024 15:30:00 +0100").key,
            key("2024-03-05T14:30:00Z")
        );
        // RFC 2822 shows the day written, not the UTC one.
        assert_eq!(
            lenient("Wed, 06 Mar 2024 00:30:00 +0200").day.as_deref(),
            Some("2024-03-06")
        );
        assert_eq!(
            lenient("2024-03-05T15:30:00+01:00[Europe/Stockholm]").key,
            key("2024-03-05T14:30:00Z")
        );
        assert_eq!(
            lenient("2024-03-05T14:30Z").key,
            key("2024-03-05T14:30:00Z")
        );
    }

    #[test]
    fn leap_seconds_keep_their_day() {
        let d = parse_date("2016-12-31T23:59:60Z".into()).0;
        assert_eq!(d.day.as_deref(), Some("2016-12-31"));
        assert_eq!(to_rfc3339(&d).as_deref(), Some("2016-12-31T23:59:59Z"));
    }

    #[test]
    fn the_calendar_ends() {
        assert_eq!(key("9999-12-31T23:59:59Z"), Some(253_402_300_799));
        assert_eq!(key("0000-01-01"), Some(-62_167_219_200));
        let far = from_unix(i64::MAX);
        assert_eq!((far.key, far.day), (Some(i64::MAX), None));
        assert_eq!(far.text, i64::MAX.to_string());
        assert_eq!(from_unix(i64::MIN).day, None);
    }

    #[test]
    fn written_back_as_rfc3339() {
        let lenient = |t: &str| parse_date_as(t.to_string(), Rules::Lenient).0;
        let wallabag = lenient("2016-09-08T11:55:58+0200");
        assert_eq!(
            to_rfc3339(&wallabag).as_deref(),
            Some("2016-09-08T11:55:58+02:00")
        );
        // WordPress: local time as written, the key from `date_gmt`.
        let mut wp = lenient("2023-08-21T12:04:25");
        wp.key = lenient("2023-08-21T03:04:25").key;
        assert_eq!(
            to_rfc3339(&wp).as_deref(),
            Some("2023-08-21T12:04:25+09:00")
        );
        assert_eq!(
            to_rfc3339(&lenient("2024-03-05")).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            to_rfc3339(&from_unix(0)).as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
        assert_eq!(to_rfc3339(&lenient("yesterday")), None);
        for d in [wallabag, wp] {
            let again = parse_date(to_rfc3339(&d).unwrap_or_default()).0;
            assert_eq!((again.key, again.day), (d.key, d.day));
        }
    }

    #[test]
    fn unix_seconds() {
        for t in [
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "1969-12-31T12:00:00Z",
            "2400-03-01T00:00:01Z",
        ] {
            let k = key(t).unwrap_or_default();
            assert_eq!(from_unix(k).text, t);
            assert_eq!(from_unix(k).key, Some(k));
        }
    }

    #[test]
    fn bad_dates() {
        for t in [
            "2023-02-29",
            "2024-02-30",
            "2024-13-01",
            "2024-04-31",
            "2024-3-5",
            "05/03/2024",
            "2024-03-05T25:00:00Z",
            "2024-03-05T10:00:00",
            "2024-03-05T10:00:00.Z",
            "2024-03-05T10:00Z",
            "2024-03-05T10:00:00+0100",
            "",
            "yesterday",
            "２０２４-03-05",
        ] {
            let (d, e) = parse_date(t.to_string());
            assert_eq!(d.key, None, "{t}");
            assert!(e.is_some(), "{t}");
            assert_eq!(d.text, t);
        }
        assert_eq!(
            parse_date("2023-02-29".into()).1,
            Some(DateError::Value("February 2023 has 28 days".into()))
        );
    }
}
