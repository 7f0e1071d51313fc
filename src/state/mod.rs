//! Persisted per-archive state: what was read and starred, where each
//! article was left, and the session (selection, filters, view). The model
//! and its merge live here, the anchor in [`anchor`], files in [`store`].
//! Knows nothing of terminals; the app mirrors it and the TUI saves it.

pub mod anchor;
pub mod saver;
pub mod store;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::archive::Highlight;

pub use anchor::Anchor;
pub use saver::Saver;
pub use store::{ArchiveKey, Opened, Source as LibrarySource, Store, library_key, resolve_dir};

/// Milliseconds since 1970. Every mark carries the time it was last set,
/// so two processes' changes merge field by field: the later one wins.
pub type Stamp = u64;

/// The current time as a [`Stamp`] (0 if the clock is before 1970).
pub fn now() -> Stamp {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Version of the file format, written into every state file.
pub const FORMAT: u32 = 1;

/// A yes/no mark and when it was last set (0: never).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub on: bool,
    pub at: Stamp,
}

impl Mark {
    fn is_unset(&self) -> bool {
        !self.on && self.at == 0
    }

    /// Whether the reader ever set this mark (seeds from an import format
    /// are not kept in marks, so they never override one).
    pub fn is_set(&self) -> bool {
        !self.is_unset()
    }

    /// The later of two marks; `self` wins a tie.
    fn newer(self, other: Mark) -> Mark {
        if other.at > self.at { other } else { self }
    }
}

/// What is remembered of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleState {
    #[serde(default, skip_serializing_if = "Mark::is_unset")]
    pub read: Mark,
    #[serde(default, skip_serializing_if = "Mark::is_unset")]
    pub starred: Mark,
    /// Where reading stopped; `None` when never scrolled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub anchor_at: Stamp,
    /// The reader's highlights and notes, by id: ones made in lektyr, and
    /// changed or deleted copies of imported ones (which win over the
    /// archive's). Deleted ones stay as tombstones so a merge keeps the
    /// deletion.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub highlights: BTreeMap<String, Highlight>,
}

fn is_zero(n: &Stamp) -> bool {
    *n == 0
}

impl ArticleState {
    fn is_empty(&self) -> bool {
        self.read.is_unset()
            && self.starred.is_unset()
            && self.anchor.is_none()
            && self.highlights.is_empty()
    }

    fn merge(&mut self, other: &ArticleState) {
        self.read = self.read.newer(other.read);
        self.starred = self.starred.newer(other.starred);
        if other.anchor_at > self.anchor_at {
            self.anchor = other.anchor;
            self.anchor_at = other.anchor_at;
        }
        for (id, theirs) in &other.highlights {
            match self.highlights.get(id) {
                Some(mine) if mine.updated >= theirs.updated => {}
                _ => {
                    self.highlights.insert(id.clone(), theirs.clone());
                }
            }
        }
    }
}

/// Which articles the list shows, on top of the topic filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    #[default]
    All,
    Unread,
    Starred,
    /// Articles with highlights.
    Highlighted,
}

impl View {
    pub fn label(self) -> &'static str {
        match self {
            View::All => "all",
            View::Unread => "unread only",
            View::Starred => "starred only",
            View::Highlighted => "highlighted only",
        }
    }
}

/// How several active topics combine: the one type the app, the state
/// file (`"match": "any"`) and `--match any|all` share.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Articles with any of the topics
    #[default]
    Any,
    /// Articles with all of the topics
    All,
}

impl MatchMode {
    /// As the topics pane's title shows it.
    pub fn label(self) -> &'static str {
        match self {
            MatchMode::Any => "ANY",
            MatchMode::All => "ALL",
        }
    }
}

pub use crate::views::Pane;

