//! "Did you mean": the names nearest to one that matched nothing, for
//! usage errors such as an unknown `--topic`.

/// How many suggestions a message offers at most.
const MAX: usize = 3;

/// Up to three of `names` nearest to `typed`, nearest first. Case is
/// ignored. A name that starts with `typed` counts as nearest; any other
/// name counts when it is within a few edits of `typed` (one per three
/// characters, at least one). Ties keep the order of `names`.
pub fn nearest<'a>(typed: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let typed = typed.trim().to_lowercase();
    let len = typed.chars().count();
    let limit = (len / 3).max(1);
    let mut near: Vec<(usize, &str)> = names
        .into_iter()
        .filter_map(|name| {
            let lower = name.trim().to_lowercase();
            if len > 0 && lower.starts_with(&typed) {
                return Some((0, name));
            }
            // More letters apart than allowed edits: never near.
            if lower.chars().count().abs_diff(len) > limit {
                return None;
            }
            let d = edit_distance(&typed, &lower);
            (d <= limit).then_some((d, name))
        })
        .collect();
    near.sort_by_key(|&(d, _)| d);
    near.into_iter().take(MAX).map(|(_, name)| name).collect()
}

/// Levenshtein distance in characters: the fewest insertions, deletions
/// and substitutions that turn `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // row[j]: the distance from the part of `a` seen so far to b[..j].
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            let best = substitute.min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = best;
        }
    }
    row[b.len()]
}

/// `“a”`, `“a” or “b”`, `“a”, “b” or “c”`.
pub fn or_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_edits_in_characters() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kultur", "kultur"), 0);
        assert_eq!(edit_distance("kultur", "kulture"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("mätning", "matning"), 1);
    }

    const TOPICS: [&str; 6] = ["Kundresa", "Kundservice", "Kultur", "Data", "Mätning", "AI"];

    #[test]
    fn prefixes_and_near_misses_are_suggested_nearest_first() {
        assert_eq!(nearest("kund", TOPICS), ["Kundresa", "Kundservice"]);
        assert_eq!(nearest("KULTURE", TOPICS), ["Kultur"]);
        assert_eq!(nearest("kundrese", TOPICS), ["Kundresa"]);
        assert_eq!(nearest("Matning", TOPICS), ["Mätning"]);
        assert_eq!(nearest("dta", TOPICS), ["Data"]);
        assert_eq!(nearest("k", TOPICS), ["Kundresa", "Kundservice", "Kultur"]);
    }

    #[test]
    fn nothing_far_is_suggested() {
        assert!(nearest("nosuch", TOPICS).is_empty());
        assert!(nearest("", TOPICS).iter().all(|t| t.chars().count() <= 1));
        assert!(nearest("zzzzzzzzzzzzzzzzzzzz", TOPICS).is_empty());
    }

    #[test]
    fn lists_read_as_a_sentence() {
        assert_eq!(or_list(&[]), "");
        assert_eq!(or_list(&["a"]), "“a”");
        assert_eq!(or_list(&["a", "b"]), "“a” or “b”");
        assert_eq!(or_list(&["a", "b", "c"]), "“a”, “b” or “c”");
    }
}
