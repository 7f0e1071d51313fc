//! The archive: the model of articles and blocks, and loading it from JSON
//! (parsing, sanitizing every string, locating problems).

mod builder;
mod date;
mod error;
mod formats;
pub mod html;
mod json;
mod load;
mod locate;
mod model;
mod sanitize;
pub mod url;

pub use date::MONTHS;
pub use error::{LoadError, LoadErrorKind};
pub use formats::Format;
pub use load::{load_bytes, load_bytes_as, load_path, load_path_as, load_str, load_str_as};
pub use model::*;
pub use sanitize::sanitize;
