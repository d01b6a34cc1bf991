//! Matching a remembered phrase against the articles, word by word, forgiving what memory gets
//! wrong (a misspelt word, a plural, a word missing, added or swapped) but not noise: every
//! difference has a cost and a query whose best passage costs more than its allowance finds
//! nothing.
//!
//! Costs are counted in quarters of a word so they compare exactly and ties are decided only by
//! source order and position.

use std::collections::HashMap;
use std::ops::Range;

use super::fold;
use super::index::{TextIndex, WordId};
use crate::grammar::{self, Upos};
use crate::store::SourceIx;

const PLURAL: u32 = 1;
const TYPO: u32 = 2;
/// A word in the article that the query does not have: cheaper than losing a query word, since
/// what the reader typed is what they remember, and a dropped "not" must still find the passage.
const EXTRA: u32 = 2;
/// A query word the article has no word for: scaled by how telling the word is, so dropping a
/// rare word ("Iranians") costs more than dropping a common one ("were").
const MISSING_MIN: u32 = 3;
const MISSING_MAX: u32 = 8;
/// An article word standing where a query word should be costs what losing the query word costs:
/// the query word is what is missing either way.
const SWAPPED: u32 = 0;
const UNREACHABLE: u32 = u32::MAX / 4;
/// Queries of one or two words made only of words most articles hold are capped to this many hits,
/// so "the" or "officials said" cannot flood the list.
pub const COMMON_QUERY_CAP: usize = 20;
/// The most article text one query reads (the sources most likely to match first): bounds a query
/// of words every article holds on a large store. Deterministic, so the same query always reads
/// the same sources.
pub const SCAN_BUDGET_BYTES: usize = 4 << 20;

/// One matching passage: whole words of one source, best first by `cost`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub source: SourceIx,
    /// Code points, as the store format counts them.
    pub start: usize,
    pub end: usize,
    pub bytes: Range<usize>,
    /// 0 when every query word is in the passage as typed (after folding) and nothing else is.
    pub cost: u32,
    /// 1 for an exact match, lower the more was forgiven; never below the threshold.
    pub score: f64,
    /// The code-point spans of the passage's words that match a query word, for highlighting.
    pub marks: Vec<Range<usize>>,
}

