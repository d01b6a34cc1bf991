//! `find` as the browser runs it on each keystroke and as `factline find` runs it once, on the
//! bundled store and the generator's 100k-event store (5 000 articles, 22 MB of text).
//!
//! Baselines, same run: a plain scan that folds every article and compares each stretch of words
//! with the query (what the index saves), and `grep -rFi` (or `rg -Fi` when installed) over the
//! same `sources/` folder for the exact phrases (what a fact-checker would do by hand). The index
//! build is measured next to loading the same store.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use factline::find::{self, TextIndex, fold};
use factline::store::{Store, bundled, load_path};

/// The hits the browser's dropdown asks for.
const DROPDOWN: usize = 20;

/// The baseline: every article folded on every query, every stretch of as many words compared.
fn folded_scan(store: &Store, query: &str) -> usize {
    let wanted = fold::folded_words(query);
    let mut hits = 0;
    let mut window: Vec<String> = Vec::new();
    for source in &store.sources {
        window.clear();
        fold::words(&source.text, |word| {
            if window.len() == wanted.len() {
                window.remove(0);
            }
            window.push(word.folded.to_string());
            if window == wanted {
                hits += 1;
            }
        });
    }
    hits
}

fn grep(folder: &Path, phrase: &str) -> usize {
    let rg = Command::new("rg").arg("--version").stdout(Stdio::null()).status().is_ok_and(|s| s.success());
    let mut command = if rg { Command::new("rg") } else { Command::new("grep") };
    command.args(if rg { ["-Fic", "--"] } else { ["-rFic", "--"] }).arg(phrase).arg(folder.join("sources"));
    let out = command.stderr(Stdio::null()).output().expect("grep runs");
    out.stdout.len()
}

/// Queries a reader would type against this store: an exact phrase from the middle of an article,
/// the same misremembered, a phrase of words every article holds, and words no article has.
fn queries(store: &Store) -> Vec<(&'static str, String)> {
    let middle = &store.sources[store.sources.len() / 2].text;
    let mut words: Vec<String> = Vec::new();
    fold::words(middle, |w| words.push(middle[w.bytes].to_string()));
    let at = words.len() / 2;
    let exact = words[at..at + 5].join(" ");
    let mut misspelt = words[at..at + 5].to_vec();
    if let Some(long) = misspelt.iter_mut().find(|w| w.chars().count() >= 5 && w.is_ascii()) {
        long.replace_range(1..3, &long[1..3].chars().rev().collect::<String>());
    }
    misspelt.remove(2);
    vec![
        ("exact", exact),
        ("misremembered", misspelt.join(" ")),
        ("common", "officials said".to_string()),
        ("absent", "those killed were not anywhere".to_string()),
    ]
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("find");
    group.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    let bundled_folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut stores: Vec<(String, Store, Option<common::Generated>)> =
        vec![("bundled".to_string(), bundled::load().expect("the bundled store loads"), None)];
    for events in common::sizes(&[100_000]) {
        let generated = common::generated(events);
        let store = load_path(&generated.path).expect("a generated store is valid");
        stores.push((events.to_string(), store, Some(generated)));
    }
    for (name, store, generated) in &stores {
        let folder = generated.as_ref().map_or(bundled_folder.clone(), |g| g.path.clone());
        let index = TextIndex::new(store);
        eprintln!("{name}: index of {} words, {} KiB", index.word_count(), index.heap_bytes() / 1024);
        let mut real = queries(store);
        if name == "bundled" {
            real[0].1 = "those killed were not Iranians".to_string();
            real[1].1 = "those who were killed were not Iranian".to_string();
        }
        for (kind, query) in &real {
            let id = format!("{name}/{kind}");
            group.bench_function(BenchmarkId::new("index", &id), |b| {
                b.iter(|| find::find(store, &index, query, DROPDOWN).hits.len())
            });
            group.bench_function(BenchmarkId::new("folded-scan", &id), |b| b.iter(|| folded_scan(store, query)));
            if *kind == "exact" {
                group.bench_function(BenchmarkId::new("grep", &id), |b| b.iter(|| grep(&folder, query)));
            }
        }
        // Typing the exact phrase one character at a time, as the browser's search bar does.
        let phrase = &real[0].1;
        group.bench_function(BenchmarkId::new("index-typing-each-prefix", name), |b| {
            b.iter(|| {
                phrase
                    .char_indices()
                    .map(|(at, c)| find::find(store, &index, &phrase[..at + c.len_utf8()], DROPDOWN).hits.len())
                    .sum::<usize>()
            })
        });
        // Freeing is left out of the build and the load alike, as in every load figure.
        group.bench_function(BenchmarkId::new("build-index", name), |b| {
            b.iter_with_large_drop(|| TextIndex::new(store))
        });
        if let Some(generated) = generated {
            group.bench_function(BenchmarkId::new("load", name), |b| {
                b.iter_with_large_drop(|| load_path(&generated.path).expect("loads"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
