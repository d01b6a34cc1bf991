//! Nothing a user keeps in a store's folder is lost or locked away by factline: a hostile lock
//! file is refused at once, a browser ended by a signal leaves the store free to edit, a private
//! store stays private, a read-only one is not edited, and `draft --force` neither writes under an
//! editing browser nor drops the articles its old store quoted.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use factline::curation::{ClaimFields, Curation, EntityRef, NewPassage};
use factline::store::save::Lock;
use factline::store::{EntityKind, bundled};
use predicates::prelude::*;

mod common;
use common::*;

#[path = "../benches/pty.rs"]
mod pty;

const BIN: &str = env!("CARGO_BIN_EXE_factline");
const TIMEOUT: Duration = Duration::from_secs(20);

fn factline() -> Command {
    let mut command = Command::cargo_bin("factline").unwrap();
    command.timeout(TIMEOUT);
    command
}

/// The bundled store copied out, store.json not in canonical form (so `fmt` has to write it).
fn uncanonical_store() -> tempfile::TempDir {
    let dir = store_copy();
    let value: serde_json::Value = serde_json::from_str(bundled::STORE_JSON).unwrap();
    fs::write(dir.path().join("store.json"), serde_json::to_string(&value).unwrap()).unwrap();
    dir
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// `Curation::open` on another thread: a hang is a failure after `TIMEOUT`, not a stuck test run.
fn open_within_timeout(dir: &Path) -> Option<String> {
    let dir = dir.to_path_buf();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let opened = Curation::open(Some(&dir)).map(|(_, curation)| curation.read_only().map(str::to_string));
        let _ = sender.send(opened.map_err(|e| e.to_string()));
    });
    receiver.recv_timeout(TIMEOUT).expect("the browser hung opening the store").unwrap()
}

#[test]
fn a_fifo_or_a_link_to_dev_zero_as_lock_file_is_refused_at_once() {
    let dir = uncanonical_store();
    let lock = dir.path().join("store.json.lock");
    let made = std::process::Command::new("mkfifo").arg(&lock).status().unwrap();
    assert!(made.success());
    let started = Instant::now();
    factline()
        .args(["fmt", "--data"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("store.json.lock").and(predicate::str::contains("not a regular file")));
    let notice = open_within_timeout(dir.path()).expect("opens read-only");
    assert!(notice.contains("not a regular file"), "{notice}");
    fs::remove_file(&lock).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &lock).unwrap();
    factline()
        .args(["fmt", "--data"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("symbolic link"));
    let notice = open_within_timeout(dir.path()).expect("opens read-only");
    assert!(notice.contains("symbolic link"), "{notice}");
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}

#[test]
fn a_pid_file_naming_a_running_process_locks_nothing() {
    let dir = uncanonical_store();
    // This test's own process runs: the old pid-file lock kept every editor out for good.
    fs::write(dir.path().join("store.json.lock"), format!("{}\n", std::process::id())).unwrap();
    assert_eq!(open_within_timeout(dir.path()), None, "the store opens for editing");
    factline().args(["fmt", "--data"]).arg(dir.path()).assert().success();
}

/// Sends `signal` to the program in `terminal` and waits for it to end.
fn signal_and_wait(terminal: &mut pty::Running, signal: libc::c_int) {
    let pid = libc::pid_t::try_from(terminal.pid()).unwrap();
    // SAFETY: sends a signal to the child this test started and still owns.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    terminal.wait_exit();
}

#[test]
fn a_browser_ended_by_a_signal_leaves_the_store_free_to_edit_at_once() {
    for (signal, name) in [(libc::SIGHUP, "SIGHUP"), (libc::SIGTERM, "SIGTERM"), (libc::SIGINT, "SIGINT")] {
        let dir = store_copy();
        let file = dir.path().join("store.json");
        let mut browser = pty::spawn(Path::new(BIN), &["--data", dir.path().to_str().unwrap()], 120, 30);
        browser.wait_for_text("TIMELINE");
        browser.type_keys("3");
        browser.wait_for_text("DISAGREEMENTS");
        // A reviewed discrepancy: the first `x` asks, the second removes it.
        browser.type_keys("x");
        browser.wait_for_text("x again removes it");
        browser.type_keys("x");
        browser.wait_for_text("saved:");
        assert!(Lock::holder(&file).unwrap().is_some_and(|h| h.starts_with("browser pid")), "{name}");
        signal_and_wait(&mut browser, signal);
        // At once, with no waiting for anything to go stale.
        assert_eq!(Lock::holder(&file).unwrap(), None, "{name} left the store locked");
        assert_eq!(open_within_timeout(dir.path()), None, "{name}: the next browser edits");
        drop(Lock::acquire(&file, "test").unwrap());
    }
}

#[test]
fn a_private_store_stays_private_and_a_read_only_one_is_not_edited() {
    let dir = uncanonical_store();
    let file = dir.path().join("store.json");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    factline().args(["fmt", "--data"]).arg(dir.path()).assert().success();
    assert_eq!(mode(&file), 0o600, "store.json");
    assert_eq!(mode(&dir.path().join("store.json.bak")), 0o600, "store.json.bak");
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '3');
    // A reviewed discrepancy: the second `x` removes it.
    key(&mut browser, 'x');
    key(&mut browser, 'x');
    saved(&browser);
    drop(browser);
    assert_eq!(mode(&file), 0o600, "store.json after a browser's save");
    assert_eq!(mode(&dir.path().join("store.json.bak")), 0o600, "store.json.bak after a browser's save");

    let before = fs::read(&file).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    let notice = open_within_timeout(dir.path()).expect("a read-only store opens read-only");
    assert!(notice.contains("0444") && notice.contains("chmod u+w"), "{notice}");
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '3');
    key(&mut browser, 'x');
    assert!(browser.app.notice().unwrap().contains("read-only"), "{:?}", browser.app.notice());
    assert_eq!(fs::read(&file).unwrap(), before);
    // Put out of canonical form by its owner, who then made it read-only: fmt leaves it alone.
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&before).unwrap();
    fs::write(&file, serde_json::to_string(&value).unwrap()).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    factline().args(["fmt", "--data"]).arg(dir.path()).assert().code(1).stderr(predicate::str::contains("chmod u+w"));
}

