//! One broken store per validation rule: each must be refused with the right message at the
//! right place, and no input may panic the loader.

use std::path::Path;

use factline::store::{self, Location, Problem};

fn problems(fixture: &str) -> Vec<Problem> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken").join(fixture);
    match store::load_path(&path) {
        Ok(_) => panic!("{fixture} loaded, but it is broken"),
        Err(error) => error.problems,
    }
}

/// The fixture yields exactly one problem, at `location`, whose message and hint hold the words given.
fn assert_single(fixture: &str, location: Location, message: &str, hint: &str) {
    let found = problems(fixture);
    assert_eq!(found.len(), 1, "{fixture}: expected one problem, got {found:#?}");
    let problem = &found[0];
    assert!(problem.file.ends_with(format!("{fixture}/store.json")), "{fixture}: names {:?}", problem.file);
    assert_eq!(problem.location, location, "{fixture}: {problem}");
    assert!(problem.message.contains(message), "{fixture}: message {:?} lacks {message:?}", problem.message);
    let got_hint = problem.hint.as_deref().unwrap_or_default();
    assert!(got_hint.contains(hint), "{fixture}: hint {got_hint:?} lacks {hint:?}");
}

fn at(path: &str) -> Location {
    Location::Path(path.to_string())
}

fn line(line: usize, column: usize) -> Location {
    Location::LineColumn { line, column }
}

#[test]
fn the_valid_fixture_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let store = store::load_path(&path).unwrap();
    assert_eq!((store.events.len(), store.claims.len(), store.discrepancies.len()), (2, 1, 1));
    assert_eq!(store.events[0].id, "deaths", "the interval 16–17 Jan sorts before 30 Jan");
}

#[test]
fn json_syntax_problems_give_line_and_column() {
    assert_single("syntax-missing-comma", line(4, 3), "expected `,` or `}`", "missing comma");
    assert_single("truncated", line(60, 21), "EOF while parsing", "truncated");
    assert_single("empty", line(1, 0), "EOF while parsing a value", "empty");
    assert_single("deeply-nested", line(1, 128), "recursion limit", "nests too deeply");
    assert_single("binary", line(2, 118), "not UTF-8 text: invalid byte 0x80", "UTF-8");
}

#[test]
fn top_level_and_shape_problems_give_json_paths() {
    assert_single("wrong-format", at("format"), "not a factline store", "\"format\": \"factline-store\"");
    assert_single("wrong-version", at("version"), "version 7 is newer", "upgrade");
    assert_single("missing-field", at("events[0]"), "missing required field `title`", "add \"title\"");
    assert_single("wrong-type", at("events[0].actors"), "must be an array, found a string", "[ … ]");
    assert_single("unknown-kind", at("entities[1].kind"), "unknown entity kind \"city\"", "person, organization");
    assert_single("unknown-type", at("events[0].type"), "unknown event type `parade`", "`other` when none fits");
}

#[test]
fn ids_must_be_unique_and_references_must_exist() {
    assert_single(
        "duplicate-id",
        at("entities[3].id"),
        "duplicate entity id `islamabad` (first defined at entities[1])",
        "unique",
    );
    assert_single("unknown-entity", at("events[0].actors[1]"), "unknown entity `ministr`", "did you mean `minister`?");
    assert_single(
        "unknown-source",
        at("events[0].evidence[0].source"),
        "unknown source `wires`",
        "did you mean `wire`?",
    );
    assert_single("unknown-event", at("claims[0].about[1]"), "unknown event `visti`", "did you mean `visit`?");
    assert_single(
        "unknown-discrepancy-target",
        at("discrepancies[0].about[2]"),
        "unknown event or claim `nothing-like-it`",
        "event or claim ids",
    );
}

#[test]
fn dates_variants_and_evidence_are_checked() {
    assert_single("bad-date", at("events[0].date"), "day 30 does not exist in 2024-02", "2024-01-16/2024-01-17");
    assert_single("bad-interval", at("events[1].date"), "interval ends (2024-01-16) before it starts", "");
    assert_single("one-variant", at("discrepancies[0].variants"), "at least two variants, found 1", "");
    assert_single("no-evidence", at("claims[0].evidence"), "no supporting passage", "at least one passage");
}

#[test]
fn passages_must_resolve_to_one_verbatim_span() {
    assert_single(
        "quote-missing",
        at("events[0].evidence[0].exact"),
        "quote \"the minister will visit Islamabad\" is not in the source",
        "copy it into `exact`",
    );
    // What was found instead, and where: the article's flag was added inside the quote.
    assert_single(
        "quote-missing",
        at("events[0].evidence[0].exact"),
        "fuzzy (score 0.91): now reads “the minister 🇵🇰 will visit Islamabad” at line 1:32 (offsets 31..67)",
        "`start`/`end` 31..67",
    );
    assert_single(
        "quote-ambiguous",
        at("events[0].evidence[0].exact"),
        "matches 2 places (at code points 0, 69)",
        "prefix",
    );
    assert_single(
        "offsets-mismatch",
        at("events[1].evidence[0].exact"),
        "offsets 0..27 hold",
        "the quote is at 105..132",
    );
    assert_single(
        "offsets-mismatch",
        at("events[1].evidence[0].exact"),
        "moved: the same words are now at line 3:1 (offsets 105..132)",
        "point `start`/`end` at 105..132",
    );
}

#[test]
fn source_files_must_stay_inside_the_store_and_be_utf8() {
    assert_single("path-escape", at("sources[0].file"), "`../outside.txt` is outside the store's folder", "relative");
    assert_single("absolute-path", at("sources[0].file"), "`/etc/passwd` is outside the store's folder", "relative");
    assert_single("missing-file", at("sources[0].file"), "cannot read source file", "relative to store.json");
    assert_single("source-not-utf8", at("sources[0].file"), "is not valid UTF-8 (at byte 15)", "UTF-8");
}

