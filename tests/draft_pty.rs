//! A store drafted from the bundled articles, browsed through the real binary in a pseudo-terminal:
//! it opens (on Review, every item being a draft), the timeline (`1`) lists the drafted events
//! and Disagreements (`3`) the drafted discrepancies, each with its topic and event once.

#[path = "../benches/pty.rs"]
mod pty;

use std::path::Path;

const BIN: &str = env!("CARGO_BIN_EXE_factline");

#[test]
fn a_drafted_store_shows_its_timeline_and_disagreements() {
    let articles = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sources");
    let out = tempfile::tempdir().unwrap();
    let drafted =
        std::process::Command::new(BIN).arg("draft").arg(&articles).arg("--out").arg(out.path()).output().unwrap();
    assert!(drafted.status.success(), "{}", String::from_utf8_lossy(&drafted.stderr));
    let store = factline::store::load_path(&out.path().join("store.json")).unwrap();
    assert!(!store.events.is_empty() && !store.discrepancies.is_empty());
    let data = out.path().to_str().unwrap();
    let mut s = pty::spawn(Path::new(BIN), &["--data", data], 100, 30);
    s.wait_for_text("Review");
    s.type_keys("1");
    // The timeline's first rows are the earliest events (titles cut to fit their column).
    s.wait_for_text(&format!("item 1 of {}", store.events.len()));
    let first: String =
        store.events.iter().min_by_key(|e| e.date.to_string()).unwrap().title.chars().take(20).collect();
    s.wait_for_text(&first);
    s.type_keys("3");
    s.wait_for_text(&format!("item 1 of {}", store.discrepancies.len()));
    let screen = s.screen();
    for d in &store.discrepancies {
        assert!(screen.contains(&format!("≠ {} — ", d.topic)), "{}\n{screen}", d.topic);
    }
    s.type_keys("q");
    assert!(s.wait_exit().success());
}
