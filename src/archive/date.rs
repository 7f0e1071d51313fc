//! Article dates: `YYYY-MM-DD` or an RFC 3339 date-time, checked against
//! the calendar and turned into a sort key (Unix seconds, UTC).

use super::model::Date;

/// Why a date did not parse, worded for a person fixing the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateError {
    /// Not in either accepted shape.
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
    /// Also what exports write: an offset without a colon (`+0200`) and a
    /// date-time with no offset at all (site-local time, sorted as if UTC).
    Lenient,
}

/// [`parse_date`] with a choice of rules.
pub(crate) fn parse_date_as(text: String, rules: Rules) -> (Date, Option<DateError>) {
    match parse(text.trim(), rules) {
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

/// Reads `n` ASCII digits at `at` as a number.
fn digits(b: &[u8], at: usize, n: usize) -> Option<i64> {
    let part = b.get(at..at + n)?;
    part.iter().try_fold(0i64, |acc, &d| {
        d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0'))
    })
}

fn parse(t: &str, rules: Rules) -> Result<(i64, String), DateError> {
    let b = t.as_bytes();
    let (Some(year), Some(month), Some(day)) = (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2))
    else {
        return Err(DateError::Shape);
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(DateError::Shape);
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::Value(format!("there is no month {month}")));
    }
    let last = days_in_month(year, month);
    if !(1..=last).contains(&day) {
        return Err(DateError::Value(format!(
            "{} {year} has {last} days",
            MONTHS
                .get((month - 1) as usize)
                .copied()
                .unwrap_or("that month")
        )));
    }
    // Ten ASCII bytes were just read, so this slice is on a char boundary.
    let day_text = t.get(..10).unwrap_or(t).to_string();
    let days = days_from_civil(year, month, day);
    if b.len() == 10 {
        return Ok((days * 86_400, day_text));
    }

    // Date-time: separator, HH:MM:SS, optional fraction, then Z or ±HH:MM.
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return Err(DateError::Shape);
    }
    let (Some(h), Some(m), Some(s)) = (digits(b, 11, 2), digits(b, 14, 2), digits(b, 17, 2)) else {
        return Err(DateError::Shape);
    };
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return Err(DateError::Shape);
    }
    // RFC 3339 allows second 60 for leap seconds.
    if h > 23 || m > 59 || s > 60 {
        return Err(DateError::Value(format!(
            "{h:02}:{m:02}:{s:02} is not a time of day"
        )));
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Err(DateError::Shape);
        }
    }
    let lenient = rules == Rules::Lenient;
    let offset = match b.get(i) {
        None if lenient => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() || (lenient && i + 5 == b.len()) => {
            // `+HH:MM`, or `+HHMM` where the rules allow it.
            let minutes_at = if i + 6 == b.len() { i + 4 } else { i + 3 };
            let (Some(oh), Some(om)) = (digits(b, i + 1, 2), digits(b, minutes_at, 2)) else {
                return Err(DateError::Shape);
            };
            if minutes_at == i + 4 && b.get(i + 3) != Some(&b':') {
                return Err(DateError::Shape);
            }
            if oh > 23 || om > 59 {
                return Err(DateError::Value(format!(
                    "{oh:02}:{om:02} is not an offset"
                )));
            }
            let off = oh * 3600 + om * 60;
            if sign == b'-' { -off } else { off }
        }
        _ => return Err(DateError::Shape),
    };
    Ok((days * 86_400 + h * 3600 + m * 60 + s - offset, day_text))
}

/// The date as lektyr's own format writes it (RFC 3339, or a plain day):
/// the local time and offset the source meant, so the same day shows.
/// `None` when the date never parsed (it is then written as it was).
pub(crate) fn to_rfc3339(date: &Date) -> Option<String> {
    let key = date.key?;
    let text = date.text.trim();
    if text.len() == 10 {
        return Some(text.to_string());
    }
    // The written wall-clock time, read as if it were UTC.
    let wall = text
        .get(..19)
        .and_then(|t| parse(t, Rules::Lenient).ok())
        .map(|(k, _)| k);
    let offset = wall
        .map(|w| w - key)
        .filter(|o| o.abs() < 86_400 && o % 60 == 0);
    let (Some(wall), Some(offset)) = (wall, offset) else {
        return Some(from_unix(key).text.into());
    };
    let days = wall.div_euclid(86_400);
    let rest = wall.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let zone = if offset == 0 {
        "Z".to_string()
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let o = offset.abs();
        format!("{sign}{:02}:{:02}", o / 3600, o % 3600 / 60)
    };
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{zone}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    ))
}

/// A moment given as Unix seconds (Google Reader's `published`), written
/// as an RFC 3339 UTC date-time.
pub(crate) fn from_unix(secs: i64) -> Date {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let day = format!("{y:04}-{m:02}-{d:02}");
    Date {
        text: format!(
            "{day}T{:02}:{:02}:{:02}Z",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        )
        .into(),
        key: Some(secs),
        day: Some(day.into()),
    }
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let m = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let y = year_of_era + era * 400 + i64::from(m <= 2);
    (y, m, d)
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

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date. Counts whole
/// 400-year eras (146,097 days each) from 0000-03-01, so that the leap day
/// falls at the end of each counted year.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let month_from_march = (m + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719,468 days lie between 0000-03-01 and 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

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
        assert_eq!(lenient("2016-09-08T11:55:58+02").key, None);
        assert_eq!(lenient("2016-09-08T11:55:58+02:0").key, None);
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
