//! Search from the outside: the query language over the built-in sample
//! through the library, and `lektyr list --search` as a script uses it.

mod common;

use lektyr::archive::load_str;
use lektyr::cli::SAMPLE;
use lektyr::search::Query;

fn ids(query: &str) -> Vec<String> {
    let archive = load_str("sample", SAMPLE).expect("sample loads");
    let q = Query::parse(query);
    archive
        .order
        .iter()
        .filter_map(|&i| q.hit(&archive, i))
        .map(|h| archive.articles[h.article].id.to_string())
        .collect()
}

#[test]
fn words_all_match_exclusions_remove() {
    let both = ids("teknikern varumärket");
    assert_eq!(both, ["faltservice-i-norrbotten"]);
    let one = ids("teknikern");
    assert!(one.len() > both.len(), "{one:?}");
    let without = ids("teknikern -varumärket");
    assert_eq!(without.len(), one.len() - 1);
    assert!(!without.contains(&"faltservice-i-norrbotten".to_string()));
    assert!(ids("teknikern -teknikern").is_empty());
}

#[test]
fn smart_case() {
    // Lower case finds the topic name however it is written; a capital
    // asks for that spelling exactly.
    let any = ids("kundresa");
    let exact = ids("Kundresa");
    assert!(any.len() >= exact.len() && !exact.is_empty());
    assert!(ids("KUNDRESA").is_empty());
}

#[test]
fn every_hit_reports_a_place_that_holds_it() {
    let archive = load_str("sample", SAMPLE).expect("sample loads");
    // Every article of the sample but `missed`, by id in order.
    let all_but = |missed: &[&str]| -> Vec<String> {
        let mut ids: Vec<String> = (archive.articles.iter())
            .map(|a| a.id.to_string())
            .filter(|id| !missed.contains(&id.as_str()))
            .collect();
        ids.sort();
        ids
    };
    let listed = |ids: &[&str]| -> Vec<String> { ids.iter().map(|s| s.to_string()).collect() };
    // What each query finds, so that one finding nothing fails.
    let cases = [
        ("kund", all_but(&["we-are-hiring-developer"])),
        (
            "the",
            listed(&[
                "accessibility-is-customer-experience",
                "customer-advisory-board-2023",
                "data-quality-is-a-kindness",
                "experience-journey-the-handover",
                "tokyo-office-visit",
                "we-are-hiring-developer",
                "why-we-stopped-weekly-nps",
                "writing-plugins-that-stay-out-of-the-way",
            ]),
        ),
        (
            "ä",
            all_but(&[
                "customer-advisory-board-2023",
                "data-quality-is-a-kindness",
                "experience-journey-the-handover",
                "we-are-hiring-developer",
                "writing-plugins-that-stay-out-of-the-way",
            ]),
        ),
        (
            "\"kundresan\"",
            listed(&[
                "upplevelseresan-forsta-samtalet",
                "upplevelseresan-kartan-ar-inte-resan",
            ]),
        ),
        ("日本", listed(&["tokyo-office-visit"])),
    ];
    for (query, expected) in cases {
        let q = Query::parse(query);
        let mut found = Vec::new();
        for i in 0..archive.articles.len() {
            if let Some(hit) = q.hit(&archive, i) {
                found.push(archive.articles[i].id.to_string());
                let (text, range) = &hit.first;
                let piece = text.get(range.clone()).expect("on char boundaries");
                let needle = query.trim_matches('"');
                assert!(
                    piece.to_lowercase().contains(&needle.to_lowercase()),
                    "{query}: {piece:?}"
                );
                assert!(hit.matches >= 1);
            }
        }
        found.sort();
        assert_eq!(found, expected, "{query}");
    }
}