impl Hit {
    pub fn is_exact(&self) -> bool {
        self.cost == 0
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// False when the scan budget stopped the search before every candidate article was read.
    pub complete: bool,
}

struct QueryWord {
    missing: u32,
    /// Index words this query word accepts, with their cost (0 for itself).
    variants: Vec<(WordId, u32)>,
}

/// The allowance: one or two words may only be misspelt or pluralised; longer queries may lose,
/// gain or swap a word, and one more per four words.
fn allowance(words: usize) -> u32 {
    if words <= 2 { TYPO } else { (words as u32).max(4) }
}

fn plural_of(singular: &str, plural: &str) -> bool {
    if singular.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    match plural.strip_prefix(singular) {
        Some("s") | Some("es") => true,
        _ => singular.strip_suffix('y').is_some_and(|stem| plural.strip_prefix(stem) == Some("ies")),
    }
}

/// The word's lemma read as a verb and as a noun ("acknowledging" → "acknowledge"), for words
/// long enough to have inflections worth forgiving.
fn lemmas_of(word: &str) -> Option<[String; 2]> {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some([Upos::Verb, Upos::Noun].map(|upos| grammar::lemma(word, upos).into_owned()))
}

/// Another inflection of the query word: "acknowledged" for "acknowledging". Only words sharing
/// their first four letters are lemmatized, so the vocabulary pass stays a byte compare for most.
fn same_lemma(query: &str, lemmas: Option<&[String; 2]>, candidate: &str) -> bool {
    let Some(lemmas) = lemmas else { return false };
    if candidate.len() < 4 || candidate.as_bytes()[..4] != query.as_bytes()[..4] {
        return false;
    }
    let Some(theirs) = lemmas_of(candidate) else { return false };
    lemmas.iter().zip(&theirs).any(|(mine, theirs)| mine == theirs)
}

fn letters(word: &str) -> u32 {
    word.bytes().filter(u8::is_ascii_lowercase).fold(0, |mask, b| mask | 1 << (b - b'a'))
}

/// How many edits a misspelling of `word` may have: none for short words and numbers, whose
/// neighbours are other words ("war"/"was", "2023"/"2024").
fn typo_budget(word: &str) -> usize {
    if word.len() < 4 || word.bytes().any(|b| b.is_ascii_digit()) {
        0
    } else if word.len() < 8 {
        1
    } else {
        2
    }
}

fn variant_cost(query: &str, budget: usize, mask: u32, candidate: &str) -> Option<u32> {
    if candidate == query {
        return Some(0);
    }
    if plural_of(query, candidate) || plural_of(candidate, query) {
        return Some(PLURAL);
    }
    if budget == 0 || candidate.len().abs_diff(query.len()) > budget || typo_budget(candidate) == 0 {
        return None;
    }
    if (letters(candidate) ^ mask).count_ones() as usize > 2 * budget {
        return None;
    }
    (strsim::osa_distance(query, candidate) <= budget).then_some(TYPO)
}

fn query_words(index: &TextIndex, folded: &[String]) -> Vec<QueryWord> {
    let sources = index.source_count() as f64;
    let rarity: Vec<f64> = folded
        .iter()
        .map(|w| {
            let df = index.word(w).map_or(0, |id| index.sources_of(id).len()) as f64;
            ((sources + 1.0) / (df + 1.0)).ln() + 1.0
        })
        .collect();
    let mean = rarity.iter().sum::<f64>() / rarity.len() as f64;
    let mut words: Vec<QueryWord> = rarity
        .iter()
        .map(|r| QueryWord {
            missing: ((4.0 * r / mean).round() as u32).clamp(MISSING_MIN, MISSING_MAX),
            variants: Vec::new(),
        })
        .collect();
    let budgets: Vec<usize> = folded.iter().map(|w| typo_budget(w)).collect();
    let masks: Vec<u32> = folded.iter().map(|w| letters(w)).collect();
    for (j, query) in folded.iter().enumerate() {
        words[j].variants.extend(index.word(query).map(|id| (id, 0)));
    }
    let lemmas: Vec<Option<[String; 2]>> = folded.iter().map(|w| lemmas_of(w)).collect();
    // One pass over the vocabulary for every query word: only words of a near length are compared,
    // and numbers — often most of a wire archive's vocabulary — only ever match exactly.
    for (id, spelling) in index.words() {
        if spelling.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            continue;
        }
        for (j, query) in folded.iter().enumerate() {
            if spelling == query || spelling.len().abs_diff(query.len()) > budgets[j].max(3) {
                continue;
            }
            if let Some(cost) = variant_cost(query, budgets[j], masks[j], spelling) {
                words[j].variants.push((id, cost));
            } else if same_lemma(query, lemmas[j].as_ref(), spelling) {
                words[j].variants.push((id, PLURAL));
            }
        }
    }
    for word in &mut words {
        word.variants.sort_by_key(|&(id, cost)| (cost, id));
    }
    words
}

