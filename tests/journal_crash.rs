//! A browser killed with SIGKILL at any moment while it saves changes to a store's journal, or
//! folds the journal into store.json, leaves a store that the next load reads as it was after
//! the last change reported saved (or after the change under way, whole): never a mix, never a
//! saved change lost. And a journal made on another version of store.json is never applied.
//!
//! The browser is this test binary itself, re-run as a child with EDITOR_ENV set, so that it
//! saves through exactly the curation code the browser uses, with every change journaled and the
//! journal folded every other change (the bound of a large store, brought down to the bundled one).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use factline::curation::{Curation, Kind};
use factline::store::journal::{self, Policy};
use factline::store::{self, Store};

const EDITOR_ENV: &str = "FACTLINE_JOURNAL_CRASH_EDITOR";

fn policy() -> Policy {
    Policy { from_bytes: 0, fold_bytes: u64::MAX, fold_entries: 2, ..Policy::default() }
}

/// What the store holds, for comparing states: its claims' ids in order.
fn state(store: &Store) -> String {
    store.claims.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(" ")
}

/// The editor: rejects a claim, undoes, redoes, undoes, rejects the next… for ever, writing to
/// `log` that a change is under way (`intent`) and, once it is reported saved, the state it made.
fn edit_until_killed(folder: &Path) -> ! {
    let mut log = fs::OpenOptions::new().create(true).append(true).open(folder.join("log")).unwrap();
    let (mut store, mut curation) = Curation::open_with(Some(&folder.join("store")), policy()).unwrap();
    assert!(curation.read_only().is_none(), "{:?}", curation.read_only());
    for round in 0usize.. {
        let claim = store.claims.get(round / 4 % store.claims.len().max(1)).map(|c| c.id.clone());
        // Every claim rejected by earlier runs: nothing left to change, wait for the kill.
        let Some(claim) = claim else {
            loop {
                std::thread::sleep(Duration::from_secs(60))
            }
        };
        writeln!(log, "intent").unwrap();
        store = match round % 4 {
            0 => curation.reject(Kind::Claim, &claim),
            1 | 3 => curation.undo().expect("a change to undo"),
            _ => curation.redo().expect("a change to redo"),
        }
        .unwrap_or_else(|e| panic!("round {round}: {e}"));
        // One write, so that a kill cannot leave half a line that reads as another state.
        log.write_all(format!("saved {}\n", state(&store)).as_bytes()).unwrap();
    }
    unreachable!("edits for ever")
}

/// What the log says: the state after the last change reported saved (`before` when none
/// was), and whether a change was under way after it.
/// Runs this test binary again as an editor of the store in `folder` (see `edit_until_killed`),
/// to be killed at a moment the caller picks.
fn spawn_editor(folder: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_kill_while_changes_are_journaled_or_folded_never_loses_a_saved_change",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(EDITOR_ENV, folder)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn last_saved(log: &str, before: &str) -> (String, bool) {
    let mut saved = before.to_string();
    let mut under_way = false;
    // Only whole lines: a line the kill cut short was not written.
    for line in log.split_inclusive('\n').filter_map(|l| l.strip_suffix('\n')) {
        if let Some(state) = line.strip_prefix("saved ") {
            saved = state.to_string();
            under_way = false;
        } else if line == "intent" {
            under_way = true;
        }
    }
    (saved, under_way)
}

