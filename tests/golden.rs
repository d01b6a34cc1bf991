//! What `export --format json` and `gen` write, byte for byte, against files they wrote before
//! their records moved to `store::format`: scripts parse the export, and benchmarks load what `gen`
//! writes for a seed, so neither may change by accident. When a change is meant, regenerate the
//! file with the command named in the failure and say why in the commit.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("{}: {e} (the golden file is missing)", path.display()))
}

/// The first line where two outputs part, so a failure shows what changed rather than two blobs.
fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let (expected, actual) = (String::from_utf8_lossy(expected), String::from_utf8_lossy(actual));
    let mut lines = expected.lines().zip(actual.lines()).enumerate();
    match lines.find(|(_, (e, a))| e != a) {
        Some((n, (e, a))) => format!("line {}:\n  expected {e}\n  actual   {a}", n + 1),
        None => format!("one is a prefix of the other ({} and {} bytes)", expected.len(), actual.len()),
    }
}

fn assert_same(expected: &Path, actual: &[u8], regenerate: &str) {
    let expected_bytes = read(expected);
    assert!(
        expected_bytes == actual,
        "{} differs from today's output at {}\nif the change is meant: {regenerate}",
        expected.display(),
        first_difference(&expected_bytes, actual)
    );
}

#[test]
fn export_json_of_the_bundled_store_is_unchanged() {
    let output = Command::cargo_bin("factline").unwrap().args(["export", "--format", "json"]).output().unwrap();
    assert!(output.status.success());
    assert_same(
        &golden("export-bundled.json"),
        &output.stdout,
        "factline export --format json > tests/golden/export-bundled.json",
    );
}

#[test]
fn export_json_of_the_valid_fixture_is_unchanged() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let output = Command::cargo_bin("factline")
        .unwrap()
        .args(["export", "--format", "json", "--data"])
        .arg(fixture)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_same(
        &golden("export-valid.json"),
        &output.stdout,
        "factline export --format json --data tests/fixtures/valid > tests/golden/export-valid.json",
    );
}

#[test]
fn gen_writes_the_same_store_for_the_same_seed_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let command = ["gen", "--events", "60", "--entities", "12", "--sources", "3", "--seed", "7", "--out"];
    Command::cargo_bin("factline").unwrap().args(command).arg(dir.path()).assert().success();
    let regenerate = format!("factline {} tests/golden/gen-60-12-3-seed7", command.join(" "));
    let expected = golden("gen-60-12-3-seed7");
    assert_same(&expected.join("store.json"), &read(&dir.path().join("store.json")), &regenerate);
    let mut written: Vec<String> = fs::read_dir(dir.path().join("sources"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["src-000000.txt", "src-000001.txt", "src-000002.txt"]);
    for name in written {
        let path = format!("sources/{name}");
        assert_same(&expected.join(&path), &read(&dir.path().join(&path)), &regenerate);
    }
}
