//! Load + validate + index a generated store, against the baseline of parsing the same file into
//! a `serde_json::Value` (what any program reading the file must at least do).

mod common;

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10).measurement_time(Duration::from_secs(8)).warm_up_time(Duration::from_secs(1));
    for events in common::sizes(&[10_000, 100_000]) {
        let store = common::generated(events);
        group.bench_with_input(BenchmarkId::new("factline", events), &store.path, |b, path| {
            // Freeing the store is not part of loading it, for either side.
            b.iter_with_large_drop(|| factline::store::load_path(path).expect("valid"))
        });
        let file = store.path.join("store.json");
        group.bench_with_input(BenchmarkId::new("serde_json_value", events), &file, |b, file| {
            b.iter_with_large_drop(|| {
                let bytes = std::fs::read(file).expect("readable");
                serde_json::from_slice::<serde_json::Value>(&bytes).expect("JSON")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