/// The ends of the dates picked (`YYYY-MM-DD`, both kept), as a session
/// keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDates {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// The screen as it was left: reopening restores it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Id of the article selected in the list.
    #[serde(default)]
    pub selected: Option<String>,
    /// Id of the article in the reader, when it is not the selected one
    /// (opened from a related link outside the filter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Keys (trimmed, lower-cased names) of the active topics.
    #[serde(default)]
    pub topics: Vec<String>,
    /// In a library, the labels of the sources switched on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, rename = "match")]
    pub mode: MatchMode,
    #[serde(default)]
    pub view: View,
    /// The dates the list was narrowed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<Box<SessionDates>>,
    /// The article was open in the reader.
    #[serde(default)]
    pub reader_open: bool,
    /// The pane that had the keyboard.
    #[serde(default)]
    pub focus: Pane,
    /// The topics pane was hidden (`t`) on a wide screen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub topics_hidden: bool,
    /// Searches typed, oldest first (↑/↓ recall them in the prompt).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub searches: Vec<String>,
    #[serde(default)]
    pub at: Stamp,
}

/// Everything remembered about one archive: the content of one state file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveState {
    /// File format version ([`FORMAT`]).
    #[serde(default)]
    pub lektyr_state: u32,
    /// The archive's canonical path (or `built-in sample`).
    #[serde(default)]
    pub archive: String,
    /// The archive's article ids when last opened: a state file whose
    /// archive has moved is recognised by them.
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// Per article id; articles with nothing to remember are left out.
    #[serde(default)]
    pub articles: BTreeMap<String, ArticleState>,
}

impl ArchiveState {
    pub fn new(archive: impl Into<String>, ids: Vec<String>) -> ArchiveState {
        ArchiveState {
            lektyr_state: FORMAT,
            archive: archive.into(),
            ids,
            ..ArchiveState::default()
        }
    }

    pub fn article(&self, id: &str) -> Option<&ArticleState> {
        self.articles.get(id)
    }

    pub fn is_read(&self, id: &str) -> bool {
        self.article(id).is_some_and(|a| a.read.on)
    }

    pub fn is_starred(&self, id: &str) -> bool {
        self.article(id).is_some_and(|a| a.starred.on)
    }

    pub fn anchor(&self, id: &str) -> Option<Anchor> {
        self.article(id).and_then(|a| a.anchor)
    }

    /// Sets the read mark; returns whether it changed. A mark never set
    /// before is recorded even when it says "no": the reader's word then
    /// outranks a mark seeded from an import.
    pub fn set_read(&mut self, id: &str, on: bool, at: Stamp) -> bool {
        self.update(id, |a| {
            let changed = a.read.on != on || !a.read.is_set();
            if changed {
                a.read = Mark { on, at };
            }
            changed
        })
    }

    /// Sets the star; returns whether it changed (recorded as
    /// [`ArchiveState::set_read`] is).
    pub fn set_starred(&mut self, id: &str, on: bool, at: Stamp) -> bool {
        self.update(id, |a| {
            let changed = a.starred.on != on || !a.starred.is_set();
            if changed {
                a.starred = Mark { on, at };
            }
            changed
        })
    }

    /// Records where reading stopped; returns whether it changed.
    pub fn set_anchor(&mut self, id: &str, anchor: Option<Anchor>, at: Stamp) -> bool {
        self.update(id, |a| {
            let changed = a.anchor != anchor;
            if changed {
                a.anchor = anchor;
                a.anchor_at = at;
            }
            changed
        })
    }

    /// The reader's highlights of article `id` (own ones, and copies of
    /// imported ones), deleted ones included.
    pub fn highlights(&self, id: &str) -> Option<&BTreeMap<String, Highlight>> {
        self.article(id).map(|a| &a.highlights)
    }

    /// Stores the reader's copy of a highlight (made, edited or deleted:
    /// `deleted` set), stamped `at`; returns whether it changed.
    pub fn set_highlight(&mut self, id: &str, mut h: Highlight, at: Stamp) -> bool {
        self.update(id, |a| {
            let same = a.highlights.get(&h.id).is_some_and(|old| {
                let mut old = old.clone();
                old.updated = h.updated;
                old == h
            });
            if same {
                return false;
            }
            h.updated = at;
            a.highlights.insert(h.id.clone(), h);
            true
        })
    }

