//! Fuzzy search over every spelling of every entity. Articles spell the same person many ways
//! ("Amir-Abdollahian", "Amirabdollahian", "@Amirabdolahian"), so both the query and each spelling
//! are folded — case, diacritics, hyphens, spaces and punctuation removed — before matching.

use std::cmp::Reverse;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::store::{EntityIx, Store};
pub use crate::text::fold;
use crate::text::fold_char;

/// One spelling, folded, with the original character each folded character came from, so a match
/// can be highlighted in the spelling as the article wrote it.
#[derive(Debug, Clone)]
struct Folded {
    entity: EntityIx,
    spelling: usize,
    text: String,
    origin: Vec<u32>,
    /// Lowercased as written: a query typed exactly like one spelling picks that spelling over
    /// another that only folds the same ("Amirabdollahian" over "Amir-Abdollahian").
    lowercase: String,
    is_name: bool,
}

impl Folded {
    fn new(entity: EntityIx, spelling: usize, original: &str) -> Folded {
        let mut text = String::new();
        let mut origin = Vec::new();
        for (at, c) in original.chars().enumerate() {
            fold_char(c, |f| {
                text.push(f);
                origin.push(at as u32);
            });
        }
        Folded { entity, spelling, text, origin, lowercase: original.to_lowercase(), is_name: spelling == 0 }
    }
}

/// How closely a spelling matches, strongest first. A query that *is* a spelling must rank that
/// entity above every entity that merely contains it ("Iran" before "Iran's foreign ministry").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Closeness {
    Scattered,
    Infix,
    Prefix,
    Exact,
}

impl Closeness {
    /// Indexed by `Closeness as usize`.
    const ALL: [Closeness; 4] = [Closeness::Scattered, Closeness::Infix, Closeness::Prefix, Closeness::Exact];
}

/// The ranking of one matching spelling, compared field by field, best greatest: closeness, then
/// the spelling typed verbatim, then a canonical name over an alias that shares its spelling, then
/// the matcher's score, then the shorter spelling, then store order — total, so results are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    closeness: Closeness,
    verbatim: bool,
    is_name: bool,
    score: i64,
    shorter: Reverse<usize>,
    earlier: Reverse<(EntityIx, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityHit {
    pub entity: EntityIx,
    /// Index into [`crate::store::Entity::spellings`]: 0 is the name, `i` is `aliases[i - 1]`.
    pub spelling: usize,
    pub score: i64,
    /// Character indices into that spelling (as written) that the query matched.
    pub matched: Vec<usize>,
}

/// The search structures for one store, built once and shared by every session; never changed
/// after it is built.
pub struct SearchIndex {
    spellings: Vec<Folded>,
    matcher: SkimMatcherV2,
}

/// One session's last folded query and the spellings it could match. Typing one more character
/// can only narrow that set, so the next keystroke filters it instead of every spelling. It
/// follows one person's typing, so it lives in the session, beside the index it was filled from.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    last: Option<(String, Vec<u32>)>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("spellings", &self.spellings.len()).finish()
    }
}

impl SearchIndex {
    pub fn new(store: &Store) -> SearchIndex {
        let spellings = store
            .entities
            .iter()
            .enumerate()
            .flat_map(|(ix, entity)| {
                entity.spellings().enumerate().map(move |(spelling, text)| Folded::new(ix as EntityIx, spelling, text))
            })
            .filter(|folded| !folded.text.is_empty())
            .collect();
        SearchIndex { spellings, matcher: SkimMatcherV2::default() }
    }

