//! `factline find` on the bundled store as a fact-checker uses it: the words they remember find the
//! passage and who is on record saying it; words that are not in the articles find nothing.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn find(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("factline").unwrap().arg("find").args(args).assert()
}

fn json(query: &str) -> Value {
    let out = find(&[query, "--json"]).success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn source_text(id: &str) -> String {
    let store: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/store.json")).unwrap(),
    )
    .unwrap();
    let source = store["sources"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap();
    let file = source["file"].as_str().unwrap();
    std::fs::read_to_string(format!("{}/data/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn text_output_names_who_said_it_the_article_and_marks_the_words() {
    find(&["those killed were not Iranians"])
        .success()
        .stdout(predicate::str::starts_with(" 1. \"those killed were not Iranians\"  (exact)"))
        .stdout(predicate::str::contains("Iran acknowledged:"))
        .stdout(predicate::str::contains("[iran-acknowledges-dead-not-iranian]"))
        .stdout(predicate::str::contains("[a004-joint-statement]"))
        .stdout(predicate::str::contains("Iran acknowledging that [those killed were not Iranians]."));
}

#[test]
fn json_output_has_exactly_the_documented_shape_and_text_is_the_articles_own() {
    let report = json("those killed were not Iranians");
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["hits", "query"]);
    assert_eq!(report["query"], "those killed were not Iranians");
    let hit = &report["hits"][0];
    let mut fields: Vec<&String> = hit.as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(fields, ["claims", "drafts", "end", "events", "score", "source", "start", "text"]);
    assert_eq!(hit["source"], "a004-joint-statement");
    assert_eq!(hit["text"], "those killed were not Iranians");
    assert_eq!(hit["score"], 1.0);
    assert_eq!(hit["claims"], serde_json::json!(["iran-acknowledges-dead-not-iranian"]));
    for hit in report["hits"].as_array().unwrap() {
        let article = source_text(hit["source"].as_str().unwrap());
        let (start, end) = (hit["start"].as_u64().unwrap() as usize, hit["end"].as_u64().unwrap() as usize);
        let by_code_points: String = article.chars().skip(start).take(end - start).collect();
        assert_eq!(hit["text"], by_code_points.as_str());
    }
}

#[test]
fn straight_quotes_and_plain_spaces_find_curly_quotes_and_punctuation() {
    let report = json("\"all issues\"");
    assert_eq!(report["hits"][0]["text"], "all issues");
    assert_eq!(report["hits"][0]["claims"], serde_json::json!(["foreign-ministers-agree-on-call"]));
    assert_eq!(report["hits"][0]["events"], serde_json::json!(["foreign-ministers-phone-call"]));
    let report = json("560 mile largely lawless border");
    assert_eq!(report["hits"][0]["text"], "560-mile, largely lawless border");
    assert_eq!(report["hits"][0]["source"], "a001-independent-pakistan");
}

#[test]
fn a_misremembered_phrase_still_finds_the_passage_ranked_below_exact() {
    for (query, found) in [
        ("those killed were not Iranian", "those killed were not Iranians"),
        ("the killed were not Iranians", "those killed were not Iranians"),
        ("Jalil Abas Jilani", "Jalil Abbas Jilani"),
        (
            "Pakistan said it hit bases of the Baloch Liberation Front",
            "Islamabad said it hit bases of the separatist Baloch Liberation Front",
        ),
    ] {
        let report = json(query);
        let hit = &report["hits"][0];
        assert_eq!(hit["text"], found, "{query}");
        assert!(hit["score"].as_f64().unwrap() < 1.0, "{query}");
    }
}

#[test]
fn words_not_in_the_articles_find_nothing_and_exit_0() {
    for query in ["those killed were not Pakistanis", "the ministers signed a nuclear deal", "Zelensky", "qwertyuiop"] {
        find(&[query]).success().stdout("").stderr(predicate::str::contains("no passage in these articles matches"));
        let report = json(query);
        assert_eq!(report["hits"], serde_json::json!([]), "{query}");
    }
}

#[test]
fn limit_caps_the_hits_and_zero_is_a_usage_error() {
    let out = find(&["Pakistan", "--json", "--limit", "3"]).success().get_output().stdout.clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["hits"].as_array().unwrap().len(), 3);
    find(&["Pakistan", "--limit", "0"]).code(2);
}

#[test]
fn an_uncited_passage_says_so() {
    find(&["Copyright 2021 Independent Pakistan"]).success().stdout(predicate::str::contains("not cited by any item"));
}
