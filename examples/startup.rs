//! Start to first frame: runs the release binary in a pseudo-terminal N times and prints the median
//! time from spawning to the end of the first frame, next to the baseline of the same binary
//! printing its version and exiting (process start, dynamic loading, pty round trip).
//!
//! cargo build --release && cargo run --release --example startup -- [BINARY] [RUNS] [--data PATH]

#[path = "../benches/pty.rs"]
mod pty;

use std::path::PathBuf;
use std::time::Duration;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let binary = PathBuf::from(args.next().unwrap_or_else(|| "target/release/factline".into()));
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(21);
    let extra: Vec<String> = args.collect();
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let mut first_frame = Vec::new();
    let mut version = Vec::new();
    for _ in 0..runs {
        let mut running = pty::spawn(&binary, &extra, 120, 40);
        first_frame.push(running.wait_for(pty::FRAME_END, Duration::from_secs(60)).expect("a first frame"));
        running.quit();
        let mut running = pty::spawn(&binary, &["--version"], 120, 40);
        version.push(running.wait_for(b"factline", Duration::from_secs(10)).expect("a version"));
        let _ = running.child.wait();
    }
    let (frame, base) = (median(first_frame), median(version));
    println!(
        "start to first frame: median {:.1} ms over {runs} runs; baseline `--version`: {:.1} ms; ratio {:.1}",
        frame.as_secs_f64() * 1e3,
        base.as_secs_f64() * 1e3,
        frame.as_secs_f64() / base.as_secs_f64()
    );
}
