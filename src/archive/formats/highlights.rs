//! What the readers of highlights share: ids made for highlights an
//! export gives none, ids kept apart within an article, date stamps in
//! milliseconds, and the text of a quote and of a note.

use crate::archive::builder::{At, Builder, Seg};
use crate::archive::date::{Rules, parse_date_as};
use crate::archive::highlight::Highlight;
use crate::archive::json::{clean_string, prose_text, quote};

/// An id for a highlight its export gives none: `prefix`, `q` and a hash
/// of the quote with its whitespace folded (`wallabag-q1f…`).
pub(crate) fn quote_id(prefix: &str, quote: &str) -> String {
    let folded = crate::archive::sanitize::fold_space(quote);
    format!("{prefix}-q{:016x}", crate::hash::fnv1a(folded.as_bytes()))
}

/// Gives every highlight of an article an id of its own: a repeated one
/// gets `-2`, `-3`… after it. `said` is told the index of each that changed
/// and its new id (a reader whose format promises unique ids reports it).
pub(crate) fn unique_ids(list: &mut [Highlight], mut said: impl FnMut(usize, &str, &str)) {
    let mut seen = std::collections::HashSet::new();
    for (i, h) in list.iter_mut().enumerate() {
        if seen.insert(h.id.clone()) {
            continue;
        }
        let base = h.id.clone();
        let free = (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !seen.contains(id))
            .unwrap_or_default();
        said(i, &base, &free);
        seen.insert(free.clone());
        h.id = free;
    }
}

/// A quote or its context as stored: sanitized, spacing kept (finding it
/// again folds whitespace).
pub(crate) fn quote_text(raw: String) -> String {
    clean_string(raw)
}

/// A note as stored: prose (tabs as spaces, no blank edges); `None` when
/// blank.
pub(crate) fn note_text(raw: String) -> Option<String> {
    let note = prose_text(clean_string(raw));
    (!note.trim().is_empty()).then_some(note)
}

/// A date written as text (`2016-09-08T11:55:58+0200`, RFC 3339) as
/// milliseconds since 1970; one that does not parse is a problem at
/// `path` and 0.
pub(crate) fn stamp(b: &mut Builder, at: At, path: &[Seg<'_>], raw: String) -> u64 {
    let text = clean_string(raw);
    let (date, err) = parse_date_as(text, Rules::Lenient);
    match (date.key, err) {
        (Some(secs), None) => u64::try_from(secs).unwrap_or(0).saturating_mul(1000),
        _ => {
            b.problem(
                at,
                path,
                format!(
                    "date \"{}\" is not a date lektyr reads; the highlight is kept undated",
                    quote(&date.text)
                ),
            );
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_ids_are_stable_and_ignore_spacing() {
        let a = quote_id("omnivore", "Vi gick  hem\nsent.");
        assert_eq!(a, quote_id("omnivore", "Vi gick hem sent."));
        assert!(a.starts_with("omnivore-q"));
        assert_ne!(a, quote_id("omnivore", "Vi gick hem tidigt."));
    }

    #[test]
    fn repeated_ids_are_kept_apart() {
        let h = |id: &str| Highlight {
            id: id.into(),
            ..Highlight::default()
        };
        let mut list = vec![h("a"), h("a"), h("a-2"), h("a")];
        let mut told = Vec::new();
        unique_ids(&mut list, |i, old, new| {
            told.push((i, old.to_string(), new.to_string()))
        });
        let ids: Vec<&str> = list.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-2", "a-2-2", "a-3"]);
        assert_eq!(told.len(), 3);
    }
}
