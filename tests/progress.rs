//! A large store shows a progress bar on stderr while it loads, on a terminal only, and the bar
//! is erased before anything else is printed.

#[path = "../benches/pty.rs"]
mod pty;

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use factline::generate::{Spec, generate};
use factline::progress::MIN_BYTES;

fn large_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(&Spec { events: 25_000, entities: 2_000, sources: 1_000, seed: 3 }, dir.path()).unwrap();
    assert!(summary.json_bytes as usize > MIN_BYTES, "the store is large enough for a bar");
    dir
}

#[test]
fn a_terminal_sees_the_bar_then_the_result() {
    let dir = large_store();
    let data = dir.path().to_str().unwrap();
    let mut running = pty::spawn(Path::new(env!("CARGO_BIN_EXE_factline")), &["check", "--data", data], 100, 30);
    // Collected until the program exits and the terminal closes.
    let output = String::from_utf8_lossy(&running.collect(Duration::from_secs(60))).into_owned();
    let _ = running.child.wait();
    let bar = output.find("loading store.json [").expect("a progress bar");
    let erased = output.find("\r\x1b[2K").expect("the bar erased");
    let result = output.find(": ok — ").expect("the result");
    assert!(bar < erased && erased < result, "{output:?}");
}

#[test]
fn a_pipe_gets_no_bar() {
    let dir = large_store();
    let out = Command::cargo_bin("factline").unwrap().args(["check", "--data"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