    fn update(&mut self, id: &str, f: impl FnOnce(&mut ArticleState) -> bool) -> bool {
        let entry = self.articles.entry(id.to_string()).or_default();
        let changed = f(entry);
        if entry.is_empty() && entry.anchor_at == 0 {
            self.articles.remove(id);
        }
        changed
    }

    /// Replaces the session when `session` differs from the stored one
    /// (its time is ignored in the comparison); returns whether it changed.
    pub fn set_session(&mut self, mut session: Session, at: Stamp) -> bool {
        let same = self.session.as_ref().is_some_and(|s| {
            let mut s = s.clone();
            s.at = session.at;
            s == session
        });
        if same {
            return false;
        }
        session.at = at;
        self.session = Some(session);
        true
    }

    /// Takes in another copy of the same archive's state (another process's
    /// save): per article and field the later change wins, so neither side's
    /// marks are lost; on a tie `self` wins. The session is the later one.
    pub fn merge(&mut self, other: &ArchiveState) {
        for (id, theirs) in &other.articles {
            self.articles.entry(id.clone()).or_default().merge(theirs);
        }
        match (&self.session, &other.session) {
            (None, Some(s)) => self.session = Some(s.clone()),
            (Some(mine), Some(s)) if s.at > mine.at => self.session = Some(s.clone()),
            _ => {}
        }
        if self.ids.is_empty() {
            self.ids = other.ids.clone();
        }
    }

    /// Cleans the highlights' text (quotes, context, notes, ids) of
    /// control characters and escapes, as archive text is cleaned.
    pub fn sanitize(&mut self) {
        let clean = |s: &mut String| {
            if let std::borrow::Cow::Owned(c) = crate::archive::sanitize(s) {
                *s = c;
            }
        };
        for article in self.articles.values_mut() {
            for h in article.highlights.values_mut() {
                for s in [&mut h.id, &mut h.quote, &mut h.prefix, &mut h.suffix] {
                    clean(s);
                }
                if let Some(n) = h.note.as_mut() {
                    clean(n);
                }
            }
        }
    }

