//! Why an archive could not be loaded at all, and the messages a person
//! reads for it: each names the file and, where it helps, the line and
//! column with the offending line shown under it.

use std::fmt;

use unicode_segmentation::UnicodeSegmentation;

use super::sanitize::sanitize;
use crate::width::{display_width, grapheme_width, prefix_fitting};

/// An archive that could not be loaded. `Display` gives the full message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    name: String,
    kind: LoadErrorKind,
}

/// What went wrong. Lines and columns are 1-based; columns count characters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadErrorKind {
    NotFound,
    IsDirectory,
    PermissionDenied,
    /// Any other failure to read the file; `reason` is the system's wording.
    Unreadable {
        reason: String,
    },
    /// Empty, or nothing but whitespace.
    Empty,
    NotUtf8 {
        line: usize,
        column: usize,
        byte: u8,
    },
    /// Not valid JSON. `excerpt` is the offending line with a caret under it.
    Syntax {
        line: usize,
        column: usize,
        message: String,
        excerpt: String,
    },
    /// Valid so far, but nested deeper than the JSON reader allows.
    TooDeep {
        line: usize,
        column: usize,
        excerpt: String,
    },
    /// Valid JSON, but not an archive (`found` and `expected` are phrases
    /// like "a number" and "an array of articles").
    NotAnArchive {
        found: String,
        expected: String,
        at: Option<(usize, usize)>,
    },
    UnsupportedVersion {
        found: String,
        at: Option<(usize, usize)>,
    },
}

impl LoadErrorKind {
    /// What an I/O error reading an archive means for the user.
    pub fn from_io(e: &std::io::Error) -> LoadErrorKind {
        match e.kind() {
            std::io::ErrorKind::NotFound => LoadErrorKind::NotFound,
            std::io::ErrorKind::PermissionDenied => LoadErrorKind::PermissionDenied,
            std::io::ErrorKind::IsADirectory => LoadErrorKind::IsDirectory,
            _ => LoadErrorKind::Unreadable {
                reason: e.to_string(),
            },
        }
    }
}

impl LoadError {
    pub fn new(name: &str, kind: LoadErrorKind) -> Self {
        LoadError {
            name: name.to_string(),
            kind,
        }
    }

