//! `factline import acled`: fixture CSVs in the shape of ACLED exports (rows written for these
//! tests, no ACLED data) → a store that checks, exports and maps as documented.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use factline::store::{self, Store};
use predicates::prelude::*;

fn factline() -> Command {
    Command::cargo_bin("factline").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acled").join(name)
}

/// Imports the good fixtures (two exports of different shapes and a minimal one) into `out`.
fn import_good(out: &Path) -> assert_cmd::assert::Assert {
    factline()
        .args(["import", "acled"])
        .arg(fixture("export-2024.csv"))
        .arg(fixture("export-api.csv"))
        .arg(fixture("minimal.csv"))
        .arg("--out")
        .arg(out)
        .assert()
}

fn imported() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    import_good(dir.path()).success();
    let store = store::load_path(dir.path()).unwrap();
    (dir, store)
}

fn event<'s>(store: &'s Store, id: &str) -> &'s store::Event {
    store.events.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no event {id}"))
}

fn names(store: &Store, ids: &[u32]) -> Vec<String> {
    ids.iter().map(|&ix| store.entities[ix as usize].name.clone()).collect()
}

fn entity<'s>(store: &'s Store, name: &str) -> &'s store::Entity {
    store.entities.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entity {name}"))
}

#[test]
fn the_imported_store_checks_and_exports_as_json() {
    let dir = tempfile::tempdir().unwrap();
    import_good(dir.path())
        .success()
        .stdout(predicate::str::contains("imported 8 events"))
        .stdout(predicate::str::contains("from 12 rows in 3 files"))
        .stdout(predicate::str::contains("4 repeated ids resolved by timestamp"));
    factline()
        .arg("check")
        .arg("--data")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("8 sources").and(predicate::str::contains("8 events")));
    let exported = factline().args(["export", "--format", "json", "--data"]).arg(dir.path()).assert().success();
    let json: serde_json::Value = serde_json::from_slice(&exported.get_output().stdout).unwrap();
    assert_eq!(json["events"].as_array().unwrap().len(), 8);
    assert!(json["sources"].as_array().unwrap().iter().all(|s| s["text"].is_string()));
}

#[test]
fn the_imported_store_matches_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    import_good(dir.path()).success();
    let written = std::fs::read_to_string(dir.path().join("store.json")).unwrap();
    insta::assert_snapshot!("acled_store", written);
}

#[test]
fn dates_follow_time_precision_in_both_date_forms() {
    let (_dir, store) = imported();
    assert_eq!(event(&store, "PAK1001").date.to_string(), "2024-01-16", "precision 1, both forms");
    assert_eq!(event(&store, "IRN5002").date.to_string(), "2024-01-18", "`18 January 2024`");
    assert_eq!(event(&store, "IRN5001").date.to_string(), "2024-01-16/2024-01-22", "precision 2: the week");
    assert_eq!(event(&store, "AFG2001").date.to_string(), "2024-01-31/2024-02-06", "`3 Feb 2024`, a week");
    assert_eq!(event(&store, "PAK1003").date.to_string(), "2024-01", "precision 3: the month");
    assert_eq!(event(&store, "IND3001").date.to_string(), "2024-02-10", "no time_precision column: the day");
}

#[test]
fn a_repeated_id_keeps_the_row_with_the_latest_timestamp() {
    let (_dir, store) = imported();
    let revised = event(&store, "PAK1001");
    assert_eq!(revised.fatalities, Some(2));
    let notes = revised.evidence[0].exact(&store.sources);
    assert!(notes.contains("according to the foreign office"), "the later export's revision: {notes}");
    // Later in the same file, with a later timestamp: wins.
    assert_eq!(event(&store, "PAK1004").fatalities, Some(3));
    // Later rows (same file, then another file) with older timestamps: lose.
    let clash = event(&store, "PAK1005");
    assert_eq!(clash.fatalities, Some(4));
    assert!(clash.evidence[0].exact(&store.sources).contains("Revised account"));
}

