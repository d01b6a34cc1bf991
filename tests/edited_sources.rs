//! A store whose articles were edited after its passages were cited: a word changed, straight
//! quotes for curly ones, a paragraph deleted, text inserted before the passages. The browser's
//! lenient load gives each passage the status it should have and the text it now stands on —
//! never a wrong place — and `factline check` stays strict and says what it found where.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use factline::store::{self, Anchoring, Passage, Store};
use predicates::prelude::*;

/// What a passage should be after the edit, with the text its span should hold.
#[derive(Debug, Clone, PartialEq)]
enum Expected {
    Exact(String),
    Moved(String),
    Fuzzy(String),
    Orphan,
}

/// One cited passage of the unedited store.
#[derive(Debug, Clone)]
struct Cited {
    source: usize,
    exact: String,
    bytes: Range<usize>,
}

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The bundled store and its articles, copied to a folder of their own.
fn copy_of_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(data().join("store.json"), dir.path().join("store.json")).unwrap();
    fs::create_dir(dir.path().join("sources")).unwrap();
    for entry in fs::read_dir(data().join("sources")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.path().join("sources").join(entry.file_name())).unwrap();
    }
    dir
}

/// Every passage of the store, keyed by where it sits (`claims/<id>/2`).
fn passages(store: &Store) -> BTreeMap<String, &Passage> {
    let mut all = BTreeMap::new();
    for event in &store.events {
        for (i, p) in event.evidence.iter().enumerate() {
            all.insert(format!("events/{}/{i}", event.id), p);
        }
    }
    for claim in &store.claims {
        for (i, p) in claim.evidence.iter().enumerate() {
            all.insert(format!("claims/{}/{i}", claim.id), p);
        }
    }
    for d in &store.discrepancies {
        for (v, variant) in d.variants.iter().enumerate() {
            for (i, p) in variant.evidence.iter().enumerate() {
                all.insert(format!("discrepancies/{}/{v}/{i}", d.id), p);
            }
        }
    }
    all
}

fn original() -> (Store, BTreeMap<String, Cited>) {
    let store = store::load_path(&data()).unwrap();
    let cited = passages(&store)
        .into_iter()
        .map(|(key, p)| {
            let cited =
                Cited { source: p.source as usize, exact: p.exact(&store.sources).to_string(), bytes: p.bytes.clone() };
            (key, cited)
        })
        .collect();
    (store, cited)
}

/// Writes `text` over the article of source `source` in the copy.
fn rewrite(dir: &Path, store: &Store, source: usize, text: &str) {
    let file = store.sources[source].file.as_deref().unwrap();
    fs::write(dir.join(file), text).unwrap();
}

/// Loads the edited copy leniently and compares every passage with what is expected of it.
fn assert_statuses(dir: &Path, expected: &BTreeMap<String, Expected>) -> Store {
    let store = store::Locator::Path(dir.into())
        .load(store::LoadOptions::lenient())
        .unwrap_or_else(|e| panic!("the lenient load failed:\n{e}"));
    let found = passages(&store);
    assert_eq!(found.len(), expected.len());
    for (key, want) in expected {
        let p = found[key];
        let text = p.exact(&store.sources).to_string();
        let got = match &*p.anchoring {
            Anchoring::Exact => Expected::Exact(text),
            Anchoring::Moved { quoted } => {
                assert_eq!(&**quoted, text, "{key}: a moved passage holds the same words");
                Expected::Moved(text)
            }
            Anchoring::Fuzzy { score, .. } => {
                assert!(score.value() > 0.0 && score.value() <= 1.0, "{key}: {score:?}");
                Expected::Fuzzy(text)
            }
            Anchoring::Orphan { .. } => {
                assert!(p.bytes.is_empty() && p.start == p.end, "{key}: an orphan has an empty span");
                Expected::Orphan
            }
        };
        assert_eq!(&got, want, "{key}");
        // Code-point offsets and byte offsets name the same span of the current text.
        let text = &store.sources[p.source as usize].text;
        assert_eq!(text[..p.bytes.start].chars().count(), p.start, "{key}");
        assert_eq!(text[..p.bytes.end].chars().count(), p.end, "{key}");
    }
    store
}

