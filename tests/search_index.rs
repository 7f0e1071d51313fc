//! The trigram index answers as a plain scan does: for generated archives
//! and queries, every article the scan matches is among the index's
//! candidates, and the candidates checked by the scan are the scan's
//! matches. Texts mix Swedish letters, `ß`, Greek final sigma, CJK,
//! emoji, capitals, and characters whose folding changes their length
//! (`ẞ`, `İ`, the Kelvin sign, `ﬁ`).

use lektyr::archive::{Archive, load_str};
use lektyr::search::{Folded, Query, folded_text};
use lektyr::search_index::{Candidates, Index, IndexBuilder};
use proptest::prelude::*;

/// The characters texts are made of.
const TEXT: &str = "[aAåÅäÄöÖßẞσςΣtTeEhHkK\u{212a}İiﬁf日本語😀 ]{0,24}";

fn archive(articles: &[(String, Vec<String>)]) -> Archive {
    let articles: Vec<serde_json::Value> = articles
        .iter()
        .enumerate()
        .map(|(i, (title, body))| {
            serde_json::json!({"id": format!("a{i}"), "title": title, "body": body})
        })
        .collect();
    let json = serde_json::json!({"version": 1, "articles": articles}).to_string();
    load_str("generated.json", &json).expect("a generated archive loads")
}

fn build(archive: &Archive) -> Index {
    let mut builder = IndexBuilder::new();
    for i in 0..archive.articles.len() {
        assert!(builder.add(&folded_text(archive, i)));
    }
    builder.finish()
}

/// The articles the scan matches.
fn scan(query: &Query, archive: &Archive, folded: &Folded) -> Vec<u32> {
    (0..archive.articles.len())
        .filter(|&i| query.count(archive, i, folded).is_some())
        .map(|i| i as u32)
        .collect()
}

/// Bytes of a term once case-folded as the index's text is (a capital
/// can fold to fewer bytes: the Kelvin sign to `k`).
fn folded_len(query: &Query, term: &str) -> usize {
    if !query.is_case_sensitive() {
        return term.len();
    }
    let lower = Query::parse(&format!("\"{}\"", term.to_lowercase()));
    lower.terms().map(|(t, _)| t.len()).sum()
}

/// One word or phrase of a generated query: a piece of an article's text
/// (or a made-up one), perhaps cased otherwise, quoted, excluded.
#[derive(Debug, Clone)]
struct Piece {
    from_text: bool,
    article: usize,
    field: usize,
    start: usize,
    len: usize,
    made_up: String,
    case: u8,
    phrase: bool,
    exclude: bool,
}

fn piece() -> impl Strategy<Value = Piece> {
    (
        prop::bool::weighted(0.75),
        (any::<usize>(), any::<usize>(), any::<usize>(), 1usize..8),
        "[aAåäÖßσςΣtehK日本語😀]{1,5}",
        0u8..4,
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(from_text, (article, field, start, len), made_up, case, phrase, exclude)| Piece {
                from_text,
                article,
                field,
                start,
                len,
                made_up,
                case,
                phrase,
                exclude,
            },
        )
}

impl Piece {
    fn write(&self, articles: &[(String, Vec<String>)]) -> String {
        let mut text = self.made_up.clone();
        if self.from_text && !articles.is_empty() {
            let (title, body) = &articles[self.article % articles.len()];
            let field = match self.field % (body.len() + 1) {
                0 => title,
                n => &body[n - 1],
            };
            let chars: Vec<char> = field.chars().collect();
            if !chars.is_empty() {
                let start = self.start % chars.len();
                let end = (start + self.len).min(chars.len());
                text = chars[start..end].iter().collect();
            }
        }
        let text = match self.case {
            1 => text.to_lowercase(),
            2 => text.to_uppercase(),
            _ => text,
        };
        // Quotes in a phrase would end it; words are split by the parser.
        let text = text.replace('"', "");
        let text = if self.phrase {
            format!("\"{text}\"")
        } else {
            text
        };
        if self.exclude {
            format!("-{text}")
        } else {
            text
        }
    }
}

