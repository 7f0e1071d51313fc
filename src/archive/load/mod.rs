//! Loading an archive: tell its format, read it with that format's reader
//! in one pass, then let the builder settle ids, related links and list
//! order and give every problem its line and column. Owns the entry points
//! the rest of lektyr calls.

use std::borrow::Cow;
use std::io;
use std::path::Path;

mod omnivore;

use super::builder::{Builder, Fatal, Tap};
use super::error::{LoadError, LoadErrorKind, excerpt};
use super::format::{Format, ReadAs};
use super::formats::{self, Sniff};
use serde::Deserialize;

use super::json::Json;
use super::locate::locate;
use super::model::Archive;

/// Files up to this size are read whole; bigger ones of a format that
/// can be are read in pieces of whole articles (as fast, with the text
/// never held whole beside the articles, and on two cores).
const IN_MEMORY: u64 = 8 * 1024 * 1024;

/// Reads and loads the archive at `path`, telling its format from its
/// content. The file is opened read-only; messages name it as `path`
/// displays.
pub fn load_path(path: &Path) -> Result<Archive, LoadError> {
    load_path_as(path, None)
}

/// [`load_path`] in a given format (`None`: tell it from the content), or
/// as a [`ReadAs`] says.
pub fn load_path_as(path: &Path, how: impl Into<ReadAs>) -> Result<Archive, LoadError> {
    load_path_limited(path, how.into(), IN_MEMORY, None)
}

/// [`load_path_as`] with `tap` seeing the articles as they are read, and
/// `read` counting the bytes of the file read so far.
pub fn load_path_tapped(
    path: &Path,
    how: impl Into<ReadAs>,
    tap: Tap,
    read: std::sync::Arc<std::sync::atomic::AtomicU64>,
) -> Result<Archive, LoadError> {
    load_path_limited(path, how.into(), IN_MEMORY, Some((tap, read)))
}

/// [`load_path`] reading a file in pieces whatever its size, as it does
/// above 8 MB when its format can be (for tests that both ways agree).
pub fn load_path_streaming(path: &Path) -> Result<Archive, LoadError> {
    load_path_limited(path, ReadAs::default(), 0, None)
}

fn load_path_limited(
    path: &Path,
    how: ReadAs,
    in_memory: u64,
    tapped: Option<(Tap, std::sync::Arc<std::sync::atomic::AtomicU64>)>,
) -> Result<Archive, LoadError> {
    let name = path.display().to_string();
    let fail = |kind| Err(LoadError::new(&name, kind));
    let size = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            // A folder is an unpacked Omnivore export, or not an archive.
            return match omnivore::load_dir(path) {
                Some(result) => result,
                None => fail(LoadErrorKind::IsDirectory),
            };
        }
        // A pipe or a device (`<(…)`, `/dev/stdin`) can be read only once:
        // read whole, its format is told from the text.
        Ok(meta) if !meta.is_file() => return read_whole(path, &name, how, tapped),
        Ok(meta) => meta.len(),
        Err(e) => return fail(io_kind(&e)),
    };
    let open = || std::fs::File::open(path).map(|f| io::BufReader::with_capacity(1 << 16, f));
    let mut file = match open() {
        Ok(f) => f,
        Err(e) => return fail(io_kind(&e)),
    };
    if matches!(how.format, None | Some(Format::Omnivore)) && omnivore::is_zip(file.get_mut()) {
        return omnivore::load_zip(path);
    }
    let format = match how.format {
        Some(f) => f,
        None => {
            // The first article's keys tell the format; reading stops there.
            let sniff = Sniff::read(&mut serde_json::Deserializer::from_reader(&mut file));
            match sniff.detect() {
                Ok(f) => f,
                // Not one we know, or not JSON: the whole text gives the
                // precise message.
                Err(_) => return read_whole(path, &name, how, None),
            }
        }
    };
    let how = ReadAs {
        format: Some(format),
        ..how
    };
    let reader = match formats::pieces(format) {
        Some(reader) if size > in_memory => reader,
        _ => {
            // Read from memory: serde_json scans a slice for the end of a
            // string several times faster than a stream. Only a big file
            // is read in pieces, to keep the text and the articles built
            // from it from being held side by side.
            // Huge pages while a big file is read whole: its text and what
            // is built from it fill memory densely.
            return crate::memory::dense(size, || read_whole(path, &name, how, tapped));
        }
    };
    // A big file is read in pieces of whole articles, so the whole text is
    // never held next to the articles built from it (peak memory stays
    // near the model's size), while each piece is parsed from memory.
    // Anything unusual (an error of any kind, a byte-order mark) falls
    // back to reading the whole text, which gives precise messages.
    // On small pages: huge ones made a WordPress dump's first open 10%
    // faster but its peak memory 40% higher (62 MB, not 44, for 33 MB),
    // past one and a half times the file.
    if let Some(archive) = read_in_pieces(path, reader, tapped) {
        return Ok(archive);
    }
    // The rows seen so far stay until the load ends; no second tap.
    read_whole(path, &name, how, None)
}

