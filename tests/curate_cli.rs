//! `factline init` and `factline fmt` as a user runs them: what they write, what they refuse to
//! touch, and that the canonical form is the bundled store's own.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use factline::store::bundled;
use predicates::prelude::*;

fn factline() -> Command {
    Command::cargo_bin("factline").unwrap()
}

fn init(dir: &Path) {
    factline().arg("init").arg(dir).assert().success().stdout(predicate::str::contains("5 articles"));
}

/// The same store with its keys sorted and no indentation: valid, but not canonical.
fn compact(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    serde_json::to_string(&value).unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

#[test]
fn init_writes_the_bundled_store_and_its_articles_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("copy");
    init(&target);
    assert_eq!(fs::read_to_string(target.join("store.json")).unwrap(), bundled::STORE_JSON);
    for (relative, text) in bundled::SOURCES {
        assert_eq!(fs::read_to_string(target.join(relative)).unwrap(), text, "{relative}");
    }
    factline().arg("check").arg("--data").arg(&target).assert().success();
    // Run again over an identical copy: nothing to do, nothing refused.
    factline().arg("init").arg(&target).assert().success().stdout(predicate::str::contains("0 files written"));
    assert_eq!(names_in(&target), ["sources", "store.json"]);
}

#[test]
fn init_refuses_to_replace_edited_files_unless_forced_and_then_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let store = dir.path().join("store.json");
    let article = dir.path().join(bundled::SOURCES[2].0);
    fs::write(&store, "{\"my\": \"edits\"}").unwrap();
    fs::write(&article, "my article").unwrap();
    factline()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing written"))
        .stderr(predicate::str::contains("store.json exists and differs"))
        .stderr(predicate::str::contains("002-iranian-fm-visits-pakistan.txt exists and differs"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read_to_string(&store).unwrap(), "{\"my\": \"edits\"}");
    assert_eq!(fs::read_to_string(&article).unwrap(), "my article");

    factline().arg("init").arg(dir.path()).arg("--force").assert().success();
    assert_eq!(fs::read_to_string(&store).unwrap(), bundled::STORE_JSON);
    assert_eq!(fs::read_to_string(dir.path().join("store.json.bak")).unwrap(), "{\"my\": \"edits\"}");
    assert_eq!(fs::read_to_string(article.with_extension("txt.bak")).unwrap(), "my article");
}

#[test]
fn fmt_rewrites_a_store_into_the_canonical_form_and_keeps_the_previous_one() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let store = dir.path().join("store.json");
    let scrambled = compact(bundled::STORE_JSON);
    fs::write(&store, &scrambled).unwrap();

    factline()
        .args(["fmt", "--check", "--data"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not in canonical form"));
    assert_eq!(fs::read_to_string(&store).unwrap(), scrambled, "--check wrote the store");

    factline().args(["fmt", "--data"]).arg(dir.path()).assert().success().stdout(predicate::str::contains("rewritten"));
    assert_eq!(fs::read_to_string(&store).unwrap(), bundled::STORE_JSON, "canonical form is the bundled store's form");
    assert_eq!(fs::read_to_string(dir.path().join("store.json.bak")).unwrap(), scrambled);
    assert_eq!(names_in(dir.path()), ["sources", "store.json", "store.json.bak"], "a temporary or lock file was left");

    // A canonical store is left alone: not rewritten, its backup untouched.
    factline().args(["fmt", "--data"]).arg(&store).assert().success().stdout(predicate::str::contains("canonical"));
    factline().args(["fmt", "--check", "--data"]).arg(&store).assert().success();
    assert_eq!(fs::read_to_string(dir.path().join("store.json.bak")).unwrap(), scrambled);
}

#[test]
fn fmt_does_not_touch_a_store_that_fails_validation() {
    let dir = tempfile::tempdir().unwrap();
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/many-problems/store.json");
    let original = fs::read_to_string(&broken).unwrap();
    let store = dir.path().join("store.json");
    fs::write(&store, compact(&original)).unwrap();
    factline()
        .args(["fmt", "--data"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("4 problems found"));
    assert_eq!(fs::read_to_string(&store).unwrap(), compact(&original));
    assert_eq!(names_in(dir.path()), ["store.json"]);
}

#[test]
fn fmt_refuses_the_bundled_store_and_says_how_to_copy_it() {
    factline()
        .arg("fmt")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("read-only"))
        .stderr(predicate::str::contains("factline init DIR"));
}

#[test]
fn fmt_refuses_while_another_editor_holds_the_store() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let store: PathBuf = dir.path().join("store.json");
    fs::write(&store, compact(bundled::STORE_JSON)).unwrap();
    // This test's process edits the store: it holds the lock while fmt runs.
    let _editor = factline::store::save::Lock::acquire(&store, "browser").unwrap();
    factline()
        .args(["fmt", "--data"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("another factline"));
    assert_eq!(fs::read_to_string(&store).unwrap(), compact(bundled::STORE_JSON));
}
