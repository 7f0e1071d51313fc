//! A library: what the user names (files, folders of archives, standard
//! input) read as one archive. Opening one file is a library of one, read
//! by the same code: each source is loaded on its own (through its own
//! cache entry), then the archives are joined; a library of one is the
//! archive itself, untouched.

use std::path::{Path, PathBuf};

use crate::archive::{Archive, LoadError, LoadErrorKind, Sources};

/// A source as named on the command line or in the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// A file, or a folder of archives.
    Path(PathBuf),
    /// `-`: standard input.
    Stdin,
}

impl Named {
    /// `-` is standard input; anything else a path.
    pub fn parse(arg: &std::ffi::OsStr) -> Named {
        if arg == "-" {
            Named::Stdin
        } else {
            Named::Path(PathBuf::from(arg))
        }
    }
}

/// Where one archive of a library is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Stdin,
}

impl Origin {
    /// As the user named it.
    pub fn display(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Stdin => "standard input".to_string(),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::File(p) => Some(p),
            Origin::Stdin => None,
        }
    }
}

/// A file passed over while opening a folder, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub why: String,
}

/// The archives the named sources stand for: a file as named, standard
/// input, and in a folder each archive it holds (`.json` files, Omnivore
/// `.zip` exports, and folders laid out as an unpacked Omnivore export),
/// in name order. A folder that is itself an unpacked Omnivore export is
/// one archive. Other files of a folder are passed over, each said.
pub fn expand(named: &[Named]) -> (Vec<Origin>, Vec<Skipped>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for n in named {
        match n {
            Named::Stdin => out.push(Origin::Stdin),
            Named::Path(p) if p.is_dir() && !is_omnivore_folder(p) => {
                folder(p, &mut out, &mut skipped);
            }
            Named::Path(p) => out.push(Origin::File(p.clone())),
        }
    }
    // One file named twice is read once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|o| match o {
        Origin::File(p) => seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
        Origin::Stdin => true,
    });
    (out, skipped)
}

/// Whether a folder looks like an unpacked Omnivore export.
fn is_omnivore_folder(p: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(p) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name.starts_with("metadata_") && name.ends_with(".json")
    })
}

fn folder(dir: &Path, out: &mut Vec<Origin>, skipped: &mut Vec<Skipped>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(e) => e.flatten().map(|e| e.path()).collect(),
        Err(e) => {
            skipped.push(Skipped {
                path: dir.to_path_buf(),
                why: crate::archive::LoadError::new(
                    &dir.display().to_string(),
                    LoadErrorKind::from_io(&e),
                )
                .to_string(),
            });
            return;
        }
    };
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if path.is_dir() {
            if is_omnivore_folder(&path) {
                out.push(Origin::File(path));
            } else {
                skipped.push(Skipped {
                    path,
                    why: "a folder that is not an Omnivore export (folders are not opened inside folders)"
                        .into(),
                });
            }
        } else if matches!(ext.as_deref(), Some("json" | "zip")) {
            out.push(Origin::File(path));
        } else {
            skipped.push(Skipped {
                path,
                why: "not a .json or .zip file".into(),
            });
        }
    }
}

/// The paths a config entry names: itself, or, when its file name holds
/// `*` or `?` (`~/feeds/*.json`), the files of its folder that match, in
/// name order (none when none does).
pub fn glob(pattern: &Path) -> Vec<PathBuf> {
    let name = pattern
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !name.contains(['*', '?']) {
        return vec![pattern.to_path_buf()];
    }
    let dir = pattern
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| wildcard(&name, &e.file_name().to_string_lossy()))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Whether `text` matches `pattern`: `*` any run of characters, `?` one.
fn wildcard(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// The label of each origin: what the Sources facet shows and what
/// `SOURCE:ID` names. A file's name without its extension (`wallabag`),
/// `stdin` for standard input; two alike get `-2`, `-3`.
pub fn labels(origins: &[Origin]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(origins.len());
    for o in origins {
        let base = match o {
            Origin::Stdin => "stdin".to_string(),
            Origin::File(p) => p
                .file_stem()
                .map(|s| s.to_string_lossy().replace([':', ' '], "-"))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "archive".to_string()),
        };
        let mut label = base.clone();
        let mut n = 1;
        while out.contains(&label) {
            n += 1;
            label = format!("{base}-{n}");
        }
        out.push(label);
    }
    out
}

/// Keys that are hashes already (of canonical URLs): a map of them uses
/// the key as it is.
type UrlHashed = std::hash::BuildHasherDefault<AsItIs>;

#[derive(Default)]
struct AsItIs(u64);

