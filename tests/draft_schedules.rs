//! What `factline draft` makes of time that is not plain past: occurrences an article states as
//! scheduled (drafted with the format's `scheduled` mark and their date), what is only wished or
//! possible (never drafted), and weekdays in an article that gives no date of its own. Each
//! construction on sentences written for it, drafted through the whole pipeline (the shipped
//! parse included).

use factline::draft::events::DraftEvent;
use factline::draft::{Article, Draft, draft};

fn article(name: &str, text: &str) -> Article {
    Article { file_name: name.into(), text: text.into() }
}

/// A wire report dated Monday 2 March 2026, its body `body`.
fn wire(body: &str) -> Article {
    article("wire.txt", &format!("Talks and visits\n\nBy Staff\n\nKORVA, March 2 2026 (Wire) – {body}\n"))
}

fn events(drafted: &Draft) -> Vec<(&DraftEvent, String)> {
    drafted.timeline.events.iter().map(|e| (e, e.when.map(|w| w.to_string()).unwrap_or_default())).collect()
}

fn describe(drafted: &Draft) -> String {
    events(drafted)
        .iter()
        .map(|(e, date)| {
            format!("{} ({}, {date}, scheduled: {}, {} reports)", e.title, e.kind, e.scheduled, e.reports.len())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn an_occurrence_fixed_for_a_date_is_drafted_as_scheduled_with_that_date() {
    for (body, kind, date) in [
        ("The foreign minister of Lundia will visit Korva next week.", "diplomatic-visit", "2026-03-09/2026-03-15"),
        ("The summit opens in Geneva on Thursday.", "meeting", "2026-03-05"),
        ("The former mayor of Korva is due to be sentenced on March 9.", "other", "2026-03-09"),
        ("Lundia's premier is set to visit Korva on March 20.", "diplomatic-visit", "2026-03-20"),
        ("Lundia's foreign ministry said the envoy would visit Korva on Friday.", "diplomatic-visit", "2026-03-06"),
    ] {
        let drafted = draft(&[wire(body)], None, |_| {});
        let found = events(&drafted).into_iter().any(|(e, d)| e.scheduled && e.kind == kind && d == date);
        assert!(found, "{body}\n  drafted: {}", describe(&drafted));
    }
}

#[test]
fn what_is_wished_demanded_proposed_possible_or_undated_is_not_scheduled() {
    for body in [
        "The dockers' union demanded that the talks resume in Geneva on Thursday.",
        "The foreign minister of Lundia could visit Korva next week.",
        "Lundia's envoy would visit Korva on Friday if the ceasefire holds.",
        "The opposition proposed to meet the premier of Lundia on Friday.",
        "Lundia's premier plans to visit Korva on March 20.",
        "The foreign minister of Lundia will not visit Korva next week.",
        "Lundia's envoy would visit Korva on Friday.",
        "The foreign minister of Lundia will visit Korva soon.",
    ] {
        let drafted = draft(&[wire(body)], None, |_| {});
        assert!(events(&drafted).iter().all(|(e, _)| !e.scheduled), "{body}\n  drafted: {}", describe(&drafted));
        let visits = events(&drafted).into_iter().filter(|(e, _)| e.kind != "announcement").count();
        assert_eq!(visits, 0, "{body}\n  drafted: {}", describe(&drafted));
    }
}

/// A scheduled event reaches the store with its mark, and `check` reads it back.
#[test]
fn a_scheduled_event_is_written_with_its_mark_and_passes_check() {
    use assert_cmd::Command;
    let folder = tempfile::tempdir().unwrap();
    let text = "Talks and visits\n\nBy Staff\n\nKORVA, March 2 2026 (Wire) – Police arrested two dockers in Korva on Sunday. The foreign minister of Lundia will visit Korva next week.\n";
    std::fs::write(folder.path().join("wire.txt"), text).unwrap();
    let out = folder.path().join("story");
    let drafted = Command::cargo_bin("factline")
        .unwrap()
        .arg("draft")
        .arg(folder.path())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(drafted.status.success(), "{}", String::from_utf8_lossy(&drafted.stderr));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("store.json")).unwrap()).unwrap();
    let events = json["events"].as_array().unwrap();
    let scheduled: Vec<&serde_json::Value> = events.iter().filter(|e| e["scheduled"] == true).collect();
    assert_eq!(scheduled.len(), 1, "{events:#?}");
    assert_eq!(scheduled[0]["date"], "2026-03-09/2026-03-15");
    assert!(events.iter().any(|e| e.get("scheduled").is_none()), "what happened carries no mark: {events:#?}");
    let check = Command::cargo_bin("factline").unwrap().args(["check", "--data"]).arg(&out).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

/// An article with no date of its own: a weekday is the last such day before the first date it
/// gives for what is still to come; with no such date, it dates nothing.
#[test]
fn an_undated_articles_weekday_is_read_before_its_first_deadline() {
    let dated = article(
        "a-dated.txt",
        "Port strike spreads\n\nBy Staff\n\nKORVA, March 2 2026 (Wire) – Dockers in Korva walked out on Sunday.\n",
    );
    let undated = article(
        "b-undated.txt",
        "Port talks\n\nThe ministers of Lundia and Korva spoke by telephone on Friday. The ministry said the ports must reopen by March 6, 2026.\n",
    );
    let drafted = draft(&[dated.clone(), undated], None, |_| {});
    let call = events(&drafted).into_iter().find(|(e, _)| e.kind == "phone-call");
    assert_eq!(call.map(|(_, d)| d), Some("2026-02-27".to_string()), "{}", describe(&drafted));

    let no_deadline =
        article("b-undated.txt", "Port talks\n\nThe ministers of Lundia and Korva spoke by telephone on Friday.\n");
    let drafted = draft(&[dated, no_deadline], None, |_| {});
    assert!(events(&drafted).iter().all(|(e, _)| e.kind != "phone-call"), "{}", describe(&drafted));
}

/// The format's `scheduled` field: `true` is read, a store without it reads as before (every
/// event happened), and any other value is a problem naming its JSON path.
#[test]
fn the_scheduled_field_is_read_and_checked() {
    use assert_cmd::Command;
    let valid = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let old = factline::store::load_path(&valid).unwrap();
    assert!(old.events.iter().all(|e| !e.scheduled), "a store written before the field: nothing scheduled");

    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&valid).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let to = dir.path().join(entry.file_name());
            std::fs::create_dir(&to).unwrap();
            for file in std::fs::read_dir(entry.path()).unwrap() {
                let file = file.unwrap();
                std::fs::copy(file.path(), to.join(file.file_name())).unwrap();
            }
        }
    }
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(valid.join("store.json")).unwrap()).unwrap();
    json["events"][0]["scheduled"] = true.into();
    std::fs::write(dir.path().join("store.json"), json.to_string()).unwrap();
    let store = factline::store::load_path(dir.path()).unwrap();
    assert!(store.events.iter().any(|e| e.scheduled));

    json["events"][0]["scheduled"] = "yes".into();
    std::fs::write(dir.path().join("store.json"), json.to_string()).unwrap();
    let check = Command::cargo_bin("factline").unwrap().args(["check", "--data"]).arg(dir.path()).output().unwrap();
    assert!(!check.status.success());
    let said = format!("{}{}", String::from_utf8_lossy(&check.stdout), String::from_utf8_lossy(&check.stderr));
    assert!(said.contains("events[0].scheduled") && said.contains("`scheduled` must be true or false"), "{said}");
}