/// Finds the passages of `texts` (the index's sources, in order) matching `query`, best first:
/// lower cost, then earlier source, then earlier position. At most `limit` hits.
pub fn find<'t>(index: &TextIndex, text_of: impl Fn(SourceIx) -> &'t str, query: &str, limit: usize) -> Found {
    let folded = fold::folded_words(query);
    if folded.is_empty() || limit == 0 || index.source_count() == 0 {
        return Found { hits: Vec::new(), complete: true };
    }
    let words = query_words(index, &folded);
    let allowed = allowance(words.len());
    let common = |w: &String| index.word(w).is_some_and(|id| 2 * index.sources_of(id).len() > index.source_count());
    let limit = if folded.len() <= 2 && folded.iter().all(common) { limit.min(COMMON_QUERY_CAP) } else { limit };

    // The least each source could cost: every query word it lacks entirely is missing.
    let all_missing: u32 = words.iter().map(|w| w.missing).sum();
    let mut least = vec![all_missing; index.source_count()];
    let mut seen = vec![u32::MAX; index.source_count()];
    for (j, word) in words.iter().enumerate() {
        for &(id, cost) in &word.variants {
            for &source in index.sources_of(id) {
                let s = source as usize;
                if seen[s] != j as u32 {
                    seen[s] = j as u32;
                    least[s] -= word.missing - cost;
                }
            }
        }
    }
    let mut candidates: Vec<(u32, SourceIx)> = least
        .iter()
        .enumerate()
        .filter(|&(_, &cost)| cost <= allowed && cost < all_missing)
        .map(|(s, &cost)| (cost, s as SourceIx))
        .collect();
    candidates.sort_unstable();

    let mut accepts: HashMap<&str, Vec<(usize, u32)>> = HashMap::new();
    for (j, word) in words.iter().enumerate() {
        for &(id, cost) in &word.variants {
            accepts.entry(index.spelling(id)).or_default().push((j, cost));
        }
    }
    let mut scanner = Scanner { words: &words, accepts: &accepts, allowed, tokens: Vec::new(), rows: Vec::new() };
    let mut hits: Vec<Hit> = Vec::new();
    let mut read = 0usize;
    let mut complete = true;
    for &(least_cost, source) in &candidates {
        if hits.len() >= limit {
            let worst = &hits[limit - 1];
            if (least_cost, source) > (worst.cost, worst.source) {
                break;
            }
        }
        let text = text_of(source);
        if read > 0 && read + text.len() > SCAN_BUDGET_BYTES {
            complete = false;
            break;
        }
        read += text.len();
        scanner.scan(source, text, words.len(), &mut hits);
        hits.sort_by_key(|hit| (hit.cost, hit.source, hit.start));
        hits.truncate(limit);
    }
    Found { hits, complete }
}

#[derive(Clone, Copy)]
struct Cell {
    cost: u32,
    /// The first article word of the alignment; `NO_START` while only query words were dropped.
    start: u32,
}

const NO_START: u32 = u32::MAX;

struct Token {
    bytes: Range<usize>,
    chars: Range<usize>,
    accepted: Option<usize>,
}

struct Scanner<'q> {
    words: &'q [QueryWord],
    accepts: &'q HashMap<&'q str, Vec<(usize, u32)>>,
    allowed: u32,
    tokens: Vec<Token>,
    rows: Vec<Cell>,
}

