//! A change journaled, and a journal folded, stopped at each step of the way (`store::crash`):
//! the next process to open the store sees it as it was before the step's change or after it,
//! whole, never a mix, and never without a change reported saved before.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use crate::curation::{Curation, Kind};
use crate::store::crash::{self, Armed};
use crate::store::journal::{self, Policy};
use crate::store::{self, Store};

/// Every change journaled, the journal folded only when asked.
fn policy() -> Policy {
    Policy { from_bytes: 0, fold_bytes: u64::MAX, fold_entries: usize::MAX, ..Policy::default() }
}

/// What the store holds, for comparing states: its claims' ids in order.
fn state(store: &Store) -> Vec<String> {
    store.claims.iter().map(|c| c.id.clone()).collect()
}

/// What the next process reads: the store loaded afresh, its journal replayed.
fn next_open(store_file: &Path) -> Vec<String> {
    state(&store::load_path(store_file).unwrap_or_else(|e| panic!("the store no longer loads: {e}")))
}

/// A copy of the bundled store with one change saved to its journal: the editor, the file, the
/// state before and after that change, and a claim for a second change.
fn journaled_store(dir: &Path) -> (Curation, std::path::PathBuf, Vec<String>, Vec<String>, String) {
    crate::commands::curate::init(dir, false, &mut Vec::new()).unwrap();
    let store_file = dir.join("store.json");
    let (store, mut curation) = Curation::open_with(Some(&store_file), policy()).unwrap();
    let before = state(&store);
    let (first, second) = (store.claims[0].id.clone(), store.claims[1].id.clone());
    drop(store);
    let after = state(&curation.reject(Kind::Claim, &first).unwrap());
    assert_eq!(curation.journal_entries(), 1, "the change went to the journal");
    (curation, store_file, before, after, second)
}

/// Runs `step` with `point` armed: it must stop there (a step that never reaches its point
/// tests nothing). The editor is then abandoned as a crash leaves it: its lock let go, and no
/// destructor run, so nothing is folded or cleaned up behind the test's back.
fn crash_at(point: &'static str, mut curation: Curation, step: impl FnOnce(&mut Curation)) {
    let armed = Armed::at(point);
    let stopped = catch_unwind(AssertUnwindSafe(|| step(&mut curation)));
    let message = stopped.expect_err("the step ran to its end");
    let said = message.downcast_ref::<String>().cloned().unwrap_or_default();
    assert_eq!(said, format!("crash point: {point}"), "stopped elsewhere");
    assert!(!armed.unreached());
    // The kernel lets a crashed process's lock go; everything else is left as it stopped.
    drop(curation.lock.take());
    std::mem::forget(curation);
}

#[test]
fn a_change_stopped_at_any_step_of_its_append_is_all_there_or_not_at_all() {
    for point in [crash::ENTRY_HALF_WRITTEN, crash::ENTRY_WRITTEN, crash::ENTRY_SYNCED] {
        let dir = tempfile::tempdir().unwrap();
        let (curation, store_file, _, saved, second) = journaled_store(dir.path());
        let mut made = Vec::new();
        crash_at(point, curation, |curation| made = state(&curation.reject(Kind::Claim, &second).unwrap()));
        assert!(made.is_empty(), "{point}: the change was reported saved");
        let without: Vec<String> = saved.iter().filter(|id| **id != second).cloned().collect();
        let seen = next_open(&store_file);
        assert!(seen == saved || seen == without, "{point}: neither the state saved nor the next one");
        // Written but not synced may go either way; half an entry is never applied.
        if point == crash::ENTRY_HALF_WRITTEN {
            assert_eq!(seen, saved, "{point}");
        }
    }
}

#[test]
fn a_fold_stopped_at_any_step_loses_no_saved_change() {
    for point in crash::ALL {
        let dir = tempfile::tempdir().unwrap();
        let (curation, store_file, before, saved, _) = journaled_store(dir.path());
        assert_ne!(before, saved);
        crash_at(point, curation, |curation| curation.fold().unwrap());
        assert_eq!(next_open(&store_file), saved, "{point}: the saved change is lost or doubled");
        // The backup holds a whole store: the one before this save or, once it is in place,
        // the one it replaced.
        let backup = store::save::backup_path(&store_file);
        if backup.exists() {
            let kept = state(&store::load_path(&backup).unwrap_or_else(|e| panic!("{point}: backup: {e}")));
            assert!(kept == before || kept == saved, "{point}: the backup is neither store");
        }
        // An editor opening it next folds what is left and carries on.
        let (store, mut next) = Curation::open_with(Some(&store_file), policy()).unwrap();
        assert_eq!(state(&store), saved, "{point}");
        next.fold().unwrap_or_else(|e| panic!("{point}: {e}"));
        assert!(!journal::path_for(&store_file).exists(), "{point}: the journal is folded and gone");
        drop(next);
        assert_eq!(next_open(&store_file), saved, "{point}: after the next fold");
    }
}