/// Occurrences told by the clause around them: what a cause brought about takes the cause's day
/// (`prompted a meeting of …, on Friday`), what happened in an occurrence is part of it (`a phone
/// call …, in which they agreed …`), what a meeting does is the meeting (`The meeting, chaired by
/// …, ratified …`), and a sentence opening with `But` still has its verb.
#[test]
fn occurrences_told_inside_other_clauses() {
    let body = "The clashes prompted an emergency meeting of Korva's security council, the country's top authority on defence, on Friday. The meeting, chaired by Prime Minister Ana Ruiz, approved the deployment of troops. But the situation quickly eased after a phone call between Ruiz and Lundia's premier, Omar Haddad, on Saturday, in which they agreed to reopen the border.";
    let drafted = draft(&[wire(body)], None, |_| {});
    let found: Vec<(&str, String, usize)> =
        events(&drafted).into_iter().map(|(e, d)| (e.kind, d, e.reports.len())).collect();
    assert!(
        found.contains(&("meeting", "2026-02-27".to_string(), 2)),
        "the meeting and what it did: {}",
        describe(&drafted)
    );
    assert!(
        found.contains(&("phone-call", "2026-02-28".to_string(), 1)),
        "the call, the agreement in it: {}",
        describe(&drafted)
    );
    assert!(!found.iter().any(|(k, _, _)| *k == "agreement"), "{}", describe(&drafted));
}

/// How often an occurrence happened is a figure: one outlet's `a phone call` against another's
/// `have spoken twice` (two sides speaking with each other) is a disagreement on the number of
/// times; two outlets telling one call agree.
#[test]
fn how_often_it_happened_is_compared_across_outlets() {
    let first = article(
        "a-wire.txt",
        "Ministers talk\n\nBy Staff\n\nKORVA, March 2 2026 (Wire) – The foreign ministers of Korva and Lundia held a phone call on Friday.\n",
    );
    let twice = article(
        "b-daily.txt",
        "Thaw\n\nPublished: 3 March 2026\n\nBoth foreign ministers have spoken twice since the border clashes.\n",
    );
    let once = article(
        "b-daily.txt",
        "Thaw\n\nPublished: 3 March 2026\n\nThe two foreign ministers held a phone call on Friday, officials said.\n",
    );
    let drafted = draft(&[first.clone(), twice], None, |_| {});
    let topics: Vec<(&str, Vec<&str>)> = drafted
        .timeline
        .discrepancies
        .iter()
        .map(|d| (d.topic.as_str(), d.variants.iter().map(|v| v.value.as_str()).collect()))
        .collect();
    assert!(topics.contains(&("Number of times", vec!["a phone call", "twice"])), "{topics:?}\n{}", describe(&drafted));
    let drafted = draft(&[first, once], None, |_| {});
    assert!(drafted.timeline.discrepancies.is_empty(), "{:?}", drafted.timeline.discrepancies);
}