fn articles() -> impl Strategy<Value = Vec<(String, Vec<String>)>> {
    prop::collection::vec((TEXT, prop::collection::vec(TEXT, 0..3)), 1..10)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_index_answers_as_a_scan_does(
        articles in articles(),
        queries in prop::collection::vec(prop::collection::vec(piece(), 1..4), 1..6),
    ) {
        let archive = archive(&articles);
        prop_assert_eq!(archive.articles.len(), articles.len());
        let folded = Folded::new(&archive);
        let index = build(&archive);
        prop_assert_eq!(index.articles() as usize, articles.len());
        let back = Index::from_bytes(&index.to_bytes()).expect("its own bytes read back");
        for pieces in &queries {
            let input: Vec<String> = pieces.iter().map(|p| p.write(&articles)).collect();
            let input = input.join(" ");
            for fold_marks in [false, true] {
                let query = Query::parse_with(&input, fold_marks);
                let matched = scan(&query, &archive, &folded);
                let candidates = index.candidates(&query);
                for &a in &matched {
                    prop_assert!(
                        candidates.may_match(a),
                        "{input:?}: article {a} matches but is not a candidate {candidates:?}"
                    );
                }
                // Checked by the scan, the candidates are the scan's matches.
                let checked: Vec<u32> = (0..articles.len() as u32)
                    .filter(|&a| candidates.may_match(a))
                    .filter(|&a| query.count(&archive, a as usize, &folded).is_some())
                    .collect();
                prop_assert_eq!(&checked, &matched, "{:?}", input);
                // Read afresh (as a search through the index reads its
                // candidates), every article counts as the scan counts it.
                for a in 0..articles.len() {
                    prop_assert_eq!(
                        query.count_fresh(&archive, a),
                        query.count(&archive, a, &folded),
                        "{:?}, article {}", input, a
                    );
                }
                if let Candidates::Some(list) = &candidates {
                    prop_assert!(list.windows(2).all(|w| w[0] < w[1]));
                    prop_assert!(list.iter().all(|&a| (a as usize) < articles.len()));
                }
                // It narrows whenever it can: a word of three bytes or more,
                // diacritics kept.
                let long = query
                    .terms()
                    .any(|(t, exclude)| !exclude && folded_len(&query, t) >= 3);
                prop_assert_eq!(
                    matches!(candidates, Candidates::Some(_)),
                    (long && !fold_marks) || query.is_empty(),
                    "{:?}", input
                );
                prop_assert_eq!(back.candidates(&query), candidates);
            }
        }
    }
}

/// In a larger archive a rare word leaves few candidates, and they are
/// exactly the articles with it.
#[test]
fn a_rare_word_leaves_few_candidates() {
    let articles: Vec<(String, Vec<String>)> = (0..500)
        .map(|i| {
            let rare = if i % 97 == 3 { " Zebrafink" } else { "" };
            (
                format!("Kunden och resan {i}"),
                vec![format!("Ett möte om tjänsten{rare}, 日本語 {}", i % 7)],
            )
        })
        .collect();
    let archive = archive(&articles);
    let folded = Folded::new(&archive);
    let index = build(&archive);
    for input in [
        "zebrafink",
        "Zebrafink",
        "\"tjänsten zebra\"",
        "zebra -möten",
    ] {
        let query = Query::parse(input);
        let Candidates::Some(list) = index.candidates(&query) else {
            panic!("{input}: the index does not narrow");
        };
        assert_eq!(list, [3, 100, 197, 294, 391, 488], "{input}");
        assert_eq!(list, scan(&query, &archive, &folded)[..], "{input}");
    }
    // A common word: every article a candidate.
    let Candidates::Some(all) = index.candidates(&Query::parse("resan")) else {
        panic!("resan: the index does not narrow");
    };
    assert_eq!(all.len(), 500);
    let Candidates::Some(six) = index.candidates(&Query::parse("\"日本語 6\"")) else {
        panic!("日本語 6: the index does not narrow");
    };
    assert_eq!(six.len(), 71);
    assert_eq!(six, scan(&Query::parse("\"日本語 6\""), &archive, &folded));
}
