//! Accepting every moved passage of one article at once (`A` in the local browser): a line
//! inserted at the top of an article moves every passage quoting it; one key rewrites them all
//! to where their words are now, and one `u` takes the whole change back.

use std::fs;

use factline::store::{self, Passage, Store};
use factline::tui::view::View;

mod common;
use common::*;

fn passages(store: &Store) -> impl Iterator<Item = &Passage> {
    let events = store.events.iter().flat_map(|e| &e.evidence);
    let claims = store.claims.iter().flat_map(|c| &c.evidence);
    let variants = store.discrepancies.iter().flat_map(|d| d.variants.iter().flat_map(|v| &v.evidence));
    events.chain(claims).chain(variants)
}

/// The source quoted by the most passages, and how many quote it.
fn most_quoted(store: &Store) -> (usize, usize) {
    let mut counts = vec![0usize; store.sources.len()];
    for passage in passages(store) {
        counts[passage.source as usize] += 1;
    }
    counts.iter().copied().enumerate().max_by_key(|&(_, n)| n).unwrap()
}

/// Every passage quoting `source`, in store order: its byte span and the words there.
fn quotes_of(store: &Store, source: usize) -> Vec<(std::ops::Range<usize>, String)> {
    let text = &store.sources[source].text;
    passages(store)
        .filter(|p| p.source as usize == source)
        .map(|p| (p.bytes.clone(), text[p.bytes.clone()].to_string()))
        .collect()
}

#[test]
fn a_moves_every_moved_passage_of_the_article_shown_in_one_step_and_u_restores_it() {
    let dir = store_copy();
    let store = store::load_path(dir.path()).unwrap();
    let (source, quoting) = most_quoted(&store);
    assert!(quoting >= 3, "an article quoted by several passages: {quoting}");
    let article = dir.path().join(store.sources[source].file.as_deref().unwrap());
    let note = "Correction appended on 2024-01-30: an earlier version misnamed a minister.\n\n";
    fs::write(&article, format!("{note}{}", store.sources[source].text)).unwrap();

    let mut browser = editing(Some(dir.path()));
    let counts = browser.app.store().anchoring_counts();
    assert_eq!(counts.moved, quoting, "every passage of the article moved, nothing else: {counts:?}");
    key(&mut browser, '4');
    assert_eq!(browser.app.view(), View::Review);
    let items = browser.app.len();
    assert!(items >= 2, "several items to review: {items}");
    assert_eq!(browser.app.article_shown(), Some(source as u32), "Review opens at the moved passage");

    let before = read(&dir);
    assert!(key(&mut browser, 'A'));
    let notice = browser.app.notice().unwrap().to_string();
    let expected =
        format!("saved: accepted {quoting} moved passages of {items} items in `{}`", store.sources[source].id);
    assert!(notice.starts_with(&expected) && notice.contains("(u undoes)"), "{notice}");
    assert_eq!(browser.app.store().anchoring_counts().total(), 0, "every moved passage is exact now");
    assert!(browser.app.is_empty(), "nothing left to review");
    check(&dir);
    // The strict load checks every quote is verbatim at its offsets; each quotes the same words
    // as before, after the inserted note.
    let saved = store::load_path(dir.path()).unwrap();
    let (old, new) = (quotes_of(&store, source), quotes_of(&saved, source));
    assert_eq!(new.len(), quoting);
    for ((old_bytes, old_exact), (new_bytes, new_exact)) in old.iter().zip(&new) {
        assert_eq!(new_exact, old_exact);
        assert_eq!(new_bytes.start, old_bytes.start + note.len(), "{new_exact:?}");
    }

    assert!(key(&mut browser, 'u'));
    assert_eq!(read(&dir), before, "one u takes the whole change back");
    assert_eq!(browser.app.store().anchoring_counts().moved, quoting);
    assert_eq!(browser.app.len(), items, "the items are back in Review");
    key(&mut browser, 'u');
    assert_eq!(browser.app.notice(), Some("nothing to undo"), "it was one step");
}

#[test]
fn a_with_no_moved_passage_in_the_article_says_so_and_saves_nothing() {
    let dir = store_copy();
    let before = read(&dir);
    let mut browser = editing(Some(dir.path()));
    assert!(key(&mut browser, 'A'));
    let notice = browser.app.notice().unwrap();
    assert!(notice.starts_with("no moved passage quotes `") && notice.ends_with("nothing to accept"), "{notice}");
    assert_eq!(read(&dir), before);
}
