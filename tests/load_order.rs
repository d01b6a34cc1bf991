//! The loader validates records as it parses them, holding back only records whose references
//! come later in the file. Whatever the order of the top-level fields, a store loads the same and
//! its problems are reported the same, in the order of the format.

use std::path::Path;

use factline::store::{LoadError, Store, load_path};
use serde_json::Value;

const ORDER: [&str; 8] = ["format", "version", "title", "sources", "entities", "events", "claims", "discrepancies"];

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/store.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Writes `store` with its top-level fields in `keys` order beside the fixture's article.
fn load_with_order(store: &Value, keys: &[&str]) -> Result<Store, LoadError> {
    let dir = tempfile::tempdir().unwrap();
    let fields: Vec<String> =
        keys.iter().filter_map(|k| store.get(*k).map(|v| format!("{}: {}", Value::from(*k), v))).collect();
    std::fs::write(dir.path().join("store.json"), format!("{{{}}}", fields.join(",\n"))).unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    let article = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/sources/article.txt");
    std::fs::copy(article, dir.path().join("sources/article.txt")).unwrap();
    load_path(dir.path()).map_err(|mut e| {
        for problem in &mut e.problems {
            problem.file = "store.json".into();
        }
        e
    })
}

fn reversed() -> Vec<&'static str> {
    ORDER.iter().rev().copied().collect()
}

#[test]
fn a_store_listing_its_sections_backwards_loads_the_same() {
    let store = fixture();
    let forward = load_with_order(&store, &ORDER).unwrap();
    let backward = load_with_order(&store, &reversed()).unwrap();
    assert_eq!(forward.events, backward.events);
    assert_eq!(forward.claims, backward.claims);
    assert_eq!(forward.discrepancies, backward.discrepancies);
    assert_eq!(forward.entities, backward.entities);
    assert_eq!(forward.title, backward.title);
}

#[test]
fn problems_come_in_the_format_order_whatever_the_file_order() {
    let mut store = fixture();
    store["events"][0]["actors"][0] = Value::from("ghost");
    store["claims"][0]["about"][0] = Value::from("nowhere");
    store["entities"][0]["kind"] = Value::from("city");
    store["version"] = Value::from(9);
    let forward = load_with_order(&store, &ORDER).unwrap_err();
    let backward = load_with_order(&store, &reversed()).unwrap_err();
    assert_eq!(forward.problems.len(), 4, "{forward}");
    assert_eq!(forward, backward);
    let at: Vec<String> = forward.problems.iter().map(|p| format!("{:?}", p.location)).collect();
    assert!(at[0].contains("version") && at[1].contains("entities[0]") && at[2].contains("events[0]"), "{at:?}");
    assert!(at[3].contains("claims[0]"), "{at:?}");
}

#[test]
fn a_section_given_twice_is_reported() {
    let store = fixture();
    let mut keys = ORDER.to_vec();
    keys.push("events");
    let error = load_with_order(&store, &keys).unwrap_err();
    assert_eq!(error.problems.len(), 1, "{error}");
    assert!(error.to_string().contains("`events` appears twice at the top level"), "{error}");
}
