//! The curation edits beyond accept and reject (fields, new items from a passage, entities,
//! aliases, merges, discrepancies), made on a copy of the bundled store: each saved store loads,
//! passes `factline check`, is canonical, and differs from the one before only in the lines of
//! the records the edit touched; one undo takes the whole edit back.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use factline::curation::{
    ClaimFields, Curation, EditError, EntityRef, EventFields, Kind, NewDiscrepancy, NewPassage, NewVariant,
};
use factline::store::canonical::canonical_bytes;
use factline::store::{EntityKind, Status, Store};
use serde_json::{Value, json};
use tempfile::TempDir;

mod common;
use common::record_spans;

/// The bundled store copied out, its first claim and second event marked as drafts.
fn store_copy() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    factline::commands::curate::init(dir.path(), false, &mut Vec::new()).unwrap();
    let file = dir.path().join("store.json");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    for (list, index) in [("claims", 0), ("events", 1)] {
        doc[list][index].as_object_mut().unwrap().insert("status".into(), json!("draft"));
    }
    std::fs::write(&file, canonical_bytes(&serde_json::to_vec(&doc).unwrap()).unwrap()).unwrap();
    dir
}

fn open(dir: &TempDir) -> (std::sync::Arc<Store>, Curation) {
    Curation::open(Some(dir.path())).unwrap()
}

fn read(dir: &TempDir) -> String {
    std::fs::read_to_string(dir.path().join("store.json")).unwrap()
}

fn check(dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_factline")).arg("check").arg("--data").arg(dir).output().unwrap();
    assert!(out.status.success(), "check failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// Lines of `a` not matched by a line of `b` (as multisets: what a diff removes or adds).
fn unmatched<'a>(a: &[&'a str], b: &[&str]) -> Vec<(usize, &'a str)> {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for line in b {
        *left.entry(line).or_default() += 1;
    }
    a.iter()
        .enumerate()
        .filter(|(_, line)| match left.get_mut(*line) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .map(|(i, line)| (i, *line))
        .collect()
}

/// Checks the saved store is canonical, passes `check`, and that every line it gained or lost
/// lies in a record of `touched` (or is a bracket, or names one of `renamed`).
fn only_records_changed(dir: &TempDir, before: &str, touched: &[&str], renamed: &[&str]) {
    let after = read(dir);
    assert_eq!(canonical_bytes(after.as_bytes()).unwrap(), after.as_bytes(), "saved canonically");
    check(dir.path());
    let (old, new): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let bracket = |line: &str| line.trim().trim_end_matches(',').chars().all(|c| "{}[]".contains(c));
    let names = |line: &str| renamed.iter().any(|id| line.contains(&format!("\"{id}\"")));
    // Lines are matched as multisets, so a changed line may be reported at an equal line of
    // another record: a line reading like one of a touched record's counts as that record's.
    let allowed = |lines: &[&str], i: usize, line: &str| {
        let spans = record_spans(lines, touched);
        spans.iter().any(|s| s.contains(&i) || lines[s.clone()].contains(&line)) || bracket(line) || names(line)
    };
    for (i, line) in unmatched(&old, &new) {
        assert!(allowed(&old, i, line), "removed line {i} outside the touched records: {line}");
    }
    for (i, line) in unmatched(&new, &old) {
        assert!(allowed(&new, i, line), "added line {i} outside the touched records: {line}");
    }
    assert_ne!(before, after);
}

fn existing(id: &str) -> EntityRef {
    EntityRef::Existing(id.to_string())
}

#[test]
fn editing_a_draft_claim_changes_its_fields_and_leaves_it_a_draft() {
    let dir = store_copy();
    let before = read(&dir);
    let (store, mut curation) = open(&dir);
    let claim = &store.claims[0];
    assert_eq!(claim.status, Status::Draft);
    let id = claim.id.clone();
    let fields = ClaimFields {
        speaker: existing("pakistan"),
        verb: "denied".into(),
        text: "Pakistan denied it.".into(),
        date: Some("2024-01-17".into()),
        mentions: vec![existing("iran"), existing("iran"), existing("balochistan")],
        about: vec!["iran-strike-balochistan".into()],
    };
    let saved = curation.edit_claim(&id, &fields).unwrap();
    let claim = saved.claims.iter().find(|c| c.id == id).unwrap();
    assert_eq!(claim.status, Status::Draft, "an edit is not an accept");
    assert_eq!(saved.entities[claim.speaker as usize].id, "pakistan");
    assert_eq!((claim.verb.as_str(), claim.text.as_str()), ("denied", "Pakistan denied it."));
    assert_eq!(claim.date.unwrap().to_string(), "2024-01-17");
    let mentions: Vec<&str> = claim.mentions.iter().map(|&e| saved.entities[e as usize].id.as_str()).collect();
    assert_eq!(mentions, ["iran", "balochistan"], "each entity once");
    let about: Vec<&str> = claim.about.iter().map(|&e| saved.events[e as usize].id.as_str()).collect();
    assert_eq!(about, ["iran-strike-balochistan"]);
    assert_eq!(claim.evidence, store.claims[0].evidence, "the passages are kept");
    only_records_changed(&dir, &before, &[&id], &[]);

    curation.undo().unwrap().unwrap();
    assert_eq!(read(&dir), before, "one undo restores the bytes");
}

