//! The archive: the model of articles and blocks, and loading it from JSON.

mod model;

pub use model::*;