#[test]
fn actors_targets_places_and_types_map_as_documented() {
    let (_dir, store) = imported();
    let strike = event(&store, "PAK1001");
    assert_eq!(strike.kind, "air-drone-strike");
    assert_eq!(strike.title, "Air/drone strike: Military Forces of Iran (1989-) in Sabz Koh");
    assert_eq!(
        names(&store, &strike.actors),
        ["Military Forces of Iran (1989-)", "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps"]
    );
    assert_eq!(names(&store, &strike.targets), ["Jaish al-Adl"]);
    assert_eq!(names(&store, &strike.places), ["Sabz Koh", "Balochistan", "Pakistan"]);
    let arrests = event(&store, "PAK1003");
    assert_eq!(arrests.kind, "arrests");
    assert_eq!(
        names(&store, &arrests.actors),
        [
            "Police Forces of Pakistan (2022-)",
            "Police Forces of Pakistan (2022-) Counter Terrorism Department",
            "Military Forces of Pakistan (2022-) Frontier Corps"
        ]
    );
    let clash = event(&store, "PAK1005");
    assert_eq!(
        names(&store, &clash.targets),
        ["BLA: Baloch Liberation Army", "BLF: Baloch Liberation Front", "BRAS: Baloch Raji Aajoi Sangar"]
    );
    assert_eq!(event(&store, "AFG2001").kind, "excessive-force-against-protesters", "old spelling `protestors`");
    assert_eq!(event(&store, "IND3001").kind, "riots", "event_type when sub_event_type is missing");
    assert_eq!(event(&store, "IRN5001").fatalities, Some(0));
    assert!(event(&store, "IRN5001").targets.is_empty());
    // Non-ASCII place names are kept as given, with an ASCII id.
    let zahedan = entity(&store, "Zāhedān");
    assert_eq!(zahedan.kind.as_str(), "place");
    assert_eq!(zahedan.id, "zahedan");
    assert_eq!(
        zahedan.note.as_deref(),
        Some("Zāhedān, Zāhedān, Sīstān va Balūchestān, Iran · 29.4963, 60.8629 (ACLED geo_precision 1)")
    );
    assert_eq!(entity(&store, "Iran").kind.as_str(), "country");
}

#[test]
fn inter_codes_and_words_give_the_same_actor_types() {
    let (_dir, store) = imported();
    // Numeric codes (export-2024.csv) and words (export-api.csv) for the same actors agree.
    let iran = entity(&store, "Military Forces of Iran (1989-)");
    assert_eq!(iran.note.as_deref(), Some("ACLED actor type: External/Other forces (inter 8)"));
    assert_eq!(iran.kind.as_str(), "organization");
    let rebels = entity(&store, "Jaish al-Adl");
    assert_eq!(rebels.kind.as_str(), "group");
    assert_eq!(rebels.note.as_deref(), Some("ACLED actor type: Rebel groups (inter 2)"));
    let pakistan = entity(&store, "Military Forces of Pakistan (2022-)");
    assert_eq!(pakistan.note.as_deref(), Some("ACLED actor type: State forces (inter 1)"), "word form");
    assert_eq!(
        entity(&store, "Protesters (Afghanistan)").note.as_deref(),
        Some("ACLED actor type: Protesters (inter 6)")
    );
}

#[test]
fn actors_are_found_without_their_suffix_or_punctuation() {
    let (_dir, store) = imported();
    let iran = entity(&store, "Military Forces of Iran (1989-)");
    assert!(iran.aliases.iter().any(|a| a == "Military Forces of Iran"), "{:?}", iran.aliases);
    let ttp = entity(&store, "TTP: Tehrik-i-Taliban Pakistan");
    for alias in ["TTP", "Tehrik-i-Taliban Pakistan", "Tehrik i Taliban Pakistan"] {
        assert!(ttp.aliases.iter().any(|a| a == alias), "{alias}: {:?}", ttp.aliases);
    }
    // Each exact ACLED name is one entity, and ids are unique slugs.
    let mut ids: Vec<&str> = store.entities.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), store.entities.len());
    assert_eq!(store.entities.iter().filter(|e| e.name == "Turbat").count(), 1);
    let found = factline().args(["search", "Military Forces of Iran", "--data"]).arg(_dir.path()).assert().success();
    let stdout = String::from_utf8_lossy(&found.get_output().stdout).into_owned();
    assert!(stdout.contains("Military Forces of Iran (1989-)"), "{stdout}");
}

#[test]
fn the_notes_are_the_highlighted_passage_of_a_source_per_event() {
    let (_dir, store) = imported();
    let protest = event(&store, "IRN5001");
    let passage = &protest.evidence[0];
    let source = &store.sources[passage.source as usize];
    assert_eq!(source.id, "IRN5001");
    assert_eq!(source.publisher.as_deref(), Some("Haalvsh"));
    assert_eq!(source.published.map(|d| d.to_string()).as_deref(), Some("2024-01-16/2024-01-22"));
    assert_eq!(passage.exact(&store.sources), source.text, "the whole note is the passage");
    assert!(source.text.contains("prayers\nto protest, chanting \"justice for the victims\"."), "quoted newline kept");
}

