//! `factline gen`: its stores are valid, and the same seed writes the same bytes.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn factline() -> Command {
    Command::cargo_bin("factline").unwrap()
}

fn generate(out: &Path, events: &str, seed: &str) {
    factline()
        .args(["gen", "--events", events, "--entities", "60", "--sources", "7", "--seed", seed, "--out"])
        .arg(out)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("{events} events")));
}

/// Every file of a generated store, by relative path, in a stable order.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("store.json".to_string(), fs::read(dir.join("store.json")).unwrap())];
    let mut sources: Vec<_> = fs::read_dir(dir.join("sources")).unwrap().map(|e| e.unwrap().path()).collect();
    sources.sort();
    for path in sources {
        out.push((path.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&path).unwrap()));
    }
    out
}

#[test]
fn a_generated_store_passes_check_with_the_counts_it_announced() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "400", "11");
    factline()
        .args(["check", "--data"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("ok — 7 sources, 60 entities, 400 events, 100 claims, 8 discrepancies"));
}

#[test]
fn generated_stores_exercise_every_passage_form_and_non_ascii_text() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "300", "5");
    let json = fs::read_to_string(dir.path().join("store.json")).unwrap();
    let store: serde_json::Value = serde_json::from_str(&json).unwrap();
    let passages: Vec<&serde_json::Value> =
        store["events"].as_array().unwrap().iter().flat_map(|e| e["evidence"].as_array().unwrap()).collect();
    assert!(passages.iter().any(|p| p.get("start").is_some()), "passages with offsets");
    assert!(passages.iter().any(|p| p.get("prefix").is_some()), "passages disambiguated by a prefix");
    assert!(passages.iter().any(|p| p.get("start").is_none() && p.get("prefix").is_none()), "unique quotes alone");
    let entities = store["entities"].as_array().unwrap();
    let names: Vec<&str> = entities.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(names.iter().any(|n| n.contains('-')), "hyphenated names among {names:?}");
    assert!(names.iter().any(|n| !n.is_ascii()), "names with diacritics among {names:?}");
    // A name printed with diacritics is also findable as typed on a plain keyboard.
    for entity in entities.iter().filter(|e| !e["name"].as_str().unwrap().is_ascii()) {
        let aliases = entity["aliases"].as_array().unwrap();
        assert!(aliases.iter().any(|a| a.as_str().unwrap().is_ascii()), "no plain alias for {}", entity["name"]);
    }
}

#[test]
fn the_same_seed_writes_the_same_bytes_and_another_seed_does_not() {
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(a.path(), "250", "42");
    generate(b.path(), "250", "42");
    generate(c.path(), "250", "43");
    let first = files(a.path());
    assert_eq!(first.len(), 8, "store.json and seven sources");
    assert!(first == files(b.path()), "same seed, same files");
    assert!(first != files(c.path()), "another seed, another store");
}

#[test]
fn zero_entities_or_sources_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    factline()
        .args(["gen", "--events", "5", "--entities", "0", "--sources", "1", "--out"])
        .arg(dir.path())
        .assert()
        .code(2);
    factline()
        .args(["gen", "--events", "5", "--entities", "3", "--sources", "0", "--out"])
        .arg(dir.path())
        .assert()
        .code(2);
}

#[test]
fn an_empty_store_of_zero_events_is_still_valid() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "0", "1");
    factline().args(["check", "--data"]).arg(dir.path()).assert().success();
}
