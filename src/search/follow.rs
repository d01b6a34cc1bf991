//! Keeping a search index up to date with its store after a change. A change touches a few
//! entities (a new one, an alias, two merged) or none (most changes are to claims and events),
//! yet folding every spelling again takes seconds on a large store. The index keeps every
//! entity's spellings as written; a store is compared with them, and only the entities between
//! the first and the last that differ are folded again, the spellings after them renumbered.
//! The result is the index `SearchIndex::new` builds for the store, field for field.

use std::ops::Range;
use std::sync::Arc;

use super::{Folded, SearchIndex, Sound, Sounds, folded_spellings, grouped, next_generation};
use crate::store::{Entity, EntityIx, Store};

/// Every entity's spellings as written, in one string: what the index was built from.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Written {
    text: String,
    /// Where each spelling ends in `text`.
    ends: Vec<usize>,
    /// Each entity's first spelling in `ends`, then one past the last entity's last.
    firsts: Vec<usize>,
}

impl Written {
    pub fn new(entities: &[Entity]) -> Written {
        let mut written = Written { text: String::new(), ends: Vec::new(), firsts: vec![0] };
        for entity in entities {
            for spelling in entity.spellings() {
                written.text.push_str(spelling);
                written.ends.push(written.text.len());
            }
            written.firsts.push(written.ends.len());
        }
        written
    }

    fn entities(&self) -> usize {
        self.firsts.len() - 1
    }

    /// Whether entity `ix` was spelled exactly as `entity` is, name and aliases in order.
    fn spelled_as(&self, ix: usize, entity: &Entity) -> bool {
        let spellings = self.firsts[ix]..self.firsts[ix + 1];
        let mut start = spellings.start.checked_sub(1).map_or(0, |before| self.ends[before]);
        let held = spellings.map(|s| {
            let text = &self.text[start..self.ends[s]];
            start = self.ends[s];
            text
        });
        entity.spellings().eq(held)
    }
}

/// Where a store's entities differ from those an index holds: the first `before` and the last
/// `after` are spelled the same in both; everything between is folded again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Difference {
    before: usize,
    after: usize,
}

fn difference(written: &Written, entities: &[Entity]) -> Option<Difference> {
    let (old, new) = (written.entities(), entities.len());
    let shared = old.min(new);
    let before = (0..shared).take_while(|&i| written.spelled_as(i, &entities[i])).count();
    if before == old && old == new {
        return None;
    }
    let after = (0..shared - before).take_while(|&k| written.spelled_as(old - 1 - k, &entities[new - 1 - k])).count();
    Some(Difference { before, after })
}

impl SearchIndex {
    /// Brings `index` up to date with `store` (the same store after changes): the entities
    /// whose spellings changed are folded again, the rest kept. Nothing is done when no
    /// spelling changed, and the index is copied first only when another holder shares it.
    /// Returns whether it changed.
    pub fn follow(index: &mut Arc<SearchIndex>, store: &Store) -> bool {
        let Some(difference) = difference(&index.written, &store.entities) else { return false };
        Arc::make_mut(index).refold(&store.entities, difference);
        true
    }

    fn refold(&mut self, entities: &[Entity], Difference { before, after }: Difference) {
        let (old_end, new_end) = (self.written.entities() - after, entities.len() - after);
        // The spellings are in entity order, so those of the changed entities are one run.
        let from = self.spellings.partition_point(|f| (f.entity as usize) < before);
        let to = self.spellings.partition_point(|f| (f.entity as usize) < old_end);
        let refolded = folded_spellings(&entities[before..new_end], before);
        let added = refolded.len();
        self.spellings.splice(from..to, refolded);
        if old_end != new_end {
            for folded in &mut self.spellings[from + added..] {
                folded.entity = (folded.entity as usize - old_end + new_end) as EntityIx;
            }
        }
        self.sounds.refold(&self.spellings[from..from + added], from..to);
        self.written = Written::new(entities);
        self.generation = next_generation();
    }
}

