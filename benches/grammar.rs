//! The grammar layer on news text: tokenize + split + tag + lemmatize + parse (`analyze`) of the
//! project's hand-written draft fixtures (news articles of several styles), against the cheap
//! first step alone (`tokenize`) over the same text in the same run. Throughput is in tokens.
//!
//! cargo bench --bench grammar

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factline::grammar::{analyze, model, tokenize};

fn articles() -> String {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/draft");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .expect("the draft fixtures")
        .map(|entry| entry.expect("a fixture").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|path| std::fs::read_to_string(path).expect("a fixture") + "\n\n").collect()
}

fn bench(c: &mut Criterion) {
    let text = articles();
    let tokens = tokenize(&text).len() as u64;
    // Decoding the model is paid once per process, not per article: keep it out of the loop.
    model();
    let mut group = c.benchmark_group("grammar");
    group.throughput(Throughput::Elements(tokens)).measurement_time(Duration::from_secs(10));
    group.bench_function("analyze", |b| b.iter(|| analyze(std::hint::black_box(&text))));
    group.bench_function("tokenize (baseline)", |b| b.iter(|| tokenize(std::hint::black_box(&text))));
    group.finish();
    c.bench_function("grammar/model-decode", |b| {
        b.iter(|| factline::grammar::Model::from_bytes(std::hint::black_box(factline::grammar::model_bytes())))
    });
    // What the browser's first claim list pays: the lemmatizer alone, the rest skipped.
    c.bench_function("grammar/lemmatizer-decode", |b| {
        b.iter(|| {
            factline::grammar::Model::lemmatizer_from_bytes(std::hint::black_box(factline::grammar::model_bytes()))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
