//! A fold into store.json that fails in the middle of a session: the change that set it off is
//! saved (in the journal) and says so, with why the fold failed; the journal keeps every change;
//! the fold is tried again after a back-off, not after every change; once the cause is gone a
//! fold writes every change into store.json and says so; and a journal at its limit refuses a
//! change rather than grow past it.
//!
//! The file system refuses the new store.json as a full disk would: each test runs in a child
//! process (this test binary again, running that test alone) whose files may not grow past
//! `LIMIT` (RLIMIT_FSIZE), which the bundled store is larger than and its journal is not. The
//! limit is the child's own, so it binds no other test; it holds for root too, as a read-only
//! folder would not.

use std::path::Path;
use std::process::Command;

use crate::curation::{Curation, FoldNews, Holder, Operation, Outcome};
use crate::store::journal::{self, Policy};

/// What a file of the child may grow to: less than the bundled store (91 kB, and still over
/// 70 kB with 14 claims rejected), more than a journal of its changes.
const LIMIT: u64 = 64 << 10;

/// Set in the child: the test runs its body there.
const CHILD_ENV: &str = "FACTLINE_FOLD_TESTS_CHILD";

/// Runs `body` when this process is the child; else runs this test again as the child and
/// checks it passed there.
fn in_a_child(test: &str, body: impl FnOnce()) {
    if std::env::var_os(CHILD_ENV).is_some() {
        body();
        return;
    }
    let name = format!("{}::{test}", module_path!().trim_start_matches("factline::"));
    let ran = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", &name, "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&ran.stdout), String::from_utf8_lossy(&ran.stderr));
    assert!(ran.status.success(), "the child failed:\n{said}");
    assert!(said.contains("1 passed"), "the test did not run in the child:\n{said}");
}

/// Lets no file of this process grow past `bytes` (`None`: as far as the hard limit allows). A
/// write past it then fails with EFBIG rather than killing the process (SIGXFSZ ignored).
fn limit_files(bytes: Option<u64>) {
    // SAFETY: `signal` with SIG_IGN and `getrlimit`/`setrlimit` on a zeroed, then filled,
    // `rlimit` touch nothing but this process's settings.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let mut limit = std::mem::zeroed::<libc::rlimit>();
        assert_eq!(libc::getrlimit(libc::RLIMIT_FSIZE, &mut limit), 0);
        limit.rlim_cur = bytes.unwrap_or(limit.rlim_max);
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
    }
}

/// A copy of the bundled store, every change of it journaled and the journal folded at two
/// changes (at most `limit_entries`): the editor, the store file and the claims to reject.
fn journaling_store(dir: &Path, limit_entries: usize) -> (Curation, std::path::PathBuf, Vec<String>) {
    crate::commands::curate::init(dir, false, &mut Vec::new()).unwrap();
    let file = dir.join("store.json");
    let policy = Policy { from_bytes: 0, fold_bytes: u64::MAX, fold_entries: 2, limit_entries, ..Policy::default() };
    let (store, curation) = Curation::open_with(Some(&file), policy).unwrap();
    let claims = store.claims.iter().map(|c| c.id.clone()).collect();
    (curation, file, claims)
}

fn reject(curation: &mut Curation, id: &str) -> Result<Outcome, crate::curation::Notice> {
    curation.perform(Operation::Reject { holder: Holder::Claim, id: id.to_string() })
}

/// Which of `claims` the next process to open the store sees, and which store.json alone holds.
fn seen(file: &Path, claims: &[String]) -> (usize, usize) {
    let loaded = crate::store::load_path(file).unwrap();
    let on_disk = std::fs::read_to_string(file).unwrap();
    let replayed = claims.iter().filter(|id| loaded.claims.iter().any(|c| &c.id == *id)).count();
    let written = claims.iter().filter(|id| on_disk.contains(&format!("\"{id}\""))).count();
    (replayed, written)
}

