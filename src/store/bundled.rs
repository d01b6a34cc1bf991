//! The January 2024 Iran–Pakistan store, compiled into the binary so factline runs anywhere.

use std::path::Path;

use super::index::Store;
use super::load::{LoadOptions, SourceReader, load_bytes};
use super::problem::{LoadError, Problem};

pub const STORE_JSON: &str = include_str!("../../data/store.json");

/// The bundled articles, keyed by the `file` path store.json gives them.
pub const SOURCES: [(&str, &str); 5] = [
    ("sources/000-iran-fm-to-visit-pakistan.txt", include_str!("../../data/sources/000-iran-fm-to-visit-pakistan.txt")),
    ("sources/001-independent-pakistan-thaw.txt", include_str!("../../data/sources/001-independent-pakistan-thaw.txt")),
    (
        "sources/002-iranian-fm-visits-pakistan.txt",
        include_str!("../../data/sources/002-iranian-fm-visits-pakistan.txt"),
    ),
    ("sources/003-foreign-ministers-meet.txt", include_str!("../../data/sources/003-foreign-ministers-meet.txt")),
    ("sources/004-joint-statement-tweets.txt", include_str!("../../data/sources/004-joint-statement-tweets.txt")),
];

/// How the bundled store is named in messages.
pub const NAME: &str = "<bundled>/store.json";

struct BundledReader;

impl SourceReader for BundledReader {
    fn read(&self, relative: &str) -> Result<String, Problem> {
        SOURCES
            .iter()
            .find(|(path, _)| *path == relative)
            .map(|(_, text)| (*text).to_string())
            .ok_or_else(|| Problem::in_file(Path::new(NAME), format!("`{relative}` is not bundled")))
    }
}

pub fn load() -> Result<Store, LoadError> {
    load_with(LoadOptions::default())
}

pub fn load_with(options: LoadOptions) -> Result<Store, LoadError> {
    load_bytes(Path::new(NAME), STORE_JSON.as_bytes(), &BundledReader, options)
}