#[test]
fn editing_an_event_sets_its_fields_and_refuses_an_invalid_date_without_writing() {
    let dir = store_copy();
    let before = read(&dir);
    let (store, mut curation) = open(&dir);
    let ix = store.event_by_id("iran-strike-balochistan").unwrap() as usize;
    let id = store.events[ix].id.clone();
    let mut fields = EventFields {
        title: "Iran strikes in Balochistan".into(),
        date: "2024-01-16".into(),
        kind: "attack".into(),
        actors: vec![existing("iran")],
        targets: vec![],
        places: vec![existing("balochistan")],
        fatalities: store.events[ix].fatalities,
    };
    fields.date = "2024-02-30".into();
    let error = curation.edit_event(&id, &fields).unwrap_err();
    assert!(matches!(error, EditError::Invalid(_)), "{error}");
    assert!(error.to_string().contains("invalid store"), "{error}");
    fields.date = " ".into();
    assert!(curation.edit_event(&id, &fields).unwrap_err().to_string().contains("date"));
    assert_eq!(read(&dir), before, "nothing written");

    fields.date = "2024-01-16".into();
    let saved = curation.edit_event(&id, &fields).unwrap();
    let event = saved.events.iter().find(|e| e.id == id).unwrap();
    assert_eq!((event.title.as_str(), event.kind.as_str()), ("Iran strikes in Balochistan", "attack"));
    assert!(event.targets.is_empty());
    assert_eq!(event.status, Status::Draft);
    assert_eq!(event.fatalities, store.events[ix].fatalities, "the count given is kept");
    only_records_changed(&dir, &before, &[&id], &[]);

    for fatalities in [Some(7), None] {
        fields.fatalities = fatalities;
        let saved = curation.edit_event(&id, &fields).unwrap();
        assert_eq!(saved.events.iter().find(|e| e.id == id).unwrap().fatalities, fatalities);
    }
    let doc: Value = serde_json::from_str(&read(&dir)).unwrap();
    let record = doc["events"].as_array().unwrap().iter().find(|e| e["id"] == id.as_str()).unwrap();
    assert!(record.get("fatalities").is_none(), "no count given: the key is left out");
}

#[test]
fn a_new_entity_gets_a_unique_slug_of_its_name() {
    let dir = store_copy();
    let before = read(&dir);
    let (_, mut curation) = open(&dir);
    let (saved, id) = curation.create_entity("Zoë  Łukasik", EntityKind::Person).unwrap();
    assert_eq!(id, "zoe-lukasik");
    let entity = &saved.entities[saved.entity_by_id(&id).unwrap() as usize];
    assert_eq!((entity.name.as_str(), entity.kind), ("Zoë  Łukasik", EntityKind::Person));
    only_records_changed(&dir, &before, &[&id], &[]);

    let (_, place) = curation.create_entity("Zoe Lukasik", EntityKind::Place).unwrap();
    assert_eq!(place, "zoe-lukasik-2", "ids never clash");
    let error = curation.create_entity("IRAN", EntityKind::Country).unwrap_err();
    assert!(error.to_string().contains("already"), "{error}");
    assert!(curation.create_entity("  ", EntityKind::Person).is_err());
}

