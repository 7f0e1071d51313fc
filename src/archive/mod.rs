//! The archive: the model of articles and blocks, and loading it from the
//! JSON people have (lektyr's own format and the import formats, one reader
//! each in `formats/`), with HTML bodies turned into blocks by `html`,
//! every string sanitized once and every problem located.
//!
//! Its modules stand on floors, and each imports only modules of its own
//! floor or of those below, with no circle anywhere (`tests/layers.rs`
//! checks both, and that nothing here reaches into the rest of lektyr but
//! the leaf helpers `width`, `hash` and `memory`):
//!
//! 5. loading (`load`): a file, a zip or a folder opened whole or in
//!    pieces, its format told from its content.
//! 4. the cache (`cache`): an archive already read, kept to reopen.
//! 3. reading (`builder`, `json`, `formats`, `html`, `pieces`, `error`,
//!    `write`): JSON and HTML made into the model, and the model written
//!    back as JSON.
//! 2. the model (`model`, `date`, `highlight`): articles, blocks, dates and
//!    highlights. What it needs from above (making blocks of an HTML body
//!    when it is first shown) is handed to it as a function.
//! 1. the ground (`bytes`, `format`, `locate`, `sanitize`, `text`, `url`):
//!    helpers that import nothing of the archive.
//!
//! This file is the front door: it re-exports what the rest of lektyr
//! uses. Modules in here name each other by module, never through it.
mod builder;
mod bytes;
pub mod cache;
mod date;
mod error;
mod format;
mod formats;
mod highlight;
pub mod html;
mod json;
mod load;
mod locate;
mod model;
mod pieces;
mod sanitize;
mod text;
pub mod url;
mod write;

pub use builder::{Batch, Tap};
pub use date::MONTHS;
pub use error::{LoadError, LoadErrorKind};
pub use format::{Format, ReadAs};
pub use highlight::{CONTEXT_CHARS, Highlight, Origin, Pos, Stretch};
pub use load::{
    load_bytes, load_bytes_as, load_path, load_path_as, load_path_in_pieces, load_path_streaming,
    load_path_tapped, load_str, load_str_as,
};
pub use model::*;
pub use sanitize::{fold_space, sanitize};
pub use text::Text;
pub use write::{write_v1, write_v1_with};
