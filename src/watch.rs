//! Noticing that the archives on screen changed on disk: the files named
//! (and a folder's archives, newly added ones too) are looked at every
//! second or so, by their size and modification time; when one changed,
//! the library is read again and the reader keeps its selection and
//! place (see `App::replace_archive`).

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use crate::library::{Named, Origin};

/// How often the files are looked at.
pub const EVERY: Duration = Duration::from_secs(1);

/// What a file looked like: its size and when it was last written.
type Stamp = Option<(u64, SystemTime)>;

/// The sources named and what their files looked like when read.
pub struct Watch {
    named: Vec<Named>,
    seen: Vec<(PathBuf, Stamp)>,
    last: Instant,
}

fn stamps(named: &[Named]) -> Vec<(PathBuf, Stamp)> {
    let (origins, _) = crate::library::expand(named);
    origins
        .into_iter()
        .filter_map(|o| match o {
            Origin::File(p) => {
                let stamp = std::fs::metadata(&p)
                    .ok()
                    .and_then(|m| Some((m.len(), m.modified().ok()?)));
                Some((p, stamp))
            }
            // Standard input is read once.
            Origin::Stdin => None,
        })
        .collect()
}

impl Watch {
    /// Watches what `named` names, as it is now. `None` when nothing can
    /// change (the built-in sample, standard input alone).
    pub fn new(named: &[Named]) -> Option<Watch> {
        let seen = stamps(named);
        (!seen.is_empty()).then(|| Watch {
            named: named.to_vec(),
            seen,
            last: Instant::now(),
        })
    }

    /// When it is time to look again: the files that changed, were added
    /// or went since the last look (their names, for the status line).
    pub fn changed(&mut self, now: Instant) -> Option<Vec<String>> {
        if now.duration_since(self.last) < EVERY {
            return None;
        }
        self.last = now;
        let fresh = stamps(&self.named);
        if fresh == self.seen {
            return None;
        }
        let name = |p: &PathBuf| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        };
        let mut names: Vec<String> = fresh
            .iter()
            .filter(|f| !self.seen.contains(f))
            .map(|(p, _)| name(p))
            .collect();
        names.extend(
            self.seen
                .iter()
                .filter(|(p, _)| !fresh.iter().any(|(q, _)| q == p))
                .map(|(p, _)| name(p)),
        );
        self.seen = fresh;
        Some(names)
    }

    /// The sources to read again.
    pub fn named(&self) -> &[Named] {
        &self.named
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_or_added_file_is_noticed_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("a.json");
        std::fs::write(&a, "[]").expect("write");
        let mut w = Watch::new(&[Named::Path(dir.path().to_path_buf())]).expect("a file");
        let later = Instant::now() + EVERY * 2;
        assert_eq!(w.changed(later), None, "nothing changed");
        std::fs::write(&a, "[ ]").expect("write");
        std::fs::write(dir.path().join("b.json"), "[]").expect("write");
        let said = w.changed(later + EVERY * 2).expect("changed");
        assert_eq!(said, ["a.json", "b.json"]);
        assert_eq!(w.changed(later + EVERY * 4), None, "said once");
        assert!(Watch::new(&[Named::Stdin]).is_none());
    }
}
