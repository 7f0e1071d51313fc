//! How the list shows titles it cannot show whole: a title that begins
//! like another one (a series: "Upplevelseresan, del 5: …") drops the part
//! they share, so the cut keeps what tells them apart; and the compact date
//! of a narrow list.

use crate::width::display_width;

/// A shared beginning shorter than this many cells is no series name.
const SERIES_MIN: usize = 12;

/// A word this short before the one where two titles part ("del", "part",
/// "No.") numbers the series and is kept with what follows it.
const COUNTER_MAX: usize = 4;

/// Per title: the byte offset where the part that tells it apart from the
/// titles it shares a long beginning with starts (0: no such beginning).
/// Sorting brings each title next to the ones it shares the most with, so
/// this costs one sort of the titles, once per archive.
pub fn series_cuts(titles: &[&str]) -> Vec<u32> {
    // Sorted by each title's first eight bytes first (big-endian, so
    // numbers sort as the bytes do), the whole titles compared only on a
    // tie: the sort then works in a small, flat array.
    let head = |t: &str| {
        let mut b = [0u8; 8];
        let n = t.len().min(8);
        b[..n].copy_from_slice(&t.as_bytes()[..n]);
        u64::from_be_bytes(b)
    };
    let mut keyed: Vec<(u64, u32)> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| (head(t), i as u32))
        .collect();
    keyed.sort_unstable_by(|x, y| {
        x.0.cmp(&y.0)
            .then_with(|| titles[x.1 as usize].cmp(titles[y.1 as usize]))
    });
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i as usize).collect();
    // Per title, the longest beginning (in bytes) it shares with another.
    let mut shared = vec![0usize; titles.len()];
    for pair in order.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let n = common_prefix(titles[a], titles[b]);
        shared[a] = shared[a].max(n);
        shared[b] = shared[b].max(n);
    }
    titles
        .iter()
        .zip(shared)
        .map(|(title, n)| cut_at(title, n))
        .map(|cut| u32::try_from(cut).unwrap_or(0))
        .collect()
}

/// [`series_cuts`] of an archive's titles.
pub fn archive_series(archive: &crate::archive::Archive) -> Vec<u32> {
    let titles: Vec<&str> = archive.articles.iter().map(|a| a.title.as_str()).collect();
    series_cuts(&titles)
}

/// Bytes two strings share from the start, at a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// Where `title`'s own part starts when its first `shared` bytes are a
/// series name: at the word in which it parts from the other titles, or
/// at the short counter word before it.
fn cut_at(title: &str, shared: usize) -> usize {
    if shared >= title.len() || display_width(&title[..shared]) < SERIES_MIN {
        return 0;
    }
    // Back to the start of the word the difference falls in.
    let word_start = title[..shared].rfind(' ').map_or(0, |i| i + 1);
    let before = title[..word_start].trim_end();
    let counter_start = before.rfind(' ').map_or(0, |i| i + 1);
    let cut = if word_start > 0 && display_width(&before[counter_start..]) <= COUNTER_MAX {
        counter_start
    } else {
        word_start
    };
    if display_width(&title[..cut]) < SERIES_MIN {
        0
    } else {
        cut
    }
}

/// `title` for a list column of `width` cells: whole when it fits; else,
/// when it belongs to a series, its own part whole (cut at the end only
/// when it alone is too wide) after as much of the series name as is left
/// room for, the name's end dropped for a `…`.
pub fn list_title(title: &str, cut: u32, width: usize) -> String {
    let cut = cut as usize;
    if display_width(title) <= width || cut == 0 || !title.is_char_boundary(cut) {
        return crate::width::truncate(title, width);
    }
    let (series, own) = title.split_at(cut);
    let room = width.saturating_sub(display_width(own) + 2);
    let head = crate::width::prefix_fitting(series, room)
        .0
        .trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ':');
    if display_width(head) < SERIES_HEAD_MIN {
        return crate::width::truncate(&format!("…{own}"), width);
    }
    format!("{head}… {own}")
}

/// Fewer cells of a series name than this say nothing; then the row shows
/// only `…` and the title's own part.
const SERIES_HEAD_MIN: usize = 4;

/// A `YYYY-MM-DD` day in at most six cells, as mail readers write dates:
/// day and month in `year` (the newest article's), the year alone before.
pub fn compact_date(day: &str, year: Option<&str>) -> String {
    let y = day.get(..4).unwrap_or(day);
    if year.is_some_and(|year| year == y) {
        crate::theme::DateFormat::parse("%e %b")
            .map(|f| f.format(day))
            .unwrap_or_else(|_| day.to_string())
    } else {
        y.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: [&str; 6] = [
        "Upplevelseresan, del 1: Det första samtalet",
        "Upplevelseresan, del 5: Kartan är inte resan",
        "Upplevelseresan, part 3: The handover nobody owns",
        "Om Norrsken: vilka vi är och varför vi skriver",
        "Why we stopped sending NPS surveys after every case",
        "Why we stopped, really",
    ];

    #[test]
    fn a_series_keeps_its_counter_and_what_follows() {
        let cuts = series_cuts(&SAMPLE);
        let own = |i: usize| &SAMPLE[i][cuts[i] as usize..];
        assert_eq!(own(0), "del 1: Det första samtalet");
        assert_eq!(own(1), "del 5: Kartan är inte resan");
        assert_eq!(own(2), "part 3: The handover nobody owns");
        // Nothing shared, or too short a beginning to be a series name.
        assert_eq!(cuts[3], 0);
        assert_eq!(cuts[4], 0, "what is left before the parting word is short");
    }

    #[test]
    fn cut_titles_show_what_tells_them_apart() {
        let cuts = series_cuts(&SAMPLE);
        assert_eq!(list_title(SAMPLE[1], cuts[1], 60), SAMPLE[1], "fits whole");
        assert_eq!(list_title(SAMPLE[1], cuts[1], 20), "…del 5: Kartan är i…");
        assert_eq!(
            list_title(SAMPLE[1], cuts[1], 32),
            "…del 5: Kartan är inte resan"
        );
        assert_eq!(
            list_title(SAMPLE[1], cuts[1], 33),
            "Uppl… del 5: Kartan är inte resan"
        );
        assert_eq!(
            list_title(SAMPLE[1], cuts[1], 40),
            "Upplevelser… del 5: Kartan är inte resan"
        );
        assert_eq!(list_title(SAMPLE[3], cuts[3], 20), "Om Norrsken: vilka…");
        for w in 0..50 {
            assert!(display_width(&list_title(SAMPLE[2], cuts[2], w)) <= w);
        }
    }

    #[test]
    fn odd_titles_never_panic() {
        let titles = [
            "",
            "",
            "日本語のタイトル日本語のタイトル",
            "日本語のタイトル日本語のテ",
            "a",
        ];
        let cuts = series_cuts(&titles);
        assert_eq!(cuts.len(), titles.len());
        for (t, c) in titles.iter().zip(&cuts) {
            assert!(t.is_char_boundary(*c as usize));
            let _ = list_title(t, *c, 5);
        }
    }

    #[test]
    fn compact_dates_are_day_and_month_this_year_else_the_year() {
        assert_eq!(compact_date("2025-08-29", Some("2025")), "29 Aug");
        assert_eq!(compact_date("2025-02-01", Some("2025")), "1 Feb");
        assert_eq!(compact_date("2023-02-14", Some("2025")), "2023");
        assert_eq!(compact_date("2023-02-14", None), "2023");
    }
}
