//! The indexes agree with a naive scan — same items, same order — on random generated stores and
//! random queries: entity search (with its closeness pruning, its sound and typo lookups and its
//! reuse of the previous keystroke's candidates) against trying every documented way of matching
//! on every spelling by itself, and the postings against filtering every event and claim.

use std::cmp::Reverse;

use factline::generate::{Spec, generate};
use factline::search::{EntityHit, Narrowing, SearchIndex, fold, sounds_like, typo_budget};
use factline::store::{ClaimIx, EntityIx, EventIx, Store, load_path};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use proptest::prelude::*;
use strsim::osa_distance;

fn random_store(events: usize, entities: usize, sources: usize, seed: u64) -> Store {
    let dir = tempfile::tempdir().unwrap();
    generate(&Spec { events, entities, sources, seed }, dir.path()).unwrap();
    load_path(dir.path()).unwrap()
}

/// One spelling as the reference scan sees it: folded, where each folded character came from,
/// and its words (runs of characters that fold to something) as ranges of the folded text.
struct Spelling {
    folded: String,
    origin: Vec<usize>,
    words: Vec<std::ops::Range<usize>>,
}

fn spelling(text: &str) -> Spelling {
    let (mut folded, mut origin, mut words) = (String::new(), Vec::new(), Vec::<std::ops::Range<usize>>::new());
    let mut in_word = false;
    for (at, c) in text.chars().enumerate() {
        let before = folded.len();
        for f in fold(&c.to_string()).chars() {
            folded.push(f);
            origin.push(at);
        }
        let folds = folded.len() > before;
        match (folds, in_word, words.last_mut()) {
            (true, true, Some(word)) => word.end = folded.len(),
            (true, _, _) => words.push(before..folded.len()),
            (false, ..) => {}
        }
        in_word = folds;
    }
    Spelling { folded, origin, words }
}

/// Closeness classes, weakest first, as documented on the search.
const SCATTERED: u8 = 0;
const TYPO: u8 = 1;
const INFIX: u8 = 2;
const SOUNDS_PREFIX: u8 = 3;
const SOUNDS_EXACT: u8 = 4;
const PREFIX: u8 = 5;
const EXACT: u8 = 6;

/// How a query matches one spelling, at its best: (closeness, typos), or None. Every way the
/// documentation names is tried on the spelling by itself, with no index and no pruning.
fn best_match(s: &Spelling, pattern: &str, query: &str, matcher: &SkimMatcherV2) -> Option<(u8, usize)> {
    let mut ways: Vec<(u8, usize)> = Vec::new();
    // By letters: the query's letters in order, a scattered match of five or more in few pieces.
    if let Some((_, indices)) = matcher.fuzzy_indices(&s.folded, pattern) {
        let class = if s.folded == pattern {
            EXACT
        } else if s.folded.starts_with(pattern) {
            PREFIX
        } else if s.folded.contains(pattern) {
            INFIX
        } else {
            SCATTERED
        };
        let pieces = 1 + indices.windows(2).filter(|pair| pair[1] != pair[0] + 1).count();
        if class != SCATTERED || pattern.len() < 5 || pieces <= pattern.len() / 3 + 1 {
            ways.push((class, 0));
        }
    }
    let sounds = sounds_like(pattern);
    if sounds.len() >= 3 {
        let typed: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .map(fold)
            .filter(|w| !w.is_empty())
            .map(|w| sounds_like(&w))
            .collect();
        let word_sounds: Vec<String> = s.words.iter().map(|w| sounds_like(&s.folded[w.clone()])).collect();
        let whole = sounds_like(&s.folded);
        // The spelling as it sounds, whole.
        if whole == sounds {
            ways.push((SOUNDS_EXACT, 0));
        } else if whole.starts_with(&sounds) {
            ways.push((SOUNDS_PREFIX, 0));
        }
        let several_words = s.words.len() > 1;
        // One word typed: a word of a longer spelling that sounds like it, or starts like it.
        if several_words && typed.len() == 1 && word_sounds.iter().any(|w| w.starts_with(&sounds)) {
            ways.push((TYPO, 0));
        }
        if sounds.len() >= 4 {
            let budget = typo_budget(sounds.len());
            let near = |text: &str| {
                let d = osa_distance(&sounds, text);
                (d > 0 && d <= budget).then_some(d)
            };
            // Within the typo budget of the whole spelling, or (one word typed) of one of its words.
            ways.extend(near(&whole).map(|d| (TYPO, d)));
            if several_words && typed.len() == 1 {
                ways.extend(word_sounds.iter().filter_map(|w| near(w)).map(|d| (TYPO, d)));
            }
            // Several words typed: each near a word of the spelling, in order, the last one
            // possibly still being typed (a prefix of its word).
            if let [first, rest @ ..] = typed.as_slice()
                && !rest.is_empty()
                && several_words
            {
                for (start, word) in word_sounds.iter().enumerate() {
                    let d = osa_distance(first, word);
                    if d > typo_budget(first.len()) {
                        continue;
                    }
                    let mut next = start + 1;
                    let mut typos = d;
                    let all = rest.iter().enumerate().all(|(i, typed)| {
                        let last = i + 1 == rest.len();
                        let found = (next..word_sounds.len()).find_map(|j| {
                            if last && word_sounds[j].starts_with(typed.as_str()) {
                                return Some((j, 0));
                            }
                            let d = osa_distance(typed, &word_sounds[j]);
                            (d <= typo_budget(typed.len())).then_some((j, d))
                        });
                        found
                            .map(|(j, d)| {
                                typos += d;
                                next = j + 1;
                            })
                            .is_some()
                    });
                    if all {
                        ways.push((TYPO, typos));
                    }
                }
            }
        }
    }
    ways.into_iter().max_by_key(|&(class, typos)| (class, Reverse(typos)))
}

