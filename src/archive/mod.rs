//! The archive: the model of articles and blocks, and loading it from JSON
//! (parsing, sanitizing every string, locating problems).

mod date;
mod de;
mod error;
pub mod html;
mod load;
mod locate;
mod model;
mod sanitize;
pub mod url;

pub use date::MONTHS;
pub use error::{LoadError, LoadErrorKind};
pub use load::{load_bytes, load_path, load_str};
pub use model::*;
pub use sanitize::sanitize;
