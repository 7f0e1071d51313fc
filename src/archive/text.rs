//! [`Text`]: a string of an article's list fields (id, title, date) that
//! is either its own or a part of one text shared by many articles.
//!
//! The archive cache keeps the text of its whole index in one string. A
//! reopened archive's articles point into it instead of each copying
//! their id, title and date out: reopening 100,000 articles makes no
//! string at all for them, and touches half the memory.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string, owned or a part of a shared text. Reads as a
/// `&str` (it derefs to one); compares, orders and hashes as its text.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Own(Box<str>),
    /// `all[at..at + len]`, checked to lie on character boundaries when made.
    Part {
        all: Arc<String>,
        at: u32,
        len: u32,
    },
}

impl Text {
    /// `all[range]`, or `None` when the range is outside `all`, not on
    /// character boundaries, or too long to point into.
    pub fn part(all: &Arc<String>, range: std::ops::Range<usize>) -> Option<Text> {
        all.get(range.clone())?;
        Some(Text(Repr::Part {
            all: Arc::clone(all),
            at: u32::try_from(range.start).ok()?,
            len: u32::try_from(range.len()).ok()?,
        }))
    }

    /// The first `len` bytes, sharing this text's string when it is a
    /// part of one; `None` when `len` is not a character boundary of it.
    pub fn prefix(&self, len: usize) -> Option<Text> {
        self.as_str().get(..len)?;
        Some(match &self.0 {
            Repr::Own(s) => Text(Repr::Own(s.get(..len)?.into())),
            Repr::Part { all, at, .. } => Text(Repr::Part {
                all: Arc::clone(all),
                at: *at,
                len: u32::try_from(len).ok()?,
            }),
        })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Own(s) => s,
            Repr::Part { all, at, len } => {
                let (at, len) = (*at as usize, *len as usize);
                // Checked when made; the shared text never changes.
                all.get(at..at + len).unwrap_or_default()
            }
        }
    }
}

/// Puts `texts` into one string they share: one allocation instead of one
/// each, and a copy of any of them copies no text. (A text that cannot
/// point into the string, past 4 GiB, stays as it is.)
pub(crate) fn share(mut texts: Vec<&mut Text>) {
    let mut all = String::with_capacity(texts.iter().map(|t| t.len()).sum());
    let mut starts = Vec::with_capacity(texts.len());
    for t in &texts {
        starts.push(all.len());
        all.push_str(t);
    }
    let all = Arc::new(all);
    for (t, at) in texts.iter_mut().zip(starts) {
        if let Some(part) = Text::part(&all, at..at + t.len()) {
            **t = part;
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text(Repr::Own(Box::default()))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Own(s.into_boxed_str()))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Repr::Own(s.into()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        match t.0 {
            Repr::Own(s) => s.into_string(),
            Repr::Part { .. } => t.as_str().to_string(),
        }
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_str().hash(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_texts_read_as_before_and_point_into_one_string() {
        let words = ["", "id-1", "Åsa 東京 😀", "", "2024-05-01"];
        let mut texts: Vec<Text> = words.iter().map(|&w| Text::from(w)).collect();
        share(texts.iter_mut().collect());
        let read: Vec<&str> = texts.iter().map(Text::as_str).collect();
        assert_eq!(read, words);
        let parts: Vec<(*const String, u32)> = texts
            .iter()
            .map(|t| match &t.0 {
                Repr::Part { all, at, .. } => (Arc::as_ptr(all), *at),
                Repr::Own(s) => panic!("{s:?} is still its own"),
            })
            .collect();
        assert!(parts.iter().all(|&(all, _)| all == parts[0].0));
        // A copy points into the same string.
        assert!(
            matches!(&texts[2].clone().0, Repr::Part { all, .. } if Arc::as_ptr(all) == parts[0].0)
        );
    }

    #[test]
    fn a_part_reads_as_its_range_and_equals_an_owned_copy() {
        let all = Arc::new("idtitelÅsa".to_string());
        let title = Text::part(&all, 2..7).unwrap();
        assert_eq!(title, "titel");
        assert_eq!(title, Text::from("titel"));
        assert_eq!(Text::part(&all, 7..11).unwrap().as_str(), "Åsa");
        assert_eq!(String::from(title.clone()), "titel");
        assert_eq!(format!("{title} {title:?}"), "titel \"titel\"");
    }

    #[test]
    fn a_part_outside_its_text_or_inside_a_character_is_refused() {
        let all = Arc::new("Åsa".to_string());
        assert!(Text::part(&all, 1..3).is_none());
        assert!(Text::part(&all, 0..9).is_none());
        assert_eq!(Text::part(&all, 0..0).unwrap(), Text::default());
    }

    #[test]
    fn hashing_and_ordering_follow_the_text_not_its_storage() {
        use std::collections::HashSet;
        let all = Arc::new("ab".to_string());
        let set: HashSet<Text> = [Text::part(&all, 0..1).unwrap(), Text::from("a")].into();
        assert_eq!(set.len(), 1);
        assert!(set.contains("a"));
        assert!(Text::part(&all, 0..1).unwrap() < Text::part(&all, 1..2).unwrap());
    }
}
