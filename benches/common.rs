//! Stores for the benchmarks: generated once per size into a temporary folder, then loaded.
//!
//! Sizes come from `FACTLINE_BENCH_SIZES` (comma-separated event counts), so the slow
//! million-event run is opt-in: `FACTLINE_BENCH_SIZES=1000,100000,1000000 cargo bench`.

#![allow(dead_code)]

use std::path::PathBuf;

use factline::generate::{Spec, generate};
use factline::store::{Store, load_path};

pub fn sizes(default: &[usize]) -> Vec<usize> {
    match std::env::var("FACTLINE_BENCH_SIZES") {
        Ok(list) => list.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => default.to_vec(),
    }
}

/// The generator's proportions used for every figure: a tenth as many entities as events (at most
/// 50 000), one source article per twenty events.
pub fn spec(events: usize) -> Spec {
    Spec { events, entities: (events / 10).clamp(20, 50_000), sources: (events / 20).max(1), seed: 1 }
}

pub struct Generated {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn generated(events: usize) -> Generated {
    let dir = tempfile::tempdir().expect("a temporary folder");
    generate(&spec(events), dir.path()).expect("the generator writes the store");
    Generated { path: dir.path().to_path_buf(), _dir: dir }
}

pub fn store(events: usize) -> Store {
    load_path(&generated(events).path).expect("a generated store is valid")
}
