//! Opening an Omnivore export as its zip or a folder laid out like it: the
//! files are found and unpacked here, and each metadata file is read by
//! `formats::omnivore`.

use std::collections::HashMap;
use std::io::{Read, Seek};
use std::path::Path;

use crate::archive::builder::Builder;
use crate::archive::error::{LoadError, LoadErrorKind};
use crate::archive::format::Format;
use crate::archive::formats::omnivore::{Contents, Part, read_with};
use crate::archive::model::Archive;

/// Whether the file starts like a zip archive. Reads four bytes and puts
/// the reader back.
pub(crate) fn is_zip<R: Read + Seek>(r: &mut R) -> bool {
    let mut magic = [0u8; 4];
    let zip = r.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
    let _ = r.seek(std::io::SeekFrom::Start(0));
    zip
}

/// The most one entry of an export zip may unpack to (a body or a
/// metadata file).
const ENTRY_LIMIT: u64 = 256 * 1024 * 1024;

/// Reads an Omnivore export zip.
pub(crate) fn load_zip(path: &Path) -> Result<Archive, LoadError> {
    let name = path.display().to_string();
    let fail = |reason: String| LoadError::new(&name, LoadErrorKind::Unreadable { reason });
    let file = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| fail(format!("not a readable zip ({e})")))?;
    let mut metadata = Vec::new();
    let mut contents = HashMap::new();
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| fail(format!("zip entry {i}: {e}")))?;
        let Ok(entry_name) = entry.name().map(|n| n.to_string()) else {
            continue;
        };
        let base = entry_name
            .rsplit('/')
            .next()
            .unwrap_or(&entry_name)
            .to_string();
        let is_metadata = base.starts_with("metadata_") && base.ends_with(".json");
        let slug = entry_name
            .strip_prefix("content/")
            .and_then(|s| s.strip_suffix(".html"))
            .map(|s| (s, Part::Content))
            .or_else(|| {
                entry_name
                    .strip_prefix("highlights/")
                    .and_then(|s| s.strip_suffix(".md"))
                    .map(|s| (s, Part::Highlights))
            });
        if !is_metadata && slug.is_none() {
            continue;
        }
        let mut text = String::new();
        // A damaged or hostile zip may claim any size: no entry is read
        // past the limit, so memory stays bounded whatever it unpacks to.
        let read = (&mut entry).take(ENTRY_LIMIT + 1).read_to_string(&mut text);
        if read.is_err() || text.len() as u64 > ENTRY_LIMIT {
            // Not UTF-8, damaged or too big: passed over, the rest reads.
            continue;
        }
        match slug {
            Some((slug, part)) => {
                contents.insert((slug.to_string(), part), text);
            }
            None => metadata.push((entry_name, text)),
        }
    }
    let lookup = |slug: &str, part: Part| contents.get(&(slug.to_string(), part)).cloned();
    read_metadata(&name, metadata, &lookup)
}

/// Reads a folder laid out like the export: `metadata_*.json` files and a
/// `content` folder. `None` when the folder holds no metadata file.
pub(crate) fn load_dir(path: &Path) -> Option<Result<Archive, LoadError>> {
    let name = path.display().to_string();
    let mut files: Vec<_> = std::fs::read_dir(path)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name().to_str()?.to_string();
            (file.starts_with("metadata_") && file.ends_with(".json")).then(|| e.path())
        })
        .collect();
    if files.is_empty() {
        return None;
    }
    files.sort();
    let mut metadata = Vec::new();
    for file in files {
        match std::fs::read_to_string(&file) {
            Ok(text) => metadata.push((file.display().to_string(), text)),
            Err(e) => {
                return Some(Err(LoadError::new(
                    &file.display().to_string(),
                    LoadErrorKind::Unreadable {
                        reason: e.to_string(),
                    },
                )));
            }
        }
    }
    let lookup = |slug: &str, part: Part| {
        // A slug is one file name, never a path out of the folder.
        if slug.is_empty() || slug.contains(['/', '\\']) || slug.starts_with('.') {
            return None;
        }
        std::fs::read_to_string(path.join(part.file(slug))).ok()
    };
    Some(read_metadata(&name, metadata, &lookup))
}

/// Reads every metadata file into one archive. A file that is not valid
/// JSON stops the load with its own name and place.
fn read_metadata(
    name: &str,
    mut metadata: Vec<(String, String)>,
    contents: Contents<'_>,
) -> Result<Archive, LoadError> {
    if metadata.is_empty() {
        return Err(LoadError::new(
            name,
            LoadErrorKind::NotAnArchive {
                found: "an export with no metadata_*.json file".into(),
                expected: "an Omnivore export (metadata_*.json and content/*.html)".into(),
                at: None,
            },
        ));
    }
    metadata.sort_by(|a, b| a.0.cmp(&b.0));
    // One file: its problems get lines and columns. Several: they are read
    // one after another and problems keep their pointers only.
    let single = metadata.len() == 1;
    let mut b = Builder::default();
    b.format = Format::Omnivore;
    for (file, text) in &metadata {
        let mut de = serde_json::Deserializer::from_str(text);
        let shown = format!("{name}: {file}");
        match read_with(&mut b, &mut de, Some(contents)).and_then(|r| de.end().map(|()| r)) {
            Ok(Ok(())) => {}
            Ok(Err(found)) => {
                return Err(LoadError::new(
                    &shown,
                    LoadErrorKind::NotAnArchive {
                        found: found.describe(),
                        expected: "an array of entries".into(),
                        at: None,
                    },
                ));
            }
            Err(_) => {
                // The file alone gives the precise message.
                return match super::load_str_as(&shown, text, Some(Format::Omnivore)) {
                    Err(e) => Err(e),
                    Ok(_) => Err(LoadError::new(
                        &shown,
                        LoadErrorKind::Unreadable {
                            reason: "the metadata could not be read".into(),
                        },
                    )),
                };
            }
        }
    }
    let first = metadata.first().map(|m| m.1.as_str()).unwrap_or_default();
    Ok(b.finish(|| single.then_some(std::borrow::Cow::Borrowed(first))))
}