/// Reads `path` in pieces; `None` when that gives up.
fn read_in_pieces(
    path: &Path,
    reader: &super::pieces::Reader,
    tapped: Option<(Tap, std::sync::Arc<std::sync::atomic::AtomicU64>)>,
) -> Option<Archive> {
    let mut b = Builder::default();
    let (tap, read) = tapped.unzip();
    b.tap = tap;
    if !super::pieces::read(path, &mut b, read.unwrap_or_default(), reader) {
        return None;
    }
    // Problem positions need the text; read it only when there are any.
    Some(b.finish(|| std::fs::read_to_string(path).ok().map(Cow::Owned)))
}

/// Reads `path`, in `format`, in pieces whatever its size, without falling
/// back: `None` when reading in pieces gives up or the format is always
/// read whole (for tests that the pieces were read, or given up on).
#[doc(hidden)]
pub fn load_path_in_pieces(path: &Path, format: Format) -> Option<Archive> {
    read_in_pieces(path, formats::pieces(format)?, None)
}

/// Loads from the whole text of the file (for precise messages).
fn read_whole(
    path: &Path,
    name: &str,
    how: ReadAs,
    tapped: Option<(Tap, std::sync::Arc<std::sync::atomic::AtomicU64>)>,
) -> Result<Archive, LoadError> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let (tap, read) = tapped.unzip();
            if let Some(read) = read {
                read.store(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
            }
            match std::str::from_utf8(&bytes) {
                Ok(text) => load_text(name, text, how, tap),
                Err(_) => load_bytes_as(name, &bytes, how),
            }
        }
        Err(e) => Err(LoadError::new(name, io_kind(&e))),
    }
}

fn io_kind(e: &io::Error) -> LoadErrorKind {
    LoadErrorKind::from_io(e)
}

/// Loads an archive from bytes that should be UTF-8 JSON. `name` is what
/// messages show.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Archive, LoadError> {
    load_bytes_as(name, bytes, None)
}

/// [`load_bytes`] in a given format (`None`: tell it from the content).
pub fn load_bytes_as(
    name: &str,
    bytes: &[u8],
    how: impl Into<ReadAs>,
) -> Result<Archive, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str_as(name, text, how),
        Err(e) => {
            let valid = e.valid_up_to();
            let head = bytes
                .get(..valid)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or("");
            let line = head.matches('\n').count() + 1;
            let line_start = head.rfind('\n').map_or(0, |i| i + 1);
            let column = head.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
            let byte = bytes.get(valid).copied().unwrap_or(0);
            Err(LoadError::new(
                name,
                LoadErrorKind::NotUtf8 { line, column, byte },
            ))
        }
    }
}

/// Loads an archive from JSON text. `name` is what messages show.
pub fn load_str(name: &str, text: &str) -> Result<Archive, LoadError> {
    load_str_as(name, text, None)
}

/// [`load_str`] in a given format (`None`: tell it from the content), or
/// as a [`ReadAs`] says.
pub fn load_str_as(name: &str, text: &str, how: impl Into<ReadAs>) -> Result<Archive, LoadError> {
    load_text(name, text, how.into(), None)
}

