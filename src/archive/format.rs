//! The formats lektyr reads, named: what a file is read as. It imports
//! nothing, so every floor of the archive may name a format (see the
//! module comment of `archive`); how each format is read is in `formats/`.

use std::fmt;

/// A format lektyr reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// lektyr's own archive, version 1.
    #[default]
    V1,
    /// JSON Feed 1.0 and 1.1 (`feed.json`).
    JsonFeed,
    /// A WordPress REST API dump of `wp/v2/posts`.
    WordPress,
    /// A Wallabag export (v2; v1 reads too).
    Wallabag,
    /// An Omnivore export: its zip, a folder laid out like it, or the
    /// metadata JSON alone.
    Omnivore,
    /// Google Reader API JSON (FreshRSS, Inoreader, The Old Reader).
    GReader,
    /// A Ghost export (`{"db": [...]}`) or import file (`{"meta", "data"}`),
    /// Ghost 0.x to 6.
    Ghost,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::V1,
        Format::JsonFeed,
        Format::WordPress,
        Format::Wallabag,
        Format::Omnivore,
        Format::GReader,
        Format::Ghost,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::V1 => "v1",
            Format::JsonFeed => "jsonfeed",
            Format::WordPress => "wordpress",
            Format::Wallabag => "wallabag",
            Format::Omnivore => "omnivore",
            Format::GReader => "greader",
            Format::Ghost => "ghost",
        }
    }

    /// What the format is, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Format::V1 => "lektyr archive",
            Format::JsonFeed => "JSON Feed",
            Format::WordPress => "WordPress REST posts",
            Format::Wallabag => "Wallabag export",
            Format::Omnivore => "Omnivore export",
            Format::GReader => "Google Reader JSON",
            Format::Ghost => "Ghost export",
        }
    }

    /// The keys that tell the format apart, for messages.
    pub(crate) fn tell_tale(self) -> &'static str {
        match self {
            Format::V1 => "`articles`",
            Format::JsonFeed => "`version` naming jsonfeed.org, `items`",
            Format::WordPress => "posts with `title.rendered` or `date_gmt`",
            Format::Wallabag => "entries with `is_archived` or `reading_time`",
            Format::Omnivore => "entries with `savedAt` or `labels`",
            Format::GReader => "`items` with `origin`, `published` or `alternate`",
            Format::Ghost => "`db`, or `meta` with `data`",
        }
    }
}

/// How a file is read: in a given format or the one its content shows,
/// and what of it becomes articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ReadAs {
    /// `None`: told from the content.
    pub format: Option<Format>,
    /// Whether a site's pages (Ghost) are read as articles beside its posts.
    pub pages: bool,
}

impl From<Option<Format>> for ReadAs {
    fn from(format: Option<Format>) -> Self {
        ReadAs {
            format,
            pages: false,
        }
    }
}

impl From<Format> for ReadAs {
    fn from(format: Format) -> Self {
        Some(format).into()
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format \"{s}\"; formats are {}", names.join(", "))
            })
    }
}
