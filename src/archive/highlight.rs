//! Highlights and notes: a passage of an article's body someone marked,
//! and what they wrote about it. The same type holds the highlights an
//! import carried (Wallabag's annotations, Omnivore's highlights) and the
//! reader's own, which the state file keeps.
//!
//! A highlight is anchored by its text, as the W3C Web Annotation
//! `TextQuoteSelector` is: the exact quote with a little context before
//! and after it. Where it was last found ([`Highlight::at`]) is a hint,
//! never the only way back: an article whose text changed is searched
//! for the quote again ([`crate::highlight::locate`]).

use serde::{Deserialize, Serialize};

/// A place in an article's body: byte `byte` of block `block`'s source
/// text ([`super::Block::source`]). Ordered in reading order.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Pos {
    pub block: usize,
    pub byte: usize,
}

impl Pos {
    pub const fn new(block: usize, byte: usize) -> Pos {
        Pos { block, byte }
    }
}

/// A stretch of an article's body, `from` up to (not including) `to`;
/// it may run over several blocks.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Stretch {
    pub from: Pos,
    pub to: Pos,
}

impl Stretch {
    pub fn is_empty(&self) -> bool {
        self.to <= self.from
    }

    /// Whether the stretch covers any byte of `from..to` in block `block`.
    pub fn touches(&self, block: usize, from: usize, to: usize) -> bool {
        Pos::new(block, to) > self.from && Pos::new(block, from) < self.to
    }

    /// The byte range this stretch covers of block `block`, whose source
    /// text is `len` bytes long; `None` when it covers none of it.
    pub fn in_block(&self, block: usize, len: usize) -> Option<std::ops::Range<usize>> {
        if block < self.from.block || block > self.to.block {
            return None;
        }
        let start = if block == self.from.block {
            self.from.byte.min(len)
        } else {
            0
        };
        let end = if block == self.to.block {
            self.to.byte.min(len)
        } else {
            len
        };
        (start < end).then_some(start..end)
    }
}

/// Where a highlight came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Made in lektyr.
    #[default]
    Lektyr,
    /// A Wallabag export's `annotations`.
    Wallabag,
    /// An Omnivore export's highlights.
    Omnivore,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Lektyr => "lektyr",
            Origin::Wallabag => "Wallabag",
            Origin::Omnivore => "Omnivore",
        }
    }

    fn is_lektyr(&self) -> bool {
        *self == Origin::Lektyr
    }
}

/// Characters of context kept before and after a quote.
pub const CONTEXT_CHARS: usize = 32;

/// One highlight, with its note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// Unique within its article and stable: an import's own id
    /// (`wallabag-12`), or one lektyr made (`h` and the time it was made).
    /// The reader's change to an imported highlight keeps its id, which
    /// is how the change wins over the export's copy.
    pub id: String,
    /// The text highlighted, as the article's source has it.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] characters of the text before and after it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Milliseconds since 1970; 0 when unknown.
    #[serde(default)]
    pub created: u64,
    /// When the highlight or its note last changed; the later of two
    /// copies wins a merge.
    #[serde(default)]
    pub updated: u64,
    /// Deleted: kept as a tombstone so the deletion wins over an older
    /// copy (another instance's, or the export's).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// Where the quote was last found in the article, a hint for finding
    /// it again; `None` when it was not found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Stretch>,
    #[serde(default, skip_serializing_if = "Origin::is_lektyr")]
    pub origin: Origin,
}

impl Highlight {
    /// The note, when it has any text.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref().filter(|n| !n.trim().is_empty())
    }
}