fn load_text(name: &str, text: &str, how: ReadAs, tap: Option<Tap>) -> Result<Archive, LoadError> {
    // A byte-order mark is invisible in editors; positions count without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // JSON's own whitespace: anything else is a syntax error worth showing.
    if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Err(LoadError::new(name, LoadErrorKind::Empty));
    }
    let format = match how.format {
        Some(f) => f,
        None => match Sniff::read(&mut serde_json::Deserializer::from_str(text)).detect() {
            Ok(f) => f,
            Err(found) => {
                // Still report broken JSON as such, where it breaks.
                let mut de = serde_json::Deserializer::from_str(text);
                if let Err(e) = serde::de::IgnoredAny::deserialize(&mut de).and_then(|_| de.end()) {
                    return Err(json_error(name, text, &e));
                }
                return Err(LoadError::new(
                    name,
                    LoadErrorKind::NotAnArchive {
                        found,
                        expected: Format::expected(),
                        at: position(text, ""),
                    },
                ));
            }
        },
    };
    let mut b = Builder::default();
    b.tap = tap;
    b.pages = how.pages;
    let mut de = serde_json::Deserializer::from_str(text);
    let read = formats::read(format, &mut b, &mut de).and_then(|shape| de.end().map(|()| shape));
    match read {
        Ok(Ok(())) => Ok(b.finish(|| Some(Cow::Borrowed(text)))),
        Ok(Err(found)) => Err(LoadError::new(
            name,
            LoadErrorKind::NotAnArchive {
                found: describe_top(&found),
                expected: format.shape().into(),
                at: position(text, ""),
            },
        )),
        Err(e) => Err(match b.fatal.take() {
            Some(fatal) => fatal_error(name, text, fatal),
            None => json_error(name, text, &e),
        }),
    }
}

fn describe_top(found: &Json) -> String {
    match found {
        Json::Str(_) => format!("a JSON string ({})", found.describe()),
        Json::Null => "`null`".into(),
        other => other.describe(),
    }
}

fn position(text: &str, pointer: &str) -> Option<(usize, usize)> {
    locate(text, "", &[pointer])
        .first()
        .copied()
        .flatten()
        .map(|p| (p.line, p.column))
}

fn fatal_error(name: &str, text: &str, fatal: Fatal) -> LoadError {
    let kind = match fatal {
        Fatal::NotAnArchive {
            found,
            expected,
            pointer,
        } => LoadErrorKind::NotAnArchive {
            found,
            expected,
            at: pointer.and_then(|p| position(text, &p)),
        },
        Fatal::Version { found } => LoadErrorKind::UnsupportedVersion {
            found,
            at: position(text, "/version"),
        },
    };
    LoadError::new(name, kind)
}

/// A serde_json error as a syntax (or nesting) error with the offending line.
fn json_error(name: &str, text: &str, e: &serde_json::Error) -> LoadError {
    let line = e.line().max(1);
    let raw = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = raw.strip_suffix(&suffix).unwrap_or(&raw);
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    // serde_json counts bytes and points just past the offending byte.
    let (column, excerpt) = excerpt(line, line_text, e.column().saturating_sub(1));
    let kind = if message == "recursion limit exceeded" {
        LoadErrorKind::TooDeep {
            line,
            column,
            excerpt,
        }
    } else {
        LoadErrorKind::Syntax {
            line,
            column,
            message: plain_wording(message),
            excerpt,
        }
    };
    LoadError::new(name, kind)
}

/// serde_json's messages, reworded for someone editing an archive by hand.
fn plain_wording(message: &str) -> String {
    let plain = match message {
        "EOF while parsing a value" => "the file ends where a value should be",
        "EOF while parsing an object" => "the file ends inside an object (a `}` is missing)",
        "EOF while parsing a list" => "the file ends inside an array (a `]` is missing)",
        "EOF while parsing a string" => "the file ends inside a string (a `\"` is missing)",
        "expected value" => {
            "expected a value (text in \"double quotes\", a number, an object, an array, \
             true, false or null)"
        }
        "expected ident" => "expected `true`, `false` or `null`",
        "expected `\"`" => "expected a key in \"double quotes\"",
        "key must be a string" => "an object key must be text in \"double quotes\"",
        "invalid escape" => "invalid escape in a string (use \\n, \\t, \\\", \\\\ or \\uXXXX)",
        "invalid number" => "invalid number",
        "number out of range" => "number too large",
        "invalid unicode code point" => "a \\u escape names no Unicode character",
        "lone leading surrogate in hex escape" => {
            "a \\u escape is half of a surrogate pair without the other half"
        }
        "unexpected end of hex escape" => "a \\u escape needs four hex digits",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a raw control character (such as a tab or line break) inside a string; \
             write it as an escape like \\n or \\t"
        }
        "trailing comma" => "a comma before a closing bracket; remove it",
        "trailing characters" => "more text after the end of the archive",
        other => return other.to_string(),
    };
    plain.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_is_plain() {
        assert_eq!(plain_wording("expected `,` or `}`"), "expected `,` or `}`");
        assert!(plain_wording("trailing comma").contains("remove"));
    }
}