    /// Entities whose name or an alias matches, best first, at most one hit per entity (its best
    /// spelling). An empty query, or one with nothing to match after folding, finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<EntityHit> {
        self.search_with(query, limit, None)
    }

    /// [`SearchIndex::search`] for someone typing: reuses the spellings the previous query of
    /// `narrowing` could match when this one extends it. `narrowing` must only ever be used with
    /// this index.
    pub fn search_narrowing(&self, query: &str, limit: usize, narrowing: &mut Narrowing) -> Vec<EntityHit> {
        self.search_with(query, limit, Some(narrowing))
    }

    fn search_with(&self, query: &str, limit: usize, narrowing: Option<&mut Narrowing>) -> Vec<EntityHit> {
        let pattern = fold(query);
        if pattern.is_empty() || limit == 0 {
            return Vec::new();
        }
        let typed = query.trim().to_lowercase();
        // Closeness outranks everything else, so candidates are scored one closeness class at a
        // time, best first, and the scoring stops once a class completes `limit` entities: the
        // matcher runs on a few hundred spellings rather than on every one holding the letters.
        let mut classes: [Vec<u32>; 4] = Default::default();
        for at in self.candidates(&pattern, narrowing) {
            let folded = &self.spellings[at as usize];
            classes[closeness(&folded.text, &pattern) as usize].push(at);
        }
        let mut seen = vec![false; self.spellings.last().map_or(0, |f| f.entity as usize + 1)];
        let mut distinct = 0;
        let mut candidates: Vec<(Rank, &Folded)> = Vec::new();
        for (class, members) in classes.iter().enumerate().rev() {
            if distinct >= limit {
                break;
            }
            for &at in members {
                let folded = &self.spellings[at as usize];
                let Some(score) = self.matcher.fuzzy_match(&folded.text, &pattern) else {
                    continue;
                };
                let rank = Rank {
                    closeness: Closeness::ALL[class],
                    verbatim: folded.lowercase == typed,
                    is_name: folded.is_name,
                    score,
                    shorter: Reverse(folded.text.len()),
                    earlier: Reverse((folded.entity, folded.spelling)),
                };
                candidates.push((rank, folded));
                if !std::mem::replace(&mut seen[folded.entity as usize], true) {
                    distinct += 1;
                }
            }
        }
        candidates.sort_unstable_by_key(|candidate| Reverse(candidate.0));
        seen.fill(false);
        let mut hits = Vec::new();
        for (rank, folded) in candidates {
            if std::mem::replace(&mut seen[folded.entity as usize], true) {
                continue;
            }
            // Where the letters matched is only needed for the hits shown.
            let indices = self.matcher.fuzzy_indices(&folded.text, &pattern).map(|(_, i)| i).unwrap_or_default();
            let mut matched: Vec<usize> = indices.iter().map(|&i| folded.origin[i] as usize).collect();
            matched.dedup();
            hits.push(EntityHit { entity: folded.entity, spelling: folded.spelling, score: rank.score, matched });
            if hits.len() == limit {
                break;
            }
        }
        hits
    }

    /// Every spelling that holds the pattern's letters in order, reusing the last query's set
    /// when this one extends it.
    fn candidates(&self, pattern: &str, narrowing: Option<&mut Narrowing>) -> Vec<u32> {
        let keeps = |&at: &u32| is_subsequence(pattern.as_bytes(), self.spellings[at as usize].text.as_bytes());
        let previous = narrowing.as_ref().and_then(|n| n.last.as_ref());
        let found: Vec<u32> = match previous {
            Some((last, set)) if pattern.starts_with(last.as_str()) => set.iter().copied().filter(keeps).collect(),
            _ => (0..self.spellings.len() as u32).filter(keeps).collect(),
        };
        if let Some(narrowing) = narrowing {
            narrowing.last = Some((pattern.to_string(), found.clone()));
        }
        found
    }
}

fn closeness(text: &str, pattern: &str) -> Closeness {
    if text == pattern {
        Closeness::Exact
    } else if text.starts_with(pattern) {
        Closeness::Prefix
    } else if text.contains(pattern) {
        Closeness::Infix
    } else {
        Closeness::Scattered
    }
}