#[test]
fn every_problem_in_a_store_is_reported_at_once() {
    let found = problems("many-problems");
    let places: Vec<String> = found.iter().map(|p| format!("{:?}", p.location)).collect();
    assert_eq!(found.len(), 4, "{places:?}");
    for expected in
        ["events[0].actors[1]", "events[1].date", "claims[0].speaker", "discrepancies[0].variants[0].evidence[0].exact"]
    {
        assert!(found.iter().any(|p| p.location == at(expected)), "no problem at {expected}: {places:?}");
    }
}

#[test]
fn no_input_panics_the_loader() {
    let name = Path::new("fuzz.json");
    let no_files = |_: &str| -> Result<String, Problem> { Err(Problem::in_file(name, "no files here")) };
    struct Reader<F>(F);
    impl<F: Fn(&str) -> Result<String, Problem>> store::load::SourceReader for Reader<F> {
        fn read(&self, relative: &str) -> Result<String, Problem> {
            (self.0)(relative)
        }
    }
    let valid = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/store.json")).unwrap();
    // Every prefix of a valid store: each is truncated somewhere different.
    for cut in 0..valid.len() {
        let _ = store::load_bytes(name, &valid[..cut], &Reader(no_files), store::LoadOptions::default());
    }
    // Hostile shapes: wrong types everywhere, huge and deep values.
    let huge_events = format!(
        "{{\"format\":\"factline-store\",\"version\":1,\"sources\":[],\"entities\":[],\"events\":[{}]}}",
        vec!["{}"; 200_000].join(",")
    );
    let cases: Vec<Vec<u8>> = vec![
        b"null".to_vec(),
        b"[]".to_vec(),
        b"{\"sources\":{},\"entities\":7,\"events\":\"x\",\"claims\":[1,[2],{\"evidence\":{}}]}".to_vec(),
        b"{\"events\":[{\"id\":5,\"date\":[],\"evidence\":[{\"start\":-1,\"end\":1e99}]}]}".to_vec(),
        format!("{{\"title\":\"{}\"}}", "x".repeat(20_000_000)).into_bytes(),
        "{\"a\":".repeat(10_000).into_bytes(),
        huge_events.into_bytes(),
    ];
    for case in cases {
        assert!(store::load_bytes(name, &case, &Reader(no_files), store::LoadOptions::default()).is_err());
    }
}

#[test]
fn review_status_confidence_and_notes_are_read_and_checked() {
    let found = problems("bad-review-fields");
    let listed: Vec<(String, &str)> = found
        .iter()
        .map(|p| match &p.location {
            Location::Path(path) => (path.clone(), p.message.as_str()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("sources[0].note".to_string(), "`note` must be a string or null, found a number"),
            ("events[0].status".to_string(), "`status` must be \"draft\" or \"reviewed\", found \"checked\""),
            ("events[1].confidence".to_string(), "`confidence` must be a number from 0 to 1, found 1.5"),
            ("claims[0].confidence".to_string(), "`confidence` must be a number from 0 to 1, found \"high\""),
        ]
    );
    assert!(found[1].hint.as_deref().unwrap().contains("\"draft\": found by a program"));
    assert!(found[2].hint.as_deref().unwrap().contains("such as 0.8"));

    let dir = tempfile::tempdir().unwrap();
    let valid = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(valid.join("store.json")).unwrap()).unwrap();
    json["sources"][0]["note"] = "drafted from line 3".into();
    json["events"][0]["status"] = "draft".into();
    json["events"][0]["confidence"] = 0.25.into();
    json["events"][1]["status"] = "reviewed".into();
    json["claims"][0]["confidence"] = 1.into();
    std::fs::write(dir.path().join("store.json"), json.to_string()).unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    for entry in std::fs::read_dir(valid.join("sources")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join("sources").join(entry.file_name())).unwrap();
    }
    let store = store::load_path(dir.path()).unwrap();
    assert_eq!(store.sources[0].note.as_deref(), Some("drafted from line 3"));
    let event = |id: &str| store.events.iter().find(|e| e.id == id).unwrap();
    let first_id = json["events"][0]["id"].as_str().unwrap();
    let second_id = json["events"][1]["id"].as_str().unwrap();
    assert_eq!(event(first_id).status, store::Status::Draft);
    assert_eq!(event(first_id).confidence.map(store::Confidence::value), Some(0.25));
    assert_eq!(event(second_id).status, store::Status::Reviewed);
    assert_eq!(event(second_id).confidence, None);
    // Absent means reviewed: every store written before the fields existed reads as before.
    assert_eq!(store.claims[0].status, store::Status::Reviewed);
    assert_eq!(store.claims[0].confidence.map(store::Confidence::value), Some(1.0));
}

#[test]
fn what_refers_to_a_broken_record_is_not_reported_again() {
    // The claim and the discrepancy refer to the event `deaths`; only the event's own problem is
    // reported, not an unknown reference from each.
    let dir = tempfile::tempdir().unwrap();
    let valid = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(valid.join("store.json")).unwrap()).unwrap();
    let deaths = json["events"].as_array_mut().unwrap().iter_mut().find(|e| e["id"] == "deaths").unwrap();
    deaths.as_object_mut().unwrap().remove("title");
    std::fs::write(dir.path().join("store.json"), json.to_string()).unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    for entry in std::fs::read_dir(valid.join("sources")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join("sources").join(entry.file_name())).unwrap();
    }
    let error = store::load_path(dir.path()).unwrap_err();
    assert_eq!(error.problems.len(), 1, "{error}");
    assert!(error.problems[0].message.contains("missing required field `title`"), "{error}");
}
