//! The event store: its records, loading and validation, and the indexes the views read.

pub mod anchor;
pub mod bundled;
pub mod canonical;
pub mod date;
pub mod format;
pub mod index;
pub mod json;
pub mod load;
pub mod lock;
pub mod model;
pub mod problem;
pub mod relocate;
pub mod save;

pub use date::DateSpec;
pub use index::Store;
pub use load::{
    Anchors, load_bytes, load_bytes_reporting, load_path, load_path_lenient, load_path_listing, load_path_with,
};
pub use model::*;
pub use problem::{LoadError, Location, MAX_PROBLEMS, Omitted, Problem};