/// A fuzzy match needs every query character in order; this cheap check skips most spellings
/// before the matcher's dynamic programming runs.
fn is_subsequence(pattern: &[u8], text: &[u8]) -> bool {
    let mut rest = text;
    pattern.iter().all(|&b| match rest.iter().position(|&t| t == b) {
        Some(at) => {
            rest = &rest[at + 1..];
            true
        }
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::bundled;

    #[test]
    fn folding_removes_case_diacritics_hyphens_spaces_and_punctuation() {
        assert_eq!(fold("Amir-Abdollahian"), "amirabdollahian");
        assert_eq!(fold("Sistan Balochistan"), fold("Sistan-Balochistan"));
        assert_eq!(fold("Zoë Łukasik"), "zoelukasik");
        assert_eq!(fold("@Amirabdolahian"), "amirabdolahian");
        assert_eq!(fold("Iran’s"), "irans");
        assert_eq!(fold(" - "), "");
    }

    #[test]
    fn matched_characters_point_into_the_spelling_as_written() {
        let folded = Folded::new(0, 0, "Zoë Łukasik");
        assert_eq!(folded.text, "zoelukasik");
        // `ë` is the third character, the space is skipped, `Ł` is the fifth.
        assert_eq!(folded.origin, vec![0, 1, 2, 4, 5, 6, 7, 8, 9, 10]);
    }

    #[test]
    fn subsequence_check_agrees_with_its_definition() {
        assert!(is_subsequence(b"kkr", b"kakar"));
        assert!(is_subsequence(b"", b"x"));
        assert!(!is_subsequence(b"rk", b"kakar"));
        assert!(!is_subsequence(b"kakarr", b"kakar"));
    }

    #[test]
    fn variant_spellings_find_the_person() {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        for query in ["amirabdollahian", "Amir Abdollahian", "AMIR-ABDOLLAHIAN", "abdolahian"] {
            let top = &index.search(query, 5)[0];
            assert_eq!(store.entities[top.entity as usize].id, "hossein-amir-abdollahian", "{query}");
        }
        let hit = &index.search("sistan balochistan", 1)[0];
        assert_eq!(store.entities[hit.entity as usize].id, "sistan-baluchestan");
        assert_eq!(store.entities[hit.entity as usize].spellings().nth(hit.spelling), Some("Sistan-Balochistan"));
    }

    #[test]
    fn highlights_cover_the_matched_letters_of_the_spelling() {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        let hit = index.search("kakar", 1).remove(0);
        let spelling: Vec<char> =
            store.entities[hit.entity as usize].spellings().nth(hit.spelling).unwrap().chars().collect();
        let lit: String = hit.matched.iter().map(|&i| spelling[i]).collect();
        assert_eq!(lit.to_lowercase(), "kakar");
    }

    #[test]
    fn one_hit_per_entity_and_limits_are_respected() {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        let hits = index.search("a", 1000);
        let mut entities: Vec<_> = hits.iter().map(|h| h.entity).collect();
        entities.sort_unstable();
        entities.dedup();
        assert_eq!(entities.len(), hits.len());
        assert_eq!(index.search("a", 3).len(), 3);
        assert!(index.search("", 10).is_empty());
        assert!(index.search("--", 10).is_empty());
        assert!(index.search("qqqqzzzz", 10).is_empty());
    }

    #[test]
    fn narrowing_finds_what_a_fresh_search_finds_whatever_was_typed_before() {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        let mut narrowing = Narrowing::default();
        // Extending, correcting, restarting, and repeating a query.
        for query in ["k", "ka", "kak", "kakar", "kaka", "i", "ir", "irn", "iran", "iran", "", "pak", "p"] {
            assert_eq!(index.search_narrowing(query, 8, &mut narrowing), index.search(query, 8), "{query:?}");
        }
        let (last, set) = narrowing.last.as_ref().expect("the last query is kept");
        assert_eq!(last, "p");
        assert!(set.iter().all(|&at| index.spellings[at as usize].text.contains('p')));
    }
}
