//! TEMPORARY adapter with the signatures of the integrator's `crate::search` (briefs/search-api.md),
//! so the browser can be built before that module lands. Deleted when `main` is merged.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::store::{ClaimIx, EntityIx, EventIx, Store};

pub struct SearchIndex {
    spellings: Vec<(EntityIx, usize, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityHit {
    pub entity: EntityIx,
    pub spelling: usize,
    pub score: i64,
    pub matched: Vec<usize>,
}

impl SearchIndex {
    pub fn new(store: &Store) -> SearchIndex {
        let mut spellings = Vec::new();
        for (ix, entity) in store.entities.iter().enumerate() {
            for (s, spelling) in entity.spellings().enumerate() {
                spellings.push((ix as EntityIx, s, spelling.to_string()));
            }
        }
        SearchIndex { spellings }
    }

    pub fn search(&self, query: &str, limit: usize) -> Vec<EntityHit> {
        if query.trim().is_empty() {
            return Vec::new();
        }
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut best: Vec<EntityHit> = Vec::new();
        for (entity, spelling, text) in &self.spellings {
            if let Some((score, matched)) = matcher.fuzzy_indices(text, query) {
                match best.iter_mut().find(|h| h.entity == *entity) {
                    Some(hit) if hit.score >= score => {}
                    Some(hit) => *hit = EntityHit { entity: *entity, spelling: *spelling, score, matched },
                    None => best.push(EntityHit { entity: *entity, spelling: *spelling, score, matched }),
                }
            }
        }
        best.sort_by(|a, b| b.score.cmp(&a.score).then(a.entity.cmp(&b.entity)));
        best.truncate(limit);
        best
    }
}

fn intersect(lists: impl Iterator<Item = Vec<u32>>) -> Vec<u32> {
    let mut acc: Option<Vec<u32>> = None;
    for list in lists {
        acc = Some(match acc {
            None => list,
            Some(prev) => prev.into_iter().filter(|x| list.binary_search(x).is_ok()).collect(),
        });
    }
    acc.unwrap_or_default()
}

pub fn events_involving_all(store: &Store, entities: &[EntityIx]) -> Vec<EventIx> {
    intersect(entities.iter().map(|&e| store.events_of_entity(e).to_vec()))
}

pub fn claims_involving_all(store: &Store, entities: &[EntityIx]) -> Vec<ClaimIx> {
    intersect(entities.iter().map(|&e| store.claims_of_entity(e).to_vec()))
}
