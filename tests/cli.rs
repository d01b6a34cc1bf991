//! The command line as a user runs it: exit codes, messages and output shapes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn factline() -> Command {
    Command::cargo_bin("factline").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
fn check_prints_the_counts_of_a_valid_store() {
    factline()
        .args(["check", "--data"])
        .arg(fixture("valid"))
        .assert()
        .success()
        .stdout(predicate::str::contains("ok — 1 source, 3 entities, 2 events, 1 claim, 1 discrepancy, 5 passages"));
}

#[test]
fn check_accepts_the_store_file_itself_and_the_bundled_store() {
    factline().arg("check").arg("--data").arg(fixture("valid/store.json")).assert().success();
    factline().arg("check").assert().success().stdout(predicate::str::contains("<bundled>/store.json: ok"));
}

#[test]
fn check_reports_every_problem_and_exits_1() {
    factline()
        .args(["check", "--data"])
        .arg(fixture("broken/many-problems"))
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("4 problems found"))
        .stderr(predicate::str::contains("store.json: events[0].actors[1]: unknown entity `ghost`"))
        .stderr(predicate::str::contains("events[1].date"))
        .stderr(predicate::str::contains("claims[0].speaker"))
        .stderr(predicate::str::contains("hint: "));
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    factline()
        .args(["check", "--data"])
        .arg(fixture("broken/syntax-missing-comma"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("syntax-missing-comma/store.json:4:3: invalid JSON"));
}