#[test]
fn a_fold_that_fails_saves_the_change_says_why_backs_off_and_folds_all_once_it_can() {
    in_a_child("a_fold_that_fails_saves_the_change_says_why_backs_off_and_folds_all_once_it_can", || {
        let dir = tempfile::tempdir().unwrap();
        let (mut curation, file, claims) = journaling_store(dir.path(), Policy::default().limit_entries);
        limit_files(Some(LIMIT));
        let first = reject(&mut curation, &claims[0]).expect("saved");
        assert_eq!((first.fold, first.unfolded), (None, None), "one change: not past the bound yet");

        // The second change fills the journal; the fold it sets off cannot write store.json.
        let second = reject(&mut curation, &claims[1]).expect("the change is saved though the fold failed");
        assert_eq!(second.notice.text, format!("saved: rejected claim `{}`", claims[1]));
        let Some(FoldNews::Failed(why)) = &second.fold else { panic!("no failure said: {:?}", second.fold) };
        for needed in ["only in store.json.journal", "it could not be folded into store.json", "File too large"] {
            assert!(why.contains(needed), "no {needed:?} in {why:?}");
        }
        assert!(why.contains("ulimit -f") && why.contains("after 4 more changes"), "what to do, and when: {why}");
        assert_eq!(second.unfolded.as_deref(), Some("2 changes only in store.json.journal"));
        assert_eq!(seen(&file, &claims[..2]), (0, 2), "both changes replayed from the journal, store.json unchanged");

        // Backed off: the next changes are saved (the failed fold touched store.json's change
        // time, not its bytes) without a fold each; the fourth tries again, and waits longer.
        for (n, id) in claims[2..5].iter().enumerate() {
            let outcome = reject(&mut curation, id).expect("saved after a failed fold");
            assert_eq!(outcome.fold, None, "change {}: no fold tried", n + 3);
            assert_eq!(outcome.unfolded, Some(format!("{} changes only in store.json.journal", n + 3)));
        }
        let retried = reject(&mut curation, &claims[5]).unwrap();
        let Some(FoldNews::Failed(why)) = &retried.fold else { panic!("not tried again: {:?}", retried.fold) };
        assert!(why.contains("after 8 more changes"), "the wait doubles: {why}");
        assert_eq!(curation.journal_entries(), 6);
        assert_eq!(seen(&file, &claims[..6]), (0, 6), "every change kept in the journal, none lost");

        // The cause removed: the next try, eight changes on, folds them all and says so once.
        limit_files(None);
        for id in &claims[6..13] {
            let outcome = reject(&mut curation, id).unwrap();
            assert_eq!(outcome.fold, None);
            assert!(outcome.unfolded.is_some(), "still warned: not folded yet");
        }
        let folded = reject(&mut curation, &claims[13]).unwrap();
        assert_eq!(
            folded.fold,
            Some(FoldNews::Folded("14 changes in store.json.journal folded into store.json at last".into()))
        );
        assert_eq!(folded.unfolded, None, "the warning is taken back");
        assert!(!journal::path_for(&file).exists(), "the journal is folded and gone");
        assert_eq!(seen(&file, &claims[..14]), (0, 0), "store.json holds every change");
        let next = reject(&mut curation, &claims[14]).unwrap();
        assert_eq!((next.fold, next.unfolded), (None, None), "said once");
    });
}

#[test]
fn a_journal_at_its_limit_refuses_a_change_until_a_fold_succeeds() {
    in_a_child("a_journal_at_its_limit_refuses_a_change_until_a_fold_succeeds", || {
        let dir = tempfile::tempdir().unwrap();
        let (mut curation, file, claims) = journaling_store(dir.path(), 4);
        limit_files(Some(LIMIT));
        for id in &claims[..4] {
            reject(&mut curation, id).expect("saved to the journal");
        }
        assert_eq!(curation.journal_entries(), 4);
        let refused = reject(&mut curation, &claims[4]).expect_err("a fifth change would pass the limit");
        for needed in [
            "not saved: store.json.journal holds 4 changes, all it may",
            "could not be folded into store.json",
            "File too large",
            "Nothing saved is lost",
            "make the change again",
        ] {
            assert!(refused.text.contains(needed), "no {needed:?} in {:?}", refused.text);
        }
        assert_eq!(curation.journal_entries(), 4, "the journal did not grow");
        assert_eq!(seen(&file, &claims[..5]), (1, 5), "the four saved changes kept, the fifth not made");

        limit_files(None);
        let made = reject(&mut curation, &claims[4]).expect("folded first, then saved");
        assert_eq!(
            made.fold,
            Some(FoldNews::Folded("4 changes in store.json.journal folded into store.json at last".into()))
        );
        assert_eq!(made.unfolded, None);
        assert_eq!(curation.journal_entries(), 1, "the new change went to a new journal");
        assert_eq!(seen(&file, &claims[..5]), (0, 1), "four in store.json, the fifth in the journal");
    });
}