/// Every passage exact, as in the unedited store.
fn unchanged(cited: &BTreeMap<String, Cited>) -> BTreeMap<String, Expected> {
    cited.iter().map(|(k, c)| (k.clone(), Expected::Exact(c.exact.clone()))).collect()
}

/// The source cited by the most passages that satisfy `wanted`.
fn most_cited(cited: &BTreeMap<String, Cited>, wanted: impl Fn(&Cited) -> bool) -> usize {
    let mut counts = BTreeMap::<usize, usize>::new();
    for c in cited.values().filter(|c| wanted(c)) {
        *counts.entry(c.source).or_default() += 1;
    }
    counts.into_iter().max_by_key(|&(source, n)| (n, std::cmp::Reverse(source))).expect("a cited source").0
}

/// (a) One word inside one cited passage changed (same length, so nothing else moves).
fn change_a_word(store: &Store, cited: &BTreeMap<String, Cited>) -> (usize, String, BTreeMap<String, Expected>) {
    let mut expected = unchanged(cited);
    for (key, c) in cited.iter().filter(|(_, c)| c.exact.chars().count() >= 40) {
        let text = &store.sources[c.source].text;
        let span = &text[c.bytes.clone()];
        // A word of the passage that no other passage covers, so only this passage is affected.
        let words = span.split(|ch: char| !ch.is_ascii_alphabetic()).filter(|w| w.len() >= 5);
        for word in words {
            let at = c.bytes.start + (word.as_ptr() as usize - span.as_ptr() as usize);
            let range = at..at + word.len();
            let alone = cited.iter().all(|(k, o)| {
                k == key || o.source != c.source || o.bytes.end <= range.start || o.bytes.start >= range.end
            });
            if !alone {
                continue;
            }
            let changed = "x".repeat(word.len());
            let mut edited = text.clone();
            edited.replace_range(range.clone(), &changed);
            let now = edited[c.bytes.clone()].to_string();
            expected.insert(key.clone(), Expected::Fuzzy(now));
            return (c.source, edited, expected);
        }
    }
    panic!("no passage of 40 characters with a word of its own");
}

/// (b) The article holding the most curly-quoted passages re-saved with straight quotes.
fn straighten_quotes(store: &Store, cited: &BTreeMap<String, Cited>) -> (usize, String, BTreeMap<String, Expected>) {
    let curly = ['‘', '’', '“', '”'];
    let straighten = |s: &str| s.replace(['‘', '’'], "'").replace(['“', '”'], "\"");
    let source = most_cited(cited, |c| c.exact.contains(curly) && c.exact.chars().count() >= 12);
    let mut expected = unchanged(cited);
    for (key, c) in cited.iter().filter(|(_, c)| c.source == source && c.exact.contains(curly)) {
        expected.insert(key.clone(), Expected::Fuzzy(straighten(&c.exact)));
    }
    (source, straighten(&store.sources[source].text), expected)
}

/// (c) A paragraph holding passages deleted: its passages are orphans, the later ones moved.
fn delete_a_paragraph(
    store: &Store,
    cited: &BTreeMap<String, Cited>,
    avoid: &[usize],
) -> (usize, String, BTreeMap<String, Expected>) {
    for source in (0..store.sources.len()).filter(|s| !avoid.contains(s)) {
        let text = &store.sources[source].text;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let paragraph = at..at + line.len();
            at += line.len();
            let rest = format!("{}{}", &text[..paragraph.start], &text[paragraph.end..]);
            let of_source = || cited.iter().filter(|(_, c)| c.source == source);
            let inside: Vec<&String> = of_source()
                .filter(|(_, c)| c.bytes.start >= paragraph.start && c.bytes.end <= paragraph.end)
                .map(|(k, _)| k)
                .collect();
            let straddles = of_source().any(|(_, c)| {
                let overlaps = c.bytes.start < paragraph.end && c.bytes.end > paragraph.start;
                overlaps && !(c.bytes.start >= paragraph.start && c.bytes.end <= paragraph.end)
            });
            // A paragraph whose quotes are long and appear nowhere else: they can only be orphans.
            let lost = inside.iter().all(|k| cited[*k].exact.chars().count() >= 30 && !rest.contains(&cited[*k].exact));
            if inside.is_empty() || straddles || !lost {
                continue;
            }
            let mut expected = unchanged(cited);
            for key in inside {
                expected.insert(key.clone(), Expected::Orphan);
            }
            for (key, c) in of_source().filter(|(_, c)| c.bytes.start >= paragraph.end) {
                expected.insert(key.clone(), Expected::Moved(c.exact.clone()));
            }
            return (source, rest, expected);
        }
    }
    panic!("no paragraph holding only long, unrepeated passages");
}