#[test]
fn bad_rows_are_all_reported_with_file_and_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let failed =
        factline().args(["import", "acled"]).arg(fixture("bad-rows.csv")).arg("--out").arg(&out).assert().code(1);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    let file = fixture("bad-rows.csv").display().to_string();
    for (line, words) in [
        (5, "the row has 28 fields, the header has 31"),
        (6, "day 30 is not in 2024-02"),
        (7, "time_precision `4`"),
        (8, "fatalities `a few` is not a whole number"),
        (9, "latitude `north`"),
        (10, "inter1: `Pirates` is not an actor type"),
        (11, "timestamp `yesterday`"),
        (12, "`actor1` is empty"),
        (13, "`notes` is not valid UTF-8"),
    ] {
        let expected = format!("{file}:{line}: bad row: ");
        let found = stderr.lines().find(|l| l.starts_with(&expected));
        assert!(found.is_some_and(|l| l.contains(words)), "line {line} ({words}):\n{stderr}");
    }
    assert!(stderr.contains("9 problems found"), "{stderr}");
    assert!(stderr.contains("--skip-bad"), "{stderr}");
    assert!(!out.join("store.json").exists(), "nothing is written");
}

#[test]
fn skip_bad_imports_the_good_rows_and_lists_what_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let skipped = factline()
        .args(["import", "acled", "--skip-bad"])
        .arg(fixture("bad-rows.csv"))
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 2 events").and(predicate::str::contains("9 bad rows skipped")));
    let stderr = String::from_utf8_lossy(&skipped.get_output().stderr).into_owned();
    assert_eq!(stderr.lines().filter(|l| l.starts_with("factline: skipped")).count(), 9, "{stderr}");
    let store = store::load_path(dir.path()).unwrap();
    let ids: Vec<&str> = store.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["IND3002", "IND3012"]);
}

#[test]
fn a_missing_required_column_is_named_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let failed = factline()
        .args(["import", "acled", "--skip-bad"])
        .arg(fixture("missing-columns.csv"))
        .arg(fixture("minimal.csv"))
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    let file = fixture("missing-columns.csv").display().to_string();
    assert!(stderr.contains(&format!("{file}: missing required column `actor1`")), "{stderr}");
    assert!(stderr.contains(&format!("{file}: missing required column `notes`")), "{stderr}");
    assert!(!dir.path().join("store.json").exists());
}

#[test]
fn an_existing_store_is_replaced_only_with_force_and_kept_as_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("store.json"), "my own store").unwrap();
    import_good(dir.path()).code(1).stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(dir.path().join("store.json")).unwrap(), "my own store");
    factline()
        .args(["import", "acled", "--force"])
        .arg(fixture("minimal.csv"))
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(dir.path().join("store.json.bak")).unwrap(), "my own store");
    assert!(store::load_path(dir.path()).is_ok());
}

#[test]
fn unreadable_inputs_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let out = dir.path().join("out");
    for (input, words) in
        [(empty.as_path(), "no header row"), (dir.path(), "a folder"), (Path::new("/nonexistent.csv"), "cannot read")]
    {
        factline()
            .args(["import", "acled"])
            .arg(input)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(words));
    }
    factline().args(["import", "acled", "--out"]).arg(&out).assert().code(2);
}

#[test]
fn a_utf16_or_utf32_export_is_named_as_such_instead_of_missing_columns() {
    let text = std::fs::read_to_string(fixture("minimal.csv")).unwrap();
    let units: Vec<u16> = text.encode_utf16().collect();
    let little: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
    let big: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
    let utf32: Vec<u8> = text.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
    let cases = [
        ([&[0xFF, 0xFE][..], &little].concat(), "UTF-16 (little-endian, with a byte-order mark)"),
        ([&[0xFE, 0xFF][..], &big].concat(), "UTF-16 (big-endian, with a byte-order mark)"),
        (little.clone(), "UTF-16 (little-endian, without a byte-order mark)"),
        (big.clone(), "UTF-16 (big-endian, without a byte-order mark)"),
        ([&[0xFF, 0xFE, 0, 0][..], &utf32].concat(), "UTF-32 (little-endian, with a byte-order mark)"),
    ];
    for (bytes, encoding) in cases {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("excel-export.csv");
        std::fs::write(&csv, bytes).unwrap();
        factline()
            .args(["import", "acled"])
            .arg(&csv)
            .arg("--out")
            .arg(dir.path().join("out"))
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!("excel-export.csv: the file is {encoding}, not UTF-8")))
            .stderr(predicate::str::contains("iconv"))
            .stderr(predicate::str::contains("missing").not());
        assert!(!dir.path().join("out").join("store.json").exists());
    }
}