#[test]
fn a_claim_made_from_a_passage_quotes_it_with_context_and_is_reviewed() {
    let dir = store_copy();
    let before = read(&dir);
    let (store, mut curation) = open(&dir);
    let source = &store.sources[0];
    let quote = "Pakistan said the Iranian attack had killed two children.";
    let at = source.text.find(quote).unwrap();
    let start = source.text[..at].chars().count();
    let passage = NewPassage { source: source.id.clone(), start, end: start + quote.chars().count() };
    let fields = ClaimFields {
        speaker: EntityRef::New { name: "Pakistani officials".into(), kind: EntityKind::Organization },
        verb: "said".into(),
        text: "Two children were killed in the Iranian attack.".into(),
        date: None,
        mentions: vec![existing("iran")],
        about: vec![],
    };
    let (saved, id) = curation.create_claim(&passage, &fields).unwrap();
    assert_eq!(id, "two-children-were-killed-in-the-iranian-attack");
    let claim = saved.claims.iter().find(|c| c.id == id).unwrap();
    assert_eq!(claim.status, Status::Reviewed, "a person made it");
    assert_eq!(saved.entities[claim.speaker as usize].id, "pakistani-officials");
    assert_eq!(claim.evidence[0].exact(&saved.sources), quote);
    assert_eq!((claim.evidence[0].start, claim.evidence[0].end), (passage.start, passage.end));
    let doc: Value = serde_json::from_str(&read(&dir)).unwrap();
    let record = doc["claims"].as_array().unwrap().iter().find(|c| c["id"] == id.as_str()).unwrap();
    let written = &record["evidence"][0];
    assert_eq!(written["exact"], quote);
    let prefix = written["prefix"].as_str().unwrap();
    assert!(source.text[..at].ends_with(prefix) && prefix.chars().count() == 32, "{prefix:?}");
    assert!(source.text[at + quote.len()..].starts_with(written["suffix"].as_str().unwrap()));
    only_records_changed(&dir, &before, &[&id, "pakistani-officials"], &[]);

    let (_, again) = curation.create_claim(&passage, &fields).unwrap();
    assert_eq!(again, format!("{id}-2"));
    curation.undo().unwrap().unwrap();
    curation.undo().unwrap().unwrap();
    assert_eq!(read(&dir), before, "one undo per claim, its new speaker included");

    let past = NewPassage { end: source.text.chars().count() + 1, ..passage };
    assert!(curation.create_claim(&past, &fields).unwrap_err().to_string().contains("past the end"));
    let unknown = NewPassage { source: "nowhere".into(), start: 0, end: 3 };
    assert!(curation.create_claim(&unknown, &fields).unwrap_err().to_string().contains("nowhere"));
    assert_eq!(read(&dir), before);
}

#[test]
fn an_event_made_from_a_passage_creates_its_new_entities_once() {
    let dir = store_copy();
    let before = read(&dir);
    let (store, mut curation) = open(&dir);
    let source = &store.sources[1];
    let passage = NewPassage { source: source.id.clone(), start: 10, end: 60 };
    let new_town = EntityRef::New { name: "Panjgur".into(), kind: EntityKind::Place };
    let fields = EventFields {
        title: "Strike near Panjgur".into(),
        date: "2024-01".into(),
        kind: "strike".into(),
        actors: vec![existing("iran")],
        targets: vec![new_town.clone()],
        places: vec![new_town, existing("balochistan")],
        fatalities: None,
    };
    let (saved, id) = curation.create_event(&passage, &fields).unwrap();
    assert_eq!(saved.entities.len(), store.entities.len() + 1, "one entity for two references");
    let event = saved.events.iter().find(|e| e.id == id).unwrap();
    assert_eq!(event.status, Status::Reviewed);
    assert_eq!(event.targets, vec![saved.entity_by_id("panjgur").unwrap()]);
    assert_eq!(event.places[0], event.targets[0]);
    only_records_changed(&dir, &before, &[&id, "panjgur"], &[]);
}

#[test]
fn an_alias_is_added_once_in_any_case() {
    let dir = store_copy();
    let before = read(&dir);
    let (_, mut curation) = open(&dir);
    let saved = curation.add_alias("iran", "Islamic Republic").unwrap();
    let iran = &saved.entities[saved.entity_by_id("iran").unwrap() as usize];
    assert_eq!(iran.aliases.last().map(String::as_str), Some("Islamic Republic"));
    only_records_changed(&dir, &before, &["iran"], &[]);
    for duplicate in ["islamic republic", "IRAN", " Iran "] {
        let error = curation.add_alias("iran", duplicate).unwrap_err();
        assert!(error.to_string().contains("already"), "{duplicate}: {error}");
    }
    assert!(curation.add_alias("nobody", "X").unwrap_err().to_string().contains("nobody"));
}