impl std::hash::Hasher for AsItIs {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed; any other bytes are folded in.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Joins archives into one: articles one source after the other, topics
/// merged by their key, related links and problems moved along with their
/// articles, and one list order by date over all. One archive is given
/// back as it is (its sources named by `labels`).
pub fn join(mut parts: Vec<Archive>, labels: Vec<String>) -> Archive {
    if parts.len() <= 1 {
        let mut one = parts.pop().unwrap_or_default();
        one.sources = Sources {
            labels,
            ..Sources::default()
        };
        return one;
    }
    let mut out = Archive {
        format: parts.first().map(|a| a.format).unwrap_or_default(),
        ..Archive::default()
    };
    // Room for every article at once: growing would move them all again.
    let total: usize = parts.iter().map(|p| p.articles.len()).sum();
    out.articles.reserve_exact(total);
    let mut of = Vec::with_capacity(total);
    let mut again = Vec::new();
    // Each archive's series cuts, when every one has them (from its cache):
    // a title's shared beginning is found within its own archive.
    let mut series: Option<Vec<u32>> = Some(Vec::new());
    // The canonical URL of each article kept (its hash, read with the
    // list and kept in the cache, so no article's text is read here).
    let mut seen: std::collections::HashMap<u64, usize, UrlHashed> =
        std::collections::HashMap::with_capacity_and_hasher(total, UrlHashed::default());
    let mut keys: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (s, part) in parts.into_iter().enumerate() {
        let base = out.articles.len();
        let source = u16::try_from(s).unwrap_or(u16::MAX);
        // Topics: this part's index → the joined one's.
        let map: Vec<usize> = part
            .topics
            .into_iter()
            .map(|t| {
                *keys.entry(t.key.clone()).or_insert_with(|| {
                    out.topics.push(t);
                    out.topics.len() - 1
                })
            })
            .collect();
        // Where this part's articles went: their index in the joined list
        // (one found again maps to the article kept).
        let mut went = Vec::with_capacity(part.articles.len());
        let cuts = part
            .series
            .filter(|c| c.len() == part.articles.len())
            .map(Vec::into_iter);
        if cuts.is_none() {
            series = None;
        }
        let mut cuts = cuts.into_iter().flatten();
        for mut a in part.articles {
            let cut = cuts.next();
            let url = (a.url_hash != 0).then_some(a.url_hash);
            if let Some(&kept) = url.as_ref().and_then(|u| seen.get(u)) {
                again.push((kept, source, a.id.to_string()));
                went.push(kept);
                continue;
            }
            for t in &mut a.topics {
                *t = map.get(*t).copied().unwrap_or(*t);
            }
            let index = out.articles.len();
            if let Some(u) = url {
                seen.insert(u, index);
            }
            went.push(index);
            out.articles.push(a);
            of.push(source);
            if let (Some(all), Some(cut)) = (series.as_mut(), cut) {
                all.push(cut);
            }
        }
        // Related links point at the joined list's articles (a detail not
        // read yet is pointed when it is).
        let went = std::sync::Arc::new(went);
        crate::archive::Article::remap_all_related(&mut out.articles[base..], &went);
        out.problems.extend(part.problems.into_iter().map(|mut p| {
            p.article = p.article.and_then(|a| went.get(a).copied());
            p
        }));
    }
    // Newest first, undated last, each in the order joined: the keys
    // gathered in one pass, then sorted with the index breaking ties.
    let mut keyed: Vec<(bool, std::cmp::Reverse<i64>, usize)> = out
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| match a.date.as_ref().and_then(|d| d.key) {
            Some(k) => (false, std::cmp::Reverse(k), i),
            None => (true, std::cmp::Reverse(0), i),
        })
        .collect();
    keyed.sort_unstable();
    out.order = keyed.into_iter().map(|(_, _, i)| i).collect();
    again.sort_by_key(|(k, _, _)| *k);
    out.series = series.filter(|c| c.len() == out.articles.len());
    out.sources = Sources { labels, of, again };
    out
}