/// (d) A note inserted at the top of an article: every passage of it moved, word for word.
fn insert_before(
    store: &Store,
    cited: &BTreeMap<String, Cited>,
    avoid: &[usize],
) -> (usize, String, BTreeMap<String, Expected>) {
    let source = (0..store.sources.len()).find(|s| !avoid.contains(s)).expect("an article left");
    let mut expected = unchanged(cited);
    for (key, c) in cited.iter().filter(|(_, c)| c.source == source) {
        expected.insert(key.clone(), Expected::Moved(c.exact.clone()));
    }
    let edited = format!(
        "Correction appended on 2024-01-30: an earlier version misnamed a minister.\n\n{}",
        store.sources[source].text
    );
    (source, edited, expected)
}

fn apply(
    edit: (usize, String, BTreeMap<String, Expected>),
    store: &Store,
) -> (tempfile::TempDir, BTreeMap<String, Expected>) {
    let dir = copy_of_data();
    rewrite(dir.path(), store, edit.0, &edit.1);
    (dir, edit.2)
}

fn count(expected: &BTreeMap<String, Expected>, wanted: fn(&Expected) -> bool) -> usize {
    expected.values().filter(|e| wanted(e)).count()
}

#[test]
fn a_changed_word_makes_its_passage_fuzzy_with_the_text_now_there() {
    let (store, cited) = original();
    let (dir, expected) = apply(change_a_word(&store, &cited), &store);
    let loaded = assert_statuses(dir.path(), &expected);
    assert_eq!(count(&expected, |e| matches!(e, Expected::Fuzzy(_))), 1);
    let counts = loaded.anchoring_counts();
    assert_eq!((counts.moved, counts.fuzzy, counts.orphan), (0, 1, 0));
}

#[test]
fn straight_quotes_for_curly_ones_leave_fuzzy_passages_of_full_score() {
    let (store, cited) = original();
    let (dir, expected) = apply(straighten_quotes(&store, &cited), &store);
    let loaded = assert_statuses(dir.path(), &expected);
    let fuzzy: Vec<&Passage> =
        passages(&loaded).into_values().filter(|p| matches!(*p.anchoring, Anchoring::Fuzzy { .. })).collect();
    assert!(fuzzy.len() >= 2, "the article has several curly-quoted passages");
    for p in fuzzy {
        let Anchoring::Fuzzy { score, .. } = &*p.anchoring else { unreachable!() };
        assert_eq!(score.value(), 1.0, "typographic variants cost nothing");
    }
}

#[test]
fn a_deleted_paragraph_orphans_its_passages_and_moves_the_later_ones() {
    let (store, cited) = original();
    let (dir, expected) = apply(delete_a_paragraph(&store, &cited, &[]), &store);
    let loaded = assert_statuses(dir.path(), &expected);
    assert!(loaded.anchoring_counts().orphan >= 1);
    // An orphan stays where the paragraph was, with an empty span.
    for p in passages(&loaded).into_values().filter(|p| p.anchoring.is_orphan()) {
        assert!(p.bytes.is_empty());
        assert!(p.anchoring.quoted().is_some_and(|q| !loaded.sources[p.source as usize].text.contains(q)));
    }
}