    /// The file as the user named it.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn kind(&self) -> &LoadErrorKind {
        &self.kind
    }

    /// Line and column of the problem, when it has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match &self.kind {
            LoadErrorKind::NotUtf8 { line, column, .. }
            | LoadErrorKind::Syntax { line, column, .. }
            | LoadErrorKind::TooDeep { line, column, .. } => Some((*line, *column)),
            LoadErrorKind::NotAnArchive { at, .. }
            | LoadErrorKind::UnsupportedVersion { at, .. } => *at,
            _ => None,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The name comes from the command line; it must not drive the terminal either.
        let name = sanitize(&self.name);
        let at = |pos: &Option<(usize, usize)>| match pos {
            Some((l, c)) => format!(":{l}:{c}"),
            None => String::new(),
        };
        match &self.kind {
            LoadErrorKind::NotFound => write!(f, "{name}: no such file"),
            LoadErrorKind::IsDirectory => {
                write!(
                    f,
                    "{name}: is a directory; give the path of an archive file"
                )
            }
            LoadErrorKind::PermissionDenied => {
                write!(
                    f,
                    "{name}: permission denied; lektyr needs to read the file"
                )
            }
            LoadErrorKind::Unreadable { reason } => {
                write!(f, "{name}: cannot be read: {}", sanitize(reason))
            }
            LoadErrorKind::Empty => write!(
                f,
                "{name}: the file is empty; an archive is a JSON object with `articles`, \
                 or a JSON array of articles"
            ),
            LoadErrorKind::NotUtf8 { line, column, byte } => write!(
                f,
                "{name}:{line}:{column}: not UTF-8 text (byte 0x{byte:02X}); \
                 save the archive as UTF-8"
            ),
            LoadErrorKind::Syntax {
                line,
                column,
                message,
                excerpt,
            } => write!(f, "{name}:{line}:{column}: {message}\n{excerpt}"),
            LoadErrorKind::TooDeep {
                line,
                column,
                excerpt,
            } => write!(
                f,
                "{name}:{line}:{column}: arrays and objects are nested too deeply \
                 (at most 127 levels; an archive needs about 5)\n{excerpt}"
            ),
            LoadErrorKind::NotAnArchive {
                found,
                expected,
                at: pos,
            } => write!(
                f,
                "{name}{}: not an archive: found {found}; expected {expected}",
                at(pos)
            ),
            LoadErrorKind::UnsupportedVersion { found, at: pos } => write!(
                f,
                "{name}{}: unsupported archive version: found {found}; \
                 lektyr reads version 1",
                at(pos)
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// How wide the shown part of an offending line may be, in cells.
const EXCERPT_WIDTH: usize = 70;

/// The 1-based character column of byte `offset` in `line`, and the two
/// excerpt lines: the line (clipped around the column, made safe to print)
/// and a caret under the column.
pub(crate) fn excerpt(line_no: usize, line: &str, offset: usize) -> (usize, String) {
    let mut offset = offset.min(line.len());
    while !line.is_char_boundary(offset) {
        offset -= 1;
    }
    let column = line[..offset].chars().count() + 1;
    // Shown from the start of the grapheme the column falls in: an emoji
    // or a letter with its marks is never split.
    let start = line
        .grapheme_indices(true)
        .map(|(i, _)| i)
        .take_while(|&i| i <= offset)
        .last()
        .unwrap_or(0);
    let (head, tail) = line.split_at(start);
    let head = printable(head);
    let tail = printable(tail);

    let head_w = display_width(&head);
    let (shown_head, caret) =
        if head_w + display_width(&tail) <= EXCERPT_WIDTH || head_w <= EXCERPT_WIDTH / 2 {
            (head.clone(), head_w)
        } else {
            // Keep about half the window of context before the column.
            let kept = suffix_fitting(&head, EXCERPT_WIDTH / 2 - 1);
            let w = display_width(kept);
            (format!("…{kept}"), w + 1)
        };
    let room = EXCERPT_WIDTH.saturating_sub(caret);
    let shown_tail = if display_width(&tail) <= room {
        tail
    } else {
        let (cut, _) = prefix_fitting(&tail, room.saturating_sub(1));
        format!("{cut}…")
    };
    let gutter = line_no.to_string().len().max(5);
    let text = format!(
        "{line_no:>gutter$} | {shown_head}{shown_tail}\n{:gutter$} | {:caret$}^",
        "", ""
    );
    (column, text)
}

/// A source line made safe to print, a grapheme at a time, so the cells
/// before the caret are the cells shown: tabs become spaces; a grapheme the
/// sanitizer would change shows what it keeps of it (an emoji joined with
/// U+200D stays whole; one cut before its next part loses the joiner), or
/// U+FFFD when it keeps nothing, so an invisible culprit is still seen.
fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for g in s.graphemes(true) {
        match sanitize(g) {
            _ if g == "\t" => out.push(' '),
            kept if kept.is_empty() => out.push('\u{fffd}'),
            kept => out.push_str(&kept),
        }
    }
    out
}

/// The longest suffix of `s` that fits in `width` cells, cut at a grapheme
/// boundary.
fn suffix_fitting(s: &str, width: usize) -> &str {
    let mut used = 0;
    let mut start = s.len();
    for (i, g) in s.grapheme_indices(true).rev() {
        used += grapheme_width(g);
        if used > width {
            break;
        }
        start = i;
    }
    s.get(start..).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_the_column() {
        let (col, text) = excerpt(12, "  \"title\": \"Hej\" \"date\": 1", 17);
        assert_eq!(col, 18);
        assert_eq!(
            text,
            "   12 |   \"title\": \"Hej\" \"date\": 1\n      |                  ^"
        );
    }

    #[test]
    fn long_lines_are_clipped_around_the_column() {
        let line = format!("{}X{}", "a".repeat(200), "b".repeat(200));
        let (col, text) = excerpt(1, &line, 200);
        assert_eq!(col, 201);
        let mut rows = text.lines();
        let shown = rows.next().unwrap_or("");
        let caret = rows.next().unwrap_or("");
        assert!(display_width(shown) <= EXCERPT_WIDTH + 8, "{shown}");
        let x = shown.find('X').unwrap_or(0);
        assert_eq!(display_width(&shown[..x]), display_width(caret) - 1);
        assert!(shown.contains('…'));
    }

    #[test]
    fn wide_and_hostile_characters() {
        let (col, text) = excerpt(3, "日本\x1b[2J語 x", 14);
        assert_eq!(col, 9);
        assert!(!text.contains('\x1b'));
        let mut rows = text.lines();
        let shown = rows.next().unwrap_or("");
        let caret = rows.next().unwrap_or("");
        let x = shown.find('x').unwrap_or(0);
        assert_eq!(display_width(&shown[..x]), display_width(caret) - 1);
    }

    /// The excerpt's line and the cells before its caret.
    fn shown_and_caret(text: &str) -> (&str, usize) {
        let mut rows = text
            .lines()
            .map(|r| r.split_once(" | ").map_or("", |(_, b)| b));
        let shown = rows.next().unwrap_or("");
        let caret = rows.next().unwrap_or("");
        (shown, display_width(caret).saturating_sub(1))
    }

    #[test]
    fn joined_emoji_and_marks_are_never_shown_as_replacement() {
        let family = "👨\u{200d}👩\u{200d}👧";
        for line in [
            format!("\"t\": \"{family} family\" x"),
            format!("\"t\": \"{}\" x", family.repeat(40)),
            format!(
                "\"t\": \"{}\" x {}",
                "e\u{301}".repeat(60),
                family.repeat(40)
            ),
            format!(
                "{}\"t\": \"{}\" x",
                "日本語".repeat(30),
                "か\u{3099}".repeat(30)
            ),
        ] {
            // Every place the column can fall, inside a joined emoji too.
            for (offset, _) in line.char_indices() {
                let (_, text) = excerpt(1, &line, offset);
                assert!(!text.contains('\u{fffd}'), "at {offset}: {text}");
                let (body, caret) = shown_and_caret(&text);
                assert!(display_width(body) <= EXCERPT_WIDTH, "at {offset}: {text}");
                // The caret stands under a grapheme boundary of the line.
                let (before, w) = prefix_fitting(body, caret);
                assert_eq!(w, caret, "at {offset}: {text}");
                assert!(!before.is_empty() || caret == 0, "at {offset}: {text}");
            }
        }
        // What the sanitizer removes whole still shows as U+FFFD.
        let (_, text) = excerpt(1, "\"a\x1b\u{200b}\" x", 9);
        assert!(
            !text.contains('\x1b') && text.contains('\u{fffd}'),
            "{text}"
        );
    }
}