fn articles() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/draft")
}

/// The fixture articles copied into a folder of their own.
fn article_copies() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(articles()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn drafted_sources(output: &[u8]) -> String {
    let text = String::from_utf8_lossy(output);
    text.split("drafted ").nth(1).and_then(|rest| rest.split(' ').next()).unwrap_or_default().to_string()
}

#[test]
fn draft_force_is_refused_while_a_browser_edits_the_store() {
    let out = tempfile::tempdir().unwrap();
    factline().arg("draft").arg(articles()).arg("--out").arg(out.path()).assert().success();
    let mut browser = editing(Some(out.path()));
    key(&mut browser, '4');
    key(&mut browser, 'a');
    saved(&browser);
    let store = fs::read(out.path().join("store.json")).unwrap();
    let backup = fs::read(out.path().join("store.json.bak")).unwrap();
    factline()
        .arg("draft")
        .arg(articles())
        .arg("--out")
        .arg(out.path())
        .arg("--force")
        .assert()
        .code(predicate::ne(0))
        .stderr(predicate::str::contains("browser pid").and(predicate::str::contains("nothing was written")));
    assert_eq!(fs::read(out.path().join("store.json")).unwrap(), store);
    assert_eq!(fs::read(out.path().join("store.json.bak")).unwrap(), backup);
    drop(browser);
    factline().arg("draft").arg(articles()).arg("--out").arg(out.path()).arg("--force").assert().success();
}

#[test]
fn draft_force_keeps_the_articles_of_the_store_it_replaces() {
    let input = article_copies();
    let out = tempfile::tempdir().unwrap();
    factline().arg("draft").arg(input.path()).arg("--out").arg(out.path()).assert().success();
    let edited = fs::read_dir(input.path()).unwrap().next().unwrap().unwrap().path();
    let original = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, format!("{original}\nA correction was appended.\n")).unwrap();
    factline().arg("draft").arg(input.path()).arg("--out").arg(out.path()).arg("--force").assert().success();
    let copy = out.path().join("sources").join(edited.file_name().unwrap());
    assert!(fs::read_to_string(&copy).unwrap().contains("A correction"));
    // store.json.bak with sources.bak/ is the store as it was: it passes check.
    let restored = tempfile::tempdir().unwrap();
    fs::copy(out.path().join("store.json.bak"), restored.path().join("store.json")).unwrap();
    fs::create_dir(restored.path().join("sources")).unwrap();
    for entry in fs::read_dir(out.path().join("sources.bak")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, restored.path().join("sources").join(path.file_name().unwrap())).unwrap();
    }
    let kept = restored.path().join("sources").join(edited.file_name().unwrap());
    assert_eq!(fs::read_to_string(kept).unwrap(), original);
    factline().arg("check").arg("--data").arg(restored.path()).assert().success();
}

#[test]
fn a_folder_drafted_into_itself_again_and_again_drafts_the_same_articles() {
    let input = article_copies();
    let count = fs::read_dir(input.path()).unwrap().count().to_string();
    for round in 0..3 {
        let mut command = factline();
        command.arg("draft").arg(input.path()).arg("--out").arg(input.path());
        if round > 0 {
            command.arg("--force");
        }
        let output = command.assert().success().get_output().stdout.clone();
        assert_eq!(drafted_sources(&output), count, "round {round}: {}", String::from_utf8_lossy(&output));
    }
    factline().arg("check").arg("--data").arg(input.path()).assert().success();
}