/// Reads standard input whole, as the archive named `-` (in `format`, or
/// the one its content shows).
pub fn read_stdin(read: crate::archive::ReadAs) -> Result<Archive, LoadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| LoadError::new("standard input", LoadErrorKind::from_io(&e)))?;
    crate::archive::load_bytes_as("standard input", &bytes, read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::load_str;

    fn archive(name: &str, text: &str) -> Archive {
        load_str(name, text).expect("loads")
    }

    #[test]
    fn joining_merges_topics_and_moves_links_and_problems() {
        let a = archive(
            "a.json",
            r#"[{"id": "1", "title": "A1", "date": "2024-01-01", "topics": ["Data", "UX"],
                 "related": ["2"], "body": "x"},
                {"id": "2", "title": "A2", "date": "2022-01-01", "body": "x"}]"#,
        );
        let b = archive(
            "b.json",
            r#"[{"id": "1", "title": "B1", "date": "2023-01-01", "topics": ["ux", "AI"],
                 "related": ["3"], "body": "x"},
                {"id": "3", "title": "B3", "date": "not a date", "body": "x"}]"#,
        );
        let problems_b = b.problems.len();
        let joined = join(vec![a, b], vec!["a".into(), "b".into()]);
        assert_eq!(joined.sources.of, [0, 0, 1, 1]);
        assert_eq!(joined.sources.of(3), 1);
        let names: Vec<&str> = joined.topics.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Data", "UX", "AI"]);
        assert_eq!(joined.articles[2].topics, [1, 2], "ux is UX");
        assert_eq!(joined.articles[0].detail().related[0].target, Some(1));
        assert_eq!(joined.articles[2].detail().related[0].target, Some(3));
        let titles: Vec<&str> = joined
            .order
            .iter()
            .map(|&i| joined.articles[i].title.as_ref())
            .collect();
        assert_eq!(titles, ["A1", "B1", "A2", "B3"]);
        assert!(problems_b > 0);
        assert!(
            joined
                .problems
                .iter()
                .all(|p| p.article.is_none_or(|a| a >= 2))
        );
    }

    #[test]
    fn the_same_article_in_two_exports_is_shown_once() {
        let a = archive(
            "a.json",
            r#"[{"id": "x", "title": "Samma", "url": "HTTPS://Blogg.Example/post/?utm_source=rss#top",
                 "body": "x"},
                {"id": "y", "title": "Annan", "url": "https://blogg.example/annan", "body": "x",
                 "related": ["x"]}]"#,
        );
        let b = archive(
            "b.json",
            r#"[{"id": "41", "title": "Samma igen", "url": "https://blogg.example/post", "body": "x"},
                {"id": "42", "title": "Ny", "url": "https://blogg.example/post?id=2", "body": "x",
                 "related": ["41"]}]"#,
        );
        let joined = join(vec![a, b], vec!["a".into(), "b".into()]);
        let titles: Vec<&str> = joined.articles.iter().map(|x| x.title.as_ref()).collect();
        assert_eq!(titles, ["Samma", "Annan", "Ny"]);
        assert_eq!(joined.sources.names_of(0).as_deref(), Some("a,b"));
        assert_eq!(
            joined.sources.again_of(0).collect::<Vec<_>>(),
            [("b", "41")]
        );
        // A link to the one found again goes to the article kept.
        assert_eq!(joined.articles[2].detail().related[0].target, Some(0));
        assert_eq!(joined.articles[1].detail().related[0].target, Some(0));
        assert_eq!(
            crate::archive::url::canonical("http://A.example/x/?utm_medium=m&q=1&UTM_campaign=c#f")
                .as_deref(),
            Some("http://a.example/x?q=1")
        );
        assert_eq!(crate::archive::url::canonical("mailto:x@y.example"), None);
    }

    #[test]
    fn one_archive_is_given_back_as_it_is() {
        let a = archive("a.json", r#"[{"id": "1", "title": "A", "body": "x"}]"#);
        let joined = join(vec![a], vec!["a".into()]);
        assert!(joined.sources.of.is_empty() && !joined.sources.is_library());
        assert_eq!(joined.articles.len(), 1);
    }

    #[test]
    fn patterns_match_names_in_their_folder() {
        assert!(wildcard("*.json", "a.json"));
        assert!(wildcard("feed-?.json", "feed-1.json"));
        assert!(!wildcard("*.json", "a.json.bak"));
        assert!(wildcard("*", ""));
        assert!(wildcard("a*b*c", "axxbyyc"));
        assert!(!wildcard("a*b*c", "axxbyy"));
        let dir = tempfile::tempdir().expect("temp dir");
        for f in ["b.json", "a.json", "c.txt"] {
            std::fs::write(dir.path().join(f), "[]").expect("write");
        }
        let found = glob(&dir.path().join("*.json"));
        assert_eq!(
            found,
            [dir.path().join("a.json"), dir.path().join("b.json")]
        );
        assert_eq!(glob(&dir.path().join("c.txt")), [dir.path().join("c.txt")]);
    }

    #[test]
    fn labels_are_file_stems_kept_apart() {
        let origins = [
            Origin::File("x/wallabag.json".into()),
            Origin::File("y/wallabag.json".into()),
            Origin::Stdin,
            Origin::File("z/a:b.zip".into()),
        ];
        assert_eq!(labels(&origins), ["wallabag", "wallabag-2", "stdin", "a-b"]);
    }

    #[test]
    fn a_folder_opens_its_archives_and_says_what_it_passes_over() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path();
        std::fs::write(p.join("b.json"), "[]").expect("write");
        std::fs::write(p.join("a.JSON"), "[]").expect("write");
        std::fs::write(p.join("notes.txt"), "x").expect("write");
        std::fs::write(p.join(".hidden.json"), "[]").expect("write");
        std::fs::create_dir(p.join("omni")).expect("dir");
        std::fs::write(p.join("omni/metadata_0_to_1.json"), "[]").expect("write");
        std::fs::create_dir(p.join("other")).expect("dir");
        let (origins, skipped) = expand(&[Named::Path(p.to_path_buf())]);
        let names: Vec<String> = origins
            .iter()
            .map(|o| {
                o.path()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(names, ["a.JSON", "b.json", "omni"]);
        let passed: Vec<String> = skipped
            .iter()
            .map(|s| {
                s.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(passed, ["notes.txt", "other"]);
        // An Omnivore folder named itself is one archive.
        let (one, _) = expand(&[Named::Path(p.join("omni"))]);
        assert_eq!(one, [Origin::File(p.join("omni"))]);
    }
}