#[test]
fn merging_rewrites_every_reference_and_keeps_every_spelling() {
    let dir = store_copy();
    let before = read(&dir);
    let (store, mut curation) = open(&dir);
    let from = store.entity_by_id("jaish-al-adl").unwrap();
    let from_entity = store.entities[from as usize].clone();
    let into = store.entity_by_id("balochistan-liberation-front").unwrap();
    let cited = (store.events_of_entity(from).len(), store.claims_of_entity(from).len());
    assert!(cited.0 > 0 && cited.1 > 0, "the fixture cites it in events and claims");
    let (into_events, into_claims) = (store.events_of_entity(into).to_vec(), store.claims_of_entity(into).to_vec());

    let saved = curation.merge_entities("jaish-al-adl", "balochistan-liberation-front").unwrap();
    assert_eq!(saved.entity_by_id("jaish-al-adl"), None);
    let into = saved.entity_by_id("balochistan-liberation-front").unwrap();
    let merged = &saved.entities[into as usize];
    for spelling in from_entity.spellings() {
        assert!(merged.aliases.iter().any(|a| a == spelling), "{spelling} kept");
    }
    let mut lower: Vec<String> = merged.spellings().map(str::to_lowercase).collect();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), merged.spellings().count(), "each spelling once");
    // Everything that named either now names the merged entity.
    let mut expected_events: Vec<u32> = store.events_of_entity(from).iter().chain(&into_events).copied().collect();
    expected_events.sort();
    expected_events.dedup();
    assert_eq!(saved.events_of_entity(into), expected_events.as_slice());
    assert!(saved.claims_of_entity(into).len() >= cited.1.max(into_claims.len()));
    for event in &saved.events {
        for list in [&event.actors, &event.targets, &event.places] {
            let mut unique = list.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), list.len(), "{}: an entity listed twice", event.id);
        }
    }
    let after = read(&dir);
    assert!(!after.contains("\"jaish-al-adl\""), "no reference left");
    only_records_changed(
        &dir,
        &before,
        &["jaish-al-adl", "balochistan-liberation-front"],
        &["jaish-al-adl", "balochistan-liberation-front"],
    );

    assert!(curation.merge_entities("iran", "iran").is_err());
    curation.undo().unwrap().unwrap();
    assert_eq!(read(&dir), before);
}

#[test]
fn a_discrepancy_needs_a_topic_and_two_variants_with_passages() {
    let dir = store_copy();
    let before = read(&dir);
    let (store, mut curation) = open(&dir);
    let event = store.event_by_id("iran-strike-balochistan").unwrap() as usize;
    let passage_of = |event: usize, i: usize| {
        let p = &store.events[event].evidence[i];
        NewPassage { source: store.sources[p.source as usize].id.clone(), start: p.start, end: p.end }
    };
    let about = vec![(Kind::Event, store.events[event].id.clone())];
    let mut new = NewDiscrepancy {
        topic: "How many children were killed".into(),
        about,
        variants: vec![NewVariant { value: "two".into(), evidence: vec![passage_of(event, 5)] }],
    };
    assert!(curation.create_discrepancy(&new).unwrap_err().to_string().contains("two variants"));
    new.variants.push(NewVariant { value: "none".into(), evidence: vec![] });
    assert!(curation.create_discrepancy(&new).unwrap_err().to_string().contains("variant 2"));
    new.variants[1].evidence.push(passage_of(event, 11));
    assert_eq!(read(&dir), before);

    let (saved, id) = curation.create_discrepancy(&new).unwrap();
    assert_eq!(id, "how-many-children-were-killed");
    let d = saved.discrepancies.iter().find(|d| d.id == id).unwrap();
    assert_eq!(d.variants.len(), 2);
    assert_eq!(d.variants[0].evidence[0].exact(&saved.sources), store.events[event].evidence[5].exact(&store.sources));
    let saved_event = saved.event_by_id("iran-strike-balochistan").unwrap();
    assert_eq!(saved.discrepancies_of_event(saved_event).len(), store.discrepancies_of_event(event as u32).len() + 1);
    only_records_changed(&dir, &before, &[&id], &[]);
}