impl Scanner<'_> {
    /// Semi-global alignment of the query against the whole article, word by word: the query must
    /// be used up, the article may start and end anywhere. Every article word where an alignment
    /// within the allowance ends is a candidate; the cheapest non-overlapping ones are kept.
    fn scan(&mut self, source: SourceIx, text: &str, n: usize, hits: &mut Vec<Hit>) {
        let accepts = self.accepts;
        let mut lists: Vec<&[(usize, u32)]> = Vec::new();
        self.tokens.clear();
        fold::words(text, |word| {
            let accepted = accepts.get(word.folded).map(|list| {
                lists.push(list);
                lists.len() - 1
            });
            self.tokens.push(Token { bytes: word.bytes, chars: word.chars, accepted });
        });
        let words = self.words;
        let mut substitute = vec![0u32; n];
        self.rows.clear();
        self.rows.push(Cell { cost: 0, start: NO_START });
        for word in words {
            let cost = (self.rows[self.rows.len() - 1].cost + word.missing).min(UNREACHABLE);
            self.rows.push(Cell { cost, start: NO_START });
        }
        let mut found: Vec<(u32, u32, u32)> = Vec::new();
        let mut current = vec![Cell { cost: 0, start: NO_START }; n + 1];
        for (i, token) in self.tokens.iter().enumerate() {
            let i = i as u32;
            for (j, word) in words.iter().enumerate() {
                substitute[j] = word.missing + SWAPPED;
            }
            if let Some(list) = token.accepted {
                for &(j, cost) in lists[list] {
                    substitute[j] = substitute[j].min(cost);
                }
            }
            let previous = &self.rows;
            current[0] = Cell { cost: 0, start: NO_START };
            for j in 1..=n {
                let diagonal = Cell {
                    cost: previous[j - 1].cost + substitute[j - 1],
                    start: if previous[j - 1].start == NO_START { i } else { previous[j - 1].start },
                };
                let extra = if previous[j].start == NO_START {
                    Cell { cost: UNREACHABLE, start: NO_START }
                } else {
                    Cell { cost: previous[j].cost + EXTRA, start: previous[j].start }
                };
                let dropped = Cell { cost: current[j - 1].cost + words[j - 1].missing, start: current[j - 1].start };
                // Equal costs keep the narrower span: a later start.
                let best = [diagonal, dropped, extra]
                    .into_iter()
                    .min_by_key(|c| (c.cost, std::cmp::Reverse(c.start.wrapping_add(1))))
                    .unwrap_or(diagonal);
                current[j] = Cell { cost: best.cost.min(UNREACHABLE), start: best.start };
            }
            if current[n].cost <= self.allowed && current[n].start != NO_START {
                found.push((current[n].cost, current[n].start, i));
            }
            std::mem::swap(&mut self.rows, &mut current);
        }
        found.sort_unstable();
        let mut taken: Vec<Range<u32>> = Vec::new();
        for (cost, first, last) in found {
            if taken.iter().any(|t| first < t.end && t.start <= last) {
                continue;
            }
            taken.push(first..last + 1);
            let words_in = &self.tokens[first as usize..=last as usize];
            let (first, last) = (&words_in[0], &words_in[words_in.len() - 1]);
            hits.push(Hit {
                source,
                start: first.chars.start,
                end: last.chars.end,
                bytes: first.bytes.start..last.bytes.end,
                cost,
                score: score(cost, n),
                marks: words_in.iter().filter(|t| t.accepted.is_some()).map(|t| t.chars.clone()).collect(),
            });
        }
    }
}

