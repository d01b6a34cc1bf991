//! A change checks only the records it writes and updates the loaded store in place
//! (`store::load::update`); the store it gives back must be exactly the store a full load of the
//! saved file makes. Random sequences of edits, undos and redos on a copy of the bundled store,
//! each compared with a fresh load of store.json.

use std::path::Path;

use factline::curation::{ClaimFields, Curation, EntityRef, EventFields, Kind};
use factline::store::journal::Policy;
use factline::store::{EntityKind, LoadOptions, Locator, Store};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    RejectClaim(usize),
    RejectEvent(usize),
    RejectDiscrepancy(usize),
    /// Moves an event on the timeline: its date set to another event's.
    Redate(usize, usize),
    /// A claim's speaker and mentions set to other entities, and what it is about.
    EditClaim(usize, usize, usize, usize),
    Merge(usize, usize),
    Alias(usize, String),
    NewEntity(String),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    let n = 0usize..64;
    prop_oneof![
        1 => (n.clone()).prop_map(Op::RejectClaim),
        1 => (n.clone()).prop_map(Op::RejectEvent),
        1 => (n.clone()).prop_map(Op::RejectDiscrepancy),
        1 => (n.clone(), n.clone()).prop_map(|(a, b)| Op::Redate(a, b)),
        1 => (n.clone(), n.clone(), n.clone(), n.clone()).prop_map(|(a, b, c, d)| Op::EditClaim(a, b, c, d)),
        1 => (n.clone(), n.clone()).prop_map(|(a, b)| Op::Merge(a, b)),
        1 => (n.clone(), "[A-Z][a-z]{2,6}").prop_map(|(a, s)| Op::Alias(a, s)),
        1 => "[A-Z][a-z]{2,6} [A-Z][a-z]{2,6}".prop_map(Op::NewEntity),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

fn pick<T>(items: &[T], i: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[i % items.len()])
}

/// Makes `op` on the store as it is; `None` when it does not apply (an empty list).
fn make(curation: &mut Curation, store: &Store, op: &Op) -> Option<Result<std::sync::Arc<Store>, String>> {
    let error = |e: factline::curation::EditError| e.to_string();
    Some(match op {
        Op::RejectClaim(i) => curation.reject(Kind::Claim, &pick(&store.claims, *i)?.id).map_err(error),
        Op::RejectEvent(i) => curation.reject(Kind::Event, &pick(&store.events, *i)?.id).map_err(error),
        Op::RejectDiscrepancy(i) => curation.reject_discrepancy(&pick(&store.discrepancies, *i)?.id).map_err(error),
        Op::Redate(i, j) => {
            let event = pick(&store.events, *i)?;
            let date = pick(&store.events, *j)?.date.to_string();
            let ids = |list: &[u32]| {
                list.iter().map(|&e| EntityRef::Existing(store.entities[e as usize].id.clone())).collect()
            };
            let fields = EventFields {
                title: event.title.clone(),
                date,
                kind: event.kind.clone(),
                actors: ids(&event.actors),
                targets: ids(&event.targets),
                places: ids(&event.places),
                fatalities: event.fatalities,
            };
            curation.edit_event(&event.id, &fields).map_err(error)
        }
        Op::EditClaim(i, speaker, mention, about) => {
            let claim = pick(&store.claims, *i)?;
            let entity = |k: usize| pick(&store.entities, k).map(|e| EntityRef::Existing(e.id.clone()));
            let fields = ClaimFields {
                speaker: entity(*speaker)?,
                verb: claim.verb.clone(),
                text: claim.text.clone(),
                date: claim.date.map(|d| d.to_string()),
                mentions: entity(*mention).into_iter().collect(),
                about: pick(&store.events, *about).map(|e| e.id.clone()).into_iter().collect(),
            };
            curation.edit_claim(&claim.id, &fields).map_err(error)
        }
        Op::Merge(a, b) => {
            let (from, into) = (pick(&store.entities, *a)?, pick(&store.entities, *b)?);
            curation.merge_entities(&from.id, &into.id).map_err(error)
        }
        Op::Alias(a, alias) => curation.add_alias(&pick(&store.entities, *a)?.id, alias).map_err(error),
        Op::NewEntity(name) => curation.create_entity(name, EntityKind::Person).map(|(s, _)| s).map_err(error),
        Op::Undo => curation.undo()?.map_err(error),
        Op::Redo => curation.redo()?.map_err(error),
    })
}

