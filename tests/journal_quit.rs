//! Quitting the browser with changes in the store's journal folds them into store.json after
//! the terminal is restored, saying so on the shell's screen, and a fold that fails says why,
//! keeps the journal (replayed by the next load) and ends with a failure status.
//!
//! The journal is left by an earlier session that ended without folding (as a crash would):
//! this test binary re-run with LEAVER_ENV set, journaling every change of the small bundled
//! store. The real binary then opens the store in a pseudo-terminal, replays the journal, and
//! is quit.

#[path = "../benches/pty.rs"]
mod pty;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use factline::curation::{Curation, Kind};
use factline::store::journal::{self, Policy};

const BIN: &str = env!("CARGO_BIN_EXE_factline");
const LEAVER_ENV: &str = "FACTLINE_JOURNAL_QUIT_LEAVER";

/// In the child: rejects the store's first claim, saved to the journal, then exits without
/// folding it (no destructor runs, as in a crash; the kernel lets the lock go).
fn leave_a_journal(store_file: &Path) -> ! {
    let policy = Policy { from_bytes: 0, ..Policy::default() };
    let (store, mut curation) = Curation::open_with(Some(store_file), policy).unwrap();
    let claim = store.claims[0].id.clone();
    curation.reject(Kind::Claim, &claim).unwrap();
    assert_eq!(curation.journal_entries(), 1);
    std::process::exit(0)
}

/// The bundled store copied out with one change in its journal, left by the test `test` run
/// again as a child: the store's folder and the claim the change rejected.
fn store_with_a_journal(test: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    factline::commands::curate::init(dir.path(), false, &mut Vec::new()).unwrap();
    let store_file = dir.path().join("store.json");
    let claim = factline::store::load_path(&store_file).unwrap().claims[0].id.clone();
    let left = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(LEAVER_ENV, &store_file)
        .output()
        .unwrap();
    assert!(left.status.success(), "{}", String::from_utf8_lossy(&left.stderr));
    assert!(journal::path_for(&store_file).exists(), "the child left a journal");
    assert!(std::fs::read_to_string(&store_file).unwrap().contains(&claim), "not folded yet");
    (dir, claim)
}

/// In the child that `store_with_a_journal` started, leaves the journal and exits.
fn when_the_child() {
    if let Some(store_file) = std::env::var_os(LEAVER_ENV) {
        leave_a_journal(Path::new(&store_file));
    }
}

/// Opens the store in the real binary, waits for its first frame, runs `meanwhile`, quits:
/// the exit status and everything the terminal received.
fn browse_and_quit(dir: &Path, meanwhile: impl FnOnce()) -> (portable_pty::ExitStatus, String) {
    let mut browser = pty::spawn(Path::new(BIN), &["--data", dir.to_str().unwrap()], 100, 30);
    browser.wait_for_text("item 1 of");
    meanwhile();
    browser.type_keys("q");
    let status = browser.wait_exit();
    // What was written just before the exit may still be on its way from the pty.
    browser.collect(std::time::Duration::from_millis(200));
    (status, browser.text())
}

#[test]
fn quitting_folds_the_journal_and_says_so() {
    when_the_child();
    let (dir, claim) = store_with_a_journal("quitting_folds_the_journal_and_says_so");
    let store_file = dir.path().join("store.json");
    let (status, said) = browse_and_quit(dir.path(), || {});
    assert!(status.success(), "{said}");
    let line = format!("factline: saving 1 change to {} … done", store_file.display());
    assert!(said.contains(&line), "no {line:?} in:\n{said}");
    // After the terminal was restored (leaving the alternate screen), not on the browser's screen.
    let restored = said.rfind("\x1b[?1049l").expect("the alternate screen left");
    assert!(said.rfind("factline: saving").unwrap() > restored, "{said}");
    assert!(!journal::path_for(&store_file).exists(), "the journal is folded and gone");
    assert!(!std::fs::read_to_string(&store_file).unwrap().contains(&claim), "the rejected claim is gone");
}

#[test]
fn a_fold_that_fails_says_why_keeps_the_journal_and_fails() {
    when_the_child();
    let (dir, claim) = store_with_a_journal("a_fold_that_fails_says_why_keeps_the_journal_and_fails");
    let store_file = dir.path().join("store.json");
    // store.json made read-only while the browser shows it: the fold refuses to replace it
    // (the mode is checked, so this holds for root too).
    let read_only = || std::fs::set_permissions(&store_file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (status, said) = browse_and_quit(dir.path(), read_only);
    assert!(!status.success(), "{said}");
    assert!(said.contains(&format!("factline: saving 1 change to {} … failed", store_file.display())), "{said}");
    let journal_file = journal::path_for(&store_file);
    for needed in [
        "could not save 1 change",
        "marked read-only",
        "chmod u+w",
        &journal_file.display().to_string(),
        "replays them",
    ] {
        assert!(said.contains(needed), "no {needed:?} in:\n{said}");
    }
    assert!(journal_file.exists(), "the journal is kept");
    assert!(std::fs::read_to_string(&store_file).unwrap().contains(&claim), "store.json as it was");
    // The next load replays the change; once store.json may be written, quitting folds it.
    let replayed = factline::store::load_path(&store_file).unwrap();
    assert!(replayed.claims.iter().all(|c| c.id != claim), "the kept change is replayed");
    std::fs::set_permissions(&store_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (status, said) = browse_and_quit(dir.path(), || {});
    assert!(status.success(), "{said}");
    assert!(!journal_file.exists());
    assert!(!std::fs::read_to_string(&store_file).unwrap().contains(&claim));
}