fn score(cost: u32, words: usize) -> f64 {
    let raw = 1.0 - f64::from(cost) / (4.0 * words as f64 + 4.0);
    (raw * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLES: [&str; 4] = [
        "Pakistan said “those killed were not Iranians” and called the strikes a violation.\r\n\
         Islamabad wants to resolve “all issues” along the 560-mile, largely lawless border.",
        "Tehran said the militants who were killed were terrorists. Officials said the talks are going well.",
        "Officials said the ministers met. Officials said the ministers met again.",
        "🔊 Listen — 北京 reported Zoe\u{308}’s «cafe\u{301}» visit.\r\nThose killed were not Iranians.",
    ];

    fn run(query: &str, limit: usize) -> Found {
        let index = TextIndex::from_texts(ARTICLES);
        find(&index, |s| ARTICLES[s as usize], query, limit)
    }

    fn texts(found: &Found) -> Vec<(SourceIx, &'static str, u32)> {
        found.hits.iter().map(|h| (h.source, &ARTICLES[h.source as usize][h.bytes.clone()], h.cost)).collect()
    }

    #[test]
    fn every_hit_text_is_the_articles_code_points_start_to_end() {
        for query in
            ["those killed were not iranians", "zoe's cafe visit", "bei jing reported", "560 mile", "met again"]
        {
            let found = run(query, 50);
            assert!(!found.hits.is_empty(), "{query}");
            for hit in &found.hits {
                let article = ARTICLES[hit.source as usize];
                let by_chars: String = article.chars().skip(hit.start).take(hit.end - hit.start).collect();
                assert_eq!(by_chars, article[hit.bytes.clone()], "{query}");
            }
        }
        let found = run("Zoe’s café visit", 5);
        assert_eq!(texts(&found), [(3, "Zoe\u{308}’s «cafe\u{301}» visit", 0)]);
    }

    #[test]
    fn straight_quotes_find_curly_ones_and_punctuation_between_words_folds() {
        assert_eq!(texts(&run("\"all issues\"", 5)), [(0, "all issues", 0)]);
        assert_eq!(texts(&run("560 mile largely lawless border", 5)), [(0, "560-mile, largely lawless border", 0)]);
    }

    #[test]
    fn exact_hits_rank_above_forgiven_ones_and_ties_go_by_source_then_position() {
        let found = run("those killed were not Iranians", 10);
        assert_eq!(
            texts(&found)[..2],
            [(0, "those killed were not Iranians", 0), (3, "Those killed were not Iranians", 0)]
        );
        assert!(found.hits.iter().skip(2).all(|h| h.cost > 0));
        let found = run("officials said the ministers met", 10);
        let positions: Vec<(SourceIx, usize)> = found.hits.iter().map(|h| (h.source, h.start)).collect();
        assert_eq!(positions, [(2, 0), (2, 34)]);
        assert_eq!(found.hits[0].score, 1.0);
    }

    #[test]
    fn memory_is_forgiven_a_typo_a_plural_a_missing_extra_or_swapped_word() {
        let expected = (0, "those killed were not Iranians", 0);
        for (query, cost) in [
            ("those killed were not Iranains", TYPO),
            ("those killed were not Iranian", PLURAL),
            ("those killed were Iranians", 0),
            ("those who killed were not Iranians", 0),
            ("those killed are not Iranians", 0),
        ] {
            let found = run(query, 10);
            assert!(!found.hits.is_empty(), "{query}");
            let first = &found.hits[0];
            assert_eq!((first.source, &ARTICLES[0][first.bytes.clone()]), (expected.0, expected.1), "{query}");
            assert!(first.cost > 0 && first.score < 1.0, "{query}: forgiven, so ranked below exact");
            if cost > 0 {
                assert_eq!(first.cost, cost, "{query}");
            }
        }
    }

    #[test]
    fn another_inflection_of_a_word_is_forgiven_like_a_plural() {
        let text = "Tehran reported Iran acknowledging that those killed were not Iranians, officials said.";
        let index = TextIndex::from_texts([text]);
        let find = |query: &str| find(&index, |_| text, query, 10);
        let found = find("Iran acknowledged those killed were not Iranian");
        assert!(!found.hits.is_empty(), "the inflected query finds the passage");
        assert_eq!(&text[found.hits[0].bytes.clone()], "Iran acknowledging that those killed were not Iranians");
        for nonsense in ["Iran acknowledged the moon was made of cheese", "acknowledgement", "xylophones were tuned"] {
            assert!(find(nonsense).hits.is_empty(), "{nonsense}");
        }
    }

    #[test]
    fn a_query_that_matches_nothing_well_finds_nothing() {
        for query in [
            "those killed were not Pakistanis",
            "the ministers signed a trade agreement",
            "xylophone",
            "officials denied",
            "",
            "— … “”",
        ] {
            assert_eq!(texts(&run(query, 10)), [], "{query}");
        }
    }

    #[test]
    fn a_rare_word_alone_finds_its_misspelling_but_short_words_do_not() {
        assert_eq!(texts(&run("Islamabd", 5)), [(0, "Islamabad", TYPO)]);
        assert_eq!(texts(&run("Iranains", 5)), [(0, "Iranians", TYPO), (3, "Iranians", TYPO)]);
        assert_eq!(texts(&run("wer", 5)), []);
    }

    #[test]
    fn short_common_queries_are_capped() {
        let many: String = (0..40).map(|i| format!("Officials said item {i}. ")).collect();
        let texts: Vec<String> = (0..3).map(|_| many.clone()).collect();
        let index = TextIndex::from_texts(texts.iter().map(String::as_str));
        let found = find(&index, |s| texts[s as usize].as_str(), "officials said", 500);
        assert_eq!(found.hits.len(), COMMON_QUERY_CAP);
        let order: Vec<(SourceIx, usize)> = found.hits.iter().map(|h| (h.source, h.start)).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "ties in source order, then position");
        let rare = find(&index, |s| texts[s as usize].as_str(), "item 7", 500);
        assert_eq!(rare.hits.len(), 3);
    }

    #[test]
    fn the_same_query_gives_the_same_hits_every_time() {
        let first = run("killed were not", 10);
        for _ in 0..5 {
            assert_eq!(run("killed were not", 10), first);
        }
    }
}
