//! The text index holds exactly what the simplest index would: for every distinct folded word of
//! the articles, the sources holding it, once each and ascending — on the bundled store and on a
//! generated one large enough to be folded in several runs and merged. This pins the index to
//! what it held before its build was made cheaper (the same words, the same lists), so `find`
//! gives the same hits in the same order.

use std::collections::{BTreeMap, BTreeSet};

use factline::find::{TextIndex, fold};
use factline::generate::{Spec, generate};
use factline::store::{SourceIx, Store, bundled, load_path};

fn reference(store: &Store) -> BTreeMap<String, BTreeSet<SourceIx>> {
    let mut words: BTreeMap<String, BTreeSet<SourceIx>> = BTreeMap::new();
    for (ix, source) in store.sources.iter().enumerate() {
        fold::words(&source.text, |w| {
            words.entry(w.folded.to_string()).or_default().insert(ix as SourceIx);
        });
    }
    words
}

fn assert_same_as_reference(store: &Store) {
    let index = TextIndex::new(store);
    let expected = reference(store);
    assert_eq!(index.source_count(), store.sources.len());
    assert_eq!(index.word_count(), expected.len());
    for ((id, spelling), (word, sources)) in index.words().zip(&expected) {
        assert_eq!(spelling, word);
        assert_eq!(index.word(word), Some(id));
        assert_eq!(index.sources_of(id), sources.iter().copied().collect::<Vec<_>>(), "{word}");
    }
}

#[test]
fn the_bundled_stores_index_lists_every_word_with_its_sources() {
    assert_same_as_reference(&bundled::load().expect("the bundled store loads"));
}

#[test]
fn a_generated_stores_index_folded_in_several_runs_lists_every_word_with_its_sources() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // 600 sources: several runs of at least 64 on any number of cores.
    generate(&Spec { events: 12_000, entities: 1_200, sources: 600, seed: 3 }, dir.path()).expect("generated");
    let store = load_path(dir.path()).expect("a generated store is valid");
    assert!(store.sources.len() >= 600);
    assert_same_as_reference(&store);
}