#[test]
fn a_kill_while_changes_are_journaled_or_folded_never_loses_a_saved_change() {
    if let Some(folder) = std::env::var_os(EDITOR_ENV) {
        edit_until_killed(Path::new(&folder));
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    factline::commands::curate::init(&data, false, &mut Vec::new()).unwrap();
    let store_file = data.join("store.json");
    let mut before = state(&store::load_path(&data).unwrap());
    let (mut journaled, mut folded) = (0, 0);
    for round in 0..20u64 {
        let _ = fs::remove_file(dir.path().join("log"));
        let mut child = spawn_editor(dir.path());
        let started = Instant::now();
        let log = dir.path().join("log");
        while !fs::read_to_string(&log).is_ok_and(|l| l.contains("saved"))
            && started.elapsed() < Duration::from_secs(30)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(fs::read_to_string(&log).is_ok_and(|l| l.contains("saved")), "round {round}: no change was saved");
        // Spread over the appends and the folds that follow.
        std::thread::sleep(Duration::from_millis((round * 13) % 120));
        child.kill().unwrap();
        child.wait().unwrap();
        let log = fs::read_to_string(&log).unwrap();
        let loaded =
            store::load_path(&data).unwrap_or_else(|e| panic!("round {round}: the store no longer loads:\n{e}"));
        let now = state(&loaded);
        let (saved, under_way) = last_saved(&log, &before);
        if now != saved {
            // Only the change under way may have landed, and whole: one claim more or fewer.
            assert!(under_way, "round {round}: a state no saved change made:\n{now}\nsaved: {saved}");
            let (a, b): (Vec<&str>, Vec<&str>) = (now.split(' ').collect(), saved.split(' ').collect());
            assert_eq!(
                a.len().abs_diff(b.len()),
                1,
                "round {round}: more than the change under way:\n{now}\nsaved: {saved}"
            );
        }
        match journal::read_for(&store_file).unwrap() {
            Some(j) if j.folded_into.is_none() => journaled += j.changes.len(),
            _ => folded += 1,
        }
        before = now;
    }
    assert!(journaled > 0, "no kill left a journal to replay: the kills proved little");
    assert!(folded > 0, "no kill came after a fold");
}

#[test]
fn a_journal_made_on_another_version_of_store_json_is_never_applied() {
    let dir = tempfile::tempdir().unwrap();
    factline::commands::curate::init(dir.path(), false, &mut Vec::new()).unwrap();
    let store_file = dir.path().join("store.json");
    let (store, mut curation) = Curation::open_with(Some(dir.path()), policy()).unwrap();
    let id = store.claims[0].id.clone();
    curation.reject(Kind::Claim, &id).unwrap();
    // The browser is gone without folding (as after a crash): its lock goes with it.
    std::mem::forget(curation);
    let journal_file = journal::path_for(&store_file);
    let kept = fs::read(&journal_file).unwrap();
    let replayed = store::load_path(dir.path()).unwrap();
    assert!(replayed.claims.iter().all(|c| c.id != id), "every reader replays the journal");
    // `factline check` counts the store with the change, and names the change still pending.
    let checked =
        assert_cmd::Command::cargo_bin("factline").unwrap().arg("check").arg("--data").arg(dir.path()).output();
    let checked = checked.unwrap();
    let said = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success(), "{said}");
    let claims = format!("{} claims", replayed.claims.len());
    assert!(said.contains(&claims), "{said}");
    assert!(said.contains("store.json.journal: 1 change saved but not yet folded into store.json"), "{said}");
    // Someone edits store.json outside factline.
    let theirs = fs::read_to_string(&store_file).unwrap().replacen("Iran", "IRAN", 1);
    fs::write(&store_file, &theirs).unwrap();
    let error = store::load_path(dir.path()).unwrap_err().to_string();
    assert!(error.contains("store.json.journal") && error.contains("store.json ("), "{error}");
    assert!(error.contains("were not applied") && error.contains("move the .journal file away"), "{error}");
    assert_eq!(fs::read(&journal_file).unwrap(), kept, "the journal is kept");
    assert_eq!(fs::read_to_string(&store_file).unwrap(), theirs);
}

#[test]
fn a_journal_left_by_a_killed_browser_is_folded_before_fmt_or_init_rewrites_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    factline::commands::curate::init(&data, false, &mut Vec::new()).unwrap();
    let store_file = data.join("store.json");
    let original = fs::read(&store_file).unwrap();
    let original_state = state(&store::load_path(&data).unwrap());
    let mut child = spawn_editor(dir.path());
    // The first change is journaled (the second would fold): kill right after it.
    let log = dir.path().join("log");
    let started = Instant::now();
    while !fs::read_to_string(&log).is_ok_and(|l| l.contains("saved")) && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_micros(200));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let journal_file = journal::path_for(&store_file);
    let had_journal = journal::read_for(&store_file).unwrap().is_some_and(|j| !j.changes.is_empty());
    let with_journal = state(&store::load_path(&data).unwrap());
    factline::commands::curate::fmt(Some(&data), false, &mut Vec::new()).unwrap();
    assert!(!journal_file.exists(), "fmt folded the journal");
    assert_eq!(state(&store::load_path(&data).unwrap()), with_journal, "with every saved change");
    if had_journal && with_journal != original_state {
        assert!(fs::read(&store_file).unwrap() != original, "store.json itself holds the change now");
    }
}