#[test]
fn list_search_prints_hits_and_exits_like_grep() {
    let out = common::lektyr()
        .args(["list", "--search", "teknikern varumärket"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("faltservice-i-norrbotten\t"), "{text}");

    let out = common::lektyr()
        .args(["list", "--search", "ingenstans-finns-detta"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());

    let out = common::lektyr()
        .args([
            "list",
            "--json",
            "--search",
            "teknikern",
            "--topic",
            "Fältservice",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 1, "the topic filter still applies");
    let row = &rows[0];
    assert_eq!(row["id"], "faltservice-i-norrbotten");
    assert!(row["matches"].as_u64().unwrap_or(0) >= 2, "{row}");
    let snippet = row["snippet"].as_str().unwrap_or_default();
    assert!(
        snippet.to_lowercase().contains("teknikern") && !snippet.contains('\n'),
        "{snippet}"
    );
    assert!(
        row["url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("https://"),
        "{row}"
    );
}

#[test]
fn counting_from_the_folded_text_agrees_with_the_full_match() {
    let archive = load_str("sample", SAMPLE).expect("sample loads");
    let folded = lektyr::search::Folded::new(&archive);
    for query in [
        "kund",
        "the",
        "ä",
        "\"the customer\"",
        "kundresa -enkät",
        "Kundresa",
        "日本",
        "ss",
        "-the",
    ] {
        let q = Query::parse(query);
        let mut found = 0;
        for i in 0..archive.articles.len() {
            let hit = q.hit(&archive, i).map(|h| h.matches);
            assert_eq!(
                q.count(&archive, i, &folded),
                hit,
                "{query:?} in {}",
                archive.articles[i].id
            );
            found += usize::from(hit.is_some());
        }
        // Each query finds some articles and not all, so both ways of
        // counting are compared on hits and on misses.
        assert!(
            (1..archive.articles.len()).contains(&found),
            "{query:?} finds {found}"
        );
    }
}

#[test]
fn diacritics_count_unless_folding_is_asked_for() {
    let plain = common::lektyr()
        .args(["list", "--search", "tjanst"])
        .output()
        .expect("runs");
    assert_eq!(
        plain.status.code(),
        Some(1),
        "å, ä and ö are letters of their own"
    );
    let folded = common::lektyr()
        .args(["list", "--search", "tjanst", "--fold-diacritics"])
        .output()
        .expect("runs");
    assert!(folded.status.success());
    let text = String::from_utf8_lossy(&folded.stdout);
    assert!(text.contains("Tjänstedesign"), "{text}");
    // The same in the reader, from the config.
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "search_folds_diacritics = true\n").expect("config");
    let out = common::lektyr()
        .args([
            "snapshot", "--size", "100x12", "--keys", "/tjanst", "--config",
        ])
        .arg(&config)
        .output()
        .expect("runs");
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("/tjanst · "), "{screen}");
    assert!(!screen.contains("no match"), "{screen}");
    let out = common::lektyr()
        .args(["snapshot", "--size", "100x12", "--keys", "/tjanst"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("no match"));
}

#[test]
fn the_search_history_is_kept_with_the_state() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().to_str().expect("utf-8 path");
    let run = |keys: &str| {
        let out = common::lektyr()
            .args([
                "snapshot",
                "--size",
                "100x12",
                "--state-dir",
                state,
                "--keys",
                keys,
            ])
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run("/teknikern<Enter>");
    // Another process, the same archive: ↑ in a new prompt recalls it.
    let screen = run("<Esc>/<Up>");
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.starts_with("/teknikern"), "{screen}");
}

/// One definition of what is searched: for every article of the sample,
/// the list's count, `list --search`'s hit, the matches the reader places
/// (and highlights) and the places `n` visits are the same number. The
/// queries include words shown in the reader but not searched (`min`
/// read, related titles, the date) and ones in the title, the meta line's
/// author and the topics.
#[test]
fn counts_highlights_and_n_agree_for_every_article() {
    use lektyr::app::{App, Source};
    use lektyr::keymap::parse_keys;
    use lektyr::layout::{find_matches, lay_out};
    use lektyr::theme::Theme;
    use ratatui::layout::Rect;
    use std::collections::BTreeSet;

    let archive = load_str("sample", SAMPLE).expect("sample loads");
    let folded = lektyr::search::Folded::new(&archive);
    let mut hits_seen = 0;
    for query in [
        "NPS",
        "teknikern",
        "min",
        "kund",
        "Jonas",
        "2024",
        "the",
        "related",
        "Dynamics",
    ] {
        let q = Query::parse(query);
        let mut total = 0;
        for i in 0..archive.articles.len() {
            let id = &archive.articles[i].id;
            let hit = q.hit(&archive, i).map(|h| h.matches);
            assert_eq!(q.count(&archive, i, &folded), hit, "{query:?} in {id}");
            for width in [40, 80] {
                let laid = lay_out(&archive, i, width, &Theme::default());
                let found = find_matches(&archive, &laid, &q, 0..laid.lines.len());
                let indices: BTreeSet<usize> = found.iter().map(|f| f.index).collect();
                let want: BTreeSet<usize> = (0..hit.unwrap_or(0)).collect();
                assert_eq!(indices, want, "{query:?} in {id} at {width}");
                // Each place shows the match's own text (one in text
                // the reader cuts short, as an image's alt text, is on
                // that line, with no cells to highlight).
                for f in found.iter().filter(|f| f.width > 0) {
                    let line: String = laid.lines[f.line]
                        .spans
                        .iter()
                        .map(|s| s.content.as_ref())
                        .collect();
                    let (before, _) = lektyr::width::prefix_fitting(&line, f.x);
                    let (upto, _) = lektyr::width::prefix_fitting(&line, f.x + f.width);
                    let piece = &upto[before.len()..];
                    assert_eq!(
                        q.find_in(piece).len(),
                        1,
                        "{query:?} in {id}: {line:?} at {}+{}",
                        f.x,
                        f.width
                    );
                }
            }
            total += hit.unwrap_or(0);
        }
        hits_seen += total;
        if total == 0 {
            continue;
        }

        // `n` from the first hit visits every match of every hit once,
        // then comes back to the first.
        let mut app = App::new(
            load_str("sample", SAMPLE).expect("sample loads"),
            Source::File("sample".into()),
            Rect::new(0, 0, 80, 24),
        );
        let press = |app: &mut App, keys: &str| {
            for key in parse_keys(keys).expect("keys parse") {
                app.handle_key(key);
                while app.seeking() {
                    app.idle_work(std::time::Instant::now() + std::time::Duration::from_millis(50));
                }
            }
        };
        press(&mut app, &format!("/{query}<Enter><Enter>"));
        let here = |app: &App| {
            let a = app.article.expect("an article");
            (a, app.search.current_match(a))
        };
        let start = here(&app);
        let mut visited = BTreeSet::new();
        visited.insert(start);
        for _ in 1..total {
            press(&mut app, "n");
            assert!(
                visited.insert(here(&app)),
                "{query:?}: {:?} twice",
                here(&app)
            );
        }
        press(&mut app, "n");
        assert_eq!(
            here(&app),
            start,
            "{query:?}: back at the first after {total}"
        );
        for (a, m) in &visited {
            let count = q.hit(&app.archive, *a).map_or(0, |h| h.matches);
            assert!(
                m.is_some_and(|m| m < count),
                "{query:?}: {a} {m:?} of {count}"
            );
        }
    }
    assert!(hits_seen > 50, "{hits_seen}");
}
