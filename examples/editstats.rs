//! What one change costs on a large store, in a fresh process: the time of each change (reject a
//! claim, undo it, accept… as the browser makes them, validation and the save included) and the
//! memory while browsing and while editing (VmRSS after opening; VmHWM after the changes).
//!
//! cargo build --release --example editstats
//! factline gen --events 100000 --entities 10000 --sources 5000 --out /tmp/s100k
//! target/release/examples/editstats /tmp/s100k [CHANGES] [--keep-journal]
//!
//! Prints one line per change and a summary line: `open_ms`; `prepare_wait_ms`, what a change
//! made the moment the store is shown would wait for store.json to be read for editing (on a
//! thread the browser starts once its first frame is drawn; the changes below are made after
//! it); the first change, the median save (the curation call: checked, written, the store
//! updated) and the median change with the search index brought up to date as the browser does, in ms; the
//! browsing RSS and the peak while editing, in MiB; `journaled`, how many changes went to the
//! store's journal (a store of 128 MiB or more), and `fold_ms`, folding them into store.json as
//! the browser does when it closes. With `--keep-journal` the process ends without folding
//! (as a crash would), leaving the journal for a load to replay: `time factline check`.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use factline::curation::{Curation, Kind};
use factline::search::SearchIndex;

/// A field of /proc/self/status in KiB; panics rather than report a figure it did not measure.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with(field)).unwrap_or_else(|| panic!("no {field} line"));
    let kib = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a size in kB");
    assert!(kib > 0, "{field} is 0: nothing was measured");
    kib
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: editstats DIR [CHANGES]");
        std::process::exit(2);
    };
    let changes: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(8);
    let keep_journal = args.iter().any(|a| a == "--keep-journal");
    let started = Instant::now();
    let (store, mut curation) = Curation::open(Some(Path::new(dir))).unwrap_or_else(|e| panic!("{e}"));
    let mut search = Arc::new(SearchIndex::new(&store));
    let open_ms = started.elapsed().as_secs_f64() * 1e3;
    if let Some(reason) = curation.read_only() {
        panic!("the store opened read-only: {reason}");
    }
    // What a change made the moment the browser shows the store waits for: store.json read for
    // editing, on the thread the browser starts once its first frame is drawn.
    let waited = Instant::now();
    curation.prepare();
    curation.wait_until_prepared();
    let prepare_wait_ms = waited.elapsed().as_secs_f64() * 1e3;
    let browsing = status_kib("VmRSS:");
    assert!(store.claims.len() >= changes, "the store has too few claims for {changes} changes");
    // Claims spread over the file, so the changes do not all touch its start.
    let ids: Vec<String> =
        (0..changes).map(|i| store.claims[i * (store.claims.len() - 1) / changes.max(1)].id.clone()).collect();
    drop(store);
    let (mut times, mut saves) = (Vec::new(), Vec::new());
    for (i, id) in ids.iter().enumerate() {
        let t = Instant::now();
        let (what, store) = if i % 2 == 0 {
            ("reject", curation.reject(Kind::Claim, id).unwrap_or_else(|e| panic!("reject {id}: {e}")))
        } else {
            ("undo", curation.undo().expect("a change to undo").unwrap_or_else(|e| panic!("undo: {e}")))
        };
        let saved = t.elapsed();
        // As the browser does after a change: the name index brought up to date with the store.
        SearchIndex::follow(&mut search, &store);
        drop(store);
        let (save_ms, ms) = (saved.as_secs_f64() * 1e3, t.elapsed().as_secs_f64() * 1e3);
        println!("change {i}: {what} saved in {save_ms:.1} ms, {ms:.1} ms with the search index");
        saves.push(save_ms);
        times.push(ms);
    }
    assert!(!times.is_empty(), "no change was made: nothing measured");
    let median = |values: &[f64]| {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted[sorted.len() / 2]
    };
    let peak = status_kib("VmHWM:");
    let journaled = curation.journal_entries();
    let fold_ms = if keep_journal {
        f64::NAN
    } else {
        let t = Instant::now();
        curation.fold().unwrap_or_else(|e| panic!("fold: {e}"));
        t.elapsed().as_secs_f64() * 1e3
    };
    println!(
        "open_ms={open_ms:.0} prepare_wait_ms={prepare_wait_ms:.0} first_change_ms={:.1} median_save_ms={:.1} median_change_ms={:.1} browsing_rss_mib={:.0} editing_peak_mib={:.0} ratio={:.2} journaled={journaled} fold_ms={fold_ms:.0}",
        times[0],
        median(&saves),
        median(&times),
        browsing as f64 / 1024.0,
        peak as f64 / 1024.0,
        peak as f64 / browsing as f64
    );
    if keep_journal {
        // As a crash would: no fold, the journal left for the next load to replay.
        std::process::exit(0);
    }
}
