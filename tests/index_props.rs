//! The indexes agree with a naive scan — same items, same order — on random generated stores and
//! random queries: entity search (with its closeness pruning and its reuse of the previous
//! keystroke's candidates) against ranking every spelling with the fuzzy matcher, and the
//! postings against filtering every event and claim.

use std::cmp::Reverse;

use factline::generate::{Spec, generate};
use factline::search::{EntityHit, Narrowing, SearchIndex, fold};
use factline::store::{ClaimIx, EntityIx, EventIx, Store, load_path};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use proptest::prelude::*;

fn random_store(events: usize, entities: usize, sources: usize, seed: u64) -> Store {
    let dir = tempfile::tempdir().unwrap();
    generate(&Spec { events, entities, sources, seed }, dir.path()).unwrap();
    load_path(dir.path()).unwrap()
}

/// Every spelling ranked by the documented order — closeness (exact, prefix, infix, scattered),
/// typed verbatim, canonical name, matcher score, shorter, earlier — then the best per entity.
fn naive_search(store: &Store, query: &str, limit: usize) -> Vec<EntityHit> {
    let pattern = fold(query);
    if pattern.is_empty() {
        return Vec::new();
    }
    let typed = query.trim().to_lowercase();
    let matcher = SkimMatcherV2::default();
    let mut ranked = Vec::new();
    for (entity, record) in store.entities.iter().enumerate() {
        for (spelling, text) in record.spellings().enumerate() {
            let mut folded = String::new();
            let mut origin = Vec::new();
            for (at, c) in text.chars().enumerate() {
                for f in fold(&c.to_string()).chars() {
                    folded.push(f);
                    origin.push(at);
                }
            }
            if folded.is_empty() {
                continue;
            }
            let Some((score, indices)) = matcher.fuzzy_indices(&folded, &pattern) else { continue };
            let closeness = if folded == pattern {
                3
            } else if folded.starts_with(&pattern) {
                2
            } else if folded.contains(&pattern) {
                1
            } else {
                0
            };
            let key = (
                closeness,
                text.to_lowercase() == typed,
                spelling == 0,
                score,
                Reverse(folded.len()),
                Reverse((entity, spelling)),
            );
            let mut matched: Vec<usize> = indices.iter().map(|&i| origin[i]).collect();
            matched.dedup();
            ranked.push((key, EntityHit { entity: entity as EntityIx, spelling, score, matched }));
        }
    }
    ranked.sort_by_key(|r| Reverse(r.0));
    let mut seen = vec![false; store.entities.len()];
    ranked
        .into_iter()
        .map(|(_, hit)| hit)
        .filter(|hit| !std::mem::replace(&mut seen[hit.entity as usize], true))
        .take(limit)
        .collect()
}

fn involved(store: &Store, event: EventIx) -> Vec<EntityIx> {
    let e = &store.events[event as usize];
    e.actors.iter().chain(&e.targets).chain(&e.places).copied().collect()
}

fn speaks_or_mentioned(store: &Store, claim: ClaimIx) -> Vec<EntityIx> {
    let c = &store.claims[claim as usize];
    std::iter::once(c.speaker).chain(c.mentions.iter().copied()).collect()
}

fn query_strategy() -> impl Strategy<Value = (usize, usize, String)> {
    // A prefix of some entity's spelling (what users type), or a few random letters and marks.
    (any::<usize>(), 1usize..12, "[a-zA-Zéö -]{1,6}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn search_ranks_exactly_like_a_full_scan_while_a_query_is_typed(
        events in 0usize..120,
        entities in 1usize..60,
        seed in any::<u64>(),
        queries in proptest::collection::vec(query_strategy(), 1..4),
        limit in 1usize..12,
    ) {
        let store = random_store(events, entities, 3, seed);
        let index = SearchIndex::new(&store);
        for (pick, length, noise) in queries {
            let entity = &store.entities[pick % store.entities.len()];
            let spellings: Vec<&str> = entity.spellings().collect();
            let spelling = spellings[pick / store.entities.len() % spellings.len()];
            let word: String = spelling.chars().take(length).collect();
            // One session's narrowing across both queries, as when a user types, clears and types again.
            let mut narrowing = Narrowing::default();
            for query in [word, noise] {
                // Typed one character at a time, so every keystroke may reuse the previous one.
                let chars: Vec<char> = query.chars().collect();
                for typed in 1..=chars.len() {
                    let prefix: String = chars[..typed].iter().collect();
                    let expected = naive_search(&store, &prefix, limit);
                    prop_assert_eq!(index.search_narrowing(&prefix, limit, &mut narrowing), expected.clone(), "{:?}", prefix);
                    prop_assert_eq!(index.search(&prefix, limit), expected, "{:?} without narrowing", prefix);
                }
            }
        }
    }

    #[test]
    fn postings_agree_with_filtering_every_event_and_claim(
        events in 0usize..150,
        entities in 1usize..30,
        seed in any::<u64>(),
        picks in proptest::collection::vec(any::<u32>(), 0..4),
    ) {
        let store = random_store(events, entities, 2, seed);
        let chosen: Vec<EntityIx> = picks.iter().map(|p| p % store.entities.len() as u32).collect();
        for entity in 0..store.entities.len() as EntityIx {
            let naive: Vec<EventIx> =
                (0..store.events.len() as EventIx).filter(|&e| involved(&store, e).contains(&entity)).collect();
            prop_assert_eq!(store.events_of_entity(entity), naive.as_slice());
            let naive: Vec<ClaimIx> =
                (0..store.claims.len() as ClaimIx).filter(|&c| speaks_or_mentioned(&store, c).contains(&entity)).collect();
            prop_assert_eq!(store.claims_of_entity(entity), naive.as_slice());
        }
        let all_events: Vec<EventIx> = (0..store.events.len() as EventIx)
            .filter(|&e| !chosen.is_empty() && chosen.iter().all(|x| involved(&store, e).contains(x)))
            .collect();
        prop_assert_eq!(store.events_involving_all(&chosen), all_events);
        let any_events: Vec<EventIx> = (0..store.events.len() as EventIx)
            .filter(|&e| chosen.iter().any(|x| involved(&store, e).contains(x)))
            .collect();
        prop_assert_eq!(store.events_involving_any(&chosen), any_events);
        let all_claims: Vec<ClaimIx> = (0..store.claims.len() as ClaimIx)
            .filter(|&c| !chosen.is_empty() && chosen.iter().all(|x| speaks_or_mentioned(&store, c).contains(x)))
            .collect();
        prop_assert_eq!(store.claims_involving_all(&chosen), all_claims);
        let any_claims: Vec<ClaimIx> = (0..store.claims.len() as ClaimIx)
            .filter(|&c| chosen.iter().any(|x| speaks_or_mentioned(&store, c).contains(x)))
            .collect();
        prop_assert_eq!(store.claims_involving_any(&chosen), any_claims);
        // The timeline itself: earliest day, exact before vague, then id.
        for pair in store.events.windows(2) {
            let order = pair[0].date.timeline_cmp(&pair[1].date).then(pair[0].id.cmp(&pair[1].id));
            prop_assert!(order.is_lt(), "{} before {}", pair[0].id, pair[1].id);
        }
    }
}