/// A store imported from ACLED has no `claims` or `discrepancies` at all and its articles are
/// inline: the first claim and the first discrepancy made there create those lists, and undo
/// takes them away again.
#[test]
fn the_first_claim_and_discrepancy_of_an_imported_store_create_their_lists() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(["import", "acled", "--out"])
        .arg(dir.path())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acled/export-2024.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let before = read(&dir);
    let (store, mut curation) = open(&dir);
    let source = &store.sources[0];
    let words = source.text.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    let at = source.text.find(&words).unwrap();
    let start = source.text[..at].chars().count();
    let passage = NewPassage { source: source.id.clone(), start, end: start + words.chars().count() };
    let fields = ClaimFields {
        speaker: existing(&store.entities[0].id),
        verb: "said".into(),
        text: "What the notes say.".into(),
        date: Some("2024-01".into()),
        mentions: vec![],
        about: vec![],
    };
    let (saved, id) = curation.create_claim(&passage, &fields).unwrap();
    assert_eq!(saved.claims.len(), 1);
    assert_eq!(saved.claims[0].evidence[0].exact(&saved.sources), words);
    check(dir.path());
    let other = &store.sources[1];
    let variant = |value: &str, s: &factline::store::Source| NewVariant {
        value: value.into(),
        evidence: vec![NewPassage {
            source: s.id.clone(),
            start: 0,
            end: s.text.chars().take_while(|c| !c.is_whitespace()).count(),
        }],
    };
    let new = NewDiscrepancy {
        topic: "When it happened".into(),
        about: vec![(Kind::Claim, id)],
        variants: vec![variant("first", source), variant("second", other)],
    };
    let (saved, _) = curation.create_discrepancy(&new).unwrap();
    assert_eq!(saved.discrepancies.len(), 1);
    check(dir.path());
    curation.undo().unwrap().unwrap();
    curation.undo().unwrap().unwrap();
    let after: Value = serde_json::from_str(&read(&dir)).unwrap();
    let original: Value = serde_json::from_str(&before).unwrap();
    assert_eq!(after, original, "undoing both leaves the imported store's content as it was");
}

/// Marks every object of the store (the top level, each record, variant and passage) with a key
/// the format does not know, holding where it is and a nested object in no particular order.
fn mark(value: &mut Value, place: &str, marks: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (key, child) in fields.iter_mut() {
                mark(child, &format!("{place}.{key}"), marks);
            }
            fields.insert("x-tool".into(), json!({"where": place, "b": [1, {"z": 1, "a": 2}]}));
            marks.push(place.to_string());
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                mark(item, &format!("{place}[{i}]"), marks);
            }
        }
        _ => {}
    }
}

#[test]
fn keys_the_format_does_not_know_survive_every_edit_at_every_level() {
    let dir = store_copy();
    let file = dir.path().join("store.json");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let mut marks = Vec::new();
    mark(&mut doc, "", &mut marks);
    std::fs::write(&file, canonical_bytes(&serde_json::to_vec(&doc).unwrap()).unwrap()).unwrap();
    let marked = read(&dir);
    assert!(
        marked.contains("  \"x-tool\": {\n    \"b\": [\n      1,"),
        "written after the known keys, sorted: {marked}"
    );
    check(dir.path());

    let (store, mut curation) = open(&dir);
    let claim = store.claims[0].id.clone();
    let event = doc["events"][1]["id"].as_str().unwrap().to_string();
    curation.accept(Kind::Claim, &claim).unwrap();
    curation.add_alias("iran", "Islamic Republic").unwrap();
    let fields = ClaimFields {
        speaker: existing("pakistan"),
        verb: "denied".into(),
        text: "Pakistan denied it.".into(),
        date: None,
        mentions: vec![existing("iran")],
        about: vec![],
    };
    curation.edit_claim(&claim, &fields).unwrap();
    curation.accept(Kind::Event, &event).unwrap();
    curation.merge_entities("jaish-al-adl", "balochistan-liberation-front").unwrap();
    let after = read(&dir);
    assert_eq!(canonical_bytes(after.as_bytes()).unwrap(), after.as_bytes(), "saved canonically");
    check(dir.path());
    let merged = doc["entities"].as_array().unwrap().iter().position(|e| e["id"] == "jaish-al-adl").unwrap();
    let gone = format!(".entities[{merged}]");
    for place in marks.iter().filter(|p| !p.starts_with(&gone)) {
        assert!(after.contains(&format!("\"where\": {}", json!(place))), "the key at `{place}` was lost");
    }
    let saved: Value = serde_json::from_str(&after).unwrap();
    assert_eq!(saved["x-tool"]["where"], "", "the top level's own");
    let edited = saved["claims"].as_array().unwrap().iter().find(|c| c["id"] == json!(claim)).unwrap();
    assert_eq!(edited["verb"], "denied");
    assert_eq!(edited["x-tool"], json!({"where": ".claims[0]", "b": [1, {"a": 2, "z": 1}]}));

    for _ in 0..5 {
        curation.undo().unwrap().unwrap();
    }
    assert_eq!(read(&dir), marked, "the undos give back every byte");
}