/// A claim quoting `quote` of the store's first article, as the browser's selection makes it.
fn claim_from(store: &factline::store::Store, quote: &str) -> (NewPassage, ClaimFields) {
    let source = &store.sources[0];
    let at = source.text.find(quote).unwrap();
    let start = source.text[..at].chars().count();
    let passage = NewPassage { source: source.id.clone(), start, end: start + quote.chars().count() };
    let fields = ClaimFields {
        about: Vec::new(),
        speaker: EntityRef::Existing("iran".into()),
        verb: "said".into(),
        text: "Two children were killed.".into(),
        date: None,
        mentions: Vec::new(),
    };
    (passage, fields)
}

#[test]
fn a_passage_cut_from_an_article_edited_on_disk_is_not_saved_and_a_reload_fixes_it() {
    let dir = store_copy();
    let (_, mut curation) = Curation::open(Some(dir.path())).unwrap();
    // A first change, saved: the browser then shows the store as that save read it.
    let (store, _) = curation.create_entity("Stale Copy Watchers", EntityKind::Organization).unwrap();
    let saved_once = read(&dir);
    // A correction lands at the top of the article while the browser shows the old text.
    let name = store.sources[0].file.clone().unwrap();
    let article = dir.path().join(&name);
    let edited =
        format!("Correction: an earlier version misdated the strike.\n\n{}", fs::read_to_string(&article).unwrap());
    fs::write(&article, edited).unwrap();
    let quote = "Pakistan said the Iranian attack had killed two children.";
    let (passage, fields) = claim_from(&store, quote);
    let error = factline::tui::curating::describe_error(curation.create_claim(&passage, &fields).unwrap_err());
    assert!(error.contains(&name) && error.contains("changed on disk") && error.contains("R reloads"), "{error}");
    assert_eq!(read(&dir), saved_once, "nothing was written");
    let reloaded = curation.reload().unwrap();
    let (passage, fields) = claim_from(&reloaded, quote);
    let (saved, id) = curation.create_claim(&passage, &fields).unwrap();
    // Made from the article as it reads now, the passage is exact there (the correction moved
    // the store's older passages, which the Review view offers to refit; `check` reports those).
    let claim = saved.claims.iter().find(|c| c.id == id).unwrap();
    assert!(claim.evidence[0].anchoring.is_exact(), "{:?}", claim.evidence[0].anchoring);
    assert_eq!(claim.evidence[0].exact(&saved.sources), quote);
}

#[test]
fn focusing_the_source_pane_says_when_its_article_changed_on_disk() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    press(&mut browser, crossterm::event::KeyCode::Enter);
    assert!(!browser.app.notice().unwrap_or_default().contains("changed on disk"));
    press(&mut browser, crossterm::event::KeyCode::Esc);
    let item = browser.app.selected().unwrap();
    let source = browser.app.passages_of(item)[0].passage.source;
    let file = browser.app.store().sources[source as usize].file.clone().unwrap();
    let path = dir.path().join(&file);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, format!("{text}\nUpdated: a later paragraph.\n")).unwrap();
    press(&mut browser, crossterm::event::KeyCode::Enter);
    let notice = browser.app.notice().unwrap_or_default().to_string();
    assert!(notice.contains(&file) && notice.contains("changed on disk") && notice.contains("R reloads"), "{notice}");
    key(&mut browser, 'R');
    assert!(browser.app.notice().unwrap().contains("reloaded"), "{:?}", browser.app.notice());
    assert!(browser.app.store().sources[source as usize].text.contains("Updated: a later paragraph."));
}

#[test]
fn a_browser_opening_a_store_removes_what_a_killed_save_left_and_nothing_else() {
    let dir = store_copy();
    let left = dir.path().join(".store.json.factline-tmp-999999-0");
    let left_backup = dir.path().join(".store.json.bak.factline-tmp-999999-1");
    let other = dir.path().join(".store.json.mine");
    for path in [&left, &left_backup, &other] {
        fs::write(path, "half a store").unwrap();
    }
    let browser = editing(Some(dir.path()));
    assert!(!left.exists() && !left_backup.exists(), "a killed save's temporaries are gone");
    assert!(other.exists(), "a file not named like a save's temporary stays");
    assert!(!dir.path().join("store.json.lock").exists());
    drop(browser);
}

#[test]
fn init_and_import_refuse_a_store_a_browser_edits() {
    let dir = store_copy();
    let store = fs::read(dir.path().join("store.json")).unwrap();
    let _browser = Lock::acquire(&dir.path().join("store.json"), "browser").unwrap();
    factline()
        .arg("init")
        .arg(dir.path())
        .arg("--force")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("browser pid"));
    let acled = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acled/minimal.csv");
    factline()
        .args(["import", "acled"])
        .arg(acled)
        .arg("--out")
        .arg(dir.path())
        .arg("--force")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("browser pid").and(predicate::str::contains("nothing was written")));
    assert_eq!(fs::read(dir.path().join("store.json")).unwrap(), store);
    assert!(!dir.path().join("store.json.bak").exists());
}