/// Every spelling ranked by the documented order — closeness (exact, prefix, sounds exactly
/// like, sounds like the start, infix, within the typo budget, scattered), the fewest typos,
/// typed verbatim, canonical name, matcher score, shorter, earlier — then the best per entity.
/// Where a match by letters highlights is checked too; a sound-alike or typo highlights words,
/// so the hit's highlight is returned as None and only checked to point into the spelling.
fn naive_search(store: &Store, query: &str, limit: usize) -> Vec<(EntityIx, usize, i64, Option<Vec<usize>>)> {
    let pattern = fold(query);
    if pattern.is_empty() {
        return Vec::new();
    }
    let typed = query.trim().to_lowercase();
    let matcher = SkimMatcherV2::default();
    let mut ranked = Vec::new();
    for (entity, record) in store.entities.iter().enumerate() {
        for (at, text) in record.spellings().enumerate() {
            let s = spelling(text);
            if s.folded.is_empty() {
                continue;
            }
            let Some((class, typos)) = best_match(&s, &pattern, query, &matcher) else { continue };
            let indices = matcher.fuzzy_indices(&s.folded, &pattern);
            let score = indices.as_ref().map_or(0, |(score, _)| *score);
            let matched = (class != TYPO && class != SOUNDS_PREFIX && class != SOUNDS_EXACT).then(|| {
                let mut matched: Vec<usize> =
                    indices.as_ref().map(|(_, i)| i.iter().map(|&i| s.origin[i]).collect()).unwrap_or_default();
                matched.dedup();
                matched
            });
            let key = (
                class,
                Reverse(typos),
                text.to_lowercase() == typed,
                at == 0,
                score,
                Reverse(s.folded.len()),
                Reverse((entity, at)),
            );
            ranked.push((key, (entity as EntityIx, at, score, matched)));
        }
    }
    ranked.sort_by_key(|r| Reverse(r.0));
    let mut seen = vec![false; store.entities.len()];
    ranked
        .into_iter()
        .map(|(_, hit)| hit)
        .filter(|hit| !std::mem::replace(&mut seen[hit.0 as usize], true))
        .take(limit)
        .collect()
}

/// The index's hits agree with the reference scan's: same entities, spellings and scores in the
/// same order, the same highlight for a match by letters, and a highlight inside the spelling.
fn agrees(store: &Store, hits: &[EntityHit], expected: &[(EntityIx, usize, i64, Option<Vec<usize>>)]) -> bool {
    hits.len() == expected.len()
        && hits.iter().zip(expected).all(|(hit, (entity, at, score, matched))| {
            let chars = store.entities[*entity as usize].spellings().nth(*at).map_or(0, |t| t.chars().count());
            hit.entity == *entity
                && hit.spelling == *at
                && hit.score == *score
                && matched.as_ref().is_none_or(|m| *m == hit.matched)
                && !hit.matched.is_empty()
                && hit.matched.iter().all(|&c| c < chars)
        })
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
                    let narrowed = index.search_narrowing(&prefix, limit, &mut narrowing);
                    prop_assert!(agrees(&store, &narrowed, &expected), "{:?}: {:?} against {:?}", prefix, narrowed, expected);
                    let fresh = index.search(&prefix, limit);
                    prop_assert!(agrees(&store, &fresh, &expected), "{:?} without narrowing: {:?} against {:?}", prefix, fresh, expected);
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
