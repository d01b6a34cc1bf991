//! One load of a store in a fresh process, for figures criterion cannot give: wall time and peak
//! memory (VmHWM) relative to the JSON file. `benches/loadstats.sh` runs it repeatedly per size.
//!
//! loadstats factline PATH   load + validate + index with factline
//! loadstats find PATH       the same, then the text index `find` and the browser's text search use
//!                           (index_ms: the index build alone, within ms)
//! loadstats value PATH      baseline: read store.json and parse it into a serde_json::Value

use std::path::Path;
use std::time::Instant;

/// Panics rather than report a peak of zero: a figure that measured nothing must not look like one.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("a VmHWM line in /proc/self/status");
    let kib = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmHWM in kB");
    assert!(kib > 0, "VmHWM is 0: nothing was measured");
    kib
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: loadstats factline|find|value PATH");
        std::process::exit(2);
    };
    let path = Path::new(path);
    let file = if path.is_dir() { path.join("store.json") } else { path.to_path_buf() };
    let json_bytes = std::fs::metadata(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())).len();
    let started = Instant::now();
    let mut index_ms: Option<f64> = None;
    // What was loaded is kept until the time is taken: freeing it is not part of loading.
    let (items, loaded): (usize, Box<dyn std::any::Any>) = match mode.as_str() {
        "factline" => match factline::store::load_path(path) {
            Ok(store) => (store.events.len(), Box::new(store)),
            Err(e) => {
                eprint!("{e}");
                std::process::exit(1);
            }
        },
        "find" => match factline::store::load_path(path) {
            Ok(store) => {
                let loaded = started.elapsed();
                let index = factline::find::TextIndex::new(&store);
                index_ms = Some((started.elapsed() - loaded).as_secs_f64() * 1e3);
                (store.events.len(), Box::new((store, index)))
            }
            Err(e) => {
                eprint!("{e}");
                std::process::exit(1);
            }
        },
        "value" => {
            let bytes = std::fs::read(&file).expect("readable");
            let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
            (value["events"].as_array().map_or(0, Vec::len), Box::new(value))
        }
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    };
    let elapsed = started.elapsed();
    drop(loaded);
    let peak = peak_rss_kib() * 1024;
    println!(
        "{mode} events={items} ms={:.0}{} peak_mb={:.1} json_mb={:.1} peak_over_json={:.2}",
        elapsed.as_secs_f64() * 1e3,
        index_ms.map(|ms| format!(" index_ms={ms:.0}")).unwrap_or_default(),
        peak as f64 / 1048576.0,
        json_bytes as f64 / 1048576.0,
        peak as f64 / json_bytes as f64
    );
}
