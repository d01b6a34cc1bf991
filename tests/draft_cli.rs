//! `factline draft` as a user runs it: the store it writes passes `check`, existing work is never
//! overwritten without --force, and bad input files are all reported at once.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn factline() -> Command {
    Command::cargo_bin("factline").unwrap()
}

fn articles() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/draft")
}

#[test]
fn a_folder_of_articles_becomes_a_store_that_passes_check() {
    let out = tempfile::tempdir().unwrap();
    let count = std::fs::read_dir(articles())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "txt"))
        .count();
    factline()
        .arg("draft")
        .arg(articles())
        .arg("--out")
        .arg(out.path())
        .args(["--title", "Held-out news"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("drafted {count} sources")));
    factline()
        .arg("check")
        .arg("--data")
        .arg(out.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("ok — {count} sources")));
    // The copies are the articles byte for byte.
    for entry in std::fs::read_dir(articles()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().unwrap() != "txt" {
            continue;
        }
        let copy = out.path().join("sources").join(path.file_name().unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(&copy).unwrap(), "{}", copy.display());
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("store.json")).unwrap()).unwrap();
    assert_eq!(json["title"], "Held-out news");
    assert!(json["claims"].as_array().unwrap().iter().all(|c| c["status"] == "draft" && c["confidence"].is_number()));
}

#[test]
fn an_existing_store_is_kept_unless_forced_and_then_backed_up() {
    let out = tempfile::tempdir().unwrap();
    let store = out.path().join("store.json");
    std::fs::write(&store, "{\"mine\": true}").unwrap();
    let article = articles().join("03-broadsheet.txt");
    factline()
        .arg("draft")
        .arg(&article)
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("store.json: already exists; not overwritten"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&store).unwrap(), "{\"mine\": true}");
    factline().arg("draft").arg(&article).arg("--out").arg(out.path()).arg("--force").assert().success();
    assert_eq!(std::fs::read_to_string(out.path().join("store.json.bak")).unwrap(), "{\"mine\": true}");
    factline().arg("check").arg("--data").arg(out.path()).assert().success();
}

#[test]
fn every_bad_file_is_named_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 owner said the rent was too high.").unwrap();
    let fifo = dir.path().join("pipe.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let missing = dir.path().join("missing.txt");
    let out = dir.path().join("out");
    factline()
        .arg("draft")
        .arg(&latin1)
        .arg(&fifo)
        .arg(&missing)
        .arg("--out")
        .arg(&out)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("3 problems found"))
        .stderr(predicate::str::contains("latin1.txt: not valid UTF-8 (at byte 3)"))
        .stderr(predicate::str::contains("pipe.txt: cannot read the article: it is a named pipe (FIFO)"))
        .stderr(predicate::str::contains("missing.txt: cannot read the article"));
    assert!(!out.exists(), "nothing is written when an input is bad");
}

#[test]
fn a_draft_written_inside_the_articles_folder_is_not_drafted_again() {
    let folder = tempfile::tempdir().unwrap();
    for name in ["01-wire-dateline.txt", "02-tabloid.txt"] {
        std::fs::copy(articles().join(name), folder.path().join(name)).unwrap();
    }
    let out = folder.path().join("draft");
    for _ in 0..2 {
        factline()
            .arg("draft")
            .arg(folder.path())
            .arg("--out")
            .arg(&out)
            .arg("--force")
            .assert()
            .success()
            .stdout(predicate::str::contains("drafted 2 sources"));
    }
}

#[test]
fn an_empty_folder_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    factline()
        .arg("draft")
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no .txt articles in this folder"));
}

#[test]
fn help_explains_the_command_and_missing_arguments_are_usage_errors() {
    factline()
        .args(["draft", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Article files, or folders of .txt articles"))
        .stdout(predicate::str::contains("events"))
        .stdout(predicate::str::contains("disagreements"))
        .stdout(predicate::str::contains("--force"))
        .stdout(predicate::str::contains("--title"));
    factline().args(["draft", "--out", "x"]).assert().code(2);
    factline().arg("draft").arg(articles()).assert().code(2).stderr(predicate::str::contains("--out"));
}

#[test]
fn the_drafted_store_opens_the_same_twice() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    for out in [one.path(), two.path()] {
        factline().arg("draft").arg(articles()).arg("--out").arg(out).assert().success();
    }
    assert_eq!(
        std::fs::read(one.path().join("store.json")).unwrap(),
        std::fs::read(two.path().join("store.json")).unwrap()
    );
}

#[test]
fn drafted_claims_keep_their_status_and_confidence_through_export() {
    let out = tempfile::tempdir().unwrap();
    factline().arg("draft").arg(articles()).arg("--out").arg(out.path()).assert().success();
    let exported = factline().args(["export", "--format", "json", "--data"]).arg(out.path()).assert().success();
    let json: serde_json::Value = serde_json::from_slice(&exported.get_output().stdout).unwrap();
    let claims = json["claims"].as_array().unwrap();
    assert!(!claims.is_empty());
    for claim in claims {
        assert_eq!(claim["status"], "draft", "{claim}");
        let confidence = claim["confidence"].as_f64().unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&confidence), "{claim}");
    }
    // A curated store says nothing of status: reviewed is the default and is not written.
    let bundled = factline().args(["export", "--format", "json"]).assert().success();
    let bundled = String::from_utf8(bundled.get_output().stdout.clone()).unwrap();
    assert!(!bundled.contains("\"status\""));
}