    /// Number of article ids this state shares with `ids`.
    pub fn overlap(&self, ids: &[String]) -> usize {
        let mine: std::collections::HashSet<&str> = self.ids.iter().map(String::as_str).collect();
        ids.iter().filter(|id| mine.contains(id.as_str())).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_match_mode_keeps_its_stored_spelling() {
        // As state files written before the one MatchMode type hold it.
        let old = r#"{"selected": "a", "match": "all", "view": "unread"}"#;
        let session: Session = serde_json::from_str(old).expect("an old session loads");
        assert_eq!(session.mode, MatchMode::All);
        let none: Session = serde_json::from_str("{}").expect("loads");
        assert_eq!(none.mode, MatchMode::Any);
        let written = serde_json::to_value(&session).expect("writes");
        assert_eq!(written["match"], "all");
        assert!(serde_json::from_str::<Session>(r#"{"match": "ALL"}"#).is_err());
    }

    #[test]
    fn marks_set_and_clear() {
        let mut s = ArchiveState::new("x", vec!["a".into()]);
        assert!(!s.is_read("a"));
        assert!(s.set_read("a", true, 5));
        assert!(!s.set_read("a", true, 6), "no change, no new stamp");
        assert_eq!(s.article("a").map(|a| a.read.at), Some(5));
        assert!(s.set_starred("a", true, 7));
        assert!(s.is_read("a") && s.is_starred("a"));
        assert!(s.set_read("a", false, 8));
        assert!(!s.is_read("a"));
        // An unread mark set later is kept: it must win over an older read.
        assert!(s.article("a").is_some());
    }

    #[test]
    fn merge_keeps_the_later_change_per_field() {
        let mut mine = ArchiveState::new("x", vec![]);
        let mut theirs = ArchiveState::new("x", vec![]);
        mine.set_read("a", true, 10);
        theirs.set_read("a", false, 5); // older: loses
        theirs.set_starred("a", true, 20); // only theirs: kept
        theirs.set_read("b", true, 30); // only theirs: kept
        mine.set_starred("c", true, 40);
        theirs.set_starred("c", true, 35);
        theirs.set_starred("c", false, 50); // newer unstar wins
        mine.merge(&theirs);
        assert!(mine.is_read("a"));
        assert!(mine.is_starred("a"));
        assert!(mine.is_read("b"));
        assert!(!mine.is_starred("c"));
    }

    #[test]
    fn merge_takes_the_later_session_and_anchor() {
        let mut mine = ArchiveState::new("x", vec![]);
        let mut theirs = ArchiveState::new("x", vec![]);
        let anchor = Anchor {
            block: Some(2),
            at: Some(40),
            byte: None,
            line: 1,
            of: 3,
        };
        mine.set_anchor("a", Some(anchor), 100);
        theirs.set_anchor(
            "a",
            Some(Anchor {
                block: Some(9),
                ..anchor
            }),
            50,
        );
        mine.set_session(
            Session {
                selected: Some("a".into()),
                ..Session::default()
            },
            10,
        );
        theirs.set_session(
            Session {
                selected: Some("b".into()),
                ..Session::default()
            },
            11,
        );
        mine.merge(&theirs);
        assert_eq!(mine.anchor("a"), Some(anchor));
        assert_eq!(mine.session.and_then(|s| s.selected).as_deref(), Some("b"));
    }

    #[test]
    fn highlights_merge_by_their_last_change_and_deletions_hold() {
        let h = |id: &str, note: &str| Highlight {
            id: id.into(),
            quote: "q".into(),
            note: Some(note.into()),
            ..Highlight::default()
        };
        let mut mine = ArchiveState::new("x", vec![]);
        let mut theirs = ArchiveState::new("x", vec![]);
        assert!(mine.set_highlight("a", h("1", "mine"), 10));
        assert!(!mine.set_highlight("a", h("1", "mine"), 11), "no change");
        assert!(theirs.set_highlight("a", h("1", "theirs, older"), 5));
        assert!(theirs.set_highlight("a", h("2", "theirs"), 6));
        let mut gone = h("3", "");
        mine.set_highlight("b", gone.clone(), 7);
        gone.deleted = true;
        theirs.set_highlight("b", gone, 8);
        mine.merge(&theirs);
        let a = mine.highlights("a").expect("a has highlights");
        assert_eq!(a["1"].note(), Some("mine"));
        assert_eq!(a["2"].note(), Some("theirs"));
        assert!(mine.highlights("b").expect("b")["3"].deleted);
        let text = serde_json::to_string(&mine).expect("serializes");
        let back: ArchiveState = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, mine);
    }

    #[test]
    fn highlight_text_from_a_file_is_cleaned_of_escapes() {
        let text = r#"{"lektyr_state": 1, "articles": {"a": {"highlights": {"h1": {"id": "h1",
            "quote": "ok\u001b]8;;x\u0007", "note": "\u001b[2J\u001b[31mröd"}}}}}"#;
        let mut s: ArchiveState = serde_json::from_str(text).expect("parses");
        s.sanitize();
        let h = &s.highlights("a").expect("a")["h1"];
        assert!(
            !h.quote.contains('\u{1b}') && !h.quote.contains('\u{7}'),
            "{:?}",
            h.quote
        );
        let note = h.note.as_deref().unwrap_or("");
        assert!(!note.contains('\u{1b}') && note.contains("röd"), "{note:?}");
    }

    #[test]
    fn same_session_is_not_a_change() {
        let mut s = ArchiveState::new("x", vec![]);
        assert!(s.set_session(Session::default(), 1));
        assert!(!s.set_session(Session::default(), 2));
        assert_eq!(s.session.map(|s| s.at), Some(1));
    }

    #[test]
    fn round_trips_through_json() {
        let mut s = ArchiveState::new("/a/b.json", vec!["a".into(), "b".into()]);
        s.set_read("a", true, 1);
        s.set_anchor(
            "b",
            Some(Anchor {
                block: None,
                at: Some(12),
                byte: None,
                line: 2,
                of: 4,
            }),
            3,
        );
        let text = serde_json::to_string(&s).expect("serializes");
        let back: ArchiveState = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, s);
    }
}