#[test]
fn text_inserted_before_the_passages_moves_them_word_for_word() {
    let (store, cited) = original();
    let (dir, expected) = apply(insert_before(&store, &cited, &[]), &store);
    let loaded = assert_statuses(dir.path(), &expected);
    assert_eq!(loaded.anchoring_counts().moved, count(&expected, |e| matches!(e, Expected::Moved(_))));
    assert!(loaded.anchoring_counts().moved >= 10);
}

/// All four edits at once, each in an article of its own.
fn everything_edited() -> (tempfile::TempDir, BTreeMap<String, Expected>) {
    let (store, cited) = original();
    let dir = copy_of_data();
    let mut expected = unchanged(&cited);
    let mut used = Vec::new();
    let mut take = |edit: (usize, String, BTreeMap<String, Expected>), used: &mut Vec<usize>| {
        assert!(!used.contains(&edit.0), "each edit in its own article");
        rewrite(dir.path(), &store, edit.0, &edit.1);
        let source = edit.0;
        for (key, want) in edit.2 {
            if cited[&key].source == source {
                expected.insert(key, want);
            }
        }
        used.push(source);
    };
    take(straighten_quotes(&store, &cited), &mut used);
    let word = change_a_word(&store, &cited);
    if !used.contains(&word.0) {
        take(word, &mut used);
    }
    take(delete_a_paragraph(&store, &cited, &used), &mut used);
    take(insert_before(&store, &cited, &used), &mut used);
    (dir, expected)
}

#[test]
fn all_edits_at_once_keep_every_passage_where_it_belongs() {
    let (dir, expected) = everything_edited();
    let loaded = assert_statuses(dir.path(), &expected);
    let counts = loaded.anchoring_counts();
    assert!(counts.moved > 0 && counts.fuzzy > 0 && counts.orphan > 0, "{counts:?}");
}

#[test]
fn check_stays_strict_and_says_what_it_found_where() {
    let (dir, _) = everything_edited();
    Command::cargo_bin("factline")
        .unwrap()
        .args(["check", "--data"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("moved: the same words are now at line"))
        .stderr(predicate::str::contains("fuzzy (score 1.00): now reads “"))
        .stderr(predicate::str::contains("orphan: not found in the article; re-select it by hand or reject the item"));
    let strict = store::load_path(dir.path()).unwrap_err();
    assert!(
        strict.problems.iter().all(|p| p.message.contains("moved:")
            || p.message.contains("fuzzy (score")
            || p.message.contains("orphan:")),
        "{strict}"
    );
}

/// The screen of the browser as text, one line per row.
fn screen(browser: &mut factline::tui::Browser) -> String {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    terminal.draw(|frame| browser.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn the_browser_counts_non_exact_passages_and_never_shows_one_as_exact() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use factline::search::SearchIndex;
    use factline::tui::{App, Browser, Theme};
    use std::sync::Arc;

    let (dir, _) = everything_edited();
    let store = Arc::new(store::Locator::Path(dir.path().into()).load(store::LoadOptions::lenient()).unwrap());
    let counts = store.anchoring_counts();
    let search = Arc::new(SearchIndex::new(&store));
    let items = store.events.len();
    let mut browser = Browser::new(App::new(Arc::clone(&store), search), Theme::new(true));
    let summary = format!("passages {} moved, {} fuzzy, {} orphan", counts.moved, counts.fuzzy, counts.orphan);
    assert!(screen(&mut browser).contains(&summary), "the status bar says {summary}");
    // Walk the timeline: every item whose first passage is not exact says so in the pane header.
    let mut labelled = 0;
    for _ in 0..items {
        let shot = screen(&mut browser);
        let current = browser.app.current_passage().map(|p| p.passage.anchoring.clone());
        match current.and_then(|a| a.label()) {
            Some(label) => {
                assert!(shot.contains(&format!("· {label} ")), "{label} missing from\n{shot}");
                labelled += 1;
            }
            None => assert!(!shot.contains(" · moved ") && !shot.contains(" · fuzzy ") && !shot.contains(" · orphan ")),
        }
        browser.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)));
    }
    assert!(labelled > 0, "some timeline item cites an edited article first");
}