#[test]
fn a_missing_store_is_invalid_input_not_a_crash() {
    factline()
        .args(["check", "--data", "/nonexistent/store"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/nonexistent/store: cannot read the store"));
}

#[test]
fn usage_errors_exit_2() {
    factline().arg("frobnicate").assert().code(2);
    factline().args(["export", "--format", "xml"]).assert().code(2);
    factline().args(["search"]).assert().code(2);
}

#[test]
fn every_command_has_help() {
    for command in [&["--help"][..], &["check", "--help"], &["export", "--help"], &["search", "--help"]] {
        factline().args(command).assert().success().stdout(predicate::str::contains("Usage: factline"));
    }
}

#[test]
fn export_json_is_the_normalized_store_with_resolved_offsets_and_inline_text() {
    let output = factline().args(["export", "--format", "json", "--data"]).arg(fixture("valid")).assert().success();
    let json: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    assert_eq!(json["format"], "factline-store");
    assert_eq!(json["version"], 1);
    let source = &json["sources"][0];
    assert!(source["text"].as_str().unwrap().starts_with("Officials said on Tuesday"));
    assert!(source.get("file").is_none(), "the export inlines text instead of naming files");
    let first = &json["events"][0];
    assert_eq!(first["id"], "deaths", "events in timeline order");
    assert_eq!(first["date"], "2024-01-16/2024-01-17");
    let passage = &json["events"][1]["evidence"][0];
    assert_eq!(passage["exact"], "the minister 🇵🇰 will visit Islamabad");
    let text: Vec<char> = source["text"].as_str().unwrap().chars().collect();
    let (start, end) = (passage["start"].as_u64().unwrap() as usize, passage["end"].as_u64().unwrap() as usize);
    assert_eq!(text[start..end].iter().collect::<String>(), passage["exact"].as_str().unwrap());
    assert_eq!(json["claims"][0]["about"], serde_json::json!(["deaths"]));
    assert_eq!(json["discrepancies"][0]["about"], serde_json::json!(["deaths", "ministry-two"]));
}

#[test]
fn an_exported_store_loads_back_to_the_same_store() {
    let dir = tempfile::tempdir().unwrap();
    let output = factline().args(["export", "--format", "json"]).assert().success();
    std::fs::write(dir.path().join("store.json"), &output.get_output().stdout).unwrap();
    let again = factline::store::load_path(dir.path()).unwrap();
    let original = factline::store::bundled::load().unwrap();
    assert_eq!(again.events, original.events);
    assert_eq!(again.claims, original.claims);
    assert_eq!(again.discrepancies, original.discrepancies);
    assert_eq!(again.entities, original.entities);
}

#[test]
fn export_csv_has_one_row_per_event() {
    let output = factline().args(["export", "--format", "csv", "--data"]).arg(fixture("valid")).assert().success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().take(3).map(str::to_string).collect();
    assert_eq!(headers, ["id", "date", "earliest"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][0], "visit");
    assert_eq!(&rows[1][6], "Zoë Łukasik");
    assert_eq!(&rows[0][13], "toll");
}

#[test]
fn export_timelinejs_has_a_slide_per_event_with_dates_split() {
    let output =
        factline().args(["export", "--format", "timelinejs", "--data"]).arg(fixture("valid")).assert().success();
    let json: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["start_date"], serde_json::json!({"year": "2024", "month": "1", "day": "16"}));
    assert_eq!(events[0]["end_date"]["day"], "17");
    assert_eq!(events[0]["display_date"], "16–17 Jan");
    assert!(events[1]["text"]["text"].as_str().unwrap().contains("<blockquote>the minister 🇵🇰 will visit Islamabad"));
    assert!(json["title"]["text"]["headline"].is_string());
}

#[test]
fn export_to_a_closed_pipe_is_not_an_error() {
    // The reader is gone before factline writes: the write fails with EPIPE, which must end
    // the program quietly with success, as `factline export … | head` expects.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("factline"))
        .args(["export", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn search_lists_the_entity_with_the_spelling_that_matched_and_what_involves_it() {
    factline()
        .args(["search", "amirabdollahian"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(" 1. Hossein Amir-Abdollahian (person) — as \"Amirabdollahian\""))
        .stdout(predicate::str::contains("Events involving Hossein Amir-Abdollahian ("))
        .stdout(predicate::str::contains("[amir-abdollahian-visits-pakistan]"))
        .stdout(predicate::str::contains("Claims by or about Hossein Amir-Abdollahian ("));
}

#[test]
fn search_json_has_the_documented_shape_best_first() {
    let output = factline().args(["search", "Sistan Balochistan", "--json", "--limit", "3"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let (entities_at, events_at, claims_at) =
        (text.find("\"entities\"").unwrap(), text.find("\"events\"").unwrap(), text.find("\"claims\"").unwrap());
    assert!(entities_at < events_at && events_at < claims_at, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The three lists, and which of their items are drafts (none in the bundled store).
    assert_eq!(json.as_object().unwrap().len(), 4);
    assert_eq!(json["drafts"], serde_json::json!([]));
    let entities = json["entities"].as_array().unwrap();
    assert!(!entities.is_empty() && entities.len() <= 3);
    let first = entities[0].as_object().unwrap();
    let mut fields: Vec<&str> = first.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["alias", "id", "kind", "name", "score"]);
    assert_eq!(first["id"], "sistan-baluchestan");
    assert_eq!(first["name"], "Sistan-Baluchestan");
    assert_eq!(first["alias"], "Sistan-Balochistan");
    assert_eq!(first["kind"], "place");
    assert!(first["score"].as_i64().unwrap() > 0);
    // Events in timeline order, claims in store order: both are ids of the store.
    assert_eq!(json["events"], serde_json::json!(["pakistani-labourers-killed", "pakistan-strike-sistan-baluchestan"]));
    let claims = json["claims"].as_array().unwrap();
    assert!(claims.contains(&serde_json::json!("iran-says-nine-killed")), "{claims:?}");
}

#[test]
fn search_without_a_match_says_so_and_json_is_empty() {
    factline()
        .args(["search", "qqqzzz"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("no person, group or place matches `qqqzzz`"));
    let output = factline().args(["search", "qqqzzz", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json, serde_json::json!({"entities": [], "events": [], "claims": [], "drafts": []}));
}

#[test]
fn search_usage_errors_exit_2_and_a_broken_store_exits_1() {
    factline().arg("search").assert().code(2).stderr(predicate::str::contains("QUERY"));
    factline().args(["search", "x", "--limit", "0"]).assert().code(2);
    factline().args(["search", "kakar", "--data"]).arg(fixture("broken/many-problems")).assert().code(1);
}

#[test]
fn search_escapes_control_characters_from_the_store_and_the_query() {
    let folder = tempfile::tempdir().unwrap();
    let json = r#"{"format":"factline-store","version":1,"sources":[{"id":"s","text":"Evil spoke."}],
        "entities":[{"id":"evil","name":"Evil\u001b]0;pwned\u0007 Name\u001b[2J","kind":"person"}],
        "events":[],"claims":[{"id":"c","speaker":"evil","verb":"spoke","text":"Hi\u001b[31m.","evidence":[{"source":"s","exact":"Evil spoke"}]}],
        "discrepancies":[]}"#;
    std::fs::write(folder.path().join("store.json"), json).unwrap();
    let output = factline().args(["search", "evil"]).arg("--data").arg(folder.path()).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Evil Name"), "{stdout}");
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'), "{stdout:?}");
}

/// A copy of the `valid` fixture whose claim and whose `deaths` event a program drafted.
fn drafted_valid() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = fixture("valid");
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    for entry in std::fs::read_dir(from.join("sources")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join("sources").join(entry.file_name())).unwrap();
    }
    let mut store: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(from.join("store.json")).unwrap()).unwrap();
    store["claims"][0]["status"] = "draft".into();
    let deaths = store["events"].as_array().unwrap().iter().position(|e| e["id"] == "deaths").unwrap();
    store["events"][deaths]["status"] = "draft".into();
    std::fs::write(dir.path().join("store.json"), serde_json::to_string_pretty(&store).unwrap()).unwrap();
    dir
}

#[test]
fn export_claims_csv_has_one_row_per_claim_with_its_passages_and_status() {
    let dir = drafted_valid();
    let output = factline().args(["export", "--format", "claims-csv", "--data"]).arg(dir.path()).assert().success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers[..6], ["id", "status", "speaker", "verb", "date", "text"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "ministry-two");
    assert_eq!(&rows[0][1], "draft");
    assert_eq!(&rows[0][2], "The Ministry");
    let passages = headers.iter().position(|h| h == "passages").unwrap();
    assert!(rows[0][passages].contains('“'), "the quoted words: {:?}", &rows[0][passages]);
    // The events' CSV says which were drafted, in a column of its own at the end.
    let output = factline().args(["export", "--format", "csv", "--data"]).arg(dir.path()).assert().success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    // Columns are only added at the end: `status`, then `scheduled`.
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers[headers.len() - 2..], ["status", "scheduled"]);
    let mut statuses: Vec<(String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[headers.len() - 2].to_string(), r[headers.len() - 1].to_string())
        })
        .collect();
    statuses.sort();
    assert_eq!(
        statuses,
        [("deaths".into(), "draft".into(), "false".into()), ("visit".into(), "reviewed".into(), "false".into())]
    );
}

#[test]
fn find_and_search_mark_what_a_program_drafted() {
    let dir = drafted_valid();
    let output = factline().args(["search", "ministry", "--data"]).arg(dir.path()).assert().success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let claim_line = text.lines().find(|l| l.contains("[ministry-two]")).unwrap();
    assert!(claim_line.trim_start().starts_with("[draft] "), "{text}");
    let output = factline().args(["search", "ministry", "--json", "--data"]).arg(dir.path()).assert().success();
    let json: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    assert!(json["drafts"].as_array().unwrap().iter().any(|id| id == "ministry-two"), "{json}");
    // Reviewed items carry no mark.
    let output = factline().args(["search", "lukasik", "--data"]).arg(dir.path()).assert().success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let visit = text.lines().find(|l| l.contains("[visit]")).unwrap();
    assert!(!visit.contains("[draft]"), "{text}");
}