fn assert_same(updated: &Store, dir: &Path, after: &Op) {
    let loaded = Locator::Path(dir.to_path_buf()).load(LoadOptions::lenient()).expect("the saved store loads");
    assert_eq!(updated.entities, loaded.entities, "entities after {after:?}");
    assert_eq!(updated.events, loaded.events, "events after {after:?}");
    assert_eq!(updated.claims, loaded.claims, "claims after {after:?}");
    assert_eq!(updated.discrepancies, loaded.discrepancies, "discrepancies after {after:?}");
    assert_eq!(updated.sources, loaded.sources, "sources after {after:?}");
    for entity in 0..loaded.entities.len() as u32 {
        assert_eq!(updated.events_of_entity(entity), loaded.events_of_entity(entity), "after {after:?}");
        assert_eq!(updated.claims_of_entity(entity), loaded.claims_of_entity(entity), "after {after:?}");
    }
    for event in 0..loaded.events.len() as u32 {
        assert_eq!(updated.claims_about_event(event), loaded.claims_about_event(event), "after {after:?}");
        assert_eq!(updated.discrepancies_of_event(event), loaded.discrepancies_of_event(event), "after {after:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn a_store_updated_in_place_is_the_store_its_file_loads_as(ops in proptest::collection::vec(op(), 1..12)) {
        let dir = tempfile::tempdir().unwrap();
        factline::commands::curate::init(dir.path(), false, &mut Vec::new()).unwrap();
        let (mut store, mut curation) = Curation::open(Some(dir.path())).unwrap();
        for op in &ops {
            match make(&mut curation, &store, op) {
                Some(Ok(updated)) => {
                    assert_same(&updated, dir.path(), op);
                    store = updated;
                }
                // A refused change (merging an entity into itself, an alias it has) leaves the
                // store as it was.
                Some(Err(_)) | None => assert_same(&store, dir.path(), op),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]
    /// The same with every change saved to the journal (and the journal folded every few
    /// changes): every reader's load replays it, and makes the same store.
    #[test]
    fn a_store_whose_changes_are_journaled_is_the_store_its_file_and_journal_load_as(
        ops in proptest::collection::vec(op(), 1..12),
        fold_entries in 2usize..6,
    ) {
        let dir = tempfile::tempdir().unwrap();
        factline::commands::curate::init(dir.path(), false, &mut Vec::new()).unwrap();
        let store_file = dir.path().join("store.json");
        let journal = factline::store::journal::path_for(&store_file);
        let policy = Policy { from_bytes: 0, fold_bytes: u64::MAX, fold_entries, ..Policy::default() };
        let (mut store, mut curation) = Curation::open_with(Some(dir.path()), policy).unwrap();
        let mut journaled = 0;
        for op in &ops {
            let before = std::fs::read(&store_file).unwrap();
            match make(&mut curation, &store, op) {
                Some(Ok(updated)) => {
                    assert_same(&updated, dir.path(), op);
                    store = updated;
                    journaled += 1;
                    if journaled % fold_entries == 0 {
                        prop_assert!(!journal.exists(), "folded after {fold_entries} changes");
                    } else {
                        prop_assert!(std::fs::read(&store_file).unwrap() == before, "store.json untouched by a journaled change");
                        prop_assert_eq!(curation.journal_entries(), journaled % fold_entries);
                    }
                }
                Some(Err(_)) | None => assert_same(&store, dir.path(), op),
            }
        }
        // Closing folds the journal: store.json alone is then the store.
        drop(curation);
        prop_assert!(!journal.exists());
        let alone = factline::store::load_path(dir.path()).map_err(|e| e.to_string());
        prop_assert!(alone.is_ok(), "{:?}", alone.err());
        assert_same(&store, dir.path(), &Op::Undo);
        let bytes = std::fs::read(&store_file).unwrap();
        prop_assert!(factline::store::canonical::canonical_bytes(&bytes).unwrap() == bytes, "folded in canonical form");
    }
}
