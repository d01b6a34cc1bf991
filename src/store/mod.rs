//! The event store: its records, loading and validation, and the indexes the views read.

pub mod anchor;
pub mod bundled;
pub mod canonical;
pub mod checked;
pub(crate) mod crash;
pub mod date;
pub mod format;
pub mod index;
pub mod journal;
pub mod load;
pub mod lock;
pub mod model;
pub mod problem;
pub mod relocate;
pub mod save;
pub mod splice;
#[cfg(test)]
pub(crate) mod testing;

pub use date::DateSpec;
pub use index::Store;
pub use load::{Anchors, LoadOptions, Locator, load_bytes, load_new_version, load_path, store_file};
pub use model::*;
pub use problem::{LoadError, Location, MAX_PROBLEMS, Omitted, Problem};