impl Sounds {
    /// The spellings at `removed` replaced by `refolded` (numbered from `removed.start`): their
    /// postings dropped, the postings of later spellings renumbered, and the new ones merged in
    /// where a fresh build sorts them.
    fn refold(&mut self, refolded: &[Folded], removed: Range<usize>) {
        let (from, to) = (removed.start as u32, removed.end as u32);
        let added = refolded.len() as u32;
        let mut all = Vec::new();
        for (i, folded) in refolded.iter().enumerate() {
            folded.sounds(from + i as u32, &mut all);
        }
        all.sort_unstable();
        let mut fresh = grouped(all).into_iter().peekable();
        let mut entries: Vec<Sound> = Vec::with_capacity(self.entries.len() + fresh.len());
        for mut entry in std::mem::take(&mut self.entries) {
            entries.extend(std::iter::from_fn(|| fresh.next_if(|new| new.text < entry.text)));
            entry.postings.retain(|&(at, _)| at < from || at >= to);
            for (at, _) in &mut entry.postings {
                if *at >= to {
                    *at = *at - to + from + added;
                }
            }
            // Postings sort by spelling: the new spellings sit between the kept ones.
            if let Some(new) = fresh.next_if(|new| new.text == entry.text) {
                let at = entry.postings.partition_point(|&(at, _)| at < from);
                entry.postings.splice(at..at, new.postings);
            }
            if !entry.postings.is_empty() {
                entries.push(entry);
            }
        }
        entries.extend(fresh);
        *self = Sounds::from_entries(entries);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::store::EntityKind;

    /// Words whose spellings fold, sound or misspell alike, so that postings share entries.
    const WORDS: &[&str] = &[
        "Iran",
        "irann",
        "Tehran",
        "Teheran",
        "Kakar",
        "Kakkar",
        "al",
        "Ali",
        "Zoë",
        "Raisi",
        "Ebrahim",
        "Ibrahim",
        "Pak",
        "Pakistan",
        "--",
        "x",
        "Amir-Abdollahian",
        "Amirabdollahian",
    ];

    fn spelling() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 1..4).prop_map(|words| words.join(" "))
    }

    fn entity() -> impl Strategy<Value = (String, Vec<String>)> {
        (spelling(), prop::collection::vec(spelling(), 0..3))
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Insert(usize, (String, Vec<String>)),
        Remove(usize),
        Rename(usize, String),
        AddAlias(usize, String),
        DropAlias(usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), entity()).prop_map(|(at, e)| Edit::Insert(at, e)),
            any::<usize>().prop_map(Edit::Remove),
            (any::<usize>(), spelling()).prop_map(|(at, s)| Edit::Rename(at, s)),
            (any::<usize>(), spelling()).prop_map(|(at, s)| Edit::AddAlias(at, s)),
            any::<usize>().prop_map(Edit::DropAlias),
        ]
    }

    fn make(serial: usize, (name, aliases): (String, Vec<String>)) -> Entity {
        Entity { id: format!("e{serial}"), name, kind: EntityKind::Person, aliases, note: None }
    }

    fn apply(entities: &mut Vec<Entity>, edit: Edit, serial: usize) {
        let len = entities.len();
        match edit {
            Edit::Insert(at, e) => entities.insert(at % (len + 1), make(serial, e)),
            _ if len == 0 => {}
            Edit::Remove(at) => drop(entities.remove(at % len)),
            Edit::Rename(at, name) => entities[at % len].name = name,
            Edit::AddAlias(at, alias) => entities[at % len].aliases.push(alias),
            Edit::DropAlias(at) => drop(entities[at % len].aliases.pop()),
        }
    }

    fn store_of(entities: &[Entity]) -> Store {
        Store::new(None, Vec::new(), entities.to_vec(), Vec::new(), Vec::new(), Vec::new())
    }

    /// Queries that reach every kind of match: exact, prefix, sound-alike, typo, several words.
    fn queries() -> Vec<String> {
        let mut queries: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
        queries.extend(
            ["ira", "tehrn", "kakr", "ibrahim raisi", "amir abdolahian", "pak ali", "a", "zo"].map(String::from),
        );
        queries
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn a_followed_index_is_the_index_built_afresh(
            start in prop::collection::vec(entity(), 0..12),
            steps in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..8),
        ) {
            let mut entities: Vec<Entity> = start.into_iter().enumerate().map(|(i, e)| make(i, e)).collect();
            let mut index = Arc::new(SearchIndex::new(&store_of(&entities)));
            let mut serial = entities.len();
            for step in steps {
                // One change may touch several entities (a merge edits one and removes another).
                for edit in step {
                    apply(&mut entities, edit, serial);
                    serial += 1;
                }
                let store = store_of(&entities);
                let before = index.generation;
                let changed = SearchIndex::follow(&mut index, &store);
                let fresh = SearchIndex::new(&store);
                prop_assert_eq!(&index.spellings, &fresh.spellings);
                prop_assert_eq!(&index.sounds, &fresh.sounds);
                prop_assert_eq!(&index.written, &fresh.written);
                prop_assert_eq!(changed, index.generation != before);
                for query in queries() {
                    for limit in [3, 50] {
                        prop_assert_eq!(index.search(&query, limit), fresh.search(&query, limit), "{:?}", query);
                    }
                }
            }
        }
    }

    #[test]
    fn a_store_with_the_same_spellings_leaves_the_index_as_it_is() {
        let entities = vec![make(0, ("Iran".into(), vec!["Persia".into()])), make(1, ("Tehran".into(), vec![]))];
        let mut index = Arc::new(SearchIndex::new(&store_of(&entities)));
        let shared = Arc::clone(&index);
        // A note or a kind is not searched: no spelling changed.
        let mut renoted = entities.clone();
        renoted[1].note = Some("capital".into());
        assert!(!SearchIndex::follow(&mut index, &store_of(&renoted)));
        assert!(Arc::ptr_eq(&index, &shared), "nothing copied");
        // An alias moved from one entity to the next is a change to both.
        let mut moved = entities;
        let alias = moved[0].aliases.pop().unwrap();
        moved[1].aliases.push(alias);
        assert!(SearchIndex::follow(&mut index, &store_of(&moved)));
        assert!(!Arc::ptr_eq(&index, &shared), "the shared index stays as it was for its other holder");
        let hit = &index.search("persia", 1)[0];
        assert_eq!((hit.entity, hit.spelling), (1, 1));
        assert_eq!(shared.search("persia", 1)[0].entity, 0);
    }

    #[test]
    fn a_narrowing_from_the_index_before_a_change_starts_afresh() {
        let mut entities = vec![make(0, ("Kakar".into(), vec![]))];
        let mut index = Arc::new(SearchIndex::new(&store_of(&entities)));
        let mut narrowing = super::super::Narrowing::default();
        assert_eq!(index.search_narrowing("ka", 8, &mut narrowing).len(), 1);
        entities.insert(0, make(1, ("Karachi".into(), vec![])));
        SearchIndex::follow(&mut index, &store_of(&entities));
        // "kak" extends "ka", but the set kept for "ka" numbers the spellings as they were.
        assert_eq!(index.search_narrowing("kak", 8, &mut narrowing), index.search("kak", 8));
        assert_eq!(index.search_narrowing("kak", 8, &mut narrowing)[0].entity, 1);
    }

    #[test]
    fn a_score_does_not_depend_on_the_searches_run_before() {
        // The searches an index ran on the store before a change once left their mark on the
        // matcher's reused score matrix: "Kakkar" scored 143 on the followed index, 131 afresh.
        let one = vec![make(0, ("Ali Ebrahim".into(), vec![]))];
        let two = vec![make(1, ("Kakkar".into(), vec![])), one[0].clone()];
        let mut index = Arc::new(SearchIndex::new(&store_of(&one)));
        for query in queries() {
            index.search(&query, 50);
        }
        SearchIndex::follow(&mut index, &store_of(&two));
        let fresh = SearchIndex::new(&store_of(&two));
        for query in queries() {
            assert_eq!(index.search(&query, 50), fresh.search(&query, 50), "{query:?}");
        }
    }
}
