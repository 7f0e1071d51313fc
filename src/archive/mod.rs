//! The archive: the model of articles and blocks, and loading it from the
//! JSON people have (lektyr's own format and the import formats, one reader
//! each in `formats/`), with HTML bodies turned into blocks by `html`,
//! every string sanitized once and every problem located.

mod builder;
pub mod cache;
mod date;
mod error;
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
pub use formats::{Format, ReadAs};
pub use highlight::{CONTEXT_CHARS, Highlight, Origin, Pos, Stretch};
pub use load::{
    load_bytes, load_bytes_as, load_path, load_path_as, load_path_in_pieces, load_path_streaming,
    load_path_tapped, load_str, load_str_as,
};
pub use model::*;
pub use sanitize::sanitize;
pub use text::Text;
pub use write::{write_v1, write_v1_with};
