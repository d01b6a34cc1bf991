//! The browser's status bar when the journal cannot be folded into store.json: the change that
//! set the fold off says it is saved, only in the journal, and why the fold failed (styled as a
//! warning, shown whole above the bar); a warning stays in the bar, key after key, until a fold
//! succeeds, which says so once.
//!
//! The real curation behind a real browser, the fold refused by the file system: the test runs
//! again as a child process whose files may not grow past `LIMIT` (RLIMIT_FSIZE), which the
//! bundled store is larger than and its journal is not, as a full disk would refuse it.

mod common;

use std::sync::Arc;

use common::{buffer_text, drawn, key};
use factline::curation::Curation;
use factline::search::SearchIndex;
use factline::store::journal::Policy;
use factline::tui::{App, Browser, Theme};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const LIMIT: u64 = 64 << 10;
const CHILD_ENV: &str = "FACTLINE_FOLD_WARNING_CHILD";

/// Runs `body` when this process is the child; else runs this test again as the child.
fn in_a_child(test: &str, body: impl FnOnce()) {
    if std::env::var_os(CHILD_ENV).is_some() {
        body();
        return;
    }
    let ran = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&ran.stdout), String::from_utf8_lossy(&ran.stderr));
    assert!(ran.status.success(), "the child failed:\n{said}");
    assert!(said.contains("1 passed"), "the test did not run in the child:\n{said}");
}

/// Lets no file of this process grow past `bytes` (`None`: lifts that); a write past it fails
/// with EFBIG rather than killing the process.
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

/// Rejects the selected item: `x`, and `x` again when the item was reviewed by a person.
fn reject_selected(browser: &mut Browser) {
    key(browser, 'x');
    if browser.app.notice().is_some_and(|notice| notice.contains("again removes it")) {
        key(browser, 'x');
    }
    let notice = browser.app.notice().unwrap_or_default();
    assert!(notice.starts_with("saved: rejected"), "{notice}");
}

/// The cells showing `text` on the first of `rows` that has it.
fn cells_of(buffer: &Buffer, rows: std::ops::Range<u16>, text: &str) -> Vec<ratatui::buffer::Cell> {
    for y in rows.clone() {
        let row: String = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect();
        if let Some(at) = row.find(text) {
            let x = row[..at].chars().count() as u16;
            return (x..x + text.chars().count() as u16).map(|x| buffer[(x, y)].clone()).collect();
        }
    }
    panic!("no {text:?} in rows {rows:?}:\n{}", buffer_text(buffer))
}

fn warned(cell: &ratatui::buffer::Cell) -> bool {
    cell.fg == Color::Black && cell.bg == Color::Yellow && cell.modifier.contains(Modifier::BOLD)
}

#[test]
fn a_fold_that_fails_is_said_in_the_status_bar_until_one_succeeds() {
    in_a_child("a_fold_that_fails_is_said_in_the_status_bar_until_one_succeeds", || {
        let dir = common::store_copy();
        let file = dir.path().join("store.json");
        let policy = Policy { from_bytes: 0, fold_bytes: u64::MAX, fold_entries: 2, ..Policy::default() };
        let (store, curation) = Curation::open_with(Some(&file), policy).unwrap();
        let search = Arc::new(SearchIndex::new(&store));
        let mut browser = Browser::with_editor(App::new(store, search), Theme::new(false), Box::new(curation));
        limit_files(Some(LIMIT));
        reject_selected(&mut browser);
        assert!(browser.app.warning().is_none() && !browser.app.notice_warns());
        // The second change fills the journal, and the fold it sets off cannot write store.json.
        reject_selected(&mut browser);
        assert!(browser.app.notice_warns(), "{:?}", browser.app.notice());
        for (width, height) in [(80, 24), (160, 48)] {
            let buffer = drawn(&mut browser, width, height);
            let shot = buffer_text(&buffer);
            let squeezed = shot.split_whitespace().collect::<Vec<_>>().join(" ");
            for needed in ["only in store.json.journal", "File too large", "ulimit -f", "after 4 more changes"] {
                assert!(squeezed.contains(needed), "{width}x{height}: no {needed:?} in\n{shot}");
            }
            let bar = height - 1;
            assert!(cells_of(&buffer, bar..bar + 1, " ! 2 changes only in store.json.journal ").iter().all(warned));
            assert!(cells_of(&buffer, bar - 6..bar, "File too large").iter().all(warned), "the reason too");
            assert!(!warned(&buffer[(width - 1, bar)]), "the rest of the bar is the bar's");
            insta::assert_snapshot!(format!("fold_warning_{width}x{height}"), shot);
        }

        // The next key clears the reason; the warning stays, counting the changes waiting.
        key(&mut browser, 'j');
        let shot = buffer_text(&drawn(&mut browser, 80, 24));
        assert!(!shot.contains("File too large"), "{shot}");
        assert!(shot.lines().nth(23).unwrap().starts_with(" TIMELINE  ! 2 changes only in store.json.journal"));
        reject_selected(&mut browser);
        assert!(!browser.app.notice_warns(), "backed off: no fold tried, nothing more to say");
        assert_eq!(browser.app.warning(), Some("3 changes only in store.json.journal"));

        // The cause gone, the next try (six changes in) folds them all and says so; the warning goes.
        limit_files(None);
        for _ in 0..3 {
            reject_selected(&mut browser);
        }
        let notice = browser.app.notice().unwrap();
        assert!(notice.ends_with("; 6 changes in store.json.journal folded into store.json at last"), "{notice}");
        assert!(!browser.app.notice_warns() && browser.app.warning().is_none());
        let shot = buffer_text(&drawn(&mut browser, 80, 24));
        assert!(!shot.contains(" ! "), "{shot}");
    });
}
